//! Hostile specs: every text slot of an OpenAPI document holds a string written to escape from
//! wherever the generator puts it (a comment, a doc attribute, a string literal, a manifest, a
//! README) and to run `MARKER` code if it does.

use serde_json::{json, Map, Value};

/// An identifier no name lowering produces (snake case has no capitals, camel case no `_`):
/// found as an identifier in generated code, it got there as code.
pub const MARKER: &str = "oagen_Hostile_Marker";

/// A file a leaked doc test would create in the crate's directory.
pub const LEAK_FILE: &str = "oagen_Hostile_Marker.ran";

/// Strings that would become code, a doc test or an attribute if written as they are.
pub fn payloads() -> Vec<String> {
    let run = format!(
        "std::fs::write(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/{LEAK_FILE}\"), \"\").unwrap(); {MARKER}();"
    );
    vec![
        format!("1).\n#![doc = r##\"\npub fn {MARKER}() {{}}\n#[used] #[link_section = \".init_array\"] static {MARKER}_INIT: fn() = {MARKER};\n\"##]"),
        format!("x\n```\n{run}\n```"),
        format!("x\n~~~\n{run}\n~~~"),
        format!("x\n\n\t{run}"),
        format!("x\n\n    {run}"),
        format!("- item\n\n      {run}"),
        format!("-     {run}"),
        format!("> ~~~\n> {run}\n> ~~~"),
        format!("1. a\n\n   ```\n   {run}\n   ```"),
        format!("*/ {MARKER}(); /*"),
        format!("\"] pub fn {MARKER}() {{}} #[doc = \""),
        format!("\\\"); {MARKER}(); (\"\\"),
        format!("a\u{202e}b {MARKER} \u{2066}c\u{2069}"),
        format!("nul\0 cr\r    {run}\rx"),
        format!("ls\u{2028}{MARKER}();\u{2029}"),
        format!("<pre>\n```\n</pre>\n{run}\n```"),
        format!("<script>alert('{MARKER}')</script>"),
        format!("`` ` ``` {MARKER} ```"),
        format!("```rust\n# {run}\n```"),
        format!("\u{1b}[2J\u{1b}]0;{MARKER}\u{7}"),
        format!("{{at}}{{}} {MARKER} {{{{"),
        format!("r#\"{MARKER}\"#"),
        format!("\r\n```\r\n{run}\r\n```\r\n"),
        format!("x\n\n\u{0b}    {run}"),
    ]
}

/// A small deterministic generator (xorshift64*), so a failing case can be replayed by seed.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn below(&mut self, bound: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as usize % bound
    }
}

/// Picks hostile text for each slot: one payload, two joined, or one inside plain words.
struct Texts {
    rng: Rng,
    payloads: Vec<String>,
    count: usize,
}

impl Texts {
    fn next(&mut self) -> String {
        self.count += 1;
        let one = self.payloads[self.rng.below(self.payloads.len())].clone();
        match self.rng.below(3) {
            0 => one,
            1 => format!(
                "{one}\n{}",
                self.payloads[self.rng.below(self.payloads.len())]
            ),
            // A slot number keeps map keys apart.
            _ => format!("Text {} {one} end", self.count),
        }
    }

    /// A name: hostile, but unique among its siblings.
    fn name(&mut self) -> String {
        let text = self.next();
        format!("n{}{text}", self.count)
    }

    /// A component name: hostile, without the `/` and `~` that oagen does not unescape in a
    /// `$ref` (JSON pointer escapes in references are not supported).
    fn component(&mut self) -> String {
        self.name().replace(['/', '~'], "_")
    }
}

