//! `generate --crate`: a standalone crate around the generated module, so a team can vendor the
//! client and build it with plain `cargo build`, no build-time code generation.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use oagen::ir::{Api, Operation, SecurityScheme, TypeRef};
use oagen::text::{escape_controls, inline_code, markdown_lines, one_line};
use proc_macro2::{Literal, Spacing, TokenStream, TokenTree};

/// What goes into the crate besides the generated code.
pub struct CrateSpec<'a> {
    /// The package name.
    pub name: &'a str,
    /// Where the crate's `oagen-runtime` dependency comes from.
    pub runtime: RuntimeSource<'a>,
    /// `--dependency NAME=SPEC`.
    pub dependencies: &'a [(String, String)],
    /// The spec, as given on the command line.
    pub spec: &'a str,
    /// The command that regenerates the crate.
    pub command: &'a str,
    /// Whether the HTTP client was generated.
    pub client: bool,
}

/// Where a generated crate's `oagen-runtime` comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuntimeSource<'a> {
    /// A copy inside the crate (`oagen-runtime/`), written by this `oagen`: the default, since no
    /// registry has the runtime, and the crate must build as it is.
    Bundled,
    /// `--runtime-path PATH`: a path dependency, as written (relative to the crate).
    Path(&'a str),
    /// `--runtime-version VERSION`: a published runtime from the registry.
    Version(&'a str),
}

/// Crates every Rust program can name without a dependency.
const BUILT_IN: [&str; 8] = [
    "std",
    "core",
    "alloc",
    "crate",
    "self",
    "super",
    "Self",
    "oagen_runtime",
];

/// Files of the crate, by path relative to its directory, in a fixed order.
pub fn files(
    spec: &CrateSpec<'_>,
    api: &Api,
    code: &str,
    settings: &crate::args::Settings,
) -> Result<BTreeMap<String, String>, (String, String)> {
    let needed = needed_crates(code, settings);
    let given: BTreeSet<String> = spec
        .dependencies
        .iter()
        .map(|(name, _)| name.replace('-', "_"))
        .collect();
    let missing: Vec<&(String, &str)> = needed
        .iter()
        .filter(|(name, _)| !given.contains(name))
        .collect();
    if let Some((name, source)) = missing.first() {
        let names: Vec<String> = missing
            .iter()
            .map(|(name, _)| format!("`{name}`"))
            .collect();
        return Err((
            format!(
                "the generated code uses the crate{} {} (named by {source}), which the crate's Cargo.toml would not declare",
                if missing.len() == 1 { "" } else { "s" },
                names.join(", "),
            ),
            format!("add it with --dependency '{name}=VERSION' (or --dependency '{name}={{ version = \"…\", features = [...] }}')"),
        ));
    }
    let mut files = BTreeMap::new();
    files.insert("Cargo.toml".to_owned(), cargo_toml(spec, api));
    files.insert("src/lib.rs".to_owned(), lib_rs(spec, api, code));
    files.insert("README.md".to_owned(), readme(spec, api));
    files.insert(".gitignore".to_owned(), "/target\n".to_owned());
    if spec.runtime == RuntimeSource::Bundled {
        files.extend(crate::bundled_runtime::files());
    }
    Ok(files)
}

/// Crates the code names that need a dependency, with the flag that brought each in: roots of
/// absolute paths in the generated code (`::chrono::Utc`), and roots of any path in the Rust
/// the user passed in (`chrono::Utc` written into `--map-format`).
fn needed_crates(code: &str, settings: &crate::args::Settings) -> Vec<(String, &'static str)> {
    let mut found: BTreeMap<String, &'static str> = BTreeMap::new();
    for (flag, fragment) in settings.rust_fragments() {
        if let Ok(tokens) = fragment.parse::<TokenStream>() {
            for root in path_roots(tokens, true) {
                found.entry(root).or_insert(flag);
            }
        }
    }
    if let Ok(tokens) = code.parse::<TokenStream>() {
        for root in path_roots(tokens, false) {
            found.entry(root).or_insert("the spec");
        }
    }
    found
        .into_iter()
        .filter(|(name, _)| !BUILT_IN.contains(&name.as_str()))
        .collect()
}

/// The first segment of each path: of `::a::b` always, of `a::b` when `relative` is set.
fn path_roots(tokens: TokenStream, relative: bool) -> BTreeSet<String> {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let mut roots = BTreeSet::new();
    let is_path_sep = |at: usize| {
        matches!((tokens.get(at), tokens.get(at + 1)),
            (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b)))
                if a.as_char() == ':' && a.spacing() == Spacing::Joint && b.as_char() == ':')
    };
    // Does the token before `at` continue a path (`Foo::`, `Vec<T>::`), rather than start one?
    let continues_path = |at: usize| -> bool {
        if at == 0 {
            return false;
        }
        match &tokens[at - 1] {
            TokenTree::Ident(ident) => !is_keyword(&ident.to_string()),
            TokenTree::Punct(punct) if punct.as_char() == '>' => {
                // `->` and `=>` end arrows, not generic arguments.
                !matches!(at.checked_sub(2).map(|i| &tokens[i]),
                    Some(TokenTree::Punct(p)) if matches!(p.as_char(), '-' | '=') && p.spacing() == Spacing::Joint)
            }
            TokenTree::Punct(punct) if punct.as_char() == ':' => true,
            _ => false,
        }
    };
    for (at, token) in tokens.iter().enumerate() {
        match token {
            TokenTree::Group(group) => roots.extend(path_roots(group.stream(), relative)),
            TokenTree::Ident(ident) if is_path_sep(at + 1) => {
                let absolute = at >= 2 && is_path_sep(at - 2) && !continues_path(at - 2);
                let starts_relative = relative && !continues_path(at);
                if absolute || starts_relative {
                    roots.insert(ident.to_string());
                }
            }
            _ => {}
        }
    }
    roots
}

