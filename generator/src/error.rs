//! Errors and diagnostics. Every problem names the spec file and a JSON pointer into it, plus the
//! line and column where the parser knows them.

use std::fmt;
use std::path::PathBuf;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Something was skipped or approximated; generation goes on.
    Warning,
    /// The spec cannot be generated as written.
    Error,
}

/// One problem found in a spec, located by JSON pointer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Warning or error.
    pub severity: Severity,
    /// Where, e.g. `#/paths/~1users~1{userId}/get/responses/200`.
    pub pointer: String,
    /// What is wrong, as a sentence.
    pub message: String,
}

impl Diagnostic {
    /// An error at `pointer`.
    pub fn error(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            pointer: pointer.into(),
            message: message.into(),
        }
    }

    /// A warning at `pointer`.
    pub fn warning(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            pointer: pointer.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{label}: {}: {}", self.pointer, self.message)
    }
}

/// Diagnostics rendered one per line, for `Error::Spec`'s message.
pub struct Rendered<'a>(pub &'a [Diagnostic]);

impl fmt::Display for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for diagnostic in self.0 {
            write!(f, "\n  {diagnostic}")?;
        }
        Ok(())
    }
}

/// Why generation failed.
#[derive(thiserror::Error)]
pub enum Error {
    /// The spec file could not be read.
    #[error("{}: cannot read the spec: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// The file is not valid YAML or JSON.
    #[error("{}:{line}:{column}: not valid {format}: {message}", file.display())]
    Syntax {
        /// The file.
        file: PathBuf,
        /// `YAML` or `JSON`.
        format: &'static str,
        /// 1-based line, 0 when unknown.
        line: usize,
        /// 1-based column, 0 when unknown.
        column: usize,
        /// The parser's message.
        message: String,
    },
    /// The document parses but is not an OpenAPI 3.0 document of the expected shape.
    #[error("{}: {pointer}: {message}", file.display())]
    Invalid {
        /// The file.
        file: PathBuf,
        /// Where in the document.
        pointer: String,
        /// What is wrong.
        message: String,
    },
    /// Lowering or checking found errors (warnings are listed too, for context).
    #[error("{}: the spec cannot be generated:{}", file.display(), Rendered(diagnostics))]
    Spec {
        /// The file.
        file: PathBuf,
        /// Every diagnostic found, errors and warnings.
        diagnostics: Vec<Diagnostic>,
    },
    /// The emitted tokens did not parse as Rust: a generator bug, reported rather than panicking.
    #[error("{}: internal error: generated code does not parse ({message}); please report this", file.display())]
    Emit {
        /// The file.
        file: PathBuf,
        /// syn's message.
        message: String,
    },
}

/// `Debug` shows the same text as `Display`, so a build script that returns `Result<(), Error>`
/// from `main` fails with the readable message rather than a struct dump.
impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// Escapes one JSON-pointer segment (RFC 6901): `~` -> `~0`, `/` -> `~1`.
pub fn escape_pointer_segment(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::escape_pointer_segment;

    #[test]
    fn pointer_segments_are_escaped() {
        assert_eq!(
            escape_pointer_segment("/users/{userId}"),
            "~1users~1{userId}"
        );
        assert_eq!(escape_pointer_segment("a~b"), "a~0b");
    }
}
