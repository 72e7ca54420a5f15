//! `clients create` against the local Stytch with the real binary: each custody (keyring, a new
//! file, stdout), the answer lost both ways (created: deleted; not created: nothing), a secret
//! that cannot be kept (the client is deleted), the journal, `--record`, `--json`, and
//! `clients delete`.

mod common;

use std::process::Output;

use common::*;
use serde_json::{json, Value};

const NAME: &str = "orders-api";

/// `clients create --name orders-api --scope read:orders --scope write:orders` plus `extra`.
fn create(h: &Harness, extra: &[&str]) -> Output {
    h.cmd()
        .args([
            "clients",
            "create",
            "--name",
            NAME,
            "--scope",
            "read:orders",
            "--scope",
            "write:orders",
        ])
        .args(extra)
        .output()
        .unwrap()
}

/// The clients the local Stytch holds besides the harness's own.
fn created(h: &Harness) -> Vec<ClientRecord> {
    h.mock
        .state()
        .clients()
        .into_iter()
        .filter(|c| c.client_id != CLIENT_ID)
        .collect()
}

/// The secrets the local Stytch made in answer to a create.
fn created_secrets(h: &Harness) -> Vec<(String, String)> {
    h.mock
        .state()
        .minted_secrets()
        .into_iter()
        .filter(|m| m.route == Some(Route::CreateClient))
        .map(|m| (m.client_id, m.secret))
        .collect()
}

fn routes(h: &Harness) -> Vec<Route> {
    h.requests().iter().map(|r| r.route).collect()
}

/// The one JSON object of a `--json` error on stderr.
fn json_error(out: &Output) -> Value {
    stderr(out)
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .find(|v| v.get("error").is_some())
        .unwrap_or_else(|| panic!("no JSON error: {}", stderr(out)))
}

