//! The audit's collection: identify the caller, list the organization's accounts page by page,
//! and audit each ACTIVE account concurrently as soon as its page arrives.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use iam_audit_model::{
    Account, AccountSnapshot, AuditRun, CallerIdentity, CollectionError, CredentialSource,
    ErrorKind, Observed, SkippedAccount,
};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use crate::error::{CollectError, collection_error};
use crate::limits::{AccountLimits, InFlight, Limiter, RateLimits};
use crate::metrics::CallMetrics;
use crate::session::{
    ConnectOptions, RoleRequest, SharedClients, assume_role, load_caller_config,
    organizations_client, sts_client,
};
use crate::{cloudtrail, credential_report, iam, organizations, root};

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
}

/// Where the per-user credential state comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IamSource {
    /// ListUsers, then per user ListAccessKeys, ListMFADevices, GetLoginProfile (exact, current).
    Api,
    /// The IAM credential report (up to 4 hours old), then ListAccessKeys only for users with keys
    /// and ListMFADevices only for users with MFA: far fewer calls.
    CredentialReport,
}

/// Hears about the audit's progress (the binary prints; tests stay silent).
pub trait Progress: Send + Sync {
    /// An account's audit starts.
    fn account_started(&self, _account: &Account) {}
    /// An account's audit ended.
    fn account_finished(&self, _snapshot: &AccountSnapshot) {}
    /// More accounts were listed; `total` is the number to audit so far.
    fn accounts_listed(&self, _total: usize) {}
}

/// A `Progress` that says nothing.
pub struct SilentProgress;

impl Progress for SilentProgress {}

struct Context {
    in_flight: InFlight,
    clients: SharedClients,
    sts: aws_sdk_sts::Client,
    sts_limiter: Limiter,
    caller: CallerIdentity,
    options: AuditOptions,
    progress: Arc<dyn Progress>,
    semaphore: Semaphore,
    interrupt: Interrupt,
}

/// Stops a running collection (Ctrl-C, SIGTERM): accounts already audited are kept, the others
/// are reported as not audited.
#[derive(Clone, Default)]
pub struct Interrupt {
    notify: Arc<tokio::sync::Notify>,
    raised: Arc<std::sync::atomic::AtomicBool>,
}

impl Interrupt {
    /// Asks the collection to stop.
    pub fn raise(&self) {
        self.raised.store(true, std::sync::atomic::Ordering::SeqCst);
        self.notify.notify_waiters();
    }

    /// True once raised.
    pub fn is_raised(&self) -> bool {
        self.raised.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Resolves when raised.
    pub async fn raised(&self) {
        loop {
            let notified = self.notify.notified();
            if self.is_raised() {
                return;
            }
            notified.await;
        }
    }
}

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
        interrupt,
    });
    let caller_iam = context.clients.for_account(&caller.account_id, None).iam;
    let (organization, accounts, root_management) = tokio::join!(
        organizations::describe_organization(&organizations),
        list_and_audit(&organizations, &context),
        root::root_credentials_management(&caller_iam, &caller.account_id),
    );
    let (mut snapshots, skipped_accounts, mut errors) = accounts?;
    let root_credentials_management = match root_management {
        Ok(enabled) => Observed::Known(enabled),
        Err(error) => {
            errors.push(error);
            Observed::Unknown
        }
    };
    snapshots.sort_by(|left, right| left.account.id.cmp(&right.account.id));
    errors.sort_by(|left, right| left.message.cmp(&right.message));
    let mut run = AuditRun {
        caller,
        organization_id: organization.as_ref().map(|(id, _)| id.clone()),
        management_account_id: organization.map(|(_, management)| management),
        started_at,
        finished_at: Utc::now(),
        accounts: snapshots,
        skipped_accounts,
        errors,
        root_credentials_management,
        retries: metrics.retries(),
        api_calls: metrics.attempts(),
    };
    run.sort();
    Ok(run)
}

type Listed = (
    Vec<AccountSnapshot>,
    Vec<SkippedAccount>,
    Vec<CollectionError>,
);

