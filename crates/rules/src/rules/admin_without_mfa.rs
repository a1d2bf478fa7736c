//! PRV001: a user whose permissions amount to administrator has no MFA device.

use iam_audit_model::{Observed, PrivilegeClass};

use super::Rule;
use crate::context::{AccountContext, shell_quote};
use crate::finding::{Finding, ResourceType, Severity, Text};

/// The rule.
pub static RULE: Rule = Rule {
    id: "PRV001",
    name: "admin-without-mfa",
    severity: Severity::High,
    resource_type: ResourceType::AwsIamUser,
    title: Text("rule-prv001-title"),
    remediation: Text("rule-prv001-remediation"),
    references: &[],
    settings: &[],
    sources: &[],
    documentation: "\
## What it does
Flags every user whose identity-based permissions amount to administrator (`admin`: every
action on every resource, whatever policy grants it, with Deny statements and a permissions
boundary taken into account) and who has no MFA device. The evidence names the granting policies.

## Why it matters
A phished password or a leaked key of an administrator is the whole account; MFA is what stops
the first.

## Example
`cloud-admin` is in the Admins group (AdministratorAccess) and has no MFA device.

## How to fix
Register a FIDO security key for the user, and require MFA in the user's policies (a Deny with
`aws:MultiFactorAuthPresent` false); or move the person to IAM Identity Center.

## References
None in CIS or Security Hub; Prowler `iam_administrator_access_with_mfa`, Steampipe
`iam_user_with_administrator_access_mfa_enabled` (both look for the AdministratorAccess policy
only; this rule judges what the policies amount to).
",
    check,
};

fn check(context: &AccountContext<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    for user in context.snapshot.users.known().into_iter().flatten() {
        let Some(privilege) = context.snapshot.privilege_of(&user.name) else {
            continue;
        };
        if privilege.class != PrivilegeClass::Admin
            || !matches!(&user.mfa_devices, Observed::Known(devices) if devices.is_empty())
        {
            continue;
        }
        let command = format!(
            "aws iam list-mfa-devices --user-name {}",
            shell_quote(&user.name)
        );
        let mut finding = context.user_finding(&RULE, user, command);
        finding
            .evidence
            .insert("granted_by", privilege.granting_policies.join(","));
        finding.evidence.insert("mfa_devices", "0".to_string());
        findings.push(finding);
    }
    findings
}

#[cfg(test)]
mod tests {
    use iam_audit_model::{MfaDevice, MfaKind, Observed, PrivilegeClass};

    use super::*;
    use crate::context::testing::{check, days_ago, privileged, user};

    #[test]
    fn only_admins_without_a_device_are_flagged() {
        assert_eq!(
            check(&RULE, &privileged(user("root-ish"), PrivilegeClass::Admin)).len(),
            1
        );
        assert!(check(&RULE, &privileged(user("writer"), PrivilegeClass::Write)).is_empty());
        let mut protected = user("careful");
        protected.mfa_devices = Observed::Known(vec![MfaDevice {
            serial: "arn:aws:iam::1:u2f/user/careful/key".to_string(),
            kind: MfaKind::SecurityKey,
            enabled: days_ago(1),
        }]);
        assert!(check(&RULE, &privileged(protected, PrivilegeClass::Admin)).is_empty());
        let mut unread = user("unread");
        unread.mfa_devices = Observed::Unknown;
        assert!(
            check(&RULE, &privileged(unread, PrivilegeClass::Admin)).is_empty(),
            "unread devices are an audit gap"
        );
    }
}
