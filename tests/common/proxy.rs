//! A forward proxy on loopback that understands CONNECT (for https) and absolute-form requests
//! (for http), and records every target it was asked for and every `Proxy-Authorization` sent.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

type Log = Arc<Mutex<Vec<String>>>;

pub struct ForwardProxy {
    pub addr: SocketAddr,
    pub seen: Log,
    pub auth_seen: Log,
}

impl ForwardProxy {
    pub fn start() -> ForwardProxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let seen = Log::default();
        let auth_seen = Log::default();
        let (seen2, auth2) = (seen.clone(), auth_seen.clone());
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let (seen, auth) = (seen2.clone(), auth2.clone());
                std::thread::spawn(move || serve(client, &seen, &auth));
            }
        });
        ForwardProxy {
            addr,
            seen,
            auth_seen,
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn seen(&self) -> Vec<String> {
        self.seen.lock().unwrap().clone()
    }
}

/// One client connection: read the request head, connect upstream, then relay both ways.
fn serve(client: TcpStream, seen: &Log, auth: &Log) {
    let mut reader = BufReader::new(client.try_clone().unwrap());
    let Some(head) = read_head(&mut reader) else {
        return;
    };
    for h in &head[1..] {
        if let Some(v) = h
            .strip_prefix("Proxy-Authorization: ")
            .or_else(|| h.strip_prefix("proxy-authorization: "))
        {
            auth.lock().unwrap().push(v.trim().to_owned());
        }
    }
    let mut parts = head[0].trim().split(' ');
    let method = parts.next().unwrap_or("").to_owned();
    let target = parts.next().unwrap_or("").to_owned();
    seen.lock().unwrap().push(format!("{method} {target}"));
    let (upstream_addr, rewritten) = if method == "CONNECT" {
        (target, None)
    } else {
        let (host, request) = origin_form(&method, &target, &head[1..]);
        (host, Some(request))
    };
    let Ok(mut upstream) = TcpStream::connect(&upstream_addr) else {
        let _ = (&client).write_all(b"HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\n\r\n");
        return;
    };
    let _ = match rewritten {
        None => (&client).write_all(b"HTTP/1.1 200 Connection Established\r\n\r\n"),
        Some(request) => upstream.write_all(request.as_bytes()),
    };
    // Whatever the reader buffered past the head goes upstream first.
    let _ = upstream.write_all(reader.buffer());
    relay(client, upstream);
}

/// The request line and header lines, up to the blank line; `None` if the client left first.
fn read_head(reader: &mut BufReader<TcpStream>) -> Option<Vec<String>> {
    let mut head = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return None;
        }
        let end = line == "\r\n";
        head.push(line);
        if end {
            return Some(head);
        }
    }
}

/// An absolute-form request (`GET http://host/path`) as the origin server expects it, without
/// the `Proxy-*` headers; returns the upstream `host:port` too.
fn origin_form(method: &str, target: &str, headers: &[String]) -> (String, String) {
    let rest = target.strip_prefix("http://").unwrap_or(target);
    let (host, path) = rest
        .split_once('/')
        .map(|(h, p)| (h, format!("/{p}")))
        .unwrap_or((rest, "/".into()));
    let mut request = format!("{method} {path} HTTP/1.1\r\n");
    for h in headers {
        if !h.to_ascii_lowercase().starts_with("proxy-") {
            request.push_str(h);
        }
    }
    (host.to_owned(), request)
}

/// Copies bytes both ways until each side has closed.
fn relay(client: TcpStream, mut upstream: TcpStream) {
    let mut up_read = upstream.try_clone().unwrap();
    let mut down = client.try_clone().unwrap();
    let back = std::thread::spawn(move || {
        let _ = std::io::copy(&mut up_read, &mut down);
        let _ = down.shutdown(Shutdown::Write);
    });
    let mut client_read = client;
    let mut buf = [0u8; 8192];
    loop {
        match client_read.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                if upstream.write_all(&buf[..n]).is_err() {
                    break;
                }
            }
        }
    }
    let _ = upstream.shutdown(Shutdown::Write);
    let _ = back.join();
}
