//! `iam_audit_ocsf_*.json`: findings as OCSF events (schema 1.5.0), the format the new AWS
//! Security Hub and Amazon Security Lake take (and Prowler's default). A JSON array, one event per
//! finding; documented in `docs/json.md`.
//!
//! Class: **Compliance Finding** (`class_uid` 2003), not Detection Finding (2004). Every rule
//! checks a configuration against a control (CIS AWS Foundations, Security Hub), which is what a
//! Compliance Finding describes; Detection Finding is for detected activity (GuardDuty-like).
//! It also has the one status iam-audit needs beyond pass/fail: `compliance.status_id` 2,
//! *Warning*, "did not yield a result due to missing information" — AUD001, a read that failed,
//! is a Warning, never a Fail of the control nor a Pass. Suppressed findings keep their
//! compliance status and get the finding status *Suppressed* (3) with the reason.
//!
//! The cloud profile adds `cloud` (provider, region, account); evidence that has no OCSF
//! attribute goes to `unmapped`.

use std::io::Write;

use chrono::{DateTime, Utc};
use iam_audit_model::AuditRun;
use iam_audit_rules::{Finding, Severity};
use serde_json::{Value, json};

use crate::Judged;
use crate::files::ReportError;

/// The OCSF schema version the events follow.
pub const OCSF_VERSION: &str = "1.5.0";

/// OCSF's `severity_id` and caption.
fn severity(severity: Severity) -> (u8, &'static str) {
    match severity {
        Severity::Info => (1, "Informational"),
        Severity::Low => (2, "Low"),
        Severity::Medium => (3, "Medium"),
        Severity::High => (4, "High"),
        Severity::Critical => (5, "Critical"),
    }
}

/// The control's compliance `status_id`: Warning (2) for a read that failed, Fail (3) otherwise.
fn compliance_status(finding: &Finding) -> u8 {
    if finding.rule_id == "AUD001" { 2 } else { 3 }
}

/// The OCSF event of one finding.
pub fn ocsf_event(finding: &Finding, run: &AuditRun, region: &str, now: DateTime<Utc>) -> Value {
    let (severity_id, severity_caption) = severity(finding.severity);
    let compliance_id = compliance_status(finding);
    let time = now.timestamp_millis();
    let id = finding.id();
    let title = finding.title.get("en");
    let mut standards: Vec<&str> = finding
        .references
        .iter()
        .map(|reference| reference.framework)
        .collect();
    standards.dedup();
    let requirements: Vec<String> = finding.references.iter().map(ToString::to_string).collect();
    let evidence: serde_json::Map<String, Value> = finding
        .evidence
        .iter()
        .map(|(name, value)| (name.to_string(), Value::String(value.to_string())))
        .collect();
    let mut event = json!({
        "activity_id": 1,
        "activity_name": "Create",
        "category_uid": 2,
        "category_name": "Findings",
        "class_uid": 2003,
        "class_name": "Compliance Finding",
        "type_uid": 200301,
        "type_name": "Compliance Finding: Create",
        "time": time,
        "time_dt": crate::rfc3339(now),
        "severity_id": severity_id,
        "severity": severity_caption,
        "status_id": if finding.is_suppressed() { 3 } else { 1 },
        "status": if finding.is_suppressed() { "Suppressed" } else { "New" },
        "message": if finding.evidence.is_empty() { title.clone() } else { format!("{title} ({})", finding.evidence_line()) },
        "metadata": {
            "version": OCSF_VERSION,
            "uid": id,
            "event_code": finding.rule_id,
            "profiles": ["cloud"],
            "product": {
                "name": "iam-audit",
                "vendor_name": "iam-audit",
                "version": env!("CARGO_PKG_VERSION"),
                "feature": {"name": finding.rule_name, "uid": finding.rule_id},
            },
        },
        "finding_info": {
            "uid": id,
            "title": title,
            "desc": finding.remediation.text_in("en"),
            "types": [finding.rule_name],
            "created_time": time,
            "created_time_dt": crate::rfc3339(now),
        },
        "compliance": {
            "control": format!("{} {}", finding.rule_id, finding.rule_name),
            "requirements": requirements,
            "standards": standards,
            "status_id": compliance_id,
        },
        "remediation": {
            "desc": format!("{} {}", finding.remediation.text_in("en"), finding.remediation.command),
        },
        "resources": [{
            "uid": finding.resource,
            "type": finding.resource_type.as_str(),
            "name": finding.user_name.as_deref().unwrap_or(&finding.resource),
            "region": region,
            "cloud_partition": run.caller.partition().0,
        }],
        "cloud": {
            "provider": "AWS",
            "region": region,
            "account": {"uid": finding.account_id, "name": finding.account_name, "type": "AWS Account", "type_id": 10},
        },
        "unmapped": {
            "evidence": evidence,
            "access_key_id": finding.access_key_id,
            "organization_id": run.organization_id,
        },
    });
    if let Some(suppression) = &finding.suppression {
        event["status_detail"] = json!(format!(
            "suppressed: {}{}",
            suppression.reason,
            suppression
                .expires
                .as_deref()
                .map(|date| format!(" (until {date})"))
                .unwrap_or_default()
        ));
    }
    event
}

/// Writes every finding as a JSON array of OCSF events, one at a time.
pub fn write_ocsf(
    judged: &Judged<'_>,
    region: &str,
    out: &mut dyn Write,
) -> Result<usize, ReportError> {
    let (run, findings, now) = (judged.run, judged.findings, judged.now);
    crate::files::write_json_array(
        out,
        "ocsf",
        findings
            .iter()
            .map(|finding| ocsf_event(finding, run, region, now)),
    )?;
    Ok(findings.len())
}
