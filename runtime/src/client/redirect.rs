//! Redirects: which ones a client follows, and what a followed request carries.
//!
//! A client built by [`ClientOptions::build`] turns reqwest's own redirect handling off and
//! follows redirects here, one hop at a time, so that the credentials it adds (bearer tokens,
//! API-key headers, query keys, cookies, user info of the base URL) are sent only to the origin
//! (scheme, host and port) of the base URL.
//!
//! [`ClientOptions::build`]: super::ClientOptions::build

use reqwest::header::{
    HeaderMap, HeaderName, AUTHORIZATION, COOKIE, LOCATION, PROXY_AUTHORIZATION,
};
use reqwest::{Method, StatusCode, Url};

use super::limits::{kept_body, redact_location, redact_userinfo, Escaped};

/// Which redirects (301, 302, 303, 307 and 308 with a `Location`) a client follows.
///
/// Whatever the policy: only GET, HEAD and OPTIONS requests without a body are redirected (a
/// POST is never turned into a GET, a body never sent again); a redirect from `https` to `http`
/// is never followed; credentials go only to the origin of the base URL. A redirect the policy
/// does not follow fails with [`Error::Redirect`], which names the location (redacted).
///
/// [`Error::Redirect`]: super::Error::Redirect
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RedirectPolicy {
    /// Follows none: a redirect is handed to the operation's decoding like any other answer (a
    /// documented status, or [`Error::UnexpectedStatus`] whose headers hold the `Location`).
    ///
    /// [`Error::UnexpectedStatus`]: super::Error::UnexpectedStatus
    None,
    /// Follows redirects within the base URL's origin, up to 10 in a row (the default).
    #[default]
    SameOrigin,
    /// Follows redirects to any origin, up to this many in a row; requests to another origin
    /// than the base URL's carry none of the client's credentials.
    AnyOrigin(usize),
}

/// The most redirects in a row [`RedirectPolicy::SameOrigin`] follows.
const SAME_ORIGIN_HOPS: usize = 10;

/// What to do with an answer.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Next {
    /// It is the answer: not a redirect, or one the policy hands back as it is.
    Answer,
    /// Send the request again to this URL.
    Follow(Url),
    /// A redirect not followed: the (redacted) location and why.
    Refuse {
        location: String,
        reason: &'static str,
    },
}

/// One hop's facts: the request that got the answer, and where the first request went.
pub(super) struct Hop<'a> {
    pub(super) method: &'a Method,
    pub(super) has_body: bool,
    pub(super) url: &'a Url,
    pub(super) original: &'a Url,
    /// Redirects followed so far.
    pub(super) followed: usize,
}

impl RedirectPolicy {
    /// What to do with an answer of `status` with `headers` to the request `hop` describes.
    pub(super) fn next(self, hop: &Hop<'_>, status: StatusCode, headers: &HeaderMap) -> Next {
        let redirect = matches!(status.as_u16(), 301 | 302 | 303 | 307 | 308);
        let location = headers.get(LOCATION);
        let (true, Some(location)) = (redirect && self != RedirectPolicy::None, location) else {
            return Next::Answer;
        };
        let target = location
            .to_str()
            .ok()
            .and_then(|text| hop.url.join(text).ok());
        let Some(target) = target else {
            let raw = redact_userinfo(&kept_body(location.as_bytes(), &[]));
            return Next::Refuse {
                location: Escaped(&raw).to_string(),
                reason: "the Location is not a valid URL",
            };
        };
        let refuse = |reason| Next::Refuse {
            location: redact_location(&target),
            reason,
        };
        if !matches!(target.scheme(), "http" | "https") {
            return refuse("the Location is not an http or https URL");
        }
        let secure = hop.url.scheme() == "https" || hop.original.scheme() == "https";
        if secure && target.scheme() == "http" {
            return refuse("it leads from https to http");
        }
        if !matches!(*hop.method, Method::GET | Method::HEAD | Method::OPTIONS) {
            return refuse("only GET, HEAD and OPTIONS requests are redirected");
        }
        if hop.has_body {
            return refuse("a request body is never sent again");
        }
        let max = match self {
            RedirectPolicy::AnyOrigin(max) => max,
            _ if same_origin(&target, hop.original) => SAME_ORIGIN_HOPS,
            _ => return refuse("it leads to another origin"),
        };
        if hop.followed >= max {
            return refuse("too many redirects in a row");
        }
        // User info in a Location is never turned into credentials (http(s) URLs have a host,
        // so clearing it cannot fail).
        let mut target = target;
        let _ = target.set_username("");
        let _ = target.set_password(None);
        Next::Follow(target)
    }
}

/// Whether two URLs have the same origin: scheme, host and port (default ports included).
pub(super) fn same_origin(a: &Url, b: &Url) -> bool {
    a.scheme() == b.scheme()
        && a.host_str() == b.host_str()
        && a.port_or_known_default() == b.port_or_known_default()
}

