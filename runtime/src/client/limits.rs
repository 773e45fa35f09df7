//! Bounds on what a server can make the client hold or print: the size of a response body, the
//! part of a body an error keeps, and how that part and URLs are shown.

use std::borrow::Cow;
use std::fmt;

use bytes::{Bytes, BytesMut};

use super::error::Error;
use crate::secret::Secret;

/// The default for [`ClientOptions::max_response_bytes`]: 8 MiB.
///
/// A JSON API's answer is far below it. Decoding JSON can take much more memory than the text
/// (about 90 times as much for an array of empty objects decoded into structs with many optional
/// fields), so the default stays well below what a large export might need; raise it per client
/// where an operation returns more.
///
/// [`ClientOptions::max_response_bytes`]: super::ClientOptions::max_response_bytes
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 8 * 1024 * 1024;

/// How many bytes of a body an error value keeps (cut on a character boundary).
pub const ERROR_BODY_BYTES: usize = 4 * 1024;

/// The largest documented error body decoded into its type (64 KiB): an error message is far
/// smaller, and a decoded body shows whole in the error's `Display`. A larger one is
/// [`Error::Decode`] with its start kept.
pub const ERROR_JSON_BYTES: usize = 64 * 1024;

/// Reads `response`'s body, refusing it as soon as it is known to exceed `limit` bytes: from
/// its `Content-Length` before reading, or while reading, so memory stops at the limit whatever
/// the header said.
pub(super) async fn read_body<E>(
    response: &mut reqwest::Response,
    limit: usize,
) -> Result<Bytes, Error<E>> {
    let too_large = || Error::ResponseTooLarge { limit };
    let announced = response.content_length();
    if announced.is_some_and(|length| length > limit as u64) {
        return Err(too_large());
    }
    // A body that arrives in one chunk (most JSON answers) is kept as it came, without a copy.
    let Some(first) = next_chunk(response).await? else {
        return Ok(Bytes::new());
    };
    if first.len() > limit {
        return Err(too_large());
    }
    let Some(second) = next_chunk(response).await? else {
        return Ok(first);
    };
    let capacity = announced.map_or(0, |length| length as usize);
    let mut body = BytesMut::with_capacity(capacity.max(first.len() + second.len()));
    body.extend_from_slice(&first);
    let mut chunk = Some(second);
    while let Some(next) = chunk {
        if next.len() > limit - body.len() {
            return Err(too_large());
        }
        body.extend_from_slice(&next);
        chunk = next_chunk(response).await?;
    }
    Ok(body.freeze())
}

/// The next chunk of the body, `None` at its end.
async fn next_chunk<E>(response: &mut reqwest::Response) -> Result<Option<Bytes>, Error<E>> {
    response
        .chunk()
        .await
        .map_err(super::error::transport_error)
}

/// The start of a body as text for an error value: the credentials the client sent replaced
/// by `***` (a server may echo them), at most [`ERROR_BODY_BYTES`] bytes, invalid UTF-8
/// replaced, and, when cut, followed by a note saying how long the body was.
pub(super) fn kept_body(body: &[u8], secrets: &[Secret]) -> String {
    // Enough to redact a secret that starts before the cut, and a character the slice cuts
    // is dropped whole below.
    let longest = secrets.iter().map(|secret| secret.expose().len()).max();
    let head = &body[..body.len().min(ERROR_BODY_BYTES + longest.unwrap_or(0) + 4)];
    let head = without_secrets(head, secrets);
    let mut text = String::from_utf8_lossy(&head).into_owned();
    if body.len() <= ERROR_BODY_BYTES && text.len() <= ERROR_BODY_BYTES {
        return text;
    }
    let mut end = ERROR_BODY_BYTES.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.truncate(end);
    text.push_str(&format!("… [truncated; the body had {} bytes]", body.len()));
    text
}

/// `body` with every occurrence of each of `secrets` (those of 4 bytes or more) replaced by
/// `***`; borrowed when none occurs.
pub(super) fn without_secrets<'a>(body: &'a [u8], secrets: &[Secret]) -> Cow<'a, [u8]> {
    let mut out = Cow::Borrowed(body);
    for secret in secrets {
        let needle = secret.expose().as_bytes();
        if needle.len() < 4 || find(&out, needle).is_none() {
            continue;
        }
        let mut replaced = Vec::with_capacity(out.len());
        let mut rest: &[u8] = &out;
        while let Some(at) = find(rest, needle) {
            replaced.extend_from_slice(&rest[..at]);
            replaced.extend_from_slice(b"***");
            rest = &rest[at + needle.len()..];
        }
        replaced.extend_from_slice(rest);
        out = Cow::Owned(replaced);
    }
    out
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

/// Shows text with control characters (newlines, escape sequences) and the invisible characters
/// that reorder or hide text escaped, so a server's text cannot forge or hide log lines.
pub(super) struct Escaped<'a>(pub(super) &'a str);

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.0.chars() {
            if hidden(c) {
                write!(f, "{}", c.escape_default())?;
            } else {
                fmt::Write::write_char(f, c)?;
            }
        }
        Ok(())
    }
}

/// Shows a value's `Debug` output cut at [`ERROR_BODY_BYTES`] (marked when cut) and escaped as
/// [`Escaped`] does: for documented errors, whose decoded bodies may be large.
pub(super) struct CappedDebug<'a, T>(pub(super) &'a T);

