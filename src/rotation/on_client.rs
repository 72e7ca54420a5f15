//! `--record`: the rotation record on the client itself (`trusted_metadata.stytch_m2m`, see
//! [`crate::stytch::record`]), kept beside the journal. Claimed with a lease before anything is
//! sent, updated with each step the journal records, released when the command ends.
//!
//! Record writes are one `PUT` each, made on a thread of their own (with a connection pool of
//! their own), so the journal's synchronous calls can make them in order, before the request
//! they announce. A write that fails after the claim is a warning: the step's outcome stands.

use std::time::Duration;

use crate::error::{Error, ErrorKind, Result};
use crate::journal::{Action, Phase};
use crate::rotation::journaled::Facts;
use crate::stytch::record::{self, By, Found, Record, State};
use crate::stytch::{Client, ClientId};
use crate::ui::Ui;

/// How a recorded command uses the record.
#[derive(Debug, Clone)]
pub struct Settings {
    pub lease: Duration,
    /// `--replace-record`: overwrite a record this version does not trust.
    pub replace: bool,
}

/// This run's record of one client: the last one it wrote.
pub struct OnClient {
    client: Client,
    id: ClientId,
    record: Record,
    lease: Duration,
    warned: bool,
    released: bool,
}

impl OnClient {
    /// Reads the client's record and takes it for this run: refused (exit 5, nothing sent)
    /// while another run's lease holds, when the record cannot be trusted (unless
    /// `--replace-record`), or when `trusted_metadata` has no room for it. The record is read
    /// back after the write: another machine writing at the same moment is found then.
    pub fn claim(
        client: &Client,
        id: &ClientId,
        settings: &Settings,
        run_id: &str,
        by: By,
    ) -> Result<OnClient> {
        let client = client.with_own_pool()?;
        let (metadata, found) = read_record(&client, id)?;
        let mut record = match found {
            Found::Nothing => Record::new(run_id, by.clone()),
            Found::Trusted(theirs) => {
                if theirs.run_id != run_id && theirs.leased_at(client.server_now()) {
                    return Err(leased(id, &theirs));
                }
                *theirs
            }
            Found::Untrusted(_) if settings.replace => Record::new(run_id, by.clone()),
            Found::Untrusted(why) => return Err(untrusted(id, &why)),
        };
        record.v = record::VERSION;
        record.run_id = run_id.to_owned();
        record.by = by;
        record.lease_until = Some(record::until(client.server_now(), settings.lease));
        record::room(&metadata, &record).map_err(|why| no_room(id, &why))?;
        put(&client, id, &record)?;
        match read_record(&client, id)?.1 {
            Found::Trusted(back) if back.run_id == run_id => {}
            Found::Trusted(other) => return Err(leased(id, &other)),
            _ => {
                return Err(Error::new(
                    ErrorKind::RecordUntrusted,
                    format!("the record on {id} changed while it was being written; nothing was sent"),
                )
                .hint(format!(
                    "another machine may be rotating this client: see `stytch-m2m rotate status --client-id {}`, then run the command again",
                    crate::shell::quote(id.as_str())
                )))
            }
        }
        Ok(OnClient {
            client,
            id: id.clone(),
            record,
            lease: settings.lease,
            warned: false,
            released: false,
        })
    }

    /// The journal recorded `action` `phase`: the record follows, before the request the
    /// journal announced is sent. Steps that change nothing on the record write nothing.
    pub fn event(&mut self, ui: &Ui, action: Action, phase: Phase, facts: &Facts) {
        let now = record::rfc3339(self.client.server_now());
        let r = &mut self.record;
        let changed = match (action, phase) {
            (Action::Start, Phase::Intent) => {
                r.state = State::Rotating;
                r.started_at = Some(now.clone());
                r.next_secret_last_four = None;
                r.custody = None;
                true
            }
            (Action::Start, Phase::Ok) => {
                r.next_secret_last_four = facts.next_last_four.clone();
                r.custody = facts.destination.as_deref().map(custody_kind);
                true
            }
            (Action::Start, Phase::Failed | Phase::Unknown) => {
                if let Some(next) = &facts.next_last_four {
                    // Minted, then not stored where asked (it went to stdout, or was cancelled
                    // after this entry): rotating until a cancel says otherwise.
                    r.next_secret_last_four = Some(next.clone());
                    r.custody = facts.destination.as_deref().map(custody_kind);
                } else if phase == Phase::Failed {
                    // Stytch's own 4xx, or nothing sent: nothing of this run is rotating.
                    r.state = State::Idle;
                    r.started_at = None;
                }
                true
            }
            (Action::Deploy, Phase::Intent) => {
                if r.custody.as_deref() == Some("memory") {
                    r.custody = Some("deploy".into());
                }
                true
            }
            (Action::Complete, Phase::Ok) => {
                r.state = State::Idle;
                r.last_rotated_at = Some(now.clone());
                r.last_secret_last_four = facts
                    .secret_last_four
                    .clone()
                    .or_else(|| r.next_secret_last_four.clone());
                r.next_secret_last_four = None;
                r.custody = None;
                r.started_at = None;
                true
            }
            (Action::Cancel, Phase::Ok) => {
                r.state = State::Idle;
                r.next_secret_last_four = None;
                r.custody = None;
                r.started_at = None;
                true
            }
            (
                Action::Check | Action::Verify | Action::Complete | Action::Cancel | Action::Resume,
                Phase::Intent,
            ) => true,
            _ => false,
        };
        if !changed {
            return;
        }
        r.step = Some(action.as_str().to_owned());
        r.step_at = Some(now);
        // Every write renews the lease.
        r.lease_until = Some(record::until(self.client.server_now(), self.lease));
        self.write(ui);
    }

