//! The fault matrix (docs/reliability.md): for each fault the emulator injects, every record that
//! was readable is in the reports, every failure is in the errors report with account, API and
//! error code, the exit code says so, nothing panics, and the run finishes within a bound.

mod common;

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use common::{Emulator, Outcome, run_with};
use iam_audit_emulator::Scenario;

/// Three members of four users; Alpha's and Beta's keys are what the tests look for. Each
/// member's service user has an old SSH key and a valid signing certificate, its idle user a
/// Bedrock API key without expiry; no account has a password policy.
fn organization(faults: &str, settings: &str) -> Scenario {
    let member = |id: &str, name: &str, prefix: &str| {
        format!(
            r#"
[[accounts]]
id = "{id}"
name = "{name}"
roles = ["AWSControlTowerExecution"]
users = [
  {{ name = "{prefix}-admin", created = "-300d", password = {{ created = "-300d", last_used = "-1d" }}, mfa = [{{ kind = "virtual" }}],
     access_keys = [ {{ id = "AKIA{prefix_upper}ADMIN00000001", created = "-100d", last_used = {{ date = "-1d", service = "s3", region = "us-east-1" }} }} ] }},
  {{ name = "{prefix}-service", created = "-300d", access_keys = [
     {{ id = "AKIA{prefix_upper}SERVICE000001", created = "-200d" }}, {{ id = "AKIA{prefix_upper}SERVICE000002", status = "Inactive", created = "-250d" }} ],
     ssh_public_keys = [ {{ id = "APKA{prefix_upper}SERVICE0001", uploaded = "-200d" }} ],
     signing_certificates = [ {{ id = "{prefix_upper}SERVICECERTIFICATE", uploaded = "-10d" }} ] }},
  {{ name = "{prefix}-console", created = "-50d", password = {{ created = "-50d" }} }},
  {{ name = "{prefix}-idle", created = "-20d", service_specific_credentials = [
     {{ id = "ACCA{prefix_upper}IDLEBEDROCK", service_name = "bedrock.amazonaws.com", created = "-10d" }} ] }},
]
events = [
  {{ name = "CreateUser", time = "-5d", username = "{prefix}-admin", resources = ["{prefix}-idle"] }},
  {{ name = "CreateAccessKey", time = "-4d", username = "{prefix}-admin", resources = ["{prefix}-service"] }},
]
"#,
            prefix_upper = prefix.to_uppercase()
        )
    };
    let text = format!(
        r#"
[organization]
id = "o-faults"
management_account = "111111111111"

[settings]
{settings}

[[accounts]]
id = "111111111111"
name = "Management"
{alpha}
{beta}
{gamma}
{faults}
"#,
        alpha = member("222222222222", "Alpha", "alpha"),
        beta = member("333333333333", "Beta", "beta"),
        gamma = member("444444444444", "Gamma", "gamma"),
    );
    Scenario::from_toml_str(&text).expect("valid scenario")
}

fn keys_of(outcome: &Outcome) -> BTreeSet<String> {
    outcome
        .report("iam_audit_report")
        .iter()
        .map(|row| row["access_key_id"].clone())
        .collect()
}

fn all_keys(prefixes: &[&str]) -> BTreeSet<String> {
    prefixes
        .iter()
        .flat_map(|prefix| {
            let prefix = prefix.to_uppercase();
            [
                format!("AKIA{prefix}ADMIN00000001"),
                format!("AKIA{prefix}SERVICE000001"),
                format!("AKIA{prefix}SERVICE000002"),
            ]
        })
        .collect()
}

fn errors_of(outcome: &Outcome) -> BTreeSet<(String, String, String, String)> {
    outcome
        .report("audit_errors")
        .iter()
        .map(|row| {
            (
                row["account_id"].clone(),
                row["api"].clone(),
                row["error_kind"].clone(),
                row["error_code"].clone(),
            )
        })
        .collect()
}

