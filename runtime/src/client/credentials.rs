//! Configured credentials, prepared once for sending: fixed header values are built when the
//! client is built, token providers are kept to be asked per request.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use reqwest::header::{HeaderName, HeaderValue, AUTHORIZATION};

use crate::secret::{Credential, Secret, TokenProvider};

/// A configured credential, prepared for sending.
#[derive(Clone)]
pub(super) struct Prepared {
    /// As configured; shown (redacted) by `Debug`.
    credential: Credential,
    pub(super) auth: Auth,
}

impl fmt::Debug for Prepared {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.credential, f)
    }
}

/// What a credential adds to a request.
#[derive(Clone)]
pub(super) enum Auth {
    /// A header built once from a fixed credential (API key, basic, fixed bearer token); the
    /// value is marked sensitive.
    Header(HeaderName, HeaderValue),
    /// A fixed credential that cannot be sent as a header: every request that needs it fails
    /// with [`Error::Token`] and this message (which names no secret).
    ///
    /// [`Error::Token`]: super::Error::Token
    Unsendable(String),
    /// `Authorization: Bearer`, with the token asked of the provider per request.
    Provider(Arc<dyn TokenProvider>),
    /// An API key in the query string.
    Query { name: &'static str, value: Secret },
    /// An API key in a cookie.
    Cookie { name: &'static str, value: Secret },
}

impl Prepared {
    pub(super) fn new(credential: Credential) -> Prepared {
        let auth = match &credential {
            Credential::Bearer(provider) => match provider.fixed_token() {
                Some(token) => match bearer(token) {
                    Some(value) => Auth::Header(AUTHORIZATION, value),
                    None => Auth::Unsendable(BAD_TOKEN.to_owned()),
                },
                None => Auth::Provider(Arc::clone(provider)),
            },
            Credential::Header { name, value } => match HeaderName::from_bytes(name.as_bytes()) {
                Ok(header) => match sensitive(value.expose()) {
                    Some(value) => Auth::Header(header, value),
                    None => Auth::Unsendable(format!(
                        "the {name} credential is not a valid header value"
                    )),
                },
                Err(_) => Auth::Unsendable(format!("`{name}` is not a valid header name")),
            },
            Credential::Basic { username, password } => {
                let encoded = crate::secret::base64(
                    format!("{}:{}", username.expose(), password.expose()).as_bytes(),
                );
                match sensitive(&format!("Basic {encoded}")) {
                    Some(value) => Auth::Header(AUTHORIZATION, value),
                    None => Auth::Unsendable(
                        "the basic credentials are not a valid header value".to_owned(),
                    ),
                }
            }
            Credential::Query { name, value } => Auth::Query {
                name,
                value: value.clone(),
            },
            Credential::Cookie { name, value } => Auth::Cookie {
                name,
                value: value.clone(),
            },
        };
        Prepared { credential, auth }
    }

    /// The values this credential puts on the wire, where they are fixed (a token provider's
    /// tokens change, so they are not known here).
    pub(super) fn secrets(&self) -> Vec<Secret> {
        match &self.credential {
            Credential::Bearer(provider) => provider.fixed_token().cloned().into_iter().collect(),
            Credential::Header { value, .. }
            | Credential::Query { value, .. }
            | Credential::Cookie { value, .. } => vec![value.clone()],
            Credential::Basic { username, password } => {
                let encoded = crate::secret::base64(
                    format!("{}:{}", username.expose(), password.expose()).as_bytes(),
                );
                vec![username.clone(), password.clone(), Secret::new(encoded)]
            }
        }
    }
}

pub(super) const BAD_TOKEN: &str = "the access token is not a valid header value";

/// `Bearer <token>` as a sensitive header value, or `None` if it cannot be one.
pub(super) fn bearer(token: &Secret) -> Option<HeaderValue> {
    sensitive(&format!("Bearer {}", token.expose()))
}

/// A header value marked sensitive (kept out of HTTP/2 header compression tables and `Debug`).
fn sensitive(value: &str) -> Option<HeaderValue> {
    let mut value = HeaderValue::try_from(value).ok()?;
    value.set_sensitive(true);
    Some(value)
}

/// The header names and the query parameter names the credentials use.
pub(super) fn credential_names(
    credentials: &BTreeMap<&'static str, Prepared>,
) -> (Vec<HeaderName>, Vec<&'static str>) {
    let mut headers = Vec::new();
    let mut query = Vec::new();
    for prepared in credentials.values() {
        match &prepared.auth {
            Auth::Header(name, _) => headers.push(name.clone()),
            Auth::Query { name, .. } => query.push(*name),
            _ => {}
        }
    }
    (headers, query)
}

#[cfg(test)]
mod tests {
    use reqwest::header::AUTHORIZATION;

    use super::Auth;
    use crate::client::ClientOptions;
    use crate::secret::{BoxError, Credential, Secret};

    #[test]
    fn fixed_credentials_are_built_once_and_providers_kept() {
        let mut options = ClientOptions::default();
        options.credential(
            "token",
            Credential::Bearer(std::sync::Arc::new(Secret::from("t0k"))),
        );
        options.credential(
            "provider",
            Credential::Bearer(std::sync::Arc::new(|| async {
                Ok::<Secret, BoxError>(Secret::from("fresh"))
            })),
        );
        options.credential(
            "key",
            Credential::Header {
                name: "X-Auth-Token",
                value: Secret::from("k3y"),
            },
        );
        options.credential(
            "basic",
            Credential::Basic {
                username: Secret::from("user"),
                password: Secret::from("pass"),
            },
        );
        options.credential(
            "broken",
            Credential::Header {
                name: "X-Auth-Token",
                value: Secret::from("k3y\n"),
            },
        );
        let transport = options.build("http://127.0.0.1:9").expect("transport");
        let auth = |scheme: &str| transport.auth(scheme);
        match auth("token") {
            Auth::Header(name, value) => {
                assert_eq!(name, AUTHORIZATION);
                assert_eq!(value, "Bearer t0k");
                assert!(value.is_sensitive());
            }
            _ => panic!("a fixed token is built once"),
        }
        assert!(matches!(auth("provider"), Auth::Provider(_)));
        match auth("key") {
            Auth::Header(name, value) => {
                assert_eq!(name.as_str(), "x-auth-token");
                assert_eq!(value, "k3y");
                assert!(value.is_sensitive());
            }
            _ => panic!("an API key is built once"),
        }
        match auth("basic") {
            Auth::Header(name, value) => {
                assert_eq!(name, AUTHORIZATION);
                assert_eq!(value, "Basic dXNlcjpwYXNz");
                assert!(value.is_sensitive());
            }
            _ => panic!("basic credentials are built once"),
        }
        match auth("broken") {
            Auth::Unsendable(message) => assert!(!message.contains("k3y"), "{message}"),
            _ => panic!("an invalid value is reported per request"),
        }
        let debug = format!("{transport:?} {transport:#?}");
        for secret in ["t0k", "k3y", "user", "pass", "dXNlcjpwYXNz", "fresh"] {
            assert!(!debug.contains(secret), "{debug}");
        }
        assert!(debug.contains("X-Auth-Token: ***"), "{debug}");
    }
}
