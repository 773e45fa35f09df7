//! Error enums: operations whose documented error responses are identical share one enum, so
//! an API where every operation documents the same `4XX`/`5XX` bodies gets one `ApiError`
//! instead of a copy per operation.

use std::collections::BTreeMap;

use crate::ir::{ErrorType, Operation, Response};
use crate::naming::UniqueNames;

/// More variants than this and a name built from them stops explaining anything; such shapes
/// are not shared.
const MAX_NAMED_VARIANTS: usize = 3;

/// Decides each operation's `error_type` and returns the enums to emit, in first-use order.
/// Operations that document no errors keep `error_type: None` (the runtime's `Undocumented`).
pub(crate) fn assign_error_types(
    operations: &mut [Operation],
    type_names: &mut UniqueNames,
) -> Vec<ErrorType> {
    // Shapes in first-use order, each with the operations that document it.
    let mut shapes: Vec<(&[Response], Vec<usize>)> = Vec::new();
    for (index, operation) in operations.iter().enumerate() {
        if operation.errors.is_empty() {
            continue;
        }
        match shapes
            .iter_mut()
            .find(|(shape, _)| *shape == operation.errors.as_slice())
        {
            Some((_, users)) => users.push(index),
            None => shapes.push((&operation.errors, vec![index])),
        }
    }
    let with_errors = operations.iter().filter(|op| !op.errors.is_empty()).count();
    let mut assigned: BTreeMap<usize, String> = BTreeMap::new();
    let mut error_types = Vec::new();
    for (shape, users) in shapes {
        // One shared enum under the shape's name, or one enum per operation under its own.
        let groups: Vec<(String, Vec<usize>)> = match shared_name(shape, users.len(), with_errors) {
            Some(name) => vec![(name, users)],
            None => users
                .into_iter()
                .map(|user| (format!("{}Error", operations[user].type_stem), vec![user]))
                .collect(),
        };
        for (wanted, group) in groups {
            let name = type_names.claim(&wanted);
            for &user in &group {
                assigned.insert(user, name.clone());
            }
            error_types.push(ErrorType {
                name,
                operations: group
                    .iter()
                    .map(|&user| operations[user].operation_id.clone())
                    .collect(),
                responses: shape.to_vec(),
            });
        }
    }
    for (index, name) in assigned {
        operations[index].error_type = Some(name);
    }
    error_types
}

/// The name for a shape several operations share: `ApiError` when every operation with errors
/// documents it, else its variants joined (`NotFoundOrServerError`). `None` keeps it per
/// operation: it is used once, or has too many variants for a name to list.
fn shared_name(shape: &[Response], users: usize, with_errors: usize) -> Option<String> {
    if users < 2 {
        return None;
    }
    if users == with_errors {
        return Some("ApiError".to_owned());
    }
    if shape.len() > MAX_NAMED_VARIANTS {
        return None;
    }
    let parts: Vec<&str> = shape
        .iter()
        .map(|response| {
            let variant = response.variant.as_str();
            variant
                .strip_suffix("Error")
                .filter(|stem| !stem.is_empty())
                .unwrap_or(variant)
        })
        .collect();
    Some(format!("{}Error", parts.join("Or")))
}
