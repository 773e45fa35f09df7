//! The resolved intermediate representation: plain data, no `$ref`, every Rust name decided.
//!
//! Lowering (`crate::lower`) builds it from an OpenAPI document; checks (`crate::check`) read it;
//! emitters (`crate::emit`) turn it into Rust. Emitters never see `openapiv3` types.

use std::collections::{BTreeMap, BTreeSet};

/// One API: everything the emitters need for one spec file.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`, if any.
    pub description: Option<String>,
    /// Servers in spec order; the first is the client's default base URL.
    pub servers: Vec<Server>,
    /// Named types keyed by their Rust name, so emission order is stable.
    pub types: BTreeMap<String, TypeDef>,
    /// Operations in path order, then method order, as the spec lists them.
    pub operations: Vec<Operation>,
    /// Named types a request can carry (reachable from a body or parameter): only they get
    /// builders and `Validate` impls.
    pub request_types: BTreeSet<String>,
    /// Enums of documented error responses, each shared by the operations documenting exactly
    /// the same responses, in first-use order.
    pub error_types: Vec<ErrorType>,
    /// Security schemes keyed by their name in `components/securitySchemes`.
    pub security_schemes: BTreeMap<String, SecuritySchemeDef>,
}

/// An enum of documented error responses, one variant per response.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorType {
    /// Rust name, e.g. `ApiError` or `GetUserError`.
    pub name: String,
    /// The `operationId`s that return it, in spec order.
    pub operations: Vec<String>,
    /// The responses, by status, as every one of those operations documents them.
    pub responses: Vec<Response>,
}

/// A server entry, with its variables.
#[derive(Debug, Clone, PartialEq)]
pub struct Server {
    /// The URL template, e.g. `https://{server}`.
    pub url: String,
    /// `description`, if any.
    pub description: Option<String>,
    /// Variables in spec order: name and default value.
    pub variables: Vec<(String, String)>,
}

/// A named Rust type produced from a schema.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeDef {
    /// An object schema.
    Struct(StructDef),
    /// A string enum.
    Enum(EnumDef),
    /// `oneOf`/`anyOf`: one of several types.
    Union(UnionDef),
}

impl TypeDef {
    /// The Rust name of the type.
    pub fn name(&self) -> &str {
        match self {
            TypeDef::Struct(def) => &def.name,
            TypeDef::Enum(def) => &def.name,
            TypeDef::Union(def) => &def.name,
        }
    }
}

/// A `oneOf`/`anyOf` as a Rust enum with one newtype variant per alternative.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionDef {
    /// Rust type name.
    pub name: String,
    /// Where the schema stands.
    pub pointer: String,
    /// Description for `///` docs.
    pub doc: Option<String>,
    /// The property whose value says which variant a JSON object is (`discriminator`, or a
    /// constant property every alternative has); `None` means "try each in order" (untagged).
    pub tag: Option<String>,
    /// The alternatives in spec order.
    pub variants: Vec<UnionVariant>,
    /// For tagged unions: the variant keeping an object with an unknown tag value.
    pub other_variant: Option<String>,
}

/// One alternative of a union.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    /// Rust variant name.
    pub rust_name: String,
    /// The variant's payload type.
    pub ty: TypeRef,
    /// Boxed because the payload contains the union itself.
    pub boxed: bool,
    /// Tag values selecting this variant (tagged unions only).
    pub tag_values: Vec<String>,
    /// The payload struct leaves the tag out (it could only ever hold `tag_values[0]`), so
    /// serialising the variant writes the tag itself.
    pub tag_outside_payload: bool,
}

/// An object schema as a Rust struct.
#[derive(Debug, Clone, PartialEq)]
pub struct StructDef {
    /// Rust type name (UpperCamelCase).
    pub name: String,
    /// Where the schema stands, as a JSON pointer into the spec.
    pub pointer: String,
    /// Description lines for `///` docs.
    pub doc: Option<String>,
    /// Fields in the spec's property order.
    pub fields: Vec<Field>,
    /// Cross-field rules from `x-oagen-rules`.
    pub rules: Vec<Rule>,
}

