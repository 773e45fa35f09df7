//! `generate_api!` used as a crate would use it: the Rocket.Chat spec expanded into a module, its
//! client built and called against a one-shot local HTTP server, and a models-only expansion
//! with a settings list.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, TcpListener};
use std::thread::JoinHandle;

use oagen_runtime::{reqwest, serde_json};

mod rocketchat {
    oagen_macros::generate_api!("../spec/rocketchat.yaml");
}

mod rocketchat_models {
    oagen_macros::generate_api!(
        "../spec/rocketchat.yaml",
        strict = true,
        client = false,
        derive = { "FailureResponse" => "::std::cmp::Eq" },
        type_attribute = { "UnauthorizedResponse" => "#[derive(::std::hash::Hash)]" },
    );
}

/// One request as the server saw it.
struct Received {
    request_line: String,
    headers: Vec<(String, String)>,
    body: String,
}

/// Serves exactly one request with `status` and a JSON `body`, then hands back what it received.
fn serve_once(status: &str, body: &'static str) -> (String, JoinHandle<Received>) {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind");
    let base_url = format!("http://{}", listener.local_addr().expect("address"));
    let status = status.to_owned();
    let handle = std::thread::spawn(move || {
        let (stream, _) = listener.accept().expect("accept");
        let mut reader = BufReader::new(stream.try_clone().expect("clone"));
        let mut request_line = String::new();
        reader.read_line(&mut request_line).expect("request line");
        let mut headers = Vec::new();
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).expect("header");
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            let (name, value) = line.split_once(':').expect("header shape");
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
        }
        let length: usize = headers
            .iter()
            .find(|(name, _)| name == "content-length")
            .map_or(0, |(_, value)| value.parse().expect("length"));
        let mut request_body = vec![0; length];
        reader.read_exact(&mut request_body).expect("body");
        let response = format!(
            "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        );
        let mut stream = stream;
        stream.write_all(response.as_bytes()).expect("respond");
        Received {
            request_line: request_line.trim_end().to_owned(),
            headers,
            body: String::from_utf8(request_body).expect("utf-8 body"),
        }
    });
    (base_url, handle)
}

fn client(base_url: &str) -> rocketchat::Client {
    rocketchat::Client::builder()
        .base_url(base_url)
        .auth_token("token-1")
        .user_id("user-1")
        .http_client(
            reqwest::Client::builder()
                .no_proxy()
                .build()
                .expect("reqwest"),
        )
        .build()
        .expect("client")
}

#[tokio::test]
async fn generated_client_sends_the_documented_request() {
    let (base_url, server) = serve_once(
        "200 OK",
        r#"{"customUserStatus":{"_id":"s1","name":"lunch","statusType":"away"},"success":true}"#,
    );
    let body = rocketchat::CustomUserStatusUpdate::new("s1", "lunch", "away");
    let response = client(&base_url)
        .update_custom_user_status(&body)
        .await
        .expect("success");
    assert_eq!(response.status(), 200);
    let status = response.custom_user_status.clone().expect("status");
    assert_eq!(status.name.as_deref(), Some("lunch"));
    assert_eq!(response.success, Some(true));

    let received = server.join().expect("server");
    assert_eq!(
        received.request_line,
        "POST /api/v1/custom-user-status.update HTTP/1.1"
    );
    let header = |name: &str| {
        received
            .headers
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    };
    assert_eq!(header("x-auth-token"), Some("token-1"));
    assert_eq!(header("x-user-id"), Some("user-1"));
    let sent: serde_json::Value = serde_json::from_str(&received.body).expect("json body");
    assert_eq!(
        sent,
        serde_json::json!({"_id": "s1", "name": "lunch", "statusType": "away"})
    );
}

#[tokio::test]
async fn documented_errors_come_back_typed() {
    let (base_url, server) = serve_once(
        "400 Bad Request",
        r#"{"success":false,"error":"user status not found"}"#,
    );
    let body = rocketchat::CustomUserStatusUpdate::new("nope", "lunch", "away");
    let error = client(&base_url)
        .update_custom_user_status(&body)
        .await
        .expect_err("400 is an error");
    match error.api_error() {
        Some(rocketchat::UpdateCustomUserStatusError::BadRequest(failure)) => {
            assert_eq!(failure.error.as_deref(), Some("user status not found"));
        }
        other => panic!("expected the documented 400, got {other:?}"),
    }
    server.join().expect("server");
}

#[test]
fn models_only_expansion_applies_the_settings() {
    fn is_eq<T: Eq>() {}
    fn is_hash<T: std::hash::Hash>() {}
    is_eq::<rocketchat_models::FailureResponse>();
    is_hash::<rocketchat_models::UnauthorizedResponse>();
    let decoded: rocketchat_models::FailureResponse =
        serde_json::from_str(r#"{"success":false,"error":"nope"}"#).expect("decodes");
    assert_eq!(decoded.error.as_deref(), Some("nope"));
}
