//! What an access key did, as CloudTrail records it: per key, a list of activities (this many
//! calls of this API, from this address and client, in this region, so many days ago), from which
//! the emulator generates the management events LookupEvents answers.
//!
//! Kept apart from the rest of the schema so that a key's history is described in one place. The
//! activity list hangs on the key's holder (a user or the root user) and names the key by its
//! position (`key = 1` is the first of `access_keys`), because access key descriptions are built
//! as plain struct literals elsewhere in the workspace and cannot gain a field without breaking
//! them.

use serde::{Deserialize, Serialize};

/// Calls made with one access key, repeated `events` times.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActivitySpec {
    /// Which of the holder's access keys signed the calls: 1 for the first of `access_keys`.
    #[serde(default = "first_key")]
    pub key: usize,
    /// The API called (`ListBuckets`, `DescribeInstances`, `CreateStack`...).
    pub event_name: String,
    /// The service that recorded it (`s3.amazonaws.com`); default looked up from the event name
    /// in a table of common management events (a name not in it must say its source).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_source: Option<String>,
    /// The caller's address, or the AWS service that called on the key's behalf
    /// (`cloudformation.amazonaws.com`), as CloudTrail's `sourceIPAddress` shows it.
    #[serde(default = "documentation_address")]
    pub source_ip: String,
    /// The client, in the form AWS records it (`aws-cli/2.15.30 Python/3.11.8 Linux/5.10
    /// exe/x86_64.amzn.2 prompt/off command/s3.ls`). Default: `aws-cli/2.15.0`, or the service
    /// itself when `source_ip` is a service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
    /// The region the calls were made in (CloudTrail records each event in its region).
    #[serde(default = "home_region")]
    pub region: String,
    /// How many events to generate.
    #[serde(default = "one")]
    pub events: u32,
    /// Age of the newest of them, in days.
    #[serde(default)]
    pub days_ago: u32,
    /// The events are spread evenly over this many days before the newest (default 1).
    #[serde(default = "one")]
    pub over_days: u32,
}

fn first_key() -> usize {
    1
}

fn one() -> u32 {
    1
}

pub(super) fn documentation_address() -> String {
    "203.0.113.10".to_string()
}

pub(super) fn home_region() -> String {
    "us-east-1".to_string()
}

/// The client CloudTrail shows when a scenario names none.
pub const DEFAULT_USER_AGENT: &str = "aws-cli/2.15.0";

/// Common management events and the service that records each, for activities that give no
/// `event_source`.
const EVENT_SOURCES: &[(&str, &[&str])] = &[
    (
        "s3.amazonaws.com",
        &[
            "ListBuckets",
            "CreateBucket",
            "DeleteBucket",
            "GetBucketAcl",
            "GetBucketLocation",
            "GetBucketPolicy",
            "PutBucketPolicy",
            "GetBucketVersioning",
            "GetBucketEncryption",
            "PutBucketAcl",
            "GetBucketPublicAccessBlock",
        ],
    ),
    (
        "ec2.amazonaws.com",
        &[
            "DescribeInstances",
            "DescribeRegions",
            "DescribeSecurityGroups",
            "DescribeVpcs",
            "DescribeSubnets",
            "DescribeImages",
            "RunInstances",
            "TerminateInstances",
            "StartInstances",
            "StopInstances",
            "AuthorizeSecurityGroupIngress",
            "CreateSnapshot",
            "CreateKeyPair",
        ],
    ),
    (
        "iam.amazonaws.com",
        &[
            "ListUsers",
            "GetUser",
            "CreateUser",
            "DeleteUser",
            "ListAccessKeys",
            "CreateAccessKey",
            "DeleteAccessKey",
            "UpdateAccessKey",
            "ListRoles",
            "GetRole",
            "CreateRole",
            "AttachUserPolicy",
            "AttachRolePolicy",
            "PutUserPolicy",
            "PutRolePolicy",
            "CreatePolicyVersion",
            "GetAccountAuthorizationDetails",
            "ListPolicies",
            "GetPolicyVersion",
            "CreateLoginProfile",
            "DeleteLoginProfile",
        ],
    ),
    (
        "sts.amazonaws.com",
        &[
            "GetCallerIdentity",
            "AssumeRole",
            "GetSessionToken",
            "GetFederationToken",
            "GetAccessKeyInfo",
        ],
    ),
    (
        "lambda.amazonaws.com",
        &[
            "ListFunctions20150331",
            "GetFunction20150331v2",
            "CreateFunction20150331",
            "UpdateFunctionCode20150331v2",
            "UpdateFunctionConfiguration20150331v2",
        ],
    ),
    (
        "cloudformation.amazonaws.com",
        &[
            "CreateStack",
            "UpdateStack",
            "DeleteStack",
            "DescribeStacks",
            "DescribeStackEvents",
            "CreateChangeSet",
            "ExecuteChangeSet",
        ],
    ),
    (
        "dynamodb.amazonaws.com",
        &["ListTables", "DescribeTable", "CreateTable", "DeleteTable"],
    ),
    (
        "kms.amazonaws.com",
        &[
            "Decrypt",
            "Encrypt",
            "GenerateDataKey",
            "ListKeys",
            "DescribeKey",
        ],
    ),
    (
        "logs.amazonaws.com",
        &["CreateLogGroup", "DescribeLogGroups", "DeleteLogGroup"],
    ),
    (
        "secretsmanager.amazonaws.com",
        &["GetSecretValue", "ListSecrets", "DescribeSecret"],
    ),
    (
        "ssm.amazonaws.com",
        &[
            "GetParameter",
            "GetParameters",
            "SendCommand",
            "StartSession",
        ],
    ),
    ("sqs.amazonaws.com", &["ListQueues", "CreateQueue"]),
    ("sns.amazonaws.com", &["ListTopics", "CreateTopic"]),
    ("ecr.amazonaws.com", &["GetAuthorizationToken"]),
    ("codebuild.amazonaws.com", &["StartBuild", "BatchGetBuilds"]),
    (
        "codepipeline.amazonaws.com",
        &["StartPipelineExecution", "GetPipelineState"],
    ),
    (
        "organizations.amazonaws.com",
        &["ListAccounts", "DescribeOrganization"],
    ),
    (
        "cloudtrail.amazonaws.com",
        &["LookupEvents", "DescribeTrails"],
    ),
    ("signin.amazonaws.com", &["ConsoleLogin"]),
];

