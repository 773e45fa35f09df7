//! What comes back: `RawResponse` as received, `Response` once decoded, `Error`, and the
//! `ErrorResponses` that picks a documented error by status.

use std::fmt;
use std::ops::Deref;

use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use crate::secret::BoxError;
use crate::validate::ValidationError;

/// A response as received, before the generated code decides what it means.
#[derive(Debug)]
pub struct RawResponse {
    pub(super) status: StatusCode,
    pub(super) headers: HeaderMap,
    pub(super) body: bytes::Bytes,
}

impl RawResponse {
    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        self.status.as_u16()
    }

    /// True for 2xx.
    pub fn is_success(&self) -> bool {
        self.status.is_success()
    }

    /// Decodes a JSON success body.
    pub fn json<T: DeserializeOwned, E>(self) -> Result<Response<T>, Error<E>> {
        match serde_json::from_slice(&self.body) {
            Ok(value) => Ok(Response {
                status: self.status.as_u16(),
                headers: self.headers,
                value,
            }),
            Err(error) => Err(self.undecodable(error)),
        }
    }

    /// A text success body.
    pub fn text<E>(self) -> Result<Response<String>, Error<E>> {
        let value = String::from_utf8_lossy(&self.body).into_owned();
        Ok(Response {
            status: self.status.as_u16(),
            headers: self.headers,
            value,
        })
    }

    /// A binary success body.
    pub fn binary<E>(self) -> Result<Response<crate::Binary>, Error<E>> {
        Ok(Response {
            status: self.status.as_u16(),
            headers: self.headers,
            value: crate::Binary(self.body.to_vec()),
        })
    }

    /// A success response without a body the spec describes.
    pub fn empty<E>(self) -> Result<Response<()>, Error<E>> {
        Ok(Response {
            status: self.status.as_u16(),
            headers: self.headers,
            value: (),
        })
    }

    /// A documented error status whose JSON body the spec declares.
    pub fn error_json<B: DeserializeOwned, E>(self, variant: impl FnOnce(B) -> E) -> Error<E> {
        match serde_json::from_slice(&self.body) {
            Ok(body) => Error::Api {
                status: self.status.as_u16(),
                headers: self.headers,
                error: variant(body),
            },
            Err(error) => self.undecodable(error),
        }
    }

    /// A documented error status without a declared body: the raw text is kept.
    pub fn error_text<E>(self, variant: impl FnOnce(String) -> E) -> Error<E> {
        let text = String::from_utf8_lossy(&self.body).into_owned();
        Error::Api {
            status: self.status.as_u16(),
            headers: self.headers,
            error: variant(text),
        }
    }

    /// A status the spec does not document for this operation.
    pub fn unexpected<E>(self) -> Error<E> {
        Error::UnexpectedStatus {
            status: self.status.as_u16(),
            body: String::from_utf8_lossy(&self.body).into_owned(),
        }
    }

    fn undecodable<E>(self, error: serde_json::Error) -> Error<E> {
        Error::Decode {
            status: self.status.as_u16(),
            body: String::from_utf8_lossy(&self.body).into_owned(),
            message: error.to_string(),
        }
    }

    /// The JSON success body, or the documented error.
    pub fn decode_json<T: DeserializeOwned, E: ErrorResponses>(
        self,
    ) -> Result<Response<T>, Error<E>> {
        if self.is_success() {
            self.json()
        } else {
            Err(E::from_response(self))
        }
    }

    /// The text success body, or the documented error.
    pub fn decode_text<E: ErrorResponses>(self) -> Result<Response<String>, Error<E>> {
        if self.is_success() {
            self.text()
        } else {
            Err(E::from_response(self))
        }
    }

    /// The binary success body, or the documented error.
    pub fn decode_binary<E: ErrorResponses>(self) -> Result<Response<crate::Binary>, Error<E>> {
        if self.is_success() {
            self.binary()
        } else {
            Err(E::from_response(self))
        }
    }

    /// A success without a body the spec describes, or the documented error.
    pub fn decode_empty<E: ErrorResponses>(self) -> Result<Response<()>, Error<E>> {
        if self.is_success() {
            self.empty()
        } else {
            Err(E::from_response(self))
        }
    }
}

/// The error responses one or more operations document, decoded by status.
///
/// Generated error enums implement it with one `match` on the status; operations that document
/// no error responses use [`Undocumented`].
pub trait ErrorResponses: Sized {
    /// Decodes a response whose status is not a success: a documented error, or
    /// [`Error::UnexpectedStatus`] for a status the spec does not list.
    fn from_response(response: RawResponse) -> Error<Self>;
}

/// The error type of operations that document no error responses: every non-2xx status is
/// [`Error::UnexpectedStatus`], so no value of this type ever exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Undocumented {}

impl ErrorResponses for Undocumented {
    fn from_response(response: RawResponse) -> Error<Self> {
        response.unexpected()
    }
}

/// A decoded success body with the status and headers it came with. Derefs to the body.
#[derive(Debug, Clone)]
pub struct Response<T> {
    status: u16,
    headers: HeaderMap,
    value: T,
}

impl<T> Response<T> {
    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The decoded body.
    pub fn into_inner(self) -> T {
        self.value
    }
}

impl<T> Deref for Response<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

/// Everything that can go wrong with one call; `E` is the operation's documented error type.
#[derive(thiserror::Error)]
pub enum Error<E> {
    /// The server answered with a status the spec documents as an error.
    #[error("the server answered {status}: {error:?}")]
    Api {
        /// The status code.
        status: u16,
        /// The response headers.
        headers: HeaderMap,
        /// The documented error, with its decoded body or raw text.
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
    /// Connecting, sending or receiving failed.
    #[error("transport error: {0}")]
    Transport(reqwest::Error),
    /// The request took longer than the configured timeout.
    #[error("the request timed out")]
    Timeout,
    /// The body did not match the documented schema; the raw body is kept.
    #[error("could not decode the {status} response body ({message}): {body}")]
    Decode {
        /// The status code.
        status: u16,
        /// The body as received.
        body: String,
        /// The decoder's message.
        message: String,
    },
    /// A status the spec does not document for this operation.
    #[error("unexpected status {status}: {body}")]
    UnexpectedStatus {
        /// The status code.
        status: u16,
        /// The body as received.
        body: String,
    },
}

impl<E: fmt::Debug> fmt::Debug for Error<E> {
    /// Like `Display` for the variants that carry no secrets anyway, but keeps the variant name.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api { status, error, .. } => f
                .debug_struct("Api")
                .field("status", status)
                .field("error", error)
                .finish_non_exhaustive(),
            Error::Validation(error) => f.debug_tuple("Validation").field(error).finish(),
            Error::MissingCredentials { needed } => f
                .debug_struct("MissingCredentials")
                .field("needed", needed)
                .finish(),
            Error::Token(error) => f.debug_tuple("Token").field(&error.to_string()).finish(),
            Error::Serialize(message) => f.debug_tuple("Serialize").field(message).finish(),
            Error::Transport(error) => f
                .debug_tuple("Transport")
                .field(&error.to_string())
                .finish(),
            Error::Timeout => f.write_str("Timeout"),
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
            Error::UnexpectedStatus { status, body } => f
                .debug_struct("UnexpectedStatus")
                .field("status", status)
                .field("body", body)
                .finish(),
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
            | Error::UnexpectedStatus { status, .. } => Some(*status),
            _ => None,
        }
    }
}
