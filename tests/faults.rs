//! The fault suite: every failure we can inject, read as a table. Each row names a fault, the
//! command, the exit code and message expected, and then checks the custody invariant
//! (`common::MintLedger`):
//!
//!   every secret the local Stytch minted while the row's commands ran was delivered by them
//!   (stdout, the keyring entry or the file they wrote), or is no longer valid at the local
//!   Stytch (cancelled or superseded).
//!
//! Where a command prints recovery steps (exit 7, a signal, a failed automatic cancel), they are
//! parsed from its stderr and run as printed, and the invariant is checked after them.

mod common;

use std::process::{Output, Stdio};

use common::*;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Dest {
    Stdout,
    Keyring,
    File,
}

/// A local Stytch, a private HOME and, for keyring rows, a private keyring.
struct Env {
    h: Harness,
    keyring: Option<PrivateKeyring>,
}

impl Env {
    fn new(dest: Dest) -> Env {
        Env {
            h: Harness::new(),
            keyring: (dest == Dest::Keyring).then(PrivateKeyring::start),
        }
    }

    fn cmd(&self) -> std::process::Command {
        let mut cmd = self.h.std_cmd();
        if let Some(k) = &self.keyring {
            k.env(&mut cmd);
        }
        cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
        cmd
    }

    fn run(&self, args: &[String]) -> Output {
        self.cmd().args(args).output().unwrap()
    }

    /// Runs the binary with `input` on its stdin (if it does not read it, so be it).
    fn run_with_stdin(&self, args: &[String], input: &str) -> Output {
        use std::io::Write;
        let mut child = self.cmd().args(args).stdin(Stdio::piped()).spawn().unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let _ = stdin.write_all(input.as_bytes());
        drop(stdin);
        child.wait_with_output().unwrap()
    }

    fn start_args(&self, dest: Dest) -> Vec<String> {
        let mut args = strings(&["rotate", "start", "--client-id", CLIENT_ID]);
        match dest {
            Dest::Stdout => {}
            Dest::Keyring => args.push("--keyring".into()),
            Dest::File => {
                args.push("--secret-file".into());
                args.push(self.file().display().to_string());
            }
        }
        args
    }

    fn file(&self) -> std::path::PathBuf {
        self.h.path("next-secret")
    }

    /// Runs the binary with `args` (shell syntax) where no file can grow past 0 bytes, as on a
    /// full disk: RLIMIT_FSIZE 0 makes write(2) fail with EFBIG, and SIGXFSZ is ignored so the
    /// write returns instead of killing the process.
    #[cfg(unix)]
    fn with_no_file_writes(&self, args: &str) -> Output {
        let line = format!("trap '' XFSZ; ulimit -f 0; exec {} {args}", bin().display());
        let mut cmd = std::process::Command::new("sh");
        cmd.args(["-c", &line]).env_clear();
        for (k, v) in self.h.env_pairs() {
            cmd.env(k, v);
        }
        cmd.output().unwrap()
    }

    /// Runs one way through printed recovery steps ([`recovery_paths`]), each exactly as
    /// printed, conditions checked by the local Stytch's state. A step that reads a secret on
    /// stdin (`--next-secret-stdin`) gets the copy the person holds: the secret pending now, if
    /// something delivered holds it (else nothing, and the step fails as it would for them).
    fn recover(&self, row: &str, path: &[Step], delivered: &mut Delivered) -> Vec<Ran> {
        let input = self
            .h
            .pending()
            .filter(|p| delivered.holding(p).is_some())
            .map(|p| format!("{p}\n"))
            .unwrap_or_default();
        let run = |args: &[String]| {
            if args.iter().any(|a| a.ends_with("-stdin")) {
                self.run_with_stdin(args, &input)
            } else {
                self.run(args)
            }
        };
        let mut conditions = Conditions::new(&self.h.mock, CLIENT_ID);
        run_path(row, path, run, delivered, &mut conditions)
    }

    /// Runs the recovery printed in `stderr`: there must be some, with no alternative (a
    /// scenario with alternatives plays each in its own copy: [`each_way`]).
    fn recover_printed(&self, row: &str, stderr: &str, delivered: &mut Delivered) -> Vec<Ran> {
        let ways = recovery_paths(&printed_recovery(stderr));
        assert_eq!(
            ways.len(),
            1,
            "{row}: alternatives: play each with each_way"
        );
        assert!(!ways[0].is_empty(), "{row}: no recovery printed:\n{stderr}");
        self.recover(row, &ways[0], delivered)
    }

    /// The invariant, once the row's commands are done: the file and the keyring entries join
    /// what they delivered; and the client settled. Returns the secrets minted since `ledger`
    /// opened that are still valid (and held).
    fn assert_custody(
        &self,
        row: &str,
        ledger: &MintLedger,
        delivered: &mut Delivered,
        mints: Mints,
    ) -> Vec<String> {
        self.assert_custody_pending(row, ledger, delivered, mints, None)
    }

    /// The same, where a rotation may be left pending, for the reason `why` gives.
    fn assert_custody_pending(
        &self,
        row: &str,
        ledger: &MintLedger,
        delivered: &mut Delivered,
        mints: Mints,
        why: Option<&str>,
    ) -> Vec<String> {
        self.collect_stores(delivered);
        let held = ledger
            .assert_custody(&self.h.mock, row, delivered, mints)
            .into_iter()
            .map(|m| m.secret)
            .collect();
        assert_settled(&self.h.mock, row, why);
        held
    }

