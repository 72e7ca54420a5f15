//! From argv to an exit code: parse, prepare (checks and prompts), then run the async part.

use clap::Parser;

use crate::cli::{Cli, Command, GlobalArgs, RotateCommand};
use crate::config;
use crate::error::{Error, Result};
use crate::exit_codes::ExitCode;
use crate::rotate::{self, Context};
use crate::signals::Interrupts;
use crate::stytch::{self, Client, ClientId};
use crate::ui::Ui;

pub fn run() -> i32 {
    install_panic_hook();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return clap_error(e),
    };
    let ui = Ui::new(cli.global.json, cli.global.quiet);
    match execute(cli, &ui) {
        Ok(()) => ExitCode::Success.code(),
        Err(err) => {
            ui.report(&err);
            err.code.code()
        }
    }
}

fn execute(cli: Cli, ui: &Ui) -> Result<()> {
    let Command::Rotate(cmd) = cli.command;
    let (raw_id, step) = match &cmd {
        RotateCommand::Start(a) => (&a.client.client_id, Step::Start),
        RotateCommand::Status(a) => (&a.client_id, Step::Status),
        RotateCommand::Complete(a) => (&a.client.client_id, Step::Complete(a.yes)),
        RotateCommand::Cancel(a) => (&a.client.client_id, Step::Cancel(a.yes)),
    };
    let id = ClientId::parse(raw_id)?;
    let client = connect(&cli.global, ui)?;
    let qid = crate::shell::quote(id.as_str());
    match step {
        Step::Complete(yes) => rotate::confirm(
            ui,
            yes,
            &format!("Complete the rotation of {id}? The old secret stops working at once."),
            &format!("complete the rotation: stytch-m2m rotate complete --client-id {qid} --yes"),
        )?,
        Step::Cancel(yes) => rotate::confirm(
            ui,
            yes,
            &format!("Cancel the rotation of {id}? The next secret is discarded for good."),
            &format!("cancel the rotation: stytch-m2m rotate cancel --client-id {qid} --yes"),
        )?,
        Step::Start | Step::Status => {}
    }
    block_on(async {
        let mut ctx = Context {
            client,
            ui,
            interrupts: Interrupts::install()?,
        };
        match step {
            Step::Start => rotate::start(&mut ctx, &id).await,
            Step::Status => rotate::status(&mut ctx, &id).await,
            Step::Complete(_) => rotate::complete(&mut ctx, &id).await,
            Step::Cancel(_) => rotate::cancel(&mut ctx, &id).await,
        }
    })
}

#[derive(Clone, Copy)]
enum Step {
    Start,
    Status,
    Complete(bool),
    Cancel(bool),
}

/// Credentials and base URL, resolved before anything is sent.
fn connect(args: &GlobalArgs, ui: &Ui) -> Result<Client> {
    let project_id = config::project_id(args)?;
    let base_url = config::base_url(args, &project_id)?;
    let secret = config::project_secret(args, ui)?;
    Client::new(stytch::Config {
        base_url,
        project_id,
        secret,
        timeout: args.timeout,
    })
}

fn block_on<T>(fut: impl std::future::Future<Output = Result<T>>) -> Result<T> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::internal(format!("could not start the async runtime: {e}")))?
        .block_on(fut)
}

/// clap prints its own usage errors; under `--json` they become the one JSON object on stderr.
fn clap_error(e: clap::Error) -> i32 {
    let code = e.exit_code();
    let wants_json = std::env::args_os().any(|a| a == "--json");
    if code != 0 && wants_json {
        let err = Error::usage("usage", e.render().to_string().trim().to_owned())
            .hint("run `stytch-m2m --help`");
        eprintln!("{}", err.to_json());
    } else {
        let _ = e.print();
    }
    code
}

/// A panic prints where it happened and exits 1; its payload is not printed, so a panic in a
/// dependency can never echo a value it held.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!(
            "error: internal error: stytch-m2m crashed{at}\n  hint: this is a bug; please report it with the command you ran (never the secrets)"
        );
        std::process::exit(ExitCode::Internal.code());
    }));
}
