//! PATCH /v1.0/directory/profile-statuses/{profileStatusId}: success and every error status.

mod common;

use common::{lw, lw_raw, send};
use serde_json::json;
use vendor_mock::{MockServer, DOMAIN_ID};

const PATH: &str = "/directory/profile-statuses";

#[tokio::test]
async fn default_status_display_order_and_flags_can_change() {
    let server = MockServer::start().await.unwrap();
    let body = json!({"domainId": DOMAIN_ID, "displayOrder": 7, "useDefaultStatus": false, "enableSettingByUser": false});
    let answer = lw(&server, "PATCH", &format!("{PATH}/BUSY"), Some(body)).await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert_eq!(
        answer.json,
        json!({
            "domainId": DOMAIN_ID,
            "profileStatusId": "BUSY",
            "iconType": "BUSY",
            "useDefaultStatus": false,
            "enableSettingByUser": false,
            "profileStatusName": "Busy",
            "i18nNames": [],
            "displayOrder": 7
        })
    );
    assert_eq!(server.profile_status("BUSY").unwrap()["displayOrder"], 7);
}

#[tokio::test]
async fn custom_status_can_be_renamed_with_character_counted_limits() {
    let server = MockServer::start().await.unwrap();
    // 20 Hangul syllables: 60 bytes, but within the 20-character limit.
    let name = "가".repeat(20);
    let body = json!({
        "domainId": DOMAIN_ID,
        "iconType": "EATING",
        "profileStatusName": name,
        "i18nNames": [{"name": "昼食中", "language": "ja_JP"}, {"name": "昼食中", "language": "zh_CN"}],
    });
    let answer = lw(&server, "PATCH", &format!("{PATH}/CUSTOM01"), Some(body)).await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert_eq!(answer.json["profileStatusName"], name.as_str());
    assert_eq!(answer.json["iconType"], "EATING");
    assert_eq!(answer.json["displayOrder"], 5);
    assert_eq!(answer.json["i18nNames"][1]["language"], "zh_CN");

    let too_long = json!({"domainId": DOMAIN_ID, "profileStatusName": "가".repeat(21)});
    let answer = lw(
        &server,
        "PATCH",
        &format!("{PATH}/CUSTOM01"),
        Some(too_long),
    )
    .await;
    assert_eq!(answer.status, 400, "{}", answer.text);
}

#[tokio::test]
async fn unknown_or_undefined_status_or_domain_is_404() {
    let server = MockServer::start().await.unwrap();
    let body = json!({"domainId": DOMAIN_ID, "displayOrder": 9});
    for id in ["FOO", "busy", "CUSTOM03", "CUSTOM12", "CUSTOM13"] {
        let answer = lw(
            &server,
            "PATCH",
            &format!("{PATH}/{id}"),
            Some(body.clone()),
        )
        .await;
        assert_eq!(answer.status, 404, "{id}: {}", answer.text);
        assert_eq!(answer.json["code"], "NOT_FOUND");
    }
    let other_domain = json!({"domainId": 10000002, "displayOrder": 9});
    let answer = lw(
        &server,
        "PATCH",
        &format!("{PATH}/AWAY"),
        Some(other_domain),
    )
    .await;
    assert_eq!(answer.status, 404, "{}", answer.text);
}

#[tokio::test]
async fn malformed_or_invalid_bodies_are_400() {
    let server = MockServer::start().await.unwrap();
    let url = format!("{PATH}/CUSTOM02");
    let answer = lw_raw(&server, "PATCH", &url, Some("{\"domainId\": ".into())).await;
    assert_eq!(answer.status, 400, "{}", answer.text);
    assert_eq!(answer.json["code"], "INVALID_PARAMETER");
    let answer = lw_raw(&server, "PATCH", &url, Some("[1]".into())).await;
    assert_eq!(answer.status, 400, "{}", answer.text);

    let bad_bodies = [
        json!({"displayOrder": 9}),                          // domainId missing
        json!({"domainId": "10000001"}),                     // wrong type
        json!({"domainId": 99999999999_i64}),                // not an int32
        json!({"domainId": DOMAIN_ID, "displayOrder": 0}),   // below minimum
        json!({"domainId": DOMAIN_ID, "displayOrder": "9"}), // wrong type
        json!({"domainId": DOMAIN_ID, "iconType": "PARTY"}), // not an allowed icon
        json!({"domainId": DOMAIN_ID, "useDefaultStatus": "yes"}), // wrong type
        json!({"domainId": DOMAIN_ID, "enableSettingByUser": 1}), // wrong type
        json!({"domainId": DOMAIN_ID, "profileStatusName": 5}), // wrong type
        json!({"domainId": DOMAIN_ID, "i18nNames": {"name": "x"}}), // not an array
        json!({"domainId": DOMAIN_ID, "i18nNames": [{"name": "x", "language": "fr_FR"}]}),
        json!({"domainId": DOMAIN_ID, "i18nNames": [{"name": "x"}]}),
        json!({"domainId": DOMAIN_ID, "i18nNames": [{"name": "x".repeat(21), "language": "en_US"}]}),
    ];
    for body in bad_bodies {
        let answer = lw(&server, "PATCH", &url, Some(body.clone())).await;
        assert_eq!(answer.status, 400, "{body}: {}", answer.text);
    }
    assert_eq!(
        server.profile_status("CUSTOM02").unwrap()["displayOrder"],
        6
    );
}

