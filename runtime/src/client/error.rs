//! `Error`: everything that can go wrong with one call.
//!
//! What a server sent is kept only in part and shown escaped: a body at most
//! [`ERROR_BODY_BYTES`](super::limits::ERROR_BODY_BYTES) long (with a note when cut), with
//! control characters escaped by `Display`, so a hostile answer can neither fill memory or logs
//! nor forge log lines.

use std::fmt;
use std::time::Duration;

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::Url;

use super::limits::{CappedDebug, Escaped};
use crate::secret::BoxError;
use crate::validate::ValidationError;

/// Everything that can go wrong with one call; `E` is the operation's documented error type.
#[derive(thiserror::Error)]
pub enum Error<E> {
    /// The server answered with a status the spec documents as an error.
    #[error("the server answered {status}: {error:?}")]
    Api {
        /// The status code.
        status: u16,
        /// The response headers (`Retry-After`, rate-limit headers; see [`Error::retry_after`]).
        headers: HeaderMap,
        /// The documented error, with its decoded body (at most
        /// [`ERROR_JSON_BYTES`](super::ERROR_JSON_BYTES), 64 KiB,
        /// are decoded) or raw text (at most 4 KiB of it). `Debug` shows at most 4 KiB of it.
        error: E,
    },
    /// The request broke the spec's constraints; nothing was sent.
    #[error(transparent)]
    Validation(#[from] ValidationError),
    /// No configured credentials satisfy the operation's security requirements; nothing was sent.
    #[error("missing credentials: the operation needs {needed}")]
    MissingCredentials {
        /// The schemes that would do.
        needed: String,
    },
    /// The token provider failed; nothing was sent.
    #[error("could not obtain credentials: {0}")]
    Token(BoxError),
    /// The request body could not be serialized.
    #[error("could not serialize the request body: {0}")]
    Serialize(String),
    /// The request's URL cannot be sent (for example, it is longer than the 65,534 bytes the HTTP
    /// library accepts, as a path parameter of 100,000 characters makes it); nothing was sent.
    #[error(
        "cannot send the request: its URL ({length} bytes) is not a valid HTTP request target"
    )]
    InvalidUrl {
        /// The length of the URL, encoded.
        length: usize,
        /// Why it is not valid.
        #[source]
        source: http::uri::InvalidUri,
    },
    /// Connecting, sending or receiving failed; `Display` says which, `source()` gives reqwest's
    /// error (without the URL, which may hold query credentials).
    #[error("transport error: {}", transport_step(.0))]
    Transport(#[source] reqwest::Error),
    /// An attempt took longer than the timeout (60 s unless configured), or connecting took
    /// longer than the connect timeout (10 s unless configured).
    #[error("the request timed out")]
    Timeout,
    /// The server redirected the request and the client's redirect policy did not follow. The
    /// location is shown with user info and query values replaced by `***`.
    #[error("the server redirected ({status}) to {location}; not followed: {reason}")]
    Redirect {
        /// The redirect's status code.
        status: u16,
        /// Where it pointed, redacted.
        location: String,
        /// Why it was not followed.
        reason: &'static str,
    },
    /// The response body was larger than the client's limit (see `max_response_bytes`); it was
    /// not read past the limit.
    #[error("the response body is larger than the limit of {limit} bytes")]
    ResponseTooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// The body did not match the documented schema; its start is kept (at most 4 KiB).
    #[error(
        "could not decode the {status} response body ({message}): {}",
        Escaped(body)
    )]
    Decode {
        /// The status code.
        status: u16,
        /// The body as received, cut at 4 KiB (a note at the end says so).
        body: String,
        /// The decoder's message.
        message: String,
    },
    /// A status the spec does not document for this operation.
    #[error("unexpected status {status}: {}", Escaped(body))]
    UnexpectedStatus {
        /// The status code.
        status: u16,
        /// The response headers (see [`Error::retry_after`]).
        headers: HeaderMap,
        /// The body as received, cut at 4 KiB (a note at the end says so).
        body: String,
    },
}

/// What a reqwest error says failed, in words.
fn transport_step(error: &reqwest::Error) -> &'static str {
    if error.is_connect() {
        "could not connect to the server"
    } else if error.is_builder() {
        "could not build the request"
    } else if error.is_body() {
        "reading or writing a body failed"
    } else if error.is_decode() {
        "could not decode the response body"
    } else if error.is_redirect() {
        "following a redirect failed"
    } else if error.is_request() {
        "sending the request or receiving the answer failed"
    } else {
        "the request failed"
    }
}

