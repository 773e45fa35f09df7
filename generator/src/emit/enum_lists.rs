//! One `Variant => "wire"` pair per line in `string_enum!` invocations too long for one line.
//!
//! prettyplease fills a macro's arguments like a paragraph, so a long list came out with pairs
//! broken across lines (`AtOffice =>` / `"AT_OFFICE"`). This pass runs on its output and lays
//! each such invocation out the way a person would write it:
//!
//! ```text
//! ::oagen_runtime::string_enum!(IconType, Other {
//!     Busy => "BUSY",
//!     Urgent => "URGENT",
//! });
//! ```
//!
//! It rewrites text, so it is careful with it: an invocation is found by scanning string
//! literals as literals, its arguments are re-lexed with `proc_macro2`, and the new text is
//! written from those tokens' own spelling. A rewrite is kept only when it lexes to exactly the
//! tokens it replaces; anything unexpected is left as prettyplease wrote it.

use std::str::FromStr;

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};

/// The macro's name as it ends every path that invokes it (`::oagen_runtime::string_enum!(`).
const INVOCATION: &str = "string_enum!(";

/// `text` with every multi-line `string_enum!` list laid out one pair per line.
pub fn lay_out(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut rest = text;
    while let Some(found) = next_invocation(rest) {
        out.push_str(&rest[..found.start]);
        let original = &rest[found.start..found.end];
        match relaid(original, found.indent) {
            Some(relaid) => out.push_str(&relaid),
            None => out.push_str(original),
        }
        rest = &rest[found.end..];
    }
    out.push_str(rest);
    out
}

/// Where an invocation is in the text: from its line's first non-blank character through the
/// `;` after its closing parenthesis.
struct Found<'a> {
    start: usize,
    end: usize,
    indent: &'a str,
}

/// The next invocation that begins a line and spans several, if any.
fn next_invocation(text: &str) -> Option<Found<'_>> {
    let mut line_start = 0;
    while line_start < text.len() {
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |offset| line_start + offset);
        let line = &text[line_start..line_end];
        let code = line.trim_start_matches(' ');
        let indent = &line[..line.len() - code.len()];
        if code.ends_with(INVOCATION) && is_path(&code[..code.len() - INVOCATION.len()]) {
            let start = line_start + indent.len();
            let open = line_end - 1;
            if let Some(end) = statement_end(text, open) {
                return Some(Found { start, end, indent });
            }
        }
        line_start = line_end + 1;
    }
    None
}

/// `::oagen_runtime::`, `oagen_runtime::` or nothing: the paths the macro is invoked by.
fn is_path(prefix: &str) -> bool {
    prefix
        .trim_start_matches("::")
        .trim_end_matches("::")
        .split("::")
        .all(|segment| {
            segment.is_empty() || segment.chars().all(|c| c.is_alphanumeric() || c == '_')
        })
}

/// The end of `name!( ... );` whose `(` is at `open`: just past the `;`. String literals are
/// skipped as literals (with their escapes), so a `)` or `;` inside one does not count.
fn statement_end(text: &str, open: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut index = open;
    while index < bytes.len() {
        match bytes[index] {
            b'"' => {
                index += 1;
                while index < bytes.len() && bytes[index] != b'"' {
                    index += if bytes[index] == b'\\' { 2 } else { 1 };
                }
            }
            b'(' | b'{' | b'[' => depth += 1,
            b')' | b'}' | b']' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return (bytes.get(index + 1) == Some(&b';')).then_some(index + 2);
                }
            }
            _ => {}
        }
        index += 1;
    }
    None
}

/// The invocation laid out one pair per line, or `None` to keep it as it is.
fn relaid(original: &str, indent: &str) -> Option<String> {
    let open = original.find(INVOCATION)? + INVOCATION.len();
    let path = &original[..open - 1];
    let arguments = original.get(open..original.len().checked_sub(2)?)?;
    let tokens: Vec<TokenTree> = TokenStream::from_str(arguments).ok()?.into_iter().collect();
    let [TokenTree::Ident(name), TokenTree::Punct(comma), TokenTree::Ident(other), TokenTree::Group(list)] =
        tokens.as_slice()
    else {
        return None;
    };
    if comma.as_char() != ',' || list.delimiter() != Delimiter::Brace {
        return None;
    }
    let pairs = pairs(list.stream())?;
    let mut text = format!("{path}({name}, {other} {{\n");
    for (variant, wire) in &pairs {
        text.push_str(&format!("{indent}    {variant} => {wire},\n"));
    }
    text.push_str(&format!("{indent}}});"));
    same_tokens(original, &text).then_some(text)
}

