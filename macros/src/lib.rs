//! [`generate_api!`]: oagen's OpenAPI 3.0 and 3.1 generator as a procedural macro, for those who prefer
//! a macro call to a build script. It runs the same generator with the same settings as
//! `oagen::Config` (and the `oagen` command), and expands to the generated module's items.
//!
//! The crate using the macro needs `oagen-runtime` as a dependency, as with any generated code.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use oagen::Config;
use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::parse::{Parse, ParseStream};
use syn::{Ident, LitBool, LitStr, Token};

/// Expands to the Rust generated from an OpenAPI 3.0 or 3.1 document: the models and (unless
/// `client = false`) the async `Client`, as items of the module the macro is called in.
///
/// ```no_run
/// mod rocketchat {
///     oagen_macros::generate_api!("../spec/rocketchat.yaml");
/// }
///
/// let client = rocketchat::Client::builder()
///     .auth_token("token")
///     .user_id("user")
///     .build()
///     .unwrap();
/// let body = rocketchat::CustomUserStatusUpdate::new("id", "lunch", "away");
/// # let _ = (client, body);
/// ```
///
/// The path is relative to the calling crate's directory (`CARGO_MANIFEST_DIR`), like the paths
/// a build script sees. The spec is tracked: editing it recompiles the crate.
///
/// Settings follow the path, each at most once, named as the `oagen::Config` methods; the
/// pair settings take `{ "key" => "value", ... }` and may repeat a key:
///
/// ```
/// mod statuses {
///     oagen_macros::generate_api!(
///         "../spec/rocketchat.yaml",
///         strict = true,                          // warnings are errors
///         client = false,                         // models only
///         operations = ["updateCustomUserStatus"],
///         tags = ["Custom User Status"],
///         map_format = { "date-time" => "::std::string::String" },
///         derive = { "FailureResponse" => "::std::cmp::Eq", "FailureResponse" => "::std::hash::Hash" },
///         type_attribute = { "*" => "#[doc(alias = \"rocketchat\")]" },
///         field_attribute = { "CustomUserStatus._id" => "#[doc(alias = \"_id\")]" },
///     );
/// }
///
/// let status = statuses::CustomUserStatus::default().updated_at("2024-05-01T09:00:00Z".to_owned());
/// assert_eq!(status.updated_at.as_deref(), Some("2024-05-01T09:00:00Z"));
/// ```
///
/// When the spec cannot be generated, the compile error points at the path literal and carries
/// the generator's whole message: file, JSON pointer and what is wrong. Warnings (constructs
/// skipped or approximated) become deprecation warnings at the same place, since a stable
/// procedural macro has no other way to warn; `strict = true` turns them into errors.
#[proc_macro]
pub fn generate_api(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    let input = syn::parse_macro_input!(input as Input);
    match expand(&input.spec, &input.config, &manifest_dir()) {
        Ok(tokens) => tokens.into(),
        Err(message) => syn::Error::new(input.spec.span(), message)
            .to_compile_error()
            .into(),
    }
}

/// The calling crate's directory, where relative spec paths start.
fn manifest_dir() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR").map_or_else(PathBuf::new, PathBuf::from)
}

/// The macro's input: the spec path and the generator settings.
struct Input {
    spec: LitStr,
    config: Config,
}

/// The settings the macro takes, for error messages.
const SETTINGS: &str =
    "strict, client, operations, tags, map_format, derive, type_attribute, field_attribute";

impl Parse for Input {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        if !input.peek(LitStr) {
            return Err(input.error(
                "expected the spec's path as a string literal: generate_api!(\"spec/api.yaml\")",
            ));
        }
        let spec: LitStr = input.parse()?;
        let mut config = Config::new();
        let mut seen = BTreeSet::new();
        while !input.is_empty() {
            input.parse::<Token![,]>()?;
            if input.is_empty() {
                break;
            }
            let name: Ident = input.parse()?;
            let key = name.to_string();
            if !SETTINGS.split(", ").any(|setting| setting == key) {
                return Err(syn::Error::new(
                    name.span(),
                    format!("unknown setting `{key}`; the settings are: {SETTINGS}"),
                ));
            }
            if !seen.insert(key.clone()) {
                return Err(syn::Error::new(
                    name.span(),
                    format!("`{key}` is given twice"),
                ));
            }
            input.parse::<Token![=]>()?;
            match key.as_str() {
                "strict" => {
                    config.strict(input.parse::<LitBool>()?.value);
                }
                "client" => {
                    config.client(input.parse::<LitBool>()?.value);
                }
                "operations" => {
                    config.operations(strings(input)?);
                }
                "tags" => {
                    config.tags(strings(input)?);
                }
                "map_format" => {
                    for (format, rust_type) in pairs(input)? {
                        config.map_format(format, rust_type);
                    }
                }
                "derive" => {
                    for (type_name, path) in pairs(input)? {
                        config.derive(type_name, path);
                    }
                }
                "type_attribute" => {
                    for (type_name, attribute) in pairs(input)? {
                        config.type_attribute(type_name, attribute);
                    }
                }
                _ => {
                    for (field, attribute) in pairs(input)? {
                        config.field_attribute(field, attribute);
                    }
                }
            }
        }
        Ok(Input { spec, config })
    }
}

