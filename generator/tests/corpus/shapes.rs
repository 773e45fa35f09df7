//! The repeated-shape audit: an inline type (one whose schema is written in place rather than
//! named under `components/schemas`) must not have the shape of another emitted type, since
//! lowering keeps one type per shape. Shape here is the type's definition with its own name,
//! pointer and description set aside and references to itself read as "self", the rule
//! `generator/src/lower/dedup.rs` states; it is written out again here rather than borrowed
//! from the generator, so the audit checks the generator against the rule and not against
//! itself.
//!
//! Components may share a shape with each other (the spec named them apart); an inline type
//! may not share one with anything.

use std::collections::BTreeMap;

use oagen::ir::{Api, TypeDef};

/// Inline types whose shape another emitted type has, each with the types of that shape.
#[derive(Debug, Default)]
pub struct RepeatedShapes {
    /// Groups of types of one shape holding at least one inline type, by the first's name.
    pub groups: Vec<Vec<String>>,
}

impl RepeatedShapes {
    /// How many inline types repeat a shape: every inline member of each group, except one
    /// when the group has no component (it could have been kept).
    pub fn count(&self, api: &Api) -> usize {
        self.groups
            .iter()
            .map(|group| {
                let inline = group
                    .iter()
                    .filter(|name| !api.types.get(*name).is_some_and(is_component))
                    .count();
                if inline == group.len() {
                    inline - 1
                } else {
                    inline
                }
            })
            .sum()
    }
}

/// Groups `api`'s types by shape and keeps the groups where an inline type repeats one.
pub fn repeated_shapes(api: &Api) -> RepeatedShapes {
    let mut by_shape: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for def in api.types.values() {
        by_shape
            .entry(shape(def))
            .or_default()
            .push(def.name().to_owned());
    }
    let groups = by_shape
        .into_values()
        .filter(|group| {
            group.len() > 1
                && group
                    .iter()
                    .any(|name| !api.types.get(name).is_some_and(is_component))
        })
        .collect();
    RepeatedShapes { groups }
}

/// Named under `#/components/schemas/<name>` in the spec as published.
fn is_component(def: &TypeDef) -> bool {
    let pointer = match def {
        TypeDef::Struct(def) => &def.pointer,
        TypeDef::Enum(def) => &def.pointer,
        TypeDef::Union(def) => &def.pointer,
    };
    pointer
        .strip_prefix("#/components/schemas/")
        .is_some_and(|name| !name.is_empty() && !name.contains('/'))
}

/// The definition as text, name, pointer and description blanked and references to itself
/// marked (the `Debug` form covers every part of it).
fn shape(def: &TypeDef) -> String {
    let own = def.name().to_owned();
    let mut blank = def.clone();
    match &mut blank {
        TypeDef::Struct(def) => {
            def.name.clear();
            def.pointer.clear();
            def.doc = None;
        }
        TypeDef::Enum(def) => {
            def.name.clear();
            def.pointer.clear();
            def.doc = None;
        }
        TypeDef::Union(def) => {
            def.name.clear();
            def.pointer.clear();
            def.doc = None;
        }
    }
    blank.visit_names_mut(&mut |name| {
        if *name == own {
            name.clear();
        }
    });
    format!("{blank:?}")
}
