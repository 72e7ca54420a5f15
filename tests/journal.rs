//! Issue #12: the secret-free journal, per-client locks and compare-and-swap guards, with real
//! processes against the local Stytch.

mod common;

use std::path::{Path, PathBuf};
use std::process::Stdio;

use common::*;
use serde_json::Value;

fn state_dir(h: &Harness) -> PathBuf {
    h.home.path().join(".local/state/stytch-m2m")
}

fn entries(h: &Harness) -> Vec<Value> {
    let text = std::fs::read_to_string(state_dir(h).join("journal.jsonl")).unwrap_or_default();
    text.lines()
        .map(|l| serde_json::from_str(l).expect("every journal line is JSON"))
        .collect()
}

fn steps(h: &Harness) -> Vec<String> {
    entries(h)
        .iter()
        .map(|e| {
            format!(
                "{} {}",
                e["action"].as_str().unwrap(),
                e["phase"].as_str().unwrap()
            )
        })
        .collect()
}

/// The last four of the secret the local Stytch minted most recently.
fn last_minted_four(h: &Harness) -> String {
    let minted = h
        .mock
        .state()
        .minted_secrets()
        .last()
        .unwrap()
        .secret
        .clone();
    minted[minted.len() - 4..].to_owned()
}

/// No byte under the state directory holds the project secret or any secret Stytch minted.
fn assert_secret_free(h: &Harness) {
    let mut secrets = vec![PROJECT_SECRET.to_owned()];
    secrets.extend(
        h.mock
            .state()
            .minted_secrets()
            .into_iter()
            .map(|m| m.secret),
    );
    scan(&state_dir(h), &secrets);
}

