//! The untyped-field audit: every place of the generated API typed `serde_json::Value` (a struct
//! field, a union variant, a parameter, a request or response body, or the items or map values
//! of one) is traced back to the schema it came from in the spec file as published, and when
//! that schema says what the value is (`properties`, `allOf`/`oneOf`/`anyOf`, `items`,
//! `prefixItems`, `enum`, or a reference the audit cannot follow) a warning must name the
//! schema's pointer, a pointer it lies under, or a pointer passed on the way to it (the place
//! that refers to it, a wrapper around it). Otherwise a type was dropped without a word.
//!
//! The source is read here, not by the generator: what the loader rewrote (hoisting, the 3.1
//! pass) must not hide what the spec said. Pointers in the IR are the loader's: a `$ref`
//! crossed on the way (a shared response, a parameter component) is followed as JSON Reference
//! resolution would, segment by segment. A pointer into something the loader made up (a
//! component hoisted out of a path, a webhook payload turned component) has no source to read:
//! such places are counted as not audited, with the pointer and the reason, never passed over.

use std::collections::BTreeSet;
use std::path::Path;

use oagen::ir::{Api, ParameterLocation, Presence, StatusMatch, TypeDef, TypeRef};
use oagen::Diagnostic;
use serde_json::Value;

/// The longest `$ref` chain followed; a longer one loops.
const MAX_HOPS: usize = 64;

/// What the audit found in one spec. Counts are of places in the generated API (one component
/// used by three fields counts three times).
#[derive(Debug, Default)]
pub struct Audit {
    /// Untyped places whose source schema says what the value is, with a warning covering it.
    pub warned: usize,
    /// Untyped places whose source schema leaves the value open (`{}`, `type: object` alone, no
    /// `items`, `additionalProperties: true`): `serde_json::Value` is the faithful type.
    pub open: usize,
    /// Untyped places whose source schema says what the value is, and no warning says why it
    /// is not typed.
    pub unexplained: Vec<Finding>,
    /// Untyped places whose source schema could not be found in the spec file.
    pub not_audited: Vec<Finding>,
}

/// One untyped place.
#[derive(Debug, Clone)]
pub struct Finding {
    /// Where in the generated API, e.g. `struct Pet, field tag`.
    pub site: String,
    /// The source schema (unexplained) or the pointer that leads nowhere (not audited).
    pub pointer: String,
    /// The keywords the schema has (unexplained) or why it was not found (not audited).
    pub detail: String,
}

/// Reads a spec file as the JSON value it is: JSON, or YAML with non-string keys (`200:`) as
/// strings and integers beyond 64 bits as floats, the way the generator reads it.
pub fn read_source(path: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path).map_err(|error| error.to_string())?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    if path
        .extension()
        .is_some_and(|extension| extension == "json")
    {
        serde_json::from_str(text).map_err(|error| format!("not valid JSON: {error}"))
    } else {
        yaml_serde::from_str::<Loose>(text)
            .map(|loose| loose.0)
            .map_err(|error| format!("not valid YAML: {error}"))
    }
}

