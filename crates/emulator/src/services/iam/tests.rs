//! Tests of the IAM actions for long-term credentials and of the credential report, through the
//! emulator's whole request path (identity, rate limits, faults, call log) without a socket.
//! GetAccountAuthorizationDetails and the user policy lists have theirs in [`authorization`].

mod authorization;

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Uri};
use base64::Engine;
use chrono::{Duration, Utc};

use crate::protocol::iso8601;
use crate::scenario::Scenario;
use crate::server::{Identity, Session, Shared, handle};

/// Alice, Bob and Carol in a management account without a password policy; Dave in a member
/// account with one.
const FIXTURE: &str = include_str!("../../../tests/fixtures/long-term-credentials.toml");

/// Signs as the scenario's caller (credentials the emulator did not issue).
const CALLER: &str = "AKIAEMULATORCALLER01";

struct Emulator {
    shared: Arc<Shared>,
}

/// An answer: HTTP status and body.
struct Answer {
    status: u16,
    body: String,
}

impl Answer {
    /// The texts of every `<tag>` element, in order.
    fn values(&self, tag: &str) -> Vec<String> {
        let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
        let mut values = Vec::new();
        let mut rest = self.body.as_str();
        while let Some(start) = rest.find(&open) {
            let after = &rest[start + open.len()..];
            let Some(end) = after.find(&close) else {
                break;
            };
            values.push(after[..end].to_string());
            rest = &after[end + close.len()..];
        }
        values
    }

    /// The text of the first `<tag>`, or "".
    fn value(&self, tag: &str) -> String {
        self.values(tag).into_iter().next().unwrap_or_default()
    }

    /// The first `<tag>` element's content, as an answer of its own (empty when absent).
    fn section(&self, tag: &str) -> Answer {
        Answer {
            status: self.status,
            body: self.value(tag),
        }
    }

    fn error_code(&self) -> String {
        self.value("Code")
    }
}

impl Emulator {
    fn new(scenario: Scenario) -> Emulator {
        Emulator {
            shared: Arc::new(Shared::new(scenario, Utc::now())),
        }
    }

    fn fixture() -> Emulator {
        Emulator::new(fixture())
    }

    /// Credentials of an assumed role in `account_id`.
    fn assume(&self, account_id: &str) -> String {
        self.shared.issue_session(Session {
            identity: Identity::new(
                account_id,
                &format!("arn:aws:sts::{account_id}:assumed-role/AWSControlTowerExecution/test"),
                "AROAEXAMPLE:test",
            ),
            expires: Utc::now() + Duration::hours(1),
        })
    }

    async fn call(&self, access_key_id: &str, action: &str, parameters: &[(&str, &str)]) -> Answer {
        let mut headers = HeaderMap::new();
        let authorization = format!(
            "AWS4-HMAC-SHA256 Credential={access_key_id}/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0"
        );
        if let Ok(value) = HeaderValue::from_str(&authorization) {
            headers.insert("authorization", value);
        }
        let mut form = form_urlencoded::Serializer::new(String::new());
        form.append_pair("Action", action)
            .append_pair("Version", "2010-05-08");
        for (name, value) in parameters {
            form.append_pair(name, value);
        }
        let response = handle(
            State(Arc::clone(&self.shared)),
            axum::http::Method::POST,
            headers,
            Uri::from_static("/"),
            Bytes::from(form.finish()),
        )
        .await;
        let status = response.status().as_u16();
        let body = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
            .unwrap_or_default();
        Answer { status, body }
    }

    /// Every page of a list action, following `Marker`, with `MaxItems`.
    async fn pages(
        &self,
        access_key_id: &str,
        action: &str,
        parameters: &[(&str, &str)],
        max_items: &str,
    ) -> Vec<Answer> {
        let mut answers: Vec<Answer> = Vec::new();
        let mut marker: Option<String> = None;
        loop {
            let mut all: Vec<(&str, &str)> = parameters.to_vec();
            all.push(("MaxItems", max_items));
            if let Some(marker) = &marker {
                all.push(("Marker", marker));
            }
            let answer = self.call(access_key_id, action, &all).await;
            assert_eq!(answer.status, 200, "{}", answer.body);
            marker = (answer.value("IsTruncated") == "true").then(|| answer.value("Marker"));
            answers.push(answer);
            if marker.is_none() || answers.len() > 100 {
                return answers;
            }
        }
    }

