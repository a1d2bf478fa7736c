//! ROOT005: the root user has an X.509 signing certificate.

use iam_audit_model::Observed;

use super::Rule;
use crate::context::{AccountContext, assume_root_command, root_source_evidence};
use crate::finding::{Finding, ResourceType, Severity, Text};

/// The rule.
pub static RULE: Rule = Rule {
    id: "ROOT005",
    name: "root-signing-certificate-present",
    severity: Severity::High,
    resource_type: ResourceType::AwsAccount,
    title: Text("rule-root005-title"),
    remediation: Text("rule-root005-remediation"),
    references: &[],
    settings: &[],
    sources: &[],
    documentation: "\
## What it does
Flags accounts whose GetAccountSummary reports `AccountSigningCertificatesPresent` = 1. Only the
root user can list its own certificates, so neither their ids nor their expiry can be read by the
audit role: the finding is about the account.

## Why it matters
A root signing certificate is a long-term root credential like a root access key: it cannot be
restricted by IAM policies, and it outlives every password change.

## Example
Security's root user has a signing certificate.

## How to fix
From the management account, with central root access management enabled:
    aws sts assume-root --target-principal <account id> \\
        --task-policy-arn arn=arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials
then `aws iam list-signing-certificates` and `aws iam delete-signing-certificate
--certificate-id <id>` with the returned credentials. Or sign in as root: Security credentials →
X.509 certificates → Delete.

## References
None in CIS or Security Hub (both cover root access keys, ROOT001); AWS's root user best
practices.
",
    check,
};

fn check(context: &AccountContext<'_>) -> Vec<Finding> {
    let Some(root) = &context.snapshot.root else {
        return Vec::new();
    };
    if root.signing_certificates_present != Observed::Known(true) {
        return Vec::new();
    }
    let command = assume_root_command(&context.snapshot.account.id);
    let mut finding = context.account_finding(&RULE, command);
    finding
        .evidence
        .insert("AccountSigningCertificatesPresent", "1".to_string());
    root_source_evidence(&mut finding, root);
    if let Some(certificates) = &root.signing_certificates {
        let listed: Vec<String> = certificates
            .iter()
            .map(|certificate| match certificate.expires.known() {
                Some(expires) => format!(
                    "{} (expires {})",
                    certificate.id,
                    iam_audit_model::rfc3339(*expires)
                ),
                None => certificate.id.clone(),
            })
            .collect();
        finding.evidence.insert("certificates", listed.join(","));
    }
    vec![finding]
}

#[cfg(test)]
mod tests {
    use iam_audit_model::{Observed, RootAccount};

    use super::*;
    use crate::context::testing::{check, run};

    #[test]
    fn a_root_certificate_is_a_finding_an_unread_summary_is_not() {
        let mut root = RootAccount::unknown();
        root.signing_certificates_present = Observed::Known(true);
        assert_eq!(check(&RULE, &run(vec![], Some(root.clone()))).len(), 1);
        root.signing_certificates_present = Observed::Known(false);
        assert!(check(&RULE, &run(vec![], Some(root))).is_empty());
        assert!(check(&RULE, &run(vec![], Some(RootAccount::unknown()))).is_empty());
    }
}
