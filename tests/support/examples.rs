//! The examples of `seeds.rs` as typed values: what the spec's examples decode into. Response
//! types have no builders (callers never build them), so these are struct literals.
//!
//! Not part of `support/mod.rs` because only some test files need them; a file that does declares
//! `#[path = "support/examples.rs"] mod examples;` next to `mod support;`.
//!
//! Each of those files uses only some of the examples; the rest would be reported as dead code.
#![allow(dead_code)]

use oagen_runtime::Nullable;
use status_apis::lineworks::{
    AutoReplyMail, AutoReplyMailSetting, I18nName, IconType, Language, ProfileStatus,
    ProfileStatusId, ScheduleType, UserProfileStatus, UserProfileStatusList,
};
use status_apis::rocketchat::{CustomUserStatus, CustomUserStatusUpdateResponse};

use crate::support::time;

pub fn mail_example() -> AutoReplyMail {
    AutoReplyMail::default()
        .internal(
            AutoReplyMailSetting::default()
                .content("internal mail content")
                .sent_directly_to_me(true),
        )
        .external(
            AutoReplyMailSetting::default()
                .content("external mail content")
                .sent_directly_to_me(false),
        )
}

/// The 200 example of `PATCH /directory/profile-statuses/{profileStatusId}`.
pub fn profile_status_example() -> ProfileStatus {
    ProfileStatus {
        domain_id: 10000001,
        profile_status_id: ProfileStatusId::Custom01,
        icon_type: IconType::TeaTime,
        use_default_status: true,
        enable_setting_by_user: true,
        profile_status_name: "Tea time".to_owned(),
        i18n_names: Some(vec![I18nName::new("TEA TIME", Language::EnUs)]),
        display_order: 1,
    }
}

/// The 200 example of POST and PUT, and the first entry of the list examples.
pub fn present_example() -> UserProfileStatus {
    UserProfileStatus {
        user_profile_status_id: Some("uprofile-b785-4aae-c330-01e94337846b".to_owned()),
        profile_status_id: Some(ProfileStatusId::Busy),
        profile_status_name: Some("Busy".to_owned()),
        icon_url: Some(
            "https://static.worksmobile.net/static/wm/settings/profile_state/ic-16-busy.png"
                .to_owned(),
        ),
        schedule_type: Some(ScheduleType::Present),
        status_message: Nullable::Value("status message1".to_owned()),
        start_time: Nullable::Value(time("2017-03-16T09:00:00+09:00")),
        end_time: Nullable::Value(time("2017-03-18T18:00:00+09:00")),
        auto_reply_mail: Nullable::Value(mail_example()),
    }
}

/// The second entry of the list examples.
pub fn reserved_example() -> UserProfileStatus {
    UserProfileStatus {
        user_profile_status_id: Some("f716ab8e-0766-4306-c794-01f2d902beaf".to_owned()),
        profile_status_id: Some(ProfileStatusId::Absence),
        profile_status_name: Some("Absent".to_owned()),
        icon_url: Some(
            "https://static.worksmobile.net/static/wm/settings/profile_state/ic-16-absence.png"
                .to_owned(),
        ),
        schedule_type: Some(ScheduleType::Reserved),
        status_message: Nullable::Value("status message2".to_owned()),
        start_time: Nullable::Value(time("2050-03-18T09:00:00+09:00")),
        end_time: Nullable::Value(time("2050-03-20T18:00:00+09:00")),
        auto_reply_mail: Nullable::Value(mail_example()),
    }
}

pub fn list_example() -> UserProfileStatusList {
    UserProfileStatusList {
        user_profile_statuses: Some(vec![present_example(), reserved_example()]),
    }
}

pub fn custom_status_example() -> CustomUserStatusUpdateResponse {
    CustomUserStatusUpdateResponse {
        custom_user_status: Some(CustomUserStatus {
            id: Some("65462e97a2f73c7460e18f84".to_owned()),
            name: Some("caught up again".to_owned()),
            status_type: Some("busy".to_owned()),
            updated_at: Some("2023-11-04T11:51:28.353Z".to_owned()),
        }),
        success: Some(true),
    }
}
