//! `oneOf`/`anyOf` -> `ir::UnionDef`: tagged when a discriminator (or a constant property every
//! alternative shares) says which alternative an object is, untagged otherwise.

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

use super::{child_pointer as child, schema::doc_of, Lowerer};
use crate::error::DiagnosticKind;
use crate::ir::{EnumDef, Presence, TypeDef, TypeRef, UnionDef, UnionVariant, Variant};
use crate::naming::{camel_ident, UniqueNames};

impl Lowerer<'_> {
    /// Lowers the alternatives of a `oneOf`/`anyOf` named `rust`.
    pub(crate) fn lower_union(
        &mut self,
        rust: String,
        schema: &Schema,
        alternatives: &[ReferenceOr<Schema>],
        keyword: &str,
        pointer: &str,
    ) {
        // `oneOf` of single-value string enums is how many specs document each enum value.
        if let Some(values) = string_enum_values(alternatives) {
            let def = one_value_enum(rust.clone(), schema, values, pointer);
            self.types.insert(rust, TypeDef::Enum(def));
            return;
        }
        let resolved: Vec<Option<&Schema>> = alternatives
            .iter()
            .map(|alternative| self.peek(alternative))
            .collect();
        self.warn_unmatched_mappings(schema, alternatives, pointer);
        let tag = schema
            .schema_data
            .discriminator
            .as_ref()
            .map(|discriminator| discriminator.property_name.clone())
            .or_else(|| implicit_tag(&resolved));
        let mut names = UniqueNames::new();
        let mut variants = Vec::new();
        let list_pointer = child(pointer, keyword);
        for (index, alternative) in alternatives.iter().enumerate() {
            let alternative_pointer = child(&list_pointer, &index.to_string());
            let tag_values = match (&tag, resolved[index]) {
                (Some(tag), Some(target)) => tag_values_of(target, tag, schema, alternative),
                _ => Vec::new(),
            };
            let rust_name = names.claim(&variant_stem(alternative, tag_values.first()));
            let lowered = self.schema_type(
                alternative,
                &alternative_pointer,
                &format!("{rust}{rust_name}"),
            );
            variants.push(UnionVariant {
                rust_name,
                ty: lowered.ty,
                boxed: false,
                tag_values,
                tag_outside_payload: false,
            });
        }
        let tag = tag.filter(|tag| {
            variants
                .iter()
                .all(|variant| !variant.tag_values.is_empty())
                && self.tag_values_distinct(&variants, tag, pointer)
        });
        if tag.is_none() {
            for variant in &mut variants {
                variant.tag_values.clear();
            }
        }
        if let Some(tag) = &tag {
            for (variant, alternative) in variants.iter_mut().zip(alternatives) {
                if let ReferenceOr::Item(_) = alternative {
                    variant.tag_outside_payload =
                        self.hoist_constant_tag(&variant.ty, tag, &variant.tag_values);
                }
            }
        }
        let other_variant = tag
            .as_ref()
            .map(|_| names.claim_first_free(&["Unknown", "UnknownVariant", "Unrecognized"]));
        let def = UnionDef {
            name: rust.clone(),
            pointer: pointer.to_owned(),
            doc: doc_of(&schema.schema_data),
            tag,
            variants,
            other_variant,
            // Decided once every type is lowered and recursion boxed (`sizes`).
            uneven_variants: false,
        };
        self.types.insert(rust, TypeDef::Union(def));
    }

    /// A discriminator mapping entry naming a schema that is none of the alternatives selects
    /// nothing; a warning names it rather than let the value go unread.
    fn warn_unmatched_mappings(
        &mut self,
        schema: &Schema,
        alternatives: &[ReferenceOr<Schema>],
        pointer: &str,
    ) {
        let Some(discriminator) = &schema.schema_data.discriminator else {
            return;
        };
        let mapping_pointer = child(&child(pointer, "discriminator"), "mapping");
        for (value, target) in &discriminator.mapping {
            let matched = alternatives.iter().any(|alternative| {
                matches!(alternative, ReferenceOr::Reference { reference }
                    if mapping_selects(target, reference))
            });
            if !matched {
                self.warn(
                    DiagnosticKind::Repaired,
                    &child(&mapping_pointer, value),
                    format!("the mapping `{value}: {target}` names none of the alternatives; that tag value is not recognised"),
                );
            }
        }
    }

    /// An inline alternative's struct repeats the tag as a required one-value enum field, which
    /// gives the struct one more field and the API one more enum that can hold only the value
    /// the tag already implies. Drop both and let the union write the tag; true if done.
    fn hoist_constant_tag(&mut self, ty: &TypeRef, tag: &str, values: &[String]) -> bool {
        let ([value], TypeRef::Named(name)) = (values, ty) else {
            return false;
        };
        let Some(TypeDef::Struct(def)) = self.types.get(name) else {
            return false;
        };
        let Some(position) = def
            .fields
            .iter()
            .position(|field| field.wire_name == tag && field.presence == Presence::Required)
        else {
            return false;
        };
        let TypeRef::Named(enum_name) = def.fields[position].ty.clone() else {
            return false;
        };
        let constant = matches!(
            self.types.get(&enum_name),
            Some(TypeDef::Enum(def)) if matches!(def.variants.as_slice(), [only] if only.wire_value == *value)
        );
        // A component enum is shared with other schemas; only the field's own inline enum goes.
        let shared = self
            .component_types
            .values()
            .any(|component| *component == TypeRef::Named(enum_name.clone()));
        if !constant || shared {
            return false;
        }
        if let Some(TypeDef::Struct(def)) = self.types.get_mut(name) {
            def.fields.remove(position);
        }
        self.types.remove(&enum_name);
        true
    }

    /// Whether no tag value selects two alternatives; if one does (two alternatives both say
    /// `type: message`), the union cannot dispatch on the tag and is read untagged, with a
    /// warning naming the value.
    fn tag_values_distinct(&mut self, variants: &[UnionVariant], tag: &str, pointer: &str) -> bool {
        let mut seen = std::collections::BTreeSet::new();
        let shared = variants
            .iter()
            .flat_map(|variant| &variant.tag_values)
            .find(|value| !seen.insert(value.as_str()));
        let Some(shared) = shared else {
            return true;
        };
        self.warn(
            DiagnosticKind::Repaired,
            pointer,
            format!("the tag `{tag}: {shared}` selects more than one alternative, so it cannot say which one a value is; the alternatives are tried in order instead"),
        );
        false
    }

    /// The schema a reference or item stands for, without lowering it.
    fn peek<'s>(&self, alternative: &'s ReferenceOr<Schema>) -> Option<&'s Schema>
    where
        Self: 's,
    {
        let spec = self.spec;
        let schemas = &spec.components.as_ref()?.schemas;
        let mut current = alternative;
        // An alias component (only a `$ref`) is followed; a chain longer than the map loops.
        for _ in 0..=schemas.len() {
            match current {
                ReferenceOr::Item(schema) => return Some(schema),
                ReferenceOr::Reference { reference } => {
                    let name = reference.strip_prefix("#/components/schemas/")?;
                    current = schemas.get(name)?;
                }
            }
        }
        None
    }
}

