//! The JSON Schema validation keywords checked before sending (`tests/fixtures/
//! validation-keywords.yaml`): for each, a value that breaks it is refused with nothing sent,
//! and the value at its boundary passes.

mod orders {
    oagen_macros::generate_api!("tests/fixtures/validation-keywords.yaml");
}

// One warning, the fixture's point: the inline `(?i)` read as ignoring case (the macro turns
// each warning into a deprecation).
#[allow(deprecated)]
mod documents {
    oagen_macros::generate_api!("tests/fixtures/pattern-inline-ignore-case.yaml");
}

// The hostile-server suite's loopback responder, which records every request it reads; only
// part of it is used here.
#[allow(dead_code)]
#[path = "hostile_server/server.rs"]
mod server;

use std::collections::BTreeMap;

use oagen_runtime::{Error, Report, Validate};
use orders::{Filter, Line, Order};

/// An order that breaks nothing: every keyword at or next to its boundary.
fn valid() -> Order {
    Order::new("ab1", 5)
        .price(999.99)
        .tags(vec!["a".into(), "b".into(), "c".into()])
        .labels(BTreeMap::from([("k".to_owned(), "v".to_owned())]))
        .id("123E4567-e89b-12d3-a456-426614174000")
        .deliver_on("2024-02-29")
        .contact("ops+orders@example.co.kr")
        .from_v4("255.255.255.255")
        .from_v6("::ffff:192.0.2.1")
        .lines(vec![Line::new("0"), Line::new("01")])
        .scores(vec![vec![0, 100, 50], Vec::new()])
        .codes(vec!["0".into(), "42".into()])
        .filter(Filter::default().by("name").to("z"))
}

/// `(field, rule)` of every violation `order` has.
fn violations(order: &Order) -> Vec<(String, String)> {
    let mut report = Report::new();
    order.validate("body", &mut report);
    match report.finish() {
        Ok(()) => Vec::new(),
        Err(error) => error
            .violations
            .into_iter()
            .map(|violation| (violation.field, violation.rule))
            .collect(),
    }
}

/// Asserts `order` breaks exactly one rule, of `field`, whose text starts with `rule`.
fn refused_for(order: Order, field: &str, rule: &str) {
    let found = violations(&order);
    assert!(
        found.len() == 1 && found[0].0 == field && found[0].1.starts_with(rule),
        "expected only `{field}` breaking {rule}, found {found:?}"
    );
}

#[test]
fn the_boundary_values_pass() {
    assert_eq!(violations(&valid()), Vec::new());
    // The other side of each numeric boundary, and the fewest items and properties allowed.
    let low = valid()
        .price(0.07)
        .tags(vec!["only".into()])
        .labels(BTreeMap::from([
            ("a".into(), "1".into()),
            ("b".into(), "2".into()),
        ]))
        .tags(vec!["abcde".into()])
        .filter(Filter::default().from("a"));
    assert_eq!(violations(&low), Vec::new());
    // 16 characters of several bytes each: `maxLength` counts characters.
    let long = Order {
        handle: format!("é{}", "_".repeat(15)),
        ..valid()
    };
    assert_eq!(long.handle.chars().count(), 16);
    // `é` is no `[a-z]`, so only the pattern speaks (it wants a plain letter).
    refused_for(long, "body.handle", "pattern");
    let long_ascii = Order {
        handle: format!("a{}", "_".repeat(15)),
        ..valid()
    };
    assert_eq!(violations(&long_ascii), Vec::new());
}

#[test]
fn lengths_count_characters() {
    // Two characters, four bytes: too short though its bytes would pass (the pattern, which
    // wants plain letters, is broken too).
    let short = Order {
        handle: "éé".into(),
        ..valid()
    };
    let found = violations(&short);
    assert!(
        found.contains(&("body.handle".into(), "minLength 3 (characters)".into())),
        "{found:?}"
    );
    refused_for(
        Order {
            handle: "a1".into(),
            ..valid()
        },
        "body.handle",
        "minLength 3",
    );
    let seventeen = Order {
        handle: format!("a{}", "_".repeat(16)),
        ..valid()
    };
    refused_for(seventeen, "body.handle", "maxLength 16");
}

