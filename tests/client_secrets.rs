//! Credentials never show up in `Debug` or `Display` output: not of the builders, not of the
//! clients, not of any error (nor of the errors' sources). Each test also checks that the same
//! secrets did reach the server, so a client that simply dropped its credentials would fail here.
//!
//! The secrets are distinctive values the mock does not accept, so the server answers 401.

mod support;

use std::error::Error as StdError;
use std::fmt::Debug;
use std::time::Duration;

use oagen_runtime::{BoxError, Error, Secret};
use status_apis::lineworks::{self, ProfileStatusId, ProfileStatusPatch, UserProfileStatusRequest};
use status_apis::rocketchat::{self, CustomUserStatusUpdate, UpdateCustomUserStatusError};
use support::{
    canned_server, direct_http, direct_http_with_timeout, free_address, only_request, silent_server,
};
use vendor_mock::{MockServer, DOMAIN_ID, SEEDED_CUSTOM_STATUS_ID, SEEDED_USER};

const TOKEN: &str = "SECRET-TOKEN-123";
const KEY: &str = "SECRET-KEY-456";
const USER: &str = "SECRET-USER-789";

/// Every secret and a distinctive part of each, in case only a prefix were cut off.
const FRAGMENTS: [&str; 7] = [
    TOKEN,
    KEY,
    USER,
    "TOKEN-123",
    "KEY-456",
    "USER-789",
    "SECRET-",
];

fn assert_hidden(what: &str, text: &str) {
    for fragment in FRAGMENTS {
        assert!(
            !text.contains(fragment),
            "{what} reveals `{fragment}`: {text}"
        );
    }
}

/// `Debug` (plain and pretty) of any value.
fn assert_debug_hidden(what: &str, value: &impl Debug) {
    assert_hidden(what, &format!("{value:?}"));
    assert_hidden(what, &format!("{value:#?}"));
}

/// `Debug`, `Display` and every `source()` of an error.
fn assert_error_hidden<E>(what: &str, error: &Error<E>)
where
    Error<E>: StdError,
{
    assert_debug_hidden(what, error);
    assert_hidden(what, &error.to_string());
    let mut source = error.source();
    while let Some(inner) = source {
        assert_hidden(what, &inner.to_string());
        assert_hidden(what, &format!("{inner:?}"));
        source = inner.source();
    }
}

/// A LINE WORKS client builder for `base_url` with the secret token.
fn lineworks_builder(base_url: impl Into<String>) -> lineworks::ClientBuilder {
    support::lineworks_builder(base_url, TOKEN)
}

/// A Rocket.Chat client builder for `base_url` with the secret key and user id.
fn rocketchat_builder(base_url: impl Into<String>) -> rocketchat::ClientBuilder {
    support::rocketchat_builder(base_url, KEY, USER)
}

/// The status update every Rocket.Chat request here sends.
fn update() -> CustomUserStatusUpdate {
    CustomUserStatusUpdate::new(SEEDED_CUSTOM_STATUS_ID, "회의 중", "busy")
}

/// Builds the client and lists the seeded member's statuses, which must fail (`why`). (The
/// operation documents no errors, so the error type is left unnamed.)
async fn list_error(builder: lineworks::ClientBuilder, why: &str) -> Error<impl Debug> {
    let client = builder.build().expect("client");
    client
        .list_user_profile_statuses(SEEDED_USER)
        .await
        .expect_err(why)
}

/// Builds the client and sends [`update`], which must fail (`why`).
async fn update_error(
    builder: rocketchat::ClientBuilder,
    why: &str,
) -> Error<UpdateCustomUserStatusError> {
    let client = builder.build().expect("client");
    client
        .update_custom_user_status(&update())
        .await
        .expect_err(why)
}

