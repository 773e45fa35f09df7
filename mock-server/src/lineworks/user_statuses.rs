//! `/v1.0/users/{userId}/user-profile-statuses`: add (POST), replace (PUT) and list (GET)
//! a member's current (PRESENT) and scheduled (RESERVED) status.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use chrono::{DateTime, FixedOffset, Utc};
use serde_json::{Map, Value};

use super::{
    given, opt_bool, opt_string, parse_object, require_json_body, LwError, DEFAULT_STATUS_IDS,
    PROFILE_STATUS_IDS,
};
use crate::state::{ordered, Inner, ScheduleType, Shared, UserStatus};

/// Longest status message, in characters.
const MAX_MESSAGE_CHARS: usize = 50;
/// Longest auto-reply mail content, in characters.
const MAX_MAIL_CHARS: usize = 300;

/// The validated request body shared by POST and PUT.
struct StatusInput {
    profile_status_id: String,
    status_message: Option<String>,
    /// Kept as received so the answer echoes the client's offset (`+09:00` stays).
    start_time: Option<String>,
    end_time: Option<String>,
    /// Whether the status starts later than now, i.e. is RESERVED.
    starts_in_future: bool,
    auto_reply_mail: Option<Value>,
}

impl StatusInput {
    /// Checks types, lengths and the time rules; any violation is a 400.
    fn parse(body: &[u8], now: DateTime<Utc>) -> Result<StatusInput, LwError> {
        let obj = parse_object(body)?;
        let profile_status_id = opt_string(&obj, "profileStatusId", usize::MAX)?
            .ok_or_else(|| LwError::bad_request("profileStatusId is required."))?;
        if !PROFILE_STATUS_IDS.contains(&profile_status_id.as_str()) {
            return Err(LwError::bad_request(format!(
                "profileStatusId {profile_status_id:?} is not allowed."
            )));
        }
        let status_message = opt_string(&obj, "statusMessage", MAX_MESSAGE_CHARS)?;
        let start = opt_time(&obj, "startTime")?;
        let end = opt_time(&obj, "endTime")?;
        let starts_in_future = match (&start, &end) {
            (Some(_), None) => {
                return Err(LwError::bad_request("startTime requires endTime."));
            }
            (Some((_, start)), Some((_, end))) if end <= start => {
                return Err(LwError::bad_request(
                    "endTime must be later than startTime.",
                ));
            }
            _ => start.as_ref().is_some_and(|(_, start)| *start > now),
        };
        // A status that has already ended can be neither current nor scheduled.
        if end.as_ref().is_some_and(|(_, end)| *end <= now) {
            return Err(LwError::bad_request("endTime must lie in the future."));
        }
        Ok(StatusInput {
            profile_status_id,
            status_message,
            start_time: start.map(|(text, _)| text),
            end_time: end.map(|(text, _)| text),
            starts_in_future,
            auto_reply_mail: parse_auto_reply_mail(&obj)?,
        })
    }

    fn schedule_type(&self) -> ScheduleType {
        if self.starts_in_future {
            ScheduleType::Reserved
        } else {
            ScheduleType::Present
        }
    }
}

/// An optional RFC 3339 date-time with offset (`YYYY-MM-DDThh:mm:ssTZD`).
fn opt_time(
    obj: &Map<String, Value>,
    key: &str,
) -> Result<Option<(String, DateTime<FixedOffset>)>, LwError> {
    let Some(text) = opt_string(obj, key, usize::MAX)? else {
        return Ok(None);
    };
    let parsed = DateTime::parse_from_rfc3339(&text).map_err(|e| {
        LwError::bad_request(format!(
            "{key} must be an RFC 3339 date-time with offset: {e}"
        ))
    })?;
    Ok(Some((text, parsed)))
}

/// `autoReplyMail`: `{internal?, external?}`, each `{content (<= 300 chars), sentDirectlyToMe}`.
/// Answered as received except that a missing `sentDirectlyToMe` takes its default, false.
fn parse_auto_reply_mail(obj: &Map<String, Value>) -> Result<Option<Value>, LwError> {
    let Some(value) = given(obj, "autoReplyMail") else {
        return Ok(None);
    };
    let mail = value
        .as_object()
        .ok_or_else(|| LwError::bad_request("autoReplyMail must be an object."))?;
    let mut answer = Map::new();
    for key in ["internal", "external"] {
        let Some(part) = given(mail, key) else {
            continue;
        };
        let part = part.as_object().ok_or_else(|| {
            LwError::bad_request(format!("autoReplyMail.{key} must be an object."))
        })?;
        let mut normalised = Map::new();
        if let Some(content) = opt_string(part, "content", MAX_MAIL_CHARS)? {
            normalised.insert("content".to_owned(), Value::String(content));
        }
        let direct = opt_bool(part, "sentDirectlyToMe")?.unwrap_or(false);
        normalised.insert("sentDirectlyToMe".to_owned(), Value::Bool(direct));
        answer.insert(key.to_owned(), Value::Object(normalised));
    }
    Ok(Some(Value::Object(answer)))
}

