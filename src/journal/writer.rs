//! Appending to `journal.jsonl`: one `write` of the whole line (O_APPEND), then `sync_data`,
//! so an entry is on disk before the request it announces is sent.

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::PathBuf;

use super::entry::{Entry, Event};
use super::private::{check_dir, create_private_dir, open_private_file, Role};
use super::{process, JournalError, StateDir};

/// The journal, open for appending. Opening it proves the state directory and the file
/// writable, so a mutating command can refuse before it sends anything.
#[derive(Debug)]
pub struct Journal {
    path: PathBuf,
    file: File,
    /// Whether this process already made sure the file ends on a line boundary.
    tail_checked: bool,
    host: String,
    user: String,
    command: Option<String>,
}

impl Journal {
    /// Creates the state directory (0700) and the journal (0600) if missing, and opens the
    /// journal for appending; refuses a state directory or journal that is not this user's
    /// alone (see `private`).
    pub fn open(dir: &StateDir) -> Result<Journal, JournalError> {
        create_private_dir(dir.path())?;
        check_dir(dir.path(), Role::StateDir)?;
        let path = dir.journal_path();
        let mut options = OpenOptions::new();
        options.read(true).append(true);
        let file = open_private_file(&path, &mut options, Role::Journal, |source| {
            JournalError::Open {
                path: path.clone(),
                source,
            }
        })?;
        Ok(Journal {
            path,
            file,
            tail_checked: false,
            host: process::host(),
            user: process::user(),
            command: None,
        })
    }

    /// Names the subcommand (`rotate run`) in every entry from now on.
    pub fn set_command(&mut self, command: &str) {
        self.command = Some(command.to_string());
    }

    /// Appends one entry and syncs it to disk before returning it. If an earlier run was cut
    /// off mid-line, the entry is preceded (in the same write) by a newline so it starts on a
    /// fresh line.
    pub fn record(&mut self, event: &Event<'_>) -> Result<Entry, JournalError> {
        let entry = self.entry(event);
        let mut line = Vec::with_capacity(256);
        if !self.tail_checked && !self.ends_on_line_boundary()? {
            line.push(b'\n');
        }
        serde_json::to_writer(&mut line, &entry).expect("an entry always serialises");
        line.push(b'\n');
        let written = write_once(&mut self.file, &line).and_then(|()| self.file.sync_data());
        // After a failure the file may end mid-line: check again before the next append.
        self.tail_checked = written.is_ok();
        written.map_err(|source| JournalError::Write {
            path: self.path.clone(),
            source,
        })?;
        Ok(entry)
    }

    fn entry(&self, event: &Event<'_>) -> Entry {
        let owned = |s: Option<&str>| s.map(str::to_string);
        Entry {
            time: process::now_rfc3339(),
            run_id: process::run_id().to_string(),
            project_id: event.project_id.to_string(),
            client_id: event.client_id.to_string(),
            action: event.action,
            phase: event.phase,
            request_id: owned(event.request_id),
            secret_last_four: event.secret_last_four.clone(),
            next_secret_last_four: event.next_secret_last_four.clone(),
            tried_secret_last_four: event.tried_secret_last_four.clone(),
            destination: owned(event.destination),
            exit_code: event.exit_code,
            error_type: owned(event.error_type),
            detail: owned(event.detail),
            host: self.host.clone(),
            user: self.user.clone(),
            version: env!("CARGO_PKG_VERSION").to_string(),
            command: self.command.clone(),
            pid: Some(std::process::id()),
        }
    }

    /// True when the file is empty or its last byte is a newline.
    fn ends_on_line_boundary(&mut self) -> Result<bool, JournalError> {
        let read_err = |source| JournalError::Read {
            path: self.path.clone(),
            source,
        };
        let len = self.file.metadata().map_err(read_err)?.len();
        if len == 0 {
            return Ok(true);
        }
        let mut last = [0u8; 1];
        self.file.seek(SeekFrom::Start(len - 1)).map_err(read_err)?;
        self.file.read_exact(&mut last).map_err(read_err)?;
        Ok(last[0] == b'\n')
    }
}

