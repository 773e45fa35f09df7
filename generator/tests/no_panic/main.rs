//! Robustness: arbitrary and mutated specs never make the generator panic.
//!
//! Seed specs (ours in `spec/` and a few small public ones from the project's copy of the corpus,
//! OpenAPI 3.0 from `corpus/openapi-3.0/` and 3.1 from `corpus/openapi-3.1/`, the larger ones
//! picked less often) are mutated with a deterministic pseudo-random mutator and fed to
//! `Config::generate_text`:
//!
//! - structurally: the spec is parsed to a `serde_json::Value`, edited (keys deleted or renamed,
//!   values replaced by other types, subtrees grafted elsewhere, `$ref`s to missing, foreign or
//!   self-referential targets, junk `type`/`format`/`enum`/`required`, `allOf`/`oneOf`/`anyOf`
//!   wrappers, `A -> B -> A` recursion, deep nesting, very long, Unicode, keyword and empty
//!   names, junk operations, parameters, responses and `x-oagen-*` extensions), then written back
//!   as JSON or YAML;
//! - with the OpenAPI 3.1 forms the loader rewrites first (`v31` and `v31_doc`): `openapi: 3.1.x`
//!   set on 3.0 seeds (with `jsonSchemaDialect`, `info.summary`, `license.identifier`), `type`
//!   lists with and without `null`, `const` of every JSON type, `oneOf`/`anyOf` with `null`
//!   members or of `const`s, `prefixItems` with `items`/`minItems`/`maxItems` combinations,
//!   `$defs` and references into them (and dangling ones), `$recursiveRef`/`$dynamicRef`, `$ref`
//!   with sibling keywords, numeric and boolean exclusive bounds, `examples`,
//!   `patternProperties`, `propertyNames`, `dependentRequired`, `if`/`then`/`else`, content
//!   keywords, boolean schemas, `unevaluated*`, `webhooks` and `components/pathItems` with
//!   reference loops, each also with junk values; the run counts the 3.1 cases apart and fails
//!   if too few of them reach the generator's end;
//! - byte by byte: the text is truncated, bit-flipped, spliced with YAML/JSON punctuation, random
//!   characters, anchors and aliases, or re-indented.
//!
//! Every case must return `Ok` or `Err`. A panic, an `Error::Emit` (the generator's own "emitted
//! code does not parse, please report this") or an `Ok` whose code `syn::parse_file` rejects is a
//! failure. Each distinct failure (by panic location or error message) is written to
//! `<target>/tmp/oagen-no-panic/`, shrunk for a bounded time, and reported with an excerpt.
//!
//! The run is deterministic: case `i` is built from the seed and `i` alone. Knobs (environment):
//! - `OAGEN_FUZZ_CASES`: how many cases (default 2000);
//! - `OAGEN_FUZZ_SECONDS`: run for that long instead, e.g. a long run:
//!   `OAGEN_FUZZ_SECONDS=600 cargo test -p oagen --release --test no_panic -- --nocapture`;
//! - `OAGEN_FUZZ_SEED`: another set of cases (decimal or `0x` hex);
//! - `OAGEN_FUZZ_WORKERS`: threads (default: the cores, at most 4);
//! - `OAGEN_FUZZ_HANG_SECONDS`: a single case running longer stops the process and names the
//!   input (default 60);
//! - `OAGEN_FUZZ_CHILD_SECONDS`: the time limit for an input run in a child process (default 10);
//! - `OAGEN_FUZZ_REPLAY=a.yaml:b.json`: run only those files (e.g. a failure or a libFuzzer
//!   artifact renamed to `.yaml`/`.json`).
//!
//! Inputs of the kind that once overflowed the stack (`allOf` cycles, including those the 3.1
//! rewrite makes of `$ref`s with siblings and of `$dynamicRef`s) run in a child process
//! (this test executable again, in replay mode), so an overflow or a timeout there is reported
//! like a panic. Any other case that overflows the stack aborts the process, and one that runs
//! past the hang limit stops it; its input is then still in `in-flight-<worker>.*` in the same
//! directory. Deeply nested inputs, which once took time exponential in their depth and ran in a
//! child process too, now run here like the rest: the loader checks every schema once before
//! the typed parse (`generator/src/load/schemas.rs`, linear time) and refuses documents nested
//! deeper than its limit.
//!
//! The parts: `drive` (settings and the workers' loop), `watchdog`, `case` (one input),
//! `runner` (in process or in a child), `generator` (running it, catching panics), `shrink`
//! (reports and shrinking), `seeds`, `rng`, `doc` (paths into a document), `values`
//! (interesting values), `mutate`, `junk`, `operations`, `v31` and `v31_doc` (structural
//! mutations), `text` (text mutations).

