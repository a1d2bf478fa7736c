//! `compliance_*.csv`: every control of the chosen frameworks in every audited account, PASS,
//! FAIL, UNKNOWN or NOT_ASSESSED — the table an auditor signs (`--format compliance`).

use std::io::Write;

use iam_audit_rules::compliance::ComplianceRow;
use serde::Serialize;

use super::{Cell, Table};
use crate::files::ReportError;

/// The columns, in order.
pub const COMPLIANCE_COLUMNS: [&str; 9] = [
    "framework",
    "control_id",
    "title",
    "account_id",
    "account_name",
    "status",
    "findings",
    "reason",
    "suppressed",
];

/// One control in one account; the field names are the columns.
#[derive(Serialize, Default)]
pub(crate) struct ComplianceCsvRow {
    framework: Cell,
    control_id: Cell,
    title: Cell,
    account_id: Cell,
    account_name: Cell,
    status: Cell,
    findings: Cell,
    reason: Cell,
    suppressed: bool,
}

/// Writes the compliance report; returns the number of rows.
pub fn write_compliance(
    rows: &[ComplianceRow<'_>],
    out: &mut dyn Write,
) -> Result<usize, ReportError> {
    let mut table = Table::<ComplianceCsvRow>::new(out)?;
    for row in rows {
        table.row(&ComplianceCsvRow {
            framework: row.framework.into(),
            control_id: row.control_id.into(),
            title: row.title.into(),
            account_id: row.account_id.into(),
            account_name: row.account_name.into(),
            status: row.status.as_str().into(),
            findings: row
                .findings
                .iter()
                .map(|finding| finding.id())
                .collect::<Vec<_>>()
                .join(" ")
                .into(),
            reason: row.reason.as_deref().unwrap_or_default().into(),
            suppressed: row.suppressed,
        })?;
    }
    table.finish()?;
    Ok(rows.len())
}
