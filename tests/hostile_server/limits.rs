//! Bounded responses, error values that keep little and show it escaped, causes that chain,
//! and secrets of base URLs kept out of messages.

use std::error::Error as _;

use oagen_runtime::{Error, RetryPolicy, ERROR_BODY_BYTES, ERROR_JSON_BYTES};
use status_apis::{lineworks, rocketchat};

use crate::server::{chunked, close_delimited, free_address, json, reply, Server};
use crate::{assert_no_secret, lineworks_builder, rocketchat_builder, update, LIST, MEMBER};

const MIB: usize = 1024 * 1024;

/// A JSON array of `bytes` bytes: `[{},{},...]`.
fn big_json(bytes: usize) -> Vec<u8> {
    let mut body = b"[{}".to_vec();
    while body.len() + 4 <= bytes {
        body.extend_from_slice(b",{}");
    }
    body.push(b']');
    body
}

#[tokio::test]
async fn bodies_over_the_limit_are_refused_however_they_are_sent() {
    let body = big_json(5 * MIB);
    type Framing = fn(&[u8]) -> Vec<u8>;
    let framings: [(&str, Framing); 3] = [
        ("Content-Length", |body| {
            reply("200 OK", &[("Content-Type", "application/json")], body)
        }),
        ("chunked", chunked),
        ("closed connection", close_delimited),
    ];
    for (framing, frame) in framings {
        let answer = frame(&body);
        let server = Server::start(move |_, _| answer.clone());
        let client = lineworks_builder(&server.base)
            .max_response_bytes(MIB)
            .build()
            .expect("client");
        let error = client
            .list_user_profile_statuses(MEMBER)
            .await
            .expect_err(framing);
        assert!(
            matches!(error, Error::ResponseTooLarge { limit } if limit == MIB),
            "{framing}: {error:?}"
        );
        assert!(error.to_string().contains("1048576 bytes"), "{error}");
    }
}

#[tokio::test]
async fn a_body_exactly_at_the_limit_is_read() {
    let server = Server::start(|_, _| json("200 OK", LIST));
    for (limit, fits) in [(LIST.len(), true), (LIST.len() - 1, false)] {
        let client = lineworks_builder(&server.base)
            .max_response_bytes(limit)
            .build()
            .expect("client");
        let result = client.list_user_profile_statuses(MEMBER).await;
        assert_eq!(result.is_ok(), fits, "limit {limit}: {result:?}");
    }
}

/// A 1 MiB body full of newlines and ANSI colour codes, as a hostile server would send to
/// forge or hide log lines.
fn hostile_text() -> Vec<u8> {
    let line = "ERROR forged log line\n\x1b[31mred\x1b[0m\r\u{202e}reversed\n";
    line.repeat(MIB / line.len()).into_bytes()
}

#[track_caller]
fn assert_capped_and_escaped<E: std::fmt::Debug>(what: &str, error: &Error<E>, body: &str) {
    let display = error.to_string();
    // Escaping writes a control character as at most 6 (`\u{1b}`): the text stays bounded.
    let bound = 6 * ERROR_BODY_BYTES + 400;
    assert!(display.len() < bound, "{what}: {} bytes", display.len());
    assert!(
        !display.contains(['\n', '\r', '\x1b', '\u{202e}']),
        "{what}: {display}"
    );
    assert!(
        display.contains("\\n") && display.contains("\\u{1b}[31m"),
        "{display}"
    );
    assert!(
        body.len() <= ERROR_BODY_BYTES + 64,
        "{what}: {} bytes",
        body.len()
    );
    assert!(body.ends_with(&format!(
        "… [truncated; the body had {} bytes]",
        hostile_text().len()
    )));
    let debug = format!("{error:?}");
    assert!(debug.len() < bound && !debug.contains('\n'), "{what}");
}

