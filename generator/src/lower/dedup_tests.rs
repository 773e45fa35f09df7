use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::{shared_suffix, Shape};
use crate::ir::{Api, Constraints, Field, StructDef, TypeDef, TypeRef};
use crate::lower::test_support::field;
use crate::naming::UniqueNames;

/// Lowers a document with `paths` and component `schemas` and `responses` (YAML, each indented
/// for its place: paths and sections by two spaces, their entries by four).
fn lowered(paths: &str, components: &str) -> Api {
    let text = format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n{paths}components:\n{components}"
    );
    let loaded = crate::load::parse_loaded(Path::new("t.yaml"), &text).expect("parses");
    let options = crate::lower::LowerOptions {
        moved_schemas: loaded.moved_schemas(),
        ..Default::default()
    };
    let lowered = crate::lower::lower(&loaded.spec, &options);
    assert!(lowered.diagnostics.is_empty(), "{:?}", lowered.diagnostics);
    lowered.api
}

fn names(api: &Api) -> Vec<&str> {
    api.types.keys().map(String::as_str).collect()
}

fn named(name: &str) -> TypeRef {
    TypeRef::Named(name.to_owned())
}

/// No two inline types of the result share a shape.
fn assert_shapes_distinct(api: &Api) {
    let mut seen: Vec<Shape> = Vec::new();
    for def in api.types.values() {
        if !super::is_component(def) {
            let shape = Shape::of(def);
            assert!(!seen.contains(&shape), "{} repeats a shape", def.name());
            seen.push(shape);
        }
    }
}

const ORDER_PARAMETER: &str = "{name: order, in: query, schema: {type: string, enum: [asc, desc]}}";

#[test]
fn equal_inline_enums_become_one_named_by_their_shared_suffix() {
    let paths = format!(
        "  /files:\n    get:\n      operationId: listFiles\n      parameters: [{ORDER_PARAMETER}]\n      responses: {{'204': {{description: ok}}}}\n  \
         /runs:\n    get:\n      operationId: listRuns\n      parameters: [{ORDER_PARAMETER}]\n      responses: {{'204': {{description: ok}}}}\n"
    );
    let api = lowered(&paths, "  schemas: {}\n");
    assert_eq!(names(&api), ["Order"]);
    for operation in &api.operations {
        assert_eq!(operation.parameters[0].ty, named("Order"));
    }
}

#[test]
fn a_shared_error_response_is_one_type_for_every_operation_and_status() {
    let paths = "  /a:\n    get:\n      operationId: getA\n      responses:\n        '204': {description: ok}\n        '401': {$ref: '#/components/responses/Unauthorized'}\n        '404': {$ref: '#/components/responses/NotFound'}\n  \
                 /b:\n    get:\n      operationId: getB\n      responses:\n        '204': {description: ok}\n        '401': {$ref: '#/components/responses/Unauthorized'}\n";
    let body = "{content: {application/json: {schema: {type: object, required: [error], properties: {error: {$ref: '#/components/schemas/ErrorObject'}}}}}}";
    let components = format!(
        "  schemas:\n    ErrorObject: {{type: object, properties: {{message: {{type: string}}}}}}\n  \
         responses:\n    Unauthorized: {{description: no token, {}\n    NotFound: {{description: not here, {}\n",
        &body[1..],
        &body[1..],
    );
    let api = lowered(paths, &components);
    // Named after the response component of the first use (getA's 401); the 404's body, of the
    // same shape, is the same type.
    assert_eq!(names(&api), ["ErrorObject", "Unauthorized"]);
    let bodies: BTreeSet<&TypeRef> = api
        .operations
        .iter()
        .flat_map(|operation| &operation.errors)
        .filter_map(|response| response.body.as_ref())
        .collect();
    assert_eq!(bodies, BTreeSet::from([&named("Unauthorized")]));
}

