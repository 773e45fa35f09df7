//! Which request types have something to check before sending, decided from the constraints and
//! rules themselves (not from what an emitter would write for them).

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{holds_validated, validated_tuple_items, TypeDef, TypeRef};

/// The request types whose `Validate` impl checks something: enums (a value the spec does not
/// list), structs with a rule or a constrained field, and any type holding one of those.
pub(crate) fn validated_types(
    types: &BTreeMap<String, TypeDef>,
    request_types: &BTreeSet<String>,
) -> BTreeSet<String> {
    let mut validated = BTreeSet::new();
    // A fixpoint, because a struct needs checking when a field's type does, and types can refer
    // to each other in cycles.
    loop {
        let before = validated.len();
        for name in request_types {
            let needs = match types.get(name) {
                Some(TypeDef::Enum(_)) => true,
                Some(TypeDef::Struct(def)) => {
                    !def.rules.is_empty()
                        || def.fields.iter().any(|field| {
                            !field.constraints.checks(&field.ty).is_empty()
                                || checks_parts(&validated, &field.ty)
                        })
                }
                Some(TypeDef::Union(def)) => def
                    .variants
                    .iter()
                    .any(|variant| checks_parts(&validated, &variant.ty)),
                None => false,
            };
            if needs {
                validated.insert(name.clone());
            }
        }
        if validated.len() == before {
            return validated;
        }
    }
}

/// Whether a value of type `ty` holds a validated value, directly or as a tuple item.
fn checks_parts(validated: &BTreeSet<String>, ty: &TypeRef) -> bool {
    holds_validated(validated, ty) || !validated_tuple_items(validated, ty).is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Constraints, Field, Presence, StructDef, TypeRef, UnionDef, UnionVariant};

    fn structure(name: &str, field_ty: TypeRef, constraints: Constraints) -> TypeDef {
        TypeDef::Struct(StructDef {
            name: name.to_owned(),
            pointer: String::new(),
            doc: None,
            fields: vec![Field {
                rust_name: "f".to_owned(),
                wire_name: "f".to_owned(),
                aliases: Vec::new(),
                doc: None,
                ty: field_ty,
                boxed: false,
                presence: Presence::Required,
                constraints,
            }],
            rules: Vec::new(),
        })
    }

    #[test]
    fn constraints_and_what_holds_them_are_validated() {
        let named = |name: &str| TypeRef::Named(name.to_owned());
        let mut types = BTreeMap::new();
        let limited = Constraints {
            max_length: Some(3),
            ..Default::default()
        };
        // A length bound on a number checks nothing.
        let misplaced = Constraints {
            max_length: Some(3),
            ..Default::default()
        };
        types.insert("Leaf".into(), structure("Leaf", TypeRef::String, limited));
        types.insert("Plain".into(), structure("Plain", TypeRef::I32, misplaced));
        types.insert(
            "Outer".into(),
            structure(
                "Outer",
                TypeRef::Array(Box::new(named("Leaf"))),
                Constraints::default(),
            ),
        );
        types.insert(
            "Either".into(),
            TypeDef::Union(UnionDef {
                name: "Either".into(),
                pointer: String::new(),
                doc: None,
                tag: None,
                variants: vec![UnionVariant {
                    rust_name: "Outer".into(),
                    ty: named("Outer"),
                    boxed: false,
                    tag_values: Vec::new(),
                    tag_outside_payload: false,
                }],
                other_variant: None,
                uneven_variants: false,
            }),
        );
        // A tuple's items are checked one by one, a nested tuple's too.
        types.insert(
            "Paired".into(),
            structure(
                "Paired",
                TypeRef::Tuple(vec![TypeRef::I32, TypeRef::Tuple(vec![named("Leaf")])]),
                Constraints::default(),
            ),
        );
        types.insert(
            "PairedPlain".into(),
            structure(
                "PairedPlain",
                TypeRef::Tuple(vec![TypeRef::String, named("Plain")]),
                Constraints::default(),
            ),
        );
        let request: BTreeSet<String> = types.keys().cloned().collect();
        let validated = validated_types(&types, &request);
        assert_eq!(
            validated.into_iter().collect::<Vec<_>>(),
            ["Either", "Leaf", "Outer", "Paired"]
        );
        // Only request types count.
        let only_plain = BTreeSet::from(["Plain".to_owned(), "Either".to_owned()]);
        assert!(validated_types(&types, &only_plain).is_empty());
    }
}
