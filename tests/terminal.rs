//! Behaviour at a real terminal (a pty from script(1)) versus in a pipe.
#![cfg(unix)]

mod common;

use common::*;

fn line(args: &str) -> String {
    format!("{} {args}", bin().display())
}

#[test]
fn start_on_a_terminal_warns_about_scrollback_first() {
    let h = Harness::new();
    let (code, screen) = in_terminal(
        &h,
        &line(&format!("rotate start --client-id {CLIENT_ID}")),
        &[],
        "",
    );
    assert_eq!(code, 0, "{screen}");
    let secret = h.pending().unwrap();
    let warning = screen.find("scrollback").expect("scrollback warning");
    let shown = screen.find(&secret).expect("the secret is shown once");
    assert!(
        warning < shown,
        "the warning comes before the secret: {screen}"
    );
    assert_eq!(screen.matches(&secret).count(), 1);
    assert!(screen.contains("--keyring"));
}

#[test]
fn start_into_a_pipe_does_not_warn() {
    let h = Harness::new();
    let out = h
        .cmd()
        .args(["rotate", "start", "--client-id", CLIENT_ID])
        .output()
        .unwrap();
    assert!(!stderr(&out).contains("scrollback"));
    // stderr at a terminal, stdout redirected: still no warning, and the summary is on the terminal.
    let file = h.path("secret.txt");
    let (code, screen) = in_terminal(
        &h,
        &format!("{} > {}", line(&format!("rotate cancel --client-id {CLIENT_ID} --yes && {} rotate start --client-id {CLIENT_ID}", bin().display())), file.display()),
        &[],
        "",
    );
    assert_eq!(code, 0, "{screen}");
    assert!(!screen.contains("scrollback"), "{screen}");
    let secret = std::fs::read_to_string(&file).unwrap();
    assert_eq!(Some(secret.trim().to_owned()), h.pending());
    assert!(!screen.contains(secret.trim()));
}

#[test]
fn complete_proves_then_asks_naming_the_secret_that_remains() {
    let h = Harness::new();
    let secret = h.start_rotation();
    let file = h.path("next-secret");
    std::fs::write(&file, format!("{secret}\n")).unwrap();
    let (code, screen) = in_terminal(
        &h,
        &line(&format!(
            "rotate complete --client-id {CLIENT_ID} --next-secret-file {}",
            file.display()
        )),
        &[],
        "y",
    );
    assert_eq!(code, 0, "{screen}");
    let four = &secret[secret.len() - 4..];
    let verified = screen.find("Verified:").expect("proved first");
    let asked = screen
        .find(&format!("Make the secret ending {four} the only secret of"))
        .expect("the question names the last four");
    assert!(verified < asked, "proof before the question: {screen}");
    assert_eq!(h.record().client_secret, secret);
}

#[test]
fn declining_changes_nothing() {
    let h = Harness::new();
    h.start_rotation();
    let (code, screen) = in_terminal(
        &h,
        &line(&format!("rotate cancel --client-id {CLIENT_ID}")),
        &[],
        "n",
    );
    assert_eq!(code, 130, "{screen}");
    assert!(
        screen.contains("Discard the pending secret ending"),
        "{screen}"
    );
    assert!(screen.contains("nothing was changed"), "{screen}");
    assert_eq!(h.requests_to(Route::RotateCancel), 0);
    assert!(h.pending().is_some());
}

#[test]
fn cancel_with_nothing_pending_says_so_without_asking() {
    let h = Harness::new();
    let (code, screen) = in_terminal(
        &h,
        &line(&format!("rotate cancel --client-id {CLIENT_ID}")),
        &[],
        "",
    );
    assert_eq!(code, 5, "{screen}");
    assert!(screen.contains("nothing to cancel"), "{screen}");
    assert!(!screen.contains("Discard"), "no question: {screen}");
}

#[test]
fn a_pending_secret_typed_at_a_terminal_is_hidden() {
    let h = Harness::new();
    let secret = h.start_rotation();
    let (code, screen) = in_terminal(
        &h,
        &line(&format!(
            "rotate complete --client-id {CLIENT_ID} --next-secret-stdin --yes"
        )),
        &[],
        &format!("{secret}\n"),
    );
    assert_eq!(code, 0, "{screen}");
    assert!(
        screen.contains("Paste the pending secret"),
        "a prompt names what is asked: {screen}"
    );
    assert!(
        !screen.contains(&secret),
        "typed secret is not echoed: {screen}"
    );
    assert_eq!(h.record().client_secret, secret);
}

