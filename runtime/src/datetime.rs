//! `DateTime`: an RFC 3339 timestamp that keeps the offset it was written with.

use std::fmt;
use std::str::FromStr;

use chrono::{FixedOffset, SecondsFormat};
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A `format: date-time` value.
///
/// APIs such as LINE WORKS answer in the caller's local offset (`2017-03-16T09:00:00+09:00`);
/// converting to UTC would change what the server sent and what a PUT sends back. This type keeps
/// the offset, prints offset zero as `Z`, and prints fractional seconds only when present
/// (in groups of 3, 6 or 9 digits), so the usual server spellings round-trip unchanged.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DateTime(chrono::DateTime<FixedOffset>);

/// The text is not an RFC 3339 timestamp with an offset.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{input}` is not an RFC 3339 date-time with an offset (e.g. 2017-03-16T09:00:00+09:00): {reason}")]
pub struct DateTimeParseError {
    input: String,
    reason: String,
}

impl DateTime {
    /// Parses an RFC 3339 timestamp such as `2017-03-16T09:00:00+09:00` or `2023-11-04T11:51:28.353Z`.
    pub fn parse(text: &str) -> Result<Self, DateTimeParseError> {
        chrono::DateTime::parse_from_rfc3339(text)
            .map(DateTime)
            .map_err(|error| DateTimeParseError {
                input: text.to_owned(),
                reason: error.to_string(),
            })
    }

    /// The current time in UTC.
    pub fn now_utc() -> Self {
        DateTime(chrono::Utc::now().fixed_offset())
    }

    /// The underlying chrono value, offset included.
    pub fn as_chrono(&self) -> &chrono::DateTime<FixedOffset> {
        &self.0
    }

    /// The UTC offset the value was written with.
    pub fn offset(&self) -> FixedOffset {
        *self.0.offset()
    }
}

impl<Tz: chrono::TimeZone> From<chrono::DateTime<Tz>> for DateTime {
    fn from(value: chrono::DateTime<Tz>) -> Self {
        DateTime(value.fixed_offset())
    }
}

impl From<DateTime> for chrono::DateTime<FixedOffset> {
    fn from(value: DateTime) -> Self {
        value.0
    }
}

impl FromStr for DateTime {
    type Err = DateTimeParseError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        DateTime::parse(text)
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let use_z = self.0.offset().local_minus_utc() == 0;
        f.write_str(&self.0.to_rfc3339_opts(SecondsFormat::AutoSi, use_z))
    }
}

impl fmt::Debug for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DateTime({self})")
    }
}

impl Serialize for DateTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for DateTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // A text that is no date-time is reported here, once the deserializer has returned, as
        // when the text was copied into a `String` first: a format that adds where an error
        // happened (serde_json adds line and column) then adds the same place as it did then.
        deserializer
            .deserialize_str(DateTimeVisitor)?
            .map_err(de::Error::custom)
    }
}

/// Parses the text where the deserializer holds it (in the input, or in its own buffer for text
/// it had to unescape) instead of copying it into a `String` first; owned strings reach
/// `visit_str` through the default `visit_string`. It accepts what `String`'s visitor accepts.
struct DateTimeVisitor;

