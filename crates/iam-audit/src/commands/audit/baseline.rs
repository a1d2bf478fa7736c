//! The earlier run this one is compared with (`--baseline`): a JSON report on disk, in S3, or the
//! newest earlier one in the output location (`auto`: the folder, or `latest.json` in S3). A
//! baseline that cannot be read does not lose the audit: the run is reported without the
//! comparison, and the failure is a delivery failure (exit code 4).

use iam_audit_deliver::s3::{ReportStore, get_object};
use iam_audit_history::RunView;

use crate::settings::{AuditSettings, BaselineSource, OutputLocation, newest_report_before};

/// A baseline read: its view and where it came from.
pub struct Baseline {
    /// What the earlier run reported.
    pub view: RunView,
    /// Its file or `s3://` URI.
    pub location: String,
}

/// Reads the baseline; `Ok(None)` for `auto` when there is no earlier run yet.
pub async fn load(
    settings: &AuditSettings,
    config: Option<&aws_config::SdkConfig>,
    store: Option<&ReportStore>,
    bucket_owner: &str,
) -> Result<Option<Baseline>, String> {
    let Some(source) = &settings.delivery.baseline else {
        return Ok(None);
    };
    let (bytes, location) = match source {
        BaselineSource::File(path) => (
            std::fs::read(path)
                .map_err(|error| format!("--baseline {}: {error}", path.display()))?,
            path.display().to_string(),
        ),
        BaselineSource::S3 { bucket, key } => {
            let config = config.ok_or("no AWS configuration for the S3 baseline")?;
            let client = iam_audit_deliver::s3::client(config);
            let bytes = get_object(&client, bucket, key, bucket_owner)
                .await
                .map_err(|error| error.to_string())?;
            (bytes, format!("s3://{bucket}/{key}"))
        }
        BaselineSource::Auto => match (&settings.output.location, store) {
            (OutputLocation::S3(_), Some(store)) => {
                let Some(latest) = store.latest().await.map_err(|error| error.to_string())? else {
                    return Ok(None);
                };
                let bytes = store
                    .get(&latest.json_key)
                    .await
                    .map_err(|error| error.to_string())?;
                (bytes, store.location().uri(&latest.json_key))
            }
            _ => {
                let Some(path) =
                    newest_report_before(&settings.output.folder_path, &settings.output.stamp)
                else {
                    return Ok(None);
                };
                let bytes = std::fs::read(&path)
                    .map_err(|error| format!("--baseline {}: {error}", path.display()))?;
                (bytes, path.display().to_string())
            }
        },
    };
    let text = String::from_utf8_lossy(&bytes);
    let view = RunView::from_json(&text, &location).map_err(|error| error.to_string())?;
    Ok(Some(Baseline { view, location }))
}
