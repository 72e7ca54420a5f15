//! Issue #24.5: a kill at every step of `rotate run`, for every custody. A table of custody
//! {keyring, file, none} × kill point, each cell with the verdict `--resume` must reach.
//!
//! Each kill lands at its boundary by construction, never by timing: the local Stytch holds the
//! request (`Harness::hold`), the deploy or check waits on a fifo the test holds open, or the
//! binary stops at a debug-only pause point (`STYTCH_M2M_TEST_PAUSE`, `inflight::test_pause_point`:
//! it writes a line on stderr and blocks). Then the run and its hook are killed with SIGKILL, and
//! the same command is run again with `--resume` added, as `rotate status` tells. Each cell
//! asserts what only the resume (and the steps it prints) can make true: what Stytch shows, what
//! the deploy target and custody hold, the journal's last word; then that the client's current
//! secret gets a token and that no secret was lost (the shared invariant, `MintLedger`).
//!
//! The table is rendered into docs/testing.md ("Kill table"); a test compares the two.

// Linux only: fifos, process groups, and /proc to see that a killed hook is gone (a zombie, or
// not there at all).
#![cfg(target_os = "linux")]

mod common;

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Custody {
    Keyring,
    File,
    /// No `--keyring`, no `--secret-file`: the run holds the secret in memory until the deploy.
    None,
}

const CUSTODIES: [Custody; 3] = [Custody::Keyring, Custody::File, Custody::None];

impl Custody {
    fn name(self) -> &'static str {
        match self {
            Custody::Keyring => "keyring",
            Custody::File => "file",
            Custody::None => "none",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Point {
    /// `rotate/start` held inside the local Stytch before the change; let go after the kill, so
    /// Stytch mints for a process that is gone.
    StartInFlight,
    /// Stytch's answer read, the secret not yet handed to custody (pause `start-answered`).
    StartAnswered,
    /// The custody write made, not yet read back (pause `keyring-written` / `file-written`).
    DuringStore,
    /// The first `token` request held inside the local Stytch.
    FirstVerify,
    /// The deploy has the secret (the deploy target holds it) and waits on a fifo.
    Deploy,
    /// The check waits on a fifo.
    Check,
    /// The soak began (pause `soak`).
    Soak,
    /// The second `token` request held inside the local Stytch (the first went through).
    SecondVerify,
    /// `rotate` (complete) held inside the local Stytch; let go after the kill, so Stytch
    /// completes for a process that is gone.
    CompleteInFlight,
    /// Stytch's answer to the complete read, not yet journaled (pause `complete-answered`).
    CompleteAnswered,
    /// The complete journaled, custody not yet finished: the keyring entry not promoted, the
    /// custody file not removed (pause `before-promotion`).
    BeforePromotion,
}

impl Point {
    fn name(self) -> &'static str {
        match self {
            Point::StartInFlight => "start in flight",
            Point::StartAnswered => "start answered, not yet stored",
            Point::DuringStore => "during store",
            Point::FirstVerify => "first verify",
            Point::Deploy => "deploy",
            Point::Check => "check",
            Point::Soak => "soak",
            Point::SecondVerify => "second verify",
            Point::CompleteInFlight => "complete in flight",
            Point::CompleteAnswered => "complete answered, not yet journaled",
            Point::BeforePromotion => "before promotion",
        }
    }

    /// The debug-only pause point that stops the run there, if that is how the kill lands.
    fn pause(self, custody: Custody) -> Option<&'static str> {
        match (self, custody) {
            (Point::StartAnswered, _) => Some("start-answered"),
            (Point::DuringStore, Custody::Keyring) => Some("keyring-written"),
            (Point::DuringStore, _) => Some("file-written"),
            (Point::Soak, _) => Some("soak"),
            (Point::CompleteAnswered, _) => Some("complete-answered"),
            (Point::BeforePromotion, _) => Some("before-promotion"),
            _ => None,
        }
    }
}

