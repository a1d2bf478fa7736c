//! Root sessions end to end (issue 23): who may open one (STS AssumeRoot), what it sees of the
//! target's root user, what its task policy denies, and how GetAccountSummary, the credential
//! report and ListOrganizationsFeatures agree with the same root users.

use serde_json::json;

use crate::scenario::Scenario;
use crate::test_support::{CALLER, Reply, TestEmulator};

const AUDIT: &str = "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials";
const DEVELOPMENT: &str = "222222222222";
const PRODUCTION: &str = "333333333333";

fn fixture() -> Scenario {
    let text = include_str!("../../../tests/fixtures/root-sessions.toml");
    Scenario::from_toml_str(text).unwrap_or_else(|error| panic!("the fixture loads: {error}"))
}

async fn assume_root(emulator: &TestEmulator, key: &str, target: &str, policy: &str) -> Reply {
    emulator
        .query(
            key,
            "sts",
            "AssumeRoot",
            &[("TargetPrincipal", target), ("TaskPolicyArn.arn", policy)],
        )
        .await
}

/// A root session in `target`: its access key id.
async fn session(emulator: &TestEmulator, target: &str) -> String {
    let reply = assume_root(emulator, CALLER, target, AUDIT).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.value("AccessKeyId")
}

fn summary(reply: &Reply, key: &str) -> String {
    let entry = format!("<key>{key}</key><value>");
    reply
        .body
        .split(&entry)
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .unwrap_or_default()
        .to_string()
}

#[tokio::test]
async fn the_management_account_opens_a_root_session_that_sees_the_root_user() {
    let emulator = TestEmulator::new(fixture());
    let features = emulator
        .query(CALLER, "iam", "ListOrganizationsFeatures", &[])
        .await;
    assert_eq!(features.values("member"), ["RootSessions"]);
    let opened = assume_root(&emulator, CALLER, DEVELOPMENT, AUDIT).await;
    assert_eq!(opened.status, 200, "{}", opened.body);
    let key = opened.value("AccessKeyId");
    assert!(key.starts_with("ASIA") && !opened.value("SessionToken").is_empty());
    assert!(opened.body.contains("<AssumeRootResult><Credentials>"));
    assert!(!opened.body.contains("SourceIdentity"));
    let expires = chrono::DateTime::parse_from_rfc3339(&opened.value("Expiration"))
        .map(|time| time.timestamp() - chrono::Utc::now().timestamp())
        .unwrap_or_default();
    assert!((890..=900).contains(&expires), "{expires}");
    let caller = emulator.query(&key, "sts", "GetCallerIdentity", &[]).await;
    assert_eq!(caller.value("Arn"), "arn:aws:iam::222222222222:root");
    assert_eq!(caller.value("UserId"), DEVELOPMENT);
    assert_eq!(caller.value("Account"), DEVELOPMENT);
    // The flagged key: listed Active, created with the account (AWS lists every key with its
    // date), never used.
    let keys = emulator.query(&key, "iam", "ListAccessKeys", &[]).await;
    assert_eq!(keys.values("Status"), ["Active"]);
    assert!(keys.values("CreateDate").len() == 1 && keys.values("UserName").is_empty());
    let key_id = keys.value("AccessKeyId");
    assert!(key_id.starts_with("AKIA"));
    let used = emulator
        .query(
            &key,
            "iam",
            "GetAccessKeyLastUsed",
            &[("AccessKeyId", &key_id)],
        )
        .await;
    assert_eq!(
        (used.value("ServiceName"), used.value("Region")),
        ("N/A".into(), "N/A".into())
    );
    assert!(used.values("UserName").is_empty() && used.values("LastUsedDate").is_empty());
    let devices = emulator.query(&key, "iam", "ListMFADevices", &[]).await;
    assert_eq!(devices.status, 200);
    assert!(devices.values("SerialNumber").is_empty());
    let certificates = emulator
        .query(&key, "iam", "ListSigningCertificates", &[])
        .await;
    assert!(certificates.values("CertificateId").is_empty());
    let password = emulator.query(&key, "iam", "GetLoginProfile", &[]).await;
    assert_eq!(password.status, 200, "{}", password.body);
    let now = emulator.shared.world.now;
    assert_eq!(
        password.value("CreateDate"),
        crate::protocol::iso8601(now - chrono::Duration::days(600))
    );
    let user = emulator.query(&key, "iam", "GetUser", &[]).await;
    assert_eq!(user.value("Arn"), "arn:aws:iam::222222222222:root");
    assert_eq!(user.value("UserId"), DEVELOPMENT);
    assert!(user.values("UserName").is_empty());
    assert_eq!(
        user.value("PasswordLastUsed"),
        crate::protocol::iso8601(now - chrono::Duration::days(12))
    );
    let account = emulator.query(&key, "iam", "GetAccountSummary", &[]).await;
    assert_eq!(summary(&account, "AccountAccessKeysPresent"), "1");
    assert_eq!(summary(&account, "AccountMFAEnabled"), "0");
    assert_eq!(summary(&account, "AccountPasswordPresent"), "1");
    let logged = emulator.shared.calls();
    assert!(
        logged
            .iter()
            .skip(2)
            .all(|call| call.root_session && !call.assumed_role)
    );
    assert_eq!(logged[1].iam_action, "sts:AssumeRoot");
    assert_eq!(logged[1].account_id, "111111111111");
}

