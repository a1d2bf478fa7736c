//! Where each account sits in the organization (`Root/Production/Cards`, OU names) and, when
//! `[owners] account_tags` asks, each account's tags: the places and owners that findings are
//! routed by.
//!
//! The tree is walked once from the top (ListRoots, then ListOrganizationalUnitsForParent and
//! ListAccountsForParent for the root and each OU), not climbed from each account with
//! ListParents: for 1,000 accounts in 50 OUs the walk is 1 + 51 + 51 calls plus one more per 20
//! accounts of a parent beyond the first page (about 150 in all), where climbing takes 1,000
//! ListParents, one more per level above the first, and a DescribeOrganizationalUnit per OU for
//! its name (over 1,050). Tags cost one ListTagsForResource per audited account (1,000), so they
//! are read only when asked. Every call waits for the Organizations limiter the account listing
//! uses, and the whole walk runs beside the accounts' audits.

use std::collections::BTreeMap;

use aws_sdk_organizations::Client;
use iam_audit_model::{Account, CollectionError};

use crate::error::collection_error;
use crate::limits::Limiter;
use crate::paging::every_page;

/// The root's name in a path.
const ROOT: &str = "Root";

/// What the walk read: each account's OU path (by account id), each tagged account's tags, and
/// what failed.
#[derive(Debug, Default)]
pub(crate) struct Placement {
    /// `Root/…` by account id; empty when the tree could not be read.
    pub paths: BTreeMap<String, String>,
    /// Tags by account id, for the accounts whose tags were read.
    pub tags: BTreeMap<String, BTreeMap<String, String>>,
    /// Failures, each in the caller's account.
    pub errors: Vec<CollectionError>,
}

/// A walk's own failure: the API and the SDK's error, already made a collection error.
type Failed = CollectionError;

/// Walks the tree from its roots: each account with its OU path. An organization not in use (a
/// standalone caller) is no tree and no error.
pub(crate) async fn read_paths(
    client: &Client,
    limiter: &Limiter,
    caller_account: &str,
) -> Result<Vec<(Account, String)>, Failed> {
    let mut paths = Vec::new();
    let mut parents: Vec<(String, String)> = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let _turn = limiter.ready().await;
        let page = match client
            .list_roots()
            .set_next_token(token.take())
            .send()
            .await
        {
            Ok(page) => page,
            Err(error) if crate::organizations::not_in_organization(&error) => {
                return Ok(paths);
            }
            Err(error) => {
                return Err(collection_error(
                    caller_account,
                    "organizations:ListRoots",
                    None,
                    &error,
                ));
            }
        };
        parents.extend(
            page.roots()
                .iter()
                .filter_map(|root| Some((root.id()?.to_string(), ROOT.to_string()))),
        );
        token = page
            .next_token()
            .filter(|next| !next.is_empty())
            .map(str::to_string);
        if token.is_none() {
            break;
        }
    }
    while let Some((parent, path)) = parents.pop() {
        for account in accounts_in(client, limiter, caller_account, &parent).await? {
            paths.push((account, path.clone()));
        }
        for (unit, name) in units_in(client, limiter, caller_account, &parent).await? {
            parents.push((unit, format!("{path}/{name}")));
        }
    }
    Ok(paths)
}

/// ListAccountsForParent, every page: the accounts directly under `parent`.
async fn accounts_in(
    client: &Client,
    limiter: &Limiter,
    caller_account: &str,
    parent: &str,
) -> Result<Vec<Account>, Failed> {
    every_page(limiter, |token| async move {
        let page = client
            .list_accounts_for_parent()
            .parent_id(parent)
            .set_next_token(token)
            .send()
            .await
            .map_err(|error| {
                collection_error(
                    caller_account,
                    "organizations:ListAccountsForParent",
                    Some(parent),
                    &error,
                )
            })?;
        let accounts = page
            .accounts()
            .iter()
            .map(crate::organizations::account_of)
            .collect();
        Ok((accounts, next_token(page.next_token())))
    })
    .await
}

/// ListOrganizationalUnitsForParent, every page: the OUs directly under `parent`, id and name.
async fn units_in(
    client: &Client,
    limiter: &Limiter,
    caller_account: &str,
    parent: &str,
) -> Result<Vec<(String, String)>, Failed> {
    every_page(limiter, |token| async move {
        let page = client
            .list_organizational_units_for_parent()
            .parent_id(parent)
            .set_next_token(token)
            .send()
            .await
            .map_err(|error| {
                collection_error(
                    caller_account,
                    "organizations:ListOrganizationalUnitsForParent",
                    Some(parent),
                    &error,
                )
            })?;
        let units = page
            .organizational_units()
            .iter()
            .filter_map(|unit| {
                Some((
                    unit.id()?.to_string(),
                    unit.name().unwrap_or_default().to_string(),
                ))
            })
            .collect();
        Ok((units, next_token(page.next_token())))
    })
    .await
}

/// ListTagsForResource for one account, every page; its failure is that account's.
pub(crate) async fn read_tags(
    client: &Client,
    limiter: &Limiter,
    account_id: &str,
    caller_account: &str,
) -> Result<BTreeMap<String, String>, Failed> {
    let tags = every_page(limiter, |token| async move {
        let page = client
            .list_tags_for_resource()
            .resource_id(account_id)
            .set_next_token(token)
            .send()
            .await
            .map_err(|error| {
                let mut failure = collection_error(
                    caller_account,
                    "organizations:ListTagsForResource",
                    Some(account_id),
                    &error,
                );
                failure.account_id = account_id.to_string();
                failure
            })?;
        let tags: Vec<(String, String)> = page
            .tags()
            .iter()
            .map(|tag| (tag.key().to_string(), tag.value().to_string()))
            .collect();
        Ok((tags, next_token(page.next_token())))
    })
    .await?;
    Ok(tags.into_iter().collect())
}

/// Organizations' `NextToken`, when there is another page (an empty one means none).
fn next_token(token: Option<&str>) -> Option<String> {
    token.filter(|next| !next.is_empty()).map(str::to_string)
}