    /// What the custody file and the keyring entries hold now.
    fn collect_stores(&self, delivered: &mut Delivered) {
        delivered.file(&self.file());
        if let Some(k) = &self.keyring {
            for user in keyring_users(&self.h.project_id, CLIENT_ID) {
                delivered.keyring_entry(&user, k.lookup(&user));
            }
        }
    }
}

/// One copy of a scenario, played up to the command under test: what a way through its printed
/// recovery starts from.
struct Played {
    env: Env,
    ledger: MintLedger,
    out: Output,
    delivered: Delivered,
}

/// Plays a scenario once per way through the recovery it prints (each alternative in its own
/// copy: `play` sets the scenario up from scratch and runs the command under test), runs that
/// way exactly as printed, then `check` (the invariant, and what the scenario asserts of each
/// way). Returns how many ways there were.
fn each_way(
    name: &str,
    play: impl Fn() -> Played,
    check: impl Fn(&str, &mut Played, &[Ran]),
) -> usize {
    let (mut paths, mut i) = (1, 0);
    while i < paths {
        let mut p = play();
        let printed = printed_recovery(&stderr(&p.out));
        let ways = recovery_paths(&printed);
        let name = format!("{name} (recovery path {i})");
        let ran = p.env.recover(&name, &ways[i], &mut p.delivered);
        check(&name, &mut p, &ran);
        paths = ways.len();
        i += 1;
    }
    paths
}

/// The way a path ended: which alternative ran (`complete`, `cancel`, …), if any.
fn chose(ran: &[Ran]) -> Vec<&str> {
    ran.iter()
        .filter(|r| r.code.is_some())
        .map(|r| r.step.verb())
        .collect()
}

fn strings(args: &[&str]) -> Vec<String> {
    args.iter().map(|s| s.to_string()).collect()
}

/// A row of the table of injected faults.
struct Row {
    fault: &'static str,
    command: &'static str,
    dest: Dest,
    inject: Vec<(Route, FaultKind, u32)>,
    extra: &'static [&'static str],
    code: i32,
    says: &'static str,
    /// Whether the row's commands (with any recovery they print) must mint a secret.
    mints: Mints,
    /// Why the client may be left with a rotation pending at the end of the row (otherwise it
    /// must not be).
    pending_because: Option<&'static str>,
}

impl Row {
    fn new(
        fault: &'static str,
        command: &'static str,
        dest: Dest,
        inject: (Route, FaultKind, u32),
        (code, mints): (i32, Mints),
        says: &'static str,
    ) -> Row {
        Row {
            fault,
            command,
            dest,
            inject: vec![inject],
            extra: &[],
            code,
            says,
            mints,
            pending_because: (command == "start" && code == 0)
                .then_some("the start succeeded: its secret was delivered"),
        }
    }

    fn stays_pending(mut self, why: &'static str) -> Row {
        self.pending_because = Some(why);
        self
    }

    fn with(mut self, extra: &'static [&'static str]) -> Row {
        self.extra = extra;
        self
    }

    fn name(&self) -> String {
        format!("{} / {} / {:?}", self.fault, self.command, self.dest)
    }
}

fn rate(retry_after: Option<u64>) -> FaultKind {
    FaultKind::RateLimit { retry_after }
}

fn status(status: u16, commit: bool) -> FaultKind {
    FaultKind::Status { status, commit }
}

fn html(status: u16, commit: bool) -> FaultKind {
    FaultKind::Html { status, commit }
}

fn dropped(commit: bool) -> FaultKind {
    FaultKind::Drop { commit }
}

const COMMIT: bool = true;
const NO_COMMIT: bool = false;

/// The exit code a row expects, and whether its commands must mint.
fn mints(code: i32) -> (i32, Mints) {
    (code, Mints::Must)
}

fn mints_nothing(code: i32) -> (i32, Mints) {
    (code, Mints::Never)
}

/// The `rotate start` rows, for one destination.
#[rustfmt::skip]
fn start_rows(dest: Dest) -> Vec<Row> {
    use FaultKind as F;
    let r = |fault, kind, times, code, says| {
        Row::new(fault, "start", dest, (Route::RotateStart, kind, times), code, says)
    };
    vec![
        r("429 with Retry-After: 1", rate(Some(1)), 1, mints(0), "Started rotation"),
        r("429 without Retry-After", rate(None), 1, mints(0), "Started rotation"),
        r("429 on every try", rate(None), 3, mints_nothing(6), "rate limiting"),
        r("500 with Stytch's body", status(500, NO_COMMIT), 1, mints_nothing(6), "internal_server_error"),
        r("502 with Stytch's body", status(502, NO_COMMIT), 1, mints_nothing(6), "did not take effect"),
        r("503 with Stytch's body", status(503, NO_COMMIT), 1, mints_nothing(6), "service_unavailable"),
        // An uncertain start is found out. A start with no answer in Stytch's own JSON is
        // watched for a settle window (`--timeout` again): nothing pending is still not certain
        // (7, "most likely"); a pending secret this process never received is cancelled (7).
        r("502 HTML from a gateway", html(502, NO_COMMIT), 1, mints_nothing(7), "most likely it did not take effect")
            .with(&["--timeout", "2"]),
        r("504 HTML after the change", html(504, COMMIT), 1, mints(7), "it was cancelled"),
        r("500 with Stytch's body after the change", status(500, COMMIT), 1, mints(7), "it was cancelled"),
        r("truncated 2xx body", F::Truncate, 1, mints(7), "truncated"),
        r("non-JSON 2xx body", F::NotJson, 1, mints(7), "not valid JSON"),
        r("slow answer past --timeout", F::Delay { ms: 3000 }, 1, mints(7), "timeout")
            .with(&["--timeout", "0.5"]),
        r("connection dropped after the start committed", dropped(COMMIT), 1, mints(7), "it was cancelled"),
        r("connection dropped before the start", dropped(NO_COMMIT), 1, mints_nothing(7), "most likely it did not take effect")
            .with(&["--timeout", "2"]),
        r("huge 2xx body", F::Huge { bytes: 2 << 20 }, 1, mints(7), "larger than"),
    ]
}

