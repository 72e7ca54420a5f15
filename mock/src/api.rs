//! The Stytch M2M endpoints, answering as Stytch does: the same paths, state rules, success
//! shapes and error bodies (`{status_code, request_id, error_type, error_message, error_url}`).

use base64::Engine;
use serde_json::{json, Value};

use crate::state::{new_secret, uuid, ClientRecord, Route, State};

/// An answer before faults are applied.
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) body: Value,
}

impl Answer {
    pub(crate) fn ok(mut body: Value) -> Self {
        let obj = body.as_object_mut().expect("answers are objects");
        obj.insert("request_id".into(), request_id().into());
        obj.insert("status_code".into(), 200.into());
        Answer { status: 200, body }
    }
}

pub(crate) fn request_id() -> String {
    format!("request-id-test-{}", uuid())
}

/// Stytch's error body.
pub(crate) fn error(status: u16, error_type: &str, message: &str) -> Answer {
    Answer {
        status,
        body: json!({
            "status_code": status,
            "request_id": request_id(),
            "error_type": error_type,
            "error_message": message,
            "error_url": format!("https://stytch.com/docs/api/errors/{status}#{error_type}"),
        }),
    }
}

/// The OAuth2-shaped error of the token endpoint.
pub(crate) fn oauth_error(status: u16, error: &str, description: &str) -> Answer {
    Answer {
        status,
        body: json!({
            "status_code": status,
            "request_id": request_id(),
            "error": error,
            "error_description": description,
            "error_uri": "https://stytch.com/docs/api/errors",
        }),
    }
}

pub(crate) fn unauthorized() -> Answer {
    error(401, "unauthorized_credentials", "Unauthorized credentials.")
}

fn not_found() -> Answer {
    error(
        404,
        "m2m_client_not_found",
        "M2M client could not be found.",
    )
}

/// Project credentials from `Authorization: Basic …`.
pub(crate) fn authorized(state: &State, header: Option<&str>) -> bool {
    let Some(encoded) = header.and_then(|h| h.strip_prefix("Basic ")) else {
        return false;
    };
    let Ok(decoded) = base64::engine::general_purpose::STANDARD.decode(encoded.trim()) else {
        return false;
    };
    let Ok(text) = String::from_utf8(decoded) else {
        return false;
    };
    text.split_once(':')
        .is_some_and(|(user, pass)| user == state.project_id && pass == state.secret)
}

pub(crate) fn get_client(state: &State, id: &str) -> Answer {
    match state.lock().clients.get(id) {
        Some(c) => Answer::ok(json!({ "m2m_client": c.public() })),
        None => not_found(),
    }
}

pub(crate) fn create_client(state: &State, body: &[u8]) -> Answer {
    let req: Value = match serde_json::from_slice(body) {
        Ok(v @ Value::Object(_)) => v,
        _ => {
            return error(
                400,
                "invalid_request_body",
                "The request body is not a JSON object.",
            )
        }
    };
    let id = req["client_id"]
        .as_str()
        .map(str::to_owned)
        .unwrap_or_else(|| format!("m2m-client-test-{}", uuid()));
    let mut record = ClientRecord::new(&id, req["client_secret"].as_str());
    if let Some(name) = req["client_name"].as_str() {
        record.client_name = name.to_owned();
    }
    if let Some(d) = req["client_description"].as_str() {
        record.client_description = d.to_owned();
    }
    if let Some(scopes) = req["scopes"].as_array() {
        record.scopes = scopes
            .iter()
            .filter_map(|s| s.as_str().map(str::to_owned))
            .collect();
    }
    if let Some(meta @ Value::Object(_)) = req.get("trusted_metadata") {
        record.trusted_metadata = meta.clone();
    }
    let mut inner = state.lock();
    if inner.clients.contains_key(&id) {
        return error(
            400,
            "m2m_client_id_already_exists",
            "An M2M client with this client_id already exists.",
        );
    }
    let mut shown = record.public();
    shown["client_secret"] = record.client_secret.clone().into();
    inner.mint(&id, &record.client_secret, Some(Route::CreateClient));
    inner.clients.insert(id, record);
    Answer::ok(json!({ "m2m_client": shown }))
}

/// Stytch's metadata rules: at most 20 top-level keys, at most 4 KB as JSON.
const METADATA_KEYS: usize = 20;
const METADATA_BYTES: usize = 4096;

