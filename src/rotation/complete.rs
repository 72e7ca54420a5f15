//! Completing one client's rotation (`rotate complete`, `rotate run`, a fleet's `complete`):
//! which secret proves the pending one ([`Proof`]) and where it is read from, the proof itself
//! (it must be the pending one and get a token), and the keyring entry promoted afterwards.

use std::path::PathBuf;

use super::Context;
use crate::error::{Error, ErrorKind, Result};
use crate::redacted::Secret;
use crate::sanitize::sanitize;
use crate::shell::quote;
use crate::store::keyring::Keyring;
use crate::store::Slot;
use crate::stytch::ClientId;

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

/// Where `rotate start` kept the secret that is current now, if this machine can still read it:
/// its file, or the keyring's current entry (where `rotate complete` promoted it).
pub(crate) async fn kept_copy(ctx: &Context<'_>, id: &ClientId, current: &str) -> Option<Secret> {
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
pub(crate) fn from_journal(ctx: &Context<'_>, pending_four: &str) -> Result<Proof> {
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
        Some("keyring") => format!(
            "; this machine's journal says `rotate start` kept it in the keyring (`stytch-m2m secret get --client-id {qid} --next`)"
        ),
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