/// One property of an object schema.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Rust field name (snake_case, sanitised, unique in the struct).
    pub rust_name: String,
    /// The JSON key.
    pub wire_name: String,
    /// Other JSON keys accepted when decoding (`x-oagen-aliases`).
    pub aliases: Vec<String>,
    /// Description for `///` docs.
    pub doc: Option<String>,
    /// The value type, before presence wrapping.
    pub ty: TypeRef,
    /// Boxed because the type contains this struct (a recursive type).
    pub boxed: bool,
    /// How absence and `null` are represented.
    pub presence: Presence,
    /// Value constraints checked before a request is sent.
    pub constraints: Constraints,
}

/// How a field's absence and `null` map to Rust.
#[derive(Debug, Clone, PartialEq)]
pub enum Presence {
    /// Required and not nullable: a plain `T`.
    Required,
    /// Required and nullable: `Option<T>`, always serialized (as `null` when `None`).
    RequiredNullable,
    /// Optional: `Option<T>`, left out when `None`.
    Optional,
    /// Optional and nullable: `Nullable<T>`, telling absent from `null` from a value.
    OptionalNullable,
    /// Optional with a spec default that decoding applies: a plain `T` filled in when absent.
    Defaulted(DefaultValue),
    /// `additionalProperties` beside `properties`: the other keys, kept in a map
    /// (`#[serde(flatten)]`); the field's type is that map.
    Flattened,
}

/// A spec `default` the generator can express as a Rust constant.
#[derive(Debug, Clone, PartialEq)]
pub enum DefaultValue {
    /// A boolean.
    Bool(bool),
    /// An integer.
    Integer(i64),
    /// A floating-point number.
    Number(f64),
    /// A string.
    String(String),
    /// A variant of a generated enum: the enum's Rust name and the variant's Rust name.
    EnumVariant { enum_name: String, variant: String },
    /// An empty list.
    EmptyArray,
}

/// Constraints from the schema that a client checks before sending.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Constraints {
    /// `maxLength`, counted in characters.
    pub max_length: Option<u64>,
    /// `minLength`, counted in characters.
    pub min_length: Option<u64>,
    /// `minimum` (inclusive unless `exclusive_minimum`).
    pub minimum: Option<f64>,
    /// `exclusiveMinimum`.
    pub exclusive_minimum: bool,
    /// `maximum` (inclusive unless `exclusive_maximum`).
    pub maximum: Option<f64>,
    /// `exclusiveMaximum`.
    pub exclusive_maximum: bool,
    /// `minItems`.
    pub min_items: Option<u64>,
    /// `maxItems`.
    pub max_items: Option<u64>,
}

impl Constraints {
    /// True when there is nothing to check.
    pub fn is_empty(&self) -> bool {
        self == &Constraints::default()
    }
}

/// A cross-field rule carried by the `x-oagen-rules` extension.
#[derive(Debug, Clone, PartialEq)]
pub enum Rule {
    /// When `field` has a value, `requires` must have one too.
    Requires { field: String, requires: String },
    /// When both have values, `earlier` must not be after `later`.
    Ordered { earlier: String, later: String },
    /// Operation level: when `parameter` is one of `values`, none of `fields` may be set in the body.
    ForbiddenWhen {
        parameter: String,
        values: Vec<String>,
        fields: Vec<String>,
    },
}

/// A string enum with a catch-all variant for values added after generation.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumDef {
    /// Rust type name.
    pub name: String,
    /// Where the schema stands.
    pub pointer: String,
    /// Description for `///` docs.
    pub doc: Option<String>,
    /// Known values in spec order.
    pub variants: Vec<Variant>,
    /// Name of the catch-all variant holding an unknown raw string (`Other` unless taken).
    pub other_variant: String,
}

/// One known enum value.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// Rust variant name.
    pub rust_name: String,
    /// The value on the wire.
    pub wire_value: String,
}

