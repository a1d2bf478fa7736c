//! KEY006: a console user's active access key never used — CIS's "do not set up access keys during
//! initial user setup", from day one.

use iam_audit_model::{AccessKeyStatus, Observed};

use super::{Rule, cis3, cis5, cis6, cis7, hub, unused_for};
use crate::context::AccountContext;
use crate::finding::{Finding, Reference, ResourceType, Severity, Text};

/// CIS's "no access keys at initial user setup" (v3.0.0 1.11, v5.0.0 1.10, v6.0.0 2.10; v7.0.0
/// dropped it).
const INITIAL_SETUP: [crate::finding::Reference; 3] = [cis3("1.11"), cis5("1.10"), cis6("2.10")];

/// The rule.
pub static RULE: Rule = Rule {
    id: "KEY006",
    name: "initial-access-key-never-used",
    severity: Severity::Medium,
    resource_type: ResourceType::AwsIamAccessKey,
    title: Text("rule-key006-title"),
    remediation: Text("rule-key006-remediation"),
    references: &[
        hub("IAM.8"),
        hub("IAM.22"),
        cis3("1.11"),
        cis3("1.12"),
        cis5("1.10"),
        cis5("1.11"),
        cis6("2.10"),
        cis6("2.11"),
        cis7("2.11"),
    ],
    settings: &[],
    sources: &[],
    documentation: "\
## What it does
Flags every **active** access key that has never been used and belongs to a user with a console
password, however new the key: CIS 1.11 (v3.0.0; 1.10 in v5.0.0) says not to set up access keys
during initial user setup for users with a console password, and its audit flags such a key from
day one. Keys of users without a console password are KEY003's (with its grace period).

## Why it matters
Console users created with an access key \"in case they need the CLI\" end up with a long-term
secret they never use and nobody watches; the CLI works with short-term credentials
(`aws login`, IAM Identity Center).

## Example
`new-console-user` was created two days ago with a console password and an access key that has
never signed a request.

## How to fix
Deactivate it (nothing has ever used it), and delete it 30 days later if nothing broke:
    aws iam update-access-key --user-name new-console-user --access-key-id AKIA... --status Inactive
    aws iam delete-access-key --user-name new-console-user --access-key-id AKIA...
If the person needs the CLI, give them IAM Identity Center or `aws login` instead.

## References
CIS AWS Foundations Benchmark v3.0.0 1.11, v5.0.0 1.10.
",
    check,
};

fn check(context: &AccountContext<'_>) -> Vec<Finding> {
    context
        .snapshot
        .access_keys()
        .filter(|(user, _)| matches!(user.login_profile, Observed::Known(Some(_))))
        .filter(|(_, key)| key.status == AccessKeyStatus::Active)
        .filter(|(_, key)| matches!(&key.last_used, Observed::Known(used) if used.date.is_none()))
        .map(|(user, key)| {
            let mut finding = context.key_finding_by_use(&RULE, user, key);
            let age = context.days_since(key.created);
            // The initial-setup control from day one; the unused-credential controls too once the
            // key is 45 days old (IAM.8 at 90), as their own text counts.
            finding.references =
                std::borrow::Cow::Owned(Reference::combined(&[&INITIAL_SETUP, unused_for(age)]));
            finding.evidence.insert("key_age_days", age.to_string());
            finding.evidence.insert("last_used", "never".to_string());
            finding
                .evidence
                .insert("console_password", "yes".to_string());
            finding
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use iam_audit_model::AccessKeyStatus::{Active, Inactive};

    use super::*;
    use crate::context::testing::{check, key, run, user, with_password};

    fn console_user(
        status: AccessKeyStatus,
        age: i64,
        used: Option<i64>,
    ) -> iam_audit_model::AuditRun {
        let mut holder = with_password(user("new-console-user"), age, None);
        holder.access_keys = Observed::Known(vec![key("AKIANEW", status, age, used)]);
        run(vec![holder], None)
    }

    #[test]
    fn a_console_users_unused_key_is_flagged_from_day_one() {
        assert_eq!(check(&RULE, &console_user(Active, 0, None)).len(), 1);
        assert_eq!(check(&RULE, &console_user(Active, 500, None)).len(), 1);
        assert!(check(&RULE, &console_user(Active, 0, Some(0))).is_empty());
        assert!(check(&RULE, &console_user(Inactive, 0, None)).is_empty());
    }

    #[test]
    fn users_without_a_known_password_are_not_this_rules() {
        let mut holder = user("robot");
        holder.access_keys = Observed::Known(vec![key("AKIAROBOT", Active, 0, None)]);
        assert!(check(&RULE, &run(vec![holder.clone()], None)).is_empty());
        holder.login_profile = Observed::Unknown;
        assert!(check(&RULE, &run(vec![holder], None)).is_empty());
    }
}
