//! Diagnostics as editors and people read them: `file:line:column: error: ...`, the JSON pointer,
//! and a one-line hint; coloured only when asked to (or on a terminal).

use std::fmt::Write as _;
use std::path::Path;

use oagen::text::escape_controls;
use oagen::{Diagnostic, Error, Location, Severity};

/// ANSI styling, or none.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    color: bool,
}

impl Style {
    /// Colours when `color` is true.
    pub fn new(color: bool) -> Self {
        Style { color }
    }

    fn paint(self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }

    /// Bold, for locations.
    pub fn bold(self, text: &str) -> String {
        self.paint("1", text)
    }

    /// `error`, in bold red.
    pub fn error_label(self) -> String {
        self.paint("1;31", "error")
    }

    /// `warning`, in bold yellow.
    pub fn warning_label(self) -> String {
        self.paint("1;33", "warning")
    }

    fn label(self, severity: Severity) -> String {
        match severity {
            Severity::Error => self.error_label(),
            Severity::Warning => self.warning_label(),
        }
    }

    /// `  hint: text` on its own line.
    pub fn hint(self, text: &str) -> String {
        format!("  {}: {text}", self.paint("1;36", "hint"))
    }

    /// A problem that is not about a spec: `oagen: error: message`, and a hint if there is one.
    /// Control characters in the message are escaped (it may quote names from the spec).
    pub fn failure(self, message: &str, hint: Option<&str>) -> String {
        let message = escape_controls(message);
        let mut out = format!("{}: {}: {message}", self.bold("oagen"), self.error_label());
        if let Some(hint) = hint {
            out.push('\n');
            out.push_str(&self.hint(hint));
        }
        out
    }
}

/// `file:line:column` when the location is known, else `file`.
fn location(file: &Path, location: Option<Location>) -> String {
    let file = file.display().to_string();
    match location {
        Some(location) => format!("{}:{location}", escape_controls(&file)),
        None => escape_controls(&file).into_owned(),
    }
}

/// One diagnostic: location (the library's, found from the spec's text), severity, pointer and
/// message, then the hint. Pointer and message quote the spec: their control characters (a
/// terminal's escape sequences among them) are escaped.
fn diagnostic_lines(style: Style, file: &Path, diagnostic: &Diagnostic) -> String {
    format!(
        "{}: {}: {}: {}\n{}",
        style.bold(&location(file, diagnostic.location)),
        style.label(diagnostic.severity),
        escape_controls(&diagnostic.pointer),
        escape_controls(&diagnostic.message),
        style.hint(hint_for(&diagnostic.message)),
    )
}

/// Warnings from a successful run, one block each.
pub fn warnings(style: Style, file: &Path, warnings: &[Diagnostic]) -> String {
    if warnings.is_empty() {
        return String::new();
    }
    let mut out = String::new();
    for warning in warnings {
        let _ = writeln!(out, "{}", diagnostic_lines(style, file, warning));
    }
    out
}