/// What `rotate run --resume` must do after a kill at a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    /// Custody holds the pending secret: the resume verifies, deploys, checks, completes and
    /// finishes custody (exit 0).
    Finishes,
    /// Stytch already completed: the resume says so and finishes custody (promotes the keyring
    /// entry, removes the custody file), exit 0.
    AlreadyDone,
    /// Nobody holds the pending secret and no deploy began: the resume cancels it (exit 7); the
    /// run it prints, run again, rotates.
    Cancels,
    /// Whose the pending secret is cannot be known: nothing is sent (exit 5); the guarded cancel
    /// it prints discards exactly that one, and the run it prints rotates.
    UnclearCancel,
    /// A deploy began and no custody holds the secret: nothing is sent (exit 5); the resume it
    /// prints, given the deploy target's copy on stdin, completes.
    UnclearFromTarget,
    /// The cell cannot happen, and why.
    Impossible(&'static str),
}

impl Verdict {
    fn describe(self) -> String {
        match self {
            Verdict::Finishes => "continues, completes (0)".into(),
            Verdict::AlreadyDone => "already completed, finishes custody (0)".into(),
            Verdict::Cancels => "cancels the unheld secret (7); the printed run rotates".into(),
            Verdict::UnclearCancel => {
                "nothing sent (5); the printed guarded cancel, then the printed run".into()
            }
            Verdict::UnclearFromTarget => {
                "nothing sent (5); the printed `--next-secret-stdin` resume with the deploy target's copy completes".into()
            }
            Verdict::Impossible(why) => format!("cannot happen: {why}"),
        }
    }
}

use Verdict::*;

const NO_STORE: &str = "without custody the secret is never written anywhere before the deploy \
                        (the store step keeps it in memory), so there is no store to be killed in; \
                        the boundary is `start answered`";

/// The kill table: for each point, the verdict for keyring, file and none.
const TABLE: [(Point, [Verdict; 3]); 11] = [
    (
        Point::StartInFlight,
        [UnclearCancel, UnclearCancel, UnclearCancel],
    ),
    (
        Point::StartAnswered,
        [UnclearCancel, UnclearCancel, UnclearCancel],
    ),
    (
        Point::DuringStore,
        [Finishes, Finishes, Impossible(NO_STORE)],
    ),
    (Point::FirstVerify, [Finishes, Finishes, Cancels]),
    (Point::Deploy, [Finishes, Finishes, UnclearFromTarget]),
    (Point::Check, [Finishes, Finishes, UnclearFromTarget]),
    (Point::Soak, [Finishes, Finishes, UnclearFromTarget]),
    (Point::SecondVerify, [Finishes, Finishes, UnclearFromTarget]),
    (
        Point::CompleteInFlight,
        [AlreadyDone, AlreadyDone, AlreadyDone],
    ),
    (
        Point::CompleteAnswered,
        [AlreadyDone, AlreadyDone, AlreadyDone],
    ),
    (
        Point::BeforePromotion,
        [AlreadyDone, AlreadyDone, AlreadyDone],
    ),
];

/// The deploy writes the secret to the deploy target (`got`); while `hold-deploy` exists it then
/// waits on the fifo, as one process (`exec`), its pid in `hook.pid`.
const DEPLOY: &str = "cat > \"$SCENE/got\"; if [ -e \"$SCENE/hold-deploy\" ]; then \
                      echo $$ > \"$SCENE/hook.pid\"; exec cat \"$SCENE/fifo\"; fi";
/// The check passes once the deploy target holds something; while `hold-check` exists it first
/// waits on the fifo.
const CHECK: &str = "if [ -e \"$SCENE/hold-check\" ]; then echo $$ > \"$SCENE/hook.pid\"; \
                     exec cat \"$SCENE/fifo\"; fi; test -s \"$SCENE/got\"";

/// One cell: a local Stytch, a scratch directory with the fifo, and the ledger of what is minted.
struct Cell {
    custody: Custody,
    point: Point,
    h: Harness,
    dir: PathBuf,
    ledger: MintLedger,
    /// Every command's stdout, for the invariant.
    delivered: Mutex<Delivered>,
}

