//! DRF001: the role the audit assumed in a member account is not what it should be.

use super::Rule;
use crate::context::AccountContext;
use crate::finding::{Finding, ResourceType, Severity, Text};

/// The rule.
pub static RULE: Rule = Rule {
    id: "DRF001",
    name: "audit-role-drift",
    severity: Severity::High,
    resource_type: ResourceType::AwsIamRole,
    title: Text("rule-drf001-title"),
    remediation: Text("rule-drf001-remediation"),
    references: &[],
    settings: &[],
    sources: &[],
    documentation: "\
## What it does
Compares the role the audit assumed in each member account with what it should be, from the
account's authorization details. `AWSControlTowerExecution` and `OrganizationAccountAccessRole`:
AWS's AdministratorAccess attached and nothing else, and a trust policy that trusts only the
account the audit runs from (the management account). Any other role name: exactly the actions
`iam-audit policy` grants (none missing for this run, none beyond what any of its options grants)
and the same trust (with the external id when one is given). Each difference is named in the
evidence; `iam-audit doctor` shows the same as an `audit-role` line.

## Why it matters
The original tool's documentation asks to \"periodically verify the AWSControlTowerExecution role
hasn't been modified or deleted\": a role trusted by an unknown account is a back door into every
account that has it, and a role that lost permissions silently blinds the audit.

## Example
Security's `AWSControlTowerExecution` also trusts `arn:aws:iam::999999999999:root`.

## How to fix
Restore the role (Control Tower: repair the landing zone, or re-register the OU; a custom role:
redeploy `iam-audit policy`'s template), then look in CloudTrail for who changed it:
    aws cloudtrail lookup-events --lookup-attributes AttributeKey=ResourceName,AttributeValue=<role>

## References
None: the original tool's best practice, automated.
",
    check,
};

fn check(context: &AccountContext<'_>) -> Vec<Finding> {
    let Some(drift) = context
        .snapshot
        .authorization
        .known()
        .and_then(|authorization| authorization.audit_role.as_ref())
    else {
        return Vec::new();
    };
    // The evidence is data: in English, whatever the run's language.
    let problems: Vec<String> = drift
        .problems(&context.run.caller.account_id)
        .iter()
        .map(|problem| {
            iam_audit_i18n::text(
                iam_audit_i18n::Language::English,
                problem.id,
                &problem.arguments,
            )
        })
        .collect();
    if problems.is_empty() {
        return Vec::new();
    }
    let role_arn = format!(
        "arn:{}:iam::{}:role/{}",
        context.run.caller.partition().0,
        context.snapshot.account.id,
        drift.role_name
    );
    let command = format!(
        "aws cloudtrail lookup-events --lookup-attributes AttributeKey=ResourceName,AttributeValue={}",
        drift.role_name
    );
    let mut finding = context.resource_finding(&RULE, role_arn, command);
    finding.evidence.insert("role", drift.role_name.clone());
    finding.evidence.insert("drift", problems.join("; "));
    vec![finding]
}

#[cfg(test)]
mod tests {
    use iam_audit_model::{AccountAuthorization, Observed, RoleDrift};

    use super::*;
    use crate::context::testing::{check, run};

    fn with_drift(trusted: &[&str]) -> iam_audit_model::AuditRun {
        let mut organization = run(vec![], None);
        let authorization = AccountAuthorization {
            audit_role: Some(RoleDrift {
                role_name: "AWSControlTowerExecution".to_string(),
                exists: true,
                attached_policies: vec![iam_audit_model::PolicyReference {
                    name: "AdministratorAccess".to_string(),
                    arn: "arn:aws:iam::aws:policy/AdministratorAccess".to_string(),
                }],
                administrator_access_attached: true,
                missing_actions: Vec::new(),
                extra_permissions: Vec::new(),
                conditional: false,
                trusted_principals: trusted.iter().map(ToString::to_string).collect(),
                trusts_management_account: Some(true),
                requires_external_id: None,
                unreadable_policies: Vec::new(),
            }),
            ..AccountAuthorization::default()
        };
        organization.accounts[0].authorization = Observed::Known(authorization);
        organization
    }

    #[test]
    fn a_foreign_trusted_account_is_drift() {
        assert!(check(&RULE, &with_drift(&["arn:aws:iam::111111111111:root"])).is_empty());
        let findings = check(
            &RULE,
            &with_drift(&[
                "arn:aws:iam::111111111111:root",
                "arn:aws:iam::999999999999:root",
            ]),
        );
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0].resource,
            "arn:aws:iam::123456789012:role/AWSControlTowerExecution"
        );
        assert_eq!(
            findings[0].evidence.get("drift").map(String::as_str),
            Some("also trusts arn:aws:iam::999999999999:root")
        );
    }
}
