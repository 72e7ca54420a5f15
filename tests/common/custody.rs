//! The custody invariant, one helper for every fault row, scenario, `rotate run` test and fleet
//! test. Once the commands under test (and any recovery they printed) are done, for every
//! client of the local Stytch:
//!
//!   (a) its current secret gets an access token from the local Stytch (a real request to its
//!       token endpoint) and is held by someone the test knows: seeded by the setup, or minted
//!       and delivered (a command's stdout, a keyring entry, a file, a deploy target);
//!   (b) a pending secret, if any, is held the same way: no valid secret nobody holds;
//!   (c) the test declared whether its commands must mint ([`Mints`]), and they did or did not.
//!
//! Secrets the setup minted through the API (a `rotate start` before the ledger opened) are
//! not known by default: the setup hands them over with [`Delivered::add`].

use std::io::{Read, Write};
use std::path::Path;
use std::process::Output;
use std::sync::atomic::{AtomicUsize, Ordering};

use stytch_m2m_mock::state::Minted;
use stytch_m2m_mock::MockServer;

/// What a row or scenario declares about the secrets its commands mint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mints {
    /// At least one secret must be minted (a start that reached Stytch and committed).
    Must,
    /// Nothing may be minted.
    Never,
}

/// How many times the invariant was checked in this test binary, and over what.
pub static CHECKS: InvariantCounts = InvariantCounts::new();

/// What the invariant (and the recovery it follows) checked on one thread: the figures
/// docs/testing.md gives are computed from these, per row, whatever the other tests of the
/// binary (some of which lose secrets on purpose) do meanwhile.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// Invariant checks.
    pub checks: usize,
    /// Secrets minted since the ledger opened.
    pub minted: usize,
    /// Of those, the ones still valid at the end, and held (a valid one not held is lost).
    pub held_minted: usize,
    /// Valid secrets nobody the test knows holds.
    pub lost: usize,
    /// Current secrets that got an access token.
    pub tokens: usize,
    /// Printed recovery steps run (each exited 0: one that does not fails its row).
    pub steps_run: usize,
    /// Printed recovery steps not run because their condition did not hold (checked).
    pub steps_skipped: usize,
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, o: Counts) {
        self.checks += o.checks;
        self.minted += o.minted;
        self.held_minted += o.held_minted;
        self.lost += o.lost;
        self.tokens += o.tokens;
        self.steps_run += o.steps_run;
        self.steps_skipped += o.steps_skipped;
    }
}

thread_local! {
    static THIS_THREAD: std::cell::Cell<Counts> = const {
        std::cell::Cell::new(Counts {
            checks: 0,
            minted: 0,
            held_minted: 0,
            lost: 0,
            tokens: 0,
            steps_run: 0,
            steps_skipped: 0,
        })
    };
}

/// Runs `f` (catching a panic) and returns what was counted while it ran on this thread: a row
/// that lost a secret fails, and its loss is still counted.
pub fn counting(f: impl FnOnce()) -> (std::thread::Result<()>, Counts) {
    THIS_THREAD.with(|c| c.set(Counts::default()));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    (result, THIS_THREAD.with(|c| c.get()))
}

pub(super) fn count(add: Counts) {
    THIS_THREAD.with(|c| {
        let mut now = c.get();
        now += add;
        c.set(now);
    });
    CHECKS.checks.fetch_add(add.checks, Ordering::SeqCst);
    CHECKS.minted.fetch_add(add.minted, Ordering::SeqCst);
    CHECKS
        .held_minted
        .fetch_add(add.held_minted, Ordering::SeqCst);
    CHECKS.lost.fetch_add(add.lost, Ordering::SeqCst);
}

pub struct InvariantCounts {
    pub checks: AtomicUsize,
    pub minted: AtomicUsize,
    pub held_minted: AtomicUsize,
    pub lost: AtomicUsize,
}

impl InvariantCounts {
    const fn new() -> InvariantCounts {
        InvariantCounts {
            checks: AtomicUsize::new(0),
            minted: AtomicUsize::new(0),
            held_minted: AtomicUsize::new(0),
            lost: AtomicUsize::new(0),
        }
    }

