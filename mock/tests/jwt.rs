//! Access tokens of the local Stytch, decoded and verified with a real JWT library against the
//! JWKS it serves: RS256, Stytch's claims, scopes, and a signing-key rotation that keeps the old
//! key in the set.

mod support;

use jsonwebtoken::{decode, decode_header, Algorithm, DecodingKey, Validation};
use serde_json::{json, Value};
use stytch_m2m_mock::MockServer;
use support::{call, PROJECT, SECRET};

const CLIENT: &str = "m2m-client-test-jwt";

fn token(m: &MockServer, secret: &str, extra: Value) -> support::Reply {
    let mut body = json!({
        "grant_type": "client_credentials",
        "client_id": CLIENT,
        "client_secret": secret,
    });
    body.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    call(
        m.addr(),
        "POST",
        &format!("/v1/public/{PROJECT}/oauth2/token"),
        &body.to_string(),
    )
}

fn access_token(m: &MockServer, secret: &str, extra: Value) -> String {
    let reply = token(m, secret, extra);
    assert_eq!(reply.status, 200, "{}", reply.body);
    let v = reply.json();
    assert_eq!(v["token_type"], "bearer");
    assert_eq!(v["expires_in"], 3600);
    v["access_token"].as_str().unwrap().to_owned()
}

fn jwks(m: &MockServer, path: &str) -> Vec<Value> {
    let reply = call(m.addr(), "GET", &format!("{path}/{PROJECT}"), "");
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.json()["keys"].as_array().unwrap().clone()
}

/// Verifies a token as a resource server would: the key of its `kid` in the JWKS, RS256 only,
/// Stytch's issuer and audience, expiry.
fn verify(token: &str, keys: &[Value]) -> Result<Value, String> {
    let header = decode_header(token).map_err(|e| e.to_string())?;
    let kid = header.kid.ok_or("no kid")?;
    let jwk = keys
        .iter()
        .find(|k| k["kid"] == kid.as_str())
        .ok_or(format!("kid {kid} is not in the JWKS"))?;
    let key =
        DecodingKey::from_rsa_components(jwk["n"].as_str().unwrap(), jwk["e"].as_str().unwrap())
            .map_err(|e| e.to_string())?;
    let mut validation = Validation::new(Algorithm::RS256);
    validation.set_audience(&[PROJECT]);
    validation.set_issuer(&[format!("stytch.com/{PROJECT}")]);
    validation.set_required_spec_claims(&["exp", "nbf", "iat", "aud", "iss", "sub"]);
    validation.validate_nbf = true;
    decode::<Value>(token, &key, &validation)
        .map(|t| t.claims)
        .map_err(|e| e.to_string())
}

#[test]
fn a_token_is_an_rs256_jwt_with_stytchs_claims_verified_by_the_jwks() {
    let m = MockServer::start(PROJECT, SECRET).unwrap();
    let client = m.add_client(CLIENT);
    let t = access_token(&m, &client.client_secret, json!({}));

    let header = decode_header(&t).unwrap();
    assert_eq!(header.alg, Algorithm::RS256);
    assert_eq!(header.typ.as_deref(), Some("JWT"));
    let keys = jwks(&m, "/v1/sessions/jwks");
    assert_eq!(keys.len(), 1);
    assert_eq!(keys, jwks(&m, "/v1/b2b/sessions/jwks"));
    let key = &keys[0];
    assert_eq!(
        (&key["kty"], &key["alg"], &key["use"]),
        (&json!("RSA"), &json!("RS256"), &json!("sig"))
    );
    assert_eq!(Some(key["kid"].as_str().unwrap()), header.kid.as_deref());

    let claims = verify(&t, &keys).unwrap();
    assert_eq!(claims["sub"], CLIENT);
    assert_eq!(claims["iss"], format!("stytch.com/{PROJECT}"));
    assert_eq!(claims["aud"], json!([PROJECT]));
    assert_eq!(claims["scope"], "read:users");
    let (iat, nbf, exp) = (
        claims["iat"].as_u64().unwrap(),
        claims["nbf"].as_u64().unwrap(),
        claims["exp"].as_u64().unwrap(),
    );
    assert_eq!((nbf, exp - iat), (iat, 3600));

    // The pending secret gets a token too; a token signed by another key is refused.
    let pem = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/keys/pkcs1-signing-key.pem"
    ))
    .unwrap();
    let other = MockServer::start(PROJECT, SECRET).unwrap();
    other.state().set_signing_key(&pem).unwrap();
    other.add_client(CLIENT);
    let forged = access_token(
        &other,
        &other.state().client(CLIENT).unwrap().client_secret,
        json!({}),
    );
    let err = verify(&forged, &keys).unwrap_err();
    assert!(err.contains("is not in the JWKS"), "{err}");
    let mut relabelled = forged.split('.').map(str::to_owned).collect::<Vec<_>>();
    relabelled[0] = t.split('.').next().unwrap().to_owned();
    let err = verify(&relabelled.join("."), &keys).unwrap_err();
    assert!(err.contains("InvalidSignature"), "{err}");
}

