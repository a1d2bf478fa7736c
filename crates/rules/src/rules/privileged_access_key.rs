//! PRV002: an administrator, or a user who can make themselves one, holds an active long-term
//! access key — critical when it has not been used for more than 90 days.

use iam_audit_model::{AccessKeyStatus, Observed};

use super::Rule;
use crate::context::AccountContext;
use crate::finding::{Finding, ResourceType, Severity, Text};

/// Days unused above which the key is critical.
const STALE_DAYS: i64 = 90;

/// The severities its findings take: high, critical when the key is unused for 90 days.
pub(crate) const SEVERITIES: (Severity, Severity) = (Severity::High, Severity::Critical);

/// The rule.
pub static RULE: Rule = Rule {
    id: "PRV002",
    name: "privileged-user-access-key",
    severity: Severity::High,
    resource_type: ResourceType::AwsIamAccessKey,
    title: Text("rule-prv002-title"),
    remediation: Text("rule-prv002-remediation"),
    references: &[],
    settings: &[],
    sources: &[],
    documentation: "\
## What it does
Flags every **active** access key of a user whose permissions are `admin` or
`privilege_escalation`: high, and **critical** when the key has not been used for more than 90
days (or, never used, is older than that).

## Why it matters
A long-term key of an all-powerful user is the most valuable secret in the account: it works
from anywhere, never expires, and an unused one is usually forgotten in a file, a pipeline or a
laptop. This is the finding the \"fix first\" list is made for.

## Example
`legacy-reporting` is an administrator and its key has not been used for 900 days.

## How to fix
As the key is used. A key nothing has used for `unused_credentials_days` (45), or never:
deactivate it today, delete it 30 days later if nothing broke:
    aws iam update-access-key --user-name legacy-reporting --access-key-id AKIA... --status Inactive
A key in use: rotate it where it is used (the finding names the addresses and clients of its
CloudTrail activity), and give the automation a role instead as soon as you can.

## References
None: the combination of CIS 1.12/1.14 (stale keys) with the user's privilege.
",
    check,
};

fn check(context: &AccountContext<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (user, key) in context.snapshot.access_keys() {
        let Some(privilege) = context.snapshot.privilege_of(&user.name) else {
            continue;
        };
        if key.status != AccessKeyStatus::Active || !privilege.class.is_privileged() {
            continue;
        }
        let unused = match &key.last_used {
            Observed::Known(used) => Some(context.days_since(used.date.unwrap_or(key.created))),
            Observed::Unknown => None,
        };
        let mut finding = context.key_finding_by_use(&RULE, user, key);
        if unused.is_some_and(|days| days > STALE_DAYS) {
            finding.severity = Severity::Critical;
        }
        finding
            .evidence
            .insert("privilege", privilege.class.as_str().to_string());
        finding.evidence.insert(
            "days_unused",
            unused.map_or_else(|| "unknown".to_string(), |days| days.to_string()),
        );
        finding
            .evidence
            .insert("granted_by", privilege.granting_policies.join(","));
        findings.push(finding);
    }
    findings
}

#[cfg(test)]
mod tests {
    use iam_audit_model::{AccessKeyStatus, Observed, PrivilegeClass};

    use super::*;
    use crate::context::testing::{check, key, privileged, user};

    fn holder(
        class: PrivilegeClass,
        status: AccessKeyStatus,
        used: Option<i64>,
    ) -> iam_audit_model::AuditRun {
        let mut holder = user("holder");
        holder.access_keys = Observed::Known(vec![key("AKIAHOLDER", status, 400, used)]);
        privileged(holder, class)
    }

    #[test]
    fn a_privileged_users_key_is_high_and_critical_when_stale() {
        let fresh = check(
            &RULE,
            &holder(PrivilegeClass::Admin, AccessKeyStatus::Active, Some(90)),
        );
        assert_eq!(fresh[0].severity, Severity::High);
        let stale = check(
            &RULE,
            &holder(
                PrivilegeClass::PrivilegeEscalation,
                AccessKeyStatus::Active,
                Some(91),
            ),
        );
        assert_eq!(stale[0].severity, Severity::Critical);
        let never = check(
            &RULE,
            &holder(PrivilegeClass::Admin, AccessKeyStatus::Active, None),
        );
        assert_eq!(
            never[0].severity,
            Severity::Critical,
            "never used, 400 days old"
        );
        assert!(
            check(
                &RULE,
                &holder(PrivilegeClass::Write, AccessKeyStatus::Active, None)
            )
            .is_empty()
        );
        assert!(
            check(
                &RULE,
                &holder(PrivilegeClass::Admin, AccessKeyStatus::Inactive, None)
            )
            .is_empty()
        );
    }
}
