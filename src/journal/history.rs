//! Reading the journal back: parsing tolerantly (a torn or foreign line is skipped and
//! reported by number, never by content) and the queries the commands need.

use std::io;

use serde_json::error::Category;

use super::entry::{Action, Entry, Phase};
use super::{JournalError, StateDir};

/// Everything that could be read from the journal, in file (= time) order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    pub entries: Vec<Entry>,
    pub skipped: Vec<SkippedLine>,
}

/// A line that is not a journal entry: its 1-based number and why, never its content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedLine {
    pub line: usize,
    pub reason: String,
}

/// Reads the whole journal. Creates nothing: a missing directory or file is an empty history;
/// a journal that is a symlink (or not a regular file of this user's) is refused, not followed.
pub fn read_history(dir: &StateDir) -> Result<History, JournalError> {
    let path = dir.journal_path();
    if let Some(refused) = super::private::file_problem(&path, super::Role::Journal) {
        return Err(refused);
    }
    let read = |path: &std::path::Path| -> io::Result<Vec<u8>> {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut super::private::open_to_read(path)?, &mut bytes)?;
        Ok(bytes)
    };
    match read(&path) {
        Ok(bytes) => Ok(parse_history(&bytes)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(History::default()),
        Err(source) => Err(JournalError::Read { path, source }),
    }
}

/// Parses JSON Lines; blank lines are ignored, other unparsable lines are reported.
pub fn parse_history(bytes: &[u8]) -> History {
    let mut history = History::default();
    let ends_with_newline = bytes.last() == Some(&b'\n');
    let lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
    let count = lines.len();
    for (index, line) in lines.into_iter().enumerate() {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match serde_json::from_slice::<Entry>(line) {
            Ok(entry) => history.entries.push(entry),
            Err(err) => {
                let last_unterminated = index + 1 == count && !ends_with_newline;
                history.skipped.push(SkippedLine {
                    line: index + 1,
                    reason: reason(&err, last_unterminated),
                });
            }
        }
    }
    history
}

/// A reason without any of the line's text (serde_json's own messages quote values).
fn reason(err: &serde_json::Error, last_unterminated: bool) -> String {
    let what = match err.classify() {
        Category::Eof if last_unterminated => "cut off (an interrupted write)",
        Category::Eof => "cut off",
        Category::Syntax => "not valid JSON",
        Category::Data => "not a journal entry",
        Category::Io => "unreadable",
    };
    format!("{what} at column {}", err.column())
}

impl History {
    /// Entries of `project` and `client` (each `None` = any), the last `last` of them (`None` =
    /// all), oldest first.
    pub fn filtered(
        &self,
        project: Option<&str>,
        client: Option<&str>,
        last: Option<usize>,
    ) -> Vec<&Entry> {
        let matching: Vec<&Entry> = self
            .entries
            .iter()
            .filter(|e| project.is_none_or(|p| e.project_id == p))
            .filter(|e| client.is_none_or(|c| e.client_id == c))
            .collect();
        let skip = last.map_or(0, |n| matching.len().saturating_sub(n));
        matching.into_iter().skip(skip).collect()
    }

