//! The README and the pages of `docs/` are part of the interface: their tables must be the
//! program's, their commands must parse, their links must lead somewhere.

use stytch_m2m::exit_codes::ExitCode;

/// README.md, then every page of `docs/` (in name order): what the tests below read.
fn readme() -> String {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut text = std::fs::read_to_string(root.join("README.md")).unwrap();
    for page in doc_pages() {
        text.push('\n');
        text.push_str(&std::fs::read_to_string(page).unwrap());
    }
    text
}

fn doc_pages() -> Vec<std::path::PathBuf> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
    let mut pages: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    pages.sort();
    pages
}

/// Every relative link of the README and `docs/` leads to a file that exists, and an anchor to
/// a heading that page has.
#[test]
fn every_relative_link_leads_somewhere() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut pages = vec![root.join("README.md")];
    pages.extend(doc_pages());
    let mut checked = 0;
    for page in &pages {
        let text = std::fs::read_to_string(page).unwrap();
        for (_, rest) in text.match_indices("](").map(|(i, _)| ((), &text[i + 2..])) {
            let target = &rest[..rest.find(')').unwrap_or(0)];
            if target.is_empty() || target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            let (path, anchor) = target.split_once('#').unwrap_or((target, ""));
            let file = if path.is_empty() {
                page.clone()
            } else {
                page.parent().unwrap().join(path)
            };
            assert!(file.exists(), "{}: {target} leads nowhere", page.display());
            if !anchor.is_empty() {
                let headings = std::fs::read_to_string(&file).unwrap_or_default();
                let slugs: Vec<String> = headings
                    .lines()
                    .filter(|l| l.starts_with('#'))
                    .map(|l| slug(l.trim_start_matches('#').trim()))
                    .collect();
                assert!(
                    slugs.contains(&anchor.to_owned()),
                    "{}: no heading for #{anchor}",
                    page.display()
                );
            }
            checked += 1;
        }
    }
    assert!(checked >= 15, "only {checked} links");
}

/// GitHub's heading anchors: lower case, spaces to `-`, punctuation other than `-` and `_` gone.
fn slug(heading: &str) -> String {
    heading
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

#[test]
fn the_exit_code_table_matches_the_program() {
    let readme = readme();
    let section = readme
        .split("## Exit codes")
        .nth(1)
        .expect("an Exit codes section");
    let rows: Vec<(i32, String)> = section
        .lines()
        .skip_while(|l| !l.starts_with("| code"))
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(|l| {
            let cells: Vec<&str> = l.trim_matches('|').split('|').map(str::trim).collect();
            (cells[0].parse().unwrap(), cells[1].to_owned())
        })
        .collect();
    let expected: Vec<(i32, String)> = ExitCode::ALL
        .iter()
        .map(|c| (c.code(), c.meaning().to_owned()))
        .collect();
    assert_eq!(rows, expected);
}

#[test]
fn help_shows_the_same_table() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_stytch-m2m"))
        .arg("--help")
        .output()
        .unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    for code in ExitCode::ALL {
        let line = format!("{:<4} {}", code.code(), code.meaning());
        assert!(help.contains(&line), "--help lacks {line:?}");
    }
}

/// Every `stytch-m2m …` command line in the README's code blocks is one the program accepts.
#[test]
fn every_readme_command_parses() {
    let readme = readme();
    let mut in_code = false;
    let mut checked = 0;
    for line in readme.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if !in_code {
            // Inline code spans in prose and tables: `stytch-m2m …` (usage notation with [] aside).
            for (i, span) in line.split('`').enumerate() {
                if i % 2 == 1 && span.starts_with("stytch-m2m ") && !span.contains('[') {
                    let end = span.find(['|', '<', '>', '#', ';']).unwrap_or(span.len());
                    check(&shell_words(&span[..end]));
                    checked += 1;
                }
            }
            continue;
        }
        let mut rest = line;
        while let Some(pos) = rest.find("stytch-m2m ") {
            let preceded_ok = rest[..pos]
                .chars()
                .last()
                .is_none_or(|c| !(c.is_alphanumeric() || "-/_.".contains(c)));
            // A command substitution, `$(stytch-m2m token …)`, ends at its parenthesis.
            let substituted = rest[..pos].ends_with("$(");
            let tail = &rest[pos..];
            rest = &rest[pos + "stytch-m2m ".len()..];
            if !preceded_ok {
                continue;
            }
            let ends: &[char] = if substituted {
                &['|', '<', '>', '#', ';', '`', ')']
            } else {
                &['|', '<', '>', '#', ';', '`']
            };
            let end = tail.find(ends).unwrap_or(tail.len());
            check(&shell_words(&tail[..end]));
            checked += 1;
        }
    }
    assert!(checked >= 12, "only {checked} README commands found");
}

