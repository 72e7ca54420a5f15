//! The two forms `history` prints: an aligned plain-text table, and JSON Lines.

use super::entry::{Entry, Phase};
use crate::sanitize::sanitize;

const HEADER: [&str; 6] = [
    "TIME",
    "CLIENT",
    "ACTION",
    "OUTCOME",
    "SECRET",
    "REQUEST ID",
];
const GAP: &str = "  ";

/// An aligned table with a header line; every line ends with `\n`. Journal text is passed
/// through [`sanitize`], since the file may have been edited by anyone.
pub fn render_table(entries: &[&Entry]) -> String {
    let rows: Vec<[String; 6]> = entries.iter().map(|e| row(e)).collect();
    let mut widths = HEADER.map(|h| h.chars().count());
    for cells in &rows {
        for (width, cell) in widths.iter_mut().zip(cells) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    push_line(&mut out, &HEADER.map(str::to_string), &widths);
    for cells in &rows {
        push_line(&mut out, cells, &widths);
    }
    out
}

/// The entries as JSON, one per line, each line ending with `\n`.
pub fn render_json_lines(entries: &[&Entry]) -> String {
    let mut out = String::new();
    for entry in entries {
        out.push_str(&serde_json::to_string(entry).expect("an entry always serialises"));
        out.push('\n');
    }
    out
}

fn row(e: &Entry) -> [String; 6] {
    [
        sanitize(&e.time),
        sanitize(&e.client_id),
        e.action.as_str().to_string(),
        outcome(e),
        sanitize(&last_fours(e)),
        e.request_id
            .as_deref()
            .map_or_else(|| "-".to_string(), sanitize),
    ]
}

fn outcome(e: &Entry) -> String {
    match (e.phase, e.exit_code) {
        (Phase::Failed, Some(code)) => format!("failed (exit {code})"),
        (phase, _) => phase.as_str().to_string(),
    }
}

/// `…abcd → …wxyz` when a next secret is named, `…abcd` otherwise, `-` when neither is known;
/// a verify of another secret than the pending one: `tried …abcd (pending …wxyz)`.
fn last_fours(e: &Entry) -> String {
    let next = e.next_secret_last_four.as_ref().filter(|l| !l.is_empty());
    let tried = e.tried_secret_last_four.as_ref().filter(|l| !l.is_empty());
    if let Some(tried) = tried.filter(|t| Some(*t) != next) {
        return match next {
            Some(n) => format!("tried …{tried} (pending …{n})"),
            None => format!("tried …{tried}"),
        };
    }
    let current = (!e.secret_last_four.is_empty()).then(|| format!("…{}", e.secret_last_four));
    match (current, next) {
        (Some(c), Some(n)) => format!("{c} → …{n}"),
        (None, Some(n)) => format!("- → …{n}"),
        (Some(c), None) => c,
        (None, None) => "-".to_string(),
    }
}

fn push_line(out: &mut String, cells: &[String; 6], widths: &[usize; 6]) {
    let mut line = String::new();
    for (i, (cell, width)) in cells.iter().zip(widths).enumerate() {
        if i > 0 {
            line.push_str(GAP);
        }
        line.push_str(cell);
        let pad = width.saturating_sub(cell.chars().count());
        line.extend(std::iter::repeat_n(' ', pad));
    }
    out.push_str(line.trim_end());
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::entry::sample;
    use crate::journal::{Action, LastFour};

    fn entries() -> Vec<Entry> {
        let mut start = sample("p", "m2m-client-1", "r", Action::Start, Phase::Ok);
        start.next_secret_last_four = Some(LastFour::new("wxyz"));
        start.request_id = Some("request-id-1".to_string());
        let mut deploy = sample("p", "c2", "r", Action::Deploy, Phase::Failed);
        deploy.time = "2025-01-02T03:04:06.000Z".to_string();
        deploy.exit_code = Some(7);
        let mut check = sample("p", "c\u{1b}[2J", "r", Action::Check, Phase::Unknown);
        check.secret_last_four = LastFour::default();
        vec![start, deploy, check]
    }

    #[test]
    fn table_is_aligned_with_a_header() {
        let entries = entries();
        let refs: Vec<&Entry> = entries.iter().collect();
        let expected = "\
TIME                      CLIENT        ACTION  OUTCOME          SECRET         REQUEST ID
2025-01-02T03:04:05.678Z  m2m-client-1  start   ok               …abcd → …wxyz  request-id-1
2025-01-02T03:04:06.000Z  c2            deploy  failed (exit 7)  …abcd          -
2025-01-02T03:04:05.678Z  c\\u{1b}[2J    check   unknown          -              -
";
        assert_eq!(render_table(&refs), expected);
    }

    #[test]
    fn empty_table_is_just_the_header() {
        assert_eq!(
            render_table(&[]),
            "TIME  CLIENT  ACTION  OUTCOME  SECRET  REQUEST ID\n"
        );
    }

    #[test]
    fn json_lines_are_the_entries_one_per_line() {
        let entries = entries();
        let refs: Vec<&Entry> = entries.iter().collect();
        let text = render_json_lines(&refs);
        let back: Vec<Entry> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(back, entries);
        assert!(text.ends_with('\n'));
    }
}
