//! Spec text never becomes code. Hostile strings (line breaks, `*/`, `"]`, `#![`, both kinds of
//! fences, tab- and space-indented code, bidi controls, NUL, `\r`, `\u{2028}`, HTML) are planted
//! in every text slot of a spec; the crate `generate --crate` writes must hold them only inside
//! comments and string literals, hold no doc test, and build.
//!
//! Every other spec is an OpenAPI 3.1 document (`type: [T, "null"]`, `const` tags, webhooks
//! with hostile names and text, ...), so the text also goes through the loader's 3.1 rewrite.
//!
//! `hostile_text_stays_text` generates and lexes many specs (no cargo); the build test builds a
//! few crates and runs `cargo test --doc` on them. Both run a fixed set of seeds by default;
//! `OAGEN_HOSTILE_SECONDS=600` keeps each going for that long with fresh seeds, and
//! `OAGEN_HOSTILE_RUNTIME=DIR` builds against another copy of the runtime (a frozen one, so a
//! long run is not broken by edits to `runtime/`).

#[path = "hostile/spec.rs"]
mod spec;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use proc_macro2::{TokenStream, TokenTree};
use spec::{hostile_spec, is_v31, LEAK_FILE, MARKER};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_owned()
}

/// A directory of its own under the system's temp dir, emptied first.
fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir()
        .join(format!("oagen-hostile-{}", std::process::id()))
        .join(test);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// How long to keep going, from `OAGEN_HOSTILE_SECONDS`; `None` runs the fixed seeds only.
fn budget() -> Option<Duration> {
    let seconds = std::env::var("OAGEN_HOSTILE_SECONDS").ok()?;
    Some(Duration::from_secs(seconds.parse().expect(
        "OAGEN_HOSTILE_SECONDS is a whole number of seconds",
    )))
}

/// Seeds to try: `fixed` of them, or as many as `budget` allows.
fn seeds(fixed: u64, first: u64) -> impl Iterator<Item = u64> {
    let deadline = budget().map(|budget| Instant::now() + budget);
    (first..).take_while(move |seed| match deadline {
        Some(deadline) => Instant::now() < deadline,
        None => *seed < first + fixed,
    })
}

