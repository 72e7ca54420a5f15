//! The harness: a local Stytch (in-process, real HTTP on loopback), one client in it, a private
//! HOME, and the real binary pointed at them with a clean environment.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use stytch_m2m_mock::{ClientRecord, Fault, FaultKind, MockServer, RecordedRequest, Route};

/// A recognisable project secret: leak checks search every output for it.
pub const PROJECT_SECRET: &str = "secret-test-PROJECTSECRETxK9q2LrVb7M1nZ4";
pub const CLIENT_ID: &str = "m2m-client-test-00000000-0000-4000-8000-00000000c0de";

/// How long a test waits for something that must happen before it calls the wait a failure.
pub const EVENT_DEADLINE: Duration = Duration::from_secs(10);

pub fn bin() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_stytch-m2m"))
}

pub struct Harness {
    /// Unique per harness, so tests running in parallel never share a keyring entry.
    pub project_id: String,
    pub mock: MockServer,
    pub client: ClientRecord,
    pub home: tempfile::TempDir,
}

/// After every test: no byte under the state directory (journal, locks) or the config directory
/// holds the project secret or any secret the local Stytch minted or seeded.
impl Drop for Harness {
    fn drop(&mut self) {
        if std::thread::panicking() {
            return;
        }
        let mut secrets = vec![PROJECT_SECRET.to_owned()];
        secrets.extend(
            self.mock
                .state()
                .minted_secrets()
                .into_iter()
                .map(|m| m.secret),
        );
        for dir in [self.state_dir(), self.config_dir(), self.lock_dir()] {
            assert_secret_free(&dir, &secrets);
        }
    }
}

/// Fails if any file under `dir` (if it exists) contains one of `secrets`.
pub fn assert_secret_free(dir: &Path, secrets: &[String]) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            assert_secret_free(&path, secrets);
            continue;
        }
        let bytes = std::fs::read(&path).unwrap_or_default();
        let text = String::from_utf8_lossy(&bytes);
        for secret in secrets.iter().filter(|s| !s.is_empty()) {
            assert!(
                !text.contains(secret.as_str()),
                "{} holds a secret",
                path.display()
            );
        }
    }
}

impl Default for Harness {
    fn default() -> Self {
        Self::new()
    }
}

impl Harness {
    pub fn new() -> Self {
        let project_id = format!("project-test-{}", stytch_m2m_mock::state::uuid());
        let mock = MockServer::start(&project_id, PROJECT_SECRET).expect("local Stytch starts");
        let client = mock.add_client(CLIENT_ID);
        Harness {
            project_id,
            mock,
            client,
            home: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// The binary with a clean environment pointed at the local Stytch.
    pub fn cmd(&self) -> Command {
        let mut cmd = Command::new(bin());
        cmd.env_clear();
        for (k, v) in self.env_pairs() {
            cmd.env(k, v);
        }
        cmd
    }

    /// The same for std::process (when a test needs to signal or hold pipes).
    pub fn std_cmd(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(bin());
        cmd.env_clear();
        for (k, v) in self.env_pairs() {
            cmd.env(k, v);
        }
        cmd.stdin(Stdio::null());
        cmd
    }

    pub fn env_pairs(&self) -> Vec<(String, String)> {
        let mut env = vec![
            ("STYTCH_PROJECT_ID".to_owned(), self.project_id.clone()),
            ("STYTCH_SECRET".to_owned(), PROJECT_SECRET.to_owned()),
            ("STYTCH_BASE_URL".to_owned(), self.mock.url()),
            ("HOME".to_owned(), self.home.path().display().to_string()),
            // Locks in a place of the test's own (#23: they leave the state directory).
            (
                "STYTCH_M2M_LOCK_DIR".to_owned(),
                self.lock_dir().display().to_string(),
            ),
            ("PATH".to_owned(), std::env::var("PATH").unwrap_or_default()),
        ];
        // The keyring lives on the session bus: keep the test's bus, if any.
        for key in ["DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR"] {
            if let Ok(v) = std::env::var(key) {
                env.push((key.to_owned(), v));
            }
        }
        env
    }

    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.mock.state().requests()
    }

    pub fn requests_to(&self, route: Route) -> usize {
        self.requests().iter().filter(|r| r.route == route).count()
    }

    /// Waits until a request to `route` has reached the local Stytch (it is then in flight).
    pub fn wait_for(&self, route: Route) {
        self.wait_for_count(route, 1);
    }

    /// Waits until `count` requests to `route` have reached the local Stytch.
    pub fn wait_for_count(&self, route: Route, count: usize) {
        wait_until(&format!("{count} request(s) to {route:?}"), || {
            self.requests_to(route) >= count
        });
    }

    /// Holds the next request to `route` inside the local Stytch, before it changes anything,
    /// until [`Harness::release`] or until a second request to `route` arrives (a `Barrier` of
    /// two; at most 10 s): a request in flight for as long as the test needs, with no clock to
    /// race. [`Harness::wait_held`] waits for it to arrive.
    pub fn hold(&self, route: Route) {
        self.inject(route, FaultKind::Barrier { count: 2 });
    }

    /// Waits until a request is held by [`Harness::hold`] (a held request is recorded only once
    /// it goes on, so [`Harness::wait_for`] cannot see it).
    pub fn wait_held(&self) {
        wait_until("a request held inside the local Stytch", || {
            self.mock.state().held_at_barriers() >= 1
        });
    }

    /// Lets held requests go on (and clears every fault still waiting).
    pub fn release(&self) {
        self.mock.state().clear_faults();
    }

    pub fn inject(&self, route: Route, kind: FaultKind) {
        self.inject_times(route, kind, 1);
    }

    pub fn inject_times(&self, route: Route, kind: FaultKind, times: u32) {
        self.mock.state().inject(Fault {
            route: Some(route),
            kind,
            times,
        });
    }

    pub fn record(&self) -> ClientRecord {
        self.mock.state().client(CLIENT_ID).expect("client exists")
    }

    pub fn pending(&self) -> Option<String> {
        self.record().next_client_secret
    }

    /// Runs `rotate start` (to stdout) with the real binary, asserts it succeeded and returns the
    /// secret it printed: the way a test gets a pending rotation whose secret it holds.
    pub fn start_rotation(&self) -> String {
        let out = self
            .cmd()
            .args(["rotate", "start", "--client-id", CLIENT_ID])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        String::from_utf8(out.stdout).unwrap().trim().to_owned()
    }

    /// Runs the binary with `args`, asserts it succeeded (exit 0) and returns its stderr.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.cmd().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        stderr(&out)
    }

