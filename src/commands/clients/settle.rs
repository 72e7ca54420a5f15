//! `clients create` when its client must not stay: the answer never came ([`lost`]), or the
//! secret in it could not be kept ([`unkept`]). A client whose secret nobody holds can get no
//! token and nobody can ever be given its secret: it is deleted, and the error says so.
//!
//! As with `rotate start` (`commands/rotate/mint.rs`), only Stytch's own JSON answer, or nothing
//! sent at all, is certain: a request its caller gave up on can still be committed seconds
//! later, so the client is watched for a settle window before anything is said. What makes a
//! client found then certainly this request's is that its id was checked absent just before.

use std::time::{Duration, Instant};

use crate::commands::Context;
use crate::error::{Error, ErrorKind, Result, Step};
use crate::journal::Action;
use crate::rotation::journaled::Facts;
use crate::shell::quote;
use crate::stytch::ClientId;

/// After a signal, the watch ends this long after it (CI runners kill about 10 s after SIGINT).
const SIGNAL_BUDGET: Duration = Duration::from_secs(8);
/// The longest settle window, whatever `--timeout` is.
const MAX_SETTLE: Duration = Duration::from_secs(60);
/// How often the client is read during the settle window.
const POLL: Duration = Duration::from_millis(500);

/// What reading the id told.
enum Seen {
    Created,
    /// There, but without this run's mark: made by someone else (a `--client-id` two runs chose).
    Foreign,
    /// Not there: after one read of Stytch's own answer (`None`), or for a whole window.
    Absent(Option<Duration>),
    /// It could not be read (why).
    Unread(String),
}

/// The create failed. A clear failure (Stytch's 4xx, nothing sent) created nothing; no clear
/// answer is settled by reading the id: a client found is deleted, none found is said as it is.
pub(super) async fn lost(
    ctx: &mut Context<'_>,
    id: &ClientId,
    cause: Error,
    facts: Facts,
) -> Error {
    let signalled = cause.is_signal();
    if cause.kind != ErrorKind::OutcomeUnknown && !signalled {
        ctx.rec.failed(ctx.ui, Action::Create, &cause, facts);
        return cause;
    }
    let unknown = Error::new(ErrorKind::OutcomeUnknown, cause.message.clone());
    ctx.rec.failed(ctx.ui, Action::Create, &unknown, facts);
    let seen = if cause.stytch.is_some() {
        // Stytch's own 5xx: it answered, so one read tells.
        read(ctx, id).await
    } else {
        watch(ctx, id, signalled).await
    };
    let kind = |otherwise| if signalled { cause.kind } else { otherwise };
    let qid = quote(id.as_str());
    match seen {
        Seen::Created => unreceived(ctx, id, cause).await,
        Seen::Foreign => cause.context(format!(
            "Stytch shows a client {id}, but without the mark this run puts on the clients it makes: \
             another run made it, so it was left alone, and this run's create most likely did not take effect"
        ))
        .hint(format!("check who made it (`stytch-m2m clients list --client-id {qid}`), then choose another --client-id")),
        Seen::Absent(None) => {
            let kind = kind(ErrorKind::StytchError);
            cause
                .with_kind(kind)
                .context(format!(
                    "asked again, Stytch has no client {id}, so it was not created"
                ))
                .hint("it is safe to run the same command again")
        }
        Seen::Absent(Some(waited)) => cause
            .context(format!(
                "for {:.0} s after, Stytch showed no client {id}, so most likely it was not created; it is not \
                 certain, as Stytch can commit a request later still",
                waited.as_secs_f64()
            ))
            .recovery(recovery_steps(&qid))
            .hint("running the same command again is safe: it makes a new id (or, with --client-id, refuses one that exists)"),
        Seen::Unread(why) => cause
            .context(format!(
                "the client {id} may have been created with a secret nobody received, and finding out failed ({why})"
            ))
            .recovery(recovery_steps(&qid))
            .hint("a client whose secret nobody holds can get no token; delete it so it does not linger"),
    }
}

/// The one step for a client that may exist with a secret nobody holds: `clients delete` reads
/// the client itself, deletes it if it is there, and says so if it is not (exit 4). The id was
/// checked absent before the create (or made here), so a client found is this request's.
fn recovery_steps(qid: &str) -> Vec<Step> {
    vec![Step::run(format!("stytch-m2m clients delete --client-id {qid} --yes")).note(
        "deletes it if it was created; \"no M2M client\" (exit 4) means it was not: as Stytch can commit \
         late, run it once more a minute later to be sure",
    )]
}

/// Found created after all: this process never received its secret, so it is deleted.
async fn unreceived(ctx: &mut Context<'_>, id: &ClientId, cause: Error) -> Error {
    let kind = if cause.is_signal() {
        cause.kind
    } else {
        ErrorKind::UnreceivedClientDeleted
    };
    let detail = "deleted a client whose secret this process never received";
    match delete(ctx, id, detail).await {
        Ok(()) => cause.with_kind(kind).context(format!(
            "then Stytch showed the client {id}, created by this request; its secret was never received, so \
             the client was deleted and nothing of it is left"
        ))
        .hint("run the same command again"),
        Err(e) => cause
            .context(format!(
                "then Stytch showed the client {id}, created by this request, whose secret was never received; \
                 deleting it failed ({})",
                e.message
            ))
            .recovery(recovery_steps(&quote(id.as_str())))
            .hint("a client whose secret nobody holds can get no token; delete it so it does not linger"),
    }
}

