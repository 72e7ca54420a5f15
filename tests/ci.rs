//! CI as CI really runs (issue 26): jobs re-run after they went through, fresh runners, secret
//! files read by other tools. Each test drives the real binary against the local Stytch.

mod common;

use common::*;

/// Issue 26, item 5: `rotate complete` is idempotent. Run again after it went through, with the
/// same proof (a file, stdin, or where the journal says `rotate start` kept it), it is exit 0,
/// "already completed", with nothing changed; a secret that is not the current one still gets
/// `not_rotating` (exit 5).
#[test]
fn a_complete_run_again_after_it_went_through_succeeds() {
    let h = Harness::new();
    let kept = h.path("kept");
    let run = |args: &[&str], stdin: &str| {
        let out = h
            .cmd()
            .args(["rotate", "complete", "--client-id", CLIENT_ID, "--yes"])
            .args(args)
            .write_stdin(stdin.to_owned())
            .output()
            .unwrap();
        (out.status.code(), stderr(&out))
    };
    let out = h
        .cmd()
        .args(["rotate", "start", "--client-id", CLIENT_ID, "--secret-file"])
        .arg(&kept)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let secret = h.pending().unwrap();
    let file = ["--next-secret-file", kept.to_str().unwrap()];
    let (code, err) = run(&file, "");
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(h.requests_to(Route::Rotate), 1);

    for (args, stdin) in [
        (&file[..], ""),
        (&["--next-secret-stdin"][..], secret.as_str()),
        (&[][..], ""),
    ] {
        let (code, err) = run(args, stdin);
        assert_eq!(code, Some(0), "{args:?}: {err}");
        assert!(err.contains("Already completed"), "{args:?}: {err}");
    }
    assert_eq!(
        h.requests_to(Route::Rotate),
        1,
        "nothing was completed again"
    );
    assert_eq!(h.record().client_secret, secret);

    let (code, err) = run(&["--next-secret-stdin"], "some-other-secret-wxyz");
    assert_eq!(code, Some(5), "{err}");
    assert!(err.contains("no secret rotation in progress"), "{err}");
}
