//! Interesting values: names, types, formats, patterns and other values likely to trip the
//! generator, and random values and schemas built from them.

use serde_json::{json, Map, Value};

use crate::doc::schema_ref;
use crate::rng::Rng;

pub(crate) const NAMES: &[&str] = &[
    "",
    " ",
    "_",
    "__",
    "-",
    "0",
    "123abc",
    "1st",
    "a-b",
    "a b",
    "a.b",
    "a/b",
    "a~b",
    "{id}",
    "type",
    "Type",
    "TYPE",
    "self",
    "Self",
    "super",
    "crate",
    "fn",
    "impl",
    "async",
    "await",
    "dyn",
    "try",
    "gen",
    "abstract",
    "box",
    "macro_rules",
    "r#type",
    "union",
    "static",
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "Some",
    "None",
    "Ok",
    "Err",
    "std",
    "core",
    "alloc",
    "serde",
    "Value",
    "Default",
    "Client",
    "Error",
    "Nullable",
    "DateTime",
    "null",
    "true",
    "1e5",
    "fooBar",
    "foo_bar",
    "FooBar",
    "FOO_BAR",
    "foo-bar",
    "foo bar",
    "ünïcödé",
    "日本語",
    "🦀",
    "Ünïcode_Ñame",
    "ß",
    "İstanbul",
    "ﬀ",
    "ǅ",
    "e\u{301}",
    "\u{202e}rtl",
    "\u{0}",
    "\t",
    "\n",
    "a\"b",
    "a\\b",
    "it's",
    "#",
    "$ref",
    "x-",
    "x-oagen-rules",
    "x-oagen-aliases",
    "properties",
    "allOf",
    "additionalProperties",
    "__proto__",
    "ŁÓDŹ",
    "Ωmega",
    "ⅫRoman",
    "١٢٣",
    "a\u{200b}b",
    "a\rb",
    "line\r\nbreak",
    "\u{7f}",
    "\u{2028}",
    "*/",
    "/*",
    "```",
    "\"#",
    "r#\"",
    "#[doc]",
];

pub(crate) const TYPES: &[&str] = &[
    "string", "integer", "number", "boolean", "array", "object", "null", "file", "any", "",
    "String", "int", "integer ", "float", "date",
];

pub(crate) const FORMATS: &[&str] = &[
    "int32",
    "int64",
    "uint64",
    "uint32",
    "uint16",
    "uint8",
    "int8",
    "int16",
    "float",
    "double",
    "date",
    "date-time",
    "time",
    "duration",
    "byte",
    "binary",
    "password",
    "uuid",
    "email",
    "uri",
    "ipv4",
    "decimal",
    "",
    "weird format",
];

pub(crate) const PATTERNS: &[&str] = &[
    "(",
    "[a-",
    "\\",
    "^.*$",
    "(?<name>x)",
    "\\p{L}+",
    "a{2,1}",
    "*",
    "^[A-Z]{3}$",
    "",
    "\"",
    "\\u{0}",
    "(?i)abc",
    "#",
];

pub(crate) const MEDIA: &[&str] = &[
    "application/json",
    "application/json; charset=utf-8",
    "*/*",
    "text/plain",
    "multipart/form-data",
    "application/x-www-form-urlencoded",
    "application/octet-stream",
    "",
    "application/problem+json",
    "text/event-stream",
    "image/png",
    "application/xml",
    "not a media type",
];

pub(crate) const PATH_KEYS: &[&str] = &[
    "/",
    "",
    "no-slash",
    "/a/{",
    "/a/}",
    "/a/{}/b",
    "/a/{x}{y}",
    "/{id}/{id}",
    "/a//b",
    "/{ünï}",
    "/a/{x}/b/{x}",
    "/users/{userId}",
    "/{type}",
    "/{self}",
    "/a b/{c d}",
    "/a?b=c",
    "/a#frag",
    "/{0}",
    "/{{x}}",
    "/日本/{語}",
];

pub(crate) const STATUSES: &[&str] = &[
    "200", "201", "204", "2XX", "4XX", "default", "999", "abc", "0", "099", "600", "1XX", "3XX",
    "5xx", "200 ", "-1", "",
];

pub(crate) const PARAM_IN: &[&str] = &[
    "path", "query", "header", "cookie", "body", "formData", "junk", "",
];

pub(crate) const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

pub(crate) const EXTRA_METHODS: &[&str] = &[
    "GET",
    "connect",
    "x-method",
    "parameters",
    "servers",
    "summary",
];

