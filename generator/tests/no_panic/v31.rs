//! Structural mutations of schemas in the JSON Schema 2020-12 forms OpenAPI 3.1 writes (and the
//! loader rewrites into the 3.0 form first, `generator/src/load/v31/schema.rs`): `type` lists,
//! `const`, `null` alternatives, `prefixItems`, `$defs`, `$recursiveRef`/`$dynamicRef`, `$ref`
//! with sibling keywords, numeric exclusive bounds, `examples`, `patternProperties`,
//! `propertyNames`, `dependentRequired`, `if`/`then`/`else`, `contentEncoding` and
//! `contentMediaType`, boolean schemas, `unevaluated*`, each also with junk values.
//! The document-level ones (`webhooks`, `components/pathItems`, the version) are in `v31_doc.rs`.

use serde_json::{json, Map, Value};

use crate::doc::{
    ensure_schemas, get, get_mut, key_at, object_mut, pick_node, pick_object, pointer, schema_ref,
    Node, Seg,
};
use crate::mutate::{short, Ctx};
use crate::values::{random_number, random_schema, random_value, FORMATS, PATTERNS, TYPES};

/// The type names of JSON Schema.
pub(crate) const JSON_TYPES: &[&str] = &[
    "string", "integer", "number", "boolean", "array", "object", "null",
];

