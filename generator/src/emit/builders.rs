//! Builders for the structs callers build: `new(required...)` (or a `Default` impl) and one
//! chained setter per optional field, with `clear_*` for nullable ones. Method names were
//! decided in lowering (`StructMethods`).

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc_attrs, inline_code};
use super::{ident, type_tokens};
use crate::ir::{Field, Presence, StructDef, StructMethods, TypeRef};

/// More required fields than this and `new` would trip clippy's `too_many_arguments`; such
/// structs are built with a struct literal instead.
const MAX_CONSTRUCTOR_ARGS: usize = 7;

/// `new(required...)` (or `Default` when nothing is required) plus one chained setter per
/// optional field, so a PATCH with two fields set is one expression. `initialisers` pairs each
/// field with the value it starts as, `None` for a required field.
pub fn emit_builders(
    def: &StructDef,
    methods: &StructMethods,
    initialisers: &[(&Field, Option<TokenStream>)],
) -> TokenStream {
    let name = ident(&def.name);
    let constructor = constructor(&name, initialisers);
    let setters: TokenStream = initialisers
        .iter()
        .map(|(field, _)| setters(field, methods))
        .collect();
    let setters = (!setters.is_empty()).then(|| quote!(impl #name { #setters }));
    quote!(#constructor #setters)
}

/// `new` taking the required fields, a `Default` impl when none is required but some field has
/// a spec default, or nothing (derived `Default`, or too many required fields for `new`).
fn constructor(
    name: &proc_macro2::Ident,
    initialisers: &[(&Field, Option<TokenStream>)],
) -> TokenStream {
    let required: Vec<&Field> = initialisers
        .iter()
        .filter(|(_, init)| init.is_none())
        .map(|(field, _)| *field)
        .collect();
    let field_inits = initialisers.iter().map(|(field, init)| {
        let field_name = ident(&field.rust_name);
        match init {
            Some(init) => quote!(#field_name: #init),
            None if takes_into(&field.ty) || field.boxed => {
                let value = stored(field, quote!(#field_name));
                quote!(#field_name: #value)
            }
            None => quote!(#field_name),
        }
    });
    let all_plain_defaults = initialisers
        .iter()
        .all(|(field, _)| field.presence.starts_empty());
    if required.is_empty() && all_plain_defaults {
        // Every field starts as `None`/`Absent`: derivable, and clippy wants it derived.
        return TokenStream::new();
    }
    if required.is_empty() {
        return quote! {
            impl ::std::default::Default for #name {
                fn default() -> Self {
                    Self { #(#field_inits),* }
                }
            }
        };
    }
    if required.len() > MAX_CONSTRUCTOR_ARGS {
        return TokenStream::new();
    }
    let args = required.iter().map(|field| {
        let field_name = ident(&field.rust_name);
        let ty = type_tokens(&field.ty);
        if takes_into(&field.ty) {
            quote!(#field_name: impl ::std::convert::Into<#ty>)
        } else {
            quote!(#field_name: #ty)
        }
    });
    quote! {
        impl #name {
            /// Creates a value from the required fields; optional fields start unset.
            pub fn new(#(#args),*) -> Self {
                Self { #(#field_inits),* }
            }
        }
    }
}

/// The setter for one field, and its `clear_*` method when it is nullable; nothing for fields
/// lowering gave no setter (required ones).
fn setters(field: &Field, methods: &StructMethods) -> TokenStream {
    let Some(setter) = methods.setters.get(&field.rust_name) else {
        return TokenStream::new();
    };
    let field_name = ident(&field.rust_name);
    let setter = ident(setter);
    let ty = type_tokens(&field.ty);
    let param = if takes_into(&field.ty) {
        quote!(value: impl ::std::convert::Into<#ty>)
    } else {
        quote!(value: #ty)
    };
    let value = stored(field, quote!(value));
    let set_doc = doc_attrs(Some(&format!("Sets {}.", inline_code(&field.wire_name))));
    let assigned = match field.presence {
        Presence::Optional => quote!(Some(#value)),
        Presence::OptionalNullable => quote!(::oagen_runtime::Nullable::Value(#value)),
        _ => value,
    };
    let clear = methods.clears.get(&field.rust_name).map(|clear| {
        let clear_ident = ident(clear);
        let clear_doc = doc_attrs(Some(&format!(
            "Sends {} as an explicit `null`, which clears it on the server.",
            inline_code(&field.wire_name)
        )));
        quote! {
            #clear_doc
            #[must_use]
            pub fn #clear_ident(mut self) -> Self {
                self.#field_name = ::oagen_runtime::Nullable::Null;
                self
            }
        }
    });
    quote! {
        #set_doc
        #[must_use]
        pub fn #setter(mut self, #param) -> Self {
            self.#field_name = #assigned;
            self
        }
        #clear
    }
}

/// An expression converting `value` (an `impl Into<T>` or a `T`) into the stored value type.
fn stored(field: &Field, value: TokenStream) -> TokenStream {
    let converted = if takes_into(&field.ty) {
        quote!(#value.into())
    } else {
        value
    };
    if field.boxed {
        quote!(Box::new(#converted))
    } else {
        converted
    }
}

/// Strings and generated types take `impl Into<_>` so `"text"` works where a value is expected.
fn takes_into(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::String | TypeRef::Named(_))
}
