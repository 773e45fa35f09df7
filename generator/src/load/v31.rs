//! OpenAPI 3.1 documents rewritten into the 3.0 form the typed parse reads, before anything
//! else looks at them, so that hoisting, normalising, lowering and emitting stay
//! version-agnostic.
//!
//! The document level is here: `webhooks` (their payloads become component schemas, documented
//! as such), `components/pathItems` (path item references are inlined), `info.summary`,
//! `jsonSchemaDialect`, and a `paths` object for documents that have none. Each schema is
//! rewritten by [`schema`]. What was read is counted in a [`Reading`] (for `oagen summary`),
//! and what has no faithful Rust form is a warning with its pointer.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::Here;
use crate::error::{Diagnostic, DiagnosticKind};

mod keywords;
mod schema;

use schema::Place;

/// The dialect OpenAPI 3.1 schemas use unless `jsonSchemaDialect` says otherwise.
const BASE_DIALECT: &str = "https://spec.openapis.org/oas/3.1/dialect/base";
/// The operations of a path item.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];
/// Keywords whose values are data, never schemas or parts of the document's structure.
const DATA_KEYWORDS: [&str; 4] = ["example", "examples", "default", "enum"];

/// Which OpenAPI version a document was read as, and how often each construct that needed
/// interpreting was met (`"const"`: 659), for summaries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reading {
    /// The `openapi` field as written, e.g. `3.1.0`.
    pub version: String,
    /// Construct name to the number of places it was read at, in name order.
    pub interpreted: BTreeMap<String, usize>,
    /// Warnings met while rewriting.
    warnings: Vec<Diagnostic>,
    /// Component schemas made from webhook payloads, with the place each came from.
    pub(super) moved: Vec<(String, String)>,
}

impl Reading {
    pub(super) fn new(version: &str) -> Self {
        Reading {
            version: version.to_owned(),
            ..Reading::default()
        }
    }

    fn count(&mut self, construct: &str) {
        // Looked up first: a key is allocated once per construct, not once per place.
        match self.interpreted.get_mut(construct) {
            Some(count) => *count += 1,
            None => {
                self.interpreted.insert(construct.to_owned(), 1);
            }
        }
    }

    fn warn(&mut self, kind: DiagnosticKind, pointer: String, message: impl Into<String>) {
        self.warnings
            .push(Diagnostic::warning(kind, pointer, message));
    }

    /// Moves the warnings out, for the loader's list.
    pub(super) fn take_warnings(&mut self) -> Vec<Diagnostic> {
        std::mem::take(&mut self.warnings)
    }
}

/// Rewrites a 3.1 `document` in place into the 3.0 form; `openapi` becomes `3.0.3`.
pub(super) fn downgrade(document: &mut Value, reading: &mut Reading) {
    let Value::Object(root) = document else {
        return;
    };
    root.insert("openapi".to_owned(), Value::from("3.0.3"));
    root.entry("paths")
        .or_insert_with(|| Value::Object(Map::new()));
    dialect(root, reading);
    info(root, reading);
    inline_path_item_references(root, reading);
    let webhooks = root.remove("webhooks");
    if let Some(Value::Object(components)) = root.get_mut("components") {
        if components.remove("pathItems").is_some() {
            reading.count("components/pathItems");
        }
    }
    let mut webhooks = webhooks.unwrap_or(Value::Null);
    for (key, value) in root.iter_mut() {
        let here = Here::Key(&Here::Root, key);
        match key.as_str() {
            "components" => components(value, here, reading),
            "paths" => structure(value, here, false, reading),
            _ => {}
        }
    }
    structure(
        &mut webhooks,
        Here::Key(&Here::Root, "webhooks"),
        false,
        reading,
    );
    if let Value::Object(webhooks) = webhooks {
        for (name, item) in webhooks {
            webhook_payloads(root, &name, item, reading);
        }
    }
    unreferenced_definitions(document, reading);
}

/// `$recursiveRef`/`$dynamicRef` in a 3.0 document (where they are not keywords, but which
/// vendors converting from 3.1 leave behind): read as in 3.1, a reference to the outermost schema
/// they sit in, with a warning, rather than as a schema of any value.
pub(super) fn recursive_references_in_3_0(document: &mut Value, warnings: &mut Vec<Diagnostic>) {
    recursive_walk(document, Here::Root, None, warnings);
}

