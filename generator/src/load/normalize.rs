//! Normalising schemas in the raw document, before the typed parse, into the forms `openapiv3`
//! reads without dropping anything: `properties` without `type` (an object), `items` without
//! `type` (an array), and `type: object` next to `allOf`/`oneOf`/`anyOf` (the composition kept).
//!
//! `openapiv3` reads a schema through an untagged enum: a schema with `type` is read as that type
//! and any `allOf`/`oneOf`/`anyOf` beside it is ignored; an `allOf` without `type` ignores the
//! `properties` beside it; and a schema with neither, inside an `allOf`, is read as "any".
//! Rewriting the value first keeps each keyword where the typed parse will see it.

use serde_json::{Map, Value};

use super::Here;
use crate::error::{Construct, Diagnostic, DiagnosticKind};

mod scalars;

/// Keywords that only constrain objects.
const OBJECT_KEYWORDS: [&str; 5] = [
    "properties",
    "additionalProperties",
    "required",
    "minProperties",
    "maxProperties",
];
/// Keywords that only constrain arrays.
const ARRAY_KEYWORDS: [&str; 4] = ["items", "minItems", "maxItems", "uniqueItems"];
/// Schema keywords holding a list of schemas.
const COMPOSITIONS: [&str; 3] = ["allOf", "oneOf", "anyOf"];
/// Keywords whose values are data, never schemas or parts of the document's structure.
const DATA_KEYWORDS: [&str; 4] = ["example", "examples", "default", "enum"];

/// Normalises every schema of `document`, recording a warning for each rewrite that reads more
/// into the spec than the standard says.
pub(super) fn normalize(document: &mut Value, warnings: &mut Vec<Diagnostic>) {
    let Value::Object(root) = document else {
        return;
    };
    for (key, value) in root.iter_mut() {
        let here = Here::Key(&Here::Root, key);
        if key == "components" {
            components(value, here, warnings);
        } else if key == "paths" {
            structure(value, here, warnings);
        }
    }
}

/// `#/components`: each member of `schemas` is a schema; the other sections are searched for
/// the schemas they hold.
fn components(value: &mut Value, here: Here<'_>, warnings: &mut Vec<Diagnostic>) {
    let Value::Object(sections) = value else {
        return;
    };
    for (section, members) in sections.iter_mut() {
        let section_here = Here::Key(&here, section);
        if DATA_KEYWORDS.contains(&section.as_str()) || section.starts_with("x-") {
            continue;
        }
        if section != "schemas" {
            structure(members, section_here, warnings);
            continue;
        }
        if let Value::Object(members) = members {
            for (name, member) in members.iter_mut() {
                schema(member, Here::Key(&section_here, name), warnings);
            }
        }
    }
}

/// A part of the document that is not a schema (a path item, an operation, a response): every
/// `schema` member below it is a schema; examples and extensions are data and are left alone.
fn structure(value: &mut Value, here: Here<'_>, warnings: &mut Vec<Diagnostic>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                let child_here = Here::Key(&here, key);
                if key == "schema" {
                    schema(child, child_here, warnings);
                } else if !key.starts_with("x-") && !DATA_KEYWORDS.contains(&key.as_str()) {
                    structure(child, child_here, warnings);
                }
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter_mut().enumerate() {
                structure(item, Here::Index(&here, index), warnings);
            }
        }
        _ => {}
    }
}

