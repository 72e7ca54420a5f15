//! From argv to an exit code: parse, prepare (checks and prompts), then run the async part.

use clap::Parser;

use crate::cli::{Cli, Command, GlobalArgs, RotateCommand, SecretCommand};
use crate::config;
use crate::error::{Error, Result};
use crate::exit_codes::ExitCode;
use crate::rotate::{self, Context, Proof, Target};
use crate::signals::Interrupts;
use crate::store::Slot;
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
    let global = &cli.global;
    match cli.command {
        Command::Rotate(cmd) => rotate_command(cmd, global, ui),
        Command::Secret(cmd) => {
            let (args, slot_next, delete_yes) = match &cmd {
                SecretCommand::Get(a) => (a, a.next, None),
                SecretCommand::Delete(a) => (&a.secret, a.secret.next, Some(a.yes)),
            };
            let id = ClientId::parse(&args.client.client_id)?;
            let project = config::project_id(global)?;
            let slot = if slot_next { Slot::Next } else { Slot::Current };
            if let Some(yes) = delete_yes {
                let qid = crate::shell::quote(id.as_str());
                ui.confirm_step(
                    yes,
                    &format!(
                        "Delete the {}? It cannot be recovered.",
                        slot.describe(&project, &id)
                    ),
                    &format!(
                        "delete it: stytch-m2m secret delete --client-id {qid}{} --yes",
                        if slot_next { " --next" } else { "" }
                    ),
                )?;
            }
            let timeout = global.keyring_timeout;
            block_on(async {
                if delete_yes.is_some() {
                    crate::secret::secret_delete(ui, timeout, &project, &id, slot).await
                } else {
                    crate::secret::secret_get(ui, timeout, &project, &id, slot).await
                }
            })
        }
        Command::Completions(args) => {
            use std::io::Write;
            let script = crate::cli::completion_script(args.shell);
            let mut out = std::io::stdout().lock();
            out.write_all(&script)
                .and_then(|()| out.flush())
                .map_err(crate::ui::stdout_error)
        }
        Command::Doctor(args) => {
            let id = args.client_id.as_deref().map(ClientId::parse).transpose()?;
            block_on(crate::doctor::run(global, ui, id))
        }
    }
}

fn rotate_command(cmd: RotateCommand, global: &GlobalArgs, ui: &Ui) -> Result<()> {
    let raw_id = match &cmd {
        RotateCommand::Start(a) => &a.client.client_id,
        RotateCommand::Status(a) => &a.client_id,
        RotateCommand::Complete(a) => &a.confirm.client.client_id,
        RotateCommand::Cancel(a) => &a.client.client_id,
    };
    let id = ClientId::parse(raw_id)?;
    let client = connect(global, ui)?;
    let qid = crate::shell::quote(id.as_str());

    // Everything that may prompt or read stdin happens here, before any request.
    let step = match cmd {
        RotateCommand::Start(a) => Step::Start(match (a.keyring, a.secret_file) {
            (true, _) => Target::Keyring,
            (false, Some(path)) => Target::File(path),
            (false, None) => Target::Stdout,
        }),
        RotateCommand::Status(_) => Step::Status,
        RotateCommand::Complete(a) => {
            ui.confirm_step(
                a.confirm.yes,
                &format!("Complete the rotation of {id}? The old secret stops working at once."),
                &format!(
                    "complete the rotation: stytch-m2m rotate complete --client-id {qid} --yes"
                ),
            )?;
            Step::Complete(if a.skip_verify {
                Proof::Skip
            } else if a.next_secret_stdin {
                let secret = config::read_stdin_line("the pending secret")?;
                if secret.is_empty() {
                    return Err(Error::new(
                        ExitCode::Verification,
                        "no_pending_secret",
                        "--next-secret-stdin was given, but stdin was empty; the rotation was not completed",
                    )
                    .hint("pipe in the secret that `rotate start` minted"));
                }
                Proof::Given(secret)
            } else {
                Proof::Keyring
            })
        }
        RotateCommand::Cancel(a) => {
            ui.confirm_step(
                a.yes,
                &format!("Cancel the rotation of {id}? The next secret is discarded for good."),
                &format!("cancel the rotation: stytch-m2m rotate cancel --client-id {qid} --yes"),
            )?;
            Step::Cancel
        }
    };

    block_on(async {
        let mut ctx = Context {
            client,
            ui,
            interrupts: Interrupts::install()?,
            keyring_timeout: global.keyring_timeout,
        };
        match step {
            Step::Start(target) => rotate::start(&mut ctx, &id, &target).await,
            Step::Status => rotate::status(&mut ctx, &id).await,
            Step::Complete(proof) => rotate::complete(&mut ctx, &id, proof).await,
            Step::Cancel => rotate::cancel(&mut ctx, &id).await,
        }
    })
}

enum Step {
    Start(Target),
    Status,
    Complete(Proof),
    Cancel,
}

/// Credentials and base URL, resolved before anything is sent.
pub fn connect(args: &GlobalArgs, ui: &Ui) -> Result<Client> {
    let project_id = config::project_id(args)?;
    let base_url = config::base_url(args, &project_id)?;
    let secret = config::project_secret(args, Some(ui))?;
    Client::new(stytch::Config {
        base_url,
        project_id,
        secret,
        timeout: args.timeout,
        ca_cert: args.ca_cert.clone(),
    })
}

/// Runs the async part on a single-threaded runtime. Blocking keyring calls that outlive their
/// timeout are abandoned, not waited for.
fn block_on<T>(fut: impl std::future::Future<Output = Result<T>>) -> Result<T> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::internal(format!("could not start the async runtime: {e}")))?;
    let result = rt.block_on(fut);
    rt.shutdown_background();
    result
}

/// clap prints its own usage errors; under `--json` they become the one JSON object on stderr.
fn clap_error(e: clap::Error) -> i32 {
    let code = e.exit_code();
    let wants_json = std::env::args_os().any(|a| a == "--json");
    if code != 0 && wants_json {
        let err = Error::usage("usage", e.render().to_string().trim().to_owned())
            .hint("run `stytch-m2m --help`");
        crate::ui::to_stderr(&format!("{}\n", err.to_json()));
    } else {
        let _ = e.print();
    }
    code
}

/// A panic prints where it happened and exits 1; its payload is not printed, so a panic in a
/// dependency can never echo a value it held.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        crate::ui::to_stderr(&format!(
            "error: internal error: stytch-m2m crashed{at}\n  hint: this is a bug; please report it with the command you ran (never the secrets)\n"
        ));
        std::process::exit(ExitCode::Internal.code());
    }));
}
