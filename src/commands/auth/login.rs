//! `auth login`: the project id and secret are proven against Stytch (a search with `limit` 1)
//! before anything is saved; then the secret goes into the keyring (read back) and the profile
//! into config.toml. A config file that cannot be written puts the keyring back as it was.

use reqwest::Url;
use serde_json::json;

use super::profile_flag;
use crate::cli::AuthLoginArgs;
use crate::commands::Session;
use crate::config::{self, check_profile_name, ConfigFile, Profile};
use crate::error::{Error, ErrorKind, Result};
use crate::redacted::Secret;
use crate::rotation::Context;
use crate::store::keyring::Keyring;
use crate::store::{project, SERVICE};
use crate::stytch::search::SearchRequest;
use crate::stytch::{self, Client, ProjectId};

/// What is about to be saved.
struct Login {
    name: String,
    profile: Profile,
    replacing: Option<Profile>,
}

pub fn login(session: &Session, args: AuthLoginArgs) -> Result<()> {
    let (global, ui) = (session.global, session.ui);
    let file = session.config()?;
    let login = plan(session, &file)?;
    if let Some(old) = &login.replacing {
        let again = format!("stytch-m2m auth login --profile {} --yes", login.name);
        let question = format!(
            "Replace profile `{}` (project {})?",
            login.name, old.project_id
        );
        ui.confirm_step(args.yes, &question, &again)?;
    }
    // The keyring before the secret: nobody types a secret that could not be kept.
    crate::runtime::block_on(Keyring::open_session(session.keyring_timeout()))
        .map_err(no_keyring)?;
    let secret = login_secret(session, &login.profile.project_id)?;
    let project_id = login.profile.project_id.clone();
    let client = Client::new(stytch::Config {
        base_url: base_url(&login.profile),
        project_id,
        secret: secret.clone(),
        timeout: global.timeout,
        ca_cert: global.ca_cert.clone(),
    })?;
    session.run(client, |mut ctx| async move {
        let keyring = prove(&mut ctx).await?;
        let file = save(&keyring, file, &login, &secret).await?;
        report(&ctx, &file, &login)
    })
}

/// The profile name, project id and base URL, checked before any secret is asked for.
fn plan(session: &Session, file: &ConfigFile) -> Result<Login> {
    let global = session.global;
    let named = profile_flag(session);
    if let Some(name) = named {
        check_profile_name(name)?;
    }
    let existing = named.and_then(|n| file.profiles.get(n));
    let project_id = match given(global.project_id.as_deref()) {
        Some(raw) => ProjectId::parse(raw)?,
        None => match existing {
            Some(p) => p.project_id.clone(),
            None => ask_project_id(session)?,
        },
    };
    let name = named
        .unwrap_or(if project_id.is_live() { "live" } else { "test" })
        .to_owned();
    let replacing = file.profiles.get(&name).cloned();
    let base_url = match given(global.base_url.as_deref()) {
        Some(raw) => Some(config::parse_base_url(raw)?),
        // A new login to the same project keeps where its API is.
        None => replacing
            .as_ref()
            .filter(|p| p.project_id == project_id)
            .and_then(|p| p.base_url.clone()),
    };
    let base_url = base_url.filter(|url| *url != config::default_base_url(&project_id));
    Ok(Login {
        name,
        profile: Profile {
            // A new login to the same project keeps its `record` choice too.
            record: replacing
                .as_ref()
                .is_some_and(|p| p.project_id == project_id && p.record),
            project_id,
            base_url,
        },
        replacing,
    })
}

fn given(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|v| !v.is_empty())
}

fn base_url(profile: &Profile) -> Url {
    profile
        .base_url
        .clone()
        .unwrap_or_else(|| config::default_base_url(&profile.project_id))
}

fn ask_project_id(session: &Session) -> Result<ProjectId> {
    let ui = session.ui;
    if !ui.can_prompt() {
        return Err(Error::new(
            ErrorKind::MissingProjectId,
            "no Stytch project id was given, and there is no terminal to ask on",
        )
        .hint("pass --project-id (or set STYTCH_PROJECT_ID) to the id on the dashboard's API keys page"));
    }
    let raw = ui.prompt_text(
        "Stytch project id (project-live-… or project-test-…)",
        "pass --project-id instead",
    )?;
    ProjectId::parse(raw.trim())
}

