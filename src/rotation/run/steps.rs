//! Steps 4 to 8 of `rotate run`, and what happens when one of them fails.

use std::time::{Duration, Instant};

use serde_json::json;

use super::hook::{self, Hook};
use super::plan::Plan;
use super::report::Report;
use super::{Custody, Pending};
use crate::cli::OnFailure;
use crate::error::{Error, ErrorKind, Result, Step};
use crate::journal::Action;
use crate::redacted::Secret;
use crate::rotation::finish;
use crate::rotation::journaled::Facts;
use crate::rotation::Context;
use crate::store::Slot;
use crate::stytch::Op;

fn facts(pending: &Pending) -> Facts {
    Facts {
        next_last_four: Some(pending.four.clone()),
        ..Facts::default()
    }
}

/// Step 4 (and 8): the new secret gets a token; a new secret can take seconds to work
/// everywhere, so retry with backoff until `timeout`.
pub(super) async fn verify(
    ctx: &mut Context<'_>,
    plan: &Plan,
    report: &mut Report,
    pending: &Pending,
    timeout: Duration,
) -> Result<()> {
    let deadline = Instant::now() + timeout;
    let mut delay = Duration::from_millis(500);
    ctx.rec.intent(ctx.ui, Action::Verify, facts(pending));
    loop {
        let tried = ctx
            .interrupts
            .guard(ctx.client.token(&plan.id, &pending.secret), |e| e)
            .await;
        let err = match tried {
            Ok(_) => {
                ctx.rec.ok(ctx.ui, Action::Verify, facts(pending));
                report.step(ctx, "verify", "ok", json!({}));
                return Ok(());
            }
            Err(e) if e.is_signal() || Instant::now() + delay > deadline => e,
            Err(e) => {
                ctx.ui.info(format!(
                    "verify   not yet ({}); trying again in {:.1} s",
                    e.message,
                    delay.as_secs_f64()
                ));
                let nap = tokio::time::sleep(delay);
                ctx.interrupts
                    .guard(
                        async {
                            nap.await;
                            Ok(())
                        },
                        |e| e,
                    )
                    .await?;
                delay = (delay * 2).min(Duration::from_secs(5));
                continue;
            }
        };
        ctx.rec.failed(ctx.ui, Action::Verify, &err, facts(pending));
        report.step(ctx, "verify", "failed", json!({ "error": err.kind.name() }));
        let what = if err.is_signal() {
            format!(
                "the new secret (ending {}) was not yet verified",
                pending.four
            )
        } else {
            format!(
                "the new secret (ending {}) never got a token within {} s",
                pending.four,
                timeout.as_secs_f64()
            )
        };
        return Err(err.context(what));
    }
}

/// The client's current secret, when the keyring that keeps the new one holds it too (an
/// earlier rotation promoted it there): the deploy and check output is redacted of it as well.
async fn current_secret(
    ctx: &Context<'_>,
    plan: &Plan,
    pending: &Pending,
    label: &str,
) -> Option<Secret> {
    let Custody::Keyring(keyring) = &pending.custody else {
        return None;
    };
    let user = Slot::Current.user(ctx.client.project_id(), &plan.id);
    match keyring.get(&user).await {
        Ok(found) => found,
        Err(e) => {
            ctx.ui.warn(format!(
                "could not read the current secret of {} from the keyring ({}); the {label} output is redacted of the new secret and the project secret only",
                plan.id, e.message
            ));
            None
        }
    }
}

fn hook<'a>(
    ctx: &Context<'_>,
    plan: &'a Plan,
    pending: &'a Pending,
    label: &'static str,
    current: Option<&Secret>,
) -> Hook<'a> {
    let project = ctx.client.project_id().as_str().to_owned();
    Hook {
        label,
        command: if label == "deploy" {
            &plan.deploy
        } else {
            plan.check.as_deref().unwrap_or("")
        },
        secret: (label == "deploy").then_some(&pending.secret),
        secret_env: plan.secret_env.as_deref(),
        env: vec![
            ("STYTCH_M2M_CLIENT_ID", plan.id.as_str().to_owned()),
            ("STYTCH_M2M_NEXT_SECRET_LAST_FOUR", pending.four.clone()),
            ("STYTCH_PROJECT_ID", project),
        ],
        redact: [
            Some(&pending.secret),
            Some(ctx.client.project_secret()),
            current,
        ]
        .into_iter()
        .flatten()
        .cloned()
        .collect(),
        who: plan.fleet.then(|| plan.id.to_string()),
    }
}