/// All alternatives are inline string enums: their values in order, each with the doc of the
/// alternative listing it.
fn string_enum_values(
    alternatives: &[ReferenceOr<Schema>],
) -> Option<Vec<(String, Option<String>)>> {
    let mut values = Vec::new();
    for alternative in alternatives {
        let ReferenceOr::Item(schema) = alternative else {
            return None;
        };
        let SchemaKind::Type(Type::String(string)) = &schema.schema_kind else {
            return None;
        };
        if string.enumeration.is_empty() {
            return None;
        }
        let doc = value_doc(&schema.schema_data);
        values.extend(
            string
                .enumeration
                .iter()
                .flatten()
                .map(|value| (value.clone(), doc.clone())),
        );
    }
    (!values.is_empty()).then_some(values)
}

/// What an alternative says about its value: the title first (it becomes the summary line
/// rustdoc shows), then the description (3.1 specs document each `const` of a `oneOf` this way).
/// Unlike `doc_of`, which picks one, both are kept: a title names the value, the description
/// explains it.
fn value_doc(data: &openapiv3::SchemaData) -> Option<String> {
    let parts: Vec<&str> = [data.title.as_deref(), data.description.as_deref()]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .collect();
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}

/// A property every alternative requires and fixes to one string value, with distinct values.
fn implicit_tag(resolved: &[Option<&Schema>]) -> Option<String> {
    let first = object_of(resolved.first().copied().flatten()?)?;
    'candidates: for (name, _) in &first.properties {
        let mut seen = Vec::new();
        for schema in resolved {
            let object = schema.and_then(object_of)?;
            match object.properties.get(name).and_then(constant_of) {
                Some(value) if object.required.contains(name) && !seen.contains(&value) => {
                    seen.push(value)
                }
                _ => continue 'candidates,
            }
        }
        return Some(name.clone());
    }
    None
}

