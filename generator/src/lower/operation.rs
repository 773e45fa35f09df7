//! Paths and operations -> `ir::Operation` (security schemes are in `security`).

use std::collections::BTreeMap;

use openapiv3::{Parameter as SpecParameter, ParameterSchemaOrContent, ReferenceOr};

use super::{call, child_pointer as child, Lowerer};
use crate::error::{Construct, DiagnosticKind};
use crate::ir::{
    BodyKind, HttpMethod, Operation, Parameter, ParameterLocation, ParameterText, RequestBody,
    SecurityRequirement, TypeDef, TypeRef,
};
use crate::naming::{camel_ident, generated, snake_ident, UniqueNames};

/// Lowers every operation under `paths`, in spec order.
pub(crate) fn lower_operations(lowerer: &mut Lowerer<'_>) -> Vec<Operation> {
    let spec = lowerer.spec;
    let mut fn_names = UniqueNames::with_reserved(generated::CLIENT_METHODS);
    let mut seen_ids: BTreeMap<String, String> = BTreeMap::new();
    let mut operations = Vec::new();
    for (path, item) in spec.paths.iter() {
        let path_pointer = child("#/paths", path);
        let item = match item {
            ReferenceOr::Item(item) => item,
            ReferenceOr::Reference { reference } => {
                lowerer.warn(DiagnosticKind::Unsupported(Construct::PathItemReference), &path_pointer, format!("path item `$ref: {reference}` is not supported; its operations are skipped"));
                continue;
            }
        };
        for (method, operation) in call::operations_of(item) {
            let key = call::spec_key(method);
            let pointer = child(&path_pointer, key);
            let operation_id = match &operation.operation_id {
                Some(id) => id.clone(),
                None => format!("{key}_{path}"),
            };
            if let Some(first) = seen_ids.get(&operation_id) {
                // The later operation keeps its place in the client under a numbered method
                // name (names are made unique where they are claimed), with a warning.
                lowerer.warn(
                    DiagnosticKind::DuplicateOperationId,
                    &child(&pointer, "operationId"),
                    format!("duplicate operationId `{operation_id}`: also used at {first}; this operation's method gets a numbered name"),
                );
            } else {
                seen_ids.insert(operation_id.clone(), pointer.clone());
            }
            if operation.extensions.contains_key("x-dropshot-websocket") {
                lowerer.warn(DiagnosticKind::OperationSkipped(Construct::Websocket), &child(&pointer, "x-dropshot-websocket"), format!("operation skipped: `{operation_id}` upgrades to a websocket, which has no request/response client form"));
                continue;
            }
            if !operation.callbacks.is_empty() {
                lowerer.warn(
                    DiagnosticKind::OperationSkipped(Construct::Callbacks),
                    &child(&pointer, "callbacks"),
                    format!("operation skipped: `{operation_id}` declares callbacks (requests the server makes to you), which have no client form"),
                );
                continue;
            }
            let site = Site {
                path,
                item,
                method,
                pointer,
            };
            operations.extend(lower_operation(
                lowerer,
                &site,
                operation,
                operation_id,
                &mut fn_names,
            ));
        }
    }
    operations
}

/// Where an operation stands in the spec.
struct Site<'s> {
    /// The path template as written.
    path: &'s str,
    /// The path item, for its path-level parameters.
    item: &'s openapiv3::PathItem,
    /// The HTTP method.
    method: HttpMethod,
    /// The operation's JSON pointer.
    pointer: String,
}

/// One operation, or `None` (with a diagnostic) when it has no client form.
fn lower_operation(
    lowerer: &mut Lowerer<'_>,
    site: &Site<'_>,
    operation: &openapiv3::Operation,
    operation_id: String,
    fn_names: &mut UniqueNames,
) -> Option<Operation> {
    let pointer = &site.pointer;
    lowerer.skip_current = None;
    let fn_name = fn_names.claim(&snake_ident(&operation_id));
    let type_stem = camel_ident(&operation_id);
    let (segments, doubled) = call::collapse_double_braces(call::parse_path(site.path));
    for name in doubled {
        lowerer.warn(
            DiagnosticKind::Repaired,
            pointer,
            format!("`{{{{{name}}}}}` in the path has doubled braces; read as the placeholder `{{{name}}}`"),
        );
    }
    let mut parameters = lower_parameters(
        lowerer,
        &site.item.parameters,
        &operation.parameters,
        pointer,
        &type_stem,
        &call::placeholders(&segments),
    );
    let template = call::order_parameters(&segments, &mut parameters);
    let body = operation
        .request_body
        .as_ref()
        .and_then(|body| lower_body(lowerer, body, &child(pointer, "requestBody"), &type_stem));
    let (success, errors) = super::responses::lower_responses(
        lowerer,
        &operation.responses,
        &child(pointer, "responses"),
        &type_stem,
    );
    let security = lower_security(lowerer, operation, &operation_id, pointer);
    if let Some((construct, reason)) = lowerer.skip_current.take() {
        lowerer.warn(
            DiagnosticKind::OperationSkipped(construct),
            pointer,
            format!("operation skipped: `{operation_id}`: {reason}"),
        );
        return None;
    }
    let rules = lowerer.operation_rules(operation, &parameters, body.as_ref(), pointer);
    Some(Operation {
        operation_id,
        fn_name,
        type_stem,
        error_type: None,
        method: site.method,
        path: site.path.to_owned(),
        template,
        pointer: pointer.clone(),
        summary: operation.summary.clone(),
        description: operation.description.clone(),
        tags: operation.tags.clone(),
        parameters,
        body,
        success,
        errors,
        security,
        rules,
    })
}