/// `PUT /v1/m2m/clients/{client_id}`: the fields given replace the client's; `trusted_metadata`
/// is merged at the top level, a key set to `null` is deleted, and the result must keep
/// Stytch's limits (else 400 and nothing changes).
pub(crate) fn update_client(state: &State, id: &str, body: &[u8]) -> Answer {
    let Ok(Value::Object(req)) = serde_json::from_slice::<Value>(body) else {
        return error(
            400,
            "invalid_request_body",
            "The request body is not a JSON object.",
        );
    };
    let mut inner = state.lock();
    let Some(client) = inner.clients.get_mut(id) else {
        return not_found();
    };
    let mut updated = client.clone();
    if let Some(meta) = req.get("trusted_metadata") {
        let Value::Object(changes) = meta else {
            return error(
                400,
                "invalid_trusted_metadata",
                "trusted_metadata must be a JSON object.",
            );
        };
        let mut merged = match &updated.trusted_metadata {
            Value::Object(m) => m.clone(),
            _ => serde_json::Map::new(),
        };
        for (k, v) in changes {
            if v.is_null() {
                merged.remove(k);
            } else {
                merged.insert(k.clone(), v.clone());
            }
        }
        if merged.len() > METADATA_KEYS {
            return error(
                400,
                "too_many_metadata_keys",
                "Metadata objects may contain a maximum of 20 top-level keys.",
            );
        }
        let merged = Value::Object(merged);
        if merged.to_string().len() > METADATA_BYTES {
            return error(
                400,
                "metadata_too_large",
                "Metadata objects cannot exceed 4KB in size.",
            );
        }
        updated.trusted_metadata = merged;
    }
    let text = |k: &str| req.get(k).and_then(Value::as_str).map(str::to_owned);
    if let Some(name) = text("client_name") {
        updated.client_name = name;
    }
    if let Some(d) = text("client_description") {
        updated.client_description = d;
    }
    *client = updated;
    Answer::ok(json!({ "m2m_client": client.public() }))
}

/// `DELETE /v1/m2m/clients/{client_id}` (`api_m2m_v1_m2m_clients_DeleteResponse`): the client
/// and its secrets are gone; the answer names the id, not the client.
pub(crate) fn delete_client(state: &State, id: &str) -> Answer {
    match state.lock().clients.remove(id) {
        Some(_) => Answer::ok(json!({ "client_id": id })),
        None => not_found(),
    }
}

pub(crate) fn rotate_start(state: &State, id: &str) -> Answer {
    let mut inner = state.lock();
    let Some(client) = inner.clients.get_mut(id) else {
        return not_found();
    };
    if client.next_client_secret.is_some() {
        return error(
            400,
            "m2m_client_already_rotating_secret",
            "The M2M client is already rotating its secret. Complete or cancel the rotation before starting a new one.",
        );
    }
    let next = new_secret();
    client.next_client_secret = Some(next.clone());
    let mut shown = client.public();
    shown["next_client_secret"] = next.clone().into();
    inner.mint(id, &next, Some(Route::RotateStart));
    Answer::ok(json!({ "m2m_client": shown }))
}

pub(crate) fn rotate(state: &State, id: &str) -> Answer {
    let mut inner = state.lock();
    let Some(client) = inner.clients.get_mut(id) else {
        return not_found();
    };
    let Some(next) = client.next_client_secret.take() else {
        return not_rotating();
    };
    client.client_secret = next;
    Answer::ok(json!({ "m2m_client": client.public() }))
}

pub(crate) fn rotate_cancel(state: &State, id: &str) -> Answer {
    let mut inner = state.lock();
    let Some(client) = inner.clients.get_mut(id) else {
        return not_found();
    };
    if client.next_client_secret.take().is_none() {
        return not_rotating();
    }
    Answer::ok(json!({ "m2m_client": client.public() }))
}

fn not_rotating() -> Answer {
    error(
        400,
        "m2m_client_not_rotating_secret",
        "The M2M client is not rotating its secret. Start a rotation first.",
    )
}

/// The fields of a client_credentials request, from a form or a JSON body.
pub(crate) struct TokenRequest {
    pub(crate) grant_type: Option<String>,
    pub(crate) client_id: Option<String>,
    pub(crate) client_secret: Option<String>,
    /// The scopes asked for (`scope`, space-separated, or a JSON `scopes` array); `None`: all
    /// the client has.
    pub(crate) scopes: Option<Vec<String>>,
}

fn split_scopes(s: &str) -> Vec<String> {
    s.split_whitespace().map(str::to_owned).collect()
}

impl TokenRequest {
    pub(crate) fn parse(content_type: Option<&str>, body: &[u8]) -> Option<TokenRequest> {
        if content_type.is_some_and(|c| c.starts_with("application/x-www-form-urlencoded")) {
            let mut req = TokenRequest {
                grant_type: None,
                client_id: None,
                client_secret: None,
                scopes: None,
            };
            for (k, v) in form_urlencoded::parse(body) {
                match &*k {
                    "grant_type" => req.grant_type = Some(v.into_owned()),
                    "client_id" => req.client_id = Some(v.into_owned()),
                    "client_secret" => req.client_secret = Some(v.into_owned()),
                    "scope" => req.scopes = Some(split_scopes(&v)),
                    _ => {}
                }
            }
            return Some(req);
        }
        let v: Value = serde_json::from_slice(body).ok()?;
        let field = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
        Some(TokenRequest {
            grant_type: field("grant_type"),
            client_id: field("client_id"),
            client_secret: field("client_secret"),
            scopes: match (v.get("scopes").and_then(Value::as_array), field("scope")) {
                (Some(list), _) => Some(
                    list.iter()
                        .filter_map(|s| s.as_str().map(str::to_owned))
                        .collect(),
                ),
                (None, Some(s)) => Some(split_scopes(&s)),
                (None, None) => None,
            },
        })
    }
}

