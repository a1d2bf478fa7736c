//! Control Tower (restJson1): ListLandingZones, for `doctor`'s "is Control Tower in use" check.

use serde_json::json;

use crate::protocol::AwsError;
use crate::server::{Request, Shared};

/// Answers a Control Tower request.
pub fn handle(shared: &Shared, request: &Request) -> Result<String, AwsError> {
    match request.action.as_str() {
        "ListLandingZones" => {
            let organization = &shared.world.scenario.organization;
            let zones = if organization.control_tower
                && request.identity.account_id == organization.management_account
            {
                vec![json!({"arn": format!(
                    "arn:aws:controltower:{}:{}:landingzone/EMULATOR",
                    request.region, organization.management_account
                )})]
            } else {
                Vec::new()
            };
            Ok(json!({ "landingZones": zones }).to_string())
        }
        _ => Err(super::unknown_action(request)),
    }
}
