//! `PATCH /v1.0/directory/profile-statuses/{profileStatusId}`: partial update of a
//! domain-level status definition.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::Json;
use serde_json::{Map, Value};

use super::{
    given, opt_bool, opt_i32, opt_string, parse_object, require_json_body, string_value, LwError,
    DEFAULT_STATUS_IDS, PROFILE_STATUS_IDS,
};
use crate::state::{DomainStatus, I18nName, Shared};
use crate::DOMAIN_ID;

/// Icon types the vendor allows.
const ICON_TYPES: [&str; 22] = [
    "BUSY",
    "URGENT",
    "FOCUS_MODE",
    "PHONE",
    "MEETING",
    "AWAY",
    "BACK_SOON",
    "EATING",
    "TEA_TIME",
    "AT_HOME",
    "AT_OFFICE",
    "EDUCATION",
    "WORKING_OUTSIDE",
    "BUSINESS_TRIP",
    "OFF",
    "HALF_DAY",
    "VACATION",
    "ABSENCE",
    "SICK_LEAVE",
    "LEAVE_OF_ABSENCE",
    "ACTION",
    "ONLINE",
];

/// Languages an i18n name may carry.
const LANGUAGES: [&str; 5] = ["ko_KR", "ja_JP", "en_US", "zh_CN", "zh_TW"];

/// Longest status name and i18n name, in characters.
const MAX_NAME_CHARS: usize = 20;

/// The validated request body; `None` means "leave as it is".
struct Patch {
    domain_id: i32,
    icon_type: Option<String>,
    use_default_status: Option<bool>,
    enable_setting_by_user: Option<bool>,
    profile_status_name: Option<String>,
    i18n_names: Option<Vec<I18nName>>,
    display_order: Option<i32>,
}

impl Patch {
    /// Checks types and constraints; any violation is a 400.
    fn parse(body: &[u8]) -> Result<Patch, LwError> {
        let obj = parse_object(body)?;
        let domain_id = opt_i32(&obj, "domainId")?
            .ok_or_else(|| LwError::bad_request("domainId is required."))?;
        let icon_type = opt_string(&obj, "iconType", usize::MAX)?;
        if let Some(icon) = &icon_type {
            if !ICON_TYPES.contains(&icon.as_str()) {
                return Err(LwError::bad_request(format!(
                    "iconType {icon:?} is not allowed."
                )));
            }
        }
        let display_order = opt_i32(&obj, "displayOrder")?;
        if display_order.is_some_and(|order| order < 1) {
            return Err(LwError::bad_request("displayOrder must be at least 1."));
        }
        Ok(Patch {
            domain_id,
            icon_type,
            use_default_status: opt_bool(&obj, "useDefaultStatus")?,
            enable_setting_by_user: opt_bool(&obj, "enableSettingByUser")?,
            profile_status_name: opt_string(&obj, "profileStatusName", MAX_NAME_CHARS)?,
            i18n_names: parse_i18n_names(&obj)?,
            display_order,
        })
    }

    /// Whether the body tries to change what default statuses keep fixed.
    fn renames(&self) -> bool {
        self.icon_type.is_some() || self.profile_status_name.is_some() || self.i18n_names.is_some()
    }
}

/// `i18nNames`: an array of `{name, language}`, both required.
fn parse_i18n_names(obj: &Map<String, Value>) -> Result<Option<Vec<I18nName>>, LwError> {
    let Some(value) = given(obj, "i18nNames") else {
        return Ok(None);
    };
    let items = value
        .as_array()
        .ok_or_else(|| LwError::bad_request("i18nNames must be an array."))?;
    let mut names = Vec::with_capacity(items.len());
    for item in items {
        let entry = item
            .as_object()
            .ok_or_else(|| LwError::bad_request("Each i18nNames entry must be an object."))?;
        let name = given(entry, "name")
            .ok_or_else(|| LwError::bad_request("i18nNames[].name is required."))?;
        let language = given(entry, "language")
            .ok_or_else(|| LwError::bad_request("i18nNames[].language is required."))?;
        let name = string_value(name, "i18nNames[].name", MAX_NAME_CHARS)?;
        let language = string_value(language, "i18nNames[].language", usize::MAX)?;
        if !LANGUAGES.contains(&language.as_str()) {
            return Err(LwError::bad_request(format!(
                "i18nNames[].language {language:?} is not allowed."
            )));
        }
        names.push(I18nName { name, language });
    }
    Ok(Some(names))
}

