use serde_json::{json, Value};

use super::{downgrade, Reading};
use crate::error::{Construct, DiagnosticKind};

/// A 3.1 document whose one component schema is `schema`, downgraded: the schema after, the
/// reading, and the warnings' pointers and kinds.
fn downgraded(schema: Value) -> (Value, Reading, Vec<(String, DiagnosticKind)>) {
    let mut document = json!({
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "components": {"schemas": {"A": schema}}
    });
    let mut reading = Reading::new("3.1.0");
    downgrade(&mut document, &mut reading);
    let warnings = reading
        .take_warnings()
        .into_iter()
        .map(|warning| (warning.pointer, warning.kind))
        .collect();
    (
        document["components"]["schemas"]["A"].take(),
        reading,
        warnings,
    )
}

fn schema_of(schema: Value) -> Value {
    downgraded(schema).0
}

#[test]
fn a_type_list_with_null_is_a_nullable_type() {
    assert_eq!(
        schema_of(json!({"type": ["string", "null"], "maxLength": 3})),
        json!({"maxLength": 3, "nullable": true, "type": "string"})
    );
    assert_eq!(
        schema_of(json!({"type": "null"})),
        json!({"nullable": true})
    );
    assert_eq!(
        schema_of(json!({"type": ["integer", "number"]})),
        json!({"type": "number"})
    );
}

#[test]
fn several_types_split_into_alternatives_with_their_own_keywords() {
    let schema = schema_of(json!({
        "type": ["array", "string", "null"],
        "description": "d",
        "items": {"type": ["integer", "null"]},
        "maxLength": 9,
        "enum": ["a", ["x"], null]
    }));
    assert_eq!(
        schema,
        json!({
            "description": "d",
            "nullable": true,
            "oneOf": [
                {"type": "array", "items": {"type": "integer", "nullable": true}, "enum": [["x"]]},
                {"type": "string", "maxLength": 9, "enum": ["a"]}
            ]
        })
    );
}

#[test]
fn const_is_a_one_value_enum_of_its_type() {
    assert_eq!(
        schema_of(json!({"const": "text"})),
        json!({"type": "string", "enum": ["text"]})
    );
    assert_eq!(
        schema_of(json!({"const": 3})),
        json!({"type": "integer", "enum": [3]})
    );
    assert_eq!(schema_of(json!({"const": null})), json!({"nullable": true}));
}

#[test]
fn null_alternatives_make_the_rest_nullable() {
    let reference = json!({"$ref": "#/components/schemas/B"});
    assert_eq!(
        schema_of(json!({"anyOf": [reference, {"type": "null"}]})),
        json!({"anyOf": [reference], "nullable": true})
    );
    assert_eq!(
        schema_of(json!({"oneOf": [{"const": null}, {"type": "string"}]})),
        json!({"oneOf": [{"type": "string"}], "nullable": true})
    );
}

#[test]
fn reference_siblings_wrap_the_reference() {
    assert_eq!(
        schema_of(
            json!({"$ref": "#/components/schemas/B", "description": "over", "type": ["object", "null"]})
        ),
        json!({"description": "over", "nullable": true, "allOf": [{"$ref": "#/components/schemas/B"}]})
    );
    assert_eq!(
        schema_of(json!({"$ref": "#/components/schemas/B", "summary": "s"})),
        json!({"description": "s", "allOf": [{"$ref": "#/components/schemas/B"}]})
    );
    // A bare reference stays as it is.
    let bare = json!({"$ref": "#/components/schemas/B"});
    assert_eq!(schema_of(bare.clone()), bare);
}

#[test]
fn recursive_reference_names_the_outermost_schema() {
    let schema = schema_of(json!({
        "type": "object",
        "properties": {"filters": {"type": "array", "items": {"oneOf": [
            {"$ref": "#/components/schemas/B"}, {"$recursiveRef": "#"}
        ]}}}
    }));
    assert_eq!(
        schema["properties"]["filters"]["items"]["oneOf"][1],
        json!({"$ref": "#/components/schemas/A"})
    );
}