/// Audits every untyped place of `api` against `source`, the spec file it was generated from.
pub fn audit(source: &Value, api: &Api, warnings: &[Diagnostic]) -> Audit {
    let mut auditor = Auditor {
        source,
        warned_at: warnings
            .iter()
            .map(|warning| warning.pointer.as_str())
            .collect(),
        audit: Audit::default(),
    };
    for def in api.types.values() {
        match def {
            TypeDef::Struct(def) => {
                for field in def.fields.iter().filter(|field| untyped_in(&field.ty)) {
                    let site = format!("struct {}, field {}", def.name, field.rust_name);
                    if field.presence == Presence::Flattened {
                        // The other keys' map stands for the struct's own `additionalProperties`.
                        let place = Place::new(def.pointer.clone(), Vec::new());
                        auditor.check_type(&field.ty, place, &site);
                        continue;
                    }
                    let lowered_at =
                        format!("{}/properties/{}", def.pointer, escape(&field.wire_name));
                    match auditor.find_property(&def.pointer, &field.wire_name) {
                        Ok((pointer, mut via)) => {
                            via.push(lowered_at);
                            auditor.check_type(&field.ty, Place::new(pointer, via), &site);
                        }
                        Err(why) => auditor.not_audited(&site, &lowered_at, why),
                    }
                }
            }
            TypeDef::Union(def) => {
                let untyped: Vec<usize> = (0..def.variants.len())
                    .filter(|&index| untyped_in(&def.variants[index].ty))
                    .collect();
                if untyped.is_empty() {
                    continue;
                }
                let site = format!("union {}", def.name);
                match auditor.alternatives(&def.pointer, def.variants.len()) {
                    Ok(alternatives) => {
                        for index in untyped {
                            let variant = &def.variants[index];
                            let site = format!("{site}, variant {}", variant.rust_name);
                            let place = Place::new(alternatives[index].clone(), Vec::new());
                            auditor.check_type(&variant.ty, place, &site);
                        }
                    }
                    Err(why) => auditor.not_audited(&site, &def.pointer, why),
                }
            }
            TypeDef::Enum(_) => {}
        }
    }
    for operation in &api.operations {
        let name = format!(
            "{} {} ({})",
            operation.method, operation.path, operation.operation_id
        );
        for parameter in operation
            .parameters
            .iter()
            .filter(|parameter| untyped_in(&parameter.ty))
        {
            let site = format!("{name}, parameter {}", parameter.wire_name);
            match auditor.find_parameter(
                &operation.pointer,
                &parameter.wire_name,
                parameter.location,
            ) {
                Ok((pointer, via)) => {
                    auditor.check_type(&parameter.ty, Place::new(pointer, via), &site)
                }
                Err(why) => auditor.not_audited(&site, &operation.pointer, why),
            }
        }
        if let Some(body) = operation.body.as_ref().filter(|body| untyped_in(&body.ty)) {
            let site = format!("{name}, request body");
            let at = format!("{}/requestBody", operation.pointer);
            auditor.check_media(&body.ty, &at, &body.content_type, &site);
        }
        let responses = operation.success.iter().chain(&operation.errors);
        for response in responses {
            let Some(ty) = response.body.as_ref().filter(|ty| untyped_in(ty)) else {
                continue;
            };
            let site = format!("{name}, response {}", response.status);
            let keys = match response.status {
                StatusMatch::Code(code) => vec![code.to_string()],
                StatusMatch::Range(class) => vec![format!("{class}XX"), format!("{class}xx")],
                StatusMatch::Default => vec!["default".to_owned()],
            };
            let found = keys.iter().find_map(|key| {
                let at = format!("{}/responses/{key}", operation.pointer);
                auditor.follow(&at, false).ok().map(|found| (at, found))
            });
            let Some((at, found)) = found else {
                let at = format!("{}/responses/{}", operation.pointer, keys[0]);
                auditor.not_audited(&site, &at, "no such response in the source".to_owned());
                continue;
            };
            // The media type lowering reads: the first of the most preferred kind.
            let chosen = found
                .node
                .get("content")
                .and_then(Value::as_object)
                .and_then(|content| content.keys().min_by_key(|media| media_rank(media)));
            match chosen {
                Some(media) => auditor.check_media(ty, &at, &media.clone(), &site),
                None => auditor.not_audited(&site, &at, "the response has no content".to_owned()),
            }
        }
    }
    auditor.audit
}

/// Whether a value of this type holds a `serde_json::Value` somewhere.
pub fn untyped_in(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Json => true,
        TypeRef::Array(inner) | TypeRef::Map(inner) => untyped_in(inner),
        TypeRef::Tuple(items) => items.iter().any(untyped_in),
        _ => false,
    }
}

/// A place to check: the pointer of the source schema to read, and the pointers lowering wrote
/// for the same place where they differ (a field of a merged `allOf` lowered at
/// `<struct>/properties/<name>`, a parameter at the operation's `parameters/<index>` rather than
/// the component it refers to): a warning at any of them, or above, explains the place.
struct Place {
    pointer: String,
    via: Vec<String>,
}

