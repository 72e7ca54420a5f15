//! Everything the user sees: data on stdout, people's lines on stderr, prompts, errors.
//!
//! Under `--json` stdout carries exactly one JSON object and stderr carries nothing but, on
//! failure, one JSON object. Without `--json`, `--quiet` drops the progress and summary lines.

use std::io::{IsTerminal, Write};

use anstyle::{AnsiColor, Style};

use crate::error::{Error, ErrorKind, Result};

const ERROR: Style = AnsiColor::Red.on_default().bold();
const WARN: Style = AnsiColor::Yellow.on_default().bold();
const DIM: Style = Style::new().dimmed();

pub struct Ui {
    pub json: bool,
    pub quiet: bool,
    stdin_tty: bool,
    stdout_tty: bool,
    stderr_tty: bool,
    /// `--no-journal` was given: every rotation command printed as a next step repeats it.
    no_journal: bool,
}

impl Ui {
    pub fn new(json: bool, quiet: bool) -> Self {
        Ui {
            json,
            quiet,
            stdin_tty: std::io::stdin().is_terminal(),
            stdout_tty: std::io::stdout().is_terminal(),
            stderr_tty: std::io::stderr().is_terminal(),
            no_journal: false,
        }
    }

    /// The same terminal and flags, with `--quiet` on (a fleet's per-client steps).
    pub fn quieted(&self) -> Ui {
        Ui {
            json: self.json,
            quiet: true,
            ..*self
        }
    }

    /// Printed `rotate start|complete|cancel|run` commands will carry `--no-journal`.
    pub fn carrying_no_journal(mut self, on: bool) -> Self {
        self.no_journal = on;
        self
    }

