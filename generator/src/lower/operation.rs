//! Paths and operations -> `ir::Operation`; security schemes -> `ir::SecurityScheme`.

use std::collections::BTreeMap;

use openapiv3::{
    Parameter as SpecParameter, ParameterSchemaOrContent, ReferenceOr,
    SecurityScheme as SpecScheme, StatusCode,
};

use super::{child_pointer as child, extensions, Lowerer};
use crate::ir::{
    ApiKeyLocation, BodyKind, Operation, Parameter, ParameterLocation, RequestBody, Response,
    SecurityRequirement, SecurityScheme, SecuritySchemeDef, StatusMatch, TypeRef,
};
use crate::naming::{camel_ident, snake_ident, UniqueNames};

/// Lowers every operation under `paths`, in spec order.
pub(crate) fn lower_operations(lowerer: &mut Lowerer<'_>) -> Vec<Operation> {
    let spec = lowerer.spec;
    let mut fn_names = UniqueNames::new();
    let mut seen_ids: BTreeMap<String, String> = BTreeMap::new();
    let mut operations = Vec::new();
    for (path, item) in spec.paths.iter() {
        let path_pointer = child("#/paths", path);
        let item = match item {
            ReferenceOr::Item(item) => item,
            ReferenceOr::Reference { reference } => {
                lowerer.warn(&path_pointer, format!("path item `$ref: {reference}` is not supported; its operations are skipped"));
                continue;
            }
        };
        for (method, operation) in item.iter() {
            let pointer = child(&path_pointer, method);
            let operation_id = match &operation.operation_id {
                Some(id) => id.clone(),
                None => format!("{method}_{path}"),
            };
            if let Some(first) = seen_ids.insert(operation_id.clone(), pointer.clone()) {
                lowerer.error(
                    &child(&pointer, "operationId"),
                    format!("duplicate operationId `{operation_id}`: also used at {first}"),
                );
                continue;
            }
            if operation.extensions.contains_key("x-dropshot-websocket") {
                lowerer.warn(&child(&pointer, "x-dropshot-websocket"), format!("operation skipped: `{operation_id}` upgrades to a websocket, which has no request/response client form"));
                continue;
            }
            if !operation.callbacks.is_empty() {
                lowerer.warn(
                    &child(&pointer, "callbacks"),
                    format!("operation skipped: `{operation_id}` declares callbacks (requests the server makes to you), which have no client form"),
                );
                continue;
            }
            lowerer.skip_current = None;
            let fn_name = fn_names.claim(&snake_ident(&operation_id));
            let type_stem = camel_ident(&operation_id);
            let parameters = lower_parameters(
                lowerer,
                &item.parameters,
                &operation.parameters,
                &pointer,
                &type_stem,
            );
            let body = operation.request_body.as_ref().and_then(|body| {
                lower_body(lowerer, body, &child(&pointer, "requestBody"), &type_stem)
            });
            let (success, errors) = lower_responses(
                lowerer,
                &operation.responses,
                &child(&pointer, "responses"),
                &type_stem,
            );
            let security = operation
                .security
                .as_ref()
                .or(spec.security.as_ref())
                .map(|alternatives| {
                    alternatives
                        .iter()
                        .map(|requirement| {
                            requirement
                                .iter()
                                .map(|(scheme, scopes)| SecurityRequirement {
                                    scheme: scheme.clone(),
                                    scopes: scopes.clone(),
                                })
                                .collect()
                        })
                        .collect()
                })
                .unwrap_or_default();
            if let Some(reason) = lowerer.skip_current.take() {
                lowerer.warn(
                    &pointer,
                    format!("operation skipped: `{operation_id}`: {reason}"),
                );
                continue;
            }
            let rules = match operation.extensions.get("x-oagen-rules") {
                Some(value) => extensions::parse_rules(value).unwrap_or_else(|message| {
                    lowerer.error(&child(&pointer, "x-oagen-rules"), message);
                    Vec::new()
                }),
                None => Vec::new(),
            };
            operations.push(Operation {
                operation_id,
                fn_name,
                type_stem,
                error_type: None,
                method: method.to_ascii_uppercase(),
                path: path.clone(),
                pointer,
                summary: operation.summary.clone(),
                description: operation.description.clone(),
                tags: operation.tags.clone(),
                parameters,
                body,
                success,
                errors,
                security,
                rules,
            });
        }
    }
    operations
}

