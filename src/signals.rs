//! SIGINT, SIGTERM and SIGHUP (on Windows: Ctrl-C, Ctrl-Break, console close, logoff and
//! shutdown) while a request is in flight. Handlers are installed only once the prompts are over,
//! and a signal is acted on only where it is safe: never between minting a secret and handing it
//! over. (Without a handler, SIGHUP from a dropped SSH session, or a closed console window, would
//! kill the process between `rotate/start` and the keyring write, and the secret with it.)

use std::future::Future;

use crate::error::{Error, ErrorKind, Result, Signal};

pub struct Interrupts {
    /// `None`: never fires (see [`Interrupts::inert`]).
    inner: Option<Handlers>,
    /// A signal already received but not yet acted on (see [`Interrupts::defer`]).
    deferred: Option<Error>,
}

struct Handlers {
    #[cfg(unix)]
    int: tokio::signal::unix::Signal,
    #[cfg(unix)]
    term: tokio::signal::unix::Signal,
    #[cfg(unix)]
    hup: tokio::signal::unix::Signal,
    #[cfg(windows)]
    console: windows::Console,
}

impl Interrupts {
    /// Must be called inside the runtime.
    pub fn install() -> Result<Self> {
        let failed =
            |e: std::io::Error| Error::internal(format!("could not install signal handlers: {e}"));
        #[cfg(unix)]
        let handlers = {
            use tokio::signal::unix::{signal, SignalKind};
            Handlers {
                int: signal(SignalKind::interrupt()).map_err(failed)?,
                term: signal(SignalKind::terminate()).map_err(failed)?,
                hup: signal(SignalKind::hangup()).map_err(failed)?,
            }
        };
        #[cfg(windows)]
        let handlers = Handlers {
            console: windows::Console::install().map_err(failed)?,
        };
        #[cfg(not(any(unix, windows)))]
        let handlers = {
            let _ = failed;
            Handlers {}
        };
        Ok(Interrupts {
            inner: Some(handlers),
            deferred: None,
        })
    }

    /// Never fires: for one client of a fleet, whose engine handles signals itself and lets
    /// the step in flight finish.
    pub fn inert() -> Self {
        Interrupts {
            inner: None,
            deferred: None,
        }
    }

    /// A signal received where it could not be acted on (a `rotate/start` whose answer was
    /// still coming): the next [`Interrupts::guard`] or [`Interrupts::recv`] acts on it at once.
    pub fn defer(&mut self, signal: Error) {
        self.deferred = Some(signal);
    }

    /// Waits for the next signal (on Windows, the console event it stands for).
    pub async fn recv(&mut self) -> Signal {
        match self.next().await.kind {
            ErrorKind::Terminated => Signal::Terminate,
            ErrorKind::HungUp => Signal::Hangup,
            _ => Signal::Interrupt,
        }
    }

    /// Waits for the next signal and says what it means for the user.
    pub async fn next(&mut self) -> Error {
        if let Some(signal) = self.deferred.take() {
            return signal;
        }
        let Some(_handlers) = self.inner.as_mut() else {
            return std::future::pending().await;
        };
        #[cfg(unix)]
        {
            let signal = tokio::select! {
                _ = _handlers.int.recv() => Signal::Interrupt,
                _ = _handlers.term.recv() => Signal::Terminate,
                _ = _handlers.hup.recv() => Signal::Hangup,
            };
            Error::interrupted(signal)
        }
        #[cfg(windows)]
        {
            console_error(_handlers.console.recv().await)
        }
        #[cfg(not(any(unix, windows)))]
        {
            let _ = tokio::signal::ctrl_c().await;
            Error::interrupted(Signal::Interrupt)
        }
    }

    /// A signal that has already come (and not been acted on), without waiting for one: what a
    /// step checks before it sends something that cannot be taken back.
    pub async fn pending(&mut self) -> Option<Error> {
        tokio::select! {
            biased;
            error = self.next() => Some(error),
            () = std::future::ready(()) => None,
        }
    }

    /// Runs `fut` unless a signal comes first; then `fut` is dropped (its connection closed) and
    /// `on_signal` says what that means for the user.
    pub async fn guard<T>(
        &mut self,
        fut: impl Future<Output = Result<T>>,
        on_signal: impl FnOnce(Error) -> Error,
    ) -> Result<T> {
        tokio::select! {
            biased;
            error = self.next() => Err(on_signal(error)),
            result = fut => result,
        }
    }
}

