//! `rotate complete`: prove the pending secret gets a token, ask, complete, then promote the
//! keyring entry. The question comes after the proof and names the secret that will remain.

use std::path::PathBuf;

use serde_json::json;

use crate::commands::rotate::{answer_json, check_expected, finish, warn_odd};
use crate::cli::CompleteArgs;
use crate::rotation::journaled::{Facts, Recorder};
use crate::commands::{Context, Session};
use crate::config;
use crate::error::{Error, ErrorKind, Result};
use crate::journal::Action;
use crate::redacted::Secret;
use crate::sanitize::sanitize;
use crate::shell::quote;
use crate::store::keyring::Keyring;
use crate::store::Slot;
use crate::stytch::{ClientId, Op};

/// How the pending secret is proven before the old one is retired.
pub(crate) enum Proof {
    /// Where `rotate start` put it, as the journal recorded (a file), else the keyring's
    /// `/next` entry (what `rotate start --keyring` wrote).
    Stored,
    /// Given on stdin or in a file; `flag` repeats how, for printed commands.
    Given { secret: Secret, flag: String },
    /// `--skip-verify`.
    Skip,
}

pub fn run(session: &Session, args: CompleteArgs) -> Result<()> {
    let one = args.confirm.client.single().map(str::to_owned);
    match one {
        Some(id) if !args.fleet.given() && !args.dry_run && args.secret_dir.is_none() => {
            complete_one(session, &id, args)
        }
        _ => crate::fleet::complete(session, args),
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

/// Where `rotate start` kept the secret that is current now, if this machine can still read it:
/// its file, or the keyring's current entry (where `rotate complete` promoted it).
async fn kept_copy(ctx: &Context<'_>, id: &ClientId, current: &str) -> Option<Secret> {
    match ctx.rec.pending_destination(current)?.as_str() {
        dest if dest.starts_with("file:") => read_file(&PathBuf::from(&dest["file:".len()..])).ok(),
        "keyring" => {
            ctx.client.keyring_secrets_allowed().ok()?;
            let keyring = Keyring::open(ctx.keyring_timeout).await.ok()?;
            let user = Slot::Current.user(ctx.client.project_id(), id);
            keyring.get(&user).await.ok().flatten()
        }
        _ => None,
    }
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

pub(crate) fn read_file(path: &PathBuf) -> Result<Secret> {
    let shown = sanitize(&path.display().to_string());
    std::fs::read_to_string(path)
        .map(Secret::from_input)
        .map_err(|e| {
            Error::new(
                ErrorKind::SecretFileUnreadable,
                format!("could not read the pending secret from {shown}: {e}; the rotation was not completed"),
            )
            .hint("pass the file `rotate start --secret-file` wrote")
        })
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

/// After a rotation completed without the keyring: a keyring `current` entry this machine's
/// journal says the keyring was used for, holding another secret, is stale now. The keyring is
/// only opened when the journal shows it was used for this client; any failure says nothing.
pub(crate) async fn note_stale_keyring(ctx: &Context<'_>, id: &ClientId, current_four: &str) {
    let project = ctx.client.project_id();
    let used = ctx.rec.history().entries.iter().any(|e| {
        e.project_id == project.as_str()
            && e.client_id == id.as_str()
            && e.destination.as_deref() == Some("keyring")
    });
    if !used {
        return;
    }
    let Ok(keyring) = Keyring::open(ctx.keyring_timeout).await else {
        return;
    };
    let Ok(Some(old)) = keyring.get(&Slot::Current.user(project, id)).await else {
        return;
    };
    if old.last_four() == current_four {
        return;
    }
    ctx.ui.warn(format!(
        "the {} holds a secret ending {} that no longer works (this rotation completed without the \
         keyring); delete it with `stytch-m2m secret delete --client-id {} --yes`, and give its readers \
         the secret ending {current_four}",
        Slot::Current.describe(project, id),
        sanitize(&old.last_four()),
        quote(id.as_str())
    ));
}

/// The journal knows where `rotate start` put the pending secret: a file is read from there; a
/// secret that went to stdout must be given again.
fn from_journal(ctx: &Context<'_>, pending_four: &str) -> Result<Proof> {
    let Some(dest) = ctx.rec.pending_destination(pending_four) else {
        return Ok(Proof::Stored);
    };
    if let Some(path) = dest.strip_prefix("file:") {
        let path = PathBuf::from(path);
        let flag = format!(
            " --next-secret-file {}",
            quote(path.to_string_lossy().as_ref())
        );
        return Ok(Proof::Given {
            secret: read_file(&path)?,
            flag,
        });
    }
    if dest == "stdout" {
        return Err(Error::new(
            ErrorKind::SecretNotFound,
            format!(
                "the pending secret (ending {pending_four}) was written to stdout when the rotation started, \
                 so nothing here holds it; the rotation was not completed"
            ),
        )
        .hint("give it back: pipe or paste it with --next-secret-stdin, or pass --next-secret-file PATH; \
               or, if every consumer already uses it, pass --skip-verify"));
    }
    Ok(Proof::Stored)
}

/// The last four of the pending secret, so that the secret we verify is provably the pending
/// one (the current secret gets a token too).
pub(crate) async fn pending(ctx: &mut Context<'_>, id: &ClientId) -> Result<String> {
    let current = ctx
        .interrupts
        .guard(ctx.client.get_client(id), |e| e)
        .await?;
    match current.client.next_client_secret_last_four {
        Some(four) => Ok(sanitize(&four)),
        None => Err(Error::new(
            ErrorKind::NotRotating,
            format!("client {id} has no secret rotation in progress; nothing to complete"),
        )
        .hint(format!(
            "start one with `stytch-m2m rotate start --client-id {}`",
            quote(id.as_str())
        ))),
    }
}

/// The pending secret, from where `rotate start` put it. A keyring that cannot be read is a
/// store failure (exit 8), not a failed verification.
pub(crate) async fn obtain(
    ctx: &mut Context<'_>,
    id: &ClientId,
    proof: Proof,
) -> Result<(Option<Secret>, Option<Keyring>)> {
    match proof {
        Proof::Skip => Ok((None, None)),
        Proof::Given { secret, .. } => Ok((Some(secret), None)),
        Proof::Stored => {
            ctx.client.keyring_secrets_allowed()?;
            let (timeout, project) = (ctx.keyring_timeout, ctx.client.project_id().clone());
            let user = Slot::Next.user(&project, id);
            let read = async {
                let keyring = Keyring::open(timeout).await?;
                let secret = keyring.get(&user).await?;
                Ok((keyring, secret))
            };
            let (keyring, secret) = ctx.interrupts.guard(read, |e| e).await.map_err(|e| {
                e.context("the pending secret could not be read, so the rotation was not completed")
                    .hint(no_proof_hint(id))
            })?;
            let Some(secret) = secret else {
                return Err(Error::new(
                    ErrorKind::SecretNotFound,
                    format!(
                        "the keyring has no {}, so there is nothing to prove the pending secret with; the rotation was not completed",
                        Slot::Next.describe(&project, id)
                    ),
                )
                .hint(no_proof_hint(id)));
            };
            Ok((Some(secret), Some(keyring)))
        }
    }
}

fn no_proof_hint(id: &ClientId) -> String {
    let qid = quote(id.as_str());
    format!(
        "give the pending secret another way: `stytch-m2m rotate complete --client-id {qid} --next-secret-file PATH` \
         or `--next-secret-stdin`; or, if every consumer already uses it, pass --skip-verify"
    )
}

/// The secret must be the pending one, and it must get a token.
pub(crate) async fn verify(
    ctx: &mut Context<'_>,
    id: &ClientId,
    secret: &Secret,
    pending: &str,
) -> Result<()> {
    if secret.last_four() != pending {
        return Err(Error::new(
            ErrorKind::WrongPendingSecret,
            format!(
                "the secret given ends in {}, but the pending secret of {id} ends in {pending}; nothing was completed",
                sanitize(&secret.last_four())
            ),
        )
        .hint("give the secret that `rotate start` minted for this rotation"));
    }
    let kept = ctx.rec.pending_destination(pending);
    let project = ctx.client.project_id().as_str().to_owned();
    let deployed = ctx
        .rec
        .history()
        .deploy_began(&project, id.as_str(), pending);
    ctx.interrupts
        .guard(ctx.client.token(id, secret), |e| e)
        .await
        .map_err(|e| match e.kind {
            ErrorKind::VerificationFailed => e
                .context(format!(
                    "the secret given (ending {pending}) does not get a token, so the rotation was not completed"
                ))
                .hint(wrong_copy_hint(id, pending, kept.as_deref(), deployed)),
            _ => e,
        })?;
    ctx.ui.info(format!(
        "Verified: the secret ending {pending} gets an access token."
    ));
    Ok(())
}

/// A secret that ends right but gets no token is most likely a wrong or damaged copy: the
/// pending secret itself may be fine. Cancelling is the last resort.
fn wrong_copy_hint(id: &ClientId, pending: &str, kept: Option<&str>, deployed: bool) -> String {
    let even = if deployed { " --even-if-deployed" } else { "" };
    let qid = quote(id.as_str());
    let kept = match kept {
        Some(dest) if dest.starts_with("file:") => format!(
            "; this machine's journal says `rotate start` kept it in the file {}",
            sanitize(&dest["file:".len()..])
        ),
        Some("keyring") => {
            "; this machine's journal says `rotate start` kept it in the keyring (`stytch-m2m secret get --next`)".into()
        }
        Some("stdout") => "; `rotate start` printed it on stdout".into(),
        _ => String::new(),
    };
    format!(
        "the copy given may be wrong or damaged (cut short, extra characters); the pending secret ending {pending} \
         itself may be fine{kept}. Give the exact secret `rotate start` minted, or check that the client can get tokens \
         at all. Only if no copy of it works, discard it with `stytch-m2m rotate cancel --client-id {qid} --yes \
         --expect-next-last-four {}{even}` and start again",
        quote(pending)
    )
}

/// The pending keyring entry becomes the current one: write, read back, then delete.
pub(crate) async fn promote(
    ctx: &Context<'_>,
    id: &ClientId,
    keyring: &Keyring,
    secret: &Secret,
) -> Result<String> {
    let project = ctx.client.project_id();
    let current = Slot::Current.user(project, id);
    let result = async {
        keyring
            .put_verified(&current, &Slot::Current.label(project, id), secret)
            .await?;
        keyring.delete(&Slot::Next.user(project, id)).await
    }
    .await;
    match result {
        Ok(_) => Ok(current),
        Err(e) => Err(Error::new(
            ErrorKind::KeyringPromoteFailed,
            format!(
                "the rotation of {id} completed, but the keyring entry could not be promoted ({}); the secret is still in the {}",
                e.message,
                Slot::Next.describe(project, id)
            ),
        )
        .hint(format!(
            "read it with `stytch-m2m secret get --client-id {} --next`",
            quote(id.as_str())
        ))),
    }
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
