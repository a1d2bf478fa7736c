//! ROOT004: the root user signed in to the console within the CloudTrail window.

use iam_audit_model::Observed;

use super::{CIS_3, CIS_5, Rule, Source};
use crate::context::AccountContext;
use crate::finding::{Finding, Reference, ResourceType, Severity, Text};

/// The rule.
pub static RULE: Rule = Rule {
    id: "ROOT004",
    name: "root-used-recently",
    severity: Severity::High,
    resource_type: ResourceType::AwsAccount,
    title: Text("rule-root004-title"),
    remediation: Text("rule-root004-remediation"),
    references: &[
        Reference {
            framework: CIS_3,
            control: "1.7",
        },
        Reference {
            framework: CIS_5,
            control: "1.6",
        },
    ],
    settings: &[],
    sources: &[Source::CloudTrail],
    documentation: "\
## What it does
Flags accounts with a root `ConsoleLogin` event in the CloudTrail window (the original tool's later
`root_last_login`), found with LookupEvents in the home region.

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
    let Some(Observed::Known(Some(last_login))) = root.last_console_login else {
        return Vec::new();
    };
    let mut finding = context.account_finding(
        &RULE,
        "aws cloudtrail lookup-events --lookup-attributes AttributeKey=EventName,AttributeValue=ConsoleLogin".to_string(),
    );
    finding
        .evidence
        .insert("root_last_login", iam_audit_model::rfc3339(last_login));
    finding
        .evidence
        .insert("days_ago", context.days_since(last_login).to_string());
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
}
