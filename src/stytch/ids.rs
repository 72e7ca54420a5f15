//! Identifiers that travel in a URL path. Each one is checked before any request and then sent
//! as exactly one percent-encoded path segment, so no value can reach another route.

use std::fmt;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::error::{Error, ErrorKind, Result};
use crate::sanitize::is_dangerous;

/// Everything but RFC 3986's unreserved characters is encoded: `/ ? # %` above all.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

pub const MAX_ID_BYTES: usize = 256;

/// An M2M client id that is safe to put in a path.
#[derive(Clone, PartialEq, Eq)]
pub struct ClientId(String);

impl ClientId {
    pub fn parse(raw: &str) -> Result<Self> {
        check("client id", raw)
            .map(|()| ClientId(raw.to_owned()))
            .map_err(|why| {
                Error::new(ErrorKind::InvalidClientId, format!("invalid client id: {why}"))
                    .hint("pass the client's id exactly as Stytch shows it, e.g. --client-id m2m-client-test-…")
            })
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The id as one path segment.
    pub fn segment(&self) -> String {
        utf8_percent_encode(&self.0, SEGMENT).to_string()
    }
}

impl fmt::Display for ClientId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Checked on construction: no control characters, no white space.
        f.write_str(&self.0)
    }
}

impl fmt::Debug for ClientId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ClientId({:?})", self.0)
    }
}

/// A Stytch project id, checked by the same rules (it is a path segment of the token endpoint).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ProjectId(String);

impl ProjectId {
    pub fn parse(raw: &str) -> Result<Self> {
        check("project id", raw)
            .map(|()| ProjectId(raw.to_owned()))
            .map_err(|why| {
                Error::new(ErrorKind::InvalidProjectId, format!("invalid project id: {why}"))
                    .hint("set STYTCH_PROJECT_ID (or --project-id) to the id on the Stytch dashboard's API keys page, e.g. project-test-…")
            })
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_live(&self) -> bool {
        self.0.starts_with("project-live-")
    }

    pub fn segment(&self) -> String {
        utf8_percent_encode(&self.0, SEGMENT).to_string()
    }
}

impl fmt::Display for ProjectId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn check(what: &str, raw: &str) -> std::result::Result<(), String> {
    if raw.is_empty() {
        return Err(format!("the {what} is empty"));
    }
    if raw.len() > MAX_ID_BYTES {
        return Err(format!(
            "the {what} is {} bytes long; the limit is {MAX_ID_BYTES}",
            raw.len()
        ));
    }
    if let Some(c) = raw.chars().find(|&c| is_dangerous(c) || c.is_whitespace()) {
        let what_c = if is_dangerous(c) {
            format!("the control character {}", c.escape_unicode())
        } else if c == ' ' {
            "a space (shown as ␠)".to_owned()
        } else {
            format!("the white space character {}", c.escape_unicode())
        };
        let trimmed = raw.trim();
        let place = if trimmed.is_empty()
            || trimmed.contains(|c: char| is_dangerous(c) || c.is_whitespace())
        {
            ""
        } else {
            " at its start or end (pasted with it?)"
        };
        return Err(format!(
            "the {what} \"{}\" contains {what_c}{place}",
            visible(raw)
        ));
    }
    if raw.starts_with('-') {
        // No Stytch id does, and every command printed with it would read it as a flag.
        return Err(format!(
            "the {what} \"{}\" starts with '-', as no Stytch id does",
            visible(raw)
        ));
    }
    if raw == "." || raw == ".." {
        return Err(format!("{raw:?} is not a {what}"));
    }
    Ok(())
}

/// `raw` with every character that would not show as itself made visible: a space as `␠`, other
/// white space and control characters as `\u{…}` escapes.
pub fn visible(raw: &str) -> String {
    raw.chars()
        .map(|c| match c {
            ' ' => "␠".to_owned(),
            c if is_dangerous(c) || c.is_whitespace() => c.escape_unicode().to_string(),
            c => c.to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_ids_pass_unchanged() {
        let id = ClientId::parse("m2m-client-test-d731954d-dab3-4a2b-bdee-07f3ad1be885").unwrap();
        assert_eq!(id.segment(), id.as_str());
    }

    #[test]
    fn route_characters_are_encoded() {
        let id = ClientId::parse("a/../b?c#d%2Fe").unwrap();
        assert_eq!(id.segment(), "a%2F..%2Fb%3Fc%23d%252Fe");
        assert_eq!(ClientId::parse("é").unwrap().segment(), "%C3%A9");
    }

    #[test]
    fn bad_ids_are_rejected() {
        for bad in [
            "",
            " ",
            "a b",
            "a\tb",
            "a\nb",
            "a\0b",
            "\u{7f}",
            "\u{85}",
            ".",
            "..",
            "a\u{2028}",
            "a\u{202e}b",
        ] {
            let err = ClientId::parse(bad).unwrap_err();
            assert_eq!(err.code, crate::exit_codes::ExitCode::Usage, "{bad:?}");
        }
        assert!(ClientId::parse(&"a".repeat(MAX_ID_BYTES)).is_ok());
        assert!(ClientId::parse(&"a".repeat(MAX_ID_BYTES + 1)).is_err());
    }

    #[test]
    fn white_space_is_shown_where_it_is() {
        let err = ClientId::parse("m2m-client-test-aaaa ").unwrap_err();
        assert!(
            err.message.contains(
                "\"m2m-client-test-aaaa␠\" contains a space (shown as ␠) at its start or end"
            ),
            "{}",
            err.message
        );
        let err = ClientId::parse("a\tb").unwrap_err();
        assert!(err.message.contains("\"a\\u{9}b\""), "{}", err.message);
        assert!(!err.message.contains("start or end"), "{}", err.message);
    }

    #[test]
    fn messages_do_not_echo_control_characters() {
        let err = ClientId::parse("x\x1b[31m").unwrap_err();
        assert!(!err.message.contains('\x1b'), "{}", err.message);
    }
}
