//! The `oagen` command, run as a user runs it: every command and every flag, the exit statuses,
//! the rendering of diagnostics, `check`'s report, and a generated crate that builds with plain
//! `cargo build`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_owned()
}

fn spec(name: &str) -> PathBuf {
    workspace().join("spec").join(name)
}

/// A fresh directory for one test, outside the workspace; removed when the test passes (kept
/// for a look when it fails).
fn scratch(test: &str) -> Scratch {
    let dir = std::env::temp_dir()
        .join(format!("oagen-cli-{}", std::process::id()))
        .join(test);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    Scratch(dir)
}

struct Scratch(PathBuf);

impl std::ops::Deref for Scratch {
    type Target = Path;

    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.0);
            if let Some(parent) = self.0.parent() {
                // Succeeds only once the last test's directory is gone.
                let _ = std::fs::remove_dir(parent);
            }
        }
    }
}

/// Runs `oagen` with `args` in `dir`, with colour left to its default (auto, and stderr is a
/// pipe here).
fn oagen_in(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_oagen"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .output()
        .expect("run oagen");
    Run::new("oagen", args, output)
}

fn oagen(args: &[&str]) -> Run {
    oagen_in(&workspace(), args)
}

/// What a finished command printed and how it exited; the `expect_*` checks name the command
/// line when they fail.
struct Run {
    command: String,
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    fn new(program: &str, args: &[&str], output: Output) -> Self {
        Run {
            command: format!("{program} {args:?}"),
            code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    #[track_caller]
    fn expect_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code,
            Some(code),
            "{}: exit status\n--- stdout\n{}\n--- stderr\n{}",
            self.command,
            self.stdout,
            self.stderr
        );
        self
    }

    #[track_caller]
    fn expect_stdout(&self, needle: &str) -> &Self {
        self.expect_in("stdout", &self.stdout, needle)
    }

    #[track_caller]
    fn expect_stderr(&self, needle: &str) -> &Self {
        self.expect_in("stderr", &self.stderr, needle)
    }

    #[track_caller]
    fn expect_in(&self, stream: &str, text: &str, needle: &str) -> &Self {
        assert!(
            text.contains(needle),
            "{}: {stream} lacks {needle:?}\n--- {stream}\n{text}",
            self.command
        );
        self
    }
}

/// The text of a file the test expects to exist.
#[track_caller]
fn read(path: impl AsRef<Path>) -> String {
    let path = path.as_ref();
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

fn path_str(path: &Path) -> &str {
    path.to_str().expect("UTF-8 path")
}

/// `generate SPEC -o FILE EXTRA...` must succeed; returns the written module.
#[track_caller]
fn generate(spec: &Path, extra: &[&str]) -> String {
    let dir = scratch(&format!(
        "generate-{}",
        extra
            .join("_")
            .replace(|c: char| !c.is_ascii_alphanumeric(), "")
    ));
    let out = dir.join("api.rs");
    let mut args = vec!["generate", path_str(spec), "-o", path_str(&out)];
    args.extend_from_slice(extra);
    oagen(&args).expect_code(0);
    read(out)
}

/// What the library generates for `spec` with `config`: what the command must write.
fn library_code(config: &oagen::Config, spec: &Path) -> String {
    config
        .generate_file(spec)
        .expect("the library generates")
        .code
}

/// `COMMAND SPEC --crate NAME -o OUT EXTRA...`
fn crate_args<'a>(
    command: &'a str,
    spec: &'a str,
    name: &'a str,
    out: &'a Path,
    extra: &[&'a str],
) -> Vec<&'a str> {
    let mut args = vec![command, spec, "--crate", name, "-o", path_str(out)];
    args.extend_from_slice(extra);
    args
}

/// Writes `text` to `dir/name` and returns the path.
fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write fixture");
    path
}

const DANGLING_REF: &str = "\
openapi: 3.0.3
info:
  title: dangling
  version: '1'
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        '200':
          description: The pets.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Pett'
components:
  schemas:
    Pet:
      type: object
";

const CALLBACK: &str = "\
openapi: 3.0.3
info:
  title: callback
  version: '1'
paths:
  /subscriptions:
    post:
      operationId: subscribe
      responses:
        '201':
          description: Subscribed.
      callbacks:
        onEvent:
          '{$request.body#/url}':
            post:
              responses:
                '200':
                  description: Received.
";

// ---------------------------------------------------------------------------------------------
// Help, version, usage errors
// ---------------------------------------------------------------------------------------------

