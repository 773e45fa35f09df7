//! `Nullable<T>`: a field that can be absent, explicitly `null`, or hold a value.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A field that is optional *and* nullable in the spec.
///
/// JSON has three states for such a field and they mean different things to a PUT or PATCH:
/// leaving the key out keeps the stored value, sending `null` clears it, and sending a value sets it.
/// `Option<T>` can only say two of them, so generated structs use this type with
/// `#[serde(default, skip_serializing_if = "Nullable::is_absent")]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Nullable<T> {
    /// The key is not present: the server keeps what it has.
    #[default]
    Absent,
    /// The key is present with the value `null`: the server clears the field.
    Null,
    /// The key is present with a value.
    Value(T),
}

impl<T> Nullable<T> {
    /// True when the key is left out; used by `skip_serializing_if`.
    pub fn is_absent(&self) -> bool {
        matches!(self, Nullable::Absent)
    }

    /// True for an explicit `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Nullable::Null)
    }

    /// The value, if there is one.
    pub fn as_ref(&self) -> Option<&T> {
        match self {
            Nullable::Value(value) => Some(value),
            Nullable::Absent | Nullable::Null => None,
        }
    }

    /// The value, if there is one, folding `Absent` and `Null` into `None`.
    pub fn into_option(self) -> Option<T> {
        match self {
            Nullable::Value(value) => Some(value),
            Nullable::Absent | Nullable::Null => None,
        }
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

impl<T> From<Option<T>> for Nullable<T> {
    /// `None` becomes an explicit `null`: an `Option` that was set to `None` on purpose says
    /// "no value", which is what `null` means on the wire.
    fn from(value: Option<T>) -> Self {
        match value {
            Some(value) => Nullable::Value(value),
            None => Nullable::Null,
        }
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Value(value) => serializer.serialize_some(value),
            // `Absent` is normally skipped by the field attribute; if a container serializes it
            // anyway, `null` is the closest faithful rendering.
            Nullable::Absent | Nullable::Null => serializer.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    /// Only called when the key is present (absence is handled by `#[serde(default)]`), so the
    /// result is `Null` or `Value`.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Option::<T>::deserialize(deserializer).map(Nullable::from)
    }
}

#[cfg(test)]
mod tests {
    use super::Nullable;
    use serde::{Deserialize, Serialize};

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Body {
        #[serde(default, skip_serializing_if = "Nullable::is_absent")]
        message: Nullable<String>,
    }

    #[test]
    fn three_states_round_trip() {
        for (json, state) in [
            ("{}", Nullable::Absent),
            (r#"{"message":null}"#, Nullable::Null),
            (r#"{"message":"hi"}"#, Nullable::Value("hi".to_owned())),
        ] {
            let body: Body = serde_json::from_str(json).unwrap();
            assert_eq!(body.message, state);
            assert_eq!(serde_json::to_string(&body).unwrap(), json);
        }
    }

    #[test]
    fn option_none_means_null() {
        assert_eq!(Nullable::<u8>::from(None), Nullable::Null);
        assert_eq!(Nullable::from(Some(3)).into_option(), Some(3));
        assert!(Nullable::<u8>::default().is_absent());
    }
}
