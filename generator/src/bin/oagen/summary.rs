//! `summary`: a human-readable overview of what a spec generates.

use oagen::ir::{Api, TypeDef};
use oagen::text::escape_controls as clean;
use oagen::Reading;

/// A human-readable overview of one generated API. Text from the spec has its control
/// characters escaped, so a title cannot drive the terminal.
pub fn summary(spec: &str, api: &Api, code: &str, reading: &Reading) -> String {
    let mut out = format!(
        "{}: {} {} -> {} lines of Rust\n",
        clean(spec),
        clean(&api.title),
        clean(&api.version),
        code.lines().count()
    );
    out.push_str(&format!("  read as OpenAPI {}\n", clean(&reading.version)));
    if !reading.interpreted.is_empty() {
        let counts: Vec<String> = reading
            .interpreted
            .iter()
            .map(|(construct, count)| format!("{construct} ({count})"))
            .collect();
        out.push_str(&format!("  interpreted as 3.0: {}\n", counts.join(", ")));
    }
    out.push_str(&format!("  types ({}):\n", api.types.len()));
    for def in api.types.values() {
        match def {
            TypeDef::Struct(def) => out.push_str(&format!(
                "    struct {:<28} {} fields\n",
                clean(&def.name),
                def.fields.len()
            )),
            TypeDef::Enum(def) => out.push_str(&format!(
                "    enum   {:<28} {} values + {}\n",
                clean(&def.name),
                def.variants.len(),
                clean(&def.other_variant)
            )),
            TypeDef::Union(def) => out.push_str(&format!(
                "    union  {:<28} {} variants{}\n",
                clean(&def.name),
                def.variants.len(),
                def.tag
                    .as_deref()
                    .map(|tag| format!(", tagged by `{}`", clean(tag)))
                    .unwrap_or_default()
            )),
        }
    }
    out.push_str(&format!("  operations ({}):\n", api.operations.len()));
    for op in &api.operations {
        let errors: Vec<String> = op.errors.iter().map(|e| e.status.to_string()).collect();
        out.push_str(&format!(
            "    {:<6} {:<58} {}() errors: [{}]\n",
            op.method,
            clean(&op.path),
            clean(&op.fn_name),
            errors.join(", ")
        ));
    }
    out
}
