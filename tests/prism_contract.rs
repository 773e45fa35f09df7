//! Contract test: the generated clients against Prism, Stoplight's mock server, which reads the
//! same `spec/*.yaml` and checks every request against it.
//!
//! The vendor mock (`mock-server/`) is hand-written and could share a misreading of the vendor
//! pages with the generator. Prism cannot: it validates the path (template match, path parameter
//! enums), the security scheme, the content type and the JSON body (types, enums, `maxLength` in
//! characters, `date-time` formats, `nullable`) straight from the spec, and answers with the
//! spec's examples. So:
//!
//! - every operation is sent with valid, realistic values and must be accepted: a `2xx` without
//!   an `sl-violations` header. A request Prism finds invalid comes back as `422` with a
//!   problem+json body, or as the operation's documented `400` with the violations in the
//!   `sl-violations` header; the test then fails and prints both, plus Prism's log;
//! - every answer (the spec's examples) must decode into the typed body, compared field by field;
//! - `Prefer: code=NNN` makes Prism answer a documented error, which must map to the right
//!   variant of the operation's error enum (and decode its typed body where the spec gives one).
//!
//! Prism comes from the repository's `package.json` (`npm ci` puts it in `node_modules/.bin/`).
//! The tests are `#[ignore]`d under plain `cargo test`, so that a machine without Node.js shows
//! them as ignored rather than passed; `scripts/test.sh` (and so CI) installs Prism and runs them
//! with `--include-ignored`, where a missing Prism fails them.

#[path = "support/examples.rs"]
mod examples;
mod support;

use std::future::Future;
use std::io::Read;
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use examples::{custom_status_example, list_example, present_example, profile_status_example};
use oagen_runtime::reqwest;
use oagen_runtime::reqwest::header::{HeaderMap, HeaderValue};
use oagen_runtime::{Error, Response};
use status_apis::lineworks::{
    self as lw, AutoReplyMail, AutoReplyMailSetting, I18nName, IconType, Language, ProfileStatusId,
    ProfileStatusPatch, UserProfileStatusRequest,
};
use status_apis::rocketchat::{
    self as rc, CustomUserStatusUpdate, FailureResponse, UnauthorizedResponse,
    UpdateCustomUserStatusError,
};
use support::time;

/// How long Prism may take to start listening (its first start compiles the spec).
const STARTUP_DEADLINE: Duration = Duration::from_secs(60);
/// Free-port races (another process binding the port first) are retried this often.
const START_ATTEMPTS: usize = 3;
/// The header in which Prism lists the violations it found in a request or response.
const VIOLATIONS_HEADER: &str = "sl-violations";
/// Prism only checks that a bearer token is present; any value will do.
const LW_TOKEN: &str = "prism-contract-token";

// ---------------------------------------------------------------------------------------------
// Prism process
// ---------------------------------------------------------------------------------------------

/// A running `prism mock` for one spec; killed when dropped (also when a test panics).
struct Prism {
    child: Child,
    spec: &'static str,
    base_url: String,
    output: Arc<Mutex<Vec<u8>>>,
}

/// Why a start attempt failed.
enum StartFailure {
    /// Prism exited; `port_taken` when it says the port was in use (worth another try).
    Exited { port_taken: bool, reason: String },
    /// Prism did not listen in time.
    TimedOut,
}

impl Prism {
    /// Starts Prism for `spec` (a path relative to the repository root) on a free loopback
    /// port. A missing Prism is a failure: these tests are `#[ignore]`d under plain `cargo test`
    /// and run by `scripts/test.sh`, which installs Prism first.
    fn start(spec: &'static str) -> Prism {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let bin = root.join("node_modules/.bin/prism");
        assert!(
            bin.exists(),
            "Prism is not installed ({} is missing): run `npm ci` at the repository root \
             (needs Node.js), or run the tests with scripts/test.sh, which does",
            bin.display()
        );
        let mut last = String::new();
        for _ in 0..START_ATTEMPTS {
            let mut prism = Prism::spawn(root, &bin, spec);
            match prism.wait_until_listening() {
                Ok(()) => return prism,
                Err(StartFailure::Exited {
                    port_taken: true,
                    reason,
                }) => last = reason,
                Err(StartFailure::Exited { reason, .. }) => {
                    panic!("Prism for {spec} exited: {reason}\n{}", prism.log())
                }
                Err(StartFailure::TimedOut) => panic!(
                    "Prism for {spec} did not accept connections on {} within {:?}\n{}",
                    prism.base_url,
                    STARTUP_DEADLINE,
                    prism.log()
                ),
            }
        }
        panic!("Prism for {spec} could not get a free port in {START_ATTEMPTS} attempts: {last}")
    }

