//! `POST /v1/m2m/clients/search` over many generated clients, and the traffic shaping knobs:
//! latency and the rate limit.

mod support;

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use stytch_m2m_mock::{ClientRecord, MockServer};
use support::{call, Reply, PROJECT, SECRET};

const PATH: &str = "/v1/m2m/clients/search";

fn search(m: &MockServer, body: Value) -> Reply {
    call(m.addr(), "POST", PATH, &body.to_string())
}

/// Every page of a search, following the cursor: the ids in order, and each page's size.
fn all_pages(m: &MockServer, limit: u64, query: Value) -> (Vec<String>, Vec<usize>) {
    let (mut ids, mut sizes, mut cursor) = (Vec::new(), Vec::new(), Value::Null);
    loop {
        let r = search(m, json!({"limit": limit, "cursor": cursor, "query": query}));
        assert_eq!(r.status, 200, "{}", r.body);
        let v = r.json();
        let page = v["m2m_clients"].as_array().unwrap();
        sizes.push(page.len());
        ids.extend(
            page.iter()
                .map(|c| c["client_id"].as_str().unwrap().to_owned()),
        );
        assert!(page.iter().all(|c| c.get("client_secret").is_none()));
        cursor = v["results_metadata"]["next_cursor"].clone();
        if cursor.is_null() {
            return (ids, sizes);
        }
        assert!(sizes.len() < 100, "the cursor never ends");
    }
}

fn ids_where(clients: &[ClientRecord], keep: impl Fn(&ClientRecord) -> bool) -> Vec<String> {
    let mut ids: Vec<String> = clients
        .iter()
        .filter(|c| keep(c))
        .map(|c| c.client_id.clone())
        .collect();
    ids.sort();
    ids
}

fn has(c: &ClientRecord, scope: &str) -> bool {
    c.scopes.iter().any(|s| s == scope)
}

fn operand(name: &str, values: &[&str]) -> Value {
    json!({"filter_name": name, "filter_value": values})
}

#[test]
fn pages_through_2500_clients_with_limit_1000_in_a_stable_order() {
    let m = MockServer::start(PROJECT, SECRET).unwrap();
    let clients = m.generate_clients(2500);
    let (ids, sizes) = all_pages(&m, 1000, Value::Null);
    assert_eq!(sizes, vec![1000, 1000, 500]);
    assert_eq!(ids, ids_where(&clients, |_| true), "each once, by id");
    assert_eq!(
        all_pages(&m, 1000, Value::Null).0,
        ids,
        "the same order again"
    );
    let distinct: BTreeSet<&String> = clients.iter().map(|c| &c.client_name).collect();
    assert_eq!(distinct.len(), 2500, "distinct names");
    assert!(clients
        .iter()
        .all(|c| c.client_id.starts_with("m2m-client-test-") && c.client_id.len() == 52));

    let first = search(&m, json!({})).json();
    assert_eq!(
        first["m2m_clients"].as_array().unwrap().len(),
        100,
        "default"
    );
    assert_eq!(first["results_metadata"]["total"], 2500);
    assert_eq!(first["status_code"], 200);
    assert!(first["request_id"].is_string());
    let last = search(&m, json!({"limit": 1000, "cursor": ""})).json();
    assert_eq!(
        last["results_metadata"]["total"], 2500,
        "empty cursor: page one"
    );
}

#[test]
fn each_filter_and_both_operators_match_as_stytch_describes() {
    let m = MockServer::start(PROJECT, SECRET).unwrap();
    let clients = m.generate_clients(300);
    let and = |ops: Vec<Value>| json!({"operator": "AND", "operands": ops});
    let or = |ops: Vec<Value>| json!({"operator": "OR", "operands": ops});
    let picked: Vec<&str> = [5, 17, 250]
        .iter()
        .map(|&i| clients[i].client_id.as_str())
        .collect();
    let cases = [
        (
            and(vec![operand("client_id", &picked)]),
            ids_where(&clients, |c| picked.contains(&c.client_id.as_str())),
        ),
        (
            and(vec![operand(
                "client_name",
                &["Generated client 7", "nope"],
            )]),
            ids_where(&clients, |c| c.client_name == "Generated client 7"),
        ),
        (
            and(vec![operand("client_name", &["Generated client"])]),
            vec![],
        ),
        (
            and(vec![operand("scopes", &["admin"])]),
            ids_where(&clients, |c| has(c, "admin")),
        ),
        (
            and(vec![operand("scopes", &["admin", "read:orders"])]),
            ids_where(&clients, |c| has(c, "admin") || has(c, "read:orders")),
        ),
        (
            and(vec![
                operand("scopes", &["admin"]),
                operand("scopes", &["read:orders"]),
            ]),
            ids_where(&clients, |c| has(c, "admin") && has(c, "read:orders")),
        ),
        (
            or(vec![
                operand("scopes", &["admin"]),
                operand("client_name", &["Generated client 7"]),
            ]),
            ids_where(&clients, |c| {
                has(c, "admin") || c.client_name == "Generated client 7"
            }),
        ),
        (and(vec![]), ids_where(&clients, |_| true)),
        (or(vec![]), ids_where(&clients, |_| true)),
    ];
    for (query, expected) in cases {
        let (ids, _) = all_pages(&m, 40, query.clone());
        assert_eq!(ids, expected, "{query}");
        let first = search(&m, json!({"limit": 40, "query": query})).json();
        assert_eq!(
            first["results_metadata"]["total"],
            expected.len(),
            "{query}"
        );
    }
    let admins = ids_where(&clients, |c| has(c, "admin")).len();
    assert!(admins > 0 && admins < 300, "the scopes vary: {admins}");
}

