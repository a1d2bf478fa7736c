//! `iam-audit [audit]`: collect from the organization, judge, write the reports, and say with the
//! exit code whether everything was read. `demo` runs this same code against the local emulator.

mod baseline;
mod delivery;
mod fatal;
mod reports;
mod summary;

use std::sync::Arc;

use chrono::{DateTime, Utc};
use iam_audit_collect::{CallMetrics, Interrupt, run_audit};
use iam_audit_history::{RunView, compare_runs};
use iam_audit_model::AuditRun;
use iam_audit_report::{Judged, Messages};
use iam_audit_rules::evaluate;

use crate::cli::{AuditArgs, ReportFormat};
use crate::console;
use crate::exit;
use crate::printer::ConsolePrinter;
use crate::settings::{AuditSettings, Defaults, Invocation, OutputLocation};

use self::delivery::Deliverer;

/// `iam-audit [audit] ...`: validates the arguments, then audits.
pub async fn run(arguments: &AuditArgs, invocation: &Invocation) -> anyhow::Result<u8> {
    let settings = AuditSettings::resolve(arguments, invocation, &Defaults::default())?;
    execute(settings, invocation.now).await
}

/// Runs an audit, writes and delivers its reports; returns the exit code.
pub async fn execute(settings: AuditSettings, now: DateTime<Utc>) -> anyhow::Result<u8> {
    let interrupt = Interrupt::default();
    let listener = tokio::spawn(listen_for_interrupt(interrupt.clone()));
    let outcome = audit(&settings, now, &interrupt).await;
    listener.abort();
    Ok(outcome?.code)
}

/// What a finished run says about itself (the Lambda function's response is made of it).
#[derive(Debug, Clone, Default)]
pub struct Concluded {
    /// The exit code.
    pub code: u8,
    /// Whether everything was read.
    pub complete: bool,
    /// Unsuppressed findings by severity.
    pub findings: std::collections::BTreeMap<iam_audit_rules::Severity, usize>,
    /// Findings new since the baseline (`None` without one).
    pub new_findings: Option<usize>,
    /// Where the reports are (`s3://` URIs, or local paths).
    pub reports: Vec<String>,
    /// Deliveries that failed.
    pub delivery_failures: Vec<String>,
    /// The shard this run audited (`K/N`), if it was one.
    pub shard: Option<String>,
}

/// Collects under `interrupt` (a signal, or a Lambda deadline), then concludes.
pub async fn audit(
    settings: &AuditSettings,
    now: DateTime<Utc>,
    interrupt: &Interrupt,
) -> anyhow::Result<Concluded> {
    let messages = Messages::new(settings.output.language);
    let run = match collect(settings, messages, interrupt).await {
        Ok(run) => run,
        Err(error) => {
            console::err(fatal::line(&error, &fatal::Situation::of(settings)));
            return Ok(Concluded {
                code: exit::FATAL,
                ..Concluded::default()
            });
        }
    };
    conclude(settings, run, now, interrupt.is_raised()).await
}

/// Judges a collected run (or a merged one), writes and delivers its reports, and prints the
/// closing lines.
pub async fn conclude(
    settings: &AuditSettings,
    run: AuditRun,
    now: DateTime<Utc>,
    interrupted: bool,
) -> anyhow::Result<Concluded> {
    let messages = Messages::new(settings.output.language);
    let findings = evaluate(&run, &settings.judging.config, now);
    let mut deliverer = Deliverer::new(settings, &run.caller.account_id).await;
    let owner = delivery::bucket_owner(settings, &run.caller.account_id);
    // A baseline read after the audit that cannot be used: the reports without a comparison,
    // the reason in one line, exit code 5.
    let mut baseline_problem = None;
    let baseline = baseline::load(
        settings,
        deliverer.config.as_ref(),
        deliverer.store.as_ref(),
        &owner,
    )
    .await
    .unwrap_or_else(|message| {
        baseline_problem = Some(message);
        None
    });
    let comparison = baseline.as_ref().and_then(|baseline| {
        let view = RunView::from_run(&run, &findings, &settings.judging.config.thresholds);
        compare_runs(
            &baseline.view,
            &view,
            settings.delivery.across_organizations,
        )
        .map_err(|error| {
            baseline_problem = Some(format!(
                "{}: {error}; pass --allow-other-organization to compare them anyway",
                baseline.location
            ));
        })
        .ok()
    });
    let judged = Judged {
        run: &run,
        findings: &findings,
        comparison: comparison.as_ref(),
        now,
    };
    let failing = Failing::of(&judged, settings);
    let mut written = reports::write_local(&judged, settings)?;
    deliverer.upload(&written, &settings.output.stamp).await;
    deliverer.presign_html(&written, settings).await;
    deliverer.notify(&judged, settings).await;
    if settings.output.formats.has(ReportFormat::Json) {
        let code = exit_code(
            &run,
            &failing,
            interrupted,
            baseline_problem.is_some(),
            deliverer.failed(),
        );
        let json = reports::write_json(
            &judged,
            settings,
            code,
            (
                baseline.as_ref().map(|baseline| baseline.location.as_str()),
                baseline_problem.as_deref(),
            ),
            Some(&deliverer.record).filter(|_| delivers(settings)),
        )?;
        deliverer.finish(&json, &judged, settings).await;
        written.push(json);
    }
    let code = exit_code(
        &run,
        &failing,
        interrupted,
        baseline_problem.is_some(),
        deliverer.failed(),
    );
    reports::announce(
        &judged,
        &written,
        |report| {
            deliverer
                .uploaded
                .get(&report.path)
                .cloned()
                .unwrap_or_else(|| report.path.display().to_string())
        },
        settings,
    );
    if !settings.quiet {
        summary::print(&findings, messages);
        if let Some(comparison) = &comparison {
            console::out(messages.since(comparison));
        }
        if let Some(url) = &deliverer.record.html_url {
            console::out(url);
        }
    }
    if let Some(problem) = &baseline_problem {
        console::err(iam_audit_i18n::text(
            settings.output.language,
            "baseline-unreadable",
            &[("error", problem.clone())],
        ));
    }
    summary::print_closing(&run, settings, &failing, code, messages);
    finish_staging(settings, &deliverer);
    Ok(Concluded {
        code,
        complete: !run.is_incomplete(),
        findings: iam_audit_rules::count_by_severity(&findings),
        new_findings: comparison
            .as_ref()
            .map(|comparison| comparison.findings.new.len()),
        reports: written
            .iter()
            .map(|report| {
                deliverer
                    .uploaded
                    .get(&report.path)
                    .cloned()
                    .unwrap_or_else(|| report.path.display().to_string())
            })
            .collect(),
        delivery_failures: deliverer.record.failures.clone(),
        shard: settings.collect.shard.map(|shard| shard.to_string()),
    })
}

