//! Where the project id, the project secret and the base URL come from. Each value on its own:
//! a flag, else the environment (Stytch's SDKs' names), else the chosen profile (`--profile` /
//! `STYTCH_M2M_PROFILE`), else the default profile; the secret of a profile is in the OS keyring,
//! found by the project id actually used. See [`resolve`] and [`file`].

pub mod file;
pub mod resolve;

pub use file::{check_profile_name, ConfigFile, Profile};
pub use resolve::{resolve, Credentials, SecretSource, Source};

use std::io::BufRead;
use std::net::IpAddr;

use reqwest::Url;

use crate::error::{Error, ErrorKind, Result};
use crate::redacted::Secret;
use crate::sanitize::sanitize;
use crate::stytch::ProjectId;
use crate::ui::Ui;

pub const LIVE_URL: &str = "https://api.stytch.com";
pub const TEST_URL: &str = "https://test.stytch.com";

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

/// The project's own environment: `api.stytch.com` for live projects, else `test.stytch.com`.
pub fn default_base_url(project: &ProjectId) -> Url {
    Url::parse(if project.is_live() {
        LIVE_URL
    } else {
        TEST_URL
    })
    .expect("valid")
}

/// A base URL as given (flag, environment or profile). Plain http is allowed only to this
/// machine (a local Stytch), never across a network.
pub fn parse_base_url(raw: &str) -> Result<Url> {
    let raw = raw.trim();
    let invalid = |why: &str| {
        Error::new(ErrorKind::InvalidBaseUrl, format!("invalid base URL: {why}"))
            .hint("use https://api.stytch.com, https://test.stytch.com, or http://127.0.0.1:PORT for a local Stytch")
    };
    // `127.0.0.1:8080` does not parse and `localhost:8080` parses as scheme `localhost`: both
    // are a host and port without a scheme. `javascript:x` is a scheme, refused below.
    if !raw.contains("://") {
        let after = raw.split_once(':').map_or("", |(_, rest)| rest);
        let port = after.split('/').next().unwrap_or("");
        if Url::parse(raw).is_err()
            || (!port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(missing_scheme(raw));
        }
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
