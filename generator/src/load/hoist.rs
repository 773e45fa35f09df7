//! `$ref`s to a JSON pointer inside the document that is not `#/components/<section>/<name>`
//! (`#/paths/~1users/get/responses/200/content/application~1json/schema`,
//! `#/components/schemas/Pet/properties/tag`): each target is moved, once however many
//! references reach it, into the components section its place implies, under a name derived
//! from that place, and every reference to it (and the place itself) then points there.
//!
//! Lowering resolves only component references; after this pass every local reference that
//! resolves is one. A pointer that resolves to nothing is left as written, for lowering to
//! report.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use crate::error::escape_pointer_segment;

/// Keywords whose values are data, where a `$ref` member is not a reference.
pub(super) const DATA_KEYWORDS: [&str; 4] = ["example", "examples", "default", "enum"];
/// Segments left out of a derived name: they say what sort of place it is, not which.
const FILLER: [&str; 7] = [
    "components",
    "paths",
    "content",
    "properties",
    "schema",
    "$defs",
    "definitions",
];

/// Hoists the target of every local reference that is not a component reference; returns each
/// new component's pointer with the pointer of the place it was moved from, so diagnostics can
/// name the place in the text.
pub(super) fn hoist(document: &mut Value) -> Vec<(String, String)> {
    let mut references = BTreeSet::new();
    collect(document, &mut references);
    // Deepest first: a target inside another is moved before its container, which then holds
    // a reference to it rather than a second copy.
    let mut targets: Vec<(Vec<String>, &str, &String)> = references
        .iter()
        .filter_map(|reference| {
            let segments = segments(reference)?;
            let section = section_of(&segments)?;
            // Only an object can be a component (or be replaced by a reference object).
            document
                .pointer(&pointer_of(&segments))
                .filter(|target| target.is_object())?;
            Some((segments, section, reference))
        })
        .collect();
    targets.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
    let mut renamed = BTreeMap::new();
    let mut moved = Vec::new();
    for (segments, section, reference) in targets {
        let name = free_name(document, section, &segments);
        let component = format!("#/components/{section}/{}", escape_pointer_segment(&name));
        let Some(place) = document.pointer_mut(&pointer_of(&segments)) else {
            continue;
        };
        let target = std::mem::replace(place, reference_to(&component));
        insert_component(document, section, name, target);
        moved.push((component.clone(), format!("#{}", pointer_of(&segments))));
        renamed.insert(reference.clone(), component);
    }
    if !renamed.is_empty() {
        rewrite(document, &renamed);
    }
    moved
}

/// Keywords whose members are named by the spec (a property called `default` is no default).
const NAME_MAPS: [&str; 4] = ["properties", "patternProperties", "$defs", "definitions"];

/// Whether the value under `key` is read for references: not data, not an extension (except
/// the tuple the 3.1 pass writes), not a map of names (which [`NAME_MAPS`] handles).
fn holds_references(key: &str) -> bool {
    (key == "x-oagen-tuple" || !key.starts_with("x-"))
        && !DATA_KEYWORDS.contains(&key)
        && !NAME_MAPS.contains(&key)
}

/// Every `$ref` string under `value` that starts with `#/` and is not a component reference.
fn collect(value: &Value, references: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            if let Some(reference) = map.get("$ref").and_then(Value::as_str) {
                if reference.starts_with("#/") && !is_component_reference(reference) {
                    references.insert(reference.to_owned());
                }
            }
            for (key, child) in map {
                if holds_references(key) {
                    collect(child, references);
                } else if NAME_MAPS.contains(&key.as_str()) {
                    // Member names here are property names, never keywords.
                    for member in child.as_object().into_iter().flat_map(Map::values) {
                        collect(member, references);
                    }
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| collect(item, references)),
        _ => {}
    }
}

/// Points every reference in `renamed` at its new place.
fn rewrite(value: &mut Value, renamed: &BTreeMap<String, String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get_mut("$ref") {
                if let Some(component) = renamed.get(reference.as_str()) {
                    component.clone_into(reference);
                }
            }
            for (key, child) in map.iter_mut() {
                if holds_references(key) {
                    rewrite(child, renamed);
                } else if NAME_MAPS.contains(&key.as_str()) {
                    for member in child.as_object_mut().into_iter().flat_map(Map::values_mut) {
                        rewrite(member, renamed);
                    }
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| rewrite(item, renamed)),
        _ => {}
    }
}

/// `#/components/<section>/<name>`: exactly three segments below `components`.
fn is_component_reference(reference: &str) -> bool {
    let mut parts = reference.split('/');
    parts.next() == Some("#") && parts.next() == Some("components") && parts.count() == 2
}