impl<E: fmt::Debug> fmt::Debug for Error<E> {
    /// Like `Display` for the variants that carry no secrets anyway, but keeps the variant name.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api { status, error, .. } => f
                .debug_struct("Api")
                .field("status", status)
                .field("error", &CappedDebug(error))
                .finish_non_exhaustive(),
            Error::Validation(error) => f.debug_tuple("Validation").field(error).finish(),
            Error::MissingCredentials { needed } => f
                .debug_struct("MissingCredentials")
                .field("needed", needed)
                .finish(),
            Error::Token(error) => f.debug_tuple("Token").field(&error.to_string()).finish(),
            Error::Serialize(message) => f.debug_tuple("Serialize").field(message).finish(),
            Error::InvalidUrl { length, source } => f
                .debug_struct("InvalidUrl")
                .field("length", length)
                .field("source", &source.to_string())
                .finish(),
            Error::Transport(error) => f
                .debug_tuple("Transport")
                .field(&error.to_string())
                .finish(),
            Error::Timeout => f.write_str("Timeout"),
            Error::Redirect {
                status,
                location,
                reason,
            } => f
                .debug_struct("Redirect")
                .field("status", status)
                .field("location", location)
                .field("reason", reason)
                .finish(),
            Error::ResponseTooLarge { limit } => f
                .debug_struct("ResponseTooLarge")
                .field("limit", limit)
                .finish(),
            Error::Decode {
                status,
                body,
                message,
            } => f
                .debug_struct("Decode")
                .field("status", status)
                .field("body", body)
                .field("message", message)
                .finish(),
            Error::UnexpectedStatus { status, body, .. } => f
                .debug_struct("UnexpectedStatus")
                .field("status", status)
                .field("body", body)
                .finish_non_exhaustive(),
        }
    }
}

impl<E> Error<E> {
    /// The documented error, if the server answered with one.
    pub fn api_error(&self) -> Option<&E> {
        match self {
            Error::Api { error, .. } => Some(error),
            _ => None,
        }
    }

    /// The HTTP status, if a response arrived.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. }
            | Error::Decode { status, .. }
            | Error::UnexpectedStatus { status, .. }
            | Error::Redirect { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The response headers, if an error response arrived ([`Error::Api`] and
    /// [`Error::UnexpectedStatus`]).
    pub fn headers(&self) -> Option<&HeaderMap> {
        match self {
            Error::Api { headers, .. } | Error::UnexpectedStatus { headers, .. } => Some(headers),
            _ => None,
        }
    }

    /// How long the server asked the client to wait before trying again: its `Retry-After`
    /// header (seconds, or an HTTP date, counted from now), typically on a 429 or 503.
    pub fn retry_after(&self) -> Option<Duration> {
        retry_after(self.headers()?)
    }
}

/// The wait a `Retry-After` header asks for: delay-seconds or an HTTP date (a date in the past
/// means no wait). `None` without the header or when it is neither.
pub(super) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    // IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`) is a form RFC 2822 accepts.
    let date = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let wait = date.with_timezone(&chrono::Utc) - chrono::Utc::now();
    Some(wait.to_std().unwrap_or(Duration::ZERO))
}

pub(super) fn transport_error<E>(error: reqwest::Error) -> Error<E> {
    if error.is_timeout() {
        Error::Timeout
    } else {
        // Without the URL: it is known to the caller and may carry query parameters.
        Error::Transport(error.without_url())
    }
}

/// A failure of `execute` for `url`: a URL the HTTP library cannot send (too long, for one)
/// says so, anything else is a transport error.
pub(super) fn send_error<E>(error: reqwest::Error, url: &Url) -> Error<E> {
    if error.is_builder() {
        if let Err(source) = http::Uri::try_from(url.as_str()) {
            return Error::InvalidUrl {
                length: url.as_str().len(),
                source,
            };
        }
    }
    transport_error(error)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use reqwest::header::{HeaderMap, HeaderValue, RETRY_AFTER};

    use super::{retry_after, Error};

    fn with(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::try_from(value).unwrap());
        headers
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        assert_eq!(retry_after(&with("7")), Some(Duration::from_secs(7)));
        assert_eq!(retry_after(&with(" 0 ")), Some(Duration::ZERO));
        assert_eq!(
            retry_after(&with("Sun, 06 Nov 1994 08:49:37 GMT")),
            Some(Duration::ZERO)
        );
        let later = chrono::Utc::now() + chrono::Duration::seconds(120);
        let text = later.format("%a, %d %b %Y %H:%M:%S GMT").to_string();
        let wait = retry_after(&with(&text)).expect("a date");
        assert!(wait > Duration::from_secs(100) && wait <= Duration::from_secs(120));
        assert_eq!(retry_after(&with("soon")), None);
        assert_eq!(retry_after(&HeaderMap::new()), None);
        let error: Error<()> = Error::UnexpectedStatus {
            status: 503,
            headers: with("3"),
            body: String::new(),
        };
        assert_eq!(error.retry_after(), Some(Duration::from_secs(3)));
        assert_eq!(Error::<()>::Timeout.retry_after(), None);
    }
}
