//! `stytch-m2m doctor`: every check a rotation depends on, each with a concrete fix.

use serde_json::json;

use crate::cli::{DoctorArgs, GlobalArgs};
use crate::commands::Session;
use crate::config::{Credentials, Source};
use crate::error::{Error, ErrorKind, Result};
use crate::exit_codes::ExitCode;
use crate::redacted::Secret;
use crate::runtime::block_on;
use crate::sanitize::sanitize;
use crate::store::keyring::Keyring;
use crate::store::Slot;
use crate::stytch::{self, Client, ClientId, ProjectId, RetryPolicy};
use crate::ui::Ui;

struct Check {
    name: &'static str,
    ok: bool,
    /// Not run (nothing to check); counts as ok.
    skipped: bool,
    detail: String,
    fix: Option<String>,
    code: ExitCode,
}

impl Check {
    fn pass(name: &'static str, detail: impl Into<String>) -> Check {
        Check {
            name,
            ok: true,
            skipped: false,
            detail: detail.into(),
            fix: None,
            code: ExitCode::Success,
        }
    }

    fn skip(name: &'static str, detail: impl Into<String>) -> Check {
        Check {
            skipped: true,
            ..Check::pass(name, detail)
        }
    }

    fn fail(name: &'static str, err: &Error) -> Check {
        Check {
            name,
            ok: false,
            skipped: false,
            detail: err.message.clone(),
            fix: err.hint.clone(),
            code: err.code,
        }
    }
}

pub fn run(session: &Session, args: DoctorArgs) -> Result<()> {
    let id = args.client_id.as_deref().map(ClientId::parse).transpose()?;
    let (global, ui) = (session.global, session.ui);
    let mut checks = Vec::new();
    // Credentials: from where every command takes them (prompted for at a terminal).
    let creds = session.credentials();
    let secret = match &creds {
        Ok(c) => c
            .secret_from
            .read(&c.project_id, ui, session.keyring_timeout()),
        Err(e) => Err(Error::new(e.kind, e.message.clone())),
    };
    checks.push(match (&creds, &secret) {
        (Ok(c), Ok(_)) => Check::pass("credentials", credentials_detail(c)),
        (Err(e), _) | (_, Err(e)) => Check::fail("credentials", e),
    });
    match creds.as_ref().map(|c| &c.base_url) {
        Ok(Ok((url, _))) => {
            checks.push(Check::pass("base URL", url.as_str().trim_end_matches('/')));
            checks.push(trust_check(global, url));
        }
        Ok(Err(e)) => checks.push(Check::fail("base URL", e)),
        Err(_) => {}
    }
    let for_secret = match (&creds, &id) {
        (Ok(c), Some(id)) if c.base_url.is_ok() => Some((c.project_id.clone(), id.clone())),
        _ => None,
    };
    if let (Ok(creds), Ok(secret)) = (creds, secret) {
        if let Ok((base_url, _)) = creds.base_url {
            let stytch = stytch_check(global, creds.project_id, secret, base_url, id.as_ref());
            checks.push(block_on(async { Ok(stytch.await) })?);
        }
    }
    let keyring = block_on(async { Ok(keyring_check(global).await) })?;
    let keyring_ok = keyring.ok;
    checks.push(keyring);
    if let (Some((project, id)), true) = (for_secret, keyring_ok) {
        checks.push(block_on(async {
            Ok(secret_check(session, &project, &id).await)
        })?);
    }
    report(ui, &checks)
}

/// Which profile, and where each value came from.
fn credentials_detail(c: &Credentials) -> String {
    let p = &c.project_id;
    let kind = if p.is_live() { "live" } else { "test" };
    let profile = match &c.profile {
        Some((name, Source::DefaultProfile)) => format!("profile `{name}` (the default)"),
        Some((name, from)) => format!("profile `{name}` (from {})", from.describe()),
        None => "no profile".to_owned(),
    };
    let base = match &c.base_url {
        Ok((_, from)) => format!("; base URL from {}", from.describe()),
        Err(_) => String::new(),
    };
    format!(
        "{profile}; project {p} ({kind}) from {}; secret from {}{base}",
        c.project_from.describe(),
        c.secret_from.describe(p)
    )
}

/// Trust for HTTPS: which CA certificates, from where.
fn trust_check(args: &GlobalArgs, url: &reqwest::Url) -> Check {
    use crate::stytch::tls::RootSource;
    let https = url.scheme() == "https";
    let trust = match crate::stytch::tls::trust(https, args.ca_cert.as_deref()) {
        Err(e) => return Check::fail("TLS trust", &e),
        Ok(trust) => trust,
    };
    let extra = if trust.extra > 0 {
        format!(", plus {} from --ca-cert", trust.extra)
    } else {
        String::new()
    };
    Check::pass(
        "TLS trust",
        match trust.roots {
            RootSource::NotNeeded => format!("not needed: plain http to this machine{extra}"),
            RootSource::Platform { certs } => format!(
                "{certs} CA certificates from the system store (or SSL_CERT_FILE / SSL_CERT_DIR){extra}"
            ),
            RootSource::BuiltIn { certs } => format!(
                "no CA bundle on this machine: using {certs} built-in Mozilla roots{extra} \
                 (install ca-certificates to use the system's, e.g. a company CA)"
            ),
        },
    )
}

