//! What the tests share: starting the mock and building clients against it, and reading a
//! result (the violations of a refused request, a documented or undocumented error).

use std::fmt::Debug;

use oagen_runtime::{Error, Violation};
use serde_json::Value;
use status_apis::lineworks::{
    self, CreateUserProfileStatusError, ProfileStatusId, UpdateProfileStatusError,
    UpdateUserProfileStatusError, UserProfileStatusRequest,
};
use status_apis::rocketchat;
use vendor_mock::{
    MockServer, ReceivedRequest, LINEWORKS_TOKEN, ROCKETCHAT_AUTH_TOKEN, ROCKETCHAT_USER_ID,
};

use crate::support::{lineworks_builder, rocketchat_builder};

pub(crate) const USER_AGENT: &str = "status-apis-integration-tests/1.0";

pub(crate) async fn start() -> MockServer {
    MockServer::start().await.expect("mock server starts")
}

pub(crate) fn lineworks_client(server: &MockServer) -> lineworks::Client {
    lineworks_builder(server.lineworks_base_url(), LINEWORKS_TOKEN)
        .user_agent(USER_AGENT)
        .build()
        .expect("LINE WORKS client")
}

pub(crate) fn rocketchat_client(server: &MockServer) -> rocketchat::Client {
    rocketchat_builder(
        server.rocketchat_base_url(),
        ROCKETCHAT_AUTH_TOKEN,
        ROCKETCHAT_USER_ID,
    )
    .user_agent(USER_AGENT)
    .build()
    .expect("Rocket.Chat client")
}

/// `count` characters taken from `text`, repeated as often as needed.
pub(crate) fn chars_from(text: &str, count: usize) -> String {
    text.chars().cycle().take(count).collect()
}

pub(crate) fn json_body(request: &ReceivedRequest) -> Value {
    serde_json::from_str(&request.body)
        .unwrap_or_else(|e| panic!("request body is not JSON ({e}): {}", request.body))
}

/// The violations of a request the client refused; panics on any other outcome.
pub(crate) fn refused<T: Debug, E: Debug>(result: Result<T, Error<E>>) -> Vec<Violation> {
    match result {
        Err(Error::Validation(error)) => {
            assert!(!error.violations.is_empty(), "empty ValidationError");
            error.violations
        }
        other => panic!("expected Error::Validation, got {other:?}"),
    }
}

/// Asserts that exactly one violation names `field` and its rule contains `rule`.
pub(crate) fn assert_violation(violations: &[Violation], field: &str, rule: &str) {
    let matching: Vec<&Violation> = violations
        .iter()
        .filter(|v| v.field == field && v.rule.contains(rule))
        .collect();
    assert_eq!(
        matching.len(),
        1,
        "expected one violation of `{rule}` at `{field}`, got {violations:#?}"
    );
}

/// Asserts that `violations` holds exactly one violation: of `rule` at `field`.
#[track_caller]
pub(crate) fn assert_sole_violation(violations: &[Violation], field: &str, rule: &str) {
    assert_eq!(violations.len(), 1, "{violations:#?}");
    assert_violation(violations, field, rule);
}

/// The typed error of a call that must fail with the documented `status`.
#[track_caller]
pub(crate) fn documented<T: Debug, E: Debug>(result: Result<T, Error<E>>, status: u16) -> E {
    match result {
        Err(Error::Api {
            status: answered,
            error,
            ..
        }) if answered == status => error,
        other => panic!("expected a documented {status} answer, got {other:?}"),
    }
}

/// The body text that every documented LINE WORKS error keeps.
pub(crate) trait BodyText {
    fn text(&self) -> &str;
}

impl BodyText for UpdateProfileStatusError {
    fn text(&self) -> &str {
        match self {
            Self::Forbidden(text) | Self::Conflict(text) => text,
        }
    }
}

impl BodyText for CreateUserProfileStatusError {
    fn text(&self) -> &str {
        match self {
            Self::BadRequest(text) | Self::Forbidden(text) => text,
        }
    }
}

impl BodyText for UpdateUserProfileStatusError {
    fn text(&self) -> &str {
        match self {
            Self::BadRequest(text) | Self::Forbidden(text) | Self::NotFound(text) => text,
        }
    }
}

/// The body text of a LINE WORKS call that must fail with the documented `status` as
/// `variant` (one of the error enum's tuple variants, e.g. `UpdateProfileStatusError::Conflict`).
#[track_caller]
pub(crate) fn documented_text<T: Debug, E: Debug + PartialEq + BodyText>(
    result: Result<T, Error<E>>,
    status: u16,
    variant: fn(String) -> E,
) -> String {
    let error = documented(result, status);
    let text = error.text().to_owned();
    assert_eq!(error, variant(text.clone()), "another variant for {status}");
    text
}

/// The body of a call that must fail with `status`, which the spec does not document for it.
#[track_caller]
pub(crate) fn undocumented<T: Debug, E: Debug>(result: Result<T, Error<E>>, status: u16) -> String {
    match result {
        Err(Error::UnexpectedStatus {
            status: answered,
            body,
            ..
        }) if answered == status => body,
        other => panic!("expected UnexpectedStatus {status}, got {other:?}"),
    }
}

/// The kept body and the decoder's message of a call whose `status` answer did not decode.
#[track_caller]
pub(crate) fn undecodable<T: Debug, E: Debug>(
    result: Result<T, Error<E>>,
    status: u16,
) -> (String, String) {
    match result {
        Err(Error::Decode {
            status: answered,
            body,
            message,
        }) if answered == status => (body, message),
        other => panic!("expected Error::Decode of a {status} answer, got {other:?}"),
    }
}

/// The status a member status request produces: `CUSTOM01` with a message, no times.
pub(crate) fn simple_status(message: &str) -> UserProfileStatusRequest {
    UserProfileStatusRequest::new(ProfileStatusId::Custom01).status_message(message)
}

/// Adds a member status through the client and returns its id.
pub(crate) async fn add_status(
    client: &lineworks::Client,
    user_id: &str,
    request: &UserProfileStatusRequest,
) -> String {
    let created = client
        .create_user_profile_status(user_id, request)
        .await
        .expect("member status is created");
    created
        .user_profile_status_id
        .clone()
        .expect("the answer carries the new id")
}

pub(crate) fn http_response(status_line: &str, content_type: &str, body: &str) -> String {
    format!(
        "HTTP/1.1 {status_line}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
}

/// True when an environment variable could send reqwest's own client through a proxy.
pub(crate) fn proxy_configured() -> bool {
    ["HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"]
        .iter()
        .any(|name| std::env::var_os(name).is_some_and(|value| !value.is_empty()))
}
