//! Lowering: `openapiv3::OpenAPI` -> `ir::Api`. Resolves every `$ref`, decides every Rust name,
//! and records what it cannot express as diagnostics instead of failing on the first one.

mod all_of;
mod body;
mod call;
mod dedup;
mod errors;
mod extensions;
mod layout;
mod methods;
mod operation;
mod patterns;
mod recursion;
mod responses;
mod rules;
mod schema;
mod security;
mod select;
mod sizes;
mod style;
mod tuple;
mod union;
mod validated;
mod values;

/// Lowering a document of component schemas alone, for the unit tests of each pass.
#[cfg(test)]
pub(crate) mod test_support {
    use crate::error::Diagnostic;
    use crate::ir::Api;

    /// Lowers `schemas` (YAML lines indented under `components/schemas`) in a 3.0 document with
    /// no paths: every component is lowered.
    pub(crate) fn lower_schemas(schemas: &str) -> (Api, Vec<Diagnostic>) {
        let text = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{schemas}"
        );
        let loaded = crate::load::parse_loaded(std::path::Path::new("t.yaml"), &text)
            .expect("the test document parses");
        let lowered = super::lower(&loaded.spec, &Default::default());
        (lowered.api, lowered.diagnostics)
    }

    /// An optional field named `name` on the wire and in Rust, of type `ty`, unchecked.
    pub(crate) fn field(name: &str, ty: crate::ir::TypeRef) -> crate::ir::Field {
        crate::ir::Field {
            rust_name: name.to_owned(),
            wire_name: name.to_owned(),
            aliases: Vec::new(),
            doc: None,
            ty,
            boxed: false,
            presence: crate::ir::Presence::Optional,
            constraints: Default::default(),
        }
    }
}

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{OpenAPI, ReferenceOr};

pub(crate) use crate::error::child_pointer;
use crate::error::{Construct, Diagnostic, DiagnosticKind};
use crate::ir::{reachable_types, Api, Presence, Server, TypeDef, TypeRef};
use crate::naming::{generated, UniqueNames};

/// The lowered API plus everything noticed on the way.
pub struct Lowered {
    /// The IR (may be partial when `diagnostics` holds errors).
    pub api: Api,
    /// Warnings and errors, in the order found.
    pub diagnostics: Vec<Diagnostic>,
}

pub use select::Selection;

/// What a build asks of lowering beyond the spec.
#[derive(Debug, Clone, Default)]
pub struct LowerOptions {
    /// String `format`s mapped to the user's own Rust types.
    pub format_map: BTreeMap<String, String>,
    /// The operations to generate.
    pub selection: Selection,
    /// Split the items into one module per tag (`Api::layout`).
    pub split_by_tag: bool,
    /// The `#/components/schemas/...` pointers the loader made up for schemas the spec writes
    /// in place (`Loaded::moved`): their types are inline, not components the spec named, so
    /// they merge with other types of their shape.
    pub moved_schemas: BTreeSet<String>,
}