    /// `rotate start` of the usual client (to stdout), answered with Stytch's own 500; with
    /// `commit`, after the change: a secret was minted that the answer never carried.
    pub fn start_answered_500(&self, commit: bool) -> std::process::Output {
        self.inject(
            Route::RotateStart,
            FaultKind::Status {
                status: 500,
                commit,
            },
        );
        self.cmd()
            .args(["rotate", "start", "--client-id", CLIENT_ID])
            .output()
            .unwrap()
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.home.path().join(name)
    }

    /// The state directory the binary uses with this harness's environment (HOME, no
    /// `STYTCH_M2M_STATE_DIR`): the journal. The locks live in [`Harness::lock_dir`].
    pub fn state_dir(&self) -> PathBuf {
        self.path(".local/state/stytch-m2m")
    }

    /// The config directory the binary uses with this harness's environment.
    pub fn config_dir(&self) -> PathBuf {
        self.path(".config/stytch-m2m")
    }

    /// `STYTCH_M2M_LOCK_DIR` as the harness sets it.
    pub fn lock_dir(&self) -> PathBuf {
        self.path("locks")
    }

    /// The journal's entries, in order. A missing or unreadable journal fails the test: call it
    /// where a journal must exist.
    pub fn journal(&self) -> Vec<serde_json::Value> {
        let path = self.state_dir().join("journal.jsonl");
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("no journal at {}: {e}", path.display()));
        text.lines()
            .map(|l| serde_json::from_str(l).expect("every journal line is JSON"))
            .collect()
    }

    /// Whether a journal exists (for rows that may write none: `--no-journal`, a read).
    pub fn has_journal(&self) -> bool {
        self.state_dir().join("journal.jsonl").exists()
    }
}

/// Polls `done` (every few milliseconds) until it holds; fails the test after [`EVENT_DEADLINE`].
/// For events the test cannot be told about directly (a request reached the server, a process
/// showed a prompt), never for a fixed delay.
pub fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + EVENT_DEADLINE;
    while !done() {
        assert!(Instant::now() < deadline, "waited in vain for {what}");
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// `/dev/full`, where every write fails with ENOSPC: a full disk on demand.
pub fn dev_full() -> std::fs::File {
    std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap()
}

pub fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A loopback port that refuses connections: a socket is bound to it, so nothing else can take
/// the port while the test runs, but it never listens. Dropping it frees the port.
pub struct RefusedPort {
    _socket: tokio::net::TcpSocket,
    pub port: u16,
}

impl RefusedPort {
    pub fn new() -> RefusedPort {
        let socket = tokio::net::TcpSocket::new_v4().unwrap();
        socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
        let port = socket.local_addr().unwrap().port();
        RefusedPort {
            _socket: socket,
            port,
        }
    }

    /// `http://127.0.0.1:PORT`
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}
