//! CRT001: an active X.509 signing certificate older than the rotation threshold.

use iam_audit_model::CredentialKind;

use super::Rule;
use crate::context::{AccountContext, delete_certificate_command};
use crate::finding::{Finding, ResourceType, Severity, Text};

/// The rule.
pub static RULE: Rule = Rule {
    id: "CRT001",
    name: "signing-certificate-not-rotated",
    severity: Severity::Medium,
    resource_type: ResourceType::AwsIamSigningCertificate,
    title: Text("rule-crt001-title"),
    remediation: Text("rule-crt001-remediation"),
    references: &[],
    settings: &["credential_rotation_days"],
    sources: &[],
    documentation: "\
## What it does
Flags every **active** X.509 signing certificate (ListSigningCertificates) uploaded more than
`credential_rotation_days` (default 90) days ago.

## Why it matters
Signing certificates sign requests to the few services that still accept them (SOAP-era APIs);
they are long-term credentials nobody remembers. No CIS or Security Hub control covers them: the
threshold is the access keys' (CIS 1.14).

## Example
`legacy-reporting` has had an active signing certificate for 200 days.

## How to fix
If nothing uses it (the usual case):
    aws iam delete-signing-certificate --user-name legacy-reporting --certificate-id ...

## References
None: hygiene, with the access keys' rotation threshold.
",
    check,
};

fn check(context: &AccountContext<'_>) -> Vec<Finding> {
    context.not_rotated(
        &RULE,
        CredentialKind::SigningCertificate,
        context.thresholds.credential_rotation_days,
        |_| true,
        |certificate| delete_certificate_command(&certificate.user.name, certificate.id),
    )
}

#[cfg(test)]
mod tests {
    use iam_audit_model::{AccessKeyStatus, Observed};

    use super::*;
    use crate::context::testing::{certificate_holder as holder, check};

    #[test]
    fn active_certificates_past_the_threshold_are_flagged() {
        let valid = || Observed::Known(-100);
        assert!(check(&RULE, &holder(AccessKeyStatus::Active, 90, valid())).is_empty());
        assert_eq!(
            check(&RULE, &holder(AccessKeyStatus::Active, 91, valid())).len(),
            1
        );
        assert!(check(&RULE, &holder(AccessKeyStatus::Inactive, 400, valid())).is_empty());
    }
}
