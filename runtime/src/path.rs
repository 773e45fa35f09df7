//! Path parameters: each value becomes exactly one percent-encoded path segment.

use crate::validate::{ValidationError, Violation};

/// Encodes `value` as one path segment: everything but RFC 3986 unreserved characters
/// (`A-Z a-z 0-9 - . _ ~`) is percent-encoded as UTF-8, so `/`, `?`, `#`, `%`, spaces, `+`, `@`
/// and non-ASCII text all reach the server as part of this segment.
///
/// `.` and `..` are refused: URL normalisation (in clients, proxies and servers) removes or
/// resolves them, so the server would never see the intended segment. An empty value is refused
/// because it would merge two slashes.
pub fn path_segment(name: &str, value: &str) -> Result<String, ValidationError> {
    if value.is_empty() || value == "." || value == ".." {
        return Err(ValidationError {
            violations: vec![Violation {
                field: name.to_owned(),
                rule: "a path parameter must be a non-empty segment other than `.` or `..`"
                    .to_owned(),
                found: format!("`{value}`"),
            }],
        });
    }
    let mut encoded = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            encoded.push(byte as char);
        } else {
            encoded.push('%');
            encoded.push(char::from(HEX[usize::from(byte >> 4)]));
            encoded.push(char::from(HEX[usize::from(byte & 0xf)]));
        }
    }
    Ok(encoded)
}

/// Fills a path template such as `/users/{userId}/statuses/{statusId}` with `values`, in
/// placeholder order, each encoded by [`path_segment`] (the placeholder's name is the field named
/// in a refusal). Generated methods call it with the spec's path, so the template is always
/// well formed: every placeholder has a value and the literal text has no braces.
pub fn expand_path(template: &str, values: &[&str]) -> Result<String, ValidationError> {
    let mut path = String::with_capacity(template.len() + 16 * values.len());
    let mut values = values.iter();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|close| open + close) else {
            break;
        };
        path.push_str(&rest[..open]);
        let name = &rest[open + 1..close];
        match values.next() {
            Some(value) => path.push_str(&path_segment(name, value)?),
            None => path.push_str(&rest[open..=close]),
        }
        rest = &rest[close + 1..];
    }
    path.push_str(rest);
    Ok(path)
}

/// Upper-case hex digits, for percent-encoding.
pub(crate) const HEX: &[u8; 16] = b"0123456789ABCDEF";

#[cfg(test)]
mod tests {
    use super::{expand_path, path_segment};

    #[test]
    fn encodes_everything_that_could_split_the_segment() {
        assert_eq!(
            path_segment("id", "a.b+c@example.com").unwrap(),
            "a.b%2Bc%40example.com"
        );
        assert_eq!(
            path_segment("id", "externalKey:ABC/01").unwrap(),
            "externalKey%3AABC%2F01"
        );
        assert_eq!(
            path_segment("id", "a b?c#d%e").unwrap(),
            "a%20b%3Fc%23d%25e"
        );
        assert_eq!(
            path_segment("id", "김철수").unwrap(),
            "%EA%B9%80%EC%B2%A0%EC%88%98"
        );
        assert_eq!(path_segment("id", "...").unwrap(), "...");
    }

    #[test]
    fn dot_segments_and_empty_are_refused() {
        for value in [".", "..", ""] {
            let error = path_segment("userId", value).unwrap_err();
            assert_eq!(error.violations[0].field, "userId");
        }
    }

    #[test]
    fn expand_path_encodes_each_value_as_one_segment_in_order() {
        assert_eq!(
            expand_path("/users/{userId}/statuses/{statusId}", &["a/b", "x y"]).unwrap(),
            "/users/a%2Fb/statuses/x%20y"
        );
        assert_eq!(expand_path("/plain", &[]).unwrap(), "/plain");
        assert_eq!(
            expand_path("/{a}{b}.json", &["1", "2"]).unwrap(),
            "/12.json"
        );
    }

    #[test]
    fn expand_path_names_the_refused_placeholder() {
        let error = expand_path("/users/{userId}/statuses/{statusId}", &["u", ".."]).unwrap_err();
        assert_eq!(error.violations[0].field, "statusId");
    }
}
