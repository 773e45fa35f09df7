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

const HEX: &[u8; 16] = b"0123456789ABCDEF";

#[cfg(test)]
mod tests {
    use super::path_segment;

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
}
