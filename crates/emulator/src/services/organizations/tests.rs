//! The organization's tree and tags (issue 25) through the whole request path: walking the root
//! and OUs, parents of accounts and OUs, account tags, paging with MaxResults up to 20 and empty
//! pages, Organizations' errors, and the rate limit and faults every action shares; and IAM user
//! tags in ListUserTags, GetUser and GetAccountAuthorizationDetails.

use serde_json::{Value, json};

use crate::scenario::Scenario;
use crate::test_support::{CALLER, Reply, TestEmulator};

fn fixture() -> Scenario {
    let text = include_str!("../../../tests/fixtures/organization.toml");
    Scenario::from_toml_str(text).unwrap_or_else(|error| panic!("the fixture loads: {error}"))
}

async fn call(emulator: &TestEmulator, key: &str, action: &str, body: Value) -> Reply {
    emulator
        .json(
            key,
            ("us-east-1", "organizations"),
            &format!("AWSOrganizationsV20161128.{action}"),
            body,
        )
        .await
}

/// Every item of a list, following NextToken; also the number of pages.
async fn walk(
    emulator: &TestEmulator,
    action: &str,
    body: Value,
    list: &str,
) -> (Vec<Value>, usize) {
    let (mut items, mut pages) = (Vec::new(), 0);
    let mut token: Option<String> = None;
    loop {
        let mut request = body.clone();
        if let Some(token) = &token {
            request["NextToken"] = json!(token);
        }
        let reply = call(emulator, CALLER, action, request).await;
        assert_eq!(reply.status, 200, "{action}: {}", reply.body);
        let answer = reply.json();
        items.extend(answer[list].as_array().cloned().unwrap_or_default());
        pages += 1;
        token = answer["NextToken"].as_str().map(str::to_string);
        if token.is_none() || pages > 50 {
            return (items, pages);
        }
    }
}

fn field(items: &[Value], name: &str) -> Vec<String> {
    items
        .iter()
        .filter_map(|item| item[name].as_str().map(str::to_string))
        .collect()
}

#[tokio::test]
async fn the_tree_is_walked_from_the_root_down_and_from_accounts_up() {
    let emulator = TestEmulator::new(fixture());
    let (roots, _) = walk(&emulator, "ListRoots", json!({}), "Roots").await;
    let root = roots[0]["Id"].as_str().unwrap_or_default().to_string();
    assert!(root.starts_with("r-") && root.len() == 6, "{root}");
    assert_eq!(roots[0]["Name"], "Root");
    assert!(
        roots[0]["Arn"]
            .as_str()
            .is_some_and(|arn| arn.ends_with(&format!("root/o-tree00000001/{root}")))
    );
    let (top, _) = walk(
        &emulator,
        "ListOrganizationalUnitsForParent",
        json!({"ParentId": root}),
        "OrganizationalUnits",
    )
    .await;
    assert_eq!(
        field(&top, "Name"),
        ["Production", "Development", "Security", "Sandbox"]
    );
    let production = top[0]["Id"].as_str().unwrap_or_default().to_string();
    assert!(
        production.starts_with(&format!("ou-{}-", &root[2..])),
        "{production}"
    );
    let (inside, _) = walk(
        &emulator,
        "ListOrganizationalUnitsForParent",
        json!({"ParentId": production}),
        "OrganizationalUnits",
    )
    .await;
    assert_eq!(field(&inside, "Name"), ["Cards"]);
    let cards = inside[0]["Id"].as_str().unwrap_or_default().to_string();
    let (accounts, _) = walk(
        &emulator,
        "ListAccountsForParent",
        json!({"ParentId": cards}),
        "Accounts",
    )
    .await;
    assert_eq!(field(&accounts, "Id"), ["333333333333"]);
    assert_eq!(accounts[0]["Name"], "Cards");
    assert_eq!(accounts[0]["State"], "ACTIVE");
    let (at_root, _) = walk(
        &emulator,
        "ListAccountsForParent",
        json!({"ParentId": root}),
        "Accounts",
    )
    .await;
    assert_eq!(field(&at_root, "Id"), ["111111111111"]);
    let (children, _) = walk(
        &emulator,
        "ListChildren",
        json!({"ParentId": production, "ChildType": "ORGANIZATIONAL_UNIT"}),
        "Children",
    )
    .await;
    assert_eq!(
        children,
        [json!({"Id": cards, "Type": "ORGANIZATIONAL_UNIT"})]
    );
    let security = top[2]["Id"].as_str().unwrap_or_default().to_string();
    let (children, _) = walk(
        &emulator,
        "ListChildren",
        json!({"ParentId": security, "ChildType": "ACCOUNT"}),
        "Children",
    )
    .await;
    assert_eq!(field(&children, "Id"), ["555555555555", "666666666666"]);
    let (parents, _) = walk(
        &emulator,
        "ListParents",
        json!({"ChildId": "333333333333"}),
        "Parents",
    )
    .await;
    assert_eq!(
        parents,
        [json!({"Id": cards, "Type": "ORGANIZATIONAL_UNIT"})]
    );
    let (parents, _) = walk(
        &emulator,
        "ListParents",
        json!({"ChildId": cards}),
        "Parents",
    )
    .await;
    assert_eq!(
        parents,
        [json!({"Id": production, "Type": "ORGANIZATIONAL_UNIT"})]
    );
    let (parents, _) = walk(
        &emulator,
        "ListParents",
        json!({"ChildId": production}),
        "Parents",
    )
    .await;
    assert_eq!(parents, [json!({"Id": root, "Type": "ROOT"})]);
    let described = call(
        &emulator,
        CALLER,
        "DescribeOrganizationalUnit",
        json!({"OrganizationalUnitId": cards}),
    )
    .await;
    assert_eq!(described.json()["OrganizationalUnit"]["Name"], "Cards");
    let (tags, _) = walk(
        &emulator,
        "ListTagsForResource",
        json!({"ResourceId": "222222222222"}),
        "Tags",
    )
    .await;
    assert_eq!(
        tags,
        [
            json!({"Key": "cost-center", "Value": "CC-1001"}),
            json!({"Key": "owner", "Value": "payments-team@example.com"})
        ]
    );
    let (none, _) = walk(
        &emulator,
        "ListTagsForResource",
        json!({"ResourceId": "333333333333"}),
        "Tags",
    )
    .await;
    assert!(none.is_empty());
    let (unit_tags, _) = walk(
        &emulator,
        "ListTagsForResource",
        json!({"ResourceId": production}),
        "Tags",
    )
    .await;
    assert!(unit_tags.is_empty());
}

