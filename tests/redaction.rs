//! Issue #25, items 1 and 2: what a deploy or check command prints never shows a secret the run
//! holds, in any form a tool is known to print it in, and a child printing without end never
//! makes the tool hold more than a few chunks of it.

#![cfg(unix)]

mod common;

use std::path::PathBuf;
use std::process::Output;
use std::time::Duration;

use common::*;

/// Prints each form of the secret in `$1`, as real tools print them: whole, base64 and
/// base64url after 0, 1 and 2 other bytes with and without padding (`kubectl … -o yaml`
/// prints `client_secret: <base64>`), hex in both cases, every byte percent-encoded, in JSON,
/// folded over lines, and with an escape sequence after each character.
const FORMS: &str = r#"forms() {
  s=$1
  printf 'exact: %s\n' "$s"
  printf 'client_secret: %s\n' "$(printf %s "$s" | base64 -w0)"
  for lead in '' x xy; do
    printf '%s%s' "$lead" "$s" | base64 -w0; echo
    printf '%s%s' "$lead" "$s" | base64 -w0 | tr -d =; echo
    printf '%s%s' "$lead" "$s" | basenc --base64url -w0; echo
    printf '%s%s' "$lead" "$s" | basenc --base64url -w0 | tr -d =; echo
  done
  printf %s "$s" | od -An -tx1 | tr -d ' \n'; echo
  printf %s "$s" | od -An -tx1 | tr -d ' \n' | tr a-f A-F; echo
  printf %s "$s" | od -An -tx1 | tr -d ' \n' | sed 's/../%&/g'; echo
  printf '{"client_secret":"%s"}\n' "$s"
  printf %s "$s" | fold -w 20; echo
  printf %s "$s" | sed "s/./&$(printf '\033')[0m/g"; echo
}
"#;