/// Which secret a token request presented, and the answer.
pub(crate) fn token(
    state: &State,
    project: &str,
    req: Option<&TokenRequest>,
) -> (Option<&'static str>, Answer) {
    if project != state.project_id {
        return (
            None,
            oauth_error(
                404,
                "invalid_request",
                "No project matches this token endpoint.",
            ),
        );
    }
    let Some(req) = req else {
        return (
            None,
            oauth_error(
                400,
                "invalid_request",
                "The request body could not be parsed.",
            ),
        );
    };
    if req.grant_type.as_deref() != Some("client_credentials") {
        return (
            None,
            oauth_error(
                400,
                "unsupported_grant_type",
                "Only client_credentials is supported.",
            ),
        );
    }
    let (Some(id), Some(secret)) = (&req.client_id, &req.client_secret) else {
        return (
            None,
            oauth_error(
                400,
                "invalid_request",
                "client_id and client_secret are required.",
            ),
        );
    };
    let mut inner = state.lock();
    let Some(presented) = inner.which_secret(id, secret) else {
        return (
            Some("wrong"),
            oauth_error(401, "invalid_client", "Client authentication failed."),
        );
    };
    let granted = inner.clients[id.as_str()].scopes.clone();
    let scopes = match narrowed(granted, req.scopes.as_deref()) {
        Ok(scopes) => scopes,
        Err(refused) => return (Some(presented), refused),
    };
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let claims = crate::jwt::claims(&state.project_id, id, &scopes, now);
    let token = inner.signing.sign(&claims);
    (
        Some(presented),
        Answer::ok(json!({
            "access_token": token,
            "token_type": "bearer",
            "expires_in": crate::jwt::TOKEN_LIFETIME,
        })),
    )
}

/// The scopes a token gets: those asked for, each of which the client must have; none asked
/// for is every scope the client has.
fn narrowed(granted: Vec<String>, asked: Option<&[String]>) -> Result<Vec<String>, Answer> {
    match asked {
        Some(asked) if !asked.is_empty() => match asked.iter().find(|s| !granted.contains(s)) {
            Some(missing) => Err(oauth_error(
                400,
                "invalid_scope",
                &format!("The client does not have the requested scope {missing}."),
            )),
            None => Ok(asked.to_vec()),
        },
        _ => Ok(granted),
    }
}

/// `GET /v1/sessions/jwks/{project_id}` (and the B2B path): the public keys that sign access
/// tokens, newest first. Open to anyone, like a JWKS URL.
pub(crate) fn jwks(state: &State, project: &str) -> Answer {
    if project != state.project_id {
        return error(
            404,
            "project_not_found",
            "No project matches this project_id.",
        );
    }
    let keys = state.lock().signing.jwks();
    Answer::ok(json!({ "keys": keys }))
}

/// Which route a method and path reach, and the decoded id in it.
pub(crate) fn route(method: &hyper::Method, path: &str) -> (Route, Option<String>) {
    let segs: Vec<&str> = path.split('/').collect();
    let decode = |s: &str| {
        percent_encoding::percent_decode_str(s)
            .decode_utf8()
            .ok()
            .map(|c| c.into_owned())
    };
    let get = hyper::Method::GET == method;
    let post = hyper::Method::POST == method;
    match segs.as_slice() {
        ["", "_mock", ..] => (Route::Admin, None),
        ["", "v1", "m2m", "clients", "search"] if post => (Route::SearchClients, None),
        ["", "v1", "m2m", "clients"] if post => (Route::CreateClient, None),
        ["", "v1", "m2m", "clients", id] if get => (Route::GetClient, decode(id)),
        ["", "v1", "m2m", "clients", id] if hyper::Method::PUT == method => {
            (Route::UpdateClient, decode(id))
        }
        ["", "v1", "m2m", "clients", id] if hyper::Method::DELETE == method => {
            (Route::DeleteClient, decode(id))
        }
        ["", "v1", "m2m", "clients", id, "secrets", "rotate", "start"] if post => {
            (Route::RotateStart, decode(id))
        }
        ["", "v1", "m2m", "clients", id, "secrets", "rotate"] if post => {
            (Route::Rotate, decode(id))
        }
        ["", "v1", "m2m", "clients", id, "secrets", "rotate", "cancel"] if post => {
            (Route::RotateCancel, decode(id))
        }
        ["", "v1", "public", project, "oauth2", "token"] if post => (Route::Token, decode(project)),
        ["", "v1", "sessions", "jwks", project]
        | ["", "v1", "b2b", "sessions", "jwks", project]
            if get =>
        {
            (Route::Jwks, decode(project))
        }
        _ => (Route::Unknown, None),
    }
}
