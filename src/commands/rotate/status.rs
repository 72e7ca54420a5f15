//! `rotate status`: whether a rotation is pending, the last four of each secret, the next step.

use super::answer_json;
use crate::cli::StatusArgs;
use crate::commands::Session;
use crate::error::Result;
use crate::journal::{self, StateDir};
use crate::sanitize::sanitize;
use crate::shell::quote;
use crate::stytch::models::ClientAnswer;
use crate::stytch::ClientId;

pub fn run(session: &Session, args: StatusArgs) -> Result<()> {
    crate::commands::record::warn_if_not_private(session.ui);
    match args.client.single() {
        Some(id) if !args.fleet.given() => status_one(session, id),
        _ => crate::commands::fleet::status(session, args),
    }
}

fn status_one(session: &Session, id: &str) -> Result<()> {
    let id = ClientId::parse(id)?;
    let client = session.client()?;
    session.run(client, |mut ctx| async move {
        let answer = ctx
            .interrupts
            .guard(ctx.client.get_client(&id), |e| e)
            .await?;
        super::warn_odd(&ctx, &answer);
        if ctx.ui.json {
            return ctx.ui.json_data(&answer_json(&answer, None));
        }
        let project = ctx.client.project_id().as_str();
        let dest = answer
            .client
            .next_client_secret_last_four
            .as_deref()
            .and_then(|four| {
                let dir = StateDir::from_env().ok()?;
                journal::read_history(&dir).ok()?.pending_destination(
                    project,
                    id.as_str(),
                    &sanitize(four),
                )
            });
        crate::ui::listing_written(ctx.ui.data(&render(&id, &answer, dest.as_deref())))
    })
}

/// `dest`: where the journal says `rotate start` put the pending secret (`stdout`, `keyring`,
/// `file:PATH`), which decides how `rotate complete` gets it.
fn render(id: &ClientId, answer: &ClientAnswer, dest: Option<&str>) -> String {
    let c = &answer.client;
    let qid = quote(id.as_str());
    let name = if c.client_name.is_empty() {
        String::new()
    } else {
        format!(" ({})", sanitize(&c.client_name))
    };
    let mut out = format!("client       {id}{name}\n");
    out.push_str(&format!("status       {}\n", sanitize(&c.status)));
    out.push_str(&format!(
        "secret       …{}\n",
        sanitize(&c.client_secret_last_four)
    ));
    match &c.next_client_secret_last_four {
        Some(next) if dest == Some("memory") => {
            let next = sanitize(next);
            out.push_str(&format!(
                "next secret  …{next} (rotation pending: both secrets work)\n\
                 next step    a `rotate run` holds this secret in memory only: it completes the\n\
                 \x20            rotation itself. If that run is gone, run its command again with\n\
                 \x20            --resume (it finds out where the run got to), or discard it:\n\
                 \x20              stytch-m2m rotate cancel --client-id {qid}\n"
            ));
        }
        Some(next) => {
            let next = sanitize(next);
            let (flag, note) = match dest {
                Some("stdout") => (
                    " --next-secret-stdin",
                    "(give it the secret `rotate start` printed, on stdin)",
                ),
                Some(d) if d == "keyring" || d.starts_with("file:") => {
                    ("", "(it reads the secret where `rotate start` kept it)")
                }
                _ => (
                    "",
                    "(add --next-secret-file PATH or --next-secret-stdin if it is not in the keyring)",
                ),
            };
            out.push_str(&format!(
                "next secret  …{next} (rotation pending: both secrets work)\n\
                 next step    once every consumer uses the secret ending {next}:\n\
                 \x20              stytch-m2m rotate complete --client-id {qid}{flag}\n\
                 \x20            {note}\n\
                 \x20            or, to discard it:\n\
                 \x20              stytch-m2m rotate cancel --client-id {qid}\n"
            ));
        }
        None => {
            out.push_str("next secret  none (no rotation pending)\n");
            out.push_str(&format!(
                "next step    stytch-m2m rotate start --client-id {qid}\n"
            ));
        }
    }
    out
}