    async fn credential_report(&self, access_key_id: &str) -> Vec<csv::StringRecord> {
        self.call(access_key_id, "GenerateCredentialReport", &[])
            .await;
        let answer = self.call(access_key_id, "GetCredentialReport", &[]).await;
        assert_eq!(answer.status, 200, "{}", answer.body);
        let content = base64::engine::general_purpose::STANDARD
            .decode(answer.value("Content"))
            .unwrap_or_default();
        let mut reader = csv::Reader::from_reader(content.as_slice());
        let header = reader.headers().cloned().unwrap_or_default();
        assert_eq!(
            header.iter().collect::<Vec<_>>(),
            super::credential_report::COLUMNS
        );
        reader.records().flatten().collect()
    }
}

fn fixture() -> Scenario {
    match Scenario::from_toml_str(FIXTURE) {
        Ok(scenario) => scenario,
        Err(error) => panic!("the fixture is invalid: {error}"),
    }
}

fn field<'a>(record: &'a csv::StringRecord, column: &str) -> &'a str {
    let index = super::credential_report::COLUMNS
        .iter()
        .position(|name| *name == column)
        .unwrap_or(usize::MAX);
    record.get(index).unwrap_or("")
}

#[tokio::test]
async fn ssh_public_keys_are_listed_one_page_at_a_time() {
    let emulator = Emulator::fixture();
    let pages = emulator
        .pages(CALLER, "ListSSHPublicKeys", &[("UserName", "alice")], "1")
        .await;
    assert_eq!(pages.len(), 2);
    assert_eq!(pages[0].value("IsTruncated"), "true");
    assert_eq!(pages[1].value("IsTruncated"), "false");
    let ids: Vec<String> = pages
        .iter()
        .flat_map(|page| page.values("SSHPublicKeyId"))
        .collect();
    assert_eq!(ids, ["APKAALICEFIRST000001", "APKAALICESECOND00002"]);
    let statuses: Vec<String> = pages
        .iter()
        .flat_map(|page| page.values("Status"))
        .collect();
    assert_eq!(statuses, ["Active", "Inactive"]);
    let now = emulator.shared.world.now;
    assert_eq!(
        pages[0].value("UploadDate"),
        iso8601(now - Duration::days(400))
    );
    // The list shape carries no key body; GetSSHPublicKey does.
    assert!(!pages[0].body.contains("SSHPublicKeyBody"));
}

#[tokio::test]
async fn an_ssh_public_key_is_served_with_its_body_in_the_ssh_encoding() {
    let emulator = Emulator::fixture();
    let given = emulator
        .call(
            CALLER,
            "GetSSHPublicKey",
            &[
                ("UserName", "alice"),
                ("SSHPublicKeyId", "APKAALICESECOND00002"),
                ("Encoding", "SSH"),
            ],
        )
        .await;
    assert_eq!(given.status, 200, "{}", given.body);
    assert!(given.value("SSHPublicKeyBody").starts_with("ssh-ed25519 "));
    assert_eq!(
        given.value("Fingerprint"),
        "00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff"
    );
    let generated = emulator
        .call(
            CALLER,
            "GetSSHPublicKey",
            &[
                ("UserName", "alice"),
                ("SSHPublicKeyId", "APKAALICEFIRST000001"),
                ("Encoding", "SSH"),
            ],
        )
        .await;
    assert!(
        generated
            .value("SSHPublicKeyBody")
            .starts_with("ssh-rsa AAAA")
    );
    let unknown = emulator
        .call(
            CALLER,
            "GetSSHPublicKey",
            &[
                ("UserName", "alice"),
                ("SSHPublicKeyId", "APKANOSUCHKEY0000000"),
                ("Encoding", "SSH"),
            ],
        )
        .await;
    assert_eq!(
        (unknown.status, unknown.error_code().as_str()),
        (404, "NoSuchEntity")
    );
    let pem = emulator
        .call(
            CALLER,
            "GetSSHPublicKey",
            &[
                ("UserName", "alice"),
                ("SSHPublicKeyId", "APKAALICEFIRST000001"),
                ("Encoding", "PEM"),
            ],
        )
        .await;
    assert_eq!(
        (pem.status, pem.error_code().as_str()),
        (400, "ValidationError")
    );
}

