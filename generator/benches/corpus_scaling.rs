//! End-to-end generation time (parse to formatted source, in process) for `spec/` and every
//! document in the project's corpora (`corpus/openapi-3.0/`, `corpus/openapi-3.1/`), with time
//! per KB and a least-squares line through (size, time) to show how generation time grows with
//! spec size: one for `spec/` with the 3.0 corpus (the figures this bench has always printed),
//! one for the 3.1 corpus. Then the two corpora's ms per KB side by side, and their ratio
//! against the target that 3.1 documents cost at most 1.5 times as much per KB as 3.0 ones.
//!
//! `cargo bench -p oagen --bench corpus_scaling [-- [--seconds N] [FILTER]]`: FILTER keeps the
//! specs whose name contains it; measuring takes about N seconds (default 60), in rounds that
//! each generate every spec, so that other work on the machine affects all specs alike. Without `--bench` (as `cargo test --benches` runs it) each spec is generated once,
//! as a smoke test, and no figures are claimed.

mod common;

use std::hint::black_box;
use std::time::{Duration, Instant};

use common::{all_specs, load_average, median, Spec, CORPUS_31_LABEL, CORPUS_LABEL};

/// Measuring goes on in rounds, each generating every spec, until this much time has passed
/// (and at least `MIN_ROUNDS` rounds): interleaving the specs means that a burst of other work
/// on the machine slows every spec alike instead of skewing the one measured at that moment.
const DEFAULT_SECONDS: u64 = 60;
const MIN_ROUNDS: usize = 5;
/// Within a round, a spec faster than this is generated several times, to get more samples.
const ROUND_SHARE: Duration = Duration::from_millis(40);
const MAX_REPEATS: usize = 20;

/// The budget for `progenitor-nexus.json`, end to end.
const NEXUS_BUDGET_MS: f64 = 90.0;

/// The target: the 3.1 corpus's time per KB at most this many times the 3.0 corpus's.
const PER_KB_RATIO_TARGET: f64 = 1.5;

struct Row {
    name: String,
    /// Where the spec comes from (`spec`, `corpus`, `corpus-3.1`).
    label: String,
    kb: f64,
    operations: usize,
    lines: usize,
    runs: usize,
    median_ms: f64,
    min_ms: f64,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let measuring = args.iter().any(|arg| arg == "--bench");
    let seconds = match args.iter().position(|arg| arg == "--seconds") {
        Some(at) => args
            .get(at + 1)
            .and_then(|text| text.parse::<u64>().ok())
            .expect("--seconds needs a whole number"),
        None => DEFAULT_SECONDS,
    };
    let filters: Vec<&String> = args
        .iter()
        .enumerate()
        .filter(|(at, arg)| !arg.starts_with('-') && (*at == 0 || args[at - 1] != "--seconds"))
        .map(|(_, arg)| arg)
        .collect();

    let specs: Vec<Spec> = all_specs()
        .into_iter()
        .filter(|spec| filters.is_empty() || filters.iter().any(|f| spec.name.contains(*f)))
        .collect();
    if measuring {
        println!("load average before: {}", load_average());
    }
    let config = oagen::Config::new();
    let mut rows = Vec::new();
    let mut measured = Vec::new();
    let mut failed = Vec::new();
    for spec in &specs {
        // Warm-up run; it also tells whether the spec generates at all, and how many times to
        // repeat it per round.
        let start = Instant::now();
        match config.generate_text(&spec.path, &spec.text) {
            Ok(generated) => {
                let once = start.elapsed();
                if !measuring {
                    println!(
                        "ok {} ({} lines)",
                        spec.name,
                        generated.code.lines().count()
                    );
                    continue;
                }
                let repeats = (ROUND_SHARE.as_secs_f64() / once.as_secs_f64().max(1e-6))
                    .clamp(1.0, MAX_REPEATS as f64) as usize;
                rows.push(Row {
                    name: spec.name.clone(),
                    label: spec.label.clone(),
                    kb: spec.kb(),
                    operations: generated.api.operations.len(),
                    lines: generated.code.lines().count(),
                    runs: 0,
                    median_ms: f64::NAN,
                    min_ms: f64::NAN,
                });
                measured.push((spec, repeats, Vec::new()));
            }
            Err(error) => {
                let first_line = error.to_string().lines().next().unwrap_or("").to_owned();
                failed.push((spec.name.clone(), first_line));
            }
        }
    }

