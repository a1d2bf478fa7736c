//! Issue 22 against moto (PyPI `moto[server]`, with AWS's managed policies loaded so that the
//! three quarantine policies exist): users quarantined by AWS, leaked keys named by three scanner
//! files that also hold the keys' real secret access keys, a foreign id and an id of the audited
//! account that holds no such key. The real binary audits the account; what it finds, what it
//! writes, what it never prints, and what it calls (moto's request recorder) are checked.
//!
//! The test fails, never skips, when moto is missing: run `scripts/test`.

mod common;

use std::collections::BTreeSet;

use common::moto::{Moto, python};
use serde_json::Value;

/// Builds the account with boto3: three users quarantined with each of AWS's policies, one whose
/// lookalike customer policy is not AWS's, a user with an active and an inactive key that leaked,
/// a user whose key no scanner names. Prints the keys and their secrets.
const SETUP: &str = r#"
import json, sys
import boto3
iam = boto3.client("iam", endpoint_url=sys.argv[1], region_name="us-east-1")
made = {"keys": {}, "secrets": {}}
def user(name, policies=()):
    iam.create_user(UserName=name)
    for arn in policies:
        iam.attach_user_policy(UserName=name, PolicyArn=arn)
    key = iam.create_access_key(UserName=name)["AccessKey"]
    made["keys"][name] = key["AccessKeyId"]
    made["secrets"][name] = key["SecretAccessKey"]
    return key["AccessKeyId"]
for version in ["", "V2", "V3"]:
    user("quarantined-" + (version.lower() or "v1"), ["arn:aws:iam::aws:policy/AWSCompromisedKeyQuarantine" + version])
lookalike = iam.create_policy(PolicyName="AWSCompromisedKeyQuarantineV3", PolicyDocument=json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "iam:*", "Resource": "*"}]}))
user("lookalike", [lookalike["Policy"]["Arn"]])
user("leaky")
inactive = iam.create_access_key(UserName="leaky")["AccessKey"]
iam.update_access_key(UserName="leaky", AccessKeyId=inactive["AccessKeyId"], Status="Inactive")
made["keys"]["leaky-inactive"] = inactive["AccessKeyId"]
made["secrets"]["leaky-inactive"] = inactive["SecretAccessKey"]
user("clean")
print(json.dumps(made))
"#;

/// The recorder's requests as `service:Action`, one per line (Query protocol: `Action=` in the
/// form body; JSON protocol: `X-Amz-Target`; the service from the signature's scope).
const RECORDED_ACTIONS: &str = r#"
import base64, json, sys, urllib.parse, requests
lines = requests.get(sys.argv[1] + "/moto-api/recorder/download-recording").text.splitlines()
actions = set()
for line in lines:
    if not line.strip():
        continue
    entry = json.loads(line)
    headers = {name.lower(): value for name, value in entry["headers"].items()}
    scope = headers.get("authorization", "").split("Credential=")[-1].split(",")[0].split("/")
    service = scope[3] if len(scope) > 3 else "?"
    body = entry.get("body") or ""
    if entry.get("body_encoded"):
        body = base64.b64decode(body).decode("utf-8", "replace")
    target = headers.get("x-amz-target")
    if target:
        action = target.split(".")[-1]
    else:
        query = urllib.parse.parse_qs(body) or urllib.parse.parse_qs(urllib.parse.urlparse(entry["url"]).query)
        action = query.get("Action", ["?"])[0]
    actions.add(service + ":" + action)
print("\n".join(sorted(actions)))
"#;

fn recorder(moto: &Moto, call: &str) {
    python(
        moto,
        &format!(
            "import requests, sys\nrequests.post(sys.argv[1] + '/moto-api/recorder/{call}').raise_for_status()"
        ),
    );
}

