//! The response shapes of `../shared/stytch-openapi/openapi.yml` that this tool reads:
//! `api_m2m_v1_M2MClient` (and its `WithNextClientSecret` variant) and the error body.

use serde::Deserialize;
use serde_json::Value;

use crate::redacted::{is_plain_last_four, Secret, ODD_LAST_FOUR};

/// `api_m2m_v1_M2MClient`, read field by field: a field Stytch adds, leaves out, sends as `null`
/// or with another type must not turn a rotation that happened into an "unreadable answer". What
/// is odd goes into the answer's `warnings`.
#[derive(Debug, Clone, Default)]
pub struct M2mClient {
    pub client_id: String,
    pub client_name: String,
    pub status: String,
    pub scopes: Vec<String>,
    pub client_secret_last_four: String,
    pub next_client_secret_last_four: Option<String>,
    /// As Stytch sent it (`null` when absent): where `--record` keeps its record.
    pub trusted_metadata: Value,
}

impl M2mClient {
    /// The `--record` record, when there is one this version trusts.
    pub fn record(&self) -> Option<super::record::Record> {
        match super::record::read(&self.trusted_metadata) {
            super::record::Found::Trusted(r) => Some(*r),
            _ => None,
        }
    }

    pub fn rotation_pending(&self) -> bool {
        self.next_client_secret_last_four.is_some()
    }

    /// Reads what can be read; every field that is there with an unexpected type is a warning.
    pub(crate) fn read(value: &Value, warnings: &mut Vec<String>) -> M2mClient {
        let mut text = |name: &str| -> Option<String> {
            match value.get(name) {
                None | Some(Value::Null) => None,
                Some(Value::String(s)) => Some(s.clone()),
                Some(_) => {
                    warnings.push(format!("m2m_client.{name} is not a string"));
                    None
                }
            }
        };
        let client_id = text("client_id").unwrap_or_default();
        let client_name = text("client_name").unwrap_or_default();
        let status = text("status").unwrap_or_default();
        let current = text("client_secret_last_four");
        let next = text("next_client_secret_last_four");
        let client_secret_last_four = current
            .map(|four| plain_last_four("client_secret_last_four", four, warnings))
            .unwrap_or_default();
        let next_client_secret_last_four =
            next.map(|four| plain_last_four("next_client_secret_last_four", four, warnings));
        let scopes = match value.get("scopes") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect(),
            Some(_) => {
                warnings.push("m2m_client.scopes is not a list".into());
                Vec::new()
            }
        };
        M2mClient {
            client_id,
            client_name,
            status,
            scopes,
            client_secret_last_four,
            next_client_secret_last_four,
            trusted_metadata: value
                .get("trusted_metadata")
                .cloned()
                .unwrap_or(Value::Null),
        }
    }
}

/// A last four as Stytch sent it when it is four of `[A-Za-z0-9_-]`; anything else (a control
/// sequence fits in four characters) is never shown or put in a printed command: it becomes
/// `????` and a warning that does not quote it.
fn plain_last_four(name: &str, four: String, warnings: &mut Vec<String>) -> String {
    if is_plain_last_four(&four) {
        return four;
    }
    warnings.push(format!(
        "m2m_client.{name} is not four characters of A-Z a-z 0-9 _ - (shown as {ODD_LAST_FOUR})"
    ));
    ODD_LAST_FOUR.to_owned()
}

/// A successful answer about a client (`GetResponse`, `RotateResponse`, `RotateCancelResponse`).
#[derive(Debug, Clone)]
pub struct ClientAnswer {
    pub request_id: String,
    pub status_code: u16,
    pub client: M2mClient,
    /// `m2m_client` exactly as Stytch returned it, for `--json`; never holds a secret.
    pub raw_client: Value,
    /// What was odd about the answer (already free of secrets; sanitize before showing).
    pub warnings: Vec<String>,
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

