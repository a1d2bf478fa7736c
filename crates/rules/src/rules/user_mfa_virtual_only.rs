//! MFA001: every MFA device of a user is virtual (informational).

use iam_audit_model::MfaKind;

use super::Rule;
use crate::context::AccountContext;
use crate::finding::{Finding, ResourceType, Severity, Text};

/// The rule.
pub static RULE: Rule = Rule {
    id: "MFA001",
    name: "user-mfa-virtual-only",
    severity: Severity::Info,
    resource_type: ResourceType::AwsIamUser,
    title: Text("rule-mfa001-title"),
    remediation: Text("rule-mfa001-remediation"),
    references: &[],
    settings: &[],
    sources: &[],
    documentation: "\
## What it does
Flags, for information, users who have MFA devices and all of them virtual (authenticator apps):
no FIDO security key and no hardware token. Users without MFA are PWD001's.

## Why it matters
Virtual MFA codes can be phished along with the password; FIDO security keys cannot. CIS asks for
hardware MFA on the root user only (ROOT003), so this is informational, for teams that want
phishing-resistant MFA for privileged users (Prowler and Steampipe check it too).

## Example
`alice` signs in with an authenticator app only.

## How to fix
Register a FIDO security key for the user (Console: Security credentials → Assign MFA device),
then remove the virtual device if it is no longer wanted:
    aws iam deactivate-mfa-device --user-name alice --serial-number arn:aws:iam::...:mfa/alice

## References
None in CIS or Security Hub for IAM users.
",
    check,
};

fn check(context: &AccountContext<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    for user in context.snapshot.users.known().into_iter().flatten() {
        let Some(devices) = user.mfa_devices.known() else {
            continue;
        };
        if devices.is_empty() || devices.iter().any(|device| device.kind != MfaKind::Virtual) {
            continue;
        }
        let command = format!(
            "aws iam list-mfa-devices --user-name {}",
            crate::context::shell_quote(&user.name)
        );
        let mut finding = context.user_finding(&RULE, user, command);
        finding
            .evidence
            .insert("virtual_devices", devices.len().to_string());
        findings.push(finding);
    }
    findings
}

#[cfg(test)]
mod tests {
    use iam_audit_model::{MfaDevice, MfaKind, Observed};

    use super::*;
    use crate::context::testing::{check, days_ago, run, user};

    fn with_devices(kinds: &[MfaKind]) -> iam_audit_model::AuditRun {
        let mut holder = user("alice");
        holder.mfa_devices = Observed::Known(
            kinds
                .iter()
                .enumerate()
                .map(|(index, kind)| MfaDevice {
                    serial: format!("device-{index}"),
                    kind: *kind,
                    enabled: days_ago(10),
                })
                .collect(),
        );
        run(vec![holder], None)
    }

    #[test]
    fn only_all_virtual_devices_are_flagged() {
        let findings = check(&RULE, &with_devices(&[MfaKind::Virtual]));
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].severity, Severity::Info);
        assert!(
            check(
                &RULE,
                &with_devices(&[MfaKind::Virtual, MfaKind::SecurityKey])
            )
            .is_empty()
        );
        assert!(check(&RULE, &with_devices(&[MfaKind::Hardware])).is_empty());
        assert!(check(&RULE, &with_devices(&[])).is_empty(), "PWD001's");
    }
}
