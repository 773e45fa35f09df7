use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use super::{import, lexical_join, pointer_segments, MAX_FILES};
use crate::error::Error;

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

/// A fresh folder for one test, holding `files` (path, text).
fn folder(test: &str, files: &[(&str, &str)]) -> Folder {
    let dir = std::env::temp_dir().join(format!("oagen-external-{}-{test}", std::process::id()));
    if dir.exists() {
        std::fs::remove_dir_all(&dir).expect("an old test folder can be removed");
    }
    for (path, text) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("a folder");
        std::fs::write(path, text).expect("a file");
    }
    std::fs::create_dir_all(&dir).expect("the folder");
    Folder(dir)
}

/// The pointer and message of the `Error::Invalid` importing `document` gives.
fn refusal(spec: &Path, mut document: Value) -> (String, String) {
    match import(spec, &mut document) {
        Err(Error::Invalid {
            pointer, message, ..
        }) => (pointer, message),
        Err(other) => panic!("expected Error::Invalid, got {other}"),
        Ok(files) => panic!("expected a refusal, read {files:?}: {document}"),
    }
}

fn schema_ref(reference: &str) -> Value {
    json!({"paths": {"/a": {"get": {"responses": {"200": {"content": {"application/json": {
        "schema": {"$ref": reference}
    }}}}}}}})
}

const SCHEMA: &str = "/paths/~1a/get/responses/200/content/application~1json/schema";

