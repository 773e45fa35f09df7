//! `$ref`s into other files next to the spec (`common.yaml#/components/schemas/Pet`,
//! `schemas/error.yaml`): each target is read and brought into the spec's `components` once,
//! however many references reach it, and every reference then points there.
//!
//! A target at `/components/<section>/<name>` of its file keeps its name (`<name>2`, ... when
//! the spec holds something different under it; the spec's own when it holds the same); any
//! other target is named after its file and place, in the section the place referring to it
//! implies. A path item in another file is written in place of its reference. References inside
//! a target are relative to its own file, and are followed the same way.
//!
//! Only files inside the spec's folder are read: a URL, an absolute path or a path leading out
//! of the folder (by `..` or a symbolic link) is refused, as is a file that cannot be read or
//! a pointer that finds nothing; the error names the `$ref` of the spec that led there.

use std::collections::{BTreeSet, HashMap};
use std::path::{Component, Path, PathBuf};

use serde_json::Value;

use super::hoist::{name_characters, percent_decode, pointer_of, DATA_KEYWORDS};
use super::{parse_value, too_deep, Here, MAX_DEPTH};
use crate::error::{escape_pointer_segment, Error};
use crate::locate::Source;

/// The most files read besides the spec.
const MAX_FILES: usize = 1000;
/// The most bytes read from those files together.
const MAX_TOTAL_BYTES: u64 = 64 << 20;
/// The most targets brought in (each one component, or one path item).
const MAX_TARGETS: usize = 100_000;
/// Maps whose keys are names (a property `default`, the `default` response), not keywords.
const NAME_MAPS: [&str; 12] = [
    "properties",
    "responses",
    "schemas",
    "parameters",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
    "content",
    "encoding",
    "paths",
];
/// The sections of `components` a target can be named in.
const SECTIONS: [&str; 9] = [
    "schemas",
    "responses",
    "parameters",
    "examples",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
];

/// Brings the target of every `$ref` into another file into `document`, read relative to the
/// folder of `spec`; returns the files read, as paths below that folder.
pub(super) fn import(spec: &Path, document: &mut Value) -> Result<Vec<PathBuf>, Error> {
    let mut roots = Vec::new();
    collect(document, &mut Vec::new(), is_external, &mut roots);
    if roots.is_empty() {
        return Ok(Vec::new());
    }
    let mut importer = Importer::new(spec, roots)?;
    let order = importer.discover()?;
    importer.name(document, &order);
    importer.apply(document, &order)?;
    // A whole file brought in lands a few levels down: allow for that, and no more.
    let limit = MAX_DEPTH + 3;
    if let Some(pointer) = too_deep(document, Here::Root, limit) {
        return Err(Error::Invalid {
            file: spec.to_owned(),
            pointer,
            message: format!("with the files its `$ref`s name, the document nests deeper than {limit} levels here"),
            location: None,
        });
    }
    Ok(importer
        .documents
        .into_iter()
        .map(|doc| doc.shown)
        .collect())
}

/// A `$ref` into another file: anything but a pointer into the same document.
fn is_external(written: &str) -> bool {
    !written.is_empty() && !written.starts_with('#')
}

/// A `$ref` as written, and the place (unescaped segments) of the object holding it.
#[derive(Clone)]
struct Reference {
    place: Vec<String>,
    written: String,
}

/// Every `$ref` string under `value` (which stands at `place`) that `wanted` accepts;
/// extensions and data (examples, defaults, enums) are not looked into.
fn collect(
    value: &Value,
    place: &mut Vec<String>,
    wanted: fn(&str) -> bool,
    found: &mut Vec<Reference>,
) {
    match value {
        Value::Object(map) => {
            let reference = map.get("$ref").and_then(Value::as_str);
            if let Some(written) = reference.filter(|written| wanted(written)) {
                found.push(Reference {
                    place: place.clone(),
                    written: written.to_owned(),
                });
            }
            let in_names = place
                .last()
                .is_some_and(|last| NAME_MAPS.contains(&last.as_str()));
            for (key, child) in map {
                let data = DATA_KEYWORDS.contains(&key.as_str()) && !in_names;
                if key.starts_with("x-") || data || key == "$ref" {
                    continue;
                }
                place.push(key.clone());
                collect(child, place, wanted, found);
                place.pop();
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                place.push(index.to_string());
                collect(item, place, wanted, found);
                place.pop();
            }
        }
        _ => {}
    }
}

/// The spec itself, or one of the files read for it (by index).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum File {
    Main,
    Other(usize),
}

/// A file read for the spec.
struct Document {
    /// Its path as shown: the spec's folder as given, joined with the path inside it.
    shown: PathBuf,
    canonical: PathBuf,
    text: String,
    value: Value,
}

