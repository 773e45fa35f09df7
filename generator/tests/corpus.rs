//! The corpus test: every public OpenAPI document in `corpus/openapi-3.0/` and
//! `corpus/openapi-3.1/` (the project's byte-identical copies, checked against their
//! `SOURCES.tsv` by `corpus_integrity.rs`) is generated with default settings, and the generated
//! code is compiled the way a consumer builds it, as a module of a crate that denies warnings.
//! The test prints one table per folder (spec, the `openapi` version it declares, size, types,
//! operations, skipped operations, warnings, untyped places a warning explains, untyped places
//! not audited, inline types repeating a shape, generated, lines, compiled, generation and check
//! times), writes them to `<target>/tmp/oagen-corpus/report.md`, and fails, with the tables and
//! the errors, when any spec does not generate or compile, leaves a type out without a word, or
//! emits an inline type whose shape another type has (`corpus/shapes.rs`). No spec is left out:
//! the spec files must be the ones each folder's `SOURCES.tsv` lists.
//!
//! Untyped places are audited (`corpus/audit.rs`): every `serde_json::Value` in the generated
//! API whose source schema says what the value is (properties, a composition, items, an enum)
//! needs a warning naming that schema, or a place it lies under.
//!
//! Compiling is `cargo clippy` (a check with clippy's default lints, denied like every warning) of
//! one scratch crate per spec in a scratch workspace under the
//! target directory (see `corpus/scratch.rs`). Its dependency builds are kept between runs, and
//! only specs whose generated code changed are checked again. On two cores a cold run took
//! about three minutes with the 3.0 folder alone: a minute and a half for the dependencies
//! (when the runtime's TLS was rustls on aws-lc-sys, most of it; the default is now the
//! platform's TLS), one and a half for its spec crates (half of it openai-3.0). The
//! 3.1 folder adds about 20 seconds of generation and, cold, five to seven minutes of checking
//! (openai.yaml, 110,000 generated lines, is half of it; discord, mistral, discourse and kong
//! most of the rest). With unchanged output, spec crates take under a second each.
//!
//! `cargo test -p oagen --test corpus -- --nocapture` shows the table as it is printed; a passing
//! run prints it even without `--nocapture`.
//!
//! A second test generates every spec twice and requires byte-identical output. A third
//! compiles every fixture of `tests/fixtures/` that should generate, in the same workspace.

#[path = "corpus/audit.rs"]
mod audit;
#[path = "corpus/scratch.rs"]
mod scratch;
#[path = "corpus/shapes.rs"]
mod shapes;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::Write as _;
use std::num::NonZeroUsize;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use audit::Audit;
use oagen::DiagnosticKind;
use scratch::{CheckOutcome, CheckResult, CompileError, Scratch};
use serde_json::Value;

/// One folder of the corpus.
struct Corpus {
    /// Relative to this crate (`generator/`).
    dir: &'static str,
    /// The table's heading.
    title: &'static str,
    /// Put in front of each spec's identifier (scratch crate and module name), so the folders'
    /// file names cannot collide.
    ident_prefix: &'static str,
}

/// The corpus folders, in the order the report shows them.
const CORPORA: [Corpus; 2] = [
    Corpus {
        dir: "../corpus/openapi-3.0",
        title: "OpenAPI 3.0",
        ident_prefix: "",
    },
    Corpus {
        dir: "../corpus/openapi-3.1",
        title: "OpenAPI 3.1",
        ident_prefix: "oas31_",
    },
];

/// How many places not audited the failure details show per spec (all are counted).
const NOT_AUDITED_SHOWN: usize = 20;

/// How many distinct compiler error messages the failure details show per spec.
const DISTINCT_ERRORS_SHOWN: usize = 10;

/// How many lines of a generation error the failure details show.
const GENERATION_ERROR_LINES: usize = 15;

/// One document of the corpus.
struct Spec {
    /// The folder it is in.
    corpus: &'static Corpus,
    /// The file.
    path: PathBuf,
    /// Its file name, as the table shows it.
    file_name: String,
    /// `openapi-3.1/notion.json`: the folder and the file name, for messages.
    label: String,
    /// The `openapi` version `SOURCES.tsv` records for it, when it has such a column.
    listed_version: Option<String>,
    /// A Rust identifier made from the file stem: scratch crate and module name.
    ident: String,
    /// File size in bytes.
    bytes: u64,
}

