//! The HTTP side shared by every generated client: options, sending, auth, and decoding.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Deref;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderValue, AUTHORIZATION, CONTENT_TYPE};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::secret::{BoxError, Credential};
use crate::validate::ValidationError;

/// Settings common to every generated client; each generated `ClientBuilder` wraps one.
#[derive(Clone, Default)]
pub struct ClientOptions {
    base_url: Option<String>,
    timeout: Option<Duration>,
    user_agent: Option<String>,
    http: Option<reqwest::Client>,
    credentials: BTreeMap<&'static str, Credential>,
}

impl fmt::Debug for ClientOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientOptions")
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("user_agent", &self.user_agent)
            .field("custom_http_client", &self.http.is_some())
            .field("credentials", &self.credentials)
            .finish()
    }
}

impl ClientOptions {
    /// Sets the base URL (default: the spec's first server).
    pub fn base_url(&mut self, url: impl Into<String>) {
        self.base_url = Some(url.into());
    }

    /// Sets a per-request timeout (applies to a client built here, not an injected one).
    pub fn timeout(&mut self, timeout: Duration) {
        self.timeout = Some(timeout);
    }

    /// Sets the `User-Agent` header.
    pub fn user_agent(&mut self, user_agent: impl Into<String>) {
        self.user_agent = Some(user_agent.into());
    }

    /// Uses this `reqwest::Client` (connection pool, proxy, TLS settings) instead of a new one.
    pub fn http_client(&mut self, client: reqwest::Client) {
        self.http = Some(client);
    }

    /// Satisfies the security scheme `scheme` with `credential`.
    pub fn credential(&mut self, scheme: &'static str, credential: Credential) {
        self.credentials.insert(scheme, credential);
    }

    /// Builds the transport; `default_base_url` is the spec's server.
    pub fn build(self, default_base_url: &str) -> Result<Transport, BuildError> {
        let http = match self.http {
            Some(http) => http,
            None => {
                let mut builder = reqwest::Client::builder();
                if let Some(timeout) = self.timeout {
                    builder = builder.timeout(timeout);
                }
                builder
                    .build()
                    .map_err(|error| BuildError(error.to_string()))?
            }
        };
        let base_url = self
            .base_url
            .as_deref()
            .unwrap_or(default_base_url)
            .trim_end_matches('/')
            .to_owned();
        reqwest::Url::parse(&base_url)
            .map_err(|error| BuildError(format!("base URL `{base_url}`: {error}")))?;
        let user_agent = match self.user_agent {
            Some(agent) => Some(
                HeaderValue::try_from(agent)
                    .map_err(|error| BuildError(format!("user agent: {error}")))?,
            ),
            None => None,
        };
        Ok(Transport {
            http,
            base_url,
            timeout: self.timeout,
            user_agent,
            credentials: self.credentials,
        })
    }
}

/// The client could not be built.
#[derive(Debug, Clone, thiserror::Error)]
#[error("cannot build the client: {0}")]
pub struct BuildError(String);

/// A built client's connection and settings; generated methods send through it.
#[derive(Clone)]
pub struct Transport {
    http: reqwest::Client,
    base_url: String,
    timeout: Option<Duration>,
    user_agent: Option<HeaderValue>,
    credentials: BTreeMap<&'static str, Credential>,
}

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Transport")
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("credentials", &self.credentials)
            .finish_non_exhaustive()
    }
}

