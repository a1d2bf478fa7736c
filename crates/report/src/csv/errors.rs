//! `audit_errors_*.csv`: every account or API that could not be read.

use std::collections::BTreeMap;
use std::io::Write;

use iam_audit_model::AuditRun;

use super::Table;
use crate::files::ReportError;

/// The columns, in order.
pub const ERROR_COLUMNS: [&str; 7] = [
    "account_id",
    "account_name",
    "api",
    "resource",
    "error_kind",
    "error_code",
    "message",
];

/// Writes the errors report; returns the number of errors.
pub fn write_errors(run: &AuditRun, out: &mut dyn Write) -> Result<usize, ReportError> {
    let names: BTreeMap<&str, &str> = run
        .accounts
        .iter()
        .map(|snapshot| (snapshot.account.id.as_str(), snapshot.account.name.as_str()))
        .collect();
    let mut table = Table::new(out, &ERROR_COLUMNS)?;
    let mut count = 0;
    for error in run.all_errors() {
        table.row([
            error.account_id.clone(),
            names
                .get(error.account_id.as_str())
                .copied()
                .unwrap_or_default()
                .to_string(),
            error.api.clone(),
            error.resource.clone().unwrap_or_default(),
            error.kind.as_str().to_string(),
            error.code.clone().unwrap_or_default(),
            error.message.clone(),
        ])?;
        count += 1;
    }
    table.finish()?;
    Ok(count)
}
