//! The organization's structure and tags: the root, its organizational units, which accounts
//! each holds, the parent of an account or OU, and account tags, with Organizations' errors for
//! ids that are malformed (`InvalidInputException`, reason `INVALID_PATTERN`) or unknown
//! (`ParentNotFoundException`, `ChildNotFoundException`, `OrganizationalUnitNotFoundException`,
//! `TargetNotFoundException`). `MaxResults` outside 1–20 is an `InvalidInputException`.

use axum::http::StatusCode;
use serde_json::{Value, json};

use super::{account_record, management_only, page, with_next};
use crate::protocol::AwsError;
use crate::server::{Request, Shared};
use crate::world::{Account, OrganizationalUnit};

/// Organizations' input error, with its `Reason`.
fn invalid_input(reason: &str, message: String) -> AwsError {
    AwsError::sender(StatusCode::BAD_REQUEST, "InvalidInputException", message)
        .with_field("Reason", reason)
}

/// A not-found error of Organizations.
fn not_found(code: &str, message: &str) -> AwsError {
    AwsError::sender(StatusCode::BAD_REQUEST, code, message)
}

/// A required string member of the request.
fn member<'a>(request: &'a Request, name: &str) -> Result<&'a str, AwsError> {
    request
        .json
        .get(name)
        .and_then(Value::as_str)
        .ok_or_else(|| {
            invalid_input(
                "INPUT_REQUIRED",
                format!("You must specify a value for {name}."),
            )
        })
}

/// Whether `id` is `prefix` followed by lower-case letters and digits, with dashes where an OU
/// id has them (`r-xxxx`, `ou-xxxx-yyyyyyyy`), or twelve digits for an account.
fn well_formed(id: &str) -> bool {
    let lower = |text: &str, least: usize| {
        text.len() >= least
            && text
                .bytes()
                .all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit())
    };
    if let Some(rest) = id.strip_prefix("r-") {
        return lower(rest, 4);
    }
    if let Some(rest) = id.strip_prefix("ou-") {
        return rest
            .split_once('-')
            .is_some_and(|(root, unit)| lower(root, 4) && lower(unit, 8));
    }
    id.len() == 12 && id.bytes().all(|byte| byte.is_ascii_digit())
}

/// `MaxResults`, which must be 1–20.
fn max_results(request: &Request) -> Result<Option<usize>, AwsError> {
    match request.json.get("MaxResults").and_then(Value::as_u64) {
        None => Ok(None),
        Some(0) => Err(invalid_input(
            "MIN_VALUE_EXCEEDED",
            "You provided a value that is less than the minimum allowed: MaxResults must be 1–20."
                .to_string(),
        )),
        Some(size) if size > 20 => Err(invalid_input(
            "MAX_VALUE_EXCEEDED",
            "You provided a value that exceeds the maximum allowed: MaxResults must be 1–20."
                .to_string(),
        )),
        Some(size) => Ok(Some(size as usize)),
    }
}

/// The parent a request names, checked: `ParentId` well formed and existing.
fn parent<'a>(shared: &Shared, request: &'a Request) -> Result<&'a str, AwsError> {
    let id = member(request, "ParentId")?;
    if !well_formed(id) || id.len() == 12 {
        return Err(invalid_input(
            "INVALID_PATTERN",
            format!("The parent id {id} does not match the pattern of a root or an OU id."),
        ));
    }
    if !shared.world.tree.is_parent(id) {
        return Err(not_found(
            "ParentNotFoundException",
            "We can't find a root or OU with the ParentId that you specified.",
        ));
    }
    Ok(id)
}

/// Pages `items` with the organizations page size.
fn paged<T>(
    shared: &Shared,
    request: &Request,
    items: &[T],
    write: impl Fn(&T) -> Value,
    list: &str,
) -> Result<String, AwsError> {
    let requested = max_results(request)?;
    let largest = shared.world.scenario.settings.page_size.organizations_lists;
    let (items, next) = page(shared, request, items, requested, largest)?;
    let listed: Vec<Value> = items.iter().map(write).collect();
    Ok(with_next(json!({ list: listed }), next))
}

fn unit_record(unit: &OrganizationalUnit) -> Value {
    json!({"Id": unit.id, "Arn": unit.arn, "Name": unit.name})
}

/// ListRoots: the organization's one root, with service control policies enabled.
pub(super) fn list_roots(shared: &Shared, request: &Request) -> Result<String, AwsError> {
    management_only(shared, request)?;
    let tree = &shared.world.tree;
    let roots = [json!({
        "Id": tree.root_id,
        "Arn": tree.root_arn,
        "Name": "Root",
        "PolicyTypes": [{"Type": "SERVICE_CONTROL_POLICY", "Status": "ENABLED"}],
    })];
    paged(shared, request, &roots, Value::clone, "Roots")
}

/// ListOrganizationalUnitsForParent: the OUs directly under a root or OU.
pub(super) fn list_organizational_units_for_parent(
    shared: &Shared,
    request: &Request,
) -> Result<String, AwsError> {
    management_only(shared, request)?;
    let parent = parent(shared, request)?;
    let units: Vec<&OrganizationalUnit> = shared
        .world
        .tree
        .units
        .iter()
        .filter(|unit| unit.parent_id == parent)
        .collect();
    paged(
        shared,
        request,
        &units,
        |unit| unit_record(unit),
        "OrganizationalUnits",
    )
}

