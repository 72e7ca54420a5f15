//! The typed HTTP client for Stytch's M2M endpoints: requests, retries, and the rules that turn
//! every possible answer (or silence) into exactly one outcome.
//!
//! The rule that matters most: a rotation request that was sent and got no clear answer is never
//! retried and never reported as a plain failure. It is "outcome unknown" (exit 7), because
//! Stytch may have acted on it.

use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{ACCEPT, CONTENT_TYPE};
use reqwest::{Method, StatusCode, Url};
use zeroize::Zeroizing;

use super::failure::{self, Request};
use super::ids::{ClientId, ProjectId};
use super::models::{
    parse_client_answer, parse_start_answer, ClientAnswer, StartAnswer, TokenAnswer,
};
use super::pace::Pace;
use crate::error::{cause_chain, Error, ErrorKind, Result};
use crate::redacted::Secret;

/// Stytch's answers are a few kilobytes; anything past this is not an answer we want to hold.
pub const MAX_BODY_BYTES: usize = 1 << 20;
/// A search page: 1,000 clients, each of which may carry 4 KB of `trusted_metadata`.
pub const MAX_SEARCH_BODY_BYTES: usize = 8 << 20;

pub const USER_AGENT: &str = concat!("stytch-m2m/", env!("CARGO_PKG_VERSION"));

/// What this client needs to reach one Stytch project.
#[derive(Clone)]
pub struct Config {
    pub base_url: Url,
    pub project_id: ProjectId,
    pub secret: Secret,
    pub timeout: Duration,
    /// An extra CA certificate (PEM) to trust, for TLS-inspecting proxies and private fronts.
    pub ca_cert: Option<std::path::PathBuf>,
}

/// How many times, and how long, to retry what provably did not take effect.
#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    pub attempts: u32,
    pub base_delay: Duration,
    /// A `Retry-After` longer than this is not waited for: we fail and say when to try again.
    pub max_delay: Duration,
    /// The most we sleep in total across all retries of one request.
    pub max_total_wait: Duration,
    /// How many attempts a request gets when Stytch keeps answering 429 (`attempts` for
    /// everything else). A fleet shares one pacing, so it can afford to wait its turn longer.
    pub rate_limited_attempts: u32,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            attempts: 3,
            base_delay: Duration::from_millis(250),
            max_delay: Duration::from_secs(10),
            max_total_wait: Duration::from_secs(20),
            rate_limited_attempts: 3,
        }
    }
}

impl RetryPolicy {
    /// Whether attempt number `attempt` (from 1) that failed this way gets another, after `wait`
    /// on top of the `waited` so far.
    fn retries(&self, attempt: u32, rate_limited: bool, wait: Duration, waited: Duration) -> bool {
        let cap = if rate_limited {
            self.rate_limited_attempts
        } else {
            self.attempts
        };
        attempt < cap && wait <= self.max_delay && waited + wait <= self.max_total_wait
    }

    /// The wait after attempt number `attempt` when Stytch named none: a random point in the
    /// upper half of the exponential step.
    fn backoff(&self, attempt: u32) -> Duration {
        let permille = RandomState::new().hash_one(attempt) % 1000;
        self.backoff_step(attempt, permille as u32)
    }

    /// Half the exponential step (the base doubled per attempt, at most 2^8 times), plus
    /// `permille`/1000 of the other half.
    fn backoff_step(&self, attempt: u32, permille: u32) -> Duration {
        let exp = self.base_delay.saturating_mul(1 << (attempt - 1).min(8));
        exp / 2 + exp / 2 * permille / 1000
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    GetClient,
    RotateStart,
    RotateComplete,
    RotateCancel,
    Token,
    Search,
    /// `PUT /v1/m2m/clients/{client_id}`, for the rotation record (idempotent).
    Update,
    /// `POST /v1/m2m/clients`: a new client, whose secret is shown once (`clients create`).
    Create,
    /// `DELETE /v1/m2m/clients/{client_id}`.
    Delete,
}

impl Op {
    /// The endpoint, for messages.
    pub fn endpoint(self) -> &'static str {
        match self {
            Op::GetClient => "GET /v1/m2m/clients/{client_id}",
            Op::RotateStart => "POST /v1/m2m/clients/{client_id}/secrets/rotate/start",
            Op::RotateComplete => "POST /v1/m2m/clients/{client_id}/secrets/rotate",
            Op::RotateCancel => "POST /v1/m2m/clients/{client_id}/secrets/rotate/cancel",
            Op::Token => "POST /v1/public/{project_id}/oauth2/token",
            Op::Search => "POST /v1/m2m/clients/search",
            Op::Update => "PUT /v1/m2m/clients/{client_id}",
            Op::Create => "POST /v1/m2m/clients",
            Op::Delete => "DELETE /v1/m2m/clients/{client_id}",
        }
    }

