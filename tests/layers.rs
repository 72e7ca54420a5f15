//! The architecture, as the imports show it: arrows point down only. Every module under `src/`
//! belongs to one layer of [`LAYERS`]; a file that names a module of a layer above its own
//! (`use crate::commands::…`, `crate::fleet::x(…)`, `use crate::{app, …}`, `super::super::fleet`)
//! fails `no_module_names_a_layer_above_its_own`, with the file, the line and the path. A module
//! that is in no layer fails it too, so a new one is placed on purpose. The same reading of the
//! source (comments, strings and char literals left out) keeps every function within 80 lines.

use std::path::{Path, PathBuf};

/// The layers, top to bottom, and the top-level modules of `src/` in each. A module may name its
/// own layer and the layers below it, never one above. `cli` (the clap definition: plain data
/// every layer may read) and `parse` sit with the shared modules at the bottom.
const LAYERS: &[(&str, &[&str])] = &[
    ("app", &["app", "lib", "main"]),
    ("commands", &["commands"]),
    ("fleet", &["fleet"]),
    ("rotation", &["rotation"]),
    (
        "shared",
        &[
            "stytch",
            "store",
            "journal",
            "config",
            "cli",
            "parse",
            "ui",
            "error",
            "exit_codes",
            "redacted",
            "sanitize",
            "shell",
            "signals",
            "inflight",
            "runtime",
        ],
    ),
];

/// The longest a function may be, from its `fn` line to its closing brace.
const MAX_FUNCTION_LINES: usize = 80;

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|(_, mods)| mods.contains(&module))
}

fn files(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        for entry in std::fs::read_dir(path).unwrap() {
            files(&entry.unwrap().path(), out);
        }
    } else if path.extension().is_some_and(|e| e == "rs") {
        out.push(path.to_owned());
    }
}

/// The source with comments, string literals and char literals blanked out (newlines kept, so
/// lines still count right).
fn code_only(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let blank = |out: &mut Vec<u8>, s: &[u8]| {
        out.extend(s.iter().map(|&c| if c == b'\n' { b'\n' } else { b' ' }))
    };
    let mut i = 0;
    while i < b.len() {
        let rest = &b[i..];
        let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
        // A literal may start here: not in the middle of a word, except after a `b` prefix.
        let starts = i == 0 || !word(b[i - 1]) || (b[i - 1] == b'b' && (i == 1 || !word(b[i - 2])));
        let end = if rest.starts_with(b"//") {
            rest.iter().position(|&c| c == b'\n').unwrap_or(rest.len())
        } else if rest.starts_with(b"/*") {
            let mut depth = 0;
            let mut j = 0;
            loop {
                if rest[j..].starts_with(b"/*") {
                    depth += 1;
                    j += 2;
                } else if rest[j..].starts_with(b"*/") {
                    depth -= 1;
                    j += 2;
                    if depth == 0 {
                        break j;
                    }
                } else {
                    j += 1;
                }
            }
        } else if starts && rest[0] == b'r' && raw_string(rest) {
            let hashes = rest[1..].iter().take_while(|&&c| c == b'#').count();
            let close = [b"\"".as_slice(), &vec![b'#'; hashes]].concat();
            let body = 2 + hashes;
            body + find(&rest[body..], &close) + close.len()
        } else if rest[0] == b'"' {
            let mut j = 1;
            while rest[j] != b'"' {
                j += if rest[j] == b'\\' { 2 } else { 1 };
            }
            j + 1
        } else if rest[0] == b'\'' && starts {
            char_literal(rest).unwrap_or(0)
        } else {
            0
        };
        if end == 0 {
            out.push(b[i]);
            i += 1;
        } else {
            blank(&mut out, &rest[..end]);
            i += end;
        }
    }
    String::from_utf8(out).unwrap()
}

/// `r"…"` or `r#"…"#` (not a raw identifier such as `r#type`).
fn raw_string(s: &[u8]) -> bool {
    let hashes = s[1..].iter().take_while(|&&c| c == b'#').count();
    s.get(1 + hashes) == Some(&b'"')
}

