//! Answers the spec does not describe, and no answer at all: undocumented statuses,
//! undecodable bodies, timeouts, refused connections, bad base URLs.

use std::time::{Duration, Instant};

use oagen_runtime::Error;
use status_apis::lineworks::{self, ProfileStatusId, ProfileStatusPatch};
use status_apis::rocketchat::{self, CustomUserStatusUpdate};
use vendor_mock::{
    DOMAIN_ID, LINEWORKS_TOKEN, ROCKETCHAT_AUTH_TOKEN, ROCKETCHAT_USER_ID, SEEDED_CUSTOM_STATUS_ID,
    SEEDED_USER,
};

use crate::helpers::{
    http_response, lineworks_client, proxy_configured, start, undecodable, undocumented,
};
use crate::support::{
    canned_server, direct_http, direct_http_with_timeout, free_address, lineworks_builder,
    only_request, rocketchat_builder, silent_server,
};

#[tokio::test]
async fn undocumented_statuses_are_unexpected() {
    let server = start().await;

    // A wrong base path: the server's fallback answers 404, which `list` does not document.
    let misrouted = lineworks_builder(format!("http://{}/v2.0/", server.addr()), LINEWORKS_TOKEN)
        .build()
        .expect("client");
    let body = undocumented(misrouted.list_user_profile_statuses(SEEDED_USER).await, 404);
    assert_eq!(body, "");
    assert_eq!(
        only_request(&server).raw_path,
        format!("/v2.0/users/{SEEDED_USER}/user-profile-statuses")
    );

    // An unknown member: 404 is not documented for list either; the body is kept.
    let client = lineworks_client(&server);
    let error = client
        .list_user_profile_statuses("nobody@example.com")
        .await
        .expect_err("unknown member");
    assert_eq!(error.status(), Some(404));
    match &error {
        Error::UnexpectedStatus {
            status: 404, body, ..
        } => {
            assert!(body.contains("NOT_FOUND"), "{body}");
            assert!(body.contains("nobody@example.com"), "{body}");
        }
        other => panic!("expected UnexpectedStatus 404, got {other:?}"),
    }

    // A wrong token: LINE WORKS documents no 401 for these operations.
    let wrong_token = lineworks_builder(server.lineworks_base_url(), "expired-token")
        .build()
        .expect("client");
    let patch = ProfileStatusPatch::new(DOMAIN_ID).display_order(9);
    let body = undocumented(
        wrong_token
            .update_profile_status(&ProfileStatusId::Custom01, &patch)
            .await,
        401,
    );
    assert!(body.contains("UNAUTHORIZED"), "{body}");

    // PATCH of a valid but undefined status id: 404, undocumented for PATCH.
    let patch = ProfileStatusPatch::new(DOMAIN_ID).display_order(30);
    let body = undocumented(
        client
            .update_profile_status(&ProfileStatusId::Custom12, &patch)
            .await,
        404,
    );
    assert!(body.contains("CUSTOM12"), "{body}");
    assert_eq!(server.received().len(), 4);
}

#[tokio::test]
async fn undecodable_success_body_is_a_decode_error_keeping_the_body() {
    let body = r#"{"userProfileStatuses": [{"scheduleType": "PRESENT", "#;
    let (base, request) = canned_server(http_response("200 OK", "application/json", body));
    let client = lineworks_builder(format!("{base}/v1.0"), LINEWORKS_TOKEN)
        .build()
        .expect("client");
    let (kept, message) = undecodable(client.list_user_profile_statuses(SEEDED_USER).await, 200);
    assert_eq!(kept, body);
    assert!(!message.is_empty());
    let request = request.join().expect("canned server");
    assert!(
        request.starts_with(&format!(
            "GET /v1.0/users/{SEEDED_USER}/user-profile-statuses HTTP/1.1\r\n"
        )),
        "{request}"
    );

    // Valid JSON of the wrong shape is a decode error too.
    let body = r#"{"userProfileStatuses": "none"}"#;
    let (base, request) = canned_server(http_response("200 OK", "application/json", body));
    let client = lineworks_builder(base, LINEWORKS_TOKEN)
        .build()
        .expect("client");
    let (kept, _) = undecodable(client.list_user_profile_statuses(SEEDED_USER).await, 200);
    assert_eq!(kept, body);
    request.join().expect("canned server");
}