/// A schema: its own keywords first, then each schema nested in it.
fn schema(value: &mut Value, here: Here<'_>, warnings: &mut Vec<Diagnostic>) {
    let Value::Object(map) = value else {
        return;
    };
    // `$ref` wins over everything beside it, which is never read.
    if map.get("$ref").is_some_and(Value::is_string) {
        return;
    }
    fold_annotation_parts(map);
    scalars::scalar_beside_all_of(map);
    scalars::typed_alternatives(map);
    scalars::foreign_keywords(map, here, warnings);
    add_implied_type(map);
    keep_composition(map, here, warnings);
    for (keyword, child) in map.iter_mut() {
        let keyword_here = Here::Key(&here, keyword);
        match keyword.as_str() {
            "items" | "additionalProperties" | "not" => schema(child, keyword_here, warnings),
            "properties" => {
                if let Value::Object(properties) = child {
                    for (name, property) in properties.iter_mut() {
                        schema(property, Here::Key(&keyword_here, name), warnings);
                    }
                }
            }
            "allOf" | "oneOf" | "anyOf" => {
                if let Value::Array(items) = child {
                    for (index, item) in items.iter_mut().enumerate() {
                        schema(item, Here::Index(&keyword_here, index), warnings);
                    }
                }
            }
            _ => {}
        }
    }
}

/// Keywords that describe a value without constraining it.
const ANNOTATIONS: [&str; 9] = [
    "description",
    "title",
    "example",
    "examples",
    "default",
    "deprecated",
    "readOnly",
    "writeOnly",
    "nullable",
];

/// An `allOf` part holding only annotations (`allOf: [{$ref: Date}, {description: ...}]`, how
/// many specs describe a reference) constrains nothing: its annotations move to the schema
/// (where it has none of its own) and the part goes, so `allOf: [$ref]` reads as the reference.
/// Kept, such a part is "not an object", and the whole `allOf` was read as any JSON value.
fn fold_annotation_parts(map: &mut Map<String, Value>) {
    let Some(Value::Array(parts)) = map.get("allOf") else {
        return;
    };
    let is_annotation_only = |part: &Value| {
        part.as_object().is_some_and(|part| {
            !part.is_empty()
                && part
                    .keys()
                    .all(|key| ANNOTATIONS.contains(&key.as_str()) || key.starts_with("x-"))
        })
    };
    if parts.len() < 2 || !parts.iter().any(is_annotation_only) {
        return;
    }
    let Some(Value::Array(parts)) = map.remove("allOf") else {
        return;
    };
    let mut kept = Vec::new();
    for part in parts {
        if !is_annotation_only(&part) {
            kept.push(part);
            continue;
        }
        for (key, value) in part.as_object().into_iter().flatten() {
            if key == "nullable" && value == &Value::Bool(true) {
                map.insert(key.clone(), value.clone());
            } else if !key.starts_with("x-") {
                map.entry(key.clone()).or_insert_with(|| value.clone());
            }
        }
    }
    map.insert("allOf".to_owned(), Value::Array(kept));
}

/// Whether `map` holds a keyword of `keywords` (a boolean `required` is not an object keyword:
/// `repair` removes it before this runs, and it never lists properties).
fn has_any(map: &Map<String, Value>, keywords: &[&str]) -> bool {
    keywords.iter().any(|keyword| map.contains_key(*keyword))
}

/// `properties` (or another object keyword) without `type` is an object, `items` without
/// `type` an array: every tool and every spec author reads them so, and `openapiv3` would read
/// such a schema inside an `allOf` as "any". Schemas with a composition are left to
/// [`keep_composition`]. No warning: this is how the keywords are meant.
fn add_implied_type(map: &mut Map<String, Value>) {
    if map.contains_key("type") || has_any(map, &COMPOSITIONS) {
        return;
    }
    let object = has_any(map, &OBJECT_KEYWORDS);
    let array = has_any(map, &ARRAY_KEYWORDS);
    let implied = match (object, array) {
        (true, false) => "object",
        (false, true) => "array",
        // Neither, or both (which no value can satisfy as one type): left as written.
        _ => return,
    };
    map.insert("type".to_owned(), Value::from(implied));
}

