//! Fixture tests: one small spec per feature in `tests/fixtures/` at the repository root, each
//! with an insta snapshot in `generator/tests/snapshots/` named after the fixture file.
//!
//! The file name says what a fixture is expected to do:
//!
//! - `bad-*`: the spec cannot be generated; the snapshot holds the rendered error (the text a
//!   build script prints), with the fixture's path relative to the repository root.
//! - `unsupported-*`: the spec holds a construct the generator does not support. In default mode
//!   the rest is generated and the construct is reported as a warning; in strict mode it is an
//!   error. Two snapshots: `<name>.snap` (default mode) and `<name>.strict.snap` (strict mode).
//! - anything else: a valid spec exercising one feature; the snapshot holds the generated code,
//!   preceded by the warnings when there are any.
//!
//! Besides, a fixture whose name starts with `split-by-tag` is generated with
//! `Config::module_layout(ModuleLayout::ByTag)` (the one setting a fixture can ask for).
//!
//! Whatever the outcome, it is rendered into the snapshot rather than asserted on separately, so
//! a change of behaviour (a warning that goes away, an error that appears) shows up as a snapshot
//! diff to review. After a deliberate change, refresh with `cargo insta review`, or with
//! `INSTA_UPDATE=always cargo test -p oagen --test fixtures` followed by a look at
//! `git diff generator/tests/snapshots/`.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Where the fixtures live, relative to the repository root (as they appear in snapshots).
const FIXTURES_DIR: &str = "tests/fixtures";

/// Fixtures that must fail to generate.
const BAD_PREFIX: &str = "bad-";

/// Fixtures holding an unsupported construct: a warning by default, an error in strict mode.
const UNSUPPORTED_PREFIX: &str = "unsupported-";

/// Fixtures generated split into one module per tag.
const SPLIT_PREFIX: &str = "split-by-tag";

/// Suffix of the snapshot name for a strict-mode run.
const STRICT_SUFFIX: &str = ".strict";

/// How to refresh stale snapshots; shown in snapshot headers and in failure messages.
const REFRESH_HINT: &str = "If the change is intended, review with `cargo insta review` (or run \
     `INSTA_UPDATE=always cargo test -p oagen --test fixtures`, then inspect \
     `git diff generator/tests/snapshots/`).";

/// What a fixture's file name says about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Generates; snapshot the code (and any warnings).
    Good,
    /// Fails; snapshot the rendered error.
    Bad,
    /// Warns by default and fails in strict mode; snapshot both runs.
    Unsupported,
}

/// One spec file under `tests/fixtures/`.
struct Fixture {
    /// The snapshot name: the file name without its extension.
    name: String,
    /// The path as written in snapshots: `tests/fixtures/<file>`.
    relative: String,
    /// The path handed to the generator.
    absolute: PathBuf,
    kind: Kind,
}

fn repository_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every `.yaml`, `.yml` and `.json` file in the fixtures directory, sorted by file name.
fn fixtures() -> Vec<Fixture> {
    let dir = repository_root().join(FIXTURES_DIR);
    let entries = std::fs::read_dir(&dir)
        .unwrap_or_else(|error| panic!("cannot list {}: {error}", dir.display()));
    let mut fixtures: Vec<Fixture> = entries
        .map(|entry| {
            entry
                .unwrap_or_else(|error| panic!("cannot list {}: {error}", dir.display()))
                .path()
        })
        .filter(|path| {
            path.extension()
                .is_some_and(|ext| ext == "yaml" || ext == "yml" || ext == "json")
        })
        .map(|absolute| {
            let file_name = file_name(&absolute);
            let name = absolute
                .file_stem()
                .map(|stem| stem.to_string_lossy().into_owned())
                .unwrap_or_else(|| panic!("{} has no file stem", absolute.display()));
            let kind = if name.starts_with(BAD_PREFIX) {
                Kind::Bad
            } else if name.starts_with(UNSUPPORTED_PREFIX) {
                Kind::Unsupported
            } else {
                Kind::Good
            };
            Fixture {
                relative: format!("{FIXTURES_DIR}/{file_name}"),
                name,
                absolute,
                kind,
            }
        })
        .collect();
    fixtures.sort_by(|a, b| a.relative.cmp(&b.relative));
    let mut names = BTreeSet::new();
    for fixture in &fixtures {
        assert!(
            names.insert(fixture.name.as_str()),
            "two fixtures are named `{}` (differing only in extension); their snapshots would clash",
            fixture.name
        );
        assert!(
            !fixture.name.ends_with(STRICT_SUFFIX),
            "{}: a fixture name ending in `{STRICT_SUFFIX}` would clash with strict-mode snapshots",
            fixture.relative
        );
    }
    fixtures
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| panic!("{} has no file name", path.display()))
}

