//! KEY005: an inactive access key still present long after its creation.

use iam_audit_model::AccessKeyStatus;

use super::Rule;
use crate::context::{AccountContext, delete_key_command};
use crate::finding::{Finding, ResourceType, Severity, Text};

/// The rule.
pub static RULE: Rule = Rule {
    id: "KEY005",
    name: "inactive-access-key-not-removed",
    severity: Severity::Low,
    resource_type: ResourceType::AwsIamAccessKey,
    title: Text("rule-key005-title"),
    remediation: Text("rule-key005-remediation"),
    references: &[],
    settings: &["inactive_key_days"],
    sources: &[],
    documentation: "\
## What it does
Flags **inactive** access keys created more than `inactive_key_days` (default 90) days ago (IAM
does not record when a key was deactivated, so its age is measured from creation).

## Why it matters
Hygiene: an inactive key can be reactivated by anyone with `iam:UpdateAccessKey`, and it takes
one of the user's two key slots.

## Example
`old-jenkins` keeps two inactive keys from 1,000 days ago.

## How to fix
    aws iam delete-access-key --user-name old-jenkins --access-key-id AKIA...

## References
CIS AWS Foundations Benchmark v3.0.0 1.12, v5.0.0 1.11 (remove credentials that are not needed).
",
    check,
};

fn check(context: &AccountContext<'_>) -> Vec<Finding> {
    context
        .snapshot
        .access_keys()
        // An expired key cannot sign either, and is left behind the same way.
        .filter(|(_, key)| key.status != AccessKeyStatus::Active)
        .filter_map(|(user, key)| {
            let age = context.days_since(key.created);
            if age <= context.thresholds.inactive_key_days {
                return None;
            }
            let command = delete_key_command(&user.name, &key.id);
            let mut finding = context.key_finding(&RULE, user, key, command);
            finding.evidence.insert("key_age_days", age.to_string());
            Some(finding)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use iam_audit_model::AccessKeyStatus::{Active, Inactive};

    use super::*;
    use crate::context::testing::{check, one_key};

    #[test]
    fn ninety_days_pass_ninety_one_fail() {
        assert!(check(&RULE, &one_key(Inactive, 89, None)).is_empty());
        assert!(check(&RULE, &one_key(Inactive, 90, None)).is_empty());
        assert_eq!(check(&RULE, &one_key(Inactive, 91, None)).len(), 1);
        assert!(check(&RULE, &one_key(Active, 500, Some(1))).is_empty());
    }
}
