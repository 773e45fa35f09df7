//! `x-oagen-rules` resolved once: the wire names a rule is written with become indices into the
//! struct's fields or the operation's parameters and body fields. A name that matches nothing is
//! an error here, where the rule stands; emitters never look a rule's names up again.

use super::extensions::{self, RuleSpec};
use super::{child_pointer, Lowerer};
use crate::error::{Diagnostic, DiagnosticKind};
use crate::ir::{
    Field, ForbiddenWhen, Parameter, Presence, RequestBody, StructRule, TypeDef, TypeRef,
};

/// `minProperties`/`maxProperties` of an object schema as a rule on its struct, when a value
/// can break them: a minimum above the fields every value sends, a maximum below the fields a
/// value can send (or any maximum beside a map of other keys).
pub(crate) fn property_count_rule(
    object: &openapiv3::ObjectType,
    fields: &[Field],
) -> Option<StructRule> {
    let always = fields
        .iter()
        .filter(|field| {
            matches!(
                field.presence,
                Presence::Required | Presence::RequiredNullable | Presence::Defaulted(_)
            )
        })
        .count() as u64;
    let unbounded = fields
        .iter()
        .any(|field| field.presence == Presence::Flattened);
    let at_most = fields.len() as u64;
    let min = object
        .min_properties
        .map(|n| n as u64)
        .filter(|min| *min > always);
    let max = object
        .max_properties
        .map(|n| n as u64)
        .filter(|max| unbounded || *max < at_most);
    (min.is_some() || max.is_some()).then_some(StructRule::PropertyCount { min, max })
}

impl Lowerer<'_> {
    /// A schema's `x-oagen-rules` (if any), resolved against the struct's fields; `pointer` is
    /// where the schema stands.
    pub(crate) fn schema_rules(
        &mut self,
        data: &openapiv3::SchemaData,
        fields: &[Field],
        pointer: &str,
    ) -> Vec<StructRule> {
        let Some(value) = data.extensions.get("x-oagen-rules") else {
            return Vec::new();
        };
        let pointer = child_pointer(pointer, "x-oagen-rules");
        match extensions::parse_rules(value) {
            Ok(specs) => struct_rules(specs, fields, &pointer, &mut self.diagnostics),
            Err(message) => {
                self.error(DiagnosticKind::Rule, &pointer, message);
                Vec::new()
            }
        }
    }

    /// An operation's `x-oagen-rules` (if any), resolved against its parameters (already in
    /// call order) and its body struct's fields; `pointer` is where the operation stands.
    pub(crate) fn operation_rules(
        &mut self,
        operation: &openapiv3::Operation,
        parameters: &[Parameter],
        body: Option<&RequestBody>,
        pointer: &str,
    ) -> Vec<ForbiddenWhen> {
        let Some(value) = operation.extensions.get("x-oagen-rules") else {
            return Vec::new();
        };
        let pointer = child_pointer(pointer, "x-oagen-rules");
        let specs = match extensions::parse_rules(value) {
            Ok(specs) => specs,
            Err(message) => {
                self.error(DiagnosticKind::Rule, &pointer, message);
                return Vec::new();
            }
        };
        let body_fields = match body.map(|body| &body.ty) {
            Some(TypeRef::Named(name)) => match self.types.get(name) {
                Some(TypeDef::Struct(def)) => Some(def.fields.as_slice()),
                _ => None,
            },
            _ => None,
        };
        operation_rules(
            specs,
            parameters,
            body_fields,
            &pointer,
            &mut self.diagnostics,
        )
    }
}

