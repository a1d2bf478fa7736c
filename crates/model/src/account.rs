//! Accounts of the organization and what was read from each.

use serde::{Deserialize, Serialize};

use crate::{
    AccountAuthorization, CloudTrailEvent, CollectionError, Observed, PasswordPolicyState,
    PrivilegeClass, RootAccount, User, UserPrivilege,
};

/// One account as Organizations ListAccounts describes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    /// Twelve-digit account id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// `ACTIVE`, `SUSPENDED`, `PENDING_CLOSURE`, ...: the `State` field, or `Status` where AWS
    /// still sends only that.
    pub state: String,
    /// Root email address, when known.
    pub email: Option<String>,
}

impl Account {
    /// Only ACTIVE accounts can be audited.
    pub fn is_active(&self) -> bool {
        self.state.eq_ignore_ascii_case("ACTIVE")
    }
}

/// How the audit reached an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CredentialSource {
    /// AssumeRole of the audit role from the management account.
    AssumedRole,
    /// The caller's own credentials: the account the caller is signed in to (the management
    /// account, where Control Tower's role does not exist).
    Caller,
}

/// Whether everything in an account was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditStatus {
    /// Every API answered.
    Complete,
    /// Some API calls failed; what was read is kept, the rest is listed in `errors`.
    Incomplete,
    /// Nothing could be read (AssumeRole or ListUsers failed).
    Failed,
}

/// Everything read from one account, including what failed. The contract between collecting and
/// judging.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountSnapshot {
    /// The account.
    pub account: Account,
    /// How it was reached, when it was reached at all.
    pub credential_source: Option<CredentialSource>,
    /// Complete, incomplete or failed; derived from `errors` when the snapshot is finished.
    pub status: AuditStatus,
    /// IAM users, sorted by name; `Unknown` when ListUsers failed.
    pub users: Observed<Vec<User>>,
    /// Root account state, when it was collected.
    pub root: Option<RootAccount>,
    /// The account's password policy: `Known(None)` when none is set.
    pub password_policy: PasswordPolicyState,
    /// What the account's identity-based policies allow (GetAccountAuthorizationDetails,
    /// evaluated as it arrived): each user's privilege, the policy facts, the audit role's drift.
    pub authorization: Observed<AccountAuthorization>,
    /// IAM lifecycle events from CloudTrail; `Unknown` when a lookup failed or was not attempted
    /// because the account could not be reached. `Known(empty)` when CloudTrail was disabled is
    /// never produced: `cloudtrail_collected` says whether it was asked for.
    pub cloudtrail_events: Observed<Vec<CloudTrailEvent>>,
    /// False when CloudTrail was switched off for this run (`--no-cloudtrail`).
    pub cloudtrail_collected: bool,
    /// The SSL/TLS server certificates stored in IAM (ListServerCertificates, every page).
    #[serde(default = "Observed::unknown")]
    pub server_certificates: Observed<Vec<crate::ServerCertificate>>,
    /// The home region's IAM Access Analyzer analyzers (ListAnalyzers, every page).
    #[serde(default = "Observed::unknown")]
    pub access_analyzers: Observed<Vec<crate::AccessAnalyzer>>,
    /// The account's place in the organization, OU names from the root (`Root/Production/Cards`);
    /// `None` when the organization's tree was not read (a standalone account, or a failure
    /// recorded in the run's errors).
    #[serde(default)]
    pub ou_path: Option<String>,
    /// The account's tags (Organizations ListTagsForResource), read only when `[owners]
    /// account_tags` asks for them; `None` when not asked or not readable.
    #[serde(default)]
    pub tags: Option<std::collections::BTreeMap<String, String>>,
    /// Every call that failed in this account.
    pub errors: Vec<CollectionError>,
}

impl AccountSnapshot {
    /// A snapshot with nothing read yet.
    pub fn new(account: Account) -> Self {
        AccountSnapshot {
            account,
            credential_source: None,
            status: AuditStatus::Failed,
            users: Observed::Unknown,
            root: None,
            password_policy: Observed::Unknown,
            authorization: Observed::Unknown,
            cloudtrail_events: Observed::Unknown,
            cloudtrail_collected: false,
            server_certificates: Observed::Unknown,
            access_analyzers: Observed::Unknown,
            ou_path: None,
            tags: None,
            errors: Vec::new(),
        }
    }

