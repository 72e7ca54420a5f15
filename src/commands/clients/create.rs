//! `clients create`: a new client whose one-time secret gets the custody of `rotate start`.
//!
//! The steps: make the client id (unless given) and prove Stytch has no such client; pre-flight
//! the custody (keyring probe, a reserved file, or a warning before a terminal gets the secret);
//! journal the intent; create; store the secret and read it back; prove it gets a token. From
//! the answer on, this process holds the only copy of the secret there will ever be: a panic
//! hands it over (`inflight`), and a secret that cannot be kept is worthless, so the client is
//! deleted. An answer that never comes is settled by reading the id this process chose
//! ([`super::settle`]).

use std::hash::{BuildHasher, Hasher};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::settle;
use crate::cli::{CreateArgs, Custody, JournalArgs};
use crate::commands::{Context, Session};
use crate::error::{Error, ErrorKind, Result};
use crate::journal::Action;
use crate::redacted::Secret;
use crate::rotation::journaled::{Facts, Recorder};
use crate::rotation::start::Destination;
use crate::sanitize::sanitize;
use crate::shell::quote;
use crate::store::file::SecretFile;
use crate::store::keyring::Keyring;
use crate::store::Slot;
use crate::stytch::create::CreateRequest;
use crate::stytch::models::CreateAnswer;
use crate::stytch::record::{self, By, Record};
use crate::stytch::{ClientId, ProjectId};

/// How long a new secret gets to work at the token endpoint before the command gives up on it.
const VERIFY_FOR: Duration = Duration::from_secs(10);

pub fn run(session: &Session, args: CreateArgs) -> Result<()> {
    check_scopes(&args.scopes)?;
    let client = session.client()?;
    let id = match args.client_id.as_deref() {
        Some(id) => ClientId::parse(id)?,
        None => new_client_id(client.project_id()),
    };
    // There is no client to claim a record on yet: with --record, the record goes into the
    // create request itself.
    let record = args.record && !args.no_record;
    let journal = JournalArgs::unrecorded(&args.lock);
    let rec = Recorder::open(&journal, &client, &id, "clients create")?;
    session.run_recorded(client, rec, |mut ctx| async move {
        create(&mut ctx, &id, &args, record).await
    })
}

async fn create(
    ctx: &mut Context<'_>,
    id: &ClientId,
    args: &CreateArgs,
    record: bool,
) -> Result<()> {
    absent(ctx, id).await?;
    let mut dest = preflight(ctx, id, &args.custody).await?;
    let request = CreateRequest {
        client_id: id.as_str().to_owned(),
        client_name: args.name.clone(),
        client_description: args.description.clone(),
        scopes: args.scopes.clone(),
        trusted_metadata: Some(metadata(ctx, &dest, record)),
    };
    let mut facts = Facts {
        destination: Some(dest.name()),
        ..Facts::default()
    };
    // A signal that came during the pre-flight stops here, where nothing has been sent.
    if let Some(signal) = ctx.interrupts.pending().await {
        dest.abandon();
        return Err(signal.context("nothing was sent: no client was created"));
    }
    // The id before the request: whatever happens next, the user knows which client to look for.
    ctx.ui.info(format!("creating client {id}"));
    ctx.rec.intent(ctx.ui, Action::Create, facts.clone());
    // Until it is settled, a crash names this client as one Stytch may have made.
    let creating = crate::inflight::creating(id.as_str());
    crate::inflight::test_panic_point("create-in-flight");
    let sent = ctx
        .interrupts
        .guard(ctx.client.create_client(&request), |e| e)
        .await;
    let created = match sent {
        Ok(created) => created,
        Err(e) => {
            dest.abandon();
            return Err(settle::lost(ctx, id, e, facts).await);
        }
    };
    // Held (for the panic hook) until it is kept, or until the client is deleted for want of
    // a place to keep it.
    if let Some(odd) = other_id(&created, id) {
        // Not an answer about this request: settled as if none had come.
        dest.abandon();
        return Err(settle::lost(ctx, id, odd, facts).await);
    }
    let held = crate::inflight::hold(id.as_str(), &created.secret);
    drop(creating);
    crate::commands::rotate::warn_odd(ctx, &created.answer);
    facts.request_id = Some(created.answer.request_id.clone());
    facts.secret_last_four = Some(created.secret.last_four());
    let kept = match keep(ctx, id, &mut dest, &created).await {
        Ok(kept) => {
            ctx.rec.ok(ctx.ui, Action::Create, facts);
            kept
        }
        Err(e) => {
            ctx.rec.failed(ctx.ui, Action::Create, &e, facts);
            let err = settle::unkept(ctx, id, e).await;
            drop(held);
            return Err(err);
        }
    };
    drop(held);
    let verified = verify(ctx, id, &created.secret).await;
    report(ctx, id, &dest, &created, &kept, verified.is_ok()).map_err(|e| {
        e.context(format!(
            "the client {id} was created and its secret kept ({kept}); only printing this failed"
        ))
    })?;
    verified.map_err(|e| not_verified(e, id, &dest))
}

