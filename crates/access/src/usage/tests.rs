//! Usage judged against policies: the window, the services granted, and suggestions that keep what
//! was used and never more than is held.

use chrono::TimeZone;

use super::*;
use crate::details::{
    AttachedPolicy, AuthorizationDetails, InlinePolicy, ManagedPolicyDetail, UserDetail,
};
use crate::testing::{ACCOUNT, policy, statement};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 1, 0, 0, 0)
        .single()
        .unwrap_or_default()
}

fn days_ago(days: i64) -> Option<DateTime<Utc>> {
    Some(now() - Duration::days(days))
}

fn window() -> UsageWindow {
    UsageWindow {
        now: now(),
        days: 90,
    }
}

fn service(namespace: &str, used: Option<i64>, actions: Option<&[(&str, i64)]>) -> ServiceReport {
    ServiceReport {
        namespace: namespace.to_string(),
        last_authenticated: used.and_then(days_ago),
        tracked_actions: actions.map(|actions| {
            actions
                .iter()
                .map(|(name, days)| ActionReport {
                    name: (*name).to_string(),
                    last_accessed: days_ago(*days),
                })
                .collect()
        }),
    }
}

fn user(inline: &[String], attached: &[&str], boundary: Option<&str>) -> UserDetail {
    UserDetail {
        name: "alice".to_string(),
        arn: format!("arn:aws:iam::{ACCOUNT}:user/alice"),
        inline_policies: inline
            .iter()
            .enumerate()
            .map(|(index, document)| InlinePolicy {
                name: format!("p{index}"),
                document: document.clone(),
            })
            .collect(),
        attached_policies: attached
            .iter()
            .map(|arn| AttachedPolicy {
                name: arn.rsplit('/').next().unwrap_or_default().to_string(),
                arn: (*arn).to_string(),
            })
            .collect(),
        permissions_boundary: boundary.map(str::to_string),
        ..UserDetail::default()
    }
}

const ADMIN: &str = "arn:aws:iam::aws:policy/AdministratorAccess";
const S3_READ: &str = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess";

