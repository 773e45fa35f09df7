//! What the `oagen` command prints from a spec cannot drive the terminal: control characters
//! (ESC among them) and bidi controls in titles, names, pointers and messages come out escaped.
//! A spec that starts with a UTF-8 byte order mark reads like one without.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A fresh directory for one test under the system's temp dir.
fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir()
        .join(format!("oagen-cli-text-{}", std::process::id()))
        .join(test);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// Removes a passing test's directory, and the run's parent once it is empty.
fn clean_up(dir: &Path) {
    let _ = std::fs::remove_dir_all(dir);
    if let Some(parent) = dir.parent() {
        let _ = std::fs::remove_dir(parent);
    }
}

/// Runs `oagen ARGS`; returns (exit status, stdout, stderr).
fn oagen(args: &[&str]) -> (Option<i32>, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_oagen"))
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .expect("run oagen");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn path_str(path: &Path) -> &str {
    path.to_str().expect("UTF-8 path")
}

/// A spec whose title, version, path, schema name and enum value carry terminal escapes and a
/// bidi control; `{id}` is undeclared (a warning quoting the path) and one `$ref` points at
/// nothing (an error quoting it) when `broken`.
fn escape_spec(broken: bool) -> String {
    let reference = if broken { "Gone\u{1b}[2J" } else { "Thing" };
    serde_json::json!({
        "openapi": "3.0.3",
        "info": { "title": "Title\u{1b}[31mRED", "version": "1\u{1b}]0;pwned\u{7}\u{202e}" },
        "paths": {
            "/things/{id}\u{1b}[1A": {
                "get": {
                    "operationId": "getThing",
                    "responses": { "200": { "description": "ok", "content": {
                        "application/json": { "schema": {
                            "$ref": format!("#/components/schemas/{reference}") } } } } }
                }
            }
        },
        "components": { "schemas": {
            "Thing": { "type": "object", "properties": {
                "kind": { "type": "string", "enum": ["a\u{1b}[5m", "b"] },
                "tagged": { "oneOf": [{ "$ref": "#/components/schemas/Other" }],
                    "discriminator": { "propertyName": "k\u{1b}[8m" } } } },
            "Other": { "type": "object", "properties": { "k\u{1b}[8m": { "type": "string" } } }
        } }
    })
    .to_string()
}

/// `text` without the colour codes oagen writes itself; what is left must hold no ESC.
fn without_styles(text: &str) -> String {
    [
        "\u{1b}[0m",
        "\u{1b}[1m",
        "\u{1b}[1;31m",
        "\u{1b}[1;33m",
        "\u{1b}[1;36m",
    ]
    .iter()
    .fold(text.to_owned(), |text, style| text.replace(style, ""))
}

#[test]
fn summary_escapes_control_characters_from_the_spec() {
    let dir = scratch("summary");
    let spec = dir.join("escapes.json");
    std::fs::write(&spec, escape_spec(false)).unwrap();
    let (code, stdout, stderr) = oagen(&["summary", path_str(&spec)]);
    assert_eq!(code, Some(0), "{stdout}\n{stderr}");
    for text in [&stdout, &stderr] {
        assert!(!text.contains('\u{1b}'), "{text:?}");
        assert!(
            !text.contains('\u{7}') && !text.contains('\u{202e}'),
            "{text:?}"
        );
    }
    assert!(
        stdout.contains("Title\\u{1b}[31mRED 1\\u{1b}]0;pwned\\u{7}\\u{202e}"),
        "{stdout}"
    );
    assert!(stdout.contains("/things/{id}\\u{1b}[1A"), "{stdout}");
    // The undeclared `{id}` warning quotes the path in its pointer.
    assert!(stderr.contains("~1things~1{id}\\u{1b}[1A"), "{stderr}");
    clean_up(&dir);
}

#[test]
fn diagnostics_escape_control_characters_even_in_colour() {
    let dir = scratch("diagnostics");
    let spec = dir.join("broken.json");
    std::fs::write(&spec, escape_spec(true)).unwrap();
    let out = dir.join("api.rs");
    for color in ["never", "always"] {
        let (code, stdout, stderr) = oagen(&[
            "generate",
            path_str(&spec),
            "-o",
            path_str(&out),
            "--color",
            color,
        ]);
        assert_eq!(code, Some(1), "{stdout}\n{stderr}");
        assert!(
            !without_styles(&stderr).contains('\u{1b}'),
            "--color {color}: {stderr:?}"
        );
        assert!(stderr.contains("Gone\\u{1b}[2J"), "{stderr}");
    }
    clean_up(&dir);
}

#[test]
fn check_escapes_control_characters_in_stale_lines() {
    let dir = scratch("check");
    let spec = dir.join("escapes.json");
    std::fs::write(&spec, escape_spec(false)).unwrap();
    let out = dir.join("api.rs");
    std::fs::write(&out, "// \u{1b}]0;stale\u{7}\n").unwrap();
    let (code, stdout, stderr) = oagen(&["check", path_str(&spec), path_str(&out)]);
    assert_eq!(code, Some(1), "{stdout}\n{stderr}");
    assert!(
        !stderr.contains('\u{1b}') && !stderr.contains('\u{7}'),
        "{stderr:?}"
    );
    assert!(stderr.contains("// \\u{1b}]0;stale\\u{7}"), "{stderr}");
    clean_up(&dir);
}

const YAML_SPEC: &str = "openapi: 3.0.3\ninfo: {title: BOM, version: '1'}\npaths: {}\n";
const JSON_SPEC: &str =
    r#"{"openapi": "3.0.3", "info": {"title": "BOM", "version": "1"}, "paths": {}}"#;

#[test]
fn a_byte_order_mark_is_accepted_in_yaml_and_json() {
    let dir = scratch("bom");
    for (name, text) in [("bom.yaml", YAML_SPEC), ("bom.json", JSON_SPEC)] {
        let spec = dir.join(name);
        std::fs::write(&spec, format!("\u{feff}{text}")).unwrap();
        let (code, stdout, stderr) = oagen(&["summary", path_str(&spec)]);
        assert_eq!(code, Some(0), "{name}: {stdout}\n{stderr}");
        assert!(stdout.contains(": BOM 1 -> "), "{name}: {stdout}");
        // The build-script and macro path reads text the same way.
        let generated = oagen::Config::new()
            .generate_text(name, &format!("\u{feff}{text}"))
            .unwrap_or_else(|error| panic!("{name}: {error}"));
        assert_eq!(generated.api.title, "BOM");
    }
    clean_up(&dir);
}
