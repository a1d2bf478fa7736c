//! The audit end to end against the project's emulator over HTTP: report contents compared with
//! the scenario field by field, pagination, CloudTrail, faults, and the read-only call log.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::{Emulator, rfc3339, row_where, rows_where, run, run_with};
use iam_audit_emulator::{Scenario, demo_scenario};

use iam_audit_model::actions::read_actions;

/// The allow-list itself admits only reads: AWS's read verbs, and the two STS calls every
/// cross-account reader makes.
#[test]
fn the_allow_list_holds_only_read_actions() {
    for action in read_actions() {
        let (_, name) = action.split_once(':').expect("service:Action");
        let read_verb = ["Get", "List", "Describe", "Lookup"]
            .iter()
            .any(|verb| name.starts_with(verb));
        // GenerateCredentialReport and GenerateServiceLastAccessedDetails only ask IAM to build
        // a read-only report; IAM's own action table classifies both as Read access.
        assert!(
            // sts:AssumeRoot is granted only with the read-only IAMAuditRootUserCredentials task
            // policy (`sts:TaskPolicyArn`), which the templates and the emulator enforce.
            read_verb
                || action == "sts:AssumeRole"
                || action == "sts:AssumeRoot"
                || action == "iam:GenerateCredentialReport"
                || action == "iam:GenerateServiceLastAccessedDetails",
            "{action} is not a read action"
        );
    }
}

fn strongest_mfa_word(kinds: &[String]) -> &'static str {
    if kinds.iter().any(|kind| kind == "hardware") {
        "Hardware"
    } else if kinds.iter().any(|kind| kind == "security_key") {
        "SecurityKey"
    } else if kinds.iter().any(|kind| kind == "virtual") {
        "Virtual"
    } else {
        "None"
    }
}

