//! Request overhead of the generated clients: the same request sent through the generated
//! client and through a careful hand-written `reqwest` call, against one local mock server on
//! loopback, interleaved in the same run. Prints per-request medians and their ratio.
//!
//! `cargo bench --bench request_overhead [-- --rounds N]` (default 20000 rounds after 1000 warm-up
//! rounds; each round sends one request each way, alternating which goes first). Without
//! `--bench` (as `cargo test --benches` runs it) it sends a few requests each way to check both
//! paths work, and claims no figures.
//!
//! Both sides share one `reqwest::Client` (no proxy, one keep-alive connection) and one
//! single-threaded tokio runtime that also runs the server, so every microsecond measured is CPU
//! work on this machine, not waiting on another thread, and a wakeup across cores cannot make
//! one side look slower than the other.
//!
//! What the hand-written calls do, per request, is what a careful hand-written client does:
//! build the URL with the path parameter percent-encoded as one segment (`Url::path_segments_mut`),
//! add the auth headers (precomputed once, as such a client holds them), serialise the body,
//! send, read the body, check the status and decode the JSON into serde structs, date-times
//! parsed with chrono as the generated types parse them.

use std::error::Error;
use std::hint::black_box;
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset};
use reqwest::header::{HeaderValue, AUTHORIZATION, CONTENT_TYPE};
use reqwest::Url;
use serde::{Deserialize, Serialize};
use status_apis::{lineworks, rocketchat};
use vendor_mock::MockServer;

type BoxError = Box<dyn Error + Send + Sync>;

/// What both hand-written calls do with the answer: read the body, refuse a non-2xx status,
/// decode the JSON.
async fn decode_success<T: serde::de::DeserializeOwned>(
    response: reqwest::Response,
) -> Result<T, BoxError> {
    let status = response.status();
    let body = response.bytes().await?;
    if !status.is_success() {
        return Err(format!("HTTP {status}: {}", String::from_utf8_lossy(&body)).into());
    }
    Ok(serde_json::from_slice(&body)?)
}

/// The budget: the generated client's median within 5% of the hand-written call's.
const BUDGET_RATIO: f64 = 1.05;
const DEFAULT_ROUNDS: usize = 20_000;
const WARM_UP_ROUNDS: usize = 1_000;
/// The mock server records every request; its log is cleared this often (outside the timings).
const CLEAR_EVERY: usize = 1_000;
/// The ratio is also computed per block of rounds, to show how stable it is over the run.
const BLOCKS: usize = 10;

fn main() -> Result<(), BoxError> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let measuring = args.iter().any(|arg| arg == "--bench");
    let rounds = match args.iter().position(|arg| arg == "--rounds") {
        Some(at) => args
            .get(at + 1)
            .ok_or("--rounds needs a number")?
            .parse::<usize>()?,
        None if measuring => DEFAULT_ROUNDS,
        None => 20,
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(run(rounds, measuring))
}

async fn run(rounds: usize, measuring: bool) -> Result<(), BoxError> {
    let server = MockServer::start().await?;
    let http = reqwest::Client::builder().no_proxy().build()?;
    let lw = LineWorks::new(&server, http.clone()).await?;
    let rc = RocketChat::new(&server, http)?;
    let warm_up = if measuring { WARM_UP_ROUNDS } else { 0 };
    if measuring {
        println!(
            "load average before the run (1/5/15 min): {}",
            load_average()
        );
    }

    println!(
        "request overhead: {rounds} rounds per scenario after {warm_up} warm-up rounds, \
         one current-thread tokio runtime, server on 127.0.0.1"
    );
    let scenarios = [
        (
            "LINE WORKS GET /users/{userId}/user-profile-statuses (2 statuses)",
            measure(&server, rounds, warm_up, || lw.generated(), || lw.by_hand()).await?,
        ),
        (
            "Rocket.Chat POST /api/v1/custom-user-status.update",
            measure(&server, rounds, warm_up, || rc.generated(), || rc.by_hand()).await?,
        ),
    ];
    if !measuring {
        println!("both clients answered every request (smoke run: pass --bench, as `cargo bench` does, to measure)");
        return Ok(());
    }
    for (name, timings) in &scenarios {
        timings.report(name);
    }
    println!();
    println!(
        "load average after the run (1/5/15 min): {}",
        load_average()
    );
    Ok(())
}

