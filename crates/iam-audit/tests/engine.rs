//! The engine against the emulator's limits: client-side rate limiting keeps every account under
//! its limits (no throttling provoked), assumed-role credentials renew themselves when they expire
//! mid-run, and the credential-report path reads the same data with fewer calls.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::{Emulator, run_with};
use iam_audit_emulator::Scenario;

fn organization(settings: &str) -> Scenario {
    let users: Vec<String> = (0..8)
        .map(|index| {
            let keys = match index % 3 {
                0 => "access_keys = []".to_string(),
                1 => format!("access_keys = [ {{ id = \"AKIAUSER{index:012}\", created = \"-{}d\", last_used = {{ date = \"-3d\", service = \"s3\", region = \"eu-west-1\" }} }} ]", 100 + index),
                _ => format!("access_keys = [ {{ id = \"AKIAUSER{index:012}\", created = \"-{}d\" }}, {{ id = \"AKIAUSES{index:012}\", status = \"Inactive\", created = \"-{}d\" }} ]", 50 + index, 300 + index),
            };
            let password = if index % 2 == 0 { "password = { created = \"-100d\", last_used = \"-5d\" }," } else { "" };
            let mfa = if index % 4 == 0 { "mfa = [{ kind = \"virtual\" }]," } else { "" };
            format!("  {{ name = \"user-{index}\", created = \"-400d\", {password} {mfa} {keys} }},")
        })
        .collect();
    let users = users.join("\n");
    let text = format!(
        r#"
[organization]
id = "o-engine"
management_account = "111111111111"

[settings]
{settings}

[[accounts]]
id = "111111111111"
name = "Management"

[[accounts]]
id = "222222222222"
name = "Alpha"
roles = ["AWSControlTowerExecution"]
users = [
{users}
]
events = [ {{ name = "CreateUser", time = "-2d", username = "admin", resources = ["user-1"] }} ]

[[accounts]]
id = "333333333333"
name = "Beta"
roles = ["AWSControlTowerExecution"]
users = [
{users}
]
"#
    );
    Scenario::from_toml_str(&text).expect("valid scenario")
}

fn throttled(emulator: &Emulator) -> usize {
    emulator
        .calls()
        .iter()
        .filter(|call| {
            matches!(
                call.error_code.as_deref(),
                Some("Throttling" | "ThrottlingException" | "TooManyRequestsException")
            )
        })
        .count()
}

#[test]
fn client_side_limits_keep_every_account_under_its_rate() {
    let emulator = Emulator::start(organization(
        "rate_limits = { iam = 8.0, cloudtrail = 2.0 }",
    ));
    let outcome = run_with(
        Some(&emulator.url()),
        &["--iam-rate", "8", "--cloudtrail-rate", "2"],
        |_| {},
    );
    assert_eq!(outcome.code, 0, "{}", outcome.all_output());
    assert_eq!(throttled(&emulator), 0, "pacing provokes no throttling");
    // No account ever saw more IAM requests in a second than its limit allows.
    let mut per_second: BTreeMap<(String, i64), usize> = BTreeMap::new();
    for call in emulator
        .calls()
        .iter()
        .filter(|call| call.service == iam_audit_emulator::Service::Iam)
    {
        *per_second
            .entry((call.account_id.clone(), call.time.timestamp_millis() / 1000))
            .or_default() += 1;
    }
    let busiest = per_second.values().max().copied().unwrap_or(0);
    assert!(
        busiest <= 9,
        "at most the rate (+1 for a second boundary) per account: {busiest}"
    );
    // Both members were audited at the same time, not one after the other.
    let window = |account: &str| {
        let times: Vec<i64> = emulator
            .calls()
            .iter()
            .filter(|call| {
                call.account_id == account && call.service == iam_audit_emulator::Service::Iam
            })
            .map(|call| call.time.timestamp_millis())
            .collect();
        (
            times.iter().min().copied().unwrap_or(0),
            times.iter().max().copied().unwrap_or(0),
        )
    };
    let (alpha_start, alpha_end) = window("222222222222");
    let (beta_start, beta_end) = window("333333333333");
    assert!(
        alpha_start < beta_end && beta_start < alpha_end,
        "the accounts' audits overlap"
    );
    assert_eq!(outcome.report("iam_audit_report").len(), 14);
}

