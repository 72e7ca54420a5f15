//! What a new user meets first (issue #16): usage lines, the messages for the usual typos,
//! flags scoped to the commands they mean something to, and `secret verify`.

mod common;

use common::*;

fn run(h: &Harness, args: &[&str]) -> std::process::Output {
    h.cmd().args(args).output().unwrap()
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text.trim()).unwrap_or_else(|e| panic!("{e}: {text:?}"))
}

// Item 5: the usage line after a usage error.

#[test]
fn a_usage_error_shows_only_what_is_missing_not_what_the_environment_gave() {
    let h = Harness::new();
    // The harness sets STYTCH_PROJECT_ID and STYTCH_BASE_URL; clap would list both as if missing.
    let out = run(&h, &["rotate", "run", "--client-id", CLIENT_ID]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("  --deploy <CMD>\n"), "{err}");
    assert!(
        err.contains("Usage: stytch-m2m rotate run [OPTIONS] --deploy <CMD>\n"),
        "{err}"
    );
    assert!(!err.contains("--project-id"), "{err}");
    assert!(!err.contains("--base-url"), "{err}");

    // The same under --json.
    let out = run(
        &h,
        &[
            "rotate",
            "run",
            "--client-id",
            CLIENT_ID,
            "--keyring",
            "--json",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let v = json(&stderr(&out));
    let message = v["message"].as_str().unwrap();
    assert!(
        message.contains("Usage: stytch-m2m rotate run [OPTIONS] --deploy <CMD>\n"),
        "{message}"
    );
    assert!(!message.contains("--base-url"), "{message}");

    // No client chosen at all: says how to choose, sends nothing.
    let out = run(&h, &["rotate", "status"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--client-id ID"), "{}", stderr(&out));
    assert!(h.requests().is_empty());
}

// Item 6: messages that say what is wrong and how to fix it.

#[test]
fn a_client_id_with_a_trailing_space_shows_the_space() {
    let h = Harness::new();
    let out = run(
        &h,
        &["rotate", "status", "--client-id", "m2m-client-test-aaaa "],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("\"m2m-client-test-aaaa␠\" contains a space (shown as ␠) at its start or end"),
        "{err}"
    );
    assert!(h.requests().is_empty());
}

#[test]
fn a_base_url_without_a_scheme_gets_one_suggested() {
    let h = Harness::new();
    let port = h.mock.addr().port();
    for (url, suggested) in [
        (
            format!("127.0.0.1:{port}"),
            format!("did you mean http://127.0.0.1:{port}?"),
        ),
        (
            format!("localhost:{port}"),
            format!("did you mean http://localhost:{port}?"),
        ),
        (
            "api.example.com:8443".to_owned(),
            "did you mean https://api.example.com:8443?".to_owned(),
        ),
        (
            "test.stytch.com".to_owned(),
            "did you mean https://test.stytch.com?".to_owned(),
        ),
    ] {
        let out = run(
            &h,
            &[
                "rotate",
                "status",
                "--client-id",
                CLIENT_ID,
                "--base-url",
                &url,
            ],
        );
        assert_eq!(out.status.code(), Some(2), "{url}");
        let err = stderr(&out);
        assert!(err.contains("it has no scheme"), "{url}: {err}");
        assert!(!err.contains("relative URL"), "{url}: {err}");
        assert!(err.contains(&suggested), "{url}: {err}");
    }
    // A user name and password are never echoed back in a suggestion.
    let out = run(
        &h,
        &[
            "rotate",
            "status",
            "--client-id",
            CLIENT_ID,
            "--base-url",
            "me:hunter2pw@example.com",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(!stderr(&out).contains("hunter2pw"), "{}", stderr(&out));
    assert!(h.requests().is_empty());
}

#[test]
fn https_to_a_plain_http_port_says_the_server_does_not_speak_tls() {
    let h = Harness::new();
    let plain = h.mock.url();
    let https = plain.replacen("http://", "https://", 1);
    let out = h
        .cmd()
        .env("STYTCH_BASE_URL", &https)
        .args(["rotate", "status", "--client-id", CLIENT_ID])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(6));
    let err = stderr(&out);
    assert!(err.contains("does not speak TLS"), "{err}");
    assert!(!err.contains("InvalidContentType"), "{err}");
    assert!(err.contains(&format!("use {plain}")), "{err}");
    // Nothing the server could act on: the ClientHello is not a request.
    assert!(h.requests().iter().all(|r| r.route == Route::Unknown));
}

#[test]
fn a_base_url_with_a_path_is_refused_before_any_request() {
    let h = Harness::new();
    let base = h.mock.url();
    for path in ["/v1", "/v1/", "/stytch/api"] {
        let out = run(
            &h,
            &[
                "rotate",
                "status",
                "--client-id",
                CLIENT_ID,
                "--base-url",
                &format!("{base}{path}"),
            ],
        );
        assert_eq!(out.status.code(), Some(2), "{path}");
        let err = stderr(&out);
        assert!(err.contains(&format!("it has a path ({path})")), "{err}");
        assert!(err.contains(&format!("e.g. {base}")), "{err}");
    }
    assert!(h.requests().is_empty());
    // A bare trailing slash is not a path.
    let out = run(
        &h,
        &[
            "rotate",
            "status",
            "--client-id",
            CLIENT_ID,
            "--base-url",
            &format!("{base}/"),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

// Item 7: flags scoped to the commands they apply to; examples; man pages.

#[test]
fn completions_refuses_flags_that_mean_nothing_there() {
    let h = Harness::new();
    for args in [
        &["completions", "bash", "--json"][..],
        &["--json", "completions", "bash"][..],
        &["completions", "bash", "--timeout", "5"][..],
        &["-q", "completions", "bash"][..],
    ] {
        let out = run(&h, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "no script: {args:?}");
        assert!(
            stderr(&out).contains("does not apply to `stytch-m2m completions`"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    // Values from the environment (the harness sets several) are not an error.
    let out = run(&h, &["completions", "bash"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("complete -F"));
}

#[test]
fn help_lists_only_the_flags_a_command_takes() {
    let h = Harness::new();
    let help = |args: &[&str]| {
        let out = run(&h, args);
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        stdout(&out)
    };
    let completions = help(&["completions", "-h"]);
    for flag in [
        "--json",
        "--timeout",
        "--base-url",
        "--project-id",
        "--quiet",
    ] {
        assert!(
            !completions.contains(flag),
            "completions -h lists {flag}: {completions}"
        );
    }
    let get = help(&["secret", "get", "-h"]);
    for flag in ["--timeout", "--base-url", "--ca-cert", "--secret-stdin"] {
        assert!(!get.contains(flag), "secret get -h lists {flag}: {get}");
    }
    for flag in ["--project-id", "--keyring-timeout", "--json", "--next"] {
        assert!(get.contains(flag), "secret get -h lacks {flag}: {get}");
    }
    let start = help(&["rotate", "start", "-h"]);
    for flag in ["--timeout", "--base-url", "--secret-stdin", "--json"] {
        assert!(start.contains(flag), "rotate start -h lacks {flag}");
    }
    let out = run(
        &h,
        &["secret", "get", "--client-id", CLIENT_ID, "--timeout", "5"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--timeout does not apply to `stytch-m2m secret get`"));
}

#[test]
fn top_level_help_has_examples_that_parse() {
    let out = std::process::Command::new(bin())
        .arg("--help")
        .output()
        .unwrap();
    let help = stdout(&out);
    let examples = help
        .split("Examples:\n")
        .nth(1)
        .expect("an Examples block")
        .split("\n\n")
        .next()
        .unwrap();
    let lines: Vec<&str> = examples
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("stytch-m2m "))
        .collect();
    assert!(lines.len() >= 4, "{examples}");
    for line in lines {
        let words: Vec<&str> = line
            .split(['|', '#'])
            .next()
            .unwrap()
            .split_whitespace()
            .collect();
        if let Err(e) = stytch_m2m::parse::parse_from(&words) {
            panic!("example {line:?} does not parse:\n{e}");
        }
    }
}

#[test]
fn every_command_has_its_own_man_page() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
    for (page, synopsis) in [
        ("stytch-m2m-rotate-start.1", "stytch\\-m2m rotate start"),
        (
            "stytch-m2m-rotate-complete.1",
            "stytch\\-m2m rotate complete",
        ),
        ("stytch-m2m-secret-verify.1", "stytch\\-m2m secret verify"),
        ("stytch-m2m-doctor.1", "stytch\\-m2m doctor"),
    ] {
        let text =
            std::fs::read_to_string(dir.join(page)).unwrap_or_else(|e| panic!("{page}: {e}"));
        assert!(text.contains(synopsis), "{page}");
    }
    let top = std::fs::read_to_string(dir.join("stytch-m2m.1")).unwrap();
    assert!(
        top.contains("stytch\\-m2m\\-rotate(1)"),
        "the top page names the others"
    );
    assert!(
        !top.contains("stytch\\-m2m\\-help(1)"),
        "no page for `help`, so no reference to one"
    );
}

// Item 9: secret verify, and doctor's use of it.

#[test]
fn secret_verify_says_ok_or_rejected_without_the_project_secret() {
    let h = Harness::new();
    let good = h.path("good");
    std::fs::write(&good, format!("{}\n", h.record().client_secret)).unwrap();
    let bad = h.path("bad");
    std::fs::write(&bad, "secret-test-not-the-one-0000").unwrap();
    // The token endpoint takes the client secret: no project secret, no prompt.
    let verify = |file: &std::path::Path, json: bool| {
        let mut cmd = h.cmd();
        cmd.env_remove("STYTCH_SECRET")
            .args(["secret", "verify", "--client-id", CLIENT_ID]);
        cmd.arg("--from-file").arg(file);
        if json {
            cmd.arg("--json");
        }
        cmd.output().unwrap()
    };
    let out = verify(&good, false);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let four = &h.record().client_secret[h.record().client_secret.len() - 4..].to_owned();
    assert!(
        stderr(&out).contains(&format!("ok: the secret ending {four}")),
        "{}",
        stderr(&out)
    );

    let out = verify(&bad, false);
    assert_eq!(out.status.code(), Some(9));
    assert!(
        stderr(&out).contains("rejected: the secret ending 0000"),
        "{}",
        stderr(&out)
    );
    assert!(
        !stderr(&out).contains("not-the-one"),
        "only the last four are shown"
    );

    let out = verify(&good, true);
    assert_eq!(out.status.code(), Some(0));
    let v = json(&stdout(&out));
    assert_eq!(
        (
            v["client_id"].as_str(),
            v["slot"].as_str(),
            v["ok"].as_bool()
        ),
        (Some(CLIENT_ID), Some("current"), Some(true))
    );
    assert!(v["request_id"].as_str().is_some_and(|r| !r.is_empty()));

    let out = verify(&bad, true);
    assert_eq!(out.status.code(), Some(9));
    let v = json(&stdout(&out));
    assert_eq!(v["ok"], false);
    assert!(v["request_id"].as_str().is_some_and(|r| !r.is_empty()));
    assert!(
        out.stderr.is_empty(),
        "one object, on stdout: {}",
        stderr(&out)
    );
    assert_eq!(h.requests_to(Route::Token), 4);
    assert_eq!(h.requests_to(Route::GetClient), 0);

    // Stytch failing is not the secret being rejected: no verdict on the secret.
    h.inject_times(
        Route::Token,
        FaultKind::Html {
            status: 503,
            commit: false,
        },
        10,
    );
    let out = verify(&good, false);
    assert_eq!(out.status.code(), Some(6), "{}", stderr(&out));
    assert!(!stderr(&out).contains("rejected"), "{}", stderr(&out));
    h.mock.state().clear_faults();

    // --secret-stdin is the project secret's flag: refused here, pointing at --from-stdin.
    let out = run(
        &h,
        &[
            "secret",
            "verify",
            "--client-id",
            CLIENT_ID,
            "--secret-stdin",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--from-stdin"), "{}", stderr(&out));
}

#[cfg(unix)]
#[test]
fn secret_verify_from_stdin_at_a_terminal_asks_and_hides_the_secret() {
    let h = Harness::new();
    let secret = h.record().client_secret;
    let line = format!(
        "{} secret verify --client-id {CLIENT_ID} --from-stdin",
        bin().display()
    );
    let (code, screen) = in_terminal(&h, &line, &[], &format!("{secret}\n"));
    assert_eq!(code, 0, "{screen}");
    assert!(
        screen.contains(&format!("Paste the client secret of {CLIENT_ID} to verify")),
        "{screen}"
    );
    assert!(
        !screen.contains(&secret),
        "the pasted secret is not echoed: {screen}"
    );
    assert!(screen.contains("ok: the secret ending"), "{screen}");
}

#[test]
fn secret_verify_reads_the_keyring_and_says_when_it_holds_nothing() {
    require_session_keyring();
    let h = Harness::new();
    let out = run(&h, &["secret", "verify", "--client-id", CLIENT_ID]);
    assert_eq!(
        out.status.code(),
        Some(8),
        "no entry is a store failure, not a rejection"
    );
    assert!(stderr(&out).contains("--from-stdin"), "{}", stderr(&out));

    let out = run(
        &h,
        &["rotate", "start", "--client-id", CLIENT_ID, "--keyring"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = run(
        &h,
        &[
            "secret",
            "verify",
            "--client-id",
            CLIENT_ID,
            "--next",
            "--json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(json(&stdout(&out))["slot"], "next");

    // Completed: the entry is now the current one, and works.
    let out = run(
        &h,
        &["rotate", "complete", "--client-id", CLIENT_ID, "--yes"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = run(&h, &["secret", "verify", "--client-id", CLIENT_ID]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("ok: "), "{}", stderr(&out));
    let out = run(
        &h,
        &["secret", "verify", "--client-id", CLIENT_ID, "--next"],
    );
    assert_eq!(out.status.code(), Some(8), "the pending entry was promoted");

    // Rotated again past the keyring: its secret no longer works.
    rotate_without_the_keyring(&h);
    let out = run(&h, &["secret", "verify", "--client-id", CLIENT_ID]);
    assert_eq!(out.status.code(), Some(9), "{}", stderr(&out));
    assert!(stderr(&out).contains("rejected"), "{}", stderr(&out));
}

fn rotate_without_the_keyring(h: &Harness) {
    let next = h.start_rotation();
    let out = h
        .cmd()
        .args([
            "rotate",
            "complete",
            "--client-id",
            CLIENT_ID,
            "--yes",
            "--next-secret-stdin",
        ])
        .write_stdin(format!("{next}\n"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn doctor_with_a_client_checks_its_keyring_secret() {
    require_session_keyring();
    let h = Harness::new();
    let doctor = || run(&h, &["doctor", "--client-id", CLIENT_ID]);
    let line = |out: &std::process::Output| {
        stdout(out)
            .lines()
            .find(|l| l.get(5..).is_some_and(|name| name.starts_with("secret ")))
            .unwrap_or_else(|| panic!("no secret line: {}", stdout(out)))
            .to_owned()
    };
    // Nothing in the keyring: said, and not a failure.
    let out = doctor();
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(line(&out).starts_with("skip"), "{}", line(&out));

    // A rotation through the keyring leaves a working current secret there.
    for args in [
        &["rotate", "start", "--client-id", CLIENT_ID, "--keyring"][..],
        &["rotate", "complete", "--client-id", CLIENT_ID, "--yes"][..],
    ] {
        let out = run(&h, args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
    }
    let out = doctor();
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(line(&out).starts_with("ok"), "{}", line(&out));
    assert!(line(&out).contains("keyring entry works"), "{}", line(&out));

    // Rotated again without the keyring: its secret is dead, and doctor says so (exit 9).
    rotate_without_the_keyring(&h);
    let out = doctor();
    assert_eq!(out.status.code(), Some(9), "{}", stdout(&out));
    assert!(line(&out).starts_with("FAIL"), "{}", line(&out));
    assert!(
        stdout(&out).contains("secret delete --client-id"),
        "{}",
        stdout(&out)
    );
}

// The commands the tool prints as next steps run exactly as printed.

#[test]
fn without_a_terminal_the_yes_command_printed_runs_as_printed() {
    let h = Harness::new();
    let file = h.path("next secret");
    let start = |h: &Harness| {
        let mut cmd = h.cmd();
        cmd.args(["rotate", "start", "--client-id", CLIENT_ID, "--secret-file"]);
        cmd.arg(&file).assert().code(0);
    };
    start(&h);
    let file_arg = file.display().to_string();
    let out = run(
        &h,
        &[
            "rotate",
            "complete",
            "--client-id",
            CLIENT_ID,
            "--next-secret-file",
            &file_arg,
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let words = printed_yes_command(&stderr(&out));
    assert!(
        words.contains(&"--next-secret-file".to_owned()),
        "{words:?}"
    );
    assert_eq!(h.requests_to(Route::Rotate), 0, "nothing was sent");
    let out = run_printed(&h, &words);
    assert_eq!(out.status.code(), Some(0), "{words:?}: {}", stderr(&out));
    let secret = std::fs::read_to_string(&file).unwrap();
    assert_eq!(h.record().client_secret, secret.trim());

    std::fs::remove_file(&file).unwrap();
    start(&h);
    let out = run(&h, &["rotate", "cancel", "--client-id", CLIENT_ID]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let out = run_printed(&h, &printed_yes_command(&stderr(&out)));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(h.pending(), None);

    // The cancelled secret's file is named, with the command that removes it.
    let err = stderr(&out);
    let rm = err
        .lines()
        .find_map(|l| l.split_once("remove it: ").map(|(_, cmd)| cmd.to_owned()))
        .unwrap_or_else(|| panic!("no note about the dead file in {err:?}"));
    let status = std::process::Command::new("sh")
        .args(["-c", &rm])
        .current_dir(h.home.path())
        .status()
        .unwrap();
    assert!(status.success(), "{rm}");
    assert!(!file.exists(), "`{rm}` removed the file");
}

/// A reader that stops early (`| head`) ends a listing quietly, exit 0, as in ripgrep and fd.
/// The read end is closed before the tool starts, so every write meets a broken pipe. (A new
/// secret on stdout that nobody reads is still a failure: see the fault suite.)
#[test]
fn a_closed_pipe_ends_a_listing_quietly() {
    let h = Harness::new();
    for args in [
        &["completions", "bash"][..],
        &["rotate", "status", "--client-id", CLIENT_ID],
        &["clients", "list"],
    ] {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = h
            .std_cmd()
            .args(args)
            .stdout(writer)
            .stderr(std::process::Stdio::piped())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        assert!(!stderr(&out).contains("pipe"), "{args:?}: {}", stderr(&out));
    }
}

/// `rotate status` prints the `rotate complete` that works for where the pending secret is: after
/// a start to stdout, with `--next-secret-stdin`; after a start to a file, as it is (complete
/// reads the file the journal names). Each runs as printed (plus `--yes`: no terminal here).
#[test]
fn the_complete_that_status_prints_works_as_printed() {
    let h = Harness::new();
    let complete_line = |h: &Harness| {
        let out = run(h, &["rotate", "status", "--client-id", CLIENT_ID]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let text = stdout(&out);
        let line = text
            .lines()
            .map(str::trim)
            .find(|l| l.starts_with("stytch-m2m rotate complete"))
            .unwrap_or_else(|| panic!("{text}"))
            .to_owned();
        (line, text)
    };

    let out = run(&h, &["rotate", "start", "--client-id", CLIENT_ID]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let secret = stdout(&out).trim().to_owned();
    // stdout is one line: the secret and a newline (README, "Shown once").
    assert_eq!(stdout(&out), format!("{}\n", h.pending().unwrap()));
    let (line, text) = complete_line(&h);
    assert!(line.ends_with(" --next-secret-stdin"), "{text}");
    let words = shell_words(&line);
    let out = h
        .cmd()
        .args(&words[1..])
        .arg("--yes")
        .write_stdin(format!("{secret}\n"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{line}: {}", stderr(&out));

    let file = h.path("next-secret");
    let out = run(
        &h,
        &[
            "rotate",
            "start",
            "--client-id",
            CLIENT_ID,
            "--secret-file",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let (line, text) = complete_line(&h);
    assert!(line.ends_with(CLIENT_ID), "{text}");
    let words = shell_words(&line);
    let out = h.cmd().args(&words[1..]).arg("--yes").output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{line}: {}", stderr(&out));
    assert!(h
        .mock
        .state()
        .client(CLIENT_ID)
        .unwrap()
        .next_client_secret
        .is_none());
}

/// #27.3: `scripts/demo.sh` keeps its journal, locks and profiles in a throwaway directory; the
/// user's own state and config directories never see the demo project. The demo's local Stytch
/// is this test's (the script stands in for the mock binary and hands over the credentials).
#[test]
fn the_demo_leaves_your_journal_locks_and_profiles_alone() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let (home, tmp) = (dir.path().join("home"), dir.path().join("tmp"));
    std::fs::create_dir_all(&home).unwrap();
    std::fs::create_dir_all(&tmp).unwrap();
    let script = |name: &str, body: String| {
        let path = dir.path().join(name);
        std::fs::write(&path, format!("#!/bin/sh\n{body}")).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        path
    };
    let d = dir.path().display();
    let cli = script(
        "cli",
        format!(
            "env | grep '^STYTCH_M2M_' | sort >> {d}/env.log; echo >> {d}/env.log\nexec {} \"$@\"\n",
            bin().display()
        ),
    );
    let mock = script(
        "mock",
        format!(
            "printf '%s %s' \"$STYTCH_PROJECT_ID\" \"$STYTCH_SECRET\" > {d}/creds.tmp\n\
             mv {d}/creds.tmp {d}/creds\n\
             while [ ! -s {d}/url ]; do sleep 0.05; done\n\
             echo \"listening on $(cat {d}/url)\"\nexec sleep 120\n"
        ),
    );
    let demo = std::process::Command::new("bash")
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/demo.sh"))
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", &home)
        .env("TMPDIR", &tmp)
        .env("STYTCH_M2M_BIN", &cli)
        .env("STYTCH_M2M_MOCK_BIN", &mock)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let creds = dir.path().join("creds");
    wait_until("the demo starts its local Stytch", || creds.exists());
    let creds = std::fs::read_to_string(&creds).unwrap();
    let (project, secret) = creds.split_once(' ').unwrap();
    let server = stytch_m2m_mock::MockServer::start(project, secret).unwrap();
    server.add_client("m2m-client-test-demo");
    std::fs::write(dir.path().join("url"), server.url()).unwrap();
    let out = demo.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    for own in [".local/state/stytch-m2m", ".config/stytch-m2m"] {
        assert!(!home.join(own).exists(), "the demo wrote to ~/{own}");
    }
    let log = std::fs::read_to_string(dir.path().join("env.log")).unwrap();
    let runs: Vec<&str> = log.split("\n\n").filter(|r| !r.trim().is_empty()).collect();
    assert_eq!(runs.len(), 4, "{log}");
    for run in runs {
        for var in ["STATE_DIR", "LOCK_DIR", "CONFIG_DIR"] {
            let under_tmp = format!("STYTCH_M2M_{var}={}/", tmp.display());
            assert!(run.contains(&under_tmp), "{var} is not throwaway: {run}");
        }
    }
    assert_eq!(
        std::fs::read_dir(&tmp).unwrap().count(),
        0,
        "the demo cleans up"
    );
}
