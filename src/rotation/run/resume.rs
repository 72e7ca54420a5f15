//! `rotate run --resume`: after a failed deploy, a dead runner, `kill -9`, a closed laptop.
//! Under the lock, read the journal and the client, then continue, clean up, or say exactly
//! what each shows.

use serde_json::json;

use super::plan::Plan;
use super::report::Report;
use super::{carry_on, steps, Custody, Pending};
use crate::error::{Error, ErrorKind, Result, Step};
use crate::journal::{Action, Entry, History, Phase};
use crate::redacted::Secret;
use crate::rotation::journaled::Facts;
use crate::rotation::Context;
use crate::sanitize::sanitize;
use crate::store::keyring::Keyring;
use crate::store::Slot;

/// Who holds the pending secret, as far as this machine can tell.
enum Holder {
    /// Custody has it, with the pending last four: continue at verification.
    Custody(Pending),
    /// Nobody: the run kept the secret in memory only and died before its deploy began.
    Nobody,
    /// Something else: say what the journal and Stytch show, send nothing.
    Unclear(String),
}

pub(super) async fn resume(ctx: &mut Context<'_>, plan: &Plan, report: &mut Report) -> Result<()> {
    let seen = ctx
        .interrupts
        .guard(ctx.client.get_client(&plan.id), |e| e)
        .await?;
    let current = sanitize(&seen.client.client_secret_last_four);
    report.secret_last_four = Some(current.clone());
    ctx.rec.intent(
        ctx.ui,
        Action::Resume,
        Facts {
            secret_last_four: Some(current.clone()),
            ..Facts::default()
        },
    );
    let Some(four) = seen
        .client
        .next_client_secret_last_four
        .map(|f| sanitize(&f))
    else {
        return nothing_pending(ctx, plan, report, &current).await;
    };
    report.next_secret_last_four = Some(four.clone());
    match holder(ctx, plan, &four).await? {
        Holder::Custody(pending) => {
            report.step(ctx, "resume", "ok", json!({ "from": "verify" }));
            // An unreadable journal cannot show that no deploy began: assume one did.
            let project = ctx.client.project_id().as_str().to_owned();
            let deployed = ctx
                .rec
                .read()
                .is_none_or(|h| h.deploy_began(&project, plan.id.as_str(), &pending.four));
            carry_on(ctx, plan, report, pending, deployed).await
        }
        Holder::Nobody => {
            remove_empty_reservation(plan.secret_file.as_deref());
            let pending = Pending {
                secret: Secret::new(String::new()),
                four: four.clone(),
                custody: Custody::Memory,
            };
            let err = Error::new(
                ErrorKind::UnreceivedSecretCancelled,
                format!(
                    "the run that started the rotation of {} kept its new secret (ending {four}) in memory only and was stopped before its deploy began, so nobody holds it",
                    plan.id
                ),
            )
            .hint(format!("run it again: `{}`", plan.resume_command().replace(" --resume", "")));
            Err(steps::cancel(ctx, plan, report, &pending, err).await)
        }
        Holder::Unclear(why) => Err(unclear(ctx, plan, &seen.raw_client, &four, why)),
    }
}

/// Nothing pending: a run this journal shows completing it is done (its custody finished); many
/// clients start the ones no run here rotated, unless this machine's journal knows none of them.
async fn nothing_pending(
    ctx: &mut Context<'_>,
    plan: &Plan,
    report: &mut Report,
    current: &str,
) -> Result<()> {
    let journal = ctx.rec.read();
    let readable = journal.is_some();
    let history = journal.unwrap_or_default();
    match finished_already(ctx, plan, report, current, &history).await {
        // Many clients: `--resume` finishes the job, so one that no run in this journal
        // rotated starts now. Without a journal to tell, nothing is started.
        Err(e) if plan.fleet && e.kind == ErrorKind::RunUnclear && readable && !plan.journal_blind => {
            super::fresh(ctx, plan, report).await
        }
        Err(e) if plan.fleet && e.kind == ErrorKind::RunUnclear => Err(Error::new(
            ErrorKind::RunUnclear,
            format!(
                "{} has no rotation pending, and this machine's journal knows none of these clients (a new runner?): \
                 an earlier attempt may have rotated it already, so nothing was started",
                plan.id
            ),
        )
        .hint(format!(
            "the clients still pending were resumed; to rotate this one anyway, run `{}`",
            plan.resume_command().replace(" --resume", "")
        ))),
        done => done,
    }
}

