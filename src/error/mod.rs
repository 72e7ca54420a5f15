//! One error type for the whole tool. Every failure carries a typed kind (its name in `--json`
//! and its exit code, see [`kind`]), a message that says what happened, and (nearly always) what
//! to do next. Which HTTP answer becomes which kind is decided in `stytch::failure`.

mod kind;
pub mod recovery;

use std::fmt;

pub use kind::ErrorKind;
pub use recovery::Step;

use crate::exit_codes::ExitCode;
use crate::sanitize::sanitize;

/// What Stytch said about a failed request, already sanitized for a terminal.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StytchDetails {
    pub status_code: Option<u16>,
    pub request_id: Option<String>,
    pub error_type: Option<String>,
    pub error_message: Option<String>,
}

impl StytchDetails {
    pub fn new(
        status_code: Option<u16>,
        request_id: Option<&str>,
        error_type: Option<&str>,
        error_message: Option<&str>,
    ) -> Self {
        StytchDetails {
            status_code,
            request_id: request_id.map(sanitize),
            error_type: error_type.map(sanitize),
            error_message: error_message.map(sanitize),
        }
    }
}

#[derive(Debug)]
pub struct Error {
    pub code: ExitCode,
    /// A stable, machine-readable name for the failure (`--json`'s `error`).
    pub kind: ErrorKind,
    pub message: String,
    pub hint: Option<String>,
    /// Commands to run, in order, to get back to a known state (with their conditions and
    /// alternatives).
    pub recovery: Vec<Step>,
    pub stytch: Option<Box<StytchDetails>>,
    /// A secret that was minted but could not be stored is handed back to the user with the error.
    pub undelivered_secret: bool,
    /// Already reported in full on stdout (`doctor --json`): print nothing more.
    pub reported: bool,
    /// More fields for `--json` (a guard's `expected` and `actual`, a lock's holder).
    pub fields: serde_json::Map<String, serde_json::Value>,
}

impl Error {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            code: kind.exit_code(),
            kind,
            message: message.into(),
            hint: None,
            recovery: Vec::new(),
            stytch: None,
            undelivered_secret: false,
            reported: false,
            fields: serde_json::Map::new(),
        }
    }

    /// Adds what the caller knows to the message: "could not connect: …; nothing was sent".
    pub fn context(mut self, more: impl AsRef<str>) -> Self {
        self.message = format!("{}; {}", self.message, more.as_ref());
        self
    }

    /// The same failure seen anew: "the request failed" becomes "the request did not take
    /// effect" once Stytch was asked. Message, hint and details are kept.
    pub fn with_kind(mut self, kind: ErrorKind) -> Self {
        self.kind = kind;
        self.code = kind.exit_code();
        self
    }

    /// Whether the failure came from a signal (the exit code then stays the signal's).
    pub fn is_signal(&self) -> bool {
        matches!(
            self.kind,
            ErrorKind::Interrupted | ErrorKind::Terminated | ErrorKind::HungUp
        )
    }

    /// Only `doctor` ends with another kind's exit code (its first failed check's).
    pub fn with_code(mut self, code: ExitCode) -> Self {
        self.code = code;
        self
    }

    /// A field for the `--json` error object.
    pub fn field(mut self, key: &str, value: impl Into<serde_json::Value>) -> Self {
        self.fields.insert(key.to_owned(), value.into());
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn recovery(mut self, steps: Vec<Step>) -> Self {
        self.recovery = steps;
        self
    }

    /// For a keyring that failed, what to do without one, as the command at hand allows ("leave
    /// out --keyring …"). Any other failure is left as it is.
    pub fn without_keyring(mut self, instead: &str) -> Self {
        if matches!(
            self.kind,
            ErrorKind::KeyringTimeout
                | ErrorKind::KeyringLocked
                | ErrorKind::KeyringUnavailable
                | ErrorKind::KeyringFailed
        ) {
            self.hint = Some(match self.hint.take() {
                Some(hint) => format!("{hint}. Without a keyring, {instead}"),
                None => format!("without a keyring, {instead}"),
            });
        }
        self
    }

    pub fn stytch(mut self, details: StytchDetails) -> Self {
        self.stytch = Some(Box::new(details));
        self
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Internal, message)
            .hint("this is a bug in stytch-m2m; please report it with the command you ran (never the secrets)")
    }

    pub fn interrupted(signal: Signal) -> Self {
        match signal {
            Signal::Interrupt => Error::new(ErrorKind::Interrupted, "interrupted (SIGINT)"),
            Signal::Hangup => Error::new(
                ErrorKind::HungUp,
                "hung up (SIGHUP): the terminal went away",
            ),
            Signal::Terminate => Error::new(ErrorKind::Terminated, "terminated (SIGTERM)"),
        }
    }

    /// The JSON object printed on stderr under `--json`.
    pub fn to_json(&self) -> serde_json::Value {
        let mut obj = serde_json::Map::new();
        obj.insert("error".into(), self.kind.name().into());
        obj.insert("message".into(), self.message.clone().into());
        obj.insert("exit_code".into(), self.code.code().into());
        if let Some(hint) = &self.hint {
            obj.insert("hint".into(), hint.clone().into());
        }
        if !self.recovery.is_empty() {
            obj.insert("recovery".into(), recovery::to_json(&self.recovery));
        }
        if let Some(s) = &self.stytch {
            if let Some(v) = &s.error_type {
                obj.insert("error_type".into(), v.clone().into());
            }
            if let Some(v) = &s.error_message {
                obj.insert("error_message".into(), v.clone().into());
            }
            if let Some(v) = s.status_code {
                obj.insert("status_code".into(), v.into());
            }
            if let Some(v) = &s.request_id {
                obj.insert("request_id".into(), v.clone().into());
            }
        }
        if self.undelivered_secret {
            obj.insert("secret_on_stdout".into(), true.into());
        }
        for (k, v) in &self.fields {
            obj.entry(k.clone()).or_insert_with(|| v.clone());
        }
        serde_json::Value::Object(obj)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    Interrupt,
    Terminate,
    Hangup,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The innermost causes of an error, joined: "connection refused", "invalid peer certificate: …".
/// reqwest's own top line ("error sending request for url (…)") adds nothing a user can act on.
pub fn cause_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    collect_causes(e.source(), &mut parts);
    if parts.is_empty() {
        parts.push(e.to_string());
    }
    // Keep the most specific (last) two.
    let start = parts.len().saturating_sub(2);
    sanitize(&redact_userinfo(&parts[start..].join(": ")))
}

