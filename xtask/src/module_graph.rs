//! Which source files of a crate name each other's modules, and the circles among them.
//!
//! Per crate (a folder with `Cargo.toml` and `src/`; `tests/` and `fuzz/` folders are test code
//! and not looked at), a file's module path is its place under `src/`: `a/b.rs` and
//! `a/b/mod.rs` are `a::b`, `lib.rs` and `main.rs` the crate root. A file points at another
//! module when its code names it. Its code is the file without comments (`/* … */`, then `//`
//! to the end of the line) and without everything from its first `#[cfg(test)]` on. It names a
//! module with:
//!
//! * a `crate::a::b` path;
//! * a `super::x` path (from the file's own module: `super` of `a/b.rs` is `a`);
//! * a name inside `use crate::{a, b::c}`;
//! * `m::item`, where `m` is a module brought in by one of the above.
//!
//! Each path points at the longest prefix of it that is a module other than the file's own and
//! the crate root. Modules that point at each other in a circle (a strongly connected
//! component of two or more) are reported together, as their files.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::crates::{crate_dirs, relative};

/// A module path below the crate root (`[]` is the root).
type ModulePath = Vec<String>;

/// One source file of a crate.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// How the file is reported (its path relative to the workspace root).
    pub name: String,
    /// Its module path.
    module: ModulePath,
    /// Its text.
    text: String,
}

impl SourceFile {
    /// A file at `under_src` (its path below `src/`, parts joined with `/`).
    pub fn new(under_src: &str, name: String, text: String) -> SourceFile {
        let trimmed = under_src.strip_suffix(".rs").unwrap_or(under_src);
        let mut module: ModulePath = trimmed.split('/').map(str::to_owned).collect();
        if matches!(module.last().map(String::as_str), Some("mod" | "lib" | "main")) {
            module.pop();
        }
        SourceFile { name, module, text }
    }
}

/// Files that point at each other's modules in a circle.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Circle {
    /// The files of the circle's modules, sorted.
    pub files: Vec<String>,
}

impl std::fmt::Display for Circle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "circle of {}: {}", self.files.len(), self.files.join(", "))
    }
}

/// The circles of every crate below `root`, crate by crate.
pub fn workspace_circles(root: &Path) -> Result<Vec<Circle>, String> {
    let mut circles = Vec::new();
    for dir in crate_dirs(root, &["fuzz", "tests"]) {
        let src = dir.join("src");
        if src.is_dir() {
            circles.extend(circles_among(&crate_files(root, &src)?));
        }
    }
    Ok(circles)
}

/// Every `.rs` file below `src`, sorted by path.
fn crate_files(root: &Path, src: &Path) -> Result<Vec<SourceFile>, String> {
    let mut files = Vec::new();
    let mut pending = vec![src.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for entry in entries.flatten() {
            let path = entry.path();
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
                files.push(SourceFile::new(
                    &relative(src, &path),
                    relative(root, &path),
                    String::from_utf8_lossy(&text).into_owned(),
                ));
            }
        }
    }
    files.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(files)
}

/// The circles among the files of one crate.
pub fn circles_among(files: &[SourceFile]) -> Vec<Circle> {
    let modules: BTreeSet<ModulePath> = files.iter().map(|f| f.module.clone()).collect();
    let mut graph: BTreeMap<ModulePath, BTreeSet<ModulePath>> =
        modules.iter().map(|m| (m.clone(), BTreeSet::new())).collect();
    for file in files {
        let targets = arrows(file, &modules);
        graph.entry(file.module.clone()).or_default().extend(targets);
    }
    let mut circles: Vec<Circle> = strongly_connected(&graph)
        .into_iter()
        .filter(|component| component.len() > 1)
        .map(|component| {
            let mut names: Vec<String> = files
                .iter()
                .filter(|f| component.contains(&f.module))
                .map(|f| f.name.clone())
                .collect();
            names.sort();
            Circle { files: names }
        })
        .collect();
    circles.sort();
    circles
}

