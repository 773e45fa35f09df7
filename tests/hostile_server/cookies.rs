//! Cookie parameter and cookie API-key values are percent-encoded on the wire, so a value holding
//! `;` cannot add a cookie of its own: it arrives as one cookie whose value decodes back.

use crate::server::{reply, Received, Server};

mod params {
    oagen_macros::generate_api!("tests/fixtures/query-header-cookie-params.yaml");
}

mod schemes {
    oagen_macros::generate_api!("tests/fixtures/security-schemes.yaml");
}

/// The value of `raw`, with every `%XX` decoded (as UTF-8).
fn percent_decoded(raw: &str) -> String {
    let bytes = raw.as_bytes();
    let mut out = Vec::new();
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' {
            let hex = std::str::from_utf8(&bytes[index + 1..index + 3]).expect("ASCII hex");
            out.push(u8::from_str_radix(hex, 16).expect("hex digits"));
            index += 3;
        } else {
            out.push(bytes[index]);
            index += 1;
        }
    }
    String::from_utf8(out).expect("UTF-8")
}

/// The cookies of the request's `Cookie` header, as sent (name, raw value).
fn cookies(request: &Received) -> Vec<(String, String)> {
    let header = request.header("cookie").expect("a Cookie header");
    header
        .split("; ")
        .map(|pair| {
            let (name, value) = pair.split_once('=').expect("name=value");
            (name.to_owned(), value.to_owned())
        })
        .collect()
}

fn builder_for<B>(builder: B, direct: impl FnOnce(B) -> B) -> B {
    if crate::proxy_configured() {
        direct(builder)
    } else {
        builder
    }
}

const HOSTILE: &str = "s1; admin=true, x=\"y\\z\" é";

#[tokio::test]
async fn a_cookie_parameter_cannot_inject_cookies() {
    let server =
        Server::start(|_, _| reply("200 OK", &[("content-type", "application/json")], b"[]"));
    let client = builder_for(params::Client::builder().base_url(&server.base), |b| {
        b.http_client(crate::direct_without_redirects())
    })
    .build()
    .expect("client");
    client
        .find_pets(None, None, 1, "t", None, Some(HOSTILE))
        .await
        .expect("sent");
    let received = server.received();
    let sent = cookies(&received[0]);
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0].0, "session");
    assert_eq!(percent_decoded(&sent[0].1), HOSTILE);
}

#[tokio::test]
async fn a_cookie_api_key_cannot_inject_cookies() {
    let server = Server::start(|_, _| reply("204 No Content", &[], b""));
    let client = builder_for(
        schemes::Client::builder()
            .base_url(&server.base)
            .cookie_key("k1; admin=true"),
        |b| b.http_client(crate::direct_without_redirects()),
    )
    .build()
    .expect("client");
    client.with_cookie_key().await.expect("sent");
    let received = server.received();
    let sent = cookies(&received[0]);
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(percent_decoded(&sent[0].1), "k1; admin=true");
}