#[tokio::test]
async fn lists_page_twenty_at_most_and_may_answer_empty_pages() {
    let emulator = TestEmulator::new(fixture());
    let (roots, _) = walk(&emulator, "ListRoots", json!({}), "Roots").await;
    let root = roots[0]["Id"].clone();
    let (units, pages) = walk(
        &emulator,
        "ListOrganizationalUnitsForParent",
        json!({"ParentId": root, "MaxResults": 1}),
        "OrganizationalUnits",
    )
    .await;
    assert_eq!((units.len(), pages), (4, 4));
    let too_many = call(
        &emulator,
        CALLER,
        "ListOrganizationalUnitsForParent",
        json!({"ParentId": root, "MaxResults": 21}),
    )
    .await;
    assert_eq!(
        (too_many.status, too_many.error_code().as_str()),
        (400, "InvalidInputException")
    );
    assert_eq!(too_many.json()["Reason"], "MAX_VALUE_EXCEEDED");
    let mut scenario = fixture();
    scenario.settings.organizations_empty_pages = true;
    let emulator = TestEmulator::new(scenario);
    let first = call(&emulator, CALLER, "ListRoots", json!({})).await;
    assert_eq!(first.json()["Roots"], json!([]));
    assert!(first.json()["NextToken"].is_string());
    let (units, pages) = walk(
        &emulator,
        "ListOrganizationalUnitsForParent",
        json!({"ParentId": root, "MaxResults": 2}),
        "OrganizationalUnits",
    )
    .await;
    assert_eq!(
        (units.len(), pages),
        (4, 4),
        "an empty page before each of the two"
    );
    let (accounts, pages) = walk(&emulator, "ListAccounts", json!({}), "Accounts").await;
    assert_eq!((accounts.len(), pages), (6, 2));
}

