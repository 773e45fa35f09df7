//! The split by tag (`Api::layout`): the common items at the root with the client, then one
//! private module per group (a tag, the untagged operations, the types no operation uses) and
//! per set of groups sharing items, each holding its types, their `Validate` impls, its
//! operations' methods in an `impl Client` and its error enums, glob re-exported so every item
//! keeps its root path. With feature gates a group's module is behind its feature, a shared
//! module behind any of its groups' features; the root compiles alone (it names no item of a
//! module), and each module imports what it uses itself (`paths`), so no import goes unused
//! whatever the features.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc_attrs, inline_code};
use super::{client, emit_items, emit_models, ident, EmitOptions};
use crate::ir::{Api, GroupOf, Layout, Members, NamesOutside};

/// The root's items, then each group's module, then each shared one, with their re-exports.
pub fn emit_split(api: &Api, layout: &Layout, options: &EmitOptions) -> TokenStream {
    let mut items = emit_items(&part(api, &layout.common, &[]), options);
    for group in &layout.groups {
        let doc = match &group.of {
            GroupOf::Tag(tag) => format!(
                "The operations tagged {}, and the types and error enums only they use.",
                inline_code(tag)
            ),
            GroupOf::Untagged => {
                "The operations without tags, and the types and error enums only they use."
                    .to_owned()
            }
            GroupOf::Unreferenced => {
                "The types no operation uses, and those only they name.".to_owned()
            }
        };
        let feature = &group.feature;
        let module = Module {
            name: &group.module,
            doc,
            cfg: quote!(#[cfg(feature = #feature)]),
            part: part(api, &group.members, &group.operations),
            outside: group.outside,
        };
        items.extend(module.emit(options));
    }
    for shared in &layout.shared {
        let groups = shared
            .groups
            .iter()
            .filter_map(|&index| layout.groups.get(index));
        let (modules, features): (Vec<String>, Vec<&str>) = groups
            .map(|group| (inline_code(&group.module), group.feature.as_str()))
            .unzip();
        let module = Module {
            name: &shared.module,
            doc: format!(
                "The types and error enums shared by the modules {}.",
                modules.join(", ")
            ),
            cfg: quote!(#[cfg(any(#(feature = #features),*))]),
            part: part(api, &shared.members, &[]),
            outside: shared.outside,
        };
        items.extend(module.emit(options));
    }
    items
}

/// One module of the layout, as it is emitted.
struct Module<'a> {
    name: &'a str,
    doc: String,
    /// The `cfg` compiling it, used only with feature gates.
    cfg: TokenStream,
    /// The API cut down to its items.
    part: Api,
    outside: NamesOutside,
}

impl Module<'_> {
    fn emit(self, options: &EmitOptions) -> TokenStream {
        let part = &self.part;
        let mut inner = emit_models(part, options);
        if options.client {
            inner.extend(client::emit_operations(part));
        }
        if inner.is_empty() {
            return TokenStream::new();
        }
        let methods = options.client && !part.operations.is_empty();
        let errors = options.client && !part.error_types.is_empty();
        // The root's names (`Client`, and every type through the re-exports) for the items
        // here; a module that names nothing outside has no use for them, and an unused import
        // would warn.
        let needs_root = methods || self.outside.types || (errors && self.outside.error_types);
        let glob = needs_root.then(|| {
            quote!(
                use super::*;
            )
        });
        let public = !part.types.is_empty() || errors;
        let cfg = options.feature_gates.then_some(self.cfg);
        let doc = doc_attrs(Some(&self.doc));
        let module = ident(self.name);
        let reexport = public.then(|| quote!(#cfg pub use #module::*;));
        quote! {
            #doc
            #cfg
            mod #module {
                #glob
                #inner
            }
            #reexport
        }
    }
}

/// The API cut down to one part's types, error enums and operations, for the emitters that
/// write a whole API's worth; what they only look up (validated types, security schemes)
/// stays whole.
fn part(api: &Api, members: &Members, operations: &[usize]) -> Api {
    let types = api
        .types
        .iter()
        .filter(|(name, _)| members.types.contains(*name))
        .map(|(name, def)| (name.clone(), def.clone()))
        .collect();
    Api {
        title: api.title.clone(),
        version: api.version.clone(),
        description: api.description.clone(),
        servers: api.servers.clone(),
        shared_patterns: Vec::new(),
        types,
        operations: operations
            .iter()
            .filter_map(|&index| api.operations.get(index).cloned())
            .collect(),
        request_types: api
            .request_types
            .intersection(&members.types)
            .cloned()
            .collect(),
        validated_types: api.validated_types.clone(),
        error_types: api
            .error_types
            .iter()
            .filter(|error_type| members.error_types.contains(&error_type.name))
            .cloned()
            .collect(),
        security_schemes: api.security_schemes.clone(),
        struct_methods: api
            .struct_methods
            .iter()
            .filter(|(name, _)| members.types.contains(*name))
            .map(|(name, methods)| (name.clone(), methods.clone()))
            .collect(),
        layout: None,
    }
}
