//! AUD001: something in an account could not be read, so its other findings may be incomplete.

use std::collections::BTreeMap;

use iam_audit_model::{AuditRun, CollectionError};

use super::Rule;
use crate::context::AccountContext;
use crate::finding::{Evidence, Finding, Remediation, ResourceType, Severity, Text};

/// The rule.
pub static RULE: Rule = Rule {
    id: "AUD001",
    name: "audit-incomplete",
    severity: Severity::High,
    resource_type: ResourceType::AwsAccount,
    title: Text("rule-aud001-title"),
    remediation: Text("rule-aud001-remediation"),
    references: &[],
    settings: &[],
    sources: &[],
    documentation: "\
## What it does
Reports, once per account and API, every read that failed: AssumeRole denied, an IAM or CloudTrail
call denied by a policy or SCP, throttling that retries did not absorb, timeouts, malformed
answers. Failures that belong to no audited account (an id in `--accounts` that is not in the
organization, the organization's root-credentials feature) are reported too.

## Why it matters
A check that could not read its data passes silently in most tools. Here the gap is itself a
finding, so a view filtered by severity can never look clean by accident.

## Example
`AccessDenied` on `iam:GetLoginProfile` for 3 users of Production: their password status is
`Unknown`, and PWD001/PWD002 could not judge them.

## How to fix
Read the error's message and code in `audit_errors_*.csv`; for AccessDenied grant the read action
to the audit role and check SCPs; for AssumeRole, deploy the role or fix its trust policy.

## References
None: this is iam-audit's own coverage control.
",
    check,
};

fn check(context: &AccountContext<'_>) -> Vec<Finding> {
    findings_for(
        &context.snapshot.account.id,
        &context.snapshot.account.name,
        &context.snapshot.errors,
    )
}

/// Findings for failures outside any audited account.
pub fn run_level(run: &AuditRun) -> Vec<Finding> {
    let mut by_account: BTreeMap<&str, Vec<CollectionError>> = BTreeMap::new();
    for error in &run.errors {
        by_account
            .entry(error.account_id.as_str())
            .or_default()
            .push(error.clone());
    }
    by_account
        .into_iter()
        .flat_map(|(account_id, errors)| findings_for(account_id, "", &errors))
        .collect()
}

fn findings_for(account_id: &str, account_name: &str, errors: &[CollectionError]) -> Vec<Finding> {
    let mut by_api: BTreeMap<&str, Vec<&CollectionError>> = BTreeMap::new();
    for error in errors {
        by_api.entry(error.api.as_str()).or_default().push(error);
    }
    by_api
        .into_iter()
        .map(|(api, failures)| {
            let first = failures[0];
            let mut evidence = Evidence::default();
            evidence.insert("api", api.to_string());
            evidence.insert("failures", failures.len().to_string());
            evidence.insert("error_kind", first.kind.as_str().to_string());
            evidence.insert("error_code", first.code.clone().unwrap_or_default());
            evidence.insert("message", first.message.clone());
            Finding {
                rule_id: RULE.id,
                rule_name: RULE.name,
                severity: RULE.severity,
                account_id: account_id.to_string(),
                account_name: account_name.to_string(),
                resource_type: ResourceType::AwsAccount,
                resource: Finding::account_resource(account_id),
                user_name: None,
                access_key_id: None,
                title: RULE.title,
                evidence,
                remediation: Remediation {
                    text: RULE.remediation,
                    advice: None,
                    arguments: Vec::new(),
                    command: format!("iam-audit doctor --accounts {account_id}"),
                },
                references: std::borrow::Cow::Borrowed(RULE.references),
                suppression: None,
                discriminator: Some(api.to_string()),
                privilege: None,
                risk: 0,
                owner: None,
                ou_path: None,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use iam_audit_model::ErrorKind;

    use super::*;
    use crate::context::testing::{check as run_rule, run};

    fn error(api: &str, resource: &str) -> CollectionError {
        CollectionError {
            account_id: "123456789012".to_string(),
            api: api.to_string(),
            resource: Some(resource.to_string()),
            kind: ErrorKind::AccessDenied,
            code: Some("AccessDenied".to_string()),
            message: "denied".to_string(),
        }
    }

    #[test]
    fn one_finding_per_account_and_api() {
        let mut organization = run(vec![], None);
        organization.accounts[0].errors = vec![
            error("iam:GetLoginProfile", "a"),
            error("iam:GetLoginProfile", "b"),
            error("iam:ListMFADevices", "a"),
        ];
        let findings = run_rule(&RULE, &organization);
        assert_eq!(findings.len(), 2);
        assert_eq!(findings[0].severity, Severity::High);
        assert_eq!(
            findings[0].evidence.get("failures").map(String::as_str),
            Some("2")
        );
        assert_eq!(
            findings[1].evidence.get("api").map(String::as_str),
            Some("iam:ListMFADevices")
        );
    }

    #[test]
    fn run_level_failures_are_findings_too() {
        let mut organization = run(vec![], None);
        organization.errors.push(CollectionError {
            account_id: "999999999999".to_string(),
            ..error("organizations:ListAccounts", "")
        });
        let findings = run_level(&organization);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].account_id, "999999999999");
    }
}
