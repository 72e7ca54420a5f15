//! One exclusive OS file lock per (project, client), held for a whole mutating run. The OS
//! drops it when the holder exits or dies, so lock files are never deleted and no pid is
//! ever checked for liveness.

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
#[cfg(test)]
use std::path::Path;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::{Deserialize, Serialize};

use super::private::{check_dir, create_private_dir, open_private_file, Role};
use super::{process, JournalError, LockDir};
use crate::sanitize::sanitize;

/// How often a waiting taker tries again.
const POLL: Duration = Duration::from_millis(50);

/// Bytes kept as they are in lock file names: `[a-z0-9._~-]`. Upper-case letters are encoded
/// too, so that names stay distinct on case-insensitive file systems (macOS, Windows).
const KEPT_AS_IS: &AsciiSet = &with_upper_case(
    NON_ALPHANUMERIC
        .remove(b'.')
        .remove(b'_')
        .remove(b'~')
        .remove(b'-'),
);

const fn with_upper_case(set: AsciiSet) -> AsciiSet {
    let mut set = set;
    let mut c = b'A';
    while c <= b'Z' {
        set = set.add(c);
        c += 1;
    }
    set
}

/// Who holds a lock, as the holder wrote it into the lock file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockHolder {
    pub pid: u32,
    pub host: String,
    pub user: String,
    /// The subcommand, e.g. `rotate start`.
    pub command: String,
    /// RFC 3339, UTC.
    pub started: String,
    /// The pid of the latest deploy or check command the holder started (`rotate run`). That
    /// command, and every process it started, holds the lock too: it inherits the lock's open
    /// file, so the lock outlives a holder killed during its deploy. Absent in older files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deploy_pid: Option<u32>,
}

impl LockHolder {
    /// `pid 42 on host build-1 as user ci (rotate start, since 2025-…Z)`; the fields come from
    /// a file anyone could have written, so they are sanitized.
    pub fn describe(&self) -> String {
        let deploy = self.deploy_pid.map_or(String::new(), |pid| {
            format!("; its deploy or check: pid {pid}")
        });
        format!(
            "pid {} on host {} as user {} ({}, since {}{deploy})",
            self.pid,
            sanitize(&self.host),
            sanitize(&self.user),
            sanitize(&self.command),
            sanitize(&self.started)
        )
    }
}

/// The held lock for one (project, client). Dropping it releases the lock; the file stays.
#[derive(Debug)]
pub struct ClientLock {
    file: File,
    holder: LockHolder,
    #[cfg_attr(not(test), allow(dead_code))]
    path: PathBuf,
}

/// `<project>@<client>.lock`, each id percent-encoded: `@` is always encoded inside an id, so
/// distinct (project, client) pairs never share a file, and no name can be `.` or `..`.
pub fn lock_file_name(project_id: &str, client_id: &str) -> String {
    format!(
        "{}@{}.lock",
        utf8_percent_encode(project_id, KEPT_AS_IS),
        utf8_percent_encode(client_id, KEPT_AS_IS)
    )
}

impl ClientLock {
    /// Takes the lock for (project, client), waiting up to `timeout` (zero: try once) while
    /// another run holds it, then writes this run's [`LockHolder`] into the file (best effort:
    /// a full disk does not keep a run from locking). Creates the
    /// lock directory (0700) and the lock file (0600) as needed.
    pub fn acquire(
        dir: &LockDir,
        project_id: &str,
        client_id: &str,
        command: &str,
        timeout: Duration,
    ) -> Result<ClientLock, JournalError> {
        create_private_dir(dir.path())
            .and_then(|()| check_dir(dir.path(), Role::LockDir))
            .map_err(|e| match e {
                JournalError::CreateDir { path, source } => JournalError::LockDir { path, source },
                other => other,
            })?;
        let path = dir.path().join(lock_file_name(project_id, client_id));
        let lock_err = |source| JournalError::Lock {
            path: path.clone(),
            source,
        };
        let mut options = OpenOptions::new();
        options.read(true).write(true);
        let mut file = open_private_file(&path, &mut options, Role::LockFile, lock_err)?;
        let started = Instant::now();
        if !wait_for_lock(&file, timeout).map_err(lock_err)? {
            return Err(JournalError::Locked {
                holder: read_holder(&mut file),
                path,
                project_id: project_id.to_string(),
                client_id: client_id.to_string(),
                waited: started.elapsed(),
            });
        }
        let holder = LockHolder {
            pid: std::process::id(),
            host: process::host(),
            user: process::user(),
            command: command.to_string(),
            started: process::now_rfc3339(),
            deploy_pid: None,
        };
        // Best effort: the lock is held either way; another taker then says "another run".
        let _ = write_holder(&mut file, &holder);
        Ok(ClientLock { file, holder, path })
    }