/// Nobody here can say who holds the pending secret: what the journal and the record on the
/// client show, and each way on, nothing sent.
fn unclear(
    ctx: &Context<'_>,
    plan: &Plan,
    raw_client: &serde_json::Value,
    four: &str,
    why: String,
) -> Error {
    remove_empty_reservation(plan.secret_file.as_deref());
    let why = match seen_record(raw_client) {
        Some(r) if r.next_secret_last_four.as_deref() == Some(four) => format!(
            "{why}; the record on the client says {} started it (custody: {})",
            r.holder(),
            sanitize(r.custody.as_deref().unwrap_or("unknown"))
        ),
        _ => why,
    };
    let project = ctx.client.project_id().as_str().to_owned();
    let even = if ctx
        .rec
        .history()
        .deploy_began(&project, plan.id.as_str(), four)
    {
        " --even-if-deployed"
    } else {
        ""
    };
    let id = crate::shell::quote(plan.id.as_str());
    Error::new(
        ErrorKind::RunUnclear,
        format!("cannot resume the rotation of {}: Stytch shows a pending secret ending {four}, but {why}; nothing was sent", plan.id),
    )
    .recovery(vec![
        Step::run(format!("stytch-m2m history --client-id {id}")).note("what this machine did"),
        Step::run(format!("{} --next-secret-stdin", plan.resume_command_without_custody()))
            .when("the deploy target holds the secret")
            .note("give it that secret on stdin, or name a command that prints it with --next-secret-from CMD instead"),
        Step::or(format!("stytch-m2m rotate complete --client-id {id} --yes --next-secret-stdin"))
            .when("you hold the secret and every consumer uses it")
            .note("give it on stdin"),
        Step::or(format!(
            "stytch-m2m rotate cancel --client-id {id} --yes --expect-next-last-four {}{even}",
            crate::shell::quote(four)
        ))
        .when("nobody holds the secret")
        .note("discards only that one"),
        Step::run(plan.resume_command().replace(" --resume", ""))
            .when("you discarded it")
            .note("starts again"),
    ])
}

/// The file the dead run reserved for the secret it never received: still empty, so nothing
/// is lost by removing it, and the run can be started again with the same `--secret-file`.
/// Anything else at that path (a file with bytes in it, a directory, a symlink) is not the
/// reservation and stays.
fn remove_empty_reservation(path: Option<&std::path::Path>) {
    let Some(path) = path else {
        return;
    };
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file() && m.len() == 0) {
        let _ = std::fs::remove_file(path);
    }
}

/// Nothing pending: done if this client's last run got as far as completing the secret that
/// is current now.
async fn finished_already(
    ctx: &mut Context<'_>,
    plan: &Plan,
    report: &mut Report,
    current: &str,
    history: &History,
) -> Result<()> {
    let project = ctx.client.project_id().as_str().to_owned();
    if completed(&history.latest_run(&project, plan.id.as_str()), current) {
        let dest = history.pending_destination(&project, plan.id.as_str(), current);
        finish_custody(ctx, plan, report, current, dest.as_deref()).await?;
        ctx.rec.ok(
            ctx.ui,
            Action::Resume,
            Facts {
                secret_last_four: Some(current.to_owned()),
                detail: Some("already completed".into()),
                ..Facts::default()
            },
        );
        report.next_secret_last_four = Some(current.to_owned());
        report.already_done = true;
        report.step(ctx, "resume", "ok", json!({ "from": "completed" }));
        return Ok(());
    }
    Err(Error::new(
        ErrorKind::RunUnclear,
        format!(
            "nothing to resume for {}: Stytch shows no rotation pending (the secret ends {current}), and the journal shows no run that completed it",
            plan.id
        ),
    )
    .hint(format!("start a new rotation: `{}`", plan.resume_command().replace(" --resume", ""))))
}

/// The custody step of a rotation an earlier run completed but did not get to finish (#23.4):
/// the keyring's next entry, if it holds the now-current secret, is promoted; a file that holds
/// it is named.
async fn finish_custody(
    ctx: &mut Context<'_>,
    plan: &Plan,
    report: &mut Report,
    current: &str,
    dest: Option<&str>,
) -> Result<()> {
    if plan.keyring || dest == Some("keyring") {
        let keyring = Keyring::open(ctx.keyring_timeout).await?;
        let next = Slot::Next.user(ctx.client.project_id(), &plan.id);
        if let Some(secret) = keyring.get(&next).await? {
            if secret.last_four() == current {
                let user =
                    crate::rotation::complete::promote(ctx, &plan.id, &keyring, &secret).await?;
                report.step(ctx, "promote", "ok", json!({ "keyring_entry": user }));
            }
        }
    }
    if let Some(path) = dest.and_then(|d| d.strip_prefix("file:")) {
        let path = std::path::Path::new(path);
        let holds_it = std::fs::read_to_string(path)
            .is_ok_and(|text| Secret::from_input(text).last_four() == current);
        // Removed only when a deploy of it began: then the deploy target holds the secret. A
        // rotation completed by hand may have only this copy.
        let project = ctx.client.project_id().as_str().to_owned();
        let deployed = ctx
            .rec
            .history()
            .deploy_began(&project, plan.id.as_str(), current);
        if holds_it && deployed && plan.secret_file.as_deref() == Some(path) {
            steps::custody_file_done(ctx, plan, report, path, current);
        } else if holds_it {
            ctx.ui.info(format!(
                "{} holds the secret that is now live (ending {current})",
                sanitize(&path.display().to_string())
            ));
        }
    }
    Ok(())
}

