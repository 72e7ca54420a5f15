//! The rotation workflow: the only module that knows both Stytch and where secrets go.
//!
//! Each command is split in two: `prepare` (checks and prompts, before any request and before
//! signal handlers exist) and the async part that talks to Stytch.

use std::path::PathBuf;
use std::time::Duration;

use serde_json::{json, Value};

use crate::error::{Error, Result};
use crate::exit_codes::ExitCode;
use crate::redacted::Secret;
use crate::sanitize::sanitize;
use crate::shell::quote;
use crate::signals::Interrupts;
use crate::store::file::SecretFile;
use crate::store::keyring::Keyring;
use crate::store::Slot;
use crate::stytch::models::ClientAnswer;
use crate::stytch::{Client, ClientId, Op};
use crate::ui::Ui;

pub struct Context<'a> {
    pub client: Client,
    pub ui: &'a Ui,
    pub interrupts: Interrupts,
    pub keyring_timeout: Duration,
}

/// Where `rotate start` puts the new secret.
#[derive(Debug, Clone)]
pub enum Target {
    Stdout,
    Keyring,
    File(PathBuf),
}

/// How `rotate complete` proves the pending secret works before retiring the old one.
#[derive(Debug)]
pub enum Proof {
    /// Read it from the keyring's `/next` entry.
    Keyring,
    /// Given on stdin (`--next-secret-stdin`).
    Given(Secret),
    /// `--skip-verify`.
    Skip,
}

/// A destination that passed pre-flight.
enum Destination {
    Stdout,
    Keyring(Keyring),
    File(SecretFile),
}

pub async fn status(ctx: &mut Context<'_>, id: &ClientId) -> Result<()> {
    let answer = ctx
        .interrupts
        .guard(ctx.client.get_client(id), |e| e)
        .await?;
    if ctx.ui.json {
        return ctx.ui.json_data(&answer_json(&answer, None));
    }
    let c = &answer.client;
    let qid = quote(id.as_str());
    let mut out = String::new();
    let name = if c.client_name.is_empty() {
        String::new()
    } else {
        format!(" ({})", sanitize(&c.client_name))
    };
    out.push_str(&format!("client       {id}{name}\n"));
    out.push_str(&format!("status       {}\n", sanitize(&c.status)));
    out.push_str(&format!(
        "secret       …{}\n",
        sanitize(&c.client_secret_last_four)
    ));
    match &c.next_client_secret_last_four {
        Some(next) => {
            let next = sanitize(next);
            out.push_str(&format!(
                "next secret  …{next} (rotation pending: both secrets work)\n"
            ));
            out.push_str(&format!(
                "next step    once every consumer uses the secret ending {next}:\n\
                 \x20              stytch-m2m rotate complete --client-id {qid}\n\
                 \x20            or, to discard it:\n\
                 \x20              stytch-m2m rotate cancel --client-id {qid}\n"
            ));
        }
        None => {
            out.push_str("next secret  none (no rotation pending)\n");
            out.push_str(&format!(
                "next step    stytch-m2m rotate start --client-id {qid}\n"
            ));
        }
    }
    ctx.ui.data(&out).map_err(crate::ui::stdout_error)
}

