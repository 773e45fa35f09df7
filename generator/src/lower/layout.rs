//! The split by tag (`Config::module_layout`): one group per first tag of an operation, one for
//! the types no operation reaches, and each type and error enum placed by the set of groups
//! reaching it (see `ir::Layout`).
//!
//! Placing by reachability is what makes any set of features compile: whatever an item names
//! is reached by every group reaching the item, so it is in the item's own module, in a module
//! compiled with it, or common.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{
    reachable_types, ErrorType, Group, GroupOf, Layout, Members, NamesOutside, Operation, Shared,
    TypeDef, TypeRef,
};
use crate::naming::{generated, snake_ident, UniqueNames};

/// Where an item goes, by the set of groups reaching it.
enum Place {
    Common,
    Group(usize),
    Shared(Vec<usize>),
}

/// Decides the layout for the final types, operations and error enums.
pub(super) fn split_by_tag(
    types: &BTreeMap<String, TypeDef>,
    operations: &[Operation],
    error_types: &[ErrorType],
) -> Layout {
    let mut keys = group_operations(operations);
    let reached_by = reaching_groups(types, operations, &mut keys);
    let place = |by: Vec<usize>| match by.as_slice() {
        [group] => Place::Group(*group),
        // Every group, or (for an error enum nothing returns) none.
        _ if by.len() == keys.len() || by.is_empty() => Place::Common,
        _ => Place::Shared(by),
    };
    let mut common = Members::default();
    let mut own = vec![Members::default(); keys.len()];
    let mut shared: BTreeMap<Vec<usize>, Members> = BTreeMap::new();
    for (name, by) in reached_by {
        let members = match place(by) {
            Place::Common => &mut common,
            Place::Group(group) => &mut own[group],
            Place::Shared(by) => shared.entry(by).or_default(),
        };
        members.types.insert(name.to_owned());
    }
    for error_type in error_types {
        let users: Vec<usize> = keys
            .iter()
            .enumerate()
            .filter(|(_, (_, members))| {
                members.iter().any(|&index| {
                    operations[index].error_type.as_deref() == Some(error_type.name.as_str())
                })
            })
            .map(|(group, _)| group)
            .collect();
        let members = match place(users) {
            Place::Common => &mut common,
            Place::Group(group) => &mut own[group],
            Place::Shared(by) => shared.entry(by).or_default(),
        };
        members.error_types.insert(error_type.name.clone());
    }
    let mut names = UniqueNames::with_reserved(generated::MODULES);
    let modules = module_names(&keys, &mut names);
    let groups = keys
        .into_iter()
        .zip(modules)
        .zip(own)
        .map(|(((of, operations), module), members)| Group {
            of,
            feature: feature_name(&module),
            module,
            operations,
            outside: names_outside(&members, types, error_types),
            members,
        })
        .collect();
    let shared = shared
        .into_iter()
        .map(|(groups, members)| Shared {
            module: names.claim(generated::SHARED_MODULE),
            groups,
            outside: names_outside(&members, types, error_types),
            members,
        })
        .collect();
    Layout {
        common,
        groups,
        shared,
    }
}

/// For each type, the groups (indices into `keys`) reaching it. The types no operation reaches
/// become a group of their own, appended to `keys`, reaching what they name as an operation
/// does, so that what they share with a tag is placed like anything two groups share.
fn reaching_groups<'t>(
    types: &'t BTreeMap<String, TypeDef>,
    operations: &[Operation],
    keys: &mut Vec<(GroupOf, Vec<usize>)>,
) -> BTreeMap<&'t str, Vec<usize>> {
    let mut reached_by: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    let reach = |reached_by: &mut BTreeMap<&'t str, Vec<usize>>, group, names: BTreeSet<_>| {
        for name in names {
            if let Some((key, _)) = types.get_key_value::<String>(&name) {
                reached_by.entry(key.as_str()).or_default().push(group);
            }
        }
    };
    for (group, (_, members)) in keys.iter().enumerate() {
        let roots = members
            .iter()
            .flat_map(|&index| operations[index].mentioned_types());
        reach(&mut reached_by, group, reachable_types(types, roots));
    }
    let unreferenced: Vec<TypeRef> = types
        .keys()
        .filter(|name| !reached_by.contains_key(name.as_str()))
        .map(|name| TypeRef::Named(name.clone()))
        .collect();
    if !unreferenced.is_empty() {
        reach(
            &mut reached_by,
            keys.len(),
            reachable_types(types, &unreferenced),
        );
        keys.push((GroupOf::Unreferenced, Vec::new()));
    }
    reached_by
}

