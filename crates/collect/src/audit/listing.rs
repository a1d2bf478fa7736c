//! Lists the organization's accounts page by page and starts each selected account's audit as
//! soon as its page arrives; then waits for the audits, keeping what finished when interrupted.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use iam_audit_model::{Account, AccountSnapshot, CollectionError, ErrorKind, SkippedAccount};
use tokio::task::JoinSet;

use super::Context;
use super::account::audit_account;
use crate::error::{CollectError, collection_error};
use crate::organizations;

/// What listing and auditing produced.
pub(super) struct Listed {
    pub snapshots: Vec<AccountSnapshot>,
    pub skipped: Vec<SkippedAccount>,
    pub errors: Vec<CollectionError>,
    /// ListAccounts answered AWSOrganizationsNotInUseException.
    pub not_in_organization: bool,
}

/// The audits under way, and what the listing found so far.
struct Audits {
    tasks: JoinSet<AccountSnapshot>,
    /// Accounts whose audit has not finished, by id.
    pending: BTreeMap<String, Account>,
    seen: BTreeSet<String>,
    skipped: Vec<SkippedAccount>,
    errors: Vec<CollectionError>,
    /// Audits started so far.
    started: usize,
}

pub(super) async fn list_and_audit(
    client: &aws_sdk_organizations::Client,
    context: &Arc<Context>,
) -> Result<Listed, CollectError> {
    let mut audits = Audits {
        tasks: JoinSet::new(),
        pending: BTreeMap::new(),
        seen: BTreeSet::new(),
        skipped: Vec::new(),
        errors: Vec::new(),
        started: 0,
    };
    match list_pages(client, context, &mut audits).await {
        Ok(()) => {}
        Err(Stop::NotInOrganization) => {
            return Ok(Listed {
                snapshots: Vec::new(),
                skipped: Vec::new(),
                errors: Vec::new(),
                not_in_organization: true,
            });
        }
        Err(Stop::Fatal(error)) => {
            audits.tasks.abort_all();
            return Err(error);
        }
    }
    audits
        .errors
        .extend(named_but_not_listed(context, &audits.seen));
    let snapshots = join_audits(context, &mut audits).await;
    if context.interrupt.is_raised() {
        audits.errors.extend(interrupted(context, &audits.pending));
    }
    Ok(Listed {
        snapshots,
        skipped: audits.skipped,
        errors: audits.errors,
        not_in_organization: false,
    })
}

/// Why the listing stopped before its end.
enum Stop {
    /// The caller's account is in no organization.
    NotInOrganization,
    /// The first page failed: nothing trustworthy can be reported.
    Fatal(CollectError),
}

/// Every page of ListAccounts, starting each selected account's audit. A failure after the first
/// page keeps what was listed and records the gap.
async fn list_pages(
    client: &aws_sdk_organizations::Client,
    context: &Arc<Context>,
    audits: &mut Audits,
) -> Result<(), Stop> {
    let limiter = &context.organizations_limiter;
    let mut token: Option<String> = None;
    let mut first_page = true;
    while !context.interrupt.is_raised() {
        let _turn = limiter.ready().await;
        let page = match client
            .list_accounts()
            .set_next_token(token.clone())
            .send()
            .await
        {
            Ok(page) => page,
            Err(error) if first_page && organizations::not_in_organization(&error) => {
                return Err(Stop::NotInOrganization);
            }
            Err(error) if first_page => {
                return Err(Stop::Fatal(organizations::list_accounts_error(&error)));
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
                    audits.seen.len(),
                    failure.message
                );
                audits.errors.push(failure);
                return Ok(());
            }
        };
        first_page = false;
        for listed in page.accounts() {
            start_audit(context, audits, organizations::account_of(listed));
        }
        // A page can be empty yet carry a NextToken: follow the token, not the page size.
        token = page
            .next_token()
            .filter(|next| !next.is_empty())
            .map(str::to_string);
        if token.is_none() {
            return Ok(());
        }
    }
    Ok(())
}

