//! `auth login|status|logout|switch` and profiles, against local Stytches and the real
//! gnome-keyring: nothing is saved before the pair is proven, the precedence of every value,
//! profiles never cross projects, and no secret ever reaches config.toml or the state dir.

mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use common::*;
use serde_json::Value;

/// One project served by its own local Stytch, with its own secret.
struct Project {
    id: String,
    secret: String,
    mock: MockServer,
}

impl Project {
    fn new(tag: &str) -> Project {
        let uuid = stytch_m2m_mock::state::uuid();
        let id = format!("project-test-{uuid}");
        let secret = format!("secret-test-{tag}-PROJECTSECRET-{uuid}");
        let mock = MockServer::start(&id, &secret).expect("local Stytch starts");
        mock.add_client(CLIENT_ID);
        Project { id, secret, mock }
    }

    /// Another local Stytch for the same project and secret (to see where requests go).
    fn twin(&self) -> MockServer {
        let mock = MockServer::start(&self.id, &self.secret).expect("local Stytch starts");
        mock.add_client(CLIENT_ID);
        mock
    }

    fn url(&self) -> String {
        self.mock.url()
    }

    fn keyring_user(&self) -> String {
        format!("project:{}", self.id)
    }
}

/// Authorized requests a local Stytch has seen.
fn served(mock: &MockServer) -> usize {
    mock.state()
        .requests()
        .iter()
        .filter(|r| r.authorized)
        .count()
}

/// A user's machine: its own HOME, config dir and state dir, the shared session keyring.
struct Machine {
    root: tempfile::TempDir,
}

impl Machine {
    fn new() -> Machine {
        require_session_keyring();
        let root = tempfile::tempdir().unwrap();
        for sub in ["home", "xdg-config", "config", "state"] {
            std::fs::create_dir(root.path().join(sub)).unwrap();
        }
        Machine { root }
    }

    fn path(&self, sub: &str) -> PathBuf {
        self.root.path().join(sub)
    }

    fn config_file(&self) -> PathBuf {
        self.path("config").join("config.toml")
    }

    /// The binary with no STYTCH_* credentials in its environment.
    fn cmd(&self) -> Command {
        let mut cmd = Command::new(bin());
        cmd.env_clear()
            .env("HOME", self.path("home"))
            .env("XDG_CONFIG_HOME", self.path("xdg-config"))
            .env("STYTCH_M2M_CONFIG_DIR", self.path("config"))
            .env("STYTCH_M2M_STATE_DIR", self.path("state"))
            .env("PATH", std::env::var("PATH").unwrap_or_default());
        for key in ["DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR"] {
            if let Ok(v) = std::env::var(key) {
                cmd.env(key, v);
            }
        }
        cmd
    }

    /// The same with no keyring to reach: no session bus.
    fn cmd_without_keyring(&self) -> Command {
        let mut cmd = self.cmd();
        cmd.env_remove("DBUS_SESSION_BUS_ADDRESS")
            .env("XDG_RUNTIME_DIR", self.path("home"));
        cmd
    }

    fn login(&self, profile: &str, p: &Project, secret: &str) -> std::process::Output {
        self.cmd()
            .args(["auth", "login", "--profile", profile, "--project-id", &p.id])
            .args(["--base-url", &p.url(), "--secret-stdin", "--yes"])
            .write_stdin(format!("{secret}\n"))
            .output()
            .unwrap()
    }

    fn login_ok(&self, profile: &str, p: &Project) {
        let out = self.login(profile, p, &p.secret);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }

    fn status(&self, args: &[&str]) -> std::process::Output {
        self.cmd()
            .args(["rotate", "status", "--client-id", CLIENT_ID])
            .args(args)
            .output()
            .unwrap()
    }

    fn auth_status_json(&self, args: &[&str]) -> (i32, Value) {
        let out = self
            .cmd()
            .args(["auth", "status", "--json"])
            .args(args)
            .output()
            .unwrap();
        let v = serde_json::from_str(stdout(&out).trim())
            .unwrap_or_else(|e| panic!("{e}: {}{}", stdout(&out), stderr(&out)));
        (out.status.code().unwrap(), v)
    }

    fn write_config(&self, text: &str) {
        std::fs::write(self.config_file(), text).unwrap();
    }
}

