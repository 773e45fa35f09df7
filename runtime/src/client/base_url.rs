//! `BaseUrl`: the base URL, parsed once, and the credentials its user info holds.

use reqwest::Url;

use crate::secret::Secret;

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
    pub(super) fn new(url: Url, text: &str) -> BaseUrl {
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

/// The secrets of a base URL's user info, as reqwest sends them (`Authorization: Basic` of the
/// decoded user name and password): the password and the encoded pair.
pub(super) fn url_credentials(url: &Url) -> Vec<Secret> {
    let Some(password) = url.password() else {
        return Vec::new();
    };
    let (username, password) = (percent_decoded(url.username()), percent_decoded(password));
    let pair = crate::secret::base64(format!("{username}:{password}").as_bytes());
    vec![Secret::new(password), Secret::new(pair)]
}

/// `text` with `%XX` sequences decoded (invalid UTF-8 replaced).
pub(super) fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|pair| {
            std::str::from_utf8(pair)
                .ok()
                .and_then(|pair| u8::from_str_radix(pair, 16).ok())
        });
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use reqwest::Url;

    use crate::client::{ClientOptions, Transport};

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
                if let Some(fast) = transport.base().join(path) {
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
            assert_eq!(transport.base().join(path).expect("quick").as_str(), url);
        }
        // Bases and paths whose joined text parses differently are parsed as a whole.
        assert!(built("http://user:pw@example.com/v1")
            .base()
            .join("/x")
            .is_none());
        assert!(built("http://example.com/v1?key=1")
            .base()
            .join("/x")
            .is_none());
        assert!(built("http://example.com/v1 ").base().join("/x").is_none());
        assert!(built("http://example.com").base().join("/x?y").is_none());
        assert!(built("http://example.com").base().join("/x ").is_none());
    }

    #[test]
    fn base_url_is_kept_as_configured_without_trailing_slashes() {
        assert_eq!(
            built("http://127.0.0.1:9/v1.0//").base_url(),
            "http://127.0.0.1:9/v1.0"
        );
        assert!(ClientOptions::default().build("not a url").is_err());
    }
}
