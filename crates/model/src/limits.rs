//! Requests per second per API family: what the audit allows itself (client-side pacing) and what
//! the emulator enforces (its throttling), in one type so the demo can hand one to the other.

use serde::{Deserialize, Serialize};

/// Requests per second for each API family; `None` is unlimited. `Default` is unlimited
/// everywhere; [`RateLimits::AWS`] holds the audit's defaults.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RateLimits {
    /// IAM, per account.
    pub iam: Option<f64>,
    /// CloudTrail LookupEvents, per account and region (AWS documents 2).
    pub cloudtrail: Option<f64>,
    /// STS, from (or to) the calling account.
    pub sts: Option<f64>,
    /// Organizations, from (or to) the calling account.
    pub organizations: Option<f64>,
}

impl RateLimits {
    /// The audit's defaults against AWS: IAM 10/s per account (IAM's token buckets are
    /// undocumented; 10 stays clear of throttling), CloudTrail LookupEvents 2/s (documented), STS
    /// AssumeRole 50/s and Organizations ListAccounts 5 pages/s from the caller's account.
    pub const AWS: RateLimits = RateLimits {
        iam: Some(10.0),
        cloudtrail: Some(2.0),
        sts: Some(50.0),
        organizations: Some(5.0),
    };
}
