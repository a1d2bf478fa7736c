//! Service last accessed reports (issue 24) through the whole request path: the job's
//! IN_PROGRESS polls, the services a user's policies allow with its usage, action-level tracking,
//! paging, who may read a job, failed jobs, and the errors, rate limit and faults every action
//! shares.

use crate::scenario::Scenario;
use crate::service_catalogue::SERVICES;
use crate::test_support::{Reply, TestEmulator};

const MEMBER: &str = "222222222222";
const GENERATE: &str = "GenerateServiceLastAccessedDetails";
const GET: &str = "GetServiceLastAccessedDetails";

fn fixture() -> Scenario {
    let text = include_str!("../../../tests/fixtures/last-accessed.toml");
    Scenario::from_toml_str(text).unwrap_or_else(|error| panic!("the fixture loads: {error}"))
}

fn user(name: &str) -> String {
    format!("arn:aws:iam::{MEMBER}:user/{name}")
}

async fn generate(emulator: &TestEmulator, key: &str, arn: &str, granularity: &str) -> String {
    let reply = emulator
        .query(
            key,
            "iam",
            GENERATE,
            &[("Arn", arn), ("Granularity", granularity)],
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.value("JobId")
}

/// Polls until the job is no longer IN_PROGRESS; the number of polls and the last answer.
async fn completed(emulator: &TestEmulator, key: &str, job: &str) -> (usize, Reply) {
    for polls in 1..10 {
        let reply = emulator.query(key, "iam", GET, &[("JobId", job)]).await;
        assert_eq!(reply.status, 200, "{}", reply.body);
        if reply.value("JobStatus") != "IN_PROGRESS" {
            return (polls, reply);
        }
        assert!(reply.values("ServiceNamespace").is_empty());
        assert!(reply.values("JobCompletionDate").is_empty());
    }
    panic!("the job never completed");
}

/// The `<member>` of ServicesLastAccessed about `namespace`, as its own reply.
fn service(reply: &Reply, namespace: &str) -> Reply {
    let marker = format!("<ServiceNamespace>{namespace}</ServiceNamespace>");
    let body = reply
        .body
        .split("<member><ServiceName>")
        .find(|part| part.contains(&marker))
        .unwrap_or_default()
        .to_string();
    Reply {
        status: reply.status,
        body,
    }
}

#[tokio::test]
async fn an_administrators_report_lists_every_service_and_when_s3_was_used() {
    let emulator = TestEmulator::new(fixture());
    let key = emulator.assume(MEMBER);
    let job = generate(&emulator, &key, &user("admin"), "SERVICE_LEVEL").await;
    assert_eq!(job.len(), 36);
    let (polls, report) = completed(&emulator, &key, &job).await;
    assert_eq!(polls, 2, "one IN_PROGRESS poll by default");
    assert_eq!(report.value("JobStatus"), "COMPLETED");
    assert_eq!(report.value("JobType"), "SERVICE_LEVEL");
    assert!(!report.value("JobCompletionDate").is_empty());
    assert_eq!(report.values("ServiceNamespace").len(), SERVICES.len());
    let now = emulator.shared.world.now;
    let s3 = service(&report, "s3");
    assert_eq!(
        s3.value("LastAuthenticated"),
        crate::protocol::iso8601(now - chrono::Duration::days(3))
    );
    assert_eq!(s3.value("LastAuthenticatedEntity"), user("admin"));
    assert_eq!(s3.value("LastAuthenticatedRegion"), "us-east-1");
    assert_eq!(s3.value("TotalAuthenticatedEntities"), "1");
    assert!(s3.body.starts_with("Amazon S3</ServiceName>"));
    // EC2 was used 500 days ago: older than the report remembers.
    let ec2 = service(&report, "ec2");
    assert!(ec2.values("LastAuthenticated").is_empty());
    assert_eq!(ec2.value("TotalAuthenticatedEntities"), "0");
    assert!(!report.body.contains("TrackedActionsLastAccessed"));
    assert_eq!(report.value("IsTruncated"), "false");
}

#[tokio::test]
async fn action_level_reports_track_actions_of_tracked_services() {
    let emulator = TestEmulator::new(fixture());
    let key = emulator.assume(MEMBER);
    let job = generate(&emulator, &key, &user("admin"), "ACTION_LEVEL").await;
    let (_, report) = completed(&emulator, &key, &job).await;
    let s3 = service(&report, "s3");
    assert_eq!(s3.values("ActionName"), ["GetObject", "ListBucket"]);
    assert_eq!(s3.values("LastAccessedRegion"), ["us-east-1", "us-east-1"]);
    assert_eq!(
        s3.values("LastAccessedEntity"),
        [user("admin"), user("admin")]
    );
    // Tracked but unused: an empty list; not tracked: no list.
    assert!(
        service(&report, "iam")
            .body
            .contains("<TrackedActionsLastAccessed></TrackedActionsLastAccessed>")
    );
    assert!(
        !service(&report, "dynamodb")
            .body
            .contains("TrackedActionsLastAccessed")
    );
    let job = generate(&emulator, &key, &user("deploy"), "ACTION_LEVEL").await;
    let (_, report) = completed(&emulator, &key, &job).await;
    assert_eq!(
        report.values("ServiceNamespace"),
        ["cloudformation", "iam", "lambda", "s3"]
    );
    let s3 = service(&report, "s3");
    assert_eq!(s3.values("ActionName"), ["GetObject", "PutObject"]);
    assert_eq!(
        s3.values("LastAccessedTime").len(),
        1,
        "GetObject is held, never used"
    );
    let lambda = service(&report, "lambda");
    assert_eq!(lambda.value("LastAuthenticatedRegion"), "eu-central-1");
    assert_eq!(lambda.values("ActionName"), ["UpdateFunctionCode"]);
    assert!(
        !service(&report, "cloudformation")
            .body
            .contains("TrackedActionsLastAccessed")
    );
    // A user holding S3 reads it never used: listed, never authenticated.
    let job = generate(&emulator, &key, &user("idle"), "SERVICE_LEVEL").await;
    let (_, report) = completed(&emulator, &key, &job).await;
    assert_eq!(
        report.values("ServiceNamespace"),
        ["s3", "s3-object-lambda"]
    );
    assert!(report.values("LastAuthenticated").is_empty());
    // Roles and managed policies are entities too: what they allow, never used.
    let role = format!("arn:aws:iam::{MEMBER}:role/app");
    let job = generate(&emulator, &key, &role, "SERVICE_LEVEL").await;
    let (_, report) = completed(&emulator, &key, &job).await;
    assert_eq!(report.values("ServiceNamespace"), ["sqs"]);
    let policy = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess";
    let job = generate(&emulator, &key, policy, "SERVICE_LEVEL").await;
    let (_, report) = completed(&emulator, &key, &job).await;
    assert_eq!(
        report.values("ServiceNamespace"),
        ["s3", "s3-object-lambda"]
    );
}

#[tokio::test]
async fn reports_page_and_only_their_credentials_read_them() {
    let emulator = TestEmulator::new(fixture());
    let key = emulator.assume(MEMBER);
    let job = generate(&emulator, &key, &user("admin"), "SERVICE_LEVEL").await;
    completed(&emulator, &key, &job).await;
    let mut marker: Option<String> = None;
    let mut namespaces = Vec::new();
    for _ in 0..20 {
        let mut parameters = vec![("JobId", job.as_str()), ("MaxItems", "10")];
        if let Some(marker) = &marker {
            parameters.push(("Marker", marker.as_str()));
        }
        let page = emulator.query(&key, "iam", GET, &parameters).await;
        namespaces.extend(page.values("ServiceNamespace"));
        marker = (page.value("IsTruncated") == "true").then(|| page.value("Marker"));
        if marker.is_none() {
            break;
        }
    }
    assert_eq!(namespaces.len(), SERVICES.len());
    let other = emulator.assume(MEMBER);
    let foreign = emulator.query(&other, "iam", GET, &[("JobId", &job)]).await;
    assert_eq!(
        (foreign.status, foreign.value("Code").as_str()),
        (404, "NoSuchEntity")
    );
    let unknown = emulator
        .query(
            &key,
            "iam",
            GET,
            &[("JobId", "00000000-0000-0000-0000-000000000000")],
        )
        .await;
    assert_eq!(
        (unknown.status, unknown.value("Code").as_str()),
        (404, "NoSuchEntity")
    );
    let malformed = emulator
        .query(&key, "iam", GET, &[("JobId", "short")])
        .await;
    assert_eq!(malformed.value("Code"), "ValidationError");
}

#[tokio::test]
async fn failed_jobs_slow_jobs_and_bad_requests() {
    let mut scenario = fixture();
    scenario.settings.last_accessed_polls = 3;
    let emulator = TestEmulator::new(scenario);
    let key = emulator.assume(MEMBER);
    let job = generate(&emulator, &key, &user("broken"), "SERVICE_LEVEL").await;
    let (polls, report) = completed(&emulator, &key, &job).await;
    assert_eq!(polls, 4);
    assert_eq!(report.value("JobStatus"), "FAILED");
    assert!(!report.value("Message").is_empty() && !report.value("Code").is_empty());
    assert!(report.values("ServiceNamespace").is_empty());
    let code = |reply: Reply| (reply.status, reply.value("Code"));
    let nobody = emulator
        .query(&key, "iam", GENERATE, &[("Arn", &user("nobody"))])
        .await;
    assert_eq!(code(nobody), (404, "NoSuchEntity".to_string()));
    let elsewhere = emulator
        .query(
            &key,
            "iam",
            GENERATE,
            &[("Arn", "arn:aws:iam::111111111111:user/admin")],
        )
        .await;
    assert_eq!(code(elsewhere), (404, "NoSuchEntity".to_string()));
    let malformed = emulator
        .query(&key, "iam", GENERATE, &[("Arn", "admin")])
        .await;
    assert_eq!(code(malformed), (400, "InvalidInput".to_string()));
    let granularity = emulator
        .query(
            &key,
            "iam",
            GENERATE,
            &[("Arn", &user("admin")), ("Granularity", "RESOURCE_LEVEL")],
        )
        .await;
    assert_eq!(code(granularity), (400, "ValidationError".to_string()));
    let mut slow = fixture();
    slow.settings.last_accessed_polls = 0;
    slow.settings.last_accessed_delay_ms = 60_000;
    let emulator = TestEmulator::new(slow);
    let key = emulator.assume(MEMBER);
    let job = generate(&emulator, &key, &user("admin"), "SERVICE_LEVEL").await;
    for _ in 0..3 {
        let reply = emulator.query(&key, "iam", GET, &[("JobId", &job)]).await;
        assert_eq!(reply.value("JobStatus"), "IN_PROGRESS");
    }
}

#[tokio::test]
async fn report_calls_are_logged_throttled_and_faulted_like_the_others() {
    let mut scenario = fixture();
    scenario.settings.rate_limits.iam = Some(1.0);
    scenario.faults = Scenario::from_toml_str(
        "[organization]\nid = \"o-x\"\nmanagement_account = \"111111111111\"\n[[accounts]]\nid = \"111111111111\"\nname = \"M\"\n\
         [[faults]]\naccount = \"222222222222\"\naction = \"GenerateServiceLastAccessedDetails\"\nuser = \"idle\"\nkind = \"access_denied\"\n",
    )
    .map(|parsed| parsed.faults)
    .unwrap_or_default();
    let emulator = TestEmulator::new(scenario);
    let key = emulator.assume(MEMBER);
    let denied = emulator
        .query(&key, "iam", GENERATE, &[("Arn", &user("idle"))])
        .await;
    assert_eq!(
        (denied.status, denied.value("Code").as_str()),
        (403, "AccessDenied")
    );
    let throttled = emulator
        .query(&key, "iam", GENERATE, &[("Arn", &user("admin"))])
        .await;
    assert_eq!(throttled.value("Code"), "Throttling");
    let logged: Vec<(String, Option<String>)> = emulator
        .shared
        .calls()
        .into_iter()
        .map(|call| (call.iam_action, call.error_code))
        .collect();
    assert_eq!(
        logged,
        [
            (
                "iam:GenerateServiceLastAccessedDetails".to_string(),
                Some("AccessDenied".to_string())
            ),
            (
                "iam:GenerateServiceLastAccessedDetails".to_string(),
                Some("Throttling".to_string())
            ),
        ]
    );
}