/// Runs the generator on a fixture in default or strict mode and renders the outcome as text.
fn generate(fixture: &Fixture, strict: bool) -> String {
    let layout = if fixture.name.starts_with(SPLIT_PREFIX) {
        oagen::ModuleLayout::ByTag
    } else {
        oagen::ModuleLayout::Flat
    };
    let outcome = oagen::Config::new()
        .strict(strict)
        .module_layout(layout)
        .generate_file(&fixture.absolute);
    let rendered = match outcome {
        Ok(generated) => {
            let mut text = String::new();
            if !generated.warnings.is_empty() {
                text.push_str("-- warnings --\n");
                for warning in &generated.warnings {
                    writeln!(text, "{warning}").expect("writing to a String");
                }
                text.push_str("-- code --\n");
            }
            text.push_str(&generated.code);
            text
        }
        Err(error) => format!("{error}\n"),
    };
    // Diagnostics name the file as it was given; show it relative to the repository root so the
    // snapshot does not depend on where the checkout lives.
    let absolute = fixture.absolute.display().to_string();
    let rendered = rendered.replace(&absolute, &fixture.relative);
    let root = repository_root().display().to_string();
    assert!(
        !rendered.contains(&root),
        "{}: the rendered outcome still mentions the absolute path {root}:\n{rendered}",
        fixture.relative
    );
    rendered
}

/// Snapshots one run of one fixture as `snapshots/<snapshot>.snap`.
fn assert_fixture_snapshot(fixture: &Fixture, snapshot: &str, strict: bool, expected: &str) {
    let rendered = generate(fixture, strict);
    let mode = if strict { "strict" } else { "default" };
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.set_input_file(&fixture.absolute);
    settings.set_description(format!(
        "oagen on {} in {mode} mode; expected: {expected}.",
        fixture.relative
    ));
    settings.bind(|| insta::assert_snapshot!(snapshot, rendered));
}

/// The snapshot runs for one fixture: `(snapshot name, strict mode, what is expected)`.
fn runs(fixture: &Fixture) -> Vec<(String, bool, &'static str)> {
    match fixture.kind {
        Kind::Good => vec![(
            fixture.name.clone(),
            false,
            "the generated code, after any warnings",
        )],
        Kind::Bad => vec![(
            fixture.name.clone(),
            false,
            "an error naming the file and the place in it",
        )],
        Kind::Unsupported => vec![
            (
                fixture.name.clone(),
                false,
                "a warning naming the construct and its JSON pointer, then the code for the rest",
            ),
            (
                format!("{}{STRICT_SUFFIX}", fixture.name),
                true,
                "an error naming the construct and its JSON pointer",
            ),
        ],
    }
}

/// Every fixture, in file-name order; a failing snapshot does not stop the others, so one run
/// reports (and, with `INSTA_UPDATE`, writes) every changed snapshot.
#[test]
fn fixtures_match_snapshots() {
    let fixtures = fixtures();
    assert!(!fixtures.is_empty(), "no fixtures found in {FIXTURES_DIR}/");
    let mut failed = Vec::new();
    for fixture in &fixtures {
        for (snapshot, strict, expected) in runs(fixture) {
            let outcome = std::panic::catch_unwind(|| {
                assert_fixture_snapshot(fixture, &snapshot, strict, expected);
            });
            if outcome.is_err() {
                failed.push(format!("{snapshot} ({})", fixture.relative));
            }
        }
    }
    assert!(
        failed.is_empty(),
        "{} fixture snapshot(s) differ:\n  {}\n{REFRESH_HINT}",
        failed.len(),
        failed.join("\n  ")
    );
}

/// A renamed or deleted fixture must not leave its old snapshot behind.
#[test]
fn every_snapshot_belongs_to_a_fixture() {
    let expected: BTreeSet<String> = fixtures()
        .iter()
        .flat_map(|fixture| runs(fixture).into_iter().map(|(snapshot, ..)| snapshot))
        .collect();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    // The snapshots are part of the repository; a missing folder is a broken checkout.
    let entries = std::fs::read_dir(&dir)
        .unwrap_or_else(|error| panic!("{}: cannot list the snapshots: {error}", dir.display()));
    let mut orphans: Vec<String> = entries
        .map(|entry| file_name(&entry.expect("listing snapshots").path()))
        .filter_map(|file| file.strip_suffix(".snap").map(str::to_owned))
        .filter(|snapshot| !expected.contains(snapshot))
        .collect();
    orphans.sort();
    assert!(
        orphans.is_empty(),
        "snapshots without a fixture in {FIXTURES_DIR}/ (delete them, or restore the fixture): {}",
        orphans
            .iter()
            .map(|snapshot| format!("generator/tests/snapshots/{snapshot}.snap"))
            .collect::<Vec<_>>()
            .join(", ")
    );
}
