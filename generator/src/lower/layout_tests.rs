use std::collections::BTreeSet;
use std::path::Path;

use crate::ir::{reachable_types, Api, Group, GroupOf, Layout, TypeRef};
use crate::lower::{lower, LowerOptions};

/// Lowers `text` (a whole document) split by tag.
fn split(text: &str) -> Api {
    let loaded = crate::load::parse_loaded(Path::new("t.yaml"), text).expect("parses");
    let options = LowerOptions {
        split_by_tag: true,
        ..Default::default()
    };
    let lowered = lower(&loaded.spec, &options);
    assert!(lowered.diagnostics.is_empty(), "{:?}", lowered.diagnostics);
    lowered.api
}

fn layout(api: &Api) -> &Layout {
    api.layout.as_ref().expect("split by tag")
}

fn group<'a>(api: &'a Api, module: &str) -> &'a Group {
    layout(api)
        .groups
        .iter()
        .find(|group| group.module == module)
        .unwrap_or_else(|| panic!("no module `{module}` in {:?}", layout(api).groups))
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|name| (*name).to_owned()).collect()
}

/// An operation `GET <path>` with these tags, returning `$ref: <schema>` (and a 404 with
/// `Problem` when `problem` is set).
fn get(path: &str, id: &str, tags: &str, schema: &str, problem: bool) -> String {
    let not_found = if problem {
        "\n        '404': {description: no, content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}}"
    } else {
        ""
    };
    format!(
        "  {path}:\n    get:\n      operationId: {id}\n      tags: [{tags}]\n      responses:\n        '200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/{schema}'}}}}}}}}{not_found}\n"
    )
}

const SCHEMAS: &str = "components:
  schemas:
    Pet: {type: object, properties: {owner: {$ref: '#/components/schemas/Owner'}, kind: {$ref: '#/components/schemas/Kind'}}}
    Owner: {type: object, properties: {name: {type: string}}}
    Kind: {type: string, enum: [cat, dog]}
    Order: {type: object, properties: {owner: {$ref: '#/components/schemas/Owner'}, note: {$ref: '#/components/schemas/Note'}}}
    Note: {type: object, properties: {text: {type: string}}}
    Problem: {type: object, properties: {detail: {type: string}}}
    Catalog: {type: object, properties: {kind: {$ref: '#/components/schemas/Kind'}}}
";

fn document(paths: &[String]) -> String {
    format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n{}{SCHEMAS}",
        paths.concat()
    )
}

#[test]
fn a_type_one_group_reaches_is_its_own_and_a_shared_one_is_in_a_shared_module() {
    let api = split(&document(&[
        get("/pets", "listPets", "pets", "Pet", false),
        get("/orders", "listOrders", "store", "Order", false),
    ]));
    let pets = group(&api, "pets");
    let store = group(&api, "store");
    assert_eq!(pets.of, GroupOf::Tag("pets".to_owned()));
    assert_eq!(pets.operations, [0]);
    assert_eq!(store.operations, [1]);
    assert_eq!(pets.members.types, set(&["Pet"]));
    assert_eq!(store.members.types, set(&["Note", "Order"]));
    // No operation reaches `Catalog` and `Problem`: they are the unreferenced group's.
    let unreferenced = group(&api, "unreferenced");
    assert_eq!(unreferenced.of, GroupOf::Unreferenced);
    assert!(unreferenced.operations.is_empty());
    assert_eq!(unreferenced.members.types, set(&["Catalog", "Problem"]));
    // `Owner` is reached by both tags, `Kind` by `pets` and by `Catalog`; none by all three.
    let shared: Vec<(&str, &[usize], &BTreeSet<String>)> = layout(&api)
        .shared
        .iter()
        .map(|shared| {
            (
                shared.module.as_str(),
                &shared.groups[..],
                &shared.members.types,
            )
        })
        .collect();
    assert_eq!(
        shared,
        [
            ("shared", &[0, 1][..], &set(&["Owner"])),
            ("shared_2", &[0, 2][..], &set(&["Kind"])),
        ]
    );
    assert!(layout(&api).common.types.is_empty());
    assert!(pets.outside.types && store.outside.types && unreferenced.outside.types);
    assert!(!layout(&api).shared[0].outside.types);
}

#[test]
fn a_type_every_group_reaches_is_common() {
    let api = split(&document(&[
        get("/pets", "listPets", "pets", "Pet", false),
        get("/orders", "listOrders", "store", "Pet", false),
    ]));
    // `Pet` and what it names (`Owner`, `Kind`) are reached by both tags; `Owner` also by the
    // unreferenced `Order`, `Kind` by the unreferenced `Catalog`: by every group.
    assert_eq!(layout(&api).common.types, set(&["Kind", "Owner"]));
    assert_eq!(layout(&api).shared[0].members.types, set(&["Pet"]));
}

