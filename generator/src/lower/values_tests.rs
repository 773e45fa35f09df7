//! Constraints as lowering reads them: on each item and map value, through references, and a
//! struct's property count kept only where a value can break it.

use crate::error::{DiagnosticKind, Severity};
use crate::ir::{Api, ConstraintCheck, Field, StructRule, TypeDef};

use crate::lower::test_support::lower_schemas as lower;

fn field<'a>(api: &'a Api, owner: &str, wire: &str) -> &'a Field {
    let Some(TypeDef::Struct(def)) = api.types.get(owner) else {
        panic!("{owner} is not a struct: {:?}", api.types.keys());
    };
    def.fields
        .iter()
        .find(|field| field.wire_name == wire)
        .unwrap_or_else(|| panic!("{owner} has no field {wire}"))
}

fn checks(api: &Api, owner: &str, wire: &str) -> Vec<ConstraintCheck> {
    let field = field(api, owner, wire);
    field.constraints.checks(&field.ty)
}

#[test]
fn items_and_map_values_keep_their_constraints_through_references() {
    let (api, diagnostics) = lower(
        "    Code: {type: string, maxLength: 4}
    Codes: {type: array, items: {$ref: '#/components/schemas/Code'}}
    Holder:
      type: object
      properties:
        inline: {type: array, items: {type: string, minLength: 2}}
        referred: {type: array, items: {$ref: '#/components/schemas/Code'}}
        wrapped: {type: array, items: {allOf: [{$ref: '#/components/schemas/Code'}], nullable: true}}
        alias: {$ref: '#/components/schemas/Codes'}
        map: {type: object, additionalProperties: {type: integer, maximum: 9}}
        grid: {type: array, items: {type: array, items: {type: number, minimum: 1}}}
        plain: {type: array, items: {type: string}}
",
    );
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let at_most_four = ConstraintCheck::EachItem(vec![ConstraintCheck::MaxLength(4)]);
    assert_eq!(
        checks(&api, "Holder", "inline"),
        [ConstraintCheck::EachItem(vec![ConstraintCheck::MinLength(
            2
        )])]
    );
    for wire in ["referred", "wrapped", "alias"] {
        assert_eq!(
            checks(&api, "Holder", wire),
            std::slice::from_ref(&at_most_four),
            "{wire}"
        );
    }
    assert_eq!(
        checks(&api, "Holder", "map"),
        [ConstraintCheck::EachValue(vec![ConstraintCheck::Maximum(
            9.0, false
        )])]
    );
    assert_eq!(
        checks(&api, "Holder", "grid"),
        [ConstraintCheck::EachItem(vec![ConstraintCheck::EachItem(
            vec![ConstraintCheck::Minimum(1.0, false)]
        )])]
    );
    assert!(checks(&api, "Holder", "plain").is_empty());
}

#[test]
fn an_array_alias_of_itself_ends() {
    let (api, _) = lower(
        "    Loop: {type: array, items: {$ref: '#/components/schemas/Loop'}}
    Holder: {type: object, properties: {l: {$ref: '#/components/schemas/Loop'}}}
",
    );
    // Reading its item constraints stops at the depth bound (nothing to check on the way).
    assert!(checks(&api, "Holder", "l").is_empty());
}

#[test]
fn a_property_count_is_kept_only_where_a_value_can_break_it() {
    let (api, _) = lower(
        "    Some: {type: object, minProperties: 1, maxProperties: 2, properties: {a: {type: string}, b: {type: string}, c: {type: string}}}
    Met: {type: object, required: [a], minProperties: 1, maxProperties: 3, properties: {a: {type: string}, b: {type: string}, c: {type: string}}}
    Open: {type: object, maxProperties: 3, properties: {a: {type: string}}, additionalProperties: {type: string}}
",
    );
    let rules = |name: &str| match api.types.get(name) {
        Some(TypeDef::Struct(def)) => def.rules.clone(),
        other => panic!("{name}: {other:?}"),
    };
    assert_eq!(
        rules("Some"),
        [StructRule::PropertyCount {
            min: Some(1),
            max: Some(2)
        }]
    );
    // One required field meets the minimum, three fields cannot pass the maximum.
    assert!(rules("Met").is_empty());
    // Other keys are unbounded: any maximum can be broken.
    assert_eq!(
        rules("Open"),
        [StructRule::PropertyCount {
            min: None,
            max: Some(3)
        }]
    );
}

#[test]
fn an_invalid_pattern_is_an_error_and_inline_ignore_case_a_warning() {
    let (api, diagnostics) = lower(
        "    Holder:
      type: object
      properties:
        broken: {type: string, pattern: '^(abc$'}
        java: {type: string, pattern: 'x\\.(?i)(pdf|tiff)$'}
",
    );
    let at = |pointer: &str| {
        diagnostics
            .iter()
            .find(|d| d.pointer == pointer)
            .unwrap_or_else(|| panic!("nothing at {pointer}: {diagnostics:?}"))
    };
    let broken = at("#/components/schemas/Holder/properties/broken/pattern");
    assert_eq!(broken.kind, DiagnosticKind::InvalidPattern);
    assert_eq!(broken.severity, Severity::Error);
    let java = at("#/components/schemas/Holder/properties/java/pattern");
    assert_eq!(java.kind, DiagnosticKind::Repaired);
    assert_eq!(java.severity, Severity::Warning);
    let Some(ConstraintCheck::Pattern(pattern)) = checks(&api, "Holder", "java").pop() else {
        panic!("no pattern check");
    };
    assert_eq!(pattern.source, "x\\.(pdf|tiff)$");
    assert!(pattern.ignore_case);
}
