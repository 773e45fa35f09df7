//! `Transport`: a built client's connection and settings, and sending one request through it.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, AUTHORIZATION, CONTENT_TYPE};
use reqwest::{Method, Url};

use super::base_url::BaseUrl;
use super::credentials::{bearer, Auth, Prepared, BAD_TOKEN};
use super::error::Error;
use super::limits::{read_body, redact_location, redact_userinfo};
use super::redirect::{follow, same_origin, Hop, Next, RedirectPolicy};
use super::request::{Body, Part, Request};
use super::response::RawResponse;
use super::retry::RetryPolicy;
use crate::secret::Secret;
use crate::validate::ValidationError;

/// A built client's connection and settings; generated methods send through it.
#[derive(Clone)]
pub struct Transport {
    pub(super) http: reqwest::Client,
    /// The base URL as configured, without trailing `/`.
    pub(super) base_url: String,
    pub(super) base: BaseUrl,
    /// The timeout of one attempt: on the client built here, or set on each request when
    /// `timeout_per_request` (an injected client given a timeout).
    pub(super) timeout: Option<Duration>,
    pub(super) timeout_per_request: bool,
    /// The connect timeout of the client built here (`None` for an injected one).
    pub(super) connect_timeout: Option<Duration>,
    /// The default timeout of an injected client not given one, kept by the transport itself
    /// (that client may have a shorter one of its own).
    pub(super) guard: Option<Duration>,
    pub(super) user_agent: Option<HeaderValue>,
    pub(super) credentials: BTreeMap<&'static str, Prepared>,
    /// Whether any credential goes in the query string or a cookie.
    pub(super) outside_headers: bool,
    /// The header names and query parameter names of the configured credentials, removed from
    /// a request redirected to another origin.
    pub(super) credential_names: Vec<HeaderName>,
    pub(super) query_names: Vec<&'static str>,
    pub(super) redirect: RedirectPolicy,
    pub(super) retry: RetryPolicy,
    pub(super) max_response_bytes: usize,
    /// The fixed credentials' values (and a base URL's password), removed from what errors keep
    /// of a body.
    pub(super) secrets: Arc<[Secret]>,
}

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Transport")
            .field("base_url", &redact_userinfo(&self.base_url))
            .field("timeout", &self.timeout.or(self.guard))
            .field("connect_timeout", &self.connect_timeout)
            .field("credentials", &self.credentials)
            .field("redirect", &self.redirect)
            .field("retry", &self.retry)
            .field("max_response_bytes", &self.max_response_bytes)
            .finish_non_exhaustive()
    }
}

impl Transport {
    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// This transport with another retry policy (for `Client::with_retry`).
    pub fn with_retry(&self, policy: RetryPolicy) -> Transport {
        Transport {
            retry: policy,
            ..self.clone()
        }
    }

    /// Sends `request`, authenticated by the first of `security` (alternatives, each a list of
    /// scheme names that must all be satisfied) for which credentials were configured; sends it
    /// again as the retry policy says.
    pub async fn send<E>(
        &self,
        request: Request,
        security: &[&[&str]],
    ) -> Result<RawResponse, Error<E>> {
        let mut pending = self.prepare(request, security).await?;
        let method = pending.method().clone();
        let retrying = self.retry.may_retry(&method);
        let started = Instant::now();
        let mut attempt = 1;
        loop {
            let spare = if retrying { pending.try_clone() } else { None };
            let outcome = self.attempt(pending).await;
            let Some(spare) = spare else {
                return outcome;
            };
            match self
                .retry
                .wait(&method, &outcome, attempt, started.elapsed())
            {
                Some(wait) => {
                    tokio::time::sleep(wait).await;
                    pending = spare;
                    attempt += 1;
                }
                None => return outcome,
            }
        }
    }

    /// One attempt, within the timeout an injected client gets by default.
    async fn attempt<E>(&self, request: reqwest::Request) -> Result<RawResponse, Error<E>> {
        match self.guard {
            Some(limit) => tokio::time::timeout(limit, self.exchange(request))
                .await
                .unwrap_or_else(|_| Err(Error::Timeout)),
            None => self.exchange(request).await,
        }
    }

