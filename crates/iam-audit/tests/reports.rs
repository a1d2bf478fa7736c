//! The machine and human reports: the JSON document against its published JSON Schema (checked by
//! Python's jsonschema, an independent validator), ASFF findings, the self-contained HTML
//! dashboard, and `--format`.

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::{Emulator, run};
use iam_audit_emulator::{Scenario, demo_scenario};

fn python() -> PathBuf {
    let path = std::env::var_os("IAM_AUDIT_TEST_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../.venv/bin/python")
        });
    assert!(
        path.exists(),
        "{} is missing: run scripts/test",
        path.display()
    );
    path
}

fn validate(document: &std::path::Path) {
    common::validate_json("iam-audit.schema.json", document);
}

fn hostile_organization() -> Scenario {
    Scenario::from_toml_str(
        r#"
[organization]
id = "o-hostile"
management_account = "111111111111"

[[accounts]]
id = "111111111111"
name = "Management <b>bold</b>"

[[accounts]]
id = "222222222222"
name = "Producción-Ñandú \"quoted\""
roles = ["AWSControlTowerExecution"]
root = { mfa = "none" }
users = [
  { name = "=HYPERLINK(1)", created = "-200d", password = { created = "-200d" }, access_keys = [ { created = "-200d" } ] },
  { name = "alice", created = "-10d", access_keys = [ { created = "-10d", last_used = { date = "-1d", service = "s3", region = "us-east-1" } } ] },
]
events = [
  { name = "CreateUser", time = "-1d", username = "alice", resources = ["<script>alert(1)</script>"], user_agent = "<img src=x onerror=alert(1)>" },
]

[[accounts]]
id = "333333333333"
name = "NoRole"

[[faults]]
account = "222222222222"
action = "ListMFADevices"
user = "alice"
kind = "access_denied"
"#,
    )
    .expect("valid scenario")
}

#[test]
fn the_json_document_matches_its_schema_and_the_csv() {
    let emulator = Emulator::start(demo_scenario());
    let outcome = run(
        Some(&emulator.url()),
        &["--format", "json,csv", "--lang", "en"],
    );
    assert_eq!(outcome.code, 0, "{}", outcome.all_output());
    let path = outcome.report_file("iam_audit", "json");
    validate(&path);
    let document: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("json")).expect("valid JSON");
    assert_eq!(document["schema_version"], "1.6");
    assert_eq!(document["run"]["exit_status"], 0);
    assert_eq!(document["run"]["complete"], true);
    assert_eq!(document["run"]["organization_id"], "o-demo1234567");
    assert_eq!(
        document["run"]["options"]["formats"],
        serde_json::json!(["csv", "json"])
    );
    assert_eq!(document["access_keys"].as_array().map(Vec::len), Some(48));
    let findings = outcome.report("findings");
    assert_eq!(
        document["findings"].as_array().map(Vec::len),
        Some(findings.len())
    );
    // Same order as the CSV: both come from the same in-memory result.
    for (json, csv) in document["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .zip(&findings)
    {
        assert_eq!(json["rule_id"], csv["rule_id"].as_str());
        assert_eq!(json["resource"], csv["resource"].as_str());
        assert_eq!(json["severity"], csv["severity"].as_str());
    }
    let skipped = &document["skipped_accounts"][0];
    assert_eq!(skipped["account"]["id"], "456789012345");
    assert_eq!(skipped["reason"], "not_active");
    assert!(document["run"]["api_calls"].as_u64().unwrap_or(0) > 100);
    assert!(
        !outcome.has_report("iam_audit_asff")
            && !common::report_files(&outcome.folder).iter().any(|path| path
                .extension()
                .is_some_and(|extension| extension == "html"))
    );
}

#[test]
fn an_incomplete_run_is_valid_json_too_and_says_so() {
    let emulator = Emulator::start(hostile_organization());
    let outcome = run(Some(&emulator.url()), &["--format", "json,asff,html"]);
    assert_eq!(outcome.code, 2, "{}", outcome.all_output());
    assert!(
        !outcome.has_report("iam_audit_report"),
        "no CSV without csv in --format"
    );
    let path = outcome.report_file("iam_audit", "json");
    validate(&path);
    let document: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("json")).expect("valid JSON");
    assert_eq!(document["run"]["exit_status"], 2);
    assert_eq!(document["run"]["complete"], false);
    let alice = document["users"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|user| user["user_name"] == "alice")
        .expect("alice");
    assert_eq!(alice["mfa"], "unknown");
    assert!(alice["mfa_devices"].is_null());
    let norole = document["accounts"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|account| account["id"] == "333333333333")
        .expect("NoRole");
    assert_eq!(norole["audit_status"], "failed");
    assert_eq!(norole["errors"][0]["api"], "sts:AssumeRole");
    assert!(
        document["errors"]
            .as_array()
            .is_some_and(|errors| errors.len() == 2)
    );
}

