//! Rocket.Chat REST API stand-in: `POST /api/v1/custom-user-status.update`.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use chrono::{SecondsFormat, Utc};
use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::state::{CustomUserStatus, Shared};
use crate::{ROCKETCHAT_AUTH_TOKEN, ROCKETCHAT_USER_ID};

/// The Rocket.Chat route, at the server root (Rocket.Chat has no common base path).
pub(crate) fn router() -> Router<Arc<Shared>> {
    Router::new().route("/api/v1/custom-user-status.update", post(update))
}

/// Rocket.Chat's two error shapes: authentication failures differ from the rest.
enum RcError {
    /// 401 `{"status":"error","message":...}`.
    Unauthorized,
    /// 400 `{"success":false,"error":...}`.
    BadRequest(String),
}

impl IntoResponse for RcError {
    fn into_response(self) -> Response {
        match self {
            RcError::Unauthorized => (
                StatusCode::UNAUTHORIZED,
                Json(json!({"status": "error", "message": "You must be logged in to do this."})),
            )
                .into_response(),
            RcError::BadRequest(error) => (
                StatusCode::BAD_REQUEST,
                Json(json!({"success": false, "error": error})),
            )
                .into_response(),
        }
    }
}

/// The 200 answer: the updated status and `success: true`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct UpdateAnswer {
    custom_user_status: CustomUserStatus,
    success: bool,
}

/// Both `X-Auth-Token` and `X-User-Id` must match the seeded user's.
fn authenticate(headers: &HeaderMap) -> Result<(), RcError> {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if header("x-auth-token") == Some(ROCKETCHAT_AUTH_TOKEN)
        && header("x-user-id") == Some(ROCKETCHAT_USER_ID)
    {
        Ok(())
    } else {
        Err(RcError::Unauthorized)
    }
}

/// A required string field; Rocket.Chat's parameter check reports the first mismatch.
fn required_string(obj: &Map<String, Value>, key: &str) -> Result<String, RcError> {
    match obj.get(key) {
        Some(Value::String(text)) => Ok(text.clone()),
        Some(_) => Err(RcError::BadRequest(format!(
            "Match error: Expected string, got {} in field {key}",
            kind(obj.get(key))
        ))),
        None => Err(RcError::BadRequest(format!(
            "Match error: Missing key '{key}'"
        ))),
    }
}

/// A JSON value's type name for error messages.
fn kind(value: Option<&Value>) -> &'static str {
    match value {
        Some(Value::Null) | None => "null",
        Some(Value::Bool(_)) => "boolean",
        Some(Value::Number(_)) => "number",
        Some(Value::String(_)) => "string",
        Some(Value::Array(_)) => "array",
        Some(Value::Object(_)) => "object",
    }
}

/// Handler: 401 before anything else, then body checks (400), then the update.
async fn update(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<UpdateAnswer>, RcError> {
    authenticate(&headers)?;
    if !crate::has_json_content_type(&headers) {
        return Err(RcError::BadRequest(
            "Content-Type must be application/json.".to_owned(),
        ));
    }
    let obj = match serde_json::from_slice::<Value>(&body) {
        Ok(Value::Object(obj)) => obj,
        Ok(_) => {
            return Err(RcError::BadRequest(
                "The request body must be a JSON object.".to_owned(),
            ))
        }
        Err(e) => return Err(RcError::BadRequest(format!("Malformed JSON: {e}"))),
    };
    let id = required_string(&obj, "_id")?;
    let name = required_string(&obj, "name")?;
    let status_type = required_string(&obj, "statusType")?;

    let mut inner = shared.lock();
    let status = inner
        .custom_user_statuses
        .iter_mut()
        .find(|s| s.id == id)
        .ok_or_else(|| {
            RcError::BadRequest(format!(
                "No custom user status found with the id of \"{id}\"."
            ))
        })?;
    status.name = name;
    status.status_type = status_type;
    // Rocket.Chat stamps updates in UTC with milliseconds, e.g. 2023-11-04T11:51:28.353Z.
    status.updated_at = Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true);
    Ok(Json(UpdateAnswer {
        custom_user_status: status.clone(),
        success: true,
    }))
}
