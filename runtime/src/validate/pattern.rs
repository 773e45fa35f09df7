//! A schema's `pattern`, compiled once, on first use, wherever it is checked.

use std::sync::LazyLock;

use regress::Regex;

/// A `pattern` as generated code keeps it: in a `static`, compiled by `compile` the first time
/// a value is checked against it and kept for every later check (no lock or lookup after
/// that). `written` is the pattern as the spec writes it, for messages.
///
/// ```
/// use oagen_runtime::{Pattern, Regex, Report};
///
/// static LOWER: Pattern = Pattern::new("^[a-z]+$", || Regex::new("^[a-z]+$").unwrap());
///
/// let mut report = Report::new();
/// report.pattern("name", "abc", &LOWER);
/// report.pattern("other", "ABC", &LOWER);
/// assert_eq!(report.finish().unwrap_err().violations.len(), 1);
/// ```
pub struct Pattern {
    written: &'static str,
    regex: LazyLock<Regex, fn() -> Regex>,
}

impl Pattern {
    /// A pattern compiled by `compile` on first use.
    pub const fn new(written: &'static str, compile: fn() -> Regex) -> Self {
        Pattern {
            written,
            regex: LazyLock::new(compile),
        }
    }

    /// The pattern as the spec writes it.
    pub fn written(&self) -> &'static str {
        self.written
    }

    /// Whether the pattern matches somewhere in `text` (JSON Schema patterns are not anchored).
    pub fn is_match(&self, text: &str) -> bool {
        self.regex.find(text).is_some()
    }
}

impl std::fmt::Debug for Pattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Pattern").field(&self.written).finish()
    }
}