/// The operation's security requirements, or the spec's when it states none. An alternative
/// naming a scheme `components/securitySchemes` does not define can never be met (the call
/// would always fail with `MissingCredentials`): it is dropped with a warning, and when none is
/// left the method sends no credentials and lets the server decide.
fn lower_security(
    lowerer: &mut Lowerer<'_>,
    operation: &openapiv3::Operation,
    operation_id: &str,
    pointer: &str,
) -> Vec<Vec<SecurityRequirement>> {
    let spec = lowerer.spec;
    let (alternatives, security_pointer) = match (&operation.security, &spec.security) {
        (Some(own), _) => (own, child(pointer, "security")),
        (None, Some(global)) => (global, "#/security".to_owned()),
        (None, None) => return Vec::new(),
    };
    let defined = |scheme: &str| {
        spec.components
            .as_ref()
            .is_some_and(|components| components.security_schemes.contains_key(scheme))
    };
    let mut lowered = Vec::new();
    for (index, requirement) in alternatives.iter().enumerate() {
        if let Some(undefined) = requirement.keys().find(|scheme| !defined(scheme)) {
            let another_can_be_met = alternatives
                .iter()
                .any(|other| other.keys().all(|scheme| defined(scheme)));
            let outcome = if another_can_be_met {
                "this alternative is dropped"
            } else {
                "the method sends no credentials"
            };
            lowerer.warn(
                DiagnosticKind::Repaired,
                &child(&security_pointer, &index.to_string()),
                format!("`{operation_id}`: security scheme `{undefined}` is not defined in components/securitySchemes, so no credential can meet this requirement; {outcome}"),
            );
            continue;
        }
        lowered.push(
            requirement
                .iter()
                .map(|(scheme, scopes)| SecurityRequirement {
                    scheme: scheme.clone(),
                    scopes: scopes.clone(),
                })
                .collect(),
        );
    }
    lowered
}

fn lower_parameters(
    lowerer: &mut Lowerer<'_>,
    path_level: &[ReferenceOr<SpecParameter>],
    operation_level: &[ReferenceOr<SpecParameter>],
    pointer: &str,
    type_stem: &str,
    placeholders: &[&str],
) -> Vec<Parameter> {
    // The body argument and the method's locals are the generator's names.
    let mut names = UniqueNames::with_reserved(generated::METHOD_LOCALS);
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
            if matches!(
                location,
                ParameterLocation::Header | ParameterLocation::Cookie
            ) && !call::is_http_token(&data.name)
            {
                // An error, not a skipped operation: the spec names something no request can
                // carry, and no approximation (another name, dropping it) would be what it means.
                lowerer.error(
                    DiagnosticKind::InvalidHttpName,
                    &child(&parameter_pointer, "name"),
                    format!(
                        "{} parameter name `{}` is not an HTTP token (RFC 9110 tchar): no request can carry it",
                        if location == ParameterLocation::Header { "header" } else { "cookie" },
                        data.name.escape_debug()
                    ),
                );
                continue;
            }
            let hint = format!("{type_stem}{}", camel_ident(&data.name));
            let (ty, constraints, content_text) =
                parameter_type(lowerer, data, &parameter_pointer, &hint);
            let text = content_text.unwrap_or_else(|| call::parameter_text(&lowerer.types, &ty));
            let layout = super::style::layout(parameter, &text);
            if let Some(fallback) = &layout.fallback {
                lowerer.warn(
                    DiagnosticKind::Repaired,
                    &child(&parameter_pointer, "style"),
                    format!("parameter `{}`: {fallback}", data.name),
                );
            }
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
                text,
                ty,
                style: layout.style,
                explode: layout.explode,
                allow_reserved: layout.allow_reserved,
                doc: data.description.clone(),
                constraints,
            });
        }
    }
    match_path_template(lowerer, &mut lowered, &mut names, pointer, placeholders);
    lowered
}

