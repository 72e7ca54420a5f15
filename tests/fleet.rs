//! Issue #14: many clients at once. Selection (ids, a file, searches across pages, filters,
//! `--pending`), `clients list`, bounded concurrency, one pacing for every worker, failures in
//! the middle, custody pre-flight, NDJSON, exit 11, the progress bar at a terminal only, and
//! signals that never cost a minted secret.

mod common;

use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

use common::*;
use serde_json::Value;

/// A harness with `n` generated clients besides the usual one; all ids, sorted.
fn fleet(n: usize) -> (Harness, Vec<String>) {
    let h = Harness::new();
    h.mock.generate_clients(n);
    let mut ids: Vec<String> = h
        .mock
        .state()
        .clients()
        .into_iter()
        .map(|c| c.client_id)
        .collect();
    ids.sort();
    (h, ids)
}

fn run(h: &Harness, args: &[&str]) -> Output {
    h.cmd().args(args).output().unwrap()
}

/// stdout as NDJSON, parsed line by line: the client lines, then the summary.
fn ndjson(out: &Output) -> (Vec<Value>, Value) {
    let text = stdout(out);
    let mut lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON: {l:?}: {e}")))
        .collect();
    let summary = lines.pop().expect("a summary line");
    assert!(summary.get("summary").is_some(), "last line: {summary}");
    for line in &lines {
        for key in [
            "client_id",
            "action",
            "result",
            "exit_code",
            "error_type",
            "secret_last_four",
            "next_secret_last_four",
            "request_id",
        ] {
            assert!(line.get(key).is_some(), "{key} missing in {line}");
        }
    }
    (lines, summary["summary"].clone())
}

