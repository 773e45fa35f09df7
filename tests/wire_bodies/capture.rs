//! A loopback HTTP/1.1 server that keeps each request whole, body bytes included, and answers
//! every one with the same response; and a reader of `multipart/form-data` bodies written here,
//! independent of the client's multipart writer.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

/// One request as it came off the wire.
#[derive(Debug, Clone)]
pub struct Captured {
    pub method: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Captured {
    /// The first value of header `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    pub fn body_text(&self) -> &str {
        std::str::from_utf8(&self.body).expect("a UTF-8 body")
    }
}

/// A running server; every request gets `status` with the JSON `body`.
pub struct Capture {
    pub base: String,
    received: Arc<Mutex<Vec<Captured>>>,
}

impl Capture {
    pub fn start(status: u16, body: &'static str) -> Capture {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind 127.0.0.1");
        let base = format!("http://{}", listener.local_addr().expect("local addr"));
        let received = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&received);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { break };
                let log = Arc::clone(&log);
                std::thread::spawn(move || serve(stream, &log, status, body));
            }
        });
        Capture { base, received }
    }

    /// The one request the server has seen; fails when it saw another number.
    pub fn only(&self) -> Captured {
        let received = self.received.lock().expect("log").clone();
        assert_eq!(received.len(), 1, "requests: {received:?}");
        received.into_iter().next().expect("one request")
    }
}

fn serve(stream: TcpStream, log: &Mutex<Vec<Captured>>, status: u16, body: &str) {
    let mut reader = BufReader::new(stream.try_clone().expect("clone stream"));
    let mut line = String::new();
    reader.read_line(&mut line).expect("request line");
    let method = line.split(' ').next().unwrap_or_default().to_owned();
    let mut headers = Vec::new();
    loop {
        line.clear();
        reader.read_line(&mut line).expect("header line");
        let trimmed = line.trim_end();
        if trimmed.is_empty() {
            break;
        }
        let (name, value) = trimmed.split_once(':').expect("a header");
        headers.push((name.trim().to_owned(), value.trim().to_owned()));
    }
    let captured_headers = Captured {
        method,
        headers,
        body: Vec::new(),
    };
    let body_bytes = if let Some(length) = captured_headers.header("content-length") {
        let mut bytes = vec![0; length.parse().expect("a length")];
        reader.read_exact(&mut bytes).expect("body");
        bytes
    } else if captured_headers
        .header("transfer-encoding")
        .is_some_and(|coding| coding.eq_ignore_ascii_case("chunked"))
    {
        dechunk(&mut reader)
    } else {
        Vec::new()
    };
    log.lock().expect("log").push(Captured {
        body: body_bytes,
        ..captured_headers
    });
    let answer = format!(
        "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    let mut stream = stream;
    let _ = stream.write_all(answer.as_bytes());
}

fn dechunk(reader: &mut impl BufRead) -> Vec<u8> {
    let mut body = Vec::new();
    loop {
        let mut size = String::new();
        reader.read_line(&mut size).expect("chunk size");
        let size = usize::from_str_radix(size.trim(), 16).expect("a hex size");
        let mut chunk = vec![0; size + 2];
        reader.read_exact(&mut chunk).expect("chunk");
        if size == 0 {
            return body;
        }
        body.extend_from_slice(&chunk[..size]);
    }
}

/// One part of a `multipart/form-data` body.
#[derive(Debug, PartialEq)]
pub struct ReadPart {
    pub name: String,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
}

/// The parts of a multipart body, read by the boundary its `Content-Type` names (RFC 7578).
pub fn multipart_parts(request: &Captured) -> Vec<ReadPart> {
    let content_type = request.header("content-type").expect("a Content-Type");
    let boundary = content_type
        .split(';')
        .find_map(|parameter| parameter.trim().strip_prefix("boundary="))
        .expect("a boundary")
        .trim_matches('"');
    let delimiter = format!("--{boundary}");
    let mut pieces = split(&request.body, delimiter.as_bytes());
    // Before the first delimiter: the preamble; after the last: `--` and the epilogue.
    pieces.remove(0);
    let last = pieces.pop().expect("the closing delimiter");
    assert!(
        last.starts_with(b"--"),
        "the body ends with the closing delimiter"
    );
    pieces
        .into_iter()
        .map(|piece| {
            let piece = piece
                .strip_prefix(b"\r\n")
                .expect("CRLF after the delimiter");
            let piece = piece
                .strip_suffix(b"\r\n")
                .expect("CRLF before the delimiter");
            let end = piece
                .windows(4)
                .position(|window| window == b"\r\n\r\n")
                .expect("the part's headers end");
            let head = std::str::from_utf8(&piece[..end]).expect("ASCII part headers");
            let mut name = None;
            let mut content_type = None;
            for line in head.split("\r\n") {
                let (key, value) = line.split_once(':').expect("a part header");
                if key.eq_ignore_ascii_case("content-disposition") {
                    name = value
                        .split(';')
                        .find_map(|parameter| parameter.trim().strip_prefix("name="))
                        .map(|quoted| quoted.trim_matches('"').to_owned());
                } else if key.eq_ignore_ascii_case("content-type") {
                    content_type = Some(value.trim().to_owned());
                }
            }
            ReadPart {
                name: name.expect("a part name"),
                content_type,
                body: piece[end + 4..].to_vec(),
            }
        })
        .collect()
}

fn split<'b>(bytes: &'b [u8], delimiter: &[u8]) -> Vec<&'b [u8]> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut at = 0;
    while at + delimiter.len() <= bytes.len() {
        if &bytes[at..at + delimiter.len()] == delimiter {
            pieces.push(&bytes[start..at]);
            at += delimiter.len();
            start = at;
        } else {
            at += 1;
        }
    }
    pieces.push(&bytes[start..]);
    pieces
}
