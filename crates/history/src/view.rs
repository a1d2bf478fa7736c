//! What a comparison needs of one run. It is built one way only, from the parts of a run report
//! a comparison reads ([`crate::record::RunRecord`]); the run in memory is first put in that same
//! shape, so a field added to the view is added once, and `--baseline` (a report) and the run being
//! written (memory) cannot disagree. A test renders a run's JSON and checks the two views are equal.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use iam_audit_model::{AuditRun, AuditStatus, PrivilegeClass};
use iam_audit_rules::{Config, Finding, Severity};
use serde::{Deserialize, Serialize};

use crate::record::RunRecord;

/// A run report that cannot be compared.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    /// Not a JSON document, or not an iam-audit run report.
    #[error("{source_name} is not an iam-audit JSON run report: {message}")]
    NotARunReport {
        /// The file or object it came from.
        source_name: String,
        /// What is wrong.
        message: String,
    },
    /// A run report of a major schema version this build does not read.
    #[error("{source_name} has schema version {version}; this iam-audit reads 1.x")]
    UnsupportedVersion {
        /// The file or object it came from.
        source_name: String,
        /// Its `schema_version`.
        version: String,
    },
}

/// A finding as a comparison lists it: its identity, what it is about, and when it was first
/// seen. The same record comes out of a report and out of the run in memory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingRecord {
    /// The finding's identity (`iam_audit_model::finding_id`).
    pub id: String,
    /// `KEY001`.
    pub rule_id: String,
    /// `access-key-not-rotated`.
    pub rule_name: String,
    /// Its severity in the run it comes from.
    pub severity: Severity,
    /// The account.
    pub account_id: String,
    /// The account's name.
    pub account_name: String,
    /// `AwsIamAccessKey`, `AwsIamUser`, `AwsAccount`.
    pub resource_type: String,
    /// The resource.
    pub resource: String,
    /// The user concerned, if any.
    pub user_name: Option<String>,
    /// The user's unique id (`AIDA…`), when the run read it: a user deleted and created again
    /// under the same name is another user, and so are its findings.
    #[serde(default)]
    pub user_id: Option<String>,
    /// When the user was created, when the run read it (the identity where `user_id` is
    /// missing).
    #[serde(default, serialize_with = "seconds")]
    pub user_created: Option<DateTime<Utc>>,
    /// The access key concerned, if any.
    pub access_key_id: Option<String>,
    /// The title in both languages.
    pub title: Title,
    /// Whether a suppression applies.
    pub suppressed: bool,
    /// When the finding was first seen: carried from run to run; the run's start for a finding
    /// seen for the first time. Written as the reports write times (RFC 3339, seconds, UTC).
    #[serde(serialize_with = "seconds")]
    pub first_seen: Option<DateTime<Utc>>,
    /// Why an `unknown` finding could not be judged, or which settings changed for a
    /// `settings_changed` one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The same reason as a catalogue message, for reports in the run's language (absent from a
    /// record read back from a report, whose `reason` is shown as written).
    #[serde(skip)]
    pub reason_message: Option<iam_audit_model::Message>,
}

impl FindingRecord {
    /// Whether two records are about the same subject: for a user's finding, the same user (by
    /// its unique id, else its creation time, where both runs read them).
    pub(crate) fn same_subject(&self, other: &FindingRecord) -> bool {
        if let (Some(left), Some(right)) = (&self.user_id, &other.user_id) {
            return left == right;
        }
        match (self.user_created, other.user_created) {
            (Some(left), Some(right)) => left == right,
            _ => true,
        }
    }
}

/// A time as every report writes it: RFC 3339, UTC, whole seconds.
fn seconds<S: serde::Serializer>(
    moment: &Option<DateTime<Utc>>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match moment {
        Some(moment) => serializer.serialize_str(&iam_audit_model::rfc3339(*moment)),
        None => serializer.serialize_none(),
    }
}

/// A title in both report languages.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Title {
    /// English.
    pub en: String,
    /// Spanish.
    pub es: String,
}

/// Whether a user has a console password.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Password {
    Configured,
    NotConfigured,
    #[serde(other)]
    Unknown,
}

/// One user's credentials as far as they were read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UserState {
    /// The user's unique id (`AIDA…`); `None` where the run did not read it.
    pub user_id: Option<String>,
    /// When the user was created, in whole seconds.
    pub created: Option<DateTime<Utc>>,
    pub password: Password,
    /// MFA devices by serial, `None` when they could not be read.
    pub mfa: Option<BTreeMap<String, String>>,
    /// Access keys by id (their status), `None` when they could not be read.
    pub keys: Option<BTreeMap<String, String>>,
    /// The identity-based privilege class, `None` when it could not be judged (`unknown`, or a
    /// report written before schema 1.3).
    pub privilege: Option<PrivilegeClass>,
    /// The other long-term credentials (SSH public keys, signing certificates, service-specific
    /// credentials), each by id with what it is; a list is `None` when it could not be read (or
    /// the report predates schema 1.3).
    pub other_credentials: [Option<BTreeMap<String, String>>; 3],
}