#[test]
fn asff_findings_are_complete_and_their_ids_stable() {
    let emulator = Emulator::start(demo_scenario());
    let first = run(Some(&emulator.url()), &["--format", "asff,csv"]);
    let second = run(Some(&emulator.url()), &["--format", "asff"]);
    assert_eq!(first.code, 0, "{}", first.all_output());
    let read = |outcome: &common::Outcome| -> Vec<serde_json::Value> {
        let text = std::fs::read_to_string(outcome.report_path("iam_audit_asff")).expect("asff");
        serde_json::from_str(&text).expect("a JSON array")
    };
    let findings = read(&first);
    assert_eq!(findings.len(), first.report("findings").len());
    for finding in &findings {
        for field in [
            "SchemaVersion",
            "Id",
            "ProductArn",
            "GeneratorId",
            "AwsAccountId",
            "Types",
            "CreatedAt",
            "UpdatedAt",
            "Severity",
            "Title",
            "Description",
            "Resources",
            "Compliance",
            "Remediation",
        ] {
            assert!(!finding[field].is_null(), "{field} missing in {finding}");
        }
        assert_eq!(finding["SchemaVersion"], "2018-10-08");
        assert!(
            ["CRITICAL", "HIGH", "MEDIUM", "LOW", "INFORMATIONAL"]
                .contains(&finding["Severity"]["Label"].as_str().unwrap_or(""))
        );
        assert!(
            finding["ProductArn"].as_str().is_some_and(|arn| arn
                == "arn:aws:securityhub:us-east-1:111111111111:product/111111111111/default")
        );
        assert!(
            finding["AwsAccountId"]
                .as_str()
                .is_some_and(|id| id.len() == 12)
        );
        assert!(
            finding["Title"]
                .as_str()
                .is_some_and(|title| title.len() <= 256)
        );
    }
    let key_finding = findings
        .iter()
        .find(|finding| {
            finding["GeneratorId"] == "iam-audit/KEY001"
                && finding["Severity"]["Label"] == "CRITICAL"
        })
        .expect("a critical key finding");
    let resource = &key_finding["Resources"][0];
    assert_eq!(resource["Type"], "AwsIamAccessKey");
    assert_eq!(resource["Details"]["AwsIamAccessKey"]["Status"], "Active");
    assert!(resource["Details"]["AwsIamAccessKey"]["UserName"].is_string());
    assert!(
        key_finding["Compliance"]["RelatedRequirements"]
            .as_array()
            .is_some_and(|requirements| requirements
                .iter()
                .any(|requirement| requirement == "CIS AWS Foundations Benchmark v3.0.0/1.14"))
    );
    let ids = |findings: &[serde_json::Value]| -> Vec<String> {
        let mut ids: Vec<String> = findings
            .iter()
            .map(|finding| finding["Id"].as_str().unwrap_or("").to_string())
            .collect();
        ids.sort();
        ids
    };
    assert_eq!(
        ids(&findings),
        ids(&read(&second)),
        "Ids are stable across runs"
    );
    let unique: std::collections::BTreeSet<String> = ids(&findings).into_iter().collect();
    assert_eq!(unique.len(), findings.len(), "Ids are unique");
}