async fn list_and_audit(
    client: &aws_sdk_organizations::Client,
    context: &Arc<Context>,
) -> Result<Listed, CollectError> {
    let mut tasks = JoinSet::new();
    let mut skipped = Vec::new();
    let mut errors = Vec::new();
    let mut seen = BTreeSet::new();
    let mut to_audit = 0usize;
    let mut pending: std::collections::BTreeMap<String, Account> =
        std::collections::BTreeMap::new();
    let limiter = Limiter::new(context.options.rate_limits.organizations);
    let mut token: Option<String> = None;
    let mut first_page = true;
    loop {
        if context.interrupt.is_raised() {
            break;
        }
        let _turn = limiter.ready().await;
        let page = client
            .list_accounts()
            .set_next_token(token.clone())
            .send()
            .await;
        let page = match page {
            Ok(page) => page,
            Err(error) if first_page => {
                tasks.abort_all();
                return Err(organizations::list_accounts_error(&error));
            }
            Err(error) => {
                let mut failure = collection_error(
                    &context.caller.account_id,
                    "organizations:ListAccounts",
                    None,
                    &error,
                );
                failure.message = format!(
                    "the account list is incomplete ({} accounts listed before the failure): {}",
                    seen.len(),
                    failure.message
                );
                errors.push(failure);
                break;
            }
        };
        first_page = false;
        for listed in page.accounts() {
            let account = organizations::account_of(listed);
            if !seen.insert(account.id.clone()) {
                continue;
            }
            let reason = if !account.is_active() {
                Some("not_active")
            } else if context.options.exclude_accounts.contains(&account.id) {
                Some("excluded")
            } else if context
                .options
                .include_accounts
                .as_ref()
                .is_some_and(|included| !included.contains(&account.id))
            {
                Some("not_selected")
            } else {
                None
            };
            if let Some(reason) = reason {
                skipped.push(SkippedAccount {
                    account,
                    reason: reason.to_string(),
                });
                continue;
            }
            to_audit += 1;
            context.progress.accounts_listed(to_audit);
            pending.insert(account.id.clone(), account.clone());
            let context = Arc::clone(context);
            tasks.spawn(async move { audit_account(context, account).await });
        }
        // A page can be empty yet carry a NextToken: follow the token, not the page size.
        token = page
            .next_token()
            .filter(|next| !next.is_empty())
            .map(str::to_string);
        if token.is_none() {
            break;
        }
    }
    if let Some(included) = &context.options.include_accounts {
        for missing in included.difference(&seen) {
            errors.push(CollectionError {
                account_id: missing.clone(),
                api: "organizations:ListAccounts".to_string(),
                resource: None,
                kind: ErrorKind::Other,
                code: None,
                message: format!(
                    "account {missing} was named in --accounts but is not in the organization"
                ),
            });
        }
    }
    let mut snapshots = Vec::with_capacity(to_audit);
    loop {
        let joined = tokio::select! {
            biased;
            () = context.interrupt.raised() => {
                // Keep what finished; the rest is reported as not audited.
                tasks.abort_all();
                while let Some(joined) = tasks.join_next().await {
                    if let Ok(snapshot) = joined {
                        pending.remove(&snapshot.account.id);
                        snapshots.push(snapshot);
                    }
                }
                None
            }
            joined = tasks.join_next() => joined,
        };
        let Some(joined) = joined else {
            break;
        };
        match joined {
            Ok(snapshot) => {
                pending.remove(&snapshot.account.id);
                snapshots.push(snapshot);
            }
            Err(error) if error.is_cancelled() => {}
            Err(error) => errors.push(CollectionError {
                account_id: context.caller.account_id.clone(),
                api: "internal".to_string(),
                resource: None,
                kind: ErrorKind::Other,
                code: None,
                message: format!("an account's audit task failed: {error}"),
            }),
        }
    }
    if context.interrupt.is_raised() {
        for (id, account) in pending {
            errors.push(CollectionError {
                account_id: id,
                api: "run".to_string(),
                resource: Some(account.name),
                kind: ErrorKind::Other,
                code: Some("Interrupted".to_string()),
                message: "the audit was interrupted before this account was read".to_string(),
            });
        }
        errors.push(CollectionError {
            account_id: context.caller.account_id.clone(),
            api: "run".to_string(),
            resource: None,
            kind: ErrorKind::Other,
            code: Some("Interrupted".to_string()),
            message: "the audit was interrupted (Ctrl-C or SIGTERM): accounts not read are listed as errors and the account list may be incomplete".to_string(),
        });
    }
    Ok((snapshots, skipped, errors))
}

