//! The local Stytch's state: one project, its M2M clients, the faults waiting to be served, and a
//! log of the requests it has seen. All of it behind one mutex, so that two concurrent
//! `rotate/start` calls on one client are decided exactly as Stytch decides them: one wins.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tokio::sync::watch;

pub use crate::client::{new_secret, uuid, ClientRecord};
use crate::limits::Limits;

/// How long a request waits at a barrier for the others at most.
const BARRIER_TIMEOUT: Duration = Duration::from_secs(10);

/// Which endpoint a request reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Route {
    GetClient,
    CreateClient,
    /// `PUT /v1/m2m/clients/{client_id}`: name, description, status, scopes, trusted_metadata.
    UpdateClient,
    /// `DELETE /v1/m2m/clients/{client_id}`.
    DeleteClient,
    SearchClients,
    RotateStart,
    Rotate,
    RotateCancel,
    Token,
    /// `GET /v1/sessions/jwks/{project_id}` and `/v1/b2b/sessions/jwks/{project_id}`.
    Jwks,
    Admin,
    Unknown,
}

/// A fault to serve instead of (or on top of) the normal answer.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Fault {
    /// The endpoint it applies to; `None` means any API endpoint.
    #[serde(default)]
    pub route: Option<Route>,
    #[serde(flatten)]
    pub kind: FaultKind,
    /// How many requests it applies to.
    #[serde(default = "one")]
    pub times: u32,
}

fn one() -> u32 {
    1
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FaultKind {
    /// A Stytch JSON error with this status. With `commit`, the change is made first.
    Status {
        status: u16,
        #[serde(default)]
        commit: bool,
    },
    /// 429 `too_many_requests`, with `Retry-After` when given.
    RateLimit {
        #[serde(default)]
        retry_after: Option<u64>,
    },
    /// An HTML page with this status, as a proxy or gateway sends.
    Html {
        status: u16,
        #[serde(default)]
        commit: bool,
    },
    /// Make the change, then wait this long before answering.
    Delay { ms: u64 },
    /// Wait this long, then make the change and answer: a request Stytch is still working on
    /// when the caller gives up, and commits all the same (the change is made even if the
    /// connection was closed meanwhile). The request is recorded when it arrives.
    LateCommit { ms: u64 },
    /// Make the change, then send a 200 whose JSON body is cut in half.
    Truncate,
    /// Make the change, then send a 200 that is not JSON.
    NotJson,
    /// Hold each request until `count` requests have reached this fault, then let them all go on
    /// together (or after 10 s, whichever comes first). It applies to `count` requests (`times`
    /// is ignored), so two concurrent `rotate/start` calls really overlap inside Stytch.
    Barrier { count: u32 },
    /// Close the connection without an answer; with `commit`, after making the change.
    Drop {
        #[serde(default)]
        commit: bool,
    },
    /// Make the handler panic after the change, to check that a panicking local Stytch fails
    /// the test that runs it (see `MockServer`'s `Drop`).
    Panic,
    /// Answer with a body of this many bytes.
    Huge { bytes: usize },
    /// Answer with this status and JSON body sent chunked, with no `Content-Length` (the caller
    /// learns its length only by reading it); with `commit`, after the change.
    Streamed {
        status: u16,
        body: String,
        #[serde(default)]
        commit: bool,
    },
    /// Answer with exactly this status, content type and body; with `commit`, after the change.
    Body {
        status: u16,
        content_type: String,
        body: String,
        #[serde(default)]
        commit: bool,
    },
}

/// A request as the local Stytch saw it. The body is not kept (it may hold a client secret);
/// for token requests, which secret was presented is.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RecordedRequest {
    pub method: String,
    /// The path exactly as it arrived, percent-encoding and all.
    pub raw_path: String,
    pub route: Route,
    /// The client id after percent-decoding its one path segment (or from the body of a token
    /// request or a create).
    pub client_id: Option<String>,
    pub user_agent: Option<String>,
    pub content_type: Option<String>,
    pub authorized: bool,
    /// Token requests: "current", "next" or "wrong".
    pub secret_presented: Option<String>,
    /// Client creates and updates: the top-level keys of the `trusted_metadata` sent.
    #[serde(default)]
    pub metadata_keys: Option<Vec<String>>,
    /// When it arrived (read, before any fault): for tests of pacing, which measure the gaps
    /// between requests on the local Stytch's clock, not on the test's.
    #[serde(skip)]
    pub arrived: Option<std::time::Instant>,
}

/// A client secret the local Stytch came to hold, in the order it did.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Minted {
    pub client_id: String,
    pub secret: String,
    /// 0, 1, 2, … in the order the secrets were made.
    pub seq: u64,
    /// Where it was made: `Some(RotateStart)` or `Some(CreateClient)` through the API, `None`
    /// when a client was seeded (`State::add_client`, `MockServer::add_client`, `--client`).
    pub route: Option<Route>,
}