#[test]
fn without_pacing_throttling_happens_and_nothing_is_lost_silently() {
    let emulator = Emulator::start(organization("rate_limits = { iam = 8.0 }"));
    let outcome = run_with(Some(&emulator.url()), &["--no-cloudtrail"], |_| {});
    assert!(
        throttled(&emulator) > 0,
        "unpaced requests exceed the emulator's rate"
    );
    // Whatever retries did not absorb is reported as throttling, and the exit code says so.
    let errors = outcome.report("audit_errors");
    assert!(
        errors.iter().all(|row| row["error_kind"] == "throttling"),
        "{errors:?}"
    );
    assert_eq!(
        outcome.code,
        if errors.is_empty() { 0 } else { 2 },
        "{}",
        outcome.all_output()
    );
    let keys = outcome.report("iam_audit_report").len();
    let lost_key_lists = errors
        .iter()
        .filter(|row| row["api"] == "iam:ListAccessKeys" || row["api"] == "iam:ListUsers")
        .count();
    assert!(
        keys == 14 || lost_key_lists > 0,
        "a missing key is always explained by an error"
    );
}

#[test]
fn credentials_that_expire_mid_run_are_renewed() {
    let emulator = Emulator::start(organization(
        "max_session_duration_s = 3\nrate_limits = { iam = 6.0 }",
    ));
    // Service last accessed jobs are readable only by the session that generated them, and a
    // job outlives a 3-second session at 6 requests a second: each is generated again with the
    // next session, never with expired credentials, until the attempts run out (an error, never
    // "used nothing"); the renewal itself is what this test is about.
    let outcome = run_with(
        Some(&emulator.url()),
        &[
            "--iam-rate",
            "6",
            "--no-cloudtrail",
            "--last-accessed",
            "off",
        ],
        |_| {},
    );
    assert_eq!(outcome.code, 0, "{}", outcome.all_output());
    let calls = emulator.calls();
    assert!(
        !calls
            .iter()
            .any(|call| call.error_code.as_deref() == Some("ExpiredToken")),
        "no request used expired credentials"
    );
    // Two members: two first AssumeRoles, and more as their 3-second credentials ran out
    // during a run of several seconds per account.
    let assumed = calls
        .iter()
        .filter(|call| call.action == "AssumeRole")
        .count();
    assert!(
        assumed > 2,
        "roles were assumed again when their credentials ran out ({assumed})"
    );
    // Renewed after four fifths of the 3-second lifetime during a ~6-second audit of each
    // member: a few renewals, shared by all the requests in flight, not one per call.
    assert!(
        assumed <= 12,
        "renewals are shared by the requests in flight ({assumed})"
    );
    let first_iam = calls
        .iter()
        .position(|call| call.service == iam_audit_emulator::Service::Iam)
        .unwrap_or(0);
    assert!(
        calls[first_iam..]
            .iter()
            .any(|call| call.action == "AssumeRole"),
        "renewals happen during the account's IAM reads"
    );
    assert_eq!(outcome.report("iam_audit_report").len(), 14);
    assert!(outcome.report("audit_errors").is_empty());
}

#[test]
fn the_credential_report_path_reads_the_same_data_with_fewer_calls() {
    // One emulator for both runs, so both see the same dates; each run's calls are its own
    // slice of the call log.
    let emulator = Emulator::start(organization("credential_report_delay_ms = 600"));
    let api = run_with(Some(&emulator.url()), &["--no-cloudtrail"], |_| {});
    let api_calls = emulator.calls();
    let report = run_with(
        Some(&emulator.url()),
        &["--no-cloudtrail", "--iam-source", "credential-report"],
        |_| {},
    );
    let report_calls: Vec<_> = emulator.calls().split_off(api_calls.len());
    assert_eq!(api.code, 0, "{}", api.all_output());
    assert_eq!(report.code, 0, "{}", report.all_output());
    let rows = |outcome: &common::Outcome| -> BTreeSet<Vec<String>> {
        outcome
            .report("iam_audit_report")
            .into_iter()
            .map(|row| {
                [
                    "account_id",
                    "username",
                    "access_key_id",
                    "status",
                    "created_date",
                    "last_used_date",
                    "service_name",
                    "last_used_region",
                    "password_status",
                    "password_last_used",
                    "mfa_status",
                    "user_arn",
                ]
                .iter()
                .map(|column| row[*column].clone())
                .collect()
            })
            .collect()
    };
    assert_eq!(rows(&api), rows(&report), "both paths report the same keys");
    assert_eq!(rows(&api).len(), 14);
    let count = |calls: &[iam_audit_emulator::Call], action: &str| {
        calls.iter().filter(|call| call.action == action).count()
    };
    assert_eq!(count(&report_calls, "GetLoginProfile"), 0);
    assert_eq!(count(&report_calls, "ListUsers"), 0);
    // 2 of the 8 users have MFA, 5 have keys, in each of the two members.
    assert_eq!(count(&report_calls, "ListMFADevices"), 4);
    assert_eq!(count(&report_calls, "ListAccessKeys"), 10);
    assert_eq!(
        count(&report_calls, "GetAccessKeyLastUsed"),
        0,
        "last use comes from the report's key slots"
    );
    assert!(
        count(&report_calls, "GenerateCredentialReport") >= 2 * 2,
        "the report was polled until complete"
    );
    // No report column for SSH keys: one call per user on both paths; certificates only where the
    // report shows one (none here), against one per user on the API path.
    assert_eq!(count(&report_calls, "ListSSHPublicKeys"), 16);
    assert_eq!(count(&report_calls, "ListSigningCertificates"), 0);
    assert_eq!(count(&api_calls, "ListSigningCertificates"), 16);
    // Service-specific credentials: one AllUsers call per account on both paths.
    assert_eq!(count(&report_calls, "ListServiceSpecificCredentials"), 3);
    assert_eq!(count(&api_calls, "ListServiceSpecificCredentials"), 3);
    // Service last accessed is read the same way on both paths (2 requests and a poll per
    // credentialed user): the comparison is of the per-user state.
    // The organization's tree walk (issue 25) is the same per run on both paths too.
    let usage = |call: &&iam_audit_emulator::Call| {
        call.action.contains("ServiceLastAccessed") || call.iam_action.starts_with("organizations:")
    };
    assert_eq!(
        report_calls.iter().filter(usage).count(),
        api_calls.iter().filter(usage).count()
    );
    let (report_calls, api_calls): (Vec<_>, Vec<_>) = (
        report_calls.iter().filter(|call| !usage(call)).collect(),
        api_calls.iter().filter(|call| !usage(call)).collect(),
    );
    assert!(
        report_calls.len() * 2 < api_calls.len() + 16,
        "{} calls against {}",
        report_calls.len(),
        api_calls.len()
    );
}

