//! Builds large scenarios (N accounts × U users) from a fixed seed, for benchmarks.
//!
//! Long-term credentials beyond access keys (password policies, SSH keys, signing certificates,
//! service-specific credentials) are drawn from a second random stream, and permissions (groups,
//! policies, grants; see [`permissions`]) from a third, so adding them left every user, key and
//! event of an existing seed as it was.

mod permissions;

use chrono::Duration;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::scenario::{
    AccessKeySpec, AccountSpec, EventSpec, LastUsedSpec, MfaSpec, Organization, PageSizes,
    PasswordPolicySpec, PasswordSpec, RateLimits, RootSpec, Scenario,
    ServiceSpecificCredentialSpec, Settings, SigningCertificateSpec, SshPublicKeySpec, UserSpec,
    When,
};
use crate::world::{EXPIRED_CERTIFICATE_PEM, VALID_CERTIFICATE_PEM};

/// The shape of a generated organization.
#[derive(Debug, Clone)]
pub struct GeneratorOptions {
    /// Scenario name.
    pub name: String,
    /// Member accounts (the management account comes on top).
    pub accounts: usize,
    /// Users per member account.
    pub users_per_account: usize,
    /// Access keys per member account (spread over the users, at most two each).
    pub keys_per_account: usize,
    /// CloudTrail lifecycle events per member account.
    pub events_per_account: usize,
    /// The audit role present in each member.
    pub role: String,
    /// Response latency and jitter, in milliseconds.
    pub latency_ms: u64,
    /// Jitter in milliseconds.
    pub jitter_ms: u64,
    /// Rate limits.
    pub rate_limits: RateLimits,
    /// Page sizes.
    pub page_size: PageSizes,
    /// Random seed.
    pub seed: u64,
    /// Share of member accounts with a password policy, 0–1 (default 1); a third of the
    /// policies are weak (8 characters, no reuse prevention), the rest follow CIS.
    pub password_policy_share: f64,
    /// Share of users with one SSH public key, 0–1 (default 0.25).
    pub ssh_public_key_share: f64,
    /// Share of users with one signing certificate, 0–1 (default 0.10); about a third of them
    /// carry a certificate that expired in 2025.
    pub signing_certificate_share: f64,
    /// Share of users with one service-specific credential, 0–1 (default 0.10).
    pub service_specific_credential_share: f64,
    /// Share of those credentials that are Bedrock API keys, 0–1 (default 0.4); the others are
    /// CodeCommit Git credentials or Keyspaces passwords.
    pub bedrock_share: f64,
    /// Users per member account in the `Admins` group (AWS's `AdministratorAccess`), default 1.
    pub admins_per_account: usize,
    /// Share of the other users in the `ReadOnly` group (`ReadOnlyAccess`), 0–1 (default 0.8).
    pub read_only_share: f64,
    /// Share of users with the customer managed `S3DataWriter` policy (read and write one
    /// bucket's objects) attached directly, 0–1 (default 1/3).
    pub s3_writer_share: f64,
    /// Share of users with a small inline policy (`queue-worker`: receive and delete one SQS
    /// queue's messages), 0–1 (default 0.1).
    pub inline_policy_share: f64,
}

impl Default for GeneratorOptions {
    fn default() -> Self {
        GeneratorOptions {
            name: "generated".to_string(),
            accounts: 10,
            users_per_account: 20,
            keys_per_account: 30,
            events_per_account: 3,
            role: "AWSControlTowerExecution".to_string(),
            latency_ms: 0,
            jitter_ms: 0,
            rate_limits: RateLimits::default(),
            page_size: PageSizes::default(),
            seed: 42,
            password_policy_share: 1.0,
            ssh_public_key_share: 0.25,
            signing_certificate_share: 0.10,
            service_specific_credential_share: 0.10,
            bedrock_share: 0.4,
            admins_per_account: 1,
            read_only_share: 0.8,
            s3_writer_share: 1.0 / 3.0,
            inline_policy_share: 0.1,
        }
    }
}