impl Drop for Machine {
    fn drop(&mut self) {
        // Leave no entry in the shared keyring: remove every profile this machine made.
        let Ok(text) = std::fs::read_to_string(self.config_file()) else {
            return;
        };
        for line in text.lines() {
            if let Some(id) = line.strip_prefix("project_id = ") {
                let user = format!("project:{}", id.trim_matches('"'));
                let _ = std::process::Command::new("secret-tool")
                    .args(["clear", "service", "stytch-m2m", "username", &user])
                    .status();
            }
        }
    }
}

fn every_file_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(every_file_under(&path));
        } else {
            files.push(path);
        }
    }
    files
}

fn assert_no_secret_under(dir: &Path, secret: &str) {
    for file in every_file_under(dir) {
        let bytes = std::fs::read(&file).unwrap();
        assert!(
            !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
            "{} holds the project secret",
            file.display()
        );
    }
}

#[test]
fn login_with_a_wrong_secret_saves_nothing() {
    let m = Machine::new();
    let p = Project::new("A");
    let out = m.login("work", &p, "secret-test-WRONG");
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("nothing was saved"), "{err}");
    assert!(!err.contains("secret-test-WRONG"), "{err}");
    assert_eq!(
        secret_tool_lookup(&p.keyring_user()),
        None,
        "no keyring entry"
    );
    assert!(!m.config_file().exists(), "no config file");
    assert_eq!(served(&p.mock), 0, "the one request was refused");
    assert_eq!(
        p.mock
            .state()
            .requests()
            .iter()
            .filter(|r| r.route == Route::SearchClients)
            .count(),
        1,
        "proven with one search"
    );
}

