//! Robustness: arbitrary and mutated specs never make the generator panic.
//!
//! Seed specs (ours in `spec/` and a few small public ones from the project's copy of the corpus,
//! `corpus/openapi-3.0/`) are mutated with a deterministic pseudo-random mutator and fed to
//! `Config::generate_text`:
//!
//! - structurally: the spec is parsed to a `serde_json::Value`, edited (keys deleted or renamed,
//!   values replaced by other types, subtrees grafted elsewhere, `$ref`s to missing, foreign or
//!   self-referential targets, junk `type`/`format`/`enum`/`required`, `allOf`/`oneOf`/`anyOf`
//!   wrappers, `A -> B -> A` recursion, deep nesting, very long, Unicode, keyword and empty
//!   names, junk operations, parameters, responses and `x-oagen-*` extensions), then written back
//!   as JSON or YAML;
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
//! Inputs of the kinds that once overflowed the stack (`allOf` cycles) or took exponential time
//! (very deep nesting) run in a child process (this test executable again, in replay mode), so
//! an overflow or a timeout there is reported like a panic; after the first timeout on deep
//! nesting, later deep inputs are skipped. Any other case that overflows the stack aborts the
//! process; its input is then still in `in-flight-<worker>.*` in the same directory.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashSet};
use std::io::Write;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Mutex, Once};
use std::time::{Duration, Instant};

use serde_json::{json, Map, Value};

const DEFAULT_CASES: u64 = 2000;
const DEFAULT_SEED: u64 = 0x0A6E_F022_2024_0001;
const DEFAULT_HANG_SECONDS: u64 = 60;
const DEFAULT_CHILD_SECONDS: u64 = 10;
/// The main thread's usual stack size on Linux, where a build script runs the generator.
const STACK_SIZE: usize = 8 << 20;
/// Time spent shrinking each distinct failure.
const SHRINK_BUDGET: Duration = Duration::from_secs(20);

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

// ---------------------------------------------------------------------------------------------
// The test

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

    let workers = settings.workers;
    let shared = Shared {
        next_case: AtomicUsize::new(0),
        done: AtomicBool::new(false),
        busy_since: (0..workers).map(|_| AtomicU64::new(0)).collect(),
        started: Instant::now(),
        outcomes: Mutex::new(BTreeMap::new()),
        failures: Mutex::new(BTreeMap::new()),
        deep_timed_out: AtomicBool::new(false),
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
    let executions: u64 = outcomes
        .iter()
        .filter(|(kind, _)| !kind.starts_with("skipped"))
        .map(|(_, count)| count)
        .sum();
    println!(
        "no_panic: {executions} executions in {:.1} s ({workers} workers, seed {:#x}): {outcomes:?}",
        elapsed.as_secs_f64(),
        settings.seed
    );
    let failures = shared.failures.into_inner().expect("failures");
    if failures.is_empty() {
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

// ---------------------------------------------------------------------------------------------
// Driving the cases

struct Settings {
    seed: u64,
    cases: u64,
    seconds: Option<u64>,
    hang: Duration,
    workers: usize,
    child_timeout: Duration,
}

impl Settings {
    fn from_env() -> Self {
        let number = |name: &str| {
            std::env::var(name).ok().map(|text| {
                let text = text.trim();
                let parsed = match text.strip_prefix("0x") {
                    Some(hex) => u64::from_str_radix(hex, 16),
                    None => text.parse(),
                };
                parsed.unwrap_or_else(|_| panic!("{name} must be a number, not {text:?}"))
            })
        };
        Settings {
            seed: number("OAGEN_FUZZ_SEED").unwrap_or(DEFAULT_SEED),
            cases: number("OAGEN_FUZZ_CASES").unwrap_or(DEFAULT_CASES),
            seconds: number("OAGEN_FUZZ_SECONDS"),
            hang: Duration::from_secs(
                number("OAGEN_FUZZ_HANG_SECONDS").unwrap_or(DEFAULT_HANG_SECONDS),
            ),
            child_timeout: Duration::from_secs(
                number("OAGEN_FUZZ_CHILD_SECONDS").unwrap_or(DEFAULT_CHILD_SECONDS),
            ),
            workers: number("OAGEN_FUZZ_WORKERS").map_or_else(
                || std::thread::available_parallelism().map_or(2, |n| n.get().min(4)),
                |n| (n as usize).max(1),
            ),
        }
    }

    fn more(&self, case: u64, started: Instant) -> bool {
        match self.seconds {
            Some(seconds) => started.elapsed() < Duration::from_secs(seconds),
            None => case < self.cases,
        }
    }
}

struct Shared {
    next_case: AtomicUsize,
    done: AtomicBool,
    /// Per worker: milliseconds since `started` when its current case began, 0 when idle.
    busy_since: Vec<AtomicU64>,
    started: Instant,
    outcomes: Mutex<BTreeMap<&'static str, u64>>,
    failures: Mutex<BTreeMap<String, Found>>,
    /// Set once a deeply nested input timed out: later ones are skipped, the bug is reported.
    deep_timed_out: AtomicBool,
}

/// The first (lowest-numbered) case that showed one failure signature.
struct Found {
    case: u64,
    input: Case,
    detail: String,
    count: u64,
}

fn work(worker: usize, shared: &Shared, seeds: &[Seed], settings: &Settings, out_dir: &Path) {
    let mut outcomes: BTreeMap<&'static str, u64> = BTreeMap::new();
    let mut next_report = 60;
    loop {
        let case = shared.next_case.fetch_add(1, Ordering::SeqCst) as u64;
        if !settings.more(case, shared.started) {
            break;
        }
        // Progress for long runs, which a stack overflow would otherwise end without numbers.
        let elapsed = shared.started.elapsed().as_secs();
        if worker == 0 && settings.seconds.is_some() && elapsed >= next_report {
            println!("no_panic: {case} cases started after {elapsed} s");
            next_report = elapsed + 60;
        }
        let mut rng = Rng::new(settings.seed ^ case.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let input = make_case(seeds, &mut rng);
        let in_flight = out_dir.join(format!("in-flight-{worker}.{}", input.ext()));
        let other = if input.json { "yaml" } else { "json" };
        let _ = std::fs::remove_file(out_dir.join(format!("in-flight-{worker}.{other}")));
        let _ = std::fs::write(&in_flight, &input.text);
        let since = shared.started.elapsed().as_millis() as u64;
        shared.busy_since[worker].store(since.max(1), Ordering::SeqCst);
        let runner = Runner {
            out_dir,
            tag: format!("worker-{worker}"),
            timeout: settings.child_timeout,
            deep_timed_out: &shared.deep_timed_out,
        };
        let result = runner.run(&input);
        shared.busy_since[worker].store(0, Ordering::SeqCst);
        match result {
            Ok(kind) => *outcomes.entry(kind).or_default() += 1,
            Err(failure) => {
                *outcomes.entry("FAILURE").or_default() += 1;
                let mut failures = shared.failures.lock().unwrap_or_else(|e| e.into_inner());
                let found = failures.entry(failure.signature).or_insert(Found {
                    case,
                    input: input.clone(),
                    detail: failure.detail.clone(),
                    count: 0,
                });
                found.count += 1;
                if case < found.case {
                    found.case = case;
                    found.input = input;
                    found.detail = failure.detail;
                }
            }
        }
    }
    let mut total = shared.outcomes.lock().unwrap_or_else(|e| e.into_inner());
    for (kind, count) in outcomes {
        *total.entry(kind).or_default() += count;
    }
}

/// Stops the whole process when one case runs longer than the hang limit: a hang would
/// otherwise keep the test running forever, and a stuck thread cannot be unwound.
fn watchdog(shared: &Shared, settings: &Settings, out_dir: &Path) {
    while !shared.done.load(Ordering::SeqCst) {
        std::thread::sleep(Duration::from_millis(200));
        let now = shared.started.elapsed().as_millis() as u64;
        for (worker, since) in shared.busy_since.iter().enumerate() {
            let since = since.load(Ordering::SeqCst);
            if since != 0 && now.saturating_sub(since) > settings.hang.as_millis() as u64 {
                let mut message = format!(
                    "\nno_panic: one case has run for over {} s: the generator hangs (or is \
                     very slow) on the input in {}/in-flight-{worker}.*\n",
                    settings.hang.as_secs(),
                    out_dir.display()
                );
                // What was found before, which would otherwise be lost with the process.
                let failures = shared.failures.lock().unwrap_or_else(|e| e.into_inner());
                for (signature, found) in failures.iter() {
                    message.push_str(&format!(
                        "no_panic: also found: {signature} ({} time(s); case {}: {})\n",
                        found.count,
                        found.case,
                        found.detail.lines().next().unwrap_or_default()
                    ));
                }
                let _ = std::io::stderr().write_all(message.as_bytes());
                std::process::exit(3);
            }
        }
    }
}

/// One input: the text and the file name whose extension picks the parser.
#[derive(Clone)]
struct Case {
    seed: &'static str,
    json: bool,
    text: String,
    /// The mutated document, when the text is exactly its serialization (for shrinking).
    doc: Option<Value>,
    how: String,
}

impl Case {
    fn ext(&self) -> &'static str {
        if self.json {
            "json"
        } else {
            "yaml"
        }
    }

    fn file_name(&self) -> String {
        format!("fuzz.{}", self.ext())
    }
}

fn make_case(seeds: &[Seed], rng: &mut Rng) -> Case {
    let seed = rng.pick(seeds);
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
    if structural {
        return Case {
            seed: seed.name,
            json,
            text,
            doc: Some(doc),
            how: how.join(", "),
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
    }
}

fn serialize(doc: &Value, json: bool, pretty: bool) -> String {
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

/// Inputs nested deeper than this (real specs stay under 20 levels) run in a child process:
/// parsing an invalid deeply nested schema takes time exponential in the depth.
const DEEP: usize = 22;

fn depth(value: &Value) -> usize {
    match value {
        Value::Object(map) => 1 + map.values().map(depth).max().unwrap_or(0),
        Value::Array(items) => 1 + items.iter().map(depth).max().unwrap_or(0),
        _ => 0,
    }
}

/// Whether a component schema reaches itself through `allOf` alone (`A: {allOf: [$ref A, ..]}`
/// or through other schemas): such inputs run in a child process, as they once overflowed the
/// stack.
fn has_all_of_cycle(doc: &Value) -> bool {
    fn refs_in(schema: &Value, out: &mut Vec<String>) {
        for part in schema
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            match part.get("$ref").and_then(Value::as_str) {
                Some(reference) => {
                    if let Some(name) = reference.strip_prefix("#/components/schemas/") {
                        out.push(name.replace("~1", "/").replace("~0", "~"));
                    }
                }
                None => refs_in(part, out),
            }
        }
    }
    let Some(schemas) = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    else {
        return false;
    };
    schemas.keys().any(|start| {
        let mut seen = HashSet::new();
        let mut todo = Vec::new();
        refs_in(&schemas[start], &mut todo);
        while let Some(name) = todo.pop() {
            if name == *start {
                return true;
            }
            if seen.insert(name.clone()) {
                if let Some(schema) = schemas.get(&name) {
                    refs_in(schema, &mut todo);
                }
            }
        }
        false
    })
}

/// Runs one input: in this process, or in a child process when the input is of a kind that
/// once overflowed the stack or hung (a stack overflow aborts the whole process, and a hung
/// thread cannot be stopped), so the run goes on and reports those like any other failure.
struct Runner<'a> {
    out_dir: &'a Path,
    tag: String,
    timeout: Duration,
    deep_timed_out: &'a AtomicBool,
}

impl Runner<'_> {
    fn run(&self, input: &Case) -> Result<&'static str, Failure> {
        let parsed;
        let doc = match &input.doc {
            Some(doc) => Some(doc),
            None => {
                parsed = if input.json {
                    serde_json::from_str::<Value>(&input.text).ok()
                } else {
                    yaml_serde::from_str::<Value>(&input.text).ok()
                };
                parsed.as_ref()
            }
        };
        let risk = doc.and_then(|doc| {
            if has_all_of_cycle(doc) {
                Some("allOf cycle")
            } else if depth(doc) > DEEP {
                Some("deep nesting")
            } else {
                None
            }
        });
        match risk {
            None => run_generator(&input.file_name(), &input.text),
            Some("deep nesting") if self.deep_timed_out.load(Ordering::SeqCst) => {
                Ok("skipped-deep-after-timeout")
            }
            Some(risk) => self.run_child(input, risk),
        }
    }

    fn run_child(&self, input: &Case, risk: &str) -> Result<&'static str, Failure> {
        use std::process::{Command, Stdio};
        let base = self.out_dir.join(format!("child-{}", self.tag));
        let spec = base.with_extension(input.ext());
        let result = base.with_extension("result");
        let stderr = base.with_extension("stderr");
        std::fs::write(&spec, &input.text).expect("write the child's input");
        let _ = std::fs::remove_file(&result);
        let exe = std::env::current_exe().expect("the test executable");
        let mut child = Command::new(exe)
            .args(["mutated_specs_never_panic", "--exact", "--test-threads=1"])
            .env("OAGEN_FUZZ_REPLAY", &spec)
            .env("OAGEN_FUZZ_RESULT", &result)
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&stderr).expect("create the child's stderr"))
            .spawn()
            .expect("start a child process");
        let started = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().expect("wait for the child") {
                break status;
            }
            if started.elapsed() > self.timeout {
                let _ = child.kill();
                let _ = child.wait();
                if risk == "deep nesting" {
                    self.deep_timed_out.store(true, Ordering::SeqCst);
                }
                return Err(Failure {
                    signature: format!("timeout ({risk})"),
                    detail: format!(
                        "the generator ran for over {} s (in a child process) on an input with \
                         {risk}",
                        self.timeout.as_secs()
                    ),
                });
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        match std::fs::read_to_string(&result) {
            Ok(text) => match text.split_once('\n') {
                Some(("FAILURE", rest)) => {
                    let (signature, detail) = rest.split_once('\n').unwrap_or((rest, ""));
                    Err(Failure {
                        signature: signature.to_owned(),
                        detail: detail.to_owned(),
                    })
                }
                _ => Ok(OUTCOMES
                    .iter()
                    .find(|kind| **kind == text)
                    .copied()
                    .unwrap_or("ok")),
            },
            Err(_) => {
                let output = std::fs::read_to_string(&stderr).unwrap_or_default();
                let what = if output.contains("overflowed its stack") {
                    "stack overflow".to_owned()
                } else {
                    format!("the process died ({status})")
                };
                Err(Failure {
                    signature: format!("{what} ({risk})"),
                    detail: format!(
                        "in a child process: {status}\n{}",
                        excerpt(output.trim(), 10, 1000)
                    ),
                })
            }
        }
    }
}

