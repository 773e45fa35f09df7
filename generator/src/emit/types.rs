//! Named types -> Rust: structs with serde attributes and builders, string enums with a
//! catch-all variant.

use proc_macro2::TokenStream;
use quote::quote;

use super::checks_doc::check_notes;
use super::docs::{doc_attrs, inline_code, paragraphs};
use super::{ident, type_tokens, EmitOptions};
use crate::ir::{
    Api, DefaultValue, EnumDef, Field, Presence, StructDef, StructMethods, TypeDef, TypeRef,
};
use crate::naming::generated;

/// Emits every named type plus the private `defaults` module their serde attributes call.
pub fn emit_types(api: &Api, options: &EmitOptions) -> TokenStream {
    let mut items = TokenStream::new();
    let mut defaults = Defaults::default();
    let no_methods = StructMethods::default();
    for def in api.types.values() {
        let extra = options.type_attrs(def.name());
        // With the client, callers build only the values a request carries; responses arrive
        // decoded. Models alone may be put to any use (a server builds the responses).
        let built_by_callers = !options.client || api.request_types.contains(def.name());
        items.extend(match def {
            TypeDef::Struct(def) => {
                let methods = api.struct_methods.get(&def.name).unwrap_or(&no_methods);
                let emitted = Emitted {
                    methods,
                    extra,
                    built_by_callers,
                };
                emit_struct(def, &mut defaults, options, emitted)
            }
            TypeDef::Enum(def) => emit_enum(def, extra),
            TypeDef::Union(def) => super::union::emit_union(def, extra),
        });
    }
    items.extend(defaults.into_module());
    items
}

/// Functions that return spec defaults, for `#[serde(default = "...")]` and `Default` impls.
#[derive(Default)]
struct Defaults {
    functions: TokenStream,
}