fn find(hay: &[u8], needle: &[u8]) -> usize {
    hay.windows(needle.len())
        .position(|w| w == needle)
        .expect("an unterminated raw string")
}

/// The length of a char literal at the start of `s` (`'a'`, `'\n'`, `'\u{1F600}'`), or `None`
/// for a lifetime.
fn char_literal(s: &[u8]) -> Option<usize> {
    if s.get(1) == Some(&b'\\') {
        return s[3..].iter().position(|&c| c == b'\'').map(|p| p + 4);
    }
    let width = std::str::from_utf8(&s[1..s.len().min(5)])
        .map_or(1, |t| t.chars().next().map_or(1, char::len_utf8));
    (s.get(1 + width) == Some(&b'\'')).then_some(2 + width)
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Word(String),
    Path,
    Punct(u8),
}

/// Words, `::`, and single punctuation, each with its line.
fn tokens(code: &str) -> Vec<(Token, usize)> {
    let b = code.as_bytes();
    let (mut out, mut line, mut i) = (Vec::new(), 1, 0);
    while i < b.len() {
        let c = b[i];
        if c == b'\n' {
            line += 1;
            i += 1;
        } else if c.is_ascii_whitespace() {
            i += 1;
        } else if c.is_ascii_alphanumeric() || c == b'_' {
            let n = b[i..]
                .iter()
                .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_')
                .count();
            out.push((Token::Word(code[i..i + n].to_owned()), line));
            i += n;
        } else if b[i..].starts_with(b"::") {
            out.push((Token::Path, line));
            i += 2;
        } else {
            out.push((Token::Punct(c), line));
            i += 1;
        }
    }
    out
}

/// The paths of a `use` tree starting at `pos` (after `use`), with the line of each one's last
/// segment; returns where the tree ends.
fn use_tree(t: &[(Token, usize)], mut pos: usize) -> (Vec<(Vec<String>, usize)>, usize) {
    let mut prefix = Vec::new();
    let mut line = t[pos].1;
    loop {
        match &t[pos].0 {
            Token::Word(w) if w != "as" => {
                prefix.push(w.clone());
                line = t[pos].1;
                pos += 1;
                if t[pos].0 != Token::Path {
                    break;
                }
                pos += 1;
            }
            Token::Punct(b'{') => {
                pos += 1;
                let mut all = Vec::new();
                while t[pos].0 != Token::Punct(b'}') {
                    let (sub, next) = use_tree(t, pos);
                    all.extend(
                        sub.into_iter()
                            .map(|(p, l)| ([prefix.clone(), p].concat(), l)),
                    );
                    pos = next;
                    if t[pos].0 == Token::Punct(b',') {
                        pos += 1;
                    }
                }
                return (all, pos + 1);
            }
            Token::Punct(b'*') => {
                pos += 1;
                break;
            }
            _ => break,
        }
    }
    if t[pos].0 == Token::Word("as".into()) {
        pos += 2;
    }
    (vec![(prefix, line)], pos)
}

/// Every path that starts at `crate`, `super` or `self`, made absolute (the modules from the
/// crate root), with its line. `module` is the file's own module path; `mod name { … }` blocks
/// inside the file are followed.
fn named_paths(module: &[String], code: &str) -> Vec<(Vec<String>, usize)> {
    let t = tokens(code);
    let mut inline: Vec<(String, usize)> = Vec::new();
    let (mut depth, mut i, mut out) = (0, 0, Vec::new());
    let word = |i: usize| match t.get(i) {
        Some((Token::Word(w), _)) => Some(w.as_str()),
        _ => None,
    };
    while i < t.len() {
        let here: Vec<String> = module
            .iter()
            .cloned()
            .chain(inline.iter().map(|(m, _)| m.clone()))
            .collect();
        let mut found = Vec::new();
        match &t[i].0 {
            Token::Punct(b'{') => depth += 1,
            Token::Punct(b'}') => {
                if inline.last().is_some_and(|(_, d)| *d == depth) {
                    inline.pop();
                }
                depth -= 1;
            }
            Token::Word(w)
                if w == "mod" && t.get(i + 2).map(|x| &x.0) == Some(&Token::Punct(b'{')) =>
            {
                inline.push((word(i + 1).unwrap().to_owned(), depth + 1));
            }
            Token::Word(w) if w == "use" => {
                let (paths, end) = use_tree(&t, i + 1);
                found = paths;
                i = end;
            }
            Token::Word(w)
                if matches!(w.as_str(), "crate" | "super" | "self")
                    && t.get(i + 1).map(|x| &x.0) == Some(&Token::Path) =>
            {
                let mut path = vec![w.clone()];
                let line = t[i].1;
                while t.get(i + 1).map(|x| &x.0) == Some(&Token::Path) {
                    match word(i + 2) {
                        Some(next) => path.push(next.to_owned()),
                        None => break,
                    }
                    i += 2;
                }
                found = vec![(path, line)];
            }
            _ => {}
        }
        for (path, line) in found {
            if let Some(abs) = absolute(&here, &path) {
                out.push((abs, line));
            }
        }
        i += 1;
    }
    out
}