fn audit(scenario: Scenario, arguments: &[&str]) -> (Outcome, Duration, Emulator) {
    let emulator = Emulator::start(scenario);
    let started = Instant::now();
    let outcome = run_with(Some(&emulator.url()), arguments, |_| {});
    let elapsed = started.elapsed();
    assert!(!outcome.stderr.contains("panicked"), "{}", outcome.stderr);
    (outcome, elapsed, emulator)
}

#[test]
fn assume_role_denied_in_some_accounts() {
    let faults = "[[faults]]\naccount = \"333333333333\"\naction = \"AssumeRole\"\nkind = \"access_denied\"\n";
    let (outcome, elapsed, _emulator) = audit(organization(faults, ""), &[]);
    assert_eq!(outcome.code, 2, "{}", outcome.all_output());
    assert_eq!(keys_of(&outcome), all_keys(&["alpha", "gamma"]));
    assert_eq!(
        errors_of(&outcome),
        BTreeSet::from([(
            "333333333333".into(),
            "sts:AssumeRole".into(),
            "access_denied".into(),
            "AccessDenied".into()
        )])
    );
    assert!(elapsed < Duration::from_secs(20));
}

#[test]
fn one_denied_api_leaves_its_fields_unknown_and_keeps_the_rest() {
    let faults = r#"
[[faults]]
account = "222222222222"
action = "LookupEvents"
kind = "access_denied"

[[faults]]
account = "333333333333"
action = "GetLoginProfile"
user = "beta-console"
kind = "access_denied"
"#;
    let (outcome, elapsed, _emulator) = audit(organization(faults, ""), &["--lang", "es"]);
    assert_eq!(outcome.code, 2, "{}", outcome.all_output());
    assert_eq!(keys_of(&outcome), all_keys(&["alpha", "beta", "gamma"]));
    let users = outcome.report("iam_users_report");
    let console = common::row_where(&users, "username", "beta-console");
    assert_eq!(
        console["password_status"], "Desconocido",
        "never 'No configurada' for an unread password"
    );
    assert_eq!(console["mfa_status"], "None");
    // Alpha's CloudTrail could not be read: none of its events, all of the others'.
    let events = outcome.report("cloudtrail_events");
    assert!(events.iter().all(|row| row["account_id"] != "222222222222"));
    assert_eq!(
        events
            .iter()
            .filter(|row| row["account_id"] == "333333333333")
            .count(),
        2
    );
    let errors = errors_of(&outcome);
    assert!(errors.contains(&(
        "222222222222".into(),
        "cloudtrail:LookupEvents".into(),
        "access_denied".into(),
        "AccessDeniedException".into()
    )));
    assert!(errors.contains(&(
        "333333333333".into(),
        "iam:GetLoginProfile".into(),
        "access_denied".into(),
        "AccessDenied".into()
    )));
    assert_eq!(errors.len(), 2, "{errors:?}");
    // Issue 22: Alpha's admin key was used yesterday, so its activity was looked up too; that
    // lookup failed on its own row (user/key), and its addresses are unknown, never "no events".
    let rows = outcome.report("audit_errors");
    assert!(
        rows.iter()
            .any(|row| row["api"] == "cloudtrail:LookupEvents"
                && row["resource"] == "alpha-admin/AKIAALPHAADMIN00000001"),
        "{rows:?}"
    );
    let keys = outcome.report("iam_audit_report");
    let alpha = common::row_where(&keys, "access_key_id", "AKIAALPHAADMIN00000001");
    assert_eq!(alpha["source_ips"], "Desconocido");
    let beta = common::row_where(&keys, "access_key_id", "AKIABETAADMIN00000001");
    assert_eq!(beta["source_ips"], "Sin eventos");
    assert!(elapsed < Duration::from_secs(20));
}

