//! POL001: a customer managed policy granting full `"*"` on `"*"` is attached.

use super::{Rule, cis3, cis5, cis6, cis7, hub};
use crate::context::AccountContext;
use crate::finding::{Finding, ResourceType, Severity, Text};

/// The rule.
pub static RULE: Rule = Rule {
    id: "POL001",
    name: "admin-policy-attached",
    severity: Severity::High,
    resource_type: ResourceType::AwsIamPolicy,
    title: Text("rule-pol001-title"),
    remediation: Text("rule-pol001-remediation"),
    references: &[
        hub("IAM.1"),
        cis3("1.16"),
        cis5("1.15"),
        cis6("2.15"),
        cis7("2.14"),
    ],
    settings: &[],
    sources: &[],
    documentation: "\
## What it does
Flags every customer managed policy (not AWS's own) that allows `\"Action\": \"*\"` on
`\"Resource\": \"*\"` and is attached to a user, group or role, from the account's authorization
details. The evidence says how many principals hold it and whether the statement is conditional.

## Why it matters
A home-made administrator policy is invisible to reviews that look for AdministratorAccess, and
it is usually attached \"temporarily\" and forgotten. CIS asks that no such policy be attached.

## Example
Development's `LegacyFullAccess` allows everything and is attached to a group.

## How to fix
Replace it with AWS's AdministratorAccess where full access is truly needed (reviewed as such),
or with a least-privilege policy; then detach and delete it:
    aws iam list-entities-for-policy --policy-arn <arn>
    aws iam detach-group-policy --group-name <group> --policy-arn <arn>

## References
AWS Security Hub IAM.1; CIS AWS Foundations Benchmark v3.0.0 1.16, v5.0.0 1.15.
",
    check,
};

fn check(context: &AccountContext<'_>) -> Vec<Finding> {
    let Some(authorization) = context.snapshot.authorization.known() else {
        return Vec::new();
    };
    authorization
        .policy_facts
        .admin_policies
        .iter()
        .map(|policy| {
            let command = format!(
                "aws iam list-entities-for-policy --policy-arn {}",
                policy.arn
            );
            let mut finding = context.resource_finding(&RULE, policy.arn.clone(), command);
            finding.evidence.insert("policy_name", policy.name.clone());
            finding
                .evidence
                .insert("attachments", policy.attachment_count.to_string());
            finding
                .evidence
                .insert("conditional", policy.conditional.to_string());
            finding
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use iam_audit_model::{AccountAuthorization, AdminPolicy, Observed};

    use super::*;
    use crate::context::testing::{check, run};

    #[test]
    fn each_attached_admin_policy_is_a_finding() {
        let mut organization = run(vec![], None);
        assert!(
            check(&RULE, &organization).is_empty(),
            "no authorization read"
        );
        let mut authorization = AccountAuthorization::default();
        authorization.policy_facts.admin_policies.push(AdminPolicy {
            name: "LegacyFullAccess".to_string(),
            arn: "arn:aws:iam::123456789012:policy/LegacyFullAccess".to_string(),
            attachment_count: 2,
            conditional: false,
        });
        organization.accounts[0].authorization = Observed::Known(authorization);
        let findings = check(&RULE, &organization);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].resource_type, ResourceType::AwsIamPolicy);
        assert_eq!(
            findings[0].resource,
            "arn:aws:iam::123456789012:policy/LegacyFullAccess"
        );
    }
}
