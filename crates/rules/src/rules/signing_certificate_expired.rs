//! CRT002: an active signing certificate past its own expiry (`notAfter`).

use iam_audit_model::{AccessKeyStatus, Observed};

use super::Rule;
use crate::context::{AccountContext, delete_certificate_command};
use crate::finding::{Finding, ResourceType, Severity, Text};

/// The rule.
pub static RULE: Rule = Rule {
    id: "CRT002",
    name: "signing-certificate-expired-but-active",
    severity: Severity::Medium,
    resource_type: ResourceType::AwsIamSigningCertificate,
    title: Text("rule-crt002-title"),
    remediation: Text("rule-crt002-remediation"),
    references: &[],
    settings: &[],
    sources: &[],
    documentation: "\
## What it does
Flags every **active** signing certificate whose `notAfter`, read from the certificate body with
an X.509 parser, has passed. A body that could not be parsed is an AUD001 finding, never a pass.

## Why it matters
IAM does not deactivate a certificate when it expires: an expired certificate left active is a
credential nobody owns any more, and a sign that nobody watches this user's credentials.

## Example
`legacy-reporting`'s certificate expired in 2025 and is still active.

## How to fix
    aws iam delete-signing-certificate --user-name legacy-reporting --certificate-id ...

## References
None: hygiene.
",
    check,
};

fn check(context: &AccountContext<'_>) -> Vec<Finding> {
    context
        .snapshot
        .signing_certificates()
        .filter(|(_, certificate)| certificate.status == AccessKeyStatus::Active)
        .filter_map(|(user, certificate)| match certificate.expires {
            Observed::Known(expires) if expires < context.now => Some((user, certificate, expires)),
            _ => None,
        })
        .map(|(user, certificate, expires)| {
            let command = delete_certificate_command(&user.name, &certificate.id);
            let mut finding = context.credential_finding(
                &RULE,
                user,
                &certificate.id,
                certificate.status,
                command,
            );
            finding
                .evidence
                .insert("expired", iam_audit_model::rfc3339(expires));
            finding
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use iam_audit_model::{AccessKeyStatus, Observed};

    use super::*;
    use crate::context::testing::{certificate_holder as holder, check};

    #[test]
    fn expired_active_certificates_are_flagged() {
        assert_eq!(
            check(
                &RULE,
                &holder(AccessKeyStatus::Active, 10, Observed::Known(1))
            )
            .len(),
            1
        );
        assert!(
            check(
                &RULE,
                &holder(AccessKeyStatus::Active, 10, Observed::Known(-1))
            )
            .is_empty()
        );
        assert!(
            check(
                &RULE,
                &holder(AccessKeyStatus::Inactive, 10, Observed::Known(1))
            )
            .is_empty()
        );
        assert!(
            check(
                &RULE,
                &holder(AccessKeyStatus::Active, 10, Observed::Unknown)
            )
            .is_empty(),
            "an unparsed body is an audit gap"
        );
    }
}
