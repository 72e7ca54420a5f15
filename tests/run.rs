//! Issue #13: `rotate run`, a whole rotation in one command, and `--resume` after it stopped.
//! Every test ends with the shared invariant (`common::MintLedger`: every client's current
//! secret gets a token and is held by someone the test knows, no valid pending secret nobody
//! holds, the declared mint) and the client settled: completed with the new secret or back to
//! its old one. A run that stops prints its ways on as recovery steps; each way runs exactly as
//! printed, in its own copy of the scene (`each_way`).

mod common;

use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

use common::*;
use serde_json::Value;

/// A scratch directory and a deploy script in it, and the ledger of what its runs mint.
struct Scene {
    h: Harness,
    dir: PathBuf,
    ledger: MintLedger,
    /// Secrets the setup handed over (a `rotate start` it ran).
    setup: std::cell::RefCell<Delivered>,
}

impl Scene {
    fn new() -> Scene {
        let h = Harness::new();
        let dir = h.path("scene");
        std::fs::create_dir_all(&dir).unwrap();
        let ledger = MintLedger::open(&h.mock);
        Scene {
            h,
            dir,
            ledger,
            setup: Default::default(),
        }
    }

    /// A rotation started by the setup (`rotate start`, on stdout), its secret handed over.
    fn start_rotation(&self) {
        let secret = self.h.start_rotation();
        self.setup
            .borrow_mut()
            .add("setup: a rotate start's stdout", secret);
    }