#[test]
fn the_html_dashboard_is_self_contained_and_escapes_everything() {
    let emulator = Emulator::start(hostile_organization());
    let outcome = run(Some(&emulator.url()), &["--format", "html", "--lang", "es"]);
    assert_eq!(outcome.code, 2, "{}", outcome.all_output());
    let html_path = common::report_files(&outcome.folder)
        .into_iter()
        .find(|path| {
            path.extension()
                .is_some_and(|extension| extension == "html")
        })
        .expect("an HTML report");
    let html = std::fs::read_to_string(html_path).expect("html");
    // Nothing is loaded from anywhere.
    for external in [
        "<link",
        "src=\"http",
        "href=\"http",
        "url(",
        "@import",
        "<script src",
    ] {
        assert!(!html.contains(external), "external reference {external:?}");
    }
    assert!(html.contains("Content-Security-Policy"));
    // Attacker-controlled text arrives escaped.
    assert!(!html.contains("<script>alert(1)</script>"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!html.contains("<img src=x"));
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(!html.contains("<b>bold</b>"));
    assert!(html.contains("Producción-Ñandú &quot;quoted&quot;"));
    // Spanish labels, the sections and the charts are there.
    for piece in [
        "Auditoría de credenciales IAM",
        "Cuentas incompletas",
        "<svg",
        "id=\"findings\"",
        "Eventos de ciclo de vida IAM",
        "Incompleta",
    ] {
        assert!(html.contains(piece), "{piece:?} missing");
    }
    assert!(html.trim_end().ends_with("</html>"));
}

#[test]
fn completions_and_man_page_come_from_the_cli_definition() {
    for (arguments, expected) in [
        (&["completions", "bash"][..], "--cloudtrail-days"),
        (&["completions", "zsh"][..], "--exclude-accounts"),
        (&["completions", "fish"][..], "fail-on"),
        (&["man"][..], ".TH iam-audit 1"),
    ] {
        let (mut command, _home) = common::command(None);
        let output = command.args(arguments).output().expect("runs");
        assert_eq!(output.status.code(), Some(0), "{arguments:?}");
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(text.contains(expected), "{arguments:?} lacks {expected}");
    }
}

#[test]
fn without_a_terminal_there_is_no_progress_bar_and_quiet_is_quiet() {
    let emulator = Emulator::start(demo_scenario());
    let plain = run(Some(&emulator.url()), &["--no-cloudtrail"]);
    assert_eq!(plain.code, 0);
    assert!(
        plain.stderr.is_empty(),
        "a complete run writes nothing to stderr: {}",
        plain.stderr
    );
    assert_eq!(
        plain
            .stdout
            .lines()
            .filter(|line| line.starts_with("Auditing account: "))
            .count(),
        4
    );
    let quiet = run(Some(&emulator.url()), &["--no-cloudtrail", "-q"]);
    assert_eq!(quiet.code, 0);
    assert!(
        quiet.stdout.is_empty() && quiet.stderr.is_empty(),
        "{}",
        quiet.all_output()
    );
}

/// `--format ocsf` (issue 12): every event of a run with a suppressed finding and an unreadable
/// API is accepted by py-ocsf-models, an independent implementation of the OCSF schema, and says
/// the same as the JSON report.
#[test]
fn ocsf_events_are_valid_compliance_findings() {
    let mut scenario = demo_scenario();
    scenario.faults = Scenario::from_toml_str(
        "[organization]\nid = \"o-x\"\nmanagement_account = \"111111111111\"\n[[accounts]]\nid = \"111111111111\"\nname = \"M\"\n[[faults]]\naccount = \"234567890123\"\naction = \"GetLoginProfile\"\nkind = \"access_denied\"\n",
    )
    .expect("faults")
    .faults;
    let emulator = Emulator::start(scenario);
    let folder = tempfile::tempdir().expect("folder");
    let config = folder.path().join("config.toml");
    std::fs::write(
        &config,
        "[[suppressions]]\nrule = \"KEY001\"\nuser = \"terraform\"\nreason = \"pipeline rotates it\"\n",
    )
    .expect("config");
    let outcome = run(
        Some(&emulator.url()),
        &[
            "--format",
            "ocsf,json",
            "--config",
            &config.to_string_lossy(),
        ],
    );
    assert_eq!(outcome.code, 2, "{}", outcome.all_output());
    let path = outcome.report_file("iam_audit_ocsf", "json");
    let validated = Command::new(python())
        .arg(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/validators/validate_ocsf.py"))
        .arg(&path)
        .output()
        .expect("python runs");
    assert!(
        validated.status.success(),
        "{}",
        String::from_utf8_lossy(&validated.stderr)
    );
    let events: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("ocsf")).expect("array");
    let document: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(outcome.report_file("iam_audit", "json")).expect("json"),
    )
    .expect("json");
    let findings = document["findings"].as_array().expect("findings");
    assert_eq!(events.len(), findings.len());
    for (event, finding) in events.iter().zip(findings) {
        assert_eq!(event["finding_info"]["uid"], finding["id"]);
        assert_eq!(event["metadata"]["event_code"], finding["rule_id"]);
        let compliance = if finding["rule_id"] == "AUD001" { 2 } else { 3 };
        assert_eq!(event["compliance"]["status_id"], compliance, "{event}");
        let suppressed = !finding["suppression"].is_null();
        assert_eq!(
            event["status_id"],
            if suppressed { 3 } else { 1 },
            "{event}"
        );
    }
    assert!(events.iter().any(|event| {
        event["status"] == "Suppressed"
            && event["status_detail"]
                .as_str()
                .is_some_and(|detail| detail.contains("pipeline rotates it"))
    }));
    assert!(
        events
            .iter()
            .any(|event| event["compliance"]["status_id"] == 2)
    );
}
