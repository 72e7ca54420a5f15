//! `auth status`: each profile (or the one `--profile` names) as a command would use it now:
//! project id, base URL, where the secret would come from, and (unless `--offline`) whether
//! Stytch accepts it: one search request per profile.

use serde_json::{json, Value};

use super::profile_flag;
use crate::cli::AuthStatusArgs;
use crate::commands::Session;
use crate::config::{self, ConfigFile, Credentials, SecretSource, Source};
use crate::error::{Error, ErrorKind, Result};
use crate::redacted::Secret;
use crate::runtime::block_on;
use crate::stytch::search::SearchRequest;
use crate::stytch::{self, Client, RetryPolicy};

/// One profile's line of the report.
struct Row {
    name: String,
    is_default: bool,
    creds: Credentials,
    /// `None`: not checked (`--offline`); `Some(Ok)`: Stytch accepted the credentials.
    works: Option<Result<()>>,
    /// Why there is no secret to use (a missing keyring entry, a keyring failure).
    secret_error: Option<Error>,
}

impl Row {
    fn ok(&self) -> bool {
        self.secret_error.is_none() && self.works.as_ref().is_none_or(|w| w.is_ok())
    }

    fn error(&self) -> Option<&Error> {
        self.secret_error
            .as_ref()
            .or(self.works.as_ref().and_then(|w| w.as_ref().err()))
    }
}

pub fn status(session: &Session, args: AuthStatusArgs) -> Result<()> {
    let file = session.config()?;
    let names: Vec<String> = match profile_flag(session) {
        Some(name) => {
            file.profile(name)?;
            vec![name.to_owned()]
        }
        None => file.profiles.keys().cloned().collect(),
    };
    if names.is_empty() {
        return Err(Error::new(
            ErrorKind::NotLoggedIn,
            format!("there are no profiles in {}", shown(&file)),
        )
        .hint("run `stytch-m2m auth login`"));
    }
    // `--secret-stdin` is read once, for every profile.
    let stdin = match session.global.secret_stdin {
        true => Some(config::read_secret_stdin(
            session.ui,
            "the Stytch project secret",
        )?),
        false => None,
    };
    let mut rows = Vec::new();
    for name in names {
        rows.push(row(session, &file, name, stdin.as_ref(), args.offline)?);
    }
    // The one asked about, else the default; with neither, every profile.
    let target = profile_flag(session).or(file.default_profile.as_deref());
    let failed = rows
        .iter()
        .filter(|r| target.is_none_or(|t| t == r.name))
        .find(|r| !r.ok());
    report(session, &file, &rows)?;
    match failed {
        None => Ok(()),
        Some(r) => {
            let mut err = match r.error() {
                Some(e) if e.message.contains(&format!("profile `{}`", r.name)) => {
                    Error::new(e.kind, e.message.clone())
                }
                Some(e) => Error::new(e.kind, format!("profile `{}`: {}", r.name, e.message)),
                None => Error::internal("a failed profile without an error"),
            };
            err.hint = r.error().and_then(|e| e.hint.clone());
            // The report on stdout says it all under --json.
            err.reported = session.ui.json;
            Err(err)
        }
    }
}

fn row(
    session: &Session,
    file: &ConfigFile,
    name: String,
    stdin: Option<&Secret>,
    offline: bool,
) -> Result<Row> {
    let choice = Some((name.clone(), Source::Profile(name.clone())));
    let creds = config::resolve(session.global, file, choice, false)?;
    let secret = match (&creds.secret_from, stdin) {
        (SecretSource::Stdin, Some(s)) => Ok(s.clone()),
        (from, _) => from.read(&creds.project_id, session.ui, session.keyring_timeout()),
    };
    let (works, secret_error) = match (secret, &creds.base_url) {
        (Err(e), _) => (None, Some(e)),
        (Ok(_), Err(e)) => (None, Some(Error::new(e.kind, e.message.clone()))),
        (Ok(_), Ok(_)) if offline => (None, None),
        (Ok(secret), Ok((url, _))) => (Some(check(session, &creds, url.clone(), secret)), None),
    };
    Ok(Row {
        is_default: file.default_profile.as_deref() == Some(name.as_str()),
        name,
        creds,
        works,
        secret_error,
    })
}