const OUTCOMES: &[&str] = &["ok", "err-syntax", "err-invalid", "err-spec", "err-other"];

// ---------------------------------------------------------------------------------------------
// Running the generator

thread_local! {
    static IN_GENERATOR: Cell<bool> = const { Cell::new(false) };
    static LAST_PANIC: RefCell<Option<PanicReport>> = const { RefCell::new(None) };
}

struct PanicReport {
    location: String,
    message: String,
    frames: Vec<String>,
}

/// Panics inside the generator are recorded (message, location and the generator's own stack
/// frames) instead of printed; any other panic goes to the previous hook.
fn install_panic_hook() {
    static ONCE: Once = Once::new();
    static SEEN_LOCATIONS: Mutex<Option<HashSet<String>>> = Mutex::new(None);
    ONCE.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !IN_GENERATOR.with(Cell::get) {
                previous(info);
                return;
            }
            let location = info.location().map_or_else(
                || "<unknown location>".to_owned(),
                |at| format!("{}:{}:{}", at.file(), at.line(), at.column()),
            );
            let payload = info.payload();
            let message = payload
                .downcast_ref::<&str>()
                .map(|text| (*text).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "<non-string panic payload>".to_owned());
            // Symbolizing a backtrace is slow: only for the first panic at each location.
            let first = SEEN_LOCATIONS
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .get_or_insert_with(HashSet::new)
                .insert(location.clone());
            let frames = if first {
                generator_frames(&std::backtrace::Backtrace::force_capture().to_string())
            } else {
                Vec::new()
            };
            LAST_PANIC.with(|last| {
                *last.borrow_mut() = Some(PanicReport {
                    location,
                    message,
                    frames,
                });
            });
        }));
    });
}

/// The backtrace frames in the generator's own code, innermost first.
fn generator_frames(backtrace: &str) -> Vec<String> {
    let mut frames = Vec::new();
    let mut symbol = "";
    for line in backtrace.lines() {
        let line = line.trim();
        if let Some(at) = line.strip_prefix("at ") {
            if symbol.contains("oagen::") && !at.contains("/rustc/") {
                frames.push(format!("{symbol}  at {at}"));
            }
            symbol = "";
        } else if let Some((_, name)) = line.split_once(": ") {
            symbol = name;
        }
        if frames.len() == 10 {
            break;
        }
    }
    frames
}

/// A panic message with the quoted and numeric parts blanked, so that one bug with different
/// inputs gives one signature.
fn message_shape(message: &str) -> String {
    let mut out = String::new();
    let mut quoted = false;
    for c in message.lines().next().unwrap_or_default().chars().take(120) {
        match c {
            '"' | '`' => {
                quoted = !quoted;
                if quoted {
                    out.push_str("\"..\"");
                }
            }
            _ if quoted => {}
            '0'..='9' => {
                if !out.ends_with('N') {
                    out.push('N');
                }
            }
            _ => out.push(c),
        }
    }
    out
}

struct Failure {
    signature: String,
    detail: String,
}