/// Whether this run completed the secret that is current now.
fn completed(run: &[&Entry], current: &str) -> bool {
    run.iter().any(|e| {
        e.action == Action::Complete
            && e.next_secret_last_four
                .as_ref()
                .is_some_and(|f| f.as_str() == current)
    })
}

/// Who holds the pending secret: custody, if the keyring entry or file the run used still has
/// it; otherwise what this client's latest run in the journal says.
async fn holder(ctx: &mut Context<'_>, plan: &Plan, four: &str) -> Result<Holder> {
    if let Some(secret) = &plan.next_secret {
        if secret.last_four() != four {
            return Err(Error::new(
                ErrorKind::WrongPendingSecret,
                format!(
                    "the secret given on stdin ends in {}, but the pending secret of {} ends in {four}; nothing was sent",
                    sanitize(&secret.last_four()),
                    plan.id
                ),
            )
            .hint("give the new secret the deploy target holds, exactly"));
        }
        return Ok(Holder::Custody(Pending {
            secret: secret.clone(),
            four: four.to_owned(),
            custody: Custody::Memory,
        }));
    }
    let history = ctx.rec.history();
    let project = ctx.client.project_id().clone();
    let dest = history.pending_destination(project.as_str(), plan.id.as_str(), four);
    let from_flags = if plan.keyring {
        Some("keyring".to_owned())
    } else {
        plan.secret_file
            .as_ref()
            .map(|p| format!("file:{}", p.display()))
    };
    if let Some(dest) = dest.clone().or(from_flags) {
        if let Some(pending) = from_custody(ctx, plan, &dest, four).await? {
            return Ok(Holder::Custody(pending));
        }
    }
    let run = history.latest_run(project.as_str(), plan.id.as_str());
    Ok(judge(&run, dest.as_deref()))
}

/// Nobody or unclear, from the latest run's entries and where the journal says the pending
/// secret went (`dest`), once custody was found not to hold it.
fn judge(run: &[&Entry], dest: Option<&str>) -> Holder {
    let started_here = run.iter().any(|e| e.action == Action::Start);
    let stored = run
        .iter()
        .any(|e| e.action == Action::Start && e.phase != Phase::Intent);
    // A deploy that began may have handed the secret on, whether or not it got to say so.
    let deployed = run.iter().any(|e| e.action == Action::Deploy);
    match dest {
        _ if !started_here => {
            Holder::Unclear("this machine's journal has no run that started it".into())
        }
        Some("memory") if deployed => Holder::Unclear(
            "its run kept the secret in memory only and the deploy may have handed it to consumers"
                .into(),
        ),
        Some("memory") => Holder::Nobody,
        Some("stdout") => {
            Holder::Unclear("its secret was printed on stdout by the run that started it".into())
        }
        Some(other) => Holder::Unclear(format!(
            "its secret is no longer where the run stored it ({})",
            sanitize(other)
        )),
        // Killed while its start was in flight: Stytch's answer never reached the journal, so
        // the pending secret may be that start's, or another run's started since (#23.3).
        None if !stored => Holder::Unclear(
            "the run that started a rotation here was stopped before Stytch's answer was recorded, \
             so whether this pending secret is its own or another run's cannot be known"
                .into(),
        ),
        None => Holder::Unclear("the journal does not say where its secret went".into()),
    }
}

/// The pending secret from the keyring entry or file a run stored it in, if it is there and
/// has the pending last four.
async fn from_custody(
    ctx: &Context<'_>,
    plan: &Plan,
    dest: &str,
    four: &str,
) -> Result<Option<Pending>> {
    let (secret, custody) = if dest == "keyring" {
        ctx.client.keyring_secrets_allowed()?;
        let keyring = Keyring::open(ctx.keyring_timeout).await?;
        let user = Slot::Next.user(ctx.client.project_id(), &plan.id);
        match keyring.get(&user).await? {
            Some(secret) => (secret, Custody::Keyring(keyring)),
            None => return Ok(None),
        }
    } else if let Some(path) = dest.strip_prefix("file:") {
        match std::fs::read_to_string(path) {
            Ok(text) => (Secret::from_input(text), Custody::File(path.into())),
            Err(_) => return Ok(None),
        }
    } else {
        return Ok(None);
    };
    if secret.last_four() != four {
        return Ok(None);
    }
    Ok(Some(Pending {
        secret,
        four: four.to_owned(),
        custody,
    }))
}

