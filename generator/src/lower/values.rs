//! Leaf values of schemas: the Rust type of a string or integer schema, the constraints a
//! client checks, and spec `default`s as Rust constants.

use std::borrow::Borrow;

use openapiv3::{
    AdditionalProperties, IntegerFormat, ReferenceOr, Schema, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};

use super::{child_pointer as child, Lowerer};
use crate::error::DiagnosticKind;
use crate::ir::{
    Constraints, DefaultValue, Pattern, StringFormat as CheckedFormat, TypeDef, TypeRef,
};
use crate::naming::camel_ident;

/// The extension the loader writes for OpenAPI 3.1's `contentEncoding` (see `load/v31`).
pub(crate) const BASE64_CONTENT: &str = "x-oagen-content-encoding";

impl Lowerer<'_> {
    /// A string schema's type: a generated enum when it lists values, the user's type for a
    /// mapped `format`, otherwise by format (date-time, binary or plain `String`).
    pub(super) fn string_type(
        &mut self,
        string: &openapiv3::StringType,
        schema: &Schema,
        pointer: &str,
        hint: &str,
    ) -> TypeRef {
        if string.enumeration.iter().any(Option::is_some) {
            let rust = self.type_names.claim(&camel_ident(hint));
            self.lower_named(rust.clone(), schema, pointer);
            return TypeRef::Named(rust);
        }
        let format_name = match &string.format {
            VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => "date-time",
            VariantOrUnknownOrEmpty::Item(StringFormat::Date) => "date",
            VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => "binary",
            VariantOrUnknownOrEmpty::Item(StringFormat::Byte) => "byte",
            VariantOrUnknownOrEmpty::Item(StringFormat::Password) => "password",
            VariantOrUnknownOrEmpty::Unknown(format) => format.as_str(),
            VariantOrUnknownOrEmpty::Empty => "",
        };
        if let Some(mapped) = self.format_map.get(format_name) {
            return TypeRef::Custom(mapped.clone());
        }
        // `contentEncoding: base64` (OpenAPI 3.1, marked by the loader) says the text is only
        // the carrier of bytes; 3.0's `format: byte` stays the text it always was here.
        let base64_content = schema
            .schema_data
            .extensions
            .get(BASE64_CONTENT)
            .is_some_and(|value| value == "base64");
        match string.format {
            VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => TypeRef::DateTime,
            VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => TypeRef::Binary,
            VariantOrUnknownOrEmpty::Item(StringFormat::Byte) if base64_content => {
                TypeRef::Base64Bytes
            }
            _ => TypeRef::String,
        }
    }

    pub(super) fn default_value(
        &mut self,
        value: &serde_json::Value,
        ty: &TypeRef,
        pointer: &str,
    ) -> Option<DefaultValue> {
        let default = match (ty, value) {
            (TypeRef::Bool, serde_json::Value::Bool(value)) => Some(DefaultValue::Bool(*value)),
            // Out of the type's range, the constant would not compile (`99999999999` as `i32`).
            (ty, serde_json::Value::Number(n)) if ty.is_integer() => n
                .as_i64()
                .filter(|n| integer_fits(ty, *n))
                .map(DefaultValue::Integer),
            (TypeRef::F32, serde_json::Value::Number(n)) => n
                .as_f64()
                .filter(|n| (*n as f32).is_finite())
                .map(DefaultValue::Number),
            (TypeRef::F64, serde_json::Value::Number(n)) => n.as_f64().map(DefaultValue::Number),
            (TypeRef::String, serde_json::Value::String(s)) => {
                Some(DefaultValue::String(s.clone()))
            }
            (TypeRef::Array(_), serde_json::Value::Array(items)) if items.is_empty() => {
                Some(DefaultValue::EmptyArray)
            }
            (TypeRef::Named(name), serde_json::Value::String(s)) => match self.types.get(name) {
                Some(TypeDef::Enum(def)) => {
                    def.variants.iter().find(|v| &v.wire_value == s).map(|v| {
                        DefaultValue::EnumVariant {
                            enum_name: def.name.clone(),
                            variant: v.rust_name.clone(),
                        }
                    })
                }
                _ => None,
            },
            _ => None,
        };
        if default.is_none() {
            self.warn(
                DiagnosticKind::Repaired,
                &child(pointer, "default"),
                format!("default {value} does not fit the field's type; it is not applied"),
            );
        }
        default
    }
}

/// Whether `n` is a value of the integer type `ty` (false for a type that is not an integer).
fn integer_fits(ty: &TypeRef, n: i64) -> bool {
    match ty {
        TypeRef::I8 => i8::try_from(n).is_ok(),
        TypeRef::I16 => i16::try_from(n).is_ok(),
        TypeRef::I32 => i32::try_from(n).is_ok(),
        TypeRef::I64 => true,
        TypeRef::U8 => u8::try_from(n).is_ok(),
        TypeRef::U16 => u16::try_from(n).is_ok(),
        TypeRef::U32 => u32::try_from(n).is_ok(),
        TypeRef::U64 => u64::try_from(n).is_ok(),
        _ => false,
    }
}