/// `Ok(kind of outcome)` when the generator returned normally with a sound result.
fn run_generator(file: &str, text: &str) -> Result<&'static str, Failure> {
    IN_GENERATOR.with(|flag| flag.set(true));
    let result = panic::catch_unwind(AssertUnwindSafe(|| {
        oagen::Config::new().generate_text(file, text)
    }));
    IN_GENERATOR.with(|flag| flag.set(false));
    match result {
        Err(payload) => {
            let report = LAST_PANIC.with(|last| last.borrow_mut().take());
            let report = report.unwrap_or_else(|| PanicReport {
                location: "<unknown location>".to_owned(),
                message: payload
                    .downcast_ref::<&str>()
                    .map(|text| (*text).to_owned())
                    .or_else(|| payload.downcast_ref::<String>().cloned())
                    .unwrap_or_default(),
                frames: Vec::new(),
            });
            let mut detail = format!("panicked at {}:\n  {}", report.location, report.message);
            if !report.frames.is_empty() {
                detail.push_str("\n  generator frames:");
                for frame in &report.frames {
                    detail.push_str("\n    ");
                    detail.push_str(frame);
                }
            }
            Err(Failure {
                signature: format!(
                    "panic at {}: {}",
                    report.location,
                    message_shape(&report.message)
                ),
                detail,
            })
        }
        Ok(Ok(generated)) => match syn::parse_file(&generated.code) {
            Ok(_) => Ok("ok"),
            Err(error) => Err(Failure {
                signature: format!("Ok, but the generated code does not parse: {error}"),
                detail: match control_character_line(&generated.code) {
                    Some(line) => format!(
                        "syn::parse_file: {error}\n  first line with a control character: {line}"
                    ),
                    None => format!(
                        "syn::parse_file: {error}\n  generated code (start):\n{}",
                        excerpt(&generated.code, 30, 2000)
                    ),
                },
            }),
        },
        Ok(Err(error)) => {
            if matches!(error, oagen::Error::Emit { .. }) {
                let message = error.to_string();
                let short = message
                    .split_once("internal error: ")
                    .map_or(message.as_str(), |(_, rest)| rest);
                return Err(Failure {
                    signature: format!("Error::Emit: {short}"),
                    detail: message.clone(),
                });
            }
            Ok(if matches!(error, oagen::Error::Syntax { .. }) {
                "err-syntax"
            } else if matches!(error, oagen::Error::Invalid { .. }) {
                "err-invalid"
            } else if matches!(error, oagen::Error::Spec { .. }) {
                "err-spec"
            } else {
                "err-other"
            })
        }
    }
}

/// A lexing error has no position; a control character (a bare CR in a doc comment, say) is
/// the usual cause, so name the first line that has one.
fn control_character_line(code: &str) -> Option<String> {
    code.lines()
        .enumerate()
        .find(|(_, line)| line.chars().any(|c| c.is_control() && c != '\t'))
        .map(|(index, line)| format!("line {}: {line:?}", index + 1))
}

fn signature_of(runner: &Runner, like: &Case, text: String, doc: Option<Value>) -> Option<String> {
    let input = Case {
        text,
        doc,
        ..like.clone()
    };
    runner.run(&input).err().map(|failure| failure.signature)
}

// ---------------------------------------------------------------------------------------------
// Reporting and shrinking

fn describe_failure(
    number: usize,
    signature: &str,
    found: &Found,
    out_dir: &Path,
    settings: &Settings,
) -> String {
    let input = &found.input;
    let ext = input.ext();
    let original = out_dir.join(format!("failure-{number}.{ext}"));
    let _ = std::fs::write(&original, &input.text);
    let never = AtomicBool::new(false);
    let runner = Runner {
        out_dir,
        tag: format!("shrink-{number}"),
        timeout: settings.child_timeout,
        deep_timed_out: &never,
    };
    let minimized = shrink(&runner, input, signature);
    let minimized_path = out_dir.join(format!("failure-{number}-min.{ext}"));
    let _ = std::fs::write(&minimized_path, &minimized);
    format!(
        "\n#{number}: {signature}\n  seen {} time(s); first in case {} (seed spec {}, as {ext}; \
         mutations: {})\n  {}\n  input: {}\n  shrunk input ({} bytes): {}\n{}\n",
        found.count,
        found.case,
        input.seed,
        if input.how.is_empty() {
            "none"
        } else {
            &input.how
        },
        found.detail.replace('\n', "\n  "),
        original.display(),
        minimized.len(),
        minimized_path.display(),
        indent(&excerpt(&minimized, 60, 4000)),
    )
}

fn shrink(runner: &Runner, input: &Case, signature: &str) -> String {
    let deadline = Instant::now() + SHRINK_BUDGET;
    match &input.doc {
        Some(doc) => {
            let doc = shrink_doc(runner, input, doc.clone(), signature, deadline);
            serialize(&doc, input.json, true)
        }
        None => {
            // Text that still parses shrinks better as a document, if the failure stays.
            let parsed = if input.json {
                serde_json::from_str::<Value>(&input.text).ok()
            } else {
                yaml_serde::from_str::<Value>(&input.text).ok()
            };
            if let Some(doc) = parsed {
                let text = serialize(&doc, input.json, true);
                if signature_of(runner, input, text, Some(doc.clone())).as_deref()
                    == Some(signature)
                {
                    let doc = shrink_doc(runner, input, doc, signature, deadline);
                    return serialize(&doc, input.json, true);
                }
            }
            shrink_lines(runner, input, signature, deadline)
        }
    }
}

/// Removes subtrees, outermost first, while the same failure still shows.
fn shrink_doc(
    runner: &Runner,
    input: &Case,
    mut doc: Value,
    signature: &str,
    deadline: Instant,
) -> Value {
    let fails = |doc: &Value| {
        let text = serialize(doc, input.json, true);
        signature_of(runner, input, text, Some(doc.clone())).as_deref() == Some(signature)
    };
    if !fails(&doc) {
        return doc;
    }
    loop {
        let mut changed = false;
        let mut index = 1; // 0 is the root
        loop {
            if Instant::now() > deadline {
                return doc;
            }
            let nodes = collect_nodes(&doc);
            let Some(node) = nodes.get(index) else {
                break;
            };
            let mut candidate = doc.clone();
            remove_at(&mut candidate, &node.path);
            if fails(&candidate) {
                doc = candidate;
                changed = true;
            } else {
                index += 1;
            }
        }
        if !changed {
            return doc;
        }
    }
}

/// Removes runs of lines, longest first, while the same failure still shows.
fn shrink_lines(runner: &Runner, input: &Case, signature: &str, deadline: Instant) -> String {
    let mut lines: Vec<&str> = input.text.split_inclusive('\n').collect();
    let mut chunk = lines.len().div_ceil(2).max(1);
    loop {
        let mut start = 0;
        while start < lines.len() {
            if Instant::now() > deadline {
                return lines.concat();
            }
            let end = (start + chunk).min(lines.len());
            let candidate: String = lines[..start].concat() + &lines[end..].concat();
            if signature_of(runner, input, candidate, None).as_deref() == Some(signature) {
                lines.drain(start..end);
            } else {
                start = end;
            }
        }
        if chunk == 1 {
            return lines.concat();
        }
        chunk = chunk.div_ceil(2);
    }
}

fn excerpt(text: &str, max_lines: usize, max_chars: usize) -> String {
    let mut out = String::new();
    for (count, line) in text.lines().enumerate() {
        if count == max_lines || out.len() > max_chars {
            out.push_str("... (cut)\n");
            break;
        }
        if line.chars().count() > 200 {
            out.extend(line.chars().take(200));
            out.push_str(" ... (line cut)");
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

fn indent(text: &str) -> String {
    text.lines().map(|line| format!("    | {line}\n")).collect()
}

// ---------------------------------------------------------------------------------------------
// Seeds

struct Seed {
    name: &'static str,
    json: bool,
    text: String,
    doc: Value,
}

impl Seed {
    fn file_name(&self) -> String {
        self.name.to_owned()
    }
}

fn load_seeds() -> Vec<Seed> {
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

// ---------------------------------------------------------------------------------------------
// A small deterministic PRNG (SplitMix64)

struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        let mut rng = Rng(seed);
        rng.next();
        rng
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

// ---------------------------------------------------------------------------------------------
// Paths into a document

#[derive(Clone, Debug, PartialEq)]
enum Seg {
    Key(String),
    Index(usize),
}

fn get<'a>(doc: &'a Value, path: &[Seg]) -> Option<&'a Value> {
    path.iter().try_fold(doc, |value, seg| match seg {
        Seg::Key(key) => value.get(key.as_str()),
        Seg::Index(index) => value.get(*index),
    })
}

fn get_mut<'a>(doc: &'a mut Value, path: &[Seg]) -> Option<&'a mut Value> {
    path.iter().try_fold(doc, |value, seg| match seg {
        Seg::Key(key) => value.get_mut(key.as_str()),
        Seg::Index(index) => value.get_mut(*index),
    })
}

fn remove_at(doc: &mut Value, path: &[Seg]) -> Option<Value> {
    let (last, parent) = path.split_last()?;
    match (get_mut(doc, parent)?, last) {
        (Value::Object(map), Seg::Key(key)) => map.shift_remove(key),
        (Value::Array(items), Seg::Index(index)) if *index < items.len() => {
            Some(items.remove(*index))
        }
        _ => None,
    }
}

/// `#/a/b~1c` for a path.
fn pointer(path: &[Seg]) -> String {
    let mut out = "#".to_owned();
    for seg in path {
        out.push('/');
        match seg {
            Seg::Key(key) => out.push_str(&key.replace('~', "~0").replace('/', "~1")),
            Seg::Index(index) => out.push_str(&index.to_string()),
        }
    }
    out
}