/// A parameter's type and constraints, and its text when `content` rather than the type
/// decides it; `hint` names an inline type it defines. `content` with a JSON media type sends
/// the value's JSON text (no style applies); a `text/*` one sends a string as it is.
fn parameter_type(
    lowerer: &mut Lowerer<'_>,
    data: &openapiv3::ParameterData,
    parameter_pointer: &str,
    hint: &str,
) -> (TypeRef, crate::ir::Constraints, Option<ParameterText>) {
    match &data.format {
        ParameterSchemaOrContent::Schema(schema) => {
            let schema_lowered =
                lowerer.schema_type(schema, &child(parameter_pointer, "schema"), hint);
            (schema_lowered.ty, schema_lowered.constraints, None)
        }
        ParameterSchemaOrContent::Content(content) => {
            let json = content.iter().find_map(|(media_type, media)| {
                let schema = media.schema.as_ref()?;
                (body_kind(media_type) == BodyKind::Json).then_some((media_type, schema))
            });
            if let Some((media_type, schema)) = json {
                let pointer = child(&child(parameter_pointer, "content"), media_type);
                let schema_lowered = lowerer.schema_type(schema, &child(&pointer, "schema"), hint);
                let text = Some(ParameterText::JsonText);
                return (schema_lowered.ty, schema_lowered.constraints, text);
            }
            let text_only = content
                .keys()
                .all(|media_type| body_kind(media_type) == BodyKind::Text);
            if !text_only {
                lowerer.warn(
                    DiagnosticKind::Unsupported(Construct::ParameterContent),
                    parameter_pointer,
                    "parameter `content` of a media type other than JSON or text is not supported; the value is sent as a string",
                );
            }
            (TypeRef::String, Default::default(), None)
        }
    }
}

/// Every `{name}` in the path needs a path parameter. Specs get this wrong in two ways, both
/// coped with (with a warning): the parameter is named differently from its placeholder (one of
/// each left over: they are paired), or it is not declared at all (a string parameter is added).
fn match_path_template(
    lowerer: &mut Lowerer<'_>,
    parameters: &mut Vec<Parameter>,
    names: &mut UniqueNames,
    pointer: &str,
    placeholders: &[&str],
) {
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
                DiagnosticKind::Repaired,
                pointer,
                format!("path parameter `{}` does not appear in the path; assumed to fill `{{{placeholder}}}`", parameter.wire_name),
            );
            parameter.wire_name = (*placeholder).to_owned();
        }
        ([], _) => lowerer.warn(
            DiagnosticKind::Repaired,
            pointer,
            "a path parameter does not appear in the path; it is not sent",
        ),
        (placeholders, _) => {
            for placeholder in placeholders {
                lowerer.warn(DiagnosticKind::Repaired, pointer, format!("`{{{placeholder}}}` in the path has no declared parameter; a required string parameter is added"));
                parameters.push(Parameter::required_string(
                    *placeholder,
                    names.claim(&snake_ident(placeholder)),
                    ParameterLocation::Path,
                ));
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
    let form_like = matches!(kind, BodyKind::Form | BodyKind::Multipart);
    if form_like && super::body::is_empty_object(lowerer, media, &child(&content_pointer, "schema"))
    {
        return None;
    }
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
    let struct_body = matches!(&ty, TypeRef::Named(name) if matches!(lowerer.types.get(name), Some(TypeDef::Struct(_))));
    if !super::body::has_client_form(lowerer, kind, &ty) {
        lowerer.warn(
            DiagnosticKind::Unsupported(Construct::FormBody),
            &content_pointer,
            format!("a {content_type} body needs an object schema; the operation is skipped"),
        );
        lowerer.skip_current = Some((
            Construct::FormBody,
            format!("{content_type} body without an object schema"),
        ));
        return None;
    }
    Some(RequestBody {
        kind,
        content_type: content_type.clone(),
        ty,
        required: body.required,
        doc: body.description.clone(),
        // Filled in once the struct is final (`call::fill_body_fields`).
        fields: Vec::new(),
        form_styles: match kind {
            BodyKind::Form => super::body::form_styles(media),
            _ => Vec::new(),
        },
        part_types: match kind {
            BodyKind::Multipart => super::body::part_types(media),
            _ => Vec::new(),
        },
        part_name: match kind {
            BodyKind::Multipart if !struct_body => {
                Some(super::body::part_name(lowerer, media, &content_pointer))
            }
            _ => None,
        },
    })
}

/// How a media type is encoded; the order is the preference when a body offers several.
pub(super) fn body_kind(content_type: &str) -> BodyKind {
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