#[test]
fn components_stay_apart_and_an_inline_type_of_their_shape_becomes_the_first() {
    let paths = "  /a:\n    get:\n      operationId: getA\n      responses:\n        '200': {description: ok, content: {application/json: {schema: {type: object, properties: {id: {type: string}}}}}}\n  \
                 /b:\n    get:\n      operationId: getB\n      responses:\n        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Second'}}}}\n  \
                 /c:\n    get:\n      operationId: getC\n      responses:\n        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/First'}}}}\n";
    let components = "  schemas:\n    \
                      First: {type: object, properties: {id: {type: string}}}\n    \
                      Second: {type: object, properties: {id: {type: string}}}\n";
    let api = lowered(paths, components);
    assert_eq!(names(&api), ["First", "Second"]);
    // Second is used first, so the inline body becomes Second.
    let success = |index: usize| api.operations[index].success.as_ref().unwrap().body.clone();
    assert_eq!(success(0), Some(named("Second")));
    assert_eq!(success(1), Some(named("Second")));
    assert_eq!(success(2), Some(named("First")));
}

#[test]
fn parents_merge_once_their_children_have() {
    let item = "{type: object, description: DESCRIPTION, properties: {state: {type: string, enum: [on, off]}, next: {type: array, items: {type: object, properties: {state: {type: string, enum: [on, off]}}}}}}";
    let paths = format!(
        "  /a:\n    get:\n      operationId: getA\n      responses:\n        '200': {{description: ok, content: {{application/json: {{schema: {}}}}}}}\n  \
         /b:\n    get:\n      operationId: getB\n      responses:\n        '200': {{description: ok, content: {{application/json: {{schema: {}}}}}}}\n",
        item.replace("DESCRIPTION", "the first"),
        item.replace("DESCRIPTION", "the second"),
    );
    let api = lowered(&paths, "  schemas: {}\n");
    assert_shapes_distinct(&api);
    // One response struct (named by its first use: `Response` alone would say nothing), one
    // item struct, one enum.
    assert_eq!(api.types.len(), 3, "{:?}", names(&api));
    let Some(TypeDef::Struct(response)) = api.types.get("GetAResponse") else {
        panic!("no GetAResponse struct: {:?}", names(&api));
    };
    // The first member's description is kept.
    assert_eq!(response.doc.as_deref(), Some("the first"));
    assert_eq!(
        api.operations[1].success.as_ref().unwrap().body,
        Some(named("GetAResponse"))
    );
}

#[test]
fn field_docs_are_part_of_the_shape() {
    let body = |doc: &str| {
        format!("{{type: object, properties: {{id: {{type: string, description: {doc}}}}}}}")
    };
    let paths = format!(
        "  /a:\n    get:\n      operationId: getA\n      responses:\n        '200': {{description: ok, content: {{application/json: {{schema: {}}}}}}}\n  \
         /b:\n    get:\n      operationId: getB\n      responses:\n        '200': {{description: ok, content: {{application/json: {{schema: {}}}}}}}\n",
        body("one"),
        body("two"),
    );
    let api = lowered(&paths, "  schemas: {}\n");
    assert_eq!(names(&api), ["GetAResponse", "GetBResponse"]);
}

#[test]
fn a_suffix_taken_by_another_type_leaves_the_first_name() {
    let paths = format!(
        "  /files:\n    get:\n      operationId: listFiles\n      parameters: [{ORDER_PARAMETER}]\n      responses: {{'204': {{description: ok}}}}\n  \
         /runs:\n    get:\n      operationId: listRuns\n      parameters: [{ORDER_PARAMETER}, {{name: o, in: query, schema: {{$ref: '#/components/schemas/Order'}}}}]\n      responses: {{'204': {{description: ok}}}}\n"
    );
    let api = lowered(
        &paths,
        "  schemas:\n    Order: {type: string, enum: [up, down]}\n",
    );
    assert_eq!(names(&api), ["ListFilesOrder", "Order"]);
    assert_eq!(api.operations[1].parameters[0].ty, named("ListFilesOrder"));
}

