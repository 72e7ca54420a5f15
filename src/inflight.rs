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

/// One minted secret not yet handed over, and the client it is for.
struct Minted {
    n: u64,
    client: String,
    secret: Secret,
}

/// The secrets in flight, by the number of their [`Held`] (a fleet mints several at once).
static IN_FLIGHT: Mutex<Vec<Minted>> = Mutex::new(Vec::new());
/// The clients whose `rotate/start` was sent and whose answer was not yet read, by the number
/// of their [`Starting`].
static STARTS: Mutex<Vec<(u64, String)>> = Mutex::new(Vec::new());
/// The clients whose `POST /v1/m2m/clients` was sent and not yet settled (answered, or found
/// created or absent), by the number of their [`Creating`].
static CREATES: Mutex<Vec<(u64, String)>> = Mutex::new(Vec::new());
static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

fn next() -> u64 {
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// Keeps a copy until [`Held`] is dropped (the secret was handed over, or handed back with an
/// error that already printed it).
pub fn hold(client: &str, secret: &Secret) -> Held {
    let n = next();
    if let Ok(mut slots) = IN_FLIGHT.lock() {
        slots.push(Minted {
            n,
            client: client.to_owned(),
            secret: secret.clone(),
        });
    }
    Held(n)
}

#[must_use = "the secret is released when this is dropped"]
pub struct Held(u64);

impl Drop for Held {
    fn drop(&mut self) {
        if let Ok(mut slots) = IN_FLIGHT.lock() {
            slots.retain(|m| m.n != self.0);
        }
    }
}

/// Marks `rotate/start` for `client` as sent and unanswered until [`Starting`] is dropped.
pub fn starting(client: &str) -> Starting {
    let n = next();
    if let Ok(mut starts) = STARTS.lock() {
        starts.push((n, client.to_owned()));
    }
    Starting(n)
}

#[must_use = "the start is no longer in flight when this is dropped"]
pub struct Starting(u64);

impl Drop for Starting {
    fn drop(&mut self) {
        if let Ok(mut starts) = STARTS.lock() {
            starts.retain(|(n, _)| *n != self.0);
        }
    }
}

/// Marks the create of `client` as sent and unsettled until [`Creating`] is dropped.
pub fn creating(client: &str) -> Creating {
    let n = next();
    if let Ok(mut creates) = CREATES.lock() {
        creates.push((n, client.to_owned()));
    }
    Creating(n)
}

#[must_use = "the create is no longer in flight when this is dropped"]
pub struct Creating(u64);

impl Drop for Creating {
    fn drop(&mut self) {
        if let Ok(mut creates) = CREATES.lock() {
            creates.retain(|(n, _)| *n != self.0);
        }
    }
}

/// What the panic hook handed over or named.
pub struct Rescued {
    /// The secrets written to stdout, in their order there: `(client, last four)`.
    pub handed: Vec<(String, String)>,
    /// The secrets that could not be written to stdout: lost, still pending at Stytch.
    pub lost: Vec<(String, String)>,
    /// Clients whose `rotate/start` was still in flight: Stytch may have minted for them.
    pub starts: Vec<String>,
    /// Clients whose create was in flight: Stytch may have made them, with a secret nobody holds.
    pub creates: Vec<String>,
}

/// Takes the clients out of `list` without blocking on a lock the panicking thread may hold.
fn take(list: &Mutex<Vec<(u64, String)>>) -> Vec<String> {
    list.try_lock()
        .map(|mut s| {
            std::mem::take(&mut *s)
                .into_iter()
                .map(|(_, c)| c)
                .collect()
        })
        .unwrap_or_default()
}

/// Called by the panic hook: writes every in-flight secret to stdout, one a line (under `--json`
/// one object a line, with the secret where `rotate start --json` has it:
/// `{"client_id", "result": "rescued", "next_secret_last_four", "m2m_client": {"client_id",
/// "next_client_secret"}}`), each named on stderr with its client;
/// then names every client whose `rotate/start` had no answer yet, with the way to find and
/// discard what Stytch may have minted. Never blocks on a lock the panicking thread may hold.
pub fn rescue(json: bool) -> Rescued {
    let Drained {
        secrets,
        starts,
        creates,
    } = drain();
    let (mut handed, mut lost) = (Vec::new(), Vec::new());
    if !secrets.is_empty() {
        warn(json, &handed_over(&secrets));
        let mut out = std::io::stdout();
        for m in &secrets {
            let line = if json {
                let value = serde_json::json!({
                    "client_id": m.client,
                    "result": "rescued",
                    "next_secret_last_four": m.secret.last_four(),
                    "m2m_client": {
                        "client_id": m.client,
                        "next_client_secret": m.secret.expose(),
                    },
                });
                format!("{value}\n")
            } else {
                format!("{}\n", m.secret.expose())
            };
            let ok = out
                .write_all(line.as_bytes())
                .and_then(|()| out.flush())
                .is_ok();
            let which = (m.client.clone(), m.secret.last_four());
            if ok { &mut handed } else { &mut lost }.push(which);
        }
    }
    for client in &starts {
        let id = crate::shell::quote(client);
        warn(json, &format!(
            "`rotate/start` for {client} was in flight: Stytch may have minted a secret that nobody holds.\n  \
             see it with `stytch-m2m rotate status --client-id {id}`; if it shows a pending secret nobody holds, \
             discard only that one: `stytch-m2m rotate cancel --client-id {id} --yes --expect-next-last-four` \
             followed by the last four it shows"
        ));
    }
    for client in &creates {
        let id = crate::shell::quote(client);
        warn(json, &format!(
            "`clients create` of {client} was in flight: Stytch may have created it with a secret nobody holds.\n  \
             delete it if it was created (nobody holds its secret): `stytch-m2m clients delete --client-id {id} --yes` \
             (\"no M2M client\" means it was not; run it once more a minute later to be sure)"
        ));
    }
    Rescued {
        handed,
        lost,
        starts,
        creates,
    }
}

/// Everything still registered, taken out of the registries.
struct Drained {
    secrets: Vec<Minted>,
    starts: Vec<String>,
    creates: Vec<String>,
}

/// Empties the three registries without blocking on a lock the panicking thread may hold.
fn drain() -> Drained {
    let secrets = IN_FLIGHT
        .try_lock()
        .map(|mut slots| std::mem::take(&mut *slots))
        .unwrap_or_default();
    Drained {
        secrets,
        starts: take(&STARTS),
        creates: take(&CREATES),
    }
}

/// What stderr says of the secrets about to be written to stdout.
fn handed_over(secrets: &[Minted]) -> String {
    let mut text = String::from(
        "stytch-m2m crashed after Stytch minted a new secret and before it was stored.\n\
         THE NEW SECRET IS PRINTED BELOW ON STDOUT. It is the only copy: Stytch cannot show it again. Save it now.",
    );
    if secrets.len() > 1 {
        for (i, m) in secrets.iter().enumerate() {
            text.push_str(&format!(
                "\n  stdout line {}: the secret of client {} (ending {})",
                i + 1,
                m.client,
                m.secret.last_four()
            ));
        }
    } else {
        text.push_str(&format!(
            "\n  it is the secret of client {}",
            secrets[0].client
        ));
    }
    text
}

/// A warning on stderr, as `Ui::warn` writes one (the hook has no `Ui`).
fn warn(json: bool, text: &str) {
    let line = if json {
        format!("{}\n", serde_json::json!({ "warning": text }))
    } else {
        format!("warning: {text}\n")
    };
    crate::ui::to_stderr(&line);
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

/// A test-only pause: when `STYTCH_M2M_TEST_PAUSE` names this point, writes
/// `stytch-m2m: test pause at NAME` on stderr and blocks this thread (the runtime's, so nothing
/// else of the run goes on) until the process is killed: a kill that lands exactly at a
/// boundary inside the process (tests/kills.rs). Compiled into debug builds only; a release
/// build has no such switch.
#[cfg(debug_assertions)]
pub fn test_pause_point(name: &str) {
    if std::env::var("STYTCH_M2M_TEST_PAUSE").is_ok_and(|v| v == name) {
        let _ = writeln!(std::io::stderr(), "stytch-m2m: test pause at {name}");
        loop {
            std::thread::park();
        }
    }
}

#[cfg(not(debug_assertions))]
#[inline(always)]
pub fn test_pause_point(_name: &str) {}

#[cfg(test)]
mod tests {
    use super::*;

    /// The registries are global: the tests that drain them take turns.
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

    /// The clients of this test's own slots (other tests of the library may hold slots too).
    fn names(d: &Drained) -> (Vec<&str>, Vec<&str>, Vec<&str>) {
        let ours = |c: &&str| c.starts_with("inflight-test-");
        (
            d.secrets
                .iter()
                .map(|m| m.client.as_str())
                .filter(ours)
                .collect(),
            d.starts.iter().map(String::as_str).filter(ours).collect(),
            d.creates.iter().map(String::as_str).filter(ours).collect(),
        )
    }

    #[test]
    fn a_released_slot_is_gone_and_the_others_stay_until_the_hook_takes_them() {
        let _turn = ONE_AT_A_TIME.lock().unwrap();
        drain();
        let secret = Secret::new("secret-for-the-inflight-test".to_owned());
        let a = hold("inflight-test-held-a", &secret);
        let b = hold("inflight-test-held-b", &secret);
        let sa = starting("inflight-test-start-a");
        let sb = starting("inflight-test-start-b");
        let ca = creating("inflight-test-create-a");
        let cb = creating("inflight-test-create-b");
        drop((a, sa, ca));
        let d = drain();
        let (held, starts, creates) = names(&d);
        assert_eq!(
            held,
            ["inflight-test-held-b"],
            "only the slot not yet released is rescued"
        );
        assert_eq!(starts, ["inflight-test-start-b"]);
        assert_eq!(creates, ["inflight-test-create-b"]);
        let kept = d
            .secrets
            .iter()
            .find(|m| m.client == "inflight-test-held-b");
        assert_eq!(
            kept.map(|m| m.secret.expose()),
            Some("secret-for-the-inflight-test")
        );
        // Taken once: a second panic (or the hook run twice) finds nothing to hand over again.
        let again = drain();
        let (held, starts, creates) = names(&again);
        assert!(held.is_empty() && starts.is_empty() && creates.is_empty());
        drop((b, sb, cb));
    }

    #[test]
    fn several_secrets_are_named_by_their_stdout_line_and_one_by_its_client() {
        let minted = |n, client: &str, secret: &str| Minted {
            n,
            client: client.to_owned(),
            secret: Secret::new(secret.to_owned()),
        };
        let one = handed_over(&[minted(0, "client-a", "secret-ending-AAAA")]);
        assert!(
            one.ends_with("it is the secret of client client-a"),
            "{one}"
        );
        let two = handed_over(&[
            minted(0, "client-a", "secret-ending-AAAA"),
            minted(1, "client-b", "secret-ending-BBBB"),
        ]);
        assert!(
            two.contains("stdout line 1: the secret of client client-a (ending AAAA)")
                && two.contains("stdout line 2: the secret of client client-b (ending BBBB)"),
            "{two}"
        );
        assert!(
            !two.contains("secret-ending"),
            "never the secret itself: {two}"
        );
    }

    #[test]
    fn every_slot_has_a_number_of_its_own() {
        let _turn = ONE_AT_A_TIME.lock().unwrap();
        let first = next();
        let second = next();
        assert_ne!(first, second);
    }
}
