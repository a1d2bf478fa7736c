//! What changed in the credentials and accounts between two runs. A change is only claimed where
//! both runs read the thing: a user list, a key list or an MFA list that one run could not read
//! says nothing about what was created or deleted.

use std::collections::{BTreeMap, BTreeSet};

use iam_audit_model::{AuditStatus, PrivilegeClass, credential_id};
use serde::Serialize;

use crate::view::{Password, RunView, UserState};

/// The kinds of change, as the diff's JSON and CSV spell them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// The organization lists an account it did not.
    AccountAdded,
    /// The organization no longer lists an account (only said when the newer list is complete).
    AccountRemoved,
    /// An account read before could not be read at all.
    AccountUnreadable,
    /// An IAM user appeared.
    UserCreated,
    /// An IAM user is gone.
    UserDeleted,
    /// An access key appeared.
    KeyCreated,
    /// An access key is gone.
    KeyDeleted,
    /// A user's key was replaced by a new one (one deleted and one created between the runs).
    KeyRotated,
    /// An active key is now inactive (or expired).
    KeyDeactivated,
    /// An inactive key is active again.
    KeyReactivated,
    /// A console password was set.
    PasswordAdded,
    /// A console password was removed.
    PasswordRemoved,
    /// An MFA device was enabled.
    MfaAdded,
    /// An MFA device was removed.
    MfaRemoved,
    /// A user's identity-based privilege class rose (`detail`: `write -> admin`): someone gave
    /// the user more power, or a policy it has grew.
    PrivilegeRaised,
    /// A user's privilege class fell (`detail`: `admin -> read_only`).
    PrivilegeLowered,
    /// An SSH public key, signing certificate or service-specific credential appeared (`detail`:
    /// `ssh_public_key`, `signing_certificate`, `service_specific_credential <service>`).
    CredentialAdded,
    /// One of those is gone.
    CredentialRemoved,
}

impl ChangeKind {
    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::AccountAdded => "account_added",
            ChangeKind::AccountRemoved => "account_removed",
            ChangeKind::AccountUnreadable => "account_unreadable",
            ChangeKind::UserCreated => "user_created",
            ChangeKind::UserDeleted => "user_deleted",
            ChangeKind::KeyCreated => "key_created",
            ChangeKind::KeyDeleted => "key_deleted",
            ChangeKind::KeyRotated => "key_rotated",
            ChangeKind::KeyDeactivated => "key_deactivated",
            ChangeKind::KeyReactivated => "key_reactivated",
            ChangeKind::PasswordAdded => "password_added",
            ChangeKind::PasswordRemoved => "password_removed",
            ChangeKind::MfaAdded => "mfa_added",
            ChangeKind::MfaRemoved => "mfa_removed",
            ChangeKind::PrivilegeRaised => "privilege_raised",
            ChangeKind::PrivilegeLowered => "privilege_lowered",
            ChangeKind::CredentialAdded => "credential_added",
            ChangeKind::CredentialRemoved => "credential_removed",
        }
    }
}

/// One change.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Change {
    /// The account.
    pub account_id: String,
    /// The account's name (from the newer run, else the older).
    pub account_name: String,
    /// What changed.
    pub kind: ChangeKind,
    /// The user, for user, key, password and MFA changes.
    pub user_name: Option<String>,
    /// The credential's identity (`<account>/<user>/<id>`): the key (the new key of a
    /// rotation) or the MFA device.
    pub credential: Option<String>,
    /// More: the replaced key of a rotation, the new status, the MFA device's kind.
    pub detail: Option<String>,
    /// The key a rotation replaced (for reports that say "replaces" in the run's language).
    #[serde(skip)]
    pub replaced: Option<String>,
}

impl Change {
    fn account(kind: ChangeKind, account_id: &str) -> Change {
        Change {
            account_id: account_id.to_string(),
            account_name: String::new(),
            kind,
            user_name: None,
            credential: None,
            detail: None,
            replaced: None,
        }
    }

    fn user(kind: ChangeKind, (account_id, user_name): &(String, String)) -> Change {
        Change {
            user_name: Some(user_name.clone()),
            ..Change::account(kind, account_id)
        }
    }

    fn credential(kind: ChangeKind, identity: &(String, String), id: &str) -> Change {
        Change {
            credential: Some(credential_id(&identity.0, &identity.1, id)),
            ..Change::user(kind, identity)
        }
    }
}

