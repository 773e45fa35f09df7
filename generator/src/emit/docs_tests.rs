use super::{inline_code, markdown_lines};

fn lines(text: &str) -> Vec<String> {
    markdown_lines(text)
}

#[test]
fn indented_text_does_not_become_a_doctest() {
    assert_eq!(
        lines("a\n        code\n  - item"),
        ["a", "  code", "  - item"]
    );
}

#[test]
fn tab_indented_text_does_not_become_a_doctest() {
    assert_eq!(
        lines("a\n\n\tmarker();\n \t x"),
        ["a", "", "  marker();", "  x"]
    );
}

#[test]
fn indented_code_inside_lists_and_quotes_is_flattened() {
    assert_eq!(
        lines("- a\n\n      code\n-     code\n>     code\n> -\tcode\n1.      code"),
        ["- a", "", "  code", "- code", "> code", "> - code", "1. code"]
    );
}

#[test]
fn fences_are_text_and_closed() {
    assert_eq!(
        lines("```json\n{}\n```\n```"),
        ["```text", "{}", "```", "```text", "```"]
    );
}

#[test]
fn tilde_fences_and_nested_fences_become_text_fences() {
    assert_eq!(
        lines("~~~\nmarker();\n~~~~\n- ```rust\n  x\n  ```\n> ~~~ rust"),
        [
            "```text",
            "marker();",
            "```",
            "```text",
            "  x",
            "```",
            "```text",
            "```"
        ]
    );
}

#[test]
fn line_breaks_and_unsafe_characters_never_survive() {
    assert_eq!(
        lines("a\r    b\r\nc\u{2028}d\0\u{202e}\u{1b}[2J"),
        ["a", "  b", "c\\u{2028}d\\0\\u{202e}\\u{1b}[2J"]
    );
}

#[test]
fn html_is_escaped_outside_code_spans() {
    assert_eq!(
        lines("<pre>\n<script>x</script> `Vec<T>` and Vec<T>\n<!-- c --> a < b"),
        [
            "\\<pre>",
            "\\<script>x\\</script> `Vec<T>` and Vec\\<T>",
            "\\<!-- c --> a < b"
        ]
    );
    assert_eq!(
        lines("see <https://example.com/a>"),
        ["see <https://example.com/a>"]
    );
    assert_eq!(lines("\\<b> \\`<i>`"), ["\\<b> \\`\\<i>`"]);
}

#[test]
fn a_code_span_left_open_makes_later_lines_escape_everything() {
    assert_eq!(
        lines("a `b\nc` <script> `d`\n\n`<e>`"),
        ["a `b", "c` \\<script> `d`", "", "`<e>`"]
    );
}

#[test]
fn html_cannot_hide_a_fence_from_the_fence_count() {
    // Unescaped, `<pre>` would swallow the first fence and turn the second into an opening
    // one that rustdoc runs.
    assert_eq!(
        lines("<pre>\n```\n</pre>\nmarker();\n```"),
        ["\\<pre>", "```text", "</pre>", "marker();", "```"]
    );
}

#[test]
fn inline_code_outlasts_backticks_and_stays_on_one_line() {
    assert_eq!(inline_code("a"), "`a`");
    assert_eq!(inline_code("a`b``c"), "``` a`b``c ```");
    assert_eq!(inline_code("x\ny"), "`x\\ny`");
}

#[test]
fn a_list_item_continued_on_an_unindented_line_is_indented_to_its_content() {
    assert_eq!(
        lines("Tiers:\n  - If set to 'auto', the system\n  will use credits.\n- Second\nstill second\n\nAfter the list."),
        [
            "Tiers:",
            "  - If set to 'auto', the system",
            "    will use credits.",
            "- Second",
            "  still second",
            "",
            "After the list.",
        ]
    );
    // In a block quote, and in a paragraph before any list, lines keep their own indent.
    assert_eq!(lines("> - quoted\n> more"), ["> - quoted", "> more"]);
    assert_eq!(lines("plain\ntext"), ["plain", "text"]);
    // A heading, table row or rule after an item starts a block of its own, as it did.
    assert_eq!(
        lines("- item\n# Heading\ntext\n- b\n---"),
        ["- item", "# Heading", "text", "- b", "---"]
    );
}

#[test]
fn blank_text_writes_no_doc_comment() {
    assert!(super::doc_attrs(Some("  \n ")).is_empty());
    assert!(!super::doc_attrs(Some("text")).is_empty());
}
