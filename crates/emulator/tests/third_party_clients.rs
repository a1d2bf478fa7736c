//! The standalone emulator answers a third-party client correctly: the original tool's algorithm
//! (`shared/reference/seed_reference.py`, boto3) runs against it unchanged and finds the demo
//! organization's 48 keys and its CloudTrail events; boto3 parses its errors (NoSuchEntity,
//! AccessDenied) as AWS's, reads the long-term credentials beyond access keys (SSH keys,
//! signing certificates, service-specific credentials, password policies), and walks
//! GetAccountAuthorizationDetails with its paginator, decoding every policy document itself.
//!
//! Needs the virtualenv that `scripts/test` makes (boto3 comes with moto) and the shared folder
//! beside the repository; it fails, never skips, without them.

mod support;

use std::path::PathBuf;
use std::process::Command;

use support::{boto3_environment, python, required, run_boto3, start, workspace_root};

fn start_demo(folder: &std::path::Path) -> (support::Server, String) {
    start(folder, "demo")
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
        "Total de Access Keys encontradas: 48",
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
    assert_eq!(rows, 48);
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

/// botocore 1.35 predates `AllUsers`: when the installed model lacks it, the script adds the
/// parameter to the request body itself, so the emulator still sees a real boto3 request.
#[test]
fn boto3_reads_the_demos_long_term_credentials_and_password_policies() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let (_server, endpoint) = start_demo(folder.path());
    let script = r#"
import csv, io, datetime
import boto3
from cryptography import x509

iam = boto3.client("iam")
policy = iam.get_account_password_policy()["PasswordPolicy"]
assert policy["MinimumPasswordLength"] == 14 and policy["PasswordReusePrevention"] == 5, policy
assert policy["ExpirePasswords"] is False and "MaxPasswordAge" not in policy, policy
assert iam.get_account_summary()["SummaryMap"]["AccountSigningCertificatesPresent"] == 0

def account(account_id):
    credentials = boto3.client("sts").assume_role(
        RoleArn=f"arn:aws:iam::{account_id}:role/AWSControlTowerExecution", RoleSessionName="boto3")["Credentials"]
    return boto3.Session(aws_access_key_id=credentials["AccessKeyId"], aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"], region_name="us-east-1").client("iam")

production = account("123456789012")
policy = production.get_account_password_policy()["PasswordPolicy"]
assert (policy["MinimumPasswordLength"], policy["PasswordReusePrevention"], policy["MaxPasswordAge"], policy["ExpirePasswords"]) == (14, 24, 90, True), policy
keys = [key for page in production.get_paginator("list_ssh_public_keys").paginate(UserName="bob.dev", PaginationConfig={"PageSize": 1})
        for key in page["SSHPublicKeys"]]
assert [(key["SSHPublicKeyId"], key["Status"]) for key in keys] == [("APKABOBDEVOLDSSHKEY1", "Active")], keys
body = production.get_ssh_public_key(UserName="bob.dev", SSHPublicKeyId="APKABOBDEVOLDSSHKEY1", Encoding="SSH")["SSHPublicKey"]["SSHPublicKeyBody"]
assert body.startswith("ssh-rsa AAAA"), body
certificates = [certificate for page in production.get_paginator("list_signing_certificates").paginate(UserName="legacy-reporting")
                for certificate in page["Certificates"]]
assert [certificate["Status"] for certificate in certificates] == ["Active"], certificates
not_after = x509.load_pem_x509_certificate(certificates[0]["CertificateBody"].encode()).not_valid_after_utc
assert not_after < datetime.datetime.now(datetime.timezone.utc), not_after
codecommit = production.list_service_specific_credentials(UserName="bob.dev")["ServiceSpecificCredentials"]
assert [(c["ServiceName"], c["Status"]) for c in codecommit] == [("codecommit.amazonaws.com", "Active")], codecommit
try:
    production.list_ssh_public_keys(UserName="nobody")
    raise SystemExit("expected NoSuchEntity")
except production.exceptions.NoSuchEntityException:
    pass

development = account("234567890123")
try:
    development.get_account_password_policy()
    raise SystemExit("expected NoSuchEntity")
except development.exceptions.NoSuchEntityException:
    pass
model = development.meta.service_model.operation_model("ListServiceSpecificCredentials")
if "AllUsers" in model.input_shape.members:
    listed = development.list_service_specific_credentials(AllUsers=True)
else:
    def add_all_users(params, **kwargs):
        params["body"]["AllUsers"] = "true"
    development.meta.events.register("before-call.iam.ListServiceSpecificCredentials", add_all_users)
    listed = development.list_service_specific_credentials()
statuses = sorted((c["UserName"], c["ServiceName"], c["Status"]) for c in listed["ServiceSpecificCredentials"])
assert statuses == [
    ("analytics", "cassandra.amazonaws.com", "Active"),
    ("grace.dev", "bedrock.amazonaws.com", "Active"),
    ("heidi.intern", "bedrock.amazonaws.com", "Expired"),
], statuses

security = account("345678901234")
assert security.get_account_summary()["SummaryMap"]["AccountSigningCertificatesPresent"] == 1
security.generate_credential_report()
report = list(csv.DictReader(io.StringIO(security.get_credential_report()["Content"].decode())))
root = report[0]
assert root["user"] == "<root_account>" and root["cert_1_active"] == "true" and root["cert_2_active"] == "false", root
forwarder = next(row for row in report if row["user"] == "siem-forwarder")
assert forwarder["cert_1_active"] == "true" and forwarder["cert_1_last_rotated"] != "N/A", forwarder
print("ok")
"#;
    run_boto3(script, &endpoint);
}

/// boto3's paginator walks GetAccountAuthorizationDetails two entries a page in each account of the
/// demo; botocore percent-decodes and parses every policy document (`policyDocumentType`), so the
/// documents arrive as dictionaries: the demo's grants, its drifted role and its `"*"` policy.
#[test]
fn boto3_pages_through_the_demos_account_authorization_details() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let (_server, endpoint) = start_demo(folder.path());
    let script = r#"
import boto3

def account(account_id):
    if account_id == "111111111111":
        return boto3.client("iam")
    credentials = boto3.client("sts").assume_role(
        RoleArn=f"arn:aws:iam::{account_id}:role/AWSControlTowerExecution", RoleSessionName="boto3")["Credentials"]
    return boto3.Session(aws_access_key_id=credentials["AccessKeyId"], aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"], region_name="us-east-1").client("iam")

def details(account_id):
    merged = {"UserDetailList": [], "GroupDetailList": [], "RoleDetailList": [], "Policies": []}
    pages = 0
    for page in account(account_id).get_paginator("get_account_authorization_details").paginate(PaginationConfig={"PageSize": 2}):
        pages += 1
        for key in merged:
            merged[key].extend(page.get(key, []))
    entries = sum(len(items) for items in merged.values())
    assert pages == (entries + 1) // 2, (pages, entries)
    return merged

def by_name(items, key):
    return {item[key]: item for item in items}

management = details("111111111111")
users = by_name(management["UserDetailList"], "UserName")
assert users["org-admin"]["GroupList"] == ["Administrators"], users["org-admin"]
assert users["billing"]["UserPolicyList"][0]["PolicyDocument"]["Statement"][0]["Action"][0] == "aws-portal:ViewBilling"
assert management["RoleDetailList"] == [], management["RoleDetailList"]

production = details("123456789012")
users = by_name(production["UserDetailList"], "UserName")
assert len(users) == 14
admins = sorted(name for name, user in users.items() if "Admins" in user["GroupList"])
assert admins == ["alice.admin", "carol.ops", "legacy-reporting"], admins
assert [p["PolicyArn"] for p in users["legacy-reporting"]["AttachedManagedPolicies"]] == ["arn:aws:iam::aws:policy/AmazonS3FullAccess"]
escalation = users["ci-deploy"]["UserPolicyList"][0]["PolicyDocument"]
assert escalation["Statement"][1] == {"Sid": "UpdateDeployPolicies", "Effect": "Allow", "Action": "iam:CreatePolicyVersion", "Resource": "*"}, escalation
policies = by_name(production["Policies"], "PolicyName")
assert sorted(policies) == ["AWSCompromisedKeyQuarantineV3", "AWSLambda_FullAccess", "AdministratorAccess", "AmazonS3FullAccess",
                            "EtlPipelineAccess", "PowerUserAccess", "ReadOnlyAccess", "SecurityAudit"], sorted(policies)
administrator = policies["AdministratorAccess"]
assert administrator["AttachmentCount"] == 2 and administrator["DefaultVersionId"] == "v1"
assert administrator["PolicyVersionList"][0]["Document"]["Statement"] == [{"Effect": "Allow", "Action": "*", "Resource": "*"}]
power = policies["PowerUserAccess"]["PolicyVersionList"][0]["Document"]
assert power["Statement"][0]["NotAction"] == ["iam:*", "organizations:*", "account:*"], power
role = production["RoleDetailList"][0]
assert role["RoleName"] == "AWSControlTowerExecution"
assert role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"] == {"AWS": "arn:aws:iam::111111111111:root"}, role
assert [p["PolicyName"] for p in role["AttachedManagedPolicies"]] == ["AdministratorAccess"]

development = details("234567890123")
users = by_name(development["UserDetailList"], "UserName")
assert users["grace.dev"]["PermissionsBoundary"] == {
    "PermissionsBoundaryType": "PermissionsBoundaryPolicy",
    "PermissionsBoundaryArn": "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"}, users["grace.dev"]
legacy = by_name(development["Policies"], "PolicyName")["LegacyFullAccess"]
default = [v for v in legacy["PolicyVersionList"] if v["IsDefaultVersion"]]
assert legacy["DefaultVersionId"] == "v2" and len(legacy["PolicyVersionList"]) == 2
assert default[0]["Document"]["Statement"][0]["Action"] == "*" and default[0]["Document"]["Statement"][0]["Resource"] == "*"
roles = by_name(development["RoleDetailList"], "RoleName")
assert roles["lambda-admin"]["AssumeRolePolicyDocument"]["Statement"][0]["Principal"] == {"Service": "lambda.amazonaws.com"}

security = details("345678901234")
trust = security["RoleDetailList"][0]["AssumeRolePolicyDocument"]
assert trust["Statement"][0]["Principal"]["AWS"] == ["arn:aws:iam::111111111111:root", "arn:aws:iam::999999999999:root"], trust
print("ok")
"#;
    run_boto3(script, &endpoint);
}

/// A fault named after one of the new actions reaches boto3 as AWS's AccessDenied.
#[test]
fn boto3_reads_a_fault_injected_into_a_new_action() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let scenario = folder.path().join("faulty.toml");
    let fixture = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/long-term-credentials.toml"),
    )
    .expect("the fixture");
    std::fs::write(
        &scenario,
        format!(
            "{fixture}\n[[faults]]\naccount = \"111111111111\"\naction = \"ListSSHPublicKeys\"\nkind = \"access_denied\"\n\
             [[faults]]\naccount = \"111111111111\"\naction = \"GetAccountAuthorizationDetails\"\nkind = \"access_denied\"\n"
        ),
    )
    .expect("scenario written");
    let (_server, endpoint) = start(folder.path(), &scenario.to_string_lossy());
    let script = r#"
import boto3, botocore
iam = boto3.client("iam")
try:
    iam.list_ssh_public_keys(UserName="alice")
    raise SystemExit("expected AccessDenied")
except botocore.exceptions.ClientError as error:
    assert error.response["Error"]["Code"] == "AccessDenied", error.response
    assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 403, error.response
assert len(iam.list_signing_certificates(UserName="alice")["Certificates"]) == 2
try:
    iam.get_account_authorization_details()
    raise SystemExit("expected AccessDenied")
except botocore.exceptions.ClientError as error:
    assert error.response["Error"]["Code"] == "AccessDenied", error.response
print("ok")
"#;
    run_boto3(script, &endpoint);
}
