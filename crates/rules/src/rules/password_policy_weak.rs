//! PWP004: the password policy misses Security Hub IAM.7's requirements (every character class,
//! at least 8 characters).

use super::{Rule, hub, password_policy_command};
use crate::context::AccountContext;
use crate::finding::{Finding, Reference, ResourceType, Severity, Text};

/// The rule.
pub static RULE: Rule = Rule {
    id: "PWP004",
    name: "password-policy-weak",
    severity: Severity::Medium,
    resource_type: ResourceType::AwsAccount,
    title: Text("rule-pwp004-title"),
    remediation: Text("rule-pwp004-remediation"),
    references: &[
        hub("IAM.7"),
        hub("IAM.11"),
        hub("IAM.12"),
        hub("IAM.13"),
        hub("IAM.14"),
    ],
    settings: &[],
    sources: &[],
    documentation: "\
## What it does
Checks a password policy against Security Hub IAM.7's default parameters: uppercase, lowercase,
numbers and symbols required, and a minimum length of at least 8. The evidence names every
requirement missed. (IAM.7's optional reuse and age parameters have no default, so they are not
checked here; PWP003 checks reuse.) Accounts without a policy are PWP001's.

## Why it matters
A policy that allows `password` still lets users pick it.

## Example
Security's policy does not require symbols.

## How to fix
    aws iam update-account-password-policy --require-symbols --require-numbers \\
        --require-uppercase-characters --require-lowercase-characters ...
(`update-account-password-policy` replaces the whole policy: pass every setting you keep.)

## References
AWS Security Hub IAM.7.
",
    check,
};

fn check(context: &AccountContext<'_>) -> Vec<Finding> {
    let Some(Some(policy)) = context.snapshot.password_policy.known() else {
        return Vec::new();
    };
    // Each requirement, and the Security Hub control of its own that it fails (IAM.7 is all of
    // them; IAM.11–14 one each; the length has none of its own at 8).
    let missed: Vec<(&str, Option<&str>)> = [
        (
            !policy.require_uppercase,
            "RequireUppercaseCharacters",
            Some("IAM.11"),
        ),
        (
            !policy.require_lowercase,
            "RequireLowercaseCharacters",
            Some("IAM.12"),
        ),
        (!policy.require_symbols, "RequireSymbols", Some("IAM.13")),
        (!policy.require_numbers, "RequireNumbers", Some("IAM.14")),
        (
            policy.minimum_length.is_none_or(|length| length < 8),
            "MinimumPasswordLength>=8",
            None,
        ),
    ]
    .into_iter()
    .filter_map(|(failed, requirement, control)| failed.then_some((requirement, control)))
    .collect();
    if missed.is_empty() {
        return Vec::new();
    }
    let mut finding = context.account_finding(&RULE, password_policy_command(context.thresholds));
    let missed_controls: Vec<Reference> = missed
        .iter()
        .filter_map(|(_, control)| control.map(hub))
        .collect();
    finding.references =
        std::borrow::Cow::Owned(Reference::combined(&[&[hub("IAM.7")], &missed_controls]));
    let missed: Vec<&str> = missed.iter().map(|(requirement, _)| *requirement).collect();
    finding.evidence.insert("missing", missed.join(","));
    vec![finding]
}

#[cfg(test)]
mod tests {
    use iam_audit_model::Observed;

    use super::*;
    use crate::context::testing::{check, run};

    #[test]
    fn every_missed_requirement_is_named() {
        let mut organization = run(vec![], None);
        assert!(check(&RULE, &organization).is_empty());
        if let Observed::Known(Some(policy)) = &mut organization.accounts[0].password_policy {
            policy.require_symbols = false;
            policy.minimum_length = Some(7);
        }
        let findings = check(&RULE, &organization);
        assert_eq!(
            findings[0].evidence.get("missing").map(String::as_str),
            Some("RequireSymbols,MinimumPasswordLength>=8")
        );
    }
}
