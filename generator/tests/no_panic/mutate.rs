//! Structural mutations: one to six edits of the parsed document per case. The edits are
//! methods of `Ctx`; the junk ones are in `junk.rs`, those on operations in `operations.rs`.

use serde_json::{json, Map, Value};

use crate::doc::{
    all_keys, collect_nodes, component_schemas, ensure_schemas, get, get_mut, key_at, object_mut,
    pick_node, pick_object, pointer, remove_at, rename_key, schema_ref, Node, Slot,
};
use crate::rng::Rng;
use crate::seeds::is_v31;
use crate::values::{
    case_variant, interesting_name, random_schema, random_value, same_kind, TYPES,
};

pub(crate) fn mutate_structure(doc: &mut Value, rng: &mut Rng, how: &mut Vec<String>) {
    let edits = match rng.below(10) {
        0..=4 => 1,
        5..=7 => 2,
        8 => 3,
        _ => 6,
    };
    for _ in 0..edits {
        let nodes = collect_nodes(doc);
        let pool = all_keys(&nodes);
        let schemas = component_schemas(doc);
        let mut context = Ctx {
            doc,
            nodes: &nodes,
            pool: &pool,
            schemas: &schemas,
            rng,
        };
        let arm = context.rng.below(34);
        let done = match arm {
            0 => context.delete(),
            1 => context.replace_with_other_kind(),
            2 => context.graft(),
            3 => context.rename(),
            4 | 5 => context.inject_ref(),
            6 => context.set_type(),
            7 => context.wrap_composition(),
            8 => context.junk_required(),
            9 | 10 => context.recursion(),
            11 => context.rename_component(),
            12 => context.rename_property(),
            13 => context.empty_string(),
            14 => context.junk_enum(),
            15 => context.junk_keyword(),
            16 => context.junk_extension(),
            17 => context.deep_nesting(),
            18 | 19 => context.junk_operation(),
            20 => context.insert_schema(),
            // OpenAPI 3.1: the document's parts, then schemas.
            21 => context.set_version(),
            22 | 23 => context.webhook(),
            24 => context.path_items(),
            25 => context.deep_v31(),
            _ => context.v31_schema(),
        };
        if let Some(done) = done {
            how.push(done);
        }
        // A 3.1 construct in a 3.0 document is mostly read as 3.1 (the loader rewrites it),
        // sometimes left to the 3.0 reading.
        if arm > 21 && !is_v31(doc) && rng.chance(70) {
            if let Some(root) = doc.as_object_mut() {
                root.insert("openapi".into(), json!("3.1.0"));
                how.push("openapi 3.1.0".to_owned());
            }
        }
    }
}

pub(crate) struct Ctx<'a> {
    pub(crate) doc: &'a mut Value,
    pub(crate) nodes: &'a [Node],
    pub(crate) pool: &'a [String],
    pub(crate) schemas: &'a [String],
    pub(crate) rng: &'a mut Rng,
}

