//! Where each key is used from (issue 22), against the emulator serving the demo organization
//! over HTTP: the audit's `access_keys[].activity` must be what boto3, an independent client,
//! reads with LookupEvents by AccessKeyId in the same region and window (every page, or the first
//! two pages for the default budget), and EXP003 must fire exactly for the keys boto3 sees used
//! from outside the expected networks (Python's own `ipaddress` deciding).
//!
//! Needs the virtualenv that `scripts/test` makes (boto3 comes with moto); it fails, never skips,
//! without it.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

use common::{Emulator, moto::venv_tool};
use iam_audit_emulator::demo_scenario;
use serde_json::Value;

/// The networks of the demo organization's CI runners and offices.
const NETWORKS: [&str; 2] = ["203.0.113.0/24", "198.51.100.0/24"];

/// For each `[account, key, region]` of argv[3] (JSON), boto3 reads the key's events in the
/// region within the window starting at argv[2] (epoch seconds), at most argv[4] pages (0: all),
/// and counts their source addresses (AWS services apart); it also says which keys were used
/// from outside the networks of argv[5].
const BOTO3: &str = r#"
import ipaddress, json, sys
import boto3
endpoint, start, wanted, budget, networks = sys.argv[1], int(sys.argv[2]), json.loads(sys.argv[3]), int(sys.argv[4]), json.loads(sys.argv[5])
networks = [ipaddress.ip_network(network) for network in networks]
sts = boto3.client("sts", endpoint_url=endpoint, region_name="us-east-1")
caller = sts.get_caller_identity()["Account"]
sessions = {}
def session(account):
    if account not in sessions:
        if account == caller:
            sessions[account] = boto3.Session()
        else:
            credentials = sts.assume_role(RoleArn=f"arn:aws:iam::{account}:role/AWSControlTowerExecution",
                                          RoleSessionName="boto3")["Credentials"]
            sessions[account] = boto3.Session(aws_access_key_id=credentials["AccessKeyId"],
                aws_secret_access_key=credentials["SecretAccessKey"], aws_session_token=credentials["SessionToken"])
    return sessions[account]
def service(address):
    return address == "AWS Internal" or address.endswith(".amazonaws.com")
def expected(address):
    try:
        return any(ipaddress.ip_address(address) in network for network in networks)
    except ValueError:
        return False
answer = {"addresses": {}, "outside": []}
for account, key, region in wanted:
    cloudtrail = session(account).client("cloudtrail", endpoint_url=endpoint, region_name=region)
    pages = cloudtrail.get_paginator("lookup_events").paginate(
        LookupAttributes=[{"AttributeKey": "AccessKeyId", "AttributeValue": key}], StartTime=start)
    counts = {}
    for number, page in enumerate(pages):
        if budget and number == budget:
            break
        for event in page["Events"]:
            address = json.loads(event["CloudTrailEvent"])["sourceIPAddress"]
            if not service(address):
                counts[address] = counts.get(address, 0) + 1
    answer["addresses"][key] = counts
    if any(not expected(address) for address in counts):
        answer["outside"].append(key)
print(json.dumps(answer))
"#;

/// The audit's JSON report with these options.
fn audit(emulator: &Emulator, arguments: &[&str]) -> Value {
    let mut all = vec!["--format", "json", "--lang", "en"];
    all.extend_from_slice(arguments);
    let outcome = common::run(Some(&emulator.url()), &all);
    assert_eq!(outcome.code, 0, "{}", outcome.all_output());
    serde_json::from_str(
        &std::fs::read_to_string(outcome.report_file("iam_audit", "json")).expect("JSON"),
    )
    .expect("parses")
}

