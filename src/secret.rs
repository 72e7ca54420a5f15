//! `secret get` and `secret delete`: the keyring entries that `rotate start --keyring` and
//! `rotate complete` keep, for scripts.

use std::time::Duration;

use serde_json::json;

use crate::error::{Error, Result};
use crate::exit_codes::ExitCode;
use crate::store::keyring::Keyring;
use crate::store::Slot;
use crate::stytch::{ClientId, ProjectId};
use crate::ui::Ui;

/// `secret get`: a stored secret on stdout.
pub async fn secret_get(
    ui: &Ui,
    keyring_timeout: Duration,
    project: &ProjectId,
    id: &ClientId,
    slot: Slot,
) -> Result<()> {
    let keyring = Keyring::open(keyring_timeout).await?;
    let Some(secret) = keyring.get(&slot.user(project, id)).await? else {
        return Err(missing_entry(project, id, slot));
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
}

/// `secret delete`.
pub async fn secret_delete(
    ui: &Ui,
    keyring_timeout: Duration,
    project: &ProjectId,
    id: &ClientId,
    slot: Slot,
) -> Result<()> {
    let keyring = Keyring::open(keyring_timeout).await?;
    if !keyring.delete(&slot.user(project, id)).await? {
        return Err(missing_entry(project, id, slot));
    }
    if ui.json {
        return ui.json_data(&json!({ "deleted": { "service": crate::store::SERVICE, "username": slot.user(project, id) } }));
    }
    ui.info(format!("Deleted the {}.", slot.describe(project, id)));
    Ok(())
}

fn missing_entry(project: &ProjectId, id: &ClientId, slot: Slot) -> Error {
    Error::new(
        ExitCode::Store,
        "secret_not_found",
        format!("there is no {}", slot.describe(project, id)),
    )
    .hint("only `rotate start --keyring` stores secrets there; check --client-id and STYTCH_PROJECT_ID")
}
