//! The real binary against a real local Stytch: every command, every exit code, `--json`,
//! retries and each injected fault (bad inputs and client-id encoding: tests/inputs.rs).

mod common;

use common::*;
use predicates::prelude::*;
use serde_json::Value;

fn json_line(text: &str) -> Value {
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines.len(),
        1,
        "exactly one JSON line expected, got: {text:?}"
    );
    serde_json::from_str(lines[0]).expect("valid JSON")
}

#[test]
fn full_rotation_start_status_complete() {
    let h = Harness::new();
    let out = h
        .cmd()
        .args(["rotate", "start", "--client-id", CLIENT_ID])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // stdout holds the secret and nothing else: one line, 44 base64url characters.
    let printed = stdout(&out);
    assert_eq!(printed.lines().count(), 1);
    let secret = printed.trim_end_matches('\n');
    assert_eq!(secret.len(), 44);
    assert_eq!(
        h.pending().as_deref(),
        Some(secret),
        "stdout holds exactly the minted secret"
    );
    let err = stderr(&out);
    let last_four = &secret[40..];
    assert!(
        err.contains(last_four) && err.contains("rotate complete --client-id"),
        "{err}"
    );
    assert!(!err.contains(secret), "the secret is never printed twice");

    let out = h
        .cmd()
        .args(["rotate", "status", "--client-id", CLIENT_ID])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let status = stdout(&out);
    assert!(
        status.contains(&format!("…{last_four} (rotation pending")),
        "{status}"
    );
    assert!(
        status.contains("stytch-m2m rotate complete --client-id"),
        "{status}"
    );
    assert!(!status.contains(secret));

    h.cmd()
        .args([
            "rotate",
            "complete",
            "--client-id",
            CLIENT_ID,
            "--yes",
            "--next-secret-stdin",
        ])
        .write_stdin(printed.clone())
        .assert()
        .code(0)
        .stdout("")
        .stderr(predicate::str::contains(format!(
            "Verified: the secret ending {last_four} gets an access token"
        )))
        .stderr(predicate::str::contains(format!(
            "secret ending {last_four} is now the only secret"
        )));
    assert_eq!(
        h.requests_to(Route::Token),
        1,
        "complete proved the secret first"
    );
    let record = h.record();
    assert_eq!(record.client_secret, secret);
    assert_eq!(record.next_client_secret, None);

    h.cmd()
        .args(["rotate", "status", "--client-id", CLIENT_ID])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("none (no rotation pending)"))
        .stdout(predicate::str::contains(
            "stytch-m2m rotate start --client-id",
        ));
}

