//! The demo's root users, server certificates, roles and analyzers (issue 23), that iam-audit's
//! tests count on: root sessions without central credentials management, Development's root key
//! without MFA seen through AssumeRoot, Production's hardware token, one expired and one valid
//! server certificate, the support, CloudShell and `"Principal": "*"` roles, and the one external
//! access analyzer of the home region.

use super::demo_scenario;
use crate::test_support::{CALLER, TestEmulator};

const PRODUCTION: &str = "123456789012";
const DEVELOPMENT: &str = "234567890123";
const SECURITY: &str = "345678901234";
const AUDIT: &str = "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials";

#[tokio::test]
async fn root_sessions_show_developments_key_and_productions_hardware_token() {
    let scenario = demo_scenario();
    assert!(scenario.organization.root_sessions_enabled());
    assert!(!scenario.organization.root_credentials_management);
    let emulator = TestEmulator::new(scenario);
    let features = emulator
        .query(CALLER, "iam", "ListOrganizationsFeatures", &[])
        .await;
    assert_eq!(features.values("member"), ["RootSessions"]);
    let session = |target: &'static str| {
        let emulator = &emulator;
        async move {
            let opened = emulator
                .query(
                    CALLER,
                    "sts",
                    "AssumeRoot",
                    &[("TargetPrincipal", target), ("TaskPolicyArn.arn", AUDIT)],
                )
                .await;
            assert_eq!(opened.status, 200, "{}", opened.body);
            opened.value("AccessKeyId")
        }
    };
    let development = session(DEVELOPMENT).await;
    let keys = emulator
        .query(&development, "iam", "ListAccessKeys", &[])
        .await;
    assert_eq!(keys.values("Status"), ["Active"]);
    let devices = emulator
        .query(&development, "iam", "ListMFADevices", &[])
        .await;
    assert!(devices.values("SerialNumber").is_empty());
    let production = session(PRODUCTION).await;
    let devices = emulator
        .query(&production, "iam", "ListMFADevices", &[])
        .await;
    assert_eq!(devices.values("SerialNumber"), ["GAHT40215873"]);
    let security = session(SECURITY).await;
    let certificates = emulator
        .query(&security, "iam", "ListSigningCertificates", &[])
        .await;
    assert_eq!(certificates.values("CertificateId").len(), 1);
}

#[test]
fn certificates_roles_and_analyzers_are_where_the_audit_expects_them() {
    let scenario = demo_scenario();
    let account = |id: &str| {
        scenario
            .accounts
            .iter()
            .find(|account| account.id == id)
            .unwrap_or_else(|| panic!("the demo has {id}"))
    };
    let now = chrono::Utc::now();
    let certificates: Vec<(&str, &str, bool)> = scenario
        .accounts
        .iter()
        .flat_map(|account| {
            account.server_certificates.iter().map(move |certificate| {
                (
                    account.id.as_str(),
                    certificate.name.as_str(),
                    certificate.expires.resolve(now) < now,
                )
            })
        })
        .collect();
    assert_eq!(
        certificates,
        [
            (PRODUCTION, "payments-elb-2024", true),
            (SECURITY, "siem-ingest", false)
        ]
    );
    let holders = |policy: &str| -> Vec<(String, String)> {
        scenario
            .accounts
            .iter()
            .flat_map(|account| {
                account
                    .iam_roles
                    .iter()
                    .filter(|role| role.attached.iter().any(|arn| arn.ends_with(policy)))
                    .map(move |role| (account.id.clone(), role.name.clone()))
            })
            .collect()
    };
    assert_eq!(
        holders("/AWSSupportAccess"),
        [(SECURITY.to_string(), "support-case-managers".to_string())]
    );
    assert_eq!(
        holders("/AWSCloudShellFullAccess"),
        [(DEVELOPMENT.to_string(), "cloudshell-developers".to_string())]
    );
    let open_to_all: Vec<&str> = scenario
        .accounts
        .iter()
        .flat_map(|account| &account.iam_roles)
        .filter(|role| {
            role.trust.as_deref().is_some_and(|trust| {
                trust.contains(r#""Principal":"*""#) && !trust.contains("Condition")
            })
        })
        .map(|role| role.name.as_str())
        .collect();
    assert_eq!(open_to_all, ["partner-readonly"]);
    let external_at_home: Vec<&str> = scenario
        .accounts
        .iter()
        .filter(|account| {
            account.analyzers.iter().any(|analyzer| {
                analyzer.region == "us-east-1"
                    && matches!(analyzer.analyzer_type.as_str(), "ACCOUNT" | "ORGANIZATION")
            })
        })
        .map(|account| account.name.as_str())
        .collect();
    assert_eq!(external_at_home, ["Security"]);
    assert_eq!(
        account(PRODUCTION).analyzers[0].analyzer_type,
        "ACCOUNT_UNUSED_ACCESS"
    );
    assert_eq!(account(DEVELOPMENT).analyzers[0].region, "eu-west-1");
    let development_root = &account(DEVELOPMENT).root;
    assert_eq!(development_root.mfa, "none");
    assert_eq!(
        development_root.access_keys.len(),
        1,
        "a dated key a root session lists"
    );
}
