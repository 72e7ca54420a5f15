//! The custody invariant, one helper for every row and scenario: every secret the local Stytch
//! minted while the commands under test ran was either delivered by them (their stdout, the
//! keyring entry or the file they wrote) or is no longer valid at the local Stytch (cancelled or
//! superseded). Nothing from a test's setup counts: the ledger is opened after it.
//!
//! And the recovery a command printed, parsed from its stderr (human text or the `--json`
//! `recovery` array) and run exactly as printed, the way a person would follow it.

use std::path::Path;
use std::process::Output;

use stytch_m2m_mock::state::Minted;
use stytch_m2m_mock::MockServer;

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

    /// The invariant. Returns the secrets minted since the ledger opened that were delivered, so
    /// a test can say more about them (how many, where).
    pub fn assert_nothing_lost(
        &self,
        mock: &MockServer,
        row: &str,
        delivered: &Delivered,
    ) -> Vec<Minted> {
        let mut kept = Vec::new();
        for m in self.minted_since(mock) {
            let held_in = delivered.holding(&m.secret);
            let valid = mock.state().secret_is_valid(&m.client_id, &m.secret);
            assert!(
                held_in.is_some() || !valid,
                "{row}: secret #{} of {} (…{}) was minted, is still valid, and was delivered \
                 nowhere (looked in: {}): lost",
                m.seq,
                m.client_id,
                &m.secret[m.secret.len().saturating_sub(4)..],
                delivered.places(),
            );
            if held_in.is_some() {
                kept.push(m);
            }
        }
        kept
    }
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

    fn places(&self) -> String {
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
/// Returns the exit code of each step that ran.
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
        let shown = String::from_utf8_lossy(&out.stdout).into_owned();
        if args.get(1).map(String::as_str) == Some("status") {
            assert_eq!(code, 0, "{row}: recovery step {args:?}");
            pending = Some(shown.contains("(rotation pending"));
        }
        delivered.stdout(&format!("recovery step {}", args.join(" ")), &out);
        ran.push((args, code));
    }
    ran
}