/// The rows of the other commands (and of `Retry-After` limits, on stdout only).
#[rustfmt::skip]
fn other_rows() -> Vec<Row> {
    use Route as R;
    let r = |fault, command, route, kind, times, code, says| {
        Row::new(fault, command, Dest::Stdout, (route, kind, times), code, says)
    };
    vec![
        r("429 with Retry-After: 10 (waited for)", "start", R::RotateStart, rate(Some(10)), 1, mints(0), "Started rotation"),
        r("429 with Retry-After: 11 (not waited for)", "start", R::RotateStart, rate(Some(11)), 1, mints_nothing(6), "wait 11 s"),
        r("connection dropped after the start committed, --json", "start", R::RotateStart, dropped(COMMIT), 1, mints(7), "\"error\":\"unreceived_secret_cancelled\"")
            .with(&["--json"]),
        r("503 HTML on a read, every try", "status", R::GetClient, html(503, NO_COMMIT), 3, mints_nothing(6), "GET /v1/m2m/clients/{client_id} at"),
        r("500 on a read, once", "status", R::GetClient, status(500, NO_COMMIT), 1, mints_nothing(0), "no rotation pending"),
        r("connection dropped on a read, once", "status", R::GetClient, dropped(NO_COMMIT), 1, mints_nothing(0), "no rotation pending"),
        r("connection dropped after the complete committed", "complete", R::Rotate, dropped(COMMIT), 1, mints_nothing(7), "the completion went through"),
        r("502 HTML after the complete committed", "complete", R::Rotate, html(502, COMMIT), 1, mints_nothing(7), "the completion went through"),
        // A 5xx can come after the change was made: outcome unknown, with the steps.
        r("500 with Stytch's body on complete", "complete", R::Rotate, status(500, NO_COMMIT), 1, mints_nothing(7), "the completion went through"),
        r("token endpoint down during verification, every try", "complete", R::Token, status(503, NO_COMMIT), 3, mints_nothing(6), "could not be verified")
            .stays_pending("nothing was sent but the verification: the user still holds the pending secret"),
        r("connection dropped after the cancel committed", "cancel", R::RotateCancel, dropped(COMMIT), 1, mints_nothing(7), "the cancellation went through"),
        r("truncated 2xx on cancel", "cancel", R::RotateCancel, FaultKind::Truncate, 1, mints_nothing(7), "the cancellation went through"),
    ]
}

fn table() -> Vec<Row> {
    let mut rows: Vec<Row> = [Dest::Stdout, Dest::Keyring, Dest::File]
        .into_iter()
        .flat_map(start_rows)
        .collect();
    rows.extend(other_rows());
    rows
}

/// One row, once per way through the recovery it prints (each alternative in its own copy of
/// the row: [`recovery_paths`]). Returns how many ways there were (1 with no alternative, or no
/// recovery at all).
fn run_row(r: &Row) -> usize {
    let mut paths = 1;
    let mut shape = None;
    let mut i = 0;
    while i < paths {
        let (n, printed) = play_row(r, i);
        // Each copy of the row prints the same steps (the last four in a command may differ).
        let verbs: Vec<(usize, String)> = printed
            .iter()
            .map(|s| (s.number, s.verb().to_owned()))
            .collect();
        assert_eq!(
            shape.get_or_insert_with(|| verbs.clone()),
            &verbs,
            "{}",
            r.name()
        );
        paths = n;
        i += 1;
    }
    paths
}

/// One copy of a row: setup (complete and cancel rows start from a pending rotation whose
/// secret the user holds), the fault, the command, its exit code and message, way `path` through
/// the recovery it printed (every step that runs must succeed, each condition is checked), and
/// the invariant over every client. Returns how many ways the recovery has, and its steps.
fn play_row(r: &Row, path: usize) -> (usize, Vec<Step>) {
    let name = format!("{} (recovery path {path})", r.name());
    let env = Env::new(r.dest);
    let mut delivered = Delivered::default();
    let mut input = String::new();
    if r.command == "complete" || r.command == "cancel" {
        let secret = env.h.start_rotation();
        delivered.add("setup: the started rotation's secret, on stdout", &secret);
        input = format!("{secret}\n");
    }
    for (route, kind, times) in &r.inject {
        env.h.inject_times(*route, kind.clone(), *times);
    }
    let mut args = match r.command {
        "start" => env.start_args(r.dest),
        "status" => strings(&["rotate", "status", "--client-id", CLIENT_ID]),
        verb => strings(&["rotate", verb, "--client-id", CLIENT_ID, "--yes"]),
    };
    if r.command == "complete" {
        args.push("--next-secret-stdin".into());
    }
    args.extend(strings(r.extra));
    let ledger = MintLedger::open(&env.h.mock);
    let out = if r.command == "complete" {
        env.run_with_stdin(&args, &input)
    } else {
        env.run(&args)
    };
    delivered.stdout(r.command, &out);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(r.code), "{name}: exit code\n{err}");
    let shown = format!("{}{err}", stdout(&out));
    assert!(
        shown.contains(r.says),
        "{name}: expected {:?} in:\n{shown}",
        r.says
    );
    // Recovery steps are printed only where the tool could not settle it itself; where they
    // are, they run as printed and each that runs must succeed.
    let printed = printed_recovery(&err);
    let paths = recovery_paths(&printed);
    env.recover(&name, &paths[path], &mut delivered);
    // A failure, and its recovery, leave the client settled: nothing pending unless the row says
    // why.
    env.assert_custody_pending(&name, &ledger, &mut delivered, r.mints, r.pending_because);
    if r.command != "status" {
        assert_journal_tells_the_truth(&env.h, &name);
    }
    (paths.len(), printed)
}

