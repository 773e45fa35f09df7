//! Decoding that must not break on what real servers send, and encoding that sends exactly what
//! the caller set: unknown enum values, unknown fields, the three states of a nullable field,
//! spec defaults, and the builders.

mod support;

use oagen_runtime::Nullable;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};
use status_apis::lineworks::{
    AutoReplyMail, AutoReplyMailSetting, I18nName, IconType, Language, ProfileStatus,
    ProfileStatusId, ProfileStatusPatch, ScheduleType, UserProfileStatus, UserProfileStatusList,
    UserProfileStatusRequest,
};
use status_apis::rocketchat::{
    CustomUserStatusUpdateResponse, FailureResponse, UnauthorizedResponse,
};
use support::seeds;

fn decode<T: DeserializeOwned>(value: &Value) -> T {
    serde_json::from_value(value.clone()).unwrap_or_else(|error| {
        panic!(
            "{value} does not decode into {}: {error}",
            std::any::type_name::<T>()
        )
    })
}

fn encode<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).expect("encodes")
}

/// The `ProfileStatus` response of page 000; `overrides` replaces or adds top-level keys.
fn profile_status_json(overrides: Value) -> Value {
    seeds::merged(seeds::profile_status_json(), overrides)
}

// ---- unknown enum values ----

#[test]
fn unknown_enum_values_decode_to_the_catch_all_and_encode_unchanged() {
    let body = profile_status_json(json!({
        "profileStatusId": "CUSTOM99",
        "iconType": "NEW_ICON",
        "i18nNames": [{ "name": "Nom", "language": "fr_FR" }]
    }));
    let status: ProfileStatus = decode(&body);
    assert_eq!(
        status.profile_status_id,
        ProfileStatusId::Other("CUSTOM99".to_owned())
    );
    assert!(!status.profile_status_id.is_known());
    assert_eq!(status.profile_status_id.as_str(), "CUSTOM99");
    assert_eq!(status.icon_type, IconType::Other("NEW_ICON".to_owned()));
    assert!(!status.icon_type.is_known());
    assert_eq!(
        status.i18n_names,
        Some(vec![I18nName::new(
            "Nom",
            Language::Other("fr_FR".to_owned())
        )])
    );
    assert_eq!(encode(&status), body);

    let mut member = seeds::user_profile_status_json();
    member["scheduleType"] = json!("TENTATIVE");
    member["profileStatusId"] = json!("CUSTOM99");
    let member_status: UserProfileStatus = decode(&member);
    assert_eq!(
        member_status.schedule_type,
        Some(ScheduleType::Other("TENTATIVE".to_owned()))
    );
    assert_eq!(
        member_status.profile_status_id,
        Some(ProfileStatusId::Other("CUSTOM99".to_owned()))
    );
    assert_eq!(encode(&member_status), member);
}

#[test]
fn unknown_enum_values_from_the_caller_are_sent_as_given() {
    let patch = ProfileStatusPatch::new(10000001).icon_type("NEW_ICON");
    assert_eq!(
        patch.icon_type,
        Some(IconType::Other("NEW_ICON".to_owned()))
    );
    assert_eq!(
        encode(&patch),
        json!({ "domainId": 10000001, "iconType": "NEW_ICON" })
    );
    let request = UserProfileStatusRequest::new("CUSTOM99");
    assert_eq!(encode(&request), json!({ "profileStatusId": "CUSTOM99" }));
}

#[test]
fn unknown_values_are_never_confused_with_known_ones() {
    // Case matters on the wire: a different spelling is a different (unknown) value.
    assert_eq!(
        decode::<ProfileStatusId>(&json!("busy")),
        ProfileStatusId::Other("busy".to_owned())
    );
    assert_eq!(
        decode::<IconType>(&json!("")),
        IconType::Other(String::new())
    );
}

/// Every listed value encodes to its wire string, decodes back to the same variant, and is known.
fn assert_known_values_round_trip<T>(known: &[T], as_str: fn(&T) -> &str, is_known: fn(&T) -> bool)
where
    T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug,
{
    for value in known {
        let wire = encode(value);
        assert_eq!(wire, Value::String(as_str(value).to_owned()));
        assert_eq!(&decode::<T>(&wire), value);
        assert!(is_known(value), "{value:?} should be known");
    }
}

