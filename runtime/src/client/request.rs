//! `Request`: one request as generated code assembles it, before it is sent.

use std::borrow::Cow;
use std::fmt;

use reqwest::header::{HeaderMap, HeaderValue, CONTENT_TYPE};
use reqwest::Method;
use serde::Serialize;

use super::error::Error;
use super::form::FormStyle;
use crate::style::{self, Shape, Style};
use crate::validate::ValidationError;

/// One request, ready to send.
pub struct Request {
    pub(super) method: Method,
    pub(super) path: String,
    /// Query text, each piece encoded already (`name=value`, or several joined by `&`).
    pub(super) query: Vec<String>,
    pub(super) headers: Vec<(&'static str, String)>,
    /// `name=value` cookies, encoded already.
    pub(super) cookies: Vec<String>,
    pub(super) body: Option<Body>,
}

/// A request body, encoded as the operation's media type says.
pub(super) enum Body {
    /// Bytes with their content type (JSON, form, text or binary).
    Encoded {
        content_type: Cow<'static, str>,
        bytes: Vec<u8>,
    },
    /// `multipart/form-data` parts: name, content, and the content type the spec's `encoding`
    /// gives the part (reqwest's default, when `None`).
    Multipart(Vec<(&'static str, Part, Option<&'static str>)>),
}

impl Body {
    fn len(&self) -> usize {
        match self {
            Body::Encoded { bytes, .. } => bytes.len(),
            Body::Multipart(parts) => parts.len(),
        }
    }
}

/// One `multipart/form-data` part.
pub enum Part {
    /// A text field.
    Text(String),
    /// A file field.
    Bytes(Vec<u8>),
}

impl fmt::Debug for Request {
    /// Shows method, path, query and header names only: header values may be secrets.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let header_names: Vec<&str> = self.headers.iter().map(|(name, _)| *name).collect();
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("headers", &header_names)
            .field(
                "cookies",
                &self
                    .cookies
                    .iter()
                    .map(|pair| pair.split('=').next().unwrap_or_default())
                    .collect::<Vec<_>>(),
            )
            .field("body_len", &self.body.as_ref().map(Body::len))
            .finish()
    }
}

impl Request {
    /// A request for `path` (already encoded, starting with `/`).
    pub fn new(method: Method, path: String) -> Self {
        Request {
            method,
            path,
            query: Vec::new(),
            headers: Vec::new(),
            cookies: Vec::new(),
            body: None,
        }
    }

    /// Adds a cookie parameter; its value is percent-encoded (`;`, `,`, spaces and quotes cannot end it).
    pub fn cookie(&mut self, name: &'static str, value: impl ToString) {
        self.cookies
            .push(format!("{name}={}", cookie_value(&value.to_string())));
    }

    /// Adds a cookie parameter of any shape, `form` style: see [`crate::style::cookie_pairs`].
    pub fn cookie_styled(&mut self, name: &'static str, value: &Shape, explode: bool) {
        self.cookies
            .extend(style::cookie_pairs(name, value, explode));
    }

    /// Sets an `application/x-www-form-urlencoded` body: nested values in bracket notation,
    /// except the properties `styles` names (see [`FormStyle`]).
    pub fn form<T: Serialize + ?Sized, E>(
        &mut self,
        body: &T,
        styles: &[(&str, FormStyle)],
    ) -> Result<(), Error<E>> {
        let value =
            serde_json::to_value(body).map_err(|error| Error::Serialize(error.to_string()))?;
        let encoded = super::form::encode(&value, styles).map_err(Error::Serialize)?;
        self.body = Some(Body::Encoded {
            content_type: Cow::Borrowed("application/x-www-form-urlencoded"),
            bytes: encoded.into_bytes(),
        });
        Ok(())
    }

    /// Sets a text or binary body with its media type.
    pub fn bytes(&mut self, content_type: &str, bytes: impl Into<Vec<u8>>) {
        self.body = Some(Body::Encoded {
            content_type: Cow::Owned(content_type.to_owned()),
            bytes: bytes.into(),
        });
    }