impl Cell {
    fn new(custody: Custody, point: Point) -> Cell {
        let h = Harness::new();
        let dir = h.path("scene");
        std::fs::create_dir_all(&dir).unwrap();
        let fifo = dir.join("fifo");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success(), "mkfifo {}", fifo.display());
        let ledger = MintLedger::open(&h.mock);
        Cell {
            custody,
            point,
            h,
            dir,
            ledger,
            delivered: Mutex::new(Delivered::default()),
        }
    }

    fn name(&self) -> String {
        format!("{} × {}", self.custody.name(), self.point.name())
    }

    fn at(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// The `rotate run` command of this cell (after `stytch-m2m`).
    fn args(&self) -> Vec<String> {
        let mut args: Vec<String> = [
            "rotate",
            "run",
            "--client-id",
            CLIENT_ID,
            "--yes",
            "--deploy",
            DEPLOY,
            "--check",
            CHECK,
        ]
        .map(str::to_owned)
        .to_vec();
        match self.custody {
            Custody::Keyring => args.push("--keyring".into()),
            Custody::File => {
                args.push("--secret-file".into());
                args.push(self.at("custody").display().to_string());
            }
            Custody::None => {}
        }
        if self.point == Point::Soak {
            args.extend(["--soak".into(), "1".into()]);
        }
        args
    }

    /// The binary with this cell's environment, its stdout delivered.
    fn run(&self, args: &[String], stdin: &str) -> Output {
        let out = self
            .h
            .cmd()
            .env("SCENE", &self.dir)
            .args(args)
            .write_stdin(stdin.to_owned())
            .timeout(Duration::from_secs(60))
            .output()
            .unwrap();
        self.delivered.lock().unwrap().stdout(&args.join(" "), &out);
        out
    }

    /// Starts the run, lets it reach the kill point, and kills it and its hook with SIGKILL.
    fn kill_at_point(&self) {
        let (h, point) = (&self.h, self.point);
        match point {
            Point::StartInFlight => h.hold(Route::RotateStart),
            Point::FirstVerify => h.hold(Route::Token),
            Point::SecondVerify => {
                // The first token request goes through (a fault of no delay), the second is held.
                h.inject(Route::Token, FaultKind::Delay { ms: 0 });
                h.hold(Route::Token);
            }
            Point::CompleteInFlight => h.hold(Route::Rotate),
            Point::Deploy => std::fs::write(self.at("hold-deploy"), "").unwrap(),
            Point::Check => std::fs::write(self.at("hold-check"), "").unwrap(),
            _ => {}
        }
        let mut run = Running::spawn(self, point.pause(self.custody));
        let mut writer = None;
        match point {
            Point::StartInFlight
            | Point::FirstVerify
            | Point::SecondVerify
            | Point::CompleteInFlight => run.until(|| h.mock.state().held_at_barriers() >= 1),
            Point::Deploy | Point::Check => writer = Some(run.until_fifo_read(&self.at("fifo"))),
            _ => {
                let marker = format!("test pause at {}", point.pause(self.custody).unwrap());
                let seen = Arc::clone(&run.stderr);
                run.until(move || seen.lock().unwrap().contains(&marker));
            }
        }
        run.kill(&self.at("hook.pid"));
        drop(writer);
        for file in ["hold-deploy", "hold-check", "hook.pid"] {
            let _ = std::fs::remove_file(self.at(file));
        }
        // A request held inside Stytch goes on now, for a process that is gone.
        h.release();
        match point {
            Point::StartInFlight => h.wait_for(Route::RotateStart),
            Point::CompleteInFlight => h.wait_for(Route::Rotate),
            // A held token request is recorded once it goes on: before the resume, not during.
            Point::FirstVerify => h.wait_for_count(Route::Token, 1),
            Point::SecondVerify => h.wait_for_count(Route::Token, 2),
            _ => {}
        }
    }

    /// What Stytch, the deploy target, custody and the journal show.
    fn seen(&self) -> Seen {
        let record = self.h.record();
        let (custody_next, custody_current) = match self.custody {
            Custody::Keyring => {
                let [current, next] = keyring_users(&self.h.project_id, CLIENT_ID);
                (lookup(&next), lookup(&current))
            }
            Custody::File => (std::fs::read_to_string(self.at("custody")).ok(), None),
            Custody::None => (None, None),
        };
        let journal = self.h.journal();
        let last = journal.last().expect("a journal entry");
        Seen {
            pending: record.next_client_secret,
            current: record.client_secret,
            target: std::fs::read_to_string(self.at("got")).ok(),
            custody_next,
            custody_current,
            last_entry: format!(
                "{} {}{}",
                last["action"].as_str().unwrap_or("?"),
                last["phase"].as_str().unwrap_or("?"),
                last["detail"]
                    .as_str()
                    .map_or(String::new(), |d| format!(" ({d})"))
            ),
        }
    }
}

