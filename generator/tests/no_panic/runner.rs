//! Running one input in this process, or in a child process when it is of a kind that once
//! overflowed the stack.

use std::collections::HashSet;
use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::case::Case;
use crate::generator::{run_generator, Failure};
use crate::seeds::is_v31;
use crate::shrink::excerpt;

/// Whether a component schema reaches itself through `allOf` alone (`A: {allOf: [$ref A, ..]}`
/// or through other schemas): such inputs run in a child process, as they once overflowed the
/// stack. In a 3.1 document the loader writes more of them: a `$ref` with sibling keywords
/// becomes `allOf: [{$ref}]` beside them, and `$recursiveRef`/`$dynamicRef` a `$ref` to the
/// component they are in.
pub(crate) fn has_all_of_cycle(doc: &Value) -> bool {
    fn push_name(reference: &str, out: &mut Vec<String>) {
        if let Some(name) = reference.strip_prefix("#/components/schemas/") {
            out.push(name.replace("~1", "/").replace("~0", "~"));
        }
    }
    fn refs_in(schema: &Value, own: &str, v31: bool, out: &mut Vec<String>) {
        let Some(map) = schema.as_object() else {
            return;
        };
        if v31 {
            if let Some(reference) = map.get("$ref").and_then(Value::as_str) {
                if map.keys().any(|key| key != "$ref" && key != "$comment") {
                    push_name(reference, out);
                }
            }
            if ["$recursiveRef", "$dynamicRef"]
                .iter()
                .any(|keyword| map.get(*keyword).is_some_and(Value::is_string))
            {
                out.push(own.to_owned());
            }
        }
        for part in map
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            match part.get("$ref").and_then(Value::as_str) {
                Some(reference) => {
                    push_name(reference, out);
                    if v31 {
                        refs_in(part, own, v31, out);
                    }
                }
                None => refs_in(part, own, v31, out),
            }
        }
    }
    let v31 = is_v31(doc);
    let Some(schemas) = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    else {
        return false;
    };
    schemas.keys().any(|start| {
        let mut seen = HashSet::new();
        let mut todo = Vec::new();
        refs_in(&schemas[start], start, v31, &mut todo);
        while let Some(name) = todo.pop() {
            if name == *start {
                return true;
            }
            if seen.insert(name.clone()) {
                if let Some(schema) = schemas.get(&name) {
                    refs_in(schema, &name, v31, &mut todo);
                }
            }
        }
        false
    })
}

/// Runs one input: in this process, or in a child process when the input is of the kind that
/// once overflowed the stack (a stack overflow aborts the whole process, and a hung thread
/// cannot be stopped), so the run goes on and reports an overflow or a timeout there like any
/// other failure.
pub(crate) struct Runner<'a> {
    pub(crate) out_dir: &'a Path,
    pub(crate) tag: String,
    pub(crate) timeout: Duration,
}

impl Runner<'_> {
    pub(crate) fn run(&self, input: &Case) -> Result<&'static str, Failure> {
        let parsed;
        let doc = match &input.doc {
            Some(doc) => Some(doc),
            None => {
                parsed = if input.json {
                    serde_json::from_str::<Value>(&input.text).ok()
                } else {
                    yaml_serde::from_str::<Value>(&input.text).ok()
                };
                parsed.as_ref()
            }
        };
        // Deeply nested inputs need no child process any more: the loader checks each schema
        // once before the typed parse, in time linear in the document, and refuses documents
        // nested deeper than its limit, so they run here and the watchdog reports a slow one.
        if doc.is_some_and(has_all_of_cycle) {
            self.run_child(input, "allOf cycle")
        } else {
            run_generator(&input.file_name(), &input.text)
        }
    }

    fn run_child(&self, input: &Case, risk: &str) -> Result<&'static str, Failure> {
        use std::process::{Command, Stdio};
        let base = self.out_dir.join(format!("child-{}", self.tag));
        let spec = base.with_extension(input.ext());
        let result = base.with_extension("result");
        let stderr = base.with_extension("stderr");
        std::fs::write(&spec, &input.text).expect("write the child's input");
        let _ = std::fs::remove_file(&result);
        let exe = std::env::current_exe().expect("the test executable");
        let mut child = Command::new(exe)
            .args(["mutated_specs_never_panic", "--exact", "--test-threads=1"])
            .env("OAGEN_FUZZ_REPLAY", &spec)
            .env("OAGEN_FUZZ_RESULT", &result)
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&stderr).expect("create the child's stderr"))
            .spawn()
            .expect("start a child process");
        let started = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().expect("wait for the child") {
                break status;
            }
            if started.elapsed() > self.timeout {
                let _ = child.kill();
                let _ = child.wait();
                return Err(Failure {
                    signature: format!("timeout ({risk})"),
                    detail: format!(
                        "the generator ran for over {} s (in a child process) on an input with \
                         {risk}",
                        self.timeout.as_secs()
                    ),
                });
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        match std::fs::read_to_string(&result) {
            Ok(text) => match text.split_once('\n') {
                Some(("FAILURE", rest)) => {
                    let (signature, detail) = rest.split_once('\n').unwrap_or((rest, ""));
                    Err(Failure {
                        signature: signature.to_owned(),
                        detail: detail.to_owned(),
                    })
                }
                _ => Ok(OUTCOMES
                    .iter()
                    .find(|kind| **kind == text)
                    .copied()
                    .unwrap_or("ok")),
            },
            Err(_) => {
                let output = std::fs::read_to_string(&stderr).unwrap_or_default();
                let what = if output.contains("overflowed its stack") {
                    "stack overflow".to_owned()
                } else {
                    format!("the process died ({status})")
                };
                Err(Failure {
                    signature: format!("{what} ({risk})"),
                    detail: format!(
                        "in a child process: {status}\n{}",
                        excerpt(output.trim(), 10, 1000)
                    ),
                })
            }
        }
    }
}

pub(crate) const OUTCOMES: &[&str] = &["ok", "err-syntax", "err-invalid", "err-spec", "err-other"];
