//! One JSON Schema 2020-12 schema (as OpenAPI 3.1 writes them) rewritten in place into the
//! OpenAPI 3.0 form `openapiv3` reads, keyword by keyword, then every schema nested in it.
//!
//! Each rewrite keeps what the schema says where 3.0 has a way to say it (`type: [T, "null"]`
//! is `type: T, nullable: true`); where it has none, the construct is either carried to
//! lowering in an `x-oagen-*` extension (a tuple) or approximated with a warning naming the
//! pointer. The rewrite is done before any child is visited, so children it creates (the
//! alternatives split from a type array) are visited like the rest: every node once, linear in
//! the document's size.

use serde_json::{Map, Value};

use super::super::Here;
use super::{keywords, Reading};
use crate::error::{Construct, DiagnosticKind};

/// Keywords that hold one schema.
const ONE_SCHEMA: [&str; 10] = [
    "items",
    "additionalProperties",
    "not",
    "contains",
    "propertyNames",
    "if",
    "then",
    "else",
    "unevaluatedItems",
    "unevaluatedProperties",
];
/// Keywords that hold a map of schemas.
const SCHEMA_MAPS: [&str; 5] = [
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
];
/// Keywords that hold a list of schemas (`x-oagen-tuple` is where `prefixItems` goes).
const SCHEMA_LISTS: [&str; 4] = ["allOf", "oneOf", "anyOf", "x-oagen-tuple"];

/// Keywords that apply to one instance type only, by type, for splitting `type: [A, B]`.
const STRING_KEYWORDS: [&str; 5] = [
    "minLength",
    "maxLength",
    "pattern",
    "contentEncoding",
    "contentMediaType",
];
const NUMBER_KEYWORDS: [&str; 5] = [
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
];
const ARRAY_KEYWORDS: [&str; 6] = [
    "items",
    "prefixItems",
    "minItems",
    "maxItems",
    "uniqueItems",
    "contains",
];
const OBJECT_KEYWORDS: [&str; 9] = [
    "properties",
    "required",
    "additionalProperties",
    "patternProperties",
    "propertyNames",
    "minProperties",
    "maxProperties",
    "dependentRequired",
    "unevaluatedProperties",
];

/// Where a schema stands: its place, the schema `$recursiveRef: "#"` means (the outermost
/// schema it is part of) and whether it describes a body that is not JSON.
#[derive(Clone, Copy)]
pub(super) struct Place<'a> {
    pub(super) here: Here<'a>,
    pub(super) root: &'a str,
    pub(super) raw_body: bool,
}

