//! One input: a seed mutated by structure or by text, and written out as JSON or YAML.

use serde_json::Value;

use crate::mutate::mutate_structure;
use crate::rng::Rng;
use crate::seeds::{is_v31, pick_seed, Seed};
use crate::text::mutate_text;

/// One input: the text and the file name whose extension picks the parser.
#[derive(Clone)]
pub(crate) struct Case {
    pub(crate) seed: &'static str,
    pub(crate) json: bool,
    pub(crate) text: String,
    /// The mutated document, when the text is exactly its serialization (for shrinking).
    pub(crate) doc: Option<Value>,
    pub(crate) how: String,
    /// Whether the input says it is OpenAPI 3.1 (before any text mutation), so the loader
    /// rewrites it from 3.1 first.
    pub(crate) v31: bool,
}

impl Case {
    pub(crate) fn ext(&self) -> &'static str {
        if self.json {
            "json"
        } else {
            "yaml"
        }
    }

    pub(crate) fn file_name(&self) -> String {
        format!("fuzz.{}", self.ext())
    }
}

pub(crate) fn make_case(seeds: &[Seed], rng: &mut Rng) -> Case {
    let seed = pick_seed(seeds, rng);
    let structural = rng.below(100) < 70;
    let mut how = Vec::new();
    let mut doc = seed.doc.clone();
    let mutated = structural || rng.chance(40);
    if mutated {
        mutate_structure(&mut doc, rng, &mut how);
    }
    let (json, mut text) = if mutated {
        let json = rng.chance(50);
        (json, serialize(&doc, json, rng.chance(50)))
    } else {
        (seed.json, seed.text.clone())
    };
    let v31 = is_v31(&doc);
    if structural {
        return Case {
            seed: seed.name,
            json,
            text,
            doc: Some(doc),
            how: how.join(", "),
            v31,
        };
    }
    mutate_text(&mut text, json, rng, &mut how);
    // JSON is (nearly) YAML: feed JSON text to the YAML parser now and then, and YAML to JSON.
    let json = match rng.below(100) {
        0..=14 if json => false,
        15..=17 if !json => true,
        _ => json,
    };
    Case {
        seed: seed.name,
        json,
        text,
        doc: None,
        how: how.join(", "),
        v31,
    }
}

pub(crate) fn serialize(doc: &Value, json: bool, pretty: bool) -> String {
    if json {
        if pretty {
            serde_json::to_string_pretty(doc).expect("a Value serializes")
        } else {
            serde_json::to_string(doc).expect("a Value serializes")
        }
    } else {
        // JSON is valid YAML, should the YAML writer ever refuse.
        yaml_serde::to_string(doc).unwrap_or_else(|_| serde_json::to_string(doc).expect("JSON"))
    }
}
