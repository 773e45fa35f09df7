//! The command line, declared with clap's derive: the parser, `--help`, suggestions for typos and
//! shell completions all come from the one declaration below, so they cannot disagree.

use std::path::PathBuf;

use clap::{ArgAction, Parser, Subcommand, ValueEnum};
use oagen::{Config, ModuleLayout};

/// The whole command line as clap declares it; [`Args`] is what the commands consume.
#[derive(Debug, Parser)]
#[command(
    name = "oagen",
    version,
    about = "OpenAPI 3.0 and 3.1 documents to Rust (serde models and an async client)",
    long_about = None,
    after_help = "Exit status: 0 on success (check: up to date); 1 when generation fails or check \
                  finds stale output; 2 for a command-line mistake.",
    subcommand_required = true,
    // No command is a mistake like any other (exit 2, one line saying so), not a help page.
    arg_required_else_help = false
)]
pub struct Cli {
    /// When to colour diagnostics.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,
    #[command(subcommand)]
    pub command: CliCommand,
}

/// The commands, as clap sees them.
#[derive(Debug, Subcommand)]
pub enum CliCommand {
    /// Generate Rust from SPEC: one module (-o FILE), or a standalone crate (--crate NAME -o DIR).
    Generate {
        /// The OpenAPI 3.0 or 3.1 document (.yaml, .yml or .json).
        spec: PathBuf,
        /// The .rs file to write, or the crate directory with --crate.
        #[arg(short, long, value_name = "PATH")]
        output: PathBuf,
        #[command(flatten)]
        krate: CrateArgs,
        #[command(flatten)]
        settings: Settings,
    },
    /// Regenerate in memory and compare with checked-in output; exit 1 with a diff if it is stale.
    #[command(group(clap::ArgGroup::new("checked_in").required(true).args(["path", "against", "output"])))]
    Check {
        /// The OpenAPI 3.0 or 3.1 document.
        spec: PathBuf,
        /// The checked-in file, or crate directory with --crate.
        path: Option<PathBuf>,
        /// The same as PATH.
        #[arg(long, value_name = "PATH")]
        against: Option<PathBuf>,
        /// The same as PATH, so that a `generate` command line turns into its check by changing
        /// the command alone.
        #[arg(short, long, value_name = "PATH")]
        output: Option<PathBuf>,
        #[command(flatten)]
        krate: CrateArgs,
        #[command(flatten)]
        settings: Settings,
    },
    /// Print the types and operations of each spec, without writing anything.
    Summary {
        /// The OpenAPI 3.0 or 3.1 documents.
        #[arg(required = true)]
        specs: Vec<PathBuf>,
        #[command(flatten)]
        settings: Settings,
    },
    /// Print a completion script for a shell, e.g. `oagen completions bash > ~/.oagen.bash`.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
}

/// The flags for a standalone crate.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct CrateArgs {
    /// Generate (or check) a standalone crate NAME: Cargo.toml, src/lib.rs, README.md and, by
    /// default, a copy of the runtime in oagen-runtime/. It builds as it is.
    #[arg(long = "crate", value_name = "NAME", value_parser = crate_name)]
    pub name: Option<String>,
    /// Crate: depend on oagen-runtime at PATH (as written, relative to the crate) instead of
    /// writing a copy of it into the crate.
    #[arg(
        long,
        value_name = "PATH",
        requires = "name",
        conflicts_with = "runtime_version"
    )]
    pub runtime_path: Option<String>,
    /// Crate: depend on a published oagen-runtime VERSION from the registry instead of writing a
    /// copy of it into the crate.
    #[arg(long, value_name = "VERSION", requires = "name")]
    pub runtime_version: Option<String>,
    /// Crate: add `NAME = SPEC` to [dependencies] (SPEC: a version or an inline table), for
    /// crates that --map-format, --derive or attributes name (repeatable).
    #[arg(long = "dependency", value_name = "NAME=SPEC", requires = "name", value_parser = dependency)]
    pub dependencies: Vec<(String, String)>,
}

/// When to colour diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Only when stderr is a terminal and `NO_COLOR` is unset.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

impl ColorChoice {
    /// The same choice for clap's help and error text.
    pub fn for_clap(self) -> clap::ColorChoice {
        match self {
            ColorChoice::Auto => clap::ColorChoice::Auto,
            ColorChoice::Always => clap::ColorChoice::Always,
            ColorChoice::Never => clap::ColorChoice::Never,
        }
    }

    /// Whether to colour what goes to stderr.
    pub fn enabled(self) -> bool {
        use std::io::IsTerminal;
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty())
                    && std::io::stderr().is_terminal()
            }
        }
    }
}

