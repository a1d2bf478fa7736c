//! The built-in demo organization: the seed document's three member accounts (Production,
//! Development, Security) holding the seed's 47 access keys plus one of a console user created
//! since (48), and a management account without keys, with enough variety that every check fires
//! at least once. Users' permissions carry their intended privilege class in the TOML's `class:`
//! comments, and Security's audit role has drifted. Dates are relative to "now".

use crate::scenario::Scenario;

/// The demo's root users, server certificates, roles and analyzers (issue 23).
#[cfg(test)]
mod root_and_resources;

/// The demo scenario's TOML, also the schema's worked example.
pub const DEMO_TOML: &str = include_str!("../scenarios/demo.toml");

/// What the demo's users used (issue 24).
#[cfg(test)]
mod usage;

/// The built-in demo organization.
pub fn demo_scenario() -> Scenario {
    // The file is part of the build and checked by a test; a failure here is a build defect.
    match Scenario::from_toml_str(DEMO_TOML) {
        Ok(scenario) => scenario,
        Err(error) => panic!("the built-in demo scenario is invalid: {error}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_has_the_seeds_accounts_and_48_keys() {
        let scenario = demo_scenario();
        let members: Vec<(&str, &str)> = scenario
            .accounts
            .iter()
            .filter(|account| account.id != scenario.organization.management_account)
            .filter(|account| account.state == "ACTIVE")
            .map(|account| (account.id.as_str(), account.name.as_str()))
            .collect();
        assert_eq!(
            members,
            vec![
                ("123456789012", "Production"),
                ("234567890123", "Development"),
                ("345678901234", "Security")
            ]
        );
        let keys: usize = scenario
            .accounts
            .iter()
            .flat_map(|account| &account.users)
            .map(|user| user.access_keys.len())
            .sum();
        assert_eq!(keys, 48);
        let management = scenario
            .accounts
            .iter()
            .find(|account| account.id == scenario.organization.management_account);
        assert!(
            management.is_some_and(|account| account
                .users
                .iter()
                .all(|user| user.access_keys.is_empty()))
        );
    }

    /// The long-term credentials beyond access keys, and the password policies, that the tests
    /// of iam-audit count on.
    #[test]
    fn the_demo_has_its_long_term_credentials_and_policies() {
        let scenario = demo_scenario();
        let users = || scenario.accounts.iter().flat_map(|account| &account.users);
        assert_eq!(users().count(), 38);
        assert_eq!(
            users()
                .map(|user| user.ssh_public_keys.len())
                .sum::<usize>(),
            3
        );
        assert_eq!(
            users()
                .map(|user| user.signing_certificates.len())
                .sum::<usize>(),
            3
        );
        assert_eq!(
            users()
                .map(|user| user.service_specific_credentials.len())
                .sum::<usize>(),
            6
        );
        let policies: Vec<(&str, Option<u32>)> = scenario
            .accounts
            .iter()
            .map(|account| {
                (
                    account.id.as_str(),
                    account
                        .password_policy
                        .as_ref()
                        .map(|policy| policy.minimum_password_length),
                )
            })
            .collect();
        assert_eq!(
            policies,
            [
                ("111111111111", Some(14)),
                ("123456789012", Some(14)),
                ("234567890123", None),
                ("345678901234", Some(8)),
                ("456789012345", None),
            ]
        );
        let security = scenario
            .accounts
            .iter()
            .find(|account| account.id == "345678901234");
        assert!(security.is_some_and(|account| account.root.signing_certificates.len() == 1));
        assert!(!scenario.organization.root_credentials_management);
    }
}

/// What the demo grants, that iam-audit's privilege tests count on: the admin with a stale key,
/// the escalation paths, the `"*"` policy, the capped admin, and the one drifted audit role.
#[cfg(test)]
mod permissions {
    use super::*;
    use crate::scenario::{AccountSpec, UserSpec};

    fn account<'a>(scenario: &'a Scenario, id: &str) -> &'a AccountSpec {
        let found = scenario.accounts.iter().find(|account| account.id == id);
        found.unwrap_or_else(|| panic!("the demo has account {id}"))
    }

    fn user<'a>(scenario: &'a Scenario, account_id: &str, name: &str) -> &'a UserSpec {
        let found = account(scenario, account_id)
            .users
            .iter()
            .find(|user| user.name == name);
        found.unwrap_or_else(|| panic!("the demo has user {name}"))
    }

    #[test]
    fn the_demo_grants_what_its_comments_say() {
        let scenario = demo_scenario();
        let stale = user(&scenario, "123456789012", "legacy-reporting");
        assert_eq!(stale.groups, ["Admins"]);
        assert_eq!(stale.attached.len(), 1);
        assert!(stale.access_keys.iter().all(|key| key.last_used.is_none()));
        let production = account(&scenario, "123456789012");
        assert!(production.groups.iter().any(|group| group.name == "Admins"
            && group.attached == ["arn:aws:iam::aws:policy/AdministratorAccess"]));
        let escalation = user(&scenario, "123456789012", "ci-deploy");
        assert!(
            escalation.inline[0]
                .document
                .contains("iam:CreatePolicyVersion")
        );
        let passer = user(&scenario, "234567890123", "lambda-deployer");
        assert!(passer.inline[0].document.contains("iam:PassRole"));
        let capped = user(&scenario, "234567890123", "grace.dev");
        assert_eq!(
            capped.permissions_boundary.as_deref(),
            Some("arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess")
        );
        let legacy = &account(&scenario, "234567890123").policies[0];
        assert!(
            legacy.versions[1]
                .document
                .contains(r#""Action":"*","Resource":"*""#)
        );
        let breakglass = user(&scenario, "345678901234", "breakglass");
        assert!(breakglass.mfa.is_empty() && breakglass.password.is_some());
        // Only Security's audit role is described in full, and only it trusts a foreign account.
        let described: Vec<(&str, &str)> = scenario
            .accounts
            .iter()
            .flat_map(|account| account.iam_roles.iter().map(move |role| (account, role)))
            .filter(|(_, role)| role.name == "AWSControlTowerExecution")
            .map(|(account, role)| (account.id.as_str(), role.trust.as_deref().unwrap_or("")))
            .collect();
        assert_eq!(described.len(), 1);
        assert_eq!(described[0].0, "345678901234");
        assert!(described[0].1.contains("arn:aws:iam::999999999999:root"));
    }
}

/// The demo's organizational units and tags (issue 25).
#[cfg(test)]
mod tree;

#[cfg(test)]
mod examples {
    use crate::Scenario;

    /// The shipped faulty organization loads.
    #[test]
    fn the_faulty_example_loads() {
        let scenario =
            Scenario::from_toml_str(include_str!("../../../examples/faulty-organization.toml"));
        assert!(
            scenario
                .is_ok_and(|scenario| scenario.faults.len() == 2 && scenario.accounts.len() == 4)
        );
    }
}

/// What the demo's access keys did (issue 22).
#[cfg(test)]
mod activity;
