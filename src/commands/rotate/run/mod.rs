//! `rotate run`: a whole zero-downtime rotation in one command, under the client's lock, each
//! step journaled: read, start, store, verify, deploy, check, soak, verify again, complete.
//! `--resume` continues a run that stopped, from what the journal and Stytch show.

mod hook;
pub(crate) mod plan;
mod redact;
pub(crate) mod report;
mod resume;
mod steps;

use std::path::PathBuf;

use serde_json::json;

use super::start::{deliver, mint, preflight, Destination};
use crate::cli::RunArgs;
use crate::commands::journaled::{Facts, Recorder};
use crate::commands::{Context, Session};
use crate::error::{Error, ErrorKind, Result};
use crate::inflight;
use crate::journal::Action;
use crate::redacted::Secret;
use crate::store::keyring::Keyring;
use plan::Plan;
use report::Report;

/// Where the pending secret is kept while the run goes on.
pub(super) enum Custody {
    Keyring(Keyring),
    File(PathBuf),
    Memory,
}

/// A pending rotation this run holds the secret of.
pub(super) struct Pending {
    pub secret: Secret,
    pub four: String,
    pub custody: Custody,
}

pub fn run(session: &Session, args: RunArgs) -> Result<()> {
    let one = args.client.single().is_some();
    if one && !args.fleet.given() && !args.dry_run && args.custody.secret_dir.is_none() {
        run_one(session, args)
    } else {
        crate::commands::fleet::run(session, args)
    }
}

/// One client of a fleet: the whole run (or `--resume`) under its own lock and journal,
/// printing nothing of its own but the deploy's output lines.
pub(crate) async fn run_client(ctx: &mut Context<'_>, plan: &Plan) -> (Report, Result<()>) {
    let mut report = Report::default();
    let result = if plan.resume {
        resume::resume(ctx, plan, &mut report).await
    } else {
        fresh(ctx, plan, &mut report).await
    };
    (report, result)
}

fn run_one(session: &Session, args: RunArgs) -> Result<()> {
    let from_stdin = args.next_secret_stdin;
    let from_command = args.next_secret_from.clone();
    let mut plan = Plan::new(args)?;
    session
        .ui
        .confirmable(plan.yes, &plan.resume_command().replace(" --resume", ""))?;
    if from_stdin {
        plan.next_secret = Some(given_secret(session)?);
    } else if let Some(command) = from_command {
        plan.next_secret = Some(secret_from_command(&command, plan.id.as_str())?);
    }
    let client = session.client()?;
    let rec = Recorder::open(&plan.journal, &client, &plan.id, "rotate run")?;
    session.run_recorded(client, rec, |mut ctx| async move {
        let mut report = Report::default();
        let result = if plan.resume {
            resume::resume(&mut ctx, &plan, &mut report).await
        } else {
            fresh(&mut ctx, &plan, &mut report).await
        };
        let four = report.next_secret_last_four.as_deref().unwrap_or("?");
        match (&result, report.already_done) {
            (Ok(()), false) => ctx.ui.info(format!(
                "Rotated {}: the secret ending {four} is now the only secret.",
                plan.id
            )),
            (Ok(()), true) => ctx.ui.info(format!(
                "Nothing to resume: an earlier run already rotated {}; the secret ending {four} is the only secret.",
                plan.id
            )),
            (Err(_), _) => {}
        }
        report.finish(&ctx, plan.id.as_str(), result)
    })
}

/// `--next-secret-stdin`: the pending secret that only the deploy target holds, read before
/// anything is sent.
fn given_secret(session: &Session) -> Result<Secret> {
    if session.global.secret_stdin {
        return Err(Error::new(
            ErrorKind::Usage,
            "--next-secret-stdin and --secret-stdin both read stdin; nothing was sent",
        )
        .hint("give the project secret in STYTCH_SECRET (or a profile), and the pending secret on stdin"));
    }
    let secret = crate::config::read_secret_stdin(session.ui, "the pending secret")?;
    if secret.is_empty() {
        return Err(Error::new(
            ErrorKind::EmptyInput,
            "--next-secret-stdin gave an empty secret; nothing was sent",
        )
        .hint("give the new secret the deploy target holds"));
    }
    Ok(secret)
}

/// `--next-secret-from CMD`: the pending secret is what `sh -c CMD` prints (one line; its
/// stderr is shown as it is; the project secret is not in its environment, the client id is, in
/// `STYTCH_M2M_CLIENT_ID`, as for the deploy).
fn secret_from_command(command: &str, client_id: &str) -> Result<Secret> {
    let out = std::process::Command::new(if cfg!(windows) { "cmd" } else { "sh" })
        .arg(if cfg!(windows) { "/C" } else { "-c" })
        .arg(command)
        .env_remove("STYTCH_SECRET")
        .env("STYTCH_M2M_CLIENT_ID", client_id)
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| {
            Error::new(
                ErrorKind::HookFailed,
                format!("could not run --next-secret-from: {e}; nothing was sent"),
            )
        })?;
    let text = zeroize::Zeroizing::new(String::from_utf8_lossy(&out.stdout).into_owned());
    let secret = Secret::from_input(text.to_string());
    if !out.status.success() || secret.is_empty() {
        let how = out
            .status
            .code()
            .map_or("was killed".to_owned(), |c| format!("exited {c}"));
        return Err(Error::new(
            ErrorKind::HookFailed,
            format!("--next-secret-from {how} and printed no secret; nothing was sent"),
        )
        .hint("it must print the pending secret (the one the deploy target holds) on stdout and exit 0"));
    }
    Ok(secret)
}

