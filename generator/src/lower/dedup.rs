//! One type per distinct shape: inline types (schemas written in place, not named under
//! `components/schemas`) that come out structurally identical are kept once, and every use
//! refers to that one. Specs repeat inline shapes a lot: a shared error response lowered once
//! per operation and status, the same `asc`/`desc` enum written beside every list parameter.
//!
//! **Shape.** Two types have the same shape when they are equal as IR once their own name,
//! pointer and type-level description are set aside, and a reference to the type itself (a
//! recursive field) is read as "self". Everything else counts: fields and their names, wire
//! names, aliases, docs, types, presence and defaults, constraints, rules; enum values, their
//! variant names and docs; union tags and alternatives. The type-level description does not:
//! the same schema is often described by the place that uses it ("The list of files"), which
//! says nothing about the values.
//!
//! **Nominal types.** Components keep their identity: two components of one shape stay two
//! types (the spec named them apart), though an inline type of a component's shape becomes
//! that component. A plain alias component never becomes a type of its own in the first place.
//! A component the loader made up for a schema written in place (one a `$ref` points into, a
//! 3.1 webhook body) is inline: the spec did not name it.
//!
//! **Fixpoint.** Merging leaves can make their parents equal (two structs whose only difference
//! was which of two equal enums a field named), so the pass repeats until nothing merges. Each
//! round recomputes the shapes of only the types whose references it rewrote.
//!
//! **Names.** Members are ordered by first use: walking the operations in spec order (each one's
//! parameters, body and responses), and each type's fields depth-first, the first type reached
//! comes first; types no operation reaches follow in name order. The merged type is named:
//! 1. the first component in the group, if it has one;
//! 2. else the longest UpperCamelCase suffix every member's name ends with (`ListFilesOrder`
//!    and `ListRunsOrder` -> `Order`), when that name is free or is one of the members', and is
//!    more than a word lowering appends for a role (`Response`, `Request`, `Item`, `Value`);
//! 3. else the first member's name.
//!
//! It keeps that member's pointer (diagnostics point at a place the shape is written), and its
//! description, or when it has none the first description a member has.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use crate::ir::{Operation, TypeDef};
use crate::naming::UniqueNames;

/// Stands in for a type's own name in its shape, so recursive types of one shape compare equal.
/// Not a valid Rust identifier, so no real type name can be mistaken for it.
const SELF_MARKER: &str = "<self>";

/// The words lowering appends to name an inline type by its role (`{operation}Response`,
/// `{operation}Request`, `{parent}Item`, `{parent}Value`). Alone, a suffix says nothing about
/// the type: two responses merged are not "the" `Response`.
const ROLE_WORDS: [&str; 4] = ["Response", "Request", "Item", "Value"];

/// Keeps one type per shape among the inline types of `types`, and rewrites every reference in
/// `types` and `operations` to the type kept. New names (a shared suffix) are claimed from
/// `type_names`. `moved` holds the component pointers the loader made up for schemas written in
/// place, whose types are inline.
pub(super) fn merge_equal_shapes(
    types: &mut BTreeMap<String, TypeDef>,
    operations: &mut [Operation],
    type_names: &mut UniqueNames,
    moved: &BTreeSet<String>,
) {
    let mut order = use_order(types, operations);
    let mut shapes: BTreeMap<String, Shape> = types
        .iter()
        .map(|(name, def)| (name.clone(), Shape::of(def)))
        .collect();
    loop {
        let renames = plan_round(types, &shapes, &order, type_names, moved);
        if renames.is_empty() {
            break;
        }
        let touched = apply(types, operations, &renames, &mut order, moved);
        for name in renames.keys() {
            shapes.remove(name);
        }
        for name in touched {
            if let Some(def) = types.get(&name) {
                shapes.insert(name, Shape::of(def));
            }
        }
    }
}

/// Whether the type stands where a component does (`#/components/schemas/<name>`).
fn is_component(def: &TypeDef) -> bool {
    pointer(def)
        .strip_prefix("#/components/schemas/")
        .is_some_and(|name| !name.is_empty() && !name.contains('/'))
}

