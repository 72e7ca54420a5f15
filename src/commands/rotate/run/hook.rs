//! The deploy and check commands of `rotate run`: a child process that gets the new secret on
//! stdin (exact bytes, then EOF) or in one named variable, never in argv; whose environment
//! never holds the project secret; whose output reaches our stderr line by line with every
//! secret replaced by `[redacted]`; and to which SIGINT, SIGTERM and SIGHUP are passed on.

use std::process::Stdio;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use tokio::process::Command;
use zeroize::Zeroizing;

use super::redact::{Lines, Redactor, PIECE};
use crate::commands::Context;
use crate::error::{Error, ErrorKind, Result, Signal};
use crate::redacted::Secret;
use crate::sanitize::sanitize;
use crate::ui::Ui;

/// One run of a deploy or check command.
pub(super) struct Hook<'a> {
    /// `deploy` or `check`, for output lines and messages.
    pub label: &'static str,
    pub command: &'a str,
    /// The secret to hand over (deploy only).
    pub secret: Option<&'a Secret>,
    /// Hand it in this variable instead of stdin.
    pub secret_env: Option<&'a str>,
    /// Extra variables: the client id, the last four, the project id.
    pub env: Vec<(&'static str, String)>,
    /// Text that must never appear in the child's echoed output (copies, wiped on drop).
    pub redact: Vec<Secret>,
    /// Many clients: the client id, put before each echoed line.
    pub who: Option<String>,
}

/// How the child ended.
pub(super) enum Ended {
    Exited(i32),
    /// Killed by a signal of its own (or one we passed on, see `forwarded`).
    Killed,
}

pub(super) struct Outcome {
    pub ended: Ended,
    /// A signal that reached us while the child ran; the run stops after it.
    pub forwarded: Option<Signal>,
}

impl Outcome {
    pub fn success(&self) -> bool {
        matches!(self.ended, Ended::Exited(0)) && self.forwarded.is_none()
    }

    pub fn describe(&self) -> String {
        match self.ended {
            Ended::Exited(code) => format!("exit {code}"),
            Ended::Killed => "killed by a signal".into(),
        }
    }

    pub fn code(&self) -> Option<i32> {
        match self.ended {
            Ended::Exited(code) => Some(code),
            Ended::Killed => None,
        }
    }
}

fn command(hook: &Hook) -> Command {
    let mut cmd = if cfg!(windows) {
        let mut c = Command::new("cmd");
        c.arg("/C").arg(hook.command);
        c
    } else {
        let mut c = Command::new("sh");
        c.arg("-c").arg(hook.command);
        c
    };
    // The project secret never reaches a deploy script.
    cmd.env_remove("STYTCH_SECRET");
    for (k, v) in &hook.env {
        cmd.env(k, v);
    }
    if let (Some(secret), Some(name)) = (hook.secret, hook.secret_env) {
        cmd.env(name, secret.expose());
    }
    let stdin = if hook.secret.is_some() && hook.secret_env.is_none() {
        Stdio::piped()
    } else {
        Stdio::null()
    };
    cmd.stdin(stdin)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    #[cfg(unix)]
    cmd.process_group(0);
    cmd
}