    pub fn get(&self) -> (usize, usize, usize, usize) {
        let l = |a: &AtomicUsize| a.load(Ordering::SeqCst);
        (
            l(&self.checks),
            l(&self.minted),
            l(&self.held_minted),
            l(&self.lost),
        )
    }
}

/// A mark in the local Stytch's record of the secrets it made; what comes after it was minted
/// by the commands under test.
pub struct MintLedger {
    before: usize,
}

impl MintLedger {
    /// Open it after the setup and before the first command under test.
    pub fn open(mock: &MockServer) -> MintLedger {
        MintLedger {
            before: mock.state().minted_secrets().len(),
        }
    }

    /// The secrets the local Stytch made since [`MintLedger::open`].
    pub fn minted_since(&self, mock: &MockServer) -> Vec<Minted> {
        mock.state().minted_secrets().split_off(self.before)
    }

    /// The invariant (a), (b) and (c) over every client of `mock`. Returns the secrets minted
    /// since the ledger opened that are still valid (and so held), so a test can say more about
    /// them (how many, where).
    pub fn assert_custody(
        &self,
        mock: &MockServer,
        row: &str,
        delivered: &Delivered,
        mints: Mints,
    ) -> Vec<Minted> {
        let minted = self.minted_since(mock);
        match mints {
            Mints::Must => assert!(!minted.is_empty(), "{row}: must mint, minted nothing"),
            Mints::Never => assert!(
                minted.is_empty(),
                "{row}: must mint nothing, minted {}",
                minted.len()
            ),
        }
        self.assert_nothing_lost(mock, row, delivered)
    }

    /// (a) and (b), for a test whose commands may or may not mint (a race it does not control).
    /// The commands are done: faults still queued, latency and rate limits of the local Stytch
    /// are cleared first, so that its token endpoint answers.
    pub fn assert_nothing_lost(
        &self,
        mock: &MockServer,
        row: &str,
        delivered: &Delivered,
    ) -> Vec<Minted> {
        let state = mock.state();
        state.clear_faults();
        mock.set_latency(None);
        mock.set_rate_limit(None);
        let all = state.minted_secrets();
        let seeded = |secret: &str| all.iter().any(|m| m.route.is_none() && m.secret == secret);
        let held = |secret: &str| delivered.holding(secret).is_some() || seeded(secret);
        let clients = state.clients();
        assert!(!clients.is_empty(), "{row}: no client to check");
        let mut lost = Vec::new();
        let mut tokens = 0;
        for c in clients.iter().filter(|c| c.status == "active") {
            assert!(
                gets_a_token(mock, &c.client_id, &c.client_secret),
                "{row}: the current secret of {} (…{}) gets no token from the local Stytch",
                c.client_id,
                last_four(&c.client_secret)
            );
            tokens += 1;
            let slots = [Some(&c.client_secret), c.next_client_secret.as_ref()];
            for (slot, secret) in ["current", "pending"].iter().zip(slots) {
                match secret {
                    Some(secret) if !held(secret) => lost.push(format!(
                        "the {slot} secret of {} (…{})",
                        c.client_id,
                        last_four(secret)
                    )),
                    _ => {}
                }
            }
        }
        let minted = self.minted_since(mock);
        let valid = |secret: &str| {
            clients.iter().any(|c| {
                c.status == "active"
                    && (c.client_secret == secret
                        || c.next_client_secret.as_deref() == Some(secret))
            })
        };
        let kept: Vec<Minted> = minted
            .iter()
            .filter(|m| valid(&m.secret) && held(&m.secret))
            .cloned()
            .collect();
        count(Counts {
            checks: 1,
            minted: minted.len(),
            held_minted: kept.len(),
            lost: lost.len(),
            tokens,
            ..Counts::default()
        });
        assert!(
            lost.is_empty(),
            "{row}: {} valid and held by nobody the test knows (seeded: no; delivered to: {}): \
             lost",
            lost.join(", "),
            delivered.places(),
        );
        kept
    }
}

