//! A collected (or merged) run, concluded: judge → compare with the baseline → write the reports
//! → deliver → exit code, and the closing lines. `audit`, `merge` and the Lambda function all end
//! here; what they differ in (how the run was collected, how its lines are printed) is theirs.

use chrono::{DateTime, Utc};
use iam_audit_deliver::{Deliveries, OutputLocation};
use iam_audit_history::{Comparison, RunView, compare_runs};
use iam_audit_model::AuditRun;
use iam_audit_report::json::RunRecord;
use iam_audit_report::registry::{Format, Inputs, Written, write_json_report, write_reports};
use iam_audit_report::trend::{HISTORY_FILE, TrendLine};
use iam_audit_report::{Judged, Messages, ReportError};

use crate::failing::Failing;
use crate::history_file;
use iam_audit_rules::{Finding, Severity, evaluate};

use crate::baseline;
use crate::closing;
use crate::exit;
use crate::lines::Lines;
use crate::settings::{Baseline, ConclusionSettings};

/// The run could not be concluded: a report could not be written (nothing else stops it).
#[derive(Debug, thiserror::Error)]
#[error("writing the {format} report: {source}")]
pub struct ConclusionError {
    /// Which format.
    pub format: &'static str,
    /// Why.
    #[source]
    pub source: ReportError,
}

/// What a finished run says about itself (the Lambda function's response is made of it).
#[derive(Debug, Clone, Default)]
pub struct Concluded {
    /// The exit code.
    pub code: u8,
    /// Whether everything was read.
    pub complete: bool,
    /// Unsuppressed findings by severity.
    pub findings: std::collections::BTreeMap<Severity, usize>,
    /// Findings new since the baseline (`None` without one).
    pub new_findings: Option<usize>,
    /// Where the reports are (`s3://` URIs, or local paths).
    pub reports: Vec<String>,
    /// Deliveries that failed.
    pub delivery_failures: Vec<String>,
    /// The shard this run audited (`K/N`), if it was one.
    pub shard: Option<String>,
}

/// How a run went, for its exit code.
struct Outcome<'a> {
    run: &'a AuditRun,
    failing: &'a Failing,
    interrupted: bool,
    baseline_unusable: bool,
    undelivered: bool,
}

impl Outcome<'_> {
    /// The exit code: interrupted, then incomplete, then an unusable baseline, then a failed
    /// delivery, then findings at `--fail-on` (or new ones at `--fail-on-new`).
    fn code(&self) -> u8 {
        if self.interrupted {
            exit::INTERRUPTED
        } else if self.run.is_incomplete() {
            exit::INCOMPLETE
        } else if self.baseline_unusable {
            exit::BASELINE
        } else if self.undelivered {
            exit::DELIVERY
        } else if self.failing.any() {
            exit::FINDINGS
        } else {
            exit::COMPLETE
        }
    }
}

/// Judges a collected run (or a merged one), compares it, writes and delivers its reports, and
/// says the closing lines. `config` is the caller's AWS configuration, which the binary loads when
/// [`ConclusionSettings::needs_aws`] says so.
pub async fn conclude(
    settings: &ConclusionSettings,
    run: AuditRun,
    now: DateTime<Utc>,
    interrupted: bool,
    config: Option<aws_config::SdkConfig>,
    lines: &dyn Lines,
) -> Result<Concluded, ConclusionError> {
    let messages = Messages::new(settings.output.language);
    let findings = evaluate(&run, &settings.judging.config, now);
    let mut deliveries = Deliveries::new(settings.delivery_plan(&run.caller.account_id), config);
    let (comparison, baseline, baseline_problem) =
        compared(settings, &run, &findings, &deliveries).await;
    let compliance =
        iam_audit_rules::compliance::evaluate(&run, &findings, &settings.judging.compliance);
    let mut judged = Judged {
        run: &run,
        findings: &findings,
        comparison: comparison.as_ref(),
        now,
        compliance: &compliance,
        owners: &settings.judging.config.owners,
        sla: settings.judging.config.sla,
        trend: &[],
    };
    // The trend: the earlier runs' lines, then this run's (a shard is not a run).
    let earlier = if settings.shard {
        None
    } else {
        Some(history_file::load(settings, &deliveries).await)
    };
    let mut trend = match &earlier {
        Some(Ok(lines)) => lines.clone(),
        _ => Vec::new(),
    };
    if earlier.is_some() {
        trend.push(TrendLine::of(&judged));
    }
    judged.trend = &trend;
    let inputs = Inputs {
        judged,
        language: settings.output.language,
        region: &settings.region,
    };
    let failing = Failing::of(&judged, settings);
    let mut written = write_reports(
        settings.output.formats.list(),
        &inputs,
        &settings.output.folder,
    )
    .map_err(|source| ConclusionError {
        format: "local",
        source,
    })?;
    let paths: Vec<_> = written.iter().map(|report| report.path.clone()).collect();
    deliveries.upload(&paths).await;
    deliveries.presign_html(&paths).await;
    deliveries.notify(&judged).await;
    deliveries.notify_routes(&judged).await;
    match earlier {
        Some(Ok(_)) => {
            if let Err(error) = history_file::save(settings, &deliveries, &trend).await {
                deliveries.fail(format!("{HISTORY_FILE}: {error}"));
            }
        }
        Some(Err(error)) => deliveries.fail(format!(
            "{HISTORY_FILE} could not be read, so this run's line was not added: {error}"
        )),
        None => {}
    }
    let mut outcome = Outcome {
        run: &run,
        failing: &failing,
        interrupted,
        baseline_unusable: baseline_problem.is_some(),
        undelivered: deliveries.failed(),
    };
    if settings.output.formats.has(Format::Json) {
        let plan = settings.delivery_plan(&run.caller.account_id);
        let record = RunRecord {
            options: &settings.run_options,
            exit_status: outcome.code(),
            baseline: baseline.as_ref().map(|baseline| baseline.location.as_str()),
            baseline_error: baseline_problem.as_deref(),
            delivery: Some(deliveries.record()).filter(|_| plan.delivers()),
        };
        let json =
            write_json_report(&inputs, &record, &settings.output.folder).map_err(|source| {
                ConclusionError {
                    format: "json",
                    source,
                }
            })?;
        deliveries.finish(&json.path, &judged).await;
        written.push(json);
    }
    outcome.undelivered = deliveries.failed();
    let code = outcome.code();
    let closing = Closing {
        judged: &judged,
        written: &written,
        deliveries: &deliveries,
        failing: &failing,
        baseline_problem: baseline_problem.as_deref(),
        code,
    };
    closing.say(settings, messages, lines);
    Ok(Concluded {
        code,
        complete: !run.is_incomplete(),
        findings: iam_audit_rules::count_by_severity(&findings),
        new_findings: comparison
            .as_ref()
            .map(|comparison| comparison.findings.new.len()),
        reports: written
            .iter()
            .map(|report: &Written| deliveries.location_of(&report.path))
            .collect(),
        delivery_failures: deliveries.record().failures.clone(),
        shard: settings.run_options.shard.clone(),
    })
}

