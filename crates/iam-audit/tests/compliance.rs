//! Compliance evidence end to end: every control of every framework in every account, PASS,
//! FAIL, UNKNOWN or NOT_ASSESSED, against moto's server (AWS managed policies loaded, IAM
//! authorization on, every request recorded) and against the project's emulator (the demo).
//!
//! The moto test fails, never skips, when moto is missing: run `scripts/test`, which installs it.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::process::Command;

use common::moto::{Moto, venv_tool};
use common::{Emulator, Row, run};
use iam_audit_emulator::demo_scenario;

/// The status of `control` of `framework` in `account`, with its findings and reason.
fn status<'a>(rows: &'a [Row], framework: &str, control: &str, account: &str) -> &'a Row {
    rows.iter()
        .find(|row| {
            row["framework"] == framework
                && row["control_id"] == control
                && row["account_id"] == account
        })
        .unwrap_or_else(|| panic!("no row for {framework} {control} in {account}"))
}

/// The actions a moto recording holds: the query protocol's `Action=`, the JSON protocol's
/// `X-Amz-Target`, and a REST call's method and path.
fn recorded_actions(recording: &str) -> Vec<String> {
    use base64::Engine;
    recording
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .map(|entry| {
            let headers = &entry["headers"];
            if let Some(target) = headers["X-Amz-Target"].as_str() {
                return target.rsplit('.').next().unwrap_or(target).to_string();
            }
            let raw = entry["body"].as_str().unwrap_or_default();
            let body = if entry["body_encoded"].as_bool() == Some(true) {
                base64::engine::general_purpose::STANDARD
                    .decode(raw)
                    .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
                    .unwrap_or_default()
            } else {
                raw.to_string()
            };
            let url = entry["url"].as_str().unwrap_or_default();
            body.split('&')
                .chain(url.split(['?', '&']))
                .find_map(|pair| pair.strip_prefix("Action="))
                .map(str::to_string)
                .unwrap_or_else(|| {
                    format!("{} {url}", entry["method"].as_str().unwrap_or_default())
                })
        })
        .collect()
}