/// The modules a file points at.
fn arrows(file: &SourceFile, modules: &BTreeSet<ModulePath>) -> BTreeSet<ModulePath> {
    let code = strip_comments(&file.text);
    let code = match code.find("#[cfg(test)]") {
        Some(at) => &code[..at],
        None => &code[..],
    };
    let mut paths = crate_paths(code);
    paths.extend(super_paths(code, &file.module));
    paths.extend(use_crate_groups(code));
    let mut aliases: BTreeMap<String, ModulePath> = BTreeMap::new();
    for path in &paths {
        if let Some(last) = path.last().filter(|_| modules.contains(path)) {
            aliases.insert(last.clone(), path.clone());
        }
    }
    for (name, target) in &aliases {
        for tail in alias_paths(code, name) {
            let mut path = target.clone();
            path.extend(tail);
            paths.push(path);
        }
    }
    paths
        .iter()
        .filter_map(|path| {
            (1..=path.len())
                .rev()
                .map(|k| &path[..k])
                .find(|prefix| modules.contains(*prefix))
        })
        .filter(|best| **best != file.module[..])
        .map(<[String]>::to_vec)
        .collect()
}

/// The text without `/* … */` comments, then without `//` comments.
fn strip_comments(text: &str) -> String {
    let mut without_blocks = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("/*") {
        match rest[start + 2..].find("*/") {
            Some(len) => {
                without_blocks.push_str(&rest[..start]);
                rest = &rest[start + 2 + len + 2..];
            }
            None => break,
        }
    }
    without_blocks.push_str(rest);
    let mut out = String::with_capacity(without_blocks.len());
    for (i, line) in without_blocks.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(line.find("//").map_or(line, |at| &line[..at]));
    }
    out
}

