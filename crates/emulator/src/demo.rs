//! The built-in demo organization: the seed document's three member accounts (Production,
//! Development, Security) holding 47 access keys, and a management account without keys, with
//! enough variety that every check fires at least once. Dates are relative to "now".

use crate::scenario::Scenario;

/// The demo scenario's TOML, also the schema's worked example.
pub const DEMO_TOML: &str = include_str!("../scenarios/demo.toml");

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
    fn the_demo_has_the_seeds_accounts_and_47_keys() {
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
        assert_eq!(keys, 47);
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
}

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
