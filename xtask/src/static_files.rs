//! A small static file server for the demo shop: GET and HEAD of files under one folder and
//! under mounted folders (`/widget/` → the widget's build), with the content types a browser
//! needs (`application/wasm` included). Local development only.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

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

/// What one server serves: a root folder, folders mounted under URL prefixes, and files that
/// exist only in memory.
struct Site {
    root: PathBuf,
    mounts: Vec<(String, PathBuf)>,
    generated: Vec<(String, String)>,
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
    let path_only = target.split(['?', '#']).next().unwrap_or("/");
    if let Some((name, body)) = site.generated.iter().find(|(name, _)| name == path_only) {
        respond(
            stream,
            "200 OK",
            content_type(Path::new(name)),
            body.as_bytes(),
            method == "HEAD",
        );
        return;
    }
    match site
        .file(target)
        .and_then(|p| std::fs::read(&p).ok().map(|b| (p, b)))
    {
        Some((path, bytes)) => respond(stream, "200 OK", content_type(&path), &bytes, method == "HEAD"),
        None => respond(
            stream,
            "404 Not Found",
            "text/plain",
            b"not found\n",
            method == "HEAD",
        ),
    }
}

/// Serves `root` on `listener` from a background thread, a thread per connection, plus
/// `generated` files (path → content) that exist only in memory.
pub fn serve(listener: TcpListener, root: PathBuf, generated: Vec<(String, String)>) {
    serve_mounted(listener, root, Vec::new(), generated);
}

/// Like [`serve`], with `mounts`: each `(prefix, folder)` serves `folder` under the URL prefix
/// (which starts and ends with `/`, e.g. `/widget/`).
pub fn serve_mounted(
    listener: TcpListener,
    root: PathBuf,
    mounts: Vec<(String, PathBuf)>,
    generated: Vec<(String, String)>,
) {
    let site = Arc::new(Site {
        root,
        mounts,
        generated,
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
            generated: Vec::new(),
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