impl Defaults {
    /// Adds the function `name` (named by lowering) returning `value`, and gives its path as a
    /// string for serde.
    fn add(
        &mut self,
        name: &str,
        struct_name: &str,
        field: &Field,
        value: &DefaultValue,
    ) -> String {
        let function = ident(name);
        let ty = type_tokens(&field.ty);
        let body = match value {
            DefaultValue::Bool(value) => quote!(#value),
            DefaultValue::Integer(value) => {
                // Unsuffixed, so the literal takes the field's integer type.
                let literal = proc_macro2::Literal::i64_unsuffixed(*value);
                quote!(#literal)
            }
            DefaultValue::Number(value) => match field.ty {
                TypeRef::F32 => {
                    let value = *value as f32;
                    quote!(#value)
                }
                _ => quote!(#value),
            },
            DefaultValue::String(value) => quote!(String::from(#value)),
            DefaultValue::EnumVariant { enum_name, variant } => {
                let (enum_name, variant) = (ident(enum_name), ident(variant));
                quote!(super::#enum_name::#variant)
            }
            DefaultValue::EmptyArray => quote!(Vec::new()),
        };
        let doc = doc_attrs(Some(&format!(
            "The spec's default for {}.",
            inline_code(&format!("{struct_name}.{}", field.wire_name))
        )));
        let return_ty = match &field.ty {
            TypeRef::Named(_) => quote!(super::#ty),
            TypeRef::Array(inner) if matches!(**inner, TypeRef::Named(_)) => {
                let inner = type_tokens(inner);
                quote!(Vec<super::#inner>)
            }
            _ => ty,
        };
        self.functions.extend(quote! {
            #doc
            pub(super) fn #function() -> #return_ty {
                #body
            }
        });
        format!("{}::{name}", generated::DEFAULTS_MODULE)
    }

    fn into_module(self) -> TokenStream {
        if self.functions.is_empty() {
            return TokenStream::new();
        }
        let functions = self.functions;
        let module = ident(generated::DEFAULTS_MODULE);
        quote! {
            /// Spec defaults, applied when a response leaves a field out.
            mod #module {
                #functions
            }
        }
    }
}

/// What is emitted for a struct besides its fields.
struct Emitted<'a> {
    /// Names of its builder methods and default functions.
    methods: &'a StructMethods,
    /// The user's attributes for the type (`Config::type_attribute`).
    extra: TokenStream,
    /// Callers build it (it gets a constructor and setters).
    built_by_callers: bool,
}

fn emit_struct(
    def: &StructDef,
    defaults: &mut Defaults,
    options: &EmitOptions,
    emitted: Emitted<'_>,
) -> TokenStream {
    let Emitted {
        methods,
        extra,
        built_by_callers,
    } = emitted;
    let name = ident(&def.name);
    let doc = doc_attrs(def.doc.as_deref());
    let mut fields = TokenStream::new();
    let mut initialisers = Vec::new();
    for field in &def.fields {
        let field_name = ident(&field.rust_name);
        let ty = field_type(field);
        let wire = &field.wire_name;
        let mut serde_args = Vec::new();
        if field.rust_name.trim_start_matches("r#") != field.wire_name {
            serde_args.push(quote!(rename = #wire));
        }
        for alias in &field.aliases {
            serde_args.push(quote!(alias = #alias));
        }
        let initialiser = presence_attrs(def, field, methods, defaults, &mut serde_args);
        initialisers.push((field, initialiser));
        let serde_attr = (!serde_args.is_empty()).then(|| quote!(#[serde(#(#serde_args),*)]));
        let field_doc = doc_attrs(field_doc(field, built_by_callers).as_deref());
        let user_attrs = options.field_attrs(&def.name, &field.rust_name, &field.wire_name);
        fields.extend(quote! {
            #field_doc
            #serde_attr
            #user_attrs
            pub #field_name: #ty,
        });
    }
    let builders =
        built_by_callers.then(|| super::builders::emit_builders(def, methods, &initialisers));
    let derive_default = def
        .fields
        .iter()
        .all(|field| field.presence.starts_empty())
        .then(|| quote!(::std::default::Default,));
    quote! {
        #doc
        #[derive(
            ::std::fmt::Debug,
            ::std::clone::Clone,
            ::std::cmp::PartialEq,
            #derive_default
            ::oagen_runtime::serde::Serialize,
            ::oagen_runtime::serde::Deserialize,
        )]
        #[serde(crate = "::oagen_runtime::serde")]
        #extra
        pub struct #name {
            #fields
        }

        #builders
    }
}

/// The serde arguments a field's presence adds (pushed onto `serde_args`, which `flatten`
/// replaces) and the value the field starts as in a constructor (`None`: required).
fn presence_attrs(
    def: &StructDef,
    field: &Field,
    methods: &StructMethods,
    defaults: &mut Defaults,
    serde_args: &mut Vec<TokenStream>,
) -> Option<TokenStream> {
    match &field.presence {
        Presence::Required => None,
        Presence::RequiredNullable => Some(quote!(None)),
        Presence::Optional => {
            serde_args.push(quote!(default, skip_serializing_if = "Option::is_none"));
            Some(quote!(None))
        }
        Presence::OptionalNullable => {
            serde_args.push(quote!(
                default,
                skip_serializing_if = "::oagen_runtime::Nullable::is_absent"
            ));
            Some(quote!(::oagen_runtime::Nullable::Absent))
        }
        Presence::Defaulted(value) => {
            // Lowering names a function for every defaulted field; `DefaultValue`'s own
            // name would only stand in should that ever change.
            let name = methods
                .defaults
                .get(&field.rust_name)
                .map_or("default_value", String::as_str);
            let path = defaults.add(name, &def.name, field, value);
            let function: syn::Path =
                syn::parse_str(&path).unwrap_or_else(|_| syn::parse_quote!(defaults));
            serde_args.push(quote!(default = #path));
            Some(quote!(#function()))
        }
        Presence::Flattened => {
            serde_args.clear();
            serde_args.push(quote!(flatten));
            Some(quote!(::std::collections::BTreeMap::new()))
        }
    }
}

/// The field's doc, with the facts a caller needs that the description may not say.
/// `sent` is true for types a request carries, where the difference between absent and null is
/// the caller's to choose.
fn field_doc(field: &Field, sent: bool) -> Option<String> {
    let mut notes = check_notes(field);
    if let Presence::Defaulted(value) = &field.presence {
        notes.push(format!(
            "Filled with the spec default ({}) when absent.",
            default_text(value)
        ));
    }
    if sent && field.presence == Presence::OptionalNullable {
        notes.push("`Absent` leaves the stored value unchanged; `Null` clears it.".to_owned());
    }
    let notes = (!notes.is_empty()).then(|| notes.join(" "));
    paragraphs([field.doc.as_deref(), notes.as_deref()])
}

fn default_text(value: &DefaultValue) -> String {
    match value {
        DefaultValue::Bool(value) => format!("`{value}`"),
        DefaultValue::Integer(value) => format!("`{value}`"),
        DefaultValue::Number(value) => format!("`{value}`"),
        DefaultValue::String(value) => inline_code(&format!("{value:?}")),
        DefaultValue::EnumVariant { enum_name, variant } => format!("`{enum_name}::{variant}`"),
        DefaultValue::EmptyArray => "an empty list".to_owned(),
    }
}

/// The field's Rust type, wrapped for its presence.
fn field_type(field: &Field) -> TokenStream {
    let ty = value_type(field);
    match field.presence {
        Presence::Required | Presence::Defaulted(_) | Presence::Flattened => ty,
        Presence::RequiredNullable | Presence::Optional => quote!(Option<#ty>),
        Presence::OptionalNullable => quote!(::oagen_runtime::Nullable<#ty>),
    }
}

/// The field's value type, boxed when the type is recursive.
fn value_type(field: &Field) -> TokenStream {
    let ty = type_tokens(&field.ty);
    if field.boxed {
        quote!(Box<#ty>)
    } else {
        ty
    }
}

fn emit_enum(def: &EnumDef, extra: TokenStream) -> TokenStream {
    let name = ident(&def.name);
    let doc = doc_attrs(def.doc.as_deref());
    let other = ident(&def.other_variant);
    let variants: Vec<_> = def
        .variants
        .iter()
        .map(|variant| ident(&variant.rust_name))
        .collect();
    let wires: Vec<&str> = def
        .variants
        .iter()
        .map(|variant| variant.wire_value.as_str())
        .collect();
    // The spec's words about a value (if any) first, then the value itself.
    let variant_docs = def.variants.iter().map(|variant| {
        let wire = inline_code(&variant.wire_value);
        doc_attrs(paragraphs([variant.doc.as_deref(), Some(&wire)]).as_deref())
    });
    quote! {
        #doc
        #[derive(
            ::std::fmt::Debug,
            ::std::clone::Clone,
            ::std::cmp::PartialEq,
            ::std::cmp::Eq,
            ::std::hash::Hash,
            ::std::cmp::PartialOrd,
            ::std::cmp::Ord,
        )]
        #extra
        pub enum #name {
            #(
                #variant_docs
                #variants,
            )*
            /// A value this client did not know when it was generated, kept as sent.
            #other(String),
        }

        // `KNOWN`, `as_str` and the trait impls, written by the runtime's macro from the list.
        ::oagen_runtime::string_enum!(#name, #other { #(#variants => #wires),* });
    }
}