fn is_keyword(word: &str) -> bool {
    matches!(
        word,
        "as" | "in"
            | "dyn"
            | "impl"
            | "for"
            | "where"
            | "mut"
            | "return"
            | "let"
            | "const"
            | "static"
            | "type"
            | "use"
            | "pub"
            | "fn"
            | "struct"
            | "enum"
            | "if"
            | "else"
            | "match"
            | "ref"
            | "move"
            | "unsafe"
            | "async"
            | "await"
    )
}

/// A TOML basic string.
fn toml_string(text: &str) -> String {
    let mut out = String::from('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A dependency's TOML: a version (`0.4`) is quoted; an inline table is written as given.
fn dependency_value(spec: &str) -> String {
    let spec = spec.trim();
    if spec.starts_with('{') || spec.starts_with('"') {
        spec.to_owned()
    } else {
        toml_string(spec)
    }
}

/// `{what} for {title} (version {version})`, on one line whatever the spec's title and version
/// hold (see `oagen::text::one_line`).
fn what_for(what: &str, api: &Api) -> String {
    format!(
        "{what} for {} (version {})",
        one_line(&api.title),
        one_line(&api.version)
    )
}

fn cargo_toml(spec: &CrateSpec<'_>, api: &Api) -> String {
    let what = if spec.client { "Client" } else { "Models" };
    let description = format!("{}, generated by oagen", what_for(what, api));
    // The runtime's default features are off here and on through this crate's own, so the
    // crate's user can pick the TLS backend (README.md, "TLS and dependencies").
    let runtime = match spec.runtime {
        RuntimeSource::Bundled => format!(
            "{{ path = {}, default-features = false }}",
            toml_string(crate::bundled_runtime::FOLDER)
        ),
        RuntimeSource::Path(path) => {
            format!(
                "{{ path = {}, default-features = false }}",
                toml_string(path)
            )
        }
        RuntimeSource::Version(version) => {
            format!(
                "{{ version = {}, default-features = false }}",
                toml_string(version)
            )
        }
    };
    let mut out = format!(
        "# @generated by oagen {} from {}; do not edit. Regenerate with:\n# {}\n\n",
        env!("CARGO_PKG_VERSION"),
        escape_controls(spec.spec),
        escape_controls(spec.command)
    );
    let _ = writeln!(out, "[package]");
    let _ = writeln!(out, "name = {}", toml_string(spec.name));
    let _ = writeln!(out, "version = \"0.1.0\"");
    let _ = writeln!(out, "edition = \"2021\"");
    let _ = writeln!(out, "description = {}", toml_string(&description));
    let _ = writeln!(out, "publish = false");
    let _ = writeln!(out);
    let _ = writeln!(out, "[dependencies]");
    let _ = writeln!(out, "oagen-runtime = {runtime}");
    for (name, version) in spec.dependencies {
        let _ = writeln!(out, "{name} = {}", dependency_value(version));
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "[features]");
    for (name, value) in crate::bundled_runtime::features() {
        if name == "default" {
            let value = crate::krate_features::default_value(value, api);
            let _ = writeln!(out, "{name} = {value}");
        } else {
            let _ = writeln!(out, "{name} = [\"oagen-runtime/{name}\"]");
        }
    }
    out.push_str(&crate::krate_features::tag_features(api));
    out
}

fn lib_rs(spec: &CrateSpec<'_>, api: &Api, code: &str) -> String {
    let what = if spec.client {
        "Typed async client"
    } else {
        "Serde models"
    };
    // The header is doc text like any other: every line from `markdown_lines`, so nothing in the
    // spec's title or version (or the command line) can end the comment or start a doc test.
    let header = format!(
        "{}.\n\nGenerated by oagen {} from {}; see README.md for usage. Do not edit: regenerate with\n{}.",
        what_for(what, api),
        env!("CARGO_PKG_VERSION"),
        inline_code(spec.spec),
        inline_code(spec.command)
    );
    let mut out = String::new();
    for line in markdown_lines(&header) {
        let _ = match line.as_str() {
            "" => writeln!(out, "//!"),
            line => writeln!(out, "//! {line}"),
        };
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "/// The runtime the generated code is built on, re-exported so its types (`Error`,"
    );
    let _ = writeln!(
        out,
        "/// `DateTime`, `Secret`, ...) can be named without depending on it separately."
    );
    let _ = writeln!(out, "pub use oagen_runtime;");
    let _ = writeln!(out);
    out.push_str(code);
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

fn readme(spec: &CrateSpec<'_>, api: &Api) -> String {
    let lib = spec.name.replace('-', "_");
    let mut out = format!("# {}\n\n", spec.name);
    let what = if spec.client {
        "A typed async Rust client"
    } else {
        "Serde models"
    };
    // Title and version are one line each, so this is one line of Markdown.
    let heading = format!(
        "{what} for **{}** (version {}), generated by oagen from {}.",
        one_line(&api.title),
        one_line(&api.version),
        inline_code(spec.spec)
    );
    let _ = writeln!(out, "{}", markdown_lines(&heading).join(" "));
    if let Some(description) = &api.description {
        let first = description.trim().split("\n\n").next().unwrap_or_default();
        if !first.trim().is_empty() {
            let _ = writeln!(out, "\n{}", markdown_lines(first).join("\n"));
        }
    }
    let _ = writeln!(out, "\n## Usage\n");
    let _ = writeln!(
        out,
        "Vendor this directory (for example as `vendor/{}`) and depend on it by path:\n",
        spec.name
    );
    let _ = writeln!(
        out,
        "```toml\n[dependencies]\n{} = {{ path = \"vendor/{}\" }}\n```\n",
        spec.name, spec.name
    );
    out.push_str(&example(&lib, api, spec.client));
    if spec.client {
        out.push_str(&features_section(spec.name));
    }
    out.push_str(&crate::krate_features::readme_section(spec.name, api));
    let _ = writeln!(out, "\n## Regenerating\n");
    let _ = writeln!(
        out,
        "Everything here is generated: do not edit it. After changing the spec, run\n\n```sh\n{}\n```\n",
        escape_controls(spec.command)
    );
    let check = spec.command.replacen("oagen generate", "oagen check", 1);
    let _ = writeln!(
        out,
        "and {} in CI fails (exit status 1, with a diff summary) when this copy is stale.",
        inline_code(&check)
    );
    out
}

/// How to pick the TLS backend and HTTP/2: the crate's features are the runtime's, forwarded.
fn features_section(name: &str) -> String {
    let features = crate::bundled_runtime::features();
    let default: Vec<String> = features
        .iter()
        .find(|(feature, _)| *feature == "default")
        .map_or("", |(_, value)| value.trim_matches(['[', ']']))
        .split(',')
        .map(|name| name.trim().trim_matches('"'))
        .filter(|name| !name.is_empty())
        .map(|name| format!("`{name}`"))
        .collect();
    let choices: Vec<String> = features
        .iter()
        .filter(|(feature, _)| *feature != "default")
        .map(|(feature, _)| format!("`{feature}`"))
        .collect();
    format!(
        "\n## Features: TLS, HTTP/2\n\nThe crate's features are oagen-runtime's, forwarded: {} \
         (default {}); the runtime's `Cargo.toml` says what each pulls in. HTTPS goes through \
         the TLS backend one of them picks. `native-tls` is the platform's TLS: OpenSSL on \
         Linux, found with pkg-config, so its development package (`libssl-dev`, \
         `openssl-devel`) must be installed; the system's own on macOS and Windows. `rustls` \
         needs no system library but compiles aws-lc from C source. `http2` speaks HTTP/2 with \
         servers that offer it (HTTP/1.1 otherwise). To choose another TLS backend, turn the \
         default off:\n\n```toml\n[dependencies]\n\
         {name} = {{ path = \"vendor/{name}\", default-features = false, features = [\"rustls\"] }}\n```\n",
        choices.join(", "),
        default.join(", "),
    )
}

/// The usage example: build the client and call one operation, or decode one model.
fn example(lib: &str, api: &Api, client: bool) -> String {
    if !client {
        let Some(def) = api.types.values().next() else {
            return "The spec defines no types.\n".to_owned();
        };
        let name = def.name();
        return format!(
            "The crate has the spec's types, with serde support:\n\n```rust\nuse {lib}::oagen_runtime::serde_json;\n\nfn decode(json: &str) -> Result<{lib}::{name}, serde_json::Error> {{\n    serde_json::from_str(json)\n}}\n```\n"
        );
    }
    let Some(operation) = api
        .operations
        .iter()
        .find(|operation| simple_arguments(operation))
        .or(api.operations.first())
    else {
        return "The spec defines no operations; the crate has its types and a `Client` to build on.\n".to_owned();
    };
    let mut parameters = Vec::new();
    let mut arguments = Vec::new();
    // Lowering put the parameters in call order.
    for parameter in &operation.parameters {
        // Raw identifiers (`r#type`) stay raw: the example is code.
        let name = parameter.rust_name.as_str();
        match (&parameter.ty, parameter.required) {
            (_, false) => arguments.push("None".to_owned()),
            (TypeRef::String, true) => arguments.push(format!("{:?}", parameter.wire_name)),
            (ty, true) => {
                parameters.push(format!("{name}: {}", argument_type(lib, ty)));
                arguments.push(name.to_owned());
            }
        }
    }
    if let Some(body) = &operation.body {
        parameters.push(format!("body: &{}", type_text(lib, &body.ty)));
        arguments.push("body".to_owned());
    }
    let mut credentials = String::new();
    let schemes = operation
        .security
        .first()
        .into_iter()
        .flatten()
        .filter_map(|requirement| api.security_schemes.get(&requirement.scheme));
    for scheme in schemes {
        let value = match &scheme.scheme {
            SecurityScheme::Bearer { .. } => "\"your access token\"".to_owned(),
            SecurityScheme::ApiKey { name, .. } => {
                Literal::string(&format!("your {name}")).to_string()
            }
            SecurityScheme::Basic { .. } => "\"user\", \"password\"".to_owned(),
        };
        let _ = write!(credentials, "\n        .{}({value})", scheme.setter);
    }
    let fn_name = &operation.fn_name;
    // The route and operationId are the spec's: inline code, escaped, in a comment of one line.
    let route = inline_code(&format!("{} {}", operation.method, operation.path));
    format!(
        "Build a client (it defaults to the spec's server; `base_url` changes that) and call an \
         operation; every operation is an `async fn` on `Client`:\n\n```rust\nuse {lib}::Client;\n\n/// {route} ({id}).\nasync fn {fn_name}({parameters}) -> Result<(), Box<dyn std::error::Error>> {{\n    let client = Client::builder(){credentials}\n        .build()?;\n    let response = client.{fn_name}({arguments}).await?;\n    println!(\"{{}}\", response.status());\n    Ok(())\n}}\n```\n",
        id = inline_code(&operation.operation_id),
        parameters = parameters.join(", "),
        arguments = arguments.join(", "),
    )
}

/// Whether the example can spell every required argument's type.
fn simple_arguments(operation: &Operation) -> bool {
    fn simple(ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Custom(_) | TypeRef::Binary => false,
            TypeRef::Array(item) | TypeRef::Map(item) => simple(item),
            TypeRef::Tuple(items) => items.iter().all(simple),
            _ => true,
        }
    }
    operation
        .parameters
        .iter()
        .filter(|parameter| parameter.required)
        .all(|parameter| simple(&parameter.ty))
        && operation.body.as_ref().is_none_or(|body| simple(&body.ty))
}

/// How the generated method takes a required parameter of type `ty`.
fn argument_type(lib: &str, ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "&str".to_owned(),
        TypeRef::Array(item) => format!("&[{}]", type_text(lib, item)),
        ty if ty.is_numeric() || matches!(ty, TypeRef::Bool | TypeRef::DateTime) => {
            type_text(lib, ty)
        }
        other => format!("&{}", type_text(lib, other)),
    }
}

/// `ty` as the crate's users spell it.
fn type_text(lib: &str, ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "String".to_owned(),
        TypeRef::Bool => "bool".to_owned(),
        TypeRef::I8 => "i8".to_owned(),
        TypeRef::I16 => "i16".to_owned(),
        TypeRef::I32 => "i32".to_owned(),
        TypeRef::I64 => "i64".to_owned(),
        TypeRef::U8 => "u8".to_owned(),
        TypeRef::U16 => "u16".to_owned(),
        TypeRef::U32 => "u32".to_owned(),
        TypeRef::U64 => "u64".to_owned(),
        TypeRef::F32 => "f32".to_owned(),
        TypeRef::F64 => "f64".to_owned(),
        TypeRef::DateTime => format!("{lib}::oagen_runtime::DateTime"),
        TypeRef::Binary => format!("{lib}::oagen_runtime::Binary"),
        TypeRef::Base64Bytes => format!("{lib}::oagen_runtime::Base64Bytes"),
        TypeRef::Json => format!("{lib}::oagen_runtime::serde_json::Value"),
        TypeRef::Custom(path) => path.clone(),
        TypeRef::Named(name) => format!("{lib}::{name}"),
        TypeRef::Array(item) => format!("Vec<{}>", type_text(lib, item)),
        TypeRef::Map(item) => format!(
            "std::collections::BTreeMap<String, {}>",
            type_text(lib, item)
        ),
        TypeRef::Tuple(items) => {
            let items: Vec<String> = items.iter().map(|item| type_text(lib, item)).collect();
            // One item needs its comma to be a tuple: `(A,)`.
            match items.as_slice() {
                [only] => format!("({only},)"),
                _ => format!("({})", items.join(", ")),
            }
        }
    }
}

