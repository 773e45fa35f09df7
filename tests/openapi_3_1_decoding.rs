//! OpenAPI 3.1 constructs, generated in place from their fixtures (`tests/fixtures/openapi-3.1-*`)
//! and checked on the wire: each test decodes JSON that is valid for the schema, looks at what it
//! became in Rust, and encodes it back to the same JSON.
//!
//! Fixtures that read with warnings get `#[allow(deprecated)]` (the macro turns each warning into
//! a deprecation note); the others must generate without any, under `deny(warnings)`.

use oagen_runtime::{Nullable, Report, Validate};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

#[deny(warnings)]
mod type_list_null {
    oagen_macros::generate_api!("tests/fixtures/openapi-3.1-type-list-null.yaml");
}

#[deny(warnings)]
mod type_list_null_3_0 {
    oagen_macros::generate_api!("tests/fixtures/openapi-3.0-type-list-null.yaml");
}

#[deny(warnings)]
mod null_alternatives {
    oagen_macros::generate_api!("tests/fixtures/openapi-3.1-null-alternatives.yaml");
}

#[deny(warnings)]
mod type_list_union {
    oagen_macros::generate_api!("tests/fixtures/openapi-3.1-type-list-union.yaml");
}

#[deny(warnings)]
mod const_tag {
    oagen_macros::generate_api!("tests/fixtures/openapi-3.1-const-tag.yaml");
}

#[deny(warnings)]
mod oneof_const_enum {
    oagen_macros::generate_api!("tests/fixtures/openapi-3.1-oneof-const-enum.yaml");
}

#[deny(warnings)]
mod ref_siblings {
    oagen_macros::generate_api!("tests/fixtures/openapi-3.1-ref-siblings.yaml");
}

// One warning: the open-ended `prefixItems` (`extras`, and `Coordinate`, see the test).
#[deny(warnings)]
#[allow(deprecated)]
mod prefix_items {
    oagen_macros::generate_api!("tests/fixtures/openapi-3.1-prefix-items.yaml");
}

#[deny(warnings)]
mod content_encoding {
    oagen_macros::generate_api!("tests/fixtures/openapi-3.1-content-encoding.yaml");
}

// Warnings: keys are not checked against the patterns.
#[deny(warnings)]
#[allow(deprecated)]
mod pattern_properties {
    oagen_macros::generate_api!("tests/fixtures/openapi-3.1-pattern-properties.yaml");
}

#[deny(warnings)]
mod webhooks {
    oagen_macros::generate_api!("tests/fixtures/openapi-3.1-webhooks.yaml");
}

#[deny(warnings)]
mod dependent_required {
    oagen_macros::generate_api!("tests/fixtures/openapi-3.1-dependent-required.yaml");
}

#[deny(warnings)]
mod exclusive_bounds {
    oagen_macros::generate_api!("tests/fixtures/openapi-3.1-exclusive-bounds-and-examples.yaml");
}

#[deny(warnings)]
mod yaml_numbers {
    oagen_macros::generate_api!("tests/fixtures/openapi-3.1-yaml-1.2-numbers.yaml");
}

#[deny(warnings)]
mod recursive_ref {
    oagen_macros::generate_api!("tests/fixtures/openapi-3.1-recursive-ref.yaml");
}

// One warning: `Discontinued` is reached by no `$ref`.
#[deny(warnings)]
#[allow(deprecated)]
mod defs {
    oagen_macros::generate_api!("tests/fixtures/openapi-3.1-defs.yaml");
}

#[deny(warnings)]
mod unevaluated_properties {
    oagen_macros::generate_api!("tests/fixtures/openapi-3.1-unevaluated-properties.yaml");
}

/// `value` decoded as `T`; panics with the value and the error when it does not decode.
fn decode<T: DeserializeOwned>(value: &Value) -> T {
    serde_json::from_value(value.clone()).unwrap_or_else(|error| {
        panic!(
            "{value} does not decode into {}: {error}",
            std::any::type_name::<T>()
        )
    })
}

/// `value` decoded as `T`, after checking that encoding it gives `value` back.
fn round_trip<T: DeserializeOwned + Serialize>(value: Value) -> T {
    let decoded: T = decode(&value);
    let encoded = serde_json::to_value(&decoded).expect("encodes");
    assert_eq!(
        encoded,
        value,
        "{} does not encode back to what it was decoded from",
        std::any::type_name::<T>()
    );
    decoded
}

/// The violations `Validate` finds in `value`, as `field: rule` texts; empty when it is valid.
fn violations<T: Validate>(value: &T) -> Vec<String> {
    let mut report = Report::new();
    value.validate("body", &mut report);
    match report.finish() {
        Ok(()) => Vec::new(),
        Err(error) => error
            .violations
            .iter()
            .map(|violation| format!("{}: {}", violation.field, violation.rule))
            .collect(),
    }
}