#[test]
fn builders_and_clients_hide_their_secrets() {
    let base = "http://127.0.0.1:9/v1.0".to_owned();

    let builder = lineworks_builder(base.clone()).user_agent("secret-tests/1.0");
    let debug = format!("{builder:?}");
    assert_debug_hidden("LINE WORKS builder", &builder);
    // The Debug output still says what is configured, just not the value.
    assert!(debug.contains("127.0.0.1:9"), "{debug}");
    assert!(debug.contains("***"), "{debug}");
    let client = builder.clone().build().expect("client");
    assert_debug_hidden("LINE WORKS client", &client);
    assert!(format!("{client:?}").contains("***"));
    assert_debug_hidden("cloned LINE WORKS client", &client.clone());

    let with_provider = lineworks::Client::builder()
        .base_url(base.clone())
        .token_provider(|| async { Ok::<Secret, BoxError>(Secret::from(TOKEN)) })
        .http_client(direct_http());
    assert_debug_hidden("LINE WORKS builder with a provider", &with_provider);
    assert_debug_hidden(
        "LINE WORKS client with a provider",
        &with_provider.build().expect("client"),
    );

    let builder = rocketchat_builder("http://127.0.0.1:9".to_owned());
    let debug = format!("{builder:?}");
    assert_debug_hidden("Rocket.Chat builder", &builder);
    assert!(debug.contains("X-Auth-Token"), "{debug}");
    assert!(debug.contains("X-User-Id"), "{debug}");
    let client = builder.build().expect("client");
    assert_debug_hidden("Rocket.Chat client", &client);

    // The builders without an injected reqwest client, and with a timeout.
    let own_http = rocketchat::Client::builder()
        .auth_token(String::from(KEY))
        .user_id(Secret::new(USER))
        .timeout(Duration::from_secs(3));
    assert_debug_hidden("Rocket.Chat builder, own client", &own_http);
    assert_debug_hidden(
        "Rocket.Chat client, own client",
        &own_http.build().expect("client"),
    );

    assert_debug_hidden("Secret", &Secret::from(TOKEN));
}

