//! `oagen`: OpenAPI 3.0 documents to idiomatic Rust — serde models and an async client.
//!
//! The pipeline is parse (`load`) -> lower to a resolved IR ([`ir`]) -> check -> emit with
//! `quote` -> `syn::File` -> `prettyplease`. [`Config`] is the whole build-script API.

mod check;
mod config;
mod emit;
mod error;
pub mod ir;
mod load;
mod lower;
mod naming;

pub use config::{compile_specs, Config, Generated};
pub use error::{Diagnostic, Error, Severity};
pub use load::{load_file, parse_text};
