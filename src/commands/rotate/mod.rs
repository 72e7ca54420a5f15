//! `rotate start|complete|cancel|status`: one file per step, and what the steps share: the
//! `--json` result and the request that finishes a rotation (complete or cancel).

pub mod cancel;
pub mod complete;
mod mint;
pub mod run;
pub mod start;
pub mod status;

use serde_json::{json, Value};

use super::Context;
use crate::error::{ErrorKind, Result, Step};
use crate::redacted::Secret;
use crate::shell::quote;
use crate::stytch::models::ClientAnswer;
use crate::stytch::{ClientId, Op};

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

/// A compare-and-swap guard for scripts: `expected` (from an `--expect-…` flag) must be what
/// Stytch shows now, or nothing is sent (exit 5, with both in `--json`).
pub(crate) fn check_expected(
    what: &str,
    expected: Option<&str>,
    actual: Option<&str>,
) -> Result<()> {
    let Some(expected) = expected else {
        return Ok(());
    };
    if actual == Some(expected) {
        return Ok(());
    }
    let shown = actual.map_or("none".to_owned(), |a| {
        format!("…{}", crate::sanitize::sanitize(a))
    });
    Err(crate::error::Error::new(
        ErrorKind::PreconditionFailed,
        format!(
            "the {what} was expected to end in {}, but Stytch shows {shown}; nothing was sent",
            crate::sanitize::sanitize(expected)
        ),
    )
    .field("expected", expected)
    .field("actual", actual.map(crate::sanitize::sanitize))
    .hint("someone else changed the rotation since your script looked: read it again with `rotate status`"))
}

/// Prints what was odd about an answer that was still used.
pub(crate) fn warn_odd(ctx: &Context<'_>, answer: &ClientAnswer) {
    for w in &answer.warnings {
        ctx.ui.warn(format!(
            "Stytch's answer was odd: {}",
            crate::sanitize::sanitize(w)
        ));
    }
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
