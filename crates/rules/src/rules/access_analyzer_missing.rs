//! AAN001: no active IAM Access Analyzer external access analyzer in the home region.

use super::{Rule, cis3, cis5, cis6, cis7, hub};
use crate::context::AccountContext;
use crate::finding::{Finding, ResourceType, Severity, Text};

/// The rule.
pub static RULE: Rule = Rule {
    id: "AAN001",
    name: "external-access-analyzer-missing",
    severity: Severity::Low,
    resource_type: ResourceType::AwsAccount,
    title: Text("rule-aan001-title"),
    remediation: Text("rule-aan001-remediation"),
    references: &[
        hub("IAM.28"),
        cis3("1.20"),
        cis5("1.19"),
        cis6("2.19"),
        cis7("2.18"),
    ],
    settings: &[],
    sources: &[],
    documentation: "\
## What it does
Flags an account with no ACTIVE IAM Access Analyzer analyzer of external access (type `ACCOUNT` or
`ORGANIZATION`) in the home region (`--region`), from ListAnalyzers. Analyzers of unused or internal
access do not count. **Only the home region is read**: CIS asks for every region, so a pass here
is a pass of the home region, and the compliance report says so.

Security Hub rates IAM.28 High; here it is low, because a missing analyzer is a gap in detection,
not an exposed credential, and it must not push credentials out of the fix-first list.

## Why it matters
The external access analyzer is what tells you a bucket, key, role or queue became reachable from
outside the account or organization; without it, such a change goes unnoticed.

## Example
Production has only an unused-access analyzer in us-east-1.

## How to fix
    aws accessanalyzer create-analyzer --analyzer-name external-access --type ACCOUNT --region us-east-1

## References
AWS Security Hub IAM.28; CIS AWS Foundations Benchmark v3.0.0 1.20, v5.0.0 1.19, v6.0.0 2.19,
v7.0.0 2.18.
",
    check,
};

fn check(context: &AccountContext<'_>) -> Vec<Finding> {
    let Some(analyzers) = context.snapshot.access_analyzers.known() else {
        return Vec::new();
    };
    if analyzers
        .iter()
        .any(|analyzer| analyzer.is_active_external())
    {
        return Vec::new();
    }
    let region = context
        .run
        .scope
        .as_ref()
        .map_or("us-east-1", |scope| scope.region.as_str());
    let mut finding = context.account_finding(
        &RULE,
        format!(
            "aws accessanalyzer create-analyzer --analyzer-name external-access --type ACCOUNT --region {region}"
        ),
    );
    finding.evidence.insert("region", region.to_string());
    let kinds: Vec<&str> = analyzers
        .iter()
        .map(|analyzer| analyzer.kind.as_str())
        .collect();
    finding.evidence.insert(
        "analyzers",
        if kinds.is_empty() {
            "none".to_string()
        } else {
            kinds.join(",")
        },
    );
    vec![finding]
}

#[cfg(test)]
mod tests {
    use iam_audit_model::{AccessAnalyzer, Observed};

    use super::*;
    use crate::context::testing::{check, run};

    fn analyzer(kind: &str, status: &str) -> AccessAnalyzer {
        AccessAnalyzer {
            name: kind.to_lowercase(),
            kind: kind.to_string(),
            status: status.to_string(),
            region: "us-east-1".to_string(),
        }
    }

    #[test]
    fn only_an_active_external_analyzer_passes() {
        let mut organization = run(vec![], None);
        organization.accounts[0].access_analyzers =
            Observed::Known(vec![analyzer("ACCOUNT_UNUSED_ACCESS", "ACTIVE")]);
        assert_eq!(check(&RULE, &organization).len(), 1);
        organization.accounts[0].access_analyzers =
            Observed::Known(vec![analyzer("ACCOUNT", "DISABLED")]);
        assert_eq!(check(&RULE, &organization).len(), 1);
        organization.accounts[0].access_analyzers =
            Observed::Known(vec![analyzer("ORGANIZATION", "ACTIVE")]);
        assert!(check(&RULE, &organization).is_empty());
        organization.accounts[0].access_analyzers = Observed::Unknown;
        assert!(check(&RULE, &organization).is_empty());
    }
}
