//! The fault suite: every failure we can inject, read as a table. Each row names a fault, the
//! command, the exit code and message expected, and then checks the invariant:
//!
//!   every secret the local Stytch minted is in the keyring, in the file or on stdout,
//!   or the local Stytch shows no pending rotation for that client.
//!
//! Where a row ends in "outcome unknown" (exit 7, or a signal during `start`), the recovery
//! commands the tool printed are run as a user would run them, and the invariant is checked after.

mod common;

use std::process::{Output, Stdio};

use common::*;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Dest {
    Stdout,
    Keyring,
    File,
}

/// One run of the binary and every place a secret could have gone.
struct Run {
    out: Output,
    held: Vec<String>,
}

impl Run {
    fn code(&self) -> i32 {
        self.out.status.code().unwrap_or(-1)
    }
    fn stderr(&self) -> String {
        stderr(&self.out)
    }
}

struct Env {
    h: Harness,
    keyring: Option<PrivateKeyring>,
}

impl Env {
    fn new(dest: Dest) -> Env {
        Env {
            h: Harness::new(),
            keyring: (dest == Dest::Keyring).then(PrivateKeyring::start),
        }
    }

    fn cmd(&self) -> std::process::Command {
        let mut cmd = self.h.std_cmd();
        if let Some(k) = &self.keyring {
            k.env(&mut cmd);
        }
        cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
        cmd
    }

    fn start_args(&self, dest: Dest) -> Vec<String> {
        let mut args: Vec<String> = ["rotate", "start", "--client-id", CLIENT_ID]
            .map(String::from)
            .to_vec();
        match dest {
            Dest::Stdout => {}
            Dest::Keyring => args.push("--keyring".into()),
            Dest::File => {
                args.push("--secret-file".into());
                args.push(self.file().display().to_string());
            }
        }
        args
    }

    fn file(&self) -> std::path::PathBuf {
        self.h.path("next-secret")
    }

    /// Runs the binary with `args` (shell syntax) where no file can grow past 0 bytes, as on a
    /// full disk: RLIMIT_FSIZE 0 makes write(2) fail with EFBIG, and SIGXFSZ is ignored so the
    /// write returns instead of killing the process.
    #[cfg(unix)]
    fn with_no_file_writes(&self, args: &str) -> Output {
        let line = format!("trap '' XFSZ; ulimit -f 0; exec {} {args}", bin().display());
        let mut cmd = std::process::Command::new("sh");
        cmd.args(["-c", &line]).env_clear();
        for (k, v) in self.h.env_pairs() {
            cmd.env(k, v);
        }
        cmd.output().unwrap()
    }

    /// Everything that now holds a secret: stdout's lines, the file, the keyring entries.
    fn held(&self, out: &Output) -> Vec<String> {
        let mut held: Vec<String> = stdout(out)
            .lines()
            .map(|l| {
                // A `--json` stdout holds the secret inside the object.
                serde_json::from_str::<serde_json::Value>(l)
                    .ok()
                    .and_then(|v| {
                        v["m2m_client"]["next_client_secret"]
                            .as_str()
                            .map(str::to_owned)
                    })
                    .unwrap_or_else(|| l.to_owned())
            })
            .collect();
        if let Ok(f) = std::fs::read_to_string(self.file()) {
            held.push(f.trim_end().to_owned());
        }
        if let Some(k) = &self.keyring {
            for user in [
                format!("{}/{CLIENT_ID}/next", self.h.project_id),
                format!("{}/{CLIENT_ID}", self.h.project_id),
            ] {
                let out = k
                    .command("secret-tool")
                    .args(["lookup", "service", "stytch-m2m", "username", &user])
                    .output()
                    .unwrap();
                if out.status.success() {
                    held.push(stdout(&out));
                }
            }
        }
        held
    }

    fn run(&self, args: &[String]) -> Run {
        let out = self.cmd().args(args).stdin(Stdio::null()).output().unwrap();
        let held = self.held(&out);
        Run { out, held }
    }

    /// The invariant. `held` is everything the user holds after the row.
    fn assert_nothing_lost(&self, row: &str, held: &[String]) {
        for client in self.h.mock.state().clients() {
            if let Some(next) = &client.next_client_secret {
                assert!(
                    held.iter().any(|h| h == next),
                    "{row}: a pending secret of {} is held nowhere (lost)",
                    client.client_id
                );
            }
        }
    }