fn key_at(path: &[Seg], from_end: usize) -> Option<&str> {
    match path.len().checked_sub(from_end + 1).map(|at| &path[at]) {
        Some(Seg::Key(key)) => Some(key),
        _ => None,
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Slot {
    Schema,
    SchemaMap,
    SchemaList,
    Other,
}

struct Node {
    path: Vec<Seg>,
    slot: Slot,
    object: bool,
}

impl Node {
    fn schema(&self) -> bool {
        self.slot == Slot::Schema
    }

    fn property(&self) -> bool {
        self.schema() && key_at(&self.path, 1) == Some("properties")
    }
}

/// Every node in pre-order, each marked with whether it sits where a schema is expected.
fn collect_nodes(doc: &Value) -> Vec<Node> {
    fn walk(value: &Value, path: &mut Vec<Seg>, slot: Slot, out: &mut Vec<Node>) {
        out.push(Node {
            path: path.clone(),
            slot,
            object: value.is_object(),
        });
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    let child_slot = match (slot, key.as_str()) {
                        (Slot::SchemaMap, _) => Slot::Schema,
                        (Slot::Schema, "properties") => Slot::SchemaMap,
                        (Slot::Schema, "allOf" | "oneOf" | "anyOf") => Slot::SchemaList,
                        (Slot::Schema, "items" | "additionalProperties" | "not") => Slot::Schema,
                        (_, "schema") => Slot::Schema,
                        (_, "schemas")
                            if path.len() == 1 && key_at(path, 0) == Some("components") =>
                        {
                            Slot::SchemaMap
                        }
                        _ => Slot::Other,
                    };
                    path.push(Seg::Key(key.clone()));
                    walk(child, path, child_slot, out);
                    path.pop();
                }
            }
            Value::Array(items) => {
                let child_slot = if slot == Slot::SchemaList {
                    Slot::Schema
                } else {
                    Slot::Other
                };
                for (index, child) in items.iter().enumerate() {
                    path.push(Seg::Index(index));
                    walk(child, path, child_slot, out);
                    path.pop();
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(doc, &mut Vec::new(), Slot::Other, &mut out);
    out
}

fn pick_node<'a>(
    nodes: &'a [Node],
    rng: &mut Rng,
    filter: impl Fn(&Node) -> bool,
) -> Option<&'a Node> {
    let matching: Vec<&Node> = nodes.iter().filter(|node| filter(node)).collect();
    if matching.is_empty() {
        None
    } else {
        Some(*rng.pick(&matching))
    }
}

/// A schema-shaped object if there is one (70%), else any object.
fn pick_object<'a>(nodes: &'a [Node], rng: &mut Rng) -> Option<&'a Node> {
    if rng.chance(70) {
        if let Some(node) = pick_node(nodes, rng, |n| n.object && n.schema()) {
            return Some(node);
        }
    }
    pick_node(nodes, rng, |n| n.object)
}

fn component_schemas(doc: &Value) -> Vec<String> {
    doc.pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|map| map.keys().cloned().collect())
        .unwrap_or_default()
}

fn all_keys(nodes: &[Node]) -> Vec<String> {
    let mut keys: Vec<String> = nodes
        .iter()
        .filter_map(|node| key_at(&node.path, 0).map(str::to_owned))
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

fn object_mut<'a>(doc: &'a mut Value, path: &[Seg]) -> Option<&'a mut Map<String, Value>> {
    get_mut(doc, path).and_then(Value::as_object_mut)
}

/// Renames `old` to `new` keeping the key's position.
fn rename_key(map: &mut Map<String, Value>, old: &str, new: &str) {
    let entries = std::mem::take(map);
    for (key, value) in entries {
        let key = if key == old { new.to_owned() } else { key };
        map.insert(key, value);
    }
}

/// Replaces every string equal to `from` by `to`.
fn replace_strings(value: &mut Value, from: &str, to: &str) {
    match value {
        Value::String(text) if text == from => *text = to.to_owned(),
        Value::Array(items) => items.iter_mut().for_each(|v| replace_strings(v, from, to)),
        Value::Object(map) => map.values_mut().for_each(|v| replace_strings(v, from, to)),
        _ => {}
    }
}

fn schema_ref(name: &str) -> String {
    format!(
        "#/components/schemas/{}",
        name.replace('~', "~0").replace('/', "~1")
    )
}

fn ensure_schemas(doc: &mut Value) -> Option<&mut Map<String, Value>> {
    let root = doc.as_object_mut()?;
    let components = root.entry("components").or_insert_with(|| json!({}));
    if !components.is_object() {
        *components = json!({});
    }
    let schemas = components
        .as_object_mut()?
        .entry("schemas")
        .or_insert_with(|| json!({}));
    if !schemas.is_object() {
        *schemas = json!({});
    }
    schemas.as_object_mut()
}

// ---------------------------------------------------------------------------------------------
// Interesting values

const NAMES: &[&str] = &[
    "",
    " ",
    "_",
    "__",
    "-",
    "0",
    "123abc",
    "1st",
    "a-b",
    "a b",
    "a.b",
    "a/b",
    "a~b",
    "{id}",
    "type",
    "Type",
    "TYPE",
    "self",
    "Self",
    "super",
    "crate",
    "fn",
    "impl",
    "async",
    "await",
    "dyn",
    "try",
    "gen",
    "abstract",
    "box",
    "macro_rules",
    "r#type",
    "union",
    "static",
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "Some",
    "None",
    "Ok",
    "Err",
    "std",
    "core",
    "alloc",
    "serde",
    "Value",
    "Default",
    "Client",
    "Error",
    "Nullable",
    "DateTime",
    "null",
    "true",
    "1e5",
    "fooBar",
    "foo_bar",
    "FooBar",
    "FOO_BAR",
    "foo-bar",
    "foo bar",
    "ünïcödé",
    "日本語",
    "🦀",
    "Ünïcode_Ñame",
    "ß",
    "İstanbul",
    "ﬀ",
    "ǅ",
    "e\u{301}",
    "\u{202e}rtl",
    "\u{0}",
    "\t",
    "\n",
    "a\"b",
    "a\\b",
    "it's",
    "#",
    "$ref",
    "x-",
    "x-oagen-rules",
    "x-oagen-aliases",
    "properties",
    "allOf",
    "additionalProperties",
    "__proto__",
    "ŁÓDŹ",
    "Ωmega",
    "ⅫRoman",
    "١٢٣",
    "a\u{200b}b",
    "a\rb",
    "line\r\nbreak",
    "\u{7f}",
    "\u{2028}",
    "*/",
    "/*",
    "```",
    "\"#",
    "r#\"",
    "#[doc]",
];

const TYPES: &[&str] = &[
    "string", "integer", "number", "boolean", "array", "object", "null", "file", "any", "",
    "String", "int", "integer ", "float", "date",
];

const FORMATS: &[&str] = &[
    "int32",
    "int64",
    "uint64",
    "uint32",
    "uint16",
    "uint8",
    "int8",
    "int16",
    "float",
    "double",
    "date",
    "date-time",
    "time",
    "duration",
    "byte",
    "binary",
    "password",
    "uuid",
    "email",
    "uri",
    "ipv4",
    "decimal",
    "",
    "weird format",
];

const PATTERNS: &[&str] = &[
    "(",
    "[a-",
    "\\",
    "^.*$",
    "(?<name>x)",
    "\\p{L}+",
    "a{2,1}",
    "*",
    "^[A-Z]{3}$",
    "",
    "\"",
    "\\u{0}",
    "(?i)abc",
    "#",
];

const MEDIA: &[&str] = &[
    "application/json",
    "application/json; charset=utf-8",
    "*/*",
    "text/plain",
    "multipart/form-data",
    "application/x-www-form-urlencoded",
    "application/octet-stream",
    "",
    "application/problem+json",
    "text/event-stream",
    "image/png",
    "application/xml",
    "not a media type",
];

const PATH_KEYS: &[&str] = &[
    "/",
    "",
    "no-slash",
    "/a/{",
    "/a/}",
    "/a/{}/b",
    "/a/{x}{y}",
    "/{id}/{id}",
    "/a//b",
    "/{ünï}",
    "/a/{x}/b/{x}",
    "/users/{userId}",
    "/{type}",
    "/{self}",
    "/a b/{c d}",
    "/a?b=c",
    "/a#frag",
    "/{0}",
    "/{{x}}",
    "/日本/{語}",
];

const STATUSES: &[&str] = &[
    "200", "201", "204", "2XX", "4XX", "default", "999", "abc", "0", "099", "600", "1XX", "3XX",
    "5xx", "200 ", "-1", "",
];

const PARAM_IN: &[&str] = &[
    "path", "query", "header", "cookie", "body", "formData", "junk", "",
];

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

const EXTRA_METHODS: &[&str] = &[
    "GET",
    "connect",
    "x-method",
    "parameters",
    "servers",
    "summary",
];

fn interesting_name(rng: &mut Rng, pool: &[String]) -> String {
    match rng.below(20) {
        0 => "a".repeat(*rng.pick(&[64, 255, 256, 1000])),
        1 => "Ünï".repeat(*rng.pick(&[30, 200])),
        2 => format!("{}_{}", rng.pick(NAMES), rng.below(1000)),
        3..=6 if !pool.is_empty() => case_variant(rng.pick(pool).as_str(), rng),
        7..=8 if !pool.is_empty() => rng.pick(pool).clone(),
        _ => (*rng.pick(NAMES)).to_owned(),
    }
}

/// The name written another way, likely to collide after case conversion.
fn case_variant(name: &str, rng: &mut Rng) -> String {
    match rng.below(7) {
        0 => name.to_uppercase(),
        1 => name.to_lowercase(),
        2 => name
            .replace(|c: char| c.is_uppercase(), "_$0")
            .to_lowercase(),
        3 => format!("{name}_"),
        4 => format!("_{name}"),
        5 => name.replace(['_', '-'], " "),
        _ => {
            let mut chars = name.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_uppercase().collect::<String>() + chars.as_str()
            })
        }
    }
}