    /// Whether sending it twice could do something twice.
    pub fn mutates(self) -> bool {
        matches!(
            self,
            Op::RotateStart | Op::RotateComplete | Op::RotateCancel | Op::Create | Op::Delete
        )
    }
}

/// Cheap to clone: clones share one connection pool and one [`Pace`].
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    cfg: Arc<Config>,
    retry: RetryPolicy,
    /// What to do when Stytch rejects the project credentials, if not the generic advice.
    credentials_hint: Option<String>,
    pace: Arc<Pace>,
    /// "the proxy host:port from HTTPS_PROXY", when requests go through one.
    proxy: Option<String>,
    /// Why secrets read from the keyring may not be sent to this base URL, if they may not.
    keyring_refusal: Option<(String, Option<String>)>,
    /// Stytch's clock minus ours, in seconds, from the last answer's `Date` header.
    clock_offset: Arc<std::sync::atomic::AtomicI64>,
}

impl Client {
    pub fn new(cfg: Config) -> Result<Self> {
        let trust = super::tls::trust(cfg.base_url.scheme() == "https", cfg.ca_cert.as_deref())?;
        let connect_timeout = cfg.timeout.min(Duration::from_secs(10));
        let mut builder = reqwest::Client::builder();
        let mut proxy = None;
        if cfg.base_url.scheme() == "https" {
            let var = |name: &str| std::env::var(name).ok();
            super::proxy::check_https_proxy(var)?;
            proxy = super::proxy::in_use(&cfg.base_url, var);
        }
        if cfg.base_url.scheme() == "http" {
            // Plain http is allowed only because it never leaves this machine: no proxy may see
            // the project secret in clear text (reqwest applies env proxies to every scheme).
            builder = builder.no_proxy();
        }
        let http = builder
            .user_agent(USER_AGENT)
            .timeout(cfg.timeout)
            .connect_timeout(connect_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .http1_only()
            .tls_backend_preconfigured(trust.config)
            .build()
            .map_err(|e| {
                Error::new(
                    ErrorKind::ClientSetupFailed,
                    format!("could not set up the HTTP client: {}", cause_chain(&e)),
                )
                .hint("check the proxy variables (HTTPS_PROXY, HTTP_PROXY, ALL_PROXY): each must be a URL")
            })?;
        Ok(Client {
            http,
            cfg: Arc::new(cfg),
            retry: RetryPolicy::default(),
            credentials_hint: None,
            pace: Arc::default(),
            proxy,
            keyring_refusal: None,
            clock_offset: Arc::default(),
        })
    }

    /// The same project and settings over a connection pool of its own: for requests made on
    /// another thread's runtime while this one's is blocked.
    pub fn with_own_pool(&self) -> Result<Client> {
        let mut fresh = Client::new((*self.cfg).clone())?;
        fresh.retry = self.retry;
        fresh.clock_offset = Arc::clone(&self.clock_offset);
        Ok(fresh)
    }

    /// Now, by Stytch's clock when an answer said it (its `Date` header), else by ours: runners'
    /// clocks do not have to agree for leases to hold.
    pub fn server_now(&self) -> std::time::SystemTime {
        let offset = self.clock_offset.load(std::sync::atomic::Ordering::Relaxed);
        shifted(std::time::SystemTime::now(), offset)
    }

    fn note_date(&self, headers: &reqwest::header::HeaderMap) {
        let Some(date) = headers
            .get(reqwest::header::DATE)
            .and_then(|d| d.to_str().ok())
            .and_then(|d| httpdate::parse_http_date(d).ok())
        else {
            return;
        };
        let secs = |t: std::time::SystemTime| {
            t.duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0))
        };
        let offset = secs(date) - secs(std::time::SystemTime::now());
        self.clock_offset
            .store(offset, std::sync::atomic::Ordering::Relaxed);
    }

    /// Writes `record` (or removes it: `None`) as the client's `trusted_metadata.stytch_m2m`,
    /// sending that one key only: Stytch merges it with the other keys, which stay as they are.
    pub async fn put_record(
        &self,
        id: &ClientId,
        record: Option<&serde_json::Value>,
    ) -> Result<ClientAnswer> {
        let url = self.url(&format!("/v1/m2m/clients/{}", id.segment()))?;
        let value = record.cloned().unwrap_or(serde_json::Value::Null);
        let body = serde_json::json!({ "trusted_metadata": { super::record::KEY: value } });
        let body = Zeroizing::new(body.to_string().into_bytes());
        let answer = self
            .send_with_retries(Op::Update, id, url, Some(body), true)
            .await?;
        parse_client_answer(&answer)
            .map(|(answer, _)| answer)
            .map_err(|why| failure::unreadable(&self.request(Op::Update, id), &why))
    }

    /// "the proxy host:port from HTTPS_PROXY", when requests go through one.
    pub fn proxy(&self) -> Option<&str> {
        self.proxy.as_deref()
    }

    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// The fix to show when Stytch rejects the project credentials (401/403), e.g. how to log in
    /// again when the secret came from a profile.
    /// Refuses, from now on, secrets read from the keyring (see [`Client::keyring_secrets_allowed`]).
    pub fn with_keyring_refusal(mut self, refusal: Option<Error>) -> Self {
        self.keyring_refusal = refusal.map(|e| (e.message, e.hint));
        self
    }

    /// Call before sending a secret read from the keyring: it belongs to a profile's base URL,
    /// and this client may point elsewhere.
    pub fn keyring_secrets_allowed(&self) -> Result<()> {
        match &self.keyring_refusal {
            Some((message, hint)) => {
                let err = Error::new(ErrorKind::Usage, message.clone());
                Err(match hint {
                    Some(hint) => err.hint(hint.clone()),
                    None => err,
                })
            }
            None => Ok(()),
        }
    }

    pub fn with_credentials_hint(mut self, hint: String) -> Self {
        self.credentials_hint = Some(hint);
        self
    }

    pub fn project_id(&self) -> &ProjectId {
        &self.cfg.project_id
    }

    /// How long one request may take (`--timeout`).
    pub fn timeout(&self) -> Duration {
        self.cfg.timeout
    }

    /// The pacing every clone of this client shares (see [`Pace`]).
    pub fn pace(&self) -> &Pace {
        &self.pace
    }

    /// The project secret, for redacting it from text this process passes on.
    pub(crate) fn project_secret(&self) -> &Secret {
        &self.cfg.secret
    }

    pub async fn get_client(&self, id: &ClientId) -> Result<ClientAnswer> {
        self.client_answer(Op::GetClient, id, "").await
    }

    pub async fn rotate_start(&self, id: &ClientId) -> Result<StartAnswer> {
        let body = self
            .call(Op::RotateStart, id, "/secrets/rotate/start")
            .await?;
        parse_start_answer(&body)
            .map_err(|why| failure::unreadable(&self.request(Op::RotateStart, id), &why))
    }

    pub async fn rotate_complete(&self, id: &ClientId) -> Result<ClientAnswer> {
        self.client_answer(Op::RotateComplete, id, "/secrets/rotate")
            .await
    }

    pub async fn rotate_cancel(&self, id: &ClientId) -> Result<ClientAnswer> {
        self.client_answer(Op::RotateCancel, id, "/secrets/rotate/cancel")
            .await
    }

    async fn client_answer(&self, op: Op, id: &ClientId, suffix: &str) -> Result<ClientAnswer> {
        let body = self.call(op, id, suffix).await?;
        parse_client_answer(&body)
            .map(|(answer, _)| answer)
            .map_err(|why| failure::unreadable(&self.request(op, id), &why))
    }

    /// Asks the token endpoint for an access token with `secret` (client_credentials): the proof
    /// that a secret works. Failure to get a token is `ExitCode::Verification`.
    pub async fn token(&self, id: &ClientId, secret: &Secret) -> Result<TokenAnswer> {
        self.token_scoped(id, secret, &[]).await
    }

    /// The same, asking for these scopes only (none: every scope the client has).
    pub async fn token_scoped(
        &self,
        id: &ClientId,
        secret: &Secret,
        scopes: &[String],
    ) -> Result<TokenAnswer> {
        let url = self.url(&format!(
            "/v1/public/{}/oauth2/token",
            self.cfg.project_id.segment()
        ))?;
        let mut request = serde_json::json!({
            "grant_type": "client_credentials",
            "client_id": id.as_str(),
            "client_secret": secret.expose(),
        });
        if !scopes.is_empty() {
            request["scope"] = scopes.join(" ").into();
        }
        let body = Zeroizing::new(request.to_string().into_bytes());
        drop(request);
        let body = self
            .send_with_retries(Op::Token, id, url, Some(body), false)
            .await?;
        let answer: TokenAnswer = serde_json::from_slice(&body).map_err(|_| {
            Error::new(
                ErrorKind::UnreadableAnswer,
                "the token endpoint answered 2xx with a body that is not a token response",
            )
        })?;
        if !answer.has_token() {
            return Err(Error::new(
                ErrorKind::VerificationFailed,
                "the token endpoint answered without an access token",
            ));
        }
        Ok(answer)
    }

    pub(super) fn url(&self, path: &str) -> Result<Url> {
        let base = self.cfg.base_url.as_str().trim_end_matches('/');
        Url::parse(&format!("{base}{path}"))
            .map_err(|e| Error::internal(format!("could not build a request URL: {e}")))
    }

    async fn call(&self, op: Op, id: &ClientId, suffix: &str) -> Result<Zeroizing<Vec<u8>>> {
        let url = self.url(&format!("/v1/m2m/clients/{}{suffix}", id.segment()))?;
        let body = (op.method() == Method::POST).then(|| Zeroizing::new(b"{}".to_vec()));
        self.send_with_retries(op, id, url, body, true).await
    }

    pub(super) async fn send_with_retries(
        &self,
        op: Op,
        id: &ClientId,
        url: Url,
        body: Option<Zeroizing<Vec<u8>>>,
        project_auth: bool,
    ) -> Result<Zeroizing<Vec<u8>>> {
        let mut waited = Duration::ZERO;
        let mut attempt = 0;
        loop {
            attempt += 1;
            self.pace.ready().await;
            let outcome = self
                .send_once(
                    op,
                    id,
                    &url,
                    body.as_ref().map(|b| b.as_slice()),
                    project_auth,
                )
                .await;
            let (wait, err) = match outcome {
                Attempt::Done(body) => return Ok(body),
                Attempt::Fail(err) => return Err(self.advise(err)),
                Attempt::Retry { after, err } => {
                    (after.unwrap_or_else(|| self.retry.backoff(attempt)), err)
                }
            };
            let limited = err.kind == ErrorKind::RateLimited;
            if !self.retry.retries(attempt, limited, wait, waited) {
                return Err(err);
            }
            waited += wait;
            if limited {
                // Stytch asked this project to slow down: every clone of this client waits
                // (in `ready`, before its next request), not only this request.
                self.pace.pause(wait);
            } else {
                tokio::time::sleep(wait).await;
            }
        }
    }

    async fn send_once(
        &self,
        op: Op,
        id: &ClientId,
        url: &Url,
        body: Option<&[u8]>,
        project_auth: bool,
    ) -> Attempt {
        let mut req = self
            .http
            .request(op.method(), url.clone())
            .header(ACCEPT, "application/json");
        if project_auth {
            req = req.basic_auth(self.cfg.project_id.as_str(), Some(self.cfg.secret.expose()));
        }
        if let Some(body) = body {
            req = req
                .header(CONTENT_TYPE, "application/json")
                .body(body.to_vec());
        }
        let resp = match req.send().await {
            Ok(resp) => resp,
            Err(e) => return self.transport_failure(op, id, &e),
        };
        let status = resp.status();
        let headers = resp.headers().clone();
        self.note_date(&headers);
        let cap = if op == Op::Search {
            MAX_SEARCH_BODY_BYTES
        } else {
            MAX_BODY_BYTES
        };
        let body = match read_capped(resp, cap).await {
            Ok(body) => body,
            Err(ReadError::TooLarge) => {
                let req = self.request(op, id);
                let err = if status.is_success() {
                    let why = format!("the body is larger than {cap} bytes");
                    failure::unreadable(&req, &why)
                } else {
                    failure::status_failure(&req, status, &headers, b"")
                };
                return Attempt::Fail(err);
            }
            Err(ReadError::Http(e)) => return self.transport_failure(op, id, &e),
        };
        if status.is_success() {
            return Attempt::Done(body);
        }
        let err = failure::status_failure(&self.request(op, id), status, &headers, &body);
        if status == StatusCode::TOO_MANY_REQUESTS {
            return Attempt::Retry {
                after: failure::retry_after(&headers),
                err,
            };
        }
        if !op.mutates() && status.is_server_error() {
            return Attempt::Retry { after: None, err };
        }
        Attempt::Fail(err)
    }

    fn advise(&self, err: Error) -> Error {
        match &self.credentials_hint {
            Some(hint) if err.kind == ErrorKind::Unauthorized => err.hint(hint.clone()),
            _ => err,
        }
    }

    /// The request never produced an HTTP answer.
    fn transport_failure(&self, op: Op, id: &ClientId, e: &reqwest::Error) -> Attempt {
        let cause = cause_chain(e);
        let refused = io_kind(e) == Some(std::io::ErrorKind::ConnectionRefused);
        if e.is_connect() {
            // Nothing reached Stytch: safe for every operation.
            if cause.contains("InvalidContentType") {
                // The first bytes back were not TLS: a plain-http server on that port.
                let local = crate::config::is_loopback(&self.cfg.base_url);
                return Attempt::Fail(super::tls::not_tls(&self.cfg.base_url, local));
            }
            if is_tls_failure(&cause) {
                return Attempt::Fail(super::tls::tls_failure(&self.host(), &cause));
            }
            let err = match &self.proxy {
                Some(proxy) => Error::new(
                    ErrorKind::ConnectionFailed,
                    format!("could not connect to {} through {proxy}: {cause}", self.host()),
                )
                .hint(format!(
                    "nothing was sent. Check that {proxy} is up and reachable (or unset the \
                     variable, or name the host in NO_PROXY), then run the same command again"
                )),
                None => Error::new(
                    ErrorKind::ConnectionFailed,
                    format!("could not connect to {}: {cause}", self.host()),
                )
                .hint(
                    "nothing was sent. Check the network, the proxy settings (HTTPS_PROXY, NO_PROXY) \
                     and --base-url / STYTCH_BASE_URL, then run the same command again",
                ),
            };
            return if refused || e.is_timeout() {
                Attempt::Retry { after: None, err }
            } else {
                Attempt::Fail(err)
            };
        }
        let what = if e.is_timeout() {
            "no answer came before the timeout".to_owned()
        } else {
            format!("the connection failed before a full answer came ({cause})")
        };
        if op.mutates() {
            Attempt::Fail(failure::unknown(&self.request(op, id), &what))
        } else {
            let kind = if e.is_timeout() {
                ErrorKind::Timeout
            } else {
                ErrorKind::ConnectionFailed
            };
            let err = Error::new(
                kind,
                format!("{} at {}: {what}", op.endpoint(), self.host()),
            )
            .hint("try again; raise --timeout if Stytch is slow from this network");
            Attempt::Retry { after: None, err }
        }
    }

    pub(super) fn request<'a>(&'a self, op: Op, id: &'a ClientId) -> Request<'a> {
        Request {
            op,
            id,
            project: &self.cfg.project_id,
            host: self.host(),
        }
    }

    fn host(&self) -> String {
        let url = &self.cfg.base_url;
        match url.port() {
            Some(port) => format!("{}:{port}", url.host_str().unwrap_or("?")),
            None => url.host_str().unwrap_or("?").to_owned(),
        }
    }
}

