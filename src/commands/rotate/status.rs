//! `rotate status`: whether a rotation is pending, the last four of each secret, the next step.

use crate::cli::StatusArgs;
use crate::commands::Session;
use crate::error::Result;
use crate::journal::{self, Entry, LockDir, LockHolder, Phase, StateDir};
use crate::rotation::answer_json;
use crate::sanitize::sanitize;
use crate::shell::quote;
use crate::stytch::models::ClientAnswer;
use crate::stytch::record::{self, Found, State};
use crate::stytch::ClientId;

pub fn run(session: &Session, args: StatusArgs) -> Result<()> {
    crate::rotation::journaled::warn_if_not_private(session.ui);
    match args.client.single() {
        Some(id) if !args.fleet.given() => status_one(session, id),
        _ => super::many::status(session, args),
    }
}

fn status_one(session: &Session, id: &str) -> Result<()> {
    let id = ClientId::parse(id)?;
    let client = session.client()?;
    session.run(client, |mut ctx| async move {
        let answer = ctx
            .interrupts
            .guard(ctx.client.get_client(&id), |e| e)
            .await?;
        super::warn_odd(&ctx, &answer);
        let project = ctx.client.project_id().as_str();
        let next = answer
            .client
            .next_client_secret_last_four
            .as_deref()
            .map(sanitize);
        let seen = next
            .as_deref()
            .and_then(|four| Seen::read(project, id.as_str(), four));
        let on_client = answer
            .raw_client
            .get("trusted_metadata")
            .map_or(Found::Nothing, record::read);
        if ctx.ui.json {
            let mut json = answer_json(&answer, None);
            if let Some(value) = answer
                .raw_client
                .get("trusted_metadata")
                .and_then(|m| m.get(record::KEY))
            {
                json["record"] = value.clone();
            }
            if let Some(run) = seen.as_ref().and_then(|s| s.run.as_ref()) {
                json["unfinished_run"] = run.json();
            }
            return ctx.ui.json_data(&json);
        }
        let now = ctx.client.server_now();
        let mut text = render(&id, &answer, seen.as_ref());
        text.push_str(&record_lines(&on_client, now));
        crate::ui::listing_written(ctx.ui.data(&text))
    })
}

/// What this machine's journal (and the client's lock) show about the pending secret.
struct Seen {
    /// Where `rotate start` put it (`stdout`, `keyring`, `file:PATH`, `memory`).
    dest: Option<String>,
    /// A `rotate run` of it that did not finish.
    run: Option<Unfinished>,
    /// A deploy of it began: a cancel needs `--even-if-deployed`.
    deployed: bool,
}

impl Seen {
    fn read(project: &str, client: &str, four: &str) -> Option<Seen> {
        let dir = StateDir::from_env().ok()?;
        let history = journal::read_history(&dir).ok()?;
        let run = history
            .unfinished_run(project, client, four)
            .and_then(|entries| Unfinished::new(&entries, project, client));
        Some(Seen {
            dest: history.pending_destination(project, client, four),
            run,
            deployed: history.deploy_began(project, client, four),
        })
    }
}

/// A `rotate run` that did not finish: who it was, the last step it journaled, whether it lives.
struct Unfinished {
    run_id: String,
    pid: Option<u32>,
    host: String,
    step: String,
    time: String,
    /// The lock's holder when the client's lock is held now.
    holder: Option<LockHolder>,
}

impl Unfinished {
    fn new(entries: &[&Entry], project: &str, client: &str) -> Option<Unfinished> {
        let last = entries.last()?;
        let phase = match last.phase {
            Phase::Intent => "begun, no result journaled",
            Phase::Ok => "done",
            Phase::Failed => "failed",
            Phase::Unknown => "outcome unknown",
        };
        Some(Unfinished {
            run_id: sanitize(&last.run_id),
            pid: last.pid,
            host: sanitize(&last.host),
            step: format!("{} ({phase})", last.action.as_str()),
            time: sanitize(&last.time),
            holder: LockDir::from_env()
                .ok()
                .and_then(|dir| journal::lock_holder_now(&dir, project, client)),
        })
    }

    /// The holder of the lock is this run itself (same pid, same host).
    fn alive(&self) -> bool {
        self.holder
            .as_ref()
            .is_some_and(|h| Some(h.pid) == self.pid && sanitize(&h.host) == self.host)
    }

    fn who(&self) -> String {
        let pid = self.pid.map_or(String::new(), |p| format!("pid {p} "));
        format!("{pid}on host {} (run {})", self.host, self.run_id)
    }

    fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "run_id": self.run_id,
            "pid": self.pid,
            "host": self.host,
            "last_step": self.step,
            "time": self.time,
            "running": self.alive(),
        })
    }

    /// The `run` and `next step` lines.
    fn lines(&self, qid: &str, next: &str, even: &str) -> String {
        let cancel = format!(
            "stytch-m2m rotate cancel --client-id {qid} --yes --expect-next-last-four {}{even}",
            quote(next)
        );
        let state = if self.alive() {
            "it is still running (it holds the client's lock)".to_owned()
        } else if let Some(other) = &self.holder {
            format!(
                "it is gone; the client's lock is held by {}",
                other.describe()
            )
        } else {
            "it is gone".to_owned()
        };
        let what = if self.alive() {
            "wait for it to finish. If it is stuck, stop it (its pid is above), then run"
        } else {
            "run"
        };
        format!(
            "run          a `rotate run` did not finish: {}, last step {} at {}; {state}\n\
             next step    do not complete it by hand: the consumers may not use the secret\n\
             \x20            ending {next} yet. {what} the same `rotate run` command again with\n\
             \x20            --resume added: it finds out where the run got to and finishes it.\n\
             \x20            or, to discard the secret (whoever was given it loses it):\n\
             \x20              {cancel}\n",
            self.who(),
            self.step,
            self.time
        )
    }
}

/// `dest`: where the journal says `rotate start` put the pending secret (`stdout`, `keyring`,
/// `file:PATH`), which decides how `rotate complete` gets it.
fn render(id: &ClientId, answer: &ClientAnswer, seen: Option<&Seen>) -> String {
    let dest = seen.and_then(|s| s.dest.as_deref());
    let c = &answer.client;
    let qid = quote(id.as_str());
    let name = if c.client_name.is_empty() {
        String::new()
    } else {
        format!(" ({})", sanitize(&c.client_name))
    };
    let mut out = format!("client       {id}{name}\n");
    out.push_str(&format!("status       {}\n", sanitize(&c.status)));
    out.push_str(&format!(
        "secret       …{}\n",
        sanitize(&c.client_secret_last_four)
    ));
    let run = seen.and_then(|s| s.run.as_ref());
    let even = if seen.is_some_and(|s| s.deployed) {
        " --even-if-deployed"
    } else {
        ""
    };
    match (&c.next_client_secret_last_four, run) {
        (Some(next), Some(run)) => {
            let next = sanitize(next);
            out.push_str(&format!(
                "next secret  …{next} (rotation pending: both secrets work)\n"
            ));
            out.push_str(&run.lines(&qid, &next, even));
        }
        (Some(next), None) if dest == Some("memory") => {
            let next = sanitize(next);
            out.push_str(&format!(
                "next secret  …{next} (rotation pending: both secrets work)\n\
                 next step    a `rotate run` holds this secret in memory only: it completes the\n\
                 \x20            rotation itself. If that run is gone, run its command again with\n\
                 \x20            --resume (it finds out where the run got to), or discard it:\n\
                 \x20              stytch-m2m rotate cancel --client-id {qid}{even}\n"
            ));
        }
        (Some(next), None) => {
            let next = sanitize(next);
            let (flag, note) = match dest {
                Some("stdout") => (
                    " --next-secret-stdin",
                    "(give it the secret `rotate start` printed, on stdin)",
                ),
                Some(d) if d == "keyring" || d.starts_with("file:") => {
                    ("", "(it reads the secret where `rotate start` kept it)")
                }
                _ => (
                    "",
                    "(add --next-secret-file PATH or --next-secret-stdin if it is not in the keyring)",
                ),
            };
            out.push_str(&format!(
                "next secret  …{next} (rotation pending: both secrets work)\n\
                 next step    once every consumer uses the secret ending {next}:\n\
                 \x20              stytch-m2m rotate complete --client-id {qid}{flag}\n\
                 \x20            {note}\n\
                 \x20            or, to discard it:\n\
                 \x20              stytch-m2m rotate cancel --client-id {qid}{even}\n"
            ));
        }
        (None, _) => {
            out.push_str("next secret  none (no rotation pending)\n");
            out.push_str(&format!(
                "next step    stytch-m2m rotate start --client-id {qid}\n"
            ));
        }
    }
    out
}

/// What the record on the client says (`--record`): when it was last rotated and by whom, and a
/// rotation in progress with its step and lease.
fn record_lines(found: &Found, now: std::time::SystemTime) -> String {
    let r = match found {
        Found::Nothing => return String::new(),
        Found::Untrusted(why) => {
            return format!(
                "record       not trusted: {} (see --replace-record)\n",
                sanitize(why)
            )
        }
        Found::Trusted(r) => r,
    };
    let mut out = String::new();
    match &r.last_rotated_at {
        Some(at) => out.push_str(&format!(
            "last rotated {} (secret ending {}), by run {} on host {}{}\n",
            sanitize(at),
            sanitize(r.last_secret_last_four.as_deref().unwrap_or("?")),
            sanitize(&r.run_id),
            sanitize(&r.by.host),
            r.by.ci_url
                .as_deref()
                .map_or(String::new(), |u| format!(" ({})", sanitize(u)))
        )),
        None => out.push_str("last rotated unknown (no recorded rotation completed)\n"),
    }
    if r.state == State::Rotating {
        let lease = match &r.lease_until {
            Some(until) if r.leased_at(now) => format!("lease until {}", sanitize(until)),
            Some(_) => "its lease ran out".to_owned(),
            None => "no lease held (its command ended)".to_owned(),
        };
        out.push_str(&format!("rotating     {}; {lease}\n", r.holder()));
    }
    out
}
