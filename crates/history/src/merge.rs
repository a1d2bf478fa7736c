//! Shards of one audit merged into the run a single audit would have made: every account once,
//! the organization's facts once, the run-level failures once. Judging the merged run gives the
//! single run's findings (the rules see the same data), so `merge` writes the same reports.
//!
//! A missing or repeated shard is an error (the run would silently lack or double accounts); a
//! shard that failed, as the caller says, makes the merged run incomplete: its accounts were not
//! audited, and the run-level error says so.

use std::collections::BTreeSet;

use iam_audit_model::{AuditRun, CollectionError, ErrorKind, Message, RunScope, Shard};

/// Shards that cannot be merged.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum MergeError {
    /// No shard at all.
    #[error("no shard to merge")]
    Empty,
    /// Shards of different splits (`2/3` and `2/4`).
    #[error("shard {shard} does not belong to a split into {count}")]
    MixedCounts {
        /// The odd shard.
        shard: Shard,
        /// The first shard's count.
        count: u32,
    },
    /// The same shard twice.
    #[error("shard {0} is given twice")]
    Repeated(Shard),
    /// Shards missing (neither given nor reported failed).
    #[error("shards {0} are missing: every shard of the split must be merged (a failed one too)")]
    Missing(String),
    /// Shards of different organizations or callers.
    #[error("shard {0} is of another organization or caller than shard 1")]
    Foreign(Shard),
    /// One account in two shards.
    #[error("account {0} is in two shards")]
    Duplicate(String),
    /// A shard that does not say which run it belongs to (made by an iam-audit before run ids).
    #[error(
        "shard {0} does not record its run id and options: collect every shard again with this iam-audit and one --run-id"
    )]
    Unidentified(Shard),
    /// Shards of different runs.
    #[error(
        "shard {shard} belongs to run {found}, not to run {expected} ({reference}): merge the shards of one run"
    )]
    MixedRuns {
        /// The odd shard.
        shard: Shard,
        /// Its run id.
        found: String,
        /// The run id expected.
        expected: String,
        /// Where the expected id comes from (`shard 1/3`, or `--run-id`).
        reference: String,
    },
    /// Shards collected with different options.
    #[error(
        "shard {shard} was collected with {option} {found}, shard {reference} with {expected}: every shard of a run must be collected with the same options"
    )]
    MixedOptions {
        /// The odd shard.
        shard: Shard,
        /// The option (`iam_source`, `cloudtrail_days`, ...).
        option: &'static str,
        /// Its value in the odd shard.
        found: String,
        /// Its value in the reference shard.
        expected: String,
        /// The reference shard.
        reference: Shard,
    },
}

impl MergeError {
    /// The error as a catalogue message (`merge-*`), for the run's language; `Display` is its
    /// English.
    pub fn message(&self) -> Message {
        match self {
            MergeError::Empty => Message::new("merge-empty"),
            MergeError::MixedCounts { shard, count } => Message::new("merge-mixed-counts")
                .with("shard", shard)
                .with("count", count),
            MergeError::Repeated(shard) => Message::new("merge-repeated").with("shard", shard),
            MergeError::Missing(shards) => Message::new("merge-missing").with("shards", shards),
            MergeError::Foreign(shard) => Message::new("merge-foreign").with("shard", shard),
            MergeError::Duplicate(account) => {
                Message::new("merge-duplicate").with("account", account)
            }
            MergeError::Unidentified(shard) => {
                Message::new("merge-unidentified").with("shard", shard)
            }
            MergeError::MixedRuns {
                shard,
                found,
                expected,
                reference,
            } => Message::new("merge-mixed-runs")
                .with("shard", shard)
                .with("found", found)
                .with("expected", expected)
                .with("reference", reference),
            MergeError::MixedOptions {
                shard,
                option,
                found,
                expected,
                reference,
            } => Message::new("merge-mixed-options")
                .with("shard", shard)
                .with("option", option)
                .with("found", found)
                .with("expected", expected)
                .with("reference", reference),
        }
    }
}

/// A shard that ran and reported.
pub struct ShardRun {
    /// Which shard.
    pub shard: Shard,
    /// What it read.
    pub run: AuditRun,
}

/// A shard that did not report, and why (from the orchestrator).
pub struct FailedShard {
    /// Which shard.
    pub shard: Shard,
    /// Its failure, one line.
    pub message: String,
}

