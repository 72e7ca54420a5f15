//! Where the journal and the lock files live, and how the directories and files are created
//! (0700 directories, 0600 files on unix).

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use super::JournalError;

/// The environment variable that overrides the state directory (when set and non-empty).
pub const STATE_DIR_ENV: &str = "STYTCH_M2M_STATE_DIR";
/// The one environment variable that moves the lock files (when set and non-empty).
pub const LOCK_DIR_ENV: &str = "STYTCH_M2M_LOCK_DIR";

const APP_DIR: &str = "stytch-m2m";
const JOURNAL_FILE: &str = "journal.jsonl";
const LOCKS_DIR: &str = "locks";

/// The directory holding `journal.jsonl`. Resolving it creates nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateDir {
    path: PathBuf,
}

impl StateDir {
    /// `STYTCH_M2M_STATE_DIR` if set and non-empty, else the platform state directory:
    /// `$XDG_STATE_HOME/stytch-m2m` or `~/.local/state/stytch-m2m` on Linux, the local data
    /// directory (`…/stytch-m2m`) on macOS and Windows.
    pub fn from_env() -> Result<StateDir, JournalError> {
        resolve(std::env::var_os(STATE_DIR_ENV), platform_base())
            .map(|path| StateDir { path })
            .ok_or(JournalError::NoStateDir)
    }

    /// A state directory at an explicit path (tests, or a path the caller resolved itself).
    #[cfg(test)]
    pub fn at(path: impl Into<PathBuf>) -> StateDir {
        StateDir { path: path.into() }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn journal_path(&self) -> PathBuf {
        self.path.join(JOURNAL_FILE)
    }
}

/// The directory holding the per-client lock files: one per OS account, so that two runs for
/// one client meet at the same lock whatever `STYTCH_M2M_STATE_DIR`, `HOME` or `--no-journal`
/// say. Resolving it creates nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockDir {
    path: PathBuf,
}

impl LockDir {
    /// `STYTCH_M2M_LOCK_DIR` if set and non-empty, else under the home directory the OS
    /// account database gives the effective user (never `$HOME`):
    /// `<home>/.local/state/stytch-m2m/locks` (Linux and other unix),
    /// `<home>/Library/Application Support/stytch-m2m/locks` (macOS); on Windows the local
    /// data directory's `stytch-m2m\locks`.
    pub fn from_env() -> Result<LockDir, JournalError> {
        match std::env::var_os(LOCK_DIR_ENV) {
            Some(value) if !value.is_empty() => Some(PathBuf::from(value)),
            _ => platform_lock_dir(),
        }
        .map(|path| LockDir { path })
        .ok_or(JournalError::NoLockDir)
    }

