//! `Transport`: a built client's connection and settings, and sending one request through it.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderValue, AUTHORIZATION, CONTENT_TYPE};

use super::credentials::{bearer, Auth, Prepared, BAD_TOKEN};
use super::options::BaseUrl;
use super::request::{Body, Part, Request};
use super::response::{Error, RawResponse};
use crate::validate::ValidationError;

/// A built client's connection and settings; generated methods send through it.
#[derive(Clone)]
pub struct Transport {
    pub(super) http: reqwest::Client,
    /// The base URL as configured, without trailing `/`.
    pub(super) base_url: String,
    pub(super) base: BaseUrl,
    /// The configured timeout: on the client built here, or set on each request when
    /// `timeout_per_request` (an injected client).
    pub(super) timeout: Option<Duration>,
    pub(super) timeout_per_request: bool,
    pub(super) user_agent: Option<HeaderValue>,
    pub(super) credentials: BTreeMap<&'static str, Prepared>,
    /// Whether any credential goes in the query string or a cookie.
    pub(super) outside_headers: bool,
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
        let (bytes, multipart) = match body {
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
                let form = parts.into_iter().fold(
                    reqwest::multipart::Form::new(),
                    |form, (name, part)| match part {
                        Part::Text(text) => form.text(name, text),
                        Part::Bytes(bytes) => {
                            form.part(name, reqwest::multipart::Part::bytes(bytes).file_name(name))
                        }
                    },
                );
                (None, Some(form))
            }
            None => (None, None),
        };

        let mut request = match self.base.join(&path) {
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
                for (name, value) in &query {
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

        let mut response = self.http.execute(request).await.map_err(transport_error)?;
        let status = response.status();
        let headers = std::mem::take(response.headers_mut());
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

fn transport_error<E>(error: reqwest::Error) -> Error<E> {
    if error.is_timeout() {
        Error::Timeout
    } else {
        // Without the URL: it is known to the caller and may carry query parameters.
        Error::Transport(error.without_url())
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