    /// Adds a `multipart/form-data` part.
    pub fn part(&mut self, name: &'static str, part: Part) {
        self.push_part(name, part, None);
    }

    /// Adds a `multipart/form-data` part with its own `Content-Type` (from the spec's
    /// `encoding` object).
    pub fn part_typed(&mut self, name: &'static str, part: Part, content_type: &'static str) {
        self.push_part(name, part, Some(content_type));
    }

    fn push_part(&mut self, name: &'static str, part: Part, content_type: Option<&'static str>) {
        match &mut self.body {
            Some(Body::Multipart(parts)) => parts.push((name, part, content_type)),
            _ => self.body = Some(Body::Multipart(vec![(name, part, content_type)])),
        }
    }

    /// Adds a multipart text part holding any value, with its own `Content-Type`.
    pub fn part_value_typed<T: Serialize + ?Sized, E>(
        &mut self,
        name: &'static str,
        value: &T,
        content_type: &'static str,
    ) -> Result<(), Error<E>> {
        let text = text_of(value).map_err(|error| Error::Serialize(error.to_string()))?;
        self.part_typed(name, Part::Text(text), content_type);
        Ok(())
    }

    /// Adds a multipart text part holding any value: strings as they are, others as JSON.
    pub fn part_value<T: Serialize + ?Sized, E>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), Error<E>> {
        let text = text_of(value).map_err(|error| Error::Serialize(error.to_string()))?;
        self.part(name, Part::Text(text));
        Ok(())
    }

    /// Adds a query pair, `form` style: everything in name and value but RFC 3986 unreserved
    /// characters is percent-encoded.
    pub fn query(&mut self, name: &'static str, value: impl ToString) {
        let value = Shape::Scalar(value.to_string());
        self.query_styled(name, &value, Style::Form, true, false);
    }

    /// Adds a query parameter of any shape as `style`, `explode` and `allowReserved` say.
    pub fn query_styled(
        &mut self,
        name: &'static str,
        value: &Shape,
        style: Style,
        explode: bool,
        allow_reserved: bool,
    ) {
        let text = style::query_text(name, value, style, explode, allow_reserved);
        if !text.is_empty() {
            self.query.push(text);
        }
    }

    /// Adds a header parameter.
    pub fn header(&mut self, name: &'static str, value: impl ToString) {
        self.headers.push((name, value.to_string()));
    }

    /// Adds a header parameter of any shape, `simple` style.
    pub fn header_styled(&mut self, name: &'static str, value: &Shape, explode: bool) {
        self.headers
            .push((name, style::header_text(value, explode)));
    }

    /// Sets a JSON body.
    pub fn json<T: Serialize + ?Sized, E>(&mut self, body: &T) -> Result<(), Error<E>> {
        let bytes =
            serde_json::to_vec(body).map_err(|error| Error::Serialize(error.to_string()))?;
        self.body = Some(Body::Encoded {
            content_type: Cow::Borrowed("application/json"),
            bytes,
        });
        Ok(())
    }

    // Optional parameters: generated methods pass an `Option` straight through instead of
    // spelling out an `if let` per parameter.
    /// Adds the query pair when `value` is `Some`.
    pub fn query_opt(&mut self, name: &'static str, value: Option<impl ToString>) {
        if let Some(value) = value {
            self.query(name, value);
        }
    }

    /// Adds the header when `value` is `Some`.
    pub fn header_opt(&mut self, name: &'static str, value: Option<impl ToString>) {
        if let Some(value) = value {
            self.header(name, value);
        }
    }

    /// Adds the cookie when `value` is `Some`.
    pub fn cookie_opt(&mut self, name: &'static str, value: Option<impl ToString>) {
        if let Some(value) = value {
            self.cookie(name, value);
        }
    }
}

