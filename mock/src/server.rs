//! The HTTP side: accept connections, read and record each request, and answer it in four
//! steps: the admin routes, the faults that strike before any change, the Stytch route itself,
//! the faults that strike after the change.

use std::sync::Arc;

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::header::CONTENT_TYPE;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

use crate::api::{self, Answer, TokenRequest};
use crate::faults::{self, DropConnection};
use crate::state::{FaultKind, RecordedRequest, Route, State};

/// What a request body may be at most; Stytch's requests are tiny.
const MAX_REQUEST_BYTES: usize = 64 * 1024;

/// The `error_type` of the answer to a request whose handler panicked.
pub(crate) const PANIC_ERROR_TYPE: &str = "local_stytch_handler_panicked";

pub(crate) type HttpResponse = Response<Full<Bytes>>;
pub(crate) type Reply = Result<HttpResponse, DropConnection>;

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
            let _open = state.open(false);
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

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_owned())
}

/// A request, read whole, with what the steps below need to know about it.
pub(crate) struct Parsed {
    pub method: hyper::Method,
    pub raw_path: String,
    pub route: Route,
    /// The decoded id in the path: a client id, or the project id of a token request.
    pub path_id: Option<String>,
    pub authorized: bool,
    pub token: Option<TokenRequest>,
    pub body: Bytes,
    pub record: RecordedRequest,
}

async fn handle(state: Arc<State>, req: Request<Incoming>) -> Reply {
    let req = match read(&state, req).await {
        Ok(req) => req,
        Err(too_large) => return Ok(respond(too_large)),
    };
    if req.route == Route::Admin {
        state.record(req.record.clone());
        return Ok(respond(crate::admin::answer(&state, &req)));
    }
    let _open = state.open(true);
    let (latency, skew) = {
        let limits = &state.lock().limits;
        (limits.latency, limits.clock_skew)
    };
    let mut reply = api_route(&state, req).await;
    if let Some(latency) = latency {
        tokio::time::sleep(latency).await;
    }
    if let (Ok(answer), true) = (reply.as_mut(), skew != 0) {
        answer.headers_mut().insert(hyper::header::DATE, date(skew));
    }
    reply
}

/// The `Date` header `skew` seconds off this machine's clock.
fn date(skew: i64) -> hyper::header::HeaderValue {
    let now = std::time::SystemTime::now();
    let by = std::time::Duration::from_secs(skew.unsigned_abs());
    let then = if skew >= 0 { now + by } else { now - by };
    hyper::header::HeaderValue::from_str(&httpdate::fmt_http_date(then)).expect("an HTTP date")
}

/// An API route (not `/_mock/`): the rate limit, the faults before the change, the Stytch route,
/// the faults after the change.
async fn api_route(state: &Arc<State>, mut req: Parsed) -> Reply {
    let admitted = state.lock().limits.admit(std::time::Instant::now());
    if let Err(retry_after) = admitted {
        state.record(req.record);
        return Ok(faults::rate_limited(Some(retry_after)));
    }
    let fault = match state.take_fault(req.route) {
        Some((id, FaultKind::Barrier { count })) => {
            state.barrier(id, count).await;
            None
        }
        other => other.map(|(_, kind)| kind),
    };
    if let Some(reply) = faults::before_commit(fault.as_ref()) {
        state.record(req.record);
        return reply;
    }
    if let Some(FaultKind::LateCommit { ms }) = fault {
        state.record(req.record.clone());
        // A task of its own: the change is made even if hyper drops this request's future
        // because the caller closed the connection.
        let state = Arc::clone(state);
        let work = tokio::spawn(async move {
            tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
            stytch(&state, &mut req)
        });
        return Ok(respond(work.await.expect("the late commit ran")));
    }
    let answer = stytch(state, &mut req);
    state.record(req.record);
    faults::after_commit(fault, answer).await
}

/// Reads the body (or answers 413) and works out the route, the credentials and the record.
async fn read(state: &State, req: Request<Incoming>) -> Result<Parsed, Answer> {
    let (parts, body) = req.into_parts();
    let header = |name: &str| {
        parts
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let content_type = header("content-type");
    let body = match Limited::new(body, MAX_REQUEST_BYTES).collect().await {
        Ok(b) => b.to_bytes(),
        Err(_) => {
            return Err(api::error(
                413,
                "request_too_large",
                "The request body is too large.",
            ))
        }
    };
    let raw_path = parts.uri.path().to_owned();
    let (route, path_id) = api::route(&parts.method, &raw_path);
    let authorized = api::authorized(state, header("authorization").as_deref());
    let token = (route == Route::Token)
        .then(|| TokenRequest::parse(content_type.as_deref(), &body))
        .flatten();
    // A create or an update: its JSON body (never kept: a create may carry a client_secret).
    let sent = matches!(route, Route::CreateClient | Route::UpdateClient)
        .then(|| serde_json::from_slice::<serde_json::Value>(&body).ok())
        .flatten();
    let record = RecordedRequest {
        method: parts.method.to_string(),
        raw_path: raw_path.clone(),
        route,
        client_id: match route {
            Route::Token => token.as_ref().and_then(|t| t.client_id.clone()),
            Route::CreateClient => sent
                .as_ref()
                .and_then(|v| v.get("client_id")?.as_str().map(str::to_owned)),
            Route::Jwks => None,
            _ => path_id.clone(),
        },
        user_agent: header("user-agent"),
        content_type,
        authorized,
        secret_presented: None,
        metadata_keys: sent.as_ref().and_then(|v| {
            v.get("trusted_metadata")?
                .as_object()
                .map(|m| m.keys().cloned().collect())
        }),
        arrived: Some(std::time::Instant::now()),
    };
    Ok(Parsed {
        method: parts.method,
        raw_path,
        route,
        path_id,
        authorized,
        token,
        body,
        record,
    })
}

/// The Stytch route itself, exactly as Stytch answers it.
fn stytch(state: &State, req: &mut Parsed) -> Answer {
    let id = req.path_id.take().unwrap_or_default();
    match req.route {
        Route::Token => {
            let (presented, answer) = api::token(state, &id, req.token.as_ref());
            req.record.secret_presented = presented.map(str::to_owned);
            answer
        }
        Route::Jwks => api::jwks(state, &id),
        Route::Unknown | Route::Admin => api::error(
            404,
            "route_not_found",
            "The requested route does not exist.",
        ),
        _ if !req.authorized => api::unauthorized(),
        Route::GetClient => api::get_client(state, &id),
        Route::CreateClient => api::create_client(state, &req.body),
        Route::UpdateClient => api::update_client(state, &id, &req.body),
        Route::DeleteClient => api::delete_client(state, &id),
        Route::SearchClients => crate::search::search(state, &req.body),
        Route::RotateStart => api::rotate_start(state, &id),
        Route::Rotate => api::rotate(state, &id),
        Route::RotateCancel => api::rotate_cancel(state, &id),
    }
}

pub(crate) fn respond(answer: Answer) -> HttpResponse {
    raw(answer.status, "application/json", answer.body.to_string())
}

pub(crate) fn raw(status: u16, content_type: &str, body: String) -> HttpResponse {
    Response::builder()
        .status(status)
        .header(CONTENT_TYPE, content_type)
        .body(Full::new(Bytes::from(body)))
        .expect("valid response")
}