#[test]
fn patterns_use_ecma_262() {
    // The lookahead requires a letter somewhere: digits alone fail.
    refused_for(
        Order {
            handle: "123".into(),
            ..valid()
        },
        "body.handle",
        "pattern `^(?=.*[a-z])[a-z0-9_]+$`",
    );
    // `\d` is ASCII only, as in JavaScript: an Arabic-Indic digit is not one. The component's
    // pattern is checked inside each item of the array that refers to it.
    refused_for(
        valid().lines(vec![Line::new("1"), Line::new("\u{0661}")]),
        "body.lines[1].code",
        "pattern `^\\d+$`",
    );
}

#[test]
fn an_inline_ignore_case_flag_ignores_case_and_only_there() {
    let refused = |document: &documents::Document| {
        let mut report = Report::new();
        document.validate("body", &mut report);
        report.finish().err().map(|error| {
            error
                .violations
                .into_iter()
                .map(|violation| violation.field)
                .collect::<Vec<_>>()
        })
    };
    // Java's `\.(?i)(jpeg|tiff|pdf)`: any case of the extension passes, another one fails.
    assert_eq!(refused(&documents::Document::new("scan.PDF")), None);
    assert_eq!(refused(&documents::Document::new("scan.Jpeg")), None);
    assert_eq!(
        refused(&documents::Document::new("scan.doc")),
        Some(vec!["body.fileName".to_owned()])
    );
    // The other field's pattern has no flag: case still counts there.
    assert_eq!(
        refused(&documents::Document::new("scan.pdf").kind("Invoice")),
        Some(vec!["body.kind".to_owned()])
    );
}

#[test]
fn multiples_and_exclusive_bounds() {
    refused_for(valid().price(1000.0), "body.price", "exclusiveMaximum 1000");
    refused_for(valid().price(0.005), "body.price", "multipleOf 0.01");
    let zero = Order {
        quantity: 0,
        ..valid()
    };
    refused_for(zero, "body.quantity", "exclusiveMinimum 0");
    let odd = Order {
        quantity: 7,
        ..valid()
    };
    refused_for(odd, "body.quantity", "multipleOf 5");
    // Exact at the far end of `i64`, where a float quotient would round to a whole number.
    let huge = Order {
        quantity: i64::MAX,
        ..valid()
    };
    refused_for(huge, "body.quantity", "multipleOf 5");
    let huge_multiple = Order {
        quantity: i64::MAX - 2,
        ..valid()
    };
    assert_eq!(violations(&huge_multiple), Vec::new());
}

#[test]
fn item_and_property_counts_and_uniqueness() {
    refused_for(valid().tags(Vec::new()), "body.tags", "minItems 1");
    let four = vec!["a".into(), "b".into(), "c".into(), "d".into()];
    refused_for(valid().tags(four), "body.tags", "maxItems 3");
    refused_for(
        valid().tags(vec!["a".into(), "b".into(), "a".into()]),
        "body.tags",
        "uniqueItems",
    );
    // Objects compare as JSON values: two lines with the same code and no note are equal.
    refused_for(
        valid().lines(vec![
            Line::new("1"),
            Line::new("1").note("n"),
            Line::new("1"),
        ]),
        "body.lines",
        "uniqueItems",
    );
    refused_for(
        valid().labels(BTreeMap::new()),
        "body.labels",
        "minProperties 1",
    );
    let three: BTreeMap<String, String> = [("a", "1"), ("b", "2"), ("c", "3")]
        .map(|(k, v)| (k.into(), v.into()))
        .into();
    refused_for(valid().labels(three), "body.labels", "maxProperties 2");
}

