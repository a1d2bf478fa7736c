//! POL004: no role in the account has AWS's `AWSSupportAccess` attached.

use super::{Rule, cis3, cis5, cis6, cis7, hub};
use crate::context::AccountContext;
use crate::finding::{Finding, ResourceType, Severity, Text};

/// The rule.
pub static RULE: Rule = Rule {
    id: "POL004",
    name: "support-role-missing",
    severity: Severity::Low,
    resource_type: ResourceType::AwsAccount,
    title: Text("rule-pol004-title"),
    remediation: Text("rule-pol004-remediation"),
    references: &[
        hub("IAM.18"),
        cis3("1.17"),
        cis5("1.16"),
        cis6("2.16"),
        cis7("2.15"),
    ],
    settings: &[],
    sources: &[],
    documentation: "\
## What it does
Flags an account where no IAM role has AWS's `AWSSupportAccess` attached (from the authorization
details). CIS asks for a role; Security Hub IAM.18 is satisfied by any identity, so a user or group
holding it passes IAM.18 but not the CIS control: this rule follows CIS, the stricter.

## Why it matters
During an incident someone must be able to open and follow AWS Support cases without
administrator rights; a role made for it keeps that path least-privileged and auditable.

## Example
Production has no role with `AWSSupportAccess`.

## How to fix
Create a role trusted by your incident responders and attach the policy:
    aws iam create-role --role-name support-case-managers --assume-role-policy-document file://trust.json
    aws iam attach-role-policy --role-name support-case-managers \\
        --policy-arn arn:aws:iam::aws:policy/AWSSupportAccess

## References
AWS Security Hub IAM.18; CIS AWS Foundations Benchmark v3.0.0 1.17, v5.0.0 1.16, v6.0.0 2.16,
v7.0.0 2.15.
",
    check,
};

fn check(context: &AccountContext<'_>) -> Vec<Finding> {
    let Some(authorization) = context.snapshot.authorization.known() else {
        return Vec::new();
    };
    if !authorization.policy_facts.support_roles.is_empty() {
        return Vec::new();
    }
    let partition = context.run.caller.partition().0;
    let mut finding = context.account_finding(
        &RULE,
        format!(
            "aws iam attach-role-policy --role-name support-case-managers --policy-arn arn:{partition}:iam::aws:policy/AWSSupportAccess"
        ),
    );
    finding.evidence.insert("support_roles", "0".to_string());
    vec![finding]
}

#[cfg(test)]
mod tests {
    use iam_audit_model::{AccountAuthorization, Observed};

    use super::*;
    use crate::context::testing::{check, run};

    #[test]
    fn an_account_without_a_support_role_fails() {
        let mut organization = run(vec![], None);
        organization.accounts[0].authorization = Observed::Known(AccountAuthorization::default());
        assert_eq!(check(&RULE, &organization).len(), 1);
        let mut authorization = AccountAuthorization::default();
        authorization.policy_facts.support_roles = vec!["support".to_string()];
        organization.accounts[0].authorization = Observed::Known(authorization);
        assert!(check(&RULE, &organization).is_empty());
        organization.accounts[0].authorization = Observed::Unknown;
        assert!(
            check(&RULE, &organization).is_empty(),
            "unread is AUD001's, not a finding"
        );
    }
}
