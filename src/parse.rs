//! From argv to [`Cli`]: clap, plus two things clap does not do by itself. Global flags are
//! scoped to the commands they mean something to (hidden from the other commands' help and
//! completions, and refused there), and a usage error shows the command's own `Usage:` line,
//! not one that repeats every value clap took from the environment.

use std::ffi::OsString;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::parser::ValueSource;
use clap::{Arg, ArgMatches, Command, CommandFactory, FromArgMatches};

use crate::cli::Cli;

/// Which global flags a command does not take.
enum Refused {
    /// None of them.
    All,
    /// These (by clap id, the field name).
    Only(&'static [&'static str]),
}

impl Refused {
    fn covers(&self, id: &str) -> bool {
        match self {
            Refused::All => true,
            Refused::Only(ids) => ids.contains(&id),
        }
    }
}

/// The commands that do not take every global flag, and why (for the usage error).
const SCOPES: &[(&[&str], Refused, &str)] = &[
    (&["completions"], Refused::All, "it only prints a script"),
    (
        &["secret", "get"],
        Refused::Only(&["secret_stdin", "base_url", "ca_cert", "timeout"]),
        "it reads the keyring and sends nothing to Stytch",
    ),
    (
        &["secret", "delete"],
        Refused::Only(&["secret_stdin", "base_url", "ca_cert", "timeout"]),
        "it changes the keyring and sends nothing to Stytch",
    ),
    (
        &["history"],
        Refused::Only(&[
            "secret_stdin",
            "base_url",
            "ca_cert",
            "timeout",
            "keyring_timeout",
        ]),
        "it reads this machine's journal and sends nothing to Stytch",
    ),
    (
        &["secret", "verify"],
        Refused::Only(&["secret_stdin"]),
        "the token endpoint takes the client secret, not the project secret (use --from-stdin)",
    ),
];

/// The command line as parsed: the derive definition with each command's flags scoped.
pub fn command() -> Command {
    let mut cmd = Cli::command();
    let globals = global_args(&cmd);
    for (path, refused, _) in SCOPES {
        let Some(sub) = find_mut(&mut cmd, path) else {
            panic!("no subcommand {path:?}")
        };
        // A subcommand that has an argument of its own is skipped when clap propagates the
        // global one: a hidden, non-global copy keeps it out of help, and still takes the
        // environment's value without complaint.
        for arg in globals
            .iter()
            .filter(|a| refused.covers(a.get_id().as_str()))
        {
            *sub = std::mem::take(sub).arg(arg.clone().global(false).hide(true));
        }
    }
    cmd.build();
    cmd
}

/// The same scoping for generated completions and man pages, not built. clap_complete offers
/// hidden flags too, so here no flag is global: each command gets a copy of those it takes.
pub fn documented() -> Command {
    let mut cmd = Cli::command();
    let globals = global_args(&cmd);
    for arg in &globals {
        cmd = cmd.mut_arg(arg.get_id(), |a| a.global(false));
    }
    add_taken(&mut cmd, &mut Vec::new(), &globals);
    cmd
}

fn add_taken(cmd: &mut Command, path: &mut Vec<String>, globals: &[Arg]) {
    for sub in cmd.get_subcommands_mut() {
        path.push(sub.get_name().to_owned());
        let refused = SCOPES
            .iter()
            .find(|(p, ..)| p.iter().eq(path.iter()))
            .map(|(_, refused, _)| refused);
        for arg in globals {
            if !refused.is_some_and(|r| r.covers(arg.get_id().as_str())) {
                *sub = std::mem::take(sub).arg(arg.clone().global(false));
            }
        }
        add_taken(sub, path, globals);
        path.pop();
    }
}

fn global_args(cmd: &Command) -> Vec<Arg> {
    cmd.get_arguments()
        .filter(|a| a.is_global_set())
        .cloned()
        .collect()
}

/// Parses the process's arguments.
pub fn parse() -> Result<Cli, clap::Error> {
    parse_from(std::env::args_os())
}

pub fn parse_from<I, T>(argv: I) -> Result<Cli, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString>,
{
    let argv: Vec<OsString> = argv.into_iter().map(Into::into).collect();
    let mut cmd = command();
    let matches = match cmd.try_get_matches_from_mut(argv.iter().cloned()) {
        Ok(matches) => matches,
        Err(e) => return Err(with_plain_usage(e, &cmd, &argv)),
    };
    refuse_out_of_scope(&mut cmd, &matches)?;
    Cli::from_arg_matches(&matches).map_err(|e| e.format(&mut cmd))
}