fn scan(dir: &Path, secrets: &[String]) {
    let Ok(read) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in read.flatten() {
        let path = entry.path();
        if path.is_dir() {
            scan(&path, secrets);
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        for s in secrets {
            assert!(
                !text.contains(s.as_str()),
                "{} holds a secret",
                path.display()
            );
        }
    }
}

#[test]
fn the_journal_tells_what_start_complete_and_cancel_did() {
    let h = Harness::new();
    let file = h.path("next");
    h.cmd()
        .args(["rotate", "start", "--client-id", CLIENT_ID, "--secret-file"])
        .arg(&file)
        .assert()
        .code(0);
    // No proof flag: the journal knows the secret went to the file.
    h.cmd()
        .args(["rotate", "complete", "--client-id", CLIENT_ID, "--yes"])
        .assert()
        .code(0);
    let secret = std::fs::read_to_string(&file).unwrap();
    assert_eq!(h.record().client_secret, secret.trim());
    let _ = h.start_rotation();
    h.cmd()
        .args(["rotate", "cancel", "--client-id", CLIENT_ID, "--yes"])
        .assert()
        .code(0);
    assert_eq!(
        steps(&h),
        [
            "start intent",
            "start ok",
            "verify ok",
            "complete intent",
            "complete ok",
            "start intent",
            "start ok",
            "cancel intent",
            "cancel ok"
        ]
    );
    let e = entries(&h);
    let four = &secret.trim()[secret.trim().len() - 4..];
    assert_eq!(e[1]["next_secret_last_four"], four);
    assert_eq!(e[1]["destination"], format!("file:{}", file.display()));
    assert_eq!(
        e[4]["secret_last_four"], four,
        "complete ok names the new current secret"
    );
    for (i, step) in [(2, "verify ok"), (3, "complete intent"), (4, "complete ok")] {
        assert_eq!(
            e[i]["next_secret_last_four"], four,
            "{step} names the secret"
        );
    }
    let cancelled = last_minted_four(&h);
    for (i, step) in [(7, "cancel intent"), (8, "cancel ok")] {
        assert_eq!(
            e[i]["next_secret_last_four"], cancelled,
            "{step} names the secret"
        );
    }
    for (i, step) in [(1, "start ok"), (4, "complete ok"), (8, "cancel ok")] {
        let id = e[i]["request_id"].as_str().unwrap_or_default();
        assert!(
            id.starts_with("request-id-"),
            "{step} has Stytch's request id: {id:?}"
        );
    }
    for entry in &e {
        for field in [
            "time",
            "run_id",
            "project_id",
            "client_id",
            "host",
            "user",
            "version",
        ] {
            assert!(entry.get(field).is_some(), "{field} in {entry}");
        }
    }
    assert_secret_free(&h);
}

#[test]
fn a_failed_or_unknown_start_is_journaled_with_its_outcome() {
    let h = Harness::new();
    h.inject(Route::RotateStart, FaultKind::Drop { commit: true });
    h.cmd()
        .args(["rotate", "start", "--client-id", CLIENT_ID])
        .assert()
        .code(7);
    h.inject(
        Route::RotateStart,
        FaultKind::Status {
            status: 500,
            commit: false,
        },
    );
    h.cmd()
        .args(["rotate", "start", "--client-id", CLIENT_ID])
        .assert()
        .code(6);
    assert_eq!(
        steps(&h),
        [
            "start intent",
            "cancel intent",
            "cancel ok",
            "start failed",
            "start intent",
            "start failed"
        ]
    );
    let e = entries(&h);
    let unreceived = last_minted_four(&h);
    assert_eq!(
        e[1]["next_secret_last_four"], unreceived,
        "the cancel names the secret it discarded"
    );
    assert_eq!(
        e[1]["detail"],
        "cancelled a secret this process never received"
    );
    assert_eq!(e[2]["next_secret_last_four"], unreceived);
    assert_eq!(e[3]["exit_code"], 7);
    assert_eq!(e[3]["error_type"], "unreceived_secret_cancelled");
    assert_eq!(e[5]["error_type"], "stytch_error");

    // Stytch's own 500, committed: one read tells, and the cancel of the secret it minted is
    // journaled with that secret's last four and why.
    let out = h.start_answered_500(true);
    assert_eq!(out.status.code(), Some(7), "{}", stderr(&out));
    let e = entries(&h);
    let tail: Vec<String> = steps(&h)[6..].to_vec();
    assert_eq!(
        tail,
        ["start intent", "cancel intent", "cancel ok", "start failed"]
    );
    let unreceived = last_minted_four(&h);
    for cancel in &e[7..9] {
        assert_eq!(cancel["next_secret_last_four"], unreceived, "{cancel}");
    }
    assert_eq!(
        e[8]["detail"],
        "cancelled a secret this process never received"
    );
    assert_eq!(e[9]["error_type"], "unreceived_secret_cancelled");
    assert_secret_free(&h);
}

/// The first start is held inside the local Stytch (no clock to race) while the second start on
/// the same client is refused by the lock, and a start on another client, which takes a lock of
/// its own, goes through: its arrival is what lets the first go on (a barrier of two), so the
/// two overlapped.
#[test]
fn two_concurrent_starts_one_request_one_locked() {
    let h = Harness::new();
    h.hold(Route::RotateStart);
    let first = h
        .std_cmd()
        .args(["rotate", "start", "--client-id", CLIENT_ID])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    h.wait_held();
    let second = h
        .cmd()
        .args(["rotate", "start", "--client-id", CLIENT_ID, "--json"])
        .output()
        .unwrap();
    assert_eq!(second.status.code(), Some(5), "{}", stderr(&second));
    let err: Value = serde_json::from_str(stderr(&second).trim()).unwrap();
    assert_eq!(err["error"], "locked");
    assert!(err["holder"]["pid"].as_u64().unwrap() > 0, "{err}");
    assert!(
        err["message"].as_str().unwrap().contains("rotate start"),
        "{err}"
    );
    // Another client is never blocked: its start takes its own lock while the first holds
    // this one, and reaches Stytch.
    let other = "m2m-client-test-other";
    h.mock.add_client(other);
    let out = h
        .cmd()
        .args(["rotate", "start", "--client-id", other])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let first = first.wait_with_output().unwrap();
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let starts = |id: &str| {
        h.requests()
            .iter()
            .filter(|r| r.route == Route::RotateStart && r.client_id.as_deref() == Some(id))
            .count()
    };
    assert_eq!(
        starts(CLIENT_ID),
        1,
        "exactly one start of the held client reached Stytch"
    );
    assert_eq!(starts(other), 1, "the other client's start reached Stytch");
}

#[cfg(unix)]
#[test]
fn a_holder_killed_with_sigkill_frees_the_lock() {
    use std::os::unix::process::CommandExt;
    let h = Harness::new();
    h.inject(Route::RotateStart, FaultKind::Delay { ms: 5000 });
    let mut child = h
        .std_cmd()
        .args(["rotate", "start", "--client-id", CLIENT_ID])
        .process_group(0)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    h.wait_for(Route::RotateStart);
    let pgid = child.id().to_string();
    let killed = std::process::Command::new("kill")
        .args(["-KILL", "--", &format!("-{pgid}")])
        .status()
        .unwrap();
    assert!(killed.success());
    child.wait().unwrap();
    // The dead holder left an intent and no outcome; its lock is gone.
    assert_eq!(steps(&h), ["start intent"]);
    h.mock.state().clear_faults();
    h.cmd()
        .args(["rotate", "cancel", "--client-id", CLIENT_ID, "--yes"])
        .assert()
        .code(0);
}

#[test]
fn guards_refuse_with_nothing_sent_and_pass_when_they_match() {
    let h = Harness::new();
    let current = h.record().client_secret;
    let four = &current[current.len() - 4..];
    let out = h
        .cmd()
        .args([
            "rotate",
            "start",
            "--client-id",
            CLIENT_ID,
            "--json",
            "--expect-secret-last-four",
            "nope",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5));
    let err: Value = serde_json::from_str(stderr(&out).trim()).unwrap();
    assert_eq!(err["error"], "precondition_failed");
    assert_eq!(err["expected"], "nope");
    assert_eq!(err["actual"], four);
    assert_eq!(h.requests_to(Route::RotateStart), 0);
    // Secrets use `-`, so a last four can start with one: it is a value, not a flag.
    for args in [
        ["start", "--expect-secret-last-four", "-ipZ", "--quiet"],
        ["cancel", "--expect-next-last-four", "-ipZ", "--yes"],
    ] {
        let out = h
            .cmd()
            .args(["rotate", args[0], "--client-id", CLIENT_ID, "--json"])
            .args(&args[1..])
            .output()
            .unwrap();
        let err: Value = serde_json::from_str(stderr(&out).trim()).unwrap();
        assert_eq!(out.status.code(), Some(5), "{args:?}: {err}");
        assert_ne!(err["error"], "usage", "{args:?}: {err}");
    }
    assert_eq!(h.requests_to(Route::RotateStart), 0);

    h.cmd()
        .args([
            "rotate",
            "start",
            "--client-id",
            CLIENT_ID,
            "--expect-secret-last-four",
            four,
        ])
        .assert()
        .code(0);
    let intent = entries(&h)
        .into_iter()
        .rev()
        .find(|e| e["phase"] == "intent")
        .unwrap();
    assert_eq!(
        intent["secret_last_four"], four,
        "the checked secret is journaled"
    );
    let next = h.pending().unwrap();
    let next_four = &next[next.len() - 4..];
    for verb in ["complete", "cancel"] {
        h.cmd()
            .args(
                [
                    "rotate",
                    verb,
                    "--client-id",
                    CLIENT_ID,
                    "--yes",
                    "--skip-verify",
                ][..if verb == "complete" { 6 } else { 5 }]
                    .iter(),
            )
            .args(["--expect-next-last-four", "zzzz"])
            .assert()
            .code(5)
            .stderr(predicates::str::contains("expected to end in zzzz"));
    }
    assert_eq!(
        h.requests_to(Route::Rotate) + h.requests_to(Route::RotateCancel),
        0
    );
    h.cmd()
        .args([
            "rotate",
            "cancel",
            "--client-id",
            CLIENT_ID,
            "--yes",
            "--expect-next-last-four",
            next_four,
        ])
        .assert()
        .code(0);
}

#[test]
fn an_unwritable_state_dir_refuses_before_sending() {
    let h = Harness::new();
    let blocker = h.path("a-file");
    std::fs::write(&blocker, "").unwrap();
    let out = h
        .cmd()
        .env("STYTCH_M2M_STATE_DIR", blocker.join("state"))
        .args(["rotate", "start", "--client-id", CLIENT_ID])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(8), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains(&blocker.join("state").display().to_string()),
        "{err}"
    );
    assert!(
        err.contains("STYTCH_M2M_STATE_DIR") && err.contains("--no-journal"),
        "{err}"
    );
    assert!(h.requests().is_empty(), "nothing was sent");
    // Read-only commands never fail because of the journal.
    h.cmd()
        .env("STYTCH_M2M_STATE_DIR", blocker.join("state"))
        .args(["rotate", "status", "--client-id", CLIENT_ID])
        .assert()
        .code(0);
}