/// True with probability `share`; shares outside 0–1 (or NaN) are clamped.
fn chance(random: &mut StdRng, share: f64) -> bool {
    share > 0.0 && (share >= 1.0 || random.random_bool(share))
}

/// A member account's password policy: CIS-strong, or weak one time in three.
fn password_policy(random: &mut StdRng) -> PasswordPolicySpec {
    if random.random_bool(1.0 / 3.0) {
        PasswordPolicySpec {
            minimum_password_length: 8,
            require_numbers: true,
            require_lowercase_characters: true,
            allow_users_to_change_password: true,
            ..PasswordPolicySpec::default()
        }
    } else {
        PasswordPolicySpec {
            minimum_password_length: 14,
            require_symbols: true,
            require_numbers: true,
            require_uppercase_characters: true,
            require_lowercase_characters: true,
            allow_users_to_change_password: true,
            max_password_age: Some(90),
            password_reuse_prevention: Some(24),
            hard_expiry: Some(false),
        }
    }
}

/// The long-term credentials beyond access keys of a user created `created` days ago.
fn long_term_credentials(
    random: &mut StdRng,
    options: &GeneratorOptions,
    created: i64,
    user: &mut UserSpec,
) {
    let status = |random: &mut StdRng, active: f64| {
        if random.random_bool(active) {
            "Active"
        } else {
            "Inactive"
        }
        .to_string()
    };
    if chance(random, options.ssh_public_key_share) {
        user.ssh_public_keys.push(SshPublicKeySpec {
            id: None,
            status: status(random, 0.85),
            uploaded: days_ago(random.random_range(0..created)),
            body: None,
            fingerprint: None,
        });
    }
    if chance(random, options.signing_certificate_share) {
        let expired = random.random_bool(1.0 / 3.0);
        user.signing_certificates.push(SigningCertificateSpec {
            id: None,
            status: status(random, 0.7),
            uploaded: days_ago(random.random_range(0..created)),
            body: Some(
                if expired {
                    EXPIRED_CERTIFICATE_PEM
                } else {
                    VALID_CERTIFICATE_PEM
                }
                .to_string(),
            ),
        });
    }
    if chance(random, options.service_specific_credential_share) {
        let age = random.random_range(0..created.min(400));
        let (service_name, expires) = if chance(random, options.bedrock_share) {
            // Half the Bedrock API keys never expire; the others last 30 or 365 days.
            let lifetime = [None, None, Some(30), Some(365)][random.random_range(0..4)];
            (
                "bedrock.amazonaws.com",
                lifetime.map(|days: i64| days_ago(age - days)),
            )
        } else if random.random_bool(0.7) {
            ("codecommit.amazonaws.com", None)
        } else {
            ("cassandra.amazonaws.com", None)
        };
        user.service_specific_credentials
            .push(ServiceSpecificCredentialSpec {
                id: None,
                service_name: service_name.to_string(),
                status: status(random, 0.9),
                created: days_ago(age),
                expires,
                service_user_name: None,
                service_credential_alias: None,
            });
    }
}

/// The generator's three independent random streams, each seeded from the options' seed, so that
/// what one draws never shifts what another does.
struct RandomStreams {
    /// Users, their passwords, MFA devices and access keys, and lifecycle events.
    users: StdRng,
    /// Password policies and long-term credentials beyond access keys.
    long_term: StdRng,
    /// Groups, policies and grants.
    permissions: StdRng,
}

impl RandomStreams {
    /// The streams for a seed.
    fn new(seed: u64) -> Self {
        RandomStreams {
            users: StdRng::seed_from_u64(seed),
            long_term: StdRng::seed_from_u64(seed ^ 0x6c6f_6e67_7465_726d),
            permissions: StdRng::seed_from_u64(seed ^ 0x7065_726d_6973_7369),
        }
    }
}

/// The management account of every generated organization.
const MANAGEMENT_ACCOUNT: &str = "100000000000";

/// The CloudTrail lifecycle events generated members cycle through.
const EVENT_NAMES: [&str; 5] = [
    "CreateUser",
    "DeleteUser",
    "CreateAccessKey",
    "DeleteAccessKey",
    "DeleteLoginProfile",
];

