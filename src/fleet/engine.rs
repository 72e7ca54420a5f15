//! The pool: `--jobs` workers on one thread, each taking the next client when it is done with
//! one, so never more than `--jobs` requests are in flight. `--fail-fast` and a signal stop the
//! taking; what is in flight finishes its step; the clients never taken are `not_started`.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::task::Poll;

use super::progress::Progress;
use super::{Fleet, Outcome, Target, Verdict};
use crate::error::{Error, ErrorKind, Result, Signal};
use crate::signals::Interrupts;

/// Works through `targets` with `work`, reports each result as it comes, then the summary.
/// `Ok` when no client failed or was left out.
pub async fn drive<W, Fut>(
    fleet: &Fleet<'_>,
    targets: Vec<Target>,
    signals: &mut Interrupts,
    work: W,
) -> Result<()>
where
    W: Fn(Target) -> Fut,
    Fut: Future<Output = Outcome>,
{
    let total = targets.len();
    let progress = RefCell::new(Progress::new(fleet.ui, total, fleet.action));
    let queue = RefCell::new(targets.into_iter());
    let stop = Cell::new(false);
    let worker = || async {
        while !stop.get() {
            let Some(target) = queue.borrow_mut().next() else {
                break;
            };
            let unknown = target.age_unknown;
            let mut outcome = work(target).await;
            outcome.age_unknown |= unknown;
            if fleet.fail_fast && outcome.verdict == Verdict::Failed {
                stop.set(true);
            }
            progress.borrow_mut().finished(outcome);
        }
    };
    let mut signal: Option<Signal> = None;
    {
        let workers = join_all(
            (0..fleet.jobs.min(total.max(1)))
                .map(|_| worker())
                .collect(),
        );
        tokio::pin!(workers);
        loop {
            tokio::select! {
                () = &mut workers => break,
                s = signals.recv() => {
                    stop.set(true);
                    if signal.is_none() {
                        progress.borrow().stopping(s);
                    }
                    signal.get_or_insert(s);
                }
            }
        }
    }
    let mut progress = progress.into_inner();
    for target in queue.into_inner() {
        let note = "not started".to_owned();
        progress.finished(Outcome::new(
            &target.id,
            fleet.action,
            Verdict::NotStarted,
            note,
        ));
    }
    let counts = progress.finish(fleet.client.pace());
    verdict(fleet.action, fleet.again.as_deref(), counts, signal)
}

/// The command's end: the signal's exit code, 11 when a client failed or was left out, else 0.
fn verdict(
    action: &str,
    again: Option<&str>,
    c: super::progress::Counts,
    signal: Option<Signal>,
) -> Result<()> {
    let left = if c.not_started > 0 {
        format!("; {} were not started", c.not_started)
    } else {
        String::new()
    };
    if let Some(signal) = signal {
        return Err(Error::interrupted(signal).context(format!(
            "no new client was started after it; the ones in flight finished their step{left}"
        )));
    }
    if c.failed == 0 && c.not_started == 0 {
        return Ok(());
    }
    let again = match (action, again) {
        ("status", _) => "run the same command again for the clients that failed".to_owned(),
        ("run", Some(command)) => format!(
            "fix the cause and continue with `{command}`: clients an earlier run rotated are skipped, the ones mid-rotation continue, the rest start"
        ),
        ("run", None) => "fix the cause and run the same command again with --resume: clients an earlier run rotated are skipped, the ones mid-rotation continue, the rest start".to_owned(),
        ("complete", _) => "fix the cause and run the same command again: the clients already done are skipped. \
            On another machine (a new CI runner) the secrets `rotate start` kept in its keyring or journal are not there: \
            give them with --secret-dir DIR (one file per client, named by its id), or, once every consumer uses them, \
            pass --skip-verify".to_owned(),
        _ => "fix the cause and run the same command again: the clients already done are skipped".to_owned(),
    };
    Err(Error::new(
        ErrorKind::SomeFailed,
        format!(
            "{} of {} clients failed{left} (each one's error is in the output above)",
            c.failed,
            c.total()
        ),
    )
    .hint(again))
}

/// Polls every future until all are done (the workers of one pool, on one thread).
pub async fn join_all<F: Future<Output = ()>>(futures: Vec<F>) {
    let mut futures: Vec<Pin<Box<F>>> = futures.into_iter().map(Box::pin).collect();
    std::future::poll_fn(|cx| {
        futures.retain_mut(|f| f.as_mut().poll(cx).is_pending());
        if futures.is_empty() {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    })
    .await
}
