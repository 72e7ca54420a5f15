//! The interface, pinned: `--help` of every command, the usage errors a person meets first, and
//! the message of each exit code. Each is an `insta` snapshot checked in under
//! `tests/snapshots/`, so a change to any of them shows up as a diff in review.
//!
//! After a deliberate change: `INSTA_UPDATE=always cargo test --test snapshots`, then read the
//! diff of `tests/snapshots/` (or `cargo insta review`, if cargo-insta is installed).
//!
//! What varies from run to run (the project id, the local Stytch's address, the temporary HOME,
//! last fours, request ids, times) is replaced by a `[NAME]` placeholder before comparing.

mod common;

use std::process::{Output, Stdio};

use common::*;

/// Every command path (`rotate start`, `auth login`, …), from the program's own definition.
fn command_paths() -> Vec<Vec<String>> {
    use clap::CommandFactory;
    fn walk(cmd: &clap::Command, path: &[String], out: &mut Vec<Vec<String>>) {
        for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
            let mut p = path.to_vec();
            p.push(sub.get_name().to_owned());
            out.push(p.clone());
            walk(sub, &p, out);
        }
    }
    let mut out = vec![Vec::new()];
    walk(&stytch_m2m::cli::Cli::command(), &[], &mut out);
    out
}

#[test]
fn help_of_every_command() {
    let h = Harness::new();
    for path in command_paths() {
        let out = h.cmd().args(&path).arg("--help").output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{path:?}: {}", stderr(&out));
        let name = if path.is_empty() {
            "help".to_owned()
        } else {
            format!("help-{}", path.join("-"))
        };
        insta::assert_snapshot!(name, stdout(&out));
    }
}

/// Usage errors: exit 2, what was wrong and what to type instead.
const USAGE_ERRORS: [(&str, &[&str]); 9] = [
    ("no-command", &[]),
    ("unknown-command", &["rotate", "frobnicate"]),
    ("unknown-option", &["rotate", "status", "--client", "x"]),
    ("missing-client-id", &["rotate", "start"]),
    (
        "invalid-client-id",
        &["rotate", "start", "--client-id", "a b"],
    ),
    (
        "two-destinations",
        &[
            "rotate",
            "start",
            "--client-id",
            "c",
            "--keyring",
            "--secret-file",
            "f",
        ],
    ),
    (
        "bad-duration",
        &["rotate", "status", "--client-id", "c", "--timeout", "soon"],
    ),
    (
        "too-many-jobs",
        &["rotate", "status", "--all", "--jobs", "17"],
    ),
    (
        "plain-http-off-loopback",
        &[
            "rotate",
            "status",
            "--client-id",
            "c",
            "--base-url",
            "http://10.0.0.1",
        ],
    ),
];

#[test]
fn usage_errors() {
    let h = Harness::new();
    for (name, args) in USAGE_ERRORS {
        let out = h.cmd().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{name}: {}", stderr(&out));
        assert!(
            h.requests().is_empty(),
            "{name}: a usage error sends nothing"
        );
        insta::assert_snapshot!(format!("usage-{name}"), shown(&h, &out));
    }
}

/// One message for each exit code of `ExitCode::ALL`, from the command that meets it first.
#[test]
fn a_message_for_each_exit_code() {
    let mut seen = Vec::new();
    for (code, name, run) in EXIT_CASES {
        let h = Harness::new();
        let out = run(&h);
        assert_eq!(out.status.code(), Some(*code), "{name}: {}", stderr(&out));
        insta::assert_snapshot!(format!("exit-{code}-{name}"), shown(&h, &out));
        seen.push(*code);
    }
    // Exit 2 is pinned by `usage_errors`.
    seen.push(2);
    seen.sort_unstable();
    let all: Vec<i32> = stytch_m2m::exit_codes::ExitCode::ALL
        .iter()
        .map(|c| c.code())
        .collect();
    assert_eq!(seen, all, "one message per exit code");
}