/// No process of a row died, so every `intent` in the journal has its outcome (`ok`, `failed` or
/// `unknown`) from the same run, and every failure names its exit code and error type. The
/// journal must exist and hold at least one intent: every row's command (but `status`) writes it.
fn assert_journal_tells_the_truth(h: &Harness, row: &str) {
    let entries = h.journal();
    let mut open: std::collections::HashMap<(String, String), i32> = Default::default();
    let mut intents = 0;
    for e in &entries {
        let key = (e["run_id"].to_string(), e["action"].to_string());
        match e["phase"].as_str().unwrap() {
            "intent" => {
                intents += 1;
                *open.entry(key).or_default() += 1
            }
            phase => {
                *open.entry(key).or_default() -= 1;
                if phase != "ok" {
                    assert!(
                        e["exit_code"].is_i64() && e["error_type"].is_string(),
                        "{row}: {e}"
                    );
                }
            }
        }
    }
    assert!(intents > 0, "{row}: a journal with no intent: {entries:?}");
    let dangling: Vec<_> = open.iter().filter(|(_, n)| **n > 0).collect();
    assert!(
        dangling.is_empty(),
        "{row}: intents without an outcome: {dangling:?}\n{entries:?}"
    );
}

/// Rows run on a few threads at once (each has its own local Stytch, HOME and keyring): most of
/// a row's time is spent waiting on a timeout or a backoff, not on a core. What the invariant
/// and the recovery counted in the rows is compared with docs/testing.md's figures, and no
/// secret may be lost, whatever the figures say.
#[test]
fn injected_faults_lose_no_secret() {
    let rows = table();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let failed = std::sync::Mutex::new(Vec::new());
    let done = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..8 {
            s.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(r) = rows.get(i) else { break };
                let mut paths = 0;
                let (result, counts) = counting(|| paths = run_row(r));
                done.lock().unwrap().push((r.mints, paths, counts));
                if result.is_err() {
                    failed.lock().unwrap().push(r.name());
                }
            });
        }
    });
    let failed = failed.into_inner().unwrap();
    let figures = RowFigures::of(&done.into_inner().unwrap());
    eprintln!(
        "{} injected-fault rows, {} failed\n{figures:#?}",
        rows.len(),
        failed.len()
    );
    assert_eq!(
        readme_figure("secrets lost"),
        figures.counted.lost.to_string(),
        "docs/testing.md's figure is not what the rows lost"
    );
    assert_eq!(figures.counted.lost, 0, "secrets lost");
    assert!(
        failed.is_empty(),
        "rows that failed (see above): {failed:#?}"
    );
    assert_eq!(
        figures.counted.checks, figures.paths,
        "the invariant ran once per copy of a row"
    );
    assert_eq!(
        figures.counted.tokens, figures.paths,
        "each copy's client got a token with its current secret"
    );
    assert!(
        figures.held > 0 && figures.must_mint > figures.held,
        "both kinds are exercised: {figures:?}"
    );
    for (what, figure) in figures.table() {
        assert_eq!(readme_figure(what), figure, "docs/testing.md: {what}");
    }
}

/// What the rows of the table did, as docs/testing.md gives it.
#[derive(Debug, Default)]
struct RowFigures {
    /// Rows that must mint (and did: the invariant fails a row that did not).
    must_mint: usize,
    /// Rows where a secret they minted is still valid at the end and held by someone the test
    /// knows: the rows where "held" is what the invariant checks of a minted secret.
    held: usize,
    /// Rows that printed recovery steps.
    recovery: usize,
    /// Copies of the rows played: one per way through the recovery (per alternative).
    paths: usize,
    counted: Counts,
}

impl RowFigures {
    fn of(done: &[(Mints, usize, Counts)]) -> RowFigures {
        let mut f = RowFigures::default();
        for (mints, paths, counts) in done {
            f.must_mint += usize::from(*mints == Mints::Must);
            f.held += usize::from(counts.held_minted > 0);
            f.recovery += usize::from(counts.steps_run + counts.steps_skipped > 0);
            f.paths += paths;
            f.counted += *counts;
        }
        f
    }

    /// (the start of the figure's first cell in docs/testing.md, the figure)
    fn table(&self) -> Vec<(&'static str, String)> {
        let c = &self.counted;
        vec![
            ("rows that must mint", self.must_mint.to_string()),
            ("rows where a minted secret is held", self.held.to_string()),
            ("rows that print recovery", self.recovery.to_string()),
            ("copies of the rows played", self.paths.to_string()),
            ("recovery steps run", c.steps_run.to_string()),
            ("recovery steps not run", c.steps_skipped.to_string()),
            ("minted secrets checked", minted_figure(c)),
        ]
    }
}

/// "N (H held by someone the test knows, the others no longer valid)", as the README gives it.
fn minted_figure(c: &Counts) -> String {
    format!(
        "{} ({} still valid and held, {} no longer valid)",
        c.minted,
        c.held_minted,
        c.minted - c.held_minted
    )
}