impl<T: fmt::Debug> fmt::Display for CappedDebug<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut capped = Capped {
            text: String::new(),
            cut: false,
        };
        // `Capped` never fails; it drops what goes past the limit instead.
        fmt::Write::write_fmt(&mut capped, format_args!("{:?}", self.0))?;
        write!(f, "{}", Escaped(&capped.text))?;
        if capped.cut {
            f.write_str("… [truncated]")?;
        }
        Ok(())
    }
}

impl<T: fmt::Debug> fmt::Debug for CappedDebug<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// A `fmt::Write` that keeps the first [`ERROR_BODY_BYTES`] bytes (whole characters only).
struct Capped {
    text: String,
    cut: bool,
}

impl fmt::Write for Capped {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let room = ERROR_BODY_BYTES - self.text.len();
        if s.len() <= room {
            self.text.push_str(s);
        } else {
            let mut end = room;
            while !s.is_char_boundary(end) {
                end -= 1;
            }
            self.text.push_str(&s[..end]);
            self.cut = true;
        }
        Ok(())
    }
}

fn hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}'
        )
}

/// `url` with any user info replaced by `***`, for `Debug` output and error messages. Works on
/// text that does not parse as a URL too.
pub(super) fn redact_userinfo(url: &str) -> String {
    let Some(scheme_end) = url.find("://") else {
        return url.to_owned();
    };
    let authority_start = scheme_end + 3;
    let rest = &url[authority_start..];
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{}***{}", &url[..authority_start], &rest[at..]),
        None => url.to_owned(),
    }
}

/// A URL a server named, fit for an error message: user info replaced by `***`, each query
/// value by `***` (a redirect's query may hold a signature or token), the fragment dropped.
pub(super) fn redact_location(url: &reqwest::Url) -> String {
    let mut shown = url.clone();
    shown.set_fragment(None);
    shown.set_query(None);
    let mut text = redact_userinfo(shown.as_str());
    if let Some(query) = url.query() {
        let names: Vec<String> = url
            .query_pairs()
            .map(|(name, _)| format!("{}=***", Escaped(&name)))
            .collect();
        if !query.is_empty() {
            text.push('?');
            text.push_str(&names.join("&"));
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_bodies_are_cut_on_a_character_boundary_and_say_so() {
        assert_eq!(kept_body(b"short", &[]), "short");
        let exact = "a".repeat(ERROR_BODY_BYTES);
        assert_eq!(kept_body(exact.as_bytes(), &[]), exact);
        // Three-byte characters do not divide 4096: the last whole one is kept.
        let korean = "가".repeat(2000);
        let kept = kept_body(korean.as_bytes(), &[]);
        let (head, note) = kept.split_once('…').expect("a note");
        assert_eq!(head, "가".repeat(ERROR_BODY_BYTES / 3));
        assert_eq!(note, " [truncated; the body had 6000 bytes]");
        let big = vec![b'x'; 1 << 20];
        assert!(kept_body(&big, &[]).len() < ERROR_BODY_BYTES + 64);
    }

    #[test]
    fn echoed_secrets_are_redacted_even_across_the_cut() {
        let secrets = [Secret::from("tok3n-value"), Secret::from("abc")];
        let body = b"X-Auth-Token: tok3n-value; tok3n-value; abc";
        assert_eq!(
            kept_body(body, &secrets),
            "X-Auth-Token: ***; ***; abc",
            "secrets shorter than 4 bytes are left alone"
        );
        assert!(matches!(
            without_secrets(b"nothing", &secrets),
            Cow::Borrowed(_)
        ));
        let mut straddling = vec![b'x'; ERROR_BODY_BYTES - 5];
        straddling.extend_from_slice(b"tok3n-value and more");
        let kept = kept_body(&straddling, &secrets);
        assert!(!kept.contains("tok3n"), "{kept}");
        assert!(kept.contains("xxx***"), "{kept}");
    }

    #[test]
    fn debug_output_of_documented_errors_is_capped() {
        let big = vec!["가\n".to_owned(); 10_000];
        let shown = CappedDebug(&big).to_string();
        assert!(shown.len() <= ERROR_BODY_BYTES + 20, "{}", shown.len());
        assert!(shown.starts_with(r#"["가\n", "#) && shown.ends_with("… [truncated]"));
        assert_eq!(CappedDebug(&Some(1)).to_string(), "Some(1)");
    }

    #[test]
    fn escaping_leaves_no_control_characters() {
        let shown = Escaped("a\nb\r\x1b[31mred\u{202e}\t가").to_string();
        assert_eq!(shown, "a\\nb\\r\\u{1b}[31mred\\u{202e}\\t가");
    }

    #[test]
    fn user_info_and_query_values_are_redacted() {
        assert_eq!(
            redact_userinfo("https://user:pw@host:8/a@b?c@d"),
            "https://***@host:8/a@b?c@d"
        );
        assert_eq!(redact_userinfo("http://host/x"), "http://host/x");
        assert_eq!(redact_userinfo("not a url"), "not a url");
        let url = reqwest::Url::parse("https://u:p@evil.example/x?sig=abc&page=2#frag").unwrap();
        assert_eq!(
            redact_location(&url),
            "https://***@evil.example/x?sig=***&page=***"
        );
    }
}
