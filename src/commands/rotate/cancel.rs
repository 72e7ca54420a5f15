//! `rotate cancel`: one client, or many handed to the fleet. For one client: read the state
//! first (nothing pending: exit 5, no question), ask, cancel, then remove the discarded secret's
//! keyring entry if there is one (the steps are in [`crate::rotation::cancel`]).

use super::{check_expected, warn_odd};
use crate::cli::{CancelArgs, ConfirmArgs};
use crate::commands::Session;
use crate::error::Result;
use crate::journal::Action;
use crate::rotation::cancel::{dead_file, pending, refuse_if_deployed, remove_entry};
use crate::rotation::journaled::{Facts, Recorder};
use crate::rotation::{answer_json, finish, Context};
use crate::sanitize::sanitize;
use crate::shell::quote;
use crate::store::Slot;
use crate::stytch::{ClientId, Op};

pub fn run(session: &Session, args: CancelArgs) -> Result<()> {
    let one = args.confirm.client.single().map(str::to_owned);
    match one {
        Some(id) if !args.fleet.given() && !args.dry_run => {
            cancel_one(session, &id, args.confirm, args.even_if_deployed)
        }
        _ => super::many::cancel(session, args),
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