fn output_text(output: &Output) -> String {
    format!(
        "--- stdout\n{}\n--- stderr\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// Writes the hostile spec of `seed` and runs `oagen generate --crate` on it into `out`;
/// `Err` with the reason when oagen refused the spec (with a clean error, checked here).
fn generate_crate(seed: u64, dir: &Path, out: &Path, runtime: &[&str]) -> Result<(), String> {
    let spec_path = dir.join(format!("hostile-{seed}.json"));
    let text = serde_json::to_string_pretty(&hostile_spec(seed)).expect("spec as JSON");
    std::fs::write(&spec_path, text).expect("write spec");
    let output = Command::new(env!("CARGO_BIN_EXE_oagen"))
        .arg("generate")
        .arg(&spec_path)
        .args(["--crate", "hostile-client", "-o"])
        .arg(out)
        .args(runtime)
        .output()
        .expect("run oagen");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !stderr.contains('\u{1b}') && !stderr.contains('\u{202e}'),
        "seed {seed}: oagen printed spec text raw\n{stderr}"
    );
    match output.status.code() {
        Some(0) => Ok(()),
        Some(1) => Err(stderr.lines().next().unwrap_or_default().to_owned()),
        _ => panic!("seed {seed}: oagen failed\n{}", output_text(&output)),
    }
}

/// Every identifier in `tokens`, at any depth.
fn idents(tokens: TokenStream, found: &mut Vec<String>) {
    for token in tokens {
        match token {
            TokenTree::Ident(ident) => found.push(ident.to_string()),
            TokenTree::Group(group) => idents(group.stream(), found),
            TokenTree::Punct(_) | TokenTree::Literal(_) => {}
        }
    }
}

/// The value of every doc attribute in `tokens` (doc comments lex as `#[doc = "..."]`), grouped
/// by the item they document: a run of doc attributes is one item's Markdown.
fn doc_blocks(tokens: TokenStream, blocks: &mut Vec<Vec<String>>, current: &mut Vec<String>) {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    for (at, token) in tokens.iter().enumerate() {
        if let TokenTree::Group(group) = token {
            let inner: Vec<TokenTree> = group.stream().into_iter().collect();
            let after_hash = at > 0
                && matches!(&tokens[at - 1], TokenTree::Punct(p) if p.as_char() == '#')
                || at > 1 && matches!(&tokens[at - 1], TokenTree::Punct(p) if p.as_char() == '!');
            if let (true, [TokenTree::Ident(doc), TokenTree::Punct(eq), TokenTree::Literal(lit)]) =
                (after_hash, inner.as_slice())
            {
                if doc == "doc" && eq.as_char() == '=' {
                    let value: syn::LitStr = syn::parse_str(&lit.to_string()).expect("doc string");
                    current.push(value.value());
                    continue;
                }
            }
            if !current.is_empty() {
                blocks.push(std::mem::take(current));
            }
            doc_blocks(group.stream(), blocks, current);
        } else if !matches!(token, TokenTree::Punct(p) if matches!(p.as_char(), '#' | '!'))
            && !current.is_empty()
        {
            blocks.push(std::mem::take(current));
        }
    }
    if !current.is_empty() {
        blocks.push(std::mem::take(current));
    }
}

/// Why one item's doc could hold a doc test (or raw HTML), if it could: as rustdoc reads it
/// (common indentation removed), a fence that is not "```text"/"```", a line indented four
/// columns or more outside a fence, a raw `<pre`/`<script`, or a character that breaks lines.
fn doc_problem(lines: &[String]) -> Option<String> {
    let indent = |line: &str| line.len() - line.trim_start_matches(' ').len();
    let common = lines
        .iter()
        .filter(|line| !line.trim().is_empty())
        .map(|line| indent(line))
        .min()
        .unwrap_or(0);
    let mut fenced = false;
    for line in lines {
        if line.chars().any(oagen::text::is_unsafe_char) {
            return Some(format!("unsafe character in {line:?}"));
        }
        let line = line.get(common..).unwrap_or_default();
        let content = line.trim_start_matches([' ', '>', '-', '*', '+']);
        if content.starts_with("```") || content.starts_with("~~~") {
            match (line, fenced) {
                ("```text", false) | ("```", true) => fenced = !fenced,
                _ => return Some(format!("fence {line:?}")),
            }
        } else if !fenced && (indent(line) >= 4 || wide_after_marker(line)) {
            return Some(format!("indented {line:?}"));
        } else if !fenced
            && !line.contains('`')
            && ["<pre", "<script"]
                .iter()
                .any(|tag| line.replace("\\<", "").contains(tag))
        {
            return Some(format!("raw HTML in {line:?}"));
        }
    }
    fenced.then(|| "a fence left open".to_owned())
}

/// Whether a `>` or list marker at the start of `line` is followed by five spaces or more,
/// which make indented code inside the quote or list item.
fn wide_after_marker(line: &str) -> bool {
    let mut rest = line.trim_start_matches(' ');
    loop {
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let marker = match rest.as_bytes().get(digits) {
            Some(b'>') if digits == 0 => 1,
            Some(b'-' | b'*' | b'+') if digits == 0 => 1,
            Some(b'.' | b')') if digits > 0 => digits + 1,
            _ => return false,
        };
        let after = &rest[marker..];
        let spaces = after.len() - after.trim_start_matches(' ').len();
        if spaces >= 5 {
            return true;
        }
        if spaces == 0 && rest.as_bytes()[0] != b'>' {
            return false;
        }
        rest = &after[spaces..];
    }
}

/// Checks one generated crate's files: the marker is never an identifier (in the library or
/// the README's example), no doc could hold a doc test, and the manifest has only the keys
/// the generator writes.
fn check_crate(seed: u64, out: &Path) {
    let read = |name: &str| std::fs::read_to_string(out.join(name)).expect("crate file");
    let lib = read("src/lib.rs");
    let tokens: TokenStream = lib
        .parse()
        .unwrap_or_else(|e| panic!("seed {seed}: src/lib.rs does not lex: {e:?}"));
    syn::parse_file(&lib).unwrap_or_else(|e| panic!("seed {seed}: src/lib.rs: {e}"));
    let readme = read("README.md");
    let example = readme
        .split("\n```rust\n")
        .nth(1)
        .and_then(|rest| rest.split("\n```\n").next())
        .expect("README example");
    let rust_blocks = readme.lines().filter(|line| line.starts_with("```rust"));
    assert_eq!(rust_blocks.count(), 1, "seed {seed}: {readme}");
    let mut found = Vec::new();
    idents(tokens.clone(), &mut found);
    idents(example.parse().expect("README example lexes"), &mut found);
    let leaked: Vec<&String> = found.iter().filter(|i| i.contains(MARKER)).collect();
    assert!(
        leaked.is_empty(),
        "seed {seed}: spec text became code: {leaked:?}"
    );
    // The 3.1 slots were read, not dropped: the payload written in a webhook is a type, named
    // after the webhook (`{name}_webhook`).
    if is_v31(seed) {
        let payloads: Vec<&String> = found.iter().filter(|i| i.ends_with("Webhook")).collect();
        assert!(
            !payloads.is_empty(),
            "seed {seed}: no type for the payload written in a webhook"
        );
    }
    let mut blocks = Vec::new();
    doc_blocks(tokens, &mut blocks, &mut Vec::new());
    for block in &blocks {
        if let Some(problem) = doc_problem(block) {
            panic!("seed {seed}: {problem} in the doc\n{}", block.join("\n"));
        }
    }
    for line in read("Cargo.toml").lines() {
        let key = line.split(" = ").next().unwrap_or_default();
        let known = [
            "name",
            "version",
            "edition",
            "description",
            "publish",
            "oagen-runtime",
            "default",
            "native-tls",
            "native-tls-vendored",
            "rustls",
            "rustls-no-provider",
            "http2",
        ];
        let ok = line.is_empty()
            || (line.starts_with('#') && !line.contains(MARKER))
            || ["[package]", "[dependencies]", "[features]"].contains(&line)
            || known.contains(&key) && (key == "description" || !line.contains(MARKER));
        assert!(ok, "seed {seed}: unexpected manifest line {line:?}");
    }
}

#[test]
fn hostile_text_stays_text() {
    let dir = scratch("lex");
    let (mut generated, mut refused, mut v31_generated) = (0, 0, 0);
    let started = Instant::now();
    for seed in seeds(24, 1) {
        let out = dir.join("crate");
        let _ = std::fs::remove_dir_all(&out);
        match generate_crate(seed, &dir, &out, &["--runtime-version", "0.1"]) {
            Ok(()) => {
                check_crate(seed, &out);
                generated += 1;
                v31_generated += usize::from(is_v31(seed));
            }
            Err(reason) => {
                eprintln!("seed {seed} refused: {reason}");
                refused += 1;
            }
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    eprintln!(
        "hostile specs: {generated} generated and checked ({v31_generated} of them OpenAPI 3.1), \
         {refused} refused, in {seconds:.1} s ({:.2} per second)",
        (generated + refused) as f64 / seconds.max(1e-9)
    );
    assert!(generated > refused * 3, "most hostile specs must generate");
    assert!(
        v31_generated * 3 >= generated,
        "most hostile OpenAPI 3.1 specs must generate too ({v31_generated} of {generated})"
    );
    let _ = std::fs::remove_dir_all(&dir);
    let _ = dir.parent().map(std::fs::remove_dir);
}

/// Runs cargo in `dir` with the shared target directory of the generated-crate tests.
fn cargo(dir: &Path, args: &[&str]) -> Output {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    Command::new(cargo)
        .args(args)
        .args(["--color", "never"])
        .current_dir(dir)
        .env(
            "CARGO_TARGET_DIR",
            workspace().join("target/oagen-cli-crate"),
        )
        .env_remove("RUSTFLAGS")
        .output()
        .expect("run cargo")
}

/// The README's Rust example as `examples/readme.rs`, so the build compiles it too.
fn write_readme_example(out: &Path) {
    let readme = std::fs::read_to_string(out.join("README.md")).expect("README.md");
    let example = readme
        .split("\n```rust\n")
        .nth(1)
        .and_then(|rest| rest.split("\n```\n").next())
        .expect("README example");
    std::fs::create_dir_all(out.join("examples")).expect("examples dir");
    let text = format!("#![allow(dead_code, non_snake_case)]\n{example}\nfn main() {{}}\n");
    std::fs::write(out.join("examples/readme.rs"), text).expect("write example");
}

/// The number of tests `cargo test --doc` ran, from its `running N tests` lines.
fn doc_tests_run(stdout: &str) -> usize {
    stdout
        .lines()
        .filter_map(|line| line.strip_prefix("running "))
        .filter_map(|rest| rest.split(' ').next()?.parse::<usize>().ok())
        .sum()
}

/// Generated crates and their README example build (bidi controls or a bare `\r` in a comment
/// would stop them), and `cargo test --doc` finds no doc test: the generator writes none (its
/// per-operation examples are inline code), so any would be spec text. A leaked one would also
/// create `LEAK_FILE`. Builds share one crate directory (outside the workspace) and the target
/// directory of the generated-crate test in `cli.rs`, so only the changed crate recompiles.
#[test]
fn hostile_crates_build_and_hold_no_doc_tests() {
    let dir = scratch("build");
    let out = std::env::temp_dir().join("oagen-hostile-crate");
    // `OAGEN_HOSTILE_RUNTIME` names another copy of the runtime (a frozen one for long runs).
    let runtime = std::env::var_os("OAGEN_HOSTILE_RUNTIME")
        .map_or_else(|| workspace().join("runtime"), PathBuf::from);
    let runtime = runtime.to_str().expect("UTF-8 path");
    let lock = workspace().join("Cargo.lock");
    let (mut built, mut refused, mut v31_built) = (0, 0, 0);
    let started = Instant::now();
    for seed in seeds(2, 1000) {
        let _ = std::fs::remove_dir_all(out.join("src"));
        let _ = std::fs::remove_file(out.join(LEAK_FILE));
        if generate_crate(seed, &dir, &out, &["--runtime-path", runtime]).is_err() {
            refused += 1;
            continue;
        }
        std::fs::copy(&lock, out.join("Cargo.lock")).expect("copy Cargo.lock");
        write_readme_example(&out);
        let build = cargo(&out, &["build", "--examples"]);
        assert!(
            build.status.success(),
            "seed {seed}: {}",
            output_text(&build)
        );
        let test = cargo(&out, &["test", "--doc"]);
        assert!(test.status.success(), "seed {seed}: {}", output_text(&test));
        let stdout = String::from_utf8_lossy(&test.stdout);
        assert!(stdout.contains("running 0 tests"), "seed {seed}: {stdout}");
        assert_eq!(doc_tests_run(&stdout), 0, "seed {seed}: {stdout}");
        assert!(!out.join(LEAK_FILE).exists(), "seed {seed}: a doc test ran");
        built += 1;
        v31_built += usize::from(is_v31(seed));
    }
    eprintln!(
        "hostile crates: {built} built and doc-tested ({v31_built} of them OpenAPI 3.1), \
         {refused} refused, in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    assert!(built > 0, "no hostile crate was built");
    assert!(v31_built > 0, "no hostile OpenAPI 3.1 crate was built");
    let _ = std::fs::remove_dir_all(&dir);
    let _ = dir.parent().map(std::fs::remove_dir);
}
