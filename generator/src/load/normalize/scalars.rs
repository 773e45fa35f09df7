//! Schemas whose `type` says one thing while other keywords beside it say more: `openapiv3`
//! reads such a mix as "any value", so each is rewritten into the form that keeps what it says.
//!
//! - keywords that cannot apply to the written type (`minLength` on an array, `required` on a
//!   string) constrain nothing and are dropped, with a warning, since they are a spec mistake;
//! - a scalar `type` beside `allOf` references: the references say what the value is;
//! - a scalar `type` beside `oneOf`/`anyOf`: numbers each alternative fixes are an `enum` (the
//!   titles listed in the description), else the type moves into the alternatives.

use serde_json::{Map, Value};

use super::super::Here;
use crate::error::{Diagnostic, DiagnosticKind};

/// The keywords that apply to one instance type only, by type name.
const ONLY_FOR: [(&str, &[&str]); 4] = [
    ("string", &["minLength", "maxLength", "pattern"]),
    (
        "number",
        &[
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
        ],
    ),
    ("array", &["items", "minItems", "maxItems", "uniqueItems"]),
    (
        "object",
        &[
            "properties",
            "required",
            "additionalProperties",
            "minProperties",
            "maxProperties",
        ],
    ),
];

/// Drops keywords of another type than the one `type` names (`format` too, on arrays, objects
/// and booleans), one warning per schema naming them.
pub(super) fn foreign_keywords(
    map: &mut Map<String, Value>,
    here: Here<'_>,
    warnings: &mut Vec<Diagnostic>,
) {
    let Some(written) = map.get("type").and_then(Value::as_str).map(str::to_owned) else {
        return;
    };
    let written = written.as_str();
    // Integers take the number keywords.
    let own = if written == "integer" {
        "number"
    } else {
        written
    };
    if !["string", "number", "array", "object", "boolean"].contains(&own) {
        return;
    }
    let mut dropped: Vec<&str> = ONLY_FOR
        .iter()
        .filter(|(kind, _)| *kind != own)
        .flat_map(|(_, keywords)| keywords.iter().copied())
        .filter(|keyword| map.contains_key(*keyword))
        .collect();
    // A boolean `required` is `repair`'s to report; `format` means something for scalars only.
    dropped.retain(|keyword| {
        *keyword != "required" || map.get("required").is_some_and(Value::is_array)
    });
    if matches!(own, "array" | "object" | "boolean") && map.contains_key("format") {
        dropped.push("format");
    }
    // Beside a composition, the rules for compositions decide what the keywords mean.
    if dropped.is_empty()
        || map.contains_key("allOf")
        || map.contains_key("oneOf")
        || map.contains_key("anyOf")
    {
        return;
    }
    let boolean_additional = map
        .get("additionalProperties")
        .is_some_and(Value::is_boolean);
    for keyword in &dropped {
        map.remove(*keyword);
    }
    // `additionalProperties: true`/`false` on a scalar says nothing about it (spec generators
    // write it everywhere); only a schema there suggests the author meant an object.
    dropped.retain(|keyword| *keyword != "additionalProperties" || !boolean_additional);
    if dropped.is_empty() {
        return;
    }
    let listed: Vec<String> = dropped
        .iter()
        .map(|keyword| format!("`{keyword}`"))
        .collect();
    warnings.push(Diagnostic::warning(
        DiagnosticKind::Repaired,
        here.pointer(),
        format!(
            "{} cannot apply to a value of `type: {written}`; ignored",
            listed.join(", ")
        ),
    ));
}

/// A scalar `type` (with its `format` and `enum`) beside an `allOf` of references only: the
/// references say what the value is (`{type: integer, enum: [1], allOf: [$ref: Kind]}` is a
/// `Kind`), and `openapiv3` would read the mix as any value.
pub(super) fn scalar_beside_all_of(map: &mut Map<String, Value>) {
    let scalar = map
        .get("type")
        .and_then(Value::as_str)
        .is_some_and(|name| matches!(name, "string" | "integer" | "number" | "boolean"));
    let all_references = match map.get("allOf") {
        Some(Value::Array(parts)) => {
            !parts.is_empty() && parts.iter().all(|part| part.get("$ref").is_some())
        }
        _ => false,
    };
    if scalar && all_references {
        for keyword in ["type", "format", "enum"] {
            map.remove(keyword);
        }
    }
}

/// The value an alternative fixes (`const: v` or `enum: [v]`), with its title and description.
fn fixed_value(value: &Value) -> Option<(&Value, Option<&str>, Option<&str>)> {
    let map = value.as_object()?;
    let fixed = match (map.get("const"), map.get("enum")) {
        (Some(value), _) => value,
        (None, Some(Value::Array(values))) if values.len() == 1 => &values[0],
        _ => return None,
    };
    let title = map.get("title").and_then(Value::as_str);
    let description = map.get("description").and_then(Value::as_str);
    Some((fixed, title, description))
}

