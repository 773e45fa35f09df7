//! Which fields make a type contain itself by value. A field (or union variant) that stores a
//! named type inline leads back to its owner exactly when owner and target lie on one cycle of
//! the "stores inline" graph, i.e. in one strongly connected component; one pass of Tarjan's
//! algorithm finds every component, so the cost is linear in types plus fields however long the
//! chains and cycles of `$ref`s are.

use std::collections::BTreeMap;

use crate::ir::{TypeDef, TypeRef};

/// Marks every field or variant of `types` that leads back to its owner by value as boxed.
pub(super) fn box_recursive_fields(types: &mut BTreeMap<String, TypeDef>) {
    let index: BTreeMap<&str, usize> = types
        .keys()
        .enumerate()
        .map(|(at, name)| (name.as_str(), at))
        .collect();
    // Per type, per field or variant: the indices of the types it stores inline.
    let targets: Vec<Vec<Vec<usize>>> = types
        .values()
        .map(|def| {
            inline_types(def)
                .map(|names| {
                    names
                        .into_iter()
                        .filter_map(|name| index.get(name).copied())
                        .collect()
                })
                .collect()
        })
        .collect();
    let edges: Vec<Vec<usize>> = targets
        .iter()
        .map(|fields| fields.iter().flatten().copied().collect())
        .collect();
    let (component, _) = strongly_connected(&edges);
    for ((owner, def), fields) in types.values_mut().enumerate().zip(&targets) {
        for (field, field_targets) in fields.iter().enumerate() {
            // Boxing the field boxes the whole tuple, which breaks every cycle through it.
            if field_targets
                .iter()
                .any(|&target| component[target] == component[owner])
            {
                match def {
                    TypeDef::Struct(def) => def.fields[field].boxed = true,
                    TypeDef::Union(def) => def.variants[field].boxed = true,
                    TypeDef::Enum(_) => {}
                }
            }
        }
    }
}

/// Per field (struct) or variant (union), in order: the named types it stores inline (not
/// behind a `Vec` or map): itself if named, a tuple's items (and theirs) if a tuple.
fn inline_types(def: &TypeDef) -> Box<dyn Iterator<Item = Vec<&str>> + '_> {
    fn named(ty: &TypeRef) -> Vec<&str> {
        match ty {
            TypeRef::Named(name) => vec![name.as_str()],
            TypeRef::Tuple(items) => items.iter().flat_map(named).collect(),
            _ => Vec::new(),
        }
    }
    match def {
        TypeDef::Struct(def) => Box::new(def.fields.iter().map(|field| named(&field.ty))),
        TypeDef::Union(def) => Box::new(def.variants.iter().map(|variant| named(&variant.ty))),
        TypeDef::Enum(_) => Box::new(std::iter::empty()),
    }
}

const UNSEEN: usize = usize::MAX;

