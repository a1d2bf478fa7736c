//! What a comparison needs of one run, read from its JSON report or from the run in memory. The
//! two constructors must agree field for field (a test renders a run's JSON and checks).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use iam_audit_model::{AuditRun, AuditStatus, MfaKind, Observed, PrivilegeClass, finding_id};
use iam_audit_rules::{Finding, Severity};
use serde::{Deserialize, Serialize};

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
    /// Why an `unknown` finding could not be judged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Password {
    Configured,
    NotConfigured,
    Unknown,
}

/// One user's credentials as far as they were read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UserState {
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

/// What a change of an SSH public key says it is.
const SSH_PUBLIC_KEY: &str = "ssh_public_key";
/// What a change of a signing certificate says it is.
const SIGNING_CERTIFICATE: &str = "signing_certificate";

/// What a change of a service-specific credential says it is: the kind and the service.
fn service_credential(service_name: &str) -> String {
    format!("service_specific_credential {service_name}")
}

/// A judged class; `unknown` is no class to compare.
fn judged(class: PrivilegeClass) -> Option<PrivilegeClass> {
    Some(class).filter(|class| *class != PrivilegeClass::Unknown)
}

/// One audited account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AccountState {
    pub name: String,
    pub status: AuditStatus,
    /// Whether its user list was read.
    pub users_known: bool,
}

/// A failed read, reduced to what decides whether a finding could be judged.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Gap {
    pub account_id: String,
    pub api: String,
    pub resource: Option<String>,
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
    pub(crate) accounts: BTreeMap<String, AccountState>,
    /// Every account the organization listed, audited or not.
    pub(crate) listed: BTreeSet<String>,
    /// Whether the account list itself is complete.
    pub(crate) listing_complete: bool,
    pub(crate) users: BTreeMap<(String, String), UserState>,
    pub(crate) findings: BTreeMap<String, FindingRecord>,
    pub(crate) gaps: BTreeSet<Gap>,
}

impl RunView {
    /// The view of a run in memory and its findings.
    pub fn from_run(run: &AuditRun, findings: &[Finding]) -> RunView {
        let mut users = BTreeMap::new();
        for snapshot in &run.accounts {
            for user in snapshot.users.known().into_iter().flatten() {
                let password = match &user.login_profile {
                    Observed::Known(Some(_)) => Password::Configured,
                    Observed::Known(None) => Password::NotConfigured,
                    Observed::Unknown => Password::Unknown,
                };
                let mfa = user.mfa_devices.known().map(|devices| {
                    devices
                        .iter()
                        .map(|device| (device.serial.clone(), mfa_kind(device.kind).to_string()))
                        .collect()
                });
                let keys = user.access_keys.known().map(|keys| {
                    keys.iter()
                        .map(|key| (key.id.clone(), key.status.as_str().to_string()))
                        .collect()
                });
                users.insert(
                    (snapshot.account.id.clone(), user.name.clone()),
                    UserState {
                        password,
                        mfa,
                        keys,
                        privilege: judged(snapshot.privilege_class(&user.name)),
                        other_credentials: [
                            user.ssh_public_keys.known().map(|keys| {
                                keys.iter()
                                    .map(|key| (key.id.clone(), SSH_PUBLIC_KEY.to_string()))
                                    .collect()
                            }),
                            user.signing_certificates.known().map(|certificates| {
                                certificates
                                    .iter()
                                    .map(|certificate| {
                                        (certificate.id.clone(), SIGNING_CERTIFICATE.to_string())
                                    })
                                    .collect()
                            }),
                            user.service_specific_credentials
                                .known()
                                .map(|credentials| {
                                    credentials
                                        .iter()
                                        .map(|credential| {
                                            (
                                                credential.id.clone(),
                                                service_credential(&credential.service_name),
                                            )
                                        })
                                        .collect()
                                }),
                        ],
                    },
                );
            }
        }
        let records = findings.iter().map(|finding| {
            let record = FindingRecord {
                id: finding.id(),
                rule_id: finding.rule_id.to_string(),
                rule_name: finding.rule_name.to_string(),
                severity: finding.severity,
                account_id: finding.account_id.clone(),
                account_name: finding.account_name.clone(),
                resource_type: finding.resource_type.as_str().to_string(),
                resource: finding.resource.clone(),
                user_name: finding.user_name.clone(),
                access_key_id: finding.access_key_id.clone(),
                title: Title {
                    en: finding.title.get("en"),
                    es: finding.title.get("es"),
                },
                suppressed: finding.is_suppressed(),
                first_seen: None,
                reason: None,
            };
            (record.id.clone(), record)
        });
        RunView {
            started_at: run.started_at,
            organization_id: run.organization_id.clone(),
            complete: !run.is_incomplete(),
            accounts: run
                .accounts
                .iter()
                .map(|snapshot| {
                    (
                        snapshot.account.id.clone(),
                        AccountState {
                            name: snapshot.account.name.clone(),
                            status: snapshot.status,
                            users_known: !snapshot.users.is_unknown(),
                        },
                    )
                })
                .collect(),
            listed: run
                .accounts
                .iter()
                .map(|snapshot| &snapshot.account)
                .chain(run.skipped_accounts.iter().map(|skipped| &skipped.account))
                .map(|account| account.id.clone())
                .collect(),
            listing_complete: listing_complete(run.all_errors().map(|error| error.api.as_str())),
            users,
            findings: records.collect(),
            gaps: run
                .all_errors()
                .map(|error| Gap {
                    account_id: error.account_id.clone(),
                    api: error.api.clone(),
                    resource: error.resource.clone(),
                })
                .collect(),
        }
    }