#[test]
fn no_journal_works_without_a_writable_home() {
    let h = Harness::new();
    let blocker = h.path("not-a-dir");
    std::fs::write(&blocker, "").unwrap();
    for how in ["flag", "env"] {
        let mut cmd = h.cmd();
        cmd.env("HOME", &blocker)
            .args(["rotate", "start", "--client-id", CLIENT_ID]);
        if how == "flag" {
            cmd.arg("--no-journal");
        } else {
            cmd.env("STYTCH_M2M_NO_JOURNAL", "1");
        }
        cmd.assert().code(0);
        h.cmd()
            .env("HOME", &blocker)
            .args([
                "rotate",
                "cancel",
                "--client-id",
                CLIENT_ID,
                "--yes",
                "--no-journal",
            ])
            .assert()
            .code(0);
    }
}

#[test]
fn history_shows_a_table_json_lines_and_skips_a_torn_line() {
    let h = Harness::new();
    let out = h.cmd().arg("history").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(!state_dir(&h).exists(), "history creates nothing");
    h.start_rotation();
    // Power loss mid-write: a torn last line.
    let path = state_dir(&h).join("journal.jsonl");
    let mut bytes = std::fs::read(&path).unwrap();
    bytes.extend_from_slice(br#"{"time":"2026-01-01T00:00:00Z","run_id":"torn","#);
    std::fs::write(&path, bytes).unwrap();
    h.cmd()
        .args(["rotate", "cancel", "--client-id", CLIENT_ID, "--yes"])
        .assert()
        .code(0);
    let out = h
        .cmd()
        .args(["history", "--client-id", CLIENT_ID])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let err = stderr(&out);
    assert!(err.contains("line 3 skipped"), "{err}");
    let table = stdout(&out);
    assert!(table.lines().next().unwrap().contains("TIME"), "{table}");
    assert_eq!(table.lines().count(), 5, "header + 4 entries: {table}");
    assert!(table.contains("cancel"), "{table}");

    let out = h
        .cmd()
        .args(["history", "--json", "--limit", "2"])
        .output()
        .unwrap();
    let lines: Vec<Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1]["action"], "cancel");
    assert_eq!(lines[1]["phase"], "ok");
    assert_secret_free(&h);
}