fn lower_parameters(
    lowerer: &mut Lowerer<'_>,
    path_level: &[ReferenceOr<SpecParameter>],
    operation_level: &[ReferenceOr<SpecParameter>],
    pointer: &str,
    type_stem: &str,
) -> Vec<Parameter> {
    let mut names = UniqueNames::new();
    // Reserved for the request body argument.
    names.reserve("body");
    let mut lowered: Vec<Parameter> = Vec::new();
    let levels = [
        (
            path_level,
            pointer.rsplit_once('/').map_or(pointer, |(path, _)| path),
        ),
        (operation_level, pointer),
    ];
    for (parameters, base) in levels {
        for (index, parameter) in parameters.iter().enumerate() {
            let parameter_pointer = child(&child(base, "parameters"), &index.to_string());
            let Some(parameter) = lowerer.resolve(
                parameter,
                "parameters",
                |c| &c.parameters,
                &parameter_pointer,
            ) else {
                continue;
            };
            let data = parameter.parameter_data_ref();
            // Form style (the query default) explodes unless the spec says otherwise.
            let explode = data.explode.unwrap_or(matches!(
                parameter,
                SpecParameter::Query {
                    style: openapiv3::QueryStyle::Form,
                    ..
                } | SpecParameter::Cookie { .. }
            ));
            let location = match parameter {
                SpecParameter::Path { .. } => ParameterLocation::Path,
                SpecParameter::Query { .. } => ParameterLocation::Query,
                SpecParameter::Header { .. } => ParameterLocation::Header,
                SpecParameter::Cookie { .. } => ParameterLocation::Cookie,
            };
            let hint = format!("{type_stem}{}", camel_ident(&data.name));
            let (ty, constraints) = match &data.format {
                ParameterSchemaOrContent::Schema(schema) => {
                    let schema_lowered =
                        lowerer.schema_type(schema, &child(&parameter_pointer, "schema"), &hint);
                    (schema_lowered.ty, schema_lowered.constraints)
                }
                ParameterSchemaOrContent::Content(_) => {
                    lowerer.warn(
                        &parameter_pointer,
                        "parameter `content` is not supported; the value is sent as a string",
                    );
                    (TypeRef::String, Default::default())
                }
            };
            // Only string enums have a natural text form; other objects go as JSON text.
            let ty = match &ty {
                TypeRef::Named(name)
                    if matches!(lowerer.types.get(name), Some(crate::ir::TypeDef::Struct(_))) =>
                {
                    lowerer.warn(
                        &parameter_pointer,
                        "object-valued parameters are sent as JSON text",
                    );
                    TypeRef::Json
                }
                _ => ty,
            };
            // An operation-level parameter overrides a path-level one with the same name and place.
            let overridden = lowered
                .iter()
                .position(|existing| {
                    existing.wire_name == data.name && existing.location == location
                })
                .map(|index| lowered.remove(index).rust_name);
            lowered.push(Parameter {
                wire_name: data.name.clone(),
                rust_name: overridden.unwrap_or_else(|| names.claim(&snake_ident(&data.name))),
                location,
                required: data.required || location == ParameterLocation::Path,
                ty,
                explode,
                doc: data.description.clone(),
                constraints,
            });
        }
    }
    match_path_template(lowerer, &mut lowered, &mut names, pointer);
    lowered
}

/// Every `{name}` in the path needs a path parameter. Specs get this wrong in two ways, both
/// coped with (with a warning): the parameter is named differently from its placeholder (one of
/// each left over: they are paired), or it is not declared at all (a string parameter is added).
fn match_path_template(
    lowerer: &mut Lowerer<'_>,
    parameters: &mut Vec<Parameter>,
    names: &mut UniqueNames,
    pointer: &str,
) {
    let path = pointer
        .strip_prefix("#/paths/")
        .and_then(|rest| rest.rsplit_once('/'))
        .map(|(path, _)| path.replace("~1", "/").replace("~0", "~"))
        .unwrap_or_default();
    let placeholders: Vec<&str> = path
        .split('{')
        .skip(1)
        .filter_map(|part| part.split_once('}').map(|(name, _)| name))
        .collect();
    let unfilled: Vec<&str> = placeholders
        .iter()
        .copied()
        .filter(|name| {
            !parameters
                .iter()
                .any(|p| p.location == ParameterLocation::Path && p.wire_name == *name)
        })
        .collect();
    let unused: Vec<usize> = parameters
        .iter()
        .enumerate()
        .filter(|(_, p)| {
            p.location == ParameterLocation::Path && !placeholders.contains(&p.wire_name.as_str())
        })
        .map(|(index, _)| index)
        .collect();
    match (unfilled.as_slice(), unused.as_slice()) {
        ([], []) => {}
        ([placeholder], [index]) => {
            let parameter = &mut parameters[*index];
            lowerer.warn(
                pointer,
                format!("path parameter `{}` does not appear in the path; assumed to fill `{{{placeholder}}}`", parameter.wire_name),
            );
            parameter.wire_name = (*placeholder).to_owned();
        }
        ([], _) => lowerer.warn(
            pointer,
            "a path parameter does not appear in the path; it is not sent",
        ),
        (placeholders, _) => {
            for placeholder in placeholders {
                lowerer.warn(pointer, format!("`{{{placeholder}}}` in the path has no declared parameter; a required string parameter is added"));
                parameters.push(Parameter {
                    wire_name: (*placeholder).to_owned(),
                    rust_name: names.claim(&snake_ident(placeholder)),
                    location: ParameterLocation::Path,
                    required: true,
                    ty: TypeRef::String,
                    explode: false,
                    doc: None,
                    constraints: Default::default(),
                });
            }
        }
    }
}

