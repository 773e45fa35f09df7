//! What sort of problem a [`Diagnostic`](super::Diagnostic) reports: tools match the kind, people
//! read the message.

/// The sort of problem a diagnostic reports, whatever its wording.
///
/// New kinds may be added in any release, so a `match` needs a `_` arm:
///
/// ```
/// use oagen::{Construct, DiagnosticKind};
///
/// fn skipped_for_callbacks(kind: DiagnosticKind) -> bool {
///     match kind {
///         DiagnosticKind::OperationSkipped(Construct::Callbacks) => true,
///         _ => false,
///     }
/// }
/// assert!(skipped_for_callbacks(DiagnosticKind::OperationSkipped(Construct::Callbacks)));
/// assert!(!skipped_for_callbacks(DiagnosticKind::Cycle));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum DiagnosticKind {
    /// One operation is left out of the client because of the construct named; the diagnostic's
    /// pointer is the operation's (or the construct's, inside it).
    OperationSkipped(Construct),
    /// A construct the generated code cannot express: it is approximated (often kept as
    /// `serde_json::Value`) or left out, as the message says.
    Unsupported(Construct),
    /// A mistake in the spec that generation copes with: a value clamped, a list entry ignored,
    /// a missing parameter assumed. The message says what was assumed.
    Repaired,
    /// A `$ref` that cannot be followed: it points at nothing, or outside what is read.
    InvalidReference,
    /// A schema or reference chain defined in terms of itself with nothing to stop it.
    Cycle,
    /// Two operations share an `operationId`, which names their methods: the later one's method
    /// gets a numbered name.
    DuplicateOperationId,
    /// An `x-oagen-rules` or `x-oagen-aliases` extension that is malformed, or that names
    /// properties, parameters or fields the rule cannot apply to.
    Rule,
    /// A header or cookie name (of a parameter or an API-key scheme) that is not an HTTP token
    /// (RFC 9110 `tchar`s), so no request can carry it.
    InvalidHttpName,
    /// A definition (a `$defs` member) that no `$ref` reaches, so no type is generated for it.
    Unreferenced,
    /// A schema's `pattern` that is not an ECMA-262 regular expression (the dialect OpenAPI
    /// names), so no value could be checked against it (an error). Java's inline `(?i)` is read
    /// as matching ignoring case instead, with a `Repaired` warning. The pointer is the
    /// `pattern` keyword's.
    InvalidPattern,
}

/// The spec construct behind an [`OperationSkipped`](DiagnosticKind::OperationSkipped) or
/// [`Unsupported`](DiagnosticKind::Unsupported) diagnostic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Construct {
    /// `x-dropshot-websocket`: an upgrade to a websocket, which has no request/response form.
    Websocket,
    /// `callbacks`: requests the server makes to the client.
    Callbacks,
    /// A `$ref` into another document, which is not read.
    ExternalReference,
    /// A `$ref` in place of a whole path item.
    PathItemReference,
    /// `links` in a response: follow-up requests the client does not make itself. No longer a
    /// reason to skip an operation (its method's docs name the links); kept so that matches on
    /// it still compile.
    Links,
    /// A form request body whose schema is not an object, so it has no names for its pairs.
    FormBody,
    /// A parameter described by `content` rather than `schema`.
    ParameterContent,
    /// A parameter whose value is an object. No longer reported (objects are sent as their
    /// `style` says); kept so that matches on it still compile.
    ObjectParameter,
    /// A `not` schema.
    Not,
    /// An `allOf` with a part that is not an object.
    NonObjectAllOf,
    /// A schema of a shape that cannot become the named type asked for at its place.
    SchemaShape,
    /// `oneOf`/`anyOf` next to a schema's own `properties`: read as the properties alone.
    CompositionBesideProperties,
    /// An HTTP authentication scheme other than bearer or basic.
    HttpAuthentication,
    /// `type: [A, B]` (OpenAPI 3.1) where it cannot become alternatives.
    TypeList,
    /// `prefixItems` (OpenAPI 3.1) without an exact item count: no Rust tuple says it.
    PrefixItems,
    /// `patternProperties` (OpenAPI 3.1): read as a map; key patterns are not checked.
    PatternProperties,
    /// `propertyNames` (OpenAPI 3.1): key constraints are not checked.
    PropertyNames,
    /// A `contentEncoding` (OpenAPI 3.1) other than `base64`: the string is not decoded.
    ContentEncoding,
    /// `if`/`then`/`else` or `dependentSchemas` (OpenAPI 3.1): conditions are not checked.
    Conditional,
    /// A `jsonSchemaDialect` (OpenAPI 3.1) other than the OpenAPI base dialect.
    Dialect,
}