/// Each API of the other long-term credentials, denied somewhere: what it would have read is
/// unknown (never "none"), each failure is an AUD001 finding, and every other account's findings
/// of that kind are still there.
#[test]
fn each_denied_credential_api_is_unknown_never_none() {
    let faults = r#"
[[faults]]
account = "222222222222"
action = "ListSSHPublicKeys"
kind = "access_denied"

[[faults]]
account = "222222222222"
action = "GetAccountPasswordPolicy"
kind = "access_denied"

[[faults]]
account = "333333333333"
action = "ListSigningCertificates"
user = "beta-service"
kind = "access_denied"

[[faults]]
account = "444444444444"
action = "ListServiceSpecificCredentials"
kind = "access_denied"
"#;
    let (outcome, _elapsed, _emulator) = audit(organization(faults, ""), &["--lang", "en"]);
    assert_eq!(outcome.code, 2, "{}", outcome.all_output());
    let users = outcome.report("iam_users_report");
    let cell =
        |user: &str, column: &str| common::row_where(&users, "username", user)[column].clone();
    assert_eq!(cell("alpha-service", "ssh_public_keys"), "Unknown");
    assert_eq!(cell("alpha-idle", "ssh_public_keys"), "Unknown");
    assert_eq!(cell("beta-service", "signing_certificates"), "Unknown");
    assert_eq!(cell("beta-idle", "signing_certificates"), "0");
    assert_eq!(
        cell("gamma-idle", "service_specific_credentials"),
        "Unknown"
    );
    assert_eq!(cell("beta-idle", "service_specific_credentials"), "1");
    assert_eq!(
        errors_of(&outcome),
        BTreeSet::from([
            (
                "222222222222".into(),
                "iam:GetAccountPasswordPolicy".into(),
                "access_denied".into(),
                "AccessDenied".into()
            ),
            (
                "222222222222".into(),
                "iam:ListSSHPublicKeys".into(),
                "access_denied".into(),
                "AccessDenied".into()
            ),
            (
                "333333333333".into(),
                "iam:ListSigningCertificates".into(),
                "access_denied".into(),
                "AccessDenied".into()
            ),
            (
                "444444444444".into(),
                "iam:ListServiceSpecificCredentials".into(),
                "access_denied".into(),
                "AccessDenied".into()
            ),
        ])
    );
    let findings = outcome.report("findings");
    let subjects = |rule: &str| -> BTreeSet<String> {
        common::rows_where(&findings, "rule_id", rule)
            .iter()
            .map(|row| format!("{} {}", row["account_id"], row["user_name"]))
            .collect()
    };
    let audit_gaps: BTreeSet<String> = common::rows_where(&findings, "rule_id", "AUD001")
        .iter()
        .filter_map(|row| {
            row["evidence"]
                .split("; ")
                .find_map(|part| part.strip_prefix("api="))
                .map(|api| format!("{} {api}", row["account_id"]))
        })
        .collect();
    assert_eq!(
        audit_gaps,
        BTreeSet::from([
            "222222222222 iam:GetAccountPasswordPolicy".to_string(),
            "222222222222 iam:ListSSHPublicKeys".to_string(),
            "333333333333 iam:ListSigningCertificates".to_string(),
            "444444444444 iam:ListServiceSpecificCredentials".to_string(),
        ])
    );
    // An unread policy is not a missing one; unread keys and credentials are not absent ones.
    assert_eq!(
        subjects("PWP001"),
        BTreeSet::from(["111111111111 ", "333333333333 ", "444444444444 "].map(String::from))
    );
    assert_eq!(
        subjects("SSH001"),
        BTreeSet::from(
            ["333333333333 beta-service", "444444444444 gamma-service"].map(String::from)
        )
    );
    assert_eq!(
        subjects("BDR001"),
        BTreeSet::from(["222222222222 alpha-idle", "333333333333 beta-idle"].map(String::from))
    );
}

