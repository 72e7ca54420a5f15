//! `clients list`: the project's M2M clients (or the selected ones) with their rotation state,
//! from searches only: a table sorted by id with a count line, or one JSON object a line.
//! `clients create` and `clients delete` live in modules of their own.

pub mod create;
pub mod delete;
mod settle;

use serde_json::json;

use crate::cli::ListArgs;
use crate::commands::Session;
use crate::error::{Error, ErrorKind, Result};
use crate::fleet::progress::render_table;
use crate::fleet::select::{self, Target};
use crate::runtime::block_on;
use crate::sanitize::sanitize;
use crate::signals::Interrupts;
use crate::stytch::models::M2mClient;

pub fn list(session: &Session, args: ListArgs) -> Result<()> {
    let mut selection = args.select;
    if selection.is_empty() {
        selection.all = true;
    }
    let ids = select::given_ids(&selection, session.global.secret_stdin)?;
    let client = session.client()?;
    let mut targets = block_on(async {
        let mut signals = Interrupts::install()?;
        select::resolve(&client, &selection, ids, true, &mut signals).await
    })?;
    targets.sort_by(|a, b| a.id.as_str().cmp(b.id.as_str()));
    let (found, missing): (Vec<Target>, Vec<Target>) =
        targets.into_iter().partition(|t| !t.missing);
    let out = if session.ui.json {
        found
            .iter()
            .filter_map(|t| t.seen.as_ref().map(|c| format!("{}\n", to_json(t, c))))
            .collect::<String>()
    } else {
        let clients: Vec<M2mClient> = found.into_iter().filter_map(|t| t.seen).collect();
        table(&clients)
    };
    crate::ui::listing_written(session.ui.data(&out))?;
    if missing.is_empty() {
        return Ok(());
    }
    for t in &missing {
        session.ui.warn(format!(
            "Stytch has no M2M client {} in project {}",
            t.id,
            client.project_id()
        ));
    }
    Err(Error::new(
        ErrorKind::SomeFailed,
        format!("{} of the clients given were not found", missing.len()),
    )
    .hint("check the ids, and that STYTCH_PROJECT_ID is the project that owns them"))
}

fn to_json(t: &Target, c: &M2mClient) -> serde_json::Value {
    let mut value = json!({
        "client_id": c.client_id,
        "client_name": c.client_name,
        "status": c.status,
        "scopes": c.scopes,
        "secret_last_four": c.client_secret_last_four,
        "next_secret_last_four": c.next_client_secret_last_four,
    });
    if let Some(r) = c.trusted_metadata.get(crate::stytch::record::KEY) {
        value["record"] = r.clone();
    }
    if t.age_unknown {
        value["age_unknown"] = true.into();
    }
    value
}

/// The table, then `N clients, M with a rotation pending`.
fn table(clients: &[M2mClient]) -> String {
    let rows: Vec<[String; 6]> = clients
        .iter()
        .map(|c| {
            [
                sanitize(&c.client_id),
                sanitize(&c.client_name),
                sanitize(&c.status),
                format!("…{}", sanitize(&c.client_secret_last_four)),
                c.next_client_secret_last_four
                    .as_deref()
                    .map_or("-".to_owned(), |n| format!("…{}", sanitize(n))),
                last_rotated(c),
            ]
        })
        .collect();
    let header = [
        "CLIENT ID",
        "NAME",
        "STATUS",
        "SECRET",
        "PENDING",
        "LAST ROTATED",
    ]
    .map(str::to_owned);
    let pending = clients.iter().filter(|c| c.rotation_pending()).count();
    let noun = if clients.len() == 1 {
        "client"
    } else {
        "clients"
    };
    let mut out = if clients.is_empty() {
        String::new()
    } else {
        render_table(&header, &rows)
    };
    out.push_str(&format!(
        "{} {noun}, {pending} with a rotation pending\n",
        clients.len()
    ));
    out
}

/// The day of the last rotation the record on the client (`--record`) shows (`unknown` without
/// one), and a rotation the record shows in progress, with its step and run.
fn last_rotated(c: &M2mClient) -> String {
    let record = c.record();
    let day = record
        .as_ref()
        .and_then(|r| r.last_rotated_at.as_deref())
        .map_or("unknown".to_owned(), |at| {
            sanitize(at.get(..10).unwrap_or(at))
        });
    match record {
        Some(r) if r.state == crate::stytch::record::State::Rotating => format!(
            "{day} (rotating: {}, run {})",
            sanitize(r.step.as_deref().unwrap_or("?")),
            sanitize(r.run_id.get(..8).unwrap_or(&r.run_id))
        ),
        _ => day,
    }
}
