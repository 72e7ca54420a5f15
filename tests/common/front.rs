//! A front for the local Stytch on loopback (plain http) that passes every request through and,
//! once, replaces the answer to a matching path with a 2xx sent in chunks, with no length
//! announced, as large as asked: the body cap must hold when nothing says how long a body is.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

pub struct ChunkedFront {
    addr: SocketAddr,
    rewritten: Arc<AtomicUsize>,
}

impl ChunkedFront {
    /// Fronts `upstream`; the first request whose path ends in `path_suffix` reaches upstream (and
    /// takes effect there), and its answer is replaced by `bytes` bytes of chunked 200.
    pub fn start(upstream: SocketAddr, path_suffix: &'static str, bytes: usize) -> ChunkedFront {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let rewritten = Arc::new(AtomicUsize::new(0));
        let count = rewritten.clone();
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let count = count.clone();
                std::thread::spawn(move || {
                    let _ = serve(client, upstream, path_suffix, bytes, &count);
                });
            }
        });
        ChunkedFront { addr, rewritten }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// How many answers were replaced.
    pub fn rewritten(&self) -> usize {
        self.rewritten.load(Ordering::SeqCst)
    }
}

/// One request per connection: passed upstream with `connection: close`, its answer passed back
/// or replaced.
fn serve(
    client: TcpStream,
    upstream: SocketAddr,
    path_suffix: &str,
    bytes: usize,
    rewritten: &AtomicUsize,
) -> std::io::Result<()> {
    let mut reader = BufReader::new(client.try_clone()?);
    let mut head = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        if line == "\r\n" {
            break;
        }
        head.push(line);
    }
    let length = head
        .iter()
        .find_map(|h| {
            let (name, value) = h.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse::<usize>().ok())?
        })
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    let mut request = String::new();
    for h in head
        .iter()
        .filter(|h| !h.to_ascii_lowercase().starts_with("connection:"))
    {
        request.push_str(h);
    }
    request.push_str("connection: close\r\n\r\n");
    let mut up = TcpStream::connect(upstream)?;
    up.write_all(request.as_bytes())?;
    up.write_all(&body)?;
    let mut answer = Vec::new();
    up.read_to_end(&mut answer)?;
    let path = head[0].split(' ').nth(1).unwrap_or("");
    let mut client = client;
    if path.ends_with(path_suffix) && rewritten.fetch_add(1, Ordering::SeqCst) == 0 {
        return send_chunked(&mut client, bytes);
    }
    client.write_all(&answer)
}

fn send_chunked(client: &mut TcpStream, bytes: usize) -> std::io::Result<()> {
    client.write_all(
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\
          connection: close\r\n\r\n",
    )?;
    let chunk = vec![b'x'; 64 * 1024];
    let mut sent = 0;
    let mut first = true;
    while sent < bytes {
        let part: &[u8] = if first { b"{\"padding\":\"" } else { &chunk };
        first = false;
        let part = &part[..part.len().min(bytes - sent)];
        write!(client, "{:x}\r\n", part.len())?;
        client.write_all(part)?;
        client.write_all(b"\r\n")?;
        sent += part.len();
    }
    client.write_all(b"0\r\n\r\n")
}