/// Longer than the ~120-line guide on purpose: one walk through one organization, report by
/// report, reads as the contract it checks; split, each part would repeat the run and its setup.
#[test]
fn the_demo_organization_is_reported_field_by_field() {
    let emulator = Emulator::start(demo_scenario());
    let outcome = run(Some(&emulator.url()), &["--lang", "en"]);
    assert_eq!(outcome.code, 0, "{}", outcome.all_output());
    let world = emulator.server().world();
    let now = world.now;

    let keys = outcome.report("iam_audit_report");
    assert_eq!(keys.len(), 48);
    let mut seen = BTreeSet::new();
    for account in world
        .accounts
        .values()
        .filter(|account| account.state == "ACTIVE")
    {
        for user in &account.users {
            let kinds: Vec<String> = user.mfa.iter().map(|device| device.kind.clone()).collect();
            for key in &user.keys {
                let row = row_where(&keys, "access_key_id", &key.id);
                assert_eq!(row["account_id"], account.id);
                assert_eq!(row["account_name"], account.name);
                assert_eq!(row["username"], user.name);
                assert_eq!(row["status"], key.status);
                assert_eq!(row["created_date"], rfc3339(key.created));
                assert_eq!(
                    row["key_age_days"],
                    (now - key.created).num_days().to_string()
                );
                assert_eq!(row["user_arn"], user.arn);
                assert_eq!(row["user_created_date"], rfc3339(user.created));
                assert_eq!(
                    row["mfa_status"],
                    strongest_mfa_word(&kinds),
                    "{}",
                    user.name
                );
                assert_eq!(row["mfa_devices"], user.mfa.len().to_string());
                let (password, password_used) = match &user.password {
                    Some((_, Some(used))) => ("Configured", rfc3339(*used)),
                    Some((_, None)) => ("Configured", "Never".to_string()),
                    None => ("Not configured", "Never".to_string()),
                };
                assert_eq!(row["password_status"], password, "{}", user.name);
                assert_eq!(row["password_last_used"], password_used, "{}", user.name);
                match &key.last_used {
                    Some((date, service, region)) => {
                        assert_eq!(row["last_used_date"], rfc3339(*date));
                        assert_eq!(row["service_name"], *service);
                        assert_eq!(row["last_used_region"], *region);
                        assert_eq!(
                            row["days_since_last_used"],
                            (now - *date).num_days().to_string()
                        );
                    }
                    None => {
                        assert_eq!(row["last_used_date"], "Never used");
                        assert_eq!(row["service_name"], "N/A");
                        assert_eq!(row["last_used_region"], "N/A");
                        assert_eq!(row["days_since_last_used"], "");
                    }
                }
                seen.insert(key.id.clone());
            }
        }
    }
    assert_eq!(seen.len(), 48);

    // Every user is in the users report, the management account's console users included.
    let users = outcome.report("iam_users_report");
    let expected_users: usize = world
        .accounts
        .values()
        .filter(|account| account.state == "ACTIVE")
        .map(|account| account.users.len())
        .sum();
    assert_eq!(users.len(), expected_users);
    let billing = row_where(&users, "username", "billing");
    assert_eq!(billing["account_id"], "111111111111");
    assert_eq!(billing["password_status"], "Configured");
    assert_eq!(billing["mfa_status"], "None");
    assert_eq!(billing["access_keys"], "0");

    // CloudTrail: the lifecycle events of the last 90 days, nothing older, nothing else.
    let events = outcome.report("cloudtrail_events");
    let lifecycle = [
        "CreateUser",
        "DeleteUser",
        "CreateAccessKey",
        "DeleteAccessKey",
        "DeleteLoginProfile",
    ];
    let expected: BTreeSet<(String, String, String)> = world
        .accounts
        .values()
        .filter(|account| account.state == "ACTIVE")
        .flat_map(|account| account.events.iter().map(move |event| (account, event)))
        .filter(|(_, event)| lifecycle.contains(&event.name.as_str()))
        .filter(|(_, event)| (now - event.time).num_days() < 90)
        .map(|(account, event)| (account.id.clone(), event.id.clone(), event.name.clone()))
        .collect();
    let reported: BTreeSet<(String, String, String)> = events
        .iter()
        .map(|row| {
            (
                row["account_id"].clone(),
                row["event_id"].clone(),
                row["eventName"].clone(),
            )
        })
        .collect();
    assert_eq!(reported, expected);
    assert!(
        !events
            .iter()
            .any(|row| row["resources"].contains("too-old-for-the-window"))
    );
    let new_hire = events
        .iter()
        .find(|row| row["eventName"] == "CreateUser" && row["resources"] == "new-hire")
        .expect("the new-hire CreateUser event");
    assert_eq!(new_hire["username"], "alice.admin");
    assert_eq!(new_hire["account_name"], "Production");
    assert_eq!(new_hire["event_source"], "iam.amazonaws.com");
    assert_eq!(new_hire["aws_region"], "us-east-1");
    assert_eq!(new_hire["source_ip_address"], "203.0.113.10");

    assert!(outcome.report("audit_errors").is_empty());

    // One "Auditing account" line per ACTIVE account; the suspended one is not audited.
    let audited: BTreeSet<&str> = outcome
        .stdout
        .lines()
        .filter(|line| line.starts_with("Auditing account: "))
        .collect();
    assert_eq!(
        audited,
        BTreeSet::from([
            "Auditing account: Management (111111111111)",
            "Auditing account: Production (123456789012)",
            "Auditing account: Development (234567890123)",
            "Auditing account: Security (345678901234)",
        ])
    );
    assert!(outcome.stdout.contains("Total Access Keys found: 48"));

    // Read-only, and one AssumeRole per member account (the original assumed twice).
    let calls = emulator.calls();
    for call in &calls {
        assert!(
            read_actions().contains(&call.iam_action.as_str()),
            "unexpected call {}",
            call.iam_action
        );
    }
    let assumed: Vec<&str> = calls
        .iter()
        .filter(|call| call.action == "AssumeRole")
        .map(|call| call.account_id.as_str())
        .collect();
    assert_eq!(assumed.len(), 3, "{assumed:?}");
    // Member data was read with member credentials (the audit role, or, for the root user, a
    // root session), the management account's with the caller's.
    assert!(
        calls
            .iter()
            .filter(|call| call.service == iam_audit_emulator::Service::Iam)
            .all(|call| (call.assumed_role || call.root_session)
                == (call.account_id != "111111111111"))
    );
    // One root session per member (root sessions are on in the demo), read-only, never in the
    // management account.
    let rooted: Vec<&str> = calls
        .iter()
        .filter(|call| call.action == "AssumeRoot")
        .map(|call| call.account_id.as_str())
        .collect();
    assert_eq!(rooted, ["111111111111"; 3], "from the management account");
    let root_reads: BTreeSet<&str> = calls
        .iter()
        .filter(|call| call.root_session)
        .map(|call| call.iam_action.as_str())
        .collect();
    assert!(
        root_reads.iter().all(|action| [
            "iam:ListAccessKeys",
            "iam:GetAccessKeyLastUsed",
            "iam:ListMFADevices",
            "iam:ListSigningCertificates",
            "iam:GetLoginProfile"
        ]
        .contains(action)),
        "{root_reads:?}"
    );
}