#[test]
fn login_then_rotate_status_without_any_stytch_variable() {
    let m = Machine::new();
    let p = Project::new("A");
    let out = m.login("work", &p, &p.secret);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        secret_tool_lookup(&p.keyring_user()).as_deref(),
        Some(p.secret.as_str()),
        "secret-tool finds the entry"
    );
    let text = std::fs::read_to_string(m.config_file()).unwrap();
    assert!(text.contains("default_profile = \"work\""), "{text}");
    assert!(
        text.contains(&format!("project_id = \"{}\"", p.id)),
        "{text}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(m.config_file())
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let out = m.status(&[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains(CLIENT_ID));
    // Only a refused secret blames the stored secret: an unknown client is just that.
    let out = m
        .cmd()
        .args(["rotate", "status", "--client-id", "m2m-client-test-nope"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(!stderr(&out).contains("auth login"), "{}", stderr(&out));
    // A mutating command too: start and cancel a rotation.
    m.cmd()
        .args(["rotate", "start", "--client-id", CLIENT_ID])
        .assert()
        .code(0);
    m.cmd()
        .args(["rotate", "cancel", "--client-id", CLIENT_ID, "--yes"])
        .assert()
        .code(0);
    let requests = p.mock.state().requests();
    assert!(requests.iter().all(|r| r.authorized), "{requests:?}");
    // A wrong STYTCH_SECRET overrides the profile's secret for the profile's project: the hint
    // says so, instead of blaming a STYTCH_PROJECT_ID that was never set.
    let out = m
        .cmd()
        .env(
            "STYTCH_SECRET",
            "secret-test-wrongwrongwrongwrongwrongwrong",
        )
        .args(["rotate", "status", "--client-id", CLIENT_ID])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let hint = "the project ({}) came from profile `work`, but the secret from STYTCH_SECRET";
    assert!(
        stderr(&out).contains(&hint.replace("{}", &p.id)),
        "{}",
        stderr(&out)
    );
    for route in [
        Route::SearchClients,
        Route::RotateStart,
        Route::RotateCancel,
    ] {
        assert_eq!(
            requests.iter().filter(|r| r.route == route).count(),
            1,
            "{route:?}"
        );
    }
}

#[test]
fn without_a_terminal_login_needs_a_project_id_and_stdin() {
    let m = Machine::new();
    let p = Project::new("A");
    let out = m
        .cmd()
        .args(["auth", "login", "--base-url", &p.url()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(stderr(&out).contains("--project-id"), "{}", stderr(&out));
    // STYTCH_SECRET is not taken: login is how the secret leaves the shell.
    let out = m
        .cmd()
        .env("STYTCH_SECRET", &p.secret)
        .args([
            "auth",
            "login",
            "--project-id",
            &p.id,
            "--base-url",
            &p.url(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(stderr(&out).contains("--secret-stdin"), "{}", stderr(&out));
    assert_eq!(p.mock.state().requests().len(), 0, "nothing was sent");
    assert!(!m.config_file().exists());
    // Without a profile name, a test project's profile is `test`.
    m.cmd()
        .args([
            "auth",
            "login",
            "--project-id",
            &p.id,
            "--base-url",
            &p.url(),
        ])
        .arg("--secret-stdin")
        .write_stdin(format!("{}\n", p.secret))
        .assert()
        .code(0);
    let text = std::fs::read_to_string(m.config_file()).unwrap();
    assert!(text.contains("[profiles.test]"), "{text}");
}

#[test]
fn replacing_a_profile_needs_yes_without_a_terminal() {
    let m = Machine::new();
    let p = Project::new("A");
    m.login_ok("work", &p);
    let before = std::fs::read(m.config_file()).unwrap();
    let sent = p.mock.state().requests().len();
    let out = m
        .cmd()
        .args(["auth", "login", "--profile", "work", "--secret-stdin"])
        .write_stdin(format!("{}\n", p.secret))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("--yes"), "{}", stderr(&out));
    assert_eq!(p.mock.state().requests().len(), sent, "nothing was sent");
    assert_eq!(std::fs::read(m.config_file()).unwrap(), before);
    // With --yes, the profile's project and base URL are kept when not given again.
    m.cmd()
        .args([
            "auth",
            "login",
            "--profile",
            "work",
            "--secret-stdin",
            "--yes",
        ])
        .write_stdin(format!("{}\n", p.secret))
        .assert()
        .code(0);
    let text = std::fs::read_to_string(m.config_file()).unwrap();
    assert!(text.contains(&p.url()), "{text}");
}

/// A machine logged in to two projects: profile `a` (the default) and `b`.
fn two_profiles() -> (Machine, Project, Project) {
    let m = Machine::new();
    let (a, b) = (Project::new("A"), Project::new("B"));
    m.login_ok("a", &a);
    m.login_ok("b", &b);
    (m, a, b)
}

fn ok(out: std::process::Output, what: &str) {
    assert_eq!(out.status.code(), Some(0), "{what}: {}", stderr(&out));
}

/// Precedence of the project id, each cell (default profile, chosen profile, environment,
/// flag) seen in which local Stytch accepted the request. The secret and base URL follow it.
#[test]
fn precedence_of_the_project_id() {
    let (m, a, b) = two_profiles();
    let start = (served(&a.mock), served(&b.mock));
    ok(m.status(&[]), "default profile");
    assert_eq!(served(&a.mock), start.0 + 1);
    ok(m.status(&["--profile", "b"]), "--profile");
    assert_eq!(served(&b.mock), start.1 + 1);
    let out = m
        .cmd()
        .env("STYTCH_M2M_PROFILE", "b")
        .args(["rotate", "status", "--client-id", CLIENT_ID])
        .output()
        .unwrap();
    ok(out, "STYTCH_M2M_PROFILE");
    assert_eq!(served(&b.mock), start.1 + 2);
    // The environment beats the chosen profile, and says so.
    let out = m
        .cmd()
        .env("STYTCH_PROJECT_ID", &b.id)
        .args([
            "rotate",
            "status",
            "--client-id",
            CLIENT_ID,
            "--profile",
            "a",
        ])
        .output()
        .unwrap();
    assert!(
        stderr(&out).contains("overrides profile `a`"),
        "{}",
        stderr(&out)
    );
    ok(out, "STYTCH_PROJECT_ID");
    assert_eq!(served(&b.mock), start.1 + 3);
    // The flag beats the environment.
    let out = m
        .cmd()
        .env("STYTCH_PROJECT_ID", &b.id)
        .args([
            "rotate",
            "status",
            "--client-id",
            CLIENT_ID,
            "--project-id",
            &a.id,
        ])
        .output()
        .unwrap();
    ok(out, "--project-id");
    assert_eq!(
        (served(&a.mock), served(&b.mock)),
        (start.0 + 2, start.1 + 3)
    );
}

/// Precedence of the secret: the profile's keyring entry < STYTCH_SECRET < --secret-stdin.
#[test]
fn precedence_of_the_secret() {
    let (m, a, b) = two_profiles();
    let start = served(&a.mock);
    ok(m.status(&[]), "the default profile's keyring entry");
    ok(
        m.status(&["--profile", "b"]),
        "the chosen profile's keyring entry",
    );
    assert_eq!(served(&a.mock), start + 1);
    let out = m
        .cmd()
        .env("STYTCH_SECRET", "secret-test-WRONG")
        .args(["rotate", "status", "--client-id", CLIENT_ID])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(3),
        "STYTCH_SECRET is used: {}",
        stderr(&out)
    );
    let out = m
        .cmd()
        .env("STYTCH_SECRET", "secret-test-WRONG")
        .args([
            "rotate",
            "status",
            "--client-id",
            CLIENT_ID,
            "--secret-stdin",
        ])
        .write_stdin(format!("{}\n", a.secret))
        .output()
        .unwrap();
    ok(out, "--secret-stdin");
    assert_eq!(served(&a.mock), start + 2);
    assert!(b.mock.state().requests().iter().all(|r| r.authorized));
}

/// Precedence of the base URL: the profile's < STYTCH_BASE_URL < --base-url, seen in which of
/// three local Stytches for the same project got the request.
#[test]
fn precedence_of_the_base_url() {
    let (m, a, _b) = two_profiles();
    let (a_env, a_flag) = (a.twin(), a.twin());
    let start = served(&a.mock);
    ok(m.status(&[]), "the profile's base URL");
    assert_eq!(served(&a.mock), start + 1);

    // Issue 25, item 5: a base URL from the environment or a flag never gets the secret the
    // keyring keeps for the profile: exit 2 naming both URLs, not one request anywhere.
    for (env, flag) in [(Some(a_env.url()), None), (None, Some(a_flag.url()))] {
        let mut cmd = m.cmd();
        if let Some(url) = &env {
            cmd.env("STYTCH_BASE_URL", url);
        }
        cmd.args(["rotate", "status", "--client-id", CLIENT_ID]);
        if let Some(url) = &flag {
            cmd.args(["--base-url", url]);
        }
        let out = cmd.output().unwrap();
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{err}");
        let elsewhere = env.as_deref().or(flag.as_deref()).unwrap();
        assert!(err.contains(elsewhere.trim_end_matches('/')), "{err}");
        assert!(err.contains(a.url().trim_end_matches('/')), "{err}");
        assert!(err.contains("nothing was sent"), "{err}");
    }
    assert!(a_env.state().requests().is_empty(), "not one request");
    assert!(a_flag.state().requests().is_empty(), "not one request");

    // Given explicitly, the secret goes where the base URL says: flag over environment.
    let out = m
        .cmd()
        .env("STYTCH_BASE_URL", a_env.url())
        .env("STYTCH_SECRET", &a.secret)
        .args(["rotate", "status", "--client-id", CLIENT_ID])
        .output()
        .unwrap();
    ok(out, "STYTCH_BASE_URL");
    assert_eq!((served(&a.mock), served(&a_env)), (start + 1, 1));
    let out = m
        .cmd()
        .env("STYTCH_BASE_URL", a_env.url())
        .env("STYTCH_SECRET", &a.secret)
        .args([
            "rotate",
            "status",
            "--client-id",
            CLIENT_ID,
            "--base-url",
            &a_flag.url(),
        ])
        .output()
        .unwrap();
    ok(out, "--base-url");
    assert_eq!(
        (served(&a.mock), served(&a_env), served(&a_flag)),
        (start + 1, 1, 1)
    );

    // A client secret the keyring keeps is not sent elsewhere either.
    let out = m
        .cmd()
        .env("STYTCH_BASE_URL", a_env.url())
        .env("STYTCH_SECRET", &a.secret)
        .args(["secret", "verify", "--client-id", CLIENT_ID])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(a_env.state().requests().len(), 1, "only the status above");

    // A live project never over plain http, whatever the host.
    let out = m
        .cmd()
        .env(
            "STYTCH_PROJECT_ID",
            "project-live-00000000-0000-4000-8000-000000000000",
        )
        .env("STYTCH_SECRET", "secret-live-x")
        .env("STYTCH_BASE_URL", a_env.url())
        .args(["rotate", "status", "--client-id", CLIENT_ID])
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("plain http"), "{err}");
    assert_eq!(a_env.state().requests().len(), 1, "nothing sent");
}

/// Where each value comes from, as `auth status --json` and `doctor` report it, including the
/// one cell no local request can show: a profile without a base URL uses the project's own.
#[test]
fn sources_are_reported() {
    let m = Machine::new();
    let a = Project::new("A");
    m.login_ok("a", &a);
    m.write_config(&format!(
        "default_profile = \"a\"\n[profiles.a]\nproject_id = \"{}\"\n\n[profiles.bare]\nproject_id = \"project-live-x\"\n",
        a.id
    ));
    let (_, v) = m.auth_status_json(&["--offline", "--profile", "bare"]);
    let bare = &v["profiles"][0];
    assert_eq!(bare["base_url"], "https://api.stytch.com");
    assert_eq!(bare["base_url_source"], "default");
    assert_eq!(bare["project_id_source"], "profile");
    assert_eq!(bare["secret_source"], "missing");
    let (_, v) = m.auth_status_json(&["--offline", "--profile", "a", "--base-url", &a.url()]);
    assert_eq!(v["profiles"][0]["base_url_source"], "flag");
    assert_eq!(v["profiles"][0]["secret_source"], "keyring");
    let out = m
        .cmd()
        .env("STYTCH_BASE_URL", a.url())
        .arg("doctor")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let report = stdout(&out);
    let line = report.lines().find(|l| l.contains("credentials")).unwrap();
    assert!(
        line.contains("profile `a` (the default)")
            && line.contains("from profile `a`")
            && line.contains(&format!("username=project:{}", a.id))
            && line.contains("base URL from STYTCH_BASE_URL"),
        "{line}"
    );
}

/// CI: with STYTCH_SECRET or --secret-stdin, no command opens the keyring (there is none here),
/// with or without a config file.
#[test]
fn the_secret_from_env_or_stdin_never_touches_the_keyring() {
    let m = Machine::new();
    let a = Project::new("A");
    for with_config in [false, true] {
        if with_config {
            m.login_ok("a", &a);
        }
        let ci = || {
            let mut cmd = m.cmd_without_keyring();
            cmd.env("STYTCH_PROJECT_ID", &a.id)
                .env("STYTCH_BASE_URL", a.url());
            cmd
        };
        for args in [
            &["rotate", "status", "--client-id", CLIENT_ID][..],
            &[
                "rotate",
                "start",
                "--client-id",
                CLIENT_ID,
                "--secret-file",
                "next",
            ],
            &["rotate", "cancel", "--client-id", CLIENT_ID, "--yes"],
        ] {
            let out = ci()
                .current_dir(m.path("home"))
                .env("STYTCH_SECRET", &a.secret)
                .args(args)
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
            let _ = std::fs::remove_file(m.path("home").join("next"));
        }
        let out = ci()
            .args([
                "rotate",
                "status",
                "--client-id",
                CLIENT_ID,
                "--secret-stdin",
            ])
            .write_stdin(format!("{}\n", a.secret))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }
    // Without a secret, the profile's keyring is needed, and its absence is said plainly.
    let out = m
        .cmd_without_keyring()
        .args(["rotate", "status", "--client-id", CLIENT_ID])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(8), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("DBUS_SESSION_BUS_ADDRESS"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("STYTCH_SECRET"), "{}", stderr(&out));
}

#[test]
fn two_profiles_for_two_projects_never_cross() {
    let m = Machine::new();
    let (a, b) = (Project::new("A"), Project::new("B"));
    m.login_ok("a", &a);
    m.login_ok("b", &b);
    assert_eq!(
        secret_tool_lookup(&a.keyring_user()).as_deref(),
        Some(a.secret.as_str())
    );
    assert_eq!(
        secret_tool_lookup(&b.keyring_user()).as_deref(),
        Some(b.secret.as_str())
    );
    for (profile, p) in [("a", &a), ("b", &b), ("a", &a)] {
        let out = m.status(&["--profile", profile]);
        assert_eq!(out.status.code(), Some(0), "{profile}: {}", stderr(&out));
        let wrong = p
            .mock
            .state()
            .requests()
            .iter()
            .filter(|r| !r.authorized)
            .count();
        assert_eq!(wrong, 0, "{profile} never sent another project's secret");
    }
    // An env project id with no profile of its own is never paired with a profile's secret.
    let c = Project::new("C");
    let out = m
        .cmd()
        .env("STYTCH_PROJECT_ID", &c.id)
        .env("STYTCH_BASE_URL", c.url())
        .args(["rotate", "status", "--client-id", CLIENT_ID])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert_eq!(
        c.mock.state().requests().len(),
        0,
        "no secret, nothing sent"
    );
    // Logging in to b again with a's secret fails and leaves b's entry alone.
    let out = m.login("b", &b, &a.secret);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert_eq!(
        secret_tool_lookup(&b.keyring_user()).as_deref(),
        Some(b.secret.as_str())
    );
}

#[test]
fn logout_removes_the_entry_and_the_profile() {
    let m = Machine::new();
    let (a, b) = (Project::new("A"), Project::new("B"));
    m.login_ok("a", &a);
    m.login_ok("b", &b);
    let out = m.cmd().args(["auth", "logout"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "needs --yes: {}", stderr(&out));
    assert!(secret_tool_lookup(&a.keyring_user()).is_some());
    m.cmd().args(["auth", "logout", "--yes"]).assert().code(0);
    assert_eq!(secret_tool_lookup(&a.keyring_user()), None, "entry removed");
    let text = std::fs::read_to_string(m.config_file()).unwrap();
    assert!(
        !text.contains(&a.id) && !text.contains("[profiles.a]"),
        "{text}"
    );
    assert!(
        text.contains("default_profile = \"b\""),
        "the one left is the default: {text}"
    );
    assert_eq!(
        secret_tool_lookup(&b.keyring_user()).as_deref(),
        Some(b.secret.as_str())
    );
    let out = m.status(&["--profile", "a"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let out = m.status(&[]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "b is used now: {}",
        stderr(&out)
    );
    // A profile whose keyring entry went missing: exit 3 and how to log in again.
    let cleared = std::process::Command::new("secret-tool")
        .args([
            "clear",
            "service",
            "stytch-m2m",
            "username",
            &b.keyring_user(),
        ])
        .status()
        .unwrap();
    assert!(cleared.success());
    let out = m.status(&[]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("stytch-m2m auth login --profile b"),
        "{}",
        stderr(&out)
    );
    m.cmd()
        .args(["auth", "logout", "--profile", "b", "--yes", "--json"])
        .assert()
        .code(0);
    let (code, _) = (
        m.cmd()
            .args(["auth", "status"])
            .output()
            .unwrap()
            .status
            .code(),
        (),
    );
    assert_eq!(code, Some(3), "no profiles left");
}

#[test]
fn switch_sets_the_default_profile() {
    let m = Machine::new();
    let (a, b) = (Project::new("A"), Project::new("B"));
    m.login_ok("a", &a);
    m.login_ok("b", &b);
    let before = served(&b.mock);
    m.cmd().args(["auth", "switch", "b"]).assert().code(0);
    let out = m.status(&[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(served(&b.mock), before + 1);
    let text = std::fs::read_to_string(m.config_file()).unwrap();
    assert!(text.contains("default_profile = \"b\""), "{text}");
    let out = m.cmd().args(["auth", "switch", "nope"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("`a`, `b`"), "{}", stderr(&out));
    let out = m.cmd().args(["auth", "switch", "no/pe"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("invalid profile name"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn config_file_problems() {
    let m = Machine::new();
    let a = Project::new("A");
    m.login_ok("a", &a);
    let path = m.config_file().display().to_string();

    // A syntax error: exit 2, path:line:column and what is wrong, nothing sent.
    let sent = a.mock.state().requests().len();
    m.write_config(&format!(
        "default_profile = \"a\"\n[profiles.a]\nproject_id = \"{}\nbase_url = 1\n",
        a.id
    ));
    let out = m.status(&[]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!("{path}:3:")),
        "{}",
        stderr(&out)
    );
    assert_eq!(a.mock.state().requests().len(), sent);
    // A value of the wrong kind, located too.
    m.write_config(&format!(
        "[profiles.a]\nproject_id = \"{}\"\nbase_url = 1\n",
        a.id
    ));
    let out = m.status(&["--profile", "a"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!("{path}:3:12")),
        "{}",
        stderr(&out)
    );

    // An unknown key: a warning with its place, and the command works.
    m.write_config(&format!(
        "default_profile = \"a\"\ncolor = true\n[profiles.a]\nproject_id = \"{}\"\nbase_url = \"{}\"\n",
        a.id,
        a.url()
    ));
    let out = m.status(&[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!(
            "warning: {path}:2:1: unknown key `color` is ignored"
        )),
        "{}",
        stderr(&out)
    );
    // Under --json the warning is a JSON line.
    let out = m.status(&["--json"]);
    let warning: Value = serde_json::from_str(stderr(&out).lines().next().unwrap()).unwrap();
    assert!(warning["warning"].as_str().unwrap().contains("color"));

    // A profile that does not exist: exit 2, listing the names.
    let out = m.status(&["--profile", "prod"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("\"prod\"") && stderr(&out).contains("`a`"),
        "{}",
        stderr(&out)
    );
    let out = m
        .cmd()
        .env("STYTCH_M2M_PROFILE", "prod")
        .args(["auth", "status", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    // The warning's line, then the error's.
    let err: Value = serde_json::from_str(stderr(&out).lines().last().unwrap()).unwrap();
    assert_eq!(err["error"], "profile_not_found");
}

#[test]
fn no_file_holds_the_project_secret() {
    let m = Machine::new();
    let (a, b) = (Project::new("A"), Project::new("B"));
    m.login_ok("a", &a);
    m.login_ok("b", &b);
    for args in [
        &["rotate", "start", "--client-id", CLIENT_ID, "--keyring"][..],
        &["rotate", "complete", "--client-id", CLIENT_ID, "--yes"],
        &["auth", "status"],
        &["doctor"],
        &["auth", "switch", "b"],
    ] {
        let out = m.cmd().args(args).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}{}",
            stdout(&out),
            stderr(&out)
        );
        for text in [stdout(&out), stderr(&out)] {
            assert!(
                !text.contains(&a.secret) && !text.contains(&b.secret),
                "{args:?}"
            );
        }
    }
    m.cmd()
        .args(["auth", "logout", "--profile", "a", "--yes"])
        .assert()
        .code(0);
    assert!(m.config_file().exists());
    for secret in [&a.secret, &b.secret] {
        for dir in ["config", "state", "home", "xdg-config"] {
            assert_no_secret_under(&m.path(dir), secret);
        }
    }
    let _ = std::process::Command::new("secret-tool")
        .args([
            "clear",
            "service",
            "stytch-m2m",
            "username",
            &format!("{}/{CLIENT_ID}", a.id),
        ])
        .status();
}

#[test]
fn auth_status_json() {
    let m = Machine::new();
    let (a, b) = (Project::new("A"), Project::new("B"));
    m.login_ok("a", &a);
    m.login_ok("b", &b);
    let (code, v) = m.auth_status_json(&[]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["ok"], true);
    assert_eq!(v["default_profile"], "a");
    let profiles = v["profiles"].as_array().unwrap();
    assert_eq!(profiles.len(), 2);
    assert_eq!(profiles[0]["name"], "a");
    assert_eq!(profiles[0]["default"], true);
    assert_eq!(profiles[0]["project_id"], a.id.as_str());
    assert_eq!(profiles[0]["base_url"], a.url().trim_end_matches('/'));
    assert_eq!(profiles[0]["secret_source"], "keyring");
    assert_eq!(profiles[0]["works"], true);
    assert_eq!(profiles[1]["name"], "b");
    assert_eq!(profiles[1]["works"], true);

    // b stops working: status still exits 0 (the default works), but not when b is asked about.
    std::process::Command::new("secret-tool")
        .args([
            "clear",
            "service",
            "stytch-m2m",
            "username",
            &b.keyring_user(),
        ])
        .status()
        .unwrap();
    let (code, v) = m.auth_status_json(&[]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["ok"], false);
    assert_eq!(v["profiles"][1]["secret_source"], "missing");
    assert_eq!(v["profiles"][1]["error"]["error"], "not_logged_in");
    let (code, v) = m.auth_status_json(&["--profile", "b"]);
    assert_eq!(code, 3, "{v}");
    assert_eq!(v["profiles"].as_array().unwrap().len(), 1);

    // A rejected secret is "works": false, exit 3; --offline sends nothing.
    let searches = a.mock.state().requests().len();
    let (code, v) = m.auth_status_json(&["--offline", "--profile", "a"]);
    assert_eq!((code, &v["profiles"][0]["works"]), (0, &Value::Null));
    assert_eq!(a.mock.state().requests().len(), searches);
    let out = m
        .cmd()
        .env("STYTCH_SECRET", "secret-test-WRONG")
        .args(["auth", "status", "--json", "--profile", "a"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let v: Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(v["profiles"][0]["works"], false);
    assert_eq!(v["profiles"][0]["secret_source"], "env");
    assert_eq!(v["profiles"][0]["error"]["error"], "unauthorized");
    assert_eq!(
        stderr(&out),
        "",
        "under --json the report on stdout is the one object"
    );
}

/// A program at a real terminal (a pty from script(1)), answered prompt by prompt: each answer
/// is typed once the screen shows its prompt.
#[cfg(unix)]
struct Terminal {
    child: std::process::Child,
    screen: std::sync::Arc<std::sync::Mutex<String>>,
}

#[cfg(unix)]
impl Terminal {
    fn start(h: &Harness, line: &str, env: &[(&str, &str)]) -> Terminal {
        use std::io::Read;
        use std::process::Stdio;
        let mut cmd = std::process::Command::new("script");
        cmd.args(["-qefc", line, "/dev/null"]).env_clear();
        for (k, v) in h.env_pairs() {
            cmd.env(k, v);
        }
        cmd.envs(env.iter().copied()).env("TERM", "xterm");
        cmd.stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        let mut child = cmd.spawn().expect("script(1) from util-linux runs");
        let screen = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let (mut out, shown) = (child.stdout.take().unwrap(), screen.clone());
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = out.read(&mut buf) {
                if n == 0 {
                    break;
                }
                shown
                    .lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        Terminal { child, screen }
    }

    /// Waits until the screen shows `prompt` (after what was seen so far), then types `answer`.
    fn answer(&mut self, prompt: &str, answer: &str) {
        use std::io::Write;
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while !self.screen.lock().unwrap().contains(prompt) {
            assert!(
                std::time::Instant::now() < deadline,
                "no {prompt:?}: {}",
                self.screen()
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let stdin = self.child.stdin.as_mut().unwrap();
        stdin.write_all(answer.as_bytes()).unwrap();
        stdin.flush().unwrap();
    }

    fn screen(&self) -> String {
        self.screen.lock().unwrap().clone()
    }

    fn finish(mut self) -> (i32, String) {
        drop(self.child.stdin.take());
        let code = self.child.wait().unwrap().code().unwrap_or(-1);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        // The reader thread drains what is left once the pty closes.
        while std::sync::Arc::strong_count(&self.screen) > 1 && std::time::Instant::now() < deadline
        {
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        (code, self.screen())
    }
}

/// At a terminal, login asks for the project id and the secret (hidden), then for replacing.
#[cfg(unix)]
#[test]
fn login_at_a_terminal_asks() {
    require_session_keyring();
    let h = Harness::new();
    let config = tempfile::tempdir().unwrap();
    let dir = config.path().display().to_string();
    let env = [("STYTCH_M2M_CONFIG_DIR", dir.as_str())];
    let line = format!(
        "env -u STYTCH_PROJECT_ID -u STYTCH_SECRET {} auth login --profile term",
        bin().display()
    );
    let mut t = Terminal::start(&h, &line, &env);
    t.answer("Stytch project id", &format!("{}\r", h.project_id));
    t.answer("input is hidden", &format!("{PROJECT_SECRET}\r"));
    let (code, screen) = t.finish();
    assert_eq!(code, 0, "{screen}");
    assert!(
        !screen.contains(PROJECT_SECRET),
        "the secret is not echoed: {screen}"
    );
    let user = format!("project:{}", h.project_id);
    assert_eq!(secret_tool_lookup(&user).as_deref(), Some(PROJECT_SECRET));
    // Again: asked before replacing; declining changes nothing and sends nothing.
    let sent = h.requests().len();
    let mut t = Terminal::start(&h, &line, &env);
    t.answer("Replace profile `term`", "n");
    let (code, screen) = t.finish();
    assert_eq!(code, 130, "{screen}");
    assert_eq!(h.requests().len(), sent);
    let _ = std::process::Command::new("secret-tool")
        .args(["clear", "service", "stytch-m2m", "username", &user])
        .status();
}

/// The secret was rotated on the dashboard: the stored one is refused, and the fix is to log in.
#[test]
fn a_refused_stored_secret_says_how_to_log_in_again() {
    use std::io::Write;
    let m = Machine::new();
    let a = Project::new("A");
    m.login_ok("a", &a);
    let mut store = std::process::Command::new("secret-tool")
        .args([
            "store",
            "--label=stale",
            "service",
            "stytch-m2m",
            "username",
        ])
        .arg(a.keyring_user())
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    store
        .stdin
        .take()
        .unwrap()
        .write_all(b"secret-test-STALE")
        .unwrap();
    assert!(store.wait().unwrap().success());
    let out = m.status(&[]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("run `stytch-m2m auth login --profile a` again"),
        "{}",
        stderr(&out)
    );
    assert!(!stderr(&out).contains("secret-test-STALE"));
}

/// #27.3: `auth login`'s result line names the profile, the project and the URL in that order;
/// how to use a profile that is not the default comes after them.
#[test]
fn the_login_line_names_profile_project_and_url_in_that_order() {
    let m = Machine::new();
    let (a, b) = (Project::new("a"), Project::new("b"));
    let out = m.login("first", &a, &a.secret);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let expected = format!(
        "Logged in: profile `first` (the default), project {}, {}.\n",
        a.id,
        a.url()
    );
    assert!(stderr(&out).starts_with(&expected), "{}", stderr(&out));
    let out = m.login("second", &b, &b.secret);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let expected = format!(
        "Logged in: profile `second`, project {}, {}; use it with --profile second, or `stytch-m2m auth switch second`.\n",
        b.id,
        b.url()
    );
    assert!(stderr(&out).starts_with(&expected), "{}", stderr(&out));
}
