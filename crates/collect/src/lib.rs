//! All AWS I/O of iam-audit: organization discovery, one session per account, IAM and CloudTrail
//! reads, concurrency, and the classification of every failure.
//!
//! The output is plain data from `iam-audit-model`: an [`AuditRun`](iam_audit_model::AuditRun)
//! whose [`AccountSnapshot`](iam_audit_model::AccountSnapshot)s say what was read and what failed.
//! A call that fails is never turned into an empty list: it becomes an `Observed::Unknown` and a
//! `CollectionError`.
//!
//! Every AWS action this crate can call is listed in [`iam_audit_model::actions`]; the read-only
//! test and the generated least-privilege policy both use that list.
//!
//! Invariant: collect is the only crate that calls AWS to read an organization and its accounts,
//! and it only calls the actions of that list (the emulator tests refuse any other call). It
//! neither judges (findings are `rules`'), nor writes files, prints or delivers (the binary,
//! `report` and `deliver` do): what it returns is data, and a failure is data too, never a panic
//! and never an empty answer.

#![deny(missing_docs)]

mod access_analyzers;
mod audit;
mod authorization;
mod certificates;
mod cloudtrail;
mod credential_report;
mod doctor;
mod error;
mod holder;
mod iam;
mod integrity;
mod key_activity;
mod last_accessed;
mod limits;
mod metrics;
mod options;
mod organization_tree;
mod organizations;
mod paging;
mod password_policy;
mod progress;
mod root;
mod root_session;
mod server_certificates;
mod service_credentials;
mod session;
mod ssh_keys;
mod time;

pub use audit::run_audit;
pub use doctor::{Check, Verdict, run_doctor};
pub use error::{CollectError, FatalCause};
pub use metrics::CallMetrics;
pub use options::{
    AuditOptions, CloudTrailWindow, IamSource, RootCredentials, USAGE_BUDGET, UsageOptions,
};
pub use progress::{Interrupt, Progress};
pub use session::{ConnectOptions, caller_config};

/// The caller's identity (STS GetCallerIdentity) with a configuration from [`caller_config`]:
/// for the commands that act in the caller's own account only (`diff` reading S3 reports).
pub async fn identify_caller(
    config: &aws_config::SdkConfig,
) -> Result<iam_audit_model::CallerIdentity, CollectError> {
    let sts = aws_sdk_sts::Client::new(config);
    organizations::caller_identity(&sts).await
}