/// An answer that names another client than the one asked for is not an answer about this
/// request: which client it made is not certain, so its secret is kept nowhere, the client it
/// names is never touched, and the asked id is settled as after a lost answer (this run's mark
/// tells a client it made).
fn other_id(created: &CreateAnswer, asked: &ClientId) -> Option<Error> {
    let named = &created.answer.client.client_id;
    (named != asked.as_str()).then(|| {
        Error::new(
            ErrorKind::OutcomeUnknown,
            format!(
                "Stytch's answer names the client {} instead of {asked}",
                crate::sanitize::sanitize(named)
            ),
        )
    })
}

/// Scopes travel space-separated in tokens: one with white space or a control character in it
/// would become two, or none.
fn check_scopes(scopes: &[String]) -> Result<()> {
    let bad = scopes.iter().find(|s| {
        s.is_empty()
            || s.chars()
                .any(|c| c.is_whitespace() || crate::sanitize::is_dangerous(c))
    });
    match bad {
        Some(s) => Err(Error::new(
            ErrorKind::Usage,
            format!(
                "the scope \"{}\" is empty or holds white space; nothing was sent",
                crate::stytch::ids::visible(s)
            ),
        )
        .hint("give each scope with its own --scope, e.g. --scope read:users --scope write:users")),
        None => Ok(()),
    }
}

