//! ListAnalyzers through the whole request path: the restJson1 routing by method, path and
//! signing name, the region of the signature, the type filter, paging, and the errors, rate limit
//! and faults every action shares.

use crate::scenario::Scenario;
use crate::test_support::{Reply, TestEmulator};

const MEMBER: &str = "222222222222";
const ANALYZER: (&str, &str) = ("us-east-1", "access-analyzer");

fn fixture() -> Scenario {
    let text = include_str!("../../../tests/fixtures/resources.toml");
    Scenario::from_toml_str(text).unwrap_or_else(|error| panic!("the fixture loads: {error}"))
}

fn names(reply: &Reply) -> Vec<String> {
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.json()["analyzers"]
        .as_array()
        .map(|analyzers| {
            analyzers
                .iter()
                .filter_map(|analyzer| analyzer["name"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn analyzers_of_the_signed_region_and_type_are_listed() {
    let emulator = TestEmulator::new(fixture());
    let member = emulator.assume(MEMBER);
    let all = emulator.rest_get(&member, ANALYZER, "/analyzer").await;
    assert_eq!(names(&all), ["external-access", "unused-access"]);
    let first = &all.json()["analyzers"][0];
    assert_eq!(
        first["arn"],
        "arn:aws:access-analyzer:us-east-1:222222222222:analyzer/external-access"
    );
    assert_eq!(first["type"], "ACCOUNT");
    assert_eq!(first["status"], "ACTIVE");
    assert!(
        first["createdAt"]
            .as_str()
            .is_some_and(|date| date.ends_with('Z'))
    );
    assert!(first.get("configuration").is_none());
    let unused = &all.json()["analyzers"][1];
    assert_eq!(
        unused["configuration"]["unusedAccess"]["unusedAccessAge"],
        60
    );
    let external = emulator
        .rest_get(&member, ANALYZER, "/analyzer?type=ACCOUNT")
        .await;
    assert_eq!(names(&external), ["external-access"]);
    let ireland = emulator
        .rest_get(&member, ("eu-west-1", "access-analyzer"), "/analyzer")
        .await;
    assert_eq!(names(&ireland), ["ireland"]);
    assert_eq!(ireland.json()["analyzers"][0]["status"], "DISABLED");
    let tokyo = emulator
        .rest_get(&member, ("ap-northeast-1", "access-analyzer"), "/analyzer")
        .await;
    assert!(names(&tokyo).is_empty());
    let management = emulator
        .rest_get(
            crate::test_support::CALLER,
            ANALYZER,
            "/analyzer?type=ORGANIZATION",
        )
        .await;
    assert_eq!(names(&management), ["organization"]);
}

#[tokio::test]
async fn analyzers_page_with_next_tokens_and_bad_input_is_a_validation_error() {
    let emulator = TestEmulator::new(fixture());
    let member = emulator.assume(MEMBER);
    let first = emulator
        .rest_get(&member, ANALYZER, "/analyzer?maxResults=1")
        .await;
    assert_eq!(names(&first), ["external-access"]);
    let token = first.json()["nextToken"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let second = emulator
        .rest_get(
            &member,
            ANALYZER,
            &format!("/analyzer?maxResults=1&nextToken={token}"),
        )
        .await;
    assert_eq!(names(&second), ["unused-access"]);
    assert!(second.json().get("nextToken").is_none());
    let invalid = emulator
        .rest_get(&member, ANALYZER, "/analyzer?type=EVERYTHING")
        .await;
    assert_eq!(
        (invalid.status, invalid.error_code().as_str()),
        (400, "ValidationException")
    );
    assert_eq!(invalid.json()["reason"], "fieldValidationFailed");
    let unknown = emulator.rest_get(&member, ANALYZER, "/finding").await;
    assert_eq!(unknown.error_code(), "UnknownOperationException");
}

#[tokio::test]
async fn analyzers_are_throttled_and_denied_as_access_analyzer_spells_it() {
    let mut scenario = fixture();
    scenario.settings.access_analyzer_rate_limit = Some(1.0);
    scenario.faults = Scenario::from_toml_str(
        "[organization]\nid = \"o-x\"\nmanagement_account = \"111111111111\"\n[[accounts]]\nid = \"111111111111\"\nname = \"M\"\n\
         [[faults]]\naccount = \"111111111111\"\naction = \"ListAnalyzers\"\nkind = \"access_denied\"\n",
    )
    .map(|parsed| parsed.faults)
    .unwrap_or_default();
    let emulator = TestEmulator::new(scenario);
    let member = emulator.assume(MEMBER);
    assert_eq!(
        emulator
            .rest_get(&member, ANALYZER, "/analyzer")
            .await
            .status,
        200
    );
    let throttled = emulator.rest_get(&member, ANALYZER, "/analyzer").await;
    assert_eq!(
        (throttled.status, throttled.error_code().as_str()),
        (429, "ThrottlingException")
    );
    let other_region = emulator
        .rest_get(&member, ("eu-west-1", "access-analyzer"), "/analyzer")
        .await;
    assert_eq!(other_region.status, 200);
    let denied = emulator
        .rest_get(crate::test_support::CALLER, ANALYZER, "/analyzer")
        .await;
    assert_eq!(
        (denied.status, denied.error_code().as_str()),
        (403, "AccessDeniedException")
    );
    assert!(
        denied.json()["message"]
            .as_str()
            .is_some_and(|message| message.contains("access-analyzer:ListAnalyzers"))
    );
    let logged: Vec<(String, u16)> = emulator
        .shared
        .calls()
        .into_iter()
        .map(|call| (call.iam_action, call.status))
        .collect();
    assert_eq!(
        logged,
        [
            ("access-analyzer:ListAnalyzers".to_string(), 200),
            ("access-analyzer:ListAnalyzers".to_string(), 429),
            ("access-analyzer:ListAnalyzers".to_string(), 200),
            ("access-analyzer:ListAnalyzers".to_string(), 403),
        ]
    );
}