// ---- `type: [T, "null"]` ----

#[test]
fn a_type_list_with_null_keeps_null_apart_from_absent() {
    use type_list_null::Profile;

    let absent: Profile = round_trip(json!({"name": "Ada", "nickname": null}));
    assert_eq!(absent.nickname, None);
    assert_eq!(absent.bio, Nullable::Absent);
    assert_eq!(absent.age, Nullable::Absent);

    let null: Profile =
        round_trip(json!({"name": "Ada", "nickname": "ada", "bio": null, "age": null}));
    assert_eq!(null.nickname.as_deref(), Some("ada"));
    assert_eq!(null.bio, Nullable::Null);
    assert_eq!(null.age, Nullable::Null);

    let value: Profile =
        round_trip(json!({"name": "Ada", "nickname": null, "bio": "Counts.", "age": 36}));
    assert_eq!(value.bio, Nullable::Value("Counts.".to_owned()));
    assert_eq!(value.age, Nullable::Value(36));

    // Required and nullable: always sent, as `null` when there is no value (serde reads a
    // missing key of an `Option` field as `None`, so only the encoding tells them apart).
    let missing: Profile = decode(&json!({"name": "Ada"}));
    assert_eq!(missing.nickname, None);
    assert_eq!(
        serde_json::to_value(&missing).expect("encodes"),
        json!({"name": "Ada", "nickname": null})
    );
}

#[test]
fn the_3_0_twin_reads_the_same_values_the_same_way() {
    let documents = [
        json!({"name": "Ada", "nickname": null}),
        json!({"name": "Ada", "nickname": "ada", "bio": null, "age": null}),
        json!({"name": "Ada", "nickname": null, "bio": "Counts.", "age": 36}),
    ];
    for document in documents {
        let new: type_list_null::Profile = round_trip(document.clone());
        let old: type_list_null_3_0::Profile = round_trip(document.clone());
        assert_eq!(new.bio, old.bio, "{document}");
        assert_eq!(new.age, old.age, "{document}");
        assert_eq!(new.nickname, old.nickname, "{document}");
    }
}

// ---- `oneOf`/`anyOf` with a `null` alternative ----

#[test]
fn a_null_alternative_makes_the_other_one_nullable() {
    use null_alternatives::{Address, Parcel};

    let empty: Parcel = round_trip(json!({"label": null, "sender": null}));
    assert_eq!(empty.label, None);
    assert_eq!(empty.sender, None);

    let full: Parcel = round_trip(json!({"label": "fragile", "sender": {"street": "Main St 1"}}));
    assert_eq!(full.label.as_deref(), Some("fragile"));
    assert_eq!(
        full.sender,
        Some(Address {
            street: "Main St 1".to_owned()
        })
    );
}

// ---- `type: [string, integer]` ----

#[test]
fn a_type_list_of_two_types_is_an_untagged_union() {
    use type_list_union::{Reference, Ticket};

    let code: Ticket = round_trip(json!({"reference": "AB-12"}));
    assert_eq!(code.reference, Reference::String("AB-12".to_owned()));

    let number: Ticket = round_trip(json!({"reference": 4711}));
    assert_eq!(number.reference, Reference::Integer(4711));

    // Neither a string nor an integer.
    assert!(serde_json::from_value::<Ticket>(json!({"reference": true})).is_err());
}

// ---- `const` as the tag of a union ----

#[test]
fn a_const_tag_picks_the_variant() {
    use const_tag::{CircleKind, Shape, SquareKind};

    match round_trip::<Shape>(json!({"kind": "circle", "radius": 1.5})) {
        Shape::Circle(circle) => {
            assert_eq!(circle.kind, CircleKind::Circle);
            assert_eq!(circle.radius, 1.5);
        }
        other => panic!("a circle decoded as {other:?}"),
    }
    match round_trip::<Shape>(json!({"kind": "square", "side": 2.0})) {
        Shape::Square(square) => {
            assert_eq!(square.kind, SquareKind::Square);
            assert_eq!(square.side, 2.0);
        }
        other => panic!("a square decoded as {other:?}"),
    }
    // A tag this client does not know is kept as it came.
    let unknown = json!({"kind": "hexagon", "side": 1.0});
    assert_eq!(
        round_trip::<Shape>(unknown.clone()),
        Shape::Unknown(unknown)
    );
    // A known tag with the wrong fields is an error, not another variant.
    assert!(serde_json::from_value::<Shape>(json!({"kind": "circle", "side": 1.0})).is_err());
}

// ---- an enum written as `oneOf` of `const` ----