fn is_word(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// The length of the identifier at the start of `s`.
fn word_len(s: &[u8]) -> usize {
    s.iter().take_while(|c| is_word(**c)).count()
}

/// The `::a::b` segments at the start of `s` (as many as follow each other) and their length.
fn segments(s: &[u8]) -> (Vec<String>, usize) {
    let mut parts = Vec::new();
    let mut at = 0;
    while s[at..].starts_with(b"::") {
        let len = word_len(&s[at + 2..]);
        if len == 0 {
            break;
        }
        parts.push(String::from_utf8_lossy(&s[at + 2..at + 2 + len]).into_owned());
        at += 2 + len;
    }
    (parts, at)
}

/// Where `word` starts in `code` after a character that is not part of a word (as `\bword`).
fn word_starts<'a>(code: &'a [u8], word: &'a [u8]) -> impl Iterator<Item = usize> + 'a {
    (0..code.len()).filter(move |&i| code[i..].starts_with(word) && (i == 0 || !is_word(code[i - 1])))
}

/// `crate::a::b` paths, as `[a, b]`.
fn crate_paths(code: &str) -> Vec<ModulePath> {
    let bytes = code.as_bytes();
    let mut paths = Vec::new();
    let mut next = 0;
    for start in word_starts(bytes, b"crate") {
        if start < next {
            continue;
        }
        let (parts, len) = segments(&bytes[start + 5..]);
        if !parts.is_empty() {
            paths.push(parts);
            next = start + 5 + len;
        }
    }
    paths
}

/// `super::x` paths (any number of `super::`), resolved from `module`.
fn super_paths(code: &str, module: &[String]) -> Vec<ModulePath> {
    let bytes = code.as_bytes();
    let mut paths = Vec::new();
    let mut next = 0;
    for start in word_starts(bytes, b"super::") {
        if start < next {
            continue;
        }
        let mut at = start;
        let mut ups = 0;
        while bytes[at..].starts_with(b"super::") {
            ups += 1;
            at += 7;
        }
        let first = word_len(&bytes[at..]);
        let (mut tail, end) = if first > 0 {
            let (more, len) = segments(&bytes[at + first..]);
            let mut tail = vec![String::from_utf8_lossy(&bytes[at..at + first]).into_owned()];
            tail.extend(more);
            (tail, at + first + len)
        } else if ups > 1 {
            // `super::super::{…}`: the last `super` is the path's only segment.
            ups -= 1;
            (vec!["super".to_owned()], at - 2)
        } else {
            continue;
        };
        let mut path: ModulePath = module[..module.len().saturating_sub(ups)].to_vec();
        path.append(&mut tail);
        paths.push(path);
        next = end;
    }
    paths
}

/// The names inside `use crate::{…}`, each as a path.
fn use_crate_groups(code: &str) -> Vec<ModulePath> {
    let bytes = code.as_bytes();
    let mut paths = Vec::new();
    let mut next = 0;
    for start in word_starts(bytes, b"use") {
        if start < next {
            continue;
        }
        let spaces = bytes[start + 3..]
            .iter()
            .take_while(|c| c.is_ascii_whitespace())
            .count();
        let open = start + 3 + spaces;
        if spaces == 0 || !bytes[open..].starts_with(b"crate::{") {
            continue;
        }
        let body_start = open + 8;
        let until_semicolon = bytes[body_start..]
            .iter()
            .position(|c| *c == b';')
            .map_or(bytes.len(), |p| body_start + p);
        let Some(close) = bytes[body_start..until_semicolon]
            .iter()
            .rposition(|c| *c == b'}')
            .map(|p| body_start + p)
        else {
            continue;
        };
        let body = &code[body_start..close];
        for part in body.split(|c: char| c == ',' || c == '{' || c == '}' || c.is_whitespace()) {
            if !part.is_empty() && part != "self" {
                paths.push(part.split("::").map(str::to_owned).collect());
            }
        }
        next = close + 1;
    }
    paths
}

/// The `::a::b` tails of `name::a::b` where `name` follows neither a word character nor `:`.
fn alias_paths(code: &str, name: &str) -> Vec<Vec<String>> {
    let bytes = code.as_bytes();
    let mut tails = Vec::new();
    let mut next = 0;
    for start in 0..bytes.len() {
        if start < next
            || !bytes[start..].starts_with(name.as_bytes())
            || (start > 0 && (is_word(bytes[start - 1]) || bytes[start - 1] == b':'))
        {
            continue;
        }
        let (tail, len) = segments(&bytes[start + name.len()..]);
        if !tail.is_empty() {
            tails.push(tail);
            next = start + name.len() + len;
        }
    }
    tails
}

/// Tarjan's strongly connected components of `graph`.
fn strongly_connected(graph: &BTreeMap<ModulePath, BTreeSet<ModulePath>>) -> Vec<Vec<ModulePath>> {
    struct Search<'g> {
        graph: &'g BTreeMap<ModulePath, BTreeSet<ModulePath>>,
        index: BTreeMap<&'g ModulePath, usize>,
        low: BTreeMap<&'g ModulePath, usize>,
        stack: Vec<&'g ModulePath>,
        on_stack: BTreeSet<&'g ModulePath>,
        components: Vec<Vec<ModulePath>>,
    }
    impl<'g> Search<'g> {
        fn visit(&mut self, v: &'g ModulePath) {
            let n = self.index.len();
            self.index.insert(v, n);
            self.low.insert(v, n);
            self.stack.push(v);
            self.on_stack.insert(v);
            for w in self.graph.get(v).into_iter().flatten() {
                if !self.index.contains_key(w) {
                    self.visit(w);
                    let low = self.low[v].min(self.low[w]);
                    self.low.insert(v, low);
                } else if self.on_stack.contains(w) {
                    let low = self.low[v].min(self.index[w]);
                    self.low.insert(v, low);
                }
            }
            if self.low[v] == self.index[v] {
                let mut component = Vec::new();
                while let Some(w) = self.stack.pop() {
                    self.on_stack.remove(w);
                    component.push(w.clone());
                    if w == v {
                        break;
                    }
                }
                self.components.push(component);
            }
        }
    }
    let mut search = Search {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        components: Vec::new(),
    };
    for v in graph.keys() {
        if !search.index.contains_key(v) {
            search.visit(v);
        }
    }
    search.components
}

#[cfg(test)]
mod tests {
    use super::*;

