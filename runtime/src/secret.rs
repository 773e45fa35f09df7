//! Credentials: values that never appear in `Debug` or `Display` output.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// A secret string (access token, API key). `Debug` prints `Secret(***)`; only
/// [`Secret::expose`] gives the value, at the one place it is put into a header.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Arc<str>);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(Arc::from(value.into()))
    }

    /// The value itself.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret::new(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret::new(value)
    }
}

/// Any error a token provider reports.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// The future a [`TokenProvider`] returns.
pub type TokenFuture<'a> = Pin<Box<dyn Future<Output = Result<Secret, BoxError>> + Send + 'a>>;

/// Supplies an OAuth 2.0 bearer access token for each request, so a long-lived client can
/// refresh tokens (LINE WORKS access tokens expire) without being rebuilt.
///
/// Implemented for [`Secret`] (a fixed token) and for closures returning a future.
pub trait TokenProvider: Send + Sync + 'static {
    /// The token to send with the next request.
    fn access_token(&self) -> TokenFuture<'_>;

    /// The token, if it never changes (as for a [`Secret`]): the client then builds its
    /// `Authorization` header once instead of asking [`TokenProvider::access_token`] before
    /// every request. The default, `None`, means the provider is asked per request.
    fn fixed_token(&self) -> Option<&Secret> {
        None
    }
}

impl TokenProvider for Secret {
    fn access_token(&self) -> TokenFuture<'_> {
        let token = self.clone();
        Box::pin(async move { Ok(token) })
    }

    fn fixed_token(&self) -> Option<&Secret> {
        Some(self)
    }
}

impl<F, Fut> TokenProvider for F
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<Secret, BoxError>> + Send + 'static,
{
    fn access_token(&self) -> TokenFuture<'_> {
        Box::pin(self())
    }
}

/// How one security scheme is satisfied.
#[derive(Clone)]
pub enum Credential {
    /// `Authorization: Bearer <token>`, asked of the provider per request.
    Bearer(Arc<dyn TokenProvider>),
    /// A fixed header, e.g. `X-Auth-Token`.
    Header {
        /// The header name.
        name: &'static str,
        /// Its value.
        value: Secret,
    },
    /// An API key in the query string.
    Query {
        /// The parameter name.
        name: &'static str,
        /// Its value.
        value: Secret,
    },
    /// An API key in a cookie.
    Cookie {
        /// The cookie name.
        name: &'static str,
        /// Its value.
        value: Secret,
    },
    /// HTTP basic authentication.
    Basic {
        /// The user name.
        username: Secret,
        /// The password.
        password: Secret,
    },
}

/// Standard base64 with padding, for `Authorization: Basic`.
pub(crate) fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> shift) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credential::Bearer(_) => f.write_str("Bearer(***)"),
            Credential::Header { name, .. } => write!(f, "Header({name}: ***)"),
            Credential::Query { name, .. } => write!(f, "Query({name}=***)"),
            Credential::Cookie { name, .. } => write!(f, "Cookie({name}=***)"),
            Credential::Basic { .. } => f.write_str("Basic(***)"),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_matches_rfc_4648_vectors() {
        for (input, expected) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("user:pass", "dXNlcjpwYXNz"),
        ] {
            assert_eq!(super::base64(input.as_bytes()), expected);
        }
    }
}
