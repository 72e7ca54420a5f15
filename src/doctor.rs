//! `stytch-m2m doctor`: every check a rotation depends on, each with a concrete fix.

use serde_json::json;

use crate::cli::GlobalArgs;
use crate::config;
use crate::error::{Error, Result};
use crate::exit_codes::ExitCode;
use crate::store::keyring::Keyring;
use crate::stytch::{self, Client, ClientId, RetryPolicy};
use crate::ui::Ui;

struct Check {
    name: &'static str,
    ok: bool,
    detail: String,
    fix: Option<String>,
    code: ExitCode,
}

impl Check {
    fn pass(name: &'static str, detail: impl Into<String>) -> Check {
        Check {
            name,
            ok: true,
            detail: detail.into(),
            fix: None,
            code: ExitCode::Success,
        }
    }

    fn fail(name: &'static str, err: &Error) -> Check {
        Check {
            name,
            ok: false,
            detail: err.message.clone(),
            fix: err.hint.clone(),
            code: err.code,
        }
    }
}

pub async fn run(args: &GlobalArgs, ui: &Ui, client_id: Option<ClientId>) -> Result<()> {
    let mut checks = Vec::new();
    let mut notes = Vec::new();

    // Credentials and base URL: no prompt, doctor only looks.
    let project = config::project_id(args);
    let secret = config::project_secret(args, None);
    match (&project, &secret) {
        (Ok(p), Ok(_)) => checks.push(Check::pass(
            "credentials",
            format!(
                "project {p} ({}); secret from {}",
                if p.is_live() { "live" } else { "test" },
                if args.secret_stdin {
                    "stdin"
                } else {
                    "STYTCH_SECRET"
                }
            ),
        )),
        (Err(e), _) | (_, Err(e)) => checks.push(Check::fail("credentials", e)),
    }
    let base = project.as_ref().ok().map(|p| config::base_url(args, p));
    match &base {
        Some(Ok(url)) => checks.push(Check::pass("base URL", url.as_str().trim_end_matches('/'))),
        Some(Err(e)) => checks.push(Check::fail("base URL", e)),
        None => {}
    }

    // Trust for HTTPS: which CA certificates, from where.
    if let Some(Ok(url)) = &base {
        let https = url.scheme() == "https";
        let check = match crate::stytch::tls::trust(https, args.ca_cert.as_deref()) {
            Err(e) => Check::fail("TLS trust", &e),
            Ok(trust) => {
                use crate::stytch::tls::RootSource;
                let extra = if trust.extra > 0 {
                    format!(", plus {} from --ca-cert", trust.extra)
                } else {
                    String::new()
                };
                Check::pass(
                    "TLS trust",
                    match trust.roots {
                        RootSource::NotNeeded => format!("not needed: plain http to this machine{extra}"),
                        RootSource::Platform { certs } => format!("{certs} CA certificates from the system store (or SSL_CERT_FILE / SSL_CERT_DIR){extra}"),
                        RootSource::BuiltIn { certs } => format!(
                            "no CA bundle on this machine: using {certs} built-in Mozilla roots{extra} \
                             (install ca-certificates to use the system's, e.g. a company CA)"
                        ),
                    },
                )
            }
        };
        checks.push(check);
    }

    // One cheap authenticated call: a GET of the client, or of a probe id that cannot exist
    // (a 404 m2m_client_not_found then proves the credentials were accepted).
    if let (Ok(project), Ok(secret), Some(Ok(base_url))) = (
        project.as_ref().map(Clone::clone).map_err(|_| ()),
        secret,
        base,
    ) {
        let client = Client::new(stytch::Config {
            base_url,
            project_id: project,
            secret,
            timeout: args.timeout,
            ca_cert: args.ca_cert.clone(),
        })
        .map(|c| {
            c.with_retry(RetryPolicy {
                attempts: 1,
                ..RetryPolicy::default()
            })
        });
        let probe = ClientId::parse("stytch-m2m-doctor-probe").expect("valid id");
        let check = match client {
            Err(e) => Check::fail("Stytch", &e),
            Ok(client) => match client
                .get_client(client_id.as_ref().unwrap_or(&probe))
                .await
            {
                Ok(answer) => Check::pass(
                    "Stytch",
                    format!(
                        "reachable, credentials accepted; client {} {}",
                        answer.client.client_id,
                        match &answer.client.next_client_secret_last_four {
                            Some(n) => format!(
                                "has a rotation pending (next secret ends {})",
                                crate::sanitize::sanitize(n)
                            ),
                            None => "has no rotation pending".to_owned(),
                        }
                    ),
                ),
                Err(e) if e.code == ExitCode::NotFound && client_id.is_none() => {
                    Check::pass("Stytch", "reachable, credentials accepted")
                }
                Err(e) => Check::fail("Stytch", &e),
            },
        };
        checks.push(check);
    }

    checks.push(keyring_check(args).await);
    if cfg!(target_os = "linux") {
        notes.push(
            "on Linux, secrets go to the Secret Service (gnome-keyring, KWallet, KeePassXC): encrypted at rest and kept \
             across reboots. The kernel keyutils keyring is memory-only and gone on reboot, so it is never used."
                .to_owned(),
        );
    }

    let ok = checks.iter().all(|c| c.ok);
    if ui.json {
        ui.json_data(&json!({
            "ok": ok,
            "checks": checks.iter().map(|c| json!({
                "name": c.name, "ok": c.ok, "detail": c.detail, "fix": c.fix,
            })).collect::<Vec<_>>(),
            "notes": notes,
        }))?;
    } else {
        let mut out = String::new();
        for c in &checks {
            out.push_str(&format!(
                "{} {:<12} {}\n",
                if c.ok { "ok  " } else { "FAIL" },
                c.name,
                c.detail
            ));
            if let Some(fix) = &c.fix {
                out.push_str(&format!("     {:<12} fix: {fix}\n", ""));
            }
        }
        for n in &notes {
            out.push_str(&format!("note {:<12} {n}\n", "keyring kind"));
        }
        ui.data(&out).map_err(crate::ui::stdout_error)?;
    }
    match checks.iter().find(|c| !c.ok) {
        None => Ok(()),
        Some(first) => {
            let failed = checks.iter().filter(|c| !c.ok).count();
            let mut err = Error::new(
                first.code,
                "doctor_failed",
                format!(
                    "{failed} check{} failed, the first: {}",
                    if failed == 1 { "" } else { "s" },
                    first.name
                ),
            );
            if ui.json {
                // The report on stdout says it all; keep stderr to the one object anyway.
                err.hint = first.fix.clone();
            }
            Err(err)
        }
    }
}

async fn keyring_check(args: &GlobalArgs) -> Check {
    if cfg!(all(unix, not(target_os = "macos")))
        && std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none()
    {
        let wsl = std::fs::read_to_string("/proc/version")
            .map(|v| v.to_ascii_lowercase().contains("microsoft"))
            .unwrap_or(false);
        let err = Error::new(
            ExitCode::Store,
            "keyring_unavailable",
            "no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set), so no Secret Service",
        )
        .hint(if wsl {
            "WSL has no desktop session: start one with `dbus-run-session -- $SHELL` and `gnome-keyring-daemon --components=secrets --unlock`, or use --secret-file / stdout"
        } else {
            "run inside a desktop session, or start one with `dbus-run-session -- $SHELL` and `gnome-keyring-daemon --components=secrets --unlock`; over SSH there is usually none. Or use --secret-file / stdout"
        });
        return Check::fail("keyring", &err);
    }
    let keyring = match Keyring::open(args.keyring_timeout).await {
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