fn results(lines: &[Value]) -> HashMap<String, String> {
    lines
        .iter()
        .map(|l| {
            (
                l["client_id"].as_str().unwrap().to_owned(),
                l["result"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// No client of the local Stytch has a rotation pending.
fn nothing_pending(h: &Harness) -> bool {
    h.mock
        .state()
        .clients()
        .iter()
        .all(|c| c.next_client_secret.is_none())
}

/// The shared invariant (`common::MintLedger`) over every client of the fleet, with what the
/// test's commands delivered, and every client settled unless `pending` says why one may not be.
fn assert_fleet(
    h: &Harness,
    ledger: &MintLedger,
    name: &str,
    delivered: &Delivered,
    mints: Mints,
    pending: Option<&str>,
) {
    ledger.assert_custody(&h.mock, name, delivered, mints);
    assert_settled(&h.mock, name, pending);
}

/// What the files in `dir` hold (a `--secret-dir`, a deploy target of one file per client).
fn held_in(dir: &Path) -> Delivered {
    let mut delivered = Delivered::default();
    delivered.dir(dir);
    delivered
}

/// For tests whose commands only read: nothing minted, every seeded secret where it was.
fn assert_only_read(h: &Harness, ledger: &MintLedger) {
    let name = "commands that only read";
    assert_fleet(h, ledger, name, &Delivered::default(), Mints::Never, None);
}

fn count(summary: &Value, key: &str) -> u64 {
    summary[key].as_u64().unwrap()
}

fn write_ids(h: &Harness, name: &str, ids: &[&str]) -> String {
    let path = h.path(name);
    let text = format!(
        "# clients for the test\n\n{}\n",
        ids.join("\n  # an aside\n")
    );
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[test]
fn all_follows_cursors_across_pages_of_1000() {
    let (h, ids) = fleet(2500);
    let ledger = MintLedger::open(&h.mock);
    let out = run(&h, &["clients", "list", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let listed: Vec<String> = stdout(&out)
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["client_id"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(listed, ids, "every client once, sorted by id");
    assert_eq!(h.requests_to(Route::SearchClients), 3, "pages of 1000");

    let out = run(&h, &["rotate", "status", "--all", "--jobs", "16", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let (lines, summary) = ndjson(&out);
    assert_eq!(lines.len(), 2501);
    assert_eq!(count(&summary, "ok"), 2501);
    let seen: BTreeSet<&str> = lines
        .iter()
        .map(|l| l["client_id"].as_str().unwrap())
        .collect();
    assert_eq!(seen.len(), 2501);
    assert_eq!(h.requests_to(Route::GetClient), 2501);
    assert!(
        stderr(&out).is_empty(),
        "--json keeps stderr quiet: {}",
        stderr(&out)
    );
    assert_only_read(&h, &ledger);
}

#[test]
fn name_and_scope_filter_with_search_operands() {
    let (h, _) = fleet(30);
    let ledger = MintLedger::open(&h.mock);
    let state = h.mock.state().clients();
    let ids_where = |f: &dyn Fn(&ClientRecord) -> bool| -> BTreeSet<String> {
        state
            .iter()
            .filter(|c| f(c))
            .map(|c| c.client_id.clone())
            .collect()
    };
    let listed = |args: &[&str]| -> BTreeSet<String> {
        let out = run(&h, &[&["clients", "list", "--json"], args].concat());
        assert!(out.status.success(), "{}", stderr(&out));
        stdout(&out)
            .lines()
            .map(|l| {
                serde_json::from_str::<Value>(l).unwrap()["client_id"]
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect()
    };
    let names = listed(&[
        "--name",
        "Generated client 3",
        "--name",
        "Generated client 4",
    ]);
    let want = ids_where(&|c| {
        ["Generated client 3", "Generated client 4"].contains(&c.client_name.as_str())
    });
    assert_eq!((names.len(), &names), (2, &want));
    let admins = listed(&["--scope", "admin"]);
    assert_eq!(
        admins,
        ids_where(&|c| c.scopes.iter().any(|s| s == "admin"))
    );
    assert_eq!(admins.len(), 3);
    let both = listed(&["--scope", "admin", "--name", "Generated client 10"]);
    assert_eq!(both, ids_where(&|c| c.client_name == "Generated client 10"));

    let out = run(
        &h,
        &["rotate", "status", "--scope", "read:orders", "--json"],
    );
    let (lines, _) = ndjson(&out);
    let got: BTreeSet<String> = results(&lines).into_keys().collect();
    assert_eq!(
        got,
        ids_where(&|c| c.scopes.iter().any(|s| s == "read:orders"))
    );
    assert_only_read(&h, &ledger);
}

#[test]
fn pending_selects_only_clients_mid_rotation() {
    let (h, ids) = fleet(10);
    let ledger = MintLedger::open(&h.mock);
    let picked = [&ids[2], &ids[5], &ids[7]];
    let dir = h.path("secrets");
    let mut args = vec![
        "rotate",
        "start",
        "--secret-dir",
        dir.to_str().unwrap(),
        "--json",
    ];
    for id in picked {
        args.extend(["--client-id", id.as_str()]);
    }
    let out = run(&h, &args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let (lines, summary) = ndjson(&out);
    assert_eq!(count(&summary, "ok"), 3);
    for line in &lines {
        let id = line["client_id"].as_str().unwrap();
        let pending = h
            .mock
            .state()
            .client(id)
            .unwrap()
            .next_client_secret
            .unwrap();
        assert_eq!(line["next_secret_last_four"], pending[pending.len() - 4..]);
        let kept = std::fs::read_to_string(dir.join(id)).unwrap();
        assert_eq!(
            kept.trim(),
            pending,
            "the secret is in its file, not on stdout"
        );
        assert!(!stdout(&out).contains(&pending));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777,
            0o700
        );
    }

    let out = run(&h, &["rotate", "status", "--pending", "--json"]);
    let (lines, _) = ndjson(&out);
    let got: BTreeSet<String> = results(&lines).into_keys().collect();
    let want: BTreeSet<String> = picked.iter().map(|s| s.to_string()).collect();
    assert_eq!(got, want);
    let out = run(&h, &["clients", "list", "--pending"]);
    assert!(
        stdout(&out).contains("3 clients, 3 with a rotation pending"),
        "{}",
        stdout(&out)
    );

    let (a, b) = (ids[2].as_str(), ids[3].as_str());
    let out = run(
        &h,
        &[
            "rotate",
            "status",
            "--client-id",
            a,
            "--client-id",
            b,
            "--pending",
            "--json",
        ],
    );
    let (lines, _) = ndjson(&out);
    assert_eq!(
        results(&lines).into_keys().collect::<Vec<_>>(),
        vec![a.to_owned()]
    );
    let why = Some("three started, each secret in its file");
    assert_fleet(&h, &ledger, "pending", &held_in(&dir), Mints::Must, why);
}

/// Running a fleet command again skips what is done: start skips clients mid-rotation,
/// complete and cancel skip clients with nothing pending.
#[test]
fn running_again_skips_what_is_done() {
    let (h, ids) = fleet(10);
    let ledger = MintLedger::open(&h.mock);
    let dir = h.path("secrets");
    let dir_arg = dir.to_str().unwrap();
    let first = [
        "rotate",
        "start",
        "--secret-dir",
        dir_arg,
        "--client-id",
        &ids[1],
        "--client-id",
        &ids[4],
    ];
    let out = run(&h, &[&first[..], &["--client-id", &ids[8]]].concat());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // Start again over everyone: the three mid-rotation are skipped by rule, exit 0.
    let out = run(
        &h,
        &[
            "rotate",
            "start",
            "--all",
            "--secret-dir",
            dir.to_str().unwrap(),
            "--json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let (_, summary) = ndjson(&out);
    assert_eq!((count(&summary, "ok"), count(&summary, "skipped")), (8, 3));

    // Complete them all from the files the journal names, and cancel nothing that is not pending.
    let out = run(&h, &["rotate", "complete", "--all", "--yes", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let (_, summary) = ndjson(&out);
    assert_eq!((count(&summary, "ok"), count(&summary, "skipped")), (11, 0));
    assert!(nothing_pending(&h));
    let out = run(&h, &["rotate", "cancel", "--all", "--yes", "--json"]);
    let (_, summary) = ndjson(&out);
    assert_eq!(
        (out.status.code(), count(&summary, "skipped")),
        (Some(0), 11)
    );
    assert_fleet(&h, &ledger, "run again", &held_in(&dir), Mints::Must, None);
}

#[test]
fn a_failure_in_the_middle_does_not_stop_the_others() {
    let (h, ids) = fleet(19);
    let ledger = MintLedger::open(&h.mock);
    let mut list: Vec<&str> = ids.iter().map(String::as_str).collect();
    list.insert(10, "m2m-client-test-00000000-0000-4000-8000-0000deadbeef");
    let file = write_ids(&h, "ids", &list);

    let out = run(
        &h,
        &[
            "rotate",
            "status",
            "--clients-from",
            &file,
            "--jobs",
            "1",
            "--json",
        ],
    );
    assert_eq!(out.status.code(), Some(11), "{}", stderr(&out));
    let (lines, summary) = ndjson(&out);
    assert_eq!((count(&summary, "ok"), count(&summary, "failed")), (20, 1));
    let failed: Vec<&Value> = lines.iter().filter(|l| l["result"] == "failed").collect();
    assert_eq!(failed[0]["error_type"], "client_not_found");
    assert_eq!(failed[0]["exit_code"], 4);
    let err: Value = serde_json::from_str(stderr(&out).trim()).unwrap();
    assert_eq!(
        (err["error"].as_str(), err["exit_code"].as_i64()),
        (Some("some_failed"), Some(11))
    );
    assert_only_read(&h, &ledger);
}

#[test]
fn fail_fast_starts_no_new_client_after_a_failure() {
    let (h, ids) = fleet(19);
    let ledger = MintLedger::open(&h.mock);
    let mut list: Vec<&str> = ids.iter().map(String::as_str).collect();
    list.insert(10, "m2m-client-test-00000000-0000-4000-8000-0000deadbeef");
    let file = write_ids(&h, "ids", &list);
    let before = h.requests_to(Route::GetClient);
    let out = run(
        &h,
        &[
            "rotate",
            "status",
            "--clients-from",
            &file,
            "--jobs",
            "1",
            "--fail-fast",
            "--json",
        ],
    );
    assert_eq!(out.status.code(), Some(11));
    let (lines, summary) = ndjson(&out);
    assert_eq!(
        (
            count(&summary, "ok"),
            count(&summary, "failed"),
            count(&summary, "not_started")
        ),
        (10, 1, 10)
    );
    assert_eq!(
        h.requests_to(Route::GetClient) - before,
        11,
        "nothing after the failure"
    );
    let not_started: Vec<&str> = lines
        .iter()
        .filter(|l| l["result"] == "not_started")
        .map(|l| l["client_id"].as_str().unwrap())
        .collect();
    assert_eq!(not_started, list[11..].to_vec());
    assert!(lines
        .iter()
        .filter(|l| l["result"] == "not_started")
        .all(|l| l["exit_code"].is_null()));

    // With four workers, those already in flight finish (how many depends on timing); no client
    // after the failure is started once it is known, and those not started are the list's tail.
    let out = run(
        &h,
        &[
            "rotate",
            "status",
            "--clients-from",
            &file,
            "--jobs",
            "4",
            "--fail-fast",
            "--json",
        ],
    );
    let (lines, summary) = ndjson(&out);
    assert_eq!(count(&summary, "failed"), 1, "{summary}");
    assert_eq!(
        count(&summary, "ok") + count(&summary, "failed") + count(&summary, "not_started"),
        list.len() as u64,
        "{summary}"
    );
    let mut not_started: Vec<&str> = lines
        .iter()
        .filter(|l| l["result"] == "not_started")
        .map(|l| l["client_id"].as_str().unwrap())
        .collect();
    not_started.sort_unstable();
    let mut tail = list[list.len() - not_started.len()..].to_vec();
    tail.sort_unstable();
    assert_eq!(not_started, tail);
    assert_only_read(&h, &ledger);
}

#[test]
fn never_more_than_jobs_requests_in_flight() {
    let (h, _) = fleet(60);
    let ledger = MintLedger::open(&h.mock);
    h.mock.set_latency(Some(Duration::from_millis(20)));
    // The first `jobs` reads are held inside the local Stytch until all of them have arrived:
    // they overlap by construction, so the maximum seen is exactly `jobs` unless more go out.
    h.inject(Route::GetClient, FaultKind::Barrier { count: 3 });
    let out = run(&h, &["rotate", "status", "--all", "--jobs", "3", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let c = h.mock.state().concurrency();
    assert_eq!(c.max_requests, 3, "{c:?}");
    assert!(
        c.max_connections <= 3,
        "one pool, no more connections than jobs: {c:?}"
    );
    // The process has exited; the local Stytch notices its closed connections a moment later.
    wait_until("every request and connection closed", || {
        let c = h.mock.state().concurrency();
        (c.requests, c.connections) == (0, 0)
    });
    h.inject(Route::GetClient, FaultKind::Barrier { count: 4 });
    let out = run(&h, &["rotate", "status", "--all", "--json"]);
    assert!(out.status.success());
    let c = h.mock.state().concurrency();
    assert_eq!(c.max_requests, 4, "the default is 4: {c:?}");
    let out = run(&h, &["rotate", "status", "--all", "--jobs", "17"]);
    assert_eq!(out.status.code(), Some(2), "at most 16");
    assert_only_read(&h, &ledger);
}

/// One 429 (Retry-After: 2) pauses every worker: in the 1.9 s after it reached Stytch, nothing
/// but the requests already in flight (or sent before its answer came back) reach Stytch, and
/// no client fails. Measured on the local Stytch's clock (each request's arrival), so a slow
/// test thread cannot shift the window.
#[test]
fn a_429_pauses_every_worker() {
    let (h, _) = fleet(99);
    let ledger = MintLedger::open(&h.mock);
    h.mock.set_latency(Some(Duration::from_millis(50)));
    h.inject(
        Route::GetClient,
        FaultKind::RateLimit {
            retry_after: Some(2),
        },
    );
    let started = Instant::now();
    let out = run(&h, &["rotate", "status", "--all", "--jobs", "4", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let arrivals: Vec<Instant> = h
        .requests()
        .iter()
        .filter(|r| r.route == Route::GetClient)
        .map(|r| r.arrived.expect("the local Stytch notes each arrival"))
        .collect();
    // The first read is the one answered 429.
    let limited = arrivals[0];
    let early = arrivals[1..]
        .iter()
        .filter(|t| t.duration_since(limited) < Duration::from_millis(1900))
        .count();
    assert!(
        early <= 8,
        "{early} requests went out while Stytch asked everyone to wait"
    );
    assert!(started.elapsed() >= Duration::from_secs(2));
    let (_, summary) = ndjson(&out);
    assert_eq!((count(&summary, "ok"), count(&summary, "failed")), (100, 0));
    assert_eq!(arrivals.len(), 101, "the one 429 was retried once");
    assert_only_read(&h, &ledger);
}

#[test]
fn a_429_storm_fails_no_client() {
    let (h, _) = fleet(149);
    let ledger = MintLedger::open(&h.mock);
    h.mock.set_rate_limit(Some(50));
    let out = run(&h, &["rotate", "status", "--all", "--jobs", "16"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("150 clients: 150 ok, 0 failed"), "{err}");
    assert!(err.contains("every worker paused"), "{err}");
    assert!(
        h.requests_to(Route::GetClient) > 150,
        "Stytch really answered 429s"
    );
    assert_only_read(&h, &ledger);
}

#[test]
fn secret_dir_pre_flight_fails_before_anything_is_minted() {
    let (h, ids) = fleet(4);
    let ledger = MintLedger::open(&h.mock);
    let dir = h.path("secrets");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join(&ids[3]), "someone else's").unwrap();
    let file = write_ids(
        &h,
        "ids",
        &ids.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    let out = run(
        &h,
        &[
            "rotate",
            "start",
            "--clients-from",
            &file,
            "--secret-dir",
            dir.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(8), "{}", stderr(&out));
    assert!(stderr(&out).contains("already exists"), "{}", stderr(&out));
    assert_eq!(h.requests_to(Route::RotateStart), 0);
    assert!(h.mock.state().minted().is_empty());
    let left: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        left.len(),
        1,
        "the files reserved were given back: {left:?}"
    );

    let out = run(&h, &["rotate", "start", "--all"]);
    assert_eq!(out.status.code(), Some(2), "no custody, no fleet start");
    assert!(stderr(&out).contains("--keyring"), "{}", stderr(&out));
    assert!(h.requests().is_empty());
    assert_only_read(&h, &ledger);
}

#[test]
fn dry_run_sends_nothing_but_reads() {
    let (h, ids) = fleet(5);
    h.start_rotation();
    let ledger = MintLedger::open(&h.mock);
    let dir = h.path("secrets");
    for command in [
        vec![
            "rotate",
            "start",
            "--all",
            "--secret-dir",
            dir.to_str().unwrap(),
            "--dry-run",
        ],
        vec!["rotate", "complete", "--all", "--skip-verify", "--dry-run"],
        vec!["rotate", "cancel", "--all", "--dry-run"],
        vec!["rotate", "run", "--all", "--deploy", "true", "--dry-run"],
    ] {
        let before = h.requests().len();
        let out = run(&h, &command);
        assert_eq!(out.status.code(), Some(0), "{command:?}: {}", stderr(&out));
        let err = stderr(&out);
        assert_eq!(
            err.lines()
                .filter(|l| l.contains("m2m-client-test-"))
                .count(),
            6,
            "{err}"
        );
        let mutating = h.requests()[before..]
            .iter()
            .filter(|r| !matches!(r.route, Route::GetClient | Route::SearchClients))
            .count();
        assert_eq!(mutating, 0, "{command:?}");
    }
    let out = run(
        &h,
        &[
            "rotate",
            "start",
            "--all",
            "--secret-dir",
            dir.to_str().unwrap(),
            "--dry-run",
        ],
    );
    assert!(stderr(&out).contains(&format!("skipped     {CLIENT_ID}  skip: rotation pending")));
    let other = ids.iter().find(|id| *id != CLIENT_ID).unwrap();
    assert!(stderr(&out).contains(&format!("ok          {other}  would start")));
    assert!(!dir.exists(), "a dry run creates nothing");
    let why = Some("the setup's rotation: a dry run sends nothing");
    let mut setup = Delivered::default();
    setup.add("setup", h.pending().unwrap());
    assert_fleet(&h, &ledger, "dry run", &setup, Mints::Never, why);
}

#[test]
fn run_deploys_once_per_client() {
    let (h, ids) = fleet(5);
    let ledger = MintLedger::open(&h.mock);
    let got = h.path("got");
    std::fs::create_dir(&got).unwrap();
    let deploy = format!("cat > '{}'/\"$STYTCH_M2M_CLIENT_ID\"", got.display());
    let out = run(
        &h,
        &[
            "rotate", "run", "--all", "--deploy", &deploy, "--yes", "--json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let (lines, summary) = ndjson(&out);
    assert_eq!(count(&summary, "ok"), 6);
    for id in &ids {
        let record = h.mock.state().client(id).unwrap();
        let deployed = std::fs::read_to_string(got.join(id)).unwrap();
        assert_eq!(
            deployed, record.client_secret,
            "{id} got its own new secret"
        );
        assert!(record.next_client_secret.is_none());
        assert!(!stdout(&out).contains(&record.client_secret));
    }
    assert!(lines.iter().all(|l| l["action"] == "run"));
    assert_fleet(&h, &ledger, "fleet run", &held_in(&got), Mints::Must, None);
}

#[test]
fn keyring_custody_for_many_clients() {
    require_session_keyring();
    let (h, ids) = fleet(2);
    let ledger = MintLedger::open(&h.mock);
    let out = run(&h, &["rotate", "start", "--all", "--keyring", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for id in &ids {
        let pending = h
            .mock
            .state()
            .client(id)
            .unwrap()
            .next_client_secret
            .unwrap();
        let stored = secret_tool_lookup(&format!("{}/{id}/next", h.project_id)).unwrap();
        assert_eq!(stored.trim(), pending);
    }
    let out = run(&h, &["rotate", "complete", "--all", "--yes", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for id in &ids {
        let current = h.mock.state().client(id).unwrap().client_secret;
        let promoted = secret_tool_lookup(&format!("{}/{id}", h.project_id)).unwrap();
        assert_eq!(promoted.trim(), current);
        assert!(secret_tool_lookup(&format!("{}/{id}/next", h.project_id)).is_none());
    }
    let mut delivered = Delivered::default();
    for id in &ids {
        for user in keyring_users(&h.project_id, id) {
            delivered.keyring_entry(&user, secret_tool_lookup(&user));
        }
    }
    assert_fleet(
        &h,
        &ledger,
        "keyring custody",
        &delivered,
        Mints::Must,
        None,
    );
}

#[test]
fn progress_bar_at_a_terminal_lines_without_one() {
    let (h, ids) = fleet(39);
    let ledger = MintLedger::open(&h.mock);
    h.mock.set_latency(Some(Duration::from_millis(30)));
    let line = format!("{} rotate status --all --jobs 2", bin().display());
    let (code, screen) = in_terminal(&h, &line, &[], "");
    assert_eq!(code, 0, "{screen}");
    assert!(screen.contains("/40 clients"), "a bar: {screen}");
    // The count line is written before the bar is first drawn, so no frame of the bar is left
    // on the screen above it.
    let announced = screen.find("status: 40 clients").expect(&screen);
    assert!(announced < screen.find("/40 clients").unwrap(), "{screen}");
    assert!(
        screen.contains("CLIENT") && screen.contains("RESULT"),
        "a table: {screen}"
    );
    assert!(screen.contains("40 clients: 40 ok"), "{screen}");

    let out = run(&h, &["rotate", "status", "--all", "--jobs", "2"]);
    let err = stderr(&out);
    assert!(
        !err.contains('\r') && !err.contains('\x1b'),
        "no bar without a terminal: {err:?}"
    );
    for id in &ids {
        assert_eq!(
            err.lines()
                .filter(|l| l.starts_with("ok") && l.contains(id.as_str()))
                .count(),
            1
        );
    }
    assert!(stdout(&out).is_empty());
    assert_only_read(&h, &ledger);
}

/// SIGTERM mid-way: no new client is started, the ones in flight store their secret, the rest
/// are `not_started`, and the exit code is the signal's. Every minted secret is in its file.
#[test]
fn a_signal_stops_starting_new_clients() {
    let (h, _) = fleet(29);
    let ledger = MintLedger::open(&h.mock);
    h.mock.set_latency(Some(Duration::from_millis(100)));
    let dir = h.path("secrets");
    let child = h
        .std_cmd()
        .args([
            "rotate",
            "start",
            "--all",
            "--jobs",
            "2",
            "--json",
            "--secret-dir",
        ])
        .arg(&dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    h.wait_for(Route::RotateStart);
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(143), "{}", stderr(&out));
    let (lines, summary) = ndjson(&out);
    assert!(count(&summary, "not_started") > 0, "{summary}");
    assert_eq!(lines.len(), 30);
    let minted = h.mock.state().minted();
    assert_eq!(count(&summary, "ok") as usize, minted.len());
    for (id, secret) in minted {
        let kept = std::fs::read_to_string(dir.join(&id)).unwrap();
        assert_eq!(kept.trim(), secret, "{id}: minted and stored");
    }
    let files = std::fs::read_dir(&dir).unwrap().count();
    assert_eq!(
        files,
        count(&summary, "ok") as usize,
        "no file left for clients never started"
    );
    let why = Some("the clients started before the signal stay pending, each secret in its file");
    assert_fleet(&h, &ledger, "signal", &held_in(&dir), Mints::Must, why);
}

#[test]
fn clients_list_table_and_one_client_rule() {
    let (h, ids) = fleet(3);
    let mut setup = Delivered::default();
    setup.add("setup: a rotate start's stdout", h.start_rotation());
    let ledger = MintLedger::open(&h.mock);
    let out = run(&h, &["clients", "list"]);
    assert!(out.status.success());
    let text = stdout(&out);
    let rows: Vec<&str> = text.lines().collect();
    assert!(
        rows[0].starts_with("CLIENT ID") && rows[0].contains("PENDING"),
        "{text}"
    );
    let listed: Vec<&str> = rows[1..5]
        .iter()
        .map(|r| r.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(listed, ids.iter().map(String::as_str).collect::<Vec<_>>());
    let pending = h.pending().unwrap();
    let mine = rows.iter().find(|r| r.starts_with(CLIENT_ID)).unwrap();
    // The last column: the day of the last recorded rotation (none here: unknown).
    let cells: Vec<&str> = mine.split_whitespace().collect();
    assert_eq!(
        cells[cells.len() - 2],
        format!("…{}", &pending[pending.len() - 4..]),
        "{mine}"
    );
    assert!(mine.ends_with(" unknown"), "{mine}");
    assert_eq!(
        rows.iter()
            .filter(|r| r.trim_end_matches(" unknown").trim_end().ends_with(" -"))
            .count(),
        3
    );
    assert_eq!(rows[5], "4 clients, 1 with a rotation pending");

    // One id from a file is the fleet mode all the same: the output does not depend on the data.
    let file = write_ids(&h, "one", &[CLIENT_ID]);
    let out = run(&h, &["rotate", "status", "--clients-from", &file, "--json"]);
    let (lines, _) = ndjson(&out);
    assert_eq!(lines.len(), 1);
    let out = run(&h, &["rotate", "status", "--json"]);
    assert_eq!(out.status.code(), Some(2), "nothing selected");
    assert!(Path::new(&file).exists());
    let why = Some("the setup's rotation: listing and status only read");
    assert_fleet(&h, &ledger, "clients list", &setup, Mints::Never, why);
}

/// One `--client-id` is the single-client command, unless a fleet-only flag is given with it:
/// `--dry-run` then sends nothing, and `--secret-dir` keeps the secret in the directory.
#[test]
fn one_client_with_dry_run_or_secret_dir_is_a_fleet_of_one() {
    require_session_keyring();
    let h = Harness::new();
    let ledger = MintLedger::open(&h.mock);
    let dir = h.path("secrets");
    let dir_arg = dir.to_str().unwrap();
    let one = ["--client-id", CLIENT_ID];
    let mutating = |h: &Harness| {
        h.requests()
            .iter()
            .filter(|r| !matches!(r.route, Route::GetClient | Route::SearchClients))
            .count()
    };
    let out = run(
        &h,
        &[&["rotate", "start", "--keyring", "--dry-run"][..], &one].concat(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!((mutating(&h), stdout(&out)), (0, String::new()));

    let start = [
        &["rotate", "start", "--no-journal", "--secret-dir", dir_arg][..],
        &one,
    ]
    .concat();
    let out = run(&h, &start);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let held = std::fs::read_to_string(dir.join(CLIENT_ID)).unwrap();
    assert_eq!(h.pending().as_deref(), Some(held.trim()));
    assert!(
        !stdout(&out).contains(held.trim()),
        "the secret stays in the directory"
    );

    let before = mutating(&h);
    for command in [
        vec!["rotate", "complete", "--skip-verify", "--dry-run"],
        vec!["rotate", "cancel", "--dry-run"],
        vec!["rotate", "run", "--deploy", "true", "--dry-run"],
    ] {
        let out = run(&h, &[&command[..], &one].concat());
        assert_eq!(out.status.code(), Some(0), "{command:?}: {}", stderr(&out));
        assert_eq!(mutating(&h), before, "{command:?} sent nothing");
    }
    // Without the journal, only the directory says where the secret is.
    let complete = [
        "rotate",
        "complete",
        "--no-journal",
        "--yes",
        "--secret-dir",
        dir_arg,
    ];
    let out = run(&h, &[&complete[..], &one].concat());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(h.record().client_secret, held.trim());
    assert_fleet(
        &h,
        &ledger,
        "fleet of one",
        &held_in(&dir),
        Mints::Must,
        None,
    );
}

/// Cancelling many clients whose secrets went to `--secret-dir`: each client's line names its
/// file, which now holds a dead secret, and the `rm` it prints removes it when run as printed.
#[test]
fn a_fleet_cancel_names_each_dead_secret_file_and_how_to_remove_it() {
    let (h, ids) = fleet(3);
    let ledger = MintLedger::open(&h.mock);
    let dir = h.path("secrets");
    let dir_arg = dir.to_str().unwrap();
    let out = run(&h, &["rotate", "start", "--all", "--secret-dir", dir_arg]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = run(&h, &["rotate", "cancel", "--all", "--yes", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let (lines, _) = ndjson(&out);
    assert_eq!(lines.len(), ids.len());
    for line in &lines {
        let id = line["client_id"].as_str().unwrap();
        let message = line["message"].as_str().unwrap();
        let file = dir.join(id);
        assert!(file.exists(), "{id}");
        let (_, rm) = message.split_once(": rm ").expect(message);
        let status = std::process::Command::new("sh")
            .args(["-c", &format!("rm {rm}")])
            .status()
            .unwrap();
        assert!(status.success(), "{message}");
        assert!(!file.exists(), "{message}");
    }
    assert!(std::fs::read_dir(&dir).unwrap().next().is_none());
    assert!(nothing_pending(&h));
    assert_fleet(
        &h,
        &ledger,
        "fleet cancel",
        &Delivered::default(),
        Mints::Must,
        None,
    );
}

/// After a fleet run stops part-way, the hint's command (the same, with `--resume`) finishes
/// the job: the client already rotated is skipped (not rotated twice), the one whose deploy
/// failed and the one never started are rotated.
#[test]
fn a_fleet_run_resumed_rotates_each_client_once() {
    let (h, ids) = fleet(2);
    let ledger = MintLedger::open(&h.mock);
    let file = write_ids(&h, "ids", &[&ids[0], &ids[1], &ids[2]]);
    let got = h.path("got");
    std::fs::create_dir(&got).unwrap();
    let fixed = h.path("fixed");
    let deploy = format!(
        "if [ \"$STYTCH_M2M_CLIENT_ID\" = '{}' ] && [ ! -e '{}' ]; then exit 1; fi; cat > '{}'/\"$STYTCH_M2M_CLIENT_ID\"",
        ids[1],
        fixed.display(),
        got.display()
    );
    let args = [
        "rotate",
        "run",
        "--clients-from",
        &file,
        "--deploy",
        &deploy,
        "--jobs",
        "1",
        "--fail-fast",
        // Typed: without it a failed deploy keeps its secret pending (issue 26, item 2).
        "--on-deploy-failure",
        "cancel",
        "--yes",
        "--json",
    ];
    let out = run(&h, &args);
    assert_eq!(out.status.code(), Some(11), "{}", stderr(&out));
    let (_, summary) = ndjson(&out);
    assert_eq!((count(&summary, "ok"), count(&summary, "failed")), (1, 1));
    assert_eq!(count(&summary, "not_started"), 1);
    // The hint prints the whole command (issue 23, item 12), and it runs as printed.
    let hint = stderr(&out)
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .find_map(|v| v["hint"].as_str().map(str::to_owned))
        .unwrap_or_else(|| panic!("{}", stderr(&out)));
    let (_, printed) = hint.split_once("continue with `").expect(&hint);
    let printed = printed.split_once('`').unwrap().0;
    assert!(printed.contains("--resume --yes"), "{printed}");
    assert!(printed.contains("--jobs 1 --fail-fast"), "{printed}");
    std::fs::write(&fixed, "").unwrap();
    let mut words = shell_words(printed);
    words.push("--json".into());
    let out = h.cmd().args(&words[1..]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{printed}: {}", stderr(&out));
    let (lines, _) = ndjson(&out);
    let by_id = results(&lines);
    assert_eq!(by_id[&ids[0]], "skipped");
    assert_eq!(
        (by_id[&ids[1]].as_str(), by_id[&ids[2]].as_str()),
        ("ok", "ok")
    );
    let minted = h.mock.state().minted();
    for id in &ids[..3] {
        let times = minted.iter().filter(|(m, _)| m == id).count();
        // The failed deploy's secret was cancelled, so that client was minted for twice.
        assert_eq!(times, if *id == ids[1] { 2 } else { 1 }, "{id}");
        let record = h.mock.state().client(id).unwrap();
        assert_eq!(
            std::fs::read_to_string(got.join(id)).unwrap(),
            record.client_secret
        );
    }
    // Without a journal to say which clients a run rotated, `--resume` starts nothing.
    let before = h.mock.state().minted().len();
    let out = run(&h, &[&args[..], &["--resume", "--no-journal"]].concat());
    assert_eq!(out.status.code(), Some(11), "{}", stderr(&out));
    assert_eq!(h.mock.state().minted().len(), before, "nothing minted");
    let resumed = "fleet run resumed";
    assert_fleet(&h, &ledger, resumed, &held_in(&got), Mints::Must, None);
}

/// #27.3: a fleet run's dry run names every step a client would go through, the check (and a
/// soak) included when given; without them it names neither.
#[test]
fn a_dry_run_names_the_check_step() {
    let (h, _) = fleet(2);
    let ledger = MintLedger::open(&h.mock);
    let base = ["rotate", "run", "--all", "--deploy", "true", "--dry-run"];
    let with = [&base[..], &["--check", "./probe.sh", "--soak", "5"]].concat();
    let out = run(&h, &with);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains(", verify, deploy, check, soak 5 s, complete\n"),
        "{err}"
    );
    let out = run(&h, &base);
    let err = stderr(&out);
    assert!(err.contains(", verify, deploy, complete"), "{err}");
    assert!(!err.contains("check") && !err.contains("soak"), "{err}");
    assert_only_read(&h, &ledger);
}

/// A client's complete or cancel whose answer never came keeps its recovery steps in the fleet:
/// on its `--json` line and under its failed line, and each step runs as printed (the cancel
/// went through: `rotate status` shows nothing pending, so the conditional step is not needed).
#[test]
fn a_fleet_step_with_an_unknown_outcome_prints_its_recovery() {
    for json in [true, false] {
        let (h, _) = fleet(2);
        let ledger = MintLedger::open(&h.mock);
        let dir = h.path("secrets");
        let dir_arg = dir.to_str().unwrap();
        let out = run(&h, &["rotate", "start", "--all", "--secret-dir", dir_arg]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        h.inject(Route::RotateCancel, FaultKind::Truncate);
        let mut args = vec!["rotate", "cancel", "--all", "--yes", "--jobs", "1"];
        if json {
            args.push("--json");
        }
        let out = run(&h, &args);
        assert_eq!(out.status.code(), Some(11), "{}", stderr(&out));
        let printed = if json { stdout(&out) } else { stderr(&out) };
        let steps = printed_recovery(&printed);
        assert!(
            steps.len() >= 2 && steps[0].verb() == "status",
            "json {json}: no recovery printed for the unknown outcome:\n{printed}"
        );
        assert!(steps.iter().any(|s| s.when.is_some()), "{steps:?}");
        let ran = run_recovery(
            "fleet cancel with no answer",
            &steps,
            |args| h.cmd().args(args).output().unwrap(),
            &mut Delivered::default(),
        );
        assert!(!ran.is_empty(), "{steps:?}");
        assert!(nothing_pending(&h), "json {json}");
        assert_fleet(
            &h,
            &ledger,
            "fleet cancel, unknown outcome",
            &Delivered::default(),
            Mints::Must,
            None,
        );
    }
}

/// The printed step that completes a client by hand proves its secret the way the fleet did:
/// here `--skip-verify` (the secret files are not on this machine any more), so a complete that
/// got no answer and did not take effect is finished by the printed command, as printed.
#[test]
fn a_fleet_complete_with_no_answer_prints_a_complete_that_works() {
    let (h, _) = fleet(2);
    let ledger = MintLedger::open(&h.mock);
    let dir = h.path("secrets");
    let out = run(
        &h,
        &[
            "rotate",
            "start",
            "--all",
            "--secret-dir",
            dir.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let elsewhere = h.path("deployed");
    std::fs::rename(&dir, &elsewhere).unwrap();
    h.inject(Route::Rotate, FaultKind::Drop { commit: false });
    let args = [
        "rotate",
        "complete",
        "--all",
        "--skip-verify",
        "--yes",
        "--jobs",
        "1",
    ];
    let out = run(&h, &args);
    assert_eq!(out.status.code(), Some(11), "{}", stderr(&out));
    let steps = printed_recovery(&stderr(&out));
    let by_hand = steps
        .iter()
        .find(|s| s.verb() == "complete")
        .expect("a complete step");
    assert!(
        by_hand.args.contains(&"--skip-verify".to_owned()),
        "{by_hand:?}"
    );
    assert!(
        by_hand.args.contains(&"--expect-next-last-four".to_owned()),
        "{by_hand:?}"
    );
    let ran = run_recovery(
        "fleet complete with no answer",
        &steps,
        |args| h.cmd().args(args).output().unwrap(),
        &mut Delivered::default(),
    );
    assert!(ran.iter().any(|(args, _)| args[1] == "complete"), "{ran:?}");
    assert!(nothing_pending(&h));
    assert_fleet(
        &h,
        &ledger,
        "fleet complete, no answer",
        &held_in(&elsewhere),
        Mints::Must,
        None,
    );
}

/// The journal entries of one client, as `(action phase, entry)`.
fn journal_of(h: &Harness, id: &str) -> Vec<(String, Value)> {
    h.journal()
        .into_iter()
        .filter(|e| e["client_id"] == id)
        .map(|e| {
            (
                format!(
                    "{} {}",
                    e["action"].as_str().unwrap(),
                    e["phase"].as_str().unwrap()
                ),
                e,
            )
        })
        .collect()
}

/// Starts rotations of `ids` into `dir`; the last fours of what Stytch minted, by client.
fn start_into(h: &Harness, dir: &Path, ids: &[&str]) -> HashMap<String, String> {
    let mut args = vec!["rotate", "start", "--secret-dir", dir.to_str().unwrap()];
    for id in ids {
        args.extend(["--client-id", id]);
    }
    let out = run(h, &args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    ids.iter()
        .map(|id| {
            let next = h
                .mock
                .state()
                .client(id)
                .unwrap()
                .next_client_secret
                .unwrap();
            (id.to_string(), next[next.len() - 4..].to_owned())
        })
        .collect()
}

/// What a fleet complete and cancel tell (each line's action, Stytch's request id) and journal
/// for each client (the secret proved, the one completed or discarded, Stytch's request id); the
/// question they cannot ask without a terminal names the command to run again, which works as
/// printed.
#[test]
fn a_fleet_complete_and_cancel_say_and_journal_what_they_did() {
    let (h, ids) = fleet(2);
    let ledger = MintLedger::open(&h.mock);
    let mut delivered = Delivered::default();
    let (rotated, idle) = ([ids[0].as_str(), ids[1].as_str()], ids[2].as_str());
    for complete in [true, false] {
        let action = if complete { "complete" } else { "cancel" };
        let dir = h.path(action);
        let dir_arg = dir.to_str().unwrap();
        let fours = start_into(&h, &dir, &rotated);
        delivered.dir(&dir);
        let mut args = vec!["rotate", action, "--all", "--json"];
        if complete {
            args.extend(["--secret-dir", dir_arg]);
        }
        let before = h.requests().len();
        let out = run(&h, &args);
        assert_eq!(out.status.code(), Some(2), "{action}: {}", stderr(&out));
        let sent = &h.requests()[before..];
        assert!(
            sent.iter()
                .all(|r| matches!(r.route, Route::GetClient | Route::SearchClients)),
            "{action}: {sent:?}"
        );
        let words = printed_yes_command(&stderr(&out));
        assert_eq!(&words[1..words.len() - 1], &args[..], "{action}: {words:?}");
        let out = run_printed(&h, &words);
        assert_eq!(out.status.code(), Some(0), "{action}: {}", stderr(&out));
        let (lines, _) = ndjson(&out);
        for line in &lines {
            assert_eq!(line["action"], action, "{line}");
        }
        let skipped = lines.iter().find(|l| l["client_id"] == idle).unwrap();
        assert_eq!(skipped["result"], "skipped", "{skipped}");
        for id in rotated {
            let four = &fours[id];
            let line = lines.iter().find(|l| l["client_id"] == id).unwrap();
            let request_id = line["request_id"].as_str().unwrap();
            assert!(request_id.starts_with("request-id-test-"), "{line}");
            let journal = journal_of(&h, id);
            let entry = |step: &str| {
                journal
                    .iter()
                    .rev()
                    .find(|(s, _)| s == step)
                    .unwrap_or_else(|| panic!("{step} for {id}: {journal:?}"))
                    .1
                    .clone()
            };
            let done = entry(&format!("{action} ok"));
            assert_eq!(
                (done["request_id"].as_str(), &done["next_secret_last_four"]),
                (Some(request_id), &Value::from(four.as_str())),
                "{done}"
            );
            assert_eq!(
                entry(&format!("{action} intent"))["next_secret_last_four"],
                four.as_str()
            );
            if complete {
                assert_eq!(done["secret_last_four"], four.as_str(), "{done}");
                let verified = entry("verify ok");
                assert_eq!(
                    (
                        &verified["next_secret_last_four"],
                        &verified["tried_secret_last_four"]
                    ),
                    (&Value::from(four.as_str()), &Value::from(four.as_str())),
                    "{verified}"
                );
            }
        }
    }
    assert_fleet(
        &h,
        &ledger,
        "complete and cancel journaled",
        &delivered,
        Mints::Must,
        None,
    );
}

/// A dry run of complete or cancel reads the fleet once, sends no secret anywhere, and checks
/// each pending secret where the complete would read it: the right one "would verify", a wrong
/// one "would fail", and a client already completed is skipped without a token request.
#[test]
fn a_fleet_dry_run_reads_once_and_checks_each_secret_where_complete_would_read_it() {
    let (h, ids) = fleet(2);
    let ledger = MintLedger::open(&h.mock);
    let dir = h.path("secrets");
    let dir_arg = dir.to_str().unwrap();
    let fours = start_into(&h, &dir, &[&ids[0], &ids[1]]);
    // The file of ids[1] is swapped for a secret that is not the pending one.
    let kept = h.path("kept");
    let file = |id: &str| dir.join(id);
    std::fs::copy(file(&ids[1]), &kept).unwrap();
    std::fs::write(file(&ids[1]), "wrong-secret-that-ends-in-zzzz").unwrap();
    for action in ["complete", "cancel"] {
        let before = h.requests().len();
        let mut args = vec!["rotate", action, "--all", "--dry-run", "--json"];
        if action == "complete" {
            args.extend(["--secret-dir", dir_arg]);
        }
        let out = run(&h, &args);
        let sent: Vec<Route> = h.requests()[before..].iter().map(|r| r.route).collect();
        assert!(
            sent.iter().all(|r| *r == Route::SearchClients),
            "{action}: read once, then nothing: {sent:?}"
        );
        let (lines, _) = ndjson(&out);
        let note = |id: &str| {
            let line = lines.iter().find(|l| l["client_id"] == id).unwrap();
            assert_eq!(line["action"], action, "{line}");
            (
                line["result"].as_str().unwrap().to_owned(),
                line["message"].as_str().unwrap_or_default().to_owned(),
            )
        };
        if action == "complete" {
            assert_eq!(out.status.code(), Some(11), "{}", stderr(&out));
            let (result, said) = note(&ids[0]);
            assert!(
                result == "ok"
                    && said.contains(&format!(
                        "would verify, then complete: the secret ending {}",
                        fours[&ids[0]]
                    )),
                "{said}"
            );
            let (result, said) = note(&ids[1]);
            assert!(
                result == "failed" && said.contains("ends in zzzz"),
                "{said}"
            );
        } else {
            assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
            let (result, said) = note(&ids[1]);
            assert!(result == "ok" && said.contains("would cancel"), "{said}");
        }
        assert_eq!(note(&ids[2]).0, "skipped");
    }
    std::fs::copy(&kept, file(&ids[1])).unwrap();
    let out = run(
        &h,
        &[
            "rotate",
            "complete",
            "--all",
            "--yes",
            "--secret-dir",
            dir_arg,
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // Completed, the files still there: a dry run skips them and sends no secret to Stytch.
    let before = h.requests().len();
    let out = run(
        &h,
        &[
            "rotate",
            "complete",
            "--all",
            "--dry-run",
            "--secret-dir",
            dir_arg,
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!(
            "skipped     {}  skip: no rotation pending",
            ids[0]
        )),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        h.requests()[before..]
            .iter()
            .filter(|r| r.route == Route::Token)
            .count(),
        0
    );
    assert_fleet(&h, &ledger, "dry runs", &held_in(&dir), Mints::Must, None);
}

/// Clients given by id are read one by one: one with nothing pending is skipped, by complete and
/// by cancel alike, while a read that fails is a failure of that client, never a skip.
#[test]
fn clients_given_by_id_with_nothing_pending_are_skipped_and_a_failed_read_is_not() {
    let (h, ids) = fleet(1);
    let ledger = MintLedger::open(&h.mock);
    let mut delivered = Delivered::default();
    for action in ["complete", "cancel"] {
        let (first, second) = (
            h.path(&format!("{action}-1")),
            h.path(&format!("{action}-2")),
        );
        start_into(&h, &first, &[&ids[0]]);
        delivered.dir(&first);
        let both = ["--client-id", &ids[0], "--client-id", &ids[1]];
        let args = [
            &["rotate", action, "--yes", "--jobs", "1", "--json"][..],
            &both[..],
        ]
        .concat();
        let from = |dir: &Path| {
            let mut args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
            if action == "complete" {
                args.extend(["--secret-dir".into(), dir.display().to_string()]);
            }
            args
        };
        let out = h.cmd().args(from(&first)).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{action}: {}", stderr(&out));
        let got = results(&ndjson(&out).0);
        assert_eq!(
            (got[&ids[0]].as_str(), got[&ids[1]].as_str()),
            ("ok", "skipped"),
            "{action}"
        );
        // A read of the client that fails is not "nothing pending".
        start_into(&h, &second, &[&ids[0]]);
        delivered.dir(&second);
        h.inject(
            Route::GetClient,
            FaultKind::Status {
                status: 404,
                commit: false,
            },
        );
        let out = h.cmd().args(from(&second)).output().unwrap();
        assert_eq!(out.status.code(), Some(11), "{action}: {}", stderr(&out));
        let (lines, _) = ndjson(&out);
        let failed: Vec<&Value> = lines.iter().filter(|l| l["result"] == "failed").collect();
        assert_eq!(failed.len(), 1, "{action}: {lines:?}");
        assert_eq!(failed[0]["action"], action, "{action}: {lines:?}");
        // Run again, it finishes the client the failed read left.
        let out = h.cmd().args(from(&second)).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{action}: {}", stderr(&out));
    }
    assert_fleet(&h, &ledger, "given by id", &delivered, Mints::Must, None);
}

/// A rotation `rotate start` printed on stdout: a fleet complete finds nothing here that holds
/// the secret, says so, and the command it gives completes it as printed with the secret that
/// stdout gave to whoever kept it.
#[test]
fn a_fleet_complete_of_a_secret_printed_on_stdout_says_so_and_its_step_works() {
    let (h, ids) = fleet(1);
    let ledger = MintLedger::open(&h.mock);
    let out = run(&h, &["rotate", "start", "--client-id", &ids[0]]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let kept = stdout(&out);
    let mut delivered = Delivered::default();
    delivered.add("stdout", kept.trim().to_owned());
    let out = run(
        &h,
        &[
            "rotate",
            "complete",
            "--client-id",
            &ids[0],
            "--client-id",
            &ids[1],
            "--yes",
        ],
    );
    assert_eq!(out.status.code(), Some(11), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("was written to stdout when the rotation started"),
        "{err}"
    );
    let (_, printed) = err.split_once("complete it on its own").expect(&err);
    let start = printed.find('`').unwrap() + 1;
    let words = shell_words(&printed[start..start + printed[start..].find('`').unwrap()]);
    let out = h
        .cmd()
        .args(&words[1..])
        .write_stdin(kept)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{words:?}: {}", stderr(&out));
    assert_fleet(
        &h,
        &ledger,
        "printed on stdout",
        &delivered,
        Mints::Must,
        None,
    );
}

/// A fleet complete that proved each secret from `--secret-dir` and got no answer prints a
/// complete that proves it from the same file, and that command works as printed.
#[test]
fn a_fleet_complete_with_no_answer_prints_a_complete_that_proves_the_same_file() {
    let (h, ids) = fleet(0);
    let ledger = MintLedger::open(&h.mock);
    let dir = h.path("secrets");
    start_into(&h, &dir, &[&ids[0]]);
    h.inject(Route::Rotate, FaultKind::Drop { commit: false });
    let dir_arg = dir.to_str().unwrap();
    let out = run(
        &h,
        &[
            "rotate",
            "complete",
            "--all",
            "--yes",
            "--secret-dir",
            dir_arg,
        ],
    );
    assert_eq!(out.status.code(), Some(11), "{}", stderr(&out));
    let steps = printed_recovery(&stderr(&out));
    let by_hand = steps
        .iter()
        .find(|s| s.verb() == "complete")
        .expect("a complete step");
    let file = dir.join(&ids[0]);
    let at = by_hand
        .args
        .iter()
        .position(|a| a == "--next-secret-file")
        .expect("the file it proved");
    assert_eq!(by_hand.args[at + 1], file.to_str().unwrap(), "{by_hand:?}");
    let ran = run_recovery(
        "fleet complete from a secret dir, no answer",
        &steps,
        |args| h.cmd().args(args).output().unwrap(),
        &mut Delivered::default(),
    );
    assert!(ran.iter().any(|(args, _)| args[1] == "complete"), "{ran:?}");
    assert!(nothing_pending(&h));
    assert_fleet(
        &h,
        &ledger,
        "no answer, secret dir",
        &held_in(&dir),
        Mints::Must,
        None,
    );
}

/// The command printed to run again with `--yes` repeats this command line: given
/// `--no-journal`, it keeps it once, and it runs as printed (a second `--no-journal` carried in
/// after the subcommand was a usage error). A command line that read stdin says it needs the same
/// input again.
#[test]
fn the_yes_command_of_a_fleet_without_a_journal_runs_as_printed() {
    let (h, ids) = fleet(2);
    let dir = h.path("pending");
    start_into(&h, &dir, &[ids[0].as_str()]);
    let args = ["rotate", "cancel", "--all", "--no-journal", "--json"];
    let out = run(&h, &args);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let words = printed_yes_command(&stderr(&out));
    let count = words.iter().filter(|w| *w == "--no-journal").count();
    assert_eq!(count, 1, "{words:?}");
    let out = run_printed(&h, &words);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        h.mock.state().client(&ids[0]).unwrap().next_client_secret,
        None
    );

    let out = h
        .cmd()
        .args(["rotate", "cancel", "--clients-from", "-", "--json"])
        .write_stdin(format!("{}\n", ids[1]))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("give it the same standard input"),
        "{}",
        stderr(&out)
    );
}

/// Without a terminal, a fleet refuses a base URL with a password before it prints the command
/// to run again: the password is never shown.
#[test]
fn a_refused_base_url_is_never_repeated_in_the_yes_command() {
    let (h, _) = fleet(1);
    let dir = h.path("secrets");
    for action in ["complete", "cancel", "run"] {
        let mut args = vec!["rotate", action, "--all"];
        if action == "run" {
            args.extend(["--deploy", "true", "--secret-dir", dir.to_str().unwrap()]);
        }
        args.extend(["--base-url", "https://someone:hunter2@example.com"]);
        let out = run(&h, &args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{action}: {err}");
        assert!(!err.contains("hunter2"), "{action}: {err}");
        assert!(
            err.contains("must not contain a user name or password"),
            "{action}: {err}"
        );
    }
}
