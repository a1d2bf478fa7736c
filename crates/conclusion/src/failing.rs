//! The findings that make the exit code 1 (`--fail-on`, `--fail-on-new`, `--fail-on-overdue`),
//! counted once from the judged run: the pipeline decides the exit code from them and the closing
//! lines say why. Its own module so that neither of those two imports the other for it.

use crate::ConclusionSettings;
use iam_audit_report::Judged;

/// The findings that make the exit code 1: unsuppressed ones at or above `--fail-on`, and new
/// ones at or above `--fail-on-new` (`None` where the option was not given, or nothing was
/// compared).
#[derive(Debug, Default)]
pub struct Failing {
    /// At or above `--fail-on`.
    pub at_or_above: Option<usize>,
    /// New since the baseline, at or above `--fail-on-new`.
    pub new: Option<usize>,
    /// Overdue (`[sla]`), at or above `--fail-on-overdue`.
    pub overdue: Option<usize>,
}

impl Failing {
    pub(crate) fn of(judged: &Judged<'_>, settings: &ConclusionSettings) -> Failing {
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
            overdue: settings.judging.fail_on_overdue.map(|threshold| {
                judged
                    .findings
                    .iter()
                    .filter(|finding| {
                        finding.severity >= threshold
                            && judged
                                .deadline_of(finding)
                                .is_some_and(|deadline| deadline.overdue)
                    })
                    .count()
            }),
        }
    }

    /// Whether any finding fails the run.
    pub fn any(&self) -> bool {
        self.at_or_above.unwrap_or(0) + self.new.unwrap_or(0) + self.overdue.unwrap_or(0) > 0
    }
}
