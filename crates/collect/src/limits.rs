//! Client-side rate limits per account and API family, so that the audit does not provoke
//! throttling in the first place: AWS's limits are per account (CloudTrail LookupEvents: 2
//! requests per second per account and region; IAM: undocumented token buckets per account), so
//! the organization-wide audit parallelises across accounts and paces each account on its own.
//!
//! Every request takes one token before it is sent; pagination loops take one per page actually
//! requested. SDK retries are not paced (they are rare once requests are) but are backed off by
//! the SDK's own retry strategy.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use iam_audit_model::RateLimits;
use tokio::time::Instant;

/// One paced API family: each request reserves the next free send time (one every `1/rate`
/// seconds) and sleeps once until it. First come, first served, one timer per request, no
/// thundering herd however many requests wait: at a thousand accounts with dozens of waiting
/// requests each, a limiter that wakes every waiter on every token costs more CPU than the audit.
///
/// It also holds the run-wide cap on requests in flight: HTTP/1.1 needs a connection per request
/// in flight (about 30 KB each with its buffers and task), so an unbounded burst at a thousand
/// accounts opened a thousand connections. The paced work needs far fewer at once (rate ×
/// latency); the pool closes idle connections beyond its own cap (see `session.rs`).
#[derive(Clone)]
pub(crate) struct Limiter(Option<Arc<Pacer>>, Option<Arc<tokio::sync::Semaphore>>);

/// A request's turn: hold it until the call returns.
pub(crate) struct Turn(
    #[expect(dead_code, reason = "held for its drop")] Option<tokio::sync::OwnedSemaphorePermit>,
);

struct Pacer {
    period: Duration,
    next: Mutex<Option<Instant>>,
    /// Sends actually made, as a token bucket of `burst` tokens refilled at the rate.
    sent: Mutex<Sent>,
    burst: f64,
}

struct Sent {
    tokens: f64,
    refilled: Instant,
}

impl std::fmt::Debug for Limiter {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(if self.0.is_some() {
            "Limiter(paced)"
        } else {
            "Limiter(unlimited)"
        })
    }
}

impl Limiter {
    /// A limiter of `rate` requests per second with no burst, or none.
    pub fn new(rate: Option<f64>) -> Limiter {
        Limiter(
            rate.filter(|rate| rate.is_finite() && *rate > 0.0)
                .map(|rate| {
                    let burst = (rate / 2.0).max(1.0);
                    Arc::new(Pacer {
                        period: Duration::from_secs_f64(1.0 / rate),
                        next: Mutex::new(None),
                        sent: Mutex::new(Sent {
                            tokens: burst,
                            refilled: Instant::now(),
                        }),
                        burst,
                    })
                }),
            None,
        )
    }

    /// The same limiter, sharing the run-wide cap on requests in flight.
    pub fn with_cap(mut self, in_flight: &InFlight) -> Limiter {
        self.1 = Some(Arc::clone(&in_flight.0));
        self
    }

    /// Waits for the next request's turn: its paced send time, then a place in flight, then a
    /// token of the sends actually made.
    ///
    /// The last step exists because the place in flight can take long when the run is at its
    /// in-flight cap: requests whose send times passed meanwhile would then all go at once, and
    /// beyond AWS's burst they are throttled (a wasted call and a backoff of 200 ms or more, so
    /// the account finishes later). A request admitted early waits there at most one period,
    /// holding its place in flight. The burst allowed is half a second of requests, well inside
    /// the one second that AWS-style token buckets hold.
    pub async fn ready(&self) -> Turn {
        self.pace().await;
        let turn = match &self.1 {
            Some(cap) => Turn(Arc::clone(cap).acquire_owned().await.ok()),
            None => Turn(None),
        };
        self.admit().await;
        turn
    }

    async fn admit(&self) {
        let Some(pacer) = &self.0 else {
            return;
        };
        loop {
            let wait = {
                let mut sent = pacer
                    .sent
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                let now = Instant::now();
                let refill =
                    now.duration_since(sent.refilled).as_secs_f64() / pacer.period.as_secs_f64();
                sent.tokens = (sent.tokens + refill).min(pacer.burst);
                sent.refilled = now;
                if sent.tokens >= 1.0 {
                    sent.tokens -= 1.0;
                    return;
                }
                pacer.period.mul_f64(1.0 - sent.tokens)
            };
            tokio::time::sleep(wait).await;
        }
    }

    async fn pace(&self) {
        let Some(pacer) = &self.0 else {
            return;
        };
        let slot = {
            let mut next = pacer
                .next
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let now = Instant::now();
            let slot = next.map_or(now, |next| next.max(now));
            *next = Some(slot + pacer.period);
            slot
        };
        tokio::time::sleep_until(slot).await;
    }
}