#[tokio::test]
async fn missing_content_type_is_415() {
    let server = MockServer::start().await.unwrap();
    let url = format!("{}{PATH}/BUSY", server.lineworks_base_url());
    let auth = format!("Bearer {}", vendor_mock::LINEWORKS_TOKEN);
    let body = json!({"domainId": DOMAIN_ID, "displayOrder": 9}).to_string();
    let answer = send("PATCH", &url, &[("authorization", &auth)], Some(body)).await;
    assert_eq!(answer.status, 415, "{}", answer.text);
}

#[tokio::test]
async fn default_statuses_cannot_be_renamed() {
    let server = MockServer::start().await.unwrap();
    let bodies = [
        json!({"domainId": DOMAIN_ID, "profileStatusName": "Very busy"}),
        json!({"domainId": DOMAIN_ID, "iconType": "URGENT"}),
        json!({"domainId": DOMAIN_ID, "i18nNames": []}),
    ];
    for id in ["BUSY", "AWAY", "LEAVE_OFFICE", "ABSENCE"] {
        for body in &bodies {
            let answer = lw(
                &server,
                "PATCH",
                &format!("{PATH}/{id}"),
                Some(body.clone()),
            )
            .await;
            assert_eq!(answer.status, 403, "{id} {body}: {}", answer.text);
            assert_eq!(answer.json["code"], "FORBIDDEN");
        }
    }
    assert_eq!(
        server.profile_status("BUSY").unwrap()["profileStatusName"],
        "Busy"
    );
}

#[tokio::test]
async fn disabled_statuses_are_403() {
    let server = MockServer::start().await.unwrap();
    server.set_statuses_enabled(false);
    let body = json!({"domainId": DOMAIN_ID, "displayOrder": 9});
    let answer = lw(
        &server,
        "PATCH",
        &format!("{PATH}/CUSTOM01"),
        Some(body.clone()),
    )
    .await;
    assert_eq!(answer.status, 403, "{}", answer.text);
    server.set_statuses_enabled(true);
    let answer = lw(&server, "PATCH", &format!("{PATH}/CUSTOM01"), Some(body)).await;
    assert_eq!(answer.status, 200, "{}", answer.text);
}

#[tokio::test]
async fn duplicate_names_and_orders_are_409() {
    let server = MockServer::start().await.unwrap();
    let conflicts = [
        (
            "CUSTOM01",
            json!({"domainId": DOMAIN_ID, "profileStatusName": "Busy"}),
        ),
        (
            "CUSTOM01",
            json!({"domainId": DOMAIN_ID, "profileStatusName": "회의 중"}),
        ),
        ("BUSY", json!({"domainId": DOMAIN_ID, "displayOrder": 2})),
        (
            "CUSTOM02",
            json!({"domainId": DOMAIN_ID, "displayOrder": 5}),
        ),
        (
            "CUSTOM01",
            json!({"domainId": DOMAIN_ID, "i18nNames": [{"name": "会議中", "language": "ja_JP"}]}),
        ),
    ];
    for (id, body) in conflicts {
        let answer = lw(
            &server,
            "PATCH",
            &format!("{PATH}/{id}"),
            Some(body.clone()),
        )
        .await;
        assert_eq!(answer.status, 409, "{id} {body}: {}", answer.text);
        assert_eq!(answer.json["code"], "CONFLICT");
    }
    // A status's own current values are no conflict.
    let same = json!({
        "domainId": DOMAIN_ID,
        "profileStatusName": "Tea time",
        "displayOrder": 5,
        "i18nNames": [{"name": "TEA TIME", "language": "en_US"}],
    });
    let answer = lw(&server, "PATCH", &format!("{PATH}/CUSTOM01"), Some(same)).await;
    assert_eq!(answer.status, 200, "{}", answer.text);
}

#[tokio::test]
async fn missing_or_wrong_bearer_token_is_401() {
    let server = MockServer::start().await.unwrap();
    let url = format!("{}{PATH}/BUSY", server.lineworks_base_url());
    let body = json!({"domainId": DOMAIN_ID, "displayOrder": 9}).to_string();
    let cases: [&[(&str, &str)]; 3] = [
        &[("content-type", "application/json")],
        &[
            ("content-type", "application/json"),
            ("authorization", "Bearer nope"),
        ],
        &[
            ("content-type", "application/json"),
            ("authorization", "lw-test-access-token"),
        ],
    ];
    for headers in cases {
        let answer = send("PATCH", &url, headers, Some(body.clone())).await;
        assert_eq!(answer.status, 401, "{headers:?}: {}", answer.text);
        assert_eq!(answer.json["code"], "UNAUTHORIZED");
    }
    assert_eq!(server.profile_status("BUSY").unwrap()["displayOrder"], 1);
}
