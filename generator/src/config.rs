//! `Config`: the whole build-script API. The core (`generate_*`) is pure and returns source in
//! memory; only `compile_specs` touches the file system and speaks cargo's protocol.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use proc_macro2::TokenStream;

use crate::error::{Diagnostic, Error, Located, Severity};
use crate::ir::Api;
use crate::locate::Source;
use crate::{check, emit, load, lower, Reading};

/// Settings for one generation run, built with chained `&mut self` calls as in prost-build.
#[derive(Debug, Clone)]
pub struct Config {
    strict: bool,
    client: bool,
    out_dir: Option<PathBuf>,
    output_names: BTreeMap<PathBuf, String>,
    operations: Option<BTreeSet<String>>,
    tags: Option<BTreeSet<String>>,
    format_map: BTreeMap<String, String>,
    type_attributes: Vec<(String, String)>,
    field_attributes: Vec<(String, String)>,
    module_layout: ModuleLayout,
}

/// How the generated items are arranged in modules ([`Config::module_layout`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ModuleLayout {
    /// Everything in one module (the default).
    #[default]
    Flat,
    /// One private module per tag (by each operation's first tag; the operations without one
    /// in `untagged`), holding its operations' methods and the types and error enums only they
    /// use, and one (`unreferenced`) for the types no operation uses; what several of them share
    /// is in a module of its own (`shared`, numbered), what all share at the root with the
    /// client. Every item is re-exported at the root, so paths are the same as with
    /// [`ModuleLayout::Flat`].
    ByTag,
    /// As [`ModuleLayout::ByTag`], with each group's module behind `#[cfg(feature = "...")]`
    /// (the module name in kebab case; `Generated::api`'s `layout` lists them) and each shared
    /// module behind `#[cfg(any(...))]` of its groups' features, for a crate
    /// that declares those features: `oagen generate --crate NAME --split-by-tag` writes such
    /// a crate, with a `full` feature turning on all of them.
    ByTagFeatures,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            strict: false,
            client: true,
            out_dir: None,
            output_names: BTreeMap::new(),
            operations: None,
            tags: None,
            format_map: BTreeMap::new(),
            type_attributes: Vec::new(),
            field_attributes: Vec::new(),
            module_layout: ModuleLayout::Flat,
        }
    }
}

/// The result of generating one spec.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The formatted Rust source of the module.
    pub code: String,
    /// The resolved IR it was emitted from (for summaries and tools).
    pub api: Api,
    /// Warnings: constructs skipped or approximated.
    pub warnings: Vec<Diagnostic>,
    /// Every file read: the spec first (as given), then the files its `$ref`s name, below the
    /// spec's folder as given (for `cargo:rerun-if-changed` and the like).
    pub files: Vec<PathBuf>,
    /// The OpenAPI version read, and how often each 3.1 construct was interpreted.
    pub reading: Reading,
}

impl Config {
    /// Default settings: warnings do not fail generation; output goes to `OUT_DIR`.
    ///
    /// ```
    /// let config = oagen::Config::new();
    /// # let _ = config;
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Treat warnings (skipped or approximated constructs) as errors.
    ///
    /// ```
    /// let mut config = oagen::Config::new();
    /// config.strict(true);
    /// ```
    pub fn strict(&mut self, strict: bool) -> &mut Self {
        self.strict = strict;
        self
    }

    /// Emits the HTTP client (the default) or, with `false`, only the models.
    ///
    /// ```
    /// let spec = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/rocketchat.yaml");
    /// let models = oagen::Config::new().client(false).generate_file(spec).unwrap();
    /// assert!(!models.code.contains("pub struct Client"));
    /// ```
    pub fn client(&mut self, enabled: bool) -> &mut Self {
        self.client = enabled;
        self
    }

