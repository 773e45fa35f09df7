//! Structural mutations of the parts of a document OpenAPI 3.1 adds or changes (the loader's
//! `generator/src/load/v31.rs`): the `openapi` version (3.1 set on 3.0 seeds), `webhooks`,
//! `components/pathItems` and path items referring to them, `jsonSchemaDialect`,
//! `info.summary` and `license.identifier`, and deep nesting in the 3.1 forms that the rewrite
//! makes deeper still.

use serde_json::{json, Map, Value};

use crate::doc::{get_mut, pick_node, pointer, schema_ref, Seg};
use crate::mutate::{short, Ctx};
use crate::v31::JSON_TYPES;
use crate::values::{random_schema, random_value, EXTRA_METHODS, MEDIA, METHODS, STATUSES};

/// `openapi` values the loader reads as 3.1.
const VERSIONS: &[&str] = &[
    "3.1.0",
    "3.1.0",
    "3.1.1",
    "3.1.2",
    "3.1",
    "3.1.99",
    "3.1.0-rc0",
];

/// An object member of `map`, made an object if it is missing or something else.
fn object_entry<'a>(map: &'a mut Map<String, Value>, key: &str) -> &'a mut Map<String, Value> {
    let entry = map.entry(key).or_insert_with(|| json!({}));
    if !entry.is_object() {
        *entry = json!({});
    }
    entry.as_object_mut().expect("made an object just above")
}

/// A JSON pointer segment with its escapes.
fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

