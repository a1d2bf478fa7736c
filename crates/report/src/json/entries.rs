//! The JSON report's entries, one type per array, each built from the model in one place.

use chrono::{DateTime, Utc};
use iam_audit_model::exposure::ActivityCount;
use iam_audit_model::{
    AccessKey, AccountSnapshot, AuditStatus, CloudTrailEvent, CollectionError, CredentialSource,
    KeyActivity, MfaKind, Observed, RootAccount, User,
};
use serde::Serialize;

use crate::{days_between, rfc3339};

#[derive(Serialize)]
pub(super) struct AccountEntry<'a> {
    id: &'a str,
    name: &'a str,
    state: &'a str,
    audit_status: AuditStatus,
    credential_source: Option<CredentialSource>,
    users: Option<usize>,
    access_keys: usize,
    cloudtrail_events: Option<usize>,
    audit_role: Option<AuditRoleEntry<'a>>,
    errors: &'a [CollectionError],
    /// `Root/…` with OU names; null when the tree was not read.
    ou_path: Option<&'a str>,
    /// The account's tags; null when not read (`[owners] account_tags` names none).
    tags: Option<&'a std::collections::BTreeMap<String, String>>,
}

/// The audit role as judged in an account the audit assumed it in: null elsewhere (the caller's
/// own account, an account whose authorization details could not be read).
#[derive(Serialize)]
pub(super) struct AuditRoleEntry<'a> {
    role: &'a str,
    drifted: bool,
    drift: Vec<String>,
}

/// A user's identity-based privilege: `class` `unknown` (and empty lists) when the account's
/// authorization details could not be read.
#[derive(Serialize)]
pub(super) struct PrivilegeEntry<'a> {
    class: &'static str,
    granting_policies: &'a [String],
    escalation_methods: &'a [String],
    conditional: bool,
    boundary: Option<&'a str>,
}

#[derive(Serialize)]
pub(super) struct UserEntry<'a> {
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
    ssh_public_keys: Option<usize>,
    signing_certificates: Option<usize>,
    service_specific_credentials: Option<usize>,
    privilege: PrivilegeEntry<'a>,
    usage: Option<super::usage::UsageEntry<'a>>,
    /// Whose the user is (`[owners]`); null when no tag names anyone.
    owner: Option<&'a str>,
}

#[derive(Serialize)]
pub(super) struct MfaEntry<'a> {
    serial_number: &'a str,
    kind: MfaKind,
    enabled: String,
}

#[derive(Serialize)]
pub(super) struct KeyEntry<'a> {
    account_id: &'a str,
    user_name: &'a str,
    access_key_id: &'a str,
    status: &'static str,
    created: String,
    age_days: i64,
    last_used: Option<LastUse<'a>>,
    days_since_last_used: Option<i64>,
    /// Where the key is used from (CloudTrail by `AccessKeyId`); null when not looked up.
    activity: Option<ActivityEntry<'a>>,
}

/// A key's CloudTrail activity; `read` false when the lookup failed (see `errors[]`).
#[derive(Serialize)]
pub(super) struct ActivityEntry<'a> {
    read: bool,
    lookup_region: Option<&'a str>,
    pages: u32,
    events: u32,
    first_event: Option<String>,
    last_event: Option<String>,
    source_ips: Vec<Counted<'a>>,
    user_agents: Vec<Counted<'a>>,
    aws_services: Vec<Counted<'a>>,
    regions: &'a [String],
    complete: bool,
}

/// One address, client or service with its events, under the name the array gives it.
pub(super) struct Counted<'a> {
    key: &'static str,
    name: &'a str,
    events: u32,
}

impl Serialize for Counted<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry(self.key, self.name)?;
        map.serialize_entry("events", &self.events)?;
        map.end()
    }
}

