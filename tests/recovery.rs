//! Recovery never acts on a guess: a `rotate/start` whose answer is late or never comes, a
//! signal while it is in flight, `--resume` after a run died, `rotate cancel` of a secret a
//! deploy handed on. Each test drives the real binary against the local Stytch, with the
//! request held inside Stytch (a late commit) so that the boundary is hit by construction.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Output, Stdio};
use std::sync::mpsc;

use common::*;

/// A child whose stderr is read line by line while it runs, so a test can wait for a line.
struct Watched {
    child: Child,
    lines: mpsc::Receiver<String>,
    seen: Vec<String>,
}

impl Watched {
    fn spawn(mut cmd: std::process::Command) -> Watched {
        let mut child = cmd
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (tx, lines) = mpsc::channel();
        let err = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Watched {
            child,
            lines,
            seen: Vec::new(),
        }
    }

    /// Waits for a stderr line containing `text`.
    fn wait_for_line(&mut self, text: &str) {
        let deadline = std::time::Instant::now() + EVENT_DEADLINE;
        while !self.seen.iter().any(|l| l.contains(text)) {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => self.seen.push(line),
                Err(_) => panic!(
                    "waited in vain for {text:?}; stderr so far:\n{}",
                    self.seen.join("\n")
                ),
            }
        }
    }

    fn signal(&self, name: &str) {
        let ok = std::process::Command::new("kill")
            .args([format!("-{name}"), self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(ok.success());
    }

    /// Waits for the end; stderr is every line read.
    fn finish(mut self) -> (Output, String) {
        let mut out = self.child.wait_with_output().unwrap();
        self.seen.extend(self.lines.iter());
        let err = self.seen.join("\n");
        out.stderr = err.clone().into_bytes();
        (out, err)
    }
}

fn start_cmd(h: &Harness, extra: &[&str]) -> std::process::Command {
    let mut cmd = h.std_cmd();
    cmd.args(["rotate", "start", "--client-id", CLIENT_ID])
        .args(extra);
    cmd
}

/// Waits until the local Stytch shows a pending rotation (a late commit landed).
fn wait_for_pending(h: &Harness) -> String {
    wait_until("the late commit to land", || h.pending().is_some());
    h.pending().unwrap()
}

/// Issue 23, item 1, as measured: a start abandoned at `--timeout` is committed by Stytch after
/// the settle window. The tool must not say "did not take effect" (exit 6): exit 7, "most
/// likely", and the printed `rotate status` then shows the rotation nobody started.
#[test]
fn a_start_committed_after_the_settle_window_is_not_called_a_non_event() {
    let h = Harness::new();
    h.inject(Route::RotateStart, FaultKind::LateCommit { ms: 4000 });
    let out = start_cmd(&h, &["--timeout", "1"]).output().unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(7), "{err}");
    assert!(!err.contains("so it did not take effect"), "{err}");
    assert!(!err.contains("safe to run the same command again"), "{err}");
    assert!(err.contains("most likely it did not take effect"), "{err}");
    assert!(err.contains("--expect-next-last-four"), "{err}");
    assert!(out.stdout.is_empty(), "no secret was received");
    // The commit lands later: exactly what the message warned of, and `rotate status` (the
    // printed step) shows it.
    let four = {
        let pending = wait_for_pending(&h);
        pending[pending.len() - 4..].to_owned()
    };
    let steps = printed_recovery(&err);
    assert_eq!(steps.len(), 1, "{err}");
    let status = h.cmd().args(&steps[0].args).output().unwrap();
    assert_eq!(status.status.code(), Some(0), "{}", stderr(&status));
    assert!(stdout(&status).contains(&four), "{}", stdout(&status));
    // The guarded cancel the hint names, with the last four status showed, discards it.
    let cancel = h
        .cmd()
        .args(["rotate", "cancel", "--client-id", CLIENT_ID, "--yes"])
        .args(["--expect-next-last-four", &four])
        .output()
        .unwrap();
    assert_eq!(cancel.status.code(), Some(0), "{}", stderr(&cancel));
    assert_eq!(h.pending(), None);
}

