//! Structural mutations, continued: renamed components and properties, empty strings, junk
//! `enum`s, keywords and extensions, deep nesting and inserted schemas.

use serde_json::{json, Value};

use crate::doc::{
    ensure_schemas, get, get_mut, key_at, object_mut, pick_node, pick_object, pointer, rename_key,
    replace_strings, schema_ref, Node,
};
use crate::mutate::{short, Ctx};
use crate::rng::Rng;
use crate::values::{
    case_variant, interesting_name, random_number, random_schema, random_value, FORMATS, METHODS,
    PATTERNS, TYPES,
};

impl Ctx<'_> {
    /// Renames a component schema and every `$ref` to it, so the spec stays consistent.
    pub(crate) fn rename_component(&mut self) -> Option<String> {
        if self.schemas.is_empty() {
            return None;
        }
        let old = self.rng.pick(self.schemas).clone();
        let new = self.name();
        let schemas = ensure_schemas(self.doc)?;
        rename_key(schemas, &old, &new);
        replace_strings(self.doc, &schema_ref(&old), &schema_ref(&new));
        Some(format!("rename schema {old:?} to {new:?}"))
    }

    /// Renames a property and its `required` entry, so the spec stays consistent.
    pub(crate) fn rename_property(&mut self) -> Option<String> {
        let node = pick_node(self.nodes, self.rng, Node::property)?;
        let old = key_at(&node.path, 0)?.to_owned();
        let new = self.name();
        let owner_path = &node.path[..node.path.len() - 2];
        let owner = object_mut(self.doc, owner_path)?;
        if let Some(Value::Object(properties)) = owner.get_mut("properties") {
            rename_key(properties, &old, &new);
        }
        if let Some(required) = owner.get_mut("required") {
            replace_strings(required, &old, &new);
        }
        Some(format!(
            "rename property {} to {new:?}",
            pointer(&node.path)
        ))
    }

    pub(crate) fn empty_string(&mut self) -> Option<String> {
        if self.rng.chance(50) {
            let node = pick_node(self.nodes, self.rng, |n| {
                key_at(&n.path, 0).is_some_and(|k| !k.is_empty())
            })?;
            let old = key_at(&node.path, 0)?.to_owned();
            let parent = object_mut(self.doc, &node.path[..node.path.len() - 1])?;
            rename_key(parent, &old, "");
            return Some(format!("empty key at {}", pointer(&node.path)));
        }
        let node = pick_node(self.nodes, self.rng, |_| true)?;
        let at = get_mut(self.doc, &node.path)?;
        if !at.is_string() && self.rng.chance(50) {
            return None;
        }
        *at = json!("");
        Some(format!("empty string at {}", pointer(&node.path)))
    }

    pub(crate) fn junk_enum(&mut self) -> Option<String> {
        let node = pick_object(self.nodes, self.rng)?;
        let values = match self.rng.below(12) {
            0 => json!([]),
            1 => json!([""]),
            2 => json!(["a", "A", "a-b", "a_b", "A B", "a b"]),
            3 => json!([1, 2, 3]),
            4 => json!([1, "1", 1.0]),
            5 => json!([null]),
            6 => json!([true, false]),
            7 => json!([{}, [], {"a": 1}]),
            8 => json!(["x", "x"]),
            9 => json!("notalist"),
            10 => json!([1.5, u64::MAX, i64::MIN, -0.0]),
            _ => Value::Array(
                (0..1 + self.rng.below(6))
                    .map(|_| json!(interesting_name(self.rng, self.pool)))
                    .collect(),
            ),
        };
        let shown = short(&values);
        let map = object_mut(self.doc, &node.path)?;
        map.insert("enum".into(), values);
        if self.rng.chance(40) {
            map.insert("type".into(), json!(self.rng.pick(TYPES)));
        }
        Some(format!("enum {shown} at {}", pointer(&node.path)))
    }

    /// One schema keyword set to something odd.
    pub(crate) fn junk_keyword(&mut self) -> Option<String> {
        let node = pick_object(self.nodes, self.rng)?;
        let (key, value) = match self.rng.below(16) {
            0 => ("format", json!(self.rng.pick(FORMATS))),
            1 => ("nullable", random_value(self.rng, self.pool, 0)),
            2 => (
                "additionalProperties",
                match self.rng.below(4) {
                    0 => json!(true),
                    1 => json!(false),
                    2 => json!({}),
                    _ => random_schema(self.rng, self.schemas, self.pool, 1),
                },
            ),
            3 => (
                "discriminator",
                json!({"propertyName": self.name(), "mapping": {"x": schema_ref(&self.name())}}),
            ),
            4 => ("default", random_value(self.rng, self.pool, 1)),
            5 => ("example", random_value(self.rng, self.pool, 2)),
            6 => ("pattern", json!(self.rng.pick(PATTERNS))),
            7 => (
                *self.rng.pick(&[
                    "minimum",
                    "maximum",
                    "exclusiveMinimum",
                    "exclusiveMaximum",
                    "multipleOf",
                ]),
                random_value(self.rng, self.pool, 0),
            ),
            8 => (
                *self.rng.pick(&[
                    "minLength",
                    "maxLength",
                    "minItems",
                    "maxItems",
                    "minProperties",
                    "maxProperties",
                ]),
                random_number(self.rng),
            ),
            9 => ("readOnly", json!(true)),
            10 => ("writeOnly", json!(true)),
            11 => ("not", random_schema(self.rng, self.schemas, self.pool, 1)),
            12 => ("items", random_schema(self.rng, self.schemas, self.pool, 1)),
            13 => (
                "properties",
                json!({ self.name(): random_schema(self.rng, self.schemas, self.pool, 1) }),
            ),
            14 => ("description", json!(self.name())),
            _ => ("uniqueItems", random_value(self.rng, self.pool, 0)),
        };
        let shown = short(&value);
        let map = object_mut(self.doc, &node.path)?;
        if key == "minimum" || key == "maxLength" {
            // Contradictions: maximum below minimum and the like.
            map.insert("maximum".into(), json!(-5));
            map.insert("minLength".into(), json!(10));
        }
        map.insert(key.into(), value);
        Some(format!("{key} {shown} at {}", pointer(&node.path)))
    }

    /// `x-oagen-rules` and `x-oagen-aliases`, the extensions the generator reads.
    pub(crate) fn junk_extension(&mut self) -> Option<String> {
        if self.rng.chance(40) {
            let node = pick_node(self.nodes, self.rng, Node::property)?;
            let siblings: Vec<String> = get(self.doc, &node.path[..node.path.len() - 1])?
                .as_object()?
                .keys()
                .cloned()
                .collect();
            let own = key_at(&node.path, 0)?.to_owned();
            let aliases = match self.rng.below(6) {
                0 => json!([own]),
                1 => Value::Array(siblings.iter().map(|s| json!(s)).collect()),
                2 => json!(["", "x", "x"]),
                3 => random_value(self.rng, self.pool, 1),
                4 => json!([case_variant(&own, self.rng)]),
                _ => json!([self.name(), self.name()]),
            };
            let shown = short(&aliases);
            object_mut(self.doc, &node.path)?.insert("x-oagen-aliases".into(), aliases);
            return Some(format!(
                "x-oagen-aliases {shown} at {}",
                pointer(&node.path)
            ));
        }
        let node = if self.rng.chance(50) {
            let paths: Vec<&Node> = self
                .nodes
                .iter()
                .filter(|n| {
                    n.path.len() == 3
                        && key_at(&n.path, 2) == Some("paths")
                        && METHODS.contains(&key_at(&n.path, 0).unwrap_or(""))
                })
                .collect();
            if paths.is_empty() {
                None
            } else {
                Some(*self.rng.pick(&paths))
            }
        } else {
            pick_node(self.nodes, self.rng, |n| n.object && n.schema())
        }?;
        let fields: Vec<String> = get(self.doc, &node.path)?
            .get("properties")
            .and_then(Value::as_object)
            .map(|p| p.keys().cloned().collect())
            .unwrap_or_default();
        let field = |rng: &mut Rng| -> Value {
            if !fields.is_empty() && rng.chance(60) {
                json!(rng.pick(&fields))
            } else if rng.chance(90) {
                json!(interesting_name(rng, self.pool))
            } else {
                random_value(rng, self.pool, 0)
            }
        };
        let rules: Vec<Value> = (0..self.rng.below(4))
            .map(|_| match self.rng.below(5) {
                0 => json!({"kind": "requires", "field": field(self.rng), "requires": field(self.rng)}),
                1 => json!({"kind": "ordered", "earlier": field(self.rng), "later": field(self.rng)}),
                2 => json!({
                    "kind": "forbidden-when",
                    "parameter": field(self.rng),
                    "values": [field(self.rng), ""],
                    "fields": [field(self.rng), field(self.rng)],
                }),
                3 => json!({"kind": self.rng.pick(&["sometimes", "", "Requires"]), "field": "a"}),
                _ => random_value(self.rng, self.pool, 2),
            })
            .collect();
        let rules = if self.rng.chance(10) {
            random_value(self.rng, self.pool, 2)
        } else {
            Value::Array(rules)
        };
        let shown = short(&rules);
        object_mut(self.doc, &node.path)?.insert("x-oagen-rules".into(), rules);
        Some(format!("x-oagen-rules {shown} at {}", pointer(&node.path)))
    }

    pub(crate) fn deep_nesting(&mut self) -> Option<String> {
        let node = pick_node(self.nodes, self.rng, |n| n.schema() && !n.path.is_empty())?;
        let depth = *self.rng.pick(&[8, 20, 40, 60]);
        let style = self.rng.below(4);
        let mut value = get(self.doc, &node.path)?.clone();
        for level in 0..depth {
            value = match style {
                0 => json!({"type": "array", "items": value}),
                1 => json!({"allOf": [value]}),
                2 => json!({"type": "object", "properties": {format!("p{level}"): value}}),
                _ => json!({"type": "object", "additionalProperties": value}),
            };
        }
        *get_mut(self.doc, &node.path)? = value;
        Some(format!(
            "nest {} {depth} levels (style {style})",
            pointer(&node.path)
        ))
    }

    pub(crate) fn insert_schema(&mut self) -> Option<String> {
        let name = self.name();
        let schema = random_schema(self.rng, self.schemas, self.pool, 3);
        let node = pick_node(self.nodes, self.rng, |n| n.schema() && !n.path.is_empty());
        let use_it = node.is_some() && self.rng.chance(50);
        ensure_schemas(self.doc)?.insert(name.clone(), schema);
        if use_it {
            let node = node?;
            *get_mut(self.doc, &node.path)? = json!({ "$ref": schema_ref(&name) });
            return Some(format!(
                "new schema {name:?} used at {}",
                pointer(&node.path)
            ));
        }
        Some(format!("new schema {name:?}"))
    }
}
