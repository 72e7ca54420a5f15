//! A real terminal: the binary under script(1), so it sees a pty on stdin, stdout and stderr, and
//! answers typed only once the program shows its prompt.

use std::io::{Read, Write};
use std::process::Stdio;
use std::sync::{Arc, Mutex};

use std::time::{Duration, Instant};

use super::harness::{Harness, EVENT_DEADLINE};

/// One answer to a prompt: the input is typed once the check on the screen so far holds.
pub type Answer<'a> = (&'a dyn Fn(&str) -> bool, &'a str);

/// Runs a shell command line under `script`, so the program sees a real terminal (a pty) on
/// stdin, stdout and stderr. A non-empty `input` is typed once the program shows a prompt (a
/// line ending in `]` or `:` and a space: dialoguer's yes/no and hidden-input prompts). Returns
/// the exit code and what the terminal showed.
pub fn in_terminal(
    h: &Harness,
    shell_line: &str,
    extra_env: &[(&str, &str)],
    input: &str,
) -> (i32, String) {
    let answers: &[Answer] = if input.is_empty() {
        &[]
    } else {
        &[(&shows_a_prompt, input)]
    };
    in_terminal_answering(h, shell_line, extra_env, answers)
}

/// Whether the last line on the screen, without terminal control sequences, is a prompt waiting
/// for an answer.
pub fn shows_a_prompt(screen: &str) -> bool {
    let text = without_escapes(screen);
    let last = text.rsplit('\n').next().unwrap_or("");
    last.ends_with("] ") || last.ends_with(": ")
}

/// `text` without CSI sequences (`ESC [ … final byte`), as a person reads the screen.
pub fn without_escapes(text: &str) -> String {
    let mut plain = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' && chars.peek() == Some(&'[') {
            chars.next();
            for c in chars.by_ref() {
                if ('@'..='~').contains(&c) {
                    break;
                }
            }
        } else {
            plain.push(c);
        }
    }
    plain
}

/// Like [`in_terminal`], with one answer per prompt: each `(ready, input)` types `input` once
/// `ready(screen since the last answer)` holds and the program reads the terminal (its echo or
/// its line editing is off, as a prompt sets it: typed earlier, the answer would be echoed or
/// held in a line). Stdin stays open until the program exits.
pub fn in_terminal_answering(
    h: &Harness,
    shell_line: &str,
    extra_env: &[(&str, &str)],
    answers: &[Answer],
) -> (i32, String) {
    let mut cmd = std::process::Command::new("script");
    cmd.args(["-qefc", shell_line, "/dev/null"]).env_clear();
    for (k, v) in h.env_pairs() {
        cmd.env(k, v);
    }
    for (k, v) in extra_env {
        cmd.env(k, v);
    }
    cmd.env("TERM", "xterm")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    let mut child = cmd.spawn().expect("script(1) from util-linux runs");
    let screen = Screen::read(child.stdout.take().unwrap());
    let mut stdin = child.stdin.take().unwrap();
    let mut answered = 0;
    let pid = child.id();
    let give_up = |child: &mut std::process::Child, what: &str| -> ! {
        let _ = child.kill();
        panic!(
            "waited in vain for {what}; the terminal shows {:?}",
            screen.text()
        );
    };
    for (ready, input) in answers {
        if !screen.wait(|| ready(&screen.text()[answered..]) && reads_the_terminal(pid)) {
            give_up(&mut child, "a prompt");
        }
        answered = screen.text().len();
        // A program that ended without asking gets nothing typed; its screen says why.
        if screen.ended() {
            break;
        }
        stdin.write_all(input.as_bytes()).unwrap();
        stdin.flush().unwrap();
    }
    if !screen.wait(|| false) {
        give_up(&mut child, "the program to exit");
    }
    let status = child.wait().unwrap();
    drop(stdin);
    (status.code().unwrap_or(-1), screen.text())
}

/// What the terminal showed, read on a thread until script(1) exits.
struct Screen {
    bytes: Arc<Mutex<Vec<u8>>>,
    ended: Arc<Mutex<bool>>,
}

impl Screen {
    fn read(mut out: impl Read + Send + 'static) -> Screen {
        let screen = Screen {
            bytes: Arc::default(),
            ended: Arc::default(),
        };
        let (bytes, ended) = (screen.bytes.clone(), screen.ended.clone());
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n @ 1..) = out.read(&mut buf) {
                bytes.lock().unwrap().extend_from_slice(&buf[..n]);
            }
            *ended.lock().unwrap() = true;
        });
        screen
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes.lock().unwrap()).into_owned()
    }

    fn ended(&self) -> bool {
        *self.ended.lock().unwrap()
    }

    /// Waits until `done` holds or the program has ended; `false` if the deadline came first.
    fn wait(&self, mut done: impl FnMut() -> bool) -> bool {
        let deadline = Instant::now() + EVENT_DEADLINE;
        while !(self.ended() || done()) {
            if Instant::now() >= deadline {
                return false;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        true
    }
}

/// Whether a process under `script_pid` has its terminal (a pty) with echo or line editing off,
/// as a prompt for a hidden or single-key answer sets it.
fn reads_the_terminal(script_pid: u32) -> bool {
    let Some(pty) = descendants(script_pid).into_iter().find_map(|pid| {
        let link = std::fs::read_link(format!("/proc/{pid}/fd/0")).ok()?;
        link.starts_with("/dev/pts/").then_some(link)
    }) else {
        return false;
    };
    let Ok(out) = std::process::Command::new("stty")
        .arg("-F")
        .arg(&pty)
        .arg("-a")
        .output()
    else {
        return false;
    };
    let modes = String::from_utf8_lossy(&out.stdout);
    modes
        .split_whitespace()
        .any(|m| m == "-echo" || m == "-icanon")
}

/// Every process below `pid`, children first.
fn descendants(pid: u32) -> Vec<u32> {
    let mut found = Vec::new();
    let mut queue = vec![pid];
    while let Some(p) = queue.pop() {
        let children =
            std::fs::read_to_string(format!("/proc/{p}/task/{p}/children")).unwrap_or_default();
        for child in children.split_whitespace().filter_map(|c| c.parse().ok()) {
            found.push(child);
            queue.push(child);
        }
    }
    found
}