/// The 1/5/15-minute load averages from `/proc/loadavg`: other work on the machine slows both
/// sides alike (they are interleaved) but widens the spread.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|text| {
            text.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_else(|_| "unknown".to_owned())
}

/// Per-request times in microseconds, in round order.
struct Timings {
    generated: Vec<f64>,
    by_hand: Vec<f64>,
}

/// Sends one request each way per round, alternating which goes first, and times each alone.
async fn measure<G, H, GF, HF>(
    server: &MockServer,
    rounds: usize,
    warm_up: usize,
    mut generated: G,
    mut by_hand: H,
) -> Result<Timings, BoxError>
where
    G: FnMut() -> GF,
    H: FnMut() -> HF,
    GF: std::future::Future<Output = Result<usize, BoxError>>,
    HF: std::future::Future<Output = Result<usize, BoxError>>,
{
    let mut timings = Timings {
        generated: Vec::with_capacity(rounds),
        by_hand: Vec::with_capacity(rounds),
    };
    server.clear_received();
    for round in 0..warm_up + rounds {
        if round % CLEAR_EVERY == 0 {
            server.clear_received();
        }
        let generated_first = round % 2 == 0;
        let (mut first, mut second) = (Duration::ZERO, Duration::ZERO);
        for (slot, run_generated) in [
            (&mut first, generated_first),
            (&mut second, !generated_first),
        ] {
            let start = Instant::now();
            let items = if run_generated {
                generated().await?
            } else {
                by_hand().await?
            };
            *slot = start.elapsed();
            black_box(items);
        }
        if round >= warm_up {
            let (g, h) = if generated_first {
                (first, second)
            } else {
                (second, first)
            };
            timings.generated.push(g.as_secs_f64() * 1e6);
            timings.by_hand.push(h.as_secs_f64() * 1e6);
        }
    }
    Ok(timings)
}

impl Timings {
    fn report(&self, name: &str) {
        let generated = Summary::of(&self.generated);
        let by_hand = Summary::of(&self.by_hand);
        let ratio = generated.median / by_hand.median;
        let paired: Vec<f64> = self
            .generated
            .iter()
            .zip(&self.by_hand)
            .map(|(g, h)| g / h)
            .collect();
        let paired_median = Summary::of(&paired).median;
        let block = self.generated.len().div_ceil(BLOCKS).max(1);
        let block_ratios: Vec<f64> = self
            .generated
            .chunks(block)
            .zip(self.by_hand.chunks(block))
            .map(|(g, h)| Summary::of(g).median / Summary::of(h).median)
            .collect();
        let lowest = block_ratios.iter().copied().fold(f64::INFINITY, f64::min);
        let highest = block_ratios.iter().copied().fold(0.0, f64::max);

        println!();
        println!("{name}");
        println!(
            "  {:<13} {:>8} {:>8} {:>8} {:>8}   (us per request, n = {})",
            "",
            "p10",
            "median",
            "p90",
            "mean",
            self.generated.len()
        );
        generated.print("generated");
        by_hand.print("hand-written");
        println!(
            "  ratio of medians (generated / hand-written): {ratio:.3}  ({:+.1}%)",
            (ratio - 1.0) * 100.0
        );
        println!(
            "  difference of medians: {:+.2} us per request",
            generated.median - by_hand.median
        );
        println!(
            "  median of per-round ratios: {paired_median:.3}; ratio of medians per tenth of the run: {lowest:.3} .. {highest:.3}"
        );
        let verdict = if ratio <= BUDGET_RATIO {
            "met"
        } else {
            "NOT met"
        };
        println!(
            "  budget (generated median within {:.0}% of hand-written): {verdict}",
            (BUDGET_RATIO - 1.0) * 100.0
        );
    }
}

struct Summary {
    p10: f64,
    median: f64,
    p90: f64,
    mean: f64,
}

impl Summary {
    fn of(samples: &[f64]) -> Summary {
        let mut sorted = samples.to_vec();
        sorted.sort_by(f64::total_cmp);
        let at = |q: f64| sorted[((sorted.len() - 1) as f64 * q).round() as usize];
        let median = if sorted.len() % 2 == 0 {
            (sorted[sorted.len() / 2 - 1] + sorted[sorted.len() / 2]) / 2.0
        } else {
            sorted[sorted.len() / 2]
        };
        Summary {
            p10: at(0.1),
            median,
            p90: at(0.9),
            mean: sorted.iter().sum::<f64>() / sorted.len() as f64,
        }
    }