#[test]
fn every_known_enum_value_round_trips() {
    assert_known_values_round_trip(
        ProfileStatusId::KNOWN,
        ProfileStatusId::as_str,
        ProfileStatusId::is_known,
    );
    assert_eq!(ProfileStatusId::KNOWN.len(), 16);
    assert_known_values_round_trip(IconType::KNOWN, IconType::as_str, IconType::is_known);
    assert_eq!(IconType::KNOWN.len(), 22);
    assert_known_values_round_trip(Language::KNOWN, Language::as_str, Language::is_known);
    assert_eq!(Language::KNOWN.len(), 5);
    assert_known_values_round_trip(
        ScheduleType::KNOWN,
        ScheduleType::as_str,
        ScheduleType::is_known,
    );
    assert_eq!(ScheduleType::KNOWN.len(), 2);
}

// ---- unknown fields ----

#[test]
fn unknown_fields_in_lineworks_responses_are_ignored() {
    let plain = profile_status_json(json!({}));
    let extended = profile_status_json(json!({
        "newTopLevelField": { "nested": [1, 2, 3] },
        "i18nNames": [{ "name": "TEA TIME", "language": "en_US", "script": "Latn" }]
    }));
    assert_eq!(
        decode::<ProfileStatus>(&extended),
        decode::<ProfileStatus>(&plain)
    );

    let plain = seeds::user_profile_status_json();
    let mut extended = plain.clone();
    extended["createdTime"] = json!("2017-03-15T10:00:00+09:00");
    extended["autoReplyMail"]["replyOnWeekends"] = json!(true);
    extended["autoReplyMail"]["internal"]["subject"] = json!("Out of office");
    extended["autoReplyMail"]["external"]["allowList"] = json!(["example.com"]);
    let status: UserProfileStatus = decode(&extended);
    assert_eq!(status, decode::<UserProfileStatus>(&plain));

    let list_plain = json!({ "userProfileStatuses": [plain.clone()] });
    let list_extended = json!({
        "userProfileStatuses": [extended],
        "responseMetaData": { "nextCursor": null }
    });
    assert_eq!(
        decode::<UserProfileStatusList>(&list_extended),
        decode::<UserProfileStatusList>(&list_plain)
    );
}

#[test]
fn unknown_fields_in_rocketchat_responses_are_ignored() {
    let plain = seeds::custom_status_success_json();
    let mut extended = plain.clone();
    extended["customUserStatus"]["createdBy"] = json!({ "_id": "rbAXPnMktTFbNpwtJ" });
    extended["apiVersion"] = json!("6.5.0");
    assert_eq!(
        decode::<CustomUserStatusUpdateResponse>(&extended),
        decode::<CustomUserStatusUpdateResponse>(&plain)
    );

    let failure: FailureResponse = decode(&json!({
        "success": false,
        "error": "No custom user status found",
        "errorType": "error-invalid-custom-user-status"
    }));
    assert_eq!(
        failure,
        FailureResponse {
            success: Some(false),
            error: Some("No custom user status found".to_owned()),
        }
    );

    let unauthorized: UnauthorizedResponse = decode(&json!({
        "status": "error",
        "message": "You must be logged in to do this.",
        "code": 401
    }));
    assert_eq!(
        unauthorized,
        UnauthorizedResponse {
            status: Some("error".to_owned()),
            message: Some("You must be logged in to do this.".to_owned()),
        }
    );
}

// ---- nullable optional fields ----

