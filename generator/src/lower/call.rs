//! How an operation is called, decided once: its HTTP method, its path parsed into a
//! `PathTemplate`, its parameters in call order, and how each parameter's value becomes text.

use std::collections::BTreeMap;

use crate::ir::{
    HttpMethod, ObjectMember, Operation, Parameter, ParameterLocation, ParameterText, PathSegment,
    PathTemplate, TypeDef, TypeRef,
};

/// A path as written, split into literal text and `{placeholder}` names.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum RawSegment {
    /// Text as written (it may hold a brace that opens no placeholder).
    Literal(String),
    /// The name between `{` and `}`.
    Placeholder(String),
}

/// Parses a path template. A placeholder is `{name}` with no brace inside; any other brace is
/// literal text.
pub(crate) fn parse_path(path: &str) -> Vec<RawSegment> {
    let mut segments = Vec::new();
    let mut literal = String::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        let name = &after[..close];
        match name.rfind('{') {
            // `{a{b}`: the first brace is text, the placeholder starts at the last one.
            Some(inner) => {
                let placeholder_start = open + 1 + inner;
                literal.push_str(&rest[..placeholder_start]);
                rest = &rest[placeholder_start..];
                continue;
            }
            None => {
                literal.push_str(&rest[..open]);
                if !literal.is_empty() {
                    segments.push(RawSegment::Literal(std::mem::take(&mut literal)));
                }
                segments.push(RawSegment::Placeholder(name.to_owned()));
                rest = &after[close + 1..];
            }
        }
    }
    literal.push_str(rest);
    if !literal.is_empty() {
        segments.push(RawSegment::Literal(literal));
    }
    segments
}

/// Reads `{{name}}` (a template-language habit) as the placeholder `{name}`: the braces around
/// it would otherwise go out as `%7B`/`%7D` around the value, which no server means. Returns
/// the segments and the names so read, for a warning each.
pub(crate) fn collapse_double_braces(segments: Vec<RawSegment>) -> (Vec<RawSegment>, Vec<String>) {
    let mut collapsed = Vec::with_capacity(segments.len());
    let mut names = Vec::new();
    let mut segments = segments.into_iter().peekable();
    while let Some(segment) = segments.next() {
        let doubled = match (&segment, collapsed.last(), segments.peek()) {
            (
                RawSegment::Placeholder(name),
                Some(RawSegment::Literal(before)),
                Some(RawSegment::Literal(after)),
            ) if before.ends_with('{') && after.starts_with('}') => Some(name.clone()),
            _ => None,
        };
        let Some(name) = doubled else {
            collapsed.push(segment);
            continue;
        };
        if let Some(RawSegment::Literal(before)) = collapsed.last_mut() {
            before.pop();
            if before.is_empty() {
                collapsed.pop();
            }
        }
        collapsed.push(segment);
        if let Some(RawSegment::Literal(after)) = segments.next() {
            if after.len() > 1 {
                collapsed.push(RawSegment::Literal(after[1..].to_owned()));
            }
        }
        names.push(name);
    }
    (collapsed, names)
}

/// The placeholder names of a parsed path, in order.
pub(crate) fn placeholders(segments: &[RawSegment]) -> Vec<&str> {
    segments
        .iter()
        .filter_map(|segment| match segment {
            RawSegment::Placeholder(name) => Some(name.as_str()),
            RawSegment::Literal(_) => None,
        })
        .collect()
}

/// Sorts `parameters` into call order (path parameters in the order their placeholders appear,
/// then the others in spec order) and builds the template whose placeholders index them. A
/// path parameter the path does not name goes first; a placeholder no parameter fills (lowering
/// adds one, so only in theory) stays as percent-encoded text.
pub(crate) fn order_parameters(
    segments: &[RawSegment],
    parameters: &mut [Parameter],
) -> PathTemplate {
    let names = placeholders(segments);
    parameters.sort_by_key(|parameter| match parameter.location {
        ParameterLocation::Path => names
            .iter()
            .position(|name| *name == parameter.wire_name)
            .map_or(0, |index| index + 1),
        _ => usize::MAX,
    });
    let segments = segments
        .iter()
        .map(|segment| match segment {
            RawSegment::Literal(text) => PathSegment::Literal(encode_braces(text)),
            RawSegment::Placeholder(name) => {
                let filled = parameters.iter().position(|parameter| {
                    parameter.location == ParameterLocation::Path && parameter.wire_name == *name
                });
                match filled {
                    Some(index) => PathSegment::Parameter(index),
                    None => PathSegment::Literal(format!("%7B{}%7D", encode_braces(name))),
                }
            }
        })
        .collect();
    PathTemplate { segments }
}

/// Whether `name` can be a header or cookie name: one or more RFC 9110 `tchar`s. The runtime
/// turns header names into `http::HeaderName`s, which panics on anything else, so lowering
/// refuses such names rather than generate a method that panics on every call.
pub(crate) fn is_http_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// Braces left in literal text would read as placeholders to the runtime's `expand_path`.
fn encode_braces(text: &str) -> String {
    text.replace('{', "%7B").replace('}', "%7D")
}