/// The authorization details denied in one account: every user's privilege there is unknown
/// (never "none"), an AUD001 names the API, and the account's findings are weighted as unknown.
#[test]
fn denied_authorization_details_leave_privilege_unknown() {
    let faults = "[[faults]]\naccount = \"222222222222\"\naction = \"GetAccountAuthorizationDetails\"\nkind = \"access_denied\"\n";
    let (outcome, _elapsed, _emulator) = audit(organization(faults, ""), &["--lang", "en"]);
    assert_eq!(outcome.code, 2, "{}", outcome.all_output());
    let users = outcome.report("iam_users_report");
    for row in &users {
        let expected = if row["account_id"] == "222222222222" {
            "unknown"
        } else {
            "none"
        };
        assert_eq!(row["privilege"], expected, "{row:?}");
    }
    assert_eq!(
        errors_of(&outcome),
        BTreeSet::from([(
            "222222222222".into(),
            "iam:GetAccountAuthorizationDetails".into(),
            "access_denied".into(),
            "AccessDenied".into()
        )])
    );
    let findings = outcome.report("findings");
    for row in common::rows_where(&findings, "account_id", "222222222222") {
        if !row["user_name"].is_empty() {
            assert_eq!(row["privilege"], "unknown", "{row:?}");
        }
    }
    // The same stale key weighs more where its owner's privilege is unknown than where it is
    // known to be none.
    let risk_of = |key: &str| -> u32 {
        common::rows_where(&findings, "access_key_id", key)
            .iter()
            .filter(|row| row["rule_id"] == "KEY001")
            .map(|row| row["risk"].parse().unwrap_or(0))
            .max()
            .unwrap_or(0)
    };
    assert!(risk_of("AKIAALPHASERVICE000001") > risk_of("AKIABETASERVICE000001"));
}

/// Where IAM refuses `AllUsers` (a ValidationError, as a partition without the parameter would
/// answer), the credentials are read user by user: the same findings, one call per user.
#[test]
fn a_refused_all_users_falls_back_to_one_call_per_user() {
    let (outcome, _elapsed, emulator) = audit(
        organization("", "refuse_all_users = true"),
        &["--no-cloudtrail"],
    );
    assert_eq!(outcome.code, 0, "{}", outcome.all_output());
    let findings = outcome.report("findings");
    assert_eq!(common::rows_where(&findings, "rule_id", "BDR001").len(), 3);
    let calls = emulator
        .calls()
        .iter()
        .filter(|call| call.action == "ListServiceSpecificCredentials")
        .count();
    // One refused AllUsers per account (4), then one per user of the three members (12).
    assert_eq!(calls, 4 + 12);
}

#[test]
fn throttling_on_half_the_requests_still_reads_everything() {
    let faults =
        "[[faults]]\naccount = \"*\"\naction = \"*\"\nkind = \"throttle\"\nprobability = 0.5\n";
    let (outcome, elapsed, emulator) = audit(
        organization(faults, "seed = 11"),
        // With half the requests throttled, one call in 2^N fails N attempts in a row: 20 makes
        // that about one in a million.
        &["-v", "--format", "csv,json", "--max-attempts", "20"],
    );
    assert_eq!(outcome.code, 0, "{}", outcome.all_output());
    assert_eq!(keys_of(&outcome), all_keys(&["alpha", "beta", "gamma"]));
    assert!(outcome.report("audit_errors").is_empty());
    let throttled = emulator
        .calls()
        .iter()
        .filter(|call| call.error_code.is_some())
        .count();
    assert!(
        throttled > 20,
        "about half the requests were throttled: {throttled}"
    );
    assert!(
        outcome.stderr.contains("retrying "),
        "retries are visible with -v"
    );
    let document: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(outcome.report_file("iam_audit", "json")).expect("json"),
    )
    .expect("valid JSON");
    assert!(
        document["run"]["retries"].as_u64().unwrap_or(0) >= throttled as u64 / 2,
        "{}",
        document["run"]
    );
    assert!(elapsed < Duration::from_secs(60));
}

