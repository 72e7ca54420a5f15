//! CI as CI really runs (issue 26): jobs re-run after they went through, fresh runners, secret
//! files read by other tools. Each test drives the real binary against the local Stytch.

mod common;

use common::*;
use runner::{Job, Runner};

/// Issue 26, item 5: `rotate complete` is idempotent. Run again after it went through, with the
/// same proof (a file, stdin, or where the journal says `rotate start` kept it), it is exit 0,
/// "already completed", with nothing changed; a secret that is not the current one still gets
/// `not_rotating` (exit 5).
#[test]
fn a_complete_run_again_after_it_went_through_succeeds() {
    let h = Harness::new();
    let kept = h.path("kept");
    let run = |args: &[&str], stdin: &str| {
        let out = h
            .cmd()
            .args(["rotate", "complete", "--client-id", CLIENT_ID, "--yes"])
            .args(args)
            .write_stdin(stdin.to_owned())
            .output()
            .unwrap();
        (out.status.code(), stderr(&out))
    };
    let out = h
        .cmd()
        .args(["rotate", "start", "--client-id", CLIENT_ID, "--secret-file"])
        .arg(&kept)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let secret = h.pending().unwrap();
    let file = ["--next-secret-file", kept.to_str().unwrap()];
    let (code, err) = run(&file, "");
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(h.requests_to(Route::Rotate), 1);

    for (args, stdin) in [
        (&file[..], ""),
        (&["--next-secret-stdin"][..], secret.as_str()),
        (&[][..], ""),
    ] {
        let (code, err) = run(args, stdin);
        assert_eq!(code, Some(0), "{args:?}: {err}");
        assert!(err.contains("Already completed"), "{args:?}: {err}");
    }
    assert_eq!(
        h.requests_to(Route::Rotate),
        1,
        "nothing was completed again"
    );
    assert_eq!(h.record().client_secret, secret);

    let (code, err) = run(&["--next-secret-stdin"], "some-other-secret-wxyz");
    assert_eq!(code, Some(5), "{err}");
    assert!(err.contains("no secret rotation in progress"), "{err}");

    // A guard is a guard: `--expect-next-last-four` asks for a pending secret, and none is
    // pending, even when the proof is the current secret.
    let four = &secret[secret.len() - 4..];
    let guarded = ["--next-secret-stdin", "--expect-next-last-four", four];
    let (code, err) = run(&guarded, &secret);
    assert_eq!(code, Some(5), "{err}");
    assert!(err.contains("no secret rotation in progress"), "{err}");
    assert!(!err.contains("Already completed"), "{err}");
}

