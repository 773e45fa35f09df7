//! `application/x-www-form-urlencoded` bodies, written as form-reading servers (Rack/Rails, PHP,
//! Node's `qs`, `serde_qs`) read them back, nested values included.
//!
//! The body is first serialised to a `serde_json::Value`, then walked. Each top-level property is
//! written as the OpenAPI `encoding` object says ([`FormStyle`]); the default, for nested
//! values, is bracket notation:
//!
//! - an object: `address[line1]=1+Main+St`, to any depth (`a[b][c]=1`);
//! - an array of scalars: `expand[]=customer&expand[]=invoice`. Rack and PHP read `[]` as "append"
//!   and `qs` as an array; Rack would read `expand[0]` as a hash keyed `"0"`, so `[]` is the form
//!   all three agree on;
//! - an array holding objects or arrays: indexed, `items[0][price]=1&items[0][qty]=2`. With `[]`
//!   PHP would start a new element per key and Rack would have to guess where one item ends;
//!   indices are unambiguous for PHP, `qs` and `serde_qs`, and Rails reads them as the
//!   `"0"`-keyed hash its nested-attribute parameters expect (Stripe's API uses the same forms).
//!
//! Names and values are percent-encoded as the WHATWG URL standard's form serializer does (what
//! browsers send): ASCII letters, digits and `*-._` stay, a space becomes `+`, every other byte is
//! `%XX` (brackets in names included: every reader above decodes the name before reading them).
//!
//! A `null` is sent as an empty value (`name=`), the form-API way to clear a field; an absent
//! field is not sent at all. An empty array or object has no pairs to write, so it is left out.

use serde_json::Value;

/// How one top-level property of a form body is written: its OpenAPI `encoding` entry's
/// `style`, `explode` and `contentType`, as the generator decided them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormStyle {
    /// Nested objects and arrays in bracket notation (the default, and `style: deepObject`).
    Brackets,
    /// `style: form`. Exploded: an array as one pair per item (`a=1&a=2`), an object as one
    /// pair per member (`r=1&g=2`). Not exploded: one comma list (`a=1,2`, `color=r,1,g,2`).
    Form {
        /// `explode`.
        explode: bool,
    },
    /// `style: spaceDelimited` (`' '`) or `pipeDelimited` (`'|'`): an array as one list joined by
    /// the separator.
    Delimited(char),
    /// `contentType: application/json`: the value as JSON text in one pair.
    Json,
}

/// The encoded body. `styles` names the properties not written in the default bracket notation.
/// An error when the body is not an object: a form has no place for a bare value.
pub(super) fn encode(body: &Value, styles: &[(&str, FormStyle)]) -> Result<String, String> {
    let Value::Object(members) = body else {
        return Err(format!(
            "a form body must be an object, not {}",
            kind_of(body)
        ));
    };
    let mut out = Pairs(String::new());
    for (name, value) in members {
        let style = styles
            .iter()
            .find(|(styled, _)| styled == name)
            .map_or(FormStyle::Brackets, |(_, style)| *style);
        match style {
            FormStyle::Brackets => out.nested(name, value),
            FormStyle::Json => out.pair(name, &value.to_string()),
            FormStyle::Form { explode: true } => out.exploded(name, value),
            FormStyle::Form { explode: false } => out.listed(name, value, ','),
            FormStyle::Delimited(separator) => out.listed(name, value, separator),
        }
    }
    Ok(out.0)
}

/// The body being written, `&`-separated pairs.
struct Pairs(String);

impl Pairs {
    fn pair(&mut self, name: &str, value: &str) {
        if !self.0.is_empty() {
            self.0.push('&');
        }
        percent_encode(name, &mut self.0);
        self.0.push('=');
        percent_encode(value, &mut self.0);
    }

