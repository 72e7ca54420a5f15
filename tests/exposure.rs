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
