//! The vendor extensions this generator reads: `x-oagen-rules` and `x-oagen-aliases`.

use serde::Deserialize;

/// One `x-oagen-rules` entry as written in the spec, naming fields and parameters by their wire
/// names; `lower::rules` resolves the names.
#[derive(Debug, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) enum RuleSpec {
    Requires {
        field: String,
        requires: String,
    },
    Ordered {
        earlier: String,
        later: String,
    },
    ForbiddenWhen {
        parameter: String,
        values: Vec<String>,
        fields: Vec<String>,
    },
}

/// Parses `x-oagen-rules`: a list of `{kind: requires | ordered | forbidden-when, ...}`.
pub(crate) fn parse_rules(value: &serde_json::Value) -> Result<Vec<RuleSpec>, String> {
    serde_json::from_value(value.clone()).map_err(|error| {
        format!("x-oagen-rules must be a list of {{kind: requires|ordered|forbidden-when, ...}}: {error}")
    })
}

/// Parses `x-oagen-aliases`: a list of other JSON keys accepted for a property.
pub(crate) fn parse_aliases(value: &serde_json::Value) -> Result<Vec<String>, String> {
    serde_json::from_value(value.clone())
        .map_err(|error| format!("x-oagen-aliases must be a list of strings: {error}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_parse_in_spec_form() {
        let value = serde_json::json!([
            {"kind": "requires", "field": "startTime", "requires": "endTime"},
            {"kind": "ordered", "earlier": "startTime", "later": "endTime"},
            {"kind": "forbidden-when", "parameter": "p", "values": ["A"], "fields": ["f"]}
        ]);
        let rules = parse_rules(&value).unwrap();
        assert_eq!(rules.len(), 3);
        assert!(matches!(&rules[0], RuleSpec::Requires { field, .. } if field == "startTime"));
        assert!(matches!(&rules[2], RuleSpec::ForbiddenWhen { values, .. } if values == &["A"]));
    }

    #[test]
    fn unknown_rule_kind_is_an_error() {
        let error = parse_rules(&serde_json::json!([{"kind": "sometimes"}])).unwrap_err();
        assert!(error.contains("sometimes"), "{error}");
    }
}
