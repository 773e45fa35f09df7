//! The checks made before sending.

use oagen_runtime::{Error, Nullable};
use status_apis::lineworks::{
    AutoReplyMail, AutoReplyMailSetting, I18nName, IconType, Language, ProfileStatusId,
    ProfileStatusPatch, UserProfileStatusRequest,
};
use vendor_mock::{DOMAIN_ID, SEEDED_USER};

use crate::helpers::{
    assert_sole_violation, assert_violation, chars_from, lineworks_client, refused, simple_status,
    start,
};
use crate::support::time;

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
        "must be later than `startTime`",
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
        "must be later than `startTime`",
    );

    // Equal instants (written with different offsets) are refused too: the end must be later.
    let request = UserProfileStatusRequest::new(ProfileStatusId::Custom02)
        .start_time(time("2050-03-20T00:00:00Z"))
        .end_time(time("2050-03-20T09:00:00+09:00"));
    let violations = refused(
        client
            .create_user_profile_status(SEEDED_USER, &request)
            .await,
    );
    assert_sole_violation(
        &violations,
        "body.endTime",
        "must be later than `startTime`",
    );
    assert!(server.received().is_empty());

    // One second later is fine.
    let request = UserProfileStatusRequest::new(ProfileStatusId::Custom02)
        .start_time(time("2050-03-20T09:00:00+09:00"))
        .end_time(time("2050-03-20T09:00:01+09:00"));
    client
        .create_user_profile_status(SEEDED_USER, &request)
        .await
        .expect("an end one second after the start");
    assert_eq!(server.received().len(), 1);
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