pub struct State {
    pub project_id: String,
    pub secret: String,
    inner: Mutex<Inner>,
}

#[derive(Default)]
pub(crate) struct Inner {
    pub clients: BTreeMap<String, ClientRecord>,
    pub faults: VecDeque<Queued>,
    pub requests: Vec<RecordedRequest>,
    /// Every client secret made, in order.
    pub mint_log: Vec<Minted>,
    /// Open barriers, by the id of their fault: the requests that have arrived, and the gate that
    /// lets them all go when it is dropped.
    pub barriers: HashMap<u64, (u32, watch::Sender<()>)>,
    /// The messages of handler panics, in order.
    pub panics: Vec<String>,
    pub limits: Limits,
    pub concurrency: Concurrency,
    /// The keys that sign access tokens.
    pub signing: crate::jwt::Signing,
    next_fault_id: u64,
}

/// How many API requests and connections were open at once: now, and at most so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Concurrency {
    pub requests: u32,
    pub max_requests: u32,
    pub connections: u32,
    pub max_connections: u32,
}

/// A fault waiting in the queue, with an id that outlives its removal (for barriers).
pub(crate) struct Queued {
    pub id: u64,
    pub fault: Fault,
}

impl Inner {
    /// Records a secret the local Stytch now holds.
    pub fn mint(&mut self, client_id: &str, secret: &str, route: Option<Route>) {
        let seq = self.mint_log.len() as u64;
        self.mint_log.push(Minted {
            client_id: client_id.to_owned(),
            secret: secret.to_owned(),
            seq,
            route,
        });
    }

    /// Which secret of an active client this is: "current", "next", or `None`.
    pub fn which_secret(&self, client_id: &str, secret: &str) -> Option<&'static str> {
        let c = self
            .clients
            .get(client_id)
            .filter(|c| c.status == "active")?;
        if c.client_secret == secret {
            Some("current")
        } else if c.next_client_secret.as_deref() == Some(secret) {
            Some("next")
        } else {
            None
        }
    }
}

impl State {
    pub fn new(project_id: String, secret: String) -> Self {
        State {
            project_id,
            secret,
            inner: Mutex::new(Inner::default()),
        }
    }

    pub(crate) fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Adds (or replaces) a client; its secrets join the log of minted secrets.
    pub fn add_client(&self, record: ClientRecord) {
        let mut inner = self.lock();
        inner.mint(&record.client_id, &record.client_secret, None);
        if let Some(next) = &record.next_client_secret {
            inner.mint(&record.client_id, next, None);
        }
        inner.clients.insert(record.client_id.clone(), record);
    }

    /// Signs access tokens with this PEM RSA key (PKCS#8 or PKCS#1) instead of the built-in
    /// test keys; an error says why the key is not usable.
    pub fn set_signing_key(&self, pem: &[u8]) -> Result<(), String> {
        self.lock().signing.configure(pem.to_vec())
    }

    /// Signs with a new key from now on (this PEM, or the next built-in test key), keeping the
    /// previous key in the JWKS; returns the new key's `kid`.
    pub fn rotate_signing_key(&self, pem: Option<&[u8]>) -> Result<String, String> {
        self.lock().signing.rotate(pem)
    }

    /// The JWKS's keys, newest (the signing one) first.
    pub fn jwks(&self) -> Vec<serde_json::Value> {
        self.lock().signing.jwks()
    }

    /// Replaces a client's `trusted_metadata` (tests: metadata someone else wrote).
    pub fn set_metadata(&self, id: &str, metadata: serde_json::Value) {
        if let Some(c) = self.lock().clients.get_mut(id) {
            c.trusted_metadata = metadata;
        }
    }

    pub fn client(&self, id: &str) -> Option<ClientRecord> {
        self.lock().clients.get(id).cloned()
    }

    pub fn clients(&self) -> Vec<ClientRecord> {
        self.lock().clients.values().cloned().collect()
    }

    /// Queues a fault; a `Barrier` applies to `count` requests whatever its `times`.
    pub fn inject(&self, mut fault: Fault) {
        if let FaultKind::Barrier { count } = fault.kind {
            fault.times = count.max(1);
        }
        let mut inner = self.lock();
        let id = inner.next_fault_id;
        inner.next_fault_id += 1;
        inner.faults.push_back(Queued { id, fault });
    }

    /// How many requests have arrived at a barrier that is still closed: held inside the local
    /// Stytch (a request that gave up waiting after 10 s still counts).
    pub fn held_at_barriers(&self) -> u32 {
        self.lock()
            .barriers
            .values()
            .map(|(arrived, _)| *arrived)
            .sum()
    }