impl UserState {
    /// Whether two states are of the same user (its unique id, else its creation time, where
    /// both runs read them): a user deleted and created again under its name is not.
    pub(crate) fn same_user(&self, other: &UserState) -> bool {
        if let (Some(left), Some(right)) = (&self.user_id, &other.user_id) {
            return left == right;
        }
        match (self.created, other.created) {
            (Some(left), Some(right)) => left == right,
            _ => true,
        }
    }
}

/// One audited account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AccountState {
    pub name: String,
    pub status: AuditStatus,
    /// Whether its user list was read, every page of it.
    pub users_complete: bool,
}

/// A failed read, reduced to what decides whether a finding could be judged.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Gap {
    pub account_id: String,
    pub api: String,
    pub resource: Option<String>,
}

/// What a run was asked to read and judge with, as far as its report says (reports before schema
/// 1.4 do not record all of it: `None` is "not recorded", never "off").
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Scope {
    /// The CloudTrail window: `Some(None)` when CloudTrail was not read.
    pub cloudtrail_days: Option<Option<u32>>,
    /// The usage window (`--usage-window-days`): `Some(None)` when service last accessed reports
    /// were not read (`--last-accessed off`); `None` when not recorded (reports before 1.5).
    pub usage_window_days: Option<Option<u32>>,
    /// The judging thresholds by name.
    pub thresholds: Option<BTreeMap<String, i64>>,
    /// The key activity page budget: `Some(None)` when key activity was not read.
    pub key_activity_pages: Option<Option<u32>>,
    /// `[exposure] expected_networks`.
    pub expected_networks: Option<Vec<String>>,
    /// The key ids of the run's scanner files: `Some(None)` when it read none.
    pub exposed_key_ids: Option<Option<BTreeSet<String>>>,
}

/// What a comparison needs of one run.
#[derive(Debug, Clone, PartialEq)]
pub struct RunView {
    /// When the run started.
    pub started_at: DateTime<Utc>,
    /// The organization, when it was read.
    pub organization_id: Option<String>,
    /// Whether everything was read.
    pub complete: bool,
    /// The AWS partition of the caller (`aws`, `aws-us-gov`, `aws-cn`).
    pub partition: String,
    /// The caller's account was in no organization and was audited alone.
    pub standalone: bool,
    /// The caller's account.
    pub caller_account_id: String,
    pub(crate) scope: Scope,
    pub(crate) accounts: BTreeMap<String, AccountState>,
    /// Every account the organization listed, audited or not.
    pub(crate) listed: BTreeSet<String>,
    /// Whether the account list itself is complete.
    pub(crate) listing_complete: bool,
    pub(crate) users: BTreeMap<(String, String), UserState>,
    pub(crate) findings: BTreeMap<String, FindingRecord>,
    /// Findings the run could not judge (its comparison's `unknown` list), with their last known
    /// state and first sighting: the memory a gap must not erase.
    pub(crate) carried: BTreeMap<String, FindingRecord>,
    pub(crate) gaps: BTreeSet<Gap>,
}

impl RunView {
    /// The view of a run in memory, its findings and the configuration they were judged with.
    pub fn from_run(run: &AuditRun, findings: &[Finding], config: &Config) -> RunView {
        RunRecord::of_run(run, findings, config).into_view()
    }

    /// The view of a JSON run report (`iam_audit_*.json`, schema 1.x). `source_name` names it in
    /// errors.
    pub fn from_json(text: &str, source_name: &str) -> Result<RunView, HistoryError> {
        let record: RunRecord =
            serde_json::from_str(text).map_err(|error| HistoryError::NotARunReport {
                source_name: source_name.to_string(),
                message: error.to_string(),
            })?;
        if !record.schema_version.starts_with("1.") {
            return Err(HistoryError::UnsupportedVersion {
                source_name: source_name.to_string(),
                version: record.schema_version,
            });
        }
        Ok(record.into_view())
    }

    /// The organization the run audited, as a comparison names it: its id, `standalone account
    /// <id>`, or `None` when it could not be read.
    pub fn organization(&self) -> Option<String> {
        self.organization_id.clone().or_else(|| {
            self.standalone
                .then(|| format!("standalone account {}", self.caller_account_id))
        })
    }

    /// The findings of the run, by identity.
    pub fn findings(&self) -> impl Iterator<Item = &FindingRecord> {
        self.findings.values()
    }

    /// Forgets when each finding was first seen, and what the run carried from its own
    /// baseline (for comparing a view read from a report with one built in memory).
    pub fn clear_first_seen(&mut self) {
        for record in self.findings.values_mut() {
            record.first_seen = None;
        }
        self.carried.clear();
    }
}