impl Place {
    fn new(pointer: String, via: Vec<String>) -> Self {
        Place { pointer, via }
    }

    /// The place of a part of this one: `items`, `additionalProperties`, `prefixItems/0`.
    fn child(&self, found: &Found<'_>, segment: &str) -> Place {
        let mut via: Vec<String> = self
            .via
            .iter()
            .chain(&found.passed)
            .map(|pointer| format!("{pointer}/{segment}"))
            .collect();
        via.sort();
        via.dedup();
        Place::new(format!("{}/{segment}", found.pointer), via)
    }
}

/// A schema found in the source.
struct Found<'a> {
    /// Where it is (the end of any `$ref` chain, inside any one-alternative wrapper).
    pointer: String,
    node: &'a Value,
    /// Every pointer passed on the way, the first one included.
    passed: Vec<String>,
}

struct Auditor<'a> {
    source: &'a Value,
    warned_at: BTreeSet<&'a str>,
    audit: Audit,
}

impl<'a> Auditor<'a> {
    /// Checks the untyped parts of a value of type `ty` lowered from the schema at `place`.
    fn check_type(&mut self, ty: &TypeRef, place: Place, site: &str) {
        if !untyped_in(ty) {
            return;
        }
        let found = match self.follow(&place.pointer, true) {
            Ok(found) => found,
            Err(why) => return self.not_audited(site, &place.pointer, why),
        };
        match ty {
            TypeRef::Json => {
                let keywords = typing_keywords(found.node);
                self.judge(&place, &found, &keywords, site);
            }
            TypeRef::Array(inner) => match found.node.get("items") {
                Some(items) if items.is_object() => {
                    self.check_type(inner, place.child(&found, "items"), site)
                }
                // No item schema: open items, unless the array is a tuple nothing typed.
                _ => {
                    let keywords: Vec<&str> = typing_keywords(found.node)
                        .into_iter()
                        .filter(|keyword| *keyword == "prefixItems")
                        .collect();
                    self.judge(&place, &found, &keywords, site);
                }
            },
            TypeRef::Map(inner) => match found.node.get("additionalProperties") {
                Some(values) if values.is_object() => {
                    self.check_type(inner, place.child(&found, "additionalProperties"), site)
                }
                _ => self.audit.open += 1,
            },
            TypeRef::Tuple(items) => {
                let list = ["prefixItems", "x-oagen-tuple"]
                    .into_iter()
                    .find(|keyword| found.node.get(keyword).is_some_and(Value::is_array));
                let Some(list) = list else {
                    let why = "a tuple whose schema has neither `prefixItems` nor `x-oagen-tuple`";
                    return self.not_audited(site, &found.pointer, why.to_owned());
                };
                for (index, item) in items.iter().enumerate() {
                    let segment = format!("{list}/{index}");
                    self.check_type(item, place.child(&found, &segment), site);
                }
            }
            _ => {}
        }
    }

    /// A body's schema: the media object `media_type` of the request body or response at `at`.
    fn check_media(&mut self, ty: &TypeRef, at: &str, media_type: &str, site: &str) {
        let found = match self.follow(at, false) {
            Ok(found) => found,
            Err(why) => return self.not_audited(site, at, why),
        };
        let media = format!("content/{}", escape(media_type));
        let Some(node) = found.node.pointer(&format!("/{media}")) else {
            let why = format!("no media type `{media_type}` here");
            return self.not_audited(site, &found.pointer, why);
        };
        if node.get("schema").is_none() {
            // No schema: any value, and `serde_json::Value` says so.
            self.audit.open += 1;
            return;
        }
        let via = vec![format!("{at}/{media}/schema")];
        let place = Place::new(format!("{}/{media}/schema", found.pointer), via);
        self.check_type(ty, place, site);
    }

