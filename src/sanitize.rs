//! Text that did not come from this program (Stytch's error messages, an HTML page from a proxy,
//! a keyring daemon's error) is cleaned here before it reaches a terminal or a log.

/// The longest piece of foreign text we show; an error page can be megabytes.
const MAX_CHARS: usize = 300;

/// Escapes terminal control characters (C0, DEL, C1) and bidirectional overrides, folds runs
/// of white space into one space, and cuts the text to a readable length.
pub fn sanitize(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(MAX_CHARS + 8));
    let mut shown = 0;
    let mut last_was_space = false;
    for c in text.trim().chars() {
        if shown == MAX_CHARS {
            out.push('…');
            break;
        }
        if c == '\n' || c == '\t' || c == '\r' || c == ' ' {
            if !last_was_space {
                out.push(' ');
                shown += 1;
            }
            last_was_space = true;
            continue;
        }
        last_was_space = false;
        if is_dangerous(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
        shown += 1;
    }
    out
}

/// A line a child process printed (deploy or check output): like [`sanitize`], but its leading
/// indentation stays (a tab is four spaces) and runs of spaces inside it are kept, so YAML and
/// tables read as printed; trailing white space goes.
pub fn sanitize_line(text: &str) -> String {
    let text = text.trim_end();
    let mut out = String::with_capacity(text.len().min(MAX_CHARS + 8));
    for (shown, c) in text.chars().enumerate() {
        if shown == MAX_CHARS {
            out.push('…');
            break;
        }
        match c {
            '\t' => out.push_str("    "),
            '\n' | '\r' => out.push(' '),
            c if is_dangerous(c) => out.extend(c.escape_unicode()),
            c => out.push(c),
        }
    }
    out
}

pub fn is_dangerous(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Reduces an HTML error page to something short: its `<title>` when it has one, else its
/// visible text with the tags dropped.
pub fn strip_html(body: &str) -> String {
    let lower = body.to_ascii_lowercase();
    if let (Some(open), Some(close)) = (lower.find("<title>"), lower.find("</title>")) {
        // `to_ascii_lowercase` keeps byte offsets, and both tags are ASCII: valid boundaries.
        if open + 7 <= close {
            return body[open + 7..close].to_owned();
        }
    }
    let mut out = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_child_line_keeps_its_indentation_and_inner_spaces() {
        assert_eq!(
            super::sanitize_line("    client_secret: x  y\t \u{1b}[2J  "),
            "    client_secret: x  y     \\u{1b}[2J"
        );
        assert_eq!(super::sanitize_line("\tkey: v"), "    key: v");
    }
    use super::*;

    #[test]
    fn escapes_terminal_control_sequences() {
        let s = sanitize("bad\x1b]0;pwned\x07 title\x1b[2J\u{9b}31m");
        assert!(!s.chars().any(|c| c.is_control()), "{s:?}");
        assert!(s.contains("\\u{1b}"));
    }

    #[test]
    fn escapes_bidi_overrides() {
        assert!(!sanitize("abc\u{202e}def").contains('\u{202e}'));
    }

    #[test]
    fn folds_white_space_and_truncates() {
        assert_eq!(sanitize("  a \n\n b\t c  "), "a b c");
        let long = "x".repeat(10_000);
        assert_eq!(sanitize(&long).chars().count(), MAX_CHARS + 1);
    }

    #[test]
    fn html_pages_become_their_text() {
        let page =
            "<html><head><TITLE>502 Bad Gateway</TITLE></head><body><h1>Bad</h1></body></html>";
        assert_eq!(sanitize(&strip_html(page)), "502 Bad Gateway");
        let page = "<html><body><h1>Service  Unavailable</h1>\n<p>é</p></body></html>";
        assert_eq!(sanitize(&strip_html(page)), "Service Unavailable é");
        assert_eq!(sanitize(&strip_html("</title><title>")), "");
    }
}
