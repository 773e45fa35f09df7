//! Runtime support shared by every client that `oagen` generates.
//!
//! Generated code refers to this crate by absolute path (`::oagen_runtime::...`), so the helpers
//! live here once instead of being repeated in every generated module.

mod datetime;
mod nullable;

pub use datetime::{DateTime, DateTimeParseError};
pub use nullable::Nullable;

// Re-exported so generated code needs only this crate as a dependency
// (`#[serde(crate = "::oagen_runtime::serde")]`).
pub use serde;
pub use serde_json;