/// Starts an account's audit, or records why it is not audited.
fn start_audit(context: &Arc<Context>, audits: &mut Audits, account: Account) {
    if !audits.seen.insert(account.id.clone()) {
        return;
    }
    if let Some(reason) = skip_reason(context, &account) {
        audits.skipped.push(SkippedAccount {
            account,
            reason: reason.to_string(),
        });
        return;
    }
    audits.pending.insert(account.id.clone(), account.clone());
    audits.started += 1;
    context.progress.accounts_listed(audits.started);
    let context = Arc::clone(context);
    audits
        .tasks
        .spawn(async move { audit_account(context, account).await });
}

/// Why an account is not audited: `not_active`, `excluded`, `not_selected` or `other_shard`.
pub(super) fn skip_reason(context: &Context, account: &Account) -> Option<&'static str> {
    let options = &context.options;
    if options
        .shard
        .is_some_and(|shard| !shard.holds(&account.id, &context.caller.account_id))
    {
        Some("other_shard")
    } else if !account.is_active() {
        Some("not_active")
    } else if options.exclude_accounts.contains(&account.id) {
        Some("excluded")
    } else if options
        .include_accounts
        .as_ref()
        .is_some_and(|included| !included.contains(&account.id))
    {
        Some("not_selected")
    } else {
        None
    }
}

/// Accounts named in `--accounts` that the organization does not have.
fn named_but_not_listed(context: &Context, seen: &BTreeSet<String>) -> Vec<CollectionError> {
    let Some(included) = &context.options.include_accounts else {
        return Vec::new();
    };
    included
        .difference(seen)
        .map(|missing| CollectionError {
            account_id: missing.clone(),
            api: "organizations:ListAccounts".to_string(),
            resource: None,
            kind: ErrorKind::Other,
            code: None,
            message: format!(
                "account {missing} was named in --accounts but is not in the organization"
            ),
        })
        .collect()
}

/// Waits for every audit; when interrupted, keeps what finished and stops the rest.
async fn join_audits(context: &Context, audits: &mut Audits) -> Vec<AccountSnapshot> {
    let mut snapshots = Vec::with_capacity(audits.started);
    loop {
        let joined = tokio::select! {
            biased;
            () = context.interrupt.raised() => {
                // Keep what finished; the rest is reported as not audited.
                audits.tasks.abort_all();
                while let Some(joined) = audits.tasks.join_next().await {
                    if let Ok(snapshot) = joined {
                        audits.pending.remove(&snapshot.account.id);
                        snapshots.push(snapshot);
                    }
                }
                None
            }
            joined = audits.tasks.join_next() => joined,
        };
        let Some(joined) = joined else {
            return snapshots;
        };
        match joined {
            Ok(snapshot) => {
                audits.pending.remove(&snapshot.account.id);
                snapshots.push(snapshot);
            }
            Err(error) if error.is_cancelled() => {}
            Err(error) => audits.errors.push(CollectionError {
                account_id: context.caller.account_id.clone(),
                api: "internal".to_string(),
                resource: None,
                kind: ErrorKind::Other,
                code: None,
                message: format!("an account's audit task failed: {error}"),
            }),
        }
    }
}

/// The errors an interrupted run records: each account not read, and the run itself.
fn interrupted(context: &Context, pending: &BTreeMap<String, Account>) -> Vec<CollectionError> {
    let mut errors: Vec<CollectionError> = pending
        .iter()
        .map(|(id, account)| CollectionError {
            account_id: id.clone(),
            api: "run".to_string(),
            resource: Some(account.name.clone()),
            kind: ErrorKind::Other,
            code: Some("Interrupted".to_string()),
            message: "the audit was interrupted before this account was read".to_string(),
        })
        .collect();
    errors.push(CollectionError {
        account_id: context.caller.account_id.clone(),
        api: "run".to_string(),
        resource: None,
        kind: ErrorKind::Other,
        code: Some("Interrupted".to_string()),
        message: "the audit was interrupted (Ctrl-C, SIGTERM or a deadline): accounts not read are listed as errors and the account list may be incomplete".to_string(),
    });
    errors
}