/// A date `days` days before the scenario's "now".
fn days_ago(days: i64) -> When {
    When::Relative(Duration::days(-days))
}

/// Generates a scenario.
pub fn generate(options: &GeneratorOptions) -> Scenario {
    let mut random = RandomStreams::new(options.seed);
    let mut accounts = vec![management_account()];
    for index in 0..options.accounts {
        accounts.push(member_account(&mut random, options, index));
    }
    Scenario {
        name: options.name.clone(),
        organization: organization(),
        settings: settings(options),
        accounts,
        faults: Vec::new(),
    }
}

/// The management account: no users, roles or events.
fn management_account() -> AccountSpec {
    AccountSpec {
        id: MANAGEMENT_ACCOUNT.to_string(),
        name: "Management".to_string(),
        state: "ACTIVE".to_string(),
        legacy_status_only: false,
        email: None,
        roles: Vec::new(),
        iam_roles: Vec::new(),
        groups: Vec::new(),
        policies: Vec::new(),
        root: RootSpec::default(),
        users: Vec::new(),
        events: Vec::new(),
        password_policy: None,
        server_certificates: Vec::new(),
        analyzers: Vec::new(),
        organizational_unit: None,
        tags: Default::default(),
    }
}

/// The member account at `index`: its password policy (from the long-term stream), users and
/// events (from the users stream), then permissions (from their own).
fn member_account(
    random: &mut RandomStreams,
    options: &GeneratorOptions,
    index: usize,
) -> AccountSpec {
    let id = format!("{:012}", 200_000_000_000u64 + index as u64);
    let password_policy = chance(&mut random.long_term, options.password_policy_share)
        .then(|| password_policy(&mut random.long_term));
    let mut users: Vec<UserSpec> = (0..options.users_per_account)
        .map(|user_index| generated_user(random, options, user_index))
        .collect();
    let events = lifecycle_events(&mut random.users, options.events_per_account);
    let granted = permissions::grant(&mut random.permissions, options, &id, &mut users);
    AccountSpec {
        id,
        name: format!("Member-{index:04}"),
        state: "ACTIVE".to_string(),
        legacy_status_only: false,
        email: None,
        roles: vec![options.role.clone()],
        iam_roles: Vec::new(),
        groups: granted.groups,
        policies: granted.policies,
        root: RootSpec::default(),
        users,
        events,
        password_policy,
        server_certificates: Vec::new(),
        analyzers: Vec::new(),
        organizational_unit: None,
        tags: Default::default(),
    }
}

/// The user at `user_index` of a member account: created 30–2000 days ago, with a console
/// password three times in ten (and then a virtual MFA device seven times in ten), its share of
/// the account's access keys (at most two) and its long-term credentials.
fn generated_user(
    random: &mut RandomStreams,
    options: &GeneratorOptions,
    user_index: usize,
) -> UserSpec {
    let users_count = options.users_per_account.max(1);
    let keys = options.keys_per_account / users_count
        + usize::from(user_index < options.keys_per_account % users_count);
    let created = random.users.random_range(30..2000);
    let console = random.users.random_bool(0.3);
    let mut user = UserSpec {
        user_id: None,
        name: format!("user-{user_index:04}"),
        path: "/".to_string(),
        created: days_ago(created),
        password: console.then(|| PasswordSpec {
            created: days_ago(created),
            last_used: Some(days_ago(random.users.random_range(0..created.min(200)))),
        }),
        mfa: if console && random.users.random_bool(0.7) {
            vec![MfaSpec {
                kind: "virtual".to_string(),
                enabled: None,
                serial: None,
            }]
        } else {
            Vec::new()
        },
        access_keys: (0..keys.min(2))
            .map(|_| access_key(&mut random.users, created))
            .collect(),
        ssh_public_keys: Vec::new(),
        signing_certificates: Vec::new(),
        service_specific_credentials: Vec::new(),
        groups: Vec::new(),
        attached: Vec::new(),
        inline: Vec::new(),
        permissions_boundary: None,
        activity: Vec::new(),
        usage: Vec::new(),
        last_accessed_fails: false,
        tags: Default::default(),
    };
    long_term_credentials(&mut random.long_term, options, created, &mut user);
    user
}

