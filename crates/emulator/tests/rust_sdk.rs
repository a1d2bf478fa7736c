//! The AWS SDK for Rust, the client iam-audit uses, reads the emulator's answers to the IAM
//! actions for long-term credentials (SSH public keys, signing certificates, service-specific
//! credentials, the password policy, the summary's root certificate flag) as it reads AWS's:
//! the shapes, enums, dates and error codes parse, and its paginators walk the pages.

use aws_sdk_iam::Client;
use aws_sdk_iam::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_iam::error::ProvideErrorMetadata;
use aws_sdk_iam::types::{StatusType, SummaryKeyType};
use iam_audit_emulator::{CALLER_ACCESS_KEY_ID, RunningEmulator, Scenario, demo_scenario};

fn fixture() -> Scenario {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/long-term-credentials.toml");
    Scenario::from_path(&path).expect("the fixture loads")
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