#[test]
fn targets_join_components_once_and_cycles_across_files_end() {
    let dir = folder(
        "cycle",
        &[
            ("a.yaml", "components:\n  schemas:\n    A:\n      properties:\n        b: {$ref: 'sub/b.json#/components/schemas/B'}\n"),
            ("sub/b.json", r##"{"components": {"schemas": {"B": {"properties": {"a": {"$ref": "../a.yaml#/components/schemas/A"}, "c": {"$ref": "#/components/schemas/C"}}}, "C": {"type": "string"}}}}"##),
        ],
    );
    let mut document = schema_ref("a.yaml#/components/schemas/A");
    document["components"] = json!({"schemas": {"Other": {
        "items": {"$ref": "./a.yaml#/components/schemas/A"}
    }}});
    let files = import(&dir.join("spec.yaml"), &mut document).expect("imports");
    assert_eq!(files, [dir.join("a.yaml"), dir.join("sub/b.json")]);
    let a = json!({"$ref": "#/components/schemas/A"});
    assert_eq!(document.pointer(SCHEMA), Some(&a));
    let schemas = &document["components"]["schemas"];
    assert_eq!(schemas["Other"]["items"], a);
    assert_eq!(
        schemas["A"]["properties"]["b"]["$ref"],
        "#/components/schemas/B"
    );
    assert_eq!(schemas["B"]["properties"]["a"], a);
    assert_eq!(
        schemas["B"]["properties"]["c"]["$ref"],
        "#/components/schemas/C"
    );
    assert_eq!(schemas["C"], json!({"type": "string"}));
    assert_eq!(schemas.as_object().map(|s| s.len()), Some(4), "{schemas}");
}

#[test]
fn a_taken_name_gets_a_number_unless_the_value_is_the_same() {
    let common = "components:\n  schemas:\n    Pet: {properties: {tag: {$ref: '#/components/schemas/Tag'}}}\n    Tag: {type: string}\n";
    let other = "components:\n  schemas:\n    Pet: {type: boolean}\n";
    let dir = folder("names", &[("common.yaml", common), ("other.yaml", other)]);
    let mut document = schema_ref("common.yaml#/components/schemas/Pet");
    document["components"] = json!({"schemas": {
        "Pet": {"type": "integer"},
        "Tag": {"type": "string"},
        "Other": {"items": {"$ref": "other.yaml#/components/schemas/Pet"}}
    }});
    import(&dir.join("spec.yaml"), &mut document).expect("imports");
    let schemas = &document["components"]["schemas"];
    assert_eq!(schemas["Pet3"], json!({"type": "boolean"}));
    assert_eq!(
        schemas["Other"]["items"]["$ref"],
        "#/components/schemas/Pet3"
    );
    let pet2 = json!({"$ref": "#/components/schemas/Pet2"});
    assert_eq!(document.pointer(SCHEMA), Some(&pet2));
    assert_eq!(schemas["Pet"], json!({"type": "integer"}));
    assert_eq!(
        schemas["Pet2"]["properties"]["tag"]["$ref"],
        "#/components/schemas/Tag"
    );
    assert!(schemas.get("Tag2").is_none(), "{schemas}");
}

#[test]
fn a_component_that_only_refers_elsewhere_is_replaced_by_its_target() {
    let dir = folder(
        "home",
        &[(
            "common.yaml",
            "components:\n  schemas:\n    Pet: {type: object}\n",
        )],
    );
    let mut document = schema_ref("#/components/schemas/Pet");
    document["components"] = json!({"schemas": {
        "Pet": {"$ref": "common.yaml#/components/schemas/Pet"}
    }});
    import(&dir.join("spec.yaml"), &mut document).expect("imports");
    let schemas = &document["components"]["schemas"];
    assert_eq!(schemas, &json!({"Pet": {"type": "object"}}));
}

#[test]
fn other_targets_are_named_after_file_and_place_and_path_items_go_in_place() {
    let dir = folder(
        "places",
        &[
            (
                "error.yaml",
                "type: object\nproperties: {code: {type: integer}}\n",
            ),
            (
                "defs.json",
                r#"{"a/b": {"c~d": {"{x}": {"type": "boolean"}}}}"#,
            ),
            (
                "paths/a.yaml",
                "get:\n  parameters: [{$ref: '../params.yaml#/Limit'}]\n",
            ),
            (
                "params.yaml",
                "Limit: {name: limit, in: query, schema: {type: integer}}\n",
            ),
        ],
    );
    let mut document = json!({"paths": {
        "/a": {"$ref": "paths/a.yaml"},
        "/b": {"get": {"responses": {"default": {"content": {"application/json": {
            "schema": {"properties": {
                "error": {"$ref": "error.yaml"},
                "flag": {"$ref": "defs.json#/a~1b/c~0d/%7Bx%7D"}
            }}
        }}}}}}
    }});
    let files = import(&dir.join("spec.yaml"), &mut document).expect("imports");
    assert_eq!(files.len(), 4, "{files:?}");
    let schemas = &document["components"]["schemas"];
    assert_eq!(schemas["error"]["properties"]["code"]["type"], "integer");
    assert_eq!(schemas["defs_a_b_c_d_x"], json!({"type": "boolean"}));
    let properties = "/paths/~1b/get/responses/default/content/application~1json/schema/properties";
    assert_eq!(
        document.pointer(&format!("{properties}/flag/$ref")),
        Some(&json!("#/components/schemas/defs_a_b_c_d_x"))
    );
    let parameter = json!({"$ref": "#/components/parameters/params_Limit"});
    assert_eq!(document["paths"]["/a"]["get"]["parameters"][0], parameter);
    assert_eq!(
        document["components"]["parameters"]["params_Limit"]["name"],
        "limit"
    );
}

#[test]
fn extensions_and_data_are_not_references() {
    let mut document = json!({
        "x-policy": {"$ref": "https://example.com/p.yaml"},
        "components": {"schemas": {"A": {"example": {"$ref": "/etc/passwd"}}}}
    });
    let written = document.clone();
    let files =
        import(Path::new("/no/such/folder/spec.yaml"), &mut document).expect("nothing to read");
    assert!(files.is_empty());
    assert_eq!(document, written);
}

#[test]
fn urls_absolute_paths_and_paths_out_of_the_folder_are_refused() {
    let dir = folder(
        "refused",
        &[
            ("outside.yaml", "A: {type: string}\n"),
            ("spec/inside.yaml", "A: {$ref: '../outside.yaml#/A'}\n"),
        ],
    );
    let spec = dir.join("spec/spec.yaml");
    let absolute = format!("{}#/A", dir.join("outside.yaml").display());
    let pointer = format!("#{SCHEMA}");
    for (reference, expected) in [
        ("https://example.com/x.yaml#/A", "is a URL"),
        ("file:outside.yaml#/A", "is a URL"),
        ("//example.com/x.yaml", "absolute path"),
        (absolute.as_str(), "absolute path"),
        ("../outside.yaml#/A", "outside the spec's folder"),
        ("sub/../../outside.yaml#/A", "outside the spec's folder"),
        ("missing.yaml#/A", "cannot be read"),
        ("inside.yaml#/B", "points at nothing in"),
        ("inside.yaml#A", "not a JSON pointer"),
    ] {
        let (at, message) = refusal(&spec, schema_ref(reference));
        assert_eq!(at, pointer, "{reference}");
        assert!(message.contains(expected), "{reference}: {message}");
        assert!(
            message.starts_with(&format!("`$ref: {reference}` ")),
            "{message}"
        );
    }
    // A refusal inside another file names that file and the place there.
    let (at, message) = refusal(&spec, schema_ref("inside.yaml#/A"));
    assert_eq!(at, pointer);
    assert!(message.contains("inside.yaml`, where `$ref: ../outside.yaml#/A` at #/A (line 1, column 1) names a file outside"), "{message}");
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_out_of_the_folder_is_refused() {
    let dir = folder(
        "symlink",
        &[("outside.yaml", "A: {type: string}\n"), ("spec/x", "")],
    );
    std::os::unix::fs::symlink(dir.join("outside.yaml"), dir.join("spec/link.yaml"))
        .expect("a link");
    let (_, message) = refusal(&dir.join("spec/spec.yaml"), schema_ref("link.yaml#/A"));
    assert!(message.contains("outside the spec's folder"), "{message}");
}

#[test]
fn a_missing_folder_is_an_error_and_references_back_into_the_spec_stay_local() {
    let (_, message) = refusal(Path::new("/no/such/folder/spec.yaml"), schema_ref("a.yaml"));
    assert!(message.contains("which cannot be opened"), "{message}");
    let dir = folder(
        "back",
        &[
            ("spec.yaml", "openapi: 3.0.3\n"),
            (
                "a.yaml",
                "A: {items: {$ref: 'spec.yaml#/components/schemas/Local'}}\n",
            ),
        ],
    );
    let mut document = schema_ref("a.yaml#/A");
    import(&dir.join("spec.yaml"), &mut document).expect("imports");
    let items = &document["components"]["schemas"]["a_A"]["items"];
    assert_eq!(items, &json!({"$ref": "#/components/schemas/Local"}));
}

#[test]
fn files_and_nesting_are_bounded() {
    // A chain one file longer than the limit.
    let texts: Vec<(String, String)> = (0..=MAX_FILES)
        .map(|index| {
            let next = format!("f{}.yaml#/S", index + 1);
            (
                format!("f{index}.yaml"),
                format!("S: {{items: {{$ref: '{next}'}}}}\n"),
            )
        })
        .collect();
    let files: Vec<(&str, &str)> = texts
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let dir = folder("many", &files);
    let (_, message) = refusal(&dir.join("spec.yaml"), schema_ref("f0.yaml#/S"));
    assert!(
        message.contains(&format!("one file more than the {MAX_FILES}")),
        "{message}"
    );
    let deep = format!("A: {}1{}\n", "[".repeat(40), "]".repeat(40));
    let dir = folder("deep", &[("deep.yaml", deep.as_str())]);
    let (_, message) = refusal(&dir.join("spec.yaml"), schema_ref("deep.yaml#/A"));
    assert!(message.contains("nests deeper than"), "{message}");
}

#[test]
fn fragments_are_percent_decoded_then_unescaped() {
    assert_eq!(pointer_segments("").as_deref(), Ok(&[][..]));
    let segments = pointer_segments("/a~1b/~01/%7Bid%7D").expect("a pointer");
    assert_eq!(segments, ["a/b", "~1", "{id}"]);
    assert!(pointer_segments("Pet").is_err());
    let base = Path::new("/r/spec");
    assert_eq!(
        lexical_join(base, Path::new("./a/../b.yaml")),
        Some(PathBuf::from("/r/spec/b.yaml"))
    );
    assert_eq!(lexical_join(base, Path::new("../../../x")), None);
}
