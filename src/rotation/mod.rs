//! What one client's rotation does, whichever path asked for it (one `--client-id`, or one
//! client of a fleet).

pub mod cancel;
pub mod complete;
pub mod journaled;
mod mint;
pub mod on_client;
pub mod run;
pub mod start;

use std::time::Duration;

use serde_json::{json, Value};

use crate::error::{ErrorKind, Result, Step};
use crate::redacted::Secret;
use crate::shell::quote;
use crate::signals::Interrupts;
use crate::stytch::models::ClientAnswer;
use crate::stytch::{Client, ClientId, Op};
use crate::ui::Ui;
use journaled::Recorder;

/// The async side of a command that talks to Stytch.
pub struct Context<'a> {
    pub client: Client,
    pub ui: &'a Ui,
    pub interrupts: Interrupts,
    pub keyring_timeout: Duration,
    /// The journal and lock (off for read-only commands and under `--no-journal`).
    pub rec: Recorder,
}

/// The `--json` result: Stytch's answer, with the one-time secret put back only where the user
/// asked for it on stdout.
pub(crate) fn answer_json(answer: &ClientAnswer, secret: Option<&Secret>) -> Value {
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

/// Sends `rotate` or `rotate/cancel`. A signal or an answer that never came ends with the steps
/// that find out whether it took effect; `again` is the command that repeats this one (with its
/// proof flags), run only if the rotation is still pending.
pub(crate) async fn finish(
    ctx: &mut Context<'_>,
    id: &ClientId,
    op: Op,
    again: &str,
) -> Result<ClientAnswer> {
    let client = &ctx.client;
    let request = async {
        match op {
            Op::RotateComplete => client.rotate_complete(id).await,
            _ => client.rotate_cancel(id).await,
        }
    };
    let recover = |mut e: crate::error::Error| {
        let qid = quote(id.as_str());
        let done = match op {
            Op::RotateComplete => "the completion went through: only the new secret works",
            _ => "the cancellation went through: only the old secret works",
        };
        if e.kind != ErrorKind::OutcomeUnknown {
            e = e.context("it was in flight and may or may not have taken effect");
        }
        e.recovery = vec![
            Step::run(format!("stytch-m2m rotate status --client-id {qid}"))
                .note(format!("no next secret pending means {done}")),
            Step::run(again).when("a next secret is still pending"),
        ];
        e
    };
    let answer = ctx.interrupts.guard(request, |e| e).await;
    match answer {
        Ok(answer) => Ok(answer),
        Err(e) if e.kind == ErrorKind::OutcomeUnknown || e.is_signal() => Err(recover(e)),
        Err(e) => Err(e),
    }
}
