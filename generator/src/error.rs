//! Errors and diagnostics. Every problem names the spec file and a JSON pointer into it, plus the
//! line and column where the pointer (or, for syntax errors, the parser) can place it in the text.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::text::escape_controls;

pub use kind::{Construct, DiagnosticKind};

mod kind;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Something was skipped or approximated; generation goes on.
    Warning,
    /// The spec cannot be generated as written.
    Error,
}

/// A position in a spec's text: 1-based line and column (the column counts characters).
///
/// Displayed as `line:column`, the form editors and terminals follow after a file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// One problem found in a spec, located by JSON pointer (and by line and column when known).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Warning or error.
    pub severity: Severity,
    /// What sort of problem, for tools to match on (people read `message`).
    pub kind: DiagnosticKind,
    /// Where, e.g. `#/paths/~1users~1{userId}/get/responses/200`.
    pub pointer: String,
    /// What is wrong, as a sentence.
    pub message: String,
    /// Where `pointer` is in the spec's text: the key or sequence item it ends at. Filled in
    /// by [`Config`](crate::Config)'s `generate_*` methods when the pointer can be followed
    /// through the text (block YAML or JSON); `None` otherwise.
    pub location: Option<Location>,
}

impl Diagnostic {
    /// An error of `kind` at `pointer` (its location is found later, from the spec's text).
    pub fn error(
        kind: DiagnosticKind,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Error,
            kind,
            pointer: pointer.into(),
            message: message.into(),
            location: None,
        }
    }

    /// A warning of `kind` at `pointer` (its location is found later, from the spec's text).
    pub fn warning(
        kind: DiagnosticKind,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            kind,
            pointer: pointer.into(),
            message: message.into(),
            location: None,
        }
    }
}

/// `error: #/pointer: message`. The file is not part of a diagnostic, so neither is its
/// location; [`Error`] prints both in front, as `file:line:column: error: ...`.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        // Spec text (names in the pointer and the message) is escaped: this line ends up on a
        // terminal and, from build scripts, after `cargo:warning=`, where a line break would
        // start a cargo directive of the spec's choosing.
        write!(
            f,
            "{label}: {}: {}",
            escape_controls(&self.pointer),
            escape_controls(&self.message)
        )
    }
}

/// `file:line:column`, or `file` alone when the location is unknown.
pub(crate) struct FilePosition<'a>(pub &'a Path, pub Option<Location>);

impl fmt::Display for FilePosition<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.display())?;
        if let Some(location) = self.1 {
            write!(f, ":{location}")?;
        }
        Ok(())
    }
}

/// One diagnostic with its place in front: `file:line:column: error: #/pointer: message`.
pub(crate) struct Located<'a>(pub &'a Path, pub &'a Diagnostic);

impl fmt::Display for Located<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", FilePosition(self.0, self.1.location), self.1)
    }
}

/// Diagnostics rendered one per line, each with its place, for `Error::Spec`'s message.
pub(crate) struct Rendered<'a>(pub &'a Path, pub &'a [Diagnostic]);

impl fmt::Display for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for diagnostic in self.1 {
            write!(f, "\n  {}", Located(self.0, diagnostic))?;
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
    #[error("{}:{line}:{column}: not valid {format}: {}", file.display(), escape_controls(message))]
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
    /// The document parses but is not an OpenAPI 3.0 or 3.1 document of the expected shape. Displayed as `file:line:column: #/pointer: message`, or
    /// `file: #/pointer: message` when the location is unknown.
    #[error("{}: {}: {}", FilePosition(file, *location), escape_controls(pointer), escape_controls(message))]
    Invalid {
        /// The file.
        file: PathBuf,
        /// Where in the document.
        pointer: String,
        /// What is wrong.
        message: String,
        /// Where `pointer` is in the text, when it can be found there.
        location: Option<Location>,
    },
    /// Lowering or checking found errors (warnings are listed too, for context). Displayed as
    /// `file: the spec cannot be generated:`, then one `file:line:column: error: #/pointer:
    /// message` line per diagnostic (`file: error: ...` where the location is unknown).
    #[error("{}: the spec cannot be generated:{}", file.display(), Rendered(file, diagnostics))]
    Spec {
        /// The file.
        file: PathBuf,
        /// Every diagnostic found, errors and warnings.
        diagnostics: Vec<Diagnostic>,
    },
    /// A [`Config`](crate::Config) setting that must be Rust (a mapped type, a derive path, an
    /// attribute) does not parse as Rust.
    #[error("{}: Config::{setting}: `{}` is not valid Rust: {message}", file.display(), escape_controls(text))]
    InvalidRust {
        /// The spec being generated when the setting was read.
        file: PathBuf,
        /// The `Config` method that took the text: `map_format`, `type_attribute` (which
        /// `derive` adds to) or `field_attribute`.
        setting: &'static str,
        /// The text as given.
        text: String,
        /// syn's message.
        message: String,
    },
    /// [`Config::compile_specs`](crate::Config::compile_specs) ran outside a build script
    /// (`OUT_DIR` is not set) and no [`Config::out_dir`](crate::Config::out_dir) was given.
    #[error(
        "OUT_DIR is not set: compile_specs is meant to run from build.rs (or set Config::out_dir)"
    )]
    OutDirUnset,
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

/// Appends one escaped segment to a JSON pointer: `child_pointer("#/paths", "/a")` is
/// `#/paths/~1a`.
pub(crate) fn child_pointer(pointer: &str, segment: &str) -> String {
    format!("{pointer}/{}", escape_pointer_segment(segment))
}

