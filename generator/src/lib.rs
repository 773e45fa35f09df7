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
mod locate;
mod lower;
mod naming;
pub mod text;

pub use config::{compile_specs, Config, Generated};
pub use error::{Diagnostic, Error, Location, Severity};
pub use load::{load_file, parse_text};

/// The pipeline's phases one by one, for benchmarks that time each (`Config` runs them all).
#[doc(hidden)]
pub mod phases {
    use std::path::Path;

    pub use crate::load::Loaded;
    pub use crate::lower::Lowered;

    /// Parse: text -> `openapiv3` document.
    pub fn parse(path: &Path, text: &str) -> Result<Loaded, crate::Error> {
        crate::load::parse_loaded(path, text)
    }

    /// Lower: document -> resolved IR.
    pub fn lower(loaded: &Loaded) -> Lowered {
        crate::lower::lower(&loaded.spec, &Default::default())
    }

    /// Emit: IR -> tokens (default settings: client included).
    pub fn emit(lowered: &Lowered) -> proc_macro2::TokenStream {
        let options = crate::emit::EmitOptions {
            client: true,
            ..Default::default()
        };
        crate::emit::emit_tokens(&lowered.api, &options)
    }

    /// Format: tokens -> `syn::File` -> prettyplease source.
    pub fn format(tokens: proc_macro2::TokenStream) -> Result<String, syn::Error> {
        crate::emit::format(tokens)
    }
}
