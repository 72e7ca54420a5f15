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
