//! One client's `rotate complete` or `rotate cancel` in a fleet. Complete proves each pending
//! secret first, read from `--secret-dir`, else from where the journal says `rotate start` put
//! it (a file), else from the keyring's `/next` entry.

use std::path::PathBuf;

use super::work::not_found;
use super::{Fleet, Outcome, Target, Verdict};
use crate::cli::{CancelArgs, CompleteArgs, JournalArgs};
use crate::error::{Error, ErrorKind, Result};
use crate::journal::{self, Action, History, StateDir};
use crate::rotation::complete;
use crate::rotation::journaled::{Facts, Recorder};
use crate::rotation::Context;
use crate::rotation::{cancel, finish};
use crate::sanitize::sanitize;
use crate::shell::{again_with_yes, quote};
use crate::stytch::{ClientId, Op};
use complete::Proof;

/// What `rotate complete` or `rotate cancel` over many clients was asked to do.
pub struct Plan {
    pub complete: bool,
    pub yes: bool,
    pub dry_run: bool,
    pub skip_verify: bool,
    pub secret_dir: Option<PathBuf>,
    /// `rotate cancel --even-if-deployed`.
    pub even_if_deployed: bool,
    pub journal: JournalArgs,
    /// The journal as it stood at the start (read once for every client).
    pub history: History,
}

impl Plan {
    pub fn complete(args: &CompleteArgs) -> Plan {
        Plan {
            complete: true,
            yes: args.confirm.yes,
            dry_run: args.dry_run,
            skip_verify: args.skip_verify,
            secret_dir: args.secret_dir.clone(),
            even_if_deployed: false,
            journal: args.confirm.journal.clone(),
            history: History::default(),
        }
    }

    pub fn cancel(args: &CancelArgs) -> Plan {
        Plan {
            complete: false,
            yes: args.confirm.yes,
            dry_run: args.dry_run,
            skip_verify: false,
            secret_dir: None,
            even_if_deployed: args.even_if_deployed,
            journal: args.confirm.journal.clone(),
            history: History::default(),
        }
    }

    pub fn action(&self) -> &'static str {
        if self.complete {
            "complete"
        } else {
            "cancel"
        }
    }

    /// Once the clients are known: the question (unless `--yes` or a dry run), and the journal.
    pub fn prepare(&mut self, fleet: &Fleet<'_>, n: usize) -> Result<()> {
        if !self.dry_run && n > 0 {
            let question = if self.complete {
                format!(
                    "Complete the rotations of {n} clients? Each old secret stops working at once."
                )
            } else {
                format!("Discard the pending secrets of {n} clients? They cannot be recovered.")
            };
            let again = again_with_yes(&format!("rotate {}", self.action()));
            fleet.ui.confirm_step(self.yes, &question, &again)?;
        }
        if !self.journal.lock.no_journal {
            self.history = StateDir::from_env()
                .ok()
                .and_then(|dir| journal::read_history(&dir).ok())
                .unwrap_or_default();
        }
        Ok(())
    }
}

pub async fn one(fleet: &Fleet<'_>, plan: &Plan, t: Target) -> Outcome {
    let id = t.id.clone();
    let done = if t.missing {
        Err(not_found(fleet, &t.id))
    } else if let Some(None) = t.pending() {
        Ok(already_completed(fleet, plan, &t).await)
    } else if plan.dry_run {
        dry_run(fleet, plan, &t).await
    } else if plan.complete {
        complete_client(fleet, plan, &t.id).await
    } else {
        cancel_client(fleet, plan, &t.id).await
    };
    done.unwrap_or_else(|e| Outcome::failed(&id, plan.action(), &e))
}

/// Nothing pending for a `complete` run again after it went through (issue 26, item 5): when
/// `--secret-dir` holds this client's secret and it is the current one and gets a token, the
/// client is done ("already completed"); otherwise it is skipped as before.
async fn already_completed(fleet: &Fleet<'_>, plan: &Plan, t: &Target) -> Outcome {
    let (true, Some(dir)) = (plan.complete && !plan.dry_run, &plan.secret_dir) else {
        return not_pending(&t.id, plan.action());
    };
    let Ok(secret) = complete::read_file(&dir.join(super::custody::file_name(&t.id))) else {
        return not_pending(&t.id, plan.action());
    };
    let current = match &t.seen {
        Some(seen) => sanitize(&seen.client_secret_last_four),
        None => match fleet.client.get_client(&t.id).await {
            Ok(answer) => sanitize(&answer.client.client_secret_last_four),
            Err(e) => return Outcome::failed(&t.id, "complete", &e),
        },
    };
    if secret.last_four() != current {
        return not_pending(&t.id, plan.action());
    }
    match fleet.client.token(&t.id, &secret).await {
        Ok(_) => Outcome::new(
            &t.id,
            "complete",
            Verdict::Ok,
            format!("already completed: the secret ending {current} is the only secret and gets a token"),
        )
        .fours(Some(&current), None),
        Err(e) => Outcome::failed(&t.id, "complete", &e),
    }
}

