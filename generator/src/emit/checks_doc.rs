//! The sentences a field's docs add for what is checked before sending, written from the checks
//! lowering decided (`Constraints::checks`), so the docs name exactly what the client refuses.

use super::docs::inline_code;
use crate::ir::{ConstraintCheck, Field, StringFormat};

/// One sentence per check on the field's value, in the order the checks run. A bound the
/// field's description already states in the same words is not repeated.
pub fn check_notes(field: &Field) -> Vec<String> {
    let described = field.doc.as_deref().unwrap_or_default().to_lowercase();
    field
        .constraints
        .checks(&field.ty)
        .into_iter()
        .filter(|check| !already_described(check, &described))
        .map(sentence)
        .collect()
}

fn already_described(check: &ConstraintCheck, described: &str) -> bool {
    match check {
        ConstraintCheck::MaxLength(max) => described.contains(&format!("at most {max}")),
        ConstraintCheck::Minimum(..) => described.contains("minimum"),
        ConstraintCheck::Maximum(..) => described.contains("maximum"),
        _ => false,
    }
}

fn sentence(check: ConstraintCheck) -> String {
    match check {
        ConstraintCheck::MaxLength(max) => format!("At most {}.", counted(max, "character")),
        ConstraintCheck::MinLength(min) => format!("At least {}.", counted(min, "character")),
        ConstraintCheck::Minimum(min, true) => format!("Greater than {min}."),
        ConstraintCheck::Minimum(min, false) => format!("Minimum: {min}."),
        ConstraintCheck::Maximum(max, true) => format!("Less than {max}."),
        ConstraintCheck::Maximum(max, false) => format!("Maximum: {max}."),
        ConstraintCheck::MinItems(min) => format!("At least {}.", counted(min, "item")),
        ConstraintCheck::MaxItems(max) => format!("At most {}.", counted(max, "item")),
        ConstraintCheck::Pattern(pattern) => {
            let case = if pattern.ignore_case {
                ", ignoring case"
            } else {
                ""
            };
            format!("Matches {}{case}.", inline_code(&pattern.written))
        }
        ConstraintCheck::MultipleOfInteger(step) => format!("A multiple of {step}."),
        ConstraintCheck::MultipleOf(step) => format!("A multiple of {step}."),
        ConstraintCheck::UniqueItems => "No two items equal.".to_owned(),
        ConstraintCheck::MinProperties(min) => format!("At least {}.", counted(min, "entry")),
        ConstraintCheck::MaxProperties(max) => format!("At most {}.", counted(max, "entry")),
        ConstraintCheck::Format(format) => format!("A valid {}.", format_name(format)),
        ConstraintCheck::EachItem(checks) => format!("Each item: {}", each(checks)),
        ConstraintCheck::EachValue(checks) => format!("Each value: {}", each(checks)),
    }
}

/// `1 item`, `3 items`, `2 entries`.
fn counted(count: u64, noun: &str) -> String {
    match (count, noun.strip_suffix('y')) {
        (1, _) => format!("1 {noun}"),
        (_, Some(stem)) => format!("{count} {stem}ies"),
        (_, None) => format!("{count} {noun}s"),
    }
}

/// The sentences for an item's checks, run together after "Each item:".
fn each(checks: Vec<ConstraintCheck>) -> String {
    let sentences: Vec<String> = checks.into_iter().map(sentence).collect();
    let joined = sentences.join(" ");
    // "Each item: at most 5 characters." reads better than "Each item: At most ...".
    let mut letters = joined.chars();
    match letters.next() {
        Some(first) => first.to_lowercase().chain(letters).collect(),
        None => joined,
    }
}

fn format_name(format: StringFormat) -> &'static str {
    match format {
        StringFormat::Uuid => "UUID",
        StringFormat::Date => "date (RFC 3339 `full-date`)",
        StringFormat::DateTime => "date-time (RFC 3339)",
        StringFormat::Email => "email address",
        StringFormat::Ipv4 => "IPv4 address",
        StringFormat::Ipv6 => "IPv6 address",
    }
}

#[cfg(test)]
mod tests {
    use super::check_notes;
    use crate::ir::{Constraints, Field, Pattern, Presence, TypeRef};

    fn field(ty: TypeRef, doc: Option<&str>, constraints: Constraints) -> Field {
        Field {
            rust_name: "f".into(),
            wire_name: "f".into(),
            aliases: Vec::new(),
            doc: doc.map(Into::into),
            ty,
            boxed: false,
            presence: Presence::Optional,
            constraints,
        }
    }

    #[test]
    fn each_check_is_named_once() {
        let tags = field(
            TypeRef::Array(Box::new(TypeRef::String)),
            Some("Tags, at most 3."),
            Constraints {
                max_items: Some(3),
                unique_items: true,
                items: Some(Box::new(Constraints {
                    max_length: Some(10),
                    pattern: Some(Pattern {
                        source: "^[a-z]+$".into(),
                        ignore_case: true,
                        written: "(?i)^[a-z]+$".into(),
                        static_name: None,
                    }),
                    ..Default::default()
                })),
                ..Default::default()
            },
        );
        assert_eq!(
            check_notes(&tags),
            [
                "At most 3 items.",
                "No two items equal.",
                "Each item: at most 10 characters. Matches `(?i)^[a-z]+$`, ignoring case."
            ]
        );
        // A length the description states in the same words is not said twice; one on a
        // number checks nothing and is not mentioned.
        let described = field(
            TypeRef::String,
            Some("At most 5 characters."),
            Constraints {
                max_length: Some(5),
                ..Default::default()
            },
        );
        assert!(check_notes(&described).is_empty());
        let misplaced = field(
            TypeRef::I32,
            None,
            Constraints {
                max_length: Some(5),
                ..Default::default()
            },
        );
        assert!(check_notes(&misplaced).is_empty());
    }
}
