//! `iam_audit_*.json`: the whole run as one JSON document, for pipelines. A documented contract
//! (`docs/json.md`, JSON Schema `docs/iam-audit.schema.json`): keys are never translated or
//! renamed, order is deterministic, `schema_version` changes when the contract does.

mod entries;
mod usage;

use std::io::Write;

use iam_audit_model::{CallerIdentity, CollectionError, SkippedAccount};
use iam_audit_rules::Finding;
use iam_audit_rules::compliance::ComplianceRow;
use serde::Serialize;

use self::entries::{
    AccountEntry, CertificateEntry, EventEntry, ExposedKeyEntry, KeyEntry, OtherCredentials,
    PasswordPolicyEntry, RootEntry, ServiceCredentialEntry, SshKeyEntry, UserEntry,
};
use crate::Judged;
use crate::files::ReportError;
use crate::rfc3339;

/// The contract's version: major changes break readers, minor ones add keys.
pub const SCHEMA_VERSION: &str = "1.6";

/// The options a run used, as the JSON records them.
#[derive(Debug, Clone, Serialize)]
pub struct RunOptions {
    /// `--role`.
    pub role: String,
    /// `--region`.
    pub region: String,
    /// AssumeRole session name.
    pub session_name: String,
    /// `--accounts`, when given.
    pub accounts: Vec<String>,
    /// `--exclude-accounts`.
    pub exclude_accounts: Vec<String>,
    /// CloudTrail window in days, `null` with `--no-cloudtrail`.
    pub cloudtrail_days: Option<u32>,
    /// `--concurrency`.
    pub concurrency: u32,
    /// `--format`.
    pub formats: Vec<String>,
    /// `es` or `en`.
    pub language: String,
    /// `--config`, when given.
    pub config: Option<String>,
    /// `--fail-on`, when given.
    pub fail_on: Option<String>,
    /// `--shard K/N`, when given.
    pub shard: Option<String>,
    /// True for `iam-audit demo`.
    pub demo: bool,
    /// `--run-id`, when given.
    pub run_id: Option<String>,
    /// `--iam-source`: `api` or `credential-report`.
    pub iam_source: String,
    /// `--root-credentials`: `auto`, `assume-root` or `summary`.
    pub root_credentials: String,
    /// The judging thresholds, by name (`[thresholds]` of `--config`, defaults included).
    pub thresholds: std::collections::BTreeMap<String, i64>,
    /// `--compliance`: the frameworks of `compliance[]`.
    pub compliance: Vec<String>,
    /// `--key-activity-pages`: pages of CloudTrail read per active key used in the window; null
    /// when key activity was not read (0, or `--no-cloudtrail`).
    pub key_activity_pages: Option<u32>,
    /// The scanner files read (`--exposed-keys`, `[exposure] exposed_keys`).
    pub exposed_keys: Vec<String>,
    /// `[exposure] expected_networks`.
    pub expected_networks: Vec<String>,
    /// `--last-accessed`: `credentialed`, `all` or `off`.
    pub last_accessed: String,
    /// `--usage-window-days`, `null` with `--last-accessed off`.
    pub usage_window_days: Option<u32>,
}

impl RunOptions {
    /// The options as the run records them: what shaped the collection comes from the run
    /// itself (a merged run's from its shards, not from the `merge` command line).
    fn of_run(&self, run: &iam_audit_model::AuditRun) -> RunOptions {
        let mut options = self.clone();
        if let Some(scope) = &run.scope {
            options.role.clone_from(&scope.role);
            options.region.clone_from(&scope.region);
            options.accounts = scope.include_accounts.clone().unwrap_or_default();
            options.exclude_accounts.clone_from(&scope.exclude_accounts);
            options.cloudtrail_days = scope.cloudtrail_days;
            options.shard = scope.shard.map(|shard| shard.to_string());
            options.run_id.clone_from(&scope.run_id);
            options.iam_source = scope.iam_source.as_str().to_string();
            options.key_activity_pages = scope.key_activity_pages;
            options.exposed_keys = scope
                .exposed_keys
                .as_ref()
                .map(|list| list.files.clone())
                .unwrap_or_default();
            options.last_accessed = scope.last_accessed.as_str().to_string();
            options.usage_window_days = scope.usage_window_days;
        }
        options
    }
}

/// What the run did besides reading: where its files went and who was told. Written last, so it
/// covers everything up to the JSON report's own upload.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Delivery {
    /// Report files put in S3, each with its object's URI.
    pub uploaded: Vec<Uploaded>,
    /// Deliveries that failed: an upload or a notification, one line each.
    pub failures: Vec<String>,
    /// Notifications sent or attempted.
    pub notifications: Vec<Notified>,
    /// A presigned URL of the HTML report (`--presign-hours`), when one was made.
    pub html_url: Option<String>,
}

