//! `ClientOptions`: the settings a generated client is built from.

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

use reqwest::header::HeaderValue;
use reqwest::Url;

use super::base_url::{url_credentials, BaseUrl};
use super::limits::{redact_userinfo, DEFAULT_MAX_RESPONSE_BYTES};
use super::redirect::RedirectPolicy;
use super::retry::RetryPolicy;
use super::transport::{Settings, Timeouts, Transport};
use crate::secret::Credential;

/// Settings common to every generated client; each generated `ClientBuilder` wraps one.
///
/// The defaults guard against a slow or hostile server: a connect timeout of 10 s and a timeout
/// of 60 s per attempt ([`ClientOptions::DEFAULT_CONNECT_TIMEOUT`],
/// [`ClientOptions::DEFAULT_TIMEOUT`]), response bodies of at most 8 MiB
/// ([`DEFAULT_MAX_RESPONSE_BYTES`](crate::DEFAULT_MAX_RESPONSE_BYTES)), redirects followed only
/// within the base URL's origin ([`RedirectPolicy`]), and idempotent requests retried on
/// connection failures, 429 and 503 ([`RetryPolicy`]).
#[derive(Clone, Default)]
pub struct ClientOptions {
    base_url: Option<String>,
    timeout: Timeout,
    connect_timeout: Option<Duration>,
    user_agent: Option<String>,
    http: Option<reqwest::Client>,
    credentials: BTreeMap<&'static str, Credential>,
    max_response_bytes: Option<usize>,
    redirect: RedirectPolicy,
    retry: RetryPolicy,
}

/// The timeout of one attempt as configured.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Timeout {
    /// [`ClientOptions::DEFAULT_TIMEOUT`].
    #[default]
    Default,
    Set(Duration),
    Off,
}

impl fmt::Debug for ClientOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientOptions")
            .field("base_url", &self.base_url.as_deref().map(redact_userinfo))
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("user_agent", &self.user_agent)
            .field("custom_http_client", &self.http.is_some())
            .field("credentials", &self.credentials)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("redirect", &self.redirect)
            .field("retry", &self.retry)
            .finish()
    }
}

impl ClientOptions {
    /// The timeout of one attempt unless [`ClientOptions::timeout`] or
    /// [`ClientOptions::no_timeout`] says otherwise: 60 s.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

    /// The connect timeout of a client built here unless [`ClientOptions::connect_timeout`]
    /// says otherwise: 10 s.
    pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

    /// Sets the base URL (default: the spec's first server).
    ///
    /// User info in it (`https://user:password@host`) is sent as basic credentials, and shown
    /// as `***` by `Debug` and in errors.
    pub fn base_url(&mut self, url: impl Into<String>) {
        self.base_url = Some(url.into());
    }

    /// Sets the timeout of each attempt, from sending the request until the whole answer has
    /// been read (default [`ClientOptions::DEFAULT_TIMEOUT`], 60 s); an attempt that takes
    /// longer fails with [`Error::Timeout`].
    ///
    /// It applies to an injected client (see [`ClientOptions::http_client`]) too: it is set on
    /// each request, overriding that client's own timeout. Without it, an injected client keeps
    /// its own timeout, and the default still bounds each attempt.
    ///
    /// [`Error::Timeout`]: super::Error::Timeout
    pub fn timeout(&mut self, timeout: Duration) {
        self.timeout = Timeout::Set(timeout);
    }

    /// Lets an attempt take as long as it takes (no timeout but the connect timeout, and an
    /// injected client's own).
    pub fn no_timeout(&mut self) {
        self.timeout = Timeout::Off;
    }

    /// Sets how long connecting may take (default
    /// [`ClientOptions::DEFAULT_CONNECT_TIMEOUT`], 10 s). An injected client keeps its own.
    pub fn connect_timeout(&mut self, timeout: Duration) {
        self.connect_timeout = Some(timeout);
    }

    /// Sets the largest response body read (default
    /// [`DEFAULT_MAX_RESPONSE_BYTES`](crate::DEFAULT_MAX_RESPONSE_BYTES), 8 MiB); a larger
    /// one fails with [`Error::ResponseTooLarge`] without being read past the limit.
    ///
    /// [`Error::ResponseTooLarge`]: super::Error::ResponseTooLarge
    pub fn max_response_bytes(&mut self, limit: usize) {
        self.max_response_bytes = Some(limit);
    }

