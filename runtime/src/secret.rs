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
}

impl TokenProvider for Secret {
    fn access_token(&self) -> TokenFuture<'_> {
        let token = self.clone();
        Box::pin(async move { Ok(token) })
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
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credential::Bearer(_) => f.write_str("Bearer(***)"),
            Credential::Header { name, .. } => write!(f, "Header({name}: ***)"),
        }
    }
}
