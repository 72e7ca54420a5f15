//! The state and lock directories and their files are this user's alone: directories 0700,
//! files 0600, and nothing in them is followed or changed unless it is a regular file of ours.
//! A symlink planted where the journal or a lock file belongs is refused, never opened (so the
//! file it points to is neither truncated, written nor `chmod`ed), as ssh refuses a `~/.ssh`
//! that others can write to.

use std::fmt;
use std::fs::{File, Metadata, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

use super::JournalError;
use crate::shell::quote;

/// What a directory or file is: it names the variable that moves it in the hints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    StateDir,
    Journal,
    LockDir,
    LockFile,
}

impl Role {
    fn name(self) -> &'static str {
        match self {
            Role::StateDir => "state directory",
            Role::Journal => "journal",
            Role::LockDir => "lock directory",
            Role::LockFile => "lock file",
        }
    }

    fn variable(self) -> &'static str {
        match self {
            Role::StateDir | Role::Journal => "STYTCH_M2M_STATE_DIR",
            Role::LockDir | Role::LockFile => "STYTCH_M2M_LOCK_DIR",
        }
    }

    fn is_dir(self) -> bool {
        matches!(self, Role::StateDir | Role::LockDir)
    }
}

/// Why a directory or file is not this user's alone (on Windows only the first two are found).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(not(unix), allow(dead_code))]
pub enum Problem {
    Symlink,
    WrongType,
    /// Owned by another uid (`ours` is the effective uid).
    Owner {
        uid: u32,
        ours: u32,
    },
    /// A file with more than one name: another name may be a file of the user's.
    HardLinks(u64),
    /// A directory that group or others may write to (the mode's permission bits).
    Writable(u32),
}

/// The refusal: which path, what it is, and what is wrong with it.
#[derive(Debug)]
pub struct NotPrivate {
    pub path: PathBuf,
    pub role: Role,
    pub problem: Problem,
}

impl fmt::Display for NotPrivate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (role, path) = (self.role.name(), self.path.display());
        match &self.problem {
            Problem::Symlink => write!(f, "the {role} {path} is a symbolic link"),
            Problem::WrongType if self.role.is_dir() => {
                write!(f, "the {role} {path} is not a directory")
            }
            Problem::WrongType => write!(f, "the {role} {path} is not a regular file"),
            Problem::Owner { uid, ours } => write!(
                f,
                "the {role} {path} belongs to uid {uid}, not to this user (uid {ours})"
            ),
            Problem::HardLinks(n) => write!(f, "the {role} {path} has {n} names (hard links)"),
            Problem::Writable(mode) => write!(
                f,
                "the {role} {path} is writable by group or others (mode {mode:04o})"
            ),
        }?;
        write!(f, "; it was left as it is")
    }
}

impl NotPrivate {
    pub fn hint(&self) -> String {
        let path = quote(&self.path.display().to_string());
        let elsewhere = format!("or set {} to a directory of your own", self.role.variable());
        match &self.problem {
            Problem::Writable(_) => {
                format!("make it yours alone (`chmod go-w {path}`) {elsewhere}")
            }
            Problem::Owner { .. } if self.role.is_dir() => {
                format!(
                    "the {} must be yours: run as its owner {elsewhere}",
                    self.role.name()
                )
            }
            _ if self.role.is_dir() => format!("move {path} out of the way {elsewhere}"),
            // A link, another user's file, a second name: removing the name touches nothing
            // else, and the tool then creates a file of its own.
            _ => format!(
                "remove it (`rm {path}` removes this name only, never what a link points to) \
                 and run again, {elsewhere}"
            ),
        }
    }
}

fn refuse(path: &Path, role: Role, problem: Problem) -> JournalError {
    JournalError::NotPrivate(Box::new(NotPrivate {
        path: path.to_path_buf(),
        role,
        problem,
    }))
}

/// The effective uid of this process.
#[cfg(unix)]
fn our_uid() -> u32 {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() }
}

/// What is wrong with `meta` (taken without following a final symlink, or from the open file)
/// for something in `role`; `None` when it is this user's alone.
#[cfg(unix)]
fn problem(meta: &Metadata, role: Role) -> Option<Problem> {
    use std::os::unix::fs::MetadataExt;
    let kind = meta.file_type();
    if kind.is_symlink() {
        return Some(Problem::Symlink);
    }
    if (role.is_dir() && !kind.is_dir()) || (!role.is_dir() && !kind.is_file()) {
        return Some(Problem::WrongType);
    }
    if meta.uid() != our_uid() {
        return Some(Problem::Owner {
            uid: meta.uid(),
            ours: our_uid(),
        });
    }
    if role.is_dir() && meta.mode() & 0o022 != 0 {
        return Some(Problem::Writable(meta.mode() & 0o7777));
    }
    if !role.is_dir() && meta.nlink() > 1 {
        return Some(Problem::HardLinks(meta.nlink()));
    }
    None
}

/// Windows: a reparse point (symlink, junction) is refused; ownership is not checked here
/// (the README says what holds there).
#[cfg(not(unix))]
fn problem(meta: &Metadata, role: Role) -> Option<Problem> {
    use std::os::windows::fs::MetadataExt;
    const FILE_ATTRIBUTE_REPARSE_POINT: u32 = 0x400;
    if meta.file_type().is_symlink() || meta.file_attributes() & FILE_ATTRIBUTE_REPARSE_POINT != 0 {
        return Some(Problem::Symlink);
    }
    if (role.is_dir() && !meta.is_dir()) || (!role.is_dir() && !meta.is_file()) {
        return Some(Problem::WrongType);
    }
    None
}