#[tokio::test]
async fn signing_certificates_are_listed_with_their_pem_bodies() {
    let emulator = Emulator::fixture();
    let pages = emulator
        .pages(
            CALLER,
            "ListSigningCertificates",
            &[("UserName", "alice")],
            "1",
        )
        .await;
    assert_eq!(pages.len(), 2);
    let ids: Vec<String> = pages
        .iter()
        .flat_map(|page| page.values("CertificateId"))
        .collect();
    assert_eq!(
        ids,
        [
            "ALICECERTIFICATEFIRST000000000001",
            "ALICECERTIFICATESECOND00000000002"
        ]
    );
    for page in &pages {
        let body = page.value("CertificateBody");
        assert!(
            body.starts_with("-----BEGIN CERTIFICATE-----")
                && body.trim_end().ends_with("-----END CERTIFICATE-----"),
            "{body}"
        );
        assert_eq!(page.value("UserName"), "alice");
    }
    let none = emulator
        .call(CALLER, "ListSigningCertificates", &[("UserName", "carol")])
        .await;
    assert_eq!(none.status, 200);
    assert!(none.values("member").is_empty());
    assert_eq!(none.value("IsTruncated"), "false");
}

#[tokio::test]
async fn service_specific_credentials_of_one_user_or_of_all_users() {
    let emulator = Emulator::fixture();
    let alice = emulator
        .call(
            CALLER,
            "ListServiceSpecificCredentials",
            &[("UserName", "alice")],
        )
        .await;
    assert_eq!(
        alice.values("ServiceSpecificCredentialId"),
        [
            "ACCAALICECODECOMMIT01",
            "ACCAALICEBEDROCK00001",
            "ACCAALICEBEDROCKOLD01"
        ]
    );
    // Past its expiry, a credential is Expired whatever the scenario says; only credentials
    // with an expiry carry ExpirationDate, and only those with an alias ServiceCredentialAlias.
    assert_eq!(alice.values("Status"), ["Active", "Active", "Expired"]);
    assert_eq!(alice.values("ExpirationDate").len(), 2);
    assert_eq!(alice.values("ServiceCredentialAlias"), ["alice-bedrock-v1"]);
    assert_eq!(
        alice.values("ServiceUserName"),
        [
            "alice-at-111111111111",
            "alice-at-111111111111",
            "alice+1-at-111111111111"
        ]
    );
    // AllUsers, from an assumed role that is no IAM user, one page at a time.
    let role = emulator.assume("111111111111");
    let pages = emulator
        .pages(
            &role,
            "ListServiceSpecificCredentials",
            &[("AllUsers", "true")],
            "1",
        )
        .await;
    assert_eq!(pages.len(), 4);
    let owners: Vec<String> = pages
        .iter()
        .flat_map(|page| page.values("UserName"))
        .collect();
    assert_eq!(owners, ["alice", "alice", "alice", "bob"]);
    let bedrock = emulator
        .call(
            &role,
            "ListServiceSpecificCredentials",
            &[
                ("AllUsers", "true"),
                ("ServiceName", "bedrock.amazonaws.com"),
            ],
        )
        .await;
    assert_eq!(
        bedrock.values("ServiceSpecificCredentialId"),
        ["ACCAALICEBEDROCK00001", "ACCAALICEBEDROCKOLD01"]
    );
    let keyspaces = emulator
        .call(
            CALLER,
            "ListServiceSpecificCredentials",
            &[
                ("UserName", "bob"),
                ("ServiceName", "cassandra.amazonaws.com"),
            ],
        )
        .await;
    assert_eq!(keyspaces.values("Status"), ["Inactive"]);
    // Each account sees only its own users.
    let member = emulator.assume("222222222222");
    let dave = emulator
        .call(
            &member,
            "ListServiceSpecificCredentials",
            &[("AllUsers", "true")],
        )
        .await;
    assert_eq!(dave.values("UserName"), ["dave"]);
    assert_eq!(dave.values("ServiceUserName"), ["dave-at-222222222222"]);
}

