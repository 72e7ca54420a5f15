//! The OS keyring: Secret Service on Linux and the BSDs (not the kernel keyutils keyring, which
//! lives in memory and is gone on reboot), Keychain on macOS, Credential Manager on Windows.
//!
//! Every call runs on a blocking thread under a timeout: a locked collection can sit waiting for
//! an unlock prompt nobody will answer.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use keyring_core::api::CredentialStore;
use keyring_core::Error as KeyringError;

use crate::error::{Error, ErrorKind, Result};
use crate::redacted::Secret;
use crate::sanitize::sanitize;

use super::SERVICE;

#[derive(Clone)]
pub struct Keyring {
    store: Arc<CredentialStore>,
    timeout: Duration,
}

impl Keyring {
    /// Connects to the platform's store. Fails with the store's own reason (no session bus, no
    /// Secret Service provider, …), not a bare "no default store".
    pub async fn open(timeout: Duration) -> Result<Keyring> {
        let store = blocking(timeout, "connect to the keyring", platform_store).await?;
        Ok(Keyring { store, timeout })
    }

    /// The same, failing first with the plain reason when there is no session bus (as `doctor`
    /// says it): on Linux a missing `DBUS_SESSION_BUS_ADDRESS` otherwise surfaces as a socket error.
    pub async fn open_session(timeout: Duration) -> Result<Keyring> {
        if cfg!(all(unix, not(target_os = "macos")))
            && std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none()
        {
            return Err(no_bus());
        }
        Keyring::open(timeout).await
    }

    /// What kind of store this is, for messages and `doctor`.
    pub fn name() -> &'static str {
        if cfg!(target_os = "macos") {
            "macOS Keychain"
        } else if cfg!(windows) {
            "Windows Credential Manager"
        } else {
            "Secret Service (D-Bus)"
        }
    }

    pub async fn set(&self, user: &str, label: &str, secret: &Secret) -> Result<()> {
        let (store, user, label, secret) = (
            self.store.clone(),
            user.to_owned(),
            label.to_owned(),
            secret.clone(),
        );
        fits(secret.expose())?;
        blocking(self.timeout, "write to the keyring", move || {
            if !user.starts_with("probe/") {
                crate::inflight::test_panic_point("keyring-set");
            }
            let modifiers = write_modifiers(&label);
            let entry = store.build(SERVICE, &user, Some(&modifiers))?;
            entry.set_password(secret.expose())
        })
        .await
    }

    pub async fn get(&self, user: &str) -> Result<Option<Secret>> {
        let (store, user) = (self.store.clone(), user.to_owned());
        blocking(self.timeout, "read from the keyring", move || {
            let entry = store.build(SERVICE, &user, None)?;
            match entry.get_password() {
                Ok(value) => Ok(Some(Secret::new(value))),
                Err(KeyringError::NoEntry) => Ok(None),
                Err(e) => Err(e),
            }
        })
        .await
    }

    /// Deletes an entry; `Ok(false)` when there was none.
    pub async fn delete(&self, user: &str) -> Result<bool> {
        let (store, user) = (self.store.clone(), user.to_owned());
        blocking(self.timeout, "delete from the keyring", move || {
            let entry = store.build(SERVICE, &user, None)?;
            match entry.delete_credential() {
                Ok(()) => Ok(true),
                Err(KeyringError::NoEntry) => Ok(false),
                Err(e) => Err(e),
            }
        })
        .await
    }

    /// Writes `secret`, reads it back and compares: the only proof that it is really stored.
    pub async fn put_verified(&self, user: &str, label: &str, secret: &Secret) -> Result<()> {
        self.set(user, label, secret).await?;
        if !user.starts_with("probe/") {
            crate::inflight::test_pause_point("keyring-written");
        }
        match self.get(user).await? {
            Some(read) if read == *secret => Ok(()),
            Some(_) => Err(Error::new(
                ErrorKind::KeyringReadbackMismatch,
                format!("the keyring returned a different value for {user} than was written"),
            )),
            None => Err(Error::new(
                ErrorKind::KeyringReadbackMissing,
                format!("the keyring accepted {user} but does not return it"),
            )),
        }
    }

    /// Pre-flight: the keyring can be reached and is unlocked. Writes, reads back and deletes a
    /// probe entry, so a locked collection is found before a secret depends on it.
    pub async fn probe(&self) -> Result<()> {
        let user = format!("probe/{}", std::process::id());
        let probe = Secret::new(format!("stytch-m2m probe {}", std::process::id()));
        self.put_verified(
            &user,
            "stytch-m2m pre-flight probe (safe to delete)",
            &probe,
        )
        .await?;
        self.delete(&user).await?;
        Ok(())
    }
}