/// Step 5: the deploy command, once.
pub(super) async fn deploy(
    ctx: &mut Context<'_>,
    plan: &Plan,
    report: &mut Report,
    pending: &Pending,
) -> Result<()> {
    ctx.rec.intent(ctx.ui, Action::Deploy, facts(pending));
    let current = current_secret(ctx, plan, pending, "deploy").await;
    let hook = hook(ctx, plan, pending, "deploy", current.as_ref());
    let outcome = hook::run(ctx, &hook).await?;
    report.deploy_exit_code = outcome.code();
    let mut f = facts(pending);
    f.detail = Some(outcome.describe());
    if outcome.success() {
        ctx.rec.ok(ctx.ui, Action::Deploy, f);
        report.step(ctx, "deploy", "ok", json!({ "exit_code": 0 }));
        return Ok(());
    }
    let err = match outcome.forwarded {
        Some(signal) => Error::interrupted(signal).context("the deploy command was stopped"),
        None => Error::new(
            ErrorKind::DeployFailed,
            format!("the deploy command failed ({})", outcome.describe()),
        ),
    };
    ctx.rec.failed(ctx.ui, Action::Deploy, &err, f);
    report.step(
        ctx,
        "deploy",
        "failed",
        json!({ "exit_code": outcome.code() }),
    );
    Err(err)
}

/// Step 6: the check command, every 2 s until it exits 0 or the verify timeout passes.
pub(super) async fn check(
    ctx: &mut Context<'_>,
    plan: &Plan,
    report: &mut Report,
    pending: &Pending,
) -> Result<()> {
    if plan.check.is_none() {
        return Ok(());
    }
    let deadline = Instant::now() + plan.verify_timeout;
    ctx.rec.intent(ctx.ui, Action::Check, facts(pending));
    let current = current_secret(ctx, plan, pending, "check").await;
    let mut tries = 0;
    loop {
        tries += 1;
        let hook = hook(ctx, plan, pending, "check", current.as_ref());
        let outcome = hook::run(ctx, &hook).await?;
        let mut f = facts(pending);
        f.detail = Some(format!("{} after {}", outcome.describe(), times(tries)));
        if outcome.success() {
            ctx.rec.ok(ctx.ui, Action::Check, f);
            report.step(ctx, "check", "ok", json!({ "tries": tries }));
            return Ok(());
        }
        let stop = match outcome.forwarded {
            Some(signal) => {
                Some(Error::interrupted(signal).context("the check command was stopped"))
            }
            None if Instant::now() + Duration::from_secs(2) > deadline => Some(Error::new(
                ErrorKind::CheckFailed,
                format!(
                    "the check command never passed within {} s ({}, last: {})",
                    plan.verify_timeout.as_secs_f64(),
                    times(tries),
                    outcome.describe()
                ),
            )),
            None => None,
        };
        if let Some(err) = stop {
            ctx.rec.failed(ctx.ui, Action::Check, &err, f);
            report.step(ctx, "check", "failed", json!({ "tries": tries }));
            return Err(err);
        }
        let nap = tokio::time::sleep(Duration::from_secs(2));
        ctx.interrupts
            .guard(
                async {
                    nap.await;
                    Ok(())
                },
                |e| e,
            )
            .await?;
    }
}

/// Step 7: both secrets stay valid for a while, interruptibly.
pub(super) async fn soak(ctx: &mut Context<'_>, plan: &Plan, report: &mut Report) -> Result<()> {
    if plan.soak.is_zero() {
        return Ok(());
    }
    ctx.ui.info(format!(
        "soak     both secrets stay valid for {} s (Ctrl-C stops the run)",
        plan.soak.as_secs_f64()
    ));
    crate::inflight::test_pause_point("soak");
    let until = tokio::time::Instant::now() + plan.soak;
    let (rec, ui) = (&mut ctx.rec, ctx.ui);
    let renew_every = rec.renew_every();
    let soaking = async {
        // With --record, the lease on the client is renewed while both secrets soak.
        while tokio::time::Instant::now() < until {
            tokio::select! {
                () = tokio::time::sleep_until(until) => {}
                () = super::hook::sleep_or_never(renew_every) => rec.renew(ui),
            }
        }
        Ok(())
    };
    ctx.interrupts
        .guard(soaking, |e| e.context("the soak was interrupted"))
        .await?;
    report.step(
        ctx,
        "soak",
        "ok",
        json!({ "seconds": plan.soak.as_secs_f64() }),
    );
    Ok(())
}