    /// Runs the recovery the tool printed, step by step as its annotations say, and returns what
    /// the user then holds.
    fn recover(&self, row: &str, printed: &str, dest: Dest) -> Vec<String> {
        let steps: Vec<&str> = printed
            .lines()
            .filter_map(|l| {
                l.trim_start()
                    .split_once(". stytch-m2m ")
                    .map(|(_, cmd)| cmd)
            })
            .collect();
        assert_eq!(
            steps.len(),
            3,
            "{row}: three recovery steps expected:\n{printed}"
        );
        assert!(
            steps[0].starts_with("rotate status")
                && steps[1].starts_with("rotate cancel")
                && steps[2].starts_with("rotate start"),
            "{row}: {steps:?}"
        );
        let status = self
            .cmd()
            .args(["rotate", "status", "--client-id", CLIENT_ID])
            .output()
            .unwrap();
        assert_eq!(status.status.code(), Some(0), "{row}: recovery step 1");
        if stdout(&status).contains("(rotation pending: both secrets work)") {
            let cancel = self
                .cmd()
                .args(["rotate", "cancel", "--client-id", CLIENT_ID, "--yes"])
                .output()
                .unwrap();
            assert_eq!(
                cancel.status.code(),
                Some(0),
                "{row}: recovery step 2: {}",
                stderr(&cancel)
            );
        }
        let _ = std::fs::remove_file(self.file());
        let again = self.run(&self.start_args(dest));
        assert_eq!(
            again.code(),
            0,
            "{row}: recovery step 3: {}",
            again.stderr()
        );
        again.held
    }
}

/// A row of the table of injected faults.
struct Row {
    fault: &'static str,
    command: &'static str,
    dest: Dest,
    inject: Vec<(Route, FaultKind, u32)>,
    extra: &'static [&'static str],
    code: i32,
    says: &'static str,
    /// Exit 7 on start: run the printed recovery, then check the invariant.
    recover: bool,
}

fn row(
    fault: &'static str,
    command: &'static str,
    dest: Dest,
    inject: Vec<(Route, FaultKind, u32)>,
    code: i32,
    says: &'static str,
) -> Row {
    Row {
        fault,
        command,
        dest,
        inject,
        extra: &[],
        code,
        says,
        recover: code == 7 && command == "start",
    }
}

