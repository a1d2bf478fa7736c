//! What the audit is asked to do: the role to assume, the accounts, the CloudTrail window, the
//! pace and the source of per-user state. Plain values set by the binary's settings and read by
//! the audit, the doctor and the modules that collect (authorization, CloudTrail), so none of
//! them imports another for its options.

use std::collections::BTreeSet;
use std::time::Duration;

use chrono::{DateTime, Utc};
pub use iam_audit_model::IamSource;
use iam_audit_model::{LastAccessed, RateLimits, RunScope};

/// The CloudTrail window.
#[derive(Debug, Clone)]
pub struct CloudTrailWindow {
    /// Oldest event time.
    pub start: DateTime<Utc>,
    /// Newest event time.
    pub end: DateTime<Utc>,
}

/// Whose service last accessed reports to read, over which window.
#[derive(Debug, Clone, Copy)]
pub struct UsageOptions {
    /// `credentialed` or `all` (`off` is no `UsageOptions`).
    pub mode: LastAccessed,
    /// The window in days (1–400).
    pub window_days: u32,
    /// The window's end: the run's "now".
    pub now: DateTime<Utc>,
    /// Longest one user's report may take (generated, polled, read) before it is an error.
    pub budget: Duration,
}

/// Longest a service last accessed report may take by default: IAM usually answers in seconds.
pub const USAGE_BUDGET: Duration = Duration::from_secs(300);

/// What to collect and how.
#[derive(Debug, Clone)]
pub struct AuditOptions {
    /// Role to assume in member accounts.
    pub role_name: String,
    /// `sts:ExternalId` for the role's trust policy.
    pub external_id: Option<String>,
    /// AssumeRole session name (shows in CloudTrail).
    pub session_name: String,
    /// Requested session lifetime.
    pub session_duration: Option<Duration>,
    /// Only these accounts, when given.
    pub include_accounts: Option<BTreeSet<String>>,
    /// Never these accounts.
    pub exclude_accounts: BTreeSet<String>,
    /// CloudTrail lookups, or `None` for `--no-cloudtrail`.
    pub cloudtrail: Option<CloudTrailWindow>,
    /// Accounts audited at once.
    pub concurrency: usize,
    /// Users read at once within one account.
    pub per_account_concurrency: usize,
    /// Longest one account's audit may take before it is marked failed.
    pub account_deadline: Duration,
    /// Client-side request rates per API family.
    pub rate_limits: RateLimits,
    /// Where per-user state comes from.
    pub iam_source: IamSource,
    /// Most requests in flight at once across the run (each holds an HTTP connection).
    pub max_in_flight: usize,
    /// Only the accounts of this shard (`--shard K/N`); the others are skipped as `other_shard`.
    pub shard: Option<iam_audit_model::Shard>,
    /// The run's identity, shared by its shards (`--run-id`).
    pub run_id: Option<String>,
    /// How the root user of a member account is read (`--root-credentials`).
    pub root_credentials: RootCredentials,
    /// Read each audited account's tags (Organizations ListTagsForResource): `[owners]
    /// account_tags` names some.
    pub account_tags: bool,
    /// Pages of LookupEvents (50 events each) read per active key used within the CloudTrail
    /// window (`--key-activity-pages`); 0 reads none. Only with CloudTrail on.
    pub key_activity_pages: u32,
    /// The scanner files read before the run and the key ids they name (`--exposed-keys`): not
    /// read by the collection, recorded in the run's scope for the judging.
    pub exposed_keys: Option<iam_audit_model::ExposedKeyList>,
    /// Service last accessed reports, or `None` for `--last-accessed off`.
    pub usage: Option<UsageOptions>,
}

/// `--root-credentials`: how the root user of a member account is read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum RootCredentials {
    /// A privileged root session where the organization allows them (`RootSessions`), else the
    /// account summary.
    #[default]
    Auto,
    /// A privileged root session in every member account, whatever the organization's features
    /// say; a refusal falls back to the summary, with the reason.
    AssumeRoot,
    /// The account summary only: no `sts:AssumeRoot`.
    Summary,
}

impl RootCredentials {
    /// As the command line and the reports spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            RootCredentials::Auto => "auto",
            RootCredentials::AssumeRoot => "assume-root",
            RootCredentials::Summary => "summary",
        }
    }

    /// Whether root sessions are opened, given whether the organization allows them.
    pub fn opens_sessions(self, root_sessions_allowed: bool) -> bool {
        match self {
            RootCredentials::Auto => root_sessions_allowed,
            RootCredentials::AssumeRoot => true,
            RootCredentials::Summary => false,
        }
    }
}

impl AuditOptions {
    /// What the run is asked to read, as the run records it.
    pub fn scope(&self, region: &str) -> RunScope {
        let sorted = |accounts: &BTreeSet<String>| accounts.iter().cloned().collect::<Vec<_>>();
        RunScope {
            run_id: self.run_id.clone(),
            role: self.role_name.clone(),
            region: region.to_string(),
            iam_source: self.iam_source,
            cloudtrail_days: self.cloudtrail.as_ref().map(CloudTrailWindow::days),
            include_accounts: self.include_accounts.as_ref().map(sorted),
            exclude_accounts: sorted(&self.exclude_accounts),
            shard: self.shard,
            key_activity_pages: self.key_activity_pages(),
            exposed_keys: self.exposed_keys.clone(),
            last_accessed: self.usage.map_or(LastAccessed::Off, |usage| usage.mode),
            usage_window_days: self.usage.map(|usage| usage.window_days),
        }
    }

    /// The page budget of key activity lookups, `None` when the run reads none (0, or
    /// CloudTrail off).
    pub fn key_activity_pages(&self) -> Option<u32> {
        (self.key_activity_pages > 0 && self.cloudtrail.is_some())
            .then_some(self.key_activity_pages)
    }
}

impl CloudTrailWindow {
    /// The window's length in whole days (rounded up).
    pub fn days(&self) -> u32 {
        let seconds = (self.end - self.start).num_seconds().max(0);
        u32::try_from((seconds + 86_399) / 86_400).unwrap_or(u32::MAX)
    }
}