    fn spawn(root: &Path, bin: &Path, spec: &'static str) -> Prism {
        // A port that was free a moment ago (bound and released again).
        let port = support::free_address().port();
        let mut child = Command::new(bin)
            .current_dir(root)
            .args(["mock", spec, "-h", "127.0.0.1", "-p", &port.to_string()])
            // Violations marked as errors produce an error response instead of a made-up answer.
            .arg("--errors")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", bin.display()));
        let output = Arc::new(Mutex::new(Vec::new()));
        collect(child.stdout.take(), &output);
        collect(child.stderr.take(), &output);
        Prism {
            child,
            spec,
            base_url: format!("http://127.0.0.1:{port}"),
            output,
        }
    }

    /// Polls until Prism says it listens and a connection succeeds, it exits, or time is up.
    fn wait_until_listening(&mut self) -> Result<(), StartFailure> {
        let addr: SocketAddr = self
            .base_url
            .trim_start_matches("http://")
            .parse()
            .expect("a loopback socket address");
        let deadline = Instant::now() + STARTUP_DEADLINE;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(StartFailure::Exited {
                    port_taken: self.output_text().contains("EADDRINUSE"),
                    reason: format!("{status}"),
                });
            }
            if self.output_text().contains("Prism is listening")
                && TcpStream::connect_timeout(&addr, Duration::from_millis(500)).is_ok()
            {
                return Ok(());
            }
            if Instant::now() >= deadline {
                return Err(StartFailure::TimedOut);
            }
            thread::sleep(Duration::from_millis(100));
        }
    }

    /// Everything Prism printed so far.
    fn output_text(&self) -> String {
        let bytes = self.output.lock().unwrap_or_else(|e| e.into_inner());
        String::from_utf8_lossy(&bytes).into_owned()
    }

    /// The last lines Prism printed (it logs each request and every violation it found).
    fn log(&self) -> String {
        const TAIL: usize = 60;
        let text = self.output_text();
        let lines: Vec<&str> = text.lines().collect();
        let skipped = lines.len().saturating_sub(TAIL);
        let mut log = format!("--- Prism output ({}) ---\n", self.spec);
        if skipped > 0 {
            log.push_str(&format!("[{skipped} earlier lines left out]\n"));
        }
        for line in &lines[skipped..] {
            log.push_str(line);
            log.push('\n');
        }
        log.push_str("--- end of Prism output ---");
        log
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Copies a child's output pipe into `sink` on a thread, so the pipe never fills up.
fn collect(pipe: Option<impl Read + Send + 'static>, sink: &Arc<Mutex<Vec<u8>>>) {
    let Some(mut pipe) = pipe else { return };
    let sink = Arc::clone(sink);
    thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = pipe.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink.lock()
                .unwrap_or_else(|e| e.into_inner())
                .extend_from_slice(&buf[..n]);
        }
    });
}

// ---------------------------------------------------------------------------------------------
// Clients and verdicts
// ---------------------------------------------------------------------------------------------

/// A loopback-only HTTP client (reqwest honours HTTP_PROXY even for 127.0.0.1), optionally
/// sending a `Prefer` header with every request.
fn http(prefer: Option<&str>) -> reqwest::Client {
    let mut builder = reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(20));
    if let Some(prefer) = prefer {
        let mut headers = HeaderMap::new();
        headers.insert(
            "prefer",
            HeaderValue::from_str(prefer).expect("a valid Prefer header"),
        );
        builder = builder.default_headers(headers);
    }
    builder.build().expect("build the reqwest client")
}

