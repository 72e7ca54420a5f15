//! HTTPS verified end to end, custom CA bundles, and HTTP(S) proxies, all on loopback: the local
//! Stytch serves TLS with a certificate from a throwaway CA.

mod common;

use common::*;
use predicates::prelude::*;

struct Tls {
    h: Harness,
    https: MockServer,
    pki: TestPki,
    ca: std::path::PathBuf,
}

fn tls() -> Tls {
    let h = Harness::new();
    let pki = TestPki::new(&["localhost"]);
    let https = MockServer::start_tls(
        &h.project_id,
        PROJECT_SECRET,
        pki.cert_pem.as_bytes(),
        pki.key_pem.as_bytes(),
    )
    .unwrap();
    https.add_client(CLIENT_ID);
    let ca = pki.write_ca(h.home.path());
    Tls { h, https, pki, ca }
}

impl Tls {
    fn cmd(&self) -> assert_cmd::Command {
        let mut cmd = self.h.cmd();
        cmd.env("STYTCH_BASE_URL", self.https.url_localhost());
        cmd
    }
}

#[test]
fn https_with_ca_cert_flag_and_env() {
    let t = tls();
    t.cmd()
        .args(["rotate", "status", "--client-id", CLIENT_ID, "--ca-cert"])
        .arg(&t.ca)
        .assert()
        .code(0);
    t.cmd()
        .env("STYTCH_CA_CERT", &t.ca)
        .args(["rotate", "start", "--client-id", CLIENT_ID])
        .assert()
        .code(0);
    assert!(t
        .https
        .state()
        .client(CLIENT_ID)
        .unwrap()
        .next_client_secret
        .is_some());
    assert_eq!(t.https.state().requests().len(), 2);
}

#[test]
fn https_with_ssl_cert_file() {
    let t = tls();
    t.cmd()
        .env("SSL_CERT_FILE", &t.ca)
        .args(["rotate", "status", "--client-id", CLIENT_ID])
        .assert()
        .code(0);
    // A bundle that does not exist is named, not silently replaced.
    t.cmd()
        .env("SSL_CERT_FILE", t.h.path("missing.pem"))
        .args(["rotate", "status", "--client-id", CLIENT_ID])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("SSL_CERT_FILE="));
    assert_eq!(t.https.state().requests().len(), 1);
}

#[test]
fn an_untrusted_certificate_is_exit_6_and_nothing_is_sent() {
    let t = tls();
    let empty_bundle = t.h.path("other-ca.pem");
    std::fs::write(&empty_bundle, TestPki::new(&["localhost"]).ca_pem).unwrap();
    t.cmd()
        .env("SSL_CERT_FILE", &empty_bundle)
        .args(["rotate", "start", "--client-id", CLIENT_ID])
        .assert()
        .code(6)
        .stdout("")
        .stderr(predicate::str::contains("UnknownIssuer"))
        .stderr(predicate::str::contains("--ca-cert"))
        .stderr(predicate::str::contains("nothing was sent"));
    assert!(
        t.https.state().requests().is_empty(),
        "the handshake failed before any request"
    );
    assert!(t.https.state().minted().is_empty());
}

#[test]
fn an_expired_certificate_is_exit_6_and_nothing_is_sent() {
    let h = Harness::new();
    let pki = TestPki::expired(&["localhost"]);
    let https = MockServer::start_tls(
        &h.project_id,
        PROJECT_SECRET,
        pki.cert_pem.as_bytes(),
        pki.key_pem.as_bytes(),
    )
    .unwrap();
    https.add_client(CLIENT_ID);
    let ca = pki.write_ca(h.home.path());
    h.cmd()
        .env("STYTCH_BASE_URL", https.url_localhost())
        .args(["rotate", "start", "--client-id", CLIENT_ID, "--ca-cert"])
        .arg(&ca)
        .assert()
        .code(6)
        .stdout("")
        .stderr(predicate::str::contains("expired"))
        .stderr(predicate::str::contains("nothing was sent"));
    assert!(https.state().requests().is_empty());
    assert!(https.state().minted().is_empty());
}

