//! The command line: which command, which spec, where the output goes, and the generator
//! settings, parsed by hand (the generator has no argument-parsing dependency).

use std::path::PathBuf;

use oagen::Config;

/// The help text `-h`/`--help` prints: every command and every flag, one line each.
pub const HELP: &str = "\
oagen: OpenAPI 3.0 documents to Rust (serde models and an async client)

usage:
  oagen generate SPEC -o FILE [OPTIONS]              write the generated module to FILE
  oagen generate SPEC --crate NAME -o DIR [OPTIONS]  write a standalone crate to DIR
  oagen check SPEC [--against] PATH [OPTIONS]        exit 1 with a diff summary if PATH is stale
  oagen summary SPEC... [OPTIONS]                    print the types and operations of each spec

commands:
  generate                      generate Rust from SPEC (a .yaml, .yml or .json OpenAPI 3.0 file)
  check                         regenerate in memory and compare with checked-in output (for CI)
  summary                       print what would be generated, without writing anything
  help                          print this help

output:
  -o, --output PATH             generate: the .rs file to write, or the crate directory with --crate
      --against PATH            check: the checked-in file, or crate directory with --crate (-o works too)
      --crate NAME              generate or check a standalone crate NAME (Cargo.toml, src/lib.rs, README.md,
                                and by default a copy of the runtime in oagen-runtime/): it builds as it is
      --runtime-path PATH       crate: depend on oagen-runtime at PATH (as written, relative to the crate)
                                instead of writing a copy of it into the crate
      --runtime-version VERSION crate: depend on a published oagen-runtime VERSION from the registry
                                instead of writing a copy of it into the crate
      --dependency NAME=SPEC    crate: add `NAME = SPEC` to [dependencies] (SPEC: a version or an inline
                                table), for crates that --map-format, --derive or attributes name (repeatable)

generation:
      --strict                  treat warnings (skipped or approximated constructs) as errors
      --no-client               emit the models only, without the HTTP client
      --operation ID            generate only the operation with this operationId (repeatable)
      --tag TAG                 generate only operations tagged TAG (repeatable)
      --map-format FORMAT=TYPE  use the Rust TYPE for string format FORMAT (repeatable), e.g.
                                --map-format 'date-time=::chrono::DateTime<::chrono::Utc>'
      --derive TYPE=PATH        add #[derive(PATH)] to the generated type TYPE, or to all with * (repeatable)
      --type-attribute TYPE=ATTR
                                add the attribute ATTR to TYPE, or to all types with * (repeatable)
      --field-attribute TYPE.FIELD=ATTR
                                add the attribute ATTR to one field (repeatable)

other:
      --color WHEN              colour diagnostics: auto (the default: only when stderr is a terminal
                                and NO_COLOR is unset), always, never
  -h, --help                    print this help
  -V, --version                 print the version

Flags take their value as the next argument or after `=` (--tag=pets). `--` ends the options.
Exit status: 0 on success (check: up to date); 1 when generation fails or check finds stale
output; 2 for a command-line mistake.";

/// What the user asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// Write a module or a crate.
    Generate,
    /// Compare checked-in output with what would be generated now.
    Check,
    /// Print an overview of each spec.
    Summary,
    /// Print the help text.
    Help,
    /// Print the version.
    Version,
}

/// When to colour diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorChoice {
    /// Only when stderr is a terminal and `NO_COLOR` is unset.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

impl ColorChoice {
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
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    /// `--strict`.
    pub strict: bool,
    /// `--no-client`.
    pub no_client: bool,
    /// `--operation`, in order.
    pub operations: Vec<String>,
    /// `--tag`, in order.
    pub tags: Vec<String>,
    /// `--map-format FORMAT=TYPE`.
    pub map_formats: Vec<(String, String)>,
    /// `--derive TYPE=PATH`.
    pub derives: Vec<(String, String)>,
    /// `--type-attribute TYPE=ATTR`.
    pub type_attributes: Vec<(String, String)>,
    /// `--field-attribute TYPE.FIELD=ATTR`.
    pub field_attributes: Vec<(String, String)>,
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
        let types = self
            .map_formats
            .iter()
            .map(|(_, rust_type)| ("--map-format", rust_type.as_str()));
        let derives = self
            .derives
            .iter()
            .map(|(_, path)| ("--derive", path.as_str()));
        let type_attributes = self
            .type_attributes
            .iter()
            .map(|(_, attribute)| ("--type-attribute", attribute.as_str()));
        let field_attributes = self
            .field_attributes
            .iter()
            .map(|(_, attribute)| ("--field-attribute", attribute.as_str()));
        types
            .chain(derives)
            .chain(type_attributes)
            .chain(field_attributes)
    }
}

