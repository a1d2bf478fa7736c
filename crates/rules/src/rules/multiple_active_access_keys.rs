//! KEY004: a user with more than one active access key.

use iam_audit_model::AccessKeyStatus;

use super::{Rule, cis3, cis5, cis6};
use crate::context::{AccountContext, deactivate_key_command};
use crate::finding::{Finding, ResourceType, Severity, Text};

/// The rule.
pub static RULE: Rule = Rule {
    id: "KEY004",
    name: "multiple-active-access-keys",
    severity: Severity::Medium,
    resource_type: ResourceType::AwsIamUser,
    title: Text("rule-key004-title"),
    remediation: Text("rule-key004-remediation"),
    references: &[cis3("1.13"), cis5("1.12"), cis6("2.12")],
    settings: &[],
    sources: &[],
    documentation: "\
## What it does
Flags every user with two active access keys (IAM allows two).

## Why it matters
Two active keys usually mean a rotation that was started and never finished: the old key is still
live and nobody is sure what uses it.

## Example
`ci-deploy` has an active key from 400 days ago and one from 30 days ago.

## How to fix
    aws iam update-access-key --user-name ci-deploy --access-key-id <older key> --status Inactive

## References
CIS AWS Foundations Benchmark v3.0.0 1.13, v5.0.0 1.12.
",
    check,
};

fn check(context: &AccountContext<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    for user in context.snapshot.users.known().into_iter().flatten() {
        let mut active: Vec<_> = user
            .access_keys
            .known()
            .into_iter()
            .flatten()
            .filter(|key| key.status == AccessKeyStatus::Active)
            .collect();
        if active.len() < 2 {
            continue;
        }
        active.sort_by_key(|key| key.created);
        let command = deactivate_key_command(&user.name, &active[0].id);
        let mut finding = context.user_finding(&RULE, user, command);
        finding
            .evidence
            .insert("active_keys", active.len().to_string());
        finding.evidence.insert(
            "access_key_ids",
            active
                .iter()
                .map(|key| key.id.as_str())
                .collect::<Vec<_>>()
                .join(","),
        );
        findings.push(finding);
    }
    findings
}

#[cfg(test)]
mod tests {
    use iam_audit_model::AccessKeyStatus::{Active, Inactive};
    use iam_audit_model::Observed;

    use super::*;
    use crate::context::testing::{check, key, run, user};

    fn with_keys(keys: Vec<iam_audit_model::AccessKey>) -> Vec<Finding> {
        let mut holder = user("holder");
        holder.access_keys = Observed::Known(keys);
        check(&RULE, &run(vec![holder], None))
    }

    #[test]
    fn two_active_keys_fail_one_active_passes() {
        assert!(with_keys(vec![key("A", Active, 10, None)]).is_empty());
        assert!(
            with_keys(vec![
                key("A", Active, 10, None),
                key("B", Inactive, 20, None)
            ])
            .is_empty()
        );
        let findings = with_keys(vec![
            key("NEW", Active, 10, None),
            key("OLD", Active, 20, None),
        ]);
        assert_eq!(findings.len(), 1);
        assert!(
            findings[0]
                .remediation
                .command
                .contains("--access-key-id OLD"),
            "the older key goes"
        );
        assert_eq!(
            findings[0].resource,
            "arn:aws:iam::123456789012:user/holder"
        );
    }
}
