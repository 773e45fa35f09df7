//! Spec prose -> `#[doc]` attributes, one per line so prettyplease prints them as `///`.
//!
//! Every doc line the generator writes from spec text goes through [`markdown_lines`]: no line
//! holds a line break or an unsafe character (see [`crate::text::is_unsafe_char`]), no Markdown
//! construct can open a code block that rustdoc would compile as a doc test (indented code,
//! fences of either kind, inside lists and block quotes too), and raw HTML is escaped.

use proc_macro2::TokenStream;
use quote::quote;

use crate::text::escape_controls;

/// Doc attributes for `text`, one per line of [`markdown_lines`].
pub fn doc_attrs(text: Option<&str>) -> TokenStream {
    let Some(text) = text.filter(|text| !text.trim().is_empty()) else {
        return TokenStream::new();
    };
    let mut tokens = TokenStream::new();
    for line in markdown_lines(text) {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        tokens.extend(quote!(#[doc = #line]));
    }
    tokens
}

/// A name or value from the spec as inline code in a doc line: unsafe characters are escaped
/// (so it stays on its line), and the backtick fence is longer than any run of backticks inside.
pub fn inline_code(text: &str) -> String {
    let escaped = escape_controls(text);
    let longest = longest_run(&escaped, '`');
    if longest == 0 {
        format!("`{escaped}`")
    } else {
        let fence = "`".repeat(longest + 1);
        format!("{fence} {escaped} {fence}")
    }
}

/// Joins several doc paragraphs, skipping empty ones, with a blank line between them.
pub fn paragraphs<'a>(parts: impl IntoIterator<Item = Option<&'a str>>) -> Option<String> {
    let parts: Vec<&str> = parts
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .collect();
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}

/// `text` as Markdown lines that rustdoc renders but never runs, and that hold no raw HTML.
///
/// - Every line break (`\n`, `\r\n`, a lone `\r`) ends a line; other unsafe characters are
///   escaped; tabs become spaces (to the next multiple of four columns).
/// - A line that opens or closes a fence (after any `>` and list markers, with any indent, of
///   backticks or tildes) becomes a bare top-level fence: "```text" to open, "```" to close,
///   alternating, and a fence left open is closed. Lines inside keep their indentation.
/// - Elsewhere an indent of four columns or more becomes two spaces, and the spaces after each
///   `>` or list marker become one, so no line is indented code in any container.
/// - Outside code spans, `<` before a tag-like character is written `\<`, so no HTML block or
///   inline tag forms (`<https://...>` autolinks stay links).
pub fn markdown_lines(text: &str) -> Vec<String> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut lines = Vec::new();
    let mut fence_open = false;
    // A backtick run left open on an earlier line of this paragraph may make a code span that
    // crosses lines; until the paragraph ends, no code span on a line is trusted.
    let mut spans_trusted = true;
    // The content column of the list item this paragraph continues, if it does.
    let mut list_content: Option<usize> = None;
    for raw in text.trim().split('\n') {
        let line = expand_tabs(raw.trim_end());
        let (prefix, rest) = container_prefix(&line);
        if rest.starts_with("```") || rest.starts_with("~~~") {
            lines.push(if fence_open { "```" } else { "```text" }.to_owned());
            fence_open = !fence_open;
            spans_trusted = true;
            list_content = None;
        } else if fence_open {
            lines.push(escape_controls(&line).into_owned());
        } else if line.trim().is_empty() {
            lines.push(String::new());
            spans_trusted = true;
            list_content = None;
        } else {
            let (body, balanced) = escape_html(&escape_controls(rest), spans_trusted);
            spans_trusted &= balanced;
            if starts_block(rest) {
                list_content = None;
            }
            let prefix = continuation_prefix(prefix, &mut list_content);
            lines.push(format!("{prefix}{body}"));
        }
    }
    if fence_open {
        lines.push("```".to_owned());
    }
    lines
}

/// A line's prefix, indented to the content of the list item it continues (Markdown reads an
/// unindented line there as the item's text all the same; clippy's `doc_lazy_continuation`
/// asks for the indent). Notes the content column of a list item's own line in `list_content`.
fn continuation_prefix(prefix: String, list_content: &mut Option<usize>) -> String {
    let markers = prefix.trim();
    if markers.is_empty() {
        match *list_content {
            Some(width) if prefix.len() < width => " ".repeat(width),
            _ => prefix,
        }
    } else {
        // Inside a block quote the quote's own rules apply; lines there are left as they are.
        *list_content = (!markers.contains('>')).then_some(prefix.len());
        prefix
    }
}