/// A Windows console control event.
#[cfg_attr(not(windows), allow(dead_code))]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ConsoleEvent {
    CtrlC,
    CtrlBreak,
    Close,
    Logoff,
    Shutdown,
}

/// Each console event as the Unix signal it stands for, so the exit codes and error kinds are the
/// same on every platform: Ctrl-C is SIGINT (130); Ctrl-Break, the stop that process managers
/// send, and shutdown are SIGTERM (143); a closed console window and a logoff are the terminal
/// going away, SIGHUP (129).
#[cfg_attr(not(windows), allow(dead_code))]
fn console_error(event: ConsoleEvent) -> Error {
    let (kind, message) = match event {
        ConsoleEvent::CtrlC => (ErrorKind::Interrupted, "interrupted (Ctrl-C)"),
        ConsoleEvent::CtrlBreak => (ErrorKind::Terminated, "terminated (Ctrl-Break)"),
        ConsoleEvent::Shutdown => (
            ErrorKind::Terminated,
            "terminated: Windows is shutting down",
        ),
        ConsoleEvent::Close => (ErrorKind::HungUp, "hung up: the console window was closed"),
        ConsoleEvent::Logoff => (ErrorKind::HungUp, "hung up: the user is logging off"),
    };
    Error::new(kind, message)
}

#[cfg(windows)]
mod windows {
    //! Tokio's console handlers. For close, logoff and shutdown tokio never returns from the
    //! handler, so Windows waits (about 5 s for a close) while the in-flight step is dropped and
    //! reported, instead of killing the process at once.

    use super::ConsoleEvent;
    use tokio::signal::windows::{
        ctrl_break, ctrl_c, ctrl_close, ctrl_logoff, ctrl_shutdown, CtrlBreak, CtrlC, CtrlClose,
        CtrlLogoff, CtrlShutdown,
    };

    pub struct Console {
        c: CtrlC,
        brk: CtrlBreak,
        close: CtrlClose,
        logoff: CtrlLogoff,
        shutdown: CtrlShutdown,
    }

    impl Console {
        pub fn install() -> std::io::Result<Console> {
            Ok(Console {
                c: ctrl_c()?,
                brk: ctrl_break()?,
                close: ctrl_close()?,
                logoff: ctrl_logoff()?,
                shutdown: ctrl_shutdown()?,
            })
        }

        pub async fn recv(&mut self) -> ConsoleEvent {
            tokio::select! {
                _ = self.c.recv() => ConsoleEvent::CtrlC,
                _ = self.brk.recv() => ConsoleEvent::CtrlBreak,
                _ = self.close.recv() => ConsoleEvent::Close,
                _ = self.logoff.recv() => ConsoleEvent::Logoff,
                _ = self.shutdown.recv() => ConsoleEvent::Shutdown,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Signal;

    #[test]
    fn console_events_exit_like_the_unix_signals_they_stand_for() {
        let cases = [
            (ConsoleEvent::CtrlC, Signal::Interrupt, 130),
            (ConsoleEvent::CtrlBreak, Signal::Terminate, 143),
            (ConsoleEvent::Shutdown, Signal::Terminate, 143),
            (ConsoleEvent::Close, Signal::Hangup, 129),
            (ConsoleEvent::Logoff, Signal::Hangup, 129),
        ];
        for (event, signal, code) in cases {
            let windows = console_error(event);
            let unix = Error::interrupted(signal);
            assert_eq!(windows.kind, unix.kind, "{event:?}");
            assert_eq!(windows.code, unix.code, "{event:?}");
            assert_eq!(windows.code.code(), code, "{event:?}");
            assert!(windows.is_signal(), "{event:?}");
        }
    }

    /// Each signal sent to this process arrives as itself (and so exits with its own code).
    #[cfg(unix)]
    #[test]
    fn each_signal_is_received_as_itself() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let mut interrupts = Interrupts::install().unwrap();
            let pid = std::process::id().to_string();
            for (name, signal) in [
                ("-HUP", Signal::Hangup),
                ("-TERM", Signal::Terminate),
                ("-INT", Signal::Interrupt),
            ] {
                let sent = std::process::Command::new("kill")
                    .args([name, &pid])
                    .status();
                assert!(sent.unwrap().success(), "{name}");
                let got =
                    tokio::time::timeout(std::time::Duration::from_secs(10), interrupts.recv());
                assert_eq!(got.await.expect(name), signal, "{name}");
            }
        });
    }

    #[test]
    fn handlers_install_inside_the_runtime() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async { Interrupts::install().unwrap() });
    }
}