pub async fn start(ctx: &mut Context<'_>, id: &ClientId, target: &Target) -> Result<()> {
    // 1. Pre-flight: every destination is proven usable before anything is minted.
    let mut dest = match target {
        Target::Stdout => {
            if ctx.ui.stdout_is_terminal() {
                ctx.ui.warn(
                    "the new secret will be printed on this terminal and stay in its scrollback; \
                     pipe it into a secret manager instead, or use --keyring",
                );
            }
            Destination::Stdout
        }
        Target::Keyring => {
            let timeout = ctx.keyring_timeout;
            let keyring = ctx
                .interrupts
                .guard(async { preflight_keyring(timeout).await }, |e| e)
                .await?;
            Destination::Keyring(keyring)
        }
        Target::File(path) => Destination::File(SecretFile::reserve(path)?),
    };

    // 2. Mint.
    let started = ctx
        .interrupts
        .guard(ctx.client.rotate_start(id), |e| start_recovery(e, id))
        .await
        .map_err(|e| match e.code {
            ExitCode::OutcomeUnknown => start_recovery(e, id),
            _ => e,
        });
    let started = match started {
        Ok(started) => started,
        Err(e) => {
            if let Destination::File(file) = dest {
                file.abandon();
            }
            return Err(e);
        }
    };

    // 3. Store and read back. From here to the end no signal is acted on: the secret exists
    // only in memory until it is handed over.
    let answer = started.answer;
    let secret = started.next_secret;
    let project = ctx.client.project_id().clone();
    let next = sanitize(
        answer
            .client
            .next_client_secret_last_four
            .as_deref()
            .unwrap_or(""),
    );
    let stored = match &mut dest {
        Destination::Stdout => {
            let written = if ctx.ui.json {
                ctx.ui
                    .data(&answer_json(&answer, Some(&secret)).to_string())
            } else {
                ctx.ui.data(secret.expose())
            };
            if let Err(e) = written {
                return Err(undeliverable(
                    ctx,
                    id,
                    &format!("it could not be written to stdout ({e})"),
                )
                .await);
            }
            "was written to stdout".to_owned()
        }
        Destination::Keyring(keyring) => {
            let user = Slot::Next.user(&project, id);
            match keyring
                .put_verified(&user, &Slot::Next.label(&project, id), &secret)
                .await
            {
                Ok(()) => format!("is in the {}", Slot::Next.describe(&project, id)),
                Err(e) => return Err(store_failed(ctx, id, &answer, &secret, e).await),
            }
        }
        Destination::File(file) => match file.write_verified(&secret) {
            Ok(()) => format!(
                "is in {} (mode 0600)",
                sanitize(&file.path().display().to_string())
            ),
            Err(e) => return Err(store_failed(ctx, id, &answer, &secret, e).await),
        },
    };
    drop(secret);
    if ctx.ui.json && !matches!(dest, Destination::Stdout) {
        let mut result = answer_json(&answer, None);
        result["secret_stored_in"] = match &dest {
            Destination::Keyring(_) => json!({
                "keyring": { "service": crate::store::SERVICE, "username": Slot::Next.user(&project, id) }
            }),
            Destination::File(file) => json!({ "file": file.path().display().to_string() }),
            Destination::Stdout => Value::Null,
        };
        ctx.ui.json_data(&result)?;
    }
    let qid = quote(id.as_str());
    ctx.ui.info(format!(
        "Started rotation for {id}: the next secret (ending {next}) {stored}. It will not be shown by Stytch again.\n\
         Both secrets work now. Once every consumer uses the new one, run:\n  \
         stytch-m2m rotate complete --client-id {qid}\n\
         To discard it instead: stytch-m2m rotate cancel --client-id {qid}"
    ));
    Ok(())
}

async fn preflight_keyring(timeout: Duration) -> Result<Keyring> {
    let keyring = Keyring::open(timeout).await.map_err(nothing_sent)?;
    keyring.probe().await.map_err(nothing_sent)?;
    Ok(keyring)
}

fn nothing_sent(mut e: Error) -> Error {
    e.message = format!(
        "{}. Pre-flight failed, so no rotation was started",
        e.message
    );
    e
}

/// Storing failed after minting: the secret must still reach the user. It goes to stdout with a
/// loud warning and the command fails (exit 8), so a script notices and a person can save it.
async fn store_failed(
    ctx: &mut Context<'_>,
    id: &ClientId,
    answer: &ClientAnswer,
    secret: &Secret,
    cause: Error,
) -> Error {
    ctx.ui.warn(format!(
        "storing the new secret failed: {}\n\
         THE NEW SECRET IS PRINTED BELOW ON STDOUT. It is the only copy: Stytch cannot show it again. Save it now.",
        cause.message
    ));
    let written = if ctx.ui.json {
        ctx.ui.data(&answer_json(answer, Some(secret)).to_string())
    } else {
        ctx.ui.data(secret.expose())
    };
    if let Err(e) = written {
        return undeliverable(
            ctx,
            id,
            &format!(
                "storing it failed ({}) and it could not be written to stdout either ({e})",
                cause.message
            ),
        )
        .await;
    }
    let qid = quote(id.as_str());
    let mut err = Error::new(
        ExitCode::Store,
        "store_failed_after_mint",
        format!(
            "Stytch minted the next secret for {id}, but storing it failed ({}); it was printed on stdout instead",
            cause.message
        ),
    )
    .hint(format!(
        "put the printed secret where it belongs now; then complete with `stytch-m2m rotate complete --client-id {qid} --next-secret-stdin`, \
         or discard it with `stytch-m2m rotate cancel --client-id {qid}`"
    ));
    err.undelivered_secret = true;
    err
}

