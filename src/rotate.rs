//! The rotation workflow: the only module that knows both Stytch and where secrets go.
//!
//! Each command is split in two: `prepare` (checks and prompts, before any request and before
//! signal handlers exist) and the async part that talks to Stytch.

use serde_json::{json, Value};

use crate::error::{Error, Result};
use crate::exit_codes::ExitCode;
use crate::redacted::Secret;
use crate::shell::quote;
use crate::signals::Interrupts;
use crate::stytch::models::ClientAnswer;
use crate::stytch::{Client, ClientId, Op};
use crate::ui::Ui;

pub struct Context<'a> {
    pub client: Client,
    pub ui: &'a Ui,
    pub interrupts: Interrupts,
}

/// Asks before a step that cannot be undone; without a terminal, `--yes` is the only answer.
pub fn confirm(ui: &Ui, yes: bool, question: &str, flag_hint: &str) -> Result<()> {
    if yes {
        return Ok(());
    }
    if ui.json || !ui.can_prompt() {
        return Err(Error::usage(
            "confirmation_required",
            "this step needs confirmation and there is no terminal to ask on",
        )
        .hint(format!("pass --yes to {flag_hint}")));
    }
    if ui.confirm(question)? {
        Ok(())
    } else {
        Err(Error::new(
            ExitCode::Interrupted,
            "declined",
            "declined; nothing was sent",
        ))
    }
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
        format!(" ({})", crate::sanitize::sanitize(&c.client_name))
    };
    out.push_str(&format!("client       {id}{name}\n"));
    out.push_str(&format!(
        "status       {}\n",
        crate::sanitize::sanitize(&c.status)
    ));
    out.push_str(&format!(
        "secret       …{}\n",
        crate::sanitize::sanitize(&c.client_secret_last_four)
    ));
    match &c.next_client_secret_last_four {
        Some(next) => {
            let next = crate::sanitize::sanitize(next);
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

pub async fn start(ctx: &mut Context<'_>, id: &ClientId) -> Result<()> {
    if ctx.ui.stdout_is_terminal() {
        ctx.ui.warn(
            "the new secret will be printed on this terminal and stay in its scrollback; \
             pipe it into a secret manager instead, or use --keyring",
        );
    }
    let started = ctx
        .interrupts
        .guard(ctx.client.rotate_start(id), |e| start_recovery(e, id))
        .await
        .map_err(|e| match e.code {
            ExitCode::OutcomeUnknown => start_recovery(e, id),
            _ => e,
        })?;
    // From here to the end of delivery no signal is acted on: the secret exists only in memory.
    let answer = started.answer;
    let secret = started.next_secret;
    let written = if ctx.ui.json {
        ctx.ui
            .data(&answer_json(&answer, Some(&secret)).to_string())
    } else {
        ctx.ui.data(secret.expose())
    };
    if let Err(e) = written {
        return Err(
            undeliverable(ctx, id, &format!("it could not be written to stdout ({e})")).await,
        );
    }
    drop(secret);
    let next = answer
        .client
        .next_client_secret_last_four
        .as_deref()
        .map(crate::sanitize::sanitize)
        .unwrap_or_default();
    let qid = quote(id.as_str());
    ctx.ui.info(format!(
        "Started rotation for {id}: the next secret (ending {next}) was written to stdout. \
         It will not be shown again.\n\
         Both secrets work now. Once every consumer uses the new one, run:\n  \
         stytch-m2m rotate complete --client-id {qid}\n\
         To discard it instead: stytch-m2m rotate cancel --client-id {qid}"
    ));
    Ok(())
}

pub async fn complete(ctx: &mut Context<'_>, id: &ClientId) -> Result<()> {
    let answer = ctx
        .interrupts
        .guard(ctx.client.rotate_complete(id), |e| {
            finish_recovery(e, id, Op::RotateComplete)
        })
        .await
        .map_err(|e| match e.code {
            ExitCode::OutcomeUnknown => finish_recovery(e, id, Op::RotateComplete),
            _ => e,
        })?;
    if ctx.ui.json {
        return ctx.ui.json_data(&answer_json(&answer, None));
    }
    ctx.ui.info(format!(
        "Completed rotation for {id}: the secret ending {} is now the only secret; the old one no longer works.",
        crate::sanitize::sanitize(&answer.client.client_secret_last_four)
    ));
    Ok(())
}

pub async fn cancel(ctx: &mut Context<'_>, id: &ClientId) -> Result<()> {
    let answer = ctx
        .interrupts
        .guard(ctx.client.rotate_cancel(id), |e| {
            finish_recovery(e, id, Op::RotateCancel)
        })
        .await
        .map_err(|e| match e.code {
            ExitCode::OutcomeUnknown => finish_recovery(e, id, Op::RotateCancel),
            _ => e,
        })?;
    if ctx.ui.json {
        return ctx.ui.json_data(&answer_json(&answer, None));
    }
    ctx.ui.info(format!(
        "Cancelled rotation for {id}: the next secret was discarded; the secret ending {} still works.",
        crate::sanitize::sanitize(&answer.client.client_secret_last_four)
    ));
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
        format!("stytch-m2m rotate status --client-id {qid}   (a pending next secret you do not hold is lost)"),
        format!("stytch-m2m rotate cancel --client-id {qid} --yes"),
        format!("stytch-m2m rotate start --client-id {qid}"),
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
