//! `Binary` for `format: binary` values and octet-stream bodies, and the tag lookup that
//! generated tagged unions use.

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

/// The string value of `property` in a JSON object: how a tagged union picks its variant.
pub fn tag_of<'v>(value: &'v serde_json::Value, property: &str) -> Option<&'v str> {
    value.get(property).and_then(serde_json::Value::as_str)
}

/// Decodes the payload of the tagged-union variant that `wrap` builds.
pub fn decode_variant<T, U, E>(value: serde_json::Value, wrap: impl FnOnce(T) -> U) -> Result<U, E>
where
    T: serde::de::DeserializeOwned,
    E: serde::de::Error,
{
    serde_json::from_value(value).map(wrap).map_err(E::custom)
}

/// Serialises `value`, an object, with `property: tag` added: a tagged-union variant whose
/// struct leaves the tag out because the variant implies it.
pub fn serialize_tagged<S, T>(
    serializer: S,
    property: &str,
    tag: &str,
    value: &T,
) -> Result<S::Ok, S::Error>
where
    S: Serializer,
    T: Serialize + ?Sized,
{
    use serde::ser::Error;
    let mut object = match serde_json::to_value(value) {
        Ok(serde_json::Value::Object(object)) => object,
        Ok(other) => {
            return Err(S::Error::custom(format!(
                "the `{tag}` variant must be an object to carry `{property}`, not {other}"
            )))
        }
        Err(error) => return Err(S::Error::custom(error)),
    };
    object.insert(
        property.to_owned(),
        serde_json::Value::String(tag.to_owned()),
    );
    object.serialize(serializer)
}

/// A parameter value as text: strings as they are (so a string-valued union or enum is sent
/// bare), anything else as JSON.
pub fn to_text<T: serde::Serialize + ?Sized>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(text)) => text,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}
