//! PWP002: the password policy accepts passwords shorter than 14 characters.

use super::{Rule, cis3, cis5, cis6, cis7, hub, password_policy_command};
use crate::context::AccountContext;
use crate::finding::{Finding, ResourceType, Severity, Text};

/// The rule.
pub static RULE: Rule = Rule {
    id: "PWP002",
    name: "password-policy-short-minimum-length",
    severity: Severity::Medium,
    resource_type: ResourceType::AwsAccount,
    title: Text("rule-pwp002-title"),
    remediation: Text("rule-pwp002-remediation"),
    references: &[
        hub("IAM.15"),
        cis3("1.8"),
        cis5("1.7"),
        cis6("2.7"),
        cis7("2.8"),
    ],
    settings: &["password_minimum_length"],
    sources: &[],
    documentation: "\
## What it does
Flags a password policy whose `MinimumPasswordLength` is below `password_minimum_length`
(default 14), or not set. Accounts without a policy are PWP001's.

## Why it matters
Length is what makes a password hard to guess; CIS and Security Hub IAM.15 ask for 14.

## Example
Security's policy requires 8 characters.

## How to fix
    aws iam update-account-password-policy --minimum-password-length 14 ...
(`update-account-password-policy` replaces the whole policy: pass every setting you keep.)

## References
AWS Security Hub IAM.15; CIS AWS Foundations Benchmark v3.0.0 1.8, v5.0.0 1.7.
",
    check,
};

fn check(context: &AccountContext<'_>) -> Vec<Finding> {
    let Some(Some(policy)) = context.snapshot.password_policy.known() else {
        return Vec::new();
    };
    let required = context.thresholds.password_minimum_length;
    if policy
        .minimum_length
        .is_some_and(|length| i64::from(length) >= required)
    {
        return Vec::new();
    }
    let mut finding = context.account_finding(&RULE, password_policy_command(context.thresholds));
    finding.evidence.insert(
        "minimum_length",
        policy
            .minimum_length
            .map_or_else(|| "not set".to_string(), |length| length.to_string()),
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
    fn fourteen_passes_thirteen_and_unset_fail() {
        let mut organization = run(vec![], None);
        assert!(check(&RULE, &organization).is_empty());
        let set = |organization: &mut iam_audit_model::AuditRun, length: Option<u32>| {
            if let Observed::Known(Some(policy)) = &mut organization.accounts[0].password_policy {
                policy.minimum_length = length;
            }
        };
        set(&mut organization, Some(13));
        assert_eq!(check(&RULE, &organization).len(), 1);
        set(&mut organization, None);
        assert_eq!(
            check(&RULE, &organization)[0]
                .evidence
                .get("minimum_length")
                .map(String::as_str),
            Some("not set")
        );
        organization.accounts[0].password_policy = Observed::Known(None);
        assert!(check(&RULE, &organization).is_empty(), "PWP001's");
    }
}
