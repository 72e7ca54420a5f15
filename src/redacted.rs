//! A string that must never be shown: the project secret and every client secret live in [`Secret`].
//!
//! `Debug` prints a placeholder, there is no `Display`, and the bytes are wiped when the value is
//! dropped. The only way to read the value is [`Secret::expose`], so every place that handles the
//! plain text is easy to find with `grep expose`.

use std::fmt;

use serde::{Deserialize, Deserializer};
use zeroize::Zeroizing;

#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Zeroizing<String>);

impl Secret {
    /// Wraps `value` as it is.
    pub fn new(value: String) -> Self {
        Secret(Zeroizing::new(value))
    }

    /// Wraps a value typed or piped by a person or read from the environment: surrounding white
    /// space (a trailing newline from `echo`, a `\r` from a Windows editor) is not part of a secret.
    pub fn from_input(value: String) -> Self {
        let value = Zeroizing::new(value);
        Secret::new(value.trim().to_owned())
    }

    /// The plain text. Call it only where the value leaves the process on purpose: an HTTP
    /// request, a secret store, or the one line of stdout the user asked for.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The last four characters, as Stytch shows them (`client_secret_last_four`), or
    /// [`ODD_LAST_FOUR`] when they are not four of Stytch's base64url alphabet: what a secret
    /// ends in is printed and put in printed commands, so it must never carry a control
    /// sequence (`ESC[8m` fits in four characters).
    pub fn last_four(&self) -> String {
        let chars: Vec<char> = self.0.chars().collect();
        let four: String = chars[chars.len().saturating_sub(4)..].iter().collect();
        shown_last_four(&four).to_owned()
    }

    /// Whether [`Secret::last_four`] had to hide what the secret ends in.
    pub fn has_odd_last_four(&self) -> bool {
        self.last_four() == ODD_LAST_FOUR
    }
}

/// What is shown in place of a last four that is not four characters of `[A-Za-z0-9_-]`.
pub const ODD_LAST_FOUR: &str = "????";

/// True for four characters of `[A-Za-z0-9_-]`: the alphabet of Stytch's (base64url) secrets.
pub fn is_plain_last_four(four: &str) -> bool {
    four.len() == 4
        && four
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// `four` when it is plain, else [`ODD_LAST_FOUR`].
pub fn shown_last_four(four: &str) -> &str {
    if is_plain_last_four(four) {
        four
    } else {
        ODD_LAST_FOUR
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(redacted)")
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Secret::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_value() {
        let secret = Secret::new("hunter2-very-secret".into());
        let shown = format!("{secret:?} {:?} {:#?}", Some(&secret), vec![&secret]);
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("redacted"));
    }

    #[test]
    fn input_is_trimmed_like_gh_trims_stdin_secrets() {
        assert_eq!(Secret::from_input(" abc\r\n".into()).expose(), "abc");
        assert!(Secret::from_input("\n".into()).is_empty());
    }

    #[test]
    fn last_four_is_four_base64url_characters_or_hidden() {
        assert_eq!(Secret::new("abcdefgh".into()).last_four(), "efgh");
        assert_eq!(Secret::new("x-Z_9".into()).last_four(), "-Z_9");
        for odd in [
            "ab",
            "xxé€ab",
            "secret\x1b[8m",
            "s\x1b[2J",
            "abc d",
            "ab\u{202e}c",
        ] {
            let secret = Secret::new(odd.into());
            assert_eq!(secret.last_four(), ODD_LAST_FOUR, "{odd:?}");
            assert!(secret.has_odd_last_four());
        }
        assert!(!Secret::new("abcd".into()).has_odd_last_four());
    }
}