#[test]
fn json_at_a_terminal_still_warns_about_scrollback() {
    let h = Harness::new();
    let (code, screen) = in_terminal(
        &h,
        &line(&format!("rotate start --client-id {CLIENT_ID} --json")),
        &[],
        "",
    );
    assert_eq!(code, 0, "{screen}");
    assert!(
        screen.contains("\"warning\"") && screen.contains("scrollback"),
        "{screen}"
    );
}

#[test]
fn the_project_secret_is_asked_for_without_echo() {
    let h = Harness::new();
    let (code, screen) = in_terminal(
        &h,
        &format!(
            "env -u STYTCH_SECRET {}",
            line(&format!("rotate status --client-id {CLIENT_ID}"))
        ),
        &[],
        &format!("{PROJECT_SECRET}\n"),
    );
    assert_eq!(code, 0, "{screen}");
    assert!(screen.contains("Stytch project secret"), "{screen}");
    assert!(
        !screen.contains(PROJECT_SECRET),
        "typed secret is not echoed: {screen}"
    );
    assert!(screen.contains("no rotation pending"));
}

#[test]
fn colour_only_on_a_terminal_and_never_with_no_color() {
    let h = Harness::new();
    let args = "rotate status --client-id m2m-client-test-missing";
    let (code, screen) = in_terminal(&h, &line(args), &[], "");
    assert_eq!(code, 4);
    assert!(screen.contains("\x1b["), "colour at a terminal: {screen:?}");
    let (_, screen) = in_terminal(&h, &line(args), &[("NO_COLOR", "1")], "");
    assert!(!screen.contains("\x1b["), "NO_COLOR: {screen:?}");
    let out = h.cmd().args(args.split(' ')).output().unwrap();
    assert!(!stderr(&out).contains('\x1b'), "no colour in a pipe");
}

/// Ctrl-C at a yes/no question: exit 130, nothing sent, and the error on a line of its own (not
/// glued to the question).
#[test]
fn ctrl_c_at_a_question_ends_on_a_line_of_its_own() {
    let h = Harness::new();
    h.start_rotation();
    let sent = h.requests().len();
    let (code, screen) = in_terminal(
        &h,
        &line(&format!("rotate cancel --client-id {CLIENT_ID}")),
        &[],
        "\x03",
    );
    assert_eq!(code, 130, "{screen}");
    let (question, rest) = screen.split_once("[y/N] ").expect(&screen);
    assert!(
        question.contains("Discard the pending secret"),
        "{screen:?}"
    );
    // The cursor the question hid is shown again, and the error starts a line of its own.
    let shown = rest.find("\x1b[?25h").expect(&screen);
    let error = rest
        .find("\nerror:")
        .or_else(|| rest.find("\n\x1b[1m\x1b[31merror:"));
    assert!(shown < error.expect(&screen), "{screen:?}");
    assert!(
        rest.contains("interrupted at the prompt; nothing was sent"),
        "{screen:?}"
    );
    assert!(h.pending().is_some(), "nothing was cancelled");
    assert_eq!(
        h.requests().len(),
        sent + 1,
        "only the read of the state: {screen}"
    );
}

/// Issue 23, item 8: at a terminal, the question before discarding a secret this machine's
/// journal shows a deploy of says that it was deployed.
#[test]
fn the_cancel_question_says_the_secret_was_deployed() {
    let h = Harness::new();
    let custody = h.path("custody");
    let out = h
        .cmd()
        .args(["rotate", "run", "--client-id", CLIENT_ID, "--yes"])
        .args(["--deploy", "cat > /dev/null", "--check", "false"])
        .args(["--verify-timeout", "1", "--secret-file"])
        .arg(&custody)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(10), "{}", stderr(&out));
    let (code, screen) = in_terminal(
        &h,
        &line(&format!(
            "rotate cancel --client-id {CLIENT_ID} --even-if-deployed"
        )),
        &[],
        "n",
    );
    assert_eq!(code, 130, "{screen}");
    assert!(screen.contains("It was DEPLOYED"), "{screen}");
    assert!(h.pending().is_some());
}

