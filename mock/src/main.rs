//! `stytch-m2m-mock`: a local Stytch M2M API on loopback.

use std::io::Write;
use std::net::SocketAddr;
use std::sync::Arc;

use clap::Parser;
use stytch_m2m_mock::state::{new_secret, uuid, ClientRecord, State};

/// A local, stateful Stytch M2M API for tests, demos and CI rehearsals.
///
/// Credentials come from STYTCH_PROJECT_ID and STYTCH_SECRET; when absent they are generated
/// and printed. The first line on stdout is `listening on http://HOST:PORT`.
#[derive(Parser)]
#[command(name = "stytch-m2m-mock", version)]
struct Args {
    /// Address to listen on (port 0 picks a free port)
    #[arg(long, default_value = "127.0.0.1:0")]
    listen: SocketAddr,

    /// An M2M client to create, with its secret or a generated one (repeatable)
    #[arg(long = "client", value_name = "ID[:SECRET]")]
    clients: Vec<String>,

    /// Serve https with this PEM certificate chain (needs --tls-key)
    #[arg(long, value_name = "PATH", requires = "tls_key")]
    tls_cert: Option<std::path::PathBuf>,

    /// The PEM private key of --tls-cert
    #[arg(long, value_name = "PATH", requires = "tls_cert")]
    tls_key: Option<std::path::PathBuf>,
}

fn main() {
    let args = Args::parse();
    let from_env = |name: &str| {
        std::env::var(name)
            .ok()
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    let project_id = from_env("STYTCH_PROJECT_ID");
    let secret = from_env("STYTCH_SECRET");
    let generated_project = project_id.is_none();
    let generated_secret = secret.is_none();
    let project_id = project_id.unwrap_or_else(|| format!("project-test-{}", uuid()));
    let secret = secret.unwrap_or_else(|| format!("secret-test-{}", new_secret()));
    let state = Arc::new(State::new(project_id.clone(), secret.clone()));
    let tls = match (&args.tls_cert, &args.tls_key) {
        (Some(cert), Some(key)) => {
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
        _ => None,
    };
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
        if generated_project {
            let _ = writeln!(out, "STYTCH_PROJECT_ID={project_id}");
        }
        if generated_secret {
            let _ = writeln!(out, "STYTCH_SECRET={secret}");
        }
        for spec in &args.clients {
            let (id, client_secret) = match spec.split_once(':') {
                Some((id, s)) => (id, Some(s)),
                None => (spec.as_str(), None),
            };
            let record = ClientRecord::new(id, client_secret);
            let _ = writeln!(out, "client {} {}", record.client_id, record.client_secret);
            state.add_client(record);
        }
        let _ = out.flush();
        drop(out);
        let shutdown = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        stytch_m2m_mock::server::serve(listener, state, tls, shutdown).await;
    });
}