    /// The view of a JSON run report (`iam_audit_*.json`, schema 1.x). `source_name` names it in
    /// errors.
    pub fn from_json(text: &str, source_name: &str) -> Result<RunView, HistoryError> {
        let report: Report =
            serde_json::from_str(text).map_err(|error| HistoryError::NotARunReport {
                source_name: source_name.to_string(),
                message: error.to_string(),
            })?;
        if !report.schema_version.starts_with("1.") {
            return Err(HistoryError::UnsupportedVersion {
                source_name: source_name.to_string(),
                version: report.schema_version,
            });
        }
        Ok(report.into_view())
    }

    /// The findings of the run, by identity.
    pub fn findings(&self) -> impl Iterator<Item = &FindingRecord> {
        self.findings.values()
    }

    /// Forgets when each finding was first seen (for comparing a view read from a report with
    /// one built in memory).
    pub fn clear_first_seen(&mut self) {
        for record in self.findings.values_mut() {
            record.first_seen = None;
        }
    }
}

/// The account list is incomplete when a ListAccounts page failed or the run was interrupted.
fn listing_complete<'a>(mut apis: impl Iterator<Item = &'a str>) -> bool {
    !apis.any(|api| api == "organizations:ListAccounts" || api == "run")
}

fn mfa_kind(kind: MfaKind) -> &'static str {
    match kind {
        MfaKind::Virtual => "virtual",
        MfaKind::Hardware => "hardware",
        MfaKind::SecurityKey => "security_key",
    }
}

/// The parts of a run report (`docs/json.md`) a comparison reads; everything else is ignored, so
/// later minor versions read too.
#[derive(Deserialize)]
struct Report {
    schema_version: String,
    run: ReportRun,
    accounts: Vec<ReportAccount>,
    #[serde(default)]
    skipped_accounts: Vec<ReportSkipped>,
    users: Vec<ReportUser>,
    access_keys: Vec<ReportKey>,
    #[serde(default)]
    ssh_public_keys: Vec<ReportCredential>,
    #[serde(default)]
    signing_certificates: Vec<ReportCredential>,
    #[serde(default)]
    service_specific_credentials: Vec<ReportCredential>,
    findings: Vec<ReportFinding>,
    errors: Vec<ReportError>,
}

#[derive(Deserialize)]
struct ReportRun {
    started_at: DateTime<Utc>,
    organization_id: Option<String>,
    complete: bool,
}

#[derive(Deserialize)]
struct ReportAccount {
    id: String,
    name: String,
    audit_status: AuditStatus,
    users: Option<usize>,
}

#[derive(Deserialize)]
struct ReportSkipped {
    account: ReportSkippedAccount,
}

#[derive(Deserialize)]
struct ReportSkippedAccount {
    id: String,
}

#[derive(Deserialize)]
struct ReportUser {
    account_id: String,
    user_name: String,
    console_password: String,
    mfa_devices: Option<Vec<ReportDevice>>,
    access_keys: Option<usize>,
    /// Schema 1.3 and later (null when unread), as are the next three counts.
    #[serde(default)]
    privilege: Option<ReportPrivilege>,
    #[serde(default)]
    ssh_public_keys: Option<usize>,
    #[serde(default)]
    signing_certificates: Option<usize>,
    #[serde(default)]
    service_specific_credentials: Option<usize>,
}

/// An SSH public key, signing certificate or service-specific credential of a 1.3 report.
#[derive(Deserialize)]
struct ReportCredential {
    account_id: String,
    user_name: String,
    id: String,
    service_name: Option<String>,
}

/// Credentials by user, each by id with what `describe` says it is.
type ByUser = BTreeMap<(String, String), BTreeMap<String, String>>;

fn by_user(
    credentials: Vec<ReportCredential>,
    describe: impl Fn(&ReportCredential) -> String,
) -> ByUser {
    let mut found = ByUser::new();
    for credential in credentials {
        let description = describe(&credential);
        found
            .entry((credential.account_id, credential.user_name))
            .or_default()
            .insert(credential.id, description);
    }
    found
}

/// A user's list of one kind: `None` when the user's count says it was not read.
fn list_of(
    count: Option<usize>,
    found: &ByUser,
    identity: &(String, String),
) -> Option<BTreeMap<String, String>> {
    count.map(|_| found.get(identity).cloned().unwrap_or_default())
}