#[test]
fn an_enum_from_a_oneof_of_const_values() {
    use oneof_const_enum::{Colour, Lamp};

    let lamp: Lamp = round_trip(json!({"colour": "red", "priority": 2}));
    assert_eq!(lamp.colour, Colour::Red);
    assert_eq!(lamp.priority, 2);
    assert_eq!(round_trip::<Colour>(json!("green")), Colour::Green);
    assert_eq!(Colour::KNOWN, &[Colour::Red, Colour::Green]);
    // A value added to the API later is kept as it came.
    assert_eq!(
        round_trip::<Colour>(json!("amber")),
        Colour::Other("amber".to_owned())
    );
}

// ---- `$ref` with sibling keywords ----

#[test]
fn a_reference_with_a_null_sibling_is_nullable() {
    use ref_siblings::{Address, Order};

    let address = |street: &str| Address {
        street: street.to_owned(),
    };
    let first: Order = round_trip(json!({
        "shipping": {"street": "Main St 1"},
        "billing": {"street": "High St 2"},
        "previous": null
    }));
    assert_eq!(first.shipping, address("Main St 1"));
    assert_eq!(first.billing, address("High St 2"));
    assert_eq!(first.previous, None);
    assert_eq!(first.gift, Nullable::Absent);

    let again: Order = round_trip(json!({
        "shipping": {"street": "Main St 1"},
        "billing": {"street": "Main St 1"},
        "previous": {"street": "Old Rd 3"},
        "gift": null
    }));
    assert_eq!(again.previous, Some(address("Old Rd 3")));
    assert_eq!(again.gift, Nullable::Null);

    let gift: Order = round_trip(json!({
        "shipping": {"street": "Main St 1"},
        "billing": {"street": "Main St 1"},
        "previous": null,
        "gift": {"street": "Elm St 4"}
    }));
    assert_eq!(gift.gift, Nullable::Value(address("Elm St 4")));
}

// ---- `prefixItems` ----

#[test]
fn exact_prefix_items_are_a_tuple() {
    use prefix_items::Route;

    let route: Route = round_trip(json!({
        "start": [52.5, 13.4],
        "stop": ["Depot", 1200],
        "extras": ["late", 3, null]
    }));
    let (place, metres): (String, i64) = route.stop;
    assert_eq!(place, "Depot");
    assert_eq!(metres, 1200);
    // `Coordinate` (`prefixItems` with `items: false` but no `minItems`) admits shorter arrays,
    // so it is no tuple: its items stay JSON values.
    assert_eq!(route.start, vec![json!(52.5), json!(13.4)]);
    assert_eq!(
        route.extras,
        Some(vec![json!("late"), json!(3), Value::Null])
    );
    // A tuple takes exactly its items.
    let short = json!({"start": [], "stop": ["Depot"]});
    assert!(serde_json::from_value::<Route>(short).is_err());
    let long = json!({"start": [], "stop": ["Depot", 1, 2]});
    assert!(serde_json::from_value::<Route>(long).is_err());
}

// ---- `contentEncoding: base64` ----

#[test]
fn base64_content_is_bytes() {
    use content_encoding::Attachment;

    // "hello" in base64: the field holds the decoded bytes and is sent as the same text.
    let attachment: Attachment = round_trip(json!({"name": "greeting.txt", "data": "aGVsbG8="}));
    assert_eq!(attachment.data.as_bytes(), b"hello");
    let built = Attachment::new(
        "greeting.txt",
        oagen_runtime::Base64Bytes(b"hello".to_vec()),
    );
    assert_eq!(built, attachment);
    // Text that is not base64 is a decoding error, not a value.
    let broken = json!({"name": "x", "data": "not base64!"});
    assert!(serde_json::from_value::<Attachment>(broken).is_err());
}

// ---- `patternProperties` ----

#[test]
fn pattern_properties_are_a_map() {
    use pattern_properties::Server;

    let server: Server = round_trip(json!({
        "labels": {"env": "prod", "team": "core"},
        "limits": {"cpu": 2, "memory": 512}
    }));
    let labels: Vec<(&str, &str)> = server
        .labels
        .iter()
        .map(|(key, value)| (key.as_str(), value.as_str()))
        .collect();
    assert_eq!(labels, [("env", "prod"), ("team", "core")]);
    // Beside `additionalProperties: false` (no keys but the pattern's) the values are still
    // the pattern's schema.
    let limits = server.limits.expect("limits decoded");
    assert_eq!(limits.get("cpu"), Some(&2));
    assert_eq!(limits.get("memory"), Some(&512));
    // The map's values are the pattern's schema.
    let wrong = json!({"labels": {"env": 1}});
    assert!(serde_json::from_value::<Server>(wrong).is_err());
    let wrong = json!({"labels": {}, "limits": {"cpu": "two"}});
    assert!(serde_json::from_value::<Server>(wrong).is_err());
}