/// Step 8: complete, then promote the keyring entry as `rotate complete` does.
pub(super) async fn complete(
    ctx: &mut Context<'_>,
    plan: &Plan,
    report: &mut Report,
    pending: &Pending,
) -> Result<()> {
    ctx.rec.intent(ctx.ui, Action::Complete, facts(pending));
    let again = format!(
        "stytch-m2m rotate complete --client-id {} --yes --skip-verify",
        crate::shell::quote(plan.id.as_str())
    );
    let answer = match finish(ctx, &plan.id, Op::RotateComplete, &again).await {
        Ok(answer) => answer,
        Err(e) => {
            ctx.rec.failed(ctx.ui, Action::Complete, &e, facts(pending));
            report.step(ctx, "complete", "failed", json!({ "error": e.kind.name() }));
            return Err(e);
        }
    };
    crate::inflight::test_pause_point("complete-answered");
    let mut f = facts(pending);
    f.request_id = Some(answer.request_id.clone());
    f.secret_last_four = Some(answer.client.client_secret_last_four.clone());
    ctx.rec.ok(ctx.ui, Action::Complete, f);
    report.secret_last_four = Some(answer.client.client_secret_last_four.clone());
    report.step(
        ctx,
        "complete",
        "ok",
        json!({ "request_id": answer.request_id }),
    );
    crate::inflight::test_pause_point("before-promotion");
    match &pending.custody {
        Custody::Keyring(keyring) => {
            let user =
                crate::rotation::complete::promote(ctx, &plan.id, keyring, &pending.secret).await?;
            report.step(ctx, "promote", "ok", json!({ "keyring_entry": user }));
        }
        Custody::File(path) => custody_file_done(ctx, plan, report, path, &pending.four),
        Custody::Memory => {}
    }
    if !matches!(pending.custody, Custody::Keyring(_)) {
        crate::rotation::complete::note_stale_keyring(ctx, &plan.id, &pending.four).await;
    }
    Ok(())
}

