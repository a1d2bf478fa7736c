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
        &["--role", "AuditRole", "--no-cloudtrail", "--lang", "en"],
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

    // The denied account: in the errors report with each API and the access-denied class. moto
    // does not implement ListOrganizationsFeatures: reported as a failed read, not guessed.
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
    assert_eq!(
        failures,
        BTreeSet::from([
            (denied.as_str(), "iam:ListUsers", "access_denied"),
            (denied.as_str(), "iam:GetAccountSummary", "access_denied"),
            (
                denied.as_str(),
                "iam:ListVirtualMFADevices",
                "access_denied"
            ),
            (
                "123456789012",
                "iam:ListOrganizationsFeatures",
                "service_unavailable"
            ),
        ]),
        "{errors:?}"
    );
    for row in rows_where(&errors, "account_id", &denied) {
        assert_eq!(row["account_name"], "Denied");
        assert!(row["message"].contains("403"), "{row:?}");
    }
    assert!(
        outcome.stdout.lines().any(|line| line
            .starts_with("Error in account Denied: iam:GetAccountSummary (access_denied)")
            && line.ends_with("(+2)")),
        "{}",
        outcome.stdout
    );
    assert!(
        !outcome.all_output().contains(&secret),
        "the secret key never reaches the output"
    );
}

/// moto answers ListAccounts outside an organization with an empty list and raises
/// AWSOrganizationsNotInUseException only on DescribeOrganization (AWS raises it on both): the
/// caller's account is still audited alone, and the run is complete (issue 12).
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
    let outcome = common::run(Some(&moto.url), &["--no-cloudtrail", "--lang", "en"]);
    assert_eq!(outcome.code, 0, "{}", outcome.all_output());
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
    assert!(outcome.report("audit_errors").is_empty());
}