#[tokio::test]
async fn malformed_and_unknown_ids_get_organizations_errors() {
    let emulator = TestEmulator::new(fixture());
    let cases = [
        (
            "ListOrganizationalUnitsForParent",
            json!({"ParentId": "Production"}),
            "InvalidInputException",
        ),
        (
            "ListAccountsForParent",
            json!({"ParentId": "ou-zzzz-zzzzzzzz"}),
            "ParentNotFoundException",
        ),
        (
            "ListChildren",
            json!({"ParentId": "r-zzzz", "ChildType": "ACCOUNT"}),
            "ParentNotFoundException",
        ),
        (
            "ListParents",
            json!({"ChildId": "999999999999"}),
            "ChildNotFoundException",
        ),
        (
            "DescribeOrganizationalUnit",
            json!({"OrganizationalUnitId": "ou-zzzz-zzzzzzzz"}),
            "OrganizationalUnitNotFoundException",
        ),
        (
            "ListTagsForResource",
            json!({"ResourceId": "999999999999"}),
            "TargetNotFoundException",
        ),
    ];
    for (action, body, code) in cases {
        let reply = call(&emulator, CALLER, action, body).await;
        assert_eq!(
            (reply.status, reply.error_code().as_str()),
            (400, code),
            "{action}"
        );
    }
    let member = emulator.assume("222222222222");
    let denied = call(&emulator, &member, "ListRoots", json!({})).await;
    assert_eq!(denied.error_code(), "AccessDeniedException");
}

#[tokio::test]
async fn tree_calls_are_throttled_faulted_and_logged() {
    let mut scenario = fixture();
    scenario.settings.rate_limits.organizations = Some(1.0);
    scenario.faults = Scenario::from_toml_str(
        "[organization]\nid = \"o-x\"\nmanagement_account = \"111111111111\"\n[[accounts]]\nid = \"111111111111\"\nname = \"M\"\n\
         [[faults]]\naction = \"ListTagsForResource\"\nkind = \"access_denied\"\n",
    )
    .map(|parsed| parsed.faults)
    .unwrap_or_default();
    let emulator = TestEmulator::new(scenario);
    let denied = call(
        &emulator,
        CALLER,
        "ListTagsForResource",
        json!({"ResourceId": "222222222222"}),
    )
    .await;
    assert_eq!(
        (denied.status, denied.error_code().as_str()),
        (403, "AccessDeniedException")
    );
    let throttled = call(&emulator, CALLER, "ListRoots", json!({})).await;
    assert_eq!(throttled.error_code(), "TooManyRequestsException");
    let logged: Vec<String> = emulator
        .shared
        .calls()
        .into_iter()
        .map(|call| call.iam_action)
        .collect();
    assert_eq!(
        logged,
        [
            "organizations:ListTagsForResource",
            "organizations:ListRoots"
        ]
    );
}

#[tokio::test]
async fn user_tags_are_listed_and_carried_by_get_user_and_gaad() {
    let emulator = TestEmulator::new(fixture());
    let tags = emulator
        .query(
            CALLER,
            "iam",
            "ListUserTags",
            &[("UserName", "alice"), ("MaxItems", "1")],
        )
        .await;
    assert_eq!(tags.values("Key"), ["owner"]);
    assert_eq!(tags.value("IsTruncated"), "true");
    let rest = emulator
        .query(
            CALLER,
            "iam",
            "ListUserTags",
            &[("UserName", "alice"), ("Marker", &tags.value("Marker"))],
        )
        .await;
    assert_eq!(
        (rest.values("Key"), rest.values("Value")),
        (vec!["team".to_string()], vec!["platform".to_string()])
    );
    let untagged = emulator
        .query(CALLER, "iam", "ListUserTags", &[("UserName", "bob")])
        .await;
    assert!(untagged.body.contains("<Tags></Tags>"));
    let unknown = emulator
        .query(CALLER, "iam", "ListUserTags", &[("UserName", "nobody")])
        .await;
    assert_eq!(unknown.value("Code"), "NoSuchEntity");
    let user = emulator
        .query(CALLER, "iam", "GetUser", &[("UserName", "alice")])
        .await;
    assert_eq!(user.values("Key"), ["owner", "team"]);
    let details = emulator
        .query(
            CALLER,
            "iam",
            "GetAccountAuthorizationDetails",
            &[("Filter.member.1", "User")],
        )
        .await;
    assert_eq!(details.values("Key"), ["owner", "team"]);
    assert_eq!(
        details.body.matches("<Tags>").count(),
        1,
        "bob has no Tags element"
    );
}
