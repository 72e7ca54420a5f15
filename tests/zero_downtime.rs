//! Zero downtime, shown end to end (#29.7): consumer services run for the whole test, each
//! re-reading its client secret where the deploy puts it, getting a token every 20 ms and having
//! it verified against the JWKS as a resource server would, while `rotate run` rotates their
//! secrets one client at a time and as a fleet, with the local Stytch adding latency to every
//! answer. Every token request is counted and none may fail. The figures are compared with the
//! "Zero downtime" section of docs/consumers.md.

mod common;

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use common::*;
use jsonwebtoken::{decode, decode_header, Algorithm, DecodingKey, Validation};
use serde_json::{json, Value};
use stytch_m2m_mock::Route;

/// The deploy of docs/consumers.md: the secret (on stdin) into a file per client, atomically
/// (a temporary file, then `mv`), so a consumer reads the old secret or the new one, never half.
const DEPLOY: &str =
    r#"umask 077; f="$DEPLOYED/$STYTCH_M2M_CLIENT_ID"; cat > "$f.tmp" && mv "$f.tmp" "$f""#;

/// The check of docs/consumers.md: passes once the client's consumer says it got a verified
/// token with the pending secret (its "in use" report holds that secret's last four).
const CHECK: &str = r#"for i in $(seq 500); do [ "$(cat "$DEPLOYED/$STYTCH_M2M_CLIENT_ID.in-use" 2>/dev/null)" = "$STYTCH_M2M_NEXT_SECRET_LAST_FOUR" ] && exit 0; sleep 0.01; done; exit 1"#;

/// A deploy that returns before the consumers can see the secret (an asynchronous rollout): the
/// file is moved into place 500 ms after the command exited.
const LATE_DEPLOY: &str = r#"umask 077; f="$DEPLOYED/$STYTCH_M2M_CLIENT_ID"; cat > "$f.tmp"; (eval "exec $STYTCH_M2M_LOCK_FD>&-"; sleep 0.5; mv "$f.tmp" "$f") </dev/null >/dev/null 2>&1 &"#;

/// What the local Stytch adds to every answer.
const LATENCY_MS: u64 = 25;
/// How many times each client is rotated by a one-client `rotate run`, then by a fleet run.
const ONE_CLIENT_ROUNDS: usize = 3;
const FLEET_ROUNDS: usize = 3;
/// How often a consumer asks for a token.
const EVERY: Duration = Duration::from_millis(20);
/// The consumers' user agent: their token requests are told apart from the runs' own.
const CONSUMER_AGENT: &str = "zero-downtime-consumer";

/// A token request or verification that failed: which client and secret, when, and why.
#[derive(Debug, Clone)]
struct Failure {
    client_id: String,
    secret_last_four: String,
    at: Duration,
    error: String,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} with the secret ending {}, {} ms into the test: {}",
            self.client_id,
            self.secret_last_four,
            self.at.as_millis(),
            self.error
        )
    }
}

/// What one consumer did.
#[derive(Debug, Default)]
struct Tally {
    requests: u64,
    verified: u64,
    jwks_fetches: u64,
    failures: Vec<Failure>,
    /// The last four of each secret that got it a verified token, in the order first used.
    secrets_used: Vec<String>,
}

/// One HTTP/1.1 exchange with the local Stytch on a new connection: the status and the body.
fn http(addr: SocketAddr, request: &str) -> Result<(u16, String), String> {
    let exchange = || -> std::io::Result<String> {
        let mut stream = TcpStream::connect(addr)?;
        stream.set_read_timeout(Some(Duration::from_secs(10)))?;
        stream.write_all(request.as_bytes())?;
        let mut answer = String::new();
        stream.read_to_string(&mut answer)?;
        Ok(answer)
    };
    let answer = exchange().map_err(|e| format!("no answer from the local Stytch: {e}"))?;
    let (head, body) = answer
        .split_once("\r\n\r\n")
        .ok_or_else(|| format!("not an HTTP answer: {answer:?}"))?;
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("no status in {head:?}"))?;
    Ok((status, body.to_owned()))
}