/// The request to send to `target`: the first request's method and headers; to another origin,
/// without any credential (`Authorization`, `Cookie`, the API-key headers in `credential_names`,
/// any header marked sensitive) and without the query keys in `query_names`.
pub(super) fn follow(
    first: &reqwest::Request,
    mut target: Url,
    credential_names: &[HeaderName],
    query_names: &[&str],
) -> reqwest::Request {
    let trusted = same_origin(&target, first.url());
    if !trusted && !query_names.is_empty() && target.query().is_some() {
        let kept: Vec<(String, String)> = target
            .query_pairs()
            .filter(|(name, _)| !query_names.contains(&name.as_ref()))
            .map(|(name, value)| (name.into_owned(), value.into_owned()))
            .collect();
        target.set_query(None);
        if !kept.is_empty() {
            target.query_pairs_mut().extend_pairs(kept);
        }
    }
    let mut request = reqwest::Request::new(first.method().clone(), target);
    *request.timeout_mut() = first.timeout().copied();
    let headers = request.headers_mut();
    for (name, value) in first.headers() {
        let credential = value.is_sensitive()
            || name == AUTHORIZATION
            || name == COOKIE
            || name == PROXY_AUTHORIZATION
            || credential_names.contains(name);
        if trusted || !credential {
            headers.append(name.clone(), value.clone());
        }
    }
    request
}

#[cfg(test)]
mod tests {
    use reqwest::header::{HeaderMap, HeaderName, HeaderValue, AUTHORIZATION, LOCATION};
    use reqwest::{Method, StatusCode, Url};

    use super::{follow, same_origin, Hop, Next, RedirectPolicy};

    fn url(text: &str) -> Url {
        Url::parse(text).expect("url")
    }

    fn next(policy: RedirectPolicy, method: Method, from: &str, status: u16, to: &str) -> Next {
        let from = url(from);
        let mut headers = HeaderMap::new();
        headers.insert(LOCATION, HeaderValue::try_from(to).expect("header"));
        let hop = Hop {
            method: &method,
            has_body: false,
            url: &from,
            original: &from,
            followed: 0,
        };
        policy.next(
            &hop,
            StatusCode::from_u16(status).expect("status"),
            &headers,
        )
    }

    fn reason(outcome: Next) -> &'static str {
        match outcome {
            Next::Refuse { reason, .. } => reason,
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn origins_compare_scheme_host_and_port() {
        assert!(same_origin(
            &url("https://a.example/x"),
            &url("https://a.example:443/y?z")
        ));
        assert!(!same_origin(
            &url("https://a.example/"),
            &url("http://a.example/")
        ));
        assert!(!same_origin(
            &url("http://a.example/"),
            &url("http://a.example:8080/")
        ));
        assert!(!same_origin(
            &url("http://a.example/"),
            &url("http://b.example/")
        ));
    }

    #[test]
    fn https_to_http_is_never_followed() {
        for policy in [RedirectPolicy::SameOrigin, RedirectPolicy::AnyOrigin(5)] {
            for status in [301, 302, 303, 307, 308] {
                let outcome = next(
                    policy,
                    Method::GET,
                    "https://a.example/x",
                    status,
                    "http://a.example/y",
                );
                assert_eq!(reason(outcome), "it leads from https to http");
            }
        }
        let upgrade = next(
            RedirectPolicy::AnyOrigin(5),
            Method::GET,
            "http://a.example/x",
            302,
            "https://b.example/y",
        );
        assert_eq!(upgrade, Next::Follow(url("https://b.example/y")));
    }

    #[test]
    fn only_safe_methods_within_the_origin_are_followed_by_default() {
        let policy = RedirectPolicy::default();
        let same = next(policy, Method::GET, "http://a.example/x", 302, "/y?p=1");
        assert_eq!(same, Next::Follow(url("http://a.example/y?p=1")));
        let other = next(
            policy,
            Method::GET,
            "http://a.example/x",
            302,
            "http://u:pw@b.example/y?k=s",
        );
        assert_eq!(
            other,
            Next::Refuse {
                location: "http://***@b.example/y?k=***".to_owned(),
                reason: "it leads to another origin",
            }
        );
        let post = next(policy, Method::POST, "http://a.example/x", 303, "/y");
        assert_eq!(
            reason(post),
            "only GET, HEAD and OPTIONS requests are redirected"
        );
        let none = next(
            RedirectPolicy::None,
            Method::GET,
            "http://a.example/x",
            302,
            "http://b.example/",
        );
        assert_eq!(none, Next::Answer);
        let not_a_redirect = next(policy, Method::GET, "http://a.example/x", 304, "/y");
        assert_eq!(not_a_redirect, Next::Answer);
        let scheme = next(
            policy,
            Method::GET,
            "http://a.example/x",
            302,
            "file:///etc/passwd",
        );
        assert_eq!(reason(scheme), "the Location is not an http or https URL");
    }

    #[test]
    fn credentials_are_dropped_on_a_change_of_origin() {
        let key = HeaderName::from_static("x-auth-token");
        let mut first = reqwest::Request::new(Method::GET, url("http://a.example/x?apikey=s"));
        let mut secret = HeaderValue::from_static("k");
        secret.set_sensitive(true);
        first
            .headers_mut()
            .insert(key.clone(), HeaderValue::from_static("plain-but-named"));
        first.headers_mut().insert(AUTHORIZATION, secret.clone());
        first.headers_mut().insert("x-other", secret);
        first
            .headers_mut()
            .insert("accept", HeaderValue::from_static("*/*"));
        let elsewhere = follow(
            &first,
            url("http://b.example/y?apikey=s&page=2"),
            std::slice::from_ref(&key),
            &["apikey"],
        );
        assert_eq!(elsewhere.url().as_str(), "http://b.example/y?page=2");
        let names: Vec<&str> = elsewhere
            .headers()
            .keys()
            .map(|name| name.as_str())
            .collect();
        assert_eq!(names, ["accept"]);
        let home = follow(&first, url("http://a.example/z"), &[key], &["apikey"]);
        assert_eq!(home.headers().len(), 4);
    }
}