    /// Sets which redirects are followed (default [`RedirectPolicy::SameOrigin`]).
    ///
    /// An injected client follows redirects by its own policy before this one sees them
    /// (reqwest's default follows up to 10 to any host, removing only `Authorization` and
    /// `Cookie`): build it with `redirect(reqwest::redirect::Policy::none())` so that this
    /// policy applies. If it does follow one to another origin anyway, the call fails with
    /// [`Error::Redirect`] instead of returning the other server's answer.
    ///
    /// [`Error::Redirect`]: super::Error::Redirect
    pub fn redirect(&mut self, policy: RedirectPolicy) {
        self.redirect = policy;
    }

    /// Sets when requests are sent again (default [`RetryPolicy::default`]).
    pub fn retry(&mut self, policy: RetryPolicy) {
        self.retry = policy;
    }

    /// Sets the `User-Agent` header.
    pub fn user_agent(&mut self, user_agent: impl Into<String>) {
        self.user_agent = Some(user_agent.into());
    }

    /// Uses this `reqwest::Client` (connection pool, proxy, TLS settings) instead of a new one.
    /// It keeps its own connect timeout and redirect policy (see [`ClientOptions::redirect`]).
    pub fn http_client(&mut self, client: reqwest::Client) {
        self.http = Some(client);
    }

    /// Satisfies the security scheme `scheme` with `credential`.
    pub fn credential(&mut self, scheme: &'static str, credential: Credential) {
        self.credentials.insert(scheme, credential);
    }

    /// Builds the transport; `default_base_url` is the spec's server.
    ///
    /// Everything that does not change between requests is prepared here, once: the parsed base
    /// URL and the header values of fixed credentials (API keys, basic credentials, a fixed
    /// bearer token). A [`TokenProvider`] that can refresh its token is still asked per request.
    ///
    /// [`TokenProvider`]: crate::TokenProvider
    pub fn build(self, default_base_url: &str) -> Result<Transport, BuildError> {
        let injected = self.http.is_some();
        let timeout = match self.timeout {
            Timeout::Default => Some(ClientOptions::DEFAULT_TIMEOUT),
            Timeout::Set(timeout) => Some(timeout),
            Timeout::Off => None,
        };
        let connect_timeout = (!injected).then(|| {
            self.connect_timeout
                .unwrap_or(ClientOptions::DEFAULT_CONNECT_TIMEOUT)
        });
        let http = match self.http {
            Some(http) => http,
            None => own_client(connect_timeout, timeout)?,
        };
        let base_url = self
            .base_url
            .as_deref()
            .unwrap_or(default_base_url)
            .trim_end_matches('/')
            .to_owned();
        let parsed = Url::parse(&base_url).map_err(|error| {
            BuildError(format!(
                "base URL `{}`: {error}",
                redact_userinfo(&base_url)
            ))
        })?;
        let userinfo = url_credentials(&parsed);
        let base = BaseUrl::new(parsed, &base_url);
        let user_agent = match self.user_agent {
            Some(agent) => Some(
                HeaderValue::try_from(agent)
                    .map_err(|error| BuildError(format!("user agent: {error}")))?,
            ),
            None => None,
        };
        // A client built here carries the timeout itself; an injected one gets a configured
        // timeout per request, and the default as a bound the transport keeps.
        let configured = matches!(self.timeout, Timeout::Set(_));
        let timeouts = Timeouts {
            attempt: timeout,
            per_request: injected && configured,
            connect: connect_timeout,
            guard: (injected && self.timeout == Timeout::Default)
                .then_some(ClientOptions::DEFAULT_TIMEOUT),
        };
        Ok(Transport::new(Settings {
            http,
            base_url,
            base,
            base_url_secrets: userinfo,
            timeouts,
            user_agent,
            credentials: self.credentials,
            redirect: self.redirect,
            retry: self.retry,
            max_response_bytes: self
                .max_response_bytes
                .unwrap_or(DEFAULT_MAX_RESPONSE_BYTES),
        }))
    }
}

/// A reqwest client that follows no redirects (the transport does, knowing the credentials),
/// with the connect timeout and the timeout of an attempt.
fn own_client(
    connect_timeout: Option<Duration>,
    timeout: Option<Duration>,
) -> Result<reqwest::Client, BuildError> {
    let mut builder = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none());
    if let Some(timeout) = connect_timeout {
        builder = builder.connect_timeout(timeout);
    }
    if let Some(timeout) = timeout {
        builder = builder.timeout(timeout);
    }
    builder
        .build()
        .map_err(|error| BuildError(format!("HTTP client: {error}")))
}