    /// Counts the place as warned, open or unexplained, by the keywords its schema has.
    fn judge(&mut self, place: &Place, found: &Found<'_>, keywords: &[&str], site: &str) {
        if keywords.is_empty() {
            self.audit.open += 1;
            return;
        }
        let pointers = place.via.iter().chain(&found.passed);
        let covered = pointers.into_iter().any(|pointer| self.covered(pointer));
        if covered {
            self.audit.warned += 1;
        } else {
            self.audit.unexplained.push(Finding {
                site: site.to_owned(),
                pointer: found.pointer.clone(),
                detail: keywords.join(", "),
            });
        }
    }

    /// Whether a warning names `pointer` or a pointer it lies under.
    fn covered(&self, pointer: &str) -> bool {
        if self.warned_at.contains(pointer) {
            return true;
        }
        pointer
            .match_indices('/')
            .any(|(at, _)| self.warned_at.contains(&pointer[..at]))
    }

    fn not_audited(&mut self, site: &str, pointer: &str, why: String) {
        self.audit.not_audited.push(Finding {
            site: site.to_owned(),
            pointer: pointer.to_owned(),
            detail: why,
        });
    }

    /// The schema at `pointer`, at the end of its `$ref` chain; with `unwrap`, also inside any
    /// wrapper lowering reads as its one alternative (`allOf: [$ref]`, `anyOf: [T, null]`).
    fn follow(&self, pointer: &str, unwrap: bool) -> Result<Found<'a>, String> {
        let mut passed = Vec::new();
        let mut pointer = pointer.to_owned();
        for _ in 0..MAX_HOPS {
            let node = self.resolve(&pointer)?;
            passed.push(pointer.clone());
            let Some(object) = node.as_object() else {
                return Ok(Found {
                    pointer,
                    node,
                    passed,
                });
            };
            let reference = object.get("$ref").and_then(Value::as_str);
            match reference {
                // A reference with nothing typing beside it is its target.
                Some(reference)
                    if reference.starts_with('#') && typing_keywords(node).is_empty() =>
                {
                    pointer = reference.to_owned();
                    continue;
                }
                Some(_) => {
                    return Ok(Found {
                        pointer,
                        node,
                        passed,
                    })
                }
                None => {}
            }
            match unwrap.then(|| single_alternative(object)).flatten() {
                Some(inner) => pointer = format!("{pointer}/{inner}"),
                None => {
                    return Ok(Found {
                        pointer,
                        node,
                        passed,
                    })
                }
            }
        }
        Err(format!(
            "a `$ref` chain of more than {MAX_HOPS} steps from {pointer}"
        ))
    }

    /// The value at `pointer`, read as JSON Reference resolution reads it: a `$ref` object met
    /// on the way stands for its target.
    fn resolve(&self, pointer: &str) -> Result<&'a Value, String> {
        self.resolve_within(pointer, 0)
    }

    /// `resolve`, `hops` references deep already: references crossed, in this walk and the
    /// walks that led to it, are counted together, so that a loop of them ends.
    fn resolve_within(&self, pointer: &str, mut hops: usize) -> Result<&'a Value, String> {
        let path = pointer
            .strip_prefix('#')
            .ok_or_else(|| format!("`{pointer}` is not a local pointer"))?;
        let mut node = self.source;
        for segment in path.split('/').skip(1) {
            let key = unescape(segment);
            loop {
                let next = match node {
                    // A `$ref` may percent-encode what the key spells out (`%7Bid%7D`).
                    Value::Object(map) => map
                        .get(&key)
                        .or_else(|| map.get(&unescape(&percent_decode(segment)))),
                    Value::Array(items) => key.parse::<usize>().ok().and_then(|i| items.get(i)),
                    _ => None,
                };
                if let Some(next) = next {
                    node = next;
                    break;
                }
                let target = node
                    .get("$ref")
                    .and_then(Value::as_str)
                    .filter(|target| target.starts_with("#/"));
                hops += 1;
                match target {
                    Some(target) if hops <= MAX_HOPS => {
                        node = self.resolve_within(target, hops)?;
                    }
                    Some(_) => return Err(format!("more than {MAX_HOPS} `$ref`s on the way")),
                    None => return Err("not in the source document".to_owned()),
                }
            }
        }
        Ok(node)
    }

    /// Where the property `wire_name` of the object schema at `pointer` is written: in its own
    /// `properties`, or in one of its `allOf` parts (the last part that has it, as merging keeps
    /// the last); with the pointers passed on the way.
    fn find_property(
        &self,
        pointer: &str,
        wire_name: &str,
    ) -> Result<(String, Vec<String>), String> {
        // Depth first, last part first; each entry holds the pointers passed to reach it.
        let mut pending = vec![(pointer.to_owned(), Vec::new())];
        // A schema met again (an `allOf` cycle, a part shared by two parts) is searched once.
        let mut searched = BTreeSet::new();
        while let Some((pointer, mut via)) = pending.pop() {
            let found = self.follow(&pointer, false)?;
            if !searched.insert(found.pointer.clone()) {
                continue;
            }
            via.extend(found.passed.iter().cloned());
            let property = format!("properties/{}", escape(wire_name));
            if found.node.pointer(&format!("/{property}")).is_some() {
                return Ok((format!("{}/{property}", found.pointer), via));
            }
            if let Some(parts) = found.node.get("allOf").and_then(Value::as_array) {
                pending.extend(
                    (0..parts.len())
                        .map(|index| (format!("{}/allOf/{index}", found.pointer), via.clone())),
                );
            }
        }
        Err(format!(
            "no property `{wire_name}` in the source schema or its allOf parts"
        ))
    }

    /// The pointers of a union's alternatives, one per variant: the `oneOf` or `anyOf` as
    /// written, or, when lowering left `null` alternatives out, the others.
    fn alternatives(&self, pointer: &str, variants: usize) -> Result<Vec<String>, String> {
        let found = self.follow(pointer, false)?;
        let (keyword, list) = ["oneOf", "anyOf"]
            .into_iter()
            .find_map(|keyword| Some((keyword, found.node.get(keyword)?.as_array()?)))
            .ok_or_else(|| "no `oneOf` or `anyOf` in the source schema".to_owned())?;
        let mut indices: Vec<usize> = (0..list.len()).collect();
        if list.len() != variants {
            indices.retain(|&index| !is_null_schema(&list[index]));
        }
        if indices.len() != variants {
            return Err(format!(
                "{variants} variants, {} alternatives in `{keyword}`",
                list.len()
            ));
        }
        Ok(indices
            .into_iter()
            .map(|index| format!("{}/{keyword}/{index}", found.pointer))
            .collect())
    }

    /// A parameter's schema: the operation's parameter of that name and place, or else the path
    /// item's; with the pointer lowering wrote for it.
    fn find_parameter(
        &self,
        operation: &str,
        wire_name: &str,
        location: ParameterLocation,
    ) -> Result<(String, Vec<String>), String> {
        let place = match location {
            ParameterLocation::Path => "path",
            ParameterLocation::Query => "query",
            ParameterLocation::Header => "header",
            ParameterLocation::Cookie => "cookie",
        };
        let path_item = operation
            .rsplit_once('/')
            .map_or(operation, |(item, _)| item);
        for base in [operation, path_item] {
            let list = format!("{base}/parameters");
            let Ok(Value::Array(parameters)) = self.resolve(&list) else {
                continue;
            };
            for index in 0..parameters.len() {
                let at = format!("{list}/{index}");
                let found = self.follow(&at, false)?;
                let matches = found.node.get("name").and_then(Value::as_str) == Some(wire_name)
                    && found.node.get("in").and_then(Value::as_str) == Some(place);
                if matches {
                    let mut via = found.passed.clone();
                    via.push(format!("{at}/schema"));
                    return Ok((format!("{}/schema", found.pointer), via));
                }
            }
        }
        Err(format!("no {place} parameter `{wire_name}` in the source"))
    }
}