    /// The access token itself (a bearer credential: it stays redacted until printed).
    pub fn access_token(&self) -> Option<&Secret> {
        self.access_token.as_ref().filter(|t| !t.is_empty())
    }
}

/// Reads a successful client answer. `Err` carries a short reason (the body is never quoted:
/// it may hold a secret). The one-time `next_client_secret`, if any, is taken out and returned
/// apart, before anything else sees the client.
pub fn parse_client_answer(body: &[u8]) -> Result<(ClientAnswer, Value), String> {
    parse_taking(body, "next_client_secret")
}

/// The same, taking out `secret_field` of `m2m_client`: `next_client_secret` of a rotation,
/// `client_secret` of a create.
fn parse_taking(body: &[u8], secret_field: &str) -> Result<(ClientAnswer, Value), String> {
    let mut value: Value = serde_json::from_slice(body).map_err(|e| json_reason(&e))?;
    let obj = value
        .as_object_mut()
        .ok_or("the answer is not a JSON object")?;
    let mut warnings = Vec::new();
    let request_id = match obj.get("request_id") {
        Some(Value::String(s)) => s.clone(),
        _ => {
            warnings.push("the answer has no request_id".into());
            String::new()
        }
    };
    let status_code = obj
        .get("status_code")
        .and_then(Value::as_u64)
        .and_then(|c| u16::try_from(c).ok())
        .unwrap_or(200);
    let mut raw_client = obj
        .remove("m2m_client")
        .filter(Value::is_object)
        .ok_or("the answer has no m2m_client object")?;
    let next = raw_client
        .as_object_mut()
        .and_then(|c| c.remove(secret_field))
        .unwrap_or(Value::Null);
    let client = M2mClient::read(&raw_client, &mut warnings);
    if client.client_id.is_empty() {
        warnings.push("m2m_client has no client_id".into());
    }
    let answer = ClientAnswer {
        request_id,
        status_code,
        client,
        raw_client,
        warnings,
    };
    Ok((answer, next))
}

/// A 2xx `rotate/start` answer. Any answer that carries a `next_client_secret` string delivers
/// it, whatever else is odd about the body; the secret's own last four wins over a missing or
/// different `next_client_secret_last_four`.
pub fn parse_start_answer(body: &[u8]) -> Result<StartAnswer, String> {
    let (mut answer, next) = parse_client_answer(body)?;
    let Value::String(s) = next else {
        return Err("the answer has no next_client_secret".into());
    };
    if s.is_empty() {
        return Err("the answer's next_client_secret is empty".into());
    }
    let next_secret = Secret::new(s);
    let four = next_secret.last_four();
    if next_secret.has_odd_last_four() {
        answer.warnings.push(format!(
            "the new secret does not end in four characters of A-Z a-z 0-9 _ - (shown as {ODD_LAST_FOUR}); it is delivered as it is"
        ));
    }
    match &answer.client.next_client_secret_last_four {
        Some(stated) if *stated == four => {}
        Some(_) => answer
            .warnings
            .push("next_client_secret_last_four does not match the secret's last four".into()),
        None => answer
            .warnings
            .push("the answer has no next_client_secret_last_four".into()),
    }
    answer.client.next_client_secret_last_four = Some(four);
    Ok(StartAnswer {
        answer,
        next_secret,
    })
}

/// The answer to `POST /v1/m2m/clients` (`api_m2m_v1_m2m_clients_CreateResponse`): the client
/// plus its one-time `client_secret`.
#[derive(Debug)]
pub struct CreateAnswer {
    pub answer: ClientAnswer,
    pub secret: Secret,
}

