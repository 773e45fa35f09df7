//! Every name the emitted module defines comes from the IR or from `naming::generated`: a name
//! an emitter made up on its own would be one lowering could not keep spec names away from.

use std::collections::BTreeSet;

use syn::visit::Visit;

use crate::ir::Api;
use crate::naming::generated;

/// The fixture that uses each of the generator's own names as a spec name.
const SPEC: &str = include_str!("../../../tests/fixtures/names-the-generator-defines.yaml");

fn lowered() -> Api {
    lowered_with(&Default::default())
}

fn lowered_with(options: &crate::lower::LowerOptions) -> Api {
    let loaded = crate::load::parse_loaded(std::path::Path::new("names.yaml"), SPEC)
        .expect("the fixture parses");
    let lowered = crate::lower::lower(&loaded.spec, options);
    assert!(
        lowered
            .diagnostics
            .iter()
            .all(|d| d.severity < crate::Severity::Error),
        "{:?}",
        lowered.diagnostics
    );
    lowered.api
}

fn bare(ident: &syn::Ident) -> String {
    ident.to_string().trim_start_matches("r#").to_owned()
}

fn strings<'a>(names: impl IntoIterator<Item = &'a String>) -> BTreeSet<String> {
    names
        .into_iter()
        .map(|name| name.trim_start_matches("r#").to_owned())
        .collect()
}

fn listed(list: &[&str]) -> BTreeSet<String> {
    list.iter().map(|name| (*name).to_owned()).collect()
}

/// Every name a pattern binds (`let`, `for`, `if let`, closure and function arguments).
#[derive(Default)]
struct Bindings(BTreeSet<String>);

impl Visit<'_> for Bindings {
    fn visit_pat_ident(&mut self, pat: &syn::PatIdent) {
        self.0.insert(bare(&pat.ident));
        syn::visit::visit_pat_ident(self, pat);
    }
}

