//! What each leaked key id is in the audited organization: an active or inactive key of a user,
//! no key at all in an account that was read, an account that could not be read, or another
//! account. One definition for the rules (EXP002), the JSON and the CSV.

use std::collections::HashMap;

use serde::Serialize;

use crate::{AccessKey, AccessKeyStatus, AccountSnapshot, AuditRun, LeakedKey, User};

use super::decode_account;

/// A leaked key id's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ExposedKeyStatus {
    /// An active access key of an audited account.
    Active,
    /// An inactive access key of an audited account (it can be reactivated).
    Inactive,
    /// Its account was audited and read, and holds no such key (deleted, or a temporary `ASIA`
    /// key).
    NotFound,
    /// Its account could not be read, was not audited, or cannot be told from the id: never
    /// "not found".
    Unknown,
    /// Not an account of this organization.
    OtherAccount,
}

impl ExposedKeyStatus {
    /// As the reports write it.
    pub fn as_str(self) -> &'static str {
        match self {
            ExposedKeyStatus::Active => "active",
            ExposedKeyStatus::Inactive => "inactive",
            ExposedKeyStatus::NotFound => "not_found",
            ExposedKeyStatus::Unknown => "unknown",
            ExposedKeyStatus::OtherAccount => "other_account",
        }
    }
}

/// Where a leaked id's account comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountIdSource {
    /// The key was found in an audited account.
    Audit,
    /// Decoded offline from the id.
    KeyId,
}

impl AccountIdSource {
    /// As the reports write it.
    pub fn as_str(self) -> &'static str {
        match self {
            AccountIdSource::Audit => "audit",
            AccountIdSource::KeyId => "key_id",
        }
    }
}

/// One leaked key id, placed.
#[derive(Debug, Clone)]
pub struct ExposedKeyState<'a> {
    /// The id and where it was seen.
    pub leaked: &'a LeakedKey,
    /// What it is here.
    pub status: ExposedKeyStatus,
    /// Its account, when known.
    pub account_id: Option<String>,
    /// How the account was known.
    pub account_id_source: Option<AccountIdSource>,
    /// The audited account it is in (for the account's name), when it is in one.
    pub snapshot: Option<&'a AccountSnapshot>,
    /// Its user and key, when it is a key of an audited account.
    pub holder: Option<(&'a User, &'a AccessKey)>,
}

/// Every leaked id of the run's scanner files, placed; empty when the run read none.
pub fn exposed_key_states(run: &AuditRun) -> Vec<ExposedKeyState<'_>> {
    let Some(list) = run
        .scope
        .as_ref()
        .and_then(|scope| scope.exposed_keys.as_ref())
    else {
        return Vec::new();
    };
    let mut held: HashMap<&str, (&AccountSnapshot, &User, &AccessKey)> = HashMap::new();
    for snapshot in &run.accounts {
        for (user, key) in snapshot.access_keys() {
            held.insert(key.id.as_str(), (snapshot, user, key));
        }
    }
    let listing_complete = !run
        .errors
        .iter()
        .any(|error| error.api == "organizations:ListAccounts" || error.api == "run");
    list.keys
        .iter()
        .map(|leaked| {
            if let Some((snapshot, user, key)) = held.get(leaked.access_key_id.as_str()) {
                return ExposedKeyState {
                    leaked,
                    status: if key.status == AccessKeyStatus::Active {
                        ExposedKeyStatus::Active
                    } else {
                        ExposedKeyStatus::Inactive
                    },
                    account_id: Some(snapshot.account.id.clone()),
                    account_id_source: Some(AccountIdSource::Audit),
                    snapshot: Some(snapshot),
                    holder: Some((user, key)),
                };
            }
            let account = decode_account(&leaked.access_key_id);
            let snapshot = account.as_ref().and_then(|account| {
                run.accounts
                    .iter()
                    .find(|snapshot| &snapshot.account.id == account)
            });
            let status = match (&account, snapshot) {
                (None, _) => ExposedKeyStatus::Unknown,
                (Some(_), Some(snapshot)) if keys_fully_read(snapshot) => {
                    ExposedKeyStatus::NotFound
                }
                (Some(_), Some(_)) => ExposedKeyStatus::Unknown,
                (Some(account), None)
                    if run
                        .skipped_accounts
                        .iter()
                        .any(|skipped| &skipped.account.id == account) =>
                {
                    ExposedKeyStatus::Unknown
                }
                (Some(_), None) if listing_complete => ExposedKeyStatus::OtherAccount,
                (Some(_), None) => ExposedKeyStatus::Unknown,
            };
            ExposedKeyState {
                leaked,
                status,
                account_id_source: account.as_ref().map(|_| AccountIdSource::KeyId),
                account_id: account,
                snapshot,
                holder: None,
            }
        })
        .collect()
}

