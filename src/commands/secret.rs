//! `secret get`, `secret delete` and `secret verify`: the keyring entries that `rotate start
//! --keyring` and `rotate complete` keep, for scripts, and the proof that a secret works.

use std::path::Path;

use serde_json::json;

use crate::cli::{SecretArgs, SecretDeleteArgs, SecretVerifyArgs};
use crate::commands::Session;
use crate::error::{Error, ErrorKind, Result};
use crate::redacted::Secret;
use crate::runtime::block_on;
use crate::sanitize::sanitize;
use crate::shell::quote;
use crate::store::keyring::Keyring;
use crate::store::Slot;
use crate::stytch::models::TokenAnswer;
use crate::stytch::{self, Client, ClientId, ProjectId};

pub(crate) fn target(session: &Session, args: &SecretArgs) -> Result<(ProjectId, ClientId, Slot)> {
    let id = ClientId::parse(&args.client.client_id)?;
    let project = session.project_id()?;
    let slot = if args.next { Slot::Next } else { Slot::Current };
    Ok((project, id, slot))
}

/// `secret get`: a stored secret on stdout.
pub fn get(session: &Session, args: SecretArgs) -> Result<()> {
    let (project, id, slot) = target(session, &args)?;
    let ui = session.ui;
    block_on(async {
        let keyring = Keyring::open(session.keyring_timeout()).await?;
        let Some(secret) = keyring.get(&slot.user(&project, &id)).await? else {
            return Err(missing_entry(&project, &id, slot));
        };
        if ui.stdout_is_terminal() {
            ui.warn("the secret will stay in this terminal's scrollback");
        }
        if ui.json {
            return ui.json_data(&json!({
                "client_id": id.as_str(),
                "slot": if slot == Slot::Next { "next" } else { "current" },
                "secret": secret.expose(),
            }));
        }
        ui.data(secret.expose()).map_err(crate::ui::stdout_error)
    })
}

/// `secret delete`.
pub fn delete(session: &Session, args: SecretDeleteArgs) -> Result<()> {
    let (project, id, slot) = target(session, &args.secret)?;
    let ui = session.ui;
    let again = format!(
        "stytch-m2m secret delete --client-id {}{} --yes",
        quote(id.as_str()),
        if args.secret.next { " --next" } else { "" }
    );
    ui.confirmable(args.yes, &again)?;
    block_on(async {
        let keyring = Keyring::open(session.keyring_timeout()).await?;
        let user = slot.user(&project, &id);
        if keyring.get(&user).await?.is_none() {
            return Err(missing_entry(&project, &id, slot));
        }
        ui.confirm_step(
            args.yes,
            &format!(
                "Delete the {}? It cannot be recovered.",
                slot.describe(&project, &id)
            ),
            &again,
        )?;
        if !keyring.delete(&user).await? {
            return Err(missing_entry(&project, &id, slot));
        }
        if ui.json {
            return ui.json_data(
                &json!({ "deleted": { "service": crate::store::SERVICE, "username": user } }),
            );
        }
        ui.info(format!("Deleted the {}.", slot.describe(&project, &id)));
        Ok(())
    })
}

fn missing_entry(project: &ProjectId, id: &ClientId, slot: Slot) -> Error {
    Error::new(
        ErrorKind::SecretNotFound,
        format!("there is no {}", slot.describe(project, id)),
    )
    .hint("only `rotate start --keyring` stores secrets there; check --client-id and STYTCH_PROJECT_ID")
}

/// A client for the token endpoint alone. It takes the client's secret, not the project's, so no
/// project secret is needed or asked for.
pub fn token_client(session: &Session) -> Result<Client> {
    let creds = session.credentials()?;
    creds.live_over_http()?;
    let refusal = creds.keyring_destination().err();
    let (base_url, _) = creds.base_url?;
    Client::new(stytch::Config {
        base_url,
        project_id: creds.project_id,
        secret: Secret::new(String::new()),
        timeout: session.global.timeout,
        ca_cert: session.global.ca_cert.clone(),
    })
    .map(|client| client.with_keyring_refusal(refusal))
}

/// `secret verify`: asks the token endpoint whether a secret works. Ok is exit 0; a secret that
/// gets no token is exit 9.
pub fn verify(session: &Session, args: SecretVerifyArgs) -> Result<()> {
    let (project, id, slot) = target(session, &args.secret)?;
    let client = token_client(session)?;
    let given = given_secret(
        session,
        args.from_file.as_deref(),
        args.from_stdin,
        &format!("the client secret of {id} to verify"),
        "nothing was verified",
    )?;
    session.run(client, |mut ctx| async move {
        let (secret, source) =
            given_or_stored(&mut ctx, given, (&project, &id, slot), "verify").await?;
        let token = ctx.client.token(&id, &secret);
        let outcome = ctx.interrupts.guard(token, |e| e).await;
        let four = sanitize(&secret.last_four());
        verdict(
            ctx.ui,
            &id,
            slot,
            &format!("the secret ending {four} ({source})"),
            outcome,
        )
    })
}

