//! Every operation of both generated clients, driven against the in-process vendor mock:
//! successes with realistic (Korean and Japanese) data, every documented error through the
//! typed error enums, the checks made before sending, path encoding, credentials, and the
//! failures that are not the server's answer (undocumented status, undecodable body, timeout,
//! refused connection).
//!
//! Every client talks to 127.0.0.1 through a `reqwest::Client` built with `no_proxy()`, because
//! reqwest honours `HTTP_PROXY` even for loopback addresses.

mod support;

use std::fmt::Debug;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use oagen_runtime::{BoxError, DateTime, Error, Nullable, Secret, Violation};
use serde_json::{json, Value};
use status_apis::lineworks::{
    self, AutoReplyMail, AutoReplyMailSetting, CreateUserProfileStatusError, I18nName, IconType,
    Language, ProfileStatusId, ProfileStatusPatch, ScheduleType, UpdateProfileStatusError,
    UpdateUserProfileStatusError, UserProfileStatusRequest,
};
use status_apis::rocketchat::{
    self, CustomUserStatusUpdate, FailureResponse, UnauthorizedResponse,
    UpdateCustomUserStatusError,
};
use support::{
    canned_server, direct_http, direct_http_with_timeout, free_address, lineworks_builder,
    only_request, rocketchat_builder, silent_server, time,
};
use vendor_mock::{
    ListKey, MockServer, ReceivedRequest, DOMAIN_ID, LINEWORKS_TOKEN, ROCKETCHAT_AUTH_TOKEN,
    ROCKETCHAT_USER_ID, SEEDED_CUSTOM_STATUS_ID, SEEDED_USER,
};

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

const USER_AGENT: &str = "status-apis-integration-tests/1.0";

async fn start() -> MockServer {
    MockServer::start().await.expect("mock server starts")
}

fn lineworks_client(server: &MockServer) -> lineworks::Client {
    lineworks_builder(server.lineworks_base_url(), LINEWORKS_TOKEN)
        .user_agent(USER_AGENT)
        .build()
        .expect("LINE WORKS client")
}

fn rocketchat_client(server: &MockServer) -> rocketchat::Client {
    rocketchat_builder(
        server.rocketchat_base_url(),
        ROCKETCHAT_AUTH_TOKEN,
        ROCKETCHAT_USER_ID,
    )
    .user_agent(USER_AGENT)
    .build()
    .expect("Rocket.Chat client")
}

/// `count` characters taken from `text`, repeated as often as needed.
fn chars_from(text: &str, count: usize) -> String {
    text.chars().cycle().take(count).collect()
}

fn json_body(request: &ReceivedRequest) -> Value {
    serde_json::from_str(&request.body)
        .unwrap_or_else(|e| panic!("request body is not JSON ({e}): {}", request.body))
}

/// The violations of a request the client refused; panics on any other outcome.
fn refused<T: Debug, E: Debug>(result: Result<T, Error<E>>) -> Vec<Violation> {
    match result {
        Err(Error::Validation(error)) => {
            assert!(!error.violations.is_empty(), "empty ValidationError");
            error.violations
        }
        other => panic!("expected Error::Validation, got {other:?}"),
    }
}

/// Asserts that exactly one violation names `field` and its rule contains `rule`.
fn assert_violation(violations: &[Violation], field: &str, rule: &str) {
    let matching: Vec<&Violation> = violations
        .iter()
        .filter(|v| v.field == field && v.rule.contains(rule))
        .collect();
    assert_eq!(
        matching.len(),
        1,
        "expected one violation of `{rule}` at `{field}`, got {violations:#?}"
    );
}

/// Asserts that `violations` holds exactly one violation: of `rule` at `field`.
#[track_caller]
fn assert_sole_violation(violations: &[Violation], field: &str, rule: &str) {
    assert_eq!(violations.len(), 1, "{violations:#?}");
    assert_violation(violations, field, rule);
}

/// The typed error of a call that must fail with the documented `status`.
#[track_caller]
fn documented<T: Debug, E: Debug>(result: Result<T, Error<E>>, status: u16) -> E {
    match result {
        Err(Error::Api {
            status: answered,
            error,
            ..
        }) if answered == status => error,
        other => panic!("expected a documented {status} answer, got {other:?}"),
    }
}

/// The body text that every documented LINE WORKS error keeps.
trait BodyText {
    fn text(&self) -> &str;
}

impl BodyText for UpdateProfileStatusError {
    fn text(&self) -> &str {
        match self {
            Self::Forbidden(text) | Self::Conflict(text) => text,
        }
    }
}

impl BodyText for CreateUserProfileStatusError {
    fn text(&self) -> &str {
        match self {
            Self::BadRequest(text) | Self::Forbidden(text) => text,
        }
    }
}

impl BodyText for UpdateUserProfileStatusError {
    fn text(&self) -> &str {
        match self {
            Self::BadRequest(text) | Self::Forbidden(text) | Self::NotFound(text) => text,
        }
    }
}

/// The body text of a LINE WORKS call that must fail with the documented `status` as
/// `variant` (one of the error enum's tuple variants, e.g. `UpdateProfileStatusError::Conflict`).
#[track_caller]
fn documented_text<T: Debug, E: Debug + PartialEq + BodyText>(
    result: Result<T, Error<E>>,
    status: u16,
    variant: fn(String) -> E,
) -> String {
    let error = documented(result, status);
    let text = error.text().to_owned();
    assert_eq!(error, variant(text.clone()), "another variant for {status}");
    text
}

/// The body of a call that must fail with `status`, which the spec does not document for it.
#[track_caller]
fn undocumented<T: Debug, E: Debug>(result: Result<T, Error<E>>, status: u16) -> String {
    match result {
        Err(Error::UnexpectedStatus {
            status: answered,
            body,
            ..
        }) if answered == status => body,
        other => panic!("expected UnexpectedStatus {status}, got {other:?}"),
    }
}

/// The kept body and the decoder's message of a call whose `status` answer did not decode.
#[track_caller]
fn undecodable<T: Debug, E: Debug>(result: Result<T, Error<E>>, status: u16) -> (String, String) {
    match result {
        Err(Error::Decode {
            status: answered,
            body,
            message,
        }) if answered == status => (body, message),
        other => panic!("expected Error::Decode of a {status} answer, got {other:?}"),
    }
}

/// The status a member status request produces: `CUSTOM01` with a message, no times.
fn simple_status(message: &str) -> UserProfileStatusRequest {
    UserProfileStatusRequest::new(ProfileStatusId::Custom01).status_message(message)
}

/// Adds a member status through the client and returns its id.
async fn add_status(
    client: &lineworks::Client,
    user_id: &str,
    request: &UserProfileStatusRequest,
) -> String {
    let created = client
        .create_user_profile_status(user_id, request)
        .await
        .expect("member status is created");
    created
        .user_profile_status_id
        .clone()
        .expect("the answer carries the new id")
}

