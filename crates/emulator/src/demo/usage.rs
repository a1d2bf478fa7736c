//! What the demo's users used (issue 24), as service last accessed reports show it, that
//! iam-audit's tests count on: carol.ops, an administrator who only read two S3 buckets in the
//! last 90 days; dev-ci, a deploy user that uses all it holds; backup-agent, credentialed, with
//! nothing used in the last 90 days; and plausible usage for every other user who signs in or
//! signs requests.

use super::demo_scenario;
use crate::test_support::{Reply, TestEmulator};

const PRODUCTION: &str = "123456789012";
const DEVELOPMENT: &str = "234567890123";

/// A completed ACTION_LEVEL report about `user` of `account_id`.
async fn report(emulator: &TestEmulator, account_id: &str, user: &str) -> Reply {
    let key = emulator.assume(account_id);
    let arn = format!("arn:aws:iam::{account_id}:user/{user}");
    let job = emulator
        .query(
            &key,
            "iam",
            "GenerateServiceLastAccessedDetails",
            &[("Arn", &arn), ("Granularity", "ACTION_LEVEL")],
        )
        .await
        .value("JobId");
    for _ in 0..5 {
        let reply = emulator
            .query(
                &key,
                "iam",
                "GetServiceLastAccessedDetails",
                &[("JobId", &job)],
            )
            .await;
        if reply.value("JobStatus") == "COMPLETED" {
            return reply;
        }
    }
    panic!("the report about {user} never completed");
}

/// `(namespace, last authenticated)` of each service of a report, in the order listed.
fn services(reply: &Reply) -> Vec<(String, Option<chrono::DateTime<chrono::Utc>>)> {
    reply
        .body
        .split("<member><ServiceName>")
        .skip(1)
        .map(|part| {
            let section = Reply {
                status: 200,
                body: part
                    .split("<TrackedActionsLastAccessed>")
                    .next()
                    .unwrap_or_default()
                    .to_string(),
            };
            let last = chrono::DateTime::parse_from_rfc3339(&section.value("LastAuthenticated"))
                .ok()
                .map(|time| time.with_timezone(&chrono::Utc));
            (section.value("ServiceNamespace"), last)
        })
        .collect()
}

fn within_90_days(services: &[(String, Option<chrono::DateTime<chrono::Utc>>)]) -> Vec<String> {
    let now = chrono::Utc::now();
    services
        .iter()
        .filter(|(_, last)| last.is_some_and(|last| (now - last).num_days() < 90))
        .map(|(namespace, _)| namespace.clone())
        .collect()
}

#[tokio::test]
async fn the_administrator_read_two_buckets_the_deployer_uses_all_and_backup_nothing_lately() {
    let emulator = TestEmulator::new(demo_scenario());
    let carol = report(&emulator, PRODUCTION, "carol.ops").await;
    let listed = services(&carol);
    assert_eq!(
        listed.len(),
        crate::service_catalogue::SERVICES.len(),
        "AdministratorAccess"
    );
    assert_eq!(within_90_days(&listed), ["s3"]);
    let s3 = carol
        .body
        .split("<ServiceNamespace>s3</ServiceNamespace>")
        .nth(1)
        .and_then(|rest| rest.split("</TrackedActionsLastAccessed>").next())
        .unwrap_or_default();
    let actions: Vec<&str> = s3
        .split("<ActionName>")
        .skip(1)
        .filter_map(|part| part.split('<').next())
        .collect();
    assert_eq!(actions, ["GetObject", "ListBucket"]);
    let dev_ci = services(&report(&emulator, DEVELOPMENT, "dev-ci").await);
    assert_eq!(
        dev_ci
            .iter()
            .map(|(namespace, _)| namespace.as_str())
            .collect::<Vec<_>>(),
        ["codebuild", "s3"]
    );
    assert_eq!(within_90_days(&dev_ci), ["codebuild", "s3"]);
    let backup = services(&report(&emulator, PRODUCTION, "backup-agent").await);
    assert!(within_90_days(&backup).is_empty());
    assert!(
        backup.iter().any(|(_, last)| last.is_some()),
        "used 120 days ago"
    );
}

#[test]
fn every_user_who_uses_credentials_has_usage() {
    let scenario = demo_scenario();
    let users: Vec<&crate::scenario::UserSpec> = scenario
        .accounts
        .iter()
        .flat_map(|account| &account.users)
        .collect();
    let used = |user: &&crate::scenario::UserSpec| {
        user.access_keys.iter().any(|key| key.last_used.is_some())
            || user
                .password
                .as_ref()
                .is_some_and(|password| password.last_used.is_some())
    };
    let without: Vec<&str> = users
        .iter()
        .filter(|user| used(user) && user.usage.is_empty())
        .map(|user| user.name.as_str())
        .collect();
    assert!(without.is_empty(), "{without:?}");
    let with: usize = users.iter().filter(|user| !user.usage.is_empty()).count();
    assert_eq!(with, 34);
    assert!(users.iter().all(|user| !user.last_accessed_fails));
}