fn lookup(user: &str) -> Option<String> {
    secret_tool_lookup(user).map(|s| s.trim().to_owned())
}

/// What the cell shows at one moment.
#[derive(Debug, Clone, PartialEq)]
struct Seen {
    /// Stytch's pending (next) secret.
    pending: Option<String>,
    /// Stytch's current secret.
    current: String,
    /// What the deploy target holds.
    target: Option<String>,
    /// The keyring's next entry, or the custody file.
    custody_next: Option<String>,
    /// The keyring's current entry.
    custody_current: Option<String>,
    /// The journal's last entry: action, phase, detail.
    last_entry: String,
}

/// The killed run: its process (a group of its own) and its stderr, read as it comes.
struct Running {
    child: Child,
    stderr: Arc<Mutex<String>>,
}

impl Running {
    fn spawn(cell: &Cell, pause: Option<&str>) -> Running {
        use std::os::unix::process::CommandExt;
        let mut cmd = cell.h.std_cmd();
        cmd.env("SCENE", &cell.dir)
            .args(cell.args())
            .process_group(0)
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        if let Some(point) = pause {
            cmd.env("STYTCH_M2M_TEST_PAUSE", point);
        }
        let mut child = cmd.spawn().unwrap();
        let stderr = Arc::new(Mutex::new(String::new()));
        let (pipe, text) = (child.stderr.take().unwrap(), Arc::clone(&stderr));
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                let mut text = text.lock().unwrap();
                text.push_str(&line);
                text.push('\n');
            }
        });
        Running { child, stderr }
    }

    /// Waits for `reached`; fails (with the run's stderr) if the run ended first or never got there.
    fn until(&mut self, mut reached: impl FnMut() -> bool) {
        let deadline = Instant::now() + EVENT_DEADLINE;
        while !reached() {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "the run ended ({status}) before the kill point:\n{}",
                    self.stderr.lock().unwrap()
                );
            }
            assert!(
                Instant::now() < deadline,
                "the run never reached the kill point:\n{}",
                self.stderr.lock().unwrap()
            );
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// Waits until the hook opened the fifo to read (an open for writing then succeeds) and
    /// returns the write end: held open, the hook blocks until the kill.
    fn until_fifo_read(&mut self, fifo: &std::path::Path) -> std::fs::File {
        use std::os::unix::fs::OpenOptionsExt;
        let mut writer = None;
        self.until(|| {
            writer = std::fs::OpenOptions::new()
                .write(true)
                .custom_flags(libc::O_NONBLOCK)
                .open(fifo)
                .ok();
            writer.is_some()
        });
        writer.unwrap()
    }

    /// SIGKILL to the run's process group and to the hook's (its pid in `hook_pid`, if it was
    /// started), then waits until both are gone: the client's lock, which the hook inherits, is
    /// free again.
    fn kill(mut self, hook_pid: &std::path::Path) {
        let hook = std::fs::read_to_string(hook_pid)
            .ok()
            .and_then(|p| p.trim().parse::<i32>().ok());
        let run = i32::try_from(self.child.id()).unwrap();
        for group in std::iter::once(run).chain(hook) {
            // SAFETY: kill(2) with a negative pid signals that process group; no memory involved.
            unsafe { libc::kill(-group, libc::SIGKILL) };
        }
        self.child.wait().unwrap();
        if let Some(pid) = hook {
            wait_until("the killed hook to be gone", || gone(pid));
        }
    }
}

