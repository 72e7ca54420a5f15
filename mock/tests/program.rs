//! The mock as a program: its command line, its first stdout line, its admin routes.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

use base64::Engine;

struct Running {
    child: Child,
    addr: String,
    lines: Vec<String>,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn run(env: &[(&str, &str)], args: &[&str]) -> Running {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_stytch-m2m-mock"));
    cmd.env_remove("STYTCH_PROJECT_ID")
        .env_remove("STYTCH_SECRET");
    cmd.envs(env.iter().copied())
        .args(args)
        .stdout(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    reader.read_line(&mut first).unwrap();
    let addr = first
        .trim()
        .strip_prefix("listening on http://")
        .unwrap_or_else(|| panic!("first line: {first:?}"))
        .to_owned();
    let mut lines = Vec::new();
    // The rest of the start-up lines are printed before the server answers anything.
    let expected = args
        .iter()
        .filter(|a| ["--client", "--generate-clients"].contains(*a))
        .count()
        + ["STYTCH_PROJECT_ID", "STYTCH_SECRET"]
            .iter()
            .filter(|k| !env.iter().any(|(e, _)| e == *k))
            .count();
    for _ in 0..expected {
        let mut l = String::new();
        reader.read_line(&mut l).unwrap();
        lines.push(l.trim().to_owned());
    }
    Running { child, addr, lines }
}

fn http(addr: &str, method: &str, path: &str, auth: (&str, &str), body: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("{}:{}", auth.0, auth.1));
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Basic {basic}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut resp = String::new();
    s.read_to_string(&mut resp).unwrap();
    let status = resp[9..12].parse().unwrap();
    let body = resp
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    (status, body)
}

#[test]
fn prints_its_address_and_serves_the_clients_it_was_given() {
    let m = run(
        &[
            ("STYTCH_PROJECT_ID", "project-test-p"),
            ("STYTCH_SECRET", "s3"),
        ],
        &[
            "--listen",
            "127.0.0.1:0",
            "--client",
            "m2m-client-test-a:given-secret",
            "--client",
            "m2m-client-test-b",
        ],
    );
    assert_eq!(m.lines[0], "client m2m-client-test-a given-secret");
    assert!(m.lines[1].starts_with("client m2m-client-test-b "));
    assert_eq!(
        m.lines[1].split(' ').nth(2).unwrap().len(),
        44,
        "generated like Stytch's"
    );

    let (status, body) = http(
        &m.addr,
        "GET",
        "/v1/m2m/clients/m2m-client-test-a",
        ("project-test-p", "s3"),
        "",
    );
    assert_eq!(status, 200, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["m2m_client"]["client_secret_last_four"], "cret");
    assert!(v["m2m_client"].get("client_secret").is_none());

    let (status, body) = http(
        &m.addr,
        "GET",
        "/v1/m2m/clients/m2m-client-test-a",
        ("project-test-p", "nope"),
        "",
    );
    assert_eq!(status, 401);
    assert!(body.contains("unauthorized_credentials"));
}

#[test]
fn generates_credentials_when_none_are_given() {
    let m = run(&[], &[]);
    let project = m.lines[0].strip_prefix("STYTCH_PROJECT_ID=").unwrap();
    let secret = m.lines[1].strip_prefix("STYTCH_SECRET=").unwrap();
    assert!(project.starts_with("project-test-"));
    let (status, _) = http(&m.addr, "GET", "/v1/m2m/clients/x", (project, secret), "");
    assert_eq!(status, 404, "authorized, and no such client");
}

#[test]
fn faults_are_injected_through_the_admin_route() {
    let m = run(
        &[("STYTCH_PROJECT_ID", "p"), ("STYTCH_SECRET", "s")],
        &["--client", "c"],
    );
    let (status, _) = http(
        &m.addr,
        "POST",
        "/_mock/faults",
        ("p", "s"),
        r#"{"route":"get_client","kind":"status","status":503}"#,
    );
    assert_eq!(status, 200);
    let (status, body) = http(&m.addr, "GET", "/v1/m2m/clients/c", ("p", "s"), "");
    assert_eq!((status, body.contains("service_unavailable")), (503, true));
    let (status, _) = http(&m.addr, "GET", "/v1/m2m/clients/c", ("p", "s"), "");
    assert_eq!(status, 200, "a fault applies once by default");
    let (status, body) = http(&m.addr, "GET", "/_mock/requests", ("p", "s"), "");
    assert_eq!(status, 200);
    assert!(body.contains("\"route\":\"get_client\""));
    let (status, _) = http(&m.addr, "POST", "/_mock/faults", ("p", "wrong"), "{}");
    assert_eq!(status, 401, "admin routes need the project credentials");
}

#[test]
fn the_token_endpoint_accepts_current_and_pending_secrets_as_form_or_json() {
    let m = run(
        &[("STYTCH_PROJECT_ID", "p"), ("STYTCH_SECRET", "s")],
        &["--client", "c:current"],
    );
    let (status, body) = http(
        &m.addr,
        "POST",
        "/v1/m2m/clients/c/secrets/rotate/start",
        ("p", "s"),
        "{}",
    );
    assert_eq!(status, 200, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    let next = v["m2m_client"]["next_client_secret"]
        .as_str()
        .unwrap()
        .to_owned();
    for secret in ["current", next.as_str()] {
        let json = serde_json::json!({"grant_type": "client_credentials", "client_id": "c", "client_secret": secret});
        let (status, body) = http(
            &m.addr,
            "POST",
            "/v1/public/p/oauth2/token",
            ("", ""),
            &json.to_string(),
        );
        assert_eq!(status, 200, "{body}");
        assert!(body.contains("access_token"));
    }
    let mut s = TcpStream::connect(&m.addr).unwrap();
    let form = "grant_type=client_credentials&client_id=c&client_secret=wrong";
    write!(s, "POST /v1/public/p/oauth2/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{form}", form.len()).unwrap();
    let mut resp = String::new();
    s.read_to_string(&mut resp).unwrap();
    assert!(resp.starts_with("HTTP/1.1 401"), "{resp}");
    assert!(resp.contains("\"error\":\"invalid_client\"") && resp.contains("error_description"));
}

#[test]
fn generates_clients_and_shapes_traffic_from_its_flags() {
    let m = run(
        &[("STYTCH_PROJECT_ID", "p"), ("STYTCH_SECRET", "s")],
        &[
            "--generate-clients",
            "250",
            "--latency",
            "50",
            "--rate-limit",
            "2",
        ],
    );
    assert_eq!(
        m.lines[0],
        "generated 250 clients (GET /_mock/clients lists them)"
    );
    let start = std::time::Instant::now();
    let (status, body) = http(
        &m.addr,
        "POST",
        "/v1/m2m/clients/search",
        ("p", "s"),
        r#"{"limit":100}"#,
    );
    assert!(
        start.elapsed() >= std::time::Duration::from_millis(50),
        "latency"
    );
    assert_eq!(status, 200, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["results_metadata"]["total"], 250);
    assert_eq!(v["m2m_clients"].as_array().unwrap().len(), 100);
    assert!(v["results_metadata"]["next_cursor"].is_string());
    let statuses: Vec<u16> = (0..4)
        .map(|_| http(&m.addr, "POST", "/v1/m2m/clients/search", ("p", "s"), "{}").0)
        .collect();
    assert!(statuses.contains(&429), "rate limited: {statuses:?}");
}
