//! Best-effort: the line and column a JSON pointer names in the spec's text, for diagnostics.
//!
//! The generator reports problems by JSON pointer; editors want `file:line:column`. This walks
//! the pointer's segments through the text itself: JSON by an outline of its members, YAML by
//! indentation (block mappings and sequences, including sequences at their key's indentation).
//! Flow-style YAML (`{a: 1}` on one line), anchors and multi-document files are not followed;
//! when a segment cannot be found the answer is `None` and the position is left out.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::path::Path;

use crate::error::{Diagnostic, Location};

/// A spec's text, ready to turn JSON pointers into positions. The outlines (JSON, YAML, line
/// starts) are built on the first lookup that needs them and kept, so locating many
/// diagnostics reads the text a bounded number of times.
pub(crate) struct Source<'a> {
    text: &'a str,
    json: bool,
    /// Lookups so far: the first few JSON lookups walk the text directly (nothing allocated),
    /// since building the outline of a large spec costs more than a handful of walks.
    lookups: std::cell::Cell<usize>,
    outline: OnceCell<Option<Node>>,
    entries: OnceCell<Vec<Entry<'a>>>,
    line_starts: OnceCell<Vec<usize>>,
}

impl<'a> Source<'a> {
    /// The text of the spec at `path`; a `.json` extension (or text starting with `{` or `[`)
    /// is scanned as JSON first.
    pub(crate) fn new(path: &Path, text: &'a str) -> Self {
        let is_json = path.extension().is_some_and(|ext| ext == "json");
        Source {
            text,
            json: is_json || text.trim_start().starts_with(['{', '[']),
            lookups: std::cell::Cell::new(0),
            outline: OnceCell::new(),
            entries: OnceCell::new(),
            line_starts: OnceCell::new(),
        }
    }

    /// 1-based line and column of the key (or sequence item) the pointer ends at.
    pub(crate) fn locate(&self, pointer: &str) -> Option<Location> {
        let segments = segments(pointer)?;
        if segments.is_empty() {
            return None;
        }
        if self.json {
            self.lookups.set(self.lookups.get() + 1);
            let offset = if self.lookups.get() <= DIRECT_WALKS {
                walk_json(self.text.as_bytes(), &segments)
            } else {
                let outline = self.outline.get_or_init(|| outline(self.text));
                outline.as_ref().and_then(|o| locate_json(o, &segments))
            };
            if let Some(offset) = offset {
                return Some(self.line_column(offset));
            }
        }
        let entries = self.entries.get_or_init(|| entries(self.text));
        locate_yaml(entries, &segments)
    }

    /// The line and column of a byte offset (at a character boundary).
    fn line_column(&self, offset: usize) -> Location {
        let starts = self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(at, _)| at + 1))
                .collect()
        });
        // `starts[0]` is 0, so at least one start is at or before the offset.
        let line = starts.partition_point(|&start| start <= offset);
        let column = self.text[starts[line - 1]..offset].chars().count() + 1;
        Location { line, column }
    }

    /// Fills in the location of every diagnostic that has none yet and can be found.
    pub(crate) fn locate_all(&self, diagnostics: &mut [Diagnostic]) {
        for diagnostic in diagnostics.iter_mut().filter(|d| d.location.is_none()) {
            diagnostic.location = self.locate(&diagnostic.pointer);
        }
    }
}

/// `#/a/b~1c` -> `["a", "b/c"]` (RFC 6901 unescaping); `None` for a pointer of another shape.
fn segments(pointer: &str) -> Option<Vec<String>> {
    let rest = pointer.strip_prefix('#').unwrap_or(pointer);
    if rest.is_empty() {
        return Some(Vec::new());
    }
    let rest = rest.strip_prefix('/')?;
    Some(
        rest.split('/')
            .map(|segment| segment.replace("~1", "/").replace("~0", "~"))
            .collect(),
    )
}

// ---------------------------------------------------------------------------------------------
// JSON
// ---------------------------------------------------------------------------------------------

/// The outline of a JSON text: where each member's key and each element starts. Built once,
/// so locating many pointers does not scan the text again for each.
enum Node {
    /// Members in document order (the first of duplicate keys wins): key, its offset, value.
    Object(Vec<(String, usize, Node)>),
    /// Elements: offset, value.
    Array(Vec<(usize, Node)>),
    Scalar,
}

