//! Access tokens as Stytch makes them: RS256 JWTs with Stytch's claims, signed with a key whose
//! public half the JWKS routes serve.
//!
//! Keys: without `--signing-key`, the local Stytch signs with fixed test keys shipped in
//! `mock/keys/` (RSA 2048, PKCS#8): loading one takes a few milliseconds even in a debug build,
//! where generating an RSA key would take seconds, and tests start many mocks. They are test keys,
//! public in this repository: a token they sign proves nothing outside a rehearsal. The keys are
//! parsed lazily, on the first token or JWKS request.
//!
//! Rotation (`POST /_mock/signing-key/rotate`) signs from then on with a new key (the next
//! built-in one, or a PEM given in the request) and keeps the previous one in the set, as Stytch
//! keeps an old key for a while, so that consumers can rehearse their JWKS caching.

use base64::Engine;
use ring::rsa::PublicKeyComponents;
use ring::signature::{RsaKeyPair, RSA_PKCS1_SHA256};
use rustls::pki_types::{pem::PemObject, PrivateKeyDer};
use serde_json::{json, Value};

/// The built-in test keys, used in turn.
const BUILT_IN: [&str; 3] = [
    include_str!("../keys/test-signing-key-1.pem"),
    include_str!("../keys/test-signing-key-2.pem"),
    include_str!("../keys/test-signing-key-3.pem"),
];

/// How many keys the set holds: the current one and the one before it.
const KEPT: usize = 2;

/// One signing key and its public JWK.
struct Key {
    pair: RsaKeyPair,
    kid: String,
    jwk: Value,
}

/// The keys: the last one signs; the set served is all of them.
#[derive(Default)]
pub(crate) struct Signing {
    /// A PEM given with `--signing-key`, parsed on first use.
    configured: Option<Vec<u8>>,
    keys: Vec<Key>,
    /// How many built-in keys have been taken, to take the next one on rotation.
    built_in_taken: usize,
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Parses a PKCS#8 or PKCS#1 RSA private key in PEM.
fn parse(pem: &[u8]) -> Result<Key, String> {
    let der = PrivateKeyDer::from_pem_slice(pem).map_err(|e| format!("not a PEM key: {e}"))?;
    let pair = match &der {
        PrivateKeyDer::Pkcs8(k) => RsaKeyPair::from_pkcs8(k.secret_pkcs8_der()),
        PrivateKeyDer::Pkcs1(k) => RsaKeyPair::from_der(k.secret_pkcs1_der()),
        _ => return Err("not an RSA key (PKCS#8 or PKCS#1 PEM expected)".into()),
    }
    .map_err(|e| format!("not a usable RSA key: {e}"))?;
    let public = PublicKeyComponents::<Vec<u8>>::from(pair.public());
    let (n, e) = (b64(&public.n), b64(&public.e));
    // RFC 7638 thumbprint: SHA-256 of the required members in lexicographic order.
    let canonical = format!(r#"{{"e":"{e}","kty":"RSA","n":"{n}"}}"#);
    let thumb = ring::digest::digest(&ring::digest::SHA256, canonical.as_bytes());
    let h: String = thumb.as_ref()[..16]
        .iter()
        .map(|x| format!("{x:02x}"))
        .collect();
    let kid = format!(
        "jwk-test-{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    );
    let jwk = json!({
        "kty": "RSA",
        "use": "sig",
        "key_ops": ["verify"],
        "alg": "RS256",
        "kid": kid,
        "x5c": [],
        "x5tS256": b64(thumb.as_ref()),
        "n": n,
        "e": e,
    });
    Ok(Key { pair, kid, jwk })
}

impl Signing {
    /// Signs with this PEM key (`--signing-key`) instead of the built-in ones.
    pub(crate) fn configure(&mut self, pem: Vec<u8>) -> Result<(), String> {
        parse(&pem)?;
        self.configured = Some(pem);
        self.keys.clear();
        Ok(())
    }

    fn ensure(&mut self) {
        if !self.keys.is_empty() {
            return;
        }
        let first = match &self.configured {
            Some(pem) => parse(pem).expect("checked when configured"),
            None => self.next_built_in(),
        };
        self.keys.push(first);
    }

    fn next_built_in(&mut self) -> Key {
        let pem = BUILT_IN[self.built_in_taken % BUILT_IN.len()];
        self.built_in_taken += 1;
        parse(pem.as_bytes()).expect("the built-in test keys parse")
    }

    /// Signs with a new key from now on (this PEM, or the next built-in key) and keeps the
    /// previous one in the set; returns the new key's id.
    pub(crate) fn rotate(&mut self, pem: Option<&[u8]>) -> Result<String, String> {
        self.ensure();
        let key = match pem {
            Some(pem) => parse(pem)?,
            None => self.next_built_in(),
        };
        let kid = key.kid.clone();
        self.keys.retain(|k| k.kid != kid);
        self.keys.push(key);
        while self.keys.len() > KEPT {
            self.keys.remove(0);
        }
        Ok(kid)
    }

    /// The public key set, newest first.
    pub(crate) fn jwks(&mut self) -> Vec<Value> {
        self.ensure();
        self.keys.iter().rev().map(|k| k.jwk.clone()).collect()
    }

    /// A signed JWT with these claims, `kid` and `typ` in its header.
    pub(crate) fn sign(&mut self, claims: &Value) -> String {
        self.ensure();
        let key = self.keys.last().expect("a key after ensure");
        let header = json!({ "alg": "RS256", "typ": "JWT", "kid": key.kid });
        let input = format!(
            "{}.{}",
            b64(header.to_string().as_bytes()),
            b64(claims.to_string().as_bytes())
        );
        let mut sig = vec![0u8; key.pair.public().modulus_len()];
        key.pair
            .sign(
                &RSA_PKCS1_SHA256,
                &ring::rand::SystemRandom::new(),
                input.as_bytes(),
                &mut sig,
            )
            .expect("RSA signing");
        format!("{input}.{}", b64(&sig))
    }
}

/// Stytch's M2M access token claims.
pub(crate) fn claims(project_id: &str, client_id: &str, scopes: &[String], now: u64) -> Value {
    json!({
        "sub": client_id,
        "iss": format!("stytch.com/{project_id}"),
        "aud": [project_id],
        "scope": scopes.join(" "),
        "iat": now,
        "nbf": now,
        "exp": now + TOKEN_LIFETIME,
        "jti": crate::state::uuid(),
    })
}

/// `expires_in` of a token, in seconds.
pub(crate) const TOKEN_LIFETIME: u64 = 3600;
