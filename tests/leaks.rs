//! Leaks: every command and fault runs with known secret values, and none of them may appear
//! where it does not belong: stderr, `--json` output of other commands, panic text, argv.

mod common;

use std::process::Stdio;

use common::*;

/// A project secret that is wrong, and must not be echoed either.
const WRONG_SECRET: &str = "secret-test-WRONGvalueQ7x3Zp9";
const WRONG_PENDING: &str = "pending-WRONGvalueK2m8Rt4";

struct Case {
    name: String,
    args: Vec<String>,
    env: Vec<(String, String)>,
    stdin: Option<String>,
    fault: Option<(Route, FaultKind)>,
    /// The command may print the pending secret on stdout (start to stdout, secret get --next).
    may_print_next: bool,
}

fn case(name: &str, args: &[&str]) -> Case {
    Case {
        name: name.into(),
        args: args.iter().map(|s| s.to_string()).collect(),
        env: Vec::new(),
        stdin: None,
        fault: None,
        may_print_next: false,
    }
}

/// Every command and fault, in an order where each runs the path it names (see the exit codes
/// expected below).
fn leak_cases(file: &str) -> Vec<Case> {
    let id = CLIENT_ID;
    let file_s = file;
    let mut cases = vec![
        case("help", &["--help"]),
        case("version", &["--version"]),
        case("completions", &["completions", "bash"]),
        case("status", &["rotate", "status", "--client-id", id]),
        case(
            "status --json",
            &["rotate", "status", "--client-id", id, "--json"],
        ),
        case("doctor", &["doctor", "--client-id", id]),
        case("doctor --json", &["doctor", "--json"]),
        Case {
            may_print_next: true,
            ..case("start to stdout", &["rotate", "start", "--client-id", id])
        },
        case(
            "status while pending",
            &["rotate", "status", "--client-id", id, "--json"],
        ),
        case(
            "start again (conflict)",
            &["rotate", "start", "--client-id", id, "--json"],
        ),
        case(
            "cancel",
            &["rotate", "cancel", "--client-id", id, "--yes", "--json"],
        ),
        case(
            "start --keyring",
            &["rotate", "start", "--client-id", id, "--keyring"],
        ),
        case(
            "cancel the keyring rotation",
            &["rotate", "cancel", "--client-id", id, "--yes"],
        ),
        case(
            "start --keyring --json",
            &["rotate", "start", "--client-id", id, "--keyring", "--json"],
        ),
        Case {
            may_print_next: true,
            ..case(
                "secret get --next",
                &["secret", "get", "--client-id", id, "--next"],
            )
        },
        Case {
            stdin: Some(format!("{WRONG_PENDING}\n")),
            ..case(
                "complete with a wrong pending secret",
                &[
                    "rotate",
                    "complete",
                    "--client-id",
                    id,
                    "--yes",
                    "--next-secret-stdin",
                ],
            )
        },
        case(
            "complete from the keyring",
            &["rotate", "complete", "--client-id", id, "--yes", "--json"],
        ),
        case(
            "secret delete",
            &["secret", "delete", "--client-id", id, "--yes"],
        ),
        case(
            "start --secret-file",
            &[
                "rotate",
                "start",
                "--client-id",
                id,
                "--secret-file",
                file_s,
                "--json",
            ],
        ),
        case(
            "cancel again",
            &["rotate", "cancel", "--client-id", id, "--yes"],
        ),
        Case {
            env: vec![("STYTCH_SECRET".into(), WRONG_SECRET.into())],
            ..case(
                "wrong project secret",
                &["rotate", "start", "--client-id", id],
            )
        },
        Case {
            env: vec![("STYTCH_SECRET".into(), WRONG_SECRET.into())],
            ..case("wrong project secret --json", &["doctor", "--json"])
        },
        Case {
            env: vec![(
                "STYTCH_BASE_URL".into(),
                format!("https://user:{PROJECT_SECRET}@example.com"),
            )],
            ..case(
                "secret in the base URL",
                &["rotate", "status", "--client-id", id],
            )
        },
        case(
            "not found",
            &[
                "rotate",
                "start",
                "--client-id",
                "m2m-client-test-none",
                "--json",
            ],
        ),
    ];
    for (name, fault, may_print_next) in [
        (
            "500",
            FaultKind::Status {
                status: 500,
                commit: false,
            },
            false,
        ),
        (
            "html 502 after commit",
            FaultKind::Html {
                status: 502,
                commit: true,
            },
            false,
        ),
        ("drop after commit", FaultKind::Drop { commit: true }, false),
        ("truncated", FaultKind::Truncate, false),
        ("not json", FaultKind::NotJson, false),
        (
            "rate limited",
            FaultKind::RateLimit {
                retry_after: Some(0),
            },
            true,
        ),
    ] {
        cases.push(Case {
            fault: Some((Route::RotateStart, fault)),
            may_print_next,
            ..case(
                &format!("start, {name}"),
                &["rotate", "start", "--client-id", id],
            )
        });
        // Leave no rotation pending for the next case.
        cases.push(case(
            &format!("cleanup after {name}"),
            &["rotate", "cancel", "--client-id", id, "--yes"],
        ));
    }
    cases
}

