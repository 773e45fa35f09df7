//! Leaf values of schemas: the Rust type of a string or integer schema, the constraints a
//! client checks, and spec `default`s as Rust constants.

use openapiv3::{IntegerFormat, Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty};

use super::{child_pointer as child, Lowerer};
use crate::error::DiagnosticKind;
use crate::ir::{Constraints, DefaultValue, StringFormat as CheckedFormat, TypeDef, TypeRef};
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

/// The client-checkable constraints of a schema.
pub(crate) fn constraints_of(schema: &Schema) -> Constraints {
    let mut constraints = Constraints::default();
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) => {
            constraints.max_length = string.max_length.map(|n| n as u64);
            constraints.min_length = string.min_length.map(|n| n as u64);
            // One that does not compile has no check; `check_pattern` reports it where the
            // schema is lowered.
            constraints.pattern = string
                .pattern
                .clone()
                .filter(|pattern| ecma_regex(pattern).is_ok());
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

/// `pattern` compiled as the runtime compiles it. Default flags, not `u`: specs written for
/// JavaScript validators often escape punctuation (`\-`) in ways unicode mode refuses.
fn ecma_regex(pattern: &str) -> Result<regress::Regex, regress::Error> {
    regress::Regex::new(pattern)
}

impl Lowerer<'_> {
    /// Warns of a string schema's `pattern` that is not an ECMA-262 regular expression, at the
    /// `pattern` keyword. A warning, not an error: public specs carry other dialects' patterns
    /// (Java's `(?i)`), and one such field should not cost the whole client; values are simply
    /// not checked against it, and `--strict` refuses it.
    pub(super) fn check_pattern(&mut self, schema: &Schema, pointer: &str) {
        let SchemaKind::Type(Type::String(string)) = &schema.schema_kind else {
            return;
        };
        let Some(pattern) = &string.pattern else {
            return;
        };
        if let Err(error) = ecma_regex(pattern) {
            self.warn(
                DiagnosticKind::InvalidPattern,
                &child(pointer, "pattern"),
                format!(
                    "`pattern` {pattern:?} is not an ECMA-262 regular expression ({error}); \
                     values are not checked against it"
                ),
            );
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