    /// Sets `status` from what was read and what failed, and sorts users, keys and events so that
    /// every report built from the snapshot is deterministic.
    pub fn finish(&mut self) {
        if let Observed::Known(users) = &mut self.users {
            users.sort_by(|left, right| left.name.cmp(&right.name));
            for user in users.iter_mut() {
                if let Observed::Known(keys) = &mut user.access_keys {
                    keys.sort_by(|left, right| left.id.cmp(&right.id));
                }
                if let Observed::Known(devices) = &mut user.mfa_devices {
                    devices.sort_by(|left, right| left.serial.cmp(&right.serial));
                }
                if let Observed::Known(keys) = &mut user.ssh_public_keys {
                    keys.sort_by(|left, right| left.id.cmp(&right.id));
                }
                if let Observed::Known(certificates) = &mut user.signing_certificates {
                    certificates.sort_by(|left, right| left.id.cmp(&right.id));
                }
                if let Observed::Known(credentials) = &mut user.service_specific_credentials {
                    credentials.sort_by(|left, right| left.id.cmp(&right.id));
                }
            }
        }
        if let Observed::Known(events) = &mut self.cloudtrail_events {
            events.sort_by(|left, right| {
                (left.event_time, &left.event_name, &left.event_id).cmp(&(
                    right.event_time,
                    &right.event_name,
                    &right.event_id,
                ))
            });
        }
        self.errors.sort_by(|left, right| {
            (&left.api, &left.resource, &left.message).cmp(&(
                &right.api,
                &right.resource,
                &right.message,
            ))
        });
        self.status = if self.users.is_unknown() {
            AuditStatus::Failed
        } else if self.errors.is_empty() {
            AuditStatus::Complete
        } else {
            AuditStatus::Incomplete
        };
    }

    /// The CloudTrail events read, `None` when CloudTrail was not asked for (`--no-cloudtrail`)
    /// or its lookup failed: "no events" only where they were looked for.
    pub fn events_read(&self) -> Option<&[CloudTrailEvent]> {
        self.cloudtrail_events
            .known()
            .filter(|_| self.cloudtrail_collected)
            .map(Vec::as_slice)
    }

    /// A user's privilege; `None` when the account's authorization details could not be read (or
    /// the user was not in them): the class is then unknown.
    pub fn privilege_of(&self, user_name: &str) -> Option<&UserPrivilege> {
        self.authorization
            .known()
            .and_then(|authorization| authorization.users.get(user_name))
    }

    /// A user's privilege class, `Unknown` when it could not be judged.
    pub fn privilege_class(&self, user_name: &str) -> PrivilegeClass {
        self.privilege_of(user_name)
            .map_or(PrivilegeClass::Unknown, |privilege| privilege.class)
    }

    /// Every access key read in the account, with its user.
    pub fn access_keys(&self) -> impl Iterator<Item = (&User, &crate::AccessKey)> {
        self.users.known().into_iter().flatten().flat_map(|user| {
            user.access_keys
                .known()
                .into_iter()
                .flatten()
                .map(move |key| (user, key))
        })
    }
}

/// An account of the organization that was not audited, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkippedAccount {
    /// The account.
    pub account: Account,
    /// Why it was not audited: `not_active`, `excluded` or `not_selected`.
    pub reason: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    fn account() -> Account {
        Account {
            id: "123456789012".into(),
            name: "Production".into(),
            state: "ACTIVE".into(),
            email: None,
        }
    }

    #[test]
    fn a_snapshot_without_users_is_failed_even_without_errors() {
        let mut snapshot = AccountSnapshot::new(account());
        snapshot.finish();
        assert_eq!(snapshot.status, AuditStatus::Failed);
    }

    #[test]
    fn errors_make_a_read_account_incomplete() {
        let mut snapshot = AccountSnapshot::new(account());
        snapshot.users = Observed::Known(Vec::new());
        snapshot.finish();
        assert_eq!(snapshot.status, AuditStatus::Complete);
        snapshot.errors.push(CollectionError {
            account_id: "123456789012".into(),
            api: "iam:GetLoginProfile".into(),
            resource: Some("alice".into()),
            kind: ErrorKind::AccessDenied,
            code: Some("AccessDenied".into()),
            message: "denied".into(),
        });
        snapshot.finish();
        assert_eq!(snapshot.status, AuditStatus::Incomplete);
    }

    #[test]
    fn state_decides_activity_case_insensitively() {
        let mut suspended = account();
        suspended.state = "SUSPENDED".into();
        assert!(!suspended.is_active());
        assert!(account().is_active());
    }
}