fn http_response(status_line: &str, content_type: &str, body: &str) -> String {
    format!(
        "HTTP/1.1 {status_line}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
}

/// True when an environment variable could send reqwest's own client through a proxy.
fn proxy_configured() -> bool {
    ["HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"]
        .iter()
        .any(|name| std::env::var_os(name).is_some_and(|value| !value.is_empty()))
}

// ---------------------------------------------------------------------------------------------
// Successes
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn patch_renames_custom_statuses_in_korean_and_japanese() {
    let server = start().await;
    let client = lineworks_client(&server);

    // CUSTOM01 ("Tea time") becomes a lunch status.
    let patch = ProfileStatusPatch::new(DOMAIN_ID)
        .icon_type(IconType::Eating)
        .profile_status_name("점심 식사")
        .i18n_names(vec![
            I18nName::new("점심 식사", Language::KoKr),
            I18nName::new("昼食中", Language::JaJp),
        ]);
    let response = client
        .update_profile_status(&ProfileStatusId::Custom01, &patch)
        .await
        .expect("CUSTOM01 is renamed");
    assert_eq!(response.status(), 200);
    assert!(response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json")));
    assert_eq!(response.domain_id, DOMAIN_ID);
    assert_eq!(response.profile_status_id, ProfileStatusId::Custom01);
    assert_eq!(response.icon_type, IconType::Eating);
    assert_eq!(response.profile_status_name, "점심 식사");
    assert_eq!(
        response.i18n_names,
        Some(vec![
            I18nName::new("점심 식사", Language::KoKr),
            I18nName::new("昼食中", Language::JaJp),
        ])
    );
    // Fields not sent keep their values.
    assert_eq!(response.display_order, 5);
    assert!(response.use_default_status);
    assert!(response.enable_setting_by_user);

    let request = only_request(&server);
    assert_eq!(request.method, "PATCH");
    assert_eq!(
        request.raw_path,
        "/v1.0/directory/profile-statuses/CUSTOM01"
    );
    assert_eq!(request.query, None);
    assert_eq!(
        request.header("authorization"),
        Some(format!("Bearer {LINEWORKS_TOKEN}").as_str())
    );
    assert!(request
        .header("content-type")
        .is_some_and(|v| v.starts_with("application/json")));
    assert_eq!(request.header("user-agent"), Some(USER_AGENT));
    // Only the fields that were set go on the wire.
    assert_eq!(
        json_body(&request),
        json!({
            "domainId": DOMAIN_ID,
            "iconType": "EATING",
            "profileStatusName": "점심 식사",
            "i18nNames": [
                {"name": "점심 식사", "language": "ko_KR"},
                {"name": "昼食中", "language": "ja_JP"}
            ]
        })
    );

    // CUSTOM02 ("회의 중") gets a Japanese main name; its own i18n names may repeat.
    let patch = ProfileStatusPatch::new(DOMAIN_ID)
        .profile_status_name("会議中")
        .i18n_names(vec![
            I18nName::new("회의 중", Language::KoKr),
            I18nName::new("会議中", Language::JaJp),
            I18nName::new("In a meeting", Language::EnUs),
        ])
        .display_order(12);
    let renamed = client
        .update_profile_status(&ProfileStatusId::Custom02, &patch)
        .await
        .expect("CUSTOM02 is renamed")
        .into_inner();
    assert_eq!(renamed.profile_status_id, ProfileStatusId::Custom02);
    assert_eq!(renamed.profile_status_name, "会議中");
    assert_eq!(renamed.icon_type, IconType::Meeting);
    assert_eq!(renamed.display_order, 12);
    assert_eq!(renamed.i18n_names.as_ref().map(Vec::len), Some(3));

    // The server's state agrees with what the client decoded.
    let stored = server.profile_status("CUSTOM02").expect("CUSTOM02 defined");
    assert_eq!(stored["profileStatusName"], "会議中");
    assert_eq!(stored["i18nNames"][0]["name"], "회의 중");
    assert_eq!(stored["displayOrder"], 12);
    assert_eq!(
        server.profile_status("CUSTOM01").expect("CUSTOM01")["i18nNames"][1]["name"],
        "昼食中"
    );
}

#[tokio::test]
async fn patch_changes_what_default_statuses_allow() {
    let server = start().await;
    let client = lineworks_client(&server);
    let patch = ProfileStatusPatch::new(DOMAIN_ID)
        .use_default_status(false)
        .enable_setting_by_user(false)
        .display_order(10);
    let busy = client
        .update_profile_status(&ProfileStatusId::Busy, &patch)
        .await
        .expect("flags and order of a default status may change")
        .into_inner();
    assert_eq!(busy.profile_status_id, ProfileStatusId::Busy);
    assert_eq!(busy.profile_status_name, "Busy");
    assert!(!busy.use_default_status);
    assert!(!busy.enable_setting_by_user);
    assert_eq!(busy.display_order, 10);
    assert_eq!(
        json_body(&only_request(&server)),
        json!({
            "domainId": DOMAIN_ID,
            "useDefaultStatus": false,
            "enableSettingByUser": false,
            "displayOrder": 10
        })
    );
}

#[tokio::test]
async fn member_statuses_are_added_listed_and_replaced() {
    let server = start().await;
    let client = lineworks_client(&server);

    // A current status: started in the past, ends in 2050.
    let present = UserProfileStatusRequest::new(ProfileStatusId::Custom02)
        .status_message("주간 회의 중입니다 (3층 대회의실)")
        .start_time(time("2024-01-08T09:00:00+09:00"))
        .end_time(time("2050-12-31T18:00:00+09:00"))
        .auto_reply_mail(
            AutoReplyMail::default().internal(
                AutoReplyMailSetting::default()
                    .content("会議中のため、返信が遅れます。")
                    .sent_directly_to_me(true),
            ),
        );
    let created = client
        .create_user_profile_status(SEEDED_USER, &present)
        .await
        .expect("PRESENT status is added");
    assert_eq!(created.status(), 200);
    let present_id = created
        .user_profile_status_id
        .clone()
        .expect("new id in the answer");
    assert_eq!(created.profile_status_id, Some(ProfileStatusId::Custom02));
    assert_eq!(created.profile_status_name.as_deref(), Some("회의 중"));
    assert_eq!(created.schedule_type, Some(ScheduleType::Present));
    assert_eq!(
        created.status_message,
        Nullable::Value("주간 회의 중입니다 (3층 대회의실)".to_owned())
    );
    assert_eq!(
        created.start_time.as_ref().map(ToString::to_string),
        Some("2024-01-08T09:00:00+09:00".to_owned())
    );
    assert_eq!(
        created.auto_reply_mail,
        Nullable::Value(
            AutoReplyMail::default().internal(
                AutoReplyMailSetting::default()
                    .content("会議中のため、返信が遅れます。")
                    .sent_directly_to_me(true)
            )
        )
    );
    assert!(created
        .icon_url
        .as_deref()
        .is_some_and(|url| url.starts_with("https://")));
    let request = only_request(&server);
    assert_eq!(request.method, "POST");
    assert_eq!(
        request.raw_path,
        format!("/v1.0/users/{SEEDED_USER}/user-profile-statuses")
    );
    assert_eq!(
        json_body(&request),
        json!({
            "profileStatusId": "CUSTOM02",
            "statusMessage": "주간 회의 중입니다 (3층 대회의실)",
            "startTime": "2024-01-08T09:00:00+09:00",
            "endTime": "2050-12-31T18:00:00+09:00",
            "autoReplyMail": {
                "internal": {"content": "会議中のため、返信が遅れます。", "sentDirectlyToMe": true}
            }
        })
    );

    // A scheduled status: both times in 2050 with a +09:00 offset.
    let reserved = UserProfileStatusRequest::new(ProfileStatusId::Custom01)
        .status_message("出張中です。戻り次第ご連絡します。")
        .start_time(time("2050-03-20T09:00:00+09:00"))
        .end_time(time("2050-03-20T18:00:00+09:00"));
    let scheduled = client
        .create_user_profile_status(SEEDED_USER, &reserved)
        .await
        .expect("RESERVED status is added")
        .into_inner();
    let reserved_id = scheduled
        .user_profile_status_id
        .clone()
        .expect("new id in the answer");
    assert_ne!(reserved_id, present_id);
    assert_eq!(scheduled.schedule_type, Some(ScheduleType::Reserved));
    assert_eq!(scheduled.profile_status_name.as_deref(), Some("Tea time"));
    let start = scheduled.start_time.as_ref().expect("startTime answered");
    let end = scheduled.end_time.as_ref().expect("endTime answered");
    assert_eq!(start.to_string(), "2050-03-20T09:00:00+09:00");
    assert_eq!(end.to_string(), "2050-03-20T18:00:00+09:00");
    assert_eq!(start.offset().local_minus_utc(), 9 * 3600);
    assert_eq!(scheduled.auto_reply_mail, Nullable::Null);

    // The list holds both, current first.
    let list = client
        .list_user_profile_statuses(SEEDED_USER)
        .await
        .expect("list")
        .into_inner();
    let statuses = list.user_profile_statuses.expect("statuses present");
    assert_eq!(statuses.len(), 2, "{statuses:#?}");
    assert_eq!(statuses[0], created.into_inner());
    assert_eq!(statuses[1], scheduled);
    let list_request = server.received().pop().expect("list request");
    assert_eq!(list_request.method, "GET");
    assert_eq!(list_request.body, "");
    assert_eq!(list_request.header("content-type"), None);

    // PUT replaces the scheduled one as a whole, keeping its id.
    let replacement = UserProfileStatusRequest::new(ProfileStatusId::Custom02)
        .status_message("회의 일정 변경: 오전 10시 ~ 12시 30분")
        .start_time(time("2050-04-01T10:00:00+09:00"))
        .end_time(time("2050-04-01T12:30:00+09:00"));
    let replaced = client
        .update_user_profile_status(SEEDED_USER, &reserved_id, &replacement)
        .await
        .expect("RESERVED status is replaced")
        .into_inner();
    assert_eq!(
        replaced.user_profile_status_id.as_deref(),
        Some(reserved_id.as_str())
    );
    assert_eq!(replaced.profile_status_id, Some(ProfileStatusId::Custom02));
    assert_eq!(replaced.profile_status_name.as_deref(), Some("회의 중"));
    assert_eq!(replaced.schedule_type, Some(ScheduleType::Reserved));
    assert_eq!(
        replaced.end_time.as_ref().map(ToString::to_string),
        Some("2050-04-01T12:30:00+09:00".to_owned())
    );
    let put_request = server.received().pop().expect("PUT request");
    assert_eq!(put_request.method, "PUT");
    assert_eq!(
        put_request.raw_path,
        format!("/v1.0/users/{SEEDED_USER}/user-profile-statuses/{reserved_id}")
    );

    let statuses = client
        .list_user_profile_statuses(SEEDED_USER)
        .await
        .expect("list after PUT")
        .into_inner()
        .user_profile_statuses
        .expect("statuses present");
    assert_eq!(statuses.len(), 2);
    assert_eq!(
        statuses[0].user_profile_status_id.as_deref(),
        Some(present_id.as_str())
    );
    assert_eq!(statuses[1], replaced);
    let stored = server.user_statuses(SEEDED_USER).expect("member known");
    assert_eq!(
        stored[1]["statusMessage"],
        "회의 일정 변경: 오전 10시 ~ 12시 30분"
    );
}

#[tokio::test]
async fn list_accepts_either_array_key() {
    let server = start().await;
    let client = lineworks_client(&server);
    add_status(&client, SEEDED_USER, &simple_status("휴가 중")).await;

    let with_table_key = client
        .list_user_profile_statuses(SEEDED_USER)
        .await
        .expect("list under userProfileStatuses")
        .into_inner();
    server.set_list_key(ListKey::Statuses);
    let with_example_key = client
        .list_user_profile_statuses(SEEDED_USER)
        .await
        .expect("list under statuses")
        .into_inner();

    let statuses = with_example_key
        .user_profile_statuses
        .clone()
        .expect("statuses decoded from the `statuses` key");
    assert_eq!(statuses.len(), 1);
    assert_eq!(
        statuses[0].status_message,
        Nullable::Value("휴가 중".to_owned())
    );
    assert_eq!(with_table_key, with_example_key);

    // An empty list decodes too.
    let server = start().await;
    server.set_list_key(ListKey::Statuses);
    let empty = lineworks_client(&server)
        .list_user_profile_statuses(SEEDED_USER)
        .await
        .expect("empty list");
    assert_eq!(empty.user_profile_statuses, Some(Vec::new()));
}

#[tokio::test]
async fn rocketchat_update_returns_the_new_name_and_update_time() {
    let server = start().await;
    let client = rocketchat_client(&server);
    let seeded_update = time("2023-11-04T11:51:28.353Z");

    let body = CustomUserStatusUpdate::new(SEEDED_CUSTOM_STATUS_ID, "집중 모드 🎧", "busy");
    let response = client
        .update_custom_user_status(&body)
        .await
        .expect("custom status is updated");
    let after = DateTime::now_utc();
    assert_eq!(response.status(), 200);
    assert_eq!(response.success, Some(true));
    let status = response
        .custom_user_status
        .clone()
        .expect("customUserStatus in the answer");
    assert_eq!(status.id.as_deref(), Some(SEEDED_CUSTOM_STATUS_ID));
    assert_eq!(status.name.as_deref(), Some("집중 모드 🎧"));
    assert_eq!(status.status_type.as_deref(), Some("busy"));
    // `_updatedAt` is a plain string (as the page types it); the vendor mock sends RFC 3339.
    let updated_at = time(
        status
            .updated_at
            .as_deref()
            .expect("_updatedAt in the answer"),
    );
    assert!(updated_at > seeded_update, "{updated_at:?}");
    assert!(updated_at <= after, "{updated_at:?} is in the future");
    assert_eq!(updated_at.offset().local_minus_utc(), 0);

    let request = only_request(&server);
    assert_eq!(request.method, "POST");
    assert_eq!(request.raw_path, "/api/v1/custom-user-status.update");
    assert_eq!(request.header("x-auth-token"), Some(ROCKETCHAT_AUTH_TOKEN));
    assert_eq!(request.header("x-user-id"), Some(ROCKETCHAT_USER_ID));
    assert_eq!(request.header("authorization"), None);
    assert_eq!(
        json_body(&request),
        json!({"_id": SEEDED_CUSTOM_STATUS_ID, "name": "집중 모드 🎧", "statusType": "busy"})
    );

    // A second update with a Japanese name and another type.
    let again = client
        .update_custom_user_status(&CustomUserStatusUpdate::new(
            SEEDED_CUSTOM_STATUS_ID,
            "外出中",
            "away",
        ))
        .await
        .expect("second update")
        .into_inner()
        .custom_user_status
        .expect("customUserStatus");
    assert_eq!(again.name.as_deref(), Some("外出中"));
    assert_eq!(again.status_type.as_deref(), Some("away"));
    assert!(time(again.updated_at.as_deref().expect("_updatedAt")) >= updated_at);
}

/// The page types `_updatedAt` as a plain string, so a successful update whose `_updatedAt` is
/// not a date (as a schema-valid mock that follows the page may send) is still a success: the
/// status was changed on the server, and the caller must not be told it failed.
#[tokio::test]
async fn an_update_whose_updated_at_is_not_a_date_still_succeeds() {
    let body = r#"{"customUserStatus": {"_id": "65462e97a2f73c7460e18f84", "name": "caught up again", "statusType": "busy", "_updatedAt": "minim sunt anim"}, "success": true}"#;
    let (base, request) = canned_server(http_response("200 OK", "application/json", body));
    let client = rocketchat_builder(base, ROCKETCHAT_AUTH_TOKEN, ROCKETCHAT_USER_ID)
        .build()
        .expect("client");
    let update = CustomUserStatusUpdate::new("65462e97a2f73c7460e18f84", "caught up again", "busy");
    let response = client
        .update_custom_user_status(&update)
        .await
        .expect("a 200 with any `_updatedAt` text decodes");
    let status = response
        .custom_user_status
        .as_ref()
        .expect("customUserStatus");
    assert_eq!(status.updated_at.as_deref(), Some("minim sunt anim"));
    assert_eq!(response.success, Some(true));
    request.join().expect("canned server");
}

// ---------------------------------------------------------------------------------------------
// Documented errors, through the typed enums
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn patch_renaming_a_default_status_is_refused_before_sending() {
    let server = start().await;
    let client = lineworks_client(&server);
    for id in [
        ProfileStatusId::Busy,
        ProfileStatusId::Away,
        ProfileStatusId::LeaveOffice,
        ProfileStatusId::Absence,
    ] {
        let rule = format!("cannot be set when `profileStatusId` is `{id}`");
        let rename = ProfileStatusPatch::new(DOMAIN_ID).profile_status_name("바쁨");
        let violations = refused(client.update_profile_status(&id, &rename).await);
        assert_sole_violation(&violations, "body.profileStatusName", &rule);

        let everything = ProfileStatusPatch::new(DOMAIN_ID)
            .icon_type(IconType::Phone)
            .profile_status_name("電話中")
            .i18n_names(vec![I18nName::new("電話中", Language::JaJp)])
            .display_order(20);
        let violations = refused(client.update_profile_status(&id, &everything).await);
        assert_eq!(violations.len(), 3, "{violations:#?}");
        assert_violation(&violations, "body.iconType", &rule);
        assert_violation(&violations, "body.profileStatusName", &rule);
        assert_violation(&violations, "body.i18nNames", &rule);
    }
    assert!(server.received().is_empty(), "{:#?}", server.received());
    assert_eq!(
        server.profile_status("BUSY").expect("BUSY")["profileStatusName"],
        "Busy"
    );
}

#[tokio::test]
async fn patch_answers_403_when_statuses_are_disabled() {
    let server = start().await;
    let client = lineworks_client(&server);
    server.set_statuses_enabled(false);
    let patch = ProfileStatusPatch::new(DOMAIN_ID).display_order(9);
    let error = client
        .update_profile_status(&ProfileStatusId::Custom01, &patch)
        .await
        .expect_err("statuses are disabled");
    assert_eq!(error.status(), Some(403));
    match &error {
        Error::Api {
            status: 403,
            error: UpdateProfileStatusError::Forbidden(text),
            headers,
        } => {
            assert!(text.contains("The status must be enable."), "{text}");
            assert!(headers.contains_key("content-type"));
        }
        other => panic!("expected 403 Forbidden, got {other:?}"),
    }
    assert_eq!(server.received().len(), 1);
    assert_eq!(
        server.profile_status("CUSTOM01").expect("CUSTOM01")["displayOrder"],
        5
    );
}

#[tokio::test]
async fn patch_answers_409_for_duplicate_names_and_orders() {
    let server = start().await;
    let client = lineworks_client(&server);
    let cases = [
        (
            ProfileStatusPatch::new(DOMAIN_ID).profile_status_name("Busy"),
            "The name \"Busy\" is already used by BUSY.",
        ),
        (
            ProfileStatusPatch::new(DOMAIN_ID).profile_status_name("회의 중"),
            "already used by CUSTOM02",
        ),
        (
            ProfileStatusPatch::new(DOMAIN_ID).display_order(6),
            "The display order 6 is already used by CUSTOM02.",
        ),
        (
            ProfileStatusPatch::new(DOMAIN_ID)
                .i18n_names(vec![I18nName::new("会議中", Language::JaJp)]),
            "The multilingual name \"会議中\" is already used by CUSTOM02.",
        ),
    ];
    for (patch, expected) in cases {
        let text = documented_text(
            client
                .update_profile_status(&ProfileStatusId::Custom01, &patch)
                .await,
            409,
            UpdateProfileStatusError::Conflict,
        );
        // The error is kept as the raw body text; the mock's body is JSON.
        let body: Value = serde_json::from_str(&text).expect("JSON error body");
        assert_eq!(body["code"], "CONFLICT");
        let description = body["description"].as_str().expect("description");
        assert!(
            description.contains(expected),
            "{description} lacks {expected} ({patch:?})"
        );
    }
    assert_eq!(server.received().len(), 4);
    assert_eq!(
        server.profile_status("CUSTOM01").expect("CUSTOM01")["profileStatusName"],
        "Tea time"
    );
}

#[tokio::test]
async fn put_documented_errors() {
    let server = start().await;
    let client = lineworks_client(&server);
    let id = add_status(&client, SEEDED_USER, &simple_status("외근 중")).await;

    // 400: the end lies in the past. The client cannot know "now", the server can.
    let ended = UserProfileStatusRequest::new(ProfileStatusId::Custom01)
        .start_time(time("2020-01-06T09:00:00+09:00"))
        .end_time(time("2020-01-06T18:00:00+09:00"));
    let text = documented_text(
        client
            .update_user_profile_status(SEEDED_USER, &id, &ended)
            .await,
        400,
        UpdateUserProfileStatusError::BadRequest,
    );
    assert!(text.contains("endTime must lie in the future."), "{text}");

    // 403: CUSTOM09 is a valid id but not defined in the domain.
    let unused = UserProfileStatusRequest::new(ProfileStatusId::Custom09);
    let text = documented_text(
        client
            .update_user_profile_status(SEEDED_USER, &id, &unused)
            .await,
        403,
        UpdateUserProfileStatusError::Forbidden,
    );
    assert!(text.contains("Not used status."), "{text}");

    // 403: statuses switched off for the domain.
    server.set_statuses_enabled(false);
    let text = documented_text(
        client
            .update_user_profile_status(SEEDED_USER, &id, &simple_status("재택 근무"))
            .await,
        403,
        UpdateUserProfileStatusError::Forbidden,
    );
    assert!(text.contains("The status must be enable."), "{text}");
    server.set_statuses_enabled(true);

    // 404: unknown member status id, and unknown member.
    let unknown_id = "uprofile-0000-4aae-c330-ffffffffffff";
    let text = documented_text(
        client
            .update_user_profile_status(SEEDED_USER, unknown_id, &simple_status("재택 근무"))
            .await,
        404,
        UpdateUserProfileStatusError::NotFound,
    );
    assert!(text.contains(unknown_id), "{text}");
    let text = documented_text(
        client
            .update_user_profile_status("nobody@example.com", &id, &simple_status("재택 근무"))
            .await,
        404,
        UpdateUserProfileStatusError::NotFound,
    );
    assert!(text.contains("nobody@example.com"), "{text}");

    // None of the failures changed the stored status.
    let stored = server.user_statuses(SEEDED_USER).expect("member");
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0]["statusMessage"], "외근 중");
    assert_eq!(server.received().len(), 6);
}

