//! Issue #10's security review, one regression test per item (each failed before its fix).

mod common;

use common::*;
use predicates::prelude::*;
use serde_json::Value;

fn start(h: &Harness, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["rotate", "start", "--client-id", CLIENT_ID];
    args.extend_from_slice(extra);
    h.cmd().args(args).output().unwrap()
}

/// Item 2: a 2xx start answer whose other fields are null, missing or of another type still
/// delivers the secret it carries; the oddities become warnings.
#[test]
fn a_minted_secret_is_delivered_whatever_else_the_answer_holds() {
    let h = Harness::new();
    let body = r#"{"status_code":200,"request_id":null,"m2m_client":{"client_id":"m2m-client-test-00000000-0000-4000-8000-00000000c0de",
        "client_name":null,"scopes":null,"status":{"odd":true},"client_secret_last_four":null,
        "next_client_secret":"ODD-BUT-REAL-SECRET-abcdefghijklmnopqrstuvwxyz-9mkz"}}"#;
    for dest in [&[][..], &["--secret-file"][..]] {
        h.inject(
            Route::RotateStart,
            FaultKind::Body {
                status: 200,
                content_type: "application/json".into(),
                body: body.into(),
                commit: false,
            },
        );
        let file = h.path(&format!("odd-{}", dest.len()));
        let file_arg = file.display().to_string();
        let mut extra: Vec<&str> = dest.to_vec();
        if !dest.is_empty() {
            extra.push(&file_arg);
        }
        let out = start(&h, &extra);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let delivered = if dest.is_empty() {
            stdout(&out)
        } else {
            std::fs::read_to_string(&file).unwrap()
        };
        assert_eq!(
            delivered.trim(),
            "ODD-BUT-REAL-SECRET-abcdefghijklmnopqrstuvwxyz-9mkz"
        );
        let err = stderr(&out);
        assert!(
            err.contains("warning: Stytch's answer was odd: m2m_client.status is not a string"),
            "{err}"
        );
        assert!(err.contains("ending 9mkz"), "{err}");
        assert!(!err.contains("ODD-BUT-REAL"), "{err}");
    }
}

/// Item 3: a Stytch-shaped 5xx after the change was committed leaves a live secret nobody holds,
/// unless the tool finds out and cancels it. For every destination.
#[test]
fn a_5xx_after_commit_on_start_is_found_out_and_cancelled() {
    for dest in ["stdout", "keyring", "file"] {
        if dest == "keyring" {
            require_session_keyring();
        }
        let h = Harness::new();
        h.inject(
            Route::RotateStart,
            FaultKind::Status {
                status: 500,
                commit: true,
            },
        );
        let file = h.path("next");
        let file_arg = file.display().to_string();
        let extra: Vec<&str> = match dest {
            "keyring" => vec!["--keyring"],
            "file" => vec!["--secret-file", &file_arg],
            _ => vec![],
        };
        let out = start(&h, &extra);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(7), "{dest}: {err}");
        assert!(
            err.contains("never received") && err.contains("it was cancelled"),
            "{dest}: {err}"
        );
        let minted = h
            .mock
            .state()
            .requests()
            .iter()
            .filter(|r| r.route == Route::RotateStart)
            .count();
        assert_eq!(minted, 1, "{dest}: never retried");
        assert_eq!(
            h.pending(),
            None,
            "{dest}: no secret nobody holds stays valid"
        );
        assert_eq!(stdout(&out), "", "{dest}");
        assert!(!file.exists(), "{dest}: the reserved file is removed");
    }
    // Without the commit: nothing pending, so it is safe to run again (exit 6).
    let h = Harness::new();
    h.inject(
        Route::RotateStart,
        FaultKind::Status {
            status: 500,
            commit: false,
        },
    );
    let out = start(&h, &[]);
    assert_eq!(out.status.code(), Some(6), "{}", stderr(&out));
    assert!(stderr(&out).contains("it is safe to run the same command again"));
    assert_eq!(h.requests_to(Route::RotateCancel), 0);
}

