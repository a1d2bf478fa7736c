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

/// Replaces the folder's history with `text` at once, owner-only like the reports (0600): a
/// temporary file beside it, renamed over it, so a reader never sees half a history.
fn write_local(folder: &std::path::Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut file = tempfile::NamedTempFile::new_in(folder)?;
    file.write_all(text.as_bytes())?;
    file.as_file().sync_all()?;
    file.persist(folder.join(HISTORY_FILE))
        .map(drop)
        .map_err(|error| error.error)
}

/// Writes the whole history, `lines` (this run's last).
pub(crate) async fn save(
    settings: &ConclusionSettings,
    deliveries: &Deliveries,
    lines: &[TrendLine],
) -> Result<(), String> {
    let text = render_history(lines);
    match &settings.output.location {
        OutputLocation::Local(folder) => write_local(folder, &text)
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