/// One request, ready to send.
pub struct Request {
    method: Method,
    path: String,
    query: Vec<(&'static str, String)>,
    headers: Vec<(&'static str, String)>,
    cookies: Vec<(&'static str, String)>,
    body: Option<Body>,
}

/// A request body, encoded as the operation's media type says.
enum Body {
    /// Bytes with their content type (JSON, form, text or binary).
    Encoded {
        content_type: String,
        bytes: Vec<u8>,
    },
    /// `multipart/form-data` parts.
    Multipart(Vec<(&'static str, Part)>),
}

impl Body {
    fn len(&self) -> usize {
        match self {
            Body::Encoded { bytes, .. } => bytes.len(),
            Body::Multipart(parts) => parts.len(),
        }
    }
}

/// One `multipart/form-data` part.
pub enum Part {
    /// A text field.
    Text(String),
    /// A file field.
    Bytes(Vec<u8>),
}

impl fmt::Debug for Request {
    /// Shows method, path, query and header names only: header values may be secrets.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let header_names: Vec<&str> = self.headers.iter().map(|(name, _)| *name).collect();
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("headers", &header_names)
            .field(
                "cookies",
                &self
                    .cookies
                    .iter()
                    .map(|(name, _)| *name)
                    .collect::<Vec<_>>(),
            )
            .field("body_len", &self.body.as_ref().map(Body::len))
            .finish()
    }
}

impl Request {
    /// A request for `path` (already encoded, starting with `/`).
    pub fn new(method: Method, path: String) -> Self {
        Request {
            method,
            path,
            query: Vec::new(),
            headers: Vec::new(),
            cookies: Vec::new(),
            body: None,
        }
    }

    /// Adds a cookie parameter.
    pub fn cookie(&mut self, name: &'static str, value: impl ToString) {
        self.cookies.push((name, value.to_string()));
    }

    /// Sets an `application/x-www-form-urlencoded` body.
    pub fn form<T: Serialize + ?Sized, E>(&mut self, body: &T) -> Result<(), Error<E>> {
        let encoded = serde_urlencoded::to_string(body)
            .map_err(|error| Error::Serialize(error.to_string()))?;
        self.body = Some(Body::Encoded {
            content_type: "application/x-www-form-urlencoded".to_owned(),
            bytes: encoded.into_bytes(),
        });
        Ok(())
    }

    /// Sets a text or binary body with its media type.
    pub fn bytes(&mut self, content_type: &str, bytes: impl Into<Vec<u8>>) {
        self.body = Some(Body::Encoded {
            content_type: content_type.to_owned(),
            bytes: bytes.into(),
        });
    }

    /// Adds a `multipart/form-data` part.
    pub fn part(&mut self, name: &'static str, part: Part) {
        match &mut self.body {
            Some(Body::Multipart(parts)) => parts.push((name, part)),
            _ => self.body = Some(Body::Multipart(vec![(name, part)])),
        }
    }

    /// Adds a multipart text part holding any value: strings as they are, others as JSON.
    pub fn part_value<T: Serialize + ?Sized, E>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), Error<E>> {
        let text = match serde_json::to_value(value)
            .map_err(|error| Error::Serialize(error.to_string()))?
        {
            serde_json::Value::String(text) => text,
            other => other.to_string(),
        };
        self.part(name, Part::Text(text));
        Ok(())
    }

    /// Adds a query pair.
    pub fn query(&mut self, name: &'static str, value: impl ToString) {
        self.query.push((name, value.to_string()));
    }

    /// Adds a header parameter.
    pub fn header(&mut self, name: &'static str, value: impl ToString) {
        self.headers.push((name, value.to_string()));
    }

    /// Sets a JSON body.
    pub fn json<T: Serialize + ?Sized, E>(&mut self, body: &T) -> Result<(), Error<E>> {
        let bytes =
            serde_json::to_vec(body).map_err(|error| Error::Serialize(error.to_string()))?;
        self.body = Some(Body::Encoded {
            content_type: "application/json".to_owned(),
            bytes,
        });
        Ok(())
    }
}

impl Transport {
    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Sends `request`, authenticated by the first of `security` (alternatives, each a list of
    /// scheme names that must all be satisfied) for which credentials were configured.
    pub async fn send<E>(
        &self,
        request: Request,
        security: &[&[&str]],
    ) -> Result<RawResponse, Error<E>> {
        let url = format!("{}{}", self.base_url, request.path);
        let mut builder = self.http.request(request.method, url);
        let mut query = request.query;
        let mut cookies = request.cookies;
        self.authenticate_outside_headers(&mut query, &mut cookies, security);
        if !query.is_empty() {
            builder = builder.query(&query);
        }
        let mut headers = HeaderMap::new();
        if let Some(agent) = &self.user_agent {
            headers.insert(reqwest::header::USER_AGENT, agent.clone());
        }
        for (name, value) in &request.headers {
            let value = HeaderValue::try_from(value.as_str())
                .map_err(|_| Error::Validation(header_violation(name)))?;
            headers.append(*name, value);
        }
        self.authenticate(&mut headers, security).await?;
        if !cookies.is_empty() {
            let joined: Vec<String> = cookies
                .iter()
                .map(|(name, value)| format!("{name}={value}"))
                .collect();
            let mut value = HeaderValue::try_from(joined.join("; "))
                .map_err(|_| Error::Validation(header_violation("Cookie")))?;
            value.set_sensitive(true);
            headers.insert(reqwest::header::COOKIE, value);
        }
        match request.body {
            Some(Body::Encoded {
                content_type,
                bytes,
            }) => {
                let content_type = HeaderValue::try_from(content_type)
                    .map_err(|_| Error::Validation(header_violation("Content-Type")))?;
                headers.insert(CONTENT_TYPE, content_type);
                builder = builder.body(bytes);
            }
            Some(Body::Multipart(parts)) => {
                let form = parts.into_iter().fold(
                    reqwest::multipart::Form::new(),
                    |form, (name, part)| match part {
                        Part::Text(text) => form.text(name, text),
                        Part::Bytes(bytes) => {
                            form.part(name, reqwest::multipart::Part::bytes(bytes).file_name(name))
                        }
                    },
                );
                builder = builder.multipart(form);
            }
            None => {}
        }
        let response = builder
            .headers(headers)
            .send()
            .await
            .map_err(transport_error)?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(transport_error)?;
        Ok(RawResponse {
            status,
            headers,
            body,
        })
    }

    /// The first alternative whose schemes all have credentials; `Ok(None)` when the operation
    /// needs no authentication.
    fn chosen<'s, E>(
        &self,
        security: &'s [&'s [&'s str]],
    ) -> Result<Option<&'s [&'s str]>, Error<E>> {
        if security.is_empty() || security.iter().any(|alternative| alternative.is_empty()) {
            return Ok(None);
        }
        security
            .iter()
            .copied()
            .find(|alternative| {
                alternative
                    .iter()
                    .all(|scheme| self.credentials.contains_key(scheme))
            })
            .map(Some)
            .ok_or_else(|| Error::MissingCredentials {
                needed: security
                    .iter()
                    .map(|alternative| alternative.join(" + "))
                    .collect::<Vec<_>>()
                    .join(" or "),
            })
    }

    /// API keys that go in the query string or a cookie.
    fn authenticate_outside_headers(
        &self,
        query: &mut Vec<(&'static str, String)>,
        cookies: &mut Vec<(&'static str, String)>,
        security: &[&[&str]],
    ) {
        let Ok(Some(chosen)) = self.chosen::<()>(security) else {
            return;
        };
        for scheme in chosen {
            match self.credentials.get(scheme) {
                Some(Credential::Query { name, value }) => {
                    query.push((name, value.expose().to_owned()))
                }
                Some(Credential::Cookie { name, value }) => {
                    cookies.push((name, value.expose().to_owned()))
                }
                _ => {}
            }
        }
    }

    async fn authenticate<E>(
        &self,
        headers: &mut HeaderMap,
        security: &[&[&str]],
    ) -> Result<(), Error<E>> {
        let Some(chosen) = self.chosen(security)? else {
            return Ok(());
        };
        for scheme in chosen {
            match self.credentials.get(scheme) {
                Some(Credential::Bearer(provider)) => {
                    let token = provider.access_token().await.map_err(Error::Token)?;
                    let mut value = HeaderValue::try_from(format!("Bearer {}", token.expose()))
                        .map_err(|_| {
                            Error::Token("the access token is not a valid header value".into())
                        })?;
                    value.set_sensitive(true);
                    headers.insert(AUTHORIZATION, value);
                }
                Some(Credential::Header { name, value }) => {
                    let mut value = HeaderValue::try_from(value.expose()).map_err(|_| {
                        Error::Token(
                            format!("the {name} credential is not a valid header value").into(),
                        )
                    })?;
                    value.set_sensitive(true);
                    headers.insert(*name, value);
                }
                Some(Credential::Basic { username, password }) => {
                    let encoded = crate::secret::base64(
                        format!("{}:{}", username.expose(), password.expose()).as_bytes(),
                    );
                    let mut value =
                        HeaderValue::try_from(format!("Basic {encoded}")).map_err(|_| {
                            Error::Token(
                                "the basic credentials are not a valid header value".into(),
                            )
                        })?;
                    value.set_sensitive(true);
                    headers.insert(AUTHORIZATION, value);
                }
                Some(Credential::Query { .. } | Credential::Cookie { .. }) | None => {}
            }
        }
        Ok(())
    }
}

fn header_violation(name: &str) -> ValidationError {
    ValidationError {
        violations: vec![crate::validate::Violation {
            field: name.to_owned(),
            rule: "a header value must be visible ASCII".to_owned(),
            found: "a character that cannot be sent in a header".to_owned(),
        }],
    }
}

fn transport_error<E>(error: reqwest::Error) -> Error<E> {
    if error.is_timeout() {
        Error::Timeout
    } else {
        // Without the URL: it is known to the caller and may carry query parameters.
        Error::Transport(error.without_url())
    }
}

/// A response as received, before the generated code decides what it means.
#[derive(Debug)]
pub struct RawResponse {
    status: StatusCode,
    headers: HeaderMap,
    body: bytes::Bytes,
}

impl RawResponse {
    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        self.status.as_u16()
    }

    /// True for 2xx.
    pub fn is_success(&self) -> bool {
        self.status.is_success()
    }

    /// Decodes a JSON success body.
    pub fn json<T: DeserializeOwned, E>(self) -> Result<Response<T>, Error<E>> {
        match serde_json::from_slice(&self.body) {
            Ok(value) => Ok(Response {
                status: self.status.as_u16(),
                headers: self.headers,
                value,
            }),
            Err(error) => Err(self.undecodable(error)),
        }
    }

    /// A text success body.
    pub fn text<E>(self) -> Result<Response<String>, Error<E>> {
        let value = String::from_utf8_lossy(&self.body).into_owned();
        Ok(Response {
            status: self.status.as_u16(),
            headers: self.headers,
            value,
        })
    }

    /// A binary success body.
    pub fn binary<E>(self) -> Result<Response<crate::Binary>, Error<E>> {
        Ok(Response {
            status: self.status.as_u16(),
            headers: self.headers,
            value: crate::Binary(self.body.to_vec()),
        })
    }

    /// A success response without a body the spec describes.
    pub fn empty<E>(self) -> Result<Response<()>, Error<E>> {
        Ok(Response {
            status: self.status.as_u16(),
            headers: self.headers,
            value: (),
        })
    }

    /// A documented error status whose JSON body the spec declares.
    pub fn error_json<B: DeserializeOwned, E>(self, variant: impl FnOnce(B) -> E) -> Error<E> {
        match serde_json::from_slice(&self.body) {
            Ok(body) => Error::Api {
                status: self.status.as_u16(),
                headers: self.headers,
                error: variant(body),
            },
            Err(error) => self.undecodable(error),
        }
    }

    /// A documented error status without a declared body: the raw text is kept.
    pub fn error_text<E>(self, variant: impl FnOnce(String) -> E) -> Error<E> {
        let text = String::from_utf8_lossy(&self.body).into_owned();
        Error::Api {
            status: self.status.as_u16(),
            headers: self.headers,
            error: variant(text),
        }
    }

    /// A status the spec does not document for this operation.
    pub fn unexpected<E>(self) -> Error<E> {
        Error::UnexpectedStatus {
            status: self.status.as_u16(),
            body: String::from_utf8_lossy(&self.body).into_owned(),
        }
    }

    fn undecodable<E>(self, error: serde_json::Error) -> Error<E> {
        Error::Decode {
            status: self.status.as_u16(),
            body: String::from_utf8_lossy(&self.body).into_owned(),
            message: error.to_string(),
        }
    }
}

/// A decoded success body with the status and headers it came with. Derefs to the body.
#[derive(Debug, Clone)]
pub struct Response<T> {
    status: u16,
    headers: HeaderMap,
    value: T,
}

impl<T> Response<T> {
    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The decoded body.
    pub fn into_inner(self) -> T {
        self.value
    }
}

impl<T> Deref for Response<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

/// Everything that can go wrong with one call; `E` is the operation's documented error type.
#[derive(thiserror::Error)]
pub enum Error<E> {
    /// The server answered with a status the spec documents as an error.
    #[error("the server answered {status}: {error:?}")]
    Api {
        /// The status code.
        status: u16,
        /// The response headers.
        headers: HeaderMap,
        /// The documented error, with its decoded body or raw text.
        error: E,
    },
    /// The request broke the spec's constraints; nothing was sent.
    #[error(transparent)]
    Validation(#[from] ValidationError),
    /// No configured credentials satisfy the operation's security requirements; nothing was sent.
    #[error("missing credentials: the operation needs {needed}")]
    MissingCredentials {
        /// The schemes that would do.
        needed: String,
    },
    /// The token provider failed; nothing was sent.
    #[error("could not obtain credentials: {0}")]
    Token(BoxError),
    /// The request body could not be serialized.
    #[error("could not serialize the request body: {0}")]
    Serialize(String),
    /// Connecting, sending or receiving failed.
    #[error("transport error: {0}")]
    Transport(reqwest::Error),
    /// The request took longer than the configured timeout.
    #[error("the request timed out")]
    Timeout,
    /// The body did not match the documented schema; the raw body is kept.
    #[error("could not decode the {status} response body ({message}): {body}")]
    Decode {
        /// The status code.
        status: u16,
        /// The body as received.
        body: String,
        /// The decoder's message.
        message: String,
    },
    /// A status the spec does not document for this operation.
    #[error("unexpected status {status}: {body}")]
    UnexpectedStatus {
        /// The status code.
        status: u16,
        /// The body as received.
        body: String,
    },
}

impl<E: fmt::Debug> fmt::Debug for Error<E> {
    /// Like `Display` for the variants that carry no secrets anyway, but keeps the variant name.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api { status, error, .. } => f
                .debug_struct("Api")
                .field("status", status)
                .field("error", error)
                .finish_non_exhaustive(),
            Error::Validation(error) => f.debug_tuple("Validation").field(error).finish(),
            Error::MissingCredentials { needed } => f
                .debug_struct("MissingCredentials")
                .field("needed", needed)
                .finish(),
            Error::Token(error) => f.debug_tuple("Token").field(&error.to_string()).finish(),
            Error::Serialize(message) => f.debug_tuple("Serialize").field(message).finish(),
            Error::Transport(error) => f
                .debug_tuple("Transport")
                .field(&error.to_string())
                .finish(),
            Error::Timeout => f.write_str("Timeout"),
            Error::Decode {
                status,
                body,
                message,
            } => f
                .debug_struct("Decode")
                .field("status", status)
                .field("body", body)
                .field("message", message)
                .finish(),
            Error::UnexpectedStatus { status, body } => f
                .debug_struct("UnexpectedStatus")
                .field("status", status)
                .field("body", body)
                .finish(),
        }
    }
}

impl<E> Error<E> {
    /// The documented error, if the server answered with one.
    pub fn api_error(&self) -> Option<&E> {
        match self {
            Error::Api { error, .. } => Some(error),
            _ => None,
        }
    }

    /// The HTTP status, if a response arrived.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. }
            | Error::Decode { status, .. }
            | Error::UnexpectedStatus { status, .. } => Some(*status),
            _ => None,
        }
    }
}
