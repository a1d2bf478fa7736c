//! BDR002: an expired Amazon Bedrock API key still present.

use iam_audit_model::AccessKeyStatus;

use super::Rule;
use crate::context::{AccountContext, delete_service_credential_command};
use crate::finding::{Finding, ResourceType, Severity, Text};

/// The rule.
pub static RULE: Rule = Rule {
    id: "BDR002",
    name: "bedrock-api-key-expired-not-removed",
    severity: Severity::Low,
    resource_type: ResourceType::AwsIamServiceSpecificCredential,
    title: Text("rule-bdr002-title"),
    remediation: Text("rule-bdr002-remediation"),
    references: &[],
    settings: &[],
    sources: &[],
    documentation: "\
## What it does
Flags every Amazon Bedrock API key whose status is `Expired` or whose expiry has passed.

## Why it matters
An expired key cannot be used, but it is clutter that hides the keys that matter, and a sign that
keys are created and forgotten.

## Example
`ml-researcher` keeps a Bedrock API key that expired last month.

## How to fix
    aws iam delete-service-specific-credential --user-name ml-researcher \\
        --service-specific-credential-id ACCA...

## References
None: hygiene.
",
    check,
};

fn check(context: &AccountContext<'_>) -> Vec<Finding> {
    context
        .snapshot
        .service_specific_credentials()
        .filter(|(_, credential)| {
            credential.is_bedrock()
                && (credential.status == AccessKeyStatus::Expired
                    || credential
                        .expires
                        .is_some_and(|expires| expires < context.now))
        })
        .map(|(user, credential)| {
            let command = delete_service_credential_command(&user.name, &credential.id);
            let mut finding =
                context.credential_finding(&RULE, user, &credential.id, credential.status, command);
            if let Some(expires) = credential.expires {
                finding
                    .evidence
                    .insert("expired", iam_audit_model::rfc3339(expires));
            }
            finding
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use iam_audit_model::AccessKeyStatus::{Active, Expired};

    use super::*;
    use crate::context::testing::{check, service_credential_holder as holder};

    const BEDROCK: &str = "bedrock.amazonaws.com";

    #[test]
    fn expired_keys_are_flagged_by_status_or_date() {
        assert_eq!(
            check(&RULE, &holder(BEDROCK, Expired, 100, Some(30))).len(),
            1
        );
        assert_eq!(
            check(&RULE, &holder(BEDROCK, Active, 100, Some(30))).len(),
            1
        );
        assert!(check(&RULE, &holder(BEDROCK, Active, 10, Some(30))).is_empty());
        assert!(check(&RULE, &holder(BEDROCK, Active, 10, None)).is_empty());
    }
}