/// What generating one spec produced.
struct Generation {
    /// The summary, or the error (or panic) message.
    outcome: Result<Summary, String>,
    /// Wall-clock time of `generate_file`, reading and parsing included.
    elapsed: Duration,
    /// The `openapi` field of the file as written, or why the file could not be read.
    version: Result<String, String>,
    /// Wall-clock time of reading the source for the audit and auditing.
    audit_elapsed: Duration,
}

/// The numbers the table shows for a spec that generated.
struct Summary {
    code: String,
    types: usize,
    operations: usize,
    /// Operations skipped, by the construct that has no client form.
    skipped_operations: BTreeMap<String, usize>,
    warnings: usize,
    /// The untyped-place audit, or why the source could not be read for it.
    audit: Result<Audit, String>,
    /// Inline types whose shape another emitted type has (`corpus/shapes.rs`): their count,
    /// and the groups of one shape, for the failure details.
    repeated_shapes: (usize, Vec<Vec<String>>),
}

/// The skipped operations by reason: the `Construct` of each `OperationSkipped` warning.
fn skip_reasons(warnings: &[oagen::Diagnostic]) -> BTreeMap<String, usize> {
    let mut reasons = BTreeMap::new();
    for warning in warnings {
        if let DiagnosticKind::OperationSkipped(construct) = warning.kind {
            *reasons.entry(format!("{construct:?}")).or_default() += 1;
        }
    }
    reasons
}

/// `0`, or the count with its reasons: `3 (Websocket 3)`.
fn skipped_text(reasons: &BTreeMap<String, usize>) -> String {
    let total: usize = reasons.values().sum();
    if total == 0 {
        return "0".to_owned();
    }
    let listed: Vec<String> = reasons
        .iter()
        .map(|(reason, count)| format!("{reason} {count}"))
        .collect();
    format!("{total} ({})", listed.join(", "))
}

#[test]
fn every_corpus_spec_generates_and_compiles() {
    let start = Instant::now();
    let specs = corpus_specs();

    let (generations, generation_time) = generate_exclusively(|| {
        let start = Instant::now();
        let generations = par_map(&specs, |spec| {
            let start = Instant::now();
            let generated = generate(&spec.path);
            let elapsed = start.elapsed();
            let start = Instant::now();
            let source = audit::read_source(&spec.path);
            let version = source.as_ref().map_err(Clone::clone).map(|document| {
                document
                    .get("openapi")
                    .and_then(Value::as_str)
                    .unwrap_or("none")
                    .to_owned()
            });
            let outcome = generated.map(|generated| Summary {
                types: generated.api.types.len(),
                operations: generated.api.operations.len(),
                skipped_operations: skip_reasons(&generated.warnings),
                warnings: generated.warnings.len(),
                audit: source
                    .as_ref()
                    .map(|document| audit::audit(document, &generated.api, &generated.warnings))
                    .map_err(|error| format!("cannot read the source for the audit: {error}")),
                repeated_shapes: {
                    let repeated = shapes::repeated_shapes(&generated.api);
                    (repeated.count(&generated.api), repeated.groups)
                },
                code: generated.code,
            });
            Generation {
                outcome,
                elapsed,
                version,
                audit_elapsed: start.elapsed(),
            }
        });
        (generations, start.elapsed())
    });

    let scratch = Scratch::new();
    let crates: Vec<(String, String)> = specs
        .iter()
        .zip(&generations)
        .filter_map(|(spec, generation)| {
            let summary = generation.outcome.as_ref().ok()?;
            Some((spec.ident.clone(), summary.code.clone()))
        })
        .collect();
    let (dependencies, checked) = scratch.check(&crates);
    let mut checked: BTreeMap<String, CheckResult> = crates
        .iter()
        .map(|(ident, _)| ident.clone())
        .zip(checked)
        .collect();
    let checks: Vec<Option<CheckResult>> = specs
        .iter()
        .map(|spec| checked.remove(&spec.ident))
        .collect();

    let report = report(
        &specs,
        &generations,
        &checks,
        &dependencies,
        generation_time,
        start.elapsed(),
        scratch.root(),
    );
    let report_file = scratch.root().join("report.md");
    if let Err(message) = scratch::write_if_changed(&report_file, &report.text) {
        let _ = writeln!(std::io::stderr(), "could not write the report: {message}");
    }
    if report.failures.is_empty() {
        // Past the test harness's output capture, so the table is in the log of a passing run
        // too; a failing run shows it in the failure message.
        let _ = std::io::stderr().write_all(format!("\n{}\n", report.text).as_bytes());
    }

    assert!(
        report.failures.is_empty(),
        "{} of {} corpus specs fail (see the details below the tables): {}\n\n{}",
        report.failures.len(),
        specs.len(),
        report.failures.join(", "),
        report.text
    );
    // The skip rule (README): an operation is left out only when it has no client form.
    let unexpected: Vec<String> = specs
        .iter()
        .zip(&generations)
        .filter_map(|(spec, generation)| {
            let summary = generation.outcome.as_ref().ok()?;
            let reasons: Vec<&String> = summary
                .skipped_operations
                .keys()
                .filter(|reason| !ALLOWED_SKIPS.contains(&reason.as_str()))
                .collect();
            (!reasons.is_empty()).then(|| format!("{}: {reasons:?}", spec.label))
        })
        .collect();
    assert!(
        unexpected.is_empty(),
        "operations skipped for constructs that have a client form: {unexpected:?}"
    );
}