#[test]
fn server_error_bursts_and_connection_resets_are_retried() {
    let faults = r#"
[[faults]]
action = "*"
kind = "server_error"
status = 503
count = 6

[[faults]]
account = "333333333333"
action = "ListAccessKeys"
kind = "connection_reset"
count = 2

[[faults]]
account = "222222222222"
action = "GetAccessKeyLastUsed"
kind = "server_error"
status = 500
count = 3
"#;
    let (outcome, elapsed, _emulator) = audit(organization(faults, ""), &[]);
    assert_eq!(outcome.code, 0, "{}", outcome.all_output());
    assert_eq!(keys_of(&outcome), all_keys(&["alpha", "beta", "gamma"]));
    let admin = common::row_where(
        &outcome.report("iam_audit_report"),
        "username",
        "alpha-admin",
    )
    .clone();
    assert_eq!(admin["service_name"], "s3");
    assert!(elapsed < Duration::from_secs(30));
}

#[test]
fn a_hung_call_times_out_and_the_run_completes() {
    let faults = "[[faults]]\naccount = \"222222222222\"\naction = \"ListMFADevices\"\nuser = \"alpha-admin\"\nkind = \"hang\"\n";
    let (outcome, elapsed, _emulator) = audit(
        organization(faults, ""),
        &["--call-timeout", "1", "--max-attempts", "2"],
    );
    assert_eq!(outcome.code, 2, "{}", outcome.all_output());
    assert_eq!(keys_of(&outcome), all_keys(&["alpha", "beta", "gamma"]));
    let keys = outcome.report("iam_audit_report");
    assert_eq!(
        common::row_where(&keys, "username", "alpha-admin")["mfa_status"],
        "Unknown"
    );
    let errors = errors_of(&outcome);
    assert_eq!(errors.len(), 1, "{errors:?}");
    let (account, api, kind, _) = errors.iter().next().cloned().unwrap_or_default();
    assert_eq!(
        (account.as_str(), api.as_str(), kind.as_str()),
        ("222222222222", "iam:ListMFADevices", "timeout")
    );
    assert!(elapsed < Duration::from_secs(20), "{elapsed:?}");
}

#[test]
fn a_hung_account_meets_its_deadline_and_the_others_are_read() {
    let faults = "[[faults]]\naccount = \"444444444444\"\naction = \"*\"\nkind = \"hang\"\n";
    let (outcome, elapsed, _emulator) =
        audit(organization(faults, ""), &["--account-timeout", "3"]);
    assert_eq!(outcome.code, 2, "{}", outcome.all_output());
    assert_eq!(keys_of(&outcome), all_keys(&["alpha", "beta"]));
    assert_eq!(
        errors_of(&outcome),
        BTreeSet::from([(
            "444444444444".into(),
            "account".into(),
            "timeout".into(),
            String::new()
        )])
    );
    assert!(elapsed < Duration::from_secs(15), "{elapsed:?}");
}

#[test]
fn malformed_and_truncated_answers_are_errors_not_crashes() {
    let faults = r#"
[[faults]]
account = "222222222222"
action = "ListUsers"
kind = "malformed"

[[faults]]
account = "333333333333"
action = "LookupEvents"
kind = "malformed"

[[faults]]
account = "444444444444"
action = "ListMFADevices"
user = "gamma-admin"
kind = "malformed"
"#;
    let (outcome, elapsed, _emulator) = audit(organization(faults, ""), &["--max-attempts", "2"]);
    assert_eq!(outcome.code, 2, "{}", outcome.all_output());
    assert_eq!(keys_of(&outcome), all_keys(&["beta", "gamma"]));
    let errors = errors_of(&outcome);
    let apis: BTreeSet<(String, String, String)> = errors
        .iter()
        .map(|(account, api, kind, _)| (account.clone(), api.clone(), kind.clone()))
        .collect();
    assert_eq!(
        apis,
        BTreeSet::from([
            (
                "222222222222".into(),
                "iam:ListUsers".into(),
                "malformed_response".into()
            ),
            (
                "333333333333".into(),
                "cloudtrail:LookupEvents".into(),
                "malformed_response".into()
            ),
            (
                "444444444444".into(),
                "iam:ListMFADevices".into(),
                "malformed_response".into()
            ),
        ])
    );
    // A cut-off MFA list is never read as "no MFA device".
    let gamma = common::row_where(
        &outcome.report("iam_audit_report"),
        "username",
        "gamma-admin",
    )
    .clone();
    assert_eq!(gamma["mfa_status"], "Unknown");
    // No phantom user from the cut-off answer.
    assert!(
        !outcome
            .report("iam_users_report")
            .iter()
            .any(|row| row["username"] == "trunc")
    );
    assert!(elapsed < Duration::from_secs(20));
}