/// Whether the spec names the type as a component, which makes it nominal: it stands where a
/// component does, and the loader did not put it there (`moved`). Every other type was written
/// in place.
fn is_nominal(def: &TypeDef, moved: &BTreeSet<String>) -> bool {
    is_component(def) && !moved.contains(pointer(def))
}

fn pointer(def: &TypeDef) -> &str {
    match def {
        TypeDef::Struct(def) => &def.pointer,
        TypeDef::Enum(def) => &def.pointer,
        TypeDef::Union(def) => &def.pointer,
    }
}

fn doc_mut(def: &mut TypeDef) -> &mut Option<String> {
    match def {
        TypeDef::Struct(def) => &mut def.doc,
        TypeDef::Enum(def) => &mut def.doc,
        TypeDef::Union(def) => &mut def.doc,
    }
}

fn set_name(def: &mut TypeDef, name: &str) {
    let own = match def {
        TypeDef::Struct(def) => &mut def.name,
        TypeDef::Enum(def) => &mut def.name,
        TypeDef::Union(def) => &mut def.name,
    };
    *own = name.to_owned();
}

/// A type's shape: its definition with its name, pointer and description blanked and
/// references to itself marked, compared with the IR's own `PartialEq` (so a part added to the
/// IR later counts without anyone remembering to add it here), plus a cheap key that only types
/// which may be equal share (kind, member names and types), to bucket types by before comparing.
#[derive(Debug, Clone, PartialEq)]
struct Shape {
    bucket: String,
    def: TypeDef,
}

impl Shape {
    fn of(def: &TypeDef) -> Shape {
        let own = def.name().to_owned();
        let mut blank = def.clone();
        set_name(&mut blank, "");
        *doc_mut(&mut blank) = None;
        match &mut blank {
            TypeDef::Struct(def) => def.pointer.clear(),
            TypeDef::Enum(def) => def.pointer.clear(),
            TypeDef::Union(def) => def.pointer.clear(),
        }
        blank.visit_names_mut(&mut |name| {
            if *name == own {
                *name = SELF_MARKER.to_owned();
            }
        });
        // Member names and types: types of one shape share them, and types that merely share
        // property names (every list response has `object` and `data`) mostly do not, so a
        // bucket stays small. Two keys that run together only cost comparisons: equality
        // decides.
        let mut bucket = String::new();
        match &blank {
            TypeDef::Struct(def) => {
                bucket.push_str("struct");
                for field in &def.fields {
                    let _ = write!(bucket, "\0{}\0{:?}", field.wire_name, field.ty);
                }
            }
            TypeDef::Enum(def) => {
                bucket.push_str("enum");
                for variant in &def.variants {
                    let _ = write!(bucket, "\0{}", variant.wire_value);
                }
            }
            TypeDef::Union(def) => {
                bucket.push_str("union");
                for variant in &def.variants {
                    let _ = write!(bucket, "\0{}\0{:?}", variant.rust_name, variant.ty);
                }
            }
        }
        Shape { bucket, def: blank }
    }
}

