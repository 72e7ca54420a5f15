//! The architecture, as the imports show it: arrows point down only. `app` and `commands/` sit
//! on top; below them the modules that know nothing of commands (the Stytch client, the
//! stores, the journal, configuration, the UI, errors, the runtime). A lower module that names
//! `crate::commands` or `crate::app` fails this test, with the file and line.

use std::path::Path;

/// The modules below `commands/` (directories and single files under `src/`).
const LOWER: &[&str] = &[
    "stytch",
    "store",
    "journal",
    "config",
    "error",
    "ui.rs",
    "exit_codes.rs",
    "redacted.rs",
    "sanitize.rs",
    "shell.rs",
    "signals.rs",
    "inflight.rs",
    "runtime.rs",
];

fn files(path: &Path, out: &mut Vec<std::path::PathBuf>) {
    if path.is_dir() {
        for entry in std::fs::read_dir(path).unwrap() {
            files(&entry.unwrap().path(), out);
        }
    } else if path.extension().is_some_and(|e| e == "rs") {
        out.push(path.to_owned());
    }
}

#[test]
fn lower_layers_never_import_commands_or_app() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut checked = 0;
    let mut upward = Vec::new();
    for lower in LOWER {
        let mut paths = Vec::new();
        files(&src.join(lower), &mut paths);
        assert!(
            !paths.is_empty(),
            "{lower} is not in src/ any more: update LOWER"
        );
        for path in paths {
            let text = std::fs::read_to_string(&path).unwrap();
            for (n, line) in text.lines().enumerate() {
                if line.trim_start().starts_with("//") {
                    continue;
                }
                if line.contains("crate::commands") || line.contains("crate::app") {
                    upward.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
                }
            }
            checked += 1;
        }
    }
    assert!(checked > 30, "only {checked} files checked");
    assert!(
        upward.is_empty(),
        "imports that point up:\n{}",
        upward.join("\n")
    );
}