/// The encoded body (with its `Content-Type` put in `headers`) or the multipart form.
#[allow(clippy::type_complexity)]
pub(super) fn encode_body<E>(
    body: Option<Body>,
    headers: &mut HeaderMap,
) -> Result<(Option<Vec<u8>>, Option<reqwest::multipart::Form>), Error<E>> {
    Ok(match body {
        Some(Body::Encoded {
            content_type,
            bytes,
        }) => {
            let content_type = match content_type {
                Cow::Borrowed(known) => HeaderValue::from_static(known),
                Cow::Owned(given) => HeaderValue::try_from(given)
                    .map_err(|_| Error::Validation(header_violation("Content-Type")))?,
            };
            headers.insert(CONTENT_TYPE, content_type);
            (Some(bytes), None)
        }
        Some(Body::Multipart(parts)) => {
            let mut form = reqwest::multipart::Form::new();
            for (name, part, content_type) in parts {
                let part = match part {
                    Part::Text(text) => reqwest::multipart::Part::text(text),
                    Part::Bytes(bytes) => reqwest::multipart::Part::bytes(bytes).file_name(name),
                };
                let part = match content_type {
                    Some(content_type) => part.mime_str(content_type).map_err(|_| {
                        Error::Serialize(format!(
                            "part `{name}`: `{content_type}` is not a media type"
                        ))
                    })?,
                    None => part,
                };
                form = form.part(name, part);
            }
            (None, Some(form))
        }
        None => (None, None),
    })
}

/// The validation error of a header value that cannot be sent.
pub(super) fn header_violation(name: &str) -> ValidationError {
    ValidationError {
        violations: vec![crate::validate::Violation {
            field: name.to_owned(),
            rule: "a header value must be visible ASCII".to_owned(),
            found: "a character that cannot be sent in a header".to_owned(),
        }],
    }
}

/// A parameter value as text: strings as they are (so a string-valued union or enum is sent
/// bare), anything else as JSON; empty when it cannot be serialised (a map with non-string keys).
pub fn to_text<T: Serialize + ?Sized>(value: &T) -> String {
    text_of(value).unwrap_or_default()
}

/// The one conversion behind [`to_text`] and [`Request::part_value`], which reports the error.
fn text_of<T: Serialize + ?Sized>(value: &T) -> Result<String, serde_json::Error> {
    Ok(match serde_json::to_value(value)? {
        serde_json::Value::String(text) => text,
        other => other.to_string(),
    })
}

/// Percent-encodes a cookie value (UTF-8): every byte outside RFC 6265 `cookie-octet` (controls,
/// space, `"`, `,`, `;`, `\`, non-ASCII), and `%` itself so the value decodes back unchanged.
/// A value holding `; admin=true` therefore stays one cookie instead of adding another.
pub(crate) fn cookie_value(value: &str) -> String {
    let mut encoded = String::with_capacity(value.len());
    for byte in value.bytes() {
        let octet = matches!(byte, 0x21 | 0x23..=0x2B | 0x2D..=0x3A | 0x3C..=0x5B | 0x5D..=0x7E);
        if octet && byte != b'%' {
            encoded.push(char::from(byte));
        } else {
            encoded.push('%');
            encoded.push(char::from(crate::path::HEX[usize::from(byte >> 4)]));
            encoded.push(char::from(crate::path::HEX[usize::from(byte & 0xf)]));
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::cookie_value;

    #[test]
    fn cookie_values_cannot_end_the_cookie() {
        assert_eq!(cookie_value("s1; admin=true"), "s1%3B%20admin=true");
        assert_eq!(
            cookie_value("a,b\"c\\d%e\u{7f}\n\u{e9}"),
            "a%2Cb%22c%5Cd%25e%7F%0A%C3%A9"
        );
        // Every cookie-octet but `%` is kept as it is.
        assert_eq!(
            cookie_value("Ab9!#$&'()*+-./:<=>?@[]^_`{|}~"),
            "Ab9!#$&'()*+-./:<=>?@[]^_`{|}~"
        );
    }
}