/// Checks that every shard records the same run (the one `run_id` names, when given) and the same
/// collection options; returns the shards' common scope.
fn one_run(shards: &[ShardRun], run_id: Option<&str>) -> Result<Option<RunScope>, MergeError> {
    let mut reference: Option<(Shard, &RunScope)> = None;
    for shard in shards {
        let scope = shard
            .run
            .scope
            .as_ref()
            .filter(|scope| scope.run_id.is_some())
            .ok_or(MergeError::Unidentified(shard.shard))?;
        let found = scope.run_id.clone().unwrap_or_default();
        if let Some(expected) = run_id
            && found != expected
        {
            return Err(MergeError::MixedRuns {
                shard: shard.shard,
                found,
                expected: expected.to_string(),
                reference: "--run-id".to_string(),
            });
        }
        let Some((first_shard, first)) = reference else {
            reference = Some((shard.shard, scope));
            continue;
        };
        if scope.run_id != first.run_id {
            return Err(MergeError::MixedRuns {
                shard: shard.shard,
                found,
                expected: first.run_id.clone().unwrap_or_default(),
                reference: format!("shard {first_shard}"),
            });
        }
        let options = first
            .collection_options()
            .into_iter()
            .zip(scope.collection_options());
        for ((option, expected), (_, found)) in options {
            if expected != found {
                return Err(MergeError::MixedOptions {
                    shard: shard.shard,
                    option,
                    found,
                    expected,
                    reference: first_shard,
                });
            }
        }
    }
    Ok(reference.map(|(_, scope)| RunScope {
        shard: None,
        ..scope.clone()
    }))
}

/// Merges the shards of one split. Every shard of `1..=count` must be given or failed, and every
/// shard given must be of one run (`run_id`, when given) collected with the same options.
pub fn merge(
    shards: Vec<ShardRun>,
    failed: &[FailedShard],
    run_id: Option<&str>,
) -> Result<AuditRun, MergeError> {
    let count = shards
        .first()
        .map(|shard| shard.shard.count)
        .or_else(|| failed.first().map(|shard| shard.shard.count))
        .ok_or(MergeError::Empty)?;
    let mut seen = BTreeSet::new();
    for shard in shards
        .iter()
        .map(|shard| shard.shard)
        .chain(failed.iter().map(|shard| shard.shard))
    {
        if shard.count != count {
            return Err(MergeError::MixedCounts { shard, count });
        }
        if !seen.insert(shard.index) {
            return Err(MergeError::Repeated(shard));
        }
    }
    let missing: Vec<String> = (1..=count)
        .filter(|index| !seen.contains(index))
        .map(|index| format!("{index}/{count}"))
        .collect();
    if !missing.is_empty() {
        return Err(MergeError::Missing(missing.join(", ")));
    }
    let mut shards = shards;
    shards.sort_by_key(|shard| shard.shard.index);
    let scope = one_run(&shards, run_id)?;
    let mut runs = shards.into_iter();
    let Some(first) = runs.next() else {
        // Every shard failed: nothing was read at all.
        return Err(MergeError::Empty);
    };
    let mut merged = first.run;
    merged.scope = scope;
    merged
        .skipped_accounts
        .retain(|skipped| skipped.reason != "other_shard");
    let mut audited: BTreeSet<String> = merged
        .accounts
        .iter()
        .map(|snapshot| snapshot.account.id.clone())
        .collect();
    for shard in runs {
        let run = shard.run;
        if run.caller.account_id != merged.caller.account_id
            || run.organization_id != merged.organization_id
        {
            return Err(MergeError::Foreign(shard.shard));
        }
        for snapshot in run.accounts {
            if !audited.insert(snapshot.account.id.clone()) {
                return Err(MergeError::Duplicate(snapshot.account.id));
            }
            merged.accounts.push(snapshot);
        }
        merged.skipped_accounts.extend(
            run.skipped_accounts
                .into_iter()
                .filter(|skipped| skipped.reason != "other_shard"),
        );
        merged.errors.extend(run.errors);
        merged.started_at = merged.started_at.min(run.started_at);
        merged.finished_at = merged.finished_at.max(run.finished_at);
        merged.api_calls += run.api_calls;
        merged.retries += run.retries;
        if merged.root_sessions.is_unknown() {
            merged.root_sessions = run.root_sessions;
        }
        if merged.root_credentials_management.is_unknown() {
            merged.root_credentials_management = run.root_credentials_management;
        }
    }
    merged
        .errors
        .extend(failed.iter().map(|shard| CollectionError {
            account_id: merged.caller.account_id.clone(),
            api: "run".to_string(),
            resource: Some(format!("shard {}", shard.shard)),
            kind: ErrorKind::Other,
            code: Some("ShardFailed".to_string()),
            message: format!(
                "shard {} failed, so the accounts assigned to it were not audited: {}",
                shard.shard, shard.message
            ),
        }));
    // Run-level failures (the organization's, the caller's) are met by every shard: once.
    merged
        .errors
        .sort_by(|left, right| left.message.cmp(&right.message));
    merged.errors.dedup();
    merged
        .skipped_accounts
        .sort_by(|left, right| left.account.id.cmp(&right.account.id));
    merged.skipped_accounts.dedup();
    merged.sort();
    Ok(merged)
}

