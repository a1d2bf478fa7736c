//! The doctor's organization-level checks: the organization, the caller's place in it, the
//! account list, and Control Tower.

use iam_audit_errors::classify;
use iam_audit_model::{Account, CallerIdentity, Message};

use super::{Check, Verdict, check, failed};

/// DescribeOrganization and ListAccounts (every page): the caller's role in the organization,
/// and the accounts to probe (none when they cannot be listed).
pub(super) async fn check_organization(
    organizations: &aws_sdk_organizations::Client,
    caller: &CallerIdentity,
    checks: &mut Vec<Check>,
) -> Vec<Account> {
    let management = match organizations.describe_organization().send().await {
        Ok(output) => output.organization().map(|organization| {
            (
                organization.id().unwrap_or_default().to_string(),
                organization
                    .master_account_id()
                    .unwrap_or_default()
                    .to_string(),
            )
        }),
        Err(error) => {
            let (_, code, message) = classify(&error);
            checks.push(check(
                "organization",
                &caller.account_id,
                Verdict::Fail,
                failed("organizations:DescribeOrganization", code, &message),
                Some(Message::new("doctor-fix-describe-organization")),
            ));
            None
        }
    };
    // The audit needs ListAccounts, from the management account or a delegated administrator.
    let (accounts, listed) = list_accounts(organizations, caller, checks).await;
    if let Some((organization_id, management_id)) = &management {
        let role = if *management_id == caller.account_id {
            Message::new("doctor-caller-management")
        } else if listed {
            Message::new("doctor-caller-delegated").with("management", management_id)
        } else {
            Message::new("doctor-caller-member").with("management", management_id)
        };
        let verdict = if listed { Verdict::Pass } else { Verdict::Fail };
        checks.push(check("organization", organization_id, verdict, role, None));
    }
    accounts
}

/// Every page of ListAccounts; false when a page failed (the failure is a check).
async fn list_accounts(
    organizations: &aws_sdk_organizations::Client,
    caller: &CallerIdentity,
    checks: &mut Vec<Check>,
) -> (Vec<Account>, bool) {
    let mut accounts = Vec::new();
    let mut token: Option<String> = None;
    loop {
        match organizations
            .list_accounts()
            .set_next_token(token.clone())
            .send()
            .await
        {
            Ok(page) => {
                accounts.extend(page.accounts().iter().map(crate::organizations::account_of));
                token = page
                    .next_token()
                    .filter(|next| !next.is_empty())
                    .map(str::to_string);
                if token.is_none() {
                    return (accounts, true);
                }
            }
            Err(error) => {
                let (_, code, message) = classify(&error);
                checks.push(check(
                    "organization",
                    &caller.account_id,
                    Verdict::Fail,
                    failed("organizations:ListAccounts", code, &message),
                    Some(Message::new("doctor-fix-list-accounts")),
                ));
                return (accounts, false);
            }
        }
    }
}

/// Control Tower is in use when a landing zone exists (ListLandingZones, management account).
pub(super) async fn check_control_tower(
    caller_config: &aws_config::SdkConfig,
    checks: &mut Vec<Check>,
) {
    let control_tower = aws_sdk_controltower::Client::new(caller_config);
    match control_tower.list_landing_zones().send().await {
        Ok(output) if !output.landing_zones().is_empty() => checks.push(check(
            "control-tower",
            "-",
            Verdict::Pass,
            Message::new("doctor-landing-zone")
                .with("arn", output.landing_zones()[0].arn().unwrap_or_default()),
            None,
        )),
        Ok(_) => checks.push(check(
            "control-tower",
            "-",
            Verdict::Warn,
            Message::new("doctor-no-landing-zone"),
            Some(Message::new("doctor-fix-no-landing-zone")),
        )),
        Err(error) => {
            let (_, code, message) = classify(&error);
            checks.push(check(
                "control-tower",
                "-",
                Verdict::Warn,
                failed("controltower:ListLandingZones", code, &message),
                Some(Message::new("doctor-fix-landing-zones-denied")),
            ));
        }
    }
}