/// How deep `items`/`additionalProperties` are followed for the checks on items: deeper
/// nesting of constrained scalars than this is not written in any spec we know, and a bound
/// keeps a self-referring array alias finite.
const ITEM_DEPTH: usize = 8;

impl Lowerer<'_> {
    /// The client-checkable constraints of a schema, with those of each item of an array and
    /// each value of a map (followed through references, which lowering resolves elsewhere).
    pub(super) fn value_constraints(&self, schema: &Schema) -> Constraints {
        self.value_constraints_within(schema, ITEM_DEPTH)
    }

    fn value_constraints_within(&self, schema: &Schema, depth: usize) -> Constraints {
        let mut constraints = self.constraints_of(schema);
        let inner = match &schema.schema_kind {
            SchemaKind::Type(Type::Array(array)) => array.items.as_ref().map(borrowed),
            SchemaKind::Type(Type::Object(object)) if object.properties.is_empty() => {
                match &object.additional_properties {
                    Some(AdditionalProperties::Schema(values)) => Some(borrowed(values)),
                    _ => None,
                }
            }
            _ => None,
        };
        if let Some(inner) = inner.filter(|_| depth > 0) {
            let inner = self.item_constraints(inner, depth - 1);
            constraints.items = (!inner.is_empty()).then(|| Box::new(inner));
        }
        constraints
    }

    /// The constraints of an item schema, through a reference or a one-part composition (how
    /// 3.0 attaches `nullable` to a reference).
    fn item_constraints(&self, item: ReferenceOr<&Schema>, depth: usize) -> Constraints {
        let schema = match item {
            ReferenceOr::Item(schema) => schema,
            ReferenceOr::Reference { reference } => match self.schema_component(&reference) {
                Some(schema) if depth > 0 => return self.item_constraints(schema, depth - 1),
                _ => return Constraints::default(),
            },
        };
        match &schema.schema_kind {
            SchemaKind::AllOf { all_of: parts }
            | SchemaKind::OneOf { one_of: parts }
            | SchemaKind::AnyOf { any_of: parts }
                if parts.len() == 1 && depth > 0 =>
            {
                self.item_constraints(borrowed(&parts[0]), depth - 1)
            }
            _ => self.value_constraints_within(schema, depth),
        }
    }

    /// A `#/components/schemas/...` target, without diagnostics (lowering reports a bad
    /// reference where it lowers it).
    fn schema_component(&self, reference: &str) -> Option<ReferenceOr<&Schema>> {
        let name = reference.strip_prefix("#/components/schemas/")?;
        let schema = self.spec.components.as_ref()?.schemas.get(name)?;
        Some(borrowed(schema))
    }
}

/// A schema or reference, the schema borrowed (boxed or not, as `openapiv3` holds it).
fn borrowed<S: Borrow<Schema>>(schema: &ReferenceOr<S>) -> ReferenceOr<&Schema> {
    match schema {
        ReferenceOr::Reference { reference } => ReferenceOr::Reference {
            reference: reference.clone(),
        },
        ReferenceOr::Item(schema) => ReferenceOr::Item(schema.borrow()),
    }
}

impl Lowerer<'_> {
    /// A `pattern` as `read_pattern` reads it, read once per distinct pattern.
    fn pattern(&self, written: &str) -> Result<Pattern, String> {
        self.read_patterns
            .borrow_mut()
            .entry(written.to_owned())
            .or_insert_with(|| read_pattern(written).map_err(|error| error.to_string()))
            .clone()
    }

    /// The client-checkable constraints of a schema itself (not of its items).
    fn constraints_of(&self, schema: &Schema) -> Constraints {
        let mut constraints = Constraints::default();
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => {
                constraints.max_length = string.max_length.map(|n| n as u64);
                constraints.min_length = string.min_length.map(|n| n as u64);
                // One that does not compile has no check; `check_pattern` reports it where the
                // schema is lowered.
                constraints.pattern = string
                    .pattern
                    .as_deref()
                    .and_then(|written| self.pattern(written).ok());
                constraints.format = checked_format(&string.format);
            }
            SchemaKind::Type(Type::Integer(integer)) => {
                constraints.minimum = integer.minimum.map(|n| n as f64);
                constraints.maximum = integer.maximum.map(|n| n as f64);
                constraints.exclusive_minimum = integer.exclusive_minimum;
                constraints.exclusive_maximum = integer.exclusive_maximum;
                constraints.multiple_of = integer.multiple_of.map(|n| n as f64);
            }
            SchemaKind::Type(Type::Number(number)) => {
                constraints.minimum = number.minimum;
                constraints.maximum = number.maximum;
                constraints.exclusive_minimum = number.exclusive_minimum;
                constraints.exclusive_maximum = number.exclusive_maximum;
                constraints.multiple_of = number.multiple_of;
            }
            SchemaKind::Type(Type::Array(array)) => {
                constraints.min_items = array.min_items.map(|n| n as u64);
                constraints.max_items = array.max_items.map(|n| n as u64);
                constraints.unique_items = array.unique_items;
            }
            SchemaKind::Type(Type::Object(object)) => {
                constraints.min_properties = object.min_properties.map(|n| n as u64);
                constraints.max_properties = object.max_properties.map(|n| n as u64);
            }
            _ => {}
        }
        // JSON Schema requires `multipleOf` > 0; any other says nothing a value could break.
        constraints.multiple_of = constraints
            .multiple_of
            .filter(|step| step.is_finite() && *step > 0.0);
        constraints
    }
}

