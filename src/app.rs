//! From argv to an exit code: parse, build the session, dispatch to a command, report.

use crate::cli::{AuthCommand, Cli, ClientsCommand, Command, RotateCommand, SecretCommand};
use crate::commands::{self, Session};
use crate::error::{Error, ErrorKind, Result};
use crate::exit_codes::ExitCode;
use crate::ui::Ui;

pub fn run() -> i32 {
    install_panic_hook();
    let mut cli = match crate::parse::parse() {
        Ok(cli) => cli,
        Err(e) => return clap_error(e),
    };
    record_from_profile(&mut cli);
    let ui =
        Ui::new(cli.global.json, cli.global.quiet).carrying_no_journal(cli.command.no_journal());
    match dispatch(cli, &ui) {
        Ok(()) => ExitCode::Success.code(),
        Err(err) => {
            ui.report(&err);
            err.code.code()
        }
    }
}

/// `record = true` in the chosen profile turns `--record` on, unless a flag or
/// `STYTCH_M2M_RECORD` said otherwise. A config file that cannot be read changes nothing here:
/// the command itself reports it.
fn record_from_profile(cli: &mut Cli) {
    let undecided = cli
        .command
        .record_mut()
        .is_some_and(|(record, no_record)| !*record && !no_record);
    if !undecided || std::env::var_os("STYTCH_M2M_RECORD").is_some() {
        return;
    }
    let Ok(file) = crate::config::ConfigFile::load() else {
        return;
    };
    let Ok(Some((name, _))) = crate::config::resolve::chosen_profile(&cli.global, &file) else {
        return;
    };
    if let Some((record, _)) = cli.command.record_mut() {
        *record = file.profiles.get(&name).is_some_and(|p| p.record);
    }
}

fn dispatch(cli: Cli, ui: &Ui) -> Result<()> {
    let session = Session {
        global: &cli.global,
        ui,
    };
    match cli.command {
        Command::Rotate(RotateCommand::Start(args)) => commands::rotate::start::run(&session, args),
        Command::Rotate(RotateCommand::Complete(args)) => {
            commands::rotate::complete::run(&session, args)
        }
        Command::Rotate(RotateCommand::Cancel(args)) => {
            commands::rotate::cancel::run(&session, args)
        }
        Command::Rotate(RotateCommand::Run(args)) => commands::rotate::run::run(&session, args),
        Command::Rotate(RotateCommand::Status(args)) => {
            commands::rotate::status::run(&session, args)
        }
        Command::Secret(SecretCommand::Get(args)) => commands::secret::get(&session, args),
        Command::Secret(SecretCommand::Delete(args)) => commands::secret::delete(&session, args),
        Command::Secret(SecretCommand::Verify(args)) => commands::secret::verify(&session, args),
        Command::Token(args) => commands::token::run(&session, args),
        Command::Auth(AuthCommand::Login(args)) => commands::auth::login(&session, args),
        Command::Auth(AuthCommand::Status(args)) => commands::auth::status(&session, args),
        Command::Auth(AuthCommand::Logout(args)) => commands::auth::logout(&session, args),
        Command::Auth(AuthCommand::Switch(args)) => commands::auth::switch(&session, args),
        Command::Clients(ClientsCommand::List(args)) => commands::clients::list(&session, args),
        Command::Clients(ClientsCommand::Create(args)) => {
            commands::clients::create::run(&session, args)
        }
        Command::Clients(ClientsCommand::Delete(args)) => {
            commands::clients::delete::run(&session, args)
        }
        Command::Completions(args) => commands::completions::run(args),
        Command::History(args) => commands::history::run(&session, args),
        Command::Doctor(args) => commands::doctor::run(&session, args),
    }
}

/// clap prints its own usage errors; under `--json` they become the one JSON object on stderr.
fn clap_error(e: clap::Error) -> i32 {
    let code = e.exit_code();
    if code != 0 && wants_json() {
        let err = Error::new(ErrorKind::Usage, e.render().to_string().trim().to_owned())
            .hint("run `stytch-m2m --help`");
        crate::ui::to_stderr(&format!("{}\n", err.to_json()));
    } else {
        let _ = e.print();
    }
    code
}