    /// Generates only these operations (by `operationId`; one without an id goes by
    /// `<method>_<path>`, e.g. `get_/users`); may be combined with [`Config::tags`], and then
    /// an operation must pass both.
    ///
    /// The selection is made before anything is decided across operations, so the output is
    /// what a spec holding only the kept operations would give: their error enums (named over
    /// them alone: `ApiError` when all of them share one), only the types they reach (component
    /// schemas no kept operation uses are left out; without a selection every component is
    /// generated), and setters only for the security schemes they use.
    ///
    /// ```
    /// let spec = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/lineworks.yaml");
    /// let generated = oagen::Config::new()
    ///     .operations(["listUserProfileStatuses"])
    ///     .generate_file(spec)
    ///     .unwrap();
    /// assert_eq!(generated.api.operations.len(), 1);
    /// ```
    pub fn operations<I, S>(&mut self, operation_ids: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.operations = Some(operation_ids.into_iter().map(Into::into).collect());
        self
    }

    /// Generates only operations carrying one of these tags (what is left out is as for
    /// [`Config::operations`]).
    ///
    /// ```
    /// let spec = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/lineworks.yaml");
    /// let generated = oagen::Config::new().tags(["Directory"]).generate_file(spec).unwrap();
    /// assert!(generated.api.operations.iter().all(|op| op.tags.contains(&"Directory".to_owned())));
    /// ```
    pub fn tags<I, S>(&mut self, tags: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.tags = Some(tags.into_iter().map(Into::into).collect());
        self
    }

    /// Uses your own Rust type for a string `format`, e.g. `uuid` -> `::uuid::Uuid` or
    /// `date-time` -> `::chrono::DateTime<::chrono::Utc>`. The type must implement serde's traits
    /// and `Display` (for parameters).
    ///
    /// ```
    /// // A fixture with a `date-time` property (an `x-oagen-rules` `ordered` rule still needs the
    /// // runtime's `DateTime`, so LINE WORKS' request times cannot be mapped).
    /// let spec = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/read-write-only.yaml");
    /// let generated = oagen::Config::new()
    ///     .map_format("date-time", "::chrono::DateTime<::chrono::Utc>")
    ///     .generate_file(spec)
    ///     .unwrap();
    /// assert!(generated.code.contains("::chrono::DateTime<::chrono::Utc>"));
    /// ```
    pub fn map_format(
        &mut self,
        format: impl Into<String>,
        rust_type: impl Into<String>,
    ) -> &mut Self {
        self.format_map.insert(format.into(), rust_type.into());
        self
    }

    /// Adds attributes (e.g. `#[derive(Eq)]` or `#[non_exhaustive]`) to a generated type, by
    /// its Rust name, or to every type with `*`.
    ///
    /// ```
    /// let spec = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/rocketchat.yaml");
    /// let generated = oagen::Config::new()
    ///     .type_attribute("CustomUserStatus", "#[non_exhaustive]")
    ///     .generate_file(spec)
    ///     .unwrap();
    /// assert!(generated.code.contains("#[non_exhaustive]\npub struct CustomUserStatus"));
    /// ```
    pub fn type_attribute(
        &mut self,
        type_name: impl Into<String>,
        attribute: impl Into<String>,
    ) -> &mut Self {
        self.type_attributes
            .push((type_name.into(), attribute.into()));
        self
    }

    /// Adds a derive to a generated type (or `*` for all): `derive("*", "::std::hash::Hash")`.
    ///
    /// ```
    /// let spec = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/rocketchat.yaml");
    /// let generated = oagen::Config::new()
    ///     .derive("FailureResponse", "::std::cmp::Eq")
    ///     .generate_file(spec)
    ///     .unwrap();
    /// // Paths the prelude covers are written short, like the generator's own.
    /// assert!(generated.code.contains("#[derive(Eq)]"));
    /// ```
    pub fn derive(&mut self, type_name: impl Into<String>, path: impl AsRef<str>) -> &mut Self {
        let attribute = format!("#[derive({})]", path.as_ref());
        self.type_attribute(type_name, attribute)
    }

    /// Adds attributes to one field, named `Type.field` (Rust or JSON field name; `*` for any type).
    ///
    /// ```
    /// let spec = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/rocketchat.yaml");
    /// let generated = oagen::Config::new()
    ///     .field_attribute("CustomUserStatus._id", "#[deprecated]")
    ///     .generate_file(spec)
    ///     .unwrap();
    /// assert!(generated.code.contains("#[deprecated]"));
    /// ```
    pub fn field_attribute(
        &mut self,
        field: impl Into<String>,
        attribute: impl Into<String>,
    ) -> &mut Self {
        self.field_attributes.push((field.into(), attribute.into()));
        self
    }

