//! What a user of `generate_api!` sees from the compiler, checked by building a small crate with
//! cargo (no trybuild): a warning and an error that point at the macro call and carry the
//! generator's message, and a spec edit that recompiles the crate although no Rust changed.
//!
//! The crate is built in `target/oagen-cli-crate` (shared with the CLI's crate test, so the
//! runtime's dependencies are compiled once), pinned to the workspace's `Cargo.lock`.

use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_owned()
}

/// A scratch directory outside the workspace, so the crate is its own workspace root.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("src")).expect("scratch dir");
    dir
}

fn toml_path(path: &Path) -> String {
    format!("{:?}", path.display().to_string())
}

/// `cargo build` in `dir`: success, and everything cargo and rustc printed.
fn cargo_build(dir: &Path) -> (bool, String) {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args(["build", "--color", "never"])
        .current_dir(dir)
        .env(
            "CARGO_TARGET_DIR",
            workspace().join("target/oagen-cli-crate"),
        )
        .env_remove("RUSTFLAGS")
        .output()
        .expect("run cargo");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn warnings_and_errors_point_at_the_call_and_spec_edits_recompile() {
    let dir = scratch("oagen-macros-compile");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"uses-generate-api\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n\
             [dependencies]\noagen-macros = {{ path = {} }}\noagen-runtime = {{ path = {} }}\n",
            toml_path(&workspace().join("macros")),
            toml_path(&workspace().join("runtime")),
        ),
    )
    .expect("Cargo.toml");
    std::fs::copy(workspace().join("Cargo.lock"), dir.join("Cargo.lock")).expect("Cargo.lock");
    std::fs::create_dir_all(dir.join("spec")).expect("spec dir");
    let spec = dir.join("spec/api.yaml");
    std::fs::copy(fixtures.join("callback.yaml"), &spec).expect("spec");
    // The literal starts at line 3, column 33.
    std::fs::write(
        dir.join("src/lib.rs"),
        "//! Uses generate_api!.\npub mod api {\n    oagen_macros::generate_api!(\"spec/api.yaml\");\n}\n",
    )
    .expect("lib.rs");

    // A spec with a skipped operation: builds, with the generator's warning at the call.
    let (built, stderr) = cargo_build(&dir);
    assert!(built, "{stderr}");
    assert!(
        stderr.contains(
            "oagen: spec/api.yaml:14:7: warning: #/paths/~1subscriptions/post/callbacks: operation skipped"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("--> src/lib.rs:3:33"), "{stderr}");

    // Only the spec changes; the crate must be rebuilt and now fail, at the call. (The pause
    // keeps the edit's mtime past the build's on file systems with coarse timestamps.)
    std::thread::sleep(std::time::Duration::from_millis(1100));
    std::fs::copy(fixtures.join("dangling-ref.yaml"), &spec).expect("spec");
    let (built, stderr) = cargo_build(&dir);
    assert!(!built, "a dangling $ref must fail the build\n{stderr}");
    assert!(
        stderr.contains("error: spec/api.yaml: the spec cannot be generated:"),
        "{stderr}"
    );
    assert!(
        stderr.contains("#/paths/~1pets/get/responses/200/content/application~1json/schema/items: `$ref: #/components/schemas/Pett` points at nothing"),
        "{stderr}"
    );
    assert!(stderr.contains("--> src/lib.rs:3:33"), "{stderr}");

    let _ = std::fs::remove_dir_all(&dir);
}
