//! `completions/` holds generated completion scripts and man pages (one per command), checked in
//! so packagers and users can take them as they are. This test regenerates them and fails when
//! one is stale.
//!
//! Refresh them with: STYTCH_M2M_UPDATE_COMPLETIONS=1 cargo test --test completions

use std::path::Path;

use clap::Command;
use clap_complete::Shell;
use stytch_m2m::cli::completion_script;

const REFRESH: &str = "STYTCH_M2M_UPDATE_COMPLETIONS=1 cargo test --test completions";

fn generated() -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = [
        ("stytch-m2m.bash", Shell::Bash),
        ("_stytch-m2m", Shell::Zsh),
        ("stytch-m2m.fish", Shell::Fish),
        ("_stytch-m2m.ps1", Shell::PowerShell),
        ("stytch-m2m.elv", Shell::Elvish),
    ]
    .into_iter()
    .map(|(name, shell)| (name.to_owned(), completion_script(shell)))
    .collect();
    // As clap_mangen::generate_to does: no `help` subcommand, whose page would say nothing.
    let mut cmd = stytch_m2m::parse::documented().disable_help_subcommand(true);
    cmd.build();
    man_pages(&cmd, &mut files);
    files
}

/// One page per command, as git has them: stytch-m2m.1, stytch-m2m-rotate.1,
/// stytch-m2m-rotate-start.1, … (each page's SUBCOMMANDS section names the next ones).
fn man_pages(cmd: &Command, out: &mut Vec<(String, Vec<u8>)>) {
    let man = clap_mangen::Man::new(cmd.clone());
    let mut page = Vec::new();
    man.render(&mut page).unwrap();
    let page = name_extra_sections(String::from_utf8(page).unwrap());
    out.push((man.get_filename(), page.into_bytes()));
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        man_pages(sub, out);
    }
}

/// clap_mangen puts a command's after-help under `.SH EXTRA`; a man page names its sections
/// after what they hold. Each paragraph of the after-help goes to one: under `Examples:` or
/// `Example:` to EXAMPLES, under `Exit codes:` or about the exit status (`Exit …`) to EXIT
/// STATUS, any other to NOTES (its label line dropped, the order kept).
fn name_extra_sections(page: String) -> String {
    let Some((head, rest)) = page.split_once(".SH EXTRA\n") else {
        return page;
    };
    let (extra, tail) = rest.split_at(rest.find("\n.SH ").map_or(rest.len(), |i| i + 1));
    let mut out = head.to_owned();
    let mut current = "";
    for paragraph in extra.trim_end_matches('\n').split("\n\n") {
        let (first, after) = paragraph.split_once('\n').unwrap_or((paragraph, ""));
        let (section, body) = match first {
            "Examples:" | "Example:" => ("EXAMPLES", after),
            "Exit codes:" => ("\"EXIT STATUS\"", after),
            _ if first.starts_with("Exit ") => ("\"EXIT STATUS\"", paragraph),
            _ => ("NOTES", paragraph),
        };
        if section == current {
            out.push('\n');
        } else {
            out.push_str(&format!(".SH {section}\n"));
            current = section;
        }
        out.push_str(body);
        out.push('\n');
    }
    out + tail
}

#[test]
fn checked_in_completions_and_man_page_are_current() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
    let update = std::env::var_os("STYTCH_M2M_UPDATE_COMPLETIONS").is_some();
    let files = generated();
    let mut stale = Vec::new();
    for (name, content) in &files {
        let path = dir.join(name);
        if update {
            std::fs::write(&path, content).unwrap();
        } else if std::fs::read(&path).ok().as_deref() != Some(content.as_slice()) {
            stale.push(name.clone());
        }
    }
    // A page for a command that no longer exists is stale too.
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if !files.iter().any(|(n, _)| *n == name) {
            if update {
                std::fs::remove_file(dir.join(&name)).unwrap();
            } else {
                stale.push(name);
            }
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
        // Against the checked-in file, not the generator both sides share (unless the other
        // test is rewriting the files right now).
        let expected = if std::env::var_os("STYTCH_M2M_UPDATE_COMPLETIONS").is_some() {
            generated().into_iter().find(|(n, _)| n == file).unwrap().1
        } else {
            std::fs::read(dir.join(file)).unwrap()
        };
        assert_eq!(out.stdout, expected, "{shell}");
    }
}

/// #27.3: every man page section has a real name (no clap_mangen "EXTRA"): the examples are
/// under EXAMPLES, the exit codes under EXIT STATUS.
#[test]
fn man_pages_name_their_sections() {
    let known = [
        "NAME",
        "SYNOPSIS",
        "DESCRIPTION",
        "OPTIONS",
        "\"GLOBAL OPTIONS\"",
        "CLIENTS",
        "\"MANY CLIENTS\"",
        "SUBCOMMANDS",
        "\"EXIT STATUS\"",
        "EXAMPLES",
        "NOTES",
        "VERSION",
    ];
    let mut pages = 0;
    let mut top = String::new();
    for (name, page) in generated().into_iter().filter(|(n, _)| n.ends_with(".1")) {
        pages += 1;
        let page = String::from_utf8(page).unwrap();
        for heading in page.lines().filter_map(|l| l.strip_prefix(".SH ")) {
            assert!(known.contains(&heading), "{name}: section {heading}");
        }
        let leaf = !page.contains(".SH SUBCOMMANDS");
        assert!(
            !leaf || page.contains(".SH EXAMPLES\n  "),
            "{name}: examples"
        );
        if name == "stytch-m2m.1" {
            top = page;
        }
    }
    assert!(pages > 20, "{pages} man pages");
    assert!(
        top.contains(".SH \"EXIT STATUS\"\n  0    success\n"),
        "{top}"
    );
}
