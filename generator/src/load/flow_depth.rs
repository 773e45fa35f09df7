//! A linear pre-scan of YAML text for deeply nested flow collections (`[[[[...` or
//! `{a: {a: ...`), run before the YAML parser sees the text: the parser's scanner looks at every
//! open flow level for each token it reads, so 50,000 nested `[` take it seconds and 100,000 more
//! than a minute, before the depth limit of the deserializer is ever reached.
//!
//! The scan follows just enough of YAML to tell a flow indicator from the same character inside
//! a scalar: quoted scalars, comments, block scalars (`|`, `>`), plain scalars (where `[` is an
//! ordinary character outside flow context) and the lines that continue them. Misreading
//! unusual text only matters past the limit, which is twice the depth the loader accepts anyway.

/// Where the first flow collection nested more than `limit` levels deep opens: 1-based line
/// and column (in characters).
pub(super) fn too_deep_flow(text: &str, limit: usize) -> Option<(usize, usize)> {
    let mut scan = Scan {
        bytes: text.as_bytes(),
        at: 0,
        line: 1,
        line_start: 0,
        depth: 0,
        expect_node: true,
        last_quoted: false,
        in_plain: false,
        entry_column: 0,
        token_column: 0,
        skip_deeper_than: None,
    };
    let opened = scan.run(limit)?;
    let column = text[scan.line_start..opened].chars().count() + 1;
    Some((scan.line, column))
}

struct Scan<'a> {
    bytes: &'a [u8],
    at: usize,
    /// 1-based line of `at`, and the offset where that line starts.
    line: usize,
    line_start: usize,
    /// Open flow collections; 0 in block context.
    depth: usize,
    /// Whether a node may start here (so a quote or bracket is an indicator).
    expect_node: bool,
    /// Whether the token just read was a quoted scalar (a `:` right after one is a separator).
    last_quoted: bool,
    /// Block context: inside a plain scalar that has not turned out to be a key.
    in_plain: bool,
    /// Block context: the column of the innermost entry on this line (its key or its dash);
    /// a block scalar or plain scalar after it continues on the lines indented deeper.
    entry_column: usize,
    /// Block context: where the scalar being read started, in case it turns out to be a key.
    token_column: usize,
    /// Block context: lines indented deeper than this continue a scalar and are skipped.
    skip_deeper_than: Option<usize>,
}

impl Scan<'_> {
    /// Reads the text; `Some(offset)` of the first flow opening deeper than `limit`.
    fn run(&mut self, limit: usize) -> Option<usize> {
        self.start_line();
        while let Some(&byte) = self.bytes.get(self.at) {
            if byte == b'\n' {
                if self.depth == 0 && self.in_plain {
                    self.skip_deeper_than = Some(self.entry_column);
                }
                self.in_plain = false;
                self.at += 1;
                self.line += 1;
                self.line_start = self.at;
                self.start_line();
            } else if byte == b'#' && self.after_space() {
                self.in_plain = false;
                self.skip_to_line_end();
            } else if (byte == b'\'' || byte == b'"') && self.expect_node {
                self.token_column = self.column();
                self.skip_quoted(byte)?;
                self.expect_node = false;
                self.last_quoted = true;
            } else if self.depth > 0 {
                if self.flow_byte(byte) && self.depth > limit {
                    return Some(self.at - 1);
                }
            } else if self.block_byte(byte) && limit == 0 {
                return Some(self.at - 1);
            }
        }
        None
    }

    /// At the start of a line: skips the lines that continue a block or plain scalar, then the
    /// indentation.
    fn start_line(&mut self) {
        loop {
            let indent = self.bytes[self.at..]
                .iter()
                .take_while(|&&byte| byte == b' ')
                .count();
            let first = self.bytes.get(self.at + indent).copied();
            let blank = matches!(first, None | Some(b'\n' | b'\r' | b'#'));
            let continues = self
                .skip_deeper_than
                .is_some_and(|column| blank || indent > column);
            if self.depth > 0 || !continues || first.is_none() {
                self.at += indent;
                if self.depth == 0 {
                    self.skip_deeper_than = None;
                    self.expect_node = true;
                    self.entry_column = indent;
                }
                return;
            }
            self.skip_to_line_end();
            if self.at < self.bytes.len() {
                self.at += 1;
                self.line += 1;
                self.line_start = self.at;
            }
        }
    }

    /// One byte in flow context; true when it opened a collection.
    fn flow_byte(&mut self, byte: u8) -> bool {
        self.at += 1;
        let next = self.bytes.get(self.at).copied();
        match byte {
            b'[' | b'{' => {
                self.depth += 1;
                self.expect_node = true;
                return true;
            }
            b']' | b'}' => {
                self.depth -= 1;
                self.expect_node = false;
                self.in_plain = false;
            }
            b',' => self.expect_node = true,
            b'&' | b'!' if self.expect_node => {
                self.skip_token();
                return false;
            }
            b'?' | b'-' if self.expect_node && is_blank(next) => {}
            b':' => {
                self.expect_node = self.last_quoted
                    || is_blank(next)
                    || matches!(next, Some(b',' | b'[' | b']' | b'{' | b'}'));
            }
            b' ' | b'\t' | b'\r' => return false,
            _ => self.expect_node = false,
        }
        self.last_quoted = false;
        false
    }

    /// One byte in block context; true when it opened a flow collection.
    fn block_byte(&mut self, byte: u8) -> bool {
        let column = self.column();
        self.at += 1;
        let next = self.bytes.get(self.at).copied();
        let indicator = is_blank(next);
        match byte {
            b' ' | b'\t' | b'\r' => return false,
            b'[' | b'{' if self.expect_node => {
                self.depth = 1;
                self.last_quoted = false;
                return true;
            }
            b'-' | b'?' if self.expect_node && indicator => self.entry_column = column,
            b':' if indicator || self.last_quoted => {
                if !self.expect_node {
                    self.entry_column = self.token_column;
                }
                self.in_plain = false;
                self.expect_node = true;
            }
            b'|' | b'>' if self.expect_node => {
                self.skip_deeper_than = Some(self.entry_column);
                self.skip_to_line_end();
            }
            b'&' | b'!' if self.expect_node => self.skip_token(),
            _ if self.expect_node => {
                self.expect_node = false;
                self.in_plain = true;
                self.token_column = column;
            }
            _ => {}
        }
        self.last_quoted = false;
        false
    }

    /// Whether the byte at `at` starts the line or follows a space (so `#` starts a comment).
    fn after_space(&self) -> bool {
        self.at == self.line_start || matches!(self.bytes[self.at - 1], b' ' | b'\t')
    }

    /// The 0-based column of `at`, in bytes (indentation is ASCII spaces, which is all the
    /// columns are compared with).
    fn column(&self) -> usize {
        self.at - self.line_start
    }

    fn skip_to_line_end(&mut self) {
        while self.bytes.get(self.at).is_some_and(|&byte| byte != b'\n') {
            self.at += 1;
        }
    }

    /// Skips an anchor or tag (`&name`, `!tag`) up to the next blank (or flow indicator).
    fn skip_token(&mut self) {
        while let Some(&byte) = self.bytes.get(self.at) {
            let flow_indicator = matches!(byte, b',' | b'[' | b']' | b'{' | b'}');
            if is_blank(Some(byte)) || (self.depth > 0 && flow_indicator) {
                return;
            }
            self.at += 1;
        }
    }

    /// Skips the quoted scalar opening at `at` (`'...'` with `''` for a quote, or `"..."` with
    /// backslash escapes), counting the lines it spans; `None` if it is never closed.
    fn skip_quoted(&mut self, quote: u8) -> Option<()> {
        self.at += 1;
        loop {
            let byte = *self.bytes.get(self.at)?;
            self.at += 1;
            match byte {
                b'\n' => {
                    self.line += 1;
                    self.line_start = self.at;
                }
                // An escaped line break still counts as a line.
                b'\\' if quote == b'"' && self.bytes.get(self.at) != Some(&b'\n') => self.at += 1,
                b'\'' if quote == b'\'' && self.bytes.get(self.at) == Some(&b'\'') => self.at += 1,
                _ if byte == quote => return Some(()),
                _ => {}
            }
        }
    }
}

