//! The rotation record kept on the client itself, in `trusted_metadata.stytch_m2m`: what a run
//! on another machine (a new CI runner) needs to know about this client's rotation, and when it
//! was last rotated (Stytch keeps no timestamps). Pure: reading, checking and building records;
//! writing them is the caller's.
//!
//! A record never holds a secret or a path: last fours, a custody kind, who and when.

use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::sanitize::sanitize;

/// The one top-level key of `trusted_metadata` this tool writes.
pub const KEY: &str = "stytch_m2m";
/// The record format this version writes and trusts.
pub const VERSION: u64 = 1;
/// A record is at most this many bytes as JSON.
pub const MAX_BYTES: usize = 512;
/// Stytch's metadata limits: top-level keys and bytes of the whole object.
pub const METADATA_KEYS: usize = 20;
pub const METADATA_BYTES: usize = 4096;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    Idle,
    Rotating,
}

/// Who wrote the record.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct By {
    pub host: String,
    pub user: String,
    pub version: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ci_url: Option<String>,
}

impl By {
    /// This process: host, user, version, and the CI run's URL when a CI says it
    /// (GitHub Actions, GitLab, or `STYTCH_M2M_RUN_URL`).
    pub fn here(host: &str, user: &str) -> By {
        By {
            host: cut(host, 64),
            user: cut(user, 32),
            version: env!("CARGO_PKG_VERSION").to_owned(),
            ci_url: ci_url().map(|u| cut(&u, 200)),
        }
    }
}

fn ci_url() -> Option<String> {
    let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    if let (Some(server), Some(repo), Some(run)) = (
        var("GITHUB_SERVER_URL"),
        var("GITHUB_REPOSITORY"),
        var("GITHUB_RUN_ID"),
    ) {
        return Some(format!("{server}/{repo}/actions/runs/{run}"));
    }
    var("CI_JOB_URL").or_else(|| var("STYTCH_M2M_RUN_URL"))
}

fn cut(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

/// `trusted_metadata.stytch_m2m`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    pub v: u64,
    pub state: State,
    pub run_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_secret_last_four: Option<String>,
    /// `keyring`, `file`, `stdout`, `deploy` or `memory`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custody: Option<String>,
    pub by: By,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lease_until: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_rotated_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_secret_last_four: Option<String>,
}

/// What a client's `trusted_metadata` holds under [`KEY`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    Nothing,
    Trusted(Box<Record>),
    /// Written by a newer version, or not a record at all: never acted on, never overwritten
    /// unless asked. The reason names which.
    Untrusted(String),
}

/// Reads the record from a client's `trusted_metadata` (any JSON; absent or `null` is nothing).
pub fn read(metadata: &Value) -> Found {
    let Some(value) = metadata.get(KEY).filter(|v| !v.is_null()) else {
        return Found::Nothing;
    };
    match value.get("v").and_then(Value::as_u64) {
        Some(v) if v > VERSION => {
            return Found::Untrusted(format!("it was written by a newer version (format {v})"))
        }
        Some(_) => {}
        None => return Found::Untrusted("it has no format version".into()),
    }
    match serde_json::from_value::<Record>(value.clone()) {
        Ok(record) if record.plausible() => Found::Trusted(Box::new(record)),
        Ok(_) => Found::Untrusted("it holds values no record of this tool has".into()),
        Err(_) => Found::Untrusted("it is not a record of this tool".into()),
    }
}

/// Whether `record` fits next to the client's other metadata: Stytch allows 20 top-level keys
/// and 4 KB in all. `Err` says what is full.
pub fn room(metadata: &Value, record: &Record) -> Result<(), String> {
    let mut merged = match metadata {
        Value::Object(m) => m.clone(),
        _ => serde_json::Map::new(),
    };
    merged.insert(KEY.to_owned(), record.to_value());
    if merged.len() > METADATA_KEYS {
        return Err(format!(
            "it has {} other top-level keys, and Stytch allows {METADATA_KEYS} in all",
            merged.len() - 1
        ));
    }
    let bytes = Value::Object(merged).to_string().len();
    if bytes > METADATA_BYTES {
        return Err(format!(
            "with the record it would take {bytes} bytes, over Stytch's {METADATA_BYTES}"
        ));
    }
    Ok(())
}

impl Record {
    /// A new idle record of this run.
    pub fn new(run_id: &str, by: By) -> Record {
        Record {
            v: VERSION,
            state: State::Idle,
            run_id: run_id.to_owned(),
            step: None,
            step_at: None,
            started_at: None,
            next_secret_last_four: None,
            custody: None,
            by,
            lease_until: None,
            last_rotated_at: None,
            last_secret_last_four: None,
        }
    }

