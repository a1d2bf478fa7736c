//! `iam-audit [audit]`: collect from the organization, judge, write the reports, and say with the
//! exit code whether everything was read. `demo` runs this same code against the local emulator.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use chrono::{DateTime, Utc};
use iam_audit_collect::{AuditOptions, CallMetrics, ConnectOptions, Interrupt, run_audit};
use iam_audit_model::{AuditRun, ErrorKind};
use iam_audit_report::asff::write_asff;
use iam_audit_report::csv::{
    CsvOptions, write_errors, write_events, write_findings, write_keys, write_root, write_users,
};
use iam_audit_report::html::write_html;
use iam_audit_report::json::{RunOptions, write_json};
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
    /// The options as the JSON report records them.
    pub run_options: RunOptions,
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
    let options = settings::role_and_scope(&arguments.role, &arguments.scope, now)?;
    let judging = settings::judging_settings(&arguments.judging)?;
    let output = settings::output_settings(&arguments.output, &settings::current_folder(), stamp)?;
    let run_options = run_options(
        &options,
        &arguments.scope,
        &output,
        &arguments.judging,
        false,
    );
    Ok(Audit {
        connect: connect_options(&arguments.scope, arguments.role.profile.clone()),
        options,
        output,
        judging,
        run_options,
        quiet,
    })
}

/// How to reach AWS, from the scope's options.
pub fn connect_options(scope: &crate::cli::ScopeArgs, profile: Option<String>) -> ConnectOptions {
    let attempt = std::time::Duration::from_secs(scope.call_timeout);
    ConnectOptions {
        profile,
        region: scope.region.clone(),
        max_attempts: scope.max_attempts,
        attempt_timeout: attempt,
        // Room for every attempt and the backoff between them.
        operation_timeout: attempt * scope.max_attempts + std::time::Duration::from_secs(30),
        ..ConnectOptions::default()
    }
}

/// The options as the JSON report records them.
pub fn run_options(
    options: &AuditOptions,
    scope: &crate::cli::ScopeArgs,
    output: &OutputSettings,
    judging: &crate::cli::JudgingArgs,
    demo: bool,
) -> RunOptions {
    RunOptions {
        role: options.role_name.clone(),
        region: scope.region.clone(),
        session_name: options.session_name.clone(),
        accounts: options.include_accounts.iter().flatten().cloned().collect(),
        exclude_accounts: options.exclude_accounts.iter().cloned().collect(),
        cloudtrail_days: (!scope.no_cloudtrail).then_some(scope.cloudtrail_days),
        concurrency: scope.concurrency,
        formats: output.format_names.clone(),
        language: output.language.code().to_string(),
        config: judging
            .config
            .as_ref()
            .map(|path| path.display().to_string()),
        fail_on: judging.fail_on.clone(),
        demo,
    }
}

/// Runs an audit and writes its reports; returns the exit code.
pub async fn execute(audit: Audit, now: DateTime<Utc>) -> anyhow::Result<u8> {
    let messages = Messages::new(audit.output.language);
    let printer = Arc::new(ConsolePrinter::new(messages, audit.quiet));
    let metrics = Arc::new(CallMetrics::default());
    let interrupt = Interrupt::default();
    let listener = tokio::spawn(listen_for_interrupt(interrupt.clone()));
    let collected = run_audit(
        &audit.connect,
        audit.options.clone(),
        Arc::clone(&printer) as Arc<dyn iam_audit_collect::Progress>,
        Arc::clone(&metrics),
        interrupt.clone(),
    )
    .await;
    listener.abort();
    printer.finish();
    let run = match collected {
        Ok(run) => run,
        Err(error) => {
            let advice = match error.kind() {
                ErrorKind::InvalidCredentials | ErrorKind::Other => "fatal-advice-credentials",
                ErrorKind::AccessDenied => "fatal-advice-access-denied",
                ErrorKind::Unreachable | ErrorKind::Timeout => "fatal-advice-unreachable",
                _ => "fatal-advice-other",
            };
            let language = audit.output.language;
            eprintln!(
                "{}",
                iam_audit_i18n::text(
                    language,
                    "fatal-line",
                    &[
                        ("error", error.to_string()),
                        ("advice", iam_audit_i18n::text(language, advice, &[])),
                    ],
                )
            );
            return Ok(exit::FATAL);
        }
    };
    tracing::info!(
        "{} API calls ({} attempts), {} retries",
        metrics.operations(),
        metrics.attempts(),
        metrics.retries()
    );
    let findings = evaluate(&run, &audit.judging.config, now);
    let failing = audit.judging.fail_on.map(|threshold| {
        findings
            .iter()
            .filter(|finding| !finding.is_suppressed() && finding.severity >= threshold)
            .count()
    });
    let code = if interrupt.is_raised() {
        exit::INTERRUPTED
    } else if run.is_incomplete() {
        exit::INCOMPLETE
    } else if failing.is_some_and(|count| count > 0) {
        exit::FINDINGS
    } else {
        exit::COMPLETE
    };
    write_reports(&run, &findings, &audit, now, messages, code).context("writing the reports")?;
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
    } else if let (Some(threshold), Some(count)) = (audit.judging.fail_on, failing)
        && count > 0
    {
        eprintln!("{}", messages.fail_on(&messages.severity(threshold), count));
    }
    Ok(code)
}

