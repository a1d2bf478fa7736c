//! One account's audit: one AssumeRole (or the caller's own credentials in the caller's account),
//! then IAM (users and their credentials, the password policy, the root user) and CloudTrail reads
//! side by side, each paced by the account's own limits, under the account's deadline.

use std::sync::Arc;

use aws_credential_types::provider::SharedCredentialsProvider;
use futures::StreamExt;
use iam_audit_model::{
    AccessAnalyzer, Account, AccountAuthorization, AccountSnapshot, CloudTrailEvent,
    CollectionError, CredentialSource, ErrorKind, Observed, PasswordPolicyState, RootAccessKey,
    RootAccount, RootSource, ServerCertificate, User,
};

use super::Context;
use crate::error::collection_error;
use crate::iam::observed;
use crate::limits::AccountLimits;
use crate::options::IamSource;
use crate::session::{AccountClients, RoleRequest, assume_role};
use crate::{
    access_analyzers, authorization, cloudtrail, credential_report, iam, key_activity,
    password_policy, root, root_session, server_certificates, service_credentials,
};

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
            snapshot.password_policy = read.password_policy;
            snapshot.authorization = read.authorization;
            snapshot.cloudtrail_events = read.events;
            snapshot.server_certificates = read.server_certificates;
            snapshot.access_analyzers = read.access_analyzers;
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
    password_policy: PasswordPolicyState,
    authorization: Observed<AccountAuthorization>,
    events: Observed<Vec<CloudTrailEvent>>,
    server_certificates: Observed<Vec<ServerCertificate>>,
    access_analyzers: Observed<Vec<AccessAnalyzer>>,
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
                password_policy: Observed::Unknown,
                authorization: Observed::Unknown,
                events: Observed::Unknown,
                server_certificates: Observed::Unknown,
                access_analyzers: Observed::Unknown,
                errors: vec![failure],
            };
        }
    };
    let clients = context.clients.for_account(&account.id, credentials);
    let limits = AccountLimits::new(&context.options.rate_limits, &context.in_flight);
    // The audit role is judged where the audit assumed it; it must trust the account the audit
    // runs from.
    let audit_account =
        (source == CredentialSource::AssumedRole).then_some(context.caller.account_id.as_str());
    // Each user's active keys are offered to the key activity lookups as soon as the user is
    // read, so that CloudTrail works while IAM does.
    let (offers, offered) = tokio::sync::mpsc::unbounded_channel();
    let activity = key_activity_lookups(context, &clients, &limits, &account.id);
    let users_read = async {
        let offers = offers;
        let offer = |user: &User| {
            if let Some(lookups) = &activity {
                key_activity::offer(&offers, user, &lookups.window, &lookups.home_region);
            }
        };
        read_users_and_permissions(
            context,
            &clients,
            &limits,
            (&account.id, audit_account),
            &offer,
        )
        .await
    };
    let activity_read = async {
        match &activity {
            Some(lookups) => key_activity::serve(Arc::clone(lookups), offered).await,
            None => (Vec::new(), Vec::new()),
        }
    };
    let (
        ((mut users, root_keys, mut errors, permissions), (looked, activity_errors)),
        (events, root_login),
        (mut root, root_errors),
        policy,
        (certificates, analyzers),
    ) = tokio::join!(
        async { tokio::join!(users_read, activity_read) },
        read_cloudtrail(context, &clients, &limits, &account.id),
        read_root(context, &clients, &limits, &account.id),
        password_policy::password_policy(&clients.iam, &limits.iam, &account.id),
        async {
            tokio::join!(
                server_certificates::server_certificates(&clients.iam, &limits.iam, &account.id),
                access_analyzers::access_analyzers(
                    &clients.access_analyzer,
                    &account.id,
                    &context.home_region
                ),
            )
        },
    );
    errors.extend(root_errors);
    let server_certificates = observed(certificates, &mut errors);
    let access_analyzers = observed(analyzers, &mut errors);
    errors.extend(activity_errors);
    if let Observed::Known(users) = &mut users {
        key_activity::attach(users, looked);
    }
    let password_policy = observed(policy, &mut errors);
    let authorization = observed(permissions, &mut errors);
    let users = with_user_ids(users, &authorization);
    let events = observed(events, &mut errors);
    root.last_console_login = root_login.map(|login| observed(login, &mut errors));
    if root.source != RootSource::AssumeRoot && root_keys.is_some() {
        root.access_keys = root_keys;
        root.source = RootSource::CredentialReport;
    }
    Read {
        source: Some(source),
        users,
        root: Some(root),
        password_policy,
        authorization,
        events,
        server_certificates,
        access_analyzers,
        errors,
    }
}