/// A reference to a type, as used by fields, parameters and bodies.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum TypeRef {
    /// `String`.
    String,
    /// `bool`.
    Bool,
    /// `i8` (`format: int8`).
    I8,
    /// `i16` (`format: int16`).
    I16,
    /// `i32`.
    I32,
    /// `u8` (`format: uint8`).
    U8,
    /// `u16` (`format: uint16`).
    U16,
    /// `u32` (`format: uint32`).
    U32,
    /// `u64` (`format: uint64`).
    U64,
    /// `i64`.
    I64,
    /// `f32`.
    F32,
    /// `f64`.
    F64,
    /// `::oagen_runtime::DateTime`, keeping the offset.
    DateTime,
    /// Raw bytes (`format: binary`, octet-stream bodies): `::oagen_runtime::Binary`.
    Binary,
    /// Any JSON value.
    Json,
    /// A Rust type the user mapped a string `format` to (`Config::map_format`), as written.
    Custom(String),
    /// A generated type, by Rust name.
    Named(String),
    /// `Vec<T>`.
    Array(Box<TypeRef>),
    /// `BTreeMap<String, T>` for `additionalProperties`.
    Map(Box<TypeRef>),
}

impl TypeRef {
    /// Any integer type.
    pub fn is_integer(&self) -> bool {
        matches!(
            self,
            TypeRef::I8
                | TypeRef::I16
                | TypeRef::I32
                | TypeRef::I64
                | TypeRef::U8
                | TypeRef::U16
                | TypeRef::U32
                | TypeRef::U64
        )
    }

    /// Any integer or floating-point type.
    pub fn is_numeric(&self) -> bool {
        self.is_integer() || matches!(self, TypeRef::F32 | TypeRef::F64)
    }
}

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
    /// HTTP method, upper case.
    pub method: String,
    /// The path template as written, e.g. `/users/{userId}/user-profile-statuses`.
    pub path: String,
    /// Where the operation stands, e.g. `#/paths/~1users~1{userId}/get`.
    pub pointer: String,
    /// `summary`.
    pub summary: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `tags`.
    pub tags: Vec<String>,
    /// Parameters (path-level ones merged in), in spec order.
    pub parameters: Vec<Parameter>,
    /// The request body, if any.
    pub body: Option<RequestBody>,
    /// The documented success response (the lowest 2xx), if the spec names one.
    pub success: Option<Response>,
    /// Documented error responses, by status.
    pub errors: Vec<Response>,
    /// Alternatives of security requirements: any one inner list satisfies the operation.
    pub security: Vec<Vec<SecurityRequirement>>,
    /// Operation-level rules from `x-oagen-rules`.
    pub rules: Vec<Rule>,
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
    /// For arrays: one `name=value` pair per item (`explode: true`) rather than a comma list.
    pub explode: bool,
    /// Description for docs.
    pub doc: Option<String>,
    /// Constraints checked before sending.
    pub constraints: Constraints,
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

/// The named types `roots` mention, directly or through struct fields, union variants, arrays
/// and maps.
pub fn reachable_types<'a>(
    types: &BTreeMap<String, TypeDef>,
    roots: impl IntoIterator<Item = &'a TypeRef>,
) -> BTreeSet<String> {
    let mut pending: Vec<&TypeRef> = roots.into_iter().collect();
    let mut seen = BTreeSet::new();
    while let Some(ty) = pending.pop() {
        match ty {
            TypeRef::Named(name) if seen.insert(name.clone()) => match types.get(name) {
                Some(TypeDef::Struct(def)) => {
                    pending.extend(def.fields.iter().map(|field| &field.ty))
                }
                Some(TypeDef::Union(def)) => {
                    pending.extend(def.variants.iter().map(|variant| &variant.ty))
                }
                _ => {}
            },
            TypeRef::Array(inner) | TypeRef::Map(inner) => pending.push(inner),
            _ => {}
        }
    }
    seen
}