/// The unescaped segments of a local reference (`~1` is `/`, `~0` is `~`, after the URI
/// fragment's percent-encoding is undone), or `None` when it is not valid UTF-8 once decoded.
pub(super) fn segments(reference: &str) -> Option<Vec<String>> {
    let decoded = percent_decode(reference.strip_prefix("#/")?)?;
    Some(
        decoded
            .split('/')
            .map(|segment| segment.replace("~1", "/").replace("~0", "~"))
            .collect(),
    )
}

/// Undoes `%XX` escapes (a `$ref` is a URI, whose fragment may escape `{` and `}`); a `%` not
/// followed by two hex digits stays as written.
pub(super) fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let hex = bytes.get(index + 1..index + 3).and_then(|pair| {
            std::str::from_utf8(pair)
                .ok()
                .and_then(|pair| u8::from_str_radix(pair, 16).ok())
        });
        match (bytes[index], hex) {
            (b'%', Some(byte)) => {
                decoded.push(byte);
                index += 3;
            }
            (byte, _) => {
                decoded.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8(decoded).ok()
}

/// The JSON pointer (without `#`) of unescaped segments.
pub(super) fn pointer_of(segments: &[String]) -> String {
    segments
        .iter()
        .map(|segment| format!("/{}", escape_pointer_segment(segment)))
        .collect()
}

/// The components section a target belongs in, from its place: a place that holds a schema
/// (a property, `items`, a member of `allOf`, ...) in a component schema or below a `schema`
/// keyword is a schema; otherwise the keyword holding it says. `None` for a place that holds
/// none of these (a `properties` map, an example's insides), which is left for lowering to
/// report rather than be read as what it is not.
fn section_of(segments: &[String]) -> Option<&'static str> {
    // Below a data keyword (not a property of that name) nothing is a schema or a parameter.
    let in_data = segments.iter().enumerate().any(|(index, segment)| {
        let property_name = index > 0 && segments[index - 1] == "properties";
        !property_name && (DATA_KEYWORDS.contains(&segment.as_str()) || segment.starts_with("x-"))
    });
    let last = segments.last()?.as_str();
    let parent = segments.len().checked_sub(2).map(|i| segments[i].as_str());
    if in_data {
        return None;
    }
    let in_components = segments.first().is_some_and(|first| first == "components");
    if (in_components && segments.get(1).is_some_and(|s| s == "schemas"))
        || segments.iter().any(|segment| segment == "schema")
    {
        let schema_place = matches!(
            parent,
            Some("properties" | "$defs" | "definitions" | "patternProperties" | "dependentSchemas")
        ) || matches!(last, "items" | "additionalProperties" | "not" | "schema")
            || (matches!(parent, Some("allOf" | "oneOf" | "anyOf"))
                && last.parse::<usize>().is_ok());
        return schema_place.then_some("schemas");
    }
    match (parent, last) {
        (_, "requestBody") => Some("requestBodies"),
        (Some("parameters"), _) => Some("parameters"),
        (Some("responses"), _) => Some("responses"),
        (Some("headers"), _) => Some("headers"),
        _ => None,
    }
}

/// A component name for the target at `segments`, derived from its place (path words,
/// method, keywords and names joined by `_`) and made unique within `section`.
fn free_name(document: &Value, section: &str, segments: &[String]) -> String {
    let words: Vec<String> = segments
        .iter()
        .enumerate()
        .filter(|(index, segment)| {
            let section_word = *index == 1 && segments[0] == "components";
            (!section_word && !FILLER.contains(&segment.as_str()) && !segment.contains('/'))
                || segment.starts_with('/')
        })
        .map(|(_, segment)| name_characters(segment))
        .filter(|word| !word.is_empty())
        .collect();
    let base = if words.is_empty() {
        "Hoisted".to_owned()
    } else {
        words.join("_")
    };
    let taken = |name: &str| {
        document
            .pointer(&pointer_of(&[
                "components".into(),
                section.into(),
                name.into(),
            ]))
            .is_some()
    };
    let mut name = base.clone();
    let mut counter = 2;
    while taken(&name) {
        name = format!("{base}_{counter}");
        counter += 1;
    }
    name
}

/// The characters a component name may hold (`[A-Za-z0-9._-]`); others become `_`, and runs
/// of `_` and the ends are trimmed.
pub(super) fn name_characters(segment: &str) -> String {
    let replaced: String = segment
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    replaced
        .split('_')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("_")
}

fn reference_to(component: &str) -> Value {
    let mut map = Map::new();
    map.insert("$ref".to_owned(), Value::from(component));
    Value::Object(map)
}

