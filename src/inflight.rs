//! The one copy of a freshly minted secret, reachable from the panic hook.
//!
//! Between `rotate/start`'s answer and the moment the secret is handed over (stdout, keyring,
//! file) the process holds the only copy that will ever exist. Release builds abort on panic and
//! the panic hook exits, so without this a panic inside a keyring backend would lose it. The
//! hook takes the secret from here and writes it to stdout with the same loud warning as a
//! failed store (exit 8).

use std::io::Write;
use std::sync::Mutex;

use crate::redacted::Secret;

static IN_FLIGHT: Mutex<Option<Secret>> = Mutex::new(None);

/// Keeps a copy until [`Held`] is dropped (the secret was handed over, or handed back with an
/// error that already printed it).
pub fn hold(secret: &Secret) -> Held {
    if let Ok(mut slot) = IN_FLIGHT.lock() {
        *slot = Some(secret.clone());
    }
    Held(())
}

#[must_use = "the secret is released when this is dropped"]
pub struct Held(());

impl Drop for Held {
    fn drop(&mut self) {
        if let Ok(mut slot) = IN_FLIGHT.lock() {
            *slot = None;
        }
    }
}

/// Called by the panic hook: writes the in-flight secret, if any, to stdout. `true` if one was
/// written. Never blocks on a lock the panicking thread may hold.
pub fn rescue() -> bool {
    let Ok(mut slot) = IN_FLIGHT.try_lock() else {
        return false;
    };
    let Some(secret) = slot.take() else {
        return false;
    };
    crate::ui::to_stderr(
        "warning: stytch-m2m crashed after Stytch minted a new secret and before it was stored.\n\
         THE NEW SECRET IS PRINTED BELOW ON STDOUT. It is the only copy: Stytch cannot show it again. Save it now.\n",
    );
    let mut out = std::io::stdout();
    out.write_all(secret.expose().as_bytes())
        .and_then(|()| out.write_all(b"\n"))
        .and_then(|()| out.flush())
        .is_ok()
}

/// A test-only fault: panics at the named point when `STYTCH_M2M_TEST_PANIC` names it. Compiled
/// into debug builds only (the ones `cargo test` runs); a release build has no such switch.
#[cfg(debug_assertions)]
pub fn test_panic_point(name: &str) {
    if std::env::var("STYTCH_M2M_TEST_PANIC").is_ok_and(|v| v == name) {
        panic!("injected test panic at {name}");
    }
}

#[cfg(not(debug_assertions))]
#[inline(always)]
pub fn test_panic_point(_name: &str) {}
