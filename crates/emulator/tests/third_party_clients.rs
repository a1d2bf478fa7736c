//! The standalone emulator answers a third-party client correctly: the original tool's algorithm
//! (`shared/reference/seed_reference.py`, boto3) runs against it unchanged and finds the demo
//! organization's 47 keys and its CloudTrail events; boto3 parses its errors (NoSuchEntity,
//! AccessDenied) as AWS's.
//!
//! Needs the virtualenv that `scripts/test` makes (boto3 comes with moto) and the shared folder
//! beside the repository; it fails, never skips, without them.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn required(path: PathBuf, what: &str) -> PathBuf {
    assert!(
        path.exists(),
        "{what} is missing at {}: run scripts/test",
        path.display()
    );
    path
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_demo(folder: &std::path::Path) -> (Server, String) {
    let port_file = folder.join("port");
    let child = Command::new(env!("CARGO_BIN_EXE_iam-audit-emulator"))
        .args(["--scenario", "demo", "--port", "0", "--port-file"])
        .arg(&port_file)
        .stderr(Stdio::null())
        .spawn()
        .expect("the emulator starts");
    let server = Server(child);
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Ok(port) = std::fs::read_to_string(&port_file)
            && !port.is_empty()
        {
            return (server, format!("http://127.0.0.1:{}", port.trim()));
        }
        assert!(
            Instant::now() < deadline,
            "the emulator did not report its port"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn python() -> PathBuf {
    std::env::var_os("IAM_AUDIT_TEST_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            required(
                workspace_root().join(".venv/bin/python"),
                "the test virtualenv",
            )
        })
}

fn boto3_environment(command: &mut Command, endpoint: &str) {
    command
        .env("AWS_ENDPOINT_URL", endpoint)
        .env("AWS_ACCESS_KEY_ID", "AKIATHIRDPARTYCLIENT")
        .env("AWS_SECRET_ACCESS_KEY", "third-party-secret")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .env("NO_PROXY", "127.0.0.1,localhost")
        .env_remove("AWS_PROFILE");
}

#[test]
fn the_seeds_boto3_algorithm_runs_against_the_standalone_emulator() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let (_server, endpoint) = start_demo(folder.path());
    let shared = std::env::var_os("IAM_AUDIT_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("../shared"));
    let script = required(
        shared.join("reference/seed_reference.py"),
        "the seed reference script",
    );
    let mut command = Command::new(python());
    command
        .arg(script)
        .args(["--role", "AWSControlTowerExecution", "--output-dir"])
        .arg(folder.path().join("out"));
    boto3_environment(&mut command, &endpoint);
    let output = command.output().expect("python runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for line in [
        "Auditando cuenta: Production (123456789012)",
        "Auditando cuenta: Development (234567890123)",
        "Auditando cuenta: Security (345678901234)",
        "Total de Access Keys encontradas: 47",
    ] {
        assert!(
            stdout.lines().any(|printed| printed == line),
            "missing {line:?}:\n{stdout}"
        );
    }
    // The management account has no AWSControlTowerExecution role: boto3 reads the AccessDenied.
    assert!(
        stdout.contains("Error en cuenta Management:") && stdout.contains("AccessDenied"),
        "{stdout}"
    );
    let reports: Vec<PathBuf> = std::fs::read_dir(folder.path().join("out"))
        .expect("reports written")
        .flatten()
        .map(|entry| entry.path())
        .collect();
    let keys = reports
        .iter()
        .find(|path| path.to_string_lossy().contains("iam_audit_report_"))
        .expect("key report");
    let rows = csv::Reader::from_path(keys).expect("csv").records().count();
    assert_eq!(rows, 47);
    let events = reports
        .iter()
        .find(|path| path.to_string_lossy().contains("cloudtrail_events_"))
        .expect("events report");
    let rows = csv::Reader::from_path(events)
        .expect("csv")
        .records()
        .count();
    // The members' lifecycle events within 90 days (the management account's role is missing).
    assert_eq!(rows, 14);
}

#[test]
fn boto3_reads_errors_and_pages_as_it_reads_aws() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let (_server, endpoint) = start_demo(folder.path());
    let script = r#"
import boto3, botocore
iam = boto3.client("iam")
try:
    iam.get_login_profile(UserName="ci-deploy")
    raise SystemExit("expected NoSuchEntity")
except iam.exceptions.NoSuchEntityException:
    pass
names = [u["UserName"] for page in iam.get_paginator("list_users").paginate() for u in page["Users"]]
assert names == ["auditor", "billing", "org-admin"], names
accounts = [a["Id"] for page in boto3.client("organizations").get_paginator("list_accounts").paginate() for a in page["Accounts"]]
assert len(accounts) == 5, accounts
try:
    boto3.client("sts").assume_role(RoleArn="arn:aws:iam::111111111111:role/AWSControlTowerExecution", RoleSessionName="boto3-test")
    raise SystemExit("expected AccessDenied")
except botocore.exceptions.ClientError as error:
    assert error.response["Error"]["Code"] == "AccessDenied", error.response
try:
    boto3.client("cloudtrail").lookup_events(StartTime=2000000000, EndTime=1000000000)
    raise SystemExit("expected InvalidTimeRangeException")
except botocore.exceptions.ClientError as error:
    assert error.response["Error"]["Code"] == "InvalidTimeRangeException", error.response
events = [e["EventName"] for page in boto3.client("cloudtrail").get_paginator("lookup_events").paginate(
    LookupAttributes=[{"AttributeKey": "EventName", "AttributeValue": "CreateUser"}]) for e in page["Events"]]
assert events == ["CreateUser"], events
print("ok")
"#;
    let mut command = Command::new(python());
    command.args(["-c", script]);
    boto3_environment(&mut command, &endpoint);
    let output = command.output().expect("python runs");
    assert!(
        output.status.success() && String::from_utf8_lossy(&output.stdout).trim() == "ok",
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