/// Adds `value` as `#/components/<section>/<name>`, creating what is missing on the way.
fn insert_component(document: &mut Value, section: &str, name: String, value: Value) {
    let Value::Object(root) = document else {
        return;
    };
    let components = root
        .entry("components")
        .or_insert_with(|| Value::Object(Map::new()));
    let Value::Object(components) = components else {
        return;
    };
    let members = components
        .entry(section)
        .or_insert_with(|| Value::Object(Map::new()));
    if let Value::Object(members) = members {
        members.insert(name, value);
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::hoist;

    #[test]
    fn targets_move_into_components_once_and_every_reference_follows() {
        let schema = json!({"type": "object", "properties": {"id": {"type": "string"}}});
        let reference =
            "#/paths/~1users~1%7Bid%7D/get/responses/200/content/application~1json/schema";
        let mut document = json!({
            "paths": {"/users/{id}": {"get": {"responses": {
                "200": {"content": {"application/json": {"schema": schema}}},
                "201": {"content": {"application/json": {"schema": {"$ref": reference}}}},
                "202": {"content": {"application/json": {"schema": {"items": {"$ref": reference}}}}}
            }}}},
            "components": {"schemas": {
                "users_id_get_responses_200": {"type": "string"},
                "Pet": {"properties": {"tag": {"type": "string"}, "same": {"$ref": "#/components/schemas/Pet/properties/tag"}}},
                "Gone": {"$ref": "#/components/schemas/Pet/properties/nothing"}
            }}
        });
        hoist(&mut document);
        // The name derived from the place is taken, so the next free one is used.
        let hoisted = "#/components/schemas/users_id_get_responses_200_2";
        assert_eq!(
            document["components"]["schemas"]["users_id_get_responses_200_2"],
            schema
        );
        let responses = &document["paths"]["/users/{id}"]["get"]["responses"];
        for schema in [
            &responses["200"]["content"]["application/json"]["schema"],
            &responses["201"]["content"]["application/json"]["schema"],
            &responses["202"]["content"]["application/json"]["schema"]["items"],
        ] {
            assert_eq!(schema, &json!({"$ref": hoisted}));
        }
        let schemas = &document["components"]["schemas"];
        assert_eq!(schemas["Pet_tag"], json!({"type": "string"}));
        let tag = json!({"$ref": "#/components/schemas/Pet_tag"});
        assert_eq!(schemas["Pet"]["properties"]["tag"], tag);
        assert_eq!(schemas["Pet"]["properties"]["same"], tag);
        // A place that holds no schema (a `properties` map) is not moved.
        let mut map_reference = json!({"paths": {}, "components": {"schemas": {
            "A": {"properties": {"a": {"type": "string"}}},
            "B": {"$ref": "#/components/schemas/A/properties"},
            "C": {"example": {"properties": {"x": {}}}, "type": "object"},
            "D": {"$ref": "#/components/schemas/C/example/properties/x"}
        }}});
        let written = map_reference.clone();
        hoist(&mut map_reference);
        assert_eq!(map_reference, written);
        // A pointer to nothing is left for lowering to report.
        let gone = json!({"$ref": "#/components/schemas/Pet/properties/nothing"});
        assert_eq!(schemas["Gone"], gone);
    }

    #[test]
    fn parameters_bodies_and_nested_targets_go_to_their_sections() {
        let mut document = json!({"paths": {"/a": {"post": {
            "parameters": [{"name": "p", "in": "query", "schema": {"type": "string"}}],
            "requestBody": {"content": {"application/json": {"schema": {
                "properties": {"inner": {"type": "integer"}}
            }}}}
        }, "put": {
            "parameters": [{"$ref": "#/paths/~1a/post/parameters/0"}],
            "requestBody": {"$ref": "#/paths/~1a/post/requestBody"}
        }, "patch": {
            "requestBody": {"content": {"application/json": {"schema": {
                "$ref": "#/paths/~1a/post/requestBody/content/application~1json/schema/properties/inner"
            }}}}
        }}}});
        hoist(&mut document);
        let components = &document["components"];
        assert_eq!(components["parameters"]["a_post_parameters_0"]["name"], "p");
        let body = &components["requestBodies"]["a_post_requestBody"];
        // The nested target moved first; the body that held it now refers to it.
        let inner = &body["content"]["application/json"]["schema"]["properties"]["inner"];
        assert_eq!(
            inner,
            &json!({"$ref": "#/components/schemas/a_post_requestBody_inner"})
        );
        let put = &document["paths"]["/a"]["put"];
        let parameter = json!({"$ref": "#/components/parameters/a_post_parameters_0"});
        assert_eq!(put["parameters"][0], parameter);
        let body = json!({"$ref": "#/components/requestBodies/a_post_requestBody"});
        assert_eq!(put["requestBody"], body);
    }
}
