//! Many clients (`rotate status|start|complete|cancel|run` with anything but one
//! `--client-id`): the flags that have no meaning for many are refused, the clients are chosen
//! ([`crate::fleet::select`]), and each one's step is handed to the fleet's pool
//! ([`crate::fleet`]).

use std::time::Duration;

use crate::cli::{CancelArgs, CompleteArgs, FleetArgs, RunArgs, Selection, StartArgs, StatusArgs};
use crate::commands::Session;
use crate::error::{Error, ErrorKind, Result};
use crate::fleet::{engine, finish, run, select, work, Fleet};
use crate::runtime::block_on;
use crate::shell::again_with_yes;
use crate::signals::Interrupts;
use crate::stytch::RetryPolicy;

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
    let ids = select::given_ids(&args.client, session.global.secret_stdin)?;
    let fleet = new_fleet(session, &args.fleet, "status")?;
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
    let ids = select::given_ids(&args.client, session.global.secret_stdin)?;
    let fleet = new_fleet(session, &args.fleet, "start")?;
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
    let ids = select::given_ids(selection, session.global.secret_stdin)?;
    let fleet = new_fleet(session, args, plan.action())?;
    // After the configuration is checked: the command printed when there is no terminal repeats
    // the arguments, and a refused one (a base URL with a password) must never be printed.
    let command = format!("rotate {}", plan.action());
    confirm_upfront(session, plan.yes || plan.dry_run, &command)?;
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
    let selection = args.client.clone();
    let ids = select::given_ids(&selection, session.global.secret_stdin)?;
    let mut fleet = new_fleet(session, &args.fleet.clone(), "run")?;
    confirm_upfront(session, args.yes || args.dry_run, "rotate run")?;
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
    session.ui.confirmable(yes, &again_with_yes(command))
}

/// Credentials are resolved (and prompted for) here, before anything is sent. A 429 pauses
/// every worker; a client waits its turn up to 20 times before it fails.
fn new_fleet<'a>(
    session: &Session<'a>,
    args: &FleetArgs,
    action: &'static str,
) -> Result<Fleet<'a>> {
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
