//! One walk over every place the IR names a generated type, so a pass that renames or merges
//! types (`lower::dedup`) rewrites all of them, and a new place that holds a type name needs
//! adding here only.
//!
//! The places: `TypeRef::Named` (however deep inside arrays, maps and tuples), and the enum a
//! field's spec default is a variant of (`DefaultValue::EnumVariant`). A type's own name is not
//! a reference and is not visited.

use super::{DefaultValue, ErrorType, Field, Operation, ParameterText, Presence, Response};
use super::{TypeDef, TypeRef};

/// What a walk calls on each type name it passes.
pub type NameVisitor<'v> = dyn FnMut(&mut String) + 'v;

impl TypeRef {
    /// Calls `visit` on each generated type's name this reference holds.
    pub fn visit_names_mut(&mut self, visit: &mut NameVisitor<'_>) {
        match self {
            TypeRef::Named(name) => visit(name),
            TypeRef::Array(inner) | TypeRef::Map(inner) => inner.visit_names_mut(visit),
            TypeRef::Tuple(items) => {
                for item in items {
                    item.visit_names_mut(visit);
                }
            }
            _ => {}
        }
    }
}

impl Field {
    /// Calls `visit` on the type names of the field's type and of the enum its default is a
    /// variant of.
    pub fn visit_names_mut(&mut self, visit: &mut NameVisitor<'_>) {
        self.ty.visit_names_mut(visit);
        if let Presence::Defaulted(DefaultValue::EnumVariant { enum_name, .. }) = &mut self.presence
        {
            visit(enum_name);
        }
    }
}

impl TypeDef {
    /// Calls `visit` on every type name the definition refers to (its fields' or variants'
    /// types), not on its own name.
    pub fn visit_names_mut(&mut self, visit: &mut NameVisitor<'_>) {
        match self {
            TypeDef::Struct(def) => {
                for field in &mut def.fields {
                    field.visit_names_mut(visit);
                }
            }
            TypeDef::Union(def) => {
                for variant in &mut def.variants {
                    variant.ty.visit_names_mut(visit);
                }
            }
            TypeDef::Enum(_) => {}
        }
    }
}

impl ParameterText {
    /// Calls `visit` on the type names of the struct fields an object parameter's text lists.
    fn visit_names_mut(&mut self, visit: &mut NameVisitor<'_>) {
        match self {
            ParameterText::Object(members) => {
                for member in members {
                    member.field.visit_names_mut(visit);
                    member.text.visit_names_mut(visit);
                }
            }
            ParameterText::List(inner) | ParameterText::Map(inner) => inner.visit_names_mut(visit),
            ParameterText::Tuple(items) => {
                for item in items {
                    item.visit_names_mut(visit);
                }
            }
            ParameterText::Str
            | ParameterText::EnumStr
            | ParameterText::Display
            | ParameterText::ToString
            | ParameterText::JsonText
            | ParameterText::SerdeText => {}
        }
    }
}

impl Response {
    /// Calls `visit` on the type names of the response body's type.
    pub fn visit_names_mut(&mut self, visit: &mut NameVisitor<'_>) {
        if let Some(body) = &mut self.body {
            body.visit_names_mut(visit);
        }
    }
}

impl Operation {
    /// Calls `visit` on every type name the operation uses: its parameters' types (and the
    /// struct fields an object parameter is sent as), its body's type and fields, and its
    /// responses' body types. Not `error_type`, which names an enum of `Api::error_types`
    /// rather than one of `Api::types`.
    pub fn visit_names_mut(&mut self, visit: &mut NameVisitor<'_>) {
        for parameter in &mut self.parameters {
            parameter.ty.visit_names_mut(visit);
            parameter.text.visit_names_mut(visit);
        }
        if let Some(body) = &mut self.body {
            body.ty.visit_names_mut(visit);
            for field in &mut body.fields {
                field.visit_names_mut(visit);
            }
        }
        for response in self.success.iter_mut().chain(&mut self.errors) {
            response.visit_names_mut(visit);
        }
    }
}

impl ErrorType {
    /// Calls `visit` on the type names of the error responses' bodies.
    pub fn visit_names_mut(&mut self, visit: &mut NameVisitor<'_>) {
        for response in &mut self.responses {
            response.visit_names_mut(visit);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_inside_a_type_is_visited() {
        let mut ty = TypeRef::Map(Box::new(TypeRef::Tuple(vec![
            TypeRef::Named("A".to_owned()),
            TypeRef::Array(Box::new(TypeRef::Named("B".to_owned()))),
            TypeRef::String,
        ])));
        let mut seen = Vec::new();
        ty.visit_names_mut(&mut |name| {
            seen.push(name.clone());
            name.push('2');
        });
        assert_eq!(seen, ["A", "B"]);
        let expected = TypeRef::Map(Box::new(TypeRef::Tuple(vec![
            TypeRef::Named("A2".to_owned()),
            TypeRef::Array(Box::new(TypeRef::Named("B2".to_owned()))),
            TypeRef::String,
        ])));
        assert_eq!(ty, expected);
    }

    #[test]
    fn a_default_names_its_enum() {
        let mut field = Field {
            rust_name: "order".to_owned(),
            wire_name: "order".to_owned(),
            aliases: Vec::new(),
            doc: None,
            ty: TypeRef::Named("Order".to_owned()),
            boxed: false,
            presence: Presence::Defaulted(DefaultValue::EnumVariant {
                enum_name: "Order".to_owned(),
                variant: "Asc".to_owned(),
            }),
            constraints: Default::default(),
        };
        let mut seen = Vec::new();
        field.visit_names_mut(&mut |name| seen.push(name.clone()));
        assert_eq!(seen, ["Order", "Order"]);
    }
}
