//! A hand-rolled HTTP/1.1 responder on 127.0.0.1: one thread per connection, each request read
//! whole, recorded, and answered with raw bytes the test chooses (then the connection closes).

use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One request as the server read it.
#[derive(Debug, Clone)]
pub struct Received {
    pub method: String,
    pub target: String,
    pub headers: Vec<(String, String)>,
}

impl Received {
    /// The first value of header `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

type Answer = dyn Fn(usize, &Received) -> Vec<u8> + Send + Sync;

/// A running server; `answer(n, request)` gives the raw answer to its `n`th request (from 0).
pub struct Server {
    pub base: String,
    received: Arc<Mutex<Vec<Received>>>,
}

impl Server {
    pub fn start(answer: impl Fn(usize, &Received) -> Vec<u8> + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind 127.0.0.1");
        Server::on(listener, answer)
    }

    /// A server on a listener bound already (to a chosen port).
    pub fn on(
        listener: TcpListener,
        answer: impl Fn(usize, &Received) -> Vec<u8> + Send + Sync + 'static,
    ) -> Server {
        let addr = listener.local_addr().expect("local addr");
        let received = Arc::new(Mutex::new(Vec::new()));
        let answer: Arc<Answer> = Arc::new(answer);
        let log = Arc::clone(&received);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { break };
                let (log, answer) = (Arc::clone(&log), Arc::clone(&answer));
                std::thread::spawn(move || serve(stream, &log, &*answer));
            }
        });
        Server {
            base: format!("http://{addr}"),
            received,
        }
    }

    pub fn received(&self) -> Vec<Received> {
        self.received.lock().expect("log").clone()
    }

    pub fn count(&self) -> usize {
        self.received.lock().expect("log").len()
    }
}

fn serve(mut stream: TcpStream, log: &Mutex<Vec<Received>>, answer: &Answer) {
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("read timeout");
    let Some(request) = read_request(&mut stream) else {
        return; // A connection closed without a request (a probe); nothing to record.
    };
    let index = {
        let mut log = log.lock().expect("log");
        log.push(request.clone());
        log.len() - 1
    };
    let bytes = answer(index, &request);
    // The client may hang up early (a body over its limit): that is what some tests expect.
    let _ = stream.write_all(&bytes).and_then(|()| stream.flush());
}

/// Reads the head and `Content-Length` bytes of body; `None` if the connection ends first.
fn read_request(stream: &mut TcpStream) -> Option<Received> {
    let mut data = Vec::new();
    let mut buf = [0u8; 8192];
    let head_end = loop {
        if let Some(pos) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break pos + 4;
        }
        let n = stream.read(&mut buf).ok()?;
        if n == 0 {
            return None;
        }
        data.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8_lossy(&data[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let (method, target) = (first.next()?.to_owned(), first.next()?.to_owned());
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_owned(), value.trim().to_owned()))
        .collect();
    let request = Received {
        method,
        target,
        headers,
    };
    let length: usize = request
        .header("content-length")
        .map_or(0, |value| value.parse().expect("numeric Content-Length"));
    while data.len() < head_end + length {
        let n = stream.read(&mut buf).ok()?;
        if n == 0 {
            return None;
        }
        data.extend_from_slice(&buf[..n]);
    }
    Some(request)
}

/// An answer with `Content-Length`, extra `headers`, and `Connection: close`.
pub fn reply(status: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status}\r\nContent-Length: {}\r\n", body.len());
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str("Connection: close\r\n\r\n");
    let mut out = out.into_bytes();
    out.extend_from_slice(body);
    out
}

/// A JSON answer.
pub fn json(status: &str, body: &str) -> Vec<u8> {
    reply(
        status,
        &[("Content-Type", "application/json")],
        body.as_bytes(),
    )
}

/// A redirect to `location`.
pub fn redirect(status: u16, location: &str) -> Vec<u8> {
    reply(&format!("{status} Moved"), &[("Location", location)], b"")
}

/// A 200 whose body comes in 64 KiB chunks (`Transfer-Encoding: chunked`), no length given.
pub fn chunked(body: &[u8]) -> Vec<u8> {
    let mut out = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n".to_vec();
    for chunk in body.chunks(64 * 1024) {
        out.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        out.extend_from_slice(chunk);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"0\r\n\r\n");
    out
}

/// A 200 whose body ends when the connection closes (no length, not chunked).
pub fn close_delimited(body: &[u8]) -> Vec<u8> {
    let mut out =
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n".to_vec();
    out.extend_from_slice(body);
    out
}

/// A server that accepts connections, counts them, and never answers.
pub fn silent_server() -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind 127.0.0.1");
    let addr = listener.local_addr().expect("local addr");
    let accepted = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&accepted);
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming() {
            let Ok(stream) = stream else { break };
            counter.fetch_add(1, Ordering::SeqCst);
            held.push(stream);
        }
    });
    (format!("http://{addr}"), accepted)
}

/// An address on 127.0.0.1 where nothing listens: bound, noted and closed again.
pub fn free_address() -> SocketAddr {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|listener| listener.local_addr())
        .expect("free port")
}