    fn at(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    fn got(&self) -> String {
        std::fs::read_to_string(self.at("got")).unwrap_or_default()
    }

    /// Everything in the scene that can hold a secret now: the deploy target (`got`), the
    /// keyring entries, the custody file.
    fn delivered(&self) -> Delivered {
        let mut delivered = Delivered::default();
        delivered.merge(&self.setup.borrow());
        delivered.add("the deploy target", self.got());
        for user in keyring_users(&self.h.project_id, CLIENT_ID) {
            delivered.keyring_entry(&user, secret_tool_lookup(&user));
        }
        delivered.file(&self.at("custody"));
        delivered
    }

    /// The shared invariant over what the scene holds, and the client settled (not left
    /// half-rotated).
    fn assert_invariant(&self, name: &str, mints: Mints) {
        self.assert_invariant_pending(name, mints, None);
    }

    /// The same, where the test leaves a rotation pending on purpose (`why`).
    fn assert_invariant_pending(&self, name: &str, mints: Mints, why: Option<&str>) {
        self.ledger
            .assert_custody(&self.h.mock, name, &self.delivered(), mints);
        assert_settled(&self.h.mock, name, why);
    }

    /// Runs one way through printed recovery steps, each exactly as printed (with `SCENE` set,
    /// as for the run that printed it). A step that reads the secret on stdin gets the pending
    /// secret if the scene holds it. The conditions of a run: "the cause is fixed" makes the
    /// fix (`$SCENE/fixed`, which the scenes' deploy and check commands wait for), and whether
    /// the deploy target or anyone holds the pending secret is looked up when asked.
    fn recover(&self, name: &str, path: &[Step]) -> Vec<Ran> {
        let pending = || self.h.pending();
        let input = pending()
            .filter(|p| self.delivered().holding(p).is_some())
            .unwrap_or_default();
        let run = |args: &[String]| {
            let (k, v) = scene_env(self);
            let mut cmd = self.h.cmd();
            cmd.env(k, v).args(args).timeout(Duration::from_secs(60));
            if args.iter().any(|a| a.ends_with("-stdin")) {
                cmd.write_stdin(input.clone());
            }
            cmd.output().unwrap()
        };
        let mut conditions = Conditions::new(&self.h.mock, CLIENT_ID)
            .also("the cause is fixed", || {
                std::fs::write(self.at("fixed"), "").unwrap();
                true
            })
            .also("the deploy target holds the secret", || {
                pending().is_some_and(|p| self.got() == p)
            })
            .also("nobody holds the secret", || {
                pending().is_some_and(|p| self.delivered().holding(&p).is_none())
            });
        run_path(name, path, run, &mut self.delivered(), &mut conditions)
    }
}

/// Plays a scene once per way through the recovery it prints (`play` sets it up from scratch
/// and returns the stderr of the command that printed it), runs that way as printed
/// ([`Scene::recover`]), then `check`s it. Returns how many ways there were.
fn each_way(
    name: &str,
    play: impl Fn() -> (Scene, String),
    check: impl Fn(&str, &Scene, &[Ran]),
) -> usize {
    let (mut paths, mut i) = (1, 0);
    while i < paths {
        let (s, err) = play();
        let ways = recovery_paths(&printed_recovery(&err));
        assert!(!ways[0].is_empty(), "{name}: no recovery printed: {err}");
        let name = format!("{name} (recovery path {i})");
        let ran = s.recover(&name, &ways[i]);
        check(&name, &s, &ran);
        paths = ways.len();
        i += 1;
    }
    paths
}

/// The steps of a way that ran (their verbs), in order.
fn chose(ran: &[Ran]) -> Vec<&str> {
    ran.iter()
        .filter(|r| r.code.is_some())
        .map(|r| r.step.verb())
        .collect()
}

const DEPLOY: &str = "cat > \"$SCENE/got\"";

fn scene_env(s: &Scene) -> (String, String) {
    ("SCENE".into(), s.dir.display().to_string())
}

fn run_env(s: &Scene, extra: &[&str], deploy: &str) -> Output {
    let (k, v) = scene_env(s);
    s.h.cmd()
        .env(k, v)
        .args([
            "rotate",
            "run",
            "--client-id",
            CLIENT_ID,
            "--yes",
            "--deploy",
            deploy,
        ])
        .args(extra)
        // A run that retries forever fails the test rather than hanging it.
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap()
}

#[test]
fn a_whole_rotation_hands_the_exact_secret_to_the_deploy_command() {
    require_session_keyring();
    let s = Scene::new();
    let out = run_env(
        &s,
        &["--keyring", "--check", "test -s \"$SCENE/got\""],
        DEPLOY,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let record = s.h.record();
    assert_eq!(s.got(), record.client_secret, "exact bytes, no newline");
    assert_eq!(record.next_client_secret, None);
    let current = secret_tool_lookup(&format!("{}/{CLIENT_ID}", s.h.project_id));
    assert_eq!(
        current.as_deref().map(str::trim),
        Some(record.client_secret.as_str()),
        "promoted"
    );
    assert!(!stderr(&out).contains(&record.client_secret));
    assert_eq!(stdout(&out), "", "no --json: stdout stays empty");
    s.assert_invariant("happy path", Mints::Must);
}

#[test]
fn the_secret_never_reaches_argv_or_the_environment_and_echoes_are_redacted() {
    let s = Scene::new();
    let deploy = "tr '\\0' ' ' < /proc/$$/cmdline > \"$SCENE/argv\"; env > \"$SCENE/env\"; \
                  cat > \"$SCENE/got\"; echo \"echo: $(cat \"$SCENE/got\")\"; echo \"proj: $STYTCH_SECRET\" >&2";
    let out = run_env(&s, &[], deploy);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let secret = s.h.record().client_secret;
    let argv = std::fs::read_to_string(s.at("argv")).unwrap();
    let env = std::fs::read_to_string(s.at("env")).unwrap();
    assert!(!argv.contains(&secret), "{argv}");
    assert!(
        !env.contains(&secret),
        "not in the environment without --secret-env"
    );
    assert!(
        !env.contains(PROJECT_SECRET) && !env.contains("STYTCH_SECRET="),
        "{env}"
    );
    assert!(env.contains(&format!("STYTCH_M2M_CLIENT_ID={CLIENT_ID}")));
    assert!(env.contains(&format!(
        "STYTCH_M2M_NEXT_SECRET_LAST_FOUR={}",
        &secret[secret.len() - 4..]
    )));
    assert!(env.contains(&format!("STYTCH_PROJECT_ID={}", s.h.project_id)));
    let err = stderr(&out);
    assert!(err.contains("deploy | echo: [redacted]"), "{err}");
    assert!(
        !err.contains(&secret) && !err.contains(PROJECT_SECRET),
        "{err}"
    );
    s.assert_invariant("argv/env", Mints::Must);

    // --secret-env: in that variable, and stdin is empty.
    let s = Scene::new();
    let deploy = "printf %s \"$NEW_SECRET\" > \"$SCENE/got\"; cat > \"$SCENE/stdin\"";
    let out = run_env(&s, &["--secret-env", "NEW_SECRET"], deploy);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(s.got(), s.h.record().client_secret);
    assert_eq!(std::fs::read_to_string(s.at("stdin")).unwrap(), "");
    s.assert_invariant("--secret-env", Mints::Must);
}

/// A failed deploy with custody keeps the rotation pending and prints two ways on: once the
/// cause is fixed, the resume (which deploys the same secret and completes), or the cancel of
/// exactly that secret. Each works as printed, in its own copy of the scene.
#[test]
fn a_failed_deploy_keeps_with_custody_and_the_printed_resume_completes() {
    require_session_keyring();
    let play = || {
        let s = Scene::new();
        let deploy = "test -e \"$SCENE/fixed\" && cat > \"$SCENE/got\"";
        let out = run_env(&s, &["--keyring"], deploy);
        assert_eq!(out.status.code(), Some(10), "{}", stderr(&out));
        let pending = s.h.pending().expect("kept pending");
        let entry = secret_tool_lookup(&format!("{}/{CLIENT_ID}/next", s.h.project_id));
        assert_eq!(entry.as_deref().map(str::trim), Some(pending.as_str()));
        let err = stderr(&out);
        assert!(err.contains("stays pending"), "{err}");
        let held_in = format!(
            "is in the keyring entry service=stytch-m2m username={}/{CLIENT_ID}/next",
            s.h.project_id
        );
        assert!(err.contains(&held_in), "says where the secret is: {err}");
        (s, err)
    };
    let ways = each_way("keep, then each way on", play, |name, s, ran| {
        let minted = s.ledger.minted_since(&s.h.mock);
        assert_eq!(minted.len(), 1, "{name}: nothing minted after the first");
        match chose(ran)[..] {
            ["run"] => assert_eq!(
                (s.got(), s.h.record().client_secret),
                (minted[0].secret.clone(), minted[0].secret.clone()),
                "{name}: the same secret, deployed on resume, is the secret"
            ),
            ["cancel"] => assert_eq!(s.got(), "", "{name}: never deployed"),
            ref other => panic!("{name}: {other:?}"),
        }
        s.assert_invariant(name, Mints::Must);
    });
    assert_eq!(ways, 2, "resume or cancel");
}

/// Issue 26, item 2: once the deploy command started it may have handed the secret on, so a
/// failed deploy keeps the rotation pending whatever the custody. Without custody the deploy
/// target holds it: the printed `--resume … --next-secret-stdin`, given that secret, finishes
/// the rotation as printed. Only a typed `--on-deploy-failure cancel` cancels.
#[test]
fn a_failed_deploy_without_custody_keeps_it_and_resumes_from_the_deploy_target() {
    let play = || {
        let s = Scene::new();
        // The deploy stores the secret, then fails (its rollout, say) until the cause is fixed.
        let deploy = "cat > \"$SCENE/got\"; test -e \"$SCENE/fixed\"";
        let out = run_env(&s, &["--json"], deploy);
        assert_eq!(out.status.code(), Some(10), "{}", stderr(&out));
        let pending = s.h.pending().expect("kept pending");
        assert_eq!(s.got(), pending, "the deploy target holds it");
        let report: Value = serde_json::from_str(stdout(&out).trim()).unwrap();
        assert_eq!(report["result"], "pending");
        assert_eq!(report["exit_code"], 10);
        let err = stderr(&out);
        let resume = printed_recovery(&err)
            .into_iter()
            .find(|step| step.verb() == "run")
            .unwrap_or_else(|| panic!("no resume printed: {err}"));
        assert!(
            resume.note.contains("the deploy target holds"),
            "{resume:?}"
        );
        assert!(
            resume.args.ends_with(&["--next-secret-stdin".to_owned()]),
            "{resume:?}"
        );
        (s, err)
    };
    let ways = each_way("kept in memory, then each way on", play, |name, s, ran| {
        let minted = s.ledger.minted_since(&s.h.mock);
        match chose(ran)[..] {
            ["run"] => assert_eq!(
                s.h.record().client_secret,
                minted[0].secret,
                "{name}: completed with the secret the deploy target gave on stdin"
            ),
            ["cancel"] => assert_eq!(s.h.record().client_secret, s.h.client.client_secret),
            ref other => panic!("{name}: {other:?}"),
        }
        s.assert_invariant(name, Mints::Must);
    });
    assert_eq!(ways, 2, "resume or cancel");
}

/// Without custody, a resume given a wrong secret on stdin sends nothing; and a typed
/// `--on-deploy-failure cancel` cancels, removing the run's copy of the dead secret.
#[test]
fn a_wrong_secret_on_stdin_sends_nothing_and_a_typed_cancel_cancels() {
    let s = Scene::new();
    // A wrong secret on stdin sends nothing.
    let out = run_env(&s, &[], "cat > \"$SCENE/got\"; exit 3");
    assert_eq!(out.status.code(), Some(10), "{}", stderr(&out));
    let before = s.h.requests().len();
    let out =
        s.h.cmd()
            .args([
                "rotate",
                "run",
                "--client-id",
                CLIENT_ID,
                "--yes",
                "--deploy",
                "true",
            ])
            .args(["--resume", "--next-secret-stdin"])
            .write_stdin("not-the-pending-secret")
            .output()
            .unwrap();
    assert_eq!(out.status.code(), Some(9), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("nothing was sent"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        s.h.requests()[before..]
            .iter()
            .filter(|r| r.route != Route::GetClient)
            .count(),
        0
    );
    s.h.cmd()
        .args([
            "rotate",
            "cancel",
            "--client-id",
            CLIENT_ID,
            "--yes",
            "--even-if-deployed",
        ])
        .assert()
        .code(0);

    // A typed `--on-deploy-failure cancel` cancels, and removes the run's copy of the dead secret.
    let out = run_env(
        &s,
        &["--on-deploy-failure", "cancel"],
        "cat >/dev/null; exit 3",
    );
    assert_eq!(out.status.code(), Some(10), "{}", stderr(&out));
    assert_eq!(s.h.pending(), None, "cancelled");
    let custody = s.at("custody");
    let custody_arg = custody.display().to_string();
    let flags = [
        "--secret-file",
        &custody_arg,
        "--on-deploy-failure",
        "cancel",
    ];
    let out = run_env(&s, &flags, "cat >/dev/null; exit 3");
    assert_eq!(out.status.code(), Some(10), "{}", stderr(&out));
    assert_eq!(s.h.pending(), None, "cancelled");
    assert!(!custody.exists(), "the dead secret's file is removed");
    s.assert_invariant("cancelled on a failed deploy", Mints::Must);
}

#[test]
fn a_check_that_never_passes_and_a_secret_that_never_verifies() {
    let play = || {
        let s = Scene::new();
        let custody = s.at("custody");
        let custody_arg = custody.display().to_string();
        let out = run_env(
            &s,
            &[
                "--secret-file",
                &custody_arg,
                "--check",
                "test -e \"$SCENE/fixed\"",
                "--verify-timeout",
                "3",
            ],
            DEPLOY,
        );
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(10), "{err}");
        assert!(err.contains("never passed"), "{err}");
        // Tried at 0 s and 2 s; the next try (4 s) would pass the 3 s deadline, so it stops.
        assert!(
            ["(1 try,", "(2 tries,"].iter().any(|t| err.contains(t)),
            "{err}"
        );
        assert!(s.h.pending().is_some(), "kept: custody holds it");
        // The deploy ran: a cancel must say it means it (#23.8); the printed one does.
        s.h.cmd()
            .args(["rotate", "cancel", "--client-id", CLIENT_ID, "--yes"])
            .assert()
            .code(5);
        (s, err)
    };
    let ways = each_way("check never passed", play, |name, s, ran| {
        match chose(ran)[..] {
            ["run"] => assert_eq!(s.got(), s.h.record().client_secret, "{name}"),
            ["cancel"] => assert_eq!(s.h.record().client_secret, s.h.client.client_secret),
            ref other => panic!("{name}: {other:?}"),
        }
        s.assert_invariant(name, Mints::Must);
    });
    assert_eq!(ways, 2, "resume or cancel");

    let s = Scene::new();
    s.h.inject_times(
        Route::Token,
        FaultKind::Status {
            status: 401,
            commit: false,
        },
        1000,
    );
    let out = run_env(&s, &["--verify-timeout", "1"], DEPLOY);
    assert_eq!(out.status.code(), Some(9), "{}", stderr(&out));
    assert_eq!(
        s.h.pending(),
        None,
        "a secret that never works is cancelled"
    );
    assert_eq!(s.got(), "", "never deployed");
    // Tried at 0 s and 0.5 s; the next wait (1 s) would pass the 1 s deadline, so it stops.
    let tries = s.h.requests_to(Route::Token);
    assert!(
        (1..=2).contains(&tries),
        "{tries} token requests within --verify-timeout 1"
    );
    s.assert_invariant("never verified", Mints::Must);
}

#[test]
fn a_secret_or_check_that_passes_on_the_third_try_is_retried() {
    // A new secret that takes a moment to work everywhere: retried with backoff, not failed.
    let s = Scene::new();
    let rejected = FaultKind::Status {
        status: 401,
        commit: false,
    };
    s.h.inject_times(Route::Token, rejected, 2);
    let out = run_env(&s, &["--verify-timeout", "10"], DEPLOY);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stderr(&out).matches("verify   not yet").count(),
        2,
        "{}",
        stderr(&out)
    );
    for wait in ["trying again in 0.5 s", "trying again in 1.0 s"] {
        assert!(
            stderr(&out).contains(wait),
            "the wait doubles: {}",
            stderr(&out)
        );
    }
    assert_eq!(s.got(), s.h.record().client_secret);
    s.assert_invariant("verified on the third try", Mints::Must);

    // A check that passes on its third try, every 2 s: counted, and the run goes on.
    let s = Scene::new();
    let check = "n=$(cat \"$SCENE/tries\" 2>/dev/null || echo 0); n=$((n+1)); echo $n > \"$SCENE/tries\"; [ $n -ge 3 ]";
    let out = run_env(
        &s,
        &["--check", check, "--verify-timeout", "10", "--json"],
        DEPLOY,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    let steps = report["steps"].as_array().unwrap();
    let check = steps.iter().find(|s| s["step"] == "check").unwrap();
    assert_eq!(
        (&check["outcome"], &check["tries"]),
        (&Value::from("ok"), &Value::from(3)),
        "{report}"
    );
    s.assert_invariant("checked on the third try", Mints::Must);
}

#[test]
fn refuses_a_pending_rotation_and_asks_for_yes_without_a_terminal() {
    let s = Scene::new();
    s.start_rotation();
    let out = run_env(&s, &[], DEPLOY);
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    assert!(stderr(&out).contains("--resume"), "{}", stderr(&out));
    let out =
        s.h.cmd()
            .args([
                "rotate",
                "run",
                "--client-id",
                CLIENT_ID,
                "--deploy",
                "true",
            ])
            .output()
            .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let why = "the setup's rotation, refused: not the run's to continue";
    s.assert_invariant_pending("refused", Mints::Must, Some(why));
}

/// A run's complete or cancel that gets no answer (the connection dropped, before or after
/// Stytch made the change), or a cancel Stytch refused, ends with the steps that find out and
/// finish; each way through them works exactly as printed, and the client ends settled with
/// nothing lost.
#[test]
fn a_runs_complete_or_cancel_without_an_answer_prints_steps_that_work() {
    let cancel: &[&str] = &["--on-deploy-failure", "cancel"];
    let failing = "cat > \"$SCENE/got\"; exit 3";
    let dropped = |commit| FaultKind::Drop { commit };
    let refused = FaultKind::Status {
        status: 500,
        commit: false,
    };
    // (case, route, fault, flags, deploy, exit code, still pending after it)
    let cases = [
        (
            "complete, dropped before the change",
            Route::Rotate,
            dropped(false),
            &[][..],
            DEPLOY,
            7,
            true,
        ),
        (
            "complete, dropped after the change",
            Route::Rotate,
            dropped(true),
            &[][..],
            DEPLOY,
            7,
            false,
        ),
        (
            "cancel, dropped before the change",
            Route::RotateCancel,
            dropped(false),
            cancel,
            failing,
            10,
            true,
        ),
        (
            "cancel, dropped after the change",
            Route::RotateCancel,
            dropped(true),
            cancel,
            failing,
            10,
            false,
        ),
        (
            "cancel, refused with a 500",
            Route::RotateCancel,
            refused,
            cancel,
            failing,
            10,
            true,
        ),
    ];
    for (name, route, fault, extra, deploy, code, pending) in cases {
        let play = || {
            let s = Scene::new();
            s.h.inject(route, fault.clone());
            let custody = s.at("custody").display().to_string();
            let args = [&["--secret-file", custody.as_str()][..], extra].concat();
            let out = run_env(&s, &args, deploy);
            let err = stderr(&out);
            assert_eq!(out.status.code(), Some(code), "{name}: {err}");
            assert_eq!(s.h.pending().is_some(), pending, "{name}: {err}");
            (s, err)
        };
        let ways = each_way(name, play, |name, s, ran| {
            let again = chose(ran)
                .iter()
                .any(|v| ["complete", "cancel"].contains(v));
            assert_eq!(
                again, pending,
                "{name}: sent again only if still pending: {ran:?}"
            );
            s.assert_invariant(name, Mints::Must);
        });
        assert_eq!(ways, 1, "{name}");
    }
}

/// Kills the run (its process group and the hook's) with SIGKILL once `ready` exists.
fn kill_when(s: &Scene, extra: &[&str], deploy: &str, ready: &Path) {
    use std::os::unix::process::CommandExt;
    let (k, v) = scene_env(s);
    let mut child =
        s.h.std_cmd()
            .env(k, v)
            .args([
                "rotate",
                "run",
                "--client-id",
                CLIENT_ID,
                "--yes",
                "--deploy",
                deploy,
            ])
            .args(extra)
            .process_group(0)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while !ready.exists() {
        assert!(
            Instant::now() < deadline,
            "{} never appeared",
            ready.display()
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    let group = format!("-{}", child.id());
    std::process::Command::new("kill")
        .args(["-KILL", "--", &group])
        .status()
        .unwrap();
    if let Ok(pid) = std::fs::read_to_string(s.at("hook.pid")) {
        std::process::Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", pid.trim())])
            .status()
            .unwrap();
    }
    child.wait().unwrap();
}

/// Runs `rotate run --keyring`, holds its request to `route` inside the local Stytch (the change
/// is made, the answer held back), and kills the run's process group with SIGKILL meanwhile.
#[cfg(unix)]
fn kill_while_in_flight(s: &Scene, route: Route, custody: &[&str]) {
    use std::os::unix::process::CommandExt;
    s.h.inject(route, FaultKind::Delay { ms: 30_000 });
    let (k, v) = scene_env(s);
    let mut child =
        s.h.std_cmd()
            .env(k, v)
            .args([
                "rotate",
                "run",
                "--client-id",
                CLIENT_ID,
                "--yes",
                "--deploy",
                DEPLOY,
            ])
            .args(custody)
            .process_group(0)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
    s.h.wait_for(route);
    std::process::Command::new("kill")
        .args(["-KILL", "--", &format!("-{}", child.id())])
        .status()
        .unwrap();
    child.wait().unwrap();
    s.h.mock.state().clear_faults();
}

fn resume(s: &Scene, extra: &[&str], deploy: &str) -> Output {
    let mut args = extra.to_vec();
    args.push("--resume");
    run_env(s, &args, deploy)
}

#[cfg(unix)]
#[test]
fn killed_at_each_step_then_resumed_loses_nothing() {
    require_session_keyring();
    // (name, extra flags, deploy for the killed run, the file that says "kill now")
    let slow_deploy =
        "echo $$ > \"$SCENE/hook.pid\"; cat > \"$SCENE/got\"; touch \"$SCENE/ready\"; sleep 30";
    let cases: [(&str, Vec<&str>, &str); 3] = [
        ("during deploy", vec!["--keyring"], slow_deploy),
        (
            "during check",
            vec![
                "--keyring",
                "--check",
                "echo $$ > \"$SCENE/hook.pid\"; touch \"$SCENE/ready\"; sleep 30",
            ],
            DEPLOY,
        ),
        (
            "during soak",
            vec![
                "--keyring",
                "--soak",
                "30",
                "--check",
                "touch \"$SCENE/ready\"",
            ],
            DEPLOY,
        ),
    ];
    for (name, extra, deploy) in cases {
        let s = Scene::new();
        kill_when(&s, &extra, deploy, &s.at("ready"));
        assert!(s.h.pending().is_some(), "{name}: pending after the kill");
        let out = resume(&s, &["--keyring"], DEPLOY);
        assert_eq!(out.status.code(), Some(0), "{name}: {}", stderr(&out));
        assert_eq!(s.got(), s.h.record().client_secret, "{name}");
        s.assert_invariant(name, Mints::Must);
    }
}

/// After a resume that cannot say who holds the pending secret (exit 5, `run_unclear`, nothing
/// sent), three ways on: resume giving it the secret the deploy target holds, complete with the
/// secret you hold, or discard it with the guarded cancel and run again. Where nobody holds it,
/// only the last applies: the others are not run (their conditions checked, not holding), and
/// leave the secret nobody holds as it was, which is what the cancel is for.
fn nobody_held_it(name: &str, s: &Scene, ran: &[Ran]) {
    match chose(ran)[..] {
        ["history", "cancel", "run"] => {
            assert_eq!(s.got(), s.h.record().client_secret, "{name}: run again");
            s.assert_invariant(name, Mints::Must);
        }
        ["history"] => {
            let skipped = ran.iter().filter(|r| r.code.is_none()).count();
            assert_eq!(skipped, 2, "{name}: {ran:?}");
            assert!(s.h.pending().is_some(), "{name}: nothing was sent");
        }
        ref other => panic!("{name}: {other:?}"),
    }
}

/// The ways through a `run_unclear` where nobody holds the secret: only one applies.
fn only_the_cancel_applies(name: &str, play: impl Fn() -> (Scene, String)) {
    let applied = std::cell::Cell::new(0);
    let ways = each_way(name, play, |name, s, ran| {
        applied.set(applied.get() + usize::from(chose(ran).len() > 1));
        nobody_held_it(name, s, ran);
    });
    assert_eq!((ways, applied.get()), (3, 1), "{name}");
}

#[cfg(unix)]
#[test]
fn killed_before_storing_or_after_complete_was_sent_then_resumed() {
    require_session_keyring();
    // Between minting and storing: the start is committed and its answer held back. The journal
    // has only the start's intent, so the pending secret may be another run's: the resume sends
    // nothing (exit 5) and prints the guarded cancel, which discards exactly that one (#23.3).
    only_the_cancel_applies("before storing", || {
        let s = Scene::new();
        kill_while_in_flight(&s, Route::RotateStart, &["--keyring"]);
        let pending = s.h.pending().expect("the start was committed");
        let out = resume(&s, &["--keyring"], DEPLOY);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(5), "{err}");
        assert!(err.contains("nothing was sent"), "{err}");
        assert!(err.contains("own or another run's"), "{err}");
        assert_eq!(s.h.pending(), Some(pending), "nothing was cancelled");
        (s, err)
    });

    // Killed during its deploy, without custody: no store holds the secret, and `rotate status`
    // says a `rotate run` held it in memory instead of printing a complete that would fail.
    only_the_cancel_applies("killed during a deploy, no custody", || {
        let s = Scene::new();
        // The hook's process group is killed too (`hook.pid`): a `sleep` left alive would hold
        // the client's lock, and the resume would be refused as `locked` (exit 5 as well).
        let deploy =
            "echo $$ > \"$SCENE/hook.pid\"; cat > /dev/null; touch \"$SCENE/ready\"; sleep 30";
        kill_when(&s, &[], deploy, &s.at("ready"));
        assert!(s.h.pending().is_some());
        let out =
            s.h.cmd()
                .args(["rotate", "status", "--client-id", CLIENT_ID])
                .output()
                .unwrap();
        let text = stdout(&out);
        assert!(text.contains("a `rotate run` did not finish"), "{text}");
        assert!(text.contains("--resume added"), "{text}");
        assert!(!text.contains("rotate complete"), "{text}");
        // The deploy may have handed the secret on: the resume acts on no guess (#23.2), exit 5.
        let out = resume(&s, &["--json"], DEPLOY);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(5), "{err}");
        assert!(err.contains("\"error\":\"run_unclear\""), "{err}");
        assert!(err.contains("nothing was sent"), "{err}");
        (s, err)
    });

    // The same with a custody file: the empty file the dead run reserved is removed with the
    // resume, so the run printed after the cancel works as printed.
    only_the_cancel_applies("killed before storing to a file", || {
        let s = Scene::new();
        let file = s.at("custody");
        let custody = ["--secret-file", file.to_str().unwrap()];
        kill_while_in_flight(&s, Route::RotateStart, &custody);
        assert_eq!(
            std::fs::metadata(&file).unwrap().len(),
            0,
            "reserved, never written"
        );
        let out = resume(&s, &custody, DEPLOY);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(5), "{err}");
        assert!(err.contains("cannot resume the rotation"), "{err}");
        assert!(!file.exists(), "the empty reserved file is gone");
        (s, err)
    });
}

/// Killed during a deploy that had stored the secret, without custody: the resume cannot tell
/// (exit 5, nothing sent), and of its three ways on the two for a secret someone holds apply,
/// each in its own copy: resume giving it the secret the deploy target holds, or complete with
/// it. The cancel's condition (nobody holds it) does not hold, and it is not run.
#[cfg(unix)]
#[test]
fn killed_during_a_deploy_that_stored_it_then_finished_either_way() {
    let applied = std::cell::Cell::new(0);
    let play = || {
        let s = Scene::new();
        let deploy =
            "echo $$ > \"$SCENE/hook.pid\"; cat > \"$SCENE/got\"; touch \"$SCENE/ready\"; sleep 30";
        kill_when(&s, &[], deploy, &s.at("ready"));
        assert_eq!(s.h.pending(), Some(s.got()), "the deploy target holds it");
        let out = resume(&s, &[], DEPLOY);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(5), "{err}");
        assert!(err.contains("cannot resume the rotation"), "{err}");
        (s, err)
    };
    let ways = each_way(
        "killed during a deploy that stored it",
        play,
        |name, s, ran| match chose(ran)[..] {
            ["history", "run"] | ["history", "complete"] => {
                applied.set(applied.get() + 1);
                let minted = s.ledger.minted_since(&s.h.mock);
                assert_eq!(
                    minted.len(),
                    1,
                    "{name}: the secret the deploy target holds"
                );
                assert_eq!(s.h.record().client_secret, minted[0].secret, "{name}");
                s.assert_invariant(name, Mints::Must);
            }
            ["history"] => assert!(s.h.pending().is_some(), "{name}: nothing was sent"),
            ref other => panic!("{name}: {other:?}"),
        },
    );
    assert_eq!((ways, applied.get()), (3, 2));
}

