//! Turning a response into an operation's result: the success body on a 2xx status, otherwise
//! the operation's documented error, chosen by status in one place per error type instead of in
//! every generated method.

use serde::de::DeserializeOwned;

use crate::client::{Error, RawResponse, Response};

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

impl RawResponse {
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