/// One cheap authenticated call: a GET of the client, or of a probe id that cannot exist (a 404
/// `m2m_client_not_found` then proves the credentials were accepted).
async fn stytch_check(
    args: &GlobalArgs,
    project_id: ProjectId,
    secret: Secret,
    base_url: reqwest::Url,
    id: Option<&ClientId>,
) -> Check {
    let config = stytch::Config {
        base_url,
        project_id,
        secret,
        timeout: args.timeout,
        ca_cert: args.ca_cert.clone(),
    };
    let once = RetryPolicy {
        attempts: 1,
        ..RetryPolicy::default()
    };
    let client = match Client::new(config) {
        Ok(client) => client.with_retry(once),
        Err(e) => return Check::fail("Stytch", &e),
    };
    let probe = ClientId::parse("stytch-m2m-doctor-probe").expect("valid id");
    let reached = match client.proxy() {
        Some(proxy) => format!("reachable through {proxy}"),
        None => "reachable".to_owned(),
    };
    match client.get_client(id.unwrap_or(&probe)).await {
        Ok(answer) => {
            let c = &answer.client;
            let state = match &c.next_client_secret_last_four {
                Some(n) => format!("has a rotation pending (next secret ends {})", sanitize(n)),
                None => "has no rotation pending".to_owned(),
            };
            let shown = sanitize(&c.client_id);
            Check::pass(
                "Stytch",
                format!("{reached}, credentials accepted; client {shown} {state}"),
            )
        }
        Err(e) if e.code == ExitCode::NotFound && id.is_none() => {
            Check::pass("Stytch", format!("{reached}, credentials accepted"))
        }
        Err(e) => Check::fail("Stytch", &e),
    }
}

async fn keyring_check(args: &GlobalArgs) -> Check {
    let keyring = match Keyring::open_session(args.keyring_timeout).await {
        Ok(k) => k,
        Err(e) => return Check::fail("keyring", &e),
    };
    match keyring.probe().await {
        Ok(()) => Check::pass(
            "keyring",
            format!(
                "{} reachable and unlocked (wrote, read back and deleted a probe entry)",
                Keyring::name()
            ),
        ),
        Err(e) => Check::fail("keyring", &e),
    }
}

/// With `--client-id`: whether the keyring's current secret of the client gets a token. No entry
/// is not a failure: many setups keep the secret elsewhere.
async fn secret_check(session: &Session<'_>, project: &ProjectId, id: &ClientId) -> Check {
    let args = session.global;
    let once = RetryPolicy {
        attempts: 1,
        ..RetryPolicy::default()
    };
    let client = match crate::commands::secret::token_client(session) {
        Ok(client) => client.with_retry(once),
        Err(e) => return Check::fail("secret", &e),
    };
    if let Err(e) = client.keyring_secrets_allowed() {
        return Check::fail("secret", &e);
    }
    let user = Slot::Current.user(project, id);
    let read = async { Keyring::open(args.keyring_timeout).await?.get(&user).await };
    let secret = match read.await {
        Ok(Some(secret)) => secret,
        Ok(None) => {
            return Check::skip(
                "secret",
                format!("not checked: the keyring holds no current secret of {id}"),
            )
        }
        Err(e) => return Check::fail("secret", &e),
    };
    let four = sanitize(&secret.last_four());
    match client.token(id, &secret).await {
        Ok(_) => Check::pass(
            "secret",
            format!("keyring entry works: the secret ending {four} gets an access token"),
        ),
        Err(mut e) if e.kind == ErrorKind::VerificationFailed => {
            e.message = format!(
                "the keyring's current secret (ending {four}) gets no access token: {}",
                e.message
            );
            let e = e.hint(format!(
                "the keyring holds a secret that no longer works: store the working one, or remove it with `stytch-m2m secret delete --client-id {}`",
                crate::shell::quote(id.as_str())
            ));
            Check::fail("secret", &e)
        }
        Err(e) => Check::fail("secret", &e),
    }
}

const LINUX_NOTE: &str = "on Linux, secrets go to the Secret Service (gnome-keyring, KWallet, KeePassXC): \
    encrypted at rest and kept across reboots. The kernel keyutils keyring is memory-only and gone on reboot, \
    so it is never used.";

/// The report on stdout (under `--json`, the one object, with the exit code), then the verdict.
fn report(ui: &Ui, checks: &[Check]) -> Result<()> {
    let first = checks.iter().find(|c| !c.ok);
    let code = first.map_or(ExitCode::Success, |c| c.code);
    let notes: Vec<&str> = if cfg!(target_os = "linux") {
        vec![LINUX_NOTE]
    } else {
        vec![]
    };
    if ui.json {
        ui.json_data(&json!({
            "ok": first.is_none(),
            "exit_code": code.code(),
            "checks": checks.iter().map(|c| json!({
                "name": c.name, "ok": c.ok, "skipped": c.skipped, "detail": c.detail, "fix": c.fix,
            })).collect::<Vec<_>>(),
            "notes": notes,
        }))?;
    } else {
        let mut out = String::new();
        for c in checks {
            let verdict = match (c.ok, c.skipped) {
                (true, true) => "skip",
                (true, false) => "ok  ",
                (false, _) => "FAIL",
            };
            out.push_str(&format!("{verdict} {:<12} {}\n", c.name, c.detail));
            if let Some(fix) = &c.fix {
                out.push_str(&format!("     {:<12} fix: {fix}\n", ""));
            }
        }
        for n in &notes {
            out.push_str(&format!("note {:<12} {n}\n", "keyring kind"));
        }
        crate::ui::listing_written(ui.data(&out))?;
    }
    let Some(first) = first else {
        return Ok(());
    };
    let failed = checks.iter().filter(|c| !c.ok).count();
    let plural = if failed == 1 { "" } else { "s" };
    let mut err = Error::new(
        ErrorKind::DoctorFailed,
        format!("{failed} check{plural} failed, the first: {}", first.name),
    )
    .with_code(code);
    // Under --json the report on stdout is the one object; nothing more on stderr.
    err.reported = ui.json;
    Err(err)
}