/// The flags every command that generates takes; its `--help` must name each.
const SETTINGS_FLAGS: [&str; 14] = [
    "--strict",
    "--no-client",
    "--split-by-tag",
    "--operation",
    "--tag",
    "--map-format",
    "--derive",
    "--type-attribute",
    "--field-attribute",
    "--color",
    "-h, --help",
    "auto",
    "always",
    "never",
];

/// What `generate` and `check` take besides the settings.
const CRATE_FLAGS: [&str; 5] = [
    "-o, --output",
    "--crate",
    "--runtime-path",
    "--runtime-version",
    "--dependency",
];

#[test]
fn help_lists_every_command_and_flag() {
    for args in [&["--help"][..], &["-h"], &["help"]] {
        let run = oagen(args);
        run.expect_code(0);
        for command in ["generate", "check", "summary", "completions", "help"] {
            assert!(
                run.stdout
                    .lines()
                    .any(|line| line.trim_start().starts_with(command)),
                "{args:?}: no line for `{command}`\n{}",
                run.stdout
            );
        }
        for flag in ["--color", "-h, --help", "-V, --version"] {
            run.expect_stdout(flag);
        }
        assert!(run.stderr.is_empty(), "{}", run.stderr);
    }
    for command in ["generate", "check", "summary"] {
        for args in [[command, "--help"], ["help", command]] {
            let run = oagen(&args);
            run.expect_code(0);
            for flag in SETTINGS_FLAGS {
                run.expect_stdout(flag);
            }
            if command != "summary" {
                for flag in CRATE_FLAGS {
                    run.expect_stdout(flag);
                }
            }
            if command == "check" {
                run.expect_stdout("--against");
            }
            assert!(run.stderr.is_empty(), "{}", run.stderr);
        }
    }
}

#[test]
fn completions_are_printed_for_each_shell() {
    let run = oagen(&["completions", "bash"]);
    run.expect_code(0);
    run.expect_stdout("_oagen()");
    run.expect_stdout("generate");
    run.expect_stdout("--runtime-version");
    for shell in ["zsh", "fish"] {
        let run = oagen(&["completions", shell]);
        run.expect_code(0);
        run.expect_stdout("generate");
    }
}

#[test]
fn a_mistyped_command_or_flag_gets_a_suggestion() {
    let rocketchat = spec("rocketchat.yaml");
    let run = oagen(&["generat", path_str(&rocketchat), "-o", "x.rs"]);
    run.expect_code(2);
    run.expect_stderr("oagen: error: unrecognized subcommand 'generat'");
    run.expect_stderr("similar subcommand exists: 'generate'");
    let run = oagen(&[
        "generate",
        path_str(&rocketchat),
        "-o",
        "x.rs",
        "--no-clent",
    ]);
    run.expect_code(2);
    run.expect_stderr("'--no-client'");
}

#[test]
fn version_flag_prints_the_version() {
    for flag in ["-V", "--version"] {
        let run = oagen(&[flag]);
        run.expect_code(0);
        assert_eq!(
            run.stdout.trim(),
            format!("oagen {}", env!("CARGO_PKG_VERSION"))
        );
    }
}

#[test]
fn command_line_mistakes_exit_2_and_point_to_help() {
    let rocketchat = spec("rocketchat.yaml");
    let spec = path_str(&rocketchat);
    for args in [
        &[][..],
        &["frobnicate"],
        &["generate", spec],
        &["generate", spec, "-o", "x.rs", "--bogus"],
        &["generate", spec, "-o", "x.rs", "--color", "sometimes"],
        &[
            "generate",
            spec,
            "-o",
            "x.rs",
            "--runtime-path",
            "../runtime",
        ],
        &["generate", spec, "-o", "x.rs", "--dependency", "chrono=0.4"],
        &["generate", spec, "-o", "x.rs", "--map-format", "date-time"],
        &["generate", spec, "-o", "x.rs", "--derive", "Eq"],
        &["generate", spec, "-o", "x.rs", "--type-attribute", "T"],
        &[
            "generate",
            spec,
            "-o",
            "x.rs",
            "--field-attribute",
            "T=#[x]",
        ],
        &["generate", spec, "-o", "x.rs", "--crate", "1st"],
        &["generate", spec, "-o", "x.rs", "--against", "y.rs"],
        &["generate", spec, "-o", "x.rs", "--operation"],
        &["check", spec],
        &["summary"],
    ] {
        let run = oagen(args);
        run.expect_code(2);
        assert!(
            run.stderr.starts_with("oagen: error: "),
            "{args:?}: {}",
            run.stderr
        );
        run.expect_stderr("oagen --help");
    }
}