fn not_pending(id: &ClientId, action: &'static str) -> Outcome {
    Outcome::new(
        id,
        action,
        Verdict::Skipped,
        "skip: no rotation pending".into(),
    )
}

/// The pending secret's last four, or `None` when nothing is pending.
async fn pending(ctx: &mut Context<'_>, id: &ClientId) -> Result<Option<String>> {
    match complete::pending(ctx, id).await {
        Ok(four) => Ok(Some(four)),
        Err(e) if e.kind == ErrorKind::NotRotating => Ok(None),
        Err(e) => Err(e),
    }
}

async fn complete_client(fleet: &Fleet<'_>, plan: &Plan, id: &ClientId) -> Result<Outcome> {
    let rec = fleet.recorder(&plan.journal, id, "rotate complete").await?;
    let mut ctx = fleet.context(rec, false)?;
    let Some(four) = pending(&mut ctx, id).await? else {
        return Ok(already_completed(fleet, plan, &Target::seen_as_given(id.clone())).await);
    };
    let proof = proof(&ctx, plan, id, &four)?;
    // The command that completes it by hand proves the secret the way this one did.
    let proved = match &proof {
        Proof::Given { flag, .. } => flag.clone(),
        Proof::Skip => " --skip-verify".to_owned(),
        Proof::Stored => String::new(),
    };
    let (secret, keyring) = complete::obtain(&mut ctx, id, proof).await?;
    let facts = Facts {
        next_last_four: Some(four.clone()),
        ..Facts::default()
    };
    if let Some(secret) = &secret {
        let verified = complete::verify(&mut ctx, id, secret, &four).await;
        let tried = Facts {
            tried_last_four: Some(secret.last_four()),
            ..facts.clone()
        };
        match &verified {
            Ok(()) => ctx.rec.ok(ctx.ui, Action::Verify, tried),
            Err(e) => ctx.rec.failed(ctx.ui, Action::Verify, e, tried),
        }
        verified?;
    }
    ctx.rec.intent(ctx.ui, Action::Complete, facts.clone());
    let again = format!(
        "stytch-m2m rotate complete --client-id {} --yes --expect-next-last-four {}{proved}",
        quote(id.as_str()),
        quote(&four)
    );
    let answer = match finish(&mut ctx, id, Op::RotateComplete, &again).await {
        Ok(answer) => answer,
        Err(e) => {
            ctx.rec.failed(ctx.ui, Action::Complete, &e, facts);
            return Err(e);
        }
    };
    let current = answer.client.client_secret_last_four.clone();
    let request_id = Some(answer.request_id.clone());
    ctx.rec.ok(
        ctx.ui,
        Action::Complete,
        Facts {
            request_id,
            secret_last_four: Some(current.clone()),
            ..facts
        },
    );
    if let (Some(keyring), Some(secret)) = (&keyring, &secret) {
        complete::promote(&ctx, id, keyring, secret).await?;
    }
    let how = if secret.is_some() {
        "verified, then completed"
    } else {
        "completed without verifying (--skip-verify)"
    };
    let note = format!("{how}: the secret ending {four} is the only secret");
    let mut o = Outcome::new(id, "complete", Verdict::Ok, note).fours(Some(&current), None);
    o.request_id = Some(sanitize(&answer.request_id)).filter(|r| !r.is_empty());
    Ok(o)
}

/// Where the pending secret is read from, before anything is changed.
fn proof(ctx: &Context<'_>, plan: &Plan, id: &ClientId, four: &str) -> Result<Proof> {
    if plan.skip_verify {
        return Ok(Proof::Skip);
    }
    if let Some(dir) = &plan.secret_dir {
        let path = dir.join(super::custody::file_name(id));
        let flag = next_secret_file(&path);
        return Ok(Proof::Given {
            secret: complete::read_file(&path)?,
            flag,
        });
    }
    let project = ctx.client.project_id().as_str();
    match plan.history.pending_destination(project, id.as_str(), four).as_deref() {
        Some(dest) if dest.starts_with("file:") => {
            let path = PathBuf::from(&dest["file:".len()..]);
            Ok(Proof::Given { secret: complete::read_file(&path)?, flag: next_secret_file(&path) })
        }
        Some("stdout") => Err(Error::new(
            ErrorKind::SecretNotFound,
            format!("the pending secret (ending {four}) was written to stdout when the rotation started, so nothing here holds it; the rotation was not completed"),
        )
        .hint(format!("complete it on its own, with the secret on stdin from where it was kept: `stytch-m2m rotate complete --client-id {} --yes --next-secret-stdin`", quote(id.as_str())))),
        _ => Ok(Proof::Stored),
    }
}