fn lower_body(
    lowerer: &mut Lowerer<'_>,
    body: &ReferenceOr<openapiv3::RequestBody>,
    pointer: &str,
    type_stem: &str,
) -> Option<RequestBody> {
    let body = lowerer.resolve(body, "requestBodies", |c| &c.request_bodies, pointer)?;
    // Prefer JSON, then form, multipart, text; anything else is sent as bytes.
    let (content_type, media) = body
        .content
        .iter()
        .min_by_key(|(content_type, _)| body_kind(content_type) as u8)?;
    let kind = body_kind(content_type);
    let content_pointer = child(&child(pointer, "content"), content_type);
    let ty = match (&media.schema, kind) {
        (_, BodyKind::Text) => TypeRef::String,
        (_, BodyKind::Binary) => TypeRef::Binary,
        (Some(schema), _) => {
            lowerer
                .schema_type(
                    schema,
                    &child(&content_pointer, "schema"),
                    &format!("{type_stem}Request"),
                )
                .ty
        }
        (None, _) => TypeRef::Json,
    };
    let struct_body = matches!(&ty, TypeRef::Named(name) if matches!(lowerer.types.get(name), Some(crate::ir::TypeDef::Struct(_))));
    if matches!(kind, BodyKind::Form | BodyKind::Multipart) && !struct_body {
        lowerer.warn(
            &content_pointer,
            format!("a {content_type} body needs an object schema; the operation is skipped"),
        );
        lowerer.skip_current = Some(format!("{content_type} body without an object schema"));
        return None;
    }
    Some(RequestBody {
        kind,
        content_type: content_type.clone(),
        ty,
        required: body.required,
        doc: body.description.clone(),
    })
}

/// How a media type is encoded; the order is the preference when a body offers several.
fn body_kind(content_type: &str) -> BodyKind {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if essence == "application/json" || essence.ends_with("+json") {
        BodyKind::Json
    } else if essence == "application/x-www-form-urlencoded" {
        BodyKind::Form
    } else if essence == "multipart/form-data" {
        BodyKind::Multipart
    } else if essence.starts_with("text/") {
        BodyKind::Text
    } else {
        BodyKind::Binary
    }
}