    for (name, error) in &failed {
        println!("not generated: {name}: {error}");
    }
    if !measuring {
        println!(
            "{} specs generated, {} not (smoke run: pass --bench, as `cargo bench` does, to measure)",
            specs.len() - failed.len(),
            failed.len()
        );
        return;
    }

    let started = Instant::now();
    let mut rounds = 0;
    while rounds < MIN_ROUNDS || started.elapsed() < Duration::from_secs(seconds) {
        for (spec, repeats, samples) in &mut measured {
            for _ in 0..*repeats {
                let start = Instant::now();
                let result = config.generate_text(black_box(&spec.path), black_box(&spec.text));
                samples.push(start.elapsed().as_secs_f64() * 1000.0);
                drop(black_box(result));
            }
        }
        rounds += 1;
    }
    for (row, (_, _, samples)) in rows.iter_mut().zip(&mut measured) {
        row.runs = samples.len();
        row.min_ms = samples.iter().copied().fold(f64::INFINITY, f64::min);
        row.median_ms = median(samples);
    }
    println!(
        "{rounds} rounds in {:.0} s, every spec generated in each round",
        started.elapsed().as_secs_f64()
    );
    report(&rows);
    println!("load average after: {}", load_average());
}

fn report(rows: &[Row]) {
    println!();
    println!(
        "{:<44} {:>8} {:>5} {:>7} {:>8} {:>5} {:>10} {:>9} {:>8}",
        "spec", "KB", "ops", "lines", "lines/op", "runs", "median ms", "min ms", "ms/KB"
    );
    for row in rows {
        let per_op = if row.operations == 0 {
            "-".to_owned()
        } else {
            format!("{:.0}", row.lines as f64 / row.operations as f64)
        };
        println!(
            "{:<44} {:>8.1} {:>5} {:>7} {:>8} {:>5} {:>10.2} {:>9.2} {:>8.3}",
            row.name,
            row.kb,
            row.operations,
            row.lines,
            per_op,
            row.runs,
            row.median_ms,
            row.min_ms,
            row.median_ms / row.kb
        );
    }

    let (earlier, v31): (Vec<&Row>, Vec<&Row>) =
        rows.iter().partition(|row| row.label != CORPUS_31_LABEL);
    scaling("spec/ and corpus/openapi-3.0/", &earlier);
    scaling("corpus/openapi-3.1/", &v31);
    compare_corpora(rows);

    if let Some(nexus) = rows
        .iter()
        .find(|row| row.name.ends_with("progenitor-nexus.json"))
    {
        let verdict = if nexus.median_ms < NEXUS_BUDGET_MS {
            "met"
        } else {
            "NOT met"
        };
        println!();
        println!(
            "budget: progenitor-nexus.json end to end {:.1} ms (median of {}, fastest {:.1} ms) vs < {NEXUS_BUDGET_MS} ms: {verdict}",
            nexus.median_ms, nexus.runs, nexus.min_ms
        );
    }
}

/// How time grows with size over `rows`: least-squares lines through (KB, ms) and (generated
/// lines, ms), and the set's summed time over its summed size.
fn scaling(title: &str, rows: &[&Row]) {
    if rows.len() < 2 {
        return;
    }
    let (slope, intercept, r2) = fit(rows.iter().map(|row| (row.kb, row.median_ms)));
    println!();
    println!("{title}:");
    println!(
        "least-squares fit over {} specs: median ms = {intercept:.2} + {slope:.3} x KB  (R^2 = {r2:.3})",
        rows.len()
    );
    let total_kb: f64 = rows.iter().map(|row| row.kb).sum();
    let total_ms: f64 = rows.iter().map(|row| row.median_ms).sum();
    println!(
        "whole set: {total_ms:.1} ms for {total_kb:.0} KB = {:.3} ms/KB",
        total_ms / total_kb
    );
    let (line_slope, _, line_r2) = fit(rows.iter().map(|row| (row.kb, row.lines as f64)));
    println!(
        "generated lines vs spec size: {line_slope:.1} lines/KB (R^2 = {line_r2:.3}); \
         time per generated line is the better predictor when specs differ in density"
    );
    let (per_line, per_line_intercept, per_line_r2) =
        fit(rows.iter().map(|row| (row.lines as f64, row.median_ms)));
    println!(
        "median ms = {per_line_intercept:.2} + {:.2} us x generated line  (R^2 = {per_line_r2:.3})",
        per_line * 1000.0
    );
}

