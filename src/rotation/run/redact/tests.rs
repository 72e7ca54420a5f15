use proptest::prelude::*;

use super::*;

fn redactor(secrets: &[&str]) -> Redactor {
    let secrets: Vec<Secret> = secrets.iter().map(|s| Secret::new(s.to_string())).collect();
    let refs: Vec<&Secret> = secrets.iter().collect();
    Redactor::new(&refs)
}

/// `input` through a redactor of `secrets`, fed in pieces cut at `cuts` (byte offsets).
fn redact_cut(secrets: &[&str], input: &[u8], cuts: &[usize]) -> String {
    let mut r = redactor(secrets);
    let mut out = Vec::new();
    let mut from = 0;
    let mut cuts: Vec<usize> = cuts.iter().map(|c| c % (input.len() + 1)).collect();
    cuts.sort_unstable();
    for cut in cuts.into_iter().chain([input.len()]) {
        r.feed(&input[from..cut.max(from)], &mut out);
        from = cut.max(from);
    }
    r.finish(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

fn redact(secrets: &[&str], input: &str) -> String {
    redact_cut(secrets, input.as_bytes(), &[])
}

fn b64(bytes: &[u8], alphabet: &[u8; 64], pad: bool) -> String {
    let s = String::from_utf8(base64(bytes, alphabet).to_vec()).unwrap();
    if pad {
        s
    } else {
        s.trim_end_matches('=').to_owned()
    }
}

/// How each form is printed in the wild (for a secret after `lead` other bytes): the whole
/// encoded stream, as `printf 'xy%s' "$secret" | base64` prints it.
fn printed_forms(secret: &str, lead: &[u8]) -> Vec<(String, String)> {
    let mut stream = lead.to_vec();
    stream.extend_from_slice(secret.as_bytes());
    let s = secret.as_bytes();
    let mut forms = vec![("exact".to_owned(), secret.to_owned())];
    for (name, alphabet) in [("std", STANDARD), ("url", URL_SAFE)] {
        for pad in [true, false] {
            forms.push((
                format!("base64 {name} pad={pad}"),
                b64(&stream, alphabet, pad),
            ));
        }
    }
    let text = |b: Bytes| String::from_utf8(b.to_vec()).unwrap();
    forms.push(("hex".into(), text(hex(s, false))));
    forms.push(("HEX".into(), text(hex(s, true))));
    forms.push(("percent".into(), text(percent(s, true, false))));
    forms.push(("percent lower".into(), text(percent(s, false, false))));
    forms.push(("percent all".into(), text(percent(s, true, true))));
    let json = serde_json::to_string(secret).unwrap();
    forms.push(("json".into(), json[1..json.len() - 1].to_owned()));
    forms.push(("json ascii".into(), text(json_forms(secret)[2].clone())));
    forms
}

/// What may stay of a printed form: the first characters of a base64 stream, which depend on
/// the lead bytes before the secret.
fn may_stay(name: &str, lead: usize, form: &str) -> String {
    if name.starts_with("base64") {
        form[..(8 * lead).div_ceil(6)].to_owned()
    } else {
        String::new()
    }
}

fn flat(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn every_occurrence_of_every_secret_is_redacted() {
    assert_eq!(
        redact(
            &["AAAA-secret", "project-BBBB", ""],
            "x AAAA-secret y AAAA-secret project-BBBB"
        ),
        "x [redacted] y [redacted] [redacted]"
    );
}

#[test]
fn base64_matches_the_rfc_4648_vectors() {
    for (plain, encoded) in [
        ("", ""),
        ("f", "Zg=="),
        ("fo", "Zm8="),
        ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="),
        ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ] {
        assert_eq!(b64(plain.as_bytes(), STANDARD, true), encoded);
    }
    assert_eq!(b64(&[0xfb, 0xff], STANDARD, true), "+/8=");
    assert_eq!(b64(&[0xfb, 0xff], URL_SAFE, false), "-_8");
}

#[test]
fn every_form_at_every_alignment_is_redacted_whole() {
    let secret = "sEcr3t/with+odd \"chars\"\\ é€ and-more_9Z";
    for lead in [&b""[..], b"x", b"xy"] {
        for (name, form) in printed_forms(secret, lead) {
            let shown = redact(&[secret], &format!("value: {form}\n"));
            let stays = may_stay(&name, lead.len(), &form);
            assert_eq!(
                shown,
                format!("value: {stays}[redacted]\n"),
                "{name} lead {lead:?}"
            );
        }
    }
}

#[test]
fn folded_coloured_and_split_secrets_are_caught() {
    let secret = "NLVKX2abcdefghijklmnopqrstuvwxyz0123456789AB";
    let folded: Vec<String> = secret
        .as_bytes()
        .chunks(20)
        .map(|c| String::from_utf8(c.to_vec()).unwrap())
        .collect();
    assert_eq!(
        redact(&[secret], &format!("a {}\r\nb\n", folded.join("\r\n"))),
        "a [redacted]\r\nb\n"
    );
    let coloured: String = secret.chars().map(|c| format!("{c}\x1b[0m")).collect();
    assert_eq!(redact(&[secret], &format!("<{coloured}>")), "<[redacted]>");
    let osc: String = secret
        .chars()
        .map(|c| format!("{c}\x1b]0;title\x07\u{9b}1m\x1b(B\x01"))
        .collect();
    assert_eq!(redact(&[secret], &format!("<{osc}>")), "<[redacted]>");
    let hex = String::from_utf8(hex(secret.as_bytes(), false).to_vec()).unwrap();
    let spaced: Vec<&str> = hex
        .as_bytes()
        .chunks(4)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect();
    assert_eq!(redact(&[secret], &spaced.join(" ")), "[redacted]");
}

#[test]
fn a_secret_inside_a_terminal_string_is_dropped_and_one_too_long_for_it_is_matched() {
    let secret = "NLVKX2abcdefghijklmnopqrstuvwxyz";
    assert_eq!(redact(&[secret], &format!("a\x1b]0;{secret}\x1b\\b")), "ab");
    let long = format!("a\x1b]0;{}{secret} tail", "x".repeat(STRING_CAP));
    let shown = redact(&[secret], &long);
    assert!(
        shown.ends_with("x[redacted] tail"),
        "{}",
        &shown[shown.len() - 40..]
    );
    assert!(!shown.contains(secret));
}

#[test]
fn text_without_secrets_passes_through_and_escapes_are_stripped() {
    let text = "deploy: ok \u{e9}\u{20ac} 100% {\"a\": 1}\r\n\tdone\n";
    assert_eq!(redact(&["NLVKX2abcdefgh"], text), text);
    assert_eq!(
        redact(
            &["NLVKX2abcdefgh"],
            "\x1b[32mgreen\x1b[0m \u{9b}2J\x07bell\x7f"
        ),
        "green bell"
    );
}

#[test]
fn what_is_held_back_stays_bounded() {
    let secret = "NLVKX2abcdefghijklmnopqrstuvwxyz0123456789AB";
    let mut r = redactor(&[secret]);
    let mut out = Zeroizing::new(Vec::new());
    let chunk = vec![b'y'; PIECE];
    let mut shown = 0;
    for _ in 0..64 {
        r.feed(&chunk, &mut out);
        assert!(r.held.len() < r.longest(), "{}", r.held.len());
        shown += out.len();
        out.clear();
    }
    // A partial match, then blank lines forever: settled once the run is long.
    r.feed(&secret.as_bytes()[..20], &mut out);
    for _ in 0..64 {
        r.feed(&vec![b'\n'; PIECE], &mut out);
        assert!(r.held.len() <= BLANK_RUN + r.longest(), "{}", r.held.len());
    }
    r.finish(&mut out);
    assert_eq!(shown + out.len(), 64 * PIECE + 20 + 64 * PIECE);
}

#[test]
fn long_lines_come_out_in_pieces_cut_between_characters() {
    let mut lines = Lines::default();
    let mut got: Vec<Vec<u8>> = Vec::new();
    let mut text = "a".repeat(PIECE - 1).into_bytes();
    text.extend_from_slice("\u{e9}b\r\nc".as_bytes());
    lines.push(&text, |l| got.push(l.to_vec()));
    lines.finish(|l| got.push(l.to_vec()));
    assert_eq!(got.len(), 3);
    assert_eq!(got[0].len(), PIECE - 1);
    assert_eq!(got[1], "\u{e9}b".as_bytes());
    assert_eq!(got[2], b"c");
}

/// Secrets like Stytch's, and secrets with every kind of character.
fn any_secret() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-z0-9_-]{44}",
        "[ -~]{8,40}",
        "[a-z0-9\u{e9}\u{20ac}\u{1f600}\"\\\\/%+=]{8,30}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn no_split_lets_a_form_through(
        secret in any_secret(),
        lead in 0usize..3,
        pick in any::<prop::sample::Index>(),
        cuts in prop::collection::vec(any::<usize>(), 0..8),
        fold in 1usize..30,
        escape in any::<bool>(),
    ) {
        let lead_bytes = &b"xy"[..lead];
        let forms = printed_forms(&secret, lead_bytes);
        let (name, form) = &forms[pick.index(forms.len())];
        // The form folded every `fold` characters, maybe with an escape sequence after each.
        let mut printed = String::from("out: ");
        for (i, c) in form.chars().enumerate() {
            if i > 0 && i % fold == 0 {
                printed.push('\n');
            }
            printed.push(c);
            if escape {
                printed.push_str("\x1b[0m");
            }
        }
        printed.push_str(" end\n");
        let shown = redact_cut(&[&secret], printed.as_bytes(), &cuts);
        let expected = format!("out:{}[redacted]end", flat(&may_stay(name, lead, form)));
        prop_assert_eq!(flat(&shown), expected, "{} {:?}: {:?}", name, form, shown);
    }

    #[test]
    fn text_without_the_secret_is_unchanged(
        text in "[ -~\n\t\u{e9}]{0,300}",
        cuts in prop::collection::vec(any::<usize>(), 0..8),
    ) {
        let secret = "NLVKX2-\u{1f600}-never-in-the-text";
        prop_assert_eq!(redact_cut(&[secret], text.as_bytes(), &cuts), text);
    }
}
