//! [`Base64Bytes`]: bytes that travel in JSON as base64 text (OpenAPI 3.1's
//! `contentEncoding: base64`), decoded when read and encoded when sent.

use std::fmt;
use std::str::FromStr;

/// Bytes carried as standard base64 text (RFC 4648 §4, with `=` padding when sent; padding is
/// optional when read).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Base64Bytes(pub Vec<u8>);

impl Base64Bytes {
    /// The decoded bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

impl From<Vec<u8>> for Base64Bytes {
    fn from(bytes: Vec<u8>) -> Self {
        Base64Bytes(bytes)
    }
}

impl fmt::Display for Base64Bytes {
    /// The base64 text, as sent.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::secret::base64(&self.0))
    }
}

/// Text that is not standard base64: the first offending position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Base64Error {
    /// The byte offset in the text where decoding failed.
    pub position: usize,
}

impl fmt::Display for Base64Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not base64 text at byte {}", self.position)
    }
}

impl std::error::Error for Base64Error {}

/// The value of one base64 character.
fn sextet(byte: u8) -> Option<u32> {
    let value = match byte {
        b'A'..=b'Z' => byte - b'A',
        b'a'..=b'z' => byte - b'a' + 26,
        b'0'..=b'9' => byte - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => return None,
    };
    Some(u32::from(value))
}

impl FromStr for Base64Bytes {
    type Err = Base64Error;

    fn from_str(text: &str) -> Result<Self, Base64Error> {
        let bytes = text.as_bytes();
        // Padding only at the end, at most two, and only where it completes a group of four.
        let data_len = bytes.len() - bytes.iter().rev().take_while(|b| **b == b'=').count();
        let padding = bytes.len() - data_len;
        if let Some(position) = bytes[..data_len].iter().position(|b| sextet(*b).is_none()) {
            return Err(Base64Error { position });
        }
        if padding > 2 || (padding > 0 && bytes.len() % 4 != 0) || data_len % 4 == 1 {
            return Err(Base64Error { position: data_len });
        }
        let mut out = Vec::with_capacity(data_len / 4 * 3 + 2);
        for chunk in bytes[..data_len].chunks(4) {
            let mut n = 0u32;
            for (index, byte) in chunk.iter().enumerate() {
                n |= sextet(*byte).unwrap_or(0) << (18 - 6 * index);
            }
            let decoded = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
            // A group of k characters carries k - 1 bytes.
            out.extend_from_slice(&decoded[..chunk.len() - 1]);
        }
        Ok(Base64Bytes(out))
    }
}

impl serde::Serialize for Base64Bytes {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_string())
    }
}

impl<'de> serde::Deserialize<'de> for Base64Bytes {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::Base64Bytes;

    #[test]
    fn rfc_4648_vectors_round_trip() {
        for (bytes, text) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            let decoded: Base64Bytes = text.parse().unwrap();
            assert_eq!(decoded.as_bytes(), bytes.as_bytes(), "{text}");
            assert_eq!(decoded.to_string(), text);
            // Padding is optional when read.
            let unpadded: Base64Bytes = text.trim_end_matches('=').parse().unwrap();
            assert_eq!(unpadded, decoded);
        }
        let all: Vec<u8> = (0..=255).collect();
        let text = Base64Bytes(all.clone()).to_string();
        assert_eq!(text.parse::<Base64Bytes>().unwrap().0, all);
    }

    #[test]
    fn text_that_is_not_base64_is_refused_where_it_goes_wrong() {
        for (text, position) in [
            ("Zm9v!", 4),
            ("Z", 1),
            ("Zg===", 2),
            ("Zg=", 2),
            ("Zm=9", 2),
            ("Zm 9v", 2),
        ] {
            let error = text.parse::<Base64Bytes>().unwrap_err();
            assert_eq!(error.position, position, "{text}");
        }
    }

    #[test]
    fn json_carries_the_text() {
        let bytes = Base64Bytes(b"hi\xff".to_vec());
        let json = serde_json::to_string(&bytes).unwrap();
        assert_eq!(json, "\"aGn/\"");
        assert_eq!(serde_json::from_str::<Base64Bytes>(&json).unwrap(), bytes);
        assert!(serde_json::from_str::<Base64Bytes>("\"a\"").is_err());
        assert!(serde_json::from_str::<Base64Bytes>("12").is_err());
    }
}
