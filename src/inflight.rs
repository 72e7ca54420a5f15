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

/// The secrets in flight, by the number of their [`Held`] (a fleet mints several at once).
static IN_FLIGHT: Mutex<Vec<(u64, Secret)>> = Mutex::new(Vec::new());
static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Keeps a copy until [`Held`] is dropped (the secret was handed over, or handed back with an
/// error that already printed it).
pub fn hold(secret: &Secret) -> Held {
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    if let Ok(mut slots) = IN_FLIGHT.lock() {
        slots.push((n, secret.clone()));
    }
    Held(n)
}

#[must_use = "the secret is released when this is dropped"]
pub struct Held(u64);

impl Drop for Held {
    fn drop(&mut self) {
        if let Ok(mut slots) = IN_FLIGHT.lock() {
            slots.retain(|(n, _)| *n != self.0);
        }
    }
}

/// Called by the panic hook: writes every in-flight secret, if any, to stdout, one a line.
/// `true` if one was written. Never blocks on a lock the panicking thread may hold.
pub fn rescue() -> bool {
    let Ok(mut slots) = IN_FLIGHT.try_lock() else {
        return false;
    };
    if slots.is_empty() {
        return false;
    }
    let secrets = std::mem::take(&mut *slots);
    crate::ui::to_stderr(
        "warning: stytch-m2m crashed after Stytch minted a new secret and before it was stored.\n\
         THE NEW SECRET IS PRINTED BELOW ON STDOUT. It is the only copy: Stytch cannot show it again. Save it now.\n",
    );
    let mut out = std::io::stdout();
    secrets.iter().all(|(_, secret)| {
        out.write_all(secret.expose().as_bytes())
            .and_then(|()| out.write_all(b"\n"))
            .and_then(|()| out.flush())
            .is_ok()
    })
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
