//! A judged run: the run, its findings, and, when it was compared with a baseline, what changed.
//! Every report is written from one of these, so they cannot disagree.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use iam_audit_history::Comparison;
use iam_audit_model::AuditRun;
use iam_audit_rules::compliance::ComplianceRow;
use iam_audit_rules::{Deadline, Finding, Owners, Sla};

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
    /// Every control of the chosen frameworks in every account (`--compliance`), judged from
    /// the findings.
    pub compliance: &'a [ComplianceRow<'a>],
    /// `[owners]`: who owns each user (`users[].owner`).
    pub owners: &'a Owners,
    /// `[sla]`: when each finding is due; `None` without the section.
    pub sla: Option<Sla>,
    /// The trend (`history.jsonl`), this run's line last; empty when not kept.
    pub trend: &'a [crate::trend::TrendLine],
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

    /// When a finding is due and whether it is overdue (`[sla]`, from its first sighting);
    /// `None` without an SLA for its severity, or when it is suppressed.
    pub fn deadline_of(&self, finding: &Finding) -> Option<Deadline> {
        let sla = self.sla?;
        let (_, first_seen) = self.history_of(finding);
        sla.deadline(finding, first_seen, self.now)
    }

    /// Unsuppressed overdue findings by severity (empty without `[sla]`).
    pub fn overdue_by_severity(
        &self,
    ) -> std::collections::BTreeMap<iam_audit_rules::Severity, usize> {
        let mut counts = std::collections::BTreeMap::new();
        for finding in self.findings {
            if self
                .deadline_of(finding)
                .is_some_and(|deadline| deadline.overdue)
            {
                *counts.entry(finding.severity).or_default() += 1;
            }
        }
        counts
    }
}

/// The highest risk among a run's unsuppressed findings, per access key and per user (a user's
/// counts every finding about the user or their credentials): the `risk` columns of the key and
/// user reports.
#[derive(Default)]
pub struct RiskIndex<'a> {
    keys: HashMap<(&'a str, &'a str), u32>,
    users: HashMap<(&'a str, &'a str), u32>,
}

impl<'a> RiskIndex<'a> {
    /// The index of `findings`.
    pub fn new(findings: &'a [Finding]) -> RiskIndex<'a> {
        let mut index = RiskIndex::default();
        for finding in findings.iter().filter(|finding| !finding.is_suppressed()) {
            let account = finding.account_id.as_str();
            if let Some(key) = &finding.access_key_id {
                let entry = index.keys.entry((account, key.as_str())).or_default();
                *entry = (*entry).max(finding.risk);
            }
            if let Some(user) = &finding.user_name {
                let entry = index.users.entry((account, user.as_str())).or_default();
                *entry = (*entry).max(finding.risk);
            }
        }
        index
    }

    /// The riskiest finding's risk on a key, if it has any.
    pub fn key(&self, account_id: &str, key_id: &str) -> Option<u32> {
        self.keys.get(&(account_id, key_id)).copied()
    }

    /// The riskiest finding's risk on a user or their credentials, if any.
    pub fn user(&self, account_id: &str, user_name: &str) -> Option<u32> {
        self.users.get(&(account_id, user_name)).copied()
    }
}
