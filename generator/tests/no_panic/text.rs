//! Text mutations: truncation, bit flips, splices of punctuation and random characters, YAML
//! anchors and aliases, re-indentation.

use crate::rng::Rng;

pub(crate) const TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ":",
    ": ",
    ",",
    "-",
    "- ",
    "? ",
    "#",
    "|",
    ">",
    "&a",
    "*a",
    "!",
    "!!str ",
    "!!binary ",
    "!Tag ",
    "<<: *a",
    "---\n",
    "...\n",
    "%YAML 1.2\n",
    "\t",
    "\"",
    "'",
    "\\",
    "\\u0000",
    "\\ud800",
    "\\uDFFF",
    "1e999",
    "-0",
    "0x1F",
    ".inf",
    ".nan",
    "~",
    "null",
    "yes",
    "no",
    "on",
    "2001-12-14t21:59:43.10-05:00",
    "$ref",
    "\u{feff}",
    "\u{0}",
    "\r",
    "\r\n",
    "🦀",
    "é",
    "\u{fffd}",
    "  ",
    "\n",
    "\n  ",
    "openapi",
    "3.0.3",
    "3.1.0",
    "2.0",
    "type",
    "items",
    "allOf",
    "properties",
    "required",
    "nullable",
    "enum",
    "3.1.1",
    "const",
    "$defs",
    "prefixItems",
    "webhooks",
    "pathItems",
    "$dynamicRef",
    "[string, \"null\"]",
];

pub(crate) fn mutate_text(text: &mut String, json: bool, rng: &mut Rng, how: &mut Vec<String>) {
    let mut bytes = std::mem::take(text).into_bytes();
    let edits = 1 + rng.below(4);
    for _ in 0..edits {
        let len = bytes.len();
        let at = if len == 0 { 0 } else { rng.below(len + 1) };
        let done = match rng.below(12) {
            0 => {
                bytes.truncate(at);
                format!("truncate at {at}")
            }
            1 | 2 if len > 0 => {
                let at = at.min(len - 1);
                bytes[at] ^= 1 << rng.below(8);
                format!("flip a bit at {at}")
            }
            3 if len > 0 => {
                let at = at.min(len - 1);
                bytes[at] = rng.below(256) as u8;
                format!("random byte at {at}")
            }
            4..=6 => {
                let token = *rng.pick(TOKENS);
                splice(&mut bytes, at, token.as_bytes());
                format!("insert {token:?} at {at}")
            }
            7 => {
                let char = char::from_u32(rng.below(0x3_0000) as u32).unwrap_or('\u{fffd}');
                let mut buffer = [0; 4];
                splice(&mut bytes, at, char.encode_utf8(&mut buffer).as_bytes());
                format!("insert {char:?} at {at}")
            }
            8 if len > 0 => {
                let end = (at + 1 + rng.below(64)).min(len);
                let at = at.min(end);
                bytes.drain(at..end);
                format!("delete {at}..{end}")
            }
            9 if len > 0 => {
                let start = rng.below(len);
                let end = (start + 1 + rng.below(200)).min(len);
                let copy = bytes[start..end].to_vec();
                splice(&mut bytes, at, &copy);
                format!("copy {start}..{end} to {at}")
            }
            10 if !json => reindent(&mut bytes, rng),
            _ => anchor_alias(&mut bytes, rng),
        };
        how.push(done);
    }
    *text = String::from_utf8_lossy(&bytes).into_owned();
}

pub(crate) fn splice(bytes: &mut Vec<u8>, at: usize, insert: &[u8]) {
    let at = at.min(bytes.len());
    bytes.splice(at..at, insert.iter().copied());
}

pub(crate) fn line_starts(bytes: &[u8]) -> Vec<usize> {
    std::iter::once(0)
        .chain(
            bytes
                .iter()
                .enumerate()
                .filter(|(_, b)| **b == b'\n')
                .map(|(i, _)| i + 1),
        )
        .filter(|start| *start < bytes.len())
        .collect()
}

pub(crate) fn reindent(bytes: &mut Vec<u8>, rng: &mut Rng) -> String {
    let starts = line_starts(bytes);
    if starts.is_empty() {
        return "reindent nothing".to_owned();
    }
    let start = *rng.pick(&starts);
    if rng.chance(50) && bytes.get(start) == Some(&b' ') {
        bytes.remove(start);
        format!("dedent line at {start}")
    } else {
        let pad: &[u8] = if rng.chance(20) { b"\t" } else { b"  " };
        splice(bytes, start, pad);
        format!("indent line at {start}")
    }
}

/// A YAML anchor on a line that opens a block (`key: &x`) and an alias to it in place of a
/// scalar elsewhere (`other: *x`), which may lie inside the anchored block itself.
pub(crate) fn anchor_alias(bytes: &mut Vec<u8>, rng: &mut Rng) -> String {
    let lines: Vec<(usize, usize)> = line_starts(bytes)
        .into_iter()
        .map(|start| {
            let end = bytes[start..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(bytes.len(), |p| start + p);
            (start, end)
        })
        .collect();
    let blocks: Vec<usize> = lines
        .iter()
        .filter(|(start, end)| bytes[*start..*end].ends_with(b":"))
        .map(|(_, end)| *end)
        .collect();
    let scalars: Vec<(usize, usize)> = lines
        .iter()
        .filter_map(|(start, end)| {
            let line = &bytes[*start..*end];
            let colon = line.windows(2).position(|w| w == b": ")?;
            Some((start + colon + 2, *end))
        })
        .collect();
    if blocks.is_empty() || scalars.is_empty() {
        return "no place for an anchor".to_owned();
    }
    let anchor = *rng.pick(&blocks);
    let (value_start, value_end) = *rng.pick(&scalars);
    // The later edit first, so the earlier position stays valid.
    if anchor > value_start {
        splice(bytes, anchor, b" &x");
        bytes.splice(value_start..value_end, b"*x".iter().copied());
    } else {
        bytes.splice(value_start..value_end, b"*x".iter().copied());
        splice(bytes, anchor, b" &x");
    }
    format!("anchor at {anchor}, alias at {value_start}")
}