    /// A lock directory at an explicit path (tests).
    #[cfg(test)]
    pub fn at(path: impl Into<PathBuf>) -> LockDir {
        LockDir { path: path.into() }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// The per-account lock directory; `None` when the account has no home directory.
fn platform_lock_dir() -> Option<PathBuf> {
    #[cfg(unix)]
    let base = {
        let home = account_home()?;
        if cfg!(target_os = "macos") {
            home.join("Library").join("Application Support")
        } else {
            home.join(".local").join("state")
        }
    };
    #[cfg(not(unix))]
    let base = dirs::data_local_dir()?;
    Some(base.join(APP_DIR).join(LOCKS_DIR))
}

/// The home directory of the effective user as the account database has it (`getpwuid_r`),
/// whatever `HOME` says; `None` without an entry or with a relative one.
#[cfg(unix)]
pub(crate) fn account_home() -> Option<PathBuf> {
    use std::os::unix::ffi::OsStrExt;
    with_account_entry(|entry| {
        // SAFETY: `with_account_entry` passes only a found entry, whose strings it keeps alive.
        let dir = unsafe { c_field(entry.pw_dir)? };
        let path = PathBuf::from(std::ffi::OsStr::from_bytes(dir));
        path.is_absolute().then_some(path)
    })
}

/// The login name of the effective user in the account database (`getpwuid_r`), lossily
/// decoded; `None` without an entry or with an empty name.
#[cfg(unix)]
pub(crate) fn account_name() -> Option<String> {
    with_account_entry(|entry| {
        // SAFETY: as in `account_home`.
        let name = unsafe { c_field(entry.pw_name)? };
        (!name.is_empty()).then(|| String::from_utf8_lossy(name).into_owned())
    })
}

/// The bytes of a NUL-terminated string field of a passwd entry; `None` if it is null.
///
/// # Safety
/// `field` is null or points to a NUL-terminated string that outlives the returned slice.
#[cfg(unix)]
unsafe fn c_field<'a>(field: *const libc::c_char) -> Option<&'a [u8]> {
    // SAFETY: the caller's promise.
    (!field.is_null()).then(|| unsafe { std::ffi::CStr::from_ptr(field) }.to_bytes())
}

/// Looks up the effective user's account entry and reads from it while its strings are valid.
#[cfg(unix)]
fn with_account_entry<T>(read: impl FnOnce(&libc::passwd) -> Option<T>) -> Option<T> {
    let mut buf = vec![0u8; 1024];
    loop {
        // SAFETY: an all-zero passwd is a valid value (null pointers, zero ids).
        let mut entry: libc::passwd = unsafe { std::mem::zeroed() };
        let mut found: *mut libc::passwd = std::ptr::null_mut();
        // SAFETY: every pointer is valid for the call, and `buf` for `buf.len()` bytes.
        let rc = unsafe {
            libc::getpwuid_r(
                libc::geteuid(),
                &mut entry,
                buf.as_mut_ptr().cast::<libc::c_char>(),
                buf.len(),
                &mut found,
            )
        };
        if rc == libc::ERANGE && buf.len() < 1 << 20 {
            buf.resize(buf.len() * 2, 0);
            continue;
        }
        if rc != 0 || found.is_null() {
            return None;
        }
        // The entry's strings point into `buf`, alive until this function returns.
        return read(&entry);
    }
}

/// The platform's base directory for per-user state; `None` without a home directory.
fn platform_base() -> Option<PathBuf> {
    if cfg!(any(target_os = "macos", target_os = "windows")) {
        dirs::data_local_dir()
    } else {
        dirs::state_dir().or_else(dirs::data_local_dir)
    }
}

/// The override wins when non-empty; otherwise `<base>/stytch-m2m`.
fn resolve(env_value: Option<OsString>, base: Option<PathBuf>) -> Option<PathBuf> {
    match env_value {
        Some(value) if !value.is_empty() => Some(PathBuf::from(value)),
        _ => base.map(|b| b.join(APP_DIR)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn override_wins_when_non_empty() {
        let got = resolve(
            Some("/x/state".into()),
            Some(PathBuf::from("/home/u/.local/state")),
        );
        assert_eq!(got, Some(PathBuf::from("/x/state")));
    }

    #[test]
    fn empty_override_falls_back_to_platform_dir() {
        let got = resolve(Some(OsString::new()), Some(PathBuf::from("/base")));
        assert_eq!(got, Some(PathBuf::from("/base").join(APP_DIR)));
        assert_eq!(resolve(None, Some(PathBuf::from("/base"))), got);
    }

    #[test]
    fn no_override_and_no_home_is_none() {
        assert_eq!(resolve(None, None), None);
    }

    #[test]
    fn paths_inside_the_state_dir() {
        let dir = StateDir::at("/s");
        assert_eq!(
            dir.journal_path(),
            PathBuf::from("/s").join("journal.jsonl")
        );
    }

    /// The lock directory hangs off the account's home, which `HOME` does not move: the test
    /// process's `HOME` may be anything, the account database's entry is what counts.
    #[cfg(unix)]
    #[test]
    fn the_lock_dir_is_under_the_account_home_not_home() {
        let home = account_home().expect("the test user has an account entry");
        assert!(home.is_absolute());
        let dir = platform_lock_dir().unwrap();
        assert!(dir.starts_with(&home), "{}", dir.display());
        assert!(dir.ends_with(Path::new(APP_DIR).join(LOCKS_DIR)));
        // SAFETY: geteuid has no preconditions.
        let uid = unsafe { libc::geteuid() };
        let passwd = std::fs::read_to_string("/etc/passwd").unwrap_or_default();
        let listed = passwd.lines().find_map(|line| {
            let fields: Vec<&str> = line.split(':').collect();
            (fields.get(2) == Some(&uid.to_string().as_str())).then(|| fields[5].to_owned())
        });
        if let Some(listed) = listed {
            assert_eq!(home, PathBuf::from(listed));
        }
    }
}
