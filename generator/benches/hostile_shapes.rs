//! Generation time on the input shapes that once made it blow up (issue 11, finding 7), each at
//! several sizes, end to end (`Config::generate_text`), to show that the time grows at most
//! like n·log n:
//!
//! - `colliding_names`: n component schemas whose names all become `AB` after case conversion
//!   (`a_b`, `a-b`, `a.b`, ...), numbered `AB`, `AB2`, ... (was quadratic: a linear probe of the
//!   numbers from 2 per claim).
//! - `ref_chain`, `ref_cycle`: n object schemas each holding the next by `$ref`, the last one
//!   holding nothing (chain) or the first (cycle, every field boxed) (was quadratic: one graph
//!   walk per field to find the recursive ones).
//! - `nested_invalid_leaf`: `items` nested 8, 16 and 24 deep over an invalid `enum` (was
//!   exponential in the depth: each level parsed its failing subtree twice).
//! - `yaml_flow_nesting`: n nested `[` in a YAML document (was quadratic, in the YAML scanner;
//!   now refused from the text as soon as the nesting passes the limit, so the time is flat).
//! - `yaml_flow_at_limit`: n `[` in groups nested 60 deep, just under that limit: the YAML
//!   parser reads all of it, in time linear in n.
//!
//! - `openapi_3_1_schemas`: n OpenAPI 3.1 component schemas using what the 3.1 pass rewrites
//!   (type lists with `null`, `const` tags of a union, `anyOf` with `null`, `prefixItems`,
//!   `examples`, numeric `exclusiveMinimum`, `$ref` with siblings), to show the pass is linear.
//! - `openapi_3_1_defs`: one schema with n `$defs` members, half of them referenced, the
//!   other half named in the "unreferenced" warning (a naive check is quadratic).
//!
//! `cargo bench -p oagen --bench hostile_shapes [-- FILTER]`. At the end the bench prints, per
//! shape, criterion's median per size and the ratio to the previous size: about 2 per doubling
//! is linear, 4 quadratic.

mod common;

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, SamplingMode};
use serde_json::{json, Map, Value};

