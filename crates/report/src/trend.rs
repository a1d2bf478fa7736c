//! The trend (`history.jsonl`): one JSON line per run, appended to the lines of the runs before
//! it, so that progress week over week is visible: the HTML draws the last 26 runs and
//! `iam-audit trend` prints them. A run that could not read everything is marked (`complete`
//! false): a dip caused by an unreadable account is not progress.
//!
//! A line's keys are a contract (`docs/json.md`): `date`, `critical`, `high`, `medium`, `low`,
//! `info` (unsuppressed findings), `new`, `resolved`, `unknown` (null without a baseline),
//! `overdue` (null without `[sla]`), `accounts_audited`, `accounts_incomplete`, `complete`.

use iam_audit_model::AuditStatus;
use iam_audit_rules::{Severity, count_by_severity};
use serde::{Deserialize, Serialize};

use crate::{Judged, rfc3339};

/// The file's name, in the output folder or beside `latest.json` in S3.
pub const HISTORY_FILE: &str = "history.jsonl";

/// How many runs the HTML chart draws.
pub const CHARTED_RUNS: usize = 26;

/// One run's line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrendLine {
    /// When the run started (RFC 3339).
    pub date: String,
    /// Unsuppressed critical findings.
    pub critical: usize,
    /// Unsuppressed high findings.
    pub high: usize,
    /// Unsuppressed medium findings.
    pub medium: usize,
    /// Unsuppressed low findings.
    pub low: usize,
    /// Unsuppressed informational findings.
    pub info: usize,
    /// Findings new since the baseline; null without one.
    pub new: Option<usize>,
    /// Findings resolved since the baseline; null without one.
    pub resolved: Option<usize>,
    /// The baseline's findings this run could not judge; null without a baseline.
    pub unknown: Option<usize>,
    /// Overdue findings (`[sla]`); null without an SLA.
    pub overdue: Option<usize>,
    /// Accounts audited.
    pub accounts_audited: usize,
    /// Accounts not fully read.
    pub accounts_incomplete: usize,
    /// Everything was read.
    pub complete: bool,
}

impl TrendLine {
    /// The line of a judged run.
    pub fn of(judged: &Judged<'_>) -> TrendLine {
        let counts = count_by_severity(judged.findings);
        let count = |severity| counts.get(&severity).copied().unwrap_or(0);
        let run = judged.run;
        TrendLine {
            date: rfc3339(run.started_at),
            critical: count(Severity::Critical),
            high: count(Severity::High),
            medium: count(Severity::Medium),
            low: count(Severity::Low),
            info: count(Severity::Info),
            new: judged
                .comparison
                .map(|comparison| comparison.findings.new.len()),
            resolved: judged
                .comparison
                .map(|comparison| comparison.findings.resolved.len()),
            unknown: judged
                .comparison
                .map(|comparison| comparison.findings.unknown.len()),
            overdue: judged
                .sla
                .map(|_| judged.overdue_by_severity().values().sum()),
            accounts_audited: run.accounts.len(),
            accounts_incomplete: run
                .accounts
                .iter()
                .filter(|snapshot| snapshot.status != AuditStatus::Complete)
                .count(),
            complete: !run.is_incomplete(),
        }
    }

    /// The count of `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        match severity {
            Severity::Critical => self.critical,
            Severity::High => self.high,
            Severity::Medium => self.medium,
            Severity::Low => self.low,
            Severity::Info => self.info,
        }
    }
}

/// The lines of a `history.jsonl`, oldest first; a line that is not a run's (a torn write, a
/// hand edit) is skipped with its number, never fatal: the history is a convenience, the reports
/// are the record.
pub fn parse_history(text: &str) -> (Vec<TrendLine>, Vec<usize>) {
    let mut lines = Vec::new();
    let mut skipped = Vec::new();
    for (number, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<TrendLine>(line) {
            Ok(parsed) => lines.push(parsed),
            Err(_) => skipped.push(number + 1),
        }
    }
    (lines, skipped)
}

/// The whole file: every line, one JSON object each.
pub fn render_history(lines: &[TrendLine]) -> String {
    lines
        .iter()
        .filter_map(|line| serde_json::to_string(line).ok())
        .map(|line| line + "\n")
        .collect()
}

/// The table `iam-audit trend` prints: one row per run, oldest first.
pub fn table(lines: &[TrendLine]) -> String {
    let dash = |value: Option<usize>| value.map_or("-".to_string(), |value| value.to_string());
    let mut text = format!(
        "{:<20} {:>8} {:>6} {:>6} {:>6} {:>6} {:>5} {:>8} {:>7} {:>7} {:>8} {:>10} {}\n",
        "date",
        "critical",
        "high",
        "medium",
        "low",
        "info",
        "new",
        "resolved",
        "unknown",
        "overdue",
        "accounts",
        "incomplete",
        "complete"
    );
    for line in lines {
        text.push_str(&format!(
            "{:<20} {:>8} {:>6} {:>6} {:>6} {:>6} {:>5} {:>8} {:>7} {:>7} {:>8} {:>10} {}\n",
            line.date,
            line.critical,
            line.high,
            line.medium,
            line.low,
            line.info,
            dash(line.new),
            dash(line.resolved),
            dash(line.unknown),
            dash(line.overdue),
            line.accounts_audited,
            line.accounts_incomplete,
            if line.complete { "yes" } else { "no" }
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_torn_line_is_skipped_and_named() {
        let good = r#"{"date":"2026-12-01T09:00:00Z","critical":1,"high":2,"medium":3,"low":4,"info":5,"new":null,"resolved":null,"unknown":null,"overdue":null,"accounts_audited":3,"accounts_incomplete":0,"complete":true}"#;
        let (lines, skipped) = parse_history(&format!("{good}\n{{\"date\":\n\n{good}\n"));
        assert_eq!(lines.len(), 2);
        assert_eq!(skipped, vec![2]);
        assert_eq!(render_history(&lines), format!("{good}\n{good}\n"));
        assert!(
            table(&lines)
                .lines()
                .nth(1)
                .is_some_and(|row| row.ends_with("yes"))
        );
    }
}