// ---------------------------------------------------------------------------------------------
// generate: one module
// ---------------------------------------------------------------------------------------------

#[test]
fn generate_writes_what_the_library_generates() {
    let expected = library_code(&oagen::Config::new(), &spec("rocketchat.yaml"));
    assert_eq!(generate(&spec("rocketchat.yaml"), &[]), expected);

    // --output is -o; and a relative path is taken from the current directory.
    let dir = scratch("generate-long-output");
    oagen_in(
        &dir,
        &[
            "generate",
            path_str(&spec("rocketchat.yaml")),
            "--output",
            "out/api.rs",
        ],
    )
    .expect_code(0);
    assert_eq!(read(dir.join("out/api.rs")), expected);
}

#[test]
fn strict_flag_turns_warnings_into_errors() {
    let dir = scratch("strict");
    let callback = write(&dir, "callback.yaml", CALLBACK);
    let out = dir.join("api.rs");
    let lenient = oagen(&["generate", path_str(&callback), "-o", path_str(&out)]);
    lenient.expect_code(0);
    lenient.expect_stderr(&format!(
        "{}:12:7: warning: #/paths/~1subscriptions/post/callbacks: operation skipped",
        callback.display()
    ));
    assert!(out.exists());

    std::fs::remove_file(&out).unwrap();
    let strict = oagen(&[
        "generate",
        path_str(&callback),
        "-o",
        path_str(&out),
        "--strict",
    ]);
    strict.expect_code(1);
    strict.expect_stderr(":12:7: error: #/paths/~1subscriptions/post/callbacks");
    assert!(!out.exists(), "nothing is written when generation fails");
}

#[test]
fn no_client_flag_emits_models_only() {
    let code = generate(&spec("rocketchat.yaml"), &["--no-client"]);
    assert!(!code.contains("pub struct Client"));
    assert!(code.contains("pub struct CustomUserStatus"));
}

#[test]
fn operation_flag_selects_operations_and_repeats() {
    let one = generate(
        &spec("lineworks.yaml"),
        &["--operation", "listUserProfileStatuses"],
    );
    assert!(one.contains("pub async fn list_user_profile_statuses"));
    assert!(!one.contains("pub async fn update_profile_status"));

    let two = generate(
        &spec("lineworks.yaml"),
        &[
            "--operation",
            "listUserProfileStatuses",
            "--operation=updateProfileStatus",
        ],
    );
    assert!(two.contains("pub async fn list_user_profile_statuses"));
    assert!(two.contains("pub async fn update_profile_status"));
    assert!(!two.contains("pub async fn create_user_profile_status"));
}

#[test]
fn tag_flag_selects_tagged_operations() {
    let code = generate(&spec("lineworks.yaml"), &["--tag", "Directory"]);
    assert!(code.contains("pub async fn update_profile_status"));
    assert!(!code.contains("pub async fn list_user_profile_statuses"));
    let expected = library_code(
        oagen::Config::new().tags(["Directory"]),
        &spec("lineworks.yaml"),
    );
    assert_eq!(code, expected);
}

#[test]
fn map_format_flag_maps_a_format_to_a_type() {
    // A fixture with a date-time field and no `ordered` rule (which needs the runtime's
    // `DateTime`); Rocket.Chat's `_updatedAt` is a plain string.
    let code = generate(
        &workspace().join("tests/fixtures/read-write-only.yaml"),
        &[
            "--map-format",
            "date-time=::chrono::DateTime<::chrono::Utc>",
        ],
    );
    assert!(code.contains("Option<::chrono::DateTime<::chrono::Utc>>"));
    let imports = code
        .split("use ::oagen_runtime::{")
        .nth(1)
        .and_then(|rest| rest.split("};").next())
        .expect("the runtime import");
    assert!(!imports.contains("DateTime"), "{imports}");
}

#[test]
fn derive_flag_adds_a_derive() {
    let code = generate(
        &spec("rocketchat.yaml"),
        &["--derive", "FailureResponse=::std::cmp::Eq"],
    );
    assert!(code.contains("#[derive(Eq)]\npub struct FailureResponse"));
}