/// #27.3: the question before a fleet run names its check step, with the command.
#[test]
fn the_fleet_question_names_the_check() {
    let h = Harness::new();
    h.mock.generate_clients(1);
    let sent = h.requests().len();
    let (code, screen) = in_terminal(
        &h,
        &line("rotate run --all --deploy true --check ./probe.sh"),
        &[],
        "n\n",
    );
    assert_eq!(code, 130, "{screen}");
    let screen = without_escapes(&screen);
    assert!(
        screen.contains("verify, deploy with `true`, check with `./probe.sh`, complete?"),
        "{screen}"
    );
    assert!(h.requests()[sent..]
        .iter()
        .all(|r| r.route != Route::RotateStart));
}

/// #27.3: Ctrl-C at the hidden project-secret prompt ends like Ctrl-C at a question: exit 130,
/// the error on a line of its own, and nothing sent.
#[test]
fn ctrl_c_at_the_project_secret_prompt_ends_on_a_line_of_its_own() {
    let h = Harness::new();
    let sent = h.requests().len();
    let (code, screen) = in_terminal(
        &h,
        &format!(
            "env -u STYTCH_SECRET {}",
            line(&format!("rotate status --client-id {CLIENT_ID}"))
        ),
        &[],
        "\x03",
    );
    assert_interrupted_at(&screen, "Stytch project secret (STYTCH_SECRET): ");
    assert_eq!(code, 130, "{screen:?}");
    assert_eq!(h.requests().len(), sent, "nothing was sent: {screen}");
}

/// The prompt, then (after Ctrl-C) the error on a line of its own saying nothing was sent.
fn assert_interrupted_at(screen: &str, prompt: &str) {
    let plain = without_escapes(screen);
    let (_, rest) = plain
        .split_once(prompt)
        .unwrap_or_else(|| panic!("{plain:?}"));
    let error = rest.find("error: ").unwrap_or_else(|| panic!("{plain:?}"));
    assert!(rest[..error].ends_with('\n'), "{plain:?}");
    assert!(
        rest[error..].starts_with("error: interrupted at the prompt; nothing was sent"),
        "{plain:?}"
    );
}

/// #27.3: Ctrl-C at `auth login`'s prompts (the project id, then the hidden secret) ends on a
/// line of its own, exit 130, with nothing sent and nothing saved.
#[test]
fn ctrl_c_at_the_login_prompts_ends_on_a_line_of_its_own() {
    require_session_keyring();
    let h = Harness::new();
    let login = |unset: &str| format!("env -u {unset} {}", line("auth login"));
    let (code, screen) = in_terminal(&h, &login("STYTCH_PROJECT_ID"), &[], "\x03");
    assert_interrupted_at(
        &screen,
        "Stytch project id (project-live-… or project-test-…): ",
    );
    assert_eq!(code, 130, "{screen:?}");

    let prompt = format!("Project secret of {} (input is hidden): ", h.project_id);
    let (code, screen) = in_terminal(&h, &login("STYTCH_SECRET"), &[], "\x03");
    assert_interrupted_at(&screen, &prompt);
    assert_eq!(code, 130, "{screen:?}");
    assert_eq!(h.requests().len(), 0, "nothing was sent");
    assert!(!h.config_dir().exists(), "nothing was saved");
}

/// A fleet complete or cancel asks once the clients are known, naming how many (declining sends
/// nothing but reads); with no client chosen there is nothing to ask, and nothing is done.
#[test]
fn the_fleet_question_counts_the_clients_and_none_chosen_asks_nothing() {
    let h = Harness::new();
    h.mock.generate_clients(1);
    let dir = h.path("secrets");
    h.cmd()
        .args(["rotate", "start", "--all", "--secret-dir"])
        .arg(&dir)
        .assert()
        .code(0);
    for (action, question) in [
        ("complete", "Complete the rotations of 2 clients?"),
        ("cancel", "Discard the pending secrets of 2 clients?"),
    ] {
        let sent = h.requests().len();
        let (code, screen) = in_terminal(&h, &line(&format!("rotate {action} --all")), &[], "n\n");
        assert_eq!(code, 130, "{screen}");
        assert!(without_escapes(&screen).contains(question), "{screen}");
        assert!(h.requests()[sent..]
            .iter()
            .all(|r| matches!(r.route, Route::GetClient | Route::SearchClients)));
        let (code, screen) = in_terminal(
            &h,
            &line(&format!("rotate {action} --name 'no such client'")),
            &[],
            "",
        );
        assert_eq!(code, 0, "{screen}");
        assert!(
            !without_escapes(&screen).contains("clients?"),
            "no question: {screen}"
        );
    }
    assert_eq!(
        h.mock
            .state()
            .clients()
            .iter()
            .filter(|c| c.next_client_secret.is_some())
            .count(),
        2
    );
}
