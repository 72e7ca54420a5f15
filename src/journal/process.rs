//! Who is writing: this process's run id, host name, user name, and the current time, as
//! journaled and as written into lock files.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::OnceLock;
use std::time::{SystemTime, UNIX_EPOCH};

/// The id shared by every entry this process writes: 16 hex digits, random per process.
pub fn run_id() -> &'static str {
    static RUN_ID: OnceLock<String> = OnceLock::new();
    RUN_ID.get_or_init(new_run_id)
}

/// std's `RandomState` is keyed from the OS's random source; hashing the time and the pid with
/// it gives an unpredictable id without another dependency.
fn new_run_id() -> String {
    let mut hasher = RandomState::new().build_hasher();
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    hasher.write_u128(nanos);
    hasher.write_u32(std::process::id());
    format!("{:016x}", hasher.finish())
}

/// This machine's host name, lossily decoded; `unknown` if empty.
pub fn host() -> String {
    let name = gethostname::gethostname().to_string_lossy().into_owned();
    if name.is_empty() {
        "unknown".to_string()
    } else {
        name
    }
}

/// The login name from the environment (`USER`, `LOGNAME`, `USERNAME`), else the OS account's
/// (a cron job or a container may set none of them); `unknown` otherwise. Informational only:
/// nothing is decided on it.
pub fn user() -> String {
    ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .filter_map(std::env::var_os)
        .map(|v| v.to_string_lossy().into_owned())
        .find(|v| !v.is_empty())
        .or_else(account_name)
        .unwrap_or_else(|| "unknown".to_string())
}

#[cfg(unix)]
fn account_name() -> Option<String> {
    super::dir::account_name()
}

/// Windows sets `USERNAME` for every session.
#[cfg(not(unix))]
fn account_name() -> Option<String> {
    None
}

/// Now, RFC 3339 in UTC with milliseconds (`2025-01-02T03:04:05.678Z`).
pub fn now_rfc3339() -> String {
    humantime::format_rfc3339_millis(SystemTime::now()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_id_is_16_hex_digits_and_stable_within_the_process() {
        let id = run_id();
        assert_eq!(id.len(), 16);
        assert!(id.chars().all(|c| c.is_ascii_hexdigit()), "{id}");
        assert_eq!(run_id(), id);
        assert_ne!(new_run_id(), new_run_id());
    }

    #[test]
    fn time_is_rfc3339_utc_millis() {
        let t = now_rfc3339();
        assert_eq!(t.len(), "2025-01-02T03:04:05.678Z".len(), "{t}");
        assert!(t.ends_with('Z') && t.as_bytes()[10] == b'T', "{t}");
    }
}
