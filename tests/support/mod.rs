//! Helpers shared by the integration tests of `status-apis`; a test file uses them through
//! `mod support;`.
//!
//! Every file in `tests/` is compiled as its own crate and uses only some of these helpers, so
//! the rest would be reported as dead code in each of them: hence the `allow` below.
#![allow(dead_code)]

pub mod seeds;

use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::thread::JoinHandle;
use std::time::Duration;

use oagen_runtime::{reqwest, DateTime, Secret};
use status_apis::{lineworks, rocketchat};
use vendor_mock::{MockServer, ReceivedRequest};

/// A reqwest client that never goes through a proxy: reqwest honours `HTTP_PROXY` even for
/// loopback addresses, and every test server listens on 127.0.0.1.
pub fn direct_http() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("reqwest client")
}

/// [`direct_http`] that gives up on a request after `timeout`.
pub fn direct_http_with_timeout(timeout: Duration) -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .timeout(timeout)
        .build()
        .expect("reqwest client")
}

/// A LINE WORKS client builder for `base_url` with a bearer `token`, sending through
/// [`direct_http`].
pub fn lineworks_builder(
    base_url: impl Into<String>,
    token: impl Into<Secret>,
) -> lineworks::ClientBuilder {
    lineworks::Client::builder()
        .base_url(base_url)
        .access_token(token)
        .http_client(direct_http())
}

/// A Rocket.Chat client builder for `base_url` with both credential headers, sending through
/// [`direct_http`].
pub fn rocketchat_builder(
    base_url: impl Into<String>,
    auth_token: impl Into<Secret>,
    user_id: impl Into<Secret>,
) -> rocketchat::ClientBuilder {
    rocketchat::Client::builder()
        .base_url(base_url)
        .auth_token(auth_token)
        .user_id(user_id)
        .http_client(direct_http())
}

/// Rocket.Chat clients for `base_url` that hold only one of the two credentials each: the auth
/// token alone, then the user id alone.
pub fn rocketchat_halves(
    base_url: impl Into<String>,
    auth_token: &str,
    user_id: &str,
) -> [rocketchat::Client; 2] {
    let builder = rocketchat::Client::builder()
        .base_url(base_url)
        .http_client(direct_http());
    [
        builder.clone().auth_token(auth_token),
        builder.user_id(user_id),
    ]
    .map(|half| half.build().expect("client"))
}

/// The only request the server received.
#[track_caller]
pub fn only_request(server: &MockServer) -> ReceivedRequest {
    let received = server.received();
    assert_eq!(
        received.len(),
        1,
        "expected exactly one request: {received:#?}"
    );
    received.into_iter().next().expect("one request")
}

pub fn time(text: &str) -> DateTime {
    DateTime::parse(text).expect("valid RFC 3339 test timestamp")
}

/// An address on 127.0.0.1 where nothing listens: bound, noted and closed again.
pub fn free_address() -> SocketAddr {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|listener| listener.local_addr())
        .expect("free port")
}

/// A server on 127.0.0.1 that accepts connections and never answers.
pub fn silent_server() -> String {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind 127.0.0.1");
    let addr = listener.local_addr().expect("local addr");
    std::thread::spawn(move || {
        // Keep every connection open (and unanswered) for as long as the test binary runs.
        let mut held = Vec::new();
        for stream in listener.incoming() {
            match stream {
                Ok(stream) => held.push(stream),
                Err(_) => break,
            }
        }
    });
    format!("http://{addr}")
}

/// A server on 127.0.0.1 that answers the first connection with `response` (raw HTTP, which
/// may be cut short) and hands back the request it read.
pub fn canned_server(response: String) -> (String, JoinHandle<String>) {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind 127.0.0.1");
    let addr = listener.local_addr().expect("local addr");
    let handle = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().expect("accept");
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .expect("read timeout");
        let request = read_request(&mut stream);
        stream.write_all(response.as_bytes()).expect("write answer");
        stream.flush().expect("flush");
        request
    });
    (format!("http://{addr}"), handle)
}

/// Reads one HTTP/1.1 request: the head, then `Content-Length` bytes of body.
fn read_request(stream: &mut impl Read) -> String {
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    let head_end = loop {
        if let Some(pos) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break pos + 4;
        }
        let n = stream.read(&mut buf).expect("read request");
        assert!(n > 0, "connection closed before the request head ended");
        data.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8_lossy(&data[..head_end]).into_owned();
    let length: usize = head
        .lines()
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("content-length"))
        .map(|(_, value)| value.trim().parse().expect("numeric Content-Length"))
        .unwrap_or(0);
    while data.len() < head_end + length {
        let n = stream.read(&mut buf).expect("read body");
        assert!(n > 0, "connection closed before the body ended");
        data.extend_from_slice(&buf[..n]);
    }
    String::from_utf8_lossy(&data).into_owned()
}