/// 404 unless the member is known.
fn member<'a>(inner: &'a mut Inner, user_id: &str) -> Result<&'a mut Vec<UserStatus>, LwError> {
    inner
        .members
        .get_mut(user_id)
        .ok_or_else(|| LwError::not_found(format!("No member {user_id:?}.")))
}

/// The 403 checks and the answer's derived fields: the domain must have statuses enabled
/// and the status must be in use there.
fn build_status(inner: &Inner, id: String, input: StatusInput) -> Result<UserStatus, LwError> {
    if !inner.statuses_enabled {
        return Err(LwError::forbidden("The status must be enable."));
    }
    let definition = inner
        .domain_statuses
        .iter()
        .find(|s| s.profile_status_id == input.profile_status_id)
        .ok_or_else(|| LwError::forbidden("Not used status."))?;
    // useDefaultStatus switches default statuses off; custom ones are always in use.
    let is_default = DEFAULT_STATUS_IDS.contains(&input.profile_status_id.as_str());
    if is_default && !definition.use_default_status {
        return Err(LwError::forbidden("Not used status."));
    }
    Ok(UserStatus {
        user_profile_status_id: id,
        profile_status_name: definition.profile_status_name.clone(),
        icon_url: format!(
            "https://static.worksmobile.net/static/wm/settings/profile_state/ic-16-{}.png",
            input.profile_status_id.to_ascii_lowercase()
        ),
        schedule_type: input.schedule_type(),
        profile_status_id: input.profile_status_id,
        status_message: input.status_message,
        start_time: input.start_time,
        end_time: input.end_time,
        auto_reply_mail: input.auto_reply_mail,
    })
}

/// Stores `status`, dropping the member's other status of the same schedule type and the
/// one it replaces (same id): a member has at most one PRESENT and one RESERVED.
fn store(statuses: &mut Vec<UserStatus>, status: UserStatus) {
    statuses.retain(|s| {
        s.schedule_type != status.schedule_type
            && s.user_profile_status_id != status.user_profile_status_id
    });
    statuses.push(status);
}

/// POST: adds a status under a new id.
pub(crate) async fn add(
    State(shared): State<Arc<Shared>>,
    Path(user_id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<UserStatus>, LwError> {
    member(&mut shared.lock(), &user_id)?;
    require_json_body(&headers)?;
    let input = StatusInput::parse(&body, Utc::now())?;

    let mut inner = shared.lock();
    let id = inner.new_user_status_id();
    let status = build_status(&inner, id, input)?;
    store(member(&mut inner, &user_id)?, status.clone());
    Ok(Json(status))
}

/// PUT: replaces one of the member's statuses, keeping its id.
pub(crate) async fn replace(
    State(shared): State<Arc<Shared>>,
    Path((user_id, user_profile_status_id)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<UserStatus>, LwError> {
    let exists = |inner: &mut Inner| -> Result<(), LwError> {
        let statuses = member(inner, &user_id)?;
        if statuses
            .iter()
            .any(|s| s.user_profile_status_id == user_profile_status_id)
        {
            Ok(())
        } else {
            Err(LwError::not_found(format!(
                "No status {user_profile_status_id:?} for member {user_id:?}."
            )))
        }
    };
    exists(&mut shared.lock())?;
    require_json_body(&headers)?;
    let input = StatusInput::parse(&body, Utc::now())?;

    let mut inner = shared.lock();
    // Checked again: another request may have replaced it while the body was parsed.
    exists(&mut inner)?;
    let status = build_status(&inner, user_profile_status_id.clone(), input)?;
    store(member(&mut inner, &user_id)?, status.clone());
    Ok(Json(status))
}

/// GET: the member's statuses, PRESENT first, under the configured key.
pub(crate) async fn list(
    State(shared): State<Arc<Shared>>,
    Path(user_id): Path<String>,
) -> Result<Json<Value>, LwError> {
    let mut inner = shared.lock();
    let key = inner.list_key.as_str();
    let statuses = member(&mut inner, &user_id)?;
    let items = ordered(statuses)
        .map(serde_json::to_value)
        .collect::<Result<Vec<Value>, _>>()
        // Cannot happen for these plain structs, but an error answer beats a panic.
        .map_err(|e| {
            LwError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "INTERNAL_SERVER_ERROR",
                format!("Cannot serialise statuses: {e}"),
            )
        })?;
    let mut body = Map::new();
    body.insert(key.to_owned(), Value::Array(items));
    Ok(Json(Value::Object(body)))
}
