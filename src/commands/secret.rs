//! `secret get` and `secret delete`: the keyring entries that `rotate start --keyring` and
//! `rotate complete` keep, for scripts.

use serde_json::json;

use crate::cli::{SecretArgs, SecretDeleteArgs};
use crate::commands::{block_on, Session};
use crate::error::{Error, ErrorKind, Result};
use crate::shell::quote;
use crate::store::keyring::Keyring;
use crate::store::Slot;
use crate::stytch::{ClientId, ProjectId};

fn target(session: &Session, args: &SecretArgs) -> Result<(ProjectId, ClientId, Slot)> {
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
