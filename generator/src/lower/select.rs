//! The operations a build asks for (`Config::operations`, `Config::tags`). The selection is
//! applied to the spec before lowering, so every decision made across operations (error enums
//! and the shared `ApiError`, request types and their builders, credential setters, method
//! names) is made over the kept operations alone; afterwards only the named types the kept
//! operations reach are kept.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{OpenAPI, PathItem, ReferenceOr};

use crate::ir::{reachable_types, Operation, TypeDef, TypeRef};

/// Which operations to generate; `None` in a field means "no filter of that kind". An
/// operation is kept when it passes both filters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// `operationId`s to keep (an operation without one goes by `<method>_<path>`).
    pub operations: Option<BTreeSet<String>>,
    /// Tags: an operation carrying any one of them is kept.
    pub tags: Option<BTreeSet<String>>,
}

impl Selection {
    /// True when nothing is filtered out.
    pub fn is_everything(&self) -> bool {
        self.operations.is_none() && self.tags.is_none()
    }

    fn keeps(&self, operation_id: &str, tags: &[String]) -> bool {
        let by_id = self
            .operations
            .as_ref()
            .is_none_or(|ids| ids.contains(operation_id));
        let by_tag = self
            .tags
            .as_ref()
            .is_none_or(|wanted| tags.iter().any(|tag| wanted.contains(tag)));
        by_id && by_tag
    }

    /// The spec with only the selected operations, and only the security schemes they use.
    /// Paths left without operations go; a path item behind a `$ref` (whose operations are
    /// never lowered) goes too, so its warning does not fail a strict build that did not ask
    /// for it. Everything stays where it was, so pointers into the spec are unchanged.
    pub(crate) fn apply<'s>(&self, spec: &'s OpenAPI) -> Cow<'s, OpenAPI> {
        if self.is_everything() {
            return Cow::Borrowed(spec);
        }
        let mut selected = spec.clone();
        let mut schemes_used: BTreeSet<String> = BTreeSet::new();
        selected.paths.paths.retain(|path, item| {
            let ReferenceOr::Item(item) = item else {
                return false;
            };
            for (method, slot) in method_slots(item) {
                let keep = slot.as_ref().is_some_and(|operation| {
                    let fallback_id = format!("{method}_{path}");
                    let id = operation.operation_id.as_deref().unwrap_or(&fallback_id);
                    self.keeps(id, &operation.tags)
                });
                if !keep {
                    *slot = None;
                }
                let requirements = slot
                    .as_ref()
                    .and_then(|operation| operation.security.as_ref())
                    .or(spec.security.as_ref());
                if slot.is_some() {
                    let names = requirements.into_iter().flatten().flat_map(|r| r.keys());
                    schemes_used.extend(names.cloned());
                }
            }
            item.iter().next().is_some()
        });
        if let Some(components) = &mut selected.components {
            components
                .security_schemes
                .retain(|name, _| schemes_used.contains(name));
        }
        Cow::Owned(selected)
    }

    /// Drops the named types no kept operation reaches (through a parameter, a body or a
    /// response), unless nothing was filtered: a build of the whole spec keeps every component
    /// schema, for models-only use.
    pub(crate) fn prune_types(
        &self,
        types: &mut BTreeMap<String, TypeDef>,
        operations: &[Operation],
    ) {
        if self.is_everything() {
            return;
        }
        let roots: Vec<&TypeRef> = operations
            .iter()
            .flat_map(Operation::mentioned_types)
            .collect();
        let reached = reachable_types(types, roots);
        types.retain(|name, _| reached.contains(name));
    }
}

/// Each method's operation slot with the method's name as `openapiv3` spells it.
fn method_slots(item: &mut PathItem) -> [(&'static str, &mut Option<openapiv3::Operation>); 8] {
    [
        ("get", &mut item.get),
        ("put", &mut item.put),
        ("post", &mut item.post),
        ("delete", &mut item.delete),
        ("options", &mut item.options),
        ("head", &mut item.head),
        ("patch", &mut item.patch),
        ("trace", &mut item.trace),
    ]
}
