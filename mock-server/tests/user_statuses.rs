//! POST/PUT/GET /v1.0/users/{userId}/user-profile-statuses: success and every error status.

mod common;

use common::{kst_in_hours, lw, lw_raw, send};
use serde_json::{json, Value};
use vendor_mock::{ListKey, MockServer, DOMAIN_ID, SEEDED_USER};

fn statuses_path(user: &str) -> String {
    format!("/users/{user}/user-profile-statuses")
}

async fn post(server: &MockServer, body: Value) -> common::Answer {
    lw(server, "POST", &statuses_path(SEEDED_USER), Some(body)).await
}

#[tokio::test]
async fn post_present_status_answers_the_full_object_with_nulls() {
    let server = MockServer::start().await.unwrap();
    let answer = post(&server, json!({"profileStatusId": "LEAVE_OFFICE"})).await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    let id = answer.json["userProfileStatusId"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(id.starts_with("uprofile-"), "{id}");
    assert_eq!(
        answer.json,
        json!({
            "userProfileStatusId": id,
            "profileStatusId": "LEAVE_OFFICE",
            "profileStatusName": "Off work",
            "iconUrl": "https://static.worksmobile.net/static/wm/settings/profile_state/ic-16-leave_office.png",
            "scheduleType": "PRESENT",
            "statusMessage": null,
            "startTime": null,
            "endTime": null,
            "autoReplyMail": null
        })
    );
}

#[tokio::test]
async fn post_future_status_is_reserved_and_echoes_times() {
    let server = MockServer::start().await.unwrap();
    let (start, end) = (kst_in_hours(24), kst_in_hours(48));
    assert!(start.ends_with("+09:00"));
    let body = json!({
        "profileStatusId": "CUSTOM02",
        "statusMessage": "가".repeat(50),
        "startTime": start,
        "endTime": end,
        "autoReplyMail": {
            "internal": {"content": "내".repeat(300), "sentDirectlyToMe": true},
            "external": {"content": "external mail content"}
        }
    });
    let answer = post(&server, body).await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert_eq!(answer.json["scheduleType"], "RESERVED");
    assert_eq!(answer.json["profileStatusName"], "회의 중");
    assert_eq!(answer.json["startTime"], start.as_str());
    assert_eq!(answer.json["endTime"], end.as_str());
    assert_eq!(
        answer.json["autoReplyMail"]["internal"]["sentDirectlyToMe"],
        true
    );
    // sentDirectlyToMe defaults to false.
    assert_eq!(
        answer.json["autoReplyMail"]["external"]["sentDirectlyToMe"],
        false
    );
    assert!(answer.json["iconUrl"]
        .as_str()
        .unwrap()
        .ends_with("ic-16-custom02.png"));
}

#[tokio::test]
async fn started_status_with_future_end_is_present() {
    let server = MockServer::start().await.unwrap();
    let body = json!({"profileStatusId": "AWAY", "startTime": kst_in_hours(-1), "endTime": kst_in_hours(1)});
    let answer = post(&server, body).await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert_eq!(answer.json["scheduleType"], "PRESENT");
    // endTime alone is allowed: only startTime needs a partner.
    let answer = post(
        &server,
        json!({"profileStatusId": "AWAY", "endTime": kst_in_hours(1)}),
    )
    .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
}

#[tokio::test]
async fn post_for_unknown_user_is_404() {
    let server = MockServer::start().await.unwrap();
    let body = json!({"profileStatusId": "BUSY"});
    let answer = lw(
        &server,
        "POST",
        &statuses_path("nobody"),
        Some(body.clone()),
    )
    .await;
    assert_eq!(answer.status, 404, "{}", answer.text);
    server.add_user("somebody@example.com");
    let answer = lw(
        &server,
        "POST",
        &statuses_path("somebody%40example.com"),
        Some(body),
    )
    .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
}

#[tokio::test]
async fn post_with_invalid_body_is_400() {
    let server = MockServer::start().await.unwrap();
    let path = statuses_path(SEEDED_USER);
    for raw in ["{", "\"BUSY\"", ""] {
        let answer = lw_raw(&server, "POST", &path, Some(raw.to_owned())).await;
        assert_eq!(answer.status, 400, "{raw:?}: {}", answer.text);
    }
    let bad_bodies = [
        json!({}),
        json!({"profileStatusId": null}),
        json!({"profileStatusId": "SLEEPING"}),
        json!({"profileStatusId": 1}),
        json!({"profileStatusId": "BUSY", "statusMessage": "x".repeat(51)}),
        json!({"profileStatusId": "BUSY", "statusMessage": 5}),
        json!({"profileStatusId": "BUSY", "startTime": kst_in_hours(1)}),
        json!({"profileStatusId": "BUSY", "startTime": kst_in_hours(5), "endTime": kst_in_hours(2)}),
        json!({"profileStatusId": "BUSY", "startTime": kst_in_hours(-5), "endTime": kst_in_hours(-2)}),
        json!({"profileStatusId": "BUSY", "endTime": kst_in_hours(-2)}),
        json!({"profileStatusId": "BUSY", "startTime": "2050-03-18T09:00:00", "endTime": "2050-03-20T18:00:00"}),
        json!({"profileStatusId": "BUSY", "endTime": "tomorrow"}),
        json!({"profileStatusId": "BUSY", "autoReplyMail": "on"}),
        json!({"profileStatusId": "BUSY", "autoReplyMail": {"internal": {"content": "x".repeat(301)}}}),
        json!({"profileStatusId": "BUSY", "autoReplyMail": {"external": {"sentDirectlyToMe": "yes"}}}),
    ];
    for body in bad_bodies {
        let answer = post(&server, body.clone()).await;
        assert_eq!(answer.status, 400, "{body}: {}", answer.text);
    }
    assert_eq!(server.user_statuses(SEEDED_USER).unwrap().len(), 0);
}

#[tokio::test]
async fn disabled_statuses_are_403_with_the_vendor_message() {
    let server = MockServer::start().await.unwrap();
    server.set_statuses_enabled(false);
    let answer = post(&server, json!({"profileStatusId": "BUSY"})).await;
    assert_eq!(answer.status, 403, "{}", answer.text);
    assert_eq!(
        answer.json,
        json!({"code": "FORBIDDEN", "description": "The status must be enable."})
    );
}

#[tokio::test]
async fn unused_statuses_are_403() {
    let server = MockServer::start().await.unwrap();
    let answer = post(&server, json!({"profileStatusId": "CUSTOM03"})).await;
    assert_eq!(answer.status, 403, "{}", answer.text);
    assert_eq!(answer.json["description"], "Not used status.");

    let switch_off = json!({"domainId": DOMAIN_ID, "useDefaultStatus": false});
    let answer = lw(
        &server,
        "PATCH",
        "/directory/profile-statuses/ABSENCE",
        Some(switch_off),
    )
    .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    let answer = post(&server, json!({"profileStatusId": "ABSENCE"})).await;
    assert_eq!(answer.status, 403, "{}", answer.text);
    assert_eq!(answer.json["description"], "Not used status.");
    // Other statuses are still usable.
    let answer = post(&server, json!({"profileStatusId": "BUSY"})).await;
    assert_eq!(answer.status, 200, "{}", answer.text);
}

#[tokio::test]
async fn one_present_and_one_reserved_per_member_present_listed_first() {
    let server = MockServer::start().await.unwrap();
    let reserved = json!({"profileStatusId": "ABSENCE", "startTime": kst_in_hours(24), "endTime": kst_in_hours(30)});
    let reserved_id = post(&server, reserved).await.json["userProfileStatusId"].clone();
    let first = post(&server, json!({"profileStatusId": "BUSY"})).await;
    let second = post(
        &server,
        json!({"profileStatusId": "AWAY", "statusMessage": "lunch"}),
    )
    .await;
    assert_eq!(second.status, 200, "{}", second.text);
    assert_ne!(
        first.json["userProfileStatusId"],
        second.json["userProfileStatusId"]
    );

    let answer = lw(&server, "GET", &statuses_path(SEEDED_USER), None).await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    let list = answer.json["userProfileStatuses"].as_array().unwrap();
    assert_eq!(list.len(), 2, "{}", answer.text);
    assert_eq!(list[0], second.json);
    assert_eq!(list[1]["userProfileStatusId"], reserved_id);
    assert_eq!(list[1]["scheduleType"], "RESERVED");
}

#[tokio::test]
async fn get_uses_the_configured_list_key_and_404s_unknown_users() {
    let server = MockServer::start().await.unwrap();
    let answer = lw(&server, "GET", &statuses_path(SEEDED_USER), None).await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert_eq!(answer.json, json!({"userProfileStatuses": []}));
    server.set_list_key(ListKey::Statuses);
    post(&server, json!({"profileStatusId": "BUSY"})).await;
    let answer = lw(&server, "GET", &statuses_path(SEEDED_USER), None).await;
    assert_eq!(
        answer.json["statuses"][0]["profileStatusId"], "BUSY",
        "{}",
        answer.text
    );
    assert!(answer.json.get("userProfileStatuses").is_none());

    let answer = lw(&server, "GET", &statuses_path("nobody"), None).await;
    assert_eq!(answer.status, 404, "{}", answer.text);
    let url = format!(
        "{}{}",
        server.lineworks_base_url(),
        statuses_path(SEEDED_USER)
    );
    let answer = send("GET", &url, &[], None).await;
    assert_eq!(answer.status, 401, "{}", answer.text);
}

#[tokio::test]
async fn put_replaces_keeps_the_id_and_recomputes_schedule_type() {
    let server = MockServer::start().await.unwrap();
    let created = post(
        &server,
        json!({"profileStatusId": "BUSY", "statusMessage": "old"}),
    )
    .await;
    let id = created.json["userProfileStatusId"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("{}/{id}", statuses_path(SEEDED_USER));

    let (start, end) = (kst_in_hours(2), kst_in_hours(3));
    let body = json!({"profileStatusId": "CUSTOM01", "startTime": start, "endTime": end});
    let answer = lw(&server, "PUT", &path, Some(body)).await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert_eq!(answer.json["userProfileStatusId"], id.as_str());
    assert_eq!(answer.json["profileStatusName"], "Tea time");
    assert_eq!(answer.json["scheduleType"], "RESERVED");
    assert_eq!(answer.json["statusMessage"], Value::Null);
    assert_eq!(answer.json["startTime"], start.as_str());

    let stored = server.user_statuses(SEEDED_USER).unwrap();
    assert_eq!(stored, vec![answer.json]);
}

#[tokio::test]
async fn put_errors() {
    let server = MockServer::start().await.unwrap();
    let created = post(&server, json!({"profileStatusId": "BUSY"})).await;
    let id = created.json["userProfileStatusId"]
        .as_str()
        .unwrap()
        .to_owned();
    let ok_body = json!({"profileStatusId": "AWAY"});

    let unknown_user = format!("{}/{id}", statuses_path("nobody"));
    let answer = lw(&server, "PUT", &unknown_user, Some(ok_body.clone())).await;
    assert_eq!(answer.status, 404, "{}", answer.text);

    let unknown_status = format!(
        "{}/uprofile-0000-0000-0000-000000000000",
        statuses_path(SEEDED_USER)
    );
    let answer = lw(&server, "PUT", &unknown_status, Some(ok_body.clone())).await;
    assert_eq!(answer.status, 404, "{}", answer.text);

    // The id belongs to another member.
    server.add_user("other");
    let answer = lw(
        &server,
        "PUT",
        &format!("{}/{id}", statuses_path("other")),
        Some(ok_body.clone()),
    )
    .await;
    assert_eq!(answer.status, 404, "{}", answer.text);

    let path = format!("{}/{id}", statuses_path(SEEDED_USER));
    let bad = json!({"profileStatusId": "AWAY", "startTime": kst_in_hours(1)});
    let answer = lw(&server, "PUT", &path, Some(bad)).await;
    assert_eq!(answer.status, 400, "{}", answer.text);

    let answer = lw(
        &server,
        "PUT",
        &path,
        Some(json!({"profileStatusId": "CUSTOM11"})),
    )
    .await;
    assert_eq!(answer.status, 403, "{}", answer.text);

    server.set_statuses_enabled(false);
    let answer = lw(&server, "PUT", &path, Some(ok_body)).await;
    assert_eq!(answer.status, 403, "{}", answer.text);
    assert_eq!(answer.json["description"], "The status must be enable.");

    assert_eq!(
        server.user_statuses(SEEDED_USER).unwrap(),
        vec![created.json]
    );
}