/// One `write` call carrying the whole buffer: with O_APPEND this keeps concurrent writers'
/// lines whole. A short write is an error (the rest is not appended after someone else's line).
fn write_once(file: &mut File, buf: &[u8]) -> io::Result<()> {
    loop {
        match file.write(buf) {
            Ok(n) if n == buf.len() => return Ok(()),
            Ok(n) => {
                return Err(io::Error::new(
                    io::ErrorKind::WriteZero,
                    format!("short write: {n} of {} bytes", buf.len()),
                ))
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::{read_history, Action, LastFour, Phase};

    fn start_event<'a>(client: &'a str, next: &str) -> Event<'a> {
        Event {
            request_id: Some("req-1"),
            next_secret_last_four: Some(LastFour::new(next)),
            destination: Some("keyring"),
            ..Event::new(
                "project-1",
                client,
                Action::Start,
                Phase::Ok,
                LastFour::new("abcd"),
            )
        }
    }

    #[test]
    fn appended_entries_read_back_equal() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = StateDir::at(tmp.path().join("state"));
        let mut journal = Journal::open(&dir).unwrap();
        let intent = Event::new(
            "project-1",
            "client-1",
            Action::Start,
            Phase::Intent,
            LastFour::new("abcd"),
        );
        let first = journal.record(&intent).unwrap();
        let second = journal.record(&start_event("client-1", "wxyz")).unwrap();
        let history = read_history(&dir).unwrap();
        assert_eq!(history.entries, vec![first.clone(), second.clone()]);
        assert!(history.skipped.is_empty());
        assert_eq!(first.run_id, second.run_id);
        assert_eq!(second.version, env!("CARGO_PKG_VERSION"));
        assert_eq!(second.next_secret_last_four, Some(LastFour::new("wxyz")));
    }

    #[test]
    fn each_entry_is_one_whole_line_on_disk_when_record_returns() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = StateDir::at(tmp.path());
        let mut journal = Journal::open(&dir).unwrap();
        for n in 1..=3 {
            journal.record(&start_event("client-1", "wxyz")).unwrap();
            // Read through a separate open file, as another process would.
            let text = std::fs::read_to_string(dir.journal_path()).unwrap();
            assert!(text.ends_with('\n'));
            assert_eq!(text.lines().count(), n);
            let last: Entry = serde_json::from_str(text.lines().last().unwrap()).unwrap();
            assert_eq!(last.request_id.as_deref(), Some("req-1"));
        }
    }

    #[test]
    fn torn_last_line_is_skipped_and_the_next_entry_starts_a_fresh_line() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = StateDir::at(tmp.path());
        let mut journal = Journal::open(&dir).unwrap();
        let whole = journal.record(&start_event("client-1", "wxyz")).unwrap();
        let torn = r#"{"time":"2025-01-02T03:04:05.678Z","run_id":"torn-secret-ish"#;
        std::fs::OpenOptions::new()
            .append(true)
            .open(dir.journal_path())
            .unwrap()
            .write_all(torn.as_bytes())
            .unwrap();
        let before = read_history(&dir).unwrap();
        assert_eq!(before.entries, vec![whole.clone()]);
        assert_eq!(before.skipped.len(), 1);
        assert_eq!(before.skipped[0].line, 2);
        assert!(
            before.skipped[0].reason.starts_with("cut off"),
            "{:?}",
            before.skipped
        );
        assert!(
            !before.skipped[0].reason.contains("torn"),
            "{:?}",
            before.skipped
        );

        let mut next_run = Journal::open(&dir).unwrap();
        let after_entry = next_run.record(&start_event("client-2", "efgh")).unwrap();
        let after = read_history(&dir).unwrap();
        assert_eq!(after.entries, vec![whole, after_entry]);
        assert_eq!(after.skipped.len(), 1);
        assert_eq!(after.skipped[0].line, 2);
        let text = std::fs::read_to_string(dir.journal_path()).unwrap();
        assert_eq!(text.lines().nth(1), Some(torn));
    }

    #[test]
    fn no_newline_is_added_when_the_file_ends_on_a_line() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = StateDir::at(tmp.path());
        Journal::open(&dir)
            .unwrap()
            .record(&start_event("c", "wxyz"))
            .unwrap();
        Journal::open(&dir)
            .unwrap()
            .record(&start_event("c", "wxyz"))
            .unwrap();
        let text = std::fs::read_to_string(dir.journal_path()).unwrap();
        assert_eq!(text.lines().count(), 2);
        assert!(!text.contains("\n\n"));
    }

    #[cfg(unix)]
    #[test]
    fn state_dir_is_0700_and_journal_0600() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let dir = StateDir::at(tmp.path().join("missing").join("state"));
        Journal::open(&dir).unwrap();
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(dir.path()), 0o700);
        assert_eq!(mode(&dir.journal_path()), 0o600);
    }

    #[test]
    fn unusable_state_dir_is_a_typed_error_naming_the_path() {
        let tmp = tempfile::tempdir().unwrap();
        // A regular file where a directory must be: fails even for root.
        let blocker = tmp.path().join("not-a-dir");
        std::fs::write(&blocker, b"").unwrap();
        let dir = StateDir::at(blocker.join("state"));
        let err = Journal::open(&dir).unwrap_err();
        assert!(
            matches!(&err, JournalError::CreateDir { path, .. } if *path == blocker.join("state"))
        );
        assert!(
            err.to_string()
                .contains(&blocker.join("state").display().to_string()),
            "{err}"
        );
        assert!(
            err.hint().contains("STYTCH_M2M_STATE_DIR"),
            "{}",
            err.hint()
        );
        assert!(err.hint().contains("--no-journal"), "{}", err.hint());
    }

    #[test]
    fn unopenable_journal_is_a_typed_error_naming_the_file() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = StateDir::at(tmp.path());
        std::fs::create_dir(dir.journal_path()).unwrap();
        let err = Journal::open(&dir).unwrap_err();
        assert!(matches!(&err, JournalError::Open { path, .. } if *path == dir.journal_path()));
        let shown = err.to_string();
        assert!(
            shown.contains(&dir.journal_path().display().to_string()),
            "{shown}"
        );
        assert!(std::error::Error::source(&err).is_some());
    }
}
