//! One client's `rotate status` and `rotate start` in a fleet.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::PathBuf;

use super::custody::{self, existing};
use super::{Fleet, Outcome, Target, Verdict};
use crate::cli::{JournalArgs, StartArgs};
use crate::error::{Error, ErrorKind, Result};
use crate::inflight;
use crate::journal::Action;
use crate::rotation::journaled::Facts;
use crate::rotation::start::{deliver_or_cancel, mint, Destination};
use crate::sanitize::sanitize;
use crate::signals::Interrupts;
use crate::store::file::SecretFile;
use crate::store::keyring::Keyring;
use crate::stytch::ClientId;

/// A client given by id that a search by id did not find.
pub fn not_found(fleet: &Fleet<'_>, id: &ClientId) -> Error {
    Error::new(
        ErrorKind::ClientNotFound,
        format!(
            "Stytch has no M2M client {id} in project {}",
            fleet.client.project_id()
        ),
    )
}

/// `rotate status` of one client: one read.
pub async fn status(fleet: &Fleet<'_>, t: Target) -> Outcome {
    if t.missing {
        return Outcome::failed(&t.id, "status", &not_found(fleet, &t.id));
    }
    let answer = match fleet.client.get_client(&t.id).await {
        Ok(answer) => answer,
        Err(e) => return Outcome::failed(&t.id, "status", &e),
    };
    for w in &answer.warnings {
        fleet.step_ui.warn(format!(
            "{}: Stytch's answer was odd: {}",
            t.id,
            sanitize(w)
        ));
    }
    let c = &answer.client;
    let note = match &c.next_client_secret_last_four {
        Some(next) => format!(
            "secret …{}; rotation pending: next secret …{}",
            sanitize(&c.client_secret_last_four),
            sanitize(next)
        ),
        None => format!(
            "secret …{}; no rotation pending",
            sanitize(&c.client_secret_last_four)
        ),
    };
    let mut o = Outcome::new(&t.id, "status", Verdict::Ok, note).fours(
        Some(&c.client_secret_last_four),
        c.next_client_secret_last_four.as_deref(),
    );
    o.request_id = Some(sanitize(&answer.request_id)).filter(|r| !r.is_empty());
    o
}

/// What `rotate start` over many clients was asked to do.
pub struct StartPlan {
    pub dry_run: bool,
    pub keyring: bool,
    pub secret_dir: Option<PathBuf>,
    pub journal: JournalArgs,
}

impl StartPlan {
    pub fn new(args: &StartArgs) -> Result<StartPlan> {
        if !args.custody.keyring && args.custody.secret_dir.is_none() {
            return Err(Error::new(
                ErrorKind::Usage,
                "rotate start for many clients needs custody for the new secrets, which never go to \
                 stdout then; nothing was sent",
            )
            .hint("add --keyring (one entry per client) or --secret-dir DIR (one new file per client)"));
        }
        Ok(StartPlan {
            dry_run: args.dry_run,
            keyring: args.custody.keyring,
            secret_dir: args.custody.secret_dir.clone(),
            journal: args.journal.clone(),
        })
    }
}

/// Custody proven before anything is minted: the probed keyring, or a file per client.
pub struct Custody {
    keyring: Option<Keyring>,
    dir: Option<PathBuf>,
    files: RefCell<HashMap<String, SecretFile>>,
}

impl Custody {
    /// The pre-flight (nothing is created for a dry run). Clients a search showed with a
    /// rotation pending get no file: they are skipped.
    pub async fn prepare(
        fleet: &Fleet<'_>,
        plan: &StartPlan,
        targets: &[Target],
        signals: &mut Interrupts,
    ) -> Result<Custody> {
        let mut custody = Custody {
            keyring: None,
            dir: plan.secret_dir.clone(),
            files: RefCell::default(),
        };
        if plan.dry_run {
            return Ok(custody);
        }
        if plan.keyring {
            custody.keyring = Some(custody::probe_keyring(fleet.keyring_timeout, signals).await?);
        }
        if let Some(dir) = &plan.secret_dir {
            let dir = custody::prepare_dir(dir)?;
            let ids = targets
                .iter()
                .filter(|t| !t.missing && !matches!(t.pending(), Some(Some(_))))
                .map(|t| &t.id);
            custody.files = RefCell::new(custody::reserve_all(&dir, ids)?);
            custody.dir = Some(dir);
        }
        Ok(custody)
    }

    fn destination(&self, id: &ClientId) -> Result<Destination> {
        if let Some(keyring) = &self.keyring {
            return Ok(Destination::Keyring(keyring.clone()));
        }
        match self.files.borrow_mut().remove(id.as_str()) {
            Some(file) => Ok(Destination::File(file)),
            None => Err(Error::internal(format!(
                "no secret file was reserved for {id}"
            ))),
        }
    }

