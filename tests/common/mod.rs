//! Shared test harness: a local Stytch (in-process, real HTTP on loopback) and the real binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Stdio;

use assert_cmd::Command;
pub use stytch_m2m_mock::{ClientRecord, Fault, FaultKind, MockServer, RecordedRequest, Route};

/// A recognisable project secret: leak checks search every output for it.
pub const PROJECT_SECRET: &str = "secret-test-PROJECTSECRETxK9q2LrVb7M1nZ4";
pub const CLIENT_ID: &str = "m2m-client-test-00000000-0000-4000-8000-00000000c0de";

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
        self.env(cmd.env_clear());
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

    fn env<'a>(&self, cmd: &'a mut Command) -> &'a mut Command {
        for (k, v) in self.env_pairs() {
            cmd.env(k, v);
        }
        cmd
    }

    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.mock.state().requests()
    }

    pub fn requests_to(&self, route: Route) -> usize {
        self.requests().iter().filter(|r| r.route == route).count()
    }

    /// Waits until a request to `route` has reached the local Stytch (it is then in flight).
    pub fn wait_for(&self, route: Route) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while self.requests_to(route) == 0 {
            assert!(
                std::time::Instant::now() < deadline,
                "{route:?} never arrived"
            );
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
    }

    pub fn inject(&self, route: Route, kind: FaultKind) {
        self.mock.state().inject(Fault {
            route: Some(route),
            kind,
            times: 1,
        });
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

    /// Starts a rotation directly in the local Stytch state (as if another operator had).
    pub fn start_rotation(&self) -> String {
        let out = self
            .cmd()
            .args(["rotate", "start", "--client-id", CLIENT_ID])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap().trim().to_owned()
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.home.path().join(name)
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

/// Runs a shell command line under `script`, so the program sees a real terminal (a pty) on
/// stdin, stdout and stderr; `input` is typed at it. Returns the exit code and what the terminal
/// showed.
pub fn in_terminal(
    h: &Harness,
    shell_line: &str,
    extra_env: &[(&str, &str)],
    input: &str,
) -> (i32, String) {
    use std::io::Write;
    let mut cmd = std::process::Command::new("script");
    cmd.args(["-qefc", shell_line, "/dev/null"]);
    cmd.env_clear();
    for (k, v) in h.env_pairs() {
        cmd.env(k, v);
    }
    for (k, v) in extra_env {
        cmd.env(k, v);
    }
    cmd.env("TERM", "xterm");
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("script(1) from util-linux runs");
    {
        let mut stdin = child.stdin.take().unwrap();
        // Give the program time to reach its prompt, as a person would.
        std::thread::sleep(std::time::Duration::from_millis(300));
        stdin.write_all(input.as_bytes()).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(300));
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// A D-Bus session of a test's own, with its own unlocked gnome-keyring: for the tests that lock
/// the keyring, which must not disturb the shared one.
pub struct PrivateKeyring {
    pub address: String,
    daemon: std::process::Child,
    dir: tempfile::TempDir,
}

impl PrivateKeyring {
    pub fn start() -> PrivateKeyring {
        use std::io::{BufRead, Write};
        let dir = tempfile::tempdir().unwrap();
        for sub in ["home", "data", "run"] {
            std::fs::create_dir(dir.path().join(sub)).unwrap();
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(
                dir.path().join("run"),
                std::fs::Permissions::from_mode(0o700),
            )
            .unwrap();
        }
        let mut daemon = std::process::Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address=1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-daemon (Debian: dbus) runs");
        let mut address = String::new();
        std::io::BufReader::new(daemon.stdout.take().unwrap())
            .read_line(&mut address)
            .unwrap();
        let address = address.trim().to_owned();
        let keyring = PrivateKeyring {
            address,
            daemon,
            dir,
        };
        let mut unlock = keyring
            .command("gnome-keyring-daemon")
            .args(["--components=secrets", "--daemonize", "--unlock"])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("gnome-keyring-daemon (Debian: gnome-keyring) runs");
        unlock
            .stdin
            .take()
            .unwrap()
            .write_all(b"private-test-password")
            .unwrap();
        unlock.wait().unwrap();
        // The unlock's exit code proves nothing: wait for the bus name.
        for _ in 0..100 {
            if secret_service_on_bus(keyring.command("dbus-send")) {
                return keyring;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        panic!("the private Secret Service never appeared on the bus");
    }

    /// A command that talks to this keyring.
    pub fn command(&self, program: &str) -> std::process::Command {
        let mut cmd = std::process::Command::new(program);
        self.env(&mut cmd);
        cmd
    }

    pub fn env(&self, cmd: &mut std::process::Command) {
        let d = self.dir.path();
        cmd.env("DBUS_SESSION_BUS_ADDRESS", &self.address)
            .env("HOME", d.join("home"))
            .env("XDG_DATA_HOME", d.join("data"))
            .env("XDG_RUNTIME_DIR", d.join("run"));
    }

    /// Locks the default collection, as a screen lock or `secret-tool lock` would.
    pub fn lock(&self) {
        let out = self
            .command("dbus-send")
            .args([
                "--session",
                "--print-reply",
                "--dest=org.freedesktop.secrets",
                "/org/freedesktop/secrets",
                "org.freedesktop.Secret.Service.Lock",
                "array:objpath:/org/freedesktop/secrets/collection/login",
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "lock: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

impl Drop for PrivateKeyring {
    fn drop(&mut self) {
        // gnome-keyring-daemon leaves when its bus goes away.
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

/// The shared session keyring that scripts/test.sh starts. Keyring tests need it; outside that
/// script they fail with a pointer to it rather than pass without testing anything.
pub fn require_session_keyring() {
    let ok = std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some()
        && secret_service_on_bus(std::process::Command::new("dbus-send"));
    assert!(
        ok,
        "no Secret Service on the session bus: run the suite with scripts/test.sh"
    );
}

/// Whether `org.freedesktop.secrets` has an owner on the session bus `dbus_send` talks to.
fn secret_service_on_bus(mut dbus_send: std::process::Command) -> bool {
    dbus_send
        .args([
            "--session",
            "--print-reply",
            "--dest=org.freedesktop.DBus",
            "/org/freedesktop/DBus",
            "org.freedesktop.DBus.NameHasOwner",
            "string:org.freedesktop.secrets",
        ])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).contains("boolean true"))
        .unwrap_or(false)
}

/// `secret-tool lookup service stytch-m2m username USER` on the session keyring.
pub fn secret_tool_lookup(user: &str) -> Option<String> {
    let out = std::process::Command::new("secret-tool")
        .args(["lookup", "service", "stytch-m2m", "username", user])
        .output()
        .expect("secret-tool (Debian: libsecret-tools) runs");
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// A throwaway CA and a server certificate it signed, for the local Stytch over https.
pub struct TestPki {
    pub ca_pem: String,
    pub cert_pem: String,
    pub key_pem: String,
}

impl TestPki {
    /// A CA, and a certificate from it for `names` (e.g. "localhost").
    pub fn new(names: &[&str]) -> TestPki {
        use rcgen::{
            BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair, KeyUsagePurpose,
        };
        let ca_key = KeyPair::generate().unwrap();
        let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
        ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        let name = format!("stytch-m2m test CA {}", stytch_m2m_mock::state::uuid());
        ca.distinguished_name.push(DnType::CommonName, name);
        ca.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let ca_cert = ca.self_signed(&ca_key).unwrap();
        let issuer = Issuer::new(ca, ca_key);
        let key = KeyPair::generate().unwrap();
        let params =
            CertificateParams::new(names.iter().map(|n| n.to_string()).collect::<Vec<_>>())
                .unwrap();
        let cert = params.signed_by(&key, &issuer).unwrap();
        TestPki {
            ca_pem: ca_cert.pem(),
            cert_pem: cert.pem(),
            key_pem: key.serialize_pem(),
        }
    }

    pub fn write_ca(&self, dir: &Path) -> PathBuf {
        let path = dir.join("test-ca.pem");
        std::fs::write(&path, &self.ca_pem).unwrap();
        path
    }
}

/// A forward proxy on loopback that understands CONNECT (for https) and absolute-form requests
/// (for http), and records every target it was asked for.
pub struct ForwardProxy {
    pub addr: std::net::SocketAddr,
    pub seen: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
    pub auth_seen: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl ForwardProxy {
    pub fn start() -> ForwardProxy {
        use std::io::{BufRead, BufReader, Read, Write};
        use std::net::{TcpListener, TcpStream};
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let auth_seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let (seen2, auth2) = (seen.clone(), auth_seen.clone());
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let (seen, auth) = (seen2.clone(), auth2.clone());
                std::thread::spawn(move || {
                    let mut reader = BufReader::new(client.try_clone().unwrap());
                    let mut head = Vec::new();
                    loop {
                        let mut line = String::new();
                        if reader.read_line(&mut line).unwrap_or(0) == 0 {
                            return;
                        }
                        let end = line == "\r\n";
                        head.push(line);
                        if end {
                            break;
                        }
                    }
                    let request_line = head[0].trim().to_owned();
                    for h in &head[1..] {
                        if let Some(v) = h
                            .strip_prefix("Proxy-Authorization: ")
                            .or_else(|| h.strip_prefix("proxy-authorization: "))
                        {
                            auth.lock().unwrap().push(v.trim().to_owned());
                        }
                    }
                    let mut parts = request_line.split(' ');
                    let (method, target) = (
                        parts.next().unwrap_or(""),
                        parts.next().unwrap_or("").to_owned(),
                    );
                    seen.lock().unwrap().push(format!("{method} {target}"));
                    let (upstream_addr, rewritten) = if method == "CONNECT" {
                        (target.clone(), None)
                    } else {
                        let rest = target.strip_prefix("http://").unwrap_or(&target);
                        let (host, path) = rest
                            .split_once('/')
                            .map(|(h, p)| (h, format!("/{p}")))
                            .unwrap_or((rest, "/".into()));
                        let mut req = format!("{method} {path} HTTP/1.1\r\n");
                        for h in &head[1..] {
                            if !h.to_ascii_lowercase().starts_with("proxy-") {
                                req.push_str(h);
                            }
                        }
                        (host.to_owned(), Some(req))
                    };
                    let Ok(mut upstream) = TcpStream::connect(&upstream_addr) else {
                        let _ = (&client)
                            .write_all(b"HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\n\r\n");
                        return;
                    };
                    match rewritten {
                        None => {
                            let _ =
                                (&client).write_all(b"HTTP/1.1 200 Connection Established\r\n\r\n");
                        }
                        Some(req) => {
                            let _ = upstream.write_all(req.as_bytes());
                        }
                    }
                    // Whatever the reader buffered past the head goes upstream first.
                    let buffered = reader.buffer().to_vec();
                    let _ = upstream.write_all(&buffered);
                    let mut up_read = upstream.try_clone().unwrap();
                    let mut down = client.try_clone().unwrap();
                    let t = std::thread::spawn(move || {
                        let _ = std::io::copy(&mut up_read, &mut down);
                        let _ = down.shutdown(std::net::Shutdown::Write);
                    });
                    let mut client_read = client;
                    let mut buf = [0u8; 8192];
                    loop {
                        match client_read.read(&mut buf) {
                            Ok(0) | Err(_) => break,
                            Ok(n) => {
                                if upstream.write_all(&buf[..n]).is_err() {
                                    break;
                                }
                            }
                        }
                    }
                    let _ = upstream.shutdown(std::net::Shutdown::Write);
                    let _ = t.join();
                });
            }
        });
        ForwardProxy {
            addr,
            seen,
            auth_seen,
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn seen(&self) -> Vec<String> {
        self.seen.lock().unwrap().clone()
    }
}