fn global_ids(cmd: &Command) -> Vec<String> {
    cmd.get_arguments()
        .filter(|a| a.is_global_set())
        .map(|a| a.get_id().to_string())
        .collect()
}

/// The names of the subcommands chosen, outermost first, and the innermost matches.
fn chosen(matches: &ArgMatches) -> (Vec<&str>, &ArgMatches) {
    let (mut path, mut m) = (Vec::new(), matches);
    while let Some((name, sub)) = m.subcommand() {
        path.push(name);
        m = sub;
    }
    (path, m)
}

fn find_mut<'a>(cmd: &'a mut Command, path: &[&str]) -> Option<&'a mut Command> {
    match path.split_first() {
        None => Some(cmd),
        Some((first, rest)) => find_mut(cmd.find_subcommand_mut(first)?, rest),
    }
}

/// A hidden global flag typed on the command line of a command that does not take it. Values
/// from the environment (STYTCH_BASE_URL …) are not refused: they are meant for other commands.
fn refuse_out_of_scope(cmd: &mut Command, matches: &ArgMatches) -> Result<(), clap::Error> {
    let (path, leaf) = chosen(matches);
    let Some((_, refused, why)) = SCOPES.iter().find(|(p, ..)| *p == path.as_slice()) else {
        return Ok(());
    };
    let Some(id) = global_ids(cmd)
        .into_iter()
        .filter(|id| refused.covers(id))
        .find(|id| leaf.value_source(id) == Some(ValueSource::CommandLine))
    else {
        return Ok(());
    };
    let sub = find_mut(cmd, &path).expect("the chosen subcommand exists");
    let flag = sub
        .get_arguments()
        .find(|a| a.get_id() == id.as_str())
        .and_then(|a| a.get_long())
        .map_or_else(|| id.clone(), |long| format!("--{long}"));
    let name = sub.get_bin_name().unwrap_or("stytch-m2m").to_owned();
    Err(sub.error(
        ErrorKind::ArgumentConflict,
        format!("{flag} does not apply to `{name}`: {why}"),
    ))
}

/// clap's usage line after an error lists every argument it holds a value for, those from the
/// environment included (`--project-id <ID> --base-url <URL>` when STYTCH_PROJECT_ID and
/// STYTCH_BASE_URL are set), as if they were missing too. Show the command's own usage instead.
fn with_plain_usage(mut e: clap::Error, cmd: &Command, argv: &[OsString]) -> clap::Error {
    if e.get(ContextKind::Usage).is_none() {
        return e;
    }
    // Which subcommand was meant, from a parse that does not stop at the error.
    let Ok(lenient) = Cli::command()
        .ignore_errors(true)
        .try_get_matches_from(argv.iter().cloned())
    else {
        return e;
    };
    let (path, _) = chosen(&lenient);
    let mut cmd = cmd.clone();
    if let Some(sub) = find_mut(&mut cmd, &path) {
        let usage = sub.render_usage();
        e.insert(ContextKind::Usage, ContextValue::StyledStr(usage));
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scoped_definition_is_consistent() {
        command().debug_assert();
    }

    /// What the help shows is what completions and man pages offer.
    #[test]
    fn documented_flags_are_the_flags_help_shows() {
        fn walk(parsed: &Command, documented: &Command, path: String) {
            let shown = |c: &Command, hidden_too: bool| {
                let mut ids: Vec<String> = c
                    .get_arguments()
                    .filter(|a| hidden_too || !a.is_hide_set())
                    .map(|a| a.get_id().to_string())
                    .collect();
                ids.sort();
                ids
            };
            assert_eq!(shown(parsed, false), shown(documented, true), "{path}");
            for sub in documented.get_subcommands() {
                let twin = parsed.find_subcommand(sub.get_name()).unwrap();
                walk(twin, sub, format!("{path} {}", sub.get_name()));
            }
        }
        let mut documented = documented();
        documented.build();
        walk(&command(), &documented, "stytch-m2m".into());
        let completions = documented.find_subcommand("completions").unwrap();
        assert!(completions.get_arguments().all(|a| a.get_id() != "json"));
    }

    #[test]
    fn every_scoped_flag_is_a_global_flag() {
        let globals = global_ids(&Cli::command());
        for (path, refused, _) in SCOPES {
            if let Refused::Only(ids) = refused {
                for id in *ids {
                    assert!(globals.iter().any(|g| g == id), "{path:?}: {id}");
                }
            }
        }
    }
}
