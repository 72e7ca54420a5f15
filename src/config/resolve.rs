//! Precedence, each value on its own: flag > environment > the chosen profile (`--profile` /
//! `STYTCH_M2M_PROFILE`) > the default profile.
//!
//! A profile's base URL and keyring secret belong to its project: they are used only when that
//! project is the one in use (an env project id is never paired with another project's secret).
//! The keyring is never touched when `--secret-stdin` or `STYTCH_SECRET` gives the secret, nor
//! when no profile knows the project (CI machines have no keyring).

use std::time::Duration;

use reqwest::Url;

use super::file::ConfigFile;
use crate::cli::GlobalArgs;
use crate::error::{Error, ErrorKind, Result};
use crate::redacted::Secret;
use crate::store::keyring::Keyring;
use crate::stytch::ProjectId;
use crate::ui::Ui;

pub const PROFILE_ENV: &str = "STYTCH_M2M_PROFILE";

/// Where one value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A command-line flag, e.g. `--project-id`.
    Flag(&'static str),
    /// An environment variable, e.g. `STYTCH_PROJECT_ID`.
    Env(&'static str),
    /// The named profile in config.toml.
    Profile(String),
    /// The project's own environment (base URL only).
    ProjectDefault,
    /// `default_profile` in config.toml (the profile choice only).
    DefaultProfile,
}

impl Source {
    pub fn describe(&self) -> String {
        match self {
            Source::Flag(flag) => flag.to_string(),
            Source::Env(var) => var.to_string(),
            Source::Profile(name) => format!("profile `{name}`"),
            Source::ProjectDefault => "the project's default".to_owned(),
            Source::DefaultProfile => "default_profile".to_owned(),
        }
    }

    /// A short name for `--json`: `flag`, `env`, `profile`, `default`.
    pub fn kind(&self) -> &'static str {
        match self {
            Source::Flag(_) => "flag",
            Source::Env(_) => "env",
            Source::Profile(_) => "profile",
            Source::ProjectDefault | Source::DefaultProfile => "default",
        }
    }
}

/// Where the project secret will come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretSource {
    Stdin,
    Env,
    /// The keyring entry of the project in use, kept by `auth login --profile NAME`.
    Keyring {
        profile: String,
    },
    /// A hidden prompt at the terminal.
    Prompt,
    Missing,
}

impl SecretSource {
    /// A short name for `--json`: `stdin`, `env`, `keyring`, `prompt`, `missing`.
    pub fn kind(&self) -> &'static str {
        match self {
            SecretSource::Stdin => "stdin",
            SecretSource::Env => "env",
            SecretSource::Keyring { .. } => "keyring",
            SecretSource::Prompt => "prompt",
            SecretSource::Missing => "missing",
        }
    }

    pub fn describe(&self, project: &ProjectId) -> String {
        match self {
            SecretSource::Stdin => "stdin (--secret-stdin)".to_owned(),
            SecretSource::Env => "STYTCH_SECRET".to_owned(),
            SecretSource::Keyring { profile } => format!(
                "the keyring (profile `{profile}`, {})",
                crate::store::project::describe(project)
            ),
            SecretSource::Prompt => "a hidden prompt".to_owned(),
            SecretSource::Missing => "nowhere (not given)".to_owned(),
        }
    }
}

/// Everything but the secret itself, resolved; reading the secret is [`SecretSource::read`].
#[derive(Debug)]
pub struct Credentials {
    /// The profile chosen (or the default one), and how it was chosen.
    pub profile: Option<(String, Source)>,
    pub project_id: ProjectId,
    pub project_from: Source,
    /// An invalid base URL is kept as its error, so `doctor` can report it on its own line.
    pub base_url: Result<(Url, Source)>,
    pub secret_from: SecretSource,
    /// The profile that keeps this project's secrets in the keyring, and the base URL they
    /// belong to (its own, or the project's default).
    pub profile_url: Option<(String, Url)>,
    /// Things to warn about: a chosen profile overridden by the environment.
    pub warnings: Vec<String>,
}

