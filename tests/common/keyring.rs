//! Keyring sessions: the shared Secret Service that scripts/test.sh starts, and a private one
//! (its own D-Bus and gnome-keyring) for tests that lock or stall a keyring.

use std::process::Stdio;

/// A D-Bus session of a test's own, with its own unlocked gnome-keyring: for the tests that lock
/// the keyring, which must not disturb the shared one.
pub struct PrivateKeyring {
    pub address: String,
    daemon: std::process::Child,
    dir: tempfile::TempDir,
    /// The gnome-keyring-daemon stopped by [`PrivateKeyring::stall`], to be continued.
    stalled: std::sync::Mutex<Option<String>>,
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
            stalled: std::sync::Mutex::new(None),
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
        keyring.wait_for_service();
        keyring
    }

    /// Waits until the Secret Service is on this session's bus (after a start or a `--replace`).
    /// Up to 60 s: eight keyrings start at once in the fault table, on two cores, and a daemon
    /// slow to appear is load, not a failure.
    pub fn wait_for_service(&self) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        while !secret_service_on_bus(self.command("dbus-send")) {
            assert!(
                std::time::Instant::now() < deadline,
                "the private Secret Service never appeared on the bus (60 s)"
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    }

    /// A command that talks to this keyring, with the keyring's own HOME and data directory
    /// (for the daemon and the keyring tools, never for the binary under test).
    pub fn command(&self, program: &str) -> std::process::Command {
        let mut cmd = std::process::Command::new(program);
        let d = self.dir.path();
        self.env(&mut cmd);
        cmd.env("HOME", d.join("home"))
            .env("XDG_DATA_HOME", d.join("data"));
        cmd
    }

    /// Points the binary under test at this keyring: the bus and its runtime directory only.
    /// HOME stays the harness's, so the journal, locks and config the binary writes are where
    /// the harness scans them (`Harness`'s drop, `Harness::journal`).
    pub fn env(&self, cmd: &mut std::process::Command) {
        cmd.env("DBUS_SESSION_BUS_ADDRESS", &self.address)
            .env("XDG_RUNTIME_DIR", self.dir.path().join("run"));
    }

    /// `secret-tool lookup service stytch-m2m username USER` on this keyring.
    pub fn lookup(&self, user: &str) -> Option<String> {
        let out = self
            .command("secret-tool")
            .args(["lookup", "service", "stytch-m2m", "username", user])
            .output()
            .expect("secret-tool (Debian: libsecret-tools) runs");
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
    }

    /// Stops (SIGSTOP) the Secret Service of this session: every keyring call then waits for an
    /// answer that does not come, as with a hung or unresponsive keyring. [`resume`] (or drop)
    /// continues it.
    ///
    /// [`resume`]: PrivateKeyring::resume
    pub fn stall(&self) {
        let out = self
            .command("dbus-send")
            .args([
                "--session",
                "--print-reply",
                "--dest=org.freedesktop.DBus",
                "/org/freedesktop/DBus",
                "org.freedesktop.DBus.GetConnectionUnixProcessID",
                "string:org.freedesktop.secrets",
            ])
            .output()
            .unwrap();
        let reply = String::from_utf8_lossy(&out.stdout);
        let pid = reply
            .split_whitespace()
            .skip_while(|w| *w != "uint32")
            .nth(1)
            .unwrap_or_else(|| panic!("no pid for the Secret Service: {reply}"))
            .to_owned();
        signal(&pid, "STOP");
        *self.stalled.lock().unwrap() = Some(pid);
    }

    /// Continues a keyring stopped by [`PrivateKeyring::stall`].
    pub fn resume(&self) {
        if let Some(pid) = self.stalled.lock().unwrap().take() {
            signal(&pid, "CONT");
        }
    }

    /// Starts watching the calls made to this keyring's Secret Service (dbus-monitor), before
    /// the command under test runs.
    pub fn watch_calls(&self) -> KeyringCalls {
        let mut child = self
            .command("dbus-monitor")
            .args([
                "--address",
                &self.address,
                "type='method_call',destination='org.freedesktop.secrets'",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-monitor (Debian: dbus-bin) runs");
        let seen = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let mut out = child.stdout.take().unwrap();
        let log = seen.clone();
        std::thread::spawn(move || {
            use std::io::Read;
            let mut buf = [0u8; 4096];
            while let Ok(n @ 1..) = out.read(&mut buf) {
                log.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        let calls = KeyringCalls { child, seen };
        // dbus-monitor is told its name (NameAcquired) before it becomes a monitor (NameLost).
        calls.wait_for("NameLost");
        calls
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
        self.resume();
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

/// The calls to a private keyring's Secret Service, as dbus-monitor prints them.
pub struct KeyringCalls {
    child: std::process::Child,
    seen: std::sync::Arc<std::sync::Mutex<String>>,
}

impl KeyringCalls {
    /// Waits until a call whose printed form (member name, arguments) contains `text` was made.
    pub fn wait_for(&self, text: &str) {
        super::harness::wait_until(&format!("a keyring call with {text:?}"), || {
            self.seen.lock().unwrap().contains(text)
        });
    }
}

impl Drop for KeyringCalls {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn signal(pid: &str, name: &str) {
    let status = std::process::Command::new("kill")
        .args([&format!("-{name}"), pid])
        .status()
        .expect("kill (Debian: procps) runs");
    assert!(status.success(), "kill -{name} {pid}");
}