/// A 2xx create answer. Like [`parse_start_answer`]: any answer that carries a `client_secret`
/// string delivers it, and the secret's own last four wins over `client_secret_last_four`.
pub fn parse_create_answer(body: &[u8]) -> Result<CreateAnswer, String> {
    let (mut answer, secret) = parse_taking(body, "client_secret")?;
    let Value::String(s) = secret else {
        return Err("the answer has no client_secret".into());
    };
    if s.is_empty() {
        return Err("the answer's client_secret is empty".into());
    }
    let secret = Secret::new(s);
    let four = secret.last_four();
    if secret.has_odd_last_four() {
        answer.warnings.push(format!(
            "the new secret does not end in four characters of A-Z a-z 0-9 _ - (shown as {ODD_LAST_FOUR}); it is delivered as it is"
        ));
    }
    if answer.client.client_secret_last_four != four {
        answer
            .warnings
            .push("client_secret_last_four does not match the secret's last four".into());
    }
    answer.client.client_secret_last_four = four;
    Ok(CreateAnswer { answer, secret })
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
    fn odd_client_fields_still_deliver_the_secret() {
        let body = br#"{"request_id":null,"m2m_client":{"client_id":"c1","client_name":null,
            "scopes":null,"status":7,"next_client_secret":"NEW-SECRET-VALUE-wxyz"}}"#;
        let start = parse_start_answer(body).unwrap();
        assert_eq!(start.next_secret.expose(), "NEW-SECRET-VALUE-wxyz");
        assert_eq!(
            start.answer.client.next_client_secret_last_four.as_deref(),
            Some("wxyz")
        );
        let warnings = start.answer.warnings.join("; ");
        assert!(warnings.contains("status is not a string"), "{warnings}");
        assert!(
            warnings.contains("no next_client_secret_last_four"),
            "{warnings}"
        );
        assert!(!warnings.contains("NEW-SECRET"), "{warnings}");
    }

    #[test]
    fn odd_last_fours_are_hidden_and_warned_about_and_the_secret_still_delivered() {
        let body = "{\"request_id\":\"r\",\"m2m_client\":{\"client_id\":\"c1\",\"client_secret_last_four\":\"\\u001b[8m\",\"next_client_secret_last_four\":\"\\u001b[2J\",\"next_client_secret\":\"NEW-SECRET-VALUE\\u001b[2J\"}}";
        let start = parse_start_answer(body.as_bytes()).unwrap();
        assert_eq!(start.next_secret.expose(), "NEW-SECRET-VALUE\u{1b}[2J");
        let client = &start.answer.client;
        assert_eq!(client.client_secret_last_four, ODD_LAST_FOUR);
        assert_eq!(
            client.next_client_secret_last_four.as_deref(),
            Some(ODD_LAST_FOUR)
        );
        let warnings = start.answer.warnings.join("; ");
        assert!(
            warnings.contains("client_secret_last_four is not four"),
            "{warnings}"
        );
        assert!(
            warnings.contains("next_client_secret_last_four is not four"),
            "{warnings}"
        );
        assert!(
            warnings.contains("new secret does not end in four"),
            "{warnings}"
        );
        assert!(!warnings.contains('\u{1b}'), "{warnings}");
    }

    #[test]
    fn create_answer_separates_the_secret() {
        let body = br#"{"request_id":"r-2","status_code":200,"m2m_client":{"client_id":"c2",
            "client_name":"n","status":"active","scopes":["a"],"client_secret":"CREATED-SECRET-qrst",
            "client_secret_last_four":"qrst","trusted_metadata":{}}}"#;
        let created = parse_create_answer(body).unwrap();
        assert_eq!(created.secret.expose(), "CREATED-SECRET-qrst");
        assert!(!created.answer.raw_client.to_string().contains("CREATED"));
        assert_eq!(created.answer.client.client_secret_last_four, "qrst");
        assert!(
            created.answer.warnings.is_empty(),
            "{:?}",
            created.answer.warnings
        );
        assert!(!format!("{created:?}").contains("CREATED"));
        let err = parse_create_answer(br#"{"m2m_client":{"client_id":"c"}}"#).unwrap_err();
        assert!(err.contains("no client_secret"), "{err}");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = "[".repeat(100_000);
        assert!(parse_client_answer(deep.as_bytes()).is_err());
    }
}
