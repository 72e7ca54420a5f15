//! What a fleet shows as it goes. At a terminal: a progress bar on stderr (done/total,
//! failures, rate), failures above it as they happen, and a table of every client at the end.
//! Without one: a line per finished client on stderr. Under `--json`: a line per client on
//! stdout, then one `{"summary": …}` line; stderr stays quiet.

use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::json;

use super::{Outcome, Verdict};
use crate::error::Signal;
use crate::stytch::pace::Pace;
use crate::ui::Ui;

#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    pub ok: usize,
    pub failed: usize,
    pub skipped: usize,
    pub not_started: usize,
}

impl Counts {
    pub fn total(&self) -> usize {
        self.ok + self.failed + self.skipped + self.not_started
    }
}

pub struct Progress<'a> {
    ui: &'a Ui,
    bar: Option<ProgressBar>,
    counts: Counts,
    /// Every result, for the table at the end (at a terminal only).
    rows: Vec<Outcome>,
    started: Instant,
}

impl<'a> Progress<'a> {
    pub fn new(ui: &'a Ui, total: usize, action: &str) -> Progress<'a> {
        if !ui.json {
            ui.info(format!("{action}: {total} clients"));
        }
        let bar = (ui.stderr_is_terminal() && !ui.json && !ui.quiet).then(|| {
            let bar = ProgressBar::with_draw_target(
                Some(total as u64),
                ProgressDrawTarget::stderr_with_hz(10),
            );
            let style = ProgressStyle::with_template(
                "{prefix} [{bar:30}] {pos}/{len} clients, {msg}, {elapsed}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
            bar.set_style(style);
            bar.set_prefix(action.to_owned());
            bar.set_message("0 failed");
            bar.enable_steady_tick(Duration::from_millis(200));
            crate::ui::show_bar(&bar);
            bar
        });
        Progress {
            ui,
            bar,
            counts: Counts::default(),
            rows: Vec::new(),
            started: Instant::now(),
        }
    }

    /// One client is done.
    pub fn finished(&mut self, o: Outcome) {
        let c = &mut self.counts;
        match o.verdict {
            Verdict::Ok => c.ok += 1,
            Verdict::Failed => c.failed += 1,
            Verdict::Skipped => c.skipped += 1,
            Verdict::NotStarted => c.not_started += 1,
        }
        if self.ui.json {
            // A closed stdout must not stop the fleet halfway; the exit code still tells.
            let _ = self.ui.data(&self.ui.carried(&o.to_json().to_string()));
        } else if let Some(bar) = &self.bar {
            if o.verdict == Verdict::Failed {
                bar.println(self.ui.carried(&line(&o)));
            }
            bar.set_message(format!("{} failed", self.counts.failed));
            bar.inc(1);
        } else if o.verdict == Verdict::Failed {
            // Errors print even under --quiet.
            crate::ui::to_stderr(&format!("{}\n", self.ui.carried(&line(&o))));
        } else {
            self.ui.info(line(&o));
        }
        if self.bar.is_some() {
            self.rows.push(o);
        }
    }

    /// A signal came: say what happens now.
    pub fn stopping(&self, signal: Signal) {
        let text = format!(
            "{}: starting no new client; waiting for the ones in flight to finish their step",
            match signal {
                Signal::Interrupt => "interrupted",
                Signal::Terminate => "terminated",
                Signal::Hangup => "hung up",
            }
        );
        match &self.bar {
            Some(bar) => bar.println(text),
            None => self.ui.info(text),
        }
    }

    /// The end: the table (at a terminal), the counts, and how often Stytch made everyone wait.
    pub fn finish(mut self, pace: &Pace) -> Counts {
        let c = self.counts;
        let (pauses, paused) = pace.pauses();
        if self.ui.json {
            let summary = json!({ "summary": {
                "ok": c.ok, "failed": c.failed, "skipped": c.skipped, "not_started": c.not_started,
            }});
            let _ = self.ui.data(&summary.to_string());
            return c;
        }
        if self.bar.take().is_some() {
            crate::ui::hide_bar();
            self.rows.sort_by(|a, b| a.client_id.cmp(&b.client_id));
            crate::ui::to_stderr(&table(&self.rows));
        }
        let mut text = format!(
            "{} clients: {} ok, {} failed, {} skipped, {} not started in {:.1} s",
            c.total(),
            c.ok,
            c.failed,
            c.skipped,
            c.not_started,
            self.started.elapsed().as_secs_f64()
        );
        if pauses > 0 {
            text.push_str(&format!(
                "; Stytch rate-limited the project {pauses} times and every worker paused ({:.1} s in all)",
                paused.as_secs_f64()
            ));
        }
        self.ui.info(text);
        c
    }
}

impl Drop for Progress<'_> {
    /// A fleet that ends early (an error) takes its bar off the screen too.
    fn drop(&mut self) {
        if self.bar.take().is_some() {
            crate::ui::hide_bar();
        }
    }
}

/// `failed   m2m-client-test-…  exit 5 already_rotating: message`.
fn line(o: &Outcome) -> String {
    let what = match (o.verdict, o.exit_code, o.error_type) {
        (Verdict::Failed, Some(code), Some(kind)) => format!("exit {code} {kind}: {}", o.note),
        _ => o.note.clone(),
    };
    let mut text = format!("{:<11} {}  {what}", o.verdict.name(), o.client_id);
    if let Some(hint) = &o.hint {
        text.push_str(&format!("\n  hint: {hint}"));
    }
    if !o.recovery.is_empty() {
        text.push_str("\n  to recover, run:\n");
        text.push_str(crate::error::recovery::render(&o.recovery).trim_end());
    }
    text
}

/// Every client, one row each: id, result, last fours, what happened.
fn table(rows: &[Outcome]) -> String {
    let four = |f: &Option<String>| f.as_deref().map_or("-".to_owned(), |f| format!("…{f}"));
    let cells: Vec<[String; 5]> = rows
        .iter()
        .map(|o| {
            let note = match (o.verdict, o.exit_code, o.error_type) {
                (Verdict::Failed, Some(code), Some(kind)) => format!("exit {code} {kind}"),
                _ => o.note.clone(),
            };
            [
                o.client_id.clone(),
                o.verdict.name().to_owned(),
                four(&o.secret_last_four),
                four(&o.next_secret_last_four),
                note,
            ]
        })
        .collect();
    let header = ["CLIENT", "RESULT", "SECRET", "NEXT", "NOTE"].map(str::to_owned);
    render_table(&header, &cells)
}

/// Columns padded to their widest cell, two spaces apart; the last one is not padded.
pub fn render_table<const N: usize>(header: &[String; N], rows: &[[String; N]]) -> String {
    let mut widths = header.clone().map(|h| h.chars().count());
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in std::iter::once(header).chain(rows) {
        let mut text = String::new();
        for (i, (cell, w)) in row.iter().zip(widths).enumerate() {
            if i + 1 == N {
                text.push_str(cell);
            } else {
                let pad = w - cell.chars().count();
                text.push_str(&format!("{cell}{}  ", " ".repeat(pad)));
            }
        }
        out.push_str(text.trim_end());
        out.push('\n');
    }
    out
}
