//! `/_mock/…`: fault injection and inspection for tests, demos and CI, behind the project's
//! credentials.
//!
//! - `POST /_mock/faults` with a fault object (or an array of them) queues faults
//! - `DELETE /_mock/faults` clears them (and opens every barrier)
//! - `GET /_mock/requests` lists the requests seen
//! - `GET /_mock/clients` lists the clients, secrets included
//! - `GET /_mock/minted` lists every client secret made, in order (`Minted`)
//! - `GET /_mock/concurrency` says how many API requests and connections were open at once,
//!   now and at most (`Concurrency`)
//! - `POST /_mock/secret-valid` with `{"client_id", "secret"}` says whether the token endpoint
//!   would accept that secret now: `{"valid": bool}`
//! - `POST /_mock/signing-key/rotate`, with no body or `{"pem": "<RSA private key>"}`, signs
//!   tokens with a new key from now on (the given one, or the next built-in test key) and keeps
//!   the previous key in the JWKS: `{"kid": "<the new key's id>"}`

use serde_json::{json, Value};

use crate::api::{self, Answer};
use crate::server::Parsed;
use crate::state::{Fault, State};

pub(crate) fn answer(state: &State, req: &Parsed) -> Answer {
    if !req.authorized {
        return api::unauthorized();
    }
    let ok = |body: Value| Answer { status: 200, body };
    match (req.method.as_str(), req.raw_path.as_str()) {
        ("POST", "/_mock/faults") => queue_faults(state, &req.body),
        ("DELETE", "/_mock/faults") => {
            state.clear_faults();
            ok(json!({ "cleared": true }))
        }
        ("GET", "/_mock/requests") => ok(json!({ "requests": state.requests() })),
        ("GET", "/_mock/clients") => ok(json!({ "clients": state.clients() })),
        ("GET", "/_mock/minted") => ok(json!({ "minted": state.minted_secrets() })),
        ("GET", "/_mock/concurrency") => ok(json!(state.concurrency())),
        ("POST", "/_mock/secret-valid") => secret_valid(state, &req.body),
        ("POST", "/_mock/signing-key/rotate") => rotate_signing_key(state, &req.body),
        _ => api::error(404, "route_not_found", "Unknown admin route."),
    }
}

fn queue_faults(state: &State, body: &[u8]) -> Answer {
    let faults: Result<Vec<Fault>, _> = serde_json::from_slice::<Fault>(body)
        .map(|f| vec![f])
        .or_else(|_| serde_json::from_slice::<Vec<Fault>>(body));
    match faults {
        Ok(faults) => {
            let n = faults.len();
            faults.into_iter().for_each(|f| state.inject(f));
            Answer {
                status: 200,
                body: json!({ "queued": n }),
            }
        }
        Err(e) => api::error(400, "invalid_fault", &format!("not a fault: {e}")),
    }
}

fn secret_valid(state: &State, body: &[u8]) -> Answer {
    let Ok(v) = serde_json::from_slice::<Value>(body) else {
        return api::error(400, "invalid_request", "The body is not JSON.");
    };
    match (v["client_id"].as_str(), v["secret"].as_str()) {
        (Some(id), Some(secret)) => Answer {
            status: 200,
            body: json!({ "valid": state.secret_is_valid(id, secret) }),
        },
        _ => api::error(400, "invalid_request", "client_id and secret are required."),
    }
}

fn rotate_signing_key(state: &State, body: &[u8]) -> Answer {
    let pem = match serde_json::from_slice::<Value>(body) {
        _ if body.iter().all(u8::is_ascii_whitespace) => None,
        Ok(v) if v["pem"].is_string() => v["pem"].as_str().map(str::to_owned),
        Ok(v) if v.as_object().is_some_and(|o| o.is_empty()) => None,
        _ => {
            return api::error(
                400,
                "invalid_request",
                "The body is empty or {\"pem\": \"<RSA private key in PEM>\"}.",
            )
        }
    };
    match state.rotate_signing_key(pem.as_deref().map(str::as_bytes)) {
        Ok(kid) => Answer {
            status: 200,
            body: json!({ "kid": kid }),
        },
        Err(e) => api::error(400, "invalid_signing_key", &e),
    }
}