/// Runs the hook to its end, echoing its output; a signal to us is passed on to it.
pub(super) async fn run(ctx: &mut Context<'_>, hook: &Hook<'_>) -> Result<Outcome> {
    let mut child = command(hook).spawn().map_err(|e| {
        Error::new(
            ErrorKind::HookFailed,
            format!("could not run the {} command: {e}", hook.label),
        )
        .hint("check that sh (cmd on Windows) is on PATH")
    })?;
    let stdin = child.stdin.take();
    let (stdout, stderr) = (child.stdout.take(), child.stderr.take());
    let feed = async {
        if let (Some(mut stdin), Some(secret)) = (stdin, hook.secret) {
            // A child that never reads its stdin is its own business: ignore a broken pipe.
            let _ = stdin.write_all(secret.expose().as_bytes()).await;
            let _ = stdin.shutdown().await;
        }
    };
    let ui = ctx.ui;
    let interrupts = &mut ctx.interrupts;
    let wait = async {
        let mut forwarded = None;
        let status = loop {
            tokio::select! {
                status = child.wait() => break status,
                signal = interrupts.recv() => {
                    forwarded = Some(signal);
                    pass_on(child.id(), signal);
                }
            }
        };
        (status, forwarded)
    };
    let redact: Vec<&Secret> = hook.redact.iter().collect();
    let who = hook
        .who
        .as_deref()
        .map_or(String::new(), |w| format!("{w}: "));
    let (_, _, _, (status, forwarded)) = tokio::join!(
        feed,
        echo(stdout, hook.label, &who, &redact, ui),
        echo(stderr, hook.label, &who, &redact, ui),
        wait
    );
    let status = status.map_err(|e| {
        Error::internal(format!(
            "could not wait for the {} command: {e}",
            hook.label
        ))
    })?;
    let ended = match status.code() {
        Some(code) => Ended::Exited(code),
        None => Ended::Killed,
    };
    Ok(Outcome { ended, forwarded })
}

/// The child's output, read in chunks of [`PIECE`] bytes, to our stderr line by line (a line
/// longer than [`PIECE`] in pieces): every form of every secret redacted (see [`Redactor`]),
/// then sanitized. What is held at once stays bounded, whatever the child prints.
async fn echo(
    stream: Option<impl AsyncRead + Unpin>,
    label: &str,
    who: &str,
    redact: &[&Secret],
    ui: &Ui,
) {
    let Some(mut stream) = stream else {
        return;
    };
    let mut redactor = Redactor::new(redact);
    let mut lines = Lines::default();
    let mut buf = Zeroizing::new(vec![0u8; PIECE]);
    let mut safe = Zeroizing::new(Vec::with_capacity(2 * PIECE + redactor.longest()));
    let show = |line: &[u8]| {
        let text = Zeroizing::new(String::from_utf8_lossy(line).into_owned());
        ui.child_line(label, &format!("{who}{}", sanitize(&text)));
    };
    loop {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => redactor.feed(&buf[..n], &mut safe),
        }
        lines.push(&safe, show);
        safe.clear();
    }
    redactor.finish(&mut safe);
    lines.push(&safe, show);
    lines.finish(show);
}

/// `text` with every form of every secret replaced by `[redacted]` (as [`echo`] shows it).
#[cfg(test)]
pub(super) fn redacted(text: &str, secrets: &[&Secret]) -> String {
    let mut redactor = Redactor::new(secrets);
    let mut out = Vec::new();
    redactor.feed(text.as_bytes(), &mut out);
    redactor.finish(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(unix)]
fn pass_on(pid: Option<u32>, signal: Signal) {
    let Some(pid) = pid.and_then(|p| i32::try_from(p).ok()) else {
        return;
    };
    let signo = match signal {
        Signal::Interrupt => libc::SIGINT,
        Signal::Terminate => libc::SIGTERM,
        Signal::Hangup => libc::SIGHUP,
    };
    // The child leads its own process group: signal the group, so its children hear it too.
    // SAFETY: kill(2) with a pid we spawned and a valid signal number has no memory effects.
    unsafe {
        libc::kill(-pid, signo);
    }
}

#[cfg(not(unix))]
fn pass_on(_pid: Option<u32>, _signal: Signal) {
    // On Windows, Ctrl-C and Ctrl-Break reach every process attached to the console.
}

#[cfg(test)]
mod tests {
    use super::redacted;
    use crate::redacted::Secret;

    #[test]
    fn every_occurrence_of_every_secret_is_redacted() {
        let a = Secret::new("AAAA-secret".into());
        let b = Secret::new("project-BBBB".into());
        let empty = Secret::new(String::new());
        assert_eq!(
            redacted(
                "x AAAA-secret y AAAA-secret project-BBBB",
                &[&a, &b, &empty]
            ),
            "x [redacted] y [redacted] [redacted]"
        );
    }
}
