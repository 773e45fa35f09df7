//! Generation time split by phase — parse, lower, emit, format — plus the whole pipeline
//! (`Config::generate_text`, which also runs the checks between lower and emit), for
//! `spec/lineworks.yaml` and the two largest corpus documents.
//!
//! `cargo bench -p oagen --bench phases [-- FILTER]` (e.g. `-- nexus` runs one group). Criterion
//! prints each benchmark as it goes; at the end this bench prints a table of criterion's medians
//! (read back from `<target>/criterion/<group>/<phase>/new/estimates.json`).

mod common;

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use criterion::{BatchSize, Criterion, SamplingMode, Throughput};
use oagen::phases;

use common::{load_average, read, Spec, CORPUS_DIR, SPEC_DIR};

/// The documents benchmarked: (group name, directory, file).
const SPECS: [(&str, &str, &str); 3] = [
    ("lineworks", SPEC_DIR, "lineworks.yaml"),
    ("nexus", CORPUS_DIR, "progenitor-nexus.json"),
    ("openai", CORPUS_DIR, "openai-3.0.yaml"),
];
const PHASES: [&str; 5] = ["parse", "lower", "emit", "format", "end_to_end"];
const SAMPLES: usize = 10;

fn main() {
    let mut criterion = Criterion::default()
        .sample_size(SAMPLES)
        .warm_up_time(Duration::from_millis(500))
        .configure_from_args();
    // Only a real run (`cargo bench` passes --bench) measures; `cargo test --benches` runs each
    // benchmark once, as a smoke test.
    let measuring = std::env::args().any(|arg| arg == "--bench");
    if measuring {
        println!("load average before: {}", load_average());
    }
    for (group_name, dir, file) in SPECS {
        if let Some(spec) = read(dir, file, group_name) {
            bench_spec(&mut criterion, group_name, &spec);
        }
    }
    criterion.final_summary();
    if measuring {
        println!("load average after: {}", load_average());
        print_medians();
    }
}

/// Enough measuring time for `SAMPLES` samples of a phase that took `once` on its first run,
/// within 2..15 s so that the whole suite stays at a few minutes on two cores.
fn measurement_time(once: Duration) -> Duration {
    (once * (SAMPLES as u32 + 2)).clamp(Duration::from_secs(2), Duration::from_secs(15))
}

fn timed<T>(work: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let value = work();
    (value, start.elapsed())
}

fn bench_spec(c: &mut Criterion, group_name: &str, spec: &Spec) {
    // Inputs of the later phases, computed (and timed once, to size the measurements) outside
    // the measurements.
    let (loaded, parse_once) = timed(|| phases::parse(&spec.path, &spec.text));
    let loaded = match loaded {
        Ok(loaded) => loaded,
        Err(error) => {
            eprintln!("skipping {}: {error}", spec.name);
            return;
        }
    };
    let (lowered, lower_once) = timed(|| phases::lower(&loaded));
    let (tokens, emit_once) = timed(|| phases::emit(&lowered));
    let (formatted, format_once) = timed(|| phases::format(tokens.clone()));
    if let Err(error) = formatted {
        eprintln!(
            "skipping {}: emitted tokens do not parse: {error}",
            spec.name
        );
        return;
    }
    let config = oagen::Config::new();
    let (generated, end_to_end_once) = timed(|| config.generate_text(&spec.path, &spec.text));
    if let Err(error) = generated {
        eprintln!("skipping {}: {error}", spec.name);
        return;
    }

    let mut group = c.benchmark_group(group_name);
    group.throughput(Throughput::Bytes(spec.text.len() as u64));
    // Flat sampling: the same number of iterations in every sample, so a phase that takes
    // hundreds of milliseconds needs SAMPLES iterations, not SAMPLES * (SAMPLES + 1) / 2.
    group.sampling_mode(SamplingMode::Flat);

    group.measurement_time(measurement_time(parse_once));
    group.bench_function("parse", |b| {
        b.iter(|| phases::parse(black_box(&spec.path), black_box(&spec.text)))
    });
    group.measurement_time(measurement_time(lower_once));
    group.bench_function("lower", |b| b.iter(|| phases::lower(black_box(&loaded))));
    group.measurement_time(measurement_time(emit_once));
    group.bench_function("emit", |b| b.iter(|| phases::emit(black_box(&lowered))));
    group.measurement_time(measurement_time(format_once));
    group.bench_function("format", |b| {
        b.iter_batched(
            || tokens.clone(),
            |tokens| phases::format(black_box(tokens)),
            BatchSize::LargeInput,
        )
    });
    group.measurement_time(measurement_time(end_to_end_once));
    group.bench_function("end_to_end", |b| {
        b.iter(|| config.generate_text(black_box(&spec.path), black_box(&spec.text)))
    });
    group.finish();
}