    fn of<'s, 'q>(
        &'s self,
        project: &'q str,
        client: &'q str,
    ) -> impl DoubleEndedIterator<Item = &'s Entry> + use<'s, 'q> {
        self.entries
            .iter()
            .filter(move |e| e.project_id == project && e.client_id == client)
    }

    /// The most recent entry for this client.
    #[cfg(test)]
    pub fn last_for(&self, project: &str, client: &str) -> Option<&Entry> {
        self.of(project, client).next_back()
    }

    /// The entries, oldest first, of the most recent run that wrote about this client. A
    /// `resume` entry is a run looking back at another one, so it neither picks the run nor is
    /// part of it.
    pub fn latest_run(&self, project: &str, client: &str) -> Vec<&Entry> {
        let worked = |e: &&Entry| e.action != Action::Resume;
        let Some(run) = self
            .of(project, client)
            .rfind(worked)
            .map(|e| e.run_id.as_str())
        else {
            return Vec::new();
        };
        self.of(project, client)
            .filter(worked)
            .filter(|e| e.run_id == run)
            .collect()
    }

    /// Whether a deploy of the pending secret ending in `next_last_four` began (whatever its
    /// outcome): from then on its consumers may hold it.
    pub fn deploy_began(&self, project: &str, client: &str, next_last_four: &str) -> bool {
        self.first_deploy(project, client, next_last_four).is_some()
    }

    /// The first journal entry of a deploy of the pending secret ending in `next_last_four`.
    pub fn first_deploy(
        &self,
        project: &str,
        client: &str,
        next_last_four: &str,
    ) -> Option<&Entry> {
        self.of(project, client).find(|e| {
            e.action == Action::Deploy
                && e.next_secret_last_four.as_ref().map(|l| l.as_str()) == Some(next_last_four)
        })
    }

    /// The most recent `rotate run` for this client, when it did not finish (no complete or
    /// cancel went through) and the pending secret ending in `next_last_four` is its own (or
    /// its start's answer never came): the entries of that run, oldest first.
    pub fn unfinished_run(
        &self,
        project: &str,
        client: &str,
        next_last_four: &str,
    ) -> Option<Vec<&Entry>> {
        let run = self.latest_run(project, client);
        let was_run = run.iter().any(|e| {
            e.command.as_deref() == Some("rotate run")
                || e.action == Action::Deploy
                || e.destination.as_deref() == Some("memory")
        });
        let finished = run
            .iter()
            .any(|e| matches!(e.action, Action::Complete | Action::Cancel) && e.phase == Phase::Ok);
        let names = |e: &&&Entry| {
            e.next_secret_last_four.as_ref().map(|l| l.as_str()) == Some(next_last_four)
        };
        let ours =
            run.iter().any(|e| names(&e)) || run.last().is_some_and(|e| e.action == Action::Start);
        (was_run && !finished && ours).then_some(run)
    }

    /// Where the pending secret ending in `next_last_four` went: the destination of the most
    /// recent successful `start` or `store` that names that next secret.
    pub fn pending_destination(
        &self,
        project: &str,
        client: &str,
        next_last_four: &str,
    ) -> Option<String> {
        self.of(project, client)
            .rev()
            .filter(|e| matches!(e.action, Action::Start | Action::Store) && e.phase == Phase::Ok)
            .find(|e| e.next_secret_last_four.as_ref().map(|l| l.as_str()) == Some(next_last_four))
            .and_then(|e| e.destination.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::entry::sample;
    use crate::journal::LastFour;

    #[test]
    fn missing_state_dir_reads_as_empty_and_creates_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        let missing = tmp.path().join("missing");
        let history = read_history(&StateDir::at(missing.join("state"))).unwrap();
        assert_eq!(history, History::default());
        assert!(!missing.exists());
        let empty_dir = StateDir::at(tmp.path());
        assert_eq!(read_history(&empty_dir).unwrap(), History::default());
        assert!(!empty_dir.journal_path().exists());
    }

    #[test]
    fn unparsable_lines_are_reported_by_number_without_content() {
        let good = serde_json::to_string(&sample("p", "c", "r", Action::Check, Phase::Ok)).unwrap();
        let text = format!("{good}\n\nnot json SECRETISH\n{{\"time\":\"SECRETISH\"}}\n{good}\n");
        let history = parse_history(text.as_bytes());
        assert_eq!(history.entries.len(), 2);
        let lines: Vec<usize> = history.skipped.iter().map(|s| s.line).collect();
        assert_eq!(lines, vec![3, 4]);
        assert!(history.skipped[0].reason.starts_with("not valid JSON"));
        assert!(history.skipped[1].reason.starts_with("not a journal entry"));
        assert!(history
            .skipped
            .iter()
            .all(|s| !s.reason.contains("SECRETISH")));
    }

    fn history() -> History {
        let mut entries = vec![
            sample("p1", "c1", "run-a", Action::Start, Phase::Intent),
            sample("p1", "c1", "run-a", Action::Start, Phase::Ok),
            sample("p1", "c2", "run-b", Action::Start, Phase::Ok),
            sample("p2", "c1", "run-c", Action::Check, Phase::Failed),
            sample("p1", "c1", "run-d", Action::Store, Phase::Ok),
            sample("p1", "c1", "run-e", Action::Start, Phase::Failed),
            sample("p1", "c1", "run-e", Action::Cancel, Phase::Ok),
        ];
        let next = |e: &mut Entry, four: &str, dest: &str| {
            e.next_secret_last_four = Some(LastFour::new(four));
            e.destination = Some(dest.to_string());
        };
        next(&mut entries[1], "wxyz", "file:/tmp/a");
        next(&mut entries[2], "wxyz", "stdout"); // another client
        next(&mut entries[3], "wxyz", "stdout"); // another project
        next(&mut entries[4], "wxyz", "keyring");
        next(&mut entries[5], "wxyz", "stdout"); // failed: not where it went
        next(&mut entries[6], "wxyz", "stdout"); // a cancel, not a start or store
        History {
            entries,
            skipped: Vec::new(),
        }
    }

    #[test]
    fn filters_and_limit_keep_file_order() {
        let h = history();
        let runs = |v: Vec<&Entry>| v.iter().map(|e| e.run_id.clone()).collect::<Vec<_>>();
        assert_eq!(h.filtered(None, None, None).len(), 7);
        assert_eq!(runs(h.filtered(Some("p2"), None, None)), ["run-c"]);
        assert_eq!(runs(h.filtered(None, Some("c2"), None)), ["run-b"]);
        assert_eq!(
            runs(h.filtered(Some("p1"), Some("c1"), Some(2))),
            ["run-e", "run-e"]
        );
        assert_eq!(
            runs(h.filtered(Some("p1"), Some("c1"), Some(3))),
            ["run-d", "run-e", "run-e"]
        );
        assert_eq!(h.filtered(Some("p1"), Some("c1"), Some(100)).len(), 5);
        assert!(h.filtered(Some("p1"), Some("c1"), Some(0)).is_empty());
        assert!(h.filtered(Some("p3"), None, None).is_empty());
    }

    #[test]
    fn last_entry_and_latest_run_of_a_client() {
        let h = history();
        assert_eq!(
            h.last_for("p1", "c1").map(|e| e.action),
            Some(Action::Cancel)
        );
        assert_eq!(
            h.last_for("p2", "c1").map(|e| e.run_id.as_str()),
            Some("run-c")
        );
        assert_eq!(h.last_for("p2", "c2"), None);
        let latest: Vec<Action> = h.latest_run("p1", "c1").iter().map(|e| e.action).collect();
        assert_eq!(latest, [Action::Start, Action::Cancel]);
        assert!(h.latest_run("p9", "c1").is_empty());

        // A later resume looks back at run-e: it is neither the latest run nor part of it.
        let mut h = history();
        h.entries
            .push(sample("p1", "c1", "run-f", Action::Resume, Phase::Ok));
        h.entries
            .push(sample("p1", "c1", "run-e", Action::Resume, Phase::Intent));
        let latest: Vec<(&str, Action)> = h
            .latest_run("p1", "c1")
            .iter()
            .map(|e| (e.run_id.as_str(), e.action))
            .collect();
        assert_eq!(
            latest,
            [("run-e", Action::Start), ("run-e", Action::Cancel)]
        );
    }

    #[test]
    fn pending_destination_is_the_latest_successful_start_or_store() {
        let mut h = history();
        assert_eq!(
            h.pending_destination("p1", "c1", "wxyz").as_deref(),
            Some("keyring")
        );
        assert_eq!(
            h.pending_destination("p1", "c2", "wxyz").as_deref(),
            Some("stdout")
        );
        assert_eq!(h.pending_destination("p1", "c1", "zzzz"), None);
        h.entries.remove(4);
        assert_eq!(
            h.pending_destination("p1", "c1", "wxyz").as_deref(),
            Some("file:/tmp/a")
        );
    }
}