#[tokio::test]
async fn error_text_is_capped_and_escaped() {
    let server = Server::start(|n, _| {
        let status = if n == 0 { "404 Not Found" } else { "200 OK" };
        reply(status, &[("Content-Type", "text/plain")], &hostile_text())
    });
    let client = lineworks_builder(&server.base).build().expect("client");
    let error = client
        .list_user_profile_statuses(MEMBER)
        .await
        .expect_err("404");
    let Error::UnexpectedStatus { body, .. } = &error else {
        panic!("expected UnexpectedStatus, got {error:?}");
    };
    assert_capped_and_escaped("UnexpectedStatus", &error, body);
    let error = client
        .list_user_profile_statuses(MEMBER)
        .await
        .expect_err("not JSON");
    let Error::Decode { body, .. } = &error else {
        panic!("expected Decode, got {error:?}");
    };
    assert_capped_and_escaped("Decode", &error, body);

    // A documented error kept as text (LINE WORKS' 400 on create) is capped too.
    let server = Server::start(|_, _| reply("400 Bad Request", &[], &hostile_text()));
    let request = lineworks::UserProfileStatusRequest::new(lineworks::ProfileStatusId::Custom01);
    let error = lineworks_builder(&server.base)
        .build()
        .expect("client")
        .create_user_profile_status(MEMBER, &request)
        .await
        .expect_err("400");
    let Some(lineworks::CreateUserProfileStatusError::BadRequest(text)) = error.api_error() else {
        panic!("expected the documented 400, got {error:?}");
    };
    assert_capped_and_escaped("Api", &error, text);
}

#[tokio::test]
async fn transport_errors_say_what_failed_and_chain_the_cause() {
    let addr = free_address();
    let client = rocketchat_builder(&format!("http://{addr}"))
        .build()
        .expect("client");
    let error = client
        .update_custom_user_status(&update())
        .await
        .expect_err("nothing listens");
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert_eq!(
        error.to_string(),
        "transport error: could not connect to the server"
    );
    let mut chain = Vec::new();
    let mut source = error.source();
    while let Some(cause) = source {
        chain.push(cause.to_string());
        source = cause.source();
    }
    assert!(!chain.is_empty(), "no source");
    let text = chain.join(": ").to_ascii_lowercase();
    assert!(
        text.contains("connect") || text.contains("refused"),
        "{text}"
    );
    assert_no_secret("the causes", &text);
}

#[tokio::test]
async fn an_overlong_user_id_fails_saying_why() {
    let server = Server::start(|_, _| json("200 OK", LIST));
    let client = lineworks_builder(&server.base).build().expect("client");
    let error = client
        .list_user_profile_statuses(&"a".repeat(100_000))
        .await
        .expect_err("too long for a URI");
    let Error::InvalidUrl { length, .. } = &error else {
        panic!("expected InvalidUrl, got {error:?}");
    };
    assert!(*length > 100_000, "{length}");
    let message = error.to_string();
    assert!(
        message.contains("URL") && message.contains("bytes"),
        "{message}"
    );
    let cause = error.source().expect("a cause").to_string();
    assert_eq!(cause, "uri too long");
    assert_eq!(server.count(), 0);
}

#[tokio::test]
async fn unexpected_statuses_keep_their_headers() {
    let server = Server::start(|_, _| {
        reply(
            "429 Too Many Requests",
            &[("Retry-After", "7"), ("X-RateLimit-Remaining", "0")],
            b"slow down",
        )
    });
    let client = lineworks_builder(&server.base)
        .retry(RetryPolicy::none())
        .build()
        .expect("client");
    let error = client
        .list_user_profile_statuses(MEMBER)
        .await
        .expect_err("429");
    let headers = error.headers().expect("headers");
    assert_eq!(headers["x-ratelimit-remaining"], "0");
    assert_eq!(error.retry_after(), Some(std::time::Duration::from_secs(7)));
    assert!(
        matches!(&error, Error::UnexpectedStatus { status: 429, body, .. } if body == "slow down")
    );
    assert_eq!(server.count(), 1);
}