impl Credentials {
    /// Secrets the keyring keeps for a profile's project (its project secret, the client
    /// secrets) go only to that profile's base URL: any local user can listen on a loopback
    /// port, so a base URL from the environment or a flag that differs is refused (exit 2).
    pub fn keyring_destination(&self) -> Result<()> {
        let (Some((name, bound)), Ok((url, from))) = (&self.profile_url, &self.base_url) else {
            return Ok(());
        };
        if !matches!(from, Source::Flag(_) | Source::Env(_)) || url == bound {
            return Ok(());
        }
        Err(Error::new(
            ErrorKind::Usage,
            format!(
                "profile `{name}` keeps this project's secrets in the keyring for {bound}, but the base URL in use is {url} (from {}); \
                 a secret from the keyring is never sent elsewhere, so nothing was sent",
                from.describe()
            ),
        )
        .hint("give the secrets for that URL explicitly (STYTCH_SECRET or --secret-stdin; a client secret with --from-stdin or --next-secret-stdin), \
               or drop STYTCH_BASE_URL / --base-url to use the profile's URL"))
    }

    /// A live project's secret never travels over plain http, whatever the host.
    pub fn live_over_http(&self) -> Result<()> {
        match &self.base_url {
            Ok((url, from))
                if url.scheme() == "http" && self.project_id.as_str().starts_with("project-live-") =>
            {
                Err(Error::new(
                    ErrorKind::Usage,
                    format!(
                        "{} is a live project and the base URL in use ({url}, from {}) is plain http; nothing was sent",
                        self.project_id,
                        from.describe()
                    ),
                )
                .hint("use https for a live project; plain http is for a local Stytch and test projects"))
            }
            _ => Ok(()),
        }
    }
}

/// The profile `--profile` / `STYTCH_M2M_PROFILE` names (it must exist), else the default one.
pub fn chosen_profile(args: &GlobalArgs, file: &ConfigFile) -> Result<Option<(String, Source)>> {
    match given(args.profile.as_deref()) {
        Some(name) => {
            file.profile(name)?;
            Ok(Some((
                name.to_owned(),
                origin(name, PROFILE_ENV, "--profile"),
            )))
        }
        None => Ok(file
            .default_profile
            .clone()
            .map(|name| (name, Source::DefaultProfile))),
    }
}

/// Resolves every value but the secret, for the profile `choice` (from [`chosen_profile`], or
/// one that `auth status` names). Sends nothing and reads no keyring.
pub fn resolve(
    args: &GlobalArgs,
    file: &ConfigFile,
    choice: Option<(String, Source)>,
    can_prompt: bool,
) -> Result<Credentials> {
    let chosen = choice
        .as_ref()
        .map(|(name, _)| (name.as_str(), file.profile(name)))
        .map(|(name, p)| p.map(|p| (name, p)))
        .transpose()?;
    let mut warnings = Vec::new();
    let (project_id, project_from) = match given(args.project_id.as_deref()) {
        Some(raw) => {
            let id = ProjectId::parse(raw)?;
            let from = origin(raw, "STYTCH_PROJECT_ID", "--project-id");
            let explicit = matches!(&choice, Some((_, Source::Flag(_) | Source::Env(_))));
            if let Some((name, p)) = chosen.filter(|(_, p)| explicit && p.project_id != id) {
                warnings.push(format!(
                    "{} ({id}) overrides profile `{name}`'s project ({}): its base URL and stored secret are not used",
                    from.describe(),
                    p.project_id
                ));
            }
            (id, from)
        }
        None => match chosen {
            Some((name, p)) => (p.project_id.clone(), Source::Profile(name.to_owned())),
            None => return Err(missing_project_id(file)),
        },
    };
    // The profile that describes the project in use: the chosen one if it does, else any.
    let owner = chosen
        .filter(|(_, p)| p.project_id == project_id)
        .map(|(name, _)| name)
        .or_else(|| {
            file.profiles
                .iter()
                .find(|(_, p)| p.project_id == project_id)
                .map(|(name, _)| name.as_str())
        });
    let base_url = base_url(args, file, owner, &project_id);
    let profile_url = owner.and_then(|name| {
        let url = file.profiles.get(name)?.base_url.clone();
        Some((
            name.to_owned(),
            url.unwrap_or_else(|| super::default_base_url(&project_id)),
        ))
    });
    let secret_from = if args.secret_stdin {
        SecretSource::Stdin
    } else if std::env::var_os("STYTCH_SECRET").is_some() {
        SecretSource::Env
    } else if let Some(name) = owner {
        SecretSource::Keyring {
            profile: name.to_owned(),
        }
    } else if can_prompt {
        SecretSource::Prompt
    } else {
        SecretSource::Missing
    };
    Ok(Credentials {
        profile: choice,
        project_id,
        project_from,
        base_url,
        secret_from,
        profile_url,
        warnings,
    })
}

