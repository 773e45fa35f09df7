//! In-process stand-in for the LINE WORKS and Rocket.Chat HTTP APIs, for tests and examples.
//!
//! The server speaks plain JSON (no generated client types) so that it checks the
//! client independently: if both sides shared the same structs, a wrong field name
//! would go unnoticed. It listens on 127.0.0.1 only, keeps all state in memory and
//! records every request exactly as it arrived.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! let server = vendor_mock::MockServer::start().await?;
//! let base = server.lineworks_base_url(); // "http://127.0.0.1:PORT/v1.0"
//! // ... point a client at `base`, then inspect `server.received()`.
//! # drop(base);
//! # Ok(())
//! # }
//! ```

mod lineworks;
mod recording;
mod rocketchat;
mod state;

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;

use axum::http::{header, HeaderMap};
use axum::Router;

pub use recording::ReceivedRequest;
pub use state::ListKey;

use state::Shared;

/// The only bearer token the LINE WORKS routes accept.
pub const LINEWORKS_TOKEN: &str = "lw-test-access-token";
/// The `X-User-Id` header value the Rocket.Chat route accepts.
pub const ROCKETCHAT_USER_ID: &str = "rbAXPnMktTFbNpwtJ";
/// The `X-Auth-Token` header value the Rocket.Chat route accepts.
pub const ROCKETCHAT_AUTH_TOKEN: &str = "RScctEHSmLGZGywfIhWyRpyofhKOiMoUIpimhvheU3f";
/// The one LINE WORKS domain the server knows.
pub const DOMAIN_ID: i32 = 10000001;
/// A LINE WORKS member that exists from the start (with no statuses).
pub const SEEDED_USER: &str = "userf7da-f82c-4284-13e7-030f3b4c756x";
/// A Rocket.Chat custom user status that exists from the start ("caught up", "busy").
pub const SEEDED_CUSTOM_STATUS_ID: &str = "65462e97a2f73c7460e18f84";

/// A running mock server. Dropping it stops the server: no new connections are
/// accepted, and open keep-alive connections close once their current request is answered.
pub struct MockServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    /// The accept loop. Aborting it also winds down the connection tasks: axum's serve
    /// loop owns the watch receiver they listen on, so its drop tells them to close.
    task: tokio::task::JoinHandle<()>,
}

impl MockServer {
    /// Binds 127.0.0.1 on a free port and starts serving on the current tokio runtime.
    pub async fn start() -> std::io::Result<MockServer> {
        let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared::seeded());
        let app = router(shared.clone());
        let task = tokio::spawn(async move {
            // A serve error can only mean the listener broke; the test that uses the
            // server will see connection errors, which say more than a panic here.
            let _ = axum::serve(listener, app).await;
        });
        Ok(MockServer { addr, shared, task })
    }

    /// The socket address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Base URL of the LINE WORKS API 2.0 stand-in: `http://127.0.0.1:PORT/v1.0`.
    pub fn lineworks_base_url(&self) -> String {
        format!("http://{}/v1.0", self.addr)
    }

    /// Base URL of the Rocket.Chat stand-in: `http://127.0.0.1:PORT`.
    pub fn rocketchat_base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every request received so far, in arrival order (unknown routes included).
    pub fn received(&self) -> Vec<ReceivedRequest> {
        self.shared.lock().received.clone()
    }

    /// Forgets the requests recorded so far, so a test can look at one step alone.
    pub fn clear_received(&self) {
        self.shared.lock().received.clear();
    }

    /// Domain-wide switch for statuses; when off, status writes answer 403.
    pub fn set_statuses_enabled(&self, enabled: bool) {
        self.shared.lock().statuses_enabled = enabled;
    }

    /// Chooses the array key of the member status list response.
    pub fn set_list_key(&self, key: ListKey) {
        self.shared.lock().list_key = key;
    }

    /// Makes a LINE WORKS member known (by user ID, e-mail or `externalKey:...`, decoded).
    pub fn add_user(&self, user_id: &str) {
        self.shared
            .lock()
            .members
            .entry(user_id.to_owned())
            .or_default();
    }

    /// The domain status definition `profile_status_id` as the PATCH route would answer it,
    /// or `None` if it is not defined; lets a test check state without another request.
    pub fn profile_status(&self, profile_status_id: &str) -> Option<serde_json::Value> {
        let inner = self.shared.lock();
        let status = inner
            .domain_statuses
            .iter()
            .find(|s| s.profile_status_id == profile_status_id)?;
        serde_json::to_value(status).ok()
    }

    /// The member's stored statuses as the list route would answer them (PRESENT first),
    /// or `None` for an unknown member.
    pub fn user_statuses(&self, user_id: &str) -> Option<Vec<serde_json::Value>> {
        let inner = self.shared.lock();
        let statuses = inner.members.get(user_id)?;
        Some(
            state::ordered(statuses)
                .filter_map(|s| serde_json::to_value(s).ok())
                .collect(),
        )
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl std::fmt::Debug for MockServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockServer")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

/// Both APIs on one listener: their paths do not overlap (`/v1.0/...` vs `/api/v1/...`).
fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .nest("/v1.0", lineworks::router())
        .merge(rocketchat::router())
        // An explicit fallback so that unknown paths also pass through the recorder.
        .fallback(|| async { axum::http::StatusCode::NOT_FOUND })
        .layer(axum::middleware::from_fn_with_state(
            shared.clone(),
            recording::record,
        ))
        .with_state(shared)
}

/// True when the request says its body is JSON (`application/json`, parameters allowed).
/// Both vendors require the header; a client that forgets it should be caught here.
fn has_json_content_type(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|media| media.trim().eq_ignore_ascii_case("application/json"))
}
