//! Shared helpers for the integration tests: a proxy-free client and small request helpers.

#![allow(dead_code)] // each test binary uses a different subset

use chrono::{Duration, FixedOffset, SecondsFormat, Utc};
use serde_json::Value;
use vendor_mock::{MockServer, LINEWORKS_TOKEN};

/// What a test needs from an answer: the status and the body, parsed when it is JSON.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub text: String,
    pub json: Value,
}

/// A client that ignores HTTP_PROXY & co., which reqwest would otherwise apply to loopback.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("build reqwest client")
}

/// Sends one request with the given headers and optional body.
pub async fn send(
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: Option<String>,
) -> Answer {
    let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
    let mut request = client().request(method, url);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    if let Some(body) = body {
        request = request.body(body);
    }
    let response = request.send().await.expect("send request");
    let status = response.status().as_u16();
    let text = response.text().await.expect("read body");
    let json = serde_json::from_str(&text).unwrap_or(Value::Null);
    Answer { status, text, json }
}

/// A LINE WORKS request with the right bearer token; `path` is appended to `/v1.0`.
pub async fn lw(server: &MockServer, method: &str, path: &str, body: Option<Value>) -> Answer {
    lw_raw(server, method, path, body.map(|b| b.to_string())).await
}

/// Like [`lw`] but with a body sent verbatim (for malformed JSON).
pub async fn lw_raw(server: &MockServer, method: &str, path: &str, body: Option<String>) -> Answer {
    let url = format!("{}{}", server.lineworks_base_url(), path);
    let auth = format!("Bearer {LINEWORKS_TOKEN}");
    let mut headers = vec![("authorization", auth.as_str())];
    if body.is_some() {
        headers.push(("content-type", "application/json"));
    }
    send(method, &url, &headers, body).await
}

/// `now + hours` as RFC 3339 with a +09:00 offset, the form the vendor's examples use.
pub fn kst_in_hours(hours: i64) -> String {
    let kst = FixedOffset::east_opt(9 * 3600).expect("KST offset");
    (Utc::now() + Duration::hours(hours))
        .with_timezone(&kst)
        .to_rfc3339_opts(SecondsFormat::Secs, false)
}