#[test]
fn numeric_exclusive_bounds_and_examples_take_their_3_0_form() {
    assert_eq!(
        schema_of(json!({"type": "number", "exclusiveMinimum": 0, "examples": [1.5, 2]})),
        json!({"type": "number", "minimum": 0, "exclusiveMinimum": true, "example": 1.5})
    );
    // Beside a stricter inclusive bound, the exclusive one goes.
    assert_eq!(
        schema_of(json!({"type": "number", "exclusiveMaximum": 10, "maximum": 5})),
        json!({"type": "number", "maximum": 5})
    );
    // The boolean 3.0 form stays.
    let old = json!({"type": "number", "minimum": 0, "exclusiveMinimum": true});
    assert_eq!(schema_of(old.clone()), old);
}

#[test]
fn exact_prefix_items_are_a_tuple_and_others_are_warned_about() {
    let (schema, _, warnings) = downgraded(json!({
        "type": "array",
        "prefixItems": [{"type": "integer"}, {"anyOf": [{"type": "integer"}, {"type": "null"}]}],
        "minItems": 2,
        "maxItems": 2
    }));
    assert_eq!(
        schema,
        json!({"type": "array", "minItems": 2, "maxItems": 2, "x-oagen-tuple": [
            {"type": "integer"}, {"anyOf": [{"type": "integer"}], "nullable": true}
        ]})
    );
    assert!(warnings.is_empty(), "{warnings:?}");
    let (schema, _, warnings) = downgraded(json!({"prefixItems": [{"type": "integer"}]}));
    assert_eq!(schema, json!({"type": "array", "items": {}}));
    assert_eq!(
        warnings,
        [(
            "#/components/schemas/A/prefixItems".to_owned(),
            DiagnosticKind::Unsupported(Construct::PrefixItems)
        )]
    );
}

#[test]
fn maps_conditions_and_encodings_say_what_they_became() {
    let (schema, _, warnings) = downgraded(json!({
        "patternProperties": {"^x-": {"type": "string"}},
        "propertyNames": {"pattern": "^x-"},
        "if": {"required": ["a"]},
        "then": {"required": ["b"]}
    }));
    assert_eq!(
        schema,
        json!({"additionalProperties": {"type": "string"}, "type": "object"})
    );
    let kinds: Vec<DiagnosticKind> = warnings.into_iter().map(|(_, kind)| kind).collect();
    assert_eq!(
        kinds,
        [
            DiagnosticKind::Unsupported(Construct::PatternProperties),
            DiagnosticKind::Unsupported(Construct::PropertyNames),
            DiagnosticKind::Unsupported(Construct::Conditional),
        ]
    );
    assert_eq!(
        schema_of(json!({"type": "string", "contentEncoding": "base64"})),
        json!({"type": "string", "format": "byte", "x-oagen-content-encoding": "base64"})
    );
    assert_eq!(
        schema_of(json!({"type": "string", "contentMediaType": "image/png"})),
        json!({"type": "string", "description": "Content type: `image/png`."})
    );
}

#[test]
fn dependent_required_becomes_requires_rules() {
    let schema = schema_of(json!({
        "type": "object",
        "properties": {"a": {}, "b": {}, "c": {}},
        "dependentRequired": {"a": ["b", "c"]}
    }));
    assert_eq!(
        schema["x-oagen-rules"],
        json!([
            {"kind": "requires", "field": "a", "requires": "b"},
            {"kind": "requires", "field": "a", "requires": "c"}
        ])
    );
}