/// The invariant is not vacuous: a secret minted and then dropped (stdout thrown away), a
/// setup secret not handed over, and a row that must mint but did not, each fail it.
#[test]
fn the_invariant_fails_where_a_secret_is_lost() {
    let fails = |f: &dyn Fn()| std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).is_err();
    let env = Env::new(Dest::Stdout);
    let ledger = MintLedger::open(&env.h.mock);
    let out = env.run(&env.start_args(Dest::Stdout));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let lost = || {
        env.assert_custody(
            "stdout dropped",
            &ledger,
            &mut Delivered::default(),
            Mints::Must,
        );
    };
    let (result, counts) = counting(lost);
    assert!(result.is_err(), "a pending secret nobody holds is caught");
    assert_eq!(
        (counts.checks, counts.lost),
        (1, 1),
        "and counted as lost (the README's \"secrets lost\")"
    );
    let mut delivered = Delivered::default();
    delivered.stdout("start", &out);
    let why = Some("the test's own start");
    env.assert_custody_pending("held", &ledger, &mut delivered, Mints::Must, why);
    let unsettled = || assert_settled(&env.h.mock, "left pending", None);
    assert!(
        fails(&unsettled),
        "a rotation left pending with no reason is caught"
    );
    let never = || {
        env.assert_custody(
            "declared no mint",
            &ledger,
            &mut Delivered::default(),
            Mints::Never,
        );
    };
    assert!(fails(&never), "a mint where none was declared is caught");
    // Complete it: now the current secret is the minted one, and only stdout holds it.
    let later = MintLedger::open(&env.h.mock);
    env.h
        .cmd()
        .args([
            "rotate",
            "complete",
            "--client-id",
            CLIENT_ID,
            "--yes",
            "--skip-verify",
        ])
        .assert()
        .code(0);
    let unheld_current = || {
        later.assert_custody(
            &env.h.mock,
            "current unheld",
            &Delivered::default(),
            Mints::Never,
        );
    };
    assert!(
        fails(&unheld_current),
        "a current secret nobody holds is caught"
    );
    let must = || {
        later.assert_custody(&env.h.mock, "declared a mint", &delivered, Mints::Must);
    };
    assert!(fails(&must), "a row that must mint and did not is caught");
    later.assert_custody(&env.h.mock, "current held", &delivered, Mints::Never);
    // (a)'s token request tells the working secret from one that is not.
    let current = env.h.record().client_secret;
    assert!(gets_a_token(&env.h.mock, CLIENT_ID, &current));
    assert!(!gets_a_token(&env.h.mock, CLIENT_ID, "secret-test-not-it"));
}

/// The tests of this file that are not a fault scenario.
const NOT_SCENARIOS: [&str; 4] = [
    "the_invariant_fails_where_a_secret_is_lost",
    "injected_faults_lose_no_secret",
    "figures",
    "the_readme_fault_figures_are_these",
];

/// (rows of the table, scenarios: every other test here)
fn fault_figures() -> (usize, usize) {
    let scenarios = listed_tests()
        .iter()
        .filter(|t| !NOT_SCENARIOS.contains(&t.as_str()))
        .count();
    (table().len(), scenarios)
}

/// The README's figures for this file: `cargo test --test faults figures -- --nocapture`.
#[test]
fn figures() {
    let (rows, scenarios) = fault_figures();
    assert!(rows > 0 && scenarios > 0);
    eprintln!("injected-fault rows: {rows}\nfurther faults: {scenarios}");
}

#[test]
fn the_readme_fault_figures_are_these() {
    let (rows, scenarios) = fault_figures();
    assert_eq!(readme_figure("injected-fault rows"), rows.to_string());
    assert_eq!(readme_figure("further faults"), scenarios.to_string());
}

// ---- faults that need more than an injected answer -------------------------------------------

#[test]
fn connection_refused_sends_nothing_and_mints_nothing() {
    let env = Env::new(Dest::Stdout);
    let refused = RefusedPort::new();
    let ledger = MintLedger::open(&env.h.mock);
    let out = env
        .cmd()
        .env("STYTCH_BASE_URL", refused.url())
        .args(env.start_args(Dest::Stdout))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(6));
    assert!(stderr(&out).contains("nothing was sent"));
    env.assert_custody(
        "connection refused",
        &ledger,
        &mut Delivered::default(),
        Mints::Never,
    );
}

#[test]
fn keyring_unavailable_before_minting() {
    let env = Env::new(Dest::Stdout);
    let empty = tempfile::tempdir().unwrap();
    let ledger = MintLedger::open(&env.h.mock);
    let out = env
        .cmd()
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .env("XDG_RUNTIME_DIR", empty.path())
        .args(env.start_args(Dest::Keyring))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(8));
    env.assert_custody(
        "keyring unavailable",
        &ledger,
        &mut Delivered::default(),
        Mints::Never,
    );
}

/// Starts `rotate start --keyring` with the start held inside the local Stytch
/// (`Harness::hold`), and returns once it is held there (pre-flight passed): the secret is
/// minted and answered when the test calls `Harness::release`, not on a clock.
fn start_to_keyring_in_flight(env: &Env, extra: &[&str]) -> std::process::Child {
    env.h.hold(Route::RotateStart);
    let child = env
        .cmd()
        .args(env.start_args(Dest::Keyring))
        .args(extra)
        .spawn()
        .unwrap();
    env.h.wait_held();
    child
}

