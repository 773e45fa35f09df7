//! Timeouts and retries: a silent server cannot hang a call, busy answers are retried only for
//! idempotent requests and as the server asks, a POST is sent twice only when the caller says so.
//! Delays are short and only their lower bounds are checked (the machine may be slow).

use std::net::TcpListener;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use oagen_runtime::{Error, RetryPolicy};

use crate::server::{free_address, json, reply, silent_server, Server};
use crate::{lineworks_builder, rocketchat_builder, update, LIST, MEMBER, UPDATED};

fn busy(retry_after: Option<&str>) -> Vec<u8> {
    match retry_after {
        Some(seconds) => reply(
            "503 Service Unavailable",
            &[("Retry-After", seconds)],
            b"busy",
        ),
        None => reply("503 Service Unavailable", &[], b"busy"),
    }
}

#[tokio::test]
async fn a_silent_server_hits_the_timeout_once() {
    let (base, accepted) = silent_server();
    let timeout = Duration::from_millis(300);
    let client = lineworks_builder(&base)
        .timeout(timeout)
        .build()
        .expect("client");
    let started = Instant::now();
    let result = client.list_user_profile_statuses(MEMBER).await;
    assert!(matches!(result, Err(Error::Timeout)), "{result:?}");
    assert!(started.elapsed() >= timeout, "{:?}", started.elapsed());
    // A timeout is not retried: the server may be working on the request.
    assert_eq!(accepted.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_get_is_retried_after_the_retry_after_the_server_asks_for() {
    let server = Server::start(|n, _| match n {
        0 => busy(Some("1")),
        _ => json("200 OK", LIST),
    });
    let client = lineworks_builder(&server.base).build().expect("client");
    let started = Instant::now();
    let list = client
        .list_user_profile_statuses(MEMBER)
        .await
        .expect("the second attempt succeeds");
    assert_eq!(list.status(), 200);
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn retries_back_off_and_stop_at_the_attempt_limit() {
    let server = Server::start(|_, _| busy(None));
    let policy = RetryPolicy::default().base_delay(Duration::from_millis(40));
    let client = lineworks_builder(&server.base)
        .retry(policy)
        .build()
        .expect("client");
    let started = Instant::now();
    let error = client
        .list_user_profile_statuses(MEMBER)
        .await
        .expect_err("always busy");
    assert_eq!(error.status(), Some(503));
    assert_eq!(server.count(), 3);
    // Waits of 40 ms and 80 ms, each shortened by at most half.
    assert!(
        started.elapsed() >= Duration::from_millis(60),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn the_deadline_bounds_the_retries() {
    let server = Server::start(|_, _| busy(None));
    let policy = RetryPolicy::default()
        .max_attempts(10)
        .base_delay(Duration::from_millis(50))
        .deadline(Duration::from_millis(120));
    let client = lineworks_builder(&server.base)
        .retry(policy)
        .build()
        .expect("client");
    client
        .list_user_profile_statuses(MEMBER)
        .await
        .expect_err("always busy");
    // Waits are at least 25, 50, 100 ms: a third would end past 120 ms.
    let attempts = server.count();
    assert!((2..=3).contains(&attempts), "{attempts} attempts");
}

#[tokio::test]
async fn a_retry_after_longer_than_the_longest_wait_is_left_to_the_caller() {
    let server = Server::start(|_, _| busy(Some("120")));
    let client = lineworks_builder(&server.base).build().expect("client");
    let error = client
        .list_user_profile_statuses(MEMBER)
        .await
        .expect_err("busy");
    assert_eq!(error.retry_after(), Some(Duration::from_secs(120)));
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn a_post_is_never_sent_twice_by_default() {
    let server = Server::start(|_, _| busy(Some("0")));
    let client = rocketchat_builder(&server.base).build().expect("client");
    let error = client
        .update_custom_user_status(&update())
        .await
        .expect_err("busy");
    assert_eq!(error.status(), Some(503));
    assert_eq!(error.retry_after(), Some(Duration::ZERO));
    assert_eq!(server.count(), 1);
    // Opting in to retries of unsent requests does not retry a request the server received.
    let unsent = client.with_retry(RetryPolicy::default().retry_unsent());
    unsent
        .update_custom_user_status(&update())
        .await
        .expect_err("busy");
    assert_eq!(server.count(), 2);
    // Declaring the operation idempotent does.
    let idempotent = client.with_retry(RetryPolicy::default().idempotent());
    idempotent
        .update_custom_user_status(&update())
        .await
        .expect_err("busy");
    assert_eq!(server.count(), 5);
}

#[tokio::test]
async fn a_post_is_retried_after_a_refused_connection_when_the_caller_opts_in() {
    let addr = free_address();
    // Nothing listens yet.
    let client = rocketchat_builder(&format!("http://{addr}"))
        .build()
        .expect("client");
    let refused = client
        .update_custom_user_status(&update())
        .await
        .expect_err("by default a POST is sent once");
    assert!(matches!(refused, Error::Transport(_)), "{refused:?}");

    // A server comes up on the port 100 ms from now, between the first attempt and the retry.
    // (Started only now: building the client and the refused call above may take longer
    // than that on a loaded machine.)
    let starting = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(100));
        let listener = TcpListener::bind(addr).expect("bind the noted port again");
        Server::on(listener, |_, _| json("200 OK", UPDATED))
    });

    let policy = RetryPolicy::default()
        .retry_unsent()
        .base_delay(Duration::from_millis(600));
    let started = Instant::now();
    let updated = client
        .with_retry(policy)
        .update_custom_user_status(&update())
        .await
        .expect("the second attempt reaches the server");
    assert_eq!(updated.success, Some(true));
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "{:?}",
        started.elapsed()
    );
    let server = starting.join().expect("server thread");
    assert_eq!(server.count(), 1);
}
