//! Commands we print for the user to run must survive copy and paste into a POSIX shell.

use crate::sanitize::is_dangerous;

/// Quotes `arg` for a POSIX shell when it holds anything but plainly safe characters.
pub fn quote(arg: &str) -> String {
    let safe = !arg.is_empty()
        && arg
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.:/@+=,".contains(c));
    if safe {
        arg.to_owned()
    } else {
        format!("'{}'", arg.replace('\'', r"'\''"))
    }
}

/// This command line as it was run, with `--yes` added: what to run where a question could not
/// be asked (no terminal, or `--json`). `what` (for example `rotate complete`) stands in for the
/// arguments when one of them would not survive a terminal (a control character other than a
/// line break or tab, a bidirectional override, not UTF-8). A line break inside single quotes
/// is kept: a multi-line `--deploy` from a CI file pastes back as it was.
pub fn again_with_yes(what: &str) -> String {
    again_from(std::env::args_os().skip(1), what)
}

/// What to say after a printed command when this command line read standard input (the
/// project secret, the client list, a pending secret): the command needs the same input again.
pub fn stdin_note() -> &'static str {
    stdin_note_for(std::env::args_os().skip(1))
}

fn stdin_note_for(args: impl Iterator<Item = std::ffi::OsString>) -> &'static str {
    let mut previous = None;
    for arg in args {
        let a = arg.to_string_lossy().into_owned();
        let reads = matches!(
            a.as_str(),
            "--secret-stdin" | "--next-secret-stdin" | "--clients-from=-"
        ) || (a == "-" && previous.as_deref() == Some("--clients-from"));
        if reads {
            return " (give it the same standard input: it reads it)";
        }
        previous = Some(a);
    }
    ""
}

fn again_from(args: impl Iterator<Item = std::ffi::OsString>, what: &str) -> String {
    let mut line = String::from("stytch-m2m");
    for arg in args {
        match arg.to_str() {
            Some(a) if !a.chars().any(|c| c != '\n' && c != '\t' && is_dangerous(c)) => {
                line.push(' ');
                line.push_str(&quote(a));
            }
            _ => return format!("stytch-m2m {what} … --yes"),
        }
    }
    line + " --yes"
}

#[cfg(test)]
mod tests {
    use super::{again_from, quote};

    #[test]
    fn again_repeats_the_arguments_or_says_what_it_was() {
        let args = |v: &[&str]| {
            v.iter()
                .map(std::ffi::OsString::from)
                .collect::<Vec<_>>()
                .into_iter()
        };
        assert_eq!(
            again_from(
                args(&["rotate", "cancel", "--name", "a b"]),
                "rotate cancel"
            ),
            "stytch-m2m rotate cancel --name 'a b' --yes"
        );
        assert_eq!(
            again_from(
                args(&["rotate", "cancel", "--name", "a\x1b[2J"]),
                "rotate cancel"
            ),
            "stytch-m2m rotate cancel … --yes"
        );
        assert_eq!(
            again_from(
                args(&["rotate", "run", "--deploy", "a \u{202e}b"]),
                "rotate run"
            ),
            "stytch-m2m rotate run … --yes",
            "a bidirectional override never reaches the terminal"
        );
        assert_eq!(
            again_from(args(&["rotate", "run", "--deploy", "a\n\tb"]), "rotate run"),
            "stytch-m2m rotate run --deploy 'a\n\tb' --yes",
            "a multi-line --deploy is repeated, inside single quotes"
        );
    }

    #[test]
    fn a_command_that_read_stdin_says_it_needs_it_again() {
        let note = |v: &[&str]| super::stdin_note_for(v.iter().map(std::ffi::OsString::from));
        assert_eq!(note(&["rotate", "complete", "--all"]), "");
        assert!(!note(&["--secret-stdin", "rotate", "complete", "--all"]).is_empty());
        assert!(!note(&["rotate", "run", "--clients-from", "-"]).is_empty());
        assert!(!note(&["rotate", "run", "--clients-from=-"]).is_empty());
        assert_eq!(
            note(&["rotate", "run", "--clients-from", "ids.txt", "-"]),
            ""
        );
    }

    #[test]
    fn quotes_only_when_needed() {
        assert_eq!(quote("m2m-client-test-1"), "m2m-client-test-1");
        assert_eq!(quote("a?b"), "'a?b'");
        assert_eq!(quote("it's"), r"'it'\''s'");
        assert_eq!(quote(""), "''");
    }
}