/// `Variant => "wire"` pairs, each as its tokens spell it, with or without a trailing comma.
fn pairs(list: TokenStream) -> Option<Vec<(String, String)>> {
    let tokens: Vec<TokenTree> = list.into_iter().collect();
    let mut pairs = Vec::new();
    for pair in tokens.chunks(5) {
        let [TokenTree::Ident(variant), TokenTree::Punct(equals), TokenTree::Punct(arrow), TokenTree::Literal(wire), rest @ ..] =
            pair
        else {
            return None;
        };
        let separated = match rest {
            [] => true,
            [TokenTree::Punct(comma)] => comma.as_char() == ',',
            _ => false,
        };
        if equals.as_char() != '='
            || equals.spacing() != Spacing::Joint
            || arrow.as_char() != '>'
            || !separated
        {
            return None;
        }
        pairs.push((variant.to_string(), wire.to_string()));
    }
    (!pairs.is_empty()).then_some(pairs)
}

/// Whether both texts lex to the same tokens, a comma just before a closing delimiter aside.
fn same_tokens(original: &str, relaid: &str) -> bool {
    let spelled = |text: &str| {
        let mut spelling = Vec::new();
        spell(TokenStream::from_str(text).ok()?, &mut spelling);
        Some(spelling)
    };
    matches!((spelled(original), spelled(relaid)), (Some(a), Some(b)) if a == b)
}

/// Each token's text and, for punctuation, whether it joins the next, in order.
fn spell(tokens: TokenStream, spelling: &mut Vec<String>) {
    for token in tokens {
        match token {
            TokenTree::Group(group) => {
                let (open, close) = match group.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Brace => ("{", "}"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::None => ("", ""),
                };
                spelling.push(open.to_owned());
                spell(group.stream(), spelling);
                if spelling.last().is_some_and(|last| last == ",") {
                    spelling.pop();
                }
                spelling.push(close.to_owned());
            }
            TokenTree::Punct(punct) if punct.spacing() == Spacing::Joint => {
                spelling.push(format!("{}+", punct.as_char()));
            }
            TokenTree::Punct(punct) => spelling.push(punct.as_char().to_string()),
            TokenTree::Ident(ident) => spelling.push(ident.to_string()),
            TokenTree::Literal(literal) => spelling.push(literal.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_list_takes_one_pair_per_line() {
        let text = "/// Doc.\n::oagen_runtime::string_enum!(\n    IconType, Other { Busy => \"BUSY\", AtOffice =>\n    \"AT_OFFICE\", Off => \"OFF\" }\n);\nfn after() {}\n";
        assert_eq!(
            lay_out(text),
            "/// Doc.\n::oagen_runtime::string_enum!(IconType, Other {\n    Busy => \"BUSY\",\n    AtOffice => \"AT_OFFICE\",\n    Off => \"OFF\",\n});\nfn after() {}\n"
        );
    }

    #[test]
    fn a_list_in_a_module_keeps_its_indent() {
        let text = "mod tag {\n    string_enum!(\n        Size, Other { Small => \"s\", r#Type =>\n        \"type\" }\n    );\n}\n";
        assert_eq!(
            lay_out(text),
            "mod tag {\n    string_enum!(Size, Other {\n        Small => \"s\",\n        r#Type => \"type\",\n    });\n}\n"
        );
    }

    #[test]
    fn one_line_invocations_and_the_short_form_stay_as_they_are() {
        let text = "::oagen_runtime::string_enum!(Kind, Other { A => \"a\" });\nstring_enum!(\n    Colour, Other\n);\n";
        assert_eq!(lay_out(text), text);
    }

    #[test]
    fn wire_text_that_looks_like_syntax_stays_inside_its_literal() {
        let hostile = r#""); } fn evil() { (\" => \"x\", B => \"""#;
        let text = format!(
            "::oagen_runtime::string_enum!(\n    Hostile, Other {{ A => {hostile}, B =>\n    \"b;)\" }}\n);\n"
        );
        let relaid = lay_out(&text);
        assert_eq!(
            relaid,
            format!("::oagen_runtime::string_enum!(Hostile, Other {{\n    A => {hostile},\n    B => \"b;)\",\n}});\n")
        );
        assert!(same_tokens(&text, &relaid));
    }

    #[test]
    fn anything_unexpected_is_left_alone() {
        for text in [
            // Not a pair list.
            "string_enum!(\n    Kind, Other { A => \"a\" B }\n);\n",
            // No closing parenthesis before the end of the text.
            "string_enum!(\n    Kind, Other { A => \"a\" }\n",
            // A path that is not one.
            "let x = a + string_enum!(\n    Kind, Other { A => \"a\" }\n);\n",
        ] {
            assert_eq!(lay_out(text), text);
        }
    }
}
