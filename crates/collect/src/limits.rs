//! Client-side rate limits per account and API family, so that the audit does not provoke
//! throttling in the first place: AWS's limits are per account (CloudTrail LookupEvents: 2
//! requests per second per account and region; IAM: undocumented token buckets per account), so
//! the organization-wide audit parallelises across accounts and paces each account on its own.
//!
//! Every request takes one token before it is sent; pagination loops take one per page actually
//! requested. SDK retries are not paced (they are rare once requests are) but are backed off by
//! the SDK's own retry strategy.

use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use governor::clock::DefaultClock;
use governor::state::{InMemoryState, NotKeyed};
use governor::{Quota, RateLimiter};

/// Requests per second for each API family; `None` is unlimited.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateLimits {
    /// IAM, per account.
    pub iam: Option<f64>,
    /// CloudTrail LookupEvents, per account (in the home region). AWS documents 2.
    pub cloudtrail: Option<f64>,
    /// STS, from the caller's account.
    pub sts: Option<f64>,
    /// Organizations, from the caller's account.
    pub organizations: Option<f64>,
}

impl Default for RateLimits {
    fn default() -> Self {
        RateLimits {
            iam: Some(10.0),
            cloudtrail: Some(2.0),
            sts: Some(50.0),
            organizations: Some(5.0),
        }
    }
}

/// One paced API family.
#[derive(Clone)]
pub(crate) struct Limiter(Option<Arc<RateLimiter<NotKeyed, InMemoryState, DefaultClock>>>);

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
        let quota = rate
            .filter(|rate| rate.is_finite() && *rate > 0.0)
            .and_then(|rate| {
                let period = Duration::from_secs_f64(1.0 / rate);
                Quota::with_period(period).map(|quota| quota.allow_burst(NonZeroU32::MIN))
            });
        Limiter(quota.map(|quota| Arc::new(RateLimiter::direct(quota))))
    }

    /// Waits for the next request's turn.
    pub async fn ready(&self) {
        if let Some(limiter) = &self.0 {
            limiter.until_ready().await;
        }
    }
}

/// The limiters of one account.
#[derive(Clone)]
pub(crate) struct AccountLimits {
    pub iam: Limiter,
    pub cloudtrail: Limiter,
}

impl AccountLimits {
    pub fn new(limits: &RateLimits) -> AccountLimits {
        AccountLimits {
            iam: Limiter::new(limits.iam),
            cloudtrail: Limiter::new(limits.cloudtrail),
        }
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