impl<'a> ActivityEntry<'a> {
    fn new(activity: &'a Observed<KeyActivity>) -> ActivityEntry<'a> {
        let counted = |key: &'static str, counts: &'a [ActivityCount]| {
            counts
                .iter()
                .map(|count| Counted {
                    key,
                    name: &count.name,
                    events: count.events,
                })
                .collect()
        };
        match activity {
            Observed::Known(activity) => ActivityEntry {
                read: true,
                lookup_region: Some(&activity.lookup_region),
                pages: activity.pages,
                events: activity.events,
                first_event: activity.first_event.map(rfc3339),
                last_event: activity.last_event.map(rfc3339),
                source_ips: counted("address", &activity.source_ips),
                user_agents: counted("agent", &activity.user_agents),
                aws_services: counted("service", &activity.aws_services),
                regions: &activity.regions,
                complete: activity.complete,
            },
            Observed::Unknown => ActivityEntry {
                read: false,
                lookup_region: None,
                pages: 0,
                events: 0,
                first_event: None,
                last_event: None,
                source_ips: Vec::new(),
                user_agents: Vec::new(),
                aws_services: Vec::new(),
                regions: &[],
                complete: false,
            },
        }
    }
}

/// A key id a scanner named, placed in the organization.
#[derive(Serialize)]
pub(super) struct ExposedKeyEntry<'a> {
    access_key_id: &'a str,
    status: &'static str,
    account_id: Option<String>,
    account_id_source: Option<&'static str>,
    account_name: Option<&'a str>,
    user_name: Option<&'a str>,
    sources: &'a [iam_audit_model::Sighting],
}

impl<'a> ExposedKeyEntry<'a> {
    pub fn new(state: iam_audit_model::exposure::ExposedKeyState<'a>) -> ExposedKeyEntry<'a> {
        ExposedKeyEntry {
            access_key_id: &state.leaked.access_key_id,
            status: state.status.as_str(),
            account_id: state.account_id,
            account_id_source: state.account_id_source.map(|source| source.as_str()),
            account_name: state
                .snapshot
                .map(|snapshot| snapshot.account.name.as_str()),
            user_name: state.holder.map(|(user, _)| user.name.as_str()),
            sources: &state.leaked.sightings,
        }
    }
}

#[derive(Serialize)]
pub(super) struct LastUse<'a> {
    date: Option<String>,
    service: Option<&'a str>,
    region: Option<&'a str>,
}

#[derive(Serialize)]
pub(super) struct EventEntry<'a> {
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
pub(super) struct RootEntry<'a> {
    account_id: &'a str,
    mfa_enabled: Option<bool>,
    access_keys_present: Option<bool>,
    password_present: Option<bool>,
    virtual_mfa: Option<bool>,
    signing_certificates_present: Option<bool>,
    last_console_login: Option<String>,
    last_console_login_status: &'static str,
    /// `assume_root`, `account_summary` or `credential_report`.
    source: &'static str,
    /// Why a root session was not used where it was tried; null otherwise.
    root_session_problem: Option<&'a str>,
    /// The root's keys where the source lists them (null: only their presence is known).
    access_keys: Option<Vec<RootKeyEntry<'a>>>,
    /// The root's MFA devices where a root session listed them.
    mfa_devices: Option<Vec<MfaEntry<'a>>>,
    /// The root's signing certificates where a root session listed them.
    signing_certificates: Option<Vec<RootCertificateEntry<'a>>>,
}

/// One of the root user's access keys: `id` null where the source gives only slots (the
/// credential report).
#[derive(Serialize)]
pub(super) struct RootKeyEntry<'a> {
    id: Option<&'a str>,
    status: &'static str,
    created: Option<String>,
    last_used: Option<String>,
    last_used_service: Option<&'a str>,
}

/// One of the root user's signing certificates; `expires` null when its body could not be
/// parsed.
#[derive(Serialize)]
pub(super) struct RootCertificateEntry<'a> {
    id: &'a str,
    status: &'static str,
    created: String,
    expires: Option<String>,
}

/// An SSH public key.
#[derive(Serialize)]
pub(super) struct SshKeyEntry<'a> {
    account_id: &'a str,
    user_name: &'a str,
    id: &'a str,
    status: &'static str,
    created: String,
    age_days: i64,
}

/// A signing certificate; `expires` is null when its body could not be parsed.
#[derive(Serialize)]
pub(super) struct CertificateEntry<'a> {
    account_id: &'a str,
    user_name: &'a str,
    id: &'a str,
    status: &'static str,
    created: String,
    expires: Option<String>,
    age_days: i64,
}

/// A service-specific credential; `expires` is null when it never expires.
#[derive(Serialize)]
pub(super) struct ServiceCredentialEntry<'a> {
    account_id: &'a str,
    user_name: &'a str,
    id: &'a str,
    service_name: &'a str,
    status: &'static str,
    created: String,
    expires: Option<String>,
    age_days: i64,
}