/// A process that has exited (reaped, or a zombie: its descriptors are closed either way).
fn gone(pid: i32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => true,
        Ok(stat) => stat
            .rsplit_once(')')
            .is_some_and(|(_, rest)| rest.trim_start().starts_with('Z')),
    }
}

/// The text between `before` and the next backtick in `text`.
fn quoted_after<'a>(text: &'a str, before: &str) -> &'a str {
    let (_, rest) = text
        .split_once(before)
        .unwrap_or_else(|| panic!("no `{before}` in:\n{text}"));
    rest.split_once('`').unwrap().0
}

/// The first printed recovery step that `is` (`printed_recovery`), as arguments after the
/// program name.
fn step(err: &str, is: impl Fn(&Step) -> bool) -> Vec<String> {
    printed_recovery(err)
        .into_iter()
        .find(|s| is(s))
        .unwrap_or_else(|| panic!("no such recovery step in:\n{err}"))
        .args
}

/// A printed `stytch-m2m …` command, as arguments after the program name.
fn printed(command: &str) -> Vec<String> {
    let words = shell_words(command);
    assert_eq!(words[0], "stytch-m2m", "{command}");
    words[1..].to_vec()
}

fn code(out: &Output) -> Option<i32> {
    out.status.code()
}

/// The resume after the kill, and what the cell showed around it.
struct Resumed {
    out: Output,
    err: String,
    before: Seen,
    after: Seen,
    /// The requests the resume sent, reads left out.
    sent: Vec<Route>,
    /// The secret the killed run minted, and the client's secret before it.
    p: String,
    seed: String,
    /// What a failed assertion prints.
    ctx: String,
}

/// Kills the run at the cell's point, runs the resume and what it prints, and asserts the verdict.
fn check_cell(cell: &Cell, verdict: Verdict) {
    let name = cell.name();
    cell.kill_at_point();
    let r = resume(cell);
    match verdict {
        Finishes => finishes(cell, &r),
        AlreadyDone => already_done(cell, &r),
        Cancels => cancels(cell, &r),
        UnclearCancel => unclear_cancel(cell, &r),
        UnclearFromTarget => unclear_from_target(cell, &r),
        Impossible(_) => unreachable!("{name}: not run"),
    }
    assert_current_works(cell, &r.ctx);
    let mut delivered = cell.delivered.lock().unwrap();
    let now = cell.seen();
    delivered.add("the deploy target", now.target.unwrap_or_default());
    for (place, value) in [
        ("custody", now.custody_next),
        ("keyring current", now.custody_current),
    ] {
        delivered.add(place, value.unwrap_or_default());
    }
    cell.ledger
        .assert_custody(&cell.h.mock, &name, &delivered, Mints::Must);
    eprintln!("{name}: {} ok", verdict.describe());
}

/// `rotate status` says to resume (where a secret is pending), then the same command is run
/// again with `--resume` added.
fn resume(cell: &Cell) -> Resumed {
    let name = cell.name();
    let minted = cell.ledger.minted_since(&cell.h.mock);
    assert_eq!(minted.len(), 1, "{name}: the killed run minted one secret");
    let before = cell.seen();
    if before.pending.is_some() {
        let status = ["rotate", "status", "--client-id", CLIENT_ID].map(str::to_owned);
        let text = stdout(&cell.run(&status, ""));
        assert!(
            text.contains("a `rotate run` did not finish") && text.contains("--resume added"),
            "{name}: rotate status says to resume:\n{text}"
        );
    }
    let requests = cell.h.requests().len();
    let mut args = cell.args();
    args.push("--resume".into());
    let out = cell.run(&args, "");
    let err = stderr(&out);
    let after = cell.seen();
    let sent = cell.h.requests()[requests..]
        .iter()
        .map(|r| r.route)
        .filter(|r| *r != Route::GetClient)
        .collect();
    let ctx = format!("{name}\nbefore: {before:?}\nafter:  {after:?}\nresume stderr:\n{err}");
    Resumed {
        out,
        err,
        before,
        after,
        sent,
        p: minted[0].secret.clone(),
        seed: cell.h.client.client_secret.clone(),
        ctx,
    }
}

