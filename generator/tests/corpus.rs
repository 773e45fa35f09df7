//! The corpus test: every public OpenAPI 3.0 document in `corpus/openapi-3.0/` (the project's
//! byte-identical copy, checked against `SOURCES.tsv` by `corpus_integrity.rs`) is generated with default settings, and the generated
//! code is compiled the way a consumer builds it, as a module of a crate that denies warnings.
//! The test prints a table (spec, size, types, operations, skipped operations, warnings,
//! generated, lines, compiled, generation and check times), writes it to
//! `<target>/tmp/oagen-corpus/report.md`, and fails, with the table and the errors, when any
//! spec does not generate or compile. No spec is left out: the spec files must be the ones
//! `SOURCES.tsv` lists.
//!
//! Compiling is `cargo check` of one scratch crate per spec in a scratch workspace under the
//! target directory (see `corpus/scratch.rs`). Its dependency builds are kept between runs, and
//! only specs whose generated code changed are checked again. On two cores a cold run takes
//! about three minutes: a minute and a half for the dependencies (aws-lc-sys is most of it),
//! one for the spec crates (half of it openai-3.0); with unchanged output, under 20 seconds.
//!
//! `cargo test -p oagen --test corpus -- --nocapture` shows the table as it is printed; a passing
//! run prints it even without `--nocapture`.
//!
//! A second test generates every spec twice and requires byte-identical output. A third
//! compiles every fixture of `tests/fixtures/` that should generate, in the same workspace.

#[path = "corpus/scratch.rs"]
mod scratch;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::Write as _;
use std::num::NonZeroUsize;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use oagen::DiagnosticKind;
use scratch::{CheckOutcome, CheckResult, CompileError, Scratch};

/// The corpus, relative to this crate (`generator/`): `<project root>/corpus/openapi-3.0`.
const CORPUS_DIR: &str = "../corpus/openapi-3.0";

/// How many distinct compiler error messages the failure details show per spec.
const DISTINCT_ERRORS_SHOWN: usize = 10;

/// How many lines of a generation error the failure details show.
const GENERATION_ERROR_LINES: usize = 15;

/// One document of the corpus.
struct Spec {
    /// The file.
    path: PathBuf,
    /// Its file name, as the table shows it.
    file_name: String,
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
}

/// The numbers the table shows for a spec that generated.
struct Summary {
    code: String,
    types: usize,
    operations: usize,
    skipped_operations: usize,
    warnings: usize,
}

