//! `findings_*.csv`: one row per finding, suppressed ones included and marked.

use std::io::Write;

use iam_audit_rules::Finding;

use super::Table;
use crate::Language;
use crate::files::ReportError;

/// The columns, in order.
pub const FINDING_COLUMNS: [&str; 16] = [
    "rule_id",
    "rule_name",
    "severity",
    "account_id",
    "account_name",
    "resource_type",
    "resource",
    "user_name",
    "access_key_id",
    "title",
    "evidence",
    "remediation",
    "remediation_command",
    "references",
    "suppressed",
    "suppression_reason",
];

/// Writes the findings report; returns the number of findings.
pub fn write_findings(
    findings: &[Finding],
    language: Language,
    out: &mut dyn Write,
) -> Result<usize, ReportError> {
    let mut table = Table::new(out, &FINDING_COLUMNS)?;
    for finding in findings {
        table.row([
            finding.rule_id.to_string(),
            finding.rule_name.to_string(),
            finding.severity.as_str().to_string(),
            finding.account_id.clone(),
            finding.account_name.clone(),
            format!("{:?}", finding.resource_type),
            finding.resource.clone(),
            finding.user_name.clone().unwrap_or_default(),
            finding.access_key_id.clone().unwrap_or_default(),
            finding.title.get(language.code()),
            finding.evidence_line(),
            finding.remediation.text.get(language.code()),
            finding.remediation.command.clone(),
            finding.references_line(),
            finding.is_suppressed().to_string(),
            finding
                .suppression
                .as_ref()
                .map(|applied| applied.reason.clone())
                .unwrap_or_default(),
        ])?;
    }
    table.finish()?;
    Ok(findings.len())
}