/// Longer than the ~120-line guide on purpose: the organization is built once in moto (the
/// slowest step) and each member's controls are checked from the same run.
#[test]
fn controls_pass_fail_or_are_unknown_against_moto_and_nothing_is_written() {
    let recording = tempfile::tempdir().expect("a folder for moto's recording");
    let recording_file = recording.path().join("moto_recording");
    let moto = Moto::start_with(&[
        ("MOTO_IAM_LOAD_MANAGED_POLICIES", "true"),
        ("MOTO_ENABLE_RECORDING", "True"),
        (
            "MOTO_RECORDER_FILEPATH",
            recording_file.to_str().expect("a UTF-8 path"),
        ),
    ]);
    let setup = Command::new(venv_tool("IAM_AUDIT_TEST_PYTHON", "python"))
        .arg(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/moto/setup_compliance.py"))
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
    let account = |name: &str| made["accounts"][name].as_str().expect(name).to_string();
    let (compliant, failing, limited) =
        (account("Compliant"), account("Failing"), account("Limited"));
    let outcome = common::run_with(
        Some(&moto.url),
        &[
            "--role",
            "AuditRole",
            "--no-cloudtrail",
            "--lang",
            "en",
            "--format",
            "csv,json,compliance",
            // moto has no sts:AssumeRoot: each member's root falls back to the summary.
            "--root-credentials",
            "assume-root",
        ],
        |command| {
            command
                .env(
                    "AWS_ACCESS_KEY_ID",
                    made["auditor"]["access_key_id"]
                        .as_str()
                        .unwrap_or_default(),
                )
                .env(
                    "AWS_SECRET_ACCESS_KEY",
                    made["auditor"]["secret_access_key"]
                        .as_str()
                        .unwrap_or_default(),
                );
        },
    );
    assert_eq!(outcome.code, 2, "{}", outcome.all_output());
    let rows = outcome.report("compliance");
    let findings = outcome.report("findings");

    // Compliant: read, and nothing fails them.
    for control in ["IAM.15", "IAM.16", "IAM.26", "IAM.27", "IAM.18"] {
        let row = status(&rows, "aws-fsbp", control, &compliant);
        assert_eq!(row["status"], "PASS", "{control}: {row:?}");
        assert_eq!(row["findings"], "", "{control}");
    }

    // Failing: each control fails, with findings naming the certificate and the role.
    let finding = |id: &str| -> &Row {
        findings
            .iter()
            .find(|row| {
                let key = format!(
                    "iam-audit/{}/{}/{}",
                    row["account_id"], row["rule_id"], row["resource"]
                );
                id.starts_with(&key)
            })
            .unwrap_or_else(|| panic!("finding {id} is not in the findings report"))
    };
    for (control, rule, resource) in [
        ("IAM.15", "PWP001", "AWS::::Account"),
        ("IAM.16", "PWP001", "AWS::::Account"),
        ("IAM.26", "SRV001", "shop-example-2012"),
        ("IAM.27", "POL003", "cloudshell-users"),
        ("IAM.18", "POL004", "AWS::::Account"),
    ] {
        let row = status(&rows, "aws-fsbp", control, &failing);
        assert_eq!(row["status"], "FAIL", "{control}: {row:?}");
        let named: Vec<&Row> = row["findings"].split(' ').map(finding).collect();
        assert!(
            named
                .iter()
                .any(|found| found["rule_id"] == rule && found["resource"].contains(resource)),
            "{control}: {named:?}"
        );
    }

    // Limited: what could not be read is UNKNOWN, naming the API, never PASS.
    for (control, api) in [
        ("IAM.15", "iam:GetAccountPasswordPolicy"),
        ("IAM.16", "iam:GetAccountPasswordPolicy"),
        ("IAM.26", "iam:ListServerCertificates"),
    ] {
        let row = status(&rows, "aws-fsbp", control, &limited);
        assert_eq!(row["status"], "UNKNOWN", "{control}: {row:?}");
        assert!(row["reason"].contains(api), "{control}: {row:?}");
    }
    assert_eq!(
        status(&rows, "cis-aws-6.0.0", "2.18", &limited)["status"],
        "UNKNOWN"
    );
    // What was read there is still judged.
    assert_eq!(
        status(&rows, "aws-fsbp", "IAM.18", &limited)["status"],
        "PASS"
    );
    // Access Analyzer is not in moto: unknown everywhere, with the API named.
    for member in [&compliant, &failing, &limited] {
        let row = status(&rows, "aws-fsbp", "IAM.28", member);
        assert_eq!(row["status"], "UNKNOWN", "{row:?}");
        assert!(row["reason"].contains("access-analyzer:ListAnalyzers"));
    }

    // The JSON report's compliance[] is the same table.
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(outcome.report_file("iam_audit", "json")).expect("json"),
    )
    .expect("JSON");
    let from_json: BTreeSet<(String, String, String, String)> = json["compliance"]
        .as_array()
        .expect("compliance[]")
        .iter()
        .map(|row| {
            (
                row["framework"].as_str().unwrap_or_default().to_string(),
                row["control_id"].as_str().unwrap_or_default().to_string(),
                row["account_id"].as_str().unwrap_or_default().to_string(),
                row["status"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let from_csv: BTreeSet<(String, String, String, String)> = rows
        .iter()
        .map(|row| {
            (
                row["framework"].clone(),
                row["control_id"].clone(),
                row["account_id"].clone(),
                row["status"].clone(),
            )
        })
        .collect();
    assert_eq!(from_json, from_csv);
    common::validate_json(
        "iam-audit.schema.json",
        &outcome.report_file("iam_audit", "json"),
    );

    // A refused root session leaves the summary's answer and says why; it is not a failed read.
    for root in json["root_accounts"].as_array().expect("root_accounts") {
        if root["account_id"] == "123456789012" {
            assert_eq!(root["root_session_problem"], serde_json::Value::Null);
            continue;
        }
        assert_eq!(root["source"], "account_summary", "{root}");
        assert!(
            root["root_session_problem"]
                .as_str()
                .is_some_and(|problem| problem.starts_with("sts:AssumeRoot was refused")),
            "{root}"
        );
    }
    assert!(
        !outcome
            .report("audit_errors")
            .iter()
            .any(|row| row["api"] == "sts:AssumeRoot")
    );

    // Read-only: every request moto recorded during the audit is a read.
    let recorded = std::fs::read_to_string(&recording_file).expect("moto's recording");
    let actions = recorded_actions(&recorded);
    assert!(actions.len() > 20, "{actions:?}");
    for action in &actions {
        let read = ["Get", "List", "Describe", "GET "]
            .iter()
            .any(|verb| action.starts_with(verb))
            || matches!(
                action.as_str(),
                "AssumeRole"
                    | "AssumeRoot"
                    | "GenerateCredentialReport"
                    | "GenerateServiceLastAccessedDetails"
                    | "GetCallerIdentity"
            );
        assert!(read, "the audit wrote to moto: {action}");
    }
}

/// The demo: breakglass's never-used key fails the unused-credential controls, Development's
/// root without MFA fails the hardware-MFA control, one console line per framework, and
/// `--compliance` limits every output.
#[test]
fn the_demo_organizations_controls_and_the_compliance_option() {
    let emulator = Emulator::start(demo_scenario());
    let outcome = run(
        Some(&emulator.url()),
        &["--lang", "en", "--format", "csv,json,html,compliance"],
    );
    assert_eq!(outcome.code, 0, "{}", outcome.all_output());
    let rows = outcome.report("compliance");
    let (security, development) = ("345678901234", "234567890123");
    let breakglass_key = common::row_where(
        &outcome.report("iam_audit_report"),
        "username",
        "breakglass",
    )["access_key_id"]
        .clone();
    for (framework, control) in [("cis-aws-3.0.0", "1.12"), ("aws-fsbp", "IAM.22")] {
        let row = status(&rows, framework, control, security);
        assert_eq!(row["status"], "FAIL");
        assert!(
            row["findings"].contains(&format!("KEY006/{breakglass_key}")),
            "{row:?}"
        );
    }
    let row = status(&rows, "aws-fsbp", "IAM.6", development);
    assert_eq!(row["status"], "FAIL");
    assert!(row["findings"].contains("ROOT002"), "{row:?}");

    // Organization controls: judged once, on the management account.
    let organization: Vec<&Row> = rows
        .iter()
        .filter(|row| row["framework"] == "cis-aws-7.0.0" && row["control_id"] == "2.1.1")
        .collect();
    assert_eq!(organization.len(), 1);
    assert_eq!(organization[0]["account_id"], "111111111111");

    // One line per framework, counting the report's rows.
    let mut counted: BTreeMap<&str, [usize; 4]> = BTreeMap::new();
    for row in &rows {
        let index = ["PASS", "FAIL", "UNKNOWN", "NOT_ASSESSED"]
            .iter()
            .position(|status| *status == row["status"])
            .expect("a status");
        counted.entry(row["framework"].as_str()).or_default()[index] += 1;
    }
    for (framework, name) in [
        ("cis-aws-3.0.0", "CIS v3.0.0"),
        ("cis-aws-5.0.0", "CIS v5.0.0"),
        ("cis-aws-6.0.0", "CIS v6.0.0"),
        ("cis-aws-7.0.0", "CIS v7.0.0"),
        ("aws-fsbp", "AWS FSBP"),
    ] {
        let [pass, fail, unknown, not_assessed] = counted[framework];
        let line = format!(
            "{name}: {pass} pass, {fail} fail, {unknown} unknown, {not_assessed} not assessed"
        );
        assert!(outcome.stdout.contains(&line), "{line}\n{}", outcome.stdout);
    }

    // Each FAIL cell of the HTML panel links to a finding row of the page.
    let page = std::fs::read_to_string(outcome.report_file("iam_audit", "html")).expect("html");
    let links: BTreeSet<&str> = page
        .split("href=\"#finding-")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect();
    assert!(links.len() > 20, "{}", links.len());
    for link in links {
        assert!(page.contains(&format!("id=\"finding-{link}\"")), "{link}");
    }

    // --compliance limits the console lines, the CSV and the JSON.
    let limited = run(
        Some(&emulator.url()),
        &[
            "--lang",
            "en",
            "--format",
            "json,compliance",
            "--compliance",
            "aws-fsbp,cis-aws-7.0.0",
        ],
    );
    assert_eq!(limited.code, 0, "{}", limited.all_output());
    let frameworks: BTreeSet<String> = limited
        .report("compliance")
        .iter()
        .map(|row| row["framework"].clone())
        .collect();
    assert_eq!(
        frameworks,
        BTreeSet::from(["aws-fsbp".to_string(), "cis-aws-7.0.0".to_string()])
    );
    assert!(limited.stdout.contains("CIS v7.0.0: "));
    assert!(!limited.stdout.contains("CIS v3.0.0: "));
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(limited.report_file("iam_audit", "json")).expect("json"),
    )
    .expect("JSON");
    assert_eq!(
        json["run"]["options"]["compliance"],
        serde_json::json!(["cis-aws-7.0.0", "aws-fsbp"])
    );
}
