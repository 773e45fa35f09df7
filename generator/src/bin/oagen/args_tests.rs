//! The declaration's rules, checked through the parser itself.

use super::*;
use clap::error::ErrorKind;
use clap::CommandFactory;

fn parse_line(line: &str) -> Result<Args, clap::Error> {
    let words = std::iter::once("oagen").chain(line.split_whitespace());
    Cli::try_parse_from(words).map(Args::from)
}

#[test]
fn the_declaration_is_consistent() {
    Cli::command().debug_assert();
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
    let twice = parse_line("check a.yaml out.rs --against other.rs").unwrap_err();
    assert_eq!(twice.kind(), ErrorKind::ArgumentConflict);
}

#[test]
fn settings_round_trip_through_their_flags() {
    let line = "generate a.yaml -o x.rs --strict --no-client --operation a --tag t \
                --map-format date-time=Dt --derive *=Hash --type-attribute T=#[x] \
                --field-attribute T.f=#[y] --split-by-tag";
    let args = parse_line(line).unwrap();
    let mut again = vec!["oagen", "generate", "a.yaml", "-o", "x.rs"];
    let flags = args.settings.to_args();
    again.extend(flags.iter().map(String::as_str));
    let parsed = Args::from(Cli::try_parse_from(again).unwrap());
    assert_eq!(parsed.settings, args.settings);
    assert_eq!(
        args.settings.map_formats,
        [("date-time".to_owned(), "Dt".to_owned())]
    );
}

#[test]
fn the_runtime_flags_need_a_crate_and_exclude_each_other() {
    let both = parse_line("generate a.yaml --crate c -o x --runtime-path r --runtime-version 0.1");
    assert_eq!(both.unwrap_err().kind(), ErrorKind::ArgumentConflict);
    let alone = parse_line("generate a.yaml -o x --runtime-version 0.1");
    assert_eq!(
        alone.unwrap_err().kind(),
        ErrorKind::MissingRequiredArgument
    );
    let args = parse_line("generate a.yaml --crate c -o x --runtime-version 0.1").unwrap();
    assert_eq!(args.crate_name.as_deref(), Some("c"));
    assert_eq!(args.runtime_version.as_deref(), Some("0.1"));
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
        "generate a.yaml -o x --dependency chrono=0.4",
        "generate a.yaml -o x --crate 9lives",
        "generate a.yaml -o x --map-format date-time",
        "generate a.yaml -o x --field-attribute T=#[x]",
        "generate a.yaml -o x --color sometimes",
        "generate a.yaml -o x --strict=yes",
        "generate a.yaml -o",
        "check a.yaml",
        "summary",
        "summary a.yaml -o x",
        "completions tcsh-but-not-really",
    ] {
        let error = parse_line(line).expect_err(line);
        assert_eq!(error.exit_code(), 2, "{line:?}: {error}");
    }
}

#[test]
fn typos_get_a_suggestion() {
    let error = parse_line("generat a.yaml -o x.rs").unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidSubcommand);
    assert!(error.to_string().contains("'generate'"), "{error}");
    let error = parse_line("generate a.yaml -o x.rs --no-clent").unwrap_err();
    assert!(error.to_string().contains("--no-client"), "{error}");
}

#[test]
fn shell_quoting_leaves_plain_words_alone() {
    assert_eq!(shell_quote("spec/a.yaml"), "spec/a.yaml");
    assert_eq!(shell_quote("*=::std::hash::Hash"), "'*=::std::hash::Hash'");
    assert_eq!(shell_quote("it's"), r"'it'\''s'");
}

#[test]
fn color_is_found_even_when_the_line_does_not_parse() {
    let argv =
        |words: &[&str]| -> Vec<std::ffi::OsString> { words.iter().map(Into::into).collect() };
    let cases = [
        (
            &["oagen", "--color", "always", "--help"][..],
            ColorChoice::Always,
        ),
        (&["oagen", "--color=never", "bogus"], ColorChoice::Never),
        (
            &["oagen", "generate", "--bogus", "--color", "always"],
            ColorChoice::Always,
        ),
        (&["oagen", "--color", "sometimes"], ColorChoice::Auto),
    ];
    for (words, expected) in cases {
        assert_eq!(color_choice(&argv(words)), expected, "{words:?}");
    }
}
