//! Checks over the IR that lowering cannot do locally. Rule names were resolved to indices
//! during lowering (an unknown name is reported there); here the resolved fields must have types
//! and presences the rule makes sense for.

use crate::error::{Diagnostic, DiagnosticKind};
use crate::ir::{Api, Presence, StructRule, TypeDef, TypeRef};
use crate::lower::child_pointer;

/// Returns every problem found; errors stop generation, warnings do not.
pub fn check(api: &Api) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for def in api.types.values() {
        let TypeDef::Struct(def) = def else { continue };
        let rules_pointer = child_pointer(&def.pointer, "x-oagen-rules");
        for rule in &def.rules {
            let StructRule::Ordered { earlier, later } = rule else {
                continue;
            };
            for field in [earlier, later]
                .into_iter()
                .filter_map(|i| def.fields.get(*i))
            {
                if !is_orderable(&field.ty) {
                    diagnostics.push(Diagnostic::error(
                        DiagnosticKind::Rule,
                        &rules_pointer,
                        format!(
                            "`ordered` needs date-time or numeric properties; `{}` is {:?}",
                            field.wire_name, field.ty
                        ),
                    ));
                }
            }
        }
    }
    for operation in &api.operations {
        let rules_pointer = child_pointer(&operation.pointer, "x-oagen-rules");
        let Some(body) = &operation.body else {
            continue;
        };
        let fields = operation.rules.iter().flat_map(|rule| &rule.fields);
        for field in fields.filter_map(|index| body.fields.get(*index)) {
            if matches!(
                field.presence,
                Presence::Required | Presence::RequiredNullable
            ) {
                diagnostics.push(Diagnostic::error(
                    DiagnosticKind::Rule,
                    &rules_pointer,
                    format!(
                        "body field `{}` is required, so it can never be left out",
                        field.wire_name
                    ),
                ));
            }
        }
    }
    diagnostics
}

fn is_orderable(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::DateTime) || ty.is_numeric()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diagnostics(spec: &str) -> Vec<String> {
        let loaded = crate::phases::parse(std::path::Path::new("t.yaml"), spec).unwrap();
        let lowered = crate::lower::lower(&loaded.spec, &Default::default());
        assert!(lowered.diagnostics.is_empty(), "{:?}", lowered.diagnostics);
        check(&lowered.api)
            .into_iter()
            .map(|d| format!("{}: {}", d.pointer, d.message))
            .collect()
    }

    const SPEC: &str = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a:
    post:
      operationId: post
      x-oagen-rules:
        - {kind: forbidden-when, parameter: mode, values: [x], fields: [name, note]}
      parameters:
        - {name: mode, in: query, required: true, schema: {type: string}}
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Body"}
      responses:
        "204": {description: ok}
components:
  schemas:
    Body:
      type: object
      required: [name]
      x-oagen-rules:
        - {kind: ordered, earlier: name, later: at}
      properties:
        name: {type: string}
        note: {type: string}
        at: {type: string, format: date-time}
"##;

    #[test]
    fn resolved_rules_are_checked_for_types_and_presence() {
        assert_eq!(
            diagnostics(SPEC),
            [
                "#/components/schemas/Body/x-oagen-rules: `ordered` needs date-time or numeric \
                 properties; `name` is String",
                "#/paths/~1a/post/x-oagen-rules: body field `name` is required, so it can never \
                 be left out",
            ]
        );
    }

    #[test]
    fn fitting_rules_pass() {
        let spec = SPEC
            .replace("earlier: name", "earlier: at")
            .replace("fields: [name, note]", "fields: [note]");
        assert!(diagnostics(&spec).is_empty());
    }
}
