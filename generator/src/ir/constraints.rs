//! What a client checks on a value before sending: the schema's validation keywords, and which
//! checks they make on a value of a given type.

use super::TypeRef;

/// Constraints from the schema that a client checks before sending.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Constraints {
    /// `maxLength`, counted in characters.
    pub max_length: Option<u64>,
    /// `minLength`, counted in characters.
    pub min_length: Option<u64>,
    /// `minimum` (inclusive unless `exclusive_minimum`).
    pub minimum: Option<f64>,
    /// `exclusiveMinimum`.
    pub exclusive_minimum: bool,
    /// `maximum` (inclusive unless `exclusive_maximum`).
    pub maximum: Option<f64>,
    /// `exclusiveMaximum`.
    pub exclusive_maximum: bool,
    /// `minItems`.
    pub min_items: Option<u64>,
    /// `maxItems`.
    pub max_items: Option<u64>,
    /// `pattern`, an ECMA-262 regular expression the generator has compiled once already.
    pub pattern: Option<Pattern>,
    /// `multipleOf` (positive; lowering drops any other).
    pub multiple_of: Option<f64>,
    /// `uniqueItems: true`.
    pub unique_items: bool,
    /// `minProperties`, for maps.
    pub min_properties: Option<u64>,
    /// `maxProperties`, for maps.
    pub max_properties: Option<u64>,
    /// A string `format` with one meaning, checked on values kept as `String`.
    pub format: Option<StringFormat>,
    /// What each item of an array, or each value of a map, is checked against (`items` or
    /// `additionalProperties` written inline or referring to a constrained scalar).
    pub items: Option<Box<Constraints>>,
}

/// A `pattern` as the runtime compiles it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    /// The ECMA-262 source, without the inline flags taken out of it.
    pub source: String,
    /// Whether it matches ignoring case: the spec wrote Java's or PCRE's inline `(?i)`, which
    /// ECMA-262 has no syntax for, so it is read as the `i` flag on the whole pattern.
    pub ignore_case: bool,
    /// The pattern as the spec writes it, for messages.
    pub written: String,
    /// The file-level `static` the pattern is compiled in, shared by every check of it
    /// (`lower::patterns`); `None`: a `static` of its own at the check.
    pub static_name: Option<String>,
}

/// A pattern compiled once for the whole generated file, in a `static`.
#[derive(Debug, Clone, PartialEq)]
pub struct SharedPattern {
    /// The `static`'s name (`PATTERN_1`, ...).
    pub name: String,
    /// The pattern (its `static_name` is `name`).
    pub pattern: Pattern,
    /// True when only operation parameters check it, so it goes with the client (and is left
    /// out with it); false when a request type's `Validate` impl checks it.
    pub client_only: bool,
}

/// A string `format` whose meaning is settled enough to check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StringFormat {
    /// `uuid`: RFC 9562 text form, `8-4-4-4-12` hex digits.
    Uuid,
    /// `date`: RFC 3339 `full-date`.
    Date,
    /// `date-time`: RFC 3339 `date-time` (only when the value is kept as a `String`).
    DateTime,
    /// `email`: the address syntax, loosely.
    Email,
    /// `ipv4`: dotted quad.
    Ipv4,
    /// `ipv6`: RFC 4291 text form.
    Ipv6,
}

impl Constraints {
    /// True when there is nothing to check.
    pub fn is_empty(&self) -> bool {
        self == &Constraints::default()
    }

    /// The checks these constraints make on a value of type `ty`: length, `pattern` and
    /// `format` on strings, bounds and `multipleOf` on numbers, item counts and `uniqueItems` on
    /// arrays (not tuples), property counts on maps; nothing otherwise.
    pub fn checks(&self, ty: &TypeRef) -> Vec<ConstraintCheck> {
        let checks = match ty {
            TypeRef::String => vec![
                self.max_length.map(ConstraintCheck::MaxLength),
                self.min_length.map(ConstraintCheck::MinLength),
                self.pattern.clone().map(ConstraintCheck::Pattern),
                self.format.map(ConstraintCheck::Format),
            ],
            ty if ty.is_numeric() => vec![
                self.minimum
                    .map(|min| ConstraintCheck::Minimum(min, self.exclusive_minimum)),
                self.maximum
                    .map(|max| ConstraintCheck::Maximum(max, self.exclusive_maximum)),
                self.multiple_of.map(|step| multiple_of_check(ty, step)),
            ],
            TypeRef::Array(item) => vec![
                self.min_items
                    .filter(|min| *min > 0)
                    .map(ConstraintCheck::MinItems),
                self.max_items.map(ConstraintCheck::MaxItems),
                self.unique_items.then_some(ConstraintCheck::UniqueItems),
                self.each(item).map(ConstraintCheck::EachItem),
            ],
            TypeRef::Map(value) => vec![
                self.min_properties
                    .filter(|min| *min > 0)
                    .map(ConstraintCheck::MinProperties),
                self.max_properties.map(ConstraintCheck::MaxProperties),
                self.each(value).map(ConstraintCheck::EachValue),
            ],
            // A tuple's item count is its type's, so `minItems`/`maxItems` hold by construction.
            _ => Vec::new(),
        };
        checks.into_iter().flatten().collect()
    }
}

impl Constraints {
    /// The checks on each item (or map value) of type `item`, if there are any.
    fn each(&self, item: &TypeRef) -> Option<Vec<ConstraintCheck>> {
        let checks = self.items.as_ref()?.checks(item);
        (!checks.is_empty()).then_some(checks)
    }
}

