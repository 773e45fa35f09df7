//! Every schema of a document checked one object at a time, before the typed parse.
//!
//! `openapiv3` reads a schema through two layers that each parse a failing subtree twice:
//! `ReferenceOr` (once as the item, then again for a better message) and the untagged
//! `AdditionalProperties`. An invalid value under `n` nested schemas is therefore parsed about
//! `2^n` times; 20 levels of `items` over a bad `enum` took ten seconds, and the depth limit let
//! through enough levels for hours.
//!
//! Here each schema object is parsed on its own, with the schemas nested in it replaced by `{}`
//! (always valid), and the nested ones are checked the same way. Every object is parsed once,
//! so the work is linear, and the first invalid schema is reported with the pointer of the
//! offending keyword. Whether a schema is valid does not depend on its nested schemas other
//! than through their own validity (every keyword that holds schemas reads them as the same
//! type), so a document passes here exactly when its schemas pass the typed parse, which then
//! never meets a failing schema and never backtracks.

use openapiv3::{ReferenceOr, Schema};
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::error::child_pointer as child;

/// Schema keywords holding one schema.
const ONE_SCHEMA: [&str; 3] = ["items", "additionalProperties", "not"];
/// Schema keywords holding a list of schemas.
const SCHEMA_LISTS: [&str; 3] = ["allOf", "oneOf", "anyOf"];
/// The operations of a path item.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The first invalid schema: the JSON pointer of the offending value and the parser's message.
#[derive(Debug)]
pub(super) struct Invalid {
    pub(super) pointer: String,
    pub(super) message: String,
}

/// Checks every schema of `document`; on success, how many schema objects were parsed.
pub(super) fn check(document: &Value) -> Result<usize, Invalid> {
    let mut walk = Walk { parsed: 0 };
    if let Some(paths) = document.get("paths").and_then(Value::as_object) {
        for (path, item) in paths.iter().filter(|(key, _)| !key.starts_with("x-")) {
            walk.path_item(item, &child("#/paths", path))?;
        }
    }
    let Some(components) = document.get("components").and_then(Value::as_object) else {
        return Ok(walk.parsed);
    };
    type Visit = fn(&mut Walk, &Value, &str) -> Result<(), Invalid>;
    let sections: [(&str, Visit); 6] = [
        ("schemas", Walk::schema),
        ("responses", Walk::response),
        ("parameters", Walk::parameter),
        ("requestBodies", Walk::request_body),
        ("headers", Walk::parameter),
        ("callbacks", Walk::callback),
    ];
    for (section, visit) in sections {
        let section_pointer = child("#/components", section);
        for (name, value) in members(components.get(section)) {
            visit(&mut walk, value, &child(&section_pointer, name))?;
        }
    }
    Ok(walk.parsed)
}

struct Walk {
    /// Schema objects parsed so far.
    parsed: usize,
}

impl Walk {
    fn path_item(&mut self, item: &Value, pointer: &str) -> Result<(), Invalid> {
        if is_reference(item) {
            return Ok(());
        }
        for (index, parameter) in elements(item.get("parameters")) {
            self.parameter(parameter, &child(&child(pointer, "parameters"), &index))?;
        }
        for method in METHODS {
            if let Some(operation) = item.get(method) {
                self.operation(operation, &child(pointer, method))?;
            }
        }
        Ok(())
    }

    fn operation(&mut self, operation: &Value, pointer: &str) -> Result<(), Invalid> {
        for (index, parameter) in elements(operation.get("parameters")) {
            self.parameter(parameter, &child(&child(pointer, "parameters"), &index))?;
        }
        if let Some(body) = operation.get("requestBody") {
            self.request_body(body, &child(pointer, "requestBody"))?;
        }
        let responses_pointer = child(pointer, "responses");
        for (code, response) in members(operation.get("responses")) {
            if !code.starts_with("x-") {
                self.response(response, &child(&responses_pointer, code))?;
            }
        }
        let callbacks_pointer = child(pointer, "callbacks");
        for (name, callback) in members(operation.get("callbacks")) {
            self.callback(callback, &child(&callbacks_pointer, name))?;
        }
        Ok(())
    }

    fn callback(&mut self, callback: &Value, pointer: &str) -> Result<(), Invalid> {
        if is_reference(callback) {
            return Ok(());
        }
        for (expression, item) in members(Some(callback)) {
            self.path_item(item, &child(pointer, expression))?;
        }
        Ok(())
    }

    /// A parameter or a header: a schema, or content.
    fn parameter(&mut self, parameter: &Value, pointer: &str) -> Result<(), Invalid> {
        if is_reference(parameter) {
            return Ok(());
        }
        if let Some(schema) = parameter.get("schema") {
            self.schema(schema, &child(pointer, "schema"))?;
        }
        self.content(parameter, pointer)
    }