/// The custody file of a completed rotation holds the live secret, which the deploy target now
/// holds too: removed, unless `--keep-secret-file` (then it is named for what it now is).
pub(super) fn custody_file_done(
    ctx: &Context<'_>,
    plan: &Plan,
    report: &mut Report,
    path: &std::path::Path,
    four: &str,
) {
    let shown = crate::sanitize::sanitize(&path.display().to_string());
    if plan.keep_secret_file {
        ctx.ui.info(format!(
            "{shown} now holds the live secret (ending {four}), not a pending one: keep it as private \
             as the secret, and delete it once nothing reads it"
        ));
        return;
    }
    match std::fs::remove_file(path) {
        Ok(()) => {
            ctx.ui.info(format!(
                "Removed {shown}: the rotation completed and the deploy target holds the secret \
                 (--keep-secret-file keeps the file)"
            ));
            report.step(ctx, "custody", "removed", json!({ "path": shown }));
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => ctx.ui.warn(format!(
            "{shown} holds the live secret (ending {four}) and could not be removed ({e}): delete it \
             once nothing reads it"
        )),
    }
}

/// A failed deploy or check (or a signal during them): keep the rotation pending for
/// `--resume`, or cancel it, as `--on-deploy-failure` says.
pub(super) async fn on_failure(
    ctx: &mut Context<'_>,
    plan: &Plan,
    report: &mut Report,
    pending: &Pending,
    err: Error,
) -> Error {
    match plan.on_failure {
        OnFailure::Keep => keep(ctx, plan, report, pending, err),
        OnFailure::Cancel => cancel(ctx, plan, report, pending, err).await,
    }
}

/// Leaves the rotation pending and says how to go on: `--resume`, or the explicit cancel of
/// exactly this secret.
pub(super) fn keep(
    ctx: &Context<'_>,
    plan: &Plan,
    report: &mut Report,
    pending: &Pending,
    err: Error,
) -> Error {
    report.state = Some("pending");
    let (held, resume, give) = match pending.custody {
        Custody::Memory => (
            "held by this process only, which ends now; the deploy target may hold it".to_owned(),
            format!("{} --next-secret-stdin", plan.resume_command()),
            "give it on stdin the new secret the deploy target holds; ",
        ),
        _ => (
            format!("in {}", pending.custody.describe(ctx, &plan.id)),
            plan.resume_command(),
            "",
        ),
    };
    err.context(format!(
        "the rotation stays pending: both secrets work, and the new one (ending {}) is {held}. \
         Some consumers may already use it, so it was not cancelled",
        pending.four,
    ))
    .recovery(vec![
        Step::run(resume)
            .when("the cause is fixed")
            .note(format!("{give}the deploy command runs again, so it must be safe to repeat")),
        Step::or(format!(
            "stytch-m2m rotate cancel --client-id {} --yes --expect-next-last-four {} --even-if-deployed",
            crate::shell::quote(plan.id.as_str()),
            crate::shell::quote(&pending.four)
        ))
        .when("no consumer uses the new secret")
        .note("discards it; the old secret keeps working"),
    ])
}

/// Discards the new secret: cancel at Stytch, then remove the copies this run made.
pub(super) async fn cancel(
    ctx: &mut Context<'_>,
    plan: &Plan,
    report: &mut Report,
    pending: &Pending,
    err: Error,
) -> Error {
    let qid = crate::shell::quote(plan.id.as_str());
    // Once a deploy of it began (the journal says, or cannot say it did not), `rotate cancel`
    // refuses without --even-if-deployed: the command printed to cancel again says it.
    let project = ctx.client.project_id().as_str().to_owned();
    let deployed = ctx
        .rec
        .read()
        .is_none_or(|h| h.deploy_began(&project, plan.id.as_str(), &pending.four));
    let again = format!(
        "stytch-m2m rotate cancel --client-id {qid} --yes --expect-next-last-four {}{}",
        crate::shell::quote(&pending.four),
        if deployed { " --even-if-deployed" } else { "" }
    );
    ctx.rec.intent(ctx.ui, Action::Cancel, facts(pending));
    match finish(ctx, &plan.id, Op::RotateCancel, &again).await {
        Ok(answer) => {
            let mut f = facts(pending);
            f.request_id = Some(answer.request_id.clone());
            ctx.rec.ok(ctx.ui, Action::Cancel, f);
            pending.custody.discard(ctx, &plan.id).await;
            report.state = Some("cancelled");
            report.step(
                ctx,
                "cancel",
                "ok",
                json!({ "request_id": answer.request_id }),
            );
            err.context("the rotation was cancelled: the new secret was discarded and the old one still works")
        }
        Err(cancel_err) => {
            ctx.rec
                .failed(ctx.ui, Action::Cancel, &cancel_err, facts(pending));
            report.step(
                ctx,
                "cancel",
                "failed",
                json!({ "error": cancel_err.kind.name() }),
            );
            let recovery = cancel_err.recovery.clone();
            err.context(format!(
                "cancelling the rotation failed too ({})",
                cancel_err.message
            ))
            .recovery(if recovery.is_empty() {
                vec![Step::run(again)]
            } else {
                recovery
            })
        }
    }
}

impl Custody {
    pub(super) fn describe(&self, ctx: &Context<'_>, id: &crate::stytch::ClientId) -> String {
        match self {
            Custody::Keyring(_) => {
                format!("the {}", Slot::Next.describe(ctx.client.project_id(), id))
            }
            Custody::File(path) => crate::sanitize::sanitize(&path.display().to_string()),
            Custody::Memory => "this process only".into(),
        }
    }

    /// Removes this run's copy of a secret that no longer works.
    async fn discard(&self, ctx: &Context<'_>, id: &crate::stytch::ClientId) {
        match self {
            Custody::Keyring(keyring) => {
                let _ = keyring
                    .delete(&Slot::Next.user(ctx.client.project_id(), id))
                    .await;
            }
            Custody::File(path) => {
                let _ = std::fs::remove_file(path);
            }
            Custody::Memory => {}
        }
    }
}

/// `1 try`, `2 tries`.
fn times(tries: u32) -> String {
    if tries == 1 {
        "1 try".to_owned()
    } else {
        format!("{tries} tries")
    }
}
