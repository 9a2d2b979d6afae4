//! `cargo xtask dev`: the local stack — the sandbox, the edge signer under `wrangler dev` and a
//! static server for the demo shop and the widget — with a ready-made demo key pair and
//! configuration. The widget is rebuilt when its sources are newer than its build. The signer's
//! scheduled handler (Cron Triggers) runs every [`SCHEDULED_EVERY`] through wrangler's
//! `--test-scheduled` endpoint, as the deployed cron would run it.
//! Ctrl-C (or SIGTERM) stops everything.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::process::run;
use crate::toolchain::Toolchain;
use crate::widget_build;

/// The key id the demo key pair is registered under (also in edge-signer/wrangler.toml).
const DEMO_KEY_ID: &str = "SANDBOX-AEDGEKEY";
/// Bearer token of the signer's merchant routes in the local stack.
const DEMO_MERCHANT_TOKEN: &str = "demo-merchant-token-for-the-local-stack-only-0001";
/// Cart-token secret of the local stack.
const DEMO_CART_SECRET: &str = "demo-cart-token-secret-for-the-local-stack-only-01";

/// How often the local stack runs the signer's scheduled handler.
const SCHEDULED_EVERY: Duration = Duration::from_secs(60);
/// The path that runs it under `wrangler dev --test-scheduled` (the cron pattern, URL-encoded).
const SCHEDULED_PATH: &str = "/__scheduled?cron=*+*+*+*+*";

/// Where `widget/build.sh` puts the script-tag bundle the shop loads from `/widget/`.
const WIDGET_SCRIPT_DIR: &str = "target/widget/script";
/// Ports of the three servers.
#[derive(Debug, Clone, Copy)]
struct Ports {
    sandbox: u16,
    signer: u16,
    shop: u16,
}

fn parse_ports(args: &[String]) -> Result<Ports, String> {
    let mut ports = Ports {
        sandbox: 8790,
        signer: 8787,
        shop: 8080,
    };
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let value = it.next().ok_or_else(|| format!("{flag} needs a port number"))?;
        let port: u16 = value
            .parse()
            .map_err(|_| format!("{flag}: {value:?} is not a port"))?;
        match flag.as_str() {
            "--sandbox-port" => ports.sandbox = port,
            "--signer-port" => ports.signer = port,
            "--shop-port" => ports.shop = port,
            other => {
                return Err(format!(
                    "unknown option {other} (use --sandbox-port, --signer-port, --shop-port)"
                ))
            }
        }
    }
    Ok(ports)
}