fn table() -> Vec<Row> {
    use Dest::*;
    use FaultKind as F;
    use Route as R;
    let commit = true;
    let mut rows = Vec::new();
    for dest in [Stdout, Keyring, File] {
        rows.extend([
            row(
                "429 with Retry-After: 1",
                "start",
                dest,
                vec![(
                    R::RotateStart,
                    F::RateLimit {
                        retry_after: Some(1),
                    },
                    1,
                )],
                0,
                "Started rotation",
            ),
            row(
                "429 without Retry-After",
                "start",
                dest,
                vec![(R::RotateStart, F::RateLimit { retry_after: None }, 1)],
                0,
                "Started rotation",
            ),
            row(
                "429 on every try",
                "start",
                dest,
                vec![(R::RotateStart, F::RateLimit { retry_after: None }, 3)],
                6,
                "rate limiting",
            ),
            row(
                "500 with Stytch's body",
                "start",
                dest,
                vec![(
                    R::RotateStart,
                    F::Status {
                        status: 500,
                        commit: false,
                    },
                    1,
                )],
                6,
                "internal_server_error",
            ),
            row(
                "502 with Stytch's body",
                "start",
                dest,
                vec![(
                    R::RotateStart,
                    F::Status {
                        status: 502,
                        commit: false,
                    },
                    1,
                )],
                6,
                "did not take effect",
            ),
            row(
                "503 with Stytch's body",
                "start",
                dest,
                vec![(
                    R::RotateStart,
                    F::Status {
                        status: 503,
                        commit: false,
                    },
                    1,
                )],
                6,
                "service_unavailable",
            ),
            row(
                "502 HTML from a gateway",
                "start",
                dest,
                vec![(
                    R::RotateStart,
                    F::Html {
                        status: 502,
                        commit: false,
                    },
                    1,
                )],
                7,
                "may have minted",
            ),
            row(
                "504 HTML after the change",
                "start",
                dest,
                vec![(
                    R::RotateStart,
                    F::Html {
                        status: 504,
                        commit,
                    },
                    1,
                )],
                7,
                "may have minted",
            ),
            row(
                "truncated 2xx body",
                "start",
                dest,
                vec![(R::RotateStart, F::Truncate, 1)],
                7,
                "truncated",
            ),
            row(
                "non-JSON 2xx body",
                "start",
                dest,
                vec![(R::RotateStart, F::NotJson, 1)],
                7,
                "not valid JSON",
            ),
            row(
                "slow answer past --timeout",
                "start",
                dest,
                vec![(R::RotateStart, F::Delay { ms: 3000 }, 1)],
                7,
                "timeout",
            ),
            row(
                "connection dropped after the start committed",
                "start",
                dest,
                vec![(R::RotateStart, F::Drop { commit }, 1)],
                7,
                "may have minted",
            ),
            row(
                "connection dropped before the start",
                "start",
                dest,
                vec![(R::RotateStart, F::Drop { commit: false }, 1)],
                7,
                "may have minted",
            ),
            row(
                "huge 2xx body",
                "start",
                dest,
                vec![(R::RotateStart, F::Huge { bytes: 2 << 20 }, 1)],
                7,
                "larger than",
            ),
        ]);
    }
    rows.extend([
        row(
            "503 HTML on a read, every try",
            "status",
            Dest::Stdout,
            vec![(
                R::GetClient,
                F::Html {
                    status: 503,
                    commit: false,
                },
                3,
            )],
            6,
            "HTTP 503",
        ),
        row(
            "500 on a read, once",
            "status",
            Dest::Stdout,
            vec![(
                R::GetClient,
                F::Status {
                    status: 500,
                    commit: false,
                },
                1,
            )],
            0,
            "no rotation pending",
        ),
        row(
            "connection dropped on a read, once",
            "status",
            Dest::Stdout,
            vec![(R::GetClient, F::Drop { commit: false }, 1)],
            0,
            "no rotation pending",
        ),
        row(
            "connection dropped after the complete committed",
            "complete",
            Dest::Stdout,
            vec![(R::Rotate, F::Drop { commit }, 1)],
            7,
            "the completion went through",
        ),
        row(
            "502 HTML after the complete committed",
            "complete",
            Dest::Stdout,
            vec![(
                R::Rotate,
                F::Html {
                    status: 502,
                    commit,
                },
                1,
            )],
            7,
            "the completion went through",
        ),
        row(
            "500 with Stytch's body on complete",
            "complete",
            Dest::Stdout,
            vec![(
                R::Rotate,
                F::Status {
                    status: 500,
                    commit: false,
                },
                1,
            )],
            6,
            "did not take effect",
        ),
        row(
            "token endpoint down during verification, every try",
            "complete",
            Dest::Stdout,
            vec![(
                R::Token,
                F::Status {
                    status: 503,
                    commit: false,
                },
                3,
            )],
            6,
            "did not take effect",
        ),
        row(
            "connection dropped after the cancel committed",
            "cancel",
            Dest::Stdout,
            vec![(R::RotateCancel, F::Drop { commit }, 1)],
            7,
            "the cancellation went through",
        ),
        row(
            "truncated 2xx on cancel",
            "cancel",
            Dest::Stdout,
            vec![(R::RotateCancel, F::Truncate, 1)],
            7,
            "the cancellation went through",
        ),
    ]);
    for r in rows.iter_mut() {
        if r.fault == "slow answer past --timeout" {
            r.extra = &["--timeout", "0.5"];
        }
    }
    rows
}

#[test]
fn injected_faults_lose_no_secret() {
    let rows = table();
    let mut report = Vec::new();
    for r in &rows {
        let name = format!("{} / {} / {:?}", r.fault, r.command, r.dest);
        let env = Env::new(r.dest);
        // complete and cancel rows start from a pending rotation whose secret the user holds.
        let mut held = Vec::new();
        if r.command != "start" && r.command != "status" {
            let started = env.run(&env.start_args(Dest::Stdout));
            assert_eq!(started.code(), 0);
            held = started.held;
        }
        for (route, kind, times) in &r.inject {
            env.h.inject_times(*route, kind.clone(), *times);
        }
        let mut args: Vec<String> = match r.command {
            "start" => env.start_args(r.dest),
            "status" => ["rotate", "status", "--client-id", CLIENT_ID]
                .map(String::from)
                .to_vec(),
            verb => ["rotate", verb, "--client-id", CLIENT_ID, "--yes"]
                .map(String::from)
                .to_vec(),
        };
        if r.command == "complete" {
            args.push("--next-secret-stdin".into());
        }
        args.extend(r.extra.iter().map(|s| s.to_string()));
        let out = if r.command == "complete" {
            let mut child = env.cmd().args(&args).stdin(Stdio::piped()).spawn().unwrap();
            use std::io::Write;
            child
                .stdin
                .take()
                .unwrap()
                .write_all(format!("{}\n", held[0]).as_bytes())
                .unwrap();
            let out = child.wait_with_output().unwrap();
            let h2 = env.held(&out);
            Run { out, held: h2 }
        } else {
            env.run(&args)
        };
        held.extend(out.held.clone());
        let err = out.stderr();
        let shown = format!("{}{}", stdout(&out.out), err);
        assert_eq!(out.code(), r.code, "{name}: exit code\n{err}");
        assert!(
            shown.contains(r.says),
            "{name}: expected {:?} in:\n{shown}",
            r.says
        );
        if r.recover {
            held.extend(env.recover(&name, &err, r.dest));
        }
        env.assert_nothing_lost(&name, &held);
        report.push(format!(
            "| {} | `{}` | {:?} | {} |",
            r.fault, r.command, r.dest, r.code
        ));
    }
    eprintln!(
        "{} injected-fault rows passed:\n{}",
        report.len(),
        report.join("\n")
    );
}