#[test]
fn type_and_field_attribute_flags_add_attributes() {
    let code = generate(
        &spec("rocketchat.yaml"),
        &[
            "--type-attribute",
            "CustomUserStatus=#[non_exhaustive]",
            "--field-attribute",
            "CustomUserStatus._id=#[deprecated = \"use name\"]",
        ],
    );
    assert!(code.contains("#[non_exhaustive]\npub struct CustomUserStatus"));
    assert!(code.contains("#[deprecated = \"use name\"]"));
}

#[test]
fn rust_that_does_not_parse_is_reported() {
    let dir = scratch("bad-rust");
    let run = oagen(&[
        "generate",
        path_str(&spec("rocketchat.yaml")),
        "-o",
        path_str(&dir.join("x.rs")),
        "--map-format",
        "date-time=not a type",
    ]);
    run.expect_code(1);
    run.expect_stderr("is not valid Rust");
    run.expect_stderr("hint: check the Rust given to --map-format");
}

// ---------------------------------------------------------------------------------------------
// Diagnostics
// ---------------------------------------------------------------------------------------------

#[test]
fn diagnostics_show_position_pointer_message_and_hint() {
    let dir = scratch("diagnostics");
    let dangling = write(&dir, "dangling.yaml", DANGLING_REF);
    let run = oagen_in(&dir, &["generate", "dangling.yaml", "-o", "x.rs"]);
    run.expect_code(1);
    let mut lines = run.stderr.lines();
    assert_eq!(
        lines.next(),
        Some("dangling.yaml:14:15: error: #/paths/~1pets/get/responses/200/content/application~1json/schema: `$ref: #/components/schemas/Pett` points at nothing: there is no such schema")
    );
    assert_eq!(
        lines.next(),
        Some("  hint: define the component or fix the reference")
    );
    assert_eq!(
        lines.next(),
        Some("oagen: error: dangling.yaml cannot be generated: 1 error, 0 warnings")
    );
    assert!(!dir.join("x.rs").exists());
    let _ = dangling;

    let duplicate = write(
        &dir,
        "duplicate.yaml",
        "openapi: 3.0.3\ninfo: {title: d, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: same\n      responses: {'204': {description: ok}}\n  /b:\n    get:\n      operationId: same\n      responses: {'204': {description: ok}}\n",
    );
    // A warning, not an error: both operations stay, the later one's method numbered; with
    // --strict it fails like any warning.
    let run = oagen(&[
        "generate",
        "--strict",
        path_str(&duplicate),
        "-o",
        "unused.rs",
    ]);
    run.expect_code(1);
    run.expect_stderr(":10:7: error: #/paths/~1b/get/operationId: duplicate operationId `same`");
    run.expect_stderr("  hint: make operationIds unique");

    let newer = write(
        &dir,
        "newer.yaml",
        "openapi: 3.2.0\ninfo: {title: n, version: '1'}\n",
    );
    let run = oagen(&["generate", path_str(&newer), "-o", "unused.rs"]);
    run.expect_code(1);
    run.expect_stderr(":1:1: error: #/openapi: OpenAPI 3.2.0 is not supported");
    run.expect_stderr("  hint: convert the document to OpenAPI 3.1 (or 3.0)");
}

#[test]
fn json_specs_are_located_too() {
    let dir = scratch("json");
    let spec = write(
        &dir,
        "api.json",
        r##"{
  "openapi": "3.0.3",
  "info": {"title": "j", "version": "1"},
  "paths": {
    "/a": {
      "get": {
        "responses": {
          "200": {
            "description": "ok",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Nope"}}}
          }
        }
      }
    }
  }
}
"##,
    );
    let run = oagen(&["generate", path_str(&spec), "-o", "unused.rs"]);
    run.expect_code(1);
    run.expect_stderr(
        "api.json:10:46: error: #/paths/~1a/get/responses/200/content/application~1json/schema: ",
    );
}

#[test]
fn syntax_errors_lead_with_line_and_column() {
    let dir = scratch("syntax");
    let spec = write(
        &dir,
        "broken.yaml",
        "openapi: 3.0.3\ninfo:\n  title: [unclosed\n",
    );
    let run = oagen(&["generate", path_str(&spec), "-o", "unused.rs"]);
    run.expect_code(1);
    let first = run.stderr.lines().next().unwrap_or_default();
    let prefix = format!("{}:", spec.display());
    let rest = first
        .strip_prefix(&prefix)
        .unwrap_or_else(|| panic!("{first}"));
    let (line, rest) = rest.split_once(':').unwrap();
    let (column, rest) = rest.split_once(':').unwrap();
    assert!(line.parse::<usize>().unwrap() > 0, "{first}");
    assert!(column.parse::<usize>().unwrap() > 0, "{first}");
    assert!(rest.starts_with(" error: not valid YAML: "), "{first}");
    run.expect_stderr("hint: fix the YAML syntax");
}