impl Ctx<'_> {
    /// One 3.1 schema mutation, picked at random.
    pub(crate) fn v31_schema(&mut self) -> Option<String> {
        match self.rng.below(16) {
            0 | 1 => self.type_list(),
            2 | 3 => self.constant(),
            4 => self.null_alternatives(),
            5 => self.prefix_items(),
            6 => self.defs(),
            7 => self.dynamic_ref(),
            8 => self.ref_siblings(),
            9 => self.exclusive_bounds(),
            10 => self.examples(),
            11 => self.map_keywords(),
            12 => self.conditional(),
            13 => self.content_keywords(),
            14 => self.boolean_schema(),
            _ => self.unevaluated(),
        }
    }

    /// A value likely to be the wrong shape for whatever keyword it is given to.
    fn junk(&mut self) -> Value {
        match self.rng.below(8) {
            0 => json!(null),
            1 => json!([[1, [2]], []]),
            2 => random_number(self.rng),
            3 => json!(self.name()),
            4 => json!(self.rng.chance(50)),
            5 => json!({}),
            _ => random_value(self.rng, self.pool, 2),
        }
    }

    fn schema_or_junk(&mut self, junk_percent: u64) -> Value {
        if self.rng.chance(junk_percent) {
            self.junk()
        } else if self.rng.chance(15) {
            json!(self.rng.chance(50))
        } else {
            random_schema(self.rng, self.schemas, self.pool, 1)
        }
    }

    /// The path of a schema that is an object, or of any object (a non-schema place).
    fn schema_object(&mut self) -> Option<Vec<Seg>> {
        pick_object(self.nodes, self.rng).map(|node| node.path.clone())
    }

    /// `type: [..]`: with and without `null`, one or several types, duplicates, junk members,
    /// beside the keywords a split hands to each alternative.
    pub(crate) fn type_list(&mut self) -> Option<String> {
        let path = self.schema_object()?;
        let ty = match self.rng.below(12) {
            0 => json!([]),
            1 => json!(["null"]),
            2 => json!("null"),
            3 => json!(["null", "null"]),
            4 => json!(["integer", "number"]),
            5 => json!(["number", "integer", "null"]),
            6 => json!([1, null, {}, ["string"]]),
            7 => json!([self.rng.pick(TYPES), self.rng.pick(TYPES), "null"]),
            _ => {
                let mut names: Vec<Value> = (0..1 + self.rng.below(4))
                    .map(|_| json!(self.rng.pick(JSON_TYPES)))
                    .collect();
                if self.rng.chance(50) {
                    let at = self.rng.below(names.len() + 1);
                    names.insert(at, json!("null"));
                }
                Value::Array(names)
            }
        };
        let shown = short(&ty);
        // Keywords of each type, which a split moves into the alternative they apply to.
        let mut extra: Vec<(&str, Value)> = Vec::new();
        for _ in 0..self.rng.below(5) {
            let keyword = match self.rng.below(14) {
                0 => ("minLength", random_number(self.rng)),
                1 => ("pattern", json!(self.rng.pick(PATTERNS))),
                2 => ("format", json!(self.rng.pick(FORMATS))),
                3 => ("minimum", random_number(self.rng)),
                4 => ("exclusiveMinimum", random_number(self.rng)),
                5 => ("items", self.schema_or_junk(20)),
                6 => (
                    "prefixItems",
                    json!([{"type": "string"}, {"type": "integer"}]),
                ),
                7 => (
                    "properties",
                    json!({ self.name(): random_schema(self.rng, self.schemas, self.pool, 1) }),
                ),
                8 => ("required", json!([self.name()])),
                9 => ("enum", json!([1, "a", 2.5, null, true, [1], {"a": 1}])),
                10 => ("enum", json!(["a", "b"])),
                11 => ("oneOf", json!([{"type": "string"}, {"type": "integer"}])),
                12 => ("nullable", json!(self.rng.chance(50))),
                _ => ("additionalProperties", self.schema_or_junk(20)),
            };
            extra.push(keyword);
        }
        let map = object_mut(self.doc, &path)?;
        map.insert("type".into(), ty);
        for (key, value) in extra {
            map.insert(key.into(), value);
        }
        Some(format!("type {shown} at {}", pointer(&path)))
    }

    /// `const` of every JSON type, with the type it implies, another one, or none.
    pub(crate) fn constant(&mut self) -> Option<String> {
        let value = match self.rng.below(13) {
            0 => json!(null),
            1 => json!(self.rng.chance(50)),
            2 => json!(0),
            3 => random_number(self.rng),
            4 => json!(self.name()),
            5 => json!(""),
            6 => json!([]),
            7 => json!([1, "a", null]),
            8 => json!({}),
            9 => json!({"a": {"b": [1, {"c": null}]}}),
            10 => json!(-0.0),
            _ => random_value(self.rng, self.pool, 2),
        };
        let shown = short(&value);
        if self.rng.chance(30) {
            return self.const_union(value);
        }
        let path = self.schema_object()?;
        let ty = match self.rng.below(6) {
            0 => Some(json!(self.rng.pick(JSON_TYPES))),
            1 => Some(json!([self.rng.pick(JSON_TYPES), "null"])),
            2 => Some(self.junk()),
            _ => None,
        };
        let with_enum = self.rng.chance(15).then(|| json!(["other", 1]));
        let map = object_mut(self.doc, &path)?;
        if let Some(ty) = ty {
            map.insert("type".into(), ty);
        } else if self.rng.chance(50) {
            map.remove("type");
        }
        if let Some(values) = with_enum {
            map.insert("enum".into(), values);
        }
        map.insert("const".into(), value);
        Some(format!("const {shown} at {}", pointer(&path)))
    }

    /// A union whose members say their kind with a `const` property (a discriminator written
    /// the 3.1 way), the members' values of various types.
    fn const_union(&mut self, value: Value) -> Option<String> {
        let node = pick_node(self.nodes, self.rng, |n| n.schema() && !n.path.is_empty())?;
        let path = node.path.clone();
        let tag = self.name();
        let keyword = *self.rng.pick(&["oneOf", "anyOf"]);
        let mut members = Vec::new();
        for index in 0..1 + self.rng.below(3) {
            let tag_value = match index {
                0 => value.clone(),
                _ if self.rng.chance(30) => value.clone(),
                _ => json!(self.name()),
            };
            let mut properties = Map::new();
            properties.insert(tag.clone(), json!({ "const": tag_value }));
            properties.insert(
                self.name(),
                random_schema(self.rng, self.schemas, self.pool, 1),
            );
            members.push(json!({
                "type": "object",
                "required": [tag.clone()],
                "properties": properties,
            }));
        }
        let mut union = Map::new();
        union.insert(keyword.into(), Value::Array(members));
        if self.rng.chance(40) {
            union.insert("discriminator".into(), json!({ "propertyName": tag }));
        }
        *get_mut(self.doc, &path)? = Value::Object(union);
        Some(format!(
            "{keyword} of const {} tags at {}",
            short(&value),
            pointer(&path)
        ))
    }

    /// `oneOf`/`anyOf` with `null` members (some or all of them), and `oneOf` of `const`
    /// numbers beside a scalar `type`.
    pub(crate) fn null_alternatives(&mut self) -> Option<String> {
        let node = pick_node(self.nodes, self.rng, |n| n.schema() && !n.path.is_empty())?;
        let path = node.path.clone();
        let inner = get(self.doc, &path)?.clone();
        let keyword = *self.rng.pick(&["oneOf", "anyOf"]);
        let nulls = [
            json!({"type": "null"}),
            json!({"const": null}),
            json!({"enum": [null]}),
            json!({"enum": [null, null]}),
            json!({"enum": []}),
            json!({"type": ["null"]}),
            json!({"type": "null", "description": "nothing"}),
            json!(null),
            json!(false),
            json!(true),
        ];
        let mut members = Vec::new();
        let shape = self.rng.below(4);
        match shape {
            // The schema and null members.
            0 | 1 => {
                members.push(inner);
                for _ in 0..1 + self.rng.below(2) {
                    let at = self.rng.below(members.len() + 1);
                    members.insert(at, self.rng.pick(&nulls).clone());
                }
            }
            // Only null members.
            2 => {
                for _ in 0..1 + self.rng.below(3) {
                    members.push(self.rng.pick(&nulls).clone());
                }
            }
            // `const` numbers (an enum written as a union) beside a scalar type.
            _ => {
                for index in 0..1 + self.rng.below(4) {
                    let fixed = match self.rng.below(5) {
                        0 => json!(self.name()),
                        1 => random_number(self.rng),
                        2 => json!(null),
                        _ => json!(index),
                    };
                    let mut member = Map::new();
                    let key = if self.rng.chance(80) { "const" } else { "enum" };
                    member.insert(
                        key.into(),
                        if key == "enum" { json!([fixed]) } else { fixed },
                    );
                    if self.rng.chance(60) {
                        member.insert("title".into(), json!(self.name()));
                    }
                    if self.rng.chance(40) {
                        member.insert("description".into(), json!(self.name()));
                    }
                    members.push(Value::Object(member));
                }
            }
        }
        let mut union = Map::new();
        union.insert(keyword.into(), Value::Array(members));
        if shape == 3 || self.rng.chance(20) {
            let scalar = *self.rng.pick(&["integer", "number", "string", "boolean"]);
            union.insert("type".into(), json!(scalar));
        }
        if self.rng.chance(15) {
            union.insert("nullable".into(), json!(false));
        }
        if self.rng.chance(15) {
            union.insert("description".into(), json!(self.name()));
        }
        *get_mut(self.doc, &path)? = Value::Object(union);
        Some(format!(
            "{keyword} with null members (shape {shape}) at {}",
            pointer(&path)
        ))
    }

    /// `prefixItems` with every combination of `items: false`, `minItems`, `maxItems` and
    /// `unevaluatedItems`, and junk in each.
    pub(crate) fn prefix_items(&mut self) -> Option<String> {
        let path = self.schema_object()?;
        let count = self.rng.below(5);
        let prefix = if self.rng.chance(15) {
            self.junk()
        } else {
            Value::Array((0..count).map(|_| self.schema_or_junk(15)).collect())
        };
        let bound = |ctx: &mut Self| -> Option<Value> {
            match ctx.rng.below(9) {
                0..=2 => Some(json!(count)),
                3 => Some(json!(count.saturating_sub(1))),
                4 => Some(json!(count + 1)),
                5 => Some(random_number(ctx.rng)),
                6 => Some(ctx.junk()),
                _ => None,
            }
        };
        let (min, max) = (bound(self), bound(self));
        let items = match self.rng.below(6) {
            0..=2 => Some(json!(false)),
            3 => Some(json!(true)),
            4 => Some(self.schema_or_junk(30)),
            _ => None,
        };
        let unevaluated = self.rng.chance(15).then(|| json!(false));
        let ty = match self.rng.below(5) {
            0 => Some(json!("array")),
            1 => Some(json!(["array", "null"])),
            2 => Some(json!(["array", "string"])),
            3 => Some(json!("object")),
            _ => None,
        };
        let shown = format!(
            "prefixItems {} items {} minItems {} maxItems {}",
            short(&prefix),
            items.as_ref().map_or("-".into(), short),
            min.as_ref().map_or("-".into(), short),
            max.as_ref().map_or("-".into(), short)
        );
        let map = object_mut(self.doc, &path)?;
        map.insert("prefixItems".into(), prefix);
        for (key, value) in [
            ("items", items),
            ("minItems", min),
            ("maxItems", max),
            ("unevaluatedItems", unevaluated),
            ("type", ty),
        ] {
            match value {
                Some(value) => {
                    map.insert(key.into(), value);
                }
                None if key != "type" => {
                    map.remove(key);
                }
                None => {}
            }
        }
        Some(format!("{shown} at {}", pointer(&path)))
    }

    /// `$defs` (or `definitions`) members and references into them: to a member, to one that is
    /// missing, to the map itself, below a member, at the root, from one member to another.
    pub(crate) fn defs(&mut self) -> Option<String> {
        let node = if self.rng.chance(60) {
            pick_node(self.nodes, self.rng, |n| {
                n.object && n.path.len() == 3 && key_at(&n.path, 1) == Some("schemas")
            })
        } else {
            None
        };
        let path = match node {
            Some(node) => node.path.clone(),
            None => self.schema_object()?,
        };
        let keyword = if self.rng.chance(80) {
            "$defs"
        } else {
            "definitions"
        };
        let (first, second) = (self.name(), self.name());
        let escape = |name: &str| name.replace('~', "~0").replace('/', "~1");
        let mut at = path.clone();
        at.push(Seg::Key(keyword.to_owned()));
        let base = pointer(&at);
        let to_first = format!("{base}/{}", escape(&first));
        let to_second = format!("{base}/{}", escape(&second));
        let mut members = Map::new();
        let definitions = match self.rng.below(6) {
            0 => self.junk(),
            1 => {
                // A loop inside the definitions.
                members.insert(
                    first.clone(),
                    json!({"type": "object", "properties": {"next": {"$ref": to_second}}}),
                );
                members.insert(second.clone(), json!({"allOf": [{"$ref": to_first}]}));
                Value::Object(members)
            }
            _ => {
                members.insert(
                    first.clone(),
                    random_schema(self.rng, self.schemas, self.pool, 2),
                );
                if self.rng.chance(50) {
                    members.insert(second.clone(), json!({"$ref": to_first}));
                }
                Value::Object(members)
            }
        };
        let target = match self.rng.below(8) {
            0..=3 => to_first.clone(),
            4 => format!("{base}/{}", escape(&self.name())),
            5 => base.clone(),
            6 => format!("#/{keyword}/{}", escape(&first)),
            _ => format!("{to_first}/properties/{}", escape(&self.name())),
        };
        let user = pick_node(self.nodes, self.rng, |n| n.schema() && !n.path.is_empty());
        let user_path = user.map(|n| n.path.clone());
        let sibling = self.rng.chance(20);
        let map = object_mut(self.doc, &path)?;
        map.insert(keyword.into(), definitions);
        let mut used = String::new();
        if let Some(user_path) = user_path {
            if let Some(at) = get_mut(self.doc, &user_path) {
                match at {
                    Value::Object(map) if sibling => {
                        map.insert("$ref".into(), json!(target));
                    }
                    _ => *at = json!({ "$ref": target }),
                }
                used = format!(", $ref {target:?} at {}", pointer(&user_path));
            }
        }
        Some(format!("{keyword} at {}{used}", pointer(&path)))
    }

    /// `$recursiveRef` and `$dynamicRef` (with their anchors), in a component, in its `allOf`,
    /// deeper, alone or beside other keywords, with junk values.
    pub(crate) fn dynamic_ref(&mut self) -> Option<String> {
        let keyword = *self.rng.pick(&["$recursiveRef", "$dynamicRef"]);
        let value = match self.rng.below(8) {
            0..=3 => json!("#"),
            4 => json!("#meta"),
            5 => json!(""),
            6 => json!("other.yaml#"),
            _ => self.junk(),
        };
        let shown = short(&value);
        let mut reference = Map::new();
        reference.insert(keyword.into(), value);
        if self.rng.chance(30) {
            let anchor = if keyword == "$recursiveRef" {
                ("$recursiveAnchor", json!(true))
            } else {
                ("$dynamicAnchor", json!("meta"))
            };
            reference.insert(anchor.0.into(), anchor.1);
        }
        match self.rng.below(4) {
            // In the `allOf` of a component: it names the component itself.
            0 if !self.schemas.is_empty() => {
                let name = self.rng.pick(self.schemas).clone();
                let schemas = ensure_schemas(self.doc)?;
                let own = schemas.get(&name)?.clone();
                schemas.insert(
                    name.clone(),
                    json!({"allOf": [Value::Object(reference), own]}),
                );
                Some(format!("{keyword} {shown} in the allOf of {name:?}"))
            }
            // Beside the keywords of a schema.
            1 => {
                let path = self.schema_object()?;
                let map = object_mut(self.doc, &path)?;
                map.extend(reference);
                Some(format!(
                    "{keyword} {shown} beside the keywords at {}",
                    pointer(&path)
                ))
            }
            // A schema that is only the reference (a property, items, a body...).
            _ => {
                let node = pick_node(self.nodes, self.rng, |n| n.schema() && !n.path.is_empty())?;
                let path = node.path.clone();
                if self.rng.chance(50) {
                    reference.insert("description".into(), json!(self.name()));
                }
                *get_mut(self.doc, &path)? = Value::Object(reference);
                Some(format!("{keyword} {shown} at {}", pointer(&path)))
            }
        }
    }

    /// A `$ref` with sibling keywords, which 3.1 applies too: descriptions, `summary`, a type
    /// with `null`, an `allOf` (or junk in its place), a `const`; and a pair of components that
    /// reach each other that way.
    pub(crate) fn ref_siblings(&mut self) -> Option<String> {
        if self.rng.chance(20) && !self.schemas.is_empty() {
            let a = self.rng.pick(self.schemas).clone();
            let b = self.name();
            let (ra, rb) = (schema_ref(&a), schema_ref(&b));
            let schemas = ensure_schemas(self.doc)?;
            let old = schemas.insert(a.clone(), json!({"$ref": rb, "description": "a"}));
            let b_schema = match self.rng.below(3) {
                0 => json!({"$ref": ra, "description": "b"}),
                1 => json!({"$ref": ra, "type": ["object", "null"]}),
                _ => json!({"$ref": ra, "allOf": [old.unwrap_or(json!({}))]}),
            };
            schemas.insert(b.clone(), b_schema);
            return Some(format!("$ref with siblings between {a:?} and {b:?}"));
        }
        let node = pick_node(self.nodes, self.rng, |n| n.schema() && !n.path.is_empty())?;
        let path = node.path.clone();
        let target = if !self.schemas.is_empty() && self.rng.chance(80) {
            schema_ref(self.rng.pick(self.schemas).as_str())
        } else {
            schema_ref(&self.name())
        };
        let mut map = match (self.rng.chance(40), get(self.doc, &path)) {
            (true, Some(Value::Object(own))) => own.clone(),
            _ => Map::new(),
        };
        map.insert("$ref".into(), json!(target));
        for _ in 0..1 + self.rng.below(3) {
            let (key, value) = match self.rng.below(12) {
                0 => ("description", json!(self.name())),
                1 => ("summary", json!(self.name())),
                2 => ("summary", self.junk()),
                3 => ("type", json!([self.rng.pick(JSON_TYPES), "null"])),
                4 => ("type", json!("null")),
                5 => ("type", self.junk()),
                6 => ("nullable", json!(true)),
                7 => (
                    "allOf",
                    json!([random_schema(self.rng, self.schemas, self.pool, 1)]),
                ),
                8 => ("allOf", self.junk()),
                9 => ("$comment", self.junk()),
                10 => ("const", random_value(self.rng, self.pool, 1)),
                _ => ("default", random_value(self.rng, self.pool, 1)),
            };
            map.insert(key.into(), value);
        }
        let shown = short(&Value::Object(map.clone()));
        *get_mut(self.doc, &path)? = Value::Object(map);
        Some(format!("$ref with siblings {shown} at {}", pointer(&path)))
    }

    /// `exclusiveMinimum`/`exclusiveMaximum` as numbers (2020-12) or booleans (3.0), beside an
    /// inclusive bound or not, of any type.
    pub(crate) fn exclusive_bounds(&mut self) -> Option<String> {
        let path = self.schema_object()?;
        let mut set: Vec<(&str, Value)> = Vec::new();
        for (exclusive, inclusive) in [
            ("exclusiveMinimum", "minimum"),
            ("exclusiveMaximum", "maximum"),
        ] {
            if self.rng.chance(30) {
                continue;
            }
            let value = match self.rng.below(5) {
                0 | 1 => random_number(self.rng),
                2 => json!(self.rng.chance(50)),
                _ => self.junk(),
            };
            set.push((exclusive, value));
            if self.rng.chance(50) {
                let value = if self.rng.chance(80) {
                    random_number(self.rng)
                } else {
                    self.junk()
                };
                set.push((inclusive, value));
            }
        }
        if self.rng.chance(50) {
            set.push((
                "type",
                json!(self.rng.pick(&["integer", "number", "string"])),
            ));
        }
        let shown = short(&Value::Object(
            set.iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect(),
        ));
        let map = object_mut(self.doc, &path)?;
        for (key, value) in set {
            map.insert(key.into(), value);
        }
        Some(format!("bounds {shown} at {}", pointer(&path)))
    }

    /// `examples` of junk types, beside an `example` or not.
    pub(crate) fn examples(&mut self) -> Option<String> {
        let path = if self.rng.chance(70) {
            self.schema_object()?
        } else {
            pick_node(self.nodes, self.rng, |n| n.object)?.path.clone()
        };
        let value = match self.rng.below(8) {
            0 => json!([]),
            1 => json!([self.name()]),
            2 => json!([null, 1, "a", [], {}, true]),
            3 => json!({"a": {"value": 1}, "b": 5}),
            4 => json!([[[[]]]]),
            _ => self.junk(),
        };
        let shown = short(&value);
        let example = self.rng.chance(30).then(|| self.junk());
        let map = object_mut(self.doc, &path)?;
        map.insert("examples".into(), value);
        if let Some(example) = example {
            map.insert("example".into(), example);
        }
        Some(format!("examples {shown} at {}", pointer(&path)))
    }

    /// `patternProperties`, `propertyNames`, `dependentRequired` and `dependentSchemas`, well
    /// formed or with numbers, nested arrays and other junk in place of their shapes.
    pub(crate) fn map_keywords(&mut self) -> Option<String> {
        let path = self.schema_object()?;
        let existing: Vec<String> = get(self.doc, &path)?
            .get("properties")
            .and_then(Value::as_object)
            .map(|p| p.keys().cloned().collect())
            .unwrap_or_default();
        let property = |ctx: &mut Self| -> String {
            if !existing.is_empty() && ctx.rng.chance(60) {
                ctx.rng.pick(&existing).clone()
            } else {
                ctx.name()
            }
        };
        let (key, value) = match self.rng.below(4) {
            0 => {
                let value = match self.rng.below(5) {
                    0 => self.junk(),
                    1 => json!({ "^x-": {"type": "string"}, "^y-": {"type": "string"} }),
                    2 => json!({ "^x-": {"type": "string"}, "^[0-9]+$": {"type": "integer"} }),
                    _ => {
                        let mut patterns = Map::new();
                        for _ in 0..1 + self.rng.below(3) {
                            let pattern = (*self.rng.pick(PATTERNS)).to_owned();
                            let schema = self.schema_or_junk(30);
                            patterns.insert(pattern, schema);
                        }
                        Value::Object(patterns)
                    }
                };
                ("patternProperties", value)
            }
            1 => {
                let value = match self.rng.below(6) {
                    0 => json!({"type": "string"}),
                    1 => json!({"type": "string", "pattern": self.rng.pick(PATTERNS)}),
                    2 => json!({"maxLength": 3}),
                    3 => json!(false),
                    _ => self.junk(),
                };
                ("propertyNames", value)
            }
            2 => {
                let value = match self.rng.below(6) {
                    0 => self.junk(),
                    1 => json!({ property(self): [property(self), property(self)] }),
                    2 => json!({ property(self): property(self) }),
                    3 => json!({ property(self): [[property(self)], 1, null, {}] }),
                    4 => json!({ "": [""], property(self): [] }),
                    _ => json!({ property(self): [property(self)] }),
                };
                ("dependentRequired", value)
            }
            _ => {
                let value = match self.rng.below(3) {
                    0 => self.junk(),
                    _ => json!({ property(self): self.schema_or_junk(30) }),
                };
                ("dependentSchemas", value)
            }
        };
        let shown = short(&value);
        let rules = self.rng.chance(20).then(|| self.junk());
        let map = object_mut(self.doc, &path)?;
        map.insert(key.into(), value);
        if let Some(rules) = rules {
            // `dependentRequired` joins existing `x-oagen-rules`, whatever they are.
            map.insert("x-oagen-rules".into(), rules);
        }
        Some(format!("{key} {shown} at {}", pointer(&path)))
    }

    /// `if`/`then`/`else`, some or all of them, schemas or junk.
    pub(crate) fn conditional(&mut self) -> Option<String> {
        let path = self.schema_object()?;
        let mut set = Vec::new();
        for keyword in ["if", "then", "else"] {
            if self.rng.chance(65) {
                set.push((keyword, self.schema_or_junk(25)));
            }
        }
        let keywords: Vec<&str> = set.iter().map(|(k, _)| *k).collect();
        let map = object_mut(self.doc, &path)?;
        for (key, value) in set {
            map.insert(key.into(), value);
        }
        Some(format!("{} at {}", keywords.join("/"), pointer(&path)))
    }

    /// `contentEncoding` and `contentMediaType` (and `contentSchema`) with junk, on a schema or
    /// on a string in a body that is not JSON.
    pub(crate) fn content_keywords(&mut self) -> Option<String> {
        let encoding = match self.rng.below(6) {
            0 | 1 => Some(json!("base64")),
            2 => Some(json!(self.rng.pick(&[
                "base32",
                "quoted-printable",
                "",
                "BASE64"
            ]))),
            3 => Some(self.junk()),
            _ => None,
        };
        let media = match self.rng.below(5) {
            0 => Some(json!(self.rng.pick(crate::values::MEDIA))),
            1 => Some(json!(self.name())),
            2 => Some(self.junk()),
            _ => None,
        };
        let content_schema = self.rng.chance(15).then(|| self.schema_or_junk(30));
        let mut schema = Map::new();
        if let Some(encoding) = &encoding {
            schema.insert("contentEncoding".into(), encoding.clone());
        }
        if let Some(media) = &media {
            schema.insert("contentMediaType".into(), media.clone());
        }
        if let Some(content_schema) = content_schema {
            schema.insert("contentSchema".into(), content_schema);
        }
        let shown = short(&Value::Object(schema.clone()));
        let bodies: Vec<&Node> = self
            .nodes
            .iter()
            .filter(|n| n.object && key_at(&n.path, 0) == Some("content"))
            .collect();
        if !bodies.is_empty() && self.rng.chance(40) {
            // A body of another media type, whose schema is a string.
            let path = self.rng.pick(&bodies).path.clone();
            let media_type = *self.rng.pick(&[
                "application/octet-stream",
                "image/png",
                "text/plain",
                "multipart/form-data",
                "application/json",
            ]);
            schema.insert(
                "type".into(),
                json!(self.rng.pick(&["string", "object", "array"])),
            );
            if self.rng.chance(30) {
                schema.insert("format".into(), json!(self.rng.pick(FORMATS)));
            }
            object_mut(self.doc, &path)?.insert(
                media_type.into(),
                json!({ "schema": Value::Object(schema) }),
            );
            return Some(format!("{media_type} body {shown} at {}", pointer(&path)));
        }
        let path = self.schema_object()?;
        object_mut(self.doc, &path)?.extend(schema);
        Some(format!("content keywords {shown} at {}", pointer(&path)))
    }

    /// A schema that is `true` or `false` (3.1 boolean schemas), anywhere one is expected.
    pub(crate) fn boolean_schema(&mut self) -> Option<String> {
        let node = pick_node(self.nodes, self.rng, |n| n.schema() && !n.path.is_empty())?;
        let path = node.path.clone();
        let value = self.rng.chance(50);
        *get_mut(self.doc, &path)? = json!(value);
        Some(format!("boolean schema {value} at {}", pointer(&path)))
    }

    /// `unevaluatedProperties` and `unevaluatedItems`, beside a composition or not.
    pub(crate) fn unevaluated(&mut self) -> Option<String> {
        let path = self.schema_object()?;
        let key = *self
            .rng
            .pick(&["unevaluatedProperties", "unevaluatedItems"]);
        let value = self.schema_or_junk(20);
        let value = if self.rng.chance(40) {
            json!(false)
        } else {
            value
        };
        let composition = self
            .rng
            .chance(30)
            .then(|| json!([random_schema(self.rng, self.schemas, self.pool, 1)]));
        let shown = short(&value);
        let map = object_mut(self.doc, &path)?;
        map.insert(key.into(), value);
        if let Some(composition) = composition {
            map.insert("allOf".into(), composition);
        }
        Some(format!("{key} {shown} at {}", pointer(&path)))
    }
}