/// A failed generation, ready for stderr.
pub fn error(style: Style, error: &Error) -> String {
    let mut out = String::new();
    match error {
        Error::Io { path, source } => {
            let _ = write!(
                out,
                "{}: {}: cannot read the spec: {source}\n{}",
                style.bold(&path.display().to_string()),
                style.error_label(),
                style.hint("check the path; SPEC is read relative to the current directory"),
            );
        }
        Error::Syntax {
            file,
            format,
            line,
            column,
            message,
        } => {
            let position = (*line > 0).then_some(Location {
                line: *line,
                column: (*column).max(1),
            });
            // The parsers repeat the position at the end of their message; it is said already.
            let message = message
                .strip_suffix(&format!(" at line {line} column {column}"))
                .unwrap_or(message);
            let message = escape_controls(message);
            let _ = write!(
                out,
                "{}: {}: not valid {format}: {message}\n{}",
                style.bold(&location(file, position)),
                style.error_label(),
                style.hint(&format!("fix the {format} syntax at the position above")),
            );
        }
        Error::Invalid {
            file,
            pointer,
            message,
            location,
        } => {
            let diagnostic = Diagnostic {
                location: *location,
                ..Diagnostic::error(pointer.clone(), message.clone())
            };
            out.push_str(&diagnostic_lines(style, file, &diagnostic));
        }
        Error::Spec { file, diagnostics } => {
            // Errors first: they are why nothing was generated.
            let mut ordered: Vec<&Diagnostic> = diagnostics.iter().collect();
            ordered.sort_by_key(|diagnostic| std::cmp::Reverse(diagnostic.severity));
            for diagnostic in ordered {
                let _ = writeln!(out, "{}", diagnostic_lines(style, file, diagnostic));
            }
            let errors = diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .count();
            let warnings = diagnostics.len() - errors;
            let _ = write!(
                out,
                "{}: {}: {} cannot be generated: {} error{}, {} warning{}",
                style.bold("oagen"),
                style.error_label(),
                file.display(),
                errors,
                plural(errors),
                warnings,
                plural(warnings),
            );
        }
        Error::Emit { file, message } => {
            let message = escape_controls(message);
            let _ = write!(
                out,
                "{}: {}: internal error: the generated code does not parse ({message})\n{}",
                style.bold(&file.display().to_string()),
                style.error_label(),
                style.hint("this is a bug in oagen; please report it with the spec"),
            );
        }
    }
    out
}

fn plural(count: usize) -> &'static str {
    if count == 1 {
        ""
    } else {
        "s"
    }
}

/// A one-line suggestion, chosen by what the message says.
pub fn hint_for(message: &str) -> &'static str {
    let has = |needle: &str| message.contains(needle);
    if has("points at nothing") || has("cannot be resolved") {
        "define the component or fix the reference"
    } else if has("points into another document") {
        "bundle the document into one file (or inline the external schema)"
    } else if has("Swagger") || has("this generator reads OpenAPI 3.0") || has("`openapi` version")
    {
        "convert the document to OpenAPI 3.0"
    } else if has("duplicate operationId") {
        "make operationIds unique"
    } else if has("loops back on itself") || has("in terms of itself") {
        "break the cycle: let an object schema stand between the references"
    } else if has("is not valid Rust") {
        "check the Rust given to --map-format, --derive, --type-attribute or --field-attribute"
    } else if has("operation skipped") {
        "leave the operation out with --operation/--tag, or run without --strict"
    } else if has("invalid type") || has("missing field") || has("unknown variant") {
        "the value at the JSON pointer above does not have the shape OpenAPI 3.0 requires"
    } else {
        "see the JSON pointer above"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn colour_only_when_enabled() {
        let plain = Style::new(false);
        assert_eq!(plain.error_label(), "error");
        let coloured = Style::new(true);
        assert_eq!(coloured.error_label(), "\x1b[1;31merror\x1b[0m");
        assert_eq!(coloured.warning_label(), "\x1b[1;33mwarning\x1b[0m");
    }

    #[test]
    fn syntax_errors_lead_with_the_position() {
        let error = Error::Syntax {
            file: PathBuf::from("a.yaml"),
            format: "YAML",
            line: 3,
            column: 7,
            message: "did not find expected key at line 3 column 7".to_owned(),
        };
        let text = error_text(&error);
        assert!(
            text.starts_with("a.yaml:3:7: error: not valid YAML: did not find expected key\n"),
            "{text}"
        );
        assert!(text.contains("hint: fix the YAML syntax"), "{text}");
    }

    fn error_text(error: &Error) -> String {
        super::error(Style::new(false), error)
    }

    #[test]
    fn hints_follow_the_message() {
        assert_eq!(
            hint_for("`$ref: #/components/schemas/X` points at nothing: there is no such schema"),
            "define the component or fix the reference"
        );
        assert_eq!(
            hint_for("OpenAPI 3.1.0 is not supported; this generator reads OpenAPI 3.0.x"),
            "convert the document to OpenAPI 3.0"
        );
        assert_eq!(
            hint_for("duplicate operationId `a`: also used at #/paths/~1b/get"),
            "make operationIds unique"
        );
        assert_eq!(hint_for("something else"), "see the JSON pointer above");
    }
}
