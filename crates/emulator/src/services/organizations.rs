//! Organizations (awsJson1.1): ListAccounts, DescribeOrganization.

use axum::http::StatusCode;
use serde_json::json;

use crate::protocol::{AwsError, epoch_seconds};
use crate::server::{Request, Shared};

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
            if request.identity.account_id != organization.management_account {
                return Err(AwsError::sender(
                    StatusCode::BAD_REQUEST,
                    "AccessDeniedException",
                    "You don't have permissions to access this resource: only the management account or a delegated administrator can list accounts.",
                ));
            }
            let accounts: Vec<_> = world.accounts.values().collect();
            let requested = request
                .json
                .get("MaxResults")
                .and_then(serde_json::Value::as_u64);
            let (items, next) = super::page(
                &accounts,
                request
                    .json
                    .get("NextToken")
                    .and_then(serde_json::Value::as_str),
                requested.map(|size| size as usize),
                world.scenario.settings.page_size.list_accounts,
                request.protocol,
            )?;
            let listed: Vec<_> = items
                .iter()
                .map(|account| {
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
                })
                .collect();
            let mut body = json!({ "Accounts": listed });
            if let Some(next) = next {
                body["NextToken"] = json!(next);
            }
            Ok(body.to_string())
        }
        _ => Err(super::unknown_action(request)),
    }
}