impl<'a> Place<'a> {
    fn child(&self, here: Here<'a>) -> Place<'a> {
        Place { here, ..*self }
    }
}

/// Rewrites the schema at `value` and every schema in it.
pub(super) fn schema(value: &mut Value, place: Place<'_>, reading: &mut Reading) {
    match value {
        Value::Bool(true) => {
            reading.count("boolean schemas");
            *value = Value::Object(Map::new());
        }
        Value::Bool(false) => {
            reading.count("boolean schemas");
            let mut never = Map::new();
            never.insert("not".to_owned(), Value::Object(Map::new()));
            *value = Value::Object(never);
        }
        _ => {}
    }
    let Value::Object(map) = value else {
        return;
    };
    rewrite(map, place, reading);
    children(map, place, reading);
}

/// The schema's own keywords, in an order where each step sees the previous ones' output.
fn rewrite(map: &mut Map<String, Value>, place: Place<'_>, reading: &mut Reading) {
    recursive_reference(map, place, reading);
    reference_siblings(map, reading);
    if map.contains_key("$ref") {
        return;
    }
    examples(map, reading);
    constant(map, reading);
    type_list(map, place, reading);
    null_alternatives(map, reading);
    keywords::exclusive_bound(map, "exclusiveMinimum", "minimum", reading);
    keywords::exclusive_bound(map, "exclusiveMaximum", "maximum", reading);
    keywords::prefix_items(map, place, reading);
    keywords::pattern_properties(map, place, reading);
    keywords::property_names(map, place, reading);
    keywords::content(map, place, reading);
    keywords::dependent_required(map, reading);
    keywords::unsupported(map, place, reading);
    keywords::unevaluated(map, reading);
}

/// Every schema nested in `map`.
fn children(map: &mut Map<String, Value>, place: Place<'_>, reading: &mut Reading) {
    for (keyword, child) in map.iter_mut() {
        let keyword_place = place.child(Here::Key(&place.here, keyword));
        let keyword = keyword.as_str();
        if ONE_SCHEMA.contains(&keyword) {
            // `additionalProperties: false` and `items: false` stay booleans, which 3.0 reads.
            if !(child.is_boolean() && (keyword == "additionalProperties" || keyword == "items")) {
                schema(child, keyword_place, reading);
            }
        } else if SCHEMA_MAPS.contains(&keyword) {
            if let Value::Object(members) = child {
                for (name, member) in members.iter_mut() {
                    schema(
                        member,
                        keyword_place.child(Here::Key(&keyword_place.here, name)),
                        reading,
                    );
                }
            }
        } else if SCHEMA_LISTS.contains(&keyword) {
            if let Value::Array(members) = child {
                for (index, member) in members.iter_mut().enumerate() {
                    schema(
                        member,
                        keyword_place.child(Here::Index(&keyword_place.here, index)),
                        reading,
                    );
                }
            }
        }
    }
}

/// `$recursiveRef: "#"` (2019-09) and `$dynamicRef` (2020-12) name the outermost schema they
/// sit in (the resource root, when nothing extends it): a plain `$ref` to that place.
fn recursive_reference(map: &mut Map<String, Value>, place: Place<'_>, reading: &mut Reading) {
    for keyword in ["$recursiveRef", "$dynamicRef"] {
        if let Some(Value::String(_)) = map.remove(keyword) {
            reading.count(keyword);
            map.insert("$ref".to_owned(), Value::from(place.root));
        }
    }
    for keyword in ["$recursiveAnchor", "$dynamicAnchor"] {
        map.remove(keyword);
    }
}

/// A `$ref` with keywords beside it: in 3.1 they apply too (3.0 ignores them). Written as
/// `allOf: [{$ref}]` with the other keywords beside it, which is how 3.0 documents say it and how
/// lowering reads a described or nullable reference.
fn reference_siblings(map: &mut Map<String, Value>, reading: &mut Reading) {
    let Some(Value::String(_)) = map.get("$ref") else {
        return;
    };
    // Annotations that say nothing about values are dropped rather than wrapped.
    map.remove("$comment");
    if map.len() == 1 {
        return;
    }
    reading.count("$ref with sibling keywords");
    let reference = map.remove("$ref").unwrap_or(Value::Null);
    // `summary` belongs to reference objects; on a schema it reads as the description.
    if let Some(summary) = map.remove("summary") {
        map.entry("description").or_insert(summary);
    }
    // `type` beside a reference repeats the target's type (or adds `null` to it).
    if let Some(written) = map.remove("type") {
        if type_names(&written).contains(&"null") {
            map.insert("nullable".to_owned(), Value::Bool(true));
        }
    }
    let mut wrapped = Map::new();
    wrapped.insert("$ref".to_owned(), reference);
    let mut members = vec![Value::Object(wrapped)];
    if let Some(Value::Array(existing)) = map.remove("allOf") {
        members.extend(existing);
    }
    map.insert("allOf".to_owned(), Value::Array(members));
}

/// The type names of a `type` value: one string or a list of them.
fn type_names(value: &Value) -> Vec<&str> {
    match value {
        Value::String(name) => vec![name.as_str()],
        Value::Array(names) => names.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// `examples: [a, b]` (2020-12) next to no `example`: the first is the schema's example.
fn examples(map: &mut Map<String, Value>, reading: &mut Reading) {
    if !map.get("examples").is_some_and(Value::is_array) {
        return;
    }
    reading.count("examples arrays");
    if let Some(Value::Array(mut examples)) = map.remove("examples") {
        if !map.contains_key("example") && !examples.is_empty() {
            map.insert("example".to_owned(), examples.swap_remove(0));
        }
    }
}

/// `const: v` is a one-value `enum` (and `const: null` a nullable schema), with the type the
/// value has when none is written.
fn constant(map: &mut Map<String, Value>, reading: &mut Reading) {
    let Some(value) = map.remove("const") else {
        return;
    };
    reading.count("const");
    if value.is_null() {
        map.insert("nullable".to_owned(), Value::Bool(true));
        return;
    }
    if !map.contains_key("type") {
        if let Some(name) = json_type(&value) {
            map.insert("type".to_owned(), Value::from(name));
        }
    }
    if !map.contains_key("enum") {
        map.insert("enum".to_owned(), Value::Array(vec![value]));
    }
}

/// The JSON Schema type of a value (`integer` for whole numbers).
fn json_type(value: &Value) -> Option<&'static str> {
    Some(match value {
        Value::Null => return None,
        Value::Bool(_) => "boolean",
        Value::Number(number) if number.is_i64() || number.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    })
}

/// `type: [T, "null"]` is `type: T, nullable: true`; `type: "null"` alone is a nullable schema
/// of no type; several non-null types become a `oneOf` of one schema per type, each with the
/// keywords that apply to it (`integer` with `number` is a number).
fn type_list(map: &mut Map<String, Value>, place: Place<'_>, reading: &mut Reading) {
    let Some(written) = map.get("type") else {
        return;
    };
    if !written.is_array() && written.as_str() != Some("null") {
        return;
    }
    let mut names: Vec<String> = type_names(written).into_iter().map(str::to_owned).collect();
    names.dedup();
    map.remove("type");
    if names.iter().any(|name| name == "null") {
        reading.count("null in a type list");
        map.insert("nullable".to_owned(), Value::Bool(true));
        names.retain(|name| name != "null");
    }
    if names.iter().any(|name| name == "number") {
        names.retain(|name| name != "integer");
    }
    match names.as_slice() {
        [] => {}
        [only] => {
            map.insert("type".to_owned(), Value::from(only.as_str()));
        }
        several => {
            reading.count("type lists of several types");
            if ["oneOf", "anyOf", "allOf"]
                .iter()
                .any(|keyword| map.contains_key(*keyword))
            {
                reading.warn(
                    DiagnosticKind::Unsupported(Construct::TypeList),
                    Here::Key(&place.here, "type").pointer(),
                    format!("`type: [{}]` beside a composition cannot be split into alternatives; the composition alone decides the type", several.join(", ")),
                );
                return;
            }
            let alternatives = several
                .iter()
                .map(|name| Value::Object(alternative_of_type(map, name)))
                .collect();
            for keyword in STRING_KEYWORDS
                .iter()
                .chain(&NUMBER_KEYWORDS)
                .chain(&ARRAY_KEYWORDS)
                .chain(&OBJECT_KEYWORDS)
                .chain(&["enum", "format"])
            {
                map.remove(*keyword);
            }
            map.insert("oneOf".to_owned(), Value::Array(alternatives));
        }
    }
}

/// One alternative of a split type list: `{type: name}` with the keywords that apply to it.
fn alternative_of_type(map: &Map<String, Value>, name: &str) -> Map<String, Value> {
    let mut alternative = Map::new();
    alternative.insert("type".to_owned(), Value::from(name));
    let keywords: &[&str] = match name {
        "string" => &STRING_KEYWORDS,
        "number" | "integer" => &NUMBER_KEYWORDS,
        "array" => &ARRAY_KEYWORDS,
        "object" => &OBJECT_KEYWORDS,
        _ => &[],
    };
    for keyword in keywords {
        if let Some(value) = map.get(*keyword) {
            alternative.insert((*keyword).to_owned(), value.clone());
        }
    }
    if matches!(name, "string" | "number" | "integer") {
        if let Some(format) = map.get("format") {
            alternative.insert("format".to_owned(), format.clone());
        }
    }
    if let Some(Value::Array(values)) = map.get("enum") {
        let kept: Vec<Value> = values
            .iter()
            .filter(|value| {
                json_type(value).is_some_and(|t| t == name || (t == "integer" && name == "number"))
            })
            .cloned()
            .collect();
        if !kept.is_empty() {
            alternative.insert("enum".to_owned(), Value::Array(kept));
        }
    }
    alternative
}

/// Whether an alternative only admits `null` (`{type: "null"}`, `{const: null}`, ...).
fn is_null_schema(value: &Value) -> bool {
    let Value::Object(map) = value else {
        return false;
    };
    let only_null_type = map
        .get("type")
        .is_some_and(|written| type_names(written) == ["null"]);
    let only_null_value = map.get("const").is_some_and(Value::is_null)
        || matches!(map.get("enum"), Some(Value::Array(values)) if values.iter().all(Value::is_null) && !values.is_empty());
    only_null_type || only_null_value
}

/// `oneOf`/`anyOf` with a `null` alternative: the other alternatives, nullable.
fn null_alternatives(map: &mut Map<String, Value>, reading: &mut Reading) {
    for keyword in ["oneOf", "anyOf"] {
        let Some(Value::Array(alternatives)) = map.get_mut(keyword) else {
            continue;
        };
        let before = alternatives.len();
        alternatives.retain(|alternative| !is_null_schema(alternative));
        if alternatives.len() == before {
            continue;
        }
        reading.count("null alternatives");
        if alternatives.is_empty() {
            map.remove(keyword);
        }
        map.insert("nullable".to_owned(), Value::Bool(true));
    }
}