/// Issue 26, items 1 and 9: the README's step-by-step workflow, run as a runner runs it, is
/// safe under each failure CI has: after every run (and every re-run the README advises) the
/// client's current secret is valid and held, GitHub never holds a dead secret, and no live
/// pending secret is held by nobody.
#[test]
fn the_readme_workflow_is_safe_under_failure_cancel_and_re_run() {
    let ok = |r: &[(String, Job)]| r.iter().all(|(_, j)| *j == Job::Success) && r.len() == 3;

    // As written: start, deploy, complete.
    let h = Harness::new();
    let w = Runner::new(&h);
    assert!(w.workflow()["concurrency"]["group"]
        .as_str()
        .unwrap()
        .contains("vars.STYTCH_CLIENT_ID"));
    let r = w.run("start");
    assert!(ok(&r), "{r:?}");
    w.assert_safe("a clean run");
    assert_eq!(
        std::fs::read_to_string(&w.consumer).unwrap(),
        h.record().client_secret
    );
    assert_eq!(h.mock.state().minted().len(), 1);
    // "Re-run failed jobs" of a complete that went through: exit 0.
    assert_eq!(w.job("complete"), Job::Success);
    w.assert_safe("complete run again");

    // `gh` stores the value, then fails: the cleanup cancels exactly this job's secret and puts
    // the old one back; "Re-run failed jobs" then rotates.
    let h = Harness::new();
    let w = Runner::new(&h);
    let seed = h.record().client_secret;
    w.gh_fault(".fail-after");
    let r = w.run("start");
    assert_eq!(r, [("start".to_owned(), Job::Failure)]);
    w.assert_safe("gh failed after storing");
    assert_eq!((h.pending(), w.stored()), (None, seed.clone()));
    let r = w.run("start");
    assert!(ok(&r), "{r:?}");
    w.assert_safe("re-run after gh failed");

    // `gh` fails before reading: the tool cannot deliver, or the cleanup cancels.
    let h = Harness::new();
    let w = Runner::new(&h);
    w.gh_fault(".fail-before");
    assert_eq!(w.run("start"), [("start".to_owned(), Job::Failure)]);
    w.assert_safe("gh failed before reading");
    assert_eq!(h.pending(), None);

    // The job is cancelled while `gh` holds the new value (SIGINT, SIGTERM, SIGKILL): the
    // `cancelled()` cleanup runs.
    let h = Harness::new();
    let w = Runner::new(&h);
    w.gh_fault(".hang-after");
    assert_eq!(w.run("start"), [("start".to_owned(), Job::Cancelled)]);
    w.assert_safe("cancelled while storing");
    assert_eq!(h.pending(), None);

    // The deploy fails: the secret stays pending in GitHub, the consumers keep the old one;
    // "Re-run failed jobs" deploys and completes.
    let h = Harness::new();
    let w = Runner::new(&h);
    std::fs::write(&w.deploy_fails, "").unwrap();
    let r = w.run("start");
    assert_eq!(r.last().unwrap(), &("deploy".to_owned(), Job::Failure));
    w.assert_safe("deploy failed");
    assert!(h.pending().is_some());
    std::fs::remove_file(&w.deploy_fails).unwrap();
    let r = w.run("deploy");
    assert_eq!(r.len(), 2, "{r:?}");
    assert!(r.iter().all(|(_, j)| *j == Job::Success), "{r:?}");
    w.assert_safe("deploy re-run");
    assert_eq!(h.pending(), None);

    // Another run's rotation is pending (its start went through): this run's start fails
    // without minting and its cleanup touches nothing; the other run then finishes.
    let h = Harness::new();
    let w = Runner::new(&h);
    assert_eq!(w.job("start"), Job::Success);
    let theirs = h.pending().unwrap();
    assert_eq!(w.job("start"), Job::Failure);
    assert_eq!(
        h.pending(),
        Some(theirs.clone()),
        "the other run's secret is untouched"
    );
    assert_eq!(w.stored(), theirs, "and GitHub still holds it");
    w.assert_safe("two runs");
    let r = w.run("deploy");
    assert!(r.iter().all(|(_, j)| *j == Job::Success), "{r:?}");
    w.assert_safe("the other run finished");
}

/// The same binary on another machine: a new runner has its own HOME, state and lock dirs and no
/// keyring.
fn new_runner(h: &Harness) -> (tempfile::TempDir, impl Fn() -> assert_cmd::Command + '_) {
    let machine = tempfile::tempdir().unwrap();
    let home = machine.path().to_owned();
    let cmd = move || {
        let mut cmd = h.cmd();
        cmd.env("HOME", &home)
            .env("STYTCH_M2M_LOCK_DIR", home.join("locks"))
            .env("CI", "true")
            .env_remove("DBUS_SESSION_BUS_ADDRESS")
            .env("XDG_RUNTIME_DIR", &home);
        cmd
    };
    (machine, cmd)
}

fn client_ids(h: &Harness) -> Vec<String> {
    let mut ids: Vec<String> = h
        .mock
        .state()
        .clients()
        .into_iter()
        .map(|c| c.client_id)
        .collect();
    ids.sort();
    ids
}