#[tokio::test]
async fn post_documented_errors() {
    let server = start().await;
    let client = lineworks_client(&server);

    let ended = UserProfileStatusRequest::new(ProfileStatusId::Custom02)
        .status_message("終了済み")
        .start_time(time("2021-04-01T09:00:00+09:00"))
        .end_time(time("2021-04-01T10:00:00+09:00"));
    let text = documented_text(
        client.create_user_profile_status(SEEDED_USER, &ended).await,
        400,
        CreateUserProfileStatusError::BadRequest,
    );
    assert!(text.contains("endTime must lie in the future."), "{text}");

    let unused = UserProfileStatusRequest::new(ProfileStatusId::Custom09);
    let text = documented_text(
        client
            .create_user_profile_status(SEEDED_USER, &unused)
            .await,
        403,
        CreateUserProfileStatusError::Forbidden,
    );
    assert!(text.contains("Not used status."), "{text}");

    server.set_statuses_enabled(false);
    let text = documented_text(
        client
            .create_user_profile_status(SEEDED_USER, &simple_status("출장 중"))
            .await,
        403,
        CreateUserProfileStatusError::Forbidden,
    );
    assert!(text.contains("The status must be enable."), "{text}");

    assert_eq!(server.received().len(), 3);
    assert_eq!(server.user_statuses(SEEDED_USER), Some(Vec::new()));
}