/// Every change between two runs, sorted by account, kind, user and credential.
pub(crate) fn changes(old: &RunView, new: &RunView) -> Vec<Change> {
    let mut found = account_changes(old, new);
    for (identity, before) in &old.users {
        if !users_read(old, new, &identity.0) {
            continue;
        }
        match new.users.get(identity) {
            // The same name, another user: deleted, and another created (below).
            Some(after) if !before.same_user(after) => {
                found.push(Change::user(ChangeKind::UserDeleted, identity));
                found.extend(key_changes(identity, before, &empty_user()));
                found.extend(other_credential_changes(identity, before, &empty_user()));
            }
            None => {
                found.push(Change::user(ChangeKind::UserDeleted, identity));
                found.extend(key_changes(identity, before, &empty_user()));
                found.extend(other_credential_changes(identity, before, &empty_user()));
            }
            Some(after) => {
                found.extend(key_changes(identity, before, after));
                found.extend(password_changes(identity, before, after));
                found.extend(mfa_changes(identity, before, after));
                found.extend(privilege_changes(identity, before, after));
                found.extend(other_credential_changes(identity, before, after));
            }
        }
    }
    for (identity, after) in &new.users {
        let created = old
            .users
            .get(identity)
            .is_none_or(|before| !before.same_user(after));
        if created && users_read(old, new, &identity.0) {
            found.push(Change::user(ChangeKind::UserCreated, identity));
            found.extend(key_changes(identity, &empty_user(), after));
            found.extend(other_credential_changes(identity, &empty_user(), after));
        }
    }
    for change in &mut found {
        change.account_name = [new, old]
            .iter()
            .find_map(|view| view.accounts.get(&change.account_id))
            .map(|account| account.name.clone())
            .unwrap_or_default();
    }
    found.sort();
    found
}

/// A user with nothing, to compare a created or deleted user's keys against.
fn empty_user() -> UserState {
    UserState {
        user_id: None,
        created: None,
        password: Password::Unknown,
        mfa: None,
        keys: Some(Default::default()),
        privilege: None,
        other_credentials: [
            Some(Default::default()),
            Some(Default::default()),
            Some(Default::default()),
        ],
    }
}

/// Whether both runs read the account's whole user list (every page of it).
fn users_read(old: &RunView, new: &RunView, account_id: &str) -> bool {
    let read = |view: &RunView| {
        view.accounts
            .get(account_id)
            .is_some_and(|account| account.users_complete)
    };
    read(old) && read(new)
}

/// Accounts added (both runs listed the organization completely: an account missing from a cut
/// list was not added since), removed (the newer list is complete), or unreadable now.
fn account_changes(old: &RunView, new: &RunView) -> Vec<Change> {
    let mut found: Vec<Change> = Vec::new();
    if old.listing_complete && new.listing_complete {
        found.extend(
            new.listed
                .difference(&old.listed)
                .map(|id| Change::account(ChangeKind::AccountAdded, id)),
        );
    }
    if new.listing_complete {
        found.extend(
            old.listed
                .difference(&new.listed)
                .map(|id| Change::account(ChangeKind::AccountRemoved, id)),
        );
    }
    for (id, before) in &old.accounts {
        let failed_now = new
            .accounts
            .get(id)
            .is_some_and(|after| after.status == AuditStatus::Failed);
        if before.status != AuditStatus::Failed && failed_now {
            found.push(Change::account(ChangeKind::AccountUnreadable, id));
        }
    }
    found
}