#[tokio::test]
async fn hardware_mfa_an_old_key_a_certificate_and_no_password_agree_everywhere() {
    let emulator = TestEmulator::new(fixture());
    let key = session(&emulator, "arn:aws:iam::333333333333:root").await;
    let devices = emulator.query(&key, "iam", "ListMFADevices", &[]).await;
    assert_eq!(devices.values("SerialNumber"), ["GAHT10002000"]);
    let keys = emulator.query(&key, "iam", "ListAccessKeys", &[]).await;
    assert_eq!(keys.values("AccessKeyId"), ["AKIAPRODUCTIONROOT01"]);
    assert_eq!(keys.values("Status"), ["Inactive"]);
    let used = emulator
        .query(
            &key,
            "iam",
            "GetAccessKeyLastUsed",
            &[("AccessKeyId", "AKIAPRODUCTIONROOT01")],
        )
        .await;
    assert_eq!(used.value("ServiceName"), "s3");
    let certificates = emulator
        .query(&key, "iam", "ListSigningCertificates", &[])
        .await;
    assert_eq!(
        certificates.values("CertificateId"),
        ["PRODUCTIONROOTSIGNINGCERTIFICATE01"]
    );
    let password = emulator.query(&key, "iam", "GetLoginProfile", &[]).await;
    assert_eq!(
        (password.status, password.value("Code").as_str()),
        (404, "NoSuchEntity")
    );
    // The audit role reads the same root user through the summary and the credential report.
    let audit = emulator.assume(PRODUCTION);
    let account = emulator
        .query(&audit, "iam", "GetAccountSummary", &[])
        .await;
    assert_eq!(summary(&account, "AccountMFAEnabled"), "1");
    assert_eq!(summary(&account, "AccountPasswordPresent"), "0");
    assert_eq!(summary(&account, "AccountAccessKeysPresent"), "1");
    assert_eq!(summary(&account, "AccountSigningCertificatesPresent"), "1");
    emulator
        .query(&audit, "iam", "GenerateCredentialReport", &[])
        .await;
    let report = emulator
        .query(&audit, "iam", "GetCredentialReport", &[])
        .await;
    let content = base64::Engine::decode(
        &base64::engine::general_purpose::STANDARD,
        report.value("Content"),
    )
    .unwrap_or_default();
    let text = String::from_utf8_lossy(&content).into_owned();
    let root: Vec<&str> = text.lines().nth(1).unwrap_or_default().split(',').collect();
    // password_enabled, password_last_used, mfa_active, access_key_1_active, cert_1_active
    assert_eq!(
        (root[3], root[4], root[7], root[8], root[18]),
        ("false", "N/A", "true", "false", "true")
    );
    // The audit role's virtual MFA list has no root device here: it is a hardware token.
    let virtual_devices = emulator
        .query(&audit, "iam", "ListVirtualMFADevices", &[])
        .await;
    assert!(virtual_devices.values("SerialNumber").is_empty());
}