/// The constructs an operation may be skipped for: no request/response form exists.
const ALLOWED_SKIPS: [&str; 2] = ["Websocket", "Callbacks"];

#[test]
fn every_corpus_spec_generates_deterministically() {
    let specs = corpus_specs();
    let differences: Vec<String> = generate_exclusively(|| {
        par_map(&specs, |spec| {
            let first = generate(&spec.path);
            let second = generate(&spec.path);
            let difference = match (&first, &second) {
                (Ok(first), Ok(second)) if first.code != second.code => {
                    Some(first_difference(&first.code, &second.code))
                }
                (Ok(first), Ok(second)) if first.warnings != second.warnings => Some(
                    "the same code, but different warnings (or in a different order)".to_owned(),
                ),
                (Ok(_), Ok(_)) => None,
                // Not generating is the other test's business; failing differently is this one's.
                (Err(first), Err(second)) if first == second => None,
                (Err(error), Ok(_)) | (Ok(_), Err(error)) => {
                    Some(format!("generated once and failed once: {error}"))
                }
                (Err(first), Err(second)) => Some(format!(
                    "failed differently:\n    {first}\n  then:\n    {second}"
                )),
            };
            difference.map(|difference| format!("{}: {difference}", spec.label))
        })
    })
    .into_iter()
    .flatten()
    .collect();
    assert!(
        differences.is_empty(),
        "generating the same spec twice gave different results:\n{}",
        differences.join("\n")
    );
}

/// The one-feature fixtures (`tests/fixtures/`, all but the `bad-*` ones, which must not
/// generate) compile too, in the same scratch workspace: each is small and exercises one
/// construct, so a construct emitted wrongly fails here with a short error.
#[test]
fn every_valid_fixture_compiles() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|error| panic!("{}: {error}", dir.display()))
        .map(|entry| entry.expect("fixture entry").path())
        .filter(|path| {
            let name = path
                .file_name()
                .and_then(|name| name.to_str())
                .unwrap_or("");
            !name.starts_with("bad-") && (name.ends_with(".yaml") || name.ends_with(".json"))
        })
        .collect();
    paths.sort();
    assert!(
        paths.len() > 20,
        "too few fixtures found in {}",
        dir.display()
    );
    let mut failures = Vec::new();
    let mut crates = Vec::new();
    for path in &paths {
        let stem = path
            .file_stem()
            .and_then(|stem| stem.to_str())
            .unwrap_or("fixture");
        match generate(path) {
            Ok(generated) => crates.push((format!("fixture_{}", identifier(stem)), generated.code)),
            Err(error) => failures.push(format!("{}: does not generate: {error}", path.display())),
        }
    }
    let (dependencies, results) = Scratch::new().check(&crates);
    if let Err(message) = dependencies {
        panic!("the scratch workspace's dependencies do not build:\n{message}");
    }
    for ((ident, _), result) in crates.iter().zip(results) {
        if let CheckOutcome::Failed {
            errors,
            cargo_stderr,
        } = result.outcome
        {
            let errors: Vec<String> = errors.iter().map(scratch::render).collect();
            failures.push(format!(
                "{ident}: does not compile:\n{}{cargo_stderr}",
                errors.join("\n")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} fixtures fail:\n{}",
        failures.len(),
        paths.len(),
        failures.join("\n\n")
    );
}

/// The audit itself, on a small spec: an untyped place whose schema says what the value is
/// counts as warned when a warning names a pointer it lies under, and as unexplained (with its
/// pointer and keywords) when none does; a schema that leaves the value open counts as open;
/// a place whose schema is not in the source is not audited, and says so.
#[test]
fn the_audit_tells_explained_from_unexplained_untyped_places() {
    let source = serde_json::json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {"/pets": {"get": {
            "operationId": "listPets",
            "parameters": [{
                "name": "filter",
                "in": "query",
                // `not` has no Rust type; `prefixItems` says what the value is.
                "schema": {"not": {"type": "integer"}, "prefixItems": [{"type": "string"}]}
            }],
            "responses": {"200": {
                "description": "ok",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}
            }}
        }}},
        "components": {"schemas": {"Pet": {
            "type": "object",
            "properties": {"anything": {}, "name": {"type": "string"}}
        }}}
    });
    let generated = oagen::Config::new()
        .generate_text("audit.json", &source.to_string())
        .expect("the audit's spec generates");
    let parameter_schema = "#/paths/~1pets/get/parameters/0/schema";

    // Kept as a JSON value, with a warning at its schema: warned. `anything: {}` is open.
    let audit = audit::audit(&source, &generated.api, &generated.warnings);
    assert_eq!(
        (audit.warned, audit.open),
        (1, 1),
        "warned and open: {audit:?}"
    );
    assert!(audit.unexplained.is_empty(), "{:?}", audit.unexplained);
    assert!(audit.not_audited.is_empty(), "{:?}", audit.not_audited);

    // The same places without the warnings: the parameter is unexplained, named by pointer.
    let audit = audit::audit(&source, &generated.api, &[]);
    let unexplained: Vec<(&str, &str)> = audit
        .unexplained
        .iter()
        .map(|finding| (finding.pointer.as_str(), finding.detail.as_str()))
        .collect();
    assert_eq!(unexplained, [(parameter_schema, "prefixItems")]);
    assert_eq!((audit.warned, audit.open), (0, 1), "{audit:?}");

    // A source without the component: the field of `Pet` cannot be traced, and is counted.
    let mut without_pet = source.clone();
    without_pet["components"]["schemas"] = serde_json::json!({});
    let audit = audit::audit(&without_pet, &generated.api, &generated.warnings);
    let not_audited: Vec<&str> = audit
        .not_audited
        .iter()
        .map(|finding| finding.pointer.as_str())
        .collect();
    assert_eq!(
        not_audited,
        ["#/components/schemas/Pet/properties/anything"]
    );
    assert_eq!((audit.warned, audit.open), (1, 0), "{audit:?}");
}

