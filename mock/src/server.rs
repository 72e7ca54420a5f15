//! The HTTP side: accept connections, record each request, apply waiting faults, answer.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::header::{CONTENT_TYPE, RETRY_AFTER};
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use serde_json::{json, Value};
use tokio::net::TcpListener;

use crate::api::{self, Answer, TokenRequest};
use crate::state::{Fault, FaultKind, RecordedRequest, Route, State};

/// What a request body may be at most; Stytch's requests are tiny.
const MAX_REQUEST_BYTES: usize = 64 * 1024;

/// Returned by the service to make hyper close the connection without an answer.
#[derive(Debug)]
pub struct DropConnection;

impl fmt::Display for DropConnection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("connection dropped on purpose (fault injection)")
    }
}

impl std::error::Error for DropConnection {}

/// Serves until `shutdown` resolves, over TLS when `tls` is given.
pub async fn serve(
    listener: TcpListener,
    state: Arc<State>,
    tls: Option<tokio_rustls::TlsAcceptor>,
    shutdown: impl std::future::Future<Output = ()>,
) {
    tokio::pin!(shutdown);
    loop {
        let (stream, _) = tokio::select! {
            _ = &mut shutdown => return,
            accepted = listener.accept() => match accepted {
                Ok(conn) => conn,
                Err(_) => continue,
            },
        };
        let state = state.clone();
        let tls = tls.clone();
        tokio::spawn(async move {
            let service = service_fn(move |req| guarded(state.clone(), req));
            let http = hyper::server::conn::http1::Builder::new();
            match tls {
                None => {
                    let _ = http.serve_connection(TokioIo::new(stream), service).await;
                }
                Some(acceptor) => {
                    // A client that refuses our certificate ends here, before any request.
                    if let Ok(stream) = acceptor.accept(stream).await {
                        let _ = http.serve_connection(TokioIo::new(stream), service).await;
                    }
                }
            }
        });
    }
}

/// A TLS acceptor from a PEM certificate chain and private key.
pub fn tls_acceptor(cert_pem: &[u8], key_pem: &[u8]) -> Result<tokio_rustls::TlsAcceptor, String> {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let certs = CertificateDer::pem_slice_iter(cert_pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("certificate: {e}"))?;
    let key = PrivateKeyDer::from_pem_slice(key_pem).map_err(|e| format!("private key: {e}"))?;
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .map_err(|e| e.to_string())?
    .with_no_client_auth()
    .with_single_cert(certs, key)
    .map_err(|e| e.to_string())?;
    Ok(tokio_rustls::TlsAcceptor::from(Arc::new(config)))
}

type Reply = Result<Response<Full<Bytes>>, DropConnection>;

/// Runs `handle` on a task of its own, so that a panic in it is recorded in the state (which
/// fails the test that owns the server) and answered with a 500 that says so, instead of only
/// closing the connection.
async fn guarded(state: Arc<State>, req: Request<Incoming>) -> Reply {
    match tokio::spawn(handle(state.clone(), req)).await {
        Ok(reply) => reply,
        Err(e) => {
            let message = match e.try_into_panic() {
                Ok(payload) => panic_message(payload.as_ref()),
                Err(e) => e.to_string(),
            };
            state.record_panic(message.clone());
            Ok(respond(api::error(
                500,
                PANIC_ERROR_TYPE,
                &format!("The local Stytch panicked while answering: {message}"),
            )))
        }
    }
}

/// The `error_type` of the answer to a request whose handler panicked.
pub const PANIC_ERROR_TYPE: &str = "local_stytch_handler_panicked";

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_owned())
}

