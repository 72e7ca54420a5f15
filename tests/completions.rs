//! `completions/` holds generated completion scripts and a man page, checked in so packagers and
//! users can take them as they are. This test regenerates them and fails when one is stale.
//!
//! Refresh them with: STYTCH_M2M_UPDATE_COMPLETIONS=1 cargo test --test completions

use std::path::Path;

use clap::CommandFactory;
use clap_complete::Shell;
use stytch_m2m::cli::{completion_script, Cli};

const REFRESH: &str = "STYTCH_M2M_UPDATE_COMPLETIONS=1 cargo test --test completions";

fn generated() -> Vec<(&'static str, Vec<u8>)> {
    let mut man = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut man)
        .unwrap();
    vec![
        ("stytch-m2m.bash", completion_script(Shell::Bash)),
        ("_stytch-m2m", completion_script(Shell::Zsh)),
        ("stytch-m2m.fish", completion_script(Shell::Fish)),
        ("_stytch-m2m.ps1", completion_script(Shell::PowerShell)),
        ("stytch-m2m.elv", completion_script(Shell::Elvish)),
        ("stytch-m2m.1", man),
    ]
}

#[test]
fn checked_in_completions_and_man_page_are_current() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
    let update = std::env::var_os("STYTCH_M2M_UPDATE_COMPLETIONS").is_some();
    let mut stale = Vec::new();
    for (name, content) in generated() {
        let path = dir.join(name);
        if update {
            std::fs::write(&path, &content).unwrap();
        } else if std::fs::read(&path).ok().as_deref() != Some(content.as_slice()) {
            stale.push(name);
        }
    }
    assert!(
        stale.is_empty(),
        "stale files in completions/: {stale:?}; refresh them with: {REFRESH}"
    );
}

/// What `stytch-m2m completions SHELL` prints is the checked-in file, byte for byte (compared
/// with the files, not with the function the binary itself calls).
#[test]
fn the_completions_subcommand_prints_the_checked_in_scripts() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
    for (shell, file) in [
        ("bash", "stytch-m2m.bash"),
        ("zsh", "_stytch-m2m"),
        ("fish", "stytch-m2m.fish"),
        ("powershell", "_stytch-m2m.ps1"),
        ("elvish", "stytch-m2m.elv"),
    ] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_stytch-m2m"))
            .args(["completions", shell])
            .env_clear()
            .output()
            .unwrap();
        assert!(out.status.success());
        let checked_in = std::fs::read(dir.join(file)).unwrap();
        assert!(!checked_in.is_empty(), "{file}");
        assert!(
            out.stdout == checked_in,
            "`completions {shell}` differs from completions/{file}; refresh with: {REFRESH}"
        );
    }
}
