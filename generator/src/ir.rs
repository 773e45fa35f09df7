//! The resolved intermediate representation: plain data, no `$ref`, every Rust name decided.
//!
//! Lowering (`crate::lower`) builds it from an OpenAPI document; checks (`crate::check`) read it;
//! emitters (`crate::emit`) turn it into Rust. Emitters never see `openapiv3` types.

use std::collections::{BTreeMap, BTreeSet};

mod constraints;
mod layout;
mod operation;
mod visit;

pub use constraints::{ConstraintCheck, Constraints, Pattern, SharedPattern, StringFormat};
pub use layout::{Group, GroupOf, Layout, Members, NamesOutside, Shared};
pub use operation::{
    ApiKeyLocation, BodyKind, ForbiddenWhen, FormStyle, HttpMethod, ObjectMember, Operation,
    Parameter, ParameterLocation, ParameterStyle, ParameterText, PathSegment, PathTemplate,
    RequestBody, Response, ResponseLink, SecurityRequirement, SecurityScheme, SecuritySchemeDef,
    StatusMatch,
};
pub use visit::NameVisitor;

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
    /// The request types whose values have something to check (a constraint, a rule, an enum
    /// value, or a part that does); the others get an empty `Validate` impl nobody calls.
    pub validated_types: BTreeSet<String>,
    /// Enums of documented error responses, each shared by the operations documenting exactly
    /// the same responses, in first-use order.
    pub error_types: Vec<ErrorType>,
    /// Security schemes keyed by their name in `components/securitySchemes`.
    pub security_schemes: BTreeMap<String, SecuritySchemeDef>,
    /// The names of each struct's builder methods and default functions, by struct Rust name
    /// (every struct in `types` has an entry).
    pub struct_methods: BTreeMap<String, StructMethods>,
    /// The split into one module per tag, when asked for (`Config::module_layout`); `None` puts
    /// everything in one module.
    pub layout: Option<Layout>,
    /// Patterns compiled once for the whole file, in first-use order (none when `layout`
    /// splits the file: see `lower::patterns`).
    pub shared_patterns: Vec<SharedPattern>,
}

/// Names of the functions generated for one struct's fields, decided by lowering after every
/// pass that changes a field's presence. Keyed by the field's Rust name; a field that is not a
/// key gets no such function.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StructMethods {
    /// The builder method setting an optional field (its own name unless that is taken by the
    /// constructor `new`). Emitted only for types a caller builds.
    pub setters: BTreeMap<String, String>,
    /// For optional nullable fields: the builder method sending an explicit `null`
    /// (`clear_note`, numbered when a field's setter already has that name).
    pub clears: BTreeMap<String, String>,
    /// For fields with a spec default: the function in the defaults module returning it.
    pub defaults: BTreeMap<String, String>,
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
    /// The URL with every variable at its default: where the client sends requests unless told
    /// otherwise (for the first server).
    pub default_url: String,
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
    /// Its largest variant is much larger than the others (`lower::sizes`): kept unboxed, so
    /// built and matched as the spec reads, with clippy's `large_enum_variant` allowed.
    pub uneven_variants: bool,
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
    /// Cross-field rules from `x-oagen-rules`, resolved to indices into `fields`.
    pub rules: Vec<StructRule>,
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

impl Presence {
    /// Whether a new value of the field is empty (`None`, `Absent`, an empty map) rather than
    /// something a caller or the spec must supply: a struct of such fields derives `Default`.
    pub fn starts_empty(&self) -> bool {
        matches!(
            self,
            Presence::Optional
                | Presence::OptionalNullable
                | Presence::RequiredNullable
                | Presence::Flattened
        )
    }
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

/// A cross-field rule from a schema's `x-oagen-rules`, its fields resolved to indices into
/// `StructDef::fields`.
#[derive(Debug, Clone, PartialEq)]
pub enum StructRule {
    /// When `field` has a value, `requires` must have one too.
    Requires { field: usize, requires: usize },
    /// When both have values, `earlier` must be strictly before `later`.
    Ordered { earlier: usize, later: usize },
    /// `minProperties`/`maxProperties` on a struct: how many properties a value sends (fields
    /// present, plus the entries of a flattened map). Lowering keeps it only when some value
    /// can break it.
    PropertyCount { min: Option<u64>, max: Option<u64> },
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
    /// What the spec says about this value (an alternative's `title` and `description`).
    pub doc: Option<String>,
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
    /// Bytes carried as base64 text (OpenAPI 3.1 `contentEncoding: base64`):
    /// `::oagen_runtime::Base64Bytes`.
    Base64Bytes,
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
    /// `(A, B, ...)`: an array of exactly these items in this order (`x-oagen-tuple`, which
    /// the loader writes for a 3.1 `prefixItems` tuple). Serde reads and writes it as a JSON array.
    Tuple(Vec<TypeRef>),
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
            TypeRef::Tuple(items) => pending.extend(items),
            _ => {}
        }
    }
    seen
}

/// True when a value of type `ty` holds a value of one of the `validated` types (itself, or as
/// an array item or map value) that one `Validate::validate` call on the value reaches. A
/// tuple is not such a value: `Validate` has no tuple impl (it would need one for every item
/// type, numbers and strings included), so its items are checked one by one instead (see
/// [`validated_tuple_items`]); a tuple inside an array or map goes unchecked.
pub fn holds_validated(validated: &BTreeSet<String>, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Named(name) => validated.contains(name),
        TypeRef::Array(inner) | TypeRef::Map(inner) => holds_validated(validated, inner),
        _ => false,
    }
}

/// For a tuple, the items with something to check, with their positions: a validated type
/// that [`holds_validated`] reaches, or a tuple with such items itself. Empty for other types.
pub fn validated_tuple_items<'a>(
    validated: &BTreeSet<String>,
    ty: &'a TypeRef,
) -> Vec<(usize, &'a TypeRef)> {
    let TypeRef::Tuple(items) = ty else {
        return Vec::new();
    };
    items
        .iter()
        .enumerate()
        .filter(|(_, item)| {
            holds_validated(validated, item) || !validated_tuple_items(validated, item).is_empty()
        })
        .collect()
}