#[cfg(test)]
#[path = "krate_text_tests.rs"]
mod text_tests;

#[cfg(test)]
mod tests {
    use super::*;

    fn roots(text: &str, relative: bool) -> Vec<String> {
        path_roots(text.parse().unwrap(), relative)
            .into_iter()
            .collect()
    }

    #[test]
    fn absolute_path_roots_are_found_anywhere() {
        let code = "pub struct A { at: ::chrono::DateTime<::chrono::Utc>, b: Vec<::std::string::String> } \
                    impl A { fn f(&self) -> ::std::result::Result<(), ()> { <T as ::serde::Serialize>::x(); Foo::bar::baz(); Ok(()) } }";
        assert_eq!(roots(code, false), ["chrono", "serde", "std"]);
    }

    #[test]
    fn relative_roots_only_where_asked() {
        assert_eq!(roots("chrono::DateTime<chrono::Utc>", true), ["chrono"]);
        assert!(roots("chrono::DateTime<chrono::Utc>", false).is_empty());
        assert_eq!(
            roots("#[derive(::std::hash::Hash, fake::Dummy)]", true),
            ["fake", "std"]
        );
        assert!(roots("Hash", true).is_empty());
    }

    #[test]
    fn tuples_are_spelled_as_rust_writes_them() {
        let pair = TypeRef::Tuple(vec![TypeRef::I64, TypeRef::Named("Point".to_owned())]);
        assert_eq!(type_text("api", &pair), "(i64, api::Point)");
        let single = TypeRef::Tuple(vec![TypeRef::F64]);
        assert_eq!(type_text("api", &single), "(f64,)");
        assert_eq!(argument_type("api", &single), "&(f64,)");
    }

    #[test]
    fn toml_strings_are_escaped() {
        assert_eq!(toml_string(r#"a "b" \ c"#), r#""a \"b\" \\ c""#);
        assert_eq!(dependency_value("0.4"), "\"0.4\"");
        assert_eq!(
            dependency_value("{ version = \"0.4\" }"),
            "{ version = \"0.4\" }"
        );
    }
}
