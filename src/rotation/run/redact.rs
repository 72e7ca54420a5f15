//! What a deploy or check command prints, made safe to show: every secret the run holds is
//! replaced by `[redacted]` in each form a tool is known to print it in, on a stream read in
//! bounded chunks, and the result is cut into lines of at most [`PIECE`] bytes.
//!
//! The rule ([`Redactor`]): for each secret, its forms (see [`forms`]) are looked for in the
//! child's output with terminal escape sequences and control characters removed and white space
//! (spaces, tabs, line breaks) skipped, so a secret folded over lines, coloured character by
//! character or split across two writes is still one match. The longest form found at the
//! leftmost place wins; everything from its first to its last byte (escapes and line breaks
//! inside included) becomes one `[redacted]`. A tail as long as the longest form minus one,
//! counted in matched bytes, is held back until it is known not to start a match.

use zeroize::Zeroizing;

use crate::redacted::Secret;

/// What replaces a match.
const REDACTED: &[u8] = b"[redacted]";

/// The longest line shown whole; a longer one is shown in pieces of this size.
pub(super) const PIECE: usize = 64 * 1024;

/// Derived forms shorter than this are not matched: a secret of a few bytes would otherwise
/// blank out ordinary text. (The exact secret is always matched.)
const MIN_DERIVED: usize = 8;

/// More consecutive white space than this ends any match in progress: what is held back is
/// settled, so a child printing endless blank lines cannot make us hold them.
const BLANK_RUN: usize = 4096;

/// The payload of an OSC/DCS/APC/PM/SOS string kept to be dropped when it ends; a longer one is
/// not a terminal string after all, and is shown (and matched) as text.
const STRING_CAP: usize = 4096;

type Bytes = Zeroizing<Vec<u8>>;

/// Where the escape-sequence parser is (ECMA-48, as a terminal reads it).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Esc {
    Ground,
    /// A 0xC2 byte: the first of a UTF-8 C1 control (U+0080..U+009F), or of a character.
    C2,
    Escape,
    /// `ESC` then intermediate bytes, waiting for the final byte.
    Intermediate,
    Csi,
    /// An OSC, DCS, SOS, PM or APC string, up to BEL, `ESC \` or C1 ST.
    Str,
    /// `ESC` inside such a string.
    StrEscape,
    /// 0xC2 inside such a string.
    StrC2,
}

/// Redacts secrets from one output stream; see the module documentation.
pub(super) struct Redactor {
    forms: Vec<Bytes>,
    /// For each first byte, the forms starting with it, longest first.
    by_first: Vec<Vec<usize>>,
    longest: usize,
    esc: Esc,
    /// The string payload seen so far (see [`STRING_CAP`]).
    string: Bytes,
    /// Output not yet released: matched bytes and the white space among them.
    held: Bytes,
    /// The matched bytes among `held`, and where each one is in `held`.
    kept: Bytes,
    at: Vec<usize>,
    blank_run: usize,
}

impl Redactor {
    pub fn new(secrets: &[&Secret]) -> Redactor {
        let mut forms: Vec<Bytes> = Vec::new();
        for secret in secrets.iter().filter(|s| !s.is_empty()) {
            for form in forms_of(secret.expose().as_bytes()) {
                if !form.is_empty() && !forms.contains(&form) {
                    forms.push(form);
                }
            }
        }
        let mut by_first = vec![Vec::new(); 256];
        let mut order: Vec<usize> = (0..forms.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(forms[i].len()));
        for i in order {
            by_first[usize::from(forms[i][0])].push(i);
        }
        Redactor {
            by_first,
            ..Redactor::bare(forms, 2 * PIECE)
        }
    }

    /// A redactor of `forms` that has not indexed them yet (matches nothing), with room for
    /// `capacity` bytes held back.
    fn bare(forms: Vec<Bytes>, capacity: usize) -> Redactor {
        let longest = forms.iter().map(|f| f.len()).max().unwrap_or(1);
        Redactor {
            forms,
            by_first: vec![Vec::new(); 256],
            longest,
            esc: Esc::Ground,
            string: Zeroizing::new(Vec::with_capacity(STRING_CAP)),
            held: Zeroizing::new(Vec::with_capacity(capacity)),
            kept: Zeroizing::new(Vec::with_capacity(capacity)),
            at: Vec::with_capacity(capacity),
            blank_run: 0,
        }
    }