fn finishes(cell: &Cell, r: &Resumed) {
    let (p, ctx) = (&r.p, &r.ctx);
    assert_eq!(code(&r.out), Some(0), "{ctx}");
    assert_eq!(r.before.pending.as_ref(), Some(p), "{ctx}");
    assert_completed(cell, &r.after, p, ctx);
    assert_eq!(r.after.last_entry, "complete ok", "{ctx}");
}

fn already_done(cell: &Cell, r: &Resumed) {
    let (p, ctx) = (&r.p, &r.ctx);
    assert_eq!(code(&r.out), Some(0), "{ctx}");
    assert!(r.err.contains("Nothing to resume"), "{ctx}");
    assert_eq!(r.before.pending, None, "{ctx}");
    assert_eq!(&r.before.current, p, "{ctx}");
    assert!(r.sent.is_empty(), "{ctx}\nsent: {:?}", r.sent);
    // What the resume made true: custody finished (the dead run's copy was still there), and
    // the journal's word.
    if cell.custody != Custody::None {
        assert_eq!(r.before.custody_next.as_ref(), Some(p), "{ctx}");
    }
    assert_ne!(r.before.last_entry, r.after.last_entry, "{ctx}");
    assert_eq!(r.after.last_entry, "resume ok (already completed)", "{ctx}");
    assert_completed(cell, &r.after, p, ctx);
}

fn cancels(cell: &Cell, r: &Resumed) {
    let (p, ctx) = (&r.p, &r.ctx);
    assert_eq!(code(&r.out), Some(7), "{ctx}");
    assert!(
        r.err
            .contains("in memory only and was stopped before its deploy began"),
        "{ctx}: says what happened"
    );
    assert_eq!(r.before.pending.as_ref(), Some(p), "{ctx}");
    assert_eq!(r.after.pending, None, "{ctx}");
    assert_eq!(r.after.current, r.seed, "{ctx}");
    assert_eq!(r.after.last_entry, "cancel ok", "{ctx}");
    assert_eq!(r.sent, [Route::RotateCancel], "{ctx}");
    let again = printed(quoted_after(&r.err, "run it again: `"));
    rotate_again(cell, &again, &r.seed, ctx);
}

fn unclear_cancel(cell: &Cell, r: &Resumed) {
    let (p, ctx) = (&r.p, &r.ctx);
    assert_eq!(code(&r.out), Some(5), "{ctx}");
    assert!(r.err.contains("nothing was sent"), "{ctx}");
    assert!(r.sent.is_empty(), "{ctx}\nsent: {:?}", r.sent);
    assert_eq!(r.before.pending.as_ref(), Some(p), "{ctx}");
    assert_eq!(r.after.pending.as_ref(), Some(p), "{ctx}");
    assert_eq!(r.after.custody_next, None, "{ctx}: nobody here holds it");
    if cell.custody == Custody::File {
        // Only the resume removes the empty file the dead run reserved.
        assert_eq!(r.before.custody_next.as_deref(), Some(""), "{ctx}");
        assert!(!cell.at("custody").exists(), "{ctx}");
    }
    let cancel = step(&r.err, |s| s.verb() == "cancel");
    let done = cell.run(&cancel, "");
    assert_eq!(code(&done), Some(0), "{ctx}\ncancel: {}", stderr(&done));
    assert_eq!(cell.h.pending(), None, "{ctx}");
    assert_eq!(cell.h.record().client_secret, r.seed, "{ctx}");
    let resumes = |s: &Step| s.args.iter().any(|a| a == "--resume");
    let again = step(&r.err, |s| s.verb() == "run" && !resumes(s));
    rotate_again(cell, &again, &r.seed, ctx);
}