fn key_changes(identity: &(String, String), before: &UserState, after: &UserState) -> Vec<Change> {
    let (Some(before), Some(after)) = (&before.keys, &after.keys) else {
        return Vec::new();
    };
    let deleted: Vec<&String> = before
        .keys()
        .filter(|id| !after.contains_key(*id))
        .collect();
    let created: Vec<&String> = after
        .keys()
        .filter(|id| !before.contains_key(*id))
        .collect();
    let mut found = Vec::new();
    // A deleted key and a created one of the same user between two runs: a rotation.
    let rotations = deleted.len().min(created.len());
    for (old_key, new_key) in deleted.iter().zip(&created).take(rotations) {
        found.push(Change {
            detail: Some(format!("replaces {old_key}")),
            replaced: Some((*old_key).clone()),
            ..Change::credential(ChangeKind::KeyRotated, identity, new_key)
        });
    }
    found.extend(
        deleted[rotations..]
            .iter()
            .map(|id| Change::credential(ChangeKind::KeyDeleted, identity, id)),
    );
    found.extend(
        created[rotations..]
            .iter()
            .map(|id| Change::credential(ChangeKind::KeyCreated, identity, id)),
    );
    for (id, status) in after {
        let Some(was) = before.get(id) else {
            continue;
        };
        let kind = match (was.as_str(), status.as_str()) {
            ("Active", "Inactive" | "Expired") => ChangeKind::KeyDeactivated,
            ("Inactive", "Active") => ChangeKind::KeyReactivated,
            _ => continue,
        };
        found.push(Change {
            detail: Some(status.clone()),
            ..Change::credential(kind, identity, id)
        });
    }
    found
}

fn password_changes(
    identity: &(String, String),
    before: &UserState,
    after: &UserState,
) -> Option<Change> {
    match (before.password, after.password) {
        (Password::NotConfigured, Password::Configured) => {
            Some(Change::user(ChangeKind::PasswordAdded, identity))
        }
        (Password::Configured, Password::NotConfigured) => {
            Some(Change::user(ChangeKind::PasswordRemoved, identity))
        }
        _ => None,
    }
}

/// SSH public keys, signing certificates and service-specific credentials added or removed, for
/// each kind both runs read.
fn other_credential_changes(
    identity: &(String, String),
    before: &UserState,
    after: &UserState,
) -> Vec<Change> {
    let mut found = Vec::new();
    for (before, after) in before
        .other_credentials
        .iter()
        .zip(&after.other_credentials)
    {
        let (Some(before), Some(after)) = (before, after) else {
            continue;
        };
        let changed = |kind, from: &BTreeMap<String, String>, to: &BTreeMap<String, String>| {
            from.iter()
                .filter(|(id, _)| !to.contains_key(*id))
                .map(|(id, description)| Change {
                    detail: Some(description.clone()),
                    ..Change::credential(kind, identity, id)
                })
                .collect::<Vec<_>>()
        };
        found.extend(changed(ChangeKind::CredentialAdded, after, before));
        found.extend(changed(ChangeKind::CredentialRemoved, before, after));
    }
    found
}

/// A change of class, claimed only where both runs judged the user's policies.
fn privilege_changes(
    identity: &(String, String),
    before: &UserState,
    after: &UserState,
) -> Option<Change> {
    let (Some(was), Some(is)) = (before.privilege, after.privilege) else {
        return None;
    };
    let kind = match rank(is).cmp(&rank(was)) {
        std::cmp::Ordering::Greater => ChangeKind::PrivilegeRaised,
        std::cmp::Ordering::Less => ChangeKind::PrivilegeLowered,
        std::cmp::Ordering::Equal => return None,
    };
    Some(Change {
        detail: Some(format!("{} -> {}", was.as_str(), is.as_str())),
        ..Change::user(kind, identity)
    })
}

/// A judged class's place, lowest first (`unknown` is never compared).
fn rank(class: PrivilegeClass) -> u8 {
    match class {
        PrivilegeClass::None | PrivilegeClass::Unknown => 0,
        PrivilegeClass::ReadOnly => 1,
        PrivilegeClass::Write => 2,
        PrivilegeClass::PrivilegeEscalation => 3,
        PrivilegeClass::Admin => 4,
    }
}

fn mfa_changes(identity: &(String, String), before: &UserState, after: &UserState) -> Vec<Change> {
    let (Some(before), Some(after)) = (&before.mfa, &after.mfa) else {
        return Vec::new();
    };
    let serials = |devices: &std::collections::BTreeMap<String, String>| -> BTreeSet<String> {
        devices.keys().cloned().collect()
    };
    let (was, is) = (serials(before), serials(after));
    let added = is.difference(&was).map(|serial| Change {
        detail: after.get(serial).cloned(),
        ..Change::credential(ChangeKind::MfaAdded, identity, serial)
    });
    let removed = was.difference(&is).map(|serial| Change {
        detail: before.get(serial).cloned(),
        ..Change::credential(ChangeKind::MfaRemoved, identity, serial)
    });
    added.chain(removed).collect()
}
