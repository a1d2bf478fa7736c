//! How long a finding may stay open (`[sla]`, days per severity): a finding is due its SLA's days
//! after it was first seen, and overdue once "now" is past that. A severity without a number has
//! no SLA; without `[sla]` no finding has a due date. Suppressed findings are accepted, never
//! overdue.
//!
//! ```toml
//! [sla]
//! critical = 7
//! high = 30
//! medium = 90
//! low = 180
//! ```

use chrono::{DateTime, Duration, Utc};
use serde::Deserialize;

use crate::{Finding, Severity};

/// `[sla]`: days a finding of each severity may stay open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sla {
    /// Critical findings.
    pub critical: Option<i64>,
    /// High findings.
    pub high: Option<i64>,
    /// Medium findings.
    pub medium: Option<i64>,
    /// Low findings.
    pub low: Option<i64>,
    /// Informational findings.
    pub info: Option<i64>,
}

/// When a finding is due and whether it is overdue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadline {
    /// First seen plus the SLA's days.
    pub due: DateTime<Utc>,
    /// "Now" is past `due`.
    pub overdue: bool,
}

impl Sla {
    /// The SLA's days for `severity`, if it has one.
    pub fn days(&self, severity: Severity) -> Option<i64> {
        match severity {
            Severity::Critical => self.critical,
            Severity::High => self.high,
            Severity::Medium => self.medium,
            Severity::Low => self.low,
            Severity::Info => self.info,
        }
    }

    /// Every number given, by name, for validation.
    pub(crate) fn named(&self) -> [(&'static str, Option<i64>); 5] {
        [
            ("critical", self.critical),
            ("high", self.high),
            ("medium", self.medium),
            ("low", self.low),
            ("info", self.info),
        ]
    }

    /// A finding's deadline, first seen at `first_seen`: `None` for a suppressed finding or a
    /// severity without an SLA.
    pub fn deadline(
        &self,
        finding: &Finding,
        first_seen: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Option<Deadline> {
        if finding.is_suppressed() {
            return None;
        }
        let days = self.days(finding.severity)?;
        let due = first_seen + Duration::days(days);
        Some(Deadline {
            due,
            overdue: now > due,
        })
    }
}