/// The renames one round makes: each merged type's name -> the name of the type kept. A name
/// kept under a new (suffix) name is renamed too.
fn plan_round(
    types: &BTreeMap<String, TypeDef>,
    shapes: &BTreeMap<String, Shape>,
    order: &BTreeMap<String, usize>,
    type_names: &mut UniqueNames,
    moved: &BTreeSet<String>,
) -> BTreeMap<String, String> {
    let mut buckets: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (name, shape) in shapes {
        buckets.entry(&shape.bucket).or_default().push(name);
    }
    let mut groups: Vec<Vec<&str>> = Vec::new();
    for bucket in buckets.into_values().filter(|names| names.len() > 1) {
        if bucket.len() <= SMALL_BUCKET {
            groups.extend(equal_groups(bucket, shapes));
            continue;
        }
        // Types that share member names and types but differ further down (a constraint, a
        // doc) would make comparing each with each quadratic: split by a digest of the whole
        // shape first. The groups do not depend on the digest, only on equality.
        let mut split: BTreeMap<u64, Vec<&str>> = BTreeMap::new();
        for name in bucket {
            split
                .entry(digest(&shapes[name].def))
                .or_default()
                .push(name);
        }
        for part in split.into_values().filter(|names| names.len() > 1) {
            groups.extend(equal_groups(part, shapes));
        }
    }
    let mut renames = BTreeMap::new();
    // Groups in the order of their first member, so claimed names do not depend on how
    // buckets sort.
    let mut merging: Vec<Vec<&str>> = groups
        .into_iter()
        .filter(|members| members.len() > 1)
        .map(|mut members| {
            members.sort_by_key(|name| (order.get(*name).copied(), *name));
            members
        })
        .collect();
    merging.sort_by_key(|members| (order.get(members[0]).copied(), members[0]));
    for members in merging {
        let (components, inline): (Vec<&str>, Vec<&str>) = members
            .iter()
            .partition(|name| is_nominal(&types[**name], moved));
        if inline.is_empty() {
            continue;
        }
        let kept = match components.first() {
            Some(component) => (*component).to_owned(),
            None => kept_name(&inline, type_names),
        };
        for name in inline {
            if name != kept {
                renames.insert(name.to_owned(), kept.clone());
            }
        }
    }
    renames
}

/// Buckets up to this size are grouped by comparing each type with each group found so far.
const SMALL_BUCKET: usize = 32;

/// The types of `names` (in name order) grouped by equal shape: each joins the first group
/// whose first member it equals.
fn equal_groups<'n>(names: Vec<&'n str>, shapes: &BTreeMap<String, Shape>) -> Vec<Vec<&'n str>> {
    let mut groups: Vec<Vec<&str>> = Vec::new();
    for name in names {
        let shape = &shapes[name].def;
        match groups
            .iter_mut()
            .find(|group| shapes[group[0]].def == *shape)
        {
            Some(group) => group.push(name),
            None => groups.push(vec![name]),
        }
    }
    groups
}

/// A digest of the whole shape, streamed from its `Debug` form (which spells out every part)
/// without building the text. Equal shapes have equal digests.
fn digest(def: &TypeDef) -> u64 {
    struct Digest(std::collections::hash_map::DefaultHasher);
    impl std::fmt::Write for Digest {
        fn write_str(&mut self, text: &str) -> std::fmt::Result {
            std::hash::Hasher::write(&mut self.0, text.as_bytes());
            Ok(())
        }
    }
    let mut digest = Digest(std::collections::hash_map::DefaultHasher::new());
    let _ = write!(digest, "{def:?}");
    std::hash::Hasher::finish(&digest.0)
}

/// The name an inline group is kept under: the longest UpperCamelCase suffix all its names
/// share, when that is free or a member's and not a role word alone, else the first member's.
/// `members` is in use order.
fn kept_name(members: &[&str], type_names: &mut UniqueNames) -> String {
    let first = members[0];
    let suffix = shared_suffix(members);
    if suffix.is_empty() || suffix == first || ROLE_WORDS.contains(&suffix) {
        return first.to_owned();
    }
    if members.contains(&suffix) {
        return suffix.to_owned();
    }
    if type_names.contains(suffix) {
        return first.to_owned();
    }
    type_names.claim(suffix)
}

/// The longest run of whole UpperCamelCase words every name ends with (`""` when none).
fn shared_suffix<'n>(names: &[&'n str]) -> &'n str {
    let first = names[0];
    // Word starts of the first name, from the last word back.
    let starts = first
        .char_indices()
        .filter(|(_, c)| c.is_ascii_uppercase())
        .map(|(at, _)| at)
        .rev();
    let mut shared = "";
    for start in starts {
        let candidate = &first[start..];
        if names.iter().all(|name| ends_with_word(name, candidate)) {
            shared = candidate;
        } else {
            break;
        }
    }
    shared
}

