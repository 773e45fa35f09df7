//! Every request and response example on the vendor pages (000..004, see `support/seeds.rs`)
//! decodes into the generated type and encodes back to the same JSON.
//!
//! The examples are written down once, in `support/seeds.rs`. Each is decoded from its text and
//! from its `serde_json::Value`; equality is checked on `Value`, so key order and whitespace do
//! not matter but every key and value does.

#[path = "support/examples.rs"]
mod examples;
mod support;

use oagen_runtime::Nullable;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use status_apis::lineworks::{
    I18nName, IconType, Language, ProfileStatus, ProfileStatusId, ProfileStatusPatch, ScheduleType,
    UserProfileStatus, UserProfileStatusList, UserProfileStatusRequest,
};
use status_apis::rocketchat::{
    CustomUserStatusUpdate, CustomUserStatusUpdateResponse, FailureResponse, UnauthorizedResponse,
};
use support::{seeds, time};

/// Decodes `example` into `T` (from its text and from the `Value`, which must agree), encodes it
/// back and asserts the result equals `expected`. Returns the decoded value for further checks.
fn decode_and_reencode<T>(example: &Value, expected: &Value) -> T
where
    T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug,
{
    let type_name = std::any::type_name::<T>();
    let text = serde_json::to_string_pretty(example).expect("the example encodes");
    let decoded: T = serde_json::from_str(&text)
        .unwrap_or_else(|error| panic!("example does not decode into {type_name}: {error}"));
    let from_value: T = serde_json::from_value(example.clone()).unwrap_or_else(|error| {
        panic!("example (as Value) does not decode into {type_name}: {error}")
    });
    assert_eq!(
        decoded, from_value,
        "{type_name}: from_str and from_value disagree"
    );
    let reencoded = serde_json::to_value(&decoded).expect("encodes");
    assert_eq!(
        &reencoded, expected,
        "{type_name} does not encode back to the example"
    );
    // Decoding what we encoded gives the same value again.
    let again: T = serde_json::from_value(reencoded).expect("re-encoded JSON decodes");
    assert_eq!(
        again, decoded,
        "{type_name}: second round trip changed the value"
    );
    decoded
}

/// Decodes `example` into `T` and asserts it encodes back to exactly the example.
fn round_trip<T>(example: &Value) -> T
where
    T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug,
{
    decode_and_reencode(example, example)
}

/// The member status that the PUT and POST request examples (001, 002) describe, built with the
/// generated builders.
fn busy_request_built() -> UserProfileStatusRequest {
    UserProfileStatusRequest::new(ProfileStatusId::Busy)
        .status_message("status message1")
        .start_time(time("2017-03-16T09:00:00+09:00"))
        .end_time(time("2017-03-18T18:00:00+09:00"))
        .auto_reply_mail(examples::mail_example())
}

/// Checks the values shared by the member-status request examples of 001 and 002.
fn assert_busy_request(request: &UserProfileStatusRequest) {
    assert_eq!(request.profile_status_id, ProfileStatusId::Busy);
    assert_eq!(
        request.status_message,
        Nullable::Value("status message1".to_owned())
    );
    let start = request.start_time.as_ref().expect("startTime is set");
    assert_eq!(start.to_string(), "2017-03-16T09:00:00+09:00");
    assert_eq!(start.offset().local_minus_utc(), 9 * 3600, "offset kept");
    assert_eq!(
        request
            .end_time
            .as_ref()
            .map(ToString::to_string)
            .as_deref(),
        Some("2017-03-18T18:00:00+09:00")
    );
    let mail = request
        .auto_reply_mail
        .as_ref()
        .expect("autoReplyMail is set");
    let internal = mail.internal.as_ref().expect("internal is set");
    assert_eq!(internal.content.as_deref(), Some("internal mail content"));
    assert!(internal.sent_directly_to_me);
    let external = mail.external.as_ref().expect("external is set");
    assert_eq!(external.content.as_deref(), Some("external mail content"));
    assert!(!external.sent_directly_to_me);
    assert_eq!(request, &busy_request_built());
}

/// Checks the values shared by the member-status response examples of 001, 002 and 003.
fn assert_busy_status(status: &UserProfileStatus) {
    assert_eq!(
        status.user_profile_status_id.as_deref(),
        Some("uprofile-b785-4aae-c330-01e94337846b")
    );
    assert_eq!(status.profile_status_id, Some(ProfileStatusId::Busy));
    assert_eq!(status.profile_status_name.as_deref(), Some("Busy"));
    assert_eq!(
        status.icon_url.as_deref(),
        Some("https://static.worksmobile.net/static/wm/settings/profile_state/ic-16-busy.png")
    );
    assert_eq!(status.schedule_type, Some(ScheduleType::Present));
    assert_eq!(
        status.status_message,
        Nullable::Value("status message1".to_owned())
    );
    let start = status.start_time.as_ref().expect("startTime is set");
    assert_eq!(start.to_string(), "2017-03-16T09:00:00+09:00");
    assert_eq!(start.offset().local_minus_utc(), 9 * 3600, "offset kept");
    assert_eq!(
        status.end_time.as_ref().map(ToString::to_string).as_deref(),
        Some("2017-03-18T18:00:00+09:00")
    );
    let built = busy_request_built();
    assert_eq!(status.auto_reply_mail, built.auto_reply_mail);
}

