//! `iam_users_report_*.csv`: one row per IAM user, so that a console user with no keys and no MFA
//! is not invisible (the original tool only listed keys).

use std::io::Write;

use iam_audit_model::{AccessKeyStatus, AuditRun, Observed};

use super::keys::{mfa_cells, password_cells};
use super::{CsvOptions, Table, rfc3339};
use crate::files::ReportError;

/// The columns, in order.
pub const USER_COLUMNS: [&str; 13] = [
    "account_id",
    "account_name",
    "username",
    "user_arn",
    "path",
    "user_created_date",
    "password_status",
    "password_created_date",
    "password_last_used",
    "mfa_status",
    "mfa_devices",
    "access_keys",
    "active_access_keys",
];

/// Writes the users report; returns the number of users.
pub fn write_users(
    run: &AuditRun,
    options: CsvOptions,
    out: &mut dyn Write,
) -> Result<usize, ReportError> {
    let mut table = Table::new(out, &USER_COLUMNS)?;
    let mut count = 0;
    for snapshot in &run.accounts {
        for user in snapshot.users.known().into_iter().flatten() {
            let (password_status, password_last_used) = password_cells(user, options);
            let password_created = match &user.login_profile {
                Observed::Known(Some(profile)) => rfc3339(profile.created),
                Observed::Known(None) => String::new(),
                Observed::Unknown => options.words.unknown().to_string(),
            };
            let (mfa_status, mfa_devices) = mfa_cells(user, options);
            let (keys, active) = match &user.access_keys {
                Observed::Known(keys) => (
                    keys.len().to_string(),
                    keys.iter()
                        .filter(|key| key.status == AccessKeyStatus::Active)
                        .count()
                        .to_string(),
                ),
                Observed::Unknown => (
                    options.words.unknown().to_string(),
                    options.words.unknown().to_string(),
                ),
            };
            table.row([
                snapshot.account.id.clone(),
                snapshot.account.name.clone(),
                user.name.clone(),
                user.arn.clone(),
                user.path.clone(),
                rfc3339(user.created),
                password_status,
                password_created,
                password_last_used,
                mfa_status,
                mfa_devices,
                keys,
                active,
            ])?;
            count += 1;
        }
    }
    table.finish()?;
    Ok(count)
}
