//! The 3.1 schema keywords that change no type's shape but its details (bounds, tuples, maps,
//! encodings, rules) or that have no Rust form (conditions), each rewritten into its 3.0 form
//! or named in a warning. [`super::schema`] calls them in order.

use serde_json::{Map, Value};

use super::super::Here;
use super::schema::Place;
use super::Reading;
use crate::error::{Construct, DiagnosticKind};

/// A numeric `exclusiveMinimum: n` (2020-12) is 3.0's `minimum: n, exclusiveMinimum: true`;
/// beside a `minimum` of its own, the stricter bound stays. The boolean 3.0 form is left alone.
pub(super) fn exclusive_bound(
    map: &mut Map<String, Value>,
    exclusive: &str,
    inclusive: &str,
    reading: &mut Reading,
) {
    let Some(Value::Number(bound)) = map.get(exclusive).cloned() else {
        return;
    };
    reading.count("numeric exclusive bounds");
    let stricter_than_inclusive = match map.get(inclusive).and_then(Value::as_f64) {
        None => true,
        Some(inclusive_bound) => {
            let exclusive_bound = bound.as_f64().unwrap_or(inclusive_bound);
            if inclusive == "minimum" {
                exclusive_bound >= inclusive_bound
            } else {
                exclusive_bound <= inclusive_bound
            }
        }
    };
    if stricter_than_inclusive {
        map.insert(inclusive.to_owned(), Value::Number(bound));
        map.insert(exclusive.to_owned(), Value::Bool(true));
    } else {
        map.remove(exclusive);
    }
}

/// `prefixItems`: exactly that many items (`minItems` of the number of prefix items, with
/// `items: false` or a `maxItems` of that number) is a tuple, carried to lowering as
/// `x-oagen-tuple`; otherwise (`items: false` alone still admits shorter arrays, which a Rust
/// tuple cannot read) the items are kept as JSON values, with a warning.
pub(super) fn prefix_items(map: &mut Map<String, Value>, place: Place<'_>, reading: &mut Reading) {
    let Some(Value::Array(prefix)) = map.remove("prefixItems") else {
        return;
    };
    reading.count("prefixItems");
    let count = prefix.len() as u64;
    let no_more = map.get("items") == Some(&Value::Bool(false))
        || map.get("unevaluatedItems") == Some(&Value::Bool(false))
        || map
            .get("maxItems")
            .and_then(Value::as_u64)
            .is_some_and(|max| max <= count);
    let no_fewer = map.get("items") == Some(&Value::Bool(false)) && count == 0
        || map
            .get("minItems")
            .and_then(Value::as_u64)
            .is_some_and(|min| min >= count);
    map.entry("type").or_insert_with(|| Value::from("array"));
    if no_more && no_fewer {
        map.remove("items");
        map.remove("unevaluatedItems");
        map.insert("x-oagen-tuple".to_owned(), Value::Array(prefix));
        return;
    }
    let items = if count == 1 { "item" } else { "items" };
    reading.warn(
        DiagnosticKind::Unsupported(Construct::PrefixItems),
        Here::Key(&place.here, "prefixItems").pointer(),
        format!("`prefixItems` with {count} {items} admits arrays of other lengths (a tuple needs `minItems: {count}` with `items: false` or `maxItems: {count}`), which no Rust tuple reads; the items are kept as serde_json::Value"),
    );
    map.insert("items".to_owned(), Value::Object(Map::new()));
}

/// `patternProperties`: a map whose values are the patterns' schema (one pattern, or patterns
/// that agree; any JSON value otherwise); the key patterns are not checked, as the warning says.
pub(super) fn pattern_properties(
    map: &mut Map<String, Value>,
    place: Place<'_>,
    reading: &mut Reading,
) {
    let Some(Value::Object(patterns)) = map.remove("patternProperties") else {
        return;
    };
    reading.count("patternProperties");
    let mut schemas = patterns.values();
    let first = schemas.next().cloned();
    let agreed = match first {
        Some(first) if schemas.all(|other| *other == first) => first,
        _ => Value::Object(Map::new()),
    };
    let keys: Vec<String> = patterns.keys().map(|key| format!("`{key}`")).collect();
    // `additionalProperties: false` forbids keys no pattern matches: the map is the patterns'.
    match map.get("additionalProperties") {
        None | Some(Value::Bool(false)) => {
            map.insert("additionalProperties".to_owned(), agreed);
        }
        Some(other) if *other != agreed && *other != Value::Bool(true) => {
            map.insert("additionalProperties".to_owned(), Value::Object(Map::new()));
        }
        Some(_) => {}
    }
    map.entry("type").or_insert_with(|| Value::from("object"));
    reading.warn(
        DiagnosticKind::Unsupported(Construct::PatternProperties),
        Here::Key(&place.here, "patternProperties").pointer(),
        format!("`patternProperties` is read as a map (`additionalProperties`); keys are not checked against {}", keys.join(", ")),
    );
}

/// `propertyNames`: the object is a map either way; its key constraints are not checked.
pub(super) fn property_names(
    map: &mut Map<String, Value>,
    place: Place<'_>,
    reading: &mut Reading,
) {
    let Some(names) = map.remove("propertyNames") else {
        return;
    };
    reading.count("propertyNames");
    if !map.contains_key("properties") && !map.contains_key("additionalProperties") {
        map.insert("additionalProperties".to_owned(), Value::Bool(true));
    }
    map.entry("type").or_insert_with(|| Value::from("object"));
    let only_says_string = names.as_object().is_some_and(|names| {
        names
            .iter()
            .all(|(key, value)| key == "type" && value == "string")
    });
    if !only_says_string {
        reading.warn(
            DiagnosticKind::Unsupported(Construct::PropertyNames),
            Here::Key(&place.here, "propertyNames").pointer(),
            "`propertyNames` is not checked: the object is read as a map with any string keys",
        );
    }
}