/// An account's password policy: `status` `set`, `not_set` or `unknown`; `policy` null unless set.
#[derive(Serialize)]
pub(super) struct PasswordPolicyEntry<'a> {
    account_id: &'a str,
    status: &'static str,
    policy: Option<PolicyFields>,
}

/// IAM's policy settings, by IAM's names in snake case.
#[derive(Serialize)]
pub(super) struct PolicyFields {
    minimum_password_length: Option<u32>,
    require_symbols: bool,
    require_numbers: bool,
    require_uppercase_characters: bool,
    require_lowercase_characters: bool,
    allow_users_to_change_password: bool,
    max_password_age: Option<u32>,
    password_reuse_prevention: Option<u32>,
    hard_expiry: bool,
}

/// The entries of the credentials that are neither access keys nor passwords, for one account.
#[derive(Default)]
pub(super) struct OtherCredentials<'a> {
    pub ssh_public_keys: Vec<SshKeyEntry<'a>>,
    pub signing_certificates: Vec<CertificateEntry<'a>>,
    pub service_specific_credentials: Vec<ServiceCredentialEntry<'a>>,
}

impl<'a> OtherCredentials<'a> {
    /// Adds a user's.
    pub fn add(&mut self, account_id: &'a str, user: &'a User, now: DateTime<Utc>) {
        let user_name = user.name.as_str();
        for key in user.ssh_public_keys.known().into_iter().flatten() {
            self.ssh_public_keys.push(SshKeyEntry {
                account_id,
                user_name,
                id: &key.id,
                status: key.status.as_str(),
                created: rfc3339(key.uploaded),
                age_days: days_between(key.uploaded, now),
            });
        }
        for certificate in user.signing_certificates.known().into_iter().flatten() {
            self.signing_certificates.push(CertificateEntry {
                account_id,
                user_name,
                id: &certificate.id,
                status: certificate.status.as_str(),
                created: rfc3339(certificate.uploaded),
                expires: certificate.expires.known().copied().map(rfc3339),
                age_days: days_between(certificate.uploaded, now),
            });
        }
        for credential in user
            .service_specific_credentials
            .known()
            .into_iter()
            .flatten()
        {
            self.service_specific_credentials
                .push(ServiceCredentialEntry {
                    account_id,
                    user_name,
                    id: &credential.id,
                    service_name: &credential.service_name,
                    status: credential.status.as_str(),
                    created: rfc3339(credential.created),
                    expires: credential.expires.map(rfc3339),
                    age_days: days_between(credential.created, now),
                });
        }
    }
}