#[tokio::test]
async fn rocketchat_documented_errors_decode_their_bodies() {
    let server = start().await;
    let client = rocketchat_client(&server);

    let missing = CustomUserStatusUpdate::new("no-such-status-id", "不在", "away");
    assert_eq!(
        documented(client.update_custom_user_status(&missing).await, 400),
        UpdateCustomUserStatusError::BadRequest(FailureResponse {
            success: Some(false),
            error: Some(
                "No custom user status found with the id of \"no-such-status-id\".".to_owned()
            ),
        })
    );

    let wrong = rocketchat_builder(
        server.rocketchat_base_url(),
        "not-the-token",
        ROCKETCHAT_USER_ID,
    )
    .build()
    .expect("client");
    let update = CustomUserStatusUpdate::new(SEEDED_CUSTOM_STATUS_ID, "점심", "away");
    let error = wrong
        .update_custom_user_status(&update)
        .await
        .expect_err("wrong token");
    assert_eq!(error.status(), Some(401));
    assert_eq!(
        error.api_error(),
        Some(&UpdateCustomUserStatusError::Unauthorized(
            UnauthorizedResponse {
                status: Some("error".to_owned()),
                message: Some("You must be logged in to do this.".to_owned()),
            }
        ))
    );

    // A wrong user id with the right token is refused the same way.
    let wrong_user = rocketchat_builder(
        server.rocketchat_base_url(),
        ROCKETCHAT_AUTH_TOKEN,
        "someone-else",
    )
    .build()
    .expect("client");
    let error = documented(wrong_user.update_custom_user_status(&update).await, 401);
    assert!(
        matches!(
            &error,
            UpdateCustomUserStatusError::Unauthorized(body) if body.status.as_deref() == Some("error")
        ),
        "{error:?}"
    );

    let received = server.received();
    assert_eq!(received.len(), 3);
    assert_eq!(received[1].header("x-auth-token"), Some("not-the-token"));
    assert_eq!(received[2].header("x-user-id"), Some("someone-else"));
}