type Case = (i32, &'static str, fn(&Harness) -> Output);

const EXIT_CASES: &[Case] = &[
    (0, "status", |h| status(h, CLIENT_ID)),
    (1, "internal-error", |h| {
        h.cmd()
            .env("STYTCH_M2M_TEST_PANIC", "after-deliver")
            .args(["rotate", "start", "--client-id", CLIENT_ID])
            .output()
            .unwrap()
    }),
    (3, "wrong-project-secret", |h| {
        h.cmd()
            .env("STYTCH_SECRET", "secret-test-WRONGvalueQ7x3Zp9")
            .args(["rotate", "status", "--client-id", CLIENT_ID])
            .output()
            .unwrap()
    }),
    (4, "unknown-client", |h| status(h, "m2m-client-test-nobody")),
    (5, "nothing-to-cancel", |h| {
        h.cmd()
            .args(["rotate", "cancel", "--client-id", CLIENT_ID, "--yes"])
            .output()
            .unwrap()
    }),
    (6, "stytch-unavailable", |h| {
        h.inject_times(
            Route::GetClient,
            FaultKind::Status {
                status: 503,
                commit: false,
            },
            3,
        );
        status(h, CLIENT_ID)
    }),
    (7, "unreceived-secret-cancelled", |h| {
        h.inject(Route::RotateStart, FaultKind::Drop { commit: true });
        h.cmd()
            .args(["rotate", "start", "--client-id", CLIENT_ID])
            .output()
            .unwrap()
    }),
    (8, "secret-file-exists", |h| {
        let file = h.path("next-secret");
        std::fs::write(&file, "someone else's").unwrap();
        h.cmd()
            .args(["rotate", "start", "--client-id", CLIENT_ID, "--secret-file"])
            .arg(&file)
            .output()
            .unwrap()
    }),
    (9, "next-secret-rejected", |h| {
        h.start_rotation();
        h.cmd()
            .args(["rotate", "complete", "--client-id", CLIENT_ID, "--yes"])
            .arg("--next-secret-stdin")
            .write_stdin("not-the-pending-secret\n")
            .output()
            .unwrap()
    }),
    (10, "deploy-failed", |h| {
        h.cmd()
            .args(["rotate", "run", "--client-id", CLIENT_ID, "--yes"])
            .args(["--secret-file", "next-secret", "--deploy", "exit 3"])
            .current_dir(h.home.path())
            .output()
            .unwrap()
    }),
    (11, "some-clients-failed", |h| {
        let ids = h.path("ids");
        std::fs::write(&ids, format!("{CLIENT_ID}\nm2m-client-test-nobody\n")).unwrap();
        h.cmd()
            // One worker: the lines come in the file's order, not the order the answers land.
            .args(["rotate", "status", "--jobs", "1", "--clients-from"])
            .arg(&ids)
            .output()
            .unwrap()
    }),
    (129, "sighup", |h| signalled(h, "HUP")),
    (130, "sigint", |h| signalled(h, "INT")),
    (143, "sigterm", |h| signalled(h, "TERM")),
];

fn status(h: &Harness, id: &str) -> Output {
    h.cmd()
        .args(["rotate", "status", "--client-id", id])
        .output()
        .unwrap()
}

/// `rotate complete` held inside the local Stytch, then `signal`; the request goes on only once
/// the process is gone.
fn signalled(h: &Harness, signal: &str) -> Output {
    h.start_rotation();
    h.hold(Route::Rotate);
    let child = h
        .std_cmd()
        .args(["rotate", "complete", "--client-id", CLIENT_ID])
        .args(["--yes", "--skip-verify"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    h.wait_held();
    let killed = std::process::Command::new("kill")
        .args([format!("-{signal}"), child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let out = child.wait_with_output().unwrap();
    h.release();
    out
}

/// What a person sees (stdout, then stderr), with what varies from run to run replaced.
fn shown(h: &Harness, out: &Output) -> String {
    let mut text = format!(
        "exit {}\n--- stdout\n{}--- stderr\n{}",
        out.status.code().unwrap_or(-1),
        stdout(out),
        stderr(out)
    );
    let mut fixed: Vec<(String, &str)> = vec![
        (h.home.path().display().to_string(), "[HOME]"),
        (h.mock.url(), "[STYTCH]"),
        (h.mock.addr().to_string(), "[STYTCH-ADDR]"),
        (h.project_id.clone(), "[PROJECT]"),
    ];
    for m in h.mock.state().minted_secrets() {
        fixed.push((m.secret.clone(), "[SECRET]"));
        fixed.push((m.secret[m.secret.len() - 4..].to_owned(), "[LAST4]"));
    }
    for (from, to) in fixed {
        text = text.replace(&from, to);
    }
    replace_words(&text)
}

/// Ids (UUIDs: request ids, run ids), times and source lines, and durations: what changes from
/// run to run. The test client's own id is kept.
fn replace_words(text: &str) -> String {
    let text = replace_uuids(text);
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let words: Vec<String> = line
            .split(' ')
            .map(|word| placeholder(word).unwrap_or_else(|| word.to_owned()))
            .collect();
        out.push_str(&words.join(" "));
    }
    out
}

fn placeholder(word: &str) -> Option<String> {
    let trimmed = word.trim_matches(|c: char| "()[],;:'\"`".contains(c));
    let kind = if trimmed.starts_with("20") && trimmed.contains('T') && trimmed.ends_with('Z') {
        "[TIME]"
    } else if trimmed.contains(".rs:") {
        "[SOURCE]"
    } else if trimmed.parse::<f64>().is_ok()
        && trimmed.split_once('.').is_some_and(|(_, f)| !f.is_empty())
    {
        "[SECONDS]"
    } else {
        return None;
    };
    Some(word.replace(trimmed, kind))
}

/// Every `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` (hex) but the test client's becomes `[UUID]`.
fn replace_uuids(text: &str) -> String {
    const SHAPE: [usize; 5] = [8, 4, 4, 4, 12];
    let is_uuid = |s: &str| {
        let parts: Vec<&str> = s.split('-').collect();
        parts.len() == 5
            && parts
                .iter()
                .zip(SHAPE)
                .all(|(p, n)| p.len() == n && p.chars().all(|c| c.is_ascii_hexdigit()))
    };
    let keep = CLIENT_ID.strip_prefix("m2m-client-test-").unwrap();
    let mut out = String::new();
    let mut rest = text;
    while !rest.is_empty() {
        match rest.get(..36) {
            Some(head) if is_uuid(head) && head != keep => {
                out.push_str("[UUID]");
                rest = &rest[36..];
            }
            _ => {
                let c = rest.chars().next().unwrap();
                out.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    out
}