/// ListAccountsForParent: the accounts directly under a root or OU.
pub(super) fn list_accounts_for_parent(
    shared: &Shared,
    request: &Request,
) -> Result<String, AwsError> {
    management_only(shared, request)?;
    let parent = parent(shared, request)?;
    let world = &shared.world;
    let accounts: Vec<&Account> = world
        .accounts
        .values()
        .filter(|account| account.parent_id == parent)
        .collect();
    paged(
        shared,
        request,
        &accounts,
        |account| account_record(world, account),
        "Accounts",
    )
}

/// ListChildren: the accounts or the OUs directly under a root or OU.
pub(super) fn list_children(shared: &Shared, request: &Request) -> Result<String, AwsError> {
    management_only(shared, request)?;
    let parent = parent(shared, request)?;
    let child_type = member(request, "ChildType")?;
    let world = &shared.world;
    let children: Vec<String> = match child_type {
        "ACCOUNT" => world
            .accounts
            .values()
            .filter(|account| account.parent_id == parent)
            .map(|account| account.id.clone())
            .collect(),
        "ORGANIZATIONAL_UNIT" => world
            .tree
            .units
            .iter()
            .filter(|unit| unit.parent_id == parent)
            .map(|unit| unit.id.clone())
            .collect(),
        other => {
            return Err(invalid_input(
                "INVALID_ENUM",
                format!("ChildType {other} is not ACCOUNT or ORGANIZATIONAL_UNIT."),
            ));
        }
    };
    paged(
        shared,
        request,
        &children,
        |id| json!({"Id": id, "Type": child_type}),
        "Children",
    )
}

/// ListParents: the root or OU an account or OU is directly in.
pub(super) fn list_parents(shared: &Shared, request: &Request) -> Result<String, AwsError> {
    management_only(shared, request)?;
    let child = member(request, "ChildId")?;
    if !well_formed(child) || child.starts_with("r-") {
        return Err(invalid_input(
            "INVALID_PATTERN",
            format!("The child id {child} does not match the pattern of an account or an OU id."),
        ));
    }
    let world = &shared.world;
    let parent_id = world
        .accounts
        .get(child)
        .map(|account| account.parent_id.clone())
        .or_else(|| world.tree.unit(child).map(|unit| unit.parent_id.clone()))
        .ok_or_else(|| {
            not_found(
                "ChildNotFoundException",
                "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.",
            )
        })?;
    let kind = if parent_id == world.tree.root_id {
        "ROOT"
    } else {
        "ORGANIZATIONAL_UNIT"
    };
    paged(
        shared,
        request,
        &[parent_id],
        |id| json!({"Id": id, "Type": kind}),
        "Parents",
    )
}

/// DescribeOrganizationalUnit: an OU's id, ARN and name.
pub(super) fn describe_organizational_unit(
    shared: &Shared,
    request: &Request,
) -> Result<String, AwsError> {
    management_only(shared, request)?;
    let id = member(request, "OrganizationalUnitId")?;
    if !id.starts_with("ou-") || !well_formed(id) {
        return Err(invalid_input(
            "INVALID_PATTERN",
            format!("The OU id {id} does not match the pattern of an OU id."),
        ));
    }
    let unit = shared.world.tree.unit(id).ok_or_else(|| {
        not_found(
            "OrganizationalUnitNotFoundException",
            "We can't find an OU with the OrganizationalUnitId that you specified.",
        )
    })?;
    Ok(json!({ "OrganizationalUnit": unit_record(unit) }).to_string())
}

/// ListTagsForResource: an account's tags; a root or OU has none. Paged by NextToken alone.
pub(super) fn list_tags_for_resource(
    shared: &Shared,
    request: &Request,
) -> Result<String, AwsError> {
    management_only(shared, request)?;
    let id = member(request, "ResourceId")?;
    if !well_formed(id) {
        return Err(invalid_input(
            "INVALID_PATTERN",
            format!("The resource id {id} does not match the pattern of a root, OU or account id."),
        ));
    }
    let world = &shared.world;
    let tags: &[(String, String)] = if let Some(account) = world.accounts.get(id) {
        &account.tags
    } else if world.tree.is_parent(id) {
        &[]
    } else {
        return Err(not_found(
            "TargetNotFoundException",
            "We can't find a root, OU, account, or policy with the TargetId that you specified.",
        ));
    };
    let largest = world.scenario.settings.page_size.organizations_lists;
    let (items, next) = page(shared, request, tags, None, largest)?;
    let listed: Vec<Value> = items
        .iter()
        .map(|(key, value)| json!({"Key": key, "Value": value}))
        .collect();
    Ok(with_next(json!({ "Tags": listed }), next))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_checked_against_organizations_patterns() {
        assert!(well_formed("r-ab12"));
        assert!(well_formed("ou-ab12-abcdef12"));
        assert!(well_formed("123456789012"));
        assert!(!well_formed("r-AB12"));
        assert!(!well_formed("ou-ab12"));
        assert!(!well_formed("1234"));
    }
}
