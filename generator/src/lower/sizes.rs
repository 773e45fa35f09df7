//! Which unions hold alternatives of very different sizes.
//!
//! A Rust enum is as large as its largest variant, and clippy's `large_enum_variant` warns when
//! that is more than 200 bytes beyond the next largest (Spotify's artist-or-track item: a
//! 736-byte track beside a 248-byte artist). Boxing the large variant would make every user
//! write `Box::new` and `*` for what the spec reads as a plain alternative, so such a union
//! keeps its variants and says the difference is meant (`UnionDef::uneven_variants`).
//!
//! Sizes here are estimates (64-bit layouts of the std, chrono and runtime types the emitter
//! writes, no padding), so a union is marked at a difference well below clippy's.

use std::collections::BTreeMap;

use crate::ir::{Field, Presence, TypeDef, TypeRef, UnionDef};

/// The estimated difference at which a union is marked: below clippy's 200 bytes, by more than
/// the estimate's error on the corpus.
const MARGIN_BYTES: usize = 128;
/// `Box<T>`, and anything whose size is not known here.
const POINTER: usize = 8;
/// `String`, `Vec<T>`, `BTreeMap<K, V>`.
const BUFFER: usize = 24;
/// `serde_json::Value`: the catch-all variant of an open union.
const JSON: usize = 32;
/// An enum's discriminant, where no niche holds it.
const TAG: usize = 8;

/// Marks every union of `types` whose two largest variants differ by more than the margin.
/// Runs after `recursion::box_recursive_fields`: a type stores no type inline that stores it.
pub(super) fn mark_uneven_unions(types: &mut BTreeMap<String, TypeDef>) {
    let uneven: Vec<String> = {
        let mut sizes = Sizes {
            types,
            known: BTreeMap::new(),
        };
        types
            .values()
            .filter_map(|def| match def {
                TypeDef::Union(union) if sizes.uneven(union) => Some(union.name.clone()),
                _ => None,
            })
            .collect()
    };
    for name in uneven {
        if let Some(TypeDef::Union(union)) = types.get_mut(&name) {
            union.uneven_variants = true;
        }
    }
}

/// Estimated sizes of named types, each computed once.
struct Sizes<'a> {
    types: &'a BTreeMap<String, TypeDef>,
    known: BTreeMap<&'a str, usize>,
}

impl<'a> Sizes<'a> {
    fn uneven(&mut self, union: &'a UnionDef) -> bool {
        let mut variants = self.variants(union);
        variants.sort_unstable_by(|a, b| b.cmp(a));
        match variants.as_slice() {
            [largest, second, ..] => largest - second > MARGIN_BYTES,
            _ => false,
        }
    }

    /// Each variant's payload size, the catch-all's included, in order.
    fn variants(&mut self, union: &'a UnionDef) -> Vec<usize> {
        let mut sizes: Vec<usize> = union
            .variants
            .iter()
            .map(|variant| {
                if variant.boxed {
                    POINTER
                } else {
                    self.of(&variant.ty)
                }
            })
            .collect();
        if union.other_variant.is_some() {
            sizes.push(JSON);
        }
        sizes
    }

    fn of(&mut self, ty: &'a TypeRef) -> usize {
        match ty {
            TypeRef::Bool | TypeRef::I8 | TypeRef::U8 => 1,
            TypeRef::I16 | TypeRef::U16 => 2,
            TypeRef::I32 | TypeRef::U32 | TypeRef::F32 => 4,
            TypeRef::I64 | TypeRef::U64 | TypeRef::F64 => 8,
            // chrono's `DateTime<FixedOffset>`: a 12-byte date and time and a 4-byte offset.
            TypeRef::DateTime => 16,
            TypeRef::String
            | TypeRef::Binary
            | TypeRef::Base64Bytes
            | TypeRef::Array(_)
            | TypeRef::Map(_)
            | TypeRef::Custom(_) => BUFFER,
            TypeRef::Json => JSON,
            TypeRef::Tuple(items) => items.iter().map(|item| self.of(item)).sum(),
            TypeRef::Named(name) => self.named(name),
        }
    }

    fn named(&mut self, name: &'a str) -> usize {
        if let Some(&size) = self.known.get(name) {
            return size;
        }
        // Held while the type is measured, so a cycle no box breaks still ends.
        self.known.insert(name, POINTER);
        let size = match self.types.get(name) {
            Some(TypeDef::Struct(def)) => def.fields.iter().map(|field| self.field(field)).sum(),
            // Unit variants and `Other(String)`: the string's niche holds the discriminant.
            Some(TypeDef::Enum(_)) => BUFFER,
            Some(TypeDef::Union(def)) => self.variants(def).into_iter().max().unwrap_or(0) + TAG,
            None => POINTER,
        };
        self.known.insert(name, size);
        size
    }

    fn field(&mut self, field: &'a Field) -> usize {
        if field.boxed {
            return POINTER;
        }
        let value = self.of(&field.ty);
        match field.presence {
            Presence::Required | Presence::Defaulted(_) | Presence::Flattened => value,
            // `Option<T>` and `Nullable<T>`: a buffer's niche holds the tag; a number needs a word.
            Presence::Optional | Presence::RequiredNullable | Presence::OptionalNullable => {
                if value >= BUFFER {
                    value
                } else {
                    value + TAG
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lower::test_support::lower_schemas;

    fn uneven_unions(schemas: &str) -> Vec<String> {
        let indented: String = schemas
            .lines()
            .map(|line| format!("    {line}\n"))
            .collect();
        lower_schemas(&indented)
            .0
            .types
            .values()
            .filter_map(|def| match def {
                TypeDef::Union(union) if union.uneven_variants => Some(union.name.clone()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_union_of_a_large_and_a_small_object_is_marked() {
        let large: String = (0..12)
            .map(|index| format!("f{index}: {{type: string}}, "))
            .collect();
        let schemas = format!(
            "Item: {{oneOf: [{{$ref: '#/components/schemas/Large'}}, {{$ref: '#/components/schemas/Small'}}]}}\n\
             Large: {{type: object, properties: {{{large}}}}}\n\
             Small: {{type: object, properties: {{id: {{type: string}}}}}}\n"
        );
        assert_eq!(uneven_unions(&schemas), ["Item"]);
    }

    #[test]
    fn a_union_of_similar_objects_is_not() {
        let schemas = "Item: {oneOf: [{$ref: '#/components/schemas/A'}, {$ref: '#/components/schemas/B'}]}\n\
                       A: {type: object, properties: {id: {type: string}, name: {type: string}}}\n\
                       B: {type: object, properties: {id: {type: string}, size: {type: integer}}}\n";
        assert!(uneven_unions(schemas).is_empty());
    }
}
