//! `x-oagen-tuple` -> `TypeRef::Tuple`. The loader rewrites an exact 3.1 tuple (`prefixItems`
//! with no further items) into `type: array` with the item schemas under this extension, since
//! `openapiv3` knows no `prefixItems`; a 3.0 spec may also write the extension itself.

use openapiv3::{ReferenceOr, Schema};

use super::{child_pointer as child, Lowerer};
use crate::error::DiagnosticKind;
use crate::ir::TypeRef;

/// The extension key holding a tuple's item schemas, in order.
pub(crate) const TUPLE_EXTENSION: &str = "x-oagen-tuple";

impl Lowerer<'_> {
    /// The tuple of the item schemas in `value`, the extension of the array schema at `pointer`.
    /// An inline item type is named `{hint}{index}`, counting from 0 as the pointer and the Rust
    /// tuple field (`.0`) do. `None`, after a warning, when the extension is not a non-empty list
    /// of schemas: the caller then reads the array as a plain list.
    pub(super) fn tuple_type(
        &mut self,
        value: &serde_json::Value,
        pointer: &str,
        hint: &str,
    ) -> Option<TypeRef> {
        let list_pointer = child(pointer, TUPLE_EXTENSION);
        let items = match parse_items(value) {
            Ok(items) => items,
            Err(message) => {
                self.warn(DiagnosticKind::Repaired, &list_pointer, message);
                return None;
            }
        };
        let types = items
            .iter()
            .enumerate()
            .map(|(index, item)| {
                let item_hint = format!("{hint}{index}");
                self.schema_type(item, &child(&list_pointer, &index.to_string()), &item_hint)
                    .ty
            })
            .collect();
        Some(TypeRef::Tuple(types))
    }
}

/// The item schemas, or why the value is not a usable list of them.
fn parse_items(value: &serde_json::Value) -> Result<Vec<ReferenceOr<Schema>>, String> {
    let items: Vec<ReferenceOr<Schema>> = serde_json::from_value(value.clone()).map_err(|error| {
        format!("{TUPLE_EXTENSION} must be a list of schemas ({error}); the array is read as a plain list")
    })?;
    // `()` would decode only `null`, not the empty array the spec describes.
    if items.is_empty() {
        return Err(format!(
            "{TUPLE_EXTENSION} lists no item schemas; the array is read as a plain list"
        ));
    }
    Ok(items)
}

#[cfg(test)]
mod tests {

    use crate::error::DiagnosticKind;
    use crate::ir::{Api, TypeDef, TypeRef};

    use crate::lower::test_support::lower_schemas as lower;

    fn field_type<'a>(api: &'a Api, owner: &str, field: &str) -> &'a TypeRef {
        let Some(TypeDef::Struct(def)) = api.types.get(owner) else {
            panic!("{owner} is not a struct: {:?}", api.types.get(owner));
        };
        let field = def.fields.iter().find(|f| f.wire_name == field);
        &field
            .unwrap_or_else(|| panic!("{owner} has no field {field:?}"))
            .ty
    }

    #[test]
    fn tuple_items_lower_in_order_with_references_and_named_inline_objects() {
        let (api, diagnostics) = lower(
            "    Point: {type: object, properties: {x: {type: integer}}}\n    \
             Holder:\n      type: object\n      properties:\n        \
             pair: {type: array, minItems: 2, maxItems: 2, x-oagen-tuple: [{type: integer}, {type: number}]}\n        \
             mixed:\n          type: array\n          x-oagen-tuple:\n            \
             - {$ref: '#/components/schemas/Point'}\n            \
             - {type: object, properties: {label: {type: string}}}\n",
        );
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(
            field_type(&api, "Holder", "pair"),
            &TypeRef::Tuple(vec![TypeRef::I64, TypeRef::F64])
        );
        assert_eq!(
            field_type(&api, "Holder", "mixed"),
            &TypeRef::Tuple(vec![
                TypeRef::Named("Point".to_owned()),
                TypeRef::Named("HolderMixed1".to_owned()),
            ])
        );
        let Some(TypeDef::Struct(inline)) = api.types.get("HolderMixed1") else {
            panic!("no inline struct: {:?}", api.types.keys());
        };
        assert_eq!(
            inline.pointer,
            "#/components/schemas/Holder/properties/mixed/x-oagen-tuple/1"
        );
        // The fixed item count is the type's: nothing is left to check at run time.
        let Some(TypeDef::Struct(holder)) = api.types.get("Holder") else {
            unreachable!("checked above");
        };
        assert!(holder.fields[0]
            .constraints
            .checks(&holder.fields[0].ty)
            .is_empty());
    }

    #[test]
    fn a_malformed_tuple_warns_and_falls_back_to_a_list_of_values() {
        for malformed in ["{type: integer}", "[1, 2]", "[]"] {
            let (api, diagnostics) = lower(&format!(
                "    Holder: {{type: object, properties: {{t: {{type: array, x-oagen-tuple: {malformed}}}}}}}\n"
            ));
            assert_eq!(
                field_type(&api, "Holder", "t"),
                &TypeRef::Array(Box::new(TypeRef::Json)),
                "{malformed}"
            );
            let found: Vec<_> = diagnostics
                .iter()
                .map(|d| (d.pointer.as_str(), d.kind, d.severity))
                .collect();
            assert_eq!(
                found,
                [(
                    "#/components/schemas/Holder/properties/t/x-oagen-tuple",
                    DiagnosticKind::Repaired,
                    crate::error::Severity::Warning
                )],
                "{malformed}"
            );
            assert!(diagnostics[0].message.contains("x-oagen-tuple"));
        }
    }
}