/// Whether a line beginning with `rest` starts a block of its own (a heading, a table row, a
/// thematic break) rather than continuing the paragraph before it.
fn starts_block(rest: &str) -> bool {
    let compact: String = rest.chars().filter(|c| *c != ' ').collect();
    let rule = |c: char| compact.len() >= 3 && compact.chars().all(|x| x == c);
    rest.starts_with('#') || rest.starts_with('|') || rule('-') || rule('*') || rule('_')
}

fn longest_run(text: &str, of: char) -> usize {
    let mut longest = 0;
    let mut current = 0;
    for c in text.chars() {
        current = if c == of { current + 1 } else { 0 };
        longest = longest.max(current);
    }
    longest
}

/// Tabs as spaces, to the next multiple of four columns (as CommonMark counts them).
fn expand_tabs(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut column = 0;
    for c in line.chars() {
        if c == '\t' {
            let width = 4 - column % 4;
            out.extend(std::iter::repeat_n(' ', width));
            column += width;
        } else {
            out.push(c);
            column += 1;
        }
    }
    out
}

/// The line's indent and container markers (`>`, `-`, `*`, `+`, `1.`, `1)`), normalised so
/// none leaves room for indented code, and the text after them.
fn container_prefix(line: &str) -> (String, &str) {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let mut prefix = " ".repeat(if indent >= 4 { 2 } else { indent });
    let mut rest = &line[indent..];
    loop {
        let marker = if rest.starts_with('>') {
            1
        } else {
            match list_marker_len(rest) {
                Some(len) => len,
                None => break,
            }
        };
        prefix.push_str(&rest[..marker]);
        rest = &rest[marker..];
        let spaces = rest.len() - rest.trim_start_matches(' ').len();
        if spaces > 0 {
            prefix.push(' ');
            rest = &rest[spaces..];
        }
    }
    (prefix, rest)
}

/// The length of a list marker at the start of `text`, when one is there (followed by a space
/// or the end of the line).
fn list_marker_len(text: &str) -> Option<usize> {
    let digits = text.len() - text.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let len = match text.as_bytes().get(digits) {
        Some(b'-' | b'*' | b'+') if digits == 0 => 1,
        Some(b'.' | b')') if (1..=9).contains(&digits) => digits + 1,
        _ => return None,
    };
    matches!(text.as_bytes().get(len), None | Some(b' ')).then_some(len)
}

/// `text` with `\<` for every `<` that could start HTML, outside code spans (trusted only when
/// no span can be open from an earlier line), and whether every backtick run on the line closed
/// on it.
fn escape_html(text: &str, spans_trusted: bool) -> (String, bool) {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut balanced = true;
    let mut at = 0;
    while at < chars.len() {
        let c = chars[at];
        let next = chars.get(at + 1).copied();
        if c == '\\' && next.is_some_and(|next| next.is_ascii_punctuation()) {
            out.push(c);
            out.extend(next);
            at += 2;
        } else if c == '`' {
            let run = chars[at..].iter().take_while(|&&c| c == '`').count();
            let close = closing_run(&chars, at + run, run);
            balanced &= close.is_some();
            let end = match close {
                Some(close) if spans_trusted => close + run,
                _ => at + run,
            };
            out.extend(&chars[at..end]);
            at = end;
        } else if c == '<' {
            let autolink = autolink_len(&chars[at..]);
            if let Some(len) = autolink {
                out.extend(&chars[at..at + len]);
                at += len;
                continue;
            }
            if next
                .is_some_and(|next| next.is_ascii_alphabetic() || matches!(next, '/' | '!' | '?'))
            {
                out.push('\\');
            }
            out.push(c);
            at += 1;
        } else {
            out.push(c);
            at += 1;
        }
    }
    (out, balanced)
}

/// Where the next run of exactly `len` backticks at or after `from` starts.
fn closing_run(chars: &[char], from: usize, len: usize) -> Option<usize> {
    let mut at = from;
    while at < chars.len() {
        if chars[at] == '`' {
            let run = chars[at..].iter().take_while(|&&c| c == '`').count();
            if run == len {
                return Some(at);
            }
            at += run;
        } else {
            at += 1;
        }
    }
    None
}

/// The length of an `http`/`https` autolink (`<https://...>`) at the start of `chars`.
fn autolink_len(chars: &[char]) -> Option<usize> {
    let text: String = chars.iter().take(9).collect();
    if !(text.starts_with("<http://") || text.starts_with("<https://")) {
        return None;
    }
    let end = chars.iter().position(|&c| c == '>')?;
    let inside = &chars[1..end];
    inside
        .iter()
        .all(|&c| !c.is_whitespace() && !c.is_control() && c != '<')
        .then_some(end + 1)
}

#[cfg(test)]
#[path = "docs_tests.rs"]
mod tests;
