//! ROOT002: the root user has no MFA, unless the organization removed root credentials centrally.

use iam_audit_model::Observed;

use super::{Rule, cis3, cis5, cis6, cis7, hub};
use crate::context::AccountContext;
use crate::finding::{Finding, ResourceType, Severity, Text};

/// The rule.
pub static RULE: Rule = Rule {
    id: "ROOT002",
    name: "root-mfa-not-enabled",
    severity: Severity::Critical,
    resource_type: ResourceType::AwsAccount,
    title: Text("rule-root002-title"),
    remediation: Text("rule-root002-remediation"),
    references: &[
        // No MFA at all is no hardware MFA either (CIS "hardware MFA for root", Security Hub
        // IAM.6, CIS v3.0.0 1.6 and its successors), besides MFA for root itself.
        hub("IAM.6"),
        hub("IAM.9"),
        cis3("1.5"),
        cis3("1.6"),
        cis5("1.4"),
        cis5("1.5"),
        cis6("2.4"),
        cis6("2.5"),
        cis7("2.5"),
        cis7("2.6"),
    ],
    settings: &[],
    sources: &[],
    documentation: "\
## What it does
Flags accounts whose GetAccountSummary reports `AccountMFAEnabled` = 0. An account passes when the
organization manages root credentials centrally (IAM ListOrganizationsFeatures lists
`RootCredentialsManagement`) and the account has no root password (`AccountPasswordPresent` = 0):
there is then no root credential to protect. When the organization feature could not be read, the
rule does not guess: it flags the missing MFA and AUD001 reports the unread check.

## Why it matters
Root can do anything, including closing the account; a root password without MFA is one phishing
email away.

## Example
Development's root user has a password and no MFA.

## How to fix
Sign in as root and assign an MFA device (IAM console → Security credentials), or, from the
management account:
    aws iam enable-organizations-root-credentials-management
    aws sts assume-root --target-principal <account id> \\
        --task-policy-arn arn=arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials

## References
AWS Security Hub IAM.9; CIS AWS Foundations Benchmark v3.0.0 1.5, v5.0.0 1.4.
",
    check,
};

fn check(context: &AccountContext<'_>) -> Vec<Finding> {
    let Some(root) = &context.snapshot.root else {
        return Vec::new();
    };
    if root.mfa_enabled != Observed::Known(false) {
        return Vec::new();
    }
    let central = &context.run.root_credentials_management;
    if *central == Observed::Known(true) && root.password_present == Observed::Known(false) {
        return Vec::new();
    }
    let mut finding = context.account_finding(
        &RULE,
        "aws iam enable-organizations-root-credentials-management".to_string(),
    );
    finding
        .evidence
        .insert("AccountMFAEnabled", "0".to_string());
    finding
        .evidence
        .insert("root_password_present", observed(&root.password_present));
    finding
        .evidence
        .insert("central_root_management", observed(central));
    crate::context::root_source_evidence(&mut finding, root);
    vec![finding]
}

fn observed(value: &Observed<bool>) -> String {
    match value {
        Observed::Known(flag) => flag.to_string(),
        Observed::Unknown => "unknown".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use iam_audit_model::{Observed, RootAccount};

    use super::*;
    use crate::context::testing::{check, run};

    fn root(mfa: bool, password: Observed<bool>) -> RootAccount {
        let mut root = RootAccount::unknown();
        root.mfa_enabled = Observed::Known(mfa);
        root.password_present = password;
        root
    }

    #[test]
    fn no_mfa_fails_mfa_passes() {
        assert_eq!(
            check(
                &RULE,
                &run(vec![], Some(root(false, Observed::Known(true))))
            )
            .len(),
            1
        );
        assert!(check(&RULE, &run(vec![], Some(root(true, Observed::Known(true))))).is_empty());
    }

    #[test]
    fn central_management_without_root_credentials_passes() {
        let mut organization = run(vec![], Some(root(false, Observed::Known(false))));
        organization.root_credentials_management = Observed::Known(true);
        assert!(check(&RULE, &organization).is_empty());
        // Central management, but this account still has a root password: still a finding.
        let mut with_password = run(vec![], Some(root(false, Observed::Known(true))));
        with_password.root_credentials_management = Observed::Known(true);
        assert_eq!(check(&RULE, &with_password).len(), 1);
    }

    #[test]
    fn an_unread_organization_feature_is_not_guessed() {
        let mut organization = run(vec![], Some(root(false, Observed::Known(false))));
        organization.root_credentials_management = Observed::Unknown;
        let findings = check(&RULE, &organization);
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0]
                .evidence
                .get("central_root_management")
                .map(String::as_str),
            Some("unknown")
        );
    }
}
