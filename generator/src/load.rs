//! Reading a spec file: YAML or JSON text -> `openapiv3::OpenAPI`, with located errors.

use std::path::{Path, PathBuf};

use openapiv3::OpenAPI;

use crate::error::{escape_pointer_segment, Diagnostic, Error};
use crate::locate::Source;

mod encoding;
mod external;
mod flow_depth;
mod hoist;
mod normalize;
mod repair;
mod schemas;
mod v31;

pub use v31::Reading;

/// A parsed spec plus the repairs made to get there (each a warning).
pub struct Loaded {
    /// The document.
    pub spec: OpenAPI,
    /// Mistakes in the document that were coped with, by JSON pointer.
    pub warnings: Vec<Diagnostic>,
    /// The files read besides the spec, for `$ref`s into them, in the order first reached.
    pub files: Vec<PathBuf>,
    /// The version read, and what of OpenAPI 3.1 had to be interpreted.
    pub reading: Reading,
    /// Schemas the loader moved into `components` (pointer there, pointer where written).
    pub moved: Vec<(String, String)>,
}

impl Loaded {
    /// The component schemas the loader made up for schemas written in place, by pointer.
    pub(crate) fn moved_schemas(&self) -> std::collections::BTreeSet<String> {
        self.moved
            .iter()
            .map(|(component, _)| component.clone())
            .filter(|component| component.starts_with("#/components/schemas/"))
            .collect()
    }

    /// Points diagnostics, and the IR's types, about a moved schema at the place it is written
    /// in the spec.
    pub(crate) fn restore_pointers(
        &self,
        diagnostics: &mut [Diagnostic],
        api: &mut crate::ir::Api,
    ) {
        if self.moved.is_empty() {
            return;
        }
        for diagnostic in diagnostics {
            self.restore_pointer(&mut diagnostic.pointer);
        }
        for def in api.types.values_mut() {
            let pointer = match def {
                crate::ir::TypeDef::Struct(def) => &mut def.pointer,
                crate::ir::TypeDef::Enum(def) => &mut def.pointer,
                crate::ir::TypeDef::Union(def) => &mut def.pointer,
            };
            self.restore_pointer(pointer);
        }
    }

    fn restore_pointer(&self, pointer: &mut String) {
        // The longest (innermost) match: a moved schema may hold another moved one.
        let best = self
            .moved
            .iter()
            .filter(|(component, _)| {
                *pointer == *component
                    || pointer
                        .strip_prefix(component.as_str())
                        .is_some_and(|rest| rest.starts_with('/'))
            })
            .max_by_key(|(component, _)| component.len());
        if let Some((component, written)) = best {
            *pointer = format!("{written}{}", &pointer[component.len()..]);
        }
    }
}

/// Parses spec text; `path` names the file in errors and picks JSON for a `.json` extension.
/// The unit tests' shorthand for [`parse_loaded`] without the warnings.
#[cfg(test)]
pub(crate) fn parse_text(path: &Path, text: &str) -> Result<OpenAPI, Error> {
    parse_loaded(path, text).map(|loaded| loaded.spec)
}

/// The text of the spec at `path`.
pub(crate) fn read_text(path: &Path) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
    })
}

/// Parses spec text; an `Error::Invalid` carries the line and column of its pointer when the
/// pointer can be followed through `text`.
pub(crate) fn parse_loaded(path: &Path, text: &str) -> Result<Loaded, Error> {
    // A UTF-8 byte order mark (editors on Windows write one) is not part of the document.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    parse_unlocated(path, text).map_err(|mut error| {
        if let Error::Invalid {
            pointer,
            location: location @ None,
            ..
        } = &mut error
        {
            *location = Source::new(path, text).locate(pointer);
        }
        error
    })
}

