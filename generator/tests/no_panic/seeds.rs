//! The seed specs that cases are made from.

use std::path::{Path, PathBuf};

use serde_json::Value;

/// Our specs, relative to the workspace root.
const OWN_SEEDS: &[&str] = &["spec/lineworks.yaml", "spec/rocketchat.yaml"];
/// Small public specs from the project's copy of the corpus, `corpus/openapi-3.0/`.
const CORPUS_SEEDS: &[&str] = &[
    "oai-petstore.yaml",
    "oai-petstore-expanded.yaml",
    "oai-link-example.yaml",
    "oai-callback-example.yaml",
    "progenitor-keeper.json",
    "progenitor-buildomat.json",
];

pub(crate) struct Seed {
    pub(crate) name: &'static str,
    pub(crate) json: bool,
    pub(crate) text: String,
    pub(crate) doc: Value,
}

impl Seed {
    pub(crate) fn file_name(&self) -> String {
        self.name.to_owned()
    }
}

pub(crate) fn load_seeds() -> Vec<Seed> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let corpus = root.join("corpus/openapi-3.0");
    let paths = OWN_SEEDS
        .iter()
        .map(|name| (*name, root.join(name)))
        .chain(CORPUS_SEEDS.iter().map(|name| (*name, corpus.join(name))));
    paths
        .map(|(name, path): (&'static str, PathBuf)| {
            let text = std::fs::read_to_string(&path).unwrap_or_else(|error| {
                panic!(
                    "seed spec {} cannot be read ({error}); the public corpus is part \
                     of the repository, at corpus/openapi-3.0/",
                    path.display()
                )
            });
            let json = name.ends_with(".json");
            let doc = if json {
                serde_json::from_str(&text).expect("seed JSON parses")
            } else {
                yaml_serde::from_str(&text).expect("seed YAML parses")
            };
            Seed {
                name,
                json,
                text,
                doc,
            }
        })
        .collect()
}
