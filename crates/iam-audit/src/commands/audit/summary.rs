//! The console's last lines: the "fix first" list, findings by severity, the accounts with the
//! most critical ones, and why the exit code is not 0.

use std::collections::BTreeMap;

use iam_audit_model::AuditRun;
use iam_audit_report::Messages;
use iam_audit_rules::{Finding, Severity, count_by_severity};

use crate::console;
use crate::settings::AuditSettings;

/// The ten riskiest credentials ("fix first"), findings by severity, and the accounts with the
/// most critical ones.
pub fn print(findings: &[Finding], messages: Messages) {
    let first = iam_audit_rules::risk::fix_first(findings, 10);
    if !first.is_empty() {
        console::out(messages.fix_first_heading());
        for (rank, finding) in first.iter().enumerate() {
            console::out(format!("  {}", messages.fix_first_line(rank + 1, finding)));
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
    console::out(messages.findings_summary(&listed, suppressed));
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
        console::out(messages.most_critical(&ranked));
    }
}

/// Why the exit code is not 0, on stderr (even with `-q`).
pub fn print_closing(
    run: &AuditRun,
    settings: &AuditSettings,
    failing: &super::Failing,
    code: u8,
    messages: Messages,
) {
    if code == crate::exit::INTERRUPTED {
        console::err(messages.audit_interrupted(run.all_errors().count()));
        return;
    }
    if run.is_incomplete() {
        let failed_accounts = run
            .accounts
            .iter()
            .filter(|snapshot| !snapshot.errors.is_empty())
            .count();
        console::err(messages.audit_incomplete(run.all_errors().count(), failed_accounts));
        return;
    }
    if let (Some(threshold), Some(count)) = (settings.judging.fail_on, failing.at_or_above)
        && count > 0
    {
        console::err(messages.fail_on(&messages.severity(threshold), count));
    }
    if let (Some(threshold), Some(count)) = (settings.delivery.fail_on_new, failing.new)
        && count > 0
    {
        console::err(messages.fail_on_new(&messages.severity(threshold), count));
    }
}
