//! `iam-audit trend LOCATION`: the table of `history.jsonl` (one row per run, oldest first) from
//! an output folder or an `s3://bucket/prefix` location, read with the caller's credentials only
//! for S3. Read-only; an unreadable or missing history is exit 64, one line naming it.

use iam_audit_collect::ConnectOptions;
use iam_audit_deliver::s3::S3Location;
use iam_audit_report::trend::{HISTORY_FILE, parse_history, table};

use super::reading::ReportReader;
use crate::cli::TrendArgs;
use crate::console;
use crate::settings::{self, BaselineSource, usage};

pub async fn execute(arguments: &TrendArgs) -> anyhow::Result<u8> {
    let source = match S3Location::parse(&arguments.location) {
        Some(location) => BaselineSource::S3 {
            key: location.key(HISTORY_FILE),
            bucket: location.bucket,
        },
        None if arguments.location.starts_with("s3://") => {
            return Err(usage(
                "usage-trend-unreadable",
                &[
                    ("location", arguments.location.clone()),
                    ("error", "not an s3://bucket/prefix location".to_string()),
                ],
            )
            .into());
        }
        None => {
            BaselineSource::File(std::path::PathBuf::from(&arguments.location).join(HISTORY_FILE))
        }
    };
    if let Some(profile) = &arguments.profile {
        settings::check_profile(profile)?;
    }
    let connect = ConnectOptions {
        profile: arguments.profile.clone(),
        region: arguments.region.clone(),
        ..ConnectOptions::default()
    };
    let reader = ReportReader::new(&connect, None, &[&source]).await;
    let (bytes, _) = reader.read(&source).await.map_err(|error| {
        usage(
            "usage-trend-unreadable",
            &[("location", arguments.location.clone()), ("error", error)],
        )
    })?;
    let (lines, skipped) = parse_history(&String::from_utf8_lossy(&bytes));
    if !skipped.is_empty() {
        tracing::warn!("{HISTORY_FILE}: lines {skipped:?} are not runs' lines and were left out");
    }
    console::out(table(&lines).trim_end());
    Ok(0)
}
