//! The HTTP side shared by every generated client: options, sending, auth, and decoding.
//!
//! - `options`: [`ClientOptions`], the base URL, and building a [`Transport`];
//! - `credentials`: configured credentials, prepared once for sending;
//! - `request`: [`Request`] and its body;
//! - `transport`: [`Transport`] and sending a request;
//! - `response`: [`RawResponse`], [`Response`], [`Error`], and the [`ErrorResponses`] that
//!   generated error enums implement.

mod credentials;
mod options;
mod request;
mod response;
mod transport;

pub use options::{BuildError, ClientOptions};
pub use request::{Part, Request};
pub use response::{Error, ErrorResponses, RawResponse, Response, Undocumented};
pub use transport::Transport;
