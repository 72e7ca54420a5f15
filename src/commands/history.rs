//! `history`: what the journal says this machine did, newest last. Read-only: it never creates
//! the state directory and never fails because of a torn line (it warns and skips it).

use crate::cli::HistoryArgs;
use crate::commands::Session;
use crate::error::{Error, ErrorKind, Result};
use crate::journal::{self, StateDir};

pub fn run(session: &Session, args: HistoryArgs) -> Result<()> {
    let ui = session.ui;
    let dir = StateDir::from_env()
        .map_err(|e| Error::new(ErrorKind::JournalUnwritable, e.to_string()).hint(e.hint()))?;
    crate::rotation::journaled::warn_if_not_private(ui);
    let history = match journal::read_history(&dir) {
        // Warned about above: a journal that is not this user's is not read.
        Err(journal::JournalError::NotPrivate(_)) => journal::History::default(),
        read => read
            .map_err(|e| Error::new(ErrorKind::JournalUnwritable, e.to_string()).hint(e.hint()))?,
    };
    for skipped in &history.skipped {
        ui.warn(format!(
            "{}: line {} skipped ({})",
            dir.journal_path().display(),
            skipped.line,
            skipped.reason
        ));
    }
    let project = session.global.project_id.as_deref().map(str::trim);
    let project = project.filter(|p| !p.is_empty());
    let entries = history.filtered(project, args.client_id.as_deref(), Some(args.limit));
    if ui.json {
        let lines = journal::render_json_lines(&entries);
        if lines.is_empty() {
            return Ok(());
        }
        return crate::ui::listing_written(ui.data(&lines));
    }
    if entries.is_empty() {
        let path = dir.journal_path().display().to_string();
        let matching = history.filtered(project, args.client_id.as_deref(), None);
        ui.info(nothing_shown(
            &path,
            &history,
            project,
            &args,
            matching.len(),
        ));
        return Ok(());
    }
    crate::ui::listing_written(ui.data(&journal::render_table(&entries)))
}

/// Why `history` shows no entries: `--limit 0`, a client or project with none, or an empty journal.
fn nothing_shown(
    path: &str,
    history: &journal::History,
    project: Option<&str>,
    args: &HistoryArgs,
    matching: usize,
) -> String {
    let total = history.entries.len();
    let entries = |n: usize| {
        if n == 1 {
            "1 entry".to_owned()
        } else {
            format!("{n} entries")
        }
    };
    if args.limit == 0 && matching > 0 {
        return format!(
            "--limit 0 shows no entries; {path} holds {} that match: give --limit a number above 0.",
            entries(matching)
        );
    }
    let of = match (args.client_id.as_deref(), project) {
        (Some(client), Some(project)) => format!(" of client {client} in project {project}"),
        (Some(client), None) => format!(" of client {client}"),
        (None, Some(project)) => format!(" of project {project}"),
        (None, None) => String::new(),
    };
    if total == 0 {
        format!("No rotations recorded in {path} yet.")
    } else {
        format!(
            "No rotations{of} recorded in {path}; it holds {} of others.",
            entries(total)
        )
    }
}