mod case;
mod doc;
mod drive;
mod generator;
mod junk;
mod mutate;
mod operations;
mod rng;
mod runner;
mod seeds;
mod shrink;
mod text;
mod v31;
mod v31_doc;
mod values;
mod watchdog;

use std::collections::BTreeMap;
use std::panic;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use crate::drive::{work, Settings, Shared};
use crate::generator::{install_panic_hook, run_generator, CONSTRUCTS};
use crate::seeds::load_seeds;
use crate::shrink::describe_failure;
use crate::watchdog::watchdog;

/// OpenAPI 3.1 constructs (as `Generated::reading` names them) that cases which generate must
/// have read, in a run of 2000 cases or more.
const REACHED_CONSTRUCTS: &[&str] = &[
    "$ref with sibling keywords",
    "boolean schemas",
    "components/pathItems",
    "const",
    "contentEncoding and contentMediaType",
    "examples arrays",
    "if/then/else",
    "jsonSchemaDialect",
    "null alternatives",
    "null in a type list",
    "numeric exclusive bounds",
    "path item references",
    "prefixItems",
    "type lists of several types",
    "unevaluatedProperties",
    "webhooks",
];

/// The main thread's usual stack size on Linux, where a build script runs the generator.
const STACK_SIZE: usize = 8 << 20;

