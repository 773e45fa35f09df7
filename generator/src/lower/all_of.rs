//! `allOf` merging: the parts' properties copied into one object, which then lowers as a struct.

use openapiv3::{ObjectType, ReferenceOr, Schema, SchemaData, SchemaKind, Type};

use super::{child_pointer as child, Lowerer};
use crate::error::{Construct, DiagnosticKind};

impl Lowerer<'_> {
    /// Merges an `allOf`'s parts (objects) into one object, or `None` with a diagnostic, unless
    /// it is being expanded already. Merging copies the parts' properties in, and a copied
    /// property may hold the very same `allOf` again (`List: {items: {allOf: [Item, List]}}`):
    /// expanding that would never end, so an `allOf` met again, equal, inside its own expansion
    /// is refused.
    pub(super) fn merge_once(
        &mut self,
        parts: &[ReferenceOr<Schema>],
        pointer: &str,
    ) -> Option<ObjectType> {
        // Reported where the allOf is written: the inner one is a copy, at no place in the text.
        if let Some((_, outer)) = self
            .merging
            .iter()
            .find(|(outer, _)| outer.as_slice() == parts)
        {
            let outer = child(outer, "allOf");
            self.error(
                DiagnosticKind::Cycle,
                &outer,
                "allOf merges a schema whose properties hold this same allOf: the merged type would contain itself without end",
            );
            return None;
        }
        self.merge_all_of(parts, pointer)
    }

    /// Lowers a merged `allOf` as the struct `rust`, noting the `allOf` as being expanded.
    pub(super) fn lower_merged(
        &mut self,
        rust: String,
        data: &SchemaData,
        parts: &[ReferenceOr<Schema>],
        merged: &ObjectType,
        pointer: &str,
    ) {
        self.merging.push((parts.to_vec(), pointer.to_owned()));
        self.lower_struct(rust, data, merged, pointer);
        self.merging.pop();
    }

    fn merge_all_of(&mut self, parts: &[ReferenceOr<Schema>], pointer: &str) -> Option<ObjectType> {
        let mut merged = ObjectType::default();
        for (index, part) in parts.iter().enumerate() {
            let part_pointer = child(&child(pointer, "allOf"), &index.to_string());
            let schema = match part {
                ReferenceOr::Item(schema) => schema,
                ReferenceOr::Reference { .. } => {
                    // A component that is only a `$ref` to another (an alias) merges as the
                    // schema at the end of its chain, as it would lower anywhere else.
                    self.resolve(part, "schemas", component_schemas, &part_pointer)?
                }
            };
            match &schema.schema_kind {
                SchemaKind::Type(Type::Object(object)) => {
                    merged.properties.extend(object.properties.clone());
                    merged.required.extend(object.required.iter().cloned());
                }
                SchemaKind::AllOf { all_of } => {
                    // A chain of allOf deeper than the number of schemas must loop.
                    let limit = self.spec.components.as_ref().map_or(0, |c| c.schemas.len()) + 1;
                    if self.merge_depth > limit {
                        self.error(
                            DiagnosticKind::Cycle,
                            &part_pointer,
                            "allOf refers back to itself; the cycle cannot be merged",
                        );
                        return None;
                    }
                    self.merge_depth += 1;
                    let inner = self.merge_all_of(all_of, &part_pointer);
                    self.merge_depth -= 1;
                    let inner = inner?;
                    merged.properties.extend(inner.properties);
                    merged.required.extend(inner.required);
                }
                _ => {
                    self.warn(
                        DiagnosticKind::Unsupported(Construct::NonObjectAllOf),
                        &part_pointer,
                        "allOf with a part that is not an object is kept as serde_json::Value",
                    );
                    return None;
                }
            }
        }
        Some(merged)
    }
}

/// The component schemas, for [`Lowerer::resolve`].
fn component_schemas(
    components: &openapiv3::Components,
) -> &indexmap::IndexMap<String, ReferenceOr<Schema>> {
    &components.schemas
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::ir::TypeDef;
    use crate::DiagnosticKind;

    /// Lowers a document whose component schemas are `schemas` (YAML, indented four spaces).
    fn lowered(schemas: &str) -> crate::lower::Lowered {
        let text = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{schemas}"
        );
        let loaded = crate::load::parse_loaded(Path::new("t.yaml"), &text).expect("parses");
        crate::lower::lower(&loaded.spec, &Default::default())
    }

    #[test]
    fn an_alias_component_merges_as_its_target() {
        let lowered = lowered(
            "    Compact: {type: object, properties: {id: {type: string}}}\n    \
             Base: {$ref: '#/components/schemas/Compact'}\n    \
             Alias: {$ref: '#/components/schemas/Base'}\n    \
             Pet: {allOf: [{$ref: '#/components/schemas/Alias'}, {type: object, properties: {name: {type: string}}}]}\n",
        );
        assert!(lowered.diagnostics.is_empty(), "{:?}", lowered.diagnostics);
        let Some(TypeDef::Struct(pet)) = lowered.api.types.get("Pet") else {
            panic!("Pet is not a struct: {:?}", lowered.api.types.get("Pet"));
        };
        let fields: Vec<&str> = pet.fields.iter().map(|f| f.wire_name.as_str()).collect();
        assert_eq!(fields, ["id", "name"]);
    }

    #[test]
    fn an_alias_loop_in_an_all_of_is_a_cycle() {
        let lowered = lowered(
            "    A: {$ref: '#/components/schemas/B'}\n    \
             B: {$ref: '#/components/schemas/A'}\n    \
             Pet: {allOf: [{$ref: '#/components/schemas/A'}, {type: object}]}\n",
        );
        let cycle = lowered
            .diagnostics
            .iter()
            .find(|d| d.pointer == "#/components/schemas/Pet/allOf/0");
        assert_eq!(cycle.map(|d| d.kind), Some(DiagnosticKind::Cycle));
    }
}