/// How many JSON lookups walk the text before the outline is built for the rest.
const DIRECT_WALKS: usize = 16;

/// Byte offset of the key (or element) the pointer ends at, found by walking the text and
/// skipping every value off the path without building anything.
fn walk_json(bytes: &[u8], segments: &[String]) -> Option<usize> {
    let mut at = skip_space(bytes, 0);
    let mut found = None;
    for segment in segments {
        match *bytes.get(at)? {
            b'{' => {
                at = skip_space(bytes, at + 1);
                loop {
                    let key_at = at;
                    let (key, after) = read_string(bytes, at)?;
                    at = skip_space(bytes, after);
                    if *bytes.get(at)? != b':' {
                        return None;
                    }
                    at = skip_space(bytes, at + 1);
                    if key == *segment {
                        found = Some(key_at);
                        break;
                    }
                    at = skip_space(bytes, skip_json_value(bytes, at, 0)?);
                    match *bytes.get(at)? {
                        b',' => at = skip_space(bytes, at + 1),
                        _ => return None,
                    }
                }
            }
            b'[' => {
                let index: usize = segment.parse().ok()?;
                at = skip_space(bytes, at + 1);
                for _ in 0..index {
                    at = skip_space(bytes, skip_json_value(bytes, at, 0)?);
                    match *bytes.get(at)? {
                        b',' => at = skip_space(bytes, at + 1),
                        _ => return None,
                    }
                }
                if matches!(bytes.get(at), None | Some(b']')) {
                    return None;
                }
                found = Some(at);
            }
            _ => return None,
        }
    }
    found
}

/// The offset just after the JSON value starting at `at`.
fn skip_json_value(bytes: &[u8], at: usize, depth: usize) -> Option<usize> {
    if depth > MAX_JSON_DEPTH {
        return None;
    }
    match *bytes.get(at)? {
        open @ (b'{' | b'[') => {
            let close = if open == b'{' { b'}' } else { b']' };
            let mut at = skip_space(bytes, at + 1);
            if *bytes.get(at)? == close {
                return Some(at + 1);
            }
            loop {
                if open == b'{' {
                    at = skip_space(bytes, skip_json_string(bytes, at)?);
                    if *bytes.get(at)? != b':' {
                        return None;
                    }
                    at = skip_space(bytes, at + 1);
                }
                at = skip_space(bytes, skip_json_value(bytes, at, depth + 1)?);
                match *bytes.get(at)? {
                    b',' => at = skip_space(bytes, at + 1),
                    byte if byte == close => return Some(at + 1),
                    _ => return None,
                }
            }
        }
        b'"' => skip_json_string(bytes, at),
        _ => scalar_end(bytes, at),
    }
}

/// The offset just after the number, `true`, `false` or `null` starting at `at`.
fn scalar_end(bytes: &[u8], at: usize) -> Option<usize> {
    let mut end = at;
    while bytes
        .get(end)
        .is_some_and(|b| !matches!(b, b',' | b'}' | b']') && !b.is_ascii_whitespace())
    {
        end += 1;
    }
    (end > at).then_some(end)
}

/// The offset just after the JSON string starting at `at` (which must be `"`).
fn skip_json_string(bytes: &[u8], at: usize) -> Option<usize> {
    if *bytes.get(at)? != b'"' {
        return None;
    }
    let mut i = at + 1;
    loop {
        match *bytes.get(i)? {
            b'"' => return Some(i + 1),
            b'\\' => i += 2,
            _ => i += 1,
        }
    }
}

/// Nesting beyond this is not outlined (the parsers refuse such text before this runs).
const MAX_JSON_DEPTH: usize = 256;

/// The outline of the JSON value the text holds; `None` if it is not JSON.
fn outline(text: &str) -> Option<Node> {
    let bytes = text.as_bytes();
    outline_value(bytes, skip_space(bytes, 0), 0).map(|(node, _)| node)
}