/// Issue 26, items 5 and 6: a fleet `complete` run again (here on a new runner) succeeds for the
/// clients it already completed when `--secret-dir` holds their secrets; without them, the hint
/// says what works on a new runner instead of "run the same command again".
#[test]
fn a_fleet_complete_on_a_new_runner_says_what_works_and_is_idempotent() {
    let h = Harness::new();
    h.mock.generate_clients(2);
    let dir = h.path("secrets");
    let out = h
        .cmd()
        .args(["rotate", "start", "--all", "--secret-dir"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let (_machine, runner) = new_runner(&h);
    let out = runner()
        .args(["rotate", "complete", "--all", "--yes"])
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(11), "{err}");
    assert!(
        err.contains("new CI runner") && err.contains("--secret-dir DIR"),
        "{err}"
    );
    assert_eq!(h.requests_to(Route::Rotate), 0);
    let complete = || {
        runner()
            .args(["rotate", "complete", "--all", "--yes", "--secret-dir"])
            .arg(&dir)
            .output()
            .unwrap()
    };
    let out = complete();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(h.requests_to(Route::Rotate), 3);
    let out = complete();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let all = format!("{}{}", stdout(&out), stderr(&out));
    assert_eq!(all.matches("already completed").count(), 3, "{all}");
    assert_eq!(h.requests_to(Route::Rotate), 3, "nothing completed twice");
}

/// Issue 26, item 6: a fleet `run --resume` on a new runner never rotates again a client the
/// failed attempt (on another machine) already rotated: with no journal of these clients it
/// cannot tell one from a client never started, so it starts none and says how to rotate one.
#[test]
fn a_fleet_resume_on_a_new_runner_rotates_nothing_twice() {
    let h = Harness::new();
    h.mock.generate_clients(2);
    let ids = client_ids(&h);
    let list = h.path("ids");
    std::fs::write(&list, ids.join("\n")).unwrap();
    let broken = h.path("broken");
    std::fs::write(&broken, "").unwrap();
    let deploy = format!(
        "if [ \"$STYTCH_M2M_CLIENT_ID\" = '{}' ] && [ -e '{}' ]; then cat > /dev/null; exit 1; fi; cat > /dev/null",
        ids[1],
        broken.display()
    );
    let args = |resume: bool| {
        let mut a = vec![
            "rotate".to_owned(),
            "run".into(),
            "--clients-from".into(),
            list.display().to_string(),
            "--deploy".into(),
            deploy.clone(),
            "--jobs".into(),
            "1".into(),
            "--fail-fast".into(),
            "--on-deploy-failure".into(),
            "cancel".into(),
            "--yes".into(),
        ];
        if resume {
            a.push("--resume".into());
        }
        a
    };
    let out = h.cmd().args(args(false)).output().unwrap();
    assert_eq!(out.status.code(), Some(11), "{}", stderr(&out));
    let minted = h.mock.state().minted().len();
    assert_eq!(
        minted, 2,
        "the first rotated, the second failed and was cancelled"
    );
    std::fs::remove_file(&broken).unwrap();

    let (_machine, runner) = new_runner(&h);
    let out = runner().args(args(true)).output().unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(11), "{err}");
    assert_eq!(
        h.mock.state().minted().len(),
        minted,
        "nothing rotated twice: {err}"
    );
    assert!(err.contains("knows none of these clients"), "{err}");

    // On the machine that ran it, the resume finishes the job.
    let out = h.cmd().args(args(true)).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(h.mock.state().minted().len(), minted + 2);
}

/// Issue 26, item 7: a start answered with Stytch's own 500 that finds a rotation pending
/// cannot tell its own from one another runner started at that moment (without a record on the
/// client): it says "most likely its own", and that one rotation per client at a time is the
/// user's to ensure.
#[test]
fn a_rotation_found_after_a_500_is_called_what_it_is() {
    let h = Harness::new();
    let out = h.start_answered_500(true);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(7), "{err}");
    assert!(err.contains("most likely minted by this request"), "{err}");
    assert!(err.contains("one rotation per client at a time"), "{err}");
    assert_eq!(h.pending(), None);
}