#[test]
fn a_spanish_run_prints_the_seeds_lines_and_words() {
    let emulator = Emulator::start(demo_scenario());
    let outcome = run(Some(&emulator.url()), &["--lang", "es", "--no-cloudtrail"]);
    assert_eq!(outcome.code, 0, "{}", outcome.all_output());
    for line in [
        "Auditando cuenta: Production (123456789012)",
        "Auditando cuenta: Development (234567890123)",
        "Auditando cuenta: Security (345678901234)",
        "Total de Access Keys encontradas: 48",
    ] {
        assert!(
            outcome.stdout.lines().any(|printed| printed == line),
            "missing {line:?} in {}",
            outcome.stdout
        );
    }
    let exported = outcome
        .stdout
        .lines()
        .find(|line| line.starts_with("Reporte exportado: "))
        .expect("the report line");
    assert!(exported.ends_with(".csv") && exported.contains("iam_audit_report_"));
    assert!(
        !outcome.has_report("cloudtrail_events"),
        "--no-cloudtrail writes no events report"
    );
    assert!(
        !emulator
            .calls()
            .iter()
            .any(|call| call.action == "LookupEvents")
    );
    let keys = outcome.report("iam_audit_report");
    let legacy = row_where(&keys, "username", "legacy-reporting");
    assert_eq!(legacy["last_used_date"], "Nunca utilizada");
    assert_eq!(legacy["password_status"], "No configurada");
    assert_eq!(legacy["password_last_used"], "Nunca");
    let alice = row_where(&keys, "username", "alice.admin");
    assert_eq!(alice["password_status"], "Configurada");
    assert_eq!(alice["mfa_status"], "Virtual");
}

fn small_organization(extra: &str) -> Scenario {
    let text = format!(
        r#"
name = "small"
[organization]
id = "o-small"
management_account = "111111111111"

[settings]
page_size = {{ list_accounts = 1, list_users = 1, list_access_keys = 1, list_mfa_devices = 1, lookup_events = 1 }}

[[accounts]]
id = "111111111111"
name = "Management"

[[accounts]]
id = "222222222222"
name = "Alpha"
roles = ["AWSControlTowerExecution"]
users = [
  {{ name = "alice", created = "-100d", password = {{ created = "-100d", last_used = "-1d" }}, mfa = [{{ kind = "virtual" }}], access_keys = [
      {{ id = "AKIAALICE00000000001", created = "-50d", last_used = {{ date = "-2d", service = "s3", region = "eu-west-1" }} }} ] }},
  {{ name = "bob", created = "-100d", mfa = [{{ kind = "hardware" }}], access_keys = [ {{ id = "AKIABOB0000000000001", created = "-10d" }} ] }},
  {{ name = "carol", created = "-100d", access_keys = [
      {{ id = "AKIACAROL00000000001", created = "-10d" }}, {{ id = "AKIACAROL00000000002", status = "Inactive", created = "-20d" }} ] }},
  {{ name = "dave", created = "-5d" }},
  {{ name = "=cmd|'/C calc'!A0", created = "-5d", access_keys = [ {{ id = "AKIAHOSTILE000000001", created = "-5d" }} ] }},
]
events = [
  {{ name = "CreateUser", time = "-1d", username = "admin", resources = ["dave"] }},
  {{ name = "CreateUser", time = "-2d", username = "admin", resources = ["carol"] }},
  {{ name = "DeleteAccessKey", time = "-3d", username = "admin", resources = ["carol"] }},
  {{ name = "ConsoleLogin", time = "-3d", username = "alice" }},
]

[[accounts]]
id = "333333333333"
name = "Beta"
legacy_status_only = true
roles = ["AWSControlTowerExecution"]
users = [ {{ name = "erin", created = "-30d", access_keys = [ {{ id = "AKIAERIN000000000001", created = "-30d" }} ] }} ]

[[accounts]]
id = "444444444444"
name = "NoRole"
users = [ {{ name = "frank", created = "-30d", access_keys = [ {{ id = "AKIAFRANK00000000001", created = "-30d" }} ] }} ]
{extra}
"#
    );
    Scenario::from_toml_str(&text).expect("valid test scenario")
}

