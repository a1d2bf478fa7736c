//! ROOT004: the root user signed in to the console, or used an access key, within the CloudTrail
//! window.

use iam_audit_model::Observed;

use super::{Rule, Source, cis3, cis5, cis6, cis7};
use crate::context::AccountContext;
use crate::finding::{Finding, ResourceType, Severity, Text};

/// The rule.
pub static RULE: Rule = Rule {
    id: "ROOT004",
    name: "root-used-recently",
    severity: Severity::High,
    resource_type: ResourceType::AwsAccount,
    title: Text("rule-root004-title"),
    remediation: Text("rule-root004-remediation"),
    references: &[cis3("1.7"), cis5("1.6"), cis6("2.6"), cis7("2.7")],
    settings: &[],
    sources: &[Source::CloudTrail],
    documentation: "\
## What it does
Flags accounts with a root `ConsoleLogin` event in the CloudTrail window (the original tool's later
`root_last_login`), found with LookupEvents in the home region, or whose root access key was used
within that window (where the key's last use is known: the credential report's root row, or a
root session with `sts:AssumeRoot`).

## Why it matters
Root should be used only for the few tasks that need it; a root sign-in is either one of those,
which should be known and ticketed, or an incident.

## Example
Someone signed in to the management account as root 5 days ago from 198.51.100.7.

## How to fix
    aws cloudtrail lookup-events --region us-east-1 \\
        --lookup-attributes AttributeKey=EventName,AttributeValue=ConsoleLogin
Confirm the sign-in was an approved root task; if not, rotate the root password and MFA now.

## References
CIS AWS Foundations Benchmark v3.0.0 1.7, v5.0.0 1.6.
",
    check,
};

fn check(context: &AccountContext<'_>) -> Vec<Finding> {
    let Some(root) = &context.snapshot.root else {
        return Vec::new();
    };
    let login = match root.last_console_login {
        Some(Observed::Known(Some(login))) => Some(login),
        _ => None,
    };
    // A root access key used within the same window is root usage too (CIS "eliminate use of
    // the root user" reads the credential report's key columns as well): known from the
    // credential report's root row or a root session (AssumeRoot).
    let window = context
        .run
        .scope
        .as_ref()
        .and_then(|scope| scope.cloudtrail_days)
        .map_or(90, i64::from);
    let key_use = root
        .access_keys
        .iter()
        .flatten()
        .filter_map(|key| key.last_used)
        .filter(|used| context.days_since(*used) <= window)
        .max();
    let Some(latest) = login.into_iter().chain(key_use).max() else {
        return Vec::new();
    };
    let mut finding = context.account_finding(
        &RULE,
        "aws cloudtrail lookup-events --lookup-attributes AttributeKey=EventName,AttributeValue=ConsoleLogin".to_string(),
    );
    if let Some(login) = login {
        finding
            .evidence
            .insert("root_last_login", iam_audit_model::rfc3339(login));
    }
    if let Some(used) = key_use {
        finding
            .evidence
            .insert("root_key_last_used", iam_audit_model::rfc3339(used));
    }
    finding
        .evidence
        .insert("days_ago", context.days_since(latest).to_string());
    vec![finding]
}

#[cfg(test)]
mod tests {
    use iam_audit_model::{Observed, RootAccount};

    use super::*;
    use crate::context::testing::{check, days_ago, run};

    #[test]
    fn a_root_login_in_the_window_fails() {
        let mut root = RootAccount::unknown();
        root.last_console_login = Some(Observed::Known(Some(days_ago(5))));
        let findings = check(&RULE, &run(vec![], Some(root.clone())));
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0].evidence.get("days_ago").map(String::as_str),
            Some("5")
        );
        root.last_console_login = Some(Observed::Known(None));
        assert!(check(&RULE, &run(vec![], Some(root.clone()))).is_empty());
        root.last_console_login = None;
        assert!(check(&RULE, &run(vec![], Some(root))).is_empty());
    }

    #[test]
    fn a_root_key_used_in_the_window_is_root_usage() {
        let mut root = RootAccount::unknown();
        root.last_console_login = Some(Observed::Known(None));
        root.access_keys = Some(vec![iam_audit_model::RootAccessKey {
            id: None,
            status: iam_audit_model::AccessKeyStatus::Active,
            created: Some(days_ago(400)),
            last_used: Some(days_ago(3)),
            last_used_service: None,
        }]);
        let findings = check(&RULE, &run(vec![], Some(root.clone())));
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0].evidence.get("days_ago").map(String::as_str),
            Some("3")
        );
        assert!(findings[0].evidence.get("root_key_last_used").is_some());
        if let Some(keys) = &mut root.access_keys {
            keys[0].last_used = Some(days_ago(200));
        }
        assert!(check(&RULE, &run(vec![], Some(root))).is_empty());
    }
}