/// Time per KB of the 3.0 corpus and of the 3.1 corpus (`spec/` is in neither), three ways: the
/// whole folder (summed medians over summed size, which the large documents dominate), the same
/// with each spec's fastest run (less swayed by other work on a shared machine), and the median
/// of the documents' own ms/KB (which counts each document once); then 3.1 over 3.0, against
/// the target (judged on the whole folder's medians).
fn compare_corpora(rows: &[Row]) {
    struct PerKb {
        specs: usize,
        kb: f64,
        whole: f64,
        fastest: f64,
        each: f64,
    }
    let per_kb = |label: &str| -> Option<PerKb> {
        let rows: Vec<&Row> = rows.iter().filter(|row| row.label == label).collect();
        if rows.is_empty() {
            return None;
        }
        let kb: f64 = rows.iter().map(|row| row.kb).sum();
        let median_ms: f64 = rows.iter().map(|row| row.median_ms).sum();
        let min_ms: f64 = rows.iter().map(|row| row.min_ms).sum();
        let mut each: Vec<f64> = rows.iter().map(|row| row.median_ms / row.kb).collect();
        Some(PerKb {
            specs: rows.len(),
            kb,
            whole: median_ms / kb,
            fastest: min_ms / kb,
            each: median(&mut each),
        })
    };
    println!();
    println!(
        "ms per KB by corpus (whole folder: summed medians / summed KB; fastest: summed fastest \
         runs / summed KB; per spec: median of each spec's ms/KB):"
    );
    let v30 = per_kb(CORPUS_LABEL);
    let v31 = per_kb(CORPUS_31_LABEL);
    for (title, figures) in [("OpenAPI 3.0", &v30), ("OpenAPI 3.1", &v31)] {
        match figures {
            Some(f) => println!(
                "  {title}: {} specs, {:.0} KB: {:.3} ms/KB whole folder, {:.3} fastest, {:.3} per spec",
                f.specs, f.kb, f.whole, f.fastest, f.each
            ),
            None => println!("  {title}: no spec measured"),
        }
    }
    let (Some(v30), Some(v31)) = (v30, v31) else {
        println!("  3.1 / 3.0: not computed (both corpora must be measured)");
        return;
    };
    let whole = v31.whole / v30.whole;
    let verdict = if whole <= PER_KB_RATIO_TARGET {
        "met"
    } else {
        "NOT met"
    };
    println!(
        "  3.1 / 3.0: {whole:.2}x whole folder, {:.2}x fastest, {:.2}x per spec; \
         target <= {PER_KB_RATIO_TARGET}x (whole folder): {verdict}",
        v31.fastest / v30.fastest,
        v31.each / v30.each
    );
}

/// Least-squares line y = intercept + slope * x: (slope, intercept, R^2).
fn fit(points: impl Iterator<Item = (f64, f64)>) -> (f64, f64, f64) {
    let points: Vec<(f64, f64)> = points.collect();
    let n = points.len() as f64;
    let mean_x = points.iter().map(|p| p.0).sum::<f64>() / n;
    let mean_y = points.iter().map(|p| p.1).sum::<f64>() / n;
    let sxy: f64 = points.iter().map(|p| (p.0 - mean_x) * (p.1 - mean_y)).sum();
    let sxx: f64 = points.iter().map(|p| (p.0 - mean_x).powi(2)).sum();
    let syy: f64 = points.iter().map(|p| (p.1 - mean_y).powi(2)).sum();
    let slope = sxy / sxx;
    let intercept = mean_y - slope * mean_x;
    let r2 = if syy == 0.0 {
        1.0
    } else {
        (sxy * sxy) / (sxx * syy)
    };
    (slope, intercept, r2)
}