#[cfg(test)]
mod tests {
    use chrono::DateTime;
    use iam_audit_model::{Account, AccountSnapshot, CallerIdentity, Observed, SkippedAccount};

    use super::*;

    fn run(accounts: &[&str], skipped: &[(&str, &str)], errors: &[&str]) -> AuditRun {
        AuditRun {
            scope: Some(RunScope {
                run_id: Some("weekly-1".to_string()),
                role: "AWSControlTowerExecution".to_string(),
                region: "us-east-1".to_string(),
                cloudtrail_days: Some(90),
                ..RunScope::default()
            }),
            caller: CallerIdentity {
                account_id: "111111111111".to_string(),
                arn: "arn:aws:iam::111111111111:user/a".to_string(),
                user_id: "AIDA".to_string(),
            },
            organization_id: Some("o-1".to_string()),
            management_account_id: Some("111111111111".to_string()),
            standalone: false,
            started_at: DateTime::default(),
            finished_at: DateTime::default(),
            accounts: accounts
                .iter()
                .map(|id| {
                    let mut snapshot = AccountSnapshot::new(account(id));
                    snapshot.users = Observed::Known(Vec::new());
                    snapshot.finish();
                    snapshot
                })
                .collect(),
            skipped_accounts: skipped
                .iter()
                .map(|(id, reason)| SkippedAccount {
                    account: account(id),
                    reason: reason.to_string(),
                })
                .collect(),
            errors: errors
                .iter()
                .map(|message| CollectionError {
                    account_id: "111111111111".to_string(),
                    api: "iam:ListOrganizationsFeatures".to_string(),
                    resource: None,
                    kind: ErrorKind::AccessDenied,
                    code: None,
                    message: message.to_string(),
                })
                .collect(),
            root_credentials_management: Observed::Unknown,
            root_sessions: Observed::Unknown,
            retries: 1,
            api_calls: 10,
        }
    }

    fn account(id: &str) -> Account {
        Account {
            id: id.to_string(),
            name: id.to_string(),
            state: "ACTIVE".to_string(),
            email: None,
        }
    }

    fn shard(index: u32, mut run: AuditRun) -> ShardRun {
        let shard = Shard { index, count: 2 };
        if let Some(scope) = &mut run.scope {
            scope.shard = Some(shard);
        }
        ShardRun { shard, run }
    }

    /// Shard 1 of one run with shard 2 of another, or shards collected with other options, would
    /// merge into a run that neither made (issue 19): refused, naming the shards.
    #[test]
    fn shards_of_different_runs_or_options_are_refused() {
        let mut other_run = run(&["333333333333"], &[], &[]);
        if let Some(scope) = &mut other_run.scope {
            scope.run_id = Some("weekly-2".to_string());
        }
        let mixed = merge(
            vec![
                shard(1, run(&["111111111111"], &[], &[])),
                shard(2, other_run),
            ],
            &[],
            None,
        );
        assert_eq!(
            mixed.err().map(|error| error.to_string()).as_deref(),
            Some(
                "shard 2/2 belongs to run weekly-2, not to run weekly-1 (shard 1/2): merge the shards of one run"
            )
        );
        let named = merge(
            vec![shard(1, run(&["111111111111"], &[], &[]))],
            &[FailedShard {
                shard: Shard { index: 2, count: 2 },
                message: "timed out".to_string(),
            }],
            Some("weekly-9"),
        );
        assert!(matches!(named, Err(MergeError::MixedRuns { .. })));
        let mut other_options = run(&["333333333333"], &[], &[]);
        if let Some(scope) = &mut other_options.scope {
            scope.iam_source = iam_audit_model::IamSource::CredentialReport;
            scope.cloudtrail_days = None;
        }
        let options = merge(
            vec![
                shard(1, run(&["111111111111"], &[], &[])),
                shard(2, other_options),
            ],
            &[],
            None,
        );
        assert_eq!(
            options.err().map(|error| error.to_string()).as_deref(),
            Some(
                "shard 2/2 was collected with iam_source credential-report, shard 1/2 with api: every shard of a run must be collected with the same options"
            )
        );
        let mut anonymous = run(&["333333333333"], &[], &[]);
        anonymous.scope = None;
        let unidentified = merge(
            vec![
                shard(1, run(&["111111111111"], &[], &[])),
                shard(2, anonymous),
            ],
            &[],
            None,
        );
        assert!(matches!(unidentified, Err(MergeError::Unidentified(_))));
        let merged = merge(
            vec![
                shard(1, run(&["111111111111"], &[], &[])),
                shard(2, run(&["333333333333"], &[], &[])),
            ],
            &[],
            Some("weekly-1"),
        )
        .expect("one run merges");
        assert_eq!(
            merged.scope.and_then(|scope| scope.run_id).as_deref(),
            Some("weekly-1")
        );
    }