fn parse_unlocated(path: &Path, text: &str) -> Result<Loaded, Error> {
    let mut value = parse_value(path, text)?;
    let version = check_version(path, &value)?;
    if let Some(pointer) = too_deep(&value, Here::Root, MAX_DEPTH) {
        return Err(Error::Invalid {
            file: path.to_owned(),
            pointer,
            message: format!("the document nests deeper than {MAX_DEPTH} levels here; real specs stay well below that, and such nesting is refused rather than parsed"),
            location: None,
        });
    }
    let mut warnings = Vec::new();
    repair::add_leading_slashes(&mut value, &mut warnings);
    // Targets of `$ref`s into other files next to the spec join `components` first.
    let files = external::import(path, &mut value)?;
    // 3.1 is rewritten into the 3.0 form before anything below reads schemas.
    let mut reading = Reading::new(&version);
    if is_3_1(&version) {
        v31::downgrade(&mut value, &mut reading);
        warnings.extend(reading.take_warnings());
    } else {
        v31::recursive_references_in_3_0(&mut value, &mut warnings);
    }
    repair::repair(&mut value, Here::Root, &mut warnings);
    // Targets of pointer references move into `components` first, so normalising (and the
    // checks below) see them where lowering will read them.
    let mut moved = std::mem::take(&mut reading.moved);
    moved.extend(hoist::hoist(&mut value));
    normalize::normalize(&mut value, &mut warnings);
    encoding::explicit_styles(&mut value);
    // Bad schemas are found here, one object at a time: the typed parse would take time
    // exponential in how deeply they are nested.
    if let Err(invalid) = schemas::check(&value) {
        return Err(Error::Invalid {
            file: path.to_owned(),
            pointer: invalid.pointer,
            message: invalid.message,
            location: None,
        });
    }
    let spec = serde_path_to_error::deserialize::<_, OpenAPI>(&value).map_err(|error| {
        let mut pointer = pointer_from_path(error.path());
        let mut message = error.into_inner().to_string();
        // `openapiv3` flattens the path map, which hides the position below `#/paths`; look
        // operation by operation to name the exact place.
        if pointer == "#/paths" {
            if let Some((inner_pointer, inner_message)) = locate_in_paths(&value) {
                pointer = inner_pointer;
                message = inner_message;
            }
        }
        Error::Invalid {
            file: path.to_owned(),
            pointer,
            message,
            location: None,
        }
    })?;
    Ok(Loaded {
        spec,
        warnings,
        files,
        reading,
        moved,
    })
}

/// YAML or JSON text (JSON for a `.json` extension) -> a JSON value; syntax errors, and YAML
/// flow collections nested too deep to parse in reasonable time, are refused with their place.
fn parse_value(path: &Path, text: &str) -> Result<serde_json::Value, Error> {
    let is_json = path.extension().is_some_and(|ext| ext == "json");
    let value = if is_json {
        serde_json::from_str::<serde_json::Value>(text).map_err(|error| Error::Syntax {
            file: path.to_owned(),
            format: "JSON",
            line: error.line(),
            column: error.column(),
            message: error.to_string(),
        })?
    } else {
        if let Some((line, column)) = flow_depth::too_deep_flow(text, MAX_FLOW_DEPTH) {
            return Err(Error::Syntax {
                file: path.to_owned(),
                format: "YAML",
                line,
                column,
                message: format!("flow collections (`[`, `{{`) nest deeper than {MAX_FLOW_DEPTH} levels here; real specs stay well below that, and reading such input takes quadratic time"),
            });
        }
        yaml_serde::from_str::<LooseValue>(text)
            .map(|loose| loose.0)
            .map_err(|error| {
                let (line, column) = error
                    .location()
                    .map_or((0, 0), |at| (at.line(), at.column()));
                Error::Syntax {
                    file: path.to_owned(),
                    format: "YAML",
                    line,
                    column,
                    message: error.to_string(),
                }
            })?
    };
    Ok(value)
}

/// The deepest nesting read (published specs, even 1 MB ones, stay under 20 levels).
const MAX_DEPTH: usize = 32;