/// A store that failed once the secret was minted (exit 8, the secret on stdout) prints two
/// ways on: complete with the printed secret, or discard it. Each, run as printed in its own
/// copy of the scenario, leaves the client settled with nothing lost: completed with the secret
/// the start printed, or back to the old one.
fn after_a_failed_store(name: &str, p: &mut Played, ran: &[Ran]) {
    let held = p
        .env
        .assert_custody(name, &p.ledger, &mut p.delivered, Mints::Must);
    match chose(ran)[..] {
        ["complete"] => {
            assert_eq!(held.len(), 1, "{name}: the minted secret is the secret");
            assert_eq!(held[0], p.env.h.record().client_secret, "{name}");
            assert_eq!(
                p.delivered.holding(&held[0]),
                Some("stdout of start"),
                "{name}"
            );
        }
        ["cancel"] => assert!(held.is_empty(), "{name}: discarded"),
        ref other => panic!("{name}: ran {other:?}"),
    }
}

/// The start's output after a failed store: exit 8, the secret on stdout.
fn stored_nowhere(env: Env, ledger: MintLedger, out: Output, says: &str) -> Played {
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(8), "{err}");
    assert!(err.contains("PRINTED BELOW ON STDOUT"), "{err}");
    assert!(err.contains(says), "{err}");
    let mut delivered = Delivered::default();
    delivered.stdout("start", &out);
    Played {
        env,
        ledger,
        out,
        delivered,
    }
}

#[test]
fn keyring_failing_after_minting() {
    let play = || {
        let env = Env::new(Dest::Keyring);
        let ledger = MintLedger::open(&env.h.mock);
        let child = start_to_keyring_in_flight(&env, &["--keyring-timeout", "5"]);
        env.keyring.as_ref().unwrap().lock();
        env.h.release();
        let out = child.wait_with_output().unwrap();
        stored_nowhere(env, ledger, out, "")
    };
    let ways = each_way("keyring locked after minting", play, after_a_failed_store);
    assert_eq!(ways, 2, "complete with it, or discard it");
}

/// The keyring stops answering after pre-flight: the write after minting times out
/// (`--keyring-timeout`), and the secret goes to stdout; a SIGHUP or SIGTERM that arrives while
/// the write hangs changes nothing of that.
#[cfg(unix)]
fn stalled_keyring_write(signal: Option<&str>) {
    let name = format!("keyring write stalled after minting, signal {signal:?}");
    let play = || {
        let env = Env::new(Dest::Keyring);
        let keyring = env.keyring.as_ref().unwrap();
        let calls = keyring.watch_calls();
        let ledger = MintLedger::open(&env.h.mock);
        let child = start_to_keyring_in_flight(&env, &["--keyring-timeout", "2"]);
        keyring.stall();
        env.h.release();
        // The write of the pending entry has reached the (stopped) keyring.
        calls.wait_for(&format!("{}/{CLIENT_ID}/next", env.h.project_id));
        if let Some(signal) = signal {
            send_signal(&child, signal);
        }
        let out = child.wait_with_output().unwrap();
        keyring.resume();
        stored_nowhere(env, ledger, out, "no answer within 2 s")
    };
    assert_eq!(each_way(&name, play, after_a_failed_store), 2, "{name}");
}

#[cfg(unix)]
#[test]
fn a_keyring_write_that_times_out_after_minting() {
    stalled_keyring_write(None);
}

#[cfg(unix)]
#[test]
fn sighup_while_the_keyring_write_hangs() {
    stalled_keyring_write(Some("HUP"));
}

#[cfg(unix)]
#[test]
fn sigterm_while_the_keyring_write_hangs() {
    stalled_keyring_write(Some("TERM"));
}

