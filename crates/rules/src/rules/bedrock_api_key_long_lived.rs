//! BDR001: an active Amazon Bedrock long-term API key that never expires (critical) or lives
//! longer than 90 days (high).

use iam_audit_model::AccessKeyStatus;

use super::Rule;
use crate::context::{AccountContext, delete_service_credential_command};
use crate::finding::{Finding, ResourceType, Severity, Text};

/// The severities its findings take: critical without an expiry, high with one too far away.
pub(crate) const SEVERITIES: (Severity, Severity) = (Severity::High, Severity::Critical);

/// The rule.
pub static RULE: Rule = Rule {
    id: "BDR001",
    name: "bedrock-api-key-long-lived",
    severity: Severity::Critical,
    resource_type: ResourceType::AwsIamServiceSpecificCredential,
    title: Text("rule-bdr001-title"),
    remediation: Text("rule-bdr001-remediation"),
    references: &[],
    settings: &["bedrock_key_max_days"],
    sources: &[],
    documentation: "\
## What it does
Flags every **active** Amazon Bedrock long-term API key (a service-specific credential of
`bedrock.amazonaws.com`): **critical** when it has no expiry, **high** when its expiry is more than
`bedrock_key_max_days` (default 90) days after its creation.

## Why it matters
A Bedrock API key is a bearer token: whoever holds it can invoke models on the account's bill,
from anywhere. AWS recommends short-term keys, and long-term keys only for exploration, with an
expiry; a key created \"never expires\" is a permanent secret, typically pasted into a notebook or
a repository.

## Example
`ml-researcher` has an active Bedrock API key created 40 days ago that never expires.

## How to fix
Move the client to short-term Bedrock API keys (or IAM roles), then:
    aws iam delete-service-specific-credential --user-name ml-researcher \\
        --service-specific-credential-id ACCA...
A long-term key that must stay is recreated with `--credential-age-days 30` or less.

## References
None in CIS or Security Hub yet; AWS's guidance for Amazon Bedrock API keys.
",
    check,
};

fn check(context: &AccountContext<'_>) -> Vec<Finding> {
    context
        .snapshot
        .service_specific_credentials()
        .filter(|(_, credential)| {
            credential.is_bedrock() && credential.status == AccessKeyStatus::Active
        })
        .filter_map(|(user, credential)| {
            let lifetime = credential
                .expires
                .map(|expires| (expires - credential.created).num_days());
            let severity = match lifetime {
                None => Severity::Critical,
                Some(days) if days > context.thresholds.bedrock_key_max_days => Severity::High,
                Some(_) => return None,
            };
            let command = delete_service_credential_command(&user.name, &credential.id);
            let mut finding =
                context.credential_finding(&RULE, user, &credential.id, credential.status, command);
            finding.severity = severity;
            finding.evidence.insert(
                "lifetime_days",
                lifetime.map_or_else(|| "never expires".to_string(), |days| days.to_string()),
            );
            finding.evidence.insert(
                "age_days",
                context.days_since(credential.created).to_string(),
            );
            Some(finding)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use iam_audit_model::AccessKeyStatus::{Active, Inactive};

    use super::*;
    use crate::context::testing::{check, service_credential_holder as holder};

    const BEDROCK: &str = "bedrock.amazonaws.com";

    #[test]
    fn no_expiry_is_critical_a_long_one_high_a_short_one_passes() {
        let findings = check(&RULE, &holder(BEDROCK, Active, 1, None));
        assert_eq!(findings[0].severity, Severity::Critical);
        assert_eq!(
            findings[0]
                .evidence
                .get("lifetime_days")
                .map(String::as_str),
            Some("never expires")
        );
        assert_eq!(
            check(&RULE, &holder(BEDROCK, Active, 1, Some(91)))[0].severity,
            Severity::High
        );
        assert!(check(&RULE, &holder(BEDROCK, Active, 1, Some(90))).is_empty());
        assert!(check(&RULE, &holder(BEDROCK, Inactive, 1, None)).is_empty());
        assert!(check(&RULE, &holder("codecommit.amazonaws.com", Active, 1, None)).is_empty());
    }
}