impl Ctx<'_> {
    /// The document read as 3.1 (a 3.0 seed then goes through the 3.1 rewrite), with the
    /// top-level fields 3.1 adds, well formed or not.
    pub(crate) fn set_version(&mut self) -> Option<String> {
        let version = *self.rng.pick(VERSIONS);
        let mut done = vec![format!("openapi {version}")];
        let dialect = match self.rng.below(6) {
            0 => Some(json!("https://spec.openapis.org/oas/3.1/dialect/base")),
            1 => Some(json!("https://json-schema.org/draft/2020-12/schema")),
            2 => Some(random_value(self.rng, self.pool, 1)),
            _ => None,
        };
        let summary = self
            .rng
            .chance(25)
            .then(|| random_value(self.rng, self.pool, 1));
        let identifier = self
            .rng
            .chance(20)
            .then(|| random_value(self.rng, self.pool, 1));
        let drop_paths = self.rng.chance(10);
        let root = self.doc.as_object_mut()?;
        root.insert("openapi".into(), json!(version));
        if let Some(dialect) = dialect {
            done.push(format!("jsonSchemaDialect {}", short(&dialect)));
            root.insert("jsonSchemaDialect".into(), dialect);
        }
        if let Some(Value::Object(info)) = root.get_mut("info") {
            if let Some(summary) = summary {
                done.push(format!("info.summary {}", short(&summary)));
                info.insert("summary".into(), summary);
            }
            if let Some(identifier) = identifier {
                done.push(format!("license.identifier {}", short(&identifier)));
                let license = info
                    .entry("license")
                    .or_insert_with(|| json!({"name": "x"}));
                if let Value::Object(license) = license {
                    license.insert("identifier".into(), identifier);
                }
            }
        }
        if drop_paths {
            root.shift_remove("paths");
            done.push("no paths".to_owned());
        }
        Some(done.join(", "))
    }

    /// A webhook: a junk `webhooks` value, a junk path item, a reference to a path item, or
    /// an operation with a request body whose payload becomes a component schema (named after
    /// the webhook, perhaps already taken), by value, by reference or junk.
    pub(crate) fn webhook(&mut self) -> Option<String> {
        let name = self.name();
        let item = match self.rng.below(10) {
            0 => random_value(self.rng, self.pool, 2),
            1 => json!({ "$ref": format!("#/components/pathItems/{}", escape(&self.name())) }),
            2 => json!({ "$ref": format!("#/webhooks/{}", escape(&name)) }),
            3 => json!({ "$ref": "#/paths/~1" }),
            _ => self.webhook_item(&name),
        };
        let shown = short(&item);
        let clash = self.rng.chance(15);
        let junk_webhooks = self
            .rng
            .chance(5)
            .then(|| random_value(self.rng, self.pool, 1));
        let root = self.doc.as_object_mut()?;
        if let Some(junk) = junk_webhooks {
            let shown = short(&junk);
            root.insert("webhooks".into(), junk);
            return Some(format!("webhooks {shown}"));
        }
        if clash {
            // The name the payload's schema would get is taken, and so is the next one.
            let components = object_entry(root, "components");
            let schemas = object_entry(components, "schemas");
            schemas.insert(format!("{name}_webhook"), json!({"type": "string"}));
            schemas.insert(format!("{name}_webhook_2"), json!({"type": "integer"}));
        }
        object_entry(root, "webhooks").insert(name.clone(), item);
        Some(format!("webhook {name:?}: {shown}"))
    }

    /// A webhook's path item: one or more operations, with payloads of every kind.
    fn webhook_item(&mut self, name: &str) -> Value {
        let mut item = Map::new();
        for _ in 0..1 + self.rng.below(2) {
            let method = if self.rng.chance(85) {
                *self.rng.pick(METHODS)
            } else {
                *self.rng.pick(EXTRA_METHODS)
            };
            let payload = match self.rng.below(9) {
                0 | 1 => random_schema(self.rng, self.schemas, self.pool, 2),
                2 if !self.schemas.is_empty() => json!({
                    "$ref": schema_ref(self.rng.pick(self.schemas).as_str())
                }),
                3 => json!({ "$ref": schema_ref(&self.name()) }),
                4 => json!({ "$ref": format!("#/webhooks/{}/post", escape(name)) }),
                5 => json!({ "$dynamicRef": "#", "description": self.name() }),
                6 => json!(self.rng.chance(50)),
                7 => json!({ "type": [self.rng.pick(JSON_TYPES), "null"], "const": self.name() }),
                _ => random_value(self.rng, self.pool, 1),
            };
            let mut content = Map::new();
            for _ in 0..1 + self.rng.below(2) {
                content.insert(
                    (*self.rng.pick(MEDIA)).to_owned(),
                    json!({ "schema": payload.clone() }),
                );
            }
            let body = match self.rng.below(8) {
                0 => {
                    json!({ "$ref": format!("#/components/requestBodies/{}", escape(&self.name())) })
                }
                1 => random_value(self.rng, self.pool, 1),
                2 => json!({ "content": random_value(self.rng, self.pool, 1) }),
                _ => {
                    json!({ "required": self.rng.chance(50), "description": self.name(), "content": content })
                }
            };
            let mut operation = Map::new();
            operation.insert("requestBody".into(), body);
            if self.rng.chance(50) {
                let summary = if self.rng.chance(80) {
                    json!(self.name())
                } else {
                    random_value(self.rng, self.pool, 1)
                };
                operation.insert("summary".into(), summary);
            }
            if self.rng.chance(80) {
                let status = *self.rng.pick(STATUSES);
                operation.insert(
                    "responses".into(),
                    json!({ status: { "description": self.name() } }),
                );
            }
            if self.rng.chance(20) {
                operation.insert("operationId".into(), json!(self.name()));
            }
            item.insert(method.into(), Value::Object(operation));
        }
        if self.rng.chance(15) {
            item.insert("parameters".into(), random_value(self.rng, self.pool, 1));
        }
        Value::Object(item)
    }

    /// `components/pathItems` with references between them (`A -> B -> A`, `A -> A`, chains,
    /// dangling ones, junk members) and path items or webhooks referring to them, with keys
    /// beside the reference.
    pub(crate) fn path_items(&mut self) -> Option<String> {
        let (a, b) = (self.name(), self.name());
        let (ra, rb) = (
            format!("#/components/pathItems/{}", escape(&a)),
            format!("#/components/pathItems/{}", escape(&b)),
        );
        let existing: Option<Value> = self
            .doc
            .get("paths")
            .and_then(Value::as_object)
            .and_then(|paths| paths.values().next().cloned());
        let real = existing
            .unwrap_or_else(|| json!({"get": {"responses": {"200": {"description": "ok"}}}}));
        let kind = self.rng.below(8);
        let (sa, sb) = match kind {
            0 => (json!({"$ref": rb}), json!({"$ref": ra})),
            1 => (json!({"$ref": ra}), real.clone()),
            2 => (json!({"$ref": rb, "summary": self.name()}), real.clone()),
            3 => (
                json!({"$ref": rb}),
                json!({"$ref": "#/components/pathItems/missing"}),
            ),
            4 => (json!({"$ref": rb}), random_value(self.rng, self.pool, 1)),
            5 => (
                json!({"$ref": "#/paths"}),
                json!({"$ref": "#/components/pathItems"}),
            ),
            6 => (
                json!({"$ref": "other.yaml#/components/pathItems/A"}),
                real.clone(),
            ),
            _ => (real.clone(), json!({"$ref": ra})),
        };
        let user = match self.rng.below(4) {
            0 => json!({"$ref": ra}),
            1 => json!({"$ref": rb, "description": self.name(), "summary": self.name()}),
            2 => {
                let mut user = real.as_object().cloned().unwrap_or_default();
                user.insert("$ref".into(), json!(ra));
                Value::Object(user)
            }
            _ => json!({"$ref": ra, "get": {"responses": {"default": {"description": "x"}}}}),
        };
        let in_webhooks = self.rng.chance(30);
        let junk_section = self
            .rng
            .chance(5)
            .then(|| random_value(self.rng, self.pool, 1));
        let key = format!("/{}", self.name());
        let root = self.doc.as_object_mut()?;
        let components = object_entry(root, "components");
        if let Some(junk) = junk_section {
            components.insert("pathItems".into(), junk);
        } else {
            let items = object_entry(components, "pathItems");
            items.insert(a.clone(), sa);
            items.insert(b.clone(), sb);
        }
        let section = if in_webhooks { "webhooks" } else { "paths" };
        object_entry(root, section).insert(key.clone(), user);
        Some(format!(
            "pathItems #{kind} between {a:?} and {b:?}, used at {section} {key:?}"
        ))
    }

    /// Deep nesting in 3.1 forms the rewrite makes deeper (a type list split into a `oneOf`,
    /// a `$ref` with siblings into an `allOf`), near the loader's depth limit.
    pub(crate) fn deep_v31(&mut self) -> Option<String> {
        let node = pick_node(self.nodes, self.rng, |n| n.schema() && !n.path.is_empty())?;
        let path = node.path.clone();
        let depth = *self.rng.pick(&[4, 8, 12, 14, 15, 16]);
        let style = self.rng.below(5);
        let target = match self.schemas.first() {
            Some(first) => schema_ref(first),
            None => schema_ref("missing"),
        };
        let mut value = json!({"type": ["string", "integer", "null"], "minLength": 1});
        for level in 0..depth {
            value = match style {
                0 => json!({"type": ["array", "object", "null"], "items": value}),
                1 => json!({"prefixItems": [value], "items": false}),
                2 => json!({"anyOf": [value, {"type": "null"}]}),
                3 => json!({"$ref": target, "allOf": [value]}),
                // A reference to the member just below, at its pointer in the document.
                _ => {
                    let mut below = path.clone();
                    for _ in 0..depth - level {
                        below.push(Seg::Key("$defs".to_owned()));
                        below.push(Seg::Key("d".to_owned()));
                    }
                    json!({"$defs": {"d": value}, "$ref": pointer(&below)})
                }
            };
        }
        *get_mut(self.doc, &path)? = value;
        Some(format!(
            "nest {} {depth} levels (3.1 style {style})",
            pointer(&path)
        ))
    }
}
