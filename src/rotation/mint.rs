//! `rotate/start` in flight: the one request whose answer carries a secret that is shown once.
//!
//! Two facts shape this file. A signal that arrives while the answer is coming must not throw
//! the answer away, so the process waits a few seconds for it. And a request its caller gave up
//! on (a timeout, a dropped connection, a gateway's page) can still be committed by Stytch
//! seconds later, so one read right after proves nothing: the client is watched for a settle
//! window before anything is said about the outcome. Only Stytch's own JSON answer, or nothing
//! sent at all, is certain.

use std::time::{Duration, Instant};

use crate::error::{Error, ErrorKind, Result, Step};
use crate::journal::Action;
use crate::rotation::journaled::Facts;
use crate::rotation::Context;
use crate::sanitize::sanitize;
use crate::shell::quote;
use crate::stytch::models::StartAnswer;
use crate::stytch::ClientId;

/// How long a signal waits for an answer that is on its way.
const SIGNAL_GRACE: Duration = Duration::from_secs(5);
/// After a signal, everything (waiting and watching) ends this long after it: CI runners send
/// SIGTERM about 7 s after SIGINT and kill about 2.5 s later.
const SIGNAL_BUDGET: Duration = Duration::from_secs(10);
/// The longest settle window, whatever `--timeout` is.
const MAX_SETTLE: Duration = Duration::from_secs(60);
/// How often the client is read during the settle window.
const POLL: Duration = Duration::from_millis(500);

/// Sends `rotate/start`. A signal while it is in flight waits for the answer (a second signal,
/// or [`SIGNAL_GRACE`], abandons it); an answer that arrives is used and the signal is acted on
/// at the next step, exactly as if it had come just after the answer.
pub(crate) async fn mint(ctx: &mut Context<'_>, id: &ClientId) -> Result<StartAnswer> {
    let client = ctx.client.clone();
    // Until this returns, a crash names this client as one Stytch may have minted for.
    let _starting = crate::inflight::starting(id.as_str());
    let request = client.rotate_start(id);
    tokio::pin!(request);
    let first = tokio::select! {
        biased;
        signal = ctx.interrupts.next() => Err(signal),
        answer = &mut request => Ok(answer),
    };
    let signal = match first {
        Ok(answer) => return judge(ctx, id, answer, None).await,
        Err(signal) => signal,
    };
    let signalled = Instant::now();
    ctx.ui.warn(format!(
        "{}: waiting up to {} s for Stytch's answer to `rotate/start`, so the new secret is not lost \
         (send the signal again to abandon it)",
        signal.message,
        SIGNAL_GRACE.as_secs()
    ));
    let waited = tokio::select! {
        biased;
        again = ctx.interrupts.next() => Err(again.message),
        answer = &mut request => Ok(answer),
        () = tokio::time::sleep(SIGNAL_GRACE) => Err(format!("no answer within {} s", SIGNAL_GRACE.as_secs())),
    };
    match waited {
        Ok(Ok(minted)) => {
            ctx.interrupts.defer(signal);
            Ok(minted)
        }
        Ok(answer) => judge(ctx, id, answer, Some(signalled)).await,
        Err(why) => {
            let abandoned = Error::new(
                ErrorKind::OutcomeUnknown,
                format!(
                    "`rotate/start` for {id} was sent and abandoned after {} ({why})",
                    signal.message
                ),
            );
            Err(settle(ctx, id, abandoned, Some(signalled)).await)
        }
    }
}

/// What a finished `rotate/start` request means. `signalled`: when a signal came, if one did.
async fn judge(
    ctx: &mut Context<'_>,
    id: &ClientId,
    answer: Result<StartAnswer>,
    signalled: Option<Instant>,
) -> Result<StartAnswer> {
    match answer {
        Ok(minted) => Ok(minted),
        // Stytch's own JSON (a 5xx): Stytch answered, so one read tells.
        Err(e) if e.kind == ErrorKind::OutcomeUnknown && e.stytch.is_some() => {
            Err(super::start::find_out(ctx, id, e).await)
        }
        // No answer, or one that is not Stytch's: it may still be committed.
        Err(e) if e.kind == ErrorKind::OutcomeUnknown => Err(settle(ctx, id, e, signalled).await),
        Err(e) => Err(e),
    }
}

/// What the settle window saw.
enum Settled {
    /// A pending rotation appeared, with its next secret's last four.
    Appeared(String),
    /// Stytch showed none pending for the whole window (this long).
    NoneFor(Duration),
    /// The window ended before Stytch could be read even once (why), or a signal ended it.
    Unread(String),
}

