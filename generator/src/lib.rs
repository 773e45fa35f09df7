//! `oagen`: OpenAPI 3.0 and 3.1 documents to idiomatic Rust — serde models and an async client.
//!
//! The pipeline is parse (`load`) -> lower to a resolved IR ([`ir`]) -> check -> emit with
//! `quote` -> `syn::File` -> shorten paths -> `prettyplease`. [`Config`] is the whole
//! build-script API.
//!
//! Emitters write every path absolute (`::std::fmt::Display`, `::oagen_runtime::Nullable`), so
//! each item can be written without knowing what else the file defines. Formatting then makes
//! one pass over the whole `syn::File` that shortens a path wherever no generated item could
//! shadow the short name (a schema called `String` keeps `::std::string::String`), and imports
//! the names the std prelude lacks once at the top.
//!
//! Lowering and checking collect [`Diagnostic`]s rather than stopping at the first problem; each
//! has a [`DiagnosticKind`] for tools to match on and a message for people.

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

pub use config::{compile_specs, Config, Generated, ModuleLayout};
pub use error::{Construct, Diagnostic, DiagnosticKind, Error, Location, Severity};
pub use load::Reading;

/// The pipeline's phases one by one, for the benches that time each (`benches/phases.rs`);
/// [`Config`](crate::Config) runs them all.
///
/// Internal: hidden from the docs and outside any semver promise; it changes with the pipeline.
/// [`Loaded`](crate::phases::Loaded) holds an `openapiv3` document, which the public API
/// otherwise never shows. It is a hidden module rather than a cargo feature because a bench that
/// needs a feature (`required-features`) is skipped without a word by `cargo build --benches`
/// (what CI runs) and `cargo bench` unless the feature is named, so it would stop being built
/// unnoticed.
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
        let options = crate::lower::LowerOptions {
            moved_schemas: loaded.moved_schemas(),
            ..Default::default()
        };
        crate::lower::lower(&loaded.spec, &options)
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
