//! Issue #23 items 5 and 9, issue #25 item 4: locks that hold whatever the state directory or
//! `--no-journal` say, a deploy that cannot outlive its lock, and no symlink games in the
//! state and lock directories. Each test fails before its fix (see the commit messages).

mod common;

use std::path::PathBuf;
use std::process::{Child, Output, Stdio};
use std::time::{Duration, Instant};

use common::*;
use serde_json::Value;

/// A harness and a scratch directory the deploy commands signal through.
struct Scene {
    h: Harness,
    dir: PathBuf,
}

impl Scene {
    fn new() -> Scene {
        let h = Harness::new();
        let dir = h.path("scene");
        std::fs::create_dir_all(&dir).unwrap();
        Scene { h, dir }
    }

    fn at(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// `rotate run` with `deploy`, in its own process group, output captured.
    fn spawn_run(&self, deploy: &str, extra: &[&str]) -> Child {
        use std::os::unix::process::CommandExt;
        self.h
            .std_cmd()
            .env("SCENE", &self.dir)
            .args(["rotate", "run", "--client-id", CLIENT_ID, "--yes"])
            .args(["--deploy", deploy])
            .args(extra)
            .process_group(0)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    }

    fn wait_for_file(&self, name: &str) {
        let path = self.at(name);
        wait_until(&format!("{} to appear", path.display()), || path.exists());
    }
}

/// The `--json` error object a failed command printed on stderr.
fn json_error(out: &Output) -> Value {
    let text = stderr(out);
    let line = text.lines().last().unwrap_or_default();
    serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// Waits up to `limit` for `child` to end; kills its process group if it does not.
fn wait_or_kill(mut child: Child, limit: Duration) -> Output {
    let deadline = Instant::now() + limit;
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            kill_group(child.id(), "KILL");
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn kill_group(pid: u32, signal: &str) {
    std::process::Command::new("kill")
        .args([&format!("-{signal}"), "--", &format!("-{pid}")])
        .status()
        .unwrap();
}

/// Item 9: a `rotate cancel` pointed at another state directory, or run with `--no-journal`,
/// still meets the run's lock (exit 5 `locked`, nothing sent), and the run then completes.
#[test]
fn the_lock_holds_across_state_dirs_and_no_journal() {
    let s = Scene::new();
    let deploy = "cat > /dev/null; touch \"$SCENE/ready\"; \
                  while [ ! -e \"$SCENE/go\" ]; do sleep 0.05; done";
    let run = s.spawn_run(deploy, &[]);
    s.wait_for_file("ready");
    let other_state = s.h.path("other-state");
    let cancels: [(&str, &[&str], Option<&PathBuf>); 2] = [
        ("another STYTCH_M2M_STATE_DIR", &[], Some(&other_state)),
        ("--no-journal", &["--no-journal"], None),
    ];
    for (what, extra, state) in cancels {
        let mut cmd = s.h.cmd();
        if let Some(dir) = state {
            cmd.env("STYTCH_M2M_STATE_DIR", dir);
        }
        let out = cmd
            .args([
                "rotate",
                "cancel",
                "--client-id",
                CLIENT_ID,
                "--yes",
                "--json",
            ])
            .args(extra)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(5), "{what}: {}", stderr(&out));
        let err = json_error(&out);
        assert_eq!(err["error"], "locked", "{what}: {err}");
        assert_eq!(err["holder"]["command"], "rotate run", "{what}: {err}");
        assert_eq!(
            s.h.requests_to(Route::RotateCancel),
            0,
            "{what}: nothing sent"
        );
    }
    std::fs::write(s.at("go"), b"").unwrap();
    let out = wait_or_kill(run, Duration::from_secs(30));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(s.h.pending(), None, "the run completed");
}

fn mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::symlink_metadata(path)
        .unwrap()
        .permissions()
        .mode()
        & 0o7777
}

fn private_dir(path: &std::path::Path) {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(path)
        .unwrap();
}

/// `rotate start --json` (to stdout), expected to be refused with exit 8 `state_not_private`
/// naming `path` before anything is sent; returns the message.
fn refused_start(h: &Harness, path: &std::path::Path) -> String {
    let out = h
        .cmd()
        .args(["rotate", "start", "--client-id", CLIENT_ID, "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(8), "{}", stderr(&out));
    assert_eq!(stdout(&out), "", "no secret was minted");
    let err = json_error(&out);
    assert_eq!(err["error"], "state_not_private", "{err}");
    let message = err["message"].as_str().unwrap().to_owned();
    assert!(message.contains(&path.display().to_string()), "{message}");
    assert!(message.contains("nothing was sent"), "{message}");
    assert!(h.requests().is_empty(), "nothing was sent");
    message
}

/// Issue #25 item 4: a lock file or journal replaced by a symlink to a file of the user's (here
/// the only copy of a pending secret) is refused: the target keeps its bytes and its mode.
#[test]
fn a_symlinked_lock_file_or_journal_is_refused_and_left_alone() {
    use std::os::unix::fs::{symlink, PermissionsExt};
    let h = Harness::new();
    let target = h.path("custody-secret");
    std::fs::write(&target, "the only copy of a pending secret").unwrap();
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).unwrap();
    let unchanged = |what: &str| {
        let text = std::fs::read_to_string(&target).unwrap();
        assert_eq!(text, "the only copy of a pending secret", "{what}");
        assert_eq!(mode(&target), 0o640, "{what}: not chmod-ed");
    };

    private_dir(&h.lock_dir());
    let lock = h
        .lock_dir()
        .join(format!("{}@{CLIENT_ID}.lock", h.project_id));
    symlink(&target, &lock).unwrap();
    let message = refused_start(&h, &lock);
    assert!(message.contains("lock file") && message.contains("symbolic link"));
    unchanged("lock file");
    std::fs::remove_file(&lock).unwrap();

    let journal = h.state_dir().join("journal.jsonl");
    private_dir(&h.state_dir());
    let _ = std::fs::remove_file(&journal);
    symlink(&target, &journal).unwrap();
    let message = refused_start(&h, &journal);
    assert!(message.contains("journal") && message.contains("symbolic link"));
    unchanged("journal");
    // A read warns and goes on, and still does not follow the link.
    let out = h.cmd().arg("history").output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("symbolic link"), "{}", stderr(&out));
    assert!(!stdout(&out).contains("pending secret"));
    unchanged("history");
}

/// Issue #25 item 4: a lock directory that group members may write to refuses `rotate start`
/// (exit 8, naming it, nothing sent, nothing changed) and is a warning for `rotate status`.
#[test]
fn a_group_writable_lock_dir_refuses_a_start_and_warns_a_status() {
    use std::os::unix::fs::PermissionsExt;
    let h = Harness::new();
    private_dir(&h.lock_dir());
    std::fs::set_permissions(h.lock_dir(), std::fs::Permissions::from_mode(0o770)).unwrap();
    let message = refused_start(&h, &h.lock_dir());
    assert!(
        message.contains("lock directory") && message.contains("writable by group or others"),
        "{message}"
    );
    assert_eq!(mode(&h.lock_dir()), 0o770, "left as it is");
    let out = h
        .cmd()
        .args(["rotate", "status", "--client-id", CLIENT_ID])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains(&h.lock_dir().display().to_string()), "{err}");
    assert!(err.contains("chmod go-w"), "{err}");
    assert!(stdout(&out).contains("status"), "{}", stdout(&out));
}

