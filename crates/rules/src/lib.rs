//! Judges collected IAM data: pure functions from one account's snapshot (plus configuration and
//! an injected "now") to findings mapped to CIS AWS Foundations and AWS Security Hub controls.
//!
//! **Invariant:** pure. No I/O, no clock (now is injected), no Tokio, no AWS SDK: the rules build
//! and test in seconds, and the same snapshot always gives the same findings. One file per rule under `rules/`,
//! each with a stable id that is never reused, its metadata, its documentation (shown by
//! `iam-audit explain RULE`) and its boundary tests.

pub mod compliance;
mod config;
mod context;
mod finding;
mod owners;
pub mod risk;
pub mod routes;
pub mod rules;
mod sla;
mod suppression;

use chrono::{DateTime, Utc};
use iam_audit_model::AuditRun;

pub use config::{Config, ConfigError, Exposure, Suppression, Thresholds};
pub use context::AccountContext;
pub use finding::{
    AppliedSuppression, Evidence, Finding, Reference, Remediation, ResourceType, Severity, Text,
    count_by_severity,
};
pub use owners::{NO_OWNERS, Owners};
pub use routes::{Route, RouteTarget};
pub use rules::{RULES, Rule, Source, rule, severity_range};
pub use sla::{Deadline, Sla};

/// Every finding of a run: each rule over each account, audit-coverage findings for what could
/// not be read, severity overrides and suppressions applied (expired suppressions reported),
/// sorted by account, rule and resource.
pub fn evaluate(run: &AuditRun, config: &Config, now: DateTime<Utc>) -> Vec<Finding> {
    let mut findings = Vec::new();
    for snapshot in &run.accounts {
        let context = AccountContext {
            snapshot,
            run,
            thresholds: &config.thresholds,
            exposure: &config.exposure,
            now,
        };
        let first = findings.len();
        for rule in RULES {
            findings.extend((rule.check)(&context));
        }
        place(&mut findings[first..], snapshot, &config.owners);
    }
    let first = findings.len();
    findings.extend(rules::audit_incomplete::run_level(run));
    findings.extend(rules::root_credentials_management_disabled::run_level(run));
    for finding in &mut findings[first..] {
        if let Some(snapshot) = run
            .accounts
            .iter()
            .find(|snapshot| snapshot.account.id == finding.account_id)
        {
            place(std::slice::from_mut(finding), snapshot, &config.owners);
        }
    }
    for finding in &mut findings {
        if let Some(severity) = config.severity.get(finding.rule_id) {
            finding.severity = *severity;
        }
    }
    let expired = suppression::apply(&mut findings, &config.suppressions, now);
    findings.extend(expired);
    risk::assess(&mut findings, run, now);
    // A total order (findings equal in every key are identical), so the unstable sort is as
    // deterministic as a stable one, and it sorts in place: a stable sort's buffer is half the
    // findings again (9 MB at 1,000 accounts).
    findings.sort_unstable_by(|left, right| {
        (
            &left.account_id,
            left.rule_id,
            &left.resource,
            &left.user_name,
            &left.evidence,
            left.title.0,
        )
            .cmp(&(
                &right.account_id,
                right.rule_id,
                &right.resource,
                &right.user_name,
                &right.evidence,
                right.title.0,
            ))
    });
    findings
}

/// Gives one account's findings its OU path and each its owner (`[owners]`), sharing the text.
fn place(findings: &mut [Finding], snapshot: &iam_audit_model::AccountSnapshot, owners: &Owners) {
    let ou_path: Option<std::sync::Arc<str>> = snapshot.ou_path.as_deref().map(Into::into);
    let mut known: std::collections::HashMap<Option<String>, Option<std::sync::Arc<str>>> =
        std::collections::HashMap::new();
    for finding in findings {
        finding.ou_path.clone_from(&ou_path);
        finding.owner = known
            .entry(finding.user_name.clone())
            .or_insert_with(|| {
                owners
                    .owner_of(snapshot, finding.user_name.as_deref())
                    .map(Into::into)
            })
            .clone();
    }
}