    /// `text` with `--no-journal` added to every printed rotation command, when it was given.
    pub(crate) fn carried<'t>(&self, text: &'t str) -> std::borrow::Cow<'t, str> {
        if self.no_journal {
            carry_flag(text, "--no-journal").into()
        } else {
            text.into()
        }
    }

    /// A person can answer a prompt: stdin and stderr are both a terminal.
    pub fn can_prompt(&self) -> bool {
        self.stdin_tty && self.stderr_tty
    }

    pub fn stdout_is_terminal(&self) -> bool {
        self.stdout_tty
    }

    pub fn stdin_is_terminal(&self) -> bool {
        self.stdin_tty
    }

    pub fn stderr_is_terminal(&self) -> bool {
        self.stderr_tty
    }

    /// A progress or summary line for people.
    pub fn info(&self, line: impl AsRef<str>) {
        if !self.json && !self.quiet {
            to_stderr(&format!("{}\n", self.carried(line.as_ref())));
        }
    }

    /// A warning: printed even under `--quiet`; under `--json` as one `{"warning": …}` line, so
    /// stderr stays JSON lines and the warning is still seen.
    pub fn warn(&self, line: impl AsRef<str>) {
        let line = self.carried(line.as_ref());
        if self.json {
            let value = serde_json::json!({ "warning": line });
            to_stderr(&format!("{value}\n"));
        } else {
            to_stderr(&format!("{WARN}warning:{WARN:#} {line}\n"));
        }
    }

    /// A line of a `rotate run` hook's output (already redacted and sanitized), on stderr.
    pub fn child_line(&self, label: &str, line: &str) {
        if self.json {
            let value = serde_json::json!({ "stream": label, "line": line });
            to_stderr(&format!("{value}\n"));
        } else {
            to_stderr(&format!("{DIM}{label} |{DIM:#} {line}\n"));
        }
    }

    /// Writes `text` to stdout and flushes, so a closed pipe is noticed here and not lost.
    pub fn data(&self, text: &str) -> std::io::Result<()> {
        let mut out = std::io::stdout().lock();
        out.write_all(text.as_bytes())?;
        if !text.ends_with('\n') {
            out.write_all(b"\n")?;
        }
        out.flush()
    }

    pub fn json_data(&self, value: &serde_json::Value) -> Result<()> {
        self.data(&value.to_string()).map_err(stdout_error)
    }

    /// Fails before anything is sent when a step will need confirmation and nobody can give it:
    /// no `--yes`, and no terminal (or `--json`). `again` is the command with `--yes`.
    pub fn confirmable(&self, yes: bool, again: &str) -> Result<()> {
        if yes || (!self.json && self.can_prompt()) {
            return Ok(());
        }
        Err(Error::new(
            ErrorKind::ConfirmationRequired,
            "this step needs confirmation and there is no terminal to ask on; nothing was sent",
        )
        .hint(format!(
            "pass --yes: `{again}`{}",
            crate::shell::stdin_note()
        )))
    }

    /// Asks before a step that cannot be undone; without a terminal, `--yes` is the only answer.
    pub fn confirm_step(&self, yes: bool, question: &str, again: &str) -> Result<()> {
        if yes {
            return Ok(());
        }
        self.confirmable(yes, again)?;
        if self.confirm(question)? {
            Ok(())
        } else {
            Err(Error::new(
                ErrorKind::Declined,
                "declined; nothing was changed",
            ))
        }
    }

    /// Asks a yes/no question on the terminal; `Ok(false)` when declined.
    pub fn confirm(&self, question: &str) -> Result<bool> {
        sigint_as_a_key(|| {
            dialoguer::Confirm::new()
                .with_prompt(question)
                .default(false)
                .interact()
        })
        .map_err(prompt_error)
    }

    /// Asks for a secret on the terminal without echoing it. Ctrl-C ends it like Ctrl-C at a
    /// question (dialoguer's hidden prompt leaves Ctrl-C to the signal, which ends the process
    /// mid-line with nothing said).
    pub fn prompt_secret(&self, prompt: &str) -> Result<crate::redacted::Secret> {
        #[cfg(unix)]
        if self.stdin_tty {
            to_stderr(&format!("{prompt}: "));
            let line = hidden::read_line().map_err(|e| prompt_error(dialoguer::Error::IO(e)))?;
            to_stderr("\n");
            return Ok(crate::redacted::Secret::from_input(line.to_string()));
        }
        dialoguer::Password::new()
            .with_prompt(prompt)
            .allow_empty_password(true)
            .interact()
            .map(crate::redacted::Secret::from_input)
            .map_err(prompt_error)
    }

    /// Asks for a line of text on the terminal (echoed); `instead` is the hint when the terminal
    /// cannot be used. Ctrl-C ends it like Ctrl-C at a question.
    pub fn prompt_text(&self, prompt: &str, instead: &str) -> Result<String> {
        sigint_as_a_key(|| {
            dialoguer::Input::<String>::new()
                .with_prompt(prompt)
                .interact_text()
        })
        .map_err(|e| match prompt_error(e) {
            e if e.kind == ErrorKind::PromptFailed => e.hint(instead),
            e => e,
        })
    }

    pub fn report(&self, err: &Error) {
        if self.json && err.reported {
            return;
        }
        if self.json {
            to_stderr(&format!("{}\n", self.carried(&err.to_json().to_string())));
            return;
        }
        let mut text = format!("{ERROR}error:{ERROR:#} {}\n", err.message);
        if let Some(s) = &err.stytch {
            let mut parts = Vec::new();
            if let Some(t) = &s.error_type {
                parts.push(t.clone());
            }
            if let Some(m) = &s.error_message {
                parts.push(format!("\"{m}\""));
            }
            if let Some(code) = s.status_code {
                parts.push(format!("HTTP {code}"));
            }
            if let Some(r) = &s.request_id {
                parts.push(format!("request_id {r}"));
            }
            if !parts.is_empty() {
                text.push_str(&format!("  {DIM}stytch:{DIM:#} {}\n", parts.join(", ")));
            }
        }
        if !err.recovery.is_empty() {
            text.push_str("  to recover, run:\n");
            text.push_str(&crate::error::recovery::render(&err.recovery));
        }
        if let Some(hint) = &err.hint {
            text.push_str(&format!("  {DIM}hint:{DIM:#} {hint}\n"));
        }
        to_stderr(&self.carried(&text));
    }
}

/// The commands that write the journal, each `(group, subcommands)`: a printed one of them must
/// carry `--no-journal` when the command that printed it had it.
const JOURNALED: &[(&str, &[&str])] = &[
    ("rotate", &["start", "complete", "cancel", "run"]),
    ("clients", &["create", "delete"]),
];

/// `flag` put right after the subcommand of every `stytch-m2m rotate start|complete|cancel|run`
/// and `stytch-m2m clients create|delete` in `text` that does not already carry it there.
fn carry_flag(text: &str, flag: &str) -> String {
    let mut out = String::with_capacity(text.len() + 32);
    let mut rest = text;
    while let Some(at) = rest.find("stytch-m2m ") {
        let (before, from) = rest.split_at(at);
        out.push_str(before);
        let Some(end) = journaled_command_end(from) else {
            out.push_str("stytch-m2m ");
            rest = &from["stytch-m2m ".len()..];
            continue;
        };
        out.push_str(&from[..end]);
        if !carries(&from[end..], flag) {
            out.push(' ');
            out.push_str(flag);
        }
        rest = &from[end..];
    }
    out.push_str(rest);
    out
}

