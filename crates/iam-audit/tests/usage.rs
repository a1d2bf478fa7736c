//! What each credential really uses (issue 24), on the emulator's demo organization served over
//! HTTP, against independent clients: boto3 (AWS's SDK for Python) reads the same service last
//! accessed reports and authorization details, parliament (Duo Labs' IAM linter) lints every
//! suggested policy, and the access crate's evaluator proves each one grants nothing the user does
//! not hold. moto implements none of these APIs, so the emulator is the peer.
//!
//! Fails, never skips, when a Python peer is missing: run `scripts/test` (`scripts/setup-venv`
//! installs boto3 into `.venv-oracle` and parliament into `.venv-parliament`).

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::process::Command;

use common::{CALLER_SECRET, Emulator, Outcome, run};
use iam_audit_access::AuthorizationDetails;
use iam_audit_emulator::{CALLER_ACCESS_KEY_ID, Scenario, demo_scenario};
use serde_json::Value;

const PRODUCTION: &str = "123456789012";
const ACCOUNTS: [&str; 4] = [
    "111111111111",
    "123456789012",
    "234567890123",
    "345678901234",
];

/// A Python of a test virtualenv, from `variable` or the repository's `folder`.
fn python(variable: &str, folder: &str) -> PathBuf {
    let path = std::env::var_os(variable)
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("../../{folder}/bin/python"))
        });
    assert!(
        path.exists(),
        "{} is missing: run scripts/test, which installs it (or set {variable})",
        path.display()
    );
    path
}