#[tokio::test]
async fn without_user_name_the_calling_user_is_meant_and_a_role_must_name_one() {
    let emulator = Emulator::fixture();
    // The scenario's caller is alice.
    let own = emulator
        .call(CALLER, "ListServiceSpecificCredentials", &[])
        .await;
    assert_eq!(own.values("UserName"), ["alice", "alice", "alice"]);
    let own_keys = emulator.call(CALLER, "ListSSHPublicKeys", &[]).await;
    assert_eq!(own_keys.values("SSHPublicKeyId").len(), 2);
    let role = emulator.assume("111111111111");
    for action in [
        "ListServiceSpecificCredentials",
        "ListSSHPublicKeys",
        "ListSigningCertificates",
    ] {
        let answer = emulator.call(&role, action, &[]).await;
        assert_eq!(
            (answer.status, answer.error_code().as_str()),
            (400, "ValidationError"),
            "{action}"
        );
        assert!(
            answer.value("Message").contains("non-User credentials"),
            "{}",
            answer.body
        );
    }
    let both = emulator
        .call(
            &role,
            "ListServiceSpecificCredentials",
            &[("AllUsers", "true"), ("UserName", "alice")],
        )
        .await;
    assert_eq!(both.error_code(), "ValidationError");
    // AllUsers=false is no AllUsers.
    let explicit_false = emulator
        .call(
            CALLER,
            "ListServiceSpecificCredentials",
            &[("AllUsers", "false"), ("UserName", "bob")],
        )
        .await;
    assert_eq!(explicit_false.values("UserName"), ["bob"]);
}

#[tokio::test]
async fn the_refuse_all_users_setting_makes_all_users_a_validation_error() {
    let mut scenario = fixture();
    scenario.settings.refuse_all_users = true;
    let emulator = Emulator::new(scenario);
    let role = emulator.assume("111111111111");
    let refused = emulator
        .call(
            &role,
            "ListServiceSpecificCredentials",
            &[("AllUsers", "true")],
        )
        .await;
    assert_eq!(
        (refused.status, refused.error_code().as_str()),
        (400, "ValidationError")
    );
    // The per-user fallback still answers.
    let per_user = emulator
        .call(
            &role,
            "ListServiceSpecificCredentials",
            &[("UserName", "bob")],
        )
        .await;
    assert_eq!(per_user.values("UserName"), ["bob"]);
}

#[tokio::test]
async fn an_unknown_user_is_no_such_entity() {
    let emulator = Emulator::fixture();
    for action in [
        "ListSSHPublicKeys",
        "ListSigningCertificates",
        "ListServiceSpecificCredentials",
    ] {
        let answer = emulator
            .call(CALLER, action, &[("UserName", "mallory")])
            .await;
        assert_eq!(
            (answer.status, answer.error_code().as_str()),
            (404, "NoSuchEntity"),
            "{action}"
        );
        assert!(answer.value("Message").contains("mallory"));
    }
    // A user of another account is unknown here.
    let answer = emulator
        .call(
            CALLER,
            "ListServiceSpecificCredentials",
            &[("UserName", "dave")],
        )
        .await;
    assert_eq!(answer.error_code(), "NoSuchEntity");
}

