//! Which answer (or silence) becomes which failure. One rule above all: a rotation request that
//! was sent and got no clear answer, or a 5xx (which can come after the change was committed), is
//! "outcome unknown" (exit 7), never "did not take effect".
//!
//! No response body is ever quoted: a rotation answer can hold a secret, and a proxy's page is
//! not Stytch's to speak for. Only Stytch's own `error_message` (sanitized) is shown.

use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, CONTENT_TYPE, RETRY_AFTER};
use reqwest::StatusCode;

use super::client::Op;
use super::ids::{ClientId, ProjectId};
use super::models::{OAuthErrorBody, StytchErrorBody};
use crate::error::{Error, ErrorKind, StytchDetails};
use crate::shell::quote;

/// What a failure message needs to know about the request that failed.
pub(super) struct Request<'a> {
    pub op: Op,
    pub id: &'a ClientId,
    pub project: &'a ProjectId,
    /// `host[:port]` of the base URL.
    pub host: String,
}

/// An HTTP answer other than 2xx.
pub(super) fn status_failure(
    req: &Request,
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
) -> Error {
    if req.op == Op::Token {
        return token_failure(req, status, headers, body);
    }
    match serde_json::from_slice::<StytchErrorBody>(body) {
        Ok(stytch) => stytch_failure(req, status, headers, &stytch),
        Err(_) => foreign_failure(req, status, headers, body),
    }
}