#[test]
fn a_wrong_host_name_is_refused() {
    let t = tls();
    // The certificate is for "localhost"; 127.0.0.1 is not in it.
    t.cmd()
        .env("STYTCH_BASE_URL", t.https.url())
        .args(["rotate", "status", "--client-id", CLIENT_ID, "--ca-cert"])
        .arg(&t.ca)
        .assert()
        .code(6)
        .stderr(predicate::str::contains("not valid for name"))
        .stderr(predicate::str::contains("another host name"));
    assert!(t.https.state().requests().is_empty());
}

#[test]
fn bad_ca_cert_files_are_named() {
    let t = tls();
    let junk = t.h.path("junk.pem");
    std::fs::write(&junk, "not a certificate").unwrap();
    for path in [junk, t.h.path("missing.pem")] {
        t.cmd()
            .args(["rotate", "status", "--client-id", CLIENT_ID, "--ca-cert"])
            .arg(&path)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("--ca-cert"));
    }
    let _ = &t.pki;
}

#[test]
fn through_a_connect_proxy_and_no_proxy_bypasses_it() {
    let t = tls();
    let proxy = ForwardProxy::start();
    for var in ["HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"] {
        let before = proxy.seen().len();
        t.cmd()
            .env(var, proxy.url())
            .env("NO_PROXY", "")
            .args(["rotate", "status", "--client-id", CLIENT_ID, "--ca-cert"])
            .arg(&t.ca)
            .assert()
            .code(0);
        let seen = proxy.seen();
        assert_eq!(seen.len(), before + 1, "{var}: the proxy saw the request");
        assert_eq!(
            seen.last().unwrap(),
            &format!("CONNECT localhost:{}", t.https.addr().port())
        );
    }
    let requests = t.https.state().requests().len();
    for no_proxy in ["localhost", "LOCALHOST", "*", ".localhost,example.com"] {
        let before = proxy.seen().len();
        t.cmd()
            .env("HTTPS_PROXY", proxy.url())
            .env("no_proxy", no_proxy)
            .args(["rotate", "status", "--client-id", CLIENT_ID, "--ca-cert"])
            .arg(&t.ca)
            .assert()
            .code(0);
        assert_eq!(
            proxy.seen().len(),
            before,
            "NO_PROXY={no_proxy} bypasses the proxy"
        );
    }
    assert_eq!(t.https.state().requests().len(), requests + 4);
}

/// Plain http is allowed only because it never leaves this machine: no proxy variable, of any
/// case, may route it (the project secret would reach the proxy in clear text).
#[test]
fn plain_http_never_goes_through_a_proxy() {
    let h = Harness::new();
    let proxy = ForwardProxy::start();
    for var in ["HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"] {
        h.cmd()
            .env(var, proxy.url())
            .env("STYTCH_BASE_URL", h.mock.url_localhost())
            .args(["rotate", "status", "--client-id", CLIENT_ID])
            .assert()
            .code(0);
        assert_eq!(
            proxy.seen(),
            Vec::<String>::new(),
            "{var} routed plain http"
        );
    }
    assert_eq!(h.requests_to(Route::GetClient), 4);
}

