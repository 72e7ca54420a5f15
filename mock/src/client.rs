//! One M2M client as the local Stytch holds it (secrets included), and the random values it
//! makes: secrets and ids in Stytch's formats.

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

    /// The `n`th of a batch of generated clients: an id in Stytch's format, a distinct name, and
    /// scopes that vary with `n`: always `read:users`, plus `write:users` when `n` is even,
    /// `read:orders` when `n` is a multiple of 3, and `admin` when `n` is a multiple of 10.
    pub fn generated(n: usize) -> Self {
        let mut record = ClientRecord::new(&format!("m2m-client-test-{}", uuid()), None);
        record.client_name = format!("Generated client {n}");
        record.client_description = format!("Generated client number {n} of the local Stytch");
        let extra = [(2, "write:users"), (3, "read:orders"), (10, "admin")];
        for (every, scope) in extra {
            if n.is_multiple_of(every) {
                record.scopes.push(scope.to_owned());
            }
        }
        record
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

fn last_four(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    chars[chars.len().saturating_sub(4)..].iter().collect()
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