    fn crate_of(files: &[(&str, &str)]) -> Vec<SourceFile> {
        files
            .iter()
            .map(|(path, text)| SourceFile::new(path, format!("src/{path}"), (*text).to_owned()))
            .collect()
    }

    #[test]
    fn two_files_naming_each_other_are_a_circle() {
        let files = crate_of(&[
            ("lib.rs", "mod a;\nmod b;\nmod c;\n"),
            ("a.rs", "use crate::b::Thing;\npub struct Other;\n"),
            ("b.rs", "pub struct Thing(crate::a::Other);\n"),
            ("c.rs", "use crate::a::Other;\n"),
        ]);
        assert_eq!(
            circles_among(&files),
            vec![Circle {
                files: vec!["src/a.rs".to_owned(), "src/b.rs".to_owned()]
            }]
        );
    }

    #[test]
    fn a_dag_has_no_circle() {
        let files = crate_of(&[
            (
                "lib.rs",
                "pub mod money;\npub mod api;\nuse crate::api::Client;\n",
            ),
            ("money.rs", "pub struct Money;\n"),
            ("api/mod.rs", "pub mod client;\npub use client::Client;\n"),
            (
                "api/client.rs",
                "use crate::money::Money;\nuse super::super::money;\n",
            ),
        ]);
        assert_eq!(circles_among(&files), vec![]);
    }

    #[test]
    fn every_kind_of_path_is_an_arrow() {
        let files = crate_of(&[
            ("lib.rs", ""),
            ("a/mod.rs", "pub mod x;\npub mod y;\n"),
            ("a/x.rs", "fn f() { super::y::g() }\n"),
            ("a/y.rs", "use crate::{a::z, b};\nfn g() { z::h(); }\n"),
            ("a/z.rs", "use crate::b;\nfn h() { b::k() }\n"),
            ("b.rs", "use crate::a;\nfn k() { a::x::f() }\n"),
        ]);
        let circles = circles_among(&files);
        assert_eq!(circles.len(), 1, "{circles:?}");
        assert_eq!(
            circles[0].files,
            ["src/a/x.rs", "src/a/y.rs", "src/a/z.rs", "src/b.rs"]
        );
    }

    #[test]
    fn comments_and_test_code_are_not_arrows() {
        let files = crate_of(&[
            ("lib.rs", ""),
            (
                "a.rs",
                "/// See [`crate::b`].\n// crate::b::B\n/* crate::b::B */\npub struct A;\n\
                 #[cfg(test)]\nmod tests { use crate::b::B; }\n",
            ),
            ("b.rs", "pub struct B(crate::a::A);\n"),
        ]);
        assert_eq!(circles_among(&files), vec![]);
    }

    #[test]
    fn a_child_naming_its_parent_module_closes_a_circle() {
        let files = crate_of(&[
            ("main.rs", "mod a;\nfn main() { a::run() }\n"),
            ("a/mod.rs", "mod b;\npub fn run() { crate::a::b::go() }\n"),
            ("a/b.rs", "pub fn go() {}\nuse super::run as _;\n"),
        ]);
        assert_eq!(
            circles_among(&files),
            vec![Circle {
                files: vec!["src/a/b.rs".to_owned(), "src/a/mod.rs".to_owned()]
            }]
        );
    }

    #[test]
    fn naming_children_and_the_root_is_no_circle() {
        let files = crate_of(&[
            ("main.rs", "mod a;\nfn helper() {}\n"),
            ("a/mod.rs", "mod b;\npub fn run() { b::go() }\n"),
            ("a/b.rs", "pub fn go() { crate::helper() }\n"),
        ]);
        assert_eq!(circles_among(&files), vec![]);
    }

    #[test]
    fn super_resolves_from_the_files_own_module() {
        assert_eq!(
            super_paths("super::x", &["a".into(), "b".into()]),
            vec![vec!["a", "x"]]
        );
        assert_eq!(
            super_paths("super::super::x::y", &["a".into(), "b".into()]),
            vec![vec!["x", "y"]]
        );
        assert_eq!(super_paths("super::{x}", &["a".into()]), Vec::<ModulePath>::new());
    }
}