    /// Records in the lock file that `pid` (a deploy or check command, which inherits the
    /// lock) now holds it too; best effort, like the first holder line.
    pub fn note_child(&mut self, pid: u32) {
        self.holder.deploy_pid = Some(pid);
        let _ = write_holder(&mut self.file, &self.holder);
    }

    /// The lock's file descriptor, for a child to inherit (unix); `None` where a child
    /// cannot hold the lock that way (Windows: the lock belongs to this process).
    #[cfg(unix)]
    pub fn inheritable_fd(&self) -> Option<i32> {
        use std::os::unix::io::AsRawFd;
        Some(self.file.as_raw_fd())
    }

    #[cfg(not(unix))]
    pub fn inheritable_fd(&self) -> Option<i32> {
        None
    }

    #[cfg(test)]
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for ClientLock {
    fn drop(&mut self) {
        // Closing the file releases the lock anyway; unlocking first makes it explicit.
        let _ = fs4::FileExt::unlock(&self.file);
    }
}

/// Who holds the lock of (project, client) right now, if anyone does. Creates nothing and
/// takes nothing: a shared lock tried once on the existing file, released at once.
pub fn holder_now(dir: &LockDir, project_id: &str, client_id: &str) -> Option<LockHolder> {
    let path = dir.path().join(lock_file_name(project_id, client_id));
    let mut file = super::private::open_to_read(&path).ok()?;
    match fs4::FileExt::try_lock_shared(&file) {
        Ok(()) => {
            let _ = fs4::FileExt::unlock(&file);
            None
        }
        Err(fs4::TryLockError::WouldBlock) => read_holder(&mut file).map(|h| *h),
        Err(fs4::TryLockError::Error(_)) => None,
    }
}

/// Tries to lock every [`POLL`] until `timeout` has passed; `Ok(false)` when it never could.
fn wait_for_lock(file: &File, timeout: Duration) -> io::Result<bool> {
    let start = Instant::now();
    loop {
        match fs4::FileExt::try_lock(file) {
            Ok(()) => return Ok(true),
            Err(fs4::TryLockError::WouldBlock) => {}
            Err(fs4::TryLockError::Error(e)) => return Err(e),
        }
        let elapsed = start.elapsed();
        if elapsed >= timeout {
            return Ok(false);
        }
        std::thread::sleep(POLL.min(timeout - elapsed));
    }
}

/// Rewrites the holder line in the locked file (checked when it was opened: a regular file of
/// ours with one name).
fn write_holder(file: &mut File, holder: &LockHolder) -> io::Result<()> {
    let mut text = serde_json::to_vec(holder).expect("a lock holder always serialises");
    text.push(b'\n');
    file.set_len(0)?;
    file.seek(SeekFrom::Start(0))?;
    file.write_all(&text)
}

/// Best effort: the holder may be rewriting the file, or (on Windows) the locked range may be
/// unreadable to others.
fn read_holder(file: &mut File) -> Option<Box<LockHolder>> {
    let mut text = String::new();
    file.seek(SeekFrom::Start(0)).ok()?;
    file.take(64 * 1024).read_to_string(&mut text).ok()?;
    serde_json::from_str(text.trim()).ok().map(Box::new)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn take(dir: &LockDir, client: &str, timeout_ms: u64) -> Result<ClientLock, JournalError> {
        let timeout = Duration::from_millis(timeout_ms);
        ClientLock::acquire(dir, "project-1", client, "rotate start", timeout)
    }

    #[test]
    fn second_taker_times_out_and_names_the_holder() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = LockDir::at(tmp.path().join("state").join("locks"));
        let held = take(&dir, "client-1", 0).unwrap();
        // A second, independent open file description: flock conflicts even in one process.
        let err = take(&dir, "client-1", 200).unwrap_err();
        let JournalError::Locked {
            path,
            holder,
            waited,
            client_id,
            ..
        } = &err
        else {
            panic!("expected Locked, got {err:?}");
        };
        assert_eq!(path, held.path());
        assert_eq!(client_id, "client-1");
        assert!(*waited >= Duration::from_millis(200), "{waited:?}");
        let holder = holder
            .as_ref()
            .expect("the holder is read from the lock file");
        assert_eq!(holder.pid, std::process::id());
        assert_eq!(holder.command, "rotate start");
        let pid = format!("pid {}", std::process::id());
        assert!(err.to_string().contains(&pid), "{err}");
        assert!(
            err.to_string().contains(&path.display().to_string()),
            "{err}"
        );
        assert!(err.hint().contains(&pid) && err.hint().contains("--lock-timeout"));
    }