fn random_number(rng: &mut Rng) -> Value {
    match rng.below(12) {
        0 => json!(0),
        1 => json!(-1),
        2 => json!(u64::MAX),
        3 => json!(i64::MIN),
        4 => json!(1.5),
        5 => json!(-0.0),
        6 => json!(1e308),
        7 => json!(9_007_199_254_740_993_u64),
        8 => json!(0.1),
        9 => json!(-1e-300),
        _ => json!(rng.below(1000)),
    }
}

fn random_value(rng: &mut Rng, pool: &[String], depth: usize) -> Value {
    match rng.below(if depth == 0 { 4 } else { 6 }) {
        0 => random_number(rng),
        1 => Value::String(interesting_name(rng, pool)),
        2 => Value::Bool(rng.chance(50)),
        3 => Value::Null,
        4 => Value::Array(
            (0..rng.below(4))
                .map(|_| random_value(rng, pool, depth - 1))
                .collect(),
        ),
        _ => Value::Object(
            (0..rng.below(4))
                .map(|_| {
                    (
                        interesting_name(rng, pool),
                        random_value(rng, pool, depth - 1),
                    )
                })
                .collect(),
        ),
    }
}

fn same_kind(a: &Value, b: &Value) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}

/// A plausible (or not) schema: the shapes the generator knows, with junk sprinkled in.
fn random_schema(rng: &mut Rng, schemas: &[String], pool: &[String], depth: usize) -> Value {
    if !schemas.is_empty() && rng.chance(25) {
        return json!({ "$ref": schema_ref(rng.pick(schemas).as_str()) });
    }
    let mut schema = Map::new();
    let ty = *rng.pick(TYPES);
    if rng.chance(85) {
        schema.insert("type".into(), json!(ty));
    }
    if rng.chance(30) {
        schema.insert("format".into(), json!(rng.pick(FORMATS)));
    }
    if rng.chance(15) {
        schema.insert("nullable".into(), json!(rng.chance(50)));
    }
    if depth > 0 && (ty == "object" || rng.chance(10)) {
        let properties: Map<String, Value> = (0..rng.below(4))
            .map(|_| {
                (
                    interesting_name(rng, pool),
                    random_schema(rng, schemas, pool, depth - 1),
                )
            })
            .collect();
        if rng.chance(50) {
            let names: Vec<Value> = properties.keys().map(|k| json!(k)).collect();
            schema.insert("required".into(), Value::Array(names));
        }
        schema.insert("properties".into(), Value::Object(properties));
    }
    if depth > 0 && (ty == "array" || rng.chance(10)) && rng.chance(85) {
        schema.insert("items".into(), random_schema(rng, schemas, pool, depth - 1));
    }
    if rng.chance(15) {
        let values: Vec<Value> = (0..rng.below(5))
            .map(|_| json!(interesting_name(rng, pool)))
            .collect();
        schema.insert("enum".into(), Value::Array(values));
    }
    Value::Object(schema)
}

// ---------------------------------------------------------------------------------------------
// Structural mutations

fn mutate_structure(doc: &mut Value, rng: &mut Rng, how: &mut Vec<String>) {
    let edits = match rng.below(10) {
        0..=4 => 1,
        5..=7 => 2,
        8 => 3,
        _ => 6,
    };
    for _ in 0..edits {
        let nodes = collect_nodes(doc);
        let pool = all_keys(&nodes);
        let schemas = component_schemas(doc);
        let mut context = Ctx {
            doc,
            nodes: &nodes,
            pool: &pool,
            schemas: &schemas,
            rng,
        };
        let done = match context.rng.below(21) {
            0 => context.delete(),
            1 => context.replace_with_other_kind(),
            2 => context.graft(),
            3 => context.rename(),
            4 | 5 => context.inject_ref(),
            6 => context.set_type(),
            7 => context.wrap_composition(),
            8 => context.junk_required(),
            9 | 10 => context.recursion(),
            11 => context.rename_component(),
            12 => context.rename_property(),
            13 => context.empty_string(),
            14 => context.junk_enum(),
            15 => context.junk_keyword(),
            16 => context.junk_extension(),
            17 => context.deep_nesting(),
            18 | 19 => context.junk_operation(),
            _ => context.insert_schema(),
        };
        if let Some(done) = done {
            how.push(done);
        }
    }
}

struct Ctx<'a> {
    doc: &'a mut Value,
    nodes: &'a [Node],
    pool: &'a [String],
    schemas: &'a [String],
    rng: &'a mut Rng,
}

