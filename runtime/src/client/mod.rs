//! The HTTP side shared by every generated client: options, sending, auth, and decoding.
//!
//! - `options`: [`ClientOptions`] and building a [`Transport`];
//! - `base_url`: the base URL, parsed once;
//! - `credentials`: configured credentials, prepared once for sending;
//! - `form`: form bodies in bracket notation, and the [`FormStyle`] of a property;
//! - `request`: [`Request`], its body and how the body is encoded, and [`to_text`] for
//!   parameter values;
//! - `transport`: [`Transport`] and sending a request;
//! - `response`: [`RawResponse`], [`Response`], and the [`ErrorResponses`] that generated error
//!   enums implement;
//! - `error`: [`Error`];
//! - `limits`: the response size limit, and how much of a body an error keeps and shows;
//! - `redirect`: [`RedirectPolicy`] and what a redirected request carries;
//! - `retry`: [`RetryPolicy`].

mod base_url;
mod credentials;
mod error;
mod form;
mod limits;
mod options;
mod redirect;
mod request;
mod response;
mod retry;
mod transport;

pub use error::Error;
pub use form::FormStyle;
pub use limits::{DEFAULT_MAX_RESPONSE_BYTES, ERROR_BODY_BYTES, ERROR_JSON_BYTES};
pub use options::{BuildError, ClientOptions};
pub use redirect::RedirectPolicy;
pub use request::{to_text, Part, Request};
pub use response::{ErrorResponses, RawResponse, Response, Undocumented};
pub use retry::RetryPolicy;
pub use transport::Transport;