/// A path item's operations with their methods, in `openapiv3`'s order (get, put, post,
/// delete, options, head, patch, trace).
pub(crate) fn operations_of(
    item: &openapiv3::PathItem,
) -> impl Iterator<Item = (HttpMethod, &openapiv3::Operation)> {
    [
        (HttpMethod::Get, &item.get),
        (HttpMethod::Put, &item.put),
        (HttpMethod::Post, &item.post),
        (HttpMethod::Delete, &item.delete),
        (HttpMethod::Options, &item.options),
        (HttpMethod::Head, &item.head),
        (HttpMethod::Patch, &item.patch),
        (HttpMethod::Trace, &item.trace),
    ]
    .into_iter()
    .filter_map(|(method, operation)| operation.as_ref().map(|operation| (method, operation)))
}

/// The method's key in a path item, as JSON pointers and default operation ids spell it.
pub(crate) fn spec_key(method: HttpMethod) -> &'static str {
    match method {
        HttpMethod::Get => "get",
        HttpMethod::Put => "put",
        HttpMethod::Post => "post",
        HttpMethod::Delete => "delete",
        HttpMethod::Options => "options",
        HttpMethod::Head => "head",
        HttpMethod::Patch => "patch",
        HttpMethod::Trace => "trace",
    }
}

/// How a parameter of type `ty` becomes wire text; `types` are the named types lowered so far.
pub(crate) fn parameter_text(types: &BTreeMap<String, TypeDef>, ty: &TypeRef) -> ParameterText {
    match ty {
        TypeRef::String => ParameterText::Str,
        TypeRef::Bool | TypeRef::DateTime => ParameterText::Display,
        ty if ty.is_numeric() => ParameterText::Display,
        TypeRef::Array(item) => ParameterText::List(Box::new(parameter_text(types, item))),
        TypeRef::Tuple(items) => ParameterText::Tuple(
            items
                .iter()
                .map(|item| parameter_text(types, item))
                .collect(),
        ),
        TypeRef::Json => ParameterText::JsonText,
        TypeRef::Map(value) => ParameterText::Map(Box::new(member_text(types, value))),
        TypeRef::Named(name) => match types.get(name) {
            Some(TypeDef::Enum(_)) => ParameterText::EnumStr,
            Some(TypeDef::Struct(def)) => ParameterText::Object(
                def.fields
                    .iter()
                    .map(|field| ObjectMember {
                        field: field.clone(),
                        text: member_text(types, &field.ty),
                    })
                    .collect(),
            ),
            _ => ParameterText::SerdeText,
        },
        _ => ParameterText::ToString,
    }
}

/// An object member's text: as a parameter of its type would be, except that a member cannot
/// hold an object or a list of its own (no style says how), so those go as JSON text, strings
/// bare. Decided from the type alone, so a struct that holds itself is not followed.
fn member_text(types: &BTreeMap<String, TypeDef>, ty: &TypeRef) -> ParameterText {
    match ty {
        TypeRef::Array(_) | TypeRef::Tuple(_) | TypeRef::Map(_) | TypeRef::Json => {
            ParameterText::SerdeText
        }
        TypeRef::Named(name) if matches!(types.get(name), Some(TypeDef::Struct(_))) => {
            ParameterText::SerdeText
        }
        ty => parameter_text(types, ty),
    }
}

