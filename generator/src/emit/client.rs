//! The client: a builder for credentials and options, one async method per operation, and one
//! documented-error enum per operation.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc_attrs, inline_code, paragraphs};
use super::validate::{field_value, value_checks, Checked, Value};
use super::{ident, type_tokens};
use crate::ir::{
    Api, ApiKeyLocation, BodyKind, ErrorType, Operation, Parameter, ParameterLocation, Rule,
    SecurityScheme, SecuritySchemeDef, StatusMatch, TypeDef, TypeRef,
};
use crate::text::one_line;

/// Emits `Client`, `ClientBuilder` and every operation's method and error enum.
pub fn emit_client(api: &Api, checked: &Checked) -> TokenStream {
    let default_base_url = api.servers.first().map_or_else(String::new, |server| {
        server
            .variables
            .iter()
            .fold(server.url.clone(), |url, (name, default)| {
                url.replace(&format!("{{{name}}}"), default)
            })
    });
    let client_doc = doc_attrs(Some(&format!(
        "A client for {} ({}).",
        one_line(&api.title),
        one_line(&api.version)
    )));
    let base_doc = doc_attrs(Some(&match api.servers.first() {
        Some(server) if !server.variables.is_empty() => format!(
            "The spec's server {} with its variables at their defaults; set your own with [`ClientBuilder::base_url`].",
            inline_code(&server.url)
        ),
        _ => "The spec's server.".to_owned(),
    }));
    let credential_setters = api
        .security_schemes
        .iter()
        .map(|(scheme_name, def)| credential_setters(scheme_name, def));
    let methods = api
        .operations
        .iter()
        .map(|operation| emit_operation(api, checked, operation));
    let error_enums = api.error_types.iter().map(emit_error_enum);
    quote! {
        #client_doc
        ///
        /// Cheap to clone: clones share one connection pool.
        #[derive(::std::fmt::Debug, ::std::clone::Clone)]
        pub struct Client {
            transport: ::oagen_runtime::Transport,
        }

        /// Builds a [`Client`]: base URL, credentials, timeouts, limits, redirect and retry
        /// policies, user agent, or your own `reqwest::Client`.
        ///
        /// Defaults: a 10 s connect timeout and a 60 s timeout per attempt, response bodies of
        /// at most 8 MiB, redirects followed only within the base URL's origin (and only for
        /// GET, HEAD and OPTIONS), idempotent requests sent up to 3 times on connection
        /// failures, 429 and 503 (honouring `Retry-After`).
        #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::default::Default)]
        pub struct ClientBuilder {
            options: ::oagen_runtime::ClientOptions,
        }

        impl ClientBuilder {
            /// Sends requests to this base URL instead of the spec's server.
            #[must_use]
            pub fn base_url(mut self, url: impl ::std::convert::Into<String>) -> Self {
                self.options.base_url(url);
                self
            }

            /// Gives up on an attempt after this long (default 60 s; an injected
            /// `http_client` included).
            #[must_use]
            pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.options.timeout(timeout);
                self
            }

            /// Lets an attempt take as long as it takes (the connect timeout still applies).
            #[must_use]
            pub fn no_timeout(mut self) -> Self {
                self.options.no_timeout();
                self
            }

            /// Gives up connecting after this long (default 10 s; not for an injected
            /// `http_client`, which keeps its own).
            #[must_use]
            pub fn connect_timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.options.connect_timeout(timeout);
                self
            }

            /// Refuses response bodies larger than this many bytes (default 8 MiB).
            #[must_use]
            pub fn max_response_bytes(mut self, limit: usize) -> Self {
                self.options.max_response_bytes(limit);
                self
            }

            /// Sets which redirects are followed (default: within the base URL's origin only).
            #[must_use]
            pub fn redirect(mut self, policy: ::oagen_runtime::RedirectPolicy) -> Self {
                self.options.redirect(policy);
                self
            }

            /// Sets when requests are sent again (default: idempotent ones, up to 3 times).
            #[must_use]
            pub fn retry(mut self, policy: ::oagen_runtime::RetryPolicy) -> Self {
                self.options.retry(policy);
                self
            }

            /// Sets the `User-Agent` header.
            #[must_use]
            pub fn user_agent(mut self, user_agent: impl ::std::convert::Into<String>) -> Self {
                self.options.user_agent(user_agent);
                self
            }

            /// Sends through this `reqwest::Client` (its pool, proxy and TLS settings). Build it
            /// with `redirect(reqwest::redirect::Policy::none())` so that [`ClientBuilder::redirect`]
            /// applies; its own policy follows redirects before the client sees them.
            #[must_use]
            pub fn http_client(mut self, client: ::oagen_runtime::reqwest::Client) -> Self {
                self.options.http_client(client);
                self
            }

            #(#credential_setters)*

            /// Builds the client.
            pub fn build(self) -> Result<Client, ::oagen_runtime::BuildError> {
                Ok(Client {
                    transport: self.options.build(Client::DEFAULT_BASE_URL)?,
                })
            }
        }

        impl Client {
            #base_doc
            pub const DEFAULT_BASE_URL: &'static str = #default_base_url;

            /// Starts building a client.
            pub fn builder() -> ClientBuilder {
                ClientBuilder::default()
            }

            /// The base URL requests go to.
            pub fn base_url(&self) -> &str {
                self.transport.base_url()
            }

            /// This client with another retry policy, for the calls made through it (for
            /// example, a POST known to be safe to repeat). Cheap: the connection pool is shared.
            #[must_use]
            pub fn with_retry(&self, policy: ::oagen_runtime::RetryPolicy) -> Client {
                Client {
                    transport: self.transport.with_retry(policy),
                }
            }

            #(#methods)*
        }

        #(#error_enums)*
    }
}

