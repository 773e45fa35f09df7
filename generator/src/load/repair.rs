//! Mistakes common in published specs, coped with before anything reads the document, each with
//! a warning naming its place: path keys without their leading `/`, `required: true` inside a
//! schema, and integer bounds beyond the 64-bit range (or whole numbers written as floats).

use super::Here;
use crate::error::{Diagnostic, DiagnosticKind};

/// A path key must start with `/`; `openapiv3` silently drops one that does not (with its
/// operations). Such a key is read as if it had the slash, with a warning, or, when that path is
/// also written properly, dropped with a warning rather than without a word.
pub(super) fn add_leading_slashes(
    document: &mut serde_json::Value,
    warnings: &mut Vec<Diagnostic>,
) {
    let Some(serde_json::Value::Object(paths)) = document.get_mut("paths") else {
        return;
    };
    if paths
        .keys()
        .all(|key| key.starts_with('/') || key.starts_with("x-"))
    {
        return;
    }
    // Rebuilt in order, so each path keeps its place (and its operations their order).
    let original = std::mem::take(paths);
    let written: std::collections::BTreeSet<String> = original.keys().cloned().collect();
    for (key, item) in original {
        if key.starts_with('/') || key.starts_with("x-") {
            paths.insert(key, item);
            continue;
        }
        let pointer = Here::Key(&Here::Key(&Here::Root, "paths"), &key).pointer();
        let slashed = format!("/{key}");
        if written.contains(&slashed) {
            warnings.push(Diagnostic::warning(
                DiagnosticKind::Repaired,
                pointer,
                format!("path `{key}` does not start with `/`, and `{slashed}` is also defined; it is ignored"),
            ));
        } else {
            warnings.push(Diagnostic::warning(
                DiagnosticKind::Repaired,
                pointer,
                format!("path `{key}` does not start with `/`; read as `{slashed}`"),
            ));
            paths.insert(slashed, item);
        }
    }
}

/// Copes with two mistakes common in published specs, with a warning each:
/// `required: true` inside a schema (it must list property names), and integer bounds beyond
/// the 64-bit range (`minimum: -9223372036854776000`), which are clamped to it.
pub(super) fn repair(
    value: &mut serde_json::Value,
    here: Here<'_>,
    warnings: &mut Vec<Diagnostic>,
) {
    let serde_json::Value::Object(map) = value else {
        if let serde_json::Value::Array(items) = value {
            for (index, item) in items.iter_mut().enumerate() {
                repair(item, Here::Index(&here, index), warnings);
            }
        }
        return;
    };
    let looks_like_schema = [
        "type",
        "properties",
        "items",
        "format",
        "allOf",
        "oneOf",
        "anyOf",
    ]
    .iter()
    .any(|key| map.contains_key(*key))
        && !["in", "content", "schema"]
            .iter()
            .any(|key| map.contains_key(*key));
    if looks_like_schema
        && map
            .get("required")
            .is_some_and(serde_json::Value::is_boolean)
    {
        map.remove("required");
        warnings.push(Diagnostic::warning(
            DiagnosticKind::Repaired,
            format!("{}/required", here.pointer()),
            "`required` in a schema must list property names; a boolean there is ignored",
        ));
    }
    if map.get("type").and_then(serde_json::Value::as_str) == Some("integer") {
        for bound in ["minimum", "maximum"] {
            let Some(number) = map.get(bound).and_then(serde_json::Value::as_f64) else {
                continue;
            };
            let whole = number.fract() == 0.0 && number.abs() < 2f64.powi(53);
            if whole && map.get(bound).is_some_and(|v| v.is_f64()) {
                // `2.147483646e+09`: a whole number written in float notation, which JSON
                // Schema reads as the integer it is.
                map.insert(bound.to_owned(), serde_json::Value::from(number as i64));
            } else if map.get(bound).is_some_and(|v| v.as_i64().is_none()) {
                let clamped = number.clamp(i64::MIN as f64, i64::MAX as f64).trunc() as i64;
                map.insert(bound.to_owned(), serde_json::Value::from(clamped));
                warnings.push(Diagnostic::warning(
                    DiagnosticKind::Repaired,
                    format!("{}/{bound}", here.pointer()),
                    format!("integer bound {number} is not a 64-bit integer; clamped to {clamped}"),
                ));
            }
        }
    }
    for (key, child) in map.iter_mut() {
        repair(child, Here::Key(&here, key), warnings);
    }
}