    fn print(&self, label: &str) {
        println!(
            "  {label:<13} {:>8.1} {:>8.1} {:>8.1} {:>8.1}",
            self.p10, self.median, self.p90, self.mean
        );
    }
}

// ---------------------------------------------------------------------------------------------
// LINE WORKS: list a member's statuses (GET, path parameter, bearer token, JSON list answer).

/// The hand-written client's view of the list answer.
#[derive(Debug, Deserialize)]
struct StatusList {
    #[serde(rename = "userProfileStatuses", alias = "statuses", default)]
    user_profile_statuses: Vec<UserStatus>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)] // Decoded to do the work a real client does; the bench reads only the count.
struct UserStatus {
    user_profile_status_id: Option<String>,
    profile_status_id: Option<String>,
    profile_status_name: Option<String>,
    icon_url: Option<String>,
    schedule_type: Option<String>,
    status_message: Option<String>,
    start_time: Option<DateTime<FixedOffset>>,
    end_time: Option<DateTime<FixedOffset>>,
    auto_reply_mail: Option<AutoReplyMail>,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct AutoReplyMail {
    internal: Option<AutoReplyMailSetting>,
    external: Option<AutoReplyMailSetting>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct AutoReplyMailSetting {
    content: Option<String>,
    #[serde(default)]
    sent_directly_to_me: bool,
}

struct LineWorks {
    client: lineworks::Client,
    http: reqwest::Client,
    base: Url,
    authorization: HeaderValue,
    user_id: &'static str,
}

impl LineWorks {
    /// Builds both clients and gives the seeded member a current and a scheduled status, so the
    /// list answer has something to decode: dates, messages and an auto-reply mail.
    async fn new(server: &MockServer, http: reqwest::Client) -> Result<LineWorks, BoxError> {
        let client = lineworks::Client::builder()
            .base_url(server.lineworks_base_url())
            .access_token(vendor_mock::LINEWORKS_TOKEN)
            .http_client(http.clone())
            .timeout(REQUEST_TIMEOUT)
            .build()?;
        let user_id = vendor_mock::SEEDED_USER;
        let time = |text: &str| oagen_runtime::DateTime::parse(text);
        client
            .create_user_profile_status(
                user_id,
                &lineworks::UserProfileStatusRequest::new(lineworks::ProfileStatusId::Busy)
                    .status_message("In a meeting")
                    .end_time(time("2099-01-01T18:00:00+09:00")?),
            )
            .await?;
        client
            .create_user_profile_status(
                user_id,
                &lineworks::UserProfileStatusRequest::new(lineworks::ProfileStatusId::Away)
                    .status_message("Off site")
                    .start_time(time("2099-01-02T09:00:00+09:00")?)
                    .end_time(time("2099-01-02T18:00:00+09:00")?)
                    .auto_reply_mail(lineworks::AutoReplyMail::default().internal(
                        lineworks::AutoReplyMailSetting::default().content("Back on Monday."),
                    )),
            )
            .await?;
        let lw = LineWorks {
            client,
            http,
            base: Url::parse(&server.lineworks_base_url())?,
            authorization: HeaderValue::try_from(format!(
                "Bearer {}",
                vendor_mock::LINEWORKS_TOKEN
            ))?,
            user_id,
        };
        let (generated, by_hand) = (lw.generated().await?, lw.by_hand().await?);
        if generated != 2 || by_hand != 2 {
            return Err(
                format!("expected 2 statuses each way, got {generated} and {by_hand}").into(),
            );
        }
        Ok(lw)
    }

    async fn generated(&self) -> Result<usize, BoxError> {
        let list = self
            .client
            .list_user_profile_statuses(self.user_id)
            .await?
            .into_inner();
        Ok(list.user_profile_statuses.map_or(0, |items| items.len()))
    }

    async fn by_hand(&self) -> Result<usize, BoxError> {
        let mut url = self.base.clone();
        url.path_segments_mut()
            .map_err(|()| "the base URL cannot have a path")?
            .push("users")
            .push(self.user_id)
            .push("user-profile-statuses");
        let response = self
            .http
            .get(url)
            .header(AUTHORIZATION, self.authorization.clone())
            .timeout(REQUEST_TIMEOUT)
            .send()
            .await?;
        let list: StatusList = decode_success(response).await?;
        Ok(list.user_profile_statuses.len())
    }
}

// ---------------------------------------------------------------------------------------------
// Rocket.Chat: update a custom user status (POST, two auth headers, JSON body and answer).

#[derive(Serialize)]
struct CustomStatusUpdate<'a> {
    #[serde(rename = "_id")]
    id: &'a str,
    name: &'a str,
    #[serde(rename = "statusType")]
    status_type: &'a str,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct CustomStatusUpdateResponse {
    custom_user_status: Option<CustomStatus>,
    success: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct CustomStatus {
    #[serde(rename = "_id")]
    id: Option<String>,
    name: Option<String>,
    #[serde(rename = "statusType")]
    status_type: Option<String>,
    #[serde(rename = "_updatedAt")]
    updated_at: Option<String>,
}

struct RocketChat {
    client: rocketchat::Client,
    body: rocketchat::CustomUserStatusUpdate,
    http: reqwest::Client,
    base: Url,
    auth_token: HeaderValue,
    user_id: HeaderValue,
}

const STATUS_NAME: &str = "in a meeting";

/// Both sides bound each request by the generated client's default timeout, as a careful
/// hand-written call does too: set on each request, since both send through one injected
/// `reqwest::Client` (which then bears no timer of its own).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);
const STATUS_TYPE: &str = "busy";

impl RocketChat {
    fn new(server: &MockServer, http: reqwest::Client) -> Result<RocketChat, BoxError> {
        let client = rocketchat::Client::builder()
            .base_url(server.rocketchat_base_url())
            .auth_token(vendor_mock::ROCKETCHAT_AUTH_TOKEN)
            .user_id(vendor_mock::ROCKETCHAT_USER_ID)
            .http_client(http.clone())
            .timeout(REQUEST_TIMEOUT)
            .build()?;
        Ok(RocketChat {
            client,
            body: rocketchat::CustomUserStatusUpdate::new(
                vendor_mock::SEEDED_CUSTOM_STATUS_ID,
                STATUS_NAME,
                STATUS_TYPE,
            ),
            http,
            base: Url::parse(&server.rocketchat_base_url())?,
            auth_token: HeaderValue::from_static(vendor_mock::ROCKETCHAT_AUTH_TOKEN),
            user_id: HeaderValue::from_static(vendor_mock::ROCKETCHAT_USER_ID),
        })
    }

    async fn generated(&self) -> Result<usize, BoxError> {
        let answer = self
            .client
            .update_custom_user_status(&self.body)
            .await?
            .into_inner();
        check_update(
            answer.success,
            answer.custom_user_status.and_then(|s| s.name),
        )
    }

    async fn by_hand(&self) -> Result<usize, BoxError> {
        let body = serde_json::to_vec(&CustomStatusUpdate {
            id: vendor_mock::SEEDED_CUSTOM_STATUS_ID,
            name: STATUS_NAME,
            status_type: STATUS_TYPE,
        })?;
        let mut url = self.base.clone();
        url.path_segments_mut()
            .map_err(|()| "the base URL cannot have a path")?
            .pop_if_empty()
            .extend(["api", "v1", "custom-user-status.update"]);
        let response = self
            .http
            .post(url)
            .header("X-Auth-Token", self.auth_token.clone())
            .header("X-User-Id", self.user_id.clone())
            .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
            .body(body)
            .timeout(REQUEST_TIMEOUT)
            .send()
            .await?;
        let answer: CustomStatusUpdateResponse = decode_success(response).await?;
        check_update(
            answer.success,
            answer.custom_user_status.and_then(|s| s.name),
        )
    }
}

/// Both sides check the answer the same way: success, and the name sent back.
fn check_update(success: Option<bool>, name: Option<String>) -> Result<usize, BoxError> {
    match (success, name) {
        (Some(true), Some(name)) if name == STATUS_NAME => Ok(1),
        (success, name) => {
            Err(format!("unexpected answer: success {success:?}, name {name:?}").into())
        }
    }
}
