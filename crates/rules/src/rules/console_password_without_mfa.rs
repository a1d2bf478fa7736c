//! PWD001: a console password without any MFA device.

use iam_audit_model::Observed;

use super::{Rule, cis3, cis5, cis6, cis7, hub};
use crate::context::{AccountContext, shell_quote};
use crate::finding::{Finding, ResourceType, Severity, Text};

/// The rule.
pub static RULE: Rule = Rule {
    id: "PWD001",
    name: "console-password-without-mfa",
    severity: Severity::High,
    resource_type: ResourceType::AwsIamUser,
    title: Text("rule-pwd001-title"),
    remediation: Text("rule-pwd001-remediation"),
    references: &[
        hub("IAM.5"),
        cis3("1.10"),
        cis5("1.9"),
        cis6("2.9"),
        cis7("2.10"),
    ],
    settings: &[],
    sources: &[],
    documentation: "\
## What it does
Flags every user with a console password (GetLoginProfile) and no MFA device (ListMFADevices).
When either could not be read the rule says nothing and AUD001 reports the gap: an unread value
is never taken for \"no MFA\".

## Why it matters
A password alone is phished, reused and guessed; MFA stops most account takeovers.

## Example
`bob.dev` signs in to the console with a password only.

## How to fix
    aws iam create-virtual-mfa-device --virtual-mfa-device-name bob.dev --outfile bob.dev.png --bootstrap-method QRCodePNG
    aws iam enable-mfa-device --user-name bob.dev --serial-number arn:aws:iam::<account>:mfa/bob.dev \\
        --authentication-code1 <code> --authentication-code2 <next code>
or, if the user needs no console: `aws iam delete-login-profile --user-name bob.dev`.

## References
AWS Security Hub IAM.5; CIS AWS Foundations Benchmark v3.0.0 1.10, v5.0.0 1.9.
",
    check,
};

fn check(context: &AccountContext<'_>) -> Vec<Finding> {
    context
        .snapshot
        .users
        .known()
        .into_iter()
        .flatten()
        .filter(|user| matches!(user.login_profile, Observed::Known(Some(_))))
        .filter(|user| matches!(&user.mfa_devices, Observed::Known(devices) if devices.is_empty()))
        .map(|user| {
            let name = shell_quote(&user.name);
            let command = format!(
                "aws iam create-virtual-mfa-device --virtual-mfa-device-name {name} --outfile mfa.png --bootstrap-method QRCodePNG && aws iam enable-mfa-device --user-name {name} --serial-number arn:aws:iam::{}:mfa/{name} --authentication-code1 CODE1 --authentication-code2 CODE2",
                context.snapshot.account.id
            );
            let mut finding = context.user_finding(&RULE, user, command);
            finding.evidence.insert("console_password", "configured".to_string());
            finding.evidence.insert("mfa_devices", "0".to_string());
            finding
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use chrono::Utc;
    use iam_audit_model::{MfaDevice, MfaKind, Observed};

    use super::*;
    use crate::context::testing::{check, run, user, with_password};

    #[test]
    fn a_password_without_mfa_fails() {
        let findings = check(
            &RULE,
            &run(vec![with_password(user("bob"), 100, Some(1))], None),
        );
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].user_name.as_deref(), Some("bob"));
    }

    #[test]
    fn mfa_or_no_password_passes_and_unknown_says_nothing() {
        let mut with_mfa = with_password(user("alice"), 100, Some(1));
        with_mfa.mfa_devices = Observed::Known(vec![MfaDevice {
            serial: "arn:aws:iam::1:mfa/alice".to_string(),
            kind: MfaKind::Virtual,
            enabled: Utc::now(),
        }]);
        let mut unread = with_password(user("carol"), 100, Some(1));
        unread.mfa_devices = Observed::Unknown;
        let mut unread_password = user("dave");
        unread_password.login_profile = Observed::Unknown;
        let findings = check(
            &RULE,
            &run(vec![with_mfa, user("erin"), unread, unread_password], None),
        );
        assert!(findings.is_empty(), "{findings:?}");
    }
}