#[test]
fn every_page_is_read_and_a_missing_role_is_reported_not_hidden() {
    let emulator = Emulator::start(small_organization(""));
    let outcome = run(Some(&emulator.url()), &["--lang", "en"]);
    assert_eq!(outcome.code, 2, "{}", outcome.all_output());

    let keys = outcome.report("iam_audit_report");
    let ids: BTreeSet<&str> = keys
        .iter()
        .map(|row| row["access_key_id"].as_str())
        .collect();
    assert_eq!(
        ids,
        BTreeSet::from([
            "AKIAALICE00000000001",
            "AKIABOB0000000000001",
            "AKIACAROL00000000001",
            "AKIACAROL00000000002",
            "AKIAHOSTILE000000001",
            "AKIAERIN000000000001",
        ]),
        "pages of one item each must all be followed"
    );
    let carol_inactive = row_where(&keys, "access_key_id", "AKIACAROL00000000002");
    assert_eq!(carol_inactive["status"], "Inactive");
    let bob = row_where(&keys, "username", "bob");
    assert_eq!(bob["mfa_status"], "Hardware");
    // A hostile user name is neutralised for spreadsheets.
    let hostile = row_where(&keys, "access_key_id", "AKIAHOSTILE000000001");
    assert_eq!(hostile["username"], "'=cmd|'/C calc'!A0");
    // An account that only sends the retiring `Status` field is still audited.
    assert_eq!(row_where(&keys, "username", "erin")["account_name"], "Beta");

    let users = outcome.report("iam_users_report");
    assert_eq!(row_where(&users, "username", "dave")["access_keys"], "0");

    let events = outcome.report("cloudtrail_events");
    let names: Vec<(&str, &str)> = events
        .iter()
        .map(|row| (row["eventName"].as_str(), row["resources"].as_str()))
        .collect();
    assert_eq!(names.len(), 3, "{names:?}");
    assert!(names.contains(&("CreateUser", "dave")) && names.contains(&("CreateUser", "carol")));
    assert!(names.contains(&("DeleteAccessKey", "carol")));

    // The account without the role: in the errors report, on the console, and not silently empty.
    let errors = outcome.report("audit_errors");
    assert_eq!(errors.len(), 1, "{errors:?}");
    let denied = &errors[0];
    assert_eq!(denied["account_id"], "444444444444");
    assert_eq!(denied["account_name"], "NoRole");
    assert_eq!(denied["api"], "sts:AssumeRole");
    assert_eq!(denied["error_kind"], "access_denied");
    assert_eq!(denied["error_code"], "AccessDenied");
    assert_eq!(
        denied["resource"],
        "arn:aws:iam::444444444444:role/AWSControlTowerExecution"
    );
    assert!(
        outcome
            .stdout
            .contains("Error in account NoRole: sts:AssumeRole (AccessDenied)"),
        "{}",
        outcome.stdout
    );
    assert!(
        outcome.stderr.contains("Audit incomplete"),
        "{}",
        outcome.stderr
    );
    assert!(rows_where(&keys, "account_id", "444444444444").is_empty());
}

