//! The audit's collection: identify the caller, list the organization's accounts page by page,
//! and audit each ACTIVE account concurrently as soon as its page arrives. A caller whose account
//! belongs to no organization is audited alone, with its own credentials.

mod account;
mod listing;

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use iam_audit_model::{Account, AuditRun, CallerIdentity, Observed, RateLimits, RunScope};
use tokio::sync::Semaphore;

use crate::error::CollectError;
use crate::limits::{InFlight, Limiter};
use crate::metrics::CallMetrics;
use crate::organizations::{self, Organization};
use crate::progress::{Interrupt, Progress};
use crate::root;
use crate::session::{
    ConnectOptions, SharedClients, load_caller_config, organizations_client, sts_client,
};

/// The CloudTrail window.
#[derive(Debug, Clone)]
pub struct CloudTrailWindow {
    /// Oldest event time.
    pub start: DateTime<Utc>,
    /// Newest event time.
    pub end: DateTime<Utc>,
}

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
        }
    }
}

impl CloudTrailWindow {
    /// The window's length in whole days (rounded up).
    pub fn days(&self) -> u32 {
        let seconds = (self.end - self.start).num_seconds().max(0);
        u32::try_from((seconds + 86_399) / 86_400).unwrap_or(u32::MAX)
    }
}

pub use iam_audit_model::IamSource;

/// What every account's audit shares.
pub(crate) struct Context {
    in_flight: InFlight,
    clients: SharedClients,
    sts: aws_sdk_sts::Client,
    sts_limiter: Limiter,
    caller: CallerIdentity,
    options: AuditOptions,
    progress: Arc<dyn Progress>,
    semaphore: Semaphore,
    /// Accounts fetching and evaluating their authorization details at once (see
    /// `authorization::account_authorization`).
    evaluations: crate::authorization::Evaluations,
    interrupt: Interrupt,
}

/// Accounts fetching and evaluating their authorization details at once: a few per core keeps
/// the CPU busy without letting answers pile up in memory.
const EVALUATIONS: usize = 8;

/// Runs the collection. A failure to identify the caller or to list accounts is fatal; any other
/// failure is recorded in the run and the audit goes on.
pub async fn run_audit(
    connect: &ConnectOptions,
    options: AuditOptions,
    progress: Arc<dyn Progress>,
    metrics: Arc<CallMetrics>,
    interrupt: Interrupt,
) -> Result<AuditRun, CollectError> {
    let started_at = Utc::now();
    let caller_config = load_caller_config(connect).await;
    let sts = sts_client(&caller_config, &metrics);
    let caller = organizations::caller_identity(&sts).await?;
    tracing::info!("caller {} in account {}", caller.arn, caller.account_id);
    let organizations = organizations_client(&caller_config, &metrics);
    let concurrency = options.concurrency.max(1);
    let context = Arc::new(Context {
        in_flight: InFlight::new(options.max_in_flight),
        sts_limiter: Limiter::new(options.rate_limits.sts),
        clients: SharedClients::new(&caller_config, &metrics),
        sts,
        caller: caller.clone(),
        options,
        progress,
        semaphore: Semaphore::new(concurrency),
        evaluations: crate::authorization::Evaluations::new(EVALUATIONS),
        interrupt,
    });
    let caller_iam = context.clients.for_account(&caller.account_id, None).iam;
    let (organization, listed, root_management) = tokio::join!(
        organizations::describe_organization(&organizations),
        listing::list_and_audit(&organizations, &context),
        root::root_credentials_management(&caller_iam, &caller.account_id),
    );
    let mut listed = listed?;
    // AWS refuses ListAccounts outside an organization; moto lists nothing and only
    // DescribeOrganization says so. Either way the caller's own account is the whole audit.
    let standalone = listed.not_in_organization
        || (listed.snapshots.is_empty()
            && listed.skipped.is_empty()
            && organization == Organization::NotInUse);
    let mut errors = listed.errors;
    let first_shard = context.options.shard.is_none_or(|shard| shard.index == 1);
    let root_credentials_management = if standalone && first_shard {
        context.progress.standalone_account(&caller.account_id);
        let account = Account {
            id: caller.account_id.clone(),
            name: caller.account_id.clone(),
            state: "ACTIVE".to_string(),
            email: None,
        };
        listed.snapshots = vec![account::audit_account(Arc::clone(&context), account).await];
        // Without an organization there is no central root access management to ask about.
        Observed::Known(false)
    } else if standalone {
        Observed::Known(false)
    } else {
        match root_management {
            Ok(enabled) => Observed::Known(enabled),
            Err(error) => {
                errors.push(error);
                Observed::Unknown
            }
        }
    };
    errors.sort_by(|left, right| left.message.cmp(&right.message));
    let (organization_id, management_account_id) = match organization {
        Organization::Found { id, management } => (Some(id), Some(management)),
        Organization::NotInUse | Organization::Unreadable => (None, None),
    };
    let mut run = AuditRun {
        scope: Some(context.options.scope(&connect.region)),
        caller,
        organization_id,
        management_account_id,
        standalone,
        started_at,
        finished_at: Utc::now(),
        accounts: listed.snapshots,
        skipped_accounts: listed.skipped,
        errors,
        root_credentials_management,
        retries: metrics.retries(),
        api_calls: metrics.attempts(),
    };
    run.sort();
    Ok(run)
}