fn recursive_walk(
    value: &mut Value,
    here: Here<'_>,
    root: Option<&str>,
    warnings: &mut Vec<Diagnostic>,
) {
    match value {
        Value::Object(map) => {
            for keyword in ["$recursiveRef", "$dynamicRef"] {
                let (Some(root), Some(Value::String(written))) = (root, map.get(keyword)) else {
                    continue;
                };
                warnings.push(Diagnostic::warning(
                    DiagnosticKind::Repaired,
                    Here::Key(&here, keyword).pointer(),
                    format!("`{keyword}: {written}` is OpenAPI 3.1; read as `$ref: {root}`, the schema it sits in"),
                ));
                map.remove(keyword);
                map.insert("$ref".to_owned(), Value::from(root));
            }
            // Under `properties` keys are names: a property called `example` is a schema.
            let names = matches!(here, Here::Key(_, "properties"));
            for (key, child) in map.iter_mut() {
                if !names && (key.starts_with("x-") || DATA_KEYWORDS.contains(&key.as_str())) {
                    continue;
                }
                let child_here = Here::Key(&here, key);
                let starts_schema = root.is_none()
                    && (key == "schema"
                        || matches!(
                            here,
                            Here::Key(Here::Key(Here::Root, "components"), "schemas")
                        ));
                if starts_schema {
                    let pointer = child_here.pointer();
                    recursive_walk(child, child_here, Some(&pointer), warnings);
                } else {
                    recursive_walk(child, child_here, root, warnings);
                }
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter_mut().enumerate() {
                recursive_walk(item, Here::Index(&here, index), root, warnings);
            }
        }
        _ => {}
    }
}

/// `jsonSchemaDialect`: schemas are read in the OpenAPI base dialect (JSON Schema 2020-12);
/// another dialect is named in a warning.
fn dialect(root: &mut Map<String, Value>, reading: &mut Reading) {
    let Some(dialect) = root.remove("jsonSchemaDialect") else {
        return;
    };
    reading.count("jsonSchemaDialect");
    if dialect.as_str() != Some(BASE_DIALECT) {
        reading.warn(
            DiagnosticKind::Unsupported(crate::error::Construct::Dialect),
            "#/jsonSchemaDialect".to_owned(),
            format!("schemas are read as the OpenAPI 3.1 base dialect (JSON Schema 2020-12), not {dialect}"),
        );
    }
}

/// `info.summary` leads the description (its first paragraph is what `oagen generate --crate`
/// writes into the crate's README); `license.identifier` (an SPDX expression) follows it.
fn info(root: &mut Map<String, Value>, reading: &mut Reading) {
    let Some(Value::Object(info)) = root.get_mut("info") else {
        return;
    };
    let mut lead = Vec::new();
    if let Some(Value::String(summary)) = info.remove("summary") {
        reading.count("info.summary");
        lead.push(summary);
    }
    if let Some(Value::Object(license)) = info.get_mut("license") {
        if let Some(Value::String(identifier)) = license.remove("identifier") {
            reading.count("license.identifier");
            lead.push(format!("License: `{identifier}` (SPDX)."));
        }
    }
    if lead.is_empty() {
        return;
    }
    if let Some(Value::String(description)) = info.get("description") {
        lead.push(description.clone());
    }
    info.insert("description".to_owned(), Value::from(lead.join("\n\n")));
}

/// A path item (under `paths` or `webhooks`) that is a `$ref` into the document (3.1 keeps
/// them in `components/pathItems`) is replaced by a copy of its target; `summary` and
/// `description` beside the reference win.
fn inline_path_item_references(root: &mut Map<String, Value>, reading: &mut Reading) {
    // Targets are found first, with the document borrowed whole, then written in.
    let document = Value::Object(std::mem::take(root));
    let mut inlined = Vec::new();
    for section in ["paths", "webhooks"] {
        let Some(Value::Object(items)) = document.get(section) else {
            continue;
        };
        for (key, item) in items {
            if let Some(target) = path_item_target(&document, item) {
                inlined.push((section, key.clone(), target));
            }
        }
    }
    let Value::Object(document) = document else {
        return;
    };
    *root = document;
    for (section, key, target) in inlined {
        reading.count("path item references");
        let Some(item) = root.get_mut(section).and_then(|items| items.get_mut(&key)) else {
            continue;
        };
        let Value::Object(written) = std::mem::replace(item, target) else {
            continue;
        };
        if let Value::Object(item) = item {
            for (key, value) in written {
                if key != "$ref" {
                    item.insert(key, value);
                }
            }
        }
    }
}

/// The path item a `$ref` path item stands for, following references to references (as many
/// as there are path items, so a loop ends); `None` when `item` is no local reference or it
/// leads nowhere (lowering then reports it as it did before).
fn path_item_target(document: &Value, item: &Value) -> Option<Value> {
    let mut current = item;
    let limit = document
        .pointer("/components/pathItems")
        .and_then(Value::as_object)
        .map_or(0, Map::len)
        + 2;
    for _ in 0..limit {
        let reference = current.get("$ref").and_then(Value::as_str)?;
        let target = document.pointer(&super::hoist::pointer_of(&super::hoist::segments(
            reference,
        )?))?;
        if target.get("$ref").is_none() {
            return target.is_object().then(|| target.clone());
        }
        current = target;
    }
    None
}

/// `#/components`: each member of `schemas` is a schema; the other sections are structure.
fn components(value: &mut Value, here: Here<'_>, reading: &mut Reading) {
    let Value::Object(sections) = value else {
        return;
    };
    for (section, members) in sections.iter_mut() {
        let section_here = Here::Key(&here, section);
        if section.starts_with("x-") {
            continue;
        }
        if section != "schemas" {
            structure(members, section_here, false, reading);
            continue;
        }
        if let Value::Object(members) = members {
            for (name, member) in members.iter_mut() {
                let member_here = Here::Key(&section_here, name);
                let root = member_here.pointer();
                let place = Place {
                    here: member_here,
                    root: &root,
                    raw_body: false,
                };
                schema::schema(member, place, reading);
            }
        }
    }
}

/// A part of the document that is not a schema: every `schema` member below it is one.
/// `raw_body` says whether it is under a media type that is not JSON.
fn structure(value: &mut Value, here: Here<'_>, raw_body: bool, reading: &mut Reading) {
    match value {
        Value::Object(map) => {
            let is_content = matches!(here, Here::Key(_, "content"));
            for (key, child) in map.iter_mut() {
                let child_here = Here::Key(&here, key);
                if key == "schema" {
                    let root = child_here.pointer();
                    let place = Place {
                        here: child_here,
                        root: &root,
                        raw_body,
                    };
                    schema::schema(child, place, reading);
                } else if !key.starts_with("x-") && !DATA_KEYWORDS.contains(&key.as_str()) {
                    let raw = if is_content {
                        !is_json_media_type(key)
                    } else {
                        raw_body
                    };
                    structure(child, child_here, raw, reading);
                }
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter_mut().enumerate() {
                structure(item, Here::Index(&here, index), raw_body, reading);
            }
        }
        _ => {}
    }
}

/// `application/json`, `application/problem+json`, `text/json`, ...
fn is_json_media_type(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or("").trim();
    essence.ends_with("/json") || essence.ends_with("+json")
}

/// A webhook has no client method (the API calls the user), but its payloads are types the
/// user needs: each request body schema becomes (or, for a reference, documents) a component
/// schema saying which webhook sends it.
fn webhook_payloads(root: &mut Map<String, Value>, name: &str, item: Value, reading: &mut Reading) {
    reading.count("webhooks");
    let Value::Object(item) = item else {
        return;
    };
    for method in METHODS {
        let Some(operation) = item.get(method) else {
            continue;
        };
        // The operation's summary says what the event is; lowering documents a type by its
        // description, so it goes there rather than into `title`.
        let event = operation
            .get("summary")
            .and_then(Value::as_str)
            .map(|summary| format!(" {summary}"))
            .unwrap_or_default();
        let said = format!(
            "The payload of the `{name}` webhook (`{}`), which the API sends to you.{event}",
            method.to_ascii_uppercase()
        );
        let body = resolve_body(root, operation.get("requestBody"));
        let Some(Value::Object(content)) = body.as_ref().and_then(|body| body.get("content"))
        else {
            continue;
        };
        for (media_type, media) in content {
            let Some(payload) = media.get("schema") else {
                continue;
            };
            let component = match payload.get("$ref").and_then(Value::as_str) {
                Some(reference) => match reference.strip_prefix("#/components/schemas/") {
                    Some(component) => unescape(component),
                    None => continue,
                },
                None => {
                    let component = free_schema_name(root, &format!("{name}_webhook"));
                    insert_schema(root, &component, payload.clone());
                    let written = [
                        "webhooks",
                        name,
                        method,
                        "requestBody",
                        "content",
                        media_type,
                        "schema",
                    ];
                    let origin: String = written
                        .iter()
                        .map(|segment| {
                            format!("/{}", crate::error::escape_pointer_segment(segment))
                        })
                        .collect();
                    reading.moved.push((
                        format!(
                            "#/components/schemas/{}",
                            crate::error::escape_pointer_segment(&component)
                        ),
                        format!("#{origin}"),
                    ));
                    component
                }
            };
            document_schema(root, &component, &said);
        }
    }
}

/// A request body, following a reference into `components/requestBodies`.
fn resolve_body(root: &Map<String, Value>, body: Option<&Value>) -> Option<Value> {
    let body = body?;
    match body.get("$ref").and_then(Value::as_str) {
        Some(reference) => {
            let name = unescape(reference.strip_prefix("#/components/requestBodies/")?);
            root.get("components")?
                .get("requestBodies")?
                .get(&name)
                .cloned()
        }
        None => Some(body.clone()),
    }
}

/// A reference's last segment without its RFC 6901 escapes.
fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

/// `stem`, or `stem_2`, `stem_3`, ...: the first name no component schema has.
fn free_schema_name(root: &Map<String, Value>, stem: &str) -> String {
    let taken = |name: &str| {
        root.get("components")
            .and_then(|components| components.get("schemas"))
            .is_some_and(|schemas| schemas.get(name).is_some())
    };
    if !taken(stem) {
        return stem.to_owned();
    }
    (2..)
        .map(|suffix| format!("{stem}_{suffix}"))
        .find(|name| !taken(name))
        .unwrap_or_else(|| stem.to_owned())
}

fn insert_schema(root: &mut Map<String, Value>, name: &str, schema: Value) {
    let components = root
        .entry("components")
        .or_insert_with(|| Value::Object(Map::new()));
    if let Value::Object(components) = components {
        let schemas = components
            .entry("schemas")
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(schemas) = schemas {
            schemas.insert(name.to_owned(), schema);
        }
    }
}

/// Adds a paragraph to a component schema's description (once).
fn document_schema(root: &mut Map<String, Value>, name: &str, said: &str) {
    let Some(Value::Object(schema)) = root
        .get_mut("components")
        .and_then(|components| components.get_mut("schemas"))
        .and_then(|schemas| schemas.get_mut(name))
    else {
        return;
    };
    let described = match schema.get("description").and_then(Value::as_str) {
        Some(description) if description.contains(said) => return,
        Some(description) => format!("{description}\n\n{said}"),
        None => said.to_owned(),
    };
    schema.insert("description".to_owned(), Value::from(described));
}

/// `$defs` (and `definitions`) members no `$ref` reaches generate no type; one warning per
/// group names them, so none goes unmentioned. Referenced ones are hoisted like any target.
fn unreferenced_definitions(document: &mut Value, reading: &mut Reading) {
    let mut references = BTreeSet::new();
    collect_references(document, false, &mut references);
    let mut groups = Vec::new();
    find_definitions(document, Here::Root, &mut groups);
    for (pointer, names) in groups {
        let unused: Vec<String> = names
            .into_iter()
            .filter(|name| {
                let target = format!("{pointer}/{}", crate::error::escape_pointer_segment(name));
                // The references starting with the target's pointer sort together from it.
                let inside = format!("{target}/");
                !references
                    .range(target.clone()..)
                    .take_while(|reference| reference.starts_with(&target))
                    .any(|reference| *reference == target || reference.starts_with(&inside))
            })
            .map(|name| format!("`{name}`"))
            .collect();
        if unused.is_empty() {
            continue;
        }
        reading.warn(
            DiagnosticKind::Unreferenced,
            pointer,
            format!(
                "no `$ref` reaches {}, so no type is generated for it",
                unused.join(", ")
            ),
        );
    }
}

/// Every `$ref` string in the document; `names` says the keys of `value` are property names
/// (so `default` there is a property, not data).
fn collect_references(value: &Value, names: bool, references: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                match (key.as_str(), child) {
                    ("$ref", Value::String(reference)) if !names => {
                        references.insert(reference.clone());
                    }
                    _ if !names && DATA_KEYWORDS.contains(&key.as_str()) => {}
                    _ => collect_references(child, key == "properties" && !names, references),
                }
            }
        }
        Value::Array(items) => items
            .iter()
            .for_each(|item| collect_references(item, false, references)),
        _ => {}
    }
}

/// The pointer and member names of every `$defs`/`definitions` object in a schema.
fn find_definitions(value: &Value, here: Here<'_>, groups: &mut Vec<(String, Vec<String>)>) {
    match value {
        Value::Object(map) => {
            let names = matches!(here, Here::Key(_, "properties"));
            for (key, child) in map {
                let child_here = Here::Key(&here, key);
                if !names && (DATA_KEYWORDS.contains(&key.as_str()) || key.starts_with("x-")) {
                    continue;
                }
                if matches!(key.as_str(), "$defs" | "definitions") {
                    if let Value::Object(members) = child {
                        groups.push((child_here.pointer(), members.keys().cloned().collect()));
                    }
                }
                find_definitions(child, child_here, groups);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                find_definitions(item, Here::Index(&here, index), groups);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
#[path = "v31_tests.rs"]
mod tests;
