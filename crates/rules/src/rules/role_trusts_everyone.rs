//! POL005: a role's trust policy lets anyone assume it, with no condition.

use super::{Rule, cis7};
use crate::context::AccountContext;
use crate::finding::{Finding, ResourceType, Severity, Text};

/// The rule.
pub static RULE: Rule = Rule {
    id: "POL005",
    name: "role-trusts-everyone",
    severity: Severity::High,
    resource_type: ResourceType::AwsIamRole,
    title: Text("rule-pol005-title"),
    remediation: Text("rule-pol005-remediation"),
    references: &[cis7("2.21")],
    settings: &[],
    sources: &[],
    documentation: "\
## What it does
Flags every role whose trust policy allows `sts:AssumeRole` to `\"Principal\": \"*\"` (or
`{\"AWS\": \"*\"}`, or a `NotPrincipal`) in a statement with no `Condition`: any principal of any
AWS account may assume it. A condition (`aws:PrincipalOrgID`, `aws:SourceAccount`,
`sts:ExternalId`...) is taken as the restriction CIS asks for.

## Why it matters
Whatever the role may do, anyone on the internet with AWS credentials may do it. CIS v7.0.0 2.21
asks that no resource policy allow unrestricted access with `\"Principal\": \"*\"`; a role's trust
policy is the resource policy of the role.

## Example
Development's `partner-readonly` trusts `\"*\"` with no condition.

## How to fix
Name the accounts or roles that may assume it, or add a condition on the organization:
    aws iam update-assume-role-policy --role-name <role> --policy-document file://trust.json

## References
CIS AWS Foundations Benchmark v7.0.0 2.21 (its S3, SQS, SNS and Lambda policies are outside this
tool).
",
    check,
};

fn check(context: &AccountContext<'_>) -> Vec<Finding> {
    let Some(authorization) = context.snapshot.authorization.known() else {
        return Vec::new();
    };
    let partition = context.run.caller.partition().0;
    authorization
        .policy_facts
        .roles_trusting_everyone
        .iter()
        .map(|role| {
            let arn = format!(
                "arn:{partition}:iam::{}:role/{role}",
                context.snapshot.account.id
            );
            let command = format!(
                "aws iam get-role --role-name {} --query Role.AssumeRolePolicyDocument",
                crate::context::shell_quote(role)
            );
            let mut finding = context.resource_finding(&RULE, arn, command);
            finding.evidence.insert("role", role.clone());
            finding
                .evidence
                .insert("trusted_principal", "*".to_string());
            finding
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use iam_audit_model::{AccountAuthorization, Observed};

    use super::*;
    use crate::context::testing::{check, run};

    #[test]
    fn a_role_anyone_may_assume_fails() {
        let mut authorization = AccountAuthorization::default();
        authorization.policy_facts.roles_trusting_everyone = vec!["partner-readonly".to_string()];
        let mut organization = run(vec![], None);
        organization.accounts[0].authorization = Observed::Known(authorization);
        let findings = check(&RULE, &organization);
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0].resource,
            "arn:aws:iam::123456789012:role/partner-readonly"
        );
    }
}
