//! Plain data shared by every iam-audit crate.
//!
//! This crate is the contract between collecting (AWS I/O) and judging (rules) and presenting
//! (reports). It holds no AWS SDK types, so the crates that judge and present build in seconds and
//! a serialized [`AccountSnapshot`] doubles as a test fixture and an offline input.
//!
//! The one idea that runs through it: a value that could not be read is [`Observed::Unknown`],
//! never an empty list or `false`. A wrong "no findings" is the worst bug this tool can have.
//!
//! Invariant: plain data and pure functions over it. No AWS SDK, no I/O, no async runtime; every
//! crate may depend on it, and it depends on no other crate of the workspace. The list of AWS
//! actions the tool calls ([`actions`]) is data too, and lives here so that the collector that
//! calls them and the templates that grant them read one list.

#![deny(missing_docs)]

mod account;
pub mod actions;
mod cloudtrail;
mod credentials;
mod error;
pub mod exposure;
mod iam;
mod identity;
mod limits;
mod message;
mod observed;
mod privilege;
mod run;
mod time;
mod usage;

pub use account::{Account, AccountSnapshot, AuditStatus, CredentialSource, SkippedAccount};
pub use cloudtrail::{CloudTrailEvent, LIFECYCLE_EVENT_NAMES};
pub use credentials::{
    AccessAnalyzer, BEDROCK, CredentialKind, CredentialView, Expiry, PasswordPolicy,
    PasswordPolicyState, ServerCertificate, ServiceSpecificCredential, SigningCertificate,
    SshPublicKey,
};
pub use error::{CollectionError, ErrorKind};
pub use exposure::{
    ExposedKeyList, KeyActivity, LeakedKey, Network, QUARANTINE_POLICIES, Sighting,
    quarantine_policy,
};
pub use iam::{
    AccessKey, AccessKeyLastUse, AccessKeyStatus, LoginProfile, MfaDevice, MfaKind, RootAccessKey,
    RootAccount, RootSource, User,
};
pub use identity::{Shard, credential_id, finding_id};
pub use limits::RateLimits;
pub use message::Message;
pub use observed::Observed;
pub use privilege::{
    ADMINISTRATOR_ROLES, AccountAuthorization, AdminPolicy, DirectlyAttachedPolicies, PolicyFacts,
    PolicyHolder, PolicyReference, PrivilegeClass, QuarantinedUser, RoleDrift, UserPrivilege,
};
pub use run::{AuditRun, CallerIdentity, IamSource, Partition, RunScope};
pub use time::{days_between, is_account_id, rfc3339};
pub use usage::{
    LONGEST_USAGE_WINDOW_DAYS, LastAccessed, SuggestedPolicy, UNUSED_SERVICES_NAMED, UsageGrants,
    UserUsage,
};

/// How many cases a property test runs: `default` (what `scripts/test` and CI spend), or
/// `IAM_AUDIT_PROPTEST_CASES` for a longer pass offline
/// (`IAM_AUDIT_PROPTEST_CASES=200000 cargo test --workspace properties`).
pub fn property_cases(default: u32) -> u32 {
    std::env::var("IAM_AUDIT_PROPTEST_CASES")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(default)
}