/// The record on the client (`--record`), when there is one this version trusts.
fn seen_record(raw_client: &serde_json::Value) -> Option<crate::stytch::record::Record> {
    match crate::stytch::record::read(raw_client.get("trusted_metadata")?) {
        crate::stytch::record::Found::Trusted(r) => Some(*r),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::{sample, LastFour};

    fn entry(action: Action, phase: Phase, next: Option<&str>) -> Entry {
        let mut e = sample("p", "c", "run-1", action, phase);
        e.next_secret_last_four = next.map(LastFour::new);
        e
    }

    /// Only an empty regular file is a reservation: a file with the secret (or anything) in it
    /// is never deleted, nor a directory or a symlink at the reserved path.
    #[test]
    fn only_an_empty_reservation_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        let empty = dir.path().join("empty");
        std::fs::write(&empty, "").unwrap();
        remove_empty_reservation(Some(&empty));
        assert!(!empty.exists(), "the empty reservation is removed");
        let held = dir.path().join("held");
        std::fs::write(&held, "secret-live-held\n").unwrap();
        remove_empty_reservation(Some(&held));
        assert_eq!(
            std::fs::read_to_string(&held).unwrap(),
            "secret-live-held\n",
            "a file with a secret in it stays as it was"
        );
        let sub = dir.path().join("dir");
        std::fs::create_dir(&sub).unwrap();
        remove_empty_reservation(Some(&sub));
        assert!(sub.is_dir(), "a directory stays");
        #[cfg(unix)]
        {
            let empty_target = dir.path().join("empty-target");
            std::fs::write(&empty_target, "").unwrap();
            let link = dir.path().join("link");
            std::os::unix::fs::symlink(&empty_target, &link).unwrap();
            remove_empty_reservation(Some(&link));
            assert!(link.symlink_metadata().is_ok(), "a symlink stays");
            assert!(empty_target.exists(), "and so does what it points to");
        }
        remove_empty_reservation(None);
        remove_empty_reservation(Some(&dir.path().join("absent")));
    }

    fn judged(entries: &[Entry], dest: Option<&str>) -> String {
        match judge(&entries.iter().collect::<Vec<_>>(), dest) {
            Holder::Nobody => "nobody".into(),
            Holder::Unclear(why) => why,
            Holder::Custody(_) => unreachable!("judge never finds custody"),
        }
    }

    #[test]
    fn a_run_that_died_before_its_secret_was_anywhere_is_nobody_else_it_is_unclear() {
        use Action::*;
        use Phase::{Failed, Intent, Ok};
        let started = [entry(Start, Intent, None)];
        assert!(
            judged(&started, None).contains("own or another run's"),
            "killed while the start was in flight: whose it is cannot be known"
        );
        let stored = [entry(Start, Intent, None), entry(Start, Ok, Some("wxyz"))];
        assert_eq!(
            judged(&stored, Some("memory")),
            "nobody",
            "in memory, never deployed"
        );
        let deploying = [&stored[..], &[entry(Deploy, Intent, None)]].concat();
        assert!(judged(&deploying, Some("memory")).contains("deploy may have handed it"));
        let deployed = [&stored[..], &[entry(Deploy, Failed, None)]].concat();
        assert!(judged(&deployed, Some("memory")).contains("deploy may have handed it"));
        let failed = [entry(Start, Intent, None), entry(Start, Failed, None)];
        assert!(
            judged(&failed, None).contains("does not say where"),
            "a failed start may have printed it"
        );
        assert!(judged(&stored, Some("stdout")).contains("printed on stdout"));
        assert!(judged(&stored, Some("file:/gone"))
            .contains("no longer where the run stored it (file:/gone)"));
        for other in [
            vec![],
            vec![
                entry(Cancel, Ok, Some("wxyz")),
                entry(Complete, Failed, None),
            ],
        ] {
            assert!(
                judged(&other, None).contains("no run that started it"),
                "{other:?}"
            );
        }
    }

    #[test]
    fn only_a_complete_of_the_current_secret_counts_as_finished() {
        let run = [
            entry(Action::Start, Phase::Ok, Some("wxyz")),
            entry(Action::Verify, Phase::Ok, Some("wxyz")),
        ];
        let refs: Vec<&Entry> = run.iter().collect();
        assert!(
            !completed(&refs, "wxyz"),
            "started and verified, never completed"
        );
        let done = [
            &run[..],
            &[entry(Action::Complete, Phase::Ok, Some("wxyz"))],
        ]
        .concat();
        let refs: Vec<&Entry> = done.iter().collect();
        assert!(completed(&refs, "wxyz"));
        assert!(!completed(&refs, "abcd"), "another secret is current now");
    }
}
