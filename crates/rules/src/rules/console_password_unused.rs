//! PWD002: a console password unused for 45 days or more.

use iam_audit_model::Observed;

use super::{Rule, UNUSED_CREDENTIALS_90, unused_for};
use crate::context::{AccountContext, shell_quote};
use crate::finding::{Finding, ResourceType, Severity, Text};

/// The rule.
pub static RULE: Rule = Rule {
    id: "PWD002",
    name: "console-password-unused",
    severity: Severity::Medium,
    resource_type: ResourceType::AwsIamUser,
    title: Text("rule-pwd002-title"),
    remediation: Text("rule-pwd002-remediation"),
    references: UNUSED_CREDENTIALS_90,
    settings: &["unused_credentials_days"],
    sources: &[],
    documentation: "\
## What it does
Flags every user with a console password whose last sign-in (ListUsers' `PasswordLastUsed`) is
`unused_credentials_days` (default 45) days ago or more, or who never signed in with a password set
that long ago. Exactly 45 days fails.

## Why it matters
Dormant console access belongs to people who left or changed roles; it is an easy target.

## Example
`frank.contractor` last signed in 200 days ago.

## How to fix
    aws iam delete-login-profile --user-name frank.contractor

## References
AWS Security Hub IAM.22; CIS AWS Foundations Benchmark v3.0.0 1.12, v5.0.0 1.11.
",
    check,
};

fn check(context: &AccountContext<'_>) -> Vec<Finding> {
    let limit = context.thresholds.unused_credentials_days;
    context
        .snapshot
        .users
        .known()
        .into_iter()
        .flatten()
        .filter_map(|user| {
            let Observed::Known(Some(profile)) = &user.login_profile else {
                return None;
            };
            let (idle, last_used) = match user.password_last_used {
                Some(used) => (context.days_since(used), iam_audit_model::rfc3339(used)),
                None => (context.days_since(profile.created), "never".to_string()),
            };
            if idle < limit {
                return None;
            }
            let command = format!(
                "aws iam delete-login-profile --user-name {}",
                shell_quote(&user.name)
            );
            let mut finding = context.user_finding(&RULE, user, command);
            finding.references = std::borrow::Cow::Borrowed(unused_for(idle));
            finding.evidence.insert("days_unused", idle.to_string());
            finding.evidence.insert("password_last_used", last_used);
            Some(finding)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::testing::{check, run, user, with_password};

    fn fires(created: i64, last_used: Option<i64>) -> bool {
        !check(
            &RULE,
            &run(vec![with_password(user("u"), created, last_used)], None),
        )
        .is_empty()
    }

    #[test]
    fn forty_five_days_fail_forty_four_pass() {
        assert!(!fires(400, Some(44)));
        assert!(fires(400, Some(45)));
        assert!(fires(400, Some(46)));
    }

    #[test]
    fn a_never_used_password_counts_from_its_creation() {
        assert!(!fires(3, None), "a new user has 45 days to sign in");
        assert!(!fires(44, None));
        assert!(fires(45, None));
    }

    #[test]
    fn users_without_password_pass() {
        assert!(check(&RULE, &run(vec![user("service")], None)).is_empty());
    }
}
