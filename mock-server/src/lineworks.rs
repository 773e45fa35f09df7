//! LINE WORKS API 2.0 stand-in: routes, bearer authentication, error bodies and the
//! JSON field checks shared by its operations.

mod profile_statuses;
mod user_statuses;

use std::sync::Arc;

use axum::extract::Request;
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{patch, post, put};
use axum::{Json, Router};
use serde_json::{Map, Value};

use crate::state::Shared;
use crate::LINEWORKS_TOKEN;

/// All status ids the vendor's enum allows (defined in the domain or not).
pub(crate) const PROFILE_STATUS_IDS: [&str; 16] = [
    "BUSY",
    "AWAY",
    "LEAVE_OFFICE",
    "ABSENCE",
    "CUSTOM01",
    "CUSTOM02",
    "CUSTOM03",
    "CUSTOM04",
    "CUSTOM05",
    "CUSTOM06",
    "CUSTOM07",
    "CUSTOM08",
    "CUSTOM09",
    "CUSTOM10",
    "CUSTOM11",
    "CUSTOM12",
];

/// The statuses that exist in every domain and cannot be renamed.
pub(crate) const DEFAULT_STATUS_IDS: [&str; 4] = ["BUSY", "AWAY", "LEAVE_OFFICE", "ABSENCE"];

/// Routes under `/v1.0`, all behind the bearer check.
pub(crate) fn router() -> Router<Arc<Shared>> {
    Router::new()
        .route(
            "/directory/profile-statuses/{profileStatusId}",
            patch(profile_statuses::update),
        )
        .route(
            "/users/{userId}/user-profile-statuses",
            post(user_statuses::add).get(user_statuses::list),
        )
        .route(
            "/users/{userId}/user-profile-statuses/{userProfileStatusId}",
            put(user_statuses::replace),
        )
        // route_layer: unknown paths stay 404 instead of becoming 401.
        .route_layer(axum::middleware::from_fn(require_bearer))
}

/// Lets the request through only with `Authorization: Bearer lw-test-access-token`.
async fn require_bearer(req: Request, next: Next) -> Response {
    let authorised = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        // The scheme name is case-insensitive (RFC 9110); the token is not.
        .is_some_and(|(scheme, token)| {
            scheme.eq_ignore_ascii_case("Bearer") && token == LINEWORKS_TOKEN
        });
    if authorised {
        next.run(req).await
    } else {
        LwError::new(
            StatusCode::UNAUTHORIZED,
            "UNAUTHORIZED",
            "A valid access token is required.",
        )
        .into_response()
    }
}

/// A LINE WORKS error answer. The vendor pages give no error body, so this uses a small
/// `{"code", "description"}` object; clients are expected to treat it as opaque text.
#[derive(Debug)]
pub(crate) struct LwError {
    status: StatusCode,
    code: &'static str,
    description: String,
}

impl LwError {
    pub fn new(status: StatusCode, code: &'static str, description: impl Into<String>) -> Self {
        LwError {
            status,
            code,
            description: description.into(),
        }
    }

    pub fn bad_request(description: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "INVALID_PARAMETER", description)
    }

    pub fn forbidden(description: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "FORBIDDEN", description)
    }

    pub fn not_found(description: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "NOT_FOUND", description)
    }

    pub fn conflict(description: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, "CONFLICT", description)
    }
}

impl IntoResponse for LwError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({ "code": self.code, "description": self.description });
        (self.status, Json(body)).into_response()
    }
}

/// The vendor requires `Content-Type: application/json` on requests with a body.
pub(crate) fn require_json_body(headers: &HeaderMap) -> Result<(), LwError> {
    if crate::has_json_content_type(headers) {
        Ok(())
    } else {
        Err(LwError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "UNSUPPORTED_MEDIA_TYPE",
            "Content-Type must be application/json.",
        ))
    }
}

/// Parses a request body that must be one JSON object.
pub(crate) fn parse_object(body: &[u8]) -> Result<Map<String, Value>, LwError> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(LwError::bad_request(
            "The request body must be a JSON object.",
        )),
        Err(e) => Err(LwError::bad_request(format!("Malformed JSON: {e}"))),
    }
}

/// A field that is present and not `null`: for the vendor's optional and nullable
/// fields both mean "not given".
pub(crate) fn given<'a>(obj: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    obj.get(key).filter(|v| !v.is_null())
}

/// An optional string field of at most `max_chars` characters (not bytes: names are
/// often Korean or Japanese, which take three bytes a character in UTF-8).
pub(crate) fn opt_string(
    obj: &Map<String, Value>,
    key: &str,
    max_chars: usize,
) -> Result<Option<String>, LwError> {
    match given(obj, key) {
        None => Ok(None),
        Some(value) => string_value(value, key, max_chars).map(Some),
    }
}

/// A string value of at most `max_chars` characters; `what` names it in the error.
pub(crate) fn string_value(value: &Value, what: &str, max_chars: usize) -> Result<String, LwError> {
    let text = value
        .as_str()
        .ok_or_else(|| LwError::bad_request(format!("{what} must be a string.")))?;
    if text.chars().count() > max_chars {
        return Err(LwError::bad_request(format!(
            "{what} must be at most {max_chars} characters."
        )));
    }
    Ok(text.to_owned())
}

/// An optional boolean field.
pub(crate) fn opt_bool(obj: &Map<String, Value>, key: &str) -> Result<Option<bool>, LwError> {
    match given(obj, key) {
        None => Ok(None),
        Some(value) => value
            .as_bool()
            .map(Some)
            .ok_or_else(|| LwError::bad_request(format!("{key} must be a boolean."))),
    }
}

/// An optional int32 field (a JSON number without fraction that fits in i32).
pub(crate) fn opt_i32(obj: &Map<String, Value>, key: &str) -> Result<Option<i32>, LwError> {
    match given(obj, key) {
        None => Ok(None),
        Some(value) => value
            .as_i64()
            .and_then(|n| i32::try_from(n).ok())
            .map(Some)
            .ok_or_else(|| LwError::bad_request(format!("{key} must be a 32-bit integer."))),
    }
}
