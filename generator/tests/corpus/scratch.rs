//! The scratch workspace the corpus test compiles generated code in.
//!
//! Layout, in the directory cargo gives integration tests for their files (`CARGO_TARGET_TMPDIR`,
//! that is `<target>/tmp`):
//!
//! ```text
//! <target>/tmp/oagen-corpus/
//!     Cargo.toml            [workspace] listing the spec crates; not part of the oagen workspace
//!     Cargo.lock            a copy of the project's lock, so dependency versions match it
//!     specs/<ident>/        one crate per spec: Cargo.toml, src/lib.rs, src/<ident>.rs (the code)
//!     target/               the scratch build directory, kept between runs
//!     report.md             the last table, for CI logs and artifacts
//! ```
//!
//! One crate per spec, rather than one crate with a module per spec, because rustc stops after
//! name resolution or parse errors without type-checking the rest of the crate: errors in one
//! spec's module would hide those of the others and pass them as compiled. Separate crates are
//! checked independently while sharing every dependency build in the one target directory.
//! Files are written only when their content changes, so an unchanged spec is not rechecked.
//!
//! The scratch build has a target directory of its own rather than the project's: a cargo
//! started from inside `cargo test` must not wait on a lock the outer cargo may hold (cargo
//! 1.95 releases it while tests run; cargo has held it in the past), and a project target
//! directory shared with rust-analyzer would make the test wait for it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde_json::Value;

/// Held while writing the scratch workspace and running cargo in it: the tests of this binary
/// run on parallel threads and must not edit files cargo is reading.
static SCRATCH_LOCK: Mutex<()> = Mutex::new(());

/// One compiler error, located in the generated code.
#[derive(Debug, Clone)]
pub struct CompileError {
    /// The error code, e.g. `E0412`, or the lint name for a denied warning; empty if none.
    pub code: String,
    /// `file:line:column` of the primary span, relative to the scratch workspace.
    pub location: String,
    /// The compiler's one-line message.
    pub message: String,
}

/// How `cargo clippy` (a check plus clippy's lints) went for one spec crate.
#[derive(Debug, Clone)]
pub enum CheckOutcome {
    /// Checked without errors, warnings or clippy lints (`#![deny(warnings)]`).
    Clean {
        /// Cargo reused the previous result: the generated code had not changed.
        fresh: bool,
    },
    /// The crate has errors (or cargo failed before reaching it).
    Failed {
        /// Compiler errors in the crate; empty when cargo failed for another reason.
        errors: Vec<CompileError>,
        /// The tail of cargo's stderr, for failures that are not compiler errors in the crate.
        cargo_stderr: String,
    },
}

impl CheckOutcome {
    fn failed_before_compiling(cargo_stderr: String) -> Self {
        CheckOutcome::Failed {
            errors: Vec::new(),
            cargo_stderr,
        }
    }
}

/// The result of checking one spec crate.
#[derive(Debug, Clone)]
pub struct CheckResult {
    /// What happened.
    pub outcome: CheckOutcome,
    /// Wall-clock time of this crate's `cargo clippy`.
    pub elapsed: Duration,
}

/// The scratch workspace: where it is and how to run cargo there.
pub struct Scratch {
    root: PathBuf,
    target: PathBuf,
    cargo: PathBuf,
}

impl Scratch {
    /// The scratch workspace, in the target directory's `tmp/`.
    pub fn new() -> Self {
        let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("oagen-corpus");
        let target = root.join("target");
        let cargo = std::env::var_os("CARGO")
            .or_else(|| option_env!("CARGO").map(Into::into))
            .map_or_else(|| PathBuf::from("cargo"), PathBuf::from);
        Scratch {
            root,
            target,
            cargo,
        }
    }