/// Whether `pid` is running (a zombie nobody reaped has ended).
fn alive(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => {
            let state = stat.rsplit_once(')').map(|(_, rest)| rest.trim_start());
            !state.is_some_and(|s| s.starts_with('Z') || s.starts_with('X'))
        }
        Err(_) => false,
    }
}

fn pid_in(s: &Scene, name: &str) -> u32 {
    std::fs::read_to_string(s.at(name))
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

/// Issue #23 item 5: `kill -9` of the tool alone during its deploy. On Linux the deploy's shell
/// gets SIGTERM and is gone within 5 s; a grandchild that ignores SIGTERM still holds the
/// client's lock (inherited), so a `--resume` meanwhile exits 5 `locked` naming the deploy's
/// pid, and once it has ended the printed resume completes the rotation.
#[cfg(target_os = "linux")]
#[test]
fn a_deploy_cannot_outlive_the_run_unnoticed() {
    let s = Scene::new();
    let custody = s.at("custody");
    let custody_arg = custody.display().to_string();
    let deploy = "cat > /dev/null; echo $$ > \"$SCENE/shell.pid\"; \
                  (trap '' TERM; exec sleep 60) & echo $! > \"$SCENE/grandchild.pid\"; \
                  touch \"$SCENE/ready\"; wait";
    let run = s.spawn_run(deploy, &["--secret-file", &custody_arg]);
    let tool = run.id();
    s.wait_for_file("ready");
    let (shell, grandchild) = (pid_in(&s, "shell.pid"), pid_in(&s, "grandchild.pid"));
    std::process::Command::new("kill")
        .args(["-KILL", &tool.to_string()])
        .status()
        .unwrap();
    let _ = wait_or_kill(run, Duration::from_secs(5));
    let deadline = Instant::now() + Duration::from_secs(5);
    while alive(shell) {
        assert!(
            Instant::now() < deadline,
            "the deploy's shell (pid {shell}) outlived the killed run by 5 s"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        alive(grandchild),
        "the test needs the grandchild still running"
    );

    let resume = |deploy: &str| {
        s.h.cmd()
            .env("SCENE", &s.dir)
            .args(["rotate", "run", "--client-id", CLIENT_ID, "--yes", "--json"])
            .args([
                "--deploy",
                deploy,
                "--secret-file",
                &custody_arg,
                "--resume",
            ])
            .timeout(Duration::from_secs(60))
            .output()
            .unwrap()
    };
    let out = resume("cat > \"$SCENE/got\"");
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    let err = json_error(&out);
    assert_eq!(err["error"], "locked", "{err}");
    assert_eq!(err["holder"]["pid"], tool, "{err}");
    assert_eq!(err["holder"]["deploy_pid"], shell, "{err}");
    let message = err["message"].as_str().unwrap();
    assert!(message.contains(&format!("pid {shell}")), "{message}");
    assert!(
        !s.at("got").exists(),
        "no second deploy ran beside the first"
    );

    std::process::Command::new("kill")
        .args(["-KILL", &grandchild.to_string()])
        .status()
        .unwrap();
    wait_until("the grandchild to end", || !alive(grandchild));
    let out = resume("cat > \"$SCENE/got\"");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let record = s.h.record();
    assert_eq!(record.next_client_secret, None);
    assert_eq!(
        std::fs::read_to_string(s.at("got")).unwrap(),
        record.client_secret
    );
}
