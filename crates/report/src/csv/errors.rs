//! `audit_errors_*.csv`: every account or API that could not be read.

use std::collections::BTreeMap;
use std::io::Write;

use iam_audit_model::AuditRun;
use serde::Serialize;

use super::{Cell, Table};
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

/// One failed read's row; the field names are the columns.
#[derive(Serialize, Default)]
pub(crate) struct ErrorRow {
    account_id: Cell,
    account_name: Cell,
    api: Cell,
    resource: Cell,
    error_kind: Cell,
    error_code: Cell,
    message: Cell,
}

/// Writes the errors report; returns the number of errors.
pub fn write_errors(run: &AuditRun, out: &mut dyn Write) -> Result<usize, ReportError> {
    let names: BTreeMap<&str, &str> = run
        .accounts
        .iter()
        .map(|snapshot| (snapshot.account.id.as_str(), snapshot.account.name.as_str()))
        .collect();
    let mut table = Table::<ErrorRow>::new(out)?;
    let mut count = 0;
    for error in run.all_errors() {
        table.row(&ErrorRow {
            account_id: (&error.account_id).into(),
            account_name: names
                .get(error.account_id.as_str())
                .copied()
                .unwrap_or_default()
                .into(),
            api: (&error.api).into(),
            resource: error.resource.clone().unwrap_or_default().into(),
            error_kind: error.kind.as_str().into(),
            error_code: error.code.clone().unwrap_or_default().into(),
            message: (&error.message).into(),
        })?;
        count += 1;
    }
    table.finish()?;
    Ok(count)
}
