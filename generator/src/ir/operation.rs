//! Operations in the IR: method, parsed path template, parameters in call order with their
//! text forms decided, body, responses, security and resolved rules.

use super::{Constraints, Field, TypeRef};

/// One HTTP operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The spec's `operationId`.
    pub operation_id: String,
    /// Rust method name (snake_case).
    pub fn_name: String,
    /// Rust name stem for per-operation types (UpperCamelCase), e.g. `UpdateProfileStatus`.
    pub type_stem: String,
    /// Rust name of the enum of the operation's documented errors (one of `Api::error_types`),
    /// e.g. `UpdateProfileStatusError`; `None` when it documents none.
    pub error_type: Option<String>,
    /// HTTP method.
    pub method: HttpMethod,
    /// The path template as written, e.g. `/users/{userId}/user-profile-statuses` (for docs).
    pub path: String,
    /// The path parsed once: literal text and placeholders filled by path parameters.
    pub template: PathTemplate,
    /// Where the operation stands, e.g. `#/paths/~1users~1{userId}/get`.
    pub pointer: String,
    /// `summary`.
    pub summary: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `tags`.
    pub tags: Vec<String>,
    /// Parameters (path-level ones merged in) in call order: path parameters in the order they
    /// appear in the path, then the others in spec order.
    pub parameters: Vec<Parameter>,
    /// The request body, if any.
    pub body: Option<RequestBody>,
    /// The documented success response (the lowest 2xx), if the spec names one.
    pub success: Option<Response>,
    /// Documented error responses, by status.
    pub errors: Vec<Response>,
    /// Alternatives of security requirements: any one inner list satisfies the operation.
    pub security: Vec<Vec<SecurityRequirement>>,
    /// Operation-level rules from `x-oagen-rules`, resolved to parameter and body-field indices.
    pub rules: Vec<ForbiddenWhen>,
}

/// An HTTP method an operation can use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum HttpMethod {
    /// `GET`.
    Get,
    /// `PUT`.
    Put,
    /// `POST`.
    Post,
    /// `DELETE`.
    Delete,
    /// `OPTIONS`.
    Options,
    /// `HEAD`.
    Head,
    /// `PATCH`.
    Patch,
    /// `TRACE`.
    Trace,
}

impl Operation {
    /// Every type the operation's call or answer names directly: parameters, body, and the
    /// bodies of its documented responses (what reachability starts from).
    pub fn mentioned_types(&self) -> impl Iterator<Item = &TypeRef> {
        let parameters = self.parameters.iter().map(|parameter| &parameter.ty);
        let body = self.body.iter().map(|body| &body.ty);
        let responses = self.success.iter().chain(&self.errors);
        parameters
            .chain(body)
            .chain(responses.filter_map(|response| response.body.as_ref()))
    }
}

impl HttpMethod {
    /// The method as sent, upper case; also the name of `reqwest::Method`'s constant.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Put => "PUT",
            HttpMethod::Post => "POST",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Options => "OPTIONS",
            HttpMethod::Head => "HEAD",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Trace => "TRACE",
        }
    }
}