#[derive(Deserialize)]
struct ReportPrivilege {
    class: PrivilegeClass,
}

#[derive(Deserialize)]
struct ReportDevice {
    serial_number: String,
    kind: String,
}

#[derive(Deserialize)]
struct ReportKey {
    account_id: String,
    user_name: String,
    access_key_id: String,
    status: String,
}

#[derive(Deserialize)]
struct ReportFinding {
    id: Option<String>,
    rule_id: String,
    rule_name: String,
    severity: Severity,
    account_id: String,
    account_name: String,
    resource_type: String,
    resource: String,
    user_name: Option<String>,
    access_key_id: Option<String>,
    title: Title,
    #[serde(default)]
    evidence: BTreeMap<String, String>,
    suppression: Option<serde_json::Value>,
    #[serde(default)]
    first_seen: Option<DateTime<Utc>>,
}

#[derive(Deserialize)]
struct ReportError {
    account_id: String,
    api: String,
    resource: Option<String>,
}

impl Report {
    fn into_view(self) -> RunView {
        let mut keys: BTreeMap<(String, String), BTreeMap<String, String>> = BTreeMap::new();
        for key in self.access_keys {
            keys.entry((key.account_id, key.user_name))
                .or_default()
                .insert(key.access_key_id, key.status);
        }
        let ssh_public_keys = by_user(self.ssh_public_keys, |_| SSH_PUBLIC_KEY.to_string());
        let signing_certificates = by_user(self.signing_certificates, |_| {
            SIGNING_CERTIFICATE.to_string()
        });
        let service_credentials = by_user(self.service_specific_credentials, |credential| {
            service_credential(credential.service_name.as_deref().unwrap_or_default())
        });
        let users = self
            .users
            .into_iter()
            .map(|user| {
                let identity = (user.account_id, user.user_name);
                let state = UserState {
                    password: match user.console_password.as_str() {
                        "configured" => Password::Configured,
                        "not_configured" => Password::NotConfigured,
                        _ => Password::Unknown,
                    },
                    mfa: user.mfa_devices.map(|devices| {
                        devices
                            .into_iter()
                            .map(|device| (device.serial_number, device.kind))
                            .collect()
                    }),
                    keys: user
                        .access_keys
                        .map(|_| keys.get(&identity).cloned().unwrap_or_default()),
                    privilege: user.privilege.and_then(|privilege| judged(privilege.class)),
                    other_credentials: [
                        list_of(user.ssh_public_keys, &ssh_public_keys, &identity),
                        list_of(user.signing_certificates, &signing_certificates, &identity),
                        list_of(
                            user.service_specific_credentials,
                            &service_credentials,
                            &identity,
                        ),
                    ],
                };
                (identity, state)
            })
            .collect();
        let listing_complete = listing_complete(self.errors.iter().map(|error| error.api.as_str()));
        RunView {
            started_at: self.run.started_at,
            organization_id: self.run.organization_id,
            complete: self.run.complete,
            listed: self
                .accounts
                .iter()
                .map(|account| account.id.clone())
                .chain(
                    self.skipped_accounts
                        .into_iter()
                        .map(|skipped| skipped.account.id),
                )
                .collect(),
            accounts: self
                .accounts
                .into_iter()
                .map(|account| {
                    (
                        account.id,
                        AccountState {
                            name: account.name,
                            status: account.audit_status,
                            users_known: account.users.is_some(),
                        },
                    )
                })
                .collect(),
            listing_complete,
            users,
            findings: self
                .findings
                .into_iter()
                .map(ReportFinding::into_record)
                .map(|record| (record.id.clone(), record))
                .collect(),
            gaps: self
                .errors
                .into_iter()
                .map(|error| Gap {
                    account_id: error.account_id,
                    api: error.api,
                    resource: error.resource,
                })
                .collect(),
        }
    }
}

impl ReportFinding {
    fn into_record(self) -> FindingRecord {
        // Reports before schema 1.1 carry no id: it is rebuilt the way the rules build it (AUD001
        // tells its findings apart by the API, which its evidence names).
        let id = self.id.unwrap_or_else(|| {
            let discriminator = (self.rule_id == "AUD001")
                .then(|| self.evidence.get("api").map(String::as_str))
                .flatten();
            finding_id(
                &self.account_id,
                &self.rule_id,
                &self.resource,
                self.access_key_id.as_deref(),
                discriminator,
            )
        });
        FindingRecord {
            id,
            rule_id: self.rule_id,
            rule_name: self.rule_name,
            severity: self.severity,
            account_id: self.account_id,
            account_name: self.account_name,
            resource_type: self.resource_type,
            resource: self.resource,
            user_name: self.user_name,
            access_key_id: self.access_key_id,
            title: self.title,
            suppressed: self.suppression.is_some_and(|value| !value.is_null()),
            first_seen: self.first_seen,
            reason: None,
        }
    }
}
