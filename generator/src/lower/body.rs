//! Form and multipart request bodies: what the media type's `encoding` object says about each
//! property, and the bodies that send nothing at all.

use openapiv3::{MediaType, QueryStyle, SchemaKind, Type};

use super::{child_pointer as child, Lowerer};
use crate::error::DiagnosticKind;
use crate::ir::{BodyKind, FormStyle, TypeDef, TypeRef};

/// What the part of a multipart body that is not an object is named when the spec gives no name:
/// the name file-upload endpoints most often read.
const DEFAULT_PART_NAME: &str = "file";

/// Whether a form or multipart body's schema is an object with no properties and no
/// `additionalProperties`: such a body has nothing to send (one payments API declares one on
/// every GET), so the operation gets no body argument rather than being left out.
pub(super) fn is_empty_object(lowerer: &mut Lowerer<'_>, media: &MediaType, pointer: &str) -> bool {
    let Some(schema) = &media.schema else {
        return false;
    };
    let Some(schema) = lowerer.resolve(schema, "schemas", |c| &c.schemas, pointer) else {
        return false;
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => {
            object.properties.is_empty()
                && match &object.additional_properties {
                    None => true,
                    Some(openapiv3::AdditionalProperties::Any(allowed)) => !allowed,
                    Some(openapiv3::AdditionalProperties::Schema(_)) => false,
                }
        }
        _ => false,
    }
}

/// Whether a body of this kind and type has a client form. A form body needs an object (its
/// members become the pairs): a struct, a map or a JSON value (the runtime refuses a non-object
/// one when sending). Multipart bodies of any type have one: a struct's fields become parts, a
/// file or other single value one part, an array one part per item.
pub(super) fn has_client_form(lowerer: &Lowerer<'_>, kind: BodyKind, ty: &TypeRef) -> bool {
    match kind {
        BodyKind::Form => match ty {
            TypeRef::Named(name) => {
                matches!(lowerer.types.get(name), Some(TypeDef::Struct(_)))
            }
            TypeRef::Map(_) | TypeRef::Json => true,
            _ => false,
        },
        _ => true,
    }
}

/// A form body's properties whose `encoding` entry asks for something other than bracket
/// notation. `contentType: application/json` wins over `style`; `deepObject` is brackets. An
/// entry without `style` or `explode` keeps brackets: the OpenAPI default (`form`, exploded)
/// would flatten nested values into pairs that lose their place, which no server reads back.
pub(super) fn form_styles(media: &MediaType) -> Vec<(String, FormStyle)> {
    media
        .encoding
        .iter()
        .filter_map(|(name, encoding)| {
            let json = encoding.content_type.as_deref().is_some_and(|types| {
                first_media_type(types).is_some_and(|essence| {
                    essence == "application/json" || essence.ends_with("+json")
                })
            });
            let style = if json {
                FormStyle::Json
            } else {
                // Loading wrote `explode` out wherever `style` is given (see
                // `load::encoding`), so `false` here is the spec's, not the parser's default.
                match encoding.style.as_ref()? {
                    QueryStyle::Form => FormStyle::Form {
                        explode: encoding.explode,
                    },
                    QueryStyle::SpaceDelimited => FormStyle::Delimited(' '),
                    QueryStyle::PipeDelimited => FormStyle::Delimited('|'),
                    QueryStyle::DeepObject => FormStyle::Brackets,
                }
            };
            (style != FormStyle::Brackets).then(|| (name.clone(), style))
        })
        .collect()
}

/// The `Content-Type` each multipart part's `encoding` entry names: the first of a list
/// (`image/png, image/jpeg`), when it is one concrete media type (a wildcard such as `image/*`
/// says what is accepted, not what to send, so the part keeps the default).
pub(super) fn part_types(media: &MediaType) -> Vec<(String, String)> {
    media
        .encoding
        .iter()
        .filter_map(|(name, encoding)| {
            let content_type = first_media_type(encoding.content_type.as_deref()?)?;
            Some((name.clone(), content_type))
        })
        .collect()
}

