//! `rotate run`: one client, or many handed to the fleet. For one client: check the plan, ask
//! once, read a pending secret given on stdin or by a command (`--resume`), then the whole
//! rotation under the client's lock ([`crate::rotation::run`]), and say how it ended.

use crate::cli::RunArgs;
use crate::commands::Session;
use crate::error::{Error, ErrorKind, Result};
use crate::redacted::Secret;
use crate::rotation::journaled::Recorder;
use crate::rotation::run::plan::Plan;
use crate::rotation::run::run_client;

pub fn run(session: &Session, args: RunArgs) -> Result<()> {
    let one = args.client.single().is_some();
    if one && !args.fleet.given() && !args.dry_run && args.custody.secret_dir.is_none() {
        run_one(session, args)
    } else {
        super::many::run(session, args)
    }
}

fn run_one(session: &Session, args: RunArgs) -> Result<()> {
    let from_stdin = args.next_secret_stdin;
    let from_command = args.next_secret_from.clone();
    let mut plan = Plan::new(args)?;
    session
        .ui
        .confirmable(plan.yes, &plan.resume_command().replace(" --resume", ""))?;
    if from_stdin {
        plan.next_secret = Some(given_secret(session)?);
    } else if let Some(command) = from_command {
        plan.next_secret = Some(secret_from_command(&command, plan.id.as_str())?);
    }
    let client = session.client()?;
    let rec = Recorder::open(&plan.journal, &client, &plan.id, "rotate run")?;
    session.run_recorded(client, rec, |mut ctx| async move {
        let (report, result) = run_client(&mut ctx, &plan).await;
        let four = report.next_secret_last_four.as_deref().unwrap_or("?");
        match (&result, report.already_done) {
            (Ok(()), false) => ctx.ui.info(format!(
                "Rotated {}: the secret ending {four} is now the only secret.",
                plan.id
            )),
            (Ok(()), true) => ctx.ui.info(format!(
                "Nothing to resume: an earlier run already rotated {}; the secret ending {four} is the only secret.",
                plan.id
            )),
            (Err(_), _) => {}
        }
        report.finish(&ctx, plan.id.as_str(), result)
    })
}

/// `--next-secret-stdin`: the pending secret that only the deploy target holds, read before
/// anything is sent.
fn given_secret(session: &Session) -> Result<Secret> {
    if session.global.secret_stdin {
        return Err(Error::new(
            ErrorKind::Usage,
            "--next-secret-stdin and --secret-stdin both read stdin; nothing was sent",
        )
        .hint("give the project secret in STYTCH_SECRET (or a profile), and the pending secret on stdin"));
    }
    let secret = crate::config::read_secret_stdin(session.ui, "the pending secret")?;
    if secret.is_empty() {
        return Err(Error::new(
            ErrorKind::EmptyInput,
            "--next-secret-stdin gave an empty secret; nothing was sent",
        )
        .hint("give the new secret the deploy target holds"));
    }
    Ok(secret)
}

/// `--next-secret-from CMD`: the pending secret is what `sh -c CMD` prints (one line; its
/// stderr is shown as it is; the project secret is not in its environment, the client id is, in
/// `STYTCH_M2M_CLIENT_ID`, as for the deploy).
fn secret_from_command(command: &str, client_id: &str) -> Result<Secret> {
    let out = std::process::Command::new(if cfg!(windows) { "cmd" } else { "sh" })
        .arg(if cfg!(windows) { "/C" } else { "-c" })
        .arg(command)
        .env_remove("STYTCH_SECRET")
        .env("STYTCH_M2M_CLIENT_ID", client_id)
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| {
            Error::new(
                ErrorKind::HookFailed,
                format!("could not run --next-secret-from: {e}; nothing was sent"),
            )
        })?;
    let text = zeroize::Zeroizing::new(String::from_utf8_lossy(&out.stdout).into_owned());
    let secret = Secret::from_input(text.to_string());
    if !out.status.success() || secret.is_empty() {
        let how = out
            .status
            .code()
            .map_or("was killed".to_owned(), |c| format!("exited {c}"));
        return Err(Error::new(
            ErrorKind::HookFailed,
            format!("--next-secret-from {how} and printed no secret; nothing was sent"),
        )
        .hint("it must print the pending secret (the one the deploy target holds) on stdout and exit 0"));
    }
    Ok(secret)
}