#[test]
fn one_denied_api_leaves_the_field_unknown_and_keeps_the_rest() {
    let faults = r#"
[[faults]]
account = "222222222222"
action = "GetLoginProfile"
user = "alice"
kind = "access_denied"

[[faults]]
account = "222222222222"
action = "ListMFADevices"
user = "bob"
kind = "access_denied"

[[faults]]
account = "222222222222"
action = "GetAccessKeyLastUsed"
kind = "access_denied"
"#;
    let emulator = Emulator::start(small_organization(faults));
    let outcome = run(
        Some(&emulator.url()),
        &["--lang", "en", "--exclude-accounts", "444444444444"],
    );
    assert_eq!(outcome.code, 2, "{}", outcome.all_output());
    let keys = outcome.report("iam_audit_report");
    let alice = row_where(&keys, "username", "alice");
    assert_eq!(
        alice["password_status"], "Unknown",
        "never 'Not configured' for an unread password"
    );
    assert_eq!(alice["mfa_status"], "Virtual");
    assert_eq!(alice["last_used_date"], "Unknown");
    assert_eq!(alice["service_name"], "Unknown");
    assert_eq!(alice["status"], "Active");
    let bob = row_where(&keys, "username", "bob");
    assert_eq!(
        bob["mfa_status"], "Unknown",
        "never 'None' for unread MFA devices"
    );
    assert_eq!(bob["password_status"], "Not configured");
    assert_eq!(
        row_where(&keys, "username", "erin")["last_used_date"],
        "Never used"
    );

    let errors = outcome.report("audit_errors");
    let by_api: BTreeMap<(&str, &str), &str> = errors
        .iter()
        .map(|row| {
            (
                (row["api"].as_str(), row["resource"].as_str()),
                row["error_code"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        by_api.get(&("iam:GetLoginProfile", "alice")),
        Some(&"AccessDenied")
    );
    assert_eq!(
        by_api.get(&("iam:ListMFADevices", "bob")),
        Some(&"AccessDenied")
    );
    assert_eq!(
        by_api.get(&("iam:GetAccessKeyLastUsed", "alice/AKIAALICE00000000001")),
        Some(&"AccessDenied")
    );
    assert!(errors.iter().all(|row| row["account_id"] == "222222222222"));
}

#[test]
fn throttling_is_absorbed_by_retries() {
    let faults = r#"
[[faults]]
action = "ListUsers"
kind = "throttle"
count = 2

[[faults]]
action = "GetLoginProfile"
kind = "throttle"
count = 3

[[faults]]
action = "LookupEvents"
kind = "throttle"
count = 2

[[faults]]
action = "AssumeRole"
kind = "server_error"
status = 503
count = 1
"#;
    let emulator = Emulator::start(small_organization(faults));
    let outcome = run(
        Some(&emulator.url()),
        &["-v", "--exclude-accounts", "444444444444"],
    );
    assert_eq!(outcome.code, 0, "{}", outcome.all_output());
    assert_eq!(outcome.report("iam_audit_report").len(), 6);
    assert_eq!(outcome.report("cloudtrail_events").len(), 3);
    assert!(outcome.report("audit_errors").is_empty());
    let throttled = emulator
        .calls()
        .iter()
        .filter(|call| {
            call.error_code.as_deref() == Some("Throttling")
                || call.error_code.as_deref() == Some("ThrottlingException")
        })
        .count();
    assert_eq!(throttled, 7);
    assert!(
        outcome.stderr.contains("retrying iam:ListUsers"),
        "retries show with -v: {}",
        outcome.stderr
    );
}

#[test]
fn account_selection_is_honoured_and_unknown_ids_are_reported() {
    let emulator = Emulator::start(small_organization(""));
    let outcome = run(
        Some(&emulator.url()),
        &["--accounts", "333333333333,999999999999"],
    );
    assert_eq!(outcome.code, 2, "{}", outcome.all_output());
    let keys = outcome.report("iam_audit_report");
    assert_eq!(keys.len(), 1);
    assert_eq!(keys[0]["username"], "erin");
    let errors = outcome.report("audit_errors");
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0]["account_id"], "999999999999");
    assert!(errors[0]["message"].contains("not in the organization"));
}

#[test]
fn invalid_input_fails_before_any_aws_call() {
    let emulator = Emulator::start(small_organization(""));
    let cases: [(&[&str], &str); 5] = [
        (&["--accounts", "12345"], "12 digits"),
        (&["--exclude-accounts", "12345678901x"], "12 digits"),
        (&["--cloudtrail-days", "400"], "400"),
        (&["--profile", "nonexistent-profile"], "no such profile"),
        (&["--role", "bad role"], "--role"),
    ];
    for (arguments, expected) in cases {
        let outcome = run(Some(&emulator.url()), arguments);
        assert_eq!(outcome.code, 64, "{arguments:?}: {}", outcome.all_output());
        assert!(
            outcome.stderr.contains(expected),
            "{arguments:?}: {}",
            outcome.stderr
        );
        assert!(!outcome.folder.exists() || common::report_files(&outcome.folder).is_empty());
    }
    // An output folder that cannot be created.
    let blocker = tempfile::NamedTempFile::new().expect("a file");
    let (mut command, _home) = common::command(Some(&emulator.url()));
    let output = command
        .arg("--output-dir")
        .arg(blocker.path().join("reports"))
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(64));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("--output-dir") && stderr.lines().count() == 1,
        "{stderr}"
    );
    assert!(
        emulator.calls().is_empty(),
        "no AWS call before the input is valid"
    );
}

