//! Security schemes -> `ir::SecuritySchemeDef`: how each credential is sent, and the client
//! builder methods that take it.

use std::collections::BTreeMap;

use openapiv3::SecurityScheme as SpecScheme;

use super::{child_pointer as child, Lowerer};
use crate::error::{Construct, DiagnosticKind};
use crate::ir::{ApiKeyLocation, SecurityScheme, SecuritySchemeDef};
use crate::naming::{generated, snake_ident, UniqueNames};

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
                location:
                    location @ (openapiv3::APIKeyLocation::Header | openapiv3::APIKeyLocation::Cookie),
                name,
                ..
            } if !super::call::is_http_token(name) => {
                let place = match location {
                    openapiv3::APIKeyLocation::Header => "header",
                    _ => "cookie",
                };
                lowerer.error(
                    DiagnosticKind::InvalidHttpName,
                    &child(&pointer, "name"),
                    format!("API key {place} name `{}` is not an HTTP token (RFC 9110 tchar): no request can carry it", name.escape_debug()),
                );
                continue;
            }
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
                lowerer.warn(DiagnosticKind::Unsupported(Construct::HttpAuthentication), &pointer, format!("HTTP `{scheme}` authentication is not applied by the generated client; set the header through an injected reqwest client"));
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
    let mut methods = UniqueNames::with_reserved(generated::BUILDER_METHODS);
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
