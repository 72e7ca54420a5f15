//! One module per user-facing command, each with one entry point that `app` dispatches to. This
//! is the only layer that knows both Stytch (`stytch`) and where secrets are kept (`store`).

pub mod clients;
pub mod completions;
pub mod doctor;
pub mod fleet;
pub mod history;
pub mod record;
pub mod rotate;
pub mod secret;

use std::future::Future;
use std::time::Duration;

use crate::cli::GlobalArgs;
use crate::config;
use crate::error::{Error, Result};
use crate::signals::Interrupts;
use crate::stytch::{self, Client};
use crate::ui::Ui;
use record::Recorder;

/// What every command shares: the global flags and the UI. Built once by `app`.
pub struct Session<'a> {
    pub global: &'a GlobalArgs,
    pub ui: &'a Ui,
}

impl<'a> Session<'a> {
    /// Credentials and base URL, resolved (and prompted for) before anything is sent.
    pub fn client(&self) -> Result<Client> {
        let args = self.global;
        let project_id = config::project_id(args)?;
        let base_url = config::base_url(args, &project_id)?;
        let secret = config::project_secret(args, Some(self.ui))?;
        Client::new(stytch::Config {
            base_url,
            project_id,
            secret,
            timeout: args.timeout,
            ca_cert: args.ca_cert.clone(),
        })
    }

    pub fn keyring_timeout(&self) -> Duration {
        self.global.keyring_timeout
    }

    /// Runs the async part of a command with signal handlers installed, on a single-threaded
    /// runtime. Blocking keyring calls that outlive their timeout are abandoned, not waited for.
    pub fn run<T, F, Fut>(&self, client: Client, body: F) -> Result<T>
    where
        F: FnOnce(Context<'a>) -> Fut,
        Fut: Future<Output = Result<T>>,
    {
        self.run_recorded(client, Recorder::off(), body)
    }

    /// The same, for a command that keeps a journal and holds the client's lock.
    pub fn run_recorded<T, F, Fut>(&self, client: Client, rec: Recorder, body: F) -> Result<T>
    where
        F: FnOnce(Context<'a>) -> Fut,
        Fut: Future<Output = Result<T>>,
    {
        block_on(async {
            let ctx = Context {
                client,
                ui: self.ui,
                interrupts: Interrupts::install()?,
                keyring_timeout: self.keyring_timeout(),
                rec,
            };
            body(ctx).await
        })
    }
}

/// The async side of a command that talks to Stytch.
pub struct Context<'a> {
    pub client: Client,
    pub ui: &'a Ui,
    pub interrupts: Interrupts,
    pub keyring_timeout: Duration,
    /// The journal and lock (off for read-only commands and under `--no-journal`).
    pub rec: Recorder,
}

pub fn block_on<T>(fut: impl Future<Output = Result<T>>) -> Result<T> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::internal(format!("could not start the async runtime: {e}")))?;
    let result = rt.block_on(fut);
    rt.shutdown_background();
    result
}
