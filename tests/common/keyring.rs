//! Keyring sessions: the shared Secret Service that scripts/test.sh starts, and a private one
//! (its own D-Bus and gnome-keyring) for tests that lock or stall a keyring.

use std::process::Stdio;

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