/// The same, starting from the error itself.
pub fn cause_chain_of(e: &(dyn std::error::Error + Send + Sync + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    collect_causes(Some(e), &mut parts);
    sanitize(&redact_userinfo(&parts.join(": ")))
}

/// Hides the user-info part of any URL in `text` (`http://user:pass@proxy` → `http://***@proxy`):
/// a proxy URL's credentials must never reach a message.
pub fn redact_userinfo(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find("://") {
        let (head, tail) = rest.split_at(pos + 3);
        out.push_str(head);
        let authority_end = tail
            .find(|c: char| {
                c == '/'
                    || c == '?'
                    || c == '#'
                    || c.is_whitespace()
                    || c == ')'
                    || c == '"'
                    || c == '\''
            })
            .unwrap_or(tail.len());
        match tail[..authority_end].rfind('@') {
            Some(at) => {
                out.push_str("***");
                rest = &tail[at..];
            }
            None => rest = tail,
        }
    }
    out.push_str(rest);
    out
}

fn collect_causes(first: Option<&(dyn std::error::Error + 'static)>, parts: &mut Vec<String>) {
    let mut cur = first;
    while let Some(err) = cur {
        let text = err.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        cur = err.source();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn userinfo_is_redacted_from_urls_in_text() {
        assert_eq!(
            redact_userinfo(
                "proxy http://bob:hunter2@127.0.0.1:3128/ failed; see https://x.example/a@b"
            ),
            "proxy http://***@127.0.0.1:3128/ failed; see https://x.example/a@b"
        );
        assert_eq!(redact_userinfo("no urls here @ all"), "no urls here @ all");
        assert_eq!(redact_userinfo("socks5h://u@h"), "socks5h://***@h");
    }

    /// Each character that ends a URL's authority: an `@` after it is not user info.
    #[test]
    fn an_at_sign_after_the_authority_is_kept() {
        for end in ["/", "?", "#", " ", ")", "\"", "'"] {
            let text = format!("http://host{end}x@y");
            assert_eq!(redact_userinfo(&text), text, "{end:?}");
            let text = format!("(http://u:p@host{end}x@y");
            assert_eq!(
                redact_userinfo(&text),
                format!("(http://***@host{end}x@y"),
                "{end:?}"
            );
        }
    }

    #[derive(Debug)]
    struct Layer(&'static str, Option<Box<Layer>>);

    impl fmt::Display for Layer {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.0)
        }
    }

    impl std::error::Error for Layer {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            self.1.as_deref().map(|l| l as _)
        }
    }

    fn chain(texts: &[&'static str]) -> Layer {
        let mut inner = None;
        for text in texts.iter().rev() {
            inner = Some(Box::new(Layer(text, inner)));
        }
        *inner.unwrap()
    }

    #[test]
    fn cause_chains_keep_the_innermost_causes_once_each() {
        let e = chain(&[
            "error sending request",
            "client error (Connect)",
            "tcp connect error",
            "connection refused",
        ]);
        assert_eq!(cause_chain(&e), "tcp connect error: connection refused");
        assert_eq!(
            cause_chain_of(&e),
            "error sending request: client error (Connect): tcp connect error: connection refused"
        );
        // A cause that repeats an earlier one adds nothing; an error with no cause is itself.
        let e = chain(&["top", "refused: http://u:pw@proxy:1", "refused"]);
        assert_eq!(cause_chain(&e), "refused: http://***@proxy:1");
        assert_eq!(cause_chain(&chain(&["alone"])), "alone");
        assert!(!cause_chain_of(&chain(&["a\x1b[2Jb"])).contains('\x1b'));
    }

    #[test]
    fn an_error_displays_as_its_message() {
        let e = Error::new(ErrorKind::Internal, "what happened").context("more");
        assert_eq!(e.to_string(), "what happened; more");
    }
}