/// Handler: checks in the order path (404), body (400), domain (404), switches and
/// default-status rules (403), uniqueness (409), then applies the patch.
pub(crate) async fn update(
    State(shared): State<Arc<Shared>>,
    Path(profile_status_id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<DomainStatus>, LwError> {
    if !PROFILE_STATUS_IDS.contains(&profile_status_id.as_str()) {
        return Err(LwError::not_found(format!(
            "No status with the id {profile_status_id:?}."
        )));
    }
    require_json_body(&headers)?;
    let patch = Patch::parse(&body)?;
    if patch.domain_id != DOMAIN_ID {
        return Err(LwError::not_found(format!(
            "No domain {}.",
            patch.domain_id
        )));
    }

    let mut inner = shared.lock();
    let index = inner
        .domain_statuses
        .iter()
        .position(|s| s.profile_status_id == profile_status_id)
        .ok_or_else(|| {
            LwError::not_found(format!("The status {profile_status_id} is not defined."))
        })?;
    if !inner.statuses_enabled {
        return Err(LwError::forbidden("The status must be enable."));
    }
    if DEFAULT_STATUS_IDS.contains(&profile_status_id.as_str()) && patch.renames() {
        return Err(LwError::forbidden(
            "Default statuses cannot be renamed: only useDefaultStatus, enableSettingByUser and displayOrder may change.",
        ));
    }
    check_unique(&inner.domain_statuses, index, &patch)?;

    let status = &mut inner.domain_statuses[index];
    if let Some(icon_type) = patch.icon_type {
        status.icon_type = icon_type;
    }
    if let Some(flag) = patch.use_default_status {
        status.use_default_status = flag;
    }
    if let Some(flag) = patch.enable_setting_by_user {
        status.enable_setting_by_user = flag;
    }
    if let Some(name) = patch.profile_status_name {
        status.profile_status_name = name;
    }
    if let Some(names) = patch.i18n_names {
        status.i18n_names = names;
    }
    if let Some(order) = patch.display_order {
        status.display_order = order;
    }
    Ok(Json(status.clone()))
}

/// Names, i18n names and display orders must be unique among statuses (409). A status
/// may repeat an i18n name within itself, so only the other statuses are compared.
fn check_unique(statuses: &[DomainStatus], index: usize, patch: &Patch) -> Result<(), LwError> {
    let others = || {
        statuses
            .iter()
            .enumerate()
            .filter(move |(i, _)| *i != index)
            .map(|(_, s)| s)
    };
    if let Some(name) = &patch.profile_status_name {
        if let Some(other) = others().find(|s| &s.profile_status_name == name) {
            return Err(LwError::conflict(format!(
                "The name {name:?} is already used by {}.",
                other.profile_status_id
            )));
        }
    }
    if let Some(order) = patch.display_order {
        if let Some(other) = others().find(|s| s.display_order == order) {
            return Err(LwError::conflict(format!(
                "The display order {order} is already used by {}.",
                other.profile_status_id
            )));
        }
    }
    for wanted in patch.i18n_names.iter().flatten() {
        let taken = others().find(|s| s.i18n_names.iter().any(|n| n.name == wanted.name));
        if let Some(other) = taken {
            return Err(LwError::conflict(format!(
                "The multilingual name {:?} is already used by {}.",
                wanted.name, other.profile_status_id
            )));
        }
    }
    Ok(())
}
