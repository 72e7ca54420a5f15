//! The deploy and check commands of `rotate run`: a child process that gets the new secret on
//! stdin (exact bytes, then EOF) or in one named variable, never in argv; whose environment
//! never holds the project secret; whose output reaches our stderr line by line with every
//! secret replaced by `[redacted]`; and to which SIGINT, SIGTERM and SIGHUP are passed on.
//!
//! The child cannot outlive the run unnoticed (unix): it inherits the client lock's open file
//! (`STYTCH_M2M_LOCK_FD`), so while it or anything it started lives, another run for the client
//! finds the lock held, even after this process was killed; and on Linux its shell gets SIGTERM
//! when this process dies (`PR_SET_PDEATHSIG`).

use std::process::Stdio;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use tokio::process::Command;
use zeroize::Zeroizing;

use super::redact::{Lines, Redactor, PIECE};
use crate::error::{Error, ErrorKind, Result, Signal};
use crate::redacted::Secret;
use crate::rotation::Context;
use crate::sanitize::sanitize_line;
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

/// The variable that tells a deploy or check command which descriptor holds the client's lock
/// (a deploy that leaves a long-lived process behind closes it for that process).
const LOCK_FD_ENV: &str = "STYTCH_M2M_LOCK_FD";

fn command(hook: &Hook, lock_fd: Option<i32>) -> Command {
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
    if let Some(fd) = lock_fd {
        cmd.env(LOCK_FD_ENV, fd.to_string());
    }
    #[cfg(unix)]
    tie_to_this_process(&mut cmd, lock_fd);
    cmd
}

/// In the child, before `exec`: the lock's descriptor stays open across `exec` (the flag is
/// cleared in the child's own table only; flock locks belong to the open file, which the child
/// then shares), and on Linux the shell is sent SIGTERM when this process dies.
///
/// The parent-death signal follows the thread that forked. Every hook is spawned from the
/// single-threaded runtime on the main thread (`commands::block_on`), which lives as long as
/// the process.
#[cfg(unix)]
fn tie_to_this_process(cmd: &mut Command, lock_fd: Option<i32>) {
    #[cfg(target_os = "linux")]
    let parent = {
        // SAFETY: getpid and the gettid syscall have no preconditions.
        let (pid, tid) = unsafe { (libc::getpid(), libc::syscall(libc::SYS_gettid)) };
        debug_assert_eq!(
            i64::from(pid),
            tid,
            "hooks are spawned from the main thread"
        );
        pid
    };
    let in_child = move || -> std::io::Result<()> {
        if let Some(fd) = lock_fd {
            // SAFETY: fcntl on a descriptor number; async-signal-safe, allocates nothing.
            let flags = unsafe { libc::fcntl(fd, libc::F_GETFD) };
            if flags < 0 || unsafe { libc::fcntl(fd, libc::F_SETFD, flags & !libc::FD_CLOEXEC) } < 0
            {
                return Err(std::io::Error::last_os_error());
            }
        }
        #[cfg(target_os = "linux")]
        {
            // SAFETY: prctl and getppid are async-signal-safe and allocate nothing.
            let signal = libc::SIGTERM as libc::c_ulong;
            if unsafe { libc::prctl(libc::PR_SET_PDEATHSIG, signal) } < 0 {
                return Err(std::io::Error::last_os_error());
            }
            // This process may have died before the signal was asked for.
            if unsafe { libc::getppid() } != parent {
                return Err(std::io::Error::from_raw_os_error(libc::ESRCH));
            }
        }
        Ok(())
    };
    // SAFETY: the closure runs between fork and exec and only makes the async-signal-safe
    // calls above; it allocates nothing and touches no lock.
    unsafe {
        cmd.pre_exec(in_child);
    }
}

/// Runs the hook to its end, echoing its output; a signal to us is passed on to it.
pub(super) async fn run(ctx: &mut Context<'_>, hook: &Hook<'_>) -> Result<Outcome> {
    let mut child = command(hook, ctx.rec.inheritable_lock())
        .spawn()
        .map_err(|e| {
            Error::new(
                ErrorKind::HookFailed,
                format!("could not run the {} command: {e}", hook.label),
            )
            .hint("check that sh (cmd on Windows) is on PATH")
        })?;
    if let Some(pid) = child.id() {
        ctx.rec.note_child(pid);
    }
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
    let rec = &mut ctx.rec;
    let renew_every = rec.renew_every();
    let wait = async {
        let mut forwarded = None;
        let status = loop {
            tokio::select! {
                status = child.wait() => break status,
                signal = interrupts.recv() => {
                    forwarded = Some(signal);
                    pass_on(child.id(), signal);
                }
                () = sleep_or_never(renew_every) => rec.renew(ui),
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

/// Sleeps for `every`, or forever without one (no `--record`, no lease to renew).
pub(super) async fn sleep_or_never(every: Option<std::time::Duration>) {
    match every {
        Some(every) => tokio::time::sleep(every).await,
        None => std::future::pending().await,
    }
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
        ui.child_line(label, &format!("{who}{}", sanitize_line(&text)));
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
