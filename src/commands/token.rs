//! `token`: one access token on stdout, got from the token endpoint with a stored client secret,
//! for a `--check`, a script or a consumer's rehearsal. The secret itself never reaches stdout.

use serde_json::json;

use crate::cli::TokenArgs;
use crate::commands::secret::{given_secret, token_client};
use crate::commands::Session;
use crate::error::{Error, ErrorKind, Result};
use crate::redacted::Secret;
use crate::sanitize::sanitize;
use crate::shell::quote;
use crate::stytch::models::TokenAnswer;
use crate::stytch::ClientId;

/// `token`: exit 0 with the token on stdout (`--json`: `access_token`, `expires_in`, `scope`,
/// `token_type`), exit 9 when the secret gets no token.
pub fn run(session: &Session, args: TokenArgs) -> Result<()> {
    let (project, id, slot) = super::secret::target(session, &args.secret)?;
    let scopes = scopes(&args.scopes)?;
    let client = token_client(session)?;
    let given = given_secret(
        session,
        args.from_file.as_deref(),
        args.from_stdin,
        &format!("the client secret of {id} to get a token with"),
        "no token was asked for",
    )?;
    session.run(client, |mut ctx| async move {
        let (secret, source) =
            super::secret::given_or_stored(&mut ctx, given, (&project, &id, slot), "use").await?;
        let asked = ctx.client.token_scoped(&id, &secret, &scopes);
        let outcome = ctx.interrupts.guard(asked, |e| e).await;
        let answer = outcome.map_err(|e| refused(e, &id, &secret, &source, &scopes))?;
        let token = answer
            .access_token()
            .expect("token_scoped checks that a token came");
        print(ctx.ui, &answer, token, &scopes)
    })
}

/// The scopes asked for, each one word (the token endpoint takes them space-separated).
fn scopes(given: &[String]) -> Result<Vec<String>> {
    for s in given {
        if s.is_empty() || s.chars().any(char::is_whitespace) {
            return Err(Error::new(
                ErrorKind::Usage,
                format!(
                    "--scope {} is not one scope; nothing was sent",
                    quote(&sanitize(s))
                ),
            )
            .hint("repeat --scope for each scope: --scope read:users --scope write:users"));
        }
    }
    Ok(given.to_vec())
}

fn print(ui: &crate::ui::Ui, answer: &TokenAnswer, token: &Secret, asked: &[String]) -> Result<()> {
    if ui.stdout_is_terminal() {
        ui.warn("the access token will stay in this terminal's scrollback until it expires");
    }
    if ui.json {
        let scope = claim_scope(token.expose()).unwrap_or_else(|| asked.join(" "));
        return ui.json_data(&json!({
            "access_token": token.expose(),
            "token_type": answer.token_type.as_deref().map(sanitize),
            "expires_in": answer.expires_in,
            "scope": scope,
        }));
    }
    ui.data(token.expose()).map_err(crate::ui::stdout_error)
}

/// Names what was refused: the secret (by its last four and where it came from) or a scope.
fn refused(
    mut err: Error,
    id: &ClientId,
    secret: &Secret,
    source: &str,
    asked: &[String],
) -> Error {
    if err.kind != ErrorKind::VerificationFailed {
        return err;
    }
    let error_type = err.stytch.as_ref().and_then(|s| s.error_type.clone());
    let four = sanitize(&secret.last_four());
    let qid = quote(id.as_str());
    if error_type.as_deref() == Some("invalid_scope") {
        err.message = format!(
            "no access token for {id}: it does not have every scope asked for ({}): {}",
            sanitize(&asked.join(" ")),
            err.message
        );
        return err.hint(format!(
            "`stytch-m2m clients list --client-id {qid}` shows the client's scopes; ask only for those, or leave --scope out for all of them"
        ));
    }
    err.message = format!(
        "no access token for {id} with the secret ending {four} ({source}): {}",
        err.message
    );
    err.hint(format!(
        "it is not a working secret of this client (a rotation completed or was cancelled since?): \
         `stytch-m2m rotate status --client-id {qid}` shows the last four of the secrets that work"
    ))
}

/// The `scope` claim of a JWT, read without verifying it (for `--json` only: whoever uses the
/// token verifies it); `None` for a token that is not a JWT.
fn claim_scope(token: &str) -> Option<String> {
    let payload = token.split('.').nth(1)?;
    let bytes = base64url_decode(payload)?;
    let claims: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    claims.get("scope")?.as_str().map(sanitize)
}

/// Unpadded base64url (RFC 4648 §5), as in a JWT.
fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return None,
        } as u32)
    };
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.trim_end_matches('=').bytes() {
        acc = (acc << 6) | value(c)?;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_decodes_a_jwt_segment() {
        assert_eq!(base64url_decode("eyJhIjoxfQ").unwrap(), br#"{"a":1}"#);
        assert_eq!(base64url_decode("_-8").unwrap(), [0xff, 0xef]);
        assert!(base64url_decode("a+b").is_none());
        assert_eq!(
            claim_scope("x.eyJzY29wZSI6InJlYWQ6dXNlcnMifQ.y").as_deref(),
            Some("read:users")
        );
        assert_eq!(claim_scope("opaque"), None);
    }
}
