//! `Transport`: a built client's connection and settings, and sending one request through it.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, AUTHORIZATION};
use reqwest::Method;

use super::base_url::BaseUrl;
use super::credentials::{bearer, credential_names, Auth, Prepared, BAD_TOKEN};
use super::error::{send_error, transport_error, Error};
use super::limits::{read_body, redact_location, redact_userinfo};
use super::redirect::{follow, same_origin, Hop, Next, RedirectPolicy};
use super::request::{cookie_value, encode_body, header_violation, Request};
use super::response::RawResponse;
use super::retry::RetryPolicy;
use crate::secret::{Credential, Secret};
use crate::style::{self, Shape, Style};

/// A built client's connection and settings; generated methods send through it.
///
/// Built by [`ClientOptions::build`](super::ClientOptions::build).
#[derive(Clone)]
pub struct Transport {
    http: reqwest::Client,
    /// The base URL as configured, without trailing `/`.
    base_url: String,
    base: BaseUrl,
    timeouts: Timeouts,
    user_agent: Option<HeaderValue>,
    credentials: BTreeMap<&'static str, Prepared>,
    /// Whether any credential goes in the query string or a cookie.
    outside_headers: bool,
    /// The header names and query parameter names of the configured credentials, removed from
    /// a request redirected to another origin.
    credential_names: Vec<HeaderName>,
    query_names: Vec<&'static str>,
    redirect: RedirectPolicy,
    retry: RetryPolicy,
    max_response_bytes: usize,
    /// The fixed credentials' values (and a base URL's password), removed from what errors keep
    /// of a body.
    secrets: Arc<[Secret]>,
}

/// What `ClientOptions::build` settled on; [`Transport::new`] prepares the rest, once.
pub(super) struct Settings {
    pub(super) http: reqwest::Client,
    /// The base URL as configured, without trailing `/`, and parsed.
    pub(super) base_url: String,
    pub(super) base: BaseUrl,
    /// The password in the base URL, if any.
    pub(super) base_url_secrets: Vec<Secret>,
    pub(super) timeouts: Timeouts,
    pub(super) user_agent: Option<HeaderValue>,
    pub(super) credentials: BTreeMap<&'static str, Credential>,
    pub(super) redirect: RedirectPolicy,
    pub(super) retry: RetryPolicy,
    pub(super) max_response_bytes: usize,
}

/// How long an attempt and a connection may take.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Timeouts {
    /// The timeout of one attempt: on the client built here, or set on each request when
    /// `per_request` (an injected client given a timeout).
    pub(super) attempt: Option<Duration>,
    pub(super) per_request: bool,
    /// The connect timeout of the client built here (`None` for an injected one).
    pub(super) connect: Option<Duration>,
    /// The default timeout of an injected client not given one, kept by the transport itself
    /// (that client may have a shorter one of its own).
    pub(super) guard: Option<Duration>,
}

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Transport")
            .field("base_url", &redact_userinfo(&self.base_url))
            .field("timeout", &self.timeouts.attempt.or(self.timeouts.guard))
            .field("connect_timeout", &self.timeouts.connect)
            .field("credentials", &self.credentials)
            .field("redirect", &self.redirect)
            .field("retry", &self.retry)
            .field("max_response_bytes", &self.max_response_bytes)
            .finish_non_exhaustive()
    }
}

impl Transport {
    /// Prepares the credentials once: their header values, the names a redirect to another
    /// origin removes, and the values errors redact.
    pub(super) fn new(settings: Settings) -> Transport {
        let credentials: BTreeMap<&'static str, Prepared> = settings
            .credentials
            .into_iter()
            .map(|(scheme, credential)| (scheme, Prepared::new(credential)))
            .collect();
        let outside_headers = credentials
            .values()
            .any(|prepared| matches!(prepared.auth, Auth::Query { .. } | Auth::Cookie { .. }));
        let (credential_names, query_names) = credential_names(&credentials);
        let mut secrets: Vec<Secret> = credentials.values().flat_map(Prepared::secrets).collect();
        secrets.extend(settings.base_url_secrets);
        Transport {
            http: settings.http,
            base_url: settings.base_url,
            base: settings.base,
            timeouts: settings.timeouts,
            user_agent: settings.user_agent,
            credentials,
            outside_headers,
            credential_names,
            query_names,
            redirect: settings.redirect,
            retry: settings.retry,
            max_response_bytes: settings.max_response_bytes,
            secrets: secrets.into(),
        }
    }

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
            // One copy serves both a retry and the redirects of this attempt.
            let spare = if retrying { pending.try_clone() } else { None };
            let outcome = self.attempt(pending, spare.as_ref()).await;
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

