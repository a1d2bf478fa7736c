//! The parts of a run report (`docs/json.md`) a comparison reads, and the one way a
//! [`RunView`] is built from them. A run in memory is put in this same shape first
//! ([`RunRecord::of_run`]), so a report read back and the run that wrote it give equal views.
//! Everything else in a report is ignored, so later minor versions read too.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, SubsecRound, Utc};
use iam_audit_model::{
    AuditRun, AuditStatus, MfaKind, Observed, Partition, PrivilegeClass, finding_id,
};
use iam_audit_rules::{Config, Finding, Severity};
use serde::{Deserialize, Deserializer};

use crate::view::{AccountState, FindingRecord, Gap, Password, RunView, Scope, Title, UserState};

/// What a change of an SSH public key says it is.
const SSH_PUBLIC_KEY: &str = "ssh_public_key";
/// What a change of a signing certificate says it is.
const SIGNING_CERTIFICATE: &str = "signing_certificate";

/// What a change of a service-specific credential says it is: the kind and the service.
fn service_credential(service_name: &str) -> String {
    format!("service_specific_credential {service_name}")
}

/// A run report, as far as a comparison reads it.
#[derive(Deserialize)]
pub(crate) struct RunRecord {
    pub schema_version: String,
    run: RunPart,
    accounts: Vec<AccountPart>,
    #[serde(default)]
    skipped_accounts: Vec<SkippedPart>,
    users: Vec<UserPart>,
    access_keys: Vec<KeyPart>,
    #[serde(default)]
    ssh_public_keys: Vec<CredentialPart>,
    #[serde(default)]
    signing_certificates: Vec<CredentialPart>,
    #[serde(default)]
    service_specific_credentials: Vec<CredentialPart>,
    findings: Vec<FindingPart>,
    errors: Vec<GapPart>,
    /// The run's own comparison: its `unknown` findings are carried to the next.
    #[serde(default)]
    changes: Option<ChangesPart>,
    /// Schema 1.5: the key ids of the run's scanner files (null when it read none).
    #[serde(default, deserialize_with = "present")]
    exposed_keys: Option<Option<Vec<ExposedKeyPart>>>,
}

#[derive(Deserialize)]
struct ExposedKeyPart {
    access_key_id: String,
}

#[derive(Deserialize)]
struct RunPart {
    started_at: DateTime<Utc>,
    organization_id: Option<String>,
    complete: bool,
    #[serde(default)]
    caller: Option<CallerPart>,
    #[serde(default)]
    standalone: bool,
    #[serde(default)]
    options: Option<OptionsPart>,
}

#[derive(Deserialize)]
struct CallerPart {
    account_id: String,
    arn: String,
}

#[derive(Deserialize, Default)]
struct OptionsPart {
    /// Absent (not recorded) and null (CloudTrail off) differ.
    #[serde(default, deserialize_with = "present")]
    cloudtrail_days: Option<Option<u32>>,
    /// Schema 1.4 and later.
    #[serde(default)]
    thresholds: Option<BTreeMap<String, i64>>,
    /// Schema 1.5: null when key activity was not read.
    #[serde(default, deserialize_with = "present")]
    key_activity_pages: Option<Option<u32>>,
    /// Schema 1.5.
    #[serde(default)]
    expected_networks: Option<Vec<String>>,
    /// Schema 1.5 and later: absent (not recorded) and null (`--last-accessed off`) differ.
    #[serde(default, deserialize_with = "present")]
    usage_window_days: Option<Option<u32>>,
}

/// A key that is present: `Some(value)`, null included; absent keys stay `None` (the default).
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    T::deserialize(deserializer).map(Some)
}

#[derive(Deserialize)]
struct AccountPart {
    id: String,
    name: String,
    audit_status: AuditStatus,
    users: Option<usize>,
}

#[derive(Deserialize)]
struct SkippedPart {
    account: SkippedAccountPart,
}

#[derive(Deserialize)]
struct SkippedAccountPart {
    id: String,
}

#[derive(Deserialize)]
struct UserPart {
    account_id: String,
    user_name: String,
    #[serde(default)]
    user_id: Option<String>,
    #[serde(default)]
    created: Option<DateTime<Utc>>,
    console_password: Password,
    mfa_devices: Option<Vec<DevicePart>>,
    access_keys: Option<usize>,
    /// Schema 1.3 and later (null when unread), as are the next three counts.
    #[serde(default)]
    privilege: Option<PrivilegePart>,
    #[serde(default)]
    ssh_public_keys: Option<usize>,
    #[serde(default)]
    signing_certificates: Option<usize>,
    #[serde(default)]
    service_specific_credentials: Option<usize>,
}