    /// Sends `request`, follows the redirects the policy allows, and reads the answer's body.
    async fn exchange<E>(&self, request: reqwest::Request) -> Result<RawResponse, Error<E>> {
        let method = request.method().clone();
        let has_body = request.body().is_some();
        let repeatable = matches!(method, Method::GET | Method::HEAD | Method::OPTIONS);
        let first = if self.redirect != RedirectPolicy::None && repeatable && !has_body {
            request.try_clone()
        } else {
            None
        };
        let original = request.url().clone();
        let mut current = request;
        let mut followed = 0;
        let mut response = loop {
            let url = current.url().clone();
            let response = self
                .http
                .execute(current)
                .await
                .map_err(|error| send_error(error, &url))?;
            let status = response.status().as_u16();
            if !same_origin(response.url(), &url) {
                // Only an injected client follows redirects by itself.
                return Err(Error::Redirect {
                    status,
                    location: redact_location(response.url()),
                    reason: "the injected HTTP client followed it to another origin",
                });
            }
            let hop = Hop {
                method: &method,
                has_body,
                url: &url,
                original: &original,
                followed,
            };
            let target = match self
                .redirect
                .next(&hop, response.status(), response.headers())
            {
                Next::Answer => break response,
                Next::Refuse { location, reason } => {
                    return Err(Error::Redirect {
                        status,
                        location,
                        reason,
                    })
                }
                Next::Follow(target) => target,
            };
            let Some(first) = &first else {
                return Err(Error::Redirect {
                    status,
                    location: redact_location(&target),
                    reason: "the request cannot be sent again",
                });
            };
            current = follow(first, target, &self.credential_names, &self.query_names);
            followed += 1;
        };
        let status = response.status();
        let headers = std::mem::take(response.headers_mut());
        let body = read_body(&mut response, self.max_response_bytes).await?;
        Ok(RawResponse {
            status,
            headers,
            body,
            secrets: Arc::clone(&self.secrets),
        })
    }

    /// The request as it goes on the wire: credentials, headers, body, URL.
    async fn prepare<E>(
        &self,
        request: Request,
        security: &[&[&str]],
    ) -> Result<reqwest::Request, Error<E>> {
        let Request {
            method,
            path,
            mut query,
            headers: header_params,
            mut cookies,
            body,
        } = request;
        // Reported below, after the header parameters, as it always has been.
        let chosen = self.chosen::<E>(security);
        if self.outside_headers {
            if let Ok(Some(chosen)) = &chosen {
                for scheme in *chosen {
                    match self.credentials.get(scheme).map(|prepared| &prepared.auth) {
                        Some(Auth::Query { name, value }) => {
                            query.push((name, value.expose().to_owned()))
                        }
                        Some(Auth::Cookie { name, value }) => {
                            cookies.push((name, value.expose().to_owned()))
                        }
                        _ => {}
                    }
                }
            }
        }
        let mut headers = HeaderMap::new();
        if let Some(agent) = &self.user_agent {
            headers.insert(reqwest::header::USER_AGENT, agent.clone());
        }
        for (name, value) in &header_params {
            let value = HeaderValue::try_from(value.as_str())
                .map_err(|_| Error::Validation(header_violation(name)))?;
            headers.append(*name, value);
        }
        if let Some(chosen) = chosen? {
            self.authenticate(&mut headers, chosen).await?;
        }
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
        let (bytes, multipart) = encode_body(body, &mut headers)?;
        self.assemble(method, &path, &query, headers, bytes, multipart)
    }

