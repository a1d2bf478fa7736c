//! `root_audit_report_*.csv`: one row per audited account, the root user's credential state.

use std::io::Write;

use iam_audit_model::{AccountSnapshot, AuditRun, Observed, RootAccount};
use serde::Serialize;

use super::{Cell, CsvOptions, Table};
use crate::files::ReportError;
use crate::rfc3339;

/// The columns, in order: the original tool's later five, then what the root checks use (the
/// root's signing certificates: only their presence can be read by a role).
pub const ROOT_COLUMNS: [&str; 9] = [
    "account_id",
    "account_name",
    "mfa_enabled",
    "access_key_present",
    "root_last_login",
    "mfa_type",
    "password_present",
    "central_root_management",
    "signing_certificates_present",
];

/// One account's row; the field names are the columns.
#[derive(Serialize, Default)]
pub(crate) struct RootRow {
    account_id: Cell,
    account_name: Cell,
    mfa_enabled: Cell,
    access_key_present: Cell,
    root_last_login: Cell,
    mfa_type: Cell,
    password_present: Cell,
    central_root_management: Cell,
    signing_certificates_present: Cell,
}

/// Writes the root report; returns the number of rows.
pub fn write_root(
    run: &AuditRun,
    options: CsvOptions,
    out: &mut dyn Write,
) -> Result<usize, ReportError> {
    let central = flag(&run.root_credentials_management, options);
    let mut table = Table::<RootRow>::new(out)?;
    for snapshot in &run.accounts {
        table.row(&root_row(snapshot, &central, options))?;
    }
    table.finish()?;
    Ok(run.accounts.len())
}

/// `true`, `false`, or the word for a value that could not be read.
fn flag(value: &Observed<bool>, options: CsvOptions) -> Cell {
    match value {
        Observed::Known(flag) => flag.to_string().into(),
        Observed::Unknown => options.words.unknown().into(),
    }
}

fn root_row(snapshot: &AccountSnapshot, central: &Cell, options: CsvOptions) -> RootRow {
    let words = options.words;
    let account_id = (&snapshot.account.id).into();
    let account_name = (&snapshot.account.name).into();
    let Some(root) = &snapshot.root else {
        let unknown = || Cell::from(words.unknown());
        return RootRow {
            account_id,
            account_name,
            mfa_enabled: unknown(),
            access_key_present: unknown(),
            root_last_login: unknown(),
            mfa_type: unknown(),
            password_present: unknown(),
            central_root_management: central.clone(),
            signing_certificates_present: unknown(),
        };
    };
    let root_last_login = match &root.last_console_login {
        None => words.not_applicable().to_string(),
        Some(Observed::Known(Some(time))) => rfc3339(*time),
        Some(Observed::Known(None)) => words.never(),
        Some(Observed::Unknown) => words.unknown(),
    };
    RootRow {
        account_id,
        account_name,
        mfa_enabled: flag(&root.mfa_enabled, options),
        access_key_present: flag(&root.access_keys_present, options),
        root_last_login: root_last_login.into(),
        mfa_type: mfa_type(root, options).into(),
        password_present: flag(&root.password_present, options),
        central_root_management: central.clone(),
        signing_certificates_present: flag(&root.signing_certificates_present, options),
    }
}

/// The root's MFA kind: `None`, `Virtual`, `Hardware`, or unknown.
fn mfa_type(root: &RootAccount, options: CsvOptions) -> String {
    match (&root.mfa_enabled, &root.virtual_mfa) {
        (Observed::Known(false), _) => "None".to_string(),
        (Observed::Known(true), Observed::Known(true)) => "Virtual".to_string(),
        (Observed::Known(true), Observed::Known(false)) => "Hardware".to_string(),
        _ => options.words.unknown(),
    }
}