/// `contentEncoding: base64` is 3.0's `format: byte`; `contentMediaType` on a string of a body
/// that is not JSON is `format: binary`, and elsewhere is said in the description.
pub(super) fn content(map: &mut Map<String, Value>, place: Place<'_>, reading: &mut Reading) {
    map.remove("contentSchema");
    let encoding = map.remove("contentEncoding");
    let media_type = map.remove("contentMediaType");
    if encoding.is_none() && media_type.is_none() {
        return;
    }
    reading.count("contentEncoding and contentMediaType");
    match encoding.as_ref().and_then(Value::as_str) {
        Some("base64") => {
            // Read by lowering as bytes (`Base64Bytes`); `format: byte` keeps other readers
            // of the rewritten document right about the text.
            map.insert("format".to_owned(), Value::from("byte"));
            map.insert("x-oagen-content-encoding".to_owned(), Value::from("base64"));
        }
        // Identity encodings: the octets as they are, which only a body that is not JSON
        // can carry (a multipart file part).
        Some("binary" | "8bit" | "7bit") if place.raw_body => {
            map.insert("format".to_owned(), Value::from("binary"));
        }
        Some("binary" | "8bit" | "7bit") => {}
        Some(other) => reading.warn(
            DiagnosticKind::Unsupported(Construct::ContentEncoding),
            Here::Key(&place.here, "contentEncoding").pointer(),
            format!("`contentEncoding: {other}` is not decoded; the value is kept as the string it is on the wire"),
        ),
        None => {}
    }
    let Some(media_type) = media_type.as_ref().and_then(Value::as_str) else {
        return;
    };
    if encoding.is_none() && place.raw_body {
        map.insert("format".to_owned(), Value::from("binary"));
        return;
    }
    append_description(map, &format!("Content type: `{media_type}`."));
}

/// Adds a paragraph to the schema's description.
fn append_description(map: &mut Map<String, Value>, said: &str) {
    let described = match map.get("description").and_then(Value::as_str) {
        Some(description) => format!("{description}\n\n{said}"),
        None => said.to_owned(),
    };
    map.insert("description".to_owned(), Value::from(described));
}

/// `dependentRequired: {a: [b]}` ("when `a` is present, so is `b`") is the `x-oagen-rules`
/// rule `requires`, checked before a request is sent.
pub(super) fn dependent_required(map: &mut Map<String, Value>, reading: &mut Reading) {
    let Some(Value::Object(dependencies)) = map.remove("dependentRequired") else {
        return;
    };
    reading.count("dependentRequired");
    let mut rules = match map.remove("x-oagen-rules") {
        Some(Value::Array(rules)) => rules,
        _ => Vec::new(),
    };
    for (field, required) in dependencies {
        for requires in required.as_array().into_iter().flatten() {
            let mut rule = Map::new();
            rule.insert("kind".to_owned(), Value::from("requires"));
            rule.insert("field".to_owned(), Value::from(field.as_str()));
            rule.insert("requires".to_owned(), requires.clone());
            rules.push(Value::Object(rule));
        }
    }
    map.insert("x-oagen-rules".to_owned(), Value::Array(rules));
}

/// Conditional and dependent schemas have no Rust form: the value is read by the schema's other
/// keywords, and the warning says the condition is not checked.
pub(super) fn unsupported(map: &mut Map<String, Value>, place: Place<'_>, reading: &mut Reading) {
    let conditional: Vec<&str> = ["if", "then", "else"]
        .into_iter()
        .filter(|keyword| map.contains_key(*keyword))
        .collect();
    if !conditional.is_empty() {
        reading.count("if/then/else");
        let pointer = Here::Key(&place.here, conditional[0]).pointer();
        reading.warn(
            DiagnosticKind::Unsupported(Construct::Conditional),
            pointer,
            "`if`/`then`/`else` is not checked and adds no fields; values are read by the schema's other keywords",
        );
        for keyword in conditional {
            map.remove(keyword);
        }
    }
    if map.remove("dependentSchemas").is_some() {
        reading.count("dependentSchemas");
        reading.warn(
            DiagnosticKind::Unsupported(Construct::Conditional),
            Here::Key(&place.here, "dependentSchemas").pointer(),
            "`dependentSchemas` is not checked and adds no fields; values are read by the schema's other keywords",
        );
    }
}

/// `unevaluatedProperties` on a schema with no composition means what `additionalProperties`
/// means; `unevaluatedItems` adds nothing a `Vec` can say.
pub(super) fn unevaluated(map: &mut Map<String, Value>, reading: &mut Reading) {
    if let Some(value) = map.remove("unevaluatedProperties") {
        reading.count("unevaluatedProperties");
        let composed = ["allOf", "oneOf", "anyOf"]
            .iter()
            .any(|keyword| map.contains_key(*keyword));
        if !composed && !map.contains_key("additionalProperties") {
            map.insert("additionalProperties".to_owned(), value);
        }
    }
    if map.remove("unevaluatedItems").is_some() {
        reading.count("unevaluatedItems");
    }
}