    /// The longest form matched, in bytes: what is held back is one less.
    pub fn longest(&self) -> usize {
        self.longest
    }

    /// Takes the next bytes of the stream; appends to `out` what is now known to be safe.
    pub fn feed(&mut self, input: &[u8], out: &mut Vec<u8>) {
        for &b in input {
            self.step(b, out);
        }
        self.settle(out, false);
    }

    /// The stream ended: releases what was held back (a string never ended is dropped).
    pub fn finish(&mut self, out: &mut Vec<u8>) {
        if self.esc == Esc::C2 {
            self.text(0xC2);
        }
        self.esc = Esc::Ground;
        self.string.clear();
        self.settle(out, true);
    }

    fn step(&mut self, b: u8, out: &mut Vec<u8>) {
        match self.esc {
            Esc::Ground => self.ground(b, out),
            Esc::C2 => {
                self.esc = Esc::Ground;
                match b {
                    0x9B => self.esc = Esc::Csi,
                    0x90 | 0x98 | 0x9D | 0x9E | 0x9F => self.start_string(),
                    0x80..=0x9F => {}
                    _ => {
                        self.text(0xC2);
                        self.ground(b, out);
                    }
                }
            }
            Esc::Escape => match b {
                b'[' => self.esc = Esc::Csi,
                b']' | b'P' | b'X' | b'^' | b'_' => self.start_string(),
                0x20..=0x2F => self.esc = Esc::Intermediate,
                0x30..=0x7E => self.esc = Esc::Ground,
                _ => {
                    self.esc = Esc::Ground;
                    self.ground(b, out);
                }
            },
            Esc::Intermediate | Esc::Csi => {
                let (stay, end) = if self.esc == Esc::Csi {
                    (0x20..=0x3F, 0x40..=0x7E)
                } else {
                    (0x20..=0x2F, 0x30..=0x7E)
                };
                if !stay.contains(&b) {
                    self.esc = Esc::Ground;
                    if !end.contains(&b) {
                        self.ground(b, out);
                    }
                }
            }
            Esc::Str | Esc::StrEscape | Esc::StrC2 => self.string_byte(b, out),
        }
    }

    fn ground(&mut self, b: u8, out: &mut Vec<u8>) {
        match b {
            0x1B => self.esc = Esc::Escape,
            0xC2 => self.esc = Esc::C2,
            b' ' | b'\t' | b'\n' | b'\r' => self.blank(b, out),
            0x00..=0x1F | 0x7F => {}
            _ => self.text(b),
        }
    }

    fn start_string(&mut self) {
        self.esc = Esc::Str;
        self.string.clear();
    }

    fn string_byte(&mut self, b: u8, out: &mut Vec<u8>) {
        match (self.esc, b) {
            (Esc::Str, 0x07) | (Esc::StrEscape, b'\\') | (Esc::StrC2, 0x9C) => {
                self.esc = Esc::Ground;
                self.string.clear();
                return;
            }
            (Esc::StrEscape, _) => {
                // Another escape sequence ends the string (as xterm reads it).
                self.string.clear();
                self.esc = Esc::Escape;
                return self.step(b, out);
            }
            (Esc::StrC2, _) => {
                self.string.push(0xC2);
                self.esc = Esc::Str;
                return self.string_byte(b, out);
            }
            (_, 0x1B) => self.esc = Esc::StrEscape,
            (_, 0xC2) => self.esc = Esc::StrC2,
            _ => self.string.push(b),
        }
        if self.string.len() >= STRING_CAP {
            // Too long to be a terminal string: show it as text (and match in it).
            let payload = std::mem::replace(
                &mut self.string,
                Zeroizing::new(Vec::with_capacity(STRING_CAP)),
            );
            let after = self.esc;
            self.esc = Esc::Ground;
            for &p in payload.iter() {
                self.step(p, out);
            }
            match after {
                Esc::StrEscape => self.step(0x1B, out),
                Esc::StrC2 => self.step(0xC2, out),
                _ => {}
            }
        }
    }

    fn text(&mut self, b: u8) {
        self.blank_run = 0;
        self.at.push(self.held.len());
        self.held.push(b);
        self.kept.push(b);
    }

