//! Writes the run's reports in the formats asked for, each atomically, and prints the original
//! tool's "exported" lines. Every report comes from the same in-memory run and findings.

use std::path::{Path, PathBuf};

use anyhow::Context;
use chrono::{DateTime, Utc};
use iam_audit_model::AuditRun;
use iam_audit_report::csv::{
    CsvOptions, write_errors, write_events, write_findings, write_keys, write_root, write_users,
};
use iam_audit_report::{Messages, ReportError, ReportFolder};
use iam_audit_rules::Finding;

use crate::cli::ReportFormat;
use crate::console;
use crate::settings::AuditSettings;

/// What the reports are written from.
struct Source<'a> {
    run: &'a AuditRun,
    findings: &'a [Finding],
    settings: &'a AuditSettings,
    now: DateTime<Utc>,
    code: u8,
}

/// Writes every report asked for and prints where each went.
pub fn write(
    run: &AuditRun,
    findings: &[Finding],
    settings: &AuditSettings,
    now: DateTime<Utc>,
    code: u8,
) -> anyhow::Result<Vec<PathBuf>> {
    let source = Source {
        run,
        findings,
        settings,
        now,
        code,
    };
    let messages = Messages::new(settings.output.language);
    log_skipped(run, messages);
    let keys: usize = run
        .accounts
        .iter()
        .map(|snapshot| snapshot.access_keys().count())
        .sum();
    let mut lines = Vec::new();
    if keys == 0 {
        lines.push(messages.no_keys());
    }
    lines.push(messages.total_keys(keys));
    let mut written = Vec::new();
    let mut errors_line = None;
    let formats = &settings.output.formats;
    if formats.has(ReportFormat::Csv) {
        let (paths, csv_lines, errors) = write_csv(&source, messages)?;
        written.extend(paths);
        lines.extend(csv_lines);
        errors_line = Some(errors);
    }
    for format in [
        ReportFormat::Json,
        ReportFormat::Asff,
        ReportFormat::Ocsf,
        ReportFormat::Html,
    ] {
        if formats.has(format) {
            let path = write_document(&source, format)?;
            lines.push(messages.file_exported(&display(&path)));
            written.push(path);
        }
    }
    if !settings.quiet {
        console::out("");
        for line in &lines {
            console::out(line);
        }
    }
    if let Some(line) = errors_line {
        // Where the missing data is listed matters even with -q.
        if !settings.quiet || run.is_incomplete() {
            console::out(line);
        }
    }
    Ok(written)
}

fn display(path: &Path) -> String {
    path.display().to_string()
}

/// Accounts not audited, and why (shown with `-v`).
fn log_skipped(run: &AuditRun, messages: Messages) {
    for skipped in &run.skipped_accounts {
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
}

/// The CSV reports: the original's three, then findings, root and errors.
fn write_csv(
    source: &Source<'_>,
    messages: Messages,
) -> anyhow::Result<(Vec<PathBuf>, Vec<String>, String)> {
    let folder: &ReportFolder = &source.settings.output.folder;
    let run = source.run;
    let options = CsvOptions::new(source.settings.output.language, source.now);
    let language = source.settings.output.language;
    let mut paths = Vec::new();
    let mut lines = Vec::new();
    let keys = folder.write("iam_audit_report", "csv", |out| {
        write_keys(run, options, out).map(|_| ())
    })?;
    lines.push(messages.report_exported(&display(&keys)));
    paths.push(keys);
    let users = folder.write("iam_users_report", "csv", |out| {
        write_users(run, options, out).map(|_| ())
    })?;
    lines.push(messages.users_exported(&display(&users)));
    paths.push(users);
    if source.settings.collect.cloudtrail.is_some() {
        let events = folder.write("cloudtrail_events", "csv", |out| {
            write_events(run, out).map(|_| ())
        })?;
        lines.push(messages.events_exported(&display(&events)));
        paths.push(events);
    }
    let findings = folder.write("findings", "csv", |out| {
        write_findings(source.findings, language, out).map(|_| ())
    })?;
    lines.push(messages.findings_exported(&display(&findings)));
    paths.push(findings);
    let root = folder.write("root_audit_report", "csv", |out| {
        write_root(run, options, out).map(|_| ())
    })?;
    lines.push(messages.root_exported(&display(&root)));
    paths.push(root);
    let errors = folder.write("audit_errors", "csv", |out| {
        write_errors(run, out).map(|_| ())
    })?;
    let errors_line = messages.errors_exported(&display(&errors));
    paths.push(errors);
    Ok((paths, lines, errors_line))
}

/// One of the single-file reports.
fn write_document(source: &Source<'_>, format: ReportFormat) -> anyhow::Result<PathBuf> {
    let folder = &source.settings.output.folder;
    let (run, findings, now) = (source.run, source.findings, source.now);
    let region = &source.settings.connect.region;
    let language = source.settings.output.language;
    let written: Result<PathBuf, ReportError> = match format {
        ReportFormat::Json => folder.write("iam_audit", "json", |out| {
            iam_audit_report::json::write_json(
                run,
                findings,
                &source.settings.run_options,
                source.code,
                now,
                out,
            )
        }),
        ReportFormat::Asff => folder.write("iam_audit_asff", "json", |out| {
            iam_audit_report::asff::write_asff(run, findings, region, now, out).map(|_| ())
        }),
        ReportFormat::Ocsf => folder.write("iam_audit_ocsf", "json", |out| {
            iam_audit_report::ocsf::write_ocsf(run, findings, region, now, out).map(|_| ())
        }),
        ReportFormat::Html => folder.write("iam_audit", "html", |out| {
            iam_audit_report::html::write_html(run, findings, language, now, out)
        }),
        ReportFormat::Csv => unreachable!("the CSV reports are written by write_csv"),
    };
    written.with_context(|| format!("writing the {} report", format.name()))
}
