//! Redirects: credentials never reach another origin, a POST is never redirected, and only what
//! the policy allows is followed.

use oagen_runtime::{reqwest, Error, RedirectPolicy, RetryPolicy};

use crate::server::{json, redirect, Server};
use crate::{assert_no_secret, lineworks_builder, rocketchat_builder, update, KEY, LIST, MEMBER};
use crate::{TOKEN, UPDATED, USER};

/// The fields of an `Error::Redirect`, or a panic naming what came instead.
#[track_caller]
fn redirect_error<T: std::fmt::Debug, E: std::fmt::Debug>(
    result: Result<T, Error<E>>,
) -> (u16, String, &'static str, String) {
    let error = result.expect_err("a redirect error");
    let display = error.to_string();
    match error {
        Error::Redirect {
            status,
            location,
            reason,
        } => (status, location, reason, display),
        other => panic!("expected Error::Redirect, got {other:?}"),
    }
}

#[tokio::test]
async fn rocketchat_credentials_never_follow_a_redirect_elsewhere() {
    let elsewhere = Server::start(|_, _| json("200 OK", UPDATED));
    let target = format!(
        "{}/api/v1/custom-user-status.update?token=leak",
        elsewhere.base
    );
    for status in [301, 302, 303, 307, 308] {
        let location = target.clone();
        let origin = Server::start(move |_, _| redirect(status, &location));
        for policy in [RedirectPolicy::SameOrigin, RedirectPolicy::AnyOrigin(5)] {
            let client = rocketchat_builder(&origin.base)
                .redirect(policy)
                .build()
                .expect("client");
            let result = client.update_custom_user_status(&update()).await;
            let (answered, location, reason, display) = redirect_error(result);
            assert_eq!(answered, status);
            // The error names where it pointed, with the query value redacted.
            let port = elsewhere.base.rsplit(':').next().expect("port");
            assert!(
                location.contains(&format!("127.0.0.1:{port}/api/v1")),
                "{location}"
            );
            assert!(location.ends_with("?token=***"), "{location}");
            assert!(
                display.contains(&location) && display.contains(reason),
                "{display}"
            );
            assert_eq!(reason, "only GET, HEAD and OPTIONS requests are redirected");
            assert_no_secret("the redirect error", &display);
        }
        // The credentials reached the server they were given for, twice (one per policy) ...
        let sent = origin.received();
        assert_eq!(sent.len(), 2, "{sent:#?}");
        for request in &sent {
            assert_eq!(request.method, "POST");
            assert_eq!(request.header("x-auth-token"), Some(KEY));
            assert_eq!(request.header("x-user-id"), Some(USER));
        }
    }
    // ... and the other server never saw a request: no replayed body, no POST turned into GET.
    assert_eq!(elsewhere.count(), 0, "{:#?}", elsewhere.received());
}

#[tokio::test]
async fn a_get_to_another_origin_is_refused_or_followed_without_credentials() {
    let elsewhere = Server::start(|_, _| json("200 OK", LIST));
    let target = format!(
        "{}/v1.0/users/{MEMBER}/user-profile-statuses",
        elsewhere.base
    );
    let origin = Server::start(move |_, _| redirect(302, &target));

    // The default: refused, naming the location.
    let client = lineworks_builder(&origin.base).build().expect("client");
    let (status, location, reason, _) =
        redirect_error(client.list_user_profile_statuses(MEMBER).await);
    assert_eq!((status, reason), (302, "it leads to another origin"));
    assert!(location.starts_with(&elsewhere.base), "{location}");
    assert_eq!(elsewhere.count(), 0);

    // Allowed by the policy: followed, but the token stays with its origin.
    let client = lineworks_builder(&origin.base)
        .redirect(RedirectPolicy::AnyOrigin(3))
        .build()
        .expect("client");
    let list = client
        .list_user_profile_statuses(MEMBER)
        .await
        .expect("followed");
    assert_eq!(list.user_profile_statuses, Some(Vec::new()));
    let followed = elsewhere.received();
    assert_eq!(followed.len(), 1);
    assert_eq!(followed[0].method, "GET");
    assert_eq!(followed[0].header("authorization"), None, "{followed:#?}");
    let sent = origin.received();
    let bearer = format!("Bearer {TOKEN}");
    assert!(sent
        .iter()
        .all(|request| request.header("authorization") == Some(bearer.as_str())));

    // With no policy, the redirect is the answer: undocumented here, with its Location kept.
    let client = lineworks_builder(&origin.base)
        .redirect(RedirectPolicy::None)
        .build()
        .expect("client");
    let error = client
        .list_user_profile_statuses(MEMBER)
        .await
        .expect_err("a 302 is not a success");
    let location = error.headers().and_then(|headers| headers.get("location"));
    assert!(location.is_some(), "{error:?}");
    assert_eq!(elsewhere.count(), 1);
}

#[tokio::test]
async fn a_same_origin_get_redirect_is_followed_with_credentials() {
    let origin = Server::start(|_, request| {
        if request.target == "/v1.0/moved" {
            json("200 OK", LIST)
        } else {
            redirect(301, "/v1.0/moved")
        }
    });
    let client = lineworks_builder(&origin.base).build().expect("client");
    let list = client
        .list_user_profile_statuses(MEMBER)
        .await
        .expect("followed");
    assert_eq!(list.status(), 200);
    let sent = origin.received();
    assert_eq!(sent.len(), 2, "{sent:#?}");
    assert_eq!(sent[1].target, "/v1.0/moved");
    assert_eq!(sent[1].method, "GET");
    assert_eq!(
        sent[1].header("authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
}

#[tokio::test]
async fn a_redirect_loop_ends_after_ten_hops() {
    let origin = Server::start(|_, _| redirect(307, "/v1.0/again?sig=abc"));
    let client = lineworks_builder(&origin.base)
        .retry(RetryPolicy::none())
        .build()
        .expect("client");
    let (status, location, reason, _) =
        redirect_error(client.list_user_profile_statuses(MEMBER).await);
    assert_eq!((status, reason), (307, "too many redirects in a row"));
    assert!(location.ends_with("/v1.0/again?sig=***"), "{location}");
    assert_eq!(origin.count(), 11);
}

/// An injected client with reqwest's default policy follows redirects itself, before the
/// transport sees them (documented on `ClientBuilder::http_client`): the call still fails
/// instead of returning the other server's answer as this one's.
#[tokio::test]
async fn an_injected_client_that_follows_elsewhere_gets_an_error() {
    let elsewhere = Server::start(|_, _| json("200 OK", LIST));
    let target = format!(
        "{}/v1.0/users/{MEMBER}/user-profile-statuses",
        elsewhere.base
    );
    let origin = Server::start(move |_, _| redirect(302, &target));
    let injected = reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("reqwest client");
    let client = lineworks_builder(&origin.base)
        .http_client(injected)
        .build()
        .expect("client");
    let (_, location, reason, _) = redirect_error(client.list_user_profile_statuses(MEMBER).await);
    assert_eq!(
        reason,
        "the injected HTTP client followed it to another origin"
    );
    assert!(location.starts_with(&elsewhere.base), "{location}");
    // reqwest's own policy removes `Authorization` on a change of host.
    let followed = elsewhere.received();
    assert_eq!(followed.len(), 1);
    assert_eq!(followed[0].header("authorization"), None);
}
