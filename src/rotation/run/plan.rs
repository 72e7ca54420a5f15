//! What `rotate run` was asked to do, checked before anything is sent, and the command that
//! repeats it (`--resume`), printed exactly as it must be typed.

use std::path::PathBuf;
use std::time::Duration;

use crate::cli::{JournalArgs, OnFailure, RunArgs};
use crate::error::{Error, ErrorKind, Result};
use crate::shell::quote;
use crate::stytch::ClientId;
use crate::ui::Ui;

#[derive(Clone)]
pub(crate) struct Plan {
    pub id: ClientId,
    pub deploy: String,
    pub check: Option<String>,
    pub secret_env: Option<String>,
    pub keyring: bool,
    pub secret_file: Option<PathBuf>,
    /// `--keep-secret-file`: the custody file stays once the rotation completed.
    pub keep_secret_file: bool,
    pub verify_timeout: Duration,
    pub soak: Duration,
    pub on_failure: OnFailure,
    pub resume: bool,
    /// `--next-secret-stdin`: the pending secret, read before anything is sent.
    pub next_secret: Option<crate::redacted::Secret>,
    pub yes: bool,
    pub journal: JournalArgs,
    /// `--on-deploy-failure` as given (the resume command repeats only what was typed).
    given_on_failure: Option<OnFailure>,
    /// One client of many: the deploy's output lines name the client, and the keyring was
    /// probed once for all of them.
    pub fleet: bool,
    /// Many clients, `--resume`: this machine's journal knows none of them (a new runner), so a
    /// client with nothing pending may be one an earlier attempt rotated.
    pub journal_blind: bool,
}

impl Plan {
    pub fn new(args: RunArgs) -> Result<Plan> {
        let id = ClientId::parse(args.client.client_id.first().map_or("", String::as_str))?;
        Plan::build(args, id)
    }

    /// The plan for many clients, before [`Plan::for_client`] names each one.
    pub fn template(args: RunArgs) -> Result<Plan> {
        let mut plan = Plan::build(args, ClientId::parse("fleet")?)?;
        plan.fleet = true;
        plan.yes = true;
        Ok(plan)
    }

    /// This plan for one client of many, its secret in `secret_file` when given.
    pub fn for_client(&self, id: ClientId, secret_file: Option<PathBuf>) -> Plan {
        let mut plan = self.clone();
        plan.id = id;
        if secret_file.is_some() {
            plan.secret_file = secret_file;
        }
        plan
    }

    fn build(args: RunArgs, id: ClientId) -> Result<Plan> {
        if args.deploy.trim().is_empty() {
            return Err(
                Error::new(ErrorKind::Usage, "--deploy is empty; nothing was sent")
                    .hint("give the command that hands the new secret to its consumers"),
            );
        }
        // Once the deploy command started it may have handed the secret on, whatever the
        // custody: only a typed `--on-deploy-failure cancel` discards it then.
        let on_failure = args.on_deploy_failure.unwrap_or(OnFailure::Keep);
        Ok(Plan {
            id,
            deploy: args.deploy,
            check: args.check,
            secret_env: args.secret_env,
            keyring: args.custody.keyring,
            secret_file: args
                .custody
                .secret_file
                .map(|p| std::path::absolute(&p).unwrap_or(p)),
            keep_secret_file: args.keep_secret_file,
            verify_timeout: args.verify_timeout,
            soak: args.soak,
            on_failure,
            resume: args.resume,
            next_secret: None,
            yes: args.yes,
            journal: args.journal,
            given_on_failure: args.on_deploy_failure,
            fleet: false,
            journal_blind: false,
        })
    }

    /// Whether `--on-deploy-failure cancel` was typed: the only way a secret a deploy may have
    /// handed on is cancelled automatically.
    pub fn cancel_asked(&self) -> bool {
        self.given_on_failure == Some(OnFailure::Cancel)
    }

    /// The same command, with `--resume --yes`.
    pub fn resume_command(&self) -> String {
        format!(
            "stytch-m2m rotate run --client-id {}{} --resume --yes",
            quote(self.id.as_str()),
            self.flags()
        )
    }

    /// The same command with `--resume --yes`, its custody flags left out: for a resume that is
    /// given the pending secret (`--next-secret-stdin` conflicts with them).
    pub fn resume_command_without_custody(&self) -> String {
        let mut plan = self.clone();
        plan.keyring = false;
        plan.secret_file = None;
        plan.keep_secret_file = false;
        plan.resume_command()
    }

    /// The flags after the clients: the deploy, custody, check, timings and failure choice.
    pub fn flags(&self) -> String {
        let mut out = format!(" --deploy {}", quote(&self.deploy));
        if self.journal.record() {
            out.push_str(" --record");
            if self.journal.lease != Duration::from_secs(900) {
                out.push_str(&format!(" --lease {}", self.journal.lease.as_secs_f64()));
            }
        }
        if let Some(name) = &self.secret_env {
            out.push_str(&format!(" --secret-env {name}"));
        }
        if self.keyring {
            out.push_str(" --keyring");
        }
        if let Some(path) = &self.secret_file {
            out.push_str(&format!(
                " --secret-file {}",
                quote(&path.display().to_string())
            ));
        }
        if self.keep_secret_file {
            out.push_str(" --keep-secret-file");
        }
        if let Some(check) = &self.check {
            out.push_str(&format!(" --check {}", quote(check)));
        }
        if self.verify_timeout != Duration::from_secs(60) {
            out.push_str(&format!(
                " --verify-timeout {}",
                self.verify_timeout.as_secs_f64()
            ));
        }
        if !self.soak.is_zero() {
            out.push_str(&format!(" --soak {}", self.soak.as_secs_f64()));
        }
        if let Some(w) = self.given_on_failure {
            let w = if w == OnFailure::Keep {
                "keep"
            } else {
                "cancel"
            };
            out.push_str(&format!(" --on-deploy-failure {w}"));
        }
        out
    }

    /// Where the new secret is kept while the rotation runs.
    pub fn custody(&self) -> String {
        if self.keyring {
            "the OS keyring".into()
        } else if let Some(path) = &self.secret_file {
            format!(
                "the file {}",
                crate::sanitize::sanitize(&path.display().to_string())
            )
        } else {
            "this process only (no --keyring or --secret-file)".into()
        }
    }

    /// At a terminal without `--yes`: the plan, then one question, before anything is minted.
    pub fn ask(&self, ui: &Ui) -> Result<()> {
        if self.yes {
            return Ok(());
        }
        let on_failure = match self.on_failure {
            OnFailure::Keep => "keep the rotation pending (both secrets work)",
            OnFailure::Cancel => "cancel the rotation",
        };
        let how = match &self.secret_env {
            Some(name) => format!("in ${name}"),
            None => "on its stdin".into(),
        };
        ui.info(format!(
            "Plan for {}:\n  1. mint a new secret and keep it in {}\n  2. verify it gets a token (up to {} s)\n  \
             3. deploy: {} (the secret {how})\n  4. check: {}\n  5. soak: {} s with both secrets valid\n  \
             6. verify again and complete: the old secret stops working\n  if the deploy or check fails: {on_failure}",
            self.id,
            self.custody(),
            self.verify_timeout.as_secs_f64(),
            crate::sanitize::sanitize(&self.deploy),
            self.check.as_deref().map(crate::sanitize::sanitize).unwrap_or_else(|| "none".into()),
            self.soak.as_secs_f64(),
        ));
        ui.confirm_step(
            false,
            "Run this rotation?",
            &self.resume_command().replace(" --resume", ""),
        )
    }
}
