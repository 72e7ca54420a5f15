//! What a mutating command leaves behind: an entry in the journal before each request and one
//! after it, under the client's lock. The journal holds last fours, never a secret.
//!
//! The journal is proven writable and the lock taken before anything is sent; a write that
//! fails later is a warning, never a reason to drop a secret on the floor.

use crate::cli::JournalArgs;
use crate::error::{Error, ErrorKind, Result};
use crate::journal::{
    self, Action, ClientLock, Event, History, Journal, JournalError, LastFour, LockDir, Phase,
    Role, StateDir,
};
use crate::rotation::on_client::{OnClient, Settings};
use crate::stytch::record::By;
use crate::stytch::{Client, ClientId};
use crate::ui::Ui;

/// What an entry says besides its action and phase.
#[derive(Debug, Default, Clone)]
pub struct Facts {
    pub request_id: Option<String>,
    pub secret_last_four: Option<String>,
    pub next_last_four: Option<String>,
    /// A verify: the secret that was tried (`Secret::last_four`).
    pub tried_last_four: Option<String>,
    pub destination: Option<String>,
    pub detail: Option<String>,
}

/// The journal and lock of one client for one run: the lock always, the journal unless
/// `--no-journal`; neither for a read.
pub struct Recorder {
    on: Option<(Journal, StateDir)>,
    lock: Option<ClientLock>,
    /// `--record`: the record on the client.
    on_client: Option<OnClient>,
    project: String,
    client: String,
    warned: bool,
}

impl Recorder {
    /// No journal, no lock.
    pub fn off() -> Recorder {
        Recorder {
            on: None,
            lock: None,
            on_client: None,
            project: String::new(),
            client: String::new(),
            warned: false,
        }
    }

    /// Opens the journal (proving it writable; not under `--no-journal`) and takes the
    /// client's lock (always), before any request.
    pub fn open(
        args: &JournalArgs,
        client: &Client,
        id: &ClientId,
        command: &str,
    ) -> Result<Recorder> {
        let project = client.project_id();
        let on = if args.lock.no_journal {
            None
        } else {
            let dir = StateDir::from_env().map_err(journal_error)?;
            let mut journal = Journal::open(&dir).map_err(journal_error)?;
            journal.set_command(command);
            Some((journal, dir))
        };
        let locks = LockDir::from_env().map_err(journal_error)?;
        let lock = ClientLock::acquire(
            &locks,
            project.as_str(),
            id.as_str(),
            command,
            args.lock.lock_timeout,
        )
        .map_err(journal_error)?;
        // Under the local lock, the record on the client: taken before anything is sent.
        let on_client = if args.record() {
            let settings = Settings {
                lease: args.lease,
                replace: args.replace_record,
            };
            let by = By::here(&journal::process::host(), &journal::process::user());
            Some(OnClient::claim(
                client,
                id,
                &settings,
                journal::process::run_id(),
                by,
            )?)
        } else {
            None
        };
        Ok(Recorder {
            on,
            lock: Some(lock),
            on_client,
            project: project.as_str().to_owned(),
            client: id.as_str().to_owned(),
            warned: false,
        })
    }

    /// The journal as it stands (empty under `--no-journal` or when it cannot be read).
    pub fn history(&self) -> History {
        self.read().unwrap_or_default()
    }

    /// The journal, or `None` under `--no-journal` or when it cannot be read: then what it does
    /// not show may still have happened.
    pub fn read(&self) -> Option<History> {
        self.on
            .as_ref()
            .and_then(|(_, dir)| journal::read_history(dir).ok())
    }

    /// Where the pending secret ending `four` went, as its `start` recorded it.
    pub fn pending_destination(&self, four: &str) -> Option<String> {
        self.history()
            .pending_destination(&self.project, &self.client, four)
    }

    /// The client lock's descriptor, for a deploy or check command to inherit (see
    /// [`ClientLock::inheritable_fd`]).
    pub fn inheritable_lock(&self) -> Option<i32> {
        self.lock.as_ref().and_then(ClientLock::inheritable_fd)
    }

    /// Names the deploy or check command that now holds the lock too in its holder line.
    pub fn note_child(&mut self, pid: u32) {
        if let Some(lock) = self.lock.as_mut() {
            lock.note_child(pid);
        }
    }

