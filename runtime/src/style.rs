//! Parameter values written as OpenAPI's `style` and `explode` say (the "Style Values" and
//! "Style Examples" tables), for every place a parameter goes.
//!
//! The delimiters a style adds (`,` `.` `;` `=` `&` `|` `[` `]`, and `%20` for
//! `spaceDelimited`) go out as they are; every text of the value (names of object members
//! included) is percent-encoded, so no value can add a pair, a segment or a cookie of its own:
//!
//! - path and query: everything but RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`) is
//!   encoded as UTF-8; with `allowReserved` the reserved set `:/?[]@!$&'()*+,;=` is kept, except
//!   `#`, which would end the query, and `'`, which the WHATWG URL parser reqwest uses encodes
//!   in `http(s)` queries anyway (so what this returns is what is sent);
//! - `label`: `.` is encoded too (`%2E`), because it is the style's delimiter and a value of
//!   `.` would otherwise make a `..` segment;
//! - cookies: what is not an RFC 6265 `cookie-octet` (and `%`) is encoded, as for single values;
//! - headers: texts are sent as they are (HTTP does not percent-decode header values); a value
//!   a header cannot carry is refused when the request is sent.
//!
//! `label` with `explode: false` follows RFC 6570 and OpenAPI 3.1.1 (`.blue,black,brown`), not
//! the 3.0.3 table, whose example there repeats the exploded form.

use crate::path::HEX;
use crate::validate::{ValidationError, Violation};

/// A parameter value by shape, its texts not yet encoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shape {
    /// A string, number, boolean or other single value.
    Scalar(String),
    /// An array's items, in order.
    Array(Vec<String>),
    /// An object's members, in order, as (name, value text).
    Object(Vec<(String, String)>),
}

/// An OpenAPI parameter `style`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `simple` (path, header): `blue,black`.
    Simple,
    /// `label` (path): `.blue,black`, exploded `.blue.black`.
    Label,
    /// `matrix` (path): `;color=blue,black`, exploded `;color=blue;color=black`.
    Matrix,
    /// `form` (query, cookie): `color=blue,black`, exploded `color=blue&color=black`.
    Form,
    /// `spaceDelimited` (query): `color=blue%20black`.
    SpaceDelimited,
    /// `pipeDelimited` (query): `color=blue|black`.
    PipeDelimited,
    /// `deepObject` (query): `color[R]=100&color[G]=200`.
    DeepObject,
}

/// How texts are escaped where the parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Escape {
    /// Unreserved characters only (path, query).
    Unreserved,
    /// Unreserved and reserved characters but `#` and `'` (query with `allowReserved`).
    Reserved,
    /// Unreserved, and `.` encoded (`label`).
    Label,
    /// `cookie-octet`s but `%`.
    Cookie,
    /// Nothing encoded (headers).
    Raw,
}

impl Escape {
    fn apply(self, text: &str) -> String {
        if self == Escape::Raw {
            return text.to_owned();
        }
        let mut out = String::with_capacity(text.len());
        for byte in text.bytes() {
            let unreserved = byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'~');
            let kept = match self {
                Escape::Unreserved => unreserved || byte == b'.',
                Escape::Reserved => {
                    unreserved || byte == b'.' || b":/?[]@!$&()*+,;=".contains(&byte)
                }
                Escape::Label => unreserved,
                Escape::Cookie => {
                    byte != b'%'
                        && matches!(byte, 0x21 | 0x23..=0x2B | 0x2D..=0x3A | 0x3C..=0x5B | 0x5D..=0x7E)
                }
                Escape::Raw => true,
            };
            if kept {
                out.push(char::from(byte));
            } else {
                out.push('%');
                out.push(char::from(HEX[usize::from(byte >> 4)]));
                out.push(char::from(HEX[usize::from(byte & 0xf)]));
            }
        }
        out
    }
}

/// The texts of a value, escaped, with the separator between members of an unexploded object
/// and between its names and values (`R,100,G,200`).
fn flat(value: &Shape, escape: Escape) -> Vec<String> {
    match value {
        Shape::Scalar(text) => vec![escape.apply(text)],
        Shape::Array(items) => items.iter().map(|item| escape.apply(item)).collect(),
        Shape::Object(members) => members
            .iter()
            .flat_map(|(name, text)| [escape.apply(name), escape.apply(text)])
            .collect(),
    }
}

/// `name=value` pairs of an exploded object, escaped.
fn members(members: &[(String, String)], escape: Escape, between: &str) -> Vec<String> {
    members
        .iter()
        .map(|(name, text)| format!("{}{between}{}", escape.apply(name), escape.apply(text)))
        .collect()
}