impl Ctx<'_> {
    fn name(&mut self) -> String {
        interesting_name(self.rng, self.pool)
    }

    fn delete(&mut self) -> Option<String> {
        let node = pick_node(self.nodes, self.rng, |n| !n.path.is_empty())?;
        remove_at(self.doc, &node.path)?;
        Some(format!("delete {}", pointer(&node.path)))
    }

    fn replace_with_other_kind(&mut self) -> Option<String> {
        let node = pick_node(self.nodes, self.rng, |n| !n.path.is_empty())?;
        let target = get_mut(self.doc, &node.path)?;
        let mut value = random_value(self.rng, self.pool, 2);
        for _ in 0..5 {
            if !same_kind(&value, target) {
                break;
            }
            value = random_value(self.rng, self.pool, 2);
        }
        let shown = short(&value);
        *target = value;
        Some(format!("replace {} with {shown}", pointer(&node.path)))
    }

    /// Copies a subtree somewhere else: under a new key, over another node, or into a list.
    fn graft(&mut self) -> Option<String> {
        let source = pick_node(self.nodes, self.rng, |n| !n.path.is_empty())?;
        let value = get(self.doc, &source.path)?.clone();
        let target = pick_node(self.nodes, self.rng, |n| {
            matches!(n.slot, Slot::Schema | Slot::SchemaMap) || n.object || n.path.len() < 3
        })?;
        let key = if self.rng.chance(50) {
            key_at(&source.path, 0).unwrap_or("copy").to_owned()
        } else {
            self.name()
        };
        let replace = self.rng.chance(30);
        let at = get_mut(self.doc, &target.path)?;
        match at {
            _ if replace && !target.path.is_empty() => *at = value,
            Value::Object(map) => {
                map.insert(key, value);
            }
            Value::Array(items) => items.push(value),
            _ => *at = value,
        }
        Some(format!(
            "graft {} into {}",
            pointer(&source.path),
            pointer(&target.path)
        ))
    }

    fn rename(&mut self) -> Option<String> {
        let node = pick_node(self.nodes, self.rng, |n| {
            !n.path.is_empty() && key_at(&n.path, 0).is_some()
        })?;
        let old = key_at(&node.path, 0)?.to_owned();
        let new = self.name();
        let parent = object_mut(self.doc, &node.path[..node.path.len() - 1])?;
        rename_key(parent, &old, &new);
        Some(format!("rename {} to {new:?}", pointer(&node.path)))
    }

    fn inject_ref(&mut self) -> Option<String> {
        let node = if self.rng.chance(75) {
            pick_node(self.nodes, self.rng, |n| n.schema() && !n.path.is_empty())
        } else {
            pick_node(self.nodes, self.rng, |n| !n.path.is_empty())
        }?;
        let own = pointer(&node.path);
        let target = match self.rng.below(14) {
            0..=3 if !self.schemas.is_empty() => schema_ref(self.rng.pick(self.schemas).as_str()),
            4 => own.clone(),
            5 => pointer(&node.path[..node.path.len().min(3)]),
            6 => schema_ref(&self.name()),
            7 => pointer(&self.rng.pick(self.nodes).path),
            8 => format!(
                "#/components/{}/{}",
                self.rng.pick(&[
                    "parameters",
                    "responses",
                    "requestBodies",
                    "headers",
                    "securitySchemes",
                    "examples"
                ]),
                self.name()
            ),
            9 => (*self.rng.pick(&[
                "other.yaml",
                "other.yaml#/components/schemas/X",
                "http://example.com/spec.json#/components/schemas/Pet",
                "#",
                "",
                "#/",
                "#/components/schemas/",
                "#/components/schemas",
                "components/schemas/Pet",
                "#/components/schemas/a~1b",
                "#/components/schemas/a~2b",
                "#/components/schemas/%20",
                "#/paths/~1pets/get",
                "#/components/schemas/Pet/properties/name",
            ]))
            .to_owned(),
            _ => match self.schemas.first() {
                Some(first) => format!("{}/properties/{}", schema_ref(first), self.name()),
                None => schema_ref(&self.name()),
            },
        };
        let at = get_mut(self.doc, &node.path)?;
        if self.rng.chance(25) {
            if let Value::Object(map) = at {
                // `$ref` beside other keys.
                map.insert("$ref".into(), json!(target));
                return Some(format!("add $ref {target:?} at {own}"));
            }
        }
        *at = json!({ "$ref": target });
        Some(format!("replace {own} with $ref {target:?}"))
    }

    fn set_type(&mut self) -> Option<String> {
        let node = pick_object(self.nodes, self.rng)?;
        let ty = match self.rng.below(10) {
            0 => json!(["string", "null"]),
            1 => random_value(self.rng, self.pool, 1),
            _ => json!(self.rng.pick(TYPES)),
        };
        let shown = short(&ty);
        let map = object_mut(self.doc, &node.path)?;
        map.insert("type".into(), ty);
        if self.rng.chance(30) {
            map.remove("items");
        }
        Some(format!("type {shown} at {}", pointer(&node.path)))
    }

    fn wrap_composition(&mut self) -> Option<String> {
        let node = pick_node(self.nodes, self.rng, |n| n.schema() && !n.path.is_empty())?;
        let keyword = *self.rng.pick(&["allOf", "oneOf", "anyOf"]);
        let inner = get(self.doc, &node.path)?.clone();
        let mut list = vec![inner.clone()];
        for _ in 0..self.rng.below(3) {
            let other = match self.rng.below(5) {
                0 => inner.clone(),
                1 => json!({}),
                2 => json!({ "type": "null" }),
                _ => random_schema(self.rng, self.schemas, self.pool, 1),
            };
            list.push(other);
        }
        if self.rng.chance(10) {
            list.clear();
        }
        let mut wrapper = Map::new();
        wrapper.insert(keyword.into(), Value::Array(list));
        if self.rng.chance(25) {
            let mapping: Map<String, Value> = (0..self.rng.below(3))
                .map(|_| {
                    let target = match self.schemas.is_empty() || self.rng.chance(30) {
                        true => schema_ref(&self.name()),
                        false => schema_ref(self.rng.pick(self.schemas).as_str()),
                    };
                    (self.name(), json!(target))
                })
                .collect();
            wrapper.insert(
                "discriminator".into(),
                json!({ "propertyName": self.name(), "mapping": mapping }),
            );
        }
        if self.rng.chance(20) {
            wrapper.insert("nullable".into(), json!(true));
        }
        let mut wrapped = Value::Object(wrapper);
        if self.rng.chance(20) {
            // The keyword beside the schema's own keys instead of around them.
            if let (Value::Object(own), Value::Object(extra)) = (inner, &wrapped) {
                let mut merged = own;
                merged.extend(extra.clone());
                wrapped = Value::Object(merged);
            }
        }
        *get_mut(self.doc, &node.path)? = wrapped;
        Some(format!("wrap {} in {keyword}", pointer(&node.path)))
    }

    fn junk_required(&mut self) -> Option<String> {
        let node = pick_object(self.nodes, self.rng)?;
        let existing: Vec<String> = get(self.doc, &node.path)?
            .get("properties")
            .and_then(Value::as_object)
            .map(|p| p.keys().cloned().collect())
            .unwrap_or_default();
        let required = match self.rng.below(8) {
            0 => json!([]),
            1 => json!(["nonexistent"]),
            2 => json!([1, null, true, {}]),
            3 => json!("notalist"),
            4 => json!([""]),
            5 => Value::Array(
                existing
                    .iter()
                    .chain(existing.iter())
                    .map(|name| json!(name))
                    .collect(),
            ),
            _ => {
                let mut names: Vec<Value> = existing.iter().map(|name| json!(name)).collect();
                names.push(json!(self.name()));
                names.push(json!(case_variant(
                    existing.first().map_or("x", String::as_str),
                    self.rng
                )));
                Value::Array(names)
            }
        };
        let shown = short(&required);
        object_mut(self.doc, &node.path)?.insert("required".into(), required);
        Some(format!("required {shown} at {}", pointer(&node.path)))
    }

    /// `A -> B -> A` in its various forms, then maybe used from an existing place.
    fn recursion(&mut self) -> Option<String> {
        let a = if self.schemas.is_empty() || self.rng.chance(50) {
            self.name()
        } else {
            self.rng.pick(self.schemas).clone()
        };
        let b = if self.rng.chance(50) {
            self.name()
        } else if self.schemas.is_empty() {
            format!("{a}2")
        } else {
            self.rng.pick(self.schemas).clone()
        };
        let (ra, rb) = (schema_ref(&a), schema_ref(&b));
        let kind = self.rng.below(11);
        let (sa, sb) = match kind {
            0 => (
                json!({"type": "object", "required": ["b"], "properties": {"b": {"$ref": rb}}}),
                json!({"type": "object", "required": ["a"], "properties": {"a": {"$ref": ra}}}),
            ),
            1 => (
                json!({"allOf": [{"$ref": rb}]}),
                json!({"allOf": [{"$ref": ra}]}),
            ),
            2 => (json!({"$ref": rb}), json!({"$ref": ra})),
            3 => (json!({"$ref": ra}), json!({"type": "string"})),
            4 => (
                json!({"oneOf": [{"$ref": ra}, {"$ref": rb}]}),
                json!({"anyOf": [{"$ref": ra}, {"type": "string"}]}),
            ),
            5 => (
                json!({"type": "array", "items": {"$ref": ra}}),
                json!({"type": "array", "items": {"$ref": rb}}),
            ),
            6 => (
                json!({"type": "object", "additionalProperties": {"$ref": ra}}),
                json!({"type": "object", "additionalProperties": {"$ref": ra}}),
            ),
            7 => (
                json!({"type": "object", "required": ["me"], "properties": {"me": {"$ref": ra}}}),
                json!({"type": "object", "properties": {"list": {"type": "array", "items": {"$ref": rb}}}}),
            ),
            8 => (
                json!({"allOf": [{"$ref": rb}, {"type": "object", "properties": {"x": {"$ref": ra}}}]}),
                json!({"type": "object", "properties": {"y": {"allOf": [{"$ref": ra}]}}, "required": ["y"]}),
            ),
            9 => (
                json!({"allOf": [{"$ref": rb}, {"type": "object", "properties": {"a": {}}}]}),
                json!({"allOf": [{"$ref": ra}, {"type": "object"}]}),
            ),
            _ => (
                json!({"not": {"$ref": ra}}),
                json!({"type": "object", "properties": {"n": {"nullable": true, "allOf": [{"$ref": rb}]}}}),
            ),
        };
        let schemas = ensure_schemas(self.doc)?;
        schemas.insert(a.clone(), sa);
        schemas.insert(b.clone(), sb);
        if self.rng.chance(50) {
            if let Some(node) = pick_node(self.nodes, self.rng, |n| {
                n.schema() && n.path.len() > 3 && key_at(&n.path, 0) != Some(a.as_str())
            }) {
                if let Some(at) = get_mut(self.doc, &node.path) {
                    *at = json!({ "$ref": ra });
                }
            }
        }
        Some(format!("recursion #{kind} between {a:?} and {b:?}"))
    }

    /// Renames a component schema and every `$ref` to it, so the spec stays consistent.
    fn rename_component(&mut self) -> Option<String> {
        if self.schemas.is_empty() {
            return None;
        }
        let old = self.rng.pick(self.schemas).clone();
        let new = self.name();
        let schemas = ensure_schemas(self.doc)?;
        rename_key(schemas, &old, &new);
        replace_strings(self.doc, &schema_ref(&old), &schema_ref(&new));
        Some(format!("rename schema {old:?} to {new:?}"))
    }

    /// Renames a property and its `required` entry, so the spec stays consistent.
    fn rename_property(&mut self) -> Option<String> {
        let node = pick_node(self.nodes, self.rng, Node::property)?;
        let old = key_at(&node.path, 0)?.to_owned();
        let new = self.name();
        let owner_path = &node.path[..node.path.len() - 2];
        let owner = object_mut(self.doc, owner_path)?;
        if let Some(Value::Object(properties)) = owner.get_mut("properties") {
            rename_key(properties, &old, &new);
        }
        if let Some(required) = owner.get_mut("required") {
            replace_strings(required, &old, &new);
        }
        Some(format!(
            "rename property {} to {new:?}",
            pointer(&node.path)
        ))
    }

    fn empty_string(&mut self) -> Option<String> {
        if self.rng.chance(50) {
            let node = pick_node(self.nodes, self.rng, |n| {
                key_at(&n.path, 0).is_some_and(|k| !k.is_empty())
            })?;
            let old = key_at(&node.path, 0)?.to_owned();
            let parent = object_mut(self.doc, &node.path[..node.path.len() - 1])?;
            rename_key(parent, &old, "");
            return Some(format!("empty key at {}", pointer(&node.path)));
        }
        let node = pick_node(self.nodes, self.rng, |_| true)?;
        let at = get_mut(self.doc, &node.path)?;
        if !at.is_string() && self.rng.chance(50) {
            return None;
        }
        *at = json!("");
        Some(format!("empty string at {}", pointer(&node.path)))
    }

    fn junk_enum(&mut self) -> Option<String> {
        let node = pick_object(self.nodes, self.rng)?;
        let values = match self.rng.below(12) {
            0 => json!([]),
            1 => json!([""]),
            2 => json!(["a", "A", "a-b", "a_b", "A B", "a b"]),
            3 => json!([1, 2, 3]),
            4 => json!([1, "1", 1.0]),
            5 => json!([null]),
            6 => json!([true, false]),
            7 => json!([{}, [], {"a": 1}]),
            8 => json!(["x", "x"]),
            9 => json!("notalist"),
            10 => json!([1.5, u64::MAX, i64::MIN, -0.0]),
            _ => Value::Array(
                (0..1 + self.rng.below(6))
                    .map(|_| json!(interesting_name(self.rng, self.pool)))
                    .collect(),
            ),
        };
        let shown = short(&values);
        let map = object_mut(self.doc, &node.path)?;
        map.insert("enum".into(), values);
        if self.rng.chance(40) {
            map.insert("type".into(), json!(self.rng.pick(TYPES)));
        }
        Some(format!("enum {shown} at {}", pointer(&node.path)))
    }

    /// One schema keyword set to something odd.
    fn junk_keyword(&mut self) -> Option<String> {
        let node = pick_object(self.nodes, self.rng)?;
        let (key, value) = match self.rng.below(16) {
            0 => ("format", json!(self.rng.pick(FORMATS))),
            1 => ("nullable", random_value(self.rng, self.pool, 0)),
            2 => (
                "additionalProperties",
                match self.rng.below(4) {
                    0 => json!(true),
                    1 => json!(false),
                    2 => json!({}),
                    _ => random_schema(self.rng, self.schemas, self.pool, 1),
                },
            ),
            3 => (
                "discriminator",
                json!({"propertyName": self.name(), "mapping": {"x": schema_ref(&self.name())}}),
            ),
            4 => ("default", random_value(self.rng, self.pool, 1)),
            5 => ("example", random_value(self.rng, self.pool, 2)),
            6 => ("pattern", json!(self.rng.pick(PATTERNS))),
            7 => (
                *self.rng.pick(&[
                    "minimum",
                    "maximum",
                    "exclusiveMinimum",
                    "exclusiveMaximum",
                    "multipleOf",
                ]),
                random_value(self.rng, self.pool, 0),
            ),
            8 => (
                *self.rng.pick(&[
                    "minLength",
                    "maxLength",
                    "minItems",
                    "maxItems",
                    "minProperties",
                    "maxProperties",
                ]),
                random_number(self.rng),
            ),
            9 => ("readOnly", json!(true)),
            10 => ("writeOnly", json!(true)),
            11 => ("not", random_schema(self.rng, self.schemas, self.pool, 1)),
            12 => ("items", random_schema(self.rng, self.schemas, self.pool, 1)),
            13 => (
                "properties",
                json!({ self.name(): random_schema(self.rng, self.schemas, self.pool, 1) }),
            ),
            14 => ("description", json!(self.name())),
            _ => ("uniqueItems", random_value(self.rng, self.pool, 0)),
        };
        let shown = short(&value);
        let map = object_mut(self.doc, &node.path)?;
        if key == "minimum" || key == "maxLength" {
            // Contradictions: maximum below minimum and the like.
            map.insert("maximum".into(), json!(-5));
            map.insert("minLength".into(), json!(10));
        }
        map.insert(key.into(), value);
        Some(format!("{key} {shown} at {}", pointer(&node.path)))
    }

    /// `x-oagen-rules` and `x-oagen-aliases`, the extensions the generator reads.
    fn junk_extension(&mut self) -> Option<String> {
        if self.rng.chance(40) {
            let node = pick_node(self.nodes, self.rng, Node::property)?;
            let siblings: Vec<String> = get(self.doc, &node.path[..node.path.len() - 1])?
                .as_object()?
                .keys()
                .cloned()
                .collect();
            let own = key_at(&node.path, 0)?.to_owned();
            let aliases = match self.rng.below(6) {
                0 => json!([own]),
                1 => Value::Array(siblings.iter().map(|s| json!(s)).collect()),
                2 => json!(["", "x", "x"]),
                3 => random_value(self.rng, self.pool, 1),
                4 => json!([case_variant(&own, self.rng)]),
                _ => json!([self.name(), self.name()]),
            };
            let shown = short(&aliases);
            object_mut(self.doc, &node.path)?.insert("x-oagen-aliases".into(), aliases);
            return Some(format!(
                "x-oagen-aliases {shown} at {}",
                pointer(&node.path)
            ));
        }
        let node = if self.rng.chance(50) {
            let paths: Vec<&Node> = self
                .nodes
                .iter()
                .filter(|n| {
                    n.path.len() == 3
                        && key_at(&n.path, 2) == Some("paths")
                        && METHODS.contains(&key_at(&n.path, 0).unwrap_or(""))
                })
                .collect();
            if paths.is_empty() {
                None
            } else {
                Some(*self.rng.pick(&paths))
            }
        } else {
            pick_node(self.nodes, self.rng, |n| n.object && n.schema())
        }?;
        let fields: Vec<String> = get(self.doc, &node.path)?
            .get("properties")
            .and_then(Value::as_object)
            .map(|p| p.keys().cloned().collect())
            .unwrap_or_default();
        let field = |rng: &mut Rng| -> Value {
            if !fields.is_empty() && rng.chance(60) {
                json!(rng.pick(&fields))
            } else if rng.chance(90) {
                json!(interesting_name(rng, self.pool))
            } else {
                random_value(rng, self.pool, 0)
            }
        };
        let rules: Vec<Value> = (0..self.rng.below(4))
            .map(|_| match self.rng.below(5) {
                0 => json!({"kind": "requires", "field": field(self.rng), "requires": field(self.rng)}),
                1 => json!({"kind": "ordered", "earlier": field(self.rng), "later": field(self.rng)}),
                2 => json!({
                    "kind": "forbidden-when",
                    "parameter": field(self.rng),
                    "values": [field(self.rng), ""],
                    "fields": [field(self.rng), field(self.rng)],
                }),
                3 => json!({"kind": self.rng.pick(&["sometimes", "", "Requires"]), "field": "a"}),
                _ => random_value(self.rng, self.pool, 2),
            })
            .collect();
        let rules = if self.rng.chance(10) {
            random_value(self.rng, self.pool, 2)
        } else {
            Value::Array(rules)
        };
        let shown = short(&rules);
        object_mut(self.doc, &node.path)?.insert("x-oagen-rules".into(), rules);
        Some(format!("x-oagen-rules {shown} at {}", pointer(&node.path)))
    }

    fn deep_nesting(&mut self) -> Option<String> {
        let node = pick_node(self.nodes, self.rng, |n| n.schema() && !n.path.is_empty())?;
        let depth = *self.rng.pick(&[8, 20, 40, 60]);
        let style = self.rng.below(4);
        let mut value = get(self.doc, &node.path)?.clone();
        for level in 0..depth {
            value = match style {
                0 => json!({"type": "array", "items": value}),
                1 => json!({"allOf": [value]}),
                2 => json!({"type": "object", "properties": {format!("p{level}"): value}}),
                _ => json!({"type": "object", "additionalProperties": value}),
            };
        }
        *get_mut(self.doc, &node.path)? = value;
        Some(format!(
            "nest {} {depth} levels (style {style})",
            pointer(&node.path)
        ))
    }

    fn operations(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        if let Some(paths) = self.doc.get("paths").and_then(Value::as_object) {
            for (path, item) in paths {
                for method in METHODS {
                    if item.get(*method).is_some_and(Value::is_object) {
                        out.push((path.clone(), (*method).to_owned()));
                    }
                }
            }
        }
        out
    }

    fn junk_operation(&mut self) -> Option<String> {
        let operations = self.operations();
        let (path, method) = if operations.is_empty() {
            let paths = self
                .doc
                .as_object_mut()?
                .entry("paths")
                .or_insert(json!({}));
            paths.as_object_mut()?.insert(
                "/new".into(),
                json!({"get": {"responses": {"200": {"description": "ok"}}}}),
            );
            ("/new".to_owned(), "get".to_owned())
        } else {
            self.rng.pick(&operations).clone()
        };
        let other_ids: Vec<String> = operations
            .iter()
            .filter_map(|(p, m)| {
                self.doc
                    .get("paths")?
                    .get(p)?
                    .get(m)?
                    .get("operationId")?
                    .as_str()
                    .map(str::to_owned)
            })
            .collect();
        let kind = self.rng.below(8);
        let name = self.name();
        let schema = random_schema(self.rng, self.schemas, self.pool, 2);
        let doc_paths = self.doc.get_mut("paths")?.as_object_mut()?;
        match kind {
            0 => {
                let id = if !other_ids.is_empty() && self.rng.chance(40) {
                    let id = self.rng.pick(&other_ids).clone();
                    if self.rng.chance(50) {
                        case_variant(&id, self.rng)
                    } else {
                        id
                    }
                } else {
                    name
                };
                let operation = doc_paths
                    .get_mut(&path)?
                    .get_mut(&method)?
                    .as_object_mut()?;
                operation.insert("operationId".into(), json!(id));
                Some(format!("operationId {id:?} on {method} {path}"))
            }
            1 => {
                let location = *self.rng.pick(PARAM_IN);
                let mut parameter = json!({"name": name, "in": location, "schema": schema});
                if self.rng.chance(60) {
                    parameter["required"] = json!(self.rng.chance(70));
                }
                if self.rng.chance(15) {
                    parameter["content"] =
                        json!({"application/json": {"schema": {"type": "object"}}});
                }
                let on_item = self.rng.chance(25);
                let item = doc_paths.get_mut(&path)?.as_object_mut()?;
                let owner = if on_item {
                    item
                } else {
                    item.get_mut(&method)?.as_object_mut()?
                };
                let list = owner.entry("parameters").or_insert(json!([]));
                match list {
                    Value::Array(items) => {
                        items.push(parameter.clone());
                        if self.rng.chance(20) {
                            items.push(parameter);
                        }
                    }
                    _ => *list = json!([parameter]),
                }
                Some(format!(
                    "parameter {name:?} in {location:?} on {method} {path}"
                ))
            }
            2 => {
                let new = if self.rng.chance(70) {
                    (*self.rng.pick(PATH_KEYS)).to_owned()
                } else {
                    format!("{path}/{{{name}}}")
                };
                rename_key(doc_paths, &path, &new);
                Some(format!("path {path:?} renamed to {new:?}"))
            }
            3 => {
                let status = *self.rng.pick(STATUSES);
                let media = *self.rng.pick(MEDIA);
                let mut response = json!({"description": name});
                if self.rng.chance(80) {
                    response["content"] = json!({ media: {"schema": schema} });
                }
                if self.rng.chance(15) {
                    response["headers"] = json!({ "X-Rate": {"schema": {"type": "integer"}} });
                }
                let operation = doc_paths
                    .get_mut(&path)?
                    .get_mut(&method)?
                    .as_object_mut()?;
                let responses = operation.entry("responses").or_insert(json!({}));
                if let Some(responses) = responses.as_object_mut() {
                    if self.rng.chance(20) {
                        responses.clear();
                    }
                    responses.insert(status.into(), response);
                }
                Some(format!("response {status:?} {media:?} on {method} {path}"))
            }
            4 => {
                let mut content = Map::new();
                for _ in 0..1 + self.rng.below(3) {
                    content.insert(
                        (*self.rng.pick(MEDIA)).to_owned(),
                        json!({"schema": schema.clone()}),
                    );
                }
                let body = json!({"required": self.rng.chance(50), "content": content});
                let operation = doc_paths
                    .get_mut(&path)?
                    .get_mut(&method)?
                    .as_object_mut()?;
                operation.insert("requestBody".into(), body);
                Some(format!("request body on {method} {path}"))
            }
            5 => {
                let item = doc_paths.get_mut(&path)?.as_object_mut()?;
                let operation = item.get(&method)?.clone();
                let to = if self.rng.chance(80) {
                    *self.rng.pick(METHODS)
                } else {
                    *self.rng.pick(EXTRA_METHODS)
                };
                item.insert(to.into(), operation);
                Some(format!("copy {method} {path} to {to}"))
            }
            6 => {
                let copy = doc_paths.get(&path)?.clone();
                let new = format!("{path}{}", self.rng.pick(&["/", "/x", "/{id}", "_", ""]));
                doc_paths.insert(new.clone(), copy);
                Some(format!("copy path {path:?} to {new:?}"))
            }
            _ => {
                let operation = doc_paths
                    .get_mut(&path)?
                    .get_mut(&method)?
                    .as_object_mut()?;
                let key = *self.rng.pick(&[
                    "security",
                    "servers",
                    "tags",
                    "callbacks",
                    "deprecated",
                    "summary",
                    "description",
                    "externalDocs",
                ]);
                let value = random_value(self.rng, self.pool, 2);
                let shown = short(&value);
                operation.insert(key.into(), value);
                Some(format!("{key} {shown} on {method} {path}"))
            }
        }
    }

    fn insert_schema(&mut self) -> Option<String> {
        let name = self.name();
        let schema = random_schema(self.rng, self.schemas, self.pool, 3);
        let node = pick_node(self.nodes, self.rng, |n| n.schema() && !n.path.is_empty());
        let use_it = node.is_some() && self.rng.chance(50);
        ensure_schemas(self.doc)?.insert(name.clone(), schema);
        if use_it {
            let node = node?;
            *get_mut(self.doc, &node.path)? = json!({ "$ref": schema_ref(&name) });
            return Some(format!(
                "new schema {name:?} used at {}",
                pointer(&node.path)
            ));
        }
        Some(format!("new schema {name:?}"))
    }
}