#[tokio::test]
async fn the_task_policy_denies_everything_else() {
    let emulator = TestEmulator::new(fixture());
    let key = session(&emulator, DEVELOPMENT).await;
    for (action, parameters) in [
        ("ListUsers", vec![]),
        ("ListAccessKeys", vec![("UserName", "alice")]),
        (
            "GetAccessKeyLastUsed",
            vec![("AccessKeyId", "AKIAALICEDEVELOPER01")],
        ),
        ("GetAccountAuthorizationDetails", vec![]),
        ("ListServerCertificates", vec![]),
    ] {
        let denied = emulator.query(&key, "iam", action, &parameters).await;
        assert_eq!(
            (denied.status, denied.value("Code").as_str()),
            (403, "AccessDenied"),
            "{action}"
        );
        assert!(
            denied
                .value("Message")
                .contains("explicit deny in a session policy"),
            "{}",
            denied.body
        );
    }
    let lookup = emulator.lookup_events(&key, "us-east-1", json!({})).await;
    assert_eq!(lookup.error_code(), "AccessDeniedException");
    let again = assume_root(&emulator, &key, PRODUCTION, AUDIT).await;
    assert_eq!(again.value("Code"), "AccessDenied");
    // Another task policy scopes the session to its own list.
    let password_only = assume_root(
        &emulator,
        CALLER,
        DEVELOPMENT,
        "arn:aws:iam::aws:policy/root-task/IAMCreateRootUserPassword",
    )
    .await
    .value("AccessKeyId");
    assert_eq!(
        emulator
            .query(&password_only, "iam", "GetLoginProfile", &[])
            .await
            .status,
        200
    );
    assert_eq!(
        emulator
            .query(&password_only, "iam", "ListAccessKeys", &[])
            .await
            .status,
        403
    );
}

#[tokio::test]
async fn only_the_management_account_opens_root_sessions_in_members_with_a_task_policy() {
    let emulator = TestEmulator::new(fixture());
    let code = |reply: Reply| (reply.status, reply.value("Code"));
    let member = emulator.assume(DEVELOPMENT);
    let from_member = assume_root(&emulator, &member, PRODUCTION, AUDIT).await;
    assert_eq!(code(from_member), (403, "AccessDenied".to_string()));
    let management = assume_root(&emulator, CALLER, "111111111111", AUDIT).await;
    assert_eq!(code(management), (403, "AccessDenied".to_string()));
    for target in ["999999999999", "555555555555"] {
        let outside = assume_root(&emulator, CALLER, target, AUDIT).await;
        assert_eq!(code(outside), (403, "AccessDenied".to_string()), "{target}");
    }
    let other_policy = assume_root(
        &emulator,
        CALLER,
        DEVELOPMENT,
        "arn:aws:iam::aws:policy/ReadOnlyAccess",
    )
    .await;
    assert_eq!(code(other_policy), (400, "ValidationError".to_string()));
    let too_long = emulator
        .query(
            CALLER,
            "sts",
            "AssumeRoot",
            &[
                ("TargetPrincipal", DEVELOPMENT),
                ("TaskPolicyArn.arn", AUDIT),
                ("DurationSeconds", "901"),
            ],
        )
        .await;
    assert_eq!(code(too_long), (400, "ValidationError".to_string()));
    let short = emulator
        .query(
            CALLER,
            "sts",
            "AssumeRoot",
            &[
                ("TargetPrincipal", DEVELOPMENT),
                ("TaskPolicyArn.arn", AUDIT),
                ("DurationSeconds", "300"),
            ],
        )
        .await;
    assert_eq!(short.status, 200);
    // Without the RootSessions feature nobody may, and ListOrganizationsFeatures says why.
    let mut disabled = fixture();
    disabled.organization.root_sessions = Some(false);
    disabled.organization.root_credentials_management = true;
    let emulator = TestEmulator::new(disabled);
    let features = emulator
        .query(CALLER, "iam", "ListOrganizationsFeatures", &[])
        .await;
    assert_eq!(features.values("member"), ["RootCredentialsManagement"]);
    let refused = assume_root(&emulator, CALLER, DEVELOPMENT, AUDIT).await;
    assert_eq!(code(refused), (403, "AccessDenied".to_string()));
}

#[tokio::test]
async fn assume_root_takes_faults_by_target_account_and_the_sts_rate_limit() {
    let mut scenario = fixture();
    scenario.settings.rate_limits.sts = Some(1.0);
    scenario.faults = Scenario::from_toml_str(
        "[organization]\nid = \"o-x\"\nmanagement_account = \"111111111111\"\n[[accounts]]\nid = \"111111111111\"\nname = \"M\"\n\
         [[faults]]\naccount = \"333333333333\"\naction = \"AssumeRoot\"\nkind = \"access_denied\"\n",
    )
    .map(|parsed| parsed.faults)
    .unwrap_or_default();
    let emulator = TestEmulator::new(scenario);
    let denied = assume_root(&emulator, CALLER, PRODUCTION, AUDIT).await;
    assert_eq!(denied.value("Code"), "AccessDenied");
    assert!(denied.value("Message").contains("sts:AssumeRoot"));
    let throttled = assume_root(&emulator, CALLER, DEVELOPMENT, AUDIT).await;
    assert_eq!(
        (throttled.status, throttled.value("Code").as_str()),
        (400, "Throttling")
    );
}