/// The value starting at `at`, and the offset just after it.
fn outline_value(bytes: &[u8], at: usize, depth: usize) -> Option<(Node, usize)> {
    if depth > MAX_JSON_DEPTH {
        return None;
    }
    match *bytes.get(at)? {
        b'{' => {
            let mut members = Vec::new();
            let mut at = skip_space(bytes, at + 1);
            if *bytes.get(at)? == b'}' {
                return Some((Node::Object(members), at + 1));
            }
            loop {
                let key_at = at;
                let (key, after) = read_string(bytes, at)?;
                at = skip_space(bytes, after);
                if *bytes.get(at)? != b':' {
                    return None;
                }
                let (value, after) = outline_value(bytes, skip_space(bytes, at + 1), depth + 1)?;
                members.push((key, key_at, value));
                at = skip_space(bytes, after);
                match *bytes.get(at)? {
                    b',' => at = skip_space(bytes, at + 1),
                    b'}' => return Some((Node::Object(members), at + 1)),
                    _ => return None,
                }
            }
        }
        b'[' => {
            let mut items = Vec::new();
            let mut at = skip_space(bytes, at + 1);
            if *bytes.get(at)? == b']' {
                return Some((Node::Array(items), at + 1));
            }
            loop {
                let (value, after) = outline_value(bytes, at, depth + 1)?;
                items.push((at, value));
                at = skip_space(bytes, after);
                match *bytes.get(at)? {
                    b',' => at = skip_space(bytes, at + 1),
                    b']' => return Some((Node::Array(items), at + 1)),
                    _ => return None,
                }
            }
        }
        b'"' => read_string(bytes, at).map(|(_, after)| (Node::Scalar, after)),
        _ => scalar_end(bytes, at).map(|end| (Node::Scalar, end)),
    }
}

/// Byte offset of the key (for an object member) or element (for an array index) named last.
fn locate_json(outline: &Node, segments: &[String]) -> Option<usize> {
    let mut node = outline;
    let mut found = None;
    for segment in segments {
        let (at, child) = match node {
            Node::Object(members) => members
                .iter()
                .find(|(key, ..)| key == segment)
                .map(|(_, at, child)| (*at, child))?,
            Node::Array(items) => items
                .get(segment.parse::<usize>().ok()?)
                .map(|(at, child)| (*at, child))?,
            Node::Scalar => return None,
        };
        found = Some(at);
        node = child;
    }
    found
}

fn skip_space(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
        at += 1;
    }
    at
}