// ---------------------------------------------------------------------------------------------
// Checks made before sending
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn status_message_is_limited_to_50_characters_not_bytes() {
    let server = start().await;
    let client = lineworks_client(&server);
    let message = "오늘은 외근 중입니다. 급한 용무는 팀 채널로 연락 주세요. ";

    let fifty = chars_from(message, 50);
    assert_eq!(fifty.chars().count(), 50);
    assert!(
        fifty.len() > 100,
        "Korean text is several bytes a character"
    );
    let created = client
        .create_user_profile_status(SEEDED_USER, &simple_status(&fifty))
        .await
        .expect("50 characters are allowed");
    assert_eq!(created.status_message, Nullable::Value(fifty.clone()));
    assert_eq!(server.received().len(), 1);

    let fifty_one = chars_from(message, 51);
    let violations = refused(
        client
            .create_user_profile_status(SEEDED_USER, &simple_status(&fifty_one))
            .await,
    );
    assert_sole_violation(&violations, "body.statusMessage", "maxLength 50");
    assert_eq!(violations[0].found, "51 characters");

    let id = created.user_profile_status_id.clone().expect("id");
    let violations = refused(
        client
            .update_user_profile_status(SEEDED_USER, &id, &simple_status(&fifty_one))
            .await,
    );
    assert_violation(&violations, "body.statusMessage", "maxLength 50");

    let long_mail = AutoReplyMail::default()
        .external(AutoReplyMailSetting::default().content(chars_from("不在にしております。", 301)));
    let violations = refused(
        client
            .create_user_profile_status(
                SEEDED_USER,
                &simple_status("휴가").auto_reply_mail(long_mail),
            )
            .await,
    );
    assert_violation(
        &violations,
        "body.autoReplyMail.external.content",
        "maxLength 300",
    );

    assert_eq!(server.received().len(), 1, "refused requests were sent");
}

#[tokio::test]
async fn display_order_below_one_is_refused() {
    let server = start().await;
    let client = lineworks_client(&server);
    for order in [0, -1] {
        let patch = ProfileStatusPatch::new(DOMAIN_ID).display_order(order);
        let violations = refused(
            client
                .update_profile_status(&ProfileStatusId::Custom01, &patch)
                .await,
        );
        assert_sole_violation(&violations, "body.displayOrder", "minimum");
        assert_eq!(violations[0].found, order.to_string());
    }
    assert!(server.received().is_empty());
}

