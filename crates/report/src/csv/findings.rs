//! `findings_*.csv`: one row per finding, suppressed ones included and marked.

use std::io::Write;

use serde::Serialize;

use super::{Cell, Table};
use crate::files::ReportError;
use crate::{Judged, Language, rfc3339};

/// The columns, in order.
pub const FINDING_COLUMNS: [&str; 24] = [
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
    "status",
    "first_seen",
    "privilege",
    "risk",
    "owner",
    "ou_path",
    "due",
    "overdue",
];

/// One finding's row; the field names are the columns.
#[derive(Serialize, Default)]
pub(crate) struct FindingRow {
    rule_id: Cell,
    rule_name: Cell,
    severity: Cell,
    account_id: Cell,
    account_name: Cell,
    resource_type: Cell,
    resource: Cell,
    user_name: Cell,
    access_key_id: Cell,
    title: Cell,
    evidence: Cell,
    remediation: Cell,
    remediation_command: Cell,
    references: Cell,
    suppressed: bool,
    suppression_reason: Cell,
    status: Cell,
    first_seen: Cell,
    privilege: Cell,
    risk: u32,
    owner: Cell,
    ou_path: Cell,
    due: Cell,
    overdue: Option<bool>,
}

/// Writes the findings report; returns the number of findings.
pub fn write_findings(
    judged: &Judged<'_>,
    language: Language,
    out: &mut dyn Write,
) -> Result<usize, ReportError> {
    let mut table = Table::<FindingRow>::new(out)?;
    for finding in judged.findings {
        let (status, first_seen) = judged.history_of(finding);
        let deadline = judged.deadline_of(finding);
        table.row(&FindingRow {
            rule_id: finding.rule_id.into(),
            rule_name: finding.rule_name.into(),
            severity: finding.severity.as_str().into(),
            account_id: (&finding.account_id).into(),
            account_name: (&finding.account_name).into(),
            resource_type: finding.resource_type.as_str().into(),
            resource: (&finding.resource).into(),
            user_name: finding.user_name.clone().unwrap_or_default().into(),
            access_key_id: finding.access_key_id.clone().unwrap_or_default().into(),
            title: finding.title.get(language.code()).into(),
            evidence: finding.evidence_line().into(),
            remediation: finding.remediation.text_in(language.code()).into(),
            remediation_command: (&finding.remediation.command).into(),
            references: finding.references_line().into(),
            suppressed: finding.is_suppressed(),
            suppression_reason: finding
                .suppression
                .as_ref()
                .map(|applied| applied.reason.clone())
                .unwrap_or_default()
                .into(),
            status: status.unwrap_or_default().into(),
            first_seen: rfc3339(first_seen).into(),
            privilege: finding
                .privilege
                .map_or("", |privilege| privilege.as_str())
                .into(),
            risk: finding.risk,
            owner: finding.owner.as_deref().unwrap_or_default().into(),
            ou_path: finding.ou_path.as_deref().unwrap_or_default().into(),
            due: deadline
                .map(|deadline| rfc3339(deadline.due))
                .unwrap_or_default()
                .into(),
            overdue: deadline.map(|deadline| deadline.overdue),
        })?;
    }
    table.finish()?;
    Ok(judged.findings.len())
}
