//! Bad inputs, and properties over all inputs: client ids either are rejected or reach the
//! server as exactly one path segment; no answer body, however malformed, can make the parsers
//! or the sanitizer panic.

mod common;

use common::*;
use predicates::prelude::*;
use proptest::prelude::*;
use stytch_m2m::redacted::Secret;
use stytch_m2m::stytch::{self, Client, ClientId, ProjectId};

/// Client ids that are rejected before any request: control characters, bidi overrides, white
/// space, `.` and `..`, and an id of 10 kB.
fn bad_client_ids() -> Vec<String> {
    let mut ids: Vec<String> = [
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
    ]
    .map(String::from)
    .to_vec();
    ids.push("x".repeat(10_000));
    ids
}

/// Client ids full of characters that mean something in a URL: each is a valid id and must
/// reach the server as exactly one path segment.
const ROUTE_CHARACTER_IDS: [&str; 16] = [
    "/",
    "a/b",
    "../../v1/m2m/clients/x",
    "..%2F..",
    "?",
    "a?b=c",
    "#",
    "a#b",
    "%2F",
    "%",
    "%zz",
    "a..b",
    "...",
    "~",
    "@:;,",
    "ü",
];

/// Base URLs that are refused, and what the refusal says.
const BAD_BASE_URLS: [(&str, &str); 10] = [
    (
        "https://u:hunter2pw@api.stytch.com",
        "must not contain a user name or password",
    ),
    (
        "https://tok@api.stytch.com",
        "must not contain a user name or password",
    ),
    (
        "http://10.0.0.1",
        "plain http is allowed only to this machine",
    ),
    (
        "http://api.stytch.com",
        "plain http is allowed only to this machine",
    ),
    ("ftp://localhost", "the scheme must be https"),
    ("file:///etc/passwd", "the scheme must be https"),
    ("javascript:alert(1)", "the scheme must be https"),
    ("http://", "invalid base URL"),
    ("https://x/?a=b", "query"),
    ("https://x/#f", "fragment"),
];

/// An id that starts with `-` (given as `--client-id=-…`) is refused: no Stytch id does, and
/// every command printed with it would read it as a flag.
#[test]
fn a_client_id_that_starts_with_a_dash_is_refused() {
    let h = Harness::new();
    h.cmd()
        .args(["rotate", "start", "--client-id=-m2m-client-test-x"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("starts with '-'"));
    assert!(h.requests().is_empty());
}

#[test]
fn bad_client_ids_are_rejected_before_any_request() {
    let h = Harness::new();
    let cases = bad_client_ids();
    for id in &cases {
        // `rotate start`, the command that would mint: nothing may reach the server.
        h.cmd()
            .args(["rotate", "start", "--client-id", id])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("invalid client id"))
            .stderr(predicate::function(|s: &str| {
                !s.chars().any(|c| c.is_control() && c != '\n')
            }));
    }
    assert!(h.requests().is_empty());
    assert!(h.mock.state().minted().is_empty());
    eprintln!("{} bad client ids rejected", cases.len());
}