#[test]
fn no_secret_appears_where_it_does_not_belong() {
    let h = Harness::new();
    let keyring = PrivateKeyring::start();
    let file = h.path("f");
    let cases = leak_cases(&file.display().to_string());
    let mut codes = Vec::new();
    let mut leaks = Vec::new();
    for c in &cases {
        if let Some((route, kind)) = &c.fault {
            h.inject(*route, kind.clone());
        }
        let mut cmd = h.std_cmd();
        keyring.env(&mut cmd);
        for (k, v) in &c.env {
            cmd.env(k, v);
        }
        cmd.args(&c.args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let out = if let Some(input) = &c.stdin {
            let mut child = cmd.stdin(Stdio::piped()).spawn().unwrap();
            use std::io::Write;
            child
                .stdin
                .take()
                .unwrap()
                .write_all(input.as_bytes())
                .unwrap();
            child.wait_with_output().unwrap()
        } else {
            cmd.output().unwrap()
        };
        let (o, e) = (stdout(&out), stderr(&out));
        codes.push(out.status.code().unwrap_or(-1));
        let never = vec![
            PROJECT_SECRET.to_owned(),
            WRONG_SECRET.to_owned(),
            WRONG_PENDING.to_owned(),
            h.client.client_secret.clone(),
        ];
        let minted: Vec<String> = h
            .mock
            .state()
            .minted()
            .into_iter()
            .map(|(_, s)| s)
            .collect();
        for secret in &never {
            for (place, text) in [("stdout", &o), ("stderr", &e)] {
                if text.contains(secret.as_str()) {
                    leaks.push(format!("{}: a secret reached {place}:\n{text}", c.name));
                }
            }
        }
        for secret in &minted {
            let places: &[(&str, &String)] = if c.may_print_next {
                &[("stderr", &e)]
            } else {
                &[("stdout", &o), ("stderr", &e)]
            };
            for (place, text) in places {
                if text.contains(secret.as_str()) {
                    leaks.push(format!(
                        "{}: a minted secret reached {place}:\n{text}",
                        c.name
                    ));
                }
            }
        }
    }
    // Each case really ran the path it names.
    let expected = [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 9, 0, 0, 0, 0, 3, 3, 2, 4, // commands
        // faults, each followed by a cleanup; a start whose outcome was unknown has already
        // cancelled the secret it never received, so its cleanup finds nothing pending (5)
        6, 5, 7, 5, 7, 5, 7, 5, 7, 5, 0, 0,
    ];
    assert_eq!(codes, expected);
    eprintln!(
        "{} commands and faults checked for leaks: {} leaks",
        cases.len(),
        leaks.len()
    );
    // The README's figure is what was counted; and whatever it says, there is no leak.
    assert_eq!(
        readme_figure("leaks"),
        leaks.len().to_string(),
        "{leaks:#?}"
    );
    assert!(leaks.is_empty(), "{leaks:#?}");
}

/// No option takes a secret as its value, so no secret can be asked for in argv (where `ps` and
/// shell history see it): every option with a value, in every subcommand, takes an id, a URL, a
/// path, a number of seconds or one of a fixed set of words.
#[test]
fn no_option_takes_a_secret_as_its_value() {
    /// Ids, URLs, paths, numbers, names (a profile, an environment variable, a client), a
    /// command to run (`rotate run --deploy`), a secret's last four, and a new client's
    /// description (`clients create --description`, shown to anyone with the project): none of
    /// them is a secret.
    const VALUE_KINDS: &[&str] = &[
        "ID", "URL", "PATH", "SECONDS", "N", "NAME", "SCOPE", "DIR", "CMD", "XXXX", "WHAT", "AGE",
        "TEXT",
    ];
    use clap::CommandFactory;
    fn walk(cmd: &clap::Command, path: &str, seen: &mut Vec<String>) {
        for arg in cmd.get_arguments() {
            let takes_value = arg.get_num_args().is_some_and(|n| n.takes_values());
            if !takes_value {
                continue;
            }
            let name = format!("{path} {}", arg.get_id());
            let fixed_words = !arg.get_possible_values().is_empty();
            let kinds = arg.get_value_names().unwrap_or_default();
            assert!(
                fixed_words
                    || (!kinds.is_empty()
                        && kinds.iter().all(|k| VALUE_KINDS.contains(&k.as_str()))),
                "{name} takes a free-form value ({kinds:?}): could it be a secret?"
            );
            assert!(
                // a path to a secret, a secret's last four, the name of a variable to put it
                // in, or a command that prints it (`--next-secret-from`)
                !arg.get_id().as_str().contains("secret")
                    || kinds
                        .iter()
                        .all(|k| ["PATH", "DIR", "XXXX", "NAME", "CMD"].contains(&k.as_str())),
                "{name} names a secret and takes a value"
            );
            seen.push(name);
        }
        for sub in cmd.get_subcommands() {
            walk(sub, &format!("{path} {}", sub.get_name()), seen);
        }
    }
    let mut cli = stytch_m2m::cli::Cli::command();
    cli.build();
    let mut seen = Vec::new();
    walk(&cli, "stytch-m2m", &mut seen);
    // The walk reached the options it is about.
    for expected in ["client_id", "base_url", "secret_file", "shell"] {
        assert!(
            seen.iter().any(|s| s.ends_with(&format!(" {expected}"))),
            "{expected} not found in {seen:?}"
        );
    }
}

/// The panic hook prints where, never what: run in a child process that panics with a secret.
#[test]
fn panic_text_never_shows_the_payload() {
    if std::env::var_os("STYTCH_M2M_PANIC_CHILD").is_some() {
        stytch_m2m::app::install_panic_hook();
        let secret = stytch_m2m::redacted::Secret::new(PROJECT_SECRET.into());
        panic!("boom with {} and {secret:?}", secret.expose());
    }
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "panic_text_never_shows_the_payload",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("STYTCH_M2M_PANIC_CHILD", "1")
        .env("RUST_BACKTRACE", "1")
        .output()
        .unwrap();
    let all = format!("{}{}", stdout(&out), stderr(&out));
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(
        all.contains("internal error: stytch-m2m crashed at"),
        "{all}"
    );
    assert!(!all.contains(PROJECT_SECRET), "{all}");
    assert!(!all.contains("boom"), "{all}");
}

/// The tests of this file that are not one of the "+ N" leak checks.
const NOT_EXTRA_CHECKS: [&str; 3] = [
    "no_secret_appears_where_it_does_not_belong",
    "figures",
    "the_readme_leak_figure_is_this",
];

/// "cases + further checks", as the README gives it.
fn leak_figure() -> String {
    let extra = listed_tests()
        .iter()
        .filter(|t| !NOT_EXTRA_CHECKS.contains(&t.as_str()))
        .count();
    format!("{} + {extra}", leak_cases("f").len())
}

/// The README's figure for this file: `cargo test --test leaks figures -- --nocapture`.
#[test]
fn figures() {
    eprintln!("commands and faults checked for leaks: {}", leak_figure());
}

#[test]
fn the_readme_leak_figure_is_this() {
    assert_eq!(
        readme_figure("commands and faults checked for leaks"),
        leak_figure()
    );
}
