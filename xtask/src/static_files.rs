//! A small static file server for the demo shop: GET and HEAD of files under one folder and
//! under mounted folders (`/widget/` → the widget's build), with the content types a browser
//! needs (`application/wasm` included). Local development only.
//!
//! The demo's pages name the local signer at its default origin ([`DEFAULT_SIGNER`], in their
//! widget tag's `data-signer`); the server writes the signer it was given in its place in every
//! HTML answer, so that a stack on other ports needs no other page.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

/// The signer's origin as the demo's pages spell it (`wrangler dev`'s default port).
pub const DEFAULT_SIGNER: &str = "http://127.0.0.1:8787";

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Maps a request path to a file under `root`, refusing anything that leaves it.
fn resolve(root: &Path, request_path: &str) -> Option<PathBuf> {
    let path = request_path.split(['?', '#']).next().unwrap_or("/");
    let mut out = root.to_path_buf();
    for component in Path::new(path.trim_start_matches('/')).components() {
        match component {
            Component::Normal(part) => out.push(part),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if out.is_dir() {
        out.push("index.html");
    }
    out.is_file().then_some(out)
}

/// Writes the whole answer at once: a header written apart from its body would leave the body
/// waiting for the browser's delayed ACK of the header (Nagle), tens of milliseconds a file.
/// `no-cache`, not `no-store`: every visit asks again (a rebuilt widget shows at once), and a
/// page's `<link rel="preload">` is still used by the tag that wants the file (Chromium fetched
/// a `no-store` script a second time when its preload had already finished).
fn respond(mut stream: TcpStream, status: &str, kind: &str, body: &[u8], head_only: bool) {
    let mut answer = format!(
        "HTTP/1.1 {status}\r\ncontent-type: {kind}\r\ncontent-length: {}\r\ncache-control: no-cache\r\nconnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    if !head_only {
        answer.extend_from_slice(body);
    }
    let _ = stream.set_nodelay(true);
    let _ = stream.write_all(&answer);
}

/// What one server serves: a root folder, folders mounted under URL prefixes, and the signer's
/// origin written into its HTML.
struct Site {
    root: PathBuf,
    mounts: Vec<(String, PathBuf)>,
    signer: String,
}

impl Site {
    /// The file for a request target: under the longest matching mount, else under the root.
    fn file(&self, target: &str) -> Option<PathBuf> {
        let mount = self
            .mounts
            .iter()
            .filter(|(prefix, _)| target.starts_with(prefix.as_str()))
            .max_by_key(|(prefix, _)| prefix.len());
        match mount {
            Some((prefix, dir)) => resolve(dir, &target[prefix.len()..]),
            None => resolve(&self.root, target),
        }
    }
}

fn handle(stream: TcpStream, site: &Site) {
    let mut reader = BufReader::new(match stream.try_clone() {
        Ok(s) => s,
        Err(_) => return,
    });
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    // Drain the headers; the body of a GET is ignored.
    let mut line = String::new();
    while reader.read_line(&mut line).map(|n| n > 2).unwrap_or(false) {
        line.clear();
    }
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    if method != "GET" && method != "HEAD" {
        respond(
            stream,
            "405 Method Not Allowed",
            "text/plain",
            b"method not allowed\n",
            false,
        );
        return;
    }
    match site
        .file(target)
        .and_then(|p| std::fs::read(&p).ok().map(|b| (p, b)))
    {
        Some((path, bytes)) => {
            let kind = content_type(&path);
            let bytes = if kind.starts_with("text/html") {
                with_signer(bytes, &site.signer)
            } else {
                bytes
            };
            respond(stream, "200 OK", kind, &bytes, method == "HEAD")
        }
        None => respond(
            stream,
            "404 Not Found",
            "text/plain",
            b"not found\n",
            method == "HEAD",
        ),
    }
}

/// An HTML page with `signer` where it names [`DEFAULT_SIGNER`] (a page that is not UTF-8 is
/// served as it is).
fn with_signer(page: Vec<u8>, signer: &str) -> Vec<u8> {
    match String::from_utf8(page) {
        Ok(text) => text.replace(DEFAULT_SIGNER, signer).into_bytes(),
        Err(e) => e.into_bytes(),
    }
}

/// Serves `root` on `listener` from a background thread, a thread per connection, its pages
/// naming `signer` (an origin, `http://127.0.0.1:PORT`) as the signer.
pub fn serve(listener: TcpListener, root: PathBuf, signer: &str) {
    serve_mounted(listener, root, Vec::new(), signer);
}

/// Like [`serve`], with `mounts`: each `(prefix, folder)` serves `folder` under the URL prefix
/// (which starts and ends with `/`, e.g. `/widget/`).
pub fn serve_mounted(listener: TcpListener, root: PathBuf, mounts: Vec<(String, PathBuf)>, signer: &str) {
    let site = Arc::new(Site {
        root,
        mounts,
        signer: signer.to_owned(),
    });
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let site = Arc::clone(&site);
            std::thread::spawn(move || handle(stream, &site));
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_leaves_the_root() {
        let dir = std::env::temp_dir().join(format!("xtask-static-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("a")).unwrap();
        std::fs::write(dir.join("index.html"), "i").unwrap();
        std::fs::write(dir.join("a/x.js"), "x").unwrap();
        assert_eq!(resolve(&dir, "/"), Some(dir.join("index.html")));
        assert_eq!(resolve(&dir, "/a/x.js?v=1"), Some(dir.join("a/x.js")));
        assert_eq!(resolve(&dir, "/../etc/passwd"), None);
        assert_eq!(resolve(&dir, "/a/../../x"), None);
        assert_eq!(resolve(&dir, "/missing.html"), None);
        assert_eq!(content_type(Path::new("w.wasm")), "application/wasm");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn pages_name_the_signer_they_are_served_with() {
        let page = b"<script src=\"/widget/w.js\" data-signer=\"http://127.0.0.1:8787\"></script>".to_vec();
        assert_eq!(
            with_signer(page, "http://127.0.0.1:41234"),
            b"<script src=\"/widget/w.js\" data-signer=\"http://127.0.0.1:41234\"></script>".to_vec()
        );
        let not_utf8 = vec![0xff, 0xfe, b'x'];
        assert_eq!(with_signer(not_utf8.clone(), "http://x"), not_utf8);
    }

    #[test]
    fn mounted_folders_answer_under_their_prefix() {
        let base = std::env::temp_dir().join(format!("xtask-mount-{}", std::process::id()));
        let (www, widget) = (base.join("www"), base.join("widget-build"));
        std::fs::create_dir_all(&www).unwrap();
        std::fs::create_dir_all(&widget).unwrap();
        std::fs::write(www.join("cart.html"), "c").unwrap();
        std::fs::write(widget.join("amazon-pay-widget.wasm"), "w").unwrap();
        let site = Site {
            root: www.clone(),
            mounts: vec![("/widget/".to_owned(), widget.clone())],
            signer: DEFAULT_SIGNER.to_owned(),
        };
        assert_eq!(
            site.file("/widget/amazon-pay-widget.wasm"),
            Some(widget.join("amazon-pay-widget.wasm"))
        );
        assert_eq!(site.file("/cart.html?x=1"), Some(www.join("cart.html")));
        assert_eq!(site.file("/widget/../www/cart.html"), None);
        assert_eq!(site.file("/widget/cart.html"), None);
        let _ = std::fs::remove_dir_all(&base);
    }
}
