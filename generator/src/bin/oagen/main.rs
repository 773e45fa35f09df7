//! The `oagen` command: generate Rust from an OpenAPI 3.0 or 3.1 document (one module, or a standalone
//! crate), check that checked-in output is up to date, summarise what would be generated, or
//! print shell completions. `oagen --help` lists every command and flag (from `args.rs`).

mod args;
mod bundled_runtime;
mod diff;
mod krate;
mod krate_features;
mod render;
mod summary;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use args::{shell_quote, Args, Cli, Command};
use clap::{CommandFactory, FromArgMatches};
use render::Style;

/// How a run ended; each maps to an exit status.
enum Outcome {
    /// Done (exit 0).
    Success,
    /// Generation failed or `check` found stale output; the report is printed already (exit 1).
    Failed,
}

fn main() -> ExitCode {
    let argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // `--color` is found first, so that help and mistakes are coloured as asked too.
    let color = args::color_choice(&argv);
    let parsed = Cli::command()
        .color(color.for_clap())
        .try_get_matches_from(&argv)
        .and_then(|matches| Cli::from_arg_matches(&matches));
    match parsed {
        Ok(cli) => {
            let args = Args::from(cli);
            match run(&args, Style::new(args.color.enabled())) {
                Outcome::Success => ExitCode::SUCCESS,
                Outcome::Failed => ExitCode::FAILURE,
            }
        }
        // Help and version are "errors" to clap, printed to stdout with exit status 0.
        Err(error) if error.exit_code() == 0 => {
            let _ = error.print();
            ExitCode::SUCCESS
        }
        // A command-line mistake exits with 2 (clap's status for usage errors), in colour when
        // `--color` says so.
        Err(error) => {
            let style = Style::new(color.enabled());
            eprintln!("{}", render::usage(style, &error));
            ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(2))
        }
    }
}

fn run(args: &Args, style: Style) -> Outcome {
    match args.command {
        Command::Completions(shell) => {
            clap_complete::generate(shell, &mut Cli::command(), "oagen", &mut std::io::stdout());
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
                    summary::summary(
                        &spec.display().to_string(),
                        &generated.api,
                        &generated.code,
                        &generated.reading,
                    )
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
    let mut config = args.settings.config();
    if args.crate_name.is_some() && args.settings.split_by_tag {
        // A crate declares the features, so each tag's module can be behind its own.
        config.module_layout(oagen::ModuleLayout::ByTagFeatures);
    }
    let generated = match config.generate_file(spec) {
        Ok(generated) => generated,
        Err(error) => {
            eprintln!("{}", render::error(style, &error));
            return None;
        }
    };
    eprint!("{}", render::warnings(style, spec, &generated.warnings));
    eprint!("{}", render::reading(style, spec, &generated.reading));
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
                let report = if existing.lines().eq(fresh.lines()) {
                    "differs only in line endings or the final newline".to_owned()
                } else {
                    diff::report(path, &existing, fresh, style)
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
