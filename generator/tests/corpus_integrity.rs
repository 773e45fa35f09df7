//! The project's copies of the public corpora (`corpus/openapi-3.0/` and `corpus/openapi-3.1/`)
//! are byte-identical to their sources: every document's sha256 matches the one its folder's
//! `SOURCES.tsv` records, and every document there is listed (and every listed one is there).
//! An accidental edit, a line-ending conversion or a stray file fails here, naming the file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// The corpus folders, relative to the repository root, and how many documents each holds.
const FOLDERS: &[(&str, usize)] = &[("corpus/openapi-3.0", 15), ("corpus/openapi-3.1", 11)];

/// The extensions of the documents in a corpus folder (README.md and SOURCES.tsv are not).
const DOCUMENT_EXTENSIONS: &[&str] = &["yaml", "yml", "json"];

#[test]
fn every_corpus_document_matches_its_recorded_sha256() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut checked = 0;
    for &(folder, expected_count) in FOLDERS {
        let dir = root.join(folder);
        let recorded = recorded_digests(&dir);
        let present = documents(&dir);
        let present_names: Vec<&String> = present.keys().collect();
        let recorded_names: Vec<&String> = recorded.keys().collect();
        assert_eq!(
            present_names, recorded_names,
            "{folder}: the documents present and the ones SOURCES.tsv lists differ"
        );
        assert_eq!(
            present.len(),
            expected_count,
            "{folder}: expected {expected_count} documents"
        );
        for (name, path) in &present {
            let bytes =
                std::fs::read(path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
            let actual = hex(&Sha256::digest(&bytes));
            assert_eq!(
                actual, recorded[name],
                "{folder}/{name}: sha256 differs from SOURCES.tsv; the corpus is never edited \
                 (restore it from its source: repository, commit and path are in SOURCES.tsv)"
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 26, "every vendored document is checked");
}

/// The documents of a corpus folder by the name `SOURCES.tsv` uses for them: the 3.0 list
/// names them by file stem (`short-name`), the 3.1 list by file name (`file`). Both names are
/// offered; `recorded_digests` says which column the folder uses, and the comparison above
/// finds any file that is listed under neither.
fn documents(dir: &Path) -> BTreeMap<String, PathBuf> {
    let keyed_by_stem = sources_header(dir).contains(&"short-name".to_owned());
    std::fs::read_dir(dir)
        .unwrap_or_else(|error| panic!("{}: {error}", dir.display()))
        .map(|entry| entry.expect("a readable corpus entry").path())
        .filter(|path| {
            path.extension()
                .and_then(|extension| extension.to_str())
                .is_some_and(|extension| DOCUMENT_EXTENSIONS.contains(&extension))
        })
        .map(|path| {
            let name = if keyed_by_stem {
                path.file_stem()
            } else {
                path.file_name()
            };
            (name.unwrap().to_string_lossy().into_owned(), path)
        })
        .collect()
}

/// The header row of a folder's `SOURCES.tsv`.
fn sources_header(dir: &Path) -> Vec<String> {
    let text = read_sources(dir);
    text.lines()
        .next()
        .unwrap_or_default()
        .split('\t')
        .map(str::to_owned)
        .collect()
}

/// Document name -> sha256 (lower-case hex) from a folder's `SOURCES.tsv`; the columns are found
/// by their header names, so the two lists' different layouts both read.
fn recorded_digests(dir: &Path) -> BTreeMap<String, String> {
    let text = read_sources(dir);
    let header = sources_header(dir);
    let column = |wanted: &[&str]| {
        header
            .iter()
            .position(|name| wanted.contains(&name.as_str()))
            .unwrap_or_else(|| panic!("{}: SOURCES.tsv has no {wanted:?} column", dir.display()))
    };
    let name_column = column(&["file", "short-name"]);
    let digest_column = column(&["sha256"]);
    text.lines()
        .skip(1)
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let cells: Vec<&str> = line.split('\t').collect();
            let cell = |index: usize| {
                cells
                    .get(index)
                    .map(|cell| cell.trim().to_owned())
                    .unwrap_or_else(|| {
                        panic!("{}: SOURCES.tsv row too short: {line}", dir.display())
                    })
            };
            (cell(name_column), cell(digest_column).to_ascii_lowercase())
        })
        .collect()
}

fn read_sources(dir: &Path) -> String {
    let path = dir.join("SOURCES.tsv");
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}
