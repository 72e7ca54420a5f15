//! A local Stytch that breaks must fail the test that runs it, and a fault must not break it.

mod support;

use std::panic::{catch_unwind, AssertUnwindSafe};

use stytch_m2m_mock::{ClientRecord, Fault, FaultKind, MockServer, Route};
use support::{call, PROJECT, SECRET};

fn inject(m: &MockServer, route: Route, kind: FaultKind) {
    m.state().inject(Fault {
        route: Some(route),
        kind,
        times: 1,
    });
}

#[test]
fn a_handler_panic_is_answered_and_fails_the_owner_when_the_server_is_dropped() {
    let m = MockServer::start(PROJECT, SECRET).unwrap();
    m.add_client("m2m-client-test-a");
    inject(&m, Route::GetClient, FaultKind::Panic);
    let r = call(m.addr(), "GET", "/v1/m2m/clients/m2m-client-test-a", "");
    assert_eq!(r.status, 500, "{}", r.body);
    assert_eq!(r.json()["error_type"], "local_stytch_handler_panicked");
    assert_eq!(m.state().panics(), vec!["a panic injected by a fault"]);
    let ok = call(m.addr(), "GET", "/v1/m2m/clients/m2m-client-test-a", "");
    assert_eq!(ok.status, 200, "it goes on serving");

    let dropped = catch_unwind(AssertUnwindSafe(move || drop(m)));
    let payload = dropped.expect_err("dropping a server whose handler panicked fails");
    let message = payload.downcast_ref::<String>().unwrap();
    assert!(message.contains("a panic injected by a fault"), "{message}");
}

#[test]
fn a_healthy_server_drops_quietly() {
    let m = MockServer::start(PROJECT, SECRET).unwrap();
    m.add_client("m2m-client-test-a");
    call(m.addr(), "GET", "/v1/m2m/clients/m2m-client-test-a", "");
    assert!(m.state().panics().is_empty());
    assert!(catch_unwind(AssertUnwindSafe(move || drop(m))).is_ok());
}

#[test]
fn truncate_cuts_multi_byte_text_on_a_character_boundary() {
    let m = MockServer::start(PROJECT, SECRET).unwrap();
    // Six lengths of ASCII before many three-byte characters: the middle of the body falls
    // inside a character for some of them.
    for pad in 0..6 {
        let id = format!("m2m-client-test-{pad}");
        let mut record = ClientRecord::new(&id, None);
        record.client_name = format!("{}{}", "a".repeat(pad), "€".repeat(400));
        m.state().add_client(record);
        let path = format!("/v1/m2m/clients/{id}");
        let whole = call(m.addr(), "GET", &path, "");
        inject(&m, Route::GetClient, FaultKind::Truncate);
        let cut = call(m.addr(), "GET", &path, "");
        assert_eq!(cut.status, 200, "pad {pad}: {}", cut.body);
        assert!(serde_json::from_str::<serde_json::Value>(&cut.body).is_err());
        let half = whole.body.len() / 2;
        assert!(
            (half - 2..=half).contains(&cut.body.len()),
            "pad {pad}: cut at {} of {}",
            cut.body.len(),
            whole.body.len()
        );
        let name_at = whole.body.find("\"client_name\"").unwrap();
        assert_eq!(
            cut.body[..name_at],
            whole.body[..name_at],
            "pad {pad}: a prefix"
        );
    }
    assert!(m.state().panics().is_empty(), "{:?}", m.state().panics());
}
