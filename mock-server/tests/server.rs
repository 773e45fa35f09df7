//! Server-wide behaviour: request recording, percent-decoding of path segments, shutdown.

mod common;

use common::{client, lw, send};
use serde_json::json;
use vendor_mock::{MockServer, LINEWORKS_TOKEN, SEEDED_USER};

#[tokio::test]
async fn base_urls_point_at_loopback() {
    let server = MockServer::start().await.unwrap();
    let port = server.addr().port();
    assert!(server.addr().ip().is_loopback());
    assert_eq!(
        server.lineworks_base_url(),
        format!("http://127.0.0.1:{port}/v1.0")
    );
    assert_eq!(
        server.rocketchat_base_url(),
        format!("http://127.0.0.1:{port}")
    );
}

#[tokio::test]
async fn every_request_is_recorded_in_order_as_sent() {
    let server = MockServer::start().await.unwrap();
    let body = json!({"profileStatusId": "BUSY"});
    let path = format!("/users/{SEEDED_USER}/user-profile-statuses");
    lw(&server, "POST", &path, Some(body.clone())).await;
    let list_url = format!("{}{path}?view=all", server.lineworks_base_url());
    send("GET", &list_url, &[("x-custom", "1")], None).await; // 401, still recorded
    let unknown = send(
        "DELETE",
        &format!("{}/nowhere", server.rocketchat_base_url()),
        &[],
        None,
    )
    .await;
    assert_eq!(unknown.status, 404);

    let received = server.received();
    assert_eq!(received.len(), 3, "{received:#?}");
    assert_eq!(received[0].method, "POST");
    assert_eq!(received[0].raw_path, format!("/v1.0{path}"));
    assert_eq!(received[0].query, None);
    assert_eq!(received[0].body, body.to_string());
    assert_eq!(
        received[0].header("Authorization"),
        Some(format!("Bearer {LINEWORKS_TOKEN}").as_str())
    );
    assert_eq!(received[0].header("content-type"), Some("application/json"));
    assert_eq!(received[1].method, "GET");
    assert_eq!(received[1].raw_path, format!("/v1.0{path}"));
    assert_eq!(received[1].query.as_deref(), Some("view=all"));
    assert_eq!(received[1].header("x-custom"), Some("1"));
    assert_eq!(received[1].body, "");
    assert_eq!(
        (received[2].method.as_str(), received[2].raw_path.as_str()),
        ("DELETE", "/nowhere")
    );

    server.clear_received();
    assert!(server.received().is_empty());
}

#[tokio::test]
async fn encoded_slash_stays_in_one_segment_and_raw_path_keeps_encoding() {
    let server = MockServer::start().await.unwrap();
    server.add_user("externalKey:ABC/01");
    let encoded = "externalKey%3AABC%2F01";
    let path = format!("/users/{encoded}/user-profile-statuses");
    let answer = lw(
        &server,
        "POST",
        &path,
        Some(json!({"profileStatusId": "AWAY"})),
    )
    .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    // The handler saw the decoded id as one segment: the status is stored for that member.
    let stored = server.user_statuses("externalKey:ABC/01").unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0]["profileStatusId"], "AWAY");

    let answer = lw(&server, "GET", &path, None).await;
    assert_eq!(
        answer.json["userProfileStatuses"][0]["profileStatusId"],
        "AWAY"
    );

    let received = server.received();
    assert_eq!(
        received[0].raw_path,
        format!("/v1.0/users/{encoded}/user-profile-statuses")
    );
    assert_eq!(received[1].raw_path, received[0].raw_path);

    // Unencoded, the slash splits the id into two segments and no route matches.
    let answer = lw(
        &server,
        "GET",
        "/users/externalKey:ABC/01/user-profile-statuses",
        None,
    )
    .await;
    assert_eq!(answer.status, 404);
}

#[tokio::test]
async fn dropping_the_server_stops_it_and_closes_kept_alive_connections() {
    let server = MockServer::start().await.unwrap();
    let url = format!("{}/api/v1/info", server.rocketchat_base_url());
    let kept_alive = client();
    let answer = kept_alive.get(&url).send().await.unwrap();
    assert_eq!(answer.status().as_u16(), 404);
    drop(server);
    // Let the runtime run the shutdown before connecting again.
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    let result = client().get(&url).send().await;
    assert!(result.is_err(), "{result:?}");
    let result = kept_alive.get(&url).send().await;
    assert!(result.is_err(), "{result:?}");
}

#[tokio::test]
async fn undecodable_path_segment_is_an_error_answer_not_a_panic() {
    let server = MockServer::start().await.unwrap();
    // %FF decodes to a byte that is not UTF-8.
    let answer = lw(&server, "GET", "/users/%FF/user-profile-statuses", None).await;
    assert_eq!(answer.status, 400, "{}", answer.text);
    // The server is still up.
    let answer = lw(
        &server,
        "GET",
        &format!("/users/{SEEDED_USER}/user-profile-statuses"),
        None,
    )
    .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
}
