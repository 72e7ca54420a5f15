//! `stytch-m2m token` (#29.3): one access token on stdout from a stored client secret, decoded and
//! verified here with a real JWT library against the local Stytch's JWKS; never the secret.

mod common;

use common::*;
use jsonwebtoken::{decode, decode_header, Algorithm, DecodingKey, Validation};
use serde_json::Value;
use stytch_m2m_mock::Route;

/// Verifies `token` as a resource server would: the JWKS key of its `kid`, RS256, Stytch's
/// issuer and audience, expiry; returns the claims.
fn verify(h: &Harness, token: &str) -> Value {
    let kid = decode_header(token).expect("a JWT").kid.expect("a kid");
    let keys = h.mock.state().jwks();
    let jwk = keys
        .iter()
        .find(|k| k["kid"] == kid.as_str())
        .expect("the token's key is in the JWKS");
    let key =
        DecodingKey::from_rsa_components(jwk["n"].as_str().unwrap(), jwk["e"].as_str().unwrap())
            .unwrap();
    let mut validation = Validation::new(Algorithm::RS256);
    validation.set_audience(&[h.project_id.as_str()]);
    validation.set_issuer(&[format!("stytch.com/{}", h.project_id)]);
    validation.set_required_spec_claims(&["exp", "nbf", "iat", "aud", "iss", "sub"]);
    decode::<Value>(token, &key, &validation)
        .expect("the token verifies against the JWKS")
        .claims
}

fn token(h: &Harness, args: &[&str], stdin: &str) -> std::process::Output {
    h.cmd()
        .env_remove("STYTCH_SECRET")
        .arg("token")
        .args(["--client-id", CLIENT_ID])
        .args(args)
        .write_stdin(stdin)
        .output()
        .unwrap()
}

#[test]
fn token_prints_one_verified_jwt_and_never_the_secret() {
    let h = Harness::new();
    let current = h.record().client_secret;
    let file = h.path("current");
    std::fs::write(&file, format!("{current}\n")).unwrap();
    let file = file.display().to_string();

    let out = token(&h, &["--from-file", &file], "");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let printed = stdout(&out);
    let lines: Vec<&str> = printed.lines().collect();
    assert_eq!(lines.len(), 1, "one token, one line: {printed}");
    let claims = verify(&h, lines[0]);
    assert_eq!(claims["sub"], CLIENT_ID);
    assert_eq!(claims["scope"], "read:users");
    assert_eq!(
        claims["exp"].as_u64().unwrap() - claims["iat"].as_u64().unwrap(),
        3600
    );
    for text in [stdout(&out), stderr(&out)] {
        assert!(!text.contains(&current), "the secret is never printed");
        assert!(!text.contains(PROJECT_SECRET));
    }

    let out = token(&h, &["--from-file", &file, "--json"], "");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["expires_in"], 3600);
    assert_eq!(v["scope"], "read:users");
    assert_eq!(v["token_type"], "bearer");
    assert_eq!(
        verify(&h, v["access_token"].as_str().unwrap())["sub"],
        CLIENT_ID
    );
    assert!(!stdout(&out).contains(&current));
    assert_eq!(h.requests_to(Route::Token), 2);
    assert_eq!(h.requests_to(Route::GetClient), 0, "no project secret used");
}

#[test]
fn token_next_scopes_and_refusals() {
    let h = Harness::new();
    let mut record = h.record();
    record.scopes = vec!["read:users".into(), "write:users".into()];
    h.mock.state().add_client(record);
    let next = h.start_rotation();

    // The pending secret from stdin, narrowed to one scope.
    let out = token(
        &h,
        &["--next", "--from-stdin", "--scope", "write:users"],
        &format!("{next}\n"),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let claims = verify(&h, stdout(&out).trim());
    assert_eq!(claims["scope"], "write:users");
    let presented: Vec<_> = h
        .requests()
        .into_iter()
        .filter(|r| r.route == Route::Token)
        .map(|r| r.secret_presented)
        .collect();
    assert_eq!(presented, [Some("next".to_owned())]);
    assert!(!stdout(&out).contains(&next) && !stderr(&out).contains(&next));

    // A scope the client lacks: exit 9, the scope named, the way to see the client's scopes.
    let out = token(
        &h,
        &["--from-stdin", "--scope", "admin"],
        &format!("{next}\n"),
    );
    assert_eq!(out.status.code(), Some(9), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("does not have every scope asked for (admin)"),
        "{err}"
    );
    assert!(err.contains("stytch-m2m clients list --client-id"), "{err}");
    assert!(stdout(&out).is_empty());

    // A secret that does not work: exit 9, named by its last four only.
    let out = token(&h, &["--from-stdin"], "secret-test-not-the-one-0000\n");
    assert_eq!(out.status.code(), Some(9), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("no access token for"), "{err}");
    assert!(
        err.contains("ending 0000") && !err.contains("not-the-one"),
        "{err}"
    );
    assert!(stdout(&out).is_empty());

    // Two words in one --scope: refused before anything is sent.
    let before = h.requests_to(Route::Token);
    let out = token(
        &h,
        &["--from-stdin", "--scope", "read:users write:users"],
        "x\n",
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("repeat --scope"), "{}", stderr(&out));
    assert_eq!(h.requests_to(Route::Token), before);
}

/// The README's recipe: `rotate run --keyring` with a `--check` that gets a token with the
/// pending secret through `token --next` (the keyring's entry), before the old one is retired.
#[test]
fn a_check_gets_a_token_with_the_pending_secret_from_the_keyring() {
    require_session_keyring();
    let h = Harness::new();
    let seen = h.path("check-token");
    let check = format!(
        "{} token --client-id {CLIENT_ID} --next > {}",
        bin().display(),
        seen.display()
    );
    let out = h
        .cmd()
        .args(["rotate", "run", "--client-id", CLIENT_ID, "--keyring"])
        .args(["--deploy", "cat > /dev/null", "--check", &check, "--yes"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let token = std::fs::read_to_string(&seen).unwrap();
    let claims = verify(&h, token.trim());
    assert_eq!(claims["sub"], CLIENT_ID);
    let presented: Vec<_> = h
        .requests()
        .into_iter()
        .filter(|r| r.route == Route::Token)
        .filter_map(|r| r.secret_presented)
        .collect();
    assert!(
        presented.iter().filter(|p| *p == "next").count() >= 2,
        "the run's own verification and the check's token both used the pending secret: {presented:?}"
    );
    assert!(h.record().next_client_secret.is_none(), "completed");
}