/// The commands (and the recovery they printed) left every client of `mock` settled: no
/// rotation pending, half done, unless `why` says why one may be.
pub fn assert_settled(mock: &MockServer, row: &str, why: Option<&str>) {
    if why.is_some() {
        return;
    }
    let pending: Vec<String> = mock
        .state()
        .clients()
        .into_iter()
        .filter(|c| c.next_client_secret.is_some())
        .map(|c| c.client_id)
        .collect();
    assert!(
        pending.is_empty(),
        "{row}: left half-rotated (pending): {pending:?}"
    );
}

/// Whether `secret` gets an access token for `client_id` from the local Stytch's token endpoint,
/// as a consumer would ask for one (`client_credentials`, over HTTP).
pub fn gets_a_token(mock: &MockServer, client_id: &str, secret: &str) -> bool {
    let body = serde_json::json!({
        "client_id": client_id,
        "client_secret": secret,
        "grant_type": "client_credentials",
    })
    .to_string();
    let project = &mock.state().project_id;
    let request = format!(
        "POST /v1/public/{project}/oauth2/token HTTP/1.1\r\nHost: {}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        mock.addr(),
        body.len()
    );
    let mut stream = std::net::TcpStream::connect(mock.addr()).expect("the local Stytch listens");
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    answer.starts_with("HTTP/1.1 200") && answer.contains("\"access_token\"")
}

fn last_four(secret: &str) -> &str {
    &secret[secret.len().saturating_sub(4)..]
}

/// Everything the commands under test handed to the user.
#[derive(Default, Debug)]
pub struct Delivered {
    places: Vec<(String, String)>,
}

impl Delivered {
    /// Whatever a place holds (a command's stdout, a file, a keyring entry).
    pub fn add(&mut self, place: &str, content: impl Into<String>) -> &mut Self {
        self.places.push((place.to_owned(), content.into()));
        self
    }

    /// What `other` holds, too.
    pub fn merge(&mut self, other: &Delivered) -> &mut Self {
        self.places.extend(other.places.iter().cloned());
        self
    }

    /// A command's stdout bytes.
    pub fn stdout(&mut self, place: &str, out: &Output) -> &mut Self {
        self.add(
            &format!("stdout of {place}"),
            String::from_utf8_lossy(&out.stdout),
        )
    }

    /// The file at `path`, if there is one.
    pub fn file(&mut self, path: &Path) -> &mut Self {
        if let Ok(text) = std::fs::read_to_string(path) {
            self.add(&path.display().to_string(), text);
        }
        self
    }

    /// Every file in `dir` (one level), if it exists: a `--secret-dir`, or a deploy target that
    /// writes one file per client.
    pub fn dir(&mut self, dir: &Path) -> &mut Self {
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .map(|d| d.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        paths.sort();
        for path in paths {
            self.file(&path);
        }
        self
    }

    /// A keyring entry, if there is one (`lookup` as `PrivateKeyring::lookup` or
    /// `secret_tool_lookup` give it).
    pub fn keyring_entry(&mut self, user: &str, value: Option<String>) -> &mut Self {
        if let Some(value) = value {
            self.add(&format!("keyring {user}"), value);
        }
        self
    }

    /// Where `secret` is, if anywhere.
    pub fn holding(&self, secret: &str) -> Option<&str> {
        self.places
            .iter()
            .find(|(_, content)| content.contains(secret))
            .map(|(place, _)| place.as_str())
    }

    pub fn places(&self) -> String {
        let names: Vec<&str> = self.places.iter().map(|(p, _)| p.as_str()).collect();
        if names.is_empty() {
            "nowhere".into()
        } else {
            names.join(", ")
        }
    }
}

/// The keyring users of a client: its current secret and its pending one.
pub fn keyring_users(project_id: &str, client_id: &str) -> [String; 2] {
    [
        format!("{project_id}/{client_id}"),
        format!("{project_id}/{client_id}/next"),
    ]
}