fn object_of(schema: &Schema) -> Option<&openapiv3::ObjectType> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => Some(object),
        _ => None,
    }
}

/// The single value of a one-value string enum property.
fn constant_of(property: &ReferenceOr<Box<Schema>>) -> Option<String> {
    let ReferenceOr::Item(schema) = property else {
        return None;
    };
    let SchemaKind::Type(Type::String(string)) = &schema.schema_kind else {
        return None;
    };
    match string.enumeration.as_slice() {
        [Some(value)] => Some(value.clone()),
        _ => None,
    }
}

/// The tag values selecting an alternative: from the discriminator mapping, else the property's
/// constant, else (for a reference) the schema name, as OpenAPI defines the implicit mapping.
fn tag_values_of(
    target: &Schema,
    tag: &str,
    union: &Schema,
    alternative: &ReferenceOr<Schema>,
) -> Vec<String> {
    if let (Some(discriminator), ReferenceOr::Reference { reference }) =
        (&union.schema_data.discriminator, alternative)
    {
        let mapped: Vec<String> = discriminator
            .mapping
            .iter()
            .filter(|(_, target)| mapping_selects(target, reference))
            .map(|(value, _)| value.clone())
            .collect();
        if !mapped.is_empty() {
            return mapped;
        }
    }
    if let Some(value) = object_of(target)
        .and_then(|object| object.properties.get(tag))
        .and_then(constant_of)
    {
        return vec![value];
    }
    match alternative {
        ReferenceOr::Reference { reference } if union.schema_data.discriminator.is_some() => {
            reference
                .rsplit('/')
                .next()
                .map(|name| vec![name.to_owned()])
                .unwrap_or_default()
        }
        _ => Vec::new(),
    }
}

/// Whether a discriminator mapping target (a reference, or a bare schema name) is `reference`.
fn mapping_selects(target: &str, reference: &str) -> bool {
    target == reference
        || (!target.contains('/')
            && reference.strip_prefix("#/components/schemas/") == Some(target))
}

fn kind_name(schema: &Schema) -> &'static str {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(_)) => "String",
        SchemaKind::Type(Type::Integer(_)) => "Integer",
        SchemaKind::Type(Type::Number(_)) => "Number",
        SchemaKind::Type(Type::Boolean(_)) => "Boolean",
        SchemaKind::Type(Type::Array(_)) => "Array",
        SchemaKind::Type(Type::Object(_)) => "Object",
        _ => "Variant",
    }
}