#[test]
fn route_characters_in_client_ids_stay_in_one_segment() {
    let h = Harness::new();
    for id in ROUTE_CHARACTER_IDS {
        h.mock.add_client(id);
        let out = h
            .cmd()
            .args(["rotate", "status", "--client-id", id, "--json"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{id}: {}", stderr(&out));
        let shown: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
        assert_eq!(shown["m2m_client"]["client_id"], id);
        let seen = h.requests().pop().unwrap();
        assert_eq!(
            (seen.route, seen.client_id.as_deref()),
            (Route::GetClient, Some(id)),
            "{id}"
        );
        let segment = seen.raw_path.strip_prefix("/v1/m2m/clients/").unwrap();
        assert!(!segment.contains(['/', '?', '#']), "{id}: {segment}");
    }
    eprintln!(
        "{} route-character ids kept in one segment",
        ROUTE_CHARACTER_IDS.len()
    );
}

/// Where a non-UTF-8 argument goes: the value of an option before it.
const NON_UTF8_AFTER: [&[&str]; 2] = [
    &["rotate", "status", "--client-id"],
    &["rotate", "status", "--client-id", CLIENT_ID, "--base-url"],
];

#[cfg(unix)]
#[test]
fn non_utf8_arguments_are_usage_errors() {
    use std::os::unix::ffi::OsStrExt;
    let h = Harness::new();
    let bad = std::ffi::OsStr::from_bytes(b"m2m-\xff\xfe");
    for before in NON_UTF8_AFTER {
        h.cmd().args(before).arg(bad).assert().code(2);
    }
    assert!(h.requests().is_empty());
}

#[test]
fn bad_base_urls_are_refused_and_loopback_spellings_accepted() {
    let h = Harness::new();
    for (url, says) in BAD_BASE_URLS {
        let out = h
            .cmd()
            .args(["rotate", "status", "--client-id", CLIENT_ID])
            .args(["--base-url", url])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{url}");
        let err = stderr(&out);
        assert!(err.contains(says), "{url}: {err}");
        assert!(!err.contains("hunter2pw"), "a password in the URL is shown");
    }
    assert!(h.requests().is_empty());
    // Loopback over http is fine in every spelling.
    let port = h.mock.addr().port();
    for url in [
        format!("http://localhost:{port}"),
        format!("http://127.0.0.1:{port}/"),
    ] {
        h.cmd()
            .args(["rotate", "status", "--client-id", CLIENT_ID])
            .args(["--base-url", &url])
            .assert()
            .code(0);
    }
}

/// Variables whose value may end in a newline (pasted, or from `echo`).
const WITH_TRAILING_NEWLINES: [&str; 2] = ["STYTCH_SECRET", "STYTCH_BASE_URL"];

#[test]
fn values_with_trailing_newlines_work() {
    let h = Harness::new();
    // Values pasted with a newline work, as gh trims secrets read from stdin.
    let mut cmd = h.cmd();
    for (name, value) in h.env_pairs() {
        if WITH_TRAILING_NEWLINES.contains(&name.as_str()) {
            cmd.env(name, format!("{value}\n"));
        }
    }
    cmd.args(["rotate", "status", "--client-id", CLIENT_ID])
        .assert()
        .code(0);
    assert_eq!(h.requests().len(), 1);
}

/// Answers too large or too deep to parse: 4 MiB, and 50 000 nested arrays.
fn huge_and_deep_answers() -> [FaultKind; 2] {
    [
        FaultKind::Huge { bytes: 4 << 20 },
        FaultKind::Body {
            status: 200,
            content_type: "application/json".into(),
            body: "[".repeat(50_000),
            commit: false,
        },
    ]
}

#[test]
fn huge_and_deep_answers_are_capped_not_crashed() {
    let h = Harness::new();
    for answer in huge_and_deep_answers() {
        let huge = matches!(answer, FaultKind::Huge { .. });
        h.inject(Route::GetClient, answer);
        let out = h
            .cmd()
            .args(["rotate", "status", "--client-id", CLIENT_ID])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(6), "{}", stderr(&out));
        assert!(!huge || stderr(&out).contains("larger than"));
    }
}

/// The properties of this file, each run here once more on this thread so that the cases that
/// reached its assertion can be counted (a case whose input was rejected does not count).
const PROPERTIES: [(&str, fn()); 3] = [
    (
        "property_any_client_id_is_rejected_or_reaches_the_server_as_one_segment",
        property_any_client_id_is_rejected_or_reaches_the_server_as_one_segment,
    ),
    (
        "property_answer_parsing_never_panics",
        property_answer_parsing_never_panics,
    ),
    (
        "property_json_shaped_answers_never_panic",
        property_json_shaped_answers_never_panic,
    ),
];

thread_local! {
    /// Property cases that reached their assertion on this thread.
    static REACHED: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// Called by a property case once its input was accepted and its assertion reached.
fn reached() {
    REACHED.with(|r| r.set(r.get() + 1));
}

/// The README's figures for this file: the bad inputs above, and the property cases below
/// (`cargo test --test inputs figures -- --nocapture` prints them).
#[test]
fn the_readme_figures_for_bad_inputs_and_properties_are_these() {
    let bad_inputs = bad_client_ids().len()
        + ROUTE_CHARACTER_IDS.len()
        + NON_UTF8_AFTER.len()
        + BAD_BASE_URLS.len()
        + WITH_TRAILING_NEWLINES.len()
        + huge_and_deep_answers().len();
    let mut listed: Vec<String> = listed_tests()
        .into_iter()
        .filter(|t| t.starts_with("property_"))
        .collect();
    listed.sort();
    let mut counted: Vec<&str> = PROPERTIES.iter().map(|(name, _)| *name).collect();
    counted.sort_unstable();
    assert_eq!(listed, counted, "every property is counted");
    let mut cases = 0;
    for (name, property) in PROPERTIES {
        REACHED.with(|r| r.set(0));
        property();
        let n = REACHED.with(|r| r.get());
        eprintln!("{name}: {n} cases reached the assertion");
        assert!(n > 0, "{name}: no case reached the assertion");
        cases += n;
    }
    eprintln!("bad inputs: {bad_inputs}\nproperty cases: {cases} per run");
    assert_eq!(readme_figure("bad inputs"), bad_inputs.to_string());
    assert_eq!(readme_figure("property cases"), format!("{cases} per run"));
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

/// Cases per property and run.
const PROPERTY_CASES: u32 = 256;

proptest! {
    #![proptest_config(ProptestConfig { cases: PROPERTY_CASES, ..ProptestConfig::default() })]

    #[test]
    fn property_any_client_id_is_rejected_or_reaches_the_server_as_one_segment(id in client_ids()) {
        // A rejected id is the other half of the property; it is not a case of the assertion
        // (and not counted): proptest draws another id in its place.
        let checked = ClientId::parse(&id);
        prop_assume!(checked.is_ok());
        let checked = checked.unwrap();
        let server = shared_server();
        server.mock.add_client(&id);
        let answer = server.rt.block_on(server.client.get_client(&checked));
        let seen = server.mock.state().requests().pop().unwrap();
        prop_assert_eq!(seen.route, Route::GetClient, "{:?} reached {}", id, seen.raw_path);
        prop_assert_eq!(seen.client_id.as_deref(), Some(id.as_str()));
        prop_assert!(answer.is_ok());
        reached();
    }

    #[test]
    fn property_answer_parsing_never_panics(body in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = stytch::models::parse_client_answer(&body);
        let _ = stytch::models::parse_start_answer(&body);
        let text = String::from_utf8_lossy(&body);
        let _ = stytch_m2m::sanitize::sanitize(&text);
        let _ = stytch_m2m::sanitize::strip_html(&text);
        reached();
    }

    #[test]
    fn property_json_shaped_answers_never_panic(value in json_values()) {
        let body = serde_json::json!({ "request_id": "r", "status_code": 200, "m2m_client": value }).to_string();
        let _ = stytch::models::parse_client_answer(body.as_bytes());
        let _ = stytch::models::parse_start_answer(body.as_bytes());
        reached();
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

/// One local Stytch and one client for all the property cases of one test thread: two tests
/// that run the property at once (the figures test runs it again) must not read each other's
/// requests.
fn shared_server() -> &'static Shared {
    thread_local! {
        static SERVER: &'static Shared = Box::leak(Box::new(new_shared()));
    }
    SERVER.with(|s| *s)
}

fn new_shared() -> Shared {
    {
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
    }
}