fn unclear_from_target(cell: &Cell, r: &Resumed) {
    let (p, ctx) = (&r.p, &r.ctx);
    assert_eq!(code(&r.out), Some(5), "{ctx}");
    assert!(r.err.contains("nothing was sent"), "{ctx}");
    assert!(r.sent.is_empty(), "{ctx}\nsent: {:?}", r.sent);
    assert_eq!(r.after.pending.as_ref(), Some(p), "{ctx}");
    let target = r.after.target.as_ref();
    assert_eq!(target, Some(p), "{ctx}: the deploy target holds it");
    let resume = step(&r.err, |s| s.args.iter().any(|a| a == "--resume"));
    assert!(resume.contains(&"--next-secret-stdin".to_owned()), "{ctx}");
    let done = cell.run(&resume, p);
    assert_eq!(code(&done), Some(0), "{ctx}\nresume: {}", stderr(&done));
    assert_completed(cell, &cell.seen(), p, ctx);
}

/// Completed with `p`: nothing pending, `p` current, the deploy target holds it, and custody is
/// finished (the keyring's current entry is `p` and its next entry gone; the file removed).
fn assert_completed(cell: &Cell, now: &Seen, p: &str, ctx: &str) {
    assert_eq!(now.pending, None, "{ctx}");
    assert_eq!(now.current, p, "{ctx}");
    assert_eq!(now.target.as_deref(), Some(p), "{ctx}");
    match cell.custody {
        Custody::Keyring => {
            assert_eq!(now.custody_current.as_deref(), Some(p), "{ctx}: promoted");
            assert_eq!(now.custody_next, None, "{ctx}: the next entry is gone");
        }
        Custody::File => assert!(!cell.at("custody").exists(), "{ctx}: custody file removed"),
        Custody::None => {}
    }
}

/// The run the tool printed, run as printed: a new rotation that completes.
fn rotate_again(cell: &Cell, again: &[String], seed: &str, ctx: &str) {
    assert!(!again.contains(&"--resume".to_owned()), "{ctx}: {again:?}");
    let out = cell.run(again, "");
    assert_eq!(code(&out), Some(0), "{ctx}\nrun again: {}", stderr(&out));
    let now = cell.seen();
    assert_ne!(now.current, seed, "{ctx}: rotated");
    let current = now.current.clone();
    assert_completed(cell, &now, &current, ctx);
}

/// The client's current secret gets a token.
fn assert_current_works(cell: &Cell, ctx: &str) {
    let current = cell.h.record().client_secret;
    let args = ["secret", "verify", "--client-id", CLIENT_ID, "--from-stdin"].map(str::to_owned);
    let out = cell.run(&args, &format!("{current}\n"));
    assert_eq!(code(&out), Some(0), "{ctx}\nverify: {}", stderr(&out));
}

/// Runs the live cells of one custody column, a few at once, and fails listing every cell that
/// failed.
fn column(custody: Custody) {
    let col = CUSTODIES.iter().position(|c| *c == custody).unwrap();
    let cells: Vec<(Point, Verdict)> = TABLE
        .iter()
        .map(|(point, verdicts)| (*point, verdicts[col]))
        .filter(|(_, v)| !matches!(v, Impossible(_)))
        .collect();
    let next = AtomicUsize::new(0);
    let failed = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..3 {
            scope.spawn(|| {
                while let Some(&(point, verdict)) = cells.get(next.fetch_add(1, Ordering::SeqCst)) {
                    if let Err(why) = run_cell(custody, point, verdict) {
                        failed.lock().unwrap().push(why);
                    }
                }
            });
        }
    });
    let failed = failed.into_inner().unwrap();
    assert!(
        failed.is_empty(),
        "{} cell(s) failed:\n{}",
        failed.len(),
        failed.join("\n\n")
    );
}

#[test]
fn killed_with_keyring_custody_then_resumed() {
    require_session_keyring();
    column(Custody::Keyring);
}

#[test]
fn killed_with_a_custody_file_then_resumed() {
    column(Custody::File);
}

#[test]
fn killed_without_custody_then_resumed() {
    column(Custody::None);
}