#[test]
fn missing_spec_is_an_error_with_a_hint() {
    let run = oagen(&["generate", "no/such/spec.yaml", "-o", "unused.rs"]);
    run.expect_code(1);
    assert!(run
        .stderr
        .starts_with("no/such/spec.yaml: error: cannot read the spec:"));
    run.expect_stderr("hint: check the path");
}

#[test]
fn color_flag_controls_ansi_codes() {
    let dir = scratch("color");
    let dangling = write(&dir, "dangling.yaml", DANGLING_REF);
    let args = |when: &'static str| {
        vec![
            "generate".to_owned(),
            path_str(&dangling).to_owned(),
            "-o".to_owned(),
            "unused.rs".to_owned(),
            "--color".to_owned(),
            when.to_owned(),
        ]
    };
    let run_with = |args: Vec<String>| {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        oagen(&args)
    };

    let always = run_with(args("always"));
    always.expect_code(1);
    always.expect_stderr("\x1b[1;31merror\x1b[0m");
    always.expect_stderr(&format!("\x1b[1m{}:14:15\x1b[0m", dangling.display()));

    for when in ["never", "auto"] {
        let run = run_with(args(when));
        run.expect_code(1);
        assert!(
            !run.stderr.contains('\x1b'),
            "--color {when}: {:?}",
            run.stderr
        );
    }

    // `--color=always` works for command-line mistakes too, and a warning is yellow.
    let mistake = oagen(&["--color=always", "bogus"]);
    mistake.expect_code(2);
    mistake.expect_stderr("\x1b[1;31merror\x1b[0m");
    let callback = write(&dir, "callback.yaml", CALLBACK);
    let warned = oagen(&[
        "generate",
        path_str(&callback),
        "-o",
        path_str(&dir.join("cb.rs")),
        "--color=always",
    ]);
    warned.expect_code(0);
    warned.expect_stderr("\x1b[1;33mwarning\x1b[0m");
}

// ---------------------------------------------------------------------------------------------
// check
// ---------------------------------------------------------------------------------------------

#[test]
fn check_passes_when_up_to_date_in_every_spelling() {
    let dir = scratch("check-fresh");
    let out = dir.join("api.rs");
    let rocketchat = spec("rocketchat.yaml");
    let spec = path_str(&rocketchat);
    oagen(&["generate", spec, "-o", path_str(&out)]).expect_code(0);
    for args in [
        vec!["check", spec, path_str(&out)],
        vec!["check", spec, "--against", path_str(&out)],
        vec!["check", spec, "-o", path_str(&out)],
    ] {
        let run = oagen(&args);
        run.expect_code(0);
        run.expect_stdout("is up to date");
    }
}

#[test]
fn check_reports_stale_output_with_a_diff_summary() {
    let dir = scratch("check-stale");
    let out = dir.join("api.rs");
    let rocketchat = spec("rocketchat.yaml");
    let spec = path_str(&rocketchat);
    oagen(&["generate", spec, "-o", path_str(&out), "--no-client"]).expect_code(0);
    let written = read(&out);
    let edited = written.replacen(
        "pub struct CustomUserStatus {",
        "pub struct CustomUserStatus { // edited by hand",
        1,
    );
    std::fs::write(&out, &edited).unwrap();
    let edited_line = edited
        .lines()
        .position(|line| line.contains("edited by hand"))
        .unwrap()
        + 1;

    let run = oagen(&["check", spec, path_str(&out), "--no-client"]);
    run.expect_code(1);
    run.expect_stderr("is stale: 2 lines changed (1 removed, 1 added)");
    // A unified diff: file headers, a hunk with three lines of context either side, `-`/`+`.
    run.expect_stderr(&format!(
        "\n--- {} (checked in)\n+++ {} (generated now)\n",
        out.display(),
        out.display()
    ));
    let first = edited_line - 3;
    run.expect_stderr(&format!("\n@@ -{first},7 +{first},7 @@\n"));
    run.expect_stderr("\n-pub struct CustomUserStatus { // edited by hand\n");
    run.expect_stderr("\n+pub struct CustomUserStatus {\n");
    run.expect_stderr(&format!(
        "hint: refresh it with: oagen generate {spec} -o {} --no-client",
        out.display()
    ));

    // Settings matter: the client-less file is stale against the default settings.
    let run = oagen(&["check", spec, path_str(&out)]);
    run.expect_code(1);
}