/// The root user: the account summary, and, where a root session is opened, what it reads
/// exactly (a refused session leaves the summary's answer and says why).
async fn read_root(
    context: &Context,
    clients: &AccountClients,
    limits: &AccountLimits,
    account_id: &str,
) -> (RootAccount, Vec<CollectionError>) {
    let partition = context.caller.partition();
    let session = async {
        if !context.opens_root_session(account_id) {
            return None;
        }
        Some(
            root_session::read_root_user(
                &context.sts,
                &context.sts_limiter,
                &context.clients,
                &limits.iam,
                (partition.0.as_str(), account_id),
            )
            .await,
        )
    };
    let ((mut root, errors), session) = tokio::join!(
        root::collect_root(&clients.iam, &limits.iam, account_id),
        session
    );
    match session {
        Some(Ok(exact)) => exact.apply(&mut root),
        Some(Err(problem)) => {
            tracing::info!("account {account_id}: root user from the summary: {problem}");
            root.root_session_problem = Some(problem);
        }
        None => {}
    }
    (root, errors)
}

/// What `read_users_and_permissions` returns: the users (with their usage), the root's keys from
/// the credential report, every failure, and the account's evaluated authorization.
type UsersAndPermissions = (
    Observed<Vec<User>>,
    Option<Vec<RootAccessKey>>,
    Vec<CollectionError>,
    Result<AccountAuthorization, CollectionError>,
);

/// The users and the account's authorization details, evaluated. Without usage the two are read
/// side by side. With usage (`--last-accessed`), the users come first, then their service last
/// accessed reports, then the authorization details, evaluated with the reports: the documents
/// are fetched only once both can be judged, so no account holds them while its jobs run.
async fn read_users_and_permissions(
    context: &Context,
    clients: &AccountClients,
    limits: &AccountLimits,
    (account_id, audit_account): (&str, Option<&str>),
    on_user: &(dyn Fn(&User) + Sync),
) -> UsersAndPermissions {
    let authorization = |usage| {
        authorization::account_authorization(
            &clients.iam,
            &limits.iam,
            account_id,
            &context.options,
            audit_account,
            Some(&context.evaluations),
            usage,
        )
    };
    let Some(options) = context.options.usage else {
        let ((users, root_keys, errors), permissions) = tokio::join!(
            read_users(context, clients, limits, account_id, on_user),
            authorization(None)
        );
        return (
            users,
            root_keys,
            errors,
            permissions.map(|(evaluated, _)| evaluated),
        );
    };
    let (mut users, root_keys, mut errors) =
        read_users(context, clients, limits, account_id, on_user).await;
    let Observed::Known(listed) = &mut users else {
        let permissions = authorization(None).await;
        return (
            users,
            root_keys,
            errors,
            permissions.map(|(evaluated, _)| evaluated),
        );
    };
    let reports =
        super::usage::read_reports(clients, limits, account_id, listed, options, &mut errors).await;
    let (input, failed, observed) = reports.split();
    let (permissions, judged) = match authorization(Some(input)).await {
        Ok((evaluated, judged)) => (Ok(evaluated), Some(judged)),
        // The usage stands without the policies: its grants are unknown.
        Err(error) => (Err(error), None),
    };
    super::usage::attach(listed, &failed, judged, observed);
    (users, root_keys, errors, permissions)
}

