//! Secret custody against the real Secret Service (gnome-keyring) and real files: pre-flight,
//! read-back, verify-before-complete, promotion, and failures before and after minting.

mod common;

use common::*;
use predicates::prelude::*;

fn next_user(h: &Harness) -> String {
    format!("{}/{CLIENT_ID}/next", h.project_id)
}

fn current_user(h: &Harness) -> String {
    format!("{}/{CLIENT_ID}", h.project_id)
}

#[test]
fn keyring_rotation_end_to_end() {
    require_session_keyring();
    let h = Harness::new();
    let out = h
        .cmd()
        .args(["rotate", "start", "--client-id", CLIENT_ID, "--keyring"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "", "with --keyring, stdout carries no secret");
    let minted = h.pending().expect("a rotation is pending");
    let err = stderr(&out);
    assert!(
        err.contains(&format!("username={}", next_user(&h))),
        "{err}"
    );
    assert!(
        err.contains(&minted[40..]) && !err.contains(&minted),
        "last four only: {err}"
    );
    assert_eq!(
        secret_tool_lookup(&next_user(&h)).as_deref(),
        Some(minted.as_str()),
        "secret-tool finds it"
    );

    // The stored secret can be read by scripts.
    h.cmd()
        .args(["secret", "get", "--client-id", CLIENT_ID, "--next"])
        .assert()
        .code(0)
        .stdout(format!("{minted}\n"));

    // complete: proves the pending secret at the token endpoint first, then promotes the entry.
    let out = h
        .cmd()
        .args(["rotate", "complete", "--client-id", CLIENT_ID, "--yes"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let token = h
        .requests()
        .into_iter()
        .find(|r| r.route == Route::Token)
        .expect("a token request");
    assert_eq!(
        token.secret_presented.as_deref(),
        Some("next"),
        "verified with the pending secret"
    );
    let order: Vec<Route> = h
        .requests()
        .iter()
        .map(|r| r.route)
        .filter(|r| *r == Route::Token || *r == Route::Rotate)
        .collect();
    assert_eq!(
        order,
        [Route::Token, Route::Rotate],
        "verification before completion"
    );
    assert_eq!(h.record().client_secret, minted);
    assert_eq!(
        secret_tool_lookup(&current_user(&h)).as_deref(),
        Some(minted.as_str()),
        "promoted"
    );
    assert_eq!(
        secret_tool_lookup(&next_user(&h)),
        None,
        "the pending entry is gone"
    );
    assert!(stderr(&out).contains(&format!("username={}", current_user(&h))));

    h.cmd()
        .args(["secret", "delete", "--client-id", CLIENT_ID, "--yes"])
        .assert()
        .code(0);
    assert_eq!(secret_tool_lookup(&current_user(&h)), None);
    h.cmd()
        .args(["secret", "get", "--client-id", CLIENT_ID])
        .assert()
        .code(8)
        .stderr(predicate::str::contains("there is no keyring entry"));
}

#[test]
fn secret_delete_asks_first_and_names_a_missing_entry() {
    require_session_keyring();
    let h = Harness::new();
    h.cmd()
        .args(["rotate", "start", "--client-id", CLIENT_ID, "--keyring"])
        .assert()
        .code(0);
    let minted = h.pending().unwrap();
    // Without a terminal to ask on, and without --yes: refused, the entry stays.
    h.cmd()
        .args(["secret", "delete", "--client-id", CLIENT_ID, "--next"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--yes"));
    assert_eq!(
        secret_tool_lookup(&next_user(&h)).as_deref(),
        Some(minted.as_str())
    );
    // No entry at all: said so, exit 8, and nothing else is touched.
    h.cmd()
        .args(["secret", "delete", "--client-id", CLIENT_ID, "--yes"])
        .assert()
        .code(8)
        .stderr(predicate::str::contains("there is no keyring entry"));
    assert_eq!(
        secret_tool_lookup(&next_user(&h)).as_deref(),
        Some(minted.as_str())
    );
    assert!(h.requests_to(Route::RotateCancel) == 0 && h.pending().is_some());
}

#[test]
fn a_wrong_pending_secret_is_refused_with_exit_9_and_nothing_completes() {
    require_session_keyring();
    let h = Harness::new();
    h.cmd()
        .args(["rotate", "start", "--client-id", CLIENT_ID, "--keyring"])
        .assert()
        .code(0);
    let minted = h.pending().unwrap();

    // Same last four, wrong secret: only the token endpoint can tell.
    let forged = format!("{}{}", "A".repeat(40), &minted[40..]);
    let status = std::process::Command::new("secret-tool")
        .args([
            "store",
            "--label=forged",
            "service",
            "stytch-m2m",
            "username",
            &next_user(&h),
        ])
        .stdin(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write;
            c.stdin.take().unwrap().write_all(forged.as_bytes())?;
            c.wait()
        })
        .unwrap();
    assert!(status.success());
    h.cmd()
        .args(["rotate", "complete", "--client-id", CLIENT_ID, "--yes"])
        .assert()
        .code(9)
        .stderr(predicate::str::contains("invalid_client"))
        .stderr(predicate::str::contains("not completed"));
    assert_eq!(h.requests_to(Route::Rotate), 0, "no completion request");
    assert_eq!(h.pending(), Some(minted.clone()));

    // A secret from another rotation (different last four) is refused before any token request.
    h.cmd()
        .args([
            "rotate",
            "complete",
            "--client-id",
            CLIENT_ID,
            "--yes",
            "--next-secret-stdin",
        ])
        .write_stdin("some-other-secret-wxyz\n")
        .assert()
        .code(9)
        .stderr(predicate::str::contains("ends in wxyz"));
    assert_eq!(h.requests_to(Route::Rotate), 0);

    // The right one on stdin works.
    h.cmd()
        .args([
            "rotate",
            "complete",
            "--client-id",
            CLIENT_ID,
            "--yes",
            "--next-secret-stdin",
        ])
        .write_stdin(format!("{minted}\n"))
        .assert()
        .code(0);
    assert_eq!(h.record().client_secret, minted);
}

#[test]
fn without_a_pending_secret_complete_refuses_and_says_how_to_give_one() {
    require_session_keyring();
    let h = Harness::new();
    h.start_rotation(); // to stdout: the keyring has nothing
    h.cmd()
        .args(["rotate", "complete", "--client-id", CLIENT_ID, "--yes"])
        .assert()
        .code(8)
        .stderr(predicate::str::contains("--next-secret-file PATH"))
        .stderr(predicate::str::contains("--next-secret-stdin"))
        .stderr(predicate::str::contains("--skip-verify"));
    // Without the journal nothing says where the secret went: the keyring is asked, holds
    // nothing, and the hint names the other ways.
    h.cmd()
        .args(["rotate", "complete", "--client-id", CLIENT_ID, "--yes", "--no-journal"])
        .assert()
        .code(8)
        .stderr(predicate::str::contains("the keyring has no"))
        .stderr(predicate::str::contains(format!(
            "`stytch-m2m rotate complete --no-journal --client-id {CLIENT_ID} --next-secret-file PATH` or `--next-secret-stdin`"
        )))
        .stderr(predicate::str::contains("--skip-verify"));
    assert_eq!(h.requests_to(Route::Rotate), 0);
    assert_eq!(h.requests_to(Route::Token), 0);
}

#[test]
fn cancel_deletes_the_pending_entry() {
    require_session_keyring();
    let h = Harness::new();
    h.cmd()
        .args(["rotate", "start", "--client-id", CLIENT_ID, "--keyring"])
        .assert()
        .code(0);
    assert!(secret_tool_lookup(&next_user(&h)).is_some());
    h.cmd()
        .args(["rotate", "cancel", "--client-id", CLIENT_ID, "--yes"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("Removed the keyring entry"));
    assert_eq!(secret_tool_lookup(&next_user(&h)), None);
    assert_eq!(h.pending(), None);
}

#[test]
fn no_bus_at_all_is_exit_8_before_anything_is_sent() {
    let h = Harness::new();
    let empty = tempfile::tempdir().unwrap();
    let out = h
        .cmd()
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .env("XDG_RUNTIME_DIR", empty.path())
        .args(["rotate", "start", "--client-id", CLIENT_ID, "--keyring"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(8), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("no rotation was started"), "{err}");
    assert!(err.contains("D-Bus"), "names the real cause: {err}");
    assert!(h.requests().is_empty(), "no request was sent");
    assert!(h.mock.state().minted().is_empty());
    assert!(err.contains("dbus-run-session"), "a desktop's way: {err}");

    // On a CI runner (issue 26, item 3) the hint says what works there instead.
    let out = h
        .cmd()
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .env("XDG_RUNTIME_DIR", empty.path())
        .env("CI", "true")
        .args([
            "rotate",
            "run",
            "--client-id",
            CLIENT_ID,
            "--keyring",
            "--yes",
        ])
        .args(["--deploy", "cat > /dev/null"])
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(8), "{err}");
    assert!(err.contains("CI runner"), "{err}");
    assert!(err.contains("--secret-file"), "{err}");
    assert!(!err.contains("dbus-run-session"), "{err}");
    assert!(h.mock.state().minted().is_empty());
}

#[test]
fn a_locked_keyring_is_found_in_pre_flight() {
    let h = Harness::new();
    let keyring = PrivateKeyring::start();
    keyring.lock();
    let mut cmd = h.std_cmd();
    keyring.env(&mut cmd);
    let out = cmd
        .args([
            "rotate",
            "start",
            "--client-id",
            CLIENT_ID,
            "--keyring",
            "--keyring-timeout",
            "5",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(8), "{}", stderr(&out));
    assert!(stderr(&out).contains("locked"), "{}", stderr(&out));
    assert!(h.requests().is_empty());
    // The unlock command it prints works as printed (the password typed on its stdin), and the
    // same start then goes through.
    let err = stderr(&out);
    let (_, rest) = err.split_once("or run `").expect(&err);
    let (unlock, rest) = rest.split_once('`').unwrap();
    assert!(
        rest.starts_with(", type the keyring's password and press Ctrl-D)"),
        "{err}"
    );
    let mut sh = keyring.command("sh");
    let mut child = sh
        .args(["-c", unlock])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    use std::io::Write;
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"private-test-password").unwrap();
    drop(stdin);
    assert!(child.wait().unwrap().success());
    keyring.wait_for_service();
    let mut cmd = h.std_cmd();
    keyring.env(&mut cmd);
    let out = cmd
        .args(["rotate", "start", "--client-id", CLIENT_ID, "--keyring"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "after `{unlock}`: {}",
        stderr(&out)
    );
}

#[test]
fn the_keyring_failing_after_minting_still_delivers_the_secret() {
    let h = Harness::new();
    let keyring = PrivateKeyring::start();
    h.inject(Route::RotateStart, FaultKind::Delay { ms: 1500 });
    let mut cmd = h.std_cmd();
    keyring.env(&mut cmd);
    let child = cmd
        .args([
            "rotate",
            "start",
            "--client-id",
            CLIENT_ID,
            "--keyring",
            "--keyring-timeout",
            "5",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Pre-flight passed and the start is in flight: now the keyring locks.
    h.wait_for(Route::RotateStart);
    keyring.lock();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(8), "{}", stderr(&out));
    let minted = h.pending().expect("minted");
    assert_eq!(
        stdout(&out),
        format!("{minted}\n"),
        "the secret reached stdout"
    );
    let err = stderr(&out);
    assert!(
        err.contains("THE NEW SECRET IS PRINTED BELOW ON STDOUT"),
        "{err}"
    );
    assert!(!err.contains(&minted));
}

#[test]
fn secret_files_are_new_0600_and_read_back() {
    let h = Harness::new();
    let path = h.path("next-secret");
    let out = h
        .cmd()
        .args(["rotate", "start", "--client-id", CLIENT_ID, "--secret-file"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
    let minted = h.pending().unwrap();
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        minted,
        "exactly the secret's bytes, no newline (issue 26, item 4)"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    assert!(stderr(&out).contains("(mode 0600)"));
}

#[test]
fn an_existing_secret_file_is_never_overwritten_and_nothing_is_sent() {
    let h = Harness::new();
    let path = h.path("taken");
    std::fs::write(&path, "precious").unwrap();
    h.cmd()
        .args(["rotate", "start", "--client-id", CLIENT_ID, "--secret-file"])
        .arg(&path)
        .assert()
        .code(8)
        .stderr(predicate::str::contains("already exists"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "precious");
    assert!(h.requests().is_empty());

    // A symlink, even a dangling one, is not followed.
    let link = h.path("link");
    #[cfg(unix)]
    std::os::unix::fs::symlink(h.path("elsewhere"), &link).unwrap();
    #[cfg(unix)]
    h.cmd()
        .args(["rotate", "start", "--client-id", CLIENT_ID, "--secret-file"])
        .arg(&link)
        .assert()
        .code(8);
    assert!(!h.path("elsewhere").exists());

    // A directory that does not exist.
    h.cmd()
        .args(["rotate", "start", "--client-id", CLIENT_ID, "--secret-file"])
        .arg(h.path("no/such/dir/secret"))
        .assert()
        .code(8)
        .stderr(predicate::str::contains("Nothing was sent"))
        .stderr(predicate::str::contains("No such file or directory"))
        .stderr(predicate::str::contains("already exists").not());
    assert!(h.requests().is_empty());
}

#[test]
fn a_failed_start_leaves_no_empty_secret_file() {
    let h = Harness::new();
    h.inject(
        Route::RotateStart,
        FaultKind::Status {
            status: 500,
            commit: false,
        },
    );
    let path = h.path("s");
    h.cmd()
        .args(["rotate", "start", "--client-id", CLIENT_ID, "--secret-file"])
        .arg(&path)
        .assert()
        .code(6);
    assert!(!path.exists());
}

#[test]
fn doctor_passes_with_everything_in_place() {
    require_session_keyring();
    let h = Harness::new();
    let out = h
        .cmd()
        .args(["doctor", "--client-id", CLIENT_ID])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    let report = stdout(&out);
    for check in ["credentials", "base URL", "TLS trust", "Stytch", "keyring"] {
        assert!(
            report
                .lines()
                .any(|l| l.starts_with("ok") && l.contains(check)),
            "{check}: {report}"
        );
    }
    assert!(
        report.contains("keyutils"),
        "explains Secret Service vs kernel keyring"
    );
    assert!(
        report.contains("Secret Service (D-Bus) reachable and unlocked"),
        "names the store it checked: {report}"
    );
    let out = h.cmd().args(["doctor", "--json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(v["ok"], true);
    assert_eq!(v["checks"].as_array().unwrap().len(), 5);
}

#[test]
fn doctor_names_each_problem_and_its_fix() {
    let h = Harness::new();
    let empty = tempfile::tempdir().unwrap();
    let out = h
        .cmd()
        .env("STYTCH_SECRET", "secret-test-wrong")
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .env("XDG_RUNTIME_DIR", empty.path())
        .args(["doctor", "--json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(3),
        "the first failure decides: credentials rejected"
    );
    let v: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(v["ok"], false);
    let checks = v["checks"].as_array().unwrap();
    let by_name = |n: &str| checks.iter().find(|c| c["name"] == n).unwrap().clone();
    assert_eq!(by_name("Stytch")["ok"], false);
    assert!(by_name("Stytch")["fix"]
        .as_str()
        .unwrap()
        .contains("STYTCH_SECRET"));
    assert_eq!(by_name("keyring")["ok"], false);
    assert!(by_name("keyring")["detail"]
        .as_str()
        .unwrap()
        .contains("DBUS_SESSION_BUS_ADDRESS"));
    assert!(by_name("keyring")["fix"]
        .as_str()
        .unwrap()
        .contains("dbus-run-session"));
    assert!(
        !stdout(&out).contains("secret-test-wrong") && !stderr(&out).contains("secret-test-wrong")
    );

    let locked = PrivateKeyring::start();
    locked.lock();
    let mut cmd = h.std_cmd();
    locked.env(&mut cmd);
    let out = cmd
        .args(["doctor", "--keyring-timeout", "5"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(8), "{}", stdout(&out));
    assert!(
        stdout(&out)
            .lines()
            .any(|l| l.starts_with("FAIL") && l.contains("locked")),
        "{}",
        stdout(&out)
    );
}

/// What a person browsing the keyring (Seahorse, `secret-tool search`) sees: each entry says
/// whose secret it is and whether a rotation is pending.
#[test]
fn keyring_entries_are_labelled_for_people_browsing_the_keyring() {
    require_session_keyring();
    let h = Harness::new();
    let label = |user: &str| {
        let out = std::process::Command::new("secret-tool")
            .args(["search", "--all", "service", "stytch-m2m", "username", user])
            .output()
            .expect("secret-tool (Debian: libsecret-tools) runs");
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        text.lines()
            .find_map(|l| l.strip_prefix("label = ").map(str::to_owned))
            .unwrap_or_else(|| panic!("no entry for {user}: {text:?}"))
    };
    h.cmd()
        .args(["rotate", "start", "--client-id", CLIENT_ID, "--keyring"])
        .assert()
        .code(0);
    let project = &h.project_id;
    assert_eq!(
        label(&next_user(&h)),
        format!("Stytch M2M next client secret for {CLIENT_ID} ({project}), rotation pending")
    );
    h.cmd()
        .args(["rotate", "complete", "--client-id", CLIENT_ID, "--yes"])
        .assert()
        .code(0);
    assert_eq!(
        label(&current_user(&h)),
        format!("Stytch M2M client secret for {CLIENT_ID} ({project})")
    );
    h.cmd()
        .args([
            "auth",
            "login",
            "--project-id",
            project,
            "--base-url",
            &h.mock.url(),
        ])
        .args(["--secret-stdin", "--yes"])
        .write_stdin(format!("{PROJECT_SECRET}\n"))
        .assert()
        .code(0);
    assert_eq!(
        label(&format!("project:{project}")),
        format!("Stytch project secret for {project} (stytch-m2m)")
    );
    h.cmd().args(["auth", "logout", "--yes"]).assert().code(0);
}

/// With no keyring at all, each command says what to do without one in its own terms: no
/// command is told to use a flag it does not have.
#[test]
fn without_a_keyring_each_command_names_its_own_way_around_it() {
    let h = Harness::new();
    let empty = tempfile::tempdir().unwrap();
    let cases: [(&[&str], &str); 5] = [
        (
            &["rotate", "start", "--client-id", CLIENT_ID, "--keyring"],
            "Without a keyring, leave out --keyring (the secret goes to stdout), or use --secret-file PATH",
        ),
        (
            &["rotate", "run", "--client-id", CLIENT_ID, "--keyring", "--deploy", "true", "--yes"],
            "Without a keyring, leave out --keyring (the run then holds the secret in memory only), or use --secret-file PATH",
        ),
        (
            &["rotate", "start", "--all", "--keyring"],
            "Without a keyring, use --secret-dir DIR instead of --keyring",
        ),
        (
            &["secret", "verify", "--client-id", CLIENT_ID],
            "Without a keyring, verify a copy of the secret with --from-file PATH or --from-stdin",
        ),
        (
            &["auth", "login", "--secret-stdin"],
            "Without a keyring, skip `auth login` and give the project with STYTCH_PROJECT_ID and STYTCH_SECRET",
        ),
    ];
    for (args, instead) in cases {
        let out = h
            .cmd()
            .env_remove("DBUS_SESSION_BUS_ADDRESS")
            .env("XDG_RUNTIME_DIR", empty.path())
            .args(args)
            .write_stdin(format!("{PROJECT_SECRET}\n"))
            .output()
            .unwrap();
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(8), "{args:?}: {err}");
        assert!(err.contains("dbus-run-session"), "{args:?}: {err}");
        assert!(err.contains(instead), "{args:?}: {err}");
        assert!(!err.contains("stdout or"), "{args:?}: {err}");
    }
    assert!(h.mock.state().minted().is_empty(), "nothing was minted");
    // `auth login` looks for the keyring before it reads (or asks for) the secret: with none,
    // nobody types a secret that could not be kept.
    let out = h
        .cmd()
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .env("XDG_RUNTIME_DIR", empty.path())
        .args(["auth", "login", "--secret-stdin"])
        .write_stdin("")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(8), "{}", stderr(&out));
}

/// Issue 23, item 11, and issue 26, item 8: after a rotation, files and keyring entries are not
/// left meaning something else. A `rotate run` removes its custody file once the rotation
/// completed (the deploy target holds the secret) unless `--keep-secret-file`, which says what
/// the file now holds; `rotate complete --next-secret-file` says it of its file; a keyring
/// `current` entry a rotation without the keyring left behind is named, with a way to delete it
/// that works as printed.
#[test]
fn after_a_rotation_files_and_keyring_entries_say_what_they_now_hold() {
    require_session_keyring();
    let h = Harness::new();
    let ok = |args: &[&str]| h.ok(args);
    ok(&["rotate", "start", "--client-id", CLIENT_ID, "--keyring"]);
    ok(&["rotate", "complete", "--client-id", CLIENT_ID, "--yes"]);

    let custody = h.path("custody");
    let target = h.path("target");
    let deploy = format!("cat > {}", target.display());
    let run = |extra: &[&str]| {
        let mut args = vec!["rotate", "run", "--client-id", CLIENT_ID, "--yes"];
        args.extend(["--deploy", &deploy, "--verify-timeout", "2"]);
        args.extend(["--secret-file", custody.to_str().unwrap()]);
        args.extend(extra);
        ok(&args)
    };
    let err = run(&[]);
    assert!(!custody.exists(), "the custody file was removed: {err}");
    assert!(err.contains("Removed"), "{err}");
    let live = h.record().client_secret;
    assert_eq!(std::fs::read_to_string(&target).unwrap(), live);
    assert!(err.contains("no longer works"), "{err}");
    let (_, delete) = err.split_once("delete it with `").expect(&err);
    let delete = delete.split_once('`').unwrap().0;
    ok(&shell_words(delete)[1..]
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>());
    let out = h
        .cmd()
        .args(["secret", "get", "--client-id", CLIENT_ID])
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(0), "the stale entry is gone");

    let err = run(&["--keep-secret-file"]);
    let live = h.record().client_secret;
    assert_eq!(std::fs::read_to_string(&custody).unwrap(), live, "{err}");
    assert!(err.contains("now holds the live secret"), "{err}");
    assert!(
        !err.contains("no longer works"),
        "no keyring entry left: {err}"
    );
    std::fs::remove_file(&custody).unwrap();

    let kept = h.path("kept");
    ok(&[
        "rotate",
        "start",
        "--client-id",
        CLIENT_ID,
        "--secret-file",
        kept.to_str().unwrap(),
    ]);
    // Issue 26, item 4: exactly the secret's bytes; a reader still takes one trailing newline.
    let pending = h.pending().unwrap();
    assert_eq!(std::fs::read_to_string(&kept).unwrap(), pending);
    std::fs::write(&kept, format!("{pending}\n")).unwrap();
    let err = ok(&[
        "rotate",
        "complete",
        "--client-id",
        CLIENT_ID,
        "--yes",
        "--next-secret-file",
        kept.to_str().unwrap(),
    ]);
    assert!(err.contains("now holds the live secret"), "{err}");
}

/// `rotate complete` run again after it went through, with the keyring: the secret it promoted
/// to the keyring's current entry is the client's secret and gets a token, so the second run
/// is "already completed" (exit 0) and sends no rotation request.
#[test]
fn a_keyring_complete_run_again_is_already_completed() {
    require_session_keyring();
    let h = Harness::new();
    let ok = |args: &[&str]| h.ok(args);
    ok(&["rotate", "start", "--client-id", CLIENT_ID, "--keyring"]);
    ok(&["rotate", "complete", "--client-id", CLIENT_ID, "--yes"]);
    let completes = h.requests_to(Route::Rotate);
    let err = ok(&["rotate", "complete", "--client-id", CLIENT_ID, "--yes"]);
    assert!(err.contains("Already completed"), "{err}");
    assert_eq!(h.requests_to(Route::Rotate), completes, "{err}");
}

/// A copy that ends right but gets no token (cut, or a character changed) is not completed, and
/// the hint says where `rotate start` kept the pending secret, per custody: the keyring (with
/// a `secret get` that runs as printed and gives it), the file, or stdout. Given the exact
/// secret then, the rotation completes.
#[test]
fn a_wrong_copy_is_refused_with_where_the_pending_secret_was_kept() {
    require_session_keyring();
    for custody in ["keyring", "file", "stdout"] {
        let h = Harness::new();
        let file = h.path("next-secret");
        let mut start = vec!["rotate", "start", "--client-id", CLIENT_ID];
        match custody {
            "keyring" => start.push("--keyring"),
            "file" => start.extend(["--secret-file", file.to_str().unwrap()]),
            _ => {}
        }
        let out = h.cmd().args(&start).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{custody}: {}", stderr(&out));
        let pending = h.pending().unwrap();
        let wrong = format!("X{}", &pending[1..]);
        let complete = ["rotate", "complete", "--client-id", CLIENT_ID, "--yes"];
        let out = h
            .cmd()
            .args(complete)
            .arg("--next-secret-stdin")
            .write_stdin(wrong)
            .output()
            .unwrap();
        let err = stderr(&out);
        assert_ne!(out.status.code(), Some(0), "{custody}: {err}");
        assert!(err.contains("may be wrong or damaged"), "{custody}: {err}");
        assert_eq!(
            h.pending().as_ref(),
            Some(&pending),
            "{custody}: not completed"
        );
        match custody {
            "keyring" => {
                let (_, get) = err.split_once("kept it in the keyring (`").expect(&err);
                let get = shell_words(get.split_once('`').unwrap().0);
                assert_eq!(get[..2], ["stytch-m2m", "secret"], "{err}");
                let out = h.cmd().args(&get[1..]).output().unwrap();
                assert_eq!(out.status.code(), Some(0), "as printed: {}", stderr(&out));
                assert_eq!(stdout(&out).trim(), pending, "{err}");
            }
            "file" => assert!(
                err.contains(&format!("kept it in the file {}", file.display())),
                "{err}"
            ),
            _ => assert!(err.contains("`rotate start` printed it on stdout"), "{err}"),
        }
        let out = h
            .cmd()
            .args(complete)
            .arg("--next-secret-stdin")
            .write_stdin(pending.clone())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{custody}: {}", stderr(&out));
        assert_eq!(h.record().client_secret, pending, "{custody}");
    }
}

/// `secret verify` and `token` with no keyring entry for the client: exit 8, and the hint's
/// command (the same verb, reading a copy on stdin) runs as printed with the secret given.
#[test]
fn no_keyring_entry_points_at_the_same_command_with_a_copy() {
    require_session_keyring();
    let h = Harness::new();
    let secret = h.record().client_secret;
    for verb in [&["secret", "verify"][..], &["token"]] {
        let out = h
            .cmd()
            .args(verb)
            .args(["--client-id", CLIENT_ID])
            .output()
            .unwrap();
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(8), "{verb:?}: {err}");
        assert!(err.contains("store secrets there"), "{verb:?}: {err}");
        let (_, step) = err.split_once("--from-stdin (`").expect(&err);
        let step = shell_words(step.split_once('`').unwrap().0);
        assert_eq!(step[1..=verb.len()], *verb, "{err}");
        let out = h
            .cmd()
            .args(&step[1..])
            .write_stdin(secret.clone())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{step:?}: {}", stderr(&out));
    }
}