/// A value shown in a mutation log, cut short.
fn short(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 60 {
        format!("{}...", text.chars().take(60).collect::<String>())
    } else {
        text
    }
}

// ---------------------------------------------------------------------------------------------
// Text mutations

const TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ":",
    ": ",
    ",",
    "-",
    "- ",
    "? ",
    "#",
    "|",
    ">",
    "&a",
    "*a",
    "!",
    "!!str ",
    "!!binary ",
    "!Tag ",
    "<<: *a",
    "---\n",
    "...\n",
    "%YAML 1.2\n",
    "\t",
    "\"",
    "'",
    "\\",
    "\\u0000",
    "\\ud800",
    "\\uDFFF",
    "1e999",
    "-0",
    "0x1F",
    ".inf",
    ".nan",
    "~",
    "null",
    "yes",
    "no",
    "on",
    "2001-12-14t21:59:43.10-05:00",
    "$ref",
    "\u{feff}",
    "\u{0}",
    "\r",
    "\r\n",
    "🦀",
    "é",
    "\u{fffd}",
    "  ",
    "\n",
    "\n  ",
    "openapi",
    "3.0.3",
    "3.1.0",
    "2.0",
    "type",
    "items",
    "allOf",
    "properties",
    "required",
    "nullable",
    "enum",
];