impl Ctx<'_> {
    pub(crate) fn name(&mut self) -> String {
        interesting_name(self.rng, self.pool)
    }

    pub(crate) fn delete(&mut self) -> Option<String> {
        let node = pick_node(self.nodes, self.rng, |n| !n.path.is_empty())?;
        remove_at(self.doc, &node.path)?;
        Some(format!("delete {}", pointer(&node.path)))
    }

    pub(crate) fn replace_with_other_kind(&mut self) -> Option<String> {
        let node = pick_node(self.nodes, self.rng, |n| !n.path.is_empty())?;
        let target = get_mut(self.doc, &node.path)?;
        let mut value = random_value(self.rng, self.pool, 2);
        for _ in 0..5 {
            if !same_kind(&value, target) {
                break;
            }
            value = random_value(self.rng, self.pool, 2);
        }
        let shown = short(&value);
        *target = value;
        Some(format!("replace {} with {shown}", pointer(&node.path)))
    }

    /// Copies a subtree somewhere else: under a new key, over another node, or into a list.
    pub(crate) fn graft(&mut self) -> Option<String> {
        let source = pick_node(self.nodes, self.rng, |n| !n.path.is_empty())?;
        let value = get(self.doc, &source.path)?.clone();
        let target = pick_node(self.nodes, self.rng, |n| {
            matches!(n.slot, Slot::Schema | Slot::SchemaMap) || n.object || n.path.len() < 3
        })?;
        let key = if self.rng.chance(50) {
            key_at(&source.path, 0).unwrap_or("copy").to_owned()
        } else {
            self.name()
        };
        let replace = self.rng.chance(30);
        let at = get_mut(self.doc, &target.path)?;
        match at {
            _ if replace && !target.path.is_empty() => *at = value,
            Value::Object(map) => {
                map.insert(key, value);
            }
            Value::Array(items) => items.push(value),
            _ => *at = value,
        }
        Some(format!(
            "graft {} into {}",
            pointer(&source.path),
            pointer(&target.path)
        ))
    }

    pub(crate) fn rename(&mut self) -> Option<String> {
        let node = pick_node(self.nodes, self.rng, |n| {
            !n.path.is_empty() && key_at(&n.path, 0).is_some()
        })?;
        let old = key_at(&node.path, 0)?.to_owned();
        let new = self.name();
        let parent = object_mut(self.doc, &node.path[..node.path.len() - 1])?;
        rename_key(parent, &old, &new);
        Some(format!("rename {} to {new:?}", pointer(&node.path)))
    }

    pub(crate) fn inject_ref(&mut self) -> Option<String> {
        let node = if self.rng.chance(75) {
            pick_node(self.nodes, self.rng, |n| n.schema() && !n.path.is_empty())
        } else {
            pick_node(self.nodes, self.rng, |n| !n.path.is_empty())
        }?;
        let own = pointer(&node.path);
        let target = match self.rng.below(14) {
            0..=3 if !self.schemas.is_empty() => schema_ref(self.rng.pick(self.schemas).as_str()),
            4 => own.clone(),
            5 => pointer(&node.path[..node.path.len().min(3)]),
            6 => schema_ref(&self.name()),
            7 => pointer(&self.rng.pick(self.nodes).path),
            8 => format!(
                "#/components/{}/{}",
                self.rng.pick(&[
                    "parameters",
                    "responses",
                    "requestBodies",
                    "headers",
                    "securitySchemes",
                    "examples"
                ]),
                self.name()
            ),
            9 => (*self.rng.pick(&[
                "other.yaml",
                "other.yaml#/components/schemas/X",
                "http://example.com/spec.json#/components/schemas/Pet",
                "#",
                "",
                "#/",
                "#/components/schemas/",
                "#/components/schemas",
                "components/schemas/Pet",
                "#/components/schemas/a~1b",
                "#/components/schemas/a~2b",
                "#/components/schemas/%20",
                "#/paths/~1pets/get",
                "#/components/schemas/Pet/properties/name",
            ]))
            .to_owned(),
            _ => match self.schemas.first() {
                Some(first) => format!("{}/properties/{}", schema_ref(first), self.name()),
                None => schema_ref(&self.name()),
            },
        };
        let at = get_mut(self.doc, &node.path)?;
        if self.rng.chance(25) {
            if let Value::Object(map) = at {
                // `$ref` beside other keys.
                map.insert("$ref".into(), json!(target));
                return Some(format!("add $ref {target:?} at {own}"));
            }
        }
        *at = json!({ "$ref": target });
        Some(format!("replace {own} with $ref {target:?}"))
    }

    pub(crate) fn set_type(&mut self) -> Option<String> {
        let node = pick_object(self.nodes, self.rng)?;
        let ty = match self.rng.below(10) {
            0 => json!(["string", "null"]),
            1 => random_value(self.rng, self.pool, 1),
            _ => json!(self.rng.pick(TYPES)),
        };
        let shown = short(&ty);
        let map = object_mut(self.doc, &node.path)?;
        map.insert("type".into(), ty);
        if self.rng.chance(30) {
            map.remove("items");
        }
        Some(format!("type {shown} at {}", pointer(&node.path)))
    }

    pub(crate) fn wrap_composition(&mut self) -> Option<String> {
        let node = pick_node(self.nodes, self.rng, |n| n.schema() && !n.path.is_empty())?;
        let keyword = *self.rng.pick(&["allOf", "oneOf", "anyOf"]);
        let inner = get(self.doc, &node.path)?.clone();
        let mut list = vec![inner.clone()];
        for _ in 0..self.rng.below(3) {
            let other = match self.rng.below(5) {
                0 => inner.clone(),
                1 => json!({}),
                2 => json!({ "type": "null" }),
                _ => random_schema(self.rng, self.schemas, self.pool, 1),
            };
            list.push(other);
        }
        if self.rng.chance(10) {
            list.clear();
        }
        let mut wrapper = Map::new();
        wrapper.insert(keyword.into(), Value::Array(list));
        if self.rng.chance(25) {
            let mapping: Map<String, Value> = (0..self.rng.below(3))
                .map(|_| {
                    let target = match self.schemas.is_empty() || self.rng.chance(30) {
                        true => schema_ref(&self.name()),
                        false => schema_ref(self.rng.pick(self.schemas).as_str()),
                    };
                    (self.name(), json!(target))
                })
                .collect();
            wrapper.insert(
                "discriminator".into(),
                json!({ "propertyName": self.name(), "mapping": mapping }),
            );
        }
        if self.rng.chance(20) {
            wrapper.insert("nullable".into(), json!(true));
        }
        let mut wrapped = Value::Object(wrapper);
        if self.rng.chance(20) {
            // The keyword beside the schema's own keys instead of around them.
            if let (Value::Object(own), Value::Object(extra)) = (inner, &wrapped) {
                let mut merged = own;
                merged.extend(extra.clone());
                wrapped = Value::Object(merged);
            }
        }
        *get_mut(self.doc, &node.path)? = wrapped;
        Some(format!("wrap {} in {keyword}", pointer(&node.path)))
    }

    pub(crate) fn junk_required(&mut self) -> Option<String> {
        let node = pick_object(self.nodes, self.rng)?;
        let existing: Vec<String> = get(self.doc, &node.path)?
            .get("properties")
            .and_then(Value::as_object)
            .map(|p| p.keys().cloned().collect())
            .unwrap_or_default();
        let required = match self.rng.below(8) {
            0 => json!([]),
            1 => json!(["nonexistent"]),
            2 => json!([1, null, true, {}]),
            3 => json!("notalist"),
            4 => json!([""]),
            5 => Value::Array(
                existing
                    .iter()
                    .chain(existing.iter())
                    .map(|name| json!(name))
                    .collect(),
            ),
            _ => {
                let mut names: Vec<Value> = existing.iter().map(|name| json!(name)).collect();
                names.push(json!(self.name()));
                names.push(json!(case_variant(
                    existing.first().map_or("x", String::as_str),
                    self.rng
                )));
                Value::Array(names)
            }
        };
        let shown = short(&required);
        object_mut(self.doc, &node.path)?.insert("required".into(), required);
        Some(format!("required {shown} at {}", pointer(&node.path)))
    }

    /// `A -> B -> A` in its various forms, then maybe used from an existing place.
    pub(crate) fn recursion(&mut self) -> Option<String> {
        let a = if self.schemas.is_empty() || self.rng.chance(50) {
            self.name()
        } else {
            self.rng.pick(self.schemas).clone()
        };
        let b = if self.rng.chance(50) {
            self.name()
        } else if self.schemas.is_empty() {
            format!("{a}2")
        } else {
            self.rng.pick(self.schemas).clone()
        };
        let (ra, rb) = (schema_ref(&a), schema_ref(&b));
        let kind = self.rng.below(11);
        let (sa, sb) = match kind {
            0 => (
                json!({"type": "object", "required": ["b"], "properties": {"b": {"$ref": rb}}}),
                json!({"type": "object", "required": ["a"], "properties": {"a": {"$ref": ra}}}),
            ),
            1 => (
                json!({"allOf": [{"$ref": rb}]}),
                json!({"allOf": [{"$ref": ra}]}),
            ),
            2 => (json!({"$ref": rb}), json!({"$ref": ra})),
            3 => (json!({"$ref": ra}), json!({"type": "string"})),
            4 => (
                json!({"oneOf": [{"$ref": ra}, {"$ref": rb}]}),
                json!({"anyOf": [{"$ref": ra}, {"type": "string"}]}),
            ),
            5 => (
                json!({"type": "array", "items": {"$ref": ra}}),
                json!({"type": "array", "items": {"$ref": rb}}),
            ),
            6 => (
                json!({"type": "object", "additionalProperties": {"$ref": ra}}),
                json!({"type": "object", "additionalProperties": {"$ref": ra}}),
            ),
            7 => (
                json!({"type": "object", "required": ["me"], "properties": {"me": {"$ref": ra}}}),
                json!({"type": "object", "properties": {"list": {"type": "array", "items": {"$ref": rb}}}}),
            ),
            8 => (
                json!({"allOf": [{"$ref": rb}, {"type": "object", "properties": {"x": {"$ref": ra}}}]}),
                json!({"type": "object", "properties": {"y": {"allOf": [{"$ref": ra}]}}, "required": ["y"]}),
            ),
            9 => (
                json!({"allOf": [{"$ref": rb}, {"type": "object", "properties": {"a": {}}}]}),
                json!({"allOf": [{"$ref": ra}, {"type": "object"}]}),
            ),
            _ => (
                json!({"not": {"$ref": ra}}),
                json!({"type": "object", "properties": {"n": {"nullable": true, "allOf": [{"$ref": rb}]}}}),
            ),
        };
        let schemas = ensure_schemas(self.doc)?;
        schemas.insert(a.clone(), sa);
        schemas.insert(b.clone(), sb);
        if self.rng.chance(50) {
            if let Some(node) = pick_node(self.nodes, self.rng, |n| {
                n.schema() && n.path.len() > 3 && key_at(&n.path, 0) != Some(a.as_str())
            }) {
                if let Some(at) = get_mut(self.doc, &node.path) {
                    *at = json!({ "$ref": ra });
                }
            }
        }
        Some(format!("recursion #{kind} between {a:?} and {b:?}"))
    }
}

/// A value shown in a mutation log, cut short.
pub(crate) fn short(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 60 {
        format!("{}...", text.chars().take(60).collect::<String>())
    } else {
        text
    }
}
