//! Paths into a document, and finding and editing the nodes they lead to.

use serde_json::{json, Map, Value};

use crate::rng::Rng;

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Seg {
    Key(String),
    Index(usize),
}

pub(crate) fn get<'a>(doc: &'a Value, path: &[Seg]) -> Option<&'a Value> {
    path.iter().try_fold(doc, |value, seg| match seg {
        Seg::Key(key) => value.get(key.as_str()),
        Seg::Index(index) => value.get(*index),
    })
}

pub(crate) fn get_mut<'a>(doc: &'a mut Value, path: &[Seg]) -> Option<&'a mut Value> {
    path.iter().try_fold(doc, |value, seg| match seg {
        Seg::Key(key) => value.get_mut(key.as_str()),
        Seg::Index(index) => value.get_mut(*index),
    })
}

pub(crate) fn remove_at(doc: &mut Value, path: &[Seg]) -> Option<Value> {
    let (last, parent) = path.split_last()?;
    match (get_mut(doc, parent)?, last) {
        (Value::Object(map), Seg::Key(key)) => map.shift_remove(key),
        (Value::Array(items), Seg::Index(index)) if *index < items.len() => {
            Some(items.remove(*index))
        }
        _ => None,
    }
}

/// `#/a/b~1c` for a path.
pub(crate) fn pointer(path: &[Seg]) -> String {
    let mut out = "#".to_owned();
    for seg in path {
        out.push('/');
        match seg {
            Seg::Key(key) => out.push_str(&key.replace('~', "~0").replace('/', "~1")),
            Seg::Index(index) => out.push_str(&index.to_string()),
        }
    }
    out
}

pub(crate) fn key_at(path: &[Seg], from_end: usize) -> Option<&str> {
    match path.len().checked_sub(from_end + 1).map(|at| &path[at]) {
        Some(Seg::Key(key)) => Some(key),
        _ => None,
    }
}

#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Slot {
    Schema,
    SchemaMap,
    SchemaList,
    Other,
}

pub(crate) struct Node {
    pub(crate) path: Vec<Seg>,
    pub(crate) slot: Slot,
    pub(crate) object: bool,
}

impl Node {
    pub(crate) fn schema(&self) -> bool {
        self.slot == Slot::Schema
    }

    pub(crate) fn property(&self) -> bool {
        self.schema() && key_at(&self.path, 1) == Some("properties")
    }
}

/// Schema keywords holding one schema (3.0's and those JSON Schema 2020-12 adds in 3.1).
const ONE_SCHEMA: &[&str] = &[
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
/// Schema keywords holding a map of schemas.
const SCHEMA_MAPS: &[&str] = &[
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
];
/// Schema keywords holding a list of schemas.
const SCHEMA_LISTS: &[&str] = &["allOf", "oneOf", "anyOf", "prefixItems"];

/// Every node in pre-order, each marked with whether it sits where a schema is expected.
pub(crate) fn collect_nodes(doc: &Value) -> Vec<Node> {
    fn walk(value: &Value, path: &mut Vec<Seg>, slot: Slot, out: &mut Vec<Node>) {
        out.push(Node {
            path: path.clone(),
            slot,
            object: value.is_object(),
        });
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    let child_slot = match (slot, key.as_str()) {
                        (Slot::SchemaMap, _) => Slot::Schema,
                        (Slot::Schema, keyword) if SCHEMA_MAPS.contains(&keyword) => {
                            Slot::SchemaMap
                        }
                        (Slot::Schema, keyword) if SCHEMA_LISTS.contains(&keyword) => {
                            Slot::SchemaList
                        }
                        (Slot::Schema, keyword) if ONE_SCHEMA.contains(&keyword) => Slot::Schema,
                        (_, "schema") => Slot::Schema,
                        (_, "schemas")
                            if path.len() == 1 && key_at(path, 0) == Some("components") =>
                        {
                            Slot::SchemaMap
                        }
                        _ => Slot::Other,
                    };
                    path.push(Seg::Key(key.clone()));
                    walk(child, path, child_slot, out);
                    path.pop();
                }
            }
            Value::Array(items) => {
                let child_slot = if slot == Slot::SchemaList {
                    Slot::Schema
                } else {
                    Slot::Other
                };
                for (index, child) in items.iter().enumerate() {
                    path.push(Seg::Index(index));
                    walk(child, path, child_slot, out);
                    path.pop();
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(doc, &mut Vec::new(), Slot::Other, &mut out);
    out
}

pub(crate) fn pick_node<'a>(
    nodes: &'a [Node],
    rng: &mut Rng,
    filter: impl Fn(&Node) -> bool,
) -> Option<&'a Node> {
    let matching: Vec<&Node> = nodes.iter().filter(|node| filter(node)).collect();
    if matching.is_empty() {
        None
    } else {
        Some(*rng.pick(&matching))
    }
}

/// A schema-shaped object if there is one (70%), else any object.
pub(crate) fn pick_object<'a>(nodes: &'a [Node], rng: &mut Rng) -> Option<&'a Node> {
    if rng.chance(70) {
        if let Some(node) = pick_node(nodes, rng, |n| n.object && n.schema()) {
            return Some(node);
        }
    }
    pick_node(nodes, rng, |n| n.object)
}

pub(crate) fn component_schemas(doc: &Value) -> Vec<String> {
    doc.pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|map| map.keys().cloned().collect())
        .unwrap_or_default()
}

pub(crate) fn all_keys(nodes: &[Node]) -> Vec<String> {
    let mut keys: Vec<String> = nodes
        .iter()
        .filter_map(|node| key_at(&node.path, 0).map(str::to_owned))
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

pub(crate) fn object_mut<'a>(
    doc: &'a mut Value,
    path: &[Seg],
) -> Option<&'a mut Map<String, Value>> {
    get_mut(doc, path).and_then(Value::as_object_mut)
}

/// Renames `old` to `new` keeping the key's position.
pub(crate) fn rename_key(map: &mut Map<String, Value>, old: &str, new: &str) {
    let entries = std::mem::take(map);
    for (key, value) in entries {
        let key = if key == old { new.to_owned() } else { key };
        map.insert(key, value);
    }
}

/// Replaces every string equal to `from` by `to`.
pub(crate) fn replace_strings(value: &mut Value, from: &str, to: &str) {
    match value {
        Value::String(text) if text == from => *text = to.to_owned(),
        Value::Array(items) => items.iter_mut().for_each(|v| replace_strings(v, from, to)),
        Value::Object(map) => map.values_mut().for_each(|v| replace_strings(v, from, to)),
        _ => {}
    }
}

pub(crate) fn schema_ref(name: &str) -> String {
    format!(
        "#/components/schemas/{}",
        name.replace('~', "~0").replace('/', "~1")
    )
}

pub(crate) fn ensure_schemas(doc: &mut Value) -> Option<&mut Map<String, Value>> {
    let root = doc.as_object_mut()?;
    let components = root.entry("components").or_insert_with(|| json!({}));
    if !components.is_object() {
        *components = json!({});
    }
    let schemas = components
        .as_object_mut()?
        .entry("schemas")
        .or_insert_with(|| json!({}));
    if !schemas.is_object() {
        *schemas = json!({});
    }
    schemas.as_object_mut()
}
