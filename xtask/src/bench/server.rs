//! The processes the benchmarks talk to — the edge signer's bench build in raw `workerd` and
//! the sandbox — stopped with SIGTERM by their own pid, plus a tiny HTTP/1.1 client for
//! 127.0.0.1.

use std::fmt::Write as _;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::BuildProfile;
use crate::toolchain::Toolchain;

/// A free TCP port on 127.0.0.1.
pub fn free_port() -> Result<u16, String> {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| format!("no free port: {e}"))
}

/// The CPU the measured processes are pinned to (`taskset -c`), when the machine has two or
/// more and `taskset` exists; load generators go to CPU 0.
pub fn pin_cpus() -> Option<(usize, usize)> {
    let cpus = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    (cpus >= 2 && Path::new("/usr/bin/taskset").exists()).then_some((1, 0))
}

/// `program` under `taskset -c cpu` when pinning is possible.
pub fn pinned(tc: &Toolchain, cpu: Option<usize>, program: &str) -> Command {
    match cpu {
        Some(cpu) if pin_cpus().is_some() => {
            let mut cmd = tc.command("/usr/bin/taskset");
            cmd.args(["-c", &cpu.to_string(), program]);
            cmd
        }
        _ => tc.command(program),
    }
}

/// SIGTERM by pid, then wait up to 5 s (then SIGKILL).
pub fn terminate(child: &mut Child) {
    if let Ok(Some(_)) = child.try_wait() {
        return;
    }
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// A capnp text literal.
fn capnp_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The key id of the demo key pair (`xtask/dev/demo-*.pem`).
pub const DEMO_KEY_ID: &str = "SANDBOX-AEDGEKEY";

/// The signer's settings for the benchmarks: the demo key, the sandbox at `api_base`, the
/// demo shop at `shop_base`.
pub fn signer_bindings(
    root: &Path,
    api_base: &str,
    shop_base: &str,
) -> Result<Vec<(String, String)>, String> {
    let key = std::fs::read_to_string(root.join("xtask/dev/demo-private.pem"))
        .map_err(|e| format!("demo key: {e}"))?;
    let catalog = r#"{"currency":"JPY","items":{"TEA-1":{"price":"1200","name":"Sencha"},"CUP-2":{"price":"800","name":"Cup"}},"shipping":{"flat":"500","freeFrom":"5000"},"tax":{"rateBasisPoints":1000,"included":true},"maxOrderTotal":"300000"}"#;
    let mut list: Vec<(String, String)> = [
        ("AMAZON_PAY_MERCHANT_ID", "A2SANDBOXMERCHANT".to_owned()),
        ("AMAZON_PAY_REGION", "jp".to_owned()),
        ("AMAZON_PAY_SANDBOX", "true".to_owned()),
        ("AMAZON_PAY_PUBLIC_KEY_ID", DEMO_KEY_ID.to_owned()),
        (
            "AMAZON_PAY_STORE_ID",
            "amzn1.application-oa2-client.sandbox0000000000000000".to_owned(),
        ),
        ("AMAZON_PAY_API_BASE", api_base.to_owned()),
        ("CHECKOUT_JS_URL", format!("{api_base}/checkout.js")),
        ("CHECKOUT_LANGUAGE", "ja_JP".to_owned()),
        ("CHECKOUT_REVIEW_RETURN_URL", format!("{shop_base}/review.html")),
        ("CHECKOUT_RESULT_RETURN_URL", format!("{shop_base}/result.html")),
        ("CHECKOUT_CANCEL_URL", format!("{shop_base}/cart.html")),
        ("SIGNIN_RETURN_URL", format!("{shop_base}/signin.html")),
        ("STORE_NAME", "Edge Tea".to_owned()),
        ("ALLOWED_ORIGINS", shop_base.to_owned()),
        ("CATALOG_JSON", catalog.to_owned()),
        (
            "CART_TOKEN_SECRET",
            "bench-cart-token-secret-for-local-benchmarks-only-01".to_owned(),
        ),
        (
            "MERCHANT_API_TOKEN",
            "bench-merchant-token-for-local-benchmarks-only-0001".to_owned(),
        ),
        ("AMAZON_PAY_PRIVATE_KEY", key),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    list.sort();
    Ok(list)
}

/// A running workerd serving a worker-build output on 127.0.0.1, and in the same process the
/// minimal JavaScript signing Worker (`xtask/js/bench_webcrypto_floor.js`) on a second port.
#[derive(Debug)]
pub struct Workerd {
    child: Child,
    /// `127.0.0.1:PORT` of the edge signer.
    pub addr: String,
    /// `127.0.0.1:PORT` of the JavaScript signing Worker (same key binding).
    pub floor_addr: String,
    log: PathBuf,
}

impl Workerd {
    /// Writes a capnp config into `dir` (the build's `index.js` and `index_bg.wasm` and the
    /// floor Worker are copied there), starts workerd (pinned to `cpu` when given) and waits until `/healthz` answers 200.
    pub fn start(
        tc: &Toolchain,
        build: &Path,
        dir: &Path,
        bindings: &[(String, String)],
        cpu: Option<usize>,
    ) -> Result<Workerd, String> {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for f in ["index.js", "index_bg.wasm"] {
            std::fs::copy(build.join(f), dir.join(f))
                .map_err(|e| format!("copy {}: {e}", build.join(f).display()))?;
        }
        let floor = tc.root.join("xtask/js/bench_webcrypto_floor.js");
        std::fs::copy(&floor, dir.join("floor.js")).map_err(|e| format!("copy {}: {e}", floor.display()))?;
        let port = free_port()?;
        let floor_port = free_port()?;
        let floor_key = bindings
            .iter()
            .find(|(name, _)| name == "AMAZON_PAY_PRIVATE_KEY")
            .map(|(_, value)| capnp_str(value))
            .ok_or("the bindings have no AMAZON_PAY_PRIVATE_KEY")?;
        let mut binding_list = String::new();
        for (name, value) in bindings {
            let _ = write!(
                binding_list,
                "(name = {}, text = {}),\n    ",
                capnp_str(name),
                capnp_str(value)
            );
        }
        let config = format!(
            r#"using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    (name = "floor", worker = .floor),
    (name = "internet", network = (allow = ["public", "private"])),
  ],
  sockets = [ (name = "http", address = "127.0.0.1:{port}", http = (), service = "main"),
              (name = "floor", address = "127.0.0.1:{floor_port}", http = (), service = "floor") ],
);
const floor :Workerd.Worker = (
  modules = [ (name = "floor.js", esModule = embed "floor.js") ],
  compatibilityDate = "2025-11-01",
  bindings = [ (name = "AMAZON_PAY_PRIVATE_KEY", text = {floor_key}) ],
);
const worker :Workerd.Worker = (
  modules = [ (name = "index.js", esModule = embed "index.js"),
              (name = "index_bg.wasm", wasm = embed "index_bg.wasm") ],
  compatibilityDate = "2025-11-01",
  globalOutbound = "internet",
  bindings = [
    {binding_list}
  ],
);
"#
        );
        let capnp = dir.join("bench.capnp");
        std::fs::write(&capnp, config).map_err(|e| format!("{}: {e}", capnp.display()))?;
        let log = dir.join("workerd.log");
        let file = std::fs::File::create(&log).map_err(|e| format!("{}: {e}", log.display()))?;
        let err = file.try_clone().map_err(|e| format!("log file: {e}"))?;
        let workerd = tc
            .root
            .join("node_modules/@cloudflare/workerd-linux-64/bin/workerd");
        if !workerd.exists() {
            return Err("workerd is not installed: run `cargo xtask setup`".into());
        }
        let child = pinned(tc, cpu, &workerd.to_string_lossy())
            .arg("serve")
            .arg(&capnp)
            .current_dir(dir)
            .stdin(Stdio::null())
            .stdout(file)
            .stderr(err)
            .spawn()
            .map_err(|e| format!("cannot start workerd: {e}"))?;
        let mut w = Workerd {
            child,
            addr: format!("127.0.0.1:{port}"),
            floor_addr: format!("127.0.0.1:{floor_port}"),
            log,
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = w.child.try_wait() {
                return Err(format!("workerd exited ({status}): {}", w.logs()));
            }
            if get(&w.addr, "/healthz").is_ok_and(|(status, _)| status == 200) {
                return Ok(w);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Err(format!("workerd did not answer within 30 s: {}", w.logs()))
    }

    /// What workerd printed (the tail).
    pub fn logs(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let start = text.len().saturating_sub(2000);
        text.get(start..).unwrap_or_default().to_owned()
    }

    /// The process id (for CPU time from /proc).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for Workerd {
    fn drop(&mut self) {
        terminate(&mut self.child);
    }
}

/// The sandbox (release binary) on a free port with the demo public key.
#[derive(Debug)]
pub struct Sandbox {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
}

impl Sandbox {
    /// Starts it and waits for `/_sandbox/clock`.
    pub fn start(tc: &Toolchain, dir: &Path, build: BuildProfile) -> Result<Sandbox, String> {
        let port = free_port()?;
        let base = format!("http://127.0.0.1:{port}");
        let state = dir.join("sandbox-state.json");
        let _ = std::fs::remove_file(&state);
        let child = tc
            .command(
                &tc.cargo_target_dir()
                    .join(build.dir())
                    .join("amazon-pay-sandbox")
                    .to_string_lossy(),
            )
            .args(["--listen", &format!("127.0.0.1:{port}")])
            .arg("--public-key")
            .arg(format!(
                "{DEMO_KEY_ID}={}",
                tc.root.join("xtask/dev/demo-public.pem").display()
            ))
            .arg("--state-file")
            .arg(&state)
            .args(["--public-base-url", &base])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start the sandbox: {e}"))?;
        let mut s = Sandbox { child, base };
        let addr = format!("127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = s.child.try_wait() {
                return Err(format!("the sandbox exited ({status})"));
            }
            if get(&addr, "/_sandbox/clock").is_ok_and(|(status, _)| status == 200) {
                return Ok(s);
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        terminate(&mut s.child);
        Err("the sandbox did not answer within 30 s".into())
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        terminate(&mut self.child);
    }
}

/// `GET path` on `addr`: status and body.
pub fn get(addr: &str, path: &str) -> Result<(u16, String), String> {
    request(addr, "GET", path, None, &[])
}

/// `POST path` with a JSON body.
pub fn post_json(addr: &str, path: &str, body: &str) -> Result<(u16, String), String> {
    request(addr, "POST", path, Some(body), &[])
}

/// `POST path` with a JSON body and extra request headers.
pub fn post_json_with(
    addr: &str,
    path: &str,
    body: &str,
    headers: &[(&str, &str)],
) -> Result<(u16, String), String> {
    request(addr, "POST", path, Some(body), headers)
}

fn request(
    addr: &str,
    method: &str,
    path: &str,
    body: Option<&str>,
    headers: &[(&str, &str)],
) -> Result<(u16, String), String> {
    let socket: SocketAddr = addr.parse().map_err(|e| format!("{addr}: {e}"))?;
    let mut stream =
        TcpStream::connect_timeout(&socket, Duration::from_secs(2)).map_err(|e| format!("{addr}: {e}"))?;
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .map_err(|e| e.to_string())?;
    let mut head = format!("{method} {path} HTTP/1.1\r\nhost: {addr}\r\nconnection: close\r\n");
    for (name, value) in headers {
        let _ = write!(head, "{name}: {value}\r\n");
    }
    if let Some(b) = body {
        let _ = write!(
            head,
            "content-type: application/json\r\ncontent-length: {}\r\n",
            b.len()
        );
    }
    head.push_str("\r\n");
    head.push_str(body.unwrap_or(""));
    stream
        .write_all(head.as_bytes())
        .map_err(|e| format!("{addr}{path}: {e}"))?;
    let mut raw = Vec::new();
    stream
        .read_to_end(&mut raw)
        .map_err(|e| format!("{addr}{path}: {e}"))?;
    parse_response(&raw).ok_or_else(|| format!("{addr}{path}: not an HTTP/1.1 answer"))
}

/// Status and body of a complete HTTP/1.1 answer (`content-length`, chunked or until close).
fn parse_response(raw: &[u8]) -> Option<(u16, String)> {
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&raw[..split]).ok()?;
    let body = &raw[split + 4..];
    let mut lines = head.lines();
    let status: u16 = lines.next()?.split_whitespace().nth(1)?.parse().ok()?;
    let chunked = lines.any(|l| {
        let l = l.to_ascii_lowercase();
        l.starts_with("transfer-encoding:") && l.contains("chunked")
    });
    let body = if chunked { dechunk(body)? } else { body.to_vec() };
    Some((status, String::from_utf8_lossy(&body).into_owned()))
}

fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = data.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&data[..line_end]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        data = &data[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(data.get(..size)?);
        data = data.get(size + 2..)?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_plain_and_chunked_answers() {
        let plain = b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nhi";
        assert_eq!(parse_response(plain), Some((200, "hi".to_owned())));
        let chunked =
            b"HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n";
        assert_eq!(parse_response(chunked), Some((404, "abcde".to_owned())));
        assert_eq!(parse_response(b"garbage"), None);
    }

    #[test]
    fn capnp_strings_are_escaped() {
        assert_eq!(capnp_str("a\"b\\c\nd"), r#""a\"b\\c\nd""#);
    }
}