/// The name of the parts of a multipart body that is not an object: the one property its
/// `encoding` object names, or `file`, with a warning saying so.
pub(super) fn part_name(lowerer: &mut Lowerer<'_>, media: &MediaType, pointer: &str) -> String {
    if let [name] = media.encoding.keys().collect::<Vec<_>>().as_slice() {
        return (*name).clone();
    }
    lowerer.warn(
        DiagnosticKind::Repaired,
        &child(pointer, "schema"),
        format!("a multipart body that is not an object gives its parts no name (an `encoding` object naming one would); they are sent as `{DEFAULT_PART_NAME}`"),
    );
    DEFAULT_PART_NAME.to_owned()
}

/// The first media type of a comma-separated list, lower-cased and without parameters, when it
/// is `type/subtype` made of token characters (no wildcard).
fn first_media_type(types: &str) -> Option<String> {
    let first = types
        .split(',')
        .next()?
        .split(';')
        .next()?
        .trim()
        .to_ascii_lowercase();
    let (kind, subtype) = first.split_once('/')?;
    let token = |part: &str| {
        !part.is_empty()
            && part
                .bytes()
                .all(|byte| byte.is_ascii_alphanumeric() || b"!#$&-^_.+".contains(&byte))
    };
    (token(kind) && token(subtype)).then_some(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn media(yaml: &str) -> MediaType {
        yaml_serde::from_str(yaml).expect("a media type")
    }

    #[test]
    fn encoding_entries_become_styles() {
        let media = media(
            "encoding:\n  a: {style: form, explode: false}\n  b: {style: deepObject, explode: false}\n  c: {contentType: 'application/json; charset=utf-8', style: form}\n  d: {style: pipeDelimited}\n  e: {contentType: text/plain}\n",
        );
        assert_eq!(
            form_styles(&media),
            vec![
                ("a".to_owned(), FormStyle::Form { explode: false }),
                ("c".to_owned(), FormStyle::Json),
                ("d".to_owned(), FormStyle::Delimited('|')),
            ]
        );
    }

    /// The generated code and warnings for one operation taking `content` as its body.
    fn generate(content: &str) -> crate::Generated {
        let spec = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n    post:\n      \
             operationId: a\n      requestBody: {{required: true, content: {content}}}\n      \
             responses: {{'204': {{description: ok}}}}\n"
        );
        crate::Config::new()
            .generate_text("b.yaml", &spec)
            .expect("generates")
    }

    #[test]
    fn unnamed_multipart_parts_are_named_file_with_a_warning() {
        let generated = generate("{multipart/form-data: {schema: {type: string, format: binary}}}");
        assert!(
            generated.code.contains("request.part(\"file\""),
            "{}",
            generated.code
        );
        assert!(
            generated
                .warnings
                .iter()
                .any(|warning| warning.kind == DiagnosticKind::Repaired
                    && warning.message.contains("sent as `file`")),
            "{:?}",
            generated.warnings
        );
    }

    #[test]
    fn a_form_body_that_is_no_object_is_still_skipped() {
        let generated = generate("{application/x-www-form-urlencoded: {schema: {type: string}}}");
        assert!(
            !generated.code.contains("pub async fn a("),
            "{}",
            generated.code
        );
        assert!(generated.warnings.iter().any(|warning| warning.kind
            == DiagnosticKind::OperationSkipped(crate::error::Construct::FormBody)));
    }

    #[test]
    fn part_types_take_the_first_concrete_type() {
        let media = media(
            "encoding:\n  a: {contentType: 'image/png, image/jpeg'}\n  b: {contentType: 'image/*'}\n  c: {contentType: application/json}\n",
        );
        assert_eq!(
            part_types(&media),
            vec![
                ("a".to_owned(), "image/png".to_owned()),
                ("c".to_owned(), "application/json".to_owned()),
            ]
        );
    }
}
