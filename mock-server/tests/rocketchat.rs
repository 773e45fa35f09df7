//! POST /api/v1/custom-user-status.update: success, 401 and both kinds of 400.

mod common;

use common::send;
use serde_json::json;
use vendor_mock::{MockServer, ROCKETCHAT_AUTH_TOKEN, ROCKETCHAT_USER_ID, SEEDED_CUSTOM_STATUS_ID};

async fn update(server: &MockServer, headers: &[(&str, &str)], body: String) -> common::Answer {
    let url = format!(
        "{}/api/v1/custom-user-status.update",
        server.rocketchat_base_url()
    );
    send("POST", &url, headers, Some(body)).await
}

const GOOD_HEADERS: [(&str, &str); 3] = [
    ("x-auth-token", ROCKETCHAT_AUTH_TOKEN),
    ("x-user-id", ROCKETCHAT_USER_ID),
    ("content-type", "application/json"),
];

#[tokio::test]
async fn update_answers_the_status_with_a_fresh_timestamp() {
    let server = MockServer::start().await.unwrap();
    let body =
        json!({"_id": SEEDED_CUSTOM_STATUS_ID, "name": "caught up again", "statusType": "away"});
    let before = chrono::Utc::now();
    let answer = update(&server, &GOOD_HEADERS, body.to_string()).await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert_eq!(answer.json["success"], true);
    let status = &answer.json["customUserStatus"];
    assert_eq!(status["_id"], SEEDED_CUSTOM_STATUS_ID);
    assert_eq!(status["name"], "caught up again");
    assert_eq!(status["statusType"], "away");
    let stamp = status["_updatedAt"].as_str().unwrap();
    // Shape of 2023-11-04T11:51:28.353Z: UTC, milliseconds, Z.
    assert_eq!(stamp.len(), 24, "{stamp}");
    assert!(
        stamp.ends_with('Z') && stamp.as_bytes()[19] == b'.',
        "{stamp}"
    );
    let parsed = chrono::DateTime::parse_from_rfc3339(stamp).unwrap();
    assert!(parsed >= before - chrono::Duration::seconds(1), "{stamp}");

    // The change is kept: a second update answers the same id.
    let again = json!({"_id": SEEDED_CUSTOM_STATUS_ID, "name": "caught up", "statusType": "busy"});
    let answer = update(&server, &GOOD_HEADERS, again.to_string()).await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert_eq!(answer.json["customUserStatus"]["name"], "caught up");
}

#[tokio::test]
async fn missing_or_wrong_credentials_are_401() {
    let server = MockServer::start().await.unwrap();
    let body =
        json!({"_id": SEEDED_CUSTOM_STATUS_ID, "name": "n", "statusType": "busy"}).to_string();
    let json_type = ("content-type", "application/json");
    let cases: [Vec<(&str, &str)>; 4] = [
        vec![json_type],
        vec![json_type, ("x-auth-token", ROCKETCHAT_AUTH_TOKEN)],
        vec![json_type, ("x-user-id", ROCKETCHAT_USER_ID)],
        vec![
            json_type,
            ("x-auth-token", "wrong"),
            ("x-user-id", ROCKETCHAT_USER_ID),
        ],
    ];
    for headers in cases {
        let answer = update(&server, &headers, body.clone()).await;
        assert_eq!(answer.status, 401, "{headers:?}: {}", answer.text);
        assert_eq!(
            answer.json,
            json!({"status": "error", "message": "You must be logged in to do this."})
        );
    }
}

#[tokio::test]
async fn missing_or_malformed_parameters_are_400() {
    let server = MockServer::start().await.unwrap();
    let bodies = [
        "{".to_owned(),
        "[]".to_owned(),
        json!({"name": "n", "statusType": "busy"}).to_string(),
        json!({"_id": SEEDED_CUSTOM_STATUS_ID, "statusType": "busy"}).to_string(),
        json!({"_id": SEEDED_CUSTOM_STATUS_ID, "name": "n"}).to_string(),
        json!({"_id": SEEDED_CUSTOM_STATUS_ID, "name": 3, "statusType": "busy"}).to_string(),
        json!({"_id": null, "name": "n", "statusType": "busy"}).to_string(),
    ];
    for body in bodies {
        let answer = update(&server, &GOOD_HEADERS, body.clone()).await;
        assert_eq!(answer.status, 400, "{body}: {}", answer.text);
        assert_eq!(answer.json["success"], false, "{body}");
        assert!(answer.json["error"].is_string(), "{body}");
    }
}

#[tokio::test]
async fn unknown_id_is_400_with_the_vendor_message() {
    let server = MockServer::start().await.unwrap();
    let body = json!({"_id": "SeZHHb77QXWRbnDh", "name": "n", "statusType": "busy"});
    let answer = update(&server, &GOOD_HEADERS, body.to_string()).await;
    assert_eq!(answer.status, 400, "{}", answer.text);
    assert_eq!(
        answer.json,
        json!({"success": false, "error": "No custom user status found with the id of \"SeZHHb77QXWRbnDh\"."})
    );
}