/// Steps 1 to 3: read the client, ask, mint, store.
pub(super) async fn fresh(ctx: &mut Context<'_>, plan: &Plan, report: &mut Report) -> Result<()> {
    let seen = ctx
        .interrupts
        .guard(ctx.client.get_client(&plan.id), |e| e)
        .await?;
    report.secret_last_four = Some(seen.client.client_secret_last_four.clone());
    if let Some(four) = &seen.client.next_client_secret_last_four {
        return Err(Error::new(
            ErrorKind::AlreadyRotating,
            format!(
                "client {} already has a rotation pending (next secret ending {}); nothing was sent",
                plan.id,
                crate::sanitize::sanitize(four)
            ),
        )
        .hint(format!("continue it with `{}`, or see it with `stytch-m2m rotate status --client-id {}`",
            plan.resume_command(), crate::shell::quote(plan.id.as_str()))));
    }
    plan.ask(ctx.ui)?;
    let mut dest = if plan.fleet && plan.keyring {
        // The fleet probed the keyring once for every client.
        Destination::Keyring(Keyring::open(ctx.keyring_timeout).await?)
    } else {
        preflight(ctx, plan.keyring, plan.secret_file.clone(), true).await?
    };
    let pending = start(ctx, plan, report, &mut dest).await?;
    carry_on(ctx, plan, report, pending, false).await
}

/// Mints and stores, journaled as `rotate start` does.
async fn start(
    ctx: &mut Context<'_>,
    plan: &Plan,
    report: &mut Report,
    dest: &mut Destination,
) -> Result<Pending> {
    let mut facts = Facts {
        secret_last_four: report.secret_last_four.clone(),
        destination: Some(dest.name()),
        ..Facts::default()
    };
    ctx.rec.intent(ctx.ui, Action::Start, facts.clone());
    let minted = match mint(ctx, &plan.id).await {
        Ok(minted) => minted,
        Err(e) => {
            std::mem::replace(dest, Destination::Memory).abandon();
            ctx.rec.failed(ctx.ui, Action::Start, &e, facts);
            report.step(ctx, "start", "failed", json!({ "error": e.kind.name() }));
            return Err(e);
        }
    };
    let four = minted.next_secret.last_four();
    report.next_secret_last_four = Some(four.clone());
    let held = inflight::hold(plan.id.as_str(), &minted.next_secret);
    inflight::test_pause_point("start-answered");
    let stored = deliver(ctx, &plan.id, dest, &minted).await;
    drop(held);
    facts.request_id = Some(minted.answer.request_id.clone());
    facts.next_last_four = Some(four.clone());
    if let Err(e) = &stored {
        facts.destination = e.undelivered_secret.then(|| "stdout".to_owned());
        ctx.rec.failed(ctx.ui, Action::Start, e, facts);
        report.state = Some("pending");
        report.step(ctx, "start", "failed", json!({ "error": e.kind.name() }));
        return Err(stored.unwrap_err());
    }
    ctx.rec.ok(ctx.ui, Action::Start, facts);
    report.step(
        ctx,
        "start",
        "ok",
        json!({ "request_id": minted.answer.request_id, "destination": dest.name() }),
    );
    let custody = match std::mem::replace(dest, Destination::Memory) {
        Destination::Keyring(k) => Custody::Keyring(k),
        Destination::File(f) => Custody::File(f.path().to_owned()),
        _ => Custody::Memory,
    };
    Ok(Pending {
        secret: minted.next_secret,
        four,
        custody,
    })
}

/// Steps 4 to 8, from a pending rotation whose secret this run holds (fresh or resumed).
/// `deployed`: a deploy of this secret began before (a resumed run): its consumers may hold
/// it, so nothing cancels it unless `--on-deploy-failure cancel` was typed.
async fn carry_on(
    ctx: &mut Context<'_>,
    plan: &Plan,
    report: &mut Report,
    pending: Pending,
    deployed: bool,
) -> Result<()> {
    report.next_secret_last_four = Some(pending.four.clone());
    let keep = deployed && !plan.cancel_asked();
    if let Err(e) = steps::verify(ctx, plan, report, &pending, plan.verify_timeout).await {
        if keep {
            return Err(steps::keep(ctx, plan, report, &pending, e));
        }
        // A secret that never works and was never handed on is worth nothing: discard it.
        return Err(steps::cancel(ctx, plan, report, &pending, e).await);
    }
    let deployed_now = async {
        steps::deploy(ctx, plan, report, &pending).await?;
        steps::check(ctx, plan, report, &pending).await?;
        steps::soak(ctx, plan, report).await?;
        steps::verify(ctx, plan, report, &pending, std::time::Duration::ZERO).await
    }
    .await;
    if let Err(e) = deployed_now {
        if keep {
            return Err(steps::keep(ctx, plan, report, &pending, e));
        }
        return Err(steps::on_failure(ctx, plan, report, &pending, e).await);
    }
    steps::complete(ctx, plan, report, &pending).await
}