impl Visitor<'_> for DateTimeVisitor {
    type Value = Result<DateTime, DateTimeParseError>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        Ok(DateTime::parse(text))
    }

    /// UTF-8 bytes are text too, as they are to `String`.
    fn visit_bytes<E: de::Error>(self, bytes: &[u8]) -> Result<Self::Value, E> {
        match std::str::from_utf8(bytes) {
            Ok(text) => self.visit_str(text),
            Err(_) => Err(E::invalid_value(de::Unexpected::Bytes(bytes), &self)),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::DateTime;

    #[test]
    fn offsets_and_fractions_round_trip() {
        for text in [
            "2017-03-16T09:00:00+09:00",
            "2023-11-04T11:51:28.353Z",
            "2050-03-20T18:00:00-05:30",
            "2024-01-01T00:00:00.123456789Z",
        ] {
            assert_eq!(DateTime::parse(text).unwrap().to_string(), text);
        }
    }

    #[test]
    fn keeps_the_offset_rather_than_converting() {
        let value = DateTime::parse("2017-03-16T09:00:00+09:00").unwrap();
        assert_eq!(value.offset().local_minus_utc(), 9 * 3600);
    }

    /// What `Deserialize` did before parsing borrowed text: copy into a `String`, then parse.
    fn through_a_string<'de, D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<DateTime, D::Error> {
        let text = String::deserialize(deserializer)?;
        DateTime::parse(&text).map_err(serde::de::Error::custom)
    }

    #[test]
    fn decodes_from_json_text_and_from_a_json_value() {
        let text = "2017-03-16T09:00:00+09:00";
        let json = format!("\"{text}\"");
        // Borrowed from the input.
        let from_str: DateTime = serde_json::from_str(&json).unwrap();
        assert_eq!(from_str.to_string(), text);
        // Unescaped into the parser's scratch buffer.
        let escaped: DateTime =
            serde_json::from_str("\"2017-03-16T09:00:00\\u002b09:00\"").unwrap();
        assert_eq!(escaped, from_str);
        // An owned string (`visit_string`), and one borrowed from a `&Value`.
        let value = serde_json::Value::String(text.to_owned());
        let from_ref = DateTime::deserialize(&value).unwrap();
        let from_value: DateTime = serde_json::from_value(value).unwrap();
        assert_eq!(from_value, from_str);
        assert_eq!(from_ref, from_str);
        // Bytes that are UTF-8 text, as `String` accepts them.
        let bytes =
            serde::de::value::BytesDeserializer::<serde::de::value::Error>::new(text.as_bytes());
        assert_eq!(DateTime::deserialize(bytes).unwrap(), from_str);
    }

    /// A date-time decoded the way `Deserialize` did before: copied into a `String`, then parsed.
    #[derive(Debug, PartialEq)]
    struct Before(DateTime);

    impl<'de> Deserialize<'de> for Before {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            through_a_string(deserializer).map(Before)
        }
    }

    /// Where generated code meets date-times: fields, array items, optional fields.
    #[derive(Debug, PartialEq, Deserialize)]
    struct Body<T> {
        at: T,
        list: Vec<T>,
        maybe: Option<T>,
    }

    impl Body<Before> {
        fn now(self) -> Body<DateTime> {
            Body {
                at: self.at.0,
                list: self.list.into_iter().map(|before| before.0).collect(),
                maybe: self.maybe.map(|before| before.0),
            }
        }
    }

    #[test]
    fn accepts_and_refuses_what_decoding_a_string_did() {
        let good = "\"2017-03-16T09:00:00+09:00\"";
        for (at, list, maybe) in [
            (good, "[]", "null"),
            (
                good,
                "[\"2023-11-04T11:51:28.353Z\", \"2024-01-01T00:00:00\\u002e5Z\"]",
                good,
            ),
            ("\"2017-03-16T09:00:00\"", "[]", "null"),
            (
                good,
                "[\"2023-11-04T11:51:28.353Z\", \"2024-01-01\"]",
                "null",
            ),
            (good, "[]", "\"2017-03-16T09:00:00\\n\""),
            ("\"\"", "[]", "null"),
            ("42", "[]", "null"),
            ("null", "[]", "null"),
            (good, "[{}]", "null"),
            (good, "[]", "[\"2017-03-16T09:00:00Z\"]"),
        ] {
            let json = format!("{{\"at\": {at},\n \"list\": {list}, \"maybe\": {maybe}}}");
            let same = |ours: Result<Body<DateTime>, serde_json::Error>,
                        before: Result<Body<Before>, serde_json::Error>| {
                assert_eq!(
                    ours.map_err(|error| error.to_string()),
                    before.map(Body::now).map_err(|error| error.to_string()),
                    "{json}"
                );
            };
            same(serde_json::from_str(&json), serde_json::from_str(&json));
            same(
                serde_json::from_reader(json.as_bytes()),
                serde_json::from_reader(json.as_bytes()),
            );
            let value: serde_json::Value = serde_json::from_str(&json).unwrap();
            same(Body::deserialize(&value), Body::deserialize(&value));
            same(
                serde_json::from_value(value.clone()),
                serde_json::from_value(value),
            );
        }
        for bytes in [
            &b"2017-03-16T09:00:00Z"[..],
            b"2017-03-16T09:00:00",
            b"\xff",
        ] {
            let deserializer =
                || serde::de::value::BytesDeserializer::<serde::de::value::Error>::new(bytes);
            assert_eq!(
                DateTime::deserialize(deserializer()).map_err(|error| error.to_string()),
                through_a_string(deserializer()).map_err(|error| error.to_string()),
            );
        }
        // A bare date-time, outside any object or array.
        let bare = "\"2017-03-16T09:00:00\"";
        let ours = serde_json::from_str::<DateTime>(bare)
            .unwrap_err()
            .to_string();
        let before = serde_json::from_str::<Before>(bare)
            .unwrap_err()
            .to_string();
        assert_eq!(ours, before);
        assert!(
            ours.starts_with("`2017-03-16T09:00:00` is not an RFC 3339 date-time with an offset"),
            "{ours}"
        );
    }

    #[test]
    fn rejects_text_without_offset() {
        let error = DateTime::parse("2017-03-16T09:00:00").unwrap_err();
        assert!(error.to_string().contains("2017-03-16T09:00:00"), "{error}");
    }
}