fn lineworks(prism: &Prism, prefer: Option<&str>) -> lw::Client {
    lw::Client::builder()
        .base_url(prism.base_url.as_str())
        .user_agent("status-apis-prism-contract")
        .access_token(LW_TOKEN)
        .http_client(http(prefer))
        .build()
        .expect("build the LINE WORKS client")
}

fn rocketchat(prism: &Prism, prefer: Option<&str>) -> rc::Client {
    rc::Client::builder()
        .base_url(prism.base_url.as_str())
        .user_agent("status-apis-prism-contract")
        // The spec's example values; Prism only checks that both headers are present.
        .auth_token(vendor_mock::ROCKETCHAT_AUTH_TOKEN)
        .user_id(vendor_mock::ROCKETCHAT_USER_ID)
        .http_client(http(prefer))
        .build()
        .expect("build the Rocket.Chat client")
}

fn violations(headers: &HeaderMap) -> Option<String> {
    headers
        .get(VIOLATIONS_HEADER)
        .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
}

/// Everything known about a failed call, for the failure message.
fn explain<E: std::fmt::Debug>(error: &Error<E>) -> String {
    match error {
        Error::Api {
            status,
            headers,
            error,
        } => format!(
            "Prism answered {status}, mapped to {error:?}; {VIOLATIONS_HEADER}: {}",
            violations(headers).unwrap_or_else(|| "(none)".to_owned())
        ),
        Error::UnexpectedStatus { status, body, .. } => {
            format!("Prism answered {status} (undocumented for this operation): {body}")
        }
        Error::Decode {
            status,
            body,
            message,
        } => format!("the {status} answer did not decode into the typed body ({message}): {body}"),
        other => format!("{other} ({other:?})"),
    }
}

/// The typed body of a call Prism must accept: a 200 whose request broke no rule of the spec.
#[track_caller]
fn accepted<T, E: std::fmt::Debug>(
    prism: &Prism,
    call: &str,
    result: Result<Response<T>, Error<E>>,
) -> T {
    match result {
        Ok(response) => {
            if let Some(found) = violations(response.headers()) {
                panic!(
                    "{call}: Prism answered {} but reported violations: {found}\n{}",
                    response.status(),
                    prism.log()
                );
            }
            assert_eq!(response.status(), 200, "{call}");
            response.into_inner()
        }
        Err(error) => panic!(
            "{call}: the request was not accepted as spec-valid: {}\n{}",
            explain(&error),
            prism.log()
        ),
    }
}

/// The documented error a call must produce (asked for with `Prefer: code=...`): it must come
/// with status `code`; the typed error is returned. An error Prism raised because the request
/// broke the spec does not count.
#[track_caller]
fn documented_error<T: std::fmt::Debug, E: std::fmt::Debug>(
    prism: &Prism,
    call: &str,
    code: u16,
    result: Result<Response<T>, Error<E>>,
) -> E {
    match result {
        Err(Error::Api {
            status,
            headers,
            error,
        }) => {
            if let Some(found) = violations(&headers) {
                panic!(
                    "{call}: the {status} answer is Prism's reaction to an invalid request, \
                     not the documented error: {found}\n{}",
                    prism.log()
                );
            }
            assert_eq!(status, code, "{call}");
            error
        }
        Ok(response) => panic!(
            "{call}: expected a documented error, got {} {:?}",
            response.status(),
            *response
        ),
        Err(error) => panic!(
            "{call}: expected a documented error: {}\n{}",
            explain(&error),
            prism.log()
        ),
    }
}

/// Sends a call once for each of `codes`, asking Prism for that documented error
/// (`Prefer: code=NNN`; `send` gets the header value), and returns the typed errors in order.
async fn documented_errors<T, E, Fut>(
    prism: &Prism,
    operation: &str,
    codes: &[u16],
    send: impl Fn(String) -> Fut,
) -> Vec<E>
where
    T: std::fmt::Debug,
    E: std::fmt::Debug,
    Fut: Future<Output = Result<Response<T>, Error<E>>>,
{
    let mut errors = Vec::new();
    for &code in codes {
        let result = send(format!("code={code}")).await;
        errors.push(documented_error(
            prism,
            &format!("{operation} {code}"),
            code,
            result,
        ));
    }
    errors
}

