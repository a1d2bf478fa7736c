//! A judged run: the run, its findings, and, when it was compared with a baseline, what changed.
//! Every report is written from one of these, so they cannot disagree.

use chrono::{DateTime, Utc};
use iam_audit_history::Comparison;
use iam_audit_model::AuditRun;
use iam_audit_rules::Finding;

/// What the reports are written from.
#[derive(Clone, Copy)]
pub struct Judged<'a> {
    /// What was read.
    pub run: &'a AuditRun,
    /// What was found, sorted.
    pub findings: &'a [Finding],
    /// The comparison with the baseline (`--baseline`), if any.
    pub comparison: Option<&'a Comparison>,
    /// "Now": day counts are measured to it.
    pub now: DateTime<Utc>,
}

impl Judged<'_> {
    /// A finding's status against the baseline (`new` or `open`; `None` without a baseline) and
    /// when it was first seen (the run's start without a baseline, or for a new finding).
    pub fn history_of(&self, finding: &Finding) -> (Option<&'static str>, DateTime<Utc>) {
        match self
            .comparison
            .and_then(|comparison| comparison.status_of(&finding.id()))
        {
            Some((status, first_seen)) => (Some(status), first_seen),
            None => (None, self.run.started_at),
        }
    }
}
