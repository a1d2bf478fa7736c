//! iam-audit's memory between runs, as pure functions over what two runs reported.
//!
//! **Invariant:** pure. It reads reports given as text and runs in memory; it never reads a file,
//! S3 or AWS itself, and a change is claimed only where both runs read the thing.
//!
//! A run is read either from its JSON report ([`RunView::from_json`], for `iam-audit diff` and
//! `--baseline`) or from the run in memory ([`RunView::from_run`], the run being written); both
//! give the same view, and [`compare`] decides what is new, open, resolved and unknown, and
//! which users, keys, passwords, MFA devices and accounts changed.
//!
//! The rule that shapes it: **a finding is resolved only when the newer run could read what the
//! finding was about.** A finding of an account (or an API) that could not be read in the newer
//! run is `unknown`, never `resolved` — a wrong "fixed" is as bad as a wrong "no findings".

mod changes;
mod compare;
mod merge;
mod record;
mod view;

pub use changes::{Change, ChangeKind};
pub use compare::{
    Comparison, FindingChanges, Incomparable, RunSummary, Summary, comparable, compare,
    compare_runs,
};
pub use merge::{FailedShard, MergeError, ShardRun, merge};
pub use view::{FindingRecord, HistoryError, RunView, Title};
