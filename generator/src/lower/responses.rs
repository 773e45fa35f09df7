//! An operation's documented responses -> `ir::Response`: the success response (the lowest
//! 2xx) and the error responses, each with its body type and variant name.

use openapiv3::StatusCode;

use super::operation::body_kind;
use super::{child_pointer as child, Lowerer};
use crate::ir::{BodyKind, Response, ResponseLink, StatusMatch, TypeRef};
use crate::naming::camel_ident;

pub(super) fn lower_responses(
    lowerer: &mut Lowerer<'_>,
    responses: &openapiv3::Responses,
    pointer: &str,
    type_stem: &str,
) -> (Option<Response>, Vec<Response>) {
    let mut success: Option<Response> = None;
    let mut errors = Vec::new();
    let listed = responses
        .responses
        .iter()
        .map(|(status, response)| (status_match(status), status.to_string(), response))
        .chain(
            responses
                .default
                .iter()
                .map(|response| (StatusMatch::Default, "default".to_owned(), response)),
        );
    for (status, key, response) in listed {
        let status_pointer = child(pointer, &key);
        // A response written once under `components/responses` names the type its inline
        // schema defines (`Unauthorized`), not the first operation that uses it: the same
        // body is one type wherever it is used (see `dedup`).
        let component = match response {
            openapiv3::ReferenceOr::Reference { reference } => reference
                .strip_prefix("#/components/responses/")
                .map(camel_ident),
            openapiv3::ReferenceOr::Item(_) => None,
        };
        let Some(response) =
            lowerer.resolve(response, "responses", |c| &c.responses, &status_pointer)
        else {
            continue;
        };
        // Links describe follow-up calls; the client makes none itself, but the method's docs
        // name them so a reader can see which call a response feeds.
        let links = response_links(lowerer, &response.links, &child(&status_pointer, "links"));
        let variant = status_variant(status);
        let is_success = match status {
            StatusMatch::Code(code) => (200..300).contains(&code),
            StatusMatch::Range(class) => class == 2,
            StatusMatch::Default => false,
        };
        let hint = match component {
            Some(name) => name,
            None if is_success => format!("{type_stem}Response"),
            None => format!("{type_stem}{variant}"),
        };
        let (kind, body) = response_body(lowerer, response, &status_pointer, &hint);
        let lowered = Response {
            status,
            kind,
            variant,
            description: response.description.clone(),
            body,
            links,
        };
        if is_success {
            if success
                .as_ref()
                .is_none_or(|existing| existing.status > status)
            {
                success = Some(lowered);
            }
        } else {
            errors.push(lowered);
        }
    }
    errors.sort_by_key(|response| response.status);
    (success, errors)
}

/// How a response's body is encoded and its type (`None` when it documents no content); its
/// preferred media type decides. `hint` names an inline type the schema defines.
fn response_body(
    lowerer: &mut Lowerer<'_>,
    response: &openapiv3::Response,
    status_pointer: &str,
    hint: &str,
) -> (BodyKind, Option<TypeRef>) {
    let media = response
        .content
        .iter()
        .min_by_key(|(content_type, _)| body_kind(content_type) as u8);
    let Some((content_type, media)) = media else {
        return (BodyKind::Json, None);
    };
    let kind = match body_kind(content_type) {
        BodyKind::Form | BodyKind::Multipart => BodyKind::Binary,
        other => other,
    };
    let ty = match kind {
        BodyKind::Text => TypeRef::String,
        BodyKind::Binary => TypeRef::Binary,
        _ => {
            let schema_pointer = child(
                &child(&child(status_pointer, "content"), content_type),
                "schema",
            );
            match &media.schema {
                Some(schema) => lowerer.schema_type(schema, &schema_pointer, hint).ty,
                None => TypeRef::Json,
            }
        }
    };
    (kind, Some(ty))
}

/// A response's links, in spec order; a `$ref` to `components/links` is followed.
fn response_links(
    lowerer: &mut Lowerer<'_>,
    links: &indexmap::IndexMap<String, openapiv3::ReferenceOr<openapiv3::Link>>,
    pointer: &str,
) -> Vec<ResponseLink> {
    links
        .iter()
        .filter_map(|(name, link)| {
            let link = lowerer.resolve(link, "links", |c| &c.links, &child(pointer, name))?;
            let target = match &link.operation {
                openapiv3::LinkOperation::OperationId(id) => id.clone(),
                openapiv3::LinkOperation::OperationRef(reference) => reference.clone(),
            };
            Some(ResponseLink {
                name: name.clone(),
                target,
                description: link.description.clone(),
            })
        })
        .collect()
}

fn status_match(status: &StatusCode) -> StatusMatch {
    match status {
        StatusCode::Code(code) => StatusMatch::Code(*code),
        StatusCode::Range(class) => StatusMatch::Range(*class),
    }
}

/// A variant name for a documented status: its reason phrase, `Status<code>` for unusual
/// codes, `ClientError`/`ServerError` for `4XX`/`5XX`, `Default` for `default`.
pub(crate) fn status_variant(status: StatusMatch) -> String {
    let code = match status {
        StatusMatch::Code(code) => code,
        StatusMatch::Range(4) => return "ClientError".to_owned(),
        StatusMatch::Range(5) => return "ServerError".to_owned(),
        StatusMatch::Range(class) => return format!("Status{class}xx"),
        StatusMatch::Default => return "Default".to_owned(),
    };
    let reason = match code {
        400 => "BadRequest",
        401 => "Unauthorized",
        402 => "PaymentRequired",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        406 => "NotAcceptable",
        408 => "RequestTimeout",
        409 => "Conflict",
        410 => "Gone",
        412 => "PreconditionFailed",
        413 => "PayloadTooLarge",
        415 => "UnsupportedMediaType",
        422 => "UnprocessableEntity",
        429 => "TooManyRequests",
        500 => "InternalServerError",
        501 => "NotImplemented",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        _ => return format!("Status{code}"),
    };
    reason.to_owned()
}