/// Where a reference leads: a pointer into the spec (kept as a local reference) or a target.
#[derive(Clone)]
enum Link {
    Main(String),
    Target(usize),
}

/// A value in another file that the spec reaches.
struct Target {
    file: usize,
    segments: Vec<String>,
    /// The spec's reference that first led here (an index into the roots), for errors.
    root: usize,
    /// The components section it joins; `None` while only path items refer to it.
    section: Option<&'static str>,
    /// The references inside it, with places in its own file.
    references: Vec<Reference>,
    /// Its component name, once chosen.
    name: Option<String>,
    /// Whether the spec already holds the same value under that name.
    reused: bool,
    visited: bool,
}

struct Importer<'a> {
    spec: &'a Path,
    /// The spec's folder as given (`.` for a bare file name), for paths shown.
    folder: PathBuf,
    /// The same folder, canonical: every file read lies below it.
    root: PathBuf,
    /// The spec itself, canonical, when it is a file (references back into it stay local).
    main: Option<PathBuf>,
    roots: Vec<Reference>,
    documents: Vec<Document>,
    by_path: HashMap<PathBuf, usize>,
    targets: Vec<Target>,
    by_target: HashMap<(usize, Vec<String>), usize>,
    links: HashMap<(File, String), Link>,
    bytes: u64,
}