/// The deepest nesting of YAML flow collections handed to the YAML parser, checked on the text
/// first: twice `MAX_DEPTH`, a margin for the pre-scan, which reads YAML only approximately.
const MAX_FLOW_DEPTH: usize = 2 * MAX_DEPTH;

/// Where a value stands in the document, kept on the stack while a walk descends and written
/// out as a JSON pointer only when a message needs it (formatting one per node would cost more
/// than the walk).
#[derive(Clone, Copy)]
enum Here<'a> {
    Root,
    Key(&'a Here<'a>, &'a str),
    Index(&'a Here<'a>, usize),
}

impl Here<'_> {
    fn pointer(&self) -> String {
        match self {
            Here::Root => "#".to_owned(),
            Here::Key(parent, key) => {
                format!("{}/{}", parent.pointer(), escape_pointer_segment(key))
            }
            Here::Index(parent, index) => format!("{}/{index}", parent.pointer()),
        }
    }
}

/// The pointer of the first place nested more than `limit` levels deep.
fn too_deep(value: &serde_json::Value, here: Here<'_>, limit: usize) -> Option<String> {
    if limit == 0 {
        return Some(here.pointer());
    }
    match value {
        serde_json::Value::Object(map) => map
            .iter()
            .find_map(|(key, child)| too_deep(child, Here::Key(&here, key), limit - 1)),
        serde_json::Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(index, child)| too_deep(child, Here::Index(&here, index), limit - 1)),
        _ => None,
    }
}

/// A JSON value read from YAML that also accepts what `serde_json::Value` refuses: integers
/// beyond 64 bits (kept as floats) and non-string mapping keys (`200:` becomes `"200"`).
struct LooseValue(serde_json::Value);

impl<'de> serde::Deserialize<'de> for LooseValue {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LooseVisitor).map(LooseValue)
    }
}

struct LooseVisitor;

impl<'de> serde::de::Visitor<'de> for LooseVisitor {
    type Value = serde_json::Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
        Ok(v.into())
    }

    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Ok(v.into())
    }

    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Ok(v.into())
    }

    fn visit_i128<E>(self, v: i128) -> Result<Self::Value, E> {
        Ok(i64::try_from(v).map_or_else(|_| (v as f64).into(), Into::into))
    }

    fn visit_u128<E>(self, v: u128) -> Result<Self::Value, E> {
        Ok(u64::try_from(v).map_or_else(|_| (v as f64).into(), Into::into))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
        // NaN and infinities have no JSON form; null is the honest stand-in.
        Ok(serde_json::Number::from_f64(v)
            .map_or(serde_json::Value::Null, serde_json::Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(v.into())
    }

    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(v.into())
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(serde_json::Value::Null)
    }

    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(serde_json::Value::Null)
    }

    fn visit_some<D: serde::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(LooseVisitor)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        while let Some(LooseValue(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(serde_json::Value::Array(items))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut object = serde_json::Map::new();
        while let Some((LooseValue(key), LooseValue(value))) = map.next_entry()? {
            let key = match key {
                serde_json::Value::String(key) => key,
                other => other.to_string(),
            };
            object.insert(key, value);
        }
        Ok(serde_json::Value::Object(object))
    }
}

