//! USE001: a credentialed user is granted services it did not use within the run's usage window.

use iam_audit_model::{Observed, PrivilegeClass, User, UserUsage};

use super::{ACCESS_ANALYZER, Rule, Source};
use crate::context::{AccountContext, shell_quote};
use crate::finding::{Finding, Reference, ResourceType, Severity, Text};

/// The rule.
pub static RULE: Rule = Rule {
    id: "USE001",
    name: "unused-permissions",
    severity: Severity::Medium,
    resource_type: ResourceType::AwsIamUser,
    title: Text("rule-use001-title"),
    remediation: Text("rule-use001-remediation"),
    references: &[Reference {
        framework: ACCESS_ANALYZER,
        control: "UnusedPermission",
    }],
    settings: &[],
    sources: &[Source::ServiceLastAccessed],
    documentation: "\
## What it does
For every user with an active access key or a console password whose service last accessed
report was read (`--last-accessed`), compares the services its identity-based policies grant
(some action allowed on some resource, after Denies and the permissions boundary) with the
services it used within `--usage-window-days` (default 90). Flags the user when it used at least
one service and some granted service went unused. Severity by what the user holds: `admin` or
`privilege_escalation` high, `write` medium, `read_only` low. The evidence counts the services
granted and used and names the first unused ones. A user that used nothing is USE002's; a user
whose report or policies could not be read is not judged (AUD001 says why).

## Why it matters
What a credential *can* do is its blast radius; what it *does* is the business need. An
administrator whose key only reads two buckets carries the whole account for two reads: the fix
is a narrow policy, not a rotation. IAM publishes this for free, per principal, with 400 days of
history.

## Example
`carol.ops` is in Admins (AdministratorAccess, 48 services) and in 90 days used only S3
(`s3:GetObject`, `s3:ListBucket`).

## How to fix
Review the suggested policy written for the user (`suggested_policies_<timestamp>/<account>-<user>.json`,
also `users[].usage.suggested_policy` in the JSON report): it allows only what was used, and
never more than the user holds today. Create and attach it, detach the old policies (or take the
user out of the broad group), and keep the old ones for a rollback:
    aws iam create-policy --policy-name iam-audit-carol.ops --policy-document file://123456789012-carol.ops.json
    aws iam attach-user-policy --user-name carol.ops --policy-arn arn:aws:iam::123456789012:policy/iam-audit-carol.ops

## References
IAM Access Analyzer's unused access finding type UnusedPermission (a paid analyzer; this reads
the same service last accessed data for free). No CIS or Security Hub control checks it.
",
    check,
};

fn check(context: &AccountContext<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    for user in context.snapshot.users.known().into_iter().flatten() {
        let Some((usage, grants)) = judged_usage(user) else {
            continue;
        };
        let severity = match context.snapshot.privilege_class(&user.name) {
            PrivilegeClass::Admin | PrivilegeClass::PrivilegeEscalation => Severity::High,
            PrivilegeClass::Write => Severity::Medium,
            PrivilegeClass::ReadOnly => Severity::Low,
            PrivilegeClass::None | PrivilegeClass::Unknown => continue,
        };
        if usage.services_used.is_empty() || grants.services_unused == 0 {
            continue;
        }
        let account_id = &context.snapshot.account.id;
        let policy_name = format!("iam-audit-{}", user.name);
        let command = format!(
            "aws iam create-policy --policy-name {} --policy-document file://{} && aws iam attach-user-policy --user-name {} --policy-arn arn:{}:iam::{account_id}:policy/{}",
            shell_quote(&policy_name),
            shell_quote(&format!("{account_id}-{}.json", user.name)),
            shell_quote(&user.name),
            context.run.caller.partition().0,
            shell_quote(&policy_name),
        );
        let mut finding = context.user_finding(&RULE, user, command);
        finding.severity = severity;
        let evidence = &mut finding.evidence;
        evidence.insert("window_days", usage.window_days.to_string());
        evidence.insert("services_granted", grants.services_granted.to_string());
        evidence.insert("services_used", usage.services_used.len().to_string());
        evidence.insert("services_unused", grants.services_unused.to_string());
        evidence.insert("unused_services", grants.first_unused.join(","));
        evidence.insert("used_services", usage.services_used.join(","));
        evidence.insert(
            "suggested_policy",
            if grants.suggested_policy.is_some() {
                "written"
            } else {
                "none"
            }
            .to_string(),
        );
        findings.push(finding);
    }
    findings
}

/// A credentialed user's usage whose grants were judged.
pub(crate) fn judged_usage(user: &User) -> Option<(&UserUsage, &iam_audit_model::UsageGrants)> {
    if user.is_credentialed() != Some(true) {
        return None;
    }
    let Some(Observed::Known(usage)) = &user.usage else {
        return None;
    };
    Some((usage, usage.grants.as_ref()?))
}

#[cfg(test)]
mod tests {
    use iam_audit_model::{AccessKeyStatus, PrivilegeClass};

    use super::*;
    use crate::context::testing::{check, key, privileged, usage, user};

    fn holder(class: PrivilegeClass, used: &[&str], granted: u32) -> iam_audit_model::AuditRun {
        let mut holder = user("holder");
        holder.access_keys = Observed::Known(vec![key(
            "AKIAHOLDER",
            AccessKeyStatus::Active,
            30,
            Some(1),
        )]);
        holder.usage = Some(Observed::Known(usage(used, granted)));
        privileged(holder, class)
    }

    #[test]
    fn severity_follows_what_the_user_holds() {
        for (class, severity) in [
            (PrivilegeClass::Admin, Severity::High),
            (PrivilegeClass::PrivilegeEscalation, Severity::High),
            (PrivilegeClass::Write, Severity::Medium),
            (PrivilegeClass::ReadOnly, Severity::Low),
        ] {
            let findings = check(&RULE, &holder(class, &["s3"], 48));
            assert_eq!(findings.len(), 1, "{class:?}");
            assert_eq!(findings[0].severity, severity);
            assert_eq!(
                findings[0]
                    .evidence
                    .get("services_granted")
                    .map(String::as_str),
                Some("48")
            );
            assert_eq!(
                findings[0]
                    .evidence
                    .get("services_unused")
                    .map(String::as_str),
                Some("47")
            );
        }
    }

    #[test]
    fn using_all_nothing_or_having_no_credential_is_not_this_finding() {
        assert!(
            check(
                &RULE,
                &holder(PrivilegeClass::Write, &["codebuild", "s3"], 2)
            )
            .is_empty()
        );
        assert!(
            check(&RULE, &holder(PrivilegeClass::Admin, &[], 48)).is_empty(),
            "USE002's"
        );
        let mut organization = holder(PrivilegeClass::Admin, &["s3"], 48);
        if let Observed::Known(users) = &mut organization.accounts[0].users {
            users[0].access_keys = Observed::Known(Vec::new());
        }
        assert!(check(&RULE, &organization).is_empty());
    }

    #[test]
    fn an_unread_report_or_unread_policies_are_not_judged() {
        let mut organization = holder(PrivilegeClass::Admin, &["s3"], 48);
        if let Observed::Known(users) = &mut organization.accounts[0].users {
            users[0].usage = Some(Observed::Unknown);
        }
        assert!(check(&RULE, &organization).is_empty());
        let mut organization = holder(PrivilegeClass::Admin, &["s3"], 48);
        if let Observed::Known(users) = &mut organization.accounts[0].users
            && let Some(Observed::Known(usage)) = &mut users[0].usage
        {
            usage.grants = None;
        }
        assert!(check(&RULE, &organization).is_empty());
    }
}