    /// The scratch workspace root.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Writes one crate per `(ident, code)` pair, the workspace manifest listing them and the
    /// lock file copied from the project; then checks the dependencies once and each crate on
    /// its own, so every crate gets its own time. Returns the dependency check's time and one
    /// result per crate.
    pub fn check(
        &self,
        crates: &[(String, String)],
    ) -> (Result<Duration, String>, Vec<CheckResult>) {
        let _guard = SCRATCH_LOCK
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let written: Vec<Result<(), String>> = crates
            .iter()
            .map(|(ident, code)| self.write_crate(ident, code))
            .collect();
        let members: Vec<&str> = crates
            .iter()
            .zip(&written)
            .filter(|(_, written)| written.is_ok())
            .map(|((ident, _), _)| ident.as_str())
            .collect();

        let start = Instant::now();
        let dependencies = self
            .write_workspace(&members)
            .and_then(|()| self.cargo_clippy("oagen-runtime"))
            .and_then(|run| {
                if run.success {
                    Ok(start.elapsed())
                } else {
                    let errors: Vec<String> = run.errors.values().flatten().map(render).collect();
                    Err(format!("{}{}", lines(&errors), tail(&run.stderr)))
                }
            });

        let results = crates
            .iter()
            .zip(written)
            .map(|((ident, _), written)| {
                let start = Instant::now();
                let outcome = match (written, &dependencies) {
                    (Err(message), _) => CheckOutcome::failed_before_compiling(message),
                    (Ok(()), Err(_)) => CheckOutcome::failed_before_compiling(
                        "not checked: the scratch workspace's dependencies do not build".into(),
                    ),
                    (Ok(()), Ok(_)) => self.check_crate(ident),
                };
                CheckResult {
                    outcome,
                    elapsed: start.elapsed(),
                }
            })
            .collect();
        (dependencies, results)
    }

    /// `cargo clippy` of one spec crate: clean only when cargo reports the crate's artifact and
    /// no error in it.
    fn check_crate(&self, ident: &str) -> CheckOutcome {
        let package = package_name(ident);
        let run = match self.cargo_clippy(&package) {
            Ok(run) => run,
            Err(message) => return CheckOutcome::failed_before_compiling(message),
        };
        let errors = run.errors.get(&package).cloned().unwrap_or_default();
        match run.artifacts.get(&package) {
            Some(&fresh) if run.success && errors.is_empty() => CheckOutcome::Clean { fresh },
            _ if errors.is_empty() => CheckOutcome::failed_before_compiling(tail(&run.stderr)),
            _ => CheckOutcome::Failed {
                errors,
                cargo_stderr: String::new(),
            },
        }
    }

    /// The workspace manifest lists exactly this run's crates, so a crate left from an earlier
    /// run (a spec that no longer generates) is not loaded; the lock is the project's.
    fn write_workspace(&self, members: &[&str]) -> Result<(), String> {
        let members: String = members
            .iter()
            .map(|ident| format!("    \"specs/{ident}\",\n"))
            .collect();
        let manifest = format!(
            "\
# Written by oagen's corpus test (generator/tests/corpus.rs) on every run.
# Not part of the oagen workspace: one crate per corpus spec, sharing ./target.
[workspace]
resolver = \"2\"
members = [
{members}]
"
        );
        write_if_changed(&self.root.join("Cargo.toml"), &manifest)?;
        // The project's lock pins every dependency of oagen-runtime: starting from it keeps the
        // scratch build on the versions the project tests, with no resolution of its own.
        let project_lock = project_root().join("Cargo.lock");
        let lock = std::fs::read_to_string(&project_lock)
            .map_err(|error| format!("{}: {error}", project_lock.display()))?;
        write_if_changed(&self.root.join("Cargo.lock"), &lock)
    }

