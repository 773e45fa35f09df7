//! Retries: which failures are tried again, and how long to wait first.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::Duration;

use reqwest::Method;

use super::error::{retry_after, Error};
use super::response::RawResponse;

/// When a client sends a request again.
///
/// By default (`RetryPolicy::default()`), a request is sent at most 3 times in all, and only if
/// its method is idempotent (GET, HEAD, OPTIONS, PUT, DELETE, TRACE), when
/// - connecting failed (nothing was sent), or
/// - the server answered 429 or 503: after its `Retry-After` (seconds or an HTTP date) if
///   that is at most `max_delay` (30 s) — a longer one ends the retries, and
///   [`Error::retry_after`] gives it to the caller — else after an exponential backoff
///   (200 ms, 400 ms, ... up to `max_delay`, each randomly shortened by up to half).
///
/// No wait starts that would end more than `deadline` (60 s) after the first attempt began.
/// POST and PATCH requests are sent once unless the policy says otherwise
/// ([`RetryPolicy::retry_unsent`], [`RetryPolicy::idempotent`]); a request whose body cannot be
/// copied (multipart) is sent once.
///
/// [`Error::retry_after`]: super::Error::retry_after
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    base_delay: Duration,
    max_delay: Duration,
    deadline: Duration,
    other_methods: OtherMethods,
}

/// What a policy does for methods that are not idempotent (POST, PATCH).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum OtherMethods {
    /// Sent once.
    Never,
    /// Sent again only when connecting failed, so nothing had been sent.
    Unsent,
    /// Treated as idempotent.
    Always,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(30),
            deadline: Duration::from_secs(60),
            other_methods: OtherMethods::Never,
        }
    }
}

impl RetryPolicy {
    /// Sends every request once.
    pub fn none() -> Self {
        RetryPolicy::default().max_attempts(1)
    }

    /// At most `attempts` sends in all (at least 1; default 3).
    #[must_use]
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The first backoff (default 200 ms); each further one doubles, up to `max_delay`.
    #[must_use]
    pub fn base_delay(mut self, delay: Duration) -> Self {
        self.base_delay = delay;
        self
    }

    /// The longest wait (default 30 s): backoffs stop growing there, and a longer
    /// `Retry-After` ends the retries.
    #[must_use]
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// No wait starts that would end later than this after the first attempt began (default
    /// 60 s).
    #[must_use]
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    /// Also sends POST and PATCH requests again, but only when connecting failed, so the server
    /// cannot have seen them.
    #[must_use]
    pub fn retry_unsent(mut self) -> Self {
        self.other_methods = self.other_methods.max(OtherMethods::Unsent);
        self
    }

    /// Treats every method as idempotent: POST and PATCH are retried like GET (also on 429 and
    /// 503). Only for operations that are safe to repeat.
    #[must_use]
    pub fn idempotent(mut self) -> Self {
        self.other_methods = OtherMethods::Always;
        self
    }

    /// Whether a request with `method` may be sent more than once at all.
    pub(super) fn may_retry(&self, method: &Method) -> bool {
        self.max_attempts > 1 && (idempotent(method) || self.other_methods > OtherMethods::Never)
    }

    /// How long to wait before sending again after `attempt` (1 for the first) ended in
    /// `outcome`, `elapsed` after the first attempt began; `None`: do not send again.
    pub(super) fn wait<E>(
        &self,
        method: &Method,
        outcome: &Result<RawResponse, Error<E>>,
        attempt: u32,
        elapsed: Duration,
    ) -> Option<Duration> {
        if attempt >= self.max_attempts {
            return None;
        }
        let repeatable = idempotent(method) || self.other_methods == OtherMethods::Always;
        let wait = match outcome {
            Err(Error::Transport(error))
                if error.is_connect()
                    && (repeatable || self.other_methods >= OtherMethods::Unsent) =>
            {
                self.backoff(attempt)
            }
            Ok(response) if repeatable && matches!(response.status(), 429 | 503) => {
                match retry_after(&response.headers) {
                    Some(asked) if asked > self.max_delay => return None,
                    Some(asked) => asked,
                    None => self.backoff(attempt),
                }
            }
            _ => return None,
        };
        (elapsed + wait <= self.deadline).then_some(wait)
    }

