//! The `oagen` command: generate Rust from an OpenAPI 3.0 document (one module, or a standalone
//! crate), check that checked-in output is up to date, or summarise what would be generated.
//! `oagen --help` lists every command and flag.

mod args;
mod bundled_runtime;
mod diff;
mod krate;
mod render;
mod summary;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use args::{shell_quote, Args, Command, UsageError, HELP};
use render::Style;

/// How a run ended; each maps to an exit status.
enum Outcome {
    /// Done (exit 0).
    Success,
    /// Generation failed or `check` found stale output; the report is printed already (exit 1).
    Failed,
}

/// A command-line mistake exits with 2, generation failures and stale output with 1.
const USAGE_EXIT: u8 = 2;

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    match args::parse(&argv) {
        Err(UsageError(message)) => {
            // Even a mistaken command line is reported in colour when `--color` says so.
            let style = Style::new(args::color_choice(&argv).enabled());
            eprintln!(
                "{}\n\nrun `oagen --help` for the commands and flags",
                style.failure(&message, None)
            );
            ExitCode::from(USAGE_EXIT)
        }
        Ok(args) => match run(&args, Style::new(args.color.enabled())) {
            Outcome::Success => ExitCode::SUCCESS,
            Outcome::Failed => ExitCode::FAILURE,
        },
    }
}

fn run(args: &Args, style: Style) -> Outcome {
    match args.command {
        Command::Help => {
            println!("{HELP}");
            Outcome::Success
        }
        Command::Version => {
            println!("oagen {}", env!("CARGO_PKG_VERSION"));
            Outcome::Success
        }
        Command::Summary => summarise(args, style),
        Command::Generate | Command::Check => match render_output(args, style) {
            None => Outcome::Failed,
            Some(files) if args.command == Command::Generate => write(args, &files, style),
            Some(files) => check(args, &files, style),
        },
    }
}

fn summarise(args: &Args, style: Style) -> Outcome {
    let config = args.settings.config();
    let mut outcome = Outcome::Success;
    for spec in &args.specs {
        match config.generate_file(spec) {
            Ok(generated) => {
                eprint!("{}", render::warnings(style, spec, &generated.warnings));
                print!(
                    "{}",
                    summary::summary(&spec.display().to_string(), &generated.api, &generated.code)
                );
            }
            Err(error) => {
                eprintln!("{}", render::error(style, &error));
                outcome = Outcome::Failed;
            }
        }
    }
    outcome
}

/// What `generate` writes (and `check` compares), by path: the module file alone, or every file
/// of the crate under the output directory. `None` after printing why generation failed.
fn render_output(args: &Args, style: Style) -> Option<BTreeMap<PathBuf, String>> {
    let spec = &args.specs[0];
    let output = args.output.as_deref()?;
    let generated = match args.settings.config().generate_file(spec) {
        Ok(generated) => generated,
        Err(error) => {
            eprintln!("{}", render::error(style, &error));
            return None;
        }
    };
    eprint!("{}", render::warnings(style, spec, &generated.warnings));
    let Some(name) = &args.crate_name else {
        return Some(BTreeMap::from([(output.to_owned(), generated.code)]));
    };
    let command = generate_command(args);
    let spec_text = spec.display().to_string();
    let crate_spec = krate::CrateSpec {
        name,
        runtime: match (&args.runtime_path, &args.runtime_version) {
            (Some(path), _) => krate::RuntimeSource::Path(path),
            (None, Some(version)) => krate::RuntimeSource::Version(version),
            (None, None) => krate::RuntimeSource::Bundled,
        },
        dependencies: &args.dependencies,
        spec: &spec_text,
        command: &command,
        client: !args.settings.no_client,
    };
    match krate::files(&crate_spec, &generated.api, &generated.code, &args.settings) {
        Ok(files) => Some(
            files
                .into_iter()
                .map(|(path, text)| (output.join(path), text))
                .collect(),
        ),
        Err((message, hint)) => {
            eprintln!("{}", style.failure(&message, Some(&hint)));
            None
        }
    }
}

