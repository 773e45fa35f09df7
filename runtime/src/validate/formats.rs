//! The string `format`s a client checks: those with one settled meaning. Each answers whether
//! the text is of the format; `Report::format` turns a no into a violation.

use std::net::{Ipv4Addr, Ipv6Addr};

/// A string `format` with one meaning, as generated code names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `uuid`: `8-4-4-4-12` hex digits, either case (RFC 9562's text form).
    Uuid,
    /// `date`: RFC 3339 `full-date`, a real calendar day.
    Date,
    /// `date-time`: RFC 3339 `date-time`, for values kept as `String`.
    DateTime,
    /// `email`: `local@domain`, syntax only (no quoting, comments or address literals).
    Email,
    /// `ipv4`: a dotted quad without leading zeros (std's parser).
    Ipv4,
    /// `ipv6`: RFC 4291 text (std's parser; no zone index).
    Ipv6,
}

impl Format {
    /// The keyword's value in the spec, as violations name it.
    pub fn name(self) -> &'static str {
        match self {
            Format::Uuid => "uuid",
            Format::Date => "date",
            Format::DateTime => "date-time",
            Format::Email => "email",
            Format::Ipv4 => "ipv4",
            Format::Ipv6 => "ipv6",
        }
    }

    /// Whether `text` is of this format.
    pub fn matches(self, text: &str) -> bool {
        match self {
            Format::Uuid => is_uuid(text),
            Format::Date => is_full_date(text),
            Format::DateTime => chrono::DateTime::parse_from_rfc3339(text).is_ok(),
            Format::Email => is_email(text),
            Format::Ipv4 => text.parse::<Ipv4Addr>().is_ok(),
            Format::Ipv6 => text.parse::<Ipv6Addr>().is_ok(),
        }
    }
}

fn is_uuid(text: &str) -> bool {
    text.len() == 36
        && text.bytes().enumerate().all(|(index, byte)| match index {
            8 | 13 | 18 | 23 => byte == b'-',
            _ => byte.is_ascii_hexdigit(),
        })
}

/// `YYYY-MM-DD`, exactly those digits, naming a day that exists (leap years included).
fn is_full_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = bytes.get(range)?;
        part.iter()
            .all(u8::is_ascii_digit)
            .then(|| part.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
    };
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return false;
    }
    let (Some(year), Some(month), Some(day)) = (digits(0..4), digits(5..7), digits(8..10)) else {
        return false;
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// One `@` between a non-empty local part and a domain of non-empty dot-separated labels, with
/// no whitespace or control characters: enough to catch a swapped field or a typo, without
/// claiming RFC 5321's whole grammar.
fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    let clean = |part: &str| {
        !part.is_empty()
            && !part
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || c == '@')
    };
    clean(local)
        && clean(domain)
        && !local.starts_with('.')
        && !local.ends_with('.')
        && domain.split('.').all(|label| !label.is_empty())
}

#[cfg(test)]
mod tests {
    use super::Format;

    fn check(format: Format, good: &[&str], bad: &[&str]) {
        for text in good {
            assert!(format.matches(text), "{text:?} should be {}", format.name());
        }
        for text in bad {
            assert!(
                !format.matches(text),
                "{text:?} should not be {}",
                format.name()
            );
        }
    }

    #[test]
    fn each_format_takes_its_own_and_refuses_near_misses() {
        check(
            Format::Uuid,
            &[
                "123e4567-e89b-12d3-a456-426614174000",
                "123E4567-E89B-12D3-A456-426614174000",
            ],
            &[
                "123e4567e89b12d3a456426614174000",
                "123e4567-e89b-12d3-a456-42661417400g",
                "",
            ],
        );
        check(
            Format::Date,
            &["2024-02-29", "2023-12-31", "0001-01-01"],
            &[
                "2023-02-29",
                "2024-13-01",
                "2024-04-31",
                "2024-1-01",
                "2024-01-01T00:00:00Z",
            ],
        );
        check(
            Format::DateTime,
            &["2050-03-20T09:00:00+09:00", "2050-03-20T00:00:00.5Z"],
            &["2050-03-20", "2050-03-20T25:00:00Z", "2050-03-20T09:00:00"],
        );
        check(
            Format::Email,
            &["a@b", "first.last+tag@example.co.kr"],
            &[
                "plain",
                "@example.com",
                "a@",
                "a@b@c",
                "a b@c.d",
                "a@b..c",
                ".a@b",
            ],
        );
        check(
            Format::Ipv4,
            &["0.0.0.0", "255.255.255.255"],
            &["256.0.0.1", "1.2.3", "01.2.3.4"],
        );
        check(
            Format::Ipv6,
            &["::1", "2001:db8::8a2e:370:7334"],
            &["1.2.3.4", ":::1", "fe80::1%eth0"],
        );
    }
}
