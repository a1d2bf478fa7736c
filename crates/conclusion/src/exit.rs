//! Exit codes: a documented contract (README, "Exit codes"). The conclusion decides the code of a
//! run; the binary also uses the ones no run reaches (fatal, usage).

/// Every account was fully read.
pub const COMPLETE: u8 = 0;
/// Findings at or above `--fail-on` remain (and everything was read).
pub const FINDINGS: u8 = 1;
/// The audit finished but something could not be read (listed in the errors report).
pub const INCOMPLETE: u8 = 2;
/// Fatal: no credentials, the accounts could not be listed, the reports could not be written.
pub const FATAL: u8 = 3;
/// The audit finished and its reports were written locally, but a delivery failed (an S3
/// upload, a notification); the run names it and where the local copies are. Incomplete (2),
/// interrupted (130) and an unusable baseline (5) win over it; it wins over findings (1).
pub const DELIVERY: u8 = 4;
/// The audit finished and its reports were written, but its baseline (`--baseline auto` or an
/// `s3://` one, read after the audit) could not be read or is of another organization: nothing
/// was compared. Incomplete (2) and interrupted (130) win over it; it wins over a failed delivery
/// (4) and findings (1).
pub const BASELINE: u8 = 5;
/// The command line or another input cannot be used (EX_USAGE): nothing audited or written.
pub const USAGE: u8 = 64;
/// Interrupted (Ctrl-C, SIGTERM, a Lambda deadline): reports hold what was read and say they are
/// incomplete (128 + SIGINT, as shells report it).
pub const INTERRUPTED: u8 = 130;