/// The enum for a `oneOf` of single-value string enums (how many specs document each value).
fn one_value_enum(
    rust: String,
    schema: &Schema,
    values: Vec<(String, Option<String>)>,
    pointer: &str,
) -> EnumDef {
    let mut names = UniqueNames::new();
    let variants: Vec<Variant> = values
        .into_iter()
        .map(|(value, doc)| Variant {
            rust_name: names.claim(&camel_ident(&value)),
            wire_value: value,
            doc,
        })
        .collect();
    let other_variant = names.claim_first_free(&["Other", "UnknownValue", "Unrecognized"]);
    EnumDef {
        name: rust,
        pointer: pointer.to_owned(),
        doc: doc_of(&schema.schema_data),
        variants,
        other_variant,
    }
}

/// The name stem of a union variant: the referenced schema's name, else its tag value, else its
/// title, else its kind.
fn variant_stem(alternative: &ReferenceOr<Schema>, tag_value: Option<&String>) -> String {
    match (alternative, tag_value) {
        (ReferenceOr::Reference { reference }, _) => {
            camel_ident(reference.rsplit('/').next().unwrap_or("Variant"))
        }
        (ReferenceOr::Item(_), Some(value)) => camel_ident(value),
        (ReferenceOr::Item(item), None) => item
            .schema_data
            .title
            .as_deref()
            .map(camel_ident)
            .unwrap_or_else(|| kind_name(item).to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::ir::TypeDef;
    use crate::DiagnosticKind;

    #[test]
    fn one_value_alternatives_document_their_variants_title_first() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    \
             State:\n      oneOf:\n        \
             - {type: string, enum: [a], title: Alpha, description: ' The first. '}\n        \
             - {type: string, enum: [b], description: Only described.}\n        \
             - {type: string, enum: [c], title: Only titled}\n        \
             - {type: string, enum: [d], title: '  ', description: ''}\n    \
             Plain: {type: string, enum: [x], description: Not a variant's doc.}\n";
        let loaded = crate::load::parse_loaded(Path::new("t.yaml"), text).expect("parses");
        let lowered = crate::lower::lower(&loaded.spec, &Default::default());
        assert!(lowered.diagnostics.is_empty(), "{:?}", lowered.diagnostics);
        let docs = |name: &str| {
            let Some(TypeDef::Enum(def)) = lowered.api.types.get(name) else {
                panic!("{name} is not an enum: {:?}", lowered.api.types.get(name));
            };
            let docs: Vec<(&str, Option<&str>)> = def
                .variants
                .iter()
                .map(|variant| (variant.wire_value.as_str(), variant.doc.as_deref()))
                .collect();
            docs
        };
        assert_eq!(
            docs("State"),
            [
                ("a", Some("Alpha\n\nThe first.")),
                ("b", Some("Only described.")),
                ("c", Some("Only titled")),
                ("d", None),
            ]
        );
        assert_eq!(docs("Plain"), [("x", None)]);
    }

    #[test]
    fn a_tag_value_shared_by_two_alternatives_leaves_the_union_untagged() {
        let message = |role: &str| {
            format!("{{type: object, required: [type], properties: {{type: {{type: string, enum: [message]}}, {role}: {{type: string}}}}}}")
        };
        let text = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    \
             In: {}\n    Out: {}\n    \
             Item: {{oneOf: [{{$ref: '#/components/schemas/In'}}, {{$ref: '#/components/schemas/Out'}}], discriminator: {{propertyName: type}}}}\n",
            message("input"),
            message("output"),
        );
        let loaded = crate::load::parse_loaded(Path::new("t.yaml"), &text).expect("parses");
        let lowered = crate::lower::lower(&loaded.spec, &Default::default());
        let Some(TypeDef::Union(item)) = lowered.api.types.get("Item") else {
            panic!("Item is not a union: {:?}", lowered.api.types.get("Item"));
        };
        assert_eq!(item.tag, None);
        assert!(item.variants.iter().all(|v| v.tag_values.is_empty()));
        let kinds: Vec<_> = lowered
            .diagnostics
            .iter()
            .map(|d| (d.pointer.as_str(), d.kind))
            .collect();
        assert_eq!(
            kinds,
            [("#/components/schemas/Item", DiagnosticKind::Repaired)]
        );
    }
}