impl<'a> Importer<'a> {
    fn new(spec: &'a Path, roots: Vec<Reference>) -> Result<Self, Error> {
        let folder = match spec.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
            _ => PathBuf::from("."),
        };
        let root = std::fs::canonicalize(&folder).map_err(|error| {
            let reason = format!(
                "is read relative to the spec's folder `{}`, which cannot be opened: {error}",
                folder.display()
            );
            main_error(spec, &roots[0], &reason)
        })?;
        Ok(Importer {
            spec,
            folder,
            root,
            main: std::fs::canonicalize(spec).ok(),
            roots,
            documents: Vec::new(),
            by_path: HashMap::new(),
            targets: Vec::new(),
            by_target: HashMap::new(),
            links: HashMap::new(),
            bytes: 0,
        })
    }

    /// Follows every reference from the spec, transitively; returns the targets, each after
    /// the targets it refers to (except around a cycle).
    fn discover(&mut self) -> Result<Vec<usize>, Error> {
        let mut order = Vec::new();
        for index in 0..self.roots.len() {
            let reference = self.roots[index].clone();
            if let Link::Target(target) = self.link(File::Main, &reference, index)? {
                self.visit(target, &mut order)?;
            }
        }
        Ok(order)
    }

    /// A depth-first walk from `start` with its own stack (chains of references can be long).
    fn visit(&mut self, start: usize, order: &mut Vec<usize>) -> Result<(), Error> {
        if self.targets[start].visited {
            return Ok(());
        }
        self.targets[start].visited = true;
        let mut stack = vec![(start, 0)];
        while let Some(&(target, next)) = stack.last() {
            let Some(reference) = self.targets[target].references.get(next).cloned() else {
                order.push(target);
                stack.pop();
                continue;
            };
            if let Some(top) = stack.last_mut() {
                top.1 += 1;
            }
            let (file, root) = (self.targets[target].file, self.targets[target].root);
            if let Link::Target(child) = self.link(File::Other(file), &reference, root)? {
                if !self.targets[child].visited {
                    self.targets[child].visited = true;
                    stack.push((child, 0));
                }
            }
        }
        Ok(())
    }

    /// Where `reference`, written in `from`, leads; the target learns its section from the
    /// place referring to it when its own place does not say.
    fn link(&mut self, from: File, reference: &Reference, root: usize) -> Result<Link, Error> {
        let key = (from, reference.written.clone());
        let link = match self.links.get(&key) {
            Some(link) => link.clone(),
            None => {
                let link = self
                    .resolve(from, &reference.written, root)
                    .map_err(|reason| self.error(from, reference, root, &reason))?;
                self.links.insert(key, link.clone());
                link
            }
        };
        if let Link::Target(target) = link {
            let in_place = from == File::Main && is_path_item(&reference.place);
            if !in_place && self.targets[target].section.is_none() {
                self.targets[target].section = referrer_section(&reference.place);
                if self.targets[target].section.is_none() {
                    let reason = "stands where no schema, parameter, response, request body, header or path item does, so what it brings in cannot be placed";
                    return Err(self.error(from, reference, root, reason));
                }
            }
        }
        Ok(link)
    }

    /// Reads what `written` names, relative to `from`; `Err` says why it cannot be.
    fn resolve(&mut self, from: File, written: &str, root: usize) -> Result<Link, String> {
        let (file_part, fragment) = match written.split_once('#') {
            Some((file_part, fragment)) => (file_part, fragment),
            None => (written, ""),
        };
        let segments = pointer_segments(fragment)?;
        let file = match from {
            File::Other(index) if file_part.is_empty() => index,
            File::Main if file_part.is_empty() => {
                return Ok(Link::Main(format!("#{}", pointer_of(&segments))))
            }
            _ => {
                let canonical = self.find(from, file_part)?;
                if self.main.as_ref() == Some(&canonical) {
                    if segments.is_empty() {
                        return Err(
                            "names the spec itself, which cannot be a part of itself".into()
                        );
                    }
                    return Ok(Link::Main(format!("#{}", pointer_of(&segments))));
                }
                self.open(canonical)?
            }
        };
        self.target(file, segments, root).map(Link::Target)
    }

    /// The canonical path of the file `file_part` names, relative to `from`'s folder, if it
    /// may be read.
    fn find(&self, from: File, file_part: &str) -> Result<PathBuf, String> {
        if has_scheme(file_part) {
            return Err(
                "is a URL; only files in the spec's folder are read, nothing is fetched".into(),
            );
        }
        let relative = percent_decode(file_part)
            .ok_or("names a file that is not UTF-8 once percent-decoded")?;
        if relative.starts_with(['/', '\\']) || Path::new(&relative).is_absolute() {
            return Err(
                "is an absolute path; only paths relative to the spec's folder are read".into(),
            );
        }
        let base = match from {
            File::Main => self.root.clone(),
            File::Other(index) => parent(&self.documents[index].canonical),
        };
        let outside = || {
            format!(
                "names a file outside the spec's folder `{}`; only files inside it are read",
                self.folder.display()
            )
        };
        // Checked as written first, so nothing outside is even looked at.
        let written = lexical_join(&base, Path::new(&relative)).ok_or_else(outside)?;
        if !written.starts_with(&self.root) {
            return Err(outside());
        }
        let shown = self.shown(&written);
        let canonical = std::fs::canonicalize(&written).map_err(|error| {
            format!("names `{}`, which cannot be read: {error}", shown.display())
        })?;
        // A symbolic link may lead out of the folder.
        if !canonical.starts_with(&self.root) {
            return Err(outside());
        }
        if !canonical.is_file() {
            return Err(format!("names `{}`, which is not a file", shown.display()));
        }
        Ok(canonical)
    }

    /// The index of the file at `canonical`, read and parsed on first use.
    fn open(&mut self, canonical: PathBuf) -> Result<usize, String> {
        if let Some(&index) = self.by_path.get(&canonical) {
            return Ok(index);
        }
        let shown = self.shown(&canonical);
        if self.documents.len() >= MAX_FILES {
            return Err(format!(
                "names `{}`, one file more than the {MAX_FILES} read at most",
                shown.display()
            ));
        }
        let cannot = |error: std::io::Error| {
            format!("names `{}`, which cannot be read: {error}", shown.display())
        };
        let size = std::fs::metadata(&canonical).map_err(cannot)?.len();
        self.bytes = self.bytes.saturating_add(size);
        if self.bytes > MAX_TOTAL_BYTES {
            return Err(format!(
                "names `{}`, past the {} MiB read at most from other files",
                shown.display(),
                MAX_TOTAL_BYTES >> 20
            ));
        }
        let text = std::fs::read_to_string(&canonical).map_err(cannot)?;
        let text = text
            .strip_prefix('\u{feff}')
            .map(str::to_owned)
            .unwrap_or(text);
        let value = parse_value(&shown, &text)
            .map_err(|error| format!("names a file that does not parse: {error}"))?;
        if let Some(pointer) = too_deep(&value, Here::Root, MAX_DEPTH) {
            return Err(format!(
                "names `{}`, which nests deeper than {MAX_DEPTH} levels at {pointer}",
                shown.display()
            ));
        }
        self.documents.push(Document {
            shown,
            canonical: canonical.clone(),
            text,
            value,
        });
        self.by_path.insert(canonical, self.documents.len() - 1);
        Ok(self.documents.len() - 1)
    }

    /// The index of the target at `segments` of file `file`, recorded on first use.
    fn target(&mut self, file: usize, segments: Vec<String>, root: usize) -> Result<usize, String> {
        let key = (file, segments);
        if let Some(&index) = self.by_target.get(&key) {
            return Ok(index);
        }
        if self.targets.len() >= MAX_TARGETS {
            return Err(format!(
                "reaches past the {MAX_TARGETS} values brought in from other files at most"
            ));
        }
        let (file, segments) = key;
        let document = &self.documents[file];
        let value = document
            .value
            .pointer(&pointer_of(&segments))
            .ok_or_else(|| format!("points at nothing in `{}`", document.shown.display()))?;
        if !value.is_object() {
            return Err(format!(
                "points at something in `{}` that is not an object",
                document.shown.display()
            ));
        }
        let mut references = Vec::new();
        collect(value, &mut segments.clone(), |_| true, &mut references);
        let section = component_place(&segments).map(|(section, _)| section);
        self.by_target
            .insert((file, segments.clone()), self.targets.len());
        self.targets.push(Target {
            file,
            segments,
            root,
            section,
            references,
            name: None,
            reused: false,
            visited: false,
        });
        Ok(self.targets.len() - 1)
    }

    /// `path` (below the canonical folder) as shown: below the folder as given.
    fn shown(&self, path: &Path) -> PathBuf {
        match path.strip_prefix(&self.root) {
            Ok(inside) => self.folder.join(inside),
            Err(_) => path.to_owned(),
        }
    }

    /// An error at the spec's reference `root`, naming the reference in `from` that failed.
    fn error(&self, from: File, reference: &Reference, root: usize, reason: &str) -> Error {
        let File::Other(index) = from else {
            return main_error(self.spec, reference, reason);
        };
        let document = &self.documents[index];
        let pointer = format!("#{}", pointer_of(&reference.place));
        let at = Source::new(&document.shown, &document.text)
            .locate(&pointer)
            .map_or_else(String::new, |at| {
                format!(" (line {}, column {})", at.line, at.column)
            });
        let leads = format!(
            "leads to `{}`, where `$ref: {}` at {pointer}{at} {reason}",
            document.shown.display(),
            reference.written
        );
        main_error(self.spec, &self.roots[root], &leads)
    }
}

