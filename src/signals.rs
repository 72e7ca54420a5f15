//! SIGINT, SIGTERM and SIGHUP while a request is in flight. Handlers are installed only once the
//! prompts are over, and a signal is acted on only where it is safe: never between minting a
//! secret and handing it over. (Without a handler, SIGHUP from a dropped SSH session would kill
//! the process between `rotate/start` and the keyring write, and the secret with it.)

use std::future::Future;

use crate::error::{Error, Result, Signal};

pub struct Interrupts {
    /// `None`: signals are left to someone else (a fleet's engine) and never interrupt here.
    inner: Option<Handlers>,
}

struct Handlers {
    #[cfg(unix)]
    int: tokio::signal::unix::Signal,
    #[cfg(unix)]
    term: tokio::signal::unix::Signal,
    #[cfg(unix)]
    hup: tokio::signal::unix::Signal,
}

impl Interrupts {
    /// Must be called inside the runtime.
    pub fn install() -> Result<Self> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            let failed = |e: std::io::Error| {
                Error::internal(format!("could not install signal handlers: {e}"))
            };
            Ok(Interrupts {
                inner: Some(Handlers {
                    int: signal(SignalKind::interrupt()).map_err(failed)?,
                    term: signal(SignalKind::terminate()).map_err(failed)?,
                    hup: signal(SignalKind::hangup()).map_err(failed)?,
                }),
            })
        }
        #[cfg(not(unix))]
        Ok(Interrupts {
            inner: Some(Handlers {}),
        })
    }

    /// Never fires: for one client of a fleet, whose engine handles signals itself and lets
    /// the step in flight finish.
    pub fn inert() -> Self {
        Interrupts { inner: None }
    }

    /// Waits for the next signal.
    pub async fn recv(&mut self) -> Signal {
        let Some(_handlers) = self.inner.as_mut() else {
            return std::future::pending().await;
        };
        #[cfg(unix)]
        {
            tokio::select! {
                _ = _handlers.int.recv() => Signal::Interrupt,
                _ = _handlers.term.recv() => Signal::Terminate,
                _ = _handlers.hup.recv() => Signal::Hangup,
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
            Signal::Interrupt
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
            signal = self.recv() => Err(on_signal(Error::interrupted(signal))),
            result = fut => result,
        }
    }
}