/// The corpus documents, folder by folder, each folder in file-name order. Every spec a
/// folder's `SOURCES.tsv` lists must be there and every spec there must be listed, so that none
/// is silently left out.
fn corpus_specs() -> Vec<Spec> {
    let specs: Vec<Spec> = CORPORA.iter().flat_map(folder_specs).collect();
    let idents: BTreeSet<&str> = specs.iter().map(|spec| spec.ident.as_str()).collect();
    assert_eq!(
        idents.len(),
        specs.len(),
        "two corpus file names map to the same identifier"
    );
    specs
}

/// The documents of one corpus folder, checked against its `SOURCES.tsv`.
fn folder_specs(corpus: &'static Corpus) -> Vec<Spec> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(corpus.dir);
    let folder = dir
        .file_name()
        .map_or_else(String::new, |name| name.to_string_lossy().into_owned());
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|error| {
        panic!(
            "{}: cannot read the corpus ({error}); it is part of the repository, at corpus/{folder}/",
            dir.display()
        )
    });
    let (by_file_name, listed) = sources(&dir);
    let mut specs: Vec<Spec> = entries
        .map(|entry| entry.expect("a readable corpus directory entry").path())
        .filter(|path| {
            path.extension()
                .and_then(|extension| extension.to_str())
                .is_some_and(|extension| ["yaml", "yml", "json"].contains(&extension))
        })
        .map(|path| {
            let file_name = path.file_name().unwrap().to_string_lossy().into_owned();
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            let bytes = std::fs::metadata(&path)
                .unwrap_or_else(|error| panic!("{}: {error}", path.display()))
                .len();
            let listed_version = listed
                .get(&file_name)
                .or_else(|| listed.get(&stem))
                .cloned()
                .flatten();
            Spec {
                corpus,
                ident: format!("{}{}", corpus.ident_prefix, identifier(&stem)),
                label: format!("{folder}/{file_name}"),
                listed_version,
                path,
                file_name,
                bytes,
            }
        })
        .collect();
    specs.sort_by(|a, b| a.file_name.cmp(&b.file_name));

    // The 3.0 folder's SOURCES.tsv keys its rows by file stem (`short-name`), the 3.1 folder's
    // by file name (`file`): each spec is compared in the form its folder uses.
    let present: BTreeSet<String> = specs
        .iter()
        .map(|spec| {
            if by_file_name {
                spec.file_name.clone()
            } else {
                spec.path
                    .file_stem()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            }
        })
        .collect();
    let listed: BTreeSet<String> = listed.into_keys().collect();
    assert_eq!(
        present,
        listed,
        "the spec files in {} and the ones SOURCES.tsv lists differ",
        dir.display()
    );
    assert!(!specs.is_empty(), "{}: no specs", dir.display());
    specs
}