/// The keywords that say what a value is, as far as this schema goes: properties, a
/// composition, items, a tuple, an enum, or a reference the audit cannot follow.
fn typing_keywords(node: &Value) -> Vec<&'static str> {
    let Some(object) = node.as_object() else {
        return Vec::new();
    };
    let non_empty = |key: &str| match object.get(key) {
        Some(Value::Object(map)) => !map.is_empty(),
        Some(Value::Array(items)) => !items.is_empty(),
        _ => false,
    };
    let mut keywords = Vec::new();
    for keyword in ["properties", "allOf", "oneOf", "anyOf", "prefixItems"] {
        if non_empty(keyword) {
            keywords.push(keyword);
        }
    }
    // `enum: [null]` admits only `null`, which no Rust type says better than a JSON value.
    if object
        .get("enum")
        .and_then(Value::as_array)
        .is_some_and(|values| values.iter().any(|value| !value.is_null()))
    {
        keywords.push("enum");
    }
    if object
        .get("items")
        .is_some_and(|items| items.is_object() || items.is_array())
    {
        keywords.push("items");
    }
    if object
        .get("$ref")
        .and_then(Value::as_str)
        .is_some_and(|reference| !reference.starts_with('#'))
    {
        keywords.push("$ref to another document");
    }
    for keyword in ["$recursiveRef", "$dynamicRef"] {
        if object.contains_key(keyword) {
            keywords.push(keyword);
        }
    }
    keywords
}