/// Item 4: a panic inside the store after minting hands the secret over from the panic hook.
#[test]
fn a_panic_while_storing_still_delivers_the_secret() {
    for (point, extra) in [
        ("keyring-set", "--keyring"),
        ("file-write", "--secret-file"),
    ] {
        if point == "keyring-set" {
            require_session_keyring();
        }
        let h = Harness::new();
        let file = h.path("next");
        let mut args = vec!["rotate", "start", "--client-id", CLIENT_ID, extra];
        let file_arg = file.display().to_string();
        if extra == "--secret-file" {
            args.push(&file_arg);
        }
        let out = h
            .cmd()
            .env("STYTCH_M2M_TEST_PANIC", point)
            .args(args)
            .output()
            .unwrap();
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(8), "{point}: {err}");
        let pending = h.pending().expect("the rotation is pending");
        assert_eq!(
            stdout(&out).trim(),
            pending,
            "{point}: the secret reached stdout"
        );
        assert!(
            err.contains("THE NEW SECRET IS PRINTED BELOW ON STDOUT"),
            "{point}: {err}"
        );
        assert!(!err.contains(&pending), "{point}");
    }
}

/// Item 4, the other side: once the secret is handed over, a later crash must not print it again
/// (the panic hook hands over only a secret still in flight).
#[test]
fn a_panic_after_delivery_prints_no_secret() {
    require_session_keyring();
    let h = Harness::new();
    let out = h
        .cmd()
        .env("STYTCH_M2M_TEST_PANIC", "after-deliver")
        .args(["rotate", "start", "--client-id", CLIENT_ID, "--keyring"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let pending = h.pending().expect("the rotation is pending");
    assert_eq!(
        stdout(&out),
        "",
        "the secret is in the keyring, not on stdout"
    );
    assert!(!stderr(&out).contains(&pending));
    let user = format!("{}/{CLIENT_ID}/next", h.project_id);
    assert_eq!(
        secret_tool_lookup(&user).as_deref().map(str::trim),
        Some(pending.as_str())
    );
}

/// Stytch's own errors keep their exit codes even where the tool's pre-checks would normally
/// answer first (mutation testing found these unpinned).
#[test]
fn stytch_errors_map_to_their_exit_codes() {
    let h = Harness::new();
    // A 5xx with Stytch's body on a read, every try: unavailable (6), never outcome unknown.
    h.inject_times(
        Route::GetClient,
        FaultKind::Status {
            status: 503,
            commit: false,
        },
        3,
    );
    let out = h
        .cmd()
        .args(["rotate", "status", "--client-id", CLIENT_ID, "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(6), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("\"error\":\"stytch_error\""),
        "{}",
        stderr(&out)
    );
    h.mock.state().clear_faults();
    // Stytch says nothing is pending (someone completed it in between): a conflict (5).
    h.start_rotation();
    h.inject(
        Route::Rotate,
        FaultKind::Body {
            status: 400,
            content_type: "application/json".into(),
            body: r#"{"status_code":400,"request_id":"r-1","error_type":"m2m_client_not_rotating_secret","error_message":"not rotating"}"#.into(),
            commit: false,
        },
    );
    let out = h
        .cmd()
        .args([
            "rotate",
            "complete",
            "--client-id",
            CLIENT_ID,
            "--yes",
            "--skip-verify",
            "--json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("\"error\":\"not_rotating\""),
        "{}",
        stderr(&out)
    );
    h.mock.state().clear_faults();
    // A proxy's own 401 or 429 page is still about credentials or the rate limit.
    for (status, code, error) in [(401, 3, "unauthorized"), (429, 6, "rate_limited")] {
        h.inject_times(
            Route::GetClient,
            FaultKind::Html {
                status,
                commit: false,
            },
            3,
        );
        let out = h
            .cmd()
            .args(["rotate", "status", "--client-id", CLIENT_ID, "--json"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(code), "{status}: {}", stderr(&out));
        let expected = format!("\"error\":\"{error}\"");
        assert!(
            stderr(&out).contains(&expected),
            "{status}: {}",
            stderr(&out)
        );
        h.mock.state().clear_faults();
    }
}

/// Item 6: keyring entry names are injective: client `x/next` never lands in client `x`'s
/// pending entry.
#[test]
fn keyring_names_never_collide() {
    require_session_keyring();
    let h = Harness::new();
    h.mock.add_client("x");
    h.mock.add_client("x/next");
    for id in ["x", "x/next"] {
        h.cmd()
            .args(["rotate", "start", "--client-id", id, "--keyring"])
            .assert()
            .code(0);
    }
    for id in ["x", "x/next"] {
        let out = h
            .cmd()
            .args(["secret", "get", "--client-id", id, "--next"])
            .output()
            .unwrap();
        let pending = h
            .mock
            .state()
            .client(id)
            .unwrap()
            .next_client_secret
            .unwrap();
        assert_eq!(stdout(&out).trim(), pending, "{id}");
    }
    h.cmd()
        .args(["rotate", "complete", "--client-id", "x/next", "--yes"])
        .assert()
        .code(0);
    let out = h
        .cmd()
        .args(["secret", "get", "--client-id", "x", "--next"])
        .output()
        .unwrap();
    let pending = h
        .mock
        .state()
        .client("x")
        .unwrap()
        .next_client_secret
        .unwrap();
    assert_eq!(stdout(&out).trim(), pending, "x's pending entry survived");
    let user = format!("{}/x%2Fnext", h.project_id);
    assert!(secret_tool_lookup(&user).is_some(), "promoted under {user}");
}

/// Item 7: server text is sanitized in doctor, and no response body is ever quoted; a body
/// carrying Stytch's success JSON under an error status never reaches stderr.
#[test]
fn server_text_and_bodies_never_reach_the_terminal_raw() {
    let h = Harness::new();
    h.inject(
        Route::GetClient,
        FaultKind::Body {
            status: 200,
            content_type: "application/json".into(),
            body: r#"{"status_code":200,"request_id":"r","m2m_client":{"client_id":"evil\u001b[2Jname","client_secret_last_four":"abcd"}}"#.into(),
            commit: false,
        },
    );
    let out = h
        .cmd()
        .args(["doctor", "--client-id", CLIENT_ID])
        .output()
        .unwrap();
    assert!(!stdout(&out).contains('\u{1b}'), "{:?}", stdout(&out));
    assert!(
        stdout(&out).contains("evil\\u{1b}[2Jname"),
        "{}",
        stdout(&out)
    );

    let leaky = r#"{"status_code":200,"m2m_client":{"client_id":"c","next_client_secret":"LEAKED-BY-A-PROXY-SECRET-0000"}}"#;
    for route in [Route::RotateStart, Route::GetClient] {
        h.inject_times(
            route,
            FaultKind::Body {
                status: 502,
                content_type: "application/json".into(),
                body: leaky.into(),
                commit: false,
            },
            3,
        );
        let args: &[&str] = if route == Route::RotateStart {
            &["rotate", "start", "--client-id", CLIENT_ID]
        } else {
            &["rotate", "status", "--client-id", CLIENT_ID]
        };
        let out = h.cmd().args(args).output().unwrap();
        assert!(
            !stderr(&out).contains("LEAKED"),
            "{route:?}: {}",
            stderr(&out)
        );
        assert!(
            stderr(&out).contains("(application/json, "),
            "{route:?}: {}",
            stderr(&out)
        );
        h.mock.state().clear_faults();
    }
}

/// Item 8: the token endpoint refusing the pending secret during `complete` is exit 9, never 3.
#[test]
fn token_401_during_complete_blames_the_secret() {
    for status in [401, 403] {
        let h = Harness::new();
        let secret = h.start_rotation();
        h.inject(
            Route::Token,
            FaultKind::Status {
                status,
                commit: false,
            },
        );
        h.cmd()
            .args([
                "rotate",
                "complete",
                "--client-id",
                CLIENT_ID,
                "--yes",
                "--next-secret-stdin",
            ])
            .write_stdin(format!("{secret}\n"))
            .assert()
            .code(9)
            .stderr(predicate::str::contains("refused to issue a token"));
        assert_eq!(h.requests_to(Route::Rotate), 0);
    }
}

/// Item 9: `--help` never shows what the environment holds.
#[test]
fn help_never_shows_environment_values() {
    let h = Harness::new();
    for args in [&["--help"][..], &["rotate", "start", "--help"][..]] {
        let out = h
            .cmd()
            .env("STYTCH_BASE_URL", "http://127.0.0.1:1/ENV-VALUE-URL")
            .env("STYTCH_PROJECT_ID", "project-test-ENV-VALUE-ID")
            .env("STYTCH_CA_CERT", "/ENV-VALUE-CA")
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        let text = stdout(&out);
        assert!(text.contains("STYTCH_BASE_URL"), "{text}");
        assert!(!text.contains("ENV-VALUE"), "{text}");
    }
}

/// Issue 23, item 10: a panic in one fleet worker (release builds abort: only the hook runs)
/// costs no other client's secret. The hook hands over every minted secret still in flight,
/// each named with its client, and names every client whose `rotate/start` had no answer yet,
/// with the status and guarded cancel that find and discard what Stytch minted; every pending
/// secret afterwards is either on stdout or named so.
#[test]
fn a_panic_in_one_fleet_worker_accounts_for_every_client() {
    let h = Harness::new();
    h.mock.generate_clients(5);
    // Four starts are held inside Stytch until all four arrived, then committed and answered
    // together: the first worker to read its answer panics while the others' are unread.
    h.inject(Route::RotateStart, FaultKind::Barrier { count: 4 });
    let dir = h.path("secrets");
    let out = h
        .cmd()
        .env("STYTCH_M2M_TEST_PANIC", "file-write")
        .args(["rotate", "start", "--all", "--jobs", "4", "--secret-dir"])
        .arg(&dir)
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(8), "{err}");
    let printed: Vec<String> = stdout(&out).lines().map(str::to_owned).collect();
    assert!(!printed.is_empty(), "{err}");
    let pending: Vec<_> = h
        .mock
        .state()
        .clients()
        .into_iter()
        .filter(|c| c.next_client_secret.is_some())
        .collect();
    assert_eq!(
        pending.len(),
        4,
        "the four held starts were committed: {err}"
    );
    let mut in_flight = Vec::new();
    for c in &pending {
        let secret = c.next_client_secret.as_deref().unwrap();
        assert!(!err.contains(secret), "no secret on stderr");
        match printed.iter().position(|p| p == secret) {
            Some(_) if printed.len() == 1 => assert!(
                err.contains(&format!("it is the secret of client {}", c.client_id)),
                "{err}"
            ),
            Some(i) => assert!(
                err.contains(&format!(
                    "stdout line {}: the secret of client {}",
                    i + 1,
                    c.client_id
                )),
                "{err}"
            ),
            None => {
                assert!(
                    err.contains(&format!("`rotate/start` for {} was in flight", c.client_id)),
                    "{} holds a pending secret nobody was told of: {err}",
                    c.client_id
                );
                in_flight.push(c);
            }
        }
    }
    let other = in_flight.first().expect("starts were in flight");

    // The way it names, for one in-flight client: status shows the last four, the guarded
    // cancel discards only that secret.
    let status = format!("stytch-m2m rotate status --client-id {}", other.client_id);
    assert!(err.contains(&status), "{err}");
    let out = h.cmd().args(&shell_words(&status)[1..]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let secret = other.next_client_secret.as_deref().unwrap();
    let four = &secret[secret.len() - 4..];
    assert!(stdout(&out).contains(four), "{}", stdout(&out));
    let cancel = format!(
        "stytch-m2m rotate cancel --client-id {} --yes --expect-next-last-four",
        other.client_id
    );
    assert!(err.contains(&cancel), "{err}");
    let mut words = shell_words(&cancel);
    words.push(four.to_owned());
    let out = h.cmd().args(&words[1..]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let after = h.mock.state().client(&other.client_id).unwrap();
    assert_eq!(after.next_client_secret, None);
}

/// Under `--json` a crash speaks JSON too: every stderr line is a JSON object (the warnings,
/// then the error with its exit code and recovery), and a secret it hands over is a JSON object
/// on stdout naming its client, with the secret where `rotate start --json` has it
/// (`.m2m_client.next_client_secret`) and a `result` like a fleet's lines. The printed complete
/// runs as printed, the secret given on stdin, and completes the rotation.
#[test]
fn a_panic_under_json_speaks_json() {
    let h = Harness::new();
    h.mock.generate_clients(1);
    let file = h.path("next");
    for (args, code, error) in [
        (
            vec!["rotate", "start", "--client-id", CLIENT_ID, "--secret-file"],
            8,
            "store_failed_after_mint",
        ),
        (
            vec!["rotate", "start", "--all", "--jobs", "1", "--secret-dir"],
            8,
            "store_failed_after_mint",
        ),
    ] {
        h.mock
            .state()
            .clients()
            .iter()
            .filter(|c| c.next_client_secret.is_some())
            .for_each(|c| {
                h.cmd()
                    .args(["rotate", "cancel", "--yes", "--client-id", &c.client_id])
                    .assert()
                    .code(0);
            });
        let _ = std::fs::remove_file(&file);
        let out = h
            .cmd()
            .env("STYTCH_M2M_TEST_PANIC", "file-write")
            .args(&args)
            .arg(&file)
            .arg("--json")
            .output()
            .unwrap();
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(code), "{err}");
        let lines: Vec<Value> = err
            .lines()
            .map(|l| {
                serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON: {l:?} ({e}) in {err}"))
            })
            .collect();
        let last = lines.last().unwrap();
        assert_eq!(
            (last["error"].as_str(), last["exit_code"].as_i64()),
            (Some(error), Some(i64::from(code))),
            "{err}"
        );
        assert_eq!(last["secret_on_stdout"], true, "{err}");
        assert!(
            lines[0]["warning"]
                .as_str()
                .unwrap()
                .contains("THE NEW SECRET IS PRINTED BELOW ON STDOUT"),
            "{err}"
        );
        let handed: Value = serde_json::from_str(stdout(&out).lines().next().unwrap()).unwrap();
        let client = handed["client_id"].as_str().unwrap();
        let pending = h.mock.state().client(client).unwrap().next_client_secret;
        let secret = handed["m2m_client"]["next_client_secret"].as_str();
        assert_eq!(secret, pending.as_deref(), "the pending secret, on stdout");
        assert_eq!(handed["m2m_client"]["client_id"], client, "{handed}");
        assert_eq!(handed["result"], "rescued", "{handed}");
        assert_eq!(
            handed["next_secret_last_four"].as_str(),
            secret.map(|s| &s[s.len() - 4..])
        );
        assert!(!err.contains(pending.as_deref().unwrap()));
        let steps = printed_recovery(&err);
        let complete = steps
            .iter()
            .find(|s| s.verb() == "complete" && s.args.contains(&client.to_owned()))
            .unwrap_or_else(|| panic!("no complete for {client}: {steps:?}"));
        let cancel = steps
            .iter()
            .find(|s| s.verb() == "cancel" && s.number == complete.number)
            .unwrap_or_else(|| panic!("no cancel beside the complete: {steps:?}"));
        assert!(cancel
            .line()
            .ends_with(handed["next_secret_last_four"].as_str().unwrap()));
        let out = h
            .cmd()
            .args(&complete.args)
            .write_stdin(secret.unwrap())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let after = h.mock.state().client(client).unwrap();
        assert_eq!(
            Some(after.client_secret.as_str()),
            secret,
            "completed with the printed secret"
        );
    }
}
