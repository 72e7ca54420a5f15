//! A tiny HTTP/1.1 client for the mock's own tests: one request per connection.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use base64::Engine;

pub const PROJECT: &str = "project-test-11111111-1111-4111-8111-111111111111";
pub const SECRET: &str = "secret-test-local";

/// An answer: status, headers (lower-case names), body.
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Sends a request with the project's credentials and reads the whole answer.
pub fn call(addr: impl std::fmt::Display, method: &str, path: &str, body: &str) -> Reply {
    let mut s = open(&addr, method, path, body);
    read(&mut s).expect("an answer")
}

/// Sends a request and returns the open connection, to read the answer later.
pub fn open(addr: impl std::fmt::Display, method: &str, path: &str, body: &str) -> TcpStream {
    let mut s = TcpStream::connect(addr.to_string()).unwrap();
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("{PROJECT}:{SECRET}"));
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Basic {basic}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    s
}

/// Reads an answer; `None` when the connection closed without one.
pub fn read(s: &mut TcpStream) -> Option<Reply> {
    let mut bytes = Vec::new();
    s.read_to_end(&mut bytes).ok()?;
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let (head, body) = text.split_once("\r\n\r\n")?;
    let mut lines = head.split("\r\n");
    let status = lines.next()?.get(9..12)?.parse().ok()?;
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    Some(Reply {
        status,
        headers,
        body: body.to_owned(),
    })
}

/// Whether an answer arrives on `s` within `wait` (the connection stays usable either way).
pub fn answered_within(s: &TcpStream, wait: Duration) -> bool {
    s.set_read_timeout(Some(wait)).unwrap();
    let mut probe = [0u8; 1];
    let got = matches!(s.peek(&mut probe), Ok(n) if n > 0);
    s.set_read_timeout(None).unwrap();
    got
}