/// `oneOf`/`anyOf` beside a scalar `type` (3.0 parsers read only the type and lose the
/// alternatives). Alternatives that each fix one number are that number type with an `enum`,
/// each value's title and description listed in the description; otherwise the type moves into
/// the alternatives that lack one and the composition decides.
pub(super) fn typed_alternatives(map: &mut Map<String, Value>) {
    let Some(scalar) = map
        .get("type")
        .and_then(Value::as_str)
        .filter(|name| matches!(*name, "string" | "integer" | "number" | "boolean"))
        .map(str::to_owned)
    else {
        return;
    };
    let Some(keyword) = ["oneOf", "anyOf"]
        .into_iter()
        .find(|keyword| map.get(*keyword).is_some_and(Value::is_array))
    else {
        return;
    };
    let Some(Value::Array(alternatives)) = map.remove(keyword) else {
        return;
    };
    let fixed: Option<Vec<_>> = alternatives.iter().map(fixed_value).collect();
    if let Some(fixed) = fixed
        .filter(|fixed| scalar != "string" && fixed.iter().all(|(value, ..)| value.is_number()))
    {
        let listed: Vec<String> = fixed
            .iter()
            .map(|(value, title, description)| {
                let said: Vec<&str> = title.iter().chain(description).copied().collect();
                format!("- `{value}`: {}", said.join(": "))
            })
            .collect();
        let values = fixed.iter().map(|(value, ..)| (*value).clone()).collect();
        map.insert("enum".to_owned(), Value::Array(values));
        let described = match map.get("description").and_then(Value::as_str) {
            Some(description) => format!("{description}\n\n{}", listed.join("\n")),
            None => listed.join("\n"),
        };
        map.insert("description".to_owned(), Value::from(described));
        return;
    }
    map.remove("type");
    let alternatives = alternatives
        .into_iter()
        .map(|mut alternative| {
            if let Value::Object(inner) = &mut alternative {
                let says_what_it_is = ["type", "$ref", "allOf", "oneOf", "anyOf", "const"]
                    .iter()
                    .any(|keyword| inner.contains_key(*keyword));
                if !says_what_it_is {
                    inner.insert("type".to_owned(), Value::from(scalar.as_str()));
                }
            }
            alternative
        })
        .collect();
    map.insert(keyword.to_owned(), Value::Array(alternatives));
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::tests::normalized;
    use crate::error::DiagnosticKind;

    #[test]
    fn keywords_of_another_type_go_with_a_warning() {
        let (schema, warnings) = normalized(json!({
            "type": "array", "items": {"type": "string"}, "minLength": 1, "format": "set"
        }));
        assert_eq!(
            schema,
            json!({"type": "array", "items": {"type": "string"}})
        );
        assert_eq!(
            warnings,
            [(
                "#/components/schemas/A".to_owned(),
                DiagnosticKind::Repaired
            )]
        );
        // Integers take number keywords; strings keep their format.
        let written = json!({"type": "integer", "minimum": 1, "format": "int32"});
        assert_eq!(normalized(written.clone()), (written, Vec::new()));
        let (schema, _) =
            normalized(json!({"type": "string", "required": ["x"], "format": "uuid"}));
        assert_eq!(schema, json!({"type": "string", "format": "uuid"}));
    }

    #[test]
    fn a_scalar_type_beside_references_is_the_references() {
        let reference = json!({"$ref": "#/components/schemas/Kind"});
        let (schema, warnings) = normalized(json!({
            "type": "integer", "enum": [1], "format": "int32", "allOf": [reference], "description": "d"
        }));
        assert_eq!(schema, json!({"allOf": [reference], "description": "d"}));
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn number_constants_under_a_number_type_are_an_enum_with_their_names_documented() {
        let (schema, _) = normalized(json!({
            "type": "integer",
            "oneOf": [
                {"title": "GUILD_TEXT", "const": 0, "description": "a text channel"},
                {"title": "DM", "enum": [1]}
            ]
        }));
        assert_eq!(schema["type"], "integer");
        assert_eq!(schema["enum"], json!([0, 1]));
        assert_eq!(
            schema["description"],
            "- `0`: GUILD_TEXT: a text channel\n- `1`: DM"
        );
        assert!(schema.get("oneOf").is_none());
    }

    #[test]
    fn other_alternatives_under_a_scalar_type_take_the_type() {
        let (schema, _) = normalized(json!({
            "type": "string",
            "oneOf": [{"type": "string", "enum": ["a"], "title": "Alpha"}, {"format": "date"}]
        }));
        assert_eq!(
            schema,
            json!({"oneOf": [
                {"type": "string", "enum": ["a"], "title": "Alpha"},
                {"type": "string", "format": "date"}
            ]})
        );
    }
}