/// `m2m-client-test-<uuid v4>` (`live` for a live project), as Stytch makes them. The 128 bits
/// come from std's `RandomState`, which the OS's random source keys: two hashes of the time, the
/// pid and a counter.
pub(crate) fn new_client_id(project: &ProjectId) -> ClientId {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let mut b = [0u8; 16];
    for (i, half) in b.chunks_mut(8).enumerate() {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u128(nanos);
        h.write_u32(std::process::id());
        h.write_usize(i);
        half.copy_from_slice(&h.finish().to_le_bytes());
    }
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    let env = if project.is_live() { "live" } else { "test" };
    let id = format!(
        "m2m-client-{env}-{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    );
    ClientId::parse(&id).expect("a made id is a valid client id")
}

/// Stytch must have no client of this id: only then is a client found after an answer that
/// never came certainly this process's own, and safe to delete.
async fn absent(ctx: &mut Context<'_>, id: &ClientId) -> Result<()> {
    let seen = ctx.interrupts.guard(ctx.client.get_client(id), |e| e).await;
    match seen {
        Err(e) if e.kind == ErrorKind::ClientNotFound => Ok(()),
        Err(e) => Err(e),
        Ok(_) => Err(Error::new(
            ErrorKind::ClientExists,
            format!(
                "Stytch already has an M2M client {id} in project {}; nothing was sent",
                ctx.client.project_id()
            ),
        )
        .hint("leave out --client-id to have a new id made, or choose another one")),
    }
}

/// The custody is proven usable before anything is created; without one, the secret goes to
/// stdout (with a warning before a terminal).
async fn preflight(ctx: &mut Context<'_>, id: &ClientId, custody: &Custody) -> Result<Destination> {
    if custody.keyring {
        let timeout = ctx.keyring_timeout;
        let opened = async {
            let keyring = Keyring::open(timeout).await?;
            keyring.probe().await?;
            Ok(keyring)
        };
        let keyring = ctx.interrupts.guard(opened, |e| e).await.map_err(|e| {
            e.context("pre-flight failed, so no client was created")
                .without_keyring(
                    "leave out --keyring (the secret goes to stdout), or use --secret-file PATH",
                )
        })?;
        return Ok(Destination::Keyring(keyring));
    }
    if let Some(path) = &custody.secret_file {
        return Ok(Destination::File(SecretFile::reserve(path)?));
    }
    if let Some(dir) = &custody.secret_dir {
        // Named as `rotate start --secret-dir` names a client's file.
        let dir = crate::fleet::custody::prepare_dir(dir)?;
        let path = dir.join(crate::fleet::custody::file_name(id));
        return Ok(Destination::File(SecretFile::reserve(&path)?));
    }
    if ctx.ui.stdout_is_terminal() {
        ctx.ui.warn(
            "the new client's secret will be printed on this terminal and stay in its scrollback; \
             pipe it into a secret manager instead, or use --keyring or --secret-file PATH",
        );
    }
    Ok(Destination::Stdout)
}

/// `--record`: the record the client is born with: idle, its secret made now.
/// This run's mark (what makes a client found after a lost answer certainly this run's), and
/// with `--record` the record.
fn metadata(ctx: &Context<'_>, dest: &Destination, record: bool) -> Value {
    let mut metadata = if record {
        initial_record(ctx, dest)
    } else {
        json!({})
    };
    metadata[settle::MADE_BY] = crate::journal::process::run_id().into();
    metadata
}

fn initial_record(ctx: &Context<'_>, dest: &Destination) -> Value {
    let by = By::here(
        &crate::journal::process::host(),
        &crate::journal::process::user(),
    );
    let now = record::rfc3339(ctx.client.server_now());
    let mut r = Record::new(crate::journal::process::run_id(), by);
    r.step = Some(Action::Create.as_str().to_owned());
    r.step_at = Some(now.clone());
    r.last_rotated_at = Some(now);
    r.custody = Some(
        match dest {
            Destination::File(_) => "file",
            Destination::Keyring(_) => "keyring",
            _ => "stdout",
        }
        .to_owned(),
    );
    json!({ record::KEY: r.to_value() })
}

/// Hands the secret over: stdout, or the keyring or file, read back. `Ok` says where it is.
async fn keep(
    ctx: &Context<'_>,
    id: &ClientId,
    dest: &mut Destination,
    created: &CreateAnswer,
) -> Result<String> {
    let project = ctx.client.project_id().clone();
    match dest {
        Destination::Stdout => {
            let written = if ctx.ui.json {
                let mut value = result_json(ctx, id, dest, created);
                value["client_secret"] = created.secret.expose().into();
                ctx.ui.data(&value.to_string())
            } else {
                ctx.ui.data(created.secret.expose())
            };
            written
                .map(|()| "was written to stdout".to_owned())
                .map_err(|e| {
                    Error::new(
                        ErrorKind::SecretUndeliverable,
                        format!("it could not be written to stdout ({e})"),
                    )
                })
        }
        Destination::Keyring(keyring) => keyring
            .put_verified(
                &Slot::Current.user(&project, id),
                &Slot::Current.label(&project, id),
                &created.secret,
            )
            .await
            .map(|()| format!("is in the {}", Slot::Current.describe(&project, id))),
        Destination::File(file) => file.write_verified(&created.secret).map(|()| {
            let path = sanitize(&file.path().display().to_string());
            format!("is in {path} (mode 0600)")
        }),
        Destination::Memory => Err(Error::internal("clients create has no memory custody")),
    }
}

/// The new secret gets a token: retried for a while, as a new secret can take a moment to work
/// everywhere.
async fn verify(ctx: &mut Context<'_>, id: &ClientId, secret: &Secret) -> Result<()> {
    let facts = Facts {
        secret_last_four: Some(secret.last_four()),
        ..Facts::default()
    };
    ctx.rec.intent(ctx.ui, Action::Verify, facts.clone());
    let deadline = Instant::now() + VERIFY_FOR;
    let mut delay = Duration::from_millis(250);
    loop {
        let tried = ctx
            .interrupts
            .guard(ctx.client.token(id, secret), |e| e)
            .await;
        match tried {
            Ok(_) => {
                ctx.rec.ok(ctx.ui, Action::Verify, facts);
                return Ok(());
            }
            Err(e)
                if e.kind == ErrorKind::VerificationFailed && Instant::now() + delay < deadline =>
            {
                let nap = async {
                    tokio::time::sleep(delay).await;
                    Ok(())
                };
                if let Err(signal) = ctx.interrupts.guard(nap, |s| s).await {
                    ctx.rec.failed(ctx.ui, Action::Verify, &signal, facts);
                    return Err(signal);
                }
                delay = (delay * 2).min(Duration::from_secs(2));
            }
            Err(e) => {
                ctx.rec.failed(ctx.ui, Action::Verify, &e, facts);
                return Err(e);
            }
        }
    }
}

/// The client exists and its secret is kept; only the proof is missing.
fn not_verified(e: Error, id: &ClientId, dest: &Destination) -> Error {
    let qid = quote(id.as_str());
    let from = match dest {
        Destination::File(file) => {
            format!(" --from-file {}", quote(&file.path().display().to_string()))
        }
        Destination::Stdout => " --from-stdin".to_owned(),
        _ => String::new(),
    };
    let e = if e.kind == ErrorKind::VerificationFailed {
        e.context(format!(
            "the client was created and its secret kept, but the secret did not get a token within {} s",
            VERIFY_FOR.as_secs()
        ))
    } else {
        e.context("the client was created and its secret kept, but it was not verified")
    };
    e.hint(format!(
        "try it again with `stytch-m2m secret verify --client-id {qid}{from}`; if it never gets a token, \
         delete the client with `stytch-m2m clients delete --client-id {qid} --yes` and create it again"
    ))
}

/// What `--json` prints (file and keyring custody; with stdout custody, with the secret).
fn result_json(
    ctx: &Context<'_>,
    id: &ClientId,
    dest: &Destination,
    created: &CreateAnswer,
) -> Value {
    let project = ctx.client.project_id();
    let c = &created.answer.client;
    let mut value = json!({
        "client_id": id.as_str(),
        "name": c.client_name,
        "scopes": c.scopes,
        "secret_last_four": created.secret.last_four(),
        "request_id": created.answer.request_id,
    });
    let (custody, stored_in) = match dest {
        Destination::Keyring(_) => (
            "keyring",
            Some(
                json!({ "keyring": { "service": crate::store::SERVICE, "username": Slot::Current.user(project, id) } }),
            ),
        ),
        Destination::File(file) => (
            "file",
            Some(json!({ "file": file.path().display().to_string() })),
        ),
        _ => ("stdout", None),
    };
    value["custody"] = custody.into();
    if let Some(stored_in) = stored_in {
        value["secret_stored_in"] = stored_in;
    }
    value
}

/// The client id on stdout (or the `--json` object) for file and keyring custody; on stderr
/// when the secret took stdout. Then, for people, where the secret is and how to use it.
fn report(
    ctx: &Context<'_>,
    id: &ClientId,
    dest: &Destination,
    created: &CreateAnswer,
    kept: &str,
    verified: bool,
) -> Result<()> {
    match dest {
        Destination::Stdout if !ctx.ui.json => {
            crate::ui::to_stderr(&format!("client id: {id}\n"));
        }
        Destination::Stdout => {}
        _ if ctx.ui.json => ctx.ui.json_data(&result_json(ctx, id, dest, created))?,
        _ => ctx.ui.data(id.as_str()).map_err(crate::ui::stdout_error)?,
    }
    let qid = quote(id.as_str());
    let from = match dest {
        Destination::File(file) => {
            format!(" --from-file {}", quote(&file.path().display().to_string()))
        }
        Destination::Stdout => " --from-stdin".to_owned(),
        _ => String::new(),
    };
    let c = &created.answer.client;
    let proof = if verified {
        "Verified: it gets an access token."
    } else {
        "It did not get an access token yet (see below)."
    };
    ctx.ui.info(format!(
        "Created client {id} ({}; scopes {}): its secret (ending {}) {kept}. Stytch will not show it again.\n\
         {proof} Get one with:\n  stytch-m2m token --client-id {qid}{from}",
        sanitize(&c.client_name),
        sanitize(&c.scopes.join(" ")),
        sanitize(&created.secret.last_four()),
    ));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn made_ids_are_stytchs_format_for_the_projects_environment_and_never_repeat() {
        let test = ProjectId::parse("project-test-1").unwrap();
        let live = ProjectId::parse("project-live-1").unwrap();
        let a = new_client_id(&test);
        let b = new_client_id(&test);
        assert_ne!(a, b);
        let s = a.as_str();
        assert!(s.starts_with("m2m-client-test-"), "{s}");
        let uuid = &s["m2m-client-test-".len()..];
        let groups: Vec<usize> = uuid.split('-').map(str::len).collect();
        assert_eq!(groups, [8, 4, 4, 4, 12], "{s}");
        // Every made id, not one sample: a wrong mask shows in some of 64 only.
        for _ in 0..64 {
            let id = new_client_id(&test);
            let uuid = &id.as_str()["m2m-client-test-".len()..];
            assert_eq!(&uuid[14..15], "4", "version 4: {id}");
            assert!("89ab".contains(&uuid[19..20]), "variant: {id}");
        }
        assert!(new_client_id(&live)
            .as_str()
            .starts_with("m2m-client-live-"));
    }
}