/// Starts the stack and runs until Ctrl-C or SIGTERM, or until a server stops by itself.
pub fn run_dev(root: &Path, args: &[String]) -> Result<(), String> {
    let ports = parse_ports(args)?;
    let tc = Toolchain::new(root);
    for port in [ports.sandbox, ports.signer, ports.shop] {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Err(format!("port {port} is already in use (choose others with --sandbox-port, --signer-port, --shop-port)"));
        }
    }
    run(
        &tc,
        root,
        "cargo",
        &["build", "--release", "-p", "amazon-pay-sandbox"],
    )?;
    if widget_build::is_stale(root) {
        run(&tc, root, "bash", &["widget/build.sh"])?;
    } else {
        println!("widget: target/widget/script is up to date");
    }

    let dev_dir = root.join("target/dev");
    std::fs::create_dir_all(&dev_dir).map_err(|e| format!("cannot create {}: {e}", dev_dir.display()))?;
    let env_file = dev_dir.join("signer.env");
    let private = std::fs::read_to_string(root.join("xtask/dev/demo-private.pem"))
        .map_err(|e| format!("demo key: {e}"))?;
    let env = format!(
        "AMAZON_PAY_PRIVATE_KEY=\"{}\"\nMERCHANT_API_TOKEN=\"{DEMO_MERCHANT_TOKEN}\"\nCART_TOKEN_SECRET=\"{DEMO_CART_SECRET}\"\n",
        private.trim_end().replace('\n', "\\n")
    );
    std::fs::write(&env_file, env).map_err(|e| format!("cannot write {}: {e}", env_file.display()))?;

    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst))
        .map_err(|e| format!("signal handler: {e}"))?;

    let sandbox_base = format!("http://127.0.0.1:{}", ports.sandbox);
    let shop_base = format!("http://127.0.0.1:{}", ports.shop);
    let mut children: Vec<(&str, Child)> = Vec::new();
    let result = (|| {
        let sandbox = tc
            .command(
                &tc.cargo_target_dir()
                    .join("release/amazon-pay-sandbox")
                    .to_string_lossy(),
            )
            .args(["--listen", &format!("127.0.0.1:{}", ports.sandbox)])
            .arg("--public-key")
            .arg(format!(
                "{DEMO_KEY_ID}={}",
                root.join("xtask/dev/demo-public.pem").display()
            ))
            .arg("--state-file")
            .arg(dev_dir.join("sandbox-state.json"))
            .args(["--public-base-url", &sandbox_base])
            // Amazon's instant notifications go to the signer's webhook, which settles the
            // ledger's pending statuses.
            .args([
                "--notification-url",
                &format!("http://127.0.0.1:{}/v1/webhooks/amazon-pay", ports.signer),
            ])
            .stdout(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start the sandbox: {e}"))?;
        children.push(("sandbox", sandbox));
        wait_http(
            &format!("127.0.0.1:{}", ports.sandbox),
            "/_sandbox/clock",
            &stop,
            30,
        )?;

        let vars = [
            ("AMAZON_PAY_API_BASE", sandbox_base.clone()),
            ("CHECKOUT_JS_URL", format!("{sandbox_base}/checkout.js")),
            ("CHECKOUT_REVIEW_RETURN_URL", format!("{shop_base}/review.html")),
            ("CHECKOUT_RESULT_RETURN_URL", format!("{shop_base}/result.html")),
            ("CHECKOUT_CANCEL_URL", format!("{shop_base}/cart.html")),
            ("SIGNIN_RETURN_URL", format!("{shop_base}/signin.html")),
            ("WEBHOOK_CERT_ORIGINS", sandbox_base.clone()),
            // The member page's "change the payment method" link: the sandbox's stand-in for
            // Amazon's page.
            ("SUBSCRIPTION_PAYMENT_METHOD_ORIGIN", sandbox_base.clone()),
            (
                "ALLOWED_ORIGINS",
                format!("{shop_base},http://localhost:{}", ports.shop),
            ),
        ];
        // The signer's ledger: its local D1 database gets edge-signer/migrations first.
        let migrated = tc
            .command(&tc.node_bin.join("wrangler").to_string_lossy())
            .current_dir(root.join("edge-signer"))
            .args(["d1", "migrations", "apply", "amazon-pay-ledger", "--local"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .status()
            .map_err(|e| format!("cannot run wrangler d1 migrations apply: {e}"))?;
        if !migrated.success() {
            return Err("wrangler d1 migrations apply amazon-pay-ledger --local failed".to_owned());
        }
        let mut signer = tc.command(&tc.node_bin.join("wrangler").to_string_lossy());
        signer
            .current_dir(root.join("edge-signer"))
            .args(["dev", "--ip", "127.0.0.1", "--port", &ports.signer.to_string()])
            .args(["--show-interactive-dev-session=false", "--log-level", "warn"])
            // `/__scheduled?cron=…` runs the scheduled handler (triggered below).
            .arg("--test-scheduled")
            .arg("--env-file")
            .arg(&env_file);
        for (k, v) in &vars {
            signer.arg("--var").arg(format!("{k}:{v}"));
        }
        let signer = signer
            .spawn()
            .map_err(|e| format!("cannot start wrangler dev: {e}"))?;
        children.push(("signer", signer));

        let listener = TcpListener::bind(("127.0.0.1", ports.shop)).map_err(|e| format!("shop port: {e}"))?;
        crate::static_files::serve_mounted(
            listener,
            root.join("www"),
            vec![("/widget/".to_owned(), root.join(WIDGET_SCRIPT_DIR))],
            &format!("http://127.0.0.1:{}", ports.signer),
        );

        println!("building and starting the edge signer (wrangler dev)…");
        wait_http(&format!("127.0.0.1:{}", ports.signer), "/healthz", &stop, 240)?;
        print_banner(ports);
        run_scheduled(format!("127.0.0.1:{}", ports.signer), Arc::clone(&stop));
        loop {
            if stop.load(Ordering::SeqCst) {
                return Ok(());
            }
            for (name, child) in children.iter_mut() {
                if let Ok(Some(status)) = child.try_wait() {
                    return Err(format!("the {name} stopped ({status})"));
                }
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    })();
    for (name, child) in children.iter_mut().rev() {
        terminate(name, child);
    }
    result
}

/// SIGTERM by pid, then wait (wrangler takes its workerd children with it).
fn terminate(name: &str, child: &mut Child) {
    if let Ok(Some(_)) = child.try_wait() {
        return;
    }
    let _ = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            println!("stopped the {name}");
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// Runs the signer's scheduled handler every [`SCHEDULED_EVERY`] on a thread of its own until a
/// stop is asked (a failure is said once; later runs keep trying).
fn run_scheduled(addr: String, stop: Arc<AtomicBool>) {
    std::thread::spawn(move || {
        let mut reported = false;
        loop {
            let next = Instant::now() + SCHEDULED_EVERY;
            while Instant::now() < next {
                if stop.load(Ordering::SeqCst) {
                    return;
                }
                std::thread::sleep(Duration::from_millis(200));
            }
            // A run charges and delivers in bounded batches: give it a minute.
            if let Err(e) = http_status_ok(&addr, SCHEDULED_PATH, Duration::from_secs(60)) {
                if !reported {
                    println!("scheduled run: {e} (said once; the next runs keep trying)");
                    reported = true;
                }
            }
        }
    });
}

/// One `GET path`, its answer awaited at most `read_timeout`; `Ok` for a 200 status line.
fn http_status_ok(addr: &str, path: &str, read_timeout: Duration) -> Result<(), String> {
    let socket: SocketAddr = addr.parse().map_err(|e| format!("{addr}: {e}"))?;
    let mut stream = TcpStream::connect_timeout(&socket, Duration::from_millis(500))
        .map_err(|e| format!("{addr}{path}: {e}"))?;
    let _ = stream.set_read_timeout(Some(read_timeout));
    let request = format!("GET {path} HTTP/1.1\r\nhost: {addr}\r\nconnection: close\r\n\r\n");
    let mut answer = [0u8; 16];
    stream
        .write_all(request.as_bytes())
        .map_err(|e| format!("{addr}{path}: {e}"))?;
    let n = stream
        .read(&mut answer)
        .map_err(|e| format!("{addr}{path}: {e}"))?;
    if answer[..n].starts_with(b"HTTP/1.1 200") {
        Ok(())
    } else {
        Err(format!(
            "{addr}{path} answered {}",
            String::from_utf8_lossy(&answer[..n]).trim()
        ))
    }
}

/// Polls `GET path` until it answers with a status line, the timeout passes or a stop is asked.
fn wait_http(addr: &str, path: &str, stop: &AtomicBool, timeout_secs: u64) -> Result<(), String> {
    let deadline = Instant::now() + Duration::from_secs(timeout_secs);
    while Instant::now() < deadline {
        if stop.load(Ordering::SeqCst) {
            return Err("stopped".into());
        }
        if http_status_ok(addr, path, Duration::from_secs(5)).is_ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    Err(format!("{addr}{path} did not answer within {timeout_secs} s"))
}

fn print_banner(ports: Ports) {
    println!();
    println!("  shop     http://127.0.0.1:{}/", ports.shop);
    println!(
        "  widget   http://127.0.0.1:{}/widget/amazon-pay-widget.js",
        ports.shop
    );
    println!("  signer   http://127.0.0.1:{}/v1/config", ports.signer);
    println!(
        "  console  http://127.0.0.1:{}/console/ (sign in with the merchant token below)",
        ports.signer
    );
    println!("  sandbox  http://127.0.0.1:{}/_sandbox/buyers", ports.sandbox);
    println!();
    println!("  test buyers (sign in on the sandbox's hosted page):");
    println!(
        "    山田 花子  jp-visa approves · jp-jcb-pending pending then approved · jp-mc-capture-pending"
    );
    println!("    Jane Doe   us-visa approves · us-amex-soft soft decline · us-discover-hard hard decline");
    println!("    Erika Mustermann  eu-mc approves · eu-visa-pending-decline · refund/capture declines");
    println!(
        "    every wallet also holds Amazon's simulated cards: …1111 approves · …3064 buyer cancels · \
         …3434 declined · …0701 pending, then authorized · …4354 pending, then hard declined"
    );
    println!("  merchant routes: Authorization: Bearer {DEMO_MERCHANT_TOKEN}");
    println!(
        "  scheduled handler: run every {} s (now: curl \"http://127.0.0.1:{}{SCHEDULED_PATH}\"); \
         a month later: curl -X POST http://127.0.0.1:{}/_sandbox/clock -H 'content-type: application/json' -d '{{\"advanceSeconds\":2678400}}'",
        SCHEDULED_EVERY.as_secs(),
        ports.signer,
        ports.sandbox
    );
    println!();
    println!("  Ctrl-C stops everything.");
}
