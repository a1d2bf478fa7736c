//! Exit codes: a documented contract (README, "Exit codes").

use std::process::ExitCode;

/// Every account was fully read.
pub const COMPLETE: u8 = 0;
/// Findings at or above `--fail-on` remain (and everything was read).
pub const FINDINGS: u8 = 1;
/// The audit finished but something could not be read (listed in the errors report).
pub const INCOMPLETE: u8 = 2;
/// The audit finished and its reports were written locally, but a delivery failed (an S3
/// upload, a notification, or reading the baseline); the run names it and where the local
/// copies are. Incomplete (2) and interrupted (130) win over it; it wins over findings (1).
pub const DELIVERY: u8 = 4;
/// The audit finished and its reports were written, but its baseline (`--baseline auto` or an
/// `s3://` one, read after the audit) could not be read or is of another organization: nothing
/// was compared. Incomplete (2) and interrupted (130) win over it; it wins over a failed delivery
/// (4) and findings (1).
pub const BASELINE: u8 = 5;
/// Fatal: no credentials, the accounts could not be listed, the reports could not be written.
pub const FATAL: u8 = 3;
/// Interrupted (Ctrl-C, SIGTERM): reports hold what was read and say they are incomplete
/// (128 + SIGINT, as shells report it).
pub const INTERRUPTED: u8 = 130;
/// The command line is invalid (EX_USAGE).
pub const USAGE: u8 = 64;

/// An exit code as the process's.
pub fn code(value: u8) -> ExitCode {
    ExitCode::from(value)
}
