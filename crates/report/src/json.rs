//! `iam_audit_*.json`: the whole run as one JSON document, for pipelines. A documented contract
//! (`docs/json.md`, JSON Schema `docs/iam-audit.schema.json`): keys are never translated or
//! renamed, order is deterministic, `schema_version` changes when the contract does.

use std::io::Write;

use chrono::{DateTime, Utc};
use iam_audit_model::{
    AuditRun, AuditStatus, CallerIdentity, CollectionError, CredentialSource, MfaKind, Observed,
    SkippedAccount,
};
use iam_audit_rules::Finding;
use serde::Serialize;

use crate::files::ReportError;
use crate::{days_between, rfc3339};

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

#[derive(Serialize)]
struct AccountEntry<'a> {
    id: &'a str,
    name: &'a str,
    state: &'a str,
    audit_status: AuditStatus,
    credential_source: Option<CredentialSource>,
    users: Option<usize>,
    access_keys: usize,
    cloudtrail_events: Option<usize>,
    errors: &'a [CollectionError],
}

#[derive(Serialize)]
struct UserEntry<'a> {
    account_id: &'a str,
    user_name: &'a str,
    user_arn: &'a str,
    user_id: &'a str,
    path: &'a str,
    created: String,
    console_password: &'static str,
    password_created: Option<String>,
    password_last_used: Option<String>,
    mfa: &'static str,
    mfa_devices: Option<Vec<MfaEntry<'a>>>,
    access_keys: Option<usize>,
}

#[derive(Serialize)]
struct MfaEntry<'a> {
    serial_number: &'a str,
    kind: MfaKind,
    enabled: String,
}

#[derive(Serialize)]
struct KeyEntry<'a> {
    account_id: &'a str,
    user_name: &'a str,
    access_key_id: &'a str,
    status: &'static str,
    created: String,
    age_days: i64,
    last_used: Option<LastUse<'a>>,
    days_since_last_used: Option<i64>,
}

#[derive(Serialize)]
struct LastUse<'a> {
    date: Option<String>,
    service: Option<&'a str>,
    region: Option<&'a str>,
}

#[derive(Serialize)]
struct EventEntry<'a> {
    account_id: &'a str,
    event_time: String,
    event_name: &'a str,
    username: Option<&'a str>,
    resources: &'a [String],
    event_source: Option<&'a str>,
    aws_region: Option<&'a str>,
    source_ip_address: Option<&'a str>,
    access_key_id: Option<&'a str>,
    user_agent: Option<&'a str>,
    event_id: &'a str,
}

#[derive(Serialize)]
struct RootEntry<'a> {
    account_id: &'a str,
    mfa_enabled: Option<bool>,
    access_keys_present: Option<bool>,
    password_present: Option<bool>,
    virtual_mfa: Option<bool>,
    last_console_login: Option<String>,
    last_console_login_status: &'static str,
}

fn known<T: Copy>(value: &Observed<T>) -> Option<T> {
    value.known().copied()
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
            let (console_password, password_created) = match &user.login_profile {
                Observed::Known(Some(profile)) => ("configured", Some(rfc3339(profile.created))),
                Observed::Known(None) => ("not_configured", None),
                Observed::Unknown => ("unknown", None),
            };
            let mfa = match user.strongest_mfa() {
                Observed::Known(None) => "none",
                Observed::Known(Some(MfaKind::Virtual)) => "virtual",
                Observed::Known(Some(MfaKind::Hardware)) => "hardware",
                Observed::Known(Some(MfaKind::SecurityKey)) => "security_key",
                Observed::Unknown => "unknown",
            };
            users.push(UserEntry {
                account_id,
                user_name: &user.name,
                user_arn: &user.arn,
                user_id: &user.user_id,
                path: &user.path,
                created: rfc3339(user.created),
                console_password,
                password_created,
                password_last_used: user.password_last_used.map(rfc3339),
                mfa,
                mfa_devices: user.mfa_devices.known().map(|devices| {
                    devices
                        .iter()
                        .map(|device| MfaEntry {
                            serial_number: &device.serial,
                            kind: device.kind,
                            enabled: rfc3339(device.enabled),
                        })
                        .collect()
                }),
                access_keys: user.access_keys.known().map(Vec::len),
            });
            for key in user.access_keys.known().into_iter().flatten() {
                let last_used = key.last_used.known();
                keys.push(KeyEntry {
                    account_id,
                    user_name: &user.name,
                    access_key_id: &key.id,
                    status: key.status.as_str(),
                    created: rfc3339(key.created),
                    age_days: days_between(key.created, now),
                    last_used: last_used.map(|used| LastUse {
                        date: used.date.map(rfc3339),
                        service: used.service.as_deref(),
                        region: used.region.as_deref(),
                    }),
                    days_since_last_used: last_used
                        .and_then(|used| used.date)
                        .map(|date| days_between(date, now)),
                });
            }
        }
        for event in snapshot.cloudtrail_events.known().into_iter().flatten() {
            events.push(EventEntry {
                account_id,
                event_time: rfc3339(event.event_time),
                event_name: &event.event_name,
                username: event.username.as_deref(),
                resources: &event.resources,
                event_source: event.event_source.as_deref(),
                aws_region: event.aws_region.as_deref(),
                source_ip_address: event.source_ip_address.as_deref(),
                access_key_id: event.access_key_id.as_deref(),
                user_agent: event.user_agent.as_deref(),
                event_id: &event.event_id,
            });
        }
        if let Some(root) = &snapshot.root {
            let (last_console_login, last_console_login_status) = match &root.last_console_login {
                None => (None, "not_collected"),
                Some(Observed::Unknown) => (None, "unknown"),
                Some(Observed::Known(None)) => (None, "none_in_window"),
                Some(Observed::Known(Some(time))) => (Some(rfc3339(*time)), "found"),
            };
            roots.push(RootEntry {
                account_id,
                mfa_enabled: known(&root.mfa_enabled),
                access_keys_present: known(&root.access_keys_present),
                password_present: known(&root.password_present),
                virtual_mfa: known(&root.virtual_mfa),
                last_console_login,
                last_console_login_status,
            });
        }
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
            root_credentials_management: known(&run.root_credentials_management),
            options,
            exit_status,
            complete: !run.is_incomplete(),
            api_calls: run.api_calls,
            retries: run.retries,
        },
        accounts: run
            .accounts
            .iter()
            .map(|snapshot| AccountEntry {
                id: &snapshot.account.id,
                name: &snapshot.account.name,
                state: &snapshot.account.state,
                audit_status: snapshot.status,
                credential_source: snapshot.credential_source,
                users: snapshot.users.known().map(Vec::len),
                access_keys: snapshot.access_keys().count(),
                cloudtrail_events: snapshot.cloudtrail_events.known().map(Vec::len),
                errors: &snapshot.errors,
            })
            .collect(),
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