#[test]
fn list_accounts_denied_is_fatal_and_writes_nothing() {
    let faults = r#"
[[faults]]
action = "ListAccounts"
kind = "access_denied"
"#;
    let emulator = Emulator::start(small_organization(faults));
    let outcome = run(Some(&emulator.url()), &[]);
    assert_eq!(outcome.code, 3, "{}", outcome.all_output());
    assert!(
        outcome.stderr.contains("organizations:ListAccounts"),
        "{}",
        outcome.stderr
    );
    assert!(
        outcome.stderr.contains("AccessDeniedException"),
        "{}",
        outcome.stderr
    );
    assert!(common::report_files(&outcome.folder).is_empty());
}

#[test]
fn an_unreachable_endpoint_is_fatal_with_a_clear_message() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let port = listener.local_addr().expect("address").port();
    drop(listener);
    let outcome = run_with(Some(&format!("http://127.0.0.1:{port}")), &[], |_| {});
    assert_eq!(outcome.code, 3, "{}", outcome.all_output());
    assert!(
        outcome.stderr.contains("sts:GetCallerIdentity"),
        "{}",
        outcome.stderr
    );
    assert!(
        outcome.stderr.contains("AWS_ENDPOINT_URL"),
        "{}",
        outcome.stderr
    );
    assert_eq!(
        outcome.stderr.trim().lines().count(),
        1,
        "{}",
        outcome.stderr
    );
    assert!(common::report_files(&outcome.folder).is_empty());
}

#[test]
fn the_demo_command_runs_with_nothing_configured() {
    let (mut command, home) = common::command(None);
    let folder = home.path().join("demo");
    let output = command
        .current_dir(home.path())
        .args(["demo", "--lang", "es", "--output-dir"])
        .arg(&folder)
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("Total de Access Keys encontradas: 48"));
    assert!(stdout.contains("Reporte de eventos CloudTrail exportado: "));
    let names: Vec<String> = common::report_files(&folder)
        .iter()
        .filter_map(|path| {
            path.file_name()
                .and_then(|name| name.to_str())
                .map(str::to_string)
        })
        .map(|name| match name.rsplitn(3, '_').nth(2) {
            Some(prefix) => prefix.to_string(),
            None => name,
        })
        .collect();
    assert_eq!(
        names,
        [
            "audit_errors",
            "cloudtrail_events",
            "credentials_report",
            "findings",
            "history.jsonl",
            "iam_audit",
            "iam_audit_report",
            "iam_users_report",
            "root_audit_report",
            "suggested_policies"
        ],
        "exactly the documented reports, nothing half-written"
    );
}

/// A certificate's `notAfter`, read by an independent X.509 parser (Python's `cryptography`, in
/// the test virtualenv), as the reports write times.
fn not_after_by_python(body: &str) -> String {
    let script = "import sys\nfrom cryptography import x509\nprint(x509.load_pem_x509_certificate(sys.stdin.read().encode()).not_valid_after_utc.strftime('%Y-%m-%dT%H:%M:%SZ'))";
    let mut child =
        std::process::Command::new(common::moto::venv_tool("IAM_AUDIT_TEST_PYTHON", "python"))
            .args(["-c", script])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("python runs");
    if let Some(mut stdin) = child.stdin.take() {
        use std::io::Write;
        stdin.write_all(body.as_bytes()).expect("body written");
    }
    let output = child.wait_with_output().expect("python finishes");
    assert!(output.status.success(), "python could not parse {body}");
    String::from_utf8_lossy(&output.stdout).trim().to_string()
}

