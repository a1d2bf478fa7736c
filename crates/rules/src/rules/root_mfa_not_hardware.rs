//! ROOT003: the root user's MFA is a virtual device, not hardware.

use iam_audit_model::Observed;

use super::{Rule, cis3, cis5, cis6, cis7, hub};
use crate::context::{AccountContext, root_source_evidence};
use crate::finding::{Finding, ResourceType, Severity, Text};

/// The rule.
pub static RULE: Rule = Rule {
    id: "ROOT003",
    name: "root-mfa-not-hardware",
    severity: Severity::High,
    resource_type: ResourceType::AwsAccount,
    title: Text("rule-root003-title"),
    remediation: Text("rule-root003-remediation"),
    references: &[
        hub("IAM.6"),
        cis3("1.6"),
        cis5("1.5"),
        cis6("2.5"),
        cis7("2.6"),
    ],
    settings: &[],
    sources: &[],
    documentation: "\
## What it does
Flags accounts whose root user has MFA enabled (GetAccountSummary) through a virtual device
(ListVirtualMFADevices lists one assigned to `arn:aws:iam::<account>:root`).

## Why it matters
A virtual MFA lives on a phone that is also used for everything else; a dedicated hardware or FIDO
key cannot be copied or phished the same way.

## Example
The management account's root uses an authenticator app.

## How to fix
Sign in as root, remove the virtual device and assign a hardware TOTP token or FIDO security key
(IAM console → Security credentials → Multi-factor authentication), or remove root credentials
centrally: `aws iam enable-organizations-root-credentials-management`.

## References
AWS Security Hub IAM.6; CIS AWS Foundations Benchmark v3.0.0 1.6, v5.0.0 1.5.
",
    check,
};

fn check(context: &AccountContext<'_>) -> Vec<Finding> {
    let Some(root) = &context.snapshot.root else {
        return Vec::new();
    };
    if root.mfa_enabled != Observed::Known(true) || root.virtual_mfa != Observed::Known(true) {
        return Vec::new();
    }
    let mut finding = context.account_finding(
        &RULE,
        format!(
            "aws iam list-virtual-mfa-devices --assignment-status Assigned --query \"VirtualMFADevices[?User.Arn=='arn:aws:iam::{}:root']\"",
            context.snapshot.account.id
        ),
    );
    finding.evidence.insert("root_mfa", "virtual".to_string());
    root_source_evidence(&mut finding, root);
    if let Some(devices) = &root.mfa_devices {
        let serials: Vec<&str> = devices
            .iter()
            .map(|device| device.serial.as_str())
            .collect();
        finding.evidence.insert("mfa_devices", serials.join(","));
    }
    vec![finding]
}

#[cfg(test)]
mod tests {
    use iam_audit_model::{Observed, RootAccount};

    use super::*;
    use crate::context::testing::{check, run};

    #[test]
    fn virtual_root_mfa_fails_hardware_passes() {
        let mut root = RootAccount::unknown();
        root.mfa_enabled = Observed::Known(true);
        root.virtual_mfa = Observed::Known(true);
        assert_eq!(check(&RULE, &run(vec![], Some(root.clone()))).len(), 1);
        root.virtual_mfa = Observed::Known(false);
        assert!(check(&RULE, &run(vec![], Some(root.clone()))).is_empty());
        root.mfa_enabled = Observed::Known(false);
        root.virtual_mfa = Observed::Known(false);
        assert!(
            check(&RULE, &run(vec![], Some(root))).is_empty(),
            "no MFA is ROOT002's"
        );
    }
}
