//! The audit against moto's server, a third-party AWS emulator installed from PyPI by
//! `scripts/test`: an organization built with boto3, IAM authorization switched on, one member whose
//! audit role cannot read IAM. moto does not implement CloudTrail LookupEvents, so these runs use
//! `--no-cloudtrail`; CloudTrail is covered against the project's emulator.
//!
//! The test fails, never skips, when moto is missing: run `scripts/test`, which installs it.

mod common;

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;

use common::moto::{Moto, venv_tool};
use common::{row_where, rows_where};

/// Longer than the ~120-line guide on purpose: one organization built once in moto (the slowest
/// step) and checked report by report; split, each part would rebuild it.
#[test]
fn an_organization_in_moto_is_audited_field_by_field() {
    let moto = Moto::start();
    let python = venv_tool("IAM_AUDIT_TEST_PYTHON", "python");
    let setup = Command::new(python)
        .arg(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/moto/setup_organization.py"))
        .arg(&moto.url)
        .env("NO_PROXY", "127.0.0.1,localhost")
        .output()
        .expect("the setup script runs");
    assert!(
        setup.status.success(),
        "setup failed: {}",
        String::from_utf8_lossy(&setup.stderr)
    );
    let made: serde_json::Value = serde_json::from_slice(&setup.stdout).expect("setup prints JSON");
    let key_id = made["auditor"]["access_key_id"]
        .as_str()
        .expect("auditor key")
        .to_string();
    let secret = made["auditor"]["secret_access_key"]
        .as_str()
        .expect("auditor secret")
        .to_string();
    let denied = made["accounts"]["Denied"]
        .as_str()
        .expect("denied account")
        .to_string();

    let outcome = common::run_with(
        Some(&moto.url),
        &[
            "--role",
            "AuditRole",
            "--no-cloudtrail",
            // moto implements no service last accessed report (tested on the emulator, usage.rs).
            "--last-accessed",
            "off",
            "--lang",
            "en",
            "--format",
            "csv,json",
        ],
        |command| {
            command
                .env("AWS_ACCESS_KEY_ID", &key_id)
                .env("AWS_SECRET_ACCESS_KEY", &secret);
        },
    );
    assert_eq!(
        outcome.code,
        2,
        "the denied member makes the audit incomplete: {}",
        outcome.all_output()
    );

    let keys = outcome.report("iam_audit_report");
    let expected = made["keys"].as_object().expect("keys");
    for (id, key) in expected {
        let account = key["account"].as_str().unwrap_or_default();
        if account == denied {
            assert!(
                rows_where(&keys, "access_key_id", id).is_empty(),
                "nothing is read in the denied account"
            );
            continue;
        }
        let row = row_where(&keys, "access_key_id", id);
        assert_eq!(row["account_id"], account);
        assert_eq!(row["username"], key["user"].as_str().unwrap_or_default());
        assert_eq!(
            row["status"],
            key["status"].as_str().unwrap_or_default(),
            "{id}"
        );
        assert_eq!(
            row["mfa_status"],
            key["mfa"].as_str().unwrap_or_default(),
            "{id}"
        );
        assert_eq!(
            row["password_status"],
            key["password"].as_str().unwrap_or_default(),
            "{id}"
        );
        if key["used"].as_bool() == Some(true) {
            assert!(
                row["last_used_date"].starts_with("20"),
                "a key that signed a request has a last use: {row:?}"
            );
            assert_eq!(row["service_name"], "sts");
            assert_eq!(row["last_used_region"], "us-east-1");
        } else {
            assert_eq!(row["last_used_date"], "Never used");
            assert_eq!(row["service_name"], "N/A");
        }
        if key["mfa"] == "Virtual" {
            assert_eq!(row["mfa_devices"], "1");
        }
    }
    // The management account is audited with the caller's own credentials.
    let auditor = row_where(&keys, "username", "auditor");
    assert_eq!(auditor["account_id"], "123456789012");
    assert_eq!(auditor["access_key_id"], key_id);

    // Every user of every readable account is in the users report, keys or not.
    let users = outcome.report("iam_users_report");
    for (account, names) in made["users"].as_object().expect("users") {
        let reported: BTreeSet<&str> = rows_where(&users, "account_id", account)
            .iter()
            .map(|row| row["username"].as_str())
            .collect();
        let names: BTreeSet<&str> = names
            .as_array()
            .expect("names")
            .iter()
            .filter_map(|name| name.as_str())
            .collect();
        if account == &denied {
            assert!(reported.is_empty());
        } else {
            assert_eq!(reported, names, "account {account}");
        }
    }
    let console_only = row_where(&users, "username", "console-only");
    assert_eq!(console_only["password_status"], "Configured");
    assert_eq!(console_only["mfa_status"], "None");
    assert_eq!(console_only["access_keys"], "0");

    check_other_credentials(&outcome, &made, &denied);
    check_password_policies(&outcome, &made, &denied);

    // The denied account: in the errors report with each API and the access-denied class. moto
    // implements neither ListOrganizationsFeatures, ListServiceSpecificCredentials nor IAM Access
    // Analyzer (HTTP 500): reported as failed reads, not guessed.
    let errors = outcome.report("audit_errors");
    let failures: BTreeSet<(&str, &str, &str)> = errors
        .iter()
        .map(|row| {
            (
                row["account_id"].as_str(),
                row["api"].as_str(),
                row["error_kind"].as_str(),
            )
        })
        .collect();
    let mut expected_failures = BTreeSet::from([
        (denied.as_str(), "iam:ListUsers", "access_denied"),
        (denied.as_str(), "iam:GetAccountSummary", "access_denied"),
        (
            denied.as_str(),
            "iam:ListVirtualMFADevices",
            "access_denied",
        ),
        (
            denied.as_str(),
            "iam:GetAccountPasswordPolicy",
            "access_denied",
        ),
        (
            denied.as_str(),
            "iam:GetAccountAuthorizationDetails",
            "access_denied",
        ),
        (
            denied.as_str(),
            "iam:ListServiceSpecificCredentials",
            "access_denied",
        ),
        (
            denied.as_str(),
            "iam:ListServerCertificates",
            "access_denied",
        ),
        (
            denied.as_str(),
            "access-analyzer:ListAnalyzers",
            "service_unavailable",
        ),
        (
            "123456789012",
            "iam:ListOrganizationsFeatures",
            "service_unavailable",
        ),
    ]);
    let readable: Vec<&str> = made["accounts"]
        .as_object()
        .expect("accounts")
        .values()
        .filter_map(|id| id.as_str())
        .filter(|id| *id != denied)
        .chain(["123456789012"])
        .collect();
    for account in &readable {
        expected_failures.insert((
            account,
            "iam:ListServiceSpecificCredentials",
            "service_unavailable",
        ));
        expected_failures.insert((
            account,
            "access-analyzer:ListAnalyzers",
            "service_unavailable",
        ));
    }
    assert_eq!(failures, expected_failures, "{errors:?}");
    for row in rows_where(&errors, "account_id", &denied) {
        assert_eq!(row["account_name"], "Denied");
        // moto answers Access Analyzer with a 500 before any policy is checked.
        if row["api"].starts_with("iam:") {
            assert!(row["message"].contains("403"), "{row:?}");
        }
    }
    // The console names the first failed read by API name (moto's missing Access Analyzer sorts
    // first) and counts the others.
    assert!(
        outcome.stdout.lines().any(|line| line
            .starts_with("Error in account Denied: access-analyzer:ListAnalyzers")
            && line.ends_with("(+7)")),
        "{}",
        outcome.stdout
    );
    check_credential_report_path(&moto, &key_id, &secret, &outcome);
    assert!(
        !outcome.all_output().contains(&secret),
        "the secret key never reaches the output"
    );
}

/// The SSH keys and signing certificates moto holds, field by field in the credentials report
/// (the certificates' expiry read from their bodies), and the findings they make.
fn check_other_credentials(outcome: &common::Outcome, made: &serde_json::Value, denied: &str) {
    let rows = outcome.report("credentials_report");
    let expected = made["credentials"].as_object().expect("credentials");
    assert_eq!(rows.len(), expected.len(), "{rows:?}");
    for (id, credential) in expected {
        let row = row_where(&rows, "id", id);
        assert_ne!(row["account_id"], denied);
        for (column, key) in [
            ("account_id", "account"),
            ("username", "user"),
            ("kind", "kind"),
            ("status", "status"),
            ("expires", "expires"),
        ] {
            assert_eq!(
                row[column],
                credential[key].as_str().unwrap_or_default(),
                "{id} {column}"
            );
        }
        assert!(row["created"].starts_with("20"), "{row:?}");
        assert_eq!(row["age_days"], "0");
        assert_eq!(row["service"], "");
    }
    // The Production certificate is active and expired; the inactive SSH keys make nothing.
    let findings = outcome.report("findings");
    let expired: Vec<_> = rows_where(&findings, "rule_id", "CRT002");
    assert_eq!(expired.len(), 1, "{findings:?}");
    assert_eq!(expired[0]["user_name"], "production-service");
    assert!(rows_where(&findings, "rule_id", "SSH001").is_empty());
    let users = outcome.report("iam_users_report");
    let service = row_where(&users, "username", "production-service");
    assert_eq!(service["ssh_public_keys"], "1");
    assert_eq!(service["signing_certificates"], "1");
    assert_eq!(
        service["service_specific_credentials"], "Unknown",
        "moto cannot list them: unknown, never 0"
    );
}

/// Each account's password policy in the JSON report (set, none, or unknown where denied), and
/// the findings: none set in Development, a weak one in the management account.
fn check_password_policies(outcome: &common::Outcome, made: &serde_json::Value, denied: &str) {
    let report: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(outcome.report_file("iam_audit", "json")).expect("JSON"),
    )
    .expect("parses");
    let statuses: std::collections::BTreeMap<String, String> = report["password_policies"]
        .as_array()
        .expect("policies")
        .iter()
        .map(|entry| {
            (
                entry["account_id"].as_str().unwrap_or_default().to_string(),
                entry["status"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    for (account, status) in made["password_policies"].as_object().expect("policies") {
        let expected = if account == denied {
            "unknown"
        } else {
            status.as_str().unwrap_or_default()
        };
        assert_eq!(statuses[account], expected, "{account}");
    }
    let production = &report["password_policies"]
        .as_array()
        .and_then(|entries| {
            entries
                .iter()
                .find(|entry| entry["account_id"] == made["accounts"]["Production"])
        })
        .expect("Production's")["policy"];
    assert_eq!(production["minimum_password_length"], 14);
    assert_eq!(production["password_reuse_prevention"], 24);
    assert_eq!(production["max_password_age"], 90);
    assert_eq!(production["require_symbols"], true);
    let findings = outcome.report("findings");
    let accounts_of = |rule: &str| -> BTreeSet<String> {
        rows_where(&findings, "rule_id", rule)
            .iter()
            .map(|row| row["account_id"].clone())
            .collect()
    };
    let development = made["accounts"]["Development"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert_eq!(accounts_of("PWP001"), BTreeSet::from([development]));
    for rule in ["PWP002", "PWP003", "PWP004"] {
        assert_eq!(
            accounts_of(rule),
            BTreeSet::from(["123456789012".to_string()]),
            "{rule}"
        );
    }
}

/// The same organization through the credential report: the same keys and credentials, and
/// moto's `not_supported` sentinels (in each key's last service and region) read as "no value"
/// (issue 15), never as a service named "not_supported". moto writes `N/A` for every
/// certificate slot's upload date and only marks active ones, so the inactive certificate is not
/// listed on this path (AWS writes the date); everything else matches the API path.
fn check_credential_report_path(moto: &Moto, key_id: &str, secret: &str, api: &common::Outcome) {
    let outcome = common::run_with(
        Some(&moto.url),
        &[
            "--role",
            "AuditRole",
            "--no-cloudtrail",
            // moto implements no service last accessed report (tested on the emulator, usage.rs).
            "--last-accessed",
            "off",
            "--lang",
            "en",
            "--iam-source",
            "credential-report",
        ],
        |command| {
            command
                .env("AWS_ACCESS_KEY_ID", key_id)
                .env("AWS_SECRET_ACCESS_KEY", secret);
        },
    );
    assert_eq!(outcome.code, 2, "{}", outcome.all_output());
    let api_keys = api.report("iam_audit_report");
    for row in outcome.report("iam_audit_report") {
        assert!(
            !row.values().any(|value| value == "not_supported"),
            "a sentinel passed through: {row:?}"
        );
        let same = row_where(&api_keys, "access_key_id", &row["access_key_id"]);
        assert_eq!(row["status"], same["status"], "{row:?}");
        if row["access_key_id"] != key_id {
            // The caller's own key signed this run's requests since.
            assert_eq!(row["last_used_date"], same["last_used_date"], "{row:?}");
        }
        // moto's report says `not_supported` where AWS's names the service and region.
        assert_eq!(row["service_name"], "N/A", "{row:?}");
        assert_eq!(row["last_used_region"], "N/A", "{row:?}");
    }
    let inactive_certificate =
        |row: &&common::Row| row["kind"] == "signing_certificate" && row["status"] == "Inactive";
    let through_report: Vec<common::Row> = outcome.report("credentials_report");
    let through_api: Vec<common::Row> = api
        .report("credentials_report")
        .into_iter()
        .filter(|row| !inactive_certificate(&row))
        .collect();
    assert_eq!(
        through_report,
        through_api,
        "{:?}",
        outcome.report("audit_errors")
    );
}

/// moto answers ListAccounts outside an organization with an empty list and raises
/// AWSOrganizationsNotInUseException only on DescribeOrganization (AWS raises it on both): the
/// caller's account is still audited alone (issue 12), and everything moto implements is read.
#[test]
fn an_account_without_an_organization_in_moto_is_audited_alone() {
    let moto = Moto::start();
    let python = venv_tool("IAM_AUDIT_TEST_PYTHON", "python");
    let setup = Command::new(python)
        .args([
            "-c",
            "import boto3, sys\niam = boto3.client('iam', endpoint_url=sys.argv[1], region_name='us-east-1', aws_access_key_id='AKIASETUP', aws_secret_access_key='x')\nfor name in ['solo-ci', 'solo-admin']:\n    iam.create_user(UserName=name)\n    iam.create_access_key(UserName=name)\n",
            &moto.url,
        ])
        .env("NO_PROXY", "127.0.0.1,localhost")
        .output()
        .expect("the setup runs");
    assert!(
        setup.status.success(),
        "{}",
        String::from_utf8_lossy(&setup.stderr)
    );
    // moto implements no service last accessed report (tested on the emulator, usage.rs).
    let outcome = common::run(
        Some(&moto.url),
        &["--no-cloudtrail", "--last-accessed", "off", "--lang", "en"],
    );
    // moto implements neither ListServiceSpecificCredentials nor IAM Access Analyzer: the reads
    // that fail, and they make the run incomplete rather than "no credentials".
    assert_eq!(outcome.code, 2, "{}", outcome.all_output());
    assert!(
        outcome
            .stdout
            .contains("Account 123456789012 is not in an AWS Organization"),
        "{}",
        outcome.stdout
    );
    let users: BTreeSet<String> = outcome
        .report("iam_users_report")
        .iter()
        .map(|row| row["username"].clone())
        .collect();
    assert_eq!(
        users,
        BTreeSet::from(["solo-admin".to_string(), "solo-ci".to_string()])
    );
    assert_eq!(outcome.report("iam_audit_report").len(), 2);
    let failed: Vec<(String, String)> = outcome
        .report("audit_errors")
        .iter()
        .map(|row| (row["api"].clone(), row["error_kind"].clone()))
        .collect();
    assert_eq!(
        failed,
        [
            (
                "access-analyzer:ListAnalyzers".to_string(),
                "service_unavailable".to_string()
            ),
            (
                "iam:ListServiceSpecificCredentials".to_string(),
                "service_unavailable".to_string()
            )
        ]
    );
}
