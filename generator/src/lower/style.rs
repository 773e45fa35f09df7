//! How a parameter is laid out where it goes: its OpenAPI `style`, `explode` and
//! `allowReserved`, decided once from the spec and the value's shape.

use openapiv3::{Parameter as SpecParameter, PathStyle, QueryStyle};

use crate::ir::{ParameterStyle, ParameterText};

/// A parameter's layout, and why a style the spec names was not used (for a warning).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Layout {
    pub style: ParameterStyle,
    pub explode: bool,
    pub allow_reserved: bool,
    pub fallback: Option<String>,
}

/// The layout of `parameter` whose value's text is `text`. Defaults follow the spec: `simple`
/// in paths and headers, `form` in queries and cookies, and `explode` true for `form` only.
/// `deepObject` has a form only for objects; anything else goes as `form` (with a warning).
pub(crate) fn layout(parameter: &SpecParameter, text: &ParameterText) -> Layout {
    let (style, allow_reserved) = match parameter {
        SpecParameter::Path { style, .. } => (
            match style {
                PathStyle::Simple => ParameterStyle::Simple,
                PathStyle::Label => ParameterStyle::Label,
                PathStyle::Matrix => ParameterStyle::Matrix,
            },
            false,
        ),
        SpecParameter::Query {
            style,
            allow_reserved,
            ..
        } => (
            match style {
                QueryStyle::Form => ParameterStyle::Form,
                QueryStyle::SpaceDelimited => ParameterStyle::SpaceDelimited,
                QueryStyle::PipeDelimited => ParameterStyle::PipeDelimited,
                QueryStyle::DeepObject => ParameterStyle::DeepObject,
            },
            *allow_reserved,
        ),
        SpecParameter::Header { .. } => (ParameterStyle::Simple, false),
        SpecParameter::Cookie { .. } => (ParameterStyle::Form, false),
    };
    let explode = parameter
        .parameter_data_ref()
        .explode
        .unwrap_or(style == ParameterStyle::Form);
    let object = matches!(text, ParameterText::Object(_) | ParameterText::Map(_));
    if style == ParameterStyle::DeepObject && !object {
        return Layout {
            style: ParameterStyle::Form,
            explode: parameter.parameter_data_ref().explode.unwrap_or(true),
            allow_reserved,
            fallback: Some(
                "`deepObject` applies to objects only; this value is sent `form` style".to_owned(),
            ),
        };
    }
    Layout {
        style,
        explode,
        allow_reserved,
        fallback: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parameter(json: &str) -> SpecParameter {
        serde_json::from_str(json).expect("a parameter")
    }

    fn decided(json: &str, text: &ParameterText) -> (ParameterStyle, bool, bool) {
        let layout = layout(&parameter(json), text);
        (layout.style, layout.explode, layout.allow_reserved)
    }

    const LIST: ParameterText = ParameterText::Str;

    #[test]
    fn each_location_has_its_default_style_and_explode() {
        let text = ParameterText::List(Box::new(LIST));
        assert_eq!(
            decided(r#"{"name": "c", "in": "query", "schema": {}}"#, &text),
            (ParameterStyle::Form, true, false)
        );
        assert_eq!(
            decided(r#"{"name": "c", "in": "cookie", "schema": {}}"#, &text),
            (ParameterStyle::Form, true, false)
        );
        assert_eq!(
            decided(
                r#"{"name": "c", "in": "path", "required": true, "schema": {}}"#,
                &text
            ),
            (ParameterStyle::Simple, false, false)
        );
        assert_eq!(
            decided(r#"{"name": "c", "in": "header", "schema": {}}"#, &text),
            (ParameterStyle::Simple, false, false)
        );
    }

    #[test]
    fn named_styles_and_explode_are_kept() {
        let text = ParameterText::List(Box::new(LIST));
        for (json, expected) in [
            (
                r#"{"name": "c", "in": "path", "required": true, "style": "label", "explode": true, "schema": {}}"#,
                (ParameterStyle::Label, true, false),
            ),
            (
                r#"{"name": "c", "in": "path", "required": true, "style": "matrix", "schema": {}}"#,
                (ParameterStyle::Matrix, false, false),
            ),
            (
                r#"{"name": "c", "in": "query", "style": "spaceDelimited", "explode": false, "schema": {}}"#,
                (ParameterStyle::SpaceDelimited, false, false),
            ),
            (
                r#"{"name": "c", "in": "query", "style": "pipeDelimited", "explode": false, "schema": {}}"#,
                (ParameterStyle::PipeDelimited, false, false),
            ),
            (
                r#"{"name": "c", "in": "query", "explode": false, "allowReserved": true, "schema": {}}"#,
                (ParameterStyle::Form, false, true),
            ),
            (
                r#"{"name": "c", "in": "header", "explode": true, "schema": {}}"#,
                (ParameterStyle::Simple, true, false),
            ),
        ] {
            assert_eq!(decided(json, &text), expected, "{json}");
        }
    }

    #[test]
    fn deep_object_needs_an_object() {
        let json =
            r#"{"name": "c", "in": "query", "style": "deepObject", "explode": true, "schema": {}}"#;
        let object = ParameterText::Map(Box::new(ParameterText::Display));
        let kept = layout(&parameter(json), &object);
        assert_eq!(kept.style, ParameterStyle::DeepObject);
        assert_eq!(kept.fallback, None);
        let list = layout(&parameter(json), &ParameterText::List(Box::new(LIST)));
        assert_eq!(list.style, ParameterStyle::Form);
        assert!(list.explode);
        assert!(list.fallback.is_some());
    }
}
