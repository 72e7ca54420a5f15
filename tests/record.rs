//! `--record` (issue 28): the rotation's state on the client itself, in
//! `trusted_metadata.stytch_m2m`, so that machines that share nothing (CI runners) see it. Two
//! machines here are two HOME, state and lock dirs against one local Stytch.

mod common;

use std::process::Stdio;

use common::*;
use serde_json::{json, Value};

/// Another machine: its own HOME, state dir and lock dir, no keyring.
struct Machine {
    dir: tempfile::TempDir,
}

impl Machine {
    fn new() -> Machine {
        Machine {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn cmd(&self, h: &Harness) -> assert_cmd::Command {
        let mut cmd = h.cmd();
        self.env(&mut cmd);
        cmd
    }

    fn std_cmd(&self, h: &Harness) -> std::process::Command {
        let mut cmd = h.std_cmd();
        let home = self.dir.path();
        cmd.env("HOME", home)
            .env("STYTCH_M2M_LOCK_DIR", home.join("locks"))
            .env_remove("DBUS_SESSION_BUS_ADDRESS");
        cmd
    }

    /// `rotate run --record` on this machine with `deploy`, started and left running; stderr
    /// piped (for the tests that read it), stdout dropped.
    fn spawn_run(&self, h: &Harness, deploy: &str, extra: &[&str]) -> std::process::Child {
        let mut run = self.std_cmd(h);
        run.args([
            "rotate",
            "run",
            "--client-id",
            CLIENT_ID,
            "--yes",
            "--record",
        ])
        .args(extra)
        .args(["--deploy", deploy, "--verify-timeout", "2"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
        run.spawn().unwrap()
    }

    /// `rotate run --record --resume` of the usual client on this machine with `deploy`.
    fn resume_run(&self, h: &Harness, deploy: &str, extra: &[&str]) -> std::process::Output {
        self.cmd(h)
            .args([
                "rotate",
                "run",
                "--client-id",
                CLIENT_ID,
                "--yes",
                "--record",
            ])
            .args(["--deploy", deploy, "--verify-timeout", "2", "--resume"])
            .args(extra)
            .output()
            .unwrap()
    }

    fn env(&self, cmd: &mut assert_cmd::Command) {
        let home = self.dir.path();
        cmd.env("HOME", home)
            .env("STYTCH_M2M_LOCK_DIR", home.join("locks"))
            .env_remove("DBUS_SESSION_BUS_ADDRESS");
    }
}

fn metadata(h: &Harness) -> Value {
    h.record().trusted_metadata
}

fn on_client(h: &Harness) -> Value {
    metadata(h)["stytch_m2m"].clone()
}

/// No secret (any minted one, the project secret) in the record, ever.
fn assert_no_secret_in_record(h: &Harness) {
    let text = metadata(h).to_string();
    for (_, secret) in h.mock.state().minted() {
        assert!(!text.contains(&secret), "a secret in the record: {text}");
    }
    assert!(!text.contains(PROJECT_SECRET));
    assert!(on_client(h).to_string().len() <= 512, "{text}");
}

#[test]
fn a_recorded_run_leaves_when_and_by_whom_on_the_client_and_no_secret() {
    let h = Harness::new();
    h.mock
        .state()
        .set_metadata(CLIENT_ID, json!({ "team": "payments", "tier": 1 }));
    let target = h.path("target");
    let custody = h.path("custody");
    let out = h
        .cmd()
        .env("GITHUB_SERVER_URL", "https://github.com")
        .env("GITHUB_REPOSITORY", "acme/infra")
        .env("GITHUB_RUN_ID", "42")
        .args([
            "rotate",
            "run",
            "--client-id",
            CLIENT_ID,
            "--yes",
            "--record",
        ])
        .args(["--deploy", &format!("cat > {}", target.display())])
        .args(["--verify-timeout", "2", "--secret-file"])
        .arg(&custody)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let r = on_client(&h);
    let current = h.record().client_secret;
    assert_eq!(r["v"], 1, "{r}");
    assert_eq!(r["state"], "idle", "{r}");
    assert_eq!(r["step"], "complete", "{r}");
    assert_eq!(
        r["last_secret_last_four"],
        current[current.len() - 4..],
        "{r}"
    );
    assert!(r["last_rotated_at"].as_str().unwrap().ends_with('Z'), "{r}");
    assert_eq!(
        r["by"]["ci_url"],
        "https://github.com/acme/infra/actions/runs/42"
    );
    assert!(
        r.get("lease_until").is_none(),
        "the lease was given back: {r}"
    );
    assert_eq!(metadata(&h)["team"], "payments", "other keys survive");
    assert_eq!(metadata(&h)["tier"], 1);
    assert_no_secret_in_record(&h);
    // Every write sent that one key only.
    let updates: Vec<_> = h
        .requests()
        .into_iter()
        .filter(|r| r.route == Route::UpdateClient)
        .collect();
    // The window two machines can meet in: from the claim's write to its read-back, one round
    // trip (docs/record.md gives the figure `--nocapture` prints).
    let all = h.requests();
    let put = all
        .iter()
        .position(|r| r.route == Route::UpdateClient)
        .unwrap();
    let back = all[put..]
        .iter()
        .find(|r| r.route == Route::GetClient)
        .unwrap();
    let window = back.arrived.unwrap() - all[put].arrived.unwrap();
    eprintln!("claim window (write to read-back): {window:?}");
    assert!(window < std::time::Duration::from_secs(1), "{window:?}");
    // The README's figure: a recorded `rotate run` makes 2 more reads and 9 writes.
    assert_eq!(updates.len(), 9);
    assert_eq!(h.requests_to(Route::GetClient), 3);
    for req in updates {
        assert_eq!(
            req.metadata_keys.as_deref(),
            Some(&["stytch_m2m".to_owned()][..])
        );
    }

    // `rotate status` shows it, and `--json` carries it.
    let out = h
        .cmd()
        .args(["rotate", "status", "--client-id", CLIENT_ID])
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(text.contains("last rotated 20"), "{text}");
    assert!(text.contains("actions/runs/42"), "{text}");
    let out = h
        .cmd()
        .args(["rotate", "status", "--client-id", CLIENT_ID, "--json"])
        .output()
        .unwrap();
    let json: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["record"]["state"], "idle");

    // Without --record, the record is neither read nor written.
    let before = h.requests_to(Route::UpdateClient);
    h.start_rotation();
    assert_eq!(h.requests_to(Route::UpdateClient), before);
}

#[test]
fn a_lease_keeps_another_machine_out_until_it_ends_or_runs_out() {
    let h = Harness::new();
    let (a, b) = (Machine::new(), Machine::new());
    let target = h.path("target");
    let go = h.path("go");
    let deploy = format!(
        "cat > {}; until test -e {}; do sleep 0.05; done",
        target.display(),
        go.display()
    );
    let child = a.spawn_run(&h, &deploy, &[]);
    wait_until("A's deploy", || {
        std::fs::read_to_string(&target).is_ok_and(|t| !t.is_empty())
    });
    assert_eq!(on_client(&h)["state"], "rotating");
    assert_eq!(on_client(&h)["step"], "deploy");
    // Issue 28, item 4: clients list and rotate status show the rotation in progress.
    let listed = h.cmd().args(["clients", "list", "--all"]).output().unwrap();
    let json = h
        .cmd()
        .args(["clients", "list", "--all", "--json"])
        .output()
        .unwrap();
    assert!(
        stdout(&listed).contains("(rotating: deploy, run "),
        "{}{}{}",
        stdout(&listed),
        stdout(&json),
        on_client(&h)
    );
    let status = h
        .cmd()
        .args(["rotate", "status", "--client-id", CLIENT_ID])
        .output()
        .unwrap();
    assert!(
        stdout(&status).contains("step deploy since"),
        "{}",
        stdout(&status)
    );
    assert!(
        stdout(&status).contains("lease until"),
        "{}",
        stdout(&status)
    );

    // B, on another machine (its own lock dir), is kept out by the record.
    let out = b
        .cmd(&h)
        .args([
            "rotate",
            "cancel",
            "--client-id",
            CLIENT_ID,
            "--yes",
            "--record",
        ])
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(5), "{err}");
    assert!(err.contains("another run rotating it"), "{err}");
    assert!(err.contains("step deploy"), "{err}");
    assert_eq!(h.requests_to(Route::RotateCancel), 0, "nothing sent");
    assert!(h.pending().is_some());

    // A ends and gives the lease back: B gets in.
    std::fs::write(&go, "").unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = b
        .cmd(&h)
        .args([
            "rotate",
            "start",
            "--client-id",
            CLIENT_ID,
            "--record",
            "--secret-file",
        ])
        .arg(h.path("b-next"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(on_client(&h)["state"], "rotating");
    assert_eq!(on_client(&h)["custody"], "file");
    assert!(on_client(&h).get("lease_until").is_none());

    // A lease that ran out (its run was killed) is taken over.
    let mut stale = on_client(&h);
    stale["run_id"] = "ffffffffffffffff".into();
    stale["lease_until"] = "2001-01-01T00:00:00Z".into();
    let mut meta = metadata(&h);
    meta["stytch_m2m"] = stale;
    h.mock.state().set_metadata(CLIENT_ID, meta);
    let out = a
        .cmd(&h)
        .args([
            "rotate",
            "cancel",
            "--client-id",
            CLIENT_ID,
            "--yes",
            "--record",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(on_client(&h)["state"], "idle");
    assert_no_secret_in_record(&h);
}

/// Leases are timed by Stytch's clock (its `Date` header), not the runner's: with Stytch's clock
/// two hours ahead of this machine's, another run's lease that ends in an hour by this machine's
/// clock has run out (taken over), and one that ends in three hours holds (exit 5, `locked`).
#[test]
fn leases_are_timed_by_stytchs_clock_not_the_runners() {
    use stytch_m2m::stytch::record::rfc3339;
    let h = Harness::new();
    h.mock.state().set_clock_skew(2 * 3600);
    let a = Machine::new();
    let run = |args: &[&str]| {
        a.cmd(&h)
            .args(args)
            .args(["--client-id", CLIENT_ID, "--record"])
            .output()
            .unwrap()
    };
    let next = h.path("next");
    let out = run(&["rotate", "start", "--secret-file", next.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let leased_by_another = |hours: u64| {
        let mut theirs = on_client(&h);
        theirs["run_id"] = "ffffffffffffffff".into();
        let ends = std::time::SystemTime::now() + std::time::Duration::from_secs(hours * 3600);
        theirs["lease_until"] = rfc3339(ends).into();
        let mut meta = metadata(&h);
        meta["stytch_m2m"] = theirs;
        h.mock.state().set_metadata(CLIENT_ID, meta);
    };

    leased_by_another(1);
    let out = run(&["rotate", "cancel", "--yes"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "ran out by Stytch's clock: {}",
        stderr(&out)
    );
    assert_eq!(on_client(&h)["state"], "idle");

    leased_by_another(3);
    let out = run(&["rotate", "start", "--secret-file", next.to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(5), "holds by Stytch's clock: {err}");
    assert!(err.contains("ffffffffffffffff"), "names the run: {err}");
    assert_eq!(h.pending(), None, "nothing minted");
}

#[test]
fn a_record_that_cannot_be_kept_or_trusted_stops_before_anything_is_minted() {
    let h = Harness::new();
    let start = |extra: &[&str]| {
        h.cmd()
            .args(["rotate", "start", "--client-id", CLIENT_ID, "--record"])
            .args(extra)
            .output()
            .unwrap()
    };
    let minted = h.mock.state().minted().len();
    // 20 keys already: no room.
    let full: serde_json::Map<String, Value> =
        (0..20).map(|i| (format!("k{i}"), json!(i))).collect();
    h.mock
        .state()
        .set_metadata(CLIENT_ID, Value::Object(full.clone()));
    let out = start(&[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(5), "{err}");
    assert!(
        err.contains("record_no_room") || err.contains("no room"),
        "{err}"
    );
    assert!(err.contains("20"), "{err}");
    assert_eq!(
        h.mock.state().minted().len(),
        minted,
        "nothing minted: {err}"
    );
    assert_eq!(metadata(&h), Value::Object(full), "left as it was");
    // 4 KB: no room either.
    h.mock
        .state()
        .set_metadata(CLIENT_ID, json!({ "blob": "x".repeat(4000) }));
    assert_eq!(start(&[]).status.code(), Some(5));

    // A newer version's record: not trusted, not overwritten; --replace-record takes it.
    let newer = json!({ "stytch_m2m": { "v": 2, "state": "whatever" }, "team": "a" });
    h.mock.state().set_metadata(CLIENT_ID, newer.clone());
    let out = start(&[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(5), "{err}");
    assert!(err.contains("newer version"), "{err}");
    assert_eq!(metadata(&h), newer, "left as it was");
    let out = start(&["--replace-record"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(on_client(&h)["v"], 1);
    assert_eq!(metadata(&h)["team"], "a");
    assert_no_secret_in_record(&h);

    // --no-record leaves it alone whatever STYTCH_M2M_RECORD says.
    let before = h.requests_to(Route::UpdateClient);
    let out = h
        .cmd()
        .env("STYTCH_M2M_RECORD", "1")
        .args([
            "rotate",
            "cancel",
            "--client-id",
            CLIENT_ID,
            "--yes",
            "--no-record",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(h.requests_to(Route::UpdateClient), before);
}

/// A dies in its deploy (its lease runs out: `--lease 1`); B, a new machine with no journal,
/// resumes: without the secret it names A's run from the record and sends nothing; with the
/// secret from the deploy target (`--next-secret-from`) it finishes.
#[test]
fn a_new_machine_resumes_what_another_machine_left() {
    let h = Harness::new();
    let (a, b) = (Machine::new(), Machine::new());
    let target = h.path("target");
    let deploy = format!("cat > {}; sleep 30", target.display());
    let mut child = a.spawn_run(&h, &deploy, &["--lease", "1"]);
    wait_until("A's deploy", || {
        std::fs::read_to_string(&target).is_ok_and(|t| !t.is_empty())
    });
    child.kill().unwrap();
    child.wait().unwrap();
    let pending = h.pending().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1500));

    let deploy = format!("cat > {}", target.display());
    let resume = |extra: &[&str]| b.resume_run(&h, &deploy, extra);
    let out = resume(&[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(5), "{err}");
    assert!(err.contains("the record on the client says run"), "{err}");
    assert!(err.contains("--next-secret-from"), "{err}");
    assert_eq!(h.pending(), Some(pending.clone()), "nothing sent");

    let from = format!("cat {}", target.display());
    let out = resume(&["--next-secret-from", &from]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        h.record().client_secret,
        pending,
        "completed with A's secret"
    );
    assert_eq!(on_client(&h)["state"], "idle");
    assert_no_secret_in_record(&h);
}

/// The record names who started a pending secret only when its last four are the pending
/// one's: after A's run completed (the record then names no pending secret), a rotation
/// started by hand is not put down to A's run when B resumes.
#[test]
fn a_resume_names_the_record_only_for_the_secret_it_recorded() {
    let h = Harness::new();
    let (a, b) = (Machine::new(), Machine::new());
    let mut run = a.spawn_run(&h, "cat > /dev/null", &[]);
    assert!(run.wait().unwrap().success(), "A's run completes");
    assert_eq!(on_client(&h)["state"], "idle");
    let pending = h.start_rotation();
    let out = b.resume_run(&h, "cat > /dev/null", &[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(5), "{err}");
    assert!(err.contains("nothing was sent"), "{err}");
    assert!(!err.contains("the record on the client says"), "{err}");
    assert_eq!(h.pending(), Some(pending), "nothing sent");
}

/// A record names another run's pending secret only by its last four: after A's run completed
/// (its record idle), a start without `--record` that Stytch answers with its own 500 but
/// commits mints a secret nobody holds, and it is cancelled, not left as "another run's".
#[test]
fn an_idle_record_of_another_run_does_not_keep_an_unreceived_secret() {
    let h = Harness::new();
    let a = Machine::new();
    let mut run = a.spawn_run(&h, "cat > /dev/null", &[]);
    assert!(run.wait().unwrap().success(), "A's run completes");
    assert_eq!(on_client(&h)["state"], "idle");
    let ledger = MintLedger::open(&h.mock);
    let out = h.start_answered_500(true);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(7), "{err}");
    assert!(err.contains("it was cancelled"), "{err}");
    assert_eq!(h.pending(), None, "{err}");
    assert_eq!(ledger.minted_since(&h.mock).len(), 1, "{err}");
}

/// Issue 28, item 5: `--older-than` chooses clients whose recorded last rotation is older, and
/// clients never recorded (age unknown, said in their JSON line); `clients list` shows the day.
#[test]
fn older_than_chooses_the_overdue_and_the_unknown() {
    let h = Harness::new();
    h.mock.generate_clients(2);
    let mut ids: Vec<String> = h
        .mock
        .state()
        .clients()
        .into_iter()
        .map(|c| c.client_id)
        .filter(|id| id != CLIENT_ID)
        .collect();
    ids.sort();
    // CLIENT_ID: rotated now, recorded. ids[0]: recorded 100 days ago. ids[1]: never recorded.
    let out = h
        .cmd()
        .args([
            "rotate",
            "run",
            "--client-id",
            CLIENT_ID,
            "--yes",
            "--record",
        ])
        .args(["--deploy", "cat > /dev/null", "--verify-timeout", "2"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut old = on_client(&h);
    old["last_rotated_at"] = "2020-01-01T00:00:00Z".into();
    h.mock
        .state()
        .set_metadata(&ids[0], json!({ "stytch_m2m": old }));

    let out = h
        .cmd()
        .args(["clients", "list", "--older-than", "90d", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let lines: Vec<Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let chosen: Vec<(&str, bool)> = lines
        .iter()
        .map(|l| (l["client_id"].as_str().unwrap(), l["age_unknown"] == true))
        .collect();
    assert_eq!(chosen, [(ids[0].as_str(), false), (ids[1].as_str(), true)]);
    let table = h.cmd().args(["clients", "list", "--all"]).output().unwrap();
    let text = stdout(&table);
    assert!(
        text.contains("LAST ROTATED") && text.contains("2020-01-01"),
        "{text}"
    );
    assert!(text.contains("unknown"), "{text}");

    // A fleet command takes the same selection.
    let out = h
        .cmd()
        .args(["rotate", "status", "--older-than", "90d", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out).matches("\"age_unknown\":true").count(), 1);
    assert_eq!(
        stdout(&out).lines().count(),
        3,
        "two clients and the summary"
    );
    // A bad age is a usage error.
    let out = h
        .cmd()
        .args(["clients", "list", "--older-than", "90 days"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// Issue 28, item 5: with a record (and the rest of Stytch's 4 KB of metadata) on every client,
/// a search page of 1,000 clients still fits what the tool reads.
#[test]
fn a_thousand_clients_with_full_metadata_are_listed() {
    let h = Harness::new();
    let clients = h.mock.generate_clients(999);
    let r = json!({"v":1,"state":"idle","run_id":"0123456789abcdef","by":{"host":"h","user":"u","version":"0.1.0"},
        "last_rotated_at":"2026-01-01T00:00:00Z","last_secret_last_four":"abcd"});
    for c in clients
        .iter()
        .map(|c| c.client_id.as_str())
        .chain([CLIENT_ID])
    {
        h.mock
            .state()
            .set_metadata(c, json!({ "stytch_m2m": r, "notes": "x".repeat(3800) }));
    }
    let out = h
        .cmd()
        .args(["clients", "list", "--all", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out).lines().count(), 1000);
    assert!(stdout(&out).contains("2026-01-01T00:00:00Z"));
}

/// Issue 28, items 2 and 6: a long deploy renews the lease (every third of it), so another
/// machine stays out past the lease's first length; record writes that fail after the claim are
/// a warning and the rotation's outcome stands.
#[test]
fn a_long_step_renews_the_lease_and_a_failing_record_write_is_only_a_warning() {
    let h = Harness::new();
    let (a, b) = (Machine::new(), Machine::new());
    let go = h.path("go");
    let started = h.path("started");
    // The deploy: say it started, then break record writes (through the local Stytch's admin
    // route) once told to go on, then finish.
    let fail_writes = format!(
        "curl -fsS -u {}:{} -X POST {}/_mock/faults -d '{{\"route\":\"update_client\",\"kind\":\"status\",\"status\":400,\"times\":1000}}' > /dev/null",
        h.project_id,
        PROJECT_SECRET,
        h.mock.url()
    );
    let deploy = format!(
        "cat > /dev/null; touch {}; until test -e {}; do sleep 0.05; done; {fail_writes}",
        started.display(),
        go.display()
    );
    let child = a.spawn_run(&h, &deploy, &["--lease", "3"]);
    wait_until("A's deploy", || started.exists());
    let puts = h.requests_to(Route::UpdateClient);
    std::thread::sleep(std::time::Duration::from_millis(4500));
    assert!(
        h.requests_to(Route::UpdateClient) >= puts + 3,
        "renewed every second during the deploy"
    );
    let out = b
        .cmd(&h)
        .args([
            "rotate",
            "cancel",
            "--client-id",
            CLIENT_ID,
            "--yes",
            "--record",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(5),
        "still held after 4.5 s: {}",
        stderr(&out)
    );

    std::fs::write(&go, "").unwrap();
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("could not be written"), "{err}");
    assert_eq!(
        err.matches("could not be written").count(),
        1,
        "said once: {err}"
    );
    assert_eq!(h.pending(), None, "completed all the same");
    assert_eq!(
        on_client(&h)["step"],
        "deploy",
        "the record is stale, as said"
    );
}

/// Issue 28, item 1: `record = true` in a profile turns `--record` on; `STYTCH_M2M_RECORD=0`
/// or `--no-record` turn it off again.
#[test]
fn a_profile_can_turn_the_record_on() {
    let h = Harness::new();
    std::fs::create_dir_all(h.config_dir()).unwrap();
    std::fs::write(
        h.config_dir().join("config.toml"),
        format!(
            "default_profile = \"ci\"\n[profiles.ci]\nproject_id = \"{}\"\nbase_url = \"{}\"\nrecord = true\n",
            h.project_id,
            h.mock.url()
        ),
    )
    .unwrap();
    let puts = || h.requests_to(Route::UpdateClient);
    let run = |env: Option<(&str, &str)>, extra: &[&str]| {
        let mut cmd = h.cmd();
        if let Some((k, v)) = env {
            cmd.env(k, v);
        }
        let out = cmd
            .args(["rotate", "start", "--client-id", CLIENT_ID, "--secret-file"])
            .arg(h.path(&format!("next-{}", h.mock.state().minted().len())))
            .args(extra)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        h.mock.state().set_metadata(CLIENT_ID, json!({}));
        let cancel = h
            .cmd()
            .args([
                "rotate",
                "cancel",
                "--client-id",
                CLIENT_ID,
                "--yes",
                "--no-record",
            ])
            .output()
            .unwrap();
        assert_eq!(cancel.status.code(), Some(0), "{}", stderr(&cancel));
    };
    let before = puts();
    run(None, &[]);
    assert!(puts() > before, "the profile turned it on");
    for (env, extra) in [
        (Some(("STYTCH_M2M_RECORD", "0")), &[][..]),
        (None, &["--no-record"][..]),
    ] {
        let before = puts();
        run(env, extra);
        assert_eq!(puts(), before, "{env:?} {extra:?} turned it off");
    }
}

/// Issue 26, item 7 (and the review of #28): a start whose answer is Stytch's 500 finds a
/// rotation pending that the record on the client gives to another run: it is never cancelled.
#[test]
fn a_pending_secret_the_record_gives_another_run_is_never_cancelled() {
    let h = Harness::new();
    let b = Machine::new();
    let out = b
        .cmd(&h)
        .args([
            "rotate",
            "start",
            "--client-id",
            CLIENT_ID,
            "--record",
            "--secret-file",
        ])
        .arg(h.path("b-next"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let theirs = h.pending().unwrap();
    let out = h.start_answered_500(false);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(7), "{err}");
    assert!(err.contains("is another run's"), "{err}");
    assert_eq!(h.pending(), Some(theirs), "B's secret is untouched");
    assert_eq!(h.requests_to(Route::RotateCancel), 0);
}

/// The review of #28: when a resume cannot find the custody copy (a new runner), the resume it
/// prints with --next-secret-stdin leaves out the custody flags it conflicts with, and works as
/// printed with the secret the deploy target holds.
#[test]
fn the_resume_printed_for_a_lost_custody_copy_works_as_printed() {
    let h = Harness::new();
    let custody = h.path("custody");
    let target = h.path("target");
    let run = |deploy: &str, extra: &[&str]| {
        h.cmd()
            .args(["rotate", "run", "--client-id", CLIENT_ID, "--yes"])
            .args(["--deploy", deploy, "--verify-timeout", "2", "--secret-file"])
            .arg(&custody)
            .args(extra)
            .output()
            .unwrap()
    };
    let deploy = format!("cat > {}; exit 3", target.display());
    let out = run(&deploy, &[]);
    assert_eq!(out.status.code(), Some(10), "{}", stderr(&out));
    std::fs::remove_file(&custody).unwrap();
    let deploy = format!("cat > {}", target.display());
    let out = run(&deploy, &["--resume"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(5), "{err}");
    let printed = printed_recovery(&err)
        .into_iter()
        .find(|s| s.verb() == "run" && s.args.iter().any(|a| a == "--next-secret-stdin"))
        .expect(&err)
        .line();
    assert!(!printed.contains("--secret-file"), "{printed}");
    let words = shell_words(&printed);
    let out = h
        .cmd()
        .args(&words[1..])
        .write_stdin(std::fs::read_to_string(&target).unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{printed}: {}", stderr(&out));
    assert_eq!(h.pending(), None);
}