fn b64(bytes: &[u8], url: bool) -> String {
    let alphabet: &[u8] = if url {
        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    } else {
        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    };
    let mut out = String::new();
    for group in bytes.chunks(3) {
        let b = [
            group[0],
            *group.get(1).unwrap_or(&0),
            *group.get(2).unwrap_or(&0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for k in 0..=group.len() {
            out.push(alphabet[(n >> (18 - 6 * k) & 63) as usize] as char);
        }
    }
    out
}

/// What of each form carries the secret: the whole of it, except for base64 after other bytes,
/// whose first characters (and last, without padding) also depend on those.
fn carriers(secret: &str) -> Vec<String> {
    let s = secret.as_bytes();
    let hex: String = s.iter().map(|b| format!("{b:02x}")).collect();
    let mut forms = vec![
        secret.to_owned(),
        hex.clone(),
        hex.to_uppercase(),
        s.iter().map(|b| format!("%{b:02x}")).collect(),
    ];
    for lead in 0..3 {
        let mut stream = b"xy"[..lead].to_vec();
        stream.extend_from_slice(s);
        for url in [false, true] {
            let encoded = b64(&stream, url);
            let (start, end) = ((8 * lead).div_ceil(6), 8 * (lead + s.len()) / 6);
            forms.push(encoded[start..end].to_owned());
        }
    }
    forms
}

/// Fails when any 12 characters in a row of any form of `secret` were shown.
fn assert_no_form(shown: &str, secret: &str, what: &str) {
    for form in carriers(secret) {
        for window in form.as_bytes().windows(12) {
            let window = std::str::from_utf8(window).unwrap();
            assert!(
                !shown.to_lowercase().contains(&window.to_lowercase()),
                "{what}: {window:?} of {form:?} was shown:\n{shown}"
            );
        }
    }
}

fn scene(h: &Harness) -> PathBuf {
    let dir = h.path("scene");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("forms.sh"), FORMS).unwrap();
    dir
}

fn run(h: &Harness, dir: &PathBuf, deploy: &str, check: &str) -> Output {
    run_with(h, dir, deploy, check, &[], &[])
}

fn run_with(
    h: &Harness,
    dir: &PathBuf,
    deploy: &str,
    check: &str,
    args: &[&str],
    env: &[(&str, &str)],
) -> Output {
    h.cmd()
        .env("SCENE", dir)
        .envs(env.iter().copied())
        // The project secret, for the deploy to print (the tool removes STYTCH_SECRET).
        .env("PROJECT_SECRET_COPY", PROJECT_SECRET)
        .args(["rotate", "run", "--client-id", CLIENT_ID, "--yes"])
        .args(["--deploy", deploy, "--check", check])
        .args(args)
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap()
}

/// Item 1: each form of the new secret and of the project secret, printed by a real deploy and
/// a real check command on their stdout and stderr, comes out as `[redacted]`.
#[test]
fn every_form_of_every_secret_is_redacted_from_deploy_and_check_output() {
    let h = Harness::new();
    let dir = scene(&h);
    let deploy = ". \"$SCENE/forms.sh\"; s=$(cat); printf %s \"$s\" > \"$SCENE/got\"; \
                  forms \"$s\"; forms \"$s\" >&2; forms \"$PROJECT_SECRET_COPY\"";
    let check = ". \"$SCENE/forms.sh\"; s=$(cat \"$SCENE/got\"); forms \"$s\"; forms \"$s\" >&2; \
                 forms \"$PROJECT_SECRET_COPY\" >&2";
    let out = run(&h, &dir, deploy, check);
    let (err, shown) = (stderr(&out), stdout(&out));
    assert_eq!(out.status.code(), Some(0), "{err}");
    let secret = std::fs::read_to_string(dir.join("got")).unwrap();
    assert_eq!(
        secret,
        h.record().client_secret,
        "the deploy got the new secret"
    );
    for (name, value) in [
        ("new secret", secret.as_str()),
        ("project secret", PROJECT_SECRET),
    ] {
        assert_no_form(&err, value, name);
        assert_no_form(&shown, value, name);
    }
    for label in ["deploy", "check"] {
        for line in ["exact: [redacted]", "client_secret: [redacted]"] {
            let expected = format!("{label} | {line}");
            assert!(err.matches(&expected).count() >= 2, "{expected}:\n{err}");
        }
    }
    // 19 lines of forms (the folded one is one), three times for each command.
    let redacted = err.matches("[redacted]").count();
    assert!(redacted >= 2 * 3 * 19, "{redacted} redactions:\n{err}");
}

/// Item 2: one 64 MiB line with no line break (then the secret) is shown in pieces of 64 KiB,
/// never held whole; the secret at its end is still redacted.
#[test]
fn a_64_mib_line_is_shown_in_pieces_and_the_run_succeeds() {
    let h = Harness::new();
    let dir = scene(&h);
    let deploy = "head -c 67108864 /dev/zero | tr '\\0' a; cat";
    let out = run(&h, &dir, deploy, "true");
    let err = stderr(&out);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        &err[err.len().saturating_sub(2000)..]
    );
    let lines: Vec<&str> = err.lines().filter(|l| l.starts_with("deploy | ")).collect();
    assert_eq!(
        lines.len(),
        1024 + 1,
        "64 MiB in 64 KiB pieces, then the secret"
    );
    assert!(lines[..1024].iter().all(|l| l.starts_with("deploy | aaaa")));
    assert_eq!(lines[1024], "deploy | [redacted]");
    assert_no_form(&err, &h.record().client_secret, "new secret");
}

/// Item 1, the current secret: with `--keyring`, the client's current secret that an earlier
/// rotation left there is read and redacted from the deploy and check output too.
#[test]
fn the_current_secret_the_keyring_holds_is_redacted_too() {
    require_session_keyring();
    let h = Harness::new();
    let dir = scene(&h);
    let old = h.record().client_secret;
    let mut store = std::process::Command::new("secret-tool")
        .args([
            "store",
            "--label",
            "current",
            "service",
            "stytch-m2m",
            "username",
        ])
        .arg(format!("{}/{CLIENT_ID}", h.project_id))
        .stdin(std::process::Stdio::piped())
        .spawn()
        .expect("secret-tool (Debian: libsecret-tools) runs");
    std::io::Write::write_all(&mut store.stdin.take().unwrap(), old.as_bytes()).unwrap();
    assert!(store.wait().unwrap().success());
    let deploy = ". \"$SCENE/forms.sh\"; cat > /dev/null; forms \"$OLD\"; forms \"$OLD\" >&2";
    let check = ". \"$SCENE/forms.sh\"; forms \"$OLD\"; forms \"$OLD\" >&2";
    let out = run_with(&h, &dir, deploy, check, &["--keyring"], &[("OLD", &old)]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert_ne!(h.record().client_secret, old, "rotated");
    assert_no_form(&err, &old, "current secret");
    for label in ["deploy", "check"] {
        let expected = format!("{label} | exact: [redacted]");
        assert_eq!(err.matches(&expected).count(), 2, "{expected}:\n{err}");
    }
}