/// A shape: its group name, the sizes, and how to write the spec of a size (file name, text).
struct Shape {
    name: &'static str,
    sizes: &'static [usize],
    spec: fn(usize) -> (&'static str, String),
}

const SHAPES: [Shape; 8] = [
    Shape {
        name: "colliding_names",
        sizes: &[1000, 2000, 4000, 8000],
        spec: colliding_names,
    },
    Shape {
        name: "ref_chain",
        sizes: &[1000, 2000, 4000, 8000],
        spec: |n| ref_chain(n, false),
    },
    Shape {
        name: "ref_cycle",
        sizes: &[1000, 2000, 4000, 8000],
        spec: |n| ref_chain(n, true),
    },
    Shape {
        name: "nested_invalid_leaf",
        sizes: &[8, 16, 24],
        spec: nested_invalid_leaf,
    },
    Shape {
        name: "yaml_flow_nesting",
        sizes: &[10_000, 20_000, 40_000],
        spec: yaml_flow_nesting,
    },
    Shape {
        name: "yaml_flow_at_limit",
        sizes: &[10_020, 20_040, 40_020],
        spec: yaml_flow_at_limit,
    },
    Shape {
        name: "openapi_3_1_schemas",
        sizes: &[250, 500, 1000, 2000],
        spec: openapi_3_1_schemas,
    },
    Shape {
        name: "openapi_3_1_defs",
        sizes: &[1000, 2000, 4000, 8000],
        spec: openapi_3_1_defs,
    },
];

/// The depth of the 700-byte spec from the issue, and the time it must stay under.
const ISSUE_DEPTH: usize = 20;
const ISSUE_BUDGET: Duration = Duration::from_millis(100);

fn main() {
    let mut criterion = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    // Only a real run (`cargo bench` passes --bench) measures; `cargo test --benches` runs each
    // benchmark once, as a smoke test.
    let measuring = std::env::args().any(|arg| arg == "--bench");
    if measuring {
        println!("load average before: {}", common::load_average());
    }
    let config = oagen::Config::new();
    for shape in &SHAPES {
        let mut group = criterion.benchmark_group(shape.name);
        group.sampling_mode(SamplingMode::Flat);
        for &size in shape.sizes {
            let (file, text) = (shape.spec)(size);
            let path = Path::new(file);
            // The 3.1 shapes are valid documents: timing a failure would measure nothing.
            if shape.name.starts_with("openapi_3_1") && size == shape.sizes[0] {
                if let Err(error) = config.generate_text(path, &text) {
                    panic!("{} at {size} does not generate: {error}", shape.name);
                }
            }
            group.bench_with_input(BenchmarkId::from_parameter(size), &text, |b, text| {
                b.iter(|| config.generate_text(black_box(path), black_box(text)))
            });
        }
        group.finish();
    }
    criterion.final_summary();
    if measuring {
        println!("load average after: {}", common::load_average());
        print_ratios();
        check_issue_spec(&config);
    }
}

/// The issue's 20-level spec, timed on its own (best of five) against its budget.
fn check_issue_spec(config: &oagen::Config) {
    let (file, text) = nested_invalid_leaf(ISSUE_DEPTH);
    let best = (0..5)
        .map(|_| {
            let start = Instant::now();
            let result = config.generate_text(Path::new(file), &text);
            assert!(result.is_err(), "the invalid leaf must be refused");
            start.elapsed()
        })
        .min()
        .unwrap_or_default();
    let verdict = if best < ISSUE_BUDGET {
        "ok"
    } else {
        "TOO SLOW"
    };
    println!(
        "\n{ISSUE_DEPTH}-level invalid leaf ({} bytes): {:.3} ms (budget {} ms): {verdict}",
        text.len(),
        best.as_secs_f64() * 1e3,
        ISSUE_BUDGET.as_millis()
    );
}

/// `AB` spelled with eight separators between `a` and `b`, a different mix for each `i`.
fn colliding_names(n: usize) -> (&'static str, String) {
    const SEPARATORS: [char; 4] = ['_', '-', '.', ' '];
    let schemas: Map<String, Value> = (0..n)
        .map(|i| {
            let separators: String = (0..8).map(|at| SEPARATORS[(i >> (2 * at)) & 3]).collect();
            let schema = json!({"type": "object", "properties": {"x": {"type": "string"}}});
            (format!("a{separators}b"), schema)
        })
        .collect();
    ("names.json", document(schemas))
}

/// `S0` holds `S1` holds ... `S{n-1}`, which holds `S0` again when `cycle` is set.
fn ref_chain(n: usize, cycle: bool) -> (&'static str, String) {
    let schemas: Map<String, Value> = (0..n)
        .map(|i| {
            let mut properties = json!({"v": {"type": "string"}});
            if i + 1 < n || cycle {
                let next = format!("#/components/schemas/S{}", (i + 1) % n);
                properties["next"] = json!({ "$ref": next });
            }
            (
                format!("S{i}"),
                json!({"type": "object", "properties": properties}),
            )
        })
        .collect();
    ("refs.json", document(schemas))
}

/// `items` nested `depth` deep over a string schema whose `enum` is not a list.
fn nested_invalid_leaf(depth: usize) -> (&'static str, String) {
    let leaf = json!({"type": "string", "enum": "notalist"});
    let schema = (0..depth).fold(leaf, |inner, _| json!({"type": "array", "items": inner}));
    let mut schemas = Map::new();
    schemas.insert("A".to_owned(), schema);
    ("nested.json", document(schemas))
}

/// A YAML document with an extension holding `n` nested flow sequences.
fn yaml_flow_nesting(n: usize) -> (&'static str, String) {
    let text = format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\nx-deep: {}{}\n",
        "[".repeat(n),
        "]".repeat(n)
    );
    ("flow.yaml", text)
}

/// A YAML extension holding a flow sequence of groups of 60 nested `[`, about `n` in all.
fn yaml_flow_at_limit(n: usize) -> (&'static str, String) {
    const DEPTH: usize = 60;
    let group = format!("{}{}", "[".repeat(DEPTH), "]".repeat(DEPTH));
    let groups = vec![group; n.div_ceil(DEPTH)].join(", ");
    let text = format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\nx-wide: [{groups}]\n"
    );
    ("flow.yaml", text)
}