/// Every SSH key, signing certificate (with its body's expiry), service-specific credential,
/// password policy and root certificate of the demo, field by field against the emulator's world
/// (issue 15).
#[test]
fn the_other_credentials_are_reported_field_by_field() {
    let emulator = Emulator::start(demo_scenario());
    let outcome = run(
        Some(&emulator.url()),
        &["--lang", "en", "--format", "csv,json"],
    );
    assert_eq!(outcome.code, 0, "{}", outcome.all_output());
    let world = emulator.server().world();
    let rows = outcome.report("credentials_report");
    let users = outcome.report("iam_users_report");
    let roots = outcome.report("root_audit_report");
    let report: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(outcome.report_file("iam_audit", "json")).expect("JSON"),
    )
    .expect("parses");
    let mut expected_rows = 0;
    for account in world
        .accounts
        .values()
        .filter(|account| account.state == "ACTIVE")
    {
        for user in &account.users {
            let check = |id: &str, kind: &str, status: &str, created: String| {
                let row = row_where(&rows, "id", id);
                assert_eq!(row["account_id"], account.id, "{id}");
                assert_eq!(row["username"], user.name, "{id}");
                assert_eq!(row["kind"], kind, "{id}");
                assert_eq!(row["status"], status, "{id}");
                assert_eq!(row["created"], created, "{id}");
                row
            };
            for key in &user.ssh_public_keys {
                let row = check(
                    &key.id,
                    "ssh_public_key",
                    &key.status,
                    rfc3339(key.uploaded),
                );
                assert_eq!(row["expires"], "");
            }
            for certificate in &user.signing_certificates {
                let row = check(
                    &certificate.id,
                    "signing_certificate",
                    &certificate.status,
                    rfc3339(certificate.uploaded),
                );
                assert_eq!(row["expires"], not_after_by_python(&certificate.body));
            }
            for credential in &user.service_specific_credentials {
                let status = match credential.expires {
                    Some(expires) if expires < world.now => "Expired",
                    _ => credential.status.as_str(),
                };
                let row = check(
                    &credential.id,
                    "service_specific_credential",
                    status,
                    rfc3339(credential.created),
                );
                assert_eq!(row["service"], credential.service_name);
                assert_eq!(
                    row["expires"],
                    credential.expires.map_or("Never".to_string(), rfc3339)
                );
            }
            let counted = |column: &str| {
                rows_where(&users, "username", &user.name)
                    .iter()
                    .find(|row| row["account_id"] == account.id)
                    .map(|row| row[column].clone())
            };
            assert_eq!(
                counted("ssh_public_keys"),
                Some(user.ssh_public_keys.len().to_string())
            );
            assert_eq!(
                counted("signing_certificates"),
                Some(user.signing_certificates.len().to_string())
            );
            assert_eq!(
                counted("service_specific_credentials"),
                Some(user.service_specific_credentials.len().to_string())
            );
            expected_rows += user.ssh_public_keys.len()
                + user.signing_certificates.len()
                + user.service_specific_credentials.len();
        }
        let policy = report["password_policies"]
            .as_array()
            .and_then(|entries| {
                entries
                    .iter()
                    .find(|entry| entry["account_id"] == account.id.as_str())
            })
            .expect("one entry per account");
        match &account.password_policy {
            None => assert_eq!(policy["status"], "not_set", "{}", account.name),
            Some(spec) => {
                assert_eq!(policy["status"], "set");
                let fields = &policy["policy"];
                assert_eq!(
                    fields["minimum_password_length"],
                    spec.minimum_password_length
                );
                assert_eq!(fields["require_symbols"], spec.require_symbols);
                assert_eq!(fields["require_numbers"], spec.require_numbers);
                assert_eq!(
                    fields["require_uppercase_characters"],
                    spec.require_uppercase_characters
                );
                assert_eq!(
                    fields["require_lowercase_characters"],
                    spec.require_lowercase_characters
                );
            }
        }
        let root = row_where(&roots, "account_id", &account.id);
        assert_eq!(
            root["signing_certificates_present"],
            (!account.root.signing_certificates.is_empty()).to_string(),
            "{}",
            account.name
        );
    }
    assert_eq!(rows.len(), expected_rows);
    assert!(expected_rows >= 12, "the demo holds every kind");
}

/// Privilege in the demo (issue 16): an administrator capped by a permissions boundary is what the
/// boundary allows, the drifted audit role is named in the account's JSON entry, and the other
/// audit roles are as Control Tower made them.
#[test]
fn the_demo_privileges_boundary_and_drift_are_reported() {
    let emulator = Emulator::start(demo_scenario());
    let outcome = run(Some(&emulator.url()), &["--format", "json"]);
    assert_eq!(outcome.code, 0, "{}", outcome.all_output());
    let report: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(outcome.report_file("iam_audit", "json")).expect("JSON"),
    )
    .expect("parses");
    let privilege = |account: &str, name: &str| -> serde_json::Value {
        report["users"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|user| user["account_id"] == account && user["user_name"] == name)
            .map(|user| user["privilege"].clone())
            .unwrap_or_default()
    };
    let capped = privilege("234567890123", "grace.dev");
    assert_eq!(capped["class"], "read_only", "{capped}");
    assert_eq!(
        capped["boundary"],
        "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"
    );
    assert_eq!(
        privilege("123456789012", "legacy-reporting")["class"],
        "admin"
    );
    let escalation = privilege("123456789012", "ci-deploy");
    assert_eq!(escalation["class"], "privilege_escalation");
    assert!(
        escalation["escalation_methods"]
            .as_array()
            .is_some_and(|methods| methods
                .iter()
                .any(|method| method == "CreateNewPolicyVersion")),
        "{escalation}"
    );
    assert_eq!(privilege("123456789012", "new-hire")["class"], "none");
    let role_of = |account: &str| -> serde_json::Value {
        report["accounts"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|entry| entry["id"] == account)
            .map(|entry| entry["audit_role"].clone())
            .unwrap_or_default()
    };
    assert_eq!(role_of("345678901234")["drifted"], true);
    assert_eq!(
        role_of("345678901234")["drift"][0],
        "also trusts arn:aws:iam::999999999999:root"
    );
    assert_eq!(role_of("123456789012")["drifted"], false);
    assert_eq!(
        role_of("111111111111"),
        serde_json::Value::Null,
        "the caller's own account"
    );
    assert!(
        report["run"]["privilege_scope"]
            .as_str()
            .is_some_and(|scope| scope.contains("service control policies")),
    );
}

