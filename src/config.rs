//! Where the project id, the project secret and the base URL come from, following the
//! conventions of Stytch's SDKs: flags, then environment, then (at a terminal) a prompt.

use std::io::BufRead;
use std::net::IpAddr;

use reqwest::Url;

use crate::cli::GlobalArgs;
use crate::error::{Error, ErrorKind, Result};
use crate::redacted::Secret;
use crate::sanitize::sanitize;
use crate::stytch::ProjectId;
use crate::ui::Ui;

pub const LIVE_URL: &str = "https://api.stytch.com";
pub const TEST_URL: &str = "https://test.stytch.com";

pub fn project_id(args: &GlobalArgs) -> Result<ProjectId> {
    let raw = args
        .project_id
        .as_deref()
        .map(str::trim)
        .unwrap_or_default();
    if raw.is_empty() {
        return Err(Error::new(ErrorKind::MissingProjectId,
            "no Stytch project id was given",
        )
        .hint("set STYTCH_PROJECT_ID (or pass --project-id) to the id on the dashboard's API keys page"));
    }
    ProjectId::parse(raw)
}

/// The project secret: `--secret-stdin`, else `STYTCH_SECRET`, else a hidden prompt when a person
/// is at the terminal. Never from an argument value: argv is visible to every user of the machine.
pub fn project_secret(args: &GlobalArgs, prompt: Option<&Ui>) -> Result<Secret> {
    let secret = if args.secret_stdin {
        match prompt {
            Some(ui) => read_secret_stdin(ui, "the Stytch project secret (STYTCH_SECRET)")?,
            None => read_stdin_line("the project secret")?,
        }
    } else if let Some(value) = std::env::var_os("STYTCH_SECRET") {
        let value = value.into_string().map_err(|_| {
            Error::new(ErrorKind::InvalidSecret, "STYTCH_SECRET is not valid UTF-8")
                .hint("copy the secret again from the dashboard's API keys page")
        })?;
        Secret::from_input(value)
    } else if let Some(ui) = prompt.filter(|ui| ui.can_prompt()) {
        ui.prompt_secret("Stytch project secret (STYTCH_SECRET)")?
    } else {
        Secret::new(String::new())
    };
    if secret.is_empty() {
        return Err(Error::new(ErrorKind::MissingSecret,
            "no Stytch project secret was given",
        )
        .hint("set STYTCH_SECRET, or pipe it in with --secret-stdin; without a terminal there is no prompt"));
    }
    Ok(secret)
}

/// A secret from stdin: at a terminal, a hidden prompt that names what is asked (a pasted secret
/// must not stay on screen or in scrollback); from a pipe, the first line.
pub fn read_secret_stdin(ui: &Ui, what: &str) -> Result<Secret> {
    if ui.stdin_is_terminal() {
        ui.prompt_secret(&format!("Paste {what} (input is hidden)"))
    } else {
        read_stdin_line(what)
    }
}

/// Reads one line from stdin as a secret.
pub fn read_stdin_line(what: &str) -> Result<Secret> {
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).map_err(|e| {
        Error::new(
            ErrorKind::StdinUnreadable,
            format!("could not read {what} from stdin: {e}"),
        )
    })?;
    Ok(Secret::from_input(line))
}

/// `--base-url` / `STYTCH_BASE_URL`, else the project's own environment. Plain http is allowed
/// only to this machine (a local Stytch), never across a network.
pub fn base_url(args: &GlobalArgs, project: &ProjectId) -> Result<Url> {
    let raw = match args.base_url.as_deref().map(str::trim) {
        Some(raw) if !raw.is_empty() => raw,
        _ => {
            return Ok(Url::parse(if project.is_live() {
                LIVE_URL
            } else {
                TEST_URL
            })
            .expect("valid"))
        }
    };
    let invalid = |why: &str| {
        Error::new(ErrorKind::InvalidBaseUrl, format!("invalid base URL: {why}"))
            .hint("use https://api.stytch.com, https://test.stytch.com, or http://127.0.0.1:PORT for a local Stytch")
    };
    if !raw.contains("://") {
        return Err(missing_scheme(raw));
    }
    let url = Url::parse(raw).map_err(|e| invalid(&e.to_string()))?;
    // Checked before the URL is ever shown: it could hold a password.
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid("it must not contain a user name or password"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid("it must not have a query or fragment"));
    }
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        "http" => {
            return Err(invalid(&format!(
                "plain http is allowed only to this machine (127.0.0.1, ::1, localhost), not {}",
                url.host_str().unwrap_or("?")
            )))
        }
        other => return Err(invalid(&format!("the scheme must be https, not {other}"))),
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(invalid("it has no host"));
    }
    if url.path() != "/" {
        // Every request adds its own /v1/…: a base with a path would only ever get 404s.
        let mut bare = url.clone();
        bare.set_path("/");
        return Err(invalid(&format!(
            "it has a path ({}); give only the scheme, host and port, e.g. {}",
            sanitize(url.path()),
            bare.as_str().trim_end_matches('/')
        ))
        .hint("stytch-m2m adds /v1/… to the base URL itself"));
    }
    Ok(url)
}

/// `127.0.0.1:8080` or `api.example.com`: say that the scheme is missing, and which one to use.
fn missing_scheme(raw: &str) -> Error {
    let err = Error::new(
        ErrorKind::InvalidBaseUrl,
        "invalid base URL: it has no scheme (http:// or https://)",
    );
    // Shown only when it cannot hold a password, and only in the form it would be used.
    let suggestion = Url::parse(&format!("http://{raw}"))
        .ok()
        .filter(|u| u.username().is_empty() && u.password().is_none() && u.host_str().is_some())
        .map(|mut u| {
            u.set_path("/");
            u.set_query(None);
            u.set_fragment(None);
            u
        });
    match suggestion {
        Some(url) if is_loopback(&url) => err.hint(format!(
            "did you mean {}? (a local Stytch speaks plain http)",
            url.as_str().trim_end_matches('/')
        )),
        Some(mut url) => {
            let _ = url.set_scheme("https");
            err.hint(format!(
                "did you mean {}? (plain http is allowed only to this machine)",
                url.as_str().trim_end_matches('/')
            ))
        }
        None => err.hint("use https://api.stytch.com, https://test.stytch.com, or http://127.0.0.1:PORT for a local Stytch"),
    }
}

/// Whether the URL's host is this machine (127.0.0.0/8, ::1, localhost).
pub fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}
