//! EXP002: a key id named by a secret scanner (`--exposed-keys`) is an access key of the
//! organization: critical while active, high while inactive (it can be reactivated).

use iam_audit_model::AccessKeyStatus;

use super::{Rule, Source};
use crate::context::{AccountContext, deactivate_key_command, delete_key_command};
use crate::finding::{Finding, ResourceType, Severity, Text};

/// Sightings named in the evidence; the others are counted.
const SIGHTINGS_SHOWN: usize = 5;

/// The rule.
pub static RULE: Rule = Rule {
    id: "EXP002",
    name: "access-key-leaked",
    severity: Severity::Critical,
    resource_type: ResourceType::AwsIamAccessKey,
    title: Text("rule-exp002-title"),
    remediation: Text("rule-exp002-remediation"),
    references: &[],
    settings: &[],
    sources: &[Source::ExposedKeys],
    documentation: "\
## What it does
Reads the key ids that secret scanners found (`--exposed-keys FILE`, `[exposure] exposed_keys`:
TruffleHog, Gitleaks, GitHub secret-scanning alerts, or a plain list) and flags each one that is
an access key of an audited account: **critical** (risk 100) while it is active, **high** while
it is inactive, since it can be reactivated. The evidence says where each scanner found it
(repository, file, commit, line, link). Only key ids are read from those files: secret keys in
them are dropped on reading and never stored, printed or written. Every id named, in the
organization or not, is listed in `exposed_keys[]` (JSON) and `exposed_keys_<ts>.csv` with its
status (`active`, `inactive`, `not_found`, `unknown`, `other_account`) and the account decoded
from the id. Without scanner files the rule does not run, and a finding of an earlier run is
then \"not judged\", never \"resolved\".

## Why it matters
A scanner can say that a key id is in a public repository, but not whose key it is, what it can
do, or whether it still works. The audit knows all three.

## Example
TruffleHog found `AKIA…` in `acme/app` `deploy.sh` line 12; it is `ci-deploy`'s active key in
Production.

## How to fix
In this order: deactivate the key now, then rotate it (a new key for what needs it) and
investigate what it did:
    aws iam update-access-key --user-name ci-deploy --access-key-id AKIA... --status Inactive
    aws cloudtrail lookup-events --lookup-attributes AttributeKey=AccessKeyId,AttributeValue=AKIA...
An inactive leaked key is deleted once nothing needs it:
    aws iam delete-access-key --user-name ci-deploy --access-key-id AKIA...

## References
None: secret scanners' findings joined to the audit.
",
    check,
};

fn check(context: &AccountContext<'_>) -> Vec<Finding> {
    let Some(list) = context
        .run
        .scope
        .as_ref()
        .and_then(|scope| scope.exposed_keys.as_ref())
    else {
        return Vec::new();
    };
    context
        .snapshot
        .access_keys()
        .filter_map(|(user, key)| {
            let leaked = list.get(&key.id)?;
            let active = key.status == AccessKeyStatus::Active;
            let command = if active {
                deactivate_key_command(&user.name, &key.id)
            } else {
                delete_key_command(&user.name, &key.id)
            };
            let mut finding = context.key_finding(&RULE, user, key, command);
            finding.severity = if active {
                Severity::Critical
            } else {
                Severity::High
            };
            finding.remediation.advice = Some(Text("advice-key-leaked"));
            let mut sources: Vec<String> = leaked
                .sightings
                .iter()
                .take(SIGHTINGS_SHOWN)
                .map(iam_audit_model::Sighting::describe)
                .collect();
            if leaked.sightings.len() > SIGHTINGS_SHOWN {
                sources.push(format!("+{}", leaked.sightings.len() - SIGHTINGS_SHOWN));
            }
            finding.evidence.insert("found_in", sources.join("; "));
            finding
                .evidence
                .insert("sightings", leaked.sightings.len().to_string());
            Some(finding)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use iam_audit_model::{
        AccessKeyStatus, ExposedKeyList, LeakedKey, Observed, RunScope, Sighting,
    };

    use super::*;
    use crate::context::testing::{check, key, run, user};

    fn leaked_run(named: &[&str]) -> iam_audit_model::AuditRun {
        let mut holder = user("ci-deploy");
        holder.access_keys = Observed::Known(vec![
            key("AKIAACTIVE", AccessKeyStatus::Active, 400, Some(1)),
            key("AKIAINACTIVE", AccessKeyStatus::Inactive, 400, None),
            key("AKIASAFE", AccessKeyStatus::Active, 10, Some(1)),
        ]);
        let mut organization = run(vec![holder], None);
        let mut list = ExposedKeyList::default();
        list.add(
            "scan.jsonl",
            named
                .iter()
                .map(|id| LeakedKey {
                    access_key_id: id.to_string(),
                    sightings: vec![Sighting {
                        scanner: "trufflehog".to_string(),
                        file: "scan.jsonl".to_string(),
                        repository: Some("acme/app".to_string()),
                        path: Some("deploy.sh".to_string()),
                        line: Some(12),
                        ..Sighting::default()
                    }],
                })
                .collect(),
        );
        organization.scope = Some(RunScope {
            exposed_keys: Some(list),
            ..RunScope::default()
        });
        organization
    }

    #[test]
    fn a_leaked_active_key_is_critical_an_inactive_one_high_others_nothing() {
        let findings = check(
            &RULE,
            &leaked_run(&["AKIAACTIVE", "AKIAINACTIVE", "AKIAFOREIGN"]),
        );
        let found: Vec<(&str, Severity)> = findings
            .iter()
            .map(|finding| (finding.resource.as_str(), finding.severity))
            .collect();
        assert_eq!(
            found,
            [
                ("AKIAACTIVE", Severity::Critical),
                ("AKIAINACTIVE", Severity::High)
            ]
        );
        assert_eq!(
            findings[0].evidence.get("found_in").map(String::as_str),
            Some("trufflehog: acme/app deploy.sh:12")
        );
        assert!(
            findings[0]
                .remediation
                .command
                .contains("--status Inactive")
        );
        assert!(
            findings[1]
                .remediation
                .command
                .contains("delete-access-key")
        );
    }

    #[test]
    fn without_scanner_files_nothing_is_judged() {
        let mut organization = leaked_run(&["AKIAACTIVE"]);
        organization.scope = None;
        assert!(check(&RULE, &organization).is_empty());
    }

    /// Issue 22: a leaked active key is risk 100 whatever its user can do.
    #[test]
    fn a_leaked_active_key_is_risk_one_hundred() {
        let findings = crate::evaluate(
            &leaked_run(&["AKIAACTIVE", "AKIAINACTIVE"]),
            &crate::Config::default(),
            crate::context::testing::now(),
        );
        let risk = |key: &str| {
            findings
                .iter()
                .find(|finding| finding.rule_id == "EXP002" && finding.resource == key)
                .map(|finding| finding.risk)
        };
        assert_eq!(risk("AKIAACTIVE"), Some(100));
        assert!(risk("AKIAINACTIVE").is_some_and(|risk| risk < 100));
    }
}
