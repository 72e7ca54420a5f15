//! The local Stytch's state: one project, its M2M clients, the faults waiting to be served, and a
//! log of the requests it has seen. All of it behind one mutex, so that two concurrent
//! `rotate/start` calls on one client are decided exactly as Stytch decides them: one wins.

use std::collections::{BTreeMap, VecDeque};
use std::sync::{Mutex, MutexGuard};

use base64::Engine;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// One M2M client, secrets included (this is a test double: tests need to see what was minted).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ClientRecord {
    pub client_id: String,
    pub client_name: String,
    pub client_description: String,
    pub status: String,
    pub scopes: Vec<String>,
    pub client_secret: String,
    pub next_client_secret: Option<String>,
    pub trusted_metadata: Value,
}

impl ClientRecord {
    pub fn new(client_id: &str, client_secret: Option<&str>) -> Self {
        ClientRecord {
            client_id: client_id.to_owned(),
            client_name: "Local client".to_owned(),
            client_description: "A client of the local Stytch".to_owned(),
            status: "active".to_owned(),
            scopes: vec!["read:users".to_owned()],
            client_secret: client_secret.map(str::to_owned).unwrap_or_else(new_secret),
            next_client_secret: None,
            trusted_metadata: json!({}),
        }
    }

    /// `api_m2m_v1_M2MClient`: what Stytch shows of a client, no secret.
    pub fn public(&self) -> Value {
        json!({
            "client_id": self.client_id,
            "client_name": self.client_name,
            "client_description": self.client_description,
            "status": self.status,
            "scopes": self.scopes,
            "client_secret_last_four": last_four(&self.client_secret),
            "next_client_secret_last_four": self.next_client_secret.as_deref().map(last_four),
            "trusted_metadata": self.trusted_metadata,
        })
    }
}

pub fn last_four(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    chars[chars.len().saturating_sub(4)..].iter().collect()
}

/// Which endpoint a request reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Route {
    GetClient,
    CreateClient,
    RotateStart,
    Rotate,
    RotateCancel,
    Token,
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
    /// Make the change, then send a 200 whose JSON body is cut in half.
    Truncate,
    /// Make the change, then send a 200 that is not JSON.
    NotJson,
    /// Close the connection without an answer; with `commit`, after making the change.
    Drop {
        #[serde(default)]
        commit: bool,
    },
    /// Answer with a body of this many bytes.
    Huge { bytes: usize },
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
    /// The client id after percent-decoding its one path segment (or from a token request body).
    pub client_id: Option<String>,
    pub user_agent: Option<String>,
    pub content_type: Option<String>,
    pub authorized: bool,
    /// Token requests: "current", "next" or "wrong".
    pub secret_presented: Option<String>,
}

pub struct State {
    pub project_id: String,
    pub secret: String,
    inner: Mutex<Inner>,
}

#[derive(Default)]
pub(crate) struct Inner {
    pub clients: BTreeMap<String, ClientRecord>,
    pub faults: VecDeque<Fault>,
    pub requests: Vec<RecordedRequest>,
    /// Every next secret ever minted, in order: (client id, secret).
    pub minted: Vec<(String, String)>,
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

    pub fn add_client(&self, record: ClientRecord) {
        self.lock().clients.insert(record.client_id.clone(), record);
    }

    pub fn client(&self, id: &str) -> Option<ClientRecord> {
        self.lock().clients.get(id).cloned()
    }

    pub fn clients(&self) -> Vec<ClientRecord> {
        self.lock().clients.values().cloned().collect()
    }

    pub fn inject(&self, fault: Fault) {
        self.lock().faults.push_back(fault);
    }

    pub fn clear_faults(&self) {
        self.lock().faults.clear();
    }

    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.lock().requests.clone()
    }

    pub fn minted(&self) -> Vec<(String, String)> {
        self.lock().minted.clone()
    }

    /// Takes the first waiting fault that applies to `route`.
    pub(crate) fn take_fault(&self, route: Route) -> Option<FaultKind> {
        let mut inner = self.lock();
        let pos = inner
            .faults
            .iter()
            .position(|f| f.route.is_none_or(|r| r == route))?;
        let fault = &mut inner.faults[pos];
        let kind = fault.kind.clone();
        fault.times = fault.times.saturating_sub(1);
        if fault.times == 0 {
            inner.faults.remove(pos);
        }
        Some(kind)
    }
}

/// 33 random bytes as unpadded base64url: 44 characters, like Stytch's secrets.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 33];
    getrandom::fill(&mut bytes).expect("the OS random number generator failed");
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// A random UUID v4 in its usual text form.
pub fn uuid() -> String {
    let mut b = [0u8; 16];
    getrandom::fill(&mut b).expect("the OS random number generator failed");
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}
