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

use super::journaled::Facts;
use super::start::{deliver, mint, preflight, Destination};
use super::Context;
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

/// One client's whole run (or `--resume`), under the lock and journal `ctx` holds: for one
/// `--client-id`, and for each client of a fleet (whose quiet UI prints nothing of the run's own
/// but the deploy's output lines).
pub(crate) async fn run_client(ctx: &mut Context<'_>, plan: &Plan) -> (Report, Result<()>) {
    let mut report = Report::default();
    let result = if plan.resume {
        resume::resume(ctx, plan, &mut report).await
    } else {
        fresh(ctx, plan, &mut report).await
    };
    (report, result)
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
