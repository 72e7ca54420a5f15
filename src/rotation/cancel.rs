//! Cancelling one client's rotation (`rotate cancel`, `rotate run`, a fleet's `cancel`): what is
//! pending, the refusal to discard a secret a deploy was given, the keyring entry and the file
//! the discarded secret leaves behind.

use super::Context;
use crate::error::{Error, ErrorKind, Result};
use crate::sanitize::sanitize;
use crate::shell::quote;
use crate::store::keyring::Keyring;
use crate::store::Slot;
use crate::stytch::ClientId;

/// A secret a `rotate run` on this machine began to deploy may be in use by its consumers:
/// cancelling it would cut them off, so it takes `--even-if-deployed` (#23.8).
pub(crate) fn refuse_if_deployed(
    ctx: &Context<'_>,
    history: &crate::journal::History,
    id: &ClientId,
    next: &str,
    even: bool,
) -> Result<()> {
    let project = ctx.client.project_id().as_str();
    let Some(deploy) = history.first_deploy(project, id.as_str(), next) else {
        return Ok(());
    };
    if even {
        return Ok(());
    }
    Err(Error::new(
        ErrorKind::Deployed,
        format!(
            "the pending secret of {id} (ending {next}) was handed to a deploy command by a `rotate run` on this \
             machine (run {}, at {}); its consumers may use it, so it was not cancelled; nothing was sent",
            sanitize(&deploy.run_id),
            sanitize(&deploy.time)
        ),
    )
    .hint(format!(
        "finish the rotation with that `rotate run` command and --resume; to discard the secret anyway, once no \
         consumer uses it: `stytch-m2m rotate cancel --client-id {} --yes --expect-next-last-four {} --even-if-deployed`",
        quote(id.as_str()),
        quote(next)
    )))
}

/// The file that `rotate start --secret-file` or `--secret-dir` wrote the discarded secret
/// ending `next` to, if the journal names one and it is still there.
pub(crate) fn dead_file(ctx: &Context<'_>, next: &str) -> Option<String> {
    let dest = ctx.rec.pending_destination(next)?;
    let path = dest.strip_prefix("file:")?;
    std::path::Path::new(path).exists().then(|| path.to_owned())
}

pub(crate) async fn pending(ctx: &mut Context<'_>, id: &ClientId) -> Result<String> {
    let seen = ctx
        .interrupts
        .guard(ctx.client.get_client(id), |e| e)
        .await?;
    match seen.client.next_client_secret_last_four {
        Some(four) => Ok(sanitize(&four)),
        None => Err(Error::new(
            ErrorKind::NotRotating,
            format!("client {id} has no secret rotation in progress; nothing to cancel"),
        )
        .hint("if an earlier cancel or complete ended without an answer, it went through")),
    }
}

/// The discarded secret is worthless now; remove its keyring entry if there is one. A machine
/// without a keyring simply has none.
pub(crate) async fn remove_entry(ctx: &Context<'_>, id: &ClientId) -> bool {
    let user = Slot::Next.user(ctx.client.project_id(), id);
    let Ok(keyring) = Keyring::open(ctx.keyring_timeout).await else {
        return false;
    };
    match keyring.delete(&user).await {
        Ok(removed) => removed,
        Err(e) => {
            ctx.ui.warn(format!(
                "the rotation was cancelled, but its keyring entry could not be removed: {}",
                e.message
            ));
            false
        }
    }
}
