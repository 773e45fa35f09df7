//! `Binary` for `format: binary` values and octet-stream bodies.

use std::ops::Deref;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Raw bytes. In a JSON document (where the spec says `format: binary` inside JSON, which has no
/// byte type) they travel as a string; as a whole body or multipart file they travel as-is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Binary(pub Vec<u8>);

impl Deref for Binary {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.0
    }
}

impl From<Vec<u8>> for Binary {
    fn from(bytes: Vec<u8>) -> Self {
        Binary(bytes)
    }
}

impl From<&[u8]> for Binary {
    fn from(bytes: &[u8]) -> Self {
        Binary(bytes.to_vec())
    }
}

impl Serialize for Binary {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&String::from_utf8_lossy(&self.0))
    }
}

impl<'de> Deserialize<'de> for Binary {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(|text| Binary(text.into_bytes()))
    }
}

impl crate::Validate for Binary {
    fn validate(&self, _at: &str, _report: &mut crate::Report) {}
}