#[test]
fn bad_requests_get_stytchs_400_body() {
    let m = MockServer::start(PROJECT, SECRET).unwrap();
    m.generate_clients(3);
    let bad = [
        json!({"limit": 1001}),
        json!({"limit": -1}),
        json!({"limit": "ten"}),
        json!({"cursor": "not a cursor"}),
        json!({"query": {"operator": "XOR", "operands": []}}),
        json!({"query": {"operator": "AND", "operands": [operand("status", &["active"])]}}),
        json!({"query": {"operator": "AND", "operands": [{"filter_name": "scopes", "filter_value": "admin"}]}}),
    ];
    for body in bad {
        let r = search(&m, body.clone());
        assert_eq!(r.status, 400, "{body}: {}", r.body);
        let v = r.json();
        assert_eq!(v["status_code"], 400);
        assert_eq!(v["error_type"], "bad_request");
        assert!(v["request_id"].as_str().unwrap().starts_with("request-id-"));
        assert!(!v["error_message"].as_str().unwrap().is_empty());
        assert!(v["error_url"].as_str().unwrap().contains("400"));
    }
    let ok = search(&m, json!({"limit": 1000}));
    assert_eq!(ok.status, 200, "1000 is allowed: {}", ok.body);
}

#[test]
fn the_rate_limit_answers_429_with_retry_after_then_lets_requests_through() {
    let m = MockServer::start(PROJECT, SECRET).unwrap();
    m.set_rate_limit(Some(5));
    let first = search(&m, json!({}));
    assert_eq!(first.status, 200);
    let limited = (0..100)
        .map(|_| search(&m, json!({})))
        .find(|r| r.status == 429)
        .expect("a 429 within 100 requests");
    assert_eq!(limited.header("retry-after"), Some("1"));
    let v = limited.json();
    assert_eq!(v["status_code"], 429);
    assert_eq!(v["error_type"], "too_many_requests");
    let deadline = Instant::now() + Duration::from_secs(5);
    while search(&m, json!({})).status == 429 {
        assert!(Instant::now() < deadline, "still limited after 5 s");
        std::thread::sleep(Duration::from_millis(50));
    }
    m.set_rate_limit(None);
    assert!((0..20).all(|_| search(&m, json!({})).status == 200));
}

#[test]
fn latency_delays_every_api_answer() {
    let m = MockServer::start(PROJECT, SECRET).unwrap();
    m.set_latency(Some(Duration::from_millis(300)));
    let start = Instant::now();
    assert_eq!(search(&m, json!({})).status, 200);
    assert!(start.elapsed() >= Duration::from_millis(300));
}

#[test]
fn sixteen_concurrent_clients_page_through_2500_clients() {
    let m = MockServer::start(PROJECT, SECRET).unwrap();
    let clients = m.generate_clients(2500);
    let expected = ids_where(&clients, |_| true);
    let start = Instant::now();
    std::thread::scope(|s| {
        let runs: Vec<_> = (0..16)
            .map(|_| s.spawn(|| all_pages(&m, 1000, Value::Null).0))
            .collect();
        for run in runs {
            assert_eq!(run.join().unwrap(), expected);
        }
    });
    // Generous: it only catches work that grows with the square of the clients.
    assert!(
        start.elapsed() < Duration::from_secs(30),
        "{:?}",
        start.elapsed()
    );
}

#[test]
fn search_needs_the_project_credentials() {
    let m = MockServer::start(PROJECT, SECRET).unwrap();
    let mut s = std::net::TcpStream::connect(m.addr()).unwrap();
    use std::io::Write;
    write!(s, "POST {PATH} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{{}}").unwrap();
    let r = support::read(&mut s).unwrap();
    assert_eq!(r.status, 401);
    assert_eq!(r.json()["error_type"], "unauthorized_credentials");
}
