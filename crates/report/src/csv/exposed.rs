//! `exposed_keys_*.csv`: one row per key id the run's scanner files named (written only when
//! the run read some), with its status in the organization and where it was found. Only key ids:
//! nothing else of the scanner files is kept.

use std::io::Write;

use iam_audit_model::AuditRun;
use iam_audit_model::exposure::exposed_key_states;
use serde::Serialize;

use super::{Cell, Table};
use crate::files::ReportError;

/// The columns, in order.
pub const EXPOSED_KEY_COLUMNS: [&str; 8] = [
    "access_key_id",
    "status",
    "account_id",
    "account_id_source",
    "account_name",
    "user_name",
    "sources",
    "sightings",
];

/// One leaked id's row; the field names are the columns.
#[derive(Serialize, Default)]
pub(crate) struct ExposedKeyRow {
    access_key_id: Cell,
    status: Cell,
    account_id: Cell,
    account_id_source: Cell,
    account_name: Cell,
    user_name: Cell,
    sources: Cell,
    sightings: usize,
}

/// Writes the exposed keys report; returns the number of ids.
pub fn write_exposed_keys(run: &AuditRun, out: &mut dyn Write) -> Result<usize, ReportError> {
    let mut table = Table::<ExposedKeyRow>::new(out)?;
    let mut count = 0;
    for state in exposed_key_states(run) {
        table.row(&ExposedKeyRow {
            access_key_id: (&state.leaked.access_key_id).into(),
            status: state.status.as_str().into(),
            account_id: state.account_id.clone().unwrap_or_default().into(),
            account_id_source: state
                .account_id_source
                .map_or("", |source| source.as_str())
                .into(),
            account_name: state
                .snapshot
                .map_or("", |snapshot| snapshot.account.name.as_str())
                .into(),
            user_name: state
                .holder
                .map_or("", |(user, _)| user.name.as_str())
                .into(),
            sources: state
                .leaked
                .sightings
                .iter()
                .map(iam_audit_model::Sighting::describe)
                .collect::<Vec<_>>()
                .join("; ")
                .into(),
            sightings: state.leaked.sightings.len(),
        })?;
        count += 1;
    }
    table.finish()?;
    Ok(count)
}
