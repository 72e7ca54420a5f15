//! One module per user-facing command, each with one entry point that `app` dispatches to: it
//! reads the command's flags, works on one client (the steps of a rotation are in
//! [`crate::rotation`]) or hands many to [`crate::fleet`], and renders the result. Nothing below
//! this layer names it (`tests/layers.rs`).

pub mod auth;
pub mod clients;
pub mod completions;
pub mod doctor;
pub mod history;
pub mod rotate;
pub mod secret;
pub mod token;

use std::future::Future;
use std::time::Duration;

use crate::cli::GlobalArgs;
use crate::config::{self, ConfigFile, Credentials};
use crate::error::Result;
use crate::rotation::journaled::Recorder;
use crate::rotation::Context;
use crate::runtime::block_on;
use crate::signals::Interrupts;
use crate::stytch::{self, Client, ProjectId};
use crate::ui::Ui;

/// What every command shares: the global flags and the UI. Built once by `app`.
pub struct Session<'a> {
    pub global: &'a GlobalArgs,
    pub ui: &'a Ui,
}

/// What to check when Stytch refuses the project credentials, when it is not simply
/// "STYTCH_PROJECT_ID and STYTCH_SECRET": a profile's keyring secret, or a secret given by hand
/// for a project that a profile chose.
fn credentials_hint(
    project: &ProjectId,
    project_from: &config::Source,
    secret_from: &config::SecretSource,
) -> Option<String> {
    use config::{SecretSource, Source};
    match (secret_from, project_from) {
        (SecretSource::Keyring { profile }, _) => Some(format!(
            "Stytch refused the secret that profile `{profile}` keeps in the keyring \
             (was it rotated on the dashboard?): run `stytch-m2m auth login --profile {profile}` again"
        )),
        (SecretSource::Env, Source::Profile(profile)) => Some(format!(
            "the project ({project}) came from profile `{profile}`, but the secret from \
             STYTCH_SECRET, which overrides the profile's: unset STYTCH_SECRET to use the \
             profile's secret, or set it to {project}'s"
        )),
        (SecretSource::Stdin, Source::Profile(profile)) => Some(format!(
            "the project ({project}) came from profile `{profile}`: the secret given with \
             --secret-stdin must be {project}'s"
        )),
        _ => None,
    }
}

impl<'a> Session<'a> {
    /// Credentials and base URL, resolved (and prompted for) before anything is sent.
    pub fn client(&self) -> Result<Client> {
        let creds = self.credentials()?;
        creds.live_over_http()?;
        let refusal = creds.keyring_destination().err();
        let from_keyring = matches!(creds.secret_from, config::SecretSource::Keyring { .. });
        let refusal = match refusal {
            Some(refusal) if from_keyring => return Err(refusal),
            other => other,
        };
        let Credentials {
            project_id,
            project_from,
            base_url,
            secret_from,
            ..
        } = creds;
        let hint = credentials_hint(&project_id, &project_from, &secret_from);
        let (base_url, _) = base_url?;
        let secret = secret_from.read(&project_id, self.ui, self.keyring_timeout())?;
        let client = Client::new(stytch::Config {
            base_url,
            project_id,
            secret,
            timeout: self.global.timeout,
            ca_cert: self.global.ca_cert.clone(),
        })?;
        let client = client.with_keyring_refusal(refusal);
        Ok(match hint {
            Some(hint) => client.with_credentials_hint(hint),
            None => client,
        })
    }

    /// config.toml (empty when there is none), its warnings printed.
    pub fn config(&self) -> Result<ConfigFile> {
        let file = ConfigFile::load()?;
        for w in &file.warnings {
            self.ui.warn(w);
        }
        Ok(file)
    }

    /// Where each value comes from (flag, environment, profile); reads no secret yet.
    pub fn credentials(&self) -> Result<Credentials> {
        let file = self.config()?;
        let choice = config::resolve::chosen_profile(self.global, &file)?;
        let creds = config::resolve(self.global, &file, choice, self.ui.can_prompt())?;
        for w in &creds.warnings {
            self.ui.warn(w);
        }
        Ok(creds)
    }

    /// The project in use (flag, environment or profile), for commands that only need its id.
    pub fn project_id(&self) -> Result<ProjectId> {
        Ok(self.credentials()?.project_id)
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

#[cfg(test)]
mod tests {
    use super::credentials_hint;
    use crate::config::{SecretSource, Source};
    use crate::stytch::ProjectId;

    #[test]
    fn a_refused_secret_is_traced_to_where_it_came_from() {
        let project =
            ProjectId::parse("project-test-00000000-0000-4000-8000-000000000000").unwrap();
        let work = Source::Profile("work".into());
        let env = Source::Env("STYTCH_PROJECT_ID");
        let hint = |secret: SecretSource, from: &Source| credentials_hint(&project, from, &secret);
        let keyring = SecretSource::Keyring {
            profile: "work".into(),
        };
        assert!(hint(keyring, &work)
            .unwrap()
            .contains("auth login --profile work"));
        let overridden = hint(SecretSource::Env, &work).unwrap();
        assert!(overridden.contains("from profile `work`, but the secret from STYTCH_SECRET"));
        let piped = hint(SecretSource::Stdin, &work).unwrap();
        assert!(
            piped.contains("--secret-stdin must be project-test-"),
            "{piped}"
        );
        // Both from the environment (or a flag): the generic advice is the right one.
        assert_eq!(hint(SecretSource::Env, &env), None);
        assert_eq!(hint(SecretSource::Stdin, &env), None);
        assert_eq!(hint(SecretSource::Prompt, &work), None);
    }
}