    /// Bracket notation under `name`, to any depth.
    fn nested(&mut self, name: &str, value: &Value) {
        match value {
            Value::Object(members) => {
                for (key, member) in members {
                    self.nested(&format!("{name}[{key}]"), member);
                }
            }
            Value::Array(items) if items.iter().all(is_scalar) => {
                let name = format!("{name}[]");
                for item in items {
                    self.pair(&name, &scalar_text(item));
                }
            }
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    self.nested(&format!("{name}[{index}]"), item);
                }
            }
            scalar => self.pair(name, &scalar_text(scalar)),
        }
    }

    /// `style: form, explode: true`. Values nested below the first level have no form of their
    /// own in this style; they are written as JSON text.
    fn exploded(&mut self, name: &str, value: &Value) {
        match value {
            Value::Array(items) => {
                for item in items {
                    self.pair(name, &item_text(item));
                }
            }
            Value::Object(members) => {
                for (key, member) in members {
                    self.pair(key, &item_text(member));
                }
            }
            scalar => self.pair(name, &scalar_text(scalar)),
        }
    }

    /// One pair whose value lists the items (or members' names and values) with `separator`.
    fn listed(&mut self, name: &str, value: &Value, separator: char) {
        let texts: Vec<String> = match value {
            Value::Array(items) => items.iter().map(item_text).collect(),
            Value::Object(members) => members
                .iter()
                .flat_map(|(key, member)| [key.clone(), item_text(member)])
                .collect(),
            scalar => vec![scalar_text(scalar)],
        };
        if !texts.is_empty() {
            self.pair(name, &texts.join(separator.encode_utf8(&mut [0; 4])));
        }
    }
}

fn is_scalar(value: &Value) -> bool {
    !matches!(value, Value::Array(_) | Value::Object(_))
}

/// A scalar's text: strings as they are, `null` as nothing.
fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// An item of a flat list: a scalar's text, a nested value's JSON text.
fn item_text(value: &Value) -> String {
    if is_scalar(value) {
        scalar_text(value)
    } else {
        value.to_string()
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The WHATWG `application/x-www-form-urlencoded` byte serializer.
fn percent_encode(text: &str, out: &mut String) {
    for byte in text.bytes() {
        match byte {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => {
                out.push(char::from(byte));
            }
            b' ' => out.push('+'),
            _ => {
                out.push('%');
                out.push(char::from(crate::path::HEX[usize::from(byte >> 4)]));
                out.push(char::from(crate::path::HEX[usize::from(byte & 0xf)]));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{encode, FormStyle};
    use serde_json::json;

    #[test]
    fn nested_values_use_brackets() {
        let body = json!({
            "amount": 2000,
            "expand": ["customer", "invoice"],
            "items": [{"price": "p_1", "qty": 2}],
            "metadata": {"order_id": "6735"},
            "shipping": {"address": {"line1": "1 Main St"}},
        });
        // Names in order: serde_json keeps members sorted, or in insertion order when another
        // crate in the build turns on `preserve_order`.
        assert_eq!(
            encode(&body, &[]).unwrap(),
            "amount=2000&expand%5B%5D=customer&expand%5B%5D=invoice\
             &items%5B0%5D%5Bprice%5D=p_1&items%5B0%5D%5Bqty%5D=2\
             &metadata%5Border_id%5D=6735&shipping%5Baddress%5D%5Bline1%5D=1+Main+St"
        );
    }

    #[test]
    fn styles_from_the_encoding_object() {
        let body = json!({
            "a": [1, 2],
            "b": [1, 2],
            "c": {"g": 2, "r": 1},
            "d": ["x y", "z"],
            "e": {"k": [true]},
            "f": {"k": "v"},
            "g": null,
        });
        let styles = [
            ("a", FormStyle::Form { explode: true }),
            ("b", FormStyle::Form { explode: false }),
            ("c", FormStyle::Form { explode: true }),
            ("d", FormStyle::Delimited('|')),
            ("e", FormStyle::Json),
            ("f", FormStyle::Form { explode: false }),
        ];
        assert_eq!(
            encode(&body, &styles).unwrap(),
            "a=1&a=2&b=1%2C2&g=2&r=1&d=x+y%7Cz&e=%7B%22k%22%3A%5Btrue%5D%7D&f=k%2Cv&g="
        );
    }

    #[test]
    fn bytes_outside_the_safe_set_are_escaped() {
        let body = json!({"q": "a&b=c+d%é*-._~"});
        assert_eq!(
            encode(&body, &[]).unwrap(),
            "q=a%26b%3Dc%2Bd%25%C3%A9*-._%7E"
        );
    }

    #[test]
    fn a_bare_value_is_refused() {
        assert!(encode(&json!([1]), &[]).unwrap_err().contains("an array"));
        assert_eq!(encode(&json!({"empty": [], "none": {}}), &[]).unwrap(), "");
    }
}
