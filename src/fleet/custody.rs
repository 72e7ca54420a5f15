//! Where a fleet's new secrets go, proven before anything is minted: the OS keyring (probed
//! once, one entry per client as `rotate start --keyring` makes it), or `--secret-dir DIR`
//! (created 0700 if absent; one new 0600 file per client, named by the escaped client id, every
//! one of them reserved up front).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::error::{Error, ErrorKind, Result};
use crate::sanitize::sanitize;
use crate::signals::Interrupts;
use crate::store::file::SecretFile;
use crate::store::keyring::Keyring;
use crate::stytch::ClientId;

/// The file name of a client's secret: the id as one URL path segment (every byte outside
/// `A-Za-z0-9-._~` percent-encoded), and a leading `.` encoded too, so no name is hidden, `.`
/// or `..`.
pub fn file_name(id: &ClientId) -> String {
    let name = id.segment();
    match name.strip_prefix('.') {
        Some(rest) => format!("%2E{rest}"),
        None => name,
    }
}

/// The directory, created (0700) if it is not there; absolute, for the journal.
pub fn prepare_dir(dir: &Path) -> Result<PathBuf> {
    let shown = sanitize(&dir.display().to_string());
    #[cfg_attr(not(unix), allow(unused_mut))]
    let mut builder = std::fs::DirBuilder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    match builder.create(dir) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && dir.is_dir() => {}
        Err(e) => {
            return Err(Error::new(
                ErrorKind::SecretFileUnwritable,
                format!("cannot create the directory {shown}: {e}; nothing was sent"),
            )
            .hint("choose a directory you can write to (--secret-dir DIR)"))
        }
    }
    Ok(std::path::absolute(dir).unwrap_or_else(|_| dir.to_owned()))
}

/// Reserves a new file for every client, or none: after the first that cannot be made, the
/// ones made are removed again and nothing is minted.
pub fn reserve_all<'a>(
    dir: &Path,
    ids: impl Iterator<Item = &'a ClientId>,
) -> Result<HashMap<String, SecretFile>> {
    let mut files: HashMap<String, SecretFile> = HashMap::new();
    for id in ids {
        let reserved = SecretFile::reserve(&dir.join(file_name(id))).and_then(|mut file| {
            file.park()?;
            Ok(file)
        });
        match reserved {
            Ok(file) => {
                files.insert(id.as_str().to_owned(), file);
            }
            Err(e) => {
                files.into_values().for_each(SecretFile::abandon);
                return Err(e.context(format!(
                    "the pre-flight of --secret-dir failed for {id}, so no rotation was started for any client"
                )));
            }
        }
    }
    Ok(files)
}

/// Dry run: the files that already exist (a real run would refuse them).
pub fn existing(dir: &Path, id: &ClientId) -> Option<PathBuf> {
    let path = dir.join(file_name(id));
    path.symlink_metadata().is_ok().then_some(path)
}

/// The keyring, reachable and unlocked, once for every client.
pub async fn probe_keyring(timeout: Duration, signals: &mut Interrupts) -> Result<Keyring> {
    let opened = async {
        let keyring = Keyring::open(timeout).await?;
        keyring.probe().await?;
        Ok(keyring)
    };
    signals.guard(opened, |e| e).await.map_err(|e| {
        e.context("the keyring's pre-flight failed, so no rotation was started")
            .without_keyring("use --secret-dir DIR instead of --keyring")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_escaped_ids() {
        let name = |s: &str| file_name(&ClientId::parse(s).unwrap());
        assert_eq!(name("m2m-client-test-1234"), "m2m-client-test-1234");
        assert_eq!(name("a/b"), "a%2Fb");
        assert_eq!(name("..x"), "%2E.x");
        assert_eq!(name("..x"), "%2E.x");
    }
}