#[test]
fn raw_bodies_read_content_media_type_as_binary() {
    let mut document = json!({
        "openapi": "3.1.0",
        "paths": {"/up": {"post": {"requestBody": {"content": {
            "application/octet-stream": {"schema": {"type": "string", "contentMediaType": "image/png"}},
            "application/json": {"schema": {"type": "string", "contentMediaType": "image/png"}}
        }}}}}
    });
    downgrade(&mut document, &mut Reading::new("3.1.0"));
    let content = &document["paths"]["/up"]["post"]["requestBody"]["content"];
    assert_eq!(
        content["application/octet-stream"]["schema"]["format"],
        "binary"
    );
    assert!(content["application/json"]["schema"]
        .get("format")
        .is_none());
}

#[test]
fn webhooks_leave_documented_payload_types_and_a_paths_object() {
    let mut document = json!({
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1", "summary": "Short.", "license": {"name": "MIT", "identifier": "MIT"}},
        "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
        "webhooks": {
            "newPet": {"post": {"requestBody": {"content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Pet"}
            }}}}},
            "petGone": {"post": {"summary": "A pet left", "requestBody": {"content": {"application/json": {
                "schema": {"type": "object", "properties": {"id": {"type": ["integer", "null"]}}}
            }}}}}
        },
        "components": {"schemas": {"Pet": {"type": "object"}}}
    });
    let mut reading = Reading::new("3.1.0");
    downgrade(&mut document, &mut reading);
    assert!(reading.take_warnings().is_empty());
    assert_eq!(document["openapi"], "3.0.3");
    assert_eq!(document["paths"], json!({}));
    assert!(document.get("webhooks").is_none());
    assert_eq!(
        document["info"]["description"],
        "Short.\n\nLicense: `MIT` (SPDX)."
    );
    let schemas = &document["components"]["schemas"];
    assert_eq!(
        schemas["Pet"]["description"],
        "The payload of the `newPet` webhook (`POST`), which the API sends to you."
    );
    assert_eq!(
        schemas["petGone_webhook"]["description"],
        "The payload of the `petGone` webhook (`POST`), which the API sends to you. A pet left"
    );
    assert_eq!(
        schemas["petGone_webhook"]["properties"]["id"],
        json!({"type": "integer", "nullable": true})
    );
    assert_eq!(reading.interpreted["webhooks"], 2);
    assert_eq!(reading.interpreted["null in a type list"], 1);
}

#[test]
fn path_item_references_are_inlined() {
    let mut document = json!({
        "openapi": "3.1.0",
        "paths": {"/pets": {"$ref": "#/components/pathItems/Pets", "summary": "here"}},
        "components": {"pathItems": {"Pets": {"summary": "there", "get": {"operationId": "list"}}}}
    });
    downgrade(&mut document, &mut Reading::new("3.1.0"));
    assert_eq!(
        document["paths"]["/pets"],
        json!({"summary": "here", "get": {"operationId": "list"}})
    );
    assert!(document["components"].get("pathItems").is_none());
}

#[test]
fn unreferenced_definitions_are_named_in_a_warning() {
    let (_, _, warnings) = downgraded(json!({
        "type": "object",
        "properties": {"a": {"$ref": "#/components/schemas/A/$defs/Used"}},
        "$defs": {"Used": {"type": "string"}, "Unused": {"type": "string"}}
    }));
    assert_eq!(
        warnings,
        [(
            "#/components/schemas/A/$defs".to_owned(),
            DiagnosticKind::Unreferenced
        )]
    );
}

#[test]
fn another_dialect_is_warned_about() {
    let mut document = json!({"openapi": "3.1.0", "jsonSchemaDialect": "https://json-schema.org/draft/2019-09/schema"});
    let mut reading = Reading::new("3.1.0");
    downgrade(&mut document, &mut reading);
    let warnings = reading.take_warnings();
    assert_eq!(warnings.len(), 1);
    assert_eq!(
        warnings[0].kind,
        DiagnosticKind::Unsupported(Construct::Dialect)
    );
}