/// A panic first hands over every minted secret still in flight (exit 8) and names every client
/// whose `rotate/start` had no answer yet (exit 7), else prints where it happened and exits 1.
/// Its payload is never printed, so a panic in a dependency can never echo a value it held.
///
/// Release builds abort on panic (`panic = "abort"`): only this hook runs, on the panicking
/// thread, and a fleet's workers share that thread; so the hook, not the workers, accounts for
/// every secret and start of every worker (`src/inflight.rs`). Unwinding to keep the other
/// workers going would run them on in a process whose state a bug just broke.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let json = wants_json();
        let rescued = crate::inflight::rescue(json);
        let err = crash_error(&at, &rescued)
            .field("starts_in_flight", rescued.starts.clone())
            .field("creates_in_flight", rescued.creates.clone());
        let line = if json {
            format!("{}\n", err.to_json())
        } else {
            let mut text = format!("error: {}\n", err.message);
            if !err.recovery.is_empty() {
                text.push_str("  to recover, run:\n");
                text.push_str(&crate::error::recovery::render(&err.recovery));
            }
            text + &format!("  hint: {}\n", err.hint.as_deref().unwrap_or_default())
        };
        crate::ui::to_stderr(&line);
        std::process::exit(err.code.code());
    }));
}

/// What a crash left, as the error the hook reports: the secrets it handed over on stdout (exit
/// 8, with each one's complete or cancel), else the starts and creates whose outcome is unknown
/// (exit 7), else a plain bug (exit 1).
fn crash_error(at: &str, rescued: &crate::inflight::Rescued) -> Error {
    use crate::error::recovery::Step;
    use crate::shell::quote;
    let report = "this is a bug; please report it with the command you ran (never the secrets)";
    let discard = |(client, four): &(String, String)| {
        format!(
            "stytch-m2m rotate cancel --client-id {} --yes --expect-next-last-four {}",
            quote(client),
            quote(four)
        )
    };
    if !rescued.handed.is_empty() || !rescued.lost.is_empty() {
        let mut steps = Vec::new();
        for (line, handed) in rescued.handed.iter().enumerate() {
            steps.push(
                Step::run(format!(
                    "stytch-m2m rotate complete --client-id {} --yes --next-secret-stdin",
                    quote(&handed.0)
                ))
                .when("every consumer uses the printed secret")
                .note(format!("give it stdout line {} on stdin", line + 1)),
            );
            steps.push(Step::or(discard(handed)).when("you would rather discard it"));
        }
        for lost in &rescued.lost {
            steps.push(Step::run(discard(lost)).note("its secret could not be written anywhere"));
        }
        let message = if rescued.lost.is_empty() {
            format!("stytch-m2m crashed{at} while storing the new secret; it was printed on stdout instead")
        } else {
            format!(
                "stytch-m2m crashed{at} while storing {} new secret(s) and could not write them to stdout: they are lost (pending at Stytch, nobody holds them)",
                rescued.lost.len()
            )
        };
        let mut err = Error::new(ErrorKind::StoreFailedAfterMint, message)
            .hint(format!("store the printed secret now; {report}"))
            .recovery(steps);
        err.undelivered_secret = !rescued.handed.is_empty();
        return err;
    }
    if !rescued.starts.is_empty() {
        let steps = rescued
            .starts
            .iter()
            .map(|client| {
                Step::run(format!("stytch-m2m rotate status --client-id {}", quote(client))).note(
                    "a pending secret nobody holds: cancel it with --expect-next-last-four and the last four it shows",
                )
            })
            .collect();
        return Error::new(
            ErrorKind::OutcomeUnknown,
            format!(
                "stytch-m2m crashed{at} while `rotate/start` was in flight for {} client(s); whether Stytch minted is unknown",
                rescued.starts.len()
            ),
        )
        .hint(format!("follow the steps above for each; {report}"))
        .recovery(steps);
    }
    if !rescued.creates.is_empty() {
        return Error::new(
            ErrorKind::OutcomeUnknown,
            format!("stytch-m2m crashed{at} while `clients create` was in flight; whether Stytch created the client is unknown"),
        )
        .hint(format!("follow the steps above; {report}"));
    }
    Error::new(
        ErrorKind::Internal,
        format!("internal error: stytch-m2m crashed{at}"),
    )
    .hint(report)
}

/// Whether `--json` was asked for (read from the arguments: the hook and clap's errors have no
/// parsed arguments to ask).
fn wants_json() -> bool {
    std::env::args_os().any(|a| a == "--json")
}