async fn audit_account(context: Arc<Context>, account: Account) -> AccountSnapshot {
    let _permit = context.semaphore.acquire().await;
    context.progress.account_started(&account);
    let mut snapshot = AccountSnapshot::new(account.clone());
    snapshot.cloudtrail_collected = context.options.cloudtrail.is_some();
    let deadline = context.options.account_deadline;
    let audited = tokio::time::timeout(deadline, read_account(&context, &account)).await;
    match audited {
        Ok(read) => {
            snapshot.credential_source = read.source;
            snapshot.users = read.users;
            snapshot.root = read.root;
            snapshot.cloudtrail_events = read.events;
            snapshot.errors = read.errors;
        }
        Err(_) => snapshot.errors.push(CollectionError {
            account_id: account.id.clone(),
            api: "account".to_string(),
            resource: None,
            kind: ErrorKind::Timeout,
            code: None,
            message: format!(
                "the account's audit did not finish within {} s; nothing from it is reported",
                deadline.as_secs()
            ),
        }),
    }
    snapshot.finish();
    tracing::debug!(
        "account {} ({}): {} users, {} keys, {} events, {} failed reads",
        account.name,
        account.id,
        snapshot.users.known().map_or(0, Vec::len),
        snapshot.access_keys().count(),
        snapshot.cloudtrail_events.known().map_or(0, Vec::len),
        snapshot.errors.len()
    );
    context.progress.account_finished(&snapshot);
    snapshot
}

/// What was read in one account.
struct Read {
    source: Option<CredentialSource>,
    users: Observed<Vec<iam_audit_model::User>>,
    root: Option<iam_audit_model::RootAccount>,
    events: Observed<Vec<iam_audit_model::CloudTrailEvent>>,
    errors: Vec<CollectionError>,
}

async fn read_account(context: &Context, account: &Account) -> Read {
    let (source, credentials) = if account.id == context.caller.account_id {
        (CredentialSource::Caller, None)
    } else {
        let request = RoleRequest {
            role_arn: context
                .caller
                .partition()
                .role_arn(&account.id, &context.options.role_name),
            session_name: context.options.session_name.clone(),
            external_id: context.options.external_id.clone(),
            duration: context.options.session_duration,
        };
        let _turn = context.sts_limiter.ready().await;
        match assume_role(&context.sts, context.sts_limiter.clone(), request.clone()).await {
            Ok(credentials) => (CredentialSource::AssumedRole, Some(credentials)),
            Err(error) => {
                let mut failure = collection_error(
                    &account.id,
                    "sts:AssumeRole",
                    Some(&request.role_arn),
                    &error,
                );
                if failure.kind == ErrorKind::AccessDenied {
                    failure.message = format!(
                        "cannot assume {}: the role is missing, the account is not enrolled, or its trust policy does not trust {} ({})",
                        request.role_arn, context.caller.arn, failure.message
                    );
                }
                return Read {
                    source: None,
                    users: Observed::Unknown,
                    root: None,
                    events: Observed::Unknown,
                    errors: vec![failure],
                };
            }
        }
    };
    let clients = context.clients.for_account(&account.id, credentials);
    let limits = AccountLimits::new(&context.options.rate_limits, &context.in_flight);
    let iam_read = async {
        match context.options.iam_source {
            IamSource::Api => {
                iam::collect_users(
                    &clients.iam,
                    &limits.iam,
                    &account.id,
                    context.options.per_account_concurrency,
                )
                .await
            }
            IamSource::CredentialReport => {
                credential_report::collect_users(
                    &clients.iam,
                    &limits.iam,
                    &account.id,
                    context.options.per_account_concurrency,
                )
                .await
            }
        }
    };
    let cloudtrail_read = async {
        match &context.options.cloudtrail {
            None => (Ok(Vec::new()), None),
            Some(window) => {
                let events = cloudtrail::collect_events(
                    &clients.cloudtrail,
                    &limits.cloudtrail,
                    &account.id,
                    window,
                )
                .await;
                let login = cloudtrail::last_root_login(
                    &clients.cloudtrail,
                    &limits.cloudtrail,
                    &account.id,
                    window,
                )
                .await;
                (events, Some(login))
            }
        }
    };
    let root_read = root::collect_root(&clients.iam, &limits.iam, &account.id);
    let ((users, mut errors), (events, root_login), (mut root, root_errors)) =
        tokio::join!(iam_read, cloudtrail_read, root_read);
    errors.extend(root_errors);
    let events = match events {
        Ok(events) => Observed::Known(events),
        Err(error) => {
            errors.push(error);
            Observed::Unknown
        }
    };
    root.last_console_login = root_login.map(|login| match login {
        Ok(time) => Observed::Known(time),
        Err(error) => {
            errors.push(error);
            Observed::Unknown
        }
    });
    Read {
        source: Some(source),
        users,
        root: Some(root),
        events,
        errors,
    }
}
