//! One `Client` method per operation: arguments in the order lowering decided, checks before
//! sending, the path filled from its parsed template, parameters and body put on the request.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc_attrs, inline_code, paragraphs};
use super::parameters::{addition, parameter_str, path_expression};
use super::validate::{field_value, value_checks, At, Value};
use super::{ident, type_tokens};
use crate::ir::{Api, BodyKind, ForbiddenWhen, Operation, Parameter, TypeRef};

/// The async method for one operation.
pub fn emit_operation(api: &Api, operation: &Operation) -> TokenStream {
    let method_name = ident(&operation.fn_name);
    let error_type = match &operation.error_type {
        Some(name) => {
            let name = ident(name);
            quote!(#name)
        }
        None => quote!(::oagen_runtime::Undocumented),
    };
    let doc = doc_attrs(operation_doc(operation).as_deref());
    let mut args: Vec<TokenStream> = operation.parameters.iter().map(argument).collect();
    let mut additions: Vec<TokenStream> =
        operation.parameters.iter().filter_map(addition).collect();
    if let Some(body) = &operation.body {
        args.push(super::body::body_argument(body));
        additions.push(super::body::body_encoding(body));
    }
    let report = checks(api, operation);
    let path = path_expression(operation);
    let http_method = ident(operation.method.as_str());
    let security = security_tokens(operation);
    let (success_ty, decode) = success_decoding(operation);
    let too_many = (args.len() > 6).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let mutable = (!additions.is_empty()).then(|| quote!(mut));
    quote! {
        #doc
        #too_many
        pub async fn #method_name(&self, #(#args),*) -> Result<::oagen_runtime::Response<#success_ty>, ::oagen_runtime::Error<#error_type>> {
            #report
            #path
            let #mutable request = ::oagen_runtime::Request::new(::oagen_runtime::HttpMethod::#http_method, path);
            #(#additions)*
            self.transport.send(request, #security).await?.#decode()
        }
    }
}

/// The success type and the `RawResponse` method that decodes it.
fn success_decoding(operation: &Operation) -> (TokenStream, TokenStream) {
    let success = operation
        .success
        .as_ref()
        .and_then(|success| success.body.as_ref().map(|ty| (ty, success.kind)));
    match success {
        Some((_, BodyKind::Text)) => (quote!(String), quote!(decode_text)),
        Some((_, BodyKind::Binary)) => (quote!(::oagen_runtime::Binary), quote!(decode_binary)),
        Some((ty, _)) => (type_tokens(ty), quote!(decode_json)),
        None => (quote!(()), quote!(decode_empty)),
    }
}

/// Everything checked before sending (parameters, body, operation rules), in one `Report`;
/// nothing when there is nothing to check.
fn checks(api: &Api, operation: &Operation) -> Option<TokenStream> {
    let mut checks: Vec<TokenStream> = operation
        .parameters
        .iter()
        .filter_map(|parameter| parameter_check(api, parameter))
        .collect();
    if let Some(body) = &operation.body {
        let value = Value::Ref(quote!(body));
        let at = At::Expression(quote!("body"));
        checks.extend(value_checks(
            api,
            &body.ty,
            &Default::default(),
            &value,
            &at,
        ));
    }
    checks.extend(
        operation
            .rules
            .iter()
            .filter_map(|rule| forbidden_when(operation, rule)),
    );
    (!checks.is_empty()).then(|| {
        quote! {
            let report = &mut ::oagen_runtime::Report::new();
            #(#checks)*
            report.finish()?;
        }
    })
}

/// `name: Type` for one parameter.
fn argument(parameter: &Parameter) -> TokenStream {
    let arg = ident(&parameter.rust_name);
    let ty = argument_type(parameter);
    quote!(#arg: #ty)
}

fn argument_type(parameter: &Parameter) -> TokenStream {
    let inner = match &parameter.ty {
        TypeRef::String => quote!(&str),
        ty if ty.is_numeric() || matches!(ty, TypeRef::Bool | TypeRef::DateTime) => type_tokens(ty),
        TypeRef::Array(item) => {
            let item = type_tokens(item);
            quote!(&[#item])
        }
        other => {
            let ty = type_tokens(other);
            quote!(&#ty)
        }
    };
    if parameter.required {
        inner
    } else {
        quote!(Option<#inner>)
    }
}

fn parameter_check(api: &Api, parameter: &Parameter) -> Option<TokenStream> {
    let arg = ident(&parameter.rust_name);
    let wire = &parameter.wire_name;
    let name = if parameter.required {
        quote!(#arg)
    } else {
        quote!(value)
    };
    // Arguments are passed by value for numbers, by reference for everything else.
    let value = match &parameter.ty {
        ty if ty.is_numeric() => Value::Owned(name),
        _ => Value::Ref(name),
    };
    let checks = value_checks(
        api,
        &parameter.ty,
        &parameter.constraints,
        &value,
        &At::Expression(quote!(#wire)),
    );
    if checks.is_empty() {
        None
    } else if parameter.required {
        Some(quote!(#(#checks)*))
    } else {
        Some(quote!(if let Some(value) = #arg { #(#checks)* }))
    }
}

fn security_tokens(operation: &Operation) -> TokenStream {
    let mut alternatives: Vec<Vec<&str>> = Vec::new();
    for alternative in &operation.security {
        let schemes: Vec<&str> = alternative
            .iter()
            .map(|requirement| requirement.scheme.as_str())
            .collect();
        if !alternatives.contains(&schemes) {
            alternatives.push(schemes);
        }
    }
    let alternatives = alternatives.iter().map(|schemes| quote!(&[#(#schemes),*]));
    quote!(&[#(#alternatives),*])
}

/// `forbidden-when`: refuse body fields that the server rejects for certain parameter values.
fn forbidden_when(operation: &Operation, rule: &ForbiddenWhen) -> Option<TokenStream> {
    let parameter = &operation.parameters[rule.parameter];
    let body = operation.body.as_ref()?;
    let arg = ident(&parameter.rust_name);
    let wire = &parameter.wire_name;
    let text = parameter_str(parameter, quote!(#arg));
    let checks = rule.fields.iter().map(|index| {
        let field = &body.fields[*index];
        let value = field_value(field, quote!(body));
        let at = format!("body.{}", field.wire_name);
        quote!(report.forbidden_when(#at, #value.is_some(), #wire, parameter_value);)
    });
    let values = &rule.values;
    Some(quote! {
        let parameter_value: &str = #text;
        if [#(#values),*].contains(&parameter_value) {
            #(#checks)*
        }
    })
}

fn operation_doc(operation: &Operation) -> Option<String> {
    let route = inline_code(&format!("{} {}", operation.method, operation.path));
    let mut scopes: Vec<&str> = operation
        .security
        .iter()
        .flatten()
        .flat_map(|requirement| requirement.scopes.iter().map(String::as_str))
        .collect();
    scopes.dedup();
    let scopes = (!scopes.is_empty()).then(|| {
        let listed: Vec<String> = scopes.iter().map(|scope| inline_code(scope)).collect();
        format!("Required scopes (any one of): {}.", listed.join(", "))
    });
    let errors = (!operation.errors.is_empty()).then(|| {
        let listed: Vec<String> = operation
            .errors
            .iter()
            .map(|e| format!("{} ({})", e.status, e.variant))
            .collect();
        format!("\nDocumented errors: {}.", listed.join(", "))
    });
    // Route, errors and example make one paragraph, a line each.
    let call = format!(
        "{route}.{}\nExample: {}",
        errors.unwrap_or_default(),
        inline_code(&operation_example(operation))
    );
    let links = links_doc(operation);
    paragraphs([
        operation.summary.as_deref(),
        operation.description.as_deref(),
        scopes.as_deref(),
        Some(call.as_str()),
        links.as_deref(),
    ])
}

/// The responses' `links`, a line each: the spec describes these follow-up calls, and the
/// client leaves making them to the caller.
fn links_doc(operation: &Operation) -> Option<String> {
    let lines: Vec<String> = operation
        .success
        .iter()
        .chain(&operation.errors)
        .flat_map(|response| {
            response.links.iter().map(move |link| {
                let description = link
                    .description
                    .as_deref()
                    .map(|text| format!(" {}", text.trim()))
                    .unwrap_or_default();
                format!(
                    "- {} ({}): calls {}.{description}",
                    inline_code(&link.name),
                    response.status,
                    inline_code(&link.target)
                )
            })
        })
        .collect();
    (!lines.is_empty()).then(|| format!("Response links:\n{}", lines.join("\n")))
}

/// A one-line usage example, as inline code: a doctest would need the module path the user
/// includes the code under.
fn operation_example(operation: &Operation) -> String {
    let mut args: Vec<String> = operation
        .parameters
        .iter()
        .map(|parameter| {
            let name = parameter.rust_name.trim_start_matches("r#");
            match (&parameter.ty, parameter.required) {
                (TypeRef::String, true) => format!("{:?}", parameter.wire_name),
                (_, true) => format!("&{name}"),
                (_, false) => "None".to_owned(),
            }
        })
        .collect();
    if operation.body.is_some() {
        args.push("&body".to_owned());
    }
    format!(
        "client.{}({}).await?",
        operation.fn_name.trim_start_matches("r#"),
        args.join(", ")
    )
}
