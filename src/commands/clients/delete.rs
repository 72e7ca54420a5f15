//! `clients delete`: read the client (none: exit 4, no question), ask, delete. Its secrets stop
//! getting tokens; tokens already issued stay valid until they expire. The step `clients create`
//! prints when a client it made may be left with a secret nobody holds.

use crate::cli::{ClientDeleteArgs, JournalArgs};
use crate::commands::Session;
use crate::error::{ErrorKind, Result, Step};
use crate::journal::Action;
use crate::rotation::journaled::{Facts, Recorder};
use crate::sanitize::sanitize;
use crate::shell::quote;
use crate::stytch::ClientId;

pub fn run(session: &Session, args: ClientDeleteArgs) -> Result<()> {
    let id = ClientId::parse(&args.client.client_id)?;
    let qid = quote(id.as_str());
    let again = format!("stytch-m2m clients delete --client-id {qid} --yes");
    session.ui.confirmable(args.yes, &again)?;
    let client = session.client()?;
    // A record on a client that is about to go is of no use to anyone.
    let journal = JournalArgs::unrecorded(&args.lock);
    let rec = Recorder::open(&journal, &client, &id, "clients delete")?;
    session.run_recorded(client, rec, |mut ctx| async move {
        let seen = ctx
            .interrupts
            .guard(ctx.client.get_client(&id), |e| e)
            .await?;
        let c = &seen.client;
        // Another run rotating it (its lease live on the record) is not pulled out from under.
        if let Some(theirs) = c.record() {
            if theirs.run_id != crate::journal::process::run_id()
                && theirs.leased_at(ctx.client.server_now())
            {
                return Err(crate::rotation::on_client::leased(&id, &theirs));
            }
        }
        ctx.ui.confirm_step(
            args.yes,
            &format!(
                "Delete client {id} ({}, secret ending {})? Its secrets stop getting tokens; this cannot be undone.",
                sanitize(&c.client_name),
                sanitize(&c.client_secret_last_four)
            ),
            &again,
        )?;
        let mut facts = Facts {
            secret_last_four: Some(c.client_secret_last_four.clone()),
            next_last_four: c.next_client_secret_last_four.clone(),
            ..Facts::default()
        };
        ctx.rec.intent(ctx.ui, Action::Delete, facts.clone());
        let answer = ctx
            .interrupts
            .guard(ctx.client.delete_client(&id), |e| e)
            .await;
        let answer = match answer {
            Ok(answer) => answer,
            Err(e) => {
                ctx.rec.failed(ctx.ui, Action::Delete, &e, facts);
                return Err(if e.kind == ErrorKind::OutcomeUnknown || e.is_signal() {
                    e.recovery(vec![Step::run(again).note(
                        "it reads the client first: \"no M2M client\" (exit 4) means this delete went through",
                    )])
                } else {
                    e
                });
            }
        };
        facts.request_id = Some(answer.request_id);
        ctx.rec.ok(ctx.ui, Action::Delete, facts);
        if ctx.ui.json {
            ctx.ui
                .json_data(&serde_json::json!({ "client_id": id.as_str(), "deleted": true }))?;
        }
        ctx.ui.info(format!(
            "Deleted client {id}: its secrets get no more tokens. A keyring entry of its secret, if any, can go too: \
             stytch-m2m secret delete --client-id {qid} --yes"
        ));
        Ok(())
    })
}