/// Created, but its secret could not be kept where asked: nobody can hold it, so the client is
/// deleted.
pub(super) async fn unkept(ctx: &mut Context<'_>, id: &ClientId, cause: Error) -> Error {
    let detail = "deleted a client whose secret could not be kept";
    match delete(ctx, id, detail).await {
        Ok(()) => Error::new(
            ErrorKind::CreatedClientDeleted,
            format!(
                "Stytch created the client {id}, but its secret could not be kept ({}); the client was deleted, \
                 as nobody could hold its secret",
                cause.message
            ),
        )
        .field("cause", cause.kind.name())
        .hint("fix where the secret goes, then run the same command again"),
        Err(e) => Error::new(
            ErrorKind::SecretUndeliverable,
            format!(
                "Stytch created the client {id}, but its secret could not be kept ({}), and deleting the client \
                 failed too ({})",
                cause.message, e.message
            ),
        )
        .field("cause", cause.kind.name())
        .recovery(recovery_steps(&quote(id.as_str())))
        .hint("a client whose secret nobody holds can get no token; delete it so it does not linger"),
    }
}

/// Deletes the client, journaled. A client already gone is deleted too.
async fn delete(ctx: &mut Context<'_>, id: &ClientId, detail: &str) -> Result<()> {
    let mut facts = Facts {
        detail: Some(detail.to_owned()),
        ..Facts::default()
    };
    ctx.rec.intent(ctx.ui, Action::Delete, facts.clone());
    match ctx.client.delete_client(id).await {
        Ok(answer) => {
            facts.request_id = Some(answer.request_id);
            ctx.rec.ok(ctx.ui, Action::Delete, facts);
            Ok(())
        }
        Err(e) if e.kind == ErrorKind::ClientNotFound => {
            facts.detail = Some(format!("{detail}: it was already gone"));
            ctx.rec.ok(ctx.ui, Action::Delete, facts);
            Ok(())
        }
        Err(e) => {
            ctx.rec.failed(ctx.ui, Action::Delete, &e, facts);
            Err(e)
        }
    }
}

/// One read of the id.
async fn read(ctx: &mut Context<'_>, id: &ClientId) -> Seen {
    match ctx.client.get_client(id).await {
        Ok(answer) => made_here(&answer),
        Err(e) if e.kind == ErrorKind::ClientNotFound => Seen::Absent(None),
        Err(e) => Seen::Unread(e.message),
    }
}

/// Reads the id every [`POLL`] for a settle window: `--timeout` again (at most [`MAX_SETTLE`]),
/// or after a signal [`SIGNAL_BUDGET`]. A second signal ends it at once.
async fn watch(ctx: &mut Context<'_>, id: &ClientId, signalled: bool) -> Seen {
    let started = Instant::now();
    let window = if signalled {
        SIGNAL_BUDGET
    } else {
        ctx.client.timeout().min(MAX_SETTLE)
    };
    let end = started + window;
    ctx.ui.info(format!(
        "watching for client {id} for up to {:.0} s: Stytch can still commit a request its caller gave up on",
        window.as_secs_f64()
    ));
    let (mut last_error, mut seen_once) = (None, false);
    loop {
        let read = ctx.interrupts.guard(ctx.client.get_client(id), |e| e).await;
        match read {
            Ok(answer) => return made_here(&answer),
            Err(e) if e.kind == ErrorKind::ClientNotFound => seen_once = true,
            Err(e) if e.is_signal() => {
                return Seen::Unread(format!("{} while watching for it", e.message))
            }
            Err(e) => last_error = Some(e.message),
        }
        let now = Instant::now();
        if now + POLL > end {
            return match (seen_once, last_error) {
                (true, _) => Seen::Absent(Some(now - started)),
                (false, why) => Seen::Unread(why.unwrap_or_else(|| "no time was left".into())),
            };
        }
        let nap = async {
            tokio::time::sleep(POLL).await;
            Ok(())
        };
        if let Err(e) = ctx.interrupts.guard(nap, |e| e).await {
            return Seen::Unread(format!("{} while watching for it", e.message));
        }
    }
}

/// The key in `trusted_metadata` that names the run which created the client: a client found
/// after a create with no answer is deleted only when it carries this run's id.
pub(super) const MADE_BY: &str = "stytch_m2m_created_by";

/// `Created` when the client carries this run's mark, else `Foreign`.
fn made_here(answer: &crate::stytch::models::ClientAnswer) -> Seen {
    let run = crate::journal::process::run_id();
    match answer
        .client
        .trusted_metadata
        .get(MADE_BY)
        .and_then(|v| v.as_str())
    {
        Some(mark) if mark == run => Seen::Created,
        _ => Seen::Foreign,
    }
}