/// A client_credentials request, as a service holding the secret makes it: the access token.
fn get_token(
    addr: SocketAddr,
    project: &str,
    client_id: &str,
    secret: &str,
) -> Result<String, String> {
    let body = json!({
        "grant_type": "client_credentials",
        "client_id": client_id,
        "client_secret": secret,
    })
    .to_string();
    let request = format!(
        "POST /v1/public/{project}/oauth2/token HTTP/1.1\r\nHost: {addr}\r\n\
         User-Agent: {CONSUMER_AGENT}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let (status, body) = http(addr, &request)?;
    if status != 200 {
        return Err(format!("HTTP {status}: {body}"));
    }
    let v: Value = serde_json::from_str(&body).map_err(|e| format!("{e}: {body}"))?;
    v["access_token"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| format!("no access_token in {body}"))
}

/// A resource server: verifies tokens with the keys of the JWKS, fetched at the first token and
/// again when a token names a `kid` it has not seen (a signing-key rotation).
struct ResourceServer {
    addr: SocketAddr,
    project: String,
    keys: HashMap<String, DecodingKey>,
    fetches: u64,
}

impl ResourceServer {
    fn refresh(&mut self) -> Result<(), String> {
        self.fetches += 1;
        let request = format!(
            "GET /v1/sessions/jwks/{} HTTP/1.1\r\nHost: {}\r\nUser-Agent: {CONSUMER_AGENT}\r\n\
             Connection: close\r\n\r\n",
            self.project, self.addr
        );
        let (status, body) = http(self.addr, &request)?;
        if status != 200 {
            return Err(format!("JWKS: HTTP {status}: {body}"));
        }
        let v: Value = serde_json::from_str(&body).map_err(|e| format!("JWKS: {e}"))?;
        for k in v["keys"].as_array().into_iter().flatten() {
            let (Some(kid), Some(n), Some(e)) =
                (k["kid"].as_str(), k["n"].as_str(), k["e"].as_str())
            else {
                return Err(format!("JWKS: a key without kid, n or e: {k}"));
            };
            let key = DecodingKey::from_rsa_components(n, e).map_err(|e| format!("JWKS: {e}"))?;
            self.keys.insert(kid.to_owned(), key);
        }
        Ok(())
    }

    /// Signature (RS256, the key of the token's `kid`), `iss`, `aud`, `exp`/`nbf`, and `sub`.
    fn verify(&mut self, token: &str, client_id: &str) -> Result<(), String> {
        let header = decode_header(token).map_err(|e| format!("not a JWT: {e}"))?;
        let kid = header.kid.ok_or("a token without a kid")?;
        if !self.keys.contains_key(&kid) {
            self.refresh()?;
        }
        let key = self
            .keys
            .get(&kid)
            .ok_or_else(|| format!("the token's kid {kid} is not in the JWKS"))?;
        let mut validation = Validation::new(Algorithm::RS256);
        validation.set_audience(&[self.project.as_str()]);
        validation.set_issuer(&[format!("stytch.com/{}", self.project)]);
        validation.set_required_spec_claims(&["exp", "nbf", "iat", "aud", "iss", "sub"]);
        let claims = decode::<Value>(token, key, &validation)
            .map_err(|e| format!("the token does not verify: {e}"))?
            .claims;
        if claims["sub"] != client_id {
            return Err(format!(
                "the token is for {}, not {client_id}",
                claims["sub"]
            ));
        }
        Ok(())
    }
}

fn last_four(secret: &str) -> String {
    secret[secret.len().saturating_sub(4)..].to_owned()
}

/// Writes `text` to `path` atomically (a temporary file, then a rename).
fn write_atomically(path: &Path, text: &str) {
    let tmp = path.with_extension("in-use-tmp");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

/// Where one consumer finds its secret and reports the secret it uses.
struct Consumer {
    client_id: String,
    addr: SocketAddr,
    project: String,
    secret_file: PathBuf,
    in_use: PathBuf,
}

impl Consumer {
    /// Until `stop`: every [`EVERY`], re-read the secret, get a token, verify it; after each
    /// verified token with a secret not used before, report its last four in `in_use`.
    fn serve(self, t0: Instant, stop: Arc<AtomicBool>) -> Tally {
        let mut tally = Tally::default();
        let mut rs = ResourceServer {
            addr: self.addr,
            project: self.project.clone(),
            keys: HashMap::new(),
            fetches: 0,
        };
        let mut next = Instant::now();
        while !stop.load(Ordering::SeqCst) {
            tally.requests += 1;
            let secret = std::fs::read_to_string(&self.secret_file)
                .map(|s| s.trim().to_owned())
                .unwrap_or_default();
            let four = last_four(&secret);
            let got = get_token(self.addr, &self.project, &self.client_id, &secret)
                .and_then(|token| rs.verify(&token, &self.client_id));
            match got {
                Ok(()) => {
                    tally.verified += 1;
                    if tally.secrets_used.last() != Some(&four) {
                        write_atomically(&self.in_use, &four);
                        tally.secrets_used.push(four);
                    }
                }
                Err(error) => tally.failures.push(Failure {
                    client_id: self.client_id.clone(),
                    secret_last_four: four,
                    at: t0.elapsed(),
                    error,
                }),
            }
            next += EVERY;
            let now = Instant::now();
            if next > now {
                std::thread::sleep(next - now);
            } else {
                next = now;
            }
        }
        tally.jwks_fetches = rs.fetches;
        tally
    }
}

/// Clients of their own in the local Stytch, each with its secret deployed and a consumer
/// running on a thread of its own.
struct Scene {
    t0: Instant,
    ids: Vec<String>,
    deployed: PathBuf,
    stop: Arc<AtomicBool>,
    consumers: Vec<JoinHandle<Tally>>,
}

impl Scene {
    fn start(h: &Harness, clients: usize) -> Scene {
        let t0 = Instant::now();
        let deployed = h.path("deployed");
        std::fs::create_dir(&deployed).unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let mut ids = Vec::new();
        let mut consumers = Vec::new();
        for _ in 0..clients {
            let id = format!("m2m-client-test-{}", stytch_m2m_mock::state::uuid());
            let record = h.mock.add_client(&id);
            std::fs::write(deployed.join(&id), &record.client_secret).unwrap();
            let consumer = Consumer {
                client_id: id.clone(),
                addr: h.mock.addr(),
                project: h.project_id.clone(),
                secret_file: deployed.join(&id),
                in_use: deployed.join(format!("{id}.in-use")),
            };
            let stop = stop.clone();
            consumers.push(std::thread::spawn(move || consumer.serve(t0, stop)));
            ids.push(id);
        }
        let scene = Scene {
            t0,
            ids,
            deployed,
            stop,
            consumers,
        };
        for id in &scene.ids {
            let in_use = scene.deployed.join(format!("{id}.in-use"));
            wait_until("every consumer serving", || in_use.exists());
        }
        scene
    }

    /// `rotate run` with this scene's deploy directory; asserts it succeeded.
    fn run(&self, h: &Harness, args: &[&str]) {
        let out = h
            .cmd()
            .env("DEPLOYED", &self.deployed)
            .args(["rotate", "run"])
            .args(args)
            .arg("--yes")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}:\n{}", stderr(&out));
    }

    /// Stops the consumers and returns what each did.
    fn stop(self) -> Vec<Tally> {
        self.stop.store(true, Ordering::SeqCst);
        self.consumers
            .into_iter()
            .map(|c| c.join().expect("a consumer thread"))
            .collect()
    }
}

/// The docs' figure for `what` holds for `measured`: "N …" is exactly N, "at least N …" and
/// "at most N …" are bounds.
fn assert_doc_figure(what: &str, measured: u64) {
    let cell = doc_figure("docs/consumers.md", "## Zero downtime", what);
    let (bound, rest) = if let Some(rest) = cell.strip_prefix("at least ") {
        (Some(true), rest)
    } else if let Some(rest) = cell.strip_prefix("at most ") {
        (Some(false), rest)
    } else {
        (None, cell.as_str())
    };
    let digits: String = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ',')
        .filter(char::is_ascii_digit)
        .collect();
    let stated: u64 = digits
        .parse()
        .unwrap_or_else(|_| panic!("docs/consumers.md: {what:?} is not a figure: {cell:?}"));
    match bound {
        Some(true) => assert!(measured >= stated, "{what}: {measured}, docs say {cell:?}"),
        Some(false) => assert!(measured <= stated, "{what}: {measured}, docs say {cell:?}"),
        None => assert_eq!(measured, stated, "{what}: docs say {cell:?}"),
    }
}