/// Resolves a schema's rules against its fields; `pointer` is where `x-oagen-rules` stands.
fn struct_rules(
    specs: Vec<RuleSpec>,
    fields: &[Field],
    pointer: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<StructRule> {
    let mut rules = Vec::new();
    for spec in specs {
        let rule = match spec {
            RuleSpec::Requires { field, requires } => match (
                find_field(fields, &field, pointer, diagnostics),
                find_field(fields, &requires, pointer, diagnostics),
            ) {
                (Some(field), Some(requires)) => StructRule::Requires { field, requires },
                _ => continue,
            },
            RuleSpec::Ordered { earlier, later } => match (
                find_field(fields, &earlier, pointer, diagnostics),
                find_field(fields, &later, pointer, diagnostics),
            ) {
                (Some(earlier), Some(later)) => StructRule::Ordered { earlier, later },
                _ => continue,
            },
            RuleSpec::ForbiddenWhen { .. } => {
                diagnostics.push(Diagnostic::error(
                    DiagnosticKind::Rule,
                    pointer,
                    "`forbidden-when` belongs on an operation, not a schema",
                ));
                continue;
            }
        };
        rules.push(rule);
    }
    rules
}

/// The index of the field with this wire name, or `None` with an error.
fn find_field(
    fields: &[Field],
    name: &str,
    pointer: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<usize> {
    let found = fields.iter().position(|field| field.wire_name == name);
    if found.is_none() {
        diagnostics.push(Diagnostic::error(
            DiagnosticKind::Rule,
            pointer,
            format!("rule names `{name}`, which is not a property of this schema"),
        ));
    }
    found
}

/// Resolves an operation's rules against its parameters (in call order) and, when the body is a
/// struct, that struct's fields (`None` otherwise).
fn operation_rules(
    specs: Vec<RuleSpec>,
    parameters: &[Parameter],
    body_fields: Option<&[Field]>,
    pointer: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<ForbiddenWhen> {
    let mut rules = Vec::new();
    for spec in specs {
        let RuleSpec::ForbiddenWhen {
            parameter,
            values,
            fields,
        } = spec
        else {
            diagnostics.push(Diagnostic::error(
                DiagnosticKind::Rule,
                pointer,
                "only `forbidden-when` rules belong on an operation",
            ));
            continue;
        };
        let index = parameters.iter().position(|p| p.wire_name == parameter);
        if index.is_none() {
            diagnostics.push(Diagnostic::error(
                DiagnosticKind::Rule,
                pointer,
                format!("rule names parameter `{parameter}`, which the operation does not have"),
            ));
        }
        let Some(body_fields) = body_fields else {
            diagnostics.push(Diagnostic::error(
                DiagnosticKind::Rule,
                pointer,
                "`forbidden-when` needs an object request body",
            ));
            continue;
        };
        let mut resolved = Vec::new();
        for name in &fields {
            match body_fields
                .iter()
                .position(|field| &field.wire_name == name)
            {
                Some(field) => resolved.push(field),
                None => diagnostics.push(Diagnostic::error(
                    DiagnosticKind::Rule,
                    pointer,
                    format!("rule names body field `{name}`, which the body does not have"),
                )),
            }
        }
        if let (Some(parameter), true) = (index, resolved.len() == fields.len()) {
            rules.push(ForbiddenWhen {
                parameter,
                values,
                fields: resolved,
            });
        }
    }
    rules
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{ParameterLocation, Presence, TypeRef};

    fn field(wire: &str) -> Field {
        Field {
            rust_name: wire.to_lowercase(),
            wire_name: wire.to_owned(),
            aliases: Vec::new(),
            doc: None,
            ty: TypeRef::DateTime,
            boxed: false,
            presence: Presence::Optional,
            constraints: Default::default(),
        }
    }

    fn parameter(wire: &str) -> Parameter {
        Parameter::required_string(wire, wire.to_lowercase(), ParameterLocation::Query)
    }

    fn specs(value: serde_json::Value) -> Vec<RuleSpec> {
        super::super::extensions::parse_rules(&value).unwrap()
    }

    #[test]
    fn struct_rules_resolve_to_field_indices() {
        let fields = [field("a"), field("startTime"), field("endTime")];
        let mut diagnostics = Vec::new();
        let rules = struct_rules(
            specs(serde_json::json!([
                {"kind": "requires", "field": "startTime", "requires": "endTime"},
                {"kind": "ordered", "earlier": "startTime", "later": "endTime"}
            ])),
            &fields,
            "#/x",
            &mut diagnostics,
        );
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(
            rules,
            [
                StructRule::Requires {
                    field: 1,
                    requires: 2
                },
                StructRule::Ordered {
                    earlier: 1,
                    later: 2
                }
            ]
        );
    }

    #[test]
    fn unknown_names_are_located_errors_and_drop_the_rule() {
        let mut diagnostics = Vec::new();
        let rules = struct_rules(
            specs(serde_json::json!([{"kind": "requires", "field": "a", "requires": "nope"}])),
            &[field("a")],
            "#/components/schemas/A/x-oagen-rules",
            &mut diagnostics,
        );
        assert!(rules.is_empty());
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(
            diagnostics[0].pointer,
            "#/components/schemas/A/x-oagen-rules"
        );
        assert!(diagnostics[0].message.contains("`nope`"));
    }

    #[test]
    fn operation_rules_resolve_parameter_and_body_fields() {
        let parameters = [parameter("id"), parameter("mode")];
        let body = [field("x"), field("y")];
        let mut diagnostics = Vec::new();
        let rules = operation_rules(
            specs(serde_json::json!([
                {"kind": "forbidden-when", "parameter": "mode", "values": ["A"], "fields": ["y"]}
            ])),
            &parameters,
            Some(&body),
            "#/p",
            &mut diagnostics,
        );
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(
            rules,
            [ForbiddenWhen {
                parameter: 1,
                values: vec!["A".to_owned()],
                fields: vec![1]
            }]
        );
        let rules = operation_rules(
            specs(serde_json::json!([
                {"kind": "forbidden-when", "parameter": "gone", "values": [], "fields": ["z"]},
                {"kind": "ordered", "earlier": "x", "later": "y"}
            ])),
            &parameters,
            Some(&body),
            "#/p",
            &mut diagnostics,
        );
        assert!(rules.is_empty());
        let messages: Vec<&str> = diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert!(messages[0].contains("parameter `gone`"));
        assert!(messages[1].contains("body field `z`"));
        assert!(messages[2].contains("only `forbidden-when`"));
    }
}
