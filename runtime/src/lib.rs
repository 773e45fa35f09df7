//! Runtime support shared by every client that `oagen` generates.
//!
//! Generated code imports what it uses from here (`use ::oagen_runtime::{...}`, or the absolute
//! path where a generated name would shadow it), so the helpers live here once instead of being
//! repeated in every generated module.

mod base64_bytes;
mod binary;
mod client;
mod datetime;
mod nullable;
mod path;
mod secret;
mod string_enum;
mod style;
mod union;
mod validate;

pub use base64_bytes::{Base64Bytes, Base64Error};
pub use binary::Binary;
pub use client::{
    to_text, BuildError, ClientOptions, Error, ErrorResponses, FormStyle, Part, RawResponse,
    RedirectPolicy, Request, Response, RetryPolicy, Transport, Undocumented,
    DEFAULT_MAX_RESPONSE_BYTES, ERROR_BODY_BYTES, ERROR_JSON_BYTES,
};
pub use datetime::{DateTime, DateTimeParseError};
pub use nullable::Nullable;
pub use path::{expand_path, path_segment};
/// What generated `pattern` checks compile their patterns with.
pub use regress::Regex;
pub use reqwest;
pub use reqwest::Method as HttpMethod;
pub use secret::{BoxError, Credential, Secret, TokenFuture, TokenProvider};
pub use style::{cookie_pairs, fill_path, header_text, path_text, query_text, Shape, Style};
pub use union::{decode_variant, serialize_tagged, tag_of};
pub use validate::{Format, Number, Pattern, Report, Validate, ValidationError, Violation};

// Re-exported so generated code needs only this crate as a dependency
// (`#[serde(crate = "::oagen_runtime::serde")]`).
pub use serde;
pub use serde_json;
