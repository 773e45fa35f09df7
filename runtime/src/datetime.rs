//! `DateTime`: an RFC 3339 timestamp that keeps the offset it was written with.

use std::fmt;
use std::str::FromStr;

use chrono::{FixedOffset, SecondsFormat};
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
        let text = String::deserialize(deserializer)?;
        DateTime::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
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

    #[test]
    fn rejects_text_without_offset() {
        let error = DateTime::parse("2017-03-16T09:00:00").unwrap_err();
        assert!(error.to_string().contains("2017-03-16T09:00:00"), "{error}");
    }
}
