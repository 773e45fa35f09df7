//! The request and response examples of the five vendor reference pages that `spec/` was written
//! from (numbered 000..004: the four LINE WORKS profile-status pages and Rocket.Chat's
//! `custom-user-status.update`; the pages themselves are not in this repository), written down
//! once, as the JSON the pages show. The same examples as typed values are in `examples.rs`.
//!
//! The pages flatten the JSON with page line numbers (`1{2  "domainId"...`); those are left out.
//! Pages 001 (PUT) and 002 (POST) show the same request and the same response, and page 003's
//! list starts with that response again, so each appears here once.

use serde_json::{json, Value};

/// `base` with the top-level keys of `overrides` replaced or added.
pub fn merged(mut base: Value, overrides: Value) -> Value {
    let object = base.as_object_mut().expect("base is an object");
    for (key, value) in overrides.as_object().expect("overrides is an object") {
        object.insert(key.clone(), value.clone());
    }
    base
}

/// 000, `PATCH /directory/profile-statuses/{profileStatusId}`: the request body.
pub fn profile_status_patch_json() -> Value {
    json!({
        "domainId": 10000001,
        "displayOrder": 1
    })
}

/// 000: the 200 response.
pub fn profile_status_json() -> Value {
    json!({
        "domainId": 10000001,
        "profileStatusId": "CUSTOM01",
        "iconType": "TEA_TIME",
        "useDefaultStatus": true,
        "enableSettingByUser": true,
        "profileStatusName": "Tea time",
        "i18nNames": [{ "name": "TEA TIME", "language": "en_US" }],
        "displayOrder": 1
    })
}

/// The `autoReplyMail` of every member-status example (001, 002, 003).
fn auto_reply_mail_json() -> Value {
    json!({
        "internal": { "content": "internal mail content", "sentDirectlyToMe": true },
        "external": { "content": "external mail content", "sentDirectlyToMe": false }
    })
}

/// 001, `PUT /users/{userId}/user-profile-statuses/{userProfileStatusId}`, and 002,
/// `POST /users/{userId}/user-profile-statuses`: the request body.
pub fn user_profile_status_request_json() -> Value {
    json!({
        "profileStatusId": "BUSY",
        "statusMessage": "status message1",
        "startTime": "2017-03-16T09:00:00+09:00",
        "endTime": "2017-03-18T18:00:00+09:00",
        "autoReplyMail": auto_reply_mail_json()
    })
}

/// 001 and 002: the 200 response; also the first entry of 003's list.
pub fn user_profile_status_json() -> Value {
    merged(
        user_profile_status_request_json(),
        json!({
            "userProfileStatusId": "uprofile-b785-4aae-c330-01e94337846b",
            "profileStatusName": "Busy",
            "iconUrl": "https://static.worksmobile.net/static/wm/settings/profile_state/ic-16-busy.png",
            "scheduleType": "PRESENT"
        }),
    )
}

/// 003, `GET /users/{userId}/user-profile-statuses`: the page's own example, with the array
/// under `statuses` (the property table says `userProfileStatuses`).
pub fn user_profile_status_list_json() -> Value {
    json!({
        "statuses": [
            user_profile_status_json(),
            {
                "profileStatusId": "ABSENCE",
                "userProfileStatusId": "f716ab8e-0766-4306-c794-01f2d902beaf",
                "profileStatusName": "Absent",
                "iconUrl": "https://static.worksmobile.net/static/wm/settings/profile_state/ic-16-absence.png",
                "scheduleType": "RESERVED",
                "statusMessage": "status message2",
                "startTime": "2050-03-18T09:00:00+09:00",
                "endTime": "2050-03-20T18:00:00+09:00",
                "autoReplyMail": auto_reply_mail_json()
            }
        ]
    })
}

/// 004, `POST /api/v1/custom-user-status.update` (Rocket.Chat): the request body.
pub fn custom_status_update_json() -> Value {
    json!({
        "_id": "65462e97a2f73c7460e18f84",
        "name": "caught up again",
        "statusType": "busy"
    })
}

/// 004: the 200 response.
pub fn custom_status_success_json() -> Value {
    let mut status = custom_status_update_json();
    status["_updatedAt"] = json!("2023-11-04T11:51:28.353Z");
    json!({ "customUserStatus": status, "success": true })
}

/// 004: the 400 response.
pub fn custom_status_bad_request_json() -> Value {
    json!({
        "success": false,
        "error": "No custom user status found with the id of \"SeZHHb77QXWRbnDh\"."
    })
}

/// 004: the 401 response.
pub fn custom_status_unauthorized_json() -> Value {
    json!({
        "status": "error",
        "message": "You must be logged in to do this."
    })
}