/// An `Error::Invalid` at the spec's reference (located later, from the spec's text).
fn main_error(spec: &Path, reference: &Reference, reason: &str) -> Error {
    Error::Invalid {
        file: spec.to_owned(),
        pointer: format!("#{}", pointer_of(&reference.place)),
        message: format!("`$ref: {}` {reason}", reference.written),
        location: None,
    }
}

/// The section and name of a place `/components/<section>/<name>`.
fn component_place(segments: &[String]) -> Option<(&'static str, &str)> {
    match segments {
        [components, section, name] if components == "components" => SECTIONS
            .iter()
            .find(|known| **known == section.as_str())
            .map(|known| (*known, name.as_str())),
        _ => None,
    }
}

/// A path item (`/paths/<path>`), where a target is written in place.
fn is_path_item(place: &[String]) -> bool {
    place.len() == 2 && place[0] == "paths"
}

/// The section of what stands at `place`, where a reference is written: the keyword or map
/// holding it says.
fn referrer_section(place: &[String]) -> Option<&'static str> {
    if let Some((section, _)) = component_place(place) {
        return Some(section);
    }
    let last = place.last()?.as_str();
    let parent = place
        .len()
        .checked_sub(2)
        .map(|index| place[index].as_str());
    match (parent, last) {
        (Some("properties"), _) | (_, "schema" | "items" | "additionalProperties" | "not") => {
            Some("schemas")
        }
        (Some("allOf" | "oneOf" | "anyOf"), index) if index.parse::<usize>().is_ok() => {
            Some("schemas")
        }
        (_, "requestBody") => Some("requestBodies"),
        (Some("parameters"), _) => Some("parameters"),
        (Some("responses"), _) => Some("responses"),
        (Some("headers"), _) => Some("headers"),
        (Some("links"), _) => Some("links"),
        (Some("callbacks"), _) => Some("callbacks"),
        _ => None,
    }
}

/// The unescaped segments of a URI fragment holding a JSON pointer (`` for the whole file).
fn pointer_segments(fragment: &str) -> Result<Vec<String>, String> {
    let decoded =
        percent_decode(fragment).ok_or("has a fragment that is not UTF-8 once percent-decoded")?;
    if decoded.is_empty() {
        return Ok(Vec::new());
    }
    let Some(pointer) = decoded.strip_prefix('/') else {
        return Err(format!(
            "has a fragment `{decoded}` that is not a JSON pointer"
        ));
    };
    Ok(pointer
        .split('/')
        .map(|segment| segment.replace("~1", "/").replace("~0", "~"))
        .collect())
}

/// Whether a reference starts with a URI scheme (`https:`, `file:`, `c:`).
fn has_scheme(written: &str) -> bool {
    let Some((scheme, _)) = written.split_once(':') else {
        return false;
    };
    scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// `base` joined with `relative`, `.` and `..` undone without looking at the file system;
/// `None` when `..` climbs above the file system's root.
fn lexical_join(base: &Path, relative: &Path) -> Option<PathBuf> {
    let mut joined = base.to_owned();
    for component in relative.components() {
        match component {
            Component::Normal(part) => joined.push(part),
            Component::CurDir => {}
            Component::ParentDir => {
                if !joined.pop() {
                    return None;
                }
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(joined)
}

fn parent(path: &Path) -> PathBuf {
    path.parent().map_or_else(PathBuf::new, Path::to_owned)
}

mod apply;
#[cfg(test)]
mod tests;