#[tokio::test]
async fn undecodable_documented_error_body_is_a_decode_error() {
    // Rocket.Chat's 400 has a declared JSON body; an HTML page instead cannot be decoded.
    let page = "<html><body>400 Bad Request</body></html>";
    let (base, request) = canned_server(http_response("400 Bad Request", "text/html", page));
    let client = rocketchat_builder(base, ROCKETCHAT_AUTH_TOKEN, ROCKETCHAT_USER_ID)
        .build()
        .expect("client");
    let update = CustomUserStatusUpdate::new(SEEDED_CUSTOM_STATUS_ID, "회의", "busy");
    let (body, _) = undecodable(client.update_custom_user_status(&update).await, 400);
    assert_eq!(body, page);
    let request = request.join().expect("canned server");
    assert!(
        request.starts_with("POST /api/v1/custom-user-status.update HTTP/1.1\r\n"),
        "{request}"
    );
    assert!(request.ends_with(&format!(
        r#"{{"_id":"{SEEDED_CUSTOM_STATUS_ID}","name":"회의","statusType":"busy"}}"#
    )));
}

#[tokio::test]
async fn builder_timeout_gives_up_on_a_silent_server() {
    let base = silent_server();
    let timeout = Duration::from_millis(200);
    let builder = lineworks::Client::builder()
        .base_url(format!("{base}/v1.0"))
        .access_token(LINEWORKS_TOKEN)
        .timeout(timeout);
    // The builder's own reqwest client honours proxy variables; if any is set, a proxy would
    // answer instead of the silent server, so fall back to an injected client with the timeout.
    let client = if proxy_configured() {
        builder.http_client(direct_http_with_timeout(timeout))
    } else {
        builder
    }
    .build()
    .expect("client");

    let started = Instant::now();
    let result = client.list_user_profile_statuses(SEEDED_USER).await;
    let elapsed = started.elapsed();
    assert!(
        matches!(result, Err(Error::Timeout)),
        "expected Error::Timeout, got {result:?}"
    );
    assert!(elapsed >= timeout, "gave up after {elapsed:?}");
    assert!(elapsed < Duration::from_secs(5), "took {elapsed:?}");
}

#[tokio::test]
async fn injected_client_timeout_is_reported_as_timeout() {
    let base = silent_server();
    let client = rocketchat_builder(base, ROCKETCHAT_AUTH_TOKEN, ROCKETCHAT_USER_ID)
        .http_client(direct_http_with_timeout(Duration::from_millis(150)))
        .build()
        .expect("client");
    let update = CustomUserStatusUpdate::new(SEEDED_CUSTOM_STATUS_ID, "회의", "busy");
    let started = Instant::now();
    let result = client.update_custom_user_status(&update).await;
    assert!(
        matches!(result, Err(Error::Timeout)),
        "expected Error::Timeout, got {result:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn refused_connection_is_a_transport_error() {
    // Bind, note the port, and close again: nothing listens there any more.
    let addr = free_address();
    let client = lineworks_builder(format!("http://{addr}/v1.0"), LINEWORKS_TOKEN)
        .build()
        .expect("client");
    let result = client.list_user_profile_statuses(SEEDED_USER).await;
    match &result {
        Err(error @ Error::Transport(_)) => assert_eq!(error.status(), None),
        other => panic!("expected Error::Transport, got {other:?}"),
    }
}

#[test]
fn invalid_base_url_fails_to_build() {
    let error = lineworks::Client::builder()
        .base_url("not a url")
        .build()
        .expect_err("invalid base URL");
    assert!(error.to_string().contains("not a url"), "{error}");
}

#[test]
fn base_url_defaults_to_the_spec_server_and_drops_a_trailing_slash() {
    let client = lineworks::Client::builder()
        .http_client(direct_http())
        .build()
        .expect("client");
    assert_eq!(client.base_url(), lineworks::Client::DEFAULT_BASE_URL);
    let client = rocketchat::Client::builder()
        .base_url("http://127.0.0.1:9/")
        .http_client(direct_http())
        .build()
        .expect("client");
    assert_eq!(client.base_url(), "http://127.0.0.1:9");
}
