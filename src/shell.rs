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

#[cfg(test)]
mod tests {
    use super::quote;

    #[test]
    fn quotes_only_when_needed() {
        assert_eq!(quote("m2m-client-test-1"), "m2m-client-test-1");
        assert_eq!(quote("a?b"), "'a?b'");
        assert_eq!(quote("it's"), r"'it'\''s'");
        assert_eq!(quote(""), "''");
    }
}