#[test]
fn quarantined_and_leaked_keys_are_found_and_no_secret_is_ever_shown() {
    // moto writes its recording where it is told, never into the source tree.
    let recording = tempfile::tempdir().expect("a folder for moto's recording");
    let recording_file = recording.path().join("moto_recording");
    let moto = Moto::start_with(&[
        ("MOTO_IAM_LOAD_MANAGED_POLICIES", "true"),
        (
            "MOTO_RECORDER_FILEPATH",
            recording_file.to_str().expect("a UTF-8 path"),
        ),
    ]);
    let made: Value = serde_json::from_str(&python(&moto, SETUP)).expect("setup JSON");
    let key = |user: &str| made["keys"][user].as_str().unwrap_or_default().to_string();
    let secrets: Vec<String> = made["secrets"]
        .as_object()
        .expect("secrets")
        .values()
        .filter_map(|secret| secret.as_str().map(str::to_string))
        .collect();
    assert_eq!(secrets.len(), 7);
    let (active, inactive) = (key("leaky"), key("leaky-inactive"));
    let foreign = "ASIAY34FZKBOKMUTVV7A";
    let not_found =
        iam_audit_model::exposure::encode_key_id(false, "123456789012", 42).expect("an id");
    let secret_of = |user: &str| {
        made["secrets"][user]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };

    // Three scanner files naming the leaked ids, each holding real secret keys beside them.
    let files = tempfile::tempdir().expect("folder");
    let trufflehog = files.path().join("trufflehog.jsonl");
    std::fs::write(
        &trufflehog,
        format!(
            "{}\n{}\n",
            serde_json::json!({"SourceMetadata": {"Data": {"Git": {"repository": "https://github.com/acme/app.git", "file": "deploy.sh", "commit": "abc1234", "line": 12}}}, "DetectorName": "AWS", "Raw": active, "RawV2": format!("{active}{}", secret_of("leaky")), "Redacted": active}),
            serde_json::json!({"SourceMetadata": {"Data": {"Filesystem": {"file": ".env", "line": 2}}}, "DetectorName": "AWS", "Raw": secret_of("clean"), "RawV2": format!("{}{}", key("clean"), secret_of("clean"))}),
        ),
    )
    .expect("written");
    let gitleaks = files.path().join("gitleaks.json");
    std::fs::write(
        &gitleaks,
        serde_json::json!([
            {"RuleID": "aws-access-token", "Secret": inactive, "Match": format!("aws_access_key_id = {inactive}"), "File": "config/prod.env", "Commit": "c0ffee1", "StartLine": 3},
            {"RuleID": "generic-api-key", "Secret": secret_of("leaky-inactive"), "Match": format!("aws_secret_access_key = {}", secret_of("leaky-inactive")), "File": "config/prod.env", "Commit": "c0ffee1", "StartLine": 4},
        ])
        .to_string(),
    )
    .expect("written");
    let github = files.path().join("github-alerts.json");
    std::fs::write(
        &github,
        serde_json::json!([
            {"number": 1, "secret_type": "aws_access_key_id", "secret": foreign, "html_url": "https://github.com/acme/app/security/secret-scanning/1", "repository": {"full_name": "acme/app"}},
            {"number": 2, "secret_type": "aws_access_key_id", "secret": not_found, "html_url": "https://github.com/acme/app/security/secret-scanning/2", "repository": {"full_name": "acme/app"}},
            {"number": 3, "secret_type": "aws_secret_access_key", "secret": secret_of("quarantined-v1"), "html_url": "https://github.com/acme/app/security/secret-scanning/3", "repository": {"full_name": "acme/app"}},
        ])
        .to_string(),
    )
    .expect("written");

    recorder(&moto, "reset-recording");
    recorder(&moto, "start-recording");
    let paths: Vec<String> = [&trufflehog, &gitleaks, &github]
        .iter()
        .map(|path| path.display().to_string())
        .collect();
    let outcome = common::run(
        Some(&moto.url),
        &[
            "-vv",
            "--no-cloudtrail",
            "--format",
            "csv,json,html,asff,ocsf",
            "--lang",
            "en",
            "--exposed-keys",
            &paths[0],
            "--exposed-keys",
            &paths[1],
            "--exposed-keys",
            &paths[2],
        ],
    );
    recorder(&moto, "stop-recording");
    // moto implements neither ListServiceSpecificCredentials nor ListOrganizationsFeatures.
    assert_eq!(outcome.code, 2, "{}", outcome.all_output());

    // Read-only: every call the audit made is on the read allow-list.
    let called = python(&moto, RECORDED_ACTIONS);
    let called: BTreeSet<&str> = called.lines().filter(|line| !line.is_empty()).collect();
    assert!(
        called.contains("iam:GetAccountAuthorizationDetails"),
        "{called:?}"
    );
    for action in &called {
        assert!(
            iam_audit_model::actions::read_actions().contains(action),
            "{action} is not on the read allow-list"
        );
    }

    // No secret from the input files in stdout, stderr at -vv, or any report.
    let mut texts = vec![
        ("stdout".to_string(), outcome.stdout.clone()),
        ("stderr".to_string(), outcome.stderr.clone()),
    ];
    for path in common::report_files(&outcome.folder) {
        texts.push((
            path.display().to_string(),
            std::fs::read_to_string(&path).expect("report readable"),
        ));
    }
    assert!(texts.len() >= 10, "{texts:?}");
    for secret in &secrets {
        for (name, text) in &texts {
            assert!(!text.contains(secret.as_str()), "a secret key is in {name}");
        }
    }
    assert!(
        outcome.stderr.contains("2 key ids, 1 entry dropped"),
        "-v says what each file gave: {}",
        outcome.stderr
    );

    let report: Value = serde_json::from_str(
        &std::fs::read_to_string(outcome.report_file("iam_audit", "json")).expect("JSON"),
    )
    .expect("parses");
    common::validate_json(
        "iam-audit.schema.json",
        &outcome.report_file("iam_audit", "json"),
    );
    let findings: Vec<&Value> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .collect();
    let of_rule = |rule: &str| -> Vec<(String, String, String)> {
        findings
            .iter()
            .filter(|finding| finding["rule_id"] == rule)
            .map(|finding| {
                (
                    finding["user_name"]
                        .as_str()
                        .unwrap_or_default()
                        .to_string(),
                    finding["access_key_id"]
                        .as_str()
                        .unwrap_or_default()
                        .to_string(),
                    finding["severity"].as_str().unwrap_or_default().to_string(),
                )
            })
            .collect()
    };

    // EXP001 on each quarantined user's key, naming its policy; not on the lookalike.
    let mut quarantined = of_rule("EXP001");
    quarantined.sort();
    assert_eq!(
        quarantined,
        [
            (
                "quarantined-v1".to_string(),
                key("quarantined-v1"),
                "critical".to_string()
            ),
            (
                "quarantined-v2".to_string(),
                key("quarantined-v2"),
                "critical".to_string()
            ),
            (
                "quarantined-v3".to_string(),
                key("quarantined-v3"),
                "critical".to_string()
            ),
        ]
    );
    let policies: BTreeSet<&str> = findings
        .iter()
        .filter(|finding| finding["rule_id"] == "EXP001")
        .filter_map(|finding| finding["evidence"]["quarantine_policy"].as_str())
        .collect();
    assert_eq!(
        policies,
        BTreeSet::from([
            "AWSCompromisedKeyQuarantine",
            "AWSCompromisedKeyQuarantineV2",
            "AWSCompromisedKeyQuarantineV3"
        ])
    );
    assert!(
        findings
            .iter()
            .filter(|finding| finding["rule_id"] == "EXP001")
            .all(|finding| finding["risk"] == 100)
    );

    // EXP002 for the active (critical) and the inactive (high) leaked key; none for the key no
    // scanner named.
    let mut leaked = of_rule("EXP002");
    leaked.sort_by(|left, right| left.2.cmp(&right.2));
    let mut expected = vec![
        ("leaky".to_string(), active.clone(), "critical".to_string()),
        ("leaky".to_string(), inactive.clone(), "high".to_string()),
    ];
    expected.sort_by(|left, right| left.2.cmp(&right.2));
    assert_eq!(leaked, expected);
    assert!(
        !findings
            .iter()
            .any(|finding| finding["rule_id"] == "EXP002" && finding["user_name"] == "clean")
    );
    let active_finding = findings
        .iter()
        .find(|finding| finding["rule_id"] == "EXP002" && finding["access_key_id"] == active)
        .expect("the active leaked key");
    assert_eq!(active_finding["risk"], 100);
    assert!(
        active_finding["evidence"]["found_in"]
            .as_str()
            .is_some_and(|found| found.contains("deploy.sh:12")),
        "{active_finding}"
    );

    // exposed_keys[]: every id named, placed, with the account decoded from the id where it is not
    // a key of the audited account.
    let placed: Vec<(String, String, Value, Value, Value)> = report["exposed_keys"]
        .as_array()
        .expect("exposed_keys")
        .iter()
        .map(|entry| {
            (
                entry["access_key_id"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
                entry["status"].as_str().unwrap_or_default().to_string(),
                entry["account_id"].clone(),
                entry["account_id_source"].clone(),
                entry["user_name"].clone(),
            )
        })
        .collect();
    let mut expected = vec![
        (
            active.clone(),
            "active".to_string(),
            "123456789012".into(),
            "audit".into(),
            "leaky".into(),
        ),
        (
            inactive.clone(),
            "inactive".to_string(),
            "123456789012".into(),
            "audit".into(),
            "leaky".into(),
        ),
        (
            foreign.to_string(),
            "other_account".to_string(),
            "609629065308".into(),
            "key_id".into(),
            Value::Null,
        ),
        (
            not_found.clone(),
            "not_found".to_string(),
            "123456789012".into(),
            "key_id".into(),
            Value::Null,
        ),
    ];
    expected.sort_by(|left, right| left.0.cmp(&right.0));
    assert_eq!(placed, expected);
    let csv = outcome.report("exposed_keys");
    assert_eq!(csv.len(), 4);
    assert_eq!(
        common::row_where(&csv, "access_key_id", foreign)["status"],
        "other_account"
    );
    assert_eq!(
        common::row_where(&csv, "access_key_id", &not_found)["account_id"],
        "123456789012"
    );
    assert_eq!(
        report["run"]["options"]["exposed_keys"]
            .as_array()
            .map(Vec::len),
        Some(3)
    );
}

/// The example scanner files (`examples/exposed-keys/`): each names the same two demo keys and one
/// foreign id, beside secrets that must never come out.
fn example(name: &str) -> String {
    common::moto::workspace_root()
        .join("examples/exposed-keys")
        .join(name)
        .display()
        .to_string()
}

/// The secret keys and token the example files hold (what `--exposed-keys` must drop unread).
const EXAMPLE_SECRETS: [&str; 3] = [
    "Zq7Fh2kPx9LmW4cVt0RbN8yJd3GsA6uE1oTiKfQw",
    "m3XvB8nQp1RzL6tYw9HcK2sDf5GjA0uE7oPiTbNx",
    "Kd4Lr9Tz2Wq7Yh1Mn6Bv3Cx8Fs5Gj0Pa2Ue4Ri6O",
];

/// `iam-audit demo --exposed-keys examples/exposed-keys/trufflehog.jsonl` puts the leaked demo
/// keys at the top of fix-first; the Gitleaks and GitHub files name the same ids; no secret of
/// any of them reaches the console (at -vv) or a report.
#[test]
fn the_demos_leaked_keys_lead_fix_first() {
    for file in ["trufflehog.jsonl", "gitleaks.json", "github-alerts.json"] {
        let text = std::fs::read_to_string(example(file)).expect("an example file");
        assert!(
            EXAMPLE_SECRETS.iter().any(|secret| text.contains(secret)),
            "{file} holds secrets"
        );
        let (mut command, home) = common::command(None);
        let folder = home.path().join("reports");
        let output = command
            .args([
                "demo",
                "-vv",
                "--lang",
                "en",
                "--format",
                "csv,json,html,asff,ocsf",
            ])
            .args(["--exposed-keys", &example(file), "--output-dir"])
            .arg(&folder)
            .output()
            .expect("the demo runs");
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{file}: {stdout}{stderr}");
        let fix_first: Vec<&str> = stdout
            .lines()
            .skip_while(|line| !line.starts_with("Fix first"))
            .skip(1)
            .take(3)
            .collect();
        assert!(
            fix_first[0].starts_with("  1. risk 100: Production / github-actions AKIA2EW56WRIUGOQFNC3 (none): EXP001 critical")
                && fix_first[1].starts_with("  2. risk 100: Production / ci-deploy AKIALPI42LFVR2365VHE (privilege_escalation): EXP002 critical")
                && fix_first[1].ends_with("→ deactivate it now, then rotate and investigate"),
            "{file}: {fix_first:#?}"
        );
        let mut texts = vec![stdout.to_string(), stderr.to_string()];
        for path in common::report_files(&folder) {
            texts.push(std::fs::read_to_string(&path).expect("report readable"));
        }
        for secret in EXAMPLE_SECRETS {
            assert!(texts.iter().all(|text| !text.contains(secret)), "{file}");
        }
        let exposed = common::read_csv(
            &common::report_files(&folder)
                .into_iter()
                .find(|path| path.to_string_lossy().contains("exposed_keys_"))
                .expect("exposed_keys_*.csv"),
        );
        let placed: Vec<(&str, &str, &str)> = exposed
            .iter()
            .map(|row| {
                (
                    row["access_key_id"].as_str(),
                    row["status"].as_str(),
                    row["account_id"].as_str(),
                )
            })
            .collect();
        assert_eq!(
            placed,
            [
                ("AKIA2EW56WRIUGOQFNC3", "active", "123456789012"),
                ("AKIA6RTVPGNL2K2HSI6P", "other_account", "999900001111"),
                ("AKIALPI42LFVR2365VHE", "active", "123456789012"),
            ],
            "{file}"
        );
    }
}