fn base_url(
    args: &GlobalArgs,
    file: &ConfigFile,
    owner: Option<&str>,
    project: &ProjectId,
) -> Result<(Url, Source)> {
    if let Some(raw) = given(args.base_url.as_deref()) {
        let from = origin(raw, "STYTCH_BASE_URL", "--base-url");
        return super::parse_base_url(raw).map(|url| (url, from));
    }
    let stored = owner.and_then(|name| Some((name, file.profiles.get(name)?.base_url.clone()?)));
    Ok(match stored {
        Some((name, url)) => (url, Source::Profile(name.to_owned())),
        None => (super::default_base_url(project), Source::ProjectDefault),
    })
}

impl SecretSource {
    /// Reads the project secret of `project` from here. Only [`SecretSource::Keyring`] opens
    /// the keyring.
    pub fn read(&self, project: &ProjectId, ui: &Ui, keyring_timeout: Duration) -> Result<Secret> {
        let secret = match self {
            SecretSource::Stdin => {
                super::read_secret_stdin(ui, "the Stytch project secret (STYTCH_SECRET)")?
            }
            SecretSource::Env => env_secret()?,
            SecretSource::Keyring { profile } => {
                return read_keyring(project, profile, keyring_timeout)
            }
            SecretSource::Prompt => ui.prompt_secret("Stytch project secret (STYTCH_SECRET)")?,
            SecretSource::Missing => Secret::new(String::new()),
        };
        if secret.is_empty() {
            return Err(Error::new(ErrorKind::MissingSecret, "no Stytch project secret was given")
                .hint("run `stytch-m2m auth login` to keep it in the OS keyring; in CI set STYTCH_SECRET, or pipe it in with --secret-stdin (without a terminal there is no prompt)"));
        }
        Ok(secret)
    }
}

fn env_secret() -> Result<Secret> {
    let value = std::env::var_os("STYTCH_SECRET").unwrap_or_default();
    let value = value.into_string().map_err(|_| {
        Error::new(ErrorKind::InvalidSecret, "STYTCH_SECRET is not valid UTF-8")
            .hint("copy the secret again from the dashboard's API keys page")
    })?;
    Ok(Secret::from_input(value))
}

fn read_keyring(project: &ProjectId, profile: &str, timeout: Duration) -> Result<Secret> {
    let user = crate::store::project::user(project);
    let stored = crate::runtime::block_on(async {
        let keyring = Keyring::open_session(timeout).await?;
        keyring.get(&user).await
    })
    .map_err(|e| {
        let hint = e.hint.clone().unwrap_or_default();
        e.context(format!(
            "profile `{profile}` keeps the project secret there"
        ))
        .hint(format!(
            "{hint}. Or give the project secret with STYTCH_SECRET or --secret-stdin"
        ))
    })?;
    match stored {
        Some(secret) if !secret.is_empty() => Ok(secret),
        _ => Err(Error::new(
            ErrorKind::NotLoggedIn,
            format!(
                "profile `{profile}` (project {project}) has no project secret in the keyring ({})",
                crate::store::project::describe(project)
            ),
        )
        .hint(format!("run `stytch-m2m auth login --profile {profile}`, or give the secret with STYTCH_SECRET"))),
    }
}

fn missing_project_id(file: &ConfigFile) -> Error {
    let why = if file.profiles.is_empty() {
        "no Stytch project id was given, and there is no profile".to_owned()
    } else {
        format!(
            "no Stytch project id was given, and there is no default profile (profiles: {})",
            file.names()
        )
    };
    Error::new(ErrorKind::MissingProjectId, why).hint(
        "run `stytch-m2m auth login` (or pick a profile with --profile NAME); \
         in CI set STYTCH_PROJECT_ID (or pass --project-id) to the id on the dashboard's API keys page",
    )
}

/// A value given by flag or environment (clap merges the two): trimmed, empty is not given.
fn given(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|v| !v.is_empty())
}

/// clap hands over one value for a flag and its variable: it came from the environment when
/// the variable holds it (a flag with the same value would make no difference).
fn origin(value: &str, var: &'static str, flag: &'static str) -> Source {
    match std::env::var(var) {
        Ok(env) if env.trim() == value => Source::Env(var),
        _ => Source::Flag(flag),
    }
}