/// `multipleOf` on an integer type with a whole step is checked exactly, in integers; anything
/// else as a floating-point quotient (see the runtime's `Report::multiple_of`).
fn multiple_of_check(ty: &TypeRef, step: f64) -> ConstraintCheck {
    // `u64::MAX as f64` is 2^64: every whole step below it converts to `u64` exactly.
    let whole = step.fract() == 0.0 && step < u64::MAX as f64;
    if ty.is_integer() && whole {
        ConstraintCheck::MultipleOfInteger(step as u64)
    } else {
        ConstraintCheck::MultipleOf(step)
    }
}

/// One check a constraint makes on a value, as `Constraints::checks` decides it.
#[derive(Debug, Clone, PartialEq)]
pub enum ConstraintCheck {
    /// At most this many characters.
    MaxLength(u64),
    /// At least this many characters.
    MinLength(u64),
    /// At least this much (exclusive when the flag is set).
    Minimum(f64, bool),
    /// At most this much (exclusive when the flag is set).
    Maximum(f64, bool),
    /// At least this many items (never zero).
    MinItems(u64),
    /// At most this many items.
    MaxItems(u64),
    /// Matches this ECMA-262 pattern somewhere (unanchored, as JSON Schema means it).
    Pattern(Pattern),
    /// A whole multiple of this positive integer, checked exactly.
    MultipleOfInteger(u64),
    /// A multiple of this positive number, within the runtime's tolerance.
    MultipleOf(f64),
    /// No two items serialize to equal JSON values.
    UniqueItems,
    /// At least this many entries (never zero).
    MinProperties(u64),
    /// At most this many entries.
    MaxProperties(u64),
    /// Is text of this format.
    Format(StringFormat),
    /// Each item of the array passes these checks (at `at[index]`).
    EachItem(Vec<ConstraintCheck>),
    /// Each value of the map passes these checks (at `at.key`).
    EachValue(Vec<ConstraintCheck>),
}

#[cfg(test)]
mod tests {
    use super::{ConstraintCheck, Constraints, Pattern, StringFormat};
    use crate::ir::TypeRef;

    fn starts_with_a() -> Pattern {
        Pattern {
            source: "^a".into(),
            ignore_case: false,
            written: "^a".into(),
            static_name: None,
        }
    }

    #[test]
    fn each_keyword_checks_only_the_values_it_means() {
        let all = Constraints {
            pattern: Some(starts_with_a()),
            format: Some(StringFormat::Uuid),
            multiple_of: Some(5.0),
            unique_items: true,
            min_properties: Some(0),
            max_properties: Some(2),
            ..Default::default()
        };
        assert_eq!(
            all.checks(&TypeRef::String),
            [
                ConstraintCheck::Pattern(starts_with_a()),
                ConstraintCheck::Format(StringFormat::Uuid)
            ]
        );
        // A whole step on an integer is exact; on a float, or a fraction, it is not.
        assert_eq!(
            all.checks(&TypeRef::U64),
            [ConstraintCheck::MultipleOfInteger(5)]
        );
        assert_eq!(
            all.checks(&TypeRef::F32),
            [ConstraintCheck::MultipleOf(5.0)]
        );
        let half = Constraints {
            multiple_of: Some(0.5),
            ..Default::default()
        };
        assert_eq!(
            half.checks(&TypeRef::I32),
            [ConstraintCheck::MultipleOf(0.5)]
        );
        let list = TypeRef::Array(Box::new(TypeRef::String));
        assert_eq!(all.checks(&list), [ConstraintCheck::UniqueItems]);
        // `minProperties: 0` holds for every map.
        let map = TypeRef::Map(Box::new(TypeRef::String));
        assert_eq!(all.checks(&map), [ConstraintCheck::MaxProperties(2)]);
        // A struct's property count is its type's business: nothing is checked.
        assert!(all.checks(&TypeRef::Named("Pet".into())).is_empty());
        assert!(all
            .checks(&TypeRef::Tuple(vec![TypeRef::String]))
            .is_empty());
    }

    #[test]
    fn item_constraints_check_each_item_or_value_by_its_type() {
        let short = Constraints {
            max_length: Some(3),
            ..Default::default()
        };
        let each_short = Constraints {
            items: Some(Box::new(short.clone())),
            ..Default::default()
        };
        let strings = TypeRef::Array(Box::new(TypeRef::String));
        assert_eq!(
            each_short.checks(&strings),
            [ConstraintCheck::EachItem(vec![ConstraintCheck::MaxLength(
                3
            )])]
        );
        let map = TypeRef::Map(Box::new(TypeRef::String));
        assert_eq!(
            each_short.checks(&map),
            [ConstraintCheck::EachValue(vec![
                ConstraintCheck::MaxLength(3)
            ])]
        );
        // Lists of lists nest; a length bound on numbers checks nothing, so no loop either.
        let nested = Constraints {
            items: Some(Box::new(each_short.clone())),
            ..Default::default()
        };
        assert_eq!(
            nested.checks(&TypeRef::Array(Box::new(strings))),
            [ConstraintCheck::EachItem(vec![ConstraintCheck::EachItem(
                vec![ConstraintCheck::MaxLength(3)]
            )])]
        );
        assert!(each_short
            .checks(&TypeRef::Array(Box::new(TypeRef::I64)))
            .is_empty());
    }
}