fn absolute(here: &[String], path: &[String]) -> Option<Vec<String>> {
    let mut abs = here.to_vec();
    let mut rest = path;
    match path.first().map(String::as_str) {
        Some("crate") => {
            abs.clear();
            rest = &path[1..];
        }
        Some("super" | "self") => {
            while let Some(step) = rest.first() {
                match step.as_str() {
                    "super" => {
                        abs.pop()?;
                    }
                    "self" => {}
                    _ => break,
                }
                rest = &rest[1..];
            }
        }
        _ => return None,
    }
    abs.extend(rest.iter().cloned());
    Some(abs)
}

/// The module path of a file under `src/` (`rotation/run/mod.rs`: `rotation::run`).
fn module_of(relative: &Path) -> Vec<String> {
    let mut parts: Vec<String> = relative
        .with_extension("")
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// The arrows of one file that point up: `line: path (layer names layer)`.
fn upward(relative: &Path, text: &str) -> Vec<String> {
    let module = module_of(relative);
    let top = relative.iter().next().unwrap().to_string_lossy();
    let top = top.trim_end_matches(".rs");
    let own = layer_of(top)
        .unwrap_or_else(|| panic!("src/{top} is in no layer: add it to LAYERS in tests/layers.rs"));
    let mut out = Vec::new();
    for (path, line) in named_paths(&module, &code_only(text)) {
        let Some(target) = path.first().and_then(|m| layer_of(m)) else {
            continue;
        };
        if target < own {
            out.push(format!(
                "{line}: crate::{} ({} names {}, a layer above it)",
                path.join("::"),
                LAYERS[own].0,
                LAYERS[target].0
            ));
        }
    }
    out
}

#[test]
fn no_module_names_a_layer_above_its_own() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut paths = Vec::new();
    files(&src, &mut paths);
    assert!(paths.len() > 60, "only {} files found", paths.len());
    let mut upward_arrows = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for path in &paths {
        let relative = path.strip_prefix(&src).unwrap();
        let text = std::fs::read_to_string(path).unwrap();
        for arrow in upward(relative, &text) {
            upward_arrows.push(format!("src/{}:{arrow}", relative.display()));
        }
        seen.insert(layer_of(
            relative
                .iter()
                .next()
                .unwrap()
                .to_string_lossy()
                .trim_end_matches(".rs"),
        ));
    }
    assert_eq!(
        seen.len(),
        LAYERS.len(),
        "a layer has no module in src/: update LAYERS"
    );
    assert!(
        upward_arrows.is_empty(),
        "imports that point up a layer (the layers, top to bottom: {}):\n{}",
        LAYERS
            .iter()
            .map(|(name, _)| *name)
            .collect::<Vec<_>>()
            .join(" > "),
        upward_arrows.join("\n")
    );
}

