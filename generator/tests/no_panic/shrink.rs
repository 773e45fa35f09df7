//! Reporting a failure and shrinking its input.

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::case::{serialize, Case};
use crate::doc::{collect_nodes, remove_at};
use crate::drive::{Found, Settings};
use crate::generator::signature_of;
use crate::runner::Runner;

/// Time spent shrinking each distinct failure.
const SHRINK_BUDGET: Duration = Duration::from_secs(20);

pub(crate) fn describe_failure(
    number: usize,
    signature: &str,
    found: &Found,
    out_dir: &Path,
    settings: &Settings,
) -> String {
    let input = &found.input;
    let ext = input.ext();
    let original = out_dir.join(format!("failure-{number}.{ext}"));
    let _ = std::fs::write(&original, &input.text);
    let runner = Runner {
        out_dir,
        tag: format!("shrink-{number}"),
        timeout: settings.child_timeout,
    };
    let minimized = shrink(&runner, input, signature);
    let minimized_path = out_dir.join(format!("failure-{number}-min.{ext}"));
    let _ = std::fs::write(&minimized_path, &minimized);
    format!(
        "\n#{number}: {signature}\n  seen {} time(s); first in case {} (seed spec {}, as {ext}; \
         mutations: {})\n  {}\n  input: {}\n  shrunk input ({} bytes): {}\n{}\n",
        found.count,
        found.case,
        input.seed,
        if input.how.is_empty() {
            "none"
        } else {
            &input.how
        },
        found.detail.replace('\n', "\n  "),
        original.display(),
        minimized.len(),
        minimized_path.display(),
        indent(&excerpt(&minimized, 60, 4000)),
    )
}

pub(crate) fn shrink(runner: &Runner, input: &Case, signature: &str) -> String {
    let deadline = Instant::now() + SHRINK_BUDGET;
    match &input.doc {
        Some(doc) => {
            let doc = shrink_doc(runner, input, doc.clone(), signature, deadline);
            serialize(&doc, input.json, true)
        }
        None => {
            // Text that still parses shrinks better as a document, if the failure stays.
            let parsed = if input.json {
                serde_json::from_str::<Value>(&input.text).ok()
            } else {
                yaml_serde::from_str::<Value>(&input.text).ok()
            };
            if let Some(doc) = parsed {
                let text = serialize(&doc, input.json, true);
                if signature_of(runner, input, text, Some(doc.clone())).as_deref()
                    == Some(signature)
                {
                    let doc = shrink_doc(runner, input, doc, signature, deadline);
                    return serialize(&doc, input.json, true);
                }
            }
            shrink_lines(runner, input, signature, deadline)
        }
    }
}

/// Removes subtrees, outermost first, while the same failure still shows.
pub(crate) fn shrink_doc(
    runner: &Runner,
    input: &Case,
    mut doc: Value,
    signature: &str,
    deadline: Instant,
) -> Value {
    let fails = |doc: &Value| {
        let text = serialize(doc, input.json, true);
        signature_of(runner, input, text, Some(doc.clone())).as_deref() == Some(signature)
    };
    if !fails(&doc) {
        return doc;
    }
    loop {
        let mut changed = false;
        let mut index = 1; // 0 is the root
        loop {
            if Instant::now() > deadline {
                return doc;
            }
            let nodes = collect_nodes(&doc);
            let Some(node) = nodes.get(index) else {
                break;
            };
            let mut candidate = doc.clone();
            remove_at(&mut candidate, &node.path);
            if fails(&candidate) {
                doc = candidate;
                changed = true;
            } else {
                index += 1;
            }
        }
        if !changed {
            return doc;
        }
    }
}

/// Removes runs of lines, longest first, while the same failure still shows.
pub(crate) fn shrink_lines(
    runner: &Runner,
    input: &Case,
    signature: &str,
    deadline: Instant,
) -> String {
    let mut lines: Vec<&str> = input.text.split_inclusive('\n').collect();
    let mut chunk = lines.len().div_ceil(2).max(1);
    loop {
        let mut start = 0;
        while start < lines.len() {
            if Instant::now() > deadline {
                return lines.concat();
            }
            let end = (start + chunk).min(lines.len());
            let candidate: String = lines[..start].concat() + &lines[end..].concat();
            if signature_of(runner, input, candidate, None).as_deref() == Some(signature) {
                lines.drain(start..end);
            } else {
                start = end;
            }
        }
        if chunk == 1 {
            return lines.concat();
        }
        chunk = chunk.div_ceil(2);
    }
}

pub(crate) fn excerpt(text: &str, max_lines: usize, max_chars: usize) -> String {
    let mut out = String::new();
    for (count, line) in text.lines().enumerate() {
        if count == max_lines || out.len() > max_chars {
            out.push_str("... (cut)\n");
            break;
        }
        if line.chars().count() > 200 {
            out.extend(line.chars().take(200));
            out.push_str(" ... (line cut)");
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

pub(crate) fn indent(text: &str) -> String {
    text.lines().map(|line| format!("    | {line}\n")).collect()
}