fn mutate_text(text: &mut String, json: bool, rng: &mut Rng, how: &mut Vec<String>) {
    let mut bytes = std::mem::take(text).into_bytes();
    let edits = 1 + rng.below(4);
    for _ in 0..edits {
        let len = bytes.len();
        let at = if len == 0 { 0 } else { rng.below(len + 1) };
        let done = match rng.below(12) {
            0 => {
                bytes.truncate(at);
                format!("truncate at {at}")
            }
            1 | 2 if len > 0 => {
                let at = at.min(len - 1);
                bytes[at] ^= 1 << rng.below(8);
                format!("flip a bit at {at}")
            }
            3 if len > 0 => {
                let at = at.min(len - 1);
                bytes[at] = rng.below(256) as u8;
                format!("random byte at {at}")
            }
            4..=6 => {
                let token = *rng.pick(TOKENS);
                splice(&mut bytes, at, token.as_bytes());
                format!("insert {token:?} at {at}")
            }
            7 => {
                let char = char::from_u32(rng.below(0x3_0000) as u32).unwrap_or('\u{fffd}');
                let mut buffer = [0; 4];
                splice(&mut bytes, at, char.encode_utf8(&mut buffer).as_bytes());
                format!("insert {char:?} at {at}")
            }
            8 if len > 0 => {
                let end = (at + 1 + rng.below(64)).min(len);
                let at = at.min(end);
                bytes.drain(at..end);
                format!("delete {at}..{end}")
            }
            9 if len > 0 => {
                let start = rng.below(len);
                let end = (start + 1 + rng.below(200)).min(len);
                let copy = bytes[start..end].to_vec();
                splice(&mut bytes, at, &copy);
                format!("copy {start}..{end} to {at}")
            }
            10 if !json => reindent(&mut bytes, rng),
            _ => anchor_alias(&mut bytes, rng),
        };
        how.push(done);
    }
    *text = String::from_utf8_lossy(&bytes).into_owned();
}

fn splice(bytes: &mut Vec<u8>, at: usize, insert: &[u8]) {
    let at = at.min(bytes.len());
    bytes.splice(at..at, insert.iter().copied());
}

fn line_starts(bytes: &[u8]) -> Vec<usize> {
    std::iter::once(0)
        .chain(
            bytes
                .iter()
                .enumerate()
                .filter(|(_, b)| **b == b'\n')
                .map(|(i, _)| i + 1),
        )
        .filter(|start| *start < bytes.len())
        .collect()
}

fn reindent(bytes: &mut Vec<u8>, rng: &mut Rng) -> String {
    let starts = line_starts(bytes);
    if starts.is_empty() {
        return "reindent nothing".to_owned();
    }
    let start = *rng.pick(&starts);
    if rng.chance(50) && bytes.get(start) == Some(&b' ') {
        bytes.remove(start);
        format!("dedent line at {start}")
    } else {
        let pad: &[u8] = if rng.chance(20) { b"\t" } else { b"  " };
        splice(bytes, start, pad);
        format!("indent line at {start}")
    }
}

/// A YAML anchor on a line that opens a block (`key: &x`) and an alias to it in place of a
/// scalar elsewhere (`other: *x`), which may lie inside the anchored block itself.
fn anchor_alias(bytes: &mut Vec<u8>, rng: &mut Rng) -> String {
    let lines: Vec<(usize, usize)> = line_starts(bytes)
        .into_iter()
        .map(|start| {
            let end = bytes[start..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(bytes.len(), |p| start + p);
            (start, end)
        })
        .collect();
    let blocks: Vec<usize> = lines
        .iter()
        .filter(|(start, end)| bytes[*start..*end].ends_with(b":"))
        .map(|(_, end)| *end)
        .collect();
    let scalars: Vec<(usize, usize)> = lines
        .iter()
        .filter_map(|(start, end)| {
            let line = &bytes[*start..*end];
            let colon = line.windows(2).position(|w| w == b": ")?;
            Some((start + colon + 2, *end))
        })
        .collect();
    if blocks.is_empty() || scalars.is_empty() {
        return "no place for an anchor".to_owned();
    }
    let anchor = *rng.pick(&blocks);
    let (value_start, value_end) = *rng.pick(&scalars);
    // The later edit first, so the earlier position stays valid.
    if anchor > value_start {
        splice(bytes, anchor, b" &x");
        bytes.splice(value_start..value_end, b"*x".iter().copied());
    } else {
        bytes.splice(value_start..value_end, b"*x".iter().copied());
        splice(bytes, anchor, b" &x");
    }
    format!("anchor at {anchor}, alias at {value_start}")
}