/// The specs a folder's `SOURCES.tsv` lists (its first column: file names when it is headed
/// `file`, file stems otherwise, as the 3.0 folder's `short-name`), each with the value of its
/// `openapi` column when the file has one.
fn sources(dir: &Path) -> (bool, BTreeMap<String, Option<String>>) {
    let sources = dir.join("SOURCES.tsv");
    let text = std::fs::read_to_string(&sources)
        .unwrap_or_else(|error| panic!("{}: {error}", sources.display()));
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split('\t').collect();
    let version_column = header.iter().position(|column| column.trim() == "openapi");
    let by_file_name = header.first().is_some_and(|column| column.trim() == "file");
    let listed = lines
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('\t').collect();
            let name = cells.first()?.trim();
            let version = version_column
                .and_then(|column| cells.get(column))
                .map(|version| version.trim().to_owned());
            (!name.is_empty()).then(|| (name.to_owned(), version))
        })
        .collect();
    (by_file_name, listed)
}

/// `openai-3.0` -> `openai_3_0`: lower case, anything but a letter or digit becomes `_`.
fn identifier(stem: &str) -> String {
    let ident: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if ident.starts_with(|c: char| c.is_ascii_digit()) {
        format!("spec_{ident}")
    } else {
        ident
    }
}

/// Generates one spec with default settings, as a build script would; a panic in the generator
/// becomes an error message, so one bad spec does not hide the others' results.
fn generate(path: &Path) -> Result<oagen::Generated, String> {
    match panic::catch_unwind(AssertUnwindSafe(|| {
        oagen::Config::new().generate_file(path)
    })) {
        Ok(Ok(generated)) => Ok(generated),
        Ok(Err(error)) => Err(error.to_string()),
        Err(payload) => {
            let message = payload
                .downcast_ref::<&str>()
                .map(|message| (*message).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a non-string panic payload".to_owned());
            Err(format!("the generator panicked: {message}"))
        }
    }
}

/// Runs `generate` while no other test of this binary generates: the tests run on parallel
/// threads, and generation times in the table should not include another test's work.
fn generate_exclusively<R>(generate: impl FnOnce() -> R) -> R {
    static GENERATING: Mutex<()> = Mutex::new(());
    let _guard = GENERATING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    generate()
}

/// Where two generated files first differ, as line number and both lines.
fn first_difference(first: &str, second: &str) -> String {
    let mut first_lines = first.lines();
    let mut second_lines = second.lines();
    for number in 1.. {
        match (first_lines.next(), second_lines.next()) {
            (Some(a), Some(b)) if a == b => continue,
            (None, None) => break,
            (a, b) => {
                return format!(
                    "the output differs from line {number}:\n    first:  {}\n    second: {}",
                    a.unwrap_or("<end of file>"),
                    b.unwrap_or("<end of file>")
                )
            }
        }
    }
    "the output differs only in line endings or the final newline".to_owned()
}

/// Maps `f` over `items` on as many threads as there are cores, largest specs first so the
/// big ones do not start last; results keep the order of `items`.
fn par_map<R: Send>(items: &[Spec], f: impl Fn(&Spec) -> R + Sync) -> Vec<R> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_key(|&index| std::cmp::Reverse(items[index].bytes));
    let threads = std::thread::available_parallelism()
        .map_or(2, NonZeroUsize::get)
        .clamp(1, items.len().max(1));
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<R>>> = Mutex::new(items.iter().map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            // The stack a build script's main thread has, where the generator normally runs.
            std::thread::Builder::new()
                .stack_size(8 << 20)
                .spawn_scoped(scope, || {
                    while let Some(&index) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
                        let result = f(&items[index]);
                        results.lock().unwrap()[index] = Some(result);
                    }
                })
                .expect("a worker thread");
        }
    });
    results
        .into_inner()
        .unwrap()
        .into_iter()
        .map(|result| result.expect("every spec was processed"))
        .collect()
}

/// The rendered report and the specs that failed.
struct Report {
    text: String,
    failures: Vec<String>,
}