/// The reading of the source itself: grouped and nested `use`, `super` chains, inline modules,
/// and what must not count (comments, strings, raw strings, lifetimes next to char literals).
#[test]
fn the_reading_finds_every_form_of_an_upward_path_and_nothing_else() {
    let text = r###"//! Mentions crate::commands in a doc comment.
use crate::{error::Result, commands::Session};
use super::super::fleet::Fleet;
// use crate::app;
fn f<'a>(x: &'a str) -> char {
    let _ = "crate::app::run";
    let _ = r#"crate::app::run "quoted""#;
    let _ = crate::fleet::select::chosen(x);
    '{'
}
mod tests {
    use super::*;
    use super::super::Context;
}
pub(crate) use crate::rotation::{self as core, start::mint};
"###;
    let arrows = upward(Path::new("rotation/run/mod.rs"), text);
    assert_eq!(
        arrows,
        [
            "2: crate::commands::Session (rotation names commands, a layer above it)",
            "3: crate::fleet::Fleet (rotation names fleet, a layer above it)",
            "8: crate::fleet::select::chosen (rotation names fleet, a layer above it)",
        ]
    );
    // The same file one layer up: `rotation` may be named from `fleet`, `commands` may not.
    let arrows = upward(
        Path::new("fleet/x.rs"),
        "use crate::{rotation::Context, commands};\n",
    );
    assert_eq!(
        arrows,
        ["1: crate::commands (fleet names commands, a layer above it)"]
    );
    // Below everything: naming the rotation or the fleet is an upward arrow too.
    let arrows = upward(
        Path::new("config/resolve.rs"),
        "fn f() { crate::rotation::journaled::warn(); }\nuse crate::fleet;\n",
    );
    assert_eq!(arrows.len(), 2, "{arrows:?}");
}

/// Every function in `src/` and the local Stytch's `mock/src/`, from its `fn` line to its
/// closing brace, is at most [`MAX_FUNCTION_LINES`] lines.
#[test]
fn no_function_is_longer_than_80_lines() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    files(&root.join("src"), &mut paths);
    files(&root.join("mock/src"), &mut paths);
    let mut long = Vec::new();
    let mut counted = 0;
    for path in &paths {
        let code = code_only(&std::fs::read_to_string(path).unwrap());
        for (name, line, lines) in functions(&code) {
            counted += 1;
            if lines > MAX_FUNCTION_LINES {
                let shown = path.strip_prefix(root).unwrap().display();
                long.push(format!("{shown}:{line}: fn {name} is {lines} lines"));
            }
        }
    }
    assert!(counted > 500, "only {counted} functions found");
    assert!(
        long.is_empty(),
        "functions over {MAX_FUNCTION_LINES} lines (split them):\n{}",
        long.join("\n")
    );
}

/// Each function with a body: its name, first line and length in lines.
fn functions(code: &str) -> Vec<(String, usize, usize)> {
    let t = tokens(code);
    let mut out = Vec::new();
    for i in 0..t.len() {
        let (Token::Word(w), first) = &t[i] else {
            continue;
        };
        let Some((Token::Word(name), _)) = t.get(i + 1).filter(|_| w == "fn") else {
            continue;
        };
        let mut j = i + 2;
        while j < t.len() && !matches!(t[j].0, Token::Punct(b'{' | b';')) {
            j += 1;
        }
        if j == t.len() || t[j].0 == Token::Punct(b';') {
            continue;
        }
        let mut depth = 0;
        for (token, line) in &t[j..] {
            match token {
                Token::Punct(b'{') => depth += 1,
                Token::Punct(b'}') => {
                    depth -= 1;
                    if depth == 0 {
                        out.push((name.clone(), *first, line - first + 1));
                        break;
                    }
                }
                _ => {}
            }
        }
    }
    out
}

#[test]
fn function_lengths_are_counted_from_fn_to_its_closing_brace() {
    let code = code_only(
        "fn short() {\n    let s = \"}\";\n}\n\nimpl X {\n    fn long(&self) -> Result<(), ()>\n    where\n        Self: Sized,\n    {\n        if true { }\n    }\n    fn decl(&self);\n}\n",
    );
    assert_eq!(
        functions(&code),
        [("short".to_owned(), 1, 3), ("long".to_owned(), 6, 6)]
    );
}
