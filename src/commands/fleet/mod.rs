//! Many clients at once (`rotate status|start|complete|cancel|run` with anything but one
//! `--client-id`): which clients ([`select`]), a bounded pool of workers sharing one connection
//! pool and one pacing ([`engine`]), what each client's step is ([`work`], [`finish`],
//! [`run`]), where new secrets go ([`custody`]), and what the person or script sees
//! ([`progress`]).
//!
//! One result per client: `ok`, `failed`, `skipped` (a documented rule: `start` and `run` skip a
//! client with a rotation pending, `complete` and `cancel` one with none) or `not_started`
//! (after `--fail-fast` or a signal). Exit 0 when none failed or was left out, else 11.

pub(crate) mod custody;
mod engine;
mod finish;
pub mod progress;
mod run;
pub mod select;
mod work;

use std::time::Duration;

use serde_json::{json, Value};

use crate::cli::{CancelArgs, CompleteArgs, FleetArgs, RunArgs, Selection, StartArgs, StatusArgs};
use crate::commands::journaled::Recorder;
use crate::commands::{block_on, Context, Session};
use crate::error::{Error, ErrorKind, Result};
use crate::sanitize::sanitize;
use crate::signals::Interrupts;
use crate::stytch::{Client, ClientId, RetryPolicy};
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
        }
    }

    pub fn failed(id: &ClientId, action: &'static str, err: &Error) -> Outcome {
        let mut o = Outcome::new(id, action, Verdict::Failed, sanitize(&err.message));
        o.exit_code = Some(err.code.code());
        o.error_type = Some(err.kind.name());
        o.request_id = err.stytch.as_ref().and_then(|s| s.request_id.clone());
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
    /// Credentials are resolved (and prompted for) here, before anything is sent. A 429 pauses
    /// every worker; a client waits its turn up to 20 times before it fails.
    pub fn new(session: &Session<'a>, args: &FleetArgs, action: &'static str) -> Result<Self> {
        let retry = RetryPolicy {
            rate_limited_attempts: 20,
            max_total_wait: Duration::from_secs(60),
            ..RetryPolicy::default()
        };
        Ok(Fleet {
            ui: session.ui,
            step_ui: session.ui.quieted(),
            client: session.client()?.with_retry(retry),
            keyring_timeout: session.keyring_timeout(),
            jobs: usize::from(args.jobs.unwrap_or(4)),
            fail_fast: args.fail_fast,
            action,
            again: None,
        })
    }

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

/// A flag that has no meaning for many clients: refused before anything is sent.
fn one_client_only(given: bool, flag: &str, instead: &str) -> Result<()> {
    if !given {
        return Ok(());
    }
    Err(Error::new(
        ErrorKind::Usage,
        format!("{flag} works with one --client-id only; nothing was sent"),
    )
    .hint(instead.to_owned()))
}

pub fn status(session: &Session, args: StatusArgs) -> Result<()> {
    let ids = select::given_ids(&args.client, session)?;
    let fleet = Fleet::new(session, &args.fleet, "status")?;
    block_on(async {
        let mut signals = Interrupts::install()?;
        let targets =
            select::resolve(&fleet.client, &args.client, ids, false, &mut signals).await?;
        engine::drive(&fleet, targets, &mut signals, |t| work::status(&fleet, t)).await
    })
}

pub fn start(session: &Session, args: StartArgs) -> Result<()> {
    select::chosen(&args.client)?;
    one_client_only(
        args.expect_secret_last_four.is_some(),
        "--expect-secret-last-four",
        "drop it, or rotate that client on its own",
    )?;
    one_client_only(
        args.custody.secret_file.is_some(),
        "--secret-file",
        "use --secret-dir DIR: one new file per client",
    )?;
    let plan = work::StartPlan::new(&args)?;
    let ids = select::given_ids(&args.client, session)?;
    let fleet = Fleet::new(session, &args.fleet, "start")?;
    block_on(async {
        let mut signals = Interrupts::install()?;
        let targets =
            select::resolve(&fleet.client, &args.client, ids, false, &mut signals).await?;
        let custody = work::Custody::prepare(&fleet, &plan, &targets, &mut signals).await?;
        let work = |t| work::start(&fleet, &plan, &custody, t);
        engine::drive(&fleet, targets, &mut signals, work).await
    })
}

pub fn complete(session: &Session, args: CompleteArgs) -> Result<()> {
    one_client_only(
        args.next_secret_stdin || args.next_secret_file.is_some(),
        "--next-secret-stdin / --next-secret-file",
        "use --secret-dir DIR, or let each secret be read from where `rotate start` put it",
    )?;
    one_client_only(
        args.confirm.expect_next_last_four.is_some(),
        "--expect-next-last-four",
        "drop it, or complete that client on its own",
    )?;
    let plan = finish::Plan::complete(&args);
    finish_many(session, &args.confirm.client, &args.fleet, plan)
}

pub fn cancel(session: &Session, args: CancelArgs) -> Result<()> {
    one_client_only(
        args.confirm.expect_next_last_four.is_some(),
        "--expect-next-last-four",
        "drop it, or cancel that client's rotation on its own",
    )?;
    let plan = finish::Plan::cancel(&args);
    finish_many(session, &args.confirm.client, &args.fleet, plan)
}

fn finish_many(
    session: &Session,
    selection: &Selection,
    args: &FleetArgs,
    mut plan: finish::Plan,
) -> Result<()> {
    let command = format!("rotate {}", plan.action());
    confirm_upfront(session, plan.yes || plan.dry_run, &command)?;
    let ids = select::given_ids(selection, session)?;
    let fleet = Fleet::new(session, args, plan.action())?;
    block_on(async {
        let mut signals = Interrupts::install()?;
        let targets = select::resolve(&fleet.client, selection, ids, false, &mut signals).await?;
        plan.prepare(&fleet, targets.len())?;
        let plan = &plan;
        engine::drive(&fleet, targets, &mut signals, |t| {
            finish::one(&fleet, plan, t)
        })
        .await
    })
}

pub fn run(session: &Session, args: RunArgs) -> Result<()> {
    one_client_only(
        args.custody.secret_file.is_some(),
        "--secret-file",
        "use --secret-dir DIR: one new file per client",
    )?;
    one_client_only(
        args.next_secret_stdin || args.next_secret_from.is_some(),
        "--next-secret-stdin / --next-secret-from",
        "resume each client on its own: `rotate run --client-id ID … --resume --next-secret-stdin`",
    )?;
    confirm_upfront(session, args.yes || args.dry_run, "rotate run")?;
    let selection = args.client.clone();
    let ids = select::given_ids(&selection, session)?;
    let mut fleet = Fleet::new(session, &args.fleet.clone(), "run")?;
    let mut plan = run::FleetPlan::new(args)?;
    fleet.again = Some(plan.resume_command(&selection, fleet.jobs, fleet.fail_fast));
    block_on(async {
        let mut signals = Interrupts::install()?;
        let targets = select::resolve(&fleet.client, &selection, ids, false, &mut signals).await?;
        plan.prepare(&fleet, &targets, &mut signals).await?;
        let plan = &plan;
        engine::drive(&fleet, targets, &mut signals, |t| run::one(&fleet, plan, t)).await
    })
}

/// Without `--yes`, a person must be there to answer once the clients are known.
fn confirm_upfront(session: &Session, yes: bool, command: &str) -> Result<()> {
    session
        .ui
        .confirmable(yes, &format!("stytch-m2m {command} … --yes"))
}