/// Tarjan's algorithm without recursion (a chain of thousands of `$ref`s would overflow the
/// stack): the component number of each node of `edges` (adjacency lists over `0..n`), and the
/// number of steps taken: one per edge and one per node.
fn strongly_connected(edges: &[Vec<usize>]) -> (Vec<usize>, usize) {
    let mut walk = Walk {
        order: vec![UNSEEN; edges.len()],
        low: vec![0; edges.len()],
        on_stack: vec![false; edges.len()],
        stack: Vec::new(),
        calls: Vec::new(),
        next_order: 0,
    };
    let mut component = vec![UNSEEN; edges.len()];
    let (mut next_component, mut steps) = (0, 0);
    for root in 0..edges.len() {
        if walk.order[root] != UNSEEN {
            continue;
        }
        walk.enter(root);
        while let Some((node, followed)) = walk.calls.last_mut() {
            steps += 1;
            let node = *node;
            if let Some(&next) = edges[node].get(*followed) {
                *followed += 1;
                if walk.order[next] == UNSEEN {
                    walk.enter(next);
                } else if walk.on_stack[next] {
                    walk.low[node] = walk.low[node].min(walk.order[next]);
                }
                continue;
            }
            walk.calls.pop();
            if let Some(&(caller, _)) = walk.calls.last() {
                walk.low[caller] = walk.low[caller].min(walk.low[node]);
            }
            if walk.low[node] == walk.order[node] {
                while let Some(member) = walk.stack.pop() {
                    walk.on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    (component, steps)
}

/// The state of Tarjan's walk.
struct Walk {
    /// When each node was entered (`UNSEEN` before).
    order: Vec<usize>,
    /// The earliest entered node on the stack each node's subtree reaches.
    low: Vec<usize>,
    on_stack: Vec<bool>,
    /// Nodes entered whose component is not decided yet.
    stack: Vec<usize>,
    /// The simulated call stack: a node and how many of its edges have been followed.
    calls: Vec<(usize, usize)>,
    next_order: usize,
}

impl Walk {
    fn enter(&mut self, node: usize) {
        self.order[node] = self.next_order;
        self.low[node] = self.next_order;
        self.next_order += 1;
        self.on_stack[node] = true;
        self.stack.push(node);
        self.calls.push((node, 0));
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::{box_recursive_fields, strongly_connected};
    use crate::ir::UnionVariant;
    use crate::ir::{Constraints, Field, Presence, StructDef, TypeDef, TypeRef, UnionDef};

    fn structure(name: &str, fields: Vec<TypeRef>) -> TypeDef {
        let fields = fields
            .into_iter()
            .enumerate()
            .map(|(index, ty)| Field {
                rust_name: format!("f{index}"),
                wire_name: format!("f{index}"),
                aliases: Vec::new(),
                doc: None,
                ty,
                boxed: false,
                presence: Presence::Required,
                constraints: Constraints::default(),
            })
            .collect();
        TypeDef::Struct(StructDef {
            name: name.to_owned(),
            pointer: String::new(),
            doc: None,
            fields,
            rules: Vec::new(),
        })
    }

    fn boxed(def: &TypeDef) -> Vec<bool> {
        match def {
            TypeDef::Struct(def) => def.fields.iter().map(|field| field.boxed).collect(),
            TypeDef::Union(def) => def.variants.iter().map(|variant| variant.boxed).collect(),
            TypeDef::Enum(_) => Vec::new(),
        }
    }

    /// Boxed: fields on a cycle through their owner (`A.0`, `B.0`, `C.0`, `D.1`, `E.0` through
    /// a tuple item); not boxed: fields behind a `Vec` (`A.1`, `E.1` inside a tuple), into
    /// another component, or naming no known type.
    #[test]
    fn fields_leading_back_to_their_owner_are_boxed() {
        let named = |name: &str| TypeRef::Named(name.to_owned());
        let list_of_a = TypeRef::Array(Box::new(named("A")));
        let union = TypeDef::Union(UnionDef {
            name: "D".to_owned(),
            pointer: String::new(),
            doc: None,
            tag: None,
            variants: [named("A"), named("D")]
                .into_iter()
                .map(|ty| UnionVariant {
                    rust_name: "V".to_owned(),
                    ty,
                    boxed: false,
                    tag_values: Vec::new(),
                    tag_outside_payload: false,
                })
                .collect(),
            other_variant: None,
            uneven_variants: false,
        });
        let mut types = BTreeMap::from([
            ("A".to_owned(), structure("A", vec![named("B"), list_of_a])),
            (
                "B".to_owned(),
                structure("B", vec![named("A"), named("C"), named("Missing")]),
            ),
            (
                "C".to_owned(),
                structure("C", vec![named("C"), TypeRef::String]),
            ),
            ("D".to_owned(), union),
            (
                "E".to_owned(),
                structure(
                    "E",
                    vec![
                        TypeRef::Tuple(vec![TypeRef::I64, named("E")]),
                        TypeRef::Tuple(vec![TypeRef::Array(Box::new(named("E"))), named("C")]),
                    ],
                ),
            ),
        ]);
        box_recursive_fields(&mut types);
        assert_eq!(boxed(&types["A"]), [true, false]);
        assert_eq!(boxed(&types["B"]), [true, false, false]);
        assert_eq!(boxed(&types["C"]), [true, false]);
        assert_eq!(boxed(&types["D"]), [false, true]);
        assert_eq!(boxed(&types["E"]), [true, false]);
    }

    /// A chain `0 -> 1 -> ... -> n-1`, closed into a cycle when `cycle` is set.
    fn chain(n: usize, cycle: bool) -> Vec<Vec<usize>> {
        (0..n)
            .map(|at| match at + 1 {
                next if next < n => vec![next],
                _ if cycle => vec![0],
                _ => Vec::new(),
            })
            .collect()
    }

    /// 20,000 chained (or cyclic) `$ref`s: every node is one component in a chain and all share
    /// one in a cycle, found in at most nodes + edges steps (the pairwise reachability this
    /// replaced took about n² / 2 steps: 200 million here, minutes of work), and without
    /// recursion, which would overflow the test thread's stack at this depth.
    #[test]
    fn long_chains_and_cycles_take_linear_steps() {
        let n = 20_000;
        let (component, steps) = strongly_connected(&chain(n, false));
        let mut distinct = component.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), n);
        assert!(steps <= 2 * n, "{steps} steps");
        let (component, steps) = strongly_connected(&chain(n, true));
        assert!(component.iter().all(|&c| c == component[0]));
        assert!(steps <= 2 * n + 1, "{steps} steps");
    }

    #[test]
    fn components_of_a_small_graph() {
        // 0 <-> 1, 1 -> 2, 2 -> 2 (itself), 3 -> 0.
        let edges = vec![vec![1], vec![0, 2], vec![2], vec![0]];
        let (component, _) = strongly_connected(&edges);
        assert_eq!(component[0], component[1]);
        assert_ne!(component[1], component[2]);
        assert_ne!(component[3], component[0]);
        assert_ne!(component[3], component[2]);
    }
}