    fn blank(&mut self, b: u8, out: &mut Vec<u8>) {
        self.held.push(b);
        self.blank_run += 1;
        if self.blank_run == BLANK_RUN {
            self.settle(out, true);
        } else if self.kept.is_empty() && self.held.len() >= PIECE {
            self.settle(out, false);
        }
    }

    /// The longest form that starts at `kept[i]` and fits in what is held.
    fn match_at(&self, i: usize) -> Option<usize> {
        let rest = &self.kept[i..];
        self.by_first[usize::from(rest[0])]
            .iter()
            .map(|&f| &self.forms[f])
            .find(|form| rest.starts_with(form))
            .map(|form| form.len())
    }

    /// Decides every matched byte that cannot start a match reaching past what is held (all of
    /// them at `end`), and releases the output up to the first undecided one.
    fn settle(&mut self, out: &mut Vec<u8>, end: bool) {
        let n = self.kept.len();
        let decided = if end {
            n
        } else {
            n.saturating_sub(self.longest - 1)
        };
        let (mut i, mut from) = (0, 0);
        while i < decided {
            match self.match_at(i) {
                Some(len) => {
                    out.extend_from_slice(&self.held[from..self.at[i]]);
                    out.extend_from_slice(REDACTED);
                    from = self.at[i + len - 1] + 1;
                    i += len;
                }
                None => i += 1,
            }
        }
        let upto = if i < n { self.at[i] } else { self.held.len() };
        out.extend_from_slice(&self.held[from..upto]);
        self.held.drain(..upto);
        self.kept.drain(..i);
        self.at.drain(..i);
        for at in &mut self.at {
            *at -= upto;
        }
    }
}

/// Splits redacted output into lines (without their `\n` or a trailing `\r`) of at most
/// [`PIECE`] bytes; a longer line comes out in pieces, cut between characters.
#[derive(Default)]
pub(super) struct Lines {
    line: Bytes,
}

impl Lines {
    pub fn push(&mut self, bytes: &[u8], mut emit: impl FnMut(&[u8])) {
        for &b in bytes {
            if b == b'\n' {
                self.flush(&mut emit);
                continue;
            }
            self.line.push(b);
            if self.line.len() >= PIECE {
                let mut cut = self.line.len();
                // Back to the start of a UTF-8 character (at most 3 continuation bytes).
                while cut > self.line.len() - 4 && self.line[cut - 1] & 0xC0 == 0x80 {
                    cut -= 1;
                }
                if cut > 0 && self.line[cut - 1] >= 0xC0 {
                    cut -= 1;
                }
                if cut == 0 {
                    cut = self.line.len();
                }
                emit(&self.line[..cut]);
                self.line.drain(..cut);
            }
        }
    }

    /// The last line, when the stream did not end with a line break.
    pub fn finish(&mut self, mut emit: impl FnMut(&[u8])) {
        if !self.line.is_empty() {
            self.flush(&mut emit);
        }
    }

    fn flush(&mut self, emit: &mut impl FnMut(&[u8])) {
        let end = self.line.len() - usize::from(self.line.last() == Some(&b'\r'));
        emit(&self.line[..end]);
        self.line.clear();
    }
}

/// Every form of `secret` that is matched, as the matcher sees it (escapes, controls and white
/// space taken out): the exact bytes; standard and URL-safe base64 at the three byte alignments,
/// each as its stable inner part and as the end of a stream with and without padding; lower- and
/// upper-case hex; percent-encoding (unreserved characters kept, or every byte; either case);
/// and JSON string escaping (minimal, with `\/`, and ASCII-only with either case of `\u` hex).
pub(super) fn forms_of(secret: &[u8]) -> Vec<Bytes> {
    let mut derived: Vec<Bytes> = Vec::new();
    for alphabet in [STANDARD, URL_SAFE] {
        for align in 0..3 {
            derived.extend(base64_forms(secret, align, alphabet));
        }
    }
    for upper in [false, true] {
        derived.push(hex(secret, upper));
        derived.push(percent(secret, upper, false));
        derived.push(percent(secret, upper, true));
    }
    if let Ok(text) = std::str::from_utf8(secret) {
        derived.extend(json_forms(text));
    }
    let mut forms = vec![matchable(secret)];
    forms.extend(
        derived
            .iter()
            .map(|f| matchable(f))
            .filter(|f| f.len() >= MIN_DERIVED),
    );
    forms
}

