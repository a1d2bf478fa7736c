//! The earlier run this one is compared with (`--baseline`): a JSON report on disk, in S3, or the
//! newest earlier one in the output location (`auto`: the folder, or `latest.json` in S3).
//!
//! A file given on the command line was read and checked before the audit started (an unusable
//! one is the command line's fault, exit 64, and nothing was audited). A baseline that can only
//! be read after the audit (`auto`, `s3://`) and turns out unreadable, or of another
//! organization, does not lose the audit: the reports are written without the comparison, the
//! run says why in one line, and the exit code is 5.

use iam_audit_deliver::OutputLocation;
use iam_audit_deliver::s3::{ReportStore, get_object};
use iam_audit_history::RunView;

use crate::settings::{Baseline, BaselineSetting, ConclusionSettings, newest_report_before};

/// Reads the baseline; `Ok(None)` without one, or for `auto` when there is no earlier run yet.
/// The error is why it could not be read, naming it.
pub async fn load(
    settings: &ConclusionSettings,
    config: Option<&aws_config::SdkConfig>,
    store: Option<&ReportStore>,
    bucket_owner: &str,
) -> Result<Option<Baseline>, String> {
    let Some(source) = &settings.delivery.baseline else {
        return Ok(None);
    };
    let (bytes, location) = match source {
        BaselineSetting::Loaded(loaded) => return Ok(Some(loaded.as_ref().clone())),
        BaselineSetting::S3 { bucket, key } => {
            let location = format!("s3://{bucket}/{key}");
            let config = config.ok_or(format!("{location}: no AWS configuration to read it"))?;
            let client = iam_audit_deliver::s3::client(config);
            let bytes = get_object(&client, bucket, key, bucket_owner)
                .await
                .map_err(|error| format!("{location}: {error}"))?;
            (bytes, location)
        }
        BaselineSetting::Auto => match (&settings.output.location, store) {
            (OutputLocation::S3(_), Some(store)) => {
                let Some(latest) = store.latest().await.map_err(|error| error.to_string())? else {
                    return Ok(None);
                };
                let location = store.location().uri(&latest.json_key);
                let bytes = store
                    .get(&latest.json_key)
                    .await
                    .map_err(|error| format!("{location}: {error}"))?;
                (bytes, location)
            }
            _ => {
                let Some(path) =
                    newest_report_before(&settings.output.folder_path, &settings.output.stamp)
                else {
                    return Ok(None);
                };
                let bytes =
                    std::fs::read(&path).map_err(|error| format!("{}: {error}", path.display()))?;
                (bytes, path.display().to_string())
            }
        },
    };
    let view = RunView::from_json(&String::from_utf8_lossy(&bytes), &location)
        .map_err(|error| error.to_string())?;
    Ok(Some(Baseline { view, location }))
}