/// Reads the string starting at `at` (which must be `"`): its value and the offset after it.
fn read_string(bytes: &[u8], at: usize) -> Option<(String, usize)> {
    if *bytes.get(at)? != b'"' {
        return None;
    }
    let mut value = Vec::new();
    let mut i = at + 1;
    loop {
        match *bytes.get(i)? {
            b'"' => return Some((String::from_utf8_lossy(&value).into_owned(), i + 1)),
            b'\\' => {
                let escaped = *bytes.get(i + 1)?;
                i += 2;
                let plain = match escaped {
                    b'n' => '\n',
                    b't' => '\t',
                    b'r' => '\r',
                    b'b' => '\u{8}',
                    b'f' => '\u{c}',
                    b'u' => {
                        let hex = std::str::from_utf8(bytes.get(i..i + 4)?).ok()?;
                        i += 4;
                        char::from_u32(u32::from_str_radix(hex, 16).ok()?).unwrap_or('\u{fffd}')
                    }
                    other => char::from(other),
                };
                let mut buffer = [0; 4];
                value.extend_from_slice(plain.encode_utf8(&mut buffer).as_bytes());
            }
            byte => {
                value.push(byte);
                i += 1;
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// YAML
// ---------------------------------------------------------------------------------------------

/// One node start in block YAML: a mapping key or a sequence item's dash. `- name: x` is two
/// entries on one line, the dash and the key after it (two columns deeper).
#[derive(Debug)]
struct Entry<'a> {
    line: usize,
    indent: usize,
    dash: bool,
    /// The mapping key the entry starts with, if it is one.
    key: Option<Cow<'a, str>>,
    /// The index just past the node's children: the deeper entries that follow, plus a
    /// sequence written at a key's own indentation (`tags:` followed by `- a` in the same
    /// column).
    end: usize,
}

fn entries(text: &str) -> Vec<Entry<'_>> {
    let mut entries = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = raw.trim_end_matches('\r');
        let mut content = line.trim_start_matches(' ');
        let trimmed = content.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed == "---" || trimmed == "..." {
            continue;
        }
        let mut indent = line.len() - content.len();
        while content == "-" || content.starts_with("- ") {
            entries.push(Entry {
                line: index + 1,
                indent,
                dash: true,
                key: None,
                end: 0,
            });
            let after = &content[1..];
            let rest = after.trim_start_matches(' ');
            indent += 1 + after.len() - rest.len();
            content = rest;
        }
        if !content.is_empty() {
            entries.push(Entry {
                line: index + 1,
                indent,
                dash: false,
                key: key_of(content),
                end: 0,
            });
        }
    }
    // Each entry's children end at the first entry that does not continue it. An entry that
    // continues the innermost open node continues every node around it too, so one stack of
    // open nodes finds every end in a single pass.
    let continues = |parent: &Entry<'_>, next: &Entry<'_>, same_column_sequence: bool| {
        next.indent > parent.indent
            || (same_column_sequence && next.indent == parent.indent && next.dash)
    };
    let mut open: Vec<(usize, bool)> = Vec::new();
    for next in 0..entries.len() {
        while let Some(&(parent, same_column_sequence)) = open.last() {
            if continues(&entries[parent], &entries[next], same_column_sequence) {
                break;
            }
            entries[parent].end = next;
            open.pop();
        }
        let same_column_sequence = !entries[next].dash
            && entries
                .get(next + 1)
                .is_some_and(|after| after.indent == entries[next].indent && after.dash);
        open.push((next, same_column_sequence));
    }
    for (parent, _) in open {
        entries[parent].end = entries.len();
    }
    entries
}

/// The key an entry starts with (`key: ...`, `'key': ...`, `"key": ...`), if it is one.
fn key_of(text: &str) -> Option<Cow<'_, str>> {
    let (key, rest) = if let Some(rest) = text.strip_prefix('\'') {
        let mut key = String::new();
        let mut chars = rest.char_indices();
        loop {
            match chars.next()? {
                (i, '\'') if rest[i + 1..].starts_with('\'') => {
                    key.push('\'');
                    chars.next();
                }
                (i, '\'') => break (Cow::Owned(key), &rest[i + 1..]),
                (_, c) => key.push(c),
            }
        }
    } else if text.starts_with('"') {
        let (key, end) = read_string(text.as_bytes(), 0)?;
        (Cow::Owned(key), &text[end..])
    } else {
        let colon = text
            .match_indices(':')
            .map(|(i, _)| i)
            .find(|&i| text[i + 1..].is_empty() || text[i + 1..].starts_with([' ', '\t']))?;
        (Cow::Borrowed(text[..colon].trim_end()), &text[colon..])
    };
    rest.trim_start().starts_with(':').then_some(key)
}

