//! Spec text made safe for where it is shown: one line of a terminal, a doc comment, a crate's
//! README or manifest. Every string from the spec that the generator or the command line writes
//! passes through here (doc prose through [`markdown_lines`]), so none of it can end a comment,
//! start a doc test, reorder a line with bidirectional controls, or drive a terminal.

use std::borrow::Cow;

pub use crate::emit::docs::{inline_code, markdown_lines};

/// Whether `c` must not appear raw: control characters (`\n`, `\r`, NUL, ESC, DEL, C1), the
/// Unicode line and paragraph separators, and the bidirectional controls that make text read
/// differently from how it compiles (rustc denies them in comments and literals).
pub fn is_unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
        )
}

/// `text` with every [unsafe character](is_unsafe_char) written as its Rust escape (`\n`,
/// `\u{1b}`, `\u{202e}`), so it stays on one line and shows what it holds.
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe_char(c) {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `text` as one line: runs of whitespace (line breaks included) become one space, the rest of
/// the unsafe characters are escaped. For titles and versions written into headings.
pub fn one_line(text: &str) -> String {
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    escape_controls(&joined).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_bidi_and_separators_are_escaped() {
        assert_eq!(escape_controls("plain ü"), "plain ü");
        assert_eq!(
            escape_controls("a\nb\rc\0d\u{1b}[31m\u{202e}e\u{2028}\u{7f}"),
            "a\\nb\\rc\\0d\\u{1b}[31m\\u{202e}e\\u{2028}\\u{7f}"
        );
    }

    #[test]
    fn one_line_joins_lines() {
        assert_eq!(
            one_line(" 1).\n#![doc = r##\"\t x "),
            "1). #![doc = r##\" x"
        );
        assert_eq!(one_line("a\u{2066}b"), "a\\u{2066}b");
    }
}
