//! Spec prose -> `#[doc]` attributes, one per line so prettyplease prints them as `///`.

use proc_macro2::TokenStream;
use quote::quote;

/// Doc attributes for `text`, made safe for rustdoc: indentation that Markdown would read as a
/// code block (and rustdoc would then compile as a doctest) is dropped, and fenced blocks are
/// marked `text` for the same reason.
pub fn doc_attrs(text: Option<&str>) -> TokenStream {
    let Some(text) = text else {
        return TokenStream::new();
    };
    let mut tokens = TokenStream::new();
    for line in doc_lines(text) {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        tokens.extend(quote!(#[doc = #line]));
    }
    tokens
}

/// A name or value from the spec as inline code in a doc line: control characters (a bare
/// `\r` is not allowed in a doc comment) and backticks are escaped, so it stays on its line.
pub fn code(text: &str) -> String {
    let escaped: String = text
        .chars()
        .flat_map(|c| {
            if c.is_control() {
                c.escape_debug().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect();
    if escaped.contains('`') {
        format!("`` {escaped} ``")
    } else {
        format!("`{escaped}`")
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

fn doc_lines(text: &str) -> Vec<String> {
    // A lone `\r` is not allowed in a doc comment; normalise every line break.
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut lines: Vec<String> = text
        .trim()
        .lines()
        .map(|line| {
            let line = line.trim_end();
            let trimmed = line.trim_start();
            if trimmed.starts_with("```") {
                "```text".to_owned()
            } else if line.len() - trimmed.len() >= 4 {
                // Keep list nesting readable with two spaces, below the code-block threshold.
                format!("  {trimmed}")
            } else {
                line.to_owned()
            }
        })
        .collect();
    // A closing fence must be bare: alternate open/close.
    let mut open = false;
    for line in &mut lines {
        if line == "```text" {
            if open {
                *line = "```".to_owned();
            }
            open = !open;
        }
    }
    if open {
        lines.push("```".to_owned());
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::doc_lines;

    #[test]
    fn indented_text_does_not_become_a_doctest() {
        assert_eq!(
            doc_lines("a\n        code\n  - item"),
            ["a", "  code", "  - item"]
        );
    }

    #[test]
    fn fences_are_text_and_closed() {
        assert_eq!(
            doc_lines("```json\n{}\n```\n```"),
            ["```text", "{}", "```", "```text", "```"]
        );
    }
}
