//! `check`'s report on a stale file: how many lines changed, then a unified diff with context
//! (computed by `similar`), coloured when the style says so.

use std::path::Path;
use std::time::Duration;

use similar::{ChangeTag, TextDiff};

use crate::render::Style;

/// Unchanged lines shown around each change.
const CONTEXT_LINES: usize = 3;

/// Lines of diff shown (hunk headers included) before the rest is only counted.
const SHOWN_LINES: usize = 60;

/// Longer lines are cut to this many characters: a file's line can be a whole spec description.
const SHOWN_CHARACTERS: usize = 160;

/// How long aligning may take before `similar` settles for a coarser (still correct) diff.
const DEADLINE: Duration = Duration::from_secs(2);

/// `N lines changed (R removed, A added)`, then the diff from the checked-in `old` (at `path`) to
/// the freshly generated `new`, compared line by line (line endings aside).
pub fn report(path: &Path, old: &str, new: &str, style: Style) -> String {
    let old_lines: Vec<&str> = old.lines().collect();
    let new_lines: Vec<&str> = new.lines().collect();
    let diff = TextDiff::configure()
        .timeout(DEADLINE)
        .diff_slices(&old_lines, &new_lines);
    let (mut removed, mut added) = (0, 0);
    for change in diff.iter_all_changes() {
        match change.tag() {
            ChangeTag::Delete => removed += 1,
            ChangeTag::Insert => added += 1,
            ChangeTag::Equal => {}
        }
    }
    let changed = removed + added;
    let name = path.display().to_string();
    let mut lines = vec![
        format!(
            "{changed} line{} changed ({removed} removed, {added} added)",
            if changed == 1 { "" } else { "s" }
        ),
        style.bold(&shown(&format!("--- {name} (checked in)"))),
        style.bold(&shown(&format!("+++ {name} (generated now)"))),
    ];
    let mut diff_lines = Vec::new();
    for hunk in diff
        .unified_diff()
        .context_radius(CONTEXT_LINES)
        .iter_hunks()
    {
        diff_lines.push(style.hunk(&hunk.header().to_string()));
        for change in hunk.iter_changes() {
            let line = change.value();
            diff_lines.push(match change.tag() {
                ChangeTag::Delete => style.removed(&shown(&format!("-{line}"))),
                ChangeTag::Insert => style.added(&shown(&format!("+{line}"))),
                ChangeTag::Equal => shown(&format!(" {line}")),
            });
        }
    }
    let hidden = diff_lines.len().saturating_sub(SHOWN_LINES);
    lines.extend(diff_lines.into_iter().take(SHOWN_LINES));
    if hidden > 0 {
        lines.push(format!("... and {hidden} more lines of diff"));
    }
    lines.join("\n")
}

/// A line as it may go to a terminal: cut to `SHOWN_CHARACTERS`, control characters escaped
/// (the files quote the spec, and nothing in them may drive the terminal).
fn shown(line: &str) -> String {
    let cut: String = if line.chars().count() > SHOWN_CHARACTERS {
        line.chars()
            .take(SHOWN_CHARACTERS)
            .chain("…".chars())
            .collect()
    } else {
        line.to_owned()
    };
    oagen::text::escape_controls(&cut).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(old: &str, new: &str) -> String {
        report(Path::new("api.rs"), old, new, Style::new(false))
    }

    #[test]
    fn a_changed_line_is_a_hunk_with_context() {
        let text = plain("a\nb\nc\nd\n", "a\nB\nc\nd\ne\n");
        assert_eq!(
            text,
            "3 lines changed (1 removed, 2 added)\n\
             --- api.rs (checked in)\n\
             +++ api.rs (generated now)\n\
             @@ -1,4 +1,5 @@\n a\n-b\n+B\n c\n d\n+e"
        );
    }

    #[test]
    fn far_apart_changes_get_their_own_hunks() {
        let old: String = (1..=40).map(|n| format!("{n}\n")).collect();
        let new = old
            .replace("\n5\n", "\nfive\n")
            .replace("\n35\n", "\nthirty-five\n");
        let text = plain(&old, &new);
        assert!(text.contains("\n@@ -2,7 +2,7 @@\n"), "{text}");
        assert!(text.contains("\n@@ -32,7 +32,7 @@\n"), "{text}");
        assert!(!text.contains(" 20\n"), "{text}");
    }

    #[test]
    fn long_diffs_are_cut_and_counted() {
        let old: String = (0..100).map(|n| format!("{n}\n")).collect();
        let new: String = (0..100).map(|n| format!("x{n}\n")).collect();
        let text = plain(&old, &new);
        assert!(text.starts_with("200 lines changed (100 removed, 100 added)"));
        assert!(text.ends_with("... and 141 more lines of diff"), "{text}");
    }

    #[test]
    fn colour_marks_hunks_and_sides_only_when_asked() {
        let text = report(Path::new("a.rs"), "x\n", "y\n", Style::new(true));
        assert!(text.contains("\x1b[31m-x\x1b[0m"), "{text:?}");
        assert!(text.contains("\x1b[32m+y\x1b[0m"), "{text:?}");
        assert!(text.contains("\x1b[36m@@ -1 +1 @@\x1b[0m"), "{text:?}");
        assert!(!plain("x\n", "y\n").contains('\x1b'));
    }

    #[test]
    fn control_characters_in_lines_are_escaped() {
        let text = plain("// \u{1b}]0;title\u{7}\n", "// fine\n");
        assert!(text.contains("-// \\u{1b}]0;title\\u{7}"), "{text}");
    }
}
