//! `auth login|status|logout|switch`: named profiles in config.toml, each project's secret in
//! the OS keyring (service `stytch-m2m`, user `project:<project_id>`).

mod login;
mod status;

pub use login::login;
pub use status::status;

use serde_json::json;

use crate::cli::{AuthLogoutArgs, AuthSwitchArgs};
use crate::commands::Session;
use crate::config::{check_profile_name, ConfigFile};
use crate::error::{Error, ErrorKind, Result};
use crate::runtime::block_on;
use crate::store::keyring::Keyring;
use crate::store::{project, SERVICE};

/// `--profile` / `STYTCH_M2M_PROFILE`, trimmed; empty is not given.
fn profile_flag<'a>(session: &Session<'a>) -> Option<&'a str> {
    session
        .global
        .profile
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
}

/// The profile a command is about: `--profile`, else the default one.
fn target_profile(session: &Session, file: &ConfigFile) -> Result<String> {
    if let Some(name) = profile_flag(session) {
        file.profile(name)?;
        return Ok(name.to_owned());
    }
    file.default_profile.clone().ok_or_else(|| {
        Error::new(
            ErrorKind::ProfileNotFound,
            format!(
                "no --profile was given and there is no default profile; profiles: {}",
                file.names()
            ),
        )
        .hint("name one with --profile NAME")
    })
}

/// `auth logout`: the keyring entry first (a secret must not outlive its profile), then the
/// profile. An entry another profile still uses is kept.
pub fn logout(session: &Session, args: AuthLogoutArgs) -> Result<()> {
    let ui = session.ui;
    let mut file = session.config()?;
    let name = target_profile(session, &file)?;
    let profile = file.profile(&name)?.clone();
    let again = format!("stytch-m2m auth logout --profile {name} --yes");
    ui.confirm_step(
        args.yes,
        &format!(
            "Remove profile `{name}` (project {}) and its project secret from the keyring?",
            profile.project_id
        ),
        &again,
    )?;
    let shared = file
        .profiles
        .iter()
        .any(|(other, p)| *other != name && p.project_id == profile.project_id);
    let user = project::user(&profile.project_id);
    let deleted = if shared {
        None
    } else {
        let timeout = session.keyring_timeout();
        Some(block_on(async {
            Keyring::open_session(timeout).await?.delete(&user).await
        })?)
    };
    file.profiles.remove(&name);
    let was_default = file.default_profile.as_deref() == Some(name.as_str());
    if was_default {
        file.default_profile = match file.profiles.keys().collect::<Vec<_>>()[..] {
            [only] => Some(only.clone()),
            _ => None,
        };
    }
    file.save()?;
    if ui.json {
        return ui.json_data(&json!({
            "logged_out": name,
            "keyring": { "service": SERVICE, "username": user, "deleted": deleted == Some(true) },
            "default_profile": file.default_profile,
        }));
    }
    ui.info(match deleted {
        Some(true) => format!(
            "Removed profile `{name}` and the {}.",
            project::describe(&profile.project_id)
        ),
        Some(false) => format!(
            "Removed profile `{name}`; there was no {}.",
            project::describe(&profile.project_id)
        ),
        None => format!(
            "Removed profile `{name}`; its keyring entry stays: another profile uses project {}.",
            profile.project_id
        ),
    });
    match (&file.default_profile, was_default) {
        (Some(new), true) => ui.info(format!("The default profile is now `{new}`.")),
        (None, true) if !file.profiles.is_empty() => ui.info(format!(
            "There is no default profile now; pick one with `stytch-m2m auth switch NAME` ({}).",
            file.names()
        )),
        _ => {}
    }
    Ok(())
}

/// `auth switch NAME`: sets `default_profile`.
pub fn switch(session: &Session, args: AuthSwitchArgs) -> Result<()> {
    let name = args.name.trim();
    check_profile_name(name)?;
    let mut file = session.config()?;
    let project_id = file.profile(name)?.project_id.clone();
    file.default_profile = Some(name.to_owned());
    file.save()?;
    let ui = session.ui;
    if ui.json {
        return ui.json_data(&json!({
            "default_profile": name,
            "project_id": project_id.as_str(),
        }));
    }
    ui.info(format!(
        "The default profile is now `{name}` (project {project_id})."
    ));
    Ok(())
}
