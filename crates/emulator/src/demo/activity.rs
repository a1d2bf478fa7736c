//! What the demo's access keys did (issue 22), that iam-audit's CloudTrail tests count on: the
//! quarantined user, the keys with activity, their clients, the unusual address and the service
//! acting for a key.

use chrono::Utc;

use super::demo_scenario;
use crate::world::World;

const PRODUCTION: &str = "123456789012";

#[test]
fn the_demo_keys_have_activity_from_several_addresses_and_clients() {
    let scenario = demo_scenario();
    let production = scenario
        .accounts
        .iter()
        .find(|account| account.id == PRODUCTION)
        .unwrap_or_else(|| panic!("the demo has Production"));
    let quarantined: Vec<&str> = production
        .users
        .iter()
        .filter(|user| {
            user.attached
                .iter()
                .any(|policy| policy.ends_with("/AWSCompromisedKeyQuarantineV3"))
        })
        .map(|user| user.name.as_str())
        .collect();
    assert_eq!(quarantined, ["github-actions"]);
    let activities: Vec<(&str, usize, u32)> = production
        .users
        .iter()
        .flat_map(|user| {
            user.activity
                .iter()
                .map(move |activity| (user.name.as_str(), activity.key, activity.events))
        })
        .collect();
    assert_eq!(activities.len(), 9);
    assert_eq!(
        activities.iter().map(|(_, _, events)| events).sum::<u32>(),
        37
    );
    let world = World::new(scenario, Utc::now());
    let account = &world.accounts[PRODUCTION];
    let signed: Vec<_> = account
        .events
        .iter()
        .filter(|event| event.access_key_id.is_some())
        .collect();
    assert_eq!(signed.len(), 37);
    let keys: std::collections::BTreeSet<&str> = signed
        .iter()
        .filter_map(|event| event.access_key_id.as_deref())
        .collect();
    assert_eq!(
        keys.len(),
        5,
        "ci-deploy's two, terraform's, s3-sync's second, github-actions'"
    );
    for family in ["aws-cli/2.15.", "Boto3/1.34.", "Terraform/1.7."] {
        assert!(
            signed.iter().any(|event| event.user_agent.contains(family)),
            "{family}"
        );
    }
    let ours = |address: &str| {
        address.starts_with("203.0.113.")
            || address.starts_with("198.51.100.")
            || address.ends_with(".amazonaws.com")
    };
    let unusual: std::collections::BTreeSet<(&str, &str)> = signed
        .iter()
        .filter(|event| !ours(&event.source_ip))
        .filter_map(|event| {
            event
                .access_key_id
                .as_deref()
                .map(|key| (key, event.source_ip.as_str()))
        })
        .collect();
    let github_key = account
        .users
        .iter()
        .find(|user| user.name == "github-actions")
        .map(|user| user.keys[0].id.as_str());
    assert_eq!(
        unusual.into_iter().collect::<Vec<_>>(),
        [(github_key.unwrap_or_default(), "192.0.2.211")]
    );
    let by_service: std::collections::BTreeSet<&str> = signed
        .iter()
        .filter(|event| event.source_ip == "cloudformation.amazonaws.com")
        .filter_map(|event| event.access_key_id.as_deref())
        .collect();
    assert_eq!(by_service.len(), 1);
    let regions: std::collections::BTreeSet<&str> =
        signed.iter().map(|event| event.region.as_str()).collect();
    assert_eq!(
        regions.into_iter().collect::<Vec<_>>(),
        ["eu-north-1", "eu-west-1", "us-east-1"]
    );
}
