//! Request validation: constraints from the spec, checked before anything goes on the wire.

use std::fmt;

mod formats;
mod pattern;

pub use formats::Format;
pub use pattern::Pattern;

/// A value that can be checked against its schema's constraints.
///
/// Generated for every type a request can carry; `at` is the field path used in messages
/// (`body.autoReplyMail.internal.content`).
pub trait Validate {
    /// Records every violation in `report`. The default records none: it serves the types whose
    /// schema has nothing to check.
    fn validate(&self, at: &str, report: &mut Report) {
        let _ = (at, report);
    }
}

impl<T: Validate> Validate for Option<T> {
    fn validate(&self, at: &str, report: &mut Report) {
        if let Some(value) = self {
            value.validate(at, report);
        }
    }
}

impl<T: Validate> Validate for crate::Nullable<T> {
    fn validate(&self, at: &str, report: &mut Report) {
        if let Some(value) = self.as_ref() {
            value.validate(at, report);
        }
    }
}

impl<T: Validate> Validate for Box<T> {
    fn validate(&self, at: &str, report: &mut Report) {
        (**self).validate(at, report);
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate(&self, at: &str, report: &mut Report) {
        self.as_slice().validate(at, report);
    }
}

impl<T: Validate> Validate for [T] {
    fn validate(&self, at: &str, report: &mut Report) {
        for (index, item) in self.iter().enumerate() {
            item.validate(&format!("{at}[{index}]"), report);
        }
    }
}

impl<T: Validate> Validate for std::collections::BTreeMap<String, T> {
    fn validate(&self, at: &str, report: &mut Report) {
        for (key, value) in self {
            value.validate(&format!("{at}.{key}"), report);
        }
    }
}

/// A number bounds and `multipleOf` apply to: each integer and float type a generated field or
/// parameter can have. Generated checks pass values as they are (no `as` casts), and a
/// violation shows the value as the caller wrote it, not as an `f64`.
pub trait Number: Copy + fmt::Display {
    /// The value compared with the schema's bound (exact for every type but `i64`/`u64` beyond
    /// 2^53, where the nearest `f64` is used; whole-number `multipleOf` is checked exactly on
    /// integers by [`Report::multiple_of_integer`]).
    fn to_f64(self) -> f64;
}

macro_rules! lossless_number {
    ($($ty:ty),*) => {$(
        impl Number for $ty {
            fn to_f64(self) -> f64 {
                f64::from(self)
            }
        }
    )*};
}

lossless_number!(i8, i16, i32, u8, u16, u32, f32, f64);

impl Number for i64 {
    fn to_f64(self) -> f64 {
        self as f64
    }
}

impl Number for u64 {
    fn to_f64(self) -> f64 {
        self as f64
    }
}

/// One broken rule: which field, and what the rule says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// The field path, e.g. `body.statusMessage` or `userId`.
    pub field: String,
    /// The rule as the spec states it, e.g. `maxLength 50 (characters)`.
    pub rule: String,
    /// What was found, e.g. `51 characters`.
    pub found: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` breaks {}: {}", self.field, self.rule, self.found)
    }
}

/// Every violation found in one request; the request is refused when it is not empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, thiserror::Error)]
#[error("the request breaks the API's rules and was not sent: {}", join(&self.violations))]
pub struct ValidationError {
    /// The violations, in the order found.
    pub violations: Vec<Violation>,
}

fn join(violations: &[Violation]) -> String {
    violations
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

/// Collects violations while a request is checked.
#[derive(Debug, Default)]
pub struct Report {
    violations: Vec<Violation>,
}

impl Report {
    /// An empty report.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a violation.
    pub fn push(
        &mut self,
        field: impl Into<String>,
        rule: impl Into<String>,
        found: impl Into<String>,
    ) {
        self.violations.push(Violation {
            field: field.into(),
            rule: rule.into(),
            found: found.into(),
        });
    }

    /// `Ok` when nothing was recorded; otherwise the violations, which leaves the report empty.
    /// (It borrows, so generated code can hold the report as `&mut Report` throughout.)
    pub fn finish(&mut self) -> Result<(), ValidationError> {
        if self.violations.is_empty() {
            Ok(())
        } else {
            Err(ValidationError {
                violations: std::mem::take(&mut self.violations),
            })
        }
    }

    /// `maxLength`, counted in characters (Unicode scalar values), as JSON Schema counts.
    pub fn max_length(&mut self, at: &str, value: &str, max: u64) {
        let count = value.chars().count() as u64;
        if count > max {
            self.push(
                at,
                format!("maxLength {max} (characters)"),
                format!("{count} characters"),
            );
        }
    }

    /// `minLength`, counted in characters.
    pub fn min_length(&mut self, at: &str, value: &str, min: u64) {
        let count = value.chars().count() as u64;
        if count < min {
            self.push(
                at,
                format!("minLength {min} (characters)"),
                format!("{count} characters"),
            );
        }
    }

    /// `minimum` / `exclusiveMinimum`.
    pub fn minimum(&mut self, at: &str, value: impl Number, min: f64, exclusive: bool) {
        let number = value.to_f64();
        if number < min || (exclusive && number == min) {
            let rule = if exclusive {
                "exclusiveMinimum"
            } else {
                "minimum"
            };
            self.push(at, format!("{rule} {min}"), value.to_string());
        }
    }

    /// `maximum` / `exclusiveMaximum`.
    pub fn maximum(&mut self, at: &str, value: impl Number, max: f64, exclusive: bool) {
        let number = value.to_f64();
        if number > max || (exclusive && number == max) {
            let rule = if exclusive {
                "exclusiveMaximum"
            } else {
                "maximum"
            };
            self.push(at, format!("{rule} {max}"), value.to_string());
        }
    }

    /// `minItems`.
    pub fn min_items(&mut self, at: &str, len: usize, min: u64) {
        if (len as u64) < min {
            self.push(at, format!("minItems {min}"), format!("{len} items"));
        }
    }

    /// `maxItems`.
    pub fn max_items(&mut self, at: &str, len: usize, max: u64) {
        if (len as u64) > max {
            self.push(at, format!("maxItems {max}"), format!("{len} items"));
        }
    }

    /// `pattern`: `pattern` must match somewhere in the text; JSON Schema patterns are not
    /// anchored. The text is left out of the violation, since a patterned field may hold a
    /// secret.
    pub fn pattern(&mut self, at: &str, text: &str, pattern: &Pattern) {
        if !pattern.is_match(text) {
            self.push(
                at,
                format!("pattern `{}`", pattern.written()),
                "text that does not match",
            );
        }
    }

    /// `format`, for the formats with one meaning (see [`Format`]).
    pub fn format(&mut self, at: &str, text: &str, format: Format) {
        if !format.matches(text) {
            let name = format.name();
            self.push(
                at,
                format!("format {name}"),
                format!("text that is not a valid {name}"),
            );
        }
    }

    /// `multipleOf` on an integer, exactly (the value and step as `i128`, so no integer type
    /// loses anything).
    pub fn multiple_of_integer(&mut self, at: &str, value: i128, step: u64) {
        if step != 0 && value % i128::from(step) != 0 {
            self.push(at, format!("multipleOf {step}"), value.to_string());
        }
    }

    /// `multipleOf` on a floating-point number. `value / step` rarely comes out whole in binary
    /// (`0.3 / 0.1` is `2.9999999999999996`), so the quotient passes within `1e-9` of a whole
    /// number, or within a few units in the last place for quotients too large for that to
    /// mean anything. A NaN or infinite value or quotient fails.
    pub fn multiple_of(&mut self, at: &str, value: impl Number, step: f64) {
        let quotient = value.to_f64() / step;
        let tolerance = (quotient.abs() * 4.0 * f64::EPSILON).max(1e-9);
        let whole = quotient.is_finite() && (quotient - quotient.round()).abs() <= tolerance;
        if !whole {
            self.push(at, format!("multipleOf {step}"), value.to_string());
        }
    }

    /// `uniqueItems`: no two items serialize to the same JSON value (object keys compared as a
    /// set, as JSON Schema says). Items that cannot be serialized are skipped here; sending
    /// them fails anyway.
    pub fn unique_items<T: serde::Serialize>(&mut self, at: &str, items: &[T]) {
        let values: Vec<Option<serde_json::Value>> = items
            .iter()
            .map(|item| serde_json::to_value(item).ok())
            .collect();
        // Pairwise: JSON values have no order or hash, and request arrays are short.
        for (later, value) in values.iter().enumerate() {
            let Some(value) = value else { continue };
            if let Some(earlier) = values[..later]
                .iter()
                .position(|other| other.as_ref() == Some(value))
            {
                self.push(
                    at,
                    "uniqueItems",
                    format!("items {earlier} and {later} are equal"),
                );
                return;
            }
        }
    }

    /// `minProperties`, on a map.
    pub fn min_properties(&mut self, at: &str, len: usize, min: u64) {
        if (len as u64) < min {
            self.push(
                at,
                format!("minProperties {min}"),
                format!("{len} properties"),
            );
        }
    }

    /// `maxProperties`, on a map.
    pub fn max_properties(&mut self, at: &str, len: usize, max: u64) {
        if (len as u64) > max {
            self.push(
                at,
                format!("maxProperties {max}"),
                format!("{len} properties"),
            );
        }
    }

    /// `enum`: the value must be one the spec lists.
    pub fn known_value(&mut self, at: &str, known: bool, value: &str) {
        if !known {
            self.push(at, "enum (a value the spec lists)", format!("`{value}`"));
        }
    }

    /// `x-oagen-rules` `requires`: `field` set without `requires`.
    pub fn requires(
        &mut self,
        at: &str,
        field: &str,
        has_field: bool,
        requires: &str,
        has_requires: bool,
    ) {
        if has_field && !has_requires {
            self.push(
                format!("{at}.{requires}"),
                format!("`{requires}` is required when `{field}` is set"),
                "missing",
            );
        }
    }

    /// `x-oagen-rules` `ordered`: `later` must be strictly later than `earlier` (an end equal to
    /// its start is refused, as is a pair that cannot be compared, such as a NaN).
    pub fn ordered<T: PartialOrd + fmt::Display>(
        &mut self,
        at: &str,
        earlier: (&str, Option<&T>),
        later: (&str, Option<&T>),
    ) {
        if let ((earlier_name, Some(first)), (later_name, Some(second))) = (earlier, later) {
            if first.partial_cmp(second) != Some(std::cmp::Ordering::Less) {
                self.push(
                    format!("{at}.{later_name}"),
                    format!("`{later_name}` must be later than `{earlier_name}`"),
                    format!("{later_name} {second} is not after {earlier_name} {first}"),
                );
            }
        }
    }

    /// `x-oagen-rules` `forbidden-when`: a body field set while a parameter has a listed value.
    pub fn forbidden_when(&mut self, field: &str, is_set: bool, parameter: &str, value: &str) {
        if is_set {
            self.push(
                field,
                format!("cannot be set when `{parameter}` is `{value}`"),
                "set",
            );
        }
    }
}

impl Validate for crate::DateTime {
    fn validate(&self, _at: &str, _report: &mut Report) {}
}

#[cfg(test)]
mod tests {
    use super::{Pattern, Report};

    #[test]
    fn lengths_count_characters_not_bytes() {
        let mut report = Report::new();
        report.max_length("name", &"가".repeat(50), 50);
        assert!(report.finish().is_ok());
        let mut report = Report::new();
        report.max_length("name", &"가".repeat(51), 50);
        let error = report.finish().unwrap_err();
        assert_eq!(error.violations[0].found, "51 characters");
        assert!(
            error.to_string().contains("`name` breaks maxLength 50"),
            "{error}"
        );
    }

    #[test]
    fn ordered_means_strictly_later() {
        let start = crate::DateTime::parse("2050-03-20T09:00:00+09:00").unwrap();
        let same_instant = crate::DateTime::parse("2050-03-20T00:00:00Z").unwrap();
        let second_later = crate::DateTime::parse("2050-03-20T09:00:01+09:00").unwrap();
        let mut report = Report::new();
        report.ordered(
            "body",
            ("startTime", Some(&start)),
            ("endTime", Some(&same_instant)),
        );
        let error = report.finish().unwrap_err();
        assert_eq!(error.violations.len(), 1);
        assert_eq!(error.violations[0].field, "body.endTime");
        assert_eq!(
            error.violations[0].rule,
            "`endTime` must be later than `startTime`"
        );
        let mut report = Report::new();
        report.ordered(
            "body",
            ("startTime", Some(&start)),
            ("endTime", Some(&second_later)),
        );
        assert!(report.finish().is_ok());
        let mut report = Report::new();
        report.ordered("n", ("a", Some(&1.0)), ("b", Some(&f64::NAN)));
        assert!(report.finish().is_err());
    }

    #[test]
    fn patterns_are_ecma_262_and_unanchored() {
        // Lookahead, which the `regex` crate lacks.
        static LOOKAHEAD: Pattern = Pattern::new("p", || {
            regress::Regex::new("^(?=.*[0-9])[a-z0-9]+$").unwrap()
        });
        let mut report = Report::new();
        report.pattern("ok", "abc1", &LOOKAHEAD);
        report.pattern("no_digit", "abc", &LOOKAHEAD);
        let error = report.finish().unwrap_err();
        assert_eq!(error.violations.len(), 1);
        assert_eq!(error.violations[0].field, "no_digit");
        // Not anchored: a match anywhere will do. `\d` is ASCII only, as in JavaScript.
        static DIGIT: Pattern = Pattern::new("\\d", || regress::Regex::new("\\d").unwrap());
        let mut report = Report::new();
        report.pattern("inside", "ab7cd", &DIGIT);
        assert!(report.finish().is_ok());
        report.pattern("arabic", "\u{0663}", &DIGIT);
        assert!(report.finish().is_err());
    }

    #[test]
    fn multiples_exact_for_integers_tolerant_for_floats() {
        let mut report = Report::new();
        report.multiple_of_integer("a", 15, 5);
        report.multiple_of_integer("b", -10, 5);
        report.multiple_of_integer("c", i128::from(u64::MAX), 5);
        report.multiple_of("d", 0.3, 0.1);
        report.multiple_of("e", 1e300, 0.5);
        assert!(report.finish().is_ok());
        report.multiple_of_integer("f", 16, 5);
        report.multiple_of_integer("g", i128::from(i64::MAX), 2);
        report.multiple_of("h", 0.35, 0.1);
        report.multiple_of("i", f64::NAN, 0.1);
        report.multiple_of("j", 1.0, 1e-320);
        let error = report.finish().unwrap_err();
        let fields: Vec<_> = error.violations.iter().map(|v| v.field.as_str()).collect();
        assert_eq!(fields, ["f", "g", "h", "i", "j"]);
    }

    #[test]
    fn unique_items_compares_json_values() {
        use std::collections::BTreeMap;
        let mut report = Report::new();
        report.unique_items("ok", &[1, 2, 3]);
        assert!(report.finish().is_ok());
        let a = BTreeMap::from([("x", 1), ("y", 2)]);
        let mut report = Report::new();
        report.unique_items("maps", &[a.clone(), BTreeMap::from([("x", 1)]), a]);
        let error = report.finish().unwrap_err();
        assert_eq!(error.violations[0].found, "items 0 and 2 are equal");
    }

    #[test]
    fn minimum_and_exclusive() {
        let mut report = Report::new();
        report.minimum("a", 1.0, 1.0, false);
        report.minimum("b", 1.0, 1.0, true);
        report.minimum("c", 0.0, 1.0, false);
        let error = report.finish().unwrap_err();
        let fields: Vec<_> = error.violations.iter().map(|v| v.field.as_str()).collect();
        assert_eq!(fields, ["b", "c"]);
    }
}