/// `allOf`/`oneOf`/`anyOf` with one alternative (not counting `null` ones) and nothing else
/// typing beside it: `<keyword>/<index>` of that alternative.
fn single_alternative(object: &serde_json::Map<String, Value>) -> Option<String> {
    let mut compositions = ["allOf", "oneOf", "anyOf"]
        .into_iter()
        .filter_map(|keyword| Some((keyword, object.get(keyword)?.as_array()?)));
    let (keyword, list) = compositions.next()?;
    if compositions.next().is_some() {
        return None;
    }
    let others = ["properties", "items", "prefixItems", "enum"];
    if others.iter().any(|key| object.contains_key(*key)) {
        return None;
    }
    let mut alternatives = (0..list.len()).filter(|&index| !is_null_schema(&list[index]));
    let only = alternatives.next()?;
    alternatives
        .next()
        .is_none()
        .then(|| format!("{keyword}/{only}"))
}

/// `{type: 'null'}` (or `enum: [null]`): the alternative a 3.1 document writes for "or null".
fn is_null_schema(node: &Value) -> bool {
    node.get("type").and_then(Value::as_str) == Some("null")
        || node
            .get("enum")
            .and_then(Value::as_array)
            .is_some_and(|values| values.len() == 1 && values[0].is_null())
}

/// How lowering ranks a media type (JSON first, then form, multipart, text, anything else).
fn media_rank(media_type: &str) -> u8 {
    let essence = media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if essence == "application/json" || essence.ends_with("+json") {
        0
    } else if essence == "application/x-www-form-urlencoded" {
        1
    } else if essence == "multipart/form-data" {
        2
    } else if essence.starts_with("text/") {
        3
    } else {
        4
    }
}

/// One JSON pointer segment: `~` as `~0`, `/` as `~1`.
fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// A segment with its escapes undone.
fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_owned();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let hex = bytes
            .get(index + 1..index + 3)
            .and_then(|pair| std::str::from_utf8(pair).ok())
            .and_then(|pair| u8::from_str_radix(pair, 16).ok());
        match (bytes[index], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                index += 3;
            }
            (byte, _) => {
                out.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_owned())
}

/// A JSON value read from YAML that also takes what `serde_json::Value` refuses: non-string
/// mapping keys (`200:` becomes `"200"`) and integers beyond 64 bits (kept as floats).
struct Loose(Value);

impl<'de> serde::Deserialize<'de> for Loose {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LooseVisitor).map(Loose)
    }
}

struct LooseVisitor;

impl<'de> serde::de::Visitor<'de> for LooseVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a YAML value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(v.into())
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(v.into())
    }

    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or_else(|_| (v as f64).into(), Into::into))
    }

    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(u64::try_from(v).map_or_else(|_| (v as f64).into(), Into::into))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(LooseVisitor)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(Loose(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = serde_json::Map::new();
        while let Some((Loose(key), Loose(value))) = map.next_entry()? {
            let key = match key {
                Value::String(key) => key,
                other => other.to_string(),
            };
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}
