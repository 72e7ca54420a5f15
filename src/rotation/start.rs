//! A new secret for one client (`rotate start`, `rotate run`, a fleet's `start`): pre-flight the
//! destination, mint ([`mint`]), deliver. From the answer on, the process
//! holds the only copy of the new secret there will ever be: no signal is acted on until it is
//! handed over, a panic hands it over from the hook (`inflight`), and a secret that cannot be
//! handed over anywhere is cancelled.

use std::path::PathBuf;

use super::{answer_json, Context};
use crate::error::{Error, ErrorKind, Result, Step};
use crate::redacted::Secret;
use crate::sanitize::sanitize;
use crate::shell::quote;
use crate::store::file::SecretFile;
use crate::store::keyring::Keyring;
use crate::store::Slot;
use crate::stytch::models::StartAnswer;
use crate::stytch::ClientId;

pub(crate) use super::mint::mint;

/// Where the new secret goes, once it passed pre-flight.
pub(crate) enum Destination {
    Stdout,
    Keyring(Keyring),
    File(SecretFile),
    /// `rotate run` without custody: only this process holds it, until the deploy hands it on.
    Memory,
}

impl Destination {
    /// How the journal names it: `stdout`, `keyring`, `file:/absolute/path` or `memory`.
    pub(crate) fn name(&self) -> String {
        match self {
            Destination::Stdout => "stdout".into(),
            Destination::Keyring(_) => "keyring".into(),
            Destination::File(file) => format!("file:{}", file.path().display()),
            Destination::Memory => "memory".into(),
        }
    }

    /// Gives back a reserved file when no secret is coming.
    pub(crate) fn abandon(self) {
        if let Destination::File(file) = self {
            file.abandon();
        }
    }
}

/// Every destination is proven usable before anything is minted. Without one, the secret goes
/// to stdout (`rotate start`) or stays in memory (`rotate run`).
pub(crate) async fn preflight(
    ctx: &mut Context<'_>,
    keyring: bool,
    file: Option<PathBuf>,
    memory: bool,
) -> Result<Destination> {
    if keyring {
        let timeout = ctx.keyring_timeout;
        let opened = async {
            let keyring = Keyring::open(timeout).await?;
            keyring.probe().await?;
            Ok(keyring)
        };
        let keyring = ctx
            .interrupts
            .guard(opened, |e| e)
            .await
            .map_err(|e| {
                e.context("pre-flight failed, so no rotation was started")
                    .without_keyring(if memory {
                        "leave out --keyring (the run then holds the secret in memory only), or use --secret-file PATH"
                    } else {
                        "leave out --keyring (the secret goes to stdout), or use --secret-file PATH"
                    })
            })?;
        return Ok(Destination::Keyring(keyring));
    }
    if let Some(path) = file {
        return Ok(Destination::File(SecretFile::reserve(&path)?));
    }
    if memory {
        return Ok(Destination::Memory);
    }
    if ctx.ui.stdout_is_terminal() {
        ctx.ui.warn(
            "the new secret will be printed on this terminal and stay in its scrollback; \
             pipe it into a secret manager instead, or use --keyring or --secret-file PATH",
        );
    }
    Ok(Destination::Stdout)
}