/// An access key of a user created `created` days ago: active 85% of the time, used (in S3)
/// 80% of the time.
fn access_key(random: &mut StdRng, created: i64) -> AccessKeySpec {
    let key_created = random.random_range(0..created);
    AccessKeySpec {
        id: None,
        status: if random.random_bool(0.85) {
            "Active"
        } else {
            "Inactive"
        }
        .to_string(),
        created: days_ago(key_created),
        last_used: random.random_bool(0.8).then(|| LastUsedSpec {
            date: days_ago(random.random_range(0..=key_created)),
            service: "s3".to_string(),
            region: "us-east-1".to_string(),
        }),
    }
}

/// `count` CloudTrail lifecycle events of the last 89 days, made by `admin`.
fn lifecycle_events(random: &mut StdRng, count: usize) -> Vec<EventSpec> {
    (0..count)
        .map(|event_index| EventSpec {
            name: EVENT_NAMES[event_index % EVENT_NAMES.len()].to_string(),
            time: days_ago(random.random_range(0..89)),
            username: "admin".to_string(),
            resources: vec![format!("user-{event_index:04}")],
            source_ip: "203.0.113.10".to_string(),
            user_agent: "aws-cli/2.15.0".to_string(),
            region: "us-east-1".to_string(),
            access_key_id: None,
        })
        .collect()
}

/// The organization: Control Tower in use, no organizational units.
fn organization() -> Organization {
    Organization {
        id: "o-generated01".to_string(),
        management_account: MANAGEMENT_ACCOUNT.to_string(),
        caller_arn: None,
        root_credentials_management: false,
        root_sessions: None,
        control_tower: true,
        in_use: true,
        organizational_units: Vec::new(),
    }
}