    /// One attempt, within the timeout an injected client gets by default; `copy` is an
    /// unsent copy of `request` (kept for a retry), which redirects can be sent from too.
    async fn attempt<E>(
        &self,
        request: reqwest::Request,
        copy: Option<&reqwest::Request>,
    ) -> Result<RawResponse, Error<E>> {
        match self.timeouts.guard {
            Some(limit) => tokio::time::timeout(limit, self.exchange(request, copy))
                .await
                .unwrap_or_else(|_| Err(Error::Timeout)),
            None => self.exchange(request, copy).await,
        }
    }

    /// Sends `request`, follows the redirects the policy allows, and reads the answer's body.
    async fn exchange<E>(
        &self,
        request: reqwest::Request,
        copy: Option<&reqwest::Request>,
    ) -> Result<RawResponse, Error<E>> {
        let method = request.method().clone();
        let has_body = request.body().is_some();
        let repeatable = matches!(method, Method::GET | Method::HEAD | Method::OPTIONS);
        let followable = self.redirect != RedirectPolicy::None && repeatable && !has_body;
        // What a redirect is sent from: the caller's copy, or one made here when it may be
        // needed (a copy is a clone of the URL and every header, so none is made otherwise).
        let own_copy = match copy {
            None if followable => request.try_clone(),
            _ => None,
        };
        let first = copy.filter(|_| followable).or(own_copy.as_ref());
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
            let Some(first) = first else {
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
        // A missing credential is reported only after the header parameters are checked, so a
        // request with a bad header value fails on that first.
        let chosen = self.chosen::<E>(security);
        if self.outside_headers {
            if let Ok(Some(chosen)) = &chosen {
                for scheme in *chosen {
                    match self.credentials.get(scheme).map(|prepared| &prepared.auth) {
                        Some(Auth::Query { name, value }) => query.push(style::query_text(
                            name,
                            &Shape::Scalar(value.expose().to_owned()),
                            Style::Form,
                            true,
                            false,
                        )),
                        Some(Auth::Cookie { name, value }) => {
                            cookies.push(format!("{name}={}", cookie_value(value.expose())))
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
            let mut value = HeaderValue::try_from(cookies.join("; "))
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
        query: &[String],
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
            // The pieces are encoded already (as their styles say); they follow any query the
            // base URL has.
            let url = request.url_mut();
            let mut text = url.query().unwrap_or_default().to_owned();
            for piece in query {
                if !text.is_empty() {
                    text.push('&');
                }
                text.push_str(piece);
            }
            url.set_query(Some(&text));
        }
        if let Some(bytes) = bytes {
            *request.body_mut() = Some(bytes.into());
        }
        if self.timeouts.per_request {
            *request.timeout_mut() = self.timeouts.attempt;
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

/// What the tests of building a transport look at.
#[cfg(test)]
impl Transport {
    pub(super) fn timeouts(&self) -> Timeouts {
        self.timeouts
    }

    pub(super) fn http(&self) -> &reqwest::Client {
        &self.http
    }

    pub(super) fn base(&self) -> &BaseUrl {
        &self.base
    }

    pub(super) fn auth(&self, scheme: &str) -> &Auth {
        &self.credentials[scheme].auth
    }

    pub(super) fn redirect(&self) -> RedirectPolicy {
        self.redirect
    }

    pub(super) fn retry(&self) -> &RetryPolicy {
        &self.retry
    }

    pub(super) fn max_response_bytes(&self) -> usize {
        self.max_response_bytes
    }

    pub(super) fn secrets(&self) -> &[Secret] {
        &self.secrets
    }
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
            .base()
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
