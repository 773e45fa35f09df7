//! Successes with realistic (Korean and Japanese) data.

use oagen_runtime::{DateTime, Nullable};
use serde_json::json;
use status_apis::lineworks::{
    AutoReplyMail, AutoReplyMailSetting, I18nName, IconType, Language, ProfileStatusId,
    ProfileStatusPatch, ScheduleType, UserProfileStatusRequest,
};
use status_apis::rocketchat::CustomUserStatusUpdate;
use vendor_mock::{
    ListKey, DOMAIN_ID, LINEWORKS_TOKEN, ROCKETCHAT_AUTH_TOKEN, ROCKETCHAT_USER_ID,
    SEEDED_CUSTOM_STATUS_ID, SEEDED_USER,
};

use crate::helpers::{
    add_status, http_response, json_body, lineworks_client, rocketchat_client, simple_status,
    start, USER_AGENT,
};
use crate::support::{canned_server, only_request, rocketchat_builder, time};

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
