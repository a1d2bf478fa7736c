//! The tree walk beside the audits: each account's OU path and, when asked, its tags, read while
//! the accounts are audited and attached to their snapshots at the end (see
//! `organization_tree`). A failure is recorded: a route by OU or owner must not silently miss an
//! account whose place could not be read.

use std::sync::Arc;

use iam_audit_model::{AccountSnapshot, CollectionError};

use super::Context;
use super::listing::skip_reason;
use crate::organization_tree;
pub(super) use crate::organization_tree::Placement;

/// Walks the tree, then reads the tags of each account the run audits, one at a time at the
/// Organizations pace.
pub(super) async fn place(
    client: &aws_sdk_organizations::Client,
    context: &Arc<Context>,
) -> Placement {
    let limiter = &context.organizations_limiter;
    let caller = context.caller.account_id.as_str();
    let mut placement = Placement::default();
    let accounts = match organization_tree::read_paths(client, limiter, caller).await {
        Ok(accounts) => accounts,
        Err(error) => {
            placement.errors.push(error);
            return placement;
        }
    };
    for (account, path) in &accounts {
        placement.paths.insert(account.id.clone(), path.clone());
    }
    if !context.options.account_tags {
        return placement;
    }
    for (account, _) in &accounts {
        if context.interrupt.is_raised() {
            break;
        }
        if skip_reason(context, account).is_some() {
            continue;
        }
        match organization_tree::read_tags(client, limiter, &account.id, caller).await {
            Ok(tags) => {
                placement.tags.insert(account.id.clone(), tags);
            }
            Err(error) => placement.errors.push(error),
        }
    }
    placement
}

/// Gives each snapshot its path, its tags and its own tag failure; failures of the walk itself
/// go to the run.
pub(super) fn attach(
    mut placement: Placement,
    snapshots: &mut [AccountSnapshot],
    run_errors: &mut Vec<CollectionError>,
) {
    for snapshot in snapshots.iter_mut() {
        let id = snapshot.account.id.clone();
        snapshot.ou_path = placement.paths.remove(&id);
        snapshot.tags = placement.tags.remove(&id);
    }
    for error in placement.errors {
        match snapshots
            .iter_mut()
            .find(|snapshot| snapshot.account.id == error.account_id)
        {
            Some(snapshot) if error.api == "organizations:ListTagsForResource" => {
                snapshot.errors.push(error);
                snapshot.finish();
            }
            _ => run_errors.push(error),
        }
    }
}