/// Issue 26, item 9, and issue 28, item 8: the example nightly workflow, run as a runner runs
/// it (Vault as a stand-in): it rotates every client not recorded as rotated within 90 days,
/// Vault ends up holding each client's current secret, a second run finds nothing overdue; when
/// Vault fails after storing one secret, that client stays pending and the resume its comment
/// gives (run on another machine) finishes it with the secret read back from Vault.
#[test]
fn the_example_nightly_workflow_rotates_the_overdue_and_its_resume_finishes_a_dead_run() {
    let h = Harness::new();
    h.mock.generate_clients(2);
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/github-actions/rotate.yml"
    );
    let yaml = std::fs::read_to_string(path).unwrap();
    let w = Runner::with_yaml(&h, &yaml);
    let vault = |id: &str| std::fs::read_to_string(h.path("vault").join("secret/stytch").join(id));
    let rotated = || {
        h.mock.state().clients().into_iter().all(|c| {
            c.next_client_secret.is_none()
                && vault(&c.client_id).ok() == Some(c.client_secret.clone())
        })
    };
    assert_eq!(w.job("rotate"), Job::Success);
    assert!(rotated(), "Vault holds every client's current secret");
    let minted = h.mock.state().minted().len();
    assert_eq!(w.job("rotate"), Job::Success);
    assert_eq!(h.mock.state().minted().len(), minted, "nothing was overdue");

    // Every client overdue again; Vault fails after storing the first secret.
    for c in h.mock.state().clients() {
        let mut meta = c.trusted_metadata.clone();
        meta["stytch_m2m"]["last_rotated_at"] = "2020-01-01T00:00:00Z".into();
        h.mock.state().set_metadata(&c.client_id, meta);
    }
    std::fs::write(h.path("vault").join(".fail-after-put"), "").unwrap();
    assert_eq!(w.job("rotate"), Job::Failure);
    let pending: Vec<_> = h
        .mock
        .state()
        .clients()
        .into_iter()
        .filter(|c| c.next_client_secret.is_some())
        .collect();
    assert_eq!(
        pending.len(),
        1,
        "the client whose deploy failed stays pending"
    );
    let id = pending[0].client_id.clone();
    assert_eq!(
        vault(&id).ok(),
        pending[0].next_client_secret,
        "Vault holds it"
    );

    // The resume the workflow's comment gives, on another machine.
    let resume = yaml
        .replace("\\\n#", " ")
        .lines()
        .find_map(|l| {
            l.trim_start_matches('#')
                .trim()
                .strip_prefix("stytch-m2m ")
                .map(str::to_owned)
        })
        .filter(|l| l.contains("--resume"))
        .expect("the resume in the comment");
    let machine = tempfile::tempdir().unwrap();
    let out = std::process::Command::new("sh")
        .args(["-c", &format!("\"$STYTCH_M2M_BIN\" {resume}")])
        .env_clear()
        .envs(h.env_pairs())
        .env("STYTCH_M2M_BIN", bin())
        .env("CLIENT", &id)
        .env("HOME", machine.path())
        .env("STYTCH_M2M_LOCK_DIR", machine.path().join("locks"))
        .env("VAULT_STORE", h.path("vault"))
        .env(
            "PATH",
            format!(
                "{}:{}",
                h.path("runner-tools").display(),
                std::env::var("PATH").unwrap()
            ),
        )
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{resume}: {}", stderr(&out));
    assert!(rotated(), "finished: Vault holds every current secret");
}

/// A runner for the README's GitHub Actions workflow, as GitHub runs it: each job on a fresh
/// machine (its own HOME, RUNNER_TEMP and lock dir, no keyring, `CI=true`), each `run:` step
/// with `bash --noprofile --norc -eo pipefail`, `if:` with `failure()`, `cancelled()`,
/// `always()` and `success()`, `$GITHUB_PATH`, and secrets read when a job starts. A stand-in
/// `gh` keeps GitHub's secrets in a directory; the reusable deploy workflow hands
/// `STYTCH_CLIENT_SECRET` to the consumers (a file). Cancellation sends SIGINT to the step's
/// process group, SIGTERM 7.5 s later and SIGKILL 2.5 s after that, as a runner does.
mod runner {
    use super::*;
    use serde_norway::Value;
    use std::collections::BTreeMap;
    use std::path::PathBuf;
    use std::time::{Duration, Instant};

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Job {
        Success,
        Failure,
        Cancelled,
    }

    pub struct Runner<'h> {
        pub h: &'h Harness,
        workflow: Value,
        tools: PathBuf,
        /// GitHub's secrets: one file per secret.
        pub store: PathBuf,
        /// What the consumers were deployed with.
        pub consumer: PathBuf,
        /// The deploy workflow fails while this exists.
        pub deploy_fails: PathBuf,
        sha256: String,
        /// The last step's output.
        log: PathBuf,
    }

    const GH: &str = r#"#!/bin/sh
# A stand-in for `gh secret set NAME`: stores stdin as GitHub's secret NAME. Files in the store
# make it fail before reading (.fail-before), after storing (.fail-after), or hang once it
# stored (.hang-after), each once.
[ "$1 $2" = "secret set" ] || { echo "gh stand-in: unsupported: $*" >&2; exit 2; }
if [ -e "$GH_STORE/.fail-before" ]; then rm -f "$GH_STORE/.fail-before"; echo "gh: HTTP 502" >&2; exit 1; fi
# As gh does (cli/cli pkg/cmd/secret/set: bytes.TrimRight(body, "\r\n")): one line, no newline.
body=$(cat) || exit 1
printf '%s' "$body" | tr -d '\r' > "$GH_STORE/.incoming"
mv "$GH_STORE/.incoming" "$GH_STORE/$3"
if [ -e "$GH_STORE/.fail-after" ]; then rm -f "$GH_STORE/.fail-after"; echo "gh: HTTP 502" >&2; exit 1; fi
if [ -e "$GH_STORE/.hang-after" ]; then rm -f "$GH_STORE/.hang-after"; touch "$GH_STORE/.hanging"; sleep 30; fi
exit 0
"#;

    /// A stand-in for `vault kv put PATH client_secret=-` (stdin) and `vault kv get
    /// -field=client_secret PATH`, keeping one file per path under `$VAULT_STORE`. A file
    /// `.fail-after-put` there makes the next put fail after it stored the value.
    const VAULT: &str = r#"#!/bin/sh