/// Lowers a parsed spec: only the selected operations, and the types they reach.
pub fn lower(spec: &OpenAPI, options: &LowerOptions) -> Lowered {
    let selected = options.selection.apply(spec);
    let spec: &OpenAPI = &selected;
    let mut lowerer = Lowerer::new(spec);
    lowerer.format_map = options.format_map.clone();
    lowerer.lower_components();
    let mut operations = operation::lower_operations(&mut lowerer);
    options
        .selection
        .prune_types(&mut lowerer.types, &operations);
    // Before merging shapes: a type a PATCH body reaches stops applying defaults, so it must
    // not be merged with one that applies them.
    lowerer.keep_patch_bodies_optional(&operations);
    // Before everything that reads the set of types or compares response bodies: error enums
    // are shared by operations with equal responses, recursion and validation are decided on
    // the types that are emitted, and struct methods are named for them.
    dedup::merge_equal_shapes(
        &mut lowerer.types,
        &mut operations,
        &mut lowerer.type_names,
        &options.moved_schemas,
    );
    let error_types = errors::assign_error_types(&mut operations, &mut lowerer.type_names);
    let security_schemes = security::lower_security_schemes(&mut lowerer);
    recursion::box_recursive_fields(&mut lowerer.types);
    sizes::mark_uneven_unions(&mut lowerer.types);
    let request_roots = operations.iter().flat_map(|operation| {
        let body = operation.body.iter().map(|body| &body.ty);
        body.chain(operation.parameters.iter().map(|parameter| &parameter.ty))
    });
    let request_types = reachable_types(&lowerer.types, request_roots);
    let validated_types = validated::validated_types(&lowerer.types, &request_types);
    call::fill_body_fields(&mut operations, &lowerer.types);
    let struct_methods = methods::name_struct_methods(&lowerer.types);
    // Last: it sorts the final types and error enums.
    let layout = options
        .split_by_tag
        .then(|| layout::split_by_tag(&lowerer.types, &operations, &error_types));
    let mut api = Api {
        title: spec.info.title.clone(),
        version: spec.info.version.clone(),
        description: spec.info.description.clone(),
        servers: spec.servers.iter().map(lower_server).collect(),
        types: lowerer.types,
        operations,
        request_types,
        validated_types,
        error_types,
        security_schemes,
        struct_methods,
        layout,
        shared_patterns: Vec::new(),
    };
    patterns::share_patterns(&mut api);
    Lowered {
        api,
        diagnostics: lowerer.diagnostics,
    }
}

fn lower_server(server: &openapiv3::Server) -> Server {
    let variables: Vec<(String, String)> = server
        .variables
        .iter()
        .flatten()
        .map(|(name, variable)| (name.clone(), variable.default.clone()))
        .collect();
    let default_url = variables
        .iter()
        .fold(server.url.clone(), |url, (name, default)| {
            url.replace(&format!("{{{name}}}"), default)
        });
    Server {
        url: server.url.clone(),
        description: server.description.clone(),
        variables,
        default_url,
    }
}

/// State shared by the lowering passes.
pub(crate) struct Lowerer<'a> {
    spec: &'a OpenAPI,
    /// Named types produced so far, by Rust name.
    types: BTreeMap<String, TypeDef>,
    /// Rust type names handed out (component names are claimed first, so they win collisions).
    type_names: UniqueNames,
    /// Component schema name -> its lowered type, once known.
    component_types: BTreeMap<String, TypeRef>,
    /// Component schemas being lowered right now, to stop on recursion.
    in_progress: BTreeSet<String>,
    diagnostics: Vec<Diagnostic>,
    /// Set while lowering an operation when something makes it ungeneratable (an external
    /// `$ref`, a form body without an object schema); the operation is then skipped. Holds the
    /// construct to blame and the reason, as a phrase.
    skip_current: Option<(Construct, String)>,
    /// How many `allOf`s are being merged inside each other, to stop on cycles.
    merge_depth: usize,
    /// The `allOf`s whose merged structs are being lowered, outermost first, with where each
    /// stands.
    merging: Vec<(Vec<ReferenceOr<openapiv3::Schema>>, String)>,
    /// String `format`s the user mapped to their own Rust types.
    format_map: BTreeMap<String, String>,
    /// Each `pattern` read once (`values::read_pattern` compiles it): specs repeat one pattern
    /// on hundreds of parameters, and each reference to its schema reads its constraints.
    read_patterns: std::cell::RefCell<BTreeMap<String, Result<crate::ir::Pattern, String>>>,
}

