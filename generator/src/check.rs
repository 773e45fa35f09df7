//! Checks over the IR that lowering cannot do locally: rules must name fields and parameters
//! that exist, with types the rule makes sense for.

use crate::error::Diagnostic;
use crate::ir::{Api, Presence, Rule, TypeDef, TypeRef};
use crate::lower::child_pointer;

/// Returns every problem found; errors stop generation, warnings do not.
pub fn check(api: &Api) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for def in api.types.values() {
        let TypeDef::Struct(def) = def else { continue };
        let rules_pointer = child_pointer(&def.pointer, "x-oagen-rules");
        for rule in &def.rules {
            match rule {
                Rule::Requires { field, requires } => {
                    for name in [field, requires] {
                        if !def.fields.iter().any(|f| &f.wire_name == name) {
                            diagnostics.push(Diagnostic::error(
                                &rules_pointer,
                                format!(
                                    "rule names `{name}`, which is not a property of this schema"
                                ),
                            ));
                        }
                    }
                }
                Rule::Ordered { earlier, later } => {
                    for name in [earlier, later] {
                        match def.fields.iter().find(|f| &f.wire_name == name) {
                            None => diagnostics.push(Diagnostic::error(&rules_pointer, format!("rule names `{name}`, which is not a property of this schema"))),
                            Some(field) if !is_orderable(&field.ty) => diagnostics.push(Diagnostic::error(
                                &rules_pointer,
                                format!("`ordered` needs date-time or numeric properties; `{name}` is {:?}", field.ty),
                            )),
                            Some(_) => {}
                        }
                    }
                }
                Rule::ForbiddenWhen { .. } => diagnostics.push(Diagnostic::error(
                    &rules_pointer,
                    "`forbidden-when` belongs on an operation, not a schema",
                )),
            }
        }
    }
    for operation in &api.operations {
        let rules_pointer = child_pointer(&operation.pointer, "x-oagen-rules");
        for rule in &operation.rules {
            let Rule::ForbiddenWhen {
                parameter, fields, ..
            } = rule
            else {
                diagnostics.push(Diagnostic::error(
                    &rules_pointer,
                    "only `forbidden-when` rules belong on an operation",
                ));
                continue;
            };
            if !operation
                .parameters
                .iter()
                .any(|p| &p.wire_name == parameter)
            {
                diagnostics.push(Diagnostic::error(
                    &rules_pointer,
                    format!(
                        "rule names parameter `{parameter}`, which the operation does not have"
                    ),
                ));
            }
            let body_fields = match operation.body.as_ref().map(|body| &body.ty) {
                Some(TypeRef::Named(name)) => match api.types.get(name) {
                    Some(TypeDef::Struct(def)) => Some(def),
                    _ => None,
                },
                _ => None,
            };
            match body_fields {
                None => diagnostics.push(Diagnostic::error(
                    &rules_pointer,
                    "`forbidden-when` needs an object request body",
                )),
                Some(def) => {
                    for name in fields {
                        match def.fields.iter().find(|f| &f.wire_name == name) {
                            None => diagnostics.push(Diagnostic::error(
                                &rules_pointer,
                                format!(
                                    "rule names body field `{name}`, which the body does not have"
                                ),
                            )),
                            Some(field)
                                if matches!(
                                    field.presence,
                                    Presence::Required | Presence::RequiredNullable
                                ) =>
                            {
                                diagnostics.push(Diagnostic::error(&rules_pointer, format!("body field `{name}` is required, so it can never be left out")));
                            }
                            Some(_) => {}
                        }
                    }
                }
            }
        }
    }
    diagnostics
}

fn is_orderable(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::DateTime) || ty.is_numeric()
}