/// What boto3 reads of the keys the report looked up, at most `budget` pages each.
fn boto3(emulator: &Emulator, report: &Value, budget: usize) -> Value {
    let started = chrono::DateTime::parse_from_rfc3339(
        report["run"]["started_at"].as_str().unwrap_or_default(),
    )
    .expect("a start time");
    let window_start = started.timestamp() - 90 * 86_400;
    let wanted: Vec<Value> = looked_up(report)
        .iter()
        .map(|key| {
            serde_json::json!([
                key["account_id"],
                key["access_key_id"],
                key["activity"]["lookup_region"]
            ])
        })
        .collect();
    let output = Command::new(venv_tool("IAM_AUDIT_TEST_PYTHON", "python"))
        .args(["-c", BOTO3, &emulator.url(), &window_start.to_string()])
        .arg(Value::from(wanted).to_string())
        .arg(budget.to_string())
        .arg(serde_json::json!(NETWORKS).to_string())
        .env("AWS_ACCESS_KEY_ID", "AKIATHIRDPARTYCLIENT")
        .env("AWS_SECRET_ACCESS_KEY", "third-party-secret")
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .env("NO_PROXY", "127.0.0.1,localhost")
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_ENDPOINT_URL")
        .output()
        .expect("python runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("boto3's answer")
}

/// The keys whose activity the audit read.
fn looked_up(report: &Value) -> Vec<&Value> {
    report["access_keys"]
        .as_array()
        .expect("keys")
        .iter()
        .filter(|key| key["activity"]["read"] == true)
        .collect()
}

/// The audit's addresses of each key looked up.
fn addresses(report: &Value) -> BTreeMap<String, BTreeMap<String, u64>> {
    looked_up(report)
        .iter()
        .map(|key| {
            let counts = key["activity"]["source_ips"]
                .as_array()
                .expect("source_ips")
                .iter()
                .map(|count| {
                    (
                        count["address"].as_str().unwrap_or_default().to_string(),
                        count["events"].as_u64().unwrap_or_default(),
                    )
                })
                .collect();
            (
                key["access_key_id"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
                counts,
            )
        })
        .collect()
}

fn as_counts(value: &Value) -> BTreeMap<String, BTreeMap<String, u64>> {
    serde_json::from_value(value.clone()).expect("counts by key")
}

#[test]
fn each_keys_addresses_are_what_boto3_reads_and_exp003_fires_exactly_outside_the_networks() {
    let emulator = Emulator::start(demo_scenario());
    let folder = tempfile::tempdir().expect("folder");
    let config = folder.path().join("iam-audit.toml");
    std::fs::write(
        &config,
        format!("[exposure]\nexpected_networks = {NETWORKS:?}\n"),
    )
    .expect("written");
    let config = config.display().to_string();

    // A budget large enough for every page: the audit's addresses are boto3's, every lookup
    // complete.
    let whole = audit(
        &emulator,
        &["--config", &config, "--key-activity-pages", "100"],
    );
    let read = boto3(&emulator, &whole, 0);
    let ours = addresses(&whole);
    assert!(
        ours.len() >= 25,
        "every active key used in the window: {}",
        ours.len()
    );
    assert_eq!(ours, as_counts(&read["addresses"]));
    assert!(
        looked_up(&whole)
            .iter()
            .all(|key| key["activity"]["complete"] == true)
    );
    let used: Vec<&String> = ours
        .iter()
        .filter(|(_, counts)| !counts.is_empty())
        .map(|(key, _)| key)
        .collect();
    assert_eq!(
        used.len(),
        5,
        "ci-deploy's two, terraform's, s3-sync's, github-actions': {used:?}"
    );
    // The same events' clients, normalised, and the service that acts for ci-deploy.
    let ci_deploy = looked_up(&whole)
        .into_iter()
        .find(|key| {
            key["user_name"] == "ci-deploy"
                && key["activity"]["aws_services"]
                    .as_array()
                    .is_some_and(|services| !services.is_empty())
        })
        .expect("ci-deploy's first key");
    assert_eq!(
        ci_deploy["activity"]["aws_services"][0]["service"],
        "cloudformation.amazonaws.com"
    );
    assert_eq!(
        ci_deploy["activity"]["user_agents"][0]["agent"],
        "aws-cli/2.15"
    );

    // EXP003 fires exactly for the keys boto3 saw used from outside the networks.
    let outside: BTreeSet<String> = serde_json::from_value(read["outside"].clone()).expect("keys");
    let flagged: BTreeSet<String> = whole["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|finding| finding["rule_id"] == "EXP003")
        .filter_map(|finding| finding["access_key_id"].as_str().map(str::to_string))
        .collect();
    assert_eq!(flagged, outside);
    assert_eq!(
        flagged.len(),
        1,
        "github-actions' leaked key, from 192.0.2.211"
    );
    let exp003 = whole["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|finding| finding["rule_id"] == "EXP003")
        .expect("EXP003");
    assert_eq!(exp003["user_name"], "github-actions");
    assert_eq!(exp003["evidence"]["unexpected_addresses"], "192.0.2.211");

    // The default budget (two pages): what boto3 reads in two pages, and `complete: false` where
    // more was left.
    let default = audit(&emulator, &["--config", &config]);
    assert_eq!(default["run"]["options"]["key_activity_pages"], 2);
    let first_pages = boto3(&emulator, &default, 2);
    assert_eq!(addresses(&default), as_counts(&first_pages["addresses"]));
    let cut: Vec<&Value> = looked_up(&default)
        .into_iter()
        .filter(|key| key["activity"]["complete"] == false)
        .collect();
    assert!(
        !cut.is_empty(),
        "the demo's pages hold 3 events: a key with more is cut"
    );
    assert!(cut.iter().all(|key| key["activity"]["pages"] == 2));

    // Without expected networks EXP003 never fires; `--key-activity-pages 0` reads no activity.
    let plain = audit(&emulator, &[]);
    assert!(
        !plain["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .any(|finding| finding["rule_id"] == "EXP003")
    );
    let off = audit(
        &emulator,
        &["--config", &config, "--key-activity-pages", "0"],
    );
    assert!(
        off["access_keys"]
            .as_array()
            .expect("keys")
            .iter()
            .all(|key| key["activity"].is_null())
    );
    assert_eq!(off["run"]["options"]["key_activity_pages"], Value::Null);
    assert!(
        !off["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .any(|finding| finding["rule_id"] == "EXP003")
    );
}

/// `explain EXP003` says it never fires without the networks.
#[test]
fn explain_says_exp003_needs_the_expected_networks() {
    let (mut command, _home) = common::command(None);
    let output = command.args(["explain", "EXP003"]).output().expect("runs");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success());
    assert!(
        text.contains("Never fires without `[exposure] expected_networks`"),
        "{text}"
    );
}
