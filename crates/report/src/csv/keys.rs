//! `iam_audit_report_*.csv`: one row per access key.

use std::io::Write;

use iam_audit_model::{AccessKey, Observed, User};
use serde::Serialize;

use super::{Cell, CsvOptions, Table};
use crate::files::ReportError;
use crate::judged::RiskIndex;
use crate::{Judged, days_between, rfc3339};

/// The columns, in order: the original tool's eleven, then ours.
pub const KEY_COLUMNS: [&str; 23] = [
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
    "privilege",
    "risk",
    "source_ips",
    "user_agents",
    "owner",
    "ou_path",
];

/// One key's row; the field names are the columns.
#[derive(Serialize, Default)]
pub(crate) struct KeyRow {
    account_id: Cell,
    account_name: Cell,
    username: Cell,
    password_status: Cell,
    password_last_used: Cell,
    access_key_id: Cell,
    status: Cell,
    created_date: Cell,
    last_used_date: Cell,
    service_name: Cell,
    mfa_status: Cell,
    last_used_region: Cell,
    key_age_days: i64,
    days_since_last_used: Option<i64>,
    mfa_devices: Option<usize>,
    user_arn: Cell,
    user_created_date: Cell,
    privilege: Cell,
    risk: Option<u32>,
    source_ips: Cell,
    user_agents: Cell,
    owner: Cell,
    ou_path: Cell,
}

/// Writes the key report; returns the number of keys.
pub fn write_keys(
    judged: &Judged<'_>,
    options: CsvOptions,
    out: &mut dyn Write,
) -> Result<usize, ReportError> {
    let risks = RiskIndex::new(judged.findings);
    let mut table = Table::<KeyRow>::new(out)?;
    let mut count = 0;
    for snapshot in &judged.run.accounts {
        for (user, key) in snapshot.access_keys() {
            let mut row = key_row(
                &snapshot.account.id,
                &snapshot.account.name,
                user,
                key,
                options,
            );
            row.privilege = snapshot.privilege_class(&user.name).as_str().into();
            row.risk = risks.key(&snapshot.account.id, &key.id);
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

/// The password cells shared with the users report: status, last used.
pub(crate) fn password_cells(user: &User, options: CsvOptions) -> (Cell, Cell) {
    let words = options.words;
    let status = match &user.login_profile {
        Observed::Known(Some(_)) => words.configured(),
        Observed::Known(None) => words.not_configured(),
        Observed::Unknown => words.unknown(),
    };
    let last_used = user
        .password_last_used
        .map_or_else(|| words.never().to_string(), rfc3339);
    (status.into(), last_used.into())
}

/// The MFA cells shared with the users report: strongest kind, device count (empty when the
/// devices could not be read).
pub(crate) fn mfa_cells(user: &User, options: CsvOptions) -> (Cell, Option<usize>) {
    match user.strongest_mfa() {
        Observed::Known(kind) => (
            options.words.mfa(kind).into(),
            Some(user.mfa_devices.known().map_or(0, Vec::len)),
        ),
        Observed::Unknown => (options.words.unknown().into(), None),
    }
}

/// A key's addresses or clients with their events (`203.0.113.20 (6); 198.51.100.30 (1)`):
/// empty when the key's activity was not looked up, `Unknown` when the lookup failed, `No events`
/// when it found none.
fn activity_cell(
    key: &AccessKey,
    options: CsvOptions,
    counts: fn(&iam_audit_model::KeyActivity) -> &Vec<iam_audit_model::exposure::ActivityCount>,
) -> Cell {
    match &key.activity {
        None => Cell::default(),
        Some(Observed::Unknown) => options.words.unknown().into(),
        Some(Observed::Known(activity)) if activity.events == 0 => options.words.no_events().into(),
        Some(Observed::Known(activity)) => counts(activity)
            .iter()
            .map(|count| format!("{} ({})", count.name, count.events))
            .collect::<Vec<_>>()
            .join("; ")
            .into(),
    }
}

fn key_row(
    account_id: &str,
    account_name: &str,
    user: &User,
    key: &AccessKey,
    options: CsvOptions,
) -> KeyRow {
    let words = options.words;
    let (password_status, password_last_used) = password_cells(user, options);
    let (mfa_status, mfa_devices) = mfa_cells(user, options);
    let (last_used_date, service_name, last_used_region, days_since_last_used) =
        match &key.last_used {
            Observed::Known(used) => (
                used.date
                    .map_or_else(|| words.never_used().to_string(), rfc3339),
                used.service
                    .clone()
                    .unwrap_or_else(|| words.not_applicable().to_string()),
                used.region
                    .clone()
                    .unwrap_or_else(|| words.not_applicable().to_string()),
                used.date.map(|date| days_between(date, options.now)),
            ),
            Observed::Unknown => (words.unknown(), words.unknown(), words.unknown(), None),
        };
    KeyRow {
        account_id: account_id.into(),
        account_name: account_name.into(),
        username: (&user.name).into(),
        password_status,
        password_last_used,
        access_key_id: (&key.id).into(),
        status: key.status.as_str().into(),
        created_date: rfc3339(key.created).into(),
        last_used_date: last_used_date.into(),
        service_name: service_name.into(),
        mfa_status,
        last_used_region: last_used_region.into(),
        key_age_days: days_between(key.created, options.now),
        days_since_last_used,
        mfa_devices,
        user_arn: (&user.arn).into(),
        user_created_date: rfc3339(user.created).into(),
        // Filled by the caller, which knows the account's evaluation and the findings.
        privilege: Cell::default(),
        risk: None,
        source_ips: activity_cell(key, options, |activity| &activity.source_ips),
        user_agents: activity_cell(key, options, |activity| &activity.user_agents),
        // Filled by the caller, which knows the owners and the account's place.
        owner: Cell::default(),
        ou_path: Cell::default(),
    }
}