    #[test]
    fn zero_timeout_tries_once() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = LockDir::at(tmp.path());
        let _held = take(&dir, "client-1", 0).unwrap();
        let err = take(&dir, "client-1", 0).unwrap_err();
        let JournalError::Locked { waited, .. } = err else {
            panic!("{err:?}")
        };
        assert!(waited < POLL, "{waited:?}");
    }

    #[test]
    fn dropping_the_guard_releases_and_keeps_the_file() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = LockDir::at(tmp.path());
        let held = take(&dir, "client-1", 0).unwrap();
        let path = held.path().to_path_buf();
        drop(held);
        assert!(path.exists());
        take(&dir, "client-1", 0).expect("free again after drop");
    }

    #[test]
    fn a_waiting_taker_gets_the_lock_once_it_is_released() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = LockDir::at(tmp.path());
        let held = take(&dir, "client-1", 0).unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let waiter_dir = dir.clone();
        let waiter = std::thread::spawn(move || {
            tx.send(()).unwrap();
            take(&waiter_dir, "client-1", 30_000).map(|_| ())
        });
        rx.recv().unwrap();
        drop(held);
        waiter
            .join()
            .unwrap()
            .expect("the waiter takes the released lock");
    }

    #[test]
    fn different_clients_and_projects_never_block_each_other() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = LockDir::at(tmp.path());
        let _a = take(&dir, "client-1", 0).unwrap();
        let _b = take(&dir, "client-2", 0).unwrap();
        let other_project =
            ClientLock::acquire(&dir, "project-2", "client-1", "deploy", Duration::ZERO);
        assert!(other_project.is_ok());
    }

    #[test]
    fn the_lock_file_names_its_holder_as_json() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = LockDir::at(tmp.path());
        let held = take(&dir, "client-1", 0).unwrap();
        let text = std::fs::read_to_string(held.path()).unwrap();
        let holder: LockHolder = serde_json::from_str(&text).unwrap();
        assert_eq!(holder.pid, std::process::id());
        assert_eq!(holder.command, "rotate start");
        assert!(holder.started.ends_with('Z'));
    }

    #[cfg(unix)]
    #[test]
    fn locks_dir_is_0700_and_lock_files_0600() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let dir = LockDir::at(tmp.path().join("state").join("locks"));
        let held = take(&dir, "client-1", 0).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(dir.path().parent().unwrap()), 0o700);
        assert_eq!(mode(dir.path()), 0o700);
        assert_eq!(mode(held.path()), 0o600);
    }

    #[test]
    fn names_escape_separators_and_upper_case() {
        assert_eq!(lock_file_name("p-1", "c.2_~"), "p-1@c.2_~.lock");
        assert_eq!(lock_file_name("a/b", "c"), "a%2Fb@c.lock");
        assert_eq!(lock_file_name("a%2Fb", "c"), "a%252%46b@c.lock");
        assert_eq!(lock_file_name("a@b", "c"), "a%40b@c.lock");
        assert_eq!(lock_file_name("A", ".."), "%41@...lock");
    }

    /// Splits a lock file name back into its ids; the property below shows that this
    /// inverts [`lock_file_name`] even after case folding, so names never collide.
    fn decode(name: &str) -> Option<(String, String)> {
        let (project, client) = name.strip_suffix(".lock")?.split_once('@')?;
        let text = |s| {
            percent_encoding::percent_decode_str(s)
                .decode_utf8()
                .ok()
                .map(String::from)
        };
        Some((text(project)?, text(client)?))
    }

    fn id() -> impl Strategy<Value = String> {
        proptest::string::string_regex("[aA@%/.2F4é~_ -]{0,8}|\\PC{0,12}").unwrap()
    }

    proptest! {
        #[test]
        fn names_decode_back_to_their_ids_even_lower_cased(project in id(), client in id()) {
            let name = lock_file_name(&project, &client);
            prop_assert!(name.is_ascii());
            prop_assert_eq!(decode(&name.to_lowercase()), Some((project, client)));
        }
    }
}