/// The settle window sees a late commit that lands within `--timeout` of the abandonment: the
/// secret nobody received is cancelled (exit 7, with its last four).
#[test]
fn a_start_committed_within_the_settle_window_is_cancelled() {
    let h = Harness::new();
    h.inject(Route::RotateStart, FaultKind::LateCommit { ms: 3000 });
    let ledger = MintLedger::open(&h.mock);
    let out = start_cmd(&h, &["--timeout", "2"]).output().unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(7), "{err}");
    assert!(err.contains("never received"), "{err}");
    assert!(err.contains("it was cancelled"), "{err}");
    assert_eq!(h.pending(), None, "nothing is left pending");
    let minted = ledger.minted_since(&h.mock);
    assert_eq!(minted.len(), 1, "the late commit minted one secret");
    ledger.assert_nothing_lost(&h.mock, "late commit in the window", &Delivered::default());
    assert!(
        err.contains(&minted[0].secret[minted[0].secret.len() - 4..]),
        "{err}"
    );
}

/// SIGINT (and SIGTERM) while `rotate/start` is in flight waits for the answer: the secret is
/// delivered, not thrown away.
#[cfg(unix)]
#[test]
fn a_signal_while_the_start_is_in_flight_waits_for_the_answer() {
    for signal in ["INT", "TERM"] {
        let h = Harness::new();
        h.inject(Route::RotateStart, FaultKind::LateCommit { ms: 1500 });
        let w = Watched::spawn(start_cmd(&h, &[]));
        h.wait_for(Route::RotateStart);
        w.signal(signal);
        let (out, err) = w.finish();
        assert_eq!(out.status.code(), Some(0), "SIG{signal}: {err}");
        assert!(
            err.contains("waiting up to 5 s for Stytch's answer"),
            "{err}"
        );
        let secret = stdout(&out).trim().to_owned();
        assert_eq!(
            Some(secret),
            h.pending(),
            "SIG{signal}: the pending secret was delivered"
        );
    }
}

/// A second signal abandons the request; the settle window (what is left of 10 s after the
/// first signal) sees the late commit and cancels it.
#[cfg(unix)]
#[test]
fn a_second_signal_abandons_and_the_late_commit_is_cancelled() {
    let h = Harness::new();
    h.inject(Route::RotateStart, FaultKind::LateCommit { ms: 3000 });
    let ledger = MintLedger::open(&h.mock);
    let mut w = Watched::spawn(start_cmd(&h, &[]));
    h.wait_for(Route::RotateStart);
    w.signal("INT");
    w.wait_for_line("waiting up to 5 s");
    w.signal("INT");
    let (out, err) = w.finish();
    assert_eq!(out.status.code(), Some(7), "{err}");
    assert!(err.contains("abandoned"), "{err}");
    assert!(err.contains("it was cancelled"), "{err}");
    assert!(out.stdout.is_empty());
    assert_eq!(h.pending(), None, "nothing is left pending");
    assert_eq!(
        ledger.minted_since(&h.mock).len(),
        1,
        "the late commit minted one"
    );
}

/// No answer within the 5 s grace: abandoned, then the settle window sees the commit.
#[cfg(unix)]
#[test]
fn a_signal_with_no_answer_in_five_seconds_settles_then_cancels() {
    let h = Harness::new();
    h.inject(Route::RotateStart, FaultKind::LateCommit { ms: 6500 });
    let w = Watched::spawn(start_cmd(&h, &[]));
    h.wait_for(Route::RotateStart);
    w.signal("TERM");
    let (out, err) = w.finish();
    assert_eq!(out.status.code(), Some(7), "{err}");
    assert!(err.contains("no answer within 5 s"), "{err}");
    assert!(err.contains("it was cancelled"), "{err}");
    assert_eq!(h.pending(), None);
}

