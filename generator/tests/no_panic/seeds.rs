//! The seed specs that cases are made from.

use std::path::Path;

use serde_json::Value;

/// A seed spec: where it is, relative to the workspace root, and how often it is picked
/// relative to the others. The larger 3.1 seeds (44 to 85 KB) take three to ten times as long
/// per case as the small ones, so they are picked a twelfth as often, and a default run stays
/// about as long as before they were added (the 3.0 seeds are also often read as 3.1).
struct Source {
    path: &'static str,
    weight: usize,
}

const SOURCES: &[Source] = &[
    // Our specs.
    Source {
        path: "spec/lineworks.yaml",
        weight: 12,
    },
    Source {
        path: "spec/rocketchat.yaml",
        weight: 12,
    },
    // Small public OpenAPI 3.0 specs from the project's copy of the corpus.
    Source {
        path: "corpus/openapi-3.0/oai-petstore.yaml",
        weight: 12,
    },
    Source {
        path: "corpus/openapi-3.0/oai-petstore-expanded.yaml",
        weight: 12,
    },
    Source {
        path: "corpus/openapi-3.0/oai-link-example.yaml",
        weight: 12,
    },
    Source {
        path: "corpus/openapi-3.0/oai-callback-example.yaml",
        weight: 12,
    },
    Source {
        path: "corpus/openapi-3.0/progenitor-keeper.json",
        weight: 12,
    },
    Source {
        path: "corpus/openapi-3.0/progenitor-buildomat.json",
        weight: 12,
    },
    // Small public OpenAPI 3.1 specs from the project's copy of the corpus.
    Source {
        path: "corpus/openapi-3.1/oai-webhook-example.yaml",
        weight: 12,
    },
    Source {
        path: "corpus/openapi-3.1/kong-ai-prompt-compressor.yaml",
        weight: 12,
    },
    Source {
        path: "corpus/openapi-3.1/bump-train-travel.yaml",
        weight: 1,
    },
    Source {
        path: "corpus/openapi-3.1/adyen-transactions-v4.json",
        weight: 1,
    },
    Source {
        path: "corpus/openapi-3.1/notion.json",
        weight: 1,
    },
];

pub(crate) struct Seed {
    /// The path relative to the workspace root.
    pub(crate) name: &'static str,
    pub(crate) json: bool,
    pub(crate) text: String,
    pub(crate) doc: Value,
    pub(crate) weight: usize,
}

impl Seed {
    pub(crate) fn file_name(&self) -> String {
        self.name.to_owned()
    }
}

/// Whether a document says it is OpenAPI 3.1 (as the loader reads the `openapi` field).
pub(crate) fn is_v31(doc: &Value) -> bool {
    doc.get("openapi")
        .and_then(Value::as_str)
        .is_some_and(|version| version == "3.1" || version.starts_with("3.1."))
}

pub(crate) fn load_seeds() -> Vec<Seed> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    SOURCES
        .iter()
        .map(|source| {
            let path = root.join(source.path);
            let text = std::fs::read_to_string(&path).unwrap_or_else(|error| {
                panic!(
                    "seed spec {} cannot be read ({error}); the public corpus is part \
                     of the repository, at corpus/",
                    path.display()
                )
            });
            let json = source.path.ends_with(".json");
            let doc = if json {
                serde_json::from_str(&text).expect("seed JSON parses")
            } else {
                yaml_serde::from_str(&text).expect("seed YAML parses")
            };
            Seed {
                name: source.path,
                json,
                text,
                doc,
                weight: source.weight,
            }
        })
        .collect()
}

/// A seed, each picked in proportion to its weight.
pub(crate) fn pick_seed<'a>(seeds: &'a [Seed], rng: &mut crate::rng::Rng) -> &'a Seed {
    let total: usize = seeds.iter().map(|seed| seed.weight).sum();
    let mut at = rng.below(total);
    for seed in seeds {
        if at < seed.weight {
            return seed;
        }
        at -= seed.weight;
    }
    unreachable!("the weights add up to the total")
}