/// Names found in the emitted file that neither the IR nor the table accounts for.
fn unaccounted(api: &Api, file: &syn::File) -> Vec<String> {
    let mut types = strings(api.types.keys());
    types.extend(strings(api.error_types.iter().map(|e| &e.name)));
    types.extend(listed(generated::TYPES));
    types.insert(generated::DEFAULTS_MODULE.to_owned());
    let modules = api.layout.iter().flat_map(|layout| {
        let groups = layout.groups.iter().map(|group| &group.module);
        groups.chain(layout.shared.iter().map(|shared| &shared.module))
    });
    let group_modules = strings(modules);
    types.extend(group_modules.iter().cloned());
    let mut setters = listed(generated::STRUCT_METHODS);
    let mut default_functions = BTreeSet::new();
    for methods in api.struct_methods.values() {
        setters.extend(strings(
            methods.setters.values().chain(methods.clears.values()),
        ));
        default_functions.extend(strings(methods.defaults.values()));
    }
    let mut builder = listed(generated::BUILDER_METHODS);
    for def in api.security_schemes.values() {
        builder.extend(strings(def.provider_setter.iter().chain([&def.setter])));
    }
    let mut client = listed(generated::CLIENT_METHODS);
    client.extend(strings(api.operations.iter().map(|op| &op.fn_name)));
    let mut locals = listed(generated::METHOD_LOCALS);
    locals.extend(listed(generated::CHECK_LOCALS));
    locals.extend(strings(
        api.operations
            .iter()
            .flat_map(|op| op.parameters.iter().map(|p| &p.rust_name)),
    ));
    let mut missing = Vec::new();
    let mut check = |kind: &str, name: String, allowed: &BTreeSet<String>| {
        if !allowed.contains(&name) {
            missing.push(format!("{kind} `{name}`"));
        }
    };
    // A tag's module (`Api::layout`) holds what the root would: its items are checked alike.
    let items = file.items.iter().flat_map(|item| match item {
        syn::Item::Mod(module) if group_modules.contains(&bare(&module.ident)) => {
            let inner = module.content.iter().flat_map(|(_, items)| items);
            std::iter::once(item).chain(inner).collect()
        }
        _ => vec![item],
    });
    for item in items {
        match item {
            syn::Item::Struct(item) => check("type", bare(&item.ident), &types),
            syn::Item::Enum(item) => check("type", bare(&item.ident), &types),
            syn::Item::Mod(item) if group_modules.contains(&bare(&item.ident)) => {
                check("module", bare(&item.ident), &types);
            }
            syn::Item::Mod(item) => {
                check("module", bare(&item.ident), &types);
                for inner in item.content.iter().flat_map(|(_, items)| items) {
                    if let syn::Item::Fn(function) = inner {
                        check(
                            "default function",
                            bare(&function.sig.ident),
                            &default_functions,
                        );
                    }
                }
            }
            syn::Item::Impl(item) if item.trait_.is_none() => {
                let syn::Type::Path(self_ty) = &*item.self_ty else {
                    continue;
                };
                let Some(last) = self_ty.path.segments.last() else {
                    continue;
                };
                let owner = bare(&last.ident);
                let is_struct = api.struct_methods.contains_key(&owner);
                let (kind, allowed) = match owner.as_str() {
                    "Client" => ("client method", &client),
                    "ClientBuilder" => ("builder method", &builder),
                    _ if is_struct => ("struct method", &setters),
                    _ => continue,
                };
                for member in &item.items {
                    let syn::ImplItem::Fn(function) = member else {
                        continue;
                    };
                    check(kind, bare(&function.sig.ident), allowed);
                    let name = bare(&function.sig.ident);
                    // Operation methods: their locals share a scope with the parameters.
                    if owner == "Client"
                        && api
                            .operations
                            .iter()
                            .any(|op| op.fn_name.trim_start_matches("r#") == name)
                    {
                        let mut bindings = Bindings::default();
                        bindings.visit_impl_item_fn(function);
                        for name in bindings.0 {
                            check("method local", name, &locals);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    missing
}

#[test]
fn every_emitted_name_comes_from_the_ir_or_the_table() {
    every_emitted_name_comes_from_the_ir_or_the_table_when(false);
}

#[test]
fn every_name_in_a_tags_module_comes_from_the_ir_or_the_table() {
    every_emitted_name_comes_from_the_ir_or_the_table_when(true);
}

fn every_emitted_name_comes_from_the_ir_or_the_table_when(split_by_tag: bool) {
    let api = lowered_with(&crate::lower::LowerOptions {
        split_by_tag,
        ..Default::default()
    });
    assert_eq!(api.layout.is_some(), split_by_tag);
    let options = super::EmitOptions {
        client: true,
        feature_gates: split_by_tag,
        ..Default::default()
    };
    let file: syn::File = syn::parse2(super::emit_tokens(&api, &options)).expect("emitted code");
    let missing = unaccounted(&api, &file);
    assert!(
        missing.is_empty(),
        "names outside the IR and table: {missing:?}"
    );
    // The check sees what it should: a name outside both is reported.
    let mut narrowed = api.clone();
    narrowed.operations.pop();
    assert!(!unaccounted(&narrowed, &file).is_empty());
}

#[test]
fn spec_names_give_way_to_the_generators_own() {
    let api = lowered();
    let fn_names: BTreeSet<&str> = api
        .operations
        .iter()
        .map(|op| op.fn_name.as_str())
        .collect();
    for name in generated::CLIENT_METHODS {
        assert!(!fn_names.contains(name), "operation method `{name}`");
    }
    for operation in &api.operations {
        for parameter in &operation.parameters {
            let name = parameter.rust_name.as_str();
            assert!(
                !generated::METHOD_LOCALS.contains(&name),
                "parameter `{name}`"
            );
        }
    }
    for def in api.security_schemes.values() {
        assert!(!generated::BUILDER_METHODS.contains(&def.setter.as_str()));
    }
    for name in generated::TYPES {
        assert!(!api.types.contains_key(*name), "type `{name}`");
    }
    assert!(api.types.contains_key("ClientBuilderValue"));
    assert!(api.types.contains_key("ApiError"));
    // The shared error enum takes `ApiError` only when no schema has it.
    let shared: Vec<&str> = api.error_types.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(shared, ["ApiError2"]);
}
