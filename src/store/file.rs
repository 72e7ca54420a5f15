//! `--secret-file PATH`: a new file, readable by its owner only from the first byte, reserved
//! before the secret is minted and written, synced and read back after. "Owner only" is mode
//! 0600 on Unix and a one-entry protected ACL on Windows (`windows_acl`); elsewhere the file is
//! refused.

#[cfg(windows)]
mod windows_acl;

use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, ErrorKind, Result};
use crate::redacted::Secret;
use crate::sanitize::sanitize;

/// A secret file that exists (empty) and is ours to fill.
#[derive(Debug)]
pub struct SecretFile {
    path: PathBuf,
    file: Option<File>,
    /// Closed by [`SecretFile::park`]: the [`identity`] of the file reserved.
    parked: Option<[u64; 4]>,
}

impl SecretFile {
    /// Pre-flight: creates the file new, owner only, refusing to overwrite anything (a symlink
    /// included). Creating it now proves the directory is writable and keeps the name ours.
    pub fn reserve(path: &Path) -> Result<SecretFile> {
        let shown = sanitize(&path.display().to_string());
        match create_owner_only(path) {
            Ok(file) => Ok(SecretFile {
                // Absolute, so that a next step printed or journaled works from anywhere.
                path: std::path::absolute(path).unwrap_or_else(|_| path.to_owned()),
                file: Some(file),
                parked: None,
            }),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(Error::new(
                ErrorKind::SecretFileExists,
                format!(
                    "{shown} already exists; stytch-m2m never overwrites a file. Nothing was sent"
                ),
            )
            .hint("choose a new path, or move the old file away first")),
            Err(e) => Err(Error::new(
                ErrorKind::SecretFileUnwritable,
                format!("cannot create {shown}: {e}. Nothing was sent"),
            )
            .hint("check that the directory exists and that you can write to it")),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Closes the reserved file but keeps its name, so that a fleet can reserve a file per
    /// client without running out of descriptors. Writing opens it again, and only if it is
    /// still the same empty file (not a link, not replaced).
    pub fn park(&mut self) -> Result<()> {
        let Some(file) = self.file.take() else {
            return Ok(());
        };
        let meta = file.metadata().map_err(|e| {
            let shown = sanitize(&self.path.display().to_string());
            Error::new(
                ErrorKind::SecretFileFailed,
                format!("could not read back {shown}: {e}. Nothing was sent"),
            )
        })?;
        self.parked = Some(identity(&meta));
        Ok(())
    }

    /// The parked file, opened again for writing: it must still be the empty file reserved.
    fn reopen(&mut self, parked: [u64; 4]) -> Result<File> {
        let shown = sanitize(&self.path.display().to_string());
        let mut options = OpenOptions::new();
        options.write(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.custom_flags(libc::O_NOFOLLOW);
        }
        let file = options.open(&self.path).map_err(|e| {
            Error::new(
                ErrorKind::SecretFileFailed,
                format!("could not open {shown} again: {e}"),
            )
        })?;
        let same = file
            .metadata()
            .is_ok_and(|m| identity(&m) == parked && m.len() == 0);
        if !same {
            return Err(Error::new(
                ErrorKind::SecretFileFailed,
                format!("{shown} was replaced, written to or given other permissions since it was reserved"),
            ));
        }
        Ok(file)
    }

    /// Writes the secret and a newline, syncs file and directory, then reads the file back by its
    /// path and compares.
    pub fn write_verified(&mut self, secret: &Secret) -> Result<()> {
        crate::inflight::test_panic_point("file-write");
        // Nothing is written yet: a file that replaced ours is not ours to remove.
        let file = match (self.file.take(), self.parked.take()) {
            (Some(file), _) => file,
            (None, Some(parked)) => self.reopen(parked)?,
            (None, None) => return Err(Error::internal("secret file written twice")),
        };
        let result = self.write_and_check(file, secret);
        if result.is_err() {
            // A half-written secret is worse than none: the caller hands the secret over elsewhere.
            let _ = std::fs::remove_file(&self.path);
        }
        result
    }

    fn write_and_check(&self, mut file: File, secret: &Secret) -> Result<()> {
        let shown = sanitize(&self.path.display().to_string());
        let fail = |what: &str, e: std::io::Error| {
            Error::new(
                ErrorKind::SecretFileFailed,
                format!("could not {what} {shown}: {e}"),
            )
        };
        // Exactly the secret's bytes: `kubectl create secret --from-file` and `vault kv put
        // k=@file` keep a trailing newline, and the stored value would then get no token.
        file.write_all(secret.expose().as_bytes())
            .map_err(|e| fail("write", e))?;
        file.sync_all().map_err(|e| fail("sync", e))?;
        crate::inflight::test_pause_point("file-written");
        drop(file);
        if let Some(dir) = self.path.parent() {
            let dir = if dir.as_os_str().is_empty() {
                Path::new(".")
            } else {
                dir
            };
            // Make the new name durable too; not every platform can open a directory.
            if let Ok(d) = File::open(dir) {
                let _ = d.sync_all();
            }
        }
        let mut back = zeroize::Zeroizing::new(String::new());
        File::open(&self.path)
            .and_then(|mut f| f.read_to_string(&mut back))
            .map_err(|e| fail("read back", e))?;
        if back.as_str() != secret.expose() {
            return Err(Error::new(
                ErrorKind::SecretFileMismatch,
                format!("{shown} does not hold what was written"),
            ));
        }
        Ok(())
    }

    /// Removes the reserved file when no secret is coming (the start failed); a parked file only
    /// if it is still the one reserved.
    pub fn abandon(mut self) {
        let ours = match (self.file.take(), self.parked.take()) {
            (Some(_), _) => true,
            (None, Some(parked)) => {
                std::fs::symlink_metadata(&self.path).is_ok_and(|m| identity(&m) == parked)
            }
            (None, None) => false,
        };
        if ours {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// What must not change between reserving a file and writing it: device and inode, and (as an
/// inode number can be reused by a file put in its place) its owner and mode. Elsewhere (Windows)
/// nothing is compared.
fn identity(meta: &std::fs::Metadata) -> [u64; 4] {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        [
            meta.dev(),
            meta.ino(),
            meta.uid().into(),
            meta.mode().into(),
        ]
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        [0; 4]
    }
}

/// Creates `path` new, readable and writable by the current user only from the first byte.
#[cfg(unix)]
fn create_owner_only(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
}

#[cfg(windows)]
use windows_acl::create_owner_only;

/// No owner-only file on this platform: refused rather than created readable by others.
#[cfg(not(any(unix, windows)))]
fn create_owner_only(_path: &Path) -> std::io::Result<File> {
    Err(std::io::Error::new(
        std::io::ErrorKind::Unsupported,
        "this platform has no way to make a file readable by its owner only; use the keyring or stdout",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserve_creates_a_new_empty_file_and_never_replaces_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("next-secret");
        let reserved = SecretFile::reserve(&path).unwrap();
        assert_eq!(std::fs::metadata(&path).unwrap().len(), 0);
        let err = SecretFile::reserve(&path).unwrap_err();
        assert_eq!(err.kind, ErrorKind::SecretFileExists);
        reserved.abandon();
        assert!(!path.exists());
    }

    #[cfg(unix)]
    #[test]
    fn on_unix_the_file_is_mode_0600() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("next-secret");
        let _reserved = SecretFile::reserve(&path).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    /// A parked file is closed, and written only if it is still the empty file reserved: not one
    /// put in its place, not one written to since. Neither is removed.
    #[cfg(unix)]
    #[test]
    fn a_parked_file_is_written_only_if_it_is_still_the_empty_file_reserved() {
        let dir = tempfile::tempdir().unwrap();
        let secret = Secret::new("s3cr3t-value".into());
        let path = dir.path().join("kept");
        let mut kept = SecretFile::reserve(&path).unwrap();
        kept.park().unwrap();
        kept.write_verified(&secret).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "s3cr3t-value");

        let path = dir.path().join("replaced");
        let mut replaced = SecretFile::reserve(&path).unwrap();
        replaced.park().unwrap();
        let other = dir.path().join("other");
        std::fs::File::create(&other).unwrap();
        std::fs::rename(&other, &path).unwrap();
        let err = replaced.write_verified(&secret).unwrap_err();
        assert_eq!(err.kind, ErrorKind::SecretFileFailed, "{}", err.message);
        assert!(err.message.ends_with(
            "was replaced, written to or given other permissions since it was reserved"
        ));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "", "left as found");
        // Nor is it removed when the start fails and the reservation is given up.
        let mut given_up = SecretFile::reserve(&path.with_extension("up")).unwrap();
        given_up.park().unwrap();
        std::fs::rename(&path, path.with_extension("up")).unwrap();
        given_up.abandon();
        assert!(path.with_extension("up").exists(), "left as found");
        let mut parked = SecretFile::reserve(&path).unwrap();
        parked.park().unwrap();
        parked.abandon();
        assert!(!path.exists(), "a parked file still ours is removed");

        let path = dir.path().join("written");
        let mut written = SecretFile::reserve(&path).unwrap();
        written.park().unwrap();
        std::fs::write(&path, "someone else's").unwrap();
        let err = written.write_verified(&secret).unwrap_err();
        assert_eq!(err.kind, ErrorKind::SecretFileFailed, "{}", err.message);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "someone else's");

        // A file put in its place under the same inode number (removed, another created) but
        // readable by others: here the mode of the reserved file itself is changed.
        use std::os::unix::fs::PermissionsExt;
        let path = dir.path().join("reused");
        let mut reused = SecretFile::reserve(&path).unwrap();
        reused.park().unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let err = reused.write_verified(&secret).unwrap_err();
        assert!(
            err.message.ends_with("since it was reserved"),
            "{}",
            err.message
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "");
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_is_never_followed() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("elsewhere");
        let link = dir.path().join("next-secret");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let err = SecretFile::reserve(&link).unwrap_err();
        assert_eq!(err.kind, ErrorKind::SecretFileExists);
        assert!(!target.exists());
    }
}
