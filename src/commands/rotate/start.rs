//! `rotate start`: one client, or many handed to the fleet. For one client: check
//! `--expect-secret-last-four`, pre-flight the destination, mint, deliver (all in
//! [`crate::rotation::start`]), journal each step, and say where the secret is.

use serde_json::json;

use super::{check_expected, warn_odd};
use crate::cli::StartArgs;
use crate::commands::Session;
use crate::error::Result;
use crate::inflight;
use crate::journal::Action;
use crate::rotation::journaled::{Facts, Recorder};
use crate::rotation::start::{deliver, mint, preflight, Destination};
use crate::rotation::{answer_json, Context};
use crate::sanitize::sanitize;
use crate::shell::quote;
use crate::store::Slot;
use crate::stytch::models::StartAnswer;
use crate::stytch::ClientId;

pub fn run(session: &Session, args: StartArgs) -> Result<()> {
    let one = args.client.single().map(str::to_owned);
    match one {
        Some(id) if !args.fleet.given() && !args.dry_run && args.custody.secret_dir.is_none() => {
            start_one(session, &id, args)
        }
        _ => super::many::start(session, args),
    }
}

fn start_one(session: &Session, id: &str, args: StartArgs) -> Result<()> {
    let id = ClientId::parse(id)?;
    let client = session.client()?;
    let rec = Recorder::open(&args.journal, &client, &id, "rotate start")?;
    session.run_recorded(client, rec, |mut ctx| async move {
        let expect = args.expect_secret_last_four.as_deref();
        let current = match expect {
            Some(_) => {
                let seen = ctx
                    .interrupts
                    .guard(ctx.client.get_client(&id), |e| e)
                    .await?;
                let four = seen.client.client_secret_last_four;
                check_expected("current secret", expect, Some(&four))?;
                Some(four)
            }
            None => None,
        };
        let mut dest = preflight(
            &mut ctx,
            args.custody.keyring,
            args.custody.secret_file,
            false,
        )
        .await?;
        let mut facts = Facts {
            secret_last_four: current,
            destination: Some(dest.name()),
            ..Facts::default()
        };
        ctx.rec.intent(ctx.ui, Action::Start, facts.clone());
        let minted = match mint(&mut ctx, &id).await {
            Ok(minted) => minted,
            Err(e) => {
                dest.abandon();
                ctx.rec.failed(ctx.ui, Action::Start, &e, facts);
                return Err(e);
            }
        };
        let held = inflight::hold(id.as_str(), &minted.next_secret);
        warn_odd(&ctx, &minted.answer);
        let stored = deliver(&mut ctx, &id, &mut dest, &minted).await;
        drop(held);
        crate::inflight::test_panic_point("after-deliver");
        facts.request_id = Some(minted.answer.request_id.clone());
        facts.secret_last_four = Some(minted.answer.client.client_secret_last_four.clone());
        facts.next_last_four = Some(minted.next_secret.last_four());
        match &stored {
            Ok(_) => ctx.rec.ok(ctx.ui, Action::Start, facts),
            Err(e) => {
                facts.destination = e.undelivered_secret.then(|| "stdout".to_owned());
                ctx.rec.failed(ctx.ui, Action::Start, e, facts);
            }
        }
        report(&ctx, &id, &dest, &minted, &stored?)
    })
}

/// The result: JSON on stdout for custody destinations, the next step on stderr for people.
fn report(
    ctx: &Context<'_>,
    id: &ClientId,
    dest: &Destination,
    minted: &StartAnswer,
    stored: &str,
) -> Result<()> {
    let project = ctx.client.project_id();
    let qid = quote(id.as_str());
    let (stored_in, proof) = match dest {
        Destination::Stdout | Destination::Memory => (None, " --next-secret-stdin".to_owned()),
        Destination::Keyring(_) => (
            Some(
                json!({ "keyring": { "service": crate::store::SERVICE, "username": Slot::Next.user(project, id) } }),
            ),
            String::new(),
        ),
        Destination::File(file) => (
            Some(json!({ "file": file.path().display().to_string() })),
            format!(
                " --next-secret-file {}",
                quote(&file.path().display().to_string())
            ),
        ),
    };
    if let (true, Some(stored_in)) = (ctx.ui.json, stored_in) {
        let mut result = answer_json(&minted.answer, None);
        result["secret_stored_in"] = stored_in;
        ctx.ui.json_data(&result)?;
    }
    let next = minted.next_secret.last_four();
    ctx.ui.info(format!(
        "Started rotation for {id}: the next secret (ending {}) {stored}. It will not be shown by Stytch again.\n\
         Both secrets work now. Once every consumer uses the new one, run:\n  \
         stytch-m2m rotate complete --client-id {qid}{proof}\n\
         To discard it instead: stytch-m2m rotate cancel --client-id {qid}",
        sanitize(&next)
    ));
    Ok(())
}
