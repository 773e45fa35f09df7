//! Schemas -> named types (`ir::TypeDef`) and type references (`ir::TypeRef`).

use openapiv3::{
    AdditionalProperties, NumberFormat, ObjectType, ReferenceOr, Schema, SchemaData, SchemaKind,
    Type, VariantOrUnknownOrEmpty,
};

use super::tuple::TUPLE_EXTENSION;
use super::values::integer_type;
use super::{child_pointer as child, extensions, Lowerer};
use crate::error::{Construct, DiagnosticKind};
use crate::ir::{Constraints, EnumDef, Field, Presence, StructDef, TypeDef, TypeRef, Variant};
use crate::naming::{camel_ident, snake_ident, UniqueNames};

/// What a schema lowers to at the place it is used.
pub(crate) struct Lowered {
    /// The Rust type.
    pub ty: TypeRef,
    /// Whether `null` is allowed.
    pub nullable: bool,
    /// Constraints a client checks for this value.
    pub constraints: Constraints,
    /// For a reference: the first paragraph of the target's description, a fallback field doc.
    pub referenced_doc: Option<String>,
}

impl Lowered {
    /// This value, nullable also when the schema wrapping it says so.
    fn or_null(self, nullable: bool) -> Lowered {
        Lowered {
            nullable: nullable || self.nullable,
            ..self
        }
    }
}