impl DiagnosticKind {
    /// A one-line suggestion of what to do about a diagnostic of this kind, worded for the
    /// `oagen` command line (flags are named where one helps).
    pub fn hint(self) -> &'static str {
        match self {
            DiagnosticKind::OperationSkipped(Construct::ExternalReference)
            | DiagnosticKind::Unsupported(Construct::ExternalReference) => {
                "bundle the document into one file (or inline the external schema)"
            }
            DiagnosticKind::OperationSkipped(_) => {
                "leave the operation out with --operation/--tag, or run without --strict"
            }
            DiagnosticKind::Unsupported(Construct::HttpAuthentication) => {
                "build the client with an injected reqwest client that sets the header"
            }
            DiagnosticKind::Unsupported(_) => {
                "the generated code approximates this as the message says; --strict refuses it"
            }
            DiagnosticKind::Repaired => {
                "fix the spec at the JSON pointer above; until then the message says what was assumed"
            }
            DiagnosticKind::InvalidReference => "define the component or fix the reference",
            DiagnosticKind::Unreferenced => {
                "reference the definition where it is meant to be used, or remove it"
            }
            DiagnosticKind::Cycle => {
                "break the cycle: let an object schema stand between the references"
            }
            DiagnosticKind::DuplicateOperationId => "make operationIds unique",
            DiagnosticKind::Rule => {
                "fix the x-oagen-rules or x-oagen-aliases extension at the JSON pointer above"
            }
            DiagnosticKind::InvalidPattern => {
                "write the pattern in ECMA-262 (JavaScript) syntax"
            }
            DiagnosticKind::InvalidHttpName => {
                "use only letters, digits and !#$%&'*+-.^_`|~ in header and cookie names"
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Construct, DiagnosticKind};
    use crate::{Config, Error, Severity};

    /// A spec with `paths` as given, and one component schema `Pet`.
    fn spec(paths: &str) -> String {
        format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n{paths}\n\
             components:\n  schemas:\n    Pet:\n      type: object\n      \
             properties: {{age: {{type: integer, maximum: 99999999999999999999}}}}\n"
        )
    }

    /// The kinds of every diagnostic generating `paths` gives, errors or warnings alike.
    fn kinds(paths: &str) -> Vec<(Severity, DiagnosticKind)> {
        let diagnostics = match Config::new().generate_text("k.yaml", &spec(paths)) {
            Ok(generated) => generated.warnings,
            Err(Error::Spec { diagnostics, .. }) => diagnostics,
            Err(error) => panic!("{error}"),
        };
        diagnostics.iter().map(|d| (d.severity, d.kind)).collect()
    }

    #[test]
    fn each_site_says_what_kind_of_problem_it_found() {
        let ok = "      responses: {'204': {description: ok}}";
        let callbacks =
            format!("  /a:\n    post:\n      operationId: a\n      callbacks: {{cb: {{}}}}\n{ok}");
        let found = kinds(&callbacks);
        assert!(
            found.contains(&(
                Severity::Warning,
                DiagnosticKind::OperationSkipped(Construct::Callbacks)
            )),
            "{found:?}"
        );
        // The clamped `maximum` of `Pet.age`: a spec mistake coped with.
        assert!(
            found.contains(&(Severity::Warning, DiagnosticKind::Repaired)),
            "{found:?}"
        );

        let dangling = format!("  /a:\n    get:\n      operationId: a\n      parameters: [{{$ref: '#/components/parameters/Nope'}}]\n{ok}");
        assert!(kinds(&dangling).contains(&(Severity::Error, DiagnosticKind::InvalidReference)));

        let twice = format!("  /a:\n    get:\n      operationId: same\n{ok}\n  /b:\n    get:\n      operationId: same\n{ok}");
        assert!(kinds(&twice).contains(&(Severity::Warning, DiagnosticKind::DuplicateOperationId)));

        let spaced = format!("  /a:\n    get:\n      operationId: a\n      parameters: [{{name: 'X Bad', in: header, schema: {{type: string}}}}]\n{ok}");
        assert!(kinds(&spaced).contains(&(Severity::Error, DiagnosticKind::InvalidHttpName)));

        let external = format!("  /a:\n    get:\n      operationId: a\n      parameters: [{{$ref: 'other.yaml#/P'}}]\n{ok}");
        // Files next to the spec are read now: one that is not there is refused where named.
        let error = Config::new()
            .generate_text("k.yaml", &spec(&external))
            .unwrap_err();
        assert!(
            matches!(&error, Error::Invalid { pointer, .. } if pointer == "#/paths/~1a/get/parameters/0"),
            "{error}"
        );
    }

    #[test]
    fn settings_that_are_not_rust_are_their_own_error() {
        let error = Config::new()
            .map_format("date-time", "not a type")
            .generate_text("k.yaml", &spec("  {}"))
            .unwrap_err();
        let Error::InvalidRust { setting, text, .. } = &error else {
            panic!("expected Error::InvalidRust: {error:?}");
        };
        assert_eq!((*setting, text.as_str()), ("map_format", "not a type"));
        assert!(
            error
                .to_string()
                .starts_with("k.yaml: Config::map_format: `not a type` is not valid Rust: "),
            "{error}"
        );
    }

    #[test]
    fn external_references_hint_at_bundling_whether_or_not_the_operation_goes() {
        let bundle = "bundle the document into one file (or inline the external schema)";
        for kind in [
            DiagnosticKind::OperationSkipped(Construct::ExternalReference),
            DiagnosticKind::Unsupported(Construct::ExternalReference),
        ] {
            assert_eq!(kind.hint(), bundle);
        }
        assert_ne!(
            DiagnosticKind::OperationSkipped(Construct::Callbacks).hint(),
            bundle
        );
    }
}
