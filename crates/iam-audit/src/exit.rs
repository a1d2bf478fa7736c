//! Exit codes: a documented contract (README, "Exit codes"), defined with the conclusion that
//! decides most of them.

use std::process::ExitCode;

pub use iam_audit_conclusion::exit::{COMPLETE, FATAL, FINDINGS, INCOMPLETE, INTERRUPTED, USAGE};

/// An exit code as the process's.
pub fn code(value: u8) -> ExitCode {
    ExitCode::from(value)
}
