//! Issue #25 (nothing leaks, hostile input stays bounded) and items 5 and 9 of issue #23 (the
//! deploy cannot outlive its lock; locks that the state dir cannot move): one regression test
//! per item, each failing before its fix.

mod common;

use common::*;
use stytch_m2m_mock::{FaultKind, Route};

const ESC: char = '\u{1b}';

fn body(status: u16, body: String) -> FaultKind {
    FaultKind::Body {
        status,
        content_type: "application/json".into(),
        body,
        commit: false,
    }
}

/// Item 6: a minted secret ending in a control sequence is delivered as it is, but what it
/// ends in is never printed: `????` and a warning instead. The same for every field of the
/// answer (last fours, name, status, scopes, request id).
#[test]
fn odd_last_fours_and_control_characters_from_stytch_never_reach_the_terminal() {
    let h = Harness::new();
    let evil = "\\u001b[2J\\u001b]0;pwned\\u0007";
    let secret_json = "REAL-SECRET-abcdefghijklmnopqrstuvwxyz\\u001b[8m";
    let answer = format!(
        r#"{{"status_code":200,"request_id":"r{evil}","m2m_client":{{"client_id":"{CLIENT_ID}",
        "client_name":"n{evil}","scopes":["s{evil}"],"status":"active{evil}",
        "client_secret_last_four":"\u001b[8m","next_client_secret_last_four":"\u001b[2J",
        "next_client_secret":"{secret_json}"}}}}"#
    );
    h.inject(Route::RotateStart, body(200, answer.clone()));
    let out = h
        .cmd()
        .args(["rotate", "start", "--client-id", CLIENT_ID])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out).trim_end_matches('\n'),
        "REAL-SECRET-abcdefghijklmnopqrstuvwxyz\u{1b}[8m",
        "the secret itself is delivered whole"
    );
    let err = stderr(&out);
    assert!(!err.contains(ESC) && !err.contains('\u{7}'), "{err:?}");
    assert!(err.contains("????"), "{err}");
    assert!(
        err.contains("new secret does not end in four characters of A-Z a-z 0-9 _ -"),
        "{err}"
    );
    let client = answer.split_once("\"m2m_client\":").unwrap().1;
    let client = client.strip_suffix('}').unwrap();
    let page = format!(
        r#"{{"request_id":"r{evil}","m2m_clients":[{client}],"results_metadata":{{"total":1,"next_cursor":null}}}}"#
    );
    let reads: [(&[&str], Route, &String); 3] = [
        (
            &["rotate", "status", "--client-id", CLIENT_ID],
            Route::GetClient,
            &answer,
        ),
        (&["clients", "list"], Route::SearchClients, &page),
        (&["rotate", "status", "--all"], Route::SearchClients, &page),
    ];
    for (command, route, text) in reads {
        h.inject(route, body(200, text.clone()));
        if route != Route::GetClient {
            h.inject(Route::GetClient, body(200, answer.clone()));
        }
        let out = h.cmd().args(command).output().unwrap();
        let (o, e) = (stdout(&out), stderr(&out));
        assert!(
            !o.contains(ESC) && !e.contains(ESC),
            "{command:?}: {o:?} {e:?}"
        );
        assert!(!o.contains('\u{7}') && !e.contains('\u{7}'), "{command:?}");
        assert!(
            o.contains("????") || e.contains("????"),
            "{command:?}: {o} {e}"
        );
    }
}

/// Runs `cmd` to its end and returns its output and its own peak RSS in KiB (`wait4` gives the
/// resource use of that one child, not of every test's children).
#[cfg(target_os = "linux")]
#[allow(clippy::zombie_processes)] // reaped by wait4 below, which std does not know of
fn run_measured(mut cmd: std::process::Command) -> (std::process::Output, i64) {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (mut out, mut err) = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
    let reader = std::thread::spawn(move || {
        let mut text = Vec::new();
        err.read_to_end(&mut text).unwrap();
        text
    });
    let mut stdout = Vec::new();
    out.read_to_end(&mut stdout).unwrap();
    let stderr = reader.join().unwrap();
    let pid = child.id() as i32;
    let mut status = 0;
    // SAFETY: a zeroed rusage is a valid value; wait4 writes both out-parameters.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid);
    let status = std::os::unix::process::ExitStatusExt::from_raw(status);
    let output = std::process::Output {
        status,
        stdout,
        stderr,
    };
    (output, usage.ru_maxrss)
}

/// A search page of `count` clients whose names are `name_len` bytes, with `cursor` next.
fn page(count: usize, name_len: usize, cursor: &str) -> String {
    let name = "n".repeat(name_len);
    let clients: Vec<String> = (0..count)
        .map(|i| format!(r#"{{"client_id":"c-{i}","client_name":"{name}","status":"active","client_secret_last_four":"abcd"}}"#))
        .collect();
    format!(
        r#"{{"request_id":"r","m2m_clients":[{}],"results_metadata":{{"total":-1,"next_cursor":"{cursor}"}}}}"#,
        clients.join(",")
    )
}

/// Item 3: a server that answers ~0.95 MB pages with a new cursor each time is stopped at the
/// selection's cap (exit 6, naming it), with a bounded peak RSS; so is one that sends more
/// clients than the cap, and a cursor that comes back twice.
#[cfg(target_os = "linux")]
#[test]
fn a_search_that_never_ends_is_stopped_at_a_cap_with_bounded_memory() {
    let h = Harness::new();
    for n in 0..80 {
        h.inject(
            Route::SearchClients,
            body(200, page(1000, 900, &format!("cur-{n}"))),
        );
    }
    let mut cmd = h.std_cmd();
    cmd.args(["rotate", "status", "--all"]);
    let (out, peak_kib) = run_measured(cmd);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(6), "{err}");
    assert!(
        err.contains("unexpected_answer") || err.contains("64 MiB"),
        "{err}"
    );
    assert!(err.contains("100000 clients or 64 MiB"), "{err}");
    let pages = h.requests_to(Route::SearchClients);
    assert!((60..80).contains(&pages), "{pages} pages were asked for");
    eprintln!("peak RSS of the stopped search: {} MiB", peak_kib / 1024);
    assert!(peak_kib < 256 * 1024, "peak RSS {peak_kib} KiB");

    let h = Harness::new();
    for n in 0..101 {
        h.inject(
            Route::SearchClients,
            body(200, page(1000, 1, &format!("cur-{n}"))),
        );
    }
    let out = h.cmd().args(["clients", "list"]).output().unwrap();
    assert_eq!(out.status.code(), Some(6), "{}", stderr(&out));
    assert!(stderr(&out).contains("100000 clients"), "{}", stderr(&out));
    assert_eq!(h.requests_to(Route::SearchClients), 101);

    let h = Harness::new();
    h.inject_times(Route::SearchClients, body(200, page(2, 1, "same")), 3);
    let out = h
        .cmd()
        .args(["rotate", "status", "--all"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(6), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("a cursor came back twice"),
        "{}",
        stderr(&out)
    );
}