#[test]
fn mutated_specs_never_panic() {
    if let Some(files) = std::env::var_os("OAGEN_FUZZ_REPLAY") {
        replay(&files);
        return;
    }
    let settings = Settings::from_env();
    let seeds = load_seeds();
    let out_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("oagen-no-panic");
    std::fs::create_dir_all(&out_dir).expect("create the output directory");
    install_panic_hook();

    // Every seed must generate as it is; otherwise the mutants say little.
    for seed in &seeds {
        if let Err(failure) = run_generator(&seed.file_name(), &seed.text) {
            panic!(
                "the unmutated seed {} already fails: {}\n{}",
                seed.name, failure.signature, failure.detail
            );
        }
    }

    // Only what the mutants reach counts.
    CONSTRUCTS.lock().unwrap_or_else(|e| e.into_inner()).clear();

    let workers = settings.workers;
    let shared = Shared {
        next_case: AtomicUsize::new(0),
        done: AtomicBool::new(false),
        busy_since: (0..workers).map(|_| AtomicU64::new(0)).collect(),
        started: Instant::now(),
        outcomes: Mutex::new(BTreeMap::new()),
        v31_outcomes: Mutex::new(BTreeMap::new()),
        failures: Mutex::new(BTreeMap::new()),
    };
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|worker| {
                let (shared, seeds, settings, out_dir) = (&shared, &seeds, &settings, &out_dir);
                std::thread::Builder::new()
                    .name(format!("no-panic-{worker}"))
                    .stack_size(STACK_SIZE)
                    .spawn_scoped(scope, move || {
                        work(worker, shared, seeds, settings, out_dir);
                    })
                    .expect("spawn a worker")
            })
            .collect();
        scope.spawn(|| watchdog(&shared, &settings, &out_dir));
        for handle in handles {
            if let Err(payload) = handle.join() {
                shared.done.store(true, Ordering::SeqCst);
                panic::resume_unwind(payload);
            }
        }
        shared.done.store(true, Ordering::SeqCst);
    });

    let elapsed = shared.started.elapsed();
    let outcomes = shared.outcomes.into_inner().expect("outcomes");
    let executions: u64 = outcomes.values().sum();
    let v31_outcomes = shared.v31_outcomes.into_inner().expect("3.1 outcomes");
    let v31_executions: u64 = v31_outcomes.values().sum();
    println!(
        "no_panic: {executions} executions in {:.1} s, {:.1} per second ({workers} workers, \
         seed {:#x}): {outcomes:?}; of them OpenAPI 3.1: {v31_executions}: {v31_outcomes:?}",
        elapsed.as_secs_f64(),
        executions as f64 / elapsed.as_secs_f64().max(1e-9),
        settings.seed
    );
    let constructs = CONSTRUCTS.lock().unwrap_or_else(|e| e.into_inner()).clone();
    println!("no_panic: OpenAPI 3.1 constructs read, by cases that generated: {constructs:?}");
    let failures = shared.failures.into_inner().expect("failures");
    if failures.is_empty() {
        // The 3.1 seeds and mutations must reach the 3.1 rewrite, and through it the generator's
        // end: a run of 3.1 cases that all fail to load would test the loader's refusals alone.
        let v31_ok = v31_outcomes.get("ok").copied().unwrap_or(0);
        assert!(
            executions < 200 || (v31_executions * 5 >= executions && v31_ok * 10 >= v31_executions),
            "too few OpenAPI 3.1 cases ({v31_executions} of {executions}) or too few of them \
             generate ({v31_ok}): the 3.1 seeds or mutations no longer do what they are for"
        );
        // Each of these is reached a dozen times or more in a default run: none reached means
        // the mutations no longer make it (or the loader no longer reads it under that name).
        let missing: Vec<&str> = REACHED_CONSTRUCTS
            .iter()
            .copied()
            .filter(|construct| !constructs.contains_key(*construct))
            .collect();
        assert!(
            executions < 2000 || missing.is_empty(),
            "no case that generated read these OpenAPI 3.1 constructs: {missing:?}"
        );
        for worker in 0..workers {
            for ext in ["json", "yaml"] {
                let _ = std::fs::remove_file(out_dir.join(format!("in-flight-{worker}.{ext}")));
            }
        }
        return;
    }
    let mut report = format!(
        "{} distinct failure(s) in {executions} executions (seed {:#x}):\n",
        failures.len(),
        settings.seed
    );
    for (number, (signature, found)) in failures.into_iter().enumerate() {
        report.push_str(&describe_failure(
            number + 1,
            &signature,
            &found,
            &out_dir,
            &settings,
        ));
    }
    panic!("{report}");
}

/// `OAGEN_FUZZ_REPLAY=a.yaml:b.json`: runs just those files (the extension picks the parser)
/// and fails on the first that fails, as the main run would.
/// With `OAGEN_FUZZ_RESULT` (a child process run by [`Runner`]), the outcome goes to that file.
fn replay(files: &std::ffi::OsStr) {
    install_panic_hook();
    let result_file = std::env::var_os("OAGEN_FUZZ_RESULT");
    for path in std::env::split_paths(files) {
        let text = std::fs::read(&path)
            .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
        let text = String::from_utf8_lossy(&text);
        let file = path.to_string_lossy();
        // On a thread with the workers' stack size, so the outcome is the same as in the run.
        let result = std::thread::scope(|scope| {
            std::thread::Builder::new()
                .stack_size(STACK_SIZE)
                .spawn_scoped(scope, || run_generator(&file, &text))
                .expect("spawn the replay thread")
                .join()
                .expect("run_generator catches panics")
        });
        if let Some(result_file) = &result_file {
            let written = match &result {
                Ok(kind) => (*kind).to_owned(),
                Err(failure) => format!("FAILURE\n{}\n{}", failure.signature, failure.detail),
            };
            std::fs::write(result_file, written).expect("write the result file");
            continue;
        }
        match result {
            Ok(kind) => println!("{file}: {kind}"),
            Err(failure) => panic!("{file}: {}\n{}", failure.signature, failure.detail),
        }
    }
}