impl std::fmt::Display for HttpMethod {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A path template parsed into its parts, e.g. `/users/`, `{userId}`, `/statuses`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PathTemplate {
    /// The parts in order.
    pub segments: Vec<PathSegment>,
}

/// One part of a path template.
#[derive(Debug, Clone, PartialEq)]
pub enum PathSegment {
    /// Text sent as it is; braces that open no placeholder are already percent-encoded.
    Literal(String),
    /// A placeholder, filled by the path parameter at this index into `Operation::parameters`.
    Parameter(usize),
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParameterLocation {
    /// One path segment.
    Path,
    /// The query string.
    Query,
    /// A request header.
    Header,
    /// A cookie.
    Cookie,
}

/// One operation parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    /// The name on the wire.
    pub wire_name: String,
    /// Rust argument name.
    pub rust_name: String,
    /// Where it goes.
    pub location: ParameterLocation,
    /// Whether the spec requires it.
    pub required: bool,
    /// Its type.
    pub ty: TypeRef,
    /// How the value is laid out where it goes (OpenAPI `style`), the location's default when
    /// the spec names none or one that cannot apply.
    pub style: ParameterStyle,
    /// For arrays and objects: one pair per item or member (`explode: true`) rather than one
    /// delimited list.
    pub explode: bool,
    /// Query only: reserved characters (`:/?[]@!$&'()*+,;=`) are sent unencoded.
    pub allow_reserved: bool,
    /// How its value becomes wire text.
    pub text: ParameterText,
    /// Description for docs.
    pub doc: Option<String>,
    /// Constraints checked before sending.
    pub constraints: Constraints,
}

impl Parameter {
    /// A required string parameter with no description or constraints: what a path placeholder
    /// the spec does not declare becomes.
    pub fn required_string(
        wire_name: impl Into<String>,
        rust_name: impl Into<String>,
        location: ParameterLocation,
    ) -> Parameter {
        Parameter {
            wire_name: wire_name.into(),
            rust_name: rust_name.into(),
            location,
            required: true,
            ty: TypeRef::String,
            style: ParameterStyle::Simple,
            explode: false,
            allow_reserved: false,
            text: ParameterText::Str,
            doc: None,
            constraints: Constraints::default(),
        }
    }
}

/// OpenAPI parameter styles (the "Style Values" table); which apply where is decided in lowering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParameterStyle {
    /// `simple`: path and header default, `blue,black`.
    Simple,
    /// `label` (path): `.blue`.
    Label,
    /// `matrix` (path): `;color=blue`.
    Matrix,
    /// `form`: query and cookie default, `color=blue`.
    Form,
    /// `spaceDelimited` (query): `color=blue%20black`.
    SpaceDelimited,
    /// `pipeDelimited` (query): `color=blue|black`.
    PipeDelimited,
    /// `deepObject` (query, objects): `color[R]=100`.
    DeepObject,
}

/// How a parameter's value becomes the text sent in a path segment, query pair, header or
/// cookie; decided from its type during lowering.
#[derive(Debug, Clone, PartialEq)]
pub enum ParameterText {
    /// A string, sent as it is.
    Str,
    /// A generated string enum: its `as_str()`.
    EnumStr,
    /// Numbers, booleans and date-times, whose `Display` text is the wire text.
    Display,
    /// Another type with a `Display` (a user-mapped type): its `to_string()`.
    ToString,
    /// JSON values and maps: their JSON text.
    JsonText,
    /// Other generated types (unions): their serde text.
    SerdeText,
    /// An array: each item's text, comma-separated (or one pair per item when exploded).
    List(Box<ParameterText>),
    /// A tuple, sent as the array it is on the wire: each item's text by position,
    /// comma-separated (or one pair per item when exploded).
    Tuple(Vec<ParameterText>),
    /// A generated struct, sent as an object: its fields in spec order, each present one a
    /// member (nested objects and arrays as JSON text).
    Object(Vec<ObjectMember>),
    /// A map, sent as an object: each entry a member whose value has this text.
    Map(Box<ParameterText>),
}

/// One field of an object-valued parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectMember {
    /// The struct's field (name, presence, boxing) as it is at the end of lowering.
    pub field: Field,
    /// How the field's value becomes the member's text.
    pub text: ParameterText,
}

