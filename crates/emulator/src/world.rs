//! The scenario resolved against a fixed "now": concrete dates, ARNs, serials and key ids, indexed
//! for the request handlers. Built once when the emulator starts and never mutated.

mod credentials;
mod events;
mod permissions;
mod resources;
mod root;
mod tree;

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

pub use credentials::{
    EXPIRED_CERTIFICATE_PEM, ServiceSpecificCredential, SigningCertificate, SshPublicKey,
    VALID_CERTIFICATE_PEM,
};
pub use events::Event;
pub use permissions::{
    AttachedPolicy, Group, InlinePolicy, ManagedPolicy, PolicyVersion, Role, UserGrants,
    management_trust, role_id,
};
pub use resources::{Analyzer, ServerCertificate};
pub use root::Root;
pub use tree::{OrganizationalUnit, Tree};

use crate::scenario::{
    AccessKeySpec, AccountSpec, PasswordPolicySpec, Scenario, UsageSpec, UserSpec,
};

/// A resolved organization.
#[derive(Debug)]
pub struct World {
    /// The scenario it came from: its organization, settings and faults. Its `accounts` are
    /// resolved into [`World::accounts`] and not kept, so a large organization is held once.
    pub scenario: Scenario,
    /// The moment relative dates were resolved against.
    pub now: DateTime<Utc>,
    /// Accounts by id, in id order.
    pub accounts: BTreeMap<String, Account>,
    /// The caller that unknown credentials act as.
    pub caller_arn: String,
    /// The organization's root and organizational units.
    pub tree: Tree,
}

/// A resolved account.
#[derive(Debug)]
pub struct Account {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// State.
    pub state: String,
    /// Send only `Status`, not `State`.
    pub legacy_status_only: bool,
    /// Root email.
    pub email: String,
    /// Roles sorted by name: those described in full and those only named (as Control Tower
    /// creates them).
    pub roles: Vec<Role>,
    /// Groups sorted by name.
    pub groups: Vec<Group>,
    /// Customer managed policies, and the AWS managed policies something in the account uses,
    /// sorted by name.
    pub policies: Vec<ManagedPolicy>,
    /// Users sorted by name.
    pub users: Vec<User>,
    /// Root user.
    pub root: Root,
    /// Events, newest first.
    pub events: Vec<Event>,
    /// The password policy, if one is set.
    pub password_policy: Option<PasswordPolicySpec>,
    /// IAM server certificates, by name.
    pub server_certificates: Vec<ServerCertificate>,
    /// IAM Access Analyzer analyzers, by region and name.
    pub analyzers: Vec<Analyzer>,
    /// The id of the root or OU the account is in.
    pub parent_id: String,
    /// Tags, by key.
    pub tags: Vec<(String, String)>,
}

/// A resolved user.
#[derive(Debug)]
pub struct User {
    /// Name.
    pub name: String,
    /// Path.
    pub path: String,
    /// ARN.
    pub arn: String,
    /// `AIDA...`.
    pub user_id: String,
    /// Created.
    pub created: DateTime<Utc>,
    /// Password created and last used.
    pub password: Option<(DateTime<Utc>, Option<DateTime<Utc>>)>,
    /// MFA devices.
    pub mfa: Vec<Mfa>,
    /// Keys.
    pub keys: Vec<Key>,
    /// SSH public keys.
    pub ssh_public_keys: Vec<SshPublicKey>,
    /// Signing certificates.
    pub signing_certificates: Vec<SigningCertificate>,
    /// Service-specific credentials.
    pub service_specific_credentials: Vec<ServiceSpecificCredential>,
    /// Groups, attached and inline policies, permissions boundary.
    pub grants: UserGrants,
    /// When the user used which services and actions.
    pub usage: Vec<Usage>,
    /// Service last accessed jobs about the user fail.
    pub last_accessed_fails: bool,
    /// Tags, by key.
    pub tags: Vec<(String, String)>,
}

/// A resolved use of a service.
#[derive(Debug)]
pub struct Usage {
    /// Service namespace.
    pub service: String,
    /// When.
    pub time: DateTime<Utc>,
    /// Region.
    pub region: String,
    /// Actions used then (without the prefix).
    pub actions: Vec<String>,
}

/// A resolved MFA device.
#[derive(Debug)]
pub struct Mfa {
    /// Serial or ARN.
    pub serial: String,
    /// Kind as in the scenario.
    pub kind: String,
    /// Enabled.
    pub enabled: DateTime<Utc>,
}

