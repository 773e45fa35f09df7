//! The runtime crate, carried inside the `oagen` binary, so that `generate --crate` with no
//! runtime flag writes a crate that builds with a plain `cargo build`: `oagen-runtime` is not on
//! any registry, so the generated crate gets its own copy, written by this same `oagen` version
//! and therefore matching the code it generated.
//!
//! The files are the workspace's `runtime/` as it was when this binary was built; a test below
//! fails when a file is added there and not here.

/// The folder inside the generated crate that holds the copy.
pub const FOLDER: &str = "oagen-runtime";

/// The runtime's source files, by path relative to its crate root.
const SOURCES: &[(&str, &str)] = &[
    (
        "src/base64_bytes.rs",
        include_str!("../../../../runtime/src/base64_bytes.rs"),
    ),
    (
        "src/binary.rs",
        include_str!("../../../../runtime/src/binary.rs"),
    ),
    (
        "src/client/base_url.rs",
        include_str!("../../../../runtime/src/client/base_url.rs"),
    ),
    (
        "src/client/credentials.rs",
        include_str!("../../../../runtime/src/client/credentials.rs"),
    ),
    (
        "src/client/error.rs",
        include_str!("../../../../runtime/src/client/error.rs"),
    ),
    (
        "src/client/form.rs",
        include_str!("../../../../runtime/src/client/form.rs"),
    ),
    (
        "src/client/limits.rs",
        include_str!("../../../../runtime/src/client/limits.rs"),
    ),
    (
        "src/client/mod.rs",
        include_str!("../../../../runtime/src/client/mod.rs"),
    ),
    (
        "src/client/options.rs",
        include_str!("../../../../runtime/src/client/options.rs"),
    ),
    (
        "src/client/redirect.rs",
        include_str!("../../../../runtime/src/client/redirect.rs"),
    ),
    (
        "src/client/request.rs",
        include_str!("../../../../runtime/src/client/request.rs"),
    ),
    (
        "src/client/response.rs",
        include_str!("../../../../runtime/src/client/response.rs"),
    ),
    (
        "src/client/retry.rs",
        include_str!("../../../../runtime/src/client/retry.rs"),
    ),
    (
        "src/client/transport.rs",
        include_str!("../../../../runtime/src/client/transport.rs"),
    ),
    (
        "src/datetime.rs",
        include_str!("../../../../runtime/src/datetime.rs"),
    ),
    ("src/lib.rs", include_str!("../../../../runtime/src/lib.rs")),
    (
        "src/nullable.rs",
        include_str!("../../../../runtime/src/nullable.rs"),
    ),
    (
        "src/path.rs",
        include_str!("../../../../runtime/src/path.rs"),
    ),
    (
        "src/secret.rs",
        include_str!("../../../../runtime/src/secret.rs"),
    ),
    (
        "src/string_enum.rs",
        include_str!("../../../../runtime/src/string_enum.rs"),
    ),
    (
        "src/style.rs",
        include_str!("../../../../runtime/src/style.rs"),
    ),
    (
        "src/style_tests.rs",
        include_str!("../../../../runtime/src/style_tests.rs"),
    ),
    (
        "src/union.rs",
        include_str!("../../../../runtime/src/union.rs"),
    ),
    (
        "src/validate.rs",
        include_str!("../../../../runtime/src/validate.rs"),
    ),
    (
        "src/validate/formats.rs",
        include_str!("../../../../runtime/src/validate/formats.rs"),
    ),
    (
        "src/validate/pattern.rs",
        include_str!("../../../../runtime/src/validate/pattern.rs"),
    ),
];

/// The runtime's manifest, which inherits some `[package]` keys from the workspace.
const MANIFEST: &str = include_str!("../../../../runtime/Cargo.toml");
/// The workspace manifest whose `[workspace.package]` table those keys come from.
const WORKSPACE_MANIFEST: &str = include_str!("../../../../Cargo.toml");

/// Every file of the copy, by path relative to the generated crate: the sources as they are,
/// and a manifest that stands alone (inherited keys written out).
pub fn files() -> Vec<(String, String)> {
    let mut files = vec![(format!("{FOLDER}/Cargo.toml"), standalone_manifest())];
    files.extend(
        SOURCES
            .iter()
            .map(|(path, text)| (format!("{FOLDER}/{path}"), (*text).to_owned())),
    );
    files
}