/// Runs one of `tests/usage/*.py` with `python` and `input` on its standard input; its JSON
/// answer.
fn script(python: PathBuf, name: &str, arguments: &[String], input: &str) -> Value {
    use std::io::Write;
    let mut child = Command::new(python)
        .arg(
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("tests/usage")
                .join(name),
        )
        .args(arguments)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .env("AWS_ACCESS_KEY_ID", CALLER_ACCESS_KEY_ID)
        .env("AWS_SECRET_ACCESS_KEY", CALLER_SECRET)
        .env("AWS_REGION", "us-east-1")
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("NO_PROXY", "127.0.0.1,localhost")
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_ENDPOINT_URL")
        .spawn()
        .expect("python runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("input written");
    let output = child.wait_with_output().expect("python finishes");
    assert!(
        output.status.success(),
        "{name}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("the script prints JSON")
}

/// boto3 (AWS's SDK for Python, in `.venv-oracle`) on the emulator.
fn boto3(command: &str, endpoint: &str, arguments: &[String]) -> Value {
    let mut all = vec![command.to_string(), endpoint.to_string()];
    all.extend_from_slice(arguments);
    script(
        python("IAM_AUDIT_TEST_ORACLE_PYTHON", ".venv-oracle"),
        "boto3_usage.py",
        &all,
        "",
    )
}

/// The run's JSON report.
fn json_report(outcome: &Outcome) -> Value {
    serde_json::from_str(
        &std::fs::read_to_string(outcome.report_file("iam_audit", "json")).expect("JSON report"),
    )
    .expect("JSON parses")
}

/// Users with an active access key or a console password, by `account:user`, with their entry.
fn credentialed(report: &Value) -> BTreeMap<String, &Value> {
    let active: BTreeSet<(String, String)> = report["access_keys"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|key| key["status"] == "Active")
        .map(|key| (text(&key["account_id"]), text(&key["user_name"])))
        .collect();
    report["users"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|user| {
            user["console_password"] == "configured"
                || active.contains(&(text(&user["account_id"]), text(&user["user_name"])))
        })
        .map(|user| {
            (
                format!("{}:{}", text(&user["account_id"]), text(&user["user_name"])),
                user,
            )
        })
        .collect()
}

fn text(value: &Value) -> String {
    value.as_str().unwrap_or_default().to_string()
}

fn strings(value: &Value) -> Vec<String> {
    value.as_array().into_iter().flatten().map(text).collect()
}

fn audit(emulator: &Emulator, extra: &[&str]) -> Outcome {
    let mut arguments = vec!["--lang", "en", "--format", "csv,json,policies"];
    arguments.extend_from_slice(extra);
    run(Some(&emulator.url()), &arguments)
}

/// Must show: every credentialed user's `usage.services_used` is what boto3's
/// Generate/GetServiceLastAccessedDetails return for that user within the window.
#[test]
fn every_credentialed_users_services_used_are_what_boto3_reads() {
    let emulator = Emulator::start(demo_scenario());
    let outcome = audit(&emulator, &[]);
    assert_eq!(outcome.code, 0, "{}", outcome.all_output());
    let report = json_report(&outcome);
    assert_eq!(report["run"]["options"]["last_accessed"], "credentialed");
    assert_eq!(report["run"]["options"]["usage_window_days"], 90);
    let users = credentialed(&report);
    assert_eq!(users.len(), 37, "{:?}", users.keys());
    for (name, user) in &users {
        assert_eq!(user["usage"]["status"], "read", "{name}");
        assert_eq!(user["usage"]["window_days"], 90, "{name}");
    }
    // Two requests per credentialed user and the polls (the demo's jobs answer IN_PROGRESS once).
    let calls = emulator.calls();
    let count = |action: &str| calls.iter().filter(|call| call.action == action).count();
    assert_eq!(count("GenerateServiceLastAccessedDetails"), users.len());
    assert_eq!(count("GetServiceLastAccessedDetails"), 2 * users.len());
    let mut arguments = vec!["90".to_string()];
    arguments.extend(users.keys().cloned());
    let theirs = boto3("usage", &emulator.url(), &arguments);
    let mut used_somewhere = 0;
    for (name, user) in &users {
        let (account, user_name) = name.split_once(':').expect("account:user");
        let ours = strings(&user["usage"]["services_used"]);
        assert_eq!(ours, strings(&theirs[account][user_name]), "{name}");
        used_somewhere += usize::from(!ours.is_empty());
    }
    assert!(used_somewhere >= 25, "{used_somewhere}");
    // A user without credentials is not asked about by default.
    let asked: BTreeSet<String> = report["users"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|user| !user["usage"].is_null())
        .map(|user| format!("{}:{}", text(&user["account_id"]), text(&user["user_name"])))
        .collect();
    assert_eq!(asked, users.keys().cloned().collect::<BTreeSet<_>>());
    // The CSV carries the same.
    let rows = outcome.report("iam_users_report");
    let carol = common::row_where(&rows, "username", "carol.ops");
    assert_eq!(carol["services_used"], "s3");
    assert_eq!(carol["services_granted"], "50");
    assert!(carol["last_activity"].starts_with("20"));
}

/// Must show: USE001 fires for the administrator who only reads S3, and that administrator's key
/// ranks first among the administrators in fix-first: above every other administrator USE001
/// fires for, which it did not before usage was read. (The never-used, years-old keys of
/// legacy-reporting, frank.contractor and breakglass rank above every key in use, at 100: stale
/// critical findings on administrators, as issue 16 decided.)
#[test]
fn the_s3_only_administrator_is_flagged_and_its_key_leads_the_administrators_in_use() {
    let emulator = Emulator::start(demo_scenario());
    let outcome = audit(&emulator, &[]);
    assert_eq!(outcome.code, 0, "{}", outcome.all_output());
    let report = json_report(&outcome);
    let findings: Vec<&Value> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .collect();
    let carol = findings
        .iter()
        .find(|finding| finding["rule_id"] == "USE001" && finding["user_name"] == "carol.ops")
        .expect("USE001 on carol.ops");
    assert_eq!(carol["severity"], "high");
    assert_eq!(carol["evidence"]["services_used"], "1");
    assert_eq!(carol["evidence"]["used_services"], "s3");
    assert_eq!(carol["evidence"]["services_granted"], "50");
    // The administrators USE001 fires for, and each one's riskiest finding on a key.
    let flagged_admins: BTreeSet<String> = findings
        .iter()
        .filter(|finding| finding["rule_id"] == "USE001" && finding["privilege"] == "admin")
        .map(|finding| text(&finding["user_name"]))
        .collect();
    assert!(flagged_admins.contains("alice.admin"), "{flagged_admins:?}");
    let key_risk = |findings: &[&Value], user: &str| {
        findings
            .iter()
            .filter(|finding| finding["user_name"] == user && !finding["access_key_id"].is_null())
            .filter_map(|finding| finding["risk"].as_u64())
            .max()
    };
    let carol_key = key_risk(&findings, "carol.ops").expect("carol's key has a finding");
    for admin in flagged_admins.iter().filter(|admin| *admin != "carol.ops") {
        if let Some(risk) = key_risk(&findings, admin) {
            assert!(carol_key > risk, "carol.ops {carol_key} vs {admin} {risk}");
        }
    }
    let use001: Vec<(u64, String)> = findings
        .iter()
        .filter(|finding| finding["rule_id"] == "USE001" && finding["privilege"] == "admin")
        .map(|finding| {
            (
                finding["risk"].as_u64().unwrap_or_default(),
                text(&finding["user_name"]),
            )
        })
        .collect();
    let leader = use001.iter().max().map(|(_, user)| user.as_str());
    assert_eq!(leader, Some("carol.ops"), "{use001:?}");
    // The other usage findings of the demo: backup-agent used nothing in 90 days.
    assert!(findings.iter().any(|finding| finding["rule_id"] == "USE002" && finding["user_name"] == "backup-agent"));
    assert!(
        !findings
            .iter()
            .any(|finding| finding["rule_id"] == "USE001" && finding["user_name"] == "dev-ci"),
        "dev-ci uses all it holds"
    );

    // Without usage, carol's key did not lead alice's.
    let without = audit(&emulator, &["--last-accessed", "off"]);
    assert_eq!(without.code, 0, "{}", without.all_output());
    let report = json_report(&without);
    let findings: Vec<&Value> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .collect();
    assert!(key_risk(&findings, "carol.ops") <= key_risk(&findings, "alice.admin"));
    assert!(
        !findings
            .iter()
            .any(|finding| text(&finding["rule_id"]).starts_with("USE"))
    );
    assert!(
        report["users"]
            .as_array()
            .into_iter()
            .flatten()
            .all(|user| user["usage"].is_null())
    );
}

/// Must show: every suggested policy passes parliament (no finding of medium severity or more,
/// every action known), and the access crate's evaluator proves each grants nothing the user does
/// not hold, against the authorization details boto3 reads.
#[test]
fn every_suggested_policy_passes_parliament_and_grants_nothing_beyond_what_is_held() {
    let emulator = Emulator::start(demo_scenario());
    let outcome = audit(&emulator, &[]);
    assert_eq!(outcome.code, 0, "{}", outcome.all_output());
    let report = json_report(&outcome);
    let folder = common::report_files(&outcome.folder)
        .into_iter()
        .find(|path| {
            path.file_name()
                .is_some_and(|name| name.to_string_lossy().starts_with("suggested_policies_"))
        })
        .expect("the suggested policies' folder");
    let files = common::report_files(&folder);
    let suggested: BTreeMap<String, &Value> = report["users"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|user| !user["usage"]["suggested_policy"].is_null())
        .map(|user| {
            (
                format!(
                    "{}-{}.json",
                    text(&user["account_id"]),
                    text(&user["user_name"])
                ),
                user,
            )
        })
        .collect();
    let names: Vec<String> = files
        .iter()
        .filter_map(|path| Some(path.file_name()?.to_string_lossy().into_owned()))
        .collect();
    assert_eq!(names, suggested.keys().cloned().collect::<Vec<_>>());
    assert!(names.len() >= 25, "{names:?}");
    for (name, user) in &suggested {
        let written: Value =
            serde_json::from_str(&std::fs::read_to_string(folder.join(name)).expect("file"))
                .expect("a policy document");
        assert_eq!(written, user["usage"]["suggested_policy"], "{name}");
    }
    let carol: Value = serde_json::from_str(
        &std::fs::read_to_string(folder.join(format!("{PRODUCTION}-carol.ops.json")))
            .expect("carol's"),
    )
    .expect("JSON");
    assert_eq!(
        carol["Statement"],
        serde_json::json!([{"Sid": "UsedActions", "Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": "*"}])
    );
    let kept = std::fs::read_to_string(folder.join(format!("{PRODUCTION}-terraform.json")))
        .expect("terraform's");
    assert!(
        kept.contains("\"KeptAsGrantedNoActionData\"") && kept.contains("dynamodb:*"),
        "{kept}"
    );

    // parliament: nothing of medium severity or more, no unknown action, in any of them, but what
    // parliament finds the same way in what the user holds today.
    let details = boto3("details", &emulator.url(), &ACCOUNTS.map(str::to_string));
    let mut request = serde_json::Map::new();
    for (name, user) in &suggested {
        let account: AuthorizationDetails =
            serde_json::from_value(details[text(&user["account_id"])].clone()).expect("details");
        request.insert(
            folder.join(name).display().to_string(),
            serde_json::json!(held_documents(&account, &text(&user["user_name"]))),
        );
    }
    let control = outcome.folder.join("control.json");
    std::fs::write(
        &control,
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:NotAnAction","Resource":"*"}]}"#,
    )
    .expect("control file");
    request.insert(control.display().to_string(), serde_json::json!([]));
    let linted = script(
        python("IAM_AUDIT_TEST_PARLIAMENT_PYTHON", ".venv-parliament"),
        "parliament_check.py",
        &[],
        &serde_json::json!({ "files": request }).to_string(),
    );
    assert_eq!(linted["parliament"], "1.6.4");
    let mut inherited = Vec::new();
    for path in &files {
        let found = &linted["files"][path.display().to_string()];
        assert_eq!(
            found["failing"],
            serde_json::json!([]),
            "{}",
            path.display()
        );
        if found["inherited"] != serde_json::json!([]) {
            inherited.push(
                path.file_name()
                    .map(|name| name.to_string_lossy().into_owned()),
            );
        }
    }
    // Only AWSLambda_FullAccess's own logs:StopLiveTail on a log group, which the users holding
    // it used (logs) and which parliament finds in AWS's policy too.
    assert!(inherited.len() <= 2, "{inherited:?}");
    assert_ne!(
        linted["files"][control.display().to_string()]["failing"],
        serde_json::json!([]),
        "the linter sees an unknown action"
    );

    // Nothing beyond what each user holds, by the evaluator, on boto3's authorization details.
    for (name, user) in &suggested {
        let account: AuthorizationDetails =
            serde_json::from_value(details[text(&user["account_id"])].clone()).expect("details");
        let document = std::fs::read_to_string(folder.join(name)).expect("file");
        assert_eq!(
            iam_audit_access::grants_beyond(&account, &text(&user["user_name"]), &document),
            Ok(Vec::new()),
            "{name}"
        );
    }
    // The check sees a widened one.
    let production: AuthorizationDetails =
        serde_json::from_value(details[PRODUCTION].clone()).expect("details");
    let widened = std::fs::read_to_string(folder.join(format!("{PRODUCTION}-s3-sync.json")))
        .expect("s3-sync's")
        .replace("\"s3:GetObject\"", "\"s3:GetObject\", \"ec2:RunInstances\"");
    assert_eq!(
        iam_audit_access::grants_beyond(&production, "s3-sync", &widened),
        Ok(vec!["ec2:RunInstances".to_string()])
    );
}

/// The documents of every identity policy `user_name` holds: its own (inline and attached) and its
/// groups'.
fn held_documents(details: &AuthorizationDetails, user_name: &str) -> Vec<String> {
    let managed = |arn: &str| {
        details
            .policies
            .iter()
            .find(|policy| policy.arn == arn)
            .and_then(|policy| policy.default_version_document.clone())
    };
    let mut documents = Vec::new();
    for user in details.users.iter().filter(|user| user.name == user_name) {
        documents.extend(
            user.inline_policies
                .iter()
                .map(|policy| policy.document.clone()),
        );
        documents.extend(
            user.attached_policies
                .iter()
                .filter_map(|policy| managed(&policy.arn)),
        );
        for group in details
            .groups
            .iter()
            .filter(|group| user.groups.contains(&group.name))
        {
            documents.extend(
                group
                    .inline_policies
                    .iter()
                    .map(|policy| policy.document.clone()),
            );
            documents.extend(
                group
                    .attached_policies
                    .iter()
                    .filter_map(|policy| managed(&policy.arn)),
            );
        }
    }
    documents
}

/// The demo with backup-agent's report failing (the emulator's `last_accessed_fails`).
fn failing_backup_agent() -> Scenario {
    let mut scenario = demo_scenario();
    for user in scenario
        .accounts
        .iter_mut()
        .flat_map(|account| account.users.iter_mut())
    {
        if user.name == "backup-agent" {
            user.last_accessed_fails = true;
        }
    }
    scenario
}

/// Must show: a failed job gives AUD001 and `unknown`, never USE002.
#[test]
fn a_failed_report_is_aud001_and_unknown_never_use002() {
    let emulator = Emulator::start(failing_backup_agent());
    let outcome = audit(&emulator, &[]);
    assert_eq!(outcome.code, 2, "{}", outcome.all_output());
    let report = json_report(&outcome);
    let findings: Vec<&Value> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .collect();
    let gap = findings
        .iter()
        .find(|finding| finding["rule_id"] == "AUD001" && finding["account_id"] == PRODUCTION)
        .expect("AUD001 in Production");
    assert_eq!(gap["evidence"]["api"], "iam:GetServiceLastAccessedDetails");
    assert!(
        text(&gap["evidence"]["message"]).contains("failed"),
        "{gap}"
    );
    let backup = report["users"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|user| user["user_name"] == "backup-agent")
        .expect("backup-agent");
    assert_eq!(backup["usage"]["status"], "unknown");
    assert!(backup["usage"]["services_used"].is_null());
    assert!(
        !findings
            .iter()
            .any(|finding| text(&finding["rule_id"]).starts_with("USE")
                && finding["user_name"] == "backup-agent"),
        "a failed report is never 'used nothing'"
    );
    let rows = outcome.report("iam_users_report");
    let row = common::row_where(&rows, "username", "backup-agent");
    assert_eq!(row["services_used"], "Unknown");
    // The others are judged as ever.
    assert!(
        findings
            .iter()
            .any(|finding| finding["rule_id"] == "USE001" && finding["user_name"] == "carol.ops")
    );
}

/// A run that does not read usage (`--last-accessed off`) or reads it over another window never
/// resolves a usage finding of its baseline: it is not judged, with the reason.
#[test]
fn an_unread_or_other_window_never_resolves_usage_findings() {
    let emulator = Emulator::start(demo_scenario());
    let first = audit(&emulator, &[]);
    assert_eq!(first.code, 0, "{}", first.all_output());
    let baseline = first.report_file("iam_audit", "json");
    let baseline = baseline.display().to_string();
    for (options, reason) in [
        (
            vec!["--last-accessed", "off"],
            "service last accessed reports were not read in the newer run (--last-accessed off)",
        ),
        (
            vec!["--usage-window-days", "400"],
            "the newer run judged usage over 400 days, the older over 90",
        ),
    ] {
        let mut arguments = options.clone();
        arguments.extend(["--baseline", baseline.as_str()]);
        let second = audit(&emulator, &arguments);
        assert_eq!(second.code, 0, "{}", second.all_output());
        let report = json_report(&second);
        let resolved: Vec<String> = report["changes"]["findings"]["resolved"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|finding| text(&finding["rule_id"]))
            .collect();
        assert!(
            !resolved.iter().any(|rule| rule.starts_with("USE")),
            "{options:?}: {resolved:?}"
        );
        let unknown: Vec<&Value> = report["changes"]["findings"]["unknown"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|finding| text(&finding["rule_id"]).starts_with("USE"))
            .collect();
        assert!(!unknown.is_empty(), "{options:?}");
        assert!(
            unknown.iter().all(|finding| finding["reason"] == reason),
            "{unknown:?}"
        );
    }
}
