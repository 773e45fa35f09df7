//! A line diff for `check`: how many lines changed, and the first few of them with line numbers.

/// One line that differs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change<'a> {
    /// In the checked-in file (1-based line there) but not in the fresh output.
    Removed(usize, &'a str),
    /// In the fresh output (1-based line there) but not in the checked-in file.
    Added(usize, &'a str),
}

/// Above this many cells the middle section is reported as replaced whole rather than aligned
/// (aligning costs time and memory proportional to the product of the two lengths).
const MAX_ALIGNED_CELLS: usize = 16_000_000;

/// The changes that turn `old` into `new`, in file order: common leading and trailing lines are
/// set aside, and the rest is aligned by longest common subsequence.
pub fn diff<'a>(old: &'a str, new: &'a str) -> Vec<Change<'a>> {
    let old: Vec<&str> = old.lines().collect();
    let new: Vec<&str> = new.lines().collect();
    let prefix = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
    let suffix = old[prefix..]
        .iter()
        .rev()
        .zip(new[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let a = &old[prefix..old.len() - suffix];
    let b = &new[prefix..new.len() - suffix];
    let mut changes = Vec::new();
    if a.len().saturating_mul(b.len()) > MAX_ALIGNED_CELLS {
        changes.extend(
            a.iter()
                .enumerate()
                .map(|(i, line)| Change::Removed(prefix + i + 1, line)),
        );
        changes.extend(
            b.iter()
                .enumerate()
                .map(|(j, line)| Change::Added(prefix + j + 1, line)),
        );
        return changes;
    }
    // lengths[i][j]: the longest common subsequence of a[i..] and b[j..].
    let width = b.len() + 1;
    let mut lengths = vec![0u32; (a.len() + 1) * width];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lengths[i * width + j] = if a[i] == b[j] {
                lengths[(i + 1) * width + j + 1] + 1
            } else {
                lengths[(i + 1) * width + j].max(lengths[i * width + j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            i += 1;
            j += 1;
        } else if j == b.len()
            || (i < a.len() && lengths[(i + 1) * width + j] >= lengths[i * width + j + 1])
        {
            changes.push(Change::Removed(prefix + i + 1, a[i]));
            i += 1;
        } else {
            changes.push(Change::Added(prefix + j + 1, b[j]));
            j += 1;
        }
    }
    changes
}

/// `N lines removed, M added`, then up to `shown` changes as `-  12 | text` / `+  12 | text`.
pub fn summary(changes: &[Change<'_>], shown: usize) -> String {
    let removed = changes
        .iter()
        .filter(|change| matches!(change, Change::Removed(..)))
        .count();
    let added = changes.len() - removed;
    let mut out = format!(
        "{} line{} changed ({removed} removed, {added} added)",
        changes.len(),
        if changes.len() == 1 { "" } else { "s" }
    );
    for change in changes.iter().take(shown) {
        let (sign, line, text) = match change {
            Change::Removed(line, text) => ('-', line, text),
            Change::Added(line, text) => ('+', line, text),
        };
        let text: String = if text.chars().count() > 100 {
            text.chars().take(100).chain("…".chars()).collect()
        } else {
            (*text).to_owned()
        };
        // The lines are the files' (and the spec's): nothing in them may drive the terminal.
        let text = oagen::text::escape_controls(&text);
        out.push_str(&format!("\n  {sign} {line:>5} | {text}"));
    }
    if changes.len() > shown {
        out.push_str(&format!("\n  ... and {} more", changes.len() - shown));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_text_has_no_changes() {
        assert!(diff("a\nb\n", "a\nb\n").is_empty());
    }

    #[test]
    fn changes_carry_their_own_line_numbers() {
        let old = "a\nb\nc\nd\n";
        let new = "a\nB\nc\nd\ne\n";
        assert_eq!(
            diff(old, new),
            [
                Change::Removed(2, "b"),
                Change::Added(2, "B"),
                Change::Added(5, "e")
            ]
        );
    }

    #[test]
    fn summary_counts_and_truncates() {
        let changes = diff("1\n2\n3\n", "x\ny\nz\n");
        let text = summary(&changes, 2);
        assert!(
            text.starts_with("6 lines changed (3 removed, 3 added)"),
            "{text}"
        );
        assert!(text.contains("-     1 | 1"), "{text}");
        assert!(text.ends_with("... and 4 more"), "{text}");
    }
}