fn schema_ref(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

/// Whether the spec of `seed` is an OpenAPI 3.1 document (every other seed), so hostile names
/// and text also go through the loader's 3.1 rewrite (`generator/src/load/v31.rs`).
pub fn is_v31(seed: u64) -> bool {
    seed % 2 == 1
}

/// A spec with hostile text in every slot: title, version, descriptions, summaries, names of
/// operations, parameters, schemas and properties, enum values, examples, defaults, server URL,
/// tags and security schemes. A 3.1 spec ([`is_v31`]) also has it in the slots 3.1 adds:
/// `info.summary`, `license.identifier`, `jsonSchemaDialect`, `const` values (a union's tags,
/// a number enum written as a `oneOf` of `const`s with titles), `examples`, descriptions beside
/// a `$ref`, `contentMediaType`, `contentEncoding`, `patternProperties` keys, and webhooks (their
/// names, summaries and payloads) and `components/pathItems`; its nullable properties are
/// written `type: [T, "null"]` and as an `anyOf` with `null`.
pub fn hostile_spec(seed: u64) -> Value {
    let v31 = is_v31(seed);
    let mut t = Texts {
        rng: Rng::new(seed),
        payloads: payloads(),
        count: 0,
    };
    let (object, enumeration, scheme, tag) = (t.component(), t.component(), t.name(), t.name());
    let mut schemas = Map::new();
    schemas.insert(object.clone(), object_schema(&mut t, &enumeration, v31));
    let (variant, union, tag_property) = (t.component(), t.component(), t.name());
    let mut variant_properties = Map::new();
    let tag_schema = if v31 {
        json!({ "type": "string", "const": t.next(), "description": t.next() })
    } else {
        json!({ "type": "string" })
    };
    variant_properties.insert(tag_property.clone(), tag_schema);
    schemas.insert(
        variant.clone(),
        json!({ "type": "object", "required": [tag_property], "properties": variant_properties }),
    );
    schemas.insert(
        union.clone(),
        json!({ "description": t.next(), "oneOf": [schema_ref(&variant)],
            "discriminator": { "propertyName": tag_property } }),
    );
    schemas.insert(
        enumeration.clone(),
        json!({ "type": "string", "description": t.next(), "enum": [t.next(), t.next(), "plain"] }),
    );
    let mut schemes = Map::new();
    schemes.insert(
        scheme.clone(),
        // In the query: a header or cookie name must be an HTTP token, and hostile text is not
        // one (generation refuses it; `tests/fixtures/bad-header-and-cookie-names.yaml`).
        json!({ "type": "apiKey", "in": "query", "name": t.next(), "description": t.next() }),
    );
    schemes.insert(
        t.name(),
        json!({ "type": "http", "scheme": "bearer", "description": t.next() }),
    );
    let mut paths = Map::new();
    paths.insert(
        "/items/{id}".to_owned(),
        json!({
            "get": operation(&mut t, &object, &enumeration, &scheme, &tag),
            "post": {
                "operationId": t.name(), "summary": t.next(), "tags": [tag],
                "requestBody": { "required": true, "description": t.next(),
                    "content": { "application/json": { "schema": schema_ref(&object) } } },
                "responses": { "204": { "description": t.next() } }
            }
        }),
    );
    paths.insert(
        format!("/{}", t.next()),
        json!({ "delete": { "operationId": t.name(), "description": t.next(),
            "responses": { "default": { "description": t.next() } } } }),
    );
    let mut spec = json!({
        "openapi": "3.0.3",
        "info": { "title": t.next(), "version": t.next(), "description": t.next() },
        "servers": [{ "url": format!("https://{{host}}/{}", t.next()), "description": t.next(),
            "variables": { "host": { "default": t.next() } } }],
        "tags": [{ "name": tag, "description": t.next() }],
        "paths": paths,
        "components": { "schemas": schemas, "securitySchemes": schemes }
    });
    if v31 {
        add_v31(&mut t, &mut spec, &object, &enumeration, &union);
    }
    spec
}

/// The slots OpenAPI 3.1 adds, each with hostile text.
fn add_v31(t: &mut Texts, spec: &mut Value, object: &str, enumeration: &str, union: &str) {
    spec["openapi"] = json!("3.1.0");
    spec["jsonSchemaDialect"] = json!(t.next());
    spec["info"]["summary"] = json!(t.next());
    spec["info"]["license"] = json!({ "name": t.next(), "identifier": t.next() });
    // Webhooks: one whose payload is written in place (it becomes a component schema named
    // after the webhook), one whose payload is a reference (the component is documented as
    // that webhook's payload), and one that is a path item in `components/pathItems`.
    let (inline, referenced, shared, item) = (t.name(), t.name(), t.name(), t.component());
    let (field, count) = (t.name(), t.name());
    let mut payload_properties = Map::new();
    payload_properties.insert(
        field.clone(),
        json!({ "type": ["string", "null"], "description": t.next(), "examples": [t.next()] }),
    );
    payload_properties.insert(
        count,
        json!({ "type": "integer", "exclusiveMinimum": 0, "description": t.next() }),
    );
    let mut webhooks = Map::new();
    webhooks.insert(
        inline,
        json!({ "post": {
            "summary": t.next(), "description": t.next(), "operationId": t.name(),
            "requestBody": { "description": t.next(), "content": { "application/json": {
                "schema": { "type": "object", "description": t.next(), "required": [field],
                    "properties": payload_properties } } } },
            "responses": { "200": { "description": t.next() } }
        } }),
    );
    webhooks.insert(
        referenced,
        json!({ "put": {
            "summary": t.next(),
            "requestBody": { "content": { "application/json": {
                "schema": schema_ref(object) } } },
            "responses": { "204": { "description": t.next() } }
        } }),
    );
    webhooks.insert(
        shared,
        json!({ "$ref": format!("#/components/pathItems/{item}"), "summary": t.next() }),
    );
    spec["webhooks"] = Value::Object(webhooks);
    let mut path_items = Map::new();
    path_items.insert(
        item,
        json!({ "description": t.next(), "post": {
            "requestBody": { "content": { "application/json": {
                "schema": { "$ref": format!("#/components/schemas/{enumeration}"),
                    "description": t.next() } } } },
            "responses": { "200": { "description": t.next() } }
        } }),
    );
    spec["components"]["pathItems"] = Value::Object(path_items);
    // Schemas in 3.1 forms: a number enum written as a `oneOf` of `const`s with titles (they
    // are listed in the description), strings with content keywords, a map by key pattern, a
    // reference with a description beside it, and (a property) an `anyOf` with `null`.
    let (level, blob, text, map, described) = (
        t.component(),
        t.component(),
        t.component(),
        t.component(),
        t.component(),
    );
    // The object every operation uses refers to them (and to the union with `const` tags), so
    // they become code; unreferenced components generate nothing.
    let properties = &mut spec["components"]["schemas"][object]["properties"];
    for target in [&level, &blob, &text, &map, &described, union] {
        properties[t.name()] = json!({ "$ref": format!("#/components/schemas/{target}") });
    }
    properties[t.name()] =
        json!({ "description": t.next(), "anyOf": [schema_ref(object), { "type": "null" }] });
    let schemas = &mut spec["components"]["schemas"];
    schemas[level] = json!({ "type": "integer", "description": t.next(), "oneOf": [
        { "const": 1, "title": t.next(), "description": t.next() },
        { "const": 2, "title": t.next() }
    ] });
    schemas[blob] = json!({ "type": "string", "contentEncoding": "base64",
        "contentMediaType": t.next(), "description": t.next() });
    schemas[text] = json!({ "type": "string", "contentEncoding": t.next(),
        "description": t.next() });
    let mut patterns = Map::new();
    patterns.insert(
        t.next(),
        json!({ "type": "string", "description": t.next() }),
    );
    schemas[map] = json!({ "type": "object", "patternProperties": patterns,
        "description": t.next() });
    schemas[described] = json!({ "$ref": format!("#/components/schemas/{enumeration}"),
        "description": t.next(), "examples": [t.next(), t.next()] });
}

fn object_schema(t: &mut Texts, enumeration: &str, v31: bool) -> Value {
    let (first, second, third, fourth) = (t.name(), t.name(), t.name(), t.name());
    let mut properties = Map::new();
    properties.insert(
        first.clone(),
        json!({ "type": "string", "maxLength": 900, "description": t.next(),
            "example": t.next(), "default": t.next() }),
    );
    properties.insert(second, schema_ref(enumeration));
    let nullable = if v31 {
        json!({ "type": ["string", "null"], "description": t.next(), "examples": [t.next()] })
    } else {
        json!({ "type": "string", "nullable": true, "description": t.next() })
    };
    properties.insert(third, nullable);
    properties.insert(
        fourth,
        json!({ "type": "array", "items": { "type": "string", "enum": [t.next(), "b"] } }),
    );
    json!({ "type": "object", "description": t.next(), "required": [first],
        "properties": properties, "example": { "any": t.next() } })
}

/// `text` as an ECMA-262 pattern matching it literally: an invalid pattern is refused, and the
/// hostile text must reach the generated code to show it stays a string literal there.
fn regex_literal(text: &str) -> String {
    let mut pattern = String::with_capacity(text.len() * 2);
    for c in text.chars() {
        if "^$\\.*+?()[]{}|/".contains(c) {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern
}

fn operation(t: &mut Texts, object: &str, enumeration: &str, scheme: &str, tag: &str) -> Value {
    json!({
        "operationId": t.name(), "summary": t.next(), "description": t.next(), "tags": [tag],
        "security": [{ scheme: [] }],
        "parameters": [
            { "name": "id", "in": "path", "required": true, "description": t.next(),
              "schema": { "type": "string", "pattern": regex_literal(&t.next()) } },
            { "name": t.next(), "in": "query", "required": true, "description": t.next(),
              "example": t.next(), "schema": { "type": "string", "default": t.next() } },
            // The header's name must be a token; its hostile text goes in the description.
            { "name": "X-Hostile", "in": "header", "description": t.next(),
              "schema": schema_ref(enumeration) },
            { "name": t.next(), "in": "query", "schema": { "type": "integer", "minimum": 1 } }
        ],
        "responses": {
            "200": { "description": t.next(),
                "content": { "application/json": { "schema": schema_ref(object) } } },
            "404": { "description": t.next(),
                "content": { "text/plain": { "schema": { "type": "string" } } } }
        }
    })
}