#[cfg(unix)]
fn send_signal(child: &std::process::Child, signal: &str) {
    let killed = std::process::Command::new("kill")
        .args([format!("-{signal}"), child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
}

/// `rotate complete` went through, and then the keyring stopped answering: the promotion of the
/// entry fails (exit 8) and the secret stays where it was, under `/next`.
#[test]
fn keyring_promotion_failing_after_a_committed_complete() {
    let env = Env::new(Dest::Keyring);
    let keyring = env.keyring.as_ref().unwrap();
    let started = env.run(&env.start_args(Dest::Keyring));
    assert_eq!(started.status.code(), Some(0), "{}", stderr(&started));
    let secret = env.h.pending().unwrap();
    let ledger = MintLedger::open(&env.h.mock);
    env.h.inject(Route::Rotate, FaultKind::Delay { ms: 1000 });
    let child = env
        .cmd()
        .args(["rotate", "complete", "--client-id", CLIENT_ID, "--yes"])
        .args(["--keyring-timeout", "2"])
        .spawn()
        .unwrap();
    env.h.wait_for(Route::Rotate);
    keyring.stall();
    let out = child.wait_with_output().unwrap();
    keyring.resume();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(8), "{err}");
    assert!(err.contains("could not be promoted"), "{err}");
    assert_eq!(
        env.h.record().client_secret,
        secret,
        "the complete went through"
    );
    let get = env.run(&strings(&[
        "secret",
        "get",
        "--client-id",
        CLIENT_ID,
        "--next",
    ]));
    assert_eq!(get.status.code(), Some(0), "{}", stderr(&get));
    assert_eq!(stdout(&get), format!("{secret}\n"));
    env.assert_custody(
        "keyring promotion failing",
        &ledger,
        &mut Delivered::default(),
        Mints::Never,
    );
}

#[cfg(unix)]
#[test]
fn secret_file_write_fails_after_pre_flight() {
    // The file is reserved (empty) in pre-flight; then every write fails, as on a full disk.
    let play = || {
        let env = Env::new(Dest::File);
        let ledger = MintLedger::open(&env.h.mock);
        // --no-journal: the journal could not be written under this limit either (the lock is
        // still taken; its holder line is best effort).
        let out = env.with_no_file_writes(&format!(
            "{} --no-journal",
            env.start_args(Dest::File).join(" ")
        ));
        assert!(!env.file().exists(), "no half-written secret file is left");
        stored_nowhere(env, ledger, out, "could not write")
    };
    assert_eq!(each_way("disk full", play, after_a_failed_store), 2);
}

#[test]
fn secret_file_directory_removed_after_pre_flight() {
    let play = || {
        let env = Env::new(Dest::File);
        let dir = env.h.path("secrets");
        std::fs::create_dir(&dir).unwrap();
        let path = dir.join("next");
        env.h.hold(Route::RotateStart);
        let ledger = MintLedger::open(&env.h.mock);
        let child = env
            .cmd()
            .args(["rotate", "start", "--client-id", CLIENT_ID, "--secret-file"])
            .arg(&path)
            .spawn()
            .unwrap();
        env.h.wait_held();
        std::fs::remove_dir_all(&dir).unwrap();
        env.h.release();
        let out = child.wait_with_output().unwrap();
        stored_nowhere(env, ledger, out, "read back")
    };
    assert_eq!(each_way("directory removed", play, after_a_failed_store), 2);
}

/// A signal while `rotate start` is in flight whose answer does not come within the 5 s grace:
/// the request is abandoned, the settle window finds the rotation it minted (the `Delay` fault
/// commits before it waits) and cancels it (exit 7); no reserved file is left behind.
#[cfg(unix)]
fn signal_during_a_start(signal: &str, dest: Dest) {
    let name = format!("SIG{signal} during start to {dest:?}");
    let env = Env::new(dest);
    env.h
        .inject(Route::RotateStart, FaultKind::Delay { ms: 8000 });
    let ledger = MintLedger::open(&env.h.mock);
    let child = env.cmd().args(env.start_args(dest)).spawn().unwrap();
    env.h.wait_for(Route::RotateStart);
    send_signal(&child, signal);
    let out = child.wait_with_output().unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(7), "{name}: {err}");
    assert!(err.contains("waiting up to 5 s"), "{name}: {err}");
    assert!(
        err.contains("never received") && err.contains("it was cancelled"),
        "{name}: {err}"
    );
    assert!(
        printed_recovery(&err).is_empty(),
        "{name}: nothing left to recover"
    );
    if dest == Dest::File {
        assert!(!env.file().exists(), "{name}: the reserved file is removed");
    }
    let mut delivered = Delivered::default();
    delivered.stdout("start", &out);
    let held = env.assert_custody(&name, &ledger, &mut delivered, Mints::Must);
    assert!(held.is_empty(), "{name}: the minted secret was cancelled");
    assert_eq!(env.h.pending(), None, "{name}");
}

#[cfg(unix)]
#[test]
fn sigint_during_a_start_to_stdout() {
    signal_during_a_start("INT", Dest::Stdout);
}

#[cfg(unix)]
#[test]
fn sigterm_during_a_start_to_stdout() {
    signal_during_a_start("TERM", Dest::Stdout);
}

#[cfg(unix)]
#[test]
fn sighup_during_a_start_to_the_keyring() {
    signal_during_a_start("HUP", Dest::Keyring);
}

#[cfg(unix)]
#[test]
fn sigint_during_a_start_to_a_file() {
    signal_during_a_start("INT", Dest::File);
}

#[cfg(unix)]
#[test]
fn sigterm_during_a_start_to_the_keyring() {
    signal_during_a_start("TERM", Dest::Keyring);
}

#[cfg(unix)]
#[test]
fn a_signal_during_complete() {
    let env = Env::new(Dest::Stdout);
    let mut delivered = Delivered::default();
    delivered.add(
        "setup: the started rotation's secret",
        env.h.start_rotation(),
    );
    env.h.inject(Route::Rotate, FaultKind::Delay { ms: 3000 });
    let ledger = MintLedger::open(&env.h.mock);
    let child = env
        .cmd()
        .args(["rotate", "complete", "--client-id", CLIENT_ID])
        .args(["--yes", "--skip-verify"])
        .spawn()
        .unwrap();
    env.h.wait_for(Route::Rotate);
    send_signal(&child, "INT");
    let out = child.wait_with_output().unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(130));
    assert!(err.contains("may or may not have taken effect"), "{err}");
    env.recover_printed("SIGINT during complete", &err, &mut delivered);
    env.assert_custody(
        "SIGINT during complete",
        &ledger,
        &mut delivered,
        Mints::Never,
    );
    assert_eq!(env.h.pending(), None, "the complete had gone through");
}

#[test]
fn a_wrong_project_secret() {
    let env = Env::new(Dest::Stdout);
    let ledger = MintLedger::open(&env.h.mock);
    let out = env
        .cmd()
        .env("STYTCH_SECRET", "secret-test-wrong")
        .args(env.start_args(Dest::Stdout))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    env.assert_custody(
        "wrong project secret",
        &ledger,
        &mut Delivered::default(),
        Mints::Never,
    );
}