#[test]
fn yaml_1_2_exponents_without_a_dot_are_numbers() {
    let text = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      type: number\n      exclusiveMinimum: 1e-08\n      maximum: 2E+3\n";
    let spec = crate::load::parse_text(std::path::Path::new("a.yaml"), text).unwrap();
    let schema = serde_json::to_value(&spec.components.unwrap().schemas["A"]).unwrap();
    assert_eq!(schema["minimum"], json!(1e-08));
    assert_eq!(schema["exclusiveMinimum"], json!(true));
    assert_eq!(schema["maximum"], json!(2000.0));
}

#[test]
fn diagnostics_about_moved_schemas_name_the_place_they_are_written() {
    let text = "openapi: 3.1.0
info: {title: t, version: '1'}
paths: {}
webhooks:
  gone:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [missing]
              properties:
                inner:
                  $ref: '#/components/schemas/A/$defs/Inner'
components:
  schemas:
    A:
      type: object
      $defs:
        Inner:
          type: object
          required: [absent]
          properties:
            present: {type: string}
";
    let generated = crate::Config::new().generate_text("m.yaml", text).unwrap();
    let places: Vec<(&str, Option<usize>)> = generated
        .warnings
        .iter()
        .map(|warning| (warning.pointer.as_str(), warning.location.map(|at| at.line)))
        .collect();
    assert!(
        places.contains(&(
            "#/webhooks/gone/post/requestBody/content/application~1json/schema",
            Some(10)
        )),
        "{places:?}"
    );
    assert!(
        places.contains(&("#/components/schemas/A/$defs/Inner", Some(21))),
        "{places:?}"
    );
}

#[test]
fn whole_bounds_in_float_notation_are_integers_without_a_warning() {
    let text = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      type: [integer, 'null']\n      maximum: 2.147483646e+09\n      minimum: 0\n";
    let loaded = crate::load::parse_loaded(std::path::Path::new("a.yaml"), text).unwrap();
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    let schema = serde_json::to_value(&loaded.spec.components.unwrap().schemas["A"]).unwrap();
    assert_eq!(schema["maximum"], json!(2147483646));
    assert_eq!(schema["nullable"], json!(true));
}

#[test]
fn identity_encodings_are_binary_in_multipart_bodies() {
    let mut document = json!({
        "openapi": "3.1.0",
        "paths": {"/up": {"post": {"requestBody": {"content": {"multipart/form-data": {"schema": {
            "type": "object",
            "properties": {"file": {"type": "string", "contentEncoding": "binary"}}
        }}}}}}}
    });
    let mut reading = Reading::new("3.1.0");
    downgrade(&mut document, &mut reading);
    assert!(reading.take_warnings().is_empty());
    let schema = &document["paths"]["/up"]["post"]["requestBody"]["content"]["multipart/form-data"]
        ["schema"];
    assert_eq!(schema["properties"]["file"]["format"], "binary");
}

#[test]
fn a_recursive_reference_in_a_3_0_document_is_read_with_a_warning() {
    let mut document = json!({
        "openapi": "3.0.3",
        "components": {"schemas": {"Filter": {"type": "object", "properties": {
            "filters": {"type": "array", "items": {"oneOf": [{"$recursiveRef": "#"}]}},
            "example": {"$recursiveRef": "#"}
        }, "example": {"$recursiveRef": "#"}}}}
    });
    let mut warnings = Vec::new();
    super::recursive_references_in_3_0(&mut document, &mut warnings);
    let filter = &document["components"]["schemas"]["Filter"];
    assert_eq!(
        filter["properties"]["filters"]["items"]["oneOf"][0],
        json!({"$ref": "#/components/schemas/Filter"})
    );
    // Examples are data: left as written.
    assert_eq!(filter["example"], json!({"$recursiveRef": "#"}));
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert_eq!(
        warnings[0].pointer,
        "#/components/schemas/Filter/properties/filters/items/oneOf/0/$recursiveRef"
    );
}
