//! POL002: a user with policies of their own instead of permissions through groups.

use super::{Rule, cis3, cis5, cis6, cis7, hub};
use crate::context::{AccountContext, shell_quote};
use crate::finding::{Finding, ResourceType, Severity, Text};

/// The rule.
pub static RULE: Rule = Rule {
    id: "POL002",
    name: "user-with-direct-policies",
    severity: Severity::Low,
    resource_type: ResourceType::AwsIamUser,
    title: Text("rule-pol002-title"),
    remediation: Text("rule-pol002-remediation"),
    references: &[
        hub("IAM.2"),
        cis3("1.15"),
        cis5("1.14"),
        cis6("2.14"),
        cis7("2.13"),
    ],
    settings: &[],
    sources: &[],
    documentation: "\
## What it does
Flags every IAM user with managed policies attached directly or inline policies of their own,
from the account's authorization details; the evidence names them.

## Why it matters
Permissions granted user by user drift apart and are hard to review; through groups, one change
reviews everyone in the role.

## Example
`legacy-reporting` has AWS's AdministratorAccess attached directly.

## How to fix
Put the user in a group that holds the permissions, then:
    aws iam detach-user-policy --user-name <user> --policy-arn <arn>
    aws iam delete-user-policy --user-name <user> --policy-name <name>

## References
AWS Security Hub IAM.2; CIS AWS Foundations Benchmark v3.0.0 1.15, v5.0.0 1.14.
",
    check,
};

fn check(context: &AccountContext<'_>) -> Vec<Finding> {
    let (Some(authorization), Some(users)) = (
        context.snapshot.authorization.known(),
        context.snapshot.users.known(),
    ) else {
        return Vec::new();
    };
    authorization
        .policy_facts
        .users_with_direct_policies
        .iter()
        .filter_map(|direct| {
            let user = users.iter().find(|user| user.name == direct.user_name)?;
            let command = format!(
                "aws iam list-attached-user-policies --user-name {}",
                shell_quote(&user.name)
            );
            let mut finding = context.user_finding(&RULE, user, command);
            finding
                .evidence
                .insert("managed_policies", direct.managed_policies.join(","));
            finding
                .evidence
                .insert("inline_policies", direct.inline_policies.join(","));
            Some(finding)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use iam_audit_model::{AccountAuthorization, DirectlyAttachedPolicies, Observed};

    use super::*;
    use crate::context::testing::{check, run, user};

    #[test]
    fn users_with_their_own_policies_are_named() {
        let mut organization = run(vec![user("reporter")], None);
        let mut authorization = AccountAuthorization::default();
        authorization
            .policy_facts
            .users_with_direct_policies
            .push(DirectlyAttachedPolicies {
                user_name: "reporter".to_string(),
                managed_policies: vec!["AdministratorAccess".to_string()],
                inline_policies: Vec::new(),
            });
        organization.accounts[0].authorization = Observed::Known(authorization);
        let findings = check(&RULE, &organization);
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0]
                .evidence
                .get("managed_policies")
                .map(String::as_str),
            Some("AdministratorAccess")
        );
    }
}