#[test]
fn scopes_asked_for_narrow_the_token_and_a_scope_the_client_lacks_is_refused() {
    let m = MockServer::start(PROJECT, SECRET).unwrap();
    let mut client = stytch_m2m_mock::ClientRecord::new(CLIENT, None);
    client.scopes = vec!["read:users".into(), "write:users".into()];
    m.state().add_client(client.clone());
    let keys = jwks(&m, "/v1/sessions/jwks");

    let all = access_token(&m, &client.client_secret, json!({}));
    assert_eq!(
        verify(&all, &keys).unwrap()["scope"],
        "read:users write:users"
    );
    let one = access_token(&m, &client.client_secret, json!({"scope": "write:users"}));
    assert_eq!(verify(&one, &keys).unwrap()["scope"], "write:users");
    let listed = access_token(&m, &client.client_secret, json!({"scopes": ["read:users"]}));
    assert_eq!(verify(&listed, &keys).unwrap()["scope"], "read:users");

    let refused = token(
        &m,
        &client.client_secret,
        json!({"scope": "read:users admin"}),
    );
    assert_eq!(refused.status, 400, "{}", refused.body);
    let body = refused.json();
    assert_eq!(body["error"], "invalid_scope");
    assert!(body["error_description"]
        .as_str()
        .unwrap()
        .contains("admin"));
    assert_eq!(body["status_code"], 400);
}

#[test]
fn a_signing_key_rotation_keeps_the_old_key_in_the_set_until_the_next_one() {
    let m = MockServer::start(PROJECT, SECRET).unwrap();
    let secret = m.add_client(CLIENT).client_secret;
    let before = access_token(&m, &secret, json!({}));
    let old_kid = decode_header(&before).unwrap().kid.unwrap();

    let rotated = call(m.addr(), "POST", "/_mock/signing-key/rotate", "");
    assert_eq!(rotated.status, 200, "{}", rotated.body);
    let new_kid = rotated.json()["kid"].as_str().unwrap().to_owned();
    assert_ne!(new_kid, old_kid);
    let keys = jwks(&m, "/v1/sessions/jwks");
    let kids: Vec<&str> = keys.iter().map(|k| k["kid"].as_str().unwrap()).collect();
    assert_eq!(kids, [new_kid.as_str(), old_kid.as_str()]);
    let after = access_token(&m, &secret, json!({}));
    assert_eq!(decode_header(&after).unwrap().kid.unwrap(), new_kid);
    verify(&before, &keys).unwrap();
    verify(&after, &keys).unwrap();

    // A key given in PEM; the first key leaves the set, so its tokens are refused.
    let pem = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/keys/pkcs1-signing-key.pem"
    ))
    .unwrap();
    let given = call(
        m.addr(),
        "POST",
        "/_mock/signing-key/rotate",
        &json!({ "pem": pem }).to_string(),
    );
    assert_eq!(given.status, 200, "{}", given.body);
    let keys = jwks(&m, "/v1/sessions/jwks");
    assert_eq!(keys.len(), 2);
    assert!(verify(&before, &keys)
        .unwrap_err()
        .contains("not in the JWKS"));
    verify(&after, &keys).unwrap();

    let bad = call(
        m.addr(),
        "POST",
        "/_mock/signing-key/rotate",
        r#"{"pem":"not a key"}"#,
    );
    assert_eq!(bad.status, 400, "{}", bad.body);
    assert_eq!(bad.json()["error_type"], "invalid_signing_key");
}
