//! Driving the cases: the settings from the environment, the state the workers share, and
//! one worker's loop.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::case::{make_case, Case};
use crate::rng::Rng;
use crate::runner::Runner;
use crate::seeds::Seed;

const DEFAULT_CASES: u64 = 2000;
const DEFAULT_SEED: u64 = 0x0A6E_F022_2024_0001;
const DEFAULT_HANG_SECONDS: u64 = 60;
const DEFAULT_CHILD_SECONDS: u64 = 10;

pub(crate) struct Settings {
    pub(crate) seed: u64,
    pub(crate) cases: u64,
    pub(crate) seconds: Option<u64>,
    pub(crate) hang: Duration,
    pub(crate) workers: usize,
    pub(crate) child_timeout: Duration,
}

impl Settings {
    pub(crate) fn from_env() -> Self {
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

pub(crate) struct Shared {
    pub(crate) next_case: AtomicUsize,
    pub(crate) done: AtomicBool,
    /// Per worker: milliseconds since `started` when its current case began, 0 when idle.
    pub(crate) busy_since: Vec<AtomicU64>,
    pub(crate) started: Instant,
    pub(crate) outcomes: Mutex<BTreeMap<&'static str, u64>>,
    /// The outcomes of the cases that say they are OpenAPI 3.1, counted in `outcomes` too.
    pub(crate) v31_outcomes: Mutex<BTreeMap<&'static str, u64>>,
    pub(crate) failures: Mutex<BTreeMap<String, Found>>,
}

/// The first (lowest-numbered) case that showed one failure signature.
pub(crate) struct Found {
    pub(crate) case: u64,
    pub(crate) input: Case,
    pub(crate) detail: String,
    pub(crate) count: u64,
}

pub(crate) fn work(
    worker: usize,
    shared: &Shared,
    seeds: &[Seed],
    settings: &Settings,
    out_dir: &Path,
) {
    let mut outcomes: BTreeMap<&'static str, u64> = BTreeMap::new();
    let mut v31_outcomes: BTreeMap<&'static str, u64> = BTreeMap::new();
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
        };
        let result = runner.run(&input);
        shared.busy_since[worker].store(0, Ordering::SeqCst);
        let kind = match &result {
            Ok(kind) => kind,
            Err(_) => "FAILURE",
        };
        *outcomes.entry(kind).or_default() += 1;
        if input.v31 {
            *v31_outcomes.entry(kind).or_default() += 1;
        }
        match result {
            Ok(_) => {}
            Err(failure) => {
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
    for (shared, own) in [
        (&shared.outcomes, outcomes),
        (&shared.v31_outcomes, v31_outcomes),
    ] {
        let mut total = shared.lock().unwrap_or_else(|e| e.into_inner());
        for (kind, count) in own {
            *total.entry(kind).or_default() += count;
        }
    }
}
