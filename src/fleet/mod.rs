//! Many clients at once (`rotate status|start|complete|cancel|run` with anything but one
//! `--client-id`, handed over by `commands::rotate::many`): which clients ([`select`]), a
//! bounded pool of workers sharing one connection pool and one pacing ([`engine`]), what each
//! client's step is ([`work`], [`finish`], [`run`]: each made of the one-client steps of
//! [`crate::rotation`]), where new secrets go ([`custody`]), and what the person or script sees
//! ([`progress`]).
//!
//! One result per client: `ok`, `failed`, `skipped` (a documented rule: `start` and `run` skip a
//! client with a rotation pending, `complete` and `cancel` one with none) or `not_started`
//! (after `--fail-fast` or a signal). Exit 0 when none failed or was left out, else 11.

pub(crate) mod custody;
pub mod engine;
pub mod finish;
pub mod progress;
pub mod run;
pub mod select;
pub mod work;

use std::time::Duration;

use serde_json::{json, Value};

use crate::error::{Error, Result, Step};
use crate::rotation::journaled::Recorder;
use crate::rotation::Context;
use crate::sanitize::sanitize;
use crate::signals::Interrupts;
use crate::stytch::{Client, ClientId};
use crate::ui::Ui;

pub use select::Target;

/// How one client ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Ok,
    Failed,
    Skipped,
    NotStarted,
}

impl Verdict {
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Ok => "ok",
            Verdict::Failed => "failed",
            Verdict::Skipped => "skipped",
            Verdict::NotStarted => "not_started",
        }
    }
}

/// One client's result: a line of `--json`, a line on stderr, a row of the summary table.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub client_id: String,
    pub action: &'static str,
    pub verdict: Verdict,
    pub exit_code: Option<i32>,
    pub error_type: Option<&'static str>,
    pub secret_last_four: Option<String>,
    pub next_secret_last_four: Option<String>,
    pub request_id: Option<String>,
    /// For people: what was done, would be done, or why not (already sanitized).
    pub note: String,
    /// `--older-than` chose it because no record says when it was last rotated.
    pub age_unknown: bool,
    /// What to run when the step's outcome is unknown or half done: the failed step's own
    /// recovery, kept whole (a fleet must not lose what a single client would print).
    pub recovery: Vec<Step>,
    /// The failed step's hint: what to do next, as a single client would print it (sanitized).
    pub hint: Option<String>,
}

impl Outcome {
    pub fn new(id: &ClientId, action: &'static str, verdict: Verdict, note: String) -> Outcome {
        Outcome {
            client_id: id.as_str().to_owned(),
            action,
            verdict,
            exit_code: (verdict != Verdict::NotStarted).then_some(0),
            error_type: None,
            secret_last_four: None,
            next_secret_last_four: None,
            request_id: None,
            note,
            age_unknown: false,
            recovery: Vec::new(),
            hint: None,
        }
    }

    pub fn failed(id: &ClientId, action: &'static str, err: &Error) -> Outcome {
        let mut o = Outcome::new(id, action, Verdict::Failed, sanitize(&err.message));
        o.exit_code = Some(err.code.code());
        o.error_type = Some(err.kind.name());
        o.request_id = err.stytch.as_ref().and_then(|s| s.request_id.clone());
        o.recovery = err.recovery.clone();
        o.hint = err.hint.as_deref().map(sanitize);
        o
    }

    /// The last fours, sanitized.
    pub fn fours(mut self, secret: Option<&str>, next: Option<&str>) -> Outcome {
        self.secret_last_four = secret.map(sanitize);
        self.next_secret_last_four = next.map(sanitize);
        self
    }

    pub fn to_json(&self) -> Value {
        let mut value = json!({
            "client_id": self.client_id,
            "action": self.action,
            "result": self.verdict.name(),
            "exit_code": self.exit_code,
            "error_type": self.error_type,
            "secret_last_four": self.secret_last_four,
            "next_secret_last_four": self.next_secret_last_four,
            "request_id": self.request_id,
            "message": self.note,
        });
        if self.age_unknown {
            value["age_unknown"] = true.into();
        }
        if let Some(hint) = &self.hint {
            value["hint"] = hint.as_str().into();
        }
        if !self.recovery.is_empty() {
            value["recovery"] = crate::error::recovery::to_json(&self.recovery);
        }
        value
    }
}

/// What every worker shares: the client (one connection pool, one pacing), the UI for the
/// steps of one client (which prints nothing but warnings), and how to work.
pub struct Fleet<'a> {
    pub ui: &'a Ui,
    /// The UI a client's steps see: quiet, so that only the fleet's own lines are printed.
    pub step_ui: Ui,
    pub client: Client,
    pub keyring_timeout: Duration,
    pub jobs: usize,
    pub fail_fast: bool,
    pub action: &'static str,
    /// The whole command to run again after failures (`rotate run`: with `--resume`).
    pub again: Option<String>,
}

impl<'a> Fleet<'a> {
    /// The context of one client's steps. Signals reach them only in `rotate run` (to pass on
    /// to the deploy command); elsewhere the engine handles them and the step finishes.
    pub fn context(&self, rec: Recorder, signals: bool) -> Result<Context<'_>> {
        Ok(Context {
            client: self.client.clone(),
            ui: &self.step_ui,
            interrupts: if signals {
                Interrupts::install()?
            } else {
                Interrupts::inert()
            },
            keyring_timeout: self.keyring_timeout,
            rec,
        })
    }

    /// Opens the journal and takes the client's lock off the async thread (a `--lock-timeout`
    /// wait must not hold up the other workers).
    pub async fn recorder(
        &self,
        journal: &crate::cli::JournalArgs,
        id: &ClientId,
        command: &'static str,
    ) -> Result<Recorder> {
        let (args, client, id) = (journal.clone(), self.client.clone(), id.clone());
        tokio::task::spawn_blocking(move || Recorder::open(&args, &client, &id, command))
            .await
            .map_err(|e| Error::internal(format!("the journal task failed: {e}")))?
    }
}