#[test]
fn cancel_discards_the_next_secret() {
    let h = Harness::new();
    let old = h.record().client_secret;
    h.start_rotation();
    h.cmd()
        .args(["rotate", "cancel", "--client-id", CLIENT_ID, "-y"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("Cancelled rotation"));
    assert_eq!(h.pending(), None);
    assert_eq!(h.record().client_secret, old);
}

#[test]
fn requests_carry_the_expected_headers_and_body() {
    let h = Harness::new();
    h.start_rotation();
    let reqs = h.requests();
    let start = reqs.iter().find(|r| r.route == Route::RotateStart).unwrap();
    assert_eq!(start.method, "POST");
    assert_eq!(start.content_type.as_deref(), Some("application/json"));
    assert_eq!(
        start.user_agent.as_deref(),
        Some(concat!("stytch-m2m/", env!("CARGO_PKG_VERSION")))
    );
    assert!(start.authorized, "Basic auth with the project credentials");
    assert_eq!(
        start.raw_path,
        format!("/v1/m2m/clients/{CLIENT_ID}/secrets/rotate/start")
    );
}

#[test]
fn json_on_success() {
    let h = Harness::new();
    let out = h
        .cmd()
        .args(["rotate", "status", "--client-id", CLIENT_ID, "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stderr(&out), "", "--json keeps stderr clean on success");
    let v = json_line(&stdout(&out));
    assert!(v["request_id"]
        .as_str()
        .unwrap()
        .starts_with("request-id-test-"));
    assert_eq!(v["status_code"], 200);
    assert_eq!(v["m2m_client"]["client_id"], CLIENT_ID);
    assert_eq!(v["m2m_client"]["next_client_secret_last_four"], Value::Null);
    assert_eq!(
        v["m2m_client"]["scopes"][0], "read:users",
        "m2m_client as Stytch returned it"
    );

    let out = h
        .cmd()
        .args(["rotate", "start", "--client-id", CLIENT_ID, "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stderr(&out), "");
    let v = json_line(&stdout(&out));
    let secret = v["m2m_client"]["next_client_secret"].as_str().unwrap();
    assert_eq!(Some(secret.to_owned()), h.pending());

    for args in [
        &["rotate", "status", "--client-id", CLIENT_ID, "--json"][..],
        &[
            "rotate",
            "complete",
            "--client-id",
            CLIENT_ID,
            "--json",
            "--yes",
            "--skip-verify",
        ][..],
    ] {
        let out = h.cmd().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        let v = json_line(&stdout(&out));
        assert_eq!(v["m2m_client"]["client_id"], CLIENT_ID);
        assert!(v["m2m_client"].get("next_client_secret").is_none());
        assert!(
            !stdout(&out).contains(secret),
            "{args:?} never shows the secret"
        );
    }
}

#[test]
fn json_on_failure() {
    let h = Harness::new();
    let out = h
        .cmd()
        .args([
            "rotate",
            "status",
            "--client-id",
            "m2m-client-test-nope",
            "--json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert_eq!(stdout(&out), "");
    let v = json_line(&stderr(&out));
    assert_eq!(v["error"], "client_not_found");
    assert_eq!(v["exit_code"], 4);
    assert_eq!(v["error_type"], "m2m_client_not_found");
    assert_eq!(v["status_code"], 404);
    assert!(v["request_id"]
        .as_str()
        .unwrap()
        .starts_with("request-id-test-"));
    assert!(v["message"]
        .as_str()
        .unwrap()
        .contains("m2m-client-test-nope"));
    assert!(v["hint"].is_string());

    // Usage errors from the argument parser are JSON too.
    let out = h
        .cmd()
        .args(["rotate", "status", "--json", "--bogus"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(json_line(&stderr(&out))["exit_code"], 2);
}

// ---- exit codes, one by one -------------------------------------------------------------

#[test]
fn exit_1_when_stdout_cannot_be_written() {
    let h = Harness::new();
    let full = dev_full();
    let out = h
        .std_cmd()
        .args(["rotate", "status", "--client-id", CLIENT_ID])
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("could not write to stdout"));
}

#[test]
fn exit_2_for_bad_usage_and_no_request_is_sent() {
    let h = Harness::new();
    h.cmd().args(["rotate", "start"]).assert().code(2);
    h.cmd().args(["rotate", "frobnicate"]).assert().code(2);
    h.cmd()
        .args([
            "rotate",
            "status",
            "--client-id",
            CLIENT_ID,
            "--timeout",
            "0",
        ])
        .assert()
        .code(2);
    h.cmd()
        .args(["rotate", "start", "--client-id", "bad id"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid client id"));
    // Without a terminal, complete and cancel need --yes.
    h.start_rotation();
    let before = h.requests().len();
    for verb in ["complete", "cancel"] {
        h.cmd()
            .args(["rotate", verb, "--client-id", CLIENT_ID])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("--yes"));
    }
    assert_eq!(h.requests().len(), before, "a refusal sends nothing");
    assert!(h.pending().is_some());
}

#[test]
fn exit_3_for_missing_or_rejected_credentials() {
    let h = Harness::new();
    h.cmd()
        .env_remove("STYTCH_SECRET")
        .args(["rotate", "start", "--client-id", CLIENT_ID])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("STYTCH_SECRET"));
    h.cmd()
        .env_remove("STYTCH_PROJECT_ID")
        .args(["rotate", "status", "--client-id", CLIENT_ID])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("STYTCH_PROJECT_ID"));
    assert!(
        h.requests().is_empty(),
        "nothing is sent without credentials"
    );

    let out = h
        .cmd()
        .env("STYTCH_SECRET", "secret-test-wrong")
        .args(["rotate", "start", "--client-id", CLIENT_ID])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let err = stderr(&out);
    assert!(
        err.contains("unauthorized_credentials") && err.contains("request_id"),
        "{err}"
    );
    assert!(!err.contains("secret-test-wrong"));
    assert_eq!(h.pending(), None);
}

#[test]
fn exit_4_for_an_unknown_client() {
    let h = Harness::new();
    for verb in [
        &["start"][..],
        &["complete", "--yes"],
        &["cancel", "--yes"],
        &["status"],
    ] {
        let mut args = vec!["rotate"];
        args.extend_from_slice(verb);
        args.extend_from_slice(&["--client-id", "m2m-client-test-unknown"]);
        h.cmd()
            .args(&args)
            .assert()
            .code(4)
            .stderr(predicate::str::contains("m2m_client_not_found"));
    }
}

#[test]
fn exit_5_for_rotation_state_conflicts() {
    let h = Harness::new();
    h.cmd()
        .args([
            "rotate",
            "complete",
            "--client-id",
            CLIENT_ID,
            "--yes",
            "--skip-verify",
        ])
        .assert()
        .code(5)
        .stderr(predicate::str::contains("no secret rotation in progress"));
    assert_eq!(
        h.requests_to(Route::Rotate),
        0,
        "nothing to complete: no completion request"
    );
    h.cmd()
        .args(["rotate", "cancel", "--client-id", CLIENT_ID, "--yes"])
        .assert()
        .code(5);
    let first = h.start_rotation();
    h.cmd()
        .args(["rotate", "start", "--client-id", CLIENT_ID])
        .assert()
        .code(5)
        .stdout("")
        .stderr(predicate::str::contains(
            "m2m_client_already_rotating_secret",
        ))
        .stderr(predicate::str::contains("rotate status"));
    assert_eq!(h.pending(), Some(first), "the first rotation is untouched");
}

#[test]
fn exit_6_when_nothing_took_effect() {
    let h = Harness::new();
    // Connection refused: a port that is bound but never listens.
    let refused = RefusedPort::new();
    let began = std::time::Instant::now();
    let out = h
        .cmd()
        .env("STYTCH_BASE_URL", refused.url())
        .args(["rotate", "start", "--client-id", CLIENT_ID])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(6), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("nothing was sent"),
        "{}",
        stderr(&out)
    );
    let host = refused.url().trim_start_matches("http://").to_owned();
    assert!(
        stderr(&out).contains(&format!("could not connect to {host}")),
        "names the host and port: {}",
        stderr(&out)
    );
    // Refused is provably not sent, so it was tried 3 times, after waits of at least 125 ms and
    // 250 ms (half of each backoff step).
    assert!(
        began.elapsed() >= std::time::Duration::from_millis(375),
        "{:?}",
        began.elapsed()
    );

    // A Stytch error body on 5xx: Stytch says it failed, nothing was minted.
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
        .code(6)
        .stdout("")
        .stderr(predicate::str::contains("internal_server_error"))
        .stderr(predicate::str::contains("did not take effect"));
    assert_eq!(h.pending(), None);
    assert_eq!(
        h.requests_to(Route::RotateStart),
        1,
        "a rotation POST is never retried on 5xx"
    );

    // 429 on every try: the retries run out.
    h.inject_times(
        Route::RotateStart,
        FaultKind::RateLimit {
            retry_after: Some(0),
        },
        3,
    );
    h.cmd()
        .args(["rotate", "start", "--client-id", CLIENT_ID])
        .assert()
        .code(6)
        .stderr(predicate::str::contains("rate limiting"));
    assert_eq!(
        h.requests_to(Route::RotateStart),
        4,
        "three tries for a 429"
    );
    assert_eq!(h.pending(), None);

    // Any failure of a read: 503 HTML three times.
    h.inject_times(
        Route::GetClient,
        FaultKind::Html {
            status: 503,
            commit: false,
        },
        3,
    );
    h.cmd()
        .args(["rotate", "status", "--client-id", CLIENT_ID])
        .assert()
        .code(6)
        .stderr(predicate::str::contains(
            "HTTP 503 Service Unavailable (text/html, ",
        ));
}

#[test]
fn exit_7_when_start_was_sent_and_no_answer_came() {
    // The answer is lost after Stytch minted: the tool finds out itself and cancels the secret
    // nobody received.
    let h = Harness::new();
    h.inject(Route::RotateStart, FaultKind::Drop { commit: true });
    let ledger = MintLedger::open(&h.mock);
    let out = h
        .cmd()
        .args(["rotate", "start", "--client-id", CLIENT_ID])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(7));
    assert_eq!(stdout(&out), "");
    let err = stderr(&out);
    assert!(
        err.contains("never received") && err.contains("it was cancelled"),
        "{err}"
    );
    assert_eq!(h.pending(), None, "the unreceived secret was cancelled");
    assert_eq!(h.requests_to(Route::RotateStart), 1, "never retried");
    assert_eq!(h.requests_to(Route::RotateCancel), 1);
    ledger.assert_nothing_lost(&h.mock, "exit 7, cancelled itself", &Delivered::default());
}

#[test]
fn exit_7_with_printed_recovery_when_finding_out_fails_too() {
    let h = Harness::new();
    h.inject(Route::RotateStart, FaultKind::Drop { commit: true });
    // Every read fails for the whole settle window (`--timeout 2`).
    h.inject_times(
        Route::GetClient,
        FaultKind::Status {
            status: 503,
            commit: false,
        },
        1000,
    );
    let ledger = MintLedger::open(&h.mock);
    let out = h
        .cmd()
        .args([
            "rotate",
            "start",
            "--client-id",
            CLIENT_ID,
            "--timeout",
            "2",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(7));
    let err = stderr(&out);
    assert!(
        err.contains("may have minted") && err.contains("finding out failed"),
        "{err}"
    );
    assert!(h.pending().is_some(), "the fault committed the start");

    // The recovery, in order: status, cancel (only if pending), start again; it works as printed.
    h.mock.state().clear_faults();
    let steps = printed_recovery(&err);
    let verbs: Vec<&str> = steps.iter().map(|s| s.args[1].as_str()).collect();
    assert_eq!(verbs, ["status", "cancel", "start"], "{err}");
    let mut delivered = Delivered::default();
    let ran = run_recovery(
        "exit 7",
        &steps,
        |args| h.cmd().args(args).output().unwrap(),
        &mut delivered,
    );
    assert!(ran.iter().all(|(_, code)| *code == 0), "{ran:?}");
    let held = ledger.assert_nothing_lost(&h.mock, "exit 7 and its recovery", &delivered);
    assert_eq!(
        held.len(),
        1,
        "the first secret is cancelled, the second held"
    );
}

#[test]
fn exit_7_for_timeouts_truncated_bodies_and_gateway_errors() {
    let h = Harness::new();
    h.inject(Route::RotateStart, FaultKind::Delay { ms: 3000 });
    h.cmd()
        .args([
            "rotate",
            "start",
            "--client-id",
            CLIENT_ID,
            "--timeout",
            "0.5",
        ])
        .assert()
        .code(7)
        .stderr(predicate::str::contains(
            "no answer came before the timeout",
        ))
        .stderr(predicate::str::contains("it was cancelled"));
    h.mock.state().clear_faults();
    assert_eq!(h.pending(), None, "the unreceived secret was cancelled");

    h.inject(Route::RotateStart, FaultKind::Truncate);
    h.cmd()
        .args(["rotate", "start", "--client-id", CLIENT_ID])
        .assert()
        .code(7)
        .stdout("")
        .stderr(predicate::str::contains("truncated"))
        .stderr(predicate::str::contains("it was cancelled"));
    assert_eq!(h.pending(), None, "the unreceived secret was cancelled");

    h.start_rotation();
    h.inject(
        Route::Rotate,
        FaultKind::Html {
            status: 502,
            commit: true,
        },
    );
    h.cmd()
        .args([
            "rotate",
            "complete",
            "--client-id",
            CLIENT_ID,
            "--yes",
            "--skip-verify",
        ])
        .assert()
        .code(7)
        .stderr(predicate::str::contains("HTTP 502 Bad Gateway (text/html"))
        .stderr(predicate::str::contains(
            "no next secret pending means the completion went through",
        ));
    assert_eq!(
        h.pending(),
        None,
        "the gateway hid a completion that happened"
    );

    h.start_rotation();
    h.inject(Route::RotateCancel, FaultKind::NotJson);
    h.cmd()
        .args([
            "rotate",
            "cancel",
            "--client-id",
            CLIENT_ID,
            "--yes",
            "--json",
        ])
        .assert()
        .code(7)
        .stdout("")
        .stderr(predicate::str::contains("\"error\":\"outcome_unknown\""))
        .stderr(predicate::str::contains("\"recovery\""));
}

#[test]
fn exit_8_when_the_secret_cannot_be_delivered_and_the_rotation_is_undone() {
    let h = Harness::new();
    let full = dev_full();
    let out = h
        .std_cmd()
        .args(["rotate", "start", "--client-id", CLIENT_ID])
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(8), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("the rotation was cancelled"),
        "{}",
        stderr(&out)
    );
    assert_eq!(h.mock.state().minted().len(), 1);
    assert_eq!(h.pending(), None, "no secret nobody holds is left valid");
}

#[test]
fn exit_8_when_the_pipe_reader_is_gone() {
    let h = Harness::new();
    let mut child = h
        .std_cmd()
        .args(["rotate", "start", "--client-id", CLIENT_ID])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // `| gh secret set` died before the secret arrived
    assert_eq!(
        h.requests_to(Route::RotateStart),
        0,
        "the reader was gone before the start was sent"
    );
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(8), "{}", stderr(&out));
    assert_eq!(h.mock.state().minted().len(), 1, "a secret was minted");
    assert_eq!(h.pending(), None, "and cancelled");
}

#[cfg(unix)]
#[test]
fn a_signal_during_a_start_with_no_answer_in_5_s_cancels_what_it_minted() {
    for signal in ["HUP", "INT", "TERM"] {
        let h = Harness::new();
        // Committed at once, answered after the 5 s a signal waits for an answer.
        h.inject(Route::RotateStart, FaultKind::Delay { ms: 8000 });
        let child = h
            .std_cmd()
            .args(["rotate", "start", "--client-id", CLIENT_ID])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // Wait until the request is in flight.
        h.wait_for(Route::RotateStart);
        let status = std::process::Command::new("kill")
            .args([&format!("-{signal}"), &child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(7), "{}", stderr(&out));
        let err = stderr(&out);
        assert!(
            err.contains("never received") && err.contains("it was cancelled"),
            "{err}"
        );
        assert_eq!(stdout(&out), "");
        assert_eq!(h.pending(), None, "the secret in flight was cancelled");
    }
}

// ---- retries ------------------------------------------------------------------------------

#[test]
fn rate_limits_are_retried_honouring_retry_after() {
    let h = Harness::new();
    h.inject(
        Route::RotateStart,
        FaultKind::RateLimit {
            retry_after: Some(1),
        },
    );
    let began = std::time::Instant::now();
    let out = h
        .cmd()
        .args(["rotate", "start", "--client-id", CLIENT_ID])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        began.elapsed() >= std::time::Duration::from_secs(1),
        "waited for Retry-After"
    );
    assert_eq!(h.requests_to(Route::RotateStart), 2);
    assert_eq!(h.pending().as_deref(), Some(stdout(&out).trim()));

    // A Retry-After longer than we are willing to wait is not waited for.
    h.cmd()
        .args(["rotate", "cancel", "--client-id", CLIENT_ID, "--yes"])
        .assert()
        .code(0);
    h.inject(
        Route::RotateStart,
        FaultKind::RateLimit {
            retry_after: Some(3600),
        },
    );
    h.cmd()
        .args(["rotate", "start", "--client-id", CLIENT_ID])
        .assert()
        .code(6)
        .stderr(predicate::str::contains("wait 3600 s"));
}

#[test]
fn reads_retry_server_errors_and_drops() {
    let h = Harness::new();
    h.inject(
        Route::GetClient,
        FaultKind::Status {
            status: 500,
            commit: false,
        },
    );
    h.inject(Route::GetClient, FaultKind::Drop { commit: false });
    h.cmd()
        .args(["rotate", "status", "--client-id", CLIENT_ID])
        .assert()
        .code(0);
    assert_eq!(h.requests_to(Route::GetClient), 3);

    // Still failing after the retries: the message names the endpoint that failed.
    let unavailable = FaultKind::Status {
        status: 503,
        commit: false,
    };
    h.inject_times(Route::GetClient, unavailable, 3);
    let out = h
        .cmd()
        .args(["rotate", "status", "--client-id", CLIENT_ID])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(6), "{}", stderr(&out));
    let named = "Stytch failed to handle GET /v1/m2m/clients/{client_id} (HTTP 503)";
    assert!(stderr(&out).contains(named), "{}", stderr(&out));
}

// ---- configuration ------------------------------------------------------------------------

#[test]
fn secrets_from_env_and_stdin_are_trimmed() {
    let h = Harness::new();
    // A trailing newline on STYTCH_SECRET: tests/inputs.rs.
    h.cmd()
        .env("STYTCH_PROJECT_ID", format!(" {}\r\n", h.project_id))
        .args(["rotate", "status", "--client-id", CLIENT_ID])
        .assert()
        .code(0);
    h.cmd()
        .env_remove("STYTCH_SECRET")
        .args([
            "rotate",
            "status",
            "--client-id",
            CLIENT_ID,
            "--secret-stdin",
        ])
        .write_stdin(format!("{PROJECT_SECRET}\n"))
        .assert()
        .code(0);
    h.cmd()
        .env_remove("STYTCH_SECRET")
        .args([
            "rotate",
            "status",
            "--client-id",
            CLIENT_ID,
            "--secret-stdin",
        ])
        .write_stdin("\n")
        .assert()
        .code(3);
}

#[test]
fn server_text_is_sanitized_before_it_reaches_the_terminal() {
    let h = Harness::new();
    let body = serde_json::json!({
        "status_code": 400,
        "request_id": "req-\u{1b}]0;owned\u{7}",
        "error_type": "weird_\u{1b}[2J",
        "error_message": "clear\u{1b}[2Jscreen \u{202e}reversed\u{9b}31m",
    });
    h.inject(
        Route::GetClient,
        FaultKind::Body {
            status: 400,
            content_type: "application/json".into(),
            body: body.to_string(),
            commit: false,
        },
    );
    let out = h
        .cmd()
        .args(["rotate", "status", "--client-id", CLIENT_ID])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(!err.chars().any(|c| c.is_control() && c != '\n'), "{err:?}");
    assert!(!err.contains('\u{202e}'));
    assert!(err.contains("clear\\u{1b}[2Jscreen"), "{err}");

    let page = format!(
        "<html><body><h1>Bad\u{1b}[31m gateway</h1>{}</body></html>",
        "filler ".repeat(5000)
    );
    h.inject(
        Route::RotateStart,
        FaultKind::Body {
            status: 502,
            content_type: "text/html".into(),
            body: page,
            commit: false,
        },
    );
    let out = h
        .cmd()
        .args([
            "rotate",
            "start",
            "--client-id",
            CLIENT_ID,
            "--timeout",
            "2",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(7),
        "a gateway 502 on start: watched for a settle window, nothing appeared (not certain)"
    );
    let err = stderr(&out);
    assert!(
        !err.contains("gateway</h1>") && !err.contains("filler"),
        "never quoted: {err}"
    );
    assert!(err.contains("HTTP 502 Bad Gateway (text/html, "), "{err}");
    assert!(err.contains("most likely it did not take effect"), "{err}");
}

#[test]
fn help_lists_the_exit_codes() {
    let h = Harness::new();
    h.cmd()
        .arg("--help")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("7    outcome unknown"));
    h.cmd()
        .arg("--version")
        .assert()
        .code(0)
        .stdout(predicate::str::contains(env!("CARGO_PKG_VERSION")));
}

#[test]
fn quiet_drops_the_human_lines_but_not_errors_or_data() {
    let h = Harness::new();
    let out = h
        .cmd()
        .args(["rotate", "start", "--client-id", CLIENT_ID, "--quiet"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stderr(&out), "", "no summary under --quiet");
    assert_eq!(
        stdout(&out).trim(),
        h.pending().unwrap(),
        "the data still comes"
    );
    h.cmd()
        .args(["rotate", "start", "--client-id", CLIENT_ID, "-q"])
        .assert()
        .code(5)
        .stderr(predicate::str::contains("error:"));
}

#[test]
fn every_subcommand_help_has_an_example() {
    use clap::CommandFactory;
    fn walk(cmd: &clap::Command, path: &mut Vec<String>, out: &mut Vec<String>) {
        for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
            path.push(sub.get_name().to_owned());
            if sub.get_subcommands().next().is_none() {
                out.push(path.join(" "));
            }
            walk(sub, path, out);
            path.pop();
        }
    }
    let mut leaves = Vec::new();
    walk(
        &stytch_m2m::cli::Cli::command(),
        &mut Vec::new(),
        &mut leaves,
    );
    assert!(leaves.len() >= 8, "{leaves:?}");
    let h = Harness::new();
    for leaf in leaves {
        let mut args: Vec<&str> = leaf.split(' ').collect();
        args.push("--help");
        let out = h.cmd().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{leaf}");
        let help = stdout(&out);
        assert!(
            help.contains("Example") && help.contains("stytch-m2m "),
            "{leaf} --help has no example:\n{help}"
        );
    }
}

/// A completion or cancellation Stytch refused (here a 401) did not happen: the error says what
/// Stytch said, and nothing about a request in flight or steps to find out.
#[test]
fn a_refused_complete_or_cancel_is_not_an_unknown_outcome() {
    let h = Harness::new();
    for (args, route) in [
        (vec!["complete", "--skip-verify"], Route::Rotate),
        (vec!["cancel"], Route::RotateCancel),
    ] {
        let _ = h.start_rotation();
        h.inject(
            route,
            FaultKind::Status {
                status: 401,
                commit: false,
            },
        );
        let mut cmd = h.cmd();
        cmd.args([
            "rotate",
            args[0],
            "--client-id",
            CLIENT_ID,
            "--yes",
            "--json",
        ]);
        let out = cmd.args(&args[1..]).output().unwrap();
        let err = stderr(&out);
        let v: Value = serde_json::from_str(err.lines().last().unwrap()).unwrap();
        assert_eq!(out.status.code(), Some(3), "{args:?}: {v}");
        assert_eq!(v["status_code"], 401, "{args:?}");
        let message = v["message"].as_str().unwrap();
        assert!(!message.contains("in flight"), "{args:?}: {message}");
        assert!(v.get("recovery").is_none(), "{args:?}: {v}");
        assert!(h.pending().is_some(), "{args:?}: still pending, as it was");
        h.cmd()
            .args(["rotate", "cancel", "--client-id", CLIENT_ID, "--yes"])
            .assert()
            .code(0);
    }
}

/// The 1 MiB cap on an answer is a cap, not a limit below it: an answer of exactly 1 MiB is read.
#[test]
fn an_answer_of_exactly_the_body_cap_is_read() {
    let h = Harness::new();
    let mut body = serde_json::json!({
        "request_id": "request-id-test-cap",
        "status_code": 200,
        "m2m_client": {
            "client_id": CLIENT_ID,
            "client_secret_last_four": "capd",
            "next_client_secret_last_four": null,
            "status": "active",
            "client_name": "cap",
            "client_description": "",
            "scopes": [],
            "trusted_metadata": {},
        },
    })
    .to_string();
    body.push_str(&" ".repeat((1 << 20) - body.len()));
    let content_type = "application/json".to_owned();
    h.inject(
        Route::GetClient,
        FaultKind::Body {
            status: 200,
            content_type,
            body: body.clone(),
            commit: false,
        },
    );
    let out = h
        .cmd()
        .args(["rotate", "status", "--client-id", CLIENT_ID])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("capd"), "{}", stdout(&out));

    // Sent chunked, with no Content-Length, the cap is counted as it is read: exactly 1 MiB is
    // read, one byte more is refused.
    let status = |body: &str| {
        h.inject(
            Route::GetClient,
            FaultKind::Streamed {
                status: 200,
                body: body.to_owned(),
                commit: false,
            },
        );
        h.cmd()
            .args(["rotate", "status", "--client-id", CLIENT_ID])
            .output()
            .unwrap()
    };
    let out = status(&body);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("capd"), "{}", stdout(&out));
    let out = status(&format!("{body} "));
    assert_ne!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stderr(&out).contains("larger than"), "{}", stderr(&out));
}