#[test]
fn an_unknown_client() {
    let env = Env::new(Dest::Stdout);
    let ledger = MintLedger::open(&env.h.mock);
    let out = env
        .cmd()
        .args(["rotate", "start", "--client-id", "m2m-client-test-nobody"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    env.assert_custody(
        "unknown client",
        &ledger,
        &mut Delivered::default(),
        Mints::Never,
    );
}

#[test]
fn two_concurrent_starts_on_one_client() {
    let env = Env::new(Dest::Stdout);
    // Both requests are held inside the local Stytch until both have arrived: they overlap.
    env.h
        .inject(Route::RotateStart, FaultKind::Barrier { count: 2 });
    let ledger = MintLedger::open(&env.h.mock);
    // As from two machines: a journal and a lock directory each (`--no-journal` keeps the lock,
    // which on one machine keeps the second out before it sends anything: tests/journal.rs).
    let spawn = |machine: &str| {
        env.cmd()
            .env(
                "STYTCH_M2M_LOCK_DIR",
                env.h.path(&format!("{machine}/locks")),
            )
            .env(
                "STYTCH_M2M_STATE_DIR",
                env.h.path(&format!("{machine}/state")),
            )
            .args(env.start_args(Dest::Stdout))
            .spawn()
            .unwrap()
    };
    let (a, b) = (spawn("machine-a"), spawn("machine-b"));
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    assert_eq!(
        env.h.requests_to(Route::RotateStart),
        2,
        "both reached Stytch"
    );
    let mut codes = [a.status.code().unwrap(), b.status.code().unwrap()];
    codes.sort_unstable();
    assert_eq!(
        codes,
        [0, 5],
        "one wins, the other is told a rotation is in progress"
    );
    let mut delivered = Delivered::default();
    delivered.stdout("start a", &a).stdout("start b", &b);
    let why = Some("the winner's rotation: its secret is on its stdout");
    let held = env.assert_custody_pending(
        "concurrent starts",
        &ledger,
        &mut delivered,
        Mints::Must,
        why,
    );
    assert_eq!(held.len(), 1, "exactly one secret minted, and held");
    let minted: Vec<String> = env
        .h
        .mock
        .state()
        .minted_secrets()
        .into_iter()
        .map(|m| m.secret)
        .collect();
    for machine in ["machine-a", "machine-b"] {
        assert_secret_free(&env.h.path(machine), &minted);
    }
}

/// stderr that cannot be written (closed, or a full disk) must not stop the secret from being
/// delivered: a panic on a failed warning would lose it.
#[test]
fn an_unwritable_stderr_never_costs_the_secret() {
    let env = Env::new(Dest::Stdout);
    let ledger = MintLedger::open(&env.h.mock);
    let out = env
        .h
        .std_cmd()
        .args(env.start_args(Dest::Stdout))
        .stdout(Stdio::piped())
        .stderr(dev_full())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let mut delivered = Delivered::default();
    delivered.stdout("start, stderr full", &out);
    let first = env.h.pending().expect("started");
    assert_eq!(
        delivered.holding(&first),
        Some("stdout of start, stderr full")
    );
    env.h
        .cmd()
        .args(["rotate", "cancel", "--client-id", CLIENT_ID, "--yes"])
        .assert()
        .code(0);

    // The file store fails after minting (RLIMIT_FSIZE 0), and the loud warning cannot be written:
    // the secret still reaches stdout.
    let args = format!(
        "rotate start --client-id {CLIENT_ID} --no-journal --secret-file {} 2>/dev/full",
        env.file().display()
    );
    let out = env.with_no_file_writes(&args);
    assert_eq!(out.status.code(), Some(8));
    delivered.stdout("start to a file, disk and stderr full", &out);
    let why = Some("the second start's secret is on stdout; its recovery could not be printed");
    let held = env.assert_custody_pending(
        "stderr unwritable",
        &ledger,
        &mut delivered,
        Mints::Must,
        why,
    );
    assert_eq!(
        held.len(),
        1,
        "the second secret (the first was cancelled) is valid and held"
    );
    assert_eq!(
        delivered.holding(&held[0]),
        Some("stdout of start to a file, disk and stderr full")
    );
}

/// stdout is a full disk, so `rotate start` cannot deliver and cancels by itself; the cancel is
/// lost too (connection dropped): exit 8 with the recovery steps, which then work as printed.
#[test]
fn undeliverable_and_the_automatic_cancel_dropped() {
    let env = Env::new(Dest::Stdout);
    env.h.inject(Route::RotateCancel, dropped(NO_COMMIT));
    let ledger = MintLedger::open(&env.h.mock);
    let out = env
        .h
        .std_cmd()
        .args(env.start_args(Dest::Stdout))
        .stdout(dev_full())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(8), "{err}");
    assert!(err.contains("cancelling the rotation failed too"), "{err}");
    assert!(
        env.h.pending().is_some(),
        "the secret nobody holds is still valid"
    );
    let mut delivered = Delivered::default();
    env.recover_printed("automatic cancel dropped", &err, &mut delivered);
    let why = Some("the recovery's last step starts again: its secret is on that step's stdout");
    let held = env.assert_custody_pending(
        "automatic cancel dropped",
        &ledger,
        &mut delivered,
        Mints::Must,
        why,
    );
    assert_eq!(
        held.len(),
        1,
        "the recovery's start is held; the first is cancelled"
    );
}

/// A 2xx `rotate/start` answer in chunks, with no length announced, that grows past the body
/// cap: the start took effect, the answer is refused (exit 7), and the recovery works.
#[test]
fn a_chunked_start_answer_over_the_body_cap() {
    let env = Env::new(Dest::Stdout);
    env.h.inject(
        Route::RotateStart,
        FaultKind::Streamed {
            status: 200,
            body: "x".repeat(2 << 20),
            commit: true,
        },
    );
    let ledger = MintLedger::open(&env.h.mock);
    let out = env
        .cmd()
        .args(env.start_args(Dest::Stdout))
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(7), "{err}");
    assert!(err.contains("larger than"), "{err}");
    // The start took effect; the tool found out and cancelled it.
    assert!(err.contains("it was cancelled"), "{err}");
    assert!(printed_recovery(&err).is_empty(), "{err}");
    let mut delivered = Delivered::default();
    let held = env.assert_custody(
        "chunked answer over the cap",
        &ledger,
        &mut delivered,
        Mints::Must,
    );
    assert!(held.is_empty());
    assert_eq!(env.h.pending(), None);
}
