//! The Style Examples of the OpenAPI specification, and values that try to break out.

use super::*;

fn array() -> Shape {
    Shape::Array(vec!["blue".into(), "black".into(), "brown".into()])
}

fn object() -> Shape {
    Shape::Object(vec![
        ("R".into(), "100".into()),
        ("G".into(), "200".into()),
        ("B".into(), "150".into()),
    ])
}

fn blue() -> Shape {
    Shape::Scalar("blue".into())
}

#[test]
fn query_styles_match_the_style_examples() {
    let query = |value: &Shape, style, explode| query_text("color", value, style, explode, false);
    assert_eq!(query(&blue(), Style::Form, true), "color=blue");
    assert_eq!(
        query(&array(), Style::Form, false),
        "color=blue,black,brown"
    );
    assert_eq!(
        query(&array(), Style::Form, true),
        "color=blue&color=black&color=brown"
    );
    assert_eq!(
        query(&object(), Style::Form, false),
        "color=R,100,G,200,B,150"
    );
    assert_eq!(query(&object(), Style::Form, true), "R=100&G=200&B=150");
    assert_eq!(
        query(&array(), Style::SpaceDelimited, false),
        "color=blue%20black%20brown"
    );
    assert_eq!(
        query(&array(), Style::PipeDelimited, false),
        "color=blue|black|brown"
    );
    assert_eq!(
        query(&object(), Style::DeepObject, true),
        "color[R]=100&color[G]=200&color[B]=150"
    );
    assert_eq!(query(&Shape::Array(Vec::new()), Style::Form, true), "");
}

#[test]
fn path_styles_match_the_style_examples() {
    let path = |value: &Shape, style, explode| path_text("color", value, style, explode).unwrap();
    assert_eq!(path(&array(), Style::Simple, false), "blue,black,brown");
    assert_eq!(path(&object(), Style::Simple, false), "R,100,G,200,B,150");
    assert_eq!(path(&object(), Style::Simple, true), "R=100,G=200,B=150");
    assert_eq!(path(&blue(), Style::Label, false), ".blue");
    assert_eq!(path(&array(), Style::Label, false), ".blue,black,brown");
    assert_eq!(path(&array(), Style::Label, true), ".blue.black.brown");
    assert_eq!(path(&object(), Style::Label, true), ".R=100.G=200.B=150");
    assert_eq!(path(&blue(), Style::Matrix, false), ";color=blue");
    assert_eq!(
        path(&array(), Style::Matrix, false),
        ";color=blue,black,brown"
    );
    assert_eq!(
        path(&array(), Style::Matrix, true),
        ";color=blue;color=black;color=brown"
    );
    assert_eq!(
        path(&object(), Style::Matrix, false),
        ";color=R,100,G,200,B,150"
    );
    assert_eq!(path(&object(), Style::Matrix, true), ";R=100;G=200;B=150");
    assert_eq!(
        path(&Shape::Scalar(String::new()), Style::Matrix, false),
        ";color"
    );
}

#[test]
fn header_and_cookie_styles() {
    assert_eq!(header_text(&array(), false), "blue,black,brown");
    assert_eq!(header_text(&object(), false), "R,100,G,200,B,150");
    assert_eq!(header_text(&object(), true), "R=100,G=200,B=150");
    assert_eq!(
        cookie_pairs("color", &array(), false),
        ["color=blue,black,brown"]
    );
    assert_eq!(
        cookie_pairs("color", &array(), true),
        ["color=blue", "color=black", "color=brown"]
    );
    assert_eq!(
        cookie_pairs("color", &object(), true),
        ["R=100", "G=200", "B=150"]
    );
}

const HOSTILE: &str = "a&b=c#d/e;f,g h|é.%";

#[test]
fn values_cannot_change_the_structure() {
    let hostile = Shape::Array(vec![HOSTILE.into(), "x".into()]);
    assert_eq!(
        query_text("q", &hostile, Style::Form, false, false),
        "q=a%26b%3Dc%23d%2Fe%3Bf%2Cg%20h%7C%C3%A9.%25,x"
    );
    assert_eq!(
        path_text("p", &hostile, Style::Label, true).unwrap(),
        ".a%26b%3Dc%23d%2Fe%3Bf%2Cg%20h%7C%C3%A9%2E%25.x"
    );
    assert_eq!(
        cookie_pairs("c", &hostile, false),
        ["c=a&b=c#d/e%3Bf%2Cg%20h|%C3%A9.%25,x"]
    );
    // Member names are encoded as values are.
    let object = Shape::Object(vec![("a]=&b".into(), "1".into())]);
    assert_eq!(
        query_text("o", &object, Style::DeepObject, true, false),
        "o[a%5D%3D%26b]=1"
    );
}

#[test]
fn allow_reserved_keeps_reserved_characters_but_the_fragment_mark() {
    let value = Shape::Scalar(":/?[]@!$&'()*+,;=#é".into());
    assert_eq!(
        query_text("r", &value, Style::Form, true, true),
        "r=:/?[]@!$&%27()*+,;=%23%C3%A9"
    );
}

#[test]
fn dot_segments_and_empty_paths_are_refused() {
    for (value, style) in [
        (Shape::Scalar(".".into()), Style::Simple),
        (Shape::Scalar("..".into()), Style::Simple),
        (Shape::Array(Vec::new()), Style::Simple),
        (Shape::Scalar(String::new()), Style::Label),
    ] {
        let error = path_text("id", &value, style, false).unwrap_err();
        assert_eq!(error.violations[0].field, "id");
    }
    // A label value of `.` is encoded, so it cannot make `..`.
    assert_eq!(
        path_text("id", &Shape::Scalar(".".into()), Style::Label, false).unwrap(),
        ".%2E"
    );
}

#[test]
fn fill_path_puts_texts_in_order() {
    assert_eq!(
        fill_path("/users/{a}/x{b}", &[".p".into(), ";q=1".into()]),
        "/users/.p/x;q=1"
    );
}