/// How a body is encoded on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    /// JSON (`application/json`, `*+json`).
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`, one part per property.
    Multipart,
    /// Text (`text/*`): a `String`.
    Text,
    /// Anything else: raw bytes.
    Binary,
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestBody {
    /// How it is encoded.
    pub kind: BodyKind,
    /// The media type, e.g. `application/json`.
    pub content_type: String,
    /// The body's type.
    pub ty: TypeRef,
    /// Whether the body is required.
    pub required: bool,
    /// Description for docs.
    pub doc: Option<String>,
    /// When the body's type is a generated struct: its fields as they are at the end of
    /// lowering, for multipart parts and operation rules; otherwise empty.
    pub fields: Vec<Field>,
    /// Form bodies: the properties the media type's `encoding` object says to write otherwise
    /// than in bracket notation, by wire name; the others are written in brackets.
    pub form_styles: Vec<(String, FormStyle)>,
    /// Multipart bodies: the `Content-Type` the `encoding` object gives a part, by wire name.
    pub part_types: Vec<(String, String)>,
    /// Multipart bodies whose schema is not an object (a file, an array of them): the name
    /// each part is sent under. `None` for object bodies, whose parts are their properties.
    pub part_name: Option<String>,
}

/// How one top-level property of a form body is written, from its `encoding` entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormStyle {
    /// Nested values in bracket notation (`a[b]=1`, `list[]=x`): the default, and `deepObject`.
    Brackets,
    /// `style: form`: arrays and objects exploded into pairs, or one comma list when not.
    Form {
        /// `explode`.
        explode: bool,
    },
    /// `spaceDelimited` (`' '`) or `pipeDelimited` (`'|'`): one list joined by the separator.
    Delimited(char),
    /// `contentType: application/json`: the value as JSON text.
    Json,
}

/// Which statuses a documented response covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum StatusMatch {
    /// One code, e.g. 404.
    Code(u16),
    /// A class, e.g. 4 for `4XX`.
    Range(u16),
    /// `default`: every status not documented otherwise.
    Default,
}

impl std::fmt::Display for StatusMatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StatusMatch::Code(code) => write!(f, "{code}"),
            StatusMatch::Range(class) => write!(f, "{class}XX"),
            StatusMatch::Default => f.write_str("default"),
        }
    }
}

/// A documented response.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// The statuses it covers.
    pub status: StatusMatch,
    /// How the body is encoded (JSON, text or bytes).
    pub kind: BodyKind,
    /// Rust variant name for error enums, e.g. `BadRequest`.
    pub variant: String,
    /// The response's description.
    pub description: String,
    /// The body type, if the spec declares one.
    pub body: Option<TypeRef>,
    /// The response's `links`: follow-up calls the spec describes, noted in the method's docs.
    pub links: Vec<ResponseLink>,
}

/// One of a response's `links`.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseLink {
    /// The link's name (its key under `links`).
    pub name: String,
    /// The operation it leads to: its `operationId`, or its `operationRef` as written.
    pub target: String,
    /// The link's `description`.
    pub description: Option<String>,
}

/// One scheme named in a security requirement, with the scopes it needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityRequirement {
    /// The scheme's name in `components/securitySchemes`.
    pub scheme: String,
    /// OAuth 2.0 scopes (empty for other schemes).
    pub scopes: Vec<String>,
}

/// A security scheme the client knows how to apply, with the client-builder method names
/// decided during lowering.
#[derive(Debug, Clone, PartialEq)]
pub struct SecuritySchemeDef {
    /// Builder method that takes a fixed credential, e.g. `access_token` or `auth_token`.
    pub setter: String,
    /// For bearer schemes: the builder method that takes a `TokenProvider`.
    pub provider_setter: Option<String>,
    /// How the credential is sent.
    pub scheme: SecurityScheme,
}

/// How a credential is sent.
#[derive(Debug, Clone, PartialEq)]
pub enum SecurityScheme {
    /// `Authorization: Bearer <token>` (OAuth 2.0 or HTTP bearer).
    Bearer {
        /// Description for docs.
        doc: Option<String>,
    },
    /// An API key sent as a header, query parameter or cookie.
    ApiKey {
        /// Where it goes.
        location: ApiKeyLocation,
        /// The header, parameter or cookie name.
        name: String,
        /// Description for docs.
        doc: Option<String>,
    },
    /// HTTP basic authentication.
    Basic {
        /// Description for docs.
        doc: Option<String>,
    },
}

/// Where an API key goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiKeyLocation {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
}

/// An operation's `x-oagen-rules` `forbidden-when` rule: when the parameter is one of `values`,
/// none of `fields` may be set in the body.
#[derive(Debug, Clone, PartialEq)]
pub struct ForbiddenWhen {
    /// Index into `Operation::parameters`.
    pub parameter: usize,
    /// The parameter's values (as wire text) that forbid the fields.
    pub values: Vec<String>,
    /// Indices into the body's `RequestBody::fields`.
    pub fields: Vec<usize>,
}
