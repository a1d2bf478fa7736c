//! `iam_audit_*.json`: the whole run as one JSON document, for pipelines. A documented contract
//! (`docs/json.md`, JSON Schema `docs/iam-audit.schema.json`): keys are never translated or
//! renamed, order is deterministic, `schema_version` changes when the contract does.

mod entries;

use std::io::Write;

use chrono::{DateTime, Utc};
use iam_audit_model::{AuditRun, CallerIdentity, CollectionError, SkippedAccount};
use iam_audit_rules::Finding;
use serde::Serialize;

use self::entries::{AccountEntry, EventEntry, KeyEntry, RootEntry, UserEntry};
use crate::files::ReportError;
use crate::rfc3339;

/// The contract's version: major changes break readers, minor ones add keys.
pub const SCHEMA_VERSION: &str = "1.1";

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
    /// True for `iam-audit demo`.
    pub demo: bool,
}

#[derive(Serialize)]
struct Document<'a> {
    schema_version: &'static str,
    run: Run<'a>,
    accounts: Vec<AccountEntry<'a>>,
    skipped_accounts: &'a [SkippedAccount],
    users: Vec<UserEntry<'a>>,
    access_keys: Vec<KeyEntry<'a>>,
    cloudtrail_events: Vec<EventEntry<'a>>,
    root_accounts: Vec<RootEntry<'a>>,
    findings: Vec<FindingEntry<'a>>,
    errors: Vec<&'a CollectionError>,
}

/// A finding with its identity (`Finding::id`), the key of run-to-run comparisons.
#[derive(Serialize)]
struct FindingEntry<'a> {
    id: String,
    #[serde(flatten)]
    finding: &'a Finding,
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
    options: &'a RunOptions,
    exit_status: u8,
    complete: bool,
    api_calls: u64,
    retries: u64,
}

/// Writes the JSON document.
pub fn write_json(
    run: &AuditRun,
    findings: &[Finding],
    options: &RunOptions,
    exit_status: u8,
    now: DateTime<Utc>,
    out: &mut dyn Write,
) -> Result<(), ReportError> {
    let document = document(run, findings, options, exit_status, now);
    serde_json::to_writer_pretty(&mut *out, &document).map_err(|error| ReportError::Serialize {
        path: "json".to_string(),
        message: error.to_string(),
    })?;
    out.write_all(b"\n").map_err(|source| ReportError::Write {
        path: "json".to_string(),
        source,
    })
}

fn document<'a>(
    run: &'a AuditRun,
    findings: &'a [Finding],
    options: &'a RunOptions,
    exit_status: u8,
    now: DateTime<Utc>,
) -> Document<'a> {
    let mut users = Vec::new();
    let mut keys = Vec::new();
    let mut events = Vec::new();
    let mut roots = Vec::new();
    for snapshot in &run.accounts {
        let account_id = snapshot.account.id.as_str();
        for user in snapshot.users.known().into_iter().flatten() {
            users.push(UserEntry::new(account_id, user));
            keys.extend(
                user.access_keys
                    .known()
                    .into_iter()
                    .flatten()
                    .map(|key| KeyEntry::new(account_id, user, key, now)),
            );
        }
        events.extend(
            snapshot
                .cloudtrail_events
                .known()
                .into_iter()
                .flatten()
                .map(|event| EventEntry::new(account_id, event)),
        );
        roots.extend(
            snapshot
                .root
                .as_ref()
                .map(|root| RootEntry::new(account_id, root)),
        );
    }
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
            options,
            exit_status,
            complete: !run.is_incomplete(),
            api_calls: run.api_calls,
            retries: run.retries,
        },
        accounts: run.accounts.iter().map(AccountEntry::new).collect(),
        skipped_accounts: &run.skipped_accounts,
        users,
        access_keys: keys,
        cloudtrail_events: events,
        root_accounts: roots,
        findings: findings
            .iter()
            .map(|finding| FindingEntry {
                id: finding.id(),
                finding,
            })
            .collect(),
        errors: run.all_errors().collect(),
    }
}
