//! KEY002: an active access key that has been used, but not in the last 45 days.

use iam_audit_model::{AccessKeyStatus, Observed};

use super::{Rule, UNUSED_CREDENTIALS_90, unused_for};
use crate::context::AccountContext;
use crate::finding::{Finding, ResourceType, Severity, Text};

/// The rule.
pub static RULE: Rule = Rule {
    id: "KEY002",
    name: "access-key-unused",
    severity: Severity::Medium,
    resource_type: ResourceType::AwsIamAccessKey,
    title: Text("rule-key002-title"),
    remediation: Text("rule-key002-remediation"),
    references: UNUSED_CREDENTIALS_90,
    settings: &["unused_credentials_days"],
    sources: &[],
    documentation: "\
## What it does
Flags every **active** access key whose last use (GetAccessKeyLastUsed) is `unused_credentials_days`
(default 45) days ago or more. Exactly 45 days fails. Keys that were never used are KEY003's.

## Why it matters
A credential nobody uses is pure risk: it can only be used by someone who should not.

## Example
`backup-agent`'s key was last used 120 days ago.

## How to fix
Deactivate it (the finding says since when nothing has used it), and delete it 30 days later if
nothing broke:
    aws iam update-access-key --user-name backup-agent --access-key-id AKIA... --status Inactive
    aws iam delete-access-key --user-name backup-agent --access-key-id AKIA...

## References
AWS Security Hub IAM.22; CIS AWS Foundations Benchmark v3.0.0 1.12, v5.0.0 1.11.
",
    check,
};

fn check(context: &AccountContext<'_>) -> Vec<Finding> {
    context
        .snapshot
        .access_keys()
        .filter(|(_, key)| key.status == AccessKeyStatus::Active)
        .filter_map(|(user, key)| {
            let Observed::Known(last_use) = &key.last_used else {
                return None;
            };
            let used = last_use.date?;
            let idle = context.days_since(used);
            if idle < context.thresholds.unused_credentials_days {
                return None;
            }
            let mut finding = context.key_finding_by_use(&RULE, user, key);
            finding.references = std::borrow::Cow::Borrowed(unused_for(idle));
            finding
                .evidence
                .insert("days_since_last_used", idle.to_string());
            finding
                .evidence
                .insert("last_used", iam_audit_model::rfc3339(used));
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
    fn forty_five_days_fail_forty_four_pass() {
        assert!(check(&RULE, &one_key(Active, 200, Some(44))).is_empty());
        assert_eq!(check(&RULE, &one_key(Active, 200, Some(45))).len(), 1);
        assert_eq!(check(&RULE, &one_key(Active, 200, Some(46))).len(), 1);
    }

    #[test]
    fn never_used_and_inactive_keys_are_other_rules() {
        assert!(check(&RULE, &one_key(Active, 200, None)).is_empty());
        assert!(check(&RULE, &one_key(Inactive, 200, Some(100))).is_empty());
    }
}