    /// Each error reads the same from its catalogue message in English as from `Display`.
    #[test]
    fn the_messages_are_the_errors_in_every_language() {
        let shard = Shard { index: 2, count: 3 };
        let errors = [
            MergeError::Empty,
            MergeError::MixedCounts { shard, count: 4 },
            MergeError::Repeated(shard),
            MergeError::Missing("2/3".to_string()),
            MergeError::Foreign(shard),
            MergeError::Duplicate("111111111111".to_string()),
            MergeError::Unidentified(shard),
            MergeError::MixedRuns {
                shard,
                found: "a".to_string(),
                expected: "b".to_string(),
                reference: "--run-id".to_string(),
            },
            MergeError::MixedOptions {
                shard,
                option: "iam_source",
                found: "api".to_string(),
                expected: "credential-report".to_string(),
                reference: Shard { index: 1, count: 3 },
            },
        ];
        for error in errors {
            let message = error.message();
            let english = iam_audit_i18n::text(
                iam_audit_i18n::Language::English,
                message.id,
                &message.arguments,
            );
            assert_eq!(english, error.to_string());
            let spanish = iam_audit_i18n::text(
                iam_audit_i18n::Language::Spanish,
                message.id,
                &message.arguments,
            );
            assert_ne!(spanish, english, "{}", message.id);
        }
    }

    #[test]
    fn shards_merge_into_one_run() {
        let merged = merge(
            vec![
                shard(
                    2,
                    run(
                        &["333333333333"],
                        &[
                            ("222222222222", "other_shard"),
                            ("111111111111", "other_shard"),
                        ],
                        &["denied"],
                    ),
                ),
                shard(
                    1,
                    run(
                        &["111111111111", "222222222222"],
                        &[
                            ("333333333333", "other_shard"),
                            ("444444444444", "not_active"),
                        ],
                        &["denied"],
                    ),
                ),
            ],
            &[],
            None,
        )
        .expect("merges");
        let ids: Vec<&str> = merged
            .accounts
            .iter()
            .map(|snapshot| snapshot.account.id.as_str())
            .collect();
        assert_eq!(ids, ["111111111111", "222222222222", "333333333333"]);
        assert_eq!(
            merged.skipped_accounts.len(),
            1,
            "other_shard entries are dropped"
        );
        assert_eq!(merged.errors.len(), 1, "a run-level failure once");
        assert_eq!(merged.api_calls, 20);
    }

    #[test]
    fn a_missing_repeated_or_failed_shard_is_never_silent() {
        let missing = merge(vec![shard(1, run(&["111111111111"], &[], &[]))], &[], None);
        assert_eq!(missing.err(), Some(MergeError::Missing("2/2".to_string())));
        let repeated = merge(
            vec![shard(1, run(&[], &[], &[])), shard(1, run(&[], &[], &[]))],
            &[],
            None,
        );
        assert!(matches!(repeated, Err(MergeError::Repeated(_))));
        let failed = merge(
            vec![shard(1, run(&["111111111111"], &[], &[]))],
            &[FailedShard {
                shard: Shard { index: 2, count: 2 },
                message: "Lambda timed out".to_string(),
            }],
            None,
        )
        .expect("a failed shard still merges");
        assert!(failed.is_incomplete(), "but the run is incomplete");
        assert!(failed.errors[0].message.contains("shard 2/2 failed"));
    }
}