#[derive(Deserialize)]
struct PrivilegePart {
    class: PrivilegeClass,
}

#[derive(Deserialize)]
struct DevicePart {
    serial_number: String,
    kind: String,
}

#[derive(Deserialize)]
struct KeyPart {
    account_id: String,
    user_name: String,
    access_key_id: String,
    status: String,
}

/// An SSH public key, signing certificate or service-specific credential of a 1.3 report.
#[derive(Deserialize)]
struct CredentialPart {
    account_id: String,
    user_name: String,
    id: String,
    service_name: Option<String>,
}

#[derive(Deserialize)]
struct FindingPart {
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
    /// A suppression object, or null.
    #[serde(default, rename = "suppression", deserialize_with = "not_null")]
    suppressed: bool,
    #[serde(default)]
    first_seen: Option<DateTime<Utc>>,
}

/// True for any value but null.
fn not_null<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    Option::<serde::de::IgnoredAny>::deserialize(deserializer).map(|value| value.is_some())
}

#[derive(Deserialize)]
struct GapPart {
    account_id: String,
    api: String,
    resource: Option<String>,
}

#[derive(Deserialize)]
struct ChangesPart {
    findings: GoneFindingsPart,
}

#[derive(Deserialize)]
struct GoneFindingsPart {
    #[serde(default)]
    unknown: Vec<FindingRecord>,
}

/// The users of a run in memory, with their access keys and other credentials, as a report
/// lists them.
#[derive(Default)]
struct UsersOfRun {
    users: Vec<UserPart>,
    access_keys: Vec<KeyPart>,
    /// SSH public keys, signing certificates, service-specific credentials.
    others: [Vec<CredentialPart>; 3],
}

impl UsersOfRun {
    fn of(run: &AuditRun) -> UsersOfRun {
        let mut found = UsersOfRun::default();
        for snapshot in &run.accounts {
            for user in snapshot.users.known().into_iter().flatten() {
                found.add(snapshot, user);
            }
        }
        found
    }

    fn add(&mut self, snapshot: &iam_audit_model::AccountSnapshot, user: &iam_audit_model::User) {
        let account_id = &snapshot.account.id;
        let credential = |id: &str, service_name: Option<&str>| CredentialPart {
            account_id: account_id.clone(),
            user_name: user.name.clone(),
            id: id.to_string(),
            service_name: service_name.map(str::to_string),
        };
        for key in user.access_keys.known().into_iter().flatten() {
            self.access_keys.push(KeyPart {
                account_id: account_id.clone(),
                user_name: user.name.clone(),
                access_key_id: key.id.clone(),
                status: key.status.as_str().to_string(),
            });
        }
        let ssh = user.ssh_public_keys.known().into_iter().flatten();
        self.others[0].extend(ssh.map(|key| credential(&key.id, None)));
        let certificates = user.signing_certificates.known().into_iter().flatten();
        self.others[1].extend(certificates.map(|certificate| credential(&certificate.id, None)));
        let services = user.service_specific_credentials.known();
        self.others[2].extend(services.into_iter().flatten().map(|service_credential| {
            credential(
                &service_credential.id,
                Some(&service_credential.service_name),
            )
        }));
        self.users.push(UserPart {
            account_id: account_id.clone(),
            user_name: user.name.clone(),
            user_id: Some(user.user_id.clone()),
            created: Some(user.created.trunc_subsecs(0)),
            console_password: match &user.login_profile {
                Observed::Known(Some(_)) => Password::Configured,
                Observed::Known(None) => Password::NotConfigured,
                Observed::Unknown => Password::Unknown,
            },
            mfa_devices: user.mfa_devices.known().map(|devices| {
                devices
                    .iter()
                    .map(|device| DevicePart {
                        serial_number: device.serial.clone(),
                        kind: mfa_kind(device.kind).to_string(),
                    })
                    .collect()
            }),
            access_keys: user.access_keys.known().map(Vec::len),
            privilege: Some(PrivilegePart {
                class: snapshot.privilege_class(&user.name),
            }),
            ssh_public_keys: user.ssh_public_keys.known().map(Vec::len),
            signing_certificates: user.signing_certificates.known().map(Vec::len),
            service_specific_credentials: user.service_specific_credentials.known().map(Vec::len),
        });
    }
}