/// Watches the client for a settle window: until `--timeout` has passed again since the request
/// was abandoned (at most [`MAX_SETTLE`]; after a signal, what is left of [`SIGNAL_BUDGET`]).
/// A rotation that appears is one this process never received: it is cancelled.
async fn settle(
    ctx: &mut Context<'_>,
    id: &ClientId,
    cause: Error,
    signalled: Option<Instant>,
) -> Error {
    let abandoned = Instant::now();
    let mut end = abandoned + ctx.client.timeout().min(MAX_SETTLE);
    if let Some(at) = signalled {
        end = end.min(at + SIGNAL_BUDGET);
    }
    ctx.ui.info(format!(
        "watching {id} for up to {:.0} s: Stytch can still commit a request its caller gave up on",
        end.saturating_duration_since(abandoned).as_secs_f64()
    ));
    match watch(ctx, id, end).await {
        Settled::Appeared(four) => cancel_unreceived(ctx, id, cause, &four).await,
        Settled::NoneFor(waited) => {
            let qid = quote(id.as_str());
            cause
                .context(format!(
                    "for {:.0} s after, Stytch showed no rotation pending, so most likely it did not take \
                     effect; it is not certain, as Stytch can commit a request later still",
                    waited.as_secs_f64()
                ))
                .recovery(vec![Step::run(format!("stytch-m2m rotate status --client-id {qid}"))
                    .note("a next secret pending that nobody holds means it did take effect")])
                .hint(format!(
                    "if `rotate status` shows such a next secret, discard it with `stytch-m2m rotate cancel --client-id {qid} \
                     --expect-next-last-four` followed by the last four it shows. Running the same command again is safe: \
                     Stytch refuses a second start while one is pending"
                ))
        }
        Settled::Unread(why) => super::start::recovery(cause, id, &why),
    }
}

/// Reads the client every [`POLL`] until `end`. A signal ends the watch at once.
async fn watch(ctx: &mut Context<'_>, id: &ClientId, end: Instant) -> Settled {
    let started = Instant::now();
    let mut last_error = None;
    let mut seen_once = false;
    loop {
        let read = ctx.interrupts.guard(ctx.client.get_client(id), |e| e).await;
        match read {
            Ok(seen) => {
                if let Some(four) = seen.client.next_client_secret_last_four {
                    let four = sanitize(&four);
                    if let Some(theirs) = super::start::another_runs(&seen.raw_client, &four) {
                        return Settled::Unread(theirs.message);
                    }
                    return Settled::Appeared(four);
                }
                seen_once = true;
            }
            Err(e) if e.is_signal() => {
                return Settled::Unread(format!("{} while watching for it", e.message))
            }
            Err(e) => last_error = Some(e.message),
        }
        let now = Instant::now();
        if now + POLL > end {
            return match (seen_once, last_error) {
                (true, _) => Settled::NoneFor(now - started),
                (false, why) => Settled::Unread(why.unwrap_or_else(|| "no time was left".into())),
            };
        }
        let nap = ctx
            .interrupts
            .guard(
                async {
                    tokio::time::sleep(POLL).await;
                    Ok(())
                },
                |e| e,
            )
            .await;
        if let Err(e) = nap {
            return Settled::Unread(format!("{} while watching for it", e.message));
        }
    }
}

/// A rotation appeared that this process never received: nobody holds its secret, so it is
/// cancelled. Without a record on the client, another run's rotation started in the meantime
/// would look the same: one rotation per client at a time is the user's to ensure.
pub(super) async fn cancel_unreceived(
    ctx: &mut Context<'_>,
    id: &ClientId,
    cause: Error,
    four: &str,
) -> Error {
    let facts = Facts {
        next_last_four: Some(four.to_owned()),
        detail: Some("cancelled a secret this process never received".into()),
        ..Facts::default()
    };
    ctx.rec.intent(ctx.ui, Action::Cancel, facts.clone());
    match ctx.client.rotate_cancel(id).await {
        Ok(_) => {
            ctx.rec.ok(ctx.ui, Action::Cancel, facts);
            cause
                .with_kind(ErrorKind::UnreceivedSecretCancelled)
                .context(format!(
                    "then Stytch showed a rotation pending (next secret ending {four}) whose secret this process \
                     never received, most likely minted by this request; it was cancelled, so no secret nobody \
                     holds stays valid. The current secret still works"
                ))
                .hint(format!(
                    "run the same command again to start a fresh rotation (if another run was rotating {id} at the \
                     same time, the cancelled secret was its own: run one rotation per client at a time)"
                ))
        }
        Err(e) => {
            ctx.rec.failed(ctx.ui, Action::Cancel, &e, facts);
            super::start::recovery(
                cause.context(format!(
                    "then Stytch showed a rotation pending (next secret ending {four}) that this process never received"
                )),
                id,
                &format!("cancelling it failed: {}", e.message),
            )
        }
    }
}