/// Whether `name` ends with `suffix` and the suffix starts a word in it (`ListOrder` ends with
/// the word `Order`; `Reorder` does not).
fn ends_with_word(name: &str, suffix: &str) -> bool {
    name.ends_with(suffix) && suffix.starts_with(|c: char| c.is_ascii_uppercase())
}

/// Carries out one round's renames: moves the kept type under its new name if it has one,
/// drops the merged types, fills in the kept type's description, and rewrites every reference.
/// Returns the types whose definition changed, whose shapes must be computed again.
fn apply(
    types: &mut BTreeMap<String, TypeDef>,
    operations: &mut [Operation],
    renames: &BTreeMap<String, String>,
    order: &mut BTreeMap<String, usize>,
    moved: &BTreeSet<String>,
) -> BTreeSet<String> {
    let mut touched = BTreeSet::new();
    // Members of each kept type in use order, to pick the description and a renamed type's
    // definition.
    let mut groups: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (from, to) in renames {
        groups.entry(to).or_default().push(from);
    }
    for (kept, members) in &mut groups {
        members.sort_by_key(|name| (order.get(*name).copied(), *name));
        // The kept type's own definition, or for a new (suffix) name the first member's.
        let base = if types.contains_key(*kept) {
            *kept
        } else {
            members.remove(0)
        };
        let mut def = types.remove(base).expect("every kept type is in the map");
        let merged: Vec<TypeDef> = members
            .iter()
            .map(|name| {
                types
                    .remove(*name)
                    .expect("every merged type is in the map")
            })
            .collect();
        // A component keeps its own description; an inline type without one takes the first
        // a member has.
        if !is_nominal(&def, moved) && doc_mut(&mut def).is_none() {
            *doc_mut(&mut def) = merged
                .into_iter()
                .find_map(|mut member| doc_mut(&mut member).take());
        }
        set_name(&mut def, kept);
        let first_use = std::iter::once(&base)
            .chain(members.iter())
            .filter_map(|name| order.get(*name))
            .min();
        if let Some(&first_use) = first_use {
            order.insert((*kept).to_owned(), first_use);
        }
        types.insert((*kept).to_owned(), def);
        touched.insert((*kept).to_owned());
    }
    for (name, def) in types.iter_mut() {
        let mut changed = false;
        def.visit_names_mut(&mut |referenced| {
            if let Some(kept) = renames.get(referenced.as_str()) {
                *referenced = kept.clone();
                changed = true;
            }
        });
        if changed {
            touched.insert(name.clone());
        }
    }
    for operation in operations {
        operation.visit_names_mut(&mut |referenced| {
            if let Some(kept) = renames.get(referenced.as_str()) {
                *referenced = kept.clone();
            }
        });
    }
    touched
}

/// Each type's position in use order: walking the operations in order, and each type's
/// references depth-first, the order in which types are first reached; the types no operation
/// reaches follow in name order.
fn use_order(
    types: &mut BTreeMap<String, TypeDef>,
    operations: &mut [Operation],
) -> BTreeMap<String, usize> {
    let mut order = BTreeMap::new();
    let mut roots = Vec::new();
    for operation in operations.iter_mut() {
        operation.visit_names_mut(&mut |name| roots.push(name.clone()));
    }
    roots.extend(types.keys().cloned());
    for root in roots {
        // Depth-first, children pushed in reverse so they are reached in field order.
        let mut pending = vec![root];
        while let Some(name) = pending.pop() {
            if order.contains_key(&name) {
                continue;
            }
            let Some(def) = types.get_mut(&name) else {
                continue;
            };
            let at = order.len();
            order.insert(name, at);
            let mut children = Vec::new();
            def.visit_names_mut(&mut |child| children.push(child.clone()));
            pending.extend(children.into_iter().rev());
        }
    }
    order
}

#[cfg(test)]
#[path = "dedup_tests.rs"]
mod tests;