impl<'a> PasswordPolicyEntry<'a> {
    pub fn new(snapshot: &'a AccountSnapshot) -> PasswordPolicyEntry<'a> {
        let (status, policy) = match &snapshot.password_policy {
            Observed::Known(Some(policy)) => (
                "set",
                Some(PolicyFields {
                    minimum_password_length: policy.minimum_length,
                    require_symbols: policy.require_symbols,
                    require_numbers: policy.require_numbers,
                    require_uppercase_characters: policy.require_uppercase,
                    require_lowercase_characters: policy.require_lowercase,
                    allow_users_to_change_password: policy.allow_users_to_change,
                    max_password_age: policy.max_age_days,
                    password_reuse_prevention: policy.reuse_prevention,
                    hard_expiry: policy.hard_expiry,
                }),
            ),
            Observed::Known(None) => ("not_set", None),
            Observed::Unknown => ("unknown", None),
        };
        PasswordPolicyEntry {
            account_id: &snapshot.account.id,
            status,
            policy,
        }
    }
}

fn known<T: Copy>(value: &Observed<T>) -> Option<T> {
    value.known().copied()
}

impl<'a> AccountEntry<'a> {
    pub fn new(snapshot: &'a AccountSnapshot, audit_account: &str) -> AccountEntry<'a> {
        AccountEntry {
            id: &snapshot.account.id,
            name: &snapshot.account.name,
            state: &snapshot.account.state,
            audit_status: snapshot.status,
            credential_source: snapshot.credential_source,
            users: snapshot.users.known().map(Vec::len),
            access_keys: snapshot.access_keys().count(),
            cloudtrail_events: snapshot.events_read().map(<[_]>::len),
            audit_role: snapshot
                .authorization
                .known()
                .and_then(|authorization| authorization.audit_role.as_ref())
                .map(|drift| {
                    let problems: Vec<String> = drift
                        .problems(audit_account)
                        .iter()
                        .map(|problem| crate::render(crate::Language::English, problem))
                        .collect();
                    AuditRoleEntry {
                        role: &drift.role_name,
                        drifted: !problems.is_empty(),
                        drift: problems,
                    }
                }),
            errors: &snapshot.errors,
            ou_path: snapshot.ou_path.as_deref(),
            tags: snapshot.tags.as_ref(),
        }
    }
}

impl<'a> UserEntry<'a> {
    pub fn new(
        snapshot: &'a AccountSnapshot,
        user: &'a User,
        window_days: Option<u32>,
        owners: &iam_audit_rules::Owners,
    ) -> UserEntry<'a> {
        let account_id = snapshot.account.id.as_str();
        let privilege = match snapshot.privilege_of(&user.name) {
            Some(privilege) => PrivilegeEntry {
                class: privilege.class.as_str(),
                granting_policies: &privilege.granting_policies,
                escalation_methods: &privilege.escalation_methods,
                conditional: privilege.conditional,
                boundary: privilege.boundary.as_deref(),
            },
            None => PrivilegeEntry {
                class: "unknown",
                granting_policies: &[],
                escalation_methods: &[],
                conditional: false,
                boundary: None,
            },
        };
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
        UserEntry {
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
            ssh_public_keys: user.ssh_public_keys.known().map(Vec::len),
            signing_certificates: user.signing_certificates.known().map(Vec::len),
            service_specific_credentials: user.service_specific_credentials.known().map(Vec::len),
            privilege,
            usage: super::usage::UsageEntry::of(user, window_days),
            owner: owners.owner_of(snapshot, Some(&user.name)),
        }
    }
}

impl<'a> KeyEntry<'a> {
    pub fn new(
        account_id: &'a str,
        user: &'a User,
        key: &'a AccessKey,
        now: DateTime<Utc>,
    ) -> KeyEntry<'a> {
        let last_used = key.last_used.known();
        KeyEntry {
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
            activity: key.activity.as_ref().map(ActivityEntry::new),
        }
    }
}

impl<'a> EventEntry<'a> {
    pub fn new(account_id: &'a str, event: &'a CloudTrailEvent) -> EventEntry<'a> {
        EventEntry {
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
        }
    }
}

impl<'a> RootEntry<'a> {
    pub fn new(account_id: &'a str, root: &'a RootAccount) -> RootEntry<'a> {
        let (last_console_login, last_console_login_status) = match &root.last_console_login {
            None => (None, "not_collected"),
            Some(Observed::Unknown) => (None, "unknown"),
            Some(Observed::Known(None)) => (None, "none_in_window"),
            Some(Observed::Known(Some(time))) => (Some(rfc3339(*time)), "found"),
        };
        RootEntry {
            account_id,
            mfa_enabled: known(&root.mfa_enabled),
            access_keys_present: known(&root.access_keys_present),
            password_present: known(&root.password_present),
            virtual_mfa: known(&root.virtual_mfa),
            signing_certificates_present: known(&root.signing_certificates_present),
            last_console_login,
            last_console_login_status,
            source: root.source.as_str(),
            root_session_problem: root.root_session_problem.as_deref(),
            access_keys: root.access_keys.as_ref().map(|keys| {
                keys.iter()
                    .map(|key| RootKeyEntry {
                        id: key.id.as_deref(),
                        status: key.status.as_str(),
                        created: key.created.map(rfc3339),
                        last_used: key.last_used.map(rfc3339),
                        last_used_service: key.last_used_service.as_deref(),
                    })
                    .collect()
            }),
            mfa_devices: root.mfa_devices.as_ref().map(|devices| {
                devices
                    .iter()
                    .map(|device| MfaEntry {
                        serial_number: &device.serial,
                        kind: device.kind,
                        enabled: rfc3339(device.enabled),
                    })
                    .collect()
            }),
            signing_certificates: root.signing_certificates.as_ref().map(|certificates| {
                certificates
                    .iter()
                    .map(|certificate| RootCertificateEntry {
                        id: &certificate.id,
                        status: certificate.status.as_str(),
                        created: rfc3339(certificate.uploaded),
                        expires: certificate.expires.known().copied().map(rfc3339),
                    })
                    .collect()
            }),
        }
    }
}