/// Whether the run delivers anything beyond the local folder (the JSON records it then).
fn delivers(settings: &AuditSettings) -> bool {
    matches!(settings.output.location, OutputLocation::S3(_))
        || !settings.delivery.notify.is_empty()
}

/// An S3 run's staging folder: removed when every upload succeeded; kept, and named, when one
/// failed, so that nothing is lost.
fn finish_staging(settings: &AuditSettings, deliverer: &Deliverer) {
    for failure in &deliverer.record.failures {
        console::err(format!("iam-audit: {failure}"));
    }
    if !matches!(settings.output.location, OutputLocation::S3(_)) {
        if deliverer.failed() {
            console::err(iam_audit_i18n::text(
                settings.output.language,
                "delivery-failed",
                &[],
            ));
        }
        return;
    }
    if deliverer.failed() {
        console::err(iam_audit_i18n::text(
            settings.output.language,
            "delivery-kept",
            &[("folder", settings.output.folder_path.display().to_string())],
        ));
    } else if let Err(error) = std::fs::remove_dir_all(&settings.output.folder_path) {
        tracing::warn!(
            "the staging folder {} was not removed: {error}",
            settings.output.folder_path.display()
        );
    }
}

/// Collects the run, printing progress; Ctrl-C and SIGTERM stop it with what was read.
async fn collect(
    settings: &AuditSettings,
    messages: Messages,
    interrupt: &Interrupt,
) -> Result<AuditRun, iam_audit_collect::CollectError> {
    let printer = Arc::new(ConsolePrinter::new(messages, settings.quiet));
    let metrics = Arc::new(CallMetrics::default());
    let collected = run_audit(
        &settings.connect,
        settings.collect.clone(),
        Arc::clone(&printer) as Arc<dyn iam_audit_collect::Progress>,
        Arc::clone(&metrics),
        interrupt.clone(),
    )
    .await;
    printer.finish();
    tracing::info!(
        "{} API calls ({} attempts), {} retries",
        metrics.operations(),
        metrics.attempts(),
        metrics.retries()
    );
    collected
}

/// The findings that make the exit code 1: unsuppressed ones at or above `--fail-on`, and new
/// ones at or above `--fail-on-new` (`None` where the option was not given, or nothing was
/// compared).
#[derive(Debug, Default)]
pub struct Failing {
    /// At or above `--fail-on`.
    pub at_or_above: Option<usize>,
    /// New since the baseline, at or above `--fail-on-new`.
    pub new: Option<usize>,
}

impl Failing {
    fn of(judged: &Judged<'_>, settings: &AuditSettings) -> Failing {
        Failing {
            at_or_above: settings.judging.fail_on.map(|threshold| {
                judged
                    .findings
                    .iter()
                    .filter(|finding| !finding.is_suppressed() && finding.severity >= threshold)
                    .count()
            }),
            new: settings.delivery.fail_on_new.zip(judged.comparison).map(
                |(threshold, comparison)| {
                    comparison
                        .findings
                        .new
                        .iter()
                        .filter(|finding| !finding.suppressed && finding.severity >= threshold)
                        .count()
                },
            ),
        }
    }

    /// Whether any finding fails the run.
    pub fn any(&self) -> bool {
        self.at_or_above.unwrap_or(0) + self.new.unwrap_or(0) > 0
    }
}

/// The exit code: interrupted, then incomplete, then an unusable baseline, then a failed
/// delivery, then findings at `--fail-on` (or new ones at `--fail-on-new`).
fn exit_code(
    run: &AuditRun,
    failing: &Failing,
    interrupted: bool,
    baseline_unusable: bool,
    undelivered: bool,
) -> u8 {
    if interrupted {
        exit::INTERRUPTED
    } else if run.is_incomplete() {
        exit::INCOMPLETE
    } else if baseline_unusable {
        exit::BASELINE
    } else if undelivered {
        exit::DELIVERY
    } else if failing.any() {
        exit::FINDINGS
    } else {
        exit::COMPLETE
    }
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
    console::err(iam_audit_i18n::text(
        crate::settings::language(),
        "interrupted",
        &[],
    ));
    interrupt.raise();
    let _ = tokio::signal::ctrl_c().await;
    std::process::exit(i32::from(exit::INTERRUPTED));
}