#[tokio::test]
async fn secrets_reach_the_server_and_api_errors_hide_them() {
    let server = MockServer::start().await.expect("mock server");

    // LINE WORKS: the mock refuses the token with 401, which the spec does not document.
    let error = list_error(
        lineworks_builder(server.lineworks_base_url()),
        "the mock does not know this token",
    )
    .await;
    assert!(
        matches!(error, Error::UnexpectedStatus { status: 401, .. }),
        "{error:?}"
    );
    assert_error_hidden("UnexpectedStatus", &error);
    let request = only_request(&server);
    assert_eq!(
        request.header("authorization"),
        Some(format!("Bearer {TOKEN}").as_str()),
        "the token must reach the server"
    );
    server.clear_received();

    // The same through a token provider, and on an operation with a body.
    let provided = lineworks::Client::builder()
        .base_url(server.lineworks_base_url())
        .token_provider(|| async { Ok::<Secret, BoxError>(Secret::from(TOKEN)) })
        .http_client(direct_http())
        .build()
        .expect("client");
    let patch = ProfileStatusPatch::new(DOMAIN_ID).display_order(9);
    let error = provided
        .update_profile_status(&ProfileStatusId::Custom01, &patch)
        .await
        .expect_err("the mock does not know this token");
    assert_eq!(error.status(), Some(401));
    assert_error_hidden("UnexpectedStatus from a provider", &error);
    assert_eq!(
        only_request(&server).header("authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    server.clear_received();

    // Rocket.Chat: 401 is documented, so this is an Api error with a decoded body.
    let error = update_error(
        rocketchat_builder(server.rocketchat_base_url()),
        "the mock does not know these credentials",
    )
    .await;
    assert!(
        matches!(
            error,
            Error::Api {
                status: 401,
                error: UpdateCustomUserStatusError::Unauthorized(_),
                ..
            }
        ),
        "{error:?}"
    );
    assert_error_hidden("Api", &error);
    let request = only_request(&server);
    assert_eq!(request.header("x-auth-token"), Some(KEY));
    assert_eq!(request.header("x-user-id"), Some(USER));
    // Credentials go only where they belong: not into the URL or the body.
    assert_hidden("request path", &request.raw_path);
    assert_hidden("request query", request.query.as_deref().unwrap_or(""));
    assert_hidden("request body", &request.body);
}

#[tokio::test]
async fn errors_raised_before_sending_hide_secrets() {
    let server = MockServer::start().await.expect("mock server");

    let lineworks = lineworks_builder(server.lineworks_base_url())
        .build()
        .expect("client");
    let too_long =
        UserProfileStatusRequest::new(ProfileStatusId::Custom01).status_message("가".repeat(51));
    let error = lineworks
        .create_user_profile_status(SEEDED_USER, &too_long)
        .await
        .expect_err("51 characters");
    assert!(matches!(error, Error::Validation(_)), "{error:?}");
    assert_error_hidden("Validation", &error);

    let error = lineworks
        .list_user_profile_statuses("..")
        .await
        .expect_err("dot segment");
    assert!(matches!(error, Error::Validation(_)), "{error:?}");
    assert_error_hidden("Validation (path)", &error);

    // Only one of Rocket.Chat's two credentials: the one given must not leak.
    let halves = support::rocketchat_halves(server.rocketchat_base_url(), KEY, USER);
    for (half, missing) in halves.iter().zip(["userId missing", "authToken missing"]) {
        let error = half
            .update_custom_user_status(&update())
            .await
            .expect_err(missing);
        assert!(
            matches!(error, Error::MissingCredentials { .. }),
            "{error:?}"
        );
        assert_error_hidden("MissingCredentials", &error);
    }

    // Secrets that cannot be header values: the error names the problem, not the value.
    let error = list_error(
        support::lineworks_builder(
            server.lineworks_base_url(),
            format!("{TOKEN}\r\nX-Injected: 1"),
        ),
        "not a header value",
    )
    .await;
    assert!(matches!(error, Error::Token(_)), "{error:?}");
    assert_error_hidden("Token (bearer)", &error);
    let error = update_error(
        support::rocketchat_builder(server.rocketchat_base_url(), format!("{KEY}\n"), USER),
        "not a header value",
    )
    .await;
    assert!(matches!(error, Error::Token(_)), "{error:?}");
    assert_error_hidden("Token (header)", &error);

    assert!(server.received().is_empty(), "{:#?}", server.received());
}

#[tokio::test]
async fn timeout_and_transport_errors_hide_secrets() {
    // Timeout: the request (with its credentials) is sent, the answer never comes.
    let base = silent_server();
    let timeout_http = || direct_http_with_timeout(Duration::from_millis(150));
    let error = list_error(
        lineworks_builder(format!("{base}/v1.0")).http_client(timeout_http()),
        "no answer",
    )
    .await;
    assert!(matches!(error, Error::Timeout), "{error:?}");
    assert_error_hidden("Timeout", &error);
    let error = update_error(
        rocketchat_builder(base).http_client(timeout_http()),
        "no answer",
    )
    .await;
    assert!(matches!(error, Error::Timeout), "{error:?}");
    assert_error_hidden("Timeout", &error);

    // Transport: nothing listens on the port any more.
    let addr = free_address();
    let error = list_error(
        lineworks_builder(format!("http://{addr}/v1.0")),
        "connection refused",
    )
    .await;
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert_error_hidden("Transport", &error);
    let error = update_error(
        rocketchat_builder(format!("http://{addr}")),
        "connection refused",
    )
    .await;
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert_error_hidden("Transport", &error);
}

#[tokio::test]
async fn transport_error_mid_response_hides_secrets() {
    // A server that reads the whole request (credentials included), sends half an answer and
    // hangs up; what it read shows the credentials arrived.
    let (base, server) =
        canned_server("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"use".to_owned());
    let error = list_error(
        lineworks_builder(format!("{base}/v1.0")),
        "truncated answer",
    )
    .await;
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert_error_hidden("Transport (truncated body)", &error);
    let request = server.join().expect("server thread");
    assert!(
        request.to_ascii_lowercase().contains(&format!(
            "authorization: bearer {}",
            TOKEN.to_ascii_lowercase()
        )),
        "the token must reach the server: {request}"
    );
}