/// One uploaded file.
#[derive(Debug, Clone, Serialize)]
pub struct Uploaded {
    /// The file's name.
    pub file: String,
    /// `s3://bucket/key`.
    pub uri: String,
}

/// One notification.
#[derive(Debug, Clone, Serialize)]
pub struct Notified {
    /// `slack` (never the webhook's URL) or `sns:<topic ARN>`.
    pub target: String,
    /// Whether it was delivered.
    pub delivered: bool,
    /// Attempts made.
    pub attempts: u32,
    /// Why it failed.
    pub error: Option<String>,
    /// The `[[routes]]` entry it was for (its line in the configuration), or null for the
    /// run-wide `--notify`.
    pub route: Option<usize>,
    /// How many findings its digest held (a route's: its own).
    pub findings: usize,
}

/// The run's facts the JSON records besides what was read and found.
pub struct RunRecord<'a> {
    /// The options used.
    pub options: &'a RunOptions,
    /// The exit code the run ends with (as far as it is known when the JSON is written).
    pub exit_status: u8,
    /// Where the baseline came from, when there was one.
    pub baseline: Option<&'a str>,
    /// Why the baseline could not be read or used, when it could not (exit code 5).
    pub baseline_error: Option<&'a str>,
    /// Uploads and notifications, when the run delivers.
    pub delivery: Option<&'a Delivery>,
}

#[derive(Serialize)]
struct Document<'a> {
    schema_version: &'static str,
    run: Run<'a>,
    accounts: Vec<AccountEntry<'a>>,
    skipped_accounts: &'a [SkippedAccount],
    users: Vec<UserEntry<'a>>,
    access_keys: Vec<KeyEntry<'a>>,
    ssh_public_keys: Vec<SshKeyEntry<'a>>,
    signing_certificates: Vec<CertificateEntry<'a>>,
    service_specific_credentials: Vec<ServiceCredentialEntry<'a>>,
    password_policies: Vec<PasswordPolicyEntry<'a>>,
    cloudtrail_events: Vec<EventEntry<'a>>,
    root_accounts: Vec<RootEntry<'a>>,
    /// The key ids of the run's scanner files, placed; null when it read none.
    exposed_keys: Option<Vec<ExposedKeyEntry<'a>>>,
    findings: Vec<FindingEntry<'a>>,
    /// Every control of `run.options.compliance` in every account.
    compliance: &'a [ComplianceRow<'a>],
    changes: Option<Changes<'a>>,
    errors: Vec<&'a CollectionError>,
    /// A shard's whole run, for `iam-audit merge` (omitted from other reports).
    #[serde(skip_serializing_if = "Option::is_none")]
    collected: Option<&'a iam_audit_model::AuditRun>,
}

/// A finding with its identity (`Finding::id`), the key of run-to-run comparisons, and its
/// history against the baseline.
#[derive(Serialize)]
struct FindingEntry<'a> {
    id: String,
    #[serde(flatten)]
    finding: &'a Finding,
    /// `new` or `open` against the baseline; `null` without one.
    status: Option<&'static str>,
    first_seen: String,
    /// `first_seen` plus the `[sla]` days of its severity; null without an SLA for it.
    due: Option<String>,
    /// Open past `due`; null without an SLA for its severity.
    overdue: Option<bool>,
}

/// What changed since the baseline (`--baseline`): the same answer as `iam-audit diff`.
#[derive(Serialize)]
struct Changes<'a> {
    baseline: Baseline<'a>,
    summary: iam_audit_history::Summary,
    findings: GoneFindings<'a>,
    credentials: &'a [iam_audit_history::Change],
}

#[derive(Serialize)]
struct Baseline<'a> {
    location: Option<&'a str>,
    started_at: String,
    complete: bool,
}

/// The baseline's findings this run no longer has (new and open ones carry their `status`).
#[derive(Serialize)]
struct GoneFindings<'a> {
    resolved: &'a [iam_audit_history::FindingRecord],
    unknown: &'a [iam_audit_history::FindingRecord],
    settings_changed: &'a [iam_audit_history::FindingRecord],
}