#[tokio::test]
async fn values_outside_the_enums_are_refused() {
    let server = start().await;
    let client = lineworks_client(&server);

    let unknown = ProfileStatusId::from("CUSTOM99");
    assert!(!unknown.is_known());
    let violations = refused(
        client
            .create_user_profile_status(
                SEEDED_USER,
                &UserProfileStatusRequest::new(unknown.clone()),
            )
            .await,
    );
    assert_violation(&violations, "body.profileStatusId", "enum");
    assert!(violations[0].found.contains("CUSTOM99"));

    let violations = refused(
        client
            .update_user_profile_status(
                SEEDED_USER,
                "uprofile-0000-4aae-c330-000000000001",
                &UserProfileStatusRequest::new(unknown.clone()),
            )
            .await,
    );
    assert_violation(&violations, "body.profileStatusId", "enum");

    // As a path parameter of PATCH.
    let violations = refused(
        client
            .update_profile_status(&unknown, &ProfileStatusPatch::new(DOMAIN_ID))
            .await,
    );
    assert_violation(&violations, "profileStatusId", "enum");

    // Nested enums: icon type and i18n language.
    let patch = ProfileStatusPatch::new(DOMAIN_ID)
        .icon_type(IconType::from("SLEEPING"))
        .i18n_names(vec![I18nName::new("En réunion", Language::from("fr_FR"))]);
    let violations = refused(
        client
            .update_profile_status(&ProfileStatusId::Custom01, &patch)
            .await,
    );
    assert_eq!(violations.len(), 2, "{violations:#?}");
    assert_violation(&violations, "body.iconType", "enum");
    assert_violation(&violations, "body.i18nNames[0].language", "enum");

    assert!(server.received().is_empty());
}

#[tokio::test]
async fn start_time_requires_end_time() {
    let server = start().await;
    let client = lineworks_client(&server);
    let request = UserProfileStatusRequest::new(ProfileStatusId::Custom01)
        .start_time(time("2050-03-20T09:00:00+09:00"));
    let violations = refused(
        client
            .create_user_profile_status(SEEDED_USER, &request)
            .await,
    );
    assert_sole_violation(
        &violations,
        "body.endTime",
        "`endTime` is required when `startTime` is set",
    );

    // An explicit null end counts as missing too.
    let request = request.clear_end_time();
    let violations = refused(
        client
            .update_user_profile_status(SEEDED_USER, "uprofile-x", &request)
            .await,
    );
    assert_violation(
        &violations,
        "body.endTime",
        "required when `startTime` is set",
    );
    assert!(server.received().is_empty());

    // An end without a start is allowed.
    let end_only = UserProfileStatusRequest::new(ProfileStatusId::Custom01)
        .end_time(time("2050-03-20T18:00:00+09:00"));
    client
        .create_user_profile_status(SEEDED_USER, &end_only)
        .await
        .expect("endTime alone is fine");
    assert_eq!(server.received().len(), 1);
}

#[tokio::test]
async fn end_time_before_start_time_is_refused() {
    let server = start().await;
    let client = lineworks_client(&server);
    let request = UserProfileStatusRequest::new(ProfileStatusId::Custom02)
        .start_time(time("2050-03-20T18:00:00+09:00"))
        .end_time(time("2050-03-20T09:00:00+09:00"));
    let violations = refused(
        client
            .create_user_profile_status(SEEDED_USER, &request)
            .await,
    );
    assert_sole_violation(
        &violations,
        "body.endTime",
        "must not be before `startTime`",
    );

    // Instants are compared, not text: 09:00+09:00 is 00:00Z, which is before 01:00Z.
    let request = UserProfileStatusRequest::new(ProfileStatusId::Custom02)
        .start_time(time("2050-03-20T01:00:00Z"))
        .end_time(time("2050-03-20T09:00:00+09:00"));
    let violations = refused(
        client
            .update_user_profile_status(SEEDED_USER, "uprofile-x", &request)
            .await,
    );
    assert_violation(
        &violations,
        "body.endTime",
        "must not be before `startTime`",
    );
    assert!(server.received().is_empty());
}

#[tokio::test]
async fn i18n_names_are_limited_to_20_characters() {
    let server = start().await;
    let client = lineworks_client(&server);

    let twenty = chars_from("会議中・打ち合わせ", 20);
    let patch = ProfileStatusPatch::new(DOMAIN_ID)
        .i18n_names(vec![I18nName::new(twenty.clone(), Language::JaJp)]);
    let ok = client
        .update_profile_status(&ProfileStatusId::Custom01, &patch)
        .await
        .expect("20 characters are allowed");
    assert_eq!(
        ok.i18n_names,
        Some(vec![I18nName::new(twenty, Language::JaJp)])
    );

    let twenty_one = chars_from("会議中・打ち合わせ", 21);
    let patch = ProfileStatusPatch::new(DOMAIN_ID).i18n_names(vec![
        I18nName::new("회의 중", Language::KoKr),
        I18nName::new(twenty_one, Language::JaJp),
    ]);
    let violations = refused(
        client
            .update_profile_status(&ProfileStatusId::Custom01, &patch)
            .await,
    );
    assert_sole_violation(&violations, "body.i18nNames[1].name", "maxLength 20");

    let violations = refused(
        client
            .update_profile_status(
                &ProfileStatusId::Custom01,
                &ProfileStatusPatch::new(DOMAIN_ID).profile_status_name(chars_from("점심", 21)),
            )
            .await,
    );
    assert_violation(&violations, "body.profileStatusName", "maxLength 20");
    assert_eq!(server.received().len(), 1);
}

#[tokio::test]
async fn every_violation_is_reported_at_once() {
    let server = start().await;
    let client = lineworks_client(&server);
    let request = UserProfileStatusRequest::new(ProfileStatusId::from("LUNCH"))
        .status_message(chars_from("会議", 60))
        .start_time(time("2050-03-20T09:00:00+09:00"));
    let error = client
        .create_user_profile_status(SEEDED_USER, &request)
        .await
        .expect_err("three violations");
    let Error::Validation(validation) = &error else {
        panic!("expected Error::Validation, got {error:?}");
    };
    assert_eq!(validation.violations.len(), 3, "{validation:#?}");
    assert_violation(&validation.violations, "body.profileStatusId", "enum");
    assert_violation(&validation.violations, "body.statusMessage", "maxLength 50");
    assert_violation(&validation.violations, "body.endTime", "required");
    let text = error.to_string();
    for field in ["body.profileStatusId", "body.statusMessage", "body.endTime"] {
        assert!(text.contains(field), "{text} lacks {field}");
    }
    assert_eq!(error.status(), None);
    assert!(server.received().is_empty());
}