/// `["a", "b"]`.
fn strings(input: ParseStream<'_>) -> syn::Result<Vec<String>> {
    let content;
    syn::bracketed!(content in input);
    let list = content.parse_terminated(<LitStr as Parse>::parse, Token![,])?;
    Ok(list.iter().map(LitStr::value).collect())
}

/// `{ "a" => "b", "c" => "d" }`; keys may repeat (two derives for one type).
fn pairs(input: ParseStream<'_>) -> syn::Result<Vec<(String, String)>> {
    let content;
    syn::braced!(content in input);
    let list = content.parse_terminated(
        |pair: ParseStream<'_>| {
            let key: LitStr = pair.parse()?;
            pair.parse::<Token![=>]>()?;
            let value: LitStr = pair.parse()?;
            Ok((key.value(), value.value()))
        },
        Token![,],
    )?;
    Ok(list.into_iter().collect())
}

/// The macro's work as a plain function, testable without a compiler: reads the spec named by
/// the literal (relative to `base`), generates with `config`, and returns the items, or the
/// generator's message for a compile error at the literal.
///
/// The expansion starts with `include_bytes!` of the spec, which is how cargo learns that the
/// crate depends on the file and must be rebuilt when it changes.
fn expand(spec: &LitStr, config: &Config, base: &Path) -> Result<TokenStream, String> {
    let written = spec.value();
    let path = base.join(&written);
    let text = std::fs::read_to_string(&path).map_err(|error| {
        format!(
            "{written}: cannot read the spec ({}): {error}; relative paths start at the crate's directory (CARGO_MANIFEST_DIR)",
            path.display()
        )
    })?;
    // Generated from the full path, so `$ref`s to files beside the spec resolve from its folder
    // whatever the compiler's working directory; messages name the file as the macro call does.
    let full = path.display().to_string();
    let generated = config
        .generate_text(&path, &text)
        .map_err(|error| error.to_string().replace(&full, &written))?;
    let code: TokenStream = generated.code.parse().map_err(|error| {
        format!("{written}: internal error: the generated code does not tokenize ({error}); please report this")
    })?;
    // The spec first, then every file its `$ref`s read: a change to any of them rebuilds.
    let tracked = generated.files.iter().map(|file| {
        file.canonicalize()
            .unwrap_or_else(|_| file.clone())
            .to_string_lossy()
            .into_owned()
    });
    let span = spec.span();
    let warnings = generated.warnings.iter().map(|warning| {
        let note = match warning.location {
            Some(location) => format!("oagen: {written}:{location}: {warning}"),
            None => format!("oagen: {written}: {warning}"),
        };
        quote_spanned! {span=>
            const _: () = {
                #[deprecated(note = #note)]
                struct OagenWarning;
                let _ = OagenWarning;
            };
        }
    });
    Ok(quote! {
        #(const _: &[u8] = ::core::include_bytes!(#tracked);)*
        #(#warnings)*
        #code
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proc_macro2::Span;

    fn here() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
    }

    fn literal(path: &str) -> LitStr {
        LitStr::new(path, Span::call_site())
    }

    #[test]
    fn dangling_reference_names_the_pointer() {
        let error = expand(
            &literal("tests/fixtures/dangling-ref.yaml"),
            &Config::new(),
            &here(),
        )
        .unwrap_err();
        assert!(
            error.starts_with("tests/fixtures/dangling-ref.yaml: the spec cannot be generated"),
            "{error}"
        );
        assert!(
            error.contains(
                "#/paths/~1pets/get/responses/200/content/application~1json/schema/items"
            ),
            "{error}"
        );
        assert!(
            error.contains("`$ref: #/components/schemas/Pett` points at nothing"),
            "{error}"
        );
    }

    #[test]
    fn missing_spec_says_where_it_looked() {
        let error = expand(&literal("no/such.yaml"), &Config::new(), &here()).unwrap_err();
        assert!(
            error.starts_with("no/such.yaml: cannot read the spec"),
            "{error}"
        );
        assert!(error.contains("CARGO_MANIFEST_DIR"), "{error}");
    }

    #[test]
    fn expansion_tracks_the_spec_and_holds_the_client() {
        let tokens = expand(&literal("../spec/rocketchat.yaml"), &Config::new(), &here())
            .unwrap()
            .to_string();
        let absolute = here()
            .join("../spec/rocketchat.yaml")
            .canonicalize()
            .unwrap();
        assert!(
            tokens.starts_with(&format!(
                "const _ : & [u8] = :: core :: include_bytes ! ({:?})",
                absolute.to_string_lossy()
            )),
            "{}",
            &tokens[..200]
        );
        assert!(tokens.contains("pub struct Client"));
        assert!(!tokens.contains("deprecated"));
    }

    #[test]
    fn files_named_by_refs_are_tracked_and_read_from_the_spec_folder() {
        // Relative to this crate, so the spec's folder is not the working directory.
        let spec = "../generator/tests/external_refs/openapi.yaml";
        let tokens = expand(&literal(spec), &Config::new(), &here())
            .unwrap()
            .to_string();
        let folder = here()
            .join("../generator/tests/external_refs")
            .canonicalize()
            .unwrap();
        for file in ["openapi.yaml", "schemas/common.yaml", "schemas/error.yaml"] {
            let tracked = format!(
                "include_bytes ! ({:?})",
                folder.join(file).to_string_lossy()
            );
            assert!(tokens.contains(&tracked), "{file} is not tracked");
        }
        assert!(tokens.contains("pub struct Pet"));
    }

    #[test]
    fn settings_reach_the_generator() {
        let input: Input = syn::parse_str(
            r#""../spec/rocketchat.yaml", client = false, derive = { "FailureResponse" => "::std::cmp::Eq" },"#,
        )
        .unwrap();
        let tokens = expand(&input.spec, &input.config, &here())
            .unwrap()
            .to_string();
        assert!(!tokens.contains("pub struct Client"));
        // The generator writes the derive by its prelude name, as for its own derives.
        assert!(tokens.contains("# [derive (Eq)]"));
    }

    #[test]
    fn warnings_become_deprecation_notes_and_strict_makes_them_errors() {
        let spec = literal("tests/fixtures/callback.yaml");
        let tokens = expand(&spec, &Config::new(), &here()).unwrap().to_string();
        assert!(
            tokens.contains("deprecated (note = \"oagen: tests/fixtures/callback.yaml:14:7: warning: #/paths/~1subscriptions/post/callbacks:"),
            "{tokens}"
        );
        let error = expand(&spec, Config::new().strict(true), &here()).unwrap_err();
        assert!(
            error.contains("error: #/paths/~1subscriptions/post/callbacks"),
            "{error}"
        );
    }

    #[test]
    fn every_setting_parses() {
        let input: Input = syn::parse_str(
            r##""x.yaml", strict = true, client = false, operations = ["a", "b"], tags = ["t"],
                map_format = { "date-time" => "::chrono::DateTime<::chrono::Utc>" },
                derive = { "*" => "::std::hash::Hash", "*" => "::std::cmp::Eq" },
                type_attribute = { "T" => "#[non_exhaustive]" },
                field_attribute = { "T.f" => "#[deprecated]" }"##,
        )
        .unwrap();
        assert_eq!(input.spec.value(), "x.yaml");
    }

    #[test]
    fn mistakes_in_the_call_are_named() {
        let message = |text: &str| match syn::parse_str::<Input>(text) {
            Ok(_) => panic!("{text} should be refused"),
            Err(error) => error.to_string(),
        };
        assert!(message("x").contains("expected the spec's path as a string literal"));
        assert!(message(r#""x.yaml", colour = true"#).contains("unknown setting `colour`"));
        assert!(message(r#""x.yaml", strict = true, strict = false"#).contains("given twice"));
        assert!(message(r#""x.yaml", strict = "yes""#).contains("boolean literal"));
        assert!(message(r#""x.yaml", tags = "t""#).contains("expected square brackets"));
    }
}