#[derive(Serialize)]
struct Run<'a> {
    tool: &'static str,
    tool_version: &'static str,
    started_at: String,
    finished_at: String,
    caller: &'a CallerIdentity,
    organization_id: Option<&'a str>,
    management_account_id: Option<&'a str>,
    standalone: bool,
    root_credentials_management: Option<bool>,
    /// Whether the organization allows privileged root sessions (`RootSessions`); null when
    /// unread.
    root_sessions: Option<bool>,
    options: RunOptions,
    exit_status: u8,
    complete: bool,
    api_calls: u64,
    retries: u64,
    delivery: Option<&'a Delivery>,
    /// Why `--baseline` could not be read or used, when it could not: no comparison was made.
    baseline_error: Option<&'a str>,
    /// What the privilege classes are judged from, and what they are not.
    privilege_scope: &'static str,
    /// What `access_keys[].activity` sees, and what it does not.
    key_activity_scope: &'static str,
}

/// What `users[].privilege` and `findings[].risk` rest on.
pub const PRIVILEGE_SCOPE: &str = "identity-based policies of each account (users' attached and inline policies, their groups', permissions boundaries); service control policies, resource-based policies and session policies are not evaluated";

/// What `access_keys[].activity` rests on.
pub const KEY_ACTIVITY_SCOPE: &str = "CloudTrail management events of the run's window (at most 90 days), looked up by AccessKeyId in each active key's last-used region (the home region when IAM says N/A), within --key-activity-pages pages of 50 events; data events (such as S3 object reads) and other regions are not seen";

/// Writes the JSON document.
pub fn write_json(
    judged: &Judged<'_>,
    record: &RunRecord<'_>,
    out: &mut dyn Write,
) -> Result<(), ReportError> {
    let document = document(judged, record);
    serde_json::to_writer_pretty(&mut *out, &document).map_err(|error| ReportError::Serialize {
        path: "json".to_string(),
        message: error.to_string(),
    })?;
    out.write_all(b"\n").map_err(|source| ReportError::Write {
        path: "json".to_string(),
        source,
    })
}

/// The per-account arrays of the document, gathered in one pass over the accounts.
#[derive(Default)]
struct AccountArrays<'a> {
    users: Vec<UserEntry<'a>>,
    keys: Vec<KeyEntry<'a>>,
    events: Vec<EventEntry<'a>>,
    roots: Vec<RootEntry<'a>>,
    others: OtherCredentials<'a>,
    policies: Vec<PasswordPolicyEntry<'a>>,
}

impl<'a> AccountArrays<'a> {
    fn of(
        run: &'a iam_audit_model::AuditRun,
        now: chrono::DateTime<chrono::Utc>,
        owners: &iam_audit_rules::Owners,
    ) -> Self {
        let mut arrays = AccountArrays::default();
        let window_days = run.scope.as_ref().and_then(|scope| scope.usage_window_days);
        for snapshot in &run.accounts {
            let account_id = snapshot.account.id.as_str();
            for user in snapshot.users.known().into_iter().flatten() {
                arrays
                    .users
                    .push(UserEntry::new(snapshot, user, window_days, owners));
                arrays.others.add(account_id, user, now);
                arrays.keys.extend(
                    user.access_keys
                        .known()
                        .into_iter()
                        .flatten()
                        .map(|key| KeyEntry::new(account_id, user, key, now)),
                );
            }
            arrays.events.extend(
                snapshot
                    .cloudtrail_events
                    .known()
                    .into_iter()
                    .flatten()
                    .map(|event| EventEntry::new(account_id, event)),
            );
            arrays.policies.push(PasswordPolicyEntry::new(snapshot));
            arrays.roots.extend(
                snapshot
                    .root
                    .as_ref()
                    .map(|root| RootEntry::new(account_id, root)),
            );
        }
        arrays
    }
}