// ---------------------------------------------------------------------------------------------
// Path parameters
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn path_parameters_reach_the_server_as_exactly_one_segment() {
    let server = start().await;
    let client = lineworks_client(&server);
    let cases = [
        ("a.b+c@example.com", "a.b%2Bc%40example.com"),
        ("externalKey:ABC/01", "externalKey%3AABC%2F01"),
        ("with space", "with%20space"),
        ("what?", "what%3F"),
        ("hash#tag", "hash%23tag"),
        ("100%", "100%25"),
        ("a/b", "a%2Fb"),
        ("김철수", "%EA%B9%80%EC%B2%A0%EC%88%98"),
        ("山田太郎", "%E5%B1%B1%E7%94%B0%E5%A4%AA%E9%83%8E"),
        ("~user_name-1.x", "~user_name-1.x"),
    ];
    for (user_id, encoded) in cases {
        server.add_user(user_id);
        server.clear_received();
        let collection = format!("/v1.0/users/{encoded}/user-profile-statuses");

        let list = client
            .list_user_profile_statuses(user_id)
            .await
            .unwrap_or_else(|e| panic!("list for {user_id:?}: {e:?}"));
        assert_eq!(list.user_profile_statuses, Some(Vec::new()), "{user_id:?}");

        let id = add_status(&client, user_id, &simple_status(user_id)).await;
        let stored = server
            .user_statuses(user_id)
            .unwrap_or_else(|| panic!("member {user_id:?} known"));
        assert_eq!(stored.len(), 1, "status stored for exactly {user_id:?}");
        assert_eq!(stored[0]["statusMessage"], user_id);

        client
            .update_user_profile_status(user_id, &id, &simple_status("갱신"))
            .await
            .unwrap_or_else(|e| panic!("PUT for {user_id:?}: {e:?}"));

        let received = server.received();
        let paths: Vec<(&str, &str)> = received
            .iter()
            .map(|r| (r.method.as_str(), r.raw_path.as_str()))
            .collect();
        let member = format!("{collection}/{id}");
        assert_eq!(
            paths,
            [
                ("GET", collection.as_str()),
                ("POST", collection.as_str()),
                ("PUT", member.as_str()),
            ],
            "{user_id:?}"
        );
        assert!(
            received.iter().all(|r| r.query.is_none()),
            "{user_id:?} leaked into the query: {received:#?}"
        );
    }
    // Only the registered members exist; none of the ids was split or merged.
    assert_eq!(server.user_statuses("a"), None);
    assert_eq!(server.user_statuses("externalKey:ABC"), None);
}

#[tokio::test]
async fn dot_segments_and_empty_path_values_are_refused() {
    let server = start().await;
    let client = lineworks_client(&server);
    for value in [".", "..", ""] {
        for violations in [
            refused(client.list_user_profile_statuses(value).await),
            refused(
                client
                    .create_user_profile_status(value, &simple_status("x"))
                    .await,
            ),
            refused(
                client
                    .update_user_profile_status(value, "uprofile-x", &simple_status("x"))
                    .await,
            ),
        ] {
            assert_eq!(violations.len(), 1, "{value:?}: {violations:#?}");
            assert_eq!(violations[0].field, "userId", "{value:?}");
        }
        let violations = refused(
            client
                .update_user_profile_status(SEEDED_USER, value, &simple_status("x"))
                .await,
        );
        assert_eq!(violations[0].field, "userProfileStatusId", "{value:?}");
    }
    // Dots inside a longer segment are ordinary characters.
    server.add_user("...");
    client
        .list_user_profile_statuses("...")
        .await
        .expect("`...` is a plain segment");
    let received = server.received();
    assert_eq!(received.len(), 1, "{received:#?}");
    assert_eq!(
        received[0].raw_path,
        "/v1.0/users/.../user-profile-statuses"
    );
}

// ---------------------------------------------------------------------------------------------
// Credentials
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn missing_credentials_are_refused_before_sending() {
    let server = start().await;
    let client = lineworks::Client::builder()
        .base_url(server.lineworks_base_url())
        .http_client(direct_http())
        .build()
        .expect("a client without credentials builds");
    let patch = ProfileStatusPatch::new(DOMAIN_ID).display_order(9);
    let errors = [
        format!(
            "{:?}",
            client
                .update_profile_status(&ProfileStatusId::Custom01, &patch)
                .await
                .expect_err("no token")
        ),
        format!(
            "{:?}",
            client
                .list_user_profile_statuses(SEEDED_USER)
                .await
                .expect_err("no token")
        ),
        format!(
            "{:?}",
            client
                .create_user_profile_status(SEEDED_USER, &simple_status("x"))
                .await
                .expect_err("no token")
        ),
        format!(
            "{:?}",
            client
                .update_user_profile_status(SEEDED_USER, "uprofile-x", &simple_status("x"))
                .await
                .expect_err("no token")
        ),
    ];
    for error in &errors {
        assert!(error.starts_with("MissingCredentials"), "{error}");
        assert!(error.contains("oauth2"), "{error}");
    }

    // Rocket.Chat needs both headers: one alone is not enough.
    let [half, other_half] = support::rocketchat_halves(
        server.rocketchat_base_url(),
        ROCKETCHAT_AUTH_TOKEN,
        ROCKETCHAT_USER_ID,
    );
    let update = CustomUserStatusUpdate::new(SEEDED_CUSTOM_STATUS_ID, "x", "busy");
    match half.update_custom_user_status(&update).await {
        Err(Error::MissingCredentials { needed }) => {
            assert!(
                needed.contains("authToken") && needed.contains("userId"),
                "{needed}"
            )
        }
        other => panic!("expected MissingCredentials, got {other:?}"),
    }
    assert!(matches!(
        other_half.update_custom_user_status(&update).await,
        Err(Error::MissingCredentials { .. })
    ));

    assert!(server.received().is_empty(), "{:#?}", server.received());
}

#[tokio::test]
async fn token_provider_is_asked_once_per_request() {
    let server = start().await;
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = calls.clone();
    let client = lineworks::Client::builder()
        .base_url(server.lineworks_base_url())
        .token_provider(move || {
            counter.fetch_add(1, Ordering::SeqCst);
            async { Ok::<Secret, BoxError>(Secret::from(LINEWORKS_TOKEN)) }
        })
        .http_client(direct_http())
        .build()
        .expect("client");
    assert_eq!(calls.load(Ordering::SeqCst), 0, "not asked while building");

    client
        .list_user_profile_statuses(SEEDED_USER)
        .await
        .expect("list");
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    let id = add_status(&client, SEEDED_USER, &simple_status("연차")).await;
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    client
        .update_user_profile_status(SEEDED_USER, &id, &simple_status("반차"))
        .await
        .expect("PUT");
    client
        .update_profile_status(
            &ProfileStatusId::Custom01,
            &ProfileStatusPatch::new(DOMAIN_ID).display_order(11),
        )
        .await
        .expect("PATCH");
    assert_eq!(calls.load(Ordering::SeqCst), 4);

    // A request refused before sending does not ask for a token.
    let _ = refused(
        client
            .create_user_profile_status(SEEDED_USER, &simple_status(&"가".repeat(51)))
            .await,
    );
    assert_eq!(calls.load(Ordering::SeqCst), 4);

    let received = server.received();
    assert_eq!(received.len(), 4);
    let bearer = format!("Bearer {LINEWORKS_TOKEN}");
    assert!(received
        .iter()
        .all(|r| r.header("authorization") == Some(bearer.as_str())));
}

#[tokio::test]
async fn failing_token_provider_stops_the_request() {
    let server = start().await;
    let client = lineworks::Client::builder()
        .base_url(server.lineworks_base_url())
        .token_provider(|| async { Err::<Secret, BoxError>("token endpoint unreachable".into()) })
        .http_client(direct_http())
        .build()
        .expect("client");
    match client.list_user_profile_statuses(SEEDED_USER).await {
        Err(Error::Token(error)) => {
            assert!(error.to_string().contains("token endpoint unreachable"))
        }
        other => panic!("expected Error::Token, got {other:?}"),
    }
    assert!(server.received().is_empty());
}