/// The keyring cell killed before promotion, resumed without `--keyring`: the journal says
/// where the dead run kept the secret, so a resume typed without the flag still promotes the
/// keyring's next entry.
#[test]
fn a_keyring_run_killed_before_promotion_is_finished_by_a_resume_without_keyring() {
    require_session_keyring();
    let cell = Cell::new(Custody::Keyring, Point::BeforePromotion);
    cell.kill_at_point();
    let p = cell.ledger.minted_since(&cell.h.mock)[0].secret.clone();
    let before = cell.seen();
    assert_eq!(before.custody_next.as_ref(), Some(&p), "not promoted yet");
    let mut args: Vec<String> = cell
        .args()
        .into_iter()
        .filter(|a| a != "--keyring")
        .collect();
    args.push("--resume".into());
    let out = cell.run(&args, "");
    let now = cell.seen();
    let ctx = format!("before: {before:?}\nafter: {now:?}\n{}", stderr(&out));
    assert_eq!(code(&out), Some(0), "{ctx}");
    assert_eq!(now.last_entry, "resume ok (already completed)", "{ctx}");
    assert_completed(&cell, &now, &p, &ctx);
}

/// One cell, its failure as text.
fn run_cell(custody: Custody, point: Point, verdict: Verdict) -> Result<(), String> {
    std::panic::catch_unwind(|| check_cell(&Cell::new(custody, point), verdict)).map_err(|e| {
        let why = e
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| e.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_default();
        format!("{} × {}: {why}", custody.name(), point.name())
    })
}

/// The table as docs/testing.md shows it.
fn rendered() -> String {
    let mut out = String::from("| kill point | keyring | file | none |\n|---|---|---|---|\n");
    for (point, verdicts) in TABLE {
        let cells: Vec<String> = verdicts.iter().map(|v| v.describe()).collect();
        out.push_str(&format!("| {} | {} |\n", point.name(), cells.join(" | ")));
    }
    let all = TABLE.len() * CUSTODIES.len();
    let impossible = TABLE
        .iter()
        .flat_map(|(_, v)| v)
        .filter(|v| matches!(v, Impossible(_)))
        .count();
    out.push_str(&format!(
        "\n{all} cells: {} run, {impossible} cannot happen.\n",
        all - impossible
    ));
    out
}

#[test]
fn the_kill_table_in_the_docs_is_this_one() {
    let docs =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/testing.md")).unwrap();
    let table = rendered();
    assert!(
        docs.contains(&table),
        "docs/testing.md's Kill table differs from tests/kills.rs; it should read:\n{table}"
    );
}

/// The pause points exist in debug builds only: each call names a point of the table, and the
/// function that reads `STYTCH_M2M_TEST_PAUSE` is compiled only with debug assertions, beside a
/// release twin that does nothing.
#[test]
fn pause_points_are_compiled_into_debug_builds_only() {
    let src = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
    let inflight = std::fs::read_to_string(format!("{src}/inflight.rs")).unwrap();
    assert!(
        inflight.contains(
            "#[cfg(debug_assertions)]\npub fn test_pause_point(name: &str) {\n    if std::env::var(\"STYTCH_M2M_TEST_PAUSE\")"
        ),
        "the pause reads its variable only in debug builds"
    );
    assert!(inflight.contains(
        "#[cfg(not(debug_assertions))]\n#[inline(always)]\npub fn test_pause_point(_name: &str) {}"
    ));
    let grep = std::process::Command::new("grep")
        .args([
            "-rhoE",
            "test_pause_point\\(\"[a-z-]+\"\\)|STYTCH_M2M_TEST_PAUSE",
            src,
        ])
        .output()
        .unwrap();
    let mut found: Vec<String> = String::from_utf8(grep.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    found.sort();
    found.dedup();
    let mut named: Vec<String> = TABLE
        .iter()
        .flat_map(|(p, _)| CUSTODIES.map(|c| p.pause(c)))
        .flatten()
        .map(|p| format!("test_pause_point(\"{p}\")"))
        .collect();
    named.push("STYTCH_M2M_TEST_PAUSE".into());
    named.sort();
    named.dedup();
    assert_eq!(
        found, named,
        "every pause point in src/ is one the table uses, and only those"
    );
    let users = std::process::Command::new("grep")
        .args(["-rl", "STYTCH_M2M_TEST_PAUSE", src])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(users.stdout).unwrap().trim(),
        format!("{src}/inflight.rs"),
        "only inflight.rs reads the variable"
    );
}