/// A schema with `allOf`/`oneOf`/`anyOf` and `type: object` (or, for `allOf`, object keywords
/// of its own): rewritten so the typed parse keeps the composition.
///
/// - `allOf`: the schema's own object keywords move into one more member, and `type` goes;
///   every value must match each member and the schema's own keywords alike, so nothing changes.
/// - `oneOf`/`anyOf` with no object keywords of its own: `type: object` goes (each alternative
///   says what it is).
/// - `oneOf`/`anyOf` with properties of its own: lowering has no type for "these fields plus
///   one of those shapes", so the schema stays a plain object with its own properties, as
///   before, and a warning names what is dropped.
fn keep_composition(map: &mut Map<String, Value>, here: Here<'_>, warnings: &mut Vec<Diagnostic>) {
    // `anyOf` with an empty alternative, or `oneOf: [{}]`, admits every value: it says
    // nothing, and beside other keywords it would make the schema read as any value.
    for keyword in ["anyOf", "oneOf"] {
        let trivial = match map.get(keyword) {
            Some(Value::Array(alternatives)) => {
                let empty =
                    |alternative: &Value| alternative.as_object().is_some_and(Map::is_empty);
                (keyword == "anyOf" && alternatives.iter().any(empty))
                    || (alternatives.len() == 1 && empty(&alternatives[0]))
            }
            _ => false,
        };
        if trivial && map.len() > 1 {
            map.remove(keyword);
        }
    }
    // `additionalProperties: true` beside a composition allows what the alternatives allow
    // anyway (it is the default), and would make the schema read as any value.
    if has_any(map, &COMPOSITIONS)
        && map.get("additionalProperties") == Some(&Value::Bool(true))
        && !map.contains_key("properties")
    {
        map.remove("additionalProperties");
    }
    let typed_object = map.get("type").and_then(Value::as_str) == Some("object");
    let own_object = has_any(map, &OBJECT_KEYWORDS);
    if map.get("allOf").is_some_and(Value::is_array) {
        if !typed_object && !own_object {
            return;
        }
        if map.contains_key("type") && !typed_object {
            return;
        }
        map.remove("type");
        if own_object {
            let mut own = Map::new();
            own.insert("type".to_owned(), Value::from("object"));
            for keyword in OBJECT_KEYWORDS {
                if let Some(value) = map.remove(keyword) {
                    own.insert(keyword.to_owned(), value);
                }
            }
            if let Some(Value::Array(members)) = map.get_mut("allOf") {
                members.push(Value::Object(own));
            }
        }
        return;
    }
    let Some(keyword) = ["oneOf", "anyOf"]
        .into_iter()
        .find(|keyword| map.get(*keyword).is_some_and(Value::is_array))
    else {
        return;
    };
    if !typed_object {
        return;
    }
    if !own_object {
        map.remove("type");
        return;
    }
    warnings.push(Diagnostic::warning(
        DiagnosticKind::Unsupported(Construct::CompositionBesideProperties),
        format!("{}/{keyword}", here.pointer()),
        format!("`{keyword}` next to the schema's own `properties` is not supported; the schema is read as its own properties and the `{keyword}` is ignored"),
    ));
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::normalize;
    use crate::error::{Construct, DiagnosticKind};

    /// Normalises a document whose one component schema is `schema`: the schema after, and the
    /// pointers and kinds of the warnings.
    pub(super) fn normalized(schema: Value) -> (Value, Vec<(String, DiagnosticKind)>) {
        let mut document = json!({"components": {"schemas": {"A": schema}}});
        let mut warnings = Vec::new();
        normalize(&mut document, &mut warnings);
        let warnings = warnings.into_iter().map(|w| (w.pointer, w.kind)).collect();
        (document["components"]["schemas"]["A"].take(), warnings)
    }

    #[test]
    fn object_and_array_keywords_imply_their_type() {
        let (schema, warnings) = normalized(json!({"allOf": [
            {"properties": {"a": {"type": "string"}}},
            {"required": ["a"]},
            {"type": "object", "properties": {"b": {"items": {"type": "integer"}}}},
            {"minLength": 1},
        ]}));
        assert_eq!(schema["allOf"][0]["type"], "object");
        assert_eq!(schema["allOf"][1]["type"], "object");
        assert_eq!(schema["allOf"][2]["properties"]["b"]["type"], "array");
        assert_eq!(schema["allOf"][3], json!({"minLength": 1}));
        assert!(warnings.is_empty(), "{warnings:?}");
        // A `$ref` is left as it is, and so is a schema with both kinds of keyword.
        let (schema, _) = normalized(json!({"$ref": "#/components/schemas/B", "items": {}}));
        assert!(schema.get("type").is_none());
        let (schema, _) = normalized(json!({"items": {}, "properties": {}}));
        assert!(schema.get("type").is_none());
    }

    #[test]
    fn schemas_under_operations_are_normalised_but_examples_are_not() {
        let mut document = json!({"paths": {"/a": {"get": {"responses": {"200": {
            "description": "ok",
            "content": {"application/json": {
                "schema": {"items": {"type": "string"}},
                "example": {"schema": {"properties": {}}}
            }}
        }}}}}});
        normalize(&mut document, &mut Vec::new());
        let media =
            &document["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"];
        assert_eq!(media["schema"]["type"], "array");
        assert_eq!(media["example"], json!({"schema": {"properties": {}}}));
    }

    #[test]
    fn annotation_only_all_of_parts_fold_into_the_schema() {
        let reference = json!({"$ref": "#/components/schemas/Date"});
        let (schema, warnings) = normalized(json!({
            "allOf": [reference, {"description": "when", "nullable": true, "x-internal": 1}],
        }));
        assert_eq!(
            schema,
            json!({"description": "when", "nullable": true, "allOf": [reference]})
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        // The schema's own description wins; a part that constrains stays.
        let (schema, _) = normalized(json!({
            "description": "own",
            "allOf": [reference, {"description": "part"}, {"type": "object"}],
        }));
        assert_eq!(
            schema,
            json!({"description": "own", "allOf": [reference, {"type": "object"}]})
        );
    }

    #[test]
    fn own_properties_beside_all_of_become_one_more_member() {
        let (schema, warnings) = normalized(json!({
            "type": "object",
            "description": "kept",
            "allOf": [{"$ref": "#/components/schemas/B"}],
            "properties": {"a": {"type": "string"}},
            "required": ["a"],
        }));
        assert_eq!(
            schema,
            json!({
                "description": "kept",
                "allOf": [
                    {"$ref": "#/components/schemas/B"},
                    {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]},
                ],
            })
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        // `type: object` alone beside allOf just goes.
        let (schema, _) = normalized(json!({"type": "object", "allOf": [{"type": "object"}]}));
        assert_eq!(schema, json!({"allOf": [{"type": "object"}]}));
    }

    #[test]
    fn compositions_every_value_satisfies_go() {
        let all_of = json!([{"$ref": "#/components/schemas/Task"}]);
        let (schema, _) = normalized(json!({"nullable": true, "allOf": all_of, "oneOf": [{}]}));
        assert_eq!(schema, json!({"nullable": true, "allOf": all_of}));
        let (schema, _) =
            normalized(json!({"description": "d", "anyOf": [{"type": "string"}, {}]}));
        assert_eq!(schema, json!({"description": "d"}));
    }

    #[test]
    fn additional_properties_true_beside_a_composition_goes() {
        let any_of = json!([{"$ref": "#/components/schemas/B"}, {"type": "object"}]);
        let (schema, warnings) = normalized(json!({"anyOf": any_of, "additionalProperties": true}));
        assert_eq!(schema, json!({"anyOf": any_of}));
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn one_of_keeps_its_alternatives_or_says_what_is_dropped() {
        let one_of = json!([{"$ref": "#/components/schemas/B"}]);
        let (schema, warnings) = normalized(json!({"type": "object", "oneOf": one_of}));
        assert_eq!(schema, json!({"oneOf": one_of}));
        assert!(warnings.is_empty(), "{warnings:?}");

        let written = json!({"type": "object", "anyOf": one_of, "properties": {}});
        let (schema, warnings) = normalized(written.clone());
        assert_eq!(schema, written);
        assert_eq!(
            warnings,
            [(
                "#/components/schemas/A/anyOf".to_owned(),
                DiagnosticKind::Unsupported(Construct::CompositionBesideProperties)
            )]
        );
    }
}