    fn write_crate(&self, ident: &str, code: &str) -> Result<(), String> {
        let dir = self.root.join("specs").join(ident);
        let runtime = project_root().join("runtime");
        let manifest = format!(
            "\
[package]
name = \"{name}\"
version = \"0.0.0\"
edition = \"2021\"
publish = false

[lib]
path = \"src/lib.rs\"

[dependencies]
oagen-runtime = {{ path = \"{runtime}\" }}
",
            name = package_name(ident),
            runtime = toml_escape(&runtime.display().to_string()),
        );
        // As a consumer includes it: a public module of a crate that denies warnings.
        // `missing_docs` is allowed by default and stays so: corpus specs document little.
        let lib = format!(
            "//! The code oagen generates for the corpus spec `{ident}`.\n\
             #![deny(warnings)]\n\n\
             pub mod {ident};\n"
        );
        write_if_changed(&dir.join("Cargo.toml"), &manifest)?;
        write_if_changed(&dir.join("src").join("lib.rs"), &lib)?;
        write_if_changed(&dir.join("src").join(format!("{ident}.rs")), code)
    }

    /// Runs `cargo clippy -p <package>` with JSON messages and sorts them by package: the
    /// generated code must be clippy-clean as well as warning-free (the spec crates deny
    /// warnings, clippy's default lints included). Needs clippy (`rustup component add clippy`).
    fn cargo_clippy(&self, package: &str) -> Result<CargoRun, String> {
        let output = Command::new(&self.cargo)
            .arg("clippy")
            .arg("--manifest-path")
            .arg(self.root.join("Cargo.toml"))
            .arg("--target-dir")
            .arg(&self.target)
            .args(["-p", package, "--message-format=json", "--color=never"])
            .current_dir(&self.root)
            .env_remove("CARGO_TARGET_DIR")
            .env_remove("CARGO_BUILD_TARGET_DIR")
            .output()
            .map_err(|error| format!("cannot run {}: {error}", self.cargo.display()))?;
        let mut run = CargoRun {
            success: output.status.success(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
            ..CargoRun::default()
        };
        for line in String::from_utf8_lossy(&output.stdout).lines() {
            let Ok(message) = serde_json::from_str::<Value>(line) else {
                continue;
            };
            let target = message["target"]["name"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            match message["reason"].as_str() {
                Some("compiler-artifact") => {
                    let fresh = message["fresh"].as_bool().unwrap_or(false);
                    run.artifacts.insert(target, fresh);
                }
                Some("compiler-message") => {
                    if let Some(error) = compile_error(&message["message"]) {
                        run.errors.entry(target).or_default().push(error);
                    }
                }
                _ => {}
            }
        }
        Ok(run)
    }
}

/// What one `cargo clippy` reported, keyed by crate (lib target) name.
#[derive(Debug, Default)]
struct CargoRun {
    success: bool,
    stderr: String,
    artifacts: BTreeMap<String, bool>,
    errors: BTreeMap<String, Vec<CompileError>>,
}

/// An error-level diagnostic, or `None` for warnings, notes and the "aborting due to" summary.
fn compile_error(message: &Value) -> Option<CompileError> {
    let level = message["level"].as_str().unwrap_or_default();
    let text = message["message"].as_str().unwrap_or_default();
    if !level.starts_with("error") || text.starts_with("aborting due to") {
        return None;
    }
    let spans = message["spans"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default();
    let location = spans
        .iter()
        .find(|span| span["is_primary"].as_bool() == Some(true))
        .or_else(|| spans.first())
        .map(|span| {
            format!(
                "{}:{}:{}",
                span["file_name"].as_str().unwrap_or("?"),
                span["line_start"],
                span["column_start"]
            )
        })
        .unwrap_or_default();
    // For a warning denied by `#![deny(warnings)]` the code is the lint's name.
    let code = message["code"]["code"]
        .as_str()
        .map(str::to_owned)
        .unwrap_or_default();
    Some(CompileError {
        code,
        location,
        message: text.lines().next().unwrap_or_default().to_owned(),
    })
}

/// `location: [code] message`, one line.
pub fn render(error: &CompileError) -> String {
    if error.code.is_empty() {
        format!("{}: {}", error.location, error.message)
    } else {
        format!("{}: [{}] {}", error.location, error.code, error.message)
    }
}

fn lines(items: &[String]) -> String {
    items.iter().map(|item| format!("{item}\n")).collect()
}

/// The last lines of cargo's stderr, without its progress lines.
fn tail(stderr: &str) -> String {
    let kept: Vec<&str> = stderr
        .lines()
        .filter(|line| {
            let line = line.trim_start();
            ![
                "Compiling ",
                "Checking ",
                "Finished ",
                "Blocking ",
                "Locking ",
                "Adding ",
                "Removing ",
            ]
            .iter()
            .any(|progress| line.starts_with(progress))
        })
        .collect();
    kept[kept.len().saturating_sub(15)..].join("\n")
}

/// The scratch crate's package (and lib target) name for a spec identifier.
pub fn package_name(ident: &str) -> String {
    format!("corpus_{ident}")
}

/// The project root: the directory holding the workspace `Cargo.toml` and `Cargo.lock`.
pub fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the generator crate lives in the project root")
        .to_owned()
}

/// Leaves the file (and its mtime) alone when the content is the same, so cargo rechecks only
/// crates whose generated code changed.
pub fn write_if_changed(path: &Path, content: &str) -> Result<(), String> {
    if std::fs::read_to_string(path).is_ok_and(|existing| existing == content) {
        return Ok(());
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|error| format!("{}: {error}", dir.display()))?;
    }
    std::fs::write(path, content).map_err(|error| format!("{}: {error}", path.display()))
}

fn toml_escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
}