/// Users whose id their source did not give (the credential report has none) get it from the
/// authorization details, which list every user's `UserId`.
fn with_user_ids(
    mut users: Observed<Vec<User>>,
    authorization: &Observed<AccountAuthorization>,
) -> Observed<Vec<User>> {
    if let (Observed::Known(users), Observed::Known(authorization)) = (&mut users, authorization) {
        for user in users.iter_mut().filter(|user| user.user_id.is_empty()) {
            if let Some(id) = authorization.user_ids.get(&user.name) {
                user.user_id.clone_from(id);
            }
        }
    }
    users
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

/// What the account's key activity lookups share, when the run reads key activity.
fn key_activity_lookups(
    context: &Context,
    clients: &AccountClients,
    limits: &AccountLimits,
    account_id: &str,
) -> Option<Arc<key_activity::Lookups>> {
    let pages = context.options.key_activity_pages()?;
    let window = context.options.cloudtrail.clone()?;
    Some(Arc::new(key_activity::Lookups {
        cloudtrail: clients.cloudtrail.clone(),
        limits: limits.clone(),
        account_id: account_id.to_string(),
        window,
        home_region: context.home_region.clone(),
        pages,
        concurrency: context.options.per_account_concurrency,
    }))
}

/// The users and their credentials, from the source the run asked for, with every user's
/// service-specific credentials read once for the account beside them; `on_user` sees each user
/// as soon as its keys are read.
async fn read_users(
    context: &Context,
    clients: &AccountClients,
    limits: &AccountLimits,
    account_id: &str,
    on_user: &(dyn Fn(&User) + Sync),
) -> (
    Observed<Vec<User>>,
    Option<Vec<RootAccessKey>>,
    Vec<CollectionError>,
) {
    let concurrency = context.options.per_account_concurrency;
    let users = async {
        match context.options.iam_source {
            IamSource::Api => {
                let (users, errors) =
                    iam::collect_users(&clients.iam, &limits.iam, account_id, concurrency, on_user)
                        .await;
                (users, None, errors)
            }
            IamSource::CredentialReport => {
                let read = credential_report::collect_users(
                    &clients.iam,
                    &limits.iam,
                    account_id,
                    concurrency,
                )
                .await;
                for user in read.0.known().into_iter().flatten() {
                    on_user(user);
                }
                read
            }
        }
    };
    let ((mut users, root_keys, mut errors), service) = tokio::join!(
        users,
        service_credentials::every_users(&clients.iam, &limits.iam, account_id)
    );
    match &mut users {
        Observed::Known(users) => errors.extend(
            attach_service_credentials(clients, limits, account_id, concurrency, users, service)
                .await,
        ),
        // No user to give them to, but a failure is still recorded.
        Observed::Unknown => errors.extend(service.err()),
    }
    (users, root_keys, errors)
}

/// Gives every user its service-specific credentials: from the account-wide list, or user by
/// user where IAM refused `AllUsers`; unknown for every user when the list could not be read.
async fn attach_service_credentials(
    clients: &AccountClients,
    limits: &AccountLimits,
    account_id: &str,
    concurrency: usize,
    users: &mut [User],
    service: Result<Option<service_credentials::ByUser>, CollectionError>,
) -> Vec<CollectionError> {
    match service {
        Ok(Some(mut by_user)) => {
            for user in users.iter_mut() {
                user.service_specific_credentials =
                    Observed::Known(by_user.remove(&user.name).unwrap_or_default());
            }
            Vec::new()
        }
        Ok(None) => {
            // The futures are made first: a stream's `map` closure over borrowed clients is not
            // `Send` for every lifetime, which the spawned account task needs.
            let lookups: Vec<_> = users
                .iter()
                .map(|user| {
                    let name = user.name.clone();
                    async move {
                        let read = service_credentials::of_user(
                            &clients.iam,
                            &limits.iam,
                            account_id,
                            &name,
                        )
                        .await;
                        (name, read)
                    }
                })
                .collect();
            let reads: Vec<_> = futures::stream::iter(lookups)
                .buffer_unordered(concurrency.max(1))
                .collect()
                .await;
            let mut read_by_user: std::collections::BTreeMap<_, _> = reads.into_iter().collect();
            let mut errors = Vec::new();
            for user in users.iter_mut() {
                if let Some(read) = read_by_user.remove(&user.name) {
                    user.service_specific_credentials = observed(read, &mut errors);
                }
            }
            errors
        }
        Err(failure) => vec![failure],
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
