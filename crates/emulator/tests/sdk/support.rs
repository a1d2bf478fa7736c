//! SDK clients pointed at an in-process emulator, signed with the caller's static credentials or
//! with credentials an emulator call returned.

use aws_credential_types::Credentials;
use aws_credential_types::provider::SharedCredentialsProvider;
use aws_sdk_iam::config::BehaviorVersion;
use aws_types::SdkConfig;
use aws_types::region::Region;
use iam_audit_emulator::{CALLER_ACCESS_KEY_ID, RunningEmulator, Scenario};

/// A scenario file of `tests/fixtures`.
pub fn fixture(name: &str) -> Scenario {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    Scenario::from_path(&path).expect("the fixture loads")
}

/// The caller's static credentials (the emulator did not issue them).
pub fn caller() -> Credentials {
    Credentials::new(CALLER_ACCESS_KEY_ID, "emulator-secret", None, None, "tests")
}

/// An SDK configuration for `emulator`, in `region`, with `credentials`.
pub fn config(emulator: &RunningEmulator, region: &str, credentials: Credentials) -> SdkConfig {
    SdkConfig::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(region.to_string()))
        .endpoint_url(emulator.endpoint_url())
        .credentials_provider(SharedCredentialsProvider::new(credentials))
        .build()
}

/// Credentials of the audit role in `account_id`, from the emulator's STS.
pub async fn assume(emulator: &RunningEmulator, account_id: &str) -> Credentials {
    let sts = aws_sdk_sts::Client::new(&config(emulator, "us-east-1", caller()));
    let assumed = sts
        .assume_role()
        .role_arn(format!(
            "arn:aws:iam::{account_id}:role/AWSControlTowerExecution"
        ))
        .role_session_name("sdk")
        .send()
        .await
        .expect("AssumeRole");
    let credentials = assumed.credentials().expect("credentials");
    Credentials::new(
        credentials.access_key_id(),
        credentials.secret_access_key(),
        Some(credentials.session_token().to_string()),
        None,
        "assumed",
    )
}