/// `form` as the matcher sees the stream: what a [`Redactor`] keeps of it.
fn matchable(form: &[u8]) -> Bytes {
    let mut bare = Redactor::bare(Vec::new(), form.len());
    let mut out = Zeroizing::new(Vec::with_capacity(form.len()));
    bare.feed(form, &mut out);
    bare.finish(&mut out);
    out.retain(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'));
    out
}

const STANDARD: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL_SAFE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Padded base64 of `bytes`.
fn base64(bytes: &[u8], alphabet: &[u8; 64]) -> Bytes {
    let mut out = Zeroizing::new(Vec::with_capacity(bytes.len().div_ceil(3) * 4));
    for group in bytes.chunks(3) {
        let b = [
            group[0],
            *group.get(1).unwrap_or(&0),
            *group.get(2).unwrap_or(&0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for k in 0..4 {
            if k <= group.len() {
                out.push(alphabet[(n >> (18 - 6 * k) & 63) as usize]);
            } else {
                out.push(b'=');
            }
        }
    }
    out
}

/// `secret` encoded after `align` other bytes of a larger stream: the characters that depend on
/// its bytes alone (the same whatever surrounds it), then the same followed by the end of the
/// stream without and with padding.
fn base64_forms(secret: &[u8], align: usize, alphabet: &[u8; 64]) -> [Bytes; 3] {
    let mut stream = Zeroizing::new(vec![0u8; align]);
    stream.extend_from_slice(secret);
    let encoded = base64(&stream, alphabet);
    let (first, last) = (8 * align, 8 * (align + secret.len()));
    let start = first.div_ceil(6).min(encoded.len());
    let stable = (last / 6).max(start);
    let ends = last.div_ceil(6).max(start);
    [
        Zeroizing::new(encoded[start..stable].to_vec()),
        Zeroizing::new(encoded[start..ends].to_vec()),
        Zeroizing::new(encoded[start..].to_vec()),
    ]
}

fn hex(bytes: &[u8], upper: bool) -> Bytes {
    let digits: &[u8; 16] = if upper {
        b"0123456789ABCDEF"
    } else {
        b"0123456789abcdef"
    };
    let mut out = Zeroizing::new(Vec::with_capacity(bytes.len() * 2));
    for &b in bytes {
        out.push(digits[usize::from(b >> 4)]);
        out.push(digits[usize::from(b & 15)]);
    }
    out
}

/// Percent-encoding: every byte outside RFC 3986's unreserved set (or, with `all`, every byte)
/// as `%XX`.
fn percent(bytes: &[u8], upper: bool, all: bool) -> Bytes {
    let mut out = Zeroizing::new(Vec::with_capacity(bytes.len() * 3));
    for &b in bytes {
        if !all && (b.is_ascii_alphanumeric() || b"-._~".contains(&b)) {
            out.push(b);
        } else {
            out.push(b'%');
            out.extend_from_slice(&hex(&[b], upper));
        }
    }
    out
}

/// The inside of a JSON string holding `text`: as serde_json and most encoders write it, with
/// `/` escaped too, and with everything outside ASCII as `\uXXXX` (lower and upper case).
fn json_forms(text: &str) -> [Bytes; 4] {
    let mut forms: [Bytes; 4] = std::array::from_fn(|_| Zeroizing::new(Vec::new()));
    for c in text.chars() {
        for (k, out) in forms.iter_mut().enumerate() {
            let short: &[u8] = match c {
                '"' => b"\\\"",
                '\\' => b"\\\\",
                '/' if k == 1 => b"\\/",
                '\n' => b"\\n",
                '\r' => b"\\r",
                '\t' => b"\\t",
                '\u{8}' => b"\\b",
                '\u{c}' => b"\\f",
                _ => b"",
            };
            if !short.is_empty() {
                out.extend_from_slice(short);
            } else if (c as u32) < 0x20 || (k >= 2 && !c.is_ascii()) {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.extend_from_slice(b"\\u");
                    out.extend_from_slice(&hex(&unit.to_be_bytes(), k == 3));
                }
            } else {
                out.extend_from_slice(c.encode_utf8(&mut [0u8; 4]).as_bytes());
            }
        }
    }
    forms
}

#[cfg(test)]
mod tests;
