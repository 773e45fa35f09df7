//! The server's in-memory state: domain status definitions, members and their statuses,
//! Rocket.Chat custom statuses, switches, and the request log.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

use serde::Serialize;

use crate::recording::ReceivedRequest;
use crate::DOMAIN_ID;

/// Which key the member status list response puts its array under. The vendor's
/// property table says `userProfileStatuses`, its own example says `statuses`;
/// a client must cope with both, so the mock can serve either.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ListKey {
    /// `{"userProfileStatuses": [...]}`, as in the property table (the default).
    #[default]
    UserProfileStatuses,
    /// `{"statuses": [...]}`, as in the response example.
    Statuses,
}

impl ListKey {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            ListKey::UserProfileStatuses => "userProfileStatuses",
            ListKey::Statuses => "statuses",
        }
    }
}

/// A multilingual status name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct I18nName {
    pub name: String,
    pub language: String,
}

/// A domain-level status definition (LINE WORKS `profile-statuses`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct DomainStatus {
    pub domain_id: i32,
    pub profile_status_id: String,
    pub icon_type: String,
    pub use_default_status: bool,
    pub enable_setting_by_user: bool,
    pub profile_status_name: String,
    pub i18n_names: Vec<I18nName>,
    pub display_order: i32,
}

/// Whether a member status is in force now or waits for its start time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub(crate) enum ScheduleType {
    // Declared PRESENT first so that sorting puts the current status first.
    Present,
    Reserved,
}

/// A member's status (LINE WORKS `user-profile-statuses`). Optional fields are kept as
/// `None` and serialised as `null`, as the vendor's examples show them.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct UserStatus {
    pub user_profile_status_id: String,
    pub profile_status_id: String,
    pub profile_status_name: String,
    pub icon_url: String,
    pub schedule_type: ScheduleType,
    pub status_message: Option<String>,
    pub start_time: Option<String>,
    pub end_time: Option<String>,
    pub auto_reply_mail: Option<serde_json::Value>,
}

/// A Rocket.Chat custom user status.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct CustomUserStatus {
    #[serde(rename = "_id")]
    pub id: String,
    pub name: String,
    #[serde(rename = "statusType")]
    pub status_type: String,
    #[serde(rename = "_updatedAt")]
    pub updated_at: String,
}

/// Everything mutable, behind one lock: requests are few and short, so one lock keeps
/// each handler's check-then-update atomic without any ordering rules.
#[derive(Debug)]
pub(crate) struct Inner {
    pub received: Vec<ReceivedRequest>,
    pub statuses_enabled: bool,
    pub list_key: ListKey,
    /// Defined domain statuses only; undefined CUSTOMnn ids are simply absent.
    pub domain_statuses: Vec<DomainStatus>,
    /// Member id (decoded) -> that member's statuses (at most one per schedule type).
    pub members: HashMap<String, Vec<UserStatus>>,
    /// Source of fresh `userProfileStatusId`s.
    pub next_status_number: u64,
    pub custom_user_statuses: Vec<CustomUserStatus>,
}

/// State shared by the handlers and the `MockServer` handle.
#[derive(Debug)]
pub(crate) struct Shared {
    inner: Mutex<Inner>,
}

impl Shared {
    /// The state described in the crate docs: one domain with four default and two
    /// custom statuses, one member without statuses, one Rocket.Chat custom status.
    pub fn seeded() -> Shared {
        let default_status = |id: &str, name: &str, order: i32| DomainStatus {
            domain_id: DOMAIN_ID,
            profile_status_id: id.to_owned(),
            icon_type: id_to_icon_type(id).to_owned(),
            use_default_status: true,
            enable_setting_by_user: true,
            profile_status_name: name.to_owned(),
            i18n_names: Vec::new(),
            display_order: order,
        };
        let i18n = |name: &str, language: &str| I18nName {
            name: name.to_owned(),
            language: language.to_owned(),
        };
        let domain_statuses = vec![
            default_status("BUSY", "Busy", 1),
            default_status("AWAY", "Away", 2),
            default_status("LEAVE_OFFICE", "Off work", 3),
            default_status("ABSENCE", "Absent", 4),
            DomainStatus {
                domain_id: DOMAIN_ID,
                profile_status_id: "CUSTOM01".to_owned(),
                icon_type: "TEA_TIME".to_owned(),
                use_default_status: true,
                enable_setting_by_user: true,
                profile_status_name: "Tea time".to_owned(),
                i18n_names: vec![i18n("TEA TIME", "en_US")],
                display_order: 5,
            },
            DomainStatus {
                domain_id: DOMAIN_ID,
                profile_status_id: "CUSTOM02".to_owned(),
                icon_type: "MEETING".to_owned(),
                use_default_status: true,
                enable_setting_by_user: true,
                profile_status_name: "회의 중".to_owned(),
                i18n_names: vec![i18n("회의 중", "ko_KR"), i18n("会議中", "ja_JP")],
                display_order: 6,
            },
        ];
        let mut members = HashMap::new();
        members.insert(crate::SEEDED_USER.to_owned(), Vec::new());
        let custom_user_statuses = vec![CustomUserStatus {
            id: crate::SEEDED_CUSTOM_STATUS_ID.to_owned(),
            name: "caught up".to_owned(),
            status_type: "busy".to_owned(),
            updated_at: "2023-11-04T11:51:28.353Z".to_owned(),
        }];
        Shared {
            inner: Mutex::new(Inner {
                received: Vec::new(),
                statuses_enabled: true,
                list_key: ListKey::default(),
                domain_statuses,
                members,
                next_status_number: 1,
                custom_user_statuses,
            }),
        }
    }

    /// Locks the state. A handler never panics while holding the lock, but if one ever
    /// did, the data is still consistent enough for a test double, so poisoning is ignored.
    pub fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Inner {
    /// A fresh member status id shaped like the vendor's (`uprofile-xxxx-xxxx-xxxx-...`).
    pub fn new_user_status_id(&mut self) -> String {
        let n = self.next_status_number;
        self.next_status_number += 1;
        format!("uprofile-{:04x}-4aae-c330-{:012x}", (n >> 48) & 0xffff, n)
    }
}

/// A member's statuses in list order: PRESENT first, then RESERVED.
pub(crate) fn ordered(statuses: &[UserStatus]) -> impl Iterator<Item = &UserStatus> {
    let mut sorted: Vec<&UserStatus> = statuses.iter().collect();
    sorted.sort_by_key(|s| s.schedule_type);
    sorted.into_iter()
}

/// The default statuses' icons are named after their ids, except LEAVE_OFFICE: the
/// vendor's icon list has no such icon type, its "off" icon is `OFF`.
fn id_to_icon_type(id: &str) -> &str {
    match id {
        "LEAVE_OFFICE" => "OFF",
        other => other,
    }
}