fn platform_store() -> keyring_core::Result<Arc<CredentialStore>> {
    #[cfg(all(
        unix,
        not(any(target_os = "macos", target_os = "ios", target_os = "android"))
    ))]
    {
        let store: Arc<CredentialStore> = zbus_secret_service_keyring_store::Store::new()?;
        Ok(store)
    }
    #[cfg(target_os = "macos")]
    {
        let store: Arc<CredentialStore> = apple_native_keyring_store::keychain::Store::new()?;
        Ok(store)
    }
    #[cfg(target_os = "windows")]
    {
        // Pinned, not left to the crate's defaults (which differ between its constructors).
        let store: Arc<CredentialStore> =
            windows_native_keyring_store::Store::new_with_configuration(&windows_naming())?;
        Ok(store)
    }
    #[cfg(not(any(
        all(
            unix,
            not(any(target_os = "macos", target_os = "ios", target_os = "android"))
        ),
        target_os = "macos",
        target_os = "windows"
    )))]
    {
        Err(KeyringError::NotSupportedByStore(
            "this platform has no supported keyring".into(),
        ))
    }
}

/// What to do about a locked store, in this platform's terms.
fn locked_hint() -> &'static str {
    if cfg!(target_os = "macos") {
        "the login keychain is locked: unlock it (`security unlock-keychain`, or log in to the desktop session), then run the command again"
    } else if cfg!(windows) {
        "Credential Manager refused access: run the command in the logged-in user's own session (not a service account or a remote session without a profile)"
    } else {
        "the keyring is locked: unlock it (log in to the desktop session, or run `gnome-keyring-daemon --replace --components=secrets --daemonize --unlock`, type the keyring's password and press Ctrl-D), then run the command again"
    }
}

/// How a `(service, user)` pair is named in Credential Manager: the generic credential's target
/// is `<user>.<service>` (`<project>/<client>[/next].stytch-m2m`, the `keyring` crates' naming)
/// and its user name is `<user>`. The service never contains the divider and always ends the
/// target, so different users never share a credential.
#[cfg_attr(not(windows), allow(dead_code))]
fn windows_naming() -> HashMap<&'static str, &'static str> {
    HashMap::from([("prefix", ""), ("divider", "."), ("suffix", "")])
}

/// Modifiers for a write, as each store accepts them (an unknown one fails the write):
/// the Secret Service shows a label; the Keychain takes none (its entries show the service);
/// Credential Manager keeps the secret on this machine (`Local`) instead of roaming it to every
/// computer of a domain profile (`Enterprise`, the crate's default).
fn write_modifiers(label: &str) -> HashMap<&'static str, &str> {
    if cfg!(target_os = "macos") {
        HashMap::new()
    } else if cfg!(windows) {
        HashMap::from([("persistence", "Local")])
    } else {
        HashMap::from([("label", label)])
    }
}

/// Credential Manager holds at most 2560 bytes per secret (`CRED_MAX_CREDENTIAL_BLOB_SIZE`),
/// stored as UTF-16: 1280 ASCII characters. The other stores have no limit a secret can reach.
const WINDOWS_BLOB_LIMIT: usize = 2560;

/// Whether `secret` fits this platform's store, checked before anything is written.
fn fits(secret: &str) -> Result<()> {
    if cfg!(windows) {
        fits_blob(secret, WINDOWS_BLOB_LIMIT)
    } else {
        Ok(())
    }
}

fn fits_blob(secret: &str, limit: usize) -> Result<()> {
    let bytes = secret.encode_utf16().count() * 2;
    if bytes <= limit {
        return Ok(());
    }
    Err(Error::new(
        ErrorKind::KeyringFailed,
        format!(
            "the secret is {bytes} bytes as UTF-16, more than the {limit} that {} holds per entry",
            Keyring::name()
        ),
    )
    .hint("keep this secret with --secret-file or on stdout instead of the keyring"))
}

/// Runs a keyring call on a blocking thread, bounded by `timeout`.
async fn blocking<T: Send + 'static>(
    timeout: Duration,
    what: &'static str,
    call: impl FnOnce() -> keyring_core::Result<T> + Send + 'static,
) -> Result<T> {
    let task = tokio::task::spawn_blocking(call);
    match tokio::time::timeout(timeout, task).await {
        Err(_) => Err(Error::new(ErrorKind::KeyringTimeout,
            format!("could not {what}: no answer within {} s", timeout.as_secs_f64()),
        )
        .hint("the keyring may be waiting for an unlock prompt: unlock it (or log in to the desktop session), or raise --keyring-timeout")),
        Ok(Err(join)) => Err(Error::internal(format!("a keyring call failed to run: {join}"))),
        Ok(Ok(Ok(value))) => Ok(value),
        Ok(Ok(Err(e))) => Err(keyring_error(what, &e)),
    }
}