/// The generator settings, kept as given so they can be written back as a command line.
#[derive(Debug, Clone, Default, PartialEq, Eq, clap::Args)]
pub struct Settings {
    /// Treat warnings (skipped or approximated constructs) as errors.
    #[arg(long)]
    pub strict: bool,
    /// Emit the models only, without the HTTP client.
    #[arg(long)]
    pub no_client: bool,
    /// Generate only the operation with this operationId (repeatable).
    #[arg(long = "operation", value_name = "ID", action = ArgAction::Append)]
    pub operations: Vec<String>,
    /// Generate only operations tagged TAG (repeatable).
    #[arg(long = "tag", value_name = "TAG", action = ArgAction::Append)]
    pub tags: Vec<String>,
    /// Use the Rust TYPE for string format FORMAT (repeatable), e.g.
    /// --map-format 'date-time=::chrono::DateTime<::chrono::Utc>'.
    #[arg(long = "map-format", value_name = "FORMAT=TYPE", value_parser = format_pair)]
    pub map_formats: Vec<(String, String)>,
    /// Add #[derive(PATH)] to the generated type TYPE, or to all with * (repeatable).
    #[arg(long = "derive", value_name = "TYPE=PATH", value_parser = type_pair)]
    pub derives: Vec<(String, String)>,
    /// Add the attribute ATTR to TYPE, or to all types with * (repeatable).
    #[arg(long = "type-attribute", value_name = "TYPE=ATTR", value_parser = type_pair)]
    pub type_attributes: Vec<(String, String)>,
    /// Add the attribute ATTR to one field (repeatable).
    #[arg(long = "field-attribute", value_name = "TYPE.FIELD=ATTR", value_parser = field_pair)]
    pub field_attributes: Vec<(String, String)>,
    /// Put each tag's operations, and the types only they use, in a module of its own; with
    /// --crate, behind a cargo feature named after the tag (and `full`, the default, for all).
    #[arg(long)]
    pub split_by_tag: bool,
}

impl Settings {
    /// The generator configuration these settings stand for.
    pub fn config(&self) -> Config {
        let mut config = Config::new();
        config.strict(self.strict).client(!self.no_client);
        if !self.operations.is_empty() {
            config.operations(self.operations.iter().cloned());
        }
        if !self.tags.is_empty() {
            config.tags(self.tags.iter().cloned());
        }
        for (format, rust_type) in &self.map_formats {
            config.map_format(format, rust_type);
        }
        for (type_name, path) in &self.derives {
            config.derive(type_name, path);
        }
        for (type_name, attribute) in &self.type_attributes {
            config.type_attribute(type_name, attribute);
        }
        for (field, attribute) in &self.field_attributes {
            config.field_attribute(field, attribute);
        }
        if self.split_by_tag {
            config.module_layout(ModuleLayout::ByTag);
        }
        config
    }

    /// The flags that reproduce these settings, in a fixed order.
    pub fn to_args(&self) -> Vec<String> {
        let mut args = Vec::new();
        if self.strict {
            args.push("--strict".to_owned());
        }
        if self.no_client {
            args.push("--no-client".to_owned());
        }
        for id in &self.operations {
            args.extend(["--operation".to_owned(), id.clone()]);
        }
        for tag in &self.tags {
            args.extend(["--tag".to_owned(), tag.clone()]);
        }
        if self.split_by_tag {
            args.push("--split-by-tag".to_owned());
        }
        let pairs = [
            ("--map-format", &self.map_formats),
            ("--derive", &self.derives),
            ("--type-attribute", &self.type_attributes),
            ("--field-attribute", &self.field_attributes),
        ];
        for (flag, list) in pairs {
            for (key, value) in list {
                args.extend([flag.to_owned(), format!("{key}={value}")]);
            }
        }
        args
    }

    /// The Rust text the user handed over (types, derive paths, attributes), for finding the
    /// crates it names.
    pub fn rust_fragments(&self) -> impl Iterator<Item = (&'static str, &str)> {
        let lists = [
            ("--map-format", &self.map_formats),
            ("--derive", &self.derives),
            ("--type-attribute", &self.type_attributes),
            ("--field-attribute", &self.field_attributes),
        ];
        lists.into_iter().flat_map(|(flag, list)| {
            list.iter()
                .map(move |(_, rust_text)| (flag, rust_text.as_str()))
        })
    }
}

/// What the user asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// Write a module or a crate.
    Generate,
    /// Compare checked-in output with what would be generated now.
    Check,
    /// Print an overview of each spec.
    Summary,
    /// Print a completion script for the shell.
    Completions(clap_complete::Shell),
}

