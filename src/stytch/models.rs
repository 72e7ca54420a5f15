//! The response shapes of `../shared/stytch-openapi/openapi.yml` that this tool reads:
//! `api_m2m_v1_M2MClient` (and its `WithNextClientSecret` variant) and the error body.

use serde::Deserialize;
use serde_json::Value;

use crate::redacted::Secret;

/// `api_m2m_v1_M2MClient`. Only `client_id` is insisted on: a field Stytch adds or leaves out
/// must not turn a rotation that happened into an "unreadable answer".
#[derive(Debug, Clone, Deserialize)]
pub struct M2mClient {
    pub client_id: String,
    #[serde(default)]
    pub client_name: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub scopes: Vec<String>,
    #[serde(default)]
    pub client_secret_last_four: String,
    #[serde(default)]
    pub next_client_secret_last_four: Option<String>,
}

impl M2mClient {
    pub fn rotation_pending(&self) -> bool {
        self.next_client_secret_last_four.is_some()
    }
}

/// A successful answer about a client (`GetResponse`, `RotateResponse`, `RotateCancelResponse`).
#[derive(Debug, Clone)]
pub struct ClientAnswer {
    pub request_id: String,
    pub status_code: u16,
    pub client: M2mClient,
    /// `m2m_client` exactly as Stytch returned it, for `--json`; never holds a secret.
    pub raw_client: Value,
}

/// The answer to `rotate/start`: the client plus the one-time `next_client_secret`.
#[derive(Debug)]
pub struct StartAnswer {
    pub answer: ClientAnswer,
    pub next_secret: Secret,
}

/// Stytch's error body: `{status_code, request_id, error_type, error_message, error_url}`.
#[derive(Debug, Clone, Deserialize)]
pub struct StytchErrorBody {
    #[serde(default)]
    pub status_code: Option<u16>,
    #[serde(default)]
    pub request_id: Option<String>,
    pub error_type: String,
    #[serde(default)]
    pub error_message: Option<String>,
}

/// The token endpoint's OAuth2-style error body.
#[derive(Debug, Clone, Deserialize)]
pub struct OAuthErrorBody {
    pub error: String,
    #[serde(default)]
    pub error_description: Option<String>,
    #[serde(default)]
    pub request_id: Option<String>,
    #[serde(default)]
    pub status_code: Option<u16>,
}

/// The token endpoint's success body. The access token itself is not kept: we only need to know
/// that one was issued.
#[derive(Debug, Clone, Deserialize)]
pub struct TokenAnswer {
    #[serde(default)]
    pub request_id: Option<String>,
    #[serde(default)]
    pub token_type: Option<String>,
    #[serde(default)]
    pub expires_in: Option<u64>,
    #[serde(default)]
    access_token: Option<Secret>,
}

impl TokenAnswer {
    pub fn has_token(&self) -> bool {
        self.access_token.as_ref().is_some_and(|t| !t.is_empty())
    }
}

/// Reads a successful client answer. `Err` carries a short reason (the body is never quoted:
/// it may hold a secret).
pub fn parse_client_answer(body: &[u8]) -> Result<(ClientAnswer, Value), String> {
    let mut value: Value = serde_json::from_slice(body).map_err(|e| json_reason(&e))?;
    let obj = value
        .as_object_mut()
        .ok_or("the answer is not a JSON object")?;
    let request_id = obj
        .get("request_id")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let status_code = obj
        .get("status_code")
        .and_then(Value::as_u64)
        .and_then(|c| u16::try_from(c).ok())
        .unwrap_or(200);
    let mut raw_client = obj
        .remove("m2m_client")
        .ok_or("the answer has no m2m_client")?;
    // The one secret a client answer can hold is taken out before anything else sees it.
    let next = raw_client
        .as_object_mut()
        .and_then(|c| c.remove("next_client_secret"))
        .unwrap_or(Value::Null);
    let client = M2mClient::deserialize(&raw_client)
        .map_err(|e| format!("m2m_client is not an M2M client ({})", json_reason(&e)))?;
    Ok((
        ClientAnswer {
            request_id,
            status_code,
            client,
            raw_client,
        },
        next,
    ))
}

pub fn parse_start_answer(body: &[u8]) -> Result<StartAnswer, String> {
    let (answer, next) = parse_client_answer(body)?;
    match next {
        Value::String(s) if !s.is_empty() => Ok(StartAnswer {
            answer,
            next_secret: Secret::new(s),
        }),
        _ => Err("the answer has no next_client_secret".into()),
    }
}

/// serde_json's messages can quote the input; keep only the category and position.
fn json_reason(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let what = match e.classify() {
        Category::Io => "could not be read",
        Category::Syntax => "is not valid JSON",
        Category::Data => "has an unexpected shape",
        Category::Eof => "ends early (truncated)",
    };
    format!("the body {what} at line {} column {}", e.line(), e.column())
}

#[cfg(test)]
mod tests {
    use super::*;

    const START: &str = r#"{"request_id":"r-1","status_code":200,"m2m_client":{
        "client_id":"c1","client_name":"n","client_description":"d","status":"active","scopes":["read:users"],
        "client_secret_last_four":"abcd","next_client_secret":"NEW-SECRET-VALUE-wxyz","next_client_secret_last_four":"wxyz",
        "trusted_metadata":{}}}"#;

    #[test]
    fn start_answer_separates_the_secret() {
        let start = parse_start_answer(START.as_bytes()).unwrap();
        assert_eq!(start.next_secret.expose(), "NEW-SECRET-VALUE-wxyz");
        assert!(!start.answer.raw_client.to_string().contains("NEW-SECRET"));
        assert_eq!(
            start.answer.client.next_client_secret_last_four.as_deref(),
            Some("wxyz")
        );
        assert!(!format!("{start:?}").contains("NEW-SECRET"));
    }

    #[test]
    fn unreadable_bodies_give_reasons_without_quoting() {
        let err = parse_start_answer(&START.as_bytes()[..120]).unwrap_err();
        assert!(err.contains("truncated"), "{err}");
        let err = parse_start_answer(
            br#"{"m2m_client":{"client_id":"c","next_client_secret":"SEKRET"}, x}"#,
        )
        .unwrap_err();
        assert!(!err.contains("SEKRET"), "{err}");
        assert!(parse_client_answer(b"[1]").is_err());
        assert!(parse_start_answer(br#"{"m2m_client":{"client_id":"c"}}"#).is_err());
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = "[".repeat(100_000);
        assert!(parse_client_answer(deep.as_bytes()).is_err());
    }
}
