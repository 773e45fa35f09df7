//! Parameters on the wire, as lowering decided: each query, header or cookie parameter put on
//! the request, and the path filled from its template. Values whose style lays out items or
//! members go to the runtime as a `Shape`, which encodes them.

use proc_macro2::TokenStream;
use quote::quote;

use super::ident;
use super::validate::field_value;
use crate::ir::{
    Operation, Parameter, ParameterLocation, ParameterStyle, ParameterText, PathSegment, Presence,
};

/// Puts a query, header or cookie parameter on the request (path parameters are in the path).
pub(super) fn addition(parameter: &Parameter) -> Option<TokenStream> {
    let arg = ident(&parameter.rust_name);
    let wire = &parameter.wire_name;
    if parameter.location == ParameterLocation::Path {
        return None;
    }
    let plain_text = !is_composite(&parameter.text) && !parameter.allow_reserved;
    if plain_text
        && matches!(
            parameter.text,
            ParameterText::Str | ParameterText::Display | ParameterText::EnumStr
        )
    {
        // The runtime takes `impl ToString` (and an `Option` of one) for these.
        let method = match (parameter.location, parameter.required) {
            (ParameterLocation::Query, true) => quote!(query),
            (ParameterLocation::Query, false) => quote!(query_opt),
            (ParameterLocation::Header, true) => quote!(header),
            (ParameterLocation::Header, false) => quote!(header_opt),
            (_, true) => quote!(cookie),
            (_, false) => quote!(cookie_opt),
        };
        return Some(quote!(request.#method(#wire, #arg);));
    }
    let text = text_tokens(&parameter.text, quote!(value));
    let shape = shape_tokens(&parameter.text, quote!(value));
    let explode = parameter.explode;
    let add = match parameter.location {
        ParameterLocation::Query if plain_text => quote!(request.query(#wire, #text);),
        ParameterLocation::Query => {
            let style = style_tokens(parameter.style);
            let reserved = parameter.allow_reserved;
            quote!(request.query_styled(#wire, &#shape, #style, #explode, #reserved);)
        }
        ParameterLocation::Header if plain_text => quote!(request.header(#wire, #text);),
        ParameterLocation::Header => quote!(request.header_styled(#wire, &#shape, #explode);),
        _ if plain_text => quote!(request.cookie(#wire, #text);),
        _ => quote!(request.cookie_styled(#wire, &#shape, #explode);),
    };
    Some(if parameter.required {
        quote!({ let value = #arg; #add })
    } else {
        quote!(if let Some(value) = #arg { #add })
    })
}

/// Whether the value is an array or an object, whose items or members a style lays out.
fn is_composite(text: &ParameterText) -> bool {
    matches!(
        text,
        ParameterText::List(_)
            | ParameterText::Tuple(_)
            | ParameterText::Object(_)
            | ParameterText::Map(_)
    )
}

/// The runtime's name for a style.
fn style_tokens(style: ParameterStyle) -> TokenStream {
    let name = match style {
        ParameterStyle::Simple => quote!(Simple),
        ParameterStyle::Label => quote!(Label),
        ParameterStyle::Matrix => quote!(Matrix),
        ParameterStyle::Form => quote!(Form),
        ParameterStyle::SpaceDelimited => quote!(SpaceDelimited),
        ParameterStyle::PipeDelimited => quote!(PipeDelimited),
        ParameterStyle::DeepObject => quote!(DeepObject),
    };
    quote!(::oagen_runtime::Style::#name)
}

/// The value as a runtime `Shape`: its items' or members' texts (unencoded), or its one text.
fn shape_tokens(text: &ParameterText, value: TokenStream) -> TokenStream {
    let to_string = quote!(::std::string::ToString::to_string);
    match text {
        ParameterText::List(item) => {
            let item_text = text_tokens(item, quote!(item));
            quote!(::oagen_runtime::Shape::Array(#value.iter().map(|item| #to_string(&#item_text)).collect()))
        }
        ParameterText::Tuple(items) => {
            let item_texts = tuple_item_texts(items, &value);
            quote!(::oagen_runtime::Shape::Array(::std::vec::Vec::from([#(#item_texts),*])))
        }
        // An object without fields has no members; the value is only read for its presence.
        ParameterText::Object(members) if members.is_empty() => {
            quote!(::oagen_runtime::Shape::Object({ let _ = #value; ::std::vec::Vec::new() }))
        }
        ParameterText::Object(members) => {
            // One `Option` per field, so absent ones are left out.
            let members = members.iter().map(|member| {
                let wire = &member.field.wire_name;
                let pair = |field: TokenStream| {
                    let member_text = text_tokens(&member.text, field);
                    quote!((::std::string::String::from(#wire), #to_string(&#member_text)))
                };
                let always_present = matches!(
                    member.field.presence,
                    Presence::Required | Presence::Defaulted(_) | Presence::Flattened
                );
                if always_present {
                    let field_name = ident(&member.field.rust_name);
                    let pair = pair(borrowed(&member.text, quote!(#value.#field_name)));
                    quote!(::std::option::Option::Some(#pair))
                } else {
                    let field_value = field_value(&member.field, value.clone());
                    let pair = pair(quote!(member));
                    quote!(#field_value.map(|member| #pair))
                }
            });
            quote!(::oagen_runtime::Shape::Object([#(#members),*].into_iter().flatten().collect()))
        }
        ParameterText::Map(item) => {
            let item_text = text_tokens(item, quote!(item));
            quote!(::oagen_runtime::Shape::Object(#value.iter().map(|(key, item)| (key.clone(), #to_string(&#item_text))).collect()))
        }
        _ => {
            let text = text_tokens(text, value);
            quote!(::oagen_runtime::Shape::Scalar(#to_string(&#text)))
        }
    }
}

/// The value as text for a path segment, query pair or header, as lowering decided.
pub(super) fn text_tokens(text: &ParameterText, value: TokenStream) -> TokenStream {
    match text {
        ParameterText::Str => value,
        ParameterText::List(item) => {
            let item_text = text_tokens(item, quote!(item));
            quote!(#value.iter().map(|item| ::std::string::ToString::to_string(&#item_text)).collect::<Vec<_>>().join(","))
        }
        ParameterText::Tuple(items) => {
            let item_texts = tuple_item_texts(items, &value);
            quote!([#(#item_texts),*].join(","))
        }
        ParameterText::JsonText => {
            quote!(::oagen_runtime::serde_json::to_string(#value).unwrap_or_default())
        }
        // Only where no style applies (an operation rule's comparison): the JSON text.
        ParameterText::Object(_) | ParameterText::Map(_) => {
            quote!(::oagen_runtime::to_text(#value))
        }
        ParameterText::EnumStr => quote!(#value.as_str()),
        ParameterText::SerdeText => quote!(::oagen_runtime::to_text(#value)),
        ParameterText::Display | ParameterText::ToString => quote!(#value.to_string()),
    }
}

/// Each item of the tuple `value` as a `String`, in order. An item is reached by reference
/// (`&value.0`), as an array item is by its iterator, unless its text is a method call.
fn tuple_item_texts(items: &[ParameterText], value: &TokenStream) -> Vec<TokenStream> {
    items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            let index = syn::Index::from(index);
            let item_text = text_tokens(item, borrowed(item, quote!(#value.#index)));
            quote!(::std::string::ToString::to_string(&#item_text))
        })
        .collect()
}

/// A field or tuple item `place` as `text_tokens` takes it for `text`: as it is where the text
/// is a method call (which borrows it), else by reference.
fn borrowed(text: &ParameterText, place: TokenStream) -> TokenStream {
    match text {
        ParameterText::Display
        | ParameterText::ToString
        | ParameterText::EnumStr
        | ParameterText::List(_) => place,
        _ => quote!((&#place)),
    }
}

/// `let path = expand_path("/users/{userId}", &[user_id])?;`: the runtime encodes each value as
/// exactly one segment. The template's literal text is already safe to send as it is.
pub(super) fn path_expression(operation: &Operation) -> TokenStream {
    let styled = operation
        .template
        .segments
        .iter()
        .any(|segment| match segment {
            PathSegment::Parameter(index) => {
                let parameter = &operation.parameters[*index];
                parameter.style != ParameterStyle::Simple || is_composite(&parameter.text)
            }
            PathSegment::Literal(_) => false,
        });
    if styled {
        return styled_path_expression(operation);
    }
    let (template, values) = template_and_values(operation, |parameter, arg| {
        parameter_str(parameter, quote!(#arg))
    });
    if values.is_empty() {
        quote!(let path = String::from(#template);)
    } else {
        quote!(let path = ::oagen_runtime::expand_path(#template, &[#(#values),*])?;)
    }
}

/// `let path = fill_path("/users/{id}", &[path_text("id", &shape, style, explode)?]);`: each
/// value laid out as its style says, its texts encoded by the runtime.
fn styled_path_expression(operation: &Operation) -> TokenStream {
    let (template, texts) = template_and_values(operation, |parameter, arg| {
        let wire = &parameter.wire_name;
        let shape = shape_tokens(&parameter.text, quote!(#arg));
        let style = style_tokens(parameter.style);
        let explode = parameter.explode;
        quote!(::oagen_runtime::path_text(#wire, &#shape, #style, #explode)?)
    });
    quote!(let path = ::oagen_runtime::fill_path(#template, &[#(#texts),*]);)
}

/// The path template with `{wire name}` placeholders, and one value expression per placeholder
/// in order, made by `value` from the parameter and its argument.
fn template_and_values(
    operation: &Operation,
    value: impl Fn(&Parameter, proc_macro2::Ident) -> TokenStream,
) -> (String, Vec<TokenStream>) {
    let mut template = String::new();
    let mut values = Vec::new();
    for segment in &operation.template.segments {
        match segment {
            PathSegment::Literal(text) => template.push_str(text),
            PathSegment::Parameter(index) => {
                let parameter = &operation.parameters[*index];
                values.push(value(parameter, ident(&parameter.rust_name)));
                template.push_str(&format!("{{{}}}", parameter.wire_name));
            }
        }
    }
    (template, values)
}

/// The parameter's value as a `&str` expression (borrowing a temporary where it must convert).
pub(super) fn parameter_str(parameter: &Parameter, value: TokenStream) -> TokenStream {
    let text = text_tokens(&parameter.text, value);
    match parameter.text {
        ParameterText::Str | ParameterText::EnumStr => text,
        _ => quote!(&#text),
    }
}
