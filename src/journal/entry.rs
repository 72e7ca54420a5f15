//! What one journal line says: the entry's fields, the closed sets of actions and phases, and
//! the last-four type that cannot hold a whole secret.

use std::fmt;

use serde::{Deserialize, Serialize};

/// What the run was doing when it wrote the entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Start,
    Complete,
    Cancel,
    Verify,
    Deploy,
    Check,
    Store,
    Resume,
    /// `clients create`: a new client, its secret stored.
    Create,
    /// A client deleted: one `clients create` made whose secret nobody holds.
    Delete,
}

/// Where the action stood: about to be sent (`intent`), done, failed, or of unknown outcome
/// (the request may or may not have reached Stytch).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Intent,
    Ok,
    Failed,
    Unknown,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Start => "start",
            Action::Complete => "complete",
            Action::Cancel => "cancel",
            Action::Verify => "verify",
            Action::Deploy => "deploy",
            Action::Check => "check",
            Action::Store => "store",
            Action::Resume => "resume",
            Action::Create => "create",
            Action::Delete => "delete",
        }
    }
}

impl Phase {
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Intent => "intent",
            Phase::Ok => "ok",
            Phase::Failed => "failed",
            Phase::Unknown => "unknown",
        }
    }
}

/// The last four characters of a secret, and never more: whatever string it is built from is
/// cut to its last four characters, so a whole secret handed in by mistake is not journaled.
/// Callers pass `Secret::last_four()` or Stytch's `secret_last_four` field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub struct LastFour(String);

impl LastFour {
    pub fn new(text: &str) -> LastFour {
        let count = text.chars().count();
        LastFour(text.chars().skip(count.saturating_sub(4)).collect())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<&str> for LastFour {
    fn from(text: &str) -> LastFour {
        LastFour::new(text)
    }
}

impl From<String> for LastFour {
    fn from(text: String) -> LastFour {
        LastFour::new(&text)
    }
}

impl From<LastFour> for String {
    fn from(last: LastFour) -> String {
        last.0
    }
}

impl fmt::Display for LastFour {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a command asks [`super::Journal::record`] to write. The journal adds the time, the run
/// id, the host, the user and the version. No field may hold a secret; the last-four fields
/// cannot, by type.
#[derive(Debug, Clone)]
pub struct Event<'a> {
    pub project_id: &'a str,
    pub client_id: &'a str,
    pub action: Action,
    pub phase: Phase,
    pub request_id: Option<&'a str>,
    pub secret_last_four: LastFour,
    pub next_secret_last_four: Option<LastFour>,
    /// A verify: the last four of the secret that was tried (the one given to `rotate complete`
    /// may not be the pending one).
    pub tried_secret_last_four: Option<LastFour>,
    /// `stdout`, `keyring` or `file:PATH`.
    pub destination: Option<&'a str>,
    pub exit_code: Option<i32>,
    pub error_type: Option<&'a str>,
    /// A short note, e.g. a deploy command's exit status.
    pub detail: Option<&'a str>,
}

impl<'a> Event<'a> {
    /// An event with only the required fields set; fill the optional ones with struct update
    /// syntax or by assignment.
    pub fn new(
        project_id: &'a str,
        client_id: &'a str,
        action: Action,
        phase: Phase,
        secret_last_four: LastFour,
    ) -> Event<'a> {
        Event {
            project_id,
            client_id,
            action,
            phase,
            request_id: None,
            secret_last_four,
            next_secret_last_four: None,
            tried_secret_last_four: None,
            destination: None,
            exit_code: None,
            error_type: None,
            detail: None,
        }
    }
}

/// One line of `journal.jsonl`. Unknown fields are ignored on read; absent optional fields are
/// omitted on write.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// RFC 3339, UTC, milliseconds.
    pub time: String,
    pub run_id: String,
    pub project_id: String,
    pub client_id: String,
    pub action: Action,
    pub phase: Phase,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    #[serde(default)]
    pub secret_last_four: LastFour,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_secret_last_four: Option<LastFour>,
    /// A verify: the last four of the secret that was tried.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tried_secret_last_four: Option<LastFour>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exit_code: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    #[serde(default)]
    pub host: String,
    #[serde(default)]
    pub user: String,
    #[serde(default)]
    pub version: String,
    /// The subcommand that wrote it, e.g. `rotate run` (absent in entries of older versions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub command: Option<String>,
    /// The writing process's id, to name a run that did not finish.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pid: Option<u32>,
}

/// A compact way for tests to build entries.
#[cfg(test)]
pub(crate) fn sample(
    project: &str,
    client: &str,
    run: &str,
    action: Action,
    phase: Phase,
) -> Entry {
    Entry {
        time: "2025-01-02T03:04:05.678Z".to_string(),
        run_id: run.to_string(),
        project_id: project.to_string(),
        client_id: client.to_string(),
        action,
        phase,
        request_id: None,
        secret_last_four: LastFour::new("abcd"),
        next_secret_last_four: None,
        tried_secret_last_four: None,
        destination: None,
        exit_code: None,
        error_type: None,
        detail: None,
        host: "h".to_string(),
        user: "u".to_string(),
        version: "0.0.0".to_string(),
        command: None,
        pid: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_four_keeps_at_most_four_chars() {
        assert_eq!(LastFour::new("secret-abcdWXYZ").as_str(), "WXYZ");
        assert_eq!(LastFour::new("ab").as_str(), "ab");
        assert_eq!(LastFour::new("").as_str(), "");
        assert_eq!(LastFour::new("ééééé").as_str(), "éééé");
    }

    #[test]
    fn last_four_is_cut_on_read_too() {
        let line = r#"{"time":"t","run_id":"r","project_id":"p","client_id":"c",
            "action":"start","phase":"ok","secret_last_four":"a-whole-secret"}"#;
        let entry: Entry = serde_json::from_str(line).unwrap();
        assert_eq!(entry.secret_last_four.as_str(), "cret");
    }

    #[test]
    fn optional_fields_are_omitted_and_unknown_fields_tolerated() {
        let line = r#"{"time":"t","run_id":"r","project_id":"p","client_id":"c",
            "action":"verify","phase":"failed","future_field":[1,2]}"#;
        let entry: Entry = serde_json::from_str(line).unwrap();
        assert_eq!(entry.action, Action::Verify);
        let json = serde_json::to_string(&entry).unwrap();
        assert!(!json.contains("request_id"), "{json}");
        assert!(!json.contains("future_field"), "{json}");
        assert!(json.contains(r#""phase":"failed""#), "{json}");
    }
}
