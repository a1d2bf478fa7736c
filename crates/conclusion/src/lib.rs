//! The end of an iam-audit run, after collection: one pipeline, used by `audit`, `merge` and the
//! Lambda function alike — judge the run ([`iam_audit_rules`]), compare it with its baseline
//! ([`iam_audit_history`]), write the reports ([`iam_audit_report`]'s registry), deliver them
//! ([`iam_audit_deliver`]), and decide the exit code.
//!
//! Its invariant: it reads no audited account (collection is over when it starts) and writes only
//! the run's own reports, through the report registry and the deliveries; it prints nothing
//! itself, but hands its lines to the caller's [`Lines`]. A new report format belongs in the
//! registry, a new destination in `deliver`, a new rule in `rules`: none is an edit here.

mod baseline;
mod closing;
pub mod exit;
mod failing;
mod history_file;
mod lines;
mod pipeline;
mod settings;

pub use failing::Failing;
pub use lines::Lines;
pub use pipeline::{Concluded, ConclusionError, conclude};
pub use settings::{
    Baseline, BaselineSetting, ConclusionSettings, DeliverySettings, Formats, JudgingSettings,
    OutputSettings, newest_report_before, staging_folder,
};