/// The token endpoint: any 4xx but 429 means the secret did not work (exit 9), never that the
/// project credentials are wrong (the token endpoint does not take them).
fn token_failure(req: &Request, status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Error {
    let code = status.as_u16();
    let details = serde_json::from_slice::<OAuthErrorBody>(body)
        .map(|o| {
            StytchDetails::new(
                o.status_code.or(Some(code)),
                o.request_id.as_deref(),
                Some(&o.error),
                o.error_description.as_deref(),
            )
        })
        .or_else(|_| {
            serde_json::from_slice::<StytchErrorBody>(body).map(|s| stytch_details(code, &s))
        })
        .ok();
    let err = if status.is_client_error() && code != 429 {
        Error::new(
            ErrorKind::VerificationFailed,
            format!(
                "Stytch refused to issue a token with the secret for {} (HTTP {code})",
                req.id
            ),
        )
    } else if code == 429 {
        rate_limited(headers)
    } else {
        Error::new(
            ErrorKind::StytchError,
            format!(
                "the token endpoint failed ({}), so the secret could not be verified; nothing was changed",
                described(status, headers, body)
            ),
        )
        .hint("try again later")
    };
    match details {
        Some(d) => err.stytch(d),
        None => err,
    }
}

fn stytch_details(code: u16, s: &StytchErrorBody) -> StytchDetails {
    StytchDetails::new(
        s.status_code.or(Some(code)),
        s.request_id.as_deref(),
        Some(&s.error_type),
        s.error_message.as_deref(),
    )
}

/// Stytch's own JSON error body.
fn stytch_failure(
    req: &Request,
    status: StatusCode,
    headers: &HeaderMap,
    stytch: &StytchErrorBody,
) -> Error {
    let code = status.as_u16();
    let (id, qid) = (req.id, quote(req.id.as_str()));
    let err = match (code, stytch.error_type.as_str()) {
        (401 | 403, _) => credentials_error(req.project, code),
        (404, "m2m_client_not_found") => Error::new(
            ErrorKind::ClientNotFound,
            format!("Stytch has no M2M client {id} in project {}", req.project),
        )
        .hint("check the client id, and that STYTCH_PROJECT_ID is the project that owns it (test and live projects are separate)"),
        (_, "m2m_client_id_already_exists") => Error::new(
            ErrorKind::ClientExists,
            format!("Stytch already has an M2M client {id} in project {}; nothing was created", req.project),
        )
        .hint("leave out --client-id to have a new id made, or choose another one"),
        (_, "m2m_client_already_rotating_secret") => Error::new(
            ErrorKind::AlreadyRotating,
            format!("client {id} already has a secret rotation in progress; no new secret was minted"),
        )
        .hint(format!(
            "see it with `stytch-m2m rotate status --client-id {qid}`; finish it with `rotate complete` or discard it with `rotate cancel`, then start again"
        )),
        (_, "m2m_client_not_rotating_secret") => Error::new(
            ErrorKind::NotRotating,
            format!("client {id} has no secret rotation in progress"),
        )
        .hint(format!(
            "start one with `stytch-m2m rotate start --client-id {qid}`; if an earlier complete or cancel ended without an answer, it went through"
        )),
        (429, _) => rate_limited(headers),
        (500..=599, _) if req.op.mutates() => unknown(req, &format!("Stytch answered HTTP {code}, which can come after the change was made")),
        (500..=599, _) => Error::new(
            ErrorKind::StytchError,
            format!("Stytch failed to handle {} (HTTP {code}); the request did not take effect", req.op.endpoint()),
        )
        .hint("run the same command again in a moment; if it keeps failing, check https://status.stytch.com and quote the request_id to Stytch support"),
        _ => Error::new(
            ErrorKind::RequestRejected,
            format!("Stytch rejected {} (HTTP {code})", req.op.endpoint()),
        )
        .hint("read Stytch's message above; nothing was changed"),
    };
    err.stytch(stytch_details(code, stytch))
}

/// A non-2xx answer that is not Stytch's JSON: a proxy's or gateway's page, or a wrong URL.
fn foreign_failure(req: &Request, status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Error {
    let code = status.as_u16();
    let said = described(status, headers, body);
    match code {
        401 | 403 => credentials_error(req.project, code),
        429 => rate_limited(headers),
        500..=599 if req.op.mutates() => {
            unknown(req, &format!("a gateway answered {said} instead of Stytch"))
        }
        _ => Error::new(
            ErrorKind::UnexpectedAnswer,
            format!(
                "{} at {} answered {said}, which is not a Stytch answer",
                req.op.endpoint(),
                req.host
            ),
        )
        .hint(if status.is_server_error() {
            "Stytch or a proxy in between is failing; nothing was changed. Try again in a moment"
        } else {
            "nothing was changed. Check --base-url / STYTCH_BASE_URL and any proxy settings"
        }),
    }
}

/// "HTTP 502 Bad Gateway (text/html, 1234 bytes)": what an answer was, never what it said.
fn described(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> String {
    let reason = status.canonical_reason().unwrap_or("");
    let kind = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.split(';').next().unwrap_or("").trim())
        .filter(|v| {
            !v.is_empty() && v.len() <= 64 && v.bytes().all(|b| b.is_ascii_graphic() && b != b'"')
        })
        .unwrap_or("no content type");
    format!(
        "HTTP {} {reason} ({kind}, {} bytes)",
        status.as_u16(),
        body.len()
    )
    .replace("  ", " ")
}

pub(super) fn credentials_error(project: &ProjectId, code: u16) -> Error {
    Error::new(
        ErrorKind::Unauthorized,
        format!("Stytch rejected the project credentials for {project} (HTTP {code})"),
    )
    .hint(
        "check STYTCH_PROJECT_ID and STYTCH_SECRET: both must come from the same project's API keys page \
         (test and live projects have different keys)",
    )
}

pub(super) fn rate_limited(headers: &HeaderMap) -> Error {
    let after = retry_after(headers)
        .map(|d| format!(" (Stytch asked to wait {} s)", d.as_secs()))
        .unwrap_or_default();
    Error::new(
        ErrorKind::RateLimited,
        format!("Stytch is rate limiting this project{after}; the request did not take effect"),
    )
    .hint("wait a minute and run the same command again")
}

pub(super) fn unknown(req: &Request, what: &str) -> Error {
    Error::new(
        ErrorKind::OutcomeUnknown,
        format!(
            "{} for {} was sent, but {what}: Stytch may or may not have acted on it",
            req.op.endpoint(),
            req.id
        ),
    )
}

pub(super) fn unreadable(req: &Request, why: &str) -> Error {
    if req.op.mutates() {
        unknown(req, &format!("its 2xx answer could not be read ({why})"))
    } else {
        Error::new(
            ErrorKind::UnreadableAnswer,
            format!("{} at {} answered, but {why}", req.op.endpoint(), req.host),
        )
        .hint("check --base-url / STYTCH_BASE_URL: it must point at Stytch's API")
    }
}

/// `Retry-After`, in seconds or as an HTTP date (RFC 9110 allows both).
pub(super) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(
        at.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(retry: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(RETRY_AFTER, HeaderValue::from_str(retry).unwrap());
        h
    }

    #[test]
    fn retry_after_takes_seconds_and_dates() {
        assert_eq!(retry_after(&headers("10")), Some(Duration::from_secs(10)));
        let soon = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(30));
        let d = retry_after(&headers(&soon)).unwrap();
        assert!(
            d > Duration::from_secs(27) && d <= Duration::from_secs(30),
            "{d:?}"
        );
        let past = httpdate::fmt_http_date(SystemTime::now() - Duration::from_secs(30));
        assert_eq!(retry_after(&headers(&past)), Some(Duration::ZERO));
        assert_eq!(retry_after(&headers("soon")), None);
    }

    #[test]
    fn described_never_quotes_the_body() {
        let mut h = HeaderMap::new();
        h.insert(
            CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
        let text = described(StatusCode::BAD_GATEWAY, &h, b"<h1>secret-ish</h1>");
        assert_eq!(text, "HTTP 502 Bad Gateway (text/html, 19 bytes)");
        let text = described(StatusCode::from_u16(599).unwrap(), &HeaderMap::new(), b"");
        assert_eq!(text, "HTTP 599 (no content type, 0 bytes)");
    }

    #[test]
    fn an_odd_content_type_is_not_repeated() {
        let odd = [String::new(), "text/\"html\"".to_owned(), "x".repeat(65)];
        for value in odd {
            let mut h = HeaderMap::new();
            h.insert(CONTENT_TYPE, HeaderValue::from_str(&value).unwrap());
            let text = described(StatusCode::BAD_GATEWAY, &h, b"");
            assert_eq!(
                text, "HTTP 502 Bad Gateway (no content type, 0 bytes)",
                "{value:?}"
            );
        }
    }
}