// ---------------------------------------------------------------------------------------------
// Answers the spec does not describe, and no answer at all
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn undocumented_statuses_are_unexpected() {
    let server = start().await;

    // A wrong base path: the server's fallback answers 404, which `list` does not document.
    let misrouted = lineworks_builder(format!("http://{}/v2.0/", server.addr()), LINEWORKS_TOKEN)
        .build()
        .expect("client");
    let body = undocumented(misrouted.list_user_profile_statuses(SEEDED_USER).await, 404);
    assert_eq!(body, "");
    assert_eq!(
        only_request(&server).raw_path,
        format!("/v2.0/users/{SEEDED_USER}/user-profile-statuses")
    );

    // An unknown member: 404 is not documented for list either; the body is kept.
    let client = lineworks_client(&server);
    let error = client
        .list_user_profile_statuses("nobody@example.com")
        .await
        .expect_err("unknown member");
    assert_eq!(error.status(), Some(404));
    match &error {
        Error::UnexpectedStatus {
            status: 404, body, ..
        } => {
            assert!(body.contains("NOT_FOUND"), "{body}");
            assert!(body.contains("nobody@example.com"), "{body}");
        }
        other => panic!("expected UnexpectedStatus 404, got {other:?}"),
    }

    // A wrong token: LINE WORKS documents no 401 for these operations.
    let wrong_token = lineworks_builder(server.lineworks_base_url(), "expired-token")
        .build()
        .expect("client");
    let patch = ProfileStatusPatch::new(DOMAIN_ID).display_order(9);
    let body = undocumented(
        wrong_token
            .update_profile_status(&ProfileStatusId::Custom01, &patch)
            .await,
        401,
    );
    assert!(body.contains("UNAUTHORIZED"), "{body}");

    // PATCH of a valid but undefined status id: 404, undocumented for PATCH.
    let patch = ProfileStatusPatch::new(DOMAIN_ID).display_order(30);
    let body = undocumented(
        client
            .update_profile_status(&ProfileStatusId::Custom12, &patch)
            .await,
        404,
    );
    assert!(body.contains("CUSTOM12"), "{body}");
    assert_eq!(server.received().len(), 4);
}

#[tokio::test]
async fn undecodable_success_body_is_a_decode_error_keeping_the_body() {
    let body = r#"{"userProfileStatuses": [{"scheduleType": "PRESENT", "#;
    let (base, request) = canned_server(http_response("200 OK", "application/json", body));
    let client = lineworks_builder(format!("{base}/v1.0"), LINEWORKS_TOKEN)
        .build()
        .expect("client");
    let (kept, message) = undecodable(client.list_user_profile_statuses(SEEDED_USER).await, 200);
    assert_eq!(kept, body);
    assert!(!message.is_empty());
    let request = request.join().expect("canned server");
    assert!(
        request.starts_with(&format!(
            "GET /v1.0/users/{SEEDED_USER}/user-profile-statuses HTTP/1.1\r\n"
        )),
        "{request}"
    );

    // Valid JSON of the wrong shape is a decode error too.
    let body = r#"{"userProfileStatuses": "none"}"#;
    let (base, request) = canned_server(http_response("200 OK", "application/json", body));
    let client = lineworks_builder(base, LINEWORKS_TOKEN)
        .build()
        .expect("client");
    let (kept, _) = undecodable(client.list_user_profile_statuses(SEEDED_USER).await, 200);
    assert_eq!(kept, body);
    request.join().expect("canned server");
}

#[tokio::test]
async fn undecodable_documented_error_body_is_a_decode_error() {
    // Rocket.Chat's 400 has a declared JSON body; an HTML page instead cannot be decoded.
    let page = "<html><body>400 Bad Request</body></html>";
    let (base, request) = canned_server(http_response("400 Bad Request", "text/html", page));
    let client = rocketchat_builder(base, ROCKETCHAT_AUTH_TOKEN, ROCKETCHAT_USER_ID)
        .build()
        .expect("client");
    let update = CustomUserStatusUpdate::new(SEEDED_CUSTOM_STATUS_ID, "회의", "busy");
    let (body, _) = undecodable(client.update_custom_user_status(&update).await, 400);
    assert_eq!(body, page);
    let request = request.join().expect("canned server");
    assert!(
        request.starts_with("POST /api/v1/custom-user-status.update HTTP/1.1\r\n"),
        "{request}"
    );
    assert!(request.ends_with(&format!(
        r#"{{"_id":"{SEEDED_CUSTOM_STATUS_ID}","name":"회의","statusType":"busy"}}"#
    )));
}

#[tokio::test]
async fn builder_timeout_gives_up_on_a_silent_server() {
    let base = silent_server();
    let timeout = Duration::from_millis(200);
    let builder = lineworks::Client::builder()
        .base_url(format!("{base}/v1.0"))
        .access_token(LINEWORKS_TOKEN)
        .timeout(timeout);
    // The builder's own reqwest client honours proxy variables; if any is set, a proxy would
    // answer instead of the silent server, so fall back to an injected client with the timeout.
    let client = if proxy_configured() {
        builder.http_client(direct_http_with_timeout(timeout))
    } else {
        builder
    }
    .build()
    .expect("client");

    let started = Instant::now();
    let result = client.list_user_profile_statuses(SEEDED_USER).await;
    let elapsed = started.elapsed();
    assert!(
        matches!(result, Err(Error::Timeout)),
        "expected Error::Timeout, got {result:?}"
    );
    assert!(elapsed >= timeout, "gave up after {elapsed:?}");
    assert!(elapsed < Duration::from_secs(5), "took {elapsed:?}");
}

#[tokio::test]
async fn injected_client_timeout_is_reported_as_timeout() {
    let base = silent_server();
    let client = rocketchat_builder(base, ROCKETCHAT_AUTH_TOKEN, ROCKETCHAT_USER_ID)
        .http_client(direct_http_with_timeout(Duration::from_millis(150)))
        .build()
        .expect("client");
    let update = CustomUserStatusUpdate::new(SEEDED_CUSTOM_STATUS_ID, "회의", "busy");
    let started = Instant::now();
    let result = client.update_custom_user_status(&update).await;
    assert!(
        matches!(result, Err(Error::Timeout)),
        "expected Error::Timeout, got {result:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn refused_connection_is_a_transport_error() {
    // Bind, note the port, and close again: nothing listens there any more.
    let addr = free_address();
    let client = lineworks_builder(format!("http://{addr}/v1.0"), LINEWORKS_TOKEN)
        .build()
        .expect("client");
    let result = client.list_user_profile_statuses(SEEDED_USER).await;
    match &result {
        Err(error @ Error::Transport(_)) => assert_eq!(error.status(), None),
        other => panic!("expected Error::Transport, got {other:?}"),
    }
}

#[test]
fn invalid_base_url_fails_to_build() {
    let error = lineworks::Client::builder()
        .base_url("not a url")
        .build()
        .expect_err("invalid base URL");
    assert!(error.to_string().contains("not a url"), "{error}");
}

#[test]
fn base_url_defaults_to_the_spec_server_and_drops_a_trailing_slash() {
    let client = lineworks::Client::builder()
        .http_client(direct_http())
        .build()
        .expect("client");
    assert_eq!(client.base_url(), lineworks::Client::DEFAULT_BASE_URL);
    let client = rocketchat::Client::builder()
        .base_url("http://127.0.0.1:9/")
        .http_client(direct_http())
        .build()
        .expect("client");
    assert_eq!(client.base_url(), "http://127.0.0.1:9");
}