    /// With `--record`: how often a long step renews the lease on the client.
    pub fn renew_every(&self) -> Option<std::time::Duration> {
        self.on_client.as_ref().map(OnClient::renew_every)
    }

    /// With `--record`: renews the lease on the client (a long step goes on).
    pub fn renew(&mut self, ui: &Ui) {
        if let Some(on_client) = self.on_client.as_mut() {
            on_client.renew(ui);
        }
    }

    pub fn intent(&mut self, ui: &Ui, action: Action, facts: Facts) {
        self.write(ui, action, Phase::Intent, facts, None);
    }

    pub fn ok(&mut self, ui: &Ui, action: Action, facts: Facts) {
        self.write(ui, action, Phase::Ok, facts, None);
    }

    /// A failure; "outcome unknown" is recorded as `unknown`.
    pub fn failed(&mut self, ui: &Ui, action: Action, err: &Error, facts: Facts) {
        let phase = if err.kind == ErrorKind::OutcomeUnknown {
            Phase::Unknown
        } else {
            Phase::Failed
        };
        self.write(ui, action, phase, facts, Some(err));
    }

    fn write(&mut self, ui: &Ui, action: Action, phase: Phase, f: Facts, err: Option<&Error>) {
        if let Some(on_client) = self.on_client.as_mut() {
            on_client.event(ui, action, phase, &f);
        }
        let Some((journal, _)) = self.on.as_mut() else {
            return;
        };
        let mut event = Event::new(
            &self.project,
            &self.client,
            action,
            phase,
            LastFour::new(f.secret_last_four.as_deref().unwrap_or("")),
        );
        event.request_id = f.request_id.as_deref().filter(|r| !r.is_empty());
        event.next_secret_last_four = f.next_last_four.as_deref().map(LastFour::new);
        event.tried_secret_last_four = f.tried_last_four.as_deref().map(LastFour::new);
        event.destination = f.destination.as_deref();
        event.detail = f.detail.as_deref();
        event.exit_code = err.map(|e| e.code.code());
        event.error_type = err.map(|e| e.kind.name());
        if let Err(e) = journal.record(&event) {
            if !self.warned {
                self.warned = true;
                ui.warn(format!(
                    "the journal could not be written ({e}); the command goes on without it"
                ));
            }
        }
    }
}

impl Drop for Recorder {
    fn drop(&mut self) {
        // Every way out (an error, a signal) gives the lease back; a kill leaves it to run out.
        if let Some(on_client) = self.on_client.as_mut() {
            on_client.release(&Ui::new(false, true));
        }
    }
}

/// The journal's errors as the tool reports them: a lock held by another run is a conflict
/// (exit 5), anything else keeps the command from starting (exit 8).
pub fn journal_error(e: JournalError) -> Error {
    let hint = e.hint();
    match &e {
        JournalError::Locked { holder, .. } => {
            let mut err =
                Error::new(ErrorKind::Locked, format!("{e}; nothing was sent")).hint(hint);
            if let Some(h) = holder {
                err = err.field(
                    "holder",
                    serde_json::json!({ "pid": h.pid, "host": h.host, "command": h.command, "started": h.started, "deploy_pid": h.deploy_pid }),
                );
            }
            err
        }
        JournalError::NotPrivate(_) => {
            Error::new(ErrorKind::StateNotPrivate, format!("{e}; nothing was sent")).hint(hint)
        }
        _ => Error::new(
            ErrorKind::JournalUnwritable,
            format!("{e}; nothing was sent"),
        )
        .hint(hint),
    }
}

/// For read-only commands: a state or lock directory, or a journal, that a mutating command
/// would refuse is a warning, and the command goes on.
pub fn warn_if_not_private(ui: &Ui) {
    let mut found = Vec::new();
    if let Ok(dir) = StateDir::from_env() {
        found.extend(journal::dir_problem(dir.path(), Role::StateDir));
        found.extend(journal::file_problem(&dir.journal_path(), Role::Journal));
    }
    if let Ok(dir) = LockDir::from_env() {
        found.extend(journal::dir_problem(dir.path(), Role::LockDir));
    }
    for problem in found {
        ui.warn(format!(
            "{problem}; commands that change a rotation refuse it: {}",
            problem.hint()
        ));
    }
}
