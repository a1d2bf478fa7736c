//! The AWS SDK for Rust, the client iam-audit uses, reads the emulator's answers to the IAM
//! actions for long-term credentials (SSH public keys, signing certificates, service-specific
//! credentials, the password policy, the summary's root certificate flag) and for permissions
//! (GetAccountAuthorizationDetails, a user's policy lists) as it reads AWS's: the shapes, enums,
//! dates and error codes parse, and its paginators walk the pages.

use aws_sdk_iam::Client;
use aws_sdk_iam::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_iam::error::ProvideErrorMetadata;
use aws_sdk_iam::types::{
    EntityType, PermissionsBoundaryAttachmentType, StatusType, SummaryKeyType,
};
use iam_audit_emulator::{CALLER_ACCESS_KEY_ID, RunningEmulator, Scenario, demo_scenario};

fn fixture() -> Scenario {
    fixture_named("long-term-credentials.toml")
}

fn fixture_named(name: &str) -> Scenario {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    Scenario::from_path(&path).expect("the fixture loads")
}

/// Decodes the RFC 3986 percent-encoding IAM puts on policy documents (the SDK leaves it).
fn percent_decode(text: &str) -> String {
    let mut bytes = Vec::new();
    let mut rest = text.as_bytes();
    while let Some((&byte, tail)) = rest.split_first() {
        if byte == b'%' && tail.len() >= 2 {
            let hex = std::str::from_utf8(&tail[..2]).unwrap_or("");
            bytes.push(u8::from_str_radix(hex, 16).expect("two hex digits"));
            rest = &tail[2..];
        } else {
            bytes.push(byte);
            rest = tail;
        }
    }
    String::from_utf8(bytes).expect("UTF-8")
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).expect("a JSON document")
}

fn client(emulator: &RunningEmulator) -> Client {
    let config = aws_sdk_iam::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .endpoint_url(emulator.endpoint_url())
        .credentials_provider(Credentials::new(
            CALLER_ACCESS_KEY_ID,
            "emulator-secret",
            None,
            None,
            "tests",
        ))
        .build();
    Client::from_conf(config)
}

#[tokio::test]
async fn the_sdk_reads_ssh_keys_and_signing_certificates_through_its_paginators() {
    let emulator = RunningEmulator::start(fixture(), 0)
        .await
        .expect("emulator");
    let iam = client(&emulator);
    let keys: Vec<_> = iam
        .list_ssh_public_keys()
        .user_name("alice")
        .max_items(1)
        .into_paginator()
        .items()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .expect("ListSSHPublicKeys");
    let read: Vec<(&str, &str, StatusType)> = keys
        .iter()
        .map(|key| {
            (
                key.user_name(),
                key.ssh_public_key_id(),
                key.status().clone(),
            )
        })
        .collect();
    assert_eq!(
        read,
        [
            ("alice", "APKAALICEFIRST000001", StatusType::Active),
            ("alice", "APKAALICESECOND00002", StatusType::Inactive)
        ]
    );
    let key = iam
        .get_ssh_public_key()
        .user_name("alice")
        .ssh_public_key_id("APKAALICEFIRST000001")
        .encoding(aws_sdk_iam::types::EncodingType::Ssh)
        .send()
        .await
        .expect("GetSSHPublicKey");
    let key = key.ssh_public_key().expect("a key");
    assert!(key.ssh_public_key_body().starts_with("ssh-rsa "));
    assert_eq!(key.fingerprint().split(':').count(), 16);
    let certificates: Vec<_> = iam
        .list_signing_certificates()
        .user_name("alice")
        .max_items(1)
        .into_paginator()
        .items()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .expect("ListSigningCertificates");
    assert_eq!(certificates.len(), 2);
    assert!(certificates.iter().all(|certificate| {
        certificate
            .certificate_body()
            .starts_with("-----BEGIN CERTIFICATE-----")
    }));
    assert_eq!(certificates[1].status(), &StatusType::Inactive);
    let missing = iam
        .list_signing_certificates()
        .user_name("mallory")
        .send()
        .await
        .expect_err("an unknown user");
    assert!(
        missing
            .as_service_error()
            .is_some_and(|error| error.is_no_such_entity_exception())
    );
    emulator.shutdown().await;
}