/// The root user read exactly: for each member, the root's keys and MFA devices in the JSON
/// report are what boto3 lists in its own root session (an independent client, the same
/// `sts:AssumeRoot` with the audit task policy), and the management account stays on the summary.
#[test]
fn the_root_users_keys_and_devices_are_what_a_boto3_root_session_lists() {
    let emulator = Emulator::start(demo_scenario());
    let outcome = run(
        Some(&emulator.url()),
        &["--lang", "en", "--format", "json", "--no-cloudtrail"],
    );
    assert_eq!(outcome.code, 0, "{}", outcome.all_output());
    let report: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(outcome.report_file("iam_audit", "json")).expect("json"),
    )
    .expect("JSON");
    let script = r#"
import json, boto3
sts = boto3.client("sts")
task = {"arn": "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials"}
listed = {}
for account in ["123456789012", "234567890123", "345678901234"]:
    credentials = sts.assume_root(TargetPrincipal=account, TaskPolicyArn=task)["Credentials"]
    iam = boto3.client("iam", aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"], aws_session_token=credentials["SessionToken"])
    listed[account] = {
        "keys": sorted([key["AccessKeyId"], key["Status"]] for key in iam.list_access_keys()["AccessKeyMetadata"]),
        "devices": sorted(device["SerialNumber"] for device in iam.list_mfa_devices()["MFADevices"]),
    }
print(json.dumps(listed))
"#;
    let output =
        std::process::Command::new(common::moto::venv_tool("IAM_AUDIT_TEST_PYTHON", "python"))
            .args(["-c", script])
            .env("AWS_ENDPOINT_URL", emulator.url())
            .env(
                "AWS_ACCESS_KEY_ID",
                iam_audit_emulator::CALLER_ACCESS_KEY_ID,
            )
            .env("AWS_SECRET_ACCESS_KEY", common::CALLER_SECRET)
            .env("AWS_DEFAULT_REGION", "us-east-1")
            .env("NO_PROXY", "127.0.0.1,localhost")
            .output()
            .expect("python runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let listed: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let roots = report["root_accounts"].as_array().expect("root_accounts");
    for root in roots {
        let account = root["account_id"].as_str().unwrap_or_default();
        if account == "111111111111" {
            assert_eq!(root["source"], "account_summary", "{root}");
            continue;
        }
        assert_eq!(root["source"], "assume_root", "{root}");
        let mut keys: Vec<serde_json::Value> = root["access_keys"]
            .as_array()
            .expect("keys")
            .iter()
            .map(|key| serde_json::json!([key["id"], key["status"]]))
            .collect();
        keys.sort_by_key(ToString::to_string);
        assert_eq!(
            serde_json::Value::from(keys),
            listed[account]["keys"],
            "{account}"
        );
        let mut devices: Vec<serde_json::Value> = root["mfa_devices"]
            .as_array()
            .expect("devices")
            .iter()
            .map(|device| device["serial_number"].clone())
            .collect();
        devices.sort_by_key(ToString::to_string);
        assert_eq!(
            serde_json::Value::from(devices),
            listed[account]["devices"],
            "{account}"
        );
    }
    // Development's root holds a key and no device; Production's a hardware token.
    assert_eq!(listed["234567890123"]["keys"][0][0], "AKIADEVROOTKEY000001");
    assert_eq!(listed["123456789012"]["devices"][0], "GAHT40215873");
}
