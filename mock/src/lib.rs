//! A local, stateful Stytch M2M API for tests, demos and CI rehearsals.
//!
//! Run it as a program (`stytch-m2m-mock --listen 127.0.0.1:0 --client ID`) or, in Rust tests,
//! in-process with [`MockServer::start`], which gives direct access to its state and faults.

mod admin;
mod api;
mod client;
mod faults;
mod jwt;
mod limits;
mod search;
pub mod server;
pub mod state;

use std::net::SocketAddr;
use std::sync::Arc;
use std::thread::JoinHandle;

pub use state::{
    ClientRecord, Concurrency, Fault, FaultKind, Minted, RecordedRequest, Route, State,
};

/// A local Stytch running on its own thread, stopped when dropped.
///
/// If a request handler panicked while it ran, dropping it panics with the message (unless the
/// thread is panicking already), so the test that started it fails.
pub struct MockServer {
    addr: SocketAddr,
    scheme: &'static str,
    state: Arc<State>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl MockServer {
    /// Starts on 127.0.0.1 with a free port, over plain http.
    pub fn start(project_id: &str, secret: &str) -> std::io::Result<MockServer> {
        Self::start_inner(project_id, secret, None)
    }

    /// Starts on 127.0.0.1 with a free port, over https with this PEM certificate chain and key.
    pub fn start_tls(
        project_id: &str,
        secret: &str,
        cert_pem: &[u8],
        key_pem: &[u8],
    ) -> std::io::Result<MockServer> {
        let acceptor = server::tls_acceptor(cert_pem, key_pem).map_err(std::io::Error::other)?;
        Self::start_inner(project_id, secret, Some(acceptor))
    }

    fn start_inner(
        project_id: &str,
        secret: &str,
        tls: Option<tokio_rustls::TlsAcceptor>,
    ) -> std::io::Result<MockServer> {
        let scheme = if tls.is_some() { "https" } else { "http" };
        let state = Arc::new(State::new(project_id.to_owned(), secret.to_owned()));
        let std_listener = std::net::TcpListener::bind("127.0.0.1:0")?;
        std_listener.set_nonblocking(true)?;
        let addr = std_listener.local_addr()?;
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let served = state.clone();
        let thread = std::thread::Builder::new()
            .name("stytch-m2m-mock".into())
            .spawn(move || {
                let rt = tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .enable_all()
                    .build()
                    .expect("a tokio runtime");
                rt.block_on(async move {
                    let listener =
                        tokio::net::TcpListener::from_std(std_listener).expect("listener");
                    server::serve(listener, served, tls, async {
                        let _ = stopped.await;
                    })
                    .await;
                });
            })?;
        Ok(MockServer {
            addr,
            scheme,
            state,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// `http://127.0.0.1:PORT` (or https).
    pub fn url(&self) -> String {
        format!("{}://{}", self.scheme, self.addr)
    }

    /// The same with `localhost`, the name a test certificate is issued for.
    pub fn url_localhost(&self) -> String {
        format!("{}://localhost:{}", self.scheme, self.addr.port())
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn state(&self) -> &State {
        &self.state
    }

    /// Adds `n` generated clients with varied scopes and returns them (see
    /// [`ClientRecord::generated`]).
    pub fn generate_clients(&self, n: usize) -> Vec<ClientRecord> {
        self.state.generate_clients(n)
    }

    /// Delays every answer of the API routes by `latency` (`None`: no delay).
    pub fn set_latency(&self, latency: Option<std::time::Duration>) {
        self.state.set_latency(latency);
    }

    /// Answers 429 with `Retry-After` past `per_second` API requests a second (`None`: no limit).
    pub fn set_rate_limit(&self, per_second: Option<u32>) {
        self.state.set_rate_limit(per_second);
    }

    /// Adds a client with a generated secret and returns it.
    pub fn add_client(&self, client_id: &str) -> ClientRecord {
        let record = ClientRecord::new(client_id, None);
        self.state.add_client(record.clone());
        record
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
        let panics = self.state.panics();
        if !panics.is_empty() && !std::thread::panicking() {
            panic!(
                "the local Stytch panicked while answering: {}",
                panics.join("; ")
            );
        }
    }
}