/// Gives each struct-typed request body a copy of its struct's final fields (after recursion
/// boxing and PATCH presence changes), so emitters need not look the struct up.
pub(crate) fn fill_body_fields(operations: &mut [Operation], types: &BTreeMap<String, TypeDef>) {
    // Object-valued parameters list their struct's fields too.
    for parameter in operations
        .iter_mut()
        .flat_map(|op| op.parameters.iter_mut())
    {
        if matches!(parameter.text, ParameterText::Object(_)) {
            parameter.text = parameter_text(types, &parameter.ty);
        }
    }
    for body in operations.iter_mut().filter_map(|op| op.body.as_mut()) {
        if let TypeRef::Named(name) = &body.ty {
            if let Some(TypeDef::Struct(def)) = types.get(name) {
                body.fields = def.fields.clone();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lower::test_support::field;

    fn literal(text: &str) -> RawSegment {
        RawSegment::Literal(text.to_owned())
    }

    fn placeholder(name: &str) -> RawSegment {
        RawSegment::Placeholder(name.to_owned())
    }

    fn path_parameter(wire: &str, location: ParameterLocation) -> Parameter {
        Parameter::required_string(wire, wire, location)
    }

    #[test]
    fn paths_parse_into_literals_and_placeholders() {
        assert_eq!(
            parse_path("/users/{userId}/statuses/{id}"),
            [
                literal("/users/"),
                placeholder("userId"),
                literal("/statuses/"),
                placeholder("id")
            ]
        );
        assert_eq!(
            parse_path("/a{b{c}d"),
            [literal("/a{b"), placeholder("c"), literal("d")]
        );
        assert_eq!(parse_path("/open{x"), [literal("/open{x")]);
        assert_eq!(parse_path("{only}"), [placeholder("only")]);
    }

    #[test]
    fn parameters_take_path_order_and_the_template_indexes_them() {
        let mut parameters = vec![
            path_parameter("q", ParameterLocation::Query),
            path_parameter("b", ParameterLocation::Path),
            path_parameter("a", ParameterLocation::Path),
        ];
        let template = order_parameters(&parse_path("/x/{a}/{b}/{c}}"), &mut parameters);
        let order: Vec<&str> = parameters.iter().map(|p| p.wire_name.as_str()).collect();
        assert_eq!(order, ["a", "b", "q"]);
        assert_eq!(
            template.segments,
            [
                PathSegment::Literal("/x/".to_owned()),
                PathSegment::Parameter(0),
                PathSegment::Literal("/".to_owned()),
                PathSegment::Parameter(1),
                PathSegment::Literal("/".to_owned()),
                PathSegment::Literal("%7Bc%7D".to_owned()),
                PathSegment::Literal("%7D".to_owned()),
            ]
        );
    }

    #[test]
    fn double_braces_read_as_one_placeholder() {
        let (segments, names) = collapse_double_braces(parse_path("/c/{{id}}/x/{{y}}"));
        assert_eq!(
            segments,
            [
                literal("/c/"),
                placeholder("id"),
                literal("/x/"),
                placeholder("y")
            ]
        );
        assert_eq!(names, ["id", "y"]);
        let (segments, names) = collapse_double_braces(parse_path("{{a}}"));
        assert_eq!(segments, [placeholder("a")]);
        assert_eq!(names, ["a"]);
        // One brace on one side only is left as it is.
        let single = parse_path("/c/{{id}/x");
        assert_eq!(collapse_double_braces(single.clone()), (single, Vec::new()));
    }

    #[test]
    fn http_tokens_are_tchars_only() {
        for good in ["X-Trace", "session", "a!#$%&'*+-.^_`|~9"] {
            assert!(is_http_token(good), "{good}");
        }
        for bad in [
            "",
            "X Bad Header",
            "a:b",
            "a;b",
            "a=b",
            "é",
            "a\tb",
            "(x)",
            "\"x\"",
        ] {
            assert!(!is_http_token(bad), "{bad}");
        }
    }

    #[test]
    fn objects_and_maps_are_sent_as_objects_of_flat_members() {
        let mut types = BTreeMap::new();
        let node = TypeRef::Named("Node".to_owned());
        let fields = vec![
            field("n", TypeRef::I32),
            field("tags", TypeRef::Array(Box::new(TypeRef::String))),
            field("child", node.clone()),
        ];
        types.insert(
            "Node".to_owned(),
            TypeDef::Struct(crate::ir::StructDef {
                name: "Node".to_owned(),
                pointer: String::new(),
                doc: None,
                fields: fields.clone(),
                rules: Vec::new(),
            }),
        );
        // A struct that holds itself: its member is JSON text, not followed.
        let texts: Vec<ParameterText> = match parameter_text(&types, &node) {
            ParameterText::Object(members) => {
                let names: Vec<&str> = members.iter().map(|m| m.field.wire_name.as_str()).collect();
                assert_eq!(names, ["n", "tags", "child"]);
                members.into_iter().map(|member| member.text).collect()
            }
            other => panic!("not an object: {other:?}"),
        };
        assert_eq!(
            texts,
            [
                ParameterText::Display,
                ParameterText::SerdeText,
                ParameterText::SerdeText
            ]
        );
        assert_eq!(
            parameter_text(&types, &TypeRef::Map(Box::new(TypeRef::I64))),
            ParameterText::Map(Box::new(ParameterText::Display))
        );
        assert_eq!(
            parameter_text(&types, &TypeRef::Map(Box::new(TypeRef::Json))),
            ParameterText::Map(Box::new(ParameterText::SerdeText))
        );
    }

    #[test]
    fn parameter_text_follows_the_type() {
        let mut types = BTreeMap::new();
        types.insert(
            "Mode".to_owned(),
            TypeDef::Enum(crate::ir::EnumDef {
                name: "Mode".to_owned(),
                pointer: String::new(),
                doc: None,
                variants: Vec::new(),
                other_variant: "Other".to_owned(),
            }),
        );
        let named = TypeRef::Named("Mode".to_owned());
        assert_eq!(parameter_text(&types, &named), ParameterText::EnumStr);
        assert_eq!(
            parameter_text(&types, &TypeRef::Array(Box::new(TypeRef::I32))),
            ParameterText::List(Box::new(ParameterText::Display))
        );
        assert_eq!(
            parameter_text(&types, &TypeRef::Named("Union".to_owned())),
            ParameterText::SerdeText
        );
        assert_eq!(
            parameter_text(&types, &TypeRef::Custom("::u::U".to_owned())),
            ParameterText::ToString
        );
        // Each tuple item is written as an array item of its type would be.
        let tuple = TypeRef::Tuple(vec![TypeRef::I64, named, TypeRef::Json]);
        assert_eq!(
            parameter_text(&types, &tuple),
            ParameterText::Tuple(vec![
                ParameterText::Display,
                ParameterText::EnumStr,
                ParameterText::JsonText
            ])
        );
    }
}