// ---- faults that need more than an injected answer -------------------------------------------

#[test]
fn connection_refused_sends_nothing_and_mints_nothing() {
    let env = Env::new(Dest::Stdout);
    let refused = RefusedPort::new();
    let out = env
        .cmd()
        .env("STYTCH_BASE_URL", refused.url())
        .args(env.start_args(Dest::Stdout))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(6));
    assert!(stderr(&out).contains("nothing was sent"));
    env.assert_nothing_lost("connection refused", &[]);
}

#[test]
fn keyring_unavailable_before_minting() {
    let env = Env::new(Dest::Stdout);
    let empty = tempfile::tempdir().unwrap();
    let out = env
        .cmd()
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .env("XDG_RUNTIME_DIR", empty.path())
        .args(env.start_args(Dest::Keyring))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(8));
    assert!(env.h.mock.state().minted().is_empty(), "nothing minted");
    env.assert_nothing_lost("keyring unavailable", &[]);
}

#[test]
fn keyring_failing_after_minting() {
    let env = Env::new(Dest::Keyring);
    env.h
        .inject(Route::RotateStart, FaultKind::Delay { ms: 1500 });
    let child = env
        .cmd()
        .args(env.start_args(Dest::Keyring))
        .args(["--keyring-timeout", "5"])
        .spawn()
        .unwrap();
    env.h.wait_for(Route::RotateStart);
    env.keyring.as_ref().unwrap().lock();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(8), "{}", stderr(&out));
    assert!(stderr(&out).contains("PRINTED BELOW ON STDOUT"));
    env.assert_nothing_lost("keyring failing after minting", &env.held(&out));
}

#[cfg(unix)]
#[test]
fn secret_file_write_fails_after_pre_flight() {
    // The file is reserved (empty) in pre-flight; then every write fails, as on a full disk
    // (RLIMIT_FSIZE 0 makes write(2) fail with EFBIG; SIGXFSZ is ignored so the write returns).
    let env = Env::new(Dest::File);
    let out = env.with_no_file_writes(&env.start_args(Dest::File).join(" "));
    assert_eq!(out.status.code(), Some(8), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("could not write") && err.contains("PRINTED BELOW ON STDOUT"),
        "{err}"
    );
    assert!(!env.file().exists(), "no half-written secret file is left");
    env.assert_nothing_lost("disk full", &env.held(&out));
}

#[test]
fn secret_file_directory_removed_after_pre_flight() {
    let env = Env::new(Dest::File);
    let dir = env.h.path("secrets");
    std::fs::create_dir(&dir).unwrap();
    let path = dir.join("next");
    env.h
        .inject(Route::RotateStart, FaultKind::Delay { ms: 1000 });
    let child = env
        .cmd()
        .args(["rotate", "start", "--client-id", CLIENT_ID, "--secret-file"])
        .arg(&path)
        .spawn()
        .unwrap();
    env.h.wait_for(Route::RotateStart);
    std::fs::remove_dir_all(&dir).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(8), "{}", stderr(&out));
    assert!(stderr(&out).contains("read back"), "{}", stderr(&out));
    env.assert_nothing_lost("directory removed", &env.held(&out));
}

