//! The console's lines at the end of a run: where each report is (the original tool's "Reporte
//! exportado" lines), the "fix first" list, findings by severity, the accounts with the most
//! critical ones, the comparison's "since" line, and why the exit code is not 0.

use std::collections::BTreeMap;

use iam_audit_model::AuditRun;
use iam_audit_report::registry::{Kind, Written};
use iam_audit_report::{Judged, Messages};
use iam_audit_rules::compliance::ComplianceRow;
use iam_audit_rules::{Finding, Severity, count_by_severity};

use crate::exit;
use crate::failing::Failing;
use crate::lines::Lines;
use crate::settings::ConclusionSettings;

/// The original tool's lines: the key count, then where each report is (its S3 URI when it was
/// uploaded, else the local file).
pub(crate) fn announce(
    judged: &Judged<'_>,
    written: &[Written],
    location_of: impl Fn(&Written) -> String,
    settings: &ConclusionSettings,
    lines: &dyn Lines,
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
    let mut said = Vec::new();
    if keys == 0 {
        said.push(messages.no_keys());
    }
    said.push(messages.total_keys(keys));
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
            Kind::Policies(count) => messages.policies_exported(&place, count),
            Kind::Errors => {
                errors_line = Some(messages.errors_exported(&place));
                continue;
            }
        };
        said.push(line);
    }
    if !settings.quiet {
        lines.out("");
        for line in &said {
            lines.out(line);
        }
    }
    if let Some(line) = errors_line {
        // Where the missing data is listed matters even with -q.
        if !settings.quiet || judged.run.is_incomplete() {
            lines.out(&line);
        }
    }
}

/// The ten riskiest credentials ("fix first"), findings by severity, and the accounts with the
/// most critical ones.
/// `overdue: 3 critical, 12 high`, when `[sla]` makes any finding overdue.
pub(crate) fn overdue(judged: &Judged<'_>, messages: Messages, lines: &dyn Lines) {
    let counts = judged.overdue_by_severity();
    if counts.is_empty() {
        return;
    }
    let listed: Vec<(String, usize)> = Severity::ALL
        .iter()
        .rev()
        .filter_map(|severity| {
            counts
                .get(severity)
                .map(|count| (messages.severity(*severity), *count))
        })
        .collect();
    lines.out(&messages.overdue_summary(&listed));
}

pub(crate) fn summary(findings: &[Finding], messages: Messages, lines: &dyn Lines) {
    let first = iam_audit_rules::risk::fix_first(findings, 10);
    if !first.is_empty() {
        lines.out(&messages.fix_first_heading());
        for (rank, finding) in first.iter().enumerate() {
            lines.out(&format!("  {}", messages.fix_first_line(rank + 1, finding)));
        }
    }
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
    lines.out(&messages.findings_summary(&listed, suppressed));
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
        lines.out(&messages.most_critical(&ranked));
    }
}

/// One line per framework of `--compliance`: its controls over every account, by status.
pub(crate) fn compliance(
    rows: &[ComplianceRow<'_>],
    settings: &ConclusionSettings,
    lines: &dyn Lines,
) {
    let messages = Messages::new(settings.output.language);
    for framework in &settings.judging.compliance {
        let counts =
            iam_audit_rules::compliance::counts(rows, framework.id).map(|(_, count)| count);
        lines.out(&messages.compliance_line(framework.name, counts));
    }
}

/// Why the exit code is not 0, on stderr (even with `-q`).
pub(crate) fn reasons(
    run: &AuditRun,
    settings: &ConclusionSettings,
    failing: &Failing,
    code: u8,
    messages: Messages,
    lines: &dyn Lines,
) {
    if code == exit::INTERRUPTED {
        lines.err(&messages.audit_interrupted(run.all_errors().count()));
        return;
    }
    if run.is_incomplete() {
        let failed_accounts = run
            .accounts
            .iter()
            .filter(|snapshot| !snapshot.errors.is_empty())
            .count();
        lines.err(&messages.audit_incomplete(run.all_errors().count(), failed_accounts));
        return;
    }
    if let (Some(threshold), Some(count)) = (settings.judging.fail_on, failing.at_or_above)
        && count > 0
    {
        lines.err(&messages.fail_on(&messages.severity(threshold), count));
    }
    if let (Some(threshold), Some(count)) = (settings.delivery.fail_on_new, failing.new)
        && count > 0
    {
        lines.err(&messages.fail_on_new(&messages.severity(threshold), count));
    }
    if let (Some(threshold), Some(count)) = (settings.judging.fail_on_overdue, failing.overdue)
        && count > 0
    {
        lines.err(&messages.fail_on_overdue(&messages.severity(threshold), count));
    }
}