/// Where criterion saved its results, found as criterion finds it: `$CRITERION_HOME`, else
/// `$CARGO_TARGET_DIR/criterion`, else (under cargo, which sets `$CARGO`) the target directory's
/// `criterion/` — this executable is `<target>/<profile>/deps/phases-<hash>` — else
/// `./target/criterion`.
fn criterion_dir() -> Option<PathBuf> {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        return Some(PathBuf::from(home));
    }
    if let Some(target) = std::env::var_os("CARGO_TARGET_DIR") {
        return Some(PathBuf::from(target).join("criterion"));
    }
    if std::env::var_os("CARGO").is_none() {
        return Some(PathBuf::from("target/criterion"));
    }
    let exe = std::env::current_exe().ok()?;
    Some(exe.parent()?.parent()?.parent()?.join("criterion"))
}

/// Criterion's median for one benchmark, in milliseconds.
fn median_ms(dir: &std::path::Path, group: &str, phase: &str) -> Option<f64> {
    let path = dir.join(group).join(phase).join("new/estimates.json");
    let text = std::fs::read_to_string(path).ok()?;
    let estimates: serde_json::Value = serde_json::from_str(&text).ok()?;
    let nanoseconds = estimates["median"]["point_estimate"].as_f64()?;
    Some(nanoseconds / 1e6)
}

/// Criterion's medians (from this run, or an earlier one for groups this run filtered out).
fn print_medians() {
    let Some(dir) = criterion_dir() else {
        return;
    };
    println!();
    println!("criterion medians, ms ({}):", dir.display());
    println!(
        "{:<11} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>11} {:>8}",
        "spec", "KB", "parse", "lower", "emit", "format", "sum", "end_to_end", "ms/KB"
    );
    for (group, dir_of_spec, file) in SPECS {
        let kb = std::fs::metadata(std::path::Path::new(dir_of_spec).join(file))
            .map(|meta| meta.len() as f64 / 1000.0)
            .unwrap_or(f64::NAN);
        let medians: Vec<Option<f64>> = PHASES
            .iter()
            .map(|phase| median_ms(&dir, group, phase))
            .collect();
        if medians.iter().all(Option::is_none) {
            continue;
        }
        let cell = |value: Option<f64>| value.map_or_else(|| "-".to_owned(), |v| format!("{v:.2}"));
        let sum: Option<f64> = medians[..4].iter().copied().sum();
        let end_to_end = medians[4];
        println!(
            "{:<11} {:>8.1} {:>8} {:>8} {:>8} {:>8} {:>8} {:>11} {:>8}",
            group,
            kb,
            cell(medians[0]),
            cell(medians[1]),
            cell(medians[2]),
            cell(medians[3]),
            cell(sum),
            cell(end_to_end),
            end_to_end.map_or_else(|| "-".to_owned(), |ms| format!("{:.3}", ms / kb)),
        );
    }
    println!("(sum = the four phases; end_to_end also runs the checks between lower and emit)");
}
