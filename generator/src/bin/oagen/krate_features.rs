//! `generate --crate NAME --split-by-tag`: one cargo feature per tag's module (named by
//! lowering, see `oagen::ir::Layout`), `full` turning on all of them, and the README's word on
//! compiling only some.
//!
//! `full` is on by default, so that depending on the crate gives the whole client as without
//! the split; a user of a few tags turns the defaults off and names their tags, and then the
//! TLS backend too, which is the other default.

use std::fmt::Write as _;

use oagen::ir::{Api, GroupOf};
use oagen::text::inline_code;

/// The feature turning on every tag's module.
const FULL: &str = "full";

/// The crate's `default` features: the runtime's (`value` as its manifest writes it, e.g.
/// `["native-tls"]`), plus `full` when the client is split by tag.
pub fn default_value(value: &str, api: &Api) -> String {
    if api.layout.is_none() {
        return value.to_owned();
    }
    let listed = value
        .trim()
        .trim_start_matches('[')
        .trim_end_matches(']')
        .trim();
    let listed = listed.trim_end_matches(',');
    if listed.is_empty() {
        format!("[\"{FULL}\"]")
    } else {
        format!("[{listed}, \"{FULL}\"]")
    }
}

/// The `[features]` lines of the tags' modules (each turns on its module alone) and `full`;
/// nothing without the split.
pub fn tag_features(api: &Api) -> String {
    let Some(layout) = &api.layout else {
        return String::new();
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# One per tag: its operations and the types only they use (README.md, \"Features\")."
    );
    for group in &layout.groups {
        let _ = writeln!(out, "{} = []", group.feature);
    }
    let all: Vec<String> = layout
        .groups
        .iter()
        .map(|group| format!("\"{}\"", group.feature))
        .collect();
    let _ = writeln!(out, "{FULL} = [{}]", all.join(", "));
    out
}

/// The README's "Features" section: which feature holds which tag, and how to pick some.
pub fn readme_section(name: &str, api: &Api) -> String {
    let Some(layout) = &api.layout else {
        return String::new();
    };
    let mut out = String::from(
        "\n## Features\n\nEach tag's operations, with the types and error enums only they use, \
         are behind a feature of their own; what several of them share is compiled with any of them. `full` \
         turns on every tag and is on by default. Paths do not depend on features: every item \
         is at the crate's root.\n\n",
    );
    for group in &layout.groups {
        let (what, count, unit) = match &group.of {
            GroupOf::Tag(tag) => (
                format!("operations tagged {}", inline_code(tag)),
                group.operations.len(),
                "operation",
            ),
            GroupOf::Untagged => (
                "operations without tags".to_owned(),
                group.operations.len(),
                "operation",
            ),
            GroupOf::Unreferenced => (
                "the types no operation uses".to_owned(),
                group.members.types.len(),
                "type",
            ),
        };
        let plural = if count == 1 { "" } else { "s" };
        let _ = writeln!(
            out,
            "- `{}`: {what} ({count} {unit}{plural})",
            group.feature
        );
    }
    let Some(first) = layout.groups.first() else {
        return out;
    };
    let mut features = vec![format!("\"{}\"", first.feature)];
    features.extend(runtime_default());
    let _ = write!(
        out,
        "\nTo compile only the tags you call, turn the defaults off and name them. That turns off \
         the default TLS backend too, so name it (or another) again:\n\n```toml\n[dependencies]\n\
         {name} = {{ path = \"vendor/{name}\", default-features = false, features = [{}] }}\n```\n",
        features.join(", ")
    );
    out
}

/// The runtime's default features, quoted as in a TOML list.
fn runtime_default() -> Vec<String> {
    let features = crate::bundled_runtime::features();
    let value = features
        .iter()
        .find(|(feature, _)| *feature == "default")
        .map_or("", |(_, value)| value.trim_matches(['[', ']']));
    value
        .split(',')
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(tags: &[&str]) -> Api {
        let mut paths = String::new();
        for (index, tag) in tags.iter().enumerate() {
            let _ = write!(
                paths,
                "  /p{index}:\n    get:\n      operationId: op{index}\n      tags: [{tag:?}]\n      responses:\n        '204': {{description: ok}}\n"
            );
        }
        let text = format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n{paths}");
        oagen::Config::new()
            .module_layout(oagen::ModuleLayout::ByTagFeatures)
            .generate_text("t.yaml", &text)
            .expect("generates")
            .api
    }

    /// A tag named like one of the crate's own features gets another name: the runtime's
    /// features (read from its manifest, so a new TLS choice is covered), `default` and `full`.
    #[test]
    fn tag_features_never_take_the_crates_own() {
        let own: Vec<&str> = crate::bundled_runtime::features()
            .into_iter()
            .map(|(name, _)| name)
            .chain([FULL])
            .collect();
        let api = split(&own);
        let layout = api.layout.as_ref().expect("split");
        assert_eq!(layout.groups.len(), own.len());
        for group in &layout.groups {
            assert!(!own.contains(&group.feature.as_str()), "{group:?}");
        }
    }

    #[test]
    fn full_lists_every_tag_and_is_on_by_default() {
        let api = split(&["pets", "Pet Store"]);
        assert_eq!(
            tag_features(&api),
            "# One per tag: its operations and the types only they use (README.md, \"Features\").\n\
             pets = []\npet-store = []\nfull = [\"pets\", \"pet-store\"]\n"
        );
        assert_eq!(
            default_value("[\"native-tls\"]", &api),
            "[\"native-tls\", \"full\"]"
        );
        assert_eq!(default_value("[]", &api), "[\"full\"]");
        let readme = readme_section("pets-client", &api);
        assert!(readme.contains("- `pet-store`: operations tagged `Pet Store` (1 operation)"));
        let mut listed = vec!["\"pets\"".to_owned()];
        listed.extend(runtime_default());
        let features = format!("features = [{}] }}", listed.join(", "));
        assert!(readme.contains(&features), "{readme}");
    }

    #[test]
    fn nothing_changes_without_the_split() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n";
        let api = oagen::Config::new()
            .generate_text("t.yaml", text)
            .unwrap()
            .api;
        assert_eq!(tag_features(&api), "");
        assert_eq!(default_value("[\"native-tls\"]", &api), "[\"native-tls\"]");
        assert_eq!(readme_section("c", &api), "");
    }
}