/// The whole command line, parsed, in the shape the commands consume.
#[derive(Debug, Clone)]
pub struct Args {
    /// The command.
    pub command: Command,
    /// Spec files, in order.
    pub specs: Vec<PathBuf>,
    /// `-o`/`--output`, or for `check` the file or directory to compare with.
    pub output: Option<PathBuf>,
    /// `--crate NAME`.
    pub crate_name: Option<String>,
    /// `--runtime-path PATH`, as written.
    pub runtime_path: Option<String>,
    /// `--runtime-version VERSION`.
    pub runtime_version: Option<String>,
    /// `--dependency NAME=SPEC`.
    pub dependencies: Vec<(String, String)>,
    /// `--color`.
    pub color: ColorChoice,
    /// Generator settings.
    pub settings: Settings,
}

impl From<Cli> for Args {
    fn from(cli: Cli) -> Self {
        let (command, specs, output, krate, settings) = match cli.command {
            CliCommand::Generate {
                spec,
                output,
                krate,
                settings,
            } => (Command::Generate, vec![spec], Some(output), krate, settings),
            CliCommand::Check {
                spec,
                path,
                against,
                output,
                krate,
                settings,
            } => {
                // The group `checked_in` lets exactly one of the three through.
                let output = path.or(against).or(output);
                (Command::Check, vec![spec], output, krate, settings)
            }
            CliCommand::Summary { specs, settings } => (
                Command::Summary,
                specs,
                None,
                CrateArgs::default(),
                settings,
            ),
            CliCommand::Completions { shell } => (
                Command::Completions(shell),
                Vec::new(),
                None,
                CrateArgs::default(),
                Settings::default(),
            ),
        };
        Args {
            command,
            specs,
            output,
            crate_name: krate.name,
            runtime_path: krate.runtime_path,
            runtime_version: krate.runtime_version,
            dependencies: krate.dependencies,
            color: cli.color,
            settings,
        }
    }
}

/// The `--color` choice of a command line that may not parse, so that help and even a usage
/// error are printed as asked. clap stops at the first word it refuses and so cannot say what
/// follows; this scan only looks for `--color WHEN` / `--color=WHEN` (the last one wins) before
/// any `--`, and leaves every other word to clap.
pub fn color_choice(argv: &[std::ffi::OsString]) -> ColorChoice {
    let words: Vec<_> = argv
        .iter()
        .skip(1)
        .map(|word| word.to_string_lossy())
        .take_while(|word| word != "--")
        .collect();
    let mut choice = ColorChoice::Auto;
    for (index, word) in words.iter().enumerate() {
        let value = match word.strip_prefix("--color") {
            Some("") => words.get(index + 1).map(|next| next.as_ref()),
            Some(rest) => rest.strip_prefix('='),
            None => None,
        };
        if let Some(parsed) = value.and_then(|value| ColorChoice::from_str(value, false).ok()) {
            choice = parsed;
        }
    }
    choice
}

/// Splits `KEY=VALUE` at the first `=` (values such as attributes may hold more `=`).
fn pair(text: &str, shape: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((key, value)) if !key.trim().is_empty() && !value.trim().is_empty() => {
            Ok((key.trim().to_owned(), value.trim().to_owned()))
        }
        _ => Err(format!("expected {shape}")),
    }
}

fn format_pair(text: &str) -> Result<(String, String), String> {
    pair(text, "FORMAT=TYPE")
}

fn type_pair(text: &str) -> Result<(String, String), String> {
    pair(text, "TYPE=...")
}

fn field_pair(text: &str) -> Result<(String, String), String> {
    let (field, attribute) = pair(text, "TYPE.FIELD=ATTR")?;
    if !field.contains('.') {
        return Err(format!("a field is named as TYPE.FIELD, not `{field}`"));
    }
    Ok((field, attribute))
}

fn dependency(text: &str) -> Result<(String, String), String> {
    let (name, spec) = pair(text, "NAME=SPEC")?;
    crate_name(&name)?;
    Ok((name, spec))
}

/// Cargo's rule for package names: ASCII letters, digits, `-` and `_`, starting with a letter.
fn crate_name(name: &str) -> Result<String, String> {
    let valid = name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if valid {
        Ok(name.to_owned())
    } else {
        Err(format!(
            "`{name}` is not a valid crate name: use ASCII letters, digits, `-` and `_`, starting with a letter"
        ))
    }
}

/// Quotes `arg` for a POSIX shell when it holds anything but plain path characters.
pub fn shell_quote(arg: &str) -> String {
    let plain = !arg.is_empty()
        && arg
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=,@+%".contains(c));
    if plain {
        arg.to_owned()
    } else {
        format!("'{}'", arg.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
#[path = "args_tests.rs"]
mod tests;
