//! Credentials: missing ones, token providers.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use oagen_runtime::{BoxError, Error, Secret};
use status_apis::lineworks::{self, ProfileStatusId, ProfileStatusPatch};
use status_apis::rocketchat::CustomUserStatusUpdate;
use vendor_mock::{
    DOMAIN_ID, LINEWORKS_TOKEN, ROCKETCHAT_AUTH_TOKEN, ROCKETCHAT_USER_ID, SEEDED_CUSTOM_STATUS_ID,
    SEEDED_USER,
};

use crate::helpers::{add_status, refused, simple_status, start};
use crate::support::direct_http;

#[tokio::test]
async fn missing_credentials_are_refused_before_sending() {
    let server = start().await;
    let client = lineworks::Client::builder()
        .base_url(server.lineworks_base_url())
        .http_client(direct_http())
        .build()
        .expect("a client without credentials builds");
    let patch = ProfileStatusPatch::new(DOMAIN_ID).display_order(9);
    let errors = [
        format!(
            "{:?}",
            client
                .update_profile_status(&ProfileStatusId::Custom01, &patch)
                .await
                .expect_err("no token")
        ),
        format!(
            "{:?}",
            client
                .list_user_profile_statuses(SEEDED_USER)
                .await
                .expect_err("no token")
        ),
        format!(
            "{:?}",
            client
                .create_user_profile_status(SEEDED_USER, &simple_status("x"))
                .await
                .expect_err("no token")
        ),
        format!(
            "{:?}",
            client
                .update_user_profile_status(SEEDED_USER, "uprofile-x", &simple_status("x"))
                .await
                .expect_err("no token")
        ),
    ];
    for error in &errors {
        assert!(error.starts_with("MissingCredentials"), "{error}");
        assert!(error.contains("oauth2"), "{error}");
    }

    // Rocket.Chat needs both headers: one alone is not enough.
    let [half, other_half] = crate::support::rocketchat_halves(
        server.rocketchat_base_url(),
        ROCKETCHAT_AUTH_TOKEN,
        ROCKETCHAT_USER_ID,
    );
    let update = CustomUserStatusUpdate::new(SEEDED_CUSTOM_STATUS_ID, "x", "busy");
    match half.update_custom_user_status(&update).await {
        Err(Error::MissingCredentials { needed }) => {
            assert!(
                needed.contains("authToken") && needed.contains("userId"),
                "{needed}"
            )
        }
        other => panic!("expected MissingCredentials, got {other:?}"),
    }
    assert!(matches!(
        other_half.update_custom_user_status(&update).await,
        Err(Error::MissingCredentials { .. })
    ));

    assert!(server.received().is_empty(), "{:#?}", server.received());
}

#[tokio::test]
async fn token_provider_is_asked_once_per_request() {
    let server = start().await;
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = calls.clone();
    let client = lineworks::Client::builder()
        .base_url(server.lineworks_base_url())
        .token_provider(move || {
            counter.fetch_add(1, Ordering::SeqCst);
            async { Ok::<Secret, BoxError>(Secret::from(LINEWORKS_TOKEN)) }
        })
        .http_client(direct_http())
        .build()
        .expect("client");
    assert_eq!(calls.load(Ordering::SeqCst), 0, "not asked while building");

    client
        .list_user_profile_statuses(SEEDED_USER)
        .await
        .expect("list");
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    let id = add_status(&client, SEEDED_USER, &simple_status("연차")).await;
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    client
        .update_user_profile_status(SEEDED_USER, &id, &simple_status("반차"))
        .await
        .expect("PUT");
    client
        .update_profile_status(
            &ProfileStatusId::Custom01,
            &ProfileStatusPatch::new(DOMAIN_ID).display_order(11),
        )
        .await
        .expect("PATCH");
    assert_eq!(calls.load(Ordering::SeqCst), 4);

    // A request refused before sending does not ask for a token.
    let _ = refused(
        client
            .create_user_profile_status(SEEDED_USER, &simple_status(&"가".repeat(51)))
            .await,
    );
    assert_eq!(calls.load(Ordering::SeqCst), 4);

    let received = server.received();
    assert_eq!(received.len(), 4);
    let bearer = format!("Bearer {LINEWORKS_TOKEN}");
    assert!(received
        .iter()
        .all(|r| r.header("authorization") == Some(bearer.as_str())));
}

#[tokio::test]
async fn failing_token_provider_stops_the_request() {
    let server = start().await;
    let client = lineworks::Client::builder()
        .base_url(server.lineworks_base_url())
        .token_provider(|| async { Err::<Secret, BoxError>("token endpoint unreachable".into()) })
        .http_client(direct_http())
        .build()
        .expect("client");
    match client.list_user_profile_statuses(SEEDED_USER).await {
        Err(Error::Token(error)) => {
            assert!(error.to_string().contains("token endpoint unreachable"))
        }
        other => panic!("expected Error::Token, got {other:?}"),
    }
    assert!(server.received().is_empty());
}