    /// Last fours are four characters at most; the record fits [`MAX_BYTES`].
    fn plausible(&self) -> bool {
        let four = |f: &Option<String>| f.as_ref().is_none_or(|f| f.chars().count() <= 4);
        four(&self.next_secret_last_four)
            && four(&self.last_secret_last_four)
            && self.to_value().to_string().len() <= MAX_BYTES * 2
    }

    pub fn to_value(&self) -> Value {
        serde_json::to_value(self).expect("a record always serialises")
    }

    /// Whether another run holds the client at `now`: its lease has not run out.
    pub fn leased_at(&self, now: SystemTime) -> bool {
        self.lease_until
            .as_deref()
            .and_then(|t| humantime::parse_rfc3339(t).ok())
            .is_some_and(|until| until > now)
    }

    /// `run 1a2b… on host ci-7 (https://…/runs/42), step deploy since 2026-…Z`, sanitized: a
    /// record is text anyone with the project secret could have written.
    pub fn holder(&self) -> String {
        let ci = self
            .by
            .ci_url
            .as_deref()
            .map_or(String::new(), |u| format!(" ({})", sanitize(u)));
        let step = match (&self.step, &self.step_at) {
            (Some(step), Some(at)) => format!(", step {} since {}", sanitize(step), sanitize(at)),
            _ => String::new(),
        };
        format!(
            "run {} on host {}{ci}{step}",
            sanitize(&self.run_id),
            sanitize(&self.by.host)
        )
    }
}

/// `now + lease`, RFC 3339 UTC.
pub fn until(now: SystemTime, lease: Duration) -> String {
    rfc3339(now + lease)
}

pub fn rfc3339(t: SystemTime) -> String {
    humantime::format_rfc3339_seconds(t).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn record() -> Record {
        Record::new("0123456789abcdef", By::here("host-1", "ci"))
    }

    #[test]
    fn a_record_round_trips_and_stays_small() {
        let mut r = record();
        r.state = State::Rotating;
        r.step = Some("deploy".into());
        r.next_secret_last_four = Some("wxyz".into());
        r.lease_until = Some(until(SystemTime::now(), Duration::from_secs(900)));
        r.by.ci_url = Some("x".repeat(200));
        assert!(
            r.to_value().to_string().len() <= MAX_BYTES,
            "{}",
            r.to_value()
        );
        let meta = json!({ "team": "a", KEY: r.to_value() });
        assert_eq!(read(&meta), Found::Trusted(Box::new(r)));
        assert_eq!(read(&json!({ "team": "a" })), Found::Nothing);
        assert_eq!(read(&json!({ KEY: null })), Found::Nothing);
    }

    #[test]
    fn newer_or_malformed_records_are_not_trusted() {
        let mut newer = record().to_value();
        newer["v"] = 2.into();
        assert!(matches!(read(&json!({ KEY: newer })), Found::Untrusted(w) if w.contains("newer")));
        assert!(matches!(read(&json!({ KEY: "text" })), Found::Untrusted(_)));
        assert!(matches!(
            read(&json!({ KEY: { "v": 1 } })),
            Found::Untrusted(_)
        ));
        let mut long = record().to_value();
        long["next_secret_last_four"] = "a-whole-secret".into();
        assert!(matches!(read(&json!({ KEY: long })), Found::Untrusted(_)));
    }

    #[test]
    fn room_counts_keys_and_bytes() {
        let r = record();
        let mut full = serde_json::Map::new();
        for i in 0..20 {
            full.insert(format!("k{i}"), 1.into());
        }
        assert!(room(&Value::Object(full.clone()), &r)
            .unwrap_err()
            .contains("20"));
        full.remove("k0");
        assert_eq!(room(&Value::Object(full), &r), Ok(()));
        let big = json!({ "blob": "x".repeat(4000) });
        assert!(room(&big, &r).unwrap_err().contains("bytes"));
        // Our own key does not count twice.
        let mut ours = serde_json::Map::new();
        for i in 0..19 {
            ours.insert(format!("k{i}"), 1.into());
        }
        ours.insert(KEY.into(), r.to_value());
        assert_eq!(room(&Value::Object(ours), &r), Ok(()));
    }

    #[test]
    fn a_lease_holds_until_its_time() {
        let mut r = record();
        let now = SystemTime::now();
        assert!(!r.leased_at(now));
        r.lease_until = Some(until(now, Duration::from_secs(60)));
        assert!(r.leased_at(now));
        assert!(!r.leased_at(now + Duration::from_secs(120)));
    }
}