[ "$1" = kv ] || { echo "vault stand-in: unsupported: $*" >&2; exit 2; }
case "$2" in
put)
  [ "$4" = "client_secret=-" ] || { echo "vault stand-in: unsupported: $*" >&2; exit 2; }
  mkdir -p "$VAULT_STORE/$(dirname "$3")"
  cat > "$VAULT_STORE/$3" || exit 2
  if [ -e "$VAULT_STORE/.fail-after-put" ]; then rm -f "$VAULT_STORE/.fail-after-put"; echo "vault: 503" >&2; exit 2; fi
  ;;
get)
  [ "$3" = "-field=client_secret" ] || { echo "vault stand-in: unsupported: $*" >&2; exit 2; }
  cat "$VAULT_STORE/$4"
  ;;
*) echo "vault stand-in: unsupported: $*" >&2; exit 2 ;;
esac
"#;

    impl<'h> Runner<'h> {
        /// The step-by-step workflow of docs/ci.md.
        pub fn new(h: &'h Harness) -> Runner<'h> {
            let readme =
                std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/ci.md"))
                    .unwrap();
            let section = readme.split("## Step by step").nth(1).expect("the section");
            let yaml = section
                .split("```yaml\n")
                .nth(1)
                .and_then(|b| b.split("\n```").next())
                .expect("its workflow");
            Runner::with_yaml(h, yaml)
        }

        pub fn with_yaml(h: &'h Harness, yaml: &str) -> Runner<'h> {
            let workflow: Value = serde_norway::from_str(yaml).expect("the workflow's YAML parses");
            let tools = h.path("runner-tools");
            std::fs::create_dir_all(&tools).unwrap();
            use std::os::unix::fs::PermissionsExt;
            for (name, script) in [("gh", GH), ("vault", VAULT)] {
                let path = tools.join(name);
                std::fs::write(&path, script).unwrap();
                std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
            }
            std::fs::create_dir_all(h.path("vault")).unwrap();
            let store = h.path("github-secrets");
            std::fs::create_dir_all(&store).unwrap();
            let seed = h.record().client_secret;
            std::fs::write(store.join("STYTCH_CLIENT_SECRET"), &seed).unwrap();
            let consumer = h.path("consumer");
            std::fs::write(&consumer, &seed).unwrap();
            let sum = std::process::Command::new("sha256sum")
                .arg(bin())
                .output()
                .unwrap();
            let sha256 = String::from_utf8(sum.stdout)
                .unwrap()
                .split(' ')
                .next()
                .unwrap()
                .to_owned();
            Runner {
                h,
                workflow,
                tools,
                store,
                consumer,
                deploy_fails: h.path("deploy-fails"),
                sha256,
                log: h.path("step.log"),
            }
        }

        pub fn workflow(&self) -> &Value {
            &self.workflow
        }

        pub fn stored(&self) -> String {
            std::fs::read_to_string(self.store.join("STYTCH_CLIENT_SECRET")).unwrap()
        }

        /// Sets a stand-in fault for the next `gh secret set`.
        pub fn gh_fault(&self, name: &str) {
            std::fs::write(self.store.join(name), "").unwrap();
        }

        /// Runs the workflow's jobs in order, stopping at the first that does not succeed, as
        /// `needs:` does. Returns each job's result.
        pub fn run(&self, from: &str) -> Vec<(String, Job)> {
            let names: Vec<String> = self.jobs().keys().cloned().collect();
            let mut results = Vec::new();
            let short = |n: &String| n.split_once(':').unwrap().1.to_owned();
            for name in names.iter().skip_while(|n| short(n) != from) {
                let result = self.job(&short(name));
                results.push((short(name), result));
                if result != Job::Success {
                    break;
                }
            }
            results
        }

        fn jobs(&self) -> BTreeMap<String, Value> {
            // In file order: serde_norway's Mapping keeps it; index by position.
            let map = self.workflow["jobs"].as_mapping().unwrap();
            map.iter()
                .enumerate()
                .map(|(i, (k, v))| (format!("{i}:{}", k.as_str().unwrap()), v.clone()))
                .collect()
        }

        pub fn job(&self, name: &str) -> Job {
            let job = self
                .jobs()
                .into_iter()
                .find(|(k, _)| k.split_once(':').unwrap().1 == name)
                .expect("a job of that name")
                .1;
            if job.get("uses").is_some() {
                return self.deploy();
            }
            let machine = tempfile::tempdir().unwrap();
            let home = machine.path().join("home");
            let temp = machine.path().join("runner-temp");
            std::fs::create_dir_all(&home).unwrap();
            std::fs::create_dir_all(&temp).unwrap();
            let github_path = temp.join("github-path");
            std::fs::write(&github_path, "").unwrap();
            // Secrets are read when the job starts.
            let secrets = BTreeMap::from([
                ("STYTCH_SECRET".to_owned(), PROJECT_SECRET.to_owned()),
                ("SECRETS_ADMIN_TOKEN".to_owned(), "gh-token".to_owned()),
                ("VAULT_TOKEN".to_owned(), "vault-token".to_owned()),
                ("STYTCH_CLIENT_SECRET".to_owned(), self.stored()),
            ]);
            let vars = BTreeMap::from([
                ("STYTCH_PROJECT_ID".to_owned(), self.h.project_id.clone()),
                ("STYTCH_CLIENT_ID".to_owned(), CLIENT_ID.to_owned()),
                ("VAULT_ADDR".to_owned(), "http://vault.invalid".to_owned()),
            ]);
            let eval = |v: &Value| expand(v.as_str().unwrap_or(""), &secrets, &vars);
            let mut env: Vec<(String, String)> = vec![
                ("HOME".into(), home.display().to_string()),
                ("RUNNER_TEMP".into(), temp.display().to_string()),
                ("GITHUB_PATH".into(), github_path.display().to_string()),
                ("CI".into(), "true".into()),
                ("GITHUB_ACTIONS".into(), "true".into()),
                ("GH_STORE".into(), self.store.display().to_string()),
                (
                    "VAULT_STORE".into(),
                    self.h.path("vault").display().to_string(),
                ),
                ("STYTCH_BASE_URL".into(), self.h.mock.url()),
                // A fresh machine: its own lock directory.
                (
                    "STYTCH_M2M_LOCK_DIR".into(),
                    machine.path().join("locks").display().to_string(),
                ),
            ];
            let levels = [&self.workflow["env"], &job["env"]];
            let pairs = levels.iter().filter_map(|l| l.as_mapping()).flatten();
            for (k, v) in pairs {
                let key = k.as_str().unwrap().to_owned();
                let value = match key.as_str() {
                    "STYTCH_M2M_URL" => format!("file://{}", bin().display()),
                    "STYTCH_M2M_SHA256" => self.sha256.clone(),
                    _ => eval(v),
                };
                env.push((key, value));
            }
            let (mut failed, mut cancelled) = (false, false);
            for step in job["steps"].as_sequence().unwrap() {
                let when = step
                    .get("if")
                    .and_then(Value::as_str)
                    .unwrap_or("success()");
                if !condition(when, failed, cancelled) {
                    continue;
                }
                let mut step_env = env.clone();
                if let Some(more) = step.get("env").and_then(Value::as_mapping) {
                    for (k, v) in more {
                        step_env.push((k.as_str().unwrap().to_owned(), eval(v)));
                    }
                }
                let extra = std::fs::read_to_string(&github_path).unwrap();
                let mut path: Vec<String> = extra.lines().rev().map(str::to_owned).collect();
                path.push(self.tools.display().to_string());
                path.push(std::env::var("PATH").unwrap());
                step_env.push(("PATH".into(), path.join(":")));
                let result = self.step(step["run"].as_str().unwrap(), &step_env);
                let log = std::fs::read_to_string(&self.log).unwrap_or_default();
                eprintln!(
                    "--- {name}: {} -> {result:?}\n{log}",
                    step["name"].as_str().unwrap_or("")
                );
                match result {
                    Job::Success => {}
                    Job::Failure => failed = true,
                    Job::Cancelled => cancelled = true,
                }
            }
            match (cancelled, failed) {
                (true, _) => Job::Cancelled,
                (false, true) => Job::Failure,
                _ => Job::Success,
            }
        }

        /// One `run:` step; the job is cancelled (as a runner does it) if the stand-in `gh`
        /// hangs after storing.
        fn step(&self, script: &str, env: &[(String, String)]) -> Job {
            use std::os::unix::process::CommandExt;
            let mut child = std::process::Command::new("bash")
                .args(["--noprofile", "--norc", "-eo", "pipefail", "-c", script])
                .env_clear()
                .envs(env.iter().map(|(k, v)| (k, v)))
                .stdin(std::process::Stdio::null())
                .stdout(std::fs::File::create(&self.log).unwrap())
                .stderr(
                    std::fs::OpenOptions::new()
                        .append(true)
                        .open(&self.log)
                        .unwrap(),
                )
                .process_group(0)
                .spawn()
                .unwrap();
            let hanging = self.store.join(".hanging");
            loop {
                if let Some(status) = child.try_wait().unwrap() {
                    return if status.success() {
                        Job::Success
                    } else {
                        Job::Failure
                    };
                }
                if hanging.exists() {
                    std::fs::remove_file(&hanging).unwrap();
                    let group = format!("-{}", child.id());
                    for (signal, grace) in [("INT", 7500), ("TERM", 2500), ("KILL", 5000)] {
                        let _ = std::process::Command::new("kill")
                            .args([&format!("-{signal}"), "--", &group])
                            .status();
                        let until = Instant::now() + Duration::from_millis(grace);
                        while Instant::now() < until && child.try_wait().unwrap().is_none() {
                            std::thread::sleep(Duration::from_millis(20));
                        }
                        if child.try_wait().unwrap().is_some() {
                            break;
                        }
                    }
                    return Job::Cancelled;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        }

        /// The reusable deploy workflow: the consumers pick up `secrets.STYTCH_CLIENT_SECRET`.
        fn deploy(&self) -> Job {
            if self.deploy_fails.exists() {
                return Job::Failure;
            }
            std::fs::write(&self.consumer, self.stored()).unwrap();
            Job::Success
        }

        /// After every run, whatever happened: the client's current secret is valid and held
        /// by the consumers or GitHub, GitHub's copy is valid, and a pending secret is held by
        /// someone (here, only GitHub can hold one).
        pub fn assert_safe(&self, what: &str) {
            let record = self.h.record();
            let consumer = std::fs::read_to_string(&self.consumer).unwrap();
            let stored = self.stored();
            let valid = |s: &str| {
                s == record.client_secret || Some(s) == record.next_client_secret.as_deref()
            };
            assert!(valid(&consumer), "{what}: the consumers hold a dead secret");
            assert!(valid(&stored), "{what}: GitHub holds a dead secret");
            assert!(
                consumer == record.client_secret || stored == record.client_secret,
                "{what}: nobody holds the current secret"
            );
            if let Some(next) = &record.next_client_secret {
                assert!(
                    &stored == next || &consumer == next,
                    "{what}: a live pending secret nobody holds"
                );
            }
        }
    }

    /// `${{ secrets.X }}` and `${{ vars.X }}` substituted.
    fn expand(
        text: &str,
        secrets: &BTreeMap<String, String>,
        vars: &BTreeMap<String, String>,
    ) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(at) = rest.find("${{") {
            out.push_str(&rest[..at]);
            let end = rest[at..].find("}}").expect("closed expression") + at;
            let expr = rest[at + 3..end].trim();
            let value = match expr.split_once('.') {
                Some(("secrets", name)) => secrets.get(name).cloned().unwrap_or_default(),
                Some(("vars", name)) => vars.get(name).cloned().unwrap_or_default(),
                _ => panic!("the runner does not know {expr}"),
            };
            out.push_str(&value);
            rest = &rest[end + 2..];
        }
        out.push_str(rest);
        out
    }

    fn condition(when: &str, failed: bool, cancelled: bool) -> bool {
        when.split("||").any(|term| match term.trim() {
            "success()" => !failed && !cancelled,
            "failure()" => failed && !cancelled,
            "cancelled()" => cancelled,
            "always()" => true,
            other => panic!("the runner does not know `if: {other}`"),
        })
    }
}