/// The whole command line, parsed.
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

/// A command-line mistake: the message to print (the help follows it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageError(pub String);

/// Finds `--color` early so that even a usage error is printed as asked.
pub fn color_choice(args: &[String]) -> ColorChoice {
    let mut choice = ColorChoice::Auto;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        if arg == "--" {
            break;
        }
        let value = match arg.strip_prefix("--color") {
            Some("") => rest.next().map(String::as_str),
            Some(value) => value.strip_prefix('='),
            None => None,
        };
        choice = match value {
            Some("always") => ColorChoice::Always,
            Some("never") => ColorChoice::Never,
            Some("auto") => ColorChoice::Auto,
            _ => choice,
        };
    }
    choice
}

/// Parses everything after the program name.
pub fn parse(args: &[String]) -> Result<Args, UsageError> {
    let mut command: Option<Command> = None;
    let mut specs: Vec<PathBuf> = Vec::new();
    let mut output: Option<PathBuf> = None;
    let mut against: Option<PathBuf> = None;
    let mut crate_name: Option<String> = None;
    let mut runtime_path: Option<String> = None;
    let mut runtime_version: Option<String> = None;
    let mut dependencies = Vec::new();
    let mut color = ColorChoice::Auto;
    let mut settings = Settings::default();
    let mut positional: Vec<String> = Vec::new();
    let mut only_positional = false;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        if only_positional || !arg.starts_with('-') || arg == "-" {
            positional.push(arg.clone());
            continue;
        }
        if arg == "--" {
            only_positional = true;
            continue;
        }
        // `--flag=value` or `--flag value`; short flags take the next argument.
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => (flag, Some(value.to_owned())),
            _ => (arg.as_str(), None),
        };
        let mut value = |what: &str| -> Result<String, UsageError> {
            match &inline {
                Some(value) => Ok(value.clone()),
                None => rest
                    .next()
                    .cloned()
                    .ok_or_else(|| UsageError(format!("{flag} needs {what}"))),
            }
        };
        let no_value = |inline: &Option<String>| match inline {
            Some(_) => Err(UsageError(format!("{flag} takes no value"))),
            None => Ok(()),
        };
        match flag {
            "-h" | "--help" => {
                no_value(&inline)?;
                command = Some(Command::Help);
            }
            "-V" | "--version" => {
                no_value(&inline)?;
                if command != Some(Command::Help) {
                    command = Some(Command::Version);
                }
            }
            "--strict" => {
                no_value(&inline)?;
                settings.strict = true;
            }
            "--no-client" => {
                no_value(&inline)?;
                settings.no_client = true;
            }
            "-o" | "--output" => set_once(&mut output, flag, PathBuf::from(value("a path")?))?,
            "--against" => set_once(&mut against, flag, PathBuf::from(value("a path")?))?,
            "--crate" => {
                let name = value("a crate name")?;
                check_crate_name(&name)?;
                set_once(&mut crate_name, flag, name)?;
            }
            "--runtime-path" => set_once(&mut runtime_path, flag, value("a path")?)?,
            "--runtime-version" => set_once(&mut runtime_version, flag, value("a version")?)?,
            "--dependency" => {
                let (name, spec) = pair(flag, &value("NAME=SPEC")?, "NAME=SPEC")?;
                check_crate_name(&name)?;
                dependencies.push((name, spec));
            }
            "--operation" => settings.operations.push(value("an operationId")?),
            "--tag" => settings.tags.push(value("a tag name")?),
            "--map-format" => {
                settings
                    .map_formats
                    .push(pair(flag, &value("FORMAT=TYPE")?, "FORMAT=TYPE")?)
            }
            "--derive" => settings
                .derives
                .push(pair(flag, &value("TYPE=PATH")?, "TYPE=PATH")?),
            "--type-attribute" => {
                settings
                    .type_attributes
                    .push(pair(flag, &value("TYPE=ATTR")?, "TYPE=ATTR")?)
            }
            "--field-attribute" => {
                let (field, attribute) = pair(flag, &value("TYPE.FIELD=ATTR")?, "TYPE.FIELD=ATTR")?;
                if !field.contains('.') {
                    return Err(UsageError(format!(
                        "{flag} names a field as TYPE.FIELD, not `{field}`"
                    )));
                }
                settings.field_attributes.push((field, attribute));
            }
            "--color" => {
                color = match value("auto, always or never")?.as_str() {
                    "auto" => ColorChoice::Auto,
                    "always" => ColorChoice::Always,
                    "never" => ColorChoice::Never,
                    other => {
                        return Err(UsageError(format!(
                            "--color takes auto, always or never, not `{other}`"
                        )))
                    }
                }
            }
            _ => return Err(UsageError(format!("unknown option `{flag}`"))),
        }
    }

    let mut positional = positional.into_iter();
    let command = match command {
        Some(command) => command,
        None => match positional.next().as_deref() {
            Some("generate") => Command::Generate,
            Some("check") => Command::Check,
            Some("summary") => Command::Summary,
            Some("help") => Command::Help,
            Some(other) => {
                return Err(UsageError(format!(
                    "unknown command `{other}`: expected generate, check or summary"
                )))
            }
            None => return Err(UsageError("no command given".to_owned())),
        },
    };
    specs.extend(positional.map(PathBuf::from));
    let args = Args {
        command,
        specs,
        output,
        crate_name,
        runtime_path,
        runtime_version,
        dependencies,
        color,
        settings,
    };
    validate(args, against)
}