/// The `oagen generate ...` command line that produces this output, for headers and hints.
fn generate_command(args: &Args) -> String {
    let mut words = vec![
        "oagen".to_owned(),
        "generate".to_owned(),
        args.specs[0].display().to_string(),
    ];
    if let Some(name) = &args.crate_name {
        words.extend(["--crate".to_owned(), name.clone()]);
    }
    if let Some(output) = &args.output {
        words.extend(["-o".to_owned(), output.display().to_string()]);
    }
    if let Some(path) = &args.runtime_path {
        words.extend(["--runtime-path".to_owned(), path.clone()]);
    }
    if let Some(version) = &args.runtime_version {
        words.extend(["--runtime-version".to_owned(), version.clone()]);
    }
    for (name, spec) in &args.dependencies {
        words.extend(["--dependency".to_owned(), format!("{name}={spec}")]);
    }
    words.extend(args.settings.to_args());
    words
        .iter()
        .map(|word| shell_quote(word))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The hint for an output path that is a directory although no crate was asked for.
const DIRECTORY_HINT: &str =
    "to write (or check) a crate in a directory, add --crate NAME; otherwise name a .rs file";

fn write(args: &Args, files: &BTreeMap<PathBuf, String>, style: Style) -> Outcome {
    for (path, text) in files {
        if path.is_dir() {
            eprintln!(
                "{}",
                style.failure(
                    &format!("cannot write {}: it is a directory", path.display()),
                    Some(DIRECTORY_HINT)
                )
            );
            return Outcome::Failed;
        }
        if let Err(error) = write_if_changed(path, text) {
            eprintln!(
                "{}",
                style.failure(&format!("cannot write {}: {error}", path.display()), None)
            );
            return Outcome::Failed;
        }
    }
    let output = args.output.as_deref().unwrap_or(Path::new("."));
    match &args.crate_name {
        Some(name) => eprintln!(
            "oagen: wrote crate `{name}` to {} ({})",
            output.display(),
            files
                .keys()
                .filter_map(|path| path.strip_prefix(output).ok())
                .map(|path| path.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        None => eprintln!("oagen: wrote {}", output.display()),
    }
    Outcome::Success
}

/// Writes only when the content differs, so an unchanged file keeps its modification time.
fn write_if_changed(path: &Path, text: &str) -> std::io::Result<()> {
    if std::fs::read(path).is_ok_and(|existing| existing == text.as_bytes()) {
        return Ok(());
    }
    if let Some(parent) = path
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
    {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, text)
}

/// How many differing lines `check` shows per file.
const SHOWN_CHANGES: usize = 8;

fn check(args: &Args, files: &BTreeMap<PathBuf, String>, style: Style) -> Outcome {
    let mut stale = Vec::new();
    for (path, fresh) in files {
        match std::fs::read_to_string(path) {
            _ if path.is_dir() => {
                eprintln!(
                    "{}",
                    style.failure(
                        &format!("{} is a directory", path.display()),
                        Some(DIRECTORY_HINT)
                    )
                );
                return Outcome::Failed;
            }
            Ok(existing) if existing == *fresh => {}
            Ok(existing) => {
                let changes = diff::diff(&existing, fresh);
                let report = if changes.is_empty() {
                    // Same lines, different line endings or final newline.
                    "differs only in line endings or the final newline".to_owned()
                } else {
                    diff::summary(&changes, SHOWN_CHANGES)
                };
                stale.push(format!(
                    "{}: is stale: {report}",
                    style.bold(&path.display().to_string())
                ));
            }
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => stale.push(format!(
                "{}: is missing",
                style.bold(&path.display().to_string())
            )),
            Err(error) => stale.push(format!(
                "{}: cannot be read: {error}",
                style.bold(&path.display().to_string())
            )),
        }
    }
    let output = args.output.as_deref().unwrap_or(Path::new("."));
    if stale.is_empty() {
        println!(
            "{} is up to date with {}",
            output.display(),
            args.specs[0].display()
        );
        return Outcome::Success;
    }
    for report in &stale {
        eprintln!("{report}");
    }
    eprintln!(
        "{}: {}: {} is out of date with {}\n{}",
        style.bold("oagen"),
        style.error_label(),
        output.display(),
        args.specs[0].display(),
        style.hint(&format!("refresh it with: {}", generate_command(args))),
    );
    Outcome::Failed
}
