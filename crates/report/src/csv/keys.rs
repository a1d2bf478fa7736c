//! `iam_audit_report_*.csv`: one row per access key.

use std::io::Write;

use iam_audit_model::{AccessKey, AuditRun, Observed, User};

use super::{CsvOptions, Table, days_between, rfc3339};
use crate::files::ReportError;

/// The columns, in order: the original tool's eleven, then ours.
pub const KEY_COLUMNS: [&str; 17] = [
    "account_id",
    "account_name",
    "username",
    "password_status",
    "password_last_used",
    "access_key_id",
    "status",
    "created_date",
    "last_used_date",
    "service_name",
    "mfa_status",
    "last_used_region",
    "key_age_days",
    "days_since_last_used",
    "mfa_devices",
    "user_arn",
    "user_created_date",
];

/// Writes the key report; returns the number of keys.
pub fn write_keys(
    run: &AuditRun,
    options: CsvOptions,
    out: &mut dyn Write,
) -> Result<usize, ReportError> {
    let mut table = Table::new(out, &KEY_COLUMNS)?;
    let mut count = 0;
    for snapshot in &run.accounts {
        for (user, key) in snapshot.access_keys() {
            table.row(key_row(
                &snapshot.account.id,
                &snapshot.account.name,
                user,
                key,
                options,
            ))?;
            count += 1;
        }
    }
    table.finish()?;
    Ok(count)
}

/// The password cells shared with the users report: status, last used.
pub(crate) fn password_cells(user: &User, options: CsvOptions) -> (String, String) {
    let words = options.words;
    let status = match &user.login_profile {
        Observed::Known(Some(_)) => words.configured(),
        Observed::Known(None) => words.not_configured(),
        Observed::Unknown => words.unknown(),
    };
    let last_used = user
        .password_last_used
        .map_or_else(|| words.never().to_string(), rfc3339);
    (status.to_string(), last_used)
}

/// The MFA cells shared with the users report: strongest kind, device count.
pub(crate) fn mfa_cells(user: &User, options: CsvOptions) -> (String, String) {
    match user.strongest_mfa() {
        Observed::Known(kind) => (
            options.words.mfa(kind).to_string(),
            user.mfa_devices.known().map_or(0, Vec::len).to_string(),
        ),
        Observed::Unknown => (options.words.unknown().to_string(), String::new()),
    }
}

fn key_row(
    account_id: &str,
    account_name: &str,
    user: &User,
    key: &AccessKey,
    options: CsvOptions,
) -> Vec<String> {
    let words = options.words;
    let (password_status, password_last_used) = password_cells(user, options);
    let (mfa_status, mfa_devices) = mfa_cells(user, options);
    let (last_used_date, service, region, days_since) = match &key.last_used {
        Observed::Known(used) => (
            used.date
                .map_or_else(|| words.never_used().to_string(), rfc3339),
            used.service
                .clone()
                .unwrap_or_else(|| words.not_applicable().to_string()),
            used.region
                .clone()
                .unwrap_or_else(|| words.not_applicable().to_string()),
            used.date
                .map(|date| days_between(date, options.now).to_string())
                .unwrap_or_default(),
        ),
        Observed::Unknown => (
            words.unknown().to_string(),
            words.unknown().to_string(),
            words.unknown().to_string(),
            String::new(),
        ),
    };
    vec![
        account_id.to_string(),
        account_name.to_string(),
        user.name.clone(),
        password_status,
        password_last_used,
        key.id.clone(),
        key.status.as_str().to_string(),
        rfc3339(key.created),
        last_used_date,
        service,
        mfa_status,
        region,
        days_between(key.created, options.now).to_string(),
        days_since,
        mfa_devices,
        user.arn.clone(),
        rfc3339(user.created),
    ]
}