impl Op {
    fn method(self) -> Method {
        match self {
            Op::GetClient => Method::GET,
            Op::Update => Method::PUT,
            Op::Delete => Method::DELETE,
            _ => Method::POST,
        }
    }
}

enum Attempt {
    Done(Zeroizing<Vec<u8>>),
    Retry { after: Option<Duration>, err: Error },
    Fail(Error),
}

enum ReadError {
    TooLarge,
    Http(reqwest::Error),
}

async fn read_capped(
    mut resp: reqwest::Response,
    cap: usize,
) -> std::result::Result<Zeroizing<Vec<u8>>, ReadError> {
    if resp.content_length().is_some_and(|n| n > cap as u64) {
        return Err(ReadError::TooLarge);
    }
    let mut body = Zeroizing::new(Vec::new());
    while let Some(chunk) = resp.chunk().await.map_err(ReadError::Http)? {
        if body.len() + chunk.len() > cap {
            return Err(ReadError::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Whether a connect error's cause chain tells of TLS (a certificate, the handshake).
fn is_tls_failure(cause: &str) -> bool {
    let lower = cause.to_ascii_lowercase();
    lower.contains("certificate") || lower.contains("tls") || lower.contains("handshake")
}

fn io_kind(e: &(dyn std::error::Error + 'static)) -> Option<std::io::ErrorKind> {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = cur {
        if let Some(io) = err.downcast_ref::<std::io::Error>() {
            return Some(io.kind());
        }
        cur = err.source();
    }
    None
}

/// `now` moved by `offset` seconds (Stytch's clock minus ours), either way.
fn shifted(now: std::time::SystemTime, offset: i64) -> std::time::SystemTime {
    if offset >= 0 {
        now + Duration::from_secs(offset.unsigned_abs())
    } else {
        now - Duration::from_secs(offset.unsigned_abs())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: Duration = Duration::from_millis(1);

    #[test]
    fn backoff_is_the_upper_half_of_a_doubling_step_capped_at_2_to_the_8() {
        let policy = RetryPolicy::default(); // 250 ms base
        let step = |attempt, permille| policy.backoff_step(attempt, permille);
        assert_eq!(step(1, 0), 125 * MS);
        assert_eq!(step(1, 500), Duration::from_micros(187_500));
        assert_eq!(step(1, 999), Duration::from_micros(249_875));
        assert_eq!(step(2, 0), 250 * MS);
        assert_eq!(step(3, 500), 750 * MS);
        assert_eq!(step(9, 0), Duration::from_secs(32));
        assert_eq!(step(40, 0), Duration::from_secs(32), "2^8 at most");
        for attempt in 1..=12 {
            let exp = 250 * MS * (1 << (attempt - 1).min(8));
            let wait = policy.backoff(attempt);
            assert!(exp / 2 <= wait && wait < exp, "attempt {attempt}: {wait:?}");
        }
    }

    #[test]
    fn stytchs_clock_is_ours_moved_by_the_offset_either_way() {
        let t = std::time::UNIX_EPOCH + Duration::from_secs(1_000);
        assert_eq!(shifted(t, 0), t);
        assert_eq!(shifted(t, 5), t + Duration::from_secs(5));
        assert_eq!(shifted(t, -5), t - Duration::from_secs(5));
    }

    #[test]
    fn tls_failures_are_told_by_any_one_of_their_words() {
        for cause in [
            "invalid peer certificate: Expired",
            "received fatal alert: HandshakeFailure",
            "TLS connection init failed",
        ] {
            assert!(is_tls_failure(cause), "{cause}");
        }
        assert!(!is_tls_failure(
            "tcp connect error: Connection refused (os error 111)"
        ));
    }

    #[test]
    fn retries_stop_at_the_attempt_cap_the_longest_wait_and_the_total() {
        let policy = RetryPolicy {
            rate_limited_attempts: 5,
            ..RetryPolicy::default()
        };
        let (s, zero) = (Duration::from_secs(1), Duration::ZERO);
        assert!(policy.retries(2, false, s, zero));
        assert!(!policy.retries(3, false, s, zero), "3 attempts");
        assert!(policy.retries(4, true, s, zero), "429s get their own cap");
        assert!(!policy.retries(5, true, s, zero));
        assert!(
            policy.retries(1, true, 10 * s, zero),
            "Retry-After 10 is waited for"
        );
        assert!(!policy.retries(1, true, 11 * s, zero), "11 is not");
        assert!(policy.retries(2, true, 10 * s, 10 * s), "20 s in all");
        assert!(!policy.retries(2, true, 10 * s, 10 * s + MS));
    }
}