#[test]
fn an_interrupt_leaves_only_complete_reports_marked_incomplete() {
    let emulator = Emulator::start(organization(
        "",
        "latency_ms = 150\nrate_limits = { iam = 4.0 }",
    ));
    let (mut command, home) = common::command(Some(&emulator.url()));
    let folder = home.path().join("reports");
    let child = command
        .args(["--iam-rate", "4", "--format", "csv,json", "--output-dir"])
        .arg(&folder)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("runs");
    std::thread::sleep(Duration::from_millis(2500));
    let pid = child.id().to_string();
    let signal = std::process::Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .expect("kill");
    assert!(signal.success());
    let output = child.wait_with_output().expect("exits");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(130), "{stderr}");
    let files = common::report_files(&folder);
    assert!(
        files
            .iter()
            .all(|path| !path.to_string_lossy().contains(".partial")),
        "{files:?}"
    );
    // Every report that exists is whole and says the audit is incomplete.
    let errors_path = files
        .iter()
        .find(|path| path.to_string_lossy().contains("audit_errors_"))
        .expect("errors report");
    let errors = common::read_csv(errors_path);
    assert!(
        errors.iter().any(|row| row["error_code"] == "Interrupted"),
        "{errors:?}"
    );
    let json_path = files
        .iter()
        .find(|path| {
            path.extension()
                .is_some_and(|extension| extension == "json")
        })
        .expect("json");
    let document: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(json_path).expect("json"))
            .expect("whole JSON");
    assert_eq!(document["run"]["complete"], false);
    assert_eq!(document["run"]["exit_status"], 130);
    for path in files
        .iter()
        .filter(|path| path.extension().is_some_and(|extension| extension == "csv"))
    {
        let _ = common::read_csv(path);
    }
}

/// Issue 25's gap: the organization's tree walk denied (ListOrganizationalUnitsForParent in the
/// management account). Every account is still audited, the walk's failure is an error row of
/// its own, and no account or finding claims a place it was not read in: no `ou_path` is
/// invented (not even `Root`), and the run says it is incomplete.
#[test]
fn a_denied_tree_walk_invents_no_ou_path() {
    let faults = "[[faults]]\naccount = \"111111111111\"\naction = \"ListOrganizationalUnitsForParent\"\nkind = \"access_denied\"\n";
    let (outcome, _elapsed, _emulator) = audit(organization(faults, ""), &["--format", "csv,json"]);
    assert_eq!(keys_of(&outcome), all_keys(&["alpha", "beta", "gamma"]));
    assert!(
        errors_of(&outcome).iter().any(|(_, api, kind, _)| api
            == "organizations:ListOrganizationalUnitsForParent"
            && kind == "access_denied"),
        "{:?}",
        errors_of(&outcome)
    );
    let report: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(outcome.report_file("iam_audit", "json")).expect("JSON report"),
    )
    .expect("JSON");
    for account in report["accounts"].as_array().expect("accounts") {
        assert!(account["ou_path"].is_null(), "{account}");
    }
    for finding in report["findings"].as_array().expect("findings") {
        assert!(finding["ou_path"].is_null(), "{finding}");
    }
    assert_eq!(outcome.code, 2, "{}", outcome.all_output());
}