    fn write(&mut self, ui: &Ui) {
        if let Err(e) = put(&self.client, &self.id, &self.record) {
            if !self.warned {
                self.warned = true;
                ui.warn(format!(
                    "the record on {} could not be written ({}); it is stale until the next write, and the step's outcome stands",
                    self.id, e.message
                ));
            }
        }
    }

    /// How often a long step (deploy, check, soak) renews the lease: every third of it.
    pub fn renew_every(&self) -> Duration {
        (self.lease / 3).max(Duration::from_secs(1))
    }

    /// Renews the lease during a long step.
    pub fn renew(&mut self, ui: &Ui) {
        self.record.lease_until = Some(record::until(self.client.server_now(), self.lease));
        self.write(ui);
    }

    /// The command ends: the lease is given back (the state stays as the last step left it).
    pub fn release(&mut self, ui: &Ui) {
        if self.released {
            return;
        }
        self.released = true;
        self.record.lease_until = None;
        self.write(ui);
    }
}

/// `file:PATH` is a `file`: a record never holds a path.
fn custody_kind(destination: &str) -> String {
    match destination {
        d if d.starts_with("file:") => "file".into(),
        "keyring" | "stdout" | "memory" => destination.into(),
        _ => "other".into(),
    }
}

/// Runs `fut` to its end on a thread and runtime of its own.
fn blocking<T: Send>(fut: impl std::future::Future<Output = Result<T>> + Send) -> Result<T> {
    std::thread::scope(|scope| {
        scope
            .spawn(|| crate::runtime::block_on(fut))
            .join()
            .unwrap_or_else(|_| Err(Error::internal("the record thread panicked")))
    })
}

fn read_record(client: &Client, id: &ClientId) -> Result<(serde_json::Value, Found)> {
    let answer = blocking(client.get_client(id))?;
    let metadata = answer
        .raw_client
        .get("trusted_metadata")
        .cloned()
        .unwrap_or(serde_json::Value::Null);
    let found = record::read(&metadata);
    Ok((metadata, found))
}

fn put(client: &Client, id: &ClientId, r: &Record) -> Result<()> {
    blocking(client.put_record(id, Some(&r.to_value()))).map(|_| ())
}

pub(crate) fn leased(id: &ClientId, theirs: &Record) -> Error {
    let until = theirs
        .lease_until
        .as_deref()
        .map(crate::sanitize::sanitize)
        .unwrap_or_default();
    Error::new(
        ErrorKind::Locked,
        format!(
            "the record on {id} shows another run rotating it: {}, its lease until {until}; nothing was sent",
            theirs.holder()
        ),
    )
    .hint("wait for that run to end (or its lease to run out), then run the command again; a CI concurrency group per client keeps two runs from meeting")
}

fn untrusted(id: &ClientId, why: &str) -> Error {
    Error::new(
        ErrorKind::RecordUntrusted,
        format!("the rotation record on {id} (trusted_metadata.stytch_m2m) cannot be trusted: {why}; nothing was sent and it was left as it is"),
    )
    .hint("update stytch-m2m if a newer version wrote it; otherwise pass --replace-record to overwrite it, or --no-record to leave it alone")
}

fn no_room(id: &ClientId, why: &str) -> Error {
    Error::new(
        ErrorKind::RecordNoRoom,
        format!("the trusted_metadata of {id} has no room for the rotation record: {why}; nothing was sent"),
    )
    .hint("free a top-level key (or some bytes) of its trusted_metadata, or pass --no-record")
}