#[test]
fn check_reports_a_missing_file() {
    let dir = scratch("check-missing");
    let missing = dir.join("never-written.rs");
    let run = oagen(&[
        "check",
        path_str(&spec("rocketchat.yaml")),
        path_str(&missing),
    ]);
    run.expect_code(1);
    run.expect_stderr(&format!("{}: is missing", missing.display()));
}

#[test]
fn a_directory_without_crate_flag_is_explained() {
    let dir = scratch("directory-output");
    let rocketchat = spec("rocketchat.yaml");
    for command in ["generate", "check"] {
        let run = oagen(&[command, path_str(&rocketchat), "-o", path_str(&dir)]);
        run.expect_code(1);
        run.expect_stderr("is a directory");
        run.expect_stderr("hint: to write (or check) a crate in a directory, add --crate NAME");
    }
}

#[test]
fn check_fails_when_generation_fails() {
    let dir = scratch("check-broken");
    let dangling = write(&dir, "dangling.yaml", DANGLING_REF);
    let run = oagen(&["check", path_str(&dangling), path_str(&dir.join("x.rs"))]);
    run.expect_code(1);
    run.expect_stderr("points at nothing");
}

// ---------------------------------------------------------------------------------------------
// summary
// ---------------------------------------------------------------------------------------------

#[test]
fn summary_lists_types_and_operations_of_each_spec() {
    let run = oagen(&["summary", "spec/rocketchat.yaml", "spec/lineworks.yaml"]);
    run.expect_code(0);
    run.expect_stdout("spec/rocketchat.yaml: Rocket.Chat REST API");
    run.expect_stdout("update_custom_user_status()");
    run.expect_stdout("spec/lineworks.yaml: ");
    let filtered = oagen(&["summary", "spec/lineworks.yaml", "--tag", "Directory"]);
    filtered.expect_code(0);
    filtered.expect_stdout("operations (1):");
}

// ---------------------------------------------------------------------------------------------
// generate --crate
// ---------------------------------------------------------------------------------------------

#[test]
fn crate_flag_writes_a_crate_that_carries_its_runtime_by_default() {
    let dir = scratch("crate-files");
    let out = dir.join("rc");
    oagen(&crate_args(
        "generate",
        "spec/rocketchat.yaml",
        "rocketchat-client",
        &out,
        &[],
    ))
    .expect_code(0);
    let manifest = read(out.join("Cargo.toml"));
    assert!(
        manifest.contains("name = \"rocketchat-client\""),
        "{manifest}"
    );
    assert!(manifest.contains("edition = \"2021\""), "{manifest}");
    let dependencies = manifest.split("[dependencies]\n").nth(1).unwrap();
    // The runtime's TLS features, forwarded, so the crate's user picks the backend.
    assert_eq!(
        dependencies,
        "oagen-runtime = { path = \"oagen-runtime\", default-features = false }\n\n\
         [features]\n\
         default = [\"native-tls\"]\n\
         native-tls = [\"oagen-runtime/native-tls\"]\n\
         native-tls-vendored = [\"oagen-runtime/native-tls-vendored\"]\n\
         rustls = [\"oagen-runtime/rustls\"]\n\
         rustls-no-provider = [\"oagen-runtime/rustls-no-provider\"]\n\
         http2 = [\"oagen-runtime/http2\"]\n"
    );
    // The copy is the workspace's runtime, file for file, with a manifest that stands alone.
    let runtime = workspace().join("runtime");
    for file in ["src/lib.rs", "src/client/transport.rs", "src/validate.rs"] {
        assert_eq!(
            read(out.join("oagen-runtime").join(file)),
            read(runtime.join(file)),
            "{file}"
        );
    }
    let runtime_manifest = read(out.join("oagen-runtime/Cargo.toml"));
    assert!(
        runtime_manifest.contains("name = \"oagen-runtime\""),
        "{runtime_manifest}"
    );
    assert!(
        !runtime_manifest.contains("workspace"),
        "{runtime_manifest}"
    );

    let lib = read(out.join("src/lib.rs"));
    assert!(lib.starts_with("//! Typed async client for Rocket.Chat REST API"));
    assert!(lib.contains("pub use oagen_runtime;"));
    let module = library_code(&oagen::Config::new(), &spec("rocketchat.yaml"));
    assert!(
        lib.ends_with(&module),
        "src/lib.rs holds the generated module"
    );

    let readme = read(out.join("README.md"));
    assert!(readme.starts_with("# rocketchat-client\n"));
    assert!(readme.contains("use rocketchat_client::Client;"));
    assert!(readme.contains("client.update_custom_user_status(body).await?"));
    assert!(readme.contains(".auth_token(\"your X-Auth-Token\")"));
    assert!(readme.contains(&format!(
        "oagen generate spec/rocketchat.yaml --crate rocketchat-client -o {}",
        out.display()
    )));
    assert_eq!(read(out.join(".gitignore")), "/target\n");
}

