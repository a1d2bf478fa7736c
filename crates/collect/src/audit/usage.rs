//! One account's usage: the service last accessed reports of the users the run asks about
//! (`--last-accessed`), made ready for the evaluation that judges them against the users'
//! policies, and the judged usage given back to each user. A report that could not be read makes
//! its user's usage `Unknown`; without the policies, a read report still says what was used.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use iam_audit_access::{UsageInput, UsageReport, UsageWindow};
use iam_audit_model::{CollectionError, LastAccessed, Observed, User, UserUsage};

use crate::last_accessed::{self, Subject};
use crate::limits::AccountLimits;
use crate::options::UsageOptions;
use crate::session::AccountClients;

/// The reports read in one account.
pub(super) struct Reports {
    /// The readable ones, for the evaluation.
    pub input: UsageInput,
    /// Each readable one judged without policies: what stands if the policies cannot be read.
    observed: BTreeMap<String, UserUsage>,
    /// Users whose report failed.
    failed: BTreeSet<String>,
}

/// Reads the reports of `users` that `options` asks about; each failure is pushed to `errors`.
pub(super) async fn read_reports(
    clients: &AccountClients,
    limits: &AccountLimits,
    account_id: &str,
    users: &[User],
    options: UsageOptions,
    errors: &mut Vec<CollectionError>,
) -> Reports {
    let subjects: Vec<Subject> = users
        .iter()
        .filter(|user| options.mode == LastAccessed::All || user.is_credentialed() != Some(false))
        .map(|user| Subject {
            name: user.name.clone(),
            arn: user.arn.clone(),
        })
        .collect();
    let reports = last_accessed::usage_reports(
        &clients.iam,
        &limits.iam,
        account_id,
        subjects,
        options.budget,
    )
    .await;
    let window = UsageWindow {
        now: options.now,
        days: options.window_days,
    };
    let created: BTreeMap<&str, chrono::DateTime<chrono::Utc>> = users
        .iter()
        .map(|user| (user.name.as_str(), user.created))
        .collect();
    let mut input = UsageInput {
        window,
        reports: BTreeMap::new(),
    };
    let mut failed = BTreeSet::new();
    // Reports wait in memory for the account's authorization details: identical ones (users of
    // one group who used nothing) are kept once.
    let mut distinct: Vec<Arc<UsageReport>> = Vec::new();
    for (name, report) in reports {
        match report {
            Ok(report) => {
                let when = created.get(name.as_str()).copied().unwrap_or_default();
                let shared = match distinct.iter().find(|known| ***known == report) {
                    Some(known) => Arc::clone(known),
                    None => {
                        let report = Arc::new(report);
                        distinct.push(Arc::clone(&report));
                        report
                    }
                };
                input.reports.insert(name, (when, shared));
            }
            Err(error) => {
                errors.push(error);
                failed.insert(name);
            }
        }
    }
    let observed = input
        .reports
        .iter()
        .map(|(name, (when, report))| {
            (
                name.clone(),
                iam_audit_access::usage::observe(report, &window, *when),
            )
        })
        .collect();
    Reports {
        input,
        observed,
        failed,
    }
}

/// Gives each user its usage: `Unknown` where the report failed, the judged one where the policies
/// were read (`judged`), else what the report alone says.
pub(super) fn attach(
    users: &mut [User],
    failed: &BTreeSet<String>,
    judged: Option<BTreeMap<String, UserUsage>>,
    mut observed: BTreeMap<String, UserUsage>,
) {
    let mut judged = judged.unwrap_or_default();
    for user in users.iter_mut() {
        if failed.contains(&user.name) {
            user.usage = Some(Observed::Unknown);
        } else if let Some(usage) = judged
            .remove(&user.name)
            .or_else(|| observed.remove(&user.name))
        {
            user.usage = Some(Observed::Known(usage));
        }
    }
}

impl Reports {
    /// The reports for the evaluation, and what `attach` needs afterwards.
    pub fn split(self) -> (UsageInput, BTreeSet<String>, BTreeMap<String, UserUsage>) {
        (self.input, self.failed, self.observed)
    }
}