/// `--secret-stdin`, else a hidden prompt. Never `STYTCH_SECRET`: login is how it leaves the shell.
fn login_secret(session: &Session, project: &ProjectId) -> Result<Secret> {
    let ui = session.ui;
    let secret = if session.global.secret_stdin {
        config::read_secret_stdin(ui, &format!("the project secret of {project}"))?
    } else if ui.can_prompt() {
        ui.prompt_secret(&format!("Project secret of {project} (input is hidden)"))?
    } else {
        Secret::new(String::new())
    };
    if secret.is_empty() {
        return Err(Error::new(
            ErrorKind::MissingSecret,
            "no project secret was given; nothing was saved",
        )
        .hint("without a terminal, pipe it in: printf '%s\\n' \"$STYTCH_SECRET\" | stytch-m2m auth login --project-id ID --secret-stdin"));
    }
    Ok(secret)
}

/// Opens the keyring (nothing is sent if there is none), then proves the pair with the cheapest
/// authenticated request there is.
async fn prove(ctx: &mut Context<'_>) -> Result<Keyring> {
    let nothing = |e: Error| e.context("nothing was saved");
    let opened = Keyring::open_session(ctx.keyring_timeout);
    let keyring = ctx
        .interrupts
        .guard(opened, |e| e)
        .await
        .map_err(no_keyring)?;
    let request = SearchRequest {
        limit: 1,
        ..SearchRequest::default()
    };
    let search = ctx.client.search(&request);
    match ctx.interrupts.guard(search, |e| e).await {
        Ok(_) => Ok(keyring),
        Err(e) if e.kind == ErrorKind::Unauthorized => Err(nothing(e).hint(
            "copy the project id and the secret from the same project's API keys page \
             (test and live projects have different keys)",
        )),
        Err(e) => Err(nothing(e)),
    }
}

fn no_keyring(e: Error) -> Error {
    e.context("nothing was saved").without_keyring(
        "skip `auth login` and give the project with STYTCH_PROJECT_ID and STYTCH_SECRET",
    )
}

/// Keyring first (read back), then config.toml; if the file cannot be written, the keyring
/// entry is put back as it was.
async fn save(
    keyring: &Keyring,
    mut file: ConfigFile,
    login: &Login,
    secret: &Secret,
) -> Result<ConfigFile> {
    let project_id = &login.profile.project_id;
    let user = project::user(project_id);
    let before = keyring.get(&user).await?;
    keyring
        .put_verified(&user, &project::label(project_id), secret)
        .await?;
    file.profiles
        .insert(login.name.clone(), login.profile.clone());
    if file.default_profile.is_none() {
        file.default_profile = Some(login.name.clone());
    }
    if let Err(e) = file.save() {
        let undone = match before {
            Some(old) => keyring.set(&user, &project::label(project_id), &old).await,
            None => keyring.delete(&user).await.map(|_| ()),
        };
        return Err(match undone {
            Ok(()) => e.context("the keyring entry was put back as it was; nothing was saved"),
            Err(_) => e.context(format!(
                "and the {} could not be put back",
                project::describe(project_id)
            )),
        });
    }
    Ok(file)
}

fn report(ctx: &Context<'_>, file: &ConfigFile, login: &Login) -> Result<()> {
    let ui = ctx.ui;
    let p = &login.profile;
    let url = base_url(p);
    let is_default = file.default_profile.as_deref() == Some(login.name.as_str());
    if ui.json {
        return ui.json_data(&json!({
            "profile": login.name,
            "project_id": p.project_id.as_str(),
            "base_url": url.as_str().trim_end_matches('/'),
            "default": is_default,
            "replaced": login.replacing.is_some(),
            "keyring": { "service": SERVICE, "username": project::user(&p.project_id) },
            "config_file": file.path.display().to_string(),
        }));
    }
    // Profile, project, URL in that order; how to use a profile that is not the default after.
    let (default, use_it) = if is_default {
        (" (the default)", String::new())
    } else {
        let n = &login.name;
        (
            "",
            format!("; use it with --profile {n}, or `stytch-m2m auth switch {n}`"),
        )
    };
    ui.info(format!(
        "Logged in: profile `{}`{default}, project {}, {}{use_it}.",
        login.name,
        p.project_id,
        url.as_str().trim_end_matches('/')
    ));
    ui.info(format!(
        "The project secret is in the {}; {} holds no secret.",
        project::describe(&p.project_id),
        crate::sanitize::sanitize(&file.path.display().to_string())
    ));
    Ok(())
}
