//! Optional parameters: generated methods pass an `Option` straight through instead of
//! spelling out an `if let` per parameter.

use crate::client::Request;

impl Request {
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