/// A resolved access key.
#[derive(Debug)]
pub struct Key {
    /// Id.
    pub id: String,
    /// `Active` / `Inactive`.
    pub status: String,
    /// Created.
    pub created: DateTime<Utc>,
    /// Last use: date, service, region.
    pub last_used: Option<(DateTime<Utc>, String, String)>,
}

/// A deterministic 16-character upper-case alphanumeric tail for generated ids.
pub fn id_tail(seed: &str) -> String {
    // FNV-1a, twice with different offsets: stable across runs and platforms.
    let hash = |offset: u64| {
        seed.bytes().fold(offset, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
        })
    };
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut bits = u128::from(hash(0xcbf2_9ce4_8422_2325)) << 64 | u128::from(hash(0x8422_2325));
    (0..16)
        .map(|_| {
            let character = alphabet[(bits & 31) as usize] as char;
            bits >>= 5;
            character
        })
        .collect()
}

impl World {
    /// Resolves a scenario.
    pub fn new(mut scenario: Scenario, now: DateTime<Utc>) -> World {
        let caller_arn = scenario.organization.caller_arn.clone().unwrap_or_else(|| {
            format!(
                "arn:aws:iam::{}:user/emulator-caller",
                scenario.organization.management_account
            )
        });
        let tree = tree::resolve(&scenario.organization);
        // Each account's description is dropped as soon as it is resolved, so that a large
        // organization is never held twice.
        let specs = std::mem::take(&mut scenario.accounts);
        let management_account = &scenario.organization.management_account;
        let accounts = specs
            .into_iter()
            .map(|spec| {
                let mut account = resolve_account(&spec, management_account, now);
                account.parent_id = tree.parent_of_account(spec.organizational_unit.as_deref());
                (spec.id, account)
            })
            .collect();
        World {
            scenario,
            now,
            accounts,
            caller_arn,
            tree,
        }
    }

    /// The management account's id.
    pub fn management_account(&self) -> &str {
        &self.scenario.organization.management_account
    }
}

/// Resolves one account: its users (sorted by name), then the roles, groups and policies they
/// and the account use, its root user, events and resources.
fn resolve_account(spec: &AccountSpec, management_account: &str, now: DateTime<Utc>) -> Account {
    let mut users: Vec<User> = spec
        .users
        .iter()
        .map(|user| resolve_user(user, &spec.id, now))
        .collect();
    users.sort_by(|left, right| left.name.cmp(&right.name));
    let root_arn = format!("arn:aws:iam::{}:root", spec.id);
    let grants: Vec<&UserGrants> = users.iter().map(|user| &user.grants).collect();
    let permissions = permissions::resolve(spec, management_account, &grants, now);
    let root_keys = resolve_keys(&spec.root.access_keys, &root_arn, now);
    let events = events::resolve(spec, &users, &root_keys, now);
    Account {
        id: spec.id.clone(),
        name: spec.name.clone(),
        state: spec.state.clone(),
        legacy_status_only: spec.legacy_status_only,
        email: spec.email.clone().unwrap_or_else(|| {
            format!("{}@example.com", spec.name.to_lowercase().replace(' ', "-"))
        }),
        roles: permissions.roles,
        groups: permissions.groups,
        policies: permissions.policies,
        users,
        root: root::resolve(&spec.root, &spec.id, root_keys, now),
        events,
        password_policy: spec.password_policy.clone(),
        server_certificates: resources::server_certificates(
            &spec.server_certificates,
            &spec.id,
            now,
        ),
        analyzers: resources::analyzers(&spec.analyzers, &spec.id, now),
        parent_id: String::new(),
        tags: resolve_tags(&spec.tags),
    }
}

/// Resolves a user of the account `account_id`; its ARN is the seed of every id not given.
fn resolve_user(user: &UserSpec, account_id: &str, now: DateTime<Utc>) -> User {
    let created = user.created.resolve(now);
    let arn = format!("arn:aws:iam::{account_id}:user{}{}", user.path, user.name);
    User {
        ssh_public_keys: credentials::ssh_public_keys(&user.ssh_public_keys, &arn, now),
        signing_certificates: credentials::signing_certificates(
            &user.signing_certificates,
            &arn,
            now,
        ),
        service_specific_credentials: credentials::service_specific_credentials(
            &user.service_specific_credentials,
            &user.name,
            account_id,
            &arn,
            now,
        ),
        name: user.name.clone(),
        path: user.path.clone(),
        user_id: user
            .user_id
            .clone()
            .unwrap_or_else(|| format!("AIDA{}", id_tail(&arn))),
        password: user.password.as_ref().map(|password| {
            (
                password.created.resolve(now),
                password.last_used.map(|when| when.resolve(now)),
            )
        }),
        mfa: resolve_mfa_devices(user, account_id, &arn, created, now),
        keys: resolve_keys(&user.access_keys, &arn, now),
        arn,
        created,
        grants: permissions::user_grants(user, account_id),
        usage: resolve_usage(&user.usage, now),
        last_accessed_fails: user.last_accessed_fails,
        tags: resolve_tags(&user.tags),
    }
}