/// Whether the rest of a printed command (up to its closing backtick or the end of its line)
/// already has `flag` as a word of its own.
fn carries(rest: &str, flag: &str) -> bool {
    let command = rest.split(['`', '\n']).next().unwrap_or_default();
    command.split_whitespace().any(|word| word == flag)
}

/// Where `stytch-m2m GROUP SUB` ends in `from`, when it is one of [`JOURNALED`] (a whole word).
fn journaled_command_end(from: &str) -> Option<usize> {
    let after = &from["stytch-m2m ".len()..];
    JOURNALED.iter().find_map(|(group, subs)| {
        let sub_at = after.strip_prefix(group)?.strip_prefix(' ')?;
        let sub = subs.iter().find(|s| {
            sub_at.starts_with(*s)
                && !sub_at[s.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '-')
        })?;
        Some("stytch-m2m ".len() + group.len() + 1 + sub.len())
    })
}

/// The progress bar on screen, if any: every other line on stderr is written with the bar
/// lifted (`suspend`), so that no frame of it is left behind between the lines.
static BAR: std::sync::Mutex<Option<indicatif::ProgressBar>> = std::sync::Mutex::new(None);

/// Shows `bar` (a fleet's) until [`hide_bar`]; lines written meanwhile go above it.
pub fn show_bar(bar: &indicatif::ProgressBar) {
    if let Ok(mut slot) = BAR.lock() {
        *slot = Some(bar.clone());
    }
}

pub fn hide_bar() {
    if let Ok(mut slot) = BAR.lock() {
        if let Some(bar) = slot.take() {
            bar.finish_and_clear();
        }
    }
}

/// Writes to stderr, colour stripped unless it is a terminal that wants it. A closed or full
/// stderr is ignored: `eprintln!` would panic, and a panic between minting a secret and printing
/// it on stdout would lose it.
pub fn to_stderr(text: &str) {
    use std::io::Write;
    let write = || {
        let mut err = anstream::stderr().lock();
        let _ = err.write_all(text.as_bytes());
        let _ = err.flush();
    };
    // Never wait on a lock while panicking (the panic hook rescues a secret through here, and
    // the bar's own lock may be held by the code that panicked).
    if std::thread::panicking() {
        return write();
    }
    let bar = BAR.try_lock().ok().and_then(|slot| slot.clone());
    match bar {
        Some(bar) => bar.suspend(write),
        None => write(),
    }
}

/// Runs a dialoguer prompt with SIGINT ignored. dialoguer reads each key with signals off, and
/// on Ctrl-C it raises SIGINT itself before returning `Interrupted`: before the signal handlers
/// are installed (`auth login`'s prompts, the project secret's) that raise would end the process
/// mid-line with nothing said. Ignored, the prompt returns and [`prompt_error`] reports it.
fn sigint_as_a_key<T>(prompt: impl FnOnce() -> T) -> T {
    #[cfg(unix)]
    {
        // SAFETY: all-zero sigactions are valid values; sigaction gets valid pointers, and the
        // old action is put back as it was (whoever installed it).
        let mut old: libc::sigaction = unsafe { std::mem::zeroed() };
        let mut ignore: libc::sigaction = unsafe { std::mem::zeroed() };
        ignore.sa_sigaction = libc::SIG_IGN;
        let set = unsafe { libc::sigaction(libc::SIGINT, &ignore, &mut old) } == 0;
        let answer = prompt();
        if set {
            // SAFETY: as above.
            unsafe { libc::sigaction(libc::SIGINT, &old, std::ptr::null_mut()) };
        }
        answer
    }
    #[cfg(not(unix))]
    prompt()
}

fn prompt_error(e: dialoguer::Error) -> Error {
    let dialoguer::Error::IO(io) = e;
    if io.kind() == std::io::ErrorKind::Interrupted {
        // The cursor is still after the question, and hidden: show it again, and put the
        // error on a line of its own.
        let _ = dialoguer::console::Term::stderr().show_cursor();
        to_stderr("\n");
        Error::new(
            ErrorKind::Interrupted,
            "interrupted at the prompt; nothing was sent",
        )
    } else {
        Error::new(
            ErrorKind::PromptFailed,
            format!("could not ask on the terminal: {io}"),
        )
        .hint("pass the answer with flags instead (--yes, STYTCH_SECRET)")
    }
}

/// For stdout that holds no secret (a listing, a report, a script): a reader that stopped early
/// (`| head`) is not a failure, as in ripgrep and fd. Any other write error is.
pub fn listing_written(result: std::io::Result<()>) -> Result<()> {
    match result {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.map_err(stdout_error),
    }
}

