//! ORG001: the organization does not manage root credentials centrally.

use iam_audit_model::{AuditRun, Observed};

use super::{Rule, cis7, no_account_check};
use crate::finding::{Evidence, Finding, Remediation, ResourceType, Severity, Text};

/// The rule.
pub static RULE: Rule = Rule {
    id: "ORG001",
    name: "root-credentials-management-disabled",
    severity: Severity::Medium,
    resource_type: ResourceType::AwsAccount,
    title: Text("rule-org001-title"),
    remediation: Text("rule-org001-remediation"),
    references: &[cis7("2.1.1")],
    settings: &[],
    sources: &[],
    documentation: "\
## What it does
Flags the organization, once, on its management account, when IAM's ListOrganizationsFeatures
does not list `RootCredentialsManagement`. A standalone account has no organization to judge; a
call that failed is an AUD001 finding, not this one.

## Why it matters
With central root access management, member accounts can be created without root credentials,
the root credentials of existing members can be deleted from the management account, and
privileged root tasks are done with short sessions (`sts:AssumeRoot`) instead of a root password
and MFA per account. Without it every member's root password is a credential to guard.

## Example
The demo organization has not enabled it.

## How to fix
From the management account:
    aws organizations enable-aws-service-access --service-principal iam.amazonaws.com
    aws iam enable-organizations-root-credentials-management
    aws iam enable-organizations-root-sessions

## References
None in CIS or Security Hub yet; AWS's \"Centrally manage root access for member accounts\"
(Prowler checks it as iam_root_credentials_management_enabled).
",
    check: no_account_check,
};

/// The organization's finding, when the feature was read and is off.
pub fn run_level(run: &AuditRun) -> Vec<Finding> {
    if run.standalone
        || run.organization_id.is_none()
        || run.root_credentials_management != Observed::Known(false)
    {
        return Vec::new();
    }
    let account_id = run
        .management_account_id
        .clone()
        .unwrap_or_else(|| run.caller.account_id.clone());
    let account_name = run
        .accounts
        .iter()
        .find(|snapshot| snapshot.account.id == account_id)
        .map(|snapshot| snapshot.account.name.clone())
        .unwrap_or_default();
    let mut evidence = Evidence::default();
    evidence.insert(
        "organization_id",
        run.organization_id.clone().unwrap_or_default(),
    );
    evidence.insert("RootCredentialsManagement", "disabled".to_string());
    vec![Finding {
        rule_id: RULE.id,
        rule_name: RULE.name,
        severity: RULE.severity,
        resource: Finding::account_resource(&account_id),
        account_id,
        account_name,
        resource_type: ResourceType::AwsAccount,
        user_name: None,
        access_key_id: None,
        title: RULE.title,
        evidence,
        remediation: Remediation {
            text: RULE.remediation,
            advice: None,
            arguments: Vec::new(),
            command: "aws iam enable-organizations-root-credentials-management".to_string(),
        },
        references: std::borrow::Cow::Borrowed(RULE.references),
        suppression: None,
        discriminator: None,
        privilege: None,
        risk: 0,
        owner: None,
        ou_path: None,
    }]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::testing::run;

    #[test]
    fn only_a_known_disabled_feature_of_an_organization_is_flagged() {
        let mut organization = run(vec![], None);
        organization.organization_id = Some("o-example".to_string());
        organization.management_account_id = Some("123456789012".to_string());
        let findings = run_level(&organization);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].account_name, "Production");
        organization.root_credentials_management = Observed::Unknown;
        assert!(run_level(&organization).is_empty(), "an audit gap");
        organization.root_credentials_management = Observed::Known(true);
        assert!(run_level(&organization).is_empty());
        organization.root_credentials_management = Observed::Known(false);
        organization.standalone = true;
        assert!(run_level(&organization).is_empty());
    }
}
