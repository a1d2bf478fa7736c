//! KEY003: an active access key never used, older than a grace period, of a user without a console
//! password (a console user's unused key is KEY006's, from day one).

use iam_audit_model::{AccessKeyStatus, Observed};

use super::{Rule, UNUSED_CREDENTIALS_90, unused_for};
use crate::context::AccountContext;
use crate::finding::{Finding, ResourceType, Severity, Text};

/// The rule.
pub static RULE: Rule = Rule {
    id: "KEY003",
    name: "access-key-never-used",
    severity: Severity::Medium,
    resource_type: ResourceType::AwsIamAccessKey,
    title: Text("rule-key003-title"),
    remediation: Text("rule-key003-remediation"),
    references: UNUSED_CREDENTIALS_90,
    settings: &["never_used_grace_days"],
    sources: &[],
    documentation: "\
## What it does
Flags every **active** access key that has never signed a request and is older than
`never_used_grace_days` (default 7) days, of a user without a console password (or whose password
could not be read). A freshly rotated key is not flagged the day it is made: at 7 days it passes,
at 8 it fails. A console user's never-used key is KEY006's (CIS 1.11, no grace period), so no key
is flagged twice.

## Why it matters
Keys created \"just in case\" are credentials nobody watches; an unused credential is what CIS
1.12 and Security Hub IAM.22 ask to remove.

## Example
`legacy-reporting` has had an active key for 900 days that was never used.

## How to fix
Deactivate it (nothing has ever used it), and delete it 30 days later if nothing broke:
    aws iam update-access-key --user-name legacy-reporting --access-key-id AKIA... --status Inactive
    aws iam delete-access-key --user-name legacy-reporting --access-key-id AKIA...

## References
AWS Security Hub IAM.22; CIS AWS Foundations Benchmark v3.0.0 1.12, v5.0.0 1.11.
",
    check,
};

fn check(context: &AccountContext<'_>) -> Vec<Finding> {
    context
        .snapshot
        .access_keys()
        .filter(|(user, _)| !matches!(user.login_profile, Observed::Known(Some(_))))
        .filter(|(_, key)| key.status == AccessKeyStatus::Active)
        .filter(|(_, key)| matches!(&key.last_used, Observed::Known(used) if used.date.is_none()))
        .filter_map(|(user, key)| {
            let age = context.days_since(key.created);
            if age <= context.thresholds.never_used_grace_days {
                return None;
            }
            let mut finding = context.key_finding_by_use(&RULE, user, key);
            // A never-used key is an unused credential by the controls' count from day 45, not
            // from the grace period's end.
            finding.references = std::borrow::Cow::Borrowed(unused_for(age));
            finding.evidence.insert("key_age_days", age.to_string());
            finding.evidence.insert("last_used", "never".to_string());
            Some(finding)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use iam_audit_model::AccessKeyStatus::{Active, Inactive};
    use iam_audit_model::Observed;

    use super::*;
    use crate::context::testing::{check, one_key};

    #[test]
    fn within_the_grace_period_a_new_key_passes() {
        assert!(check(&RULE, &one_key(Active, 0, None)).is_empty());
        assert!(check(&RULE, &one_key(Active, 7, None)).is_empty());
        assert_eq!(check(&RULE, &one_key(Active, 8, None)).len(), 1);
    }

    #[test]
    fn a_console_users_key_is_key006s() {
        let mut run = one_key(Active, 100, None);
        if let Observed::Known(users) = &mut run.accounts[0].users {
            users[0] = crate::context::testing::with_password(users[0].clone(), 100, None);
        }
        assert!(check(&RULE, &run).is_empty());
    }

    #[test]
    fn used_inactive_and_unreadable_keys_pass() {
        assert!(check(&RULE, &one_key(Active, 100, Some(1))).is_empty());
        assert!(check(&RULE, &one_key(Inactive, 100, None)).is_empty());
        let mut run = one_key(Active, 100, None);
        if let Observed::Known(users) = &mut run.accounts[0].users
            && let Observed::Known(keys) = &mut users[0].access_keys
        {
            keys[0].last_used = Observed::Unknown;
        }
        assert!(
            check(&RULE, &run).is_empty(),
            "an unread last use is an audit gap, not 'never used'"
        );
    }
}