/// `n` 3.1 schemas, each a union of two alternatives told apart by a `const` tag, with the 3.1
/// constructs the loader rewrites in their fields.
fn openapi_3_1_schemas(n: usize) -> (&'static str, String) {
    let schemas: Map<String, Value> = (0..n)
        .map(|i| {
            let alternative = |tag: &str| {
                json!({
                    "type": "object",
                    "required": ["kind"],
                    "properties": {
                        "kind": {"const": tag},
                        "name": {"type": ["string", "null"], "examples": ["a", "b"]},
                        "size": {"type": "number", "exclusiveMinimum": 0},
                        "point": {"type": "array", "prefixItems": [{"type": "integer"}, {"type": "number"}],
                                  "minItems": 2, "maxItems": 2},
                        "next": {"anyOf": [{"$ref": format!("#/components/schemas/S{}", (i + 1) % n)}, {"type": "null"}]},
                        "alias": {"$ref": "#/components/schemas/S0", "description": "over"}
                    }
                })
            };
            (
                format!("S{i}"),
                json!({"oneOf": [alternative("a"), alternative("b")]}),
            )
        })
        .collect();
    ("v31.json", document_of("3.1.0", schemas))
}

/// One schema with `n` `$defs` members; the even ones are referenced by a property each.
fn openapi_3_1_defs(n: usize) -> (&'static str, String) {
    let definitions: Map<String, Value> = (0..n)
        .map(|i| (format!("D{i}"), json!({"type": "string"})))
        .collect();
    let properties: Map<String, Value> = (0..n)
        .step_by(2)
        .map(|i| {
            let reference = format!("#/components/schemas/A/$defs/D{i}");
            (format!("p{i}"), json!({ "$ref": reference }))
        })
        .collect();
    let mut schemas = Map::new();
    schemas.insert(
        "A".to_owned(),
        json!({"type": "object", "properties": properties, "$defs": definitions}),
    );
    ("defs.json", document_of("3.1.0", schemas))
}

fn document(schemas: Map<String, Value>) -> String {
    document_of("3.0.3", schemas)
}

fn document_of(version: &str, schemas: Map<String, Value>) -> String {
    let document = json!({
        "openapi": version,
        "info": {"title": "hostile", "version": "1"},
        "paths": {},
        "components": {"schemas": schemas}
    });
    serde_json::to_string(&document).expect("a Value serializes")
}

/// Per shape: criterion's median per size, and its ratio to the previous size's.
fn print_ratios() {
    let Some(dir) = criterion_dir() else {
        return;
    };
    println!("\ncriterion medians ({}):", dir.display());
    println!(
        "{:<20} {:>8} {:>12} {:>16}",
        "shape", "n", "median ms", "ratio to prev."
    );
    for shape in &SHAPES {
        let mut previous: Option<(usize, f64)> = None;
        for &size in shape.sizes {
            let Some(ms) = median_ms(&dir, shape.name, size) else {
                continue;
            };
            let ratio = previous.map_or_else(String::new, |(before, before_ms)| {
                let growth = size as f64 / before as f64;
                format!("{:.2} (n ×{growth:.1})", ms / before_ms)
            });
            println!("{:<20} {size:>8} {ms:>12.4} {ratio:>16}", shape.name);
            previous = Some((size, ms));
        }
    }
}

/// Criterion's median for one benchmark, in milliseconds.
fn median_ms(dir: &Path, group: &str, size: usize) -> Option<f64> {
    let path = dir
        .join(group)
        .join(size.to_string())
        .join("new/estimates.json");
    let estimates: Value = serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()?;
    Some(estimates["median"]["point_estimate"].as_f64()? / 1e6)
}

/// Where criterion saved its results: `$CRITERION_HOME`, else `$CARGO_TARGET_DIR/criterion`,
/// else the target directory this executable (`<target>/<profile>/deps/<bench>`) runs from.
fn criterion_dir() -> Option<PathBuf> {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        return Some(PathBuf::from(home));
    }
    if let Some(target) = std::env::var_os("CARGO_TARGET_DIR") {
        return Some(PathBuf::from(target).join("criterion"));
    }
    let exe = std::env::current_exe().ok()?;
    Some(exe.parent()?.parent()?.parent()?.join("criterion"))
}
