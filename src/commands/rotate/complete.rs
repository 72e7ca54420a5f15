//! `rotate complete`: one client, or many handed to the fleet. For one client: prove the
//! pending secret gets a token, ask, complete, then promote the keyring entry (the steps are in
//! [`crate::rotation::complete`]). The question comes after the proof and names the secret that
//! will remain.

use serde_json::json;

use super::{check_expected, warn_odd};
use crate::cli::CompleteArgs;
use crate::commands::Session;
use crate::config;
use crate::error::{Error, ErrorKind, Result};
use crate::journal::Action;
use crate::rotation::complete::{
    from_journal, kept_copy, note_stale_keyring, obtain, pending, promote, read_file, verify, Proof,
};
use crate::rotation::journaled::{Facts, Recorder};
use crate::rotation::{answer_json, finish, Context};
use crate::sanitize::sanitize;
use crate::shell::quote;
use crate::store::Slot;
use crate::stytch::{ClientId, Op};

pub fn run(session: &Session, args: CompleteArgs) -> Result<()> {
    let one = args.confirm.client.single().map(str::to_owned);
    match one {
        Some(id) if !args.fleet.given() && !args.dry_run && args.secret_dir.is_none() => {
            complete_one(session, &id, args)
        }
        _ => super::many::complete(session, args),
    }
}

fn complete_one(session: &Session, id: &str, args: CompleteArgs) -> Result<()> {
    let id = ClientId::parse(id)?;
    let yes = args.confirm.yes;
    session
        .ui
        .confirmable(yes, &again(&id, "--yes", &proof_flag(&args)))?;
    let client = session.client()?;
    let proof = read_proof(session, &args)?;
    let expect = args.confirm.expect_next_last_four.clone();
    let rec = Recorder::open(&args.confirm.journal, &client, &id, "rotate complete")?;
    session.run_recorded(client, rec, |mut ctx| async move {
        let pending_four = match pending(&mut ctx, &id).await {
            Err(e) if e.kind == ErrorKind::NotRotating && expect.is_none() => {
                return already_completed(&mut ctx, &id, proof, e).await;
            }
            other => other?,
        };
        check_expected("pending secret", expect.as_deref(), Some(&pending_four))?;
        complete(&mut ctx, &id, proof, &pending_four, yes).await
    })
}

/// Nothing is pending: a job run again after its complete went through. When the secret this
/// command would have proven is the current one and gets a token, that is success (exit 0,
/// nothing sent but the proof); otherwise `not_rotating` stands.
async fn already_completed(
    ctx: &mut Context<'_>,
    id: &ClientId,
    proof: Proof,
    not_rotating: Error,
) -> Result<()> {
    let seen = ctx
        .interrupts
        .guard(ctx.client.get_client(id), |e| e)
        .await?;
    let current = sanitize(&seen.client.client_secret_last_four);
    let secret = match proof {
        Proof::Given { secret, .. } => Some(secret),
        Proof::Skip => None,
        Proof::Stored => kept_copy(ctx, id, &current).await,
    };
    let Some(secret) = secret.filter(|s| s.last_four() == current) else {
        return Err(not_rotating);
    };
    ctx.interrupts
        .guard(ctx.client.token(id, &secret), |e| e)
        .await
        .map_err(|e| {
            e.context(format!(
                "{id} has no rotation pending and the secret given is the current one (ending {current}), \
                 but it does not get a token"
            ))
        })?;
    if ctx.ui.json {
        let mut result = answer_json(&seen, None);
        result["already_completed"] = true.into();
        result["verified"] = true.into();
        return ctx.ui.json_data(&result);
    }
    ctx.ui.info(format!(
        "Already completed: nothing is pending, and the secret given (ending {current}) is the only secret of {id} and gets a token; nothing was changed."
    ));
    Ok(())
}

fn proof_flag(args: &CompleteArgs) -> String {
    if args.skip_verify {
        " --skip-verify".into()
    } else if args.next_secret_stdin {
        " --next-secret-stdin".into()
    } else if let Some(path) = &args.next_secret_file {
        format!(" --next-secret-file {}", quote(&path.display().to_string()))
    } else {
        String::new()
    }
}

fn again(id: &ClientId, yes: &str, proof: &str) -> String {
    format!(
        "stytch-m2m rotate complete --client-id {} {yes}{proof}",
        quote(id.as_str())
    )
    .replace("  ", " ")
}