/// One table per corpus folder, the totals and, for each failing spec, what went wrong.
fn report(
    specs: &[Spec],
    generations: &[Generation],
    checks: &[Option<CheckResult>],
    dependencies: &Result<Duration, String>,
    generation_time: Duration,
    total_time: Duration,
    scratch_root: &Path,
) -> Report {
    let header = [
        "spec",
        "version",
        "KB",
        "types",
        "operations",
        "skipped ops",
        "warnings",
        "untyped (warned)",
        "not audited",
        "repeated shapes",
        "generated",
        "lines",
        "compiled",
        "gen ms",
        "check s",
    ];
    let mut failures = Vec::new();
    let mut details = String::new();
    let mut check_time = Duration::ZERO;
    let mut audit_time = Duration::ZERO;
    let mut text = format!("## oagen corpus: {} specs\n", specs.len());
    for corpus in &CORPORA {
        let mut rows = Vec::new();
        let mut counts = Counts::default();
        let in_corpus = specs
            .iter()
            .zip(generations)
            .zip(checks)
            .filter(|((spec, _), _)| std::ptr::eq(spec.corpus, corpus));
        for ((spec, generation), check) in in_corpus {
            audit_time += generation.audit_elapsed;
            counts.specs += 1;
            let mut failed = false;
            let version = match &generation.version {
                Ok(version) => {
                    if let Some(listed) = spec.listed_version.as_ref().filter(|l| *l != version) {
                        failed = true;
                        let _ = writeln!(
                            details,
                            "\n### {}: declares `openapi: {version}`, SOURCES.tsv says {listed}",
                            spec.label
                        );
                    }
                    version.clone()
                }
                Err(message) => {
                    failed = true;
                    let _ = writeln!(
                        details,
                        "\n### {}: the file does not read\n\n```text\n{message}\n```",
                        spec.label
                    );
                    "-".to_owned()
                }
            };
            let kb = (spec.bytes + 512) / 1024;
            let gen_ms = generation.elapsed.as_millis().to_string();
            let summary = match &generation.outcome {
                Ok(summary) => summary,
                Err(message) => {
                    failures.push(spec.label.clone());
                    let mut row = vec![spec.file_name.clone(), version, kb.to_string()];
                    row.extend(
                        ["-", "-", "-", "-", "-", "-", "-", "error", "-", "-"].map(String::from),
                    );
                    row.extend([gen_ms, "-".to_owned()]);
                    rows.push(row);
                    let _ = writeln!(
                        details,
                        "\n### {}: does not generate\n\n```text\n{}\n```",
                        spec.label,
                        first_lines(message, GENERATION_ERROR_LINES)
                    );
                    continue;
                }
            };
            counts.generated += 1;
            let (compiled, check_s) = match check {
                Some(check) => {
                    check_time += check.elapsed;
                    let check_s = format!("{:.1}", check.elapsed.as_secs_f64());
                    match &check.outcome {
                        CheckOutcome::Clean { fresh } => {
                            counts.compiled += 1;
                            let compiled = if *fresh { "yes (unchanged)" } else { "yes" };
                            (compiled.to_owned(), check_s)
                        }
                        CheckOutcome::Failed {
                            errors,
                            cargo_stderr,
                        } => {
                            failed = true;
                            let _ = write!(
                                details,
                                "{}",
                                compile_details(&spec.label, errors, cargo_stderr)
                            );
                            (format!("no ({})", plural(errors.len(), "error")), check_s)
                        }
                    }
                }
                None => {
                    failed = true;
                    ("not checked".to_owned(), "-".to_owned())
                }
            };
            let (warned, not_audited) = match &summary.audit {
                Ok(audit) => {
                    counts.add(audit);
                    if !audit.unexplained.is_empty() {
                        failed = true;
                        details.push_str(&unexplained_details(&spec.label, audit));
                    }
                    if !audit.not_audited.is_empty() {
                        details.push_str(&not_audited_details(&spec.label, audit));
                    }
                    let warned = if audit.unexplained.is_empty() {
                        audit.warned.to_string()
                    } else {
                        format!(
                            "{} (+{} unexplained)",
                            audit.warned,
                            audit.unexplained.len()
                        )
                    };
                    (warned, audit.not_audited.len().to_string())
                }
                Err(message) => {
                    failed = true;
                    let _ = writeln!(details, "\n### {}: not audited\n\n{message}", spec.label);
                    ("error".to_owned(), "-".to_owned())
                }
            };
            let (repeated, groups) = &summary.repeated_shapes;
            counts.repeated_shapes += repeated;
            if *repeated > 0 {
                failed = true;
                details.push_str(&repeated_shape_details(&spec.label, *repeated, groups));
            }
            if failed {
                failures.push(spec.label.clone());
            }
            rows.push(vec![
                spec.file_name.clone(),
                version,
                kb.to_string(),
                summary.types.to_string(),
                summary.operations.to_string(),
                skipped_text(&summary.skipped_operations),
                summary.warnings.to_string(),
                warned,
                not_audited,
                repeated.to_string(),
                "ok".into(),
                summary.code.lines().count().to_string(),
                compiled,
                gen_ms,
                check_s,
            ]);
        }
        let folder = corpus.dir.trim_start_matches("../");
        let _ = writeln!(
            text,
            "\n### {}: {} specs from {folder}/\n",
            corpus.title, counts.specs
        );
        text.push_str(&table(&header, &rows));
        let _ = writeln!(
            text,
            "\n{generated} of {n} generated, {compiled} of {n} compiled \
             (`cargo clippy`, `#![deny(warnings)]`). Untyped places (`serde_json::Value`): \
             {open} where the schema leaves the value open, {warned} where it says more and a \
             warning explains it, {unexplained} unexplained, {not_audited} not audited (the \
             schema is not in the source as the pointer says). Inline types repeating another \
             type's shape: {repeated_shapes}.",
            n = counts.specs,
            generated = counts.generated,
            compiled = counts.compiled,
            open = counts.open,
            warned = counts.warned,
            unexplained = counts.unexplained,
            not_audited = counts.not_audited,
            repeated_shapes = counts.repeated_shapes,
        );
    }

    let dependencies = match dependencies {
        Ok(time) => format!("{:.1} s", time.as_secs_f64()),
        Err(message) => {
            let _ = writeln!(
                details,
                "\n### the scratch workspace's dependencies do not build\n\n```text\n{message}\n```"
            );
            "failed".to_owned()
        }
    };
    let _ = writeln!(
        text,
        "\nTime: generation {:.1} s (specs in parallel), audit {:.1} s (summed over specs), \
         dependency check {dependencies}, spec crates {:.1} s (one after another), total {:.1} s.",
        generation_time.as_secs_f64(),
        audit_time.as_secs_f64(),
        check_time.as_secs_f64(),
        total_time.as_secs_f64()
    );
    let _ = writeln!(
        text,
        "Scratch workspace: {} (one crate per spec, shared target dir).",
        scratch_root.display()
    );
    if !details.is_empty() {
        text.push_str("\n## Details\n");
        text.push_str(&details);
    }
    Report { text, failures }
}