impl Lowerer<'_> {
    /// Claims Rust names for every component schema that becomes a named type, in spec order,
    /// so component names win over names invented for inline schemas; then lowers them all.
    pub(crate) fn lower_components(&mut self) {
        let spec = self.spec;
        let Some(components) = spec.components.as_ref() else {
            return;
        };
        for (name, schema) in &components.schemas {
            if let ReferenceOr::Item(schema) = schema {
                if is_named_shape(schema) {
                    let rust = self.type_names.claim(&camel_ident(name));
                    self.component_types
                        .insert(name.clone(), TypeRef::Named(rust));
                }
            }
        }
        for (name, schema) in &components.schemas {
            let pointer = child("#/components/schemas", name);
            match (schema, self.component_types.get(name).cloned()) {
                // Only a component that claimed its own name above defines a type here; an
                // alias (`oneOf: [$ref]`, a described `$ref`) lowered earlier through a reference
                // maps to its target's name, whose type it must not overwrite.
                (ReferenceOr::Item(schema), Some(TypeRef::Named(rust)))
                    if is_named_shape(schema) =>
                {
                    self.lower_named(rust, schema, &pointer);
                }
                _ => {
                    self.component_type(name, &pointer);
                }
            }
        }
    }

    /// The type of a schema at `pointer`; `hint` names an inline struct or enum if one is needed.
    pub(crate) fn schema_type(
        &mut self,
        schema: &ReferenceOr<Schema>,
        pointer: &str,
        hint: &str,
    ) -> Lowered {
        match schema {
            ReferenceOr::Reference { reference } => self.reference_type(reference, pointer),
            ReferenceOr::Item(schema) => self.inline_type(schema, pointer, hint),
        }
    }

    /// `schema_type` for the boxed schemas `openapiv3` uses in properties and items.
    pub(crate) fn boxed_schema_type(
        &mut self,
        schema: &ReferenceOr<Box<Schema>>,
        pointer: &str,
        hint: &str,
    ) -> Lowered {
        match schema {
            ReferenceOr::Reference { reference } => self.reference_type(reference, pointer),
            ReferenceOr::Item(schema) => self.inline_type(schema, pointer, hint),
        }
    }

    fn reference_type(&mut self, reference: &str, pointer: &str) -> Lowered {
        let Some(name) = self.component_name(reference, "schemas", pointer) else {
            return json_value();
        };
        let spec = self.spec;
        let Some(target) = spec.components.as_ref().and_then(|c| c.schemas.get(name)) else {
            self.error(
                DiagnosticKind::InvalidReference,
                pointer,
                format!("`$ref: {reference}` points at nothing: there is no such schema"),
            );
            return json_value();
        };
        let ty = self.component_type(name, pointer);
        // A named type carries its own docs, so the field repeats only their first paragraph;
        // a component that is a plain scalar (an integer whose values its description lists)
        // has no type of its own, and the field is the only place its docs can go.
        let whole_doc = !matches!(ty, TypeRef::Named(_));
        let (nullable, constraints, referenced_doc) = match target {
            ReferenceOr::Item(schema) => (
                schema.schema_data.nullable,
                self.value_constraints(schema),
                doc_of(&schema.schema_data).map(|doc| match whole_doc {
                    true => doc,
                    false => doc
                        .split("\n\n")
                        .next()
                        .unwrap_or_default()
                        .trim()
                        .to_owned(),
                }),
            ),
            ReferenceOr::Reference { .. } => (false, Constraints::default(), None),
        };
        Lowered {
            ty,
            nullable,
            constraints,
            referenced_doc,
        }
    }

    /// The type a component schema stands for (named types were claimed up front).
    fn component_type(&mut self, name: &str, pointer: &str) -> TypeRef {
        if let Some(ty) = self.component_types.get(name) {
            return ty.clone();
        }
        if !self.in_progress.insert(name.to_owned()) {
            self.error(
                DiagnosticKind::Cycle,
                pointer,
                format!("schema `{name}` is defined in terms of itself with no object in between"),
            );
            return TypeRef::Json;
        }
        let spec = self.spec;
        let own_pointer = child("#/components/schemas", name);
        let ty = match spec.components.as_ref().and_then(|c| c.schemas.get(name)) {
            Some(ReferenceOr::Item(schema)) => {
                self.inline_type(schema, &own_pointer, &camel_ident(name))
                    .ty
            }
            Some(ReferenceOr::Reference { reference }) => {
                self.reference_type(reference, &own_pointer).ty
            }
            None => TypeRef::Json,
        };
        self.in_progress.remove(name);
        self.component_types.insert(name.to_owned(), ty.clone());
        ty
    }

    fn inline_type(&mut self, schema: &Schema, pointer: &str, hint: &str) -> Lowered {
        let nullable = schema.schema_data.nullable;
        self.check_pattern(schema, pointer);
        let constraints = self.value_constraints(schema);
        let ty = match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => {
                let ty = self.string_type(string, schema, pointer, hint);
                if let TypeRef::Custom(_) = ty {
                    // The user's type checks its own values.
                    return Lowered {
                        ty,
                        nullable,
                        constraints: Constraints::default(),
                        referenced_doc: None,
                    };
                }
                ty
            }
            SchemaKind::Type(Type::Integer(integer)) => integer_type(integer),
            SchemaKind::Type(Type::Number(number)) => match number.format {
                VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => TypeRef::F32,
                _ => TypeRef::F64,
            },
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Bool,
            SchemaKind::Type(Type::Array(array)) => {
                self.array_type(array, &schema.schema_data, pointer, hint)
            }
            SchemaKind::Type(Type::Object(object)) => {
                self.object_type(schema, object, pointer, hint)
            }
            SchemaKind::AllOf { all_of } if all_of.len() == 1 => {
                // `allOf: [$ref]` is how 3.0 attaches `nullable` or a description to a reference.
                let inner =
                    self.schema_type(&all_of[0], &child(&child(pointer, "allOf"), "0"), hint);
                return inner.or_null(nullable);
            }
            SchemaKind::AllOf { all_of } => match self.merge_once(all_of, pointer) {
                Some(merged) => {
                    let rust = self.type_names.claim(&camel_ident(hint));
                    self.lower_merged(rust.clone(), &schema.schema_data, all_of, &merged, pointer);
                    TypeRef::Named(rust)
                }
                None => TypeRef::Json,
            },
            SchemaKind::OneOf {
                one_of: alternatives,
            }
            | SchemaKind::AnyOf {
                any_of: alternatives,
            } => {
                let keyword = if matches!(schema.schema_kind, SchemaKind::OneOf { .. }) {
                    "oneOf"
                } else {
                    "anyOf"
                };
                if let [single] = alternatives.as_slice() {
                    // Like `allOf: [$ref]`: one alternative is that type.
                    let inner =
                        self.schema_type(single, &child(&child(pointer, keyword), "0"), hint);
                    return inner.or_null(nullable);
                }
                let rust = self.type_names.claim(&camel_ident(hint));
                self.lower_union(rust.clone(), schema, alternatives, keyword, pointer);
                TypeRef::Named(rust)
            }
            SchemaKind::Not { .. } => {
                self.warn(DiagnosticKind::Unsupported(Construct::Not), pointer, "`not` cannot be expressed as a Rust type; the value is kept as serde_json::Value");
                TypeRef::Json
            }
            SchemaKind::Any(any)
                if !any.properties.is_empty() || any.additional_properties.is_some() =>
            {
                self.object_type(schema, &object_of_any(any), pointer, hint)
            }
            SchemaKind::Any(_) => TypeRef::Json,
        };
        Lowered {
            ty,
            nullable,
            constraints,
            referenced_doc: None,
        }
    }

    /// The tuple `x-oagen-tuple` describes, if there is a well-formed one; else `Vec` of the item
    /// type (`serde_json::Value` items when `items` is missing), an inline item type named
    /// after the array (`{hint}Item`).
    fn array_type(
        &mut self,
        array: &openapiv3::ArrayType,
        data: &SchemaData,
        pointer: &str,
        hint: &str,
    ) -> TypeRef {
        if let Some(tuple) = data.extensions.get(TUPLE_EXTENSION) {
            if let Some(ty) = self.tuple_type(tuple, pointer, hint) {
                return ty;
            }
        }
        let item = match &array.items {
            Some(items) => {
                let hint = format!("{hint}Item");
                self.boxed_schema_type(items, &child(pointer, "items"), &hint)
                    .ty
            }
            None => TypeRef::Json,
        };
        TypeRef::Array(Box::new(item))
    }

    fn object_type(
        &mut self,
        schema: &Schema,
        object: &ObjectType,
        pointer: &str,
        hint: &str,
    ) -> TypeRef {
        if object.properties.is_empty() {
            return match &object.additional_properties {
                Some(AdditionalProperties::Schema(values)) => {
                    let value_hint = format!("{hint}Value");
                    let values = self.schema_type(
                        values,
                        &child(pointer, "additionalProperties"),
                        &value_hint,
                    );
                    TypeRef::Map(Box::new(values.ty))
                }
                _ => TypeRef::Json,
            };
        }
        let rust = self.type_names.claim(&camel_ident(hint));
        self.lower_struct(rust.clone(), &schema.schema_data, object, pointer);
        TypeRef::Named(rust)
    }

    /// Lowers a component or inline schema that becomes a named type under `rust`.
    pub(super) fn lower_named(&mut self, rust: String, schema: &Schema, pointer: &str) {
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => {
                let values: Vec<&str> = string
                    .enumeration
                    .iter()
                    .flatten()
                    .map(String::as_str)
                    .collect();
                self.lower_enum(rust, &schema.schema_data, &values, pointer);
            }
            SchemaKind::Type(Type::Object(object)) => {
                self.lower_struct(rust, &schema.schema_data, object, pointer)
            }
            SchemaKind::AllOf { all_of } => {
                let merged = self.merge_once(all_of, pointer).unwrap_or_default();
                self.lower_merged(rust, &schema.schema_data, all_of, &merged, pointer);
            }
            SchemaKind::OneOf {
                one_of: alternatives,
            } => self.lower_union(rust, schema, alternatives, "oneOf", pointer),
            SchemaKind::AnyOf {
                any_of: alternatives,
            } => self.lower_union(rust, schema, alternatives, "anyOf", pointer),
            // Object keywords beside one `openapiv3` reads no type from (a `not` that only
            // constrains): the object those keywords describe.
            SchemaKind::Any(any)
                if !any.properties.is_empty() || any.additional_properties.is_some() =>
            {
                self.lower_struct(rust, &schema.schema_data, &object_of_any(any), pointer)
            }
            _ => {
                let ty = self.inline_type(schema, pointer, &rust).ty;
                self.warn(
                    DiagnosticKind::Unsupported(Construct::SchemaShape),
                    pointer,
                    format!("expected an object or a string enum here, found {ty:?}"),
                );
            }
        }
    }

    fn lower_enum(&mut self, rust: String, data: &SchemaData, values: &[&str], pointer: &str) {
        let mut names = UniqueNames::new();
        let variants: Vec<Variant> = values
            .iter()
            .map(|value| Variant {
                rust_name: names.claim(&camel_ident(value)),
                wire_value: (*value).to_owned(),
                doc: None,
            })
            .collect();
        let other_variant = names.claim_first_free(&["Other", "UnknownValue", "Unrecognized"]);
        let def = EnumDef {
            name: rust.clone(),
            pointer: pointer.to_owned(),
            doc: doc_of(data),
            variants,
            other_variant,
        };
        self.types.insert(rust, TypeDef::Enum(def));
    }

    pub(super) fn lower_struct(
        &mut self,
        rust: String,
        data: &SchemaData,
        object: &ObjectType,
        pointer: &str,
    ) {
        let mut names = UniqueNames::new();
        let mut fields = Vec::new();
        let properties_pointer = child(pointer, "properties");
        for (wire_name, property) in &object.properties {
            let field_pointer = child(&properties_pointer, wire_name);
            let hint = format!("{rust}{}", camel_ident(wire_name));
            let lowered = self.boxed_schema_type(property, &field_pointer, &hint);
            let property_data = match property {
                ReferenceOr::Item(schema) => Some(&schema.schema_data),
                ReferenceOr::Reference { .. } => None,
            };
            // A read-only property is never sent and a write-only one never received, so one
            // struct serving both directions cannot require either.
            let one_way = property_data.is_some_and(|data| data.read_only || data.write_only);
            let required = !one_way && object.required.iter().any(|name| name == wire_name);
            let default = property_data
                .and_then(|data| data.default.as_ref())
                .and_then(|value| self.default_value(value, &lowered.ty, &field_pointer));
            let presence = match (required, lowered.nullable, default) {
                (true, false, _) => Presence::Required,
                (true, true, _) => Presence::RequiredNullable,
                (false, true, _) => Presence::OptionalNullable,
                (false, false, Some(default)) => Presence::Defaulted(default),
                (false, false, None) => Presence::Optional,
            };
            let aliases =
                match property_data.and_then(|data| data.extensions.get("x-oagen-aliases")) {
                    Some(value) => extensions::parse_aliases(value).unwrap_or_else(|message| {
                        self.error(
                            DiagnosticKind::Rule,
                            &child(&field_pointer, "x-oagen-aliases"),
                            message,
                        );
                        Vec::new()
                    }),
                    None => Vec::new(),
                };
            fields.push(Field {
                rust_name: names.claim(&snake_ident(wire_name)),
                wire_name: wire_name.clone(),
                aliases,
                doc: one_way_note(
                    property_data,
                    property_data.and_then(doc_of).or(lowered.referenced_doc),
                ),
                ty: lowered.ty,
                boxed: false,
                presence,
                constraints: lowered.constraints,
            });
        }
        fields.extend(self.extra_properties_field(&rust, object, pointer, &mut names));
        for name in &object.required {
            if !object.properties.contains_key(name) {
                self.warn(
                    DiagnosticKind::Repaired,
                    pointer,
                    format!(
                        "`{name}` is listed in `required` but is not a property; it is ignored"
                    ),
                );
            }
        }
        let mut rules = self.schema_rules(data, &fields, pointer);
        rules.extend(super::rules::property_count_rule(object, &fields));
        let def = StructDef {
            name: rust.clone(),
            pointer: pointer.to_owned(),
            doc: doc_of(data),
            fields,
            rules,
        };
        self.types.insert(rust, TypeDef::Struct(def));
    }

    /// The field keeping keys beyond the listed properties (a flattened map), when the schema
    /// allows them: kept, not dropped.
    fn extra_properties_field(
        &mut self,
        rust: &str,
        object: &ObjectType,
        pointer: &str,
        names: &mut UniqueNames,
    ) -> Option<Field> {
        let extra = match &object.additional_properties {
            Some(AdditionalProperties::Schema(values)) => {
                let hint = format!("{rust}Value");
                Some(
                    self.schema_type(values, &child(pointer, "additionalProperties"), &hint)
                        .ty,
                )
            }
            Some(AdditionalProperties::Any(true)) => Some(TypeRef::Json),
            _ => None,
        };
        let values = extra?;
        let free = [
            "additional_properties",
            "extra_properties",
            "other_properties",
        ]
        .into_iter()
        .find(|candidate| !names.contains(candidate))
        .unwrap_or("additional_properties");
        let rust_name = names.claim(free);
        Some(Field {
            rust_name,
            wire_name: String::new(),
            aliases: Vec::new(),
            doc: Some(
                "Properties beyond the ones listed, as the schema's `additionalProperties` allows."
                    .to_owned(),
            ),
            ty: TypeRef::Map(Box::new(values)),
            boxed: false,
            presence: Presence::Flattened,
            constraints: Constraints::default(),
        })
    }
}

