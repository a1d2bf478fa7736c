//! ROOT001: the root user has access keys.

use iam_audit_model::Observed;

use super::{Rule, cis3, cis5, cis6, cis7, hub};
use crate::context::{AccountContext, assume_root_command, root_source_evidence};
use crate::finding::{Finding, ResourceType, Severity, Text};

/// The rule.
pub static RULE: Rule = Rule {
    id: "ROOT001",
    name: "root-access-key-present",
    severity: Severity::Critical,
    resource_type: ResourceType::AwsAccount,
    title: Text("rule-root001-title"),
    remediation: Text("rule-root001-remediation"),
    references: &[
        hub("IAM.4"),
        cis3("1.4"),
        cis5("1.3"),
        cis6("2.3"),
        cis7("2.4"),
    ],
    settings: &[],
    sources: &[],
    documentation: "\
## What it does
Flags accounts whose GetAccountSummary reports `AccountAccessKeysPresent` = 1.

## Why it matters
Root keys cannot be restricted by IAM policies or SCPs' usual exceptions; a leaked root key is the
whole account.

## Example
Development's root user has an access key.

## How to fix
From the management account, with central root access management enabled:
    aws sts assume-root --target-principal <account id> \\
        --task-policy-arn arn=arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials
then, with the returned credentials, `aws iam list-access-keys` and `aws iam delete-access-key
--access-key-id <id>`. Or sign in as root: Security credentials → Access keys → Delete.

## References
AWS Security Hub IAM.4; CIS AWS Foundations Benchmark v3.0.0 1.4, v5.0.0 1.3.
",
    check,
};

fn check(context: &AccountContext<'_>) -> Vec<Finding> {
    let Some(root) = &context.snapshot.root else {
        return Vec::new();
    };
    if root.access_keys_present != Observed::Known(true) {
        return Vec::new();
    }
    let command = assume_root_command(&context.snapshot.account.id);
    let mut finding = context.account_finding(&RULE, command);
    finding
        .evidence
        .insert("AccountAccessKeysPresent", "1".to_string());
    root_source_evidence(&mut finding, root);
    // From a root session (or the credential report), the keys themselves.
    if let Some(keys) = &root.access_keys {
        let ids: Vec<&str> = keys.iter().filter_map(|key| key.id.as_deref()).collect();
        if !ids.is_empty() {
            finding.evidence.insert("access_key_ids", ids.join(","));
        }
        if let Some(oldest) = keys.iter().filter_map(|key| key.created).min() {
            finding.evidence.insert(
                "oldest_key_age_days",
                context.days_since(oldest).to_string(),
            );
        }
        let last_used = keys.iter().filter_map(|key| key.last_used).max();
        finding.evidence.insert(
            "last_used",
            last_used.map_or_else(|| "never".to_string(), iam_audit_model::rfc3339),
        );
    }
    vec![finding]
}

#[cfg(test)]
mod tests {
    use iam_audit_model::{Observed, RootAccount};

    use super::*;
    use crate::context::testing::{check, run};

    #[test]
    fn root_keys_are_critical() {
        let mut root = RootAccount::unknown();
        root.access_keys_present = Observed::Known(true);
        let findings = check(&RULE, &run(vec![], Some(root.clone())));
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].severity, Severity::Critical);
        assert_eq!(findings[0].resource, "AWS::::Account:123456789012");
        root.access_keys_present = Observed::Known(false);
        assert!(check(&RULE, &run(vec![], Some(root))).is_empty());
        assert!(check(&RULE, &run(vec![], Some(RootAccount::unknown()))).is_empty());
    }
}