/// The consumers' token requests as the local Stytch recorded them.
fn consumer_token_requests(h: &Harness) -> Vec<RecordedRequest> {
    h.requests()
        .into_iter()
        .filter(|r| r.route == Route::Token && r.user_agent.as_deref() == Some(CONSUMER_AGENT))
        .collect()
}

/// Waits until the consumers made `n` more token requests (so they go on with the last secrets).
fn wait_for_more_requests(h: &Harness, n: usize) {
    let before = consumer_token_requests(h).len();
    wait_until("more token requests from the consumers", || {
        consumer_token_requests(h).len() >= before + n
    });
}

/// What the main test measured: the figures of the docs' table.
struct Figures {
    consumers: u64,
    rotations: u64,
    signing_key_rotations: u64,
    requests: u64,
    failed: u64,
    verified: u64,
    pending_used: u64,
    elapsed: Duration,
}

/// Every client rotated [`ONE_CLIENT_ROUNDS`] times by a one-client run, the signing key once,
/// then every client [`FLEET_ROUNDS`] times by a fleet run of all of them.
fn rotate_every_client(h: &Harness, scene: &Scene) {
    for round in 0..ONE_CLIENT_ROUNDS {
        for id in &scene.ids {
            let custody = h.path(&format!("custody-{round}-{id}"));
            let custody = custody.to_str().unwrap();
            let args = ["--client-id", id, "--secret-file", custody];
            let hooks = ["--deploy", DEPLOY, "--check", CHECK];
            scene.run(h, &[&args[..], &hooks[..]].concat());
        }
    }
    // The consumers find the new kid in the JWKS (the old key stays in it for a while).
    h.mock.state().rotate_signing_key(None).unwrap();
    for n in 0..FLEET_ROUNDS {
        let dir = h.path(&format!("fleet-{n}"));
        let mut args: Vec<&str> = Vec::new();
        for id in &scene.ids {
            args.extend(["--client-id", id.as_str()]);
        }
        args.extend(["--secret-dir", dir.to_str().unwrap()]);
        args.extend(["--deploy", DEPLOY, "--check", CHECK]);
        scene.run(h, &args);
    }
}