/// Operation indices by first tag, in the order the tags first appear; the untagged last.
fn group_operations(operations: &[Operation]) -> Vec<(GroupOf, Vec<usize>)> {
    let mut groups: Vec<(GroupOf, Vec<usize>)> = Vec::new();
    let mut untagged = Vec::new();
    for (index, operation) in operations.iter().enumerate() {
        let Some(tag) = operation.tags.first() else {
            untagged.push(index);
            continue;
        };
        match groups
            .iter_mut()
            .find(|(of, _)| matches!(of, GroupOf::Tag(seen) if seen == tag))
        {
            Some((_, members)) => members.push(index),
            None => groups.push((GroupOf::Tag(tag.clone()), vec![index])),
        }
    }
    if !untagged.is_empty() {
        groups.push((GroupOf::Untagged, untagged));
    }
    groups
}

/// Module names in group order: the tags claim theirs first, so a tag's module keeps its plain
/// name, and the other two groups' are numbered if a tag took theirs.
fn module_names(keys: &[(GroupOf, Vec<usize>)], names: &mut UniqueNames) -> Vec<String> {
    let mut modules: Vec<Option<String>> = keys
        .iter()
        .map(|(of, _)| match of {
            GroupOf::Tag(tag) => Some(names.claim(&module_stem(tag))),
            GroupOf::Untagged | GroupOf::Unreferenced => None,
        })
        .collect();
    for ((of, _), module) in keys.iter().zip(&mut modules) {
        let name = match of {
            GroupOf::Tag(_) => continue,
            GroupOf::Untagged => generated::UNTAGGED_MODULE,
            GroupOf::Unreferenced => generated::UNREFERENCED_MODULE,
        };
        *module = Some(names.claim(name));
    }
    modules.into_iter().flatten().collect()
}

/// A tag's module name before collisions are numbered: snake case, as plain as the tag allows
/// (`r#type` would be a valid module but an odd feature, so keywords get a `_` suffix).
fn module_stem(tag: &str) -> String {
    match snake_ident(tag).strip_prefix("r#") {
        Some(keyword) => format!("{keyword}_"),
        None => snake_ident(tag),
    }
}

/// The cargo feature for a module: kebab case, without the `_` that keeps a keyword
/// (`self_` -> `self`), which no other module name can be.
fn feature_name(module: &str) -> String {
    module.trim_end_matches('_').replace('_', "-")
}

/// What the members' types and error enums name outside the members.
fn names_outside(
    members: &Members,
    types: &BTreeMap<String, TypeDef>,
    error_types: &[ErrorType],
) -> NamesOutside {
    let outside = |ty: &TypeRef| mentions(ty, &|name| !members.types.contains(name));
    let in_types = members.types.iter().filter_map(|name| types.get(name));
    let in_errors = error_types
        .iter()
        .filter(|error_type| members.error_types.contains(&error_type.name));
    NamesOutside {
        types: in_types.flat_map(field_types).any(outside),
        error_types: in_errors
            .flat_map(|error_type| &error_type.responses)
            .filter_map(|response| response.body.as_ref())
            .any(outside),
    }
}

/// The types a definition's fields or variants hold.
fn field_types(def: &TypeDef) -> Vec<&TypeRef> {
    match def {
        TypeDef::Struct(def) => def.fields.iter().map(|field| &field.ty).collect(),
        TypeDef::Union(def) => def.variants.iter().map(|variant| &variant.ty).collect(),
        TypeDef::Enum(_) => Vec::new(),
    }
}

/// Whether `ty` names a generated type `pick` picks.
fn mentions(ty: &TypeRef, pick: &dyn Fn(&str) -> bool) -> bool {
    match ty {
        TypeRef::Named(name) => pick(name),
        TypeRef::Array(inner) | TypeRef::Map(inner) => mentions(inner, pick),
        TypeRef::Tuple(items) => items.iter().any(|item| mentions(item, pick)),
        _ => false,
    }
}

#[cfg(test)]
#[path = "layout_tests.rs"]
mod tests;