pub async fn complete(ctx: &mut Context<'_>, id: &ClientId, proof: Proof) -> Result<()> {
    let project = ctx.client.project_id().clone();
    let qid = quote(id.as_str());
    // Which rotation is pending, so that the secret we verify is provably the pending one (the
    // current secret gets a token too).
    let current = ctx
        .interrupts
        .guard(ctx.client.get_client(id), |e| e)
        .await?;
    let Some(pending_four) = current.client.next_client_secret_last_four.clone() else {
        return Err(Error::new(
            ExitCode::Conflict,
            "not_rotating",
            format!("client {id} has no secret rotation in progress; nothing to complete"),
        )
        .hint(format!(
            "start one with `stytch-m2m rotate start --client-id {qid}`"
        )));
    };
    let pending_four = sanitize(&pending_four);

    let (secret, keyring) = match proof {
        Proof::Skip => {
            ctx.ui.warn(format!(
                "--skip-verify: completing without proving that the secret ending {pending_four} works. \
                 Consumers still on the old secret will fail as soon as this completes."
            ));
            (None, None)
        }
        Proof::Given(secret) => (Some(secret), None),
        Proof::Keyring => {
            let timeout = ctx.keyring_timeout;
            let user = Slot::Next.user(&project, id);
            let found = ctx
                .interrupts
                .guard(
                    async {
                        let keyring = Keyring::open(timeout).await?;
                        let secret = keyring.get(&user).await?;
                        Ok((keyring, secret))
                    },
                    |e| e,
                )
                .await;
            match found {
                Ok((keyring, Some(secret))) => (Some(secret), Some(keyring)),
                Ok((_, None)) => {
                    return Err(no_proof(
                        id,
                        &format!("the keyring has no {}", Slot::Next.describe(&project, id)),
                    ))
                }
                Err(e) => {
                    return Err(no_proof(
                        id,
                        &format!("the keyring could not be read ({})", e.message),
                    ))
                }
            }
        }
    };

    if let Some(secret) = &secret {
        if secret.last_four() != pending_four {
            return Err(Error::new(
                ExitCode::Verification,
                "wrong_pending_secret",
                format!(
                    "the secret given ends in {}, but the pending secret of {id} ends in {pending_four}; nothing was completed",
                    sanitize(&secret.last_four())
                ),
            )
            .hint("give the secret that `rotate start` minted for this rotation"));
        }
        ctx.interrupts
            .guard(ctx.client.token(id, secret), |e| e)
            .await
            .map_err(|mut e| {
                if e.code == ExitCode::Verification {
                    e.message = format!("{}; the rotation was not completed", e.message);
                    e.hint = Some(format!(
                        "the pending secret does not work: cancel with `stytch-m2m rotate cancel --client-id {qid}` and start again"
                    ));
                }
                e
            })?;
        ctx.ui.info(format!(
            "Verified: the secret ending {pending_four} gets an access token."
        ));
    }

    let answer = finish(ctx, id, Op::RotateComplete).await?;

    // The pending keyring entry becomes the current one: write, read back, then delete.
    let mut promoted = None;
    if let (Some(keyring), Some(secret)) = (&keyring, &secret) {
        let current_user = Slot::Current.user(&project, id);
        let next_user = Slot::Next.user(&project, id);
        let result = async {
            keyring
                .put_verified(&current_user, &Slot::Current.label(&project, id), secret)
                .await?;
            keyring.delete(&next_user).await
        }
        .await;
        if let Err(e) = result {
            return Err(Error::new(
                ExitCode::Store,
                "keyring_promote_failed",
                format!(
                    "the rotation of {id} completed, but the keyring entry could not be promoted ({}); the secret is still in the {}",
                    e.message,
                    Slot::Next.describe(&project, id)
                ),
            )
            .hint(format!("read it with `stytch-m2m secret get --client-id {qid} --next`")));
        }
        promoted = Some(Slot::Current.describe(&project, id));
    }

    if ctx.ui.json {
        let mut result = answer_json(&answer, None);
        result["verified"] = secret.is_some().into();
        if promoted.is_some() {
            result["keyring_entry"] = json!({ "service": crate::store::SERVICE, "username": Slot::Current.user(&project, id) });
        }
        return ctx.ui.json_data(&result);
    }
    ctx.ui.info(format!(
        "Completed rotation for {id}: the secret ending {} is now the only secret; the old one no longer works.",
        sanitize(&answer.client.client_secret_last_four)
    ));
    if let Some(entry) = promoted {
        ctx.ui.info(format!("The secret is now the {entry}."));
    }
    Ok(())
}

fn no_proof(id: &ClientId, why: &str) -> Error {
    let qid = quote(id.as_str());
    Error::new(
        ExitCode::Verification,
        "no_pending_secret",
        format!("no pending secret to verify with: {why}; the rotation was not completed"),
    )
    .hint(format!(
        "pipe the pending secret in: `stytch-m2m rotate complete --client-id {qid} --next-secret-stdin < FILE`; \
         or, if every consumer already uses it, pass --skip-verify"
    ))
}