/// What the closing lines are about.
struct Closing<'a> {
    judged: &'a Judged<'a>,
    written: &'a [Written],
    deliveries: &'a Deliveries,
    failing: &'a Failing,
    baseline_problem: Option<&'a str>,
    code: u8,
}

impl Closing<'_> {
    /// Where each report is, the summary and "since" lines, and why the exit code is not 0.
    fn say(&self, settings: &ConclusionSettings, messages: Messages, lines: &dyn Lines) {
        let deliveries = self.deliveries;
        closing::announce(
            self.judged,
            self.written,
            |report| deliveries.location_of(&report.path),
            settings,
            lines,
        );
        if !settings.quiet {
            closing::summary(self.judged.findings, messages, lines);
            closing::overdue(self.judged, messages, lines);
            closing::compliance(self.judged.compliance, settings, lines);
            if let Some(comparison) = self.judged.comparison {
                lines.out(&messages.since(comparison));
            }
            if let Some(url) = &deliveries.record().html_url {
                lines.out(url);
            }
        }
        if let Some(problem) = self.baseline_problem {
            lines.err(&iam_audit_i18n::text(
                settings.output.language,
                "baseline-unreadable",
                &[("error", problem.to_string())],
            ));
        }
        closing::reasons(
            self.judged.run,
            settings,
            self.failing,
            self.code,
            messages,
            lines,
        );
        finish_staging(settings, deliveries, lines);
    }
}

/// The comparison with the baseline, the baseline, and why there is no comparison when a
/// baseline was asked for but could not be read or used.
async fn compared(
    settings: &ConclusionSettings,
    run: &AuditRun,
    findings: &[Finding],
    deliveries: &Deliveries,
) -> (Option<Comparison>, Option<Baseline>, Option<String>) {
    let owner = settings.bucket_owner(&run.caller.account_id);
    let baseline =
        match baseline::load(settings, deliveries.config(), deliveries.store(), &owner).await {
            Ok(baseline) => baseline,
            Err(problem) => return (None, None, Some(problem)),
        };
    let Some(baseline) = baseline else {
        return (None, None, None);
    };
    let view = RunView::from_run(run, findings, &settings.judging.config);
    match compare_runs(
        &baseline.view,
        &view,
        settings.delivery.across_organizations,
    ) {
        Ok(comparison) => (Some(comparison), Some(baseline), None),
        Err(incomparable) => {
            let problem = format!(
                "{}: {incomparable}; pass --allow-other-organization to compare them anyway",
                baseline.location
            );
            (None, Some(baseline), Some(problem))
        }
    }
}

/// An S3 run's staging folder: removed when every upload succeeded; kept, and named, when one
/// failed, so that nothing is lost. Every failed delivery is said once, here.
fn finish_staging(settings: &ConclusionSettings, deliveries: &Deliveries, lines: &dyn Lines) {
    for failure in &deliveries.record().failures {
        lines.err(&format!("iam-audit: {failure}"));
    }
    if !matches!(settings.output.location, OutputLocation::S3(_)) {
        if deliveries.failed() {
            lines.err(&iam_audit_i18n::text(
                settings.output.language,
                "delivery-failed",
                &[],
            ));
        }
        return;
    }
    if deliveries.failed() {
        lines.err(&iam_audit_i18n::text(
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
