//! Unions (`oneOf`/`anyOf`) -> Rust enums. Tagged unions read the tag first and decode only the
//! matching variant (keeping unknown tags as JSON); untagged ones let serde try each in order.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc_attrs, inline_code};
use super::{ident, type_tokens};
use crate::ir::{UnionDef, UnionVariant};

/// The enum and its serde impls.
pub fn emit_union(def: &UnionDef, extra: TokenStream) -> TokenStream {
    let name = ident(&def.name);
    let doc = doc_attrs(def.doc.as_deref());
    let variants = def.variants.iter().map(|variant| {
        let variant_name = ident(&variant.rust_name);
        let payload = payload_type(variant);
        let doc = doc_attrs(Some(&variant_doc(def, variant)));
        quote!(#doc #variant_name(#payload),)
    });
    let uneven = def
        .uneven_variants
        .then(|| quote!(#[allow(clippy::large_enum_variant)]));
    let (Some(tag), Some(other)) = (&def.tag, &def.other_variant) else {
        return quote! {
            #doc
            #[derive(
                ::std::fmt::Debug,
                ::std::clone::Clone,
                ::std::cmp::PartialEq,
                ::oagen_runtime::serde::Serialize,
                ::oagen_runtime::serde::Deserialize,
            )]
            #[serde(crate = "::oagen_runtime::serde", untagged)]
            #uneven
            #extra
            pub enum #name {
                #(#variants)*
            }
        };
    };
    let other = ident(other);
    let other_doc = doc_attrs(Some(&format!(
        "An object whose {} this client does not know, kept as received.",
        inline_code(tag)
    )));
    let serialize_arms = def.variants.iter().map(|variant| {
        let variant_name = ident(&variant.rust_name);
        match variant.tag_values.first().filter(|_| variant.tag_outside_payload) {
            Some(value) => quote!(Self::#variant_name(value) => ::oagen_runtime::serialize_tagged(serializer, #tag, #value, value),),
            None => quote!(Self::#variant_name(value) => ::oagen_runtime::serde::Serialize::serialize(value, serializer),),
        }
    });
    let deserialize_arms = def.variants.iter().map(|variant| {
        let variant_name = ident(&variant.rust_name);
        let values = &variant.tag_values;
        let wrap = if variant.boxed {
            quote!(|value| Self::#variant_name(Box::new(value)))
        } else {
            quote!(Self::#variant_name)
        };
        quote!(Some(#(#values)|*) => ::oagen_runtime::decode_variant(value, #wrap),)
    });
    quote! {
        #doc
        #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq)]
        #uneven
        #extra
        pub enum #name {
            #(#variants)*
            #other_doc
            #other(::oagen_runtime::serde_json::Value),
        }

        impl ::oagen_runtime::serde::Serialize for #name {
            fn serialize<S: ::oagen_runtime::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#serialize_arms)*
                    Self::#other(value) => ::oagen_runtime::serde::Serialize::serialize(value, serializer),
                }
            }
        }

        impl<'de> ::oagen_runtime::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::oagen_runtime::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <::oagen_runtime::serde_json::Value as ::oagen_runtime::serde::Deserialize>::deserialize(deserializer)?;
                match ::oagen_runtime::tag_of(&value, #tag) {
                    #(#deserialize_arms)*
                    _ => Ok(Self::#other(value)),
                }
            }
        }
    }
}

/// `tag = "a" or "b"` for a tagged union's variant; the variant's name for an untagged one.
fn variant_doc(def: &UnionDef, variant: &UnionVariant) -> String {
    match &def.tag {
        Some(tag) => {
            let values: Vec<String> = variant
                .tag_values
                .iter()
                .map(|value| inline_code(value))
                .collect();
            format!("{} = {}", inline_code(tag), values.join(" or "))
        }
        None => variant.rust_name.clone(),
    }
}

fn payload_type(variant: &UnionVariant) -> TokenStream {
    let ty = type_tokens(&variant.ty);
    if variant.boxed {
        quote!(Box<#ty>)
    } else {
        ty
    }
}