/// Reads the client: nothing pending means nothing took effect (safe to run again); a pending
/// rotation this process never received holds a secret nobody has, so it is cancelled
/// ([`super::mint::cancel_unreceived`]).
pub(super) async fn find_out(ctx: &mut Context<'_>, id: &ClientId, cause: Error) -> Error {
    let client = &ctx.client;
    let look = async {
        let seen = client.get_client(id).await?;
        let Some(four) = seen.client.next_client_secret_last_four else {
            return Ok(None);
        };
        let four = sanitize(&four);
        if let Some(theirs) = another_runs(&seen.raw_client, &four) {
            return Ok(Some(Err(theirs)));
        }
        Ok(Some(Ok(four)))
    };
    match ctx.interrupts.guard(look, |e| e).await {
        Ok(None) => {
            let kind = if cause.is_signal() {
                cause.kind
            } else {
                ErrorKind::StytchError
            };
            cause
                .with_kind(kind)
                .context(format!("asked again, Stytch shows no rotation pending for {id}, so it did not take effect"))
                .hint("it is safe to run the same command again")
        }
        Ok(Some(Err(theirs))) => cause
            .with_kind(ErrorKind::OutcomeUnknown)
            .context(theirs.message)
            .hint(format!(
                "this process's start most likely did not take effect; see `stytch-m2m rotate status --client-id {}`",
                quote(id.as_str())
            )),
        // Journaled as every request is: the intent first, then its outcome.
        Ok(Some(Ok(four))) => super::mint::cancel_unreceived(ctx, id, cause, &four).await,
        Err(e) => recovery(cause, id, &e.message),
    }
}

/// When the record on the client (`--record`) shows another run rotating it with this pending
/// secret, that run holds it: never cancelled. The error says whose it is and sends nothing.
pub(super) fn another_runs(raw_client: &serde_json::Value, four: &str) -> Option<Error> {
    let metadata = raw_client.get("trusted_metadata")?;
    let crate::stytch::record::Found::Trusted(r) = crate::stytch::record::read(metadata) else {
        return None;
    };
    let ours = r.run_id == crate::journal::process::run_id();
    (!ours && r.next_secret_last_four.as_deref() == Some(four)).then(|| {
        Error::new(
            ErrorKind::OutcomeUnknown,
            format!(
                "the pending secret (ending {four}) is another run's, as the record on the client says: {}; it was not cancelled",
                r.holder()
            ),
        )
    })
}

/// Finding out failed too: the steps that do it by hand.
pub(super) fn recovery(cause: Error, id: &ClientId, why: &str) -> Error {
    let qid = quote(id.as_str());
    cause
        .context(format!(
            "`rotate start` was in flight: Stytch may have minted a next secret that was never received \
             and can never be shown again, and finding out failed ({why})"
        ))
        .recovery(find_out_by_hand(&qid))
        .hint("until it is cancelled, the unseen secret is valid for this client")
}

/// After a start whose outcome is unknown: look, discard a pending secret nobody holds, start
/// again.
fn find_out_by_hand(qid: &str) -> Vec<Step> {
    vec![
        Step::run(format!("stytch-m2m rotate status --client-id {qid}"))
            .note("is a next secret pending?"),
        Step::run(format!("stytch-m2m rotate cancel --client-id {qid} --yes"))
            .when("a next secret is pending")
            .note("nobody holds it"),
        Step::run(format!("stytch-m2m rotate start --client-id {qid}"))
            .note("with the destination you meant"),
    ]
}

/// Hands the secret over and says where it is.
pub(crate) async fn deliver(
    ctx: &mut Context<'_>,
    id: &ClientId,
    dest: &mut Destination,
    minted: &StartAnswer,
) -> Result<String> {
    if let Destination::Stdout = dest {
        return match write_secret(ctx, minted) {
            Ok(()) => Ok("was written to stdout".to_owned()),
            Err(e) => {
                let why = format!("it could not be written to stdout ({e})");
                Err(undeliverable(ctx, id, &why).await)
            }
        };
    }
    match store(ctx, id, dest, &minted.next_secret).await {
        Ok(stored) => Ok(stored),
        Err(e) => Err(store_failed(ctx, id, minted, e).await),
    }
}

/// Many clients: the secret goes where custody says, or the rotation is cancelled. A fleet
/// never prints a secret, so there is no stdout to fall back on.
pub(crate) async fn deliver_or_cancel(
    ctx: &mut Context<'_>,
    id: &ClientId,
    dest: &mut Destination,
    secret: &Secret,
) -> Result<String> {
    match store(ctx, id, dest, secret).await {
        Ok(stored) => Ok(stored),
        Err(e) => {
            let why = format!("storing it failed ({})", e.message);
            Err(undeliverable(ctx, id, &why).await)
        }
    }
}

