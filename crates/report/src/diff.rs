//! `diff_*.json` and `diff_*.csv`: what changed between two runs (`iam-audit diff OLD NEW`). A
//! documented contract (`docs/json.md`, JSON Schema `docs/iam-audit-diff.schema.json`): the
//! findings in four lists (new, resolved, open, unknown), each with `first_seen`, and the
//! credential and account changes; the CSV has one row per change (open findings are not
//! changes).

use std::io::Write;

use iam_audit_history::{Change, Comparison, FindingRecord, Summary};
use serde::Serialize;

use crate::csv::{Cell, Table};
use crate::files::ReportError;
use crate::rfc3339;

/// The diff document's contract version.
pub const DIFF_SCHEMA_VERSION: &str = "1.2";

/// Where the two runs came from.
pub struct Sources<'a> {
    /// The older report (path or `s3://` URI).
    pub old: &'a str,
    /// The newer report.
    pub new: &'a str,
}

#[derive(Serialize)]
struct Document<'a> {
    schema_version: &'static str,
    tool: &'static str,
    tool_version: &'static str,
    old: Side<'a>,
    new: Side<'a>,
    summary: Summary,
    findings: &'a iam_audit_history::FindingChanges,
    changes: &'a [Change],
}

#[derive(Serialize)]
struct Side<'a> {
    location: &'a str,
    started_at: String,
    organization_id: Option<&'a str>,
    complete: bool,
}

/// Writes the diff's JSON document.
pub fn write_diff_json(
    comparison: &Comparison,
    sources: &Sources<'_>,
    out: &mut dyn Write,
) -> Result<(), ReportError> {
    let document = Document {
        schema_version: DIFF_SCHEMA_VERSION,
        tool: "iam-audit",
        tool_version: env!("CARGO_PKG_VERSION"),
        old: Side {
            location: sources.old,
            started_at: rfc3339(comparison.old.started_at),
            organization_id: comparison.old.organization_id.as_deref(),
            complete: comparison.old.complete,
        },
        new: Side {
            location: sources.new,
            started_at: rfc3339(comparison.new.started_at),
            organization_id: comparison.new.organization_id.as_deref(),
            complete: comparison.new.complete,
        },
        summary: comparison.summary(),
        findings: &comparison.findings,
        changes: &comparison.changes,
    };
    serde_json::to_writer_pretty(&mut *out, &document).map_err(|error| ReportError::Serialize {
        path: "diff json".to_string(),
        message: error.to_string(),
    })?;
    out.write_all(b"\n").map_err(|source| ReportError::Write {
        path: "diff json".to_string(),
        source,
    })
}

/// The diff CSV's columns, in order.
pub const DIFF_COLUMNS: [&str; 11] = [
    "change",
    "account_id",
    "account_name",
    "user_name",
    "credential",
    "finding_id",
    "rule_id",
    "severity",
    "title",
    "first_seen",
    "detail",
];

/// One change's row; the field names are the columns.
#[derive(Serialize, Default)]
pub(crate) struct DiffRow {
    change: Cell,
    account_id: Cell,
    account_name: Cell,
    user_name: Cell,
    credential: Cell,
    finding_id: Cell,
    rule_id: Cell,
    severity: Cell,
    title: Cell,
    first_seen: Cell,
    detail: Cell,
}

impl DiffRow {
    fn finding(change: &str, record: &FindingRecord) -> DiffRow {
        DiffRow {
            change: change.into(),
            account_id: (&record.account_id).into(),
            account_name: (&record.account_name).into(),
            user_name: record.user_name.clone().unwrap_or_default().into(),
            credential: record.access_key_id.clone().unwrap_or_default().into(),
            finding_id: (&record.id).into(),
            rule_id: (&record.rule_id).into(),
            severity: record.severity.as_str().into(),
            title: (&record.title.en).into(),
            first_seen: record.first_seen.map(rfc3339).unwrap_or_default().into(),
            detail: record.reason.clone().unwrap_or_default().into(),
        }
    }

    /// Marks the row when the two runs are of different organizations (compared anyway).
    fn crossing(mut self, comparison: &Comparison) -> DiffRow {
        if let Some(crossing) = &comparison.crosses_organizations {
            let detail = std::mem::take(&mut self.detail.0);
            let marked = if detail.is_empty() {
                format!("across organizations {crossing}")
            } else {
                format!("across organizations {crossing}; {detail}")
            };
            self.detail = marked.into();
        }
        self
    }

    fn change(change: &Change) -> DiffRow {
        DiffRow {
            change: change.kind.as_str().into(),
            account_id: (&change.account_id).into(),
            account_name: (&change.account_name).into(),
            user_name: change.user_name.clone().unwrap_or_default().into(),
            credential: change.credential.clone().unwrap_or_default().into(),
            detail: change.detail.clone().unwrap_or_default().into(),
            ..DiffRow::default()
        }
    }
}

/// Writes the diff's CSV: new, resolved and unknown findings, then the credential and account
/// changes; returns the number of rows.
pub fn write_diff_csv(comparison: &Comparison, out: &mut dyn Write) -> Result<usize, ReportError> {
    let mut table = Table::<DiffRow>::new(out)?;
    let mut rows = 0;
    for (change, list) in [
        ("finding_new", &comparison.findings.new),
        ("finding_resolved", &comparison.findings.resolved),
        ("finding_unknown", &comparison.findings.unknown),
        (
            "finding_settings_changed",
            &comparison.findings.settings_changed,
        ),
    ] {
        for record in list {
            table.row(&DiffRow::finding(change, record).crossing(comparison))?;
            rows += 1;
        }
    }
    for change in &comparison.changes {
        table.row(&DiffRow::change(change).crossing(comparison))?;
        rows += 1;
    }
    table.finish()?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_columns_are_the_rows_fields() -> Result<(), ReportError> {
        assert_eq!(crate::csv::header::<DiffRow>()?, DIFF_COLUMNS);
        Ok(())
    }
}
