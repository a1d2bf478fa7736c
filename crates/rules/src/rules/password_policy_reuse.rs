//! PWP003: the password policy lets users reuse recent passwords.

use super::{Rule, cis3, cis5, cis6, cis7, hub, password_policy_command};
use crate::context::AccountContext;
use crate::finding::{Finding, ResourceType, Severity, Text};

/// The rule.
pub static RULE: Rule = Rule {
    id: "PWP003",
    name: "password-policy-allows-reuse",
    severity: Severity::Medium,
    resource_type: ResourceType::AwsAccount,
    title: Text("rule-pwp003-title"),
    remediation: Text("rule-pwp003-remediation"),
    references: &[
        hub("IAM.16"),
        cis3("1.9"),
        cis5("1.8"),
        cis6("2.8"),
        cis7("2.9"),
    ],
    settings: &["password_reuse_prevention"],
    sources: &[],
    documentation: "\
## What it does
Flags a password policy whose `PasswordReusePrevention` is below `password_reuse_prevention`
(default 24, IAM's maximum), or not set. Accounts without a policy are PWP001's.

## Why it matters
A user forced to change a compromised password can otherwise set the old one again.

## Example
Management's policy forbids only the last 5 passwords.

## How to fix
    aws iam update-account-password-policy --password-reuse-prevention 24 ...
(`update-account-password-policy` replaces the whole policy: pass every setting you keep.)

## References
AWS Security Hub IAM.16; CIS AWS Foundations Benchmark v3.0.0 1.9, v5.0.0 1.8.
",
    check,
};

fn check(context: &AccountContext<'_>) -> Vec<Finding> {
    let Some(Some(policy)) = context.snapshot.password_policy.known() else {
        return Vec::new();
    };
    let required = context.thresholds.password_reuse_prevention;
    if policy
        .reuse_prevention
        .is_some_and(|count| i64::from(count) >= required)
    {
        return Vec::new();
    }
    let mut finding = context.account_finding(&RULE, password_policy_command(context.thresholds));
    finding.evidence.insert(
        "reuse_prevention",
        policy
            .reuse_prevention
            .map_or_else(|| "not set".to_string(), |count| count.to_string()),
    );
    finding.evidence.insert("required", required.to_string());
    vec![finding]
}

#[cfg(test)]
mod tests {
    use iam_audit_model::Observed;

    use super::*;
    use crate::context::testing::{check, run};

    #[test]
    fn twenty_four_passes_fewer_fail() {
        let mut organization = run(vec![], None);
        assert!(check(&RULE, &organization).is_empty());
        if let Observed::Known(Some(policy)) = &mut organization.accounts[0].password_policy {
            policy.reuse_prevention = Some(5);
        }
        let findings = check(&RULE, &organization);
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0]
                .evidence
                .get("reuse_prevention")
                .map(String::as_str),
            Some("5")
        );
        if let Observed::Known(Some(policy)) = &mut organization.accounts[0].password_policy {
            policy.reuse_prevention = None;
        }
        assert_eq!(check(&RULE, &organization).len(), 1);
    }
}