/// The format of a string kept as `String` that has one meaning to check; `date-time` counts
/// only where no `DateTime` type took it (a mapped format has no constraints at all).
fn checked_format(format: &VariantOrUnknownOrEmpty<StringFormat>) -> Option<CheckedFormat> {
    match format {
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => Some(CheckedFormat::Date),
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Some(CheckedFormat::DateTime),
        VariantOrUnknownOrEmpty::Unknown(name) => match name.as_str() {
            "uuid" => Some(CheckedFormat::Uuid),
            "email" => Some(CheckedFormat::Email),
            "ipv4" => Some(CheckedFormat::Ipv4),
            "ipv6" => Some(CheckedFormat::Ipv6),
            _ => None,
        },
        _ => None,
    }
}

/// Java's and PCRE's inline case-insensitive flag, which public specs carry (Adyen writes
/// `\\.(?i)(jpeg|tiff|pdf)`) and ECMA-262 has no syntax for.
const INLINE_IGNORE_CASE: &str = "(?i)";

/// `pattern` read as the runtime compiles it: ECMA-262 with default flags, not `u` (specs
/// written for JavaScript validators often escape punctuation (`\-`) in ways unicode mode
/// refuses). An inline `(?i)` is taken out and the whole pattern matched ignoring case: at most
/// looser than the spec meant, so no value the server takes is refused.
fn read_pattern(written: &str) -> Result<Pattern, regress::Error> {
    let ignore_case = written.contains(INLINE_IGNORE_CASE);
    let source = written.replace(INLINE_IGNORE_CASE, "");
    let flags = if ignore_case { "i" } else { "" };
    regress::Regex::with_flags(&source, flags)?;
    Ok(Pattern {
        source,
        ignore_case,
        written: written.to_owned(),
        static_name: None,
    })
}

impl Lowerer<'_> {
    /// Reports a string schema's `pattern` at the `pattern` keyword: an error when it is not an
    /// ECMA-262 regular expression (OpenAPI's dialect), since no value could be checked against
    /// it; a warning when an inline `(?i)` was read as matching ignoring case.
    pub(super) fn check_pattern(&mut self, schema: &Schema, pointer: &str) {
        let SchemaKind::Type(Type::String(string)) = &schema.schema_kind else {
            return;
        };
        let Some(written) = &string.pattern else {
            return;
        };
        let at = child(pointer, "pattern");
        match self.pattern(written) {
            Err(error) => self.error(
                DiagnosticKind::InvalidPattern,
                &at,
                format!("`pattern` {written:?} is not an ECMA-262 regular expression ({error})"),
            ),
            Ok(pattern) if pattern.ignore_case => self.warn(
                DiagnosticKind::Repaired,
                &at,
                format!(
                    "`pattern` {written:?} has an inline `(?i)`, which ECMA-262 lacks; values \
                     are matched against {:?} ignoring case throughout",
                    pattern.source
                ),
            ),
            Ok(_) => {}
        }
    }
}

/// An integer schema's type by `format`: `int32` and the sized formats some specs use; 64 bits
/// otherwise.
pub(super) fn integer_type(integer: &openapiv3::IntegerType) -> TypeRef {
    match &integer.format {
        VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => TypeRef::I32,
        VariantOrUnknownOrEmpty::Unknown(format) => match format.as_str() {
            "int8" => TypeRef::I8,
            "int16" => TypeRef::I16,
            "uint8" => TypeRef::U8,
            "uint16" => TypeRef::U16,
            "uint32" | "uint" => TypeRef::U32,
            "uint64" => TypeRef::U64,
            _ => TypeRef::I64,
        },
        _ => TypeRef::I64,
    }
}

#[cfg(test)]
#[path = "values_tests.rs"]
mod tests;
