//! `ClientOptions`: the settings a generated client is built from, and the base URL they give.

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

use reqwest::header::HeaderValue;
use reqwest::Url;

use super::credentials::{Auth, Prepared};
use super::transport::Transport;
use crate::secret::Credential;

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

    /// Sets a timeout for each request, from sending it until the whole answer has been read;
    /// a request that takes longer fails with [`Error::Timeout`].
    ///
    /// It applies to an injected client (see [`ClientOptions::http_client`]) too: it is set on
    /// each request, overriding that client's own timeout. Without it, a client built here has
    /// no timeout and an injected client keeps the one it was built with.
    ///
    /// [`Error::Timeout`]: super::Error::Timeout
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
    ///
    /// Everything that does not change between requests is prepared here, once: the parsed base
    /// URL and the header values of fixed credentials (API keys, basic credentials, a fixed
    /// bearer token). A [`TokenProvider`] that can refresh its token is still asked per request.
    ///
    /// [`TokenProvider`]: crate::TokenProvider
    pub fn build(self, default_base_url: &str) -> Result<Transport, BuildError> {
        // A client built here carries the timeout itself; an injected one gets it per request.
        let timeout_per_request = self.http.is_some() && self.timeout.is_some();
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
        let parsed = Url::parse(&base_url)
            .map_err(|error| BuildError(format!("base URL `{base_url}`: {error}")))?;
        let base = BaseUrl::new(parsed, &base_url);
        let user_agent = match self.user_agent {
            Some(agent) => Some(
                HeaderValue::try_from(agent)
                    .map_err(|error| BuildError(format!("user agent: {error}")))?,
            ),
            None => None,
        };
        let credentials: BTreeMap<&'static str, Prepared> = self
            .credentials
            .into_iter()
            .map(|(scheme, credential)| (scheme, Prepared::new(credential)))
            .collect();
        let outside_headers = credentials
            .values()
            .any(|prepared| matches!(prepared.auth, Auth::Query { .. } | Auth::Cookie { .. }));
        Ok(Transport {
            http,
            base_url,
            base,
            timeout: self.timeout,
            timeout_per_request,
            user_agent,
            credentials,
            outside_headers,
        })
    }
}

/// The base URL, parsed once. When a request's URL can be had by replacing the path of the parsed
/// base (the usual case), it is built that way; otherwise the base string and the path are joined
/// and parsed, as reqwest would parse them, so the resulting URL is the same either way.
#[derive(Clone)]
pub(super) struct BaseUrl {
    /// The parsed base, when requests can be addressed by setting its path.
    url: Option<Url>,
    /// The parsed base's path without its trailing `/` (empty for a base without a path).
    path: String,
}

impl BaseUrl {
    fn new(url: Url, text: &str) -> BaseUrl {
        let path = url.path();
        let path = path.strip_suffix('/').unwrap_or(path).to_owned();
        let mut base = BaseUrl { url: None, path };
        // Setting the path gives the URL that parsing `base + path` gives unless the base has a
        // query or fragment (the path would land in it), user info (reqwest turns it into an
        // `Authorization` header when it parses a URL) or is not a plain `http(s)://host` URL.
        let settable = matches!(url.scheme(), "http" | "https")
            && url.has_host()
            && !url.cannot_be_a_base()
            && url.username().is_empty()
            && url.password().is_none()
            && url.query().is_none()
            && url.fragment().is_none();
        if settable {
            base.url = Some(url);
            // A last check on a probe path: equal unless the base text has something parsing
            // alone treats differently, such as trailing spaces.
            let probe = "/p%2F.q";
            let joined = Url::parse(&format!("{text}{probe}")).ok();
            if base.join(probe).as_ref() != joined.as_ref() {
                base.url = None;
            }
        }
        base
    }

    /// The URL for `path`, if it can be had from the parsed base; `None` means: parse
    /// `base + path` as a whole. Parsing trims spaces and control characters at the end and
    /// starts a query or fragment at `?` or `#`, which setting the path would encode instead.
    pub(super) fn join(&self, path: &str) -> Option<Url> {
        let base = self.url.as_ref()?;
        let plain = path.starts_with('/')
            && path.as_bytes().last().is_some_and(|&last| last > b' ')
            && !path.bytes().any(|byte| byte == b'?' || byte == b'#');
        if !plain {
            return None;
        }
        let mut url = base.clone();
        if self.path.is_empty() {
            url.set_path(path);
        } else {
            url.set_path(&[self.path.as_str(), path].concat());
        }
        Some(url)
    }
}

