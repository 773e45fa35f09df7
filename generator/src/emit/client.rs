//! The client: a builder for credentials and options, the operations' methods (`operation`),
//! and one documented-error enum per set of documented errors.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc_attrs, inline_code, paragraphs};
use super::operation::emit_operation;
use super::{ident, type_tokens};
use crate::ir::{
    Api, ApiKeyLocation, BodyKind, ErrorType, SecurityScheme, SecuritySchemeDef, StatusMatch,
};
use crate::text::one_line;

/// Emits `Client`, `ClientBuilder` and every operation's method and error enum.
pub fn emit_client(api: &Api) -> TokenStream {
    let client_doc = doc_attrs(Some(&format!(
        "A client for {} ({}).",
        one_line(&api.title),
        one_line(&api.version)
    )));
    let default_base_url = default_base_url(api);
    let credential_setters = api
        .security_schemes
        .iter()
        .map(|(scheme_name, def)| credential_setters(scheme_name, def));
    let methods = api
        .operations
        .iter()
        .map(|operation| emit_operation(api, operation));
    let error_enums = api.error_types.iter().map(emit_error_enum);
    let options = builder_options();
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
            #options

            #(#credential_setters)*

            /// Builds the client.
            pub fn build(self) -> Result<Client, ::oagen_runtime::BuildError> {
                Ok(Client {
                    transport: self.options.build(Client::DEFAULT_BASE_URL)?,
                })
            }
        }

        impl Client {
            #default_base_url

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

/// The operations' methods in an `impl Client` of their own (if there are any), and the error
/// enums: a module's share of the client (`Client` itself stays at the root).
pub fn emit_operations(api: &Api) -> TokenStream {
    let methods = api
        .operations
        .iter()
        .map(|operation| emit_operation(api, operation));
    let methods = (!api.operations.is_empty()).then(|| {
        quote! {
            impl Client {
                #(#methods)*
            }
        }
    });
    let error_enums = api.error_types.iter().map(emit_error_enum);
    quote! {
        #methods
        #(#error_enums)*
    }
}

/// `Client::DEFAULT_BASE_URL`: the first server with its variables at their defaults.
fn default_base_url(api: &Api) -> TokenStream {
    let url = api
        .servers
        .first()
        .map_or("", |server| server.default_url.as_str());
    let base_doc = doc_attrs(Some(&match api.servers.first() {
        Some(server) if !server.variables.is_empty() => format!(
            "The spec's server {} with its variables at their defaults; set your own with [`ClientBuilder::base_url`].",
            inline_code(&server.url)
        ),
        _ => "The spec's server.".to_owned(),
    }));
    quote! {
        #base_doc
        pub const DEFAULT_BASE_URL: &'static str = #url;
    }
}

/// The builder's methods for options every client has (base URL, timeouts, limits, policies,
/// user agent, an injected `reqwest::Client`).
fn builder_options() -> TokenStream {
    quote! {
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