#[cfg(test)]
mod tests {
    use super::{escape_pointer_segment, Error, Location};
    use crate::Config;

    /// A `$ref` to a schema that does not exist; the schema holding it starts at line 14, column 15.
    const DANGLING_YAML: &str = "\
openapi: 3.0.3
info:
  title: t
  version: '1'
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Pett'
";

    const DANGLING_POINTER: &str =
        "#/paths/~1pets/get/responses/200/content/application~1json/schema";

    /// A warning's text is printed after `cargo:warning=` by `compile_specs`; a line break from
    /// the spec would start a cargo directive (`cargo:rustc-link-arg=...`) of the spec's choosing.
    #[test]
    fn spec_text_in_diagnostics_and_errors_stays_on_one_line() {
        let planted = "x\ncargo:rustc-link-arg=-evil\r\u{1b}[2J\u{202e}";
        let warning = super::Diagnostic::warning(
            super::DiagnosticKind::Repaired,
            format!("#/paths/{planted}"),
            planted,
        );
        let shown = super::Located(std::path::Path::new("a.yaml"), &warning).to_string();
        assert!(!shown.chars().any(crate::text::is_unsafe_char), "{shown:?}");
        assert!(shown.contains("x\\ncargo:rustc-link-arg=-evil"), "{shown}");
        let error = Error::Invalid {
            file: "a.yaml".into(),
            pointer: format!("#/{planted}"),
            message: planted.to_owned(),
            location: None,
        };
        assert!(!error.to_string().chars().any(crate::text::is_unsafe_char));
    }

    #[test]
    fn semantic_errors_in_yaml_name_line_and_column() {
        let error = Config::new()
            .generate_text("spec/pets.yaml", DANGLING_YAML)
            .unwrap_err();
        let Error::Spec { diagnostics, .. } = &error else {
            panic!("expected Error::Spec: {error}");
        };
        assert_eq!(
            diagnostics[0].location,
            Some(Location {
                line: 14,
                column: 15
            })
        );
        assert_eq!(
            error.to_string(),
            format!(
                "spec/pets.yaml: the spec cannot be generated:\n  \
                 spec/pets.yaml:14:15: error: {DANGLING_POINTER}: \
                 `$ref: #/components/schemas/Pett` points at nothing: there is no such schema"
            )
        );
    }

    #[test]
    fn semantic_errors_in_json_name_line_and_column() {
        let text = r##"{
  "openapi": "3.0.3",
  "info": {"title": "t", "version": "1"},
  "paths": {
    "/pets": {
      "get": {
        "operationId": "listPets",
        "responses": {
          "200": {
            "description": "ok",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pett"}}}
          }
        }
      }
    }
  }
}
"##;
        let error = Config::new()
            .generate_text("spec/pets.json", text)
            .unwrap_err();
        let rendered = error.to_string();
        assert!(
            rendered.starts_with(
                "spec/pets.json: the spec cannot be generated:\n  spec/pets.json:11:46: error: "
            ),
            "{rendered}"
        );
        assert!(
            rendered.contains(&format!("11:46: error: {DANGLING_POINTER}: `$ref:")),
            "{rendered}"
        );
    }

    #[test]
    fn shape_errors_name_line_and_column() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200': 5\n";
        let error = Config::new().generate_text("a.yaml", text).unwrap_err();
        assert!(
            matches!(
                error,
                Error::Invalid {
                    location: Some(Location { line: 7, column: 9 }),
                    ..
                }
            ),
            "{error:?}"
        );
        assert!(
            error
                .to_string()
                .starts_with("a.yaml:7:9: #/paths/~1a/get/responses/200: "),
            "{error}"
        );
        let error = Config::new()
            .generate_text("b.yaml", "\nopenapi: 3.2.0\n")
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "b.yaml:2:1: #/openapi: OpenAPI 3.2.0 is not supported; this generator reads OpenAPI 3.0.x and 3.1.x"
        );
    }

    #[test]
    fn unplaceable_pointers_leave_the_location_out() {
        // Flow-style YAML is not followed: the pointer alone says where.
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {/a: {get: {responses: {'200': 5}}}}\n";
        let error = Config::new().generate_text("a.yaml", text).unwrap_err();
        assert!(
            matches!(error, Error::Invalid { location: None, .. }),
            "{error:?}"
        );
        assert!(
            error
                .to_string()
                .starts_with("a.yaml: #/paths/~1a/get/responses/200: "),
            "{error}"
        );
    }

    #[test]
    fn warnings_carry_their_location() {
        let text = DANGLING_YAML.replace(
            "$ref: '#/components/schemas/Pett'",
            "type: integer\n                maximum: 99999999999999999999",
        );
        let generated = Config::new().generate_text("a.yaml", &text).unwrap();
        let warning = &generated.warnings[0];
        assert_eq!(warning.pointer, format!("{DANGLING_POINTER}/maximum"));
        assert_eq!(
            warning.location,
            Some(Location {
                line: 16,
                column: 17
            })
        );
        assert_eq!(
            super::Located(std::path::Path::new("a.yaml"), warning)
                .to_string()
                .split(": #/")
                .next(),
            Some("a.yaml:16:17: warning")
        );
    }

    #[test]
    fn pointer_segments_are_escaped() {
        assert_eq!(
            escape_pointer_segment("/users/{userId}"),
            "~1users~1{userId}"
        );
        assert_eq!(escape_pointer_segment("a~b"), "a~0b");
    }
}