pub async fn cancel(ctx: &mut Context<'_>, id: &ClientId) -> Result<()> {
    let answer = finish(ctx, id, Op::RotateCancel).await?;
    // The discarded secret is worthless now; remove its keyring entry if there is one. A machine
    // without a keyring simply has none.
    let project = ctx.client.project_id().clone();
    let removed = match Keyring::open(ctx.keyring_timeout).await {
        Ok(keyring) => match keyring.delete(&Slot::Next.user(&project, id)).await {
            Ok(removed) => removed,
            Err(e) => {
                ctx.ui.warn(format!(
                    "the rotation was cancelled, but its keyring entry could not be removed: {}",
                    e.message
                ));
                false
            }
        },
        Err(_) => false,
    };
    if ctx.ui.json {
        let mut result = answer_json(&answer, None);
        result["keyring_entry_removed"] = removed.into();
        return ctx.ui.json_data(&result);
    }
    ctx.ui.info(format!(
        "Cancelled rotation for {id}: the next secret was discarded; the secret ending {} still works.",
        sanitize(&answer.client.client_secret_last_four)
    ));
    if removed {
        ctx.ui.info(format!(
            "Removed the {}.",
            Slot::Next.describe(&project, id)
        ));
    }
    Ok(())
}

/// The `--json` result: Stytch's answer, with the one-time secret put back only where the user
/// asked for it on stdout.
fn answer_json(answer: &ClientAnswer, secret: Option<&Secret>) -> Value {
    let mut client = answer.raw_client.clone();
    if let (Some(secret), Some(obj)) = (secret, client.as_object_mut()) {
        obj.insert("next_client_secret".into(), secret.expose().into());
    }
    json!({
        "request_id": answer.request_id,
        "status_code": answer.status_code,
        "m2m_client": client,
    })
}

/// A minted secret that could not be handed over is worthless and dangerous: cancel the
/// rotation so no secret nobody holds stays valid, and say exactly what happened.
async fn undeliverable(ctx: &mut Context<'_>, id: &ClientId, why: &str) -> Error {
    let qid = quote(id.as_str());
    match ctx.client.rotate_cancel(id).await {
        Ok(_) => Error::new(
            ExitCode::Store,
            "secret_undeliverable",
            format!("Stytch minted the next secret for {id}, but {why}; the rotation was cancelled, so no secret is left pending that nobody holds"),
        )
        .hint(format!("fix the destination, then run `stytch-m2m rotate start --client-id {qid}` again")),
        Err(cancel_err) => Error::new(
            ExitCode::Store,
            "secret_undeliverable",
            format!(
                "Stytch minted the next secret for {id}, but {why}, and cancelling the rotation failed too ({})",
                cancel_err.message
            ),
        )
        .recovery(recovery_steps(id)),
    }
}

fn recovery_steps(id: &ClientId) -> Vec<String> {
    let qid = quote(id.as_str());
    vec![
        format!("stytch-m2m rotate status --client-id {qid}   (is a next secret pending?)"),
        format!(
            "stytch-m2m rotate cancel --client-id {qid} --yes   (only if one is: nobody holds it)"
        ),
        format!("stytch-m2m rotate start --client-id {qid}   (with the destination you meant)"),
    ]
}

fn start_recovery(mut e: Error, id: &ClientId) -> Error {
    e.message = format!(
        "{}. `rotate start` was in flight: Stytch may have minted a next secret that was never received and can never be shown again",
        e.message
    );
    e.recovery = recovery_steps(id);
    e.hint = Some("until it is cancelled, the unseen secret is valid for this client".into());
    e
}

/// Sends `rotate` or `rotate/cancel`. A signal or an answer that never came ends with the steps
/// that find out whether it took effect.
async fn finish(ctx: &mut Context<'_>, id: &ClientId, op: Op) -> Result<ClientAnswer> {
    let request = async {
        match op {
            Op::RotateComplete => ctx.client.rotate_complete(id).await,
            _ => ctx.client.rotate_cancel(id).await,
        }
    };
    ctx.interrupts
        .guard(request, |e| finish_recovery(e, id, op))
        .await
        .map_err(|e| match e.code {
            ExitCode::OutcomeUnknown => finish_recovery(e, id, op),
            _ => e,
        })
}

fn finish_recovery(mut e: Error, id: &ClientId, op: Op) -> Error {
    let qid = quote(id.as_str());
    let (verb, done) = match op {
        Op::RotateComplete => (
            "complete",
            "the completion went through: only the new secret works",
        ),
        _ => (
            "cancel",
            "the cancellation went through: only the old secret works",
        ),
    };
    if e.code != ExitCode::OutcomeUnknown {
        e.message = format!(
            "{}; `rotate {verb}` was in flight and may or may not have taken effect",
            e.message
        );
    }
    e.recovery = vec![
        format!("stytch-m2m rotate status --client-id {qid}   (no next secret pending means {done})"),
        format!("stytch-m2m rotate {verb} --client-id {qid} --yes   (only if a next secret is still pending)"),
    ];
    e
}
