//! Generating part of a spec (`Config::tags`, `Config::operations`): the selection is made
//! before lowering, so the output holds only what the kept operations reach, and names decided
//! across operations (the shared error enum) are decided over the kept ones.

use std::path::{Path, PathBuf};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/selection.yaml")
}

/// The names of the `pub struct`s and `pub enum`s in generated code.
fn defined_types(code: &str) -> Vec<&str> {
    code.lines()
        .filter_map(|line| {
            let rest = line
                .strip_prefix("pub struct ")
                .or_else(|| line.strip_prefix("pub enum "))?;
            rest.split([' ', '(', '{', ';']).next()
        })
        .collect()
}

#[test]
fn a_tag_keeps_only_what_its_operations_reach() {
    let whole = oagen::Config::new().generate_file(fixture()).unwrap();
    let kept = oagen::Config::new()
        .tags(["things"])
        .generate_file(fixture())
        .unwrap();
    assert_eq!(
        defined_types(&whole.code),
        [
            "Kind",
            "Problem",
            "Refusal",
            "Thing",
            "ThingPatch",
            "Unused",
            "Client",
            "ClientBuilder",
            "NotFoundError",
            "UpdateThingError",
        ]
    );
    // Only the kept operations' types; the 404 enum is shared by every kept operation that
    // documents errors, hence `ApiError`; the admin key is no longer a builder method.
    assert_eq!(
        defined_types(&kept.code),
        [
            "Kind",
            "Problem",
            "Thing",
            "Client",
            "ClientBuilder",
            "ApiError"
        ]
    );
    assert!(whole.code.contains("pub fn admin_key("));
    assert!(
        !kept.code.contains("admin_key") && !kept.code.contains("impl Validate for ThingPatch")
    );
    let mut settings = insta::Settings::clone_current();
    // Beside the fixture snapshots, not among them: those are one per fixture file.
    settings.set_snapshot_path("snapshots/selected");
    settings.set_prepend_module_to_snapshot(false);
    settings.set_description("oagen on tests/fixtures/selection.yaml with `Config::tags([\"things\"])`: only what the kept operations reach.");
    settings.bind(|| insta::assert_snapshot!("selection-things-tag", kept.code));
}

#[test]
fn an_operation_id_keeps_that_operation_alone() {
    let kept = oagen::Config::new()
        .operations(["getThing"])
        .generate_file(fixture())
        .unwrap();
    let ids: Vec<&str> = kept
        .api
        .operations
        .iter()
        .map(|op| op.operation_id.as_str())
        .collect();
    assert_eq!(ids, ["getThing"]);
    // One operation with errors: its enum is its own, not a shared one.
    assert_eq!(
        defined_types(&kept.code),
        [
            "Kind",
            "Problem",
            "Thing",
            "Client",
            "ClientBuilder",
            "GetThingError"
        ]
    );
    // A filter naming nothing in the spec keeps no operation and no type.
    let none = oagen::Config::new()
        .operations(["noSuchOperation"])
        .generate_file(fixture())
        .unwrap();
    assert_eq!(defined_types(&none.code), ["Client", "ClientBuilder"]);
}