#[test]
fn every_corpus_spec_generates_and_compiles() {
    let start = Instant::now();
    let specs = corpus_specs();

    let (generations, generation_time) = generate_exclusively(|| {
        let start = Instant::now();
        let generations = par_map(&specs, |spec| {
            let start = Instant::now();
            let outcome = generate(&spec.path).map(|generated| Summary {
                types: generated.api.types.len(),
                operations: generated.api.operations.len(),
                skipped_operations: generated
                    .warnings
                    .iter()
                    .filter(|warning| matches!(warning.kind, DiagnosticKind::OperationSkipped(_)))
                    .count(),
                warnings: generated.warnings.len(),
                code: generated.code,
            });
            Generation {
                outcome,
                elapsed: start.elapsed(),
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
        "{} of {} corpus specs do not generate or compile: {}\n\n{}",
        report.failures.len(),
        specs.len(),
        report.failures.join(", "),
        report.text
    );
}

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
            difference.map(|difference| format!("{}: {difference}", spec.file_name))
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

/// The corpus documents, in file-name order. Every spec `SOURCES.tsv` lists must be there and
/// every spec there must be listed, so that none is silently left out.
fn corpus_specs() -> Vec<Spec> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(CORPUS_DIR);
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|error| {
        panic!(
            "{}: cannot read the corpus ({error}); \
             it is part of the repository, at corpus/openapi-3.0/",
            dir.display()
        )
    });
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
            Spec {
                ident: identifier(&stem),
                path,
                file_name,
                bytes,
            }
        })
        .collect();
    specs.sort_by(|a, b| a.file_name.cmp(&b.file_name));

    let sources = dir.join("SOURCES.tsv");
    let listed: BTreeSet<String> = std::fs::read_to_string(&sources)
        .unwrap_or_else(|error| panic!("{}: {error}", sources.display()))
        .lines()
        .skip(1)
        .filter_map(|line| line.split('\t').next())
        .filter(|name| !name.trim().is_empty())
        .map(|name| name.trim().to_owned())
        .collect();
    let present: BTreeSet<String> = specs
        .iter()
        .map(|spec| {
            spec.path
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(
        present,
        listed,
        "the spec files in {} and the ones SOURCES.tsv lists differ",
        dir.display()
    );
    let idents: BTreeSet<&str> = specs.iter().map(|spec| spec.ident.as_str()).collect();
    assert_eq!(
        idents.len(),
        specs.len(),
        "two corpus file names map to the same identifier"
    );
    specs
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

/// The table, the totals and, for each failing spec, what went wrong.
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
        "KB",
        "types",
        "operations",
        "skipped ops",
        "warnings",
        "generated",
        "lines",
        "compiled",
        "gen ms",
        "check s",
    ];
    let mut rows = Vec::new();
    let mut failures = Vec::new();
    let mut details = String::new();
    let mut check_time = Duration::ZERO;
    for ((spec, generation), check) in specs.iter().zip(generations).zip(checks) {
        let kb = (spec.bytes + 512) / 1024;
        let gen_ms = generation.elapsed.as_millis().to_string();
        let summary = match &generation.outcome {
            Ok(summary) => summary,
            Err(message) => {
                failures.push(spec.file_name.clone());
                rows.push(vec![
                    spec.file_name.clone(),
                    kb.to_string(),
                    "-".into(),
                    "-".into(),
                    "-".into(),
                    "-".into(),
                    "error".into(),
                    "-".into(),
                    "-".into(),
                    gen_ms,
                    "-".into(),
                ]);
                let _ = writeln!(
                    details,
                    "\n### {}: does not generate\n\n```text\n{}\n```",
                    spec.file_name,
                    first_lines(message, GENERATION_ERROR_LINES)
                );
                continue;
            }
        };
        let (compiled, check_s) = match check {
            Some(check) => {
                check_time += check.elapsed;
                let check_s = format!("{:.1}", check.elapsed.as_secs_f64());
                match &check.outcome {
                    CheckOutcome::Clean { fresh: false } => ("yes".to_owned(), check_s),
                    CheckOutcome::Clean { fresh: true } => ("yes (unchanged)".to_owned(), check_s),
                    CheckOutcome::Failed {
                        errors,
                        cargo_stderr,
                    } => {
                        failures.push(spec.file_name.clone());
                        let _ = write!(
                            details,
                            "{}",
                            compile_details(&spec.file_name, errors, cargo_stderr)
                        );
                        (format!("no ({})", plural(errors.len(), "error")), check_s)
                    }
                }
            }
            None => {
                failures.push(spec.file_name.clone());
                ("not checked".to_owned(), "-".to_owned())
            }
        };
        rows.push(vec![
            spec.file_name.clone(),
            kb.to_string(),
            summary.types.to_string(),
            summary.operations.to_string(),
            summary.skipped_operations.to_string(),
            summary.warnings.to_string(),
            "ok".into(),
            summary.code.lines().count().to_string(),
            compiled,
            gen_ms,
            check_s,
        ]);
    }

    let generated = generations.iter().filter(|g| g.outcome.is_ok()).count();
    let compiled = checks
        .iter()
        .flatten()
        .filter(|check| matches!(check.outcome, CheckOutcome::Clean { .. }))
        .count();
    let mut text = format!(
        "## oagen corpus: {} specs from corpus/openapi-3.0/\n\n",
        specs.len()
    );
    text.push_str(&table(&header, &rows));
    let _ = writeln!(
        text,
        "\n{generated} of {n} generated, {compiled} of {n} compiled \
         (`cargo check`, `#![deny(warnings)]`).",
        n = specs.len()
    );
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
        "Time: generation {:.1} s (specs in parallel), dependency check {dependencies}, \
         spec crates {:.1} s (one after another), total {:.1} s.",
        generation_time.as_secs_f64(),
        check_time.as_secs_f64(),
        total_time.as_secs_f64()
    );
    let _ = writeln!(
        text,
        "Scratch workspace: {} (one crate per spec, shared target dir).",
        scratch_root.display()
    );
    if !details.is_empty() {
        text.push_str("\n## Failures\n");
        text.push_str(&details);
    }
    Report { text, failures }
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