/// Every type is in exactly one part, and what each part names is common or in a part compiled
/// whenever it is (one whose groups include all of its own): any set of features compiles.
#[test]
fn every_part_names_only_what_is_compiled_with_it() {
    let api = split(&document(&[
        get("/pets", "listPets", "pets", "Pet", true),
        get("/orders", "listOrders", "store", "Order", true),
        get("/notes", "getNote", "store, pets", "Note", false),
        get("/catalog", "getCatalog", "", "Catalog", false),
        get("/kinds", "getKind", "kinds", "Kind", true),
    ]));
    let layout = layout(&api);
    // Each part with the groups compiling it (`None`: always).
    let mut parts: Vec<(&crate::ir::Members, Option<BTreeSet<usize>>)> =
        vec![(&layout.common, None)];
    for (index, group) in layout.groups.iter().enumerate() {
        parts.push((&group.members, Some(BTreeSet::from([index]))));
    }
    for shared in &layout.shared {
        parts.push((
            &shared.members,
            Some(shared.groups.iter().copied().collect()),
        ));
    }
    let compiled_with = |name: &str| {
        let mut holders = parts
            .iter()
            .filter(|(members, _)| members.types.contains(name));
        let (_, groups) = holders
            .next()
            .unwrap_or_else(|| panic!("{name} is in no part"));
        assert!(holders.next().is_none(), "{name} is in two parts");
        groups.clone()
    };
    for name in api.types.keys() {
        compiled_with(name);
    }
    for (members, groups) in &parts {
        let roots: Vec<TypeRef> = members.types.iter().cloned().map(TypeRef::Named).collect();
        let errors = api
            .error_types
            .iter()
            .filter(|error_type| members.error_types.contains(&error_type.name));
        let bodies = errors.flat_map(|error_type| &error_type.responses);
        let roots = roots
            .iter()
            .chain(bodies.filter_map(|response| response.body.as_ref()));
        for name in reachable_types(&api.types, roots) {
            let named = compiled_with(&name);
            let fine = match (&named, groups) {
                (None, _) => true,
                (Some(named), Some(groups)) => named.is_superset(groups),
                (Some(_), None) => false,
            };
            assert!(
                fine,
                "{name} ({named:?}) is named from a part of {groups:?}"
            );
        }
    }
}

#[test]
fn the_first_tag_picks_the_group_and_the_untagged_and_unreferenced_come_last() {
    let api = split(&document(&[
        get("/catalog", "getCatalog", "", "Catalog", false),
        get("/notes", "getNote", "store, pets", "Note", false),
        get("/pets", "listPets", "pets", "Pet", false),
    ]));
    let modules: Vec<(&str, &GroupOf)> = layout(&api)
        .groups
        .iter()
        .map(|group| (group.module.as_str(), &group.of))
        .collect();
    // Operations are in path order: /catalog, /notes, /pets.
    assert_eq!(
        modules,
        [
            ("store", &GroupOf::Tag("store".to_owned())),
            ("pets", &GroupOf::Tag("pets".to_owned())),
            ("untagged", &GroupOf::Untagged),
            ("unreferenced", &GroupOf::Unreferenced),
        ]
    );
    assert_eq!(group(&api, "untagged").operations, [0]);
    assert_eq!(group(&api, "untagged").feature, "untagged");
}

#[test]
fn error_enums_go_with_the_one_group_using_them_or_are_common() {
    // `listPets` and `listOrders` document the same 404, so they share one enum.
    let shared = split(&document(&[
        get("/pets", "listPets", "pets", "Pet", true),
        get("/orders", "listOrders", "store", "Order", true),
    ]));
    assert_eq!(shared.error_types.len(), 1);
    let name = &shared.error_types[0].name;
    let both = &layout(&shared).shared[0];
    assert_eq!(both.groups, [0, 1]);
    assert_eq!(both.members.error_types, set(&[name]));
    assert!(both.members.types.contains("Problem"));
    // `Problem` is reached by the same groups as the enum, so it is in the same module.
    assert!(!both.outside.error_types);

    let own = split(&document(&[
        get("/pets", "listPets", "pets", "Pet", true),
        get("/orders", "listOrders", "store", "Order", false),
    ]));
    let name = &own.error_types[0].name;
    assert_eq!(group(&own, "pets").members.error_types, set(&[name]));
    assert!(group(&own, "pets").members.types.contains("Problem"));
    assert!(layout(&own).common.error_types.is_empty());
}

#[test]
fn module_and_feature_names_are_unique_and_clear_of_generated_names() {
    let tags = [
        "Pet Store",
        "pet-store",
        "untagged",
        "default",
        "full",
        "rustls",
        "serde",
        "type",
        "self",
        "2fa",
        "unreferenced",
    ];
    let mut paths: Vec<String> = tags
        .iter()
        .enumerate()
        .map(|(index, tag)| {
            get(
                &format!("/p{index}"),
                &format!("op{index}"),
                tag,
                "Note",
                false,
            )
        })
        .collect();
    paths.push(get("/none", "none", "", "Note", false));
    let api = split(&document(&paths));
    let names: Vec<(&str, &str)> = layout(&api)
        .groups
        .iter()
        .map(|group| (group.module.as_str(), group.feature.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("pet_store", "pet-store"),
            ("pet_store_2", "pet-store-2"),
            ("untagged", "untagged"),
            ("default_2", "default-2"),
            ("full_2", "full-2"),
            ("rustls_2", "rustls-2"),
            ("serde_2", "serde-2"),
            ("type_", "type"),
            ("self_", "self"),
            ("n2fa", "n2fa"),
            ("unreferenced", "unreferenced"),
            ("untagged_2", "untagged-2"),
            ("unreferenced_2", "unreferenced-2"),
        ]
    );
}

#[test]
fn without_the_option_there_is_no_layout() {
    let text = document(&[get("/pets", "listPets", "pets", "Pet", false)]);
    let loaded = crate::load::parse_loaded(Path::new("t.yaml"), &text).expect("parses");
    assert!(lower(&loaded.spec, &LowerOptions::default())
        .api
        .layout
        .is_none());
}