impl RunRecord {
    /// A run in memory in the shape of its report, as the JSON writer would render it.
    pub(crate) fn of_run(run: &AuditRun, findings: &[Finding], config: &Config) -> Self {
        let UsersOfRun {
            users,
            access_keys,
            others:
                [
                    ssh_public_keys,
                    signing_certificates,
                    service_specific_credentials,
                ],
        } = UsersOfRun::of(run);
        RunRecord {
            schema_version: "1".to_string(),
            run: RunPart {
                started_at: run.started_at,
                organization_id: run.organization_id.clone(),
                complete: !run.is_incomplete(),
                caller: Some(CallerPart {
                    account_id: run.caller.account_id.clone(),
                    arn: run.caller.arn.clone(),
                }),
                standalone: run.standalone,
                options: Some(OptionsPart {
                    cloudtrail_days: run.scope.as_ref().map(|scope| scope.cloudtrail_days),
                    thresholds: Some(config.thresholds.named()),
                    key_activity_pages: run.scope.as_ref().map(|scope| scope.key_activity_pages),
                    expected_networks: Some(
                        config
                            .exposure
                            .expected_networks
                            .iter()
                            .map(ToString::to_string)
                            .collect(),
                    ),
                    usage_window_days: run.scope.as_ref().map(|scope| scope.usage_window_days),
                }),
            },
            accounts: run
                .accounts
                .iter()
                .map(|snapshot| AccountPart {
                    id: snapshot.account.id.clone(),
                    name: snapshot.account.name.clone(),
                    audit_status: snapshot.status,
                    users: snapshot.users.known().map(Vec::len),
                })
                .collect(),
            skipped_accounts: run
                .skipped_accounts
                .iter()
                .map(|skipped| SkippedPart {
                    account: SkippedAccountPart {
                        id: skipped.account.id.clone(),
                    },
                })
                .collect(),
            users,
            access_keys,
            ssh_public_keys,
            signing_certificates,
            service_specific_credentials,
            findings: findings.iter().map(FindingPart::of_finding).collect(),
            errors: run
                .all_errors()
                .map(|error| GapPart {
                    account_id: error.account_id.clone(),
                    api: error.api.clone(),
                    resource: error.resource.clone(),
                })
                .collect(),
            changes: None,
            exposed_keys: Some(
                run.scope
                    .as_ref()
                    .and_then(|scope| scope.exposed_keys.as_ref())
                    .map(|list| {
                        list.keys
                            .iter()
                            .map(|key| ExposedKeyPart {
                                access_key_id: key.access_key_id.clone(),
                            })
                            .collect()
                    }),
            ),
        }
    }