/// A query parameter as it goes in the query string (pairs joined by `&`); empty when an
/// exploded array or object has nothing to send.
pub fn query_text(
    name: &str,
    value: &Shape,
    style: Style,
    explode: bool,
    allow_reserved: bool,
) -> String {
    let escape = if allow_reserved {
        Escape::Reserved
    } else {
        Escape::Unreserved
    };
    let key = Escape::Unreserved.apply(name);
    match (style, value) {
        (Style::DeepObject, Shape::Object(object)) => object
            .iter()
            .map(|(member, text)| {
                let member = Escape::Unreserved.apply(member);
                format!("{key}[{member}]={}", escape.apply(text))
            })
            .collect::<Vec<_>>()
            .join("&"),
        (_, Shape::Scalar(text)) => format!("{key}={}", escape.apply(text)),
        (_, Shape::Array(items)) if explode => items
            .iter()
            .map(|item| format!("{key}={}", escape.apply(item)))
            .collect::<Vec<_>>()
            .join("&"),
        (_, Shape::Object(object)) if explode => members(object, escape, "=").join("&"),
        _ => {
            let between = match style {
                Style::SpaceDelimited => "%20",
                Style::PipeDelimited => "|",
                _ => ",",
            };
            format!("{key}={}", flat(value, escape).join(between))
        }
    }
}

/// A header parameter's value (`simple`): `blue,black`; objects `R,100,G,200`, exploded
/// `R=100,G=200`.
pub fn header_text(value: &Shape, explode: bool) -> String {
    match value {
        Shape::Object(object) if explode => members(object, Escape::Raw, "=").join(","),
        _ => flat(value, Escape::Raw).join(","),
    }
}

/// A cookie parameter (`form`) as `name=value` pairs for the `Cookie` header, each already
/// encoded: `color=blue,black`; exploded, one cookie per item (`color=blue`, `color=black`) or
/// per member (`R=100`).
pub fn cookie_pairs(name: &str, value: &Shape, explode: bool) -> Vec<String> {
    let key = Escape::Cookie.apply(name);
    match value {
        Shape::Array(items) if explode => items
            .iter()
            .map(|item| format!("{key}={}", Escape::Cookie.apply(item)))
            .collect(),
        Shape::Object(object) if explode => members(object, Escape::Cookie, "="),
        _ => vec![format!("{key}={}", flat(value, Escape::Cookie).join(","))],
    }
}

/// A path parameter's text in its placeholder. A result that is empty, `.` or `..` is refused,
/// as for [`crate::path_segment`]: normalisation would remove the segment.
pub fn path_text(
    name: &str,
    value: &Shape,
    style: Style,
    explode: bool,
) -> Result<String, ValidationError> {
    let text = match style {
        Style::Label => {
            let (between, pairs) = if explode { (".", "=") } else { (",", ",") };
            let texts = match value {
                Shape::Object(object) => members(object, Escape::Label, pairs),
                _ => flat(value, Escape::Label),
            };
            format!(".{}", texts.join(between))
        }
        Style::Matrix => {
            let key = Escape::Unreserved.apply(name);
            match value {
                Shape::Scalar(text) if text.is_empty() => format!(";{key}"),
                Shape::Array(items) if explode => items
                    .iter()
                    .map(|item| format!(";{key}={}", Escape::Unreserved.apply(item)))
                    .collect(),
                Shape::Object(object) if explode => members(object, Escape::Unreserved, "=")
                    .iter()
                    .map(|member| format!(";{member}"))
                    .collect(),
                _ => format!(";{key}={}", flat(value, Escape::Unreserved).join(",")),
            }
        }
        _ => match value {
            Shape::Object(object) if explode => members(object, Escape::Unreserved, "=").join(","),
            _ => flat(value, Escape::Unreserved).join(","),
        },
    };
    if text.is_empty() || text == "." || text == ".." {
        return Err(ValidationError {
            violations: vec![Violation {
                field: name.to_owned(),
                rule:
                    "a path parameter must fill its segment with something other than `.` or `..`"
                        .to_owned(),
                found: format!("`{text}`"),
            }],
        });
    }
    Ok(text)
}

/// Fills `template`'s placeholders, in order, with texts [`path_text`] encoded already.
pub fn fill_path(template: &str, texts: &[String]) -> String {
    let mut path = String::with_capacity(template.len() + 16 * texts.len());
    let mut texts = texts.iter();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|close| open + close) else {
            break;
        };
        path.push_str(&rest[..open]);
        match texts.next() {
            Some(text) => path.push_str(text),
            None => path.push_str(&rest[open..=close]),
        }
        rest = &rest[close + 1..];
    }
    path.push_str(rest);
    path
}

#[cfg(test)]
#[path = "style_tests.rs"]
mod tests;
