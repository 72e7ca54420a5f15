//! `stytch-m2m-mock`: a local Stytch M2M API on loopback.

use std::io::Write;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use clap::Parser;
use stytch_m2m_mock::state::{new_secret, uuid, ClientRecord, State};

/// A local, stateful Stytch M2M API for tests, demos and CI rehearsals.
///
/// Credentials come from STYTCH_PROJECT_ID and STYTCH_SECRET; when absent they are generated
/// and printed. The first line on stdout is `listening on http://HOST:PORT`, with the port it
/// bound.
#[derive(Parser)]
#[command(name = "stytch-m2m-mock", version)]
struct Args {
    /// Address to listen on (port 0 picks a free port)
    #[arg(long, default_value = "127.0.0.1:0")]
    listen: SocketAddr,

    /// An M2M client to create, with its secret or a generated one (repeatable)
    #[arg(long = "client", value_name = "ID[:SECRET]")]
    clients: Vec<String>,

    /// Create this many clients with generated ids, names, secrets and varied scopes
    #[arg(long, value_name = "N", default_value_t = 0)]
    generate_clients: usize,

    /// Delay every answer of the API routes by this many milliseconds
    #[arg(long, value_name = "MS")]
    latency: Option<u64>,

    /// Answer 429 (with Retry-After) past N API requests in a one-second window
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    rate_limit: Option<u32>,

    /// Serve https with this PEM certificate chain (needs --tls-key)
    #[arg(long, value_name = "PATH", requires = "tls_key")]
    tls_cert: Option<std::path::PathBuf>,

    /// The PEM private key of --tls-cert
    #[arg(long, value_name = "PATH", requires = "tls_cert")]
    tls_key: Option<std::path::PathBuf>,

    /// Sign access tokens with this RSA private key (PEM, PKCS#8 or PKCS#1) instead of the
    /// built-in test keys
    #[arg(long, value_name = "PATH")]
    signing_key: Option<std::path::PathBuf>,
}

fn main() {
    let args = Args::parse();
    let creds = Credentials::from_env();
    let state = Arc::new(State::new(creds.project_id.clone(), creds.secret.clone()));
    state.set_latency(args.latency.map(Duration::from_millis));
    state.set_rate_limit(args.rate_limit);
    if let Some(path) = &args.signing_key {
        let configured = std::fs::read(path)
            .map_err(|e| e.to_string())
            .and_then(|pem| state.set_signing_key(&pem));
        if let Err(e) = configured {
            eprintln!(
                "error: cannot sign with --signing-key {}: {e}; give an RSA private key in PEM, e.g. from `openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048`",
                path.display()
            );
            std::process::exit(1);
        }
    }
    let tls = tls(&args);
    let scheme = if tls.is_some() { "https" } else { "http" };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    rt.block_on(async move {
        let listener = match tokio::net::TcpListener::bind(args.listen).await {
            Ok(l) => l,
            Err(e) => {
                eprintln!("error: cannot listen on {}: {e}", args.listen);
                std::process::exit(1);
            }
        };
        let addr = listener.local_addr().expect("bound address");
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "listening on {scheme}://{addr}");
        creds.print_generated(&mut out);
        for spec in &args.clients {
            let (id, client_secret) = match spec.split_once(':') {
                Some((id, s)) => (id, Some(s)),
                None => (spec.as_str(), None),
            };
            let record = ClientRecord::new(id, client_secret);
            let _ = writeln!(out, "client {} {}", record.client_id, record.client_secret);
            state.add_client(record);
        }
        if args.generate_clients > 0 {
            state.generate_clients(args.generate_clients);
            let _ = writeln!(
                out,
                "generated {} clients (GET /_mock/clients lists them)",
                args.generate_clients
            );
        }
        let _ = out.flush();
        drop(out);
        let shutdown = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        stytch_m2m_mock::server::serve(listener, state, tls, shutdown).await;
    });
}

/// The project's credentials, from the environment or generated.
struct Credentials {
    project_id: String,
    secret: String,
    generated_project: bool,
    generated_secret: bool,
}

impl Credentials {
    fn from_env() -> Self {
        let from_env = |name: &str| {
            std::env::var(name)
                .ok()
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let project_id = from_env("STYTCH_PROJECT_ID");
        let secret = from_env("STYTCH_SECRET");
        Credentials {
            generated_project: project_id.is_none(),
            generated_secret: secret.is_none(),
            project_id: project_id.unwrap_or_else(|| format!("project-test-{}", uuid())),
            secret: secret.unwrap_or_else(|| format!("secret-test-{}", new_secret())),
        }
    }

    /// Prints what was generated, so that a caller can use it.
    fn print_generated(&self, out: &mut impl Write) {
        if self.generated_project {
            let _ = writeln!(out, "STYTCH_PROJECT_ID={}", self.project_id);
        }
        if self.generated_secret {
            let _ = writeln!(out, "STYTCH_SECRET={}", self.secret);
        }
    }
}

/// The TLS acceptor of `--tls-cert` and `--tls-key`; exits on a bad file.
fn tls(args: &Args) -> Option<tokio_rustls::TlsAcceptor> {
    let (cert, key) = (args.tls_cert.as_ref()?, args.tls_key.as_ref()?);
    let read = |p: &std::path::Path| {
        std::fs::read(p).unwrap_or_else(|e| {
            eprintln!("error: cannot read {}: {e}", p.display());
            std::process::exit(1)
        })
    };
    match stytch_m2m_mock::server::tls_acceptor(&read(cert), &read(key)) {
        Ok(acceptor) => Some(acceptor),
        Err(e) => {
            eprintln!("error: bad TLS certificate or key: {e}");
            std::process::exit(1)
        }
    }
}
