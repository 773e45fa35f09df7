//! Running the generator on one input, with its panics caught and recorded.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashSet};
use std::panic::{self, AssertUnwindSafe};
use std::sync::{Mutex, Once};

use serde_json::Value;

use crate::case::Case;
use crate::runner::Runner;
use crate::shrink::excerpt;

thread_local! {
    static IN_GENERATOR: Cell<bool> = const { Cell::new(false) };
    static LAST_PANIC: RefCell<Option<PanicReport>> = const { RefCell::new(None) };
}

pub(crate) struct PanicReport {
    pub(crate) location: String,
    pub(crate) message: String,
    pub(crate) frames: Vec<String>,
}

/// Panics inside the generator are recorded (message, location and the generator's own stack
/// frames) instead of printed; any other panic goes to the previous hook.
pub(crate) fn install_panic_hook() {
    static ONCE: Once = Once::new();
    static SEEN_LOCATIONS: Mutex<Option<HashSet<String>>> = Mutex::new(None);
    ONCE.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !IN_GENERATOR.with(Cell::get) {
                previous(info);
                return;
            }
            let location = info.location().map_or_else(
                || "<unknown location>".to_owned(),
                |at| format!("{}:{}:{}", at.file(), at.line(), at.column()),
            );
            let payload = info.payload();
            let message = payload
                .downcast_ref::<&str>()
                .map(|text| (*text).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "<non-string panic payload>".to_owned());
            // Symbolizing a backtrace is slow: only for the first panic at each location.
            let first = SEEN_LOCATIONS
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .get_or_insert_with(HashSet::new)
                .insert(location.clone());
            let frames = if first {
                generator_frames(&std::backtrace::Backtrace::force_capture().to_string())
            } else {
                Vec::new()
            };
            LAST_PANIC.with(|last| {
                *last.borrow_mut() = Some(PanicReport {
                    location,
                    message,
                    frames,
                });
            });
        }));
    });
}

/// The backtrace frames in the generator's own code, innermost first.
pub(crate) fn generator_frames(backtrace: &str) -> Vec<String> {
    let mut frames = Vec::new();
    let mut symbol = "";
    for line in backtrace.lines() {
        let line = line.trim();
        if let Some(at) = line.strip_prefix("at ") {
            if symbol.contains("oagen::") && !at.contains("/rustc/") {
                frames.push(format!("{symbol}  at {at}"));
            }
            symbol = "";
        } else if let Some((_, name)) = line.split_once(": ") {
            symbol = name;
        }
        if frames.len() == 10 {
            break;
        }
    }
    frames
}

/// A panic message with the quoted and numeric parts blanked, so that one bug with different
/// inputs gives one signature.
pub(crate) fn message_shape(message: &str) -> String {
    let mut out = String::new();
    let mut quoted = false;
    for c in message.lines().next().unwrap_or_default().chars().take(120) {
        match c {
            '"' | '`' => {
                quoted = !quoted;
                if quoted {
                    out.push_str("\"..\"");
                }
            }
            _ if quoted => {}
            '0'..='9' => {
                if !out.ends_with('N') {
                    out.push('N');
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// How often each OpenAPI 3.1 construct was read (`Generated::reading`), summed over the cases
/// that generated in this process: what the 3.1 seeds and mutations reach.
pub(crate) static CONSTRUCTS: Mutex<BTreeMap<String, u64>> = Mutex::new(BTreeMap::new());

pub(crate) struct Failure {
    pub(crate) signature: String,
    pub(crate) detail: String,
}

/// `Ok(kind of outcome)` when the generator returned normally with a sound result.
pub(crate) fn run_generator(file: &str, text: &str) -> Result<&'static str, Failure> {
    IN_GENERATOR.with(|flag| flag.set(true));
    let result = panic::catch_unwind(AssertUnwindSafe(|| {
        oagen::Config::new().generate_text(file, text)
    }));
    IN_GENERATOR.with(|flag| flag.set(false));
    match result {
        Err(payload) => {
            let report = LAST_PANIC.with(|last| last.borrow_mut().take());
            let report = report.unwrap_or_else(|| PanicReport {
                location: "<unknown location>".to_owned(),
                message: payload
                    .downcast_ref::<&str>()
                    .map(|text| (*text).to_owned())
                    .or_else(|| payload.downcast_ref::<String>().cloned())
                    .unwrap_or_default(),
                frames: Vec::new(),
            });
            let mut detail = format!("panicked at {}:\n  {}", report.location, report.message);
            if !report.frames.is_empty() {
                detail.push_str("\n  generator frames:");
                for frame in &report.frames {
                    detail.push_str("\n    ");
                    detail.push_str(frame);
                }
            }
            Err(Failure {
                signature: format!(
                    "panic at {}: {}",
                    report.location,
                    message_shape(&report.message)
                ),
                detail,
            })
        }
        Ok(Ok(generated)) => match syn::parse_file(&generated.code) {
            Ok(_) => {
                if !generated.reading.interpreted.is_empty() {
                    let mut constructs = CONSTRUCTS.lock().unwrap_or_else(|e| e.into_inner());
                    for construct in generated.reading.interpreted.keys() {
                        *constructs.entry(construct.clone()).or_default() += 1;
                    }
                }
                Ok("ok")
            }
            Err(error) => Err(Failure {
                signature: format!("Ok, but the generated code does not parse: {error}"),
                detail: match control_character_line(&generated.code) {
                    Some(line) => format!(
                        "syn::parse_file: {error}\n  first line with a control character: {line}"
                    ),
                    None => format!(
                        "syn::parse_file: {error}\n  generated code (start):\n{}",
                        excerpt(&generated.code, 30, 2000)
                    ),
                },
            }),
        },
        Ok(Err(error)) => {
            if matches!(error, oagen::Error::Emit { .. }) {
                let message = error.to_string();
                let short = message
                    .split_once("internal error: ")
                    .map_or(message.as_str(), |(_, rest)| rest);
                return Err(Failure {
                    signature: format!("Error::Emit: {short}"),
                    detail: message.clone(),
                });
            }
            Ok(if matches!(error, oagen::Error::Syntax { .. }) {
                "err-syntax"
            } else if matches!(error, oagen::Error::Invalid { .. }) {
                "err-invalid"
            } else if matches!(error, oagen::Error::Spec { .. }) {
                "err-spec"
            } else {
                "err-other"
            })
        }
    }
}

/// A lexing error has no position; a control character (a bare CR in a doc comment, say) is
/// the usual cause, so name the first line that has one.
pub(crate) fn control_character_line(code: &str) -> Option<String> {
    code.lines()
        .enumerate()
        .find(|(_, line)| line.chars().any(|c| c.is_control() && c != '\t'))
        .map(|(index, line)| format!("line {}: {line:?}", index + 1))
}

pub(crate) fn signature_of(
    runner: &Runner,
    like: &Case,
    text: String,
    doc: Option<Value>,
) -> Option<String> {
    let input = Case {
        text,
        doc,
        ..like.clone()
    };
    runner.run(&input).err().map(|failure| failure.signature)
}
