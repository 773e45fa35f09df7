//! What generated tagged unions (`oneOf` with a `discriminator`) call: finding the tag of a JSON
//! object, decoding the variant it names, and writing a variant back with its tag.

use serde::{Serialize, Serializer};

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