#[tokio::test]
async fn the_sdk_reads_service_specific_credentials_of_all_users_page_by_page() {
    let emulator = RunningEmulator::start(fixture(), 0)
        .await
        .expect("emulator");
    let iam = client(&emulator);
    // The SDK has no paginator for this action: follow Marker by hand, as a client must.
    let mut credentials = Vec::new();
    let mut marker: Option<String> = None;
    loop {
        let page = iam
            .list_service_specific_credentials()
            .all_users(true)
            .max_items(2)
            .set_marker(marker.clone())
            .send()
            .await
            .expect("ListServiceSpecificCredentials");
        credentials.extend(page.service_specific_credentials().to_vec());
        marker = page.marker().map(str::to_string);
        if !page.is_truncated() {
            break;
        }
    }
    let read: Vec<(&str, &str, StatusType, bool)> = credentials
        .iter()
        .map(|credential| {
            (
                credential.user_name(),
                credential.service_name(),
                credential.status().clone(),
                credential.expiration_date().is_some(),
            )
        })
        .collect();
    assert_eq!(
        read,
        [
            (
                "alice",
                "codecommit.amazonaws.com",
                StatusType::Active,
                false
            ),
            ("alice", "bedrock.amazonaws.com", StatusType::Active, true),
            ("alice", "bedrock.amazonaws.com", StatusType::Expired, true),
            (
                "bob",
                "cassandra.amazonaws.com",
                StatusType::Inactive,
                false
            ),
        ]
    );
    assert_eq!(
        credentials[1].service_credential_alias(),
        Some("alice-bedrock-v1")
    );
    assert_eq!(credentials[0].service_user_name(), "alice-at-111111111111");
    let bedrock = iam
        .list_service_specific_credentials()
        .user_name("alice")
        .service_name("bedrock.amazonaws.com")
        .send()
        .await
        .expect("one user's Bedrock keys");
    assert_eq!(bedrock.service_specific_credentials().len(), 2);
    emulator.shutdown().await;
}

#[tokio::test]
async fn the_sdk_reads_the_password_policy_its_absence_and_the_root_certificate_flag() {
    let emulator = RunningEmulator::start(fixture(), 0)
        .await
        .expect("emulator");
    let iam = client(&emulator);
    let absent = iam
        .get_account_password_policy()
        .send()
        .await
        .expect_err("no policy");
    assert_eq!(absent.code(), Some("NoSuchEntity"));
    let summary = iam
        .get_account_summary()
        .send()
        .await
        .expect("GetAccountSummary");
    assert_eq!(
        summary
            .summary_map()
            .and_then(|map| map.get(&SummaryKeyType::AccountSigningCertificatesPresent))
            .copied(),
        Some(1)
    );
    emulator.shutdown().await;

    let demo = RunningEmulator::start(demo_scenario(), 0)
        .await
        .expect("emulator");
    let iam = client(&demo);
    let policy = iam
        .get_account_password_policy()
        .send()
        .await
        .expect("the management account's policy");
    let policy = policy.password_policy().expect("a policy");
    assert_eq!(policy.minimum_password_length(), Some(14));
    assert_eq!(policy.password_reuse_prevention(), Some(5));
    assert!(policy.require_symbols() && policy.require_uppercase_characters());
    assert!(!policy.expire_passwords());
    assert_eq!(policy.max_password_age(), None);
    demo.shutdown().await;
}

