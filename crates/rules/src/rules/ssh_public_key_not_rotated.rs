//! SSH001: an active SSH public key older than the rotation threshold.

use iam_audit_model::CredentialKind;

use super::Rule;
use crate::context::{AccountContext, shell_quote};
use crate::finding::{Finding, ResourceType, Severity, Text};

/// The rule.
pub static RULE: Rule = Rule {
    id: "SSH001",
    name: "ssh-public-key-not-rotated",
    severity: Severity::Medium,
    resource_type: ResourceType::AwsIamSshPublicKey,
    title: Text("rule-ssh001-title"),
    remediation: Text("rule-ssh001-remediation"),
    references: &[],
    settings: &["credential_rotation_days"],
    sources: &[],
    documentation: "\
## What it does
Flags every **active** SSH public key (ListSSHPublicKeys: CodeCommit's SSH access) uploaded more
than `credential_rotation_days` (default 90) days ago.

## Why it matters
An SSH key is a long-term credential to the organization's source code; it never expires, and the
credential report has no column for it, so it escapes the usual key reviews. No CIS or Security
Hub control covers it: the threshold is the access keys' (CIS 1.14).

## Example
`ci-deploy` has had an active SSH key for 400 days.

## How to fix
Upload a new key, move the clients to it, then:
    aws iam delete-ssh-public-key --user-name ci-deploy --ssh-public-key-id APKA...

## References
None: hygiene, with the access keys' rotation threshold.
",
    check,
};

fn check(context: &AccountContext<'_>) -> Vec<Finding> {
    context.not_rotated(
        &RULE,
        CredentialKind::SshPublicKey,
        context.thresholds.credential_rotation_days,
        |_| true,
        |key| {
            format!(
                "aws iam delete-ssh-public-key --user-name {} --ssh-public-key-id {}",
                shell_quote(&key.user.name),
                key.id
            )
        },
    )
}

#[cfg(test)]
mod tests {
    use iam_audit_model::{AccessKeyStatus, Observed, SshPublicKey};

    use super::*;
    use crate::context::testing::{check, days_ago, run, user};

    fn holder(status: AccessKeyStatus, age: i64) -> iam_audit_model::AuditRun {
        let mut holder = user("coder");
        holder.ssh_public_keys = Observed::Known(vec![SshPublicKey {
            id: "APKAEXAMPLE".to_string(),
            status,
            uploaded: days_ago(age),
        }]);
        run(vec![holder], None)
    }

    #[test]
    fn active_keys_past_the_threshold_are_flagged() {
        assert!(check(&RULE, &holder(AccessKeyStatus::Active, 90)).is_empty());
        let findings = check(&RULE, &holder(AccessKeyStatus::Active, 91));
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].resource, "APKAEXAMPLE");
        assert_eq!(findings[0].resource_type, ResourceType::AwsIamSshPublicKey);
        assert!(check(&RULE, &holder(AccessKeyStatus::Inactive, 400)).is_empty());
    }
}