/// The settings: the options' latency, seed, page sizes and rate limits, everything else as AWS.
fn settings(options: &GeneratorOptions) -> Settings {
    Settings {
        latency_ms: options.latency_ms,
        jitter_ms: options.jitter_ms,
        seed: options.seed,
        max_session_duration_s: None,
        credential_report_delay_ms: 0,
        page_size: options.page_size.clone(),
        rate_limits: options.rate_limits,
        refuse_all_users: false,
        access_analyzer_rate_limit: None,
        organizations_empty_pages: false,
        last_accessed_polls: 1,
        last_accessed_delay_ms: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generation_is_deterministic_and_sized() {
        let options = GeneratorOptions {
            accounts: 3,
            ..GeneratorOptions::default()
        };
        let first = generate(&options);
        let second = generate(&options);
        assert_eq!(first.to_toml().ok(), second.to_toml().ok());
        assert_eq!(first.accounts.len(), 4);
        let keys: usize = first.accounts[1]
            .users
            .iter()
            .map(|user| user.access_keys.len())
            .sum();
        assert_eq!(keys, 30);
        assert!(first.validate().is_ok());
    }

    /// The long-term credentials and the permissions come from their own random streams: with
    /// every share at zero the users, keys and events are those of the same seed with the
    /// defaults.
    #[test]
    fn long_term_credentials_leave_the_rest_of_the_organization_as_it_was() {
        let with = generate(&GeneratorOptions::default());
        let without = generate(&GeneratorOptions {
            password_policy_share: 0.0,
            ssh_public_key_share: 0.0,
            signing_certificate_share: 0.0,
            service_specific_credential_share: 0.0,
            admins_per_account: 0,
            read_only_share: 0.0,
            s3_writer_share: 0.0,
            inline_policy_share: 0.0,
            ..GeneratorOptions::default()
        });
        let strip = |scenario: &Scenario| {
            let mut scenario = scenario.clone();
            for account in &mut scenario.accounts {
                account.password_policy = None;
                account.groups.clear();
                account.policies.clear();
                for user in &mut account.users {
                    user.ssh_public_keys.clear();
                    user.signing_certificates.clear();
                    user.service_specific_credentials.clear();
                    user.groups.clear();
                    user.attached.clear();
                    user.inline.clear();
                }
            }
            scenario.to_toml().ok()
        };
        assert_eq!(strip(&with), strip(&without));
        assert_eq!(without.to_toml().ok(), strip(&without));
    }

    /// The defaults give a realistic share of each kind over the benchmark's 20 users per account.
    #[test]
    fn the_default_shares_hold_over_a_large_organization() {
        let scenario = generate(&GeneratorOptions {
            accounts: 100,
            ..GeneratorOptions::default()
        });
        let users: Vec<&UserSpec> = scenario
            .accounts
            .iter()
            .flat_map(|account| &account.users)
            .collect();
        let share = |holds: &dyn Fn(&UserSpec) -> bool| {
            users.iter().filter(|user| holds(user)).count() as f64 / users.len() as f64
        };
        let ssh = share(&|user| !user.ssh_public_keys.is_empty());
        let certificates = share(&|user| !user.signing_certificates.is_empty());
        let services = share(&|user| !user.service_specific_credentials.is_empty());
        assert!((0.2..0.3).contains(&ssh), "{ssh}");
        assert!((0.07..0.13).contains(&certificates), "{certificates}");
        assert!((0.07..0.13).contains(&services), "{services}");
        let bedrock = users
            .iter()
            .flat_map(|user| &user.service_specific_credentials)
            .filter(|credential| credential.service_name == "bedrock.amazonaws.com")
            .count();
        assert!(bedrock > 0);
        let policies = scenario
            .accounts
            .iter()
            .filter(|account| account.password_policy.is_some())
            .count();
        assert_eq!(policies, 100);
        assert!(scenario.validate().is_ok());
        // The TOML the binary prints reads back.
        let text = scenario.to_toml().unwrap_or_default();
        let read = Scenario::from_toml_str(&text).map(|read| read.to_toml().ok());
        assert!(matches!(read, Ok(Some(again)) if again == text));
    }

    /// Every member has one admin, most users reading, a third writing one bucket, a tenth with
    /// an inline policy; the management account has none of it.
    #[test]
    fn the_default_permissions_hold_over_a_large_organization() {
        let scenario = generate(&GeneratorOptions {
            accounts: 100,
            ..GeneratorOptions::default()
        });
        assert!(scenario.accounts[0].groups.is_empty() && scenario.accounts[0].policies.is_empty());
        let members = &scenario.accounts[1..];
        for account in members {
            let admins = account
                .users
                .iter()
                .filter(|user| user.groups.iter().any(|group| group == "Admins"))
                .count();
            assert_eq!(admins, 1, "{}", account.id);
            let groups: Vec<&str> = account
                .groups
                .iter()
                .map(|group| group.name.as_str())
                .collect();
            assert_eq!(groups, ["Admins", "ReadOnly"]);
            let policies: Vec<&str> = account
                .policies
                .iter()
                .map(|policy| policy.name.as_str())
                .collect();
            assert_eq!(policies, ["S3DataWriter"]);
        }
        let users: Vec<&UserSpec> = members.iter().flat_map(|account| &account.users).collect();
        let others: Vec<&&UserSpec> = users
            .iter()
            .filter(|user| !user.groups.iter().any(|group| group == "Admins"))
            .collect();
        let readers = others
            .iter()
            .filter(|user| user.groups == ["ReadOnly"])
            .count() as f64
            / others.len() as f64;
        let share = |holds: &dyn Fn(&UserSpec) -> bool| {
            users.iter().filter(|user| holds(user)).count() as f64 / users.len() as f64
        };
        let writers = share(&|user| !user.attached.is_empty());
        let inline = share(&|user| !user.inline.is_empty());
        assert!((0.75..0.85).contains(&readers), "{readers}");
        assert!((0.28..0.38).contains(&writers), "{writers}");
        assert!((0.07..0.13).contains(&inline), "{inline}");
        assert!(scenario.validate().is_ok());
    }
}