/// Resolves a user's MFA devices; a device without a serial gets one of its kind's shape (a
/// virtual device's ARN, a security key's, or a hardware token's serial), enabled when the user
/// was created unless the scenario says otherwise.
fn resolve_mfa_devices(
    user: &UserSpec,
    account_id: &str,
    arn: &str,
    created: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Vec<Mfa> {
    user.mfa
        .iter()
        .enumerate()
        .map(|(index, device)| {
            let suffix = if index == 0 {
                String::new()
            } else {
                format!("-{index}")
            };
            let serial = device
                .serial
                .clone()
                .unwrap_or_else(|| match device.kind.as_str() {
                    "virtual" => format!("arn:aws:iam::{account_id}:mfa/{}{suffix}", user.name),
                    "security_key" => format!(
                        "arn:aws:iam::{account_id}:u2f/user/{}/fidosecuritykey-{}",
                        user.name,
                        &id_tail(&format!("{arn}{index}"))[..8]
                    ),
                    _ => format!("GAHT{}", &id_tail(&format!("{arn}{index}"))[..8]),
                });
            Mfa {
                serial,
                kind: device.kind.clone(),
                enabled: device.enabled.map_or(created, |when| when.resolve(now)),
            }
        })
        .collect()
}

/// Resolves a user's uses of services, each so many days before `now`.
fn resolve_usage(usage: &[UsageSpec], now: DateTime<Utc>) -> Vec<Usage> {
    usage
        .iter()
        .map(|used| Usage {
            service: used.service.clone(),
            time: now - chrono::Duration::days(i64::from(used.days_ago)),
            region: used.region.clone(),
            actions: used.actions.clone(),
        })
        .collect()
}

/// Tags as key and value pairs, by key.
fn resolve_tags(tags: &BTreeMap<String, String>) -> Vec<(String, String)> {
    tags.iter()
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect()
}

/// Resolves access keys; ids not given are generated from the holder's ARN.
fn resolve_keys(specs: &[AccessKeySpec], arn: &str, now: DateTime<Utc>) -> Vec<Key> {
    specs
        .iter()
        .enumerate()
        .map(|(index, key)| Key {
            id: key
                .id
                .clone()
                .unwrap_or_else(|| format!("AKIA{}", id_tail(&format!("{arn}#{index}")))),
            status: key.status.clone(),
            created: key.created.resolve(now),
            last_used: key.last_used.as_ref().map(|used| {
                (
                    used.date.resolve(now),
                    used.service.clone(),
                    used.region.clone(),
                )
            }),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A large organization is held once: the scenario's account descriptions are consumed.
    #[test]
    fn the_world_keeps_resolved_accounts_only() {
        let scenario = crate::generate(&crate::GeneratorOptions {
            accounts: 50,
            users_per_account: 5,
            keys_per_account: 8,
            ..crate::GeneratorOptions::default()
        });
        let world = World::new(scenario, Utc::now());
        assert_eq!(world.accounts.len(), 51);
        assert!(world.scenario.accounts.is_empty());
        let keys: usize = world
            .accounts
            .values()
            .flat_map(|account| &account.users)
            .map(|user| user.keys.len())
            .sum();
        assert_eq!(keys, 50 * 8);
    }

    #[test]
    fn generated_ids_are_stable_and_well_formed() {
        let first = id_tail("arn:aws:iam::1:user/a#0");
        assert_eq!(first, id_tail("arn:aws:iam::1:user/a#0"));
        assert_ne!(first, id_tail("arn:aws:iam::1:user/a#1"));
        assert_eq!(first.len(), 16);
        assert!(
            first
                .bytes()
                .all(|byte| byte.is_ascii_uppercase() || byte.is_ascii_digit())
        );
    }
}