/// Reads a pending secret given on stdin or in a file now, before any request.
fn read_proof(session: &Session, args: &CompleteArgs) -> Result<Proof> {
    let flag = proof_flag(args);
    let secret = if args.skip_verify {
        return Ok(Proof::Skip);
    } else if args.next_secret_stdin {
        config::read_secret_stdin(session.ui, "the pending secret (from `rotate start`)")?
    } else if let Some(path) = &args.next_secret_file {
        read_file(path)?
    } else {
        return Ok(Proof::Stored);
    };
    if secret.is_empty() {
        return Err(Error::new(
            ErrorKind::EmptyInput,
            format!(
                "{} gave an empty secret; the rotation was not completed",
                flag.trim()
            ),
        )
        .hint("give the secret that `rotate start` minted"));
    }
    Ok(Proof::Given { secret, flag })
}

async fn complete(
    ctx: &mut Context<'_>,
    id: &ClientId,
    proof: Proof,
    pending_four: &str,
    yes: bool,
) -> Result<()> {
    let proof = match proof {
        Proof::Stored => from_journal(ctx, pending_four)?,
        other => other,
    };
    let flag = match &proof {
        Proof::Given { flag, .. } => flag.clone(),
        Proof::Skip => " --skip-verify".into(),
        Proof::Stored => String::new(),
    };
    let (secret, keyring) = obtain(ctx, id, proof).await?;
    match &secret {
        Some(secret) => {
            let facts = Facts {
                next_last_four: Some(pending_four.to_owned()),
                tried_last_four: Some(secret.last_four()),
                ..Facts::default()
            };
            let verified = verify(ctx, id, secret, pending_four).await;
            match &verified {
                Ok(()) => ctx.rec.ok(ctx.ui, Action::Verify, facts),
                Err(e) => ctx.rec.failed(ctx.ui, Action::Verify, e, facts),
            }
            verified?
        }
        None => ctx.ui.warn(format!(
            "--skip-verify: completing without proving that the secret ending {pending_four} works. \
             Consumers still on the old secret will fail as soon as this completes."
        )),
    }
    ctx.ui.confirm_step(
        yes,
        &format!("Make the secret ending {pending_four} the only secret of {id}? The old secret stops working at once."),
        &again(id, "--yes", &flag),
    )?;
    let facts = Facts {
        next_last_four: Some(pending_four.to_owned()),
        ..Facts::default()
    };
    ctx.rec.intent(ctx.ui, Action::Complete, facts.clone());
    let answer = match finish(ctx, id, Op::RotateComplete, &again(id, "--yes", &flag)).await {
        Ok(answer) => answer,
        Err(e) => {
            ctx.rec.failed(ctx.ui, Action::Complete, &e, facts);
            return Err(e);
        }
    };
    ctx.rec.ok(
        ctx.ui,
        Action::Complete,
        Facts {
            request_id: Some(answer.request_id.clone()),
            secret_last_four: Some(answer.client.client_secret_last_four.clone()),
            ..facts
        },
    );
    warn_odd(ctx, &answer);
    let promoted = match (&keyring, &secret) {
        (Some(keyring), Some(secret)) => Some(promote(ctx, id, keyring, secret).await?),
        _ => None,
    };
    report(ctx, id, &answer, secret.is_some(), promoted.clone())?;
    if let Some(path) = flag.strip_prefix(" --next-secret-file ") {
        ctx.ui.info(format!(
            "The file {path} now holds the live secret (ending {pending_four}), not a pending one: keep it as \
             private as the secret, and delete it once nothing reads it."
        ));
    }
    if promoted.is_none() {
        note_stale_keyring(ctx, id, pending_four).await;
    }
    Ok(())
}

fn report(
    ctx: &Context<'_>,
    id: &ClientId,
    answer: &crate::stytch::models::ClientAnswer,
    verified: bool,
    promoted: Option<String>,
) -> Result<()> {
    if ctx.ui.json {
        let mut result = answer_json(answer, None);
        result["verified"] = verified.into();
        if let Some(user) = &promoted {
            result["keyring_entry"] = json!({ "service": crate::store::SERVICE, "username": user });
        }
        return ctx.ui.json_data(&result);
    }
    ctx.ui.info(format!(
        "Completed rotation for {id}: the secret ending {} is now the only secret; the old one no longer works.",
        sanitize(&answer.client.client_secret_last_four)
    ));
    if promoted.is_some() {
        let project = ctx.client.project_id();
        ctx.ui.info(format!(
            "The secret is now the {}.",
            Slot::Current.describe(project, id)
        ));
    }
    Ok(())
}
