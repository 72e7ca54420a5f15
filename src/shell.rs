//! Commands we print for the user to run must survive copy and paste into a POSIX shell.

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
/// arguments when one of them would not survive a terminal (a control character, not UTF-8).
pub fn again_with_yes(what: &str) -> String {
    again_from(std::env::args_os().skip(1), what)
}

fn again_from(args: impl Iterator<Item = std::ffi::OsString>, what: &str) -> String {
    let mut line = String::from("stytch-m2m");
    for arg in args {
        match arg.to_str() {
            Some(a) if !a.chars().any(char::is_control) => {
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
    }

    #[test]
    fn quotes_only_when_needed() {
        assert_eq!(quote("m2m-client-test-1"), "m2m-client-test-1");
        assert_eq!(quote("a?b"), "'a?b'");
        assert_eq!(quote("it's"), r"'it'\''s'");
        assert_eq!(quote(""), "''");
    }
}