fn details(users: Vec<UserDetail>) -> AuthorizationDetails {
    AuthorizationDetails {
        users,
        policies: vec![
            ManagedPolicyDetail {
                name: "AdministratorAccess".to_string(),
                arn: ADMIN.to_string(),
                default_version_document: Some(policy(&statement("Allow", r#""*""#, r#""*""#))),
                attachment_count: Some(1),
            },
            ManagedPolicyDetail {
                name: "AmazonS3ReadOnlyAccess".to_string(),
                arn: S3_READ.to_string(),
                default_version_document: Some(policy(&statement(
                    "Allow",
                    r#"["s3:Get*","s3:List*"]"#,
                    r#""*""#,
                ))),
                attachment_count: Some(1),
            },
        ],
        ..AuthorizationDetails::default()
    }
}

/// Every service an administrator's report lists, the way IAM lists them.
fn admin_report() -> UsageReport {
    UsageReport {
        services: vec![
            service("ec2", Some(200), Some(&[("RebootInstances", 200)])),
            service("iam", None, Some(&[])),
            service(
                "s3",
                Some(1),
                Some(&[("GetObject", 1), ("ListBucket", 40), ("PutObject", 100)]),
            ),
            service("ssm", Some(100), None),
            service("sts", None, None),
        ],
    }
}

fn judged(user: UserDetail, report: &UsageReport, created: i64) -> UserUsage {
    let details = details(vec![user]);
    let library = PolicyLibrary::new(&details);
    let held = Held::of(&details.users[0], &library);
    judge(
        &details.users[0],
        &library,
        &held,
        report,
        &window(),
        days_ago(created).unwrap_or_default(),
    )
}

#[test]
fn the_window_decides_what_was_used() {
    let usage = observe(
        &admin_report(),
        &window(),
        days_ago(700).unwrap_or_default(),
    );
    assert_eq!(usage.services_used, ["s3"]);
    assert_eq!(usage.actions_used, ["s3:GetObject", "s3:ListBucket"]);
    assert_eq!(usage.last_activity, days_ago(1));
    assert!(usage.complete);
    assert_eq!(Some(usage.tracked_since), days_ago(90));
    let young = observe(&admin_report(), &window(), days_ago(10).unwrap_or_default());
    assert!(!young.complete);
    assert_eq!(Some(young.tracked_since), days_ago(10));
    assert!(young.grants.is_none());
}

#[test]
fn an_administrator_who_reads_s3_gets_the_two_reads_and_nothing_else() {
    let usage = judged(user(&[], &[ADMIN], None), &admin_report(), 700);
    let grants = usage.grants.expect("the policies were read");
    assert_eq!(grants.services_granted, 5);
    assert_eq!(grants.services_unused, 4);
    assert_eq!(grants.first_unused, ["ec2", "iam", "ssm", "sts"]);
    let suggested = grants.suggested_policy.expect("a suggestion");
    let document: Value = serde_json::from_str(&suggested.document).expect("JSON");
    assert_eq!(
        document["Statement"],
        serde_json::json!([{"Sid": "UsedActions", "Effect": "Allow",
            "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": "*"}])
    );
    assert!(suggested.kept_as_granted.is_empty());
}

use serde_json::Value;

#[test]
fn a_boundary_caps_what_is_granted() {
    let usage = judged(user(&[], &[ADMIN], Some(S3_READ)), &admin_report(), 700);
    let grants = usage.grants.expect("read");
    assert_eq!(grants.services_granted, 1, "only S3 passes the boundary");
    assert_eq!(grants.services_unused, 0);
    let suggested = grants.suggested_policy.expect("a suggestion");
    // s3:PutObject was not used in the window; the two reads pass the boundary.
    assert!(suggested.document.contains("s3:GetObject"));
    assert!(!suggested.document.contains("PutObject"));
}

#[test]
fn untracked_services_keep_what_is_granted_on_the_same_resources() {
    let inline = policy(&[
        statement("Allow", r#"["dynamodb:GetItem","dynamodb:Query","sqs:SendMessage"]"#, r#""arn:aws:dynamodb:us-east-1:111122223333:table/orders""#),
        r#"{"Effect":"Allow","NotAction":["iam:*","dynamodb:DeleteTable"],"Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}"#.to_string(),
        statement("Deny", r#""dynamodb:Scan""#, r#""*""#),
        statement("Deny", r#""ec2:*""#, r#""*""#),
    ].join(","));
    let report = UsageReport {
        services: vec![
            service("dynamodb", Some(3), None),
            service("sqs", None, None),
        ],
    };
    let usage = judged(user(&[inline], &[], None), &report, 700);
    let grants = usage.grants.expect("read");
    let suggested = grants.suggested_policy.expect("a suggestion");
    assert_eq!(suggested.kept_as_granted, ["dynamodb"]);
    let document: Value = serde_json::from_str(&suggested.document).expect("JSON");
    let statements = document["Statement"].as_array().expect("statements");
    let sids: Vec<&str> = statements
        .iter()
        .filter_map(|s| s["Sid"].as_str())
        .collect();
    assert_eq!(
        sids,
        [
            "KeptAsGrantedNoActionData",
            "KeptAsGrantedNoActionData2",
            "ExcludedAsGranted",
            "DeniedAsToday"
        ],
        "{document:#}"
    );
    assert!(!suggested.document.contains("sqs:"), "sqs was not used");
    assert!(
        !suggested.document.contains("ec2:"),
        "a Deny of an unused service is not copied"
    );
    assert!(
        suggested.document.contains("aws:SecureTransport"),
        "conditions stay"
    );
}

#[test]
fn nothing_used_suggests_nothing() {
    let report = UsageReport {
        services: vec![service("s3", Some(120), Some(&[("GetObject", 120)]))],
    };
    let usage = judged(user(&[], &[ADMIN], None), &report, 700);
    let grants = usage.grants.expect("read");
    assert!(grants.suggested_policy.is_none());
    assert_eq!(grants.services_unused, grants.services_granted);
}

#[test]
fn unreadable_policies_leave_the_grants_unknown() {
    let usage = judged(
        user(&["{not json".to_string()], &[], None),
        &admin_report(),
        700,
    );
    assert!(usage.grants.is_none());
    assert_eq!(usage.services_used, ["s3"]);
}

/// The check behind every suggestion, through the crate's public entry: a suggestion widened by
/// hand is caught.
#[test]
fn a_widened_suggestion_is_caught() {
    let inline = policy(&statement(
        "Allow",
        r#"["s3:PutObject","s3:ListBucket"]"#,
        r#"["arn:aws:s3:::backups","arn:aws:s3:::backups/*"]"#,
    ));
    let details = details(vec![user(&[inline], &[], None)]);
    let narrow = policy(&statement(
        "Allow",
        r#""s3:PutObject""#,
        r#""arn:aws:s3:::backups/*""#,
    ));
    assert_eq!(
        crate::grants_beyond(&details, "alice", &narrow),
        Ok(Vec::new())
    );
    let wide = policy(&statement("Allow", r#""s3:PutObject""#, r#""*""#));
    assert_eq!(
        crate::grants_beyond(&details, "alice", &wide),
        Ok(vec!["s3:PutObject".to_string()])
    );
    assert!(crate::grants_beyond(&details, "bob", &narrow).is_err());
}