/// The totals of one corpus folder.
#[derive(Default)]
struct Counts {
    specs: usize,
    generated: usize,
    compiled: usize,
    open: usize,
    warned: usize,
    unexplained: usize,
    not_audited: usize,
    repeated_shapes: usize,
}

impl Counts {
    fn add(&mut self, audit: &Audit) {
        self.open += audit.open;
        self.warned += audit.warned;
        self.unexplained += audit.unexplained.len();
        self.not_audited += audit.not_audited.len();
    }
}

/// How many groups of one shape the failure details show per spec (all are counted).
const SHAPE_GROUPS_SHOWN: usize = 20;

/// The groups of types of one shape that hold an inline type: lowering should have kept one.
fn repeated_shape_details(label: &str, repeated: usize, groups: &[Vec<String>]) -> String {
    let mut out = format!(
        "\n### {label}: {} repeating another type's shape ({} shapes)\n\n```text\n",
        plural(repeated, "inline type"),
        groups.len()
    );
    for group in groups.iter().take(SHAPE_GROUPS_SHOWN) {
        let _ = writeln!(out, "{}", group.join(", "));
    }
    if groups.len() > SHAPE_GROUPS_SHOWN {
        let _ = writeln!(out, "... and {} more", groups.len() - SHAPE_GROUPS_SHOWN);
    }
    out.push_str("```\n");
    out
}

/// Every untyped place no warning explains, by source schema: the schema's pointer, the
/// keywords that say what it is, and the places of the generated API typed from it.
fn unexplained_details(label: &str, audit: &Audit) -> String {
    let mut by_pointer: BTreeMap<(&str, &str), Vec<&str>> = BTreeMap::new();
    for finding in &audit.unexplained {
        by_pointer
            .entry((finding.pointer.as_str(), finding.detail.as_str()))
            .or_default()
            .push(finding.site.as_str());
    }
    let mut out = format!(
        "\n### {label}: {} untyped without a warning ({} schemas)\n\n```text\n",
        plural(audit.unexplained.len(), "place"),
        by_pointer.len()
    );
    for ((pointer, keywords), sites) in &by_pointer {
        let more = match sites.len() {
            1 => String::new(),
            n => format!(" and {} more", plural(n - 1, "place")),
        };
        let _ = writeln!(out, "{pointer} [{keywords}]: {}{more}", sites[0]);
    }
    out.push_str("```\n");
    out
}

