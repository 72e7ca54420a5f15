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

/// Like [`in_terminal`], with one answer per prompt: each `(ready, input)` types `input` as soon
/// as `ready(screen so far)` holds. Stdin stays open until the program exits.
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
    let screen = Arc::new(Mutex::new(Vec::<u8>::new()));
    let ended = Arc::new(Mutex::new(false));
    let reader = {
        let (screen, ended) = (screen.clone(), ended.clone());
        let mut out = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n @ 1..) = out.read(&mut buf) {
                screen.lock().unwrap().extend_from_slice(&buf[..n]);
            }
            *ended.lock().unwrap() = true;
        })
    };
    let mut stdin = child.stdin.take().unwrap();
    let shown = || String::from_utf8_lossy(&screen.lock().unwrap()).into_owned();
    let mut answered = 0;
    for (ready, input) in answers {
        let deadline = Instant::now() + EVENT_DEADLINE;
        while !(ready(&shown()[answered..]) || *ended.lock().unwrap()) {
            assert!(
                Instant::now() < deadline,
                "no prompt on the terminal, which shows {:?}",
                shown()
            );
            std::thread::sleep(Duration::from_millis(5));
        }
        answered = shown().len();
        // A program that ended without asking gets nothing typed; its screen says why.
        if *ended.lock().unwrap() {
            break;
        }
        // The prompt is on screen; type only once the program is blocked reading the terminal,
        // so a hidden prompt has turned echo off (dialoguer prints first, then turns it off).
        wait_until_reading(child.id(), &ended);
        stdin.write_all(input.as_bytes()).unwrap();
        stdin.flush().unwrap();
    }
    // Bounded: a program still waiting for input it will never get fails the test, never hangs
    // the suite.
    let deadline = Instant::now() + EVENT_DEADLINE * 3;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the program never ended; the terminal shows {:?}", shown());
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    drop(stdin);
    reader.join().unwrap();
    (status.code().unwrap_or(-1), shown())
}

/// Waits (bounded) until the newest process under `script` is asleep in a terminal read
/// (`wait_woken` in `/proc/PID/wchan` on Linux). Elsewhere, or if it never shows, goes on.
fn wait_until_reading(script_pid: u32, ended: &Mutex<bool>) {
    let deadline = Instant::now() + Duration::from_secs(2);
    while Instant::now() < deadline && !*ended.lock().unwrap() {
        let mut pid = script_pid;
        while let Some(child) = std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children"))
            .ok()
            .and_then(|c| c.split_whitespace().last().and_then(|p| p.parse().ok()))
        {
            pid = child;
        }
        let wchan = std::fs::read_to_string(format!("/proc/{pid}/wchan")).unwrap_or_default();
        if pid != script_pid && wchan.trim() == "wait_woken" {
            return;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}
