//! The demo's organizational units and tags (issue 25), that iam-audit's tests count on: the tree
//! Root → Production → Cards, Root → Development, Root → Security with each account in its OU and
//! the management account (and the suspended one) in the root, `owner` tags on two accounts, and
//! owner, team and email tags on five users.

use serde_json::{Value, json};

use super::demo_scenario;
use crate::test_support::{CALLER, TestEmulator};

async fn call(emulator: &TestEmulator, action: &str, body: Value) -> Value {
    let reply = emulator
        .json(
            CALLER,
            ("us-east-1", "organizations"),
            &format!("AWSOrganizationsV20161128.{action}"),
            body,
        )
        .await;
    assert_eq!(reply.status, 200, "{action}: {}", reply.body);
    reply.json()
}

/// The demo's tree, walked from the root: `path: account names`, depth first.
async fn tree(emulator: &TestEmulator, parent: &str, path: &str, lines: &mut Vec<String>) {
    let accounts = call(
        emulator,
        "ListAccountsForParent",
        json!({"ParentId": parent}),
    )
    .await;
    let names: Vec<&str> = accounts["Accounts"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|account| account["Name"].as_str())
        .collect();
    lines.push(format!("{path}: {}", names.join(", ")));
    let units = call(
        emulator,
        "ListOrganizationalUnitsForParent",
        json!({"ParentId": parent}),
    )
    .await;
    for unit in units["OrganizationalUnits"]
        .as_array()
        .into_iter()
        .flatten()
    {
        let (id, name) = (
            unit["Id"].as_str().unwrap_or_default(),
            unit["Name"].as_str().unwrap_or_default(),
        );
        Box::pin(tree(emulator, id, &format!("{path}/{name}"), lines)).await;
    }
}

#[tokio::test]
async fn the_accounts_sit_in_their_ous_and_two_carry_an_owner() {
    let emulator = TestEmulator::new(demo_scenario());
    let roots = call(&emulator, "ListRoots", json!({})).await;
    let root = roots["Roots"][0]["Id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let mut lines = Vec::new();
    tree(&emulator, &root, "Root", &mut lines).await;
    assert_eq!(
        lines,
        [
            "Root: Management, Legacy-Closed",
            "Root/Production: ",
            "Root/Production/Cards: Production",
            "Root/Development: Development",
            "Root/Security: Security",
        ]
    );
    let mut owners = Vec::new();
    for account in [
        "111111111111",
        "123456789012",
        "234567890123",
        "345678901234",
    ] {
        let tags = call(
            &emulator,
            "ListTagsForResource",
            json!({"ResourceId": account}),
        )
        .await;
        for tag in tags["Tags"].as_array().into_iter().flatten() {
            if tag["Key"] == "owner" {
                owners.push((
                    account,
                    tag["Value"].as_str().unwrap_or_default().to_string(),
                ));
            }
        }
    }
    assert_eq!(
        owners,
        [
            ("123456789012", "payments-platform@example.com".to_string()),
            ("345678901234", "security-team@example.com".to_string())
        ]
    );
}

#[test]
fn five_users_carry_owner_team_or_email_tags() {
    let scenario = demo_scenario();
    let tagged: Vec<(&str, Vec<&str>)> = scenario
        .accounts
        .iter()
        .flat_map(|account| &account.users)
        .filter(|user| !user.tags.is_empty())
        .map(|user| {
            (
                user.name.as_str(),
                user.tags.keys().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        tagged,
        [
            ("ci-deploy", vec!["owner", "team"]),
            ("terraform", vec!["owner", "team"]),
            ("alice.admin", vec!["email", "team"]),
            ("dev-ci", vec!["owner", "team"]),
            ("siem-forwarder", vec!["email", "owner", "team"]),
        ]
    );
}