    /// `base_delay` doubled per attempt so far, at most `max_delay`, randomly shortened by up to
    /// half (so clients that failed together do not all come back together).
    fn backoff(&self, attempt: u32) -> Duration {
        let doubled = self
            .base_delay
            .saturating_mul(1 << (attempt - 1).min(20))
            .min(self.max_delay);
        let half = doubled / 2;
        let nanos = u64::try_from(half.as_nanos()).unwrap_or(u64::MAX);
        let jitter = random() % nanos.saturating_add(1);
        half + Duration::from_nanos(jitter)
    }
}

/// Methods that may be sent twice with the effect of once (RFC 9110, 9.2.2).
fn idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::PUT | Method::DELETE | Method::TRACE
    )
}

/// A random number, from the randomly keyed hasher std gives each `RandomState`.
fn random() -> u64 {
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(0x5eed);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use reqwest::header::{HeaderMap, HeaderValue, RETRY_AFTER};
    use reqwest::{Method, StatusCode};

    use super::RetryPolicy;
    use crate::client::{Error, RawResponse};

    fn answer(status: u16, retry_after: Option<&str>) -> Result<RawResponse, Error<()>> {
        let mut headers = HeaderMap::new();
        if let Some(value) = retry_after {
            headers.insert(RETRY_AFTER, HeaderValue::try_from(value).unwrap());
        }
        Ok(RawResponse {
            status: StatusCode::from_u16(status).unwrap(),
            headers,
            body: bytes::Bytes::new(),
            secrets: Vec::new().into(),
        })
    }

    #[test]
    fn backoff_doubles_within_bounds() {
        let policy = RetryPolicy::default()
            .base_delay(Duration::from_millis(100))
            .max_delay(Duration::from_millis(350));
        for _ in 0..100 {
            for (attempt, full) in [(1, 100), (2, 200), (3, 350), (30, 350)] {
                let wait = policy.backoff(attempt);
                let full = Duration::from_millis(full);
                assert!(wait >= full / 2 && wait <= full, "{attempt}: {wait:?}");
            }
        }
    }

    #[test]
    fn only_idempotent_methods_are_retried_on_busy_answers() {
        let policy = RetryPolicy::default();
        let zero = Duration::ZERO;
        let busy = answer(503, Some("1"));
        assert_eq!(
            policy.wait(&Method::GET, &busy, 1, zero),
            Some(Duration::from_secs(1))
        );
        assert_eq!(policy.wait(&Method::GET, &busy, 3, zero), None);
        assert_eq!(policy.wait(&Method::POST, &busy, 1, zero), None);
        assert_eq!(
            policy
                .clone()
                .retry_unsent()
                .wait(&Method::POST, &busy, 1, zero),
            None
        );
        let idempotent = policy.clone().idempotent();
        assert!(idempotent.wait(&Method::PATCH, &busy, 1, zero).is_some());
        assert_eq!(policy.wait(&Method::GET, &answer(500, None), 1, zero), None);
        assert!(policy
            .wait(&Method::PUT, &answer(429, None), 1, zero)
            .is_some());
        // A Retry-After beyond max_delay, or a wait past the deadline, ends the retries.
        assert_eq!(
            policy.wait(&Method::GET, &answer(429, Some("31")), 1, zero),
            None
        );
        let late = Duration::from_secs(59);
        assert_eq!(
            policy.wait(&Method::GET, &answer(429, Some("2")), 1, late),
            None
        );
        assert!(!RetryPolicy::none().may_retry(&Method::GET));
        assert!(!policy.may_retry(&Method::POST));
        assert!(policy.retry_unsent().may_retry(&Method::POST));
    }
}