// ---------------------------------------------------------------------------------------------
// Realistic requests
// ---------------------------------------------------------------------------------------------

/// Member identifiers of every documented form; the odd characters must reach Prism as one
/// percent-encoded path segment, or the path would not match the template.
const USER_IDS: [&str; 5] = [
    "userf7da-f82c-4284-13e7-030f3b4c756x",
    "kim.minji+status@example.com",
    "externalKey:EMP-0042",
    "externalKey:HR/Seoul 0042?x#y",
    "externalKey:김민지",
];

/// Exactly `maxLength` (50) characters of Korean text (well over 50 UTF-8 bytes): still valid.
fn korean_message_of_50_chars() -> String {
    let message = "회의 중입니다. 급한 용무는 메신저로 연락 부탁드립니다.".repeat(2);
    let message: String = message.chars().take(50).collect();
    assert_eq!(message.chars().count(), 50);
    message
}

/// POST/PUT bodies covering each field: plain, scheduled with `+09:00`, explicit `null`s.
fn status_requests() -> Vec<(&'static str, UserProfileStatusRequest)> {
    vec![
        (
            "PRESENT, only the required field",
            UserProfileStatusRequest::new(ProfileStatusId::LeaveOffice),
        ),
        (
            "PRESENT, 50-character Korean message, auto-reply mail",
            UserProfileStatusRequest::new(ProfileStatusId::Custom02)
                .status_message(korean_message_of_50_chars())
                .auto_reply_mail(
                    AutoReplyMail::default()
                        .internal(
                            AutoReplyMailSetting::default()
                                .content("会議中です。終わり次第お返事します。")
                                .sent_directly_to_me(true),
                        )
                        .external(AutoReplyMailSetting::default().content("In a meeting.")),
                ),
        ),
        (
            "RESERVED, 2050 in +09:00",
            UserProfileStatusRequest::new(ProfileStatusId::Absence)
                .status_message("휴가 (vacation)")
                .start_time(time("2050-08-01T09:00:00+09:00"))
                .end_time(time("2050-08-05T18:00:00+09:00")),
        ),
        (
            "explicit nulls clear the message, times and auto-reply mail",
            UserProfileStatusRequest::new(ProfileStatusId::Busy)
                .clear_status_message()
                .clear_start_time()
                .clear_end_time()
                .clear_auto_reply_mail(),
        ),
    ]
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

#[tokio::test]
#[ignore = "needs Prism from package.json: run scripts/test.sh (npm ci, then --include-ignored)"]
async fn prism_flags_spec_violations_in_both_shapes() {
    // Guards the other tests: if Prism did not validate requests, "accepted" would prove nothing.
    let lw_prism = Prism::start("spec/lineworks.yaml");
    let rc_prism = Prism::start("spec/rocketchat.yaml");
    let http = http(None);
    let send = |url: String, method: reqwest::Method, body: String| {
        http.request(method, url)
            .header("authorization", format!("Bearer {LW_TOKEN}"))
            .header("x-auth-token", "token")
            .header("x-user-id", "user")
            .header("content-type", "application/json")
            .body(body)
            .send()
    };

    // 51 characters: one over maxLength. POST documents 400, so Prism answers 400 and lists
    // the violation in the header.
    let message = format!("{}가", korean_message_of_50_chars());
    let answer = send(
        format!("{}/users/someone/user-profile-statuses", lw_prism.base_url),
        reqwest::Method::POST,
        format!(r#"{{"profileStatusId":"BUSY","statusMessage":"{message}"}}"#),
    )
    .await
    .expect("send to Prism");
    assert_eq!(answer.status().as_u16(), 400, "{}", lw_prism.log());
    let found = violations(answer.headers()).unwrap_or_default();
    assert!(found.contains("statusMessage"), "{found}");

    // A path parameter outside its enum: PATCH documents no 4xx for bad requests, so Prism
    // answers 422 with a problem+json body.
    let answer = send(
        format!("{}/directory/profile-statuses/CUSTOM13", lw_prism.base_url),
        reqwest::Method::PATCH,
        r#"{"domainId":10000001}"#.to_owned(),
    )
    .await
    .expect("send to Prism");
    assert_eq!(answer.status().as_u16(), 422, "{}", lw_prism.log());
    let body = answer.text().await.expect("read the body");
    assert!(body.contains("profilestatusid"), "{body}");

    // Rocket.Chat's documented 400 carries its example body either way: only the header tells
    // a violation (here a missing required field) from the documented error.
    let answer = send(
        format!("{}/api/v1/custom-user-status.update", rc_prism.base_url),
        reqwest::Method::POST,
        r#"{"_id":"65462e97a2f73c7460e18f84","name":"busy"}"#.to_owned(),
    )
    .await
    .expect("send to Prism");
    assert_eq!(answer.status().as_u16(), 400, "{}", rc_prism.log());
    let found = violations(answer.headers()).unwrap_or_default();
    assert!(found.contains("statusType"), "{found}");
}

#[tokio::test]
#[ignore = "needs Prism from package.json: run scripts/test.sh (npm ci, then --include-ignored)"]
async fn lineworks_requests_are_spec_valid_and_examples_decode() {
    let prism = Prism::start("spec/lineworks.yaml");
    let client = lineworks(&prism, None);

    // PATCH: a custom status renamed with Korean/Japanese names, and a default status with
    // only the fields default statuses allow.
    let patches = [
        (
            ProfileStatusId::Custom02,
            ProfileStatusPatch::new(10000001)
                .icon_type(IconType::Meeting)
                .profile_status_name("회의 중")
                .i18n_names(vec![
                    I18nName::new("회의 중", Language::KoKr),
                    I18nName::new("会議中", Language::JaJp),
                    I18nName::new("In a meeting", Language::EnUs),
                ])
                .use_default_status(true)
                .enable_setting_by_user(true)
                .display_order(6),
        ),
        (
            ProfileStatusId::Busy,
            ProfileStatusPatch::new(10000001)
                .enable_setting_by_user(false)
                .display_order(3),
        ),
        (
            ProfileStatusId::Custom12,
            // i18nNames allows an empty list (minItems 0).
            ProfileStatusPatch::new(10000001).i18n_names(Vec::new()),
        ),
    ];
    for (id, patch) in &patches {
        let call = format!(
            "PATCH /directory/profile-statuses/{} {patch:?}",
            id.as_str()
        );
        let body = accepted(&prism, &call, client.update_profile_status(id, patch).await);
        assert_eq!(body, profile_status_example(), "{call}");
    }

    for user in USER_IDS {
        let call = format!("GET /users/{user:?}/user-profile-statuses");
        let body = accepted(&prism, &call, client.list_user_profile_statuses(user).await);
        assert_eq!(body, list_example(), "{call}");

        for (what, request) in status_requests() {
            let call = format!("POST /users/{user:?}/user-profile-statuses ({what})");
            let body = accepted(
                &prism,
                &call,
                client.create_user_profile_status(user, &request).await,
            );
            assert_eq!(body, present_example(), "{call}");

            for status_id in [
                "uprofile-b785-4aae-c330-01e94337846b",
                "status id/with?odd#chars",
            ] {
                let call =
                    format!("PUT /users/{user:?}/user-profile-statuses/{status_id:?} ({what})");
                let body = accepted(
                    &prism,
                    &call,
                    client
                        .update_user_profile_status(user, status_id, &request)
                        .await,
                );
                assert_eq!(body, present_example(), "{call}");
            }
        }
    }
}

#[tokio::test]
#[ignore = "needs Prism from package.json: run scripts/test.sh (npm ci, then --include-ignored)"]
async fn lineworks_list_decodes_the_page_example_keyed_statuses() {
    let prism = Prism::start("spec/lineworks.yaml");
    // `pageExample` names the array `statuses` instead of `userProfileStatuses`.
    for example in ["pageExample", "propertyTable"] {
        let client = lineworks(&prism, Some(&format!("example={example}")));
        let call =
            format!("GET /users/externalKey:EMP-0042/user-profile-statuses (Prefer: {example})");
        let body = accepted(
            &prism,
            &call,
            client
                .list_user_profile_statuses("externalKey:EMP-0042")
                .await,
        );
        assert_eq!(body, list_example(), "{call}");
    }
}

#[tokio::test]
#[ignore = "needs Prism from package.json: run scripts/test.sh (npm ci, then --include-ignored)"]
async fn lineworks_documented_errors_map_to_typed_variants() {
    let prism = Prism::start("spec/lineworks.yaml");
    let user = "externalKey:EMP-0042";
    let patch = &ProfileStatusPatch::new(10000001).display_order(2);
    let request = &UserProfileStatusRequest::new(ProfileStatusId::Busy)
        .status_message("busy")
        .start_time(time("2050-01-03T09:00:00+09:00"))
        .end_time(time("2050-01-03T18:00:00+09:00"));
    let status_id = "uprofile-b785-4aae-c330-01e94337846b";

    let errors = documented_errors(&prism, "PATCH", &[409, 403], |prefer| {
        let client = lineworks(&prism, Some(&prefer));
        async move {
            client
                .update_profile_status(&ProfileStatusId::Custom01, patch)
                .await
        }
    })
    .await;
    assert!(
        matches!(
            errors[..],
            [
                lw::UpdateProfileStatusError::Conflict(_),
                lw::UpdateProfileStatusError::Forbidden(_),
            ]
        ),
        "{errors:?}"
    );

    let errors = documented_errors(&prism, "POST", &[400, 403], |prefer| {
        let client = lineworks(&prism, Some(&prefer));
        async move { client.create_user_profile_status(user, request).await }
    })
    .await;
    assert!(
        matches!(
            errors[..],
            [
                lw::CreateUserProfileStatusError::BadRequest(_),
                lw::CreateUserProfileStatusError::Forbidden(_),
            ]
        ),
        "{errors:?}"
    );

    let errors = documented_errors(&prism, "PUT", &[400, 403, 404], |prefer| {
        let client = lineworks(&prism, Some(&prefer));
        async move {
            client
                .update_user_profile_status(user, status_id, request)
                .await
        }
    })
    .await;
    assert!(
        matches!(
            errors[..],
            [
                lw::UpdateUserProfileStatusError::BadRequest(_),
                lw::UpdateUserProfileStatusError::Forbidden(_),
                lw::UpdateUserProfileStatusError::NotFound(_),
            ]
        ),
        "{errors:?}"
    );
}

#[tokio::test]
#[ignore = "needs Prism from package.json: run scripts/test.sh (npm ci, then --include-ignored)"]
async fn rocketchat_request_is_spec_valid_and_example_decodes() {
    let prism = Prism::start("spec/rocketchat.yaml");
    let client = rocketchat(&prism, None);
    let updates = [
        CustomUserStatusUpdate::new("65462e97a2f73c7460e18f84", "caught up again", "busy"),
        CustomUserStatusUpdate::new("65462e97a2f73c7460e18f84", "회의 중 · 会議中", "away"),
    ];
    for update in &updates {
        let call = format!("POST /api/v1/custom-user-status.update {update:?}");
        let body = accepted(
            &prism,
            &call,
            client.update_custom_user_status(update).await,
        );
        assert_eq!(body, custom_status_example(), "{call}");
    }
}

#[tokio::test]
#[ignore = "needs Prism from package.json: run scripts/test.sh (npm ci, then --include-ignored)"]
async fn rocketchat_documented_errors_decode_typed_bodies() {
    let prism = Prism::start("spec/rocketchat.yaml");
    let update = &CustomUserStatusUpdate::new("SeZHHb77QXWRbnDh", "caught up again", "busy");
    let errors = documented_errors(
        &prism,
        "POST custom-user-status.update",
        &[400, 401],
        |prefer| {
            let client = rocketchat(&prism, Some(&prefer));
            async move { client.update_custom_user_status(update).await }
        },
    )
    .await;
    assert_eq!(
        errors,
        [
            UpdateCustomUserStatusError::BadRequest(FailureResponse {
                success: Some(false),
                error: Some(
                    r#"No custom user status found with the id of "SeZHHb77QXWRbnDh"."#.to_owned()
                ),
            }),
            UpdateCustomUserStatusError::Unauthorized(UnauthorizedResponse {
                status: Some("error".to_owned()),
                message: Some("You must be logged in to do this.".to_owned()),
            }),
        ]
    );
}
