//! Builds large scenarios (N accounts × U users) from a fixed seed, for benchmarks.

use chrono::Duration;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::scenario::{
    AccessKeySpec, AccountSpec, EventSpec, LastUsedSpec, MfaSpec, Organization, PageSizes,
    PasswordSpec, RateLimits, RootSpec, Scenario, Settings, UserSpec, When,
};

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
        }
    }
}

/// Generates a scenario.
pub fn generate(options: &GeneratorOptions) -> Scenario {
    let mut random = StdRng::seed_from_u64(options.seed);
    let management = "100000000000".to_string();
    let mut accounts = vec![AccountSpec {
        id: management.clone(),
        name: "Management".to_string(),
        state: "ACTIVE".to_string(),
        legacy_status_only: false,
        email: None,
        roles: Vec::new(),
        root: RootSpec::default(),
        users: Vec::new(),
        events: Vec::new(),
    }];
    let days_ago = |days: i64| When::Relative(Duration::days(-days));
    let event_names = [
        "CreateUser",
        "DeleteUser",
        "CreateAccessKey",
        "DeleteAccessKey",
        "DeleteLoginProfile",
    ];
    for index in 0..options.accounts {
        let id = format!("{:012}", 200_000_000_000u64 + index as u64);
        let users_count = options.users_per_account.max(1);
        let users = (0..options.users_per_account)
            .map(|user_index| {
                let keys = options.keys_per_account / users_count
                    + usize::from(user_index < options.keys_per_account % users_count);
                let created = random.random_range(30..2000);
                let console = random.random_bool(0.3);
                UserSpec {
                    name: format!("user-{user_index:04}"),
                    path: "/".to_string(),
                    created: days_ago(created),
                    password: console.then(|| PasswordSpec {
                        created: days_ago(created),
                        last_used: Some(days_ago(random.random_range(0..created.min(200)))),
                    }),
                    mfa: if console && random.random_bool(0.7) {
                        vec![MfaSpec {
                            kind: "virtual".to_string(),
                            enabled: None,
                            serial: None,
                        }]
                    } else {
                        Vec::new()
                    },
                    access_keys: (0..keys.min(2))
                        .map(|_| {
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
                        })
                        .collect(),
                }
            })
            .collect();
        let events = (0..options.events_per_account)
            .map(|event_index| EventSpec {
                name: event_names[event_index % event_names.len()].to_string(),
                time: days_ago(random.random_range(0..89)),
                username: "admin".to_string(),
                resources: vec![format!("user-{event_index:04}")],
                source_ip: "203.0.113.10".to_string(),
                user_agent: "aws-cli/2.15.0".to_string(),
                region: "us-east-1".to_string(),
                access_key_id: None,
            })
            .collect();
        accounts.push(AccountSpec {
            id,
            name: format!("Member-{index:04}"),
            state: "ACTIVE".to_string(),
            legacy_status_only: false,
            email: None,
            roles: vec![options.role.clone()],
            root: RootSpec::default(),
            users,
            events,
        });
    }
    Scenario {
        name: options.name.clone(),
        organization: Organization {
            id: "o-generated01".to_string(),
            management_account: management,
            caller_arn: None,
            root_credentials_management: false,
            control_tower: true,
            in_use: true,
        },
        settings: Settings {
            latency_ms: options.latency_ms,
            jitter_ms: options.jitter_ms,
            seed: options.seed,
            max_session_duration_s: None,
            credential_report_delay_ms: 0,
            page_size: options.page_size.clone(),
            rate_limits: options.rate_limits,
        },
        accounts,
        faults: Vec::new(),
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
}