/// Nothing sent, or Stytch's own 4xx: then, and only then, "did not take effect" (exit 6 / 5).
#[test]
fn only_nothing_sent_or_stytchs_own_4xx_is_certain() {
    let h = Harness::new();
    let refused = RefusedPort::new();
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
    h.start_rotation();
    let again = h
        .cmd()
        .args(["rotate", "start", "--client-id", CLIENT_ID])
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(5), "{}", stderr(&again));
    assert!(
        stderr(&again).contains("no new secret was minted"),
        "{}",
        stderr(&again)
    );
}

/// Issue 23, item 2: once a deploy of the pending secret began, a `--resume` whose verification
/// fails (the token endpoint down) keeps the rotation pending instead of cancelling the secret
/// the deploy handed on; it prints the resume and the explicit guarded cancel, and the printed
/// resume then finishes the rotation.
#[test]
fn a_resume_never_cancels_a_secret_its_deploy_handed_on() {
    let h = Harness::new();
    let target = h.path("deployed");
    let ok = h.path("check-passes");
    let custody = h.path("custody");
    let deploy = format!("cat > {}", target.display());
    let check = format!("test -e {}", ok.display());
    let run = |extra: &[&str]| {
        h.cmd()
            .args(["rotate", "run", "--client-id", CLIENT_ID, "--yes"])
            .args([
                "--deploy",
                &deploy,
                "--check",
                &check,
                "--verify-timeout",
                "1",
            ])
            .args(["--secret-file", custody.to_str().unwrap()])
            .args(extra)
            .output()
            .unwrap()
    };
    // The deploy hands the secret on; the check fails: kept (custody), exit 10.
    let out = run(&[]);
    assert_eq!(out.status.code(), Some(10), "{}", stderr(&out));
    let pending = h.pending().expect("kept pending");
    assert_eq!(
        std::fs::read_to_string(&target).unwrap(),
        pending,
        "handed on"
    );

    // The resume's verification fails: the token endpoint is down for its whole window.
    h.inject_times(
        Route::Token,
        FaultKind::Status {
            status: 503,
            commit: false,
        },
        1000,
    );
    let out = run(&["--resume"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(6), "{err}");
    assert_eq!(h.pending(), Some(pending.clone()), "not cancelled: {err}");
    assert!(err.contains("was not cancelled"), "{err}");
    assert!(err.contains("--expect-next-last-four"), "{err}");
    assert_eq!(h.requests_to(Route::RotateCancel), 0, "{err}");

    // Once the cause is fixed, the printed resume finishes it, exactly as printed.
    h.mock.state().clear_faults();
    std::fs::write(&ok, "").unwrap();
    let resume = printed_recovery(&err)
        .into_iter()
        .find(|s| s.args.iter().any(|a| a == "--resume"))
        .unwrap_or_else(|| panic!("no resume printed: {err}"))
        .line();
    let words = shell_words(&resume);
    let out = h.cmd().args(&words[1..]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{resume}: {}", stderr(&out));
    assert_eq!(
        h.record().client_secret,
        pending,
        "completed with the deployed secret"
    );
    assert_eq!(h.pending(), None);
}

/// Issue 23, item 8: `rotate cancel` of a secret this machine's `rotate run` handed to a deploy
/// is refused (exit 5, `deployed`, nothing sent) unless `--even-if-deployed`; the cancel the
/// run printed carries the flag and works exactly as printed. A fleet cancel refuses likewise.
#[test]
fn a_cancel_of_a_deployed_secret_needs_even_if_deployed() {
    let h = Harness::new();
    let target = h.path("deployed");
    let custody = h.path("custody");
    let deploy = format!("cat > {}", target.display());
    let out = h
        .cmd()
        .args(["rotate", "run", "--client-id", CLIENT_ID, "--yes"])
        .args([
            "--deploy",
            &deploy,
            "--check",
            "false",
            "--verify-timeout",
            "1",
        ])
        .args(["--secret-file", custody.to_str().unwrap()])
        .output()
        .unwrap();
    let run_err = stderr(&out);
    assert_eq!(out.status.code(), Some(10), "{run_err}");
    let pending = h.pending().expect("kept pending");

    for args in [
        vec!["rotate", "cancel", "--client-id", CLIENT_ID, "--yes"],
        vec![
            "rotate",
            "cancel",
            "--client-id",
            CLIENT_ID,
            "--yes",
            "--json",
        ],
        vec!["rotate", "cancel", "--all", "--yes"],
    ] {
        let out = h.cmd().args(&args).output().unwrap();
        let err = stderr(&out);
        assert_ne!(out.status.code(), Some(0), "{args:?}: {err}");
        assert!(
            err.contains("deployed") || err.contains("deploy command"),
            "{args:?}: {err}"
        );
        assert_eq!(
            h.pending(),
            Some(pending.clone()),
            "{args:?}: nothing was cancelled"
        );
    }
    let out = h
        .cmd()
        .args([
            "rotate",
            "cancel",
            "--client-id",
            CLIENT_ID,
            "--yes",
            "--json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5));
    assert!(
        stderr(&out).contains("\"error\":\"deployed\""),
        "{}",
        stderr(&out)
    );
    assert_eq!(h.requests_to(Route::RotateCancel), 0, "nothing was sent");

    // The cancel the run printed, exactly as printed.
    let cancel = printed_recovery(&run_err)
        .into_iter()
        .find(|s| s.verb() == "cancel")
        .unwrap_or_else(|| panic!("no cancel printed: {run_err}"))
        .line();
    assert!(cancel.contains("--even-if-deployed"), "{cancel}");
    let words = shell_words(&cancel);
    let out = h.cmd().args(&words[1..]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{cancel}: {}", stderr(&out));
    assert_eq!(h.pending(), None);
}

/// Issue 23, item 6: after a `rotate run` died during its deploy, `rotate status` names that
/// run (pid, host, the step it reached, when), says whether it still runs, and points to
/// `--resume`, never to a bare `rotate complete`; the resume it describes finishes the rotation.
#[test]
fn status_after_a_dead_run_names_it_and_points_to_resume() {
    let h = Harness::new();
    let target = h.path("deployed");
    let go_on = h.path("go-on");
    let shell_pid = h.path("deploy-pid");
    let custody = h.path("custody");
    // The deploy hands the secret on, then waits until the test lets it go on.
    let deploy = format!(
        "echo $$ > {}; cat > {}; until test -e {}; do sleep 0.1; done",
        shell_pid.display(),
        target.display(),
        go_on.display()
    );
    let run = |extra: &[&str]| {
        let mut cmd = h.std_cmd();
        cmd.args(["rotate", "run", "--client-id", CLIENT_ID, "--yes"])
            .args(["--deploy", &deploy, "--verify-timeout", "2"])
            .args(["--secret-file", custody.to_str().unwrap()])
            .args(extra);
        cmd
    };
    let w = Watched::spawn(run(&[]));
    wait_until("the deploy to hand the secret on", || {
        std::fs::read_to_string(&target).is_ok_and(|t| !t.is_empty())
    });
    let pending = h.pending().expect("pending");
    let four = &pending[pending.len() - 4..];

    // While the run lives: named, still running, no complete.
    let status = |json: bool| {
        let mut cmd = h.cmd();
        cmd.args(["rotate", "status", "--client-id", CLIENT_ID]);
        if json {
            cmd.arg("--json");
        }
        let out = cmd.output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        String::from_utf8(out.stdout).unwrap()
    };
    let pid = w.child.id().to_string();
    let alive = status(false);
    assert!(alive.contains("a `rotate run` did not finish"), "{alive}");
    assert!(alive.contains(&format!("pid {pid} ")), "{alive}");
    assert!(alive.contains("last step deploy (begun"), "{alive}");
    assert!(alive.contains("it is still running"), "{alive}");
    assert!(!alive.contains("rotate complete"), "{alive}");

    // kill -9 of the tool, then of what is left of its deploy.
    w.signal("KILL");
    let _ = w.finish();
    let group = std::fs::read_to_string(&shell_pid).unwrap();
    let _ = std::process::Command::new("kill")
        .args(["-KILL", "--", &format!("-{}", group.trim())])
        .status();
    let dead = status(false);
    assert!(dead.contains(&format!("pid {pid} ")), "{dead}");
    assert!(dead.contains("it is gone"), "{dead}");
    assert!(dead.contains("--resume added"), "{dead}");
    assert!(
        dead.contains(&format!(
            "rotate cancel --client-id {CLIENT_ID} --yes --expect-next-last-four {four} --even-if-deployed"
        )),
        "{dead}"
    );
    assert!(!dead.contains("rotate complete"), "{dead}");
    let json: serde_json::Value = serde_json::from_str(&status(true)).unwrap();
    assert_eq!(json["unfinished_run"]["running"], false, "{json}");
    assert_eq!(json["unfinished_run"]["pid"].to_string(), pid, "{json}");

    // The way it names: the same command with --resume added finishes the rotation.
    std::fs::write(&go_on, "").unwrap();
    let out = run(&["--resume"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(h.record().client_secret, pending);
    let done = status(false);
    assert!(!done.contains("did not finish"), "{done}");
}

/// Issue 23, item 7: a wrong copy that happens to end in the right last four is not blamed on
/// the pending secret: the message says the secret given gets no token, that the pending one
/// may be fine and where the journal says it was kept; the real copy then completes.
#[test]
fn a_wrong_copy_is_not_blamed_on_the_pending_secret() {
    let h = Harness::new();
    let kept = h.path("kept");
    let out = h
        .cmd()
        .args(["rotate", "start", "--client-id", CLIENT_ID])
        .args(["--secret-file", kept.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let pending = h.pending().unwrap();
    let wrong = h.path("wrong");
    std::fs::write(&wrong, format!("x{}", &pending[1..])).unwrap();
    let out = h
        .cmd()
        .args(["rotate", "complete", "--client-id", CLIENT_ID, "--yes"])
        .args(["--next-secret-file", wrong.to_str().unwrap()])
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(9), "{err}");
    assert!(err.contains("the secret given"), "{err}");
    assert!(err.contains("may be fine"), "{err}");
    assert!(err.contains(kept.to_str().unwrap()), "{err}");
    assert!(!err.contains("the pending secret does not work"), "{err}");
    assert_eq!(h.pending(), Some(pending.clone()), "nothing cancelled");
    let out = h
        .cmd()
        .args(["rotate", "complete", "--client-id", CLIENT_ID, "--yes"])
        .args(["--next-secret-file", kept.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(h.record().client_secret, pending);
}

/// Issue 23, item 12: a next step printed after `--no-journal` repeats it (and works as
/// printed); `rotate start` with no client names the ways to choose one before anything else.
#[test]
fn printed_steps_keep_no_journal_and_a_start_without_clients_says_how_to_choose() {
    let h = Harness::new();
    h.start_rotation();
    let journal = h.state_dir().join("journal.jsonl");
    let journaled = std::fs::read_to_string(&journal).unwrap();
    let out = h
        .cmd()
        .args(["rotate", "cancel", "--client-id", CLIENT_ID, "--no-journal"])
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    let (_, printed) = err.split_once("pass --yes: `").expect(&err);
    let printed = printed.split_once('`').unwrap().0;
    assert!(
        printed.starts_with("stytch-m2m rotate cancel --no-journal "),
        "{printed}"
    );
    let words = shell_words(printed);
    let out = h.cmd().args(&words[1..]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{printed}: {}", stderr(&out));
    assert_eq!(h.pending(), None);
    assert_eq!(
        std::fs::read_to_string(&journal).unwrap(),
        journaled,
        "the printed command kept the journal off"
    );

    for args in [
        vec!["rotate", "start"],
        vec!["rotate", "start", "--keyring"],
    ] {
        let out = h.cmd().args(&args).output().unwrap();
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains("no clients were chosen"), "{args:?}: {err}");
        assert!(err.contains("--client-id ID"), "{args:?}: {err}");
        assert!(!err.contains("custody"), "{args:?}: {err}");
    }
}

/// A read of the watch after an abandoned start that fails (Stytch's 500, three times: every
/// attempt of one read) does not end the watch: the next read sees the late commit, and the
/// secret nobody received is cancelled.
#[test]
fn a_failed_read_during_the_watch_after_a_lost_start_does_not_end_it() {
    let h = Harness::new();
    let ledger = MintLedger::open(&h.mock);
    h.inject(Route::RotateStart, FaultKind::LateCommit { ms: 4500 });
    let w = Watched::spawn(start_cmd(&h, &["--timeout", "4"]));
    h.wait_for(Route::RotateStart);
    let reads = h.requests_to(Route::GetClient);
    let fail = FaultKind::Status {
        status: 500,
        commit: false,
    };
    h.inject_times(Route::GetClient, fail, 3);
    let (out, err) = w.finish();
    assert!(h.requests_to(Route::GetClient) >= reads + 4, "{err}");
    assert_eq!(out.status.code(), Some(7), "{err}");
    assert!(err.contains("it was cancelled"), "{err}");
    assert_eq!(h.pending(), None, "nothing is left pending: {err}");
    assert_eq!(
        ledger.minted_since(&h.mock).len(),
        1,
        "the late commit minted one"
    );
}

/// A signal while a read of the watch after an abandoned start is in flight (held inside the
/// local Stytch) ends the watch at once: exit 7, the watch named as interrupted, and the step
/// that finds out.
#[cfg(unix)]
#[test]
fn a_signal_during_the_watch_after_a_lost_start_ends_it_at_once() {
    let h = Harness::new();
    h.inject(Route::RotateStart, FaultKind::Drop { commit: false });
    let w = Watched::spawn(start_cmd(&h, &["--timeout", "30"]));
    h.wait_for(Route::RotateStart);
    let reads = h.requests_to(Route::GetClient);
    wait_until("the watch's first read", || {
        h.requests_to(Route::GetClient) > reads
    });
    h.hold(Route::GetClient);
    h.wait_held();
    let signalled = std::time::Instant::now();
    w.signal("INT");
    let (out, err) = w.finish();
    h.release();
    assert_eq!(out.status.code(), Some(7), "{err}");
    assert!(
        signalled.elapsed() < std::time::Duration::from_secs(10),
        "the 30 s watch went on after the signal: {err}"
    );
    assert!(err.contains("while watching for it"), "{err}");
    assert!(!printed_recovery(&err).is_empty(), "{err}");
    assert_eq!(h.pending(), None);
}

/// A signal while `rotate run`'s start is in flight waits for the answer, then stops the run at
/// its next step (the signal was deferred, not forgotten): the deploy never runs, and the
/// secret nobody was handed is cancelled, the error saying the signal stopped it (not a timeout).
#[cfg(unix)]
#[test]
fn a_signal_during_a_runs_start_stops_the_run_once_the_secret_is_kept() {
    let h = Harness::new();
    h.inject(Route::RotateStart, FaultKind::LateCommit { ms: 1500 });
    let target = h.path("deployed");
    let custody = h.path("custody");
    let mut cmd = h.std_cmd();
    cmd.args(["rotate", "run", "--client-id", CLIENT_ID, "--yes"])
        .args(["--deploy", &format!("cat > {}", target.display())])
        .args(["--secret-file", custody.to_str().unwrap()]);
    let w = Watched::spawn(cmd);
    h.wait_for(Route::RotateStart);
    w.signal("INT");
    let (out, err) = w.finish();
    assert_eq!(out.status.code(), Some(130), "{err}");
    assert!(!target.exists(), "the deploy ran after the signal: {err}");
    assert!(err.contains("was not yet verified"), "{err}");
    assert!(!err.contains("within"), "a signal is not a timeout: {err}");
    assert_eq!(h.pending(), None, "cancelled: nobody was handed it: {err}");
    assert!(
        !custody.exists(),
        "the custody copy of a discarded secret is removed: {err}"
    );
}
