//! Tuples (`x-oagen-tuple`, what the loader writes for a 3.1 `prefixItems` tuple) in generated
//! code: decoded from the JSON array the spec describes, encoded back to the same array, an
//! array of the wrong length refused, and an enum item checked before sending.

mod tuples {
    oagen_macros::generate_api!("tests/fixtures/tuple-extension.yaml");
}

use oagen_runtime::{Report, Validate};
use serde_json::{json, Value};
use tuples::{Chain, Point, Sample, SampleLabelled1, Unit};

fn decode(value: &Value) -> Sample {
    serde_json::from_value(value.clone())
        .unwrap_or_else(|error| panic!("{value} does not decode into Sample: {error}"))
}

fn encode<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).expect("encodes")
}

#[test]
fn a_pair_of_numbers_decodes_from_an_array_and_encodes_to_the_same_array() {
    let text = r#"{"v":[1,2.5]}"#;
    let sample: Sample = serde_json::from_str(text).expect("decodes");
    assert_eq!(sample.v, (1_i64, 2.5_f64));
    assert_eq!(serde_json::to_string(&sample).expect("encodes"), text);
}

#[test]
fn a_reference_and_an_inline_object_round_trip_as_array_items() {
    let body = json!({
        "v": [0, 0.0],
        "labelled": [{"x": 1, "y": 2}, {"label": "origin"}],
        "single": ["only"],
        "history": [["2050-03-20T09:00:00+09:00", 1.5]]
    });
    let sample = decode(&body);
    let labelled = SampleLabelled1 {
        label: Some("origin".to_owned()),
    };
    assert_eq!(sample.labelled, Some((Point::new(1, 2), labelled)));
    assert_eq!(sample.single, Some(("only".to_owned(),)));
    let history = sample.history.as_deref().expect("history decodes");
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].1, 1.5);
    assert_eq!(encode(&sample), body);
}

#[test]
fn an_array_of_the_wrong_length_is_refused() {
    for wrong in [
        json!({"v": [1]}),
        json!({"v": [1, 2.5, 3]}),
        json!({"v": []}),
    ] {
        let decoded = serde_json::from_value::<Sample>(wrong.clone());
        assert!(decoded.is_err(), "{wrong} decoded: {decoded:?}");
    }
}

#[test]
fn a_tuple_leading_back_to_its_own_struct_nests() {
    let body = json!({"link": ["a", {"link": ["b", {}]}]});
    let chain: Chain = serde_json::from_value(body.clone()).expect("decodes");
    let (first, next) = chain.link.as_deref().expect("link decodes");
    assert_eq!(first, "a");
    assert_eq!(
        next.link.as_deref().map(|(second, _)| second.as_str()),
        Some("b")
    );
    assert_eq!(encode(&chain), body);
}

#[test]
fn an_enum_item_of_a_tuple_is_checked_before_sending() {
    let mut sample = Sample::new((1, 2.5)).measured((Unit::Metre, 3.0));
    let mut report = Report::new();
    sample.validate("body", &mut report);
    assert!(report.finish().is_ok());
    sample.measured = Some((Unit::from("furlong"), 3.0));
    let mut report = Report::new();
    sample.validate("body", &mut report);
    let error = report.finish().expect_err("an unknown unit is refused");
    assert_eq!(error.violations.len(), 1);
    assert_eq!(error.violations[0].field, "body.measured[0]");
}
