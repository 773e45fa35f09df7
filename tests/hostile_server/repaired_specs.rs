//! Specs with mistakes the generator repairs (with a warning) give clients that compile and send
//! what the spec meant: doubled placeholder braces, a path key without its `/`, a security
//! requirement naming an undefined scheme, and integer defaults out of their type's range.

use crate::server::{reply, Server};

// The spec's warnings arrive as `deprecated` notes; everything else the code does is denied.
#[deny(warnings)]
#[allow(deprecated)]
mod double_braces {
    oagen_macros::generate_api!("tests/fixtures/path-double-braces.yaml");
}

#[deny(warnings)]
#[allow(deprecated)]
mod no_slash {
    oagen_macros::generate_api!("tests/fixtures/path-without-leading-slash.yaml");
}

#[deny(warnings)]
#[allow(deprecated)]
mod undefined_scheme {
    oagen_macros::generate_api!("tests/fixtures/security-undefined-scheme.yaml");
}

#[deny(warnings)]
#[allow(deprecated)]
mod defaults {
    oagen_macros::generate_api!("tests/fixtures/default-out-of-range.yaml");
}

fn no_content() -> Server {
    Server::start(|_, _| reply("204 No Content", &[], b""))
}

/// `builder`, with the test's direct reqwest client when a proxy would get in the way.
fn direct<B>(builder: B, inject: impl FnOnce(B, oagen_runtime::reqwest::Client) -> B) -> B {
    if crate::proxy_configured() {
        inject(builder, crate::direct_without_redirects())
    } else {
        builder
    }
}

#[tokio::test]
async fn repaired_paths_carry_their_parameters() {
    let server = no_content();
    let client = direct(
        double_braces::Client::builder().base_url(&server.base),
        |b, http| b.http_client(http),
    )
    .build()
    .expect("client");
    client.get_c("a b").await.expect("sent");

    let client = direct(
        no_slash::Client::builder().base_url(&server.base),
        |b, http| b.http_client(http),
    )
    .build()
    .expect("client");
    client.get_pet("p1").await.expect("sent");
    client.list_owners().await.expect("sent");

    let targets: Vec<String> = server.received().into_iter().map(|r| r.target).collect();
    assert_eq!(targets, ["/c/a%20b", "/pets/p1", "/owners"]);
}

#[tokio::test]
async fn an_undefined_scheme_is_no_requirement() {
    let server = no_content();
    let client = direct(
        undefined_scheme::Client::builder()
            .base_url(&server.base)
            .access_token("T0KEN"),
        |b, http| b.http_client(http),
    )
    .build()
    .expect("client");
    client.either().await.expect("the bearer alternative");
    client
        .only_undefined()
        .await
        .expect("sent without credentials");
    let received = server.received();
    assert_eq!(received[0].header("authorization"), Some("Bearer T0KEN"));
    assert_eq!(received[1].header("authorization"), None);

    // Without any credential, `either` still needs its bearer token.
    let bare = direct(
        undefined_scheme::Client::builder().base_url(&server.base),
        |b, http| b.http_client(http),
    )
    .build()
    .expect("client");
    let refused = bare.either().await.expect_err("no bearer token");
    assert!(
        matches!(refused, oagen_runtime::Error::MissingCredentials { .. }),
        "{refused:?}"
    );
    bare.only_undefined()
        .await
        .expect("sent without credentials");
}

#[test]
fn out_of_range_defaults_are_dropped_and_others_kept() {
    let limits: defaults::Limits = serde_json::from_str("{}").expect("decodes");
    assert_eq!(limits.too_big, None);
    assert_eq!(limits.negative_unsigned, None);
    assert_eq!(limits.fits, i32::MAX);
}
