//! SSC001: an active service-specific credential (CodeCommit or Keyspaces password...) older than
//! the rotation threshold. Bedrock API keys are BDR001's and BDR002's.

use iam_audit_model::CredentialKind;

use super::Rule;
use crate::context::{AccountContext, shell_quote};
use crate::finding::{Finding, ResourceType, Severity, Text};

/// The rule.
pub static RULE: Rule = Rule {
    id: "SSC001",
    name: "service-credential-not-rotated",
    severity: Severity::Medium,
    resource_type: ResourceType::AwsIamServiceSpecificCredential,
    title: Text("rule-ssc001-title"),
    remediation: Text("rule-ssc001-remediation"),
    references: &[],
    settings: &["credential_rotation_days"],
    sources: &[],
    documentation: "\
## What it does
Flags every **active** service-specific credential (ListServiceSpecificCredentials: CodeCommit
HTTPS Git passwords, Amazon Keyspaces passwords, CloudWatch Logs API keys) created more than
`credential_rotation_days` (default 90) days ago. Amazon Bedrock API keys are judged by their
expiry instead (BDR001, BDR002), so they are not flagged twice.

## Why it matters
These passwords never expire; the credential report has no column for them, so they escape the
usual reviews.

## Example
`ci-deploy`'s CodeCommit password is 200 days old.

## How to fix
Rotate it (a new password, the same credential id) and update its clients:
    aws iam reset-service-specific-credential --user-name ci-deploy \\
        --service-specific-credential-id ACCA...
or delete it if nothing uses it (`aws iam delete-service-specific-credential`).

## References
None: hygiene, with the access keys' rotation threshold.
",
    check,
};

fn check(context: &AccountContext<'_>) -> Vec<Finding> {
    // Bedrock API keys have their own rules (BDR001, BDR002): they expire rather than rotate.
    context.not_rotated(
        &RULE,
        CredentialKind::ServiceSpecificCredential,
        context.thresholds.credential_rotation_days,
        |credential| credential.service != Some(iam_audit_model::BEDROCK),
        |credential| {
            format!(
                "aws iam reset-service-specific-credential --user-name {} --service-specific-credential-id {}",
                shell_quote(&credential.user.name),
                credential.id
            )
        },
    )
}

#[cfg(test)]
mod tests {
    use iam_audit_model::AccessKeyStatus::{Active, Inactive};

    use super::*;
    use crate::context::testing::{check, service_credential_holder as holder};

    #[test]
    fn old_active_passwords_are_flagged_bedrock_keys_are_not() {
        let codecommit = "codecommit.amazonaws.com";
        assert!(check(&RULE, &holder(codecommit, Active, 90, None)).is_empty());
        assert_eq!(check(&RULE, &holder(codecommit, Active, 91, None)).len(), 1);
        assert!(check(&RULE, &holder(codecommit, Inactive, 400, None)).is_empty());
        assert!(check(&RULE, &holder("bedrock.amazonaws.com", Active, 400, None)).is_empty());
    }
}