fn locate_yaml(entries: &[Entry<'_>], segments: &[String]) -> Option<Location> {
    let mut range = 0..entries.len();
    let mut found = None;
    for segment in segments {
        let first = entries.get(range.start).filter(|_| !range.is_empty())?;
        let level = first.indent;
        let index: Option<usize> = segment.parse().ok();
        let mut items = 0usize;
        let mut hit = None;
        // The nodes at this level, stepping over each one's children.
        let mut k = range.start;
        while k < range.end {
            let entry = &entries[k];
            if entry.indent != level {
                k += 1;
                continue;
            }
            if entry.dash {
                if index == Some(items) {
                    hit = Some(k);
                    break;
                }
                items += 1;
            } else if entry.key.as_deref() == Some(segment.as_str()) {
                hit = Some(k);
                break;
            }
            k = entry.end.clamp(k + 1, range.end);
        }
        let k = hit?;
        found = Some(k);
        range = k + 1..entries[k].end.clamp(k + 1, range.end);
    }
    let entry = &entries[found?];
    Some(Location {
        line: entry.line,
        column: entry.indent + 1,
    })
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::Source;

    /// The position as `(line, column)`, for short assertions.
    fn locate(text: &str, pointer: &str, is_json: bool) -> Option<(usize, usize)> {
        let path = Path::new(if is_json { "spec.json" } else { "spec.yaml" });
        Source::new(path, text)
            .locate(pointer)
            .map(|at| (at.line, at.column))
    }

    const YAML: &str = "\
openapi: 3.0.3
info:
  title: t
tags:
- name: a
- name: b
paths:
  /pets/{id}:
    get:
      parameters:
        - name: id
          in: path
        - $ref: '#/components/parameters/Limit'
      responses:
        '200':
          description: |
            text with a colon: here
            - and a dash
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Pett'
        \"404\": {description: gone}
";

    #[test]
    fn yaml_keys_items_and_quoted_keys() {
        let at = |pointer: &str| locate(YAML, pointer, false);
        assert_eq!(at("#/info/title"), Some((3, 3)));
        assert_eq!(at("#/tags/1"), Some((6, 1)));
        assert_eq!(at("#/tags/1/name"), Some((6, 3)));
        assert_eq!(at("#/paths/~1pets~1{id}/get/parameters/1"), Some((13, 9)));
        assert_eq!(
            at("#/paths/~1pets~1{id}/get/parameters/1/$ref"),
            Some((13, 11))
        );
        assert_eq!(
            at("#/paths/~1pets~1{id}/get/responses/200/content/application~1json/schema"),
            Some((21, 15))
        );
        assert_eq!(at("#/paths/~1pets~1{id}/get/responses/404"), Some((23, 9)));
        assert_eq!(
            at("#/paths/~1pets~1{id}/get/responses/404/description"),
            None
        );
        assert_eq!(at("#/paths/~1pets~1{id}/get/responses/500"), None);
        assert_eq!(at("#"), None);
    }

    #[test]
    fn sequences_in_their_key_column_are_stepped_over() {
        let text = "\
paths:
  /a:
    get:
      tags:
      - x
      - y
      responses:
        '200':
          description: ok
";
        let at = |pointer: &str| locate(text, pointer, false);
        assert_eq!(at("#/paths/~1a/get/tags/1"), Some((6, 7)));
        assert_eq!(at("#/paths/~1a/get/responses/200"), Some((8, 9)));
        assert_eq!(at("#/paths/~1a/get/tags/2"), None);
    }

    #[test]
    fn json_members_and_elements() {
        let text = "{\n  \"openapi\": \"3.0.3\",\n  \"paths\": {\n    \"/a\": {\"get\": {\"tags\": [\"x\", {\"k\": 1}], \"responses\": {\"200\": 5}}}\n  }\n}\n";
        assert_eq!(locate(text, "#/openapi", true), Some((2, 3)));
        assert_eq!(
            locate(text, "#/paths/~1a/get/responses/200", true),
            Some((4, 59))
        );
        assert_eq!(
            locate(text, "#/paths/~1a/get/tags/1/k", true),
            Some((4, 35))
        );
        assert_eq!(locate(text, "#/paths/~1b", true), None);
        // Cut short: walking the text still finds what comes before the cut; what is not there
        // is looked for in the YAML reading, which finds nothing either.
        assert_eq!(locate("{\"a\": [1,", "#/a/0", true), Some((1, 8)));
        assert_eq!(locate("{\"a\": [1,", "#/a/1", true), None);
        assert_eq!(locate("[1, 2]", "#/1", false), Some((1, 5)));
    }

    /// The first lookups walk the text; later ones use the outline. Both must agree.
    #[test]
    fn direct_walks_and_the_outline_agree() {
        let text =
            "{\"a\": {\"b\\\"q\": [1, {\"c\": \"x,}]\"}, [2]], \"d\": {}},\n \"e\": [true, null]}";
        let pointers = [
            "#/a",
            "#/a/b\"q",
            "#/a/b\"q/1/c",
            "#/a/b\"q/2/0",
            "#/a/d",
            "#/e/1",
            "#/e/2",
            "#/z",
            "#/a/b\"q/9",
        ];
        let walked: Vec<_> = pointers
            .iter()
            .map(|pointer| {
                super::segments(pointer).and_then(|s| super::walk_json(text.as_bytes(), &s))
            })
            .collect();
        let outline = super::outline(text).expect("valid JSON");
        let outlined: Vec<_> = pointers
            .iter()
            .map(|pointer| super::segments(pointer).and_then(|s| super::locate_json(&outline, &s)))
            .collect();
        assert_eq!(walked, outlined);
        assert!(walked[2].is_some() && walked[7].is_none() && walked[8].is_none());
        // Past the direct walks, a `Source` answers the same from its outline.
        let source = Source::new(Path::new("spec.json"), text);
        let answers: Vec<_> = (0..40).map(|_| source.locate("#/a/b\"q/1/c")).collect();
        assert!(answers.windows(2).all(|pair| pair[0] == pair[1]));
        assert!(answers[0].is_some());
    }
}
