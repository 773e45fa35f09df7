//! `$ref`s into files next to the spec: `external_refs/openapi.yaml` takes its schemas and a
//! parameter from `external_refs/schemas/`; references that would read anything else (a URL,
//! an absolute path, a file outside the spec's folder, a file that is not there) are refused
//! at the `$ref` that names them.

use std::path::{Path, PathBuf};

use oagen::{Config, Error, Location};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/external_refs")
}

/// A scratch folder, removed when dropped.
struct Folder(PathBuf);

impl std::ops::Deref for Folder {
    type Target = Path;

    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Folder {
    fn drop(&mut self) {
        // Best effort: a folder left behind in the temporary directory harms nothing.
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A fresh folder for one test: `<tmp>/<test>/`, with `files` (path, text) written below it.
fn scratch(test: &str, files: &[(&str, &str)]) -> Folder {
    let dir =
        std::env::temp_dir().join(format!("oagen-external-refs-{}-{test}", std::process::id()));
    if dir.exists() {
        std::fs::remove_dir_all(&dir).expect("an old scratch folder can be removed");
    }
    for (path, text) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("a folder");
        std::fs::write(path, text).expect("a file");
    }
    std::fs::create_dir_all(&dir).expect("the folder");
    Folder(dir)
}

/// The first lines of a spec whose one response schema (on line 12) is `$ref: <reference>`.
fn spec_referring_to(reference: &str) -> String {
    format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n    get:\n      \
         operationId: a\n      responses:\n        '200':\n          description: ok\n          \
         content:\n            application/json:\n              schema: {{$ref: '{reference}'}}\n"
    )
}

const POINTER: &str = "#/paths/~1a/get/responses/200/content/application~1json/schema";

#[test]
fn schemas_in_other_files_become_types() {
    let spec = fixture().join("openapi.yaml");
    let generated = Config::new()
        .generate_file(&spec)
        .expect("the spec generates");
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
    let code = &generated.code;
    for expected in [
        "pub struct Pet {\n    pub id: i64,\n    pub name: String,",
        "pub tag: Option<Tag>,",
        "pub struct Tag {\n    pub label: String,",
        "pub pets: Option<Vec<Pet>>,",
        // `Error` is the runtime's; the generator renames the schema `error` to keep both.
        "pub struct ErrorValue {\n    pub code: i32,\n    pub message: String,",
        "pub async fn get_pet(&self, id: i64)",
        "pub async fn list_pets(&self) -> Result<Response<Vec<Pet>>",
    ] {
        assert!(code.contains(expected), "missing {expected:?} in\n{code}");
    }
    // `Pet` is reached three times, from two spellings of the path: one type.
    assert_eq!(code.matches("pub struct Pet {").count(), 1, "{code}");
}

#[test]
fn every_file_read_is_listed_spec_first() {
    let spec = fixture().join("openapi.yaml");
    let generated = Config::new()
        .generate_file(&spec)
        .expect("the spec generates");
    let schemas = fixture().join("schemas");
    assert_eq!(
        generated.files,
        [
            spec.clone(),
            schemas.join("common.yaml"),
            schemas.join("error.yaml")
        ]
    );
    // What `compile_specs` prints `cargo:rerun-if-changed` for; its output is the same code.
    let out = scratch("compile", &[]);
    Config::new()
        .out_dir(out.to_path_buf())
        .compile_specs(&[&spec])
        .expect("compiles");
    let written = std::fs::read_to_string(out.join("openapi.rs")).expect("the output");
    assert_eq!(written, generated.code);
    // A spec without references into other files reads no other file.
    let alone = Config::new()
        .generate_text(
            "alone.yaml",
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n",
        )
        .expect("generates");
    assert_eq!(alone.files, [PathBuf::from("alone.yaml")]);
}

#[test]
fn spec_text_reads_files_next_to_the_path_it_is_given() {
    let text = std::fs::read_to_string(fixture().join("openapi.yaml")).expect("the fixture");
    let generated = Config::new()
        .generate_text(fixture().join("as-text.yaml"), &text)
        .expect("the folder exists, so the references resolve");
    assert!(
        generated.code.contains("pub struct Tag {"),
        "{}",
        generated.code
    );
    let error = Config::new()
        .generate_text("/no/such/folder/spec.yaml", &text)
        .expect_err("the folder is not there");
    assert!(error.to_string().contains("cannot be opened"), "{error}");
}

/// The pointer, line and message of the error generating `spec` gives.
fn refusal(spec: &Path) -> (String, Option<Location>, String) {
    match Config::new().generate_file(spec) {
        Err(Error::Invalid {
            pointer,
            location,
            message,
            ..
        }) => (pointer, location, message),
        Err(other) => panic!("expected Error::Invalid, got {other}"),
        Ok(generated) => panic!("expected a refusal, read {:?}", generated.files),
    }
}

#[test]
fn urls_absolute_paths_outside_files_and_missing_files_are_refused_where_written() {
    let outside = "A: {type: string}\n";
    let dir = scratch("refusals", &[("outside.yaml", outside)]);
    let absolute = format!("{}#/A", dir.join("outside.yaml").display());
    for (name, reference, expected) in [
        ("url", "https://example.com/x.yaml#/A", "is a URL"),
        ("up", "../outside.yaml#/A", "outside the spec's folder"),
        ("absolute", absolute.as_str(), "is an absolute path"),
        ("missing", "missing.yaml#/A", "which cannot be read"),
    ] {
        let spec = dir.join(format!("spec-{name}/spec.yaml"));
        std::fs::create_dir_all(spec.parent().expect("a parent")).expect("a folder");
        std::fs::write(&spec, spec_referring_to(reference)).expect("the spec");
        let (pointer, location, message) = refusal(&spec);
        assert_eq!(pointer, POINTER, "{reference}");
        assert_eq!(
            location,
            Some(Location {
                line: 12,
                column: 15
            }),
            "{reference}"
        );
        assert!(message.contains(expected), "{reference}: {message}");
        let shown = Config::new()
            .generate_file(&spec)
            .expect_err("refused")
            .to_string();
        assert!(
            shown.contains(&format!("spec.yaml:12:15: {POINTER}: `$ref: {reference}`")),
            "{shown}"
        );
    }
    // The outside file exists and was never read into anything.
    assert_eq!(
        std::fs::read_to_string(dir.join("outside.yaml")).expect("there"),
        outside
    );
}

#[test]
fn a_bad_pointer_in_another_file_names_that_file() {
    let dir = scratch(
        "pointer",
        &[
            ("spec.yaml", &spec_referring_to("schemas/a.yaml#/components/schemas/A")),
            ("schemas/a.yaml", "components:\n  schemas:\n    A:\n      properties:\n        b: {$ref: '#/components/schemas/Nope'}\n"),
        ],
    );
    let (pointer, location, message) = refusal(&dir.join("spec.yaml"));
    assert_eq!(pointer, POINTER);
    assert_eq!(location.map(|at| at.line), Some(12));
    let file = dir.join("schemas/a.yaml");
    assert!(
        message.contains(&format!(
            "leads to `{}`, where `$ref: #/components/schemas/Nope` at #/components/schemas/A/properties/b (line 5, column 9) points at nothing in `{}`",
            file.display(),
            file.display()
        )),
        "{message}"
    );
}