#[test]
fn a_schema_the_loader_moved_into_components_is_inline() {
    let paths =
        "  /a:\n    get:\n      operationId: getA\n      responses: {'204': {description: ok}}\n";
    // Both `status` enums become components only because `Owner` points into them.
    let components = "  schemas:\n    \
                      Pet: {type: object, properties: {status: {type: string, enum: [a, b]}}}\n    \
                      Vet: {type: object, properties: {status: {type: string, enum: [a, b]}}}\n    \
                      Owner: {type: object, properties: {pet: {$ref: '#/components/schemas/Pet/properties/status'}, vet: {$ref: '#/components/schemas/Vet/properties/status'}}}\n";
    let api = lowered(paths, components);
    assert_eq!(names(&api), ["Owner", "Pet", "Status", "Vet"]);
    let Some(TypeDef::Struct(owner)) = api.types.get("Owner") else {
        panic!("no Owner: {:?}", names(&api));
    };
    assert_eq!(owner.fields[0].ty, named("Status"));
    assert_eq!(owner.fields[1].ty, named("Status"));
}

fn structure(name: &str, pointer: &str, fields: Vec<Field>) -> (String, TypeDef) {
    let def = StructDef {
        name: name.to_owned(),
        pointer: pointer.to_owned(),
        doc: None,
        fields,
        rules: Vec::new(),
    };
    (name.to_owned(), TypeDef::Struct(def))
}

#[test]
fn recursive_types_of_one_shape_merge() {
    let list = |of: &str| TypeRef::Array(Box::new(named(of)));
    let mut types = BTreeMap::from([
        structure(
            "Holder",
            "#/components/schemas/Holder",
            vec![
                field("left", named("LeftNode")),
                field("right", named("RightNode")),
            ],
        ),
        structure(
            "LeftNode",
            "#/components/schemas/Holder/properties/left",
            vec![field("children", list("LeftNode"))],
        ),
        structure(
            "RightNode",
            "#/components/schemas/Holder/properties/right",
            vec![field("children", list("RightNode"))],
        ),
    ]);
    let mut names = UniqueNames::new();
    for name in types.keys() {
        names.reserve(name);
    }
    super::merge_equal_shapes(&mut types, &mut [], &mut names, &BTreeSet::new());
    let kept: Vec<&str> = types.keys().map(String::as_str).collect();
    assert_eq!(kept, ["Holder", "Node"]);
    let Some(TypeDef::Struct(node)) = types.get("Node") else {
        panic!("no Node: {kept:?}");
    };
    assert_eq!(node.fields[0].ty, list("Node"));
    assert_eq!(node.pointer, "#/components/schemas/Holder/properties/left");
}

#[test]
fn a_large_bucket_groups_by_equality_alone() {
    // Forty structs with the same field name and type, so one bucket (past `SMALL_BUCKET`), in
    // twenty pairs of equal constraints.
    let mut types: BTreeMap<String, TypeDef> = (0..40u64)
        .map(|index| {
            let mut id = field("id", TypeRef::String);
            id.constraints = Constraints {
                max_length: Some(index % 20 + 1),
                ..Default::default()
            };
            let pointer = format!("#/paths/~1a/get/responses/200/content/x/schema/{index}");
            structure(&format!("Shape{index}"), &pointer, vec![id])
        })
        .collect();
    let mut names = UniqueNames::new();
    for name in types.keys() {
        names.reserve(name);
    }
    super::merge_equal_shapes(&mut types, &mut [], &mut names, &BTreeSet::new());
    assert_eq!(types.len(), 20);
    let lengths: BTreeSet<Option<u64>> = types
        .values()
        .map(|def| match def {
            TypeDef::Struct(def) => def.fields[0].constraints.max_length,
            _ => None,
        })
        .collect();
    assert_eq!(lengths.len(), 20);
    // Each pair is kept under the name that comes first (no operation uses them).
    assert!(types.contains_key("Shape0") && !types.contains_key("Shape20"));
}

#[test]
fn shared_suffixes_are_whole_words() {
    assert_eq!(shared_suffix(&["ListFilesOrder", "ListRunsOrder"]), "Order");
    assert_eq!(
        shared_suffix(&["GetUserResponse", "PutUserResponse"]),
        "UserResponse"
    );
    assert_eq!(shared_suffix(&["Reorder", "Order"]), "");
    assert_eq!(shared_suffix(&["Order", "SortOrder"]), "Order");
    assert_eq!(shared_suffix(&["GetAUnauthorized", "GetANotFound"]), "");
}