/// Regression: the SDK's identity cache holds 64 partitions; accounts that shared it evicted each
/// other's credentials beyond 64 accounts and re-assumed their roles on almost every call, until
/// STS throttled and whole accounts were lost.
#[test]
fn more_than_64_accounts_assume_each_role_once() {
    let scenario = iam_audit_emulator::generate(&iam_audit_emulator::GeneratorOptions {
        accounts: 80,
        users_per_account: 3,
        keys_per_account: 3,
        events_per_account: 1,
        ..iam_audit_emulator::GeneratorOptions::default()
    });
    let emulator = Emulator::start(scenario);
    let outcome = run_with(Some(&emulator.url()), &["--format", "csv"], |_| {});
    assert_eq!(outcome.code, 0, "{}", outcome.all_output());
    let assumed = emulator
        .calls()
        .iter()
        .filter(|call| call.action == "AssumeRole")
        .count();
    assert_eq!(assumed, 80, "one AssumeRole per member account");
    assert_eq!(outcome.report("iam_audit_report").len(), 240);
}

/// Both `--iam-source` paths on the same organization (the demo, whose etl-pipeline has two keys
/// created in the same second), compared field by field through the JSON report. Regression
/// (issue 12): the credential-report path gave etl-pipeline's second key the first key's last
/// use, and its KEY002 finding disappeared (61 findings against 62).
#[test]
fn both_iam_sources_agree_field_by_field_on_the_demo() {
    let emulator = Emulator::start(iam_audit_emulator::demo_scenario());
    let read = |extra: &[&str]| -> serde_json::Value {
        let mut arguments = vec!["--no-cloudtrail", "--format", "json"];
        arguments.extend_from_slice(extra);
        let outcome = run_with(Some(&emulator.url()), &arguments, |_| {});
        assert_eq!(outcome.code, 0, "{}", outcome.all_output());
        let text = std::fs::read_to_string(outcome.report_file("iam_audit", "json"))
            .expect("the JSON report");
        serde_json::from_str(&text).expect("valid JSON")
    };
    let api = read(&[]);
    let report = read(&["--iam-source", "credential-report"]);
    assert_eq!(
        api["access_keys"], report["access_keys"],
        "every key, every field"
    );
    let users = |document: &serde_json::Value| -> Vec<serde_json::Value> {
        document["users"]
            .as_array()
            .expect("users")
            .iter()
            .map(|user| {
                let mut user = user.clone();
                // The one field the credential report does not have.
                user["user_id"] = serde_json::Value::Null;
                // The window's start is each run's own "now" less 90 days.
                if user["usage"].is_object() {
                    user["usage"]["tracked_since"] = serde_json::Value::Null;
                }
                user
            })
            .collect()
    };
    assert_eq!(users(&api), users(&report), "every user, every field");
    let findings = |document: &serde_json::Value| -> Vec<String> {
        document["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .map(|finding| format!("{} {}", finding["id"], finding["severity"]))
            .collect()
    };
    assert_eq!(findings(&api), findings(&report));
    let etl_second = api["access_keys"]
        .as_array()
        .expect("keys")
        .iter()
        .filter(|key| key["user_name"] == "etl-pipeline")
        .filter_map(|key| key["last_used"]["service"].as_str())
        .collect::<BTreeSet<_>>();
    assert_eq!(etl_second, BTreeSet::from(["athena", "glue"]));
}