/// A keyring failure as a user can act on it. The error's raw data (which for some variants is
/// the stored secret) is never shown.
pub fn keyring_error(what: &str, e: &KeyringError) -> Error {
    let cause = match e {
        KeyringError::PlatformFailure(inner) | KeyringError::NoStorageAccess(inner) => {
            crate::error::cause_chain_of(inner.as_ref())
        }
        KeyringError::BadEncoding(_) => "the stored value is not UTF-8 text".into(),
        KeyringError::BadDataFormat(_, _) => "the stored value is malformed".into(),
        KeyringError::Ambiguous(items) => format!("{} entries match", items.len()),
        other => sanitize(&other.to_string()),
    };
    let lower = cause.to_ascii_lowercase();
    // The D-Bus causes below only come from the Secret Service.
    let secret_service = !cfg!(any(target_os = "macos", windows));
    let (kind, hint) = if matches!(e, KeyringError::NoStorageAccess(_))
        || lower.contains("locked")
        || lower.contains("prompt")
    {
        (ErrorKind::KeyringLocked, locked_hint())
    } else if !secret_service {
        (
            ErrorKind::KeyringFailed,
            "run `stytch-m2m doctor` to check the keyring",
        )
    } else if lower.contains("dbus_session_bus_address")
        || lower.contains("session bus")
        || lower.contains("no such file")
        || lower.contains("connection refused")
        || lower.contains("address")
    {
        (
            ErrorKind::KeyringUnavailable,
            "no D-Bus session bus: run inside a desktop session, or start one with `dbus-run-session -- $SHELL`, then in it `gnome-keyring-daemon --components=secrets --daemonize --unlock` (type a password for the keyring, then Ctrl-D); over SSH or in WSL there is usually none",
        )
    } else if lower.contains("serviceunknown")
        || lower.contains("org.freedesktop.secrets")
        || lower.contains("not provided")
    {
        (
            ErrorKind::KeyringUnavailable,
            "no Secret Service provider is running on the session bus: install and start one (Debian: apt-get install gnome-keyring)",
        )
    } else {
        (
            ErrorKind::KeyringFailed,
            "run `stytch-m2m doctor` to check the keyring",
        )
    };
    let cause = match kind {
        ErrorKind::KeyringLocked => format!("the keyring is locked ({cause})"),
        _ => cause,
    };
    let hint = match kind {
        ErrorKind::KeyringUnavailable => ci_hint().unwrap_or(hint),
        _ => hint,
    };
    Error::new(
        kind,
        format!("could not {what} ({}): {cause}", Keyring::name()),
    )
    .hint(hint)
}

/// On a CI runner (`CI` is set, as GitHub Actions, GitLab and most others set it) there is no
/// keyring to start: say what works there instead of how to start a desktop session.
fn ci_hint() -> Option<&'static str> {
    if !is_ci(&std::env::var("CI").ok()?) {
        return None;
    }
    Some(
        "this looks like a CI runner (CI is set), and runners have no keyring: keep the new secret in a \
         file under the runner's temporary directory (`--secret-file \"$RUNNER_TEMP/next\"`, or `--secret-dir` \
         for many clients) or let the deploy target hold it (`rotate run --deploy …`); the README's CI \
         recipes and docs/ci.md show each",
    )
}

/// `CI` set to anything but empty, `false` or `0`.
fn is_ci(value: &str) -> bool {
    !(value.is_empty() || value.eq_ignore_ascii_case("false") || value == "0")
}