#[tokio::test]
async fn the_sdk_pages_through_account_authorization_details_and_reads_every_field() {
    let scenario = fixture_named("permissions.toml");
    let emulator = RunningEmulator::start(scenario.clone(), 0)
        .await
        .expect("emulator");
    let iam = client(&emulator);
    let pages: Vec<_> = iam
        .get_account_authorization_details()
        .max_items(2)
        .into_paginator()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .expect("GetAccountAuthorizationDetails");
    // 3 users, 2 groups, 2 roles, 2 customer managed and 5 AWS managed policies, two a page.
    assert_eq!(pages.len(), 7);
    assert!(pages[..6].iter().all(|page| page.is_truncated()));
    let users: Vec<_> = pages
        .iter()
        .flat_map(|page| page.user_detail_list())
        .collect();
    let groups: Vec<_> = pages
        .iter()
        .flat_map(|page| page.group_detail_list())
        .collect();
    let roles: Vec<_> = pages
        .iter()
        .flat_map(|page| page.role_detail_list())
        .collect();
    let policies: Vec<_> = pages.iter().flat_map(|page| page.policies()).collect();
    let user_names: Vec<&str> = users.iter().filter_map(|user| user.user_name()).collect();
    assert_eq!(user_names, ["alice", "bob", "carol"]);
    assert_eq!(users[0].group_list(), ["Admins", "Readers"]);
    assert!(users[0].user_id().is_some_and(|id| id.starts_with("AIDA")));
    assert!(users[0].create_date().is_some());
    let bob = users[1];
    let attached: Vec<&str> = bob
        .attached_managed_policies()
        .iter()
        .filter_map(|policy| policy.policy_arn())
        .collect();
    assert_eq!(
        attached,
        [
            "arn:aws:iam::111111111111:policy/team/Writer",
            "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"
        ]
    );
    let boundary = bob.permissions_boundary().expect("bob's boundary");
    assert_eq!(
        boundary.permissions_boundary_type(),
        Some(&PermissionsBoundaryAttachmentType::Policy)
    );
    assert_eq!(
        boundary.permissions_boundary_arn(),
        Some("arn:aws:iam::aws:policy/AmazonS3FullAccess")
    );
    // An inline document comes back byte for byte, newlines and spaces included.
    let inline = &bob.user_policy_list()[0];
    assert_eq!(inline.policy_name(), Some("tags"));
    let written = &scenario.accounts[0].users[1].inline[0].document;
    assert_eq!(
        percent_decode(inline.policy_document().unwrap_or("")),
        *written
    );
    assert!(users[2].permissions_boundary().is_none());
    let group_names: Vec<(&str, &str)> = groups
        .iter()
        .map(|group| (group.group_name().unwrap_or(""), group.path().unwrap_or("")))
        .collect();
    assert_eq!(group_names, [("Admins", "/"), ("Readers", "/audit/")]);
    assert_eq!(
        groups[1].group_policy_list()[0].policy_name(),
        Some("deny-secrets")
    );
    let role_names: Vec<&str> = roles.iter().filter_map(|role| role.role_name()).collect();
    assert_eq!(role_names, ["OrganizationAccountAccessRole", "app"]);
    let trust = json(&percent_decode(
        roles[0].assume_role_policy_document().unwrap_or(""),
    ));
    assert_eq!(
        trust["Statement"][0]["Principal"]["AWS"],
        "arn:aws:iam::111111111111:root"
    );
    assert_eq!(
        roles[0].attached_managed_policies()[0].policy_name(),
        Some("AdministratorAccess")
    );
    assert_eq!(
        roles[1].arn(),
        Some("arn:aws:iam::111111111111:role/service/app")
    );
    assert_eq!(roles[1].role_policy_list()[0].policy_name(), Some("queue"));
    assert!(roles[1].instance_profile_list().is_empty());
    assert_eq!(
        roles[1]
            .permissions_boundary()
            .and_then(|boundary| boundary.permissions_boundary_arn()),
        Some("arn:aws:iam::aws:policy/PowerUserAccess")
    );
    let policy_names: Vec<&str> = policies
        .iter()
        .filter_map(|policy| policy.policy_name())
        .collect();
    assert_eq!(
        policy_names,
        [
            "AdministratorAccess",
            "AmazonS3FullAccess",
            "AmazonS3ReadOnlyAccess",
            "PowerUserAccess",
            "ReadOnlyAccess",
            "Unused",
            "Writer"
        ]
    );
    let writer = policies[6];
    assert_eq!(writer.default_version_id(), Some("v2"));
    assert_eq!(writer.attachment_count(), Some(2));
    assert_eq!(writer.permissions_boundary_usage_count(), Some(0));
    assert!(writer.is_attachable());
    assert_eq!(writer.description(), Some("Writes one bucket"));
    let versions: Vec<(&str, bool)> = writer
        .policy_version_list()
        .iter()
        .map(|version| {
            (
                version.version_id().unwrap_or(""),
                version.is_default_version(),
            )
        })
        .collect();
    assert_eq!(versions, [("v1", false), ("v2", true), ("v3", false)]);
    let default = json(&percent_decode(
        writer.policy_version_list()[1].document().unwrap_or(""),
    ));
    assert_eq!(default["Statement"][0]["Action"][1], "s3:DeleteObject");
    assert!(writer.update_date() > writer.create_date());
    assert_eq!(policies[5].attachment_count(), Some(0));
    let full = policies[1];
    assert_eq!(
        (
            full.attachment_count(),
            full.permissions_boundary_usage_count()
        ),
        (Some(0), Some(1))
    );
    assert_eq!(policies[0].attachment_count(), Some(2));
    emulator.shutdown().await;
}

#[tokio::test]
async fn the_sdk_filters_by_entity_type_and_lists_one_users_policies() {
    let emulator = RunningEmulator::start(fixture_named("permissions.toml"), 0)
        .await
        .expect("emulator");
    let iam = client(&emulator);
    let answer = iam
        .get_account_authorization_details()
        .filter(EntityType::Role)
        .filter(EntityType::LocalManagedPolicy)
        .send()
        .await
        .expect("GetAccountAuthorizationDetails with a filter");
    assert!(answer.user_detail_list().is_empty() && answer.group_detail_list().is_empty());
    assert_eq!(answer.role_detail_list().len(), 2);
    let names: Vec<&str> = answer
        .policies()
        .iter()
        .filter_map(|policy| policy.policy_name())
        .collect();
    assert_eq!(names, ["Unused", "Writer"]);
    let attached = iam
        .list_attached_user_policies()
        .user_name("bob")
        .max_items(1)
        .into_paginator()
        .items()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .expect("ListAttachedUserPolicies");
    let names: Vec<&str> = attached
        .iter()
        .filter_map(|policy| policy.policy_name())
        .collect();
    assert_eq!(names, ["Writer", "AmazonS3ReadOnlyAccess"]);
    let inline = iam
        .list_user_policies()
        .user_name("bob")
        .send()
        .await
        .expect("ListUserPolicies");
    assert_eq!(inline.policy_names(), ["tags"]);
    let groups = iam
        .list_groups_for_user()
        .user_name("alice")
        .send()
        .await
        .expect("ListGroupsForUser");
    let names: Vec<&str> = groups
        .groups()
        .iter()
        .map(|group| group.group_name())
        .collect();
    assert_eq!(names, ["Admins", "Readers"]);
    let missing = iam
        .list_user_policies()
        .user_name("mallory")
        .send()
        .await
        .expect_err("an unknown user");
    assert_eq!(missing.code(), Some("NoSuchEntity"));
    emulator.shutdown().await;
}