    /// Arranges the items in modules: one per tag, so that a crate can compile only the tags it
    /// uses (see [`ModuleLayout`]). With [`Config::tags`] only the selected tags are generated.
    ///
    /// ```
    /// let spec = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/lineworks.yaml");
    /// let generated = oagen::Config::new()
    ///     .module_layout(oagen::ModuleLayout::ByTag)
    ///     .generate_file(spec)
    ///     .unwrap();
    /// assert!(generated.code.contains("mod directory {"));
    /// ```
    pub fn module_layout(&mut self, layout: ModuleLayout) -> &mut Self {
        self.module_layout = layout;
        self
    }

    /// Names the file `compile_specs` writes for `spec` (default: the spec's file stem), so
    /// `spec/v2/api.yaml` can become `OUT_DIR/api_v2.rs`.
    ///
    /// ```
    /// let mut config = oagen::Config::new();
    /// config.output_name("spec/lineworks.yaml", "lw");
    /// ```
    pub fn output_name(&mut self, spec: impl Into<PathBuf>, name: impl Into<String>) -> &mut Self {
        self.output_names.insert(spec.into(), name.into());
        self
    }

    /// Writes generated files here instead of `OUT_DIR`.
    ///
    /// ```
    /// let mut config = oagen::Config::new();
    /// config.out_dir(std::env::temp_dir());
    /// ```
    pub fn out_dir(&mut self, dir: impl Into<PathBuf>) -> &mut Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// Generates the module for the spec file at `path`.
    ///
    /// ```
    /// let spec = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/rocketchat.yaml");
    /// let generated = oagen::Config::new().generate_file(spec).unwrap();
    /// assert!(generated.code.contains("pub struct CustomUserStatus"));
    /// ```
    pub fn generate_file(&self, path: impl AsRef<Path>) -> Result<Generated, Error> {
        let path = path.as_ref();
        let text = load::read_text(path)?;
        let loaded = load::parse_loaded(path, &text)?;
        self.generate_spec(path, &text, loaded)
    }

    /// Generates from spec text; `path` names the file in diagnostics (`.json` selects JSON).
    ///
    /// ```
    /// let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n";
    /// let generated = oagen::Config::new().generate_text("inline.yaml", text).unwrap();
    /// assert!(generated.api.operations.is_empty());
    /// ```
    pub fn generate_text(&self, path: impl AsRef<Path>, text: &str) -> Result<Generated, Error> {
        let path = path.as_ref();
        let loaded = load::parse_loaded(path, text)?;
        self.generate_spec(path, text, loaded)
    }

    /// `text` is the spec's text, for the line and column of each diagnostic.
    fn generate_spec(
        &self,
        path: &Path,
        text: &str,
        mut loaded: load::Loaded,
    ) -> Result<Generated, Error> {
        let options = self.emit_options(path)?;
        let lower_options = lower::LowerOptions {
            format_map: self.format_map.clone(),
            selection: lower::Selection {
                operations: self.operations.clone(),
                tags: self.tags.clone(),
            },
            split_by_tag: self.module_layout != ModuleLayout::Flat,
            moved_schemas: loaded.moved_schemas(),
        };
        let lowered = lower::lower(&loaded.spec, &lower_options);
        let files = std::iter::once(path.to_owned())
            .chain(loaded.files.iter().cloned())
            .collect();
        let mut diagnostics = std::mem::take(&mut loaded.warnings);
        diagnostics.extend(lowered.diagnostics);
        diagnostics.extend(check::check(&lowered.api));
        let mut api = lowered.api;
        loaded.restore_pointers(&mut diagnostics, &mut api);
        let reading = loaded.reading;
        if !diagnostics.is_empty() {
            Source::new(path, text).locate_all(&mut diagnostics);
        }
        let failing = if self.strict {
            Severity::Warning
        } else {
            Severity::Error
        };
        if diagnostics.iter().any(|d| d.severity >= failing) {
            if self.strict {
                for diagnostic in &mut diagnostics {
                    diagnostic.severity = Severity::Error;
                }
            }
            return Err(Error::Spec {
                file: path.to_owned(),
                diagnostics,
            });
        }
        let code = emit::emit(&api, &options).map_err(|error| Error::Emit {
            file: path.to_owned(),
            message: error.to_string(),
        })?;
        Ok(Generated {
            code,
            api,
            warnings: diagnostics,
            files,
            reading,
        })
    }