    /// Clears the waiting faults and opens every barrier.
    pub fn clear_faults(&self) {
        let mut inner = self.lock();
        inner.faults.clear();
        inner.barriers.clear();
    }

    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.lock().requests.clone()
    }

    /// Every next secret `rotate/start` minted, in order: (client id, secret).
    pub fn minted(&self) -> Vec<(String, String)> {
        self.lock()
            .mint_log
            .iter()
            .filter(|m| m.route == Some(Route::RotateStart))
            .map(|m| (m.client_id.clone(), m.secret.clone()))
            .collect()
    }

    /// Every client secret the local Stytch came to hold, in order: seeded, created, or minted
    /// by `rotate/start`.
    pub fn minted_secrets(&self) -> Vec<Minted> {
        self.lock().mint_log.clone()
    }

    /// Adds `n` generated clients (see [`ClientRecord::generated`]), numbered on from the
    /// clients already there, and returns them, secrets included.
    pub fn generate_clients(&self, n: usize) -> Vec<ClientRecord> {
        let first = self.lock().clients.len();
        let records: Vec<ClientRecord> = (first..first + n).map(ClientRecord::generated).collect();
        for record in &records {
            self.add_client(record.clone());
        }
        records
    }

    /// Delays every answer of the API routes (not `/_mock/`) by this much; `None` for none.
    pub fn set_latency(&self, latency: Option<Duration>) {
        self.lock().limits.latency = latency;
    }

    /// Dates the API's answers (`Date`) this many seconds ahead of this machine's clock, behind
    /// when negative: a caller whose clock does not agree with Stytch's.
    pub fn set_clock_skew(&self, seconds: i64) {
        self.lock().limits.clock_skew = seconds;
    }

    /// Answers 429 (Stytch's body, with `Retry-After`) to API requests past this many in a
    /// one-second window; `None` for no limit.
    pub fn set_rate_limit(&self, per_second: Option<u32>) {
        self.lock().limits.set_rate_limit(per_second);
    }

    /// How many API requests (being answered, latency included) and connections were open at
    /// once, now and at most since the start.
    pub fn concurrency(&self) -> Concurrency {
        self.lock().concurrency
    }

    /// Counts an API request (`true`) or a connection (`false`) as open until the guard drops.
    pub(crate) fn open(self: &std::sync::Arc<Self>, request: bool) -> OpenGuard {
        let mut inner = self.lock();
        let c = &mut inner.concurrency;
        if request {
            c.requests += 1;
            c.max_requests = c.max_requests.max(c.requests);
        } else {
            c.connections += 1;
            c.max_connections = c.max_connections.max(c.connections);
        }
        OpenGuard {
            state: self.clone(),
            request,
        }
    }

    /// The messages of the panics of request handlers so far (none, in a healthy run).
    pub fn panics(&self) -> Vec<String> {
        self.lock().panics.clone()
    }

    pub(crate) fn record(&self, request: RecordedRequest) {
        self.lock().requests.push(request);
    }

    pub(crate) fn record_panic(&self, message: String) {
        self.lock().panics.push(message);
    }

    /// Whether the token endpoint would accept this secret for this client now: the client is
    /// active and it is its current or its pending secret.
    pub fn secret_is_valid(&self, client_id: &str, secret: &str) -> bool {
        self.lock().which_secret(client_id, secret).is_some()
    }

    /// Takes the first waiting fault that applies to `route`, with its id.
    pub(crate) fn take_fault(&self, route: Route) -> Option<(u64, FaultKind)> {
        let mut inner = self.lock();
        let pos = inner
            .faults
            .iter()
            .position(|q| q.fault.route.is_none_or(|r| r == route))?;
        let queued = &mut inner.faults[pos];
        let taken = (queued.id, queued.fault.kind.clone());
        queued.fault.times = queued.fault.times.saturating_sub(1);
        if queued.fault.times == 0 {
            inner.faults.remove(pos);
        }
        Some(taken)
    }

    /// Waits at the barrier of fault `id` until `count` requests have arrived there, or 10 s.
    pub(crate) async fn barrier(&self, id: u64, count: u32) {
        let waiting = {
            let mut inner = self.lock();
            let (arrived, gate) = inner
                .barriers
                .entry(id)
                .or_insert_with(|| (0, watch::channel(()).0));
            *arrived += 1;
            if *arrived >= count {
                // Dropping the gate wakes everyone waiting on it.
                inner.barriers.remove(&id);
                None
            } else {
                Some(gate.subscribe())
            }
        };
        if let Some(mut rx) = waiting {
            let _ = tokio::time::timeout(BARRIER_TIMEOUT, rx.changed()).await;
        }
    }
}

/// An open API request or connection; closed when dropped (also when its task is cancelled).
pub(crate) struct OpenGuard {
    state: std::sync::Arc<State>,
    request: bool,
}

impl Drop for OpenGuard {
    fn drop(&mut self) {
        let mut inner = self.state.lock();
        let c = &mut inner.concurrency;
        if self.request {
            c.requests = c.requests.saturating_sub(1);
        } else {
            c.connections = c.connections.saturating_sub(1);
        }
    }
}
