//! Spec files shared by the generation benches. Nothing here is timed.
//!
//! The corpora are the project's copies of the public OpenAPI documents, `corpus/openapi-3.0/`
//! and `corpus/openapi-3.1/`.

#![allow(dead_code)] // Each bench binary uses a different part of this module.

use std::path::{Path, PathBuf};

/// The project's own specs, `spec/` at the repository root.
pub const SPEC_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec");
/// The project's copy of the public OpenAPI 3.0 documents.
pub const CORPUS_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../corpus/openapi-3.0");
/// The project's copy of the public OpenAPI 3.1 documents.
pub const CORPUS_31_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../corpus/openapi-3.1");
/// The label (name prefix) of the specs of `spec/`, `CORPUS_DIR` and `CORPUS_31_DIR`.
pub const SPEC_LABEL: &str = "spec";
pub const CORPUS_LABEL: &str = "corpus";
pub const CORPUS_31_LABEL: &str = "corpus-3.1";

/// One spec, read into memory so that file I/O stays out of every measurement.
pub struct Spec {
    /// Short name for reports, e.g. `corpus/progenitor-nexus.json`.
    pub name: String,
    /// Where it comes from: the label its name starts with (`spec`, `corpus`, `corpus-3.1`).
    pub label: String,
    /// The path handed to the generator (its extension selects JSON or YAML).
    pub path: PathBuf,
    pub text: String,
}

impl Spec {
    /// Size in KB (1 KB = 1000 bytes, the unit of the "437 KB").
    pub fn kb(&self) -> f64 {
        self.text.len() as f64 / 1000.0
    }
}

/// Reads `dir/file`; `None` (with a note on stderr) when it is not there.
pub fn read(dir: &str, file: &str, label: &str) -> Option<Spec> {
    let path = Path::new(dir).join(file);
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(Spec {
            name: format!("{label}/{file}"),
            label: label.to_owned(),
            path,
            text,
        }),
        Err(error) => {
            eprintln!("skipping {}: {error}", path.display());
            None
        }
    }
}

/// `spec/*.yaml` and every `*.yaml`/`*.json` document in both corpora, smallest first.
pub fn all_specs() -> Vec<Spec> {
    let mut specs = Vec::new();
    let sources = [
        (SPEC_DIR, SPEC_LABEL),
        (CORPUS_DIR, CORPUS_LABEL),
        (CORPUS_31_DIR, CORPUS_31_LABEL),
    ];
    for (dir, label) in sources {
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(error) => {
                eprintln!("skipping {dir}: {error}");
                continue;
            }
        };
        let mut names: Vec<String> = entries
            .filter_map(Result::ok)
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".yaml") || name.ends_with(".json"))
            .collect();
        names.sort();
        specs.extend(names.iter().filter_map(|name| read(dir, name, label)));
    }
    specs.sort_by_key(|spec| spec.text.len());
    specs
}

/// The median of `samples` (sorted in place); `NaN` when empty.
pub fn median(samples: &mut [f64]) -> f64 {
    if samples.is_empty() {
        return f64::NAN;
    }
    samples.sort_by(f64::total_cmp);
    let mid = samples.len() / 2;
    if samples.len() % 2 == 0 {
        (samples[mid - 1] + samples[mid]) / 2.0
    } else {
        samples[mid]
    }
}

/// The 1/5/15-minute load averages from `/proc/loadavg`, printed with the figures: on a
/// two-core machine anything else running (a build, a fuzzer) shows up in every timing.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|text| {
            text.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_else(|_| "unknown".to_owned())
}