/// One search with `limit` 1, tried once.
fn check(
    session: &Session,
    creds: &Credentials,
    base_url: reqwest::Url,
    secret: Secret,
) -> Result<()> {
    let client = Client::new(stytch::Config {
        base_url,
        project_id: creds.project_id.clone(),
        secret,
        timeout: session.global.timeout,
        ca_cert: session.global.ca_cert.clone(),
    })?
    .with_retry(RetryPolicy {
        attempts: 1,
        ..RetryPolicy::default()
    });
    let request = SearchRequest {
        limit: 1,
        ..SearchRequest::default()
    };
    block_on(async { client.search(&request).await.map(|_| ()) })
}

fn shown(file: &ConfigFile) -> String {
    crate::sanitize::sanitize(&file.path.display().to_string())
}

fn report(session: &Session, file: &ConfigFile, rows: &[Row]) -> Result<()> {
    let ui = session.ui;
    if ui.json {
        return ui.json_data(&json!({
            "ok": rows.iter().all(Row::ok),
            "config_file": file.path.display().to_string(),
            "default_profile": file.default_profile,
            "profiles": rows.iter().map(row_json).collect::<Vec<_>>(),
        }));
    }
    let mut out = String::new();
    for r in rows {
        let c = &r.creds;
        let default = if r.is_default { " (default)" } else { "" };
        out.push_str(&format!("profile   {}{default}\n", r.name));
        out.push_str(&format!(
            "  project   {} (from {})\n",
            c.project_id,
            c.project_from.describe()
        ));
        if let Ok((url, from)) = &c.base_url {
            let url = url.as_str().trim_end_matches('/');
            out.push_str(&format!("  base URL  {url} (from {})\n", from.describe()));
        }
        out.push_str(&format!(
            "  secret    {}\n",
            c.secret_from.describe(&c.project_id)
        ));
        let works = match (&r.works, r.error()) {
            (_, Some(e)) if e.kind == ErrorKind::NotLoggedIn => {
                "no: there is no secret to use".to_owned()
            }
            (_, Some(e)) => format!("no: {}", e.message),
            (Some(Ok(())), None) => "yes: Stytch accepted the credentials".to_owned(),
            (None, None) => "not checked (--offline)".to_owned(),
            (Some(Err(_)), None) => unreachable!("an error is reported above"),
        };
        out.push_str(&format!("  works     {works}\n"));
        if let Some(hint) = r.error().and_then(|e| e.hint.as_deref()) {
            out.push_str(&format!("  fix       {hint}\n"));
        }
    }
    crate::ui::listing_written(ui.data(&out))
}

fn row_json(r: &Row) -> Value {
    let c = &r.creds;
    let (url, url_from) = match &c.base_url {
        Ok((url, from)) => (Some(url.as_str().trim_end_matches('/')), Some(from.kind())),
        Err(_) => (None, None),
    };
    let error = r.error().map(|e| {
        json!({ "error": e.kind.name(), "message": e.message, "hint": e.hint, "exit_code": e.code.code() })
    });
    json!({
        "name": r.name,
        "default": r.is_default,
        "project_id": c.project_id.as_str(),
        "project_id_source": c.project_from.kind(),
        "base_url": url,
        "base_url_source": url_from,
        "secret_source": match &r.secret_error {
            Some(e) if e.kind == ErrorKind::NotLoggedIn => "missing",
            _ => c.secret_from.kind(),
        },
        "works": r.works.as_ref().map(Result::is_ok),
        "error": error,
    })
}
