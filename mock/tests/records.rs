//! The local Stytch's own records (every secret it made, which are valid now) and the faults a
//! strict test needs: a barrier that makes requests overlap, a 500 after the change.

mod support;

use std::time::Duration;

use stytch_m2m_mock::{Fault, FaultKind, MockServer, Route};
use support::{answered_within, call, open, read, PROJECT, SECRET};

fn fault(route: Route, kind: FaultKind) -> Fault {
    Fault {
        route: Some(route),
        kind,
        times: 1,
    }
}

#[test]
fn every_secret_made_is_logged_in_order_and_validity_follows_the_token_endpoint() {
    let m = MockServer::start(PROJECT, SECRET).unwrap();
    let seeded = m.add_client("m2m-client-test-a");
    let created = call(
        m.addr(),
        "POST",
        "/v1/m2m/clients",
        r#"{"client_id":"m2m-client-test-b","scopes":["read:users"]}"#,
    );
    assert_eq!(created.status, 200, "{}", created.body);
    let created_secret = created.json()["m2m_client"]["client_secret"]
        .as_str()
        .unwrap()
        .to_owned();
    let started = call(
        m.addr(),
        "POST",
        "/v1/m2m/clients/m2m-client-test-a/secrets/rotate/start",
        "{}",
    );
    let next = started.json()["m2m_client"]["next_client_secret"]
        .as_str()
        .unwrap()
        .to_owned();

    let log = m.state().minted_secrets();
    let seen: Vec<_> = log
        .iter()
        .map(|x| (x.seq, x.client_id.as_str(), x.secret.as_str(), x.route))
        .collect();
    assert_eq!(
        seen,
        vec![
            (0, "m2m-client-test-a", seeded.client_secret.as_str(), None),
            (
                1,
                "m2m-client-test-b",
                created_secret.as_str(),
                Some(Route::CreateClient)
            ),
            (
                2,
                "m2m-client-test-a",
                next.as_str(),
                Some(Route::RotateStart)
            ),
        ]
    );
    assert_eq!(
        m.state().minted(),
        vec![("m2m-client-test-a".to_owned(), next.clone())],
        "minted() keeps to rotate/start"
    );

    let s = m.state();
    assert!(s.secret_is_valid("m2m-client-test-a", &seeded.client_secret));
    assert!(
        s.secret_is_valid("m2m-client-test-a", &next),
        "pending is valid"
    );
    assert!(
        !s.secret_is_valid("m2m-client-test-b", &next),
        "another client's"
    );
    assert!(
        !s.secret_is_valid("m2m-client-test-x", &next),
        "no such client"
    );
    call(
        m.addr(),
        "POST",
        "/v1/m2m/clients/m2m-client-test-a/secrets/rotate",
        "{}",
    );
    assert!(!s.secret_is_valid("m2m-client-test-a", &seeded.client_secret));
    assert!(s.secret_is_valid("m2m-client-test-a", &next));
}

#[test]
fn the_admin_routes_show_the_log_and_answer_validity() {
    let m = MockServer::start(PROJECT, SECRET).unwrap();
    let c = m.add_client("m2m-client-test-a");
    let log = call(m.addr(), "GET", "/_mock/minted", "").json();
    assert_eq!(log["minted"][0]["secret"], c.client_secret.as_str());
    assert_eq!(log["minted"][0]["seq"], 0);
    for (secret, valid) in [(c.client_secret.as_str(), true), ("nope", false)] {
        let body = serde_json::json!({"client_id": c.client_id, "secret": secret});
        let r = call(m.addr(), "POST", "/_mock/secret-valid", &body.to_string());
        assert_eq!(r.json()["valid"], valid, "{}", r.body);
    }
}

