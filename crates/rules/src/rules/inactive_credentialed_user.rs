//! USE002: a user with an active access key or a console password used no service at all within
//! the run's usage window.

use iam_audit_model::{AccessKeyStatus, Observed, UserUsage};

use super::{ACCESS_ANALYZER, Rule, Source};
use crate::context::{AccountContext, deactivate_key_command, shell_quote};
use crate::finding::{Finding, Reference, ResourceType, Severity, Text};

/// The rule.
pub static RULE: Rule = Rule {
    id: "USE002",
    name: "inactive-credentialed-user",
    severity: Severity::Medium,
    resource_type: ResourceType::AwsIamUser,
    title: Text("rule-use002-title"),
    remediation: Text("rule-use002-remediation"),
    references: &[
        Reference {
            framework: ACCESS_ANALYZER,
            control: "UnusedIAMUserAccessKey",
        },
        Reference {
            framework: ACCESS_ANALYZER,
            control: "UnusedIAMUserPassword",
        },
    ],
    settings: &[],
    sources: &[Source::ServiceLastAccessed],
    documentation: "\
## What it does
Flags every user with an active access key or a console password whose service last accessed
report (`--last-accessed`) shows no service used within `--usage-window-days` (default 90), when
the user is older than the window (a younger user has not had the whole window to use anything).
Medium, high for an `admin` or `privilege_escalation` user. A report that failed or did not
finish is not \"nothing used\": the user is not judged and AUD001 says why.

## Why it matters
The credentials work, and nothing has used them: whoever uses them next is unlikely to be the
owner. Unlike the key and password rules, which read each credential's own last use, this reads
what IAM recorded of every service the user called, whichever credential called it.

## Example
`backup-agent` has an active key and last touched S3 120 days ago.

## How to fix
Deactivate the user's keys and remove its console password; delete the user once nothing
breaks:
    aws iam update-access-key --user-name backup-agent --access-key-id AKIA... --status Inactive
    aws iam delete-login-profile --user-name backup-agent

## References
IAM Access Analyzer's unused access finding types UnusedIAMUserAccessKey and
UnusedIAMUserPassword. Not a control of a compliance framework: the window is the team's choice
(1 to 400 days), while Security Hub IAM.8 and CIS 1.12/2.11 name fixed ages of each credential,
which KEY002, KEY003 and PWD002 judge; a 7-day window must not fail a 45-day control.
",
    check,
};

fn check(context: &AccountContext<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    for user in context.snapshot.users.known().into_iter().flatten() {
        if user.is_credentialed() != Some(true) {
            continue;
        }
        let Some(Observed::Known(usage)) = &user.usage else {
            continue;
        };
        if !inactive(usage) {
            continue;
        }
        let mut commands: Vec<String> = user
            .access_keys
            .known()
            .into_iter()
            .flatten()
            .filter(|key| key.status == AccessKeyStatus::Active)
            .map(|key| deactivate_key_command(&user.name, &key.id))
            .collect();
        let password = matches!(&user.login_profile, Observed::Known(Some(_)));
        if password {
            commands.push(format!(
                "aws iam delete-login-profile --user-name {}",
                shell_quote(&user.name)
            ));
        }
        let mut finding = context.user_finding(&RULE, user, commands.join(" && "));
        if context.snapshot.privilege_class(&user.name).is_privileged() {
            finding.severity = Severity::High;
        }
        let evidence = &mut finding.evidence;
        evidence.insert("window_days", usage.window_days.to_string());
        evidence.insert(
            "last_activity",
            usage
                .last_activity
                .map_or_else(|| "never".to_string(), iam_audit_model::rfc3339),
        );
        evidence.insert(
            "active_access_keys",
            user.access_keys
                .known()
                .map_or(0, |keys| {
                    keys.iter()
                        .filter(|key| key.status == AccessKeyStatus::Active)
                        .count()
                })
                .to_string(),
        );
        evidence.insert("console_password", password.to_string());
        findings.push(finding);
    }
    findings
}

/// Nothing used within a window the user lived through.
fn inactive(usage: &UserUsage) -> bool {
    usage.complete && usage.services_used.is_empty()
}

#[cfg(test)]
mod tests {
    use iam_audit_model::{AccessKeyStatus, PrivilegeClass};

    use super::*;
    use crate::context::testing::{check, key, privileged, usage, user};

    fn holder(used: &[&str], complete: bool) -> iam_audit_model::AuditRun {
        let mut holder = user("holder");
        holder.access_keys = Observed::Known(vec![key(
            "AKIAHOLDER",
            AccessKeyStatus::Active,
            200,
            Some(120),
        )]);
        let mut read = usage(used, 3);
        read.complete = complete;
        holder.usage = Some(Observed::Known(read));
        privileged(holder, PrivilegeClass::Write)
    }

    #[test]
    fn nothing_used_in_a_whole_window_is_inactive() {
        let findings = check(&RULE, &holder(&[], true));
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].severity, Severity::Medium);
        assert!(findings[0].remediation.command.contains("AKIAHOLDER"));
        assert!(check(&RULE, &holder(&["s3"], true)).is_empty());
        assert!(
            check(&RULE, &holder(&[], false)).is_empty(),
            "younger than the window"
        );
    }

    /// Issue 24: a report that failed is unknown, never "nothing used".
    #[test]
    fn a_failed_report_is_never_inactive() {
        let mut organization = holder(&[], true);
        if let Observed::Known(users) = &mut organization.accounts[0].users {
            users[0].usage = Some(Observed::Unknown);
        }
        assert!(check(&RULE, &organization).is_empty());
        if let Observed::Known(users) = &mut organization.accounts[0].users {
            users[0].usage = None;
        }
        assert!(check(&RULE, &organization).is_empty(), "not read at all");
    }
}