impl<'a> Lowerer<'a> {
    fn new(spec: &'a OpenAPI) -> Self {
        // Names the generated module defines itself come first.
        let type_names = UniqueNames::with_reserved(generated::TYPES);
        Lowerer {
            spec,
            types: BTreeMap::new(),
            type_names,
            component_types: BTreeMap::new(),
            in_progress: BTreeSet::new(),
            diagnostics: Vec::new(),
            skip_current: None,
            format_map: BTreeMap::new(),
            merging: Vec::new(),
            merge_depth: 0,
            read_patterns: Default::default(),
        }
    }

    pub(crate) fn warn(&mut self, kind: DiagnosticKind, pointer: &str, message: impl Into<String>) {
        self.diagnostics
            .push(Diagnostic::warning(kind, pointer, message));
    }

    pub(crate) fn error(
        &mut self,
        kind: DiagnosticKind,
        pointer: &str,
        message: impl Into<String>,
    ) {
        self.diagnostics
            .push(Diagnostic::error(kind, pointer, message));
    }

    /// Looks up a local `$ref` of the form `#/components/<section>/<name>`.
    pub(crate) fn component_name<'r>(
        &mut self,
        reference: &'r str,
        section: &str,
        pointer: &str,
    ) -> Option<&'r str> {
        let prefix = format!("#/components/{section}/");
        match reference.strip_prefix(&prefix) {
            Some(name) => Some(name),
            None if !reference.starts_with('#') => {
                self.warn(DiagnosticKind::Unsupported(Construct::ExternalReference), pointer, format!("`$ref: {reference}` points into another document, which is not read; the value is kept as serde_json::Value"));
                self.skip_current = Some((
                    Construct::ExternalReference,
                    format!("external `$ref: {reference}` cannot be resolved"),
                ));
                None
            }
            None => {
                self.error(
                    DiagnosticKind::InvalidReference,
                    pointer,
                    format!("`$ref: {reference}` cannot be resolved: only local references into #/components/{section} are supported"),
                );
                None
            }
        }
    }

    /// Resolves a parameter, request body or response reference (one level or a chain).
    pub(crate) fn resolve<'s, T>(
        &mut self,
        item: &'s ReferenceOr<T>,
        section: &str,
        lookup: impl Fn(&'s openapiv3::Components) -> &'s indexmap::IndexMap<String, ReferenceOr<T>>,
        pointer: &str,
    ) -> Option<&'s T>
    where
        'a: 's,
    {
        let mut current = item;
        // A chain longer than the map itself must loop.
        let limit = self.spec.components.as_ref().map_or(0, |c| lookup(c).len()) + 1;
        for _ in 0..=limit {
            match current {
                ReferenceOr::Item(item) => return Some(item),
                ReferenceOr::Reference { reference } => {
                    let name = self.component_name(reference, section, pointer)?;
                    let spec: &'s OpenAPI = self.spec;
                    match spec.components.as_ref().and_then(|c| lookup(c).get(name)) {
                        Some(next) => current = next,
                        None => {
                            self.error(DiagnosticKind::InvalidReference, pointer, format!("`$ref: {reference}` points at nothing: there is no such component"));
                            return None;
                        }
                    }
                }
            }
        }
        self.error(
            DiagnosticKind::Cycle,
            pointer,
            "`$ref` chain loops back on itself",
        );
        None
    }

    /// Structs reachable from a PATCH body keep `Option` for defaulted fields: filling in a default
    /// there would overwrite the stored value the caller meant to leave alone.
    fn keep_patch_bodies_optional(&mut self, operations: &[crate::ir::Operation]) {
        let patch_bodies = operations
            .iter()
            .filter(|op| op.method == crate::ir::HttpMethod::Patch)
            .filter_map(|op| op.body.as_ref())
            .map(|body| &body.ty);
        for name in reachable_types(&self.types, patch_bodies) {
            if let Some(TypeDef::Struct(def)) = self.types.get_mut(&name) {
                for field in &mut def.fields {
                    if matches!(field.presence, Presence::Defaulted(_)) {
                        field.presence = Presence::Optional;
                    }
                }
            }
        }
    }
}