fn document<'a>(judged: &Judged<'a>, record: &RunRecord<'a>) -> Document<'a> {
    let run = judged.run;
    let AccountArrays {
        users,
        keys,
        events,
        roots,
        others,
        policies,
    } = AccountArrays::of(run, judged.now, judged.owners);
    Document {
        schema_version: SCHEMA_VERSION,
        run: Run {
            tool: "iam-audit",
            tool_version: env!("CARGO_PKG_VERSION"),
            started_at: rfc3339(run.started_at),
            finished_at: rfc3339(run.finished_at),
            caller: &run.caller,
            organization_id: run.organization_id.as_deref(),
            management_account_id: run.management_account_id.as_deref(),
            standalone: run.standalone,
            root_credentials_management: run.root_credentials_management.known().copied(),
            root_sessions: run.root_sessions.known().copied(),
            options: record.options.of_run(run),
            exit_status: record.exit_status,
            complete: !run.is_incomplete(),
            api_calls: run.api_calls,
            retries: run.retries,
            delivery: record.delivery,
            baseline_error: record.baseline_error,
            privilege_scope: PRIVILEGE_SCOPE,
            key_activity_scope: KEY_ACTIVITY_SCOPE,
        },
        accounts: run
            .accounts
            .iter()
            .map(|snapshot| AccountEntry::new(snapshot, &run.caller.account_id))
            .collect(),
        skipped_accounts: &run.skipped_accounts,
        users,
        access_keys: keys,
        ssh_public_keys: others.ssh_public_keys,
        signing_certificates: others.signing_certificates,
        service_specific_credentials: others.service_specific_credentials,
        password_policies: policies,
        cloudtrail_events: events,
        root_accounts: roots,
        exposed_keys: run
            .scope
            .as_ref()
            .and_then(|scope| scope.exposed_keys.as_ref())
            .map(|_| {
                iam_audit_model::exposure::exposed_key_states(run)
                    .into_iter()
                    .map(ExposedKeyEntry::new)
                    .collect()
            }),
        findings: judged
            .findings
            .iter()
            .map(|finding| {
                let (status, first_seen) = judged.history_of(finding);
                let deadline = judged.deadline_of(finding);
                FindingEntry {
                    id: finding.id(),
                    finding,
                    status,
                    first_seen: rfc3339(first_seen),
                    due: deadline.map(|deadline| rfc3339(deadline.due)),
                    overdue: deadline.map(|deadline| deadline.overdue),
                }
            })
            .collect(),
        compliance: judged.compliance,
        changes: judged.comparison.map(|comparison| Changes {
            baseline: Baseline {
                location: record.baseline,
                started_at: rfc3339(comparison.old.started_at),
                complete: comparison.old.complete,
            },
            summary: comparison.summary(),
            findings: GoneFindings {
                resolved: &comparison.findings.resolved,
                unknown: &comparison.findings.unknown,
                settings_changed: &comparison.findings.settings_changed,
            },
            credentials: &comparison.changes,
        }),
        errors: run.all_errors().collect(),
        collected: record.options.shard.is_some().then_some(run),
    }
}

#[cfg(test)]
mod tests {
    use iam_audit_history::RunView;

    use super::*;
    use crate::csv::tests::{now, run};

    /// The two ways a comparison reads a run agree: from its JSON report (`diff`, a baseline)
    /// and from memory (the run being written). If they drifted, `--baseline` and `diff` would
    /// give different answers on the same two runs.
    #[test]
    fn a_run_reads_the_same_from_its_report_and_from_memory() {
        let run = run();
        let findings = iam_audit_rules::evaluate(&run, &iam_audit_rules::Config::default(), now());
        assert!(!findings.is_empty());
        let judged = Judged {
            run: &run,
            findings: &findings,
            comparison: None,
            now: now(),
            compliance: &[],
            owners: &iam_audit_rules::NO_OWNERS,
            sla: None,
            trend: &[],
        };
        let options = RunOptions {
            role: "r".to_string(),
            region: "us-east-1".to_string(),
            session_name: "s".to_string(),
            accounts: Vec::new(),
            exclude_accounts: Vec::new(),
            cloudtrail_days: None,
            concurrency: 1,
            formats: Vec::new(),
            language: "en".to_string(),
            config: None,
            fail_on: None,
            shard: None,
            demo: false,
            run_id: None,
            iam_source: "api".to_string(),
            root_credentials: "auto".to_string(),
            thresholds: iam_audit_rules::Thresholds::default().named(),
            compliance: Vec::new(),
            key_activity_pages: None,
            exposed_keys: Vec::new(),
            expected_networks: Vec::new(),
            last_accessed: "off".to_string(),
            usage_window_days: None,
        };
        let record = RunRecord {
            options: &options,
            exit_status: 2,
            baseline: None,
            baseline_error: None,
            delivery: None,
        };
        let mut buffer = Vec::new();
        assert!(write_json(&judged, &record, &mut buffer).is_ok());
        let from_report = RunView::from_json(&String::from_utf8_lossy(&buffer), "test.json");
        let mut from_report = from_report.expect("the report reads back");
        // The report writes every finding's first sighting (the run's start, without a
        // baseline); in memory it is not known yet.
        let first_seen: Vec<_> = from_report
            .findings()
            .map(|record| record.first_seen)
            .collect();
        assert!(first_seen.iter().all(|seen| *seen == Some(now())));
        from_report.clear_first_seen();
        assert_eq!(
            from_report,
            RunView::from_run(&run, &findings, &iam_audit_rules::Config::default())
        );
    }
}
