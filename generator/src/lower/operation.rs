//! Paths and operations -> `ir::Operation`; security schemes -> `ir::SecurityScheme`.

use std::collections::BTreeMap;

use openapiv3::{
    Parameter as SpecParameter, ParameterSchemaOrContent, ReferenceOr,
    SecurityScheme as SpecScheme, StatusCode,
};

use super::{child_pointer as child, extensions, Lowerer};
use crate::ir::{
    Operation, Parameter, ParameterLocation, RequestBody, Response, SecurityRequirement,
    SecurityScheme, SecuritySchemeDef, TypeRef,
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
            let fn_name = fn_names.claim(&snake_ident(&operation_id));
            let type_stem = camel_ident(&operation_id);
            let error_type = lowerer.type_names.claim(&format!("{type_stem}Error"));
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
                error_type,
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
            lowered.retain(|existing| {
                !(existing.wire_name == data.name && existing.location == location)
            });
            lowered.push(Parameter {
                wire_name: data.name.clone(),
                rust_name: names.claim(&snake_ident(&data.name)),
                location,
                required: data.required || location == ParameterLocation::Path,
                ty,
                doc: data.description.clone(),
                constraints,
            });
        }
    }
    lowered
}

fn lower_body(
    lowerer: &mut Lowerer<'_>,
    body: &ReferenceOr<openapiv3::RequestBody>,
    pointer: &str,
    type_stem: &str,
) -> Option<RequestBody> {
    let body = lowerer.resolve(body, "requestBodies", |c| &c.request_bodies, pointer)?;
    let (content_type, media) = body
        .content
        .iter()
        .find(|(content_type, _)| is_json(content_type))
        .or_else(|| body.content.first())?;
    let content_pointer = child(&child(pointer, "content"), content_type);
    let ty = match &media.schema {
        Some(schema) => {
            lowerer
                .schema_type(
                    schema,
                    &child(&content_pointer, "schema"),
                    &format!("{type_stem}Request"),
                )
                .ty
        }
        None => TypeRef::Json,
    };
    if !is_json(content_type) {
        lowerer.warn(
            &content_pointer,
            format!("request bodies of type {content_type} are not generated yet"),
        );
        return None;
    }
    Some(RequestBody {
        content_type: content_type.clone(),
        ty,
        required: body.required,
        doc: body.description.clone(),
    })
}

fn lower_responses(
    lowerer: &mut Lowerer<'_>,
    responses: &openapiv3::Responses,
    pointer: &str,
    type_stem: &str,
) -> (Option<Response>, Vec<Response>) {
    let mut success: Option<Response> = None;
    let mut errors = Vec::new();
    for (status, response) in &responses.responses {
        let status_pointer = child(pointer, &status.to_string());
        let StatusCode::Code(code) = status else {
            lowerer.warn(&status_pointer, format!("range response {status} is not generated yet; such statuses surface as unexpected"));
            continue;
        };
        let Some(response) =
            lowerer.resolve(response, "responses", |c| &c.responses, &status_pointer)
        else {
            continue;
        };
        let variant = status_variant(*code);
        let json = response
            .content
            .iter()
            .find(|(content_type, _)| is_json(content_type));
        let body = json.and_then(|(content_type, media)| {
            let schema_pointer = child(
                &child(&child(&status_pointer, "content"), content_type),
                "schema",
            );
            let hint = if (200..300).contains(code) {
                format!("{type_stem}Response")
            } else {
                format!("{type_stem}{variant}")
            };
            media
                .schema
                .as_ref()
                .map(|schema| lowerer.schema_type(schema, &schema_pointer, &hint).ty)
        });
        let lowered = Response {
            status: *code,
            variant,
            description: response.description.clone(),
            body,
        };
        if (200..300).contains(code) {
            if success
                .as_ref()
                .is_none_or(|existing| existing.status > *code)
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
            SpecScheme::OAuth2 { description, .. } => SecurityScheme::Bearer {
                doc: description.clone(),
            },
            SpecScheme::HTTP {
                scheme,
                description,
                ..
            } if scheme.eq_ignore_ascii_case("bearer") => SecurityScheme::Bearer {
                doc: description.clone(),
            },
            SpecScheme::APIKey {
                location: openapiv3::APIKeyLocation::Header,
                name,
                description,
                ..
            } => SecurityScheme::ApiKeyHeader {
                header: name.clone(),
                doc: description.clone(),
            },
            _ => {
                lowerer.warn(
                    &pointer,
                    "this security scheme is not applied by the generated client yet",
                );
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
                SecurityScheme::ApiKeyHeader { .. } => SecuritySchemeDef {
                    setter: methods.claim(stem),
                    provider_setter: None,
                    scheme,
                },
            };
            (name, def)
        })
        .collect()
}

fn is_json(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or("").trim();
    essence == "application/json" || essence.ends_with("+json")
}

/// A variant name for an HTTP status: its reason phrase, or `Status<code>` for unusual ones.
pub(crate) fn status_variant(code: u16) -> String {
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
