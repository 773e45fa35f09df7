//! `Config`: the whole build-script API. The core (`generate_*`) is pure and returns source in
//! memory; only `compile_specs` touches the file system and speaks cargo's protocol.

use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Error, Severity};
use crate::ir::Api;
use crate::{check, emit, load, lower};

/// Settings for one generation run, built with chained `&mut self` calls as in prost-build.
#[derive(Debug, Clone, Default)]
pub struct Config {
    strict: bool,
    out_dir: Option<PathBuf>,
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
        let loaded = load::read_file(path)?;
        self.generate_spec(path, loaded)
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
        self.generate_spec(path, loaded)
    }

    fn generate_spec(&self, path: &Path, loaded: load::Loaded) -> Result<Generated, Error> {
        let lowered = lower::lower(&loaded.spec);
        let mut diagnostics = loaded.warnings;
        diagnostics.extend(lowered.diagnostics);
        diagnostics.extend(check::check(&lowered.api));
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
        let code = emit::emit(&lowered.api).map_err(|error| Error::Emit {
            file: path.to_owned(),
            message: error.to_string(),
        })?;
        Ok(Generated {
            code,
            api: lowered.api,
            warnings: diagnostics,
        })
    }

    /// For build scripts: generates each spec into `<out_dir>/<file stem>.rs`, writing only when
    /// the content changed, and prints `cargo:rerun-if-changed` for each spec so cargo reruns the
    /// build script exactly when a spec is edited. Warnings become `cargo:warning` lines.
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
            None => std::env::var_os("OUT_DIR").map(PathBuf::from).ok_or_else(|| Error::Invalid {
                file: PathBuf::from("OUT_DIR"),
                pointer: "#".to_owned(),
                message: "OUT_DIR is not set: compile_specs is meant to run from build.rs (or set Config::out_dir)".to_owned(),
            })?,
        };
        for spec in specs {
            let spec = spec.as_ref();
            println!("cargo:rerun-if-changed={}", spec.display());
            let generated = self.generate_file(spec)?;
            for warning in &generated.warnings {
                println!("cargo:warning={}: {warning}", spec.display());
            }
            let stem = spec
                .file_stem()
                .map_or_else(|| "api".into(), |stem| stem.to_string_lossy().into_owned());
            let target = out_dir.join(format!("{stem}.rs"));
            write_if_changed(&target, &generated.code)?;
        }
        Ok(())
    }
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
