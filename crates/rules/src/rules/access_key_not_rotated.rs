//! KEY001: an active access key older than the rotation period.

use iam_audit_model::AccessKeyStatus;

use super::{Rule, cis3, cis5, cis6, cis7, hub};
use crate::context::AccountContext;
use crate::finding::{Finding, ResourceType, Severity, Text};

/// The severities its findings take, by the key's age: medium, high past
/// `key_age_high_days`, critical past `key_age_critical_days`.
pub(crate) const SEVERITIES: (Severity, Severity) = (Severity::Medium, Severity::Critical);

/// The rule.
pub static RULE: Rule = Rule {
    id: "KEY001",
    name: "access-key-not-rotated",
    severity: Severity::Medium,
    resource_type: ResourceType::AwsIamAccessKey,
    title: Text("rule-key001-title"),
    remediation: Text("rule-key001-remediation"),
    references: &[
        hub("IAM.3"),
        cis3("1.14"),
        cis5("1.13"),
        cis6("2.13"),
        cis7("2.12"),
    ],
    settings: &[
        "key_age_critical_days",
        "key_age_high_days",
        "key_rotation_days",
    ],
    sources: &[],
    documentation: "\
## What it does
Flags every **active** access key created more than `key_rotation_days` (default 90) days ago.
The severity rises with age, as the original tool's dashboard bucketed it: more than 90 days is
medium, more than `key_age_high_days` (180) high, more than `key_age_critical_days` (365)
critical. A key exactly 90 days old passes.

## Why it matters
A long-lived key has had a long time to leak: in code, CI logs, laptops, backups. Rotation bounds
how long a leaked key stays useful.

## Example
`ci-deploy`'s key `AKIA…` was created 400 days ago and is still active: critical.

## How to fix
As the key is used: a key in use is rotated, and the finding says where it is used (the
addresses and clients of its CloudTrail activity, else its last use's service and region) so
that its owner knows what to update:
    aws iam create-access-key --user-name ci-deploy
    # move what uses it (203.0.113.20, aws-cli/2.15) to the new key, then:
    aws iam update-access-key --user-name ci-deploy --access-key-id AKIA... --status Inactive
    aws iam delete-access-key --user-name ci-deploy --access-key-id AKIA...
A key nothing has used for `unused_credentials_days` (45), or never, is not rotated but
deactivated, and deleted 30 days later if nothing broke:
    aws iam update-access-key --user-name legacy-reporting --access-key-id AKIA... --status Inactive
Better still, replace long-lived keys with roles (IAM Roles Anywhere, OIDC federation).

## References
AWS Security Hub IAM.3; CIS AWS Foundations Benchmark v3.0.0 1.14, v5.0.0 1.13.
",
    check,
};

fn check(context: &AccountContext<'_>) -> Vec<Finding> {
    let thresholds = context.thresholds;
    context
        .snapshot
        .access_keys()
        .filter(|(_, key)| key.status == AccessKeyStatus::Active)
        .filter_map(|(user, key)| {
            let age = context.days_since(key.created);
            if age <= thresholds.key_rotation_days {
                return None;
            }
            let mut finding = context.key_finding_by_use(&RULE, user, key);
            finding.severity = if age > thresholds.key_age_critical_days {
                Severity::Critical
            } else if age > thresholds.key_age_high_days {
                Severity::High
            } else {
                Severity::Medium
            };
            finding.evidence.insert("key_age_days", age.to_string());
            finding
                .evidence
                .insert("created", iam_audit_model::rfc3339(key.created));
            Some(finding)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use iam_audit_model::AccessKeyStatus::{Active, Inactive};

    use super::*;
    use crate::context::testing::{check, one_key};

    fn severity_at(age: i64) -> Option<Severity> {
        let findings = check(&RULE, &one_key(Active, age, Some(1)));
        assert!(findings.len() <= 1);
        findings.first().map(|finding| finding.severity)
    }

    #[test]
    fn ninety_days_pass_ninety_one_fail() {
        assert_eq!(severity_at(89), None);
        assert_eq!(severity_at(90), None);
        assert_eq!(severity_at(91), Some(Severity::Medium));
    }

    #[test]
    fn severity_rises_with_age() {
        assert_eq!(severity_at(180), Some(Severity::Medium));
        assert_eq!(severity_at(181), Some(Severity::High));
        assert_eq!(severity_at(365), Some(Severity::High));
        assert_eq!(severity_at(366), Some(Severity::Critical));
    }

    #[test]
    fn inactive_keys_are_not_rotation_findings() {
        assert!(check(&RULE, &one_key(Inactive, 1000, None)).is_empty());
    }

    #[test]
    fn the_finding_names_the_key() {
        let findings = check(&RULE, &one_key(Active, 100, Some(1)));
        assert_eq!(findings[0].resource, "AKIAKEY");
        assert_eq!(findings[0].user_name.as_deref(), Some("holder"));
        assert_eq!(
            findings[0].evidence.get("key_age_days").map(String::as_str),
            Some("100")
        );
        assert!(
            findings[0]
                .remediation
                .command
                .contains("--access-key-id AKIAKEY --status Inactive")
        );
    }

    /// Issue 22: a key nothing has used is deactivated, not rotated; a key in use is rotated and
    /// the advice says where it is used.
    #[test]
    fn the_advice_fits_how_the_key_is_used() {
        let stale = check(&RULE, &one_key(Active, 900, Some(400)));
        assert_eq!(
            stale[0].remediation.text.0,
            "remediation-key-deactivate-unused"
        );
        assert!(!stale[0].remediation.command.contains("create-access-key"));
        assert!(
            stale[0]
                .remediation
                .text_in("en")
                .contains("since 2025-04-27")
        );
        let never = check(&RULE, &one_key(Active, 900, None));
        assert_eq!(
            never[0].remediation.text.0,
            "remediation-key-deactivate-never"
        );
        let used = check(&RULE, &one_key(Active, 900, Some(1)));
        assert_eq!(used[0].remediation.text.0, "remediation-key-rotate");
        assert!(
            used[0]
                .remediation
                .command
                .starts_with("aws iam create-access-key")
        );
        assert!(used[0].remediation.text_in("en").contains("s3"));
    }
}