/// Killed after complete was sent: Stytch completed, the answer never came back. The resume
/// finds it completed (exit 0) and finishes the custody step.
#[cfg(unix)]
#[test]
fn killed_after_complete_was_sent_then_resumed() {
    require_session_keyring();
    let s = Scene::new();
    kill_while_in_flight(&s, Route::Rotate, &["--keyring"]);
    assert_eq!(s.h.pending(), None, "the complete went through");
    let out = resume(&s, &["--keyring"], DEPLOY);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(s.got(), s.h.record().client_secret);
    s.assert_invariant("after complete", Mints::Must);
    // The custody step is finished too (#23.4): the keyring's current entry is the live secret.
    let (k, v) = scene_env(&s);
    let got =
        s.h.cmd()
            .env(k, v)
            .args(["secret", "get", "--client-id", CLIENT_ID])
            .output()
            .unwrap();
    assert_eq!(got.status.code(), Some(0), "{}", stderr(&got));
    assert_eq!(stdout(&got).trim(), s.h.record().client_secret);
    // The journal says what the resume found: the secret it found current, already completed.
    let current = s.h.record().client_secret;
    let four = &current[current.len() - 4..];
    let resumes: Vec<serde_json::Value> =
        s.h.journal()
            .into_iter()
            .filter(|e| e["action"] == "resume")
            .collect();
    assert_eq!(resumes.len(), 2, "{resumes:?}");
    assert_eq!(resumes[0]["phase"], "intent");
    assert_eq!(resumes[1]["phase"], "ok");
    assert_eq!(resumes[1]["detail"], "already completed");
    for e in &resumes {
        assert_eq!(e["secret_last_four"], four, "{e}");
    }
}

