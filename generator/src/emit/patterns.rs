//! The `static`s `pattern` checks compile their regular expression in: one per distinct pattern
//! for the whole file where lowering shared them (`Api::shared_patterns`), else one at the
//! check.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc_attrs, inline_code};
use super::ident;
use crate::ir::{Api, Pattern};

/// The file-level statics for the patterns lowering shared: those a request type checks, or
/// (`client_only`) those only operation parameters check.
pub fn shared_statics(api: &Api, client_only: bool) -> TokenStream {
    api.shared_patterns
        .iter()
        .filter(|shared| shared.client_only == client_only)
        .map(|shared| {
            let name = ident(&shared.name);
            let case = if shared.pattern.ignore_case {
                ", matched ignoring case"
            } else {
                ""
            };
            let doc = format!(
                "The pattern {}{case}, compiled on first use.",
                inline_code(&shared.pattern.written)
            );
            let doc = doc_attrs(Some(&doc));
            let item = pattern_static(&quote!(#name), &shared.pattern);
            quote!(#doc #item)
        })
        .collect()
}

/// `static NAME: Pattern = ...;`, compiling the pattern as the generator did when it checked it
/// (with the `i` flag for an inline `(?i)`).
pub fn pattern_static(name: &TokenStream, pattern: &Pattern) -> TokenStream {
    let source = &pattern.source;
    let written = &pattern.written;
    let compiled = if pattern.ignore_case {
        quote!(::oagen_runtime::Regex::with_flags(#source, "i"))
    } else {
        quote!(::oagen_runtime::Regex::new(#source))
    };
    quote! {
        static #name: ::oagen_runtime::Pattern = ::oagen_runtime::Pattern::new(
            #written,
            || #compiled.expect("the generator checked this pattern"),
        );
    }
}