#[test]
fn nullable_field_three_states_in_a_request() {
    let cases = [
        (r#"{"profileStatusId":"BUSY"}"#, Nullable::Absent),
        (
            r#"{"profileStatusId":"BUSY","statusMessage":null}"#,
            Nullable::Null,
        ),
        (
            r#"{"profileStatusId":"BUSY","statusMessage":"in a meeting"}"#,
            Nullable::Value("in a meeting".to_owned()),
        ),
    ];
    for (text, state) in cases {
        let request: UserProfileStatusRequest = serde_json::from_str(text).expect("decodes");
        assert_eq!(request.status_message, state, "decoding {text}");
        assert_eq!(
            serde_json::to_string(&request).expect("encodes"),
            text,
            "encoding {state:?}"
        );
    }
}

#[test]
fn nullable_field_three_states_in_a_response() {
    let cases = [
        (json!({}), Nullable::Absent),
        (json!({ "statusMessage": null }), Nullable::Null),
        (
            json!({ "statusMessage": "status message1" }),
            Nullable::Value("status message1".to_owned()),
        ),
    ];
    for (body, state) in cases {
        let status: UserProfileStatus = decode(&body);
        assert_eq!(status.status_message, state, "decoding {body}");
        assert_eq!(encode(&status), body, "encoding {state:?}");
    }
}

#[test]
fn other_nullable_fields_keep_null_apart_from_absent() {
    let body = json!({
        "profileStatusId": "AWAY",
        "startTime": null,
        "endTime": null,
        "autoReplyMail": null
    });
    let request: UserProfileStatusRequest = decode(&body);
    assert_eq!(request.status_message, Nullable::Absent);
    assert_eq!(request.start_time, Nullable::Null);
    assert_eq!(request.end_time, Nullable::Null);
    assert_eq!(request.auto_reply_mail, Nullable::Null);
    assert_eq!(encode(&request), body);
    assert_eq!(
        request,
        UserProfileStatusRequest::new(ProfileStatusId::Away)
            .clear_start_time()
            .clear_end_time()
            .clear_auto_reply_mail()
    );
}

// ---- spec defaults ----

#[test]
fn response_defaults_fill_in_missing_booleans() {
    let mut body = profile_status_json(json!({}));
    let object = body.as_object_mut().expect("object");
    object.remove("useDefaultStatus");
    object.remove("enableSettingByUser");
    let status: ProfileStatus = decode(&body);
    assert!(
        status.use_default_status,
        "spec default of useDefaultStatus is true"
    );
    assert!(
        status.enable_setting_by_user,
        "spec default of enableSettingByUser is true"
    );

    // A value that is present wins over the default.
    let status: ProfileStatus = decode(&profile_status_json(json!({
        "useDefaultStatus": false,
        "enableSettingByUser": false
    })));
    assert!(!status.use_default_status);
    assert!(!status.enable_setting_by_user);

    // Response types have no constructor to apply defaults: only decoding does.
}

#[test]
fn patch_body_does_not_apply_defaults() {
    let patch: ProfileStatusPatch = decode(&json!({ "domainId": 10000001 }));
    assert_eq!(patch.use_default_status, None);
    assert_eq!(patch.enable_setting_by_user, None);
    assert_eq!(encode(&patch), json!({ "domainId": 10000001 }));
    assert_eq!(
        encode(&ProfileStatusPatch::new(10000001)),
        json!({ "domainId": 10000001 })
    );
    // Explicitly set values are sent, including `false`.
    assert_eq!(
        encode(
            &ProfileStatusPatch::new(10000001)
                .use_default_status(false)
                .enable_setting_by_user(true)
        ),
        json!({
            "domainId": 10000001,
            "useDefaultStatus": false,
            "enableSettingByUser": true
        })
    );
}

#[test]
fn auto_reply_mail_setting_defaults_sent_directly_to_me_to_false() {
    let setting: AutoReplyMailSetting = decode(&json!({ "content": "away" }));
    assert_eq!(setting.content.as_deref(), Some("away"));
    assert!(!setting.sent_directly_to_me);
    assert!(!AutoReplyMailSetting::default().sent_directly_to_me);

    let mail: AutoReplyMail =
        decode(&json!({ "internal": {}, "external": { "sentDirectlyToMe": true } }));
    assert!(!mail.internal.expect("internal is set").sent_directly_to_me);
    assert!(mail.external.expect("external is set").sent_directly_to_me);
}

// ---- builders ----

#[test]
fn patch_builder_sends_exactly_the_fields_set() {
    let patch = ProfileStatusPatch::new(10000001)
        .display_order(3)
        .icon_type(IconType::TeaTime);
    let body = encode(&patch);
    assert_eq!(
        body,
        json!({ "domainId": 10000001, "displayOrder": 3, "iconType": "TEA_TIME" })
    );
    assert_eq!(body.as_object().map(serde_json::Map::len), Some(3));
}

#[test]
fn clearing_a_nullable_field_sends_null() {
    let request = UserProfileStatusRequest::new(ProfileStatusId::Busy).clear_status_message();
    assert_eq!(request.status_message, Nullable::Null);
    assert_eq!(
        serde_json::to_string(&request).expect("encodes"),
        r#"{"profileStatusId":"BUSY","statusMessage":null}"#
    );

    // The last call wins: set, then clear.
    let request = UserProfileStatusRequest::new(ProfileStatusId::Busy)
        .status_message("lunch")
        .clear_status_message();
    assert_eq!(
        encode(&request),
        json!({ "profileStatusId": "BUSY", "statusMessage": null })
    );

    // A new request sends only its required field.
    assert_eq!(
        serde_json::to_string(&UserProfileStatusRequest::new(ProfileStatusId::Busy))
            .expect("encodes"),
        r#"{"profileStatusId":"BUSY"}"#
    );
}