/// A rotation started and completed by hand with `--secret-file`, then resumed with the same
/// file: already completed, and no deploy of it began, so the file may be the only copy of the
/// live secret: it stays, and is named. A resume removes it only after a deploy of it began.
#[test]
fn a_resume_after_a_rotation_completed_by_hand_keeps_its_secret_file() {
    let s = Scene::new();
    let custody = s.at("custody");
    let file = custody.to_str().unwrap();
    for args in [
        &[
            "rotate",
            "start",
            "--client-id",
            CLIENT_ID,
            "--secret-file",
            file,
        ][..],
        &[
            "rotate",
            "complete",
            "--client-id",
            CLIENT_ID,
            "--yes",
            "--next-secret-file",
            file,
        ],
    ] {
        let out = s.h.cmd().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
    }
    let current = s.h.record().client_secret;
    let out = resume(&s, &["--secret-file", file], DEPLOY);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("holds the secret that is now live"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&custody).unwrap().trim(),
        current,
        "{err}"
    );
    assert_eq!(s.got(), "", "no deploy ran");
    s.assert_invariant("completed by hand, then resumed", Mints::Must);
}

/// `--soak 1`: the rotation completes no sooner than a second after the deploy finished (a
/// lower bound only: load can make it later, never sooner).
#[test]
fn a_soak_holds_the_complete_back_for_its_length() {
    let s = Scene::new();
    let deploy = "cat > \"$SCENE/got\"; date +%s.%N > \"$SCENE/deployed\"";
    let out = run_env(&s, &["--soak", "1"], deploy);
    let done = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs_f64();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let deployed: f64 = std::fs::read_to_string(s.at("deployed"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert!(
        done - deployed >= 1.0,
        "{} s after the deploy: {err}",
        done - deployed
    );
    assert!(err.contains("both secrets stay valid for 1 s"), "{err}");
    s.assert_invariant("soaked", Mints::Must);
}

/// The custody file is removed once the rotation completed; one already gone (the deploy took
/// it) is nothing to warn about, and one that cannot be removed (a directory now) is named
/// with what to do.
#[test]
fn a_custody_file_already_gone_is_quiet_and_one_that_stays_is_named() {
    for (took, warns) in [("rm", false), ("rm -f \"$SCENE/custody\" && mkdir", true)] {
        let s = Scene::new();
        let custody = s.at("custody");
        let deploy = format!("cat > \"$SCENE/got\"; {took} \"$SCENE/custody\"");
        let out = run_env(&s, &["--secret-file", custody.to_str().unwrap()], &deploy);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(0), "{took}: {err}");
        assert_eq!(err.contains("could not be removed"), warns, "{took}: {err}");
        assert!(!err.contains("Removed"), "{took}: {err}");
        s.assert_invariant(took, Mints::Must);
    }
}

#[test]
fn resume_with_nothing_to_resume_says_what_each_shows() {
    let s = Scene::new();
    let out = resume(&s, &[], DEPLOY);
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("nothing to resume"),
        "{}",
        stderr(&out)
    );
    // A rotation someone else started: not ours to continue.
    s.start_rotation();
    let out = resume(&s, &["--keyring"], DEPLOY);
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    assert!(s.h.pending().is_some(), "nothing was sent");
    let why = "someone else's rotation: nothing was sent";
    s.assert_invariant_pending("nothing to resume", Mints::Must, Some(why));
}

