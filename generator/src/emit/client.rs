//! The client: a builder for credentials and options, one async method per operation, and one
//! documented-error enum per operation.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc_attrs, paragraphs};
use super::validate::{field_value, value_checks};
use super::{ident, type_tokens};
use crate::ir::{
    Api, ApiKeyLocation, BodyKind, Operation, Parameter, ParameterLocation, Rule, SecurityScheme,
    StatusMatch, TypeDef, TypeRef,
};

/// Emits `Client`, `ClientBuilder` and every operation's method and error enum.
pub fn emit_client(api: &Api) -> TokenStream {
    let default_base_url = api.servers.first().map_or_else(String::new, |server| {
        server
            .variables
            .iter()
            .fold(server.url.clone(), |url, (name, default)| {
                url.replace(&format!("{{{name}}}"), default)
            })
    });
    let client_doc = format!(" A client for {} ({}).", api.title, api.version);
    let base_doc = match api.servers.first() {
        Some(server) if !server.variables.is_empty() => format!(
            " The spec's server `{}` with its variables at their defaults; set your own with [`ClientBuilder::base_url`].",
            server.url
        ),
        _ => " The spec's server.".to_owned(),
    };
    let credential_setters = api.security_schemes.iter().map(|(scheme_name, def)| {
        let setter = ident(&def.setter);
        match &def.scheme {
            SecurityScheme::Bearer { doc } => {
                let doc = doc_attrs(paragraphs([Some("Sends this OAuth 2.0 access token as `Authorization: Bearer ...`."), doc.as_deref()]).as_deref());
                let provider = def.provider_setter.as_deref().map(|provider| {
                    let provider = ident(provider);
                    quote! {
                        /// Asks `provider` for an access token before each request, so tokens can be refreshed.
                        #[must_use]
                        pub fn #provider(mut self, provider: impl ::oagen_runtime::TokenProvider) -> Self {
                            self.options.credential(#scheme_name, ::oagen_runtime::Credential::Bearer(::std::sync::Arc::new(provider)));
                            self
                        }
                    }
                });
                quote! {
                    #doc
                    #[must_use]
                    pub fn #setter(mut self, token: impl ::std::convert::Into<::oagen_runtime::Secret>) -> Self {
                        let token: ::oagen_runtime::Secret = token.into();
                        self.options.credential(#scheme_name, ::oagen_runtime::Credential::Bearer(::std::sync::Arc::new(token)));
                        self
                    }
                    #provider
                }
            }
            SecurityScheme::ApiKey { location, name, doc } => {
                let (place, credential) = match location {
                    ApiKeyLocation::Header => (format!("in the `{name}` header"), quote!(Header)),
                    ApiKeyLocation::Query => (format!("as the `{name}` query parameter"), quote!(Query)),
                    ApiKeyLocation::Cookie => (format!("in the `{name}` cookie"), quote!(Cookie)),
                };
                let doc = doc_attrs(paragraphs([Some(format!("Sends this value {place}.").as_str()), doc.as_deref()]).as_deref());
                quote! {
                    #doc
                    #[must_use]
                    pub fn #setter(mut self, value: impl ::std::convert::Into<::oagen_runtime::Secret>) -> Self {
                        self.options.credential(#scheme_name, ::oagen_runtime::Credential::#credential { name: #name, value: value.into() });
                        self
                    }
                }
            }
            SecurityScheme::Basic { doc } => {
                let doc = doc_attrs(paragraphs([Some("Sends these credentials as HTTP basic authentication."), doc.as_deref()]).as_deref());
                quote! {
                    #doc
                    #[must_use]
                    pub fn #setter(
                        mut self,
                        username: impl ::std::convert::Into<::oagen_runtime::Secret>,
                        password: impl ::std::convert::Into<::oagen_runtime::Secret>,
                    ) -> Self {
                        self.options.credential(#scheme_name, ::oagen_runtime::Credential::Basic { username: username.into(), password: password.into() });
                        self
                    }
                }
            }
        }
    });
    let methods = api
        .operations
        .iter()
        .map(|operation| emit_operation(api, operation));
    let error_enums = api.operations.iter().map(emit_error_enum);
    quote! {
        #[doc = #client_doc]
        ///
        /// Cheap to clone: clones share one connection pool.
        #[derive(::std::fmt::Debug, ::std::clone::Clone)]
        pub struct Client {
            transport: ::oagen_runtime::Transport,
        }

        /// Builds a [`Client`]: base URL, credentials, timeout, user agent, or your own `reqwest::Client`.
        #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::default::Default)]
        pub struct ClientBuilder {
            options: ::oagen_runtime::ClientOptions,
        }

        impl ClientBuilder {
            /// Sends requests to this base URL instead of the spec's server.
            #[must_use]
            pub fn base_url(mut self, url: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.options.base_url(url);
                self
            }

            /// Gives up on a request after this long (for a client built here, not an injected one).
            #[must_use]
            pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.options.timeout(timeout);
                self
            }

            /// Sets the `User-Agent` header.
            #[must_use]
            pub fn user_agent(mut self, user_agent: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.options.user_agent(user_agent);
                self
            }

            /// Sends through this `reqwest::Client` (its pool, proxy and TLS settings).
            #[must_use]
            pub fn http_client(mut self, client: ::oagen_runtime::reqwest::Client) -> Self {
                self.options.http_client(client);
                self
            }

            #(#credential_setters)*

            /// Builds the client.
            pub fn build(self) -> ::std::result::Result<Client, ::oagen_runtime::BuildError> {
                ::std::result::Result::Ok(Client {
                    transport: self.options.build(Client::DEFAULT_BASE_URL)?,
                })
            }
        }

        impl Client {
            #[doc = #base_doc]
            pub const DEFAULT_BASE_URL: &'static str = #default_base_url;

            /// Starts building a client.
            pub fn builder() -> ClientBuilder {
                ClientBuilder::default()
            }

            /// The base URL requests go to.
            pub fn base_url(&self) -> &str {
                self.transport.base_url()
            }

            #(#methods)*
        }

        #(#error_enums)*
    }
}

