//! `iam-audit [audit]`: collect from the organization, write the reports, and say with the exit
//! code whether everything was read. `demo` runs this same code against the local emulator.

use std::sync::Arc;

use anyhow::Context;
use chrono::{DateTime, Utc};
use iam_audit_collect::{AuditOptions, CallMetrics, ConnectOptions, run_audit};
use iam_audit_model::{AuditRun, ErrorKind};
use iam_audit_report::csv::{
    CsvOptions, write_errors, write_events, write_findings, write_keys, write_root, write_users,
};
use iam_audit_report::{Messages, ReportError};
use iam_audit_rules::{Finding, Severity, count_by_severity, evaluate};

use crate::cli::AuditArgs;
use crate::exit;
use crate::printer::ConsolePrinter;
use crate::settings::{self, JudgingSettings, OutputSettings};

/// Everything one audit needs, validated.
pub struct Audit {
    /// How to reach AWS.
    pub connect: ConnectOptions,
    /// What to collect.
    pub options: AuditOptions,
    /// Where reports go.
    pub output: OutputSettings,
    /// How findings are judged.
    pub judging: JudgingSettings,
    /// `-q`.
    pub quiet: bool,
}

/// Validates the audit's arguments.
pub fn prepare(
    arguments: &AuditArgs,
    quiet: bool,
    now: DateTime<Utc>,
    stamp: &str,
) -> Result<Audit, settings::InvalidInput> {
    if let Some(profile) = &arguments.profile {
        settings::check_profile(profile)?;
    }
    let options = settings::audit_options(
        &arguments.scope,
        &arguments.role,
        arguments.external_id.as_deref(),
        arguments.session_name.as_deref(),
        arguments.session_duration,
        now,
    )?;
    let judging = settings::judging_settings(&arguments.judging)?;
    let output = settings::output_settings(&arguments.output, &settings::current_folder(), stamp)?;
    Ok(Audit {
        connect: ConnectOptions {
            profile: arguments.profile.clone(),
            region: arguments.scope.region.clone(),
            ..ConnectOptions::default()
        },
        options,
        output,
        judging,
        quiet,
    })
}

/// Runs an audit and writes its reports; returns the exit code.
pub async fn execute(audit: Audit, now: DateTime<Utc>) -> anyhow::Result<u8> {
    let messages = Messages::new(audit.output.language);
    let printer = Arc::new(ConsolePrinter::new(messages, audit.quiet));
    let metrics = Arc::new(CallMetrics::default());
    let collected = run_audit(
        &audit.connect,
        audit.options.clone(),
        printer,
        Arc::clone(&metrics),
    )
    .await;
    let run = match collected {
        Ok(run) => run,
        Err(error) => {
            let advice = match error.kind() {
                ErrorKind::InvalidCredentials | ErrorKind::Other => {
                    "sign in (aws sso login --profile NAME) or pass --profile, then run again"
                }
                ErrorKind::AccessDenied => {
                    "run from the management account or a delegated administrator, with organizations:ListAccounts allowed"
                }
                ErrorKind::Unreachable | ErrorKind::Timeout => {
                    "check the network, proxy settings and AWS_ENDPOINT_URL"
                }
                _ => "run again later",
            };
            eprintln!("iam-audit: {error} — {advice}. No report was written.");
            return Ok(exit::FATAL);
        }
    };
    tracing::info!(
        "{} API calls, {} retries",
        metrics.operations(),
        metrics.retries()
    );
    let findings = evaluate(&run, &audit.judging.config, now);
    write_reports(&run, &findings, &audit, now, messages).context("writing the reports")?;
    if !audit.quiet {
        print_summary(&findings, messages);
    }
    if run.is_incomplete() {
        let failed_accounts = run
            .accounts
            .iter()
            .filter(|snapshot| !snapshot.errors.is_empty())
            .count();
        eprintln!(
            "{}",
            messages.audit_incomplete(run.all_errors().count(), failed_accounts)
        );
        return Ok(exit::INCOMPLETE);
    }
    if let Some(threshold) = audit.judging.fail_on {
        let failing = findings
            .iter()
            .filter(|finding| !finding.is_suppressed() && finding.severity >= threshold)
            .count();
        if failing > 0 {
            eprintln!(
                "{}",
                messages.fail_on(&messages.severity(threshold), failing)
            );
            return Ok(exit::FINDINGS);
        }
    }
    Ok(exit::COMPLETE)
}

