//! Where the journal and the lock files live, and how the directory and files are created
//! (0700 directories, 0600 files on unix).

use std::ffi::OsString;
use std::fs::{File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

use super::JournalError;

/// The environment variable that overrides the state directory (when set and non-empty).
pub const STATE_DIR_ENV: &str = "STYTCH_M2M_STATE_DIR";

const APP_DIR: &str = "stytch-m2m";
const JOURNAL_FILE: &str = "journal.jsonl";
const LOCKS_DIR: &str = "locks";

/// The directory holding `journal.jsonl` and `locks/`. Resolving it creates nothing.
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

    pub fn locks_path(&self) -> PathBuf {
        self.path.join(LOCKS_DIR)
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

/// Creates `path` (and missing parents), mode 0700 on unix. An existing directory is left as
/// it is: the user may have pointed the override at a directory they own and manage.
pub(crate) fn create_private_dir(path: &Path) -> Result<(), JournalError> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder
        .create(path)
        .map_err(|source| JournalError::CreateDir {
            path: path.to_path_buf(),
            source,
        })
}

/// Opens (creating with mode 0600 on unix) a file this program owns, with the given options,
/// and narrows an existing file's mode to 0600 if group or others had any access.
pub(crate) fn open_private_file(path: &Path, options: &mut OpenOptions) -> io::Result<File> {
    options.create(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let file = options.open(path)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = file.metadata()?.permissions().mode();
        if mode & 0o077 != 0 {
            file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        }
    }
    Ok(file)
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
        assert_eq!(dir.locks_path(), PathBuf::from("/s").join("locks"));
    }

    #[cfg(unix)]
    #[test]
    fn created_dir_is_0700_and_files_0600() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("a").join("b");
        create_private_dir(&dir).unwrap();
        let mode = std::fs::metadata(&dir).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700);
        let file = dir.join("f");
        std::fs::write(&file, b"").unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        open_private_file(&file, OpenOptions::new().append(true)).unwrap();
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}