#[test]
fn runtime_path_flag_writes_a_path_dependency() {
    let dir = scratch("crate-runtime-path");
    let out = dir.join("c");
    oagen(&crate_args(
        "generate",
        "spec/rocketchat.yaml",
        "c",
        &out,
        &["--runtime-path", "../../runtime"],
    ))
    .expect_code(0);
    let manifest = read(out.join("Cargo.toml"));
    assert!(
        manifest.contains(
            "[dependencies]\noagen-runtime = { path = \"../../runtime\", default-features = false }\n\n[features]\n"
        ),
        "{manifest}"
    );
}

#[test]
fn runtime_version_flag_writes_a_registry_dependency_and_no_copy() {
    let dir = scratch("crate-runtime-version");
    let out = dir.join("c");
    oagen(&crate_args(
        "generate",
        "spec/rocketchat.yaml",
        "c",
        &out,
        &["--runtime-version", "0.1"],
    ))
    .expect_code(0);
    let manifest = read(out.join("Cargo.toml"));
    assert!(
        manifest.contains(
            "[dependencies]\noagen-runtime = { version = \"0.1\", default-features = false }\n\n[features]\n"
        ),
        "{manifest}"
    );
    assert!(!out.join("oagen-runtime").exists());
}

#[test]
fn dependency_flag_declares_crates_named_by_settings() {
    let dir = scratch("crate-dependency");
    let out = dir.join("c");
    let base = crate_args(
        "generate",
        "spec/rocketchat.yaml",
        "c",
        &out,
        &[
            "--map-format",
            "date-time=::chrono::DateTime<::chrono::Utc>",
        ],
    );
    // Without it the crate would not build: refused, naming the crate and the flag.
    let run = oagen(&base);
    run.expect_code(1);
    run.expect_stderr("uses the crate `chrono` (named by --map-format)");
    run.expect_stderr("hint: add it with --dependency 'chrono=VERSION'");
    assert!(!out.exists());

    let mut args = base.clone();
    args.extend([
        "--dependency",
        "chrono={ version = \"0.4\", default-features = false, features = [\"serde\"] }",
    ]);
    oagen(&args).expect_code(0);
    let manifest = read(out.join("Cargo.toml"));
    assert!(
        manifest.contains(
            "\nchrono = { version = \"0.4\", default-features = false, features = [\"serde\"] }\n"
        ),
        "{manifest}"
    );
}

#[test]
fn check_compares_every_file_of_a_crate() {
    let dir = scratch("crate-check");
    let out = dir.join("c");
    let with = |command: &'static str| {
        crate_args(
            command,
            "spec/rocketchat.yaml",
            "c",
            &out,
            &["--runtime-path", "../runtime"],
        )
    };
    oagen(&with("generate")).expect_code(0);
    oagen(&with("check")).expect_code(0);

    let readme = out.join("README.md");
    let text = read(&readme);
    std::fs::write(&readme, text.replace("## Usage", "## How to")).unwrap();
    std::fs::remove_file(out.join(".gitignore")).unwrap();
    let run = oagen(&with("check"));
    run.expect_code(1);
    run.expect_stderr(&format!("{}: is stale: 2 lines changed", readme.display()));
    run.expect_stderr("\n-## How to\n");
    run.expect_stderr("\n+## Usage\n");
    run.expect_stderr(&format!("{}: is missing", out.join(".gitignore").display()));
    assert!(!run.stderr.contains("Cargo.toml"), "{}", run.stderr);
}