/// Findings by severity, and the accounts with the most critical ones.
fn print_summary(findings: &[Finding], messages: Messages) {
    let counts = count_by_severity(findings);
    let listed: Vec<(String, usize)> = Severity::ALL
        .iter()
        .rev()
        .map(|severity| {
            (
                messages.severity(*severity),
                counts.get(severity).copied().unwrap_or(0),
            )
        })
        .collect();
    let suppressed = findings
        .iter()
        .filter(|finding| finding.is_suppressed())
        .count();
    println!("{}", messages.findings_summary(&listed, suppressed));
    let mut critical: std::collections::BTreeMap<(&str, &str), usize> =
        std::collections::BTreeMap::new();
    for finding in findings
        .iter()
        .filter(|finding| finding.severity == Severity::Critical && !finding.is_suppressed())
    {
        *critical
            .entry((finding.account_id.as_str(), finding.account_name.as_str()))
            .or_default() += 1;
    }
    let mut ranked: Vec<(String, String, usize)> = critical
        .into_iter()
        .map(|((id, name), count)| (name.to_string(), id.to_string(), count))
        .collect();
    ranked.sort_by(|left, right| right.2.cmp(&left.2).then_with(|| left.1.cmp(&right.1)));
    ranked.truncate(5);
    if !ranked.is_empty() {
        println!("{}", messages.most_critical(&ranked));
    }
}

fn write_reports(
    run: &AuditRun,
    findings: &[Finding],
    audit: &Audit,
    now: DateTime<Utc>,
    messages: Messages,
) -> Result<(), ReportError> {
    let folder = &audit.output.folder;
    let csv_options = CsvOptions::new(audit.output.language, now);
    let say = |line: String| {
        if !audit.quiet {
            println!("{line}");
        }
    };
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
    let mut keys = 0;
    let keys_path = folder.write("iam_audit_report", "csv", |out| {
        keys = write_keys(run, csv_options, out)?;
        Ok(())
    })?;
    let users_path = folder.write("iam_users_report", "csv", |out| {
        write_users(run, csv_options, out).map(|_| ())
    })?;
    let events_path = if audit.options.cloudtrail.is_some() {
        Some(folder.write("cloudtrail_events", "csv", |out| {
            write_events(run, out).map(|_| ())
        })?)
    } else {
        None
    };
    let findings_path = folder.write("findings", "csv", |out| {
        write_findings(findings, audit.output.language, out).map(|_| ())
    })?;
    let root_path = folder.write("root_audit_report", "csv", |out| {
        write_root(run, csv_options, out).map(|_| ())
    })?;
    let errors_path = folder.write("audit_errors", "csv", |out| {
        write_errors(run, out).map(|_| ())
    })?;
    say(String::new());
    if keys == 0 {
        say(messages.no_keys());
    }
    say(messages.total_keys(keys));
    say(messages.report_exported(&keys_path.display().to_string()));
    say(messages.users_exported(&users_path.display().to_string()));
    if let Some(path) = events_path {
        say(messages.events_exported(&path.display().to_string()));
    }
    say(messages.findings_exported(&findings_path.display().to_string()));
    say(messages.root_exported(&root_path.display().to_string()));
    if run.is_incomplete() {
        // Where the missing data is listed matters even with -q.
        println!(
            "{}",
            messages.errors_exported(&errors_path.display().to_string())
        );
    } else {
        say(messages.errors_exported(&errors_path.display().to_string()));
    }
    Ok(())
}