#[test]
fn proxy_credentials_are_sent_but_never_shown() {
    let t = tls();
    let proxy = ForwardProxy::start();
    t.cmd()
        .env(
            "HTTPS_PROXY",
            format!("http://bob:proxy-hunter2@{}", proxy.addr),
        )
        .args(["rotate", "status", "--client-id", CLIENT_ID, "--ca-cert"])
        .arg(&t.ca)
        .assert()
        .code(0);
    assert_eq!(
        proxy.auth_seen.lock().unwrap().len(),
        1,
        "Proxy-Authorization was sent"
    );
    // doctor says which proxy the requests went through.
    let out = t
        .cmd()
        .env(
            "HTTPS_PROXY",
            format!("http://bob:proxy-hunter2@{}", proxy.addr),
        )
        .args(["doctor", "--ca-cert"])
        .arg(&t.ca)
        .output()
        .unwrap();
    let through = format!(
        "reachable through the proxy {} from HTTPS_PROXY",
        proxy.addr
    );
    assert!(stdout(&out).contains(&through), "{}", stdout(&out));
    assert!(!stdout(&out).contains("proxy-hunter2"));
    // A proxy that is not there: the message names the failure, not the password.
    let refused = RefusedPort::new();
    let out = t
        .cmd()
        .env(
            "HTTPS_PROXY",
            format!("http://bob:proxy-hunter2@127.0.0.1:{}", refused.port),
        )
        .args(["rotate", "start", "--client-id", CLIENT_ID, "--ca-cert"])
        .arg(&t.ca)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(6), "{}", stderr(&out));
    assert!(!stderr(&out).contains("proxy-hunter2"), "{}", stderr(&out));
    // The failure names the proxy and its variable, not only the host it was meant to reach.
    let through = format!(
        "through the proxy 127.0.0.1:{} from HTTPS_PROXY",
        refused.port
    );
    assert!(stderr(&out).contains(&through), "{}", stderr(&out));
    // A proxy URL that does not parse: reqwest would pass over it and go straight to Stytch.
    // Like curl, the tool stops before sending anything, names the variable, and hides the
    // password; doctor says the same.
    let before = t.https.state().requests().len();
    let out = t
        .cmd()
        .env("HTTPS_PROXY", "http://bob:proxy-hunter2@[not a url")
        .args(["rotate", "status", "--client-id", CLIENT_ID, "--json"])
        .arg("--ca-cert")
        .arg(&t.ca)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(6), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(stderr(&out).trim()).unwrap();
    assert_eq!(json["error"], "client_setup_failed");
    let message = json["message"].as_str().unwrap();
    assert!(
        message.starts_with("HTTPS_PROXY is set to \"http://***@[not a url\"")
            && message.ends_with("nothing was sent"),
        "{message}"
    );
    assert!(
        json["hint"].as_str().unwrap().contains("unset it"),
        "{json}"
    );
    let doctor = t
        .cmd()
        .env("HTTPS_PROXY", "http://bob:proxy-hunter2@[not a url")
        .args(["doctor", "--ca-cert"])
        .arg(&t.ca)
        .output()
        .unwrap();
    assert!(
        stdout(&doctor).contains("HTTPS_PROXY is set to"),
        "{}",
        stdout(&doctor)
    );
    assert_eq!(t.https.state().requests().len(), before, "nothing was sent");
    for o in [&out, &doctor] {
        let all = format!("{}{}", stdout(o), stderr(o));
        assert!(!all.contains("proxy-hunter2"), "{all}");
    }
}

/// On a machine with no CA bundle at all, the built-in Mozilla roots are used (and said so).
/// The bundle is hidden in a private mount namespace, as on a minimal container image.
#[cfg(target_os = "linux")]
#[test]
fn without_a_system_ca_bundle_the_built_in_roots_are_used() {
    let t = tls();
    let hidden = |args: &str| {
        let line = format!(
            "mount -t tmpfs none /etc/ssl && exec {} {args}",
            bin().display()
        );
        let mut cmd = std::process::Command::new("unshare");
        cmd.args(["-m", "sh", "-c", &line]).env_clear();
        for (k, v) in t.h.env_pairs() {
            cmd.env(k, v);
        }
        cmd.env("STYTCH_BASE_URL", t.https.url_localhost());
        cmd.output().expect("unshare (util-linux) runs")
    };
    let out = hidden("doctor");
    let report = stdout(&out);
    assert!(
        report.contains("no CA bundle on this machine: using") && report.contains("Mozilla roots"),
        "{report}{}",
        stderr(&out)
    );
    // The built-in roots do not know the test CA: refused, and --ca-cert still adds it.
    let out = hidden(&format!("rotate status --client-id {CLIENT_ID}"));
    assert_eq!(out.status.code(), Some(6), "{}", stderr(&out));
    let out = hidden(&format!(
        "rotate status --client-id {CLIENT_ID} --ca-cert {}",
        t.ca.display()
    ));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // With the bundle in place, the system store is used.
    let out = t.cmd().arg("doctor").output().unwrap();
    assert!(
        stdout(&out).contains("CA certificates from the system store"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn https_with_ssl_cert_dir() {
    let t = tls();
    let dir = t.h.path("certs");
    std::fs::create_dir(&dir).unwrap();
    std::fs::copy(&t.ca, dir.join("test-ca.pem")).unwrap();
    t.cmd()
        .env("SSL_CERT_DIR", &dir)
        .env("SSL_CERT_FILE", "")
        .args(["rotate", "status", "--client-id", CLIENT_ID])
        .assert()
        .code(0);
}
