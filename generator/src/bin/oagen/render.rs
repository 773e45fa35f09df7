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

    /// `note`, in bold cyan.
    pub fn note_label(self) -> String {
        self.paint("1;36", "note:")
    }

    fn label(self, severity: Severity) -> String {
        match severity {
            Severity::Error => self.error_label(),
            Severity::Warning => self.warning_label(),
        }
    }

    /// A diff's hunk header (`@@ -1,4 +1,5 @@`), in cyan.
    pub fn hunk(self, text: &str) -> String {
        self.paint("36", text)
    }

    /// A diff's removed line, in red.
    pub fn removed(self, text: &str) -> String {
        self.paint("31", text)
    }

    /// A diff's added line, in green.
    pub fn added(self, text: &str) -> String {
        self.paint("32", text)
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
        style.hint(diagnostic.kind.hint()),
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

/// For a document read as OpenAPI 3.1: a note saying so and how much was interpreted (the
/// details are in `oagen summary`); nothing for 3.0.
pub fn reading(style: Style, file: &Path, reading: &oagen::Reading) -> String {
    let places: usize = reading.interpreted.values().sum();
    if places == 0 && !reading.version.starts_with("3.1") {
        return String::new();
    }
    let places = match places {
        1 => "1 place".to_owned(),
        many => format!("{many} places"),
    };
    format!(
        "{}: {} read as OpenAPI {}; 3.1 constructs at {places} were read into their 3.0 form (`oagen summary` lists them)\n",
        style.bold(&escape_controls(&file.display().to_string())),
        style.note_label(),
        escape_controls(&reading.version),
    )
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
            out.push_str(&syntax_error(
                style,
                file,
                format,
                (*line, *column),
                message,
            ));
        }
        Error::Invalid {
            file,
            pointer,
            message,
            location: position,
        } => {
            let _ = write!(
                out,
                "{}: {}: {}: {}\n{}",
                style.bold(&location(file, *position)),
                style.error_label(),
                escape_controls(pointer),
                escape_controls(message),
                style.hint(invalid_hint(pointer, message)),
            );
        }
        Error::InvalidRust {
            file,
            setting,
            text,
            message,
        } => {
            let _ = write!(
                out,
                "{}: {}: `{}` is not valid Rust: {}\n{}",
                style.bold(&location(file, None)),
                style.error_label(),
                escape_controls(text),
                escape_controls(message),
                style.hint(&format!(
                    "check the Rust given to {}",
                    setting_flags(setting)
                )),
            );
        }
        Error::OutDirUnset => out.push_str(&style.failure(&error.to_string(), None)),
        Error::Spec { file, diagnostics } => out.push_str(&spec_failure(style, file, diagnostics)),
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

/// A YAML or JSON syntax error, at the parser's position.
fn syntax_error(
    style: Style,
    file: &Path,
    format: &str,
    (line, column): (usize, usize),
    message: &str,
) -> String {
    let position = (line > 0).then_some(Location {
        line,
        column: column.max(1),
    });
    // The parsers repeat the position at the end of their message; it is said already.
    let message = message
        .strip_suffix(&format!(" at line {line} column {column}"))
        .unwrap_or(message);
    format!(
        "{}: {}: not valid {format}: {}\n{}",
        style.bold(&location(file, position)),
        style.error_label(),
        escape_controls(message),
        style.hint(&format!("fix the {format} syntax at the position above")),
    )
}

/// The diagnostics of a spec that cannot be generated, errors first (they are why nothing was
/// generated), then the count.
fn spec_failure(style: Style, file: &Path, diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
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
    out
}

/// A command-line mistake as clap words it (with its suggestion and usage line), led like every
/// other failure (`oagen: error: ...`) and ending with where to read more.
pub fn usage(style: Style, error: &clap::Error) -> String {
    let text = error.render().to_string();
    let text = text.strip_prefix("error: ").unwrap_or(&text);
    let mut lines = text
        .trim_end()
        .lines()
        .filter(|line| !line.starts_with("For more information, try"));
    let mut out = style.failure(lines.next().unwrap_or("invalid command line"), None);
    for line in lines {
        out.push('\n');
        out.push_str(&escape_controls(line));
    }
    out.truncate(out.trim_end().len());
    out.push_str("\n\nrun `oagen --help` for the commands and flags");
    out
}

fn plural(count: usize) -> &'static str {
    if count == 1 {
        ""
    } else {
        "s"
    }
}

/// The hint for a document that is not OpenAPI 3.0 or 3.1 of the expected shape: its version is
/// said at `#/openapi` (or `#/swagger`), a `$ref` that cannot be followed names what it points
/// at, anything else is a value of the wrong shape.
fn invalid_hint(pointer: &str, message: &str) -> &'static str {
    match pointer {
        "#/openapi" | "#/swagger" => "convert the document to OpenAPI 3.1 (or 3.0)",
        _ if message.starts_with("`$ref") => {
            "a `$ref` may name a file in the spec's folder or below it; URLs and other places are never read"
        }
        _ => "the value at the JSON pointer above does not have the shape OpenAPI requires",
    }
}

/// The flags that hand a `Config` setting its Rust text (`derive` adds type attributes).
fn setting_flags(setting: &str) -> &'static str {
    match setting {
        "map_format" => "--map-format",
        "type_attribute" => "--derive or --type-attribute",
        "field_attribute" => "--field-attribute",
        _ => "--map-format, --derive, --type-attribute or --field-attribute",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oagen::{Construct, DiagnosticKind};
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
    fn hints_follow_the_kind_and_the_place() {
        let mut diagnostic = Diagnostic::error(
            DiagnosticKind::InvalidReference,
            "#/paths/~1a/get",
            "whatever the wording",
        );
        let text = diagnostic_lines(Style::new(false), Path::new("a.yaml"), &diagnostic);
        assert!(
            text.ends_with("\n  hint: define the component or fix the reference"),
            "{text}"
        );
        diagnostic.kind = DiagnosticKind::OperationSkipped(Construct::Callbacks);
        let text = diagnostic_lines(Style::new(false), Path::new("a.yaml"), &diagnostic);
        assert!(text.contains("hint: leave the operation out"), "{text}");

        let version = Error::Invalid {
            file: PathBuf::from("a.yaml"),
            pointer: "#/openapi".to_owned(),
            message: "OpenAPI 3.1.0 is not supported".to_owned(),
            location: None,
        };
        assert!(
            error_text(&version).ends_with("hint: convert the document to OpenAPI 3.1 (or 3.0)")
        );
        let rust = Error::InvalidRust {
            file: PathBuf::from("a.yaml"),
            setting: "field_attribute",
            text: "#[".to_owned(),
            message: "unexpected end of input".to_owned(),
        };
        let text = error_text(&rust);
        assert!(
            text.starts_with("a.yaml: error: `#[` is not valid Rust"),
            "{text}"
        );
        assert!(
            text.ends_with("check the Rust given to --field-attribute"),
            "{text}"
        );
    }
}