/// Whether the byte (or the end of the text) separates tokens.
fn is_blank(byte: Option<u8>) -> bool {
    matches!(byte, None | Some(b' ' | b'\t' | b'\r' | b'\n'))
}

#[cfg(test)]
mod tests {
    use super::too_deep_flow;

    #[test]
    fn flow_nesting_is_measured_and_located() {
        assert_eq!(too_deep_flow("a: [[[]]]\n", 3), None);
        assert_eq!(too_deep_flow("a: [[[[]]]]\n", 3), Some((1, 7)));
        assert_eq!(too_deep_flow("a:\n  - {b: [c, {d: 1}]}\n", 3), None);
        assert_eq!(
            too_deep_flow("a:\n  - {b: [c, {d: [1]}]}\n", 3),
            Some((2, 17))
        );
        // Multi-line flow collections keep their depth across lines.
        assert_eq!(
            too_deep_flow("a: [\n  [\n    [\n      []]]]\n", 3),
            Some((4, 7))
        );
    }

    #[test]
    fn brackets_inside_scalars_and_comments_do_not_count() {
        let text = "\
description: 'it''s [[[['
other: \"[[[[\\\" [[[[\"
plain: a [[[[ b
# [[[[
block: |
  [[[[
  {{{{
next: >-
    [[[[
continued: text
  [[[[ still the same scalar
list:
  - |
    [[[[
  - key: [x] # [[[[
tags: [don't, x, 'a]', \"b]\"]
";
        assert_eq!(too_deep_flow(text, 1), None);
        assert_eq!(too_deep_flow("a: &anchor !tag [[x]]\n", 1), Some((1, 18)));
        // A key at the block scalar's own indentation ends it.
        assert_eq!(
            too_deep_flow("- a: |\n    x\n  b: [[1]]\n", 1),
            Some((3, 7))
        );
    }
}

/// The whole load on flow nesting that took the YAML parser minutes.
#[cfg(test)]
mod load_tests {
    use std::path::Path;

    use crate::error::Error;
    use crate::load::schemas::tests::within_a_minute;

    /// 100,000 nested `[` (killed after 60 s before the pre-scan; 50,000 took 16 s) are refused
    /// from the text, with the line and column where the limit is passed.
    #[test]
    fn deep_flow_nesting_is_refused_before_parsing() {
        let depth = 100_000;
        let text = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\nx-deep: {}{}\n",
            "[".repeat(depth),
            "]".repeat(depth)
        );
        let error = within_a_minute(move || {
            crate::load::parse_text(Path::new("deep.yaml"), &text).map(|_| ())
        })
        .unwrap_err();
        assert!(
            matches!(&error, Error::Syntax { line: 4, column: 73, message, .. }
                if message.contains("nest deeper than 64 levels")),
            "{error}"
        );
    }
}