/// The runtime's version, as its manifest gives it (for the header of the copy).
fn runtime_version() -> &'static str {
    MANIFEST
        .lines()
        .find_map(|line| {
            let (key, value) = line.split_once('=')?;
            (key.trim() == "version").then(|| value.trim().trim_matches('"'))
        })
        .unwrap_or("unknown")
}

/// The runtime's manifest with each `key.workspace = true` line replaced by the workspace's
/// `key = value`, under a header saying which `oagen` wrote it.
fn standalone_manifest() -> String {
    let inherited = workspace_package_keys();
    let mut out = format!(
        "# A copy of oagen-runtime {} written by oagen {}, which generated the code in ../src.\n\
         # Regenerating the crate rewrites it; do not edit.\n\n",
        runtime_version(),
        env!("CARGO_PKG_VERSION"),
    );
    for line in MANIFEST.lines() {
        let inherited_line = line
            .split_once('=')
            .and_then(|(key, value)| {
                let key = key.trim().strip_suffix(".workspace")?;
                (value.trim() == "true").then_some(key)
            })
            .and_then(|key| inherited.iter().find(|(name, _)| name == key));
        match inherited_line {
            Some((key, value)) => out.push_str(&format!("{key} = {value}")),
            None => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

/// The runtime's Cargo features as `(name, value as written)`, `default` included, in manifest
/// order: a generated crate offers the same ones (its TLS choice), each forwarded to its runtime.
pub fn features() -> Vec<(&'static str, &'static str)> {
    let mut in_table = false;
    let mut features = Vec::new();
    for line in MANIFEST.lines() {
        let line = line.trim();
        if line.starts_with('#') {
            continue;
        }
        if line.starts_with('[') && !line.contains('=') {
            in_table = line == "[features]";
        } else if let Some((key, value)) = line.split_once('=').filter(|_| in_table) {
            features.push((key.trim(), value.trim()));
        }
    }
    features
}

/// `key = value` lines of the workspace manifest's `[workspace.package]` table, as written.
fn workspace_package_keys() -> Vec<(String, String)> {
    let mut in_table = false;
    let mut keys = Vec::new();
    for line in WORKSPACE_MANIFEST.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_table = line == "[workspace.package]";
        } else if let Some((key, value)) = line.split_once('=').filter(|_| in_table) {
            keys.push((key.trim().to_owned(), value.trim().to_owned()));
        }
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::{Path, PathBuf};

    fn runtime_dir() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime")
    }

    fn list(dir: &Path, base: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).expect("the runtime folder") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                list(&path, base, out);
            } else {
                let relative = path.strip_prefix(base).expect("below the runtime");
                out.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }

    #[test]
    fn every_runtime_file_is_carried() {
        let mut present = Vec::new();
        list(&runtime_dir().join("src"), &runtime_dir(), &mut present);
        present.sort();
        let carried: Vec<String> = SOURCES.iter().map(|(path, _)| (*path).to_owned()).collect();
        assert_eq!(
            present, carried,
            "runtime/src and bundled_runtime::SOURCES differ: list every runtime source file there"
        );
        for (path, text) in SOURCES {
            let on_disk = std::fs::read_to_string(runtime_dir().join(path)).unwrap();
            assert_eq!(&on_disk, text, "{path} is stale: rebuild oagen");
        }
    }

    #[test]
    fn features_are_read_whole_from_the_manifest() {
        let features = features();
        let names: Vec<&str> = features.iter().map(|(name, _)| *name).collect();
        assert_eq!(names[0], "default", "{features:?}");
        // The generated crate's README names these.
        for named in ["native-tls", "rustls", "http2"] {
            assert!(names.contains(&named), "{features:?}");
        }
        // Values on one line each: what a generated crate forwards is the whole list.
        for (name, value) in &features {
            assert!(
                value.starts_with('[') && value.ends_with(']'),
                "{name} = {value}"
            );
        }
    }

    #[test]
    fn the_manifest_stands_alone() {
        let manifest = standalone_manifest();
        assert!(!manifest.contains(".workspace"), "{manifest}");
        assert!(manifest.contains("\nedition = \"2021\"\n"), "{manifest}");
        assert!(
            manifest.contains("\nname = \"oagen-runtime\"\n"),
            "{manifest}"
        );
        assert!(manifest.starts_with("# A copy of oagen-runtime 0.1.0 written by oagen "));
    }
}