/// The untyped places whose source schema could not be found, the first few with why.
fn not_audited_details(label: &str, audit: &Audit) -> String {
    let mut out = format!(
        "\n### {label}: {} not audited\n\n```text\n",
        plural(audit.not_audited.len(), "untyped place")
    );
    for finding in audit.not_audited.iter().take(NOT_AUDITED_SHOWN) {
        let _ = writeln!(
            out,
            "{}: {} ({})",
            finding.pointer, finding.site, finding.detail
        );
    }
    if audit.not_audited.len() > NOT_AUDITED_SHOWN {
        let _ = writeln!(
            out,
            "... {} more",
            audit.not_audited.len() - NOT_AUDITED_SHOWN
        );
    }
    out.push_str("```\n");
    out
}

/// A failing spec's compiler errors: a tally by kind (error code or lint), then each distinct
/// message with how often it occurs and where first, most frequent first.
fn compile_details(file_name: &str, errors: &[CompileError], cargo_stderr: &str) -> String {
    let mut out = format!("\n### {file_name}: does not compile\n\n");
    if errors.is_empty() {
        let _ = writeln!(
            out,
            "cargo failed without a compiler error in this crate:\n\n```text\n{cargo_stderr}\n```"
        );
        return out;
    }
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    let mut messages: BTreeMap<(&str, &str), Vec<&CompileError>> = BTreeMap::new();
    for error in errors {
        let kind = if error.code.is_empty() {
            "other"
        } else {
            error.code.as_str()
        };
        *kinds.entry(kind).or_default() += 1;
        messages
            .entry((kind, error.message.as_str()))
            .or_default()
            .push(error);
    }
    let mut kinds: Vec<(&str, usize)> = kinds.into_iter().collect();
    kinds.sort_by_key(|&(kind, count)| (std::cmp::Reverse(count), kind));
    let tally: Vec<String> = kinds
        .iter()
        .map(|(kind, count)| format!("{kind} x{count}"))
        .collect();
    let _ = writeln!(
        out,
        "{}: {}\n\n```text",
        plural(errors.len(), "error"),
        tally.join(", ")
    );
    let mut messages: Vec<(&CompileError, usize)> = messages
        .into_values()
        .map(|same| (same[0], same.len()))
        .collect();
    messages.sort_by_key(|&(first, count)| (std::cmp::Reverse(count), first.location.clone()));
    for (first, count) in messages.iter().take(DISTINCT_ERRORS_SHOWN) {
        let _ = writeln!(out, "x{count:<4} {}", scratch::render(first));
    }
    if messages.len() > DISTINCT_ERRORS_SHOWN {
        let _ = writeln!(
            out,
            "... {} more distinct messages",
            messages.len() - DISTINCT_ERRORS_SHOWN
        );
    }
    out.push_str("```\n");
    out
}

/// `1 error`, `2 errors`.
fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// The first `limit` lines of `text`, and how many more there were.
fn first_lines(text: &str, limit: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() <= limit {
        return text.to_owned();
    }
    format!(
        "{}\n... {} more lines",
        lines[..limit].join("\n"),
        lines.len() - limit
    )
}

/// A Markdown table with padded columns: readable as plain text in a log, too.
fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let widths: Vec<usize> = (0..header.len())
        .map(|column| {
            rows.iter()
                .map(|row| row[column].chars().count())
                .chain([header[column].len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    // The first column is text; the rest are numbers or short words, right-aligned.
    let line = |cells: Vec<&str>| {
        let cells: Vec<String> = cells
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(column, (cell, &width))| {
                if column == 0 {
                    format!("{cell:<width$}")
                } else {
                    format!("{cell:>width$}")
                }
            })
            .collect();
        format!("| {} |\n", cells.join(" | "))
    };
    let mut out = line(header.to_vec());
    let rule: Vec<String> = widths
        .iter()
        .enumerate()
        .map(|(column, &width)| {
            if column == 0 {
                "-".repeat(width + 2)
            } else {
                format!("{}:", "-".repeat(width + 1))
            }
        })
        .collect();
    let _ = writeln!(out, "|{}|", rule.join("|"));
    for row in rows {
        out.push_str(&line(row.iter().map(String::as_str).collect()));
    }
    out
}
