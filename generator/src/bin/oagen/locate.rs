//! Best-effort: the line and column a JSON pointer names in the spec's text, for diagnostics.
//!
//! The generator reports problems by JSON pointer; editors want `file:line:column`. This walks
//! the pointer's segments through the text itself: JSON with a small scanner, YAML by
//! indentation (block mappings and sequences, including sequences at their key's indentation).
//! Flow-style YAML (`{a: 1}` on one line), anchors and multi-document files are not followed;
//! when a segment cannot be found the answer is `None` and the caller prints no position.

/// 1-based line and column of the key (or sequence item) the pointer ends at.
pub fn locate(text: &str, pointer: &str, is_json: bool) -> Option<(usize, usize)> {
    let segments = segments(pointer)?;
    if segments.is_empty() {
        return None;
    }
    let looks_like_json = text.trim_start().starts_with(['{', '[']);
    if is_json || looks_like_json {
        if let Some(offset) = locate_json(text, &segments) {
            return Some(line_column(text, offset));
        }
    }
    locate_yaml(text, &segments)
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

fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |at| at + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

// ---------------------------------------------------------------------------------------------
// JSON
// ---------------------------------------------------------------------------------------------

/// Byte offset of the key (for an object member) or element (for an array index) named last.
fn locate_json(text: &str, segments: &[String]) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = skip_space(bytes, 0);
    let mut found = at;
    for segment in segments {
        match bytes.get(at)? {
            b'{' => {
                at += 1;
                loop {
                    at = skip_space(bytes, at);
                    if *bytes.get(at)? == b'}' {
                        return None;
                    }
                    let key_at = at;
                    let (key, after) = read_string(bytes, at)?;
                    at = skip_space(bytes, after);
                    if *bytes.get(at)? != b':' {
                        return None;
                    }
                    at = skip_space(bytes, at + 1);
                    if key == *segment {
                        found = key_at;
                        break;
                    }
                    at = skip_value(bytes, at)?;
                    at = expect_comma(bytes, at)?;
                }
            }
            b'[' => {
                let index: usize = segment.parse().ok()?;
                at += 1;
                for item in 0.. {
                    at = skip_space(bytes, at);
                    if *bytes.get(at)? == b']' {
                        return None;
                    }
                    if item == index {
                        found = at;
                        break;
                    }
                    at = skip_value(bytes, at)?;
                    at = expect_comma(bytes, at)?;
                }
            }
            _ => return None,
        }
    }
    Some(found)
}

fn skip_space(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
        at += 1;
    }
    at
}

fn expect_comma(bytes: &[u8], at: usize) -> Option<usize> {
    let at = skip_space(bytes, at);
    (*bytes.get(at)? == b',').then_some(at + 1)
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

/// The offset just after the value starting at `at`.
fn skip_value(bytes: &[u8], at: usize) -> Option<usize> {
    match *bytes.get(at)? {
        b'"' => read_string(bytes, at).map(|(_, after)| after),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut i = at;
            loop {
                match *bytes.get(i)? {
                    b'"' => {
                        i = read_string(bytes, i)?.1;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(i + 1);
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
        }
        _ => {
            let mut i = at;
            while bytes
                .get(i)
                .is_some_and(|b| !matches!(b, b',' | b'}' | b']') && !b.is_ascii_whitespace())
            {
                i += 1;
            }
            Some(i)
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
    text: &'a str,
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
                text: "",
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
                text: content,
            });
        }
    }
    entries
}

/// The key an entry starts with (`key: ...`, `'key': ...`, `"key": ...`), if it is one.
fn key_of(text: &str) -> Option<String> {
    let (key, rest) = if let Some(rest) = text.strip_prefix('\'') {
        let mut key = String::new();
        let mut chars = rest.char_indices();
        loop {
            match chars.next()? {
                (i, '\'') if rest[i + 1..].starts_with('\'') => {
                    key.push('\'');
                    chars.next();
                }
                (i, '\'') => break (key, &rest[i + 1..]),
                (_, c) => key.push(c),
            }
        }
    } else if text.starts_with('"') {
        let end = read_string(text.as_bytes(), 0)?.1;
        (read_string(text.as_bytes(), 0)?.0, &text[end..])
    } else {
        let colon = text
            .match_indices(':')
            .map(|(i, _)| i)
            .find(|&i| text[i + 1..].is_empty() || text[i + 1..].starts_with([' ', '\t']))?;
        (text[..colon].trim_end().to_owned(), &text[colon..])
    };
    rest.trim_start().starts_with(':').then_some(key)
}

fn locate_yaml(text: &str, segments: &[String]) -> Option<(usize, usize)> {
    let entries = entries(text);
    let mut range = 0..entries.len();
    let mut found = None;
    for segment in segments {
        let first = entries.get(range.start).filter(|_| !range.is_empty())?;
        let level = first.indent;
        let mut items = 0usize;
        let mut hit = None;
        for k in range.clone() {
            let entry = &entries[k];
            if entry.indent != level {
                continue;
            }
            if entry.dash {
                if segment.parse() == Ok(items) {
                    hit = Some(k);
                    break;
                }
                items += 1;
            } else if key_of(entry.text).as_deref() == Some(segment.as_str()) {
                hit = Some(k);
                break;
            }
        }
        let k = hit?;
        found = Some(k);
        // The node's children: deeper entries, plus a sequence written at the key's own
        // indentation (`tags:` followed by `- a` in the same column).
        let indent = entries[k].indent;
        let same_column_sequence = !entries[k].dash
            && entries
                .get(k + 1)
                .is_some_and(|next| next.indent == indent && next.dash);
        let mut end = k + 1;
        while end < range.end
            && (entries[end].indent > indent
                || (same_column_sequence && entries[end].indent == indent && entries[end].dash))
        {
            end += 1;
        }
        range = k + 1..end;
    }
    let entry = &entries[found?];
    Some((entry.line, entry.indent + 1))
}

#[cfg(test)]
mod tests {
    use super::locate;

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
    }
}