/// The client could not be built.
#[derive(Debug, Clone, thiserror::Error)]
#[error("cannot build the client: {0}")]
pub struct BuildError(String);

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use reqwest::Url;

    use super::ClientOptions;
    use crate::client::Transport;

    /// What `send` did before the base URL was parsed once: join the strings, let reqwest parse.
    fn joined(base: &str, path: &str) -> Option<Url> {
        Url::parse(&format!("{}{}", base.trim_end_matches('/'), path)).ok()
    }

    fn built(base: &str) -> Transport {
        ClientOptions::default()
            .build(base)
            .expect("a valid base URL")
    }

    #[test]
    fn urls_are_those_of_joining_and_parsing() {
        let bases = [
            "https://www.worksapis.com/v1.0",
            "https://www.worksapis.com/v1.0/",
            "https://open.rocket.chat",
            "https://open.rocket.chat/",
            "http://127.0.0.1:8080",
            "http://127.0.0.1:80/api//",
            "http://[::1]:9/a%20b/c",
            "http://example.com/a b",
            "http://EXAMPLE.com/v1/./",
            "http://example.com/v1/x/..",
            "http://example.com/v1/%2e",
            "http://example.com/v1%",
            "http://example.com/v1 ",
            "http://example.com/v1\t",
            "http://user:pw@example.com/v1",
            "http://example.com/v1?key=1",
            "http://example.com/v1#top",
            "mailto:someone@example.com",
            "ftp://example.com/v1",
            "file:///c:/v1",
        ];
        let paths = [
            "/users/externalKey%3AABC%2F01/user-profile-statuses",
            "/api/v1/custom-user-status.update",
            "/",
            "/users/%EA%B9%80/x",
            "/a b/{c}/\"d\"",
            "/a\\b",
            "/a/../b/./c",
            "/a/%2e%2e/b",
            "/x?y=1",
            "/x#y",
            "/trailing ",
            "relative",
            "",
        ];
        let mut quick = 0;
        for base in bases {
            let Ok(transport) = ClientOptions::default().build(base) else {
                continue;
            };
            for path in paths {
                if let Some(fast) = transport.base.join(path) {
                    assert_eq!(
                        Some(&fast),
                        joined(base, path).as_ref(),
                        "base {base:?}, path {path:?}"
                    );
                    quick += 1;
                }
            }
        }
        // 13 bases (of the 20) times 8 paths (of the 13).
        assert_eq!(quick, 104);
        // The usual bases take the quick way for generated paths.
        for (base, path, url) in [
            (
                "https://www.worksapis.com/v1.0/",
                "/users/a%40b/user-profile-statuses",
                "https://www.worksapis.com/v1.0/users/a%40b/user-profile-statuses",
            ),
            (
                "http://127.0.0.1:3000",
                "/api/v1/custom-user-status.update",
                "http://127.0.0.1:3000/api/v1/custom-user-status.update",
            ),
        ] {
            let transport = built(base);
            assert_eq!(transport.base.join(path).expect("quick").as_str(), url);
        }
        // Bases and paths whose joined text parses differently are parsed as a whole.
        assert!(built("http://user:pw@example.com/v1")
            .base
            .join("/x")
            .is_none());
        assert!(built("http://example.com/v1?key=1")
            .base
            .join("/x")
            .is_none());
        assert!(built("http://example.com/v1 ").base.join("/x").is_none());
        assert!(built("http://example.com").base.join("/x?y").is_none());
        assert!(built("http://example.com").base.join("/x ").is_none());
    }

    #[test]
    fn base_url_is_kept_as_configured_without_trailing_slashes() {
        assert_eq!(
            built("http://127.0.0.1:9/v1.0//").base_url(),
            "http://127.0.0.1:9/v1.0"
        );
        assert!(ClientOptions::default().build("not a url").is_err());
    }

    #[test]
    fn the_timeout_is_set_per_request_only_on_an_injected_client() {
        let mut own = ClientOptions::default();
        own.timeout(Duration::from_secs(3));
        let own = own.build("http://127.0.0.1:9").expect("transport");
        assert!(!own.timeout_per_request);
        let mut injected = ClientOptions::default();
        injected.timeout(Duration::from_secs(3));
        injected.http_client(reqwest::Client::new());
        let injected = injected.build("http://127.0.0.1:9").expect("transport");
        assert!(injected.timeout_per_request);
        assert_eq!(injected.timeout, Some(Duration::from_secs(3)));
        let mut neither = ClientOptions::default();
        neither.http_client(reqwest::Client::new());
        assert!(
            !neither
                .build("http://127.0.0.1:9")
                .expect("transport")
                .timeout_per_request
        );
    }
}