/// Each client ends completed with the deploy holding its live secret, and its consumer went
/// through every secret it had; returns how many rotations the local Stytch made.
fn assert_each_consumer_followed(h: &Harness, ids: &[String], tallies: &[Tally]) -> u64 {
    let minted = h.mock.state().minted_secrets();
    let seen = consumer_token_requests(h);
    for (id, tally) in ids.iter().zip(tallies) {
        let record = h.mock.state().client(id).unwrap();
        assert!(record.next_client_secret.is_none(), "{id}: completed");
        let deployed = std::fs::read_to_string(h.path("deployed").join(id)).unwrap();
        assert_eq!(deployed, record.client_secret, "{id}: deployed");
        let rotations = minted
            .iter()
            .filter(|m| &m.client_id == id && m.route == Some(Route::RotateStart))
            .count();
        assert_eq!(rotations, ONE_CLIENT_ROUNDS + FLEET_ROUNDS, "{id}");
        assert_eq!(
            tally.secrets_used.len(),
            1 + rotations,
            "{id}: every secret used"
        );
        let live = last_four(&record.client_secret);
        assert_eq!(tally.secrets_used.last(), Some(&live), "{id}");
        assert!(
            tally.jwks_fetches >= 2,
            "{id}: the JWKS again for the new kid"
        );
        // Each pending secret got its consumer a token before its rotation completed.
        let pending = seen
            .iter()
            .filter(|r| r.client_id.as_ref() == Some(id))
            .filter(|r| r.secret_presented.as_deref() == Some("next"))
            .count();
        assert!(
            pending >= rotations,
            "{id}: {pending} with a pending secret"
        );
    }
    minted
        .iter()
        .filter(|m| m.route == Some(Route::RotateStart))
        .count() as u64
}

/// The figures, from the consumers' tallies and the local Stytch's record of their requests;
/// fails on any failed request, printing each.
fn figures(h: &Harness, ids: &[String], tallies: &[Tally], elapsed: Duration) -> Figures {
    let failures: Vec<String> = tallies
        .iter()
        .flat_map(|t| t.failures.iter().map(ToString::to_string))
        .collect();
    let shown = failures.join("\n");
    assert!(failures.is_empty(), "{} failed:\n{shown}", failures.len());
    let sum = |f: fn(&Tally) -> u64| tallies.iter().map(f).sum::<u64>();
    let (requests, verified) = (sum(|t| t.requests), sum(|t| t.verified));
    assert_eq!(verified, requests, "every token verified");
    let rotations = assert_each_consumer_followed(h, ids, tallies);
    // The local Stytch saw as many requests from the consumers, and refused none.
    let seen = consumer_token_requests(h);
    assert_eq!(seen.len() as u64, requests, "counted on both sides");
    let presented = |which: &str| {
        seen.iter()
            .filter(|r| r.secret_presented.as_deref() == Some(which))
            .count() as u64
    };
    assert_eq!(presented("wrong"), 0);
    Figures {
        consumers: ids.len() as u64,
        rotations,
        signing_key_rotations: h.mock.state().jwks().len() as u64 - 1,
        requests,
        failed: failures.len() as u64,
        verified,
        pending_used: presented("next"),
        elapsed,
    }
}