/// Checks that the flags fit the command, and settles `check`'s target.
fn validate(mut args: Args, against: Option<PathBuf>) -> Result<Args, UsageError> {
    let name = match args.command {
        Command::Help | Command::Version => return Ok(args),
        Command::Generate => "generate",
        Command::Check => "check",
        Command::Summary => "summary",
    };
    if args.command == Command::Check {
        // `check SPEC PATH`, `check SPEC --against PATH` and `check SPEC -o PATH` all work, so a
        // `generate` command line turns into its check by changing the command alone.
        if args.specs.len() == 2 && args.output.is_none() && against.is_none() {
            args.output = args.specs.pop();
        } else if let Some(against) = against {
            set_once(&mut args.output, "--against", against)?;
        }
    } else if against.is_some() {
        return Err(UsageError(format!("{name} does not take --against")));
    }
    match args.command {
        Command::Summary => {
            if args.specs.is_empty() {
                return Err(UsageError("summary needs at least one SPEC".to_owned()));
            }
            if args.output.is_some() || args.crate_name.is_some() {
                return Err(UsageError(
                    "summary prints to stdout; it takes no -o or --crate".to_owned(),
                ));
            }
        }
        _ => {
            if args.specs.len() != 1 {
                return Err(UsageError(format!(
                    "{name} takes exactly one SPEC, got {}",
                    args.specs.len()
                )));
            }
            if args.output.is_none() {
                return Err(UsageError(match args.command {
                    Command::Check => "check needs the checked-in output: check SPEC PATH".into(),
                    _ => "generate needs -o FILE (or --crate NAME -o DIR)".into(),
                }));
            }
        }
    }
    if args.runtime_path.is_some() && args.runtime_version.is_some() {
        return Err(UsageError(
            "--runtime-path and --runtime-version exclude each other".to_owned(),
        ));
    }
    if args.crate_name.is_none() {
        for (flag, given) in [
            ("--runtime-path", args.runtime_path.is_some()),
            ("--runtime-version", args.runtime_version.is_some()),
        ] {
            if given {
                return Err(UsageError(format!("{flag} only applies with --crate")));
            }
        }
        if !args.dependencies.is_empty() {
            return Err(UsageError(
                "--dependency only applies with --crate".to_owned(),
            ));
        }
    }
    Ok(args)
}

fn set_once<T>(slot: &mut Option<T>, flag: &str, value: T) -> Result<(), UsageError> {
    if slot.is_some() {
        return Err(UsageError(format!("{flag} given twice")));
    }
    *slot = Some(value);
    Ok(())
}

