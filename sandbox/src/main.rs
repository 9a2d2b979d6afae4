//! The local Amazon Pay sandbox (work in progress: see the README's roadmap).

fn main() {
    eprintln!("amazon-pay-sandbox: not implemented yet");
    std::process::exit(2);
}