/// The builder method (or two) that configure one security scheme's credentials.
fn credential_setters(scheme_name: &str, def: &SecuritySchemeDef) -> TokenStream {
    let secret = quote!(impl ::std::convert::Into<::oagen_runtime::Secret>);
    // Every setter stores one `Credential` under the scheme's name.
    let setter = |doc: &str,
                  spec_doc: Option<&str>,
                  name: &str,
                  params: TokenStream,
                  credential: TokenStream| {
        let doc = doc_attrs(paragraphs([Some(doc), spec_doc]).as_deref());
        let name = ident(name);
        quote! {
            #doc
            #[must_use]
            pub fn #name(mut self, #params) -> Self {
                self.options.credential(#scheme_name, ::oagen_runtime::Credential::#credential);
                self
            }
        }
    };
    match &def.scheme {
        SecurityScheme::Bearer { doc } => {
            let token = setter(
                "Sends this OAuth 2.0 access token as `Authorization: Bearer ...`.",
                doc.as_deref(),
                &def.setter,
                quote!(token: #secret),
                quote!(Bearer(::std::sync::Arc::new(::std::convert::Into::<
                    ::oagen_runtime::Secret,
                >::into(token)))),
            );
            let provider = def.provider_setter.as_deref().map(|provider| {
                setter(
                    "Asks `provider` for an access token before each request, so tokens can be refreshed.",
                    None,
                    provider,
                    quote!(provider: impl ::oagen_runtime::TokenProvider),
                    quote!(Bearer(::std::sync::Arc::new(provider))),
                )
            });
            quote!(#token #provider)
        }
        SecurityScheme::ApiKey {
            location,
            name,
            doc,
        } => {
            let (place, variant) = match location {
                ApiKeyLocation::Header => (
                    format!("in the {} header", inline_code(name)),
                    quote!(Header),
                ),
                ApiKeyLocation::Query => (
                    format!("as the {} query parameter", inline_code(name)),
                    quote!(Query),
                ),
                ApiKeyLocation::Cookie => (
                    format!("in the {} cookie", inline_code(name)),
                    quote!(Cookie),
                ),
            };
            setter(
                &format!("Sends this value {place}."),
                doc.as_deref(),
                &def.setter,
                quote!(value: #secret),
                quote!(#variant { name: #name, value: value.into() }),
            )
        }
        SecurityScheme::Basic { doc } => setter(
            "Sends these credentials as HTTP basic authentication.",
            doc.as_deref(),
            &def.setter,
            quote!(username: #secret, password: #secret),
            quote!(Basic {
                username: username.into(),
                password: password.into()
            }),
        ),
    }
}

/// One error enum and its `ErrorResponses` impl, which picks the variant by status.
fn emit_error_enum(error_type: &ErrorType) -> TokenStream {
    let name = ident(&error_type.name);
    let doc = doc_attrs(Some(&match error_type.operations.as_slice() {
        [only] => format!("The error responses {} documents.", inline_code(only)),
        [first, rest @ ..] => format!(
            "The error responses shared by {} operations, {} among them.",
            rest.len() + 1,
            inline_code(first)
        ),
        [] => "Documented error responses.".to_owned(),
    }));
    let variants = error_type.responses.iter().map(|response| {
        let variant = ident(&response.variant);
        let doc = doc_attrs(Some(&format!(
            "{} {}: {}",
            response.status,
            response.variant,
            response.description.trim()
        )));
        let payload = match (&response.body, response.kind) {
            (Some(ty), BodyKind::Json) => type_tokens(ty),
            _ => quote!(String),
        };
        quote!(#doc #variant(#payload),)
    });
    let arms = error_type.responses.iter().map(|response| {
        let pattern = match response.status {
            StatusMatch::Code(code) => {
                let code = proc_macro2::Literal::u16_unsuffixed(code);
                quote!(#code)
            }
            StatusMatch::Range(class) => {
                let low = proc_macro2::Literal::u16_unsuffixed(class * 100);
                let high = proc_macro2::Literal::u16_unsuffixed(class * 100 + 99);
                quote!(#low..=#high)
            }
            StatusMatch::Default => quote!(_),
        };
        let variant = ident(&response.variant);
        match (&response.body, response.kind) {
            (Some(_), BodyKind::Json) => quote!(#pattern => response.error_json(Self::#variant),),
            _ => quote!(#pattern => response.error_text(Self::#variant),),
        }
    });
    let has_default = error_type
        .responses
        .iter()
        .any(|response| response.status == StatusMatch::Default);
    let unexpected = (!has_default).then(|| quote!(_ => response.unexpected(),));
    // A lone `default` response needs no match (clippy's `match_single_binding`).
    let decode = match error_type.responses.as_slice() {
        [only] if only.status == StatusMatch::Default => {
            let variant = ident(&only.variant);
            match (&only.body, only.kind) {
                (Some(_), BodyKind::Json) => quote!(response.error_json(Self::#variant)),
                _ => quote!(response.error_text(Self::#variant)),
            }
        }
        _ => quote! {
            match response.status() {
                #(#arms)*
                #unexpected
            }
        },
    };
    quote! {
        #doc
        #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq)]
        pub enum #name {
            #(#variants)*
        }

        impl ::oagen_runtime::ErrorResponses for #name {
            fn from_response(response: ::oagen_runtime::RawResponse) -> ::oagen_runtime::Error<Self> {
                #decode
            }
        }
    }
}

fn emit_operation(api: &Api, checked: &Checked, operation: &Operation) -> TokenStream {
    let method_name = ident(&operation.fn_name);
    let error_type = match &operation.error_type {
        Some(name) => {
            let name = ident(name);
            quote!(#name)
        }
        None => quote!(::oagen_runtime::Undocumented),
    };
    let doc = doc_attrs(operation_doc(operation).as_deref());
    let mut args = Vec::new();
    let mut checks = Vec::new();
    let mut additions = Vec::new();
    for parameter in ordered_parameters(operation) {
        let arg = ident(&parameter.rust_name);
        let ty = argument_type(parameter);
        args.push(quote!(#arg: #ty));
        checks.extend(parameter_check(checked, parameter));
        let wire = &parameter.wire_name;
        if parameter.location != ParameterLocation::Path && displays_as_text(api, &parameter.ty) {
            // The runtime takes `impl ToString` (and an `Option` of one) for these.
            let (query, header, cookie) = if parameter.required {
                (quote!(query), quote!(header), quote!(cookie))
            } else {
                (quote!(query_opt), quote!(header_opt), quote!(cookie_opt))
            };
            additions.push(match parameter.location {
                ParameterLocation::Query => quote!(request.#query(#wire, #arg);),
                ParameterLocation::Header => quote!(request.#header(#wire, #arg);),
                _ => quote!(request.#cookie(#wire, #arg);),
            });
            continue;
        }
        let text = parameter_text(api, &parameter.ty, quote!(value));
        let add = match (parameter.location, &parameter.ty) {
            (ParameterLocation::Path, _) => continue,
            (ParameterLocation::Query, TypeRef::Array(item)) if parameter.explode => {
                let item_text = parameter_text(api, item, quote!(item));
                quote!(for item in value { request.query(#wire, #item_text); })
            }
            (ParameterLocation::Query, _) => quote!(request.query(#wire, #text);),
            (ParameterLocation::Header, _) => quote!(request.header(#wire, #text);),
            (ParameterLocation::Cookie, _) => quote!(request.cookie(#wire, #text);),
        };
        additions.push(if parameter.required {
            quote!({ let value = #arg; #add })
        } else {
            quote!(if let Some(value) = #arg { #add })
        });
    }
    if let Some(body) = &operation.body {
        let ty = type_tokens(&body.ty);
        args.push(quote!(body: &#ty));
        let value = Value::Ref(quote!(body));
        checks.extend(value_checks(
            checked,
            &body.ty,
            &Default::default(),
            &value,
            &quote!("body"),
        ));
        additions.push(body_encoding(api, body));
    }
    checks.extend(
        operation
            .rules
            .iter()
            .filter_map(|rule| forbidden_when(api, operation, rule)),
    );
    let path = path_expression(api, operation);
    let http_method = ident(&operation.method);
    let security = security_tokens(operation);
    let (success_ty, decode) = match operation
        .success
        .as_ref()
        .and_then(|success| success.body.as_ref().map(|ty| (ty, success.kind)))
    {
        Some((_, BodyKind::Text)) => (quote!(String), quote!(decode_text)),
        Some((_, BodyKind::Binary)) => (quote!(::oagen_runtime::Binary), quote!(decode_binary)),
        Some((ty, _)) => (type_tokens(ty), quote!(decode_json)),
        None => (quote!(()), quote!(decode_empty)),
    };
    let report = (!checks.is_empty()).then(|| {
        quote! {
            let report = &mut ::oagen_runtime::Report::new();
            #(#checks)*
            report.finish()?;
        }
    });
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

/// Puts the body on the request as its media type says.
fn body_encoding(api: &Api, body: &crate::ir::RequestBody) -> TokenStream {
    let content_type = &body.content_type;
    match body.kind {
        BodyKind::Json => quote!(request.json(body)?;),
        BodyKind::Form => quote!(request.form(body)?;),
        BodyKind::Text => quote!(request.bytes(#content_type, body.as_bytes());),
        BodyKind::Binary => quote!(request.bytes(#content_type, body.0.as_slice());),
        BodyKind::Multipart => {
            let TypeRef::Named(name) = &body.ty else {
                return quote!(request.part_value("body", body)?;);
            };
            let Some(TypeDef::Struct(def)) = api.types.get(name) else {
                return quote!(request.part_value("body", body)?;);
            };
            let parts = def.fields.iter().map(|field| {
                let wire = &field.wire_name;
                let add = match field.ty {
                    TypeRef::Binary => {
                        quote!(request.part(#wire, ::oagen_runtime::Part::Bytes(value.0.clone()));)
                    }
                    _ => quote!(request.part_value(#wire, value)?;),
                };
                let value = field_value(field, quote!(body));
                quote!(if let Some(value) = #value { #add })
            });
            quote!(#(#parts)*)
        }
    }
}

/// Path parameters in the order they appear in the path, then the others in spec order.
fn ordered_parameters(operation: &Operation) -> Vec<&Parameter> {
    let position = |parameter: &Parameter| match parameter.location {
        ParameterLocation::Path => operation
            .path
            .find(&format!("{{{}}}", parameter.wire_name))
            .unwrap_or(0),
        _ => usize::MAX,
    };
    let mut parameters: Vec<&Parameter> = operation.parameters.iter().collect();
    parameters.sort_by_key(|parameter| position(parameter));
    parameters
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

/// The parameter's value as text for a path segment, query pair or header.
fn parameter_text(api: &Api, ty: &TypeRef, value: TokenStream) -> TokenStream {
    match ty {
        TypeRef::String => quote!(#value),
        TypeRef::Array(item) => {
            let item_text = parameter_text(api, item, quote!(item));
            quote!(#value.iter().map(|item| ::std::string::ToString::to_string(&#item_text)).collect::<Vec<_>>().join(","))
        }
        TypeRef::Json | TypeRef::Map(_) => {
            quote!(::oagen_runtime::serde_json::to_string(#value).unwrap_or_default())
        }
        TypeRef::Named(name) if matches!(api.types.get(name), Some(TypeDef::Enum(_))) => {
            quote!(#value.as_str())
        }
        TypeRef::Named(_) => quote!(::oagen_runtime::to_text(#value)),
        _ => quote!(#value.to_string()),
    }
}

/// True when the parameter's `Display` text is its wire text: strings, numbers, booleans,
/// date-times and generated string enums.
fn displays_as_text(api: &Api, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::String | TypeRef::Bool | TypeRef::DateTime => true,
        ty if ty.is_numeric() => true,
        TypeRef::Named(name) => matches!(api.types.get(name), Some(TypeDef::Enum(_))),
        _ => false,
    }
}

/// The parameter's value as a `&str` expression (borrowing a temporary where it must convert).
fn parameter_str(api: &Api, ty: &TypeRef, value: TokenStream) -> TokenStream {
    let text = parameter_text(api, ty, value);
    match ty {
        TypeRef::String => text,
        TypeRef::Named(name) if matches!(api.types.get(name), Some(TypeDef::Enum(_))) => text,
        _ => quote!(&#text),
    }
}

fn parameter_check(checked: &Checked, parameter: &Parameter) -> Option<TokenStream> {
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
        checked,
        &parameter.ty,
        &parameter.constraints,
        &value,
        &quote!(#wire),
    );
    if checks.is_empty() {
        None
    } else if parameter.required {
        Some(quote!(#(#checks)*))
    } else {
        Some(quote!(if let Some(value) = #arg { #(#checks)* }))
    }
}

/// `let path = expand_path("/users/{userId}", &[user_id])?;`: the runtime encodes each value as
/// exactly one segment. A placeholder without a parameter (lowering makes that impossible) is
/// kept as literal, percent-encoded text.
fn path_expression(api: &Api, operation: &Operation) -> TokenStream {
    let mut template = String::new();
    let mut values = Vec::new();
    let mut rest = operation.path.as_str();
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|close| open + close) else {
            break;
        };
        template.push_str(&rest[..open]);
        let wire = &rest[open + 1..close];
        let parameter = operation
            .parameters
            .iter()
            .find(|p| p.location == ParameterLocation::Path && p.wire_name == wire);
        match parameter {
            Some(parameter) => {
                let arg = ident(&parameter.rust_name);
                values.push(parameter_str(api, &parameter.ty, quote!(#arg)));
                template.push_str(&rest[open..=close]);
            }
            None => template.push_str(&format!("%7B{wire}%7D")),
        }
        rest = &rest[close + 1..];
    }
    template.push_str(&rest.replace('{', "%7B").replace('}', "%7D"));
    if values.is_empty() {
        quote!(let path = String::from(#template);)
    } else {
        quote!(let path = ::oagen_runtime::expand_path(#template, &[#(#values),*])?;)
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
fn forbidden_when(api: &Api, operation: &Operation, rule: &Rule) -> Option<TokenStream> {
    let Rule::ForbiddenWhen {
        parameter,
        values,
        fields,
    } = rule
    else {
        return None;
    };
    let parameter = operation
        .parameters
        .iter()
        .find(|p| &p.wire_name == parameter)?;
    let Some(TypeRef::Named(body_type)) = operation.body.as_ref().map(|body| &body.ty) else {
        return None;
    };
    let Some(TypeDef::Struct(body_def)) = api.types.get(body_type) else {
        return None;
    };
    let arg = ident(&parameter.rust_name);
    let wire = &parameter.wire_name;
    let text = parameter_str(api, &parameter.ty, quote!(#arg));
    let checks = fields.iter().filter_map(|field| {
        let field_def = body_def.fields.iter().find(|f| &f.wire_name == field)?;
        let value = field_value(field_def, quote!(body));
        let at = format!("body.{field}");
        Some(quote!(report.forbidden_when(#at, #value.is_some(), #wire, parameter_value);))
    });
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
    paragraphs([
        operation.summary.as_deref(),
        operation.description.as_deref(),
        scopes.as_deref(),
        Some(call.as_str()),
    ])
}

/// A one-line usage example, as inline code: a doctest would need the module path the user
/// includes the code under.
fn operation_example(operation: &Operation) -> String {
    let mut args: Vec<String> = ordered_parameters(operation)
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
