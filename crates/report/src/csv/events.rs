//! `cloudtrail_events_*.csv`: IAM lifecycle events, the original tool's six columns first.

use std::io::Write;

use iam_audit_model::AuditRun;

use super::{Table, rfc3339};
use crate::files::ReportError;

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

/// Writes the events report; returns the number of events.
pub fn write_events(run: &AuditRun, out: &mut dyn Write) -> Result<usize, ReportError> {
    let mut table = Table::new(out, &EVENT_COLUMNS)?;
    let mut count = 0;
    for snapshot in &run.accounts {
        for event in snapshot.cloudtrail_events.known().into_iter().flatten() {
            table.row([
                rfc3339(event.event_time),
                event.event_name.clone(),
                event.username.clone().unwrap_or_else(|| "N/A".to_string()),
                snapshot.account.id.clone(),
                snapshot.account.name.clone(),
                event.resources.join(", "),
                event.event_source.clone().unwrap_or_default(),
                event.aws_region.clone().unwrap_or_default(),
                event.source_ip_address.clone().unwrap_or_default(),
                event.access_key_id.clone().unwrap_or_default(),
                event.event_id.clone(),
            ])?;
            count += 1;
        }
    }
    table.finish()?;
    Ok(count)
}