#[tokio::test]
async fn the_password_policy_is_answered_or_no_such_entity() {
    let emulator = Emulator::fixture();
    let none = emulator.call(CALLER, "GetAccountPasswordPolicy", &[]).await;
    assert_eq!(
        (none.status, none.error_code().as_str()),
        (404, "NoSuchEntity")
    );
    assert!(
        none.value("Message")
            .contains("The Password Policy with domain name 111111111111 cannot be found"),
        "{}",
        none.body
    );
    let member = emulator.assume("222222222222");
    let policy = emulator
        .call(&member, "GetAccountPasswordPolicy", &[])
        .await;
    assert_eq!(policy.status, 200, "{}", policy.body);
    for (tag, value) in [
        ("MinimumPasswordLength", "14"),
        ("RequireSymbols", "true"),
        ("RequireNumbers", "true"),
        ("RequireUppercaseCharacters", "true"),
        ("RequireLowercaseCharacters", "true"),
        ("AllowUsersToChangePassword", "true"),
        ("ExpirePasswords", "true"),
        ("MaxPasswordAge", "90"),
        ("PasswordReusePrevention", "24"),
        ("HardExpiry", "true"),
    ] {
        assert_eq!(policy.value(tag), value, "{tag}");
    }
}

#[tokio::test]
async fn a_policy_without_expiry_or_reuse_prevention_leaves_them_out() {
    let emulator = Emulator::new(crate::demo_scenario());
    let security = emulator.assume("345678901234");
    let policy = emulator
        .call(&security, "GetAccountPasswordPolicy", &[])
        .await;
    assert_eq!(policy.value("MinimumPasswordLength"), "8");
    assert_eq!(policy.value("RequireSymbols"), "false");
    assert_eq!(policy.value("ExpirePasswords"), "false");
    assert!(policy.values("MaxPasswordAge").is_empty());
    assert!(policy.values("PasswordReusePrevention").is_empty());
    let development = emulator.assume("234567890123");
    let none = emulator
        .call(&development, "GetAccountPasswordPolicy", &[])
        .await;
    assert_eq!(none.error_code(), "NoSuchEntity");
}

#[tokio::test]
async fn the_credential_report_agrees_with_the_summary_and_the_lists() {
    let emulator = Emulator::fixture();
    let summary = emulator.call(CALLER, "GetAccountSummary", &[]).await;
    let entries: Vec<(String, String)> = summary
        .values("key")
        .into_iter()
        .zip(summary.values("value"))
        .collect();
    let entry = |name: &str| {
        entries
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.clone())
            .unwrap_or_default()
    };
    assert_eq!(entry("AccountSigningCertificatesPresent"), "1");
    assert_eq!(entry("AccountAccessKeysPresent"), "1");
    assert_eq!(entry("AccountPasswordPresent"), "1");
    let rows = emulator.credential_report(CALLER).await;
    let now = emulator.shared.world.now;
    let root = &rows[0];
    assert_eq!(field(root, "user"), "<root_account>");
    // IAM writes not_supported for the root's password_enabled; the last sign-in is the root's
    // latest ConsoleLogin.
    assert_eq!(field(root, "password_enabled"), "not_supported");
    assert_eq!(
        field(root, "password_last_used"),
        iso8601(now - Duration::days(4))
    );
    assert_eq!(field(root, "mfa_active"), "true");
    assert_eq!(field(root, "access_key_1_active"), "true");
    assert_eq!(
        field(root, "access_key_1_last_rotated"),
        iso8601(now - Duration::days(700))
    );
    assert_eq!(field(root, "access_key_1_last_used_region"), "eu-west-1");
    assert_eq!(field(root, "access_key_2_active"), "false");
    assert_eq!(field(root, "cert_1_active"), "true");
    assert_eq!(
        field(root, "cert_1_last_rotated"),
        iso8601(now - Duration::days(30))
    );
    assert_eq!(
        (
            field(root, "cert_2_active"),
            field(root, "cert_2_last_rotated")
        ),
        ("false", "N/A")
    );
    // Alice's certificate columns are ListSigningCertificates' statuses and upload dates.
    let listed = emulator
        .call(CALLER, "ListSigningCertificates", &[("UserName", "alice")])
        .await;
    let alice = rows
        .iter()
        .find(|row| field(row, "user") == "alice")
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        [
            field(&alice, "cert_1_active"),
            field(&alice, "cert_2_active")
        ],
        ["true", "false"]
    );
    assert_eq!(
        vec![
            field(&alice, "cert_1_last_rotated").to_string(),
            field(&alice, "cert_2_last_rotated").to_string()
        ],
        listed.values("UploadDate")
    );
    // Without a policy that expires passwords there is no next rotation.
    assert_eq!(field(&alice, "password_next_rotation"), "N/A");
    let carol = rows
        .iter()
        .find(|row| field(row, "user") == "carol")
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        [
            field(&carol, "password_enabled"),
            field(&carol, "password_last_used"),
            field(&carol, "cert_1_active"),
            field(&carol, "cert_1_last_rotated")
        ],
        ["false", "N/A", "false", "N/A"]
    );
    // With MaxPasswordAge, the next rotation is the last change plus the age.
    let member = emulator.assume("222222222222");
    let member_rows = emulator.credential_report(&member).await;
    let dave = &member_rows[1];
    assert_eq!(
        field(dave, "password_next_rotation"),
        iso8601(now - Duration::days(30) + Duration::days(90))
    );
    let member_root = &member_rows[0];
    assert_eq!(
        [
            field(member_root, "password_last_used"),
            field(member_root, "mfa_active"),
            field(member_root, "cert_1_active")
        ],
        ["no_information", "false", "false"]
    );
}