/// The secret from `--from-file` or `--from-stdin`, read before anything is sent.
pub(crate) fn given_secret(
    session: &Session,
    from_file: Option<&Path>,
    from_stdin: bool,
    what: &str,
    nothing_done: &str,
) -> Result<Option<(Secret, String)>> {
    let (secret, source) = if let Some(path) = from_file {
        (
            read_file(path)?,
            format!("from {}", sanitize(&path.display().to_string())),
        )
    } else if from_stdin {
        (
            crate::config::read_secret_stdin(session.ui, what)?,
            "from stdin".to_owned(),
        )
    } else {
        return Ok(None);
    };
    if secret.is_empty() {
        return Err(Error::new(
            ErrorKind::EmptyInput,
            format!("the secret {source} is empty; {nothing_done}"),
        )
        .hint("give the client secret itself"));
    }
    Ok(Some((secret, source)))
}

fn read_file(path: &Path) -> Result<Secret> {
    std::fs::read_to_string(path)
        .map(Secret::from_input)
        .map_err(|e| {
            Error::new(
                ErrorKind::SecretFileUnreadable,
                format!(
                    "could not read a secret from {}: {e}",
                    sanitize(&path.display().to_string())
                ),
            )
            .hint("pass a file that holds the secret, e.g. one `rotate start --secret-file` wrote")
        })
}

/// The secret given (`--from-file`, `--from-stdin`), else the keyring's entry for `slot`, and
/// where it came from; a keyring secret only if it may go to this client's base URL.
pub(crate) async fn given_or_stored(
    ctx: &mut crate::rotation::Context<'_>,
    given: Option<(Secret, String)>,
    (project, id, slot): (&ProjectId, &ClientId, Slot),
    verb: &str,
) -> Result<(Secret, String)> {
    if let Some(given) = given {
        return Ok(given);
    }
    ctx.client.keyring_secrets_allowed()?;
    let read = stored_for(ctx.keyring_timeout, project, id, slot, verb);
    let secret = ctx.interrupts.guard(read, |e| e).await?;
    Ok((secret, slot.describe(project, id)))
}

/// The keyring's entry for `slot`; no entry is exit 8 (a store failure), never a rejection. The
/// hint suggests `secret verify` (`verb` "verify") or `token` ("use") with a copy instead.
async fn stored_for(
    timeout: std::time::Duration,
    project: &ProjectId,
    id: &ClientId,
    slot: Slot,
    verb: &str,
) -> Result<Secret> {
    let instead = format!("{verb} a copy of the secret with --from-file PATH or --from-stdin");
    let instead = instead.as_str();
    let command = if verb == "verify" {
        "secret verify"
    } else {
        "token"
    };
    let keyring = Keyring::open(timeout)
        .await
        .map_err(|e| e.without_keyring(instead))?;
    let entry = keyring.get(&slot.user(project, id)).await;
    match entry.map_err(|e| e.without_keyring(instead))? {
        Some(secret) => Ok(secret),
        None => Err(missing_entry(project, id, slot).hint(format!(
            "only `rotate start --keyring` and `rotate complete` store secrets there; to {verb} a secret kept elsewhere, pass --from-file PATH or --from-stdin (`stytch-m2m {command} --client-id {}{} --from-stdin`)",
            quote(id.as_str()),
            if slot == Slot::Next { " --next" } else { "" }
        ))),
    }
}

/// Ok or rejected, as a line (or `--json`'s object on stdout); a rejection is exit 9.
fn verdict(
    ui: &crate::ui::Ui,
    id: &ClientId,
    slot: Slot,
    what: &str,
    outcome: Result<TokenAnswer>,
) -> Result<()> {
    let slot_name = if slot == Slot::Next {
        "next"
    } else {
        "current"
    };
    let mut err = match outcome {
        Ok(answer) => {
            if ui.json {
                return ui.json_data(&json!({
                    "client_id": id.as_str(), "slot": slot_name, "ok": true,
                    "request_id": answer.request_id.as_deref().map(sanitize),
                }));
            }
            ui.info(format!("ok: {what} gets an access token for {id}."));
            return Ok(());
        }
        Err(e) if e.kind == ErrorKind::VerificationFailed => e,
        Err(e) => return Err(e),
    };
    err.message = format!(
        "rejected: {what} gets no access token for {id}: {}",
        err.message
    );
    let qid = quote(id.as_str());
    err = err.hint(format!(
        "it is not a working secret of this client (a rotation completed or was cancelled since?): \
         `stytch-m2m rotate status --client-id {qid}` shows the last four of the secrets that work"
    ));
    if ui.json {
        let request_id = err.stytch.as_ref().and_then(|s| s.request_id.clone());
        ui.json_data(&json!({
            "client_id": id.as_str(), "slot": slot_name, "ok": false,
            "request_id": request_id, "error": err.kind.name(), "message": err.message,
        }))?;
        err.reported = true;
    }
    Err(err)
}
