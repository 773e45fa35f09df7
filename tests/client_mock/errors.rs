//! Documented errors, through the typed error enums.

use oagen_runtime::Error;
use serde_json::Value;
use status_apis::lineworks::{
    CreateUserProfileStatusError, I18nName, IconType, Language, ProfileStatusId,
    ProfileStatusPatch, UpdateProfileStatusError, UpdateUserProfileStatusError,
    UserProfileStatusRequest,
};
use status_apis::rocketchat::{
    CustomUserStatusUpdate, FailureResponse, UnauthorizedResponse, UpdateCustomUserStatusError,
};
use vendor_mock::{
    DOMAIN_ID, ROCKETCHAT_AUTH_TOKEN, ROCKETCHAT_USER_ID, SEEDED_CUSTOM_STATUS_ID, SEEDED_USER,
};

use crate::helpers::{
    add_status, assert_sole_violation, assert_violation, documented, documented_text,
    lineworks_client, refused, rocketchat_client, simple_status, start,
};
use crate::support::{rocketchat_builder, time};

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