pub fn stdout_error(e: std::io::Error) -> Error {
    Error::new(
        ErrorKind::StdoutFailed,
        format!("could not write to stdout: {e}"),
    )
}

/// A hidden line read from the terminal on stdin with echo, line editing and signals off, so
/// that Ctrl-C arrives as a key (an `Interrupted` error) and no typed byte is ever echoed.
#[cfg(unix)]
mod hidden {
    use std::io;
    use std::os::fd::AsRawFd;

    use zeroize::Zeroizing;

    /// The terminal's modes, put back when dropped (also on an error or a panic).
    struct Restore(libc::termios);

    impl Drop for Restore {
        fn drop(&mut self) {
            // SAFETY: stdin's descriptor and a termios tcgetattr filled.
            unsafe { libc::tcsetattr(io::stdin().as_raw_fd(), libc::TCSAFLUSH, &self.0) };
        }
    }

    /// Reads up to Enter (or Ctrl-D); Backspace removes a character, Ctrl-U the whole line.
    pub fn read_line() -> io::Result<Zeroizing<String>> {
        let fd = io::stdin().as_raw_fd();
        // SAFETY: an all-zero termios is a valid value for tcgetattr to fill.
        let mut modes: libc::termios = unsafe { std::mem::zeroed() };
        // SAFETY: a valid descriptor and a pointer to a termios.
        if unsafe { libc::tcgetattr(fd, &mut modes) } != 0 {
            return Err(io::Error::last_os_error());
        }
        let _restore = Restore(modes);
        modes.c_lflag &= !(libc::ECHO | libc::ICANON | libc::ISIG | libc::IEXTEN);
        modes.c_cc[libc::VMIN] = 1;
        modes.c_cc[libc::VTIME] = 0;
        // SAFETY: as above.
        if unsafe { libc::tcsetattr(fd, libc::TCSAFLUSH, &modes) } != 0 {
            return Err(io::Error::last_os_error());
        }
        // Room for any secret up front: a growing Vec would leave copies behind unwiped.
        let mut line = Zeroizing::new(Vec::with_capacity(1024));
        loop {
            let mut byte = 0u8;
            // SAFETY: one byte into a one-byte buffer.
            match unsafe { libc::read(fd, (&mut byte as *mut u8).cast(), 1) } {
                1 => {}
                0 => break,
                _ => match io::Error::last_os_error() {
                    e if e.kind() == io::ErrorKind::Interrupted => continue,
                    e => return Err(e),
                },
            }
            match byte {
                0x03 => return Err(io::Error::new(io::ErrorKind::Interrupted, "Ctrl-C")),
                b'\r' | b'\n' | 0x04 => break,
                0x7f | 0x08 => pop_char(&mut line),
                0x15 => line.clear(),
                _ => line.push(byte),
            }
        }
        Ok(Zeroizing::new(String::from_utf8_lossy(&line).into_owned()))
    }

    /// Removes the last UTF-8 character (its continuation bytes and its first byte).
    fn pop_char(line: &mut Vec<u8>) {
        while let Some(b) = line.pop() {
            if b & 0xC0 != 0x80 {
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn no_journal_is_carried_into_every_printed_rotation_command() {
        let text = "run `stytch-m2m rotate cancel --client-id a --yes`, then `stytch-m2m rotate run --client-id a`; \
                    `stytch-m2m rotate status --client-id a`; `stytch-m2m rotate cancel --no-journal --yes`; stytch-m2m rotate runner; \
                    `stytch-m2m clients delete --client-id a --yes`; `stytch-m2m clients list --client-id a`";
        assert_eq!(
            super::carry_flag(text, "--no-journal"),
            "run `stytch-m2m rotate cancel --no-journal --client-id a --yes`, then `stytch-m2m rotate run --no-journal --client-id a`; \
             `stytch-m2m rotate status --client-id a`; `stytch-m2m rotate cancel --no-journal --yes`; stytch-m2m rotate runner; \
             `stytch-m2m clients delete --no-journal --client-id a --yes`; `stytch-m2m clients list --client-id a`"
        );
        // A command line repeated as it was run keeps its own --no-journal where it was.
        let again = "pass --yes: `stytch-m2m rotate complete --all --no-journal --yes`\n  then `stytch-m2m rotate run --all`";
        assert_eq!(
            super::carry_flag(again, "--no-journal"),
            "pass --yes: `stytch-m2m rotate complete --all --no-journal --yes`\n  then `stytch-m2m rotate run --no-journal --all`"
        );
    }
}