#[test]
fn each_item_and_map_value_is_checked_where_it_stands() {
    // `items: {maxLength: 5, pattern: ^[a-z]+$}`: the third tag breaks both.
    let found = violations(&valid().tags(vec!["ab".into(), "cd".into(), "Abcdef".into()]));
    assert_eq!(
        found,
        [
            ("body.tags[2]".into(), "maxLength 5 (characters)".into()),
            ("body.tags[2]".into(), "pattern `^[a-z]+$`".into()),
        ]
    );
    // `additionalProperties: {minLength: 1}`: each value, named by its key.
    let empty_value = BTreeMap::from([("k".to_owned(), String::new())]);
    refused_for(valid().labels(empty_value), "body.labels.k", "minLength 1");
    // Lists of lists: the inner list's `maxItems`, and each number's bounds.
    refused_for(
        valid().scores(vec![vec![1], vec![1, 2, 3, 4]]),
        "body.scores[1]",
        "maxItems 3",
    );
    refused_for(
        valid().scores(vec![vec![0], vec![100, 101]]),
        "body.scores[1][1]",
        "maximum 100",
    );
    refused_for(
        valid().scores(vec![vec![-1]]),
        "body.scores[0][0]",
        "minimum 0",
    );
    // A list of a constrained component: its pattern goes with each item.
    refused_for(
        valid().codes(vec!["1".into(), "x".into()]),
        "body.codes[1]",
        "pattern `^\\d+$`",
    );
}

#[test]
fn a_struct_counts_the_properties_it_sends() {
    // `minProperties: 1`, `maxProperties: 2` over three optional fields.
    refused_for(
        valid().filter(Filter::default()),
        "body.filter",
        "minProperties 1",
    );
    refused_for(
        valid().filter(Filter::default().by("a").from("b").to("c")),
        "body.filter",
        "maxProperties 2",
    );
    assert_eq!(
        violations(&valid().filter(Filter::default().by("a").from("b"))),
        Vec::new()
    );
}

#[test]
fn formats_with_one_meaning() {
    refused_for(
        valid().id("123e4567-e89b-12d3-a456-42661417400"),
        "body.id",
        "format uuid",
    );
    refused_for(
        valid().deliver_on("2023-02-29"),
        "body.deliverOn",
        "format date",
    );
    refused_for(
        valid().contact("ops at example.com"),
        "body.contact",
        "format email",
    );
    refused_for(valid().from_v4("256.1.1.1"), "body.fromV4", "format ipv4");
    refused_for(valid().from_v6("2001:db8::g"), "body.fromV6", "format ipv6");
    // `hostname` has no check: any text passes.
    assert_eq!(
        violations(&valid().lines(vec![Line::new("1").note("not a host name!")])),
        Vec::new()
    );
}

/// A client for `server`, direct to loopback whatever proxy the environment names.
fn client(server: &server::Server) -> orders::Client {
    let direct = reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("reqwest client");
    orders::Client::builder()
        .base_url(server.base.clone())
        .http_client(direct)
        .build()
        .expect("client")
}

#[tokio::test]
async fn a_breaking_request_is_refused_before_anything_is_sent() {
    let server = server::Server::start(|_, _| server::reply("204 No Content", &[], b""));
    let client = client(&server);
    let uuid = "123e4567-e89b-12d3-a456-426614174000";

    let ids = [uuid.to_owned(), uuid.to_uppercase()];
    client
        .place_order("ABC-0123", Some(20), Some(uuid), Some(&ids), &valid())
        .await
        .expect("a valid order is sent");
    assert_eq!(server.count(), 1);

    // Each breaks one keyword: a path pattern, a query multiple, a header format, the format
    // of one item of a list parameter, a body rule.
    let bad_ids = [uuid.to_owned(), "123".to_owned()];
    let breaking = [
        ("abc-0123", Some(20), Some(uuid), None, valid(), "sku"),
        ("ABC-0123", Some(25), Some(uuid), None, valid(), "batch"),
        ("ABC-0123", None, Some("not-a-uuid"), None, valid(), "trace"),
        (
            "ABC-0123",
            None,
            None,
            Some(&bad_ids[..]),
            valid(),
            "ids[1]",
        ),
        (
            "ABC-0123",
            None,
            None,
            None,
            valid().price(-0.015),
            "body.price",
        ),
    ];
    for (sku, batch, trace, ids, order, field) in breaking {
        match client.place_order(sku, batch, trace, ids, &order).await {
            Err(Error::Validation(error)) => {
                let fields: Vec<_> = error.violations.iter().map(|v| v.field.as_str()).collect();
                assert_eq!(fields, [field], "{error}");
            }
            other => panic!("breaking {field} was not refused: {other:?}"),
        }
    }
    assert_eq!(server.count(), 1, "a refused request reached the server");
}
