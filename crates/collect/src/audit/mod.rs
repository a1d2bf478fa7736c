//! The audit's collection: identify the caller, list the organization's accounts page by page,
//! and audit each ACTIVE account concurrently as soon as its page arrives. A caller whose account
//! belongs to no organization is audited alone, with its own credentials.

mod account;
mod listing;
mod placement;
mod usage;

use std::sync::Arc;

use chrono::Utc;
use iam_audit_model::{Account, AuditRun, CallerIdentity, Observed};
use tokio::sync::Semaphore;

use crate::error::CollectError;
use crate::limits::{InFlight, Limiter};
use crate::metrics::CallMetrics;
use crate::options::AuditOptions;
use crate::organizations::{self, Organization};
use crate::progress::{Interrupt, Progress};
use crate::root;
use crate::session::{
    ConnectOptions, SharedClients, load_caller_config, organizations_client, sts_client,
};

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
    /// The home region: STS, CloudTrail (lifecycle lookups; key activity where IAM says `N/A`)
    /// and IAM Access Analyzer are read there.
    home_region: String,
    /// Where a root session reads the root user (`--root-credentials`), when sessions are
    /// opened: every member but the management account.
    root_sessions: Option<RootSessions>,
    /// Organizations' pace, shared by the account listing and the tree walk.
    organizations_limiter: Limiter,
}

/// The accounts whose root user a root session reads: every audited account but the caller's
/// and the management account's (AssumeRoot cannot target them).
pub(crate) struct RootSessions {
    management_account: Option<String>,
}

impl Context {
    /// Whether a root session reads the root user of `account_id`.
    fn opens_root_session(&self, account_id: &str) -> bool {
        self.root_sessions.as_ref().is_some_and(|sessions| {
            account_id != self.caller.account_id
                && sessions.management_account.as_deref() != Some(account_id)
        })
    }
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
    let clients = SharedClients::new(&caller_config, &metrics);
    let caller_iam = clients.for_account(&caller.account_id, None).iam;
    // The organization and its root access features come first: whether root sessions are
    // opened in the members depends on them.
    let (organization, features) = tokio::join!(
        organizations::describe_organization(&organizations),
        root::root_features(&caller_iam, &caller.account_id),
    );
    let root_sessions = options
        .root_credentials
        .opens_sessions(features.as_ref().is_ok_and(|features| features.sessions))
        .then(|| RootSessions {
            management_account: match &organization {
                Organization::Found { management, .. } => Some(management.clone()),
                Organization::NotInUse | Organization::Unreadable => None,
            },
        });
    let context_rate = options.rate_limits.organizations;
    let context = Arc::new(Context {
        in_flight: InFlight::new(options.max_in_flight),
        sts_limiter: Limiter::new(options.rate_limits.sts),
        clients,
        sts,
        caller: caller.clone(),
        options,
        progress,
        semaphore: Semaphore::new(concurrency),
        evaluations: crate::authorization::Evaluations::new(EVALUATIONS),
        interrupt,
        home_region: connect.region.clone(),
        root_sessions,
        organizations_limiter: Limiter::new(context_rate),
    });
    let in_organization = organization != Organization::NotInUse;
    let (listed, placement) =
        tokio::join!(listing::list_and_audit(&organizations, &context), async {
            if in_organization {
                placement::place(&organizations, &context).await
            } else {
                placement::Placement::default()
            }
        });
    let mut listed = listed?;
    // AWS refuses ListAccounts outside an organization; moto lists nothing and only
    // DescribeOrganization says so. Either way the caller's own account is the whole audit.
    let standalone = listed.not_in_organization
        || (listed.snapshots.is_empty()
            && listed.skipped.is_empty()
            && organization == Organization::NotInUse);
    let mut errors = listed.errors;
    placement::attach(placement, &mut listed.snapshots, &mut errors);
    let first_shard = context.options.shard.is_none_or(|shard| shard.index == 1);
    if standalone && first_shard {
        context.progress.standalone_account(&caller.account_id);
        let account = Account {
            id: caller.account_id.clone(),
            name: caller.account_id.clone(),
            state: "ACTIVE".to_string(),
            email: None,
        };
        listed.snapshots = vec![account::audit_account(Arc::clone(&context), account).await];
    }
    let (root_credentials_management, root_sessions) = if standalone {
        // Without an organization there is no central root access to ask about.
        (Observed::Known(false), Observed::Known(false))
    } else {
        match features {
            Ok(features) => (
                Observed::Known(features.credentials_management),
                Observed::Known(features.sessions),
            ),
            Err(error) => {
                errors.push(error);
                (Observed::Unknown, Observed::Unknown)
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
        root_sessions,
        retries: metrics.retries(),
        api_calls: metrics.attempts(),
    };
    run.sort();
    Ok(run)
}