fn lower_responses(
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
        let Some(response) =
            lowerer.resolve(response, "responses", |c| &c.responses, &status_pointer)
        else {
            continue;
        };
        if !response.links.is_empty() {
            let links = child(&status_pointer, "links");
            lowerer.skip_current = Some(format!(
                "its response declares links ({links}), which have no client form"
            ));
        }
        let variant = status_variant(status);
        let is_success = match status {
            StatusMatch::Code(code) => (200..300).contains(&code),
            StatusMatch::Range(class) => class == 2,
            StatusMatch::Default => false,
        };
        let media = response
            .content
            .iter()
            .min_by_key(|(content_type, _)| body_kind(content_type) as u8);
        let (kind, body) = match media {
            None => (BodyKind::Json, None),
            Some((content_type, media)) => {
                let kind = match body_kind(content_type) {
                    BodyKind::Form | BodyKind::Multipart => BodyKind::Binary,
                    other => other,
                };
                let ty = match kind {
                    BodyKind::Text => Some(TypeRef::String),
                    BodyKind::Binary => Some(TypeRef::Binary),
                    _ => {
                        let schema_pointer = child(
                            &child(&child(&status_pointer, "content"), content_type),
                            "schema",
                        );
                        let hint = if is_success {
                            format!("{type_stem}Response")
                        } else {
                            format!("{type_stem}{variant}")
                        };
                        Some(match &media.schema {
                            Some(schema) => lowerer.schema_type(schema, &schema_pointer, &hint).ty,
                            None => TypeRef::Json,
                        })
                    }
                };
                (kind, ty)
            }
        };
        let lowered = Response {
            status,
            kind,
            variant,
            description: response.description.clone(),
            body,
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

fn status_match(status: &StatusCode) -> StatusMatch {
    match status {
        StatusCode::Code(code) => StatusMatch::Code(*code),
        StatusCode::Range(class) => StatusMatch::Range(*class),
    }
}

/// Lowers `components/securitySchemes` to the schemes a client can apply.
pub(crate) fn lower_security_schemes(
    lowerer: &mut Lowerer<'_>,
) -> BTreeMap<String, SecuritySchemeDef> {
    let spec = lowerer.spec;
    let mut schemes = BTreeMap::new();
    let Some(components) = spec.components.as_ref() else {
        return BTreeMap::new();
    };
    for (name, scheme) in &components.security_schemes {
        let pointer = child("#/components/securitySchemes", name);
        let Some(scheme) =
            lowerer.resolve(scheme, "securitySchemes", |c| &c.security_schemes, &pointer)
        else {
            continue;
        };
        let lowered = match scheme {
            SpecScheme::OAuth2 { description, .. }
            | SpecScheme::OpenIDConnect { description, .. } => SecurityScheme::Bearer {
                doc: description.clone(),
            },
            SpecScheme::HTTP {
                scheme,
                description,
                ..
            } if scheme.eq_ignore_ascii_case("bearer") => SecurityScheme::Bearer {
                doc: description.clone(),
            },
            SpecScheme::HTTP {
                scheme,
                description,
                ..
            } if scheme.eq_ignore_ascii_case("basic") => SecurityScheme::Basic {
                doc: description.clone(),
            },
            SpecScheme::APIKey {
                location,
                name,
                description,
                ..
            } => SecurityScheme::ApiKey {
                location: match location {
                    openapiv3::APIKeyLocation::Header => ApiKeyLocation::Header,
                    openapiv3::APIKeyLocation::Query => ApiKeyLocation::Query,
                    openapiv3::APIKeyLocation::Cookie => ApiKeyLocation::Cookie,
                },
                name: name.clone(),
                doc: description.clone(),
            },
            SpecScheme::HTTP { scheme, .. } => {
                lowerer.warn(&pointer, format!("HTTP `{scheme}` authentication is not applied by the generated client; set the header through an injected reqwest client"));
                continue;
            }
        };
        schemes.insert(name.clone(), lowered);
    }
    name_credential_setters(schemes)
}

/// Builder methods for credentials: a lone bearer scheme gets `access_token`/`token_provider`;
/// otherwise each method is named after its scheme. Names the builder already uses are avoided.
fn name_credential_setters(
    schemes: BTreeMap<String, SecurityScheme>,
) -> BTreeMap<String, SecuritySchemeDef> {
    let mut methods = UniqueNames::new();
    for taken in [
        "base_url",
        "timeout",
        "user_agent",
        "http_client",
        "build",
        "new",
        "default",
    ] {
        methods.reserve(taken);
    }
    let lone_bearer = schemes
        .values()
        .filter(|s| matches!(s, SecurityScheme::Bearer { .. }))
        .count()
        == 1;
    schemes
        .into_iter()
        .map(|(name, scheme)| {
            let stem = snake_ident(&name);
            let stem = stem.trim_start_matches("r#");
            let def = match scheme {
                SecurityScheme::Bearer { .. } if lone_bearer => SecuritySchemeDef {
                    setter: methods.claim("access_token"),
                    provider_setter: Some(methods.claim("token_provider")),
                    scheme,
                },
                SecurityScheme::Bearer { .. } => SecuritySchemeDef {
                    setter: methods.claim(&format!("{stem}_token")),
                    provider_setter: Some(methods.claim(&format!("{stem}_token_provider"))),
                    scheme,
                },
                SecurityScheme::ApiKey { .. } => SecuritySchemeDef {
                    // Not `stem`: a scheme named `fn` needs the raw `r#fn`.
                    setter: methods.claim(&snake_ident(&name)),
                    provider_setter: None,
                    scheme,
                },
                SecurityScheme::Basic { .. } => SecuritySchemeDef {
                    setter: methods.claim(
                        if stem.contains("basic") {
                            stem.to_owned()
                        } else {
                            format!("{stem}_basic")
                        }
                        .as_str(),
                    ),
                    provider_setter: None,
                    scheme,
                },
            };
            (name, def)
        })
        .collect()
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