    /// Puts the parts of a request together.
    fn assemble<E>(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        headers: HeaderMap,
        bytes: Option<Vec<u8>>,
        multipart: Option<reqwest::multipart::Form>,
    ) -> Result<reqwest::Request, Error<E>> {
        let mut request = match self.base.join(path) {
            Some(url) => reqwest::Request::new(method, url),
            // Parsed as a whole, as reqwest parses a URL string (user info becomes a header).
            None => self
                .http
                .request(method, format!("{}{}", self.base_url, path))
                .build()
                .map_err(transport_error)?,
        };
        if !query.is_empty() {
            // What `RequestBuilder::query` does with a list of pairs.
            let url = request.url_mut();
            {
                let mut pairs = url.query_pairs_mut();
                for (name, value) in query {
                    pairs.append_pair(name, value);
                }
            }
            if url.query() == Some("") {
                url.set_query(None);
            }
        }
        if let Some(bytes) = bytes {
            *request.body_mut() = Some(bytes.into());
        }
        if self.timeout_per_request {
            *request.timeout_mut() = self.timeout;
        }
        if multipart.is_none() && request.headers().is_empty() {
            *request.headers_mut() = headers;
        } else {
            // Our headers replace any of the same name reqwest set (multipart, user info).
            let mut builder = reqwest::RequestBuilder::from_parts(self.http.clone(), request);
            if let Some(form) = multipart {
                builder = builder.multipart(form);
            }
            request = builder.headers(headers).build().map_err(transport_error)?;
        }
        Ok(request)
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

    /// The headers of the chosen credentials: fixed ones as built in [`ClientOptions::build`],
    /// bearer tokens of a refreshing provider asked for now.
    ///
    /// [`ClientOptions::build`]: super::ClientOptions::build
    async fn authenticate<E>(
        &self,
        headers: &mut HeaderMap,
        chosen: &[&str],
    ) -> Result<(), Error<E>> {
        for scheme in chosen {
            match self.credentials.get(scheme).map(|prepared| &prepared.auth) {
                Some(Auth::Header(name, value)) => {
                    headers.insert(name.clone(), value.clone());
                }
                Some(Auth::Provider(provider)) => {
                    let token = provider.access_token().await.map_err(Error::Token)?;
                    let value = bearer(&token).ok_or_else(|| Error::Token(BAD_TOKEN.into()))?;
                    headers.insert(AUTHORIZATION, value);
                }
                Some(Auth::Unsendable(message)) => {
                    return Err(Error::Token(message.as_str().into()));
                }
                Some(Auth::Query { .. } | Auth::Cookie { .. }) | None => {}
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

pub(super) fn transport_error<E>(error: reqwest::Error) -> Error<E> {
    if error.is_timeout() {
        Error::Timeout
    } else {
        // Without the URL: it is known to the caller and may carry query parameters.
        Error::Transport(error.without_url())
    }
}

/// A failure of `execute` for `url`: a URL the HTTP library cannot send (too long, for one)
/// says so, anything else is a transport error.
fn send_error<E>(error: reqwest::Error, url: &Url) -> Error<E> {
    if error.is_builder() {
        if let Err(source) = http::Uri::try_from(url.as_str()) {
            return Error::InvalidUrl {
                length: url.as_str().len(),
                source,
            };
        }
    }
    transport_error(error)
}

/// The encoded body (with its `Content-Type` put in `headers`) or the multipart form.
#[allow(clippy::type_complexity)]
fn encode_body<E>(
    body: Option<Body>,
    headers: &mut HeaderMap,
) -> Result<(Option<Vec<u8>>, Option<reqwest::multipart::Form>), Error<E>> {
    Ok(match body {
        Some(Body::Encoded {
            content_type,
            bytes,
        }) => {
            let content_type = match content_type {
                Cow::Borrowed(known) => HeaderValue::from_static(known),
                Cow::Owned(given) => HeaderValue::try_from(given)
                    .map_err(|_| Error::Validation(header_violation("Content-Type")))?,
            };
            headers.insert(CONTENT_TYPE, content_type);
            (Some(bytes), None)
        }
        Some(Body::Multipart(parts)) => {
            let form =
                parts
                    .into_iter()
                    .fold(
                        reqwest::multipart::Form::new(),
                        |form, (name, part)| match part {
                            Part::Text(text) => form.text(name, text),
                            Part::Bytes(bytes) => form
                                .part(name, reqwest::multipart::Part::bytes(bytes).file_name(name)),
                        },
                    );
            (None, Some(form))
        }
        None => (None, None),
    })
}

#[cfg(test)]
mod tests {
    use crate::client::ClientOptions;

    #[test]
    fn query_pairs_are_encoded_as_reqwest_encodes_them() {
        let pairs: Vec<(&str, String)> = vec![
            ("q", "a b&c=d/é+".to_owned()),
            ("empty", String::new()),
            ("q", "2".to_owned()),
        ];
        let mut ours = ClientOptions::default()
            .build("http://example.com/v1")
            .expect("a valid base URL")
            .base
            .join("/x")
            .expect("quick");
        {
            let mut query = ours.query_pairs_mut();
            for (name, value) in &pairs {
                query.append_pair(name, value);
            }
        }
        let theirs = reqwest::Client::new()
            .get("http://example.com/v1/x")
            .query(&pairs)
            .build()
            .expect("request");
        assert_eq!(&ours, theirs.url());
    }
}