/// No D-Bus session bus, so no Secret Service: what to do about it (WSL and SSH included).
fn no_bus() -> Error {
    let wsl = std::fs::read_to_string("/proc/version")
        .map(|v| v.to_ascii_lowercase().contains("microsoft"))
        .unwrap_or(false);
    Error::new(
        ErrorKind::KeyringUnavailable,
        "no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set), so no Secret Service",
    )
    .hint(if let Some(ci) = ci_hint() {
        ci
    } else if wsl {
        "WSL has no desktop session: start one with `dbus-run-session -- $SHELL`, then in it `gnome-keyring-daemon --components=secrets --daemonize --unlock` (type a password for the keyring, then Ctrl-D)"
    } else {
        "run inside a desktop session, or start one with `dbus-run-session -- $SHELL`, then in it `gnome-keyring-daemon --components=secrets --daemonize --unlock` (type a password for the keyring, then Ctrl-D); over SSH there is usually none"
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(any(target_os = "macos", windows))]
    use crate::{
        store::Slot,
        stytch::{ClientId, ProjectId},
    };

    #[cfg(any(target_os = "macos", windows))]
    fn next_user() -> String {
        let p = ProjectId::parse("project-test-1").unwrap();
        let c = ClientId::parse("m2m-client-test-1").unwrap();
        Slot::Next.user(&p, &c)
    }

    #[test]
    fn ci_is_any_value_but_empty_false_or_0() {
        for on in ["true", "1", "yes", "gitlab"] {
            assert!(is_ci(on), "{on}");
        }
        for off in ["", "false", "FALSE", "False", "0"] {
            assert!(!is_ci(off), "{off:?}");
        }
    }

    #[test]
    fn a_secret_over_the_credential_manager_limit_is_refused_before_writing() {
        assert!(fits_blob(&"s".repeat(1280), WINDOWS_BLOB_LIMIT).is_ok());
        let err = fits_blob(&"s".repeat(1281), WINDOWS_BLOB_LIMIT).unwrap_err();
        assert_eq!(err.kind, ErrorKind::KeyringFailed);
        assert!(err.message.contains("2562 bytes"), "{}", err.message);
        assert!(!err.message.contains("sss"), "the secret must not be shown");
        // Counted in UTF-16 units, as stored: one astral character is four bytes.
        assert!(fits_blob(&"\u{1F511}".repeat(640), WINDOWS_BLOB_LIMIT).is_ok());
        assert!(fits_blob(&"\u{1F511}".repeat(641), WINDOWS_BLOB_LIMIT).is_err());
    }

    /// A store whose reads do not return what was written: a real keyring cannot be made to do
    /// that on demand, and read-back exists for exactly that case.
    #[derive(Debug)]
    struct Misreading {
        /// `Some(byte)`: reads return the value with its last byte replaced; `None`: nothing.
        last_byte: Option<u8>,
        value: std::sync::Mutex<Vec<u8>>,
    }

    impl keyring_core::api::CredentialApi for Misreading {
        fn set_secret(&self, secret: &[u8]) -> keyring_core::Result<()> {
            *self.value.lock().unwrap() = secret.to_vec();
            Ok(())
        }
        fn get_secret(&self) -> keyring_core::Result<Vec<u8>> {
            let mut value = self.value.lock().unwrap().clone();
            let byte = self.last_byte.ok_or(KeyringError::NoEntry)?;
            *value.last_mut().unwrap() = byte;
            Ok(value)
        }
        fn delete_credential(&self) -> keyring_core::Result<()> {
            Ok(())
        }
        fn get_credential(&self) -> keyring_core::Result<Option<Arc<keyring_core::Credential>>> {
            Ok(None)
        }
        fn get_specifiers(&self) -> Option<(String, String)> {
            None
        }
        fn as_any(&self) -> &dyn std::any::Any {
            self
        }
    }

    #[derive(Debug)]
    struct MisreadingStore(Arc<Misreading>);

    impl keyring_core::api::CredentialStoreApi for MisreadingStore {
        fn vendor(&self) -> String {
            "misreading".into()
        }
        fn id(&self) -> String {
            "misreading".into()
        }
        fn build(
            &self,
            _: &str,
            _: &str,
            _: Option<&HashMap<&str, &str>>,
        ) -> keyring_core::Result<keyring_core::Entry> {
            Ok(keyring_core::Entry::new_with_credential(self.0.clone()))
        }
        fn as_any(&self) -> &dyn std::any::Any {
            self
        }
    }

    #[tokio::test]
    async fn read_back_catches_a_store_that_returns_something_else_or_nothing() {
        let secret = Secret::new("secret-test-readback-abcd".into());
        for (last_byte, kind) in [
            (Some(b'd'), None),
            (Some(b'x'), Some(ErrorKind::KeyringReadbackMismatch)),
            (None, Some(ErrorKind::KeyringReadbackMissing)),
        ] {
            let cred = Misreading {
                last_byte,
                value: Default::default(),
            };
            let keyring = Keyring {
                store: Arc::new(MisreadingStore(Arc::new(cred))),
                timeout: Duration::from_secs(5),
            };
            let put = keyring.put_verified("p/c/next", "label", &secret).await;
            assert_eq!(put.err().map(|e| e.kind), kind, "{last_byte:?}");
        }
    }

    #[cfg(all(unix, not(target_os = "macos")))]
    #[test]
    fn keyring_failures_are_told_apart_by_what_a_user_can_do() {
        use ErrorKind::{
            KeyringFailed as Other, KeyringLocked as Locked, KeyringUnavailable as Gone,
        };
        let (unlock, bus, provider) = (
            "gnome-keyring-daemon --replace --components=secrets --daemonize --unlock",
            "no D-Bus session bus",
            "no Secret Service provider",
        );
        let boxed = |text: &str| std::io::Error::other(text.to_owned()).into();
        let denied = keyring_error("write", &KeyringError::NoStorageAccess(boxed("denied")));
        assert_eq!(denied.kind, Locked);
        // Each cause alone, as the platform's error text says it.
        for (text, kind, hint) in [
            ("Collection is locked", Locked, unlock),
            ("prompt dismissed", Locked, unlock),
            ("No such file or directory (os error 2)", Gone, bus),
            ("Connection refused", Gone, bus),
            ("DBUS_SESSION_BUS_ADDRESS is unset", Gone, bus),
            ("no session bus", Gone, bus),
            ("org.freedesktop.DBus.Error.ServiceUnknown", Gone, provider),
            ("org.freedesktop.secrets did not answer", Gone, provider),
            (
                "the name was not provided by any .service files",
                Gone,
                provider,
            ),
            ("the disk is full", Other, "stytch-m2m doctor"),
        ] {
            let err = keyring_error(
                "write to the keyring",
                &KeyringError::PlatformFailure(boxed(text)),
            );
            assert_eq!(err.kind, kind, "{text}");
            // On a CI runner (CI set, as in CI itself) a missing keyring gets the CI hint.
            let hint = match (kind, ci_hint()) {
                (Gone, Some(_)) => "CI runner",
                _ => hint,
            };
            assert!(
                err.hint.as_deref().unwrap_or_default().contains(hint),
                "{text}: {:?}",
                err.hint
            );
            let prefix = "could not write to the keyring (Secret Service (D-Bus)): ";
            assert!(err.message.starts_with(prefix), "{}", err.message);
        }
        let err = keyring_error(
            "read",
            &KeyringError::BadEncoding(b"secret-test-\xff".to_vec()),
        );
        assert!(
            !err.message.contains("secret-test"),
            "the stored bytes are never shown: {}",
            err.message
        );
    }

    #[cfg(all(unix, not(target_os = "macos")))]
    #[test]
    fn secret_service_entries_carry_a_label_and_no_limit() {
        assert_eq!(
            write_modifiers("Stytch"),
            HashMap::from([("label", "Stytch")])
        );
        assert!(fits(&"s".repeat(100_000)).is_ok());
    }

    #[cfg(target_os = "macos")]
    #[test]
    fn keychain_entries_are_service_stytch_m2m_account_project_client() {
        use apple_native_keyring_store::keychain::Cred;
        let store = platform_store().unwrap();
        let modifiers = write_modifiers("Stytch");
        let entry = store
            .build(SERVICE, &next_user(), Some(&modifiers))
            .unwrap();
        let cred = entry.as_any().downcast_ref::<Cred>().unwrap();
        assert_eq!(cred.service, "stytch-m2m");
        assert_eq!(cred.account, "project-test-1/m2m-client-test-1/next");
        assert!(fits(&"s".repeat(100_000)).is_ok());
    }

    #[cfg(windows)]
    #[test]
    fn credential_manager_entries_are_named_user_dot_service() {
        use windows_sys::Win32::Security::Credentials::CRED_MAX_CREDENTIAL_BLOB_SIZE;
        assert_eq!(WINDOWS_BLOB_LIMIT, CRED_MAX_CREDENTIAL_BLOB_SIZE as usize);
        let store = platform_store().unwrap();
        let modifiers = write_modifiers("Stytch");
        let entry = store
            .build(SERVICE, &next_user(), Some(&modifiers))
            .unwrap();
        // The crate keeps its credential type private; its Debug form shows the target name.
        let shown = format!("{entry:?}");
        let target = r#"target_name: "project-test-1/m2m-client-test-1/next.stytch-m2m""#;
        assert!(shown.contains(target), "{shown}");
        assert!(shown.contains("persistence: Local"), "{shown}");
        assert_eq!(
            entry.get_specifiers(),
            Some((SERVICE.to_owned(), next_user()))
        );
        assert!(fits(&"s".repeat(1281)).is_err());
    }
}