    fn request_body(&mut self, body: &Value, pointer: &str) -> Result<(), Invalid> {
        if is_reference(body) {
            return Ok(());
        }
        self.content(body, pointer)
    }

    fn response(&mut self, response: &Value, pointer: &str) -> Result<(), Invalid> {
        if is_reference(response) {
            return Ok(());
        }
        let headers_pointer = child(pointer, "headers");
        for (name, header) in members(response.get("headers")) {
            self.parameter(header, &child(&headers_pointer, name))?;
        }
        self.content(response, pointer)
    }

    /// The media types under the `content` of `owner`: their schemas and encoding headers.
    fn content(&mut self, owner: &Value, pointer: &str) -> Result<(), Invalid> {
        let content_pointer = child(pointer, "content");
        for (media, media_type) in members(owner.get("content")) {
            let media_pointer = child(&content_pointer, media);
            if let Some(schema) = media_type.get("schema") {
                self.schema(schema, &child(&media_pointer, "schema"))?;
            }
            let encoding_pointer = child(&media_pointer, "encoding");
            for (property, encoding) in members(media_type.get("encoding")) {
                let headers_pointer = child(&child(&encoding_pointer, property), "headers");
                for (name, header) in members(encoding.get("headers")) {
                    self.parameter(header, &child(&headers_pointer, name))?;
                }
            }
        }
        Ok(())
    }

    /// A schema object (a non-object value is left to the typed parse, which reads it without
    /// recursion): its own keywords first, then each nested schema.
    fn schema(&mut self, schema: &Value, pointer: &str) -> Result<(), Invalid> {
        let Some(map) = schema.as_object() else {
            return Ok(());
        };
        // `$ref` wins over everything beside it, which is never read.
        if is_reference(schema) {
            return Ok(());
        }
        self.parsed += 1;
        let alone = Value::Object(without_nested_schemas(map));
        if let Err(error) = ReferenceOr::<Schema>::deserialize(&alone) {
            return Err(blame(&alone, pointer, error.to_string()));
        }
        for (keyword, value) in map {
            let keyword_pointer = child(pointer, keyword);
            if ONE_SCHEMA.contains(&keyword.as_str()) {
                self.schema(value, &keyword_pointer)?;
            } else if keyword == "properties" {
                for (name, property) in members(Some(value)) {
                    self.schema(property, &child(&keyword_pointer, name))?;
                }
            } else if SCHEMA_LISTS.contains(&keyword.as_str()) {
                for (index, item) in elements(Some(value)) {
                    self.schema(item, &child(&keyword_pointer, &index))?;
                }
            }
        }
        Ok(())
    }
}

/// A copy of a schema object's own keywords, with each nested schema object replaced by `{}`.
fn without_nested_schemas(map: &Map<String, Value>) -> Map<String, Value> {
    let stub = |value: &Value| match value {
        Value::Object(_) => Value::Object(Map::new()),
        other => other.clone(),
    };
    map.iter()
        .map(|(keyword, value)| {
            let value = if ONE_SCHEMA.contains(&keyword.as_str()) {
                stub(value)
            } else if keyword == "properties" {
                match value {
                    Value::Object(properties) => Value::Object(
                        properties
                            .iter()
                            .map(|(name, property)| (name.clone(), stub(property)))
                            .collect(),
                    ),
                    other => other.clone(),
                }
            } else if SCHEMA_LISTS.contains(&keyword.as_str()) {
                match value {
                    Value::Array(items) => Value::Array(items.iter().map(stub).collect()),
                    other => other.clone(),
                }
            } else if keyword.starts_with("x-") || keyword == "example" || keyword == "default" {
                // Any JSON value is valid here; copying it would only cost time.
                Value::Null
            } else if keyword == "description" && value.is_string() {
                Value::String(String::new())
            } else {
                value.clone()
            };
            (keyword.clone(), value)
        })
        .collect()
}

/// Names the keyword of an invalid schema object (`alone`, nested schemas stubbed) that makes
/// it fail: the first that fails next to `type` alone, and within `properties` or a list of
/// schemas the member that fails. The schema's own pointer when no single keyword does.
fn blame(alone: &Value, pointer: &str, message: String) -> Invalid {
    let fails = |value: &Value| ReferenceOr::<Schema>::deserialize(value).err();
    let map = alone.as_object().into_iter().flatten();
    for (keyword, value) in map {
        let mut single = Map::new();
        if let Some(ty) = alone.get("type").filter(|_| keyword != "type") {
            single.insert("type".to_owned(), ty.clone());
        }
        single.insert(keyword.clone(), value.clone());
        let Some(error) = fails(&Value::Object(single)) else {
            continue;
        };
        let keyword_pointer = child(pointer, keyword);
        let members = members(Some(value))
            .filter(|_| keyword == "properties")
            .map(|(name, member)| (name.clone(), member));
        let items = elements(Some(value)).filter(|_| SCHEMA_LISTS.contains(&keyword.as_str()));
        for (segment, member) in members.chain(items) {
            if let Some(error) = fails(member) {
                return Invalid {
                    pointer: child(&keyword_pointer, &segment),
                    message: error.to_string(),
                };
            }
        }
        return Invalid {
            pointer: keyword_pointer,
            message: error.to_string(),
        };
    }
    Invalid {
        pointer: pointer.to_owned(),
        message,
    }
}

