//! The generated clients against servers that misbehave on purpose: redirects to other hosts,
//! bodies too large or full of control characters, answers that never come, busy answers with
//! `Retry-After`. Every server is in-process on 127.0.0.1 (see `server.rs`).
//!
//! - `redirects`: credentials never leave the origin they were given for;
//! - `limits`: bounded bodies, capped and escaped error text, causes, redaction;
//! - `retries`: timeouts and retries that respect the server;
//! - `schemes`: every kind of credential stays with its origin;
//! - `cookies`: cookie values cannot add cookies of their own;
//! - `parameter_styles`: every parameter style sends the bytes of the spec's Style Examples;
//! - `repaired_specs`: clients from specs the generator repaired send what the spec meant.

mod cookies;
mod limits;
mod parameter_styles;
mod redirects;
mod repaired_specs;
mod retries;
mod schemes;
mod server;

use oagen_runtime::reqwest;
use status_apis::{lineworks, rocketchat};

pub const TOKEN: &str = "SECRET-TOKEN-123";
pub const KEY: &str = "SECRET-KEY-456";
pub const USER: &str = "SECRET-USER-789";
/// The member whose statuses the LINE WORKS tests list.
pub const MEMBER: &str = "member@example.com";
/// A LINE WORKS list answer.
pub const LIST: &str = r#"{"userProfileStatuses": []}"#;
/// A Rocket.Chat update answer.
pub const UPDATED: &str = r#"{"success": true}"#;

/// True when an environment variable could send a client's own reqwest client through a proxy.
fn proxy_configured() -> bool {
    ["HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"]
        .iter()
        .any(|name| std::env::var_os(name).is_some_and(|value| !value.is_empty()))
}

/// What the tests inject when a proxy variable is set (so the client's own reqwest client
/// would not reach 127.0.0.1): a client without proxy that follows no redirects itself, so the
/// transport's policy applies as it does to the client's own.
fn direct_without_redirects() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("reqwest client")
}

/// A LINE WORKS client builder for a server's `base`, with the bearer token, using the client's
/// own reqwest client (defaults as shipped) unless a proxy is configured.
pub fn lineworks_builder(base: &str) -> lineworks::ClientBuilder {
    let builder = lineworks::Client::builder()
        .base_url(format!("{base}/v1.0"))
        .access_token(TOKEN);
    if proxy_configured() {
        builder.http_client(direct_without_redirects())
    } else {
        builder
    }
}

/// A Rocket.Chat client builder for a server's `base`, with both credential headers.
pub fn rocketchat_builder(base: &str) -> rocketchat::ClientBuilder {
    let builder = rocketchat::Client::builder()
        .base_url(base)
        .auth_token(KEY)
        .user_id(USER);
    if proxy_configured() {
        builder.http_client(direct_without_redirects())
    } else {
        builder
    }
}

/// The update every Rocket.Chat call here sends.
pub fn update() -> rocketchat::CustomUserStatusUpdate {
    rocketchat::CustomUserStatusUpdate::new("65462e97a2f73c7460e18f84", "회의 중", "busy")
}

/// Every secret, whole and in part.
pub fn assert_no_secret(what: &str, text: &str) {
    for fragment in [TOKEN, KEY, USER, "TOKEN-123", "KEY-456", "USER-789"] {
        assert!(
            !text.contains(fragment),
            "{what} reveals `{fragment}`: {text}"
        );
    }
}