/// The generated crate builds as it is with `cargo build` and no runtime flag (it carries its
/// runtime), in a folder outside the repository, without warnings, and the README's example
/// compiles against it. To keep the test affordable the build shares `target/oagen-cli-crate`
/// (dependencies are compiled once) and starts from the workspace's `Cargo.lock` (the versions
/// this repository is tested with); neither changes what the crate asks for.
#[test]
fn generated_crates_build_with_cargo_and_their_readme_example_compiles() {
    let dir = scratch("crate-build");
    let target = workspace().join("target/oagen-cli-crate");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    for (spec_name, crate_name, extra) in [
        ("rocketchat.yaml", "rocketchat-client", None),
        ("lineworks.yaml", "lineworks-client", None),
        ("rocketchat.yaml", "rocketchat-models", Some("--no-client")),
    ] {
        let out = dir.join(crate_name);
        assert!(
            !out.starts_with(workspace()),
            "built outside the repository"
        );
        let spec_path = spec(spec_name);
        let mut args = crate_args("generate", path_str(&spec_path), crate_name, &out, &[]);
        args.extend(extra);
        oagen(&args).expect_code(0);
        std::fs::copy(workspace().join("Cargo.lock"), out.join("Cargo.lock")).unwrap();
        let build = |args: &[&str]| {
            let output = Command::new(&cargo)
                .args(args)
                .args(["--color", "never"])
                .current_dir(&out)
                .env("CARGO_TARGET_DIR", &target)
                .env_remove("RUSTFLAGS")
                .output()
                .expect("run cargo");
            Run::new("cargo", args, output)
        };
        let run = build(&["build"]);
        run.expect_code(0);
        assert!(
            !run.stderr.contains("warning"),
            "{crate_name} builds with warnings:\n{}",
            run.stderr
        );

        let readme = read(out.join("README.md"));
        if extra.is_some() {
            assert!(readme.contains("fn decode(json: &str)"), "{readme}");
        }
        let example: String = readme
            .split("```rust\n")
            .nth(1)
            .and_then(|rest| rest.split("```\n").next())
            .expect("a Rust example in the README")
            .to_owned();
        std::fs::create_dir_all(out.join("examples")).unwrap();
        std::fs::write(
            out.join("examples/readme.rs"),
            format!("#![allow(dead_code)]\n{example}\nfn main() {{}}\n"),
        )
        .unwrap();
        build(&["build", "--examples"]).expect_code(0);
    }
}

/// `--split-by-tag`: without `--crate`, one module per tag and no feature; with it, each tag's
/// module (and the one of the types no operation uses) behind a feature, `full` (the default)
/// for all, and every combination builds without a warning: the shared part alone, one group
/// alone, two, and all of them. Shares the build folder of the test above.
#[test]
fn split_by_tag_puts_each_tag_behind_a_feature_and_each_builds_alone() {
    let fixture = workspace().join("tests/fixtures/split-by-tag.yaml");
    let module = generate(&fixture, &["--split-by-tag"]);
    assert!(module.contains("\nmod pets {\n"), "{module}");
    assert!(!module.contains("cfg(feature"), "{module}");

    let dir = scratch("split-crate");
    let out = dir.join("split-client");
    let args = crate_args(
        "generate",
        path_str(&fixture),
        "split-client",
        &out,
        &["--split-by-tag"],
    );
    oagen(&args).expect_code(0);
    let mut check = args.clone();
    check[0] = "check";
    oagen(&check).expect_code(0);
    let manifest = read(out.join("Cargo.toml"));
    assert!(
        manifest.contains("\nfull = [\"pets\", \"store\", \"untagged\", \"unreferenced\"]\n"),
        "{manifest}"
    );
    let lib = read(out.join("src/lib.rs"));
    assert!(
        lib.contains("#[cfg(feature = \"pets\")]\nmod pets {"),
        "{lib}"
    );
    assert!(read(out.join("README.md")).contains("\n## Features\n"));

    std::fs::copy(workspace().join("Cargo.lock"), out.join("Cargo.lock")).unwrap();
    let target = workspace().join("target/oagen-cli-crate");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    for features in [
        &[][..],
        &["--no-default-features"],
        &["--no-default-features", "--features", "pets"],
        &["--no-default-features", "--features", "store,untagged"],
        &["--no-default-features", "--features", "unreferenced"],
    ] {
        let mut args = vec!["check", "--color", "never"];
        args.extend(features);
        let output = Command::new(&cargo)
            .args(&args)
            .current_dir(&out)
            .env("CARGO_TARGET_DIR", &target)
            .env_remove("RUSTFLAGS")
            .output()
            .expect("run cargo");
        let run = Run::new("cargo", &args, output);
        run.expect_code(0);
        assert!(
            !run.stderr.contains("warning"),
            "{features:?} builds with warnings:\n{}",
            run.stderr
        );
    }
}
