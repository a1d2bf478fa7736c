//! STS AssumeRoot and a root session's IAM reads (issue 23).

use aws_credential_types::Credentials;
use aws_sdk_iam::error::ProvideErrorMetadata;
use aws_sdk_sts::types::PolicyDescriptorType;
use iam_audit_emulator::RunningEmulator;

use crate::support::{caller, config, fixture};

/// The SDK opens a root session with the audit task policy, reads the member's root user with
/// it, and reads AccessDenied for anything else.
#[tokio::test]
async fn the_sdk_opens_a_root_session_and_reads_the_root_user() {
    let emulator = RunningEmulator::start(fixture("root-sessions.toml"), 0)
        .await
        .expect("emulator");
    let sts = aws_sdk_sts::Client::new(&config(&emulator, "us-east-1", caller()));
    let opened = sts
        .assume_root()
        .target_principal("333333333333")
        .task_policy_arn(
            PolicyDescriptorType::builder()
                .arn("arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials")
                .build(),
        )
        .duration_seconds(900)
        .send()
        .await
        .expect("AssumeRoot");
    assert_eq!(opened.source_identity(), None);
    let credentials = opened.credentials().expect("credentials");
    let root = Credentials::new(
        credentials.access_key_id(),
        credentials.secret_access_key(),
        Some(credentials.session_token().to_string()),
        None,
        "root session",
    );
    let iam = aws_sdk_iam::Client::new(&config(&emulator, "us-east-1", root));
    let devices = iam.list_mfa_devices().send().await.expect("ListMFADevices");
    let serials: Vec<&str> = devices
        .mfa_devices()
        .iter()
        .map(|device| device.serial_number())
        .collect();
    assert_eq!(serials, ["GAHT10002000"]);
    let keys = iam.list_access_keys().send().await.expect("ListAccessKeys");
    let key = &keys.access_key_metadata()[0];
    assert_eq!(key.access_key_id(), Some("AKIAPRODUCTIONROOT01"));
    assert_eq!(
        key.status(),
        Some(&aws_sdk_iam::types::StatusType::Inactive)
    );
    let used = iam
        .get_access_key_last_used()
        .access_key_id("AKIAPRODUCTIONROOT01")
        .send()
        .await
        .expect("GetAccessKeyLastUsed");
    assert_eq!(
        used.access_key_last_used().map(|last| last.service_name()),
        Some("s3")
    );
    let certificates = iam
        .list_signing_certificates()
        .send()
        .await
        .expect("ListSigningCertificates");
    assert_eq!(certificates.certificates().len(), 1);
    let password = iam
        .get_login_profile()
        .send()
        .await
        .expect_err("no password");
    assert!(
        password
            .as_service_error()
            .is_some_and(|error| error.is_no_such_entity_exception())
    );
    let user = iam.get_user().send().await.expect("GetUser");
    assert_eq!(
        user.user().map(|user| user.arn()),
        Some("arn:aws:iam::333333333333:root")
    );
    let denied = iam.list_users().send().await.expect_err("denied");
    assert_eq!(denied.code(), Some("AccessDenied"));
    emulator.shutdown().await;
}