#[test]
fn page_000_patch_request_example() {
    let patch: ProfileStatusPatch = round_trip(&seeds::profile_status_patch_json());
    assert_eq!(patch.domain_id, 10000001);
    assert_eq!(patch.display_order, Some(1));
    assert_eq!(patch.icon_type, None);
    assert_eq!(patch.use_default_status, None);
    assert_eq!(patch.enable_setting_by_user, None);
    assert_eq!(patch.profile_status_name, None);
    assert_eq!(patch.i18n_names, None);
    assert_eq!(patch, ProfileStatusPatch::new(10000001).display_order(1));
}

#[test]
fn page_000_patch_response_example() {
    let status: ProfileStatus = round_trip(&seeds::profile_status_json());
    assert_eq!(status.domain_id, 10000001);
    assert_eq!(status.profile_status_id, ProfileStatusId::Custom01);
    assert_eq!(status.icon_type, IconType::TeaTime);
    assert!(status.use_default_status);
    assert!(status.enable_setting_by_user);
    assert_eq!(status.profile_status_name, "Tea time");
    assert_eq!(
        status.i18n_names,
        Some(vec![I18nName::new("TEA TIME", Language::EnUs)])
    );
    assert_eq!(status.display_order, 1);
    // The typed value the client tests compare answers with.
    assert_eq!(status, examples::profile_status_example());
}

#[test]
fn page_001_put_request_example() {
    let request: UserProfileStatusRequest = round_trip(&seeds::user_profile_status_request_json());
    assert_busy_request(&request);
}

#[test]
fn page_001_put_response_example() {
    let status: UserProfileStatus = round_trip(&seeds::user_profile_status_json());
    assert_busy_status(&status);
}

#[test]
fn page_002_post_request_example() {
    let request: UserProfileStatusRequest = round_trip(&seeds::user_profile_status_request_json());
    assert_busy_request(&request);
}

#[test]
fn page_002_post_response_example() {
    let status: UserProfileStatus = round_trip(&seeds::user_profile_status_json());
    assert_busy_status(&status);
}

#[test]
fn page_003_list_response_example_under_both_keys() {
    let example = seeds::user_profile_status_list_json();
    // The same example with the key the property table uses.
    let mut renamed = example.clone();
    let object = renamed.as_object_mut().expect("the example is an object");
    let statuses = object
        .remove("statuses")
        .expect("the example has `statuses`");
    object.insert("userProfileStatuses".to_owned(), statuses);

    // The page's example (`statuses`) decodes; it encodes under `userProfileStatuses`.
    let from_example: UserProfileStatusList = decode_and_reencode(&example, &renamed);
    // The property table's name decodes and encodes unchanged.
    let from_table: UserProfileStatusList = round_trip(&renamed);

    assert_eq!(from_example, from_table);
    assert_eq!(from_table, from_example);

    let statuses = from_example
        .user_profile_statuses
        .as_ref()
        .expect("the list is set");
    assert_eq!(statuses.len(), 2);
    assert_busy_status(&statuses[0]);

    let reserved = &statuses[1];
    assert_eq!(
        reserved.user_profile_status_id.as_deref(),
        Some("f716ab8e-0766-4306-c794-01f2d902beaf")
    );
    assert_eq!(reserved.profile_status_id, Some(ProfileStatusId::Absence));
    assert_eq!(reserved.profile_status_name.as_deref(), Some("Absent"));
    assert_eq!(reserved.schedule_type, Some(ScheduleType::Reserved));
    assert_eq!(
        reserved.status_message,
        Nullable::Value("status message2".to_owned())
    );
    assert_eq!(
        reserved.start_time,
        Nullable::Value(time("2050-03-18T09:00:00+09:00"))
    );
    assert_eq!(
        reserved
            .end_time
            .as_ref()
            .map(ToString::to_string)
            .as_deref(),
        Some("2050-03-20T18:00:00+09:00")
    );
}

#[test]
fn page_004_request_example() {
    let request: CustomUserStatusUpdate = round_trip(&seeds::custom_status_update_json());
    // `_id` is the Rust field `id`.
    assert_eq!(request.id, "65462e97a2f73c7460e18f84");
    assert_eq!(request.name, "caught up again");
    assert_eq!(request.status_type, "busy");
    assert_eq!(
        request,
        CustomUserStatusUpdate::new("65462e97a2f73c7460e18f84", "caught up again", "busy")
    );
}

#[test]
fn page_004_success_example() {
    let response: CustomUserStatusUpdateResponse = round_trip(&seeds::custom_status_success_json());
    assert_eq!(response.success, Some(true));
    let status = response
        .custom_user_status
        .as_ref()
        .expect("customUserStatus is set");
    assert_eq!(status.id.as_deref(), Some("65462e97a2f73c7460e18f84"));
    assert_eq!(status.name.as_deref(), Some("caught up again"));
    assert_eq!(status.status_type.as_deref(), Some("busy"));
    assert_eq!(
        status.updated_at.as_deref(),
        Some("2023-11-04T11:51:28.353Z")
    );
}

#[test]
fn page_004_bad_request_example() {
    let failure: FailureResponse = round_trip(&seeds::custom_status_bad_request_json());
    assert_eq!(failure.success, Some(false));
    assert_eq!(
        failure.error.as_deref(),
        Some(r#"No custom user status found with the id of "SeZHHb77QXWRbnDh"."#)
    );
}

#[test]
fn page_004_unauthorized_example() {
    let unauthorized: UnauthorizedResponse = round_trip(&seeds::custom_status_unauthorized_json());
    assert_eq!(unauthorized.status.as_deref(), Some("error"));
    assert_eq!(
        unauthorized.message.as_deref(),
        Some("You must be logged in to do this.")
    );
}