fn check(words: &[String]) {
    // The program's own parser: a global flag used on a command that refuses it fails too.
    if let Err(e) = stytch_m2m::parse::parse_from(words) {
        if e.exit_code() != 0 {
            panic!("README command {:?} does not parse:\n{e}", words.join(" "));
        }
    }
}

/// Splits like a POSIX shell for the simple lines a README holds: quotes group, `$VAR` stays as is.
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    let mut any = false;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => cur.push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                any = true;
            }
            (None, c) if c.is_whitespace() => {
                if any || !cur.is_empty() {
                    words.push(std::mem::take(&mut cur));
                    any = false;
                }
            }
            (None, c) => cur.push(c),
        }
    }
    if any || !cur.is_empty() {
        words.push(cur);
    }
    words
}

/// The `--json` error contract: every `error` a script can see, with its exit code, is the
/// program's `ErrorKind::ALL`, row for row.
#[test]
fn the_error_type_table_matches_the_program() {
    use stytch_m2m::error::ErrorKind;
    let readme = readme();
    let section = readme
        .split("# Error types")
        .nth(1)
        .expect("an Error types section");
    let rows: Vec<(String, i32, String)> = section
        .lines()
        .skip_while(|l| !l.starts_with("| `error`"))
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(|l| {
            let cells: Vec<&str> = l.trim_matches('|').split('|').map(str::trim).collect();
            (
                cells[0].trim_matches('`').to_owned(),
                cells[1].parse().unwrap(),
                cells[2].to_owned(),
            )
        })
        .collect();
    let expected: Vec<(String, i32, String)> = ErrorKind::ALL
        .iter()
        .map(|k| {
            (
                k.name().to_owned(),
                k.exit_code().code(),
                k.meaning().to_owned(),
            )
        })
        .collect();
    assert_eq!(rows, expected);
}

/// Every `stytch-m2m …` command in the example workflows (run steps and the comments that say
/// how to finish a run) is one the program accepts.
#[test]
fn every_example_workflow_command_parses() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/github-actions");
    let mut checked = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        // Comment lines continued with `\` make one command.
        let joined = text.replace("\\\n#", " ").replace("\\\n", " ");
        for line in joined.lines() {
            let Some(pos) = line.find("stytch-m2m ") else {
                continue;
            };
            let tail = &line[pos..];
            if tail.starts_with("stytch-m2m-")
                || !line[..pos].trim_end().ends_with(['#', ':', ' ', '`'])
            {
                continue;
            }
            let end = tail.find(['`', '|', '>']).unwrap_or(tail.len());
            let words = shell_words(&tail[..end]);
            if words.len() < 2 || !words[1].chars().all(|c| c.is_ascii_lowercase()) {
                continue;
            }
            check(&words);
            checked += 1;
        }
    }
    assert!(checked >= 3, "only {checked} commands found");
}

/// Every `cargo install` a README's code blocks give (README.md, mock/README.md) installs a
/// crate of this repository from its path, with the lock file: the crates are not on crates.io
/// yet, so `cargo install stytch-m2m-mock` would fail. The mock's README gives the main one's.
#[test]
fn every_cargo_install_in_a_readme_installs_from_this_repository() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let main = readme();
    let mock = std::fs::read_to_string(root.join("mock/README.md")).unwrap();
    let mut mock_installs = 0;
    for (name, text) in [("README.md", &main), ("mock/README.md", &mock)] {
        let mut in_code = false;
        for line in text.lines() {
            if line.trim_start().starts_with("```") {
                in_code = !in_code;
                continue;
            }
            let Some(install) = line
                .trim()
                .strip_prefix("cargo install ")
                .filter(|_| in_code)
            else {
                continue;
            };
            let words = shell_words(install);
            let path = words.iter().skip_while(|w| *w != "--path").nth(1);
            assert!(
                words.contains(&"--locked".to_owned())
                    && path.is_some_and(|p| root.join(p).join("Cargo.toml").is_file()),
                "{name}: `{line}` does not install a crate of this repository with --locked --path"
            );
            if name == "mock/README.md" {
                mock_installs += 1;
                assert!(main.contains(&format!("`{}`", line.trim())), "{line}");
            }
        }
    }
    assert_eq!(mock_installs, 1, "mock/README.md says how to install it");
}
