//! The recovery a command printed, parsed from its stderr (the numbered human text or the
//! `--json` `recovery` array) and run exactly as printed, the way a person follows it: each
//! alternative in its own copy of the scenario ([`recovery_paths`]), each condition checked
//! against what the test knows ([`Conditions`]), and every step that runs must exit 0.

use std::process::Output;

use stytch_m2m_mock::MockServer;

use super::custody::{count, Counts, Delivered};
use super::harness::Harness;

/// One printed step: its number (alternatives share one), the command's arguments (after
/// `stytch-m2m`), the condition it runs under (`None`: always) and its note.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub number: usize,
    /// The command as printed (`stytch-m2m …`, shell-quoted).
    pub command: String,
    pub args: Vec<String>,
    pub when: Option<String>,
    pub note: String,
}

impl Step {
    /// The verb after the command group: `status`, `cancel`, `run`, `history`, …
    pub fn verb(&self) -> &str {
        match self.args.first().map(String::as_str) {
            Some("rotate") => self.args.get(1).map_or("", String::as_str),
            Some(group) => group,
            None => "",
        }
    }

    /// The command exactly as printed.
    pub fn line(&self) -> String {
        self.command.clone()
    }
}

/// The recovery steps in a command's stderr: the `recovery` array of a `--json` error object, or
/// the numbered `N. stytch-m2m …   (…)` lines (with `or stytch-m2m …` under a step for each of
/// its alternatives) of the human text.
pub fn printed_recovery(stderr: &str) -> Vec<Step> {
    let json = stderr
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .find_map(|v| v["recovery"].as_array().cloned());
    if let Some(steps) = json {
        return steps.iter().map(json_step).collect();
    }
    let mut steps: Vec<Step> = Vec::new();
    for line in stderr.lines().map(str::trim_start) {
        let (number, rest) = match line.split_once(". ") {
            Some((n, rest)) if n.parse::<usize>().is_ok() => (n.parse().unwrap(), rest),
            _ => match (line.strip_prefix("or "), steps.last()) {
                (Some(rest), Some(before)) => (before.number, rest),
                _ => continue,
            },
        };
        if rest.starts_with("stytch-m2m ") {
            steps.push(text_step(number, rest));
        }
    }
    steps
}

fn json_step(v: &serde_json::Value) -> Step {
    let command = v["command"].as_str().unwrap_or_else(|| panic!("{v}"));
    let text = v["text"].as_str().unwrap_or_else(|| panic!("{v}"));
    let step = Step {
        number: v["step"].as_u64().unwrap_or_else(|| panic!("{v}")) as usize,
        command: command.to_owned(),
        args: args_of(command),
        when: v["when"].as_str().map(str::to_owned),
        note: v["note"].as_str().unwrap_or_default().to_owned(),
    };
    // The text people read says the same as the fields.
    let said = text_step(step.number, text);
    assert_eq!(said, step, "{v}");
    step
}

/// `stytch-m2m ARGS   (only if WHEN: NOTE)`, `(if WHEN: NOTE)` or `(NOTE)`.
fn text_step(number: usize, line: &str) -> Step {
    let (command, paren) = match line.split_once("   (") {
        Some((c, n)) => (c, n.trim_end().strip_suffix(')').unwrap_or(n)),
        None => (line, ""),
    };
    let condition = paren
        .strip_prefix("only if ")
        .or_else(|| paren.strip_prefix("if "));
    let (when, note) = match condition {
        Some(c) => match c.split_once(": ") {
            Some((w, n)) => (Some(w.to_owned()), n.to_owned()),
            None => (Some(c.to_owned()), String::new()),
        },
        None => (None, paren.to_owned()),
    };
    Step {
        number,
        command: command.to_owned(),
        args: args_of(command),
        when,
        note,
    }
}

fn args_of(command: &str) -> Vec<String> {
    let mut args = shell_words(command);
    assert_eq!(
        args.first().map(String::as_str),
        Some("stytch-m2m"),
        "{command}"
    );
    args.remove(0);
    args
}

/// Every way through the steps: one alternative chosen at each number. Steps that are not
/// alternatives are in every path.
pub fn recovery_paths(steps: &[Step]) -> Vec<Vec<Step>> {
    let mut paths: Vec<Vec<Step>> = vec![Vec::new()];
    let mut i = 0;
    while i < steps.len() {
        let group: Vec<&Step> = steps[i..]
            .iter()
            .take_while(|s| s.number == steps[i].number)
            .collect();
        i += group.len();
        paths = paths
            .into_iter()
            .flat_map(|p| {
                group.iter().map(move |s| {
                    let mut p = p.clone();
                    p.push((*s).clone());
                    p
                })
            })
            .collect();
    }
    paths
}

/// The command inside "pass --yes: `…`", split as a shell would.
pub fn printed_yes_command(stderr: &str) -> Vec<String> {
    let start = stderr
        .find("pass --yes: `")
        .unwrap_or_else(|| panic!("no --yes command in {stderr:?}"))
        + "pass --yes: `".len();
    let end = start + stderr[start..].find('`').unwrap();
    shell_words(&stderr[start..end])
}

