//! One compiled `pattern` per distinct pattern in the file, not one per place that checks it:
//! specs repeat a pattern on every parameter of one kind (nexus writes its name pattern on 254
//! path parameters), and a `static` with its compiling closure at each of them is most of the
//! check code. Runs last, on the final types and operations.
//!
//! Only where the file is one module: split by tag (`Api::layout`), a module's checks may be
//! compiled while another's are not, and a shared `static` would then be unused code; there each
//! check keeps a `static` of its own.

use std::collections::BTreeMap;

use crate::ir::{Api, Constraints, SharedPattern, TypeDef, TypeRef};

/// Gives every pattern a check uses the name of its file-level `static` (`PATTERN_1`, ... in
/// first-use order: request types in name order, then operations), and lists the statics in
/// `api.shared_patterns`.
pub(super) fn share_patterns(api: &mut Api) {
    if api.layout.is_some() {
        return;
    }
    let mut table = Table::default();
    for name in &api.validated_types {
        if let Some(TypeDef::Struct(def)) = api.types.get_mut(name) {
            for field in &mut def.fields {
                table.name(&mut field.constraints, &field.ty, false);
            }
        }
    }
    for operation in &mut api.operations {
        for parameter in &mut operation.parameters {
            table.name(&mut parameter.constraints, &parameter.ty, true);
        }
    }
    api.shared_patterns = table.shared;
}

#[derive(Default)]
struct Table {
    shared: Vec<SharedPattern>,
    /// Index into `shared` by (source, ignore case, as written).
    index: BTreeMap<(String, bool, String), usize>,
}

impl Table {
    /// Names the static of each pattern a value of type `ty` is checked against, as
    /// `Constraints::checks` decides it: on a string, and on each item of a list or map.
    fn name(&mut self, constraints: &mut Constraints, ty: &TypeRef, client: bool) {
        match ty {
            TypeRef::String => {
                if let Some(pattern) = &mut constraints.pattern {
                    let key = (
                        pattern.source.clone(),
                        pattern.ignore_case,
                        pattern.written.clone(),
                    );
                    let next = self.shared.len();
                    let index = *self.index.entry(key).or_insert(next);
                    if index == next {
                        let name = format!("PATTERN_{}", next + 1);
                        pattern.static_name = Some(name.clone());
                        self.shared.push(SharedPattern {
                            name,
                            pattern: pattern.clone(),
                            client_only: client,
                        });
                    }
                    let shared = &mut self.shared[index];
                    shared.client_only &= client;
                    pattern.static_name = Some(shared.name.clone());
                }
            }
            TypeRef::Array(item) | TypeRef::Map(item) => {
                if let Some(items) = &mut constraints.items {
                    self.name(items, item, client);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::{ConstraintCheck, TypeDef};

    #[test]
    fn each_distinct_pattern_is_compiled_once_and_parameter_only_ones_go_with_the_client() {
        let spec = "openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a/{name}:
    post:
      parameters:
        - {name: name, in: path, required: true, schema: {$ref: '#/components/schemas/Name'}}
        - {name: tags, in: query, schema: {type: array, items: {type: string, pattern: '^t'}}}
      requestBody:
        content: {application/json: {schema: {$ref: '#/components/schemas/Body'}}}
      responses: {'204': {description: ok}}
components:
  schemas:
    Name: {type: string, pattern: '^[a-z]+$'}
    Body:
      type: object
      properties:
        owner: {$ref: '#/components/schemas/Name'}
        other: {type: string, pattern: '(?i)^[a-z]+$'}
";
        let loaded = crate::load::parse_loaded(std::path::Path::new("t.yaml"), spec).unwrap();
        let api = crate::lower::lower(&loaded.spec, &Default::default()).api;
        let shared: Vec<(&str, &str, bool)> = api
            .shared_patterns
            .iter()
            .map(|shared| {
                let written = shared.pattern.written.as_str();
                (shared.name.as_str(), written, shared.client_only)
            })
            .collect();
        // The body's two patterns first (types come first, fields in order), then the query
        // items'. The path parameter's is the body's `Name` pattern again: one static, not
        // client-only.
        assert_eq!(
            shared,
            [
                ("PATTERN_1", "^[a-z]+$", false),
                ("PATTERN_2", "(?i)^[a-z]+$", false),
                ("PATTERN_3", "^t", true),
            ]
        );
        let name = &api.operations[0].parameters[0];
        let Some(ConstraintCheck::Pattern(pattern)) = name.constraints.checks(&name.ty).pop()
        else {
            panic!("no pattern check on the path parameter");
        };
        assert_eq!(pattern.static_name.as_deref(), Some("PATTERN_1"));
        let Some(TypeDef::Struct(body)) = api.types.get("Body") else {
            panic!("no Body");
        };
        assert!(body.fields.iter().all(|field| field
            .constraints
            .pattern
            .as_ref()
            .is_some_and(|pattern| pattern.static_name.is_some())));
    }
}