    fn describe_file(&self, id: &ClientId) -> String {
        match &self.dir {
            Some(dir) => sanitize(&dir.join(custody::file_name(id)).display().to_string()),
            None => "the keyring".into(),
        }
    }
}

impl Drop for Custody {
    /// Files reserved for clients never started (`--fail-fast`, a signal) are given back.
    fn drop(&mut self) {
        self.files
            .get_mut()
            .drain()
            .for_each(|(_, file)| file.abandon());
    }
}

/// `rotate start` of one client: mint, then store where custody says (or cancel).
pub async fn start(fleet: &Fleet<'_>, plan: &StartPlan, custody: &Custody, t: Target) -> Outcome {
    let id = t.id.clone();
    match start_client(fleet, plan, custody, t).await {
        Ok(outcome) => outcome,
        Err(e) => Outcome::failed(&id, "start", &e),
    }
}

fn skip_pending(id: &ClientId, four: Option<&str>) -> Outcome {
    let note = match four {
        Some(four) => format!("skip: rotation pending (next secret …{four})"),
        None => "skip: rotation pending".to_owned(),
    };
    Outcome::new(id, "start", Verdict::Skipped, note).fours(None, four)
}

async fn start_client(
    fleet: &Fleet<'_>,
    plan: &StartPlan,
    custody: &Custody,
    t: Target,
) -> Result<Outcome> {
    if t.missing {
        return Err(not_found(fleet, &t.id));
    }
    if let Some(Some(four)) = t.pending() {
        return Ok(skip_pending(&t.id, Some(&four)));
    }
    if plan.dry_run {
        return dry_start(fleet, custody, &t).await;
    }
    let rec = fleet.recorder(&plan.journal, &t.id, "rotate start").await?;
    let mut ctx = fleet.context(rec, false)?;
    let mut dest = custody.destination(&t.id)?;
    let mut facts = Facts {
        destination: Some(dest.name()),
        ..Facts::default()
    };
    ctx.rec.intent(ctx.ui, Action::Start, facts.clone());
    let minted = match mint(&mut ctx, &t.id).await {
        Ok(minted) => minted,
        Err(e) => {
            dest.abandon();
            ctx.rec.failed(ctx.ui, Action::Start, &e, facts);
            if e.kind == ErrorKind::AlreadyRotating {
                return Ok(skip_pending(&t.id, None));
            }
            return Err(e);
        }
    };
    let held = inflight::hold(t.id.as_str(), &minted.next_secret);
    let stored = deliver_or_cancel(&mut ctx, &t.id, &mut dest, &minted.next_secret).await;
    drop(held);
    let (current, next) = (
        minted.answer.client.client_secret_last_four.clone(),
        minted.next_secret.last_four(),
    );
    facts.request_id = Some(minted.answer.request_id.clone());
    facts.secret_last_four = Some(current.clone());
    facts.next_last_four = Some(next.clone());
    let stored = match stored {
        Ok(stored) => stored,
        Err(e) => {
            ctx.rec.failed(ctx.ui, Action::Start, &e, facts);
            return Err(e);
        }
    };
    ctx.rec.ok(ctx.ui, Action::Start, facts);
    let note = format!(
        "started: the next secret (ending {}) {stored}",
        sanitize(&next)
    );
    let mut o = Outcome::new(&t.id, "start", Verdict::Ok, note).fours(Some(&current), Some(&next));
    o.request_id = Some(sanitize(&minted.answer.request_id)).filter(|r| !r.is_empty());
    Ok(o)
}

/// What `rotate start` would do for one client; nothing but a read is sent.
async fn dry_start(fleet: &Fleet<'_>, custody: &Custody, t: &Target) -> Result<Outcome> {
    let (current, next) = match &t.seen {
        Some(c) => (
            c.client_secret_last_four.clone(),
            c.next_client_secret_last_four.clone(),
        ),
        None => {
            let c = fleet.client.get_client(&t.id).await?.client;
            (c.client_secret_last_four, c.next_client_secret_last_four)
        }
    };
    if let Some(next) = next {
        return Ok(skip_pending(&t.id, Some(&next)));
    }
    if let Some(path) = custody.dir.as_deref().and_then(|d| existing(d, &t.id)) {
        return Err(Error::new(
            ErrorKind::SecretFileExists,
            format!(
                "would fail: {} already exists, and a new secret is never written over a file",
                sanitize(&path.display().to_string())
            ),
        ));
    }
    let note = format!(
        "would start: the new secret would go to {}",
        custody.describe_file(&t.id)
    );
    Ok(Outcome::new(&t.id, "start", Verdict::Ok, note).fours(Some(&current), None))
}
