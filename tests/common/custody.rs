//! The custody invariant, one helper for every row, scenario, `rotate run` test and fleet test.
//! Once the commands under test (and any recovery they printed) are done, for every client of
//! the local Stytch:
//!
//!   (a) its current secret is held by someone the test knows: seeded by the setup, or minted
//!       and delivered (a command's stdout, a keyring entry, a file, a deploy target);
//!   (b) a pending secret, if any, is held the same way: no valid secret nobody holds;
//!   (c) the test declared whether its commands must mint ([`Mints`]), and they did or did not.
//!
//! Secrets the setup minted through the API (a `rotate start` before the ledger opened) are
//! not known by default: the setup hands them over with [`Delivered::add`].
//!
//! And the recovery a command printed, parsed from its stderr (human text or the `--json`
//! `recovery` array) and run exactly as printed, the way a person would follow it.

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

/// What the invariant checked on one thread: the figures the README gives ("minted secrets
/// checked", "secrets lost") are computed from these, per row, whatever the other tests of the
/// binary (some of which lose secrets on purpose) do meanwhile.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub checks: usize,
    pub minted: usize,
    pub held_minted: usize,
    pub lost: usize,
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, o: Counts) {
        self.checks += o.checks;
        self.minted += o.minted;
        self.held_minted += o.held_minted;
        self.lost += o.lost;
    }
}

thread_local! {
    static THIS_THREAD: std::cell::Cell<Counts> = const {
        std::cell::Cell::new(Counts { checks: 0, minted: 0, held_minted: 0, lost: 0 })
    };
}

/// Runs `f` (catching a panic) and returns what the invariant counted while it ran on this
/// thread: a row that lost a secret fails, and its loss is still counted.
pub fn counting(f: impl FnOnce()) -> (std::thread::Result<()>, Counts) {
    THIS_THREAD.with(|c| c.set(Counts::default()));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    (result, THIS_THREAD.with(|c| c.get()))
}

fn count(add: Counts) {
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
    /// since the ledger opened that were delivered, so a test can say more about them (how
    /// many, where).
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
    pub fn assert_nothing_lost(
        &self,
        mock: &MockServer,
        row: &str,
        delivered: &Delivered,
    ) -> Vec<Minted> {
        let state = mock.state();
        let all = state.minted_secrets();
        let seeded = |secret: &str| all.iter().any(|m| m.route.is_none() && m.secret == secret);
        let held = |secret: &str| delivered.holding(secret).is_some() || seeded(secret);
        let clients = state.clients();
        assert!(!clients.is_empty(), "{row}: no client to check");
        let mut lost = Vec::new();
        for c in clients.iter().filter(|c| c.status == "active") {
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
        let kept: Vec<Minted> = minted
            .iter()
            .filter(|m| delivered.holding(&m.secret).is_some())
            .cloned()
            .collect();
        count(Counts {
            checks: 1,
            minted: minted.len(),
            held_minted: kept.len(),
            lost: lost.len(),
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

/// One printed recovery step: the command's arguments (after `stytch-m2m`) and its note.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub args: Vec<String>,
    pub note: String,
}

impl Step {
    /// A step that applies only while a next secret is pending ("only if one is", "only if a
    /// next secret is still pending").
    pub fn only_if_pending(&self) -> bool {
        self.note.starts_with("only if")
    }
}

/// The recovery steps in a command's stderr: the numbered `N. stytch-m2m …   (note)` lines of
/// the human text, or the `recovery` array of a `--json` error object.
pub fn printed_recovery(stderr: &str) -> Vec<Step> {
    let json_steps = stderr
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .find_map(|v| v["recovery"].as_array().cloned());
    let lines: Vec<String> = match json_steps {
        Some(steps) => steps
            .iter()
            .filter_map(|s| s.as_str().map(str::to_owned))
            .collect(),
        None => stderr
            .lines()
            .filter_map(|l| {
                let (n, rest) = l.trim_start().split_once(". ")?;
                n.parse::<u32>().ok()?;
                rest.starts_with("stytch-m2m ").then(|| rest.to_owned())
            })
            .collect(),
    };
    lines.iter().map(|l| parse_step(l)).collect()
}

/// `stytch-m2m ARGS   (note)`: the arguments split as a shell would, the note without parentheses.
fn parse_step(line: &str) -> Step {
    let (command, note) = match line.split_once("   (") {
        Some((c, n)) => (c, n.trim_end().trim_end_matches(')')),
        None => (line, ""),
    };
    let mut args = shell_words(command);
    assert_eq!(
        args.first().map(String::as_str),
        Some("stytch-m2m"),
        "{line}"
    );
    args.remove(0);
    Step {
        args,
        note: note.to_owned(),
    }
}

/// Splits like a POSIX shell for the simple lines the tool prints: single and double quotes
/// group, a backslash outside single quotes escapes the next character.
pub fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let (mut cur, mut quote, mut any) = (String::new(), None::<char>, false);
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some('"') | None, '\\') => cur.extend(chars.next()),
            (Some(_), c) => cur.push(c),
            (None, '"' | '\'') => (quote, any) = (Some(c), true),
            (None, c) if c.is_whitespace() => {
                if any || !cur.is_empty() {
                    words.push(std::mem::take(&mut cur));
                    any = false;
                }
            }
            (None, c) => cur.push(c),
        }
    }
    if any || !cur.is_empty() {
        words.push(cur);
    }
    words
}

/// Runs printed recovery steps in order, as printed, the way a person follows them: a
/// `rotate status` step says whether a next secret is pending, a step noted "only if …" runs only
/// when one is, and `--yes` is added to a step that would ask (there is no terminal). `run`
/// runs one command (the binary with the test's environment). Each step's stdout is delivered.
/// Every step that runs must succeed (exit 0): a printed step that fails is a broken promise.
/// Returns each step that ran with its exit code.
pub fn run_recovery(
    row: &str,
    steps: &[Step],
    mut run: impl FnMut(&[String]) -> Output,
    delivered: &mut Delivered,
) -> Vec<(Vec<String>, i32)> {
    let mut pending: Option<bool> = None;
    let mut ran = Vec::new();
    for step in steps {
        if step.only_if_pending() {
            let known = pending.unwrap_or_else(|| panic!("{row}: {step:?} before any status"));
            if !known {
                continue;
            }
        }
        let mut args = step.args.clone();
        let asks = ["complete", "cancel", "delete"].contains(&args.get(1).map_or("", |s| s));
        if asks && !args.iter().any(|a| a == "--yes" || a == "-y") {
            args.push("--yes".into());
        }
        let out = run(&args);
        let code = out.status.code().unwrap_or(-1);
        RECOVERY_STEPS.fetch_add(1, Ordering::SeqCst);
        assert_eq!(
            code,
            0,
            "{row}: printed recovery step `stytch-m2m {}` failed:\n{}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        );
        let shown = String::from_utf8_lossy(&out.stdout).into_owned();
        if args.get(1).map(String::as_str) == Some("status") {
            pending = Some(shown.contains("(rotation pending"));
        }
        delivered.stdout(&format!("recovery step {}", args.join(" ")), &out);
        ran.push((args, code));
    }
    ran
}

/// How many printed recovery steps ran (and succeeded) in this test binary.
pub static RECOVERY_STEPS: AtomicUsize = AtomicUsize::new(0);