/// Whether every user's access keys of the account were read: only then is a missing key
/// "not found".
fn keys_fully_read(snapshot: &AccountSnapshot) -> bool {
    snapshot
        .users
        .known()
        .is_some_and(|users| users.iter().all(|user| user.access_keys.known().is_some()))
        && !snapshot.errors.iter().any(|error| {
            matches!(
                error.api.as_str(),
                "iam:ListUsers" | "iam:ListAccessKeys" | "iam:GetCredentialReport" | "account"
            )
        })
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Utc};

    use super::*;
    use crate::exposure::key_id::encode_key_id;
    use crate::{
        AccessKeyLastUse, Account, CallerIdentity, CollectionError, ErrorKind, ExposedKeyList,
        Observed, RunScope, SkippedAccount,
    };

    fn account(id: &str) -> Account {
        Account {
            id: id.to_string(),
            name: format!("account {id}"),
            state: "ACTIVE".to_string(),
            email: None,
        }
    }

    fn user_with(keys: Vec<AccessKey>) -> User {
        User {
            name: "ci".to_string(),
            arn: "arn:aws:iam::111111111111:user/ci".to_string(),
            user_id: "AIDA".to_string(),
            path: "/".to_string(),
            created: DateTime::<Utc>::default(),
            password_last_used: None,
            login_profile: Observed::Known(None),
            mfa_devices: Observed::Known(Vec::new()),
            access_keys: Observed::Known(keys),
            ssh_public_keys: Observed::Known(Vec::new()),
            signing_certificates: Observed::Known(Vec::new()),
            service_specific_credentials: Observed::Known(Vec::new()),
            usage: None,
        }
    }

    fn key(id: &str, status: AccessKeyStatus) -> AccessKey {
        AccessKey {
            id: id.to_string(),
            status,
            created: DateTime::<Utc>::default(),
            last_used: Observed::Known(AccessKeyLastUse::default()),
            activity: None,
        }
    }

    fn leaked(ids: &[&str]) -> ExposedKeyList {
        let mut list = ExposedKeyList::default();
        list.add(
            "ids.txt",
            ids.iter()
                .map(|id| LeakedKey {
                    access_key_id: id.to_string(),
                    sightings: Vec::new(),
                })
                .collect(),
        );
        list
    }

    fn run(accounts: Vec<AccountSnapshot>, list: ExposedKeyList) -> AuditRun {
        AuditRun {
            caller: CallerIdentity {
                account_id: "111111111111".to_string(),
                arn: "arn:aws:iam::111111111111:user/auditor".to_string(),
                user_id: "AIDA".to_string(),
            },
            organization_id: Some("o-example".to_string()),
            management_account_id: Some("111111111111".to_string()),
            standalone: false,
            scope: Some(RunScope {
                exposed_keys: Some(list),
                ..RunScope::default()
            }),
            started_at: DateTime::<Utc>::default(),
            finished_at: DateTime::<Utc>::default(),
            accounts,
            skipped_accounts: vec![SkippedAccount {
                account: account("333333333333"),
                reason: "excluded".to_string(),
            }],
            errors: Vec::new(),
            root_credentials_management: Observed::Known(false),
            root_sessions: Observed::Known(false),
            retries: 0,
            api_calls: 0,
        }
    }

    #[test]
    fn each_leaked_id_is_placed() {
        let active = encode_key_id(false, "111111111111", 1).unwrap_or_default();
        let inactive = "AKIAIOSFODNN7EXAMPLE";
        let deleted = encode_key_id(false, "111111111111", 2).unwrap_or_default();
        let temporary = encode_key_id(true, "111111111111", 3).unwrap_or_default();
        let unread = encode_key_id(false, "222222222222", 4).unwrap_or_default();
        let skipped = encode_key_id(false, "333333333333", 5).unwrap_or_default();
        let foreign = "ASIAY34FZKBOKMUTVV7A";
        let old_foreign = "AKIAJAAAAAAAAAAAAAAA";
        let mut read = AccountSnapshot::new(account("111111111111"));
        read.users = Observed::Known(vec![user_with(vec![
            key(&active, AccessKeyStatus::Active),
            key(inactive, AccessKeyStatus::Inactive),
        ])]);
        read.finish();
        let mut failed = AccountSnapshot::new(account("222222222222"));
        failed.errors.push(CollectionError {
            account_id: "222222222222".to_string(),
            api: "sts:AssumeRole".to_string(),
            resource: None,
            kind: ErrorKind::AccessDenied,
            code: None,
            message: "denied".to_string(),
        });
        failed.finish();
        let organization = run(
            vec![read, failed],
            leaked(&[
                &active,
                inactive,
                &deleted,
                &temporary,
                &unread,
                &skipped,
                foreign,
                old_foreign,
            ]),
        );
        let states: HashMap<&str, (ExposedKeyStatus, Option<String>, Option<AccountIdSource>)> =
            exposed_key_states(&organization)
                .into_iter()
                .map(|state| {
                    (
                        state.leaked.access_key_id.as_str(),
                        (state.status, state.account_id, state.account_id_source),
                    )
                })
                .collect();
        let audit = Some(AccountIdSource::Audit);
        let decoded = Some(AccountIdSource::KeyId);
        let own = Some("111111111111".to_string());
        assert_eq!(
            states[active.as_str()],
            (ExposedKeyStatus::Active, own.clone(), audit)
        );
        assert_eq!(
            states[inactive],
            (ExposedKeyStatus::Inactive, own.clone(), audit)
        );
        assert_eq!(
            states[deleted.as_str()],
            (ExposedKeyStatus::NotFound, own.clone(), decoded)
        );
        assert_eq!(
            states[temporary.as_str()],
            (ExposedKeyStatus::NotFound, own, decoded)
        );
        assert_eq!(
            states[unread.as_str()],
            (
                ExposedKeyStatus::Unknown,
                Some("222222222222".to_string()),
                decoded
            )
        );
        assert_eq!(states[skipped.as_str()].0, ExposedKeyStatus::Unknown);
        assert_eq!(
            states[foreign],
            (
                ExposedKeyStatus::OtherAccount,
                Some("609629065308".to_string()),
                decoded
            )
        );
        assert_eq!(states[old_foreign], (ExposedKeyStatus::Unknown, None, None));
    }

    #[test]
    fn an_incomplete_listing_never_says_other_account() {
        let mut organization = run(Vec::new(), leaked(&["ASIAY34FZKBOKMUTVV7A"]));
        organization.errors.push(CollectionError {
            account_id: "111111111111".to_string(),
            api: "organizations:ListAccounts".to_string(),
            resource: None,
            kind: ErrorKind::Throttling,
            code: None,
            message: "throttled".to_string(),
        });
        assert_eq!(
            exposed_key_states(&organization)[0].status,
            ExposedKeyStatus::Unknown
        );
        organization.scope = None;
        assert!(exposed_key_states(&organization).is_empty());
    }
}
