//! Records every request as it arrived on the wire, before routing or decoding.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{OriginalUri, Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::state::Shared;

/// Bodies larger than this are refused; the vendor payloads are a few hundred bytes.
const MAX_BODY_BYTES: usize = 1024 * 1024;

/// One request as the server received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedRequest {
    /// The HTTP method, e.g. `"PATCH"`.
    pub method: String,
    /// The path exactly as on the wire: percent-encoding kept, query left off.
    pub raw_path: String,
    /// The query string without `?`, if the request had one.
    pub query: Option<String>,
    /// Header names (lowercase, as HTTP/1 parsing normalises them) and values, in order.
    pub headers: Vec<(String, String)>,
    /// The body as text (invalid UTF-8 replaced, which JSON bodies never need).
    pub body: String,
}

impl ReceivedRequest {
    /// The first value of a header, looked up case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Middleware: copies method, raw path, headers and body into the log, then hands the
/// request on with its body restored.
pub(crate) async fn record(
    State(shared): State<Arc<Shared>>,
    req: Request,
    next: Next,
) -> Response {
    // Routers that nest may rewrite the URI they pass on; `OriginalUri` is the one the
    // client sent. Both keep percent-encoding, since axum decodes only extracted params.
    let uri = req
        .extensions()
        .get::<OriginalUri>()
        .map(|original| original.0.clone())
        .unwrap_or_else(|| req.uri().clone());
    let (parts, body) = req.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_BODY_BYTES).await {
        Ok(bytes) => bytes,
        Err(_) => return StatusCode::PAYLOAD_TOO_LARGE.into_response(),
    };
    let headers = parts
        .headers
        .iter()
        .map(|(name, value)| {
            (
                name.as_str().to_owned(),
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
            )
        })
        .collect();
    shared.lock().received.push(ReceivedRequest {
        method: parts.method.as_str().to_owned(),
        raw_path: uri.path().to_owned(),
        query: uri.query().map(str::to_owned),
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    });
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}