/// `(action, phase)` of each journal entry about `client`.
fn journaled(h: &Harness, client: &str) -> Vec<(String, String)> {
    h.journal()
        .iter()
        .filter(|e| e["client_id"] == client)
        .map(|e| {
            (
                e["action"].as_str().unwrap().to_owned(),
                e["phase"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, p)| ((*a).to_owned(), (*p).to_owned()))
        .collect()
}

#[test]
fn keyring_custody_stores_the_secret_prints_the_id_and_a_token_follows() {
    require_session_keyring();
    let h = Harness::new();
    let out = create(&h, &["--keyring", "--description", "the orders service"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let [c] = &created(&h)[..] else {
        panic!("one client created: {:?}", created(&h))
    };
    assert_eq!(stdout(&out), format!("{}\n", c.client_id), "the id, only");
    assert!(
        c.client_id.starts_with("m2m-client-test-") && c.client_id.len() == 52,
        "an id in Stytch's format: {}",
        c.client_id
    );
    assert_eq!(
        (c.client_name.as_str(), c.client_description.as_str()),
        (NAME, "the orders service")
    );
    assert_eq!(c.scopes, ["read:orders", "write:orders"]);
    let user = format!("{}/{}", h.project_id, c.client_id);
    assert_eq!(
        secret_tool_lookup(&user).as_deref(),
        Some(c.client_secret.as_str())
    );
    // The id was read (absent) before the create, and the new secret proved after it.
    assert_eq!(
        routes(&h),
        [Route::GetClient, Route::CreateClient, Route::Token]
    );
    let token = h.requests().into_iter().find(|r| r.route == Route::Token);
    assert_eq!(token.unwrap().secret_presented.as_deref(), Some("current"));
    let err = stderr(&out);
    assert!(err.contains(&format!("username={user}")), "{err}");
    assert!(err.contains("Verified: it gets an access token"), "{err}");
    assert!(!err.contains(&c.client_secret), "last four only: {err}");
    // The printed next step works as printed: a token from the keyring's entry.
    let got = h
        .cmd()
        .args(["token", "--client-id", &c.client_id])
        .output()
        .unwrap();
    assert_eq!(got.status.code(), Some(0), "{}", stderr(&got));
    h.cmd()
        .args(["secret", "delete", "--client-id", &c.client_id, "--yes"])
        .assert()
        .code(0);
}

#[test]
fn file_custody_writes_a_new_0600_file_and_json_names_it() {
    let h = Harness::new();
    let path = h.path("orders-secret");
    let out = create(&h, &["--secret-file", path.to_str().unwrap(), "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let [c] = &created(&h)[..] else { panic!() };
    assert_eq!(std::fs::read_to_string(&path).unwrap(), c.client_secret);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    let text = stdout(&out);
    assert_eq!(text.lines().count(), 1, "one JSON object: {text}");
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["client_id"], c.client_id.as_str());
    assert_eq!(v["name"], NAME);
    assert_eq!(
        v["scopes"],
        serde_json::json!(["read:orders", "write:orders"])
    );
    assert_eq!(v["secret_last_four"], &c.client_secret[40..]);
    assert_eq!(v["custody"], "file");
    assert_eq!(
        v["secret_stored_in"]["file"],
        path.display().to_string().as_str()
    );
    assert!(v["request_id"].as_str().unwrap().starts_with("request-id-"));
    assert!(!text.contains(&c.client_secret), "{text}");
    assert!(!stderr(&out).contains(&c.client_secret));
}

#[test]
fn secret_dir_custody_names_the_file_after_the_new_client() {
    let h = Harness::new();
    let dir = h.path("secrets");
    let out = create(&h, &["--secret-dir", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let [c] = &created(&h)[..] else { panic!() };
    assert_eq!(stdout(&out), format!("{}\n", c.client_id));
    let path = dir.join(&c.client_id);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), c.client_secret);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!((mode(&dir), mode(&path)), (0o700, 0o600));
    }
    // The printed next step works as printed.
    let verified = h
        .cmd()
        .args([
            "secret",
            "verify",
            "--client-id",
            &c.client_id,
            "--from-file",
        ])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(verified.status.code(), Some(0), "{}", stderr(&verified));
    assert!(stderr(&out).contains(&format!("--from-file {}", path.display())));
}

#[test]
fn stdout_custody_prints_only_the_secret_and_the_id_on_stderr() {
    let h = Harness::new();
    let out = create(&h, &["--quiet"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let [c] = &created(&h)[..] else { panic!() };
    assert_eq!(stdout(&out), format!("{}\n", c.client_secret));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("client id: {}", c.client_id)),
        "the id on stderr, even under --quiet: {err}"
    );
    assert!(!err.contains(&c.client_secret));

    // --json: one object on stdout, the secret in it beside the id.
    let out = create(&h, &["--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let id = v["client_id"].as_str().unwrap();
    let c = h.mock.state().client(id).unwrap();
    assert_eq!(v["client_secret"], c.client_secret.as_str());
    assert_eq!(v["custody"], "stdout");
    assert!(v.get("secret_stored_in").is_none());
}

#[test]
fn an_answer_lost_after_the_create_deletes_the_client_nobody_holds() {
    let h = Harness::new();
    h.inject(Route::CreateClient, FaultKind::Drop { commit: true });
    let path = h.path("s");
    let out = create(
        &h,
        &[
            "--secret-file",
            path.to_str().unwrap(),
            "--timeout",
            "2",
            "--json",
        ],
    );
    assert_eq!(out.status.code(), Some(7), "{}", stderr(&out));
    let e = json_error(&out);
    assert_eq!(e["error"], "unreceived_client_deleted", "{e}");
    let [(id, secret)] = &created_secrets(&h)[..] else {
        panic!("the local Stytch created one client")
    };
    assert!(created(&h).is_empty(), "it was deleted");
    assert!(!h.mock.state().secret_is_valid(id, secret));
    let deletes: Vec<_> = h
        .requests()
        .into_iter()
        .filter(|r| r.route == Route::DeleteClient)
        .collect();
    assert_eq!(deletes.len(), 1);
    assert_eq!(deletes[0].client_id.as_deref(), Some(id.as_str()));
    assert!(!path.exists(), "no empty secret file is left");
    assert!(
        e["message"].as_str().unwrap().contains("was deleted"),
        "{e}"
    );
    assert_eq!(
        journaled(&h, id),
        pairs(&[
            ("create", "intent"),
            ("create", "unknown"),
            ("delete", "intent"),
            ("delete", "ok")
        ])
    );
    let why = h
        .journal()
        .into_iter()
        .find(|e| e["action"] == "delete")
        .map(|e| e["detail"].clone());
    assert_eq!(
        why,
        Some("deleted a client whose secret this process never received".into())
    );
}

#[test]
fn an_answer_lost_before_the_create_leaves_nothing_and_says_so() {
    let h = Harness::new();
    h.inject(Route::CreateClient, FaultKind::Drop { commit: false });
    let out = create(&h, &["--timeout", "1"]);
    assert_eq!(out.status.code(), Some(7), "{}", stderr(&out));
    assert!(created_secrets(&h).is_empty());
    assert_eq!(h.requests_to(Route::DeleteClient), 0, "nothing to delete");
    assert!(h.requests_to(Route::GetClient) >= 2, "watched for it");
    let err = stderr(&out);
    assert!(err.contains("most likely it was not created"), "{err}");
    assert_eq!(stdout(&out), "");
    // The printed steps work as printed: the client is not there.
    let steps = printed_recovery(&err);
    assert_eq!(steps.len(), 1, "{err}");
    assert_eq!(steps[0].args[..2], ["clients", "delete"]);
    // Run as printed: the client is not there (exit 4, said so), and nothing is deleted.
    let looked = h.cmd().args(&steps[0].args).output().unwrap();
    assert_eq!(looked.status.code(), Some(4), "{}", stderr(&looked));
    assert!(
        stderr(&looked).contains("no M2M client"),
        "{}",
        stderr(&looked)
    );
    assert_eq!(h.requests_to(Route::DeleteClient), 0);
}

#[test]
fn stytchs_own_500_is_settled_by_one_read_both_ways() {
    let h = Harness::new();
    let fault = |commit| FaultKind::Status {
        status: 500,
        commit,
    };
    // Not committed: one read says so, and running it again is safe.
    h.inject(Route::CreateClient, fault(false));
    let out = create(&h, &[]);
    assert_eq!(out.status.code(), Some(6), "{}", stderr(&out));
    assert!(stderr(&out).contains("so it was not created"));
    assert!(created_secrets(&h).is_empty());
    // Committed: the client is found and deleted.
    h.inject(Route::CreateClient, fault(true));
    let out = create(&h, &[]);
    assert_eq!(out.status.code(), Some(7), "{}", stderr(&out));
    assert_eq!(created_secrets(&h).len(), 1);
    assert!(created(&h).is_empty());
    assert_eq!(stdout(&out), "", "no secret was received");
}

#[test]
fn a_create_committed_after_its_caller_gave_up_is_found_and_deleted() {
    let h = Harness::new();
    // Stytch commits 2.5 s after the request arrived; the caller gives up after 2 s, then
    // watches for 2 s more.
    h.inject(Route::CreateClient, FaultKind::LateCommit { ms: 2500 });
    let out = create(&h, &["--timeout", "2"]);
    assert_eq!(out.status.code(), Some(7), "{}", stderr(&out));
    let [(id, _)] = &created_secrets(&h)[..] else {
        panic!("it was created after all")
    };
    assert!(created(&h).is_empty(), "and deleted: {}", stderr(&out));
    assert!(stderr(&out).contains("was deleted"));
    // The id was named before the request went, so a kill at any point leaves it on screen.
    let err = stderr(&out);
    let named = err.find(&format!("creating client {id}")).expect(&err);
    assert!(
        named < err.find("watching for client").expect(&err),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn a_secret_that_cannot_be_kept_deletes_the_client() {
    let h = Harness::new();
    // stdout is a full disk.
    let out = h
        .std_cmd()
        .args(["clients", "create", "--name", NAME, "--scope", "a"])
        .stdout(dev_full())
        .stderr(std::process::Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(8), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("could not be kept"), "{err}");
    assert!(err.contains("the client was deleted"), "{err}");
    let [(id, _)] = &created_secrets(&h)[..] else {
        panic!()
    };
    assert!(created(&h).is_empty());
    assert_eq!(
        journaled(&h, id),
        pairs(&[
            ("create", "intent"),
            ("create", "failed"),
            ("delete", "intent"),
            ("delete", "ok")
        ])
    );

    // The secret file is replaced while the create is in flight: the read-back fails.
    let path = h.path("kept");
    h.hold(Route::CreateClient);
    let mut cmd = h.std_cmd();
    let child = cmd
        .args([
            "clients", "create", "--name", NAME, "--scope", "a", "--json",
        ])
        .args(["--secret-file", path.to_str().unwrap()])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    h.wait_held();
    std::fs::remove_file(&path).unwrap();
    std::fs::write(&path, "not the secret").unwrap();
    h.release();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(8), "{}", stderr(&out));
    let e = json_error(&out);
    assert_eq!(e["error"], "created_client_deleted", "{e}");
    assert_eq!(e["cause"], "secret_file_mismatch", "{e}");
    assert_eq!(created_secrets(&h).len(), 2);
    assert!(created(&h).is_empty());
    assert_eq!(stdout(&out), "");
}

#[test]
fn a_keyring_that_locks_after_pre_flight_deletes_the_client() {
    let h = Harness::new();
    let keyring = PrivateKeyring::start();
    h.hold(Route::CreateClient);
    let mut cmd = h.std_cmd();
    keyring.env(&mut cmd);
    let child = cmd
        .args([
            "clients",
            "create",
            "--name",
            NAME,
            "--scope",
            "a",
            "--keyring",
        ])
        .args(["--keyring-timeout", "5"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    h.wait_held();
    keyring.lock();
    h.release();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(8), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("the client was deleted"),
        "{}",
        stderr(&out)
    );
    assert_eq!(created_secrets(&h).len(), 1);
    assert!(created(&h).is_empty());
    assert_eq!(stdout(&out), "", "the secret is never printed instead");
}

#[test]
fn the_journal_and_history_show_create_and_verify_with_last_fours_only() {
    let h = Harness::new();
    let path = h.path("s");
    let out = create(&h, &["--secret-file", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let [c] = &created(&h)[..] else { panic!() };
    let four = &c.client_secret[40..];
    assert_eq!(
        journaled(&h, &c.client_id),
        pairs(&[
            ("create", "intent"),
            ("create", "ok"),
            ("verify", "intent"),
            ("verify", "ok")
        ])
    );
    let entries = h.journal();
    let ok = entries
        .iter()
        .find(|e| e["action"] == "create" && e["phase"] == "ok")
        .unwrap();
    assert_eq!(ok["secret_last_four"], four);
    for verify in entries.iter().filter(|e| e["action"] == "verify") {
        assert_eq!(verify["secret_last_four"], four, "{verify}");
    }
    assert_eq!(ok["command"], "clients create");
    assert_eq!(
        ok["destination"],
        format!("file:{}", path.display()).as_str()
    );
    assert!(ok["request_id"]
        .as_str()
        .unwrap()
        .starts_with("request-id-"));
    // `history` renders them. (Harness's drop checks no secret is in the journal.)
    let shown = h
        .cmd()
        .args(["history", "--client-id", &c.client_id])
        .output()
        .unwrap();
    let table = stdout(&shown);
    let create_ok = table
        .lines()
        .find(|l| l.contains("create") && l.contains(" ok "))
        .unwrap_or_else(|| panic!("{table}"));
    assert!(create_ok.contains(&format!("…{four}")), "{table}");
    assert!(table.lines().any(|l| l.contains("verify")), "{table}");
}

#[test]
fn record_gives_the_new_client_its_record_and_list_shows_its_day() {
    let h = Harness::new();
    let out = create(&h, &["--record", "--quiet"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let [c] = &created(&h)[..] else { panic!() };
    let r = &c.trusted_metadata["stytch_m2m"];
    assert_eq!(r["state"], "idle", "{r}");
    assert_eq!(r["step"], "create", "{r}");
    assert_eq!(r["custody"], "stdout", "{r}");
    let day = r["last_rotated_at"].as_str().unwrap()[..10].to_owned();
    assert!(r.get("lease_until").is_none(), "{r}");
    assert_eq!(
        h.requests()
            .iter()
            .find(|q| q.route == Route::CreateClient)
            .unwrap()
            .metadata_keys
            .as_deref(),
        Some(&["stytch_m2m".to_owned(), "stytch_m2m_created_by".to_owned()][..]),
        "in the create request itself, beside the run's mark"
    );
    let listed = h
        .cmd()
        .args(["clients", "list", "--client-id", &c.client_id])
        .output()
        .unwrap();
    assert!(stdout(&listed).contains(&day), "{}", stdout(&listed));
}

#[test]
fn a_profiles_record_setting_applies_and_no_record_overrides_it() {
    let h = Harness::new();
    // Without the setting or --record: no record.
    let out = create(&h, &["--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let made = h
        .mock
        .state()
        .client(v["client_id"].as_str().unwrap())
        .unwrap();
    assert!(made.trusted_metadata["stytch_m2m"].is_null(), "{v}");
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
    let record_of = |extra: &[&str]| {
        let out = create(&h, extra);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
        let id = v["client_id"].as_str().unwrap();
        h.mock.state().client(id).unwrap().trusted_metadata["stytch_m2m"].clone()
    };
    assert_eq!(record_of(&["--json"])["state"], "idle");
    assert!(record_of(&["--json", "--no-record"]).is_null());

    // The record and the JSON name the custody the secret went to, and where; without --json,
    // the token command it prints runs as printed (the secret on stdin where it reads it there).
    require_session_keyring();
    for (n, custody) in ["stdout", "file", "keyring"].into_iter().enumerate() {
        let file = h.path(&format!("new-secret-{n}"));
        let extra = match custody {
            "file" => vec!["--secret-file", file.to_str().unwrap()],
            "keyring" => vec!["--keyring"],
            _ => vec![],
        };
        let out = create(&h, &[&["--json"][..], &extra].concat());
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(0), "{err}");
        assert!(!err.contains("client id:"), "the id is in the JSON: {err}");
        let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
        let id = v["client_id"].as_str().unwrap();
        let record = &h.mock.state().client(id).unwrap().trusted_metadata["stytch_m2m"];
        assert_eq!(
            (&v["custody"], &record["custody"]),
            (&custody.into(), &custody.into())
        );
        let stored = match custody {
            "file" => json!({ "file": file.display().to_string() }),
            "keyring" => json!({ "keyring": {
                "service": "stytch-m2m",
                "username": format!("{}/{id}", h.project_id),
            } }),
            _ => Value::Null,
        };
        assert_eq!(v["secret_stored_in"], stored, "{v}");

        let _ = std::fs::remove_file(&file);
        let out = create(&h, &extra);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(0), "{err}");
        let (_, get) = err.split_once("Get one with:\n  ").expect(&err);
        let get = shell_words(get.lines().next().unwrap());
        let out = h
            .cmd()
            .args(&get[1..])
            .write_stdin(stdout(&out))
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{custody}: {get:?}: {}",
            stderr(&out)
        );
        assert!(!stdout(&out).is_empty(), "{custody}: a token");
    }
}

#[test]
fn an_id_that_exists_or_bad_flags_send_nothing_that_changes() {
    let h = Harness::new();
    let out = create(&h, &["--client-id", CLIENT_ID, "--json"]);
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    assert_eq!(json_error(&out)["error"], "client_exists");
    assert_eq!(routes(&h), [Route::GetClient], "only read");

    let out = create(&h, &["--scope", "read users"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("nothing was sent"),
        "{}",
        stderr(&out)
    );
    assert_eq!(routes(&h), [Route::GetClient]);

    // An id of the user's own is used as given.
    let own = "m2m-client-test-00000000-0000-4000-8000-0000000000aa";
    let out = create(&h, &["--client-id", own, "--quiet"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        format!("{}\n", h.mock.state().client(own).unwrap().client_secret)
    );
}

#[test]
fn a_secret_that_is_slow_to_work_is_retried_and_one_that_never_does_is_exit_9() {
    let h = Harness::new();
    let refused = FaultKind::Status {
        status: 401,
        commit: false,
    };
    h.inject_times(Route::Token, refused.clone(), 2);
    let out = create(&h, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(h.requests_to(Route::Token), 3);

    // Never: the client stays (its secret is kept), the command says how to try again, for
    // the file and for stdout; once tokens work, the step runs as printed (the secret on its
    // stdin where it reads it there).
    let path = h.path("s");
    for (custody, from) in [
        (
            &["--secret-file", path.to_str().unwrap()][..],
            "--from-file",
        ),
        (&[][..], "--from-stdin"),
    ] {
        h.inject_times(Route::Token, refused.clone(), 1000);
        let out = create(&h, custody);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(9), "{err}");
        assert!(err.contains("did not get a token within 10 s"), "{err}");
        assert!(
            !stdout(&out).is_empty(),
            "the id or secret is printed all the same"
        );
        let (_, step) = err.split_once("try it again with `").expect(&err);
        let step = shell_words(step.split_once('`').unwrap().0);
        assert_eq!(step[..3], ["stytch-m2m", "secret", "verify"], "{err}");
        assert!(step.iter().any(|a| a == from), "{from}: {err}");
        h.mock.state().clear_faults();
        let out = h
            .cmd()
            .args(&step[1..])
            .write_stdin(stdout(&out))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "as printed: {}", stderr(&out));
    }
    assert_eq!(created(&h).len(), 3, "kept");
}

#[test]
fn clients_delete_asks_then_deletes_and_journals() {
    let h = Harness::new();
    // Without a terminal and without --yes: refused, nothing sent.
    let out = h
        .cmd()
        .args(["clients", "delete", "--client-id", CLIENT_ID])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(h.requests().is_empty());
    let out = h
        .cmd()
        .args(["clients", "delete", "--client-id", CLIENT_ID, "--yes"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(h.mock.state().client(CLIENT_ID).is_none());
    assert_eq!(
        journaled(&h, CLIENT_ID),
        pairs(&[("delete", "intent"), ("delete", "ok")])
    );
    // Gone: exit 4, nothing sent but the read.
    let out = h
        .cmd()
        .args(["clients", "delete", "--client-id", CLIENT_ID, "--yes"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert_eq!(h.requests_to(Route::DeleteClient), 1);
}

#[cfg(unix)]
#[test]
fn ctrl_c_during_the_create_still_deletes_a_client_it_made() {
    let h = Harness::new();
    h.hold(Route::CreateClient);
    let child = spawn_create(&h, &["--json"]);
    h.wait_held();
    let sent = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    // Stytch goes on with the request the caller gave up on, and commits it.
    wait_until("the binary to watch for the client", || {
        h.requests_to(Route::GetClient) >= 2
    });
    h.release();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130), "{}", stderr(&out));
    assert_eq!(created_secrets(&h).len(), 1, "created after the signal");
    assert!(created(&h).is_empty(), "and deleted: {}", stderr(&out));
    let e = json_error(&out);
    assert_eq!(e["error"], "interrupted", "{e}");
    assert!(
        e["message"].as_str().unwrap().contains("was deleted"),
        "{e}"
    );
    assert_eq!(stdout(&out), "");
}

#[test]
fn a_crash_hands_over_the_secret_or_names_the_create_in_flight() {
    let h = Harness::new();
    // While the secret is being written to its file: the hook prints it (exit 8).
    let path = h.path("s");
    let out = create_with_panic(&h, "file-write", &["--secret-file", path.to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(8), "{err}");
    let [c] = &created(&h)[..] else {
        panic!("{err}")
    };
    assert_eq!(stdout(&out), format!("{}\n", c.client_secret));
    assert!(
        err.contains(&format!("it is the secret of client {}", c.client_id)),
        "{err}"
    );
    assert!(!err.contains(&c.client_secret));

    // With the create about to be sent: the hook names it and the steps that find out (exit 7).
    let out = create_with_panic(&h, "create-in-flight", &[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(7), "{err}");
    assert_eq!(stdout(&out), "");
    let id = h
        .journal()
        .iter()
        .rev()
        .find(|e| e["action"] == "create")
        .map(|e| e["client_id"].as_str().unwrap().to_owned())
        .unwrap();
    let step = format!("stytch-m2m clients delete --client-id {id} --yes");
    assert!(err.contains(&step), "{step}: {err}");
    // The panic came before the request was sent: the printed step, run as printed, says so.
    let delete = h
        .cmd()
        .args(shell_words(&step)[1..].iter())
        .output()
        .unwrap();
    assert_eq!(delete.status.code(), Some(4), "{}", stderr(&delete));
    assert!(
        stderr(&delete).contains("no M2M client"),
        "{}",
        stderr(&delete)
    );
}

fn create_with_panic(h: &Harness, point: &str, extra: &[&str]) -> Output {
    h.cmd()
        .env("STYTCH_M2M_TEST_PANIC", point)
        .args(["clients", "create", "--name", NAME, "--scope", "a"])
        .args(extra)
        .output()
        .unwrap()
}

#[cfg(unix)]
#[test]
fn stdout_at_a_terminal_is_warned_about_before_the_secret_shows() {
    let h = Harness::new();
    let line = format!("{} clients create --name {NAME} --scope a", bin().display());
    let (code, screen) = in_terminal(&h, &line, &[], "");
    assert_eq!(code, 0, "{screen}");
    let [c] = &created(&h)[..] else {
        panic!("{screen}")
    };
    let warning = screen.find("scrollback").expect("scrollback warning");
    let shown = screen
        .find(&c.client_secret)
        .expect("the secret is shown once");
    assert!(warning < shown, "the warning comes first: {screen}");
    assert_eq!(screen.matches(&c.client_secret).count(), 1);
    // Into a pipe: no warning.
    assert!(!stderr(&create(&h, &[])).contains("scrollback"));
}

/// The client was made and its secret kept; only printing the result failed (stdout is a full
/// disk): the error says which client and where its secret is, and nothing is deleted.
#[test]
fn a_report_that_cannot_be_printed_still_names_the_client_and_its_secret() {
    let h = Harness::new();
    let path = h.path("kept");
    let out = h
        .std_cmd()
        .args([
            "clients",
            "create",
            "--name",
            NAME,
            "--scope",
            "a",
            "--secret-file",
        ])
        .arg(&path)
        .stdout(dev_full())
        .stderr(std::process::Stdio::piped())
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(0));
    let err = stderr(&out);
    let [(id, secret)] = &created_secrets(&h)[..] else {
        panic!("one client created: {err}")
    };
    assert_eq!(created(&h).len(), 1, "kept, not deleted: {err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), *secret);
    assert!(
        err.contains(&format!("the client {id} was created and its secret kept")),
        "{err}"
    );
    assert!(err.contains(path.to_str().unwrap()), "{err}");
    assert!(!err.contains(secret.as_str()));
}

/// With `--client-id`, the read that must find no such client fails: nothing is created (a
/// client found later could not be told from one that was there before).
#[test]
fn a_failed_read_before_a_create_with_a_chosen_id_creates_nothing() {
    let h = Harness::new();
    // Reads are retried: every one fails.
    let failing = FaultKind::Status {
        status: 500,
        commit: false,
    };
    h.inject_times(Route::GetClient, failing, 1000);
    let out = create(&h, &["--client-id", "m2m-client-test-unread"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(6), "{err}");
    assert!(
        routes(&h).iter().all(|r| *r == Route::GetClient),
        "only read: {err}"
    );
    assert!(h.mock.state().client("m2m-client-test-unread").is_none());
}

/// With `--client-id`, another run makes the same id after this run's read found none and
/// before its create arrives: Stytch refuses the create (`m2m_client_id_already_exists`), which
/// is said as such (exit 5, `client_exists`): nothing was created, the other client untouched.
#[test]
fn an_id_made_between_the_read_and_the_create_is_refused_as_existing() {
    let h = Harness::new();
    let theirs = "m2m-client-test-made-in-between";
    h.hold(Route::CreateClient);
    let child = spawn_create(&h, &["--client-id", theirs, "--json"]);
    wait_until("the create held", || h.mock.state().held_at_barriers() >= 1);
    h.mock.add_client(theirs);
    let before = h.mock.state().client(theirs).unwrap().client_secret;
    h.release();
    let out = child.wait_with_output().unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(5), "{err}");
    assert_eq!(json_error(&out)["error"], "client_exists", "{err}");
    assert!(err.contains("nothing was created"), "{err}");
    assert_eq!(h.requests_to(Route::DeleteClient), 0, "{err}");
    assert_eq!(h.mock.state().client(theirs).unwrap().client_secret, before);
}

/// With `--client-id`, another run can make the same id while this run's create has no answer:
/// the client found then does not carry this run's mark, so it is left alone (never deleted),
/// and the error says why.
#[test]
fn a_client_another_run_made_under_the_same_id_is_never_deleted() {
    let h = Harness::new();
    let theirs = "m2m-client-test-chosen-by-two";
    h.inject(Route::CreateClient, FaultKind::Drop { commit: false });
    let child = spawn_create(&h, &["--client-id", theirs, "--timeout", "3"]);
    h.wait_for(Route::CreateClient);
    h.mock.add_client(theirs);
    // Made by another run of stytch-m2m: it carries that run's mark, not this one's.
    h.mock.state().set_metadata(
        theirs,
        serde_json::json!({ "stytch_m2m_created_by": "0123456789abcdef" }),
    );
    let out = child.wait_with_output().unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(7), "{err}");
    assert!(err.contains("it was left alone"), "{err}");
    assert_eq!(h.requests_to(Route::DeleteClient), 0, "{err}");
    assert!(h.mock.state().client(theirs).is_some());
    // The check it points at runs as printed and shows that client.
    let (_, check) = err.split_once("check who made it (`").expect(&err);
    let check = shell_words(check.split_once('`').unwrap().0);
    let out = h.cmd().args(&check[1..]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{check:?}: {}", stderr(&out));
    assert!(stdout(&out).contains(theirs), "{}", stdout(&out));
}

/// A client another run is rotating (its lease live in the record on the client) is not
/// deleted from under it: exit 5, nothing sent but the read; once the lease has run out, it is.
#[test]
fn clients_delete_leaves_a_client_another_run_is_rotating() {
    let h = Harness::new();
    start_to_a_file(&h, &["--record"]);
    let lease = |until: &str| {
        let mut meta = h.mock.state().client(CLIENT_ID).unwrap().trusted_metadata;
        meta["stytch_m2m"]["run_id"] = "ffffffffffffffff".into();
        meta["stytch_m2m"]["lease_until"] = until.into();
        h.mock.state().set_metadata(CLIENT_ID, meta);
    };
    lease("2999-01-01T00:00:00Z");
    let delete = || {
        h.cmd()
            .args(["clients", "delete", "--client-id", CLIENT_ID, "--yes"])
            .output()
            .unwrap()
    };
    let out = delete();
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("another run rotating it"),
        "{}",
        stderr(&out)
    );
    assert_eq!(h.requests_to(Route::DeleteClient), 0);
    assert!(h.mock.state().client(CLIENT_ID).is_some());
    lease("2001-01-01T00:00:00Z");
    let out = delete();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(h.mock.state().client(CLIENT_ID).is_none());
}

/// A delete whose answer never comes prints itself as the one step (it reads the client first),
/// which works as printed; the journal's delete entries carry the client's last fours.
#[test]
fn a_delete_with_no_answer_prints_itself_and_journals_the_last_fours() {
    let h = Harness::new();
    start_to_a_file(&h, &[]);
    let c = h.mock.state().client(CLIENT_ID).unwrap();
    let four = |s: &str| s[s.len() - 4..].to_owned();
    let (current, next) = (
        four(&c.client_secret),
        four(c.next_client_secret.as_deref().unwrap()),
    );
    h.inject(Route::DeleteClient, FaultKind::Drop { commit: false });
    let delete = ["clients", "delete", "--client-id", CLIENT_ID, "--yes"];
    let out = h.cmd().args(delete).output().unwrap();
    assert_ne!(out.status.code(), Some(0), "{}", stderr(&out));
    let steps = printed_recovery(&stderr(&out));
    assert_eq!(steps.len(), 1, "{}", stderr(&out));
    assert_eq!(steps[0].args, delete, "{}", stderr(&out));
    let again = h.cmd().args(&steps[0].args).output().unwrap();
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert!(h.mock.state().client(CLIENT_ID).is_none());
    let deletes: Vec<_> = h
        .journal()
        .into_iter()
        .filter(|e| e["action"] == "delete")
        .collect();
    assert_eq!(deletes.len(), 4, "two intents, two outcomes: {deletes:?}");
    for e in &deletes {
        assert_eq!(e["secret_last_four"], current.as_str(), "{e}");
        assert_eq!(e["next_secret_last_four"], next.as_str(), "{e}");
    }
}

/// An answer that names another client than the one asked for is no answer about this request:
/// its secret is kept nowhere, the client it names (here one that exists) is never touched, and
/// the asked id is settled as after a lost answer: Stytch made it (with this run's mark), so it
/// is deleted, exit 7.
#[test]
fn an_answer_naming_another_client_touches_it_not_and_settles_the_asked_id() {
    let h = Harness::new();
    let other = "m2m-client-test-not-asked-for";
    h.mock.add_client(other);
    let secret = "a".repeat(40) + "wxyz";
    let body = json!({
        "status_code": 200,
        "request_id": "request-id-test-other",
        "m2m_client": {
            "client_id": other,
            "client_name": NAME,
            "client_description": "",
            "status": "active",
            "scopes": ["a"],
            "client_secret_last_four": "wxyz",
            "next_client_secret_last_four": null,
            "trusted_metadata": {},
            "client_secret": secret,
        }
    });
    h.inject(
        Route::CreateClient,
        FaultKind::Body {
            status: 200,
            content_type: "application/json".into(),
            body: body.to_string(),
            commit: true,
        },
    );
    let file = h.path("kept");
    let asked = "m2m-client-test-asked";
    let out = create(
        &h,
        &[
            "--client-id",
            asked,
            "--secret-file",
            file.to_str().unwrap(),
            "--json",
        ],
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(7), "{err}");
    assert_eq!(
        json_error(&out)["error"],
        "unreceived_client_deleted",
        "{err}"
    );
    assert!(
        err.contains(&format!("names the client {other} instead of {asked}")),
        "{err}"
    );
    assert!(
        h.mock.state().client(asked).is_none(),
        "the asked id, made, is deleted"
    );
    assert!(
        h.mock.state().client(other).is_some(),
        "the named one is never touched"
    );
    assert!(!file.exists(), "nothing kept: {err}");
    assert!(
        !err.contains(&secret) && !stdout(&out).contains(&secret),
        "{err}"
    );
}

/// A client found after a lost answer that is gone by the time it is deleted (someone else
/// deleted it) counts as deleted: the journal says it was already gone.
#[test]
fn a_client_already_gone_when_it_is_deleted_counts_as_deleted() {
    let h = Harness::new();
    h.inject(Route::CreateClient, FaultKind::Drop { commit: true });
    h.inject(
        Route::DeleteClient,
        FaultKind::Body {
            status: 404,
            content_type: "application/json".into(),
            body: r#"{"status_code":404,"request_id":"request-id-test-gone","error_type":"m2m_client_not_found","error_message":"M2M client not found.","error_url":"https://stytch.com/docs/api/errors/404"}"#.into(),
            commit: false,
        },
    );
    let out = create(&h, &["--timeout", "2", "--json"]);
    assert_eq!(out.status.code(), Some(7), "{}", stderr(&out));
    assert_eq!(json_error(&out)["error"], "unreceived_client_deleted");
    let details: Vec<String> = h
        .journal()
        .iter()
        .filter(|e| e["action"] == "delete" && e["phase"] == "ok")
        .map(|e| e["detail"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(
        details,
        ["deleted a client whose secret this process never received: it was already gone"]
    );
}

/// Reads that fail during the watch are not "not there": the watch keeps reading until its
/// window ends, then says that finding out failed (with the step), never "most likely not created".
#[test]
fn a_watch_whose_reads_fail_says_finding_out_failed() {
    let h = Harness::new();
    // The create is held inside the local Stytch past the caller's 2 s; meanwhile every read
    // of the id fails (the pre-check before the create was answered already).
    h.hold(Route::CreateClient);
    let child = spawn_create(&h, &["--timeout", "2"]);
    h.wait_held();
    let fail = FaultKind::Status {
        status: 500,
        commit: false,
    };
    h.inject_times(Route::GetClient, fail, 1000);
    let out = child.wait_with_output().unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(7), "{err}");
    assert!(err.contains("finding out failed"), "{err}");
    assert!(!err.contains("most likely it was not created"), "{err}");
    assert!(!err.contains("while watching"), "not a signal: {err}");
    assert!(
        h.requests_to(Route::GetClient) >= 3,
        "it kept reading: {err}"
    );
    assert_eq!(printed_recovery(&err).len(), 1, "{err}");
}

/// A signal during the watch ends it at once; the create's outcome stays unknown (exit 7), and
/// the error says the watch was interrupted and gives the step.
#[test]
fn a_signal_during_the_watch_ends_it_at_once() {
    let h = Harness::new();
    h.inject(Route::CreateClient, FaultKind::Drop { commit: false });
    let child = spawn_create(&h, &["--timeout", "30"]);
    wait_until("the binary to watch for the client", || {
        h.requests_to(Route::GetClient) >= 2
    });
    // The signal lands while a read of the watch is in flight (held inside the local Stytch).
    h.hold(Route::GetClient);
    h.wait_held();
    let signalled = std::time::Instant::now();
    let sent = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let out = child.wait_with_output().unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(7), "{err}");
    assert!(
        signalled.elapsed() < std::time::Duration::from_secs(10),
        "the 30 s watch went on after the signal: {err}"
    );
    assert!(err.contains("while watching for it"), "{err}");
    assert_eq!(printed_recovery(&err).len(), 1, "{err}");
}

/// A client found after a lost answer whose delete fails is not called deleted: the error says
/// the delete failed and gives the step that deletes it.
#[test]
fn a_failed_delete_of_a_found_client_says_so_and_gives_the_step() {
    let h = Harness::new();
    h.inject(Route::CreateClient, FaultKind::Drop { commit: true });
    let fail = FaultKind::Status {
        status: 500,
        commit: false,
    };
    h.inject_times(Route::DeleteClient, fail, 1000);
    let out = create(&h, &["--timeout", "2"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(7), "{err}");
    assert!(err.contains("deleting it failed"), "{err}");
    assert_eq!(created(&h).len(), 1, "still there: {err}");
    let steps = printed_recovery(&err);
    assert_eq!(steps.len(), 1, "{err}");
    assert_eq!(steps[0].args[..2], ["clients", "delete"], "{err}");
    h.release();
    let again = h.cmd().args(&steps[0].args).output().unwrap();
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert!(created(&h).is_empty());
}

/// `clients create --name NAME --scope a` and `extra`, running, its output piped.
fn spawn_create(h: &Harness, extra: &[&str]) -> std::process::Child {
    h.std_cmd()
        .args(["clients", "create", "--name", NAME, "--scope", "a"])
        .args(extra)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

/// `rotate start` of the usual client into the file `next`, with `extra`; it must succeed.
fn start_to_a_file(h: &Harness, extra: &[&str]) {
    let out = h
        .cmd()
        .args(["rotate", "start", "--client-id", CLIENT_ID])
        .args(extra)
        .arg("--secret-file")
        .arg(h.path("next"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}
