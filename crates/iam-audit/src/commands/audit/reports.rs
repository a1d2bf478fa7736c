//! Writes the run's reports in the formats asked for, each atomically, into the output (or
//! staging) folder. The JSON report is written last, by [`write_json`], so that it can record the
//! deliveries; the console's "exported" lines are printed once every file is where it ends up.

use std::path::PathBuf;

use anyhow::Context;
use iam_audit_report::csv::{
    CsvOptions, write_credentials, write_errors, write_events, write_findings, write_keys,
    write_root, write_users,
};
use iam_audit_report::json::{Delivery, RunRecord};
use iam_audit_report::{Judged, Messages, ReportError, ReportFolder};

use crate::cli::ReportFormat;
use crate::console;
use crate::settings::AuditSettings;

/// The console line that announces a report, by kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The keys report (the original's).
    Keys,
    /// The users report.
    Users,
    /// The other long-term credentials' report.
    Credentials,
    /// The CloudTrail events report.
    Events,
    /// The findings report.
    Findings,
    /// The root report.
    Root,
    /// The errors report (announced even with `-q` when something could not be read).
    Errors,
    /// Any other file.
    File,
}

/// A report written to the folder.
#[derive(Debug, Clone)]
pub struct Written {
    /// The local file.
    pub path: PathBuf,
    /// How the console announces it.
    pub kind: Kind,
}

/// Writes every report asked for but the JSON one.
pub fn write_local(judged: &Judged<'_>, settings: &AuditSettings) -> anyhow::Result<Vec<Written>> {
    let mut written = Vec::new();
    let formats = &settings.output.formats;
    if formats.has(ReportFormat::Csv) {
        written.extend(write_csv(judged, settings)?);
    }
    let folder = &settings.output.folder;
    let region = &settings.connect.region;
    let language = settings.output.language;
    for format in [ReportFormat::Asff, ReportFormat::Ocsf, ReportFormat::Html] {
        if !formats.has(format) {
            continue;
        }
        let path = match format {
            ReportFormat::Asff => folder.write("iam_audit_asff", "json", |out| {
                iam_audit_report::asff::write_asff(judged, region, out).map(|_| ())
            }),
            ReportFormat::Ocsf => folder.write("iam_audit_ocsf", "json", |out| {
                iam_audit_report::ocsf::write_ocsf(judged, region, out).map(|_| ())
            }),
            _ => folder.write("iam_audit", "html", |out| {
                iam_audit_report::html::write_html(judged, language, out)
            }),
        }
        .with_context(|| format!("writing the {} report", format.name()))?;
        written.push(Written {
            path,
            kind: Kind::File,
        });
    }
    Ok(written)
}

/// The CSV reports: the original's three, then findings, root and errors.
fn write_csv(judged: &Judged<'_>, settings: &AuditSettings) -> anyhow::Result<Vec<Written>> {
    let folder: &ReportFolder = &settings.output.folder;
    let run = judged.run;
    let options = CsvOptions::new(settings.output.language, judged.now);
    let language = settings.output.language;
    let mut written = Vec::new();
    let mut add = |result: Result<PathBuf, ReportError>, kind: Kind| -> anyhow::Result<()> {
        written.push(Written {
            path: result.context("writing the CSV reports")?,
            kind,
        });
        Ok(())
    };
    add(
        folder.write("iam_audit_report", "csv", |out| {
            write_keys(judged, options, out).map(|_| ())
        }),
        Kind::Keys,
    )?;
    add(
        folder.write("iam_users_report", "csv", |out| {
            write_users(judged, options, out).map(|_| ())
        }),
        Kind::Users,
    )?;
    add(
        folder.write("credentials_report", "csv", |out| {
            write_credentials(run, options, out).map(|_| ())
        }),
        Kind::Credentials,
    )?;
    if settings.collect.cloudtrail.is_some() {
        add(
            folder.write("cloudtrail_events", "csv", |out| {
                write_events(run, out).map(|_| ())
            }),
            Kind::Events,
        )?;
    }
    add(
        folder.write("findings", "csv", |out| {
            write_findings(judged, language, out).map(|_| ())
        }),
        Kind::Findings,
    )?;
    add(
        folder.write("root_audit_report", "csv", |out| {
            write_root(run, options, out).map(|_| ())
        }),
        Kind::Root,
    )?;
    add(
        folder.write("audit_errors", "csv", |out| {
            write_errors(run, out).map(|_| ())
        }),
        Kind::Errors,
    )?;
    Ok(written)
}

/// Writes the JSON report, with the exit code and the deliveries as far as they are known.
pub fn write_json(
    judged: &Judged<'_>,
    settings: &AuditSettings,
    exit_status: u8,
    baseline: (Option<&str>, Option<&str>),
    delivery: Option<&Delivery>,
) -> anyhow::Result<Written> {
    let record = RunRecord {
        options: &settings.run_options,
        exit_status,
        baseline: baseline.0,
        baseline_error: baseline.1,
        delivery,
    };
    // A shard's report names its shard: the shards of one run may share its timestamp.
    let prefix = settings.collect.shard.map_or_else(
        || "iam_audit".to_string(),
        |shard| format!("iam_audit_shard_{}_of_{}", shard.index, shard.count),
    );
    let path = settings
        .output
        .folder
        .write(&prefix, "json", |out| {
            iam_audit_report::json::write_json(judged, &record, out)
        })
        .context("writing the json report")?;
    Ok(Written {
        path,
        kind: Kind::File,
    })
}

/// Prints the original tool's lines: the key count, then where each report is (its S3 URI when
/// it was uploaded, else the local file).
pub fn announce(
    judged: &Judged<'_>,
    written: &[Written],
    location_of: impl Fn(&Written) -> String,
    settings: &AuditSettings,
) {
    let messages = Messages::new(settings.output.language);
    for skipped in &judged.run.skipped_accounts {
        tracing::info!(
            "{}",
            messages.account_skipped(
                &skipped.account.name,
                &skipped.account.id,
                &skipped.account.state,
                &skipped.reason
            )
        );
    }
    let keys: usize = judged
        .run
        .accounts
        .iter()
        .map(|snapshot| snapshot.access_keys().count())
        .sum();
    let mut lines = Vec::new();
    if keys == 0 {
        lines.push(messages.no_keys());
    }
    lines.push(messages.total_keys(keys));
    let mut errors_line = None;
    for report in written {
        let place = location_of(report);
        let line = match report.kind {
            Kind::Keys => messages.report_exported(&place),
            Kind::Users => messages.users_exported(&place),
            Kind::Credentials => messages.credentials_exported(&place),
            Kind::Events => messages.events_exported(&place),
            Kind::Findings => messages.findings_exported(&place),
            Kind::Root => messages.root_exported(&place),
            Kind::File => messages.file_exported(&place),
            Kind::Errors => {
                errors_line = Some(messages.errors_exported(&place));
                continue;
            }
        };
        lines.push(line);
    }
    if !settings.quiet {
        console::out("");
        for line in &lines {
            console::out(line);
        }
    }
    if let Some(line) = errors_line {
        // Where the missing data is listed matters even with -q.
        if !settings.quiet || judged.run.is_incomplete() {
            console::out(line);
        }
    }
}