#[test]
fn a_barrier_holds_requests_until_all_have_arrived_so_they_overlap() {
    let m = MockServer::start(PROJECT, SECRET).unwrap();
    m.add_client("m2m-client-test-a");
    m.state()
        .inject(fault(Route::RotateStart, FaultKind::Barrier { count: 2 }));
    let path = "/v1/m2m/clients/m2m-client-test-a/secrets/rotate/start";
    let mut first = open(m.addr(), "POST", path, "{}");
    assert!(
        !answered_within(&first, Duration::from_millis(300)),
        "the first waits for the second"
    );
    assert!(m.state().minted().is_empty(), "nothing done while waiting");
    let mut second = open(m.addr(), "POST", path, "{}");
    let mut statuses = [read(&mut first).unwrap(), read(&mut second).unwrap()]
        .map(|r| (r.status, r.json()["error_type"].as_str().map(str::to_owned)));
    statuses.sort();
    assert_eq!(
        statuses,
        [
            (200, None),
            (400, Some("m2m_client_already_rotating_secret".to_owned()))
        ]
    );
    assert_eq!(m.state().minted().len(), 1);
    let third = call(m.addr(), "GET", "/v1/m2m/clients/m2m-client-test-a", "");
    assert_eq!(third.status, 200, "the barrier is used up");
}

#[test]
fn a_barrier_is_a_fault_in_the_admin_json() {
    let f: Fault =
        serde_json::from_str(r#"{"route":"rotate_start","kind":"barrier","count":2}"#).unwrap();
    assert_eq!(
        f,
        fault(Route::RotateStart, FaultKind::Barrier { count: 2 })
    );
}

#[test]
fn a_committed_500_makes_the_change_and_answers_stytchs_error_body() {
    let m = MockServer::start(PROJECT, SECRET).unwrap();
    m.add_client("m2m-client-test-a");
    m.state().inject(fault(
        Route::RotateStart,
        FaultKind::Status {
            status: 500,
            commit: true,
        },
    ));
    let r = call(
        m.addr(),
        "POST",
        "/v1/m2m/clients/m2m-client-test-a/secrets/rotate/start",
        "{}",
    );
    assert_eq!(r.status, 500);
    assert_eq!(r.header("content-type"), Some("application/json"));
    let v = r.json();
    assert_eq!(v["status_code"], 500);
    assert_eq!(v["error_type"], "internal_server_error");
    assert!(v["request_id"].as_str().unwrap().starts_with("request-id-"));
    assert!(!v["error_message"].as_str().unwrap().is_empty());
    let (_, next) = &m.state().minted()[0];
    let client = m.state().client("m2m-client-test-a").unwrap();
    assert_eq!(client.next_client_secret.as_ref(), Some(next), "committed");
}

#[test]
fn delete_answers_as_stytch_does_and_the_secret_stops_working() {
    let m = MockServer::start(PROJECT, SECRET).unwrap();
    let a = m.add_client("m2m-client-test-a");
    let r = call(m.addr(), "DELETE", "/v1/m2m/clients/m2m-client-test-a", "");
    assert_eq!(r.status, 200, "{}", r.body);
    let v = r.json();
    assert_eq!(v["client_id"], "m2m-client-test-a");
    assert_eq!(v["status_code"], 200);
    assert!(v["request_id"].as_str().unwrap().starts_with("request-id-"));
    assert!(
        v.get("m2m_client").is_none(),
        "the answer names the id only"
    );
    assert!(m.state().client("m2m-client-test-a").is_none());
    assert!(!m
        .state()
        .secret_is_valid("m2m-client-test-a", &a.client_secret));
    // Again: Stytch's 404 body.
    let r = call(m.addr(), "DELETE", "/v1/m2m/clients/m2m-client-test-a", "");
    assert_eq!(r.status, 404);
    assert_eq!(r.json()["error_type"], "m2m_client_not_found");
    let seen = m.state().requests();
    assert!(seen
        .iter()
        .all(|q| q.route == Route::DeleteClient && q.method == "DELETE"));
}

#[test]
fn a_create_is_recorded_with_the_client_id_it_asked_for() {
    let m = MockServer::start(PROJECT, SECRET).unwrap();
    let body = r#"{"client_id":"m2m-client-test-z","scopes":["a"],"trusted_metadata":{"k":1}}"#;
    assert_eq!(call(m.addr(), "POST", "/v1/m2m/clients", body).status, 200);
    let seen = &m.state().requests()[0];
    assert_eq!(seen.route, Route::CreateClient);
    assert_eq!(seen.client_id.as_deref(), Some("m2m-client-test-z"));
    assert_eq!(seen.metadata_keys.as_deref(), Some(&["k".to_owned()][..]));
}