/// Whether `value` is a reference object, which `openapiv3` reads as such whatever else it holds.
fn is_reference(value: &Value) -> bool {
    value.get("$ref").is_some_and(Value::is_string)
}

/// The members of an object (none for anything else).
fn members(value: Option<&Value>) -> impl Iterator<Item = (&String, &Value)> {
    value.and_then(Value::as_object).into_iter().flatten()
}

/// The elements of an array with their indices as pointer segments (none for anything else).
fn elements(value: Option<&Value>) -> impl Iterator<Item = (String, &Value)> {
    value
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
        .map(|(index, item)| (index.to_string(), item))
}

#[cfg(test)]
pub(super) mod tests {
    use std::path::Path;
    use std::sync::mpsc;
    use std::time::Duration;

    use serde_json::{json, Value};

    use super::check;

    /// Runs `work` on its own thread and waits up to a minute: the inputs of these tests took
    /// minutes to hours before their fix, and a hang should fail the test, not stall the suite.
    pub(in crate::load) fn within_a_minute<T: Send + 'static>(
        work: impl FnOnce() -> T + Send + 'static,
    ) -> T {
        let (sender, receiver) = mpsc::channel();
        std::thread::spawn(move || sender.send(work()));
        receiver
            .recv_timeout(Duration::from_secs(60))
            .expect("still running after 60 s (or panicked)")
    }

    /// A document whose one component schema nests `depth` levels of `items` over `leaf`.
    fn nested(depth: usize, leaf: Value) -> Value {
        let schema = (0..depth).fold(leaf, |inner, _| json!({"type": "array", "items": inner}));
        json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {},
            "components": {"schemas": {"A": schema}}
        })
    }

    /// 24 levels of `items` over an invalid `enum`: the typed parse alone took about 2^24 parse
    /// attempts (20 levels took 10 s, so this would take minutes); the check parses each of the
    /// 25 schema objects once and names the keyword.
    #[test]
    fn deep_invalid_leaf_is_found_in_one_parse_per_schema() {
        let leaf = json!({"type": "string", "enum": "notalist"});
        let invalid = check(&nested(24, leaf.clone())).unwrap_err();
        let expected = format!("#/components/schemas/A{}/enum", "/items".repeat(24));
        assert_eq!(invalid.pointer, expected);
        assert!(
            invalid.message.contains("expected a sequence"),
            "{invalid:?}"
        );
        assert_eq!(check(&nested(24, json!({"type": "string"}))).unwrap(), 25);

        let text = serde_json::to_string(&nested(24, leaf)).unwrap();
        let error = within_a_minute(move || {
            crate::load::parse_text(Path::new("deep.json"), &text).map(|_| ())
        })
        .unwrap_err()
        .to_string();
        assert!(error.contains(&expected), "{error}");
    }

    #[test]
    fn offending_members_and_references_are_read_as_openapiv3_reads_them() {
        let doc = |schema: Value| nested(1, schema);
        // A `$ref` wins over everything beside it, which is not read.
        let reference = json!({"$ref": "#/components/schemas/B", "items": 5});
        assert_eq!(check(&doc(reference)).unwrap(), 1);
        let property = json!({"type": "object", "properties": {"a": {}, "b": 5}});
        let invalid = check(&doc(property)).unwrap_err();
        assert_eq!(invalid.pointer, "#/components/schemas/A/items/properties/b");
        let list = json!({"oneOf": [{"type": "string"}, {"type": "string", "nullable": 3}]});
        let invalid = check(&doc(list)).unwrap_err();
        assert_eq!(
            invalid.pointer,
            "#/components/schemas/A/items/oneOf/1/nullable"
        );
        // Schemas under operations, parameters, headers and callbacks are checked too.
        let mut document = doc(json!({"type": "string"}));
        document["paths"] = json!({"/a": {"get": {
            "parameters": [{"name": "p", "in": "query", "schema": {"type": "string"}}],
            "responses": {"200": {"description": "ok", "headers": {"h": {"schema": {"type": 7}}}}}
        }}});
        let invalid = check(&document).unwrap_err();
        assert_eq!(
            invalid.pointer,
            "#/paths/~1a/get/responses/200/headers/h/schema/type"
        );
    }
}
