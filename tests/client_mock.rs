//! Every operation of both generated clients, driven against the in-process vendor mock:
//! successes with realistic (Korean and Japanese) data, every documented error through the
//! typed error enums, the checks made before sending, path encoding, credentials, and the
//! failures that are not the server's answer (undocumented status, undecodable body, timeout,
//! refused connection).
//!
//! Every client talks to 127.0.0.1 through a `reqwest::Client` built with `no_proxy()`, because
//! reqwest honours `HTTP_PROXY` even for loopback addresses.

use std::fmt::Debug;
use std::io::{Read, Write};
use std::net::{Ipv4Addr, TcpListener};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use oagen_runtime::{reqwest, BoxError, DateTime, Error, Nullable, Secret, Violation};
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
use vendor_mock::{
    ListKey, MockServer, ReceivedRequest, DOMAIN_ID, LINEWORKS_TOKEN, ROCKETCHAT_AUTH_TOKEN,
    ROCKETCHAT_USER_ID, SEEDED_CUSTOM_STATUS_ID, SEEDED_USER,
};

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

const USER_AGENT: &str = "status-apis-integration-tests/1.0";

/// A reqwest client that never goes through a proxy.
fn direct_http() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("reqwest client")
}

async fn start() -> MockServer {
    MockServer::start().await.expect("mock server starts")
}

fn lineworks_client(server: &MockServer) -> lineworks::Client {
    lineworks::Client::builder()
        .base_url(server.lineworks_base_url())
        .access_token(LINEWORKS_TOKEN)
        .user_agent(USER_AGENT)
        .http_client(direct_http())
        .build()
        .expect("LINE WORKS client")
}

fn rocketchat_client(server: &MockServer) -> rocketchat::Client {
    rocketchat::Client::builder()
        .base_url(server.rocketchat_base_url())
        .auth_token(ROCKETCHAT_AUTH_TOKEN)
        .user_id(ROCKETCHAT_USER_ID)
        .user_agent(USER_AGENT)
        .http_client(direct_http())
        .build()
        .expect("Rocket.Chat client")
}

fn time(text: &str) -> DateTime {
    DateTime::parse(text).expect("valid RFC 3339 test timestamp")
}

/// `count` characters taken from `text`, repeated as often as needed.
fn chars_from(text: &str, count: usize) -> String {
    text.chars().cycle().take(count).collect()
}

/// The only request the server received.
fn only_request(server: &MockServer) -> ReceivedRequest {
    let received = server.received();
    assert_eq!(
        received.len(),
        1,
        "expected exactly one request: {received:#?}"
    );
    received.into_iter().next().expect("one request")
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

/// A server on 127.0.0.1 that answers the first connection with `response` (raw HTTP) and
/// hands back the request it read.
fn canned_server(response: String) -> (String, JoinHandle<String>) {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind 127.0.0.1");
    let addr = listener.local_addr().expect("local addr");
    let handle = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().expect("accept");
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .expect("read timeout");
        let request = read_request(&mut stream);
        stream.write_all(response.as_bytes()).expect("write answer");
        stream.flush().expect("flush");
        request
    });
    (format!("http://{addr}"), handle)
}

/// Reads one HTTP/1.1 request: the head, then `Content-Length` bytes of body.
fn read_request(stream: &mut impl Read) -> String {
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    let head_end = loop {
        if let Some(pos) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break pos + 4;
        }
        let n = stream.read(&mut buf).expect("read request");
        assert!(n > 0, "connection closed before the request head ended");
        data.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8_lossy(&data[..head_end]).into_owned();
    let length: usize = head
        .lines()
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("content-length"))
        .map(|(_, value)| value.trim().parse().expect("numeric Content-Length"))
        .unwrap_or(0);
    while data.len() < head_end + length {
        let n = stream.read(&mut buf).expect("read body");
        assert!(n > 0, "connection closed before the body ended");
        data.extend_from_slice(&buf[..n]);
    }
    String::from_utf8_lossy(&data).into_owned()
}

