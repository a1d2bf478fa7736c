//! One account's audit: one AssumeRole (or the caller's own credentials in the caller's account),
//! then IAM, root and CloudTrail reads side by side, each paced by the account's own limits, under
//! the account's deadline.

use std::sync::Arc;

use aws_credential_types::provider::SharedCredentialsProvider;
use iam_audit_model::{
    Account, AccountSnapshot, CloudTrailEvent, CollectionError, CredentialSource, ErrorKind,
    Observed, RootAccount, User,
};

use super::{Context, IamSource};
use crate::error::collection_error;
use crate::iam::observed;
use crate::limits::AccountLimits;
use crate::session::{AccountClients, RoleRequest, assume_role};
use crate::{cloudtrail, credential_report, iam, root};

/// Audits one account under its deadline; the snapshot says what was read and what failed.
pub(super) async fn audit_account(context: Arc<Context>, account: Account) -> AccountSnapshot {
    let _permit = context.semaphore.acquire().await;
    context.progress.account_started(&account);
    let mut snapshot = AccountSnapshot::new(account.clone());
    snapshot.cloudtrail_collected = context.options.cloudtrail.is_some();
    let deadline = context.options.account_deadline;
    match tokio::time::timeout(deadline, read_account(&context, &account)).await {
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
    users: Observed<Vec<User>>,
    root: Option<RootAccount>,
    events: Observed<Vec<CloudTrailEvent>>,
    errors: Vec<CollectionError>,
}

async fn read_account(context: &Context, account: &Account) -> Read {
    let (source, credentials) = match credentials(context, account).await {
        Ok(reached) => reached,
        Err(failure) => {
            return Read {
                source: None,
                users: Observed::Unknown,
                root: None,
                events: Observed::Unknown,
                errors: vec![failure],
            };
        }
    };
    let clients = context.clients.for_account(&account.id, credentials);
    let limits = AccountLimits::new(&context.options.rate_limits, &context.in_flight);
    let ((users, mut errors), (events, root_login), (mut root, root_errors)) = tokio::join!(
        read_users(context, &clients, &limits, &account.id),
        read_cloudtrail(context, &clients, &limits, &account.id),
        root::collect_root(&clients.iam, &limits.iam, &account.id),
    );
    errors.extend(root_errors);
    let events = observed(events, &mut errors);
    root.last_console_login = root_login.map(|login| observed(login, &mut errors));
    Read {
        source: Some(source),
        users,
        root: Some(root),
        events,
        errors,
    }
}

/// How the account is reached: the caller's own credentials in the caller's account, else one
/// AssumeRole of the audit role (its failure is the account's only error).
async fn credentials(
    context: &Context,
    account: &Account,
) -> Result<(CredentialSource, Option<SharedCredentialsProvider>), CollectionError> {
    if account.id == context.caller.account_id {
        return Ok((CredentialSource::Caller, None));
    }
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
        Ok(credentials) => Ok((CredentialSource::AssumedRole, Some(credentials))),
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
            Err(failure)
        }
    }
}

/// The users and their credentials, from the source the run asked for.
async fn read_users(
    context: &Context,
    clients: &AccountClients,
    limits: &AccountLimits,
    account_id: &str,
) -> (Observed<Vec<User>>, Vec<CollectionError>) {
    let concurrency = context.options.per_account_concurrency;
    match context.options.iam_source {
        IamSource::Api => {
            iam::collect_users(&clients.iam, &limits.iam, account_id, concurrency).await
        }
        IamSource::CredentialReport => {
            credential_report::collect_users(&clients.iam, &limits.iam, account_id, concurrency)
                .await
        }
    }
}

type CloudTrailRead = (
    Result<Vec<CloudTrailEvent>, CollectionError>,
    Option<Result<Option<chrono::DateTime<chrono::Utc>>, CollectionError>>,
);

/// The lifecycle events and the root's last console sign-in, unless CloudTrail is off.
async fn read_cloudtrail(
    context: &Context,
    clients: &AccountClients,
    limits: &AccountLimits,
    account_id: &str,
) -> CloudTrailRead {
    let Some(window) = &context.options.cloudtrail else {
        return (Ok(Vec::new()), None);
    };
    let events =
        cloudtrail::collect_events(&clients.cloudtrail, &limits.cloudtrail, account_id, window)
            .await;
    let login =
        cloudtrail::last_root_login(&clients.cloudtrail, &limits.cloudtrail, account_id, window)
            .await;
    (events, Some(login))
}
