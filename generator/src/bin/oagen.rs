//! The `oagen` command: generate Rust from an OpenAPI document, or summarise what would be generated.

use std::path::PathBuf;
use std::process::ExitCode;

use oagen::ir::{Api, TypeDef};
use oagen::Config;

const USAGE: &str = "\
usage:
  oagen summary SPEC...         print the types and operations generated from each spec
  oagen generate SPEC -o FILE   write the generated module to FILE
options:
  --strict                      treat warnings as errors
  -h, --help                    print this help";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &[String]) -> Result<(), String> {
    let mut config = Config::new();
    let mut specs = Vec::new();
    let mut output: Option<PathBuf> = None;
    let mut command: Option<&str> = None;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            "--strict" => {
                config.strict(true);
            }
            "-o" | "--output" => {
                let file = rest
                    .next()
                    .ok_or_else(|| format!("{arg} needs a file name\n\n{USAGE}"))?;
                output = Some(PathBuf::from(file));
            }
            "summary" | "generate" if command.is_none() => command = Some(arg.as_str()),
            flag if flag.starts_with('-') => {
                return Err(format!("unknown option `{flag}`\n\n{USAGE}"))
            }
            spec => specs.push(PathBuf::from(spec)),
        }
    }
    match (command, specs.as_slice(), output) {
        (Some("summary"), [_, ..], None) => {
            for spec in &specs {
                let generated = config
                    .generate_file(spec)
                    .map_err(|error| error.to_string())?;
                for warning in &generated.warnings {
                    eprintln!("{}: {warning}", spec.display());
                }
                print!(
                    "{}",
                    summary(&spec.display().to_string(), &generated.api, &generated.code)
                );
            }
            Ok(())
        }
        (Some("generate"), [spec], Some(output)) => {
            let generated = config
                .generate_file(spec)
                .map_err(|error| error.to_string())?;
            for warning in &generated.warnings {
                eprintln!("{}: {warning}", spec.display());
            }
            std::fs::write(&output, generated.code)
                .map_err(|error| format!("{}: {error}", output.display()))
        }
        _ => Err(USAGE.to_owned()),
    }
}

/// A human-readable overview of one generated API.
fn summary(spec: &str, api: &Api, code: &str) -> String {
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