/// The client could not be built.
#[derive(Debug, Clone, thiserror::Error)]
#[error("cannot build the client: {0}")]
pub struct BuildError(String);

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::ClientOptions;
    use crate::client::{RedirectPolicy, RetryPolicy, Transport};

    fn built(base: &str) -> Transport {
        ClientOptions::default()
            .build(base)
            .expect("a valid base URL")
    }

    #[test]
    fn timeouts_limits_and_policies_are_on_by_default() {
        let own = built("http://127.0.0.1:9");
        assert_eq!(own.timeouts().attempt, Some(ClientOptions::DEFAULT_TIMEOUT));
        assert_eq!(own.timeouts().guard, None);
        assert_eq!(own.max_response_bytes(), crate::DEFAULT_MAX_RESPONSE_BYTES);
        assert_eq!(own.redirect(), RedirectPolicy::SameOrigin);
        assert_eq!(own.retry(), &RetryPolicy::default());
        // reqwest shows what its client was built with.
        let http = format!("{:?}", own.http());
        assert!(http.contains("TotalTimeout: 60s"), "{http}");
        assert!(http.contains("Policy(None)"), "{http}");
        assert_eq!(
            own.timeouts().connect,
            Some(ClientOptions::DEFAULT_CONNECT_TIMEOUT)
        );

        let mut injected = ClientOptions::default();
        injected.http_client(reqwest::Client::new());
        let injected = injected.build("http://127.0.0.1:9").expect("transport");
        assert_eq!(
            injected.timeouts().guard,
            Some(ClientOptions::DEFAULT_TIMEOUT)
        );
        assert_eq!(injected.timeouts().connect, None);
        assert!(!injected.timeouts().per_request);

        let mut off = ClientOptions::default();
        off.no_timeout();
        off.connect_timeout(Duration::from_millis(1500));
        off.max_response_bytes(10);
        let off = off.build("http://127.0.0.1:9").expect("transport");
        assert_eq!(
            (
                off.timeouts().attempt,
                off.timeouts().guard,
                off.max_response_bytes()
            ),
            (None, None, 10)
        );
        let http = format!("{:?}", off.http());
        assert!(!http.contains("Timeout"), "{http}");
        assert_eq!(off.timeouts().connect, Some(Duration::from_millis(1500)));
        let mut injected_off = ClientOptions::default();
        injected_off.no_timeout();
        injected_off.http_client(reqwest::Client::new());
        let injected_off = injected_off.build("http://127.0.0.1:9").expect("transport");
        assert_eq!(injected_off.timeouts().guard, None);
    }

    #[test]
    fn passwords_in_base_urls_are_redacted() {
        let mut options = ClientOptions::default();
        options.base_url("https://user:pa55word@example.com/v1");
        let debug = format!("{options:?}");
        assert!(
            !debug.contains("pa55word") && debug.contains("***@example.com"),
            "{debug}"
        );
        let transport = options.build("http://127.0.0.1:9").expect("transport");
        let debug = format!("{transport:?}");
        assert!(
            !debug.contains("pa55word") && debug.contains("***@example.com"),
            "{debug}"
        );
        assert_eq!(transport.secrets().len(), 2);
        assert_eq!(transport.secrets()[0].expose(), "pa55word");
        assert_eq!(
            crate::client::base_url::percent_decoded("p%40ss%2%zz%41"),
            "p@ss%2%zzA"
        );
        let error = ClientOptions::default()
            .build("http://user:pa55word@[::1/v1")
            .expect_err("an invalid host");
        let message = error.to_string();
        assert!(
            !message.contains("pa55word") && message.contains("***@[::1"),
            "{message}"
        );
    }

    #[test]
    fn the_timeout_is_set_per_request_only_on_an_injected_client() {
        let mut own = ClientOptions::default();
        own.timeout(Duration::from_secs(3));
        let own = own.build("http://127.0.0.1:9").expect("transport");
        assert!(!own.timeouts().per_request);
        let mut injected = ClientOptions::default();
        injected.timeout(Duration::from_secs(3));
        injected.http_client(reqwest::Client::new());
        let injected = injected.build("http://127.0.0.1:9").expect("transport");
        assert!(injected.timeouts().per_request);
        assert_eq!(injected.timeouts().attempt, Some(Duration::from_secs(3)));
        let mut neither = ClientOptions::default();
        neither.http_client(reqwest::Client::new());
        assert!(
            !neither
                .build("http://127.0.0.1:9")
                .expect("transport")
                .timeouts()
                .per_request
        );
    }
}