/// Runs a printed `stytch-m2m …` command: the binary under test for its first word.
pub fn run_printed(h: &Harness, words: &[String]) -> std::process::Output {
    assert_eq!(words[0], "stytch-m2m", "{words:?}");
    h.cmd().args(&words[1..]).output().unwrap()
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

/// A step of a path, and what became of it: its exit code, or `None` when its condition did not
/// hold (so it was not run).
#[derive(Debug, Clone)]
pub struct Ran {
    pub step: Step,
    pub code: Option<i32>,
    pub stdout: String,
}

/// The conditions the tool prints (`when`), and how a test checks each one. The local Stytch's
/// state decides the factual ones ("a next secret is pending", "nobody holds the secret"); the
/// choices a person makes ("you would rather discard it") hold, as this path is the copy of the
/// scenario where that choice is made; the scenario adds its own ([`Conditions::also`]: "the
/// cause is fixed" makes the fix, "the deploy target holds the secret" looks). A condition no
/// one knows fails the test: a new one must be taught here.
pub struct Conditions<'a> {
    /// `None`: judged only from what the steps printed, as a person does.
    mock: Option<&'a MockServer>,
    client_id: String,
    more: Vec<(String, Box<dyn FnMut() -> bool + 'a>)>,
}

/// The choices a person makes between alternatives: each holds in the copy of the scenario
/// where it is chosen.
const CHOICES: [&str; 3] = [
    "every consumer uses the printed secret",
    "you would rather discard it",
    "no consumer uses the new secret",
];

impl<'a> Conditions<'a> {
    pub fn new(mock: &'a MockServer, client_id: &str) -> Conditions<'a> {
        Conditions {
            mock: Some(mock),
            client_id: client_id.to_owned(),
            more: Vec::new(),
        }
    }

    /// A condition of this scenario's own, checked (or made true) by `check`.
    pub fn also(mut self, when: &str, check: impl FnMut() -> bool + 'a) -> Conditions<'a> {
        self.more.push((when.to_owned(), Box::new(check)));
        self
    }

    /// Conditions judged only from what the steps printed (the last `rotate status`).
    pub fn as_printed() -> Conditions<'a> {
        Conditions {
            mock: None,
            client_id: String::new(),
            more: Vec::new(),
        }
    }

    fn pending(&self) -> Option<String> {
        self.mock?
            .state()
            .client(&self.client_id)
            .and_then(|c| c.next_client_secret)
    }

    /// Whether `when` holds now, after the steps in `ran`, with what the test holds.
    pub fn holds(&mut self, when: &str, ran: &[Ran], held: &Delivered) -> bool {
        if let Some((_, check)) = self.more.iter_mut().find(|(w, _)| w == when) {
            return check();
        }
        match when {
            "a next secret is pending" | "a next secret is still pending" => {
                // What the person saw: the last `rotate status` printed.
                let said = ran
                    .iter()
                    .rev()
                    .find(|r| r.step.verb() == "status" && r.code.is_some())
                    .map(|r| r.stdout.contains("(rotation pending"));
                match (self.mock, said) {
                    (Some(_), said) => {
                        let pending = self.pending().is_some();
                        assert!(
                            said.is_none_or(|s| s == pending),
                            "`rotate status` said otherwise"
                        );
                        pending
                    }
                    (None, Some(said)) => said,
                    (None, None) => panic!("{when:?} before any `rotate status`: {ran:?}"),
                }
            }
            "nobody holds the secret" => self.pending().is_some_and(|p| held.holding(&p).is_none()),
            "you discarded it" => ran
                .iter()
                .any(|r| r.step.verb() == "cancel" && r.code == Some(0)),
            // A choice, and a fact: the test must hold the secret to choose it.
            "you hold the secret and every consumer uses it" => {
                self.pending().is_some_and(|p| held.holding(&p).is_some())
            }
            choice if CHOICES.contains(&choice) => true,
            other => panic!("a printed condition no test knows how to check: {other:?}"),
        }
    }
}

/// Runs one path of printed recovery steps ([`recovery_paths`]) in order, each exactly as
/// printed, the way a person follows them: a step with a condition runs only where
/// [`Conditions::holds`] says it does. `run` runs one command (the binary with the test's
/// environment, and on stdin the secret the person holds for a step that reads one). Every step
/// that runs must succeed (exit 0): a printed step that fails is a broken promise. Each step's
/// stdout is delivered. Returns what became of each step.
pub fn run_path(
    row: &str,
    path: &[Step],
    mut run: impl FnMut(&[String]) -> Output,
    delivered: &mut Delivered,
    conditions: &mut Conditions<'_>,
) -> Vec<Ran> {
    for pair in path.windows(2) {
        assert_ne!(
            pair[0].number, pair[1].number,
            "{row}: not one path: {path:?}"
        );
    }
    let mut ran: Vec<Ran> = Vec::new();
    for step in path {
        if let Some(when) = &step.when {
            if !conditions.holds(when, &ran, delivered) {
                count(Counts {
                    steps_skipped: 1,
                    ..Counts::default()
                });
                ran.push(Ran {
                    step: step.clone(),
                    code: None,
                    stdout: String::new(),
                });
                continue;
            }
        }
        let out = run(&step.args);
        let code = out.status.code().unwrap_or(-1);
        count(Counts {
            steps_run: 1,
            ..Counts::default()
        });
        assert_eq!(
            code,
            0,
            "{row}: printed recovery step `{}` failed:\n{}",
            step.line(),
            String::from_utf8_lossy(&out.stderr)
        );
        delivered.stdout(&format!("recovery step {}", step.line()), &out);
        ran.push(Ran {
            step: step.clone(),
            code: Some(code),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        });
    }
    ran
}

/// Printed steps with no alternative, run in order ([`run_path`]), their conditions judged as a
/// person does, from what the steps printed ([`Conditions::as_printed`]). Returns each step that
/// ran with its exit code.
pub fn run_recovery(
    row: &str,
    steps: &[Step],
    run: impl FnMut(&[String]) -> Output,
    delivered: &mut Delivered,
) -> Vec<(Vec<String>, i32)> {
    let mut conditions = Conditions::as_printed();
    run_path(row, steps, run, delivered, &mut conditions)
        .into_iter()
        .filter_map(|r| r.code.map(|c| (r.step.args, c)))
        .collect()
}