/// The run-wide cap on requests in flight.
#[derive(Clone)]
pub(crate) struct InFlight(Arc<tokio::sync::Semaphore>);

impl InFlight {
    /// At most `requests` in flight at once.
    pub fn new(requests: usize) -> InFlight {
        InFlight(Arc::new(tokio::sync::Semaphore::new(requests.max(1))))
    }
}

/// The limiters of one account: IAM (global), and CloudTrail per region (AWS's LookupEvents
/// limit is per account and region): `cloudtrail` is the home region's, the others are made when
/// a key's activity is first looked up there.
#[derive(Clone)]
pub(crate) struct AccountLimits {
    pub iam: Limiter,
    pub cloudtrail: Limiter,
    cloudtrail_rate: Option<f64>,
    in_flight: InFlight,
    other_regions: Arc<Mutex<std::collections::HashMap<String, Limiter>>>,
}

impl AccountLimits {
    pub fn new(limits: &RateLimits, in_flight: &InFlight) -> AccountLimits {
        AccountLimits {
            iam: Limiter::new(limits.iam).with_cap(in_flight),
            cloudtrail: Limiter::new(limits.cloudtrail).with_cap(in_flight),
            cloudtrail_rate: limits.cloudtrail,
            in_flight: in_flight.clone(),
            other_regions: Arc::default(),
        }
    }

    /// The account's CloudTrail limiter in `region` (`home` is the home region's own).
    pub fn cloudtrail_in(&self, region: &str, home: &str) -> Limiter {
        if region == home {
            return self.cloudtrail.clone();
        }
        self.other_regions
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .entry(region.to_string())
            .or_insert_with(|| Limiter::new(self.cloudtrail_rate).with_cap(&self.in_flight))
            .clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_limiter_paces_requests() {
        let limiter = Limiter::new(Some(20.0));
        let started = std::time::Instant::now();
        for _ in 0..5 {
            limiter.ready().await;
        }
        // The first is immediate, the next four wait 50 ms each.
        assert!(
            started.elapsed() >= Duration::from_millis(190),
            "{:?}",
            started.elapsed()
        );
    }

    #[tokio::test(start_paused = true)]
    async fn requests_held_up_in_flight_do_not_go_out_in_one_burst() {
        // Ten requests of one account (10/s) reserve their send times while the run's only place
        // in flight is taken for two seconds: all ten times pass meanwhile. Released, they must
        // not all go at once: at most the burst (5) at the same instant, then one per period.
        let in_flight = InFlight::new(1);
        let limiter = Limiter::new(Some(10.0)).with_cap(&in_flight);
        let blocker = Arc::clone(&in_flight.0)
            .acquire_owned()
            .await
            .expect("semaphore open");
        let started = Instant::now();
        let mut waiting = tokio::task::JoinSet::new();
        for _ in 0..10 {
            let limiter = limiter.clone();
            waiting.spawn(async move {
                let _turn = limiter.ready().await;
                Instant::now()
            });
        }
        tokio::time::sleep(Duration::from_secs(2)).await;
        drop(blocker);
        let mut sent: Vec<Duration> = waiting
            .join_all()
            .await
            .into_iter()
            .map(|at| at - started)
            .collect();
        sent.sort();
        let at_release = sent
            .iter()
            .filter(|at| **at < Duration::from_millis(2001))
            .count();
        assert!(at_release <= 5, "{at_release} sent at once: {sent:?}");
        let last = sent.last().copied().unwrap_or_default();
        assert!(
            last >= Duration::from_millis(2400) && last < Duration::from_millis(2600),
            "the rest one period apart: {sent:?}"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn cloudtrail_is_paced_per_region() {
        let limits = AccountLimits::new(
            &RateLimits {
                cloudtrail: Some(2.0),
                ..RateLimits::default()
            },
            &InFlight::new(10),
        );
        let started = Instant::now();
        // Two requests in each of two regions: each region's second waits one period (0.5 s),
        // not three periods as one shared limiter would make the last wait.
        for region in ["us-east-1", "eu-west-1", "us-east-1", "eu-west-1"] {
            let _turn = limits.cloudtrail_in(region, "us-east-1").ready().await;
        }
        let elapsed = started.elapsed();
        assert!(
            elapsed >= Duration::from_millis(500) && elapsed < Duration::from_millis(1000),
            "{elapsed:?}"
        );
    }

    #[tokio::test]
    async fn no_rate_means_no_wait() {
        let limiter = Limiter::new(None);
        let started = std::time::Instant::now();
        for _ in 0..1000 {
            limiter.ready().await;
        }
        assert!(started.elapsed() < Duration::from_millis(100));
    }
}