async fn cancel_client(fleet: &Fleet<'_>, plan: &Plan, id: &ClientId) -> Result<Outcome> {
    let rec = fleet.recorder(&plan.journal, id, "rotate cancel").await?;
    let mut ctx = fleet.context(rec, false)?;
    let next = match cancel::pending(&mut ctx, id).await {
        Ok(next) => next,
        Err(e) if e.kind == ErrorKind::NotRotating => return Ok(not_pending(id, "cancel")),
        Err(e) => return Err(e),
    };
    cancel::refuse_if_deployed(&ctx, &plan.history, id, &next, plan.even_if_deployed)?;
    let facts = Facts {
        next_last_four: Some(next.clone()),
        ..Facts::default()
    };
    ctx.rec.intent(ctx.ui, Action::Cancel, facts.clone());
    // By hand, only the secret this one meant, with the same leave to cancel a deployed one.
    let again = format!(
        "stytch-m2m rotate cancel --client-id {} --yes --expect-next-last-four {}{}",
        quote(id.as_str()),
        quote(&next),
        if plan.even_if_deployed {
            " --even-if-deployed"
        } else {
            ""
        }
    );
    let answer = match finish(&mut ctx, id, Op::RotateCancel, &again).await {
        Ok(answer) => answer,
        Err(e) => {
            ctx.rec.failed(ctx.ui, Action::Cancel, &e, facts);
            return Err(e);
        }
    };
    let request_id = Some(answer.request_id.clone());
    ctx.rec.ok(
        ctx.ui,
        Action::Cancel,
        Facts {
            request_id,
            ..facts
        },
    );
    let removed = cancel::remove_entry(&ctx, id).await;
    let mut note = format!("cancelled: the next secret (ending {next}) was discarded");
    if removed {
        note.push_str("; its keyring entry was removed");
    }
    if let Some(path) = cancel::dead_file(&ctx, &next) {
        note.push_str(&format!(
            "; {} holds it and no longer works: rm {}",
            sanitize(&path),
            quote(&path)
        ));
    }
    let current = answer.client.client_secret_last_four.clone();
    let mut o = Outcome::new(id, "cancel", Verdict::Ok, note).fours(Some(&current), Some(&next));
    o.request_id = Some(sanitize(&answer.request_id)).filter(|r| !r.is_empty());
    Ok(o)
}

/// What complete or cancel would do for one client: a read, and for complete a look at the
/// pending secret where it would be read from. Nothing is changed.
async fn dry_run(fleet: &Fleet<'_>, plan: &Plan, t: &Target) -> Result<Outcome> {
    let mut ctx = fleet.context(Recorder::off(), false)?;
    let four = match t.pending() {
        Some(Some(four)) => four,
        _ => match pending(&mut ctx, &t.id).await? {
            Some(four) => four,
            None => return Ok(not_pending(&t.id, plan.action())),
        },
    };
    let note = if !plan.complete {
        format!("would cancel: the next secret (ending {four}) would be discarded")
    } else {
        let proof = proof(&ctx, plan, &t.id, &four)?;
        match complete::obtain(&mut ctx, &t.id, proof).await? {
            (Some(secret), _) if secret.last_four() != four => {
                return Err(Error::new(
                    ErrorKind::WrongPendingSecret,
                    format!("would fail: the stored secret ends in {}, but the pending one ends in {four}", sanitize(&secret.last_four())),
                ))
            }
            (Some(_), _) => format!("would verify, then complete: the secret ending {four} would be the only secret"),
            (None, _) => format!("would complete without verifying: the secret ending {four} would be the only secret"),
        }
    };
    Ok(Outcome::new(&t.id, plan.action(), Verdict::Ok, note).fours(None, Some(&four)))
}

/// ` --next-secret-file PATH`, for a printed command that proves the secret with this file.
fn next_secret_file(path: &std::path::Path) -> String {
    format!(
        " --next-secret-file {}",
        quote(path.to_string_lossy().as_ref())
    )
}
