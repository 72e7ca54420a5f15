//! Bad inputs, and properties over all inputs: client ids either are rejected or reach the
//! server as exactly one path segment; no answer body, however malformed, can make the parsers
//! or the sanitizer panic.

mod common;

use common::*;
use predicates::prelude::*;
use proptest::prelude::*;
use stytch_m2m::redacted::Secret;
use stytch_m2m::stytch::{self, Client, ClientId, ProjectId};

#[test]
fn bad_client_ids_are_rejected_before_any_request() {
    let h = Harness::new();
    let long = "x".repeat(10_000);
    let cases: Vec<&str> = vec![
        "",
        " ",
        "\t",
        "a b",
        "a\nb",
        "a\rb",
        "\x01",
        "\x1b[2J",
        "\x7f",
        "\u{85}",
        "\u{9b}",
        "a\u{202e}b",
        "\u{2028}",
        ".",
        "..",
        &long,
    ];
    for id in &cases {
        h.cmd()
            .args(["rotate", "status", "--client-id", id])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("invalid client id"))
            .stderr(predicate::function(|s: &str| {
                !s.chars().any(|c| c.is_control() && c != '\n')
            }));
    }
    assert!(h.requests().is_empty());
    eprintln!("{} bad client ids rejected", cases.len());
}

#[test]
fn route_characters_in_client_ids_stay_in_one_segment() {
    let h = Harness::new();
    let ids = [
        "/", "a/b", "../x", "..%2F..", "?", "a?b=c", "#", "a#b", "%2F", "%", "%zz", "a..b", "...",
        "~", "@:", "ü",
    ];
    for id in ids {
        h.mock.add_client(id);
        h.cmd()
            .args(["rotate", "status", "--client-id", id])
            .assert()
            .code(0);
        let seen = h.requests().pop().unwrap();
        assert_eq!(
            (seen.route, seen.client_id.as_deref()),
            (Route::GetClient, Some(id)),
            "{id}"
        );
    }
    eprintln!("{} route-character ids kept in one segment", ids.len());
}

#[cfg(unix)]
#[test]
fn non_utf8_arguments_are_usage_errors() {
    use std::os::unix::ffi::OsStrExt;
    let h = Harness::new();
    let bad = std::ffi::OsStr::from_bytes(b"m2m-\xff\xfe");
    h.cmd()
        .args(["rotate", "status", "--client-id"])
        .arg(bad)
        .assert()
        .code(2);
    h.cmd()
        .args(["rotate", "status", "--client-id", CLIENT_ID, "--base-url"])
        .arg(bad)
        .assert()
        .code(2);
    assert!(h.requests().is_empty());
}

#[test]
fn bad_base_urls_and_trailing_newlines() {
    let h = Harness::new();
    for url in [
        "https://u:p@api.stytch.com",
        "https://tok@api.stytch.com",
        "http://10.0.0.1",
        "http://api.stytch.com",
        "ftp://localhost",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "http://",
        "https://x/?a=b",
        "https://x/#f",
    ] {
        h.cmd()
            .args([
                "rotate",
                "status",
                "--client-id",
                CLIENT_ID,
                "--base-url",
                url,
            ])
            .assert()
            .code(2);
    }
    // Values pasted with a newline work, as gh trims secrets read from stdin.
    h.cmd()
        .env("STYTCH_SECRET", format!("{PROJECT_SECRET}\n"))
        .env("STYTCH_BASE_URL", format!("{}\n", h.mock.url()))
        .args(["rotate", "status", "--client-id", CLIENT_ID])
        .assert()
        .code(0);
    assert_eq!(h.requests().len(), 1);
}

/// Characters that matter to URLs, mixed with anything at all.
fn client_ids() -> impl Strategy<Value = String> {
    let tricky = prop::sample::select(vec![
        '/', '?', '#', '%', '.', '2', 'F', 'a', ' ', '\0', '\n', '\u{7f}', 'é', '&', '=', '+', ';',
        '\\',
    ]);
    prop_oneof![
        prop::collection::vec(tricky, 0..12).prop_map(|v| v.into_iter().collect()),
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_client_id_is_rejected_or_reaches_the_server_as_one_segment(id in client_ids()) {
        let Ok(checked) = ClientId::parse(&id) else {
            return Ok(());
        };
        let server = shared_server();
        server.mock.add_client(&id);
        let answer = server.rt.block_on(server.client.get_client(&checked));
        let seen = server.mock.state().requests().pop().unwrap();
        prop_assert_eq!(seen.route, Route::GetClient, "{:?} reached {}", id, seen.raw_path);
        prop_assert_eq!(seen.client_id.as_deref(), Some(id.as_str()));
        prop_assert!(answer.is_ok());
    }

    #[test]
    fn answer_parsing_never_panics(body in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = stytch::models::parse_client_answer(&body);
        let _ = stytch::models::parse_start_answer(&body);
        let text = String::from_utf8_lossy(&body);
        let _ = stytch_m2m::sanitize::sanitize(&text);
        let _ = stytch_m2m::sanitize::strip_html(&text);
    }

    #[test]
    fn json_shaped_answers_never_panic(value in json_values()) {
        let body = serde_json::json!({ "request_id": "r", "status_code": 200, "m2m_client": value }).to_string();
        let _ = stytch::models::parse_client_answer(body.as_bytes());
        let _ = stytch::models::parse_start_answer(body.as_bytes());
    }
}

fn json_values() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Into::into),
        any::<String>().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        let keys = prop::sample::select(vec![
            "client_id",
            "next_client_secret",
            "client_secret_last_four",
            "next_client_secret_last_four",
            "scopes",
            "status",
            "x",
        ]);
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::Array),
            prop::collection::btree_map(keys.prop_map(str::to_owned), inner, 0..6)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

struct Shared {
    mock: MockServer,
    client: Client,
    rt: tokio::runtime::Runtime,
}

/// One local Stytch and one client for all the property cases.
fn shared_server() -> &'static Shared {
    static SERVER: std::sync::OnceLock<Shared> = std::sync::OnceLock::new();
    SERVER.get_or_init(|| {
        let mock = MockServer::start("project-test-prop", PROJECT_SECRET).unwrap();
        let client = Client::new(stytch::Config {
            base_url: mock.url().parse().unwrap(),
            project_id: ProjectId::parse("project-test-prop").unwrap(),
            secret: Secret::new(PROJECT_SECRET.into()),
            timeout: std::time::Duration::from_secs(10),
            ca_cert: None,
        })
        .unwrap();
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        Shared { mock, client, rt }
    })
}