async fn handle(state: Arc<State>, req: Request<Incoming>) -> Reply {
    let method = req.method().clone();
    let raw_path = req.uri().path().to_owned();
    let header = |name: &str| {
        req.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let user_agent = header("user-agent");
    let content_type = header("content-type");
    let authorization = header("authorization");
    let body = match Limited::new(req.into_body(), MAX_REQUEST_BYTES)
        .collect()
        .await
    {
        Ok(b) => b.to_bytes(),
        Err(_) => {
            return Ok(respond(api::error(
                413,
                "request_too_large",
                "The request body is too large.",
            )))
        }
    };
    let (route, path_id) = api::route(&method, &raw_path);
    let is_authorized = api::authorized(&state, authorization.as_deref());
    let token_req = (route == Route::Token)
        .then(|| TokenRequest::parse(content_type.as_deref(), &body))
        .flatten();
    let mut record = RecordedRequest {
        method: method.to_string(),
        raw_path: raw_path.clone(),
        route,
        client_id: match route {
            Route::Token => token_req.as_ref().and_then(|t| t.client_id.clone()),
            _ => path_id.clone(),
        },
        user_agent,
        content_type: content_type.clone(),
        authorized: is_authorized,
        secret_presented: None,
    };

    if route == Route::Admin {
        state.lock().requests.push(record);
        if !is_authorized {
            return Ok(respond(api::unauthorized()));
        }
        return Ok(respond(admin(&state, &method, &raw_path, &body)));
    }

    let fault = match state.take_fault(route) {
        Some((id, FaultKind::Barrier { count })) => {
            state.barrier(id, count).await;
            None
        }
        other => other.map(|(_, kind)| kind),
    };
    // Faults that answer before Stytch would have done anything.
    match &fault {
        Some(FaultKind::Status {
            status,
            commit: false,
        }) => {
            state.lock().requests.push(record);
            return Ok(respond(status_error(*status)));
        }
        Some(FaultKind::Html {
            status,
            commit: false,
        }) => {
            state.lock().requests.push(record);
            return Ok(html(*status));
        }
        Some(FaultKind::RateLimit { retry_after }) => {
            state.lock().requests.push(record);
            let mut resp = respond(api::error(
                429,
                "too_many_requests",
                "Too many requests have been made.",
            ));
            if let Some(secs) = retry_after {
                resp.headers_mut()
                    .insert(RETRY_AFTER, secs.to_string().parse().expect("digits"));
            }
            return Ok(resp);
        }
        Some(FaultKind::Drop { commit: false }) => {
            state.lock().requests.push(record);
            return Err(DropConnection);
        }
        Some(FaultKind::Body {
            status,
            content_type,
            body,
            commit: false,
        }) => {
            state.lock().requests.push(record);
            return Ok(raw(*status, content_type, body.clone()));
        }
        _ => {}
    }

    // The real work, exactly as Stytch does it.
    let answer = if route == Route::Token {
        let project = path_id.unwrap_or_default();
        let (presented, answer) = api::token(&state, &project, token_req.as_ref());
        record.secret_presented = presented.map(str::to_owned);
        answer
    } else if route == Route::Unknown {
        api::error(
            404,
            "route_not_found",
            "The requested route does not exist.",
        )
    } else if !is_authorized {
        api::unauthorized()
    } else {
        let id = path_id.unwrap_or_default();
        match route {
            Route::GetClient => api::get_client(&state, &id),
            Route::CreateClient => api::create_client(&state, &body),
            Route::RotateStart => api::rotate_start(&state, &id),
            Route::Rotate => api::rotate(&state, &id),
            Route::RotateCancel => api::rotate_cancel(&state, &id),
            Route::Token | Route::Admin | Route::Unknown => unreachable!("handled above"),
        }
    };
    state.lock().requests.push(record);

    // Faults that strike after the change was made.
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

fn html(status: u16) -> Response<Full<Bytes>> {
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

fn respond(answer: Answer) -> Response<Full<Bytes>> {
    raw(answer.status, "application/json", answer.body.to_string())
}

fn raw(status: u16, content_type: &str, body: String) -> Response<Full<Bytes>> {
    Response::builder()
        .status(status)
        .header(CONTENT_TYPE, content_type)
        .body(Full::new(Bytes::from(body)))
        .expect("valid response")
}

/// `/_mock/…`: fault injection and inspection for tests, demos and CI, behind the project's
/// credentials.
///
/// - `POST /_mock/faults` with a fault object (or an array of them) queues faults
/// - `DELETE /_mock/faults` clears them
/// - `GET /_mock/requests` lists the requests seen
/// - `GET /_mock/clients` lists the clients, secrets included
/// - `GET /_mock/minted` lists every client secret made, in order (`Minted`)
/// - `POST /_mock/secret-valid` with `{"client_id", "secret"}` says whether the token endpoint
///   would accept that secret now: `{"valid": bool}`
fn admin(state: &State, method: &hyper::Method, path: &str, body: &[u8]) -> Answer {
    let ok = |body: Value| Answer { status: 200, body };
    match (method.as_str(), path) {
        ("POST", "/_mock/faults") => {
            let faults: Result<Vec<Fault>, _> = serde_json::from_slice::<Fault>(body)
                .map(|f| vec![f])
                .or_else(|_| serde_json::from_slice::<Vec<Fault>>(body));
            match faults {
                Ok(faults) => {
                    let n = faults.len();
                    faults.into_iter().for_each(|f| state.inject(f));
                    ok(json!({ "queued": n }))
                }
                Err(e) => api::error(400, "invalid_fault", &format!("not a fault: {e}")),
            }
        }
        ("DELETE", "/_mock/faults") => {
            state.clear_faults();
            ok(json!({ "cleared": true }))
        }
        ("GET", "/_mock/requests") => ok(json!({ "requests": state.requests() })),
        ("GET", "/_mock/clients") => ok(json!({ "clients": state.clients() })),
        ("GET", "/_mock/minted") => ok(json!({ "minted": state.minted_secrets() })),
        ("POST", "/_mock/secret-valid") => match serde_json::from_slice::<Value>(body) {
            Ok(v) => match (v["client_id"].as_str(), v["secret"].as_str()) {
                (Some(id), Some(secret)) => {
                    ok(json!({ "valid": state.secret_is_valid(id, secret) }))
                }
                _ => api::error(400, "invalid_request", "client_id and secret are required."),
            },
            Err(e) => api::error(400, "invalid_request", &format!("not JSON: {e}")),
        },
        _ => api::error(404, "route_not_found", "Unknown admin route."),
    }
}
