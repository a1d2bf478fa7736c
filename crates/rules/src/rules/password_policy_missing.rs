//! PWP001: the account has no password policy, so IAM's defaults apply to every console password.

use iam_audit_model::Observed;

use super::{Rule, cis3, cis5, cis6, cis7, hub, password_policy_command};
use crate::context::AccountContext;
use crate::finding::{Finding, ResourceType, Severity, Text};

/// The rule.
pub static RULE: Rule = Rule {
    id: "PWP001",
    name: "password-policy-missing",
    severity: Severity::Medium,
    resource_type: ResourceType::AwsAccount,
    title: Text("rule-pwp001-title"),
    remediation: Text("rule-pwp001-remediation"),
    references: &[
        hub("IAM.7"),
        hub("IAM.11"),
        hub("IAM.12"),
        hub("IAM.13"),
        hub("IAM.14"),
        hub("IAM.15"),
        hub("IAM.16"),
        cis3("1.8"),
        cis3("1.9"),
        cis5("1.7"),
        cis5("1.8"),
        cis6("2.7"),
        cis6("2.8"),
        cis7("2.8"),
        cis7("2.9"),
    ],
    settings: &[],
    sources: &[],
    documentation: "\
## What it does
Flags accounts where GetAccountPasswordPolicy answers `NoSuchEntity`: no password policy is set.
A policy that could not be read is not \"no policy\": it is an AUD001 finding.

## Why it matters
Without a policy IAM's defaults apply: 8 characters, no character classes required, passwords
never expire and can be reused. Every password control (CIS 1.8 and 1.9 of v3.0.0, Security Hub
IAM.7, IAM.15, IAM.16) fails; this one finding stands for all of them (PWP002–PWP004 judge a
policy that exists).

## Example
Development has no password policy.

## How to fix
    aws iam update-account-password-policy --minimum-password-length 14 \\
        --require-symbols --require-numbers --require-uppercase-characters \\
        --require-lowercase-characters --allow-users-to-change-password \\
        --max-password-age 90 --password-reuse-prevention 24

## References
AWS Security Hub IAM.7, IAM.15, IAM.16; CIS AWS Foundations Benchmark v3.0.0 1.8 and 1.9,
v5.0.0 1.7 and 1.8.
",
    check,
};

fn check(context: &AccountContext<'_>) -> Vec<Finding> {
    if context.snapshot.password_policy != Observed::Known(None) {
        return Vec::new();
    }
    let mut finding = context.account_finding(&RULE, password_policy_command(context.thresholds));
    finding
        .evidence
        .insert("password_policy", "none".to_string());
    vec![finding]
}

#[cfg(test)]
mod tests {
    use iam_audit_model::Observed;

    use super::*;
    use crate::context::testing::{check, run};

    #[test]
    fn no_policy_is_a_finding_an_unread_one_is_not() {
        let mut organization = run(vec![], None);
        assert!(check(&RULE, &organization).is_empty(), "a policy is set");
        organization.accounts[0].password_policy = Observed::Known(None);
        let findings = check(&RULE, &organization);
        assert_eq!(findings.len(), 1);
        assert!(
            findings[0]
                .remediation
                .command
                .contains("--minimum-password-length 14")
        );
        organization.accounts[0].password_policy = Observed::Unknown;
        assert!(
            check(&RULE, &organization).is_empty(),
            "an unread policy is an audit gap, not a missing policy"
        );
    }
}