/// Stores the secret in the keyring or the file (or keeps it in memory).
async fn store(
    ctx: &Context<'_>,
    id: &ClientId,
    dest: &mut Destination,
    secret: &Secret,
) -> Result<String> {
    let project = ctx.client.project_id().clone();
    match dest {
        Destination::Memory => Ok("is held by this process only".to_owned()),
        Destination::Stdout => Err(Error::internal("stdout is not a store")),
        Destination::Keyring(keyring) => {
            let (user, label) = (
                Slot::Next.user(&project, id),
                Slot::Next.label(&project, id),
            );
            keyring
                .put_verified(&user, &label, secret)
                .await
                .map(|()| format!("is in the {}", Slot::Next.describe(&project, id)))
        }
        Destination::File(file) => file.write_verified(secret).map(|()| {
            let path = sanitize(&file.path().display().to_string());
            format!("is in {path} (mode 0600)")
        }),
    }
}

/// The secret on stdout: the bare secret, or under `--json` the answer with it.
fn write_secret(ctx: &Context<'_>, minted: &StartAnswer) -> std::io::Result<()> {
    if ctx.ui.json {
        let value = answer_json(&minted.answer, Some(&minted.next_secret));
        ctx.ui.data(&value.to_string())
    } else {
        ctx.ui.data(minted.next_secret.expose())
    }
}

/// Storing failed after minting: the secret must still reach the user. It goes to stdout with a
/// loud warning and the command fails (exit 8), so a script notices and a person can save it.
async fn store_failed(
    ctx: &mut Context<'_>,
    id: &ClientId,
    minted: &StartAnswer,
    cause: Error,
) -> Error {
    ctx.ui.warn(format!(
        "storing the new secret failed: {}\n\
         THE NEW SECRET IS PRINTED BELOW ON STDOUT. It is the only copy: Stytch cannot show it again. Save it now.",
        cause.message
    ));
    if let Err(e) = write_secret(ctx, minted) {
        let why = format!(
            "storing it failed ({}) and it could not be written to stdout either ({e})",
            cause.message
        );
        return undeliverable(ctx, id, &why).await;
    }
    let qid = quote(id.as_str());
    let mut err = Error::new(
        ErrorKind::StoreFailedAfterMint,
        format!(
            "Stytch minted the next secret for {id}, but storing it failed ({}); it was printed on stdout instead",
            cause.message
        ),
    )
    .hint("put the printed secret where it belongs now: it is the only copy")
    .recovery(vec![
        Step::run(format!("stytch-m2m rotate complete --client-id {qid} --yes --next-secret-stdin"))
            .when("every consumer uses the printed secret")
            .note("give it on stdin"),
        Step::or(format!(
            "stytch-m2m rotate cancel --client-id {qid} --yes --expect-next-last-four {}",
            quote(&minted.next_secret.last_four())
        ))
        .when("you would rather discard it")
        .note("the current secret keeps working"),
    ]);
    err.undelivered_secret = true;
    err
}

/// A minted secret that could not be handed over is worthless and dangerous: cancel the
/// rotation so no secret nobody holds stays valid, and say exactly what happened.
async fn undeliverable(ctx: &mut Context<'_>, id: &ClientId, why: &str) -> Error {
    let qid = quote(id.as_str());
    let message = format!("Stytch minted the next secret for {id}, but {why}");
    match ctx.client.rotate_cancel(id).await {
        Ok(_) => Error::new(
            ErrorKind::SecretUndeliverable,
            format!("{message}; the rotation was cancelled, so no secret is left pending that nobody holds"),
        )
        .hint(format!("fix the destination, then run `stytch-m2m rotate start --client-id {qid}` again")),
        Err(cancel_err) => Error::new(
            ErrorKind::SecretUndeliverable,
            format!("{message}, and cancelling the rotation failed too ({})", cancel_err.message),
        )
        .recovery(find_out_by_hand(&qid)),
    }
}
