//! `iam-audit diff OLD NEW`: compares two runs' JSON reports (files or `s3://` URIs) with the
//! same code as `audit --baseline`, prints a summary, and writes `diff_<timestamp>.json` and
//! `diff_<timestamp>.csv`. Exit 1 with `--fail-on-new` when a new finding is at or above it;
//! 64 when a report cannot be used (unreadable, not a report, a future version, of another
//! organization without `--allow-other-organization`), and then nothing is written.

use std::path::PathBuf;

use anyhow::Context;
use iam_audit_collect::ConnectOptions;
use iam_audit_history::{RunView, compare_runs};
use iam_audit_report::ReportFolder;
use iam_audit_report::diff::{Sources, write_diff_csv, write_diff_json};
use iam_audit_rules::Severity;

use crate::cli::DiffArgs;
use crate::commands::reading::ReportReader;
use crate::console;
use crate::exit;
use crate::settings::{self, BaselineSource, InvalidInput, Invocation, usage};

/// Runs the comparison; returns the exit code.
pub async fn execute(arguments: &DiffArgs, invocation: &Invocation) -> anyhow::Result<u8> {
    let old = BaselineSource::parse(&arguments.old, "OLD")?;
    let new = BaselineSource::parse(&arguments.new, "NEW")?;
    if old == BaselineSource::Auto || new == BaselineSource::Auto {
        return Err(usage("usage-diff-auto", &[]).into());
    }
    if let Some(profile) = &arguments.profile {
        settings::check_profile(profile)?;
    }
    let owner = arguments
        .s3_bucket_owner
        .as_deref()
        .map(|owner| settings::account_id(owner, "--s3-bucket-owner"))
        .transpose()?;
    let connect = ConnectOptions {
        profile: arguments.profile.clone(),
        region: arguments.region.clone(),
        ..ConnectOptions::default()
    };
    let reader = ReportReader::new(&connect, owner, &[&old, &new]).await;
    let old_view = read_view(&reader, &old, "OLD").await?;
    let new_view = read_view(&reader, &new, "NEW").await?;
    let comparison = compare_runs(&old_view, &new_view, arguments.allow_other_organization)
        .map_err(|error| {
            usage(
                "usage-incomparable",
                &[
                    ("input", "OLD NEW".to_string()),
                    ("error", error.to_string()),
                ],
            )
        })?;
    // Only now that both reports are usable: nothing is written for a refused input.
    let folder_path = arguments
        .output_dir
        .clone()
        .unwrap_or_else(|| PathBuf::from("."));
    let folder = ReportFolder::prepare(&folder_path, &invocation.stamp).map_err(|error| {
        usage(
            "usage-output-dir",
            &[
                ("path", folder_path.display().to_string()),
                ("error", error.to_string()),
            ],
        )
    })?;
    let sources = Sources {
        old: &arguments.old,
        new: &arguments.new,
    };
    let json = folder
        .write("diff", "json", |out| {
            write_diff_json(&comparison, &sources, out)
        })
        .context("writing the diff")?;
    let csv = folder
        .write("diff", "csv", |out| {
            write_diff_csv(&comparison, out).map(|_| ())
        })
        .context("writing the diff")?;
    let messages = iam_audit_report::Messages::new(settings::language());
    if !invocation.quiet {
        console::out(messages.since(&comparison));
        let summary = comparison.summary();
        console::out(iam_audit_i18n::text(
            settings::language(),
            "diff-counts",
            &[
                ("open", summary.open.to_string()),
                ("changes", summary.changes.to_string()),
            ],
        ));
        console::out(messages.file_exported(&json.display().to_string()));
        console::out(messages.file_exported(&csv.display().to_string()));
    }
    let threshold = arguments.fail_on_new.map(Severity::from);
    let failing = threshold.map_or(0, |threshold| {
        comparison
            .findings
            .new
            .iter()
            .filter(|finding| !finding.suppressed && finding.severity >= threshold)
            .count()
    });
    if let (Some(threshold), true) = (threshold, failing > 0) {
        console::err(messages.fail_on_new(&messages.severity(threshold), failing));
        return Ok(exit::FINDINGS);
    }
    Ok(exit::COMPLETE)
}

/// One of the two reports, read and checked: a file through the input rule, an `s3://` object
/// read the same way.
async fn read_view(
    reader: &ReportReader,
    source: &BaselineSource,
    input: &str,
) -> Result<RunView, InvalidInput> {
    let (bytes, location) = match source {
        BaselineSource::File(path) => (
            settings::input::read_file(path, input)?,
            path.display().to_string(),
        ),
        _ => reader.read(source).await.map_err(|error| {
            usage(
                "usage-input-unreadable",
                &[
                    ("input", input.to_string()),
                    ("path", String::new()),
                    ("error", error),
                ],
            )
        })?,
    };
    settings::input::run_report(&bytes, input, &location)
}