/// #27.3: a `history` that shows nothing says why: no entries for that client (not "none
/// recorded yet" when the journal holds some), or `--limit 0`.
#[test]
fn history_says_why_it_shows_nothing() {
    let h = Harness::new();
    h.start_rotation();
    let history = |args: &[&str]| {
        let out = h.cmd().arg("history").args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert_eq!(stdout(&out), "", "no table");
        stderr(&out)
    };
    let other = "m2m-client-test-00000000-0000-4000-8000-0000000000aa";
    let err = history(&["--client-id", other]);
    assert!(
        err.contains(&format!(
            "No rotations of client {other} in project {}",
            h.project_id
        )) && err.contains("it holds 2 entries of others"),
        "{err}"
    );
    assert!(!err.contains("yet"), "{err}");
    let err = history(&["--limit", "0"]);
    assert!(
        err.contains("--limit 0 shows no entries") && err.contains("holds 2 entries that match"),
        "{err}"
    );
    let err = history(&["--client-id", CLIENT_ID, "--limit", "0"]);
    assert!(err.contains("--limit 0 shows no entries"), "{err}");
}

/// #27.3: with no `USER` (nor `LOGNAME`, `USERNAME`) in the environment, as under cron or in a
/// bare container, the journal names the OS account, not `unknown`.
#[test]
fn the_journal_names_the_os_account_when_user_is_unset() {
    let h = Harness::new();
    assert!(
        !h.env_pairs()
            .iter()
            .any(|(k, _)| ["USER", "LOGNAME", "USERNAME"].contains(&k.as_str())),
        "the harness sets no user name"
    );
    let id = std::process::Command::new("id")
        .arg("-un")
        .output()
        .unwrap();
    let account = String::from_utf8(id.stdout).unwrap().trim().to_owned();
    assert!(!account.is_empty());
    h.start_rotation();
    let entries = h.journal();
    assert!(!entries.is_empty());
    for entry in entries {
        assert_eq!(entry["user"], account.as_str(), "{entry}");
    }
    h.cmd()
        .env("USER", "ci-bot")
        .args(["rotate", "cancel", "--client-id", CLIENT_ID, "--yes"])
        .assert()
        .code(0);
    assert_eq!(
        h.journal().last().unwrap()["user"],
        "ci-bot",
        "USER still wins"
    );
}

/// #27.3: a failed verify of `rotate complete` shows, in `history`, the last four of the secret
/// that was tried, not only the pending one's.
#[test]
fn a_failed_verify_shows_the_secret_that_was_tried() {
    let h = Harness::new();
    let minted = h.start_rotation();
    let pending = &minted[minted.len() - 4..];
    h.cmd()
        .args(["rotate", "complete", "--client-id", CLIENT_ID, "--yes"])
        .arg("--next-secret-stdin")
        .write_stdin("some-other-secret-wxyz\n")
        .assert()
        .code(9);
    let verify = h.journal().pop().unwrap();
    assert_eq!(
        (&verify["action"], &verify["phase"]),
        (&"verify".into(), &"failed".into())
    );
    assert_eq!(verify["tried_secret_last_four"], "wxyz", "{verify}");
    let out = h.cmd().arg("history").output().unwrap();
    let row = stdout(&out).lines().last().unwrap().to_owned();
    assert!(
        row.contains(&format!("tried …wxyz (pending …{pending})")),
        "{row}"
    );
    // The right secret: tried and pending are one, shown as before.
    h.cmd()
        .args(["rotate", "complete", "--client-id", CLIENT_ID, "--yes"])
        .arg("--next-secret-stdin")
        .write_stdin(format!("{minted}\n"))
        .assert()
        .code(0);
    let out = h.cmd().arg("history").output().unwrap();
    let table = stdout(&out);
    let ok = table
        .lines()
        .find(|l| l.contains("verify") && l.contains(" ok "))
        .unwrap();
    assert!(ok.contains(&format!("- → …{pending}")), "{table}");
}