/// The service that records `event_name`, from the table of common management events.
pub fn event_source_of(event_name: &str) -> Option<&'static str> {
    EVENT_SOURCES
        .iter()
        .find(|(_, names)| names.contains(&event_name))
        .map(|(source, _)| *source)
}

/// Whether an event only reads, as CloudTrail's `readOnly` says, judged from its name.
pub fn is_read_only(event_name: &str) -> bool {
    ["Get", "List", "Describe", "Lookup", "Head", "BatchGet"]
        .iter()
        .any(|prefix| event_name.starts_with(prefix))
}

/// Whether a `sourceIPAddress` is an AWS service calling on a principal's behalf.
pub fn is_service_address(source_ip: &str) -> bool {
    source_ip.ends_with(".amazonaws.com")
}

impl ActivitySpec {
    /// The event source: the one given, or the table's.
    pub fn source(&self) -> Option<String> {
        self.event_source
            .clone()
            .or_else(|| event_source_of(&self.event_name).map(str::to_string))
    }

    /// The user agent: the one given, the service when a service called, or the default.
    pub fn agent(&self) -> String {
        self.user_agent.clone().unwrap_or_else(|| {
            if is_service_address(&self.source_ip) {
                self.source_ip.clone()
            } else {
                DEFAULT_USER_AGENT.to_string()
            }
        })
    }
}

/// Checks a holder's activities against its number of keys; `owner` names it in messages.
pub(super) fn validate(
    activities: &[ActivitySpec],
    keys: usize,
    owner: &str,
) -> Result<(), String> {
    for activity in activities {
        if activity.key == 0 || activity.key > keys {
            return Err(format!(
                "{owner}: activity `{}` names key {}, but the holder has {keys} access key(s) \
                 (key = 1 is the first)",
                activity.event_name, activity.key
            ));
        }
        if activity.event_name.is_empty() {
            return Err(format!("{owner}: an activity needs an event_name"));
        }
        if activity.source().is_none() {
            return Err(format!(
                "{owner}: activity `{}` is not a known management event: give its event_source \
                 (e.g. `s3.amazonaws.com`)",
                activity.event_name
            ));
        }
        if activity.over_days == 0 {
            return Err(format!(
                "{owner}: an activity's over_days must be at least 1"
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_and_read_only_come_from_the_event_name() {
        assert_eq!(event_source_of("ListBuckets"), Some("s3.amazonaws.com"));
        assert_eq!(
            event_source_of("CreateStack"),
            Some("cloudformation.amazonaws.com")
        );
        assert_eq!(event_source_of("NoSuchCall"), None);
        assert!(is_read_only("DescribeInstances") && !is_read_only("RunInstances"));
        assert!(is_service_address("cloudformation.amazonaws.com"));
        assert!(!is_service_address("198.51.100.7"));
    }

    #[test]
    fn keys_are_counted_from_one_and_unknown_events_need_a_source() {
        let activity = |key: usize, name: &str| ActivitySpec {
            key,
            event_name: name.to_string(),
            event_source: None,
            source_ip: documentation_address(),
            user_agent: None,
            region: home_region(),
            events: 1,
            days_ago: 0,
            over_days: 1,
        };
        assert!(validate(&[activity(1, "ListBuckets")], 1, "u").is_ok());
        assert!(validate(&[activity(0, "ListBuckets")], 1, "u").is_err());
        assert!(validate(&[activity(2, "ListBuckets")], 1, "u").is_err());
        assert!(validate(&[activity(1, "Frobnicate")], 1, "u").is_err());
    }
}