/// Checks an existing directory (the state or lock directory) without changing it. The path
/// itself may be a symlink the user made (`STYTCH_M2M_STATE_DIR=~/state`): what it leads to
/// is checked.
pub fn check_dir(path: &Path, role: Role) -> Result<(), JournalError> {
    let meta = std::fs::metadata(path).map_err(|source| JournalError::CreateDir {
        path: path.to_path_buf(),
        source,
    })?;
    match problem(&meta, role) {
        Some(found) => Err(refuse(path, role, found)),
        None => Ok(()),
    }
}

/// For read-only commands: what is wrong with the directory at `path`, if it exists.
pub fn dir_problem(path: &Path, role: Role) -> Option<JournalError> {
    match std::fs::metadata(path) {
        Ok(meta) => problem(&meta, role).map(|found| refuse(path, role, found)),
        Err(_) => None,
    }
}

/// For read-only commands: the journal (or a lock file) at `path` if it is a symlink or
/// otherwise not this user's; nothing when it is missing.
pub fn file_problem(path: &Path, role: Role) -> Option<JournalError> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) => problem(&meta, role).map(|found| refuse(path, role, found)),
        Err(_) => None,
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

/// Opens (creating with mode 0600 on unix) a file this program owns, never following a
/// symlink and never truncating; refuses, unchanged, anything but a regular file of this
/// user's with one name; then narrows the open file's mode to 0600 (`fchmod`) if group or
/// others had any access. `io_err` types the plain I/O failures.
pub(crate) fn open_private_file(
    path: &Path,
    options: &mut OpenOptions,
    role: Role,
    io_err: impl Fn(io::Error) -> JournalError,
) -> Result<File, JournalError> {
    options.create(true).truncate(false);
    no_follow(options);
    let file = match options.open(path) {
        Ok(file) => file,
        Err(e) => {
            // O_NOFOLLOW fails with ELOOP on a symlink: say so. Anything else (a directory
            // there, no permission) is the OS's own error.
            let link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
            return Err(if link {
                refuse(path, role, Problem::Symlink)
            } else {
                io_err(e)
            });
        }
    };
    let meta = file.metadata().map_err(&io_err)?;
    if let Some(found) = problem(&meta, role) {
        return Err(refuse(path, role, found));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if meta.permissions().mode() & 0o077 != 0 {
            file.set_permissions(std::fs::Permissions::from_mode(0o600))
                .map_err(&io_err)?;
        }
    }
    Ok(file)
}

/// Opens an existing file to read it, never following a symlink: for the journal and a lock
/// file's holder line.
pub(crate) fn open_to_read(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    no_follow(&mut options);
    options.open(path)
}

/// The flags that keep an open from following a final symlink or blocking: `O_NOFOLLOW`
/// (symlink: ELOOP), `O_NONBLOCK` (a FIFO planted there), `O_NOCTTY`; on Windows the reparse
/// point itself is opened, and then refused by [`problem`].
fn no_follow(options: &mut OpenOptions) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options
            .mode(0o600)
            .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    #[cfg(windows)]
    {
        use std::os::windows::fs::OpenOptionsExt;
        const FILE_FLAG_OPEN_REPARSE_POINT: u32 = 0x0020_0000;
        options.custom_flags(FILE_FLAG_OPEN_REPARSE_POINT);
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn open(path: &Path) -> Result<File, JournalError> {
        let mut options = OpenOptions::new();
        options.read(true).write(true);
        open_private_file(path, &mut options, Role::LockFile, |source| {
            JournalError::Lock {
                path: path.to_path_buf(),
                source,
            }
        })
    }

    fn not_private(err: JournalError) -> Problem {
        match err {
            JournalError::NotPrivate(n) => n.problem,
            other => panic!("expected NotPrivate, got {other:?}"),
        }
    }

    #[test]
    fn created_dir_is_0700_and_files_0600() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("a").join("b");
        create_private_dir(&dir).unwrap();
        let mode = std::fs::metadata(&dir).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700);
        check_dir(&dir, Role::StateDir).unwrap();
        let file = dir.join("f");
        std::fs::write(&file, b"kept").unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        open(&file).unwrap();
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        assert_eq!(std::fs::read(&file).unwrap(), b"kept", "never truncated");
    }

    #[test]
    fn a_symlink_hard_link_or_fifo_is_refused_and_left_as_it_is() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("target");
        std::fs::write(&target, b"the user's secret").unwrap();
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o644)).unwrap();
        let link = tmp.path().join("link");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        assert_eq!(not_private(open(&link).unwrap_err()), Problem::Symlink);
        let hard = tmp.path().join("hard");
        std::fs::hard_link(&target, &hard).unwrap();
        assert_eq!(not_private(open(&hard).unwrap_err()), Problem::HardLinks(2));
        let meta = std::fs::metadata(&target).unwrap();
        assert_eq!(meta.permissions().mode() & 0o777, 0o644, "not chmod-ed");
        assert_eq!(std::fs::read(&target).unwrap(), b"the user's secret");
        let fifo = tmp.path().join("fifo");
        let name = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
        assert_eq!(not_private(open(&fifo).unwrap_err()), Problem::WrongType);
    }

    #[test]
    fn a_directory_others_can_write_to_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("d");
        create_private_dir(&dir).unwrap();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o770)).unwrap();
        let err = check_dir(&dir, Role::LockDir).unwrap_err();
        let shown = err.to_string();
        assert!(
            shown.contains("writable by group or others (mode 0770)"),
            "{shown}"
        );
        assert!(err.hint().contains("chmod go-w"), "{}", err.hint());
        assert!(dir_problem(&dir, Role::LockDir).is_some());
        assert!(dir_problem(&tmp.path().join("missing"), Role::LockDir).is_none());
    }
}
