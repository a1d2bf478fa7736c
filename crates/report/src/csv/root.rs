//! `root_audit_report_*.csv`: one row per audited account, the root user's credential state.

use std::io::Write;

use iam_audit_model::{AuditRun, Observed};

use super::{CsvOptions, Table, rfc3339};
use crate::files::ReportError;

/// The columns, in order: the original tool's later five, then what the root checks use.
pub const ROOT_COLUMNS: [&str; 8] = [
    "account_id",
    "account_name",
    "mfa_enabled",
    "access_key_present",
    "root_last_login",
    "mfa_type",
    "password_present",
    "central_root_management",
];

/// Writes the root report; returns the number of rows.
pub fn write_root(
    run: &AuditRun,
    options: CsvOptions,
    out: &mut dyn Write,
) -> Result<usize, ReportError> {
    let words = options.words;
    let flag = |value: &Observed<bool>| match value {
        Observed::Known(flag) => flag.to_string(),
        Observed::Unknown => words.unknown().to_string(),
    };
    let central = flag(&run.root_credentials_management);
    let mut table = Table::new(out, &ROOT_COLUMNS)?;
    let mut count = 0;
    for snapshot in &run.accounts {
        let Some(root) = &snapshot.root else {
            table.row([
                snapshot.account.id.clone(),
                snapshot.account.name.clone(),
                words.unknown().to_string(),
                words.unknown().to_string(),
                words.unknown().to_string(),
                words.unknown().to_string(),
                words.unknown().to_string(),
                central.clone(),
            ])?;
            count += 1;
            continue;
        };
        let last_login = match &root.last_console_login {
            None => words.not_applicable().to_string(),
            Some(Observed::Known(Some(time))) => rfc3339(*time),
            Some(Observed::Known(None)) => words.never().to_string(),
            Some(Observed::Unknown) => words.unknown().to_string(),
        };
        let mfa_type = match (&root.mfa_enabled, &root.virtual_mfa) {
            (Observed::Known(false), _) => "None".to_string(),
            (Observed::Known(true), Observed::Known(true)) => "Virtual".to_string(),
            (Observed::Known(true), Observed::Known(false)) => "Hardware".to_string(),
            _ => words.unknown().to_string(),
        };
        table.row([
            snapshot.account.id.clone(),
            snapshot.account.name.clone(),
            flag(&root.mfa_enabled),
            flag(&root.access_keys_present),
            last_login,
            mfa_type,
            flag(&root.password_present),
            central.clone(),
        ])?;
        count += 1;
    }
    table.finish()?;
    Ok(count)
}
