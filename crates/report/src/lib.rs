//! Writers for iam-audit's reports and its localized console messages.
//!
//! **Invariant:** presents what it is given. It reads nothing but the judged run (no AWS, no
//! network), writes only into the report folder it is handed, and owns the list of formats: every
//! report is one writer and one entry of [`registry`].
//!
//! Every report is built from the same in-memory `AuditRun`, written to a temporary file in the
//! output folder and renamed into place only when complete, never over an existing file, and
//! readable by its owner only. The CSV columns are a documented contract (`docs/csv.md`).

pub mod asff;
pub mod cells;
pub mod csv;
pub mod diff;
pub mod files;
pub mod html;
pub mod json;
mod judged;
pub mod messages;
pub mod notification;
pub mod ocsf;
pub mod policies;
pub mod registry;
pub mod trend;
pub mod words;

/// A collected message (`iam_audit_model::Message`) in `language`, its nested lists rendered in
/// the same language.
pub fn render(language: Language, message: &iam_audit_model::Message) -> String {
    let mut arguments = message.arguments.clone();
    for (name, messages) in &message.lists {
        let parts: Vec<String> = messages.iter().map(|part| render(language, part)).collect();
        arguments.push((name, parts.join("; ")));
    }
    iam_audit_i18n::text(language, message.id, &arguments)
}

pub use files::{ReportError, ReportFolder};
pub use iam_audit_model::{days_between, rfc3339};
pub use judged::Judged;
pub use messages::{Language, Messages};
