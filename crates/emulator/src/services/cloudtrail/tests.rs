//! LookupEvents over access key activity (issue 22): the AccessKeyId lookup, pages of at most 50,
//! the region of the signature, the fields a key's history is judged by, and the errors, rate
//! limit and faults every action shares.

use serde_json::{Value, json};

use crate::scenario::Scenario;
use crate::test_support::{Reply, TestEmulator};

const MEMBER: &str = "222222222222";
const FIRST_KEY: &str = "AKIADEPLOYERFIRST001";

fn fixture() -> Scenario {
    let text = include_str!("../../../tests/fixtures/activity.toml");
    Scenario::from_toml_str(text).unwrap_or_else(|error| panic!("the fixture loads: {error}"))
}

fn events(reply: &Reply) -> Vec<Value> {
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.json()["Events"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn detail(event: &Value) -> Value {
    serde_json::from_str(event["CloudTrailEvent"].as_str().unwrap_or("null")).unwrap_or(Value::Null)
}

/// Every event of a lookup in `region`, following NextToken; also the size of each page.
async fn walk(
    emulator: &TestEmulator,
    key: &str,
    region: &str,
    attribute: Option<(&str, &str)>,
) -> (Vec<Value>, Vec<usize>) {
    let (mut all, mut sizes) = (Vec::new(), Vec::new());
    let mut token: Option<String> = None;
    loop {
        let mut body = json!({});
        if let Some((name, value)) = attribute {
            body["LookupAttributes"] = json!([{"AttributeKey": name, "AttributeValue": value}]);
        }
        if let Some(token) = &token {
            body["NextToken"] = json!(token);
        }
        let reply = emulator.lookup_events(key, region, body).await;
        let page = events(&reply);
        sizes.push(page.len());
        all.extend(page);
        token = reply.json()["NextToken"].as_str().map(str::to_string);
        if token.is_none() || sizes.len() > 20 {
            return (all, sizes);
        }
    }
}

#[tokio::test]
async fn a_keys_events_come_in_pages_of_fifty_and_only_from_the_signed_region() {
    let emulator = TestEmulator::new(fixture());
    let member = emulator.assume(MEMBER);
    let (east, sizes) = walk(
        &emulator,
        &member,
        "us-east-1",
        Some(("AccessKeyId", FIRST_KEY)),
    )
    .await;
    // 60 ListBuckets and 3 CreateStack in us-east-1, and the lifecycle event it signed.
    assert_eq!(sizes, [50, 14]);
    assert!(east.iter().all(|event| event["AccessKeyId"] == FIRST_KEY));
    let names = |events: &[Value], name: &str| {
        events
            .iter()
            .filter(|event| event["EventName"] == name)
            .count()
    };
    assert_eq!(names(&east, "ListBuckets"), 60);
    assert_eq!(names(&east, "CreateStack"), 3);
    assert_eq!(names(&east, "CreateUser"), 1);
    let times: Vec<f64> = east
        .iter()
        .filter_map(|event| event["EventTime"].as_f64())
        .collect();
    assert!(
        times.windows(2).all(|pair| pair[0] >= pair[1]),
        "newest first"
    );
    let (west, _) = walk(
        &emulator,
        &member,
        "eu-west-1",
        Some(("AccessKeyId", FIRST_KEY)),
    )
    .await;
    assert_eq!(west.len(), 5);
    assert!(
        west.iter()
            .all(|event| detail(event)["awsRegion"] == "eu-west-1")
    );
    let (second, _) = walk(
        &emulator,
        &member,
        "us-east-1",
        Some(("AccessKeyId", "AKIADEPLOYERSECOND01")),
    )
    .await;
    assert_eq!(second.len(), 1);
    assert_eq!(detail(&second[0])["sourceIPAddress"], "192.0.2.99");
    // Without a lookup attribute: every event of the region, the root's and the sign-in too.
    let (everything, _) = walk(&emulator, &member, "us-east-1", None).await;
    assert_eq!(everything.len(), 60 + 3 + 1 + 1 + 2 + 1);
}

#[tokio::test]
async fn the_cloudtrail_event_carries_key_address_client_and_region() {
    let emulator = TestEmulator::new(fixture());
    let member = emulator.assume(MEMBER);
    let body = json!({"LookupAttributes": [{"AttributeKey": "EventName", "AttributeValue": "ListBuckets"}], "MaxResults": 1});
    let listed = events(&emulator.lookup_events(&member, "us-east-1", body).await);
    let record = detail(&listed[0]);
    assert_eq!(record["userIdentity"]["type"], "IAMUser");
    assert_eq!(record["userIdentity"]["userName"], "deployer");
    assert_eq!(record["userIdentity"]["accessKeyId"], FIRST_KEY);
    assert_eq!(
        record["userIdentity"]["arn"],
        "arn:aws:iam::222222222222:user/deployer"
    );
    assert!(
        record["userIdentity"]["principalId"]
            .as_str()
            .is_some_and(|id| id.starts_with("AIDA"))
    );
    assert_eq!(record["sourceIPAddress"], "203.0.113.20");
    assert!(
        record["userAgent"]
            .as_str()
            .is_some_and(|agent| agent.starts_with("aws-cli/2.15.30 Python/3.11.8"))
    );
    assert_eq!(record["awsRegion"], "us-east-1");
    assert_eq!(record["eventSource"], "s3.amazonaws.com");
    assert_eq!(record["readOnly"], true);
    assert_eq!(listed[0]["ReadOnly"], "true");
    assert!(record["userIdentity"].get("invokedBy").is_none());
    // CloudFormation called on the key's behalf: the service is the address, the agent and invokedBy.
    let body = json!({"LookupAttributes": [{"AttributeKey": "EventSource", "AttributeValue": "cloudformation.amazonaws.com"}]});
    let stacks = events(&emulator.lookup_events(&member, "us-east-1", body).await);
    assert_eq!(stacks.len(), 3);
    let record = detail(&stacks[0]);
    assert_eq!(record["sourceIPAddress"], "cloudformation.amazonaws.com");
    assert_eq!(record["userAgent"], "cloudformation.amazonaws.com");
    assert_eq!(
        record["userIdentity"]["invokedBy"],
        "cloudformation.amazonaws.com"
    );
    assert_eq!(record["userIdentity"]["accessKeyId"], FIRST_KEY);
    assert_eq!(record["readOnly"], false);
    // The root user's key.
    let body = json!({"LookupAttributes": [{"AttributeKey": "AccessKeyId", "AttributeValue": "AKIAMEMBERROOTKEY001"}]});
    let root = events(&emulator.lookup_events(&member, "us-east-1", body).await);
    assert_eq!(root.len(), 2);
    let record = detail(&root[0]);
    assert_eq!(record["userIdentity"]["type"], "Root");
    assert_eq!(
        record["userIdentity"]["arn"],
        "arn:aws:iam::222222222222:root"
    );
    assert_eq!(
        record["userIdentity"]["accessKeyId"],
        "AKIAMEMBERROOTKEY001"
    );
    assert_eq!(root[0]["Username"], "root");
}

#[tokio::test]
async fn read_only_and_resource_type_lookups_and_invalid_requests() {
    let emulator = TestEmulator::new(fixture());
    let member = emulator.assume(MEMBER);
    let lookup = |key: &str, value: &str| json!({"LookupAttributes": [{"AttributeKey": key, "AttributeValue": value}]});
    let (writes, _) = walk(&emulator, &member, "us-east-1", Some(("ReadOnly", "false"))).await;
    let mut names: Vec<&str> = writes
        .iter()
        .filter_map(|event| event["EventName"].as_str())
        .collect();
    names.dedup();
    assert_eq!(names, ["CreateStack", "ConsoleLogin", "CreateUser"]);
    let users = events(
        &emulator
            .lookup_events(
                &member,
                "us-east-1",
                lookup("ResourceType", "AWS::IAM::User"),
            )
            .await,
    );
    assert_eq!(users.len(), 1);
    let invalid = emulator
        .lookup_events(&member, "us-east-1", lookup("UserAgent", "x"))
        .await;
    assert_eq!(
        (invalid.status, invalid.error_code().as_str()),
        (400, "InvalidLookupAttributesException")
    );
    let two = json!({"LookupAttributes": [{"AttributeKey": "EventName", "AttributeValue": "a"}, {"AttributeKey": "Username", "AttributeValue": "b"}]});
    let invalid = emulator.lookup_events(&member, "us-east-1", two).await;
    assert_eq!(invalid.error_code(), "InvalidLookupAttributesException");
    let invalid = emulator
        .lookup_events(&member, "us-east-1", json!({"MaxResults": 51}))
        .await;
    assert_eq!(invalid.error_code(), "InvalidMaxResultsException");
    let invalid = emulator
        .lookup_events(&member, "us-east-1", json!({"NextToken": "forged"}))
        .await;
    assert_eq!(invalid.error_code(), "InvalidNextTokenException");
}

#[tokio::test]
async fn lookups_are_throttled_per_region_and_faults_deny_one_account() {
    let mut scenario = fixture();
    scenario.settings.rate_limits.cloudtrail = Some(1.0);
    scenario.faults = Scenario::from_toml_str(
        "[organization]\nid = \"o-x\"\nmanagement_account = \"111111111111\"\n[[accounts]]\nid = \"111111111111\"\nname = \"M\"\n\
         [[faults]]\naccount = \"111111111111\"\naction = \"LookupEvents\"\nkind = \"access_denied\"\n",
    )
    .map(|parsed| parsed.faults)
    .unwrap_or_default();
    let emulator = TestEmulator::new(scenario);
    let member = emulator.assume(MEMBER);
    assert_eq!(
        emulator
            .lookup_events(&member, "us-east-1", json!({}))
            .await
            .status,
        200
    );
    let throttled = emulator
        .lookup_events(&member, "us-east-1", json!({}))
        .await;
    assert_eq!(
        (throttled.status, throttled.error_code().as_str()),
        (400, "ThrottlingException")
    );
    assert_eq!(
        emulator
            .lookup_events(&member, "eu-west-1", json!({}))
            .await
            .status,
        200
    );
    let denied = emulator
        .lookup_events(crate::test_support::CALLER, "us-east-1", json!({}))
        .await;
    assert_eq!(
        (denied.status, denied.error_code().as_str()),
        (403, "AccessDeniedException")
    );
    let logged: Vec<(String, String, Option<String>)> = emulator
        .shared
        .calls()
        .into_iter()
        .map(|call| (call.iam_action, call.region, call.error_code))
        .collect();
    assert_eq!(
        logged[1],
        (
            "cloudtrail:LookupEvents".to_string(),
            "us-east-1".to_string(),
            Some("ThrottlingException".to_string())
        )
    );
    assert_eq!(logged.len(), 4);
}