fn emit_error_enum(operation: &Operation) -> TokenStream {
    let name = ident(&operation.error_type);
    let doc = format!(
        " The error responses `{}` documents.",
        operation.operation_id
    );
    let variants = operation.errors.iter().map(|response| {
        let variant = ident(&response.variant);
        let doc = doc_attrs(Some(&format!(
            "{} {}: {}",
            response.status,
            response.variant,
            response.description.trim()
        )));
        let payload = match (&response.body, response.kind) {
            (Some(ty), BodyKind::Json) => type_tokens(ty),
            _ => quote!(::std::string::String),
        };
        quote!(#doc #variant(#payload),)
    });
    quote! {
        #[doc = #doc]
        #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq)]
        pub enum #name {
            #(#variants)*
        }
    }
}

fn emit_operation(api: &Api, operation: &Operation) -> TokenStream {
    let method_name = ident(&operation.fn_name);
    let error_type = ident(&operation.error_type);
    let doc = doc_attrs(operation_doc(operation).as_deref());
    let mut args = Vec::new();
    let mut checks = Vec::new();
    let mut additions = Vec::new();
    for parameter in ordered_parameters(operation) {
        let arg = ident(&parameter.rust_name);
        let ty = argument_type(parameter);
        args.push(quote!(#arg: #ty));
        if let Some(check) = parameter_check(parameter) {
            checks.push(check);
        }
        let wire = &parameter.wire_name;
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
            quote!(if let ::std::option::Option::Some(value) = #arg { #add })
        });
    }
    if let Some(body) = &operation.body {
        let ty = type_tokens(&body.ty);
        args.push(quote!(body: &#ty));
        if value_checks(&body.ty, &Default::default(), quote!(body)).is_some() {
            checks.push(quote!(::oagen_runtime::Validate::validate(body, "body", report);));
        }
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
        Some((_, BodyKind::Text)) => (quote!(::std::string::String), quote!(response.text())),
        Some((_, BodyKind::Binary)) => (quote!(::oagen_runtime::Binary), quote!(response.binary())),
        Some((ty, _)) => (type_tokens(ty), quote!(response.json())),
        None => (quote!(()), quote!(response.empty())),
    };
    let error_arms = operation.errors.iter().map(|response| {
        let pattern = match response.status {
            StatusMatch::Code(code) => {
                let code = proc_macro2::Literal::u16_unsuffixed(code);
                quote!(#code)
            }
            StatusMatch::Range(class) => {
                let (low, high) = (proc_macro2::Literal::u16_unsuffixed(class * 100), proc_macro2::Literal::u16_unsuffixed(class * 100 + 99));
                quote!(#low..=#high)
            }
            StatusMatch::Default => quote!(_),
        };
        let variant = ident(&response.variant);
        match (&response.body, response.kind) {
            (Some(_), BodyKind::Json) => quote!(#pattern => ::std::result::Result::Err(response.error_json(#error_type::#variant)),),
            _ => quote!(#pattern => ::std::result::Result::Err(response.error_text(#error_type::#variant)),),
        }
    });
    let has_default = operation
        .errors
        .iter()
        .any(|response| response.status == StatusMatch::Default);
    let unexpected =
        (!has_default).then(|| quote!(_ => ::std::result::Result::Err(response.unexpected()),));
    let report = if checks.is_empty() {
        TokenStream::new()
    } else {
        quote! {
            let mut checked = ::oagen_runtime::Report::new();
            {
                let report = &mut checked;
                #(#checks)*
            }
            checked.finish()?;
        }
    };
    let too_many = (args.len() > 6).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let mutable = if additions.is_empty() {
        quote!()
    } else {
        quote!(mut)
    };
    quote! {
        #doc
        #too_many
        pub async fn #method_name(&self, #(#args),*) -> ::std::result::Result<::oagen_runtime::Response<#success_ty>, ::oagen_runtime::Error<#error_type>> {
            #report
            let #mutable request = ::oagen_runtime::Request::new(::oagen_runtime::HttpMethod::#http_method, #path);
            #(#additions)*
            let response = self.transport.send(request, #security).await?;
            match response.status() {
                _ if response.is_success() => #decode,
                #(#error_arms)*
                #unexpected
            }
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
                quote!(if let ::std::option::Option::Some(value) = #value { #add })
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
        quote!(::std::option::Option<#inner>)
    }
}

/// The parameter's value as text for a path segment, query pair or header.
fn parameter_text(api: &Api, ty: &TypeRef, value: TokenStream) -> TokenStream {
    match ty {
        TypeRef::String => quote!(#value),
        TypeRef::Array(item) => {
            let item_text = parameter_text(api, item, quote!(item));
            quote!(#value.iter().map(|item| ::std::string::ToString::to_string(&#item_text)).collect::<::std::vec::Vec<_>>().join(","))
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

/// The parameter's value as a `&str` expression (borrowing a temporary where it must convert).
fn parameter_str(api: &Api, ty: &TypeRef, value: TokenStream) -> TokenStream {
    let text = parameter_text(api, ty, value);
    match ty {
        TypeRef::String => text,
        TypeRef::Named(name) if matches!(api.types.get(name), Some(TypeDef::Enum(_))) => text,
        _ => quote!(&#text),
    }
}

fn parameter_check(parameter: &Parameter) -> Option<TokenStream> {
    let arg = ident(&parameter.rust_name);
    let wire = &parameter.wire_name;
    let value = match &parameter.ty {
        ty if ty.is_numeric() => quote!(&value),
        _ => quote!(value),
    };
    let checks = value_checks(&parameter.ty, &parameter.constraints, value)?;
    Some(if parameter.required {
        quote!({ let at = #wire; let value = #arg; #checks })
    } else {
        quote!(if let ::std::option::Option::Some(value) = #arg { let at = #wire; #checks })
    })
}

/// `["/users/", &path_segment("userId", user_id)?, ...].concat()`: each parameter is exactly
/// one encoded segment. (Not `format!`: prettyplease leaves macro arguments unformatted.)
fn path_expression(api: &Api, operation: &Operation) -> TokenStream {
    let mut parts = Vec::new();
    let mut rest = operation.path.as_str();
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|close| open + close) else {
            break;
        };
        let wire = &rest[open + 1..close];
        let parameter = operation
            .parameters
            .iter()
            .find(|p| p.location == ParameterLocation::Path && p.wire_name == wire);
        let literal = &rest[..open];
        if !literal.is_empty() {
            parts.push(quote!(#literal));
        }
        let Some(parameter) = parameter else {
            // Lowering makes every placeholder a parameter; keep an unknown one literally.
            let placeholder = &rest[open..=close];
            parts.push(quote!(#placeholder));
            rest = &rest[close + 1..];
            continue;
        };
        let arg = ident(&parameter.rust_name);
        let text = parameter_str(api, &parameter.ty, quote!(#arg));
        parts.push(quote!(::oagen_runtime::path_segment(#wire, #text)?.as_str()));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        parts.push(quote!(#rest));
    }
    quote!([#(#parts),*].concat())
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
    let route = format!("`{} {}`", operation.method, operation.path);
    let mut scopes: Vec<&str> = operation
        .security
        .iter()
        .flatten()
        .flat_map(|requirement| requirement.scopes.iter().map(String::as_str))
        .collect();
    scopes.dedup();
    let scopes = (!scopes.is_empty()).then(|| {
        let listed: Vec<String> = scopes.iter().map(|scope| format!("`{scope}`")).collect();
        format!("Required scopes (any one of): {}.", listed.join(", "))
    });
    let errors = (!operation.errors.is_empty()).then(|| {
        let listed: Vec<String> = operation
            .errors
            .iter()
            .map(|e| format!("{} ({})", e.status, e.variant))
            .collect();
        format!("Documented errors: {}.", listed.join(", "))
    });
    let example = operation_example(operation);
    paragraphs([
        operation.summary.as_deref(),
        operation.description.as_deref(),
        Some(route.as_str()),
        scopes.as_deref(),
        errors.as_deref(),
        Some(example.as_str()),
    ])
}

/// A short usage example; shown as text because the module path it is included under is the
/// user's choice.
fn operation_example(operation: &Operation) -> String {
    let mut args: Vec<String> = ordered_parameters(operation)
        .iter()
        .map(|parameter| {
            let name = parameter.rust_name.trim_start_matches("r#");
            match (&parameter.ty, parameter.required) {
                (TypeRef::String, true) => format!("\"{}\"", parameter.wire_name),
                (_, true) => format!("&{name}"),
                (_, false) => "None".to_owned(),
            }
        })
        .collect();
    if operation.body.is_some() {
        args.push("&body".to_owned());
    }
    let call = format!(
        "let response = client.{}({}).await?;",
        operation.fn_name.trim_start_matches("r#"),
        args.join(", ")
    );
    format!("# Examples\n\n```\nlet client = Client::builder().build()?;\n{call}\nprintln!(\"{{}}\", response.status());\n```")
}
