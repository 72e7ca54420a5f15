//! Recovery steps: the commands an error prints to get back to a known state, each to be run
//! exactly as printed, with the condition it applies under and the alternatives it has.
//!
//! People read them numbered on stderr; scripts read them as `--json`'s `recovery` array:
//!
//! ```text
//!   to recover, run:
//!     1. stytch-m2m rotate status --client-id ID   (is a next secret pending?)
//!     2. stytch-m2m rotate cancel --client-id ID --yes   (only if a next secret is pending: nobody holds it)
//!     3. stytch-m2m rotate start --client-id ID   (with the destination you meant)
//! ```
//!
//! and, where there is a choice (steps sharing a number, each with its condition):
//!
//! ```text
//!     1. stytch-m2m rotate run … --resume --yes   (if the cause is fixed: …)
//!        or stytch-m2m rotate cancel … --yes …   (if no consumer uses the new secret: …)
//! ```

use serde_json::{json, Value};

/// One printed step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The command line, runnable exactly as printed (in a POSIX shell).
    pub command: String,
    /// The condition under which it is run; `None`: always.
    pub when: Option<String>,
    /// What it shows or does.
    pub note: Option<String>,
    /// An alternative to the step before it: do one of them (the one whose `when` holds).
    pub alternative: bool,
}

impl Step {
    /// A step run unconditionally.
    pub fn run(command: impl Into<String>) -> Step {
        Step {
            command: command.into(),
            when: None,
            note: None,
            alternative: false,
        }
    }

    /// An alternative to the step before it; it needs its own [`Step::when`].
    pub fn or(command: impl Into<String>) -> Step {
        Step {
            alternative: true,
            ..Step::run(command)
        }
    }

    pub fn note(mut self, note: impl Into<String>) -> Step {
        self.note = Some(note.into());
        self
    }

    /// The condition ("a next secret is pending"), without a colon: a colon ends it in the text.
    pub fn when(mut self, when: impl Into<String>) -> Step {
        self.when = Some(when.into());
        self
    }

    /// The line people read, without its number: `COMMAND   (NOTE)`, with the condition as
    /// `only if WHEN` (a step alone at its number) or `if WHEN` (one of alternatives).
    fn text(&self, in_choice: bool) -> String {
        let when = self.when.as_ref().map(|w| {
            let lead = if in_choice { "if" } else { "only if" };
            format!("{lead} {w}")
        });
        let paren = match (when, &self.note) {
            (Some(w), Some(n)) => Some(format!("{w}: {n}")),
            (Some(w), None) => Some(w),
            (None, Some(n)) => Some(n.clone()),
            (None, None) => None,
        };
        match paren {
            Some(p) => format!("{}   ({p})", self.command),
            None => self.command.clone(),
        }
    }
}

/// Each step with its number (1, 2, …; alternatives share one) and whether it is one of a
/// choice.
fn numbered(steps: &[Step]) -> Vec<(usize, bool, &Step)> {
    let mut n = 0;
    steps
        .iter()
        .enumerate()
        .map(|(i, s)| {
            if !s.alternative || i == 0 {
                n += 1;
            }
            let next_is_alternative = steps.get(i + 1).is_some_and(|t| t.alternative);
            (n, s.alternative || next_is_alternative, s)
        })
        .collect()
}

/// The human text: one numbered line per step, `or …` under it for each alternative.
pub fn render(steps: &[Step]) -> String {
    let mut text = String::new();
    for (n, choice, step) in numbered(steps) {
        let line = step.text(choice);
        if step.alternative {
            text.push_str(&format!("       or {line}\n"));
        } else {
            text.push_str(&format!("    {n}. {line}\n"));
        }
    }
    text
}

/// `--json`'s `recovery`: one object per step, in order. `step` is the number people see;
/// entries that share it are alternatives. `text` is the line as people read it.
pub fn to_json(steps: &[Step]) -> Value {
    numbered(steps)
        .into_iter()
        .map(|(n, choice, s)| {
            json!({
                "step": n,
                "command": s.command,
                "when": s.when,
                "note": s.note,
                "text": s.text(choice),
            })
        })
        .collect::<Vec<_>>()
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn steps() -> Vec<Step> {
        vec![
            Step::run("stytch-m2m rotate status --client-id a").note("is one pending?"),
            Step::run("stytch-m2m rotate cancel --client-id a --yes")
                .when("a next secret is pending")
                .note("nobody holds it"),
            Step::run("stytch-m2m rotate run --client-id a --resume --yes").when("it is fixed"),
            Step::or("stytch-m2m rotate cancel --client-id a --yes").when("you give up"),
        ]
    }

    #[test]
    fn conditions_and_alternatives_are_said_in_both_forms() {
        assert_eq!(
            render(&steps()),
            "    1. stytch-m2m rotate status --client-id a   (is one pending?)\n\
             \x20   2. stytch-m2m rotate cancel --client-id a --yes   (only if a next secret is pending: nobody holds it)\n\
             \x20   3. stytch-m2m rotate run --client-id a --resume --yes   (if it is fixed)\n\
             \x20      or stytch-m2m rotate cancel --client-id a --yes   (if you give up)\n"
        );
        let json = to_json(&steps());
        let numbers: Vec<u64> = json
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["step"].as_u64().unwrap())
            .collect();
        assert_eq!(numbers, [1, 2, 3, 3]);
        assert_eq!(json[0]["when"], Value::Null);
        assert_eq!(json[1]["when"], "a next secret is pending");
        assert_eq!(json[1]["note"], "nobody holds it");
        assert_eq!(
            json[3]["text"],
            "stytch-m2m rotate cancel --client-id a --yes   (if you give up)"
        );
        assert_eq!(
            json[3]["command"],
            "stytch-m2m rotate cancel --client-id a --yes"
        );
    }
}
