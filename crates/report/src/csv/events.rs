//! `cloudtrail_events_*.csv`: IAM lifecycle events, the original tool's six columns first.

use std::io::Write;

use iam_audit_model::AuditRun;
use serde::Serialize;

use super::{Cell, Table};
use crate::files::ReportError;
use crate::rfc3339;

/// The columns, in order.
pub const EVENT_COLUMNS: [&str; 11] = [
    "eventTime",
    "eventName",
    "username",
    "account_id",
    "account_name",
    "resources",
    "event_source",
    "aws_region",
    "source_ip_address",
    "access_key_id",
    "event_id",
];

/// One event's row; the field names are the columns (the original's first six keep its
/// spelling).
#[derive(Serialize, Default)]
#[expect(non_snake_case, reason = "the original tool's column names")]
pub(crate) struct EventRow {
    eventTime: Cell,
    eventName: Cell,
    username: Cell,
    account_id: Cell,
    account_name: Cell,
    resources: Cell,
    event_source: Cell,
    aws_region: Cell,
    source_ip_address: Cell,
    access_key_id: Cell,
    event_id: Cell,
}

/// Writes the events report; returns the number of events.
pub fn write_events(run: &AuditRun, out: &mut dyn Write) -> Result<usize, ReportError> {
    let mut table = Table::<EventRow>::new(out)?;
    let mut count = 0;
    for snapshot in &run.accounts {
        for event in snapshot.cloudtrail_events.known().into_iter().flatten() {
            table.row(&EventRow {
                eventTime: rfc3339(event.event_time).into(),
                eventName: (&event.event_name).into(),
                username: event.username.as_deref().unwrap_or("N/A").into(),
                account_id: (&snapshot.account.id).into(),
                account_name: (&snapshot.account.name).into(),
                resources: event.resources.join(", ").into(),
                event_source: event.event_source.clone().unwrap_or_default().into(),
                aws_region: event.aws_region.clone().unwrap_or_default().into(),
                source_ip_address: event.source_ip_address.clone().unwrap_or_default().into(),
                access_key_id: event.access_key_id.clone().unwrap_or_default().into(),
                event_id: (&event.event_id).into(),
            })?;
            count += 1;
        }
    }
    table.finish()?;
    Ok(count)
}
