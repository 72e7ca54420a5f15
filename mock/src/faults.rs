//! Injected faults as answers: those that strike before Stytch changes anything, and those that
//! strike after the change was made.

use std::fmt;
use std::time::Duration;

use hyper::header::RETRY_AFTER;

use crate::api::{self, Answer};
use crate::server::{raw, respond, HttpResponse, Reply};
use crate::state::FaultKind;

/// Returned by the service to make hyper close the connection without an answer.
#[derive(Debug)]
pub(crate) struct DropConnection;

impl fmt::Display for DropConnection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("connection dropped on purpose (fault injection)")
    }
}

impl std::error::Error for DropConnection {}

/// The answer of a fault that strikes before Stytch would have done anything, if it is one.
pub(crate) fn before_commit(fault: Option<&FaultKind>) -> Option<Reply> {
    Some(match fault? {
        FaultKind::Status {
            status,
            commit: false,
        } => Ok(respond(status_error(*status))),
        FaultKind::Html {
            status,
            commit: false,
        } => Ok(html(*status)),
        FaultKind::RateLimit { retry_after } => Ok(rate_limited(*retry_after)),
        FaultKind::Drop { commit: false } => Err(DropConnection),
        FaultKind::Body {
            status,
            content_type,
            body,
            commit: false,
        } => Ok(raw(*status, content_type, body.clone())),
        FaultKind::Streamed {
            status,
            body,
            commit: false,
        } => Ok(streamed(*status, body.clone())),
        _ => return None,
    })
}

/// The answer once the change was made: `answer` itself, or what a fault makes of it.
pub(crate) async fn after_commit(fault: Option<FaultKind>, answer: Answer) -> Reply {
    match fault {
        Some(FaultKind::Status {
            status,
            commit: true,
        }) => Ok(respond(status_error(status))),
        Some(FaultKind::Html {
            status,
            commit: true,
        }) => Ok(html(status)),
        Some(FaultKind::Drop { commit: true }) => Err(DropConnection),
        Some(FaultKind::Delay { ms }) => {
            tokio::time::sleep(Duration::from_millis(ms)).await;
            Ok(respond(answer))
        }
        Some(FaultKind::Truncate) => {
            let mut text = answer.body.to_string();
            text.truncate(char_boundary_at_or_below(&text, text.len() / 2));
            Ok(raw(answer.status, "application/json", text))
        }
        Some(FaultKind::Panic) => panic!("a panic injected by a fault"),
        Some(FaultKind::Body {
            status,
            content_type,
            body,
            commit: true,
        }) => Ok(raw(status, &content_type, body)),
        Some(FaultKind::Streamed {
            status,
            body,
            commit: true,
        }) => Ok(streamed(status, body)),
        Some(FaultKind::NotJson) => Ok(raw(200, "text/plain", "OK".to_owned())),
        Some(FaultKind::Huge { bytes }) => {
            let mut text = String::from("{\"padding\":\"");
            text.push_str(&"x".repeat(bytes));
            text.push_str("\"}");
            Ok(raw(answer.status, "application/json", text))
        }
        _ => Ok(respond(answer)),
    }
}

/// A JSON answer sent chunked: hyper announces no length when the answer says how it is sent.
fn streamed(status: u16, body: String) -> HttpResponse {
    let mut resp = raw(status, "application/json", body);
    resp.headers_mut().insert(
        hyper::header::TRANSFER_ENCODING,
        hyper::header::HeaderValue::from_static("chunked"),
    );
    resp
}

/// 429 `too_many_requests` in Stytch's body, with `Retry-After` when given.
pub(crate) fn rate_limited(retry_after: Option<u64>) -> HttpResponse {
    let mut resp = respond(status_error(429));
    if let Some(secs) = retry_after {
        resp.headers_mut()
            .insert(RETRY_AFTER, secs.to_string().parse().expect("digits"));
    }
    resp
}

/// The largest index `<= at` that starts a character of `text` (so cutting there cannot split one).
fn char_boundary_at_or_below(text: &str, at: usize) -> usize {
    (0..=at.min(text.len()))
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0)
}

fn status_error(status: u16) -> Answer {
    let (kind, message) = match status {
        429 => ("too_many_requests", "Too many requests have been made."),
        500 => (
            "internal_server_error",
            "Oops, something seems to have gone wrong, please reach out to support@stytch.com to let us know what went wrong.",
        ),
        502 => ("bad_gateway", "Bad gateway."),
        503 => ("service_unavailable", "The service is temporarily unavailable."),
        504 => ("gateway_timeout", "Gateway timeout."),
        _ => ("injected_error", "An error injected by the local Stytch."),
    };
    api::error(status, kind, message)
}

fn html(status: u16) -> HttpResponse {
    let reason = hyper::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("Error");
    raw(
        status,
        "text/html",
        format!(
            "<html>\r\n<head><title>{status} {reason}</title></head>\r\n<body>\r\n<center><h1>{status} {reason}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
        ),
    )
}
