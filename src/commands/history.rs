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
    crate::commands::record::warn_if_not_private(ui);
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
    let entries = history.filtered(
        project.filter(|p| !p.is_empty()),
        args.client_id.as_deref(),
        Some(args.limit),
    );
    if ui.json {
        let lines = journal::render_json_lines(&entries);
        if lines.is_empty() {
            return Ok(());
        }
        return crate::ui::listing_written(ui.data(&lines));
    }
    if entries.is_empty() {
        ui.info(format!(
            "No rotations recorded in {} yet.",
            dir.journal_path().display()
        ));
        return Ok(());
    }
    crate::ui::listing_written(ui.data(&journal::render_table(&entries)))
}