    /// Each user's state, from the users and their credential lists.
    fn user_states(
        users: Vec<UserPart>,
        access_keys: Vec<KeyPart>,
        others: [Vec<CredentialPart>; 3],
    ) -> BTreeMap<(String, String), UserState> {
        let mut keys: BTreeMap<(String, String), BTreeMap<String, String>> = BTreeMap::new();
        for key in access_keys {
            keys.entry((key.account_id, key.user_name))
                .or_default()
                .insert(key.access_key_id, key.status);
        }
        let [ssh, certificates, services] = others;
        let ssh_public_keys = by_user(ssh, |_| SSH_PUBLIC_KEY.to_string());
        let signing_certificates = by_user(certificates, |_| SIGNING_CERTIFICATE.to_string());
        let service_credentials = by_user(services, |credential| {
            service_credential(credential.service_name.as_deref().unwrap_or_default())
        });
        users
            .into_iter()
            .map(|user| {
                let identity = (user.account_id, user.user_name);
                let state = UserState {
                    // The credential-report path of schema 1.3 wrote "" for an id it had not read.
                    user_id: user.user_id.filter(|id| !id.is_empty()),
                    created: user.created,
                    password: user.console_password,
                    mfa: user.mfa_devices.map(|devices| {
                        devices
                            .into_iter()
                            .map(|device| (device.serial_number, device.kind))
                            .collect()
                    }),
                    keys: user
                        .access_keys
                        .map(|_| keys.get(&identity).cloned().unwrap_or_default()),
                    privilege: user
                        .privilege
                        .map(|privilege| privilege.class)
                        .filter(|class| *class != PrivilegeClass::Unknown),
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
            .collect()
    }

    /// The audited accounts' states; a user list cut short (a ListUsers page failed) says
    /// nothing of the users after the cut.
    fn account_states(
        accounts: Vec<AccountPart>,
        gaps: &BTreeSet<Gap>,
    ) -> BTreeMap<String, AccountState> {
        accounts
            .into_iter()
            .map(|account| {
                let cut = gaps
                    .iter()
                    .any(|gap| gap.account_id == account.id && gap.api == "iam:ListUsers");
                let state = AccountState {
                    name: account.name,
                    status: account.audit_status,
                    users_complete: account.users.is_some() && !cut,
                };
                (account.id, state)
            })
            .collect()
    }

    /// The view: the one place a [`RunView`] is made.
    pub(crate) fn into_view(self) -> RunView {
        let gaps: BTreeSet<Gap> = self
            .errors
            .into_iter()
            .map(|error| Gap {
                account_id: error.account_id,
                api: error.api,
                resource: error.resource,
            })
            .collect();
        let users = RunRecord::user_states(
            self.users,
            self.access_keys,
            [
                self.ssh_public_keys,
                self.signing_certificates,
                self.service_specific_credentials,
            ],
        );
        let options = self.run.options.unwrap_or_default();
        let listing_complete = !gaps
            .iter()
            .any(|gap| gap.api == "organizations:ListAccounts" || gap.api == "run");
        let listed = self
            .accounts
            .iter()
            .map(|account| account.id.clone())
            .chain(
                self.skipped_accounts
                    .into_iter()
                    .map(|skipped| skipped.account.id),
            )
            .collect();
        let accounts = RunRecord::account_states(self.accounts, &gaps);
        let findings = self
            .findings
            .into_iter()
            .map(|finding| finding.into_record(&users))
            .map(|record| (record.id.clone(), record))
            .collect();
        let carried = self
            .changes
            .map(|changes| changes.findings.unknown)
            .unwrap_or_default()
            .into_iter()
            .map(|record| (record.id.clone(), record))
            .collect();
        let (caller_account_id, partition) = self
            .run
            .caller
            .map(|caller| (caller.account_id, Partition::of_arn(&caller.arn).0))
            .unwrap_or_else(|| (String::new(), "aws".to_string()));
        RunView {
            started_at: self.run.started_at,
            organization_id: self.run.organization_id,
            complete: self.run.complete,
            partition,
            standalone: self.run.standalone,
            caller_account_id,
            scope: Scope {
                cloudtrail_days: options.cloudtrail_days,
                usage_window_days: options.usage_window_days,
                thresholds: options.thresholds,
                key_activity_pages: options.key_activity_pages,
                expected_networks: options.expected_networks,
                exposed_key_ids: self.exposed_keys.map(|keys| {
                    keys.map(|keys| keys.into_iter().map(|key| key.access_key_id).collect())
                }),
            },
            accounts,
            listed,
            listing_complete,
            users,
            findings,
            carried,
            gaps,
        }
    }
}

impl FindingPart {
    fn of_finding(finding: &Finding) -> FindingPart {
        FindingPart {
            id: Some(finding.id()),
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
            evidence: BTreeMap::new(),
            suppressed: finding.is_suppressed(),
            first_seen: None,
        }
    }

    /// The record, with its user's identity from the same run.
    fn into_record(self, users: &BTreeMap<(String, String), UserState>) -> FindingRecord {
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
        let user = self
            .user_name
            .as_ref()
            .and_then(|name| users.get(&(self.account_id.clone(), name.clone())));
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
            user_id: user.and_then(|user| user.user_id.clone()),
            user_created: user.and_then(|user| user.created),
            access_key_id: self.access_key_id,
            title: self.title,
            suppressed: self.suppressed,
            first_seen: self.first_seen,
            reason: None,
            reason_message: None,
        }
    }
}

/// Credentials by user, each by id with what `describe` says it is.
type ByUser = BTreeMap<(String, String), BTreeMap<String, String>>;

fn by_user(
    credentials: Vec<CredentialPart>,
    describe: impl Fn(&CredentialPart) -> String,
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

fn mfa_kind(kind: MfaKind) -> &'static str {
    match kind {
        MfaKind::Virtual => "virtual",
        MfaKind::Hardware => "hardware",
        MfaKind::SecurityKey => "security_key",
    }
}
