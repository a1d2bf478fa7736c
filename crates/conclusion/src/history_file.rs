//! The run's line in `history.jsonl` (see `iam_audit_report::trend`): the earlier lines are read
//! before the reports are written (the HTML draws them), and the whole file, this run's line
//! appended, is written after: in the output folder, or beside `latest.json` in S3 (read, then
//! written whole: S3 has no append). A shard is not a run and keeps no line. A history that
//! cannot be read or written is said and recorded as a failed delivery (exit 4), never lost
//! silently.

use iam_audit_deliver::{Deliveries, OutputLocation};
use iam_audit_report::trend::{HISTORY_FILE, TrendLine, parse_history, render_history};

use crate::settings::ConclusionSettings;

/// The earlier runs' lines, oldest first; why they could not be read, when they could not.
pub(crate) async fn load(
    settings: &ConclusionSettings,
    deliveries: &Deliveries,
) -> Result<Vec<TrendLine>, String> {
    let text = match &settings.output.location {
        OutputLocation::Local(folder) => match std::fs::read_to_string(folder.join(HISTORY_FILE)) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(error) => return Err(format!("{}: {error}", folder.join(HISTORY_FILE).display())),
        },
        OutputLocation::S3(location) => {
            let Some(store) = deliveries.store() else {
                return Err("no AWS configuration".to_string());
            };
            let key = location.key(HISTORY_FILE);
            match store.get(&key).await {
                Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
                Err(iam_audit_deliver::DeliveryError::S3 { message, .. })
                    if message.starts_with("NoSuchKey") =>
                {
                    String::new()
                }
                Err(error) => return Err(error.to_string()),
            }
        }
    };
    let (lines, skipped) = parse_history(&text);
    if !skipped.is_empty() {
        tracing::warn!("{HISTORY_FILE}: lines {skipped:?} are not runs' lines and were left out");
    }
    Ok(lines)
}

/// Writes the whole history, `lines` (this run's last).
pub(crate) async fn save(
    settings: &ConclusionSettings,
    deliveries: &Deliveries,
    lines: &[TrendLine],
) -> Result<(), String> {
    let text = render_history(lines);
    match &settings.output.location {
        OutputLocation::Local(folder) => std::fs::write(folder.join(HISTORY_FILE), text)
            .map_err(|error| format!("{}: {error}", folder.join(HISTORY_FILE).display())),
        OutputLocation::S3(location) => {
            let Some(store) = deliveries.store() else {
                return Err("no AWS configuration".to_string());
            };
            store
                .put_bytes(
                    &location.key(HISTORY_FILE),
                    text.into_bytes(),
                    "application/x-ndjson",
                )
                .await
                .map(|_| ())
                .map_err(|error| error.to_string())
        }
    }
}