#[test]
fn passwords_in_base_urls_are_redacted() {
    let base = "http://admin:pa55w0rd@127.0.0.1:9";
    let builder = rocketchat::Client::builder()
        .base_url(base)
        .auth_token("x")
        .user_id("y");
    let shown = format!("{builder:?} {builder:#?}");
    assert!(
        !shown.contains("pa55w0rd") && shown.contains("***@127.0.0.1:9"),
        "{shown}"
    );
    let client = builder.build().expect("client");
    let shown = format!("{client:?} {client:#?}");
    assert!(
        !shown.contains("pa55w0rd") && !shown.contains("admin"),
        "{shown}"
    );
    let error = rocketchat::Client::builder()
        .base_url("http://admin:pa55w0rd@[::1:9")
        .build()
        .expect_err("an invalid host");
    let shown = format!("{error} {error:?}");
    assert!(
        !shown.contains("pa55w0rd") && shown.contains("***@[::1:9"),
        "{shown}"
    );
}

/// A server that echoes the request's headers into its error message (as the issue's did):
/// the credentials the client sent are replaced by `***` in what errors keep.
#[tokio::test]
async fn echoed_credentials_are_removed_from_errors() {
    let server = Server::start(|n, request| {
        let echo: Vec<String> = request
            .headers
            .iter()
            .map(|(name, value)| format!("{name}: {value}"))
            .collect();
        let echo = echo.join("; ");
        match n {
            0 => json(
                "400 Bad Request",
                &format!(r#"{{"success": false, "error": "{echo}"}}"#),
            ),
            _ => reply("500 Internal Server Error", &[], echo.as_bytes()),
        }
    });
    let client = rocketchat_builder(&server.base).build().expect("client");
    for expected in [400, 500] {
        let error = client
            .update_custom_user_status(&update())
            .await
            .expect_err("an error answer");
        assert_eq!(error.status(), Some(expected));
        let shown = format!("{error} {error:?}");
        assert_no_secret("an echoing server's error", &shown);
        assert!(shown.contains("x-auth-token: ***"), "{shown}");
    }
    // The echo shows the credentials did reach the server.
    let sent = server.received();
    assert!(sent
        .iter()
        .all(|request| request.header("x-user-id") == Some(crate::USER)));
}

/// A documented JSON error is decoded only up to `ERROR_JSON_BYTES`; `Debug` of one shows at
/// most `ERROR_BODY_BYTES` of it, escaped.
#[tokio::test]
async fn documented_json_errors_are_bounded() {
    let message = "\x1b[31mforged\n".repeat(2000);
    let escaped = serde_json::to_string(&message).expect("JSON string");
    let fits = format!(r#"{{"success": false, "error": {escaped}}}"#);
    let too_big = format!(
        r#"{{"success": false, "error": {escaped}, "pad": "{}"}}"#,
        "x".repeat(ERROR_JSON_BYTES)
    );
    let server =
        Server::start(move |n, _| json("400 Bad Request", if n == 0 { &fits } else { &too_big }));
    let client = rocketchat_builder(&server.base).build().expect("client");
    let error = client
        .update_custom_user_status(&update())
        .await
        .expect_err("400");
    let Some(rocketchat::UpdateCustomUserStatusError::BadRequest(body)) = error.api_error() else {
        panic!("expected the documented 400, got {error:?}");
    };
    assert_eq!(body.error.as_deref(), Some(message.as_str()));
    let debug = format!("{error:?}");
    assert!(
        debug.len() < ERROR_BODY_BYTES + 200,
        "{} bytes",
        debug.len()
    );
    assert!(debug.ends_with("… [truncated], .. }"), "{debug}");
    assert!(!format!("{error} {debug}").contains(['\n', '\x1b']));

    let error = client
        .update_custom_user_status(&update())
        .await
        .expect_err("400");
    let Error::Decode { message, body, .. } = &error else {
        panic!("expected Decode, got {error:?}");
    };
    assert!(message.contains(&ERROR_JSON_BYTES.to_string()), "{message}");
    assert!(body.len() < ERROR_BODY_BYTES + 64, "{}", body.len());
}