pub(crate) fn interesting_name(rng: &mut Rng, pool: &[String]) -> String {
    match rng.below(20) {
        0 => "a".repeat(*rng.pick(&[64, 255, 256, 1000])),
        1 => "Ünï".repeat(*rng.pick(&[30, 200])),
        2 => format!("{}_{}", rng.pick(NAMES), rng.below(1000)),
        3..=6 if !pool.is_empty() => case_variant(rng.pick(pool).as_str(), rng),
        7..=8 if !pool.is_empty() => rng.pick(pool).clone(),
        _ => (*rng.pick(NAMES)).to_owned(),
    }
}

/// The name written another way, likely to collide after case conversion.
pub(crate) fn case_variant(name: &str, rng: &mut Rng) -> String {
    match rng.below(7) {
        0 => name.to_uppercase(),
        1 => name.to_lowercase(),
        2 => name
            .replace(|c: char| c.is_uppercase(), "_$0")
            .to_lowercase(),
        3 => format!("{name}_"),
        4 => format!("_{name}"),
        5 => name.replace(['_', '-'], " "),
        _ => {
            let mut chars = name.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_uppercase().collect::<String>() + chars.as_str()
            })
        }
    }
}

pub(crate) fn random_number(rng: &mut Rng) -> Value {
    match rng.below(12) {
        0 => json!(0),
        1 => json!(-1),
        2 => json!(u64::MAX),
        3 => json!(i64::MIN),
        4 => json!(1.5),
        5 => json!(-0.0),
        6 => json!(1e308),
        7 => json!(9_007_199_254_740_993_u64),
        8 => json!(0.1),
        9 => json!(-1e-300),
        _ => json!(rng.below(1000)),
    }
}

pub(crate) fn random_value(rng: &mut Rng, pool: &[String], depth: usize) -> Value {
    match rng.below(if depth == 0 { 4 } else { 6 }) {
        0 => random_number(rng),
        1 => Value::String(interesting_name(rng, pool)),
        2 => Value::Bool(rng.chance(50)),
        3 => Value::Null,
        4 => Value::Array(
            (0..rng.below(4))
                .map(|_| random_value(rng, pool, depth - 1))
                .collect(),
        ),
        _ => Value::Object(
            (0..rng.below(4))
                .map(|_| {
                    (
                        interesting_name(rng, pool),
                        random_value(rng, pool, depth - 1),
                    )
                })
                .collect(),
        ),
    }
}

pub(crate) fn same_kind(a: &Value, b: &Value) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}

/// A plausible (or not) schema: the shapes the generator knows, with junk sprinkled in.
pub(crate) fn random_schema(
    rng: &mut Rng,
    schemas: &[String],
    pool: &[String],
    depth: usize,
) -> Value {
    if !schemas.is_empty() && rng.chance(25) {
        return json!({ "$ref": schema_ref(rng.pick(schemas).as_str()) });
    }
    let mut schema = Map::new();
    let ty = *rng.pick(TYPES);
    if rng.chance(85) {
        schema.insert("type".into(), json!(ty));
    }
    // The 3.1 forms now and then: a type list with `null`, a `const`.
    if rng.chance(8) {
        schema.insert("type".into(), json!([ty, "null"]));
    }
    if rng.chance(4) {
        schema.insert("const".into(), json!(interesting_name(rng, pool)));
    }
    if rng.chance(30) {
        schema.insert("format".into(), json!(rng.pick(FORMATS)));
    }
    if rng.chance(15) {
        schema.insert("nullable".into(), json!(rng.chance(50)));
    }
    if depth > 0 && (ty == "object" || rng.chance(10)) {
        let properties: Map<String, Value> = (0..rng.below(4))
            .map(|_| {
                (
                    interesting_name(rng, pool),
                    random_schema(rng, schemas, pool, depth - 1),
                )
            })
            .collect();
        if rng.chance(50) {
            let names: Vec<Value> = properties.keys().map(|k| json!(k)).collect();
            schema.insert("required".into(), Value::Array(names));
        }
        schema.insert("properties".into(), Value::Object(properties));
    }
    if depth > 0 && (ty == "array" || rng.chance(10)) && rng.chance(85) {
        schema.insert("items".into(), random_schema(rng, schemas, pool, depth - 1));
    }
    if rng.chance(15) {
        let values: Vec<Value> = (0..rng.below(5))
            .map(|_| json!(interesting_name(rng, pool)))
            .collect();
        schema.insert("enum".into(), Value::Array(values));
    }
    Value::Object(schema)
}