// ---- `webhooks` ----

#[test]
fn webhook_payloads_are_types() {
    use webhooks::{Pet, PetGoneWebhook};

    let pet: Pet = round_trip(json!({"id": "p1", "name": "Rex"}));
    assert_eq!(pet.name, "Rex");

    let gone: PetGoneWebhook = round_trip(json!({"id": "p1", "reason": null}));
    assert_eq!(gone.id, "p1");
    assert_eq!(gone.reason, Nullable::Null);
    let adopted: PetGoneWebhook = round_trip(json!({"id": "p2", "reason": "adopted"}));
    assert_eq!(adopted.reason, Nullable::Value("adopted".to_owned()));
    let silent: PetGoneWebhook = round_trip(json!({"id": "p3"}));
    assert_eq!(silent.reason, Nullable::Absent);
}

// ---- `dependentRequired` ----

#[test]
fn dependent_required_is_checked_before_sending() {
    use dependent_required::Billing;

    let complete: Billing = round_trip(json!({
        "cardNumber": "4111111111111111", "expiry": "12/30", "holder": "A. Lovelace"
    }));
    assert_eq!(violations(&complete), Vec::<String>::new());
    // Without the card number, nothing else is required.
    let none: Billing = round_trip(json!({}));
    assert_eq!(violations(&none), Vec::<String>::new());
    let partial: Billing = round_trip(json!({"cardNumber": "4111111111111111", "expiry": "12/30"}));
    let found = violations(&partial);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("holder"), "{found:?}");
}

// ---- numeric `exclusiveMinimum`/`exclusiveMaximum` ----

#[test]
fn numeric_exclusive_bounds_refuse_the_bound() {
    use exclusive_bounds::Reading;

    let inside: Reading = round_trip(json!({"ratio": 0.25, "count": 100}));
    assert_eq!(violations(&inside), Vec::<String>::new());
    let at_bounds: Reading = round_trip(json!({"ratio": 1.0, "count": 0}));
    let found = violations(&at_bounds);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found.iter().any(|v| v.starts_with("body.ratio")),
        "{found:?}"
    );
    assert!(
        found.iter().any(|v| v.starts_with("body.count")),
        "{found:?}"
    );
}

// ---- YAML 1.2 numbers ----

#[test]
fn yaml_1_2_exponents_are_numbers() {
    use yaml_numbers::Tolerance;

    // `default: 1e-3`: filled in when absent.
    let decoded: Tolerance = decode(&json!({"epsilon": 0.5}));
    assert_eq!(decoded.step, 0.001);
    // `minimum: 1e-08` and `maximum: 1E+3` are checked as numbers.
    let ok: Tolerance = round_trip(json!({"epsilon": 1e-8, "step": 0.5}));
    assert_eq!(violations(&ok), Vec::<String>::new());
    let below: Tolerance = round_trip(json!({"epsilon": 1e-9, "step": 0.5}));
    assert_eq!(violations(&below).len(), 1);
    let above: Tolerance = round_trip(json!({"epsilon": 1000.5, "step": 0.5}));
    assert_eq!(violations(&above).len(), 1);
}

// ---- `$recursiveRef` ----

#[test]
fn a_recursive_reference_is_the_schema_itself() {
    use recursive_ref::Node;

    let tree: Node = round_trip(json!({
        "name": "root",
        "children": [{"name": "leaf", "parent": {"name": "root"}}]
    }));
    let children = tree.children.expect("children");
    assert_eq!(children[0].name, "leaf");
    let parent = children[0].parent.as_deref().expect("parent");
    assert_eq!(parent.name, "root");
}

// ---- `$defs` ----

#[test]
fn a_referenced_definition_is_a_type() {
    use defs::{Catalog, CatalogEntry};

    let catalog: Catalog = round_trip(json!({"entries": [{"sku": "A1", "price": 9.5}]}));
    assert_eq!(
        catalog.entries,
        [CatalogEntry {
            sku: "A1".to_owned(),
            price: Some(9.5)
        }]
    );
}

// ---- `unevaluatedProperties` ----

#[test]
fn unevaluated_properties_with_a_schema_are_a_map() {
    use unevaluated_properties::Settings;

    let settings: Settings = round_trip(json!({"theme": "dark", "extra": {"font": "mono"}}));
    assert_eq!(settings.extra.get("font").map(String::as_str), Some("mono"));
    assert!(
        serde_json::from_value::<Settings>(json!({"theme": "dark", "extra": {"font": 1}})).is_err()
    );
}
