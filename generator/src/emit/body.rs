//! Putting a request body on the request as its media type says. Form styles, part names and
//! part content types were decided in lowering; this writes them out as data the runtime reads.

use proc_macro2::TokenStream;
use quote::quote;

use super::type_tokens;
use super::validate::field_value;
use crate::ir::{BodyKind, Field, FormStyle, RequestBody, TypeRef};

/// `body: &T`; an array is taken as a slice (`&[T]`), which a `Vec` and an array both lend.
pub fn body_argument(body: &RequestBody) -> TokenStream {
    let ty = match &body.ty {
        TypeRef::Array(item) => {
            let item = type_tokens(item);
            quote!([#item])
        }
        other => type_tokens(other),
    };
    quote!(body: &#ty)
}

/// The statements that put `body` on `request`.
pub fn body_encoding(body: &RequestBody) -> TokenStream {
    let content_type = &body.content_type;
    match body.kind {
        BodyKind::Json => quote!(request.json(body)?;),
        BodyKind::Form => {
            let styles = body.form_styles.iter().map(|(name, style)| {
                let style = form_style(*style);
                quote!((#name, #style))
            });
            quote!(request.form(body, &[#(#styles),*])?;)
        }
        BodyKind::Text => quote!(request.bytes(#content_type, body.as_bytes());),
        BodyKind::Binary => quote!(request.bytes(#content_type, body.0.as_slice());),
        BodyKind::Multipart => match &body.part_name {
            Some(name) => parts(body, name, &body.ty, quote!(body)),
            None => {
                let fields = body.fields.iter().map(|field| field_parts(body, field));
                quote!(#(#fields)*)
            }
        },
    }
}

/// The parts of one struct field, sent when it is set.
fn field_parts(body: &RequestBody, field: &Field) -> TokenStream {
    let value = field_value(field, quote!(body));
    let add = parts(body, &field.wire_name, &field.ty, quote!(value));
    quote!(if let Some(value) = #value { #add })
}

/// The parts of a value of type `ty` (a reference) under `name`: a file as one part of bytes,
/// an array as one part per item (as multipart forms repeat a name), anything else as one text
/// part (strings as they are, other values as JSON).
fn parts(body: &RequestBody, name: &str, ty: &TypeRef, value: TokenStream) -> TokenStream {
    let content_type = body
        .part_types
        .iter()
        .find(|(part, _)| part == name)
        .map(|(_, content_type)| content_type);
    let one = |ty: &TypeRef, value: TokenStream| match (ty, content_type) {
        (TypeRef::Binary, None) => {
            quote!(request.part(#name, ::oagen_runtime::Part::Bytes(#value.0.clone()));)
        }
        (TypeRef::Binary, Some(content_type)) => quote!(request.part_typed(
            #name,
            ::oagen_runtime::Part::Bytes(#value.0.clone()),
            #content_type
        );),
        (_, None) => quote!(request.part_value(#name, #value)?;),
        (_, Some(content_type)) => {
            quote!(request.part_value_typed(#name, #value, #content_type)?;)
        }
    };
    match ty {
        TypeRef::Array(item) => {
            let add = one(item, quote!(item));
            quote!(for item in #value.iter() { #add })
        }
        other => one(other, value),
    }
}

/// The runtime's `FormStyle` for one the lowering chose.
fn form_style(style: FormStyle) -> TokenStream {
    match style {
        FormStyle::Brackets => quote!(::oagen_runtime::FormStyle::Brackets),
        FormStyle::Form { explode } => {
            quote!(::oagen_runtime::FormStyle::Form { explode: #explode })
        }
        FormStyle::Delimited(separator) => {
            quote!(::oagen_runtime::FormStyle::Delimited(#separator))
        }
        FormStyle::Json => quote!(::oagen_runtime::FormStyle::Json),
    }
}