/// Splits `KEY=VALUE` at the first `=` (values such as attributes may hold more).
fn pair(flag: &str, text: &str, shape: &str) -> Result<(String, String), UsageError> {
    match text.split_once('=') {
        Some((key, value)) if !key.trim().is_empty() && !value.trim().is_empty() => {
            Ok((key.trim().to_owned(), value.trim().to_owned()))
        }
        _ => Err(UsageError(format!("{flag} takes {shape}, not `{text}`"))),
    }
}

/// Cargo's rule for package names: ASCII letters, digits, `-` and `_`, starting with a letter.
fn check_crate_name(name: &str) -> Result<(), UsageError> {
    let valid = name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if valid {
        Ok(())
    } else {
        Err(UsageError(format!(
            "`{name}` is not a valid crate name: use ASCII letters, digits, `-` and `_`, starting with a letter"
        )))
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
mod tests {
    use super::*;

    fn parse_line(line: &str) -> Result<Args, UsageError> {
        let args: Vec<String> = line.split_whitespace().map(str::to_owned).collect();
        parse(&args)
    }

    #[test]
    fn flags_take_values_inline_or_next() {
        let args =
            parse_line("generate a.yaml -o out.rs --tag=pets --tag users --operation x").unwrap();
        assert_eq!(args.command, Command::Generate);
        assert_eq!(args.output, Some(PathBuf::from("out.rs")));
        assert_eq!(args.settings.tags, ["pets", "users"]);
        assert_eq!(args.settings.operations, ["x"]);
    }

    #[test]
    fn double_dash_ends_the_options() {
        let args = parse_line("generate -o x.rs -- -odd-name.yaml").unwrap();
        assert_eq!(args.specs, [PathBuf::from("-odd-name.yaml")]);
    }

    #[test]
    fn check_accepts_three_spellings_of_its_target() {
        for line in [
            "check a.yaml out.rs",
            "check a.yaml --against out.rs",
            "check a.yaml -o out.rs",
        ] {
            let args = parse_line(line).unwrap();
            assert_eq!(args.specs, [PathBuf::from("a.yaml")], "{line}");
            assert_eq!(args.output, Some(PathBuf::from("out.rs")), "{line}");
        }
    }

    #[test]
    fn settings_round_trip_through_their_flags() {
        let line = "generate a.yaml -o x.rs --strict --no-client --operation a --tag t \
                    --map-format date-time=Dt --derive *=Hash --type-attribute T=#[x] \
                    --field-attribute T.f=#[y]";
        let args = parse_line(line).unwrap();
        let mut again = vec![
            "generate".to_owned(),
            "a.yaml".to_owned(),
            "-o".to_owned(),
            "x.rs".to_owned(),
        ];
        again.extend(args.settings.to_args());
        assert_eq!(parse(&again).unwrap().settings, args.settings);
    }

    #[test]
    fn mistakes_are_usage_errors() {
        for line in [
            "",
            "frobnicate a.yaml",
            "generate a.yaml",
            "generate a.yaml b.yaml -o x",
            "generate a.yaml -o x --against y",
            "generate a.yaml -o x --runtime-path ../runtime",
            "generate a.yaml -o x --runtime-version 0.1",
            "generate a.yaml --crate c -o x --runtime-path r --runtime-version 0.1",
            "generate a.yaml -o x --crate 9lives",
            "generate a.yaml -o x --map-format date-time",
            "generate a.yaml -o x --field-attribute T=#[x]",
            "generate a.yaml -o x --color sometimes",
            "generate a.yaml -o x --strict=yes",
            "generate a.yaml -o",
            "summary",
            "summary a.yaml -o x",
        ] {
            assert!(parse_line(line).is_err(), "{line:?} should be refused");
        }
    }

    #[test]
    fn color_is_found_before_parsing() {
        let args: Vec<String> = ["bogus", "--color", "always"].map(str::to_owned).into();
        assert_eq!(color_choice(&args), ColorChoice::Always);
        let args: Vec<String> = ["--color=never"].map(str::to_owned).into();
        assert_eq!(color_choice(&args), ColorChoice::Never);
    }

    #[test]
    fn shell_quoting_leaves_plain_words_alone() {
        assert_eq!(shell_quote("spec/a.yaml"), "spec/a.yaml");
        assert_eq!(shell_quote("*=::std::hash::Hash"), "'*=::std::hash::Hash'");
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
    }
}
