//! One client's `rotate run` in a fleet: the whole rotation under its own lock and journal,
//! the deploy command once per client (`STYTCH_M2M_CLIENT_ID` says which), its output lines
//! prefixed with the client id. Signals reach the deploy commands in flight, as for one client.

use std::path::PathBuf;

use super::custody;
use super::work::not_found;
use super::{Fleet, Outcome, Target, Verdict};
use crate::cli::RunArgs;
use crate::error::{Error, ErrorKind, Result};
use crate::rotation::run::plan::Plan;
use crate::rotation::run::run_client;
use crate::sanitize::sanitize;
use crate::shell::again_with_yes;
use crate::signals::Interrupts;

pub struct FleetPlan {
    plan: Plan,
    yes: bool,
    dry_run: bool,
    dir: Option<PathBuf>,
}

impl FleetPlan {
    pub fn new(args: RunArgs) -> Result<FleetPlan> {
        let (yes, dry_run, dir) = (args.yes, args.dry_run, args.custody.secret_dir.clone());
        Ok(FleetPlan {
            plan: Plan::template(args)?,
            yes,
            dry_run,
            dir,
        })
    }

    /// The whole fleet command again, with `--resume --yes`.
    pub fn resume_command(
        &self,
        sel: &crate::cli::Selection,
        jobs: usize,
        fail_fast: bool,
    ) -> String {
        let mut out = format!("stytch-m2m rotate run{}", sel.as_flags());
        if jobs != 4 {
            out.push_str(&format!(" --jobs {jobs}"));
        }
        if fail_fast {
            out.push_str(" --fail-fast");
        }
        out.push_str(&self.plan.flags());
        if let Some(dir) = &self.dir {
            out.push_str(&format!(
                " --secret-dir {}",
                crate::shell::quote(&dir.display().to_string())
            ));
        }
        out.push_str(" --resume --yes");
        out
    }

    fn custody(&self) -> String {
        match &self.dir {
            Some(dir) => format!(
                "a new file per client in {}",
                sanitize(&dir.display().to_string())
            ),
            None => self.plan.custody(),
        }
    }

    /// The steps each client goes through, as the plan and a dry run name them: `mint, keep in
    /// …, verify, deploy[ with `CMD`], check[ with `CMD`], soak N s, complete` (check and soak
    /// when given).
    fn steps(&self, commands: bool) -> String {
        let with = |cmd: &str| match commands {
            true => format!(" with `{}`", sanitize(cmd)),
            false => String::new(),
        };
        let mut out = format!(
            "mint, keep in {}, verify, deploy{}",
            self.custody(),
            with(&self.plan.deploy)
        );
        if let Some(check) = &self.plan.check {
            out.push_str(&format!(", check{}", with(check)));
        }
        if !self.plan.soak.is_zero() {
            out.push_str(&format!(", soak {} s", self.plan.soak.as_secs_f64()));
        }
        out + ", complete"
    }

    /// Once the clients are known: the question, then the keyring probed once and the
    /// directory made, with none of the clients' files already there.
    pub async fn prepare(
        &mut self,
        fleet: &Fleet<'_>,
        targets: &[Target],
        signals: &mut Interrupts,
    ) -> Result<()> {
        if self.dry_run || targets.is_empty() {
            return Ok(());
        }
        if self.plan.resume {
            self.plan.journal_blind = journal_blind(fleet, targets);
        }
        let question = format!("Rotate {} clients: {}?", targets.len(), self.steps(true));
        fleet
            .ui
            .confirm_step(self.yes, &question, &again_with_yes("rotate run"))?;
        if self.plan.keyring {
            custody::probe_keyring(fleet.keyring_timeout, signals).await?;
        }
        if let Some(dir) = &self.dir {
            let dir = custody::prepare_dir(dir)?;
            if !self.plan.resume {
                if let Some(path) = targets.iter().find_map(|t| custody::existing(&dir, &t.id)) {
                    return Err(Error::new(
                        ErrorKind::SecretFileExists,
                        format!(
                            "{} already exists; stytch-m2m never overwrites a file, so no rotation was started",
                            sanitize(&path.display().to_string())
                        ),
                    )
                    .hint("move the old files away, or choose another --secret-dir"));
                }
            }
            self.dir = Some(dir);
        }
        Ok(())
    }
}

pub async fn one(fleet: &Fleet<'_>, fp: &FleetPlan, t: Target) -> Outcome {
    let id = t.id.clone();
    run_one(fleet, fp, t)
        .await
        .unwrap_or_else(|e| Outcome::failed(&id, "run", &e))
}

fn skip_pending(id: &crate::stytch::ClientId, four: Option<&str>) -> Outcome {
    let note = "skip: rotation pending (continue it with --resume)".to_owned();
    Outcome::new(id, "run", Verdict::Skipped, note).fours(None, four)
}

async fn run_one(fleet: &Fleet<'_>, fp: &FleetPlan, t: Target) -> Result<Outcome> {
    if t.missing {
        return Err(not_found(fleet, &t.id));
    }
    let resume = fp.plan.resume;
    if let (Some(Some(four)), false) = (t.pending(), resume) {
        return Ok(skip_pending(&t.id, Some(&four)));
    }
    if fp.dry_run {
        let c = fleet.client.get_client(&t.id).await?.client;
        if let Some(next) = c.next_client_secret_last_four.as_deref() {
            return Ok(skip_pending(&t.id, Some(next)));
        }
        let note = format!("would rotate: {}", fp.steps(false));
        return Ok(Outcome::new(&t.id, "run", Verdict::Ok, note)
            .fours(Some(&c.client_secret_last_four), None));
    }
    let file = fp.dir.as_ref().map(|d| d.join(custody::file_name(&t.id)));
    let plan = fp.plan.for_client(t.id.clone(), file);
    let rec = fleet.recorder(&plan.journal, &t.id, "rotate run").await?;
    let mut ctx = fleet.context(rec, true)?;
    let (report, result) = run_client(&mut ctx, &plan).await;
    let (current, next) = (
        report.secret_last_four.as_deref(),
        report.next_secret_last_four.as_deref(),
    );
    match result {
        Ok(()) if report.already_done => {
            let note = format!(
                "skip: an earlier run rotated it (the secret ending {} is the only secret)",
                current.map_or("?".to_owned(), sanitize)
            );
            Ok(Outcome::new(&t.id, "run", Verdict::Skipped, note).fours(current, None))
        }
        Ok(()) => {
            let note = format!(
                "rotated: the secret ending {} is the only secret",
                next.map_or("?".to_owned(), sanitize)
            );
            Ok(Outcome::new(&t.id, "run", Verdict::Ok, note).fours(next, None))
        }
        Err(e) if e.kind == ErrorKind::AlreadyRotating && !resume => Ok(skip_pending(&t.id, None)),
        Err(e) => Ok(Outcome::failed(&t.id, "run", &e).fours(current, next)),
    }
}

/// Whether this machine's journal has no entry for any of `targets` (a new runner): then a
/// client with nothing pending cannot be told from one an earlier attempt rotated.
fn journal_blind(fleet: &Fleet<'_>, targets: &[Target]) -> bool {
    let Ok(dir) = crate::journal::StateDir::from_env() else {
        return true;
    };
    let Ok(history) = crate::journal::read_history(&dir) else {
        return true;
    };
    let project = fleet.client.project_id().as_str();
    !history
        .entries
        .iter()
        .any(|e| e.project_id == project && targets.iter().any(|t| t.id.as_str() == e.client_id))
}