fn http_response(status_line: &str, content_type: &str, body: &str) -> String {
    format!(
        "HTTP/1.1 {status_line}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
}

/// A server on 127.0.0.1 that accepts connections and never answers.
fn silent_server() -> String {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind 127.0.0.1");
    let addr = listener.local_addr().expect("local addr");
    std::thread::spawn(move || {
        // Keep every connection open (and unanswered) for as long as the test binary runs.
        let mut held = Vec::new();
        for stream in listener.incoming() {
            match stream {
                Ok(stream) => held.push(stream),
                Err(_) => break,
            }
        }
    });
    format!("http://{addr}")
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
    let updated_at = status.updated_at.expect("_updatedAt in the answer");
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
    assert!(again.updated_at.expect("_updatedAt") >= updated_at);
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
        assert_eq!(violations.len(), 1, "{violations:#?}");
        assert_violation(&violations, "body.profileStatusName", &rule);

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
        match client
            .update_profile_status(&ProfileStatusId::Custom01, &patch)
            .await
        {
            Err(Error::Api {
                status: 409,
                error: UpdateProfileStatusError::Conflict(text),
                ..
            }) => {
                // The error is kept as the raw body text; the mock's body is JSON.
                let body: Value = serde_json::from_str(&text).expect("JSON error body");
                assert_eq!(body["code"], "CONFLICT");
                let description = body["description"].as_str().expect("description");
                assert!(
                    description.contains(expected),
                    "{description} lacks {expected}"
                );
            }
            other => panic!("expected 409 Conflict for {patch:?}, got {other:?}"),
        }
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
    match client
        .update_user_profile_status(SEEDED_USER, &id, &ended)
        .await
    {
        Err(Error::Api {
            status: 400,
            error: UpdateUserProfileStatusError::BadRequest(text),
            ..
        }) => assert!(text.contains("endTime must lie in the future."), "{text}"),
        other => panic!("expected 400 BadRequest, got {other:?}"),
    }

    // 403: CUSTOM09 is a valid id but not defined in the domain.
    let unused = UserProfileStatusRequest::new(ProfileStatusId::Custom09);
    match client
        .update_user_profile_status(SEEDED_USER, &id, &unused)
        .await
    {
        Err(Error::Api {
            status: 403,
            error: UpdateUserProfileStatusError::Forbidden(text),
            ..
        }) => assert!(text.contains("Not used status."), "{text}"),
        other => panic!("expected 403 Forbidden, got {other:?}"),
    }

    // 403: statuses switched off for the domain.
    server.set_statuses_enabled(false);
    match client
        .update_user_profile_status(SEEDED_USER, &id, &simple_status("재택 근무"))
        .await
    {
        Err(Error::Api {
            status: 403,
            error: UpdateUserProfileStatusError::Forbidden(text),
            ..
        }) => assert!(text.contains("The status must be enable."), "{text}"),
        other => panic!("expected 403 Forbidden, got {other:?}"),
    }
    server.set_statuses_enabled(true);

    // 404: unknown member status id, and unknown member.
    let unknown_id = "uprofile-0000-4aae-c330-ffffffffffff";
    match client
        .update_user_profile_status(SEEDED_USER, unknown_id, &simple_status("재택 근무"))
        .await
    {
        Err(Error::Api {
            status: 404,
            error: UpdateUserProfileStatusError::NotFound(text),
            ..
        }) => assert!(text.contains(unknown_id), "{text}"),
        other => panic!("expected 404 NotFound, got {other:?}"),
    }
    match client
        .update_user_profile_status("nobody@example.com", &id, &simple_status("재택 근무"))
        .await
    {
        Err(Error::Api {
            status: 404,
            error: UpdateUserProfileStatusError::NotFound(text),
            ..
        }) => assert!(text.contains("nobody@example.com"), "{text}"),
        other => panic!("expected 404 NotFound, got {other:?}"),
    }

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
    match client.create_user_profile_status(SEEDED_USER, &ended).await {
        Err(Error::Api {
            status: 400,
            error: CreateUserProfileStatusError::BadRequest(text),
            ..
        }) => assert!(text.contains("endTime must lie in the future."), "{text}"),
        other => panic!("expected 400 BadRequest, got {other:?}"),
    }

    let unused = UserProfileStatusRequest::new(ProfileStatusId::Custom09);
    match client
        .create_user_profile_status(SEEDED_USER, &unused)
        .await
    {
        Err(Error::Api {
            status: 403,
            error: CreateUserProfileStatusError::Forbidden(text),
            ..
        }) => assert!(text.contains("Not used status."), "{text}"),
        other => panic!("expected 403 Forbidden, got {other:?}"),
    }

    server.set_statuses_enabled(false);
    match client
        .create_user_profile_status(SEEDED_USER, &simple_status("출장 중"))
        .await
    {
        Err(Error::Api {
            status: 403,
            error: CreateUserProfileStatusError::Forbidden(text),
            ..
        }) => assert!(text.contains("The status must be enable."), "{text}"),
        other => panic!("expected 403 Forbidden, got {other:?}"),
    }

    assert_eq!(server.received().len(), 3);
    assert_eq!(server.user_statuses(SEEDED_USER), Some(Vec::new()));
}

#[tokio::test]
async fn rocketchat_documented_errors_decode_their_bodies() {
    let server = start().await;
    let client = rocketchat_client(&server);

    let missing = CustomUserStatusUpdate::new("no-such-status-id", "不在", "away");
    match client.update_custom_user_status(&missing).await {
        Err(Error::Api {
            status: 400,
            error: UpdateCustomUserStatusError::BadRequest(body),
            ..
        }) => assert_eq!(
            body,
            FailureResponse {
                success: Some(false),
                error: Some(
                    "No custom user status found with the id of \"no-such-status-id\".".to_owned()
                ),
            }
        ),
        other => panic!("expected 400 BadRequest, got {other:?}"),
    }

    let wrong = rocketchat::Client::builder()
        .base_url(server.rocketchat_base_url())
        .auth_token("not-the-token")
        .user_id(ROCKETCHAT_USER_ID)
        .http_client(direct_http())
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
    let wrong_user = rocketchat::Client::builder()
        .base_url(server.rocketchat_base_url())
        .auth_token(ROCKETCHAT_AUTH_TOKEN)
        .user_id("someone-else")
        .http_client(direct_http())
        .build()
        .expect("client");
    match wrong_user.update_custom_user_status(&update).await {
        Err(Error::Api {
            status: 401,
            error: UpdateCustomUserStatusError::Unauthorized(body),
            ..
        }) => assert_eq!(body.status.as_deref(), Some("error")),
        other => panic!("expected 401 Unauthorized, got {other:?}"),
    }

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
    assert_eq!(violations.len(), 1, "{violations:#?}");
    assert_violation(&violations, "body.statusMessage", "maxLength 50");
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
        assert_eq!(violations.len(), 1, "{violations:#?}");
        assert_violation(&violations, "body.displayOrder", "minimum");
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
    assert_eq!(violations.len(), 1, "{violations:#?}");
    assert_violation(
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
    assert_eq!(violations.len(), 1, "{violations:#?}");
    assert_violation(
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
    assert_eq!(violations.len(), 1, "{violations:#?}");
    assert_violation(&violations, "body.i18nNames[1].name", "maxLength 20");

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
    let half = rocketchat::Client::builder()
        .base_url(server.rocketchat_base_url())
        .auth_token(ROCKETCHAT_AUTH_TOKEN)
        .http_client(direct_http())
        .build()
        .expect("client");
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
    let other_half = rocketchat::Client::builder()
        .base_url(server.rocketchat_base_url())
        .user_id(ROCKETCHAT_USER_ID)
        .http_client(direct_http())
        .build()
        .expect("client");
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
    let misrouted = lineworks::Client::builder()
        .base_url(format!("http://{}/v2.0/", server.addr()))
        .access_token(LINEWORKS_TOKEN)
        .http_client(direct_http())
        .build()
        .expect("client");
    match misrouted.list_user_profile_statuses(SEEDED_USER).await {
        Err(Error::UnexpectedStatus { status: 404, body }) => assert_eq!(body, ""),
        other => panic!("expected UnexpectedStatus 404, got {other:?}"),
    }
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
        Error::UnexpectedStatus { status: 404, body } => {
            assert!(body.contains("NOT_FOUND"), "{body}");
            assert!(body.contains("nobody@example.com"), "{body}");
        }
        other => panic!("expected UnexpectedStatus 404, got {other:?}"),
    }

    // A wrong token: LINE WORKS documents no 401 for these operations.
    let wrong_token = lineworks::Client::builder()
        .base_url(server.lineworks_base_url())
        .access_token("expired-token")
        .http_client(direct_http())
        .build()
        .expect("client");
    match wrong_token
        .update_profile_status(
            &ProfileStatusId::Custom01,
            &ProfileStatusPatch::new(DOMAIN_ID).display_order(9),
        )
        .await
    {
        Err(Error::UnexpectedStatus { status: 401, body }) => {
            assert!(body.contains("UNAUTHORIZED"), "{body}")
        }
        other => panic!("expected UnexpectedStatus 401, got {other:?}"),
    }

    // PATCH of a valid but undefined status id: 404, undocumented for PATCH.
    match client
        .update_profile_status(
            &ProfileStatusId::Custom12,
            &ProfileStatusPatch::new(DOMAIN_ID).display_order(30),
        )
        .await
    {
        Err(Error::UnexpectedStatus { status: 404, body }) => {
            assert!(body.contains("CUSTOM12"), "{body}")
        }
        other => panic!("expected UnexpectedStatus 404, got {other:?}"),
    }
    assert_eq!(server.received().len(), 4);
}

#[tokio::test]
async fn undecodable_success_body_is_a_decode_error_keeping_the_body() {
    let body = r#"{"userProfileStatuses": [{"scheduleType": "PRESENT", "#;
    let (base, request) = canned_server(http_response("200 OK", "application/json", body));
    let client = lineworks::Client::builder()
        .base_url(format!("{base}/v1.0"))
        .access_token(LINEWORKS_TOKEN)
        .http_client(direct_http())
        .build()
        .expect("client");
    match client.list_user_profile_statuses(SEEDED_USER).await {
        Err(Error::Decode {
            status: 200,
            body: kept,
            message,
        }) => {
            assert_eq!(kept, body);
            assert!(!message.is_empty());
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
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
    let client = lineworks::Client::builder()
        .base_url(base)
        .access_token(LINEWORKS_TOKEN)
        .http_client(direct_http())
        .build()
        .expect("client");
    match client.list_user_profile_statuses(SEEDED_USER).await {
        Err(Error::Decode {
            status: 200,
            body: kept,
            ..
        }) => assert_eq!(kept, body),
        other => panic!("expected Error::Decode, got {other:?}"),
    }
    request.join().expect("canned server");
}

#[tokio::test]
async fn undecodable_documented_error_body_is_a_decode_error() {
    // Rocket.Chat's 400 has a declared JSON body; an HTML page instead cannot be decoded.
    let page = "<html><body>400 Bad Request</body></html>";
    let (base, request) = canned_server(http_response("400 Bad Request", "text/html", page));
    let client = rocketchat::Client::builder()
        .base_url(base)
        .auth_token(ROCKETCHAT_AUTH_TOKEN)
        .user_id(ROCKETCHAT_USER_ID)
        .http_client(direct_http())
        .build()
        .expect("client");
    let update = CustomUserStatusUpdate::new(SEEDED_CUSTOM_STATUS_ID, "회의", "busy");
    match client.update_custom_user_status(&update).await {
        Err(Error::Decode {
            status: 400, body, ..
        }) => assert_eq!(body, page),
        other => panic!("expected Error::Decode, got {other:?}"),
    }
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
        builder.http_client(
            reqwest::Client::builder()
                .no_proxy()
                .timeout(timeout)
                .build()
                .expect("reqwest client"),
        )
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
    let client = rocketchat::Client::builder()
        .base_url(base)
        .auth_token(ROCKETCHAT_AUTH_TOKEN)
        .user_id(ROCKETCHAT_USER_ID)
        .http_client(
            reqwest::Client::builder()
                .no_proxy()
                .timeout(Duration::from_millis(150))
                .build()
                .expect("reqwest client"),
        )
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
    let addr = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|listener| listener.local_addr())
        .expect("free port");
    let client = lineworks::Client::builder()
        .base_url(format!("http://{addr}/v1.0"))
        .access_token(LINEWORKS_TOKEN)
        .http_client(direct_http())
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