#[cfg(unix)]
#[test]
fn signals_during_a_request() {
    for (signal, code, dest) in [
        ("INT", 130, Dest::Stdout),
        ("TERM", 143, Dest::Stdout),
        ("HUP", 129, Dest::Keyring),
        ("INT", 130, Dest::File),
        ("TERM", 143, Dest::Keyring),
    ] {
        let name = format!("SIG{signal} during start to {dest:?}");
        let env = Env::new(dest);
        env.h
            .inject(Route::RotateStart, FaultKind::Delay { ms: 4000 });
        let child = env.cmd().args(env.start_args(dest)).spawn().unwrap();
        env.h.wait_for(Route::RotateStart);
        let killed = std::process::Command::new("kill")
            .args([format!("-{signal}"), child.id().to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(code), "{name}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("may have minted"),
            "{name}: the same recovery message as exit 7"
        );
        if dest == Dest::File {
            assert!(!env.file().exists(), "{name}: the reserved file is removed");
        }
        // The Delay fault commits before it waits: the start took effect when the request
        // arrived, and the secret is lost until the recovery runs.
        let mut held = env.held(&out);
        held.extend(env.recover(&name, &stderr(&out), dest));
        env.assert_nothing_lost(&name, &held);
    }
    // A signal during complete: exit 130 and the complete recovery.
    let env = Env::new(Dest::Stdout);
    env.h.start_rotation();
    env.h.inject(Route::Rotate, FaultKind::Delay { ms: 3000 });
    let child = env
        .cmd()
        .args([
            "rotate",
            "complete",
            "--client-id",
            CLIENT_ID,
            "--yes",
            "--skip-verify",
        ])
        .spawn()
        .unwrap();
    env.h.wait_for(Route::Rotate);
    std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130));
    assert!(
        stderr(&out).contains("may or may not have taken effect"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn wrong_project_secret_and_unknown_client() {
    let env = Env::new(Dest::Stdout);
    let out = env
        .cmd()
        .env("STYTCH_SECRET", "secret-test-wrong")
        .args(env.start_args(Dest::Stdout))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let out = env
        .cmd()
        .args(["rotate", "start", "--client-id", "m2m-client-test-nobody"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert!(env.h.mock.state().minted().is_empty());
    env.assert_nothing_lost("wrong secret / unknown client", &[]);
}

#[test]
fn two_concurrent_starts_on_one_client() {
    let env = Env::new(Dest::Stdout);
    // Both requests are held inside the local Stytch until both have arrived: they overlap.
    env.h
        .inject(Route::RotateStart, FaultKind::Barrier { count: 2 });
    let a = env
        .cmd()
        .args(env.start_args(Dest::Stdout))
        .spawn()
        .unwrap();
    let b = env
        .cmd()
        .args(env.start_args(Dest::Stdout))
        .spawn()
        .unwrap();
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    assert_eq!(
        env.h.requests_to(Route::RotateStart),
        2,
        "both reached Stytch"
    );
    let mut codes = [a.status.code().unwrap(), b.status.code().unwrap()];
    codes.sort_unstable();
    assert_eq!(
        codes,
        [0, 5],
        "one wins, the other is told a rotation is in progress"
    );
    assert_eq!(
        env.h.mock.state().minted().len(),
        1,
        "exactly one secret minted"
    );
    let mut held = env.held(&a);
    held.extend(env.held(&b));
    env.assert_nothing_lost("concurrent starts", &held);
}

/// stderr that cannot be written (closed, or a full disk) must not stop the secret from being
/// delivered: a panic on a failed warning would lose it.
#[test]
fn an_unwritable_stderr_never_costs_the_secret() {
    let env = Env::new(Dest::Stdout);
    let out = env
        .h
        .std_cmd()
        .args(env.start_args(Dest::Stdout))
        .stdout(Stdio::piped())
        .stderr(dev_full())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(Some(stdout(&out).trim().to_owned()), env.h.pending());
    env.h
        .cmd()
        .args(["rotate", "cancel", "--client-id", CLIENT_ID, "--yes"])
        .assert()
        .code(0);

    // The file store fails after minting (RLIMIT_FSIZE 0), and the loud warning cannot be written:
    // the secret still reaches stdout.
    let args = format!(
        "rotate start --client-id {CLIENT_ID} --secret-file {} 2>/dev/full",
        env.file().display()
    );
    let out = env.with_no_file_writes(&args);
    assert_eq!(out.status.code(), Some(8));
    env.assert_nothing_lost("stderr unwritable during a store failure", &env.held(&out));
    assert!(env.h.pending().is_some());
}