/// #27.3: one try of the check is "1 try", in the message and the journal (not "1 tries").
#[test]
fn a_check_tried_once_says_1_try() {
    let s = Scene::new();
    let custody = s.at("custody").display().to_string();
    let args = ["--secret-file", &custody, "--check", "false"];
    let out = run_env(
        &s,
        &[&args[..], &["--verify-timeout", "0"]].concat(),
        DEPLOY,
    );
    assert_eq!(out.status.code(), Some(10), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("within 0 s (1 try, last:"), "{err}");
    let check =
        s.h.journal()
            .into_iter()
            .rfind(|e| e["action"] == "check")
            .unwrap();
    let detail = check["detail"].as_str().unwrap_or_default().to_owned();
    assert!(detail.ends_with(" after 1 try"), "{check}");
    let why =
        "a failed check keeps it pending in custody (the ways on: a_check_that_never_passes…)";
    s.assert_invariant_pending("check tried once", Mints::Must, Some(why));
}

/// Issue 27, item 3: deploy output keeps its leading indentation (YAML reads as printed).
#[test]
fn deploy_output_keeps_its_indentation() {
    let s = Scene::new();
    let deploy = "cat > \"$SCENE/got\"; printf 'data:\\n  client_secret: x\\n\\tkey:  v\\n'";
    let out = run_env(&s, &[], deploy);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("deploy | data:\n"), "{err}");
    assert!(err.contains("deploy |   client_secret: x\n"), "{err}");
    assert!(err.contains("deploy |     key:  v\n"), "{err}");
    s.assert_invariant("indented deploy output", Mints::Must);
}
