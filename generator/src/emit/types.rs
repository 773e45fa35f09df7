//! Named types -> Rust: structs with serde attributes and builders, string enums with a
//! catch-all variant.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{doc_attrs, inline_code, paragraphs};
use super::{ident, type_tokens, EmitOptions};
use crate::ir::{Api, DefaultValue, EnumDef, Field, Presence, StructDef, TypeDef, TypeRef};
use crate::naming::{snake_ident, UniqueNames};

/// More required fields than this and `new` would trip clippy's `too_many_arguments`; such
/// structs are built with a struct literal instead.
const MAX_CONSTRUCTOR_ARGS: usize = 7;

/// Emits every named type plus the private `defaults` module their serde attributes call.
pub fn emit_types(api: &Api, options: &EmitOptions) -> TokenStream {
    let mut items = TokenStream::new();
    let mut defaults = Defaults::default();
    for def in api.types.values() {
        let extra = options.type_attrs(def.name());
        // With the client, callers build only the values a request carries; responses arrive
        // decoded. Models alone may be put to any use (a server builds the responses).
        let built_by_callers = !options.client || api.request_types.contains(def.name());
        items.extend(match def {
            TypeDef::Struct(def) => {
                emit_struct(def, &mut defaults, options, extra, built_by_callers)
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
    names: UniqueNames,
    functions: TokenStream,
}

impl Defaults {
    /// Adds a function returning `value` and gives its path as a string for serde.
    fn add(&mut self, struct_name: &str, field: &Field, value: &DefaultValue) -> String {
        let name = self.names.claim(&snake_ident(&format!(
            "{struct_name} {}",
            field.rust_name.trim_start_matches("r#")
        )));
        let function = ident(&name);
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
        format!("defaults::{name}")
    }

    fn into_module(self) -> TokenStream {
        if self.functions.is_empty() {
            return TokenStream::new();
        }
        let functions = self.functions;
        quote! {
            /// Spec defaults, applied when a response leaves a field out.
            mod defaults {
                #functions
            }
        }
    }
}

/// `extra` holds the user's attributes for the type (`Config::type_attribute`).
fn emit_struct(
    def: &StructDef,
    defaults: &mut Defaults,
    options: &EmitOptions,
    extra: TokenStream,
    built_by_callers: bool,
) -> TokenStream {
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
        let initialiser = match &field.presence {
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
                let path = defaults.add(&def.name, field, value);
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
        };
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
    let builders = built_by_callers.then(|| emit_builders(def, &initialisers));
    let derive_default = def
        .fields
        .iter()
        .all(|field| {
            matches!(
                field.presence,
                Presence::Optional
                    | Presence::OptionalNullable
                    | Presence::RequiredNullable
                    | Presence::Flattened
            )
        })
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

/// The field's doc, with the facts a caller needs that the description may not say.
/// `sent` is true for types a request carries, where the difference between absent and null is
/// the caller's to choose.
fn field_doc(field: &Field, sent: bool) -> Option<String> {
    let mut notes = Vec::new();
    let described = field.doc.as_deref().unwrap_or_default().to_lowercase();
    if let Some(max) = field.constraints.max_length {
        if !described.contains(&format!("at most {max}")) {
            notes.push(format!("At most {max} characters."));
        }
    }
    if let Some(min) = field.constraints.minimum {
        if !described.contains("minimum") {
            notes.push(format!("Minimum: {min}."));
        }
    }
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

/// `new(required...)` (or `Default` when nothing is required) plus one chained setter per
/// optional field, so a PATCH with two fields set is one expression.
fn emit_builders(def: &StructDef, initialisers: &[(&Field, Option<TokenStream>)]) -> TokenStream {
    let name = ident(&def.name);
    let required: Vec<&Field> = initialisers
        .iter()
        .filter(|(_, init)| init.is_none())
        .map(|(field, _)| *field)
        .collect();
    let field_inits: Vec<TokenStream> = initialisers
        .iter()
        .map(|(field, init)| {
            let field_name = ident(&field.rust_name);
            match init {
                Some(init) => quote!(#field_name: #init),
                None if takes_into(&field.ty) || field.boxed => {
                    let value = stored(field, quote!(#field_name));
                    quote!(#field_name: #value)
                }
                None => quote!(#field_name),
            }
        })
        .collect();
    let mut method_names = UniqueNames::new();
    let all_plain_defaults = initialisers.iter().all(|(field, _)| {
        matches!(
            field.presence,
            Presence::Optional
                | Presence::OptionalNullable
                | Presence::RequiredNullable
                | Presence::Flattened
        )
    });
    let constructor = if required.is_empty() && all_plain_defaults {
        // Every field starts as `None`/`Absent`: derivable, and clippy wants it derived.
        TokenStream::new()
    } else if required.is_empty() {
        quote! {
            impl ::std::default::Default for #name {
                fn default() -> Self {
                    Self { #(#field_inits),* }
                }
            }
        }
    } else if required.len() <= MAX_CONSTRUCTOR_ARGS {
        method_names.reserve("new");
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
    } else {
        TokenStream::new()
    };
    let mut setters = TokenStream::new();
    for (field, init) in initialisers {
        if init.is_none() || field.presence == Presence::RequiredNullable {
            continue;
        }
        let field_name = ident(&field.rust_name);
        let bare = field.rust_name.trim_start_matches("r#");
        if method_names.contains(bare) {
            continue;
        }
        method_names.reserve(bare);
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
        setters.extend(quote! {
            #set_doc
            #[must_use]
            pub fn #field_name(mut self, #param) -> Self {
                self.#field_name = #assigned;
                self
            }
        });
        let clear = format!("clear_{bare}");
        if field.presence == Presence::OptionalNullable && !method_names.contains(&clear) {
            method_names.reserve(&clear);
            let clear_ident = format_ident!("{}", clear);
            let clear_doc = doc_attrs(Some(&format!(
                "Sends {} as an explicit `null`, which clears it on the server.",
                inline_code(&field.wire_name)
            )));
            setters.extend(quote! {
                #clear_doc
                #[must_use]
                pub fn #clear_ident(mut self) -> Self {
                    self.#field_name = ::oagen_runtime::Nullable::Null;
                    self
                }
            });
        }
    }
    let setters = (!setters.is_empty()).then(|| quote!(impl #name { #setters }));
    quote!(#constructor #setters)
}

/// Strings and generated enums take `impl Into<_>` so `"text"` works where a value is expected.
fn takes_into(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::String | TypeRef::Named(_))
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
    let variant_docs = wires.iter().map(|wire| doc_attrs(Some(&inline_code(wire))));
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

        impl #name {
            /// Every value the spec lists, in spec order.
            pub const KNOWN: &'static [Self] = &[#(Self::#variants),*];

            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#variants => #wires,)*
                    Self::#other(value) => value,
                }
            }
        }

        ::oagen_runtime::string_enum!(#name, #other);
    }
}
