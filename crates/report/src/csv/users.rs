//! `iam_users_report_*.csv`: one row per IAM user, so that a console user with no keys and no MFA
//! is not invisible (the original tool only listed keys).

use std::io::Write;

use iam_audit_model::{AccessKeyStatus, Observed, User};
use serde::Serialize;

use super::keys::{mfa_cells, password_cells};
use super::{Cell, CsvOptions, Table};
use crate::files::ReportError;
use crate::judged::RiskIndex;
use crate::{Judged, rfc3339};

/// The columns, in order.
pub const USER_COLUMNS: [&str; 23] = [
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
    "ssh_public_keys",
    "signing_certificates",
    "service_specific_credentials",
    "privilege",
    "risk",
    "services_granted",
    "services_used",
    "last_activity",
    "owner",
    "ou_path",
];

/// One user's row; the field names are the columns.
#[derive(Serialize, Default)]
pub(crate) struct UserRow {
    account_id: Cell,
    account_name: Cell,
    username: Cell,
    user_arn: Cell,
    path: Cell,
    user_created_date: Cell,
    password_status: Cell,
    password_created_date: Cell,
    password_last_used: Cell,
    mfa_status: Cell,
    mfa_devices: Option<usize>,
    access_keys: Cell,
    active_access_keys: Cell,
    ssh_public_keys: Cell,
    signing_certificates: Cell,
    service_specific_credentials: Cell,
    privilege: Cell,
    risk: Option<u32>,
    services_granted: Cell,
    services_used: Cell,
    last_activity: Cell,
    owner: Cell,
    ou_path: Cell,
}

/// Writes the users report; returns the number of users.
pub fn write_users(
    judged: &Judged<'_>,
    options: CsvOptions,
    out: &mut dyn Write,
) -> Result<usize, ReportError> {
    let risks = RiskIndex::new(judged.findings);
    let mut table = Table::<UserRow>::new(out)?;
    let mut count = 0;
    for snapshot in &judged.run.accounts {
        for user in snapshot.users.known().into_iter().flatten() {
            let mut row = user_row(&snapshot.account.id, &snapshot.account.name, user, options);
            row.privilege = snapshot.privilege_class(&user.name).as_str().into();
            row.risk = risks.user(&snapshot.account.id, &user.name);
            row.owner = judged
                .owners
                .owner_of(snapshot, Some(&user.name))
                .unwrap_or_default()
                .into();
            row.ou_path = snapshot.ou_path.as_deref().unwrap_or_default().into();
            table.row(&row)?;
            count += 1;
        }
    }
    table.finish()?;
    Ok(count)
}

fn user_row(account_id: &str, account_name: &str, user: &User, options: CsvOptions) -> UserRow {
    let unknown = options.words.unknown();
    let (password_status, password_last_used) = password_cells(user, options);
    let password_created_date = match &user.login_profile {
        Observed::Known(Some(profile)) => rfc3339(profile.created),
        Observed::Known(None) => String::new(),
        Observed::Unknown => unknown.clone(),
    };
    let (mfa_status, mfa_devices) = mfa_cells(user, options);
    let usage_cells = usage_cells(user, options);
    let (access_keys, active_access_keys) = match &user.access_keys {
        Observed::Known(keys) => (
            keys.len().to_string(),
            keys.iter()
                .filter(|key| key.status == AccessKeyStatus::Active)
                .count()
                .to_string(),
        ),
        Observed::Unknown => (unknown.clone(), unknown),
    };
    UserRow {
        account_id: account_id.into(),
        account_name: account_name.into(),
        username: (&user.name).into(),
        user_arn: (&user.arn).into(),
        path: (&user.path).into(),
        user_created_date: rfc3339(user.created).into(),
        password_status,
        password_created_date: password_created_date.into(),
        password_last_used,
        mfa_status,
        mfa_devices,
        access_keys: access_keys.into(),
        active_access_keys: active_access_keys.into(),
        ssh_public_keys: count(&user.ssh_public_keys, options),
        signing_certificates: count(&user.signing_certificates, options),
        service_specific_credentials: count(&user.service_specific_credentials, options),
        // Filled by the caller, which knows the account's evaluation and the findings.
        privilege: Cell::default(),
        risk: None,
        services_granted: usage_cells.0,
        services_used: usage_cells.1,
        last_activity: usage_cells.2,
        owner: Cell::default(),
        ou_path: Cell::default(),
    }
}

/// The usage columns: empty when the user's usage was not read; `Unknown` where it (or, for the
/// granted count, the user's policies) could not be; the services used joined by spaces; the
/// last activity a date or `Never`.
fn usage_cells(user: &User, options: CsvOptions) -> (Cell, Cell, Cell) {
    let unknown = || Cell::from(options.words.unknown());
    match &user.usage {
        None => (Cell::default(), Cell::default(), Cell::default()),
        Some(Observed::Unknown) => (unknown(), unknown(), unknown()),
        Some(Observed::Known(usage)) => (
            usage
                .grants
                .as_ref()
                .map_or_else(unknown, |grants| grants.services_granted.to_string().into()),
            usage.services_used.join(" ").into(),
            usage
                .last_activity
                .map_or_else(|| options.words.never().into(), |date| rfc3339(date).into()),
        ),
    }
}

/// How many credentials of a kind the user has, or the word for "could not be read".
fn count<T>(credentials: &Observed<Vec<T>>, options: CsvOptions) -> Cell {
    match credentials {
        Observed::Known(items) => items.len().to_string().into(),
        Observed::Unknown => options.words.unknown().into(),
    }
}
