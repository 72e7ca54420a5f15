//! The journal's typed errors: each names the path and the OS cause, and says what to do.

use std::fmt;
use std::io;
use std::path::PathBuf;
use std::time::Duration;

use super::lock::LockHolder;
use super::private::NotPrivate;

/// What can go wrong while resolving the state directory, writing or reading the journal, or
/// taking a per-client lock. None of these ever carries a secret.
#[derive(Debug)]
pub enum JournalError {
    /// Neither `STYTCH_M2M_STATE_DIR` nor a platform state directory (no home directory).
    NoStateDir,
    /// Neither `STYTCH_M2M_LOCK_DIR` nor a home directory of the OS account.
    NoLockDir,
    /// The lock directory could not be created.
    LockDir { path: PathBuf, source: io::Error },
    /// The state directory (or the locks directory) could not be created.
    CreateDir { path: PathBuf, source: io::Error },
    /// The journal file could not be created or opened for appending.
    Open { path: PathBuf, source: io::Error },
    /// Appending an entry (or syncing it to disk) failed.
    Write { path: PathBuf, source: io::Error },
    /// The journal exists but could not be read.
    Read { path: PathBuf, source: io::Error },
    /// A lock file could not be created, opened, locked or rewritten.
    Lock { path: PathBuf, source: io::Error },
    /// The state or lock directory, the journal or a lock file is not this user's alone (a
    /// symlink, another owner, writable by others): refused and left as it is.
    NotPrivate(Box<NotPrivate>),
    /// Another run holds the lock for this (project, client) and did not let go in time.
    Locked {
        path: PathBuf,
        project_id: String,
        client_id: String,
        holder: Option<Box<LockHolder>>,
        waited: Duration,
    },
}

impl JournalError {
    /// One sentence telling the user how to get past this error.
    pub fn hint(&self) -> String {
        match self {
            JournalError::NotPrivate(n) => n.hint(),
            JournalError::Locked { holder, .. } => {
                let who = holder
                    .as_ref()
                    .map(|h| match h.deploy_pid {
                        Some(pid) => format!(
                            "wait for {} to finish (the lock is held until that run, its \
                             deploy or check, pid {pid}, and every process they started have \
                             ended, even if the run itself was killed)",
                            h.describe()
                        ),
                        None => format!("wait for {} to finish", h.describe()),
                    })
                    .unwrap_or_else(|| "wait for the other run to finish".to_string());
                format!("{who}, or pass --lock-timeout SECONDS to wait longer")
            }
            JournalError::NoLockDir | JournalError::LockDir { .. } | JournalError::Lock { .. } => {
                "set STYTCH_M2M_LOCK_DIR to a directory of your own that every run for these \
                 clients uses (--no-journal does not turn the locks off)"
                    .to_string()
            }
            JournalError::Read { .. } => {
                "make the journal readable, or set STYTCH_M2M_STATE_DIR to another directory"
                    .to_string()
            }
            _ => "set STYTCH_M2M_STATE_DIR to a writable directory, or pass --no-journal \
                  (STYTCH_M2M_NO_JOURNAL=1) to run without a journal (the lock is still taken)"
                .to_string(),
        }
    }
}

impl fmt::Display for JournalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JournalError::NoStateDir => write!(
                f,
                "no state directory: STYTCH_M2M_STATE_DIR is not set and there is no home directory"
            ),
            JournalError::NotPrivate(n) => write!(f, "{n}"),
            JournalError::NoLockDir => write!(
                f,
                "no lock directory: STYTCH_M2M_LOCK_DIR is not set and the OS account has no home directory"
            ),
            JournalError::LockDir { path, source } => {
                write!(
                    f,
                    "cannot create the lock directory {}: {source}",
                    path.display()
                )
            }
            JournalError::CreateDir { path, source } => {
                write!(
                    f,
                    "cannot create the state directory {}: {source}",
                    path.display()
                )
            }
            JournalError::Open { path, source } => {
                write!(
                    f,
                    "cannot open the journal {} for writing: {source}",
                    path.display()
                )
            }
            JournalError::Write { path, source } => {
                write!(
                    f,
                    "cannot append to the journal {}: {source}",
                    path.display()
                )
            }
            JournalError::Read { path, source } => {
                write!(f, "cannot read the journal {}: {source}", path.display())
            }
            JournalError::Lock { path, source } => {
                write!(f, "cannot take the lock file {}: {source}", path.display())
            }
            JournalError::Locked {
                path,
                project_id,
                client_id,
                holder,
                waited,
            } => {
                write!(
                    f,
                    "client {client_id} of project {project_id} is locked by "
                )?;
                match holder {
                    Some(h) => write!(f, "{}", h.describe())?,
                    None => write!(f, "another run")?,
                }
                write!(
                    f,
                    " (waited {:.1} s; lock file {})",
                    waited.as_secs_f64(),
                    path.display()
                )
            }
        }
    }
}

impl std::error::Error for JournalError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            JournalError::CreateDir { source, .. }
            | JournalError::Open { source, .. }
            | JournalError::Write { source, .. }
            | JournalError::Read { source, .. }
            | JournalError::Lock { source, .. }
            | JournalError::LockDir { source, .. } => Some(source),
            JournalError::NoStateDir
            | JournalError::NoLockDir
            | JournalError::NotPrivate(_)
            | JournalError::Locked { .. } => None,
        }
    }
}
