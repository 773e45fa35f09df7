//! What comes back: `RawResponse` as received, `Response` once decoded, `Error`, and the
//! `ErrorResponses` that picks a documented error by status.

use std::ops::Deref;
use std::sync::Arc;

use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use super::error::Error;
use super::limits::{kept_body, without_secrets, ERROR_JSON_BYTES};
use crate::secret::Secret;

/// A response as received, before the generated code decides what it means.
#[derive(Debug)]
pub struct RawResponse {
    pub(super) status: StatusCode,
    pub(super) headers: HeaderMap,
    pub(super) body: bytes::Bytes,
    /// The credentials the request carried, removed from what an error keeps of the body.
    pub(super) secrets: Arc<[Secret]>,
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

    /// A documented error status whose JSON body the spec declares. A body over
    /// [`ERROR_JSON_BYTES`](crate::ERROR_JSON_BYTES) is not decoded: it is [`Error::Decode`].
    pub fn error_json<B: DeserializeOwned, E>(self, variant: impl FnOnce(B) -> E) -> Error<E> {
        if self.body.len() > ERROR_JSON_BYTES {
            return Error::Decode {
                status: self.status.as_u16(),
                body: kept_body(&self.body, &self.secrets),
                message: format!(
                    "a documented error body over {ERROR_JSON_BYTES} bytes is not decoded"
                ),
            };
        }
        // A server may echo the request's credentials in its error message.
        let decoded = serde_json::from_slice(&without_secrets(&self.body, &self.secrets));
        match decoded {
            Ok(body) => Error::Api {
                status: self.status.as_u16(),
                headers: self.headers,
                error: variant(body),
            },
            Err(error) => self.undecodable(error),
        }
    }

    /// A documented error status without a declared body: the raw text is kept, at most 4 KiB
    /// of it (a note at the end says when it was cut).
    pub fn error_text<E>(self, variant: impl FnOnce(String) -> E) -> Error<E> {
        let text = kept_body(&self.body, &self.secrets);
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
            body: kept_body(&self.body, &self.secrets),
            headers: self.headers,
        }
    }

    fn undecodable<E>(self, error: serde_json::Error) -> Error<E> {
        Error::Decode {
            status: self.status.as_u16(),
            body: kept_body(&self.body, &self.secrets),
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
