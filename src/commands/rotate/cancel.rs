//! `rotate cancel`: read the state first (nothing pending: exit 5, no question), ask, cancel,
//! then remove the discarded secret's keyring entry if there is one.

use super::{answer_json, check_expected, finish, warn_odd};
use crate::cli::{CancelArgs, ConfirmArgs};
use crate::rotation::journaled::{Facts, Recorder};
use crate::commands::{Context, Session};
use crate::error::{Error, ErrorKind, Result};
use crate::journal::Action;
use crate::sanitize::sanitize;
use crate::shell::quote;
use crate::store::keyring::Keyring;
use crate::store::Slot;
use crate::stytch::{ClientId, Op};

pub fn run(session: &Session, args: CancelArgs) -> Result<()> {
    let one = args.confirm.client.single().map(str::to_owned);
    match one {
        Some(id) if !args.fleet.given() && !args.dry_run => {
            cancel_one(session, &id, args.confirm, args.even_if_deployed)
        }
        _ => crate::fleet::cancel(session, args),
    }
}

fn cancel_one(session: &Session, id: &str, args: ConfirmArgs, even: bool) -> Result<()> {
    let id = ClientId::parse(id)?;
    let again = format!(
        "stytch-m2m rotate cancel --client-id {} --yes{}",
        quote(id.as_str()),
        if even { " --even-if-deployed" } else { "" }
    );
    session.ui.confirmable(args.yes, &again)?;
    let client = session.client()?;
    let rec = Recorder::open(&args.journal, &client, &id, "rotate cancel")?;
    session.run_recorded(client, rec, |mut ctx| async move {
        let next = pending(&mut ctx, &id).await?;
        check_expected("pending secret", args.expect_next_last_four.as_deref(), Some(&next))?;
        let history = ctx.rec.history();
        refuse_if_deployed(&ctx, &history, &id, &next, even)?;
        let project = ctx.client.project_id().as_str().to_owned();
        let deployed = if history.deploy_began(&project, id.as_str(), &next) {
            " It was DEPLOYED: whatever the deploy gave it to stops working."
        } else {
            ""
        };
        ctx.ui.confirm_step(
            args.yes,
            &format!("Discard the pending secret ending {next} of {id}? It cannot be recovered; the current secret keeps working.{deployed}"),
            &again,
        )?;
        let facts = Facts {
            next_last_four: Some(next.clone()),
            ..Facts::default()
        };
        ctx.rec.intent(ctx.ui, Action::Cancel, facts.clone());
        let answer = match finish(&mut ctx, &id, Op::RotateCancel, &again).await {
            Ok(answer) => answer,
            Err(e) => {
                ctx.rec.failed(ctx.ui, Action::Cancel, &e, facts);
                return Err(e);
            }
        };
        let request_id = Some(answer.request_id.clone());
        ctx.rec.ok(ctx.ui, Action::Cancel, Facts { request_id, ..facts });
        warn_odd(&ctx, &answer);
        let removed = remove_entry(&ctx, &id).await;
        report(&ctx, &id, &answer, removed)?;
        dead_file_note(&ctx, &next);
        Ok(())
    })
}

/// A secret a `rotate run` on this machine began to deploy may be in use by its consumers:
/// cancelling it would cut them off, so it takes `--even-if-deployed` (#23.8).
pub(crate) fn refuse_if_deployed(
    ctx: &Context<'_>,
    history: &crate::journal::History,
    id: &ClientId,
    next: &str,
    even: bool,
) -> Result<()> {
    let project = ctx.client.project_id().as_str();
    let Some(deploy) = history.first_deploy(project, id.as_str(), next) else {
        return Ok(());
    };
    if even {
        return Ok(());
    }
    Err(Error::new(
        ErrorKind::Deployed,
        format!(
            "the pending secret of {id} (ending {next}) was handed to a deploy command by a `rotate run` on this \
             machine (run {}, at {}); its consumers may use it, so it was not cancelled; nothing was sent",
            sanitize(&deploy.run_id),
            sanitize(&deploy.time)
        ),
    )
    .hint(format!(
        "finish the rotation with that `rotate run` command and --resume; to discard the secret anyway, once no \
         consumer uses it: `stytch-m2m rotate cancel --client-id {} --yes --expect-next-last-four {} --even-if-deployed`",
        quote(id.as_str()),
        quote(next)
    )))
}

/// A file that `rotate start --secret-file` wrote now holds a secret that no longer works.
fn dead_file_note(ctx: &Context<'_>, next: &str) {
    if let Some(path) = dead_file(ctx, next) {
        ctx.ui.info(format!(
            "{} now holds the discarded secret, which no longer works; remove it: rm {}",
            sanitize(&path),
            quote(&path)
        ));
    }
}

/// The file that `rotate start --secret-file` or `--secret-dir` wrote the discarded secret
/// ending `next` to, if the journal names one and it is still there.
pub(crate) fn dead_file(ctx: &Context<'_>, next: &str) -> Option<String> {
    let dest = ctx.rec.pending_destination(next)?;
    let path = dest.strip_prefix("file:")?;
    std::path::Path::new(path).exists().then(|| path.to_owned())
}

pub(crate) async fn pending(ctx: &mut Context<'_>, id: &ClientId) -> Result<String> {
    let seen = ctx
        .interrupts
        .guard(ctx.client.get_client(id), |e| e)
        .await?;
    match seen.client.next_client_secret_last_four {
        Some(four) => Ok(sanitize(&four)),
        None => Err(Error::new(
            ErrorKind::NotRotating,
            format!("client {id} has no secret rotation in progress; nothing to cancel"),
        )
        .hint("if an earlier cancel or complete ended without an answer, it went through")),
    }
}

/// The discarded secret is worthless now; remove its keyring entry if there is one. A machine
/// without a keyring simply has none.
pub(crate) async fn remove_entry(ctx: &Context<'_>, id: &ClientId) -> bool {
    let user = Slot::Next.user(ctx.client.project_id(), id);
    let Ok(keyring) = Keyring::open(ctx.keyring_timeout).await else {
        return false;
    };
    match keyring.delete(&user).await {
        Ok(removed) => removed,
        Err(e) => {
            ctx.ui.warn(format!(
                "the rotation was cancelled, but its keyring entry could not be removed: {}",
                e.message
            ));
            false
        }
    }
}

fn report(
    ctx: &Context<'_>,
    id: &ClientId,
    answer: &crate::stytch::models::ClientAnswer,
    removed: bool,
) -> Result<()> {
    if ctx.ui.json {
        let mut result = answer_json(answer, None);
        result["keyring_entry_removed"] = removed.into();
        return ctx.ui.json_data(&result);
    }
    ctx.ui.info(format!(
        "Cancelled rotation for {id}: the next secret was discarded; the secret ending {} still works.",
        sanitize(&answer.client.client_secret_last_four)
    ));
    if removed {
        let project = ctx.client.project_id();
        ctx.ui
            .info(format!("Removed the {}.", Slot::Next.describe(project, id)));
    }
    Ok(())
}
