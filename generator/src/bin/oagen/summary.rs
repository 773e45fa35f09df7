//! `summary`: a human-readable overview of what a spec generates.

use oagen::ir::{Api, TypeDef};

/// A human-readable overview of one generated API.
pub fn summary(spec: &str, api: &Api, code: &str) -> String {
    let mut out = format!(
        "{spec}: {} {} -> {} lines of Rust\n",
        api.title,
        api.version,
        code.lines().count()
    );
    out.push_str(&format!("  types ({}):\n", api.types.len()));
    for def in api.types.values() {
        match def {
            TypeDef::Struct(def) => out.push_str(&format!(
                "    struct {:<28} {} fields\n",
                def.name,
                def.fields.len()
            )),
            TypeDef::Enum(def) => out.push_str(&format!(
                "    enum   {:<28} {} values + {}\n",
                def.name,
                def.variants.len(),
                def.other_variant
            )),
            TypeDef::Union(def) => out.push_str(&format!(
                "    union  {:<28} {} variants{}\n",
                def.name,
                def.variants.len(),
                def.tag
                    .as_deref()
                    .map(|tag| format!(", tagged by `{tag}`"))
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
            op.path,
            op.fn_name,
            errors.join(", ")
        ));
    }
    out
}