/// Raises the interrupt on Ctrl-C or SIGTERM. A second signal ends the process at once; report
/// files are never half-written either way (each is renamed into place when complete).
async fn listen_for_interrupt(interrupt: Interrupt) {
    let mut terminate =
        tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
    let terminated = async {
        match terminate.as_mut() {
            Some(signal) => {
                signal.recv().await;
            }
            None => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        () = terminated => {}
    }
    eprintln!(
        "{}",
        iam_audit_i18n::text(crate::settings::language(), "interrupted", &[])
    );
    interrupt.raise();
    let _ = tokio::signal::ctrl_c().await;
    std::process::exit(i32::from(exit::INTERRUPTED));
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
    let mut critical: BTreeMap<(&str, &str), usize> = BTreeMap::new();
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
    code: u8,
) -> Result<(), ReportError> {
    let folder = &audit.output.folder;
    let formats = audit.output.formats;
    let language = audit.output.language;
    let csv_options = CsvOptions::new(language, now);
    let mut lines: Vec<String> = Vec::new();
    let path = |path: PathBuf| path.display().to_string();
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
    let keys = run
        .accounts
        .iter()
        .map(|snapshot| snapshot.access_keys().count())
        .sum::<usize>();
    if keys == 0 {
        lines.push(messages.no_keys());
    }
    lines.push(messages.total_keys(keys));
    let mut errors_line = None;
    if formats.csv {
        let keys_path = folder.write("iam_audit_report", "csv", |out| {
            write_keys(run, csv_options, out).map(|_| ())
        })?;
        lines.push(messages.report_exported(&path(keys_path)));
        let users_path = folder.write("iam_users_report", "csv", |out| {
            write_users(run, csv_options, out).map(|_| ())
        })?;
        lines.push(messages.users_exported(&path(users_path)));
        if audit.options.cloudtrail.is_some() {
            let events_path = folder.write("cloudtrail_events", "csv", |out| {
                write_events(run, out).map(|_| ())
            })?;
            lines.push(messages.events_exported(&path(events_path)));
        }
        let findings_path = folder.write("findings", "csv", |out| {
            write_findings(findings, language, out).map(|_| ())
        })?;
        lines.push(messages.findings_exported(&path(findings_path)));
        let root_path = folder.write("root_audit_report", "csv", |out| {
            write_root(run, csv_options, out).map(|_| ())
        })?;
        lines.push(messages.root_exported(&path(root_path)));
        let errors_path = folder.write("audit_errors", "csv", |out| {
            write_errors(run, out).map(|_| ())
        })?;
        errors_line = Some(messages.errors_exported(&path(errors_path)));
    }
    if formats.json {
        let json_path = folder.write("iam_audit", "json", |out| {
            write_json(run, findings, &audit.run_options, code, now, out)
        })?;
        lines.push(messages.file_exported(&path(json_path)));
    }
    if formats.asff {
        let asff_path = folder.write("iam_audit_asff", "json", |out| {
            write_asff(run, findings, &audit.connect.region, now, out).map(|_| ())
        })?;
        lines.push(messages.file_exported(&path(asff_path)));
    }
    if formats.html {
        let html_path = folder.write("iam_audit", "html", |out| {
            write_html(run, findings, language, now, out)
        })?;
        lines.push(messages.file_exported(&path(html_path)));
    }
    if !audit.quiet {
        println!();
        for line in &lines {
            println!("{line}");
        }
    }
    if let Some(line) = errors_line {
        // Where the missing data is listed matters even with -q.
        if !audit.quiet || run.is_incomplete() {
            println!("{line}");
        }
    }
    Ok(())
}
