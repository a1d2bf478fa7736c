//! SRV001: an SSL/TLS server certificate stored in IAM is past its expiry.

use super::{Rule, cis3, cis5, cis6, cis7, hub};
use crate::context::AccountContext;
use crate::finding::{Finding, ResourceType, Severity, Text};

/// The rule.
pub static RULE: Rule = Rule {
    id: "SRV001",
    name: "server-certificate-expired",
    severity: Severity::Medium,
    resource_type: ResourceType::AwsIamServerCertificate,
    title: Text("rule-srv001-title"),
    remediation: Text("rule-srv001-remediation"),
    references: &[
        hub("IAM.26"),
        cis3("1.19"),
        cis5("1.18"),
        cis6("2.18"),
        cis7("2.17"),
    ],
    settings: &[],
    sources: &[],
    documentation: "\
## What it does
Flags every SSL/TLS server certificate stored in IAM (ListServerCertificates, every page) whose
`Expiration` has passed. These are the certificates IAM holds for load balancers and CloudFront,
not users' signing certificates (CRT001, CRT002).

## Why it matters
An expired certificate still deployed breaks TLS for its users; one no longer deployed is clutter
that someone may redeploy by mistake. CIS and Security Hub ask that expired ones be removed.

## Example
Production still stores `legacy-elb-2024`, which expired 10 days ago.

## How to fix
Check nothing uses it, then delete it:
    aws iam delete-server-certificate --server-certificate-name <name>

## References
AWS Security Hub IAM.26; CIS AWS Foundations Benchmark v3.0.0 1.19, v5.0.0 1.18, v6.0.0 2.18,
v7.0.0 2.17.
",
    check,
};

fn check(context: &AccountContext<'_>) -> Vec<Finding> {
    let Some(certificates) = context.snapshot.server_certificates.known() else {
        return Vec::new();
    };
    certificates
        .iter()
        .filter_map(|certificate| {
            let expires = certificate.expires?;
            let days = context.days_since(expires);
            (days > 0).then(|| {
                let command = format!(
                    "aws iam delete-server-certificate --server-certificate-name {}",
                    crate::context::shell_quote(&certificate.name)
                );
                let mut finding = context.resource_finding(&RULE, certificate.arn.clone(), command);
                finding
                    .evidence
                    .insert("certificate", certificate.name.clone());
                finding
                    .evidence
                    .insert("expired", iam_audit_model::rfc3339(expires));
                finding.evidence.insert("days_expired", days.to_string());
                finding
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use iam_audit_model::{Observed, ServerCertificate};

    use super::*;
    use crate::context::testing::{check, days_ago, run};

    #[test]
    fn only_expired_certificates_fail() {
        let certificate = |name: &str, expires: i64| ServerCertificate {
            name: name.to_string(),
            id: format!("ASCA{name}"),
            arn: format!("arn:aws:iam::123456789012:server-certificate/{name}"),
            uploaded: Some(days_ago(800)),
            expires: Some(days_ago(expires)),
        };
        let mut organization = run(vec![], None);
        organization.accounts[0].server_certificates =
            Observed::Known(vec![certificate("expired", 10), certificate("valid", -100)]);
        let findings = check(&RULE, &organization);
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0].resource,
            "arn:aws:iam::123456789012:server-certificate/expired"
        );
        organization.accounts[0].server_certificates = Observed::Unknown;
        assert!(
            check(&RULE, &organization).is_empty(),
            "unread is no finding (AUD001 is)"
        );
    }
}
