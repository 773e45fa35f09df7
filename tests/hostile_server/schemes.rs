//! Every kind of credential a client can add (basic, bearer, API keys in a header, the query and
//! a cookie, user info in the base URL) stays with the base URL's origin when a redirect leads
//! elsewhere, even under a policy that follows it. The client is generated from the
//! one-feature fixture `tests/fixtures/security-schemes.yaml`.

use oagen_runtime::RedirectPolicy;

use crate::server::{redirect, reply, Server};

mod fixture {
    oagen_macros::generate_api!("tests/fixtures/security-schemes.yaml");
}

const SECRETS: [&str; 8] = [
    "BASIC-PW-1",
    "BEARER-2",
    "HEADER-KEY-3",
    "QUERY-KEY-4",
    "COOKIE-KEY-5",
    "URL-PW-6",
    // `user:BASIC-PW-1` and `name:URL-PW-6`, base64-encoded as `Authorization: Basic` sends them.
    "dXNlcjpCQVNJQy1QVy0x",
    "bmFtZTpVUkwtUFctNg",
];

#[tokio::test]
async fn no_kind_of_credential_crosses_origins() {
    let elsewhere = Server::start(|_, _| reply("204 No Content", &[], b""));
    // The redirect even repeats the query key, which must not be sent on.
    let landing = format!("{}/landing?api_key=QUERY-KEY-4&page=1", elsewhere.base);
    let origin = Server::start(move |_, _| redirect(302, &landing));
    let client = fixture::Client::builder()
        .base_url(origin.base.replace("http://", "http://name:URL-PW-6@"))
        .basic_auth("user", "BASIC-PW-1")
        .bearer_auth_token("BEARER-2")
        .header_key("HEADER-KEY-3")
        .query_key("QUERY-KEY-4")
        .cookie_key("COOKIE-KEY-5")
        .redirect(RedirectPolicy::AnyOrigin(3))
        .build()
        .expect("client");
    client.with_basic().await.expect("basic");
    client.with_global_bearer().await.expect("bearer");
    client.with_header_key().await.expect("header key");
    client.with_query_key().await.expect("query key");
    client.with_cookie_key().await.expect("cookie key");
    client
        .with_alternatives()
        .await
        .expect("header and query keys");
    client.public().await.expect("no credentials");

    // Each request reached the origin with its credentials ...
    let sent = format!("{:?}", origin.received());
    for secret in [
        "dXNlcjpCQVNJQy1QVy0x",
        "BEARER-2",
        "HEADER-KEY-3",
        "QUERY-KEY-4",
        "COOKIE-KEY-5",
    ] {
        assert!(sent.contains(secret), "{secret} was not sent: {sent}");
    }
    // ... and was followed to the other origin without any of them.
    let followed = elsewhere.received();
    assert_eq!(followed.len(), 7, "{followed:#?}");
    let shown = format!("{followed:?}");
    for secret in SECRETS {
        assert!(
            !shown.contains(secret),
            "`{secret}` crossed origins: {shown}"
        );
    }
    for request in &followed {
        assert_eq!(request.target, "/landing?page=1");
        for name in ["authorization", "cookie", "x-api-key"] {
            assert_eq!(request.header(name), None, "{request:#?}");
        }
    }
}