    /// For build scripts: generates each spec into `<out_dir>/<file stem>.rs`, writing only when
    /// the content changed, and prints `cargo:rerun-if-changed` for each spec (and each file its
    /// `$ref`s name) so cargo reruns the build script exactly when one is edited. Warnings
    /// become `cargo:warning` lines.
    ///
    /// ```no_run
    /// // build.rs
    /// fn main() -> Result<(), oagen::Error> {
    ///     oagen::Config::new().compile_specs(&["spec/lineworks.yaml"])
    /// }
    /// ```
    pub fn compile_specs(&self, specs: &[impl AsRef<Path>]) -> Result<(), Error> {
        let out_dir = match &self.out_dir {
            Some(dir) => dir.clone(),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or(Error::OutDirUnset)?,
        };
        for spec in specs {
            let spec = spec.as_ref();
            println!("cargo:rerun-if-changed={}", spec.display());
            let generated = self.generate_file(spec)?;
            // The spec's own line is printed above, so a spec that fails still reruns.
            for file in generated.files.iter().skip(1) {
                println!("cargo:rerun-if-changed={}", file.display());
            }
            for warning in &generated.warnings {
                println!("cargo:warning={}", Located(spec, warning));
            }
            let stem = match self.output_names.get(spec) {
                Some(name) => name.clone(),
                None => spec
                    .file_stem()
                    .map_or_else(|| "api".into(), |stem| stem.to_string_lossy().into_owned()),
            };
            let target = out_dir.join(format!("{stem}.rs"));
            write_if_changed(&target, &generated.code)?;
        }
        Ok(())
    }
}

impl Config {
    /// Parses the user's attributes and mapped types once, reporting any that are not Rust.
    fn emit_options(&self, path: &Path) -> Result<emit::EmitOptions, Error> {
        let invalid = |setting: &'static str, text: &str, error: syn::Error| Error::InvalidRust {
            file: path.to_owned(),
            setting,
            text: text.to_owned(),
            message: error.to_string(),
        };
        let attributes = |what: &'static str,
                          list: &[(String, String)]|
         -> Result<Vec<(String, TokenStream)>, Error> {
            list.iter()
                .map(|(target, text)| {
                    let parsed = syn::parse::Parser::parse_str(syn::Attribute::parse_outer, text)
                        .map_err(|error| invalid(what, text, error))?;
                    Ok((
                        target.clone(),
                        parsed
                            .iter()
                            .map(quote::ToTokens::to_token_stream)
                            .collect(),
                    ))
                })
                .collect()
        };
        for rust_type in self.format_map.values() {
            syn::parse_str::<syn::Type>(rust_type)
                .map_err(|error| invalid("map_format", rust_type, error))?;
        }
        Ok(emit::EmitOptions {
            client: self.client,
            feature_gates: self.module_layout == ModuleLayout::ByTagFeatures,
            type_attributes: attributes("type_attribute", &self.type_attributes)?,
            field_attributes: attributes("field_attribute", &self.field_attributes)?,
        })
    }
}

/// For build scripts, the one-liner: generates every spec into `OUT_DIR` with default settings.
///
/// ```no_run
/// // build.rs
/// fn main() -> Result<(), oagen::Error> {
///     oagen::compile_specs(&["spec/lineworks.yaml", "spec/rocketchat.yaml"])
/// }
/// ```
pub fn compile_specs(specs: &[impl AsRef<Path>]) -> Result<(), Error> {
    Config::new().compile_specs(specs)
}

/// Leaves the file (and its mtime) alone when the content is the same, so nothing downstream
/// rebuilds for an unchanged spec.
fn write_if_changed(path: &Path, content: &str) -> Result<(), Error> {
    if std::fs::read_to_string(path).is_ok_and(|existing| existing == content) {
        return Ok(());
    }
    std::fs::write(path, content).map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
    })
}