/// Deserializes each operation (and its responses) on its own to find the first failing one.
fn locate_in_paths(value: &serde_json::Value) -> Option<(String, String)> {
    const METHODS: [&str; 8] = [
        "get", "put", "post", "delete", "options", "head", "patch", "trace",
    ];
    let paths = value.get("paths")?.as_object()?;
    for (path, item) in paths.iter().filter(|(key, _)| !key.starts_with("x-")) {
        let item_pointer = format!("#/paths/{}", escape_pointer_segment(path));
        let Some(item) = item.as_object() else {
            return Some((item_pointer, "a path item must be an object".to_owned()));
        };
        for method in METHODS {
            let Some(operation) = item.get(method) else {
                continue;
            };
            let operation_pointer = format!("{item_pointer}/{method}");
            if let Err(error) =
                serde_path_to_error::deserialize::<_, openapiv3::Operation>(operation)
            {
                let mut pointer = format!(
                    "{operation_pointer}{}",
                    pointer_from_path(error.path()).trim_start_matches('#')
                );
                let mut message = error.into_inner().to_string();
                let responses = operation.get("responses").and_then(|r| r.as_object());
                for (code, response) in responses.into_iter().flatten() {
                    let result = serde_path_to_error::deserialize::<
                        _,
                        openapiv3::ReferenceOr<openapiv3::Response>,
                    >(response);
                    if let Err(error) = result {
                        pointer = format!(
                            "{operation_pointer}/responses/{}",
                            escape_pointer_segment(code)
                        );
                        message = error.into_inner().to_string();
                        break;
                    }
                }
                return Some((pointer, message));
            }
        }
    }
    None
}

/// Whether a version string is one of OpenAPI 3.1.
fn is_3_1(version: &str) -> bool {
    version == "3.1" || version.starts_with("3.1.")
}

/// The `openapi` version, when it is one this generator reads: 3.0.x, or 3.1.x (read through
/// `v31`). Swagger 2.0 and later versions differ in ways that would silently mistype.
fn check_version(path: &Path, value: &serde_json::Value) -> Result<String, Error> {
    let invalid = |pointer: &str, message: String| Error::Invalid {
        file: PathBuf::from(path),
        pointer: pointer.to_owned(),
        message,
        location: None,
    };
    if let Some(swagger) = value.get("swagger") {
        return Err(invalid(
            "#/swagger",
            format!("Swagger {swagger} documents are not supported; convert to OpenAPI 3.0 first"),
        ));
    }
    match value.get("openapi").and_then(|v| v.as_str()) {
        Some(version) if version.starts_with("3.0.") || version == "3.0" || is_3_1(version) => {
            Ok(version.to_owned())
        }
        Some(version) => Err(invalid(
            "#/openapi",
            format!(
                "OpenAPI {version} is not supported; this generator reads OpenAPI 3.0.x and 3.1.x"
            ),
        )),
        None => Err(invalid(
            "#/openapi",
            "missing the `openapi` version field; is this an OpenAPI 3.0 or 3.1 document?"
                .to_owned(),
        )),
    }
}

/// Turns serde_path_to_error's path into a JSON pointer.
fn pointer_from_path(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::from("#");
    for segment in path.iter() {
        pointer.push('/');
        match segment {
            Segment::Seq { index } => pointer.push_str(&index.to_string()),
            Segment::Map { key } | Segment::Enum { variant: key } => {
                pointer.push_str(&escape_pointer_segment(key))
            }
            Segment::Unknown => pointer.push('?'),
        }
    }
    pointer
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_syntax_error_has_line_and_column() {
        let error = parse_text(Path::new("bad.yaml"), "openapi: 3.0.3\ninfo: [\n").unwrap_err();
        let text = error.to_string();
        assert!(text.starts_with("bad.yaml:"), "{text}");
        assert!(
            matches!(error, Error::Syntax { line, .. } if line > 0),
            "{text}"
        );
    }

    #[test]
    fn other_versions_are_refused_by_name() {
        let error = parse_text(Path::new("a.yaml"), "openapi: 3.2.0\n").unwrap_err();
        assert!(
            error.to_string().contains("OpenAPI 3.2.0 is not supported"),
            "{error}"
        );
        let error = parse_text(Path::new("a.json"), r#"{"swagger":"2.0"}"#).unwrap_err();
        assert!(error.to_string().contains("#/swagger"), "{error}");
    }

    #[test]
    fn wrong_type_names_the_pointer() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200': 5\n";
        let error = parse_text(Path::new("a.yaml"), text).unwrap_err();
        assert!(
            error.to_string().contains("#/paths/~1a/get/responses/200"),
            "{error}"
        );
    }
}