impl Figures {
    /// The table of docs/consumers.md and the README's claim hold for these figures.
    fn compare_with_docs(&self) {
        eprintln!(
            "zero downtime: {} rotations, {} token requests, {} failed, {} verified, \
             {} with the pending secret, {} ms",
            self.rotations,
            self.requests,
            self.failed,
            self.verified,
            self.pending_used,
            self.elapsed.as_millis()
        );
        assert_doc_figure("consumer services", self.consumers);
        assert_doc_figure("rotations", self.rotations);
        assert_doc_figure("signing-key rotations", self.signing_key_rotations);
        assert_doc_figure("latency", LATENCY_MS);
        assert_doc_figure("token requests, all told", self.requests);
        assert_doc_figure("token requests that failed", self.failed);
        assert_doc_figure("tokens verified", self.verified);
        assert_doc_figure("token requests with the pending secret", self.pending_used);
        assert_doc_figure("the whole run", self.elapsed.as_secs());
        let readme =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
        let claim = format!(
            "every {} ms through {} rotations",
            EVERY.as_millis(),
            self.rotations
        );
        assert!(readme.contains(&claim), "the README's claim: {claim:?}");
    }
}

#[test]
fn consumers_never_fail_while_their_secrets_rotate_alone_and_as_a_fleet() {
    let h = Harness::new();
    h.mock.set_latency(Some(Duration::from_millis(LATENCY_MS)));
    let scene = Scene::start(&h, 3);
    rotate_every_client(&h, &scene);
    // The consumers go on a little with the last secrets.
    wait_for_more_requests(&h, 3 * 5);
    let (elapsed, ids) = (scene.t0.elapsed(), scene.ids.clone());
    let tallies = scene.stop();
    figures(&h, &ids, &tallies, elapsed).compare_with_docs();
}

/// The recipe of docs/consumers.md is the one tested: its deploy and check, verbatim.
#[test]
fn the_docs_show_the_deploy_and_check_this_test_runs() {
    let page =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/consumers.md")).unwrap();
    for command in [DEPLOY, CHECK] {
        assert!(
            page.contains(&format!("'{command}'")),
            "docs/consumers.md lacks {command}"
        );
    }
}

/// The consumers do see a retired secret: a deploy that returns before they can see the new
/// one, with no check to wait for them, lets the run retire the old secret under them (each
/// failure names the client, the secret's last four, when, and Stytch's answer). The same late
/// deploy with the check cuts nobody off: every failure is with the secret the second, unchecked
/// run retired, none with the one the first run retired.
#[test]
fn a_deploy_that_returns_before_the_consumers_switch_cuts_them_off_unless_checked() {
    let h = Harness::new();
    h.mock.set_latency(Some(Duration::from_millis(LATENCY_MS)));
    let scene = Scene::start(&h, 1);
    let id = scene.ids[0].clone();
    let custody = |n: u32| h.path(&format!("custody-{n}")).display().to_string();
    let late = ["--client-id", &id, "--deploy", LATE_DEPLOY];

    let old = h.mock.state().client(&id).unwrap().client_secret;
    let (c1, c2) = (custody(1), custody(2));
    scene.run(
        &h,
        &[&late[..], &["--secret-file", &c1, "--check", CHECK]].concat(),
    );
    let checked = h.mock.state().client(&id).unwrap().client_secret;
    assert_ne!(checked, old);
    scene.run(&h, &[&late[..], &["--secret-file", &c2]].concat());
    let unchecked = h.mock.state().client(&id).unwrap().client_secret;
    // The consumer finds the new secret once the late deploy put it in place.
    let in_use = h.path("deployed").join(format!("{id}.in-use"));
    wait_until("the consumer on the new secret", || {
        std::fs::read_to_string(&in_use).unwrap_or_default() == last_four(&unchecked)
    });
    let tallies = scene.stop();

    let failures = &tallies[0].failures;
    let shown: Vec<String> = failures.iter().map(ToString::to_string).collect();
    eprintln!("{} failed, e.g. {:?}", failures.len(), shown.first());
    assert!(
        !failures.is_empty(),
        "the unchecked late deploy cut the consumer off"
    );
    for failure in failures {
        assert_eq!(failure.secret_last_four, last_four(&checked), "{failure}");
        assert!(failure.error.contains("invalid_client"), "{failure}");
    }
    let shown = &shown[0];
    assert!(shown.contains(&format!("with the secret ending {}", last_four(&checked))));
    assert!(shown.contains(" ms into the test: HTTP 401"), "{shown}");
    assert!(
        !shown.contains(&checked),
        "the secret itself is never shown"
    );
}
