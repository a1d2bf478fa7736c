//! Organizations (awsJson1.1): DescribeOrganization, ListAccounts, and the tree (ListRoots,
//! ListOrganizationalUnitsForParent, ListAccountsForParent, ListChildren, ListParents,
//! DescribeOrganizationalUnit) and tags (ListTagsForResource) in [`tree`].
//!
//! Lists page with `NextToken` as Organizations does: at most 20 a page (`MaxResults` 1–20), and,
//! with `settings.organizations_empty_pages`, an empty page with a NextToken before each page of
//! items, which Organizations is allowed to answer and a client must follow.

mod tree;

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::protocol::{AwsError, epoch_seconds};
use crate::server::{Request, Shared};
use crate::world::{Account, World};

/// Answers an Organizations request.
pub fn handle(shared: &Shared, request: &Request) -> Result<String, AwsError> {
    let world = &shared.world;
    let organization = &world.scenario.organization;
    if !organization.in_use || !world.accounts.contains_key(&request.identity.account_id) {
        return Err(AwsError::sender(
            StatusCode::BAD_REQUEST,
            "AWSOrganizationsNotInUseException",
            "Your account is not a member of an organization.",
        ));
    }
    match request.action.as_str() {
        "DescribeOrganization" => {
            let management = world.accounts.get(world.management_account());
            Ok(json!({"Organization": {
                "Id": organization.id,
                "Arn": format!("arn:aws:organizations::{}:organization/{}", organization.management_account, organization.id),
                "FeatureSet": "ALL",
                "MasterAccountArn": format!("arn:aws:organizations::{0}:account/{1}/{0}", organization.management_account, organization.id),
                "MasterAccountId": organization.management_account,
                "MasterAccountEmail": management.map(|account| account.email.clone()),
            }})
            .to_string())
        }
        "ListAccounts" => {
            management_only(shared, request)?;
            let accounts: Vec<&Account> = world.accounts.values().collect();
            let requested = request
                .json
                .get("MaxResults")
                .and_then(serde_json::Value::as_u64);
            let (items, next) = page(
                shared,
                request,
                &accounts,
                requested.map(|size| size as usize),
                world.scenario.settings.page_size.list_accounts,
            )?;
            let listed: Vec<Value> = items
                .iter()
                .map(|account| account_record(world, account))
                .collect();
            Ok(with_next(json!({ "Accounts": listed }), next))
        }
        "ListRoots" => tree::list_roots(shared, request),
        "ListOrganizationalUnitsForParent" => {
            tree::list_organizational_units_for_parent(shared, request)
        }
        "ListAccountsForParent" => tree::list_accounts_for_parent(shared, request),
        "ListChildren" => tree::list_children(shared, request),
        "ListParents" => tree::list_parents(shared, request),
        "DescribeOrganizationalUnit" => tree::describe_organizational_unit(shared, request),
        "ListTagsForResource" => tree::list_tags_for_resource(shared, request),
        _ => Err(super::unknown_action(request)),
    }
}

/// Only the management account (or a delegated administrator) may read the organization's
/// accounts, tree and tags.
fn management_only(shared: &Shared, request: &Request) -> Result<(), AwsError> {
    if request.identity.account_id != shared.world.scenario.organization.management_account {
        return Err(AwsError::sender(
            StatusCode::BAD_REQUEST,
            "AccessDeniedException",
            "You don't have permissions to access this resource: only the management account or a delegated administrator can read the organization's accounts and structure.",
        ));
    }
    Ok(())
}

/// One page of `items` from the request's `NextToken`, preceded by an empty page when the
/// scenario asks for them (a token ending in `!` marks "the empty page was given").
fn page<'a, T>(
    shared: &Shared,
    request: &Request,
    items: &'a [T],
    requested: Option<usize>,
    largest: usize,
) -> Result<(&'a [T], Option<String>), AwsError> {
    let token = request.json.get("NextToken").and_then(Value::as_str);
    let empty_first = shared.world.scenario.settings.organizations_empty_pages;
    if empty_first && !token.is_some_and(|token| token.ends_with('!')) {
        let start = token.unwrap_or("page-0");
        super::page(items, Some(start), Some(1), 1, request.protocol)?;
        return Ok((&items[..0], Some(format!("{start}!"))));
    }
    super::page(
        items,
        token.map(|token| token.trim_end_matches('!')),
        requested,
        largest,
        request.protocol,
    )
}

/// The body with `NextToken` when there is a next page.
fn with_next(mut body: Value, next: Option<String>) -> String {
    if let Some(next) = next {
        body["NextToken"] = json!(next);
    }
    body.to_string()
}

/// An `Account` record, as ListAccounts and ListAccountsForParent answer it.
fn account_record(world: &World, account: &Account) -> Value {
    let organization = &world.scenario.organization;
    let mut record = json!({
        "Id": account.id,
        "Arn": format!("arn:aws:organizations::{}:account/{}/{}", organization.management_account, organization.id, account.id),
        "Email": account.email,
        "Name": account.name,
        "Status": account.state,
        "JoinedMethod": if account.id == organization.management_account { "INVITED" } else { "CREATED" },
        "JoinedTimestamp": epoch_seconds(world.now - chrono::Duration::days(800)),
    });
    if !account.legacy_status_only {
        record["State"] = json!(account.state);
    }
    record
}

#[cfg(test)]
#[path = "organizations/tests.rs"]
mod tests;