#[tokio::test]
async fn the_demo_report_shows_root_sign_ins_and_the_security_roots_certificate() {
    let emulator = Emulator::new(crate::demo_scenario());
    let now = emulator.shared.world.now;
    let development = emulator.assume("234567890123");
    let rows = emulator.credential_report(&development).await;
    assert_eq!(
        field(&rows[0], "password_last_used"),
        iso8601(now - Duration::days(20))
    );
    assert_eq!(field(&rows[0], "access_key_1_active"), "true");
    let security = emulator.assume("345678901234");
    let rows = emulator.credential_report(&security).await;
    assert_eq!(field(&rows[0], "cert_1_active"), "true");
    assert_eq!(field(&rows[0], "password_last_used"), "no_information");
    let summary = emulator.call(&security, "GetAccountSummary", &[]).await;
    assert!(
        summary
            .body
            .contains("<key>AccountSigningCertificatesPresent</key><value>1</value>")
    );
}

#[tokio::test]
async fn faults_hit_the_new_actions_by_name_and_account_and_calls_are_logged() {
    let mut scenario = fixture();
    let faults = Scenario::from_toml_str(
        r#"
        [organization]
        id = "o-x"
        management_account = "111111111111"
        [[accounts]]
        id = "111111111111"
        name = "M"
        [[faults]]
        account = "222222222222"
        action = "ListSSHPublicKeys"
        kind = "access_denied"
        [[faults]]
        action = "GetAccountPasswordPolicy"
        kind = "throttle"
        count = 1
        "#,
    );
    scenario.faults = faults.map(|parsed| parsed.faults).unwrap_or_default();
    assert_eq!(scenario.faults.len(), 2);
    let emulator = Emulator::new(scenario);
    let member = emulator.assume("222222222222");
    let denied = emulator
        .call(&member, "ListSSHPublicKeys", &[("UserName", "dave")])
        .await;
    assert_eq!(
        (denied.status, denied.error_code().as_str()),
        (403, "AccessDenied")
    );
    assert!(denied.value("Message").contains("iam:ListSSHPublicKeys"));
    // Another account, and another action in the same account, are not hit.
    let management = emulator
        .call(CALLER, "ListSSHPublicKeys", &[("UserName", "alice")])
        .await;
    assert_eq!(management.status, 200);
    let other_action = emulator
        .call(&member, "ListSigningCertificates", &[("UserName", "dave")])
        .await;
    assert_eq!(other_action.status, 200);
    let throttled = emulator
        .call(&member, "GetAccountPasswordPolicy", &[])
        .await;
    assert_eq!(throttled.error_code(), "Throttling");
    let retried = emulator
        .call(&member, "GetAccountPasswordPolicy", &[])
        .await;
    assert_eq!(retried.status, 200);
    let calls = emulator.shared.calls();
    let logged: Vec<(&str, &str, u16, Option<&str>)> = calls
        .iter()
        .map(|call| {
            (
                call.account_id.as_str(),
                call.iam_action.as_str(),
                call.status,
                call.error_code.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        logged,
        [
            (
                "222222222222",
                "iam:ListSSHPublicKeys",
                403,
                Some("AccessDenied")
            ),
            ("111111111111", "iam:ListSSHPublicKeys", 200, None),
            ("222222222222", "iam:ListSigningCertificates", 200, None),
            (
                "222222222222",
                "iam:GetAccountPasswordPolicy",
                400,
                Some("Throttling")
            ),
            ("222222222222", "iam:GetAccountPasswordPolicy", 200, None),
        ]
    );
}

#[tokio::test]
async fn the_new_actions_share_the_accounts_rate_limit() {
    let mut scenario = fixture();
    scenario.settings.rate_limits.iam = Some(1.0);
    let emulator = Emulator::new(scenario);
    let first = emulator
        .call(CALLER, "ListSSHPublicKeys", &[("UserName", "alice")])
        .await;
    assert_eq!(first.status, 200);
    let second = emulator
        .call(
            CALLER,
            "ListServiceSpecificCredentials",
            &[("AllUsers", "true")],
        )
        .await;
    assert_eq!(second.error_code(), "Throttling");
}

#[tokio::test]
async fn server_certificates_are_listed_with_their_expiry_under_a_path_prefix() {
    let scenario = Scenario::from_toml_str(include_str!("../../../tests/fixtures/resources.toml"));
    let scenario = scenario.unwrap_or_else(|error| panic!("the fixture loads: {error}"));
    let mut faulty = scenario.clone();
    faulty.faults = Scenario::from_toml_str(
        "[organization]\nid = \"o-x\"\nmanagement_account = \"111111111111\"\n[[accounts]]\nid = \"111111111111\"\nname = \"M\"\n\
         [[faults]]\naccount = \"222222222222\"\naction = \"ListServerCertificates\"\nkind = \"access_denied\"\n",
    )
    .map(|parsed| parsed.faults)
    .unwrap_or_default();
    let emulator = Emulator::new(scenario);
    let member = emulator.assume("222222222222");
    let pages = emulator
        .pages(&member, "ListServerCertificates", &[], "2")
        .await;
    assert_eq!(pages.len(), 2);
    let names: Vec<String> = pages
        .iter()
        .flat_map(|page| page.values("ServerCertificateName"))
        .collect();
    assert_eq!(names, ["api-2026", "legacy-elb", "www"]);
    let first = pages[0].section("member");
    assert_eq!(first.value("Path"), "/cloudfront/");
    assert_eq!(first.value("ServerCertificateId"), "ASCAAPI2026CERTIFICATE");
    assert_eq!(
        first.value("Arn"),
        "arn:aws:iam::222222222222:server-certificate/cloudfront/api-2026"
    );
    let now = emulator.shared.world.now;
    assert_eq!(
        pages[0].values("Expiration")[1],
        iso8601(now - Duration::days(10))
    );
    assert_eq!(
        pages[0].values("UploadDate")[1],
        iso8601(now - Duration::days(800))
    );
    let under = emulator
        .call(
            &member,
            "ListServerCertificates",
            &[("PathPrefix", "/cloudfront/")],
        )
        .await;
    assert_eq!(under.values("ServerCertificateName"), ["api-2026"]);
    let none = emulator.call(CALLER, "ListServerCertificates", &[]).await;
    assert_eq!(none.status, 200);
    assert!(none.values("ServerCertificateName").is_empty());
    assert!(
        none.body
            .contains("<ServerCertificateMetadataList></ServerCertificateMetadataList>")
    );
    let denied_emulator = Emulator::new(faulty);
    let member = denied_emulator.assume("222222222222");
    let denied = denied_emulator
        .call(&member, "ListServerCertificates", &[])
        .await;
    assert_eq!(
        (denied.status, denied.error_code().as_str()),
        (403, "AccessDenied")
    );
}