/// Objects with properties, string enums and multi-part `allOf` become named types.
fn is_named_shape(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) => string.enumeration.iter().any(Option::is_some),
        SchemaKind::Type(Type::Object(object)) => !object.properties.is_empty(),
        SchemaKind::AllOf { all_of } => all_of.len() > 1,
        SchemaKind::OneOf {
            one_of: alternatives,
        }
        | SchemaKind::AnyOf {
            any_of: alternatives,
        } => alternatives.len() > 1,
        _ => false,
    }
}

fn json_value() -> Lowered {
    Lowered {
        ty: TypeRef::Json,
        nullable: false,
        constraints: Constraints::default(),
        referenced_doc: None,
    }
}

/// The description, or the title when there is no description.
pub(crate) fn doc_of(data: &SchemaData) -> Option<String> {
    data.description.clone().or_else(|| data.title.clone())
}

/// Adds "read-only"/"write-only" to a field's doc, since it explains why the field is optional.
fn one_way_note(data: Option<&SchemaData>, doc: Option<String>) -> Option<String> {
    let note = match data {
        Some(data) if data.read_only => "Read-only: set by the server, never sent.",
        Some(data) if data.write_only => "Write-only: sent, never returned.",
        _ => return doc,
    };
    Some(match doc {
        Some(doc) => format!("{doc}\n\n{note}"),
        None => note.to_owned(),
    })
}

/// An untyped schema with properties, read as the object it describes.
fn object_of_any(any: &openapiv3::AnySchema) -> ObjectType {
    ObjectType {
        properties: any.properties.clone(),
        required: any.required.clone(),
        additional_properties: any.additional_properties.clone(),
        min_properties: any.min_properties,
        max_properties: any.max_properties,
    }
}
